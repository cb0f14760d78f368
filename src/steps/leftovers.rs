//! EAV leftovers, handled before they are written: value rows (and the other tables of
//! eav-document-groups.xml `documents_leftover_values`) whose attribute the EAV step did not
//! write — ignored attributes such as `is_recurring`, or attributes of entity types Magento 2
//! lacks. Magento's tool writes them and deletes them afterwards (PostProcessing step); here
//! they are left out and counted in the row account under their own rule.

use super::{Context, Plan};
use crate::mapping::plan::{Record, RowHandler, RowNotes, TablePlan};
use anyhow::Result;
use std::collections::HashSet;
use std::sync::Arc;

/// The rule the row account names.
pub const RULE: &str = "the attribute is not in Magento 2's eav_attribute (EAV leftover)";

#[derive(Debug)]
struct DropLeftover {
    attr_col: usize,
    keep: Arc<HashSet<u64>>,
}

impl RowHandler for DropLeftover {
    fn apply(&self, rec: &mut Record<'_>, notes: &mut RowNotes) {
        let id = rec.get(self.attr_col).and_then(|b| {
            std::str::from_utf8(&b)
                .ok()
                .and_then(|s| s.trim().parse::<u64>().ok())
        });
        if id.is_some_and(|id| !self.keep.contains(&id)) {
            notes.drop = Some(RULE.to_string());
        }
    }
}

/// Adds the leftover filter to the plans of the tables that need it.
pub fn apply(ctx: &Context, plan: &mut Plan) -> Result<()> {
    let merged = super::eav::merge(ctx)?;
    let Some(attrs) = merged.table("eav_attribute") else {
        return Ok(());
    };
    let Some(ai) = attrs.columns.iter().position(|c| c == "attribute_id") else {
        return Ok(());
    };
    let keep: Arc<HashSet<u64>> = Arc::new(
        attrs
            .rows
            .iter()
            .filter_map(|r| {
                r[ai]
                    .as_deref()
                    .and_then(|b| std::str::from_utf8(b).ok()?.parse().ok())
            })
            .collect(),
    );
    let docs: Vec<String> = ctx
        .rules
        .eav_document_groups
        .names("documents_leftover_values")
        .into_iter()
        .map(|d| ctx.src_table(d))
        .collect();
    for doc in docs {
        let Some((_, TablePlan::Write(w))) = plan.tables.get_mut(&doc) else {
            continue;
        };
        let Some(attr_col) = w.source_columns.iter().position(|c| c == "attribute_id") else {
            continue;
        };
        let Some(w) = Arc::get_mut(w) else { continue };
        w.source_handlers.insert(
            0,
            Box::new(DropLeftover {
                attr_col,
                keep: keep.clone(),
            }),
        );
    }
    Ok(())
}

//! PostProcessing Step. Magento's tool deletes and moves rows inside Magento 2 after
//! everything is written; m1tom2 does the same to the rows on their way, so every row is in
//! the account under the rule that took it:
//! - EAV leftovers (value rows of attributes Magento 2 lacks): see [`super::leftovers`];
//! - attribute-set leftovers: product values of attributes that are not in the product's
//!   attribute set — except the configurable (super) attributes: Magento's tool deletes a
//!   child's color or size when Magento 2's set lacks it, which leaves the configurable
//!   without its options; m1tom2 keeps those values;
//! - products assigned to the root category (category 1);
//! - product multiselect values: moved from `catalog_product_entity_text` to `_varchar`
//!   (`ON DUPLICATE KEY UPDATE`, as Magento's tool moves them);
//! - product `url_path` values (Magento 2 builds product URLs from `url_key`).

use super::{Account, Context, Messages, Piece, Plan, Section, Step};
use crate::dump::write::quote_ident;
use crate::mapping::plan::{Record, RowHandler, RowNotes, Slot, TablePlan, WritePlan};
use anyhow::Result;
use std::collections::HashSet;
use std::sync::Arc;

pub const TITLE: &str = "PostProcessing Step";

pub const RULE_SET_LEFTOVER: &str =
    "the attribute is not in the product's attribute set (attribute-set leftover)";
pub const RULE_ROOT_CATEGORY: &str = "product assigned to the root category (category 1)";
pub const RULE_URL_PATH: &str = "product url_path (Magento 2 builds product URLs from url_key)";
/// The prefix of a rule that moves a row to another table: in the account the row is
/// "dropped" from its own destination under this rule, and written to the other table.
pub const MOVED: &str = "moved to ";

const PRODUCT_VALUES: &[&str] = &["datetime", "decimal", "gallery", "int", "text", "varchar"];

pub struct PostProcessingStep;

fn num(b: &[u8]) -> Option<u64> {
    std::str::from_utf8(b).ok()?.trim().parse().ok()
}

/// Drops product values by attribute and attribute set; sends multiselect text values to
/// `_varchar`.
#[derive(Debug)]
struct ProductValues {
    attr_col: usize,
    entity_col: usize,
    /// Product → attribute set.
    sets: Arc<crate::pipeline::index::Lookup>,
    /// (attribute set, attribute) pairs of Magento 2's eav_entity_attribute.
    in_set: Arc<HashSet<(u64, u64)>>,
    /// Attributes dropped outright (url_path in _varchar).
    drop: Arc<HashSet<u64>>,
    /// Attributes kept whatever the set: the configurable (super) attributes, whose values
    /// the children need in Magento 2 even where the set lacks them.
    keep: Arc<HashSet<u64>>,
    /// Attributes moved (multiselects in _text), with the rule.
    moved: Option<(Arc<HashSet<u64>>, String)>,
}

impl RowHandler for ProductValues {
    fn apply(&self, rec: &mut Record<'_>, notes: &mut RowNotes) {
        let Some(attr) = rec.get(self.attr_col).and_then(|b| num(&b)) else {
            return;
        };
        if self.drop.contains(&attr) {
            notes.drop = Some(RULE_URL_PATH.into());
            return;
        }
        if !self.keep.contains(&attr)
            && let Some(set) = rec
                .get(self.entity_col)
                .and_then(|b| num(&b))
                .and_then(|e| self.sets.get_int(e))
            && !self.in_set.contains(&(set, attr))
        {
            notes.drop = Some(RULE_SET_LEFTOVER.into());
            return;
        }
        if let Some((moved, rule)) = &self.moved
            && moved.contains(&attr)
        {
            notes.drop = Some(rule.clone());
        }
    }
}

/// Keeps only the rows of the given attributes (the multiselect values for `_varchar`).
#[derive(Debug)]
struct OnlyAttributes {
    attr_col: usize,
    keep: Arc<HashSet<u64>>,
}

impl RowHandler for OnlyAttributes {
    fn apply(&self, rec: &mut Record<'_>, notes: &mut RowNotes) {
        let keep = rec
            .get(self.attr_col)
            .and_then(|b| num(&b))
            .is_some_and(|a| self.keep.contains(&a));
        if !keep {
            notes.drop = Some("not a multiselect value".into());
        }
    }
}

#[derive(Debug)]
struct NotRootCategory {
    col: usize,
}

impl RowHandler for NotRootCategory {
    fn apply(&self, rec: &mut Record<'_>, notes: &mut RowNotes) {
        if rec.get(self.col).and_then(|b| num(&b)) == Some(1) {
            notes.drop = Some(RULE_ROOT_CATEGORY.into());
        }
    }
}

/// Product attribute ids of Magento 1 by a predicate on (code, frontend_input).
fn product_attributes(ctx: &Context, pick: impl Fn(&str, &str) -> bool) -> HashSet<u64> {
    let types = ctx.src_rows("eav_entity_type");
    let Some(product_type) = types
        .iter()
        .find(|r| types.get(r, "entity_type_code") == Some(b"catalog_product"))
        .and_then(|r| types.int(r, "entity_type_id"))
    else {
        return HashSet::new();
    };
    let attrs = ctx.src_rows("eav_attribute");
    attrs
        .iter()
        .filter(|r| attrs.int(r, "entity_type_id") == Some(product_type))
        .filter(|r| {
            pick(
                &attrs.text(r, "attribute_code").unwrap_or_default(),
                &attrs.text(r, "frontend_input").unwrap_or_default(),
            )
        })
        .filter_map(|r| attrs.int(r, "attribute_id").map(|i| i as u64))
        .collect()
}

impl Step for PostProcessingStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn dims(&self) -> Vec<&'static str> {
        vec!["catalog_product_super_attribute"]
    }

    fn lookups(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        vec![("catalog_product_entity", "entity_id", "attribute_set_id")]
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, _msgs: &mut Messages) -> Result<()> {
        // Products in the root category.
        if let Some((_, TablePlan::Write(w))) = plan
            .tables
            .get_mut(&ctx.src_table("catalog_category_product"))
            && let Some(col) = w.source_columns.iter().position(|c| c == "category_id")
            && let Some(w) = Arc::get_mut(w)
        {
            w.source_handlers.push(Box::new(NotRootCategory { col }));
        }

        // Product values.
        let sets: Arc<crate::pipeline::index::Lookup> = ctx
            .lookup("catalog_product_entity", "entity_id", "attribute_set_id")
            .cloned()
            .unwrap_or_default();
        let merged = super::eav::merge(ctx)?;
        let in_set: Arc<HashSet<(u64, u64)>> = Arc::new(
            merged
                .table("eav_entity_attribute")
                .map(|t| {
                    let s = t.columns.iter().position(|c| c == "attribute_set_id");
                    let a = t.columns.iter().position(|c| c == "attribute_id");
                    t.rows
                        .iter()
                        .filter_map(|r| Some((num(r[s?].as_deref()?)?, num(r[a?].as_deref()?)?)))
                        .collect()
                })
                .unwrap_or_default(),
        );
        let supers = ctx.src_rows("catalog_product_super_attribute");
        let keep: Arc<HashSet<u64>> = Arc::new(
            supers
                .iter()
                .filter_map(|r| supers.int(r, "attribute_id").map(|i| i as u64))
                .collect(),
        );
        let url_path = Arc::new(product_attributes(ctx, |code, _| code == "url_path"));
        let multiselect = Arc::new(product_attributes(ctx, |_, input| input == "multiselect"));
        let varchar_name = ctx.dst_table("catalog_product_entity_varchar");
        let mut staged: Option<(Section, Section)> = None;
        for t in PRODUCT_VALUES {
            let src_name = ctx.src_table(&format!("catalog_product_entity_{t}"));
            let Some((_, TablePlan::Write(w))) = plan.tables.get_mut(&src_name) else {
                continue;
            };
            let (Some(attr_col), Some(entity_col)) = (
                w.source_columns.iter().position(|c| c == "attribute_id"),
                w.source_columns.iter().position(|c| c == "entity_id"),
            ) else {
                continue;
            };
            let mut moved = None;
            let mut also = None;
            if *t == "text"
                && !multiselect.is_empty()
                && let Some(dst) = ctx.dst.catalog.get(&varchar_name)
            {
                // Every column of the _text row but its value_id, into _varchar.
                let mut columns = Vec::new();
                let mut slots = Vec::new();
                let mut checks = Vec::new();
                for (c, s) in w.columns.iter().zip(&w.slots) {
                    if c == "value_id" {
                        continue;
                    }
                    let (Slot::Source(i), Some(d)) = (s, dst.column(c)) else {
                        continue;
                    };
                    columns.push(c.clone());
                    slots.push(Slot::Source(*i));
                    let src_col = ctx
                        .src
                        .catalog
                        .get(&src_name)
                        .and_then(|st| st.columns.get(*i));
                    checks.push(super::map::column_check(src_col, d));
                }
                if let Some(src) = ctx.src.catalog.get(&src_name) {
                    stage_moves(plan_sections(&mut staged), &varchar_name, &columns);
                    let mut p = WritePlan::simple(src, STAGE, columns, slots, Vec::new());
                    p.checks = checks;
                    p.source_handlers.push(Box::new(ProductValues {
                        attr_col,
                        entity_col,
                        sets: sets.clone(),
                        in_set: in_set.clone(),
                        drop: Arc::new(HashSet::new()),
                        keep: keep.clone(),
                        moved: None,
                    }));
                    p.source_handlers.push(Box::new(OnlyAttributes {
                        attr_col,
                        keep: multiselect.clone(),
                    }));
                    also = Some(Arc::new(p));
                    moved = Some((
                        multiselect.clone(),
                        format!("{MOVED}{varchar_name} (product multiselect value)"),
                    ));
                }
            }
            let drop = if *t == "varchar" {
                url_path.clone()
            } else {
                Arc::new(HashSet::new())
            };
            let Some(w) = Arc::get_mut(w) else { continue };
            w.source_handlers.push(Box::new(ProductValues {
                attr_col,
                entity_col,
                sets: sets.clone(),
                in_set: in_set.clone(),
                drop,
                keep: keep.clone(),
                moved,
            }));
            if let Some(a) = also {
                w.also.push(a);
            }
        }
        if let Some((before, after)) = staged {
            plan.before.push(before);
            plan.after.push(after);
        }
        Ok(())
    }

    fn at_load(&self, ctx: &Context, _plan: &Plan, account: &Account) -> Vec<(String, u64)> {
        let staged = account
            .tables
            .get(&ctx.src_table("catalog_product_entity_text"))
            .and_then(|a| a.written.get(STAGE))
            .copied()
            .unwrap_or(0);
        if staged == 0 {
            return Vec::new();
        }
        vec![(ctx.dst_table("catalog_product_entity_varchar"), staged)]
    }
}

/// The table the multiselect values are staged in: written while `_varchar` is still
/// being written, moved into it at the end (new value ids after the migrated ones).
pub const STAGE: &str = "m1tom2_multiselect_values";

fn plan_sections(staged: &mut Option<(Section, Section)>) -> &mut (Section, Section) {
    staged.get_or_insert_with(|| {
        let s = |name: &str| Section {
            step: TITLE.into(),
            name: name.into(),
            ..Default::default()
        };
        (
            s("staging table for product multiselect values"),
            s("product multiselect values moved to catalog_product_entity_varchar"),
        )
    })
}

/// Creates the staging table before the rows, and moves its rows at the end.
fn stage_moves(sections: &mut (Section, Section), varchar: &str, columns: &[String]) {
    let stage = quote_ident(STAGE);
    let defs: Vec<String> = columns
        .iter()
        .map(|c| {
            let ty = if c == "value" { "text" } else { "int unsigned" };
            format!("{} {ty}", quote_ident(c))
        })
        .collect();
    sections.0.pieces.push(Piece::Sql(
        format!("DROP TABLE IF EXISTS {stage}").into_bytes(),
    ));
    sections.0.pieces.push(Piece::Sql(
        format!(
            "CREATE TABLE {stage} (`m1tom2_seq` int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, {}) DEFAULT CHARSET=utf8mb4",
            defs.join(", ")
        )
        .into_bytes(),
    ));
    let cols: Vec<String> = columns.iter().map(|c| quote_ident(c)).collect();
    let update: Vec<String> = cols.iter().map(|c| format!("{c}=VALUES({c})")).collect();
    sections.1.pieces.push(Piece::Sql(
        format!(
            "INSERT INTO {} ({}) SELECT {} FROM {stage} ORDER BY `m1tom2_seq` ON DUPLICATE KEY UPDATE {}",
            quote_ident(varchar),
            cols.join(","),
            cols.join(","),
            update.join(",")
        )
        .into_bytes(),
    ));
    sections
        .1
        .pieces
        .push(Piece::Sql(format!("DROP TABLE {stage}").into_bytes()));
}

//! Map Step: every Magento 1 table no other step handles, through map.xml: ignored tables and
//! columns dropped, renamed tables and moved columns written under their Magento 2 names,
//! handlers applied, destination tables emptied and reloaded (`ON DUPLICATE KEY UPDATE` for
//! the tables of map-document-groups).
//!
//! Integrity messages are Magento's: "Source documents are not mapped", "Destination
//! documents are not mapped", "Source/Destination fields are not mapped", "Mismatch of data
//! types" (always a warning).

use super::{Account, Context, Level, Messages, Plan, Stage, Step};
use crate::dump::lex::Verb;
use crate::mapping::plan::{ColumnCheck, Slot, TablePlan, WritePlan};
use crate::mapping::wiring;
use crate::schema::{Column, Table};
use anyhow::Result;
use std::collections::BTreeSet;
use std::sync::Arc;

pub struct MapStep;

pub const TITLE: &str = "Map Step";

/// What the Map step decides for one source table.
struct Decision {
    plan: TablePlan,
    unmapped_source_fields: Vec<String>,
    unmapped_dest_fields: Vec<String>,
    type_mismatches: Vec<String>,
}

/// Whether a value of column `src` always fits column `dst`, and the check if not.
pub fn column_check(src: Option<&Column>, dst: &Column) -> Option<ColumnCheck> {
    let limited = matches!(dst.data_type.as_str(), "varchar" | "char" | "varbinary" | "binary");
    let max_len = if limited { dst.length } else { None };
    let fits_len = match (src, max_len) {
        (_, None) => true,
        (Some(s), Some(m)) => {
            s.data_type == dst.data_type && s.length.is_some_and(|l| l <= m)
                || (matches!(s.data_type.as_str(), "int" | "smallint" | "tinyint" | "mediumint") && m >= 11)
                || (s.data_type == "bigint" && m >= 20)
        }
        (None, Some(_)) => false,
    };
    let needs_value = !dst.nullable && dst.default.is_none() && !dst.auto_increment;
    let fits_null = !needs_value || src.is_some_and(|s| !s.nullable);
    if fits_len && fits_null {
        return None;
    }
    Some(ColumnCheck {
        max_len: if fits_len { None } else { max_len },
        chars: !dst.is_binary(),
        not_null: !fits_null,
    })
}

/// The base type as Magento's tool compares it (`DATA_TYPE` of DESCRIBE).
fn same_type(a: &Column, b: &Column) -> bool {
    a.data_type == b.data_type
}

impl MapStep {
    fn decide(ctx: &Context, src: &Table, doc: &str, dst: &Table, dest_doc: &str) -> Result<Decision> {
        let map = &ctx.rules.map;
        let mut slots = Vec::new();
        let mut columns = Vec::new();
        let mut checks = Vec::new();
        let mut unmapped_source_fields = Vec::new();
        let mut type_mismatches = Vec::new();
        let mut filled = BTreeSet::new();
        for (i, c) in src.columns.iter().enumerate() {
            if map.source_field_ignored(doc, &c.name) {
                continue;
            }
            let target = map.moved_field(doc, &c.name).unwrap_or_else(|| c.name.clone());
            match dst.column(&target) {
                Some(d) if !map.dest_field_ignored(dest_doc, &d.name) => {
                    if !same_type(c, d) && !map.source_datatype_ignored(doc, &c.name) && !map.dest_datatype_ignored(dest_doc, &d.name) {
                        type_mismatches.push(c.name.clone());
                    }
                    checks.push(column_check(Some(c), d));
                    slots.push(Slot::Source(i));
                    columns.push(d.name.clone());
                    filled.insert(d.name.to_ascii_lowercase());
                }
                _ => unmapped_source_fields.push(c.name.clone()),
            }
        }
        // Destination handlers may fill destination-only columns.
        let dest_specs = map.dest_handlers(dest_doc);
        for (field, _) in &dest_specs {
            if let Some(d) = dst.column(field) {
                if filled.insert(d.name.to_ascii_lowercase()) {
                    slots.push(Slot::Extra);
                    columns.push(d.name.clone());
                    checks.push(column_check(None, d).map(|mut c| {
                        c.not_null = false; // the handler sets it
                        c
                    }));
                }
            }
        }
        let mut unmapped_dest_fields = Vec::new();
        for d in &dst.columns {
            if !filled.contains(&d.name.to_ascii_lowercase()) && !map.dest_field_ignored(dest_doc, &d.name) {
                unmapped_dest_fields.push(d.name.clone());
            }
        }
        let source_columns: Vec<String> = src.columns.iter().map(|c| c.name.clone()).collect();
        let mut source_handlers = Vec::new();
        for (field, spec) in map.source_handlers(doc) {
            let Some(i) = src.column_index(&field) else {
                anyhow::bail!("map.xml: handler {} on {doc}.{field}, but {doc} has no column {field}", spec.class);
            };
            source_handlers.push(wiring::build(ctx, &spec, doc, &source_columns, i)?);
        }
        let mut dest_handlers = Vec::new();
        for (field, spec) in dest_specs {
            let Some(i) = columns.iter().position(|c| c.eq_ignore_ascii_case(&field)) else {
                anyhow::bail!("map.xml: handler {} on {dest_doc}.{field}, but {dest_doc} has no column {field}", spec.class);
            };
            dest_handlers.push(wiring::build(ctx, &spec, dest_doc, &columns, i)?);
        }
        let on_duplicate = ctx
            .rules
            .map_document_groups
            .group("destination_documents_update_on_duplicate")
            .iter()
            .any(|item| item.name == dest_doc);
        let key = dst
            .primary_key
            .iter()
            .filter_map(|k| columns.iter().position(|c| c.eq_ignore_ascii_case(k)))
            .collect();
        let plan = WritePlan {
            source: src.name.clone(),
            dest: dst.name.clone(),
            verb: Verb::Insert,
            on_duplicate,
            source_columns,
            columns,
            slots,
            source_handlers,
            dest_handlers,
            checks,
            key,
        };
        Ok(Decision {
            plan: TablePlan::Write(Arc::new(plan)),
            unmapped_source_fields,
            unmapped_dest_fields,
            type_mismatches,
        })
    }
}

impl Step for MapStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, msgs: &mut Messages) -> Result<()> {
        let map = &ctx.rules.map;
        let mut not_mapped_sources = Vec::new();
        let mut mapped_dests = BTreeSet::new();
        for (name, table) in &ctx.src.catalog.tables {
            if plan.claimed(name) {
                continue;
            }
            let Some(doc) = name.strip_prefix(&ctx.src_prefix) else {
                plan.claim(TITLE, name, TablePlan::Drop {
                    rule: format!("the table lacks the source prefix `{}`", ctx.src_prefix),
                });
                continue;
            };
            if map.source_ignored(doc) {
                plan.claim(TITLE, name, TablePlan::Drop {
                    rule: "map.xml ignores the source document".into(),
                });
                continue;
            }
            let dest_doc = map.dest_document(doc).unwrap_or_else(|| doc.to_string());
            let dest_name = ctx.dst_table(&dest_doc);
            let Some(dst) = ctx.dst.catalog.get(&dest_name) else {
                not_mapped_sources.push(doc.to_string());
                plan.claim(TITLE, name, TablePlan::Drop {
                    rule: "no Magento 2 table to map it to".into(),
                });
                continue;
            };
            mapped_dests.insert(dest_doc.clone());
            let d = Self::decide(ctx, table, doc, dst, &dest_doc)?;
            if !d.unmapped_source_fields.is_empty() {
                msgs.push(
                    ctx.problem(),
                    TITLE,
                    Stage::Integrity,
                    format!("Source fields are not mapped. Document: {doc}. Fields: {}", d.unmapped_source_fields.join(",")),
                );
            }
            if !d.unmapped_dest_fields.is_empty() {
                msgs.push(
                    ctx.problem(),
                    TITLE,
                    Stage::Integrity,
                    format!("Destination fields are not mapped. Document: {dest_doc}. Fields: {}", d.unmapped_dest_fields.join(",")),
                );
            }
            if !d.type_mismatches.is_empty() {
                msgs.push(
                    Level::Warning,
                    TITLE,
                    Stage::Integrity,
                    format!("Mismatch of data types. Source document: {doc}. Fields: {}", d.type_mismatches.join(",")),
                );
            }
            plan.clear.insert(dest_name);
            plan.claim(TITLE, name, d.plan);
        }
        if !not_mapped_sources.is_empty() {
            msgs.push(
                ctx.problem(),
                TITLE,
                Stage::Integrity,
                format!("Source documents are not mapped: {}", not_mapped_sources.join(",")),
            );
        }
        // Destination tables that nothing fills and map.xml does not ignore.
        let mut not_mapped_dests = Vec::new();
        for name in ctx.dst.catalog.tables.keys() {
            let Some(doc) = name.strip_prefix(&ctx.dst_prefix) else { continue };
            if mapped_dests.contains(doc) || map.dest_ignored(doc) || plan.clear.contains(name) {
                continue;
            }
            let src_doc = map.source_document(doc).unwrap_or_else(|| doc.to_string());
            let src_name = ctx.src_table(&src_doc);
            if ctx.src.catalog.get(&src_name).is_some() && plan.claimed(&src_name) {
                continue;
            }
            not_mapped_dests.push(doc.to_string());
        }
        if !not_mapped_dests.is_empty() {
            msgs.push(
                ctx.problem(),
                TITLE,
                Stage::Integrity,
                format!("Destination documents are not mapped: {}", not_mapped_dests.join(",")),
            );
        }
        Ok(())
    }

    fn volume(&self, _ctx: &Context, plan: &Plan, account: &Account, msgs: &mut Messages) {
        for (source, (step, p)) in &plan.tables {
            if step != TITLE {
                continue;
            }
            let TablePlan::Write(w) = p else { continue };
            if w.on_duplicate {
                continue;
            }
            let Some(acc) = account.tables.get(source) else { continue };
            let written = acc.written.get(&w.dest).copied().unwrap_or(0);
            let dropped: u64 = acc.dropped.values().sum();
            if acc.read != written + dropped {
                msgs.push(
                    Level::Error,
                    TITLE,
                    Stage::Volume,
                    format!(
                        "Mismatch of entities in the document: {} Source: {} Destination: {}",
                        w.dest, acc.read, written
                    ),
                );
            }
        }
    }
}

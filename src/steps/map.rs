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
use crate::mapping::plan::{ColumnCheck, OnDuplicate, Slot, TablePlan, WritePlan};
use crate::mapping::wiring;
use crate::schema::{Column, Table};
use anyhow::Result;
use std::collections::BTreeSet;
use std::sync::Arc;

pub struct MapStep;

/// Magento 2 tables that steps after the Map step fill (their maps leave them out of
/// map.xml's reach, but a wildcard such as `inventory_stock*` does not cover the table of
/// that very name).
const LATER_STEPS: &[&str] = &["inventory_stock"];

pub const TITLE: &str = "Map Step";

/// What a map file decides for one source table.
pub struct Decision {
    pub plan: TablePlan,
    pub unmapped_source_fields: Vec<String>,
    pub unmapped_dest_fields: Vec<String>,
    pub type_mismatches: Vec<String>,
}

/// Whether a value of column `src` always fits column `dst`, and the check if not.
pub fn column_check(src: Option<&Column>, dst: &Column) -> Option<ColumnCheck> {
    let limited = matches!(
        dst.data_type.as_str(),
        "varchar" | "char" | "varbinary" | "binary"
    );
    let max_len = if limited { dst.length } else { None };
    let fits_len = match (src, max_len) {
        (_, None) => true,
        (Some(s), Some(m)) => {
            s.data_type == dst.data_type && s.length.is_some_and(|l| l <= m)
                || (matches!(
                    s.data_type.as_str(),
                    "int" | "smallint" | "tinyint" | "mediumint"
                ) && m >= 11)
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

/// The value MySQL gives a NOT NULL column without a default outside strict mode.
pub fn implicit_default(c: &Column) -> String {
    match c.data_type.as_str() {
        "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint" | "decimal"
        | "float" | "double" | "bit" => "0".into(),
        "date" => "1970-01-01".into(),
        "datetime" | "timestamp" => "1970-01-01 00:00:01".into(),
        "time" => "00:00:00".into(),
        "year" => "1970".into(),
        "enum" => c.values.first().cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

/// Sets a column to a constant.
#[derive(Debug)]
pub struct Constant {
    pub col: usize,
    pub value: Vec<u8>,
}

impl crate::mapping::plan::RowHandler for Constant {
    fn apply(
        &self,
        rec: &mut crate::mapping::plan::Record<'_>,
        _notes: &mut crate::mapping::plan::RowNotes,
    ) {
        rec.set(self.col, Some(self.value.clone()));
    }
}

/// The base type as Magento's tool compares it (`DATA_TYPE` of DESCRIBE).
fn same_type(a: &Column, b: &Column) -> bool {
    a.data_type == b.data_type
}

/// Plans how rows of `src` (document `doc`) become rows of `dst` (document `dest_doc`)
/// under the map file `map`. Handlers whose short class name is in `skip` are left to the
/// caller (steps that need whole-table context for them).
pub fn decide(
    ctx: &Context,
    map: &crate::mapping::map::MapRules,
    src: &Table,
    doc: &str,
    dst: &Table,
    dest_doc: &str,
    skip: &[&str],
) -> Result<Decision> {
    {
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
            let target = map
                .moved_field(doc, &c.name)
                .unwrap_or_else(|| c.name.clone());
            match dst.column(&target) {
                Some(d) if !map.dest_field_ignored(dest_doc, &d.name) => {
                    if !same_type(c, d)
                        && !map.source_datatype_ignored(doc, &c.name)
                        && !map.dest_datatype_ignored(dest_doc, &d.name)
                    {
                        type_mismatches.push(c.name.clone());
                    }
                    checks.push(column_check(Some(c), d));
                    slots.push(Slot::Source(i));
                    columns.push(d.name.clone());
                    filled.insert(d.name.to_ascii_lowercase());
                }
                // A destination column that exists but is ignored there is not written.
                Some(_) => {}
                None => unmapped_source_fields.push(c.name.clone()),
            }
        }
        // Destination handlers may fill destination-only columns.
        let dst_cols: Vec<&str> = dst.columns.iter().map(|c| c.name.as_str()).collect();
        let dest_specs: Vec<_> = map
            .handlers_for_columns(crate::mapping::map::Side::Destination, dest_doc, &dst_cols)
            .into_iter()
            .filter(|(_, h)| !skip.contains(&wiring::short_class(&h.class)))
            .collect();
        for (field, _) in &dest_specs {
            let Some(d) = dst.column(field) else { continue };
            if filled.insert(d.name.to_ascii_lowercase()) {
                slots.push(Slot::Extra);
                columns.push(d.name.clone());
                checks.push(column_check(None, d).map(|mut c| {
                    c.not_null = false; // the handler sets it
                    c
                }));
            }
        }
        // NOT NULL columns without a default that nothing fills get the implicit default MySQL
        // itself would give outside strict mode (0, '', the first enum value), so that the
        // output loads under strict mode; the report says so.
        let mut implicit = Vec::new();
        for d in &dst.columns {
            if filled.contains(&d.name.to_ascii_lowercase())
                || d.nullable
                || d.default.is_some()
                || d.auto_increment
            {
                continue;
            }
            let v = implicit_default(d);
            slots.push(Slot::Extra);
            columns.push(d.name.clone());
            checks.push(None);
            implicit.push((columns.len() - 1, v));
        }
        let mut unmapped_dest_fields = Vec::new();
        for d in &dst.columns {
            if filled.contains(&d.name.to_ascii_lowercase())
                || map.dest_field_ignored(dest_doc, &d.name)
            {
                continue;
            }
            // As Magento checks: the source table has no column this one maps back to
            // (a source column that map.xml ignores still counts as present).
            let back = map
                .source_field(dest_doc, &d.name)
                .ok()
                .flatten()
                .unwrap_or_else(|| d.name.clone());
            if src.column(&back).is_none() {
                unmapped_dest_fields.push(d.name.clone());
            }
        }
        let source_columns: Vec<String> = src.columns.iter().map(|c| c.name.clone()).collect();
        let mut source_handlers = Vec::new();
        let mut also = Vec::new();
        let src_cols: Vec<&str> = src.columns.iter().map(|c| c.name.as_str()).collect();
        for (field, spec) in map
            .handlers_for_columns(crate::mapping::map::Side::Source, doc, &src_cols)
            .into_iter()
            .filter(|(_, h)| !skip.contains(&wiring::short_class(&h.class)))
        {
            let Some(i) = src.column_index(&field) else {
                anyhow::bail!(
                    "map.xml: handler {} on {doc}.{field}, but {doc} has no column {field}",
                    spec.class
                );
            };
            match wiring::short_class(&spec.class) {
                // Handlers that write rows of another table: plans of their own.
                "Gallery\\InsertValueToEntity" => also.extend(side::gallery_links(ctx, src)?),
                "Synonym" => also.extend(side::synonyms(ctx, src, i)?),
                "Rule\\NormalizationIds" => also.extend(side::normalized_ids(ctx, src, i, &spec)?),
                _ => source_handlers.push(wiring::build(ctx, &spec, doc, &source_columns, i)?),
            }
        }
        let mut dest_handlers: Vec<Box<dyn crate::mapping::plan::RowHandler>> = Vec::new();
        for (col, v) in &implicit {
            dest_handlers.push(Box::new(Constant {
                col: *col,
                value: v.clone().into_bytes(),
            }));
        }
        for (field, spec) in dest_specs {
            let Some(i) = columns.iter().position(|c| c.eq_ignore_ascii_case(&field)) else {
                anyhow::bail!(
                    "map.xml: handler {} on {dest_doc}.{field}, but {dest_doc} has no column {field}",
                    spec.class
                );
            };
            dest_handlers.push(wiring::build(ctx, &spec, dest_doc, &columns, i)?);
        }
        let on_duplicate = std::ptr::eq(map, &ctx.rules.map)
            && ctx
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
            on_duplicate: if on_duplicate {
                OnDuplicate::Update
            } else {
                OnDuplicate::Fail
            },
            source_columns,
            columns,
            slots,
            source_handlers,
            dest_handlers,
            checks,
            key,
            also,
            explode: None,
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

    fn dims(&self) -> Vec<&'static str> {
        wiring::DIMS.to_vec()
    }

    fn lookups(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        wiring::LOOKUPS.to_vec()
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
                plan.claim(
                    TITLE,
                    name,
                    TablePlan::Drop {
                        rule: format!("the table lacks the source prefix `{}`", ctx.src_prefix),
                    },
                );
                continue;
            };
            if !ctx.opts.selection.takes_table(doc, TITLE) {
                plan.claim(
                    TITLE,
                    name,
                    TablePlan::Drop {
                        rule: super::select::RULE.into(),
                    },
                );
                continue;
            }
            if map.source_ignored(doc) {
                plan.claim(
                    TITLE,
                    name,
                    TablePlan::Drop {
                        rule: "map.xml ignores the source document".into(),
                    },
                );
                continue;
            }
            let dest_doc = map.dest_document(doc).unwrap_or_else(|| doc.to_string());
            let dest_name = ctx.dst_table(&dest_doc);
            let Some(dst) = ctx.dst.catalog.get(&dest_name) else {
                not_mapped_sources.push(doc.to_string());
                plan.claim(
                    TITLE,
                    name,
                    TablePlan::Drop {
                        rule: "no Magento 2 table to map it to".into(),
                    },
                );
                continue;
            };
            mapped_dests.insert(dest_doc.clone());
            let d = decide(ctx, map, table, doc, dst, &dest_doc, &[])?;
            if !d.unmapped_source_fields.is_empty() {
                msgs.push(
                    ctx.problem(),
                    TITLE,
                    Stage::Integrity,
                    format!(
                        "Source fields are not mapped. Document: {doc}. Fields: {}",
                        d.unmapped_source_fields.join(",")
                    ),
                );
            }
            if !d.unmapped_dest_fields.is_empty() {
                msgs.push(
                    ctx.problem(),
                    TITLE,
                    Stage::Integrity,
                    format!(
                        "Destination fields are not mapped. Document: {dest_doc}. Fields: {}",
                        d.unmapped_dest_fields.join(",")
                    ),
                );
            }
            if !d.type_mismatches.is_empty() {
                msgs.push(
                    Level::Warning,
                    TITLE,
                    Stage::Integrity,
                    format!(
                        "Mismatch of data types. Source document: {doc}. Fields: {}",
                        d.type_mismatches.join(",")
                    ),
                );
            }
            plan.clear.insert(dest_name);
            if let TablePlan::Write(w) = &d.plan {
                for a in &w.also {
                    plan.clear.insert(a.dest.clone());
                    if let Some(doc) = a.dest.strip_prefix(&ctx.dst_prefix) {
                        mapped_dests.insert(doc.to_string());
                    }
                }
            }
            plan.claim(TITLE, name, d.plan);
        }
        if !not_mapped_sources.is_empty() {
            msgs.push(
                ctx.problem(),
                TITLE,
                Stage::Integrity,
                format!(
                    "Source documents are not mapped: {}",
                    not_mapped_sources.join(",")
                ),
            );
        }
        // Destination tables that nothing fills and map.xml does not ignore.
        let mut not_mapped_dests = Vec::new();
        for name in ctx.dst.catalog.tables.keys() {
            let Some(doc) = name.strip_prefix(&ctx.dst_prefix) else {
                continue;
            };
            if mapped_dests.contains(doc)
                || !ctx.opts.selection.takes_table(
                    &map.source_document(doc).unwrap_or_else(|| doc.to_string()),
                    TITLE,
                )
                || map.dest_ignored(doc)
                || plan.clear.contains(name)
                || LATER_STEPS.contains(&doc)
            {
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
                format!(
                    "Destination documents are not mapped: {}",
                    not_mapped_dests.join(",")
                ),
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
            if w.on_duplicate != OnDuplicate::Fail {
                continue;
            }
            let Some(acc) = account.tables.get(source) else {
                continue;
            };
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

/// Plans for the handlers that write rows of another table than their own.
mod side {
    use super::Context;
    use crate::mapping::plan::{Cell, Record, RowHandler, RowNotes, Slot, WritePlan};
    use crate::schema::Table;
    use anyhow::{Result, bail};
    use std::collections::HashMap;
    use std::sync::Arc;

    fn plan(
        source: &Table,
        dest: &str,
        columns: Vec<String>,
        slots: Vec<Slot>,
        handlers: Vec<Box<dyn RowHandler>>,
    ) -> WritePlan {
        WritePlan::simple(source, dest, columns, slots, handlers)
    }

    /// Gallery\InsertValueToEntity: each Magento 1 gallery row also links its value to its
    /// product in catalog_product_entity_media_gallery_value_to_entity.
    pub fn gallery_links(ctx: &Context, src: &Table) -> Result<Vec<Arc<WritePlan>>> {
        let dest = ctx.dst_table("catalog_product_entity_media_gallery_value_to_entity");
        if ctx.dst.catalog.get(&dest).is_none() {
            return Ok(Vec::new());
        }
        let (Some(v), Some(e)) = (src.column_index("value_id"), src.column_index("entity_id"))
        else {
            bail!(
                "Gallery\\InsertValueToEntity needs value_id and entity_id in {}",
                src.name
            );
        };
        Ok(vec![Arc::new(plan(
            src,
            &dest,
            vec!["value_id".into(), "entity_id".into()],
            vec![Slot::Source(v), Slot::Source(e)],
            Vec::new(),
        ))])
    }

    /// Synonym: `synonym_for` + `"query_text",` for the store and its website, as Magento's
    /// handler writes them into search_synonyms; rows without a synonym write nothing.
    #[derive(Debug)]
    struct Synonyms {
        query_text: usize,
        websites: HashMap<Vec<u8>, Vec<u8>>,
    }

    impl RowHandler for Synonyms {
        fn apply(&self, rec: &mut Record<'_>, notes: &mut RowNotes) {
            let syn = rec.get(0).map(|c| c.into_owned()).unwrap_or_default();
            if syn.is_empty() || syn == b"0" {
                notes.drop = Some("no synonym".into());
                return;
            }
            let mut s = syn;
            s.push(b'"');
            s.extend_from_slice(
                &rec.get(self.query_text)
                    .map(|c| c.into_owned())
                    .unwrap_or_default(),
            );
            s.extend_from_slice(b"\",");
            let store = rec.get(1).map(|c| c.into_owned()).unwrap_or_default();
            let website = self.websites.get(&store).cloned();
            rec.cells[0] = Cell::Set(Some(s));
            rec.cells[2] = Cell::Set(website);
            rec.cells.truncate(3);
        }
    }

    /// Rule\\NormalizationIds: a comma list of ids (`customer_group_ids`) becomes rows of a
    /// link table (`catalogrule_customer_group`: rule_id, customer_group_id).
    pub fn normalized_ids(
        ctx: &Context,
        src: &Table,
        field: usize,
        spec: &crate::mapping::map::HandlerSpec,
    ) -> Result<Vec<Arc<WritePlan>>> {
        let (Some(doc), Some(col)) = (
            spec.param("normalizationDocument"),
            spec.param("normalizationField"),
        ) else {
            bail!("Rule\\NormalizationIds needs normalizationDocument and normalizationField");
        };
        let dest = ctx.dst_table(doc);
        if ctx.dst.catalog.get(&dest).is_none() {
            return Ok(Vec::new());
        }
        let Some(rule) = src.column_index("rule_id") else {
            bail!("Rule\\NormalizationIds needs rule_id in {}", src.name);
        };
        let mut p = plan(
            src,
            &dest,
            vec!["rule_id".into(), col.into()],
            vec![Slot::Source(rule), Slot::Source(field)],
            Vec::new(),
        );
        p.explode = Some(1);
        Ok(vec![Arc::new(p)])
    }

    pub fn synonyms(ctx: &Context, src: &Table, field: usize) -> Result<Vec<Arc<WritePlan>>> {
        let dest = ctx.dst_table("search_synonyms");
        if ctx.dst.catalog.get(&dest).is_none() {
            return Ok(Vec::new());
        }
        let (Some(store), Some(q)) = (src.column_index("store_id"), src.column_index("query_text"))
        else {
            bail!("Synonym needs store_id and query_text in {}", src.name);
        };
        let stores = ctx.src_rows("core_store");
        let websites = stores
            .iter()
            .filter_map(|r| {
                Some((
                    stores.get(r, "store_id")?.to_vec(),
                    stores.get(r, "website_id")?.to_vec(),
                ))
            })
            .collect();
        // The destination record: synonyms ← synonym_for, store_id, website_id, and the
        // query text (used, then cut off by the handler).
        Ok(vec![Arc::new(plan(
            src,
            &dest,
            vec!["synonyms".into(), "store_id".into(), "website_id".into()],
            vec![
                Slot::Source(field),
                Slot::Source(store),
                Slot::Extra,
                Slot::Source(q),
            ],
            vec![Box::new(Synonyms {
                query_text: 3,
                websites,
            })],
        ))])
    }
}

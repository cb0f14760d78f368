//! EAV Step: Magento 1's EAV model (entity types, attribute sets, groups, attributes, set
//! assignments and the extended attribute tables) merged into Magento 2's, as Magento's
//! `Migration\Step\Eav` does it (`Data.php`, `Model/Data.php`, map-eav.xml,
//! eav-document-groups.xml, eav-attribute-groups.xml, class-map.xml).
//!
//! The core idea is Magento's: **Magento 1 ids are kept for entity types, attribute sets
//! and attributes**, so the Map step can copy every value table (`catalog_*_entity_*`,
//! `eav_attribute_option`, …) as it is. Magento 2-only rows are re-added with new ids and
//! every reference to them is remapped. The whole merge is computed from the tables pass 1
//! decoded ([`merge::merge`]), and written as one generated section before the streamed
//! rows; the seven destination tables are emptied first.
//!
//! # The rules, in Magento's order
//! 1. **Entity types.** Each Magento 1 type is written with its id over the Magento 2 row
//!    of the same `entity_type_code` (or the column defaults), through map-eav.xml:
//!    entity_model, attribute_model and entity_attribute_collection by `ConvertModel`
//!    (class-map.xml; an empty Magento 1 value keeps Magento 2's; a class the map does not
//!    know or maps to nothing is NULL), entity_table by `Convert` (`catalog/product` →
//!    `catalog_product_entity`, …), increment_model and additional_attribute_table taken
//!    from Magento 2 (`GetDestinationValue`, NULL when Magento 2 has none). Magento 2-only
//!    types get ids after the highest Magento 1 id (their default_attribute_set_id follows
//!    their set).
//! 2. **Attribute sets.** Every Magento 1 set keeps its id, with sort_order 100 (`SetValue`).
//!    A Magento 2 set of the same entity type and name gives way to it; the other Magento 2
//!    sets are re-added after the highest Magento 1 id, their entity type remapped.
//! 3. **Product set structure.** Magento 2's groups and set assignments stay (Magento 2's
//!    group ids are kept) with their sets, entity types and attributes remapped, so a
//!    Magento 1 set that took the place of a Magento 2 set has that set's groups. Every
//!    Magento 1 product set without groups then gets a copy of the groups of Magento 2's
//!    Default product set (catalog_product's default_attribute_set_id: Product Details,
//!    Content, Images, …) and of its assignments, each assignment in the copy of its group
//!    (by attribute_group_code).
//! 4. **Custom groups.** A Magento 1 group whose set has no group of its name yet is added
//!    with a new id, sort_order + 100, tab_group_code `basic`, and the attribute_group_code
//!    of `SetGroupCode` (the transliterated, lower-cased name with runs of anything but
//!    `[a-z0-9]` as `-`, trimmed; `md5('')` when nothing is left). In product sets the
//!    groups General, Prices and Recurring Profile are never added: their attributes go to
//!    Product Details. Every Magento 1 group is then mapped to the group of its set with its
//!    name (Product Details for those three).
//! 5. **Attributes.** The attributes of eav-attribute-groups.xml's `ignore` group
//!    (msrp_enabled, group_price, is_recurring, recurring_profile of catalog_product) are
//!    left out. An attribute Magento 2 also has (same entity type code and attribute code)
//!    is written as **Magento 2 defines it**, under the Magento 1 attribute_id and
//!    entity_type_id. Any other goes through map-eav.xml: the four model columns by
//!    `ConvertModel`, backend_type `varchar` for product multiselects
//!    (`BackendTypeForMultiselect`), a numeric default_value of a `date` attribute as a UTC
//!    date (`ConvertTimestampToDate`). Magento 2-only attributes get ids after the highest
//!    Magento 1 id (ignored attributes included, so no Magento 1 value row can ever point at
//!    one of them).
//! 6. **catalog_eav_attribute, customer_eav_attribute** (eav-document-groups.xml's
//!    `documents_attribute_extended`): the Magento 2 row of the same attribute under the
//!    Magento 1 id, else the Magento 1 row through map-eav.xml (is_configurable dropped,
//!    frontend_input_renderer and data_model by `ConvertModel`, apply_to by `ApplyTo`,
//!    validate_rules by `SerializeToJson`, `SetValueAttributeCondition` on is_visible and
//!    input_filter; Magento 2's new columns get their defaults). Magento 2-only rows follow
//!    their attribute's new id.
//! 7. **Set assignments of custom attributes** (those Magento 2 does not have): Magento 1's
//!    rows with new ids in the mapped group, sort_order + 200 when the group became Product
//!    Details; a row whose group has no counterpart is left out (and counted).
//!
//! Every destination column is written: a column neither side fills gets its Magento 2
//! default; a NOT NULL column left without a value gets MySQL's implicit value and a
//! warning; a value longer than its column is cut and reported (an error unless `--auto`).
//!
//! # Where m1tom2 does better than Magento's tool
//! - Names and codes are matched about as MySQL's unique keys (`utf8_general_ci`) compare
//!   them: letter case, accents and trailing spaces ignored ([`values::fold`]), so a set,
//!   group or attribute differing only so never causes "Duplicate entry" (Magento's tool
//!   compares PHP strings).
//! - "Product Details" replaces the whole group name, not substrings (Magento's
//!   `str_replace` turns "General Information" into "Product Details Information" and
//!   loses that group's custom attributes).
//! - A group code another group of the set already has (issue #869) becomes
//!   `md5(lower-case name)`, Magento 2's own rule for codes it cannot use, with a warning.
//! - Custom groups of non-product sets are added too (Magento's tool only adds product
//!   groups, so custom attributes in them lost their set assignment).
//! - Assignments copied into Magento 1 product sets get their entity_type_id remapped.
//! - Rows that would break a foreign key (a set of a missing entity type, an extended row of
//!   a missing attribute) are left out and counted instead of failing the load.
//! - Magento's tool copies the Default structure into every Magento 1 product set but the
//!   first, whatever the destination has: onto a shop whose Default set was renamed, or
//!   that has another set of the name of a Magento 1 set, a set gets two groups of a code
//!   ("Duplicate entry '4-product-details' for key
//!   'EAV_ATTRIBUTE_GROUP_ATTRIBUTE_SET_ID_ATTRIBUTE_GROUP_CODE'"). Here a set keeps the
//!   structure it took over and only sets without one get the copy; on a fresh Magento 2
//!   both come to the same rows.
//! - Whatever the rules leave, every primary, unique and foreign key the destination
//!   declares on the seven tables holds (keys compared as [`values::fold`] does): of rows
//!   with the same key the first is kept and what referred to the others (later tables, the
//!   id maps) refers to it; a row whose parent is not written is left out. Each is a
//!   warning, and for a Magento 1 row a drop in the row account (`merge::rule::SAME_KEY`,
//!   `merge::rule::NO_PARENT`).
//!
//! # Integrity (Magento's messages)
//! "Source/Destination documents are missing", "Source/Destination fields are not mapped",
//! "Mismatch of data types" (a warning), and "Incompatibility in data. Source document: %s.
//! Field: %s. Error: %s" with "Attribute with attribute_id=%s cannot contain empty field
//! value" (frontend_input empty and the attribute not in `frontend_input_empty_allowed`)
//! and "Class %s is not mapped in record %s=%s" (a model class class-map.xml does not
//! list).
//!
//! # Volume
//! "Source and Destination attributes mismatch. Attribute id:%s" for every written
//! attribute whose Magento 1 id had another code; and every source table's rows read must
//! equal the rows written and dropped.
//!
//! # For later steps
//! [`merge::merge`] is pure: call it with the same [`Context`] to get the [`EavMerge`]: the
//! rows, the id maps ([`IdMaps`]: Magento 1 → written, destination → written) and every
//! Magento 1 attribute ([`M1Attribute`]: id, entity type, code, Magento 1 backend_type,
//! whether it was ignored or is Magento 2's); [`EavMerge::attribute_id`] gives the id an
//! attribute is written under.

pub mod merge;
#[cfg(test)]
mod tests;
pub mod values;

pub use merge::{EavMerge, IdMap, IdMaps, M1Attribute, MergedTable, Severity, TABLES, merge};

use super::{Account, Context, Level, Messages, Piece, Plan, Section, Stage, Step, TableAccount};
use crate::mapping::plan::TablePlan;
use anyhow::Result;
use std::collections::{BTreeMap, HashMap, HashSet};

pub struct EavStep;

pub const TITLE: &str = "EAV Step";

/// The model columns the class map must know, per table (Magento's `Integrity\ClassMap`).
const CLASS_FIELDS: [(&str, &[&str]); 4] = [
    (
        "eav_attribute",
        &[
            "attribute_model",
            "backend_model",
            "frontend_model",
            "source_model",
        ],
    ),
    ("catalog_eav_attribute", &["frontend_input_renderer"]),
    ("customer_eav_attribute", &["data_model"]),
    (
        "eav_entity_type",
        &[
            "entity_model",
            "attribute_model",
            "increment_model",
            "entity_attribute_collection",
        ],
    ),
];

fn incompatible(doc: &str, field: &str, error: &str) -> String {
    format!("Incompatibility in data. Source document: {doc}. Field: {field}. Error: {error}")
}

/// Magento 1 entity type id → code.
fn m1_type_codes(ctx: &Context) -> HashMap<String, String> {
    let t = ctx.src_rows("eav_entity_type");
    t.iter()
        .filter_map(|r| {
            Some((
                t.text(r, "entity_type_id")?.trim().to_string(),
                t.text(r, "entity_type_code")?,
            ))
        })
        .collect()
}

/// The attribute codes of an eav-attribute-groups.xml group, with the entity type codes
/// each is listed for.
fn attribute_group(ctx: &Context, group: &str) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for item in ctx.rules.eav_attribute_groups.group(group) {
        let e = out.entry(item.name.clone()).or_default();
        if let Some(t) = &item.attr_type {
            e.push(t.clone());
        }
    }
    out
}

/// Magento 1 attribute ids whose (code, entity type code) is in the group.
fn attributes_in_group(ctx: &Context, group: &str) -> HashSet<String> {
    let listed = attribute_group(ctx, group);
    let types = m1_type_codes(ctx);
    let a = ctx.src_rows("eav_attribute");
    a.iter()
        .filter(|r| {
            let code = a.text(r, "attribute_code").unwrap_or_default();
            let ty = a
                .text(r, "entity_type_id")
                .and_then(|t| types.get(t.trim()).cloned())
                .unwrap_or_default();
            listed.get(&code).is_some_and(|t| t.contains(&ty))
        })
        .filter_map(|r| Some(a.text(r, "attribute_id")?.trim().to_string()))
        .collect()
}

impl EavStep {
    fn check_documents(&self, ctx: &Context, msgs: &mut Messages) {
        let map = &ctx.rules.map_eav;
        let mut src_missing = Vec::new();
        let mut dst_missing = Vec::new();
        for doc in TABLES {
            let dest_doc = map.dest_document(doc).unwrap_or_else(|| doc.to_string());
            let src = ctx.src.catalog.get(&ctx.src_table(doc));
            let dst = ctx.dst.catalog.get(&ctx.dst_table(&dest_doc));
            if src.is_none() {
                src_missing.push(doc.to_string());
            }
            if dst.is_none() {
                dst_missing.push(dest_doc.clone());
            }
            let (Some(src), Some(dst)) = (src, dst) else {
                continue;
            };
            let mut unmapped_src = Vec::new();
            let mut mismatched = Vec::new();
            let mut filled = HashSet::new();
            for c in &src.columns {
                if map.source_field_ignored(doc, &c.name) {
                    continue;
                }
                let target = map
                    .moved_field(doc, &c.name)
                    .unwrap_or_else(|| c.name.clone());
                match dst.column(&target) {
                    Some(d) if !map.dest_field_ignored(&dest_doc, &d.name) => {
                        filled.insert(d.name.to_ascii_lowercase());
                        if c.data_type != d.data_type
                            && !map.source_datatype_ignored(doc, &c.name)
                            && !map.dest_datatype_ignored(&dest_doc, &d.name)
                        {
                            mismatched.push(c.name.clone());
                        }
                    }
                    _ => unmapped_src.push(c.name.clone()),
                }
            }
            let unmapped_dst: Vec<String> = dst
                .columns
                .iter()
                .filter(|d| {
                    !filled.contains(&d.name.to_ascii_lowercase())
                        && !map.dest_field_ignored(&dest_doc, &d.name)
                })
                .map(|d| d.name.clone())
                .collect();
            if !unmapped_src.is_empty() {
                msgs.push(
                    ctx.problem(),
                    TITLE,
                    Stage::Integrity,
                    format!(
                        "Source fields are not mapped. Document: {doc}. Fields: {}",
                        unmapped_src.join(",")
                    ),
                );
            }
            if !unmapped_dst.is_empty() {
                msgs.push(
                    ctx.problem(),
                    TITLE,
                    Stage::Integrity,
                    format!(
                        "Destination fields are not mapped. Document: {dest_doc}. Fields: {}",
                        unmapped_dst.join(",")
                    ),
                );
            }
            if !mismatched.is_empty() {
                msgs.push(
                    Level::Warning,
                    TITLE,
                    Stage::Integrity,
                    format!(
                        "Mismatch of data types. Source document: {doc}. Fields: {}",
                        mismatched.join(",")
                    ),
                );
            }
        }
        if !src_missing.is_empty() {
            msgs.push(
                ctx.problem(),
                TITLE,
                Stage::Integrity,
                format!("Source documents are missing: {}", src_missing.join(",")),
            );
        }
        if !dst_missing.is_empty() {
            msgs.push(
                ctx.problem(),
                TITLE,
                Stage::Integrity,
                format!(
                    "Destination documents are missing: {}",
                    dst_missing.join(",")
                ),
            );
        }
    }

    /// Magento's `Integrity\AttributeFrontendInput`.
    fn check_frontend_input(&self, ctx: &Context, msgs: &mut Messages) {
        let ignored = attributes_in_group(ctx, "ignore");
        let allowed = attributes_in_group(ctx, "frontend_input_empty_allowed");
        let a = ctx.src_rows("eav_attribute");
        for r in a.iter() {
            let id = a
                .text(r, "attribute_id")
                .unwrap_or_default()
                .trim()
                .to_string();
            if ignored.contains(&id)
                || allowed.contains(&id)
                || !values::php_empty(a.get(r, "frontend_input"))
            {
                continue;
            }
            msgs.push(
                ctx.problem(),
                TITLE,
                Stage::Integrity,
                incompatible(
                    "eav_attribute",
                    "frontend_input",
                    &format!("Attribute with attribute_id={id} cannot contain empty field value"),
                ),
            );
        }
    }

    /// Magento's `Integrity\ClassMap`.
    fn check_class_map(&self, ctx: &Context, msgs: &mut Messages) {
        let ignored = attributes_in_group(ctx, "ignore");
        for (doc, fields) in CLASS_FIELDS {
            let rows = ctx.src_rows(doc);
            let key = ctx
                .src
                .catalog
                .get(&ctx.src_table(doc))
                .and_then(|t| t.primary_key.first().cloned())
                .unwrap_or_else(|| {
                    if doc == "eav_entity_type" {
                        "entity_type_id".into()
                    } else {
                        "attribute_id".into()
                    }
                });
            for r in rows.iter() {
                if rows
                    .text(r, "attribute_id")
                    .is_some_and(|id| ignored.contains(id.trim()))
                {
                    continue;
                }
                for field in fields {
                    let v = rows.get(r, field);
                    if values::php_empty(v) {
                        continue;
                    }
                    let class = String::from_utf8_lossy(v.unwrap_or_default());
                    if ctx.rules.class_map.get(&class).is_none() {
                        let id = rows.text(r, &key).unwrap_or_default();
                        msgs.push(
                            ctx.problem(),
                            TITLE,
                            Stage::Integrity,
                            incompatible(
                                doc,
                                field,
                                &format!("Class {class} is not mapped in record {key}={id}"),
                            ),
                        );
                    }
                }
            }
        }
    }
}

impl Step for EavStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn dims(&self) -> Vec<&'static str> {
        TABLES.to_vec()
    }

    fn integrity(&self, ctx: &Context, msgs: &mut Messages) {
        self.check_documents(ctx, msgs);
        self.check_frontend_input(ctx, msgs);
        self.check_class_map(ctx, msgs);
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, msgs: &mut Messages) -> Result<()> {
        // Without the destination tables there is nothing to write; integrity said so.
        if TABLES
            .iter()
            .any(|t| ctx.dst.catalog.get(&ctx.dst_table(t)).is_none())
        {
            return Ok(());
        }
        let m = merge(ctx)?;
        for (sev, text) in &m.notes {
            let level = match sev {
                Severity::Warning => Level::Warning,
                Severity::Problem => ctx.problem(),
            };
            msgs.push(level, TITLE, Stage::Data, text.clone());
        }
        let names = ctx.src.table_names();
        let mut section = Section {
            step: TITLE.into(),
            name: "EAV: entity types, attribute sets and groups, attributes".into(),
            ..Default::default()
        };
        for (doc, acc) in &m.accounts {
            let src = ctx.src_table(doc);
            if !names.contains(&src) {
                continue;
            }
            plan.claim(TITLE, &src, TablePlan::Generated { step: TITLE.into() });
            let account = TableAccount {
                read: acc.read,
                written: acc
                    .written
                    .iter()
                    .map(|(d, n)| (ctx.dst_table(d), *n))
                    .collect(),
                dropped: acc.dropped.clone(),
            };
            section.accounts.push((src, account));
        }
        for t in &m.tables {
            let table = ctx.dst_table(t.name);
            plan.clear.insert(table.clone());
            section.pieces.push(Piece::Rows {
                table,
                columns: t.columns.clone(),
                rows: t.rows.clone(),
                on_duplicate: false,
            });
        }
        plan.before.push(section);
        Ok(())
    }

    fn volume(&self, ctx: &Context, plan: &Plan, account: &Account, msgs: &mut Messages) {
        // Attribute codes by id, as written.
        let attr_table = ctx.dst_table("eav_attribute");
        let mut written: BTreeMap<String, Option<Vec<u8>>> = BTreeMap::new();
        for sec in plan.before.iter().filter(|s| s.step == TITLE) {
            for p in &sec.pieces {
                let Piece::Rows {
                    table,
                    columns,
                    rows,
                    ..
                } = p
                else {
                    continue;
                };
                if *table != attr_table {
                    continue;
                }
                let (Some(ci), Some(cc)) = (
                    columns.iter().position(|c| c == "attribute_id"),
                    columns.iter().position(|c| c == "attribute_code"),
                ) else {
                    continue;
                };
                for r in rows {
                    let id = String::from_utf8_lossy(r[ci].as_deref().unwrap_or_default())
                        .trim()
                        .to_string();
                    written.insert(id, r[cc].clone());
                }
            }
        }
        let a = ctx.src_rows("eav_attribute");
        for r in a.iter() {
            let Some(id) = a.text(r, "attribute_id").map(|s| s.trim().to_string()) else {
                continue;
            };
            if let Some(code) = written.get(&id)
                && code.as_deref() != a.get(r, "attribute_code")
            {
                msgs.push(
                    Level::Error,
                    TITLE,
                    Stage::Volume,
                    format!("Source and Destination attributes mismatch. Attribute id:{id}"),
                );
            }
        }
        // Every row read is written or dropped by a rule.
        for (source, (step, p)) in &plan.tables {
            if step != TITLE || !matches!(p, TablePlan::Generated { .. }) {
                continue;
            }
            let Some(acc) = account.tables.get(source) else {
                continue;
            };
            let out: u64 = acc.written.values().sum::<u64>() + acc.dropped.values().sum::<u64>();
            if acc.read != out {
                msgs.push(
                    Level::Error,
                    TITLE,
                    Stage::Volume,
                    format!("Mismatch of entities in the document: {source} Source: {} Destination: {out}", acc.read),
                );
            }
        }
    }
}

//! Customer Attributes Step: customer_entity, customer_address_entity and their value
//! tables, through map-customer.xml, Magento 1 ids kept. The attributes Magento 2 keeps as
//! columns of the entity tables (customer-attribute-groups.xml: firstname, lastname, dob,
//! password_hash, … and the address fields) are taken from the Magento 1 value tables and
//! written into those columns; their value rows are left out, except SHA-512 password hashes
//! (128 characters), which stay in customer_entity_varchar as Magento's tool leaves them.
//! Password hashes become Magento 2's `hash:salt:version` (`upgrade_customer_password_hash`).
//! Finally eav_attribute says `static` for the moved attributes.

use super::map::decide;
use super::{Context, Messages, Piece, Plan, Section, Stage, Step};
use crate::mapping::plan::{Cell, Record, RowHandler, RowNotes, Slot, TablePlan, WritePlan};
use anyhow::Result;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub struct CustomerStep;

pub const TITLE: &str = "Customer Attributes Step";

const TYPES: [&str; 5] = ["datetime", "decimal", "int", "text", "varchar"];

/// The two entities and their attribute groups in customer-attribute-groups.xml.
const ENTITIES: [(&str, &str); 2] = [
    ("customer", "customer_entity"),
    ("customer_address", "customer_address_entity"),
];

/// Rule name for value rows moved into entity columns.
const MOVED: &str = "the attribute is a column of the entity table in Magento 2";

/// Upgrades a Magento 1 customer password hash to Magento 2's form: the hash part of
/// `hash:salt` is md5 (32 characters) → `:0`, sha256 (64) → `:1`; other forms (bcrypt from
/// 1.9.4, SHA-512 …) are left as they are.
pub fn upgrade_password_hash(v: &[u8]) -> Vec<u8> {
    let hash_len = v.iter().position(|&b| b == b':').unwrap_or(v.len());
    let version: &[u8] = match hash_len {
        32 => b":0",
        64 => b":1",
        _ => return v.to_vec(),
    };
    let mut out = v.to_vec();
    if !out.contains(&b':') {
        out.push(b':'); // no salt: an empty one
    }
    out.extend_from_slice(version);
    out
}

/// A Magento 1 attribute of one entity type.
#[derive(Clone, Debug)]
struct Attribute {
    id: u64,
    code: String,
    backend_type: String,
}

fn attributes(ctx: &Context, entity_type_code: &str) -> Vec<Attribute> {
    let types = ctx.src_rows("eav_entity_type");
    let Some(type_id) = types
        .iter()
        .find(|r| types.text(r, "entity_type_code").as_deref() == Some(entity_type_code))
        .and_then(|r| types.int(r, "entity_type_id"))
    else {
        return Vec::new();
    };
    let attrs = ctx.src_rows("eav_attribute");
    attrs
        .iter()
        .filter(|r| attrs.int(r, "entity_type_id") == Some(type_id))
        .filter_map(|r| {
            Some(Attribute {
                id: attrs.int(r, "attribute_id")? as u64,
                code: attrs.text(r, "attribute_code")?,
                backend_type: attrs.text(r, "backend_type").unwrap_or_default(),
            })
        })
        .collect()
}

/// Fills the entity table's columns for moved attributes from a precomputed lookup.
#[derive(Debug)]
struct StaticColumns {
    /// Position of entity_id in the destination record.
    entity_col: usize,
    /// Destination positions of the moved columns, in lookup order.
    targets: Vec<usize>,
    /// Destination column types (`date` values get their time part cut).
    dates: Vec<bool>,
    /// entity_id → values, in `targets` order.
    values: Arc<HashMap<u64, Vec<Option<Vec<u8>>>>>,
    /// Position of password_hash in `targets`, to upgrade it.
    password: Option<usize>,
    upgrade: bool,
    /// For NOT NULL columns without a default: the value written when the entity has no
    /// value for the attribute (MySQL's implicit default), and the event counted.
    fallback: Vec<Option<(Vec<u8>, String)>>,
}

impl RowHandler for StaticColumns {
    fn apply(&self, rec: &mut Record<'_>, notes: &mut RowNotes) {
        let id = rec.get(self.entity_col).and_then(|b| {
            std::str::from_utf8(&b)
                .ok()
                .and_then(|s| s.trim().parse::<u64>().ok())
        });
        let vals = id.and_then(|id| self.values.get(&id));
        for (k, &t) in self.targets.iter().enumerate() {
            let mut v = vals.and_then(|v| v[k].clone());
            if let Some(b) = v
                .as_mut()
                .filter(|b| self.dates[k] && b.len() > 10 && b[10] == b' ')
            {
                b.truncate(10);
            }
            if self.upgrade && self.password == Some(k) {
                v = v.map(|h| upgrade_password_hash(&h));
            }
            if v.is_none()
                && let Some(Some((value, event))) = self.fallback.get(k)
            {
                v = Some(value.clone());
                notes.count(event);
            }
            rec.cells[t] = Cell::Set(v);
        }
    }
}

/// Drops value rows of moved attributes (keeping SHA-512 password hashes).
#[derive(Debug)]
struct DropMoved {
    attr_col: usize,
    value_col: usize,
    moved: HashSet<u64>,
    password_id: Option<u64>,
}

impl RowHandler for DropMoved {
    fn apply(&self, rec: &mut Record<'_>, notes: &mut RowNotes) {
        let id = rec.get(self.attr_col).and_then(|b| {
            std::str::from_utf8(&b)
                .ok()
                .and_then(|s| s.trim().parse::<u64>().ok())
        });
        let Some(id) = id else { return };
        if !self.moved.contains(&id) {
            return;
        }
        if Some(id) == self.password_id && rec.get(self.value_col).is_some_and(|v| v.len() == 128) {
            return;
        }
        notes.drop = Some(MOVED.to_string());
    }
}

impl Step for CustomerStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn dims(&self) -> Vec<&'static str> {
        let mut d = vec!["eav_entity_type", "eav_attribute"];
        for t in TYPES {
            d.push(match t {
                "datetime" => "customer_entity_datetime",
                "decimal" => "customer_entity_decimal",
                "int" => "customer_entity_int",
                "text" => "customer_entity_text",
                _ => "customer_entity_varchar",
            });
            d.push(match t {
                "datetime" => "customer_address_entity_datetime",
                "decimal" => "customer_address_entity_decimal",
                "int" => "customer_address_entity_int",
                "text" => "customer_address_entity_text",
                _ => "customer_address_entity_varchar",
            });
        }
        d
    }

    fn integrity(&self, ctx: &Context, msgs: &mut Messages) {
        for (type_code, group) in ENTITIES {
            let attrs = attributes(ctx, type_code);
            for item in ctx.rules.customer_attribute_groups.group(group) {
                if !attrs.iter().any(|a| a.code == item.name) {
                    msgs.push(
                        ctx.problem(),
                        TITLE,
                        Stage::Integrity,
                        format!(
                            "Attribute {} does not exist in the type {type_code}",
                            item.name
                        ),
                    );
                }
            }
        }
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, msgs: &mut Messages) -> Result<()> {
        let map = &ctx.rules.map_customer;
        let mut after = Section {
            step: TITLE.into(),
            name: "moved attributes are static in Magento 2".into(),
            ..Default::default()
        };
        for (type_code, entity_doc) in ENTITIES {
            let attrs = attributes(ctx, type_code);
            let moved: Vec<&Attribute> = ctx
                .rules
                .customer_attribute_groups
                .group(entity_doc)
                .iter()
                .filter_map(|item| attrs.iter().find(|a| a.code == item.name))
                .collect();
            let moved_ids: HashSet<u64> = moved
                .iter()
                .filter(|a| a.backend_type != "static")
                .map(|a| a.id)
                .collect();
            let password_id = moved
                .iter()
                .find(|a| a.code == "password_hash")
                .map(|a| a.id);
            // entity_id → values of the moved attributes, from the value tables.
            let mut values: HashMap<u64, Vec<Option<Vec<u8>>>> = HashMap::new();
            for (k, a) in moved.iter().enumerate() {
                if a.backend_type == "static" {
                    continue;
                }
                let rows = ctx.src_rows(&format!("{entity_doc}_{}", a.backend_type));
                for r in rows.iter() {
                    if rows.int(r, "attribute_id") != Some(a.id as i64) {
                        continue;
                    }
                    let Some(e) = rows.int(r, "entity_id") else {
                        continue;
                    };
                    let slot = values
                        .entry(e as u64)
                        .or_insert_with(|| vec![None; moved.len()]);
                    slot[k] = rows.get(r, "value").map(<[u8]>::to_vec);
                }
            }
            let values = Arc::new(values);
            // The entity table.
            let src_name = ctx.src_table(entity_doc);
            let dst_name = ctx.dst_table(entity_doc);
            let (Some(src), Some(dst)) = (
                ctx.src.catalog.get(&src_name),
                ctx.dst.catalog.get(&dst_name),
            ) else {
                continue;
            };
            let d = decide(ctx, map, src, entity_doc, dst, entity_doc, &[])?;
            let TablePlan::Write(w) = d.plan else {
                continue;
            };
            let mut w = Arc::try_unwrap(w).expect("a fresh plan");
            let mut targets = Vec::new();
            let mut dates = Vec::new();
            let mut fallback = Vec::new();
            for a in &moved {
                let Some(col) = dst.column(&a.code) else {
                    continue;
                };
                fallback.push((!col.nullable && col.default.is_none()).then(|| {
                    let v = super::map::implicit_default(col);
                    let event = format!(
                        "{dst_name}.{}: no value for the attribute; '{v}' written (NOT NULL column)",
                        col.name
                    );
                    (v.into_bytes(), event)
                }));
                let pos = match w
                    .columns
                    .iter()
                    .position(|c| c.eq_ignore_ascii_case(&col.name))
                {
                    Some(p) => p,
                    None => {
                        w.columns.push(col.name.clone());
                        w.slots.push(Slot::Extra);
                        w.checks
                            .push(super::map::column_check(None, col).map(|mut c| {
                                c.not_null = false;
                                c
                            }));
                        w.columns.len() - 1
                    }
                };
                targets.push(pos);
                dates.push(col.data_type == "date");
            }
            // Attributes the entity table lacks a column for are not moved.
            let entity_col = w.columns.iter().position(|c| c == "entity_id").unwrap_or(0);
            let password = moved
                .iter()
                .filter(|a| dst.column(&a.code).is_some())
                .position(|a| a.code == "password_hash");
            let kept: Vec<&Attribute> = moved
                .iter()
                .copied()
                .filter(|a| dst.column(&a.code).is_some())
                .collect();
            let lookup: HashMap<u64, Vec<Option<Vec<u8>>>> = values
                .iter()
                .map(|(id, v)| {
                    let vv = moved
                        .iter()
                        .zip(v.iter())
                        .filter(|(a, _)| kept.iter().any(|k| k.id == a.id))
                        .map(|(_, x)| x.clone())
                        .collect();
                    (*id, vv)
                })
                .collect();
            w.dest_handlers.push(Box::new(StaticColumns {
                entity_col,
                targets,
                dates,
                values: Arc::new(lookup),
                password,
                upgrade: ctx.opts.upgrade_password_hash,
                fallback,
            }));
            report(
                msgs,
                &d.unmapped_source_fields,
                &d.unmapped_dest_fields,
                entity_doc,
                ctx,
            );
            plan.clear.insert(dst_name);
            plan.claim(TITLE, &src_name, TablePlan::Write(Arc::new(w)));
            // The value tables.
            for t in TYPES {
                let doc = format!("{entity_doc}_{t}");
                let src_name = ctx.src_table(&doc);
                let dst_name = ctx.dst_table(&doc);
                let (Some(src), Some(dst)) = (
                    ctx.src.catalog.get(&src_name),
                    ctx.dst.catalog.get(&dst_name),
                ) else {
                    continue;
                };
                let d = decide(ctx, map, src, &doc, dst, &doc, &[])?;
                let TablePlan::Write(w) = d.plan else {
                    continue;
                };
                let mut w: WritePlan = Arc::try_unwrap(w).expect("a fresh plan");
                if let (Some(attr_col), Some(value_col)) =
                    (src.column_index("attribute_id"), src.column_index("value"))
                {
                    w.source_handlers.push(Box::new(DropMoved {
                        attr_col,
                        value_col,
                        moved: moved_ids.clone(),
                        password_id,
                    }));
                }
                report(
                    msgs,
                    &d.unmapped_source_fields,
                    &d.unmapped_dest_fields,
                    &doc,
                    ctx,
                );
                plan.clear.insert(dst_name);
                plan.claim(TITLE, &src_name, TablePlan::Write(Arc::new(w)));
            }
            if !moved.is_empty() {
                let codes: Vec<String> = moved
                    .iter()
                    .map(|a| crate::dump::write::sql_string(&a.code))
                    .collect();
                let sql = format!(
                    "UPDATE {} SET backend_type = 'static' WHERE attribute_code IN ({}) AND entity_type_id IN (SELECT entity_type_id FROM {} WHERE entity_type_code = {})",
                    crate::dump::write::quote_ident(&ctx.dst_table("eav_attribute")),
                    codes.join(","),
                    crate::dump::write::quote_ident(&ctx.dst_table("eav_entity_type")),
                    crate::dump::write::sql_string(type_code)
                );
                after.pieces.push(Piece::Sql(sql.into_bytes()));
            }
        }
        plan.after.push(after);
        Ok(())
    }
}

fn report(
    msgs: &mut Messages,
    src_fields: &[String],
    dst_fields: &[String],
    doc: &str,
    ctx: &Context,
) {
    if !src_fields.is_empty() {
        msgs.push(
            ctx.problem(),
            TITLE,
            Stage::Integrity,
            format!(
                "Source fields are not mapped. Document: {doc}. Fields: {}",
                src_fields.join(",")
            ),
        );
    }
    if !dst_fields.is_empty() {
        msgs.push(
            ctx.problem(),
            TITLE,
            Stage::Integrity,
            format!(
                "Destination fields are not mapped. Document: {doc}. Fields: {}",
                dst_fields.join(",")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hashes_get_their_version() {
        let md5 = b"e276b4f8987e6369d87e446c13ba05aa:RcKmwRxT8XehErYbKaY6eMgWkI9Jw9LD";
        assert_eq!(upgrade_password_hash(md5), [&md5[..], b":0"].concat());
        let sha = format!("{}:salt", "a".repeat(64));
        assert_eq!(
            upgrade_password_hash(sha.as_bytes()),
            format!("{sha}:1").into_bytes()
        );
        let bcrypt = b"$2y$10$abcdefghijklmnopqrstuuBqW3S5oJxKn1u0E4f6W9lD1vAxWJ3y";
        assert_eq!(upgrade_password_hash(bcrypt), bcrypt.to_vec());
        assert_eq!(
            upgrade_password_hash(&[b'f'; 32]),
            [&[b'f'; 32][..], b"::0"].concat()
        );
    }
}

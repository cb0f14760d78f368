//! Customer Attributes Step: customer_entity, customer_address_entity and their value
//! tables, through map-customer.xml, Magento 1 ids kept. The attributes Magento 2 keeps as
//! columns of the entity tables (customer-attribute-groups.xml: firstname, lastname, dob,
//! password_hash, … and the address fields) are taken from the Magento 1 value tables and
//! written into those columns: while the value tables stream by, their rows go to a staging
//! table (`m1tom2_<entity>_static`, typed like the columns, so a value that does not fit is
//! reported as any other), and `UPDATE … JOIN` statements at the end of the load set the
//! columns — no value table is held in memory. Their value rows are left out, except SHA-512 password hashes
//! (128 characters), which stay in customer_entity_varchar as Magento's tool leaves them.
//! Password hashes become Magento 2's `hash:salt:version` (`upgrade_customer_password_hash`).
//! Finally eav_attribute says `static` for the moved attributes.

use super::map::decide;
use super::{Context, Messages, Piece, Plan, Section, Stage, Step};
use crate::dump::write::quote_ident;
use crate::mapping::plan::{Record, RowHandler, RowNotes, Slot, TablePlan, WritePlan};
use anyhow::Result;
use std::collections::HashSet;
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

/// Keeps the value rows of one moved attribute for its staging table: a `date` column gets
/// the date part of Magento 1's datetime, a password hash Magento 2's form.
#[derive(Debug)]
struct StageValue {
    attr_col: usize,
    value_col: usize,
    attribute: u64,
    date: bool,
    password: bool,
}

impl RowHandler for StageValue {
    fn apply(&self, rec: &mut Record<'_>, notes: &mut RowNotes) {
        let id = rec.get(self.attr_col).and_then(|b| {
            std::str::from_utf8(&b)
                .ok()
                .and_then(|s| s.trim().parse::<u64>().ok())
        });
        if id != Some(self.attribute) {
            notes.drop = Some("another attribute".into());
            return;
        }
        if self.date
            && let Some(mut b) = rec.get(self.value_col).map(|b| b.into_owned())
            && b.len() > 10
            && b[10] == b' '
        {
            b.truncate(10);
            rec.set(self.value_col, Some(b));
        }
        if self.password
            && let Some(b) = rec.get(self.value_col).map(|b| b.into_owned())
        {
            rec.set(self.value_col, Some(upgrade_password_hash(&b)));
        }
    }
}

/// The SQL type of a column, for a staging table (no default, no auto-increment).
fn column_type(c: &crate::schema::Column) -> String {
    let base = match c.data_type.as_str() {
        "timestamp" => "datetime".to_string(),
        t => t.to_string(),
    };
    let mut s = match (c.length, c.scale, c.data_type.as_str()) {
        (_, _, "enum" | "set") => format!(
            "{base}({})",
            c.values
                .iter()
                .map(|v| crate::dump::write::sql_string(v))
                .collect::<Vec<_>>()
                .join(",")
        ),
        (Some(l), Some(sc), _) => format!("{base}({l},{sc})"),
        (Some(l), None, "varchar" | "char" | "varbinary" | "binary" | "decimal") => {
            format!("{base}({l})")
        }
        _ => base,
    };
    if c.unsigned {
        s.push_str(" unsigned");
    }
    s
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
        // Only the attribute catalog: the value tables are streamed, the moved values
        // staged and set at load time.
        vec!["eav_entity_type", "eav_attribute"]
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
        let mut before = Section {
            step: TITLE.into(),
            name: "staging tables for the attributes that became entity columns".into(),
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
            // The moved attributes' columns: written with the column's default (MySQL's
            // implicit one for NOT NULL columns without a default), then set at the end of
            // the load from the staged value rows.
            let stage = format!("m1tom2_{entity_doc}_static");
            let mut staged: Vec<(&Attribute, &crate::schema::Column)> = Vec::new();
            for a in &moved {
                let Some(col) = dst.column(&a.code) else {
                    continue;
                };
                if a.backend_type == "static" {
                    continue;
                }
                staged.push((a, col));
                if w.columns.iter().any(|c| c.eq_ignore_ascii_case(&col.name)) {
                    continue;
                }
                w.columns.push(col.name.clone());
                w.slots.push(Slot::Extra);
                w.checks.push(None);
                if !col.nullable && col.default.is_none() {
                    w.dest_handlers.push(Box::new(super::map::Constant {
                        col: w.columns.len() - 1,
                        value: super::map::implicit_default(col).into_bytes(),
                    }));
                }
            }
            if !staged.is_empty() {
                let defs: Vec<String> = staged
                    .iter()
                    .map(|(_, c)| format!("{} {}", quote_ident(&c.name), column_type(c)))
                    .collect();
                before.pieces.push(Piece::Sql(
                    format!("DROP TABLE IF EXISTS {}", quote_ident(&stage)).into_bytes(),
                ));
                before.pieces.push(Piece::Sql(
                    format!(
                        "CREATE TABLE {} (`entity_id` int unsigned NOT NULL, `attribute_id` int unsigned NOT NULL, {}, KEY (`attribute_id`, `entity_id`)) DEFAULT CHARSET=utf8mb4",
                        quote_ident(&stage),
                        defs.join(", ")
                    )
                    .into_bytes(),
                ));
                for (a, c) in &staged {
                    after.pieces.push(Piece::Sql(
                        format!(
                            "UPDATE {} e JOIN {} s ON s.`entity_id` = e.`entity_id` AND s.`attribute_id` = {} SET e.{col} = s.{col}",
                            quote_ident(&dst_name),
                            quote_ident(&stage),
                            a.id,
                            col = quote_ident(&c.name)
                        )
                        .into_bytes(),
                    ));
                }
                after.pieces.push(Piece::Sql(
                    format!("DROP TABLE {}", quote_ident(&stage)).into_bytes(),
                ));
            }
            let staged: Vec<(Attribute, crate::schema::Column)> = staged
                .iter()
                .map(|(a, c)| ((*a).clone(), (*c).clone()))
                .collect();
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
                    let entity_col = src.column_index("entity_id");
                    for (a, c) in staged.iter().filter(|(a, _)| a.backend_type == t) {
                        let Some(entity_col) = entity_col else { break };
                        let mut p = WritePlan::simple(
                            src,
                            &stage,
                            vec!["entity_id".into(), "attribute_id".into(), c.name.clone()],
                            vec![
                                Slot::Source(entity_col),
                                Slot::Source(attr_col),
                                Slot::Source(value_col),
                            ],
                            Vec::new(),
                        );
                        p.source_handlers.push(Box::new(StageValue {
                            attr_col,
                            value_col,
                            attribute: a.id,
                            date: c.data_type == "date",
                            password: a.code == "password_hash" && ctx.opts.upgrade_password_hash,
                        }));
                        p.checks = vec![
                            None,
                            None,
                            super::map::column_check(src.columns.get(value_col), c),
                        ];
                        p.key = vec![0];
                        w.also.push(Arc::new(p));
                    }
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
        plan.before.push(before);
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

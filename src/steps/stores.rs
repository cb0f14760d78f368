//! Stores Step (settings mode): core_website → store_website, core_store_group →
//! store_group, core_store → store, through map-stores.xml, Magento 1 ids kept. Each
//! destination table is emptied and refilled. `store_group.code` (new in Magento 2) is made
//! from the group's name as Magento's StoreGroupCode handler makes it; a code already taken
//! gets `-` and an md5 suffix — derived from the group id here, not random, so that the same
//! input always gives the same output.

use super::map::decide;
use super::{Context, Level, Messages, Piece, Plan, Section, Stage, Step, TableAccount};
use crate::mapping::plan::{RowNotes, TablePlan};
use anyhow::Result;
use std::collections::BTreeSet;

pub struct StoresStep;

pub const TITLE: &str = "Stores Step";

/// Source and destination documents (the destination as map-stores.xml renames it).
const DOCUMENTS: [&str; 3] = ["core_website", "core_store_group", "core_store"];

/// The code Magento derives from a store group name: blanks become `_`, lower case, only
/// `[a-z0-9_-]` kept, leading characters that are not letters removed.
pub fn group_code(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect::<String>()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    let lead = s.find(|c: char| c.is_ascii_lowercase()).unwrap_or(s.len());
    s.drain(..lead);
    if s.is_empty() {
        "store_group".to_string()
    } else {
        s
    }
}

fn md5_hex(s: &str) -> String {
    use md5::Digest;
    let d = md5::Md5::digest(s.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

impl Step for StoresStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn dims(&self) -> Vec<&'static str> {
        DOCUMENTS.to_vec()
    }

    fn integrity(&self, ctx: &Context, msgs: &mut Messages) {
        for doc in DOCUMENTS {
            if ctx.src.catalog.get(&ctx.src_table(doc)).is_none() {
                msgs.push(
                    ctx.problem(),
                    TITLE,
                    Stage::Integrity,
                    format!("Integrity check failed due to \"{doc}\" document does not exist in the source resource"),
                );
                msgs.push(
                    Level::Notice,
                    TITLE,
                    Stage::Integrity,
                    "Please check if table names uses prefix, add it to your config.xml file",
                );
            }
            let dest = ctx
                .rules
                .map_stores
                .dest_document(doc)
                .unwrap_or_else(|| doc.to_string());
            if ctx.dst.catalog.get(&ctx.dst_table(&dest)).is_none() {
                msgs.push(
                    ctx.problem(),
                    TITLE,
                    Stage::Integrity,
                    format!("Integrity check failed due to \"{dest}\" document does not exist in the destination resource"),
                );
            }
        }
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, msgs: &mut Messages) -> Result<()> {
        let map = &ctx.rules.map_stores;
        let mut section = Section {
            step: TITLE.into(),
            name: "websites, store groups, stores".into(),
            ..Default::default()
        };
        for doc in DOCUMENTS {
            let src_name = ctx.src_table(doc);
            let dest_doc = map.dest_document(doc).unwrap_or_else(|| doc.to_string());
            let dst_name = ctx.dst_table(&dest_doc);
            let (Some(src), Some(dst)) = (
                ctx.src.catalog.get(&src_name),
                ctx.dst.catalog.get(&dst_name),
            ) else {
                continue; // reported by integrity
            };
            let d = decide(ctx, map, src, doc, dst, &dest_doc, &["StoreGroupCode"])?;
            for (what, fields, name) in [
                ("Source", &d.unmapped_source_fields, doc),
                ("Destination", &d.unmapped_dest_fields, dest_doc.as_str()),
            ] {
                if !fields.is_empty() {
                    msgs.push(
                        ctx.problem(),
                        TITLE,
                        Stage::Integrity,
                        format!(
                            "{what} fields are not mapped. Document: {name}. Fields: {}",
                            fields.join(",")
                        ),
                    );
                }
            }
            let TablePlan::Write(w) = &d.plan else {
                continue;
            };
            let rows = ctx.src.dim(&src_name);
            let mut columns = w.columns.clone();
            let mut out = Vec::with_capacity(rows.len());
            let mut account = TableAccount {
                read: rows.len() as u64,
                ..Default::default()
            };
            // store_group.code from the name, unique.
            let code = dest_doc == "store_group" && dst.column("code").is_some();
            if code && !columns.iter().any(|c| c == "code") {
                columns.push("code".into());
            }
            let mut taken = BTreeSet::new();
            for r in rows.iter() {
                let mut notes = RowNotes::default();
                match w.apply_owned(r, &mut notes) {
                    Ok(mut v) => {
                        if code {
                            let name = rows.text(r, "name").unwrap_or_default();
                            let mut c = group_code(&name);
                            if !taken.insert(c.clone()) {
                                let id = rows.text(r, "group_id").unwrap_or_default();
                                c = format!("{c}-{}", md5_hex(&id));
                                taken.insert(c.clone());
                                msgs.push(
                                    Level::Warning,
                                    TITLE,
                                    Stage::Data,
                                    format!("Duplicated code in {dest_doc}.code Record id {id}"),
                                );
                            }
                            let i = columns
                                .iter()
                                .position(|x| x == "code")
                                .expect("code column");
                            if i < v.len() {
                                v[i] = Some(c.into_bytes());
                            } else {
                                v.push(Some(c.into_bytes()));
                            }
                        }
                        out.push(v);
                    }
                    Err(rule) => *account.dropped.entry(rule).or_default() += 1,
                }
            }
            account.written.insert(dst_name.clone(), out.len() as u64);
            plan.claim(
                TITLE,
                &src_name,
                TablePlan::Generated { step: TITLE.into() },
            );
            plan.clear.insert(dst_name.clone());
            section.accounts.push((src_name, account));
            section.pieces.push(Piece::Rows {
                table: dst_name,
                columns,
                rows: out,
                on_duplicate: false,
            });
        }
        plan.before.push(section);
        Ok(())
    }

    fn volume(&self, _ctx: &Context, plan: &Plan, account: &super::Account, msgs: &mut Messages) {
        for (source, (step, p)) in &plan.tables {
            if step != TITLE || !matches!(p, TablePlan::Generated { .. }) {
                continue;
            }
            let Some(acc) = account.tables.get(source) else {
                continue;
            };
            for (dest, n) in &acc.written {
                if *n != acc.read {
                    msgs.push(
                        Level::Error,
                        TITLE,
                        Stage::Volume,
                        format!("Mismatch of entities in the document: {dest} Source: {} Destination: {n}", acc.read),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_codes_as_magento_makes_them() {
        assert_eq!(group_code("Main Website Store"), "main_website_store");
        assert_eq!(group_code("  2nd Shop!"), "nd_shop");
        assert_eq!(group_code("Boutique été"), "boutique_t");
        assert_eq!(group_code("123"), "store_group");
        assert_eq!(group_code(""), "store_group");
    }
}

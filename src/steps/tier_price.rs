//! Tier Price Step: Magento 1's tier prices and group prices, both into Magento 2's
//! `catalog_product_entity_tier_price` (map-tier-price.xml: new value ids, group prices
//! at the default qty 1, `is_percent` and `percentage_value` left out).
//!
//! As in Magento's tool, a group price replaces a tier price of qty 1 for the same product,
//! all-groups flag, customer group and website. Magento's tool gets that from the order of
//! its inserts; here the group rows are written with `ON DUPLICATE KEY UPDATE` and the tier
//! rows keep what is there, so the result does not depend on which table the dump has first.
//! The volume stage counts the keys over both tables and says how many rows the table will
//! hold.

use super::{Collected, Context, KeySpec, Level, Messages, Plan, Stage, Step};
use crate::mapping::plan::{OnDuplicate, TablePlan};
use anyhow::Result;
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

pub const TITLE: &str = "Tier Price Step";

const DEST: &str = "catalog_product_entity_tier_price";
const TIER: &str = "catalog_product_entity_tier_price";
const GROUP: &str = "catalog_product_entity_group_price";
const TIER_KEY: &[&str] = &[
    "entity_id",
    "all_groups",
    "customer_group_id",
    "qty",
    "website_id",
];
const GROUP_KEY: &[&str] = &["entity_id", "all_groups", "customer_group_id", "website_id"];

pub struct TierPriceStep;

/// `1.0000` and `1` are the same qty.
fn norm_qty(q: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(q);
    match s.trim().parse::<f64>() {
        Ok(v) => format!("{v:.4}").into_bytes(),
        Err(_) => q.to_vec(),
    }
}

impl Step for TierPriceStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, msgs: &mut Messages) -> Result<()> {
        let Some(map) = ctx.rules.map_tier_price.as_ref() else {
            return Ok(());
        };
        let dst_name = ctx.dst_table(DEST);
        let Some(dst) = ctx.dst.catalog.get(&dst_name) else {
            if ctx.src.catalog.get(&ctx.src_table(TIER)).is_some() {
                msgs.push(
                    ctx.problem(),
                    TITLE,
                    Stage::Integrity,
                    format!("Destination documents are not mapped: {DEST}"),
                );
            }
            return Ok(());
        };
        // 1.6 has no group prices (edition_number 1.6.x in Magento's tool).
        let mut dest_unmapped: Option<BTreeSet<String>> = None;
        for (doc, group) in [(TIER, false), (GROUP, true)] {
            let src_name = ctx.src_table(doc);
            let Some(src) = ctx.src.catalog.get(&src_name) else {
                continue;
            };
            let d = super::map::decide(ctx, map, src, doc, dst, DEST, &[])?;
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
            // A destination field one of the two tables fills is mapped (the group
            // prices have no qty: they get its default, 1).
            let unmapped: BTreeSet<String> = d.unmapped_dest_fields.iter().cloned().collect();
            dest_unmapped = Some(match dest_unmapped {
                None => unmapped,
                Some(before) => before.intersection(&unmapped).cloned().collect(),
            });
            let TablePlan::Write(w) = d.plan else {
                continue;
            };
            let mut w = Arc::try_unwrap(w).expect("a fresh plan");
            w.on_duplicate = if group {
                OnDuplicate::Update
            } else {
                OnDuplicate::Keep
            };
            let key: Vec<String> = if group { GROUP_KEY } else { TIER_KEY }
                .iter()
                .map(|s| s.to_string())
                .collect();
            if key.iter().all(|k| src.column(k).is_some()) {
                plan.key(&src_name, &key);
            }
            plan.clear.insert(dst_name.clone());
            plan.take_over(TITLE, &src_name, TablePlan::Write(Arc::new(w)));
        }
        if let Some(fields) = dest_unmapped.filter(|f| !f.is_empty()) {
            msgs.push(
                ctx.problem(),
                TITLE,
                Stage::Integrity,
                format!(
                    "Destination fields are not mapped. Document: {DEST}. Fields: {}",
                    fields.into_iter().collect::<Vec<_>>().join(",")
                ),
            );
        }
        Ok(())
    }

    fn after_work(&self, ctx: &Context, plan: &Plan, collected: &Collected, msgs: &mut Messages) {
        let find = |doc: &str, key: &[&str]| -> Option<&super::keys::KeySet> {
            let spec = KeySpec {
                table: ctx.src_table(doc),
                columns: key.iter().map(|s| s.to_string()).collect(),
            };
            plan.keys
                .iter()
                .position(|k| *k == spec)
                .and_then(|i| collected.get(i))
        };
        let mut keys: HashSet<Vec<Vec<u8>>> = HashSet::new();
        let mut tier = 0u64;
        if let Some(set) = find(TIER, TIER_KEY) {
            for (v, _) in set.iter() {
                let mut parts: Vec<Vec<u8>> = v.split(|&b| b == 0x1f).map(<[u8]>::to_vec).collect();
                if parts.len() == 5 {
                    parts[3] = norm_qty(&parts[3]);
                }
                keys.insert(parts);
                tier += 1;
            }
        }
        let mut group = 0u64;
        let mut replaced = 0u64;
        if let Some(set) = find(GROUP, GROUP_KEY) {
            for (v, _) in set.iter() {
                let mut parts: Vec<Vec<u8>> = v.split(|&b| b == 0x1f).map(<[u8]>::to_vec).collect();
                parts.insert(3, norm_qty(b"1"));
                if !keys.insert(parts) {
                    replaced += 1;
                }
                group += 1;
            }
        }
        if tier + group > 0 {
            msgs.push(
                Level::Info,
                TITLE,
                Stage::Volume,
                format!(
                    "{DEST}: {} rows from {tier} tier prices and {group} group prices; {replaced} group prices replace the qty-1 tier price of the same product, groups and website (as in Magento's tool)",
                    keys.len()
                ),
            );
        }
    }
}

//! ConfigurablePrices Step: Magento 2 has no option surcharges for configurable products
//! (`catalog_product_super_attribute_pricing`, which map.xml ignores), so each child simple
//! product gets its own price: the parent's price plus the surcharges of the options the
//! child has (a fixed amount, or a percentage of the parent's price truncated to 4
//! decimals), written to the child's `price` in `catalog_product_entity_decimal` (it
//! overwrites the child's own price there, as Magento's tool does).
//!
//! The products, super attributes, super links and EAV values are in Magento 2 already with
//! their Magento 1 ids (Map and EAV steps), so the step writes, after the streamed rows, a
//! temporary table with the surcharges that apply in each store, one `INSERT … SELECT … ON
//! DUPLICATE KEY UPDATE` inside Magento 2, and drops the temporary table.
//!
//! Which surcharges apply is decided here, as Magento 1 decides it: with a global price
//! scope (`catalog/price/scope` 0, the default) only the surcharges of website 0 count, and
//! the prices are written for store 0; with a website price scope, a store's surcharge is
//! that of its website, or else that of website 0, and the prices are also written for every
//! store, from the parent's price in that store (or else store 0). Each surcharge is counted
//! once per child and store, however many stores a website has and however many store rows
//! the child's option values have (Magento's tool adds it once per store row: its issue
//! #857). The child's option is its store-0 value of the super attribute. A child of several
//! configurable products gets the price computed from the one with the highest id (rows are
//! upserted in parent order), not one that depends on the query plan.

use super::{Context, Level, Messages, Piece, Plan, Section, Stage, Step, TableAccount};
use crate::dump::write::quote_ident;
use crate::mapping::plan::TablePlan;
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet};

pub struct ConfigurablePricesStep;

pub const TITLE: &str = "ConfigurablePrices step";

const PRICING: &str = "catalog_product_super_attribute_pricing";
const PRICING_COLUMNS: [&str; 5] = [
    "product_super_attribute_id",
    "value_index",
    "is_percent",
    "pricing_value",
    "website_id",
];

/// Destination tables and the columns the price query uses.
const DESTINATION: [(&str, &[&str]); 6] = [
    (
        "catalog_product_super_attribute",
        &["product_super_attribute_id", "product_id", "attribute_id"],
    ),
    ("catalog_product_super_link", &["product_id", "parent_id"]),
    (
        "catalog_product_entity_int",
        &["entity_id", "attribute_id", "store_id", "value"],
    ),
    (
        "catalog_product_entity_decimal",
        &["entity_id", "attribute_id", "store_id", "value"],
    ),
    (
        "eav_attribute",
        &["attribute_id", "entity_type_id", "attribute_code"],
    ),
    ("eav_entity_type", &["entity_type_id", "entity_type_code"]),
];

/// The temporary table of surcharges by store.
pub const TEMPORARY: &str = "m1tom2_configurable_prices";

/// Rules of the row account.
pub const FOLDED: &str = "folded into child prices by the ConfigurablePrices step";
pub const GLOBAL_SCOPE: &str =
    "a website surcharge, but the price scope is global (Magento 1 ignores it too)";
pub const NO_STORES: &str = "a surcharge of a website without stores";
pub const BAD_ROW: &str = "not a surcharge (value_index, is_percent or pricing_value unreadable)";

/// One surcharge row of Magento 1.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Surcharge {
    super_attribute: u64,
    option: u64,
    percent: bool,
    /// The decimal as written.
    value: String,
    website: u64,
}

/// A surcharge as it applies in a store.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Applied {
    pub super_attribute: u64,
    pub option: u64,
    pub store: u64,
    pub percent: bool,
    pub value: String,
}

fn decimal(s: &str) -> Option<String> {
    let t = s.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let ok = (!int.is_empty() || !frac.is_empty())
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && int.len() <= 14
        && frac.len() <= 6;
    ok.then(|| t.to_string())
}

/// Whether Magento 1's price scope is the website (`catalog/price/scope` = 1 at default
/// scope).
pub fn website_scope(ctx: &Context) -> bool {
    let cfg = ctx.src_rows("core_config_data");
    cfg.iter().any(|r| {
        cfg.text(r, "path").as_deref() == Some("catalog/price/scope")
            && cfg.text(r, "scope").as_deref().unwrap_or("default") == "default"
            && cfg.int(r, "value") == Some(1)
    })
}

/// The surcharges by store, and the row account of the pricing table.
fn applied(ctx: &Context) -> (Vec<Applied>, TableAccount) {
    let rows = ctx.src_rows(PRICING);
    let mut account = TableAccount {
        read: rows.len() as u64,
        ..Default::default()
    };
    let mut drop = |rule: &str| *account.dropped.entry(rule.to_string()).or_default() += 1;
    let website = website_scope(ctx);
    let stores_rs = ctx.src_rows("core_store");
    // website → its stores (the admin store 0 is store 0's own case).
    let mut stores: BTreeMap<u64, BTreeSet<u64>> = BTreeMap::new();
    for r in stores_rs.iter() {
        let id = |c: &str| stores_rs.int(r, c).and_then(|v| u64::try_from(v).ok());
        if let (Some(s), Some(w)) = (id("store_id"), id("website_id"))
            && s != 0
        {
            stores.entry(w).or_default().insert(s);
        }
    }
    // (super attribute, option) → website → surcharge.
    let mut by_option: BTreeMap<(u64, u64), BTreeMap<u64, Surcharge>> = BTreeMap::new();
    let num = |r: &Vec<crate::schema::rows::Datum>, c: &str| {
        rows.int(r, c).and_then(|v| u64::try_from(v).ok())
    };
    for r in rows.iter() {
        let parsed = (|| {
            Some(Surcharge {
                super_attribute: num(r, "product_super_attribute_id")?,
                option: num(r, "value_index")?,
                percent: num(r, "is_percent")? != 0,
                value: decimal(&rows.text(r, "pricing_value")?)?,
                website: num(r, "website_id").unwrap_or(0),
            })
        })();
        let Some(s) = parsed else {
            drop(BAD_ROW);
            continue;
        };
        if s.website != 0 && !website {
            drop(GLOBAL_SCOPE);
            continue;
        }
        if s.website != 0 && !stores.contains_key(&s.website) {
            drop(NO_STORES);
            continue;
        }
        drop(FOLDED);
        by_option
            .entry((s.super_attribute, s.option))
            .or_default()
            .insert(s.website, s);
    }
    let mut out = Vec::new();
    for ((sa, opt), sites) in &by_option {
        let mut push = |store: u64, s: &Surcharge| {
            out.push(Applied {
                super_attribute: *sa,
                option: *opt,
                store,
                percent: s.percent,
                value: s.value.clone(),
            })
        };
        if let Some(s) = sites.get(&0) {
            push(0, s);
        }
        if website {
            for (w, ss) in &stores {
                let Some(s) = sites.get(w).or_else(|| sites.get(&0)) else {
                    continue;
                };
                for store in ss {
                    push(*store, s);
                }
            }
        }
    }
    out.sort();
    (out, account)
}

/// The statement that writes the child prices from the temporary table.
pub fn price_query(dst_prefix: &str) -> String {
    let t = |n: &str| quote_ident(&format!("{dst_prefix}{n}"));
    let tmp = quote_ident(TEMPORARY);
    let parent_price = "COALESCE(ps.`value`, p0.`value`)";
    format!(
        "INSERT INTO {decimal} (`attribute_id`, `store_id`, `entity_id`, `value`)\n\
         SELECT pa.`attribute_id`, t.`store_id`, l.`product_id`,\n  \
           MAX({parent_price}) + SUM(IF(t.`is_percent` = 1, TRUNCATE({parent_price} * t.`pricing_value` / 100, 4), t.`pricing_value`))\n\
         FROM {tmp} t\n\
         JOIN {sa} sa ON sa.`product_super_attribute_id` = t.`product_super_attribute_id`\n\
         JOIN {link} l ON l.`parent_id` = sa.`product_id`\n\
         JOIN {int} ci ON ci.`entity_id` = l.`product_id` AND ci.`attribute_id` = sa.`attribute_id` AND ci.`store_id` = 0 AND ci.`value` = t.`value_index`\n\
         JOIN (SELECT a.`attribute_id` FROM {attr} a JOIN {types} e ON e.`entity_type_id` = a.`entity_type_id` \
               WHERE e.`entity_type_code` = 'catalog_product' AND a.`attribute_code` = 'price') pa\n\
         LEFT JOIN {decimal} p0 ON p0.`entity_id` = sa.`product_id` AND p0.`attribute_id` = pa.`attribute_id` AND p0.`store_id` = 0\n\
         LEFT JOIN {decimal} ps ON ps.`entity_id` = sa.`product_id` AND ps.`attribute_id` = pa.`attribute_id` AND ps.`store_id` = t.`store_id`\n\
         WHERE {parent_price} IS NOT NULL\n\
         GROUP BY l.`parent_id`, l.`product_id`, t.`store_id`, pa.`attribute_id`\n\
         ORDER BY l.`parent_id`, l.`product_id`, t.`store_id`\n\
         ON DUPLICATE KEY UPDATE `value` = VALUES(`value`)",
        decimal = t("catalog_product_entity_decimal"),
        sa = t("catalog_product_super_attribute"),
        link = t("catalog_product_super_link"),
        int = t("catalog_product_entity_int"),
        attr = t("eav_attribute"),
        types = t("eav_entity_type"),
    )
}

impl Step for ConfigurablePricesStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn dims(&self) -> Vec<&'static str> {
        vec![PRICING, "core_store", "core_config_data"]
    }

    fn integrity(&self, ctx: &Context, msgs: &mut Messages) {
        ctx.require_columns(msgs, TITLE, true, PRICING, &PRICING_COLUMNS);
        ctx.require_columns(msgs, TITLE, true, "core_store", &["store_id", "website_id"]);
        for (doc, cols) in DESTINATION {
            ctx.require_columns(msgs, TITLE, false, doc, cols);
        }
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, msgs: &mut Messages) -> Result<()> {
        let source = ctx.src_table(PRICING);
        if ctx.src.catalog.get(&source).is_none() {
            return Ok(()); // reported by integrity
        }
        if DESTINATION
            .iter()
            .any(|(d, _)| ctx.dst.catalog.get(&ctx.dst_table(d)).is_none())
        {
            return Ok(()); // reported by integrity
        }
        let (rows, account) = applied(ctx);
        let mut section = Section {
            step: TITLE.into(),
            name: "child prices of configurable products".into(),
            ..Default::default()
        };
        let claimed = plan.take_over(TITLE, &source, TablePlan::Generated { step: TITLE.into() });
        if claimed {
            section.accounts.push((source.clone(), account));
        } else {
            msgs.push(
                Level::Warning,
                TITLE,
                Stage::Data,
                format!(
                    "{PRICING} is migrated by another step as well; its surcharges are also folded into the child prices"
                ),
            );
        }
        if !rows.is_empty() {
            let tmp = quote_ident(TEMPORARY);
            section.pieces.push(Piece::Sql(
                format!("DROP TEMPORARY TABLE IF EXISTS {tmp}").into_bytes(),
            ));
            section.pieces.push(Piece::Sql(
                format!(
                    "CREATE TEMPORARY TABLE {tmp} (\n  `product_super_attribute_id` int unsigned NOT NULL,\n  `value_index` int unsigned NOT NULL,\n  `store_id` smallint unsigned NOT NULL,\n  `is_percent` tinyint unsigned NOT NULL,\n  `pricing_value` decimal(20,6) NOT NULL,\n  PRIMARY KEY (`product_super_attribute_id`,`value_index`,`store_id`)\n)"
                )
                .into_bytes(),
            ));
            section.pieces.push(Piece::Rows {
                table: TEMPORARY.into(),
                columns: [
                    "product_super_attribute_id",
                    "value_index",
                    "store_id",
                    "is_percent",
                    "pricing_value",
                ]
                .iter()
                .map(|c| c.to_string())
                .collect(),
                rows: rows
                    .iter()
                    .map(|a| {
                        vec![
                            Some(a.super_attribute.to_string().into_bytes()),
                            Some(a.option.to_string().into_bytes()),
                            Some(a.store.to_string().into_bytes()),
                            Some(if a.percent {
                                b"1".to_vec()
                            } else {
                                b"0".to_vec()
                            }),
                            Some(a.value.clone().into_bytes()),
                        ]
                    })
                    .collect(),
                on_duplicate: false,
            });
            section
                .pieces
                .push(Piece::Sql(price_query(&ctx.dst_prefix).into_bytes()));
            section.pieces.push(Piece::Sql(
                format!("DROP TEMPORARY TABLE {tmp}").into_bytes(),
            ));
        }
        if !section.pieces.is_empty() || !section.accounts.is_empty() {
            plan.after.push(section);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_read() {
        assert_eq!(decimal("10.0000").as_deref(), Some("10.0000"));
        assert_eq!(decimal(" -2.5").as_deref(), Some("-2.5"));
        assert_eq!(decimal("7").as_deref(), Some("7"));
        assert_eq!(decimal("1e3"), None);
        assert_eq!(decimal(""), None);
        assert_eq!(decimal("."), None);
        assert_eq!(decimal("1.1234567"), None);
    }

    #[test]
    fn the_query_names_prefixed_tables() {
        let q = price_query("m2_");
        assert!(q.contains("`m2_catalog_product_super_link`"));
        assert!(q.contains("`m1tom2_configurable_prices`"));
        assert!(q.contains("ON DUPLICATE KEY UPDATE"));
    }
}

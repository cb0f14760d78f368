//! Inventory Step (Magento's MSI): runs only when the destination has Magento_Inventory's
//! tables. As Magento's tool does it inside Magento 2, after the streamed rows:
//!
//! 1. `inventory_source_item` ← every `cataloginventory_stock_item` row of website 0 joined to
//!    `catalog_product_entity` for the sku: the default source (the first `inventory_source`
//!    row), quantity = qty, status = is_in_stock; `ON DUPLICATE KEY UPDATE`.
//! 2. `inventory_stock_sales_channel` emptied and filled with every `store_website` code but
//!    `admin`, as type `website` of stock 1.
//! 3. `inventory_shipment_source`: every `sales_shipment` with the default source.
//!
//! The default source is read from the destination when it has `inventory_source` rows
//! (`default` in a fresh Magento 2), else looked up at load time.
//!
//! Integrity: the three tables must have exactly their expected columns. Volume (a warning,
//! the step also runs in delta mode): the stock items against the source items they make —
//! known offline from pass-1 lookups of the stock items' products and the products' skus.

use super::order_grids::quote_literal;
use super::{Account, Context, Level, Messages, Piece, Plan, Section, Stage, Step};
use crate::dump::write::quote_ident;
use anyhow::Result;
use std::collections::BTreeSet;

pub struct InventoryStep;

pub const TITLE: &str = "Inventory Step";

/// The tables the step writes and their exact columns.
const STRUCTURE: &[(&str, &[&str])] = &[
    (
        "inventory_source_item",
        &["source_item_id", "source_code", "sku", "quantity", "status"],
    ),
    (
        "inventory_stock_sales_channel",
        &["type", "code", "stock_id"],
    ),
    ("inventory_shipment_source", &["shipment_id", "source_code"]),
];

/// The Magento 2 tables the step reads, and the columns it reads from them.
const READS: &[(&str, &[&str])] = &[
    (
        "cataloginventory_stock_item",
        &["product_id", "qty", "is_in_stock", "website_id"],
    ),
    ("catalog_product_entity", &["entity_id", "sku"]),
    ("store_website", &["code"]),
    ("sales_shipment", &["entity_id"]),
    ("inventory_source", &["source_code"]),
];

/// The pass-1 lookups the volume check uses.
const STOCK_PRODUCT: (&str, &str, &str) = ("cataloginventory_stock_item", "item_id", "product_id");
const PRODUCT_SKU: (&str, &str, &str) = ("catalog_product_entity", "entity_id", "sku");

/// Magento_Inventory is installed in the destination.
fn has_msi(ctx: &Context) -> bool {
    ctx.dst
        .catalog
        .get(&ctx.dst_table("inventory_source_item"))
        .is_some()
}

/// What is wrong with the destination, as Magento's messages say it.
fn problems(ctx: &Context) -> Vec<String> {
    let mut out = Vec::new();
    for (table, cols) in STRUCTURE.iter().chain(READS) {
        let exact = STRUCTURE.iter().any(|(t, _)| t == table);
        let Some(t) = ctx.dst.catalog.get(&ctx.dst_table(table)) else {
            out.push(format!(
                "Integrity check failed due to \"{table}\" document does not exist in the destination resource"
            ));
            continue;
        };
        let missing: Vec<&str> = cols
            .iter()
            .copied()
            .filter(|c| t.column(c).is_none())
            .collect();
        if !missing.is_empty() {
            out.push(format!(
                "Destination fields are missing. Document: {table}. Fields: {}",
                missing.join(",")
            ));
        }
        if exact {
            let extra: Vec<&str> = t
                .columns
                .iter()
                .map(|c| c.name.as_str())
                .filter(|c| !cols.contains(c))
                .collect();
            if !extra.is_empty() {
                out.push(format!(
                    "Destination fields are not mapped. Document: {table}. Fields: {}",
                    extra.join(",")
                ));
            }
        }
    }
    out
}

/// The default source: the first `inventory_source` row of the destination as an SQL
/// literal, or a load-time lookup when the destination's rows are not known.
fn default_source(ctx: &Context) -> String {
    let rows = ctx.dst_rows("inventory_source");
    let first = rows
        .iter()
        .filter_map(|r| rows.text(r, "source_code"))
        .min();
    match first {
        Some(code) => quote_literal(&code),
        None => format!(
            "(SELECT `source_code` FROM {} ORDER BY `source_code` LIMIT 1)",
            quote_ident(&ctx.dst_table("inventory_source"))
        ),
    }
}

impl Step for InventoryStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn lookups(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        vec![STOCK_PRODUCT, PRODUCT_SKU]
    }

    fn integrity(&self, ctx: &Context, msgs: &mut Messages) {
        if !has_msi(ctx) {
            return;
        }
        for p in problems(ctx) {
            msgs.push(ctx.problem(), TITLE, Stage::Integrity, p);
        }
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, msgs: &mut Messages) -> Result<()> {
        if !has_msi(ctx) || !problems(ctx).is_empty() {
            return Ok(());
        }
        let t = |n: &str| quote_ident(&ctx.dst_table(n));
        let source = default_source(ctx);
        if source.starts_with('(') {
            msgs.push(
                Level::Notice,
                TITLE,
                Stage::Data,
                "the destination's inventory_source rows are not known: the default source is looked up when the output is loaded",
            );
        }
        let pieces = vec![
            // ON DUPLICATE KEY UPDATE relies on the (source_code, sku) unique key, which
            // the output's header stops checking for speed.
            Piece::Sql(b"SET UNIQUE_CHECKS=1".to_vec()),
            Piece::Sql(
                format!(
                    "INSERT INTO {} (`source_code`, `sku`, `quantity`, `status`) SELECT {source}, p.`sku`, IFNULL(s.`qty`, 0), s.`is_in_stock` FROM {} s INNER JOIN {} p ON p.`entity_id` = s.`product_id` WHERE s.`website_id` = 0 AND p.`sku` IS NOT NULL ORDER BY s.`item_id` ON DUPLICATE KEY UPDATE `quantity` = VALUES(`quantity`), `status` = VALUES(`status`)",
                    t("inventory_source_item"),
                    t("cataloginventory_stock_item"),
                    t("catalog_product_entity"),
                )
                .into_bytes(),
            ),
            Piece::Sql(format!("DELETE FROM {}", t("inventory_stock_sales_channel")).into_bytes()),
            Piece::Sql(
                format!(
                    "INSERT INTO {} (`type`, `code`, `stock_id`) SELECT 'website', w.`code`, 1 FROM {} w WHERE w.`code` IS NOT NULL AND w.`code` <> 'admin' ORDER BY w.`website_id`",
                    t("inventory_stock_sales_channel"),
                    t("store_website"),
                )
                .into_bytes(),
            ),
            Piece::Sql(
                format!(
                    "INSERT INTO {} (`shipment_id`, `source_code`) SELECT s.`entity_id`, {source} FROM {} s ORDER BY s.`entity_id` ON DUPLICATE KEY UPDATE `source_code` = VALUES(`source_code`)",
                    t("inventory_shipment_source"),
                    t("sales_shipment"),
                )
                .into_bytes(),
            ),
        ];
        plan.after.push(Section {
            step: TITLE.into(),
            name: "source items, sales channels and shipment sources of Magento's MSI".into(),
            pieces,
            accounts: Vec::new(),
            removed: Vec::new(),
        });
        Ok(())
    }

    fn volume(&self, ctx: &Context, _plan: &Plan, account: &Account, msgs: &mut Messages) {
        if !has_msi(ctx) || !problems(ctx).is_empty() {
            return;
        }
        let (Some(stock), Some(skus)) = (
            ctx.lookup(STOCK_PRODUCT.0, STOCK_PRODUCT.1, STOCK_PRODUCT.2),
            ctx.lookup(PRODUCT_SKU.0, PRODUCT_SKU.1, PRODUCT_SKU.2),
        ) else {
            return;
        };
        let Some(read) = account
            .tables
            .get(&ctx.src_table("cataloginventory_stock_item"))
            .map(|a| a.read)
        else {
            return;
        };
        // One source item per product that has a sku (website 0 is the only one Magento 1
        // stock items land in).
        let items: BTreeSet<Vec<u8>> = stock
            .iter()
            .filter_map(|(_, p)| p)
            .filter(|p| skus.get(p).is_some_and(|s| s.is_some()))
            .collect();
        if read != items.len() as u64 {
            msgs.push(
                Level::Warning,
                TITLE,
                Stage::Volume,
                format!(
                    "Mismatch of entities in the document: inventory_source_item Source: {read} Destination: {}",
                    items.len()
                ),
            );
        }
    }
}

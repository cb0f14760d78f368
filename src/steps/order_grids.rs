//! OrderGrids Step: Magento 2's four sales grids (`sales_order_grid`, `sales_invoice_grid`,
//! `sales_shipment_grid`, `sales_creditmemo_grid`) rebuilt from the migrated sales tables.
//!
//! As Magento's tool does it inside Magento 2, the work is SQL that runs where the data is:
//! after the streamed rows, each grid is emptied and filled with one `INSERT … SELECT` over
//! `sales_order` (or the invoice, shipment or credit memo joined to its order), the order's
//! first billing and shipping address (`sales_order_address`, names and addresses joined with
//! trim/ifnull), and its first payment (`sales_order_payment.method`). Grid columns not
//! computed keep their default (NULL). Values are cut to the grid column's length and NOT
//! NULL columns get their default instead of NULL, so that the load passes strict mode.
//!
//! Magento's tool takes the entity ids page by page from the Magento 1 grids; here every
//! migrated entity that has its order gets a row (as Magento 2's own grid indexer would), and
//! the volume check says where the Magento 1 grid counted otherwise.
//!
//! The Magento 1 grids (`sales_flat_*_grid`, ignored by map.xml) are claimed by this step:
//! their rows are accounted as rebuilt, not lost.
//!
//! Integrity: every computed column must exist in its grid ("%s table does not contain
//! field: %s"); the same message names a column of a sales table the step reads that
//! Magento 2 lacks. Volume: the rows of each Magento 1 grid against the rows written to the
//! Magento 2 table the grid is built from ("Mismatch of entities in the document: …"), a
//! warning as in Magento's tool (the step also runs in delta mode).

use super::{Account, Context, Level, Messages, Piece, Plan, Section, Stage, Step};
use crate::dump::write::quote_ident;
use crate::mapping::plan::TablePlan;
use crate::schema::Column;
use anyhow::Result;

pub struct OrderGridsStep;

pub const TITLE: &str = "OrderGrids Step";

/// The rule the row account names for the Magento 1 grid rows.
pub const RULE: &str = "rebuilt from the migrated sales tables by the OrderGrids step";

/// Where a grid value comes from.
#[derive(Clone, Copy, Debug)]
enum Src {
    /// A column of the grid's own entity (the order, invoice, shipment or credit memo).
    E(&'static str),
    /// A column of the order (for the order grid, the same as `E`).
    O(&'static str),
    BillingName,
    ShippingName,
    BillingAddress,
    ShippingAddress,
    /// Customer first and last name of the order.
    CustomerName,
    /// `sales_order_payment.method` of the order's first payment.
    Payment,
}

use Src::*;

/// One grid: its Magento 1 source grid, the Magento 2 entity table it is built from, and
/// its columns.
struct Grid {
    m1_grid: &'static str,
    grid: &'static str,
    entity: &'static str,
    columns: &'static [(&'static str, Src)],
}

const GRIDS: &[Grid] = &[
    Grid {
        m1_grid: "sales_flat_order_grid",
        grid: "sales_order_grid",
        entity: "sales_order",
        columns: &[
            ("entity_id", E("entity_id")),
            ("status", E("status")),
            ("store_id", E("store_id")),
            ("store_name", E("store_name")),
            ("customer_id", E("customer_id")),
            ("base_grand_total", E("base_grand_total")),
            ("base_total_paid", E("base_total_paid")),
            ("grand_total", E("grand_total")),
            ("total_paid", E("total_paid")),
            ("increment_id", E("increment_id")),
            ("base_currency_code", E("base_currency_code")),
            ("order_currency_code", E("order_currency_code")),
            ("shipping_name", ShippingName),
            ("billing_name", BillingName),
            ("created_at", E("created_at")),
            ("updated_at", E("updated_at")),
            ("billing_address", BillingAddress),
            ("shipping_address", ShippingAddress),
            ("shipping_information", E("shipping_description")),
            ("customer_email", E("customer_email")),
            ("customer_group", E("customer_group_id")),
            ("subtotal", E("base_subtotal")),
            ("shipping_and_handling", E("base_shipping_amount")),
            ("customer_name", CustomerName),
            ("payment_method", Payment),
            ("total_refunded", E("total_refunded")),
        ],
    },
    Grid {
        m1_grid: "sales_flat_invoice_grid",
        grid: "sales_invoice_grid",
        entity: "sales_invoice",
        columns: &[
            ("entity_id", E("entity_id")),
            ("increment_id", E("increment_id")),
            ("state", E("state")),
            ("store_id", E("store_id")),
            ("store_name", O("store_name")),
            ("order_id", E("order_id")),
            ("order_increment_id", O("increment_id")),
            ("order_created_at", O("created_at")),
            ("customer_name", CustomerName),
            ("customer_email", O("customer_email")),
            ("customer_group_id", O("customer_group_id")),
            ("payment_method", Payment),
            ("store_currency_code", E("store_currency_code")),
            ("order_currency_code", E("order_currency_code")),
            ("base_currency_code", E("base_currency_code")),
            ("global_currency_code", E("global_currency_code")),
            ("billing_name", BillingName),
            ("billing_address", BillingAddress),
            ("shipping_address", ShippingAddress),
            ("shipping_information", O("shipping_description")),
            ("subtotal", E("base_subtotal")),
            ("shipping_and_handling", E("base_shipping_amount")),
            ("grand_total", E("grand_total")),
            ("base_grand_total", E("base_grand_total")),
            ("created_at", E("created_at")),
            ("updated_at", E("updated_at")),
        ],
    },
    Grid {
        m1_grid: "sales_flat_shipment_grid",
        grid: "sales_shipment_grid",
        entity: "sales_shipment",
        columns: &[
            ("entity_id", E("entity_id")),
            ("increment_id", E("increment_id")),
            ("store_id", E("store_id")),
            ("order_increment_id", O("increment_id")),
            ("order_id", E("order_id")),
            ("order_created_at", O("created_at")),
            ("customer_name", CustomerName),
            ("total_qty", E("total_qty")),
            ("shipment_status", E("shipment_status")),
            ("order_status", O("status")),
            ("billing_address", BillingAddress),
            ("shipping_address", ShippingAddress),
            ("billing_name", BillingName),
            ("shipping_name", ShippingName),
            ("customer_email", O("customer_email")),
            ("customer_group_id", O("customer_group_id")),
            ("payment_method", Payment),
            ("shipping_information", O("shipping_description")),
            ("created_at", E("created_at")),
            ("updated_at", E("updated_at")),
        ],
    },
    Grid {
        m1_grid: "sales_flat_creditmemo_grid",
        grid: "sales_creditmemo_grid",
        entity: "sales_creditmemo",
        columns: &[
            ("entity_id", E("entity_id")),
            ("increment_id", E("increment_id")),
            ("created_at", E("created_at")),
            ("updated_at", E("updated_at")),
            ("order_id", E("order_id")),
            ("order_increment_id", O("increment_id")),
            ("order_created_at", O("created_at")),
            ("billing_name", BillingName),
            ("state", E("state")),
            ("base_grand_total", E("base_grand_total")),
            ("order_status", O("status")),
            ("store_id", E("store_id")),
            ("billing_address", BillingAddress),
            ("shipping_address", ShippingAddress),
            ("customer_name", CustomerName),
            ("customer_email", O("customer_email")),
            ("customer_group_id", O("customer_group_id")),
            ("payment_method", Payment),
            ("shipping_information", O("shipping_description")),
            ("subtotal", E("base_subtotal")),
            ("shipping_and_handling", E("base_shipping_amount")),
            ("adjustment_positive", E("base_adjustment_positive")),
            ("adjustment_negative", E("base_adjustment_negative")),
            ("order_base_grand_total", O("base_grand_total")),
        ],
    },
];

/// Columns of the Magento 2 tables the grids read besides the entities' own.
const ADDRESS_COLUMNS: &[&str] = &[
    "entity_id",
    "parent_id",
    "address_type",
    "firstname",
    "lastname",
    "street",
    "city",
    "region",
    "postcode",
];
const PAYMENT_COLUMNS: &[&str] = &["entity_id", "parent_id", "method"];
const ORDER_NAME_COLUMNS: &[&str] = &["customer_firstname", "customer_lastname"];

/// An SQL expression that fits `expr` into column `c` under strict mode: text cut to the
/// column's length, NULL replaced by the column's default (or the value MySQL itself would
/// give) in a NOT NULL column.
pub(crate) fn fit(expr: &str, c: &Column) -> String {
    let mut e = expr.to_string();
    if matches!(c.data_type.as_str(), "varchar" | "char")
        && let Some(n) = c.length
    {
        e = format!("LEFT({e}, {n})");
    }
    if !c.nullable && !c.auto_increment {
        let fallback = match c.default.as_deref() {
            Some(d) if d.to_ascii_uppercase().starts_with("CURRENT_TIMESTAMP") => {
                "CURRENT_TIMESTAMP".to_string()
            }
            Some(d) if !c.default_is_null => quote_literal(d),
            _ => quote_literal(&super::map::implicit_default(c)),
        };
        e = format!("IFNULL({e}, {fallback})");
    }
    e
}

/// A string as an SQL literal.
pub(crate) fn quote_literal(s: &str) -> String {
    let mut out = Vec::new();
    crate::dump::value::escape_quoted(&mut out, s.as_bytes());
    String::from_utf8_lossy(&out).into_owned()
}

/// `firstname lastname` of an address alias, NULL without an address.
fn name_of(a: &str) -> String {
    format!(
        "IF({a}.entity_id IS NULL, NULL, TRIM(CONCAT(IFNULL({a}.firstname, ''), ' ', IFNULL({a}.lastname, ''))))"
    )
}

/// `street, city, region, postcode` of an address alias, NULL without an address.
fn address_of(a: &str) -> String {
    format!(
        "IF({a}.entity_id IS NULL, NULL, TRIM(CONCAT(IFNULL({a}.street, ''), ', ', IFNULL({a}.city, ''), ', ', IFNULL({a}.region, ''), ', ', IFNULL({a}.postcode, ''))))"
    )
}

/// The columns of `table` (destination, unprefixed) that `wanted` names and it lacks;
/// `None` when the table itself is missing.
fn missing(ctx: &Context, table: &str, wanted: &[&str]) -> Option<Vec<String>> {
    let t = ctx.dst.catalog.get(&ctx.dst_table(table))?;
    Some(
        wanted
            .iter()
            .filter(|c| t.column(c).is_none())
            .map(|c| c.to_string())
            .collect(),
    )
}

/// What a grid can be built from: the columns it fills (name, expression), or why not.
struct Built {
    columns: Vec<(String, String)>,
    problems: Vec<String>,
}

fn build(ctx: &Context, g: &Grid) -> Option<Built> {
    let grid = ctx.dst.catalog.get(&ctx.dst_table(g.grid))?;
    let entity = ctx.dst.catalog.get(&ctx.dst_table(g.entity))?;
    let order = ctx.dst.catalog.get(&ctx.dst_table("sales_order"))?;
    let is_order = g.entity == "sales_order";
    let main = if is_order { "o" } else { "e" };
    let mut problems = Vec::new();
    let addr_missing = missing(ctx, "sales_order_address", ADDRESS_COLUMNS);
    let pay_missing = missing(ctx, "sales_order_payment", PAYMENT_COLUMNS);
    for (t, m) in [
        ("sales_order_address", &addr_missing),
        ("sales_order_payment", &pay_missing),
    ] {
        match m {
            None => problems.push(format!("{t} table does not exist")),
            Some(cols) => {
                for c in cols {
                    problems.push(format!("{t} table does not contain field: {c}"));
                }
            }
        }
    }
    let addr_ok = addr_missing.as_ref().is_some_and(Vec::is_empty);
    let pay_ok = pay_missing.as_ref().is_some_and(Vec::is_empty);
    let names_ok = ORDER_NAME_COLUMNS.iter().all(|c| order.column(c).is_some());
    let mut columns = Vec::new();
    for (col, src) in g.columns {
        let Some(dc) = grid.column(col) else {
            problems.push(format!("{} table does not contain field: {col}", g.grid));
            continue;
        };
        let expr = match src {
            E(c) => match entity.column(c) {
                Some(_) => format!("{main}.{}", quote_ident(c)),
                None => {
                    problems.push(format!("{} table does not contain field: {c}", g.entity));
                    continue;
                }
            },
            O(c) => match order.column(c) {
                Some(_) => format!("o.{}", quote_ident(c)),
                None => {
                    problems.push(format!("sales_order table does not contain field: {c}"));
                    continue;
                }
            },
            BillingName | ShippingName | BillingAddress | ShippingAddress if !addr_ok => continue,
            BillingName => name_of("ba"),
            ShippingName => name_of("sa"),
            BillingAddress => address_of("ba"),
            ShippingAddress => address_of("sa"),
            CustomerName if !names_ok => {
                problems.push(
                    "sales_order table does not contain field: customer_firstname, customer_lastname"
                        .into(),
                );
                continue;
            }
            CustomerName => "TRIM(CONCAT(IFNULL(o.customer_firstname, ''), ' ', IFNULL(o.customer_lastname, '')))".into(),
            Payment if !pay_ok => continue,
            Payment => "p.method".into(),
        };
        columns.push((col.to_string(), fit(&expr, dc)));
    }
    problems.dedup();
    Some(Built { columns, problems })
}

/// The `INSERT … SELECT` that fills a grid.
fn fill_sql(ctx: &Context, g: &Grid, columns: &[(String, String)]) -> String {
    let t = |n: &str| quote_ident(&ctx.dst_table(n));
    let is_order = g.entity == "sales_order";
    let names: Vec<String> = columns.iter().map(|(c, _)| quote_ident(c)).collect();
    let exprs: Vec<&str> = columns.iter().map(|(_, e)| e.as_str()).collect();
    let uses = |alias: &str| exprs.iter().any(|e| e.contains(&format!("{alias}.")));
    let mut from = if is_order {
        format!("{} o", t("sales_order"))
    } else {
        format!(
            "{} e INNER JOIN {} o ON o.entity_id = e.order_id",
            t(g.entity),
            t("sales_order")
        )
    };
    for (alias, kind) in [("ba", "billing"), ("sa", "shipping")] {
        if uses(alias) {
            from.push_str(&format!(
                " LEFT JOIN (SELECT parent_id, MIN(entity_id) AS id FROM {addr} WHERE address_type = '{kind}' GROUP BY parent_id) {alias}_first ON {alias}_first.parent_id = o.entity_id LEFT JOIN {addr} {alias} ON {alias}.entity_id = {alias}_first.id",
                addr = t("sales_order_address")
            ));
        }
    }
    if uses("p") {
        from.push_str(&format!(
            " LEFT JOIN (SELECT parent_id, MIN(entity_id) AS id FROM {pay} GROUP BY parent_id) p_first ON p_first.parent_id = o.entity_id LEFT JOIN {pay} p ON p.entity_id = p_first.id",
            pay = t("sales_order_payment")
        ));
    }
    let main = if is_order { "o" } else { "e" };
    format!(
        "INSERT INTO {} ({}) SELECT {} FROM {from} ORDER BY {main}.entity_id",
        t(g.grid),
        names.join(", "),
        exprs.join(", ")
    )
}

impl Step for OrderGridsStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn integrity(&self, ctx: &Context, msgs: &mut Messages) {
        let mut problems: Vec<String> = Vec::new();
        for g in GRIDS {
            for doc in [g.grid, g.entity, "sales_order"] {
                if ctx.dst.catalog.get(&ctx.dst_table(doc)).is_none() {
                    problems.push(format!(
                        "Integrity check failed due to \"{doc}\" document does not exist in the destination resource"
                    ));
                }
            }
            if let Some(b) = build(ctx, g) {
                problems.extend(b.problems);
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for p in problems {
            if seen.insert(p.clone()) {
                msgs.push(ctx.problem(), TITLE, Stage::Integrity, p);
            }
        }
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, _msgs: &mut Messages) -> Result<()> {
        let mut pieces = Vec::new();
        for g in GRIDS {
            let Some(b) = build(ctx, g) else { continue };
            if b.columns.is_empty() {
                continue;
            }
            let src = ctx.src_table(g.m1_grid);
            if ctx.src.catalog.get(&src).is_some() {
                plan.take_over(TITLE, &src, TablePlan::Drop { rule: RULE.into() });
            }
            pieces.push(Piece::Sql(
                format!("DELETE FROM {}", quote_ident(&ctx.dst_table(g.grid))).into_bytes(),
            ));
            pieces.push(Piece::Sql(fill_sql(ctx, g, &b.columns).into_bytes()));
        }
        if !pieces.is_empty() {
            plan.after.push(Section {
                step: TITLE.into(),
                name: "sales grids rebuilt from the migrated orders, invoices, shipments and credit memos".into(),
                pieces,
                accounts: Vec::new(),
                removed: Vec::new(),
            });
        }
        Ok(())
    }

    fn volume(&self, ctx: &Context, plan: &Plan, account: &Account, msgs: &mut Messages) {
        for g in GRIDS {
            let src = ctx.src_table(g.m1_grid);
            let Some((step, _)) = plan.tables.get(&src) else {
                continue;
            };
            if step != TITLE {
                continue;
            }
            let source = account.tables.get(&src).map(|a| a.read).unwrap_or(0);
            let destination = account.written_to(&ctx.dst_table(g.entity));
            if source != destination {
                msgs.push(
                    Level::Warning,
                    TITLE,
                    Stage::Volume,
                    format!(
                        "Mismatch of entities in the document: {} Source: {source} Destination: {destination}",
                        g.grid
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(data_type: &str, length: Option<u64>, nullable: bool, default: Option<&str>) -> Column {
        let mut c = Column::new("c", data_type);
        c.length = length;
        c.nullable = nullable;
        c.default = default.map(str::to_string);
        c
    }

    #[test]
    fn values_are_fitted_to_the_grid_column() {
        assert_eq!(
            fit("x", &col("varchar", Some(32), true, None)),
            "LEFT(x, 32)"
        );
        assert_eq!(
            fit("x", &col("varchar", Some(128), false, None)),
            "IFNULL(LEFT(x, 128), '')"
        );
        assert_eq!(fit("x", &col("int", None, false, None)), "IFNULL(x, '0')");
        assert_eq!(
            fit(
                "x",
                &col("timestamp", None, false, Some("CURRENT_TIMESTAMP"))
            ),
            "IFNULL(x, CURRENT_TIMESTAMP)"
        );
        assert_eq!(fit("x", &col("decimal", Some(20), true, None)), "x");
        assert_eq!(quote_literal("it's"), "'it\\'s'");
    }
}

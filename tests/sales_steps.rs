//! The Ratings, OrderGrids and Inventory steps, proven in a real MariaDB: the embedded
//! Magento 2 baseline, then `migrate:settings` and `migrate:data` output loaded with the
//! `mysql` client under `STRICT_ALL_TABLES` (no error, no warning), the original Magento 1
//! dump loaded beside it; the grids, ratings and MSI tables are then compared with the
//! migrated sales tables and with the Magento 1 data, in SQL.
//!
//! Stores: the bundled synthetic store (orders, invoices, shipments, credit memos, ratings,
//! stock) and the real dump in `../shared/data/m1` that has orders and an order grid.

mod common;

use common::{ClientOptions, MariaDb, in_ci};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn m1tom2(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_m1tom2"))
        .args(args)
        .output()
        .expect("runs m1tom2")
}

fn strict_options() -> ClientOptions {
    ClientOptions::default()
        .charset("utf8mb4")
        .sql_mode("STRICT_ALL_TABLES")
        .show_warnings(true)
}

fn original_options() -> ClientOptions {
    ClientOptions::default()
        .charset("utf8mb4")
        .binary_mode(true)
}

fn count(db: &MariaDb, sql: &str) -> u64 {
    db.query("m2", sql)
        .first()
        .and_then(|r| r.first().cloned().flatten())
        .unwrap_or_default()
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {sql}"))
}

fn column(db: &MariaDb, sql: &str) -> Vec<String> {
    db.query("m2", sql)
        .into_iter()
        .map(|r| r[0].clone().unwrap_or_default())
        .collect()
}

fn synth_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/m1-synth-store.sql.gz")
}

/// The real dump with orders and an order grid, if `../shared` is there.
fn real_dump_with_orders() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/m1/Padungsak_ChorChang__magento_db.sql.gz");
    if p.exists() {
        Some(p)
    } else {
        assert!(!in_ci(), "{} is missing under CI", p.display());
        eprintln!("SKIP: {} is missing", p.display());
        None
    }
}

/// Migrates `dump`, loads everything (Magento 1 into `m1`, Magento 2 into `m2`) and returns
/// the data run's report.
fn migrate_and_load(db: &MariaDb, dump: &Path, work: &Path) -> Value {
    let baseline = work.join("baseline.sql");
    let settings = work.join("settings.sql");
    let data = work.join("data.sql");
    let o = m1tom2(&["baseline", "-o", baseline.to_str().unwrap(), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (cmd, out) in [("migrate:settings", &settings), ("migrate:data", &data)] {
        let o = m1tom2(&[
            cmd,
            "-a",
            "--source",
            dump.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
        ]);
        assert!(
            o.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    for d in ["m1", "m2"] {
        db.drop_database(d);
        db.create_database(d);
    }
    db.load_file_with("m1", dump, &original_options())
        .unwrap_or_else(|e| panic!("loading the original: {e}"));
    for f in [&baseline, &settings, &data] {
        let out = db
            .load_file_with("m2", f, &strict_options())
            .unwrap_or_else(|e| panic!("loading {}: {e}", f.display()));
        let diags = out.diagnostics();
        assert!(
            diags.is_empty(),
            "{} loads with warnings: {diags:?}",
            f.display()
        );
    }
    serde_json::from_slice(&std::fs::read(format!("{}.report.json", data.display())).unwrap())
        .unwrap()
}

/// Messages of a step in the report.
fn messages_of(report: &Value, step: &str) -> Vec<String> {
    report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["step"] == step)
        .map(|m| m["text"].as_str().unwrap().to_string())
        .collect()
}

/// One grid row per entity, with the entity's increment id and totals; names and
/// addresses from the order's billing and shipping address. Returns the rows checked.
fn check_grids(db: &MariaDb) -> u64 {
    let mut rows = 0;
    for (grid, entity, totals) in [
        (
            "sales_order_grid",
            "sales_order",
            &["grand_total", "base_grand_total", "total_paid"][..],
        ),
        (
            "sales_invoice_grid",
            "sales_invoice",
            &["grand_total", "base_grand_total", "order_id"][..],
        ),
        (
            "sales_shipment_grid",
            "sales_shipment",
            &["total_qty", "order_id"][..],
        ),
        (
            "sales_creditmemo_grid",
            "sales_creditmemo",
            &["base_grand_total", "order_id"][..],
        ),
    ] {
        let n = count(db, &format!("SELECT COUNT(*) FROM {entity}"));
        assert_eq!(
            count(db, &format!("SELECT COUNT(*) FROM {grid}")),
            n,
            "{grid}: one row per {entity}"
        );
        let same: Vec<String> = std::iter::once("increment_id")
            .chain(totals.iter().copied())
            .map(|c| format!("g.{c} <=> e.{c}"))
            .collect();
        let bad = count(
            db,
            &format!(
                "SELECT COUNT(*) FROM {entity} e LEFT JOIN {grid} g ON g.entity_id = e.entity_id \
                 WHERE g.entity_id IS NULL OR NOT ({})",
                same.join(" AND ")
            ),
        );
        assert_eq!(bad, 0, "{grid}: rows that differ from {entity}");
        // Billing name and address: those of the order's billing address.
        let order = if entity == "sales_order" {
            "g.entity_id"
        } else {
            "g.order_id"
        };
        let named = count(
            db,
            &format!(
                "SELECT COUNT(*) FROM {grid} g JOIN sales_order_address a ON a.parent_id = {order} AND a.address_type = 'billing' \
                 WHERE g.billing_name = TRIM(CONCAT(IFNULL(a.firstname, ''), ' ', IFNULL(a.lastname, ''))) \
                 AND g.billing_address LIKE CONCAT(IFNULL(a.street, ''), ', ', IFNULL(a.city, ''), '%')"
            ),
        );
        let with_address = count(
            db,
            &format!(
                "SELECT COUNT(DISTINCT g.entity_id) FROM {grid} g JOIN sales_order_address a ON a.parent_id = {order} AND a.address_type = 'billing'"
            ),
        );
        assert_eq!(
            named, with_address,
            "{grid}: billing name/address equal to the billing address"
        );
        assert_eq!(
            count(
                db,
                &format!(
                    "SELECT COUNT(*) FROM {grid} g JOIN sales_order o ON o.entity_id = {order} \
                     LEFT JOIN sales_order_payment p ON p.parent_id = o.entity_id \
                     WHERE NOT (g.payment_method <=> p.method)"
                )
            ),
            0,
            "{grid}: payment method of the order"
        );
        rows += n;
    }
    rows
}

/// The Magento 2 grid against Magento 1's own grid (built by Magento 1): same orders, same
/// increment ids, totals and names.
fn check_grid_against_m1(db: &MariaDb, m1_grid: &str, grid: &str, cols: &[&str]) -> u64 {
    let n = count(db, &format!("SELECT COUNT(*) FROM m1.{m1_grid}"));
    assert_eq!(
        count(db, &format!("SELECT COUNT(*) FROM m2.{grid}")),
        n,
        "{grid}: rows of Magento 1's {m1_grid}"
    );
    let same: Vec<String> = cols.iter().map(|c| format!("a.{c} <=> b.{c}")).collect();
    let diff = db.query(
        "m2",
        &format!(
            "SELECT a.entity_id, {} FROM m1.{m1_grid} a LEFT JOIN m2.{grid} b ON b.entity_id = a.entity_id \
             WHERE b.entity_id IS NULL OR NOT ({}) LIMIT 5",
            cols.iter()
                .map(|c| format!("a.{c}, b.{c}"))
                .collect::<Vec<_>>()
                .join(", "),
            same.join(" AND ")
        ),
    );
    assert!(
        diff.is_empty(),
        "{grid} differs from Magento 1's {m1_grid} ({cols:?}): {diff:?}"
    );
    n
}

fn check_ratings(db: &MariaDb) -> u64 {
    let inactive = count(
        db,
        "SELECT COUNT(*) FROM rating r WHERE r.is_active <> 1 AND EXISTS \
         (SELECT 1 FROM rating_store s WHERE s.rating_id = r.rating_id AND s.store_id > 0)",
    );
    assert_eq!(inactive, 0, "ratings shown in a store view are active");
    let active_without_store = count(
        db,
        "SELECT COUNT(*) FROM rating r WHERE r.is_active = 1 AND NOT EXISTS \
         (SELECT 1 FROM rating_store s WHERE s.rating_id = r.rating_id AND s.store_id > 0)",
    );
    assert_eq!(
        active_without_store, 0,
        "ratings without a store stay inactive"
    );
    count(db, "SELECT COUNT(*) FROM rating WHERE is_active = 1")
}

fn check_inventory(db: &MariaDb) -> u64 {
    let items = count(
        db,
        "SELECT COUNT(*) FROM cataloginventory_stock_item s JOIN catalog_product_entity p ON p.entity_id = s.product_id \
         WHERE s.website_id = 0 AND p.sku IS NOT NULL",
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM inventory_source_item"),
        items,
        "one source item per stock item"
    );
    let bad = count(
        db,
        "SELECT COUNT(*) FROM cataloginventory_stock_item s JOIN catalog_product_entity p ON p.entity_id = s.product_id \
         LEFT JOIN inventory_source_item i ON i.sku = p.sku AND i.source_code = 'default' \
         WHERE s.website_id = 0 AND p.sku IS NOT NULL \
         AND (i.source_item_id IS NULL OR i.quantity <> IFNULL(s.qty, 0) OR i.status <> s.is_in_stock)",
    );
    assert_eq!(bad, 0, "source items with the stock item's qty and status");
    // Against Magento 1: every stock item of a product with a sku.
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM m1.cataloginventory_stock_item s JOIN m1.catalog_product_entity p ON p.entity_id = s.product_id \
             WHERE p.sku IS NOT NULL"
        ),
        items,
        "source items vs Magento 1 stock items"
    );
    let channels = column(
        db,
        "SELECT code FROM inventory_stock_sales_channel WHERE type = 'website' AND stock_id = 1 ORDER BY code",
    );
    let websites = column(
        db,
        "SELECT code FROM m1.core_website WHERE code <> 'admin' ORDER BY code",
    );
    assert!(!websites.is_empty());
    assert_eq!(channels, websites, "sales channels: the websites but admin");
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM inventory_stock_sales_channel"),
        websites.len() as u64
    );
    let shipments = count(db, "SELECT COUNT(*) FROM sales_shipment");
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM inventory_shipment_source x JOIN sales_shipment s ON s.entity_id = x.shipment_id WHERE x.source_code = 'default'"
        ),
        shipments,
        "a shipment source per shipment"
    );
    items
}

#[test]
fn sales_steps_on_the_synthetic_store() {
    let Some(db) = MariaDb::start_or_skip() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let report = migrate_and_load(&db, &synth_fixture(), work.path());
    let steps: Vec<&str> = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    for s in ["Ratings Step", "OrderGrids Step", "Inventory Step"] {
        assert!(steps.contains(&s), "{s} runs: {steps:?}");
        assert_eq!(messages_of(&report, s), Vec::<String>::new(), "{s}");
    }
    // The Magento 1 grids are accounted as rebuilt.
    for g in [
        "sales_flat_order_grid",
        "sales_flat_invoice_grid",
        "sales_flat_shipment_grid",
        "sales_flat_creditmemo_grid",
    ] {
        let acc = &report["account"]["tables"][g];
        assert!(acc["read"].as_u64().unwrap() > 0, "{g} has rows");
        assert_eq!(
            acc["dropped"]["rebuilt from the migrated sales tables by the OrderGrids step"],
            acc["read"],
            "{g}"
        );
    }

    let rows = check_grids(&db);
    assert!(rows > 100, "grids checked on {rows} rows");
    check_grid_against_m1(
        &db,
        "sales_flat_order_grid",
        "sales_order_grid",
        &[
            "increment_id",
            "status",
            "store_id",
            "customer_id",
            "grand_total",
            "base_grand_total",
            "billing_name",
            "shipping_name",
        ],
    );
    check_grid_against_m1(
        &db,
        "sales_flat_invoice_grid",
        "sales_invoice_grid",
        &["increment_id", "order_id", "grand_total", "billing_name"],
    );
    check_grid_against_m1(
        &db,
        "sales_flat_shipment_grid",
        "sales_shipment_grid",
        &["increment_id", "order_id", "total_qty", "shipping_name"],
    );
    check_grid_against_m1(
        &db,
        "sales_flat_creditmemo_grid",
        "sales_creditmemo_grid",
        &[
            "increment_id",
            "order_id",
            "base_grand_total",
            "billing_name",
        ],
    );
    // Grid columns the step fills are filled.
    for (grid, col) in [
        ("sales_order_grid", "payment_method"),
        ("sales_order_grid", "customer_name"),
        ("sales_order_grid", "billing_address"),
        ("sales_invoice_grid", "order_increment_id"),
        ("sales_shipment_grid", "order_created_at"),
        ("sales_creditmemo_grid", "order_status"),
    ] {
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM {grid} WHERE {col} IS NULL OR {col} = ''")
            ),
            0,
            "{grid}.{col} is filled"
        );
    }

    let active = check_ratings(&db);
    assert!(active > 0, "some ratings are active");
    let items = check_inventory(&db);
    assert!(items > 0, "stock items became source items");
}

#[test]
fn sales_steps_on_a_real_dump_with_orders() {
    let Some(dump) = real_dump_with_orders() else {
        return;
    };
    let Some(db) = MariaDb::start_or_skip() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let report = migrate_and_load(&db, &dump, work.path());
    let rows = check_grids(&db);
    assert!(rows > 0, "the dump has orders");
    let n = check_grid_against_m1(
        &db,
        "sales_flat_order_grid",
        "sales_order_grid",
        &[
            "increment_id",
            "store_id",
            "grand_total",
            "base_grand_total",
            "billing_name",
            "shipping_name",
        ],
    );
    assert!(n > 0);
    assert_eq!(
        messages_of(&report, "OrderGrids Step"),
        Vec::<String>::new()
    );
    check_ratings(&db);
    check_inventory(&db);
}

/// The baseline with some columns removed (table, column line prefix).
fn broken_destination(work: &Path, remove: &[(&str, &str)]) -> PathBuf {
    let baseline = work.join("baseline-full.sql");
    let o = m1tom2(&["baseline", "-o", baseline.to_str().unwrap(), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&baseline).unwrap();
    let mut out = String::new();
    let mut table = String::new();
    let mut removed = 0;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("CREATE TABLE `") {
            table = rest.split('`').next().unwrap_or("").to_string();
        }
        if remove
            .iter()
            .any(|(t, c)| *t == table && line.trim_start().starts_with(&format!("`{c}` ")))
        {
            removed += 1;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    assert_eq!(removed, remove.len(), "every column to remove was found");
    let path = work.join("broken-m2.sql");
    std::fs::write(&path, out).unwrap();
    path
}

#[test]
fn integrity_names_what_the_destination_lacks() {
    let work = tempfile::tempdir().unwrap();
    let dest = broken_destination(
        work.path(),
        &[
            ("sales_order_grid", "payment_method"),
            ("sales_shipment_grid", "shipping_name"),
            ("rating", "is_active"),
            ("inventory_source_item", "status"),
        ],
    );
    let out = work.path().join("data.sql");
    let run = |auto: bool| {
        let source = synth_fixture();
        let mut args = vec![
            "migrate:data",
            "--source",
            source.to_str().unwrap(),
            "--destination",
            dest.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
        ];
        if auto {
            args.push("-a");
        }
        let o = m1tom2(&args);
        let report: Value = serde_json::from_slice(
            &std::fs::read(format!("{}.report.json", out.display())).unwrap(),
        )
        .unwrap();
        (o.status.code(), report)
    };
    let (code, report) = run(false);
    assert_eq!(code, Some(3), "integrity check failed");
    let level_of = |report: &Value, step: &str, text: &str| -> Option<String> {
        report["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["step"] == step && m["text"] == text)
            .map(|m| m["level"].as_str().unwrap().to_string())
    };
    let expected = [
        (
            "OrderGrids Step",
            "sales_order_grid table does not contain field: payment_method",
        ),
        (
            "OrderGrids Step",
            "sales_shipment_grid table does not contain field: shipping_name",
        ),
        (
            "Ratings Step",
            "\"is_active\" field does not exist in \"rating\" document of the destination resource",
        ),
        (
            "Inventory Step",
            "Destination fields are missing. Document: inventory_source_item. Fields: status",
        ),
    ];
    for (step, text) in expected {
        assert_eq!(
            level_of(&report, step, text).as_deref(),
            Some("ERROR"),
            "{step}: {text}: {:#}",
            report["messages"]
        );
    }
    assert!(
        !out.exists(),
        "nothing written after a failed integrity check"
    );

    // With --auto they are warnings; the grids are filled without the missing columns, the
    // steps that cannot work leave their tables alone.
    let (code, report) = run(true);
    assert_eq!(code, Some(0));
    for (step, text) in expected {
        assert_eq!(
            level_of(&report, step, text).as_deref(),
            Some("WARNING"),
            "{step}: {text}"
        );
    }
    let sql = String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned();
    let order_grid = sql
        .lines()
        .find(|l| l.starts_with("INSERT INTO `sales_order_grid`"))
        .expect("the order grid is filled");
    assert!(!order_grid.contains("payment_method"));
    assert!(order_grid.contains("`billing_name`"));
    assert!(!sql.contains("UPDATE `rating`"));
    assert!(!sql.contains("INSERT INTO `inventory_source_item`"));
}

#[test]
fn volume_checks_say_what_does_not_add_up() {
    let work = tempfile::tempdir().unwrap();
    // The synthetic store with one Magento 1 grid row without an order, a rating_store row
    // of a rating that does not exist and a stock item of a product that does not exist.
    let mut sql = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(std::fs::File::open(synth_fixture()).unwrap()),
        &mut sql,
    )
    .unwrap();
    sql.extend_from_slice(
        b"\nINSERT INTO `sales_flat_order_grid` (`entity_id`) VALUES (999999);\n\
          INSERT INTO `rating_store` (`rating_id`, `store_id`) VALUES (99, 1);\n\
          INSERT INTO `cataloginventory_stock_item` (`item_id`, `product_id`, `stock_id`, `qty`, `is_in_stock`) VALUES (999999, 999999, 1, 5, 1);\n",
    );
    let source = work.path().join("store.sql");
    std::fs::write(&source, &sql).unwrap();
    let out = work.path().join("data.sql");
    let o = m1tom2(&[
        "migrate:data",
        "-a",
        "--source",
        source.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    let report: Value =
        serde_json::from_slice(&std::fs::read(format!("{}.report.json", out.display())).unwrap())
            .unwrap();
    let volume: Vec<(String, String, String)> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["stage"] == "volume check")
        .map(|m| {
            (
                m["level"].as_str().unwrap().to_string(),
                m["step"].as_str().unwrap().to_string(),
                m["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for want in [
        (
            "WARNING",
            "OrderGrids Step",
            "Mismatch of entities in the document: sales_order_grid Source: 163 Destination: 162",
        ),
        (
            "ERROR",
            "Ratings Step",
            "Mismatch of entities in the documents: rating, rating_store",
        ),
        (
            "WARNING",
            "Inventory Step",
            "Mismatch of entities in the document: inventory_source_item Source: 66 Destination: 65",
        ),
    ] {
        assert!(
            volume
                .iter()
                .any(|(l, s, t)| l == want.0 && s == want.1 && t == want.2),
            "{want:?} in {volume:#?}"
        );
    }
    // The grids of invoices, shipments and credit memos add up.
    assert!(
        !volume
            .iter()
            .any(|(_, _, t)| t.contains("sales_invoice_grid")
                || t.contains("sales_shipment_grid")
                || t.contains("sales_creditmemo_grid")),
        "{volume:#?}"
    );
    // The Ratings volume check is fatal, as in Magento's tool: nothing is written.
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
}

//! `--only`/`--skip` (selective migration) and `--drop-orphans`, on generated Magento 1.9
//! stores, proven in a real MariaDB: the original is loaded into `m1`, the embedded
//! baseline, our settings and our data into `m2` (strict, no warning).

mod common;

#[path = "../benches/synth/mod.rs"]
mod synth;

use common::MariaDb;
use common::flow::{load_m1_and_m2, m1tom2, migrate_store, strict};
use serde_json::Value;
use std::path::Path;

fn n(db: &MariaDb, sql: &str) -> u64 {
    db.query("m2", sql)
        .first()
        .and_then(|r| r.first().cloned().flatten())
        .unwrap_or_else(|| panic!("no value from {sql}"))
        .parse()
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Writes a generated store, migrates it (settings, then data with `extra`), loads the
/// original and the result; returns the server and the data report.
fn run(dir: &Path, orphans: bool, extra: &[&str]) -> (MariaDb, Value) {
    let src = dir.join("m1.sql");
    let mut opts = synth::Options::new(6 << 20);
    opts.orphans = orphans;
    let mut f = std::fs::File::create(&src).unwrap();
    synth::generate_with(&opts, &mut f).unwrap();
    drop(f);
    let mut flags = vec!["-a"];
    flags.extend_from_slice(extra);
    let m = migrate_store(dir, &src, &flags);
    let db = load_m1_and_m2(&src, &m);
    let report = m.report;
    (db, report)
}

#[test]
fn only_customers_and_orders() {
    let dir = tempfile::tempdir().unwrap();
    let (db, report) = run(dir.path(), false, &["--only", "customers,orders"]);
    // Customers and orders are there, row for row.
    for (m1, m2) in [
        ("customer_entity", "customer_entity"),
        ("customer_address_entity", "customer_address_entity"),
        ("sales_flat_order", "sales_order"),
        ("sales_flat_order_item", "sales_order_item"),
        ("sales_flat_invoice", "sales_invoice"),
    ] {
        let want = n(&db, &format!("SELECT COUNT(*) FROM m1.{m1}"));
        assert!(want > 0, "the store has {m1} rows");
        assert_eq!(
            n(&db, &format!("SELECT COUNT(*) FROM m2.{m2}")),
            want,
            "{m2} holds every {m1} row"
        );
    }
    // Everything else is as the baseline had it: not emptied, not filled.
    let baseline = MariaDb::start();
    baseline.create_database("b");
    baseline
        .load_file_with("b", dir.path().join("baseline.sql"), &strict())
        .unwrap();
    for t in [
        "catalog_product_entity",
        "catalog_category_entity",
        "url_rewrite",
        "cms_page",
        "customer_visitor",
        "catalog_product_entity_tier_price",
        "eav_attribute",
    ] {
        let b: u64 = baseline.query("b", &format!("SELECT COUNT(*) FROM `{t}`"))[0][0]
            .clone()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            n(&db, &format!("SELECT COUNT(*) FROM m2.`{t}`")),
            b,
            "{t} is left as the baseline has it"
        );
    }
    // The account says why the other tables were left out.
    let tables = report["account"]["tables"].as_object().unwrap();
    let rule = tables["catalog_product_entity"]["dropped"]
        .as_object()
        .unwrap();
    assert!(
        rule.keys().any(|k| k.contains("--only")),
        "catalog_product_entity is accounted as not selected: {rule:?}"
    );
    assert!(
        report["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s != "Url Rewrite Step" && s != "EAV Step"),
        "the steps of other groups do not run: {}",
        report["steps"]
    );
}

#[test]
fn unknown_selection_names_are_usage_errors() {
    let o = m1tom2(&[
        "migrate:data",
        "--source",
        "x.sql",
        "-o",
        "/tmp/never.sql",
        "--only",
        "custmers",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("custmers") && e.contains("customers"), "{e}");
}

#[test]
fn drop_orphans_leaves_out_exactly_the_orphan_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (db, report) = run(dir.path(), true, &["--drop-orphans"]);
    let removed = report["account"]["removed_at_load"].as_object().unwrap();
    assert!(!removed.is_empty(), "the store has orphans: {report}");
    let mut checked = 0;
    for (m2_table, rules) in removed {
        for (rule, rows) in rules.as_object().unwrap() {
            // orphan: `child`.`cols` has no row in `parent`.`cols` (--drop-orphans)
            let parts: Vec<&str> = rule.split('`').collect();
            let (child, cols, parent, pcols) = (parts[1], parts[3], parts[5], parts[7]);
            let on: Vec<String> = cols
                .split(',')
                .zip(pcols.split(','))
                .map(|(c, p)| format!("c.`{c}` = p.`{p}`"))
                .collect();
            let not_null: Vec<String> = cols
                .split(',')
                .map(|c| format!("c.`{c}` IS NOT NULL"))
                .collect();
            let orphans = n(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM m1.`{child}` c LEFT JOIN m1.`{parent}` p ON {} WHERE {} AND p.`{}` IS NULL",
                    on.join(" AND "),
                    not_null.join(" AND "),
                    pcols.split(',').next().unwrap()
                ),
            );
            assert_eq!(rows.as_u64(), Some(orphans), "{m2_table}: {rule}");
            checked += 1;
        }
        // What the report says landed did land.
        assert_eq!(
            report["account"]["destinations"][m2_table].as_u64(),
            Some(n(&db, &format!("SELECT COUNT(*) FROM m2.`{m2_table}`"))),
            "{m2_table}: the report's rows vs Magento 2"
        );
        // And every foreign key Magento 2 declares on the table holds.
        let fks = db.query(
            "m2",
            &format!(
                "SELECT COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE \
                 WHERE TABLE_SCHEMA='m2' AND TABLE_NAME='{m2_table}' AND REFERENCED_TABLE_NAME IS NOT NULL"
            ),
        );
        for fk in fks {
            let (c, pt, pc) = (
                fk[0].clone().unwrap(),
                fk[1].clone().unwrap(),
                fk[2].clone().unwrap(),
            );
            let parent_rows = n(&db, &format!("SELECT COUNT(*) FROM m2.`{pt}`"));
            if parent_rows == 0 {
                continue;
            }
            assert_eq!(
                n(
                    &db,
                    &format!(
                        "SELECT COUNT(*) FROM m2.`{m2_table}` c LEFT JOIN m2.`{pt}` p ON c.`{c}` = p.`{pc}` WHERE c.`{c}` IS NOT NULL AND p.`{pc}` IS NULL"
                    )
                ),
                0,
                "{m2_table}.{c} → {pt}.{pc} holds after --drop-orphans"
            );
        }
    }
    assert!(checked > 0);
}

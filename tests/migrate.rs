//! `migrate:settings` and `migrate:data` on every real Magento 1 (1.6–1.9) dump in
//! `../shared/data/m1`, proven in a real MariaDB: the embedded Magento 2 baseline loaded,
//! then our output, with the `mysql` client under `STRICT_ALL_TABLES` — no error, no warning.
//! The original dump is loaded beside it, so the checks compare the two databases with SQL.

mod common;

use common::{ClientOptions, MariaDb};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn shared_dumps() -> Option<Vec<PathBuf>> {
    let mut v = common::flow::shared_m1_dumps()?;
    if let Ok(only) = std::env::var("M1TOM2_MIGRATE_DUMPS") {
        v.retain(|p| p.to_string_lossy().contains(&only));
    }
    Some(v)
}

fn m1tom2(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_m1tom2"))
        .args(args)
        .output()
        .expect("runs m1tom2")
}

/// Loads the original dump as it is (its own session settings, not strict).
fn original_options() -> ClientOptions {
    ClientOptions::default()
        .charset("utf8mb4")
        .binary_mode(true)
}

/// Loads our files as a user would, strict, with every warning shown.
fn strict_options() -> ClientOptions {
    ClientOptions::default()
        .charset("utf8mb4")
        .sql_mode("STRICT_ALL_TABLES")
        .show_warnings(true)
}

fn one(db: &MariaDb, sql: &str) -> String {
    db.query("m2", sql)
        .first()
        .and_then(|r| r.first().cloned().flatten())
        .unwrap_or_default()
}

fn count(db: &MariaDb, sql: &str) -> u64 {
    one(db, sql)
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {sql}"))
}

fn table_exists(db: &MariaDb, schema: &str, table: &str) -> bool {
    count(
        db,
        &format!(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='{schema}' AND table_name='{table}'"
        ),
    ) == 1
}

/// Migrates one dump and checks what landed.
fn check_dump(db: &MariaDb, dump: &Path, work: &Path) {
    let name = dump.file_name().unwrap().to_string_lossy().to_string();
    let settings = work.join(format!("{name}.settings.sql"));
    let data = work.join(format!("{name}.data.sql"));
    let baseline = work.join("baseline.sql");
    if !baseline.exists() {
        let o = m1tom2(&["baseline", "-o", baseline.to_str().unwrap(), "-q"]);
        assert!(
            o.status.success(),
            "baseline: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let o = m1tom2(&[
        "migrate:settings",
        "--source",
        dump.to_str().unwrap(),
        "-o",
        settings.to_str().unwrap(),
        "-q",
    ]);
    assert!(
        o.status.success(),
        "{name}: migrate:settings: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = m1tom2(&[
        "migrate:data",
        "-a",
        "--source",
        dump.to_str().unwrap(),
        "-o",
        data.to_str().unwrap(),
        "-q",
    ]);
    assert!(
        o.status.success(),
        "{name}: migrate:data: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(format!("{}.report.json", data.display())).unwrap())
            .unwrap();
    let prefix = report["source_prefix"].as_str().unwrap().to_string();

    for d in ["m1", "m2"] {
        db.drop_database(d);
        db.create_database(d);
    }
    db.load_file_with("m1", dump, &original_options())
        .unwrap_or_else(|e| panic!("{name}: loading the original: {e}"));
    db.load_file_with("m2", &baseline, &strict_options())
        .unwrap_or_else(|e| panic!("{name}: baseline: {e}"));
    for f in [&settings, &data] {
        let out = db
            .load_file_with("m2", f, &strict_options())
            .unwrap_or_else(|e| panic!("{name}: loading {}: {e}", f.display()));
        let diags = out.diagnostics();
        assert!(
            diags.is_empty(),
            "{name}: {} loads with warnings: {diags:?}",
            f.display()
        );
    }
    let m1 = |t: &str| format!("m1.`{prefix}{t}`");

    // Stores, groups and websites, with their Magento 1 ids and codes.
    for (src, dst, cols) in [
        (
            "core_store",
            "store",
            "store_id, code, website_id, group_id, name",
        ),
        (
            "core_store_group",
            "store_group",
            "group_id, website_id, name, root_category_id, default_store_id",
        ),
        (
            "core_website",
            "store_website",
            "website_id, code, name, default_group_id",
        ),
    ] {
        let a = db.query("m2", &format!("SELECT {cols} FROM {} ORDER BY 1", m1(src)));
        let b = db.query("m2", &format!("SELECT {cols} FROM m2.{dst} ORDER BY 1"));
        assert_eq!(a, b, "{name}: {dst}");
    }
    let codes = db.query(
        "m2",
        "SELECT code FROM m2.store_group WHERE code IS NULL OR code = ''",
    );
    assert!(codes.is_empty(), "{name}: every store group has a code");

    // Every product, category, customer and address, with its Magento 1 id.
    for t in [
        "catalog_product_entity",
        "catalog_category_entity",
        "customer_entity",
        "customer_address_entity",
    ] {
        if !table_exists(db, "m1", &format!("{prefix}{t}")) {
            continue;
        }
        let missing = count(
            db,
            &format!(
                "SELECT COUNT(*) FROM {} a LEFT JOIN m2.{t} b ON a.entity_id = b.entity_id WHERE b.entity_id IS NULL",
                m1(t)
            ),
        );
        assert_eq!(missing, 0, "{name}: {t} rows missing in Magento 2");
    }

    // Every EAV value row of products and categories that the report says was written is
    // there, with an attribute of the right entity type.
    for (entity, type_code) in [
        ("catalog_product_entity", "catalog_product"),
        ("catalog_category_entity", "catalog_category"),
    ] {
        for ty in ["datetime", "decimal", "int", "text", "varchar"] {
            let t = format!("{entity}_{ty}");
            if !table_exists(db, "m1", &format!("{prefix}{t}")) {
                continue;
            }
            let acc = &report["account"]["tables"][format!("{prefix}{t}")];
            let read = acc["read"].as_u64().unwrap_or(0);
            let written = acc["written"][&t].as_u64().unwrap_or(0);
            let dropped: u64 = acc["dropped"]
                .as_object()
                .map(|o| o.values().map(|v| v.as_u64().unwrap()).sum())
                .unwrap_or(0);
            assert_eq!(
                read,
                written + dropped,
                "{name}: {t}: every row accounted for"
            );
            assert_eq!(
                read,
                count(db, &format!("SELECT COUNT(*) FROM {}", m1(&t))),
                "{name}: {t}: rows read"
            );
            assert_eq!(
                written,
                count(db, &format!("SELECT COUNT(*) FROM m2.{t}")),
                "{name}: {t}: rows written"
            );
            let bad = count(
                db,
                &format!(
                    "SELECT COUNT(*) FROM m2.{t} v LEFT JOIN m2.eav_attribute a ON a.attribute_id = v.attribute_id \
                     LEFT JOIN m2.eav_entity_type e ON e.entity_type_id = a.entity_type_id \
                     WHERE e.entity_type_code IS NULL OR e.entity_type_code <> '{type_code}'"
                ),
            );
            assert_eq!(
                bad, 0,
                "{name}: {t}: value rows whose attribute is not a {type_code} attribute"
            );
        }
    }

    // Password hashes in Magento 2's form.
    let bad = count(
        db,
        "SELECT COUNT(*) FROM m2.customer_entity WHERE password_hash IS NOT NULL AND password_hash NOT REGEXP '^[0-9a-f]{32}:[^:]*:0$' \
         AND password_hash NOT REGEXP '^[0-9a-f]{64}:[^:]*:1$' AND password_hash NOT LIKE '$2y$%'",
    );
    assert_eq!(bad, 0, "{name}: password hashes not in Magento 2 form");

    // Serialized columns the map converts are JSON now.
    for (t, c) in [
        ("sales_order_item", "product_options"),
        ("sales_order_payment", "additional_information"),
        ("quote_payment", "additional_information"),
        ("salesrule", "conditions_serialized"),
        ("admin_user", "extra"),
    ] {
        if count(
            db,
            &format!(
                "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema='m2' AND table_name='{t}' AND column_name='{c}'"
            ),
        ) == 0
        {
            continue;
        }
        let bad = count(
            db,
            &format!(
                "SELECT COUNT(*) FROM m2.{t} WHERE {c} IS NOT NULL AND {c} <> '' AND NOT JSON_VALID({c})"
            ),
        );
        assert_eq!(bad, 0, "{name}: {t}.{c} is not JSON everywhere");
    }

    // Row counts equal the report's, for every destination table the run emptied and filled.
    let cleared: Vec<String> = report["cleared_tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert!(
        !cleared.is_empty(),
        "{name}: the report lists the tables it fills"
    );
    for t in &cleared {
        let want = report["account"]["destinations"][t].as_u64().unwrap_or(0);
        let have = count(db, &format!("SELECT COUNT(*) FROM m2.`{t}`"));
        assert_eq!(have, want, "{name}: {t}: rows in Magento 2 vs the report");
    }
}

#[test]
fn migrate_every_real_magento1_dump() {
    let Some(dumps) = shared_dumps() else { return };
    let Some(db) = MariaDb::start_or_skip() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let mut tried = 0;
    for dump in &dumps {
        let o = m1tom2(&["inspect", dump.to_str().unwrap(), "--json"]);
        let r: Value = serde_json::from_slice(&o.stdout).unwrap();
        if r["magento"]["certainty"] == "unsupported" {
            // Magento 1.4/1.5: Magento's maps start at 1.6; the run must say so and stop.
            let out = work.path().join("old.sql");
            let o = m1tom2(&[
                "migrate:data",
                "--source",
                dump.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "-q",
            ]);
            assert_eq!(o.status.code(), Some(1));
            assert!(String::from_utf8_lossy(&o.stderr).contains("--m1-version"));
            assert!(!out.exists());
            continue;
        }
        check_dump(&db, dump, work.path());
        tried += 1;
    }
    assert!(tried >= 1 || dumps.is_empty());
}

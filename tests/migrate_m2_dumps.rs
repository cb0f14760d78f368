//! `migrate:settings` and `migrate:data` onto real Magento 2.4 databases: every Magento 2
//! dump in `../shared/data/m2` (`*.sql.gz`; the `.tar.gz` files are schema sources, not
//! databases) is the `--destination`, and the Magento 1 dumps of release 1.6–1.9 in
//! `../shared/data/m1` are the sources. Each pair is proven in a real MariaDB: the
//! destination dump loaded as its shop would restore it, then our two files on top, with the
//! `mysql` client under `STRICT_ALL_TABLES` — no error, no warning. Then the stores, the
//! catalog ids and the foreign keys of the seven EAV tables are checked with SQL.
//!
//! These destinations are real shops, not fresh installs (custom attribute sets, renamed
//! Default sets, names in other scripts, extensions' tables), which is what the merge of the
//! EAV step has to survive.
//!
//! Every pair is tried (4 × 8: about 100 s on two cores with a debug build; the migrations
//! run on a thread of their own, ahead of the loads). `M1TOM2_M2_DUMPS_QUICK=1` keeps every
//! destination with three representative sources (1.6.1.0 sample data, 1.7.0.2, the
//! prefixed 1.9.3.2) and every source with the 2.4.6-p3 destination;
//! `M1TOM2_M2_DUMPS=<text>` keeps the pairs whose file names contain the text.

mod common;

use common::{ClientOptions, MariaDb, in_ci};
use serde_json::Value;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Sources every destination is tried with in the quick matrix (substrings of their file
/// names).
const REPRESENTATIVE: [&str; 3] = ["sonassi", "tedi3231", "arnvvd"];

/// The destination every source is tried with in the quick matrix.
const EVERY_SOURCE_ONTO: &str = "MinhPhucNguyen";

/// The `*.sql.gz` files of a folder of `../shared/data`, sorted; `None` (a skip) when the
/// folder is missing, which fails under CI.
fn shared(kind: &str) -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(kind);
    let Ok(rd) = std::fs::read_dir(&dir) else {
        assert!(
            !in_ci(),
            "{} is missing: CI must have ../shared beside the checkout",
            dir.display()
        );
        eprintln!("SKIP: {} is missing", dir.display());
        return None;
    };
    let mut v: Vec<PathBuf> = rd
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".sql.gz"))
        .collect();
    v.sort();
    assert!(
        !v.is_empty() || !in_ci(),
        "{} has no .sql.gz dump",
        dir.display()
    );
    Some(v)
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

fn m1tom2(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_m1tom2"))
        .args(args)
        .output()
        .expect("runs m1tom2")
}

/// The destination dump as MariaDB 10.11 can load it: MySQL 8's default collation
/// (`utf8mb4_0900_ai_ci`) does not exist there; `utf8mb4_general_ci` is its counterpart.
fn loadable_destination(dump: &Path, work: &Path) -> PathBuf {
    let mut sql = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(dump).unwrap())
        .read_to_end(&mut sql)
        .unwrap_or_else(|e| panic!("{}: {e}", dump.display()));
    let text = String::from_utf8_lossy(&sql).into_owned();
    assert!(
        text.len() == sql.len(),
        "{}: not UTF-8; the collation fix would change bytes",
        dump.display()
    );
    let fixed = text.replace("utf8mb4_0900_ai_ci", "utf8mb4_general_ci");
    let out = work.join(format!("{}.fixed.sql", file_name(dump)));
    std::fs::File::create(&out)
        .and_then(|mut f| f.write_all(fixed.as_bytes()))
        .unwrap();
    out
}

/// A dump loaded as it is: its own session settings (mysqldump's non-strict `SQL_MODE`).
fn dump_options() -> ClientOptions {
    ClientOptions::default()
        .charset("utf8mb4")
        .binary_mode(true)
}

/// Our files, loaded as a user would, strict, with every warning shown.
fn strict_options() -> ClientOptions {
    ClientOptions::default()
        .charset("utf8mb4")
        .sql_mode("STRICT_ALL_TABLES")
        .show_warnings(true)
}

fn count(db: &MariaDb, sql: &str) -> u64 {
    db.query("", sql)
        .first()
        .and_then(|r| r.first().cloned().flatten())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("not a count: {sql}"))
}

fn table_exists(db: &MariaDb, schema: &str, table: &str) -> bool {
    count(
        db,
        &format!(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema='{schema}' AND table_name='{table}'"
        ),
    ) == 1
}

/// A Magento 1 source: its dump, the database it is loaded in, its table prefix.
struct Source {
    dump: PathBuf,
    db: String,
    prefix: String,
}

impl Source {
    fn name(&self) -> String {
        file_name(&self.dump)
    }

    fn table(&self, t: &str) -> String {
        format!("`{}`.`{}{t}`", self.db, self.prefix)
    }
}

/// The foreign keys among the seven EAV tables (child, column, parent, parent column), and
/// eav_entity_type.default_attribute_set_id of the entity types that have sets.
const EAV_REFERENCES: [(&str, &str, &str, &str); 9] = [
    (
        "eav_attribute_set",
        "entity_type_id",
        "eav_entity_type",
        "entity_type_id",
    ),
    (
        "eav_attribute_group",
        "attribute_set_id",
        "eav_attribute_set",
        "attribute_set_id",
    ),
    (
        "eav_attribute",
        "entity_type_id",
        "eav_entity_type",
        "entity_type_id",
    ),
    (
        "eav_entity_attribute",
        "entity_type_id",
        "eav_entity_type",
        "entity_type_id",
    ),
    (
        "eav_entity_attribute",
        "attribute_set_id",
        "eav_attribute_set",
        "attribute_set_id",
    ),
    (
        "eav_entity_attribute",
        "attribute_group_id",
        "eav_attribute_group",
        "attribute_group_id",
    ),
    (
        "eav_entity_attribute",
        "attribute_id",
        "eav_attribute",
        "attribute_id",
    ),
    (
        "catalog_eav_attribute",
        "attribute_id",
        "eav_attribute",
        "attribute_id",
    ),
    (
        "customer_eav_attribute",
        "attribute_id",
        "eav_attribute",
        "attribute_id",
    ),
];

/// What `migrate:settings` and `migrate:data -a` wrote for a pair: the two files, or what
/// went wrong.
type Migrated = Result<[PathBuf; 2], String>;

/// Runs the two commands for `src` onto `dest`, with one worker thread (the server loading
/// the previous pair has the other core).
fn migrate_pair(src: &Path, dest: &Path, work: &Path) -> Migrated {
    let stem = format!("{}--{}", file_name(src), file_name(dest));
    let settings = work.join(format!("{stem}.settings.sql"));
    let data = work.join(format!("{stem}.data.sql"));
    let (s, d) = (src.to_str().unwrap(), dest.to_str().unwrap());
    for (cmd, out) in [("migrate:settings", &settings), ("migrate:data", &data)] {
        let mut args = vec![cmd];
        if cmd == "migrate:data" {
            args.push("-a");
        }
        args.extend([
            "--source",
            s,
            "--destination",
            d,
            "-o",
            out.to_str().unwrap(),
            "-j",
            "1",
            "-q",
        ]);
        let o = m1tom2(&args);
        if !o.status.success() {
            return Err(format!("{cmd}: {}", String::from_utf8_lossy(&o.stderr)));
        }
    }
    Ok([settings, data])
}

/// Loads the destination (its loadable form `dest_sql`) and the two files migrated from
/// `src` into a fresh database, and checks what landed.
fn check_pair(db: &MariaDb, src: &Source, dest: &Path, dest_sql: &Path, files: &[PathBuf; 2]) {
    let pair = format!("{} onto {}", src.name(), file_name(dest));
    db.drop_database("m2");
    db.create_database("m2");
    db.load_file_with("m2", dest_sql, &dump_options())
        .unwrap_or_else(|e| panic!("{pair}: loading the destination: {e}"));
    for f in files {
        let out = db
            .load_file_with("m2", f, &strict_options())
            .unwrap_or_else(|e| panic!("{pair}: loading {}: {e}", f.display()));
        let diags = out.diagnostics();
        assert!(
            diags.is_empty(),
            "{pair}: {} loads with warnings: {diags:?}",
            f.display()
        );
    }

    // The stores are Magento 1's, with their ids.
    let cols = "store_id, code, website_id, group_id, name";
    let a = db.query(
        "",
        &format!("SELECT {cols} FROM {} ORDER BY 1", src.table("core_store")),
    );
    let b = db.query("", &format!("SELECT {cols} FROM m2.store ORDER BY 1"));
    assert_eq!(a, b, "{pair}: the store rows are Magento 1's stores");

    // Every product and category keeps its Magento 1 id.
    for t in ["catalog_product_entity", "catalog_category_entity"] {
        if !table_exists(db, &src.db, &format!("{}{t}", src.prefix)) {
            continue;
        }
        let missing = count(
            db,
            &format!(
                "SELECT COUNT(*) FROM {} a LEFT JOIN m2.{t} b ON a.entity_id = b.entity_id WHERE b.entity_id IS NULL",
                src.table(t)
            ),
        );
        assert_eq!(missing, 0, "{pair}: Magento 1 ids missing in {t}");
    }

    // The EAV tables' references hold.
    for (child, col, parent, pcol) in EAV_REFERENCES {
        let orphans = count(
            db,
            &format!(
                "SELECT COUNT(*) FROM m2.{child} c LEFT JOIN m2.{parent} p ON p.{pcol} = c.{col} \
                 WHERE c.{col} IS NOT NULL AND p.{pcol} IS NULL"
            ),
        );
        assert_eq!(
            orphans, 0,
            "{pair}: {child}.{col} names rows {parent} lacks"
        );
    }
    let orphans = count(
        db,
        "SELECT COUNT(*) FROM m2.eav_entity_type t LEFT JOIN m2.eav_attribute_set s \
         ON s.attribute_set_id = t.default_attribute_set_id \
         WHERE t.entity_type_code IN ('catalog_product','catalog_category','customer','customer_address') \
         AND s.attribute_set_id IS NULL",
    );
    assert_eq!(
        orphans, 0,
        "{pair}: a default attribute set that is not there"
    );
    // A set assignment's group is a group of its set.
    let wrong = count(
        db,
        "SELECT COUNT(*) FROM m2.eav_entity_attribute l JOIN m2.eav_attribute_group g \
         ON g.attribute_group_id = l.attribute_group_id WHERE g.attribute_set_id <> l.attribute_set_id",
    );
    assert_eq!(
        wrong, 0,
        "{pair}: set assignments in a group of another set"
    );
}

#[test]
fn migrate_onto_every_real_magento2_dump() {
    let (Some(m2_dumps), Some(m1_dumps)) = (shared("m2"), shared("m1")) else {
        return;
    };
    let Some(db) = MariaDb::start_or_skip() else {
        return;
    };
    let t0 = Instant::now();
    let work = tempfile::tempdir().unwrap();
    let quick = std::env::var("M1TOM2_M2_DUMPS_QUICK").is_ok_and(|v| v == "1");
    let only = std::env::var("M1TOM2_M2_DUMPS").ok();

    // The supported sources (1.6–1.9), each loaded once beside the destinations.
    let mut sources = Vec::new();
    for dump in m1_dumps {
        let o = m1tom2(&["inspect", dump.to_str().unwrap(), "--json"]);
        assert!(o.status.success(), "inspect {}", dump.display());
        let r: Value = serde_json::from_slice(&o.stdout).unwrap();
        if r["magento"]["certainty"] == "unsupported" {
            continue; // Magento 1.4/1.5: no maps; tests/migrate.rs checks the refusal
        }
        let prefix = r["prefix"].as_str().unwrap_or_default().to_string();
        sources.push(Source {
            dump,
            db: format!("m1_{}", sources.len()),
            prefix,
        });
    }
    assert!(
        sources.len() >= REPRESENTATIVE.len(),
        "the Magento 1 dumps of 1.6–1.9"
    );
    for r in REPRESENTATIVE {
        assert!(
            sources.iter().any(|s| s.name().contains(r)),
            "the source {r} is in ../shared/data/m1"
        );
    }
    assert!(
        m2_dumps
            .iter()
            .any(|d| file_name(d).contains(EVERY_SOURCE_ONTO)),
        "the destination {EVERY_SOURCE_ONTO} is in ../shared/data/m2"
    );

    let mut pairs = Vec::new();
    for dest in &m2_dumps {
        for (i, src) in sources.iter().enumerate() {
            let wanted = !quick
                || file_name(dest).contains(EVERY_SOURCE_ONTO)
                || REPRESENTATIVE.iter().any(|r| src.name().contains(r));
            let selected = only
                .as_deref()
                .is_none_or(|o| file_name(dest).contains(o) || src.name().contains(o));
            if wanted && selected {
                pairs.push((dest, i));
            }
        }
    }
    // The migrations run ahead of the loads, on a thread of their own.
    let (tx, rx) = std::sync::mpsc::channel::<Migrated>();
    std::thread::scope(|scope| {
        // Owned here, so that a failed check drops it on the way out and the producer stops.
        let rx = rx;
        let (pairs, sources, work) = (&pairs, &sources, work.path());
        scope.spawn(move || {
            for (dest, i) in pairs {
                // The receiver is gone when a check failed: stop.
                if tx
                    .send(migrate_pair(&sources[*i].dump, dest, work))
                    .is_err()
                {
                    return;
                }
            }
        });
        let mut loaded = std::collections::HashSet::new();
        let mut fixed = std::collections::HashMap::new();
        for (dest, i) in pairs {
            let src = &sources[*i];
            if loaded.insert(*i) {
                db.create_database(&src.db);
                db.load_file_with(&src.db, &src.dump, &dump_options())
                    .unwrap_or_else(|e| panic!("{}: loading the original: {e}", src.name()));
            }
            let dest_sql = fixed
                .entry(dest.to_path_buf())
                .or_insert_with(|| loadable_destination(dest, work))
                .clone();
            let files = rx
                .recv()
                .expect("the migrations ran")
                .unwrap_or_else(|e| panic!("{} onto {}: {e}", src.name(), file_name(dest)));
            check_pair(&db, src, dest, &dest_sql, &files);
        }
    });
    eprintln!(
        "{} pairs ({} destinations, {} sources) in {:.1} s",
        pairs.len(),
        m2_dumps.len(),
        sources.len(),
        t0.elapsed().as_secs_f64()
    );
}

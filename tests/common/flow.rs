//! The migration flow tests repeat: the embedded baseline, `migrate:settings`, then
//! `migrate:data`, and the original and the result loaded into one MariaDB server (the
//! original into `m1` as it is, baseline and outputs into `m2` strictly, without a warning).

use super::mariadb::{ClientOptions, MariaDb, in_ci};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the m1tom2 binary of this build.
pub fn m1tom2(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_m1tom2"))
        .args(args)
        .output()
        .expect("runs m1tom2")
}

/// Runs m1tom2 and fails the test with its stderr when it does not succeed.
pub fn m1tom2_ok(args: &[&str]) -> Output {
    let o = m1tom2(args);
    assert!(
        o.status.success(),
        "m1tom2 {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Loads our files as a user would: strict, with every warning shown.
pub fn strict() -> ClientOptions {
    ClientOptions::default()
        .charset("utf8mb4")
        .sql_mode("STRICT_ALL_TABLES")
        .show_warnings(true)
}

/// Loads an original dump as it is (its own session settings, bytes as they are).
pub fn original() -> ClientOptions {
    ClientOptions::default()
        .charset("utf8mb4")
        .binary_mode(true)
}

/// The real Magento 1 dumps beside the checkout (`../shared/data/m1`), sorted; `None` (a
/// skip) only outside CI, where they may be missing.
pub fn shared_m1_dumps() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/m1");
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
    Some(v)
}

/// The files of one migration, in `dir`.
pub struct Migration {
    pub baseline: PathBuf,
    pub settings: PathBuf,
    pub data: PathBuf,
    /// `<data>.report.json`.
    pub report: Value,
}

/// Writes the baseline, then runs `migrate:settings` and `migrate:data` (with `extra`
/// flags) on `src`; every command must succeed.
pub fn migrate_store(dir: &Path, src: &Path, extra: &[&str]) -> Migration {
    let baseline = dir.join("baseline.sql");
    let settings = dir.join("settings.sql");
    let data = dir.join("data.sql");
    let s = src.to_str().unwrap();
    m1tom2_ok(&["baseline", "-o", baseline.to_str().unwrap(), "-q"]);
    m1tom2_ok(&[
        "migrate:settings",
        "--source",
        s,
        "-o",
        settings.to_str().unwrap(),
        "-q",
    ]);
    let mut args = vec![
        "migrate:data",
        "--source",
        s,
        "-o",
        data.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    m1tom2_ok(&args);
    let report =
        serde_json::from_slice(&std::fs::read(format!("{}.report.json", data.display())).unwrap())
            .unwrap();
    Migration {
        baseline,
        settings,
        data,
        report,
    }
}

/// Starts a server with the original in `m1` and baseline, settings and data in `m2`; the
/// loads into `m2` must give neither an error nor a warning.
pub fn load_m1_and_m2(src: &Path, m: &Migration) -> MariaDb {
    let db = MariaDb::start();
    db.create_database("m1");
    db.create_database("m2");
    db.load_file_with("m1", src, &original())
        .expect("loading the Magento 1 store");
    db.load_file_with("m2", &m.baseline, &strict())
        .expect("loading the baseline");
    for f in [&m.settings, &m.data] {
        let out = db
            .load_file_with("m2", f, &strict())
            .unwrap_or_else(|e| panic!("loading {}: {e}", f.display()));
        let d = out.diagnostics();
        assert!(d.is_empty(), "{} loads with warnings: {d:?}", f.display());
    }
    db
}

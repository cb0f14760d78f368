//! Fidelity of `m1tom2 roundtrip` on real Magento 1 dumps: loading a dump and loading what
//! the roundtrip made of it must give the same database, table by table — the same tables,
//! the same definitions (`SHOW CREATE TABLE`), the same row counts and `CHECKSUM TABLE`
//! values. The output must not depend on `--jobs`, and a `.sql.gz` output must load the same.
//!
//! The dumps are the real-world ones in `../shared/data/m1` (every `*.sql.gz` there). In CI a
//! missing directory is a failure; elsewhere the test is skipped. `M1TOM2_FIDELITY_DUMPS=text`
//! limits the run to dumps whose file name contains `text`.
//!
//! # Why the loads are exact
//!
//! Both files are loaded with the same [`load_options`], and the comparison is only as good
//! as those loads are faithful to the bytes in the files:
//!
//! * `--binary-mode`: otherwise the client rewrites CR LF to LF everywhere, inside string
//!   literals too, and rejects NUL bytes. Two of the dumps have CR LF line ends; a literal
//!   spanning lines would lose its CRs in one file and keep them in an equivalent file that
//!   writes them as `\r`.
//! * The connection charset is the dumps' own: every dump says `SET NAMES utf8` before its
//!   first table, which overrides the client's `--default-character-set` (utf8mb4, so that
//!   queries read back everything). Under a utf8 connection a string literal bound for a
//!   VARBINARY column is copied byte for byte, invalid UTF-8 included (the dumps store
//!   `inet_pton` addresses in `log_visitor_info.remote_addr`), and mysqldump's backslash
//!   before a byte that merely looks like a multibyte lead byte reads as that byte. The
//!   client's own statement splitting is safe in any UTF-8 setting because multibyte UTF-8
//!   sequences never contain a quote, backslash or semicolon byte.
//! * The SQL mode is also the dumps' own (`NO_AUTO_VALUE_ON_ZERO`, not strict: Magento has
//!   rows with id 0). The session starts in the server's default, strict mode rather than a
//!   forgiving one, so a file that forgets to set its mode fails on the first value strict
//!   mode rejects, and the rows with id 0 it would renumber show in the checksums.
//! * The server runs with InnoDB strict mode off (the dumps declare `ROW_FORMAT=FIXED`) and
//!   the time zone at +00:00 (two dumps set no `TIME_ZONE`).
//! * Every load runs with `--show-warnings`, and any warning except the row-format one fails
//!   the test: a load that truncated, converted or replaced a value is not exact, and equal
//!   checksums of two lossy loads would prove little.

mod common;

use common::{ClientOptions, MariaDb, TableSum, in_ci};
use std::collections::BTreeMap;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// Servers loading dumps at the same time: loads are bound by the server, one core each.
const MAX_SERVERS: usize = 2;

/// Warnings a load may give without losing data: 1478 is InnoDB's "assuming
/// ROW_FORMAT=DYNAMIC" for the dumps' `ROW_FORMAT=FIXED`.
const HARMLESS_WARNINGS: &[u32] = &[1478];

/// How every file is loaded; see the module documentation.
fn load_options() -> ClientOptions {
    ClientOptions::default()
        .charset("utf8mb4")
        .binary_mode(true)
        .show_warnings(true)
}

/// The shared dumps, sorted, or `None` (after a SKIP notice) outside CI when they are absent.
fn shared_dumps() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/m1");
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if in_ci() => panic!(
            "the shared Magento 1 dumps are required in CI: cannot read {}: {e}",
            dir.display()
        ),
        Err(e) => {
            eprintln!("SKIP fidelity: cannot read {}: {e}", dir.display());
            return None;
        }
    };
    let filter = std::env::var("M1TOM2_FIDELITY_DUMPS").unwrap_or_default();
    let mut dumps: Vec<PathBuf> = entries
        .map(|e| e.expect("cannot list the dump directory").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".sql.gz") && n.contains(&filter))
        })
        .collect();
    dumps.sort();
    assert!(
        !dumps.is_empty(),
        "no *.sql.gz{} in {}",
        if filter.is_empty() {
            String::new()
        } else {
            format!(" matching {filter:?}")
        },
        dir.display()
    );
    Some(dumps)
}

/// What a loaded database holds.
struct Snapshot {
    sums: BTreeMap<String, TableSum>,
    ddl: BTreeMap<String, String>,
}

impl Snapshot {
    fn rows(&self) -> u64 {
        self.sums.values().map(|s| s.rows).sum()
    }
}

/// Loads `file` into a new database `db` and takes its snapshot; fails if the client fails
/// or the server reports a warning that means a value was not stored as written.
fn load(server: &MariaDb, db: &str, file: &Path) -> Result<(Snapshot, Duration), String> {
    server.drop_database(db);
    server.create_database(db);
    let out = server
        .load_file_with(db, file, &load_options())
        .map_err(|e| e.to_string())?;
    let lossy: Vec<String> = out
        .diagnostics()
        .into_iter()
        .filter(|d| d.level != "Note" && !HARMLESS_WARNINGS.contains(&d.code))
        .map(|d| d.to_string())
        .collect();
    if !lossy.is_empty() {
        return Err(format!(
            "loading {} was not exact; the server reported:\n  {}",
            file.display(),
            lossy.join("\n  ")
        ));
    }
    let snapshot = Snapshot {
        sums: server.checksums(db),
        ddl: server.create_statements(db),
    };
    Ok((snapshot, out.elapsed))
}

/// Runs `m1tom2 roundtrip dump -o out --jobs n`.
fn roundtrip(dump: &Path, out: &Path, jobs: usize) -> Result<Duration, String> {
    let t0 = Instant::now();
    let run = Command::new(env!("CARGO_BIN_EXE_m1tom2"))
        .arg("roundtrip")
        .arg(dump)
        .arg("-o")
        .arg(out)
        .args(["--jobs", &jobs.to_string()])
        .output()
        .map_err(|e| format!("cannot run m1tom2: {e}"))?;
    if !run.status.success() {
        return Err(format!(
            "`m1tom2 roundtrip {} -o {} --jobs {jobs}` failed ({}):\n{}",
            dump.display(),
            out.display(),
            run.status,
            String::from_utf8_lossy(&run.stderr).trim_end()
        ));
    }
    if !out.is_file() {
        return Err(format!(
            "`m1tom2 roundtrip --jobs {jobs}` succeeded but wrote no {}",
            out.display()
        ));
    }
    Ok(t0.elapsed())
}

/// `Err` describing the first difference when the two files are not byte-identical.
fn same_bytes(a: &Path, b: &Path) -> Result<(), String> {
    let read = |p: &Path| fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let (x, y) = (read(a)?, read(b)?);
    if x == y {
        return Ok(());
    }
    let at = x
        .iter()
        .zip(&y)
        .position(|(p, q)| p != q)
        .unwrap_or(x.len().min(y.len()));
    let line = x[..at].iter().filter(|&&c| c == b'\n').count() + 1;
    let around = |v: &[u8]| {
        let start = at.saturating_sub(60);
        String::from_utf8_lossy(&v[start..(at + 60).min(v.len())]).into_owned()
    };
    Err(format!(
        "{} ({} bytes) and {} ({} bytes) differ from byte {at} (line {line}):\n  {:?}\n  {:?}",
        a.display(),
        x.len(),
        b.display(),
        y.len(),
        around(&x),
        around(&y)
    ))
}

/// The first line where two `SHOW CREATE TABLE` texts differ.
fn first_line_difference(a: &str, b: &str) -> String {
    let (mut la, mut lb) = (a.lines(), b.lines());
    loop {
        match (la.next(), lb.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (x, y) => {
                return format!(
                    "the original has {:?}, the output {:?}",
                    x.unwrap_or("<end>"),
                    y.unwrap_or("<end>")
                );
            }
        }
    }
}

/// Every difference between the original database and a roundtripped one.
fn differences(orig: &Snapshot, other: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    for t in orig.sums.keys().filter(|t| !other.sums.contains_key(*t)) {
        out.push(format!("table {t} is missing"));
    }
    for t in other.sums.keys().filter(|t| !orig.sums.contains_key(*t)) {
        out.push(format!("table {t} is not in the original"));
    }
    for (t, a) in &orig.sums {
        let Some(b) = other.sums.get(t) else {
            continue;
        };
        if orig.ddl[t] != other.ddl[t] {
            out.push(format!(
                "table {t}: definition differs: {}",
                first_line_difference(&orig.ddl[t], &other.ddl[t])
            ));
        }
        if a.rows != b.rows {
            out.push(format!("table {t}: {} rows, expected {}", b.rows, a.rows));
        } else if a.checksum != b.checksum {
            out.push(format!(
                "table {t}: same {} rows but CHECKSUM TABLE {} instead of {}",
                a.rows, b.checksum, a.checksum
            ));
        }
    }
    out
}

fn summarise(what: &str, diffs: Vec<String>) -> Result<(), String> {
    const SHOWN: usize = 15;
    if diffs.is_empty() {
        return Ok(());
    }
    let mut msg = format!("{what}: {} difference(s):", diffs.len());
    for d in diffs.iter().take(SHOWN) {
        msg.push_str("\n  ");
        msg.push_str(d);
    }
    if diffs.len() > SHOWN {
        msg.push_str(&format!("\n  … and {} more", diffs.len() - SHOWN));
    }
    Err(msg)
}

/// The outcome for one dump: a line for the summary, or what went wrong.
type DumpResult = Result<String, String>;

/// The databases the original and the two outputs of dump `index` are loaded into.
fn database_names(index: usize) -> [String; 3] {
    ["orig", "plain", "gz"].map(|kind| format!("{kind}{index}"))
}

fn check_dump(server: &MariaDb, index: usize, dump: &Path, work: &Path) -> DumpResult {
    let name = dump.file_name().unwrap().to_string_lossy();
    let stem = name.trim_end_matches(".sql.gz");
    let [orig_db, plain_db, gz_db] = database_names(index);

    // The original first: it shows the harness copes with the dump whatever the roundtrip does.
    let (orig, t_orig) = load(server, &orig_db, dump)?;
    if orig.sums.is_empty() || orig.rows() == 0 {
        return Err(format!(
            "the original loaded {} tables and {} rows; nothing to compare",
            orig.sums.len(),
            orig.rows()
        ));
    }

    let jobs1 = work.join(format!("{stem}.jobs1.sql"));
    let jobs2 = work.join(format!("{stem}.jobs2.sql"));
    let gz = work.join(format!("{stem}.jobs2.sql.gz"));
    let t_rt = roundtrip(dump, &jobs1, 1)?;
    roundtrip(dump, &jobs2, 2)?;
    same_bytes(&jobs1, &jobs2).map_err(|e| format!("--jobs 1 and --jobs 2 disagree: {e}"))?;
    roundtrip(dump, &gz, 2)?;
    let magic = fs::read(&gz).map_err(|e| e.to_string())?;
    if !magic.starts_with(&[0x1f, 0x8b]) {
        return Err(format!("{} is not gzip", gz.display()));
    }

    let (plain, t_plain) = load(server, &plain_db, &jobs1)?;
    summarise(
        &format!("{} against the original", jobs1.display()),
        differences(&orig, &plain),
    )?;
    let (gzipped, _) = load(server, &gz_db, &gz)?;
    summarise(
        &format!("{} against the original", gz.display()),
        differences(&orig, &gzipped),
    )?;

    Ok(format!(
        "{} tables, {} rows; load {:.1} s, roundtrip {:.2} s, load of the output {:.1} s",
        orig.sums.len(),
        orig.rows(),
        t_orig.as_secs_f64(),
        t_rt.as_secs_f64(),
        t_plain.as_secs_f64()
    ))
}

fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(payload) => match payload.downcast::<&str>() {
            Ok(s) => s.to_string(),
            Err(_) => "panic without a message".into(),
        },
    }
}

#[test]
fn roundtrip_of_every_shared_m1_dump_loads_to_the_same_tables() {
    let Some(dumps) = shared_dumps() else {
        return;
    };
    let t0 = Instant::now();
    let Some(first) = MariaDb::start_or_skip() else {
        return;
    };
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    let workers = MAX_SERVERS.min(cores).min(dumps.len());
    let mut servers = vec![first];
    servers.extend((1..workers).map(|_| MariaDb::start()));
    let work = tempfile::tempdir().expect("cannot create a temporary directory");

    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, DumpResult)>> = Mutex::new(Vec::new());
    thread::scope(|s| {
        for server in &servers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(dump) = dumps.get(i) else {
                        break;
                    };
                    let result = panic::catch_unwind(AssertUnwindSafe(|| {
                        let result = check_dump(server, i, dump, work.path());
                        for db in database_names(i) {
                            server.drop_database(&db);
                        }
                        result
                    }))
                    .unwrap_or_else(|p| Err(format!("panicked: {}", panic_text(p))));
                    results.lock().unwrap().push((i, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _)| *i);
    assert_eq!(results.len(), dumps.len(), "every dump was checked");

    let mut failures = Vec::new();
    for (i, result) in &results {
        let name = dumps[*i].file_name().unwrap().to_string_lossy();
        match result {
            Ok(line) => eprintln!("ok   {name}: {line}"),
            Err(e) => {
                eprintln!("FAIL {name}: {}", e.lines().next().unwrap_or(""));
                failures.push(format!("{name}:\n{e}"));
            }
        }
    }
    eprintln!(
        "{} dumps on {workers} server(s) in {:.1} s",
        dumps.len(),
        t0.elapsed().as_secs_f64()
    );
    if !failures.is_empty() {
        let kept = work.keep();
        panic!(
            "{} of {} dumps failed the roundtrip fidelity check (outputs kept in {}):\n\n{}",
            failures.len(),
            dumps.len(),
            kept.display(),
            failures.join("\n\n")
        );
    }
}

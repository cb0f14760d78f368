//! A migration stopped by `kill -9` or Ctrl+C and started again continues after the last
//! finished table and ends with exactly the bytes of a run that was never stopped.

#[path = "../benches/synth/mod.rs"]
#[allow(dead_code)]
mod synth;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn m1tom2() -> Command {
    Command::new(env!("CARGO_BIN_EXE_m1tom2"))
}

fn migrate(dump: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut c = m1tom2();
    c.args(["migrate:data", "-a", "-q", "-j", "2", "--source"])
        .arg(dump)
        .arg("-o")
        .arg(out)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Starts a run and stops it with `signal` once its state file says a table is done.
fn stop_midway(dump: &Path, out: &Path, signal: i32) -> bool {
    let state = format!("{}.state.json", out.display());
    let mut child = migrate(dump, out, &[]).spawn().unwrap();
    let started = Instant::now();
    loop {
        let progressed = std::fs::read_to_string(&state)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .is_some_and(|v| v["resume"]["input"][1].as_u64().unwrap_or(0) > 0);
        if progressed {
            break;
        }
        if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(60) {
            return false; // finished before it could be stopped: try a bigger dump
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    unsafe {
        libc::kill(child.id() as i32, signal);
    }
    let status = child.wait().unwrap();
    !status.success()
}

#[test]
fn stopped_runs_continue_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("store.sql");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&dump).unwrap());
    synth::generate(48 << 20, &mut f).unwrap();
    drop(f);

    let whole = dir.path().join("whole.sql");
    let o = migrate(&dump, &whole, &[]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let want = std::fs::read(&whole).unwrap();
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(format!("{}.state.json", whole.display())).unwrap())
            .unwrap();
    assert_eq!(state["finished"], true);
    assert!(!state["delta"]["rules_version"].as_str().unwrap().is_empty());

    for (name, signal) in [
        ("killed.sql", libc::SIGKILL),
        ("interrupted.sql", libc::SIGINT),
    ] {
        let out = dir.path().join(name);
        assert!(
            stop_midway(&dump, &out, signal),
            "{name}: the run could not be stopped midway"
        );
        assert!(
            !out.exists(),
            "{name}: nothing under the final name after a stop"
        );
        let o = migrate(&dump, &out, &[]).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{err}");
        assert!(
            std::fs::read(&out).unwrap() == want,
            "{name}: the continued run wrote other bytes"
        );
        // The report lists the same value problems as the uninterrupted run's, in order
        // (those found before the stop come from the problems file of the state).
        let problems = |p: &Path| {
            let r: serde_json::Value = serde_json::from_slice(
                &std::fs::read(format!("{}.report.json", p.display())).unwrap(),
            )
            .unwrap();
            r["value_problems"].clone()
        };
        let (got, whole_problems) = (problems(&out), problems(&whole));
        assert!(
            whole_problems.as_array().is_some_and(|a| !a.is_empty()),
            "the store has values that do not fit"
        );
        assert_eq!(got, whole_problems, "{name}: value problems");
        assert!(
            !Path::new(&format!("{}.state.problems.jsonl", out.display())).exists(),
            "{name}: the problems file is gone once the run is finished"
        );
    }

    // --reset starts over (and still gives the same bytes); a finished run is not redone
    // from a stale state.
    let out = dir.path().join("reset.sql");
    assert!(stop_midway(&dump, &out, libc::SIGKILL));
    let o = migrate(&dump, &out, &["--reset"]).output().unwrap();
    assert!(o.status.success());
    assert!(std::fs::read(&out).unwrap() == want);

    // A .gz output continues too: one gzip member per checkpoint.
    let gz = dir.path().join("out.sql.gz");
    assert!(stop_midway(&dump, &gz, libc::SIGKILL));
    let o = migrate(&dump, &gz, &[]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut plain = Vec::new();
    use std::io::Read;
    flate2::read::MultiGzDecoder::new(std::fs::File::open(&gz).unwrap())
        .read_to_end(&mut plain)
        .unwrap();
    assert!(plain == want, ".gz: the continued run wrote other bytes");
}

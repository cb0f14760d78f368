//! Whole-process throughput of the dump path, against the floors of the machine.
//!
//! ```text
//! cargo bench --bench throughput                        # 1 GiB dump, 3 runs each
//! M1TOM2_BENCH_SIZE=256M cargo bench --bench throughput
//! M1TOM2_BENCH_SIZE=10G cargo bench --bench throughput -- --runs 1 --only split,lex.2,roundtrip
//! cargo bench --bench throughput -- generate --size 1G --out /tmp/m1.sql [--gz] [--tables]
//! ```
//!
//! Options (flag after `--`, or environment variable):
//! - `--size` / `M1TOM2_BENCH_SIZE`: dump size, `64M`, `1G` (default), `10G`, …
//! - `--dir` / `M1TOM2_BENCH_DIR`: where generated dumps are cached and outputs written
//!   (default `target/bench-data`). A dump is reused while its manifest (`*.json`) matches
//!   the files; bump `synth::VERSION` when the generator's output changes.
//! - `--runs` / `M1TOM2_BENCH_RUNS`: runs per measurement (default 3); the median is shown.
//! - `--only` / `M1TOM2_BENCH_ONLY`: comma-separated prefixes of measurement ids (`cat`,
//!   `copy`, `inflate.gz`, `split`, `split.gz`, `lex.1`, `lex.2`, `roundtrip.j1`,
//!   `roundtrip.j2`, `roundtrip.gz.j1`, `roundtrip.gz.j2`, `roundtrip.copy.j2`).
//! - `--bin` / `M1TOM2_BIN`: the m1tom2 binary for the roundtrip rows. Without it the bench
//!   runs `cargo build --release --bin m1tom2` first (`cargo bench` does not build the bin).
//!   A roundtrip that fails (or exits 0 without writing) shows as `n/a (command failed: …)`.
//!
//! Every measurement is a separate child process (this binary re-executed with a hidden
//! `__child` argument, or `cat`, or the real CLI), timed from spawn to exit, with its peak
//! RSS read from `wait4`. MB/s is always *uncompressed dump bytes* / wall time (10^6 bytes),
//! for the `.gz` rows too, so every row compares. The page cache is warm (the inputs are
//! read once before measuring); outputs are deleted and `sync`ed between runs, untimed.
//! The generated dump is checked as it is read: split and lex must count exactly the
//! statements, rows and fields the generator wrote. Results also go to `results.json` in
//! the bench directory. The `.gz` twin is written at deflate level 1 (`mysqldump | gzip -1`).
//!
//! Run by `cargo test --all-targets` (no `--bench` argument), the binary only runs a smoke
//! test of itself on a 2 MiB dump.

mod synth;

use anyhow::{Context, Result, bail};
use crossbeam_channel::{Receiver, Sender};
use m1tom2::dump::lex;
use m1tom2::dump::source;
use m1tom2::dump::split::{Block, BlockError, Blocks};
use serde_json::{Value as Json, json};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Instant;

const BLOCK: usize = 8 << 20;
const MB: f64 = 1e6;
const MIB: f64 = 1024.0 * 1024.0;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and then it only checks itself quickly (a 1 GiB benchmark in debug mode would take ages).
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let r = match args.first().map(String::as_str) {
        Some("__child") => match child(&args[1..]) {
            Ok(()) => return,
            Err(e) => {
                eprintln!("child failed: {e:#}");
                std::process::exit(1);
            }
        },
        Some("generate") => generate_cmd(&args[1..]),
        _ if !bench_mode => smoke(),
        _ => bench(&args),
    };
    if let Err(e) = r {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

/// What `cargo test --all-targets` runs: a small dump, generated twice (same bytes), split
/// and lexed in blocks small enough to cut it in many places, counted against the generator.
fn smoke() -> Result<()> {
    let size = 2 << 20;
    let mut a = Vec::new();
    let st = synth::generate(size, &mut a)?;
    let mut b = Vec::new();
    synth::generate(size, &mut b)?;
    if a != b {
        bail!("the generator is not deterministic");
    }
    if st.bytes != a.len() as u64 || a.len() as u64 > size + size / 50 {
        bail!("{} bytes written for a {size}-byte target", a.len());
    }
    let mut blocks = Blocks::new(&a[..], 0, 64 << 10);
    let mut c = Counts::default();
    while let Some(b) = blocks.next_block(Vec::new()).map_err(block_error)? {
        c += lex_block(&b)?;
    }
    let want = (st.bytes, st.statements, st.inserts, st.rows, st.fields);
    let got = (c.bytes, c.statements, c.inserts, c.rows, c.fields);
    if got != want {
        bail!(
            "split+lex counted (bytes, statements, inserts, rows, fields) {got:?}, the generator wrote {want:?}"
        );
    }
    if synth::parse_size("1G") != Some(1 << 30) || synth::parse_size("64M") != Some(64 << 20) {
        bail!("parse_size");
    }
    println!(
        "throughput bench smoke test: {} bytes, {} tables, {} rows split and lexed as generated; measure with `cargo bench --bench throughput`",
        st.bytes,
        st.tables.len(),
        st.rows
    );
    println!("1 passed, 0 failed");
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------

struct Config {
    size: u64,
    dir: PathBuf,
    runs: usize,
    only: Vec<String>,
    bin: Option<PathBuf>,
}

/// `--name value` from the arguments, else the environment variable.
fn opt(args: &[String], flag: &str, env: &str) -> Option<String> {
    args.windows(2)
        .find(|w| w[0] == flag)
        .map(|w| w[1].clone())
        .or_else(|| std::env::var(env).ok().filter(|v| !v.is_empty()))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn config(args: &[String]) -> Result<Config> {
    let size_s = opt(args, "--size", "M1TOM2_BENCH_SIZE").unwrap_or_else(|| "1G".into());
    let size =
        synth::parse_size(&size_s).with_context(|| format!("bad size `{size_s}` (try 1G)"))?;
    let dir = opt(args, "--dir", "M1TOM2_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("bench-data"));
    let runs = opt(args, "--runs", "M1TOM2_BENCH_RUNS")
        .map(|r| r.parse::<usize>())
        .transpose()
        .context("--runs")?
        .unwrap_or(3)
        .max(1);
    let only = opt(args, "--only", "M1TOM2_BENCH_ONLY")
        .map(|s| s.split(',').map(|x| x.trim().to_string()).collect())
        .unwrap_or_default();
    let bin = opt(args, "--bin", "M1TOM2_BIN").map(PathBuf::from);
    Ok(Config {
        size,
        dir,
        runs,
        only,
        bin,
    })
}

fn size_tag(bytes: u64) -> String {
    if bytes.is_multiple_of(1 << 30) {
        format!("{}G", bytes >> 30)
    } else if bytes.is_multiple_of(1 << 20) {
        format!("{}M", bytes >> 20)
    } else {
        bytes.to_string()
    }
}

// ---------------------------------------------------------------------------------------
// The generated dump and its .gz twin
// ---------------------------------------------------------------------------------------

/// Sends the generator's chunks to the plain file and, on another thread, to gzip.
struct Tee {
    file: File,
    gz: Option<GzLink>,
}

/// Full chunks to the gzip thread, and empty ones back from it.
type GzLink = (Sender<Vec<u8>>, Receiver<Vec<u8>>);

impl Write for Tee {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.file.write_all(b)?;
        if let Some((tx, back)) = &self.gz {
            let mut chunk = back
                .try_recv()
                .unwrap_or_else(|_| Vec::with_capacity(synth::CHUNK * 2));
            chunk.clear();
            chunk.extend_from_slice(b);
            tx.send(chunk)
                .map_err(|_| io::Error::other("the gzip thread stopped"))?;
        }
        Ok(b.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Generates `plain` (and `gz` with the same content, deflate level 1) in one pass.
fn write_dump(target: u64, plain: &Path, gz: Option<&Path>) -> Result<synth::Stats> {
    let tmp_plain = plain.with_extension("tmp");
    let file = File::create(&tmp_plain)
        .with_context(|| format!("cannot create {}", tmp_plain.display()))?;
    let mut gz_thread = None;
    let mut chans = None;
    if let Some(gz) = gz {
        let tmp_gz = gz.with_extension("tmp");
        let out =
            File::create(&tmp_gz).with_context(|| format!("cannot create {}", tmp_gz.display()))?;
        let (tx, rx) = crossbeam_channel::bounded::<Vec<u8>>(8);
        let (back_tx, back_rx) = crossbeam_channel::bounded::<Vec<u8>>(10);
        gz_thread = Some(std::thread::spawn(move || -> io::Result<()> {
            let mut enc = flate2::write::GzEncoder::new(
                io::BufWriter::with_capacity(1 << 20, out),
                flate2::Compression::new(1),
            );
            for chunk in rx {
                enc.write_all(&chunk)?;
                let _ = back_tx.try_send(chunk);
            }
            enc.finish()?.flush()
        }));
        chans = Some((tx, back_rx));
    }
    let mut tee = Tee { file, gz: chans };
    let stats = synth::generate(target, &mut tee)?;
    drop(tee); // closes the channel: the gzip thread finishes
    if let Some(t) = gz_thread {
        t.join()
            .map_err(|_| anyhow::anyhow!("the gzip thread panicked"))??;
        let gz = gz.expect("gz path");
        fs::rename(gz.with_extension("tmp"), gz)?;
    }
    fs::rename(&tmp_plain, plain)?;
    Ok(stats)
}

struct Dump {
    plain: PathBuf,
    gz: PathBuf,
    manifest: Json,
    bytes: u64,
    gz_bytes: u64,
    rows: u64,
    statements: u64,
    fields: u64,
}

fn file_len(p: &Path) -> Option<u64> {
    fs::metadata(p).ok().map(|m| m.len())
}

/// The cached dump for `size`, generated when missing or stale.
fn prepare_dump(cfg: &Config) -> Result<Dump> {
    fs::create_dir_all(&cfg.dir).with_context(|| format!("cannot create {}", cfg.dir.display()))?;
    let stem = format!("m1-synth-v{}-{}", synth::VERSION, size_tag(cfg.size));
    let plain = cfg.dir.join(format!("{stem}.sql"));
    let gz = cfg.dir.join(format!("{stem}.sql.gz"));
    let mpath = cfg.dir.join(format!("{stem}.json"));
    let cached = fs::read(&mpath)
        .ok()
        .and_then(|b| serde_json::from_slice::<Json>(&b).ok())
        .filter(|m| {
            m["bytes"].as_u64() == file_len(&plain) && m["gz_bytes"].as_u64() == file_len(&gz)
        });
    let manifest = match cached {
        Some(m) => {
            eprintln!("reusing {}", plain.display());
            m
        }
        None => {
            // plain + gz + a copy + a roundtrip output, with some slack
            let need = cfg.size * 3 + cfg.size / 2;
            let free = free_bytes(&cfg.dir);
            if let Some(free) = free
                && free < need
            {
                bail!(
                    "{} has {:.1} GiB free; a {} run needs about {:.1} GiB (dump, .gz, copy, output)",
                    cfg.dir.display(),
                    free as f64 / (1u64 << 30) as f64,
                    size_tag(cfg.size),
                    need as f64 / (1u64 << 30) as f64
                );
            }
            // Older dumps of other sizes/versions are left alone; only this one is replaced.
            let _ = fs::remove_file(&mpath);
            eprintln!(
                "generating {} and its .gz twin ({}) …",
                plain.display(),
                size_tag(cfg.size)
            );
            // In a child process, so that this one stays small (see `reset_own_peak_rss`).
            let exe = std::env::current_exe()?;
            let s = measure(
                Command::new(exe)
                    .args(["__child", "generate", &cfg.size.to_string()])
                    .arg(&plain)
                    .arg(&gz)
                    .arg(&mpath)
                    .stdin(Stdio::null()),
                false,
            )?;
            if s.code != 0 {
                bail!("generating the dump failed (exit {})", s.code);
            }
            let mut m: Json = serde_json::from_slice(&fs::read(&mpath)?)?;
            let bytes = m["bytes"].as_u64().unwrap_or(0);
            eprintln!(
                "  {:.0} MB in {:.1} s ({:.0} MB/s with gzip level 1 on a second thread), peak RSS {:.0} MiB",
                bytes as f64 / MB,
                s.wall,
                bytes as f64 / MB / s.wall,
                s.maxrss_kib as f64 / 1024.0
            );
            m["generate_seconds"] = json!(s.wall);
            m["generate_peak_rss_mib"] = json!(s.maxrss_kib as f64 / 1024.0);
            fs::write(&mpath, serde_json::to_vec_pretty(&m)?)?;
            m
        }
    };
    let g = |k: &str| manifest[k].as_u64().unwrap_or(0);
    Ok(Dump {
        bytes: g("bytes"),
        gz_bytes: g("gz_bytes"),
        rows: g("rows"),
        statements: g("statements"),
        fields: g("fields"),
        plain,
        gz,
        manifest,
    })
}

fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid C string and `s` a writable statvfs.
    let r = unsafe { libc::statvfs(c.as_ptr(), &mut s) };
    (r == 0).then(|| s.f_bavail as u64 * s.f_frsize as u64)
}

fn generate_cmd(args: &[String]) -> Result<()> {
    let size_s = opt(args, "--size", "M1TOM2_BENCH_SIZE").unwrap_or_else(|| "1G".into());
    let size = synth::parse_size(&size_s).context("bad --size")?;
    let out = PathBuf::from(opt(args, "--out", "").context("--out PATH is required")?);
    let gz = args.iter().any(|a| a == "--gz");
    let t = Instant::now();
    let st = if gz {
        let mut name = out.clone().into_os_string();
        name.push(".gz");
        write_dump(size, &out, Some(Path::new(&name)))?
    } else {
        write_dump(size, &out, None)?
    };
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{}: {} bytes, {} tables, {} statements, {} rows, {} fields ({:.1} bytes/field, {:.1} bytes of value/field) in {secs:.2} s = {:.0} MB/s",
        out.display(),
        st.bytes,
        st.tables.len(),
        st.statements,
        st.rows,
        st.fields,
        st.bytes as f64 / st.fields as f64,
        st.value_bytes as f64 / st.fields as f64,
        st.bytes as f64 / MB / secs
    );
    if args.iter().any(|a| a == "--tables") {
        for (n, r, b) in &st.tables {
            println!(
                "  {n:34} {r:>10} rows {:>8.1} MB {:>7.1} B/row",
                *b as f64 / MB,
                *b as f64 / (*r).max(1) as f64
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Child processes: one measured job each
// ---------------------------------------------------------------------------------------

#[derive(Default, Clone, Copy)]
struct Counts {
    bytes: u64,
    statements: u64,
    inserts: u64,
    rows: u64,
    fields: u64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.bytes += o.bytes;
        self.statements += o.statements;
        self.inserts += o.inserts;
        self.rows += o.rows;
        self.fields += o.fields;
    }
}

/// Writes the dump, its .gz twin and the manifest (what a reader must count).
fn generate_files(size: u64, plain: &Path, gz: &Path, manifest: &Path) -> Result<()> {
    let st = write_dump(size, plain, Some(gz))?;
    let m = json!({
        "generator_version": synth::VERSION,
        "target": size,
        "bytes": st.bytes,
        "gz_bytes": file_len(gz),
        "statements": st.statements,
        "inserts": st.inserts,
        "rows": st.rows,
        "fields": st.fields,
        "value_bytes": st.value_bytes,
        "bytes_per_field": st.bytes as f64 / st.fields.max(1) as f64,
        "value_bytes_per_field": st.value_bytes as f64 / st.fields.max(1) as f64,
        "tables": st.tables.iter().map(|(n, r, b)| json!({"name": n, "rows": r, "insert_bytes": b})).collect::<Vec<_>>(),
    });
    fs::write(manifest, serde_json::to_vec_pretty(&m)?)?;
    Ok(())
}

fn child(args: &[String]) -> Result<()> {
    let arg = |i: usize| args.get(i).map(String::as_str).context("missing argument");
    if arg(0)? == "generate" {
        let size: u64 = arg(1)?.parse()?;
        return generate_files(
            size,
            Path::new(arg(2)?),
            Path::new(arg(3)?),
            Path::new(arg(4)?),
        );
    }
    let c = match arg(0)? {
        "copy" => copy(Path::new(arg(1)?), Path::new(arg(2)?))?,
        "inflate" => inflate(Path::new(arg(1)?))?,
        "split" => split(Path::new(arg(1)?))?,
        "lex" => {
            let threads: usize = arg(2)?.parse()?;
            if threads <= 1 {
                lex1(Path::new(arg(1)?))?
            } else {
                lex_n(Path::new(arg(1)?), threads)?
            }
        }
        other => bail!("unknown child mode {other}"),
    };
    println!(
        "bytes={} statements={} inserts={} rows={} fields={}",
        c.bytes, c.statements, c.inserts, c.rows, c.fields
    );
    Ok(())
}

/// read() + write() through one 8 MiB buffer (not copy_file_range: that is not the floor
/// a program that transforms bytes can reach).
fn copy(src: &Path, dst: &Path) -> Result<Counts> {
    let mut i = File::open(src)?;
    let mut o = File::create(dst)?;
    let mut buf = vec![0u8; BLOCK];
    let mut c = Counts::default();
    loop {
        let n = match i.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        o.write_all(&buf[..n])?;
        c.bytes += n as u64;
    }
    Ok(c)
}

/// flate2 (the crate's zlib-rs backend) inflating to a sink, on the calling thread.
fn inflate(gz: &Path) -> Result<Counts> {
    let f = io::BufReader::with_capacity(1 << 20, File::open(gz)?);
    let mut d = flate2::read::MultiGzDecoder::new(f);
    let mut buf = vec![0u8; 1 << 20];
    let mut c = Counts::default();
    loop {
        let n = match d.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        c.bytes += n as u64;
    }
    Ok(c)
}

/// The crate's reader for a dump file (plain: buffered reads; gzip: inflate thread).
fn open_dump(path: &Path) -> Result<Blocks<source::FileReader>> {
    let src = source::open(path)?;
    let r = source::read_file(&src.files[0], Arc::new(AtomicU64::new(0)))?;
    Ok(Blocks::new(r, 0, BLOCK))
}

fn block_error(e: BlockError) -> anyhow::Error {
    match e {
        BlockError::Io(e, at) => anyhow::anyhow!("read error at byte {at}: {e}"),
        BlockError::Split(e, b) => anyhow::anyhow!(
            "split error at byte {}: {} ({})",
            b.offset + e.at as u64,
            e.message,
            e.hint
        ),
    }
}

fn split(path: &Path) -> Result<Counts> {
    let mut blocks = open_dump(path)?;
    let mut c = Counts::default();
    let mut fresh = Vec::new();
    while let Some(b) = blocks.next_block(fresh).map_err(block_error)? {
        c.bytes += b.data.len() as u64;
        c.statements += b.stmts.len() as u64;
        fresh = b.data;
    }
    Ok(c)
}

/// Lexes every tuple of every INSERT/REPLACE of a block.
fn lex_block(b: &Block) -> Result<Counts> {
    let mut c = Counts {
        bytes: b.data.len() as u64,
        statements: b.stmts.len() as u64,
        ..Counts::default()
    };
    let mut row = Vec::with_capacity(128);
    for sp in &b.stmts {
        let s = &b.data[sp.start..sp.end];
        let i = lex::skip_ws(s, 0);
        if lex::keyword(s, i, "INSERT").is_none() && lex::keyword(s, i, "REPLACE").is_none() {
            continue;
        }
        let at = b.offset + sp.start as u64;
        let h = lex::parse_header(s).with_context(|| format!("statement at byte {at}"))?;
        let mut rows = lex::Rows::new(s, h.values_at);
        while rows
            .next_into(&mut row)
            .with_context(|| format!("statement at byte {at}"))?
            .is_some()
        {
            c.rows += 1;
            c.fields += row.len() as u64;
        }
        c.inserts += 1;
    }
    Ok(c)
}

fn lex1(path: &Path) -> Result<Counts> {
    let mut blocks = open_dump(path)?;
    let mut c = Counts::default();
    let mut fresh = Vec::new();
    while let Some(b) = blocks.next_block(fresh).map_err(block_error)? {
        c += lex_block(&b)?;
        fresh = b.data;
    }
    Ok(c)
}

/// Splits on this thread and lexes on `threads` workers fed through a channel.
fn lex_n(path: &Path, threads: usize) -> Result<Counts> {
    let mut blocks = open_dump(path)?;
    let (tx, rx) = crossbeam_channel::bounded::<Block>(threads);
    let (back_tx, back_rx) = crossbeam_channel::bounded::<Vec<u8>>(threads * 2 + 2);
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let rx = rx.clone();
            let back = back_tx.clone();
            std::thread::spawn(move || -> Result<Counts> {
                let mut c = Counts::default();
                for b in rx {
                    c += lex_block(&b)?;
                    let _ = back.try_send(b.data);
                }
                Ok(c)
            })
        })
        .collect();
    drop(rx);
    let mut err = None;
    loop {
        let fresh = back_rx.try_recv().unwrap_or_default();
        match blocks.next_block(fresh) {
            Ok(Some(b)) => {
                if tx.send(b).is_err() {
                    break; // a worker failed; its error is reported below
                }
            }
            Ok(None) => break,
            Err(e) => {
                err = Some(block_error(e));
                break;
            }
        }
    }
    drop(tx);
    let mut c = Counts::default();
    for w in workers {
        c += w
            .join()
            .map_err(|_| anyhow::anyhow!("a lexer thread panicked"))??;
    }
    match err {
        Some(e) => Err(e),
        None => Ok(c),
    }
}

// ---------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------

struct Sample {
    wall: f64,
    cpu: f64,
    maxrss_kib: u64,
    /// Exit code, or 128 + signal.
    code: i32,
    stdout: String,
}

/// Linux carries the peak RSS of the process that calls exec into the new program's
/// `ru_maxrss` (and std spawns with vfork semantics, so that process is this one). Resetting
/// our own peak to our current RSS before each spawn keeps the floor at a few MiB.
fn reset_own_peak_rss() {
    let _ = fs::write("/proc/self/clear_refs", "5");
}

/// This process's current and peak RSS in MiB, from /proc/self/status.
fn own_rss_mib() -> (f64, f64) {
    let s = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = |key: &str| {
        s.lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (kib("VmRSS:") / 1024.0, kib("VmHWM:") / 1024.0)
}

/// Runs `cmd` to its end; wall time from spawn to exit, peak RSS and CPU from `wait4`.
/// With `capture`, the child's stdout is returned (else `cmd` keeps the stdout it was given).
fn measure(cmd: &mut Command, capture: bool) -> io::Result<Sample> {
    if capture {
        cmd.stdout(Stdio::piped());
    }
    reset_own_peak_rss();
    let start = Instant::now();
    let mut child = cmd.spawn()?;
    let mut stdout = String::new();
    if let Some(mut o) = child.stdout.take() {
        let mut b = Vec::new();
        o.read_to_end(&mut b)?;
        stdout = String::from_utf8_lossy(&b).into_owned();
    }
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value to be overwritten.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our child, not yet reaped (std's Child is never waited on).
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
        if r == pid {
            break;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else if libc::WIFSIGNALED(status) {
        128 + libc::WTERMSIG(status)
    } else {
        -1
    };
    Ok(Sample {
        wall,
        cpu: tv(ru.ru_utime) + tv(ru.ru_stime),
        maxrss_kib: ru.ru_maxrss as u64,
        code,
        stdout,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum What {
    Cat,
    Copy,
    Inflate,
    Split,
    Lex(usize),
    Roundtrip {
        jobs: usize,
        copy_values: bool,
    },
    /// `migrate:data -a` of the generated store into the embedded baseline.
    Migrate {
        jobs: usize,
    },
}

struct Meas {
    id: String,
    label: String,
    gz: bool,
    what: What,
}

struct Outcome {
    meas: Meas,
    /// `None` when the measurement could not run; the reason.
    failed: Option<String>,
    walls: Vec<f64>,
    cpus: Vec<f64>,
    rss_mib: f64,
    counts: Option<Counts>,
    output_bytes: Option<u64>,
    check: Option<String>,
}

impl Outcome {
    fn median_wall(&self) -> Option<f64> {
        median(&self.walls)
    }
}

fn median(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    Some(s[s.len() / 2])
}

fn measurements() -> Vec<Meas> {
    let m = |id: &str, label: &str, gz: bool, what: What| Meas {
        id: id.into(),
        label: label.into(),
        gz,
        what,
    };
    vec![
        m("cat", "cat > /dev/null", false, What::Cat),
        m("copy", "copy (read+write, 8 MiB)", false, What::Copy),
        m(
            "inflate.gz",
            "inflate .gz (flate2 zlib-rs)",
            true,
            What::Inflate,
        ),
        m("split", "split (Blocks, 8 MiB)", false, What::Split),
        m("split.gz", "split .gz (read_file)", true, What::Split),
        m("lex.1", "split+lex, 1 thread", false, What::Lex(1)),
        m("lex.2", "split+lex, 2 lexers", false, What::Lex(2)),
        m(
            "roundtrip.j1",
            "roundtrip --jobs 1",
            false,
            What::Roundtrip {
                jobs: 1,
                copy_values: false,
            },
        ),
        m(
            "roundtrip.j2",
            "roundtrip --jobs 2",
            false,
            What::Roundtrip {
                jobs: 2,
                copy_values: false,
            },
        ),
        m(
            "roundtrip.gz.j1",
            "roundtrip .gz --jobs 1",
            true,
            What::Roundtrip {
                jobs: 1,
                copy_values: false,
            },
        ),
        m(
            "roundtrip.gz.j2",
            "roundtrip .gz --jobs 2",
            true,
            What::Roundtrip {
                jobs: 2,
                copy_values: false,
            },
        ),
        m(
            "roundtrip.copy.j2",
            "roundtrip --copy-values --jobs 2",
            false,
            What::Roundtrip {
                jobs: 2,
                copy_values: true,
            },
        ),
        m(
            "migrate.j1",
            "migrate:data --jobs 1",
            false,
            What::Migrate { jobs: 1 },
        ),
        m(
            "migrate.j2",
            "migrate:data --jobs 2",
            false,
            What::Migrate { jobs: 2 },
        ),
    ]
}

/// Builds (or finds) the release CLI. Err: why the roundtrip rows cannot run.
fn release_bin(cfg: &Config) -> std::result::Result<PathBuf, String> {
    if let Some(b) = &cfg.bin {
        return if b.exists() {
            Ok(b.clone())
        } else {
            Err(format!("{} does not exist", b.display()))
        };
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("building the release CLI (cargo build --release --bin m1tom2) …");
    let log = cfg.dir.join("build.log");
    let out = File::create(&log).map_err(|e| e.to_string())?;
    let status = Command::new(&cargo)
        .args(["build", "--release", "--bin", "m1tom2", "--manifest-path"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .stdout(Stdio::null())
        .stderr(out)
        .status()
        .map_err(|e| format!("cannot run {cargo}: {e}"))?;
    if !status.success() {
        let text = fs::read_to_string(&log).unwrap_or_default();
        let first = text
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or("see build.log");
        return Err(format!("cargo build failed: {first}"));
    }
    Ok(target_dir().join("release").join("m1tom2"))
}

fn first_line(s: &str) -> String {
    let l = s
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut l: String = l.chars().take(140).collect();
    if l.is_empty() {
        l = "no message".into();
    }
    l
}

fn parse_counts(s: &str) -> Option<Counts> {
    let mut c = Counts::default();
    let mut seen = 0;
    for kv in s.split_whitespace() {
        let (k, v) = kv.split_once('=')?;
        let v: u64 = v.parse().ok()?;
        match k {
            "bytes" => c.bytes = v,
            "statements" => c.statements = v,
            "inserts" => c.inserts = v,
            "rows" => c.rows = v,
            "fields" => c.fields = v,
            _ => continue,
        }
        seen += 1;
    }
    (seen == 5).then_some(c)
}

fn sync() {
    // SAFETY: sync(2) has no preconditions.
    unsafe { libc::sync() };
}

fn run_one(
    cfg: &Config,
    dump: &Dump,
    m: Meas,
    bin: &std::result::Result<PathBuf, String>,
) -> Outcome {
    let input = if m.gz { &dump.gz } else { &dump.plain };
    let exe = std::env::current_exe().expect("current_exe");
    let out_path = match m.what {
        What::Copy => Some(cfg.dir.join("copy.sql")),
        What::Roundtrip { .. } | What::Migrate { .. } => Some(cfg.dir.join("out.sql")),
        _ => None,
    };
    let stderr_path = cfg.dir.join("stderr.txt");
    let mut o = Outcome {
        meas: m,
        failed: None,
        walls: Vec::new(),
        cpus: Vec::new(),
        rss_mib: 0.0,
        counts: None,
        output_bytes: None,
        check: None,
    };
    let mut rss_kib = 0;
    for _ in 0..cfg.runs {
        if let Some(p) = &out_path {
            let _ = fs::remove_file(p);
            sync();
        }
        let mut cmd = match o.meas.what {
            What::Cat => {
                let mut c = Command::new("cat");
                c.arg(input);
                c
            }
            What::Copy => {
                let mut c = Command::new(&exe);
                c.args(["__child", "copy"])
                    .arg(input)
                    .arg(out_path.as_ref().expect("copy output"));
                c
            }
            What::Inflate => {
                let mut c = Command::new(&exe);
                c.args(["__child", "inflate"]).arg(input);
                c
            }
            What::Split => {
                let mut c = Command::new(&exe);
                c.args(["__child", "split"]).arg(input);
                c
            }
            What::Lex(t) => {
                let mut c = Command::new(&exe);
                c.args(["__child", "lex"]).arg(input).arg(t.to_string());
                c
            }
            What::Roundtrip { jobs, copy_values } => {
                let bin = match bin {
                    Ok(b) => b,
                    Err(e) => {
                        o.failed = Some(e.clone());
                        break;
                    }
                };
                let mut c = Command::new(bin);
                c.arg("roundtrip")
                    .arg(input)
                    .arg("-o")
                    .arg(out_path.as_ref().expect("roundtrip output"))
                    .arg("--jobs")
                    .arg(jobs.to_string());
                if copy_values {
                    c.arg("--copy-values");
                }
                c
            }
            What::Migrate { jobs } => {
                let bin = match bin {
                    Ok(b) => b,
                    Err(e) => {
                        o.failed = Some(e.clone());
                        break;
                    }
                };
                let mut c = Command::new(bin);
                c.args(["migrate:data", "-a", "--reset", "-q", "--source"])
                    .arg(input)
                    .arg("-o")
                    .arg(out_path.as_ref().expect("migrate output"))
                    .arg("--jobs")
                    .arg(jobs.to_string());
                c
            }
        };
        let errf = match File::create(&stderr_path) {
            Ok(f) => f,
            Err(e) => {
                o.failed = Some(format!("cannot create {}: {e}", stderr_path.display()));
                break;
            }
        };
        cmd.stdin(Stdio::null()).stderr(errf);
        let capture = matches!(
            o.meas.what,
            What::Copy | What::Inflate | What::Split | What::Lex(_)
        );
        if !capture {
            // cat's (and the CLI's) standard output goes to /dev/null, not to a pipe of ours.
            cmd.stdout(Stdio::null());
        }
        let s = match measure(&mut cmd, capture) {
            Ok(s) => s,
            Err(e) => {
                o.failed = Some(format!("cannot start: {e}"));
                break;
            }
        };
        let errtext = fs::read_to_string(&stderr_path).unwrap_or_default();
        if s.code != 0 {
            o.failed = Some(format!("exit {}: {}", s.code, first_line(&errtext)));
            break;
        }
        if let Some(p) = &out_path {
            match file_len(p) {
                Some(n) if n > 0 => o.output_bytes = Some(n),
                _ => {
                    o.failed = Some(format!(
                        "exit 0 but {} is missing or empty{}",
                        p.display(),
                        if errtext.trim().is_empty() {
                            String::new()
                        } else {
                            format!(": {}", first_line(&errtext))
                        }
                    ));
                    break;
                }
            }
        }
        o.walls.push(s.wall);
        o.cpus.push(s.cpu);
        rss_kib = rss_kib.max(s.maxrss_kib);
        if matches!(
            o.meas.what,
            What::Copy | What::Inflate | What::Split | What::Lex(_)
        ) {
            o.counts = parse_counts(&s.stdout);
        }
    }
    if o.failed.is_some() {
        o.walls.clear();
    }
    if let Some(p) = &out_path {
        let _ = fs::remove_file(p);
        sync();
    }
    o.rss_mib = rss_kib as f64 / 1024.0;
    if let (What::Roundtrip { .. }, Some(n), None) = (o.meas.what, o.output_bytes, &o.failed) {
        o.check = Some(format!(
            "out {:.1} MB ({:+.2} % of input)",
            n as f64 / MB,
            100.0 * (n as f64 - dump.bytes as f64) / dump.bytes as f64
        ));
    }
    // Check what the children counted against what the generator wrote.
    if let Some(c) = o.counts {
        let mut bad = Vec::new();
        if c.bytes != dump.bytes {
            bad.push(format!("bytes {} != {}", c.bytes, dump.bytes));
        }
        if matches!(o.meas.what, What::Split | What::Lex(_)) && c.statements != dump.statements {
            bad.push(format!(
                "statements {} != {}",
                c.statements, dump.statements
            ));
        }
        if matches!(o.meas.what, What::Lex(_)) {
            if c.rows != dump.rows {
                bad.push(format!("rows {} != {}", c.rows, dump.rows));
            }
            if c.fields != dump.fields {
                bad.push(format!("fields {} != {}", c.fields, dump.fields));
            }
        }
        o.check = Some(if bad.is_empty() {
            "ok".into()
        } else {
            format!("MISMATCH: {}", bad.join(", "))
        });
    }
    o
}

/// Reads a file once (with `cat`, so this process does not grow).
fn warm(path: &Path) -> Result<()> {
    let st = Command::new("cat")
        .arg(path)
        .stdout(Stdio::null())
        .status()
        .context("cannot run cat")?;
    if !st.success() {
        bail!("cat {} failed", path.display());
    }
    Ok(())
}

fn bench(args: &[String]) -> Result<()> {
    let cfg = config(args)?;
    let dump = prepare_dump(&cfg)?;
    let selected: Vec<Meas> = measurements()
        .into_iter()
        .filter(|m| cfg.only.is_empty() || cfg.only.iter().any(|p| m.id.starts_with(p.as_str())))
        .collect();
    let bin = if selected
        .iter()
        .any(|m| matches!(m.what, What::Roundtrip { .. } | What::Migrate { .. }))
    {
        release_bin(&cfg)
    } else {
        Err("not selected".into())
    };
    eprintln!("warming the page cache …");
    warm(&dump.plain)?;
    warm(&dump.gz)?;
    reset_own_peak_rss();
    let (parent_rss, _) = own_rss_mib();

    let m = &dump.manifest;
    println!();
    println!(
        "m1tom2 throughput: {} ({} bytes, .gz {} bytes), {} tables, {} statements, {} rows, {:.1} B/field; {} runs each, median; {} CPUs",
        dump.plain.display(),
        dump.bytes,
        dump.gz_bytes,
        m["tables"].as_array().map_or(0, |t| t.len()),
        dump.statements,
        dump.rows,
        dump.bytes as f64 / dump.fields.max(1) as f64,
        cfg.runs,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
    );
    println!("MB/s = uncompressed dump bytes (10^6) / wall time, for .gz inputs too.");
    println!(
        "RSS = the child's ru_maxrss from wait4 (Linux counts in the spawning process's peak: {parent_rss:.1} MiB here)."
    );
    println!();
    println!(
        "{:<34} {:>5} {:>9} {:>9} {:>9} {:>8} {:>7}  check",
        "measurement", "input", "MB/s", "Mrows/s", "RSS MiB", "wall s", "cpu s"
    );
    let mut outcomes = Vec::new();
    for meas in selected {
        let o = run_one(&cfg, &dump, meas, &bin);
        print_row(&o, &dump);
        outcomes.push(o);
    }

    // The ratios the targets are stated in.
    let mbs = |id: &str| {
        outcomes
            .iter()
            .find(|o| o.meas.id == id)
            .and_then(|o| o.median_wall())
            .map(|w| dump.bytes as f64 / MB / w)
    };
    let mut ratios = Vec::new();
    let mut ratio = |name: &str, value: Option<f64>, target: f64, unit: &str| {
        let line = match value {
            Some(v) => format!(
                "{name:<48} {:>8.0} {unit} = {:>5.1} % of {target} {unit} {}",
                v,
                100.0 * v / target,
                if v >= target { "(met)" } else { "(not met)" }
            ),
            None => format!("{name:<48} n/a"),
        };
        ratios.push(
            json!({"name": name, "value": value, "target": target, "unit": unit,
            "fraction": value.map(|v| v / target)}),
        );
        line
    };
    println!();
    println!("targets:");
    println!(
        "  {}",
        ratio(
            "roundtrip --jobs 2 vs 1.0 GB/s",
            mbs("roundtrip.j2"),
            1000.0,
            "MB/s"
        )
    );
    println!(
        "  {}",
        ratio(
            "roundtrip --copy-values --jobs 2 vs 1.5 GB/s",
            mbs("roundtrip.copy.j2"),
            1500.0,
            "MB/s"
        )
    );
    println!(
        "  {}",
        ratio(
            "migrate:data --jobs 2 vs 800 MB/s",
            mbs("migrate.j2"),
            800.0,
            "MB/s"
        )
    );
    let gz_vs_inflate = match (mbs("roundtrip.gz.j2"), mbs("inflate.gz")) {
        (Some(r), Some(i)) => Some(100.0 * r / i),
        _ => None,
    };
    println!(
        "  {}",
        ratio(
            "roundtrip .gz --jobs 2 vs inflate alone (>= 85 %)",
            gz_vs_inflate,
            85.0,
            "%"
        )
    );
    let max_rss = outcomes
        .iter()
        .filter(|o| {
            matches!(o.meas.what, What::Roundtrip { .. } | What::Migrate { .. })
                && o.failed.is_none()
        })
        .map(|o| o.rss_mib)
        .fold(None, |a: Option<f64>, b| Some(a.map_or(b, |a| a.max(b))));
    match max_rss {
        Some(r) => println!(
            "  {:<48} {:>8.0} MiB (target <= 256 MiB) {}",
            "peak RSS of the roundtrip rows",
            r,
            if r <= 256.0 { "(met)" } else { "(not met)" }
        ),
        None => println!("  {:<48} n/a", "peak RSS of the roundtrip rows"),
    }

    let results = json!({
        "dump": {
            "path": dump.plain,
            "gz_path": dump.gz,
            "size_tag": size_tag(cfg.size),
            "bytes": dump.bytes,
            "gz_bytes": dump.gz_bytes,
            "rows": dump.rows,
            "statements": dump.statements,
            "fields": dump.fields,
            "manifest": dump.manifest,
        },
        "runs": cfg.runs,
        "rss_floor_mib": parent_rss,
        "cpus": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "mb_s_is": "uncompressed dump bytes / 1e6 / median wall seconds",
        "measurements": outcomes.iter().map(|o| outcome_json(o, &dump)).collect::<Vec<_>>(),
        "targets": ratios,
        "roundtrip_peak_rss_mib": max_rss,
        "peak_rss_target_mib": 256,
    });
    let path = cfg.dir.join("results.json");
    fs::write(&path, serde_json::to_vec_pretty(&results)?)?;
    println!();
    println!("results: {}", path.display());
    Ok(())
}

fn rows_known(o: &Outcome) -> bool {
    matches!(o.meas.what, What::Lex(_) | What::Roundtrip { .. })
}

fn print_row(o: &Outcome, dump: &Dump) {
    let input = if o.meas.gz { "gz" } else { "plain" };
    match (&o.failed, o.median_wall()) {
        (Some(why), _) => println!(
            "{:<34} {:>5} n/a (command failed: {why})",
            o.meas.label, input
        ),
        (None, None) => println!("{:<34} {:>5} n/a", o.meas.label, input),
        (None, Some(w)) => {
            let rows = if rows_known(o) {
                format!("{:>9.2}", dump.rows as f64 / 1e6 / w)
            } else {
                format!("{:>9}", "-")
            };
            println!(
                "{:<34} {:>5} {:>9.0} {rows} {:>9.1} {:>8.3} {:>7.2}  {}",
                o.meas.label,
                input,
                dump.bytes as f64 / MB / w,
                o.rss_mib,
                w,
                median(&o.cpus).unwrap_or(0.0),
                o.check.as_deref().unwrap_or("")
            );
        }
    }
}

fn outcome_json(o: &Outcome, dump: &Dump) -> Json {
    let w = o.median_wall();
    json!({
        "id": o.meas.id,
        "label": o.meas.label,
        "input": if o.meas.gz { "gz" } else { "plain" },
        "status": match &o.failed { Some(why) => format!("n/a (command failed: {why})"), None => "ok".into() },
        "wall_seconds": o.walls,
        "median_wall_seconds": w,
        "median_cpu_seconds": median(&o.cpus),
        "mb_per_s": w.map(|w| dump.bytes as f64 / MB / w),
        "rows_per_s": w.filter(|_| rows_known(o)).map(|w| dump.rows as f64 / w),
        "peak_rss_mib": if o.failed.is_none() { Some(o.rss_mib) } else { None },
        "peak_rss_bytes": if o.failed.is_none() { Some((o.rss_mib * MIB) as u64) } else { None },
        "output_bytes": o.output_bytes,
        "counts": o.counts.map(|c| json!({"bytes": c.bytes, "statements": c.statements,
            "inserts": c.inserts, "rows": c.rows, "fields": c.fields})),
        "check": o.check,
    })
}

//! A migration run, `migrate:settings` or `migrate:data`, from start to end:
//!
//! 1. pass 1 over the Magento 1 dump (catalog, dimension tables), the release detected;
//! 2. the destination read (a Magento 2 dump, or the embedded baseline);
//! 3. the rules loaded (embedded defaults for the release, files named by config.xml);
//! 4. every step's integrity stage; errors stop the run (exit 3) unless `--auto`;
//! 5. every step plans its data stage;
//! 6. the output written: header, destination tables emptied, generated sections, the work
//!    pass over the dump (pass 2), sections that come after, footer;
//! 7. volume checks, the row account, the report beside the output and a log file.

use super::Options;
use super::index::{Index, Wanted, index};
use super::migrate::{Work, complete_account, stream};
use super::state::{DeltaBase, Resume, State, files_fingerprint};
use crate::dump::source::{self, Source};
use crate::dump::write::{Session, SqlWriter, quote_ident};
use crate::mapping::config::Config;
use crate::mapping::defaults::RuleSet;
use crate::mapping::version::{Detection, detect};
use crate::steps::{
    Account, Context, Level, Message, Messages, Piece, Plan, Stage, Step, StepOptions,
};
use anyhow::{Context as _, Result, bail};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Settings,
    Data,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Settings => "settings",
            Mode::Data => "data",
        }
    }
}

/// Everything a run needs, from the command line and config.xml.
#[derive(Clone, Debug)]
pub struct JobArgs {
    pub mode: Mode,
    /// config.xml and the directory its relative paths resolve against.
    pub config: Option<(Config, PathBuf)>,
    pub source: PathBuf,
    pub destination: Option<PathBuf>,
    pub output: PathBuf,
    /// The Magento 1 release whose rules apply, instead of the detected one.
    pub m1_version: Option<String>,
    pub src_prefix: Option<String>,
    pub dst_prefix: Option<String>,
    pub steps: StepOptions,
    pub run: Options,
    pub statement_cap: usize,
    pub quiet: bool,
    pub verbose: u8,
    /// `--reset`: forget the progress of an earlier run.
    pub reset: bool,
}

/// How a run ended.
#[derive(Debug)]
pub struct Outcome {
    /// 0 done, 1 migration error, 3 integrity check failed.
    pub exit: u8,
    pub report: PathBuf,
}

/// The machine-readable report written beside the output.
#[derive(Debug, Serialize)]
struct Report<'a> {
    m1tom2: &'static str,
    mode: Mode,
    source: String,
    destination: String,
    output: String,
    magento1: &'a Detection,
    rules_version: String,
    source_prefix: String,
    destination_prefix: String,
    steps: Vec<&'static str>,
    result: &'static str,
    seconds: f64,
    messages: &'a [Message],
    /// Destination tables emptied and refilled by the run.
    cleared_tables: Vec<String>,
    account: &'a Account,
    value_problems: &'a [super::migrate::ValueProblem],
    /// What steps add (`url_key_collisions`, …).
    #[serde(flatten)]
    extra: BTreeMap<&'static str, serde_json::Value>,
}

/// The steps of a mode, in order, as config.xml lists them (or the default config).
fn steps_for(mode: Mode, rules: &RuleSet) -> Result<Vec<Box<dyn Step>>> {
    let defs = rules
        .config
        .steps
        .get(mode.name())
        .cloned()
        .unwrap_or_default();
    let mut steps: Vec<Box<dyn Step>> = Vec::new();
    for def in defs {
        let class = [&def.data, &def.integrity, &def.volume]
            .into_iter()
            .flatten()
            .next()
            .cloned()
            .unwrap_or_default();
        match crate::steps::by_class(&class)? {
            Some(s) => steps.push(s),
            None => continue,
        }
    }
    // Beyond Magento's tool: url_key collisions, checked after the URL rewrites.
    if mode == Mode::Data {
        steps.push(Box::new(crate::steps::url_keys::UrlKeysStep::default()));
    }
    Ok(steps)
}

fn open_dump(path: &Path) -> Result<Source> {
    source::open(path)
}

/// Reads the destination: a Magento 2 dump, or the embedded baseline.
fn read_destination(args: &JobArgs) -> Result<(Index, String)> {
    let wanted = Wanted {
        all: true,
        ..Default::default()
    };
    let mut opts = args.run.clone();
    opts.progress = false;
    match &args.destination {
        Some(p) => {
            let src = open_dump(p)?;
            Ok((index(&src, &opts, &wanted)?, p.display().to_string()))
        }
        None => {
            let src = crate::baseline::source();
            Ok((
                index(&src, &opts, &wanted)?,
                format!(
                    "embedded Magento {} baseline",
                    crate::baseline::MAGENTO_VERSION
                ),
            ))
        }
    }
}

/// The prefix to use: the given one, or the detected one.
fn prefix_of(given: &Option<String>, idx: &Index) -> String {
    given
        .clone()
        .or_else(|| idx.prefix.clone())
        .unwrap_or_default()
}

fn log_line(log: &mut String, m: &Message) {
    let stage = match m.stage {
        Stage::Integrity => "integrity check",
        Stage::Data => "data migration",
        Stage::Volume => "volume check",
    };
    let level = match m.level {
        Level::Error => "ERROR",
        Level::Warning => "WARNING",
        Level::Notice => "NOTICE",
        Level::Info => "INFO",
    };
    log.push_str(&format!(
        "[{level}][stage: {stage}][step: {}]: {}\n",
        m.step, m.text
    ));
}

/// Runs a migration.
pub fn run(args: &JobArgs) -> Result<Outcome> {
    let started = Instant::now();
    let say = |s: &str| {
        if !args.quiet {
            eprintln!("{s}");
        }
    };

    // 1. The Magento 1 dump, pass 1.
    let src_source = open_dump(&args.source)?;
    let all_steps = crate::steps::all();
    let mut wanted = Wanted::default();
    for s in &all_steps {
        for d in s.dims() {
            wanted.dims.insert(d.to_string());
        }
        for (t, k, v) in s.lookups() {
            wanted
                .lookups
                .insert((t.to_string(), k.to_string(), v.to_string()));
        }
    }
    wanted.dims.insert("core_resource".into());
    wanted.any_prefix = true;
    say(&format!("reading {} (pass 1) …", args.source.display()));
    let src = index(&src_source, &args.run, &wanted)?;
    let src_prefix = prefix_of(&args.src_prefix, &src);
    if crate::baseline::generation(src.catalog.tables.keys().map(String::as_str))
        == crate::baseline::Generation::Magento2
    {
        bail!(
            "{} is a Magento 2 dump, but the source must be a Magento 1 dump\n  hint: swap --source and --destination",
            args.source.display()
        );
    }
    let resources: BTreeMap<String, String> = {
        let rs = src.dim(&format!("{src_prefix}core_resource"));
        rs.iter()
            .filter_map(|r| Some((rs.text(r, "code")?, rs.text(r, "version")?)))
            .collect()
    };
    let detection = detect(&resources);
    let version = match (&args.m1_version, &detection.newest) {
        (Some(v), _) => v.clone(),
        (None, Some(v)) => v.clone(),
        (None, None) => bail!(
            "cannot tell which Magento 1 release {} comes from ({}); Magento's maps cover 1.6.0.0–1.9.4.5\n  hint: give the release with --m1-version 1.9.4.5 (or the option edition_number in config.xml)",
            args.source.display(),
            detection
                .remark
                .clone()
                .unwrap_or_else(|| "no core_resource rows".into())
        ),
    };

    // 2. The destination.
    let (dst, dst_name) = read_destination(args)?;
    if crate::baseline::generation(dst.catalog.tables.keys().map(String::as_str))
        == crate::baseline::Generation::Magento1
    {
        bail!("{dst_name} is a Magento 1 dump, but the destination must be a Magento 2 dump");
    }
    let dst_prefix = prefix_of(&args.dst_prefix, &dst);

    // 3. Rules.
    let config_dir = args
        .config
        .as_ref()
        .map(|(_, d)| d.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    let rules = RuleSet::load(args.config.as_ref().map(|(c, _)| c), &version, &config_dir)
        .with_context(|| format!("loading the migration rules for Magento {version}"))?;
    let mut steps = steps_for(args.mode, &rules)?;
    if args.mode == Mode::Data {
        steps.retain(|s| args.steps.selection.runs_step(s.title()));
    }
    say(&format!(
        "Magento 1 {} ({}), rules of {version}; prefix {}; destination {dst_name}",
        detection.release.as_deref().unwrap_or("?"),
        detection.certainty,
        if src_prefix.is_empty() {
            "(none)".to_string()
        } else {
            format!("`{src_prefix}` (detected)")
        }
    ));

    let ctx = Context {
        src: &src,
        dst: &dst,
        rules: &rules,
        src_prefix: src_prefix.clone(),
        dst_prefix: dst_prefix.clone(),
        opts: &args.steps,
    };

    // 4. Integrity.
    let mut msgs = Messages::default();
    for s in &steps {
        s.integrity(&ctx, &mut msgs);
    }
    // 5. Plans (some integrity findings come from planning).
    let mut plan = Plan::default();
    for s in &steps {
        s.plan(&ctx, &mut plan, &mut msgs)?;
    }
    if steps.iter().any(|s| s.title() == crate::steps::eav::TITLE) {
        crate::steps::leftovers::apply(&ctx, &mut plan)?;
    }
    if args.mode == Mode::Data {
        crate::steps::select::apply(&args.steps.selection, &src_prefix, &mut plan, &mut msgs);
    }
    let report_path = PathBuf::from(format!("{}.report.json", args.output.display()));
    let mut log = String::new();
    let integrity_failed = msgs.errors().next().is_some();
    if integrity_failed {
        for m in &msgs.list {
            log_line(&mut log, m);
        }
        let account = Account::default();
        write_report(
            &report_path,
            args,
            &detection,
            &version,
            &src_prefix,
            &dst_prefix,
            &steps,
            "integrity check failed",
            started,
            &msgs.list,
            &account,
            &[],
            &dst_name,
            &plan.clear,
        )?;
        write_log(args, &log)?;
        if !args.quiet {
            for m in msgs.list.iter().filter(|m| m.level <= Level::Warning) {
                eprintln!("{:?}: [{}] {}", m.level, m.step, m.text);
            }
            eprintln!(
                "NOTICE: You can use --auto or -a option to ignore not mapped differences between source and destination to continue migration"
            );
            eprintln!(
                "Integrity Check failed; nothing written. Report: {}",
                report_path.display()
            );
        }
        return Ok(Outcome {
            exit: crate::cli::exit::INTEGRITY,
            report: report_path,
        });
    }

    // 6. Output, resumable: a state file beside the output says how far an earlier run
    // of the same job came.
    let state_path = State::path_for(&args.output);
    let mut inputs = vec![args.source.clone()];
    inputs.extend(args.destination.clone());
    let fingerprint = format!(
        "m1tom2 {}; mode {}; inputs {}; config {:?}; output {}; rules {version} {:?}; prefixes {src_prefix}|{dst_prefix}; auto {}; keys {}/{}; cap {}; resolve url keys {}",
        env!("CARGO_PKG_VERSION"),
        args.mode.name(),
        files_fingerprint(&inputs),
        args.config.as_ref().map(|(c, _)| c),
        args.output.display(),
        rules.origins,
        args.steps.auto,
        args.steps.crypt_key.is_some(),
        args.steps.m2_crypt_key.is_some(),
        args.statement_cap,
        args.steps.resolve_url_keys
    );
    let previous = if args.reset {
        None
    } else {
        State::load(&state_path)
    };
    let resume = match previous {
        Some(st) if st.fingerprint == fingerprint && !st.finished => {
            let partial = crate::dump::write::partial_name(&args.output);
            let ok = st.resume.as_ref().is_some_and(|r| {
                std::fs::metadata(&partial).is_ok_and(|m| m.len() >= r.output.file_len)
            });
            if ok {
                say(&format!(
                    "continuing the run stopped earlier ({} tables done; --reset starts over)",
                    st.tables_done.len()
                ));
                st.resume.clone().map(|r| (r, st))
            } else {
                None
            }
        }
        Some(st) if st.fingerprint != fingerprint && !st.finished => {
            say("a state file of another run is there: starting over");
            None
        }
        _ => None,
    };
    let mut state = State::new(
        fingerprint,
        steps.iter().map(|s| s.title().to_string()).collect(),
    );
    state.delta = delta_base(&ctx, &version, &rules, &args.source)?;
    let mut writer;
    let mut account;
    let mut problems_so_far: Vec<super::migrate::ValueProblem>;
    let problems_path = State::problems_path_for(&args.output);
    // The problems file as far as the last checkpoint: (bytes, problems).
    let mut problems_saved: (u64, usize);
    let skip_until;
    match resume {
        Some((r, st)) => {
            writer = SqlWriter::resumable(&args.output, args.statement_cap, Some(r.output))?;
            account = r.account;
            // Saved problems from the file; an older state kept them in itself (they are
            // written to the file at the next checkpoint).
            problems_so_far = read_problems(&problems_path, r.problems_len)?;
            problems_saved = (r.problems_len, problems_so_far.len());
            problems_so_far.extend(r.value_problems);
            skip_until = Some(r.input);
            state.sections_done = st.sections_done;
            state.tables_done = st.tables_done;
        }
        None => {
            writer = SqlWriter::resumable(&args.output, args.statement_cap, None)?;
            account = Account::default();
            problems_so_far = Vec::new();
            problems_saved = (0, 0);
            std::fs::write(&problems_path, b"")
                .with_context(|| format!("creating {}", problems_path.display()))?;
            skip_until = None;
            let names = match src.session.names.as_str() {
                "utf8" | "utf8mb3" | "utf8mb4" => "utf8mb4".to_string(),
                other => other.to_string(),
            };
            let session = Session {
                names,
                time_zone: src.session.time_zone.clone(),
                sql_mode: "+NO_AUTO_VALUE_ON_ZERO".into(),
            };
            writer.header(
                &format!(
                    "m1tom2 migrate:{} of {} into {}",
                    args.mode.name(),
                    args.source.display(),
                    dst_name
                ),
                &session,
            )?;
            if !plan.clear.is_empty() {
                writer.comment("destination tables the migration fills, emptied first")?;
                for t in &plan.clear {
                    writer.statement(format!("DELETE FROM {}", quote_ident(t)).as_bytes())?;
                }
            }
            write_sections(&mut writer, &plan.before, &mut account)?;
            let cp = writer.checkpoint()?;
            state.sections_done = true;
            state.resume = Some(Resume {
                input: (0, 0),
                output: cp,
                account: account.clone(),
                value_problems: Vec::new(),
                problems_len: 0,
            });
            state.save(&state_path)?;
        }
    }
    let streams = !plan.keys.is_empty()
        || plan
            .tables
            .values()
            .any(|(_, p)| matches!(p, crate::mapping::plan::TablePlan::Write(_)));
    let mut closing: Vec<crate::steps::Section> = Vec::new();
    let streamed = if streams {
        say("writing (pass 2) …");
        let mut work = Work::new(&plan, &src.catalog, args.steps.auto);
        work.skip_until = skip_until;
        let work = Arc::new(work);
        let mut on_boundary = |w: &mut SqlWriter,
                               pos: super::migrate::Position,
                               finished: Option<&str>,
                               acc: &Account,
                               probs: &[super::migrate::ValueProblem]|
         -> Result<()> {
            if skip_until.is_some_and(|s| pos < s) {
                return Ok(());
            }
            let cp = w.checkpoint()?;
            if let Some(t) = finished.filter(|t| !state.tables_done.iter().any(|d| d == t)) {
                state.tables_done.push(t.to_string());
            }
            state.resume = Some(Resume {
                input: pos,
                output: cp,
                account: acc.clone(),
                value_problems: Vec::new(),
                problems_len: append_problems(&problems_path, &mut problems_saved, probs)?,
            });
            state.save(&state_path)?;
            Ok(())
        };
        let collected = stream(
            &src_source,
            &args.run,
            work,
            plan.keys.len(),
            &mut writer,
            &mut account,
            &mut problems_so_far,
            &mut on_boundary,
        )?;
        for st in &steps {
            st.after_work(&ctx, &plan, &collected, &mut msgs);
        }
        for st in &steps {
            closing.extend(st.closing(&ctx, &plan, &collected, &mut msgs));
        }
        problems_so_far
    } else {
        problems_so_far
    };
    complete_account(&mut account, &plan);
    write_sections(&mut writer, &plan.after, &mut account)?;
    write_sections(&mut writer, &closing, &mut account)?;
    for s in &steps {
        for (table, rows) in s.at_load(&ctx, &plan, &account) {
            *account.at_load.entry(table.clone()).or_default() += rows;
            *account.destinations.entry(table).or_default() += rows;
        }
    }

    // 7. Volume, report.
    for s in &steps {
        s.volume(&ctx, &plan, &account, &mut msgs);
    }
    if !streamed.is_empty() && !args.steps.auto {
        msgs.push(
            Level::Error,
            "Map Step",
            Stage::Data,
            format!(
                "{} values do not fit their Magento 2 columns (see value_problems in the report); with --auto they are cut to fit and reported",
                streamed.len()
            ),
        );
    }
    let failed = msgs.errors().next().is_some();
    let integrity = msgs.errors().any(|m| m.stage == Stage::Integrity);
    for m in &msgs.list {
        log_line(&mut log, m);
    }
    let result = if integrity {
        "integrity check failed"
    } else if failed {
        "failed"
    } else {
        "done"
    };
    write_report(
        &report_path,
        args,
        &detection,
        &version,
        &src_prefix,
        &dst_prefix,
        &steps,
        result,
        started,
        &msgs.list,
        &account,
        &streamed,
        &dst_name,
        &plan.clear,
    )?;
    write_log(args, &log)?;
    if failed {
        writer.discard();
        let _ = std::fs::remove_file(&state_path);
        let _ = std::fs::remove_file(&problems_path);
        if !args.quiet {
            for m in msgs.errors() {
                eprintln!("ERROR: [{}] {}", m.step, m.text);
            }
            if integrity {
                eprintln!(
                    "NOTICE: You can use --auto or -a option to ignore not mapped differences between source and destination to continue migration"
                );
                eprintln!(
                    "Integrity Check failed; nothing written. Report: {}",
                    report_path.display()
                );
            } else {
                eprintln!(
                    "Migration failed; nothing written. Report: {}",
                    report_path.display()
                );
            }
        }
        return Ok(Outcome {
            exit: if integrity {
                crate::cli::exit::INTEGRITY
            } else {
                crate::cli::exit::FAILED
            },
            report: report_path,
        });
    }
    let bytes = writer.bytes();
    writer.finish()?;
    state.finished = true;
    state.resume = None;
    state.save(&state_path)?;
    // The report has every problem now.
    let _ = std::fs::remove_file(&problems_path);
    if !args.quiet && args.verbose >= 1 {
        for m in &msgs.list {
            eprintln!("{:?}: [{}] {}", m.level, m.step, m.text);
        }
        for (what, n) in &account.events {
            eprintln!("{n} × {what}");
        }
    }
    if !args.quiet && args.verbose >= 2 {
        for (t, a) in &account.tables {
            let written: Vec<String> = a
                .written
                .iter()
                .map(|(d, n)| format!("{n} → {d}"))
                .collect();
            let dropped: Vec<String> = a
                .dropped
                .iter()
                .map(|(r, n)| format!("{n} dropped: {r}"))
                .collect();
            eprintln!(
                "{t}: {} read; {}; {}",
                a.read,
                written.join(", "),
                dropped.join(", ")
            );
        }
    }
    if !args.quiet {
        let warnings = msgs
            .list
            .iter()
            .filter(|m| m.level == Level::Warning)
            .count();
        let read: u64 = account.tables.values().map(|t| t.read).sum();
        let written: u64 = account.destinations.values().sum();
        let dropped: u64 = account
            .tables
            .values()
            .flat_map(|t| t.dropped.values())
            .sum();
        eprintln!(
            "migrate:{} done in {:.1} s: {read} Magento 1 rows read, {dropped} of them dropped by rules; {written} rows written to Magento 2 tables; {warnings} warnings",
            args.mode.name(),
            started.elapsed().as_secs_f64()
        );
        eprintln!(
            "wrote {} ({} bytes); report {}",
            args.output.display(),
            bytes,
            report_path.display()
        );
    }
    Ok(Outcome {
        exit: crate::cli::exit::OK,
        report: report_path,
    })
}

/// Appends the problems found since the last checkpoint to the problems file (synced, so
/// the state that counts them never points past what is on disk); returns its length.
fn append_problems(
    path: &Path,
    saved: &mut (u64, usize),
    all: &[super::migrate::ValueProblem],
) -> Result<u64> {
    use std::io::Write;
    if all.len() <= saved.1 {
        return Ok(saved.0);
    }
    let mut buf = Vec::new();
    for p in &all[saved.1..] {
        serde_json::to_writer(&mut buf, p)?;
        buf.push(b'\n');
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    f.write_all(&buf)
        .and_then(|()| f.sync_data())
        .with_context(|| format!("writing {}", path.display()))?;
    *saved = (saved.0 + buf.len() as u64, all.len());
    Ok(saved.0)
}

/// The problems a stopped run had saved: the first `len` bytes of the problems file (what
/// follows was written after the last checkpoint and is cut off).
fn read_problems(path: &Path, len: u64) -> Result<Vec<super::migrate::ValueProblem>> {
    if len == 0 {
        let _ = std::fs::write(path, b"");
        return Ok(Vec::new());
    }
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let Some(kept) = bytes.get(..len as usize) else {
        anyhow::bail!(
            "{} is shorter than the state says ({} of {len} bytes)\n  hint: start over with --reset",
            path.display(),
            bytes.len()
        );
    };
    let mut out = Vec::new();
    for line in kept.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        out.push(serde_json::from_slice(line).with_context(|| {
            format!(
                "reading {}\n  hint: start over with --reset",
                path.display()
            )
        })?);
    }
    std::fs::write(path, kept).with_context(|| format!("rewriting {}", path.display()))?;
    Ok(out)
}

fn write_sections(
    writer: &mut SqlWriter,
    sections: &[crate::steps::Section],
    account: &mut Account,
) -> Result<()> {
    for sec in sections {
        for (source, acc) in &sec.accounts {
            let a = account.tables.entry(source.clone()).or_default();
            a.read += acc.read;
            for (d, n) in &acc.written {
                *a.written.entry(d.clone()).or_default() += n;
            }
            for (r, n) in &acc.dropped {
                *a.dropped.entry(r.clone()).or_default() += n;
            }
        }
        for (table, rows, rule) in &sec.removed {
            *account
                .removed_at_load
                .entry(table.clone())
                .or_default()
                .entry(rule.clone())
                .or_default() += rows;
            let d = account.destinations.entry(table.clone()).or_default();
            *d = d.saturating_sub(*rows);
        }
        writer.comment(&format!("{}: {}", sec.step, sec.name))?;
        for p in &sec.pieces {
            match p {
                Piece::Sql(s) => writer.statement(s)?,
                Piece::Rows {
                    table,
                    columns,
                    rows,
                    on_duplicate,
                } => {
                    let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
                    let mut header = Vec::new();
                    crate::dump::write::insert_header(
                        &mut header,
                        "INSERT INTO",
                        table,
                        Some(&cols),
                    );
                    let trailer = if *on_duplicate {
                        let mut s = String::from(" ON DUPLICATE KEY UPDATE ");
                        for (i, c) in columns.iter().enumerate() {
                            if i > 0 {
                                s.push(',');
                            }
                            let q = quote_ident(c);
                            s.push_str(&format!("{q}=VALUES({q})"));
                        }
                        s.into_bytes()
                    } else {
                        Vec::new()
                    };
                    let mut tuples = Vec::new();
                    let mut ends = Vec::with_capacity(rows.len());
                    for (k, r) in rows.iter().enumerate() {
                        if k > 0 {
                            tuples.push(b',');
                        }
                        tuples.push(b'(');
                        for (i, c) in r.iter().enumerate() {
                            if i > 0 {
                                tuples.push(b',');
                            }
                            crate::dump::value::escape_opt(&mut tuples, c.as_deref());
                        }
                        tuples.push(b')');
                        ends.push(tuples.len());
                    }
                    writer.rows_with(&header, &trailer, &tuples, &ends)?;
                    writer.end_rows()?;
                    *account.generated.entry(table.clone()).or_default() += rows.len() as u64;
                    *account.destinations.entry(table.clone()).or_default() += rows.len() as u64;
                }
            }
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_report(
    path: &Path,
    args: &JobArgs,
    detection: &Detection,
    version: &str,
    src_prefix: &str,
    dst_prefix: &str,
    steps: &[Box<dyn Step>],
    result: &'static str,
    started: Instant,
    messages: &[Message],
    account: &Account,
    problems: &[super::migrate::ValueProblem],
    dst_name: &str,
    cleared: &std::collections::BTreeSet<String>,
) -> Result<()> {
    let r = Report {
        m1tom2: env!("CARGO_PKG_VERSION"),
        mode: args.mode,
        source: args.source.display().to_string(),
        destination: dst_name.to_string(),
        output: args.output.display().to_string(),
        magento1: detection,
        rules_version: version.to_string(),
        source_prefix: src_prefix.to_string(),
        destination_prefix: dst_prefix.to_string(),
        steps: steps.iter().map(|s| s.title()).collect(),
        result,
        seconds: started.elapsed().as_secs_f64(),
        messages,
        cleared_tables: cleared.iter().cloned().collect(),
        account,
        value_problems: problems,
        extra: steps.iter().flat_map(|s| s.report_fields()).collect(),
    };
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(&r)?)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn write_log(args: &JobArgs, log: &str) -> Result<()> {
    let path = match args
        .config
        .as_ref()
        .and_then(|(c, dir)| c.options.get("log_file").map(|l| dir.join(l)))
    {
        Some(p) => p,
        None => PathBuf::from(format!("{}.log", args.output.display())),
    };
    std::fs::write(&path, log)
        .with_context(|| format!("cannot write the log file {}", path.display()))
}

/// What migrate:delta needs from this run.
fn delta_base(ctx: &Context, version: &str, rules: &RuleSet, source: &Path) -> Result<DeltaBase> {
    let mut new_ids = Vec::new();
    if let Ok(m) = crate::steps::eav::merge(ctx) {
        for (table, maps) in [
            ("eav_entity_type", &m.entity_types),
            ("eav_attribute_set", &m.attribute_sets),
            ("eav_attribute_group", &m.attribute_groups),
            ("eav_attribute", &m.attributes),
        ] {
            for (old, new) in maps.m2.iter() {
                if old != new {
                    new_ids.push((table.to_string(), *old as u64, *new as u64));
                }
            }
        }
    }
    Ok(DeltaBase {
        rules_version: version.to_string(),
        rule_origins: rules.origins.clone(),
        source_prefix: ctx.src_prefix.clone(),
        destination_prefix: ctx.dst_prefix.clone(),
        source_fingerprint: files_fingerprint(&[source.to_path_buf()]),
        new_ids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::migrate::ValueProblem;

    fn problem(i: usize) -> ValueProblem {
        ValueProblem {
            table: "t".into(),
            column: "c".into(),
            key: format!("id={i}"),
            problem: "too long\nwith a newline".into(),
        }
    }

    #[test]
    fn problems_file_appends_and_cuts_back_to_a_checkpoint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.jsonl");
        std::fs::write(&path, b"").unwrap();
        let mut saved = (0, 0);
        let all: Vec<ValueProblem> = (0..5).map(problem).collect();
        let first = append_problems(&path, &mut saved, &all[..2]).unwrap();
        assert_eq!(
            append_problems(&path, &mut saved, &all[..2]).unwrap(),
            first
        );
        let second = append_problems(&path, &mut saved, &all[..4]).unwrap();
        assert!(second > first);
        // Written after the last checkpoint, then the run stopped.
        append_problems(&path, &mut saved, &all).unwrap();
        let back = read_problems(&path, second).unwrap();
        assert_eq!(
            back.iter().map(|p| p.key.clone()).collect::<Vec<_>>(),
            ["id=0", "id=1", "id=2", "id=3"]
        );
        assert_eq!(back[0].problem, "too long\nwith a newline");
        assert_eq!(std::fs::metadata(&path).unwrap().len(), second);
        assert!(read_problems(&path, second + 1).is_err());
    }
}

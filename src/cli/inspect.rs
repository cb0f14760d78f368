//! `m1tom2 inspect <dump> [--json]`
//!
//! Says what a dump is before you migrate it: the tool that wrote it, the Magento 1 release
//! (from `core_resource`), the table prefix, every table with its rows and bytes, the foreign
//! keys, and what is unusual. `--json` prints the same as one JSON document for scripts.

use super::common::{RunArgs, human_bytes};
use crate::dump::source::{self, Compression};
use crate::pipeline::inspect::{Report, inspect};
use anyhow::Result;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The dump: a .sql or .sql.gz file, a directory of per-table files, or - for stdin.
    pub dump: PathBuf,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// List every table (the default lists only tables with rows).
    #[arg(long)]
    pub all_tables: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

pub fn run(args: Args) -> Result<()> {
    let src = source::open(&args.dump)?;
    let report = inspect(&src, &args.run.options())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render(&report, args.all_tables));
    }
    Ok(())
}

/// The human form of a report.
pub fn render(r: &Report, all_tables: bool) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let size: u64 = r.files.iter().filter_map(|f| f.size).sum();
    let raw: u64 = r.files.iter().map(|f| f.uncompressed).sum();
    let gz = r.files.iter().any(|f| f.compression == Compression::Gzip);
    let _ = writeln!(
        o,
        "dump      {} ({} file{}{}, {}{})",
        r.path,
        r.files.len(),
        if r.files.len() == 1 { "" } else { "s" },
        if gz { ", gzip" } else { "" },
        human_bytes(size),
        if gz {
            format!(" → {}", human_bytes(raw))
        } else {
            String::new()
        }
    );
    let f = &r.format;
    let mut fmt = f.tool.clone();
    if let Some(v) = &f.tool_version {
        fmt.push_str(&format!(" {v}"));
    }
    if let Some(s) = &f.server_version {
        fmt.push_str(&format!(", server {s}"));
    }
    fmt.push_str(&format!(", {} line endings", f.line_endings));
    match f.complete {
        Some(true) => fmt.push_str(", complete"),
        Some(false) => fmt.push_str(", NOT COMPLETE"),
        None => {}
    }
    let _ = writeln!(o, "format    {fmt}");
    let ev: Vec<String> = r
        .magento
        .evidence
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let _ = writeln!(
        o,
        "magento   {} ({}{})",
        r.magento.release.as_deref().unwrap_or("unknown"),
        r.magento.certainty,
        if ev.is_empty() {
            String::new()
        } else {
            format!("; {}", ev.join(", "))
        }
    );
    let _ = writeln!(o, "prefix    {}", r.prefix.as_deref().unwrap_or("(none)"));
    let with_rows = r.tables.iter().filter(|t| t.rows > 0).count();
    let _ = writeln!(
        o,
        "tables    {} ({} with rows), {} rows in {} of INSERTs, {} statements, {} foreign keys",
        r.tables.len(),
        with_rows,
        r.rows,
        human_bytes(r.insert_bytes),
        r.statements,
        r.foreign_keys.len()
    );
    if !r.unusual.is_empty() {
        let _ = writeln!(o, "unusual");
        for u in &r.unusual {
            let _ = writeln!(o, "  - {u}");
        }
    }
    for w in &r.warnings {
        let _ = writeln!(o, "warning   {w}");
    }
    let _ = writeln!(o);
    let width = r
        .tables
        .iter()
        .map(|t| t.name.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        o,
        "{:width$}  {:>7}  {:>10}  {:>10}  {:>4}  {:>3}  notes",
        "table", "engine", "rows", "bytes", "cols", "fks"
    );
    for t in &r.tables {
        if !all_tables && t.rows == 0 {
            continue;
        }
        let mut notes = Vec::new();
        if !t.core {
            notes.push("not core".to_string());
        }
        if t.non_utf8_values > 0 {
            notes.push(format!("{} non-UTF-8", t.non_utf8_values));
        }
        if !t.has_create {
            notes.push("no CREATE TABLE".to_string());
        }
        let _ = writeln!(
            o,
            "{:width$}  {:>7}  {:>10}  {:>10}  {:>4}  {:>3}  {}",
            t.name,
            t.engine.as_deref().unwrap_or("-"),
            t.rows,
            human_bytes(t.bytes),
            t.columns,
            t.foreign_keys,
            notes.join(", ")
        );
    }
    if !all_tables {
        let empty = r.tables.len() - with_rows;
        if empty > 0 {
            let _ = writeln!(
                o,
                "({empty} tables without rows not listed; --all-tables lists them)"
            );
        }
    }
    o
}

//! `m1tom2 roundtrip <dump> -o <out.sql[.gz]> [--jobs N] [--copy-values]`
//!
//! Re-emits every statement of a dump through the lexer and the writer, in one consistent
//! mysqldump-like form, whatever tool wrote the input: session settings normalised, explicit
//! column lists, rows batched into INSERTs of at most `--statement-size` bytes, a COMMIT per
//! table. LOCK/UNLOCK TABLES, ALTER TABLE … DISABLE/ENABLE KEYS, transaction statements and
//! CREATE DATABASE/USE are left out: the output loads into whichever database you choose.

use super::common::RunArgs;
use crate::dump::source;
use crate::pipeline::roundtrip::{RoundtripOptions, roundtrip};
use anyhow::Result;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The dump: a .sql or .sql.gz file, a directory of per-table files, or - for stdin.
    pub dump: PathBuf,
    /// Where to write the result; a name ending in .gz writes gzip.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Copy the VALUES part of each INSERT as bytes instead of lexing every value.
    #[arg(long)]
    pub copy_values: bool,
    /// Largest INSERT statement written, in bytes (stay below the server's max_allowed_packet).
    #[arg(long, default_value_t = crate::dump::write::DEFAULT_STATEMENT_CAP, value_parser = super::common::parse_size)]
    pub statement_size: usize,
    #[command(flatten)]
    pub run: RunArgs,
}

pub fn run(args: Args) -> Result<()> {
    let src = source::open(&args.dump)?;
    let opts = RoundtripOptions {
        run: args.run.options(),
        statement_cap: args.statement_size,
        copy_values: args.copy_values,
    };
    let t = Instant::now();
    let stats = roundtrip(&src, &args.output, &opts)?;
    let secs = t.elapsed().as_secs_f64();
    if !args.run.quiet {
        for w in &stats.warnings {
            eprintln!("warning: {w}");
        }
        let rows = if args.copy_values {
            String::from("values copied as bytes")
        } else {
            format!("{} rows", stats.rows)
        };
        eprintln!(
            "roundtrip: {} statements, {} tables, {rows}; {} → {} in {:.2} s ({:.0} MB/s)",
            stats.statements_in,
            stats.tables.len(),
            super::common::human_bytes(stats.bytes_in),
            super::common::human_bytes(stats.bytes_out),
            secs,
            stats.bytes_in as f64 / 1e6 / secs.max(1e-9),
        );
        if !stats.dropped.is_empty() {
            let list: Vec<String> = stats
                .dropped
                .iter()
                .map(|(k, v)| format!("{v} {k}"))
                .collect();
            eprintln!(
                "left out (the output sets its own session): {}",
                list.join(", ")
            );
        }
        eprintln!("wrote {}", args.output.display());
    }
    Ok(())
}

//! `m1tom2 baseline -o <file.sql[.gz]>`
//!
//! Writes the Magento 2 baseline built into m1tom2 (Magento Open Source 2.4.6-p3: the
//! schema and the rows a fresh `setup:install` creates, no shop data) as SQL, so that a whole
//! migration can be rehearsed on a bare MariaDB or MySQL without installing Magento 2:
//!
//! ```text
//! m1tom2 baseline -o m2-baseline.sql
//! mysql shop_m2 < m2-baseline.sql          # then load the migration's output on top
//! ```
//!
//! A name ending in `.gz` writes the built-in gzip bytes as they are; any other name writes
//! plain SQL; `-o -` writes plain SQL to standard output. The file appears under its name
//! only when complete. Where the baseline comes from and which rows it keeps is written in
//! `defaults/m2/PROVENANCE.md`.

use crate::baseline;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to write the baseline: a .sql file, a .sql.gz file, or - for standard output.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Print only errors.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: Args) -> Result<()> {
    let gz = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let bytes = if gz {
        baseline::GZ.to_vec()
    } else {
        baseline::sql().context("cannot inflate the built-in baseline")?
    };
    if args.output.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(&bytes)
            .and_then(|()| out.flush())
            .context("cannot write to standard output")?;
        return Ok(());
    }
    write_whole(&args.output, &bytes)?;
    if !args.quiet {
        eprintln!(
            "wrote {} (Magento {} baseline: schema and install-time rows, {})",
            args.output.display(),
            baseline::MAGENTO_VERSION,
            super::common::human_bytes(bytes.len() as u64),
        );
    }
    Ok(())
}

/// Writes `bytes` under a temporary name next to `path` and renames it, so that a file under
/// the final name is always whole.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.m1tom2-{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .with_context(|| format!("cannot write {}", tmp.display()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).with_context(|| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot rename {} to {}", tmp.display(), path.display())
    })
}

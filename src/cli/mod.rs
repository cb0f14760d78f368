//! The command line: one module per command, each with its usage at the top.

pub mod baseline;
pub mod common;
pub mod inspect;
pub mod migrate;
pub mod roundtrip;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Migrate a Magento 1 store to Magento 2 from dump files.
#[derive(Parser, Debug)]
#[command(name = "m1tom2", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Say what a dump is: tool, Magento version, prefix, tables, rows, foreign keys, oddities.
    Inspect(inspect::Args),
    /// Re-emit every statement of a dump in one consistent mysqldump-like form.
    Roundtrip(roundtrip::Args),
    /// Migrate the stores, websites and configuration (Magento's migrate:settings).
    #[command(name = "migrate:settings")]
    MigrateSettings(migrate::Args),
    /// Migrate everything else (Magento's migrate:data).
    #[command(name = "migrate:data")]
    MigrateData(migrate::Args),
    /// Write the built-in Magento 2 baseline (schema and install-time rows) as SQL.
    Baseline(baseline::Args),
}

/// Exit codes, as in Magento's tool: 0 done, 1 migration error, 2 usage or configuration
/// error, 3 integrity check failed.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const INTEGRITY: u8 = 3;
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    let result = match cli.command {
        Command::Inspect(a) => inspect::run(a).map(|()| exit::OK),
        Command::Roundtrip(a) => roundtrip::run(a).map(|()| exit::OK),
        Command::MigrateSettings(a) => migrate::run(crate::pipeline::job::Mode::Settings, a),
        Command::MigrateData(a) => migrate::run(crate::pipeline::job::Mode::Data, a),
        Command::Baseline(a) => baseline::run(a).map(|()| exit::OK),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            let usage = e.downcast_ref::<migrate::UsageError>().is_some()
                || e.downcast_ref::<crate::mapping::xml::RulesError>()
                    .is_some();
            ExitCode::from(if usage { exit::USAGE } else { exit::FAILED })
        }
    }
}

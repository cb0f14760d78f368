//! `m1tom2 migrate:settings|migrate:data [-r|--reset] [-a|--auto] [<config.xml>]`
//! `m1tom2 migrate:data --source <M1 dump> [--destination <M2 dump>] --output <file.sql[.gz]>`
//!
//! As in Magento's Data Migration Tool: `migrate:settings` moves stores, websites and the
//! configuration; `migrate:data` everything else. The config.xml is Magento's, with
//! `<dump path="…"/>` in `<source>` and `<destination>` instead of `<database …/>` and
//! `<output path="…"/>` for the result. Without a config file, the flags say the same and the
//! embedded defaults for the detected Magento 1 release apply. The flags override the config.
//!
//! Exit codes: 0 done, 1 migration error, 2 usage or configuration error, 3 integrity check
//! failed (without `--auto`).

use super::common::RunArgs;
use crate::mapping::config::Config;
use crate::pipeline::job::{self, JobArgs, Mode};
use crate::steps::StepOptions;
use anyhow::Result;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Magento's config.xml, with <dump path="…"/> for source and destination.
    pub config: Option<PathBuf>,
    /// Start over: forget the progress of an earlier run.
    #[arg(short, long)]
    pub reset: bool,
    /// Integrity problems are warnings; unmapped tables and fields are skipped.
    #[arg(short, long)]
    pub auto: bool,
    /// The Magento 1 dump (file, .gz, directory of per-table files, or -).
    #[arg(long)]
    pub source: Option<PathBuf>,
    /// A dump of the fresh Magento 2 database (default: the embedded 2.4 baseline).
    #[arg(long)]
    pub destination: Option<PathBuf>,
    /// Where to write the SQL (.sql or .sql.gz).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// The Magento 1 crypt key (app/etc/local.xml), to re-encrypt encrypted values.
    #[arg(long)]
    pub crypt_key: Option<String>,
    /// The Magento 2 crypt key (app/etc/env.php).
    #[arg(long)]
    pub m2_crypt_key: Option<String>,
    /// Magento 2 continues the Magento 1 order, invoice, credit memo and shipment numbers in
    /// their format (100000123 → 100000124, not 1000000124); config.xml option
    /// keep_increment_format.
    #[arg(long)]
    pub keep_increment_format: bool,
    /// Table prefix of the Magento 1 dump (default: detected).
    #[arg(long)]
    pub source_prefix: Option<String>,
    /// Table prefix of the Magento 2 database (default: detected from the destination).
    #[arg(long)]
    pub dest_prefix: Option<String>,
    /// The Magento 1 release whose maps apply (default: detected from core_resource).
    #[arg(long)]
    pub m1_version: Option<String>,
    /// Largest INSERT statement written, in bytes.
    #[arg(long, default_value_t = crate::dump::write::DEFAULT_STATEMENT_CAP, value_parser = super::common::parse_size)]
    pub statement_size: usize,
    /// Leave out child rows whose foreign key has no parent row (Magento 2 would reject
    /// them), and list them in the report, instead of migrating them as --auto does.
    #[arg(long)]
    pub drop_orphans: bool,
    /// Migrate only these steps or table groups (comma list: customers,orders,catalog,…;
    /// see `m1tom2 migrate:data --only help`).
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// Leave out these steps or table groups (comma list, as for --only).
    #[arg(long, value_delimiter = ',')]
    pub skip: Vec<String>,
    /// migrate:data: give products and categories whose url_key collides in a store view a
    /// new, unique key (without it collisions are only reported).
    #[arg(long)]
    pub resolve_url_keys: bool,
    /// More detail on stderr (-v, -vv).
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(flatten)]
    pub run: RunArgs,
}

/// A usage or configuration error (exit code 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn option_bool(config: &Option<(Config, PathBuf)>, name: &str, default: bool) -> bool {
    config
        .as_ref()
        .and_then(|(c, _)| c.options.get(name))
        .map(|v| v.trim() == "1" || v.trim().eq_ignore_ascii_case("true"))
        .unwrap_or(default)
}

fn option_str(config: &Option<(Config, PathBuf)>, name: &str) -> Option<String> {
    config
        .as_ref()
        .and_then(|(c, _)| c.options.get(name))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Runs `migrate:settings` or `migrate:data`; returns the exit code.
pub fn run(mode: Mode, args: Args) -> Result<u8> {
    let config = match &args.config {
        Some(p) => {
            let c = Config::load(p).map_err(|e| UsageError(format!("{e}")))?;
            let dir = p
                .parent()
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."));
            Some((c, dir))
        }
        None => None,
    };
    let from_config =
        |f: &dyn Fn(&Config) -> Option<PathBuf>| config.as_ref().and_then(|(c, _)| f(c));
    let source = args
        .source
        .clone()
        .or_else(|| from_config(&|c| c.source.dump.clone()))
        .ok_or_else(|| UsageError("no Magento 1 dump: give --source <dump> or <source><dump path=\"…\"/></source> in config.xml".into()))?;
    let destination = args
        .destination
        .clone()
        .or_else(|| from_config(&|c| c.destination.dump.clone()));
    let output = args
        .output
        .clone()
        .or_else(|| from_config(&|c| c.output.clone()))
        .ok_or_else(|| {
            UsageError(
                "no output file: give --output <file.sql> or <output path=\"…\"/> in config.xml"
                    .into(),
            )
        })?;
    let steps = StepOptions {
        auto: args.auto,
        upgrade_password_hash: option_bool(&config, "upgrade_customer_password_hash", true),
        crypt_key: args
            .crypt_key
            .clone()
            .or_else(|| option_str(&config, "crypt_key")),
        m2_crypt_key: args.m2_crypt_key.clone(),
        drop_orphans: args.drop_orphans || option_bool(&config, "drop_orphans", false),
        selection: crate::steps::select::Selection::parse(&args.only, &args.skip)
            .map_err(|e| UsageError(format!("{e}")))?,
        keep_increment_format: args.keep_increment_format
            || option_bool(&config, "keep_increment_format", false),
        resolve_url_keys: args.resolve_url_keys,
    };
    let m1_version = args
        .m1_version
        .clone()
        .or_else(|| option_str(&config, "edition_number"));
    let src_prefix = args
        .source_prefix
        .clone()
        .or_else(|| option_str(&config, "source_prefix"));
    let dst_prefix = args
        .dest_prefix
        .clone()
        .or_else(|| option_str(&config, "dest_prefix"));
    let job = JobArgs {
        mode,
        config,
        source,
        destination,
        output,
        m1_version,
        src_prefix,
        dst_prefix,
        steps,
        run: args.run.options(),
        statement_cap: args.statement_size,
        quiet: args.run.quiet,
        verbose: args.verbose,
        reset: args.reset,
    };
    let outcome = job::run(&job)?;
    Ok(outcome.exit)
}

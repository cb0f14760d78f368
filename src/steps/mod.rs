//! Magento knowledge, one module per migration step (as Magento's Data Migration Tool has
//! them), each with the stages its users know: integrity, data (here: a plan for the work
//! pass), volume. A step never parses SQL itself: it reads what pass 1 decoded and writes
//! plans and generated rows.

pub mod configurable_prices;
pub mod crypt;
pub mod customer;
pub mod data_integrity;
pub mod eav;
pub mod inventory;
pub mod keys;
pub mod leftovers;
pub mod log;
pub mod map;
pub mod order_grids;
pub mod post_processing;
pub mod ratings;
pub mod sales_increment;
pub mod select;
pub mod settings;
pub mod settings_handlers;
pub mod stores;
pub mod tier_price;
pub mod url_keys;
pub mod url_rewrite;

use crate::mapping::plan::TablePlan;
use crate::pipeline::index::Index;
use crate::schema::rows::{Datum, RowSet};
use anyhow::Result;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The stages of a step, named as Magento's tool logs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Stage {
    #[serde(rename = "integrity check")]
    Integrity,
    #[serde(rename = "data migration")]
    Data,
    #[serde(rename = "volume check")]
    Volume,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Level {
    Error,
    Warning,
    Notice,
    Info,
}

/// One message of a run, with the step and stage it comes from.
#[derive(Clone, Debug, Serialize)]
pub struct Message {
    pub level: Level,
    pub step: String,
    pub stage: Stage,
    pub text: String,
}

/// The messages of a run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Messages {
    pub list: Vec<Message>,
}

impl Messages {
    pub fn push(&mut self, level: Level, step: &str, stage: Stage, text: impl Into<String>) {
        self.list.push(Message {
            level,
            step: step.to_string(),
            stage,
            text: text.into(),
        });
    }

    pub fn errors(&self) -> impl Iterator<Item = &Message> {
        self.list.iter().filter(|m| m.level == Level::Error)
    }
}

/// Options of a migration run that steps read.
#[derive(Clone, Debug, Default)]
pub struct StepOptions {
    /// `--auto`: integrity problems are warnings, unmapped things are skipped.
    pub auto: bool,
    /// `upgrade_customer_password_hash`.
    pub upgrade_password_hash: bool,
    /// The Magento 1 key (`crypt_key`) and the Magento 2 key.
    pub crypt_key: Option<String>,
    pub m2_crypt_key: Option<String>,
    /// `--drop-orphans`: child rows whose foreign key has no parent row are deleted at the
    /// end of the load (and reported) instead of being migrated.
    pub drop_orphans: bool,
    /// `--only` / `--skip`: the steps and table groups a run migrates.
    pub selection: select::Selection,
    /// `--keep-increment-format`: Magento 2 continues the Magento 1 order, invoice, … numbers
    /// in their format (SalesIncrement step).
    pub keep_increment_format: bool,
    /// `--resolve-url-keys`: give colliding url_keys new, unique values (see
    /// [`url_keys`]); without it collisions are only reported.
    pub resolve_url_keys: bool,
}

/// What every step sees.
pub struct Context<'a> {
    pub src: &'a Index,
    pub dst: &'a Index,
    pub rules: &'a crate::mapping::defaults::RuleSet,
    pub src_prefix: String,
    pub dst_prefix: String,
    pub opts: &'a StepOptions,
}

impl Context<'_> {
    /// The source table name with its prefix.
    pub fn src_table(&self, name: &str) -> String {
        format!("{}{name}", self.src_prefix)
    }

    /// The destination table name with its prefix.
    pub fn dst_table(&self, name: &str) -> String {
        format!("{}{name}", self.dst_prefix)
    }

    /// Decoded rows of a source table (unprefixed name).
    pub fn src_rows(&self, name: &str) -> &RowSet {
        self.src.dim(&self.src_table(name))
    }

    /// A lookup built in pass 1 (see [`Step::lookups`]).
    pub fn lookup(
        &self,
        table: &str,
        key: &str,
        value: &str,
    ) -> Option<&std::sync::Arc<crate::pipeline::index::Lookup>> {
        self.src
            .lookups
            .get(&(table.to_string(), key.to_string(), value.to_string()))
    }

    /// Decoded rows of a destination table (unprefixed name).
    pub fn dst_rows(&self, name: &str) -> &RowSet {
        self.dst.dim(&self.dst_table(name))
    }

    /// Integrity: the table `doc` (source or destination side) exists and has the columns
    /// `want`; otherwise "… documents are missing" / "… fields are missing" for `step`.
    /// Returns the table when it exists.
    pub fn require_columns(
        &self,
        msgs: &mut Messages,
        step: &str,
        source: bool,
        doc: &str,
        want: &[&str],
    ) -> Option<&crate::schema::Table> {
        let (side, table) = if source {
            ("Source", self.src.catalog.get(&self.src_table(doc)))
        } else {
            ("Destination", self.dst.catalog.get(&self.dst_table(doc)))
        };
        let Some(table) = table else {
            msgs.push(
                self.problem(),
                step,
                Stage::Integrity,
                format!("{side} documents are missing: {doc}"),
            );
            return None;
        };
        let missing: Vec<&str> = want
            .iter()
            .copied()
            .filter(|c| table.column(c).is_none())
            .collect();
        if !missing.is_empty() {
            msgs.push(
                self.problem(),
                step,
                Stage::Integrity,
                format!(
                    "{side} fields are missing. Document: {doc}. Fields: {}",
                    missing.join(",")
                ),
            );
        }
        Some(table)
    }

    /// The level of an integrity problem: an error, or a warning with `--auto`.
    pub fn problem(&self) -> Level {
        if self.opts.auto {
            Level::Warning
        } else {
            Level::Error
        }
    }
}

/// Generated rows or statements a step writes (as opposed to rows streamed from the dump).
#[derive(Clone, Debug)]
pub enum Piece {
    /// A statement, without its `;`.
    Sql(Vec<u8>),
    /// Rows for a destination table (prefixed name).
    Rows {
        table: String,
        columns: Vec<String>,
        rows: Vec<Vec<Datum>>,
        on_duplicate: bool,
    },
}

/// A named part of the output, written as a unit.
#[derive(Clone, Debug, Default)]
pub struct Section {
    pub step: String,
    pub name: String,
    pub pieces: Vec<Piece>,
    /// For source tables the step claimed as [`TablePlan::Generated`]: what became of
    /// their rows (read, written where, dropped by which rule).
    pub accounts: Vec<(String, TableAccount)>,
    /// Rows the section's statements delete at load time: (destination table, rows, rule).
    pub removed: Vec<(String, u64, String)>,
}

/// What the steps decided: generated sections, and a plan for every source table.
#[derive(Debug, Default)]
pub struct Plan {
    /// Written first, in step order.
    pub before: Vec<Section>,
    /// Source table (prefixed) → the step that owns it and its plan.
    pub tables: BTreeMap<String, (String, TablePlan)>,
    /// Destination tables (prefixed) emptied before anything is written to them.
    pub clear: BTreeSet<String>,
    /// Written after the streamed rows.
    pub after: Vec<Section>,
    /// Key values the work pass collects (source table, columns), for checks that need
    /// every row (the foreign keys of the Data Integrity step).
    pub keys: Vec<KeySpec>,
}

/// Values of some columns of a source table, collected over all its rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySpec {
    pub table: String,
    pub columns: Vec<String>,
}

impl Plan {
    /// Registers a key collection (once per table and columns); returns its index.
    pub fn key(&mut self, table: &str, columns: &[String]) -> usize {
        let spec = KeySpec {
            table: table.to_string(),
            columns: columns.to_vec(),
        };
        match self.keys.iter().position(|k| *k == spec) {
            Some(i) => i,
            None => {
                self.keys.push(spec);
                self.keys.len() - 1
            }
        }
    }
}

/// The key values the work pass collected, by [`Plan::key`] index, with the number of rows
/// that have each. A composite key's values are joined with 0x1F; keys with a NULL part are
/// left out.
pub use keys::Collected;

impl Plan {
    /// Claims a source table for a step; the first claim wins.
    pub fn claim(&mut self, step: &str, source: &str, plan: TablePlan) {
        self.tables
            .entry(source.to_string())
            .or_insert_with(|| (step.to_string(), plan));
    }

    /// Claims a source table for a later step that migrates what an earlier step left
    /// out (the Map step drops the tables map.xml ignores; the URL rewrite, log and tier
    /// price steps take them over). A table another step writes stays with that step;
    /// returns whether the claim took.
    pub fn take_over(&mut self, step: &str, source: &str, plan: TablePlan) -> bool {
        match self.tables.get(source) {
            Some((_, TablePlan::Write(_) | TablePlan::Generated { .. })) => false,
            _ => {
                self.tables
                    .insert(source.to_string(), (step.to_string(), plan));
                true
            }
        }
    }

    pub fn claimed(&self, source: &str) -> bool {
        self.tables.contains_key(source)
    }
}

/// The row account of one source table.
#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
pub struct TableAccount {
    pub read: u64,
    /// Destination table → rows written.
    pub written: BTreeMap<String, u64>,
    /// Rule → rows dropped.
    pub dropped: BTreeMap<String, u64>,
}

/// Every row of a run, accounted for.
#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
pub struct Account {
    /// By source table (prefixed).
    pub tables: BTreeMap<String, TableAccount>,
    /// Rows generated by steps, by destination table.
    pub generated: BTreeMap<String, u64>,
    /// Counted events (broken serialized data, …).
    pub events: BTreeMap<String, u64>,
    /// Rows written to each destination table in all (generated, streamed, and added at
    /// load time).
    pub destinations: BTreeMap<String, u64>,
    /// Rows that statements run at load time (`INSERT … SELECT` inside Magento 2) add to
    /// destination tables, as the steps that wrote them expect (see [`Step::at_load`]).
    #[serde(default)]
    pub at_load: BTreeMap<String, u64>,
    /// Rows that statements run at load time delete: destination table → rule → rows.
    #[serde(default)]
    pub removed_at_load: BTreeMap<String, BTreeMap<String, u64>>,
}

impl Account {
    /// Rows written to a destination table, streamed and generated.
    pub fn written_to(&self, dest: &str) -> u64 {
        self.tables
            .values()
            .filter_map(|t| t.written.get(dest))
            .sum::<u64>()
            + self.generated.get(dest).copied().unwrap_or(0)
    }
}

/// A migration step.
pub trait Step: Send + Sync {
    /// The title, as in Magento's config.xml (`Map Step`, …).
    fn title(&self) -> &'static str;

    /// Source tables (without prefix) whose rows the step needs decoded in pass 1.
    fn dims(&self) -> Vec<&'static str> {
        Vec::new()
    }

    /// Key → value lookups over big source tables the step needs, built in pass 1:
    /// (table without prefix, key column, value column).
    fn lookups(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        Vec::new()
    }

    fn integrity(&self, _ctx: &Context, _msgs: &mut Messages) {}

    /// Plans the data stage: claims source tables, adds generated sections.
    fn plan(&self, ctx: &Context, plan: &mut Plan, msgs: &mut Messages) -> Result<()>;

    /// Checks that need what the work pass collected (see [`Plan::keys`]).
    fn after_work(
        &self,
        _ctx: &Context,
        _plan: &Plan,
        _collected: &Collected,
        _msgs: &mut Messages,
    ) {
    }

    /// Sections written at the end, made from what the work pass collected (statements
    /// that fix rows already written: orphans deleted, URL keys made unique, …).
    fn closing(
        &self,
        _ctx: &Context,
        _plan: &Plan,
        _collected: &Collected,
        _msgs: &mut Messages,
    ) -> Vec<Section> {
        Vec::new()
    }

    /// Rows the step's load-time statements will add to destination tables (prefixed
    /// name → rows), known once the work pass is over. The account adds them.
    fn at_load(&self, _ctx: &Context, _plan: &Plan, _account: &Account) -> Vec<(String, u64)> {
        Vec::new()
    }

    fn volume(&self, _ctx: &Context, _plan: &Plan, _account: &Account, _msgs: &mut Messages) {}

    /// Fields the step adds to the report (name → value), known once the run is over.
    fn report_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        Vec::new()
    }
}

/// Every step m1tom2 has, for collecting what pass 1 must decode.
pub fn all() -> Vec<Box<dyn Step>> {
    vec![
        Box::new(settings::SettingsStep),
        Box::new(stores::StoresStep),
        Box::new(data_integrity::DataIntegrityStep),
        Box::new(eav::EavStep),
        Box::new(customer::CustomerStep),
        Box::new(map::MapStep),
        Box::new(url_rewrite::UrlRewriteStep),
        Box::new(log::LogStep),
        Box::new(ratings::RatingsStep),
        Box::new(configurable_prices::ConfigurablePricesStep),
        Box::new(order_grids::OrderGridsStep),
        Box::new(tier_price::TierPriceStep),
        Box::new(sales_increment::SalesIncrementStep),
        Box::new(inventory::InventoryStep),
        Box::new(post_processing::PostProcessingStep),
        Box::new(url_keys::UrlKeysStep::default()),
    ]
}

/// The step named by a class of Magento's config.xml (`Migration\Step\Map\Data` → the Map
/// step). `Ok(None)` for a step of Magento's tool that m1tom2 does not have yet; an unknown
/// class is an error that names it.
pub fn by_class(class: &str) -> Result<Option<Box<dyn Step>>> {
    let c = class.trim().trim_start_matches('\\');
    let Some(rest) = c.strip_prefix("Migration\\Step\\") else {
        anyhow::bail!(
            "config.xml names the step class `{class}`, which is not a step of Magento's Data Migration Tool\n  hint: step classes look like Migration\\Step\\Map\\Data"
        );
    };
    let name = rest.split('\\').next().unwrap_or("");
    Ok(match name {
        "Map" => Some(Box::new(map::MapStep)),
        "DataIntegrity" => Some(Box::new(data_integrity::DataIntegrityStep)),
        "Eav" => Some(Box::new(eav::EavStep)),
        "Settings" => Some(Box::new(settings::SettingsStep)),
        "Stores" => Some(Box::new(stores::StoresStep)),
        "Customer" => Some(Box::new(customer::CustomerStep)),
        "UrlRewrite" => Some(Box::new(url_rewrite::UrlRewriteStep)),
        "Log" => Some(Box::new(log::LogStep)),
        "TierPrice" => Some(Box::new(tier_price::TierPriceStep)),
        "PostProcessing" => Some(Box::new(post_processing::PostProcessingStep)),
        "ConfigurablePrices" => Some(Box::new(configurable_prices::ConfigurablePricesStep)),
        "SalesIncrement" => Some(Box::new(sales_increment::SalesIncrementStep)),
        "Ratings" => Some(Box::new(ratings::RatingsStep)),
        "OrderGrids" => Some(Box::new(order_grids::OrderGridsStep)),
        "Inventory" => Some(Box::new(inventory::InventoryStep)),
        _ => anyhow::bail!("config.xml names the step class `{class}`, which m1tom2 does not know"),
    })
}

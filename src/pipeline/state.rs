//! The state file of a migration run, beside the output (`<output>.state.json`), so that a
//! run stopped by Ctrl+C, `kill -9` or a crash continues where it was, and ends with the
//! same bytes as a run that was never stopped.
//!
//! Format (JSON, written atomically: temporary file and rename, after every checkpoint):
//!
//! ```text
//! {
//!   "format": 1,
//!   "m1tom2": "0.1.0",
//!   "fingerprint": "…",          what the run depends on: inputs (path, size, mtime),
//!                                 destination, config and options, m1tom2's version
//!   "finished": false,
//!   "steps": ["Settings Step", …],   the steps of the run
//!   "sections_done": true,          the generated sections (EAV, settings, …) are written
//!   "tables_done": ["core_store", …],  source tables whose rows are all written
//!   "resume": {                     where to continue:
//!     "input": [0, 123456],         (file index, byte offset of the next statement)
//!     "output": {"file_len": …, "bytes": …},  the partial file's length there
//!     "account": {…},               the row account until then
//!     "problems_len": 4096          bytes of `<output>.state.problems.jsonl` (the values
//!                                   that did not fit, one JSON object a line) written
//!                                   by then; what follows is cut off when a run continues
//!   },
//!   "delta": {…}                    what migrate:delta needs (see `DeltaBase`)
//! }
//! ```
//!
//! The partial output is `.<output name>.m1tom2-partial` beside the output; it is renamed
//! to the output's name when the run ends. A state whose fingerprint differs from the run's
//! (another dump, other options) is not used: the run starts over and says so. `--reset`
//! starts over in any case.

use crate::dump::write::Checkpoint;
use crate::steps::Account;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FORMAT: u32 = 1;

/// Where to continue a stopped run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Resume {
    pub input: (u32, u64),
    pub output: Checkpoint,
    pub account: Account,
    /// Older state files kept the value problems here; they are now in the problems file
    /// beside the state ([`State::problems_path_for`]), `problems_len` bytes of it.
    #[serde(default)]
    pub value_problems: Vec<super::migrate::ValueProblem>,
    #[serde(default)]
    pub problems_len: u64,
}

/// What a later `migrate:delta` run needs to treat changed rows exactly as this run did.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DeltaBase {
    /// The Magento 1 release whose rules were used, and where each rule file came from.
    pub rules_version: String,
    pub rule_origins: std::collections::BTreeMap<String, String>,
    pub source_prefix: String,
    pub destination_prefix: String,
    /// The source dump as it was: per file, path, size and modification time.
    pub source_fingerprint: String,
    /// Ids given to rows that got new ids (EAV: Magento 2-only entity types, sets, groups,
    /// attributes), as (table, old id, new id).
    pub new_ids: Vec<(String, u64, u64)>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct State {
    pub format: u32,
    pub m1tom2: String,
    pub fingerprint: String,
    pub finished: bool,
    pub steps: Vec<String>,
    pub sections_done: bool,
    pub tables_done: Vec<String>,
    pub resume: Option<Resume>,
    pub delta: DeltaBase,
}

impl State {
    pub fn new(fingerprint: String, steps: Vec<String>) -> Self {
        State {
            format: FORMAT,
            m1tom2: env!("CARGO_PKG_VERSION").to_string(),
            fingerprint,
            finished: false,
            steps,
            sections_done: false,
            tables_done: Vec::new(),
            resume: None,
            delta: DeltaBase::default(),
        }
    }

    /// The state file of an output.
    pub fn path_for(output: &Path) -> PathBuf {
        PathBuf::from(format!("{}.state.json", output.display()))
    }

    /// The value problems found so far, one JSON object a line, appended at every
    /// checkpoint (so a checkpoint writes only what is new, not the whole list again).
    pub fn problems_path_for(output: &Path) -> PathBuf {
        PathBuf::from(format!("{}.state.problems.jsonl", output.display()))
    }

    /// Reads a state file; `None` when there is none or it cannot be read.
    pub fn load(path: &Path) -> Option<State> {
        let bytes = std::fs::read(path).ok()?;
        let s: State = serde_json::from_slice(&bytes).ok()?;
        (s.format == FORMAT).then_some(s)
    }

    /// Writes the state atomically.
    pub fn save(&self, path: &Path) -> Result<()> {
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec(self)?)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
    }
}

/// A fingerprint of files: path, size and modification time of each.
pub fn files_fingerprint(paths: &[PathBuf]) -> String {
    let mut s = String::new();
    for p in paths {
        let meta = std::fs::metadata(p).ok();
        let size = meta.as_ref().map(|m| m.len()).unwrap_or(0);
        let mtime = meta
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        s.push_str(&format!("{}|{size}|{mtime};", p.display()));
    }
    s
}

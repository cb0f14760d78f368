//! Pass 1: one quick pass over a dump that learns what the work pass needs before it starts.
//! The table definitions (the catalog), per-table statement counts and bytes, the session
//! settings the data was written under, and the rows of the small "dimension" tables the
//! steps look things up in (stores, EAV metadata, configuration), decoded into memory.
//! INSERTs of other tables are split but not lexed here.

use super::{Done, Fault, Options};
use crate::dump::ddl;
use crate::dump::lex::{Rows, parse_header};
use crate::dump::source::Source;
use crate::dump::split::Block;
use crate::dump::stmt::{Setting, StmtKind, classify, settings};
use crate::dump::write::Session;
use crate::schema::Catalog;
use crate::schema::rows::{Datum, RowSet};
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasherDefault;
use std::sync::Arc;

/// Which tables to decode.
#[derive(Clone, Debug, Default)]
pub struct Wanted {
    /// Exact table names (prefix included) whose rows are decoded into memory.
    pub dims: BTreeSet<String>,
    /// Decode every table (for a small destination dump).
    pub all: bool,
    /// Also match names in `dims` behind any table prefix (`magev1_core_store` for
    /// `core_store`), for dumps whose prefix is not known yet.
    pub any_prefix: bool,
    /// Key → value maps to build from big tables without holding their rows:
    /// (table without prefix, key column, value column).
    pub lookups: BTreeSet<(String, String, String)>,
}

/// A lookup built in pass 1: key bytes → value (`None` for NULL). Ids to ids (the common
/// case: value_id → entity_id, item_id → store_id) are kept as integers, 16 bytes an entry;
/// anything else as bytes. Both compare exactly (see [`crate::steps::keys::canonical_int`]).
#[derive(Clone, Debug, Default)]
pub struct Lookup {
    /// Key → value + 1 (0 for NULL).
    ints: HashMap<u64, u64, BuildHasherDefault<IdHasher>>,
    other: HashMap<Vec<u8>, Option<Vec<u8>>>,
}

/// A multiplicative hasher for integer ids.
#[derive(Clone, Copy, Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        let x = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^ (x >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517C_C1B7_2722_0A95);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
}

impl Lookup {
    pub fn insert(&mut self, key: &[u8], value: Option<&[u8]>) {
        use crate::steps::keys::canonical_int;
        if let Some(k) = canonical_int(key) {
            let v = match value {
                None => Some(0),
                Some(v) => canonical_int(v).map(|n| n + 1),
            };
            if let Some(v) = v {
                self.other.remove(key);
                self.ints.insert(k, v);
                return;
            }
            self.ints.remove(&k);
        }
        self.other.insert(key.to_vec(), value.map(<[u8]>::to_vec));
    }

    /// The value of a key: `None` when the key is not there, `Some(None)` for NULL.
    pub fn get(&self, key: &[u8]) -> Option<Option<Vec<u8>>> {
        if let Some(k) = crate::steps::keys::canonical_int(key)
            && let Some(v) = self.ints.get(&k)
        {
            return Some((*v > 0).then(|| (*v - 1).to_string().into_bytes()));
        }
        self.other.get(key).cloned()
    }

    /// The value of an integer key when it is an integer (no allocation).
    pub fn get_int(&self, key: u64) -> Option<u64> {
        self.ints.get(&key).filter(|v| **v > 0).map(|v| v - 1)
    }

    /// Every (key, value).
    pub fn iter(&self) -> impl Iterator<Item = (Vec<u8>, Option<Vec<u8>>)> + '_ {
        self.ints
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string().into_bytes(),
                    (*v > 0).then(|| (*v - 1).to_string().into_bytes()),
                )
            })
            .chain(self.other.iter().map(|(k, v)| (k.clone(), v.clone())))
    }

    pub fn len(&self) -> usize {
        self.ints.len() + self.other.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Wanted {
    fn matches(&self, table: &str, name: &str) -> bool {
        table == name
            || (self.any_prefix
                && table.len() > name.len()
                && table.ends_with(name)
                && table.as_bytes()[table.len() - name.len() - 1] == b'_')
    }

    /// Rows of this table are decoded (for dims or lookups).
    fn wants(&self, table: &str) -> bool {
        self.all
            || self.lookups.iter().any(|(t, _, _)| self.matches(table, t))
            || self.wants_dim(table)
    }

    /// Rows of this table are kept.
    fn wants_dim(&self, table: &str) -> bool {
        self.all
            || self.dims.contains(table)
            || (self.any_prefix
                && self.dims.iter().any(|d| {
                    table.len() > d.len()
                        && table.ends_with(d.as_str())
                        && table.as_bytes()[table.len() - d.len() - 1] == b'_'
                }))
    }
}

/// Counts per table.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct TableStats {
    pub statements: u64,
    pub insert_bytes: u64,
    /// Rows, known for decoded tables only.
    pub rows: Option<u64>,
}

/// What pass 1 learned.
#[derive(Clone, Debug, Default)]
pub struct Index {
    pub catalog: Catalog,
    pub stats: BTreeMap<String, TableStats>,
    /// Decoded rows, by table name (prefix included).
    pub dims: BTreeMap<String, RowSet>,
    /// Lookups, by (table without prefix, key column, value column).
    pub lookups: BTreeMap<(String, String, String), Arc<Lookup>>,
    /// The session in force at the first INSERT (charset, time zone, SQL mode).
    pub session: Session,
    /// A table prefix found in the table names.
    pub prefix: Option<String>,
    pub warnings: Vec<String>,
}

impl Index {
    /// The decoded rows of `table` (prefix included), or an empty set.
    pub fn dim(&self, table: &str) -> &RowSet {
        static EMPTY: std::sync::OnceLock<RowSet> = std::sync::OnceLock::new();
        self.dims
            .get(table)
            .unwrap_or_else(|| EMPTY.get_or_init(RowSet::default))
    }

    /// All table names: defined or holding rows.
    pub fn table_names(&self) -> BTreeSet<String> {
        let mut s: BTreeSet<String> = self.catalog.tables.keys().cloned().collect();
        s.extend(self.stats.keys().cloned());
        s
    }
}

enum Found {
    Rows {
        stmt: usize,
        table: String,
        columns: Option<Vec<String>>,
        rows: Vec<Vec<Datum>>,
    },
    Insert {
        stmt: usize,
        table: String,
    },
    Other {
        stmt: usize,
        kind: StmtKind,
    },
}

fn index_block(block: &Block, wanted: &Wanted) -> Result<Vec<Found>, Fault> {
    let mut found = Vec::with_capacity(block.stmts.len());
    let mut row = Vec::new();
    for (si, span) in block.stmts.iter().enumerate() {
        let s = &block.data[span.start..span.end];
        let c = classify(s).map_err(|e| {
            Fault::new(
                span.start + e.at,
                None,
                format!("expected an SQL statement, found {}", e.found),
                "the input has text that is not SQL between statements; is the file complete and a dump?",
            )
        })?;
        if c.kind != StmtKind::Insert {
            found.push(Found::Other {
                stmt: si,
                kind: c.kind,
            });
            continue;
        }
        let fault = |at: usize, t: Option<&str>, m: String| {
            Fault::new(
                span.start + at,
                t.map(str::to_string),
                m,
                "the INSERT is malformed or cut short; check that the dump is complete",
            )
        };
        let h = parse_header(s).map_err(|e| fault(e.at, c.table.as_deref(), e.to_string()))?;
        if !wanted.wants(&h.table) {
            found.push(Found::Insert {
                stmt: si,
                table: h.table,
            });
            continue;
        }
        let mut rows = Rows::new(s, h.values_at);
        let mut out = Vec::new();
        while rows
            .next_into(&mut row)
            .map_err(|e| fault(e.at, Some(&h.table), e.to_string()))?
            .is_some()
        {
            out.push(
                row.iter()
                    .map(|v| v.decode().map(|c| c.into_owned()))
                    .collect(),
            );
        }
        found.push(Found::Rows {
            stmt: si,
            table: h.table,
            columns: h.columns,
            rows: out,
        });
    }
    Ok(found)
}

/// Runs pass 1 over `source`.
pub fn index(source: &Source, opts: &Options, wanted: &Wanted) -> Result<Index> {
    let mut idx = Index::default();
    let mut session_fixed = false;
    let w = Arc::new(wanted.clone());
    super::run(
        source,
        opts,
        move |block: &Block, _out: &mut Vec<u8>| index_block(block, &w),
        |mut done: Done<'_, Vec<Found>>| {
            let block = done.block;
            for f in std::mem::take(&mut done.result) {
                match f {
                    Found::Other { stmt, kind } => {
                        let span = block.stmts[stmt];
                        let sql = &block.data[span.start..span.end];
                        match kind {
                            StmtKind::CreateTable => match ddl::parse_create_table(sql) {
                                Ok((t, warning)) => {
                                    if let Some(w) = warning {
                                        idx.warnings.push(format!("table `{}`: {w}", t.name));
                                    }
                                    idx.catalog.insert(t);
                                }
                                Err(e) => {
                                    let at = done.locate(Fault::new(span.start, None, "", ""));
                                    idx.warnings.push(format!(
                                        "{}:{}: cannot read a CREATE TABLE: {e}",
                                        at.file, at.line
                                    ));
                                }
                            },
                            StmtKind::AlterTable => {
                                if let Some((t, fks)) = ddl::parse_alter_foreign_keys(sql) {
                                    idx.catalog.add_foreign_keys(&t, fks);
                                }
                            }
                            StmtKind::Set if !session_fixed => {
                                for s in settings(sql) {
                                    match s {
                                        Setting::Names(n) => idx.session.names = n,
                                        Setting::TimeZone(t) => idx.session.time_zone = Some(t),
                                        Setting::SqlMode(m) => idx.session.sql_mode = m,
                                        _ => {}
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    Found::Insert { stmt, table } => {
                        session_fixed = true;
                        let span = block.stmts[stmt];
                        let st = idx.stats.entry(table).or_default();
                        st.statements += 1;
                        st.insert_bytes += (span.end - span.start) as u64;
                    }
                    Found::Rows {
                        stmt,
                        table,
                        columns,
                        rows,
                    } => {
                        session_fixed = true;
                        let span = block.stmts[stmt];
                        let st = idx.stats.entry(table.clone()).or_default();
                        st.statements += 1;
                        st.insert_bytes += (span.end - span.start) as u64;
                        *st.rows.get_or_insert(0) += rows.len() as u64;
                        let cols = columns.unwrap_or_else(|| {
                            idx.catalog
                                .get(&table)
                                .map(|t| t.columns.iter().map(|c| c.name.clone()).collect())
                                .unwrap_or_default()
                        });
                        for (lt, key, val) in &wanted.lookups {
                            if !wanted.matches(&table, lt) {
                                continue;
                            }
                            let (Some(k), Some(v)) = (
                                cols.iter().position(|c| c == key),
                                cols.iter().position(|c| c == val),
                            ) else {
                                continue;
                            };
                            let map = Arc::make_mut(
                                idx.lookups
                                    .entry((lt.clone(), key.clone(), val.clone()))
                                    .or_default(),
                            );
                            for r in &rows {
                                if let Some(Some(kb)) = r.get(k) {
                                    map.insert(kb, r.get(v).and_then(|x| x.as_deref()));
                                }
                            }
                        }
                        if !wanted.wants_dim(&table) {
                            continue;
                        }
                        let set = idx
                            .dims
                            .entry(table)
                            .or_insert_with(|| RowSet::new(cols.clone()));
                        if set.columns == cols {
                            set.rows.extend(rows);
                        } else {
                            // Another column order: put the values where the set has them.
                            let map: Vec<Option<usize>> = set
                                .columns
                                .iter()
                                .map(|c| cols.iter().position(|d| d == c))
                                .collect();
                            for r in rows {
                                set.rows.push(
                                    map.iter()
                                        .map(|m| m.and_then(|i| r.get(i).cloned().flatten()))
                                        .collect(),
                                );
                            }
                        }
                    }
                }
            }
            Ok(())
        },
    )?;
    // Tables the dump defines but never fills have zero rows.
    for name in idx.catalog.tables.keys() {
        if wanted.wants(name) {
            idx.stats
                .entry(name.clone())
                .or_default()
                .rows
                .get_or_insert(0);
        }
    }
    idx.prefix = ddl::detect_prefix(idx.catalog.tables.keys().map(String::as_str));
    Ok(idx)
}

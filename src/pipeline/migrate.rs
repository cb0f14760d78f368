//! Pass 2, the work pass of a migration: streams the Magento 1 dump again and writes every
//! row through the plan its table got from the steps. Workers lex and transform; the sink
//! writes in input order and keeps the row account. Tables whose values pass unchanged are
//! copied tuple by tuple as the bytes they were.

use super::{Done, Fault, Options};
use crate::dump::lex::{Checked, Rows, parse_header};
use crate::dump::source::Source;
use crate::dump::split::Block;
use crate::dump::stmt::{StmtKind, classify};
use crate::dump::write::SqlWriter;
use crate::mapping::plan::{Cell, Record, RowNotes, Slot, TablePlan, WritePlan};
use crate::schema::Catalog;
use crate::steps::{Account, Collected, Plan};
use anyhow::Result;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// A value that does not fit its Magento 2 column.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ValueProblem {
    pub table: String,
    pub column: String,
    /// The row's key, `col=value` pairs.
    pub key: String,
    pub problem: String,
}

/// Rows for a plan's `also` table within one statement: tuples, their ends, drops.
type SideRows = (Vec<u8>, Vec<usize>, Vec<(String, u64)>);

/// What a worker made of one statement.
enum Piece {
    /// Rows written: tuples at `out[out]`, tuple ends at `ends[ends]` (relative).
    Rows {
        /// Offset of the statement in the block.
        at: usize,
        source: String,
        plan: Arc<WritePlan>,
        out: Range<usize>,
        ends: Range<usize>,
        read: u64,
        dropped: Vec<(String, u64)>,
        notes: Vec<(String, u64)>,
        problems: Vec<ValueProblem>,
        keys: Vec<(usize, Vec<crate::steps::keys::Key>)>,
    },
    /// Rows not written (`rule` set), or written by a step's generated section (`rule`
    /// `None`: only counted as read here).
    Dropped {
        at: usize,
        source: String,
        rule: Option<String>,
        rows: u64,
        keys: Vec<(usize, Vec<crate::steps::keys::Key>)>,
    },
}

struct Worked {
    pieces: Vec<Piece>,
    ends: Vec<usize>,
}

/// Shared, read-only state of the workers.
pub struct Work {
    plans: HashMap<String, TablePlan>,
    /// Source catalog column names, for statements with their own column list.
    columns: HashMap<String, Vec<String>>,
    /// Per source table: key collections (index in `Plan::keys`, column positions).
    keys: HashMap<String, Vec<(usize, Vec<usize>)>>,
    /// With `--auto`, values too long are cut to fit (and reported); else they are errors.
    pub auto: bool,
    /// Resuming: statements before this (file, offset) were written by an earlier run;
    /// only their key values are collected again.
    pub skip_until: Option<(u32, u64)>,
}

impl Work {
    pub fn new(plan: &Plan, catalog: &Catalog, auto: bool) -> Self {
        let mut keys: HashMap<String, Vec<(usize, Vec<usize>)>> = HashMap::new();
        for (i, k) in plan.keys.iter().enumerate() {
            let Some(t) = catalog.get(&k.table) else {
                continue;
            };
            let pos: Option<Vec<usize>> = k.columns.iter().map(|c| t.column_index(c)).collect();
            if let Some(pos) = pos {
                keys.entry(k.table.clone()).or_default().push((i, pos));
            }
        }
        Work {
            plans: plan
                .tables
                .iter()
                .map(|(k, (_, p))| (k.clone(), p.clone()))
                .collect(),
            columns: catalog
                .tables
                .iter()
                .map(|(k, t)| {
                    (
                        k.clone(),
                        t.columns.iter().map(|c| c.name.clone()).collect(),
                    )
                })
                .collect(),
            keys,
            auto,
            skip_until: None,
        }
    }
}

/// Number of characters of UTF-8 text (bytes that do not continue a character).
fn char_len(b: &[u8]) -> u64 {
    b.iter().filter(|&&c| c & 0xC0 != 0x80).count() as u64
}

/// Cuts `b` to at most `max` characters (or bytes).
fn cut(b: &[u8], max: u64, chars: bool) -> Vec<u8> {
    if !chars {
        return b[..(max as usize).min(b.len())].to_vec();
    }
    let mut n = 0u64;
    for (i, &c) in b.iter().enumerate() {
        if c & 0xC0 != 0x80 {
            if n == max {
                return b[..i].to_vec();
            }
            n += 1;
        }
    }
    b.to_vec()
}

fn key_text(plan: &WritePlan, rec: &Record<'_>) -> String {
    plan.key
        .iter()
        .map(|&i| {
            let v = rec
                .get(i)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_else(|| "NULL".into());
            format!("{}={v}", plan.columns[i])
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Transforms one tuple (already lexed into `values`, in source catalog order) and appends
/// it to `out`. Returns false when a handler dropped the row.
#[allow(clippy::too_many_arguments)]
fn transform_row<'a>(
    plan: &WritePlan,
    values: Vec<Cell<'a>>,
    out: &mut Vec<u8>,
    base: usize,
    ends: &mut Vec<usize>,
    notes: &mut RowNotes,
    problems: &mut Vec<ValueProblem>,
    auto: bool,
) -> Option<String> {
    let mut src = Record { cells: values };
    for h in &plan.source_handlers {
        h.apply(&mut src, notes);
    }
    if let Some(rule) = notes.drop.take() {
        return Some(rule);
    }
    let mut dst = Record {
        cells: plan
            .slots
            .iter()
            .map(|s| match s {
                Slot::Source(i) => src.cells.get(*i).cloned().unwrap_or(Cell::Default),
                Slot::Extra => Cell::Default,
            })
            .collect(),
    };
    for h in &plan.dest_handlers {
        h.apply(&mut dst, notes);
    }
    if let Some(rule) = notes.drop.take() {
        return Some(rule);
    }
    for (i, check) in plan.checks.iter().enumerate() {
        let Some(check) = check else { continue };
        let cell = &dst.cells[i];
        if check.not_null && cell.is_null() {
            problems.push(ValueProblem {
                table: plan.dest.clone(),
                column: plan.columns[i].clone(),
                key: key_text(plan, &dst),
                problem: "NULL in a NOT NULL column without a default".into(),
            });
            if auto {
                dst.cells[i] = Cell::Default;
            }
            continue;
        }
        if let (Some(max), Some(b)) = (check.max_len, cell.bytes()) {
            {
                let len = if check.chars {
                    char_len(&b)
                } else {
                    b.len() as u64
                };
                if len > max {
                    let unit = if check.chars { "characters" } else { "bytes" };
                    problems.push(ValueProblem {
                        table: plan.dest.clone(),
                        column: plan.columns[i].clone(),
                        key: key_text(plan, &dst),
                        problem: format!(
                            "{len} {unit}, the column holds {max}{}",
                            if auto { "; cut to fit" } else { "" }
                        ),
                    });
                    if auto {
                        let c = cut(&b, max, check.chars);
                        dst.cells[i] = Cell::Set(Some(c));
                    }
                }
            }
        }
    }
    let mut write = |cells: &[Cell<'_>], out: &mut Vec<u8>| {
        if out.len() > base {
            out.push(b',');
        }
        out.push(b'(');
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            c.write(out);
        }
        out.push(b')');
        ends.push(out.len() - base);
    };
    match plan.explode {
        None => write(&dst.cells, out),
        Some(col) => {
            // One row per item of a comma list (Rule\NormalizationIds).
            let list = dst
                .cells
                .get(col)
                .and_then(Cell::bytes)
                .map(|b| b.into_owned())
                .unwrap_or_default();
            let mut any = false;
            for item in list
                .split(|&b| b == b',')
                .map(|i| i.trim_ascii())
                .filter(|i| !i.is_empty())
            {
                let mut cells = dst.cells.clone();
                cells[col] = Cell::Set(Some(item.to_vec()));
                write(&cells, out);
                any = true;
            }
            if !any {
                return Some("an empty list".into());
            }
        }
    }
    None
}

/// Appends the key values of one row to the collections: `row` as the statement lists
/// its values, `reorder` the statement's position of each catalog column (when they differ).
fn collect_keys(
    extract: &[(usize, Vec<usize>)],
    row: &[crate::dump::value::Value<'_>],
    reorder: Option<&[usize]>,
    keys: &mut Vec<(usize, Vec<crate::steps::keys::Key>)>,
) {
    use crate::steps::keys::Key;
    let value = |c: usize| {
        let i = match reorder {
            Some(pos) => *pos.get(c)?,
            None => c,
        };
        row.get(i)?.decode()
    };
    for (slot, (ki, cols)) in extract.iter().enumerate() {
        if keys.len() <= slot {
            keys.push((*ki, Vec::new()));
        }
        let key = if let [c] = cols.as_slice() {
            // One column: an id, most of the time, kept without an allocation.
            value(*c).map(|b| Key::of(&b))
        } else {
            let mut key = Vec::new();
            let mut null = false;
            for (j, &c) in cols.iter().enumerate() {
                match value(c) {
                    Some(b) => {
                        if j > 0 {
                            key.push(0x1f);
                        }
                        key.extend_from_slice(&b);
                    }
                    None => {
                        null = true;
                        break;
                    }
                }
            }
            (!null).then_some(Key::Bytes(key))
        };
        if let Some(k) = key {
            keys[slot].1.push(k);
        }
    }
}

fn work_block(block: &Block, out: &mut Vec<u8>, work: &Work) -> Result<Worked, Fault> {
    let mut pieces = Vec::new();
    let mut ends = Vec::new();
    let mut row = Vec::with_capacity(64);
    for span in &block.stmts {
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
            continue;
        }
        let fault = |at: usize, t: &str, m: String| {
            Fault::new(
                span.start + at,
                Some(t.to_string()),
                m,
                "the INSERT is malformed or cut short; check that the dump is complete",
            )
        };
        let h = parse_header(s)
            .map_err(|e| fault(e.at, c.table.as_deref().unwrap_or("?"), e.to_string()))?;
        let table = h.table.clone();
        let mut rows = Rows::new(s, h.values_at);
        let extract = work.keys.get(&table).map(Vec::as_slice).unwrap_or(&[]);
        let skipped = work
            .skip_until
            .is_some_and(|pos| (block.file, block.offset + span.start as u64) < pos);
        let (plan, drop_rule) = match work.plans.get(&table).filter(|_| !skipped) {
            Some(TablePlan::Write(p)) => (Some(p.clone()), None),
            Some(TablePlan::Drop { rule }) => (None, Some(rule.clone())),
            Some(TablePlan::Generated { .. }) => (None, None),
            None => (
                None,
                Some("the dump has no CREATE TABLE for it".to_string()),
            ),
        };
        if plan.is_none() && extract.is_empty() {
            let n = rows
                .count_rest()
                .map_err(|e| fault(e.at, &table, e.to_string()))? as u64;
            pieces.push(Piece::Dropped {
                at: span.start,
                source: table,
                rule: drop_rule,
                rows: n,
                keys: Vec::new(),
            });
            continue;
        }
        // Positions of the statement's values in the catalog order plans expect.
        let reorder: Option<Vec<usize>> = match (&h.columns, work.columns.get(&table)) {
            (Some(own), Some(cat)) if own != cat => Some(
                cat.iter()
                    .map(|c| {
                        own.iter()
                            .position(|o| o.eq_ignore_ascii_case(c))
                            .unwrap_or(usize::MAX)
                    })
                    .collect(),
            ),
            _ => None,
        };
        let ncols = work.columns.get(&table).map(Vec::len);
        let copy = plan.as_ref().is_some_and(|p| p.copies_tuples()) && reorder.is_none();
        let need_values = !copy || !extract.is_empty();
        let out_start = out.len();
        let ends_start = ends.len();
        let mut read = 0u64;
        let mut dropped: Vec<(String, u64)> = Vec::new();
        let mut notes = RowNotes::default();
        let mut problems = Vec::new();
        let mut keys: Vec<(usize, Vec<crate::steps::keys::Key>)> = Vec::new();
        let mut run: Option<(usize, usize, usize)> = None;
        // Rows for the plan's `also` tables: tuples, ends, dropped.
        let mut sides: Vec<SideRows> = Vec::new();
        loop {
            let (tuple, tight, nvalues) = if need_values {
                match rows
                    .next_into(&mut row)
                    .map_err(|e| fault(e.at, &table, e.to_string()))?
                {
                    Some(t) => (t, rows.tight(), row.len()),
                    None => break,
                }
            } else {
                match rows
                    .next_checked()
                    .map_err(|e| fault(e.at, &table, e.to_string()))?
                {
                    Some(Checked {
                        range,
                        tight,
                        values,
                    }) => (range, tight, values),
                    None => break,
                }
            };
            read += 1;
            if let Some(n) = ncols.filter(|_| reorder.is_none()) {
                {
                    if nvalues != n {
                        return Err(fault(
                            tuple.start,
                            &table,
                            format!(
                                "a tuple has {nvalues} values, table `{table}` has {n} columns"
                            ),
                        ));
                    }
                }
            }
            if !extract.is_empty() {
                collect_keys(extract, &row, reorder.as_deref(), &mut keys);
            }
            let Some(plan) = &plan else { continue };
            if copy && tight {
                match &mut run {
                    Some((_, _, end)) if *end + 1 == tuple.start => *end = tuple.end,
                    _ => {
                        if let Some((a, _, b)) = run.take() {
                            out.extend_from_slice(&s[a..b]);
                        }
                        if out.len() > out_start {
                            out.push(b',');
                        }
                        run = Some((tuple.start, out.len(), tuple.end));
                    }
                }
                let (a, o, _) = run.expect("a run is open");
                ends.push(o - out_start + tuple.end - a);
                continue;
            }
            if let Some((a, _, b)) = run.take() {
                out.extend_from_slice(&s[a..b]);
            }
            // The row's cells in catalog order (lexed above, or now for a tuple the copy
            // path could not take).
            if !need_values {
                Rows::new(s, tuple.start)
                    .next_into(&mut row)
                    .map_err(|e| fault(e.at, &table, e.to_string()))?;
            }
            let values: Vec<Cell<'_>> = match &reorder {
                Some(pos) if need_values => pos
                    .iter()
                    .map(|&p| row.get(p).map(|v| Cell::Raw(*v)).unwrap_or(Cell::Default))
                    .collect(),
                _ => row.iter().map(|v| Cell::Raw(*v)).collect(),
            };
            let side_values = if plan.also.is_empty() {
                Vec::new()
            } else {
                values.clone()
            };
            match transform_row(
                plan,
                values,
                out,
                out_start,
                &mut ends,
                &mut notes,
                &mut problems,
                work.auto,
            ) {
                None => {}
                Some(rule) => match dropped.iter_mut().find(|(r, _)| *r == rule) {
                    Some((_, n)) => *n += 1,
                    None => dropped.push((rule, 1)),
                },
            }
            for (k, p) in plan.also.iter().enumerate() {
                if sides.len() <= k {
                    sides.push((Vec::new(), Vec::new(), Vec::new()));
                }
                let (buf, bends, bdropped) = &mut sides[k];
                let mut n = RowNotes::default();
                match transform_row(
                    p,
                    side_values.clone(),
                    buf,
                    0,
                    bends,
                    &mut n,
                    &mut problems,
                    work.auto,
                ) {
                    None => {}
                    Some(rule) => match bdropped
                        .iter_mut()
                        .find(|(r, _): &&mut (String, u64)| *r == rule)
                    {
                        Some((_, c)) => *c += 1,
                        None => bdropped.push((rule, 1)),
                    },
                }
            }
        }
        if let Some((a, _, b)) = run.take() {
            out.extend_from_slice(&s[a..b]);
        }
        match plan {
            Some(plan) => {
                let also = plan.also.clone();
                pieces.push(Piece::Rows {
                    at: span.start,
                    source: table.clone(),
                    plan,
                    out: out_start..out.len(),
                    ends: ends_start..ends.len(),
                    read,
                    dropped,
                    notes: notes.counts,
                    problems,
                    keys,
                });
                for (p, (buf, bends, bdropped)) in also.into_iter().zip(sides) {
                    let o = out.len();
                    let e = ends.len();
                    out.extend_from_slice(&buf);
                    ends.extend(bends);
                    pieces.push(Piece::Rows {
                        at: span.start,
                        source: table.clone(),
                        plan: p,
                        out: o..out.len(),
                        ends: e..ends.len(),
                        read: 0,
                        dropped: {
                            let _ = bdropped;
                            Vec::new()
                        },
                        notes: Vec::new(),
                        problems: Vec::new(),
                        keys: Vec::new(),
                    });
                }
            }
            None => pieces.push(Piece::Dropped {
                at: span.start,
                source: table,
                rule: drop_rule,
                rows: read,
                keys,
            }),
        }
    }
    Ok(Worked { pieces, ends })
}

/// A position in the input: (file index, byte offset of a statement).
pub type Position = (u32, u64);

/// Called when the work pass moves on to another source table, before the new table's
/// first statement: where the input stands, the table just finished, and the account so far.
pub type OnBoundary<'a> =
    dyn FnMut(&mut SqlWriter, Position, Option<&str>, &Account, &[ValueProblem]) -> Result<()> + 'a;

/// Streams `source` through `work` into `writer`, adding to `account` and `problems`;
/// returns the key values collected.
#[allow(clippy::too_many_arguments)]
pub fn stream(
    source: &Source,
    opts: &Options,
    work: Arc<Work>,
    nkeys: usize,
    writer: &mut SqlWriter,
    account: &mut Account,
    problems: &mut Vec<ValueProblem>,
    on_boundary: &mut OnBoundary<'_>,
) -> Result<Collected> {
    let mut collected = Collected::new(nkeys);
    let mut headers: HashMap<*const WritePlan, (Vec<u8>, Vec<u8>)> = HashMap::new();
    let mut current: Option<String> = None;
    super::run(
        source,
        opts,
        move |block: &Block, out: &mut Vec<u8>| work_block(block, out, &work),
        |done: Done<'_, Worked>| {
            for piece in &done.result.pieces {
                let (at, src, counts) = match piece {
                    Piece::Dropped {
                        at, source, rule, ..
                    } => (*at, source, rule.is_some()),
                    Piece::Rows { at, source, .. } => (*at, source, true),
                };
                if counts && current.as_deref() != Some(src.as_str()) {
                    let pos = (done.block.file, done.block.offset + at as u64);
                    on_boundary(writer, pos, current.as_deref(), account, problems)?;
                    current = Some(src.clone());
                }
                match piece {
                    Piece::Dropped {
                        source,
                        rule,
                        rows,
                        keys,
                        ..
                    } => {
                        // Rows a step writes itself are accounted by that step.
                        if let Some(rule) = rule {
                            let acc = account.tables.entry(source.clone()).or_default();
                            acc.read += rows;
                            *acc.dropped.entry(rule.clone()).or_default() += rows;
                        }
                        for (k, vals) in keys {
                            for v in vals {
                                collected
                                    .add(*k, v)
                                    .map_err(|e| std::io::Error::other(format!("{e:#}")))?;
                            }
                        }
                    }
                    Piece::Rows {
                        source,
                        plan,
                        out,
                        ends,
                        read,
                        dropped,
                        notes,
                        problems: p,
                        keys,
                        ..
                    } => {
                        for (k, vals) in keys {
                            for v in vals {
                                collected
                                    .add(*k, v)
                                    .map_err(|e| std::io::Error::other(format!("{e:#}")))?;
                            }
                        }
                        let (header, trailer) =
                            headers.entry(Arc::as_ptr(plan)).or_insert_with(|| {
                                (
                                    plan.header(),
                                    plan.on_duplicate_clause().unwrap_or_default(),
                                )
                            });
                        let ends = &done.result.ends[ends.clone()];
                        writer.rows_with(header, trailer, &done.out[out.clone()], ends)?;
                        let n = ends.len() as u64;
                        *account.destinations.entry(plan.dest.clone()).or_default() += n;
                        let acc = account.tables.entry(source.clone()).or_default();
                        acc.read += read;
                        *acc.written.entry(plan.dest.clone()).or_default() += n;
                        for (rule, n) in dropped {
                            *acc.dropped.entry(rule.clone()).or_default() += n;
                        }
                        for (what, n) in notes {
                            *account.events.entry(what.clone()).or_default() += n;
                        }
                        problems.extend(p.iter().cloned());
                    }
                }
            }
            Ok(())
        },
    )?;
    collected.finish();
    Ok(collected)
}

/// Tables with a plan that never had an INSERT still appear in the account (0 rows).
pub fn complete_account(account: &mut Account, plan: &Plan) {
    for (source, (_, p)) in &plan.tables {
        let acc = account.tables.entry(source.clone()).or_default();
        if let TablePlan::Write(w) = p {
            acc.written.entry(w.dest.clone()).or_insert(0);
        }
    }
}

//! Roundtrip: every statement of a dump re-emitted through the lexer and the writer, in one
//! consistent mysqldump-like form whatever tool wrote the input. This is the path the
//! fidelity tests take, and a way to normalise phpMyAdmin/SQLyog/Navicat exports.
//!
//! Workers lex every INSERT and re-emit its tuples in canonical form (or, with
//! `copy_values`, copy the VALUES part as bytes); the sink, in input order, tracks the
//! session settings the input relies on, learns column lists from `CREATE TABLE`, and feeds
//! the writer, which batches rows into INSERTs of bounded size.

use super::{Done, Fault, Options};
use crate::dump::ddl;
use crate::dump::lex::{Checked, Rows, Verb, parse_header};
use crate::dump::source::Source;
use crate::dump::split::Block;
use crate::dump::stmt::{Setting, StmtKind, classify, settings};
use crate::dump::write::{Session, SqlWriter, insert_header, sql_string};
use crate::schema::Catalog;
use anyhow::Result;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

/// How to run a roundtrip.
#[derive(Clone, Debug)]
pub struct RoundtripOptions {
    pub run: Options,
    /// Largest INSERT statement written.
    pub statement_cap: usize,
    /// Copy the VALUES part of each INSERT as bytes instead of lexing every value.
    pub copy_values: bool,
}

/// What one statement of a block became.
enum Piece {
    /// An INSERT: tuples joined by `,` at `out[out]`, tuple ends (relative) at `ends[ends]`.
    Rows {
        stmt: usize,
        verb: Verb,
        table: String,
        columns: Option<Vec<String>>,
        arity: usize,
        out: Range<usize>,
        ends: Range<usize>,
    },
    /// An INSERT copied as bytes: the VALUES part is `block.data[values]`.
    RawRows {
        verb: Verb,
        table: String,
        columns: Option<Vec<String>>,
        values: Range<usize>,
    },
    /// Any other statement, kept as written.
    Stmt {
        stmt: usize,
        kind: StmtKind,
        table: Option<String>,
    },
}

struct Lexed {
    pieces: Vec<Piece>,
    ends: Vec<usize>,
}

/// Counts for the summary.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct RoundtripStats {
    pub statements_in: u64,
    pub statements_out: u64,
    pub rows: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// Per table: rows written.
    pub tables: BTreeMap<String, u64>,
    /// Statements left out because the writer manages the session itself, by kind.
    pub dropped: BTreeMap<String, u64>,
    pub warnings: Vec<String>,
}

fn lex_block(block: &Block, out: &mut Vec<u8>, copy_values: bool) -> Result<Lexed, Fault> {
    let mut pieces = Vec::with_capacity(block.stmts.len());
    let mut ends = Vec::new();
    let mut row = Vec::with_capacity(64);
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
            pieces.push(Piece::Stmt {
                stmt: si,
                kind: c.kind,
                table: c.table,
            });
            continue;
        }
        let fault = |at: usize, table: Option<&str>, msg: String| {
            Fault::new(
                span.start + at,
                table.map(str::to_string),
                msg,
                "the INSERT is malformed or cut short; check that the dump is complete",
            )
        };
        let h = parse_header(s).map_err(|e| fault(e.at, c.table.as_deref(), e.to_string()))?;
        if copy_values {
            let mut end = s.len();
            while end > h.values_at && s[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            let start = crate::dump::lex::skip_ws(s, h.values_at);
            pieces.push(Piece::RawRows {
                verb: h.verb,
                table: h.table,
                columns: h.columns,
                values: span.start + start..span.start + end,
            });
            continue;
        }
        let mut rows = Rows::new(s, h.values_at);
        let out_start = out.len();
        let ends_start = ends.len();
        let mut arity = None;
        let mut n = 0usize;
        // Tuples already in canonical form are copied in runs, straight from the input:
        // (input offset where the run starts, output offset where it goes, input end so far).
        let mut run: Option<(usize, usize, usize)> = None;
        loop {
            let checked = rows
                .next_checked()
                .map_err(|e| fault(e.at, Some(&h.table), e.to_string()))?;
            let Some(Checked {
                range: tuple,
                tight,
                values,
            }) = checked
            else {
                break;
            };
            n += 1;
            match arity {
                None => arity = Some(values),
                Some(a) if a != values => {
                    return Err(fault(
                        tuple.start,
                        Some(&h.table),
                        format!("tuple {n} has {values} values, the first tuple has {a}"),
                    ));
                }
                _ => {}
            }
            if tight {
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
            if out.len() > out_start {
                out.push(b',');
            }
            // Not canonical: lex the tuple's values and write each one.
            Rows::new(s, tuple.start)
                .next_into(&mut row)
                .map_err(|e| fault(e.at, Some(&h.table), e.to_string()))?;
            out.push(b'(');
            for (i, v) in row.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                v.write_canonical(out);
            }
            out.push(b')');
            ends.push(out.len() - out_start);
        }
        if let Some((a, _, b)) = run.take() {
            out.extend_from_slice(&s[a..b]);
        }
        if !rows.trailer().is_empty() {
            // `ON DUPLICATE KEY UPDATE …` cannot be merged with other rows: keep it whole.
            out.truncate(out_start);
            ends.truncate(ends_start);
            pieces.push(Piece::Stmt {
                stmt: si,
                kind: StmtKind::Insert,
                table: Some(h.table),
            });
            continue;
        }
        pieces.push(Piece::Rows {
            stmt: si,
            verb: h.verb,
            table: h.table,
            columns: h.columns,
            arity: arity.unwrap_or(0),
            out: out_start..out.len(),
            ends: ends_start..ends.len(),
        });
    }
    Ok(Lexed { pieces, ends })
}

/// Picks a delimiter that does not occur in a trigger or routine body.
fn body_delimiter(sql: &[u8]) -> &'static [u8] {
    for d in [&b";;"[..], b"$$", b"//", b";;;;"] {
        if memchr::memmem::find(sql, d).is_none() {
            return d;
        }
    }
    b"\x24\x24\x24"
}

/// The in-order half: session tracking, catalog, writer.
struct Sink {
    writer: SqlWriter,
    session: Session,
    saved: HashMap<String, String>,
    catalog: Catalog,
    stats: RoundtripStats,
    warned_no_columns: std::collections::HashSet<String>,
    header: Vec<u8>,
}

impl Sink {
    fn set_names(&mut self, cs: String) -> Result<()> {
        if cs != self.session.names {
            self.writer
                .statement(format!("SET NAMES {cs}").as_bytes())?;
            self.session.names = cs;
        }
        Ok(())
    }

    fn set_time_zone(&mut self, tz: String) -> Result<()> {
        if self.session.time_zone.as_deref() != Some(tz.as_str()) {
            self.writer
                .statement(format!("SET TIME_ZONE={}", sql_string(&tz)).as_bytes())?;
            self.session.time_zone = Some(tz);
        }
        Ok(())
    }

    fn set_sql_mode(&mut self, mode: String, done: &Done<'_, Lexed>, at: usize) -> Result<()> {
        if mode.to_ascii_uppercase().contains("NO_BACKSLASH_ESCAPES") {
            return Err(done
                .locate(Fault::new(
                    at,
                    None,
                    "the dump sets SQL_MODE NO_BACKSLASH_ESCAPES, which changes how its strings are written",
                    "dump the database again without NO_BACKSLASH_ESCAPES in the session's SQL mode",
                ))
                .into());
        }
        if mode != self.session.sql_mode {
            self.writer
                .statement(format!("SET SQL_MODE={}", sql_string(&mode)).as_bytes())?;
            self.session.sql_mode = mode;
        }
        Ok(())
    }

    fn set_statement(&mut self, sql: &[u8], done: &Done<'_, Lexed>, at: usize) -> Result<()> {
        let list = settings(sql);
        if list.contains(&Setting::Other) {
            // Something we do not model: keep the statement as written.
            self.writer.statement(sql)?;
        }
        for s in list {
            match s {
                Setting::Names(cs) => self.set_names(cs)?,
                Setting::TimeZone(tz) => self.set_time_zone(tz)?,
                Setting::SqlMode(m) => self.set_sql_mode(m, done, at)?,
                Setting::Save { var, source } => {
                    let v = if source == "SQL_MODE" {
                        Some(self.session.sql_mode.clone())
                    } else {
                        self.session.time_zone.clone()
                    };
                    if let Some(v) = v {
                        self.saved.insert(var, v);
                    }
                }
                Setting::Restore { var, target } => {
                    if let Some(v) = self.saved.get(&var).cloned() {
                        if target == "SQL_MODE" {
                            self.set_sql_mode(v, done, at)?;
                        } else {
                            self.set_time_zone(v)?;
                        }
                    }
                }
                Setting::Managed | Setting::Other => {}
            }
        }
        Ok(())
    }

    fn drop_stmt(&mut self, what: &str) {
        *self.stats.dropped.entry(what.to_string()).or_default() += 1;
    }

    /// The statement start for rows of `table`, with the column list: the statement's
    /// own, else the table's. Returns the header and the number of columns, when known.
    fn header_for(
        &mut self,
        verb: Verb,
        table: &str,
        own: &Option<Vec<String>>,
    ) -> (Vec<u8>, Option<usize>) {
        let mut header = std::mem::take(&mut self.header);
        header.clear();
        let cols: Option<Vec<&str>> = match own {
            Some(c) => Some(c.iter().map(String::as_str).collect()),
            None => self.catalog.get(table).map(|t| t.column_names()),
        };
        let n = cols.as_ref().map(Vec::len);
        insert_header(&mut header, verb.sql(), table, cols.as_deref());
        if n.is_none() && self.warned_no_columns.insert(table.to_string()) {
            self.stats.warnings.push(format!(
                "table `{table}`: INSERT without a column list and no CREATE TABLE before it; written without a column list"
            ));
        }
        (header, n)
    }

    fn take(&mut self, done: Done<'_, Lexed>) -> Result<()> {
        let block = done.block;
        self.stats.statements_in += block.stmts.len() as u64;
        self.stats.bytes_in += block.data.len() as u64;
        for piece in &done.result.pieces {
            match piece {
                Piece::Rows {
                    stmt,
                    verb,
                    table,
                    columns,
                    arity,
                    out,
                    ends,
                } => {
                    let span = block.stmts[*stmt];
                    let (header, ncols) = self.header_for(*verb, table, columns);
                    if let Some(c) = ncols
                        && c != *arity
                        && *arity > 0
                    {
                        let msg = format!(
                            "the INSERT has {arity} values per row, but table `{table}` has {c} columns"
                        );
                        return Err(done
                                .locate(Fault::new(
                                    span.start,
                                    Some(table.clone()),
                                    msg,
                                    "the CREATE TABLE and the data of this table do not match; was the dump edited?",
                                ))
                                .into());
                    }
                    let ends = &done.result.ends[ends.clone()];
                    self.writer.rows(&header, &done.out[out.clone()], ends)?;
                    self.header = header;
                    self.stats.rows += ends.len() as u64;
                    *self.stats.tables.entry(table.clone()).or_default() += ends.len() as u64;
                }
                Piece::RawRows {
                    verb,
                    table,
                    columns,
                    values,
                    ..
                } => {
                    let (header, _) = self.header_for(*verb, table, columns);
                    self.writer.raw_rows(&header, &block.data[values.clone()])?;
                    self.header = header;
                    self.stats.tables.entry(table.clone()).or_default();
                }
                Piece::Stmt { stmt, kind, table } => {
                    let span = block.stmts[*stmt];
                    let sql = &block.data[span.start..span.end];
                    match kind {
                        StmtKind::Set => self.set_statement(sql, &done, span.start)?,
                        StmtKind::LockTables | StmtKind::UnlockTables => {
                            self.drop_stmt("LOCK/UNLOCK TABLES")
                        }
                        StmtKind::TableKeys => self.drop_stmt("ALTER TABLE … DISABLE/ENABLE KEYS"),
                        StmtKind::Transaction => self.drop_stmt("START TRANSACTION/COMMIT"),
                        StmtKind::CreateDatabase | StmtKind::Use => {
                            self.drop_stmt("CREATE DATABASE/USE")
                        }
                        StmtKind::Trigger | StmtKind::Routine => {
                            self.writer.delimited(sql, body_delimiter(sql))?;
                        }
                        _ => {
                            match kind {
                                StmtKind::CreateTable => match ddl::parse_create_table(sql) {
                                    Ok((t, warning)) => {
                                        if let Some(w) = warning {
                                            self.stats.warnings.push(format!(
                                                "{}:{}: table `{}`: {w}",
                                                done.file,
                                                done.first_line
                                                    + crate::dump::error::count_lines(
                                                        &block.data[..span.start]
                                                    ),
                                                t.name
                                            ));
                                        }
                                        self.catalog.insert(t);
                                    }
                                    Err(e) => {
                                        let msg = format!("cannot read this CREATE TABLE: {e}");
                                        return Err(done
                                            .locate(Fault::new(
                                                span.start,
                                                table.clone(),
                                                msg,
                                                "the table definition is malformed",
                                            ))
                                            .into());
                                    }
                                },
                                StmtKind::AlterTable => {
                                    if let Some((t, fks)) = ddl::parse_alter_foreign_keys(sql) {
                                        self.catalog.add_foreign_keys(&t, fks);
                                    }
                                }
                                _ => {}
                            }
                            self.writer.statement(sql)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Runs a roundtrip of `source` into `output`.
pub fn roundtrip(
    source: &Source,
    output: &Path,
    opts: &RoundtripOptions,
) -> Result<RoundtripStats> {
    let mut writer = SqlWriter::create(output, opts.statement_cap)?;
    let session = Session::default();
    let what = if opts.copy_values {
        " (values copied as bytes)"
    } else {
        ""
    };
    writer.header(
        &format!("m1tom2 roundtrip of {}{what}", source.path.display()),
        &session,
    )?;
    let mut sink = Sink {
        writer,
        session,
        saved: HashMap::new(),
        catalog: Catalog::default(),
        stats: RoundtripStats::default(),
        warned_no_columns: Default::default(),
        header: Vec::new(),
    };
    let copy = opts.copy_values;
    super::run(
        source,
        &opts.run,
        move |block: &Block, out: &mut Vec<u8>| lex_block(block, out, copy),
        |done| sink.take(done),
    )?;
    let Sink {
        writer, mut stats, ..
    } = sink;
    stats.statements_out += writer.statements_written();
    stats.bytes_out = writer.bytes();
    writer.finish()?;
    Ok(stats)
}

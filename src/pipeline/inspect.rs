//! Inspect: one pass over a dump that says what it is. Which tool wrote it, which Magento 1
//! release it holds, its table prefix, every table with its rows and bytes, the foreign keys,
//! and what is unusual (values that are not UTF-8, MyISAM tables, triggers, views, tables
//! no core module owns, a dump that looks cut short).

use super::{Done, Fault, Options};
use crate::dump::ddl;
use crate::dump::lex::{Rows, ident, parse_header, skip_ws};
use crate::dump::source::{Compression, Source, SourceKind};
use crate::dump::split::Block;
use crate::dump::stmt::{StmtKind, classify};
use crate::dump::value::Kind;
use crate::mapping::core_tables::is_core_table;
use crate::mapping::version::{Detection, detect};
use crate::schema::Catalog;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct FileInfo {
    pub path: String,
    pub compression: Compression,
    pub size: Option<u64>,
    pub uncompressed: u64,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Format {
    /// mysqldump, mariadb-dump, phpMyAdmin, SQLyog, Navicat, Magento DB backup, mydumper, …
    pub tool: String,
    pub tool_version: Option<String>,
    pub server_version: Option<String>,
    /// `LF` or `CRLF`.
    pub line_endings: String,
    /// Whether the tool's end-of-dump marker is there; `None` when the tool writes none.
    pub complete: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct TableReport {
    pub name: String,
    pub engine: Option<String>,
    pub rows: u64,
    /// Bytes of the table's INSERT statements.
    pub bytes: u64,
    pub columns: usize,
    pub foreign_keys: usize,
    /// A Magento 1 core module owns the table.
    pub core: bool,
    pub has_create: bool,
    /// String values whose bytes are not UTF-8, and the columns that hold them.
    pub non_utf8_values: u64,
    pub non_utf8_columns: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForeignKeyReport {
    pub table: String,
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub path: String,
    pub kind: SourceKind,
    pub files: Vec<FileInfo>,
    pub skipped_files: Vec<String>,
    pub format: Format,
    pub magento: Detection,
    /// `core_resource` rows: setup code → version.
    pub modules: BTreeMap<String, String>,
    pub prefix: Option<String>,
    pub statements: u64,
    pub rows: u64,
    pub insert_bytes: u64,
    pub tables: Vec<TableReport>,
    pub foreign_keys: Vec<ForeignKeyReport>,
    pub triggers: Vec<String>,
    pub views: Vec<String>,
    pub routines: Vec<String>,
    pub unusual: Vec<String>,
    pub warnings: Vec<String>,
}

/// What a worker learns about one statement.
struct Info {
    stmt: usize,
    kind: StmtKind,
    table: Option<String>,
    columns: Option<Vec<String>>,
    rows: u64,
    /// Column index → count of values that are not UTF-8.
    non_utf8: Vec<(usize, u64)>,
    /// `core_resource` rows as (code, version), by column position or name.
    resources: Vec<(String, String)>,
}

fn inspect_block(block: &Block) -> Result<Vec<Info>, Fault> {
    let mut infos = Vec::with_capacity(block.stmts.len());
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
        let mut info = Info {
            stmt: si,
            kind: c.kind,
            table: c.table,
            columns: None,
            rows: 0,
            non_utf8: Vec::new(),
            resources: Vec::new(),
        };
        if c.kind == StmtKind::Insert {
            let fault = |at: usize, t: Option<&str>, m: String| {
                Fault::new(
                    span.start + at,
                    t.map(str::to_string),
                    m,
                    "the INSERT is malformed or cut short; check that the dump is complete",
                )
            };
            let h =
                parse_header(s).map_err(|e| fault(e.at, info.table.as_deref(), e.to_string()))?;
            let is_resource = h.table.ends_with("core_resource");
            let (code_i, ver_i) = match &h.columns {
                Some(cols) => (
                    cols.iter().position(|c| c == "code").unwrap_or(0),
                    cols.iter().position(|c| c == "version").unwrap_or(1),
                ),
                None => (0, 1),
            };
            let mut rows = Rows::new(s, h.values_at);
            let mut bad: Vec<u64> = Vec::new();
            while rows
                .next_into(&mut row)
                .map_err(|e| fault(e.at, Some(&h.table), e.to_string()))?
                .is_some()
            {
                info.rows += 1;
                for (i, v) in row.iter().enumerate() {
                    if matches!(v.kind, Kind::Quoted | Kind::DoubleQuoted)
                        && !v.raw.is_ascii()
                        && std::str::from_utf8(&v.raw[1..v.raw.len() - 1]).is_err()
                    {
                        if bad.len() <= i {
                            bad.resize(i + 1, 0);
                        }
                        bad[i] += 1;
                    }
                }
                if is_resource
                    && let (Some(code), Some(ver)) = (
                        row.get(code_i).and_then(|v| v.as_str()),
                        row.get(ver_i).and_then(|v| v.as_str()),
                    )
                {
                    info.resources.push((code.into_owned(), ver.into_owned()));
                }
            }
            info.non_utf8 = bad
                .into_iter()
                .enumerate()
                .filter(|(_, n)| *n > 0)
                .collect();
            info.table = Some(h.table);
            info.columns = h.columns;
        }
        infos.push(info);
    }
    Ok(infos)
}

/// The object name after a keyword (`TRIGGER name`, `VIEW name`, `PROCEDURE name`).
fn name_after(sql: &[u8], keywords: &[&str]) -> String {
    let upper = sql.to_ascii_uppercase();
    for kw in keywords {
        let mut from = 0;
        while let Some(k) = memchr::memmem::find(&upper[from..], kw.as_bytes()) {
            let at = from + k;
            let end = at + kw.len();
            let word_start =
                at == 0 || !(upper[at - 1].is_ascii_alphanumeric() || upper[at - 1] == b'_');
            let word_end = upper
                .get(end)
                .is_some_and(|c| !(c.is_ascii_alphanumeric() || *c == b'_'));
            if word_start && word_end {
                let i = skip_ws(sql, end);
                let mut i = i;
                for skip in ["IF EXISTS", "IF NOT EXISTS"] {
                    if upper[i..].starts_with(skip.as_bytes()) {
                        i = skip_ws(sql, i + skip.len());
                    }
                }
                if let Some((mut name, mut j)) = ident(sql, i) {
                    while sql.get(j) == Some(&b'.') {
                        match ident(sql, j + 1) {
                            Some((n, k)) => {
                                name = n;
                                j = k;
                            }
                            None => break,
                        }
                    }
                    return name;
                }
            }
            from = end;
        }
    }
    "?".to_string()
}

/// Reads the dump tool from the first bytes of a file.
fn detect_format(head: &[u8], kind: SourceKind, has_metadata: bool) -> Format {
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let line_endings = match memchr::memchr(b'\n', head) {
        Some(i) if i > 0 && head[i - 1] == b'\r' => "CRLF",
        _ => "LF",
    };
    let after = |marker: &str| -> Option<String> {
        let i = text.find(marker)? + marker.len();
        let rest = text[i..].lines().next()?.trim();
        (!rest.is_empty()).then(|| rest.to_string())
    };
    let mut f = Format {
        line_endings: line_endings.to_string(),
        ..Default::default()
    };
    if text.contains("-- MySQL dump") || text.contains("-- MariaDB dump") {
        f.tool = if text.contains("-- MariaDB dump") {
            "mariadb-dump".into()
        } else {
            "mysqldump".into()
        };
        f.tool_version =
            after("Distrib ").map(|s| s.split([',', ' ']).next().unwrap_or("").to_string());
        f.server_version = after("-- Server version");
        f.complete = Some(false); // set when the end marker is seen
    } else if text.contains("-- phpMyAdmin SQL Dump") {
        f.tool = "phpMyAdmin".into();
        f.tool_version = after("-- version ");
        f.server_version = after("-- Server version: ");
    } else if text.contains("-- Magento DB backup") {
        f.tool = "Magento DB backup".into();
        f.server_version = after("-- Server version: ");
    } else if text.contains("SQLyog") || text.contains("/*Table structure for table") {
        f.tool = "SQLyog".into();
        f.tool_version = after("SQLyog ");
    } else if text.contains("Navicat") {
        f.tool = "Navicat".into();
    } else if text.contains("-- Adminer") {
        f.tool = "Adminer".into();
        f.tool_version = after("-- Adminer ");
    } else if text.contains("MySQL Workbench") {
        f.tool = "MySQL Workbench".into();
    } else if kind == SourceKind::Directory && has_metadata {
        f.tool = "mydumper".into();
    } else {
        f.tool = "unknown".into();
    }
    f
}

struct Collector {
    catalog: Catalog,
    tables: BTreeMap<String, TableReport>,
    /// Per table: column index → non-UTF-8 count, for INSERTs without a column list.
    bad_by_index: BTreeMap<String, BTreeMap<usize, u64>>,
    modules: BTreeMap<String, String>,
    statements: u64,
    triggers: Vec<String>,
    views: Vec<String>,
    routines: Vec<String>,
    warnings: Vec<String>,
    unterminated: bool,
    head: Option<Vec<u8>>,
    tail: Vec<u8>,
    uncompressed: Vec<u64>,
}

impl Collector {
    fn take(&mut self, mut done: Done<'_, Vec<Info>>) -> Result<()> {
        let block = done.block;
        let fi = block.file as usize;
        self.uncompressed[fi] = block.offset + block.data.len() as u64;
        if self.head.is_none() {
            self.head = Some(block.data[..block.data.len().min(4096)].to_vec());
        }
        let t = &block.data[block.data.len().saturating_sub(256)..];
        if !t.is_empty() {
            self.tail = t.to_vec();
        }
        self.statements += block.stmts.len() as u64;
        for info in std::mem::take(&mut done.result) {
            let span = block.stmts[info.stmt];
            let sql = &block.data[span.start..span.end];
            if !span.terminated {
                self.unterminated = true;
            }
            match info.kind {
                StmtKind::Insert => {
                    let name = info.table.clone().unwrap_or_default();
                    let t = self
                        .tables
                        .entry(name.clone())
                        .or_insert_with(|| TableReport {
                            name: name.clone(),
                            ..Default::default()
                        });
                    t.rows += info.rows;
                    t.bytes += sql.len() as u64;
                    for (i, n) in &info.non_utf8 {
                        t.non_utf8_values += n;
                        let col = match &info.columns {
                            Some(c) => c.get(*i).cloned(),
                            None => None,
                        };
                        match col {
                            Some(c) => {
                                if !t.non_utf8_columns.contains(&c) {
                                    t.non_utf8_columns.push(c);
                                }
                            }
                            None => {
                                *self
                                    .bad_by_index
                                    .entry(name.clone())
                                    .or_default()
                                    .entry(*i)
                                    .or_default() += n
                            }
                        }
                    }
                    for (code, ver) in info.resources {
                        self.modules.insert(code, ver);
                    }
                }
                StmtKind::CreateTable => match ddl::parse_create_table(sql) {
                    Ok((table, warning)) => {
                        if let Some(w) = warning {
                            self.warnings.push(format!("table `{}`: {w}", table.name));
                        }
                        let t =
                            self.tables
                                .entry(table.name.clone())
                                .or_insert_with(|| TableReport {
                                    name: table.name.clone(),
                                    ..Default::default()
                                });
                        t.has_create = true;
                        self.catalog.insert(table);
                    }
                    Err(e) => {
                        let at = done.locate(Fault::new(span.start, info.table.clone(), "", ""));
                        self.warnings.push(format!(
                            "{}:{}: cannot read a CREATE TABLE: {e}",
                            at.file, at.line
                        ));
                    }
                },
                StmtKind::AlterTable => {
                    if let Some((t, fks)) = ddl::parse_alter_foreign_keys(sql)
                        && !self.catalog.add_foreign_keys(&t, fks)
                    {
                        self.warnings.push(format!(
                            "ALTER TABLE adds foreign keys to `{t}`, which the dump never creates"
                        ));
                    }
                }
                StmtKind::Trigger => self.triggers.push(name_after(sql, &["TRIGGER"])),
                StmtKind::View if creates(sql) => self.views.push(name_after(sql, &["VIEW"])),
                StmtKind::Routine if creates(sql) => {
                    let n = name_after(sql, &["PROCEDURE", "FUNCTION", "EVENT"]);
                    if !self.routines.contains(&n) {
                        self.routines.push(n);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// True for `CREATE …` (not `DROP …`) of a view or routine.
fn creates(sql: &[u8]) -> bool {
    let up = String::from_utf8_lossy(&sql[..sql.len().min(200)]).to_ascii_uppercase();
    let create = up.find("CREATE");
    let drop = up.find("DROP");
    match (create, drop) {
        (Some(c), Some(d)) => c < d,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Inspects a dump.
pub fn inspect(source: &Source, opts: &Options) -> Result<Report> {
    let mut c = Collector {
        catalog: Catalog::default(),
        tables: BTreeMap::new(),
        bad_by_index: BTreeMap::new(),
        modules: BTreeMap::new(),
        statements: 0,
        triggers: Vec::new(),
        views: Vec::new(),
        routines: Vec::new(),
        warnings: Vec::new(),
        unterminated: false,
        head: None,
        tail: Vec::new(),
        uncompressed: vec![0; source.files.len()],
    };
    super::run(
        source,
        opts,
        |block: &Block, _out: &mut Vec<u8>| inspect_block(block),
        |done| c.take(done),
    )?;

    let has_metadata = source
        .skipped
        .iter()
        .any(|p| p.file_name().is_some_and(|n| n == "metadata"));
    let mut format = detect_format(c.head.as_deref().unwrap_or(&[]), source.kind, has_metadata);
    if format.complete.is_some() {
        format.complete = Some(memchr::memmem::find(&c.tail, b"-- Dump completed").is_some());
    }

    // Tables: merge what the DDL says.
    for (name, t) in c.tables.iter_mut() {
        if let Some(def) = c.catalog.get(name) {
            t.engine = def.engine.clone();
            t.columns = def.columns.len();
            t.foreign_keys = def.foreign_keys.len();
            if let Some(bad) = c.bad_by_index.get(name) {
                for i in bad.keys() {
                    if let Some(col) = def.columns.get(*i)
                        && !t.non_utf8_columns.contains(&col.name)
                    {
                        t.non_utf8_columns.push(col.name.clone());
                    }
                }
            }
        }
    }
    let prefix = ddl::detect_prefix(c.tables.keys().map(String::as_str));
    let strip = |n: &str| -> String {
        match &prefix {
            Some(p) => n.strip_prefix(p.as_str()).unwrap_or(n).to_string(),
            None => n.to_string(),
        }
    };
    for t in c.tables.values_mut() {
        t.core = is_core_table(&strip(&t.name));
    }
    let modules: BTreeMap<String, String> = c.modules.clone();
    let magento = detect(&modules);

    let mut foreign_keys = Vec::new();
    for t in c.catalog.tables.values() {
        for fk in &t.foreign_keys {
            foreign_keys.push(ForeignKeyReport {
                table: t.name.clone(),
                name: fk.name.clone(),
                columns: fk.columns.clone(),
                ref_table: fk.ref_table.clone(),
                ref_columns: fk.ref_columns.clone(),
                on_delete: fk.on_delete.clone(),
                on_update: fk.on_update.clone(),
            });
        }
    }

    // What is unusual.
    let mut unusual = Vec::new();
    let bad: Vec<&TableReport> = c
        .tables
        .values()
        .filter(|t| t.non_utf8_values > 0)
        .collect();
    for t in &bad {
        let binary = c.catalog.get(&t.name).is_some_and(|def| {
            t.non_utf8_columns
                .iter()
                .all(|col| def.column(col).is_some_and(|c| c.is_binary()))
        });
        unusual.push(format!(
            "table `{}`: {} values that are not UTF-8 in {}{}",
            t.name,
            t.non_utf8_values,
            if t.non_utf8_columns.is_empty() {
                "unknown columns".to_string()
            } else {
                t.non_utf8_columns.join(", ")
            },
            if binary {
                " (binary columns: kept byte for byte)"
            } else {
                " (text columns: kept byte for byte, but Magento 2 may not display them)"
            }
        ));
    }
    let myisam: Vec<&str> = c
        .tables
        .values()
        .filter(|t| {
            t.engine
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case("MyISAM"))
        })
        .map(|t| t.name.as_str())
        .collect();
    if !myisam.is_empty() {
        unusual.push(format!(
            "{} MyISAM tables: {}",
            myisam.len(),
            myisam.join(", ")
        ));
    }
    if !c.triggers.is_empty() {
        unusual.push(format!(
            "{} triggers: {}",
            c.triggers.len(),
            c.triggers.join(", ")
        ));
    }
    if !c.views.is_empty() {
        unusual.push(format!("{} views: {}", c.views.len(), c.views.join(", ")));
    }
    if !c.routines.is_empty() {
        unusual.push(format!(
            "{} stored routines: {}",
            c.routines.len(),
            c.routines.join(", ")
        ));
    }
    let foreign: Vec<&str> = c
        .tables
        .values()
        .filter(|t| !t.core)
        .map(|t| t.name.as_str())
        .collect();
    if !foreign.is_empty() {
        unusual.push(format!(
            "{} tables no Magento 1 core module owns (extensions or custom): {}",
            foreign.len(),
            foreign.join(", ")
        ));
    }
    let no_create: Vec<&str> = c
        .tables
        .values()
        .filter(|t| !t.has_create)
        .map(|t| t.name.as_str())
        .collect();
    if !no_create.is_empty() {
        unusual.push(format!(
            "rows for tables the dump never creates: {}",
            no_create.join(", ")
        ));
    }
    if format.complete == Some(false) {
        unusual.push(format!(
            "no '-- Dump completed' line at the end: the {} output looks cut short",
            format.tool
        ));
    }
    if c.unterminated {
        unusual.push("the last statement has no `;`: the dump may be cut short".into());
    }
    if magento.certainty == "unknown" {
        unusual.push("no core_resource rows: the Magento 1 version cannot be told".into());
    }
    if let Some(r) = magento
        .remark
        .as_ref()
        .filter(|_| magento.certainty != "unknown")
    {
        unusual.push(r.clone());
    }

    let files = source
        .files
        .iter()
        .zip(&c.uncompressed)
        .map(|(f, u)| FileInfo {
            path: f.display(),
            compression: f.compression,
            size: f.size,
            uncompressed: *u,
        })
        .collect();
    let rows = c.tables.values().map(|t| t.rows).sum();
    let insert_bytes = c.tables.values().map(|t| t.bytes).sum();
    Ok(Report {
        path: source.path.display().to_string(),
        kind: source.kind,
        files,
        skipped_files: source
            .skipped
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        format,
        magento,
        modules,
        prefix,
        statements: c.statements,
        rows,
        insert_bytes,
        tables: c.tables.into_values().collect(),
        foreign_keys,
        triggers: c.triggers,
        views: c.views,
        routines: c.routines,
        unusual,
        warnings: c.warnings,
    })
}

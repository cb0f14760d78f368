//! The embedded Magento CE 1.9 base (`m1-base-1.9.sql.gz`, written by
//! `examples/gen_m1_base.rs`): every core table's `CREATE TABLE` and the install-time rows,
//! read once per process with the crate's own splitter, lexer and DDL reader, plus lookups
//! of the ids the generated data refers to (attributes by code, sets, groups, regions, …).

use m1tom2::dump::ddl::parse_create_table;
use m1tom2::dump::lex::{Rows, parse_header};
use m1tom2::dump::split::Blocks;
use m1tom2::dump::stmt::{StmtKind, classify};
use m1tom2::schema::Table;
use std::collections::HashMap;
use std::io::Read;

/// The base, gzip-compressed.
pub const BASE_GZ: &[u8] = include_bytes!("m1-base-1.9.sql.gz");

/// One table of the base.
pub struct BaseTable {
    pub name: String,
    /// The `CREATE TABLE` statement, without `;`.
    pub ddl: Vec<u8>,
    pub table: Table,
    /// The install-time rows, each a tuple `(…)` in the column order of the table.
    pub rows: Vec<Vec<u8>>,
    /// The same rows as raw literals per column.
    pub values: Vec<Vec<Vec<u8>>>,
}

impl BaseTable {
    pub fn col(&self, name: &str) -> usize {
        self.table
            .column_index(name)
            .unwrap_or_else(|| panic!("base table {} has no column {name}", self.name))
    }

    /// The largest value of a numeric column over the install rows (0 without rows).
    pub fn max(&self, column: &str) -> u64 {
        let c = self.col(column);
        self.values.iter().map(|r| num(&r[c])).max().unwrap_or(0)
    }
}

/// An attribute of the base.
#[derive(Clone, Debug)]
pub struct Attr {
    pub id: u64,
    pub backend: String,
}

pub struct Base {
    /// In alphabetical order, as mysqldump writes them.
    pub tables: Vec<BaseTable>,
    index: HashMap<String, usize>,
    /// (entity_type_id, attribute_code) → attribute.
    attrs: HashMap<(u64, String), Attr>,
    /// country → [(region_id, default_name)].
    /// country → [(region_id, default_name)], in the order of the base (a handful of
    /// countries: a linear search is the fastest lookup).
    pub regions: Vec<(String, Vec<(u64, String)>)>,
}

/// A numeric literal's value (0 for anything else).
pub fn num(raw: &[u8]) -> u64 {
    let s = raw.strip_prefix(b"'").unwrap_or(raw);
    let mut v = 0u64;
    for &b in s {
        if !b.is_ascii_digit() {
            break;
        }
        v = v * 10 + u64::from(b - b'0');
    }
    v
}

/// A quoted literal's text, unescaped (the base has only simple escapes).
pub fn text(raw: &[u8]) -> Option<String> {
    if raw.eq_ignore_ascii_case(b"NULL") {
        return None;
    }
    let inner = raw
        .strip_prefix(b"'")
        .and_then(|r| r.strip_suffix(b"'"))
        .unwrap_or(raw);
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        if inner[i] == b'\\' && i + 1 < inner.len() {
            out.push(match inner[i + 1] {
                b'n' => b'\n',
                b'r' => b'\r',
                b'0' => 0,
                b'Z' => 0x1a,
                c => c,
            });
            i += 2;
        } else {
            out.push(inner[i]);
            i += 1;
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// The base, read on first use.
pub fn get() -> &'static Base {
    static B: std::sync::OnceLock<Base> = std::sync::OnceLock::new();
    B.get_or_init(|| load(BASE_GZ))
}

fn load(gz: &[u8]) -> Base {
    let mut sql = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut sql)
        .expect("the embedded base inflates");
    let mut blocks = Blocks::new(&sql[..], 0, 1 << 20);
    let mut tables: Vec<BaseTable> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    while let Some(block) = blocks.next_block(Vec::new()).expect("the base splits") {
        for span in &block.stmts {
            let s = &block.data[span.start..span.end];
            let Ok(c) = classify(s) else { continue };
            match c.kind {
                StmtKind::CreateTable => {
                    let (table, _) = parse_create_table(s).expect("the base's DDL parses");
                    index.insert(table.name.clone(), tables.len());
                    tables.push(BaseTable {
                        name: table.name.clone(),
                        ddl: s.to_vec(),
                        table,
                        rows: Vec::new(),
                        values: Vec::new(),
                    });
                }
                StmtKind::Insert => {
                    let h = parse_header(s).expect("the base's INSERTs lex");
                    let t = &mut tables[index[&h.table]];
                    if let Some(cols) = &h.columns {
                        let names = t.table.column_names();
                        assert!(
                            cols.iter().map(String::as_str).eq(names.iter().copied()),
                            "base rows of {} in another column order",
                            h.table
                        );
                    }
                    let mut rows = Rows::new(s, h.values_at);
                    let mut row = Vec::new();
                    while let Some(range) = rows.next_into(&mut row).expect("the base's rows lex") {
                        t.rows.push(s[range].to_vec());
                        t.values.push(row.iter().map(|v| v.raw.to_vec()).collect());
                    }
                }
                _ => {}
            }
        }
    }
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let index: HashMap<String, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut base = Base {
        tables,
        index,
        attrs: HashMap::new(),
        regions: Vec::new(),
    };
    let a = base.table("eav_attribute");
    let (id, ty, code, backend) = (
        a.col("attribute_id"),
        a.col("entity_type_id"),
        a.col("attribute_code"),
        a.col("backend_type"),
    );
    let attrs = a
        .values
        .iter()
        .map(|r| {
            (
                (num(&r[ty]), text(&r[code]).unwrap_or_default()),
                Attr {
                    id: num(&r[id]),
                    backend: text(&r[backend]).unwrap_or_default(),
                },
            )
        })
        .collect();
    let r = base.table("directory_country_region");
    let (rid, country, name) = (
        r.col("region_id"),
        r.col("country_id"),
        r.col("default_name"),
    );
    let mut regions: Vec<(String, Vec<(u64, String)>)> = Vec::new();
    for v in &r.values {
        let c = text(&v[country]).unwrap_or_default();
        let entry = (num(&v[rid]), text(&v[name]).unwrap_or_default());
        match regions.iter_mut().find(|(k, _)| *k == c) {
            Some((_, list)) => list.push(entry),
            None => regions.push((c, vec![entry])),
        }
    }
    base.attrs = attrs;
    base.regions = regions;
    base
}

impl Base {
    pub fn table(&self, name: &str) -> &BaseTable {
        &self.tables[*self
            .index
            .get(name)
            .unwrap_or_else(|| panic!("the base has no table {name}"))]
    }

    /// The attribute `code` of entity type `ty` (1 customer, 2 address, 3 category, 4 product).
    pub fn attr(&self, ty: u64, code: &str) -> &Attr {
        self.attrs
            .get(&(ty, code.to_string()))
            .unwrap_or_else(|| panic!("the base has no attribute {code} of entity type {ty}"))
    }

    /// The first row of `table` whose column `col` has the text `value`, as raw literals.
    pub fn find(&self, table: &str, col: &str, value: &str) -> Option<&Vec<Vec<u8>>> {
        let t = self.table(table);
        let c = t.col(col);
        t.values
            .iter()
            .find(|r| text(&r[c]).as_deref() == Some(value))
    }
}

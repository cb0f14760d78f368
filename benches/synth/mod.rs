//! A deterministic generator of consistent Magento CE 1.9 stores at any scale, written as
//! `mysqldump` 5.7 writes a dump; for the benchmarks, the fixtures and the tests.
//!
//! The store is the **base** (`m1-base-1.9.sql.gz`, made by `examples/gen_m1_base.rs` from a
//! vanilla CE 1.9.3.7 dump: the schema of every core table and the rows a fresh install
//! writes, embedded here) plus **synthetic shop data** that agrees with it: the real
//! attribute, entity type, set and group ids of the base, every foreign key satisfied, order
//! increment ids that match `eav_entity_store`, grids that match their entities.
//!
//! What the store holds (counts grow with the requested size, the base stays):
//! - 2 websites, 2 store groups, 3 store views (`default`, `french`, `wholesale`), and
//!   `core_config_data` per scope with Magento-1-encrypted secrets ([`crypt::CRYPT_KEY`]);
//! - a category tree under the default category with values in two store views; products
//!   in blocks of 20 (a configurable with six children, simples, a virtual product, a
//!   bundle, a grouped product, a product with custom options) with EAV values in several
//!   store views, media gallery, multiselect values, stock, website and category links,
//!   super attributes with fixed and percent pricing, bundle options and selections,
//!   grouped and related links, tier prices, URL rewrites (product, category,
//!   product-in-category, custom redirects);
//! - customers with EAV values (md5 and sha256 password hashes) and addresses;
//! - quotes with items, PHP-serialized options, addresses, payments and shipping rates;
//!   orders with items, addresses, payments (serialized additional information, encrypted
//!   card numbers), status history, invoices, shipments with tracks, credit memos, their
//!   items, comments and grids, payment transactions, `eav_entity_store`;
//! - sales and catalog price rules with serialized conditions, coupons, CMS pages and blocks
//!   with widget directives, widget instances, reviews and ratings, newsletter subscribers,
//!   wishlists, search terms, visitor logs and database sessions;
//! - quirks real stores have: mojibake, NUL bytes and CR LF in text, binary (non-UTF-8)
//!   addresses in `log_visitor_info`, multiselect values with stray commas, an old-style
//!   multiselect kept in a text table, one broken serialized value, the same e-mail in two
//!   websites, zero dates. Orphan rows (a child row whose parent is missing) only with
//!   [`Options::orphans`].
//!
//! Output: header comments and `/*!40101 SET … */;` lines, then per table in alphabetical
//! order `DROP TABLE IF EXISTS`, `CREATE TABLE`, `LOCK TABLES … WRITE`, `DISABLE KEYS`,
//! extended `INSERT`s cut the way mysqldump cuts them (`net_buffer_length` 1 MiB − 1025),
//! rows in primary-key order, `ENABLE KEYS`, `UNLOCK TABLES`; the footer last. Strings are
//! escaped as `mysql_real_escape_string` does.
//!
//! Every value is a function of the size and fixed seeds: the same size gives the same
//! bytes. Per-entity facts (a product's type, an order's lines) are computed from the id by
//! a hash, so memory does not grow with the store; the output is written in ~1 MiB chunks.

// Each includer (the benchmark, the examples, the tests) uses part of the API. (`unused`,
// not `dead_code`: an includer may say `#[allow(dead_code)] mod synth;` itself, and clippy
// rejects the same attribute twice.)
#![allow(unused)]
#![allow(clippy::too_many_arguments)]
// Tables of literals (attributes, options, conditions) are tuples.
#![allow(clippy::type_complexity)]

pub mod base;
pub mod catalog;
pub mod content;
pub mod crypt;
pub mod customers;
pub mod fmt;
pub mod model;
pub mod pools;
pub mod sales;

use base::Base;
use fmt::{escape_into, push_date, push_datetime, push_dec4, push_u64};
use std::io::{self, Write};

/// Bump when the output changes, so cached files are regenerated.
pub const VERSION: u32 = 2;

/// mysqldump's default `net_buffer_length` (1 MiB − 1025): an extended INSERT grows while
/// the statement stays below it.
const NET_BUFFER_LENGTH: usize = 1024 * 1024 - 1025;

/// Size of the chunks handed to the writer.
pub const CHUNK: usize = 1 << 20;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Approximate size of the dump in bytes.
    pub target: u64,
    /// Add a few orphan rows (child rows whose parent row is missing), as damaged real
    /// stores have; off by default, so every foreign key holds.
    pub orphans: bool,
}

impl Options {
    pub fn new(target: u64) -> Options {
        Options {
            target,
            orphans: false,
        }
    }
}

/// What was written, for checking what readers count.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub bytes: u64,
    /// Statements as the `mysql` client splits them (SETs, DDL, LOCK, INSERTs, …).
    pub statements: u64,
    pub inserts: u64,
    pub rows: u64,
    /// Values in all rows.
    pub fields: u64,
    /// Bytes of the values themselves (no parentheses or commas).
    pub value_bytes: u64,
    /// Per table: name, rows, bytes of its INSERT statements.
    pub tables: Vec<(String, u64, u64)>,
    /// The entity counts of the store.
    pub scale: model::Scale,
}

/// Writes a store of about `target` bytes to `out`, in chunks of about [`CHUNK`] bytes (no
/// need to buffer `out`).
pub fn generate<W: Write>(target: u64, out: W) -> io::Result<Stats> {
    generate_with(&Options::new(target), out)
}

/// Writes the store `opts` asks for.
pub fn generate_with<W: Write>(opts: &Options, mut out: W) -> io::Result<Stats> {
    let base = base::get();
    let scale = plan(base, opts)?;
    write_store(base, &scale, opts.orphans, &mut out)
}

/// The store for a given scale (no size fitting).
pub fn generate_scale<W: Write>(
    scale: &model::Scale,
    orphans: bool,
    mut out: W,
) -> io::Result<Stats> {
    write_store(base::get(), scale, orphans, &mut out)
}

// ---------------------------------------------------------------------------------------
// Fitting the store to the size
// ---------------------------------------------------------------------------------------

/// Counts bytes without keeping them.
struct Count(u64);

impl Write for Count {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0 += b.len() as u64;
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn measure(base: &'static Base, products: u64) -> io::Result<u64> {
    let mut c = Count(0);
    write_store(base, &model::Scale::for_products(products), false, &mut c)?;
    Ok(c.0)
}

/// The scale whose dump is about `opts.target` bytes. Every count grows linearly with the
/// number of products, so the size does too: two small measured runs give the line, and for
/// small targets one more run at the estimate corrects the rounding of the counts.
fn plan(base: &'static Base, opts: &Options) -> io::Result<model::Scale> {
    static LINE: std::sync::OnceLock<(u64, u64)> = std::sync::OnceLock::new();
    const P0: u64 = model::MIN_PRODUCTS;
    const P1: u64 = model::MIN_PRODUCTS + 160;
    let (b0, b1) = match LINE.get() {
        Some(l) => *l,
        None => {
            let l = (measure(base, P0)?, measure(base, P1)?);
            *LINE.get_or_init(|| l)
        }
    };
    // Aim a little low: the dump may come out slightly larger, never much.
    let want = (opts.target - opts.target / 400) as f64;
    let per = ((b1.saturating_sub(b0)) as f64 / (P1 - P0) as f64).max(1.0);
    let estimate = |from_p: u64, from_b: u64, per: f64| -> u64 {
        let p = from_p as f64 + (want - from_b as f64) / per;
        (p.max(P0 as f64)) as u64
    };
    let mut p = estimate(P0, b0, per);
    if p <= P0 {
        return Ok(model::Scale::for_products(p));
    }
    if opts.target <= 64 << 20 {
        // Small: measure at the estimate and correct, twice.
        for _ in 0..2 {
            let b = measure(base, p)?;
            p = estimate(p, b, per);
        }
        return Ok(model::Scale::for_products(p));
    }
    // Large: ids get more digits as the store grows, so the bytes per product grow with
    // the logarithm of the count. Measure at an eighth of the estimate, fit the bytes per
    // product as a + b·ln(p), and solve for the target by bisection.
    let pm = (p / 8).max(P1 * 4);
    let bm = measure(base, pm)?;
    let (x1, f1) = (((P0 + P1) / 2) as f64, per);
    let (x2, f2) = (((P0 + pm) / 2) as f64, (bm - b0) as f64 / (pm - P0) as f64);
    let slope = (f2 - f1) / (x2 / x1).ln();
    let bytes =
        |p: f64| b0 as f64 + (p - P0 as f64) * (f1 + slope * (((P0 as f64 + p) / 2.0) / x1).ln());
    let (mut lo, mut hi) = (P0 as f64, p as f64 * 2.0);
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if bytes(mid) < want {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(model::Scale::for_products(lo as u64))
}

// ---------------------------------------------------------------------------------------
// Writing the dump
// ---------------------------------------------------------------------------------------

const HEADER: &str = "-- MySQL dump 10.13  Distrib 5.7.33, for Linux (x86_64)
--
-- Host: localhost    Database: magento1
-- ------------------------------------------------------
-- Server version\t5.7.33-0ubuntu0.16.04.1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;
";
const HEADER_STATEMENTS: u64 = 10;

const FOOTER: &str = "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on 2017-04-06 10:11:12
";
const FOOTER_STATEMENTS: u64 = 8;

/// The output buffer: rows are built in place here, then written in ~1 MiB chunks.
pub struct Out<'w> {
    buf: Vec<u8>,
    inner: &'w mut dyn Write,
    flushed: u64,
}

impl Out<'_> {
    #[inline]
    fn put(&mut self, b: &[u8]) -> io::Result<()> {
        self.buf.extend_from_slice(b);
        self.maybe_flush()
    }

    #[inline]
    fn maybe_flush(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.write_all(&self.buf)?;
        self.flushed += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }
}

fn write_store(
    base: &'static Base,
    scale: &model::Scale,
    orphans: bool,
    out: &mut dyn Write,
) -> io::Result<Stats> {
    let mut g = model::Gen::new(base, scale.clone(), orphans);
    let gens = generators();
    let mut w = Out {
        buf: Vec::with_capacity(CHUNK + (1 << 20)),
        inner: out,
        flushed: 0,
    };
    let mut st = Stats {
        scale: scale.clone(),
        ..Stats::default()
    };
    w.put(HEADER.as_bytes())?;
    st.statements += HEADER_STATEMENTS;
    let mut scratch = Vec::new();
    let mut starts = Vec::new();
    for bt in &base.tables {
        let name = bt.name.as_str();
        w.put(b"\n--\n-- Table structure for table `")?;
        w.put(name.as_bytes())?;
        w.put(b"`\n--\n\nDROP TABLE IF EXISTS `")?;
        w.put(name.as_bytes())?;
        w.put(b"`;\n/*!40101 SET @saved_cs_client     = @@character_set_client */;\n/*!40101 SET character_set_client = utf8 */;\n")?;
        w.put(&bt.ddl)?;
        w.put(b";\n/*!40101 SET character_set_client = @saved_cs_client */;\n\n--\n-- Dumping data for table `")?;
        w.put(name.as_bytes())?;
        w.put(b"`\n--\n\nLOCK TABLES `")?;
        w.put(name.as_bytes())?;
        w.put(b"` WRITE;\n/*!40000 ALTER TABLE `")?;
        w.put(name.as_bytes())?;
        w.put(b"` DISABLE KEYS */;\n")?;
        st.statements += 7;

        let tg = gens.iter().find(|x| x.table == name);
        let layout = match tg {
            Some(x) => Layout::new(bt, x.cols),
            None => Layout::identity(bt),
        };
        if !layout.monotone && std::env::var_os("SYNTH_PROFILE").is_some() {
            eprintln!("{name}: columns written out of the table's order");
        }
        let mut t = T::new(&mut w, &layout, name, &mut st, &mut scratch, &mut starts);
        if !tg.is_some_and(|x| x.replace_base) {
            for tuple in &bt.rows {
                t.raw(tuple)?;
            }
        }
        let started = std::time::Instant::now();
        if let Some(x) = tg {
            g.begin_table(name);
            (x.run)(&mut g, &mut t)?;
        }
        let (rows, bytes) = t.finish()?;
        if std::env::var_os("SYNTH_PROFILE").is_some() && started.elapsed().as_millis() > 5 {
            let secs = started.elapsed().as_secs_f64();
            eprintln!(
                "{name:40} {:>8.1} ms {:>8.1} MB/s",
                secs * 1e3,
                bytes as f64 / 1e6 / secs
            );
        }
        st.rows += rows;
        st.tables.push((name.to_string(), rows, bytes));
        w.put(b"/*!40000 ALTER TABLE `")?;
        w.put(name.as_bytes())?;
        w.put(b"` ENABLE KEYS */;\nUNLOCK TABLES;\n")?;
        st.statements += 2;
    }
    w.put(FOOTER.as_bytes())?;
    st.statements += FOOTER_STATEMENTS;
    w.flush()?;
    w.inner.flush()?;
    st.bytes = w.flushed;
    Ok(st)
}

/// A table whose rows (after the base's, unless `replace_base`) are generated.
pub struct TableGen {
    pub table: &'static str,
    /// The columns `run` writes, in the order it writes them; the others get their default.
    pub cols: &'static [&'static str],
    /// The generator writes the base's rows of this table itself (changed).
    pub replace_base: bool,
    pub run: fn(&mut model::Gen, &mut T) -> io::Result<()>,
}

fn generators() -> Vec<TableGen> {
    let mut v = Vec::new();
    catalog::register(&mut v);
    customers::register(&mut v);
    sales::register(&mut v);
    content::register(&mut v);
    v
}

// ---------------------------------------------------------------------------------------
// Rows and column layouts
// ---------------------------------------------------------------------------------------

/// How the values a generator writes map onto a table's columns.
pub struct Layout {
    columns: usize,
    /// For each column of the table: the generator's value index, or `None` (default).
    map: Vec<Option<usize>>,
    /// The default literal of each column.
    defaults: Vec<Vec<u8>>,
    /// The generator writes exactly the table's columns in the table's order.
    identity: bool,
    /// The generator's columns are in the table's order (others may be left out): the
    /// defaults are written in between as the row is built, with no copying.
    monotone: bool,
    /// For a monotone layout: before value `k`, the defaults of the columns skipped (each
    /// followed by `,`); at `slots`, the defaults after the last value (each after `,`).
    gaps: Vec<Vec<u8>>,
    /// The default literal of each of the generator's columns.
    slot_defaults: Vec<Vec<u8>>,
    slots: usize,
}

fn is_numeric(data_type: &str) -> bool {
    matches!(
        data_type,
        "tinyint"
            | "smallint"
            | "mediumint"
            | "int"
            | "integer"
            | "bigint"
            | "decimal"
            | "numeric"
            | "float"
            | "double"
            | "real"
            | "year"
    )
}

fn default_literal(c: &m1tom2::schema::Column) -> Vec<u8> {
    let quoted = |s: &str| {
        let mut v = vec![b'\''];
        escape_into(&mut v, s.as_bytes());
        v.push(b'\'');
        v
    };
    match &c.default {
        Some(_) if c.default_is_null => b"NULL".to_vec(),
        Some(d) if d.to_ascii_uppercase().starts_with("CURRENT_TIMESTAMP") => {
            b"'2017-04-06 10:11:12'".to_vec()
        }
        Some(d) if is_numeric(&c.data_type) => d.clone().into_bytes(),
        Some(d) => quoted(d),
        None if c.nullable => b"NULL".to_vec(),
        None if is_numeric(&c.data_type) => b"0".to_vec(),
        None if c.data_type == "date" => quoted("0000-00-00"),
        None if matches!(c.data_type.as_str(), "datetime" | "timestamp") => {
            quoted("0000-00-00 00:00:00")
        }
        None => b"''".to_vec(),
    }
}

impl Layout {
    fn identity(bt: &base::BaseTable) -> Layout {
        let n = bt.table.columns.len();
        Layout {
            columns: n,
            map: (0..n).map(Some).collect(),
            defaults: Vec::new(),
            identity: true,
            monotone: true,
            gaps: vec![Vec::new(); n + 1],
            slot_defaults: bt.table.columns.iter().map(default_literal).collect(),
            slots: n,
        }
    }

    fn new(bt: &base::BaseTable, cols: &[&str]) -> Layout {
        let n = bt.table.columns.len();
        let mut map = vec![None; n];
        for (k, c) in cols.iter().enumerate() {
            let j = bt
                .table
                .column_index(c)
                .unwrap_or_else(|| panic!("generator bug: table {} has no column {c}", bt.name));
            assert!(
                map[j].is_none(),
                "generator bug: {}.{c} written twice",
                bt.name
            );
            map[j] = Some(k);
        }
        let identity = cols.len() == n && map.iter().enumerate().all(|(j, m)| *m == Some(j));
        let defaults: Vec<Vec<u8>> = bt.table.columns.iter().map(default_literal).collect();
        let order: Vec<usize> = map.iter().flatten().copied().collect();
        let monotone = order.windows(2).all(|w| w[0] < w[1]);
        let mut gaps = vec![Vec::new(); cols.len() + 1];
        if monotone {
            let mut k = 0;
            for (j, m) in map.iter().enumerate() {
                match m {
                    Some(_) => k += 1,
                    None if k < cols.len() => {
                        gaps[k].extend_from_slice(&defaults[j]);
                        gaps[k].push(b',');
                    }
                    None => {
                        gaps[k].push(b',');
                        gaps[k].extend_from_slice(&defaults[j]);
                    }
                }
            }
        }
        let slot_defaults = cols
            .iter()
            .map(|c| defaults[bt.table.column_index(c).expect("checked above")].clone())
            .collect();
        Layout {
            columns: n,
            map,
            defaults,
            identity,
            monotone,
            gaps,
            slot_defaults,
            slots: cols.len(),
        }
    }
}

/// One tuple being written: each method appends one value (and the comma before it).
pub struct Row<'a> {
    b: &'a mut Vec<u8>,
    starts: &'a mut Vec<usize>,
    /// The defaults to write before each value (monotone layouts), or `None` (the values'
    /// starts are kept for the permutation instead).
    gaps: Option<&'a [Vec<u8>]>,
    defaults: &'a [Vec<u8>],
    n: usize,
}

impl Row<'_> {
    #[inline]
    fn sep(&mut self) {
        if self.n != 0 {
            self.b.push(b',');
        }
        match self.gaps {
            Some(g) => {
                if let Some(gap) = g.get(self.n) {
                    self.b.extend_from_slice(gap);
                }
            }
            None => self.starts.push(self.b.len()),
        }
        self.n += 1;
    }

    /// The column's default (as the table defines it).
    pub fn default(&mut self) {
        let d = self.defaults;
        let k = self.n;
        self.sep();
        self.b.extend_from_slice(&d[k]);
    }

    #[inline]
    pub fn u(&mut self, v: u64) {
        self.sep();
        push_u64(self.b, v);
    }

    #[inline]
    pub fn i(&mut self, v: i64) {
        self.sep();
        if v < 0 {
            self.b.push(b'-');
        }
        push_u64(self.b, v.unsigned_abs());
    }

    #[inline]
    pub fn null(&mut self) {
        self.sep();
        self.b.extend_from_slice(b"NULL");
    }

    #[inline]
    pub fn opt_u(&mut self, v: Option<u64>) {
        match v {
            Some(v) => self.u(v),
            None => self.null(),
        }
    }

    /// A `decimal(…,4)` given in ten-thousandths.
    #[inline]
    pub fn dec(&mut self, v: u64) {
        self.sep();
        push_dec4(self.b, v);
    }

    /// A negative `decimal(…,4)` given in ten-thousandths.
    #[inline]
    pub fn neg_dec(&mut self, v: u64) {
        self.sep();
        if v > 0 {
            self.b.push(b'-');
        }
        push_dec4(self.b, v);
    }

    /// An amount in cents as `decimal(12,4)`.
    #[inline]
    pub fn money(&mut self, cents: u64) {
        self.sep();
        if cents == 0 {
            self.b.extend_from_slice(b"0.0000");
        } else {
            push_u64(self.b, cents / 100);
            self.b.push(b'.');
            fmt::push2(self.b, cents % 100);
            self.b.extend_from_slice(b"00");
        }
    }

    #[inline]
    pub fn opt_money(&mut self, cents: Option<u64>) {
        match cents {
            Some(c) => self.money(c),
            None => self.null(),
        }
    }

    /// A string already escaped.
    #[inline]
    pub fn s(&mut self, escaped: &[u8]) {
        self.sep();
        self.b.push(b'\'');
        self.b.extend_from_slice(escaped);
        self.b.push(b'\'');
    }

    #[inline]
    pub fn opt_s(&mut self, escaped: Option<&[u8]>) {
        match escaped {
            Some(s) => self.s(s),
            None => self.null(),
        }
    }

    /// Raw bytes, escaped here.
    #[inline]
    pub fn esc(&mut self, raw: &[u8]) {
        self.sep();
        self.b.push(b'\'');
        escape_into(self.b, raw);
        self.b.push(b'\'');
    }

    /// A literal written as it is (`NULL`, a number, or a quoted string).
    #[inline]
    pub fn lit(&mut self, literal: &[u8]) {
        self.sep();
        self.b.extend_from_slice(literal);
    }

    /// A string built by `f` into the row (which must append escaped bytes).
    #[inline]
    pub fn with(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        self.sep();
        self.b.push(b'\'');
        f(self.b);
        self.b.push(b'\'');
    }

    /// A number as a string (`value` columns of type text hold numbers in quotes).
    #[inline]
    pub fn su(&mut self, v: u64) {
        self.sep();
        self.b.push(b'\'');
        push_u64(self.b, v);
        self.b.push(b'\'');
    }

    #[inline]
    pub fn dt(&mut self, t: u64) {
        self.sep();
        self.b.push(b'\'');
        push_datetime(self.b, t);
        self.b.push(b'\'');
    }

    #[inline]
    pub fn opt_dt(&mut self, t: Option<u64>) {
        match t {
            Some(t) => self.dt(t),
            None => self.null(),
        }
    }

    #[inline]
    pub fn date(&mut self, t: u64) {
        self.sep();
        self.b.push(b'\'');
        push_date(self.b, t);
        self.b.push(b'\'');
    }
}

/// Writes one table's rows as mysqldump does: extended INSERTs below `net_buffer_length`.
pub struct T<'a, 'w> {
    w: &'a mut Out<'w>,
    lay: &'a Layout,
    name: &'a str,
    st: &'a mut Stats,
    tmp: &'a mut Vec<u8>,
    starts: &'a mut Vec<usize>,
    insert_pat: Vec<u8>,
    next_insert: Vec<u8>,
    total_length: usize,
    open: bool,
    rows: u64,
    bytes: u64,
}

impl<'a, 'w> T<'a, 'w> {
    fn new(
        w: &'a mut Out<'w>,
        lay: &'a Layout,
        name: &'a str,
        st: &'a mut Stats,
        tmp: &'a mut Vec<u8>,
        starts: &'a mut Vec<usize>,
    ) -> Self {
        let insert_pat = format!("INSERT INTO `{name}` VALUES ").into_bytes();
        let mut next_insert = b";\n".to_vec();
        next_insert.extend_from_slice(&insert_pat);
        T {
            w,
            lay,
            name,
            st,
            tmp,
            starts,
            insert_pat,
            next_insert,
            total_length: 0,
            open: false,
            rows: 0,
            bytes: 0,
        }
    }

    /// Rows written so far in this table.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Writes one row: `f` appends the values of the generator's columns in order.
    #[inline]
    pub fn row(&mut self, f: impl FnOnce(&mut Row)) -> io::Result<()> {
        let start = self.w.buf.len();
        self.w.buf.extend_from_slice(b",(");
        self.starts.clear();
        let lay = self.lay;
        let mut r = Row {
            b: &mut self.w.buf,
            starts: self.starts,
            gaps: lay.monotone.then_some(&lay.gaps[..]),
            defaults: &lay.slot_defaults,
            n: 0,
        };
        f(&mut r);
        let n = r.n;
        if n != lay.slots {
            return Err(io::Error::other(format!(
                "generator bug: {} row has {n} values for {} columns",
                self.name, lay.slots
            )));
        }
        if lay.monotone {
            self.w.buf.extend_from_slice(&lay.gaps[lay.slots]);
        } else {
            self.permute(start + 2);
        }
        self.w.buf.push(b')');
        self.end_row(start, self.lay.columns)
    }

    /// Puts the values after `at` in the table's column order, defaults for the rest.
    fn permute(&mut self, at: usize) {
        let buf = &mut self.w.buf;
        let end = buf.len();
        self.tmp.clear();
        for (j, m) in self.lay.map.iter().enumerate() {
            if j > 0 {
                self.tmp.push(b',');
            }
            match m {
                Some(k) => {
                    let s = self.starts[*k];
                    let e = self.starts.get(k + 1).map_or(end, |n| n - 1);
                    self.tmp.extend_from_slice(&buf[s..e]);
                }
                None => self.tmp.extend_from_slice(&self.lay.defaults[j]),
            }
        }
        buf.truncate(at);
        buf.extend_from_slice(self.tmp);
    }

    /// A tuple of the base, as it is (with its parentheses).
    fn raw(&mut self, tuple: &[u8]) -> io::Result<()> {
        let start = self.w.buf.len();
        self.w.buf.push(b',');
        self.w.buf.extend_from_slice(tuple);
        self.end_row(start, self.lay.columns)
    }

    /// The row after `start` (a `,` and the tuple) is complete: counts it and places it in
    /// the current INSERT or a new one.
    #[inline]
    fn end_row(&mut self, start: usize, columns: usize) -> io::Result<()> {
        let row_len = self.w.buf.len() - start - 1;
        self.st.fields += columns as u64;
        self.st.value_bytes += (row_len - 2 - (columns - 1)) as u64;
        // mysqldump's rule: append while the statement stays below net_buffer_length.
        let row_length = 2 + row_len;
        if self.open && self.total_length + row_length < NET_BUFFER_LENGTH {
            self.total_length += row_length;
            self.bytes += 1 + row_len as u64;
        } else {
            let prefix = if self.open {
                &self.next_insert
            } else {
                &self.insert_pat
            };
            self.w.buf.splice(start..start + 1, prefix.iter().copied());
            self.bytes += (self.insert_pat.len() + 2 + row_len) as u64;
            self.total_length = row_length + self.insert_pat.len() + 2;
            self.open = true;
            self.st.inserts += 1;
            self.st.statements += 1;
        }
        self.rows += 1;
        self.w.maybe_flush()
    }

    fn finish(self) -> io::Result<(u64, u64)> {
        if self.open {
            self.w.put(b";\n")?;
        }
        Ok((self.rows, self.bytes))
    }
}

/// Parses a size such as `64M`, `1G`, `1.5G`, `10G`, `500000` (binary units).
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last()? {
        (i, 'k' | 'K') => (&s[..i], 1u64 << 10),
        (i, 'm' | 'M') => (&s[..i], 1 << 20),
        (i, 'g' | 'G') => (&s[..i], 1 << 30),
        (i, 't' | 'T') => (&s[..i], 1 << 40),
        _ => (s, 1),
    };
    let v: f64 = num.trim().parse().ok()?;
    (v > 0.0).then_some((v * mult as f64) as u64)
}

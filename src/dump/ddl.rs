//! `CREATE TABLE` and `ALTER TABLE … ADD CONSTRAINT` → [`crate::schema::Table`].
//!
//! Table definitions are few and small (a few hundred per dump), so correctness matters more
//! than speed here: a `CREATE TABLE` goes to sqlparser (MySQL dialect) first, which knows the
//! whole grammar. Dumps are written by many tools over two decades, though, and some of them
//! use syntax sqlparser does not know (`TYPE=MyISAM` from MySQL 4, `ZEROFILL`, `varchar(n)
//! BINARY`, garbage a user typed into a table option). Refusing such a dump would be worse
//! than reading it approximately, so a tolerant hand reader takes over, reads what it
//! recognises and skips the rest, and the caller gets a warning saying why.
//!
//! Both readers produce the same [`Table`] for the same statement (the tests check this on
//! every table of the real dumps), so which one ran only matters for the warning.

use crate::schema::{Column, ForeignKey, Table, UniqueKey};
use sqlparser::ast::{
    CharacterLength, ColumnDef, ColumnOption, CreateTableOptions, DataType, EnumMember,
    ExactNumberInfo, Expr, IndexColumn, ObjectName, SqlOption, Statement, TableConstraint,
};
use sqlparser::dialect::MySqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

/// Parses a CREATE TABLE statement (the statement text without its trailing `;`, as the
/// splitter gives it; may contain mysqldump versioned comments like `/*!40101 … */` and CRLF
/// line endings).
///
/// `Ok((table, None))` when sqlparser (MySQL dialect) parsed it; `Ok((table, Some(warning)))`
/// when sqlparser rejected it and the tolerant hand reader was used (`table.tolerant` is
/// then true, and the warning says what sqlparser said); `Err(message)` only when even the
/// tolerant reader cannot find a table name and a column list. Never panics on any input.
pub fn parse_create_table(sql: &[u8]) -> Result<(Table, Option<String>), String> {
    let why = match with_sqlparser(sql) {
        Ok(table) => return Ok((table, None)),
        Err(why) => why,
    };
    match tolerant::create_table(sql) {
        Ok(table) => Ok((
            table,
            Some(format!(
                "sqlparser cannot read this CREATE TABLE ({why}); read it with the tolerant reader"
            )),
        )),
        Err(e) => Err(format!("{e} (sqlparser: {why})")),
    }
}

/// For `ALTER TABLE t ADD CONSTRAINT … FOREIGN KEY (…) REFERENCES u (…) [ON DELETE …]
/// [ON UPDATE …], ADD CONSTRAINT …` (phpMyAdmin and Magento's own backups write these at the
/// end of a dump, one ALTER with several clauses): the table name and its foreign keys.
/// `None` if the statement adds no foreign key (`DISABLE KEYS`, `ADD PRIMARY KEY`, …).
///
/// This uses the hand reader only: the statement has a single simple shape in dumps, the
/// return type has no room for a warning about a fallback, and the foreign-key clause grammar
/// is the one the tolerant `CREATE TABLE` reader needs anyway. The tests check it against
/// sqlparser on every ALTER TABLE of the real dumps.
pub fn parse_alter_foreign_keys(sql: &[u8]) -> Option<(String, Vec<ForeignKey>)> {
    tolerant::alter_foreign_keys(sql)
}

/// Magento 1 core tables that every CE 1.x store has, to recognise a table prefix by.
/// (`sales_flat_order` appeared in 1.4.1; the others are older.)
const CORE_TABLES: &[&str] = &[
    "core_resource",
    "core_config_data",
    "core_store",
    "core_store_group",
    "core_website",
    "eav_entity_type",
    "eav_attribute",
    "catalog_product_entity",
    "catalog_category_entity",
    "customer_entity",
    "sales_flat_order",
    "cms_page",
    "admin_user",
];

/// How many core tables must carry the same prefix before it counts as the store's prefix;
/// one or two could be a coincidence (a module's own `foo_admin_user` table).
const MIN_CORE_MATCHES: usize = 3;

/// Detects a table prefix (such as `magev1_`) from the table names of a dump: the prefix P
/// such that P + a Magento 1 core table name exists for several core tables, and most tables
/// start with P. `None` for no prefix (the empty prefix).
pub fn detect_prefix<'a>(tables: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let tables: Vec<&str> = tables.into_iter().collect();
    // Candidate prefix → the core tables seen with it. Names are compared in lower case
    // because a store moved through Windows may have had its names folded.
    let mut seen: Vec<(String, Vec<&str>)> = Vec::new();
    for t in &tables {
        let lower = t.to_ascii_lowercase();
        for core in CORE_TABLES {
            if let Some(p) = lower.strip_suffix(core) {
                // `lower` has the byte length of `t`, so this slices `t` at the same place.
                let Some(prefix) = t.get(..p.len()) else {
                    continue;
                };
                match seen.iter_mut().find(|(q, _)| q == prefix) {
                    Some((_, cores)) if !cores.contains(core) => cores.push(core),
                    Some(_) => {}
                    None => seen.push((prefix.to_string(), vec![core])),
                }
            }
        }
    }
    // The best-supported prefix; among equals the longer one, since "" always qualifies
    // when a prefixed store also has a few unprefixed tables lying around.
    let (prefix, cores) = seen
        .into_iter()
        .max_by(|a, b| (a.1.len(), a.0.len()).cmp(&(b.1.len(), b.0.len())))?;
    if prefix.is_empty() || cores.len() < MIN_CORE_MATCHES {
        return None;
    }
    let with_prefix = tables.iter().filter(|t| t.starts_with(&prefix)).count();
    (with_prefix * 2 > tables.len()).then_some(prefix)
}

// ---------------------------------------------------------------------------------------------
// The sqlparser path
// ---------------------------------------------------------------------------------------------

/// Reads a CREATE TABLE with sqlparser; the error says why sqlparser could not.
fn with_sqlparser(sql: &[u8]) -> Result<Table, String> {
    let text = String::from_utf8_lossy(&strip_partitioning(sql)).into_owned();
    // sqlparser is not meant to panic, but it is a large third-party parser fed with
    // arbitrary bytes, and the tolerant reader is a good answer if it ever does.
    let parsed = std::panic::catch_unwind(|| Parser::parse_sql(&MySqlDialect {}, &text))
        .map_err(|_| "sqlparser panicked".to_string())?
        .map_err(|e| e.to_string())?;
    let create = match <[Statement; 1]>::try_from(parsed) {
        Ok([Statement::CreateTable(create)]) => create,
        Ok(_) => return Err("not a CREATE TABLE statement".into()),
        Err(v) => return Err(format!("{} statements instead of one", v.len())),
    };
    if create.columns.is_empty() {
        return Err("no column definitions".into());
    }
    let mut table = Table::new(&last_name(&create.name).ok_or("no table name")?);
    for def in &create.columns {
        table
            .columns
            .push(column(def, &mut table.primary_key, &mut table.unique_keys));
    }
    for constraint in &create.constraints {
        match constraint {
            TableConstraint::PrimaryKey(pk) => {
                table.primary_key = pk.columns.iter().filter_map(index_column).collect();
            }
            TableConstraint::Unique(u) => table.unique_keys.push(UniqueKey {
                // MySQL names the index after the index name, else after the constraint.
                name: u
                    .index_name
                    .as_ref()
                    .or(u.name.as_ref())
                    .map(|i| i.value.clone()),
                columns: u.columns.iter().filter_map(index_column).collect(),
            }),
            TableConstraint::ForeignKey(fk) => table.foreign_keys.push(ForeignKey {
                name: fk
                    .name
                    .as_ref()
                    .or(fk.index_name.as_ref())
                    .map(|i| i.value.clone()),
                columns: fk.columns.iter().map(|i| i.value.clone()).collect(),
                ref_table: last_name(&fk.foreign_table).unwrap_or_default(),
                ref_columns: fk
                    .referred_columns
                    .iter()
                    .map(|i| i.value.clone())
                    .collect(),
                on_delete: fk.on_delete.map(|a| a.to_string()),
                on_update: fk.on_update.map(|a| a.to_string()),
            }),
            // Plain, full-text and spatial indexes and CHECK constraints are not modelled.
            _ => {}
        }
    }
    let mut collation = None;
    for option in table_options(&create.table_options) {
        match option {
            SqlOption::NamedParenthesizedList(list) if list.key.value == "ENGINE" => {
                table.engine = list.name.as_ref().map(|n| n.value.clone());
            }
            SqlOption::KeyValue { key, value } => match key.value.as_str() {
                "DEFAULT CHARSET" | "CHARSET" | "DEFAULT CHARACTER SET" | "CHARACTER SET" => {
                    table.charset = Some(expr_text(value));
                }
                "DEFAULT COLLATE" | "COLLATE" => collation = Some(expr_text(value)),
                _ => {}
            },
            SqlOption::Comment(c) => table.comment = Some(comment_text(c)),
            _ => {}
        }
    }
    if let Some(c) = &create.comment {
        table.comment = Some(comment_text(c));
    }
    finish(&mut table, collation);
    Ok(table)
}

/// mysqldump writes a partitioned table's scheme in a versioned comment after the table
/// options (`/*!50100 PARTITION BY … */`). sqlparser does not know MySQL partitioning, and the
/// table model does not need it, so it is cut out before sqlparser sees the statement rather
/// than sending every partitioned table to the tolerant reader.
fn strip_partitioning(sql: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let mut i = 0;
    while i < sql.len() {
        match sql[i] {
            b'\'' | b'"' => match super::lex::quoted_end(sql, i) {
                Some(e) => i = e,
                None => break,
            },
            b'`' => match super::lex::ident(sql, i) {
                Some((_, e)) => i = e,
                None => break,
            },
            b'/' if sql[i..].starts_with(b"/*!") => {
                let mut j = i + 3;
                while j < sql.len() && sql[j].is_ascii_digit() {
                    j += 1;
                }
                let k = super::lex::skip_ws(sql, j);
                if super::lex::keyword(sql, k, "PARTITION").is_some() {
                    let end =
                        memchr::memmem::find(&sql[k..], b"*/").map_or(sql.len(), |e| k + e + 2);
                    let mut out = sql[..i].to_vec();
                    out.extend_from_slice(&strip_partitioning(&sql[end..]));
                    return out.into();
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    sql.into()
}

/// One column definition; inline `PRIMARY KEY` / `UNIQUE` go to the table's keys.
fn column(def: &ColumnDef, primary_key: &mut Vec<String>, unique: &mut Vec<UniqueKey>) -> Column {
    let mut col = Column::new(&def.name.value, "");
    column_type(&def.data_type, &mut col);
    for option in &def.options {
        match &option.option {
            ColumnOption::Null => col.nullable = true,
            ColumnOption::NotNull => col.nullable = false,
            ColumnOption::Default(expr) => {
                col.default_is_null =
                    matches!(expr, Expr::Value(v) if v.value == sqlparser::ast::Value::Null);
                col.default = Some(default_text(expr));
            }
            ColumnOption::PrimaryKey(_) if !primary_key.contains(&col.name) => {
                primary_key.push(col.name.clone());
            }
            ColumnOption::Unique(_) => unique.push(UniqueKey {
                name: None,
                columns: vec![col.name.clone()],
            }),
            ColumnOption::CharacterSet(name) => col.charset = last_name(name),
            ColumnOption::Collation(name) => col.collation = last_name(name),
            ColumnOption::Comment(text) => col.comment = Some(text.clone()),
            ColumnOption::DialectSpecific(tokens) if tokens.iter().any(is_auto_increment) => {
                col.auto_increment = true;
            }
            // An inline `REFERENCES` is parsed and ignored by MySQL, so it is no foreign key;
            // ON UPDATE, generated columns, INVISIBLE, … are not modelled.
            _ => {}
        }
    }
    col
}

fn is_auto_increment(t: &Token) -> bool {
    matches!(t, Token::Word(w) if w.value.eq_ignore_ascii_case("AUTO_INCREMENT"))
}

/// Fills the type fields of `col` from sqlparser's type, with MySQL's synonyms folded into the
/// names `SHOW CREATE TABLE` uses (`integer` → `int`, `numeric` → `decimal`, `bool` →
/// `tinyint(1)`, …), so that steps compare one spelling.
fn column_type(dt: &DataType, col: &mut Column) {
    use DataType as D;
    let (name, length, scale, unsigned): (&str, Option<u64>, Option<u64>, bool) = match dt {
        D::Char(n) | D::Character(n) => ("char", char_len(n), None, false),
        D::Varchar(n) | D::CharacterVarying(n) | D::CharVarying(n) | D::Nvarchar(n) => {
            ("varchar", char_len(n), None, false)
        }
        D::Binary(n) => ("binary", *n, None, false),
        D::Varbinary(n) => (
            "varbinary",
            match n {
                Some(sqlparser::ast::BinaryLength::IntegerLength { length }) => Some(*length),
                _ => None,
            },
            None,
            false,
        ),
        D::Blob(n) => ("blob", *n, None, false),
        D::TinyBlob => ("tinyblob", None, None, false),
        D::MediumBlob => ("mediumblob", None, None, false),
        D::LongBlob => ("longblob", None, None, false),
        D::Text => ("text", None, None, false),
        D::TinyText => ("tinytext", None, None, false),
        D::MediumText => ("mediumtext", None, None, false),
        D::LongText => ("longtext", None, None, false),
        D::Decimal(i) | D::Numeric(i) | D::Dec(i) => num("decimal", i, false),
        D::DecimalUnsigned(i) | D::DecUnsigned(i) => num("decimal", i, true),
        D::Float(i) => num("float", i, false),
        D::FloatUnsigned(i) => num("float", i, true),
        D::Double(i) => num("double", i, false),
        D::DoubleUnsigned(i) => num("double", i, true),
        D::DoublePrecision | D::Real | D::Float8 => ("double", None, None, false),
        D::DoublePrecisionUnsigned | D::RealUnsigned => ("double", None, None, true),
        D::Float4 => ("float", None, None, false),
        D::TinyInt(n) => ("tinyint", *n, None, false),
        D::TinyIntUnsigned(n) => ("tinyint", *n, None, true),
        D::SmallInt(n) | D::Int2(n) => ("smallint", *n, None, false),
        D::SmallIntUnsigned(n) | D::Int2Unsigned(n) => ("smallint", *n, None, true),
        D::MediumInt(n) => ("mediumint", *n, None, false),
        D::MediumIntUnsigned(n) => ("mediumint", *n, None, true),
        D::Int(n) | D::Integer(n) | D::Int4(n) => ("int", *n, None, false),
        D::IntUnsigned(n) | D::IntegerUnsigned(n) | D::Int4Unsigned(n) => ("int", *n, None, true),
        D::BigInt(n) | D::Int8(n) => ("bigint", *n, None, false),
        D::BigIntUnsigned(n) | D::Int8Unsigned(n) => ("bigint", *n, None, true),
        D::Bool | D::Boolean => ("tinyint", Some(1), None, false),
        D::Date => ("date", None, None, false),
        D::Time(p, _) => ("time", *p, None, false),
        D::Datetime(p) => ("datetime", *p, None, false),
        D::Timestamp(p, _) => ("timestamp", *p, None, false),
        D::JSON => ("json", None, None, false),
        D::Bit(n) => ("bit", *n, None, false),
        D::Enum(members, _) => {
            col.values = members
                .iter()
                .map(|m| match m {
                    EnumMember::Name(s) | EnumMember::NamedValue(s, _) => s.clone(),
                })
                .collect();
            ("enum", None, None, false)
        }
        D::Set(values) => {
            col.values = values.clone();
            ("set", None, None, false)
        }
        // Types sqlparser does not know by name (`year(4)`, `geometry`, `point`, …).
        D::Custom(name, args) => {
            let base = last_name(name).unwrap_or_default().to_ascii_lowercase();
            let (base, implied) = canonical_type(&base);
            let mut nums = args.iter().filter_map(|a| a.trim().parse::<u64>().ok());
            col.data_type = base;
            col.length = nums.next().or(implied);
            col.scale = nums.next();
            return;
        }
        // Anything else is another dialect's type; keep its first word.
        other => {
            let shown = other.to_string().to_ascii_lowercase();
            let base = shown
                .split(['(', ' '])
                .next()
                .unwrap_or_default()
                .to_string();
            col.data_type = canonical_type(&base).0;
            return;
        }
    };
    col.data_type = name.to_string();
    col.length = length;
    col.scale = scale;
    col.unsigned = unsigned;
}

fn num(
    name: &'static str,
    info: &ExactNumberInfo,
    unsigned: bool,
) -> (&'static str, Option<u64>, Option<u64>, bool) {
    match info {
        ExactNumberInfo::None => (name, None, None, unsigned),
        ExactNumberInfo::Precision(p) => (name, Some(*p), None, unsigned),
        ExactNumberInfo::PrecisionAndScale(p, s) => {
            (name, Some(*p), u64::try_from(*s).ok(), unsigned)
        }
    }
}

fn char_len(n: &Option<CharacterLength>) -> Option<u64> {
    match n {
        Some(CharacterLength::IntegerLength { length, .. }) => Some(*length),
        _ => None,
    }
}

/// MySQL's type synonyms, by their lower-case name, folded into the name `SHOW CREATE TABLE`
/// prints, with the length the synonym implies (`bool` is `tinyint(1)`).
fn canonical_type(name: &str) -> (String, Option<u64>) {
    let (base, implied) = match name {
        "integer" | "int4" => ("int", None),
        "int1" => ("tinyint", None),
        "int2" => ("smallint", None),
        "int3" | "middleint" => ("mediumint", None),
        "int8" => ("bigint", None),
        "numeric" | "dec" | "fixed" => ("decimal", None),
        "bool" | "boolean" => ("tinyint", Some(1)),
        "real" | "float8" => ("double", None),
        "float4" => ("float", None),
        "character" | "nchar" => ("char", None),
        "nvarchar" => ("varchar", None),
        other => (other, None),
    };
    (base.to_string(), implied)
}

/// The column name of a key part: `a`, `t.a`, or `a(10)` for a prefix index.
fn index_column(c: &IndexColumn) -> Option<String> {
    match &c.column.expr {
        Expr::Identifier(i) => Some(i.value.clone()),
        Expr::CompoundIdentifier(parts) => parts.last().map(|i| i.value.clone()),
        Expr::Function(f) => last_name(&f.name),
        _ => None,
    }
}

/// The last part of a possibly qualified name, unquoted.
fn last_name(name: &ObjectName) -> Option<String> {
    name.0.last()?.as_ident().map(|i| i.value.clone())
}

fn table_options(options: &CreateTableOptions) -> &[SqlOption] {
    match options {
        CreateTableOptions::None => &[],
        CreateTableOptions::With(o)
        | CreateTableOptions::Options(o)
        | CreateTableOptions::Plain(o)
        | CreateTableOptions::TableProperties(o) => o,
    }
}

fn comment_text(c: &sqlparser::ast::CommentDef) -> String {
    match c {
        sqlparser::ast::CommentDef::WithEq(s) | sqlparser::ast::CommentDef::WithoutEq(s) => {
            s.clone()
        }
    }
}

/// An option value: a name or a string, unquoted.
fn expr_text(e: &Expr) -> String {
    match e {
        Expr::Identifier(i) => i.value.clone(),
        Expr::Value(v) => v
            .value
            .clone()
            .into_string()
            .unwrap_or_else(|| v.to_string()),
        other => other.to_string(),
    }
}

/// A column default as written: a string's text without quotes, anything else (numbers,
/// `NULL`, `CURRENT_TIMESTAMP`, `b'0'`) as SQL.
fn default_text(e: &Expr) -> String {
    use sqlparser::ast::Value as V;
    match e {
        Expr::Value(v) => match &v.value {
            V::SingleQuotedString(s) | V::DoubleQuotedString(s) | V::NationalStringLiteral(s) => {
                s.clone()
            }
            V::Null => "NULL".to_string(),
            // sqlparser prints these with an upper-case prefix; dumps write lower case.
            V::SingleQuotedByteStringLiteral(s) => format!("b'{s}'"),
            V::HexStringLiteral(s) => format!("x'{s}'"),
            _ => v.to_string(),
        },
        other => other.to_string(),
    }
}

/// What both readers do last: columns of the primary key are NOT NULL whatever was written
/// (MySQL makes them so), and a charset only implied by a collation is spelled out, since a
/// collation name starts with its charset (`utf8_bin` → `utf8`).
fn finish(table: &mut Table, collation: Option<String>) {
    for name in &table.primary_key {
        if let Some(c) = table
            .columns
            .iter_mut()
            .find(|c| c.name.eq_ignore_ascii_case(name))
        {
            c.nullable = false;
        }
    }
    for c in &mut table.columns {
        if c.charset.is_none() {
            c.charset = c.collation.as_deref().map(charset_of);
        }
    }
    if table.charset.is_none() {
        table.charset = collation.as_deref().map(charset_of);
    }
}

fn charset_of(collation: &str) -> String {
    collation.split('_').next().unwrap_or(collation).to_string()
}

// ---------------------------------------------------------------------------------------------
// The tolerant reader
// ---------------------------------------------------------------------------------------------

/// A forgiving reader for the statements sqlparser rejects. It tokenizes the statement (with
/// versioned-comment markers dropped and their content kept, as the server does), splits the
/// column list at its top-level commas, reads each item for what the table model needs, and
/// skips any word it does not know instead of failing.
mod tolerant {
    use super::{canonical_type, finish};
    use crate::dump::lex::{ident, quoted_end};
    use crate::dump::value::unquote;
    use crate::schema::{Column, ForeignKey, Table, UniqueKey};

    #[derive(Clone, Debug, PartialEq, Eq)]
    enum Tok {
        /// A bare word: a keyword, an unquoted name or a number, as written.
        Word(String),
        /// A quoted item: its quote byte and its text with escapes resolved.
        Quoted(u8, String),
        /// Any other byte: `(`, `)`, `,`, `=`, `.`, `-`, …
        Punct(u8),
    }

    #[derive(Clone, Debug)]
    struct Token {
        tok: Tok,
        /// Where the token is in the statement, to give defaults back as written.
        start: usize,
        end: usize,
    }

    fn is_word_byte(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
    }

    /// Splits a statement into tokens. Comments are skipped; a versioned comment's markers
    /// (`/*!40101`, `/*M!100301`, and its `*/`) are dropped and its content kept. An
    /// unterminated quote ends the statement.
    fn tokenize(s: &[u8]) -> Vec<Token> {
        let digits_from = |mut j: usize| {
            while j < s.len() && s[j].is_ascii_digit() {
                j += 1;
            }
            j
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < s.len() {
            let b = s[i];
            let start = i;
            let tok = match b {
                b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c => {
                    i += 1;
                    continue;
                }
                b'/' if s.get(i + 1) == Some(&b'*') => {
                    if s.get(i + 2) == Some(&b'!') {
                        i = digits_from(i + 3);
                    } else if s.get(i + 2) == Some(&b'M') && s.get(i + 3) == Some(&b'!') {
                        i = digits_from(i + 4);
                    } else {
                        match memchr::memmem::find(&s[i + 2..], b"*/") {
                            Some(k) => i += k + 4,
                            None => break,
                        }
                    }
                    continue;
                }
                b'*' if s.get(i + 1) == Some(&b'/') => {
                    i += 2;
                    continue;
                }
                b'#' => {
                    i = memchr::memchr(b'\n', &s[i..]).map_or(s.len(), |k| i + k + 1);
                    continue;
                }
                b'-' if s.get(i + 1) == Some(&b'-') && s.get(i + 2).is_none_or(|c| *c <= b' ') => {
                    i = memchr::memchr(b'\n', &s[i..]).map_or(s.len(), |k| i + k + 1);
                    continue;
                }
                b'\'' | b'"' => {
                    let Some(e) = quoted_end(s, i) else { break };
                    i = e;
                    Tok::Quoted(
                        b,
                        String::from_utf8_lossy(&unquote(&s[start..e])).into_owned(),
                    )
                }
                b'`' => {
                    let Some((name, e)) = ident(s, i) else { break };
                    i = e;
                    Tok::Quoted(b, name)
                }
                _ if is_word_byte(b) => {
                    while i < s.len() && is_word_byte(s[i]) {
                        i += 1;
                    }
                    // A decimal number such as 12.5 is one word.
                    if s[start..i].iter().all(u8::is_ascii_digit)
                        && s.get(i) == Some(&b'.')
                        && s.get(i + 1).is_some_and(u8::is_ascii_digit)
                    {
                        i = digits_from(i + 1);
                    }
                    Tok::Word(String::from_utf8_lossy(&s[start..i]).into_owned())
                }
                _ => {
                    i += 1;
                    Tok::Punct(b)
                }
            };
            out.push(Token { tok, start, end: i });
        }
        out
    }

    /// A cursor over a run of tokens.
    struct Reader<'a> {
        s: &'a [u8],
        t: &'a [Token],
        i: usize,
    }

    impl<'a> Reader<'a> {
        fn new(s: &'a [u8], t: &'a [Token]) -> Self {
            Reader { s, t, i: 0 }
        }

        fn done(&self) -> bool {
            self.i >= self.t.len()
        }

        fn peek_at(&self, k: usize) -> Option<&'a Tok> {
            self.t.get(self.i + k).map(|t| &t.tok)
        }

        fn at_kw(&self, kw: &str) -> bool {
            matches!(self.peek_at(0), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(kw))
        }

        fn eat_kw(&mut self, kw: &str) -> bool {
            let yes = self.at_kw(kw);
            if yes {
                self.i += 1;
            }
            yes
        }

        /// Consumes all of `kws` in order, or nothing.
        fn eat_kws(&mut self, kws: &[&str]) -> bool {
            let yes = kws.iter().enumerate().all(
                |(k, kw)| matches!(self.peek_at(k), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(kw)),
            );
            if yes {
                self.i += kws.len();
            }
            yes
        }

        fn at_punct(&self, c: u8) -> bool {
            self.peek_at(0) == Some(&Tok::Punct(c))
        }

        fn eat_punct(&mut self, c: u8) -> bool {
            let yes = self.at_punct(c);
            if yes {
                self.i += 1;
            }
            yes
        }

        /// A name: a bare word or a `` `quoted` `` / `"quoted"` identifier.
        fn name(&mut self) -> Option<String> {
            match self.peek_at(0)? {
                Tok::Word(w) => {
                    self.i += 1;
                    Some(w.clone())
                }
                Tok::Quoted(b'`' | b'"', n) => {
                    self.i += 1;
                    Some(n.clone())
                }
                _ => None,
            }
        }

        /// A possibly qualified name (`db`.`t`): its last part.
        fn qualified_name(&mut self) -> Option<String> {
            let mut name = self.name()?;
            while self.at_punct(b'.') {
                self.i += 1;
                name = self.name()?;
            }
            Some(name)
        }

        /// A string literal's text.
        fn string(&mut self) -> Option<String> {
            match self.peek_at(0)? {
                Tok::Quoted(b'\'' | b'"', s) => {
                    self.i += 1;
                    Some(s.clone())
                }
                _ => None,
            }
        }

        /// At `(`: the tokens up to the matching `)` (or the end), consumed with the parens.
        fn group(&mut self) -> Option<&'a [Token]> {
            if !self.at_punct(b'(') {
                return None;
            }
            let from = self.i + 1;
            let mut depth = 0usize;
            for (k, t) in self.t[self.i..].iter().enumerate() {
                match t.tok {
                    Tok::Punct(b'(') => depth += 1,
                    Tok::Punct(b')') => {
                        depth -= 1;
                        if depth == 0 {
                            let to = self.i + k;
                            self.i = to + 1;
                            return Some(&self.t[from..to]);
                        }
                    }
                    _ => {}
                }
            }
            self.i = self.t.len();
            Some(&self.t[from..])
        }

        /// Skips one token, or a whole parenthesised group.
        fn skip(&mut self) {
            if self.group().is_none() {
                self.i += 1;
            }
        }

        /// The statement text of tokens `from..self.i`, as written.
        fn raw_since(&self, from: usize) -> String {
            match (
                self.t.get(from),
                self.i.checked_sub(1).and_then(|k| self.t.get(k)),
            ) {
                (Some(a), Some(b)) if a.start <= b.end => {
                    String::from_utf8_lossy(&self.s[a.start..b.end]).into_owned()
                }
                _ => String::new(),
            }
        }

        /// The text of a string literal right after the current token with no blank
        /// between (the `'0'` of `b'0'`).
        fn glued_string(&self) -> Option<String> {
            let (a, b) = (self.t.get(self.i)?, self.t.get(self.i + 1)?);
            match &b.tok {
                Tok::Quoted(b'\'', text) if a.end == b.start => Some(text.clone()),
                _ => None,
            }
        }

        /// Skips `[=]` after an option name.
        fn eat_eq(&mut self) {
            self.eat_punct(b'=');
        }
    }

    /// Splits tokens at top-level commas.
    fn split_commas(t: &[Token]) -> Vec<&[Token]> {
        let mut items = Vec::new();
        let mut depth = 0usize;
        let mut from = 0;
        for (k, tok) in t.iter().enumerate() {
            match tok.tok {
                Tok::Punct(b'(') => depth += 1,
                Tok::Punct(b')') => depth = depth.saturating_sub(1),
                Tok::Punct(b',') if depth == 0 => {
                    items.push(&t[from..k]);
                    from = k + 1;
                }
                _ => {}
            }
        }
        items.push(&t[from..]);
        items
    }

    /// The column names of a key's `(…)`: `a`, `a(10)` (prefix), `a DESC`; expression key
    /// parts (MySQL 8 `((…))`) have no column and are left out.
    fn key_columns(s: &[u8], t: &[Token]) -> Vec<String> {
        split_commas(t)
            .into_iter()
            .filter_map(|part| Reader::new(s, part).qualified_name())
            .collect()
    }

    /// Reads `CREATE TABLE` for what the table model needs.
    pub(super) fn create_table(sql: &[u8]) -> Result<Table, String> {
        let tokens = tokenize(sql);
        let mut r = Reader::new(sql, &tokens);
        if !r.eat_kw("CREATE") {
            return Err("not a CREATE TABLE statement".into());
        }
        // OR REPLACE, TEMPORARY, …: anything up to TABLE.
        while !r.done() && !r.at_kw("TABLE") {
            r.i += 1;
        }
        if !r.eat_kw("TABLE") {
            return Err("no TABLE after CREATE".into());
        }
        r.eat_kws(&["IF", "NOT", "EXISTS"]);
        let name = r
            .qualified_name()
            .ok_or("no table name after CREATE TABLE")?;
        let body = r
            .group()
            .ok_or_else(|| format!("no column list after the table name `{name}`"))?;
        let mut table = Table::new(&name);
        table.tolerant = true;
        for item in split_commas(body) {
            definition(sql, item, &mut table);
        }
        if table.columns.is_empty() {
            return Err(format!(
                "no column definitions in the column list of `{name}`"
            ));
        }
        let collation = table_options(&mut r, &mut table);
        finish(&mut table, collation);
        Ok(table)
    }

    /// One item of the column list: a key, a constraint or a column.
    fn definition(s: &[u8], item: &[Token], table: &mut Table) {
        let mut r = Reader::new(s, item);
        // A quoted first word is always a column name; a bare one may be a keyword.
        if matches!(r.peek_at(0), Some(Tok::Quoted(..))) {
            if let Some(col) = column(&mut r, table) {
                table.columns.push(col);
            }
            return;
        }
        let mut constraint = None;
        if r.eat_kw("CONSTRAINT")
            && !["PRIMARY", "UNIQUE", "FOREIGN", "CHECK"]
                .iter()
                .any(|k| r.at_kw(k))
        {
            constraint = r.name();
        }
        if r.eat_kws(&["PRIMARY", "KEY"]) {
            while !r.done() && !r.at_punct(b'(') {
                r.i += 1; // [index_name] [USING BTREE]
            }
            if let Some(cols) = r.group() {
                table.primary_key = key_columns(s, cols);
            }
        } else if r.eat_kw("UNIQUE") {
            let _ = r.eat_kw("KEY") || r.eat_kw("INDEX");
            let mut name = None;
            while !r.done() && !r.at_punct(b'(') {
                if r.eat_kw("USING") {
                    r.i += 1;
                } else if let Some(n) = r.name() {
                    name = Some(n);
                } else {
                    r.i += 1;
                }
            }
            if let Some(cols) = r.group() {
                table.unique_keys.push(UniqueKey {
                    name: name.or(constraint),
                    columns: key_columns(s, cols),
                });
            }
        } else if r.eat_kws(&["FOREIGN", "KEY"]) {
            if let Some(fk) = foreign_key(&mut r, constraint) {
                table.foreign_keys.push(fk);
            }
        } else if constraint.is_some()
            || ["KEY", "INDEX", "FULLTEXT", "SPATIAL", "CHECK", "PERIOD"]
                .iter()
                .any(|k| r.at_kw(k))
        {
            // Plain indexes and CHECK constraints are not modelled.
        } else if let Some(col) = column(&mut r, table) {
            table.columns.push(col);
        }
    }

    /// After `FOREIGN KEY`: `[index_name] (cols) REFERENCES t (cols) [MATCH …] [ON DELETE a]
    /// [ON UPDATE a]`. MySQL names the constraint after the index when it has no name.
    fn foreign_key(r: &mut Reader<'_>, constraint: Option<String>) -> Option<ForeignKey> {
        let index_name = if r.at_punct(b'(') { None } else { r.name() };
        let columns = key_columns(r.s, r.group()?);
        if !r.eat_kw("REFERENCES") {
            return None;
        }
        let ref_table = r.qualified_name()?;
        let ref_columns = r.group().map(|g| key_columns(r.s, g)).unwrap_or_default();
        let mut fk = ForeignKey {
            name: constraint.or(index_name),
            columns,
            ref_table,
            ref_columns,
            on_delete: None,
            on_update: None,
        };
        while !r.done() {
            if r.eat_kws(&["ON", "DELETE"]) {
                fk.on_delete = action(r);
            } else if r.eat_kws(&["ON", "UPDATE"]) {
                fk.on_update = action(r);
            } else {
                r.skip(); // MATCH FULL, …
            }
        }
        Some(fk)
    }

    /// A referential action, spelled as sqlparser prints it.
    fn action(r: &mut Reader<'_>) -> Option<String> {
        for words in [
            &["RESTRICT"][..],
            &["CASCADE"],
            &["SET", "NULL"],
            &["NO", "ACTION"],
            &["SET", "DEFAULT"],
        ] {
            if r.eat_kws(words) {
                return Some(words.join(" "));
            }
        }
        None
    }

    /// A column definition: name, type, attributes. Unknown attributes are skipped.
    fn column(r: &mut Reader<'_>, table: &mut Table) -> Option<Column> {
        let name = r.name()?;
        let Some(Tok::Word(ty)) = r.peek_at(0) else {
            return None;
        };
        r.i += 1;
        let mut base = ty.to_ascii_lowercase();
        // Type names of two or three words.
        if base == "national"
            && let Some(Tok::Word(w)) = r.peek_at(0)
        {
            base = w.to_ascii_lowercase(); // NATIONAL CHAR / VARCHAR / CHARACTER
            r.i += 1;
        }
        match base.as_str() {
            "double" => {
                r.eat_kw("PRECISION");
            }
            // LONG [VARCHAR] is MEDIUMTEXT, LONG VARBINARY is MEDIUMBLOB.
            "long" => {
                base = if r.eat_kw("VARBINARY") {
                    "mediumblob".into()
                } else {
                    r.eat_kw("VARCHAR");
                    "mediumtext".into()
                };
            }
            _ => {}
        }
        if matches!(base.as_str(), "character" | "char" | "nchar") && r.eat_kw("VARYING") {
            base = "varchar".into();
        }
        let (base, implied) = canonical_type(&base);
        let mut col = Column::new(&name, &base);
        col.length = implied;
        if let Some(args) = r.group() {
            if base == "enum" || base == "set" {
                col.values = split_commas(args)
                    .into_iter()
                    .filter_map(|part| Reader::new(r.s, part).string())
                    .collect();
            } else {
                let mut nums = args.iter().filter_map(|t| match &t.tok {
                    Tok::Word(w) => w.parse::<u64>().ok(),
                    _ => None,
                });
                col.length = nums.next().or(implied);
                col.scale = nums.next();
            }
        }
        while !r.done() {
            if r.eat_kw("UNSIGNED") {
                col.unsigned = true;
            } else if r.eat_kws(&["NOT", "NULL"]) {
                col.nullable = false;
            } else if r.eat_kw("NULL") {
                col.nullable = true;
            } else if r.eat_kw("DEFAULT") {
                default(r, &mut col);
            } else if r.eat_kw("AUTO_INCREMENT") {
                col.auto_increment = true;
            } else if r.eat_kws(&["PRIMARY", "KEY"]) || r.eat_kw("KEY") {
                if !table.primary_key.contains(&col.name) {
                    table.primary_key.push(col.name.clone());
                }
            } else if r.eat_kw("UNIQUE") {
                r.eat_kw("KEY");
                table.unique_keys.push(UniqueKey {
                    name: None,
                    columns: vec![col.name.clone()],
                });
            } else if r.eat_kws(&["CHARACTER", "SET"]) || r.eat_kw("CHARSET") {
                col.charset = r.name();
            } else if r.eat_kw("COLLATE") {
                col.collation = r.name();
            } else if r.eat_kw("COMMENT") {
                col.comment = r.string();
            } else if r.eat_kw("REFERENCES") {
                // Ignored by MySQL, and so here: the rest of the item is the reference.
                break;
            } else {
                // ZEROFILL, SIGNED, BINARY, ON UPDATE …, STORAGE …, generated columns, …
                r.skip();
            }
        }
        Some(col)
    }

    /// After `DEFAULT`: a string's text, or the literal or expression as written.
    fn default(r: &mut Reader<'_>, col: &mut Column) {
        let from = r.i;
        let (value, is_null) = match r.peek_at(0) {
            Some(Tok::Quoted(b'\'' | b'"', text)) => {
                r.i += 1;
                (text.clone(), false)
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("NULL") => {
                r.i += 1;
                ("NULL".to_string(), true)
            }
            // b'0', x'0A': with a lower-case prefix, as sqlparser's reading is given.
            Some(Tok::Word(w))
                if matches!(w.as_str(), "b" | "B" | "x" | "X") && r.glued_string().is_some() =>
            {
                let text = r.glued_string().unwrap_or_default();
                r.i += 2;
                (format!("{}'{text}'", w.to_ascii_lowercase()), false)
            }
            Some(Tok::Word(_)) => {
                r.i += 1;
                if r.at_punct(b'(') {
                    r.skip(); // CURRENT_TIMESTAMP(6), now()
                }
                (r.raw_since(from), false)
            }
            Some(Tok::Punct(b'-' | b'+')) => {
                r.i = (r.i + 2).min(r.t.len()); // a signed number
                (r.raw_since(from), false)
            }
            Some(Tok::Punct(b'(')) => {
                r.skip(); // an expression default (MySQL 8)
                (r.raw_since(from), false)
            }
            _ => return,
        };
        col.default = Some(value);
        col.default_is_null = is_null;
    }

    /// The table options after the column list; returns the table's collation, if given.
    fn table_options(r: &mut Reader<'_>, table: &mut Table) -> Option<String> {
        let mut collation = None;
        while !r.done() {
            r.eat_kw("DEFAULT");
            if r.eat_kw("ENGINE") || r.eat_kw("TYPE") {
                r.eat_eq();
                table.engine = r.name();
            } else if r.eat_kws(&["CHARACTER", "SET"]) || r.eat_kw("CHARSET") {
                r.eat_eq();
                table.charset = r.name().or_else(|| r.string());
            } else if r.eat_kw("COLLATE") {
                r.eat_eq();
                collation = r.name().or_else(|| r.string());
            } else if r.eat_kw("COMMENT") {
                r.eat_eq();
                table.comment = r.string();
            } else {
                r.skip();
            }
        }
        collation
    }

    /// Reads `ALTER TABLE t ADD [CONSTRAINT [name]] FOREIGN KEY …, ADD …`.
    pub(super) fn alter_foreign_keys(sql: &[u8]) -> Option<(String, Vec<ForeignKey>)> {
        let tokens = tokenize(sql);
        let mut r = Reader::new(sql, &tokens);
        if !r.eat_kw("ALTER") {
            return None;
        }
        while !r.done() && !r.at_kw("TABLE") {
            r.i += 1; // ONLINE, IGNORE, …
        }
        if !r.eat_kw("TABLE") {
            return None;
        }
        let table = r.qualified_name()?;
        let rest = &tokens[r.i.min(tokens.len())..];
        let mut fks = Vec::new();
        for clause in split_commas(rest) {
            let mut c = Reader::new(sql, clause);
            if !c.eat_kw("ADD") {
                continue;
            }
            let mut constraint = None;
            if c.eat_kw("CONSTRAINT") && !c.at_kw("FOREIGN") {
                constraint = c.name();
            }
            if c.eat_kws(&["FOREIGN", "KEY"])
                && let Some(fk) = foreign_key(&mut c, constraint)
            {
                fks.push(fk);
            }
        }
        (!fks.is_empty()).then_some((table, fks))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dump::split::Blocks;
    use crate::dump::stmt::{StmtKind, classify};
    use std::path::{Path, PathBuf};
    use std::sync::OnceLock;

    /// Parses with sqlparser and insists it did not need the tolerant reader.
    fn strict(sql: &str) -> Table {
        match parse_create_table(sql.as_bytes()) {
            Ok((t, None)) => {
                assert!(!t.tolerant);
                t
            }
            Ok((_, Some(w))) => panic!("fell back to the tolerant reader: {w}\n{sql}"),
            Err(e) => panic!("{e}\n{sql}"),
        }
    }

    /// Parses with the tolerant reader directly.
    fn hand(sql: &str) -> Table {
        tolerant::create_table(sql.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{sql}"))
    }

    /// Both readers, which must agree; returns the sqlparser reading.
    fn both(sql: &str) -> Table {
        let t = strict(sql);
        let mut h = hand(sql);
        assert!(h.tolerant);
        h.tolerant = false;
        assert_eq!(t, h, "the readers disagree on\n{sql}");
        t
    }

    fn col<'a>(t: &'a Table, name: &str) -> &'a Column {
        t.column(name)
            .unwrap_or_else(|| panic!("no column `{name}` in `{}`", t.name))
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    const MYSQLDUMP: &str = "CREATE TABLE `sales_flat_order_item` (
  `item_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Item Id',
  `order_id` int(10) unsigned NOT NULL DEFAULT '0' COMMENT 'Order Id',
  `store_id` smallint(5) unsigned DEFAULT NULL COMMENT 'Store Id',
  `created_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'Created At',
  `sku` varchar(255) CHARACTER SET utf8 COLLATE utf8_bin DEFAULT NULL COMMENT 'It\\'s the \"SKU\"',
  `price` decimal(12,4) NOT NULL DEFAULT '0.0000' COMMENT 'Price',
  `weight` decimal(12,4) DEFAULT NULL,
  `is_virtual` smallint(5) unsigned DEFAULT NULL,
  `product_options` text,
  `remote_ip` varbinary(16) DEFAULT NULL,
  `kind` enum('simple','it''s','a\\'b') NOT NULL DEFAULT 'simple',
  `flags` set('x','y') DEFAULT NULL,
  `ratio` float(7,3) unsigned DEFAULT '1.000',
  `big` bigint(20) NOT NULL DEFAULT -1,
  `bit` bit(1) DEFAULT b'0',
  PRIMARY KEY (`item_id`),
  UNIQUE KEY `UNQ_ORDER_SKU` (`order_id`,`sku`),
  KEY `IDX_SALES_FLAT_ORDER_ITEM_ORDER_ID` (`order_id`),
  KEY `IDX_SKU` (`sku`(64)) USING BTREE,
  FULLTEXT KEY `FTI_OPTIONS` (`product_options`),
  CONSTRAINT `FK_ORDER_ITEM_ORDER` FOREIGN KEY (`order_id`) REFERENCES `sales_flat_order` (`entity_id`) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT `FK_ORDER_ITEM_STORE` FOREIGN KEY (`store_id`) REFERENCES `magento`.`core_store` (`store_id`) ON DELETE SET NULL
) ENGINE=InnoDB AUTO_INCREMENT=12 DEFAULT CHARSET=utf8 ROW_FORMAT=FIXED COMMENT='Sales Flat Order Item'";

    #[test]
    fn reads_a_mysqldump_table() {
        let t = both(MYSQLDUMP);
        assert_eq!(t.name, "sales_flat_order_item");
        assert_eq!(t.columns.len(), 15);
        assert_eq!(t.primary_key, strings(&["item_id"]));
        assert_eq!(
            t.unique_keys,
            vec![UniqueKey {
                name: Some("UNQ_ORDER_SKU".into()),
                columns: strings(&["order_id", "sku"]),
            }]
        );
        assert_eq!(t.engine.as_deref(), Some("InnoDB"));
        assert_eq!(t.charset.as_deref(), Some("utf8"));
        assert_eq!(t.comment.as_deref(), Some("Sales Flat Order Item"));
        assert_eq!(
            t.foreign_keys,
            vec![
                ForeignKey {
                    name: Some("FK_ORDER_ITEM_ORDER".into()),
                    columns: strings(&["order_id"]),
                    ref_table: "sales_flat_order".into(),
                    ref_columns: strings(&["entity_id"]),
                    on_delete: Some("CASCADE".into()),
                    on_update: Some("CASCADE".into()),
                },
                ForeignKey {
                    name: Some("FK_ORDER_ITEM_STORE".into()),
                    columns: strings(&["store_id"]),
                    ref_table: "core_store".into(),
                    ref_columns: strings(&["store_id"]),
                    on_delete: Some("SET NULL".into()),
                    on_update: None,
                },
            ]
        );
    }

    #[test]
    fn reads_column_types() {
        let t = both(MYSQLDUMP);
        let item = col(&t, "item_id");
        assert_eq!(
            (item.data_type.as_str(), item.length, item.unsigned),
            ("int", Some(10), true)
        );
        assert!(item.auto_increment && !item.nullable);
        assert_eq!(item.comment.as_deref(), Some("Item Id"));
        let price = col(&t, "price");
        assert_eq!(
            (price.data_type.as_str(), price.length, price.scale),
            ("decimal", Some(12), Some(4))
        );
        let sku = col(&t, "sku");
        assert_eq!((sku.data_type.as_str(), sku.length), ("varchar", Some(255)));
        assert_eq!(sku.charset.as_deref(), Some("utf8"));
        assert_eq!(sku.collation.as_deref(), Some("utf8_bin"));
        assert_eq!(sku.comment.as_deref(), Some("It's the \"SKU\""));
        assert!(sku.is_text());
        let kind = col(&t, "kind");
        assert_eq!(kind.data_type, "enum");
        assert_eq!(kind.values, strings(&["simple", "it's", "a'b"]));
        let flags = col(&t, "flags");
        assert_eq!((flags.data_type.as_str(), flags.values.len()), ("set", 2));
        let ratio = col(&t, "ratio");
        assert_eq!(
            (
                ratio.data_type.as_str(),
                ratio.length,
                ratio.scale,
                ratio.unsigned
            ),
            ("float", Some(7), Some(3), true)
        );
        assert_eq!(col(&t, "product_options").data_type, "text");
        assert_eq!(col(&t, "created_at").data_type, "timestamp");
        let ip = col(&t, "remote_ip");
        assert_eq!((ip.data_type.as_str(), ip.length), ("varbinary", Some(16)));
        assert!(ip.is_binary() && ip.nullable);
        assert_eq!(col(&t, "big").data_type, "bigint");
        assert_eq!(col(&t, "store_id").data_type, "smallint");
    }

    #[test]
    fn reads_defaults_as_written() {
        let t = both(MYSQLDUMP);
        let d = |name: &str| {
            let c = col(&t, name);
            (c.default.clone(), c.default_is_null)
        };
        assert_eq!(d("item_id"), (None, false));
        assert_eq!(d("order_id"), (Some("0".into()), false));
        assert_eq!(d("store_id"), (Some("NULL".into()), true));
        assert_eq!(d("created_at"), (Some("CURRENT_TIMESTAMP".into()), false));
        assert_eq!(d("price"), (Some("0.0000".into()), false));
        assert_eq!(d("product_options"), (None, false));
        assert_eq!(d("kind"), (Some("simple".into()), false));
        assert_eq!(d("big"), (Some("-1".into()), false));
        assert_eq!(d("bit"), (Some("b'0'".into()), false));
        // A string that says NULL is no NULL.
        let t = both("CREATE TABLE t (a varchar(4) DEFAULT 'NULL', b int NOT NULL DEFAULT 0)");
        assert_eq!(
            (
                t.columns[0].default.as_deref(),
                t.columns[0].default_is_null
            ),
            (Some("NULL"), false)
        );
        assert_eq!(t.columns[1].default.as_deref(), Some("0"));
        assert!(t.columns[0].nullable && !t.columns[1].nullable);
        // MariaDB spells the function with parens.
        let t = both("CREATE TABLE t (a datetime(6) DEFAULT current_timestamp(6))");
        assert_eq!(
            t.columns[0].default.as_deref(),
            Some("current_timestamp(6)")
        );
        assert_eq!(t.columns[0].length, Some(6));
    }

    #[test]
    fn reads_inline_keys() {
        let t = both(
            "CREATE TABLE `t` (`id` int NULL PRIMARY KEY, `code` varchar(32) UNIQUE, `other` int UNIQUE KEY)",
        );
        assert_eq!(t.primary_key, strings(&["id"]));
        // The primary key is NOT NULL whatever the column says.
        assert!(!col(&t, "id").nullable);
        assert_eq!(
            t.unique_keys,
            vec![
                UniqueKey {
                    name: None,
                    columns: strings(&["code"])
                },
                UniqueKey {
                    name: None,
                    columns: strings(&["other"])
                },
            ]
        );
        // A column's `KEY` is its PRIMARY KEY in MySQL.
        let t = both("CREATE TABLE t (a int KEY, b int)");
        assert_eq!(t.primary_key, strings(&["a"]));
    }

    #[test]
    fn reads_named_constraints() {
        let t = both(
            "CREATE TABLE t (a int, b int, c int,
              CONSTRAINT `pk` PRIMARY KEY (a, b) USING BTREE,
              CONSTRAINT `c1` UNIQUE KEY `u1` (b, c) USING BTREE,
              CONSTRAINT `c2` UNIQUE (c),
              UNIQUE INDEX (a),
              FOREIGN KEY (c) REFERENCES u (x),
              CONSTRAINT FOREIGN KEY `idx` (b) REFERENCES `u` (`y`) ON UPDATE NO ACTION ON DELETE RESTRICT)",
        );
        assert_eq!(t.primary_key, strings(&["a", "b"]));
        let names: Vec<_> = t.unique_keys.iter().map(|u| u.name.as_deref()).collect();
        assert_eq!(names, vec![Some("u1"), Some("c2"), None]);
        assert_eq!(t.unique_keys[0].columns, strings(&["b", "c"]));
        assert_eq!(t.foreign_keys.len(), 2);
        assert_eq!(t.foreign_keys[0].name, None);
        assert_eq!(t.foreign_keys[0].on_delete, None);
        assert_eq!(t.foreign_keys[1].name.as_deref(), Some("idx"));
        assert_eq!(t.foreign_keys[1].on_delete.as_deref(), Some("RESTRICT"));
        assert_eq!(t.foreign_keys[1].on_update.as_deref(), Some("NO ACTION"));
    }

    #[test]
    fn inline_references_are_no_foreign_keys() {
        // MySQL parses a column's REFERENCES and ignores it; so do we.
        let t = both("CREATE TABLE t (a int REFERENCES u (b))");
        assert!(t.foreign_keys.is_empty());
    }

    #[test]
    fn reads_table_options() {
        let t =
            both("CREATE TABLE t (a int) ENGINE=MyISAM DEFAULT CHARSET=latin1 COMMENT='It\\'s'");
        assert_eq!(t.engine.as_deref(), Some("MyISAM"));
        assert_eq!(t.charset.as_deref(), Some("latin1"));
        assert_eq!(t.comment.as_deref(), Some("It's"));
        let t = both(
            "CREATE TABLE t (a int) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_unicode_ci",
        );
        assert_eq!(t.charset.as_deref(), Some("utf8mb4"));
        let t = both("CREATE TABLE t (a int) CHARACTER SET utf8 ROW_FORMAT=COMPACT PACK_KEYS=0");
        assert_eq!(t.charset.as_deref(), Some("utf8"));
        // Only a collation: its charset is its first word.
        let t =
            both("CREATE TABLE t (a text COLLATE utf8mb4_bin) DEFAULT COLLATE=latin1_general_ci");
        assert_eq!(t.charset.as_deref(), Some("latin1"));
        assert_eq!(t.columns[0].charset.as_deref(), Some("utf8mb4"));
        assert_eq!(t.columns[0].collation.as_deref(), Some("utf8mb4_bin"));
        let t = both("CREATE TABLE t (a int)");
        assert_eq!((t.engine, t.charset, t.comment), (None, None, None));
    }

    #[test]
    fn reads_what_dump_tools_wrap_around_the_table() {
        // phpMyAdmin
        let t = both(
            "CREATE TABLE IF NOT EXISTS `core_resource` (\n  `code` varchar(50) NOT NULL COMMENT 'Resource Code',\n  `version` varchar(50) DEFAULT NULL,\n  PRIMARY KEY (`code`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Resources';",
        );
        assert_eq!(t.name, "core_resource");
        // SQLyog: CRLF and USING BTREE
        let t = both(
            "CREATE TABLE `admin_assert` (\r\n  `assert_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Assert ID',\r\n  PRIMARY KEY (`assert_id`) USING BTREE\r\n) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Admin Assert Table'",
        );
        assert_eq!(t.primary_key, strings(&["assert_id"]));
        // A qualified name, comments, versioned comments.
        let t = both(
            "/* made by hand */ CREATE TABLE `shop`.`t` (\n -- the id\n `id` int /*!50606 NOT NULL */ # yes\n) /*!40101 ENGINE=InnoDB */",
        );
        assert_eq!(t.name, "t");
        assert!(!t.columns[0].nullable);
        assert_eq!(t.engine.as_deref(), Some("InnoDB"));
        // Doubled backticks in a name.
        let t = both("CREATE TABLE `a``b` (`c``d` int)");
        assert_eq!(
            (t.name.as_str(), t.columns[0].name.as_str()),
            ("a`b", "c`d")
        );
    }

    #[test]
    fn partitioning_does_not_need_the_tolerant_reader() {
        let t = strict(
            "CREATE TABLE `log` (\n  `id` int NOT NULL,\n  `c` varchar(9) DEFAULT '/*!50100 PARTITION'\n) ENGINE=InnoDB DEFAULT CHARSET=utf8\n/*!50100 PARTITION BY RANGE (id)\n(PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB,\n PARTITION p1 VALUES LESS THAN MAXVALUE ENGINE = InnoDB) */",
        );
        assert_eq!(t.columns.len(), 2);
        assert_eq!(t.columns[1].default.as_deref(), Some("/*!50100 PARTITION"));
        assert_eq!(t.charset.as_deref(), Some("utf8"));
        let h = hand(
            "CREATE TABLE `log` (`id` int) ENGINE=InnoDB /*!50100 PARTITION BY HASH (id) PARTITIONS 4 */",
        );
        assert_eq!(h.engine.as_deref(), Some("InnoDB"));
    }

    #[test]
    fn folds_type_synonyms() {
        let t = both(
            "CREATE TABLE t (a integer unsigned, b numeric(10,2), c bool, d double precision, e real, f character varying(9), g year(4), h geometry, i tinyint(1), j dec(5), k double(12,4) unsigned, l mediumint(8), m char(2), n datetime, o date, p time, q json, r blob, s longtext, u mediumblob, v binary(16))",
        );
        let ty = |n: &str| {
            let c = col(&t, n);
            (c.data_type.clone(), c.length, c.scale, c.unsigned)
        };
        assert_eq!(ty("a"), ("int".into(), None, None, true));
        assert_eq!(ty("b"), ("decimal".into(), Some(10), Some(2), false));
        assert_eq!(ty("c"), ("tinyint".into(), Some(1), None, false));
        assert_eq!(ty("d").0, "double");
        assert_eq!(ty("e").0, "double");
        assert_eq!(ty("f"), ("varchar".into(), Some(9), None, false));
        assert_eq!(ty("g"), ("year".into(), Some(4), None, false));
        assert_eq!(ty("h").0, "geometry");
        assert_eq!(ty("j"), ("decimal".into(), Some(5), None, false));
        assert_eq!(ty("k"), ("double".into(), Some(12), Some(4), true));
        assert_eq!(ty("l"), ("mediumint".into(), Some(8), None, false));
        for (c, name) in [
            ("m", "char"),
            ("n", "datetime"),
            ("o", "date"),
            ("p", "time"),
        ] {
            assert_eq!(ty(c).0, name);
        }
        for (c, name) in [
            ("q", "json"),
            ("r", "blob"),
            ("s", "longtext"),
            ("u", "mediumblob"),
        ] {
            assert_eq!(ty(c).0, name);
        }
        assert_eq!(ty("v"), ("binary".into(), Some(16), None, false));
    }

    #[test]
    fn falls_back_when_sqlparser_rejects_the_statement() {
        let sql = "CREATE TABLE `old` (\n  `id` int(10) unsigned zerofill NOT NULL auto_increment,\n  `name` varchar(64) binary NOT NULL default '',\n  PRIMARY KEY  (`id`)\n) TYPE=MyISAM";
        let (t, warning) = parse_create_table(sql.as_bytes()).unwrap();
        let warning = warning.expect("a warning");
        assert!(warning.contains("sqlparser"), "{warning}");
        assert!(t.tolerant);
        assert_eq!(t.name, "old");
        assert_eq!(t.engine.as_deref(), Some("MyISAM"));
        assert_eq!(t.primary_key, strings(&["id"]));
        let id = col(&t, "id");
        assert_eq!(
            (
                id.data_type.as_str(),
                id.length,
                id.unsigned,
                id.auto_increment,
                id.nullable
            ),
            ("int", Some(10), true, true, false)
        );
        let name = col(&t, "name");
        assert_eq!(name.default.as_deref(), Some(""));
        assert_eq!(name.length, Some(64));
        assert!(!name.nullable);
    }

    #[test]
    fn tolerant_reader_skips_what_it_does_not_know() {
        let sql = "CREATE TABLE t (\n  `a` madeup_type(10,2) NOT NULL FANCY ATTRIBUTE,\n  `b` int DEFAULT 5 WITH (odd = 1),\n  WEIRD INDEX THING (a),\n  `c` varchar(3) CHARSET ascii COMMENT \"dq\"\n) ENGINE=Aria garbage_option=5 \"junk\" COMMENT 'ok' (()) ";
        let (t, warning) = parse_create_table(sql.as_bytes()).unwrap();
        assert!(warning.is_some() && t.tolerant);
        assert_eq!(t.engine.as_deref(), Some("Aria"));
        assert_eq!(t.comment.as_deref(), Some("ok"));
        // An item starting with an unknown bare word reads as a column: a guess, but one
        // that keeps the column count right for the far more common unknown column type.
        assert_eq!(t.column_names(), vec!["a", "b", "WEIRD", "c"]);
        assert_eq!(col(&t, "WEIRD").data_type, "index");
        let a = col(&t, "a");
        assert_eq!(
            (a.data_type.as_str(), a.length, a.scale, a.nullable),
            ("madeup_type", Some(10), Some(2), false)
        );
        assert_eq!(col(&t, "b").default.as_deref(), Some("5"));
        let c = col(&t, "c");
        assert_eq!(c.charset.as_deref(), Some("ascii"));
        assert_eq!(c.comment.as_deref(), Some("dq"));
        // Valid MySQL that sqlparser does not take: the index type before the columns.
        let (t, warning) =
            parse_create_table(b"CREATE TABLE t (a int, b int, PRIMARY KEY USING BTREE (a, b))")
                .unwrap();
        assert!(warning.is_some());
        assert_eq!(t.primary_key, strings(&["a", "b"]));
    }

    #[test]
    fn tolerant_reader_matches_sqlparser_on_hand_written_statements() {
        for sql in [
            MYSQLDUMP,
            "CREATE TABLE t (a enum('x','y') NOT NULL DEFAULT 'x', b set('a') NULL, c bigint(20) unsigned)",
            "CREATE TEMPORARY TABLE IF NOT EXISTS `db`.`t` (a int) ENGINE=MEMORY",
            "CREATE TABLE t (a text CHARACTER SET latin1 COLLATE latin1_general_ci, b tinytext, c varbinary(255) NOT NULL DEFAULT '')",
        ] {
            both(sql);
        }
    }

    #[test]
    fn errors_only_without_a_name_or_a_column_list() {
        for (sql, expect) in [
            ("CREATE TABLE", "table name"),
            ("CREATE TABLE `t`", "column list"),
            ("CREATE TABLE t LIKE u", "column list"),
            ("CREATE TABLE t AS SELECT 1", "column list"),
            ("CREATE TABLE t ()", "no column"),
            ("CREATE TABLE t (PRIMARY KEY (a))", "no column"),
            ("DROP TABLE t", "not a CREATE TABLE"),
            ("", "not a CREATE TABLE"),
            ("CREATE TABLE t (`a` 'oops')", "no column"),
        ] {
            let e = parse_create_table(sql.as_bytes()).unwrap_err();
            assert!(e.contains(expect), "{sql}: {e}");
        }
        // Cut off mid-statement: what was read is kept.
        let (t, w) = parse_create_table(b"CREATE TABLE t (a int, b varchar(").unwrap();
        assert!(w.is_some());
        assert_eq!(t.column_names(), vec!["a", "b"]);
        let (t, _) = parse_create_table(b"CREATE TABLE t (a int COMMENT 'open").unwrap();
        assert_eq!(t.column_names(), vec!["a"]);
    }

    #[test]
    fn reads_alter_table_foreign_keys() {
        let sql = b"ALTER TABLE `catalog_category_entity_datetime`\n  ADD CONSTRAINT `FK_A` FOREIGN KEY (`attribute_id`) REFERENCES `eav_attribute` (`attribute_id`) ON DELETE CASCADE ON UPDATE CASCADE,\n  ADD CONSTRAINT `FK_B` FOREIGN KEY (`entity_id`, `x`) REFERENCES `db`.`catalog_category_entity` (`entity_id`, `y`),\r\n  ADD CONSTRAINT FOREIGN KEY (`store_id`) REFERENCES core_store (store_id) ON UPDATE SET DEFAULT";
        let (t, fks) = parse_alter_foreign_keys(sql).unwrap();
        assert_eq!(t, "catalog_category_entity_datetime");
        assert_eq!(fks.len(), 3);
        assert_eq!(
            fks[0],
            ForeignKey {
                name: Some("FK_A".into()),
                columns: strings(&["attribute_id"]),
                ref_table: "eav_attribute".into(),
                ref_columns: strings(&["attribute_id"]),
                on_delete: Some("CASCADE".into()),
                on_update: Some("CASCADE".into()),
            }
        );
        assert_eq!(fks[1].columns, strings(&["entity_id", "x"]));
        assert_eq!(fks[1].ref_table, "catalog_category_entity");
        assert_eq!(
            (fks[1].on_delete.clone(), fks[1].on_update.clone()),
            (None, None)
        );
        assert_eq!(fks[2].name, None);
        assert_eq!(fks[2].on_update.as_deref(), Some("SET DEFAULT"));
        // Without CONSTRAINT, and mixed with other clauses.
        let (_, fks) = parse_alter_foreign_keys(
            b"ALTER TABLE t ADD PRIMARY KEY (`id`), ADD KEY `k` (`a`), ADD FOREIGN KEY `fk_i` (a) REFERENCES u (b), MODIFY `id` int NOT NULL AUTO_INCREMENT",
        )
        .unwrap();
        assert_eq!(fks.len(), 1);
        assert_eq!(fks[0].name.as_deref(), Some("fk_i"));
    }

    #[test]
    fn alter_table_without_foreign_keys_is_none() {
        for sql in [
            &b"/*!40000 ALTER TABLE `t` DISABLE KEYS */"[..],
            b"ALTER TABLE `t` ADD PRIMARY KEY (`id`), ADD UNIQUE KEY `u` (`a`)",
            b"ALTER TABLE `t` MODIFY `id` int(10) unsigned NOT NULL AUTO_INCREMENT, AUTO_INCREMENT=5",
            b"ALTER TABLE t ADD CONSTRAINT c FOREIGN KEY", // cut off
            b"CREATE TABLE t (a int, FOREIGN KEY (a) REFERENCES u (b))",
            b"ALTER",
            b"",
        ] {
            assert_eq!(parse_alter_foreign_keys(sql), None, "{}", String::from_utf8_lossy(sql));
        }
    }

    #[test]
    fn detects_a_table_prefix() {
        let core = [
            "admin_user",
            "catalog_product_entity",
            "cms_page",
            "core_config_data",
            "core_resource",
            "core_store",
            "core_website",
            "customer_entity",
            "eav_attribute",
            "eav_entity_type",
            "sales_flat_order",
        ];
        let plain: Vec<String> = core.iter().map(|s| s.to_string()).collect();
        assert_eq!(detect_prefix(plain.iter().map(String::as_str)), None);
        let prefixed: Vec<String> = core.iter().map(|s| format!("mage_{s}")).collect();
        assert_eq!(
            detect_prefix(prefixed.iter().map(String::as_str)),
            Some("mage_".into())
        );
        // Some stray unprefixed tables beside a prefixed store.
        let mut mixed = prefixed.clone();
        mixed.extend(["core_resource", "admin_user", "wp_posts"].map(String::from));
        assert_eq!(
            detect_prefix(mixed.iter().map(String::as_str)),
            Some("mage_".into())
        );
        // A prefixed module next to a plain store is no prefix.
        let mut module = plain.clone();
        module.extend(["foo_admin_user", "foo_cms_page"].map(String::from));
        assert_eq!(detect_prefix(module.iter().map(String::as_str)), None);
        // Two core tables are not enough; nor is a prefix most tables lack.
        assert_eq!(detect_prefix(["x_core_store", "x_core_website"]), None);
        let mut few = prefixed[..3].to_vec();
        few.extend((0..10).map(|i| format!("other_{i}")));
        assert_eq!(detect_prefix(few.iter().map(String::as_str)), None);
        assert_eq!(detect_prefix([]), None);
        assert_eq!(
            detect_prefix(["ü_core_store", "ü_cms_page", "ü_admin_user"]),
            Some("ü_".into())
        );
    }

    // ---- the real dumps ------------------------------------------------------------------

    /// A real dump's DDL: its file name and its CREATE TABLE and ALTER TABLE statements.
    struct Dump {
        file: String,
        ddl: Vec<(StmtKind, Vec<u8>)>,
    }

    /// The real dumps, read once for all tests and in parallel (gunzip and splitting in a
    /// debug build are the slow part of these tests).
    fn dumps() -> &'static [Dump] {
        static DUMPS: OnceLock<Vec<Dump>> = OnceLock::new();
        DUMPS.get_or_init(|| {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/m1");
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .map(|e| e.unwrap().path())
                .filter(|p| p.to_string_lossy().ends_with(".sql.gz"))
                .collect();
            paths.sort();
            assert!(!paths.is_empty(), "no dumps in {}", dir.display());
            std::thread::scope(|scope| {
                let jobs: Vec<_> = paths
                    .iter()
                    .map(|p| scope.spawn(move || read_dump(p)))
                    .collect();
                jobs.into_iter().map(|j| j.join().unwrap()).collect()
            })
        })
    }

    fn read_dump(path: &Path) -> Dump {
        let file = std::fs::File::open(path).unwrap();
        let mut blocks = Blocks::new(flate2::read::GzDecoder::new(file), 0, 8 << 20);
        let mut ddl = Vec::new();
        while let Some(block) = blocks.next_block(Vec::new()).unwrap() {
            for span in &block.stmts {
                let s = &block.data[span.start..span.end];
                if let Ok(c) = classify(s)
                    && matches!(c.kind, StmtKind::CreateTable | StmtKind::AlterTable)
                {
                    ddl.push((c.kind, s.to_vec()));
                }
            }
        }
        Dump {
            file: path.file_name().unwrap().to_string_lossy().into_owned(),
            ddl,
        }
    }

    fn count_foreign_key_words(s: &[u8]) -> usize {
        let upper = s.to_ascii_uppercase();
        let words: Vec<&[u8]> = upper
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        words
            .windows(2)
            .filter(|w| w[0] == b"FOREIGN" && w[1] == b"KEY")
            .count()
    }

    /// Foreign keys of an ALTER TABLE as sqlparser reads them, to check the hand reader.
    fn sqlparser_alter_fks(sql: &[u8]) -> Vec<ForeignKey> {
        use sqlparser::ast::AlterTableOperation;
        let text = String::from_utf8_lossy(sql);
        let Ok(stmts) = Parser::parse_sql(&MySqlDialect {}, &text) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for s in stmts {
            if let Statement::AlterTable(a) = s {
                for op in a.operations {
                    if let AlterTableOperation::AddConstraint {
                        constraint: TableConstraint::ForeignKey(fk),
                        ..
                    } = op
                    {
                        out.push(ForeignKey {
                            name: fk.name.or(fk.index_name).map(|i| i.value),
                            columns: fk.columns.into_iter().map(|i| i.value).collect(),
                            ref_table: last_name(&fk.foreign_table).unwrap(),
                            ref_columns: fk.referred_columns.into_iter().map(|i| i.value).collect(),
                            on_delete: fk.on_delete.map(|a| a.to_string()),
                            on_update: fk.on_update.map(|a| a.to_string()),
                        });
                    }
                }
            }
        }
        out
    }

    #[test]
    fn reads_every_table_of_the_real_dumps() {
        let tolerant_used: Vec<String> = std::thread::scope(|scope| {
            let jobs: Vec<_> = dumps()
                .iter()
                .map(|d| scope.spawn(move || check_dump(d)))
                .collect();
            jobs.into_iter().flat_map(|j| j.join().unwrap()).collect()
        });
        // The real dumps need no fallback; if one ever does, this says which and why.
        assert!(tolerant_used.is_empty(), "{tolerant_used:#?}");
    }

    /// Reads every CREATE TABLE and ALTER TABLE of a dump and checks what we know of it;
    /// returns the warnings of the statements that needed the tolerant reader.
    fn check_dump(dump: &Dump) -> Vec<String> {
        let file = dump.file.as_str();
        let mut tolerant_used = Vec::new();
        let mut tables: Vec<Table> = Vec::new();
        let mut fk_words = 0;
        let mut alter_fks = 0;
        for (kind, sql) in &dump.ddl {
            fk_words += count_foreign_key_words(sql);
            if *kind == StmtKind::AlterTable {
                let expected = sqlparser_alter_fks(sql);
                match parse_alter_foreign_keys(sql) {
                    Some((t, fks)) => {
                        assert_eq!(fks, expected, "{file}: ALTER TABLE `{t}`");
                        alter_fks += fks.len();
                        let target = tables.iter_mut().find(|x| x.name == t);
                        target
                            .unwrap_or_else(|| panic!("{file}: ALTER of unknown `{t}`"))
                            .foreign_keys
                            .extend(fks);
                    }
                    None => assert!(expected.is_empty(), "{file}: missed FKs"),
                }
                continue;
            }
            let (table, warning) = parse_create_table(sql)
                .unwrap_or_else(|e| panic!("{file}: {e}\n{}", String::from_utf8_lossy(sql)));
            if let Some(w) = warning {
                tolerant_used.push(format!("{file}: `{}`: {w}", table.name));
            } else {
                // The tolerant reader must read the same table.
                let mut h = tolerant::create_table(sql).unwrap();
                h.tolerant = false;
                assert_eq!(h, table, "{file}: the readers disagree");
            }
            assert!(
                !table.columns.is_empty(),
                "{file}: `{}` has no columns",
                table.name
            );
            assert!(
                table.primary_key.iter().all(|k| table.column(k).is_some()),
                "{file}: `{}` keys an unknown column",
                table.name
            );
            tables.push(table);
        }
        assert!(tables.len() > 250, "{file}: only {} tables", tables.len());
        let fks: usize = tables.iter().map(|t| t.foreign_keys.len()).sum();
        assert_eq!(fks, fk_words, "{file}: foreign keys");
        assert!(fks > 100, "{file}: {fks} foreign keys");
        if ["Padungsak", "ghadagesandip", "symmetrics"]
            .iter()
            .any(|p| file.starts_with(p))
        {
            assert!(alter_fks > 100, "{file}: {alter_fks} FKs from ALTER TABLE");
        }

        let prefix = detect_prefix(tables.iter().map(|t| t.name.as_str()));
        let p = if file.starts_with("arnvvd") {
            assert_eq!(prefix.as_deref(), Some("magev1_"), "{file}");
            let info = tables
                .iter()
                .find(|t| t.name == "magev1_log_visitor_info")
                .unwrap();
            let addr = col(info, "remote_addr");
            assert_eq!(
                (addr.data_type.as_str(), addr.length),
                ("varbinary", Some(16))
            );
            assert!(addr.nullable && addr.is_binary());
            "magev1_"
        } else {
            assert_eq!(prefix, None, "{file}");
            ""
        };
        let ccd = tables
            .iter()
            .find(|t| t.name == format!("{p}core_config_data"))
            .unwrap_or_else(|| panic!("{file}: no core_config_data"));
        assert_eq!(ccd.primary_key, strings(&["config_id"]), "{file}");
        assert!(col(ccd, "config_id").auto_increment, "{file}");
        assert!(
            ccd.unique_keys
                .iter()
                .any(|u| u.columns == strings(&["scope", "scope_id", "path"])),
            "{file}: {:?}",
            ccd.unique_keys
        );
        assert_eq!(col(ccd, "path").length, Some(255), "{file}");
        assert_eq!(ccd.engine.as_deref(), Some("InnoDB"), "{file}");
        assert_eq!(ccd.charset.as_deref(), Some("utf8"), "{file}");
        if let Some(order) = tables
            .iter()
            .find(|t| t.name == format!("{p}sales_flat_order"))
        {
            let grand = col(order, "grand_total");
            assert_eq!(
                (grand.data_type.as_str(), grand.length, grand.scale),
                ("decimal", Some(12), Some(4))
            );
        }
        tolerant_used
    }

    #[test]
    fn real_dumps_hold_the_odd_syntax_the_readers_must_know() {
        // Guards the test above against dumps that silently lose their quirks.
        let mut crlf = false;
        let mut on_update = false;
        let mut column_charset = false;
        for dump in dumps() {
            for (kind, sql) in &dump.ddl {
                if *kind != StmtKind::CreateTable {
                    continue;
                }
                let text = String::from_utf8_lossy(sql);
                crlf |= text.contains("\r\n");
                on_update |= text.contains("ON UPDATE CURRENT_TIMESTAMP");
                if text.contains("CHARACTER SET latin1 COLLATE latin1_general_ci") {
                    column_charset = true;
                    let (t, _) = parse_create_table(sql).unwrap();
                    assert!(
                        t.columns
                            .iter()
                            .any(|c| c.charset.as_deref() == Some("latin1")
                                && c.collation.as_deref() == Some("latin1_general_ci"))
                    );
                }
            }
        }
        assert!(crlf && on_update && column_charset);
    }

    mod fuzz {
        use super::super::*;
        use proptest::prelude::*;

        /// Pieces of DDL, so that random statements get deep into both readers.
        fn piece() -> impl Strategy<Value = &'static str> {
            prop::sample::select(vec![
                "CREATE",
                "TABLE",
                "ALTER",
                "ADD",
                "CONSTRAINT",
                "FOREIGN",
                "KEY",
                "PRIMARY",
                "UNIQUE",
                "REFERENCES",
                "ON",
                "DELETE",
                "UPDATE",
                "CASCADE",
                "SET",
                "NULL",
                "NOT",
                "DEFAULT",
                "COMMENT",
                "ENGINE",
                "TYPE",
                "=",
                "(",
                ")",
                "((",
                "))",
                ",",
                ".",
                "-",
                "`t`",
                "`",
                "'",
                "\"",
                "'x'",
                "'it\\'s'",
                "b'0'",
                "a",
                "int(10)",
                "enum('a','b')",
                "varchar(",
                "decimal(12,4)",
                "unsigned",
                "CHARSET",
                "COLLATE",
                "CHARACTER",
                "/*!40101",
                "*/",
                "/*",
                "--",
                "#",
                "\n",
                "\r\n",
                " ",
                "12.5",
                "CURRENT_TIMESTAMP",
                "DOUBLE",
                "PRECISION",
                "NATIONAL",
                "LONG",
                "USING",
                "BTREE",
                "IF",
                "EXISTS",
                "PARTITION",
                "/*!50100 PARTITION",
                "\\",
                "é",
                "\u{0}",
            ])
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
                let _ = parse_create_table(&bytes);
                let _ = parse_alter_foreign_keys(&bytes);
            }

            #[test]
            fn never_panics_on_ddl_pieces(pieces in prop::collection::vec(piece(), 0..60)) {
                let sql = pieces.join(" ");
                let _ = parse_create_table(sql.as_bytes());
                let _ = parse_alter_foreign_keys(sql.as_bytes());
                let glued = pieces.concat();
                let _ = parse_create_table(glued.as_bytes());
                let _ = parse_alter_foreign_keys(glued.as_bytes());
                let mut prefixed = String::from("CREATE TABLE t (");
                prefixed.push_str(&sql);
                let r = parse_create_table(prefixed.as_bytes());
                if let Ok((t, w)) = r {
                    prop_assert_eq!(t.name, "t");
                    prop_assert!(!t.columns.is_empty());
                    prop_assert_eq!(t.tolerant, w.is_some());
                }
            }
        }
    }
}

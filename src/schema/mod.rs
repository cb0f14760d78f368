//! The table model of a dump: what `CREATE TABLE` (and a trailing `ALTER TABLE … ADD
//! CONSTRAINT`) says about each table. Filled by [`crate::dump::ddl`]; read by the steps.

use serde::Serialize;
use std::collections::BTreeMap;

/// One column of a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: String,
    /// The base type in lower case: `int`, `varchar`, `decimal`, `text`, `enum`, …
    pub data_type: String,
    /// Length or precision: `varchar(255)` → 255, `decimal(12,4)` → 12.
    pub length: Option<u64>,
    /// Scale of `decimal(12,4)` → 4.
    pub scale: Option<u64>,
    /// Values of an `enum(…)` or `set(…)`.
    pub values: Vec<String>,
    pub unsigned: bool,
    pub nullable: bool,
    /// The default as written, without quotes for strings; `None` without a DEFAULT clause.
    /// A `DEFAULT NULL` is `Some("NULL")` with `default_is_null`.
    pub default: Option<String>,
    pub default_is_null: bool,
    pub auto_increment: bool,
    pub charset: Option<String>,
    pub collation: Option<String>,
    pub comment: Option<String>,
}

impl Column {
    pub fn new(name: &str, data_type: &str) -> Self {
        Column {
            name: name.to_string(),
            data_type: data_type.to_ascii_lowercase(),
            length: None,
            scale: None,
            values: Vec::new(),
            unsigned: false,
            nullable: true,
            default: None,
            default_is_null: false,
            auto_increment: false,
            charset: None,
            collation: None,
            comment: None,
        }
    }

    /// True for the types that hold bytes rather than characters.
    pub fn is_binary(&self) -> bool {
        matches!(
            self.data_type.as_str(),
            "binary" | "varbinary" | "blob" | "tinyblob" | "mediumblob" | "longblob" | "bit"
        ) || self.charset.as_deref() == Some("binary")
    }

    /// True for the types that hold text.
    pub fn is_text(&self) -> bool {
        matches!(
            self.data_type.as_str(),
            "char" | "varchar" | "text" | "tinytext" | "mediumtext" | "longtext" | "enum" | "set"
        ) && self.charset.as_deref() != Some("binary")
    }
}

/// A `FOREIGN KEY` constraint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ForeignKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    /// `CASCADE`, `SET NULL`, `RESTRICT`, `NO ACTION`, `SET DEFAULT`; `None` when not given.
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
}

/// A `UNIQUE` key (the primary key is kept apart).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UniqueKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
}

/// A table as its `CREATE TABLE` statement defines it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    pub unique_keys: Vec<UniqueKey>,
    pub foreign_keys: Vec<ForeignKey>,
    /// `ENGINE=…` as written (`InnoDB`, `MyISAM`, …).
    pub engine: Option<String>,
    /// The table's default charset.
    pub charset: Option<String>,
    pub comment: Option<String>,
    /// True when the tolerant reader had to be used because sqlparser rejected the statement.
    pub tolerant: bool,
}

impl Table {
    pub fn new(name: &str) -> Self {
        Table {
            name: name.to_string(),
            columns: Vec::new(),
            primary_key: Vec::new(),
            unique_keys: Vec::new(),
            foreign_keys: Vec::new(),
            engine: None,
            charset: None,
            comment: None,
            tolerant: false,
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }
}

/// Every table of a dump, by name.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Catalog {
    pub tables: BTreeMap<String, Table>,
}

impl Catalog {
    pub fn get(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    pub fn insert(&mut self, table: Table) {
        self.tables.insert(table.name.clone(), table);
    }

    /// Adds foreign keys from an `ALTER TABLE … ADD CONSTRAINT` to a known table.
    pub fn add_foreign_keys(&mut self, table: &str, fks: Vec<ForeignKey>) -> bool {
        match self.tables.get_mut(table) {
            Some(t) => {
                t.foreign_keys.extend(fks);
                true
            }
            None => false,
        }
    }
}

pub mod rows;

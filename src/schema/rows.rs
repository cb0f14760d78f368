//! Rows of a small table held in memory, decoded: the "dimension" tables that steps look
//! things up in (stores, websites, EAV metadata, configuration). Big tables are never held
//! like this; they stream.

use serde::Serialize;

/// One decoded value: `None` is SQL NULL.
pub type Datum = Option<Vec<u8>>;

/// A table's rows, decoded, with its column names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RowSet {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Datum>>,
}

impl RowSet {
    pub fn new(columns: Vec<String>) -> Self {
        RowSet {
            columns,
            rows: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Index of a column (ASCII case-insensitive, as MySQL names are).
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }

    /// The value of `name` in `row`, as bytes; `None` for NULL or a missing column.
    pub fn get<'a>(&self, row: &'a [Datum], name: &str) -> Option<&'a [u8]> {
        self.col(name)
            .and_then(|i| row.get(i))
            .and_then(|c| c.as_deref())
    }

    /// The value as text (lossy for bytes that are not UTF-8).
    pub fn text(&self, row: &[Datum], name: &str) -> Option<String> {
        self.get(row, name)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// The value as an integer, when it is one.
    pub fn int(&self, row: &[Datum], name: &str) -> Option<i64> {
        std::str::from_utf8(self.get(row, name)?)
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    /// Iterates the rows.
    pub fn iter(&self) -> impl Iterator<Item = &Vec<Datum>> {
        self.rows.iter()
    }
}

//! Compiled per-table plans: how the rows of one source table become rows of one
//! destination table. Planned once, before the work pass; applied to every row by the
//! workers. A value no rule touches is copied as the raw literal it was in the dump.

use crate::dump::lex::Verb;
use crate::dump::value::{Value, escape_quoted};
use std::borrow::Cow;
use std::sync::Arc;

/// One value of a record being transformed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell<'a> {
    /// The literal as the dump wrote it.
    Raw(Value<'a>),
    /// A value set by a handler: `None` is SQL NULL.
    Set(Option<Vec<u8>>),
    /// The destination column's default (written as `DEFAULT`).
    Default,
}

impl<'a> Cell<'a> {
    /// The decoded bytes; `None` for NULL or DEFAULT.
    pub fn bytes(&self) -> Option<Cow<'_, [u8]>> {
        match self {
            Cell::Raw(v) => v.decode(),
            Cell::Set(b) => b.as_deref().map(Cow::Borrowed),
            Cell::Default => None,
        }
    }

    pub fn is_null(&self) -> bool {
        match self {
            Cell::Raw(v) => v.is_null(),
            Cell::Set(b) => b.is_none(),
            Cell::Default => false,
        }
    }

    /// Appends the cell as a SQL literal.
    #[inline]
    pub fn write(&self, out: &mut Vec<u8>) {
        match self {
            Cell::Raw(v) => v.write_canonical(out),
            Cell::Set(None) => out.extend_from_slice(b"NULL"),
            Cell::Set(Some(b)) => escape_quoted(out, b),
            Cell::Default => out.extend_from_slice(b"DEFAULT"),
        }
    }
}

/// A row on its way through a plan: the cells, by column position.
#[derive(Debug, Default)]
pub struct Record<'a> {
    pub cells: Vec<Cell<'a>>,
}

impl<'a> Record<'a> {
    pub fn get(&self, i: usize) -> Option<Cow<'_, [u8]>> {
        self.cells.get(i).and_then(Cell::bytes)
    }

    pub fn set(&mut self, i: usize, v: Option<Vec<u8>>) {
        if let Some(c) = self.cells.get_mut(i) {
            *c = Cell::Set(v);
        }
    }
}

/// What a handler may report about a row.
#[derive(Debug, Default)]
pub struct RowNotes {
    /// Counted events by name (e.g. "broken serialized data in sales_flat_quote.gift_cards").
    pub counts: Vec<(String, u64)>,
    /// Messages worth showing (few; the report keeps the first of each kind).
    pub messages: Vec<String>,
    /// The row must not be written (the rule that drops it).
    pub drop: Option<String>,
}

impl RowNotes {
    pub fn count(&mut self, what: &str) {
        match self.counts.iter_mut().find(|(k, _)| k == what) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((what.to_string(), 1)),
        }
    }
}

/// A value handler applied to whole records (it may read other columns of the row).
pub trait RowHandler: Send + Sync + std::fmt::Debug {
    fn apply(&self, rec: &mut Record<'_>, notes: &mut RowNotes);
}

/// A check on a destination column: values longer than the column, or NULL in a NOT NULL
/// column, are reported (never silently truncated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnCheck {
    /// Characters (text columns) or bytes (binary columns) at most.
    pub max_len: Option<u64>,
    pub chars: bool,
    pub not_null: bool,
}

/// Where a destination column's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The source column at this position.
    Source(usize),
    /// Not from the source: starts as the column default, handlers may set it.
    Extra,
}

/// The plan for one source table.
#[derive(Debug, Clone)]
pub enum TablePlan {
    /// Rows are not written; `rule` says why (for the row account).
    Drop { rule: String },
    /// A step read the rows in pass 1 and writes them itself (in a generated section); the
    /// work pass only counts them. The step accounts for what it wrote and dropped.
    Generated { step: String },
    /// Rows are written to `dest`.
    Write(Arc<WritePlan>),
}

/// What a written row does when its unique key is already taken in Magento 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnDuplicate {
    /// A plain INSERT: the load fails (the destination table was emptied, so it never is).
    Fail,
    /// `ON DUPLICATE KEY UPDATE` every written column (map-document-groups'
    /// `destination_documents_update_on_duplicate`, Tier Price's group prices).
    Update,
    /// `ON DUPLICATE KEY UPDATE` a no-op: the row already there stays (Tier Price's tier
    /// rows never replace a group price).
    Keep,
}

/// How rows of one source table are written to one destination table.
#[derive(Debug)]
pub struct WritePlan {
    pub source: String,
    pub dest: String,
    pub verb: Verb,
    /// What a row whose unique key is taken does.
    pub on_duplicate: OnDuplicate,
    /// The source table's columns, in its own order.
    pub source_columns: Vec<String>,
    /// Destination columns written, in order, and where each value comes from.
    pub columns: Vec<String>,
    pub slots: Vec<Slot>,
    /// Handlers on the source record, then on the destination record.
    pub source_handlers: Vec<Box<dyn RowHandler>>,
    pub dest_handlers: Vec<Box<dyn RowHandler>>,
    /// Checks per written column (`None`: the source column always fits).
    pub checks: Vec<Option<ColumnCheck>>,
    /// Which primary-key columns of the destination identify a row in messages
    /// (positions in `columns`).
    pub key: Vec<usize>,
    /// More destination tables each source row feeds (after the source handlers ran):
    /// e.g. Magento 2's media gallery value-to-entity links made from Magento 1's gallery.
    pub also: Vec<Arc<WritePlan>>,
    /// Write one row per item of the comma list in this destination column (Magento's
    /// Rule\NormalizationIds: `customer_group_ids` "1,2" → two link rows).
    pub explode: Option<usize>,
}

impl WritePlan {
    /// A plain INSERT plan from `source` into `dest`: the destination `columns`, where each
    /// value comes from, and handlers on the destination record.
    pub fn simple(
        source: &crate::schema::Table,
        dest: &str,
        columns: Vec<String>,
        slots: Vec<Slot>,
        handlers: Vec<Box<dyn RowHandler>>,
    ) -> WritePlan {
        WritePlan {
            source: source.name.clone(),
            dest: dest.to_string(),
            verb: Verb::Insert,
            on_duplicate: OnDuplicate::Fail,
            source_columns: source.columns.iter().map(|c| c.name.clone()).collect(),
            checks: vec![None; columns.len()],
            columns,
            slots,
            source_handlers: Vec::new(),
            dest_handlers: handlers,
            key: Vec::new(),
            also: Vec::new(),
            explode: None,
        }
    }

    /// True when every tuple can be copied as bytes: all source columns, in order, no
    /// handler, no check.
    pub fn copies_tuples(&self) -> bool {
        self.source_handlers.is_empty()
            && self.dest_handlers.is_empty()
            && self.also.is_empty()
            && self.explode.is_none()
            && self.slots.len() == self.source_columns.len()
            && self
                .slots
                .iter()
                .enumerate()
                .all(|(i, s)| *s == Slot::Source(i))
            && self.checks.iter().all(Option::is_none)
    }

    /// `INSERT INTO `dest` (`a`,`b`) VALUES ` (and the trailer for ON DUPLICATE).
    pub fn header(&self) -> Vec<u8> {
        let mut h = Vec::new();
        let cols: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        crate::dump::write::insert_header(&mut h, self.verb.sql(), &self.dest, Some(&cols));
        h
    }

    /// `ON DUPLICATE KEY UPDATE `a`=VALUES(`a`),…` for the written columns.
    pub fn on_duplicate_clause(&self) -> Option<Vec<u8>> {
        match self.on_duplicate {
            OnDuplicate::Fail => return None,
            OnDuplicate::Keep => {
                let q = crate::dump::write::quote_ident(self.columns.first()?);
                return Some(format!(" ON DUPLICATE KEY UPDATE {q}={q}").into_bytes());
            }
            OnDuplicate::Update => {}
        }
        let mut s = String::from(" ON DUPLICATE KEY UPDATE ");
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            let q = crate::dump::write::quote_ident(c);
            s.push_str(&format!("{q}=VALUES({q})"));
        }
        Some(s.into_bytes())
    }
}

impl WritePlan {
    /// Applies the plan to a decoded row (source catalog order), as the work pass does to
    /// streamed rows: source handlers, columns, destination handlers. Returns the
    /// destination values (a column left at its default is `None`), or the rule that
    /// dropped the row.
    pub fn apply_owned(
        &self,
        row: &[crate::schema::rows::Datum],
        notes: &mut RowNotes,
    ) -> Result<Vec<crate::schema::rows::Datum>, String> {
        let mut src = Record {
            cells: row.iter().map(|d| Cell::Set(d.clone())).collect(),
        };
        for h in &self.source_handlers {
            h.apply(&mut src, notes);
        }
        if let Some(rule) = notes.drop.take() {
            return Err(rule);
        }
        let mut dst = Record {
            cells: self
                .slots
                .iter()
                .map(|s| match s {
                    Slot::Source(i) => src.cells.get(*i).cloned().unwrap_or(Cell::Default),
                    Slot::Extra => Cell::Default,
                })
                .collect(),
        };
        for h in &self.dest_handlers {
            h.apply(&mut dst, notes);
        }
        if let Some(rule) = notes.drop.take() {
            return Err(rule);
        }
        Ok(dst
            .cells
            .iter()
            .map(|c| c.bytes().map(|b| b.into_owned()))
            .collect())
    }
}

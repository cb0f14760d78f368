//! From a handler named in a map file (`<handler class="\Migration\Handler\SetValue">` with
//! its params) to a [`RowHandler`] working on records. The value logic lives in
//! `crate::handlers`; this module knows which column each handler reads and writes.

use crate::mapping::map::HandlerSpec;
use crate::mapping::plan::{Record, RowHandler, RowNotes};
use crate::steps::Context;
use anyhow::{Result, bail};

/// The short class name: `\Migration\Handler\SetValue` → `SetValue`,
/// `\Migration\Handler\SerializeToJson\ItemOption` → `SerializeToJson\ItemOption`.
pub fn short_class(class: &str) -> &str {
    let c = class.trim_start_matches('\\');
    c.strip_prefix("Migration\\Handler\\").unwrap_or(c)
}

fn param<'a>(spec: &'a HandlerSpec, name: &str) -> Option<&'a str> {
    spec.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// SetValue: `NULL` sets NULL, `+N`/`-N` adds to the current value, anything else is the
/// literal value.
#[derive(Debug)]
struct SetValue {
    col: usize,
    value: String,
}

impl RowHandler for SetValue {
    fn apply(&self, rec: &mut Record<'_>, _notes: &mut RowNotes) {
        let v = self.value.as_str();
        if v.eq_ignore_ascii_case("null") {
            rec.set(self.col, None);
        } else if let Some(delta) = v.strip_prefix('+').or_else(|| v.strip_prefix('-').map(|_| v)) {
            let cur = rec
                .get(self.col)
                .and_then(|b| std::str::from_utf8(&b).ok().and_then(|s| s.trim().parse::<f64>().ok()))
                .unwrap_or(0.0);
            let d: f64 = delta.parse().unwrap_or(0.0);
            let n = cur + d;
            let text = if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") };
            rec.set(self.col, Some(text.into_bytes()));
        } else {
            rec.set(self.col, Some(v.as_bytes().to_vec()));
        }
    }
}

/// Builds the handler `spec` for the column at `col` of a record whose columns are `columns`
/// (of document `doc`).
pub fn build(
    _ctx: &Context,
    spec: &HandlerSpec,
    doc: &str,
    columns: &[String],
    col: usize,
) -> Result<Box<dyn RowHandler>> {
    let _ = columns;
    match short_class(&spec.class) {
        "SetValue" => Ok(Box::new(SetValue {
            col,
            value: param(spec, "value").unwrap_or("").to_string(),
        })),
        other => bail!(
            "the handler {other} (on {doc}.{}) is not supported yet",
            columns.get(col).map(String::as_str).unwrap_or("?")
        ),
    }
}

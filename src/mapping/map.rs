//! Map files (Magento's `map.xsd`: map.xml, map-eav.xml, map-customer.xml, map-stores.xml,
//! map-log.xml, map-tier-price.xml) compiled into [`MapRules`], with the lookups of Magento's
//! `src/Migration/Reader/Map.php` and the handler order of `RecordTransformer.php`.
//!
//! The semantics reproduced, all from Magento's source:
//! - **Document ignore**: an exact, case-sensitive match of the whole name; a value with `*`
//!   is also a wildcard (see [`super::wildcard`]: `*` is one or more characters, a prefix
//!   match with no end anchor). An ignore decides before any rename: an ignored document has
//!   no mapping at all, so an ignore wildcard beats a rename.
//! - **Rename** (`source/document_rules/rename`) is looked up in both directions and from both
//!   sides: the first `<rename>` (in file order) with a `<document>` *or* `<to>` equal to the
//!   name gives the other one. So `dest_document("a")` is `b` for `a → b`, and
//!   `source_document("b")` is `a`. Names without a rule map to themselves.
//! - **Field rules** name `document.field` exactly (one dot); fields have no wildcards. Field
//!   ignores do not look at renames: a source field rule names the source document, a
//!   destination rule the destination document.
//! - **Move** (`source/field_rules/move`) is looked up like a rename, in both directions, by
//!   the full `document.field` of either side; only the field part of the other side is used.
//!   The field found must not be ignored on the other side and its document must not be
//!   ignored there ("Field has ambiguous configuration" / "Document has ambiguous
//!   configuration"), and asking for a field of an ignored document is "Document has
//!   ambiguous configuration" too.
//! - **Datatype ignore** only silences the data-type comparison of the integrity check.
//! - **Transform**: every `<transform>` of a field applies, in file order. Magento keys each
//!   handler by `md5(field . class)`, so a second handler of the same class on the same field
//!   replaces the first one's parameters but keeps the first one's place. Magento applies the
//!   handlers of a document in the order of the table's columns, and per column in file order
//!   ([`MapRules::handlers_for_columns`] gives exactly that order).

use super::rules_text::{self, Cursor, Line, pair, word};
use super::wildcard::{Dialect, Wildcard};
use super::xml::{self, Checker, Element, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fmt::Write as _;

/// A value handler named in a map or settings file: its PHP class as written
/// (`\Migration\Handler\SetValue`) and its parameters in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct HandlerSpec {
    pub class: String,
    pub params: Vec<(String, String)>,
}

impl HandlerSpec {
    /// The value of parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `document.field`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldRef {
    pub document: String,
    pub field: String,
}

impl FieldRef {
    fn is(&self, document: &str, field: &str) -> bool {
        self.document == document && self.field == field
    }
}

impl fmt::Display for FieldRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.document, self.field)
    }
}

/// `<rename><document>a</document><to>b</to></rename>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    pub document: String,
    pub to: String,
}

/// `<move><field>a.x</field><to>b.y</to></move>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub field: FieldRef,
    pub to: FieldRef,
}

/// `<transform><field>a.x</field><handler …/></transform>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transform {
    pub field: FieldRef,
    pub handler: HandlerSpec,
}

/// Which side of a map a rule belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Destination,
}

impl Side {
    fn opposite(self) -> Side {
        match self {
            Side::Source => Side::Destination,
            Side::Destination => Side::Source,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Side::Source => "src",
            Side::Destination => "dst",
        }
    }
}

/// The rules of one side (`<source>` or `<destination>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SideRules {
    ignored_documents: BTreeSet<String>,
    /// The ignores that contain `*`, compiled, by value.
    wildcards: BTreeMap<String, Wildcard>,
    ignored_fields: BTreeMap<String, BTreeSet<String>>,
    ignored_datatypes: BTreeMap<String, BTreeSet<String>>,
    transforms: Vec<Transform>,
}

impl SideRules {
    /// Every `<ignore><document>` value, wildcards included.
    pub fn ignored_documents(&self) -> &BTreeSet<String> {
        &self.ignored_documents
    }

    /// Field ignores: document → fields.
    pub fn ignored_fields(&self) -> &BTreeMap<String, BTreeSet<String>> {
        &self.ignored_fields
    }

    /// Datatype ignores: document → fields.
    pub fn ignored_datatypes(&self) -> &BTreeMap<String, BTreeSet<String>> {
        &self.ignored_datatypes
    }

    /// Transforms in file order.
    pub fn transforms(&self) -> &[Transform] {
        &self.transforms
    }

    fn document_ignored(&self, doc: &str) -> bool {
        self.ignored_documents.contains(doc) || self.wildcards.values().any(|w| w.matches(doc))
    }

    fn field_ignored(&self, doc: &str, field: &str) -> bool {
        self.ignored_fields
            .get(doc)
            .is_some_and(|f| f.contains(field))
    }

    fn datatype_ignored(&self, doc: &str, field: &str) -> bool {
        self.ignored_datatypes
            .get(doc)
            .is_some_and(|f| f.contains(field))
    }

    fn ignore_document(&mut self, value: String) -> std::result::Result<(), String> {
        if value.contains('*') && !self.ignored_documents.contains(&value) {
            self.wildcards
                .insert(value.clone(), Wildcard::compile(&value, Dialect::Document)?);
        }
        self.ignored_documents.insert(value);
        Ok(())
    }

    /// Handlers of `doc` in file order, collapsed as Magento keys them (`field . class`).
    fn handlers(&self, doc: &str) -> Vec<(String, HandlerSpec)> {
        let mut out: Vec<(String, HandlerSpec)> = Vec::new();
        for t in self.transforms.iter().filter(|t| t.field.document == doc) {
            push_keyed(&mut out, &t.field.field, &t.handler);
        }
        out
    }
}

/// Adds a handler under Magento's key `field . class`: a repeated key replaces the earlier
/// handler in place (a PHP array keeps a key's first position).
fn push_keyed(out: &mut Vec<(String, HandlerSpec)>, field: &str, h: &HandlerSpec) {
    let key = format!("{field}{}", h.class);
    if let Some(slot) = out
        .iter_mut()
        .find(|(f, s)| f.len() + s.class.len() == key.len() && format!("{f}{}", s.class) == key)
    {
        *slot = (field.to_string(), h.clone());
    } else {
        out.push((field.to_string(), h.clone()));
    }
}

/// The errors Magento's tool throws from a field lookup, with its exact wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MapError {
    /// "Document has ambiguous configuration: %s"
    AmbiguousDocument(String),
    /// "Field has ambiguous configuration: %s"
    AmbiguousField(String),
}

impl fmt::Display for MapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MapError::AmbiguousDocument(d) => {
                write!(f, "Document has ambiguous configuration: {d}")
            }
            MapError::AmbiguousField(d) => write!(f, "Field has ambiguous configuration: {d}"),
        }
    }
}

impl std::error::Error for MapError {}

/// A compiled map file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapRules {
    source: SideRules,
    destination: SideRules,
    renames: Vec<Rename>,
    moves: Vec<Move>,
}

impl MapRules {
    /// Reads a map file in Magento's XML format (`map.xsd`). `file` names it in errors.
    pub fn from_xml(text: &str, file: &str) -> Result<MapRules> {
        let root = xml::parse(text, file)?;
        read_xml(
            &root,
            &Checker {
                file,
                xsd: "map.xsd",
            },
        )
    }

    /// Reads a map file in m1tom2's line format (`kind map`).
    pub fn from_rules_text(text: &str, file: &str) -> Result<MapRules> {
        let lines = rules_text::lines(text, file)?;
        read_text(rules_text::expect_kind(&lines, file, "map")?, file)
    }

    /// Writes the rules in m1tom2's line format (without the header comment).
    pub fn to_rules_text(&self) -> String {
        let mut out = String::from("kind map\n");
        for side in [Side::Source, Side::Destination] {
            let r = self.side(side);
            let s = side.word();
            for d in &r.ignored_documents {
                let _ = writeln!(out, "{s} ignore {}", word(d));
            }
            if side == Side::Source {
                for rn in &self.renames {
                    let _ = writeln!(out, "{s} rename {} {}", word(&rn.document), word(&rn.to));
                }
            }
            for (verb, set) in [
                ("ignore-field", &r.ignored_fields),
                ("ignore-datatype", &r.ignored_datatypes),
            ] {
                for (d, fields) in set {
                    for f in fields {
                        let _ = writeln!(out, "{s} {verb} {}", word(&format!("{d}.{f}")));
                    }
                }
            }
            if side == Side::Source {
                for m in &self.moves {
                    let _ = writeln!(
                        out,
                        "{s} move {} {}",
                        word(&m.field.to_string()),
                        word(&m.to.to_string())
                    );
                }
            }
            for t in &r.transforms {
                let _ = write!(
                    out,
                    "{s} transform {} {}",
                    word(&t.field.to_string()),
                    word(&t.handler.class)
                );
                for (k, v) in &t.handler.params {
                    let _ = write!(out, " {}", pair(k, v));
                }
                out.push('\n');
            }
        }
        out
    }

    /// The rules of one side.
    pub fn side(&self, side: Side) -> &SideRules {
        match side {
            Side::Source => &self.source,
            Side::Destination => &self.destination,
        }
    }

    /// Document renames in file order.
    pub fn renames(&self) -> &[Rename] {
        &self.renames
    }

    /// Field moves in file order.
    pub fn moves(&self) -> &[Move] {
        &self.moves
    }

    /// Whether the source document is ignored (exactly or by a wildcard).
    pub fn source_ignored(&self, doc: &str) -> bool {
        self.source.document_ignored(doc)
    }

    /// Whether the destination document is ignored (exactly or by a wildcard).
    pub fn dest_ignored(&self, doc: &str) -> bool {
        self.destination.document_ignored(doc)
    }

    /// The destination document of a source document: `None` when the source ignores it,
    /// else the renamed name or the same name.
    pub fn dest_document(&self, src_doc: &str) -> Option<String> {
        self.document_map(src_doc, Side::Source)
    }

    /// The source document of a destination document: `None` when the destination ignores
    /// it, else the name a rename gives (renames work both ways) or the same name.
    pub fn source_document(&self, dest_doc: &str) -> Option<String> {
        self.document_map(dest_doc, Side::Destination)
    }

    /// Magento's `getDocumentMap($document, $type)`.
    fn document_map(&self, doc: &str, side: Side) -> Option<String> {
        if self.side(side).document_ignored(doc) {
            return None;
        }
        Some(self.rename_partner(doc).unwrap_or(doc).to_string())
    }

    /// The first rename that names `doc` on either side gives the other name.
    fn rename_partner<'a>(&'a self, doc: &'a str) -> Option<&'a str> {
        let r = self
            .renames
            .iter()
            .find(|r| r.document == doc || r.to == doc)?;
        // Magento takes the last child of <rename> whose value differs from the name.
        Some(if r.to != doc {
            &r.to
        } else if r.document != doc {
            &r.document
        } else {
            doc
        })
    }

    pub fn source_field_ignored(&self, doc: &str, field: &str) -> bool {
        self.source.field_ignored(doc, field)
    }

    pub fn dest_field_ignored(&self, doc: &str, field: &str) -> bool {
        self.destination.field_ignored(doc, field)
    }

    pub fn source_datatype_ignored(&self, doc: &str, field: &str) -> bool {
        self.source.datatype_ignored(doc, field)
    }

    pub fn dest_datatype_ignored(&self, doc: &str, field: &str) -> bool {
        self.destination.datatype_ignored(doc, field)
    }

    /// The destination field a `<move>` gives a source field (`None` without a move, or when
    /// the source ignores the field). No checks: [`Self::dest_field`] has them.
    pub fn moved_field(&self, src_doc: &str, field: &str) -> Option<String> {
        if self.source.field_ignored(src_doc, field) {
            return None;
        }
        self.move_partner(src_doc, field)
            .map(|f| f.map_or(field, |f| &f.field).to_string())
    }

    /// The first move that names `doc.field` on either side gives the other field (`None`
    /// inside when both sides of that move are `doc.field` itself).
    fn move_partner(&self, doc: &str, field: &str) -> Option<Option<&FieldRef>> {
        let m = self
            .moves
            .iter()
            .find(|m| m.field.is(doc, field) || m.to.is(doc, field))?;
        // Magento takes the last child of <move> whose value differs from `doc.field`.
        Some(if !m.to.is(doc, field) {
            Some(&m.to)
        } else if !m.field.is(doc, field) {
            Some(&m.field)
        } else {
            None
        })
    }

    /// Magento's `getFieldMap($document, $field, 'source')`: the destination field of a
    /// source field. `Ok(None)` when the source ignores the field.
    pub fn dest_field(&self, src_doc: &str, field: &str) -> Result<Option<String>, MapError> {
        self.field_map(src_doc, field, Side::Source)
    }

    /// Magento's `getFieldMap($document, $field, 'destination')`: the source field of a
    /// destination field. `Ok(None)` when the destination ignores the field.
    pub fn source_field(&self, dest_doc: &str, field: &str) -> Result<Option<String>, MapError> {
        self.field_map(dest_doc, field, Side::Destination)
    }

    fn field_map(&self, doc: &str, field: &str, side: Side) -> Result<Option<String>, MapError> {
        if self.side(side).field_ignored(doc, field) {
            return Ok(None);
        }
        let Some(mapped_doc) = self.document_map(doc, side) else {
            return Err(MapError::AmbiguousDocument(doc.to_string()));
        };
        let Some(other) = self.move_partner(doc, field) else {
            return Ok(Some(field.to_string()));
        };
        // A move whose both sides are this field leaves Magento's `mapped_doc.field`.
        let same;
        let other = match other {
            Some(o) => o,
            None => {
                same = FieldRef {
                    document: mapped_doc,
                    field: field.to_string(),
                };
                &same
            }
        };
        let opposite = side.opposite();
        if self.document_map(&other.document, opposite).is_none() {
            return Err(MapError::AmbiguousDocument(other.document.clone()));
        }
        if self
            .side(opposite)
            .field_ignored(&other.document, &other.field)
        {
            return Err(MapError::AmbiguousField(other.to_string()));
        }
        Ok(Some(other.field.clone()))
    }

    /// The source handlers of a source document, `(field, handler)` in file order, with a
    /// repeated `field`+`class` collapsed into the first one's place (with the later params).
    pub fn source_handlers(&self, doc: &str) -> Vec<(String, HandlerSpec)> {
        self.source.handlers(doc)
    }

    /// The destination handlers of a destination document, as [`Self::source_handlers`].
    pub fn dest_handlers(&self, doc: &str) -> Vec<(String, HandlerSpec)> {
        self.destination.handlers(doc)
    }

    /// The handlers of `doc` in the exact order Magento's tool runs them for a table with
    /// these columns: column by column, per column in file order, collapsed by
    /// `field . class`.
    pub fn handlers_for_columns(
        &self,
        side: Side,
        doc: &str,
        columns: &[&str],
    ) -> Vec<(String, HandlerSpec)> {
        let rules = self.side(side);
        let mut out = Vec::new();
        for col in columns {
            for t in rules.transforms.iter().filter(|t| t.field.is(doc, col)) {
                push_keyed(&mut out, col, &t.handler);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------
// Magento's XML

fn read_xml(root: &Element, ck: &Checker) -> Result<MapRules> {
    ck.root(root, "map")?;
    let children = ck.only(root, &["source", "destination"])?;
    let mut rules = MapRules::default();
    let src = ck.one(root, &children, "source")?;
    let dst = ck.one(root, &children, "destination")?;
    read_side(src, Side::Source, ck, &mut rules)?;
    read_side(dst, Side::Destination, ck, &mut rules)?;
    Ok(rules)
}

fn read_side(el: &Element, side: Side, ck: &Checker, rules: &mut MapRules) -> Result<()> {
    ck.attrs(el, &[])?;
    for section in ck.only(el, &["document_rules", "field_rules"])? {
        ck.attrs(section, &[])?;
        if section.name == "document_rules" {
            let allowed: &[&str] = if side == Side::Source {
                &["ignore", "rename"]
            } else {
                &["ignore"]
            };
            for rule in ck.elements(section)? {
                if !allowed.contains(&rule.name.as_str()) {
                    let e = ck.unknown(rule, section, allowed);
                    return Err(if rule.name == "rename" {
                        e.hint("renames are declared once, under <source>, and apply in both directions")
                    } else {
                        e
                    });
                }
                ck.attrs(rule, &[])?;
                if rule.name == "ignore" {
                    let kids = ck.only(rule, &["document"])?;
                    let d = ck.one(rule, &kids, "document")?;
                    let v = ck.name_text(d, "a document (table) name")?;
                    let target = side_mut(rules, side);
                    target.ignore_document(v).map_err(|m| {
                        ck.err(d.line, m).hint("write the names to ignore one by one, or use only `*` (one or more characters)")
                    })?;
                } else {
                    let kids = ck.only(rule, &["document", "to"])?;
                    let d =
                        ck.name_text(ck.one(rule, &kids, "document")?, "a document (table) name")?;
                    let t = ck.name_text(ck.one(rule, &kids, "to")?, "a document (table) name")?;
                    rules.renames.push(Rename { document: d, to: t });
                }
            }
        } else {
            let allowed: &[&str] = if side == Side::Source {
                &["ignore", "move", "transform"]
            } else {
                &["ignore", "transform"]
            };
            for rule in ck.elements(section)? {
                if !allowed.contains(&rule.name.as_str()) {
                    let e = ck.unknown(rule, section, allowed);
                    return Err(if rule.name == "move" {
                        e.hint(
                            "moves are declared once, under <source>, and apply in both directions",
                        )
                    } else {
                        e
                    });
                }
                ck.attrs(rule, &[])?;
                match rule.name.as_str() {
                    "ignore" => {
                        let kids = ck.only(rule, &["field", "datatype"])?;
                        let [one] = kids.as_slice() else {
                            return Err(ck
                                .err(
                                    rule.line,
                                    "<ignore> must hold exactly one <field> or <datatype>",
                                )
                                .hint("write one <ignore> per field"));
                        };
                        let f = field_ref(one, ck)?;
                        let target = side_mut(rules, side);
                        let set = if one.name == "field" {
                            &mut target.ignored_fields
                        } else {
                            &mut target.ignored_datatypes
                        };
                        set.entry(f.document).or_default().insert(f.field);
                    }
                    "move" => {
                        let kids = ck.only(rule, &["field", "to"])?;
                        let f = field_ref(ck.one(rule, &kids, "field")?, ck)?;
                        let t = field_ref(ck.one(rule, &kids, "to")?, ck)?;
                        rules.moves.push(Move { field: f, to: t });
                    }
                    _ => {
                        let kids = ck.only(rule, &["field", "handler"])?;
                        let f = field_ref(ck.one(rule, &kids, "field")?, ck)?;
                        let handler = handler(
                            ck.one(rule, &kids, "handler")?,
                            ck,
                            |c| c.is_ascii_alphanumeric() || c == '_' || c == '\\',
                            true,
                        )?;
                        side_mut(rules, side)
                            .transforms
                            .push(Transform { field: f, handler });
                    }
                }
            }
        }
    }
    Ok(())
}

fn side_mut(rules: &mut MapRules, side: Side) -> &mut SideRules {
    match side {
        Side::Source => &mut rules.source,
        Side::Destination => &mut rules.destination,
    }
}

/// A `document.field` value (`map.xsd` fieldFormatType: `[^.]+\.[^.]+`).
fn field_ref(el: &Element, ck: &Checker) -> Result<FieldRef> {
    let v = ck.name_text(el, "`document.field`")?;
    parse_field_ref(&v).ok_or_else(|| {
        ck.err(el.line, format!("<{}> value `{}` is not `document.field`", el.name, xml::short(&v)))
            .hint("a field is named by its table and column with exactly one dot, e.g. `sales_flat_order.customer_id`")
    })
}

fn parse_field_ref(v: &str) -> Option<FieldRef> {
    let (d, f) = v.split_once('.')?;
    if d.is_empty() || f.is_empty() || f.contains('.') {
        return None;
    }
    Some(FieldRef {
        document: d.to_string(),
        field: f.to_string(),
    })
}

/// `<handler class="…"><param name="…" value="…"/>…</handler>`; `class_ok` is the XSD's
/// character class for the class name. With `unique_params`, a repeated parameter name is an
/// error (map.xsd); without, the later value replaces the earlier one in place (settings.xsd
/// has no such constraint, and PHP's array keeps the first position).
pub(crate) fn handler(
    el: &Element,
    ck: &Checker,
    class_ok: impl Fn(char) -> bool,
    unique_params: bool,
) -> Result<HandlerSpec> {
    ck.attrs(el, &["class"])?;
    let class = ck.req_attr(el, "class")?.to_string();
    if !xml::all_chars(&class, class_ok) {
        return Err(ck
            .err(
                el.line,
                format!(
                    "handler class `{}` has characters Magento's {} does not allow",
                    xml::short(&class),
                    ck.xsd
                ),
            )
            .hint("write a PHP class name such as `\\Migration\\Handler\\SetValue`"));
    }
    let mut params: Vec<(String, String)> = Vec::new();
    for p in ck.only(el, &["param"])? {
        ck.attrs(p, &["name", "value"])?;
        let name = ck.req_attr(p, "name")?.to_string();
        let value = ck.req_attr(p, "value")?.to_string();
        ck.elements(p)?
            .first()
            .map_or(Ok(()), |c| Err(ck.unknown(c, p, &[])))?;
        if let Some(slot) = params.iter_mut().find(|(n, _)| *n == name) {
            if unique_params {
                return Err(ck
                    .err(
                        p.line,
                        format!("a second parameter `{name}` for handler `{class}`"),
                    )
                    .hint(format!(
                        "Magento's {} requires unique parameter names",
                        ck.xsd
                    )));
            }
            slot.1 = value;
        } else {
            params.push((name, value));
        }
    }
    Ok(HandlerSpec { class, params })
}

// ---------------------------------------------------------------------------------------
// m1tom2's line format

fn read_text(lines: &[Line], file: &str) -> Result<MapRules> {
    let mut rules = MapRules::default();
    for line in lines {
        let mut c = Cursor::new(file, line);
        let side = match c.plain("`src` or `dst`")? {
            "src" => Side::Source,
            "dst" => Side::Destination,
            other => return Err(c.err(format!("expected `src` or `dst`, found `{other}`"))),
        };
        let verb = c.plain(
            "a rule (`ignore`, `rename`, `ignore-field`, `ignore-datatype`, `move`, `transform`)",
        )?;
        let field = |c: &mut Cursor| -> Result<FieldRef> {
            let v = c.plain("`document.field`")?;
            parse_field_ref(v).ok_or_else(|| c.err(format!("`{v}` is not `document.field`")))
        };
        match (side, verb) {
            (_, "ignore") => {
                let d = c.plain("a document name")?.to_string();
                c.end()?;
                side_mut(&mut rules, side)
                    .ignore_document(d)
                    .map_err(|m| c.err(m))?;
            }
            (Side::Source, "rename") => {
                let d = c.plain("a document name")?.to_string();
                let t = c.plain("the new document name")?.to_string();
                c.end()?;
                rules.renames.push(Rename { document: d, to: t });
            }
            (_, "ignore-field" | "ignore-datatype") => {
                let f = field(&mut c)?;
                c.end()?;
                let s = side_mut(&mut rules, side);
                let set = if verb == "ignore-field" {
                    &mut s.ignored_fields
                } else {
                    &mut s.ignored_datatypes
                };
                set.entry(f.document).or_default().insert(f.field);
            }
            (Side::Source, "move") => {
                let f = field(&mut c)?;
                let t = field(&mut c)?;
                c.end()?;
                rules.moves.push(Move { field: f, to: t });
            }
            (_, "transform") => {
                let f = field(&mut c)?;
                let class = c.plain("a handler class")?.to_string();
                let params = c.pairs()?;
                side_mut(&mut rules, side).transforms.push(Transform {
                    field: f,
                    handler: HandlerSpec { class, params },
                });
            }
            (_, other) => {
                return Err(c.err(format!("unknown rule `{} {other}`", side.word())).hint(
                    "map rules are `src ignore|rename|ignore-field|ignore-datatype|move|transform` and `dst ignore|ignore-field|ignore-datatype|transform`",
                ));
            }
        }
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(body: &str) -> MapRules {
        MapRules::from_xml(&format!("<map>{body}</map>"), "t.xml").unwrap()
    }

    #[test]
    fn rename_partner_takes_the_other_child() {
        let m = map(
            "<source><document_rules><rename><document>a</document><to>b</to></rename>\
             <rename><document>c</document><to>a</to></rename>\
             <rename><document>s</document><to>s</to></rename></document_rules></source><destination/>",
        );
        assert_eq!(m.dest_document("a").as_deref(), Some("b")); // first rename naming `a`
        assert_eq!(m.source_document("b").as_deref(), Some("a"));
        assert_eq!(m.dest_document("c").as_deref(), Some("a"));
        assert_eq!(m.dest_document("b").as_deref(), Some("a")); // from either side
        assert_eq!(m.dest_document("s").as_deref(), Some("s"));
        assert_eq!(m.dest_document("zz").as_deref(), Some("zz"));
    }

    #[test]
    fn text_roundtrip() {
        let m = map(
            "<source><document_rules><ignore><document>x_*</document></ignore>\
             <rename><document>a</document><to>b</to></rename></document_rules>\
             <field_rules><ignore><datatype>a.q</datatype></ignore><move><field>a.f</field><to>b.g</to></move>\
             <transform><field>a.f</field><handler class=\"\\X\"><param name=\"map\" value=\"[a b:c=d]\"/>\
             <param name=\"e\" value=\"\"/></handler></transform></field_rules></source>\
             <destination><field_rules><ignore><field>b.z</field></ignore></field_rules></destination>",
        );
        let text = m.to_rules_text();
        assert_eq!(
            MapRules::from_rules_text(&text, "t.txt").unwrap(),
            m,
            "{text}"
        );
    }
}

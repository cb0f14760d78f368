//! The XML layer under every reader of Magento's files: quick-xml turns the text into a small
//! element tree that keeps each element's line, and a few checks turn the tree into values with
//! errors that say where, what was expected and what to do. Also the error type every reader
//! in `mapping` returns ([`RulesError`]).
//!
//! Magento's tool validates each file against its XSD (`etc/*.xsd`) and then reads it with
//! XPath. The readers here check the same grammar by hand: unknown elements and attributes,
//! missing required parts and values outside the XSD patterns are errors. Two harmless
//! deviations are accepted on purpose: the order of sibling elements of different kinds
//! (`<to>` before `<document>`, `<field_rules>` before `<document_rules>`) and empty rule
//! sections (`<document_rules/>`); neither changes what a file means.

use quick_xml::Reader;
use quick_xml::events::Event;
use std::fmt;

/// A configuration or rules file that cannot be used: where, what was wrong, what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError {
    /// The file (a path, or the name of an embedded file such as `embedded:1.9.4.1/map.txt`).
    pub file: String,
    /// 1-based line, when the problem is at one place in the file.
    pub line: Option<u32>,
    /// What was wrong: "expected …, found …".
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl RulesError {
    pub fn new(file: impl Into<String>, line: Option<u32>, message: impl Into<String>) -> Self {
        RulesError {
            file: file.into(),
            line,
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message)?,
            None => write!(f, "{}: {}", self.file, self.message)?,
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RulesError {}

pub type Result<T, E = RulesError> = std::result::Result<T, E>;

/// An element with its attributes (in document order, values normalised and unescaped as an
/// XML processor does), its children and the line its start tag is on.
#[derive(Clone, Debug)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub line: u32,
}

#[derive(Clone, Debug)]
pub(crate) enum Node {
    Element(Element),
    /// Character data: text, CDATA sections and character/entity references, merged when
    /// adjacent. Comments and processing instructions are dropped.
    Text(String),
}

/// Parses `text` into its root element. `file` names the file in errors.
pub(crate) fn parse(text: &str, file: &str) -> Result<Element> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(text);
    let mut reader = Reader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let malformed = |at: u64, what: String| {
        RulesError::new(file, Some(lines.line(at)), format!("malformed XML: {what}"))
            .hint("the file is not well-formed XML; look at the markup at this line (an unclosed tag, a stray `<` or `&`, a misspelt closing tag)")
    };
    loop {
        let at = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => return Err(malformed(reader.error_position(), e.to_string())),
        };
        match event {
            Event::Start(start) => {
                let name = start.name().as_ref().to_string();
                let mut attrs = Vec::new();
                for a in start.attributes() {
                    let a = a.map_err(|e| {
                        malformed(at, format!("in the attributes of <{name}>: {e}"))
                    })?;
                    let key = a.key.as_ref().to_string();
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| {
                            malformed(at, format!("in attribute `{key}` of <{name}>: {e}"))
                        })?
                        .into_owned();
                    attrs.push((key, value));
                }
                if stack.is_empty() && root.is_some() {
                    return Err(malformed(at, format!("a second root element <{name}>")));
                }
                stack.push(Element {
                    name,
                    attrs,
                    children: Vec::new(),
                    line: lines.line(at),
                });
            }
            Event::End(_) => {
                let done = stack.pop().expect("quick-xml checks end tags");
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => root = Some(done),
                }
            }
            Event::Empty(_) => unreachable!("expand_empty_elements is set"),
            Event::Text(t) => push_text(&mut stack, &t.xml10_content(), || {
                malformed(at, "text outside the root element".into())
            })?,
            Event::CData(t) => {
                let raw = t.into_inner();
                let s = raw.replace("\r\n", "\n").replace('\r', "\n");
                push_text(&mut stack, &s, || {
                    malformed(at, "CDATA outside the root element".into())
                })?
            }
            Event::GeneralRef(r) => {
                let resolved: String = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => s.to_string(),
                        None => return Err(malformed(at, format!("unknown entity `&{};`", &*r))),
                    },
                    Err(e) => {
                        return Err(malformed(
                            at,
                            format!("bad character reference `&{};`: {e}", &*r),
                        ));
                    }
                };
                push_text(&mut stack, &resolved, || {
                    malformed(at, "a reference outside the root element".into())
                })?
            }
            Event::DocType(_) => {
                return Err(RulesError::new(
                    file,
                    Some(lines.line(at)),
                    "a <!DOCTYPE> declaration is not supported",
                )
                .hint("Magento's files have none; remove it"));
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(RulesError::new(
            file,
            Some(open.line),
            format!(
                "malformed XML: <{}> is never closed (the file ends first)",
                open.name
            ),
        )
        .hint("the file is cut short or a closing tag is missing"));
    }
    root.ok_or_else(|| {
        RulesError::new(file, None, "the file has no XML element").hint("is it empty?")
    })
}

fn push_text(stack: &mut [Element], s: &str, outside: impl FnOnce() -> RulesError) -> Result<()> {
    match stack.last_mut() {
        Some(el) => {
            if let Some(Node::Text(prev)) = el.children.last_mut() {
                prev.push_str(s);
            } else if !s.is_empty() {
                el.children.push(Node::Text(s.to_string()));
            }
            Ok(())
        }
        None if s.trim_matches(is_xml_space).is_empty() => Ok(()),
        None => Err(outside()),
    }
}

pub(crate) fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Byte offset → 1-based line.
struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        LineIndex {
            newlines: memchr::memchr_iter(b'\n', text.as_bytes()).collect(),
        }
    }

    fn line(&self, offset: u64) -> u32 {
        let offset = offset as usize;
        (self.newlines.partition_point(|&n| n < offset) + 1) as u32
    }
}

/// Checks on a tree, with the file name and the XSD the grammar comes from for messages.
pub(crate) struct Checker<'a> {
    pub file: &'a str,
    /// `map.xsd`, `config.xsd`, …
    pub xsd: &'a str,
}

impl Checker<'_> {
    pub fn err(&self, line: u32, message: impl Into<String>) -> RulesError {
        RulesError::new(self.file, Some(line), message)
    }

    /// The root must be `<name>`.
    pub fn root(&self, el: &Element, name: &str) -> Result<()> {
        if el.name != name {
            return Err(self.err(el.line, format!("the root element is <{}>, expected <{name}>", el.name)).hint(format!(
                "this is not a file of the kind expected here (Magento's {} starts with <{name}>)",
                self.xsd
            )));
        }
        self.attrs(el, &[])
    }

    /// Only the attributes in `allowed` (and namespace declarations and schema locations).
    pub fn attrs(&self, el: &Element, allowed: &[&str]) -> Result<()> {
        for (k, _) in &el.attrs {
            if allowed.contains(&k.as_str()) || is_schema_attr(k) {
                continue;
            }
            let expected = if allowed.is_empty() {
                "it takes no attributes".to_string()
            } else {
                format!("expected {}", list(allowed, "`", "`"))
            };
            return Err(self
                .err(
                    el.line,
                    format!("unknown attribute `{k}` on <{}>; {expected}", el.name),
                )
                .hint(format!(
                    "Magento's {} does not allow it; check the spelling",
                    self.xsd
                )));
        }
        Ok(())
    }

    pub fn attr<'e>(&self, el: &'e Element, name: &str) -> Option<&'e str> {
        el.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn req_attr<'e>(&self, el: &'e Element, name: &str) -> Result<&'e str> {
        self.attr(el, name).ok_or_else(|| {
            self.err(
                el.line,
                format!("<{}> lacks the required attribute `{name}`", el.name),
            )
            .hint(format!("write <{} {name}=\"…\">", el.name))
        })
    }

    /// The child elements of an element that holds only elements (whitespace between them).
    pub fn elements<'e>(&self, el: &'e Element) -> Result<Vec<&'e Element>> {
        let mut out = Vec::new();
        for n in &el.children {
            match n {
                Node::Element(e) => out.push(e),
                Node::Text(t) if t.trim_matches(is_xml_space).is_empty() => {}
                Node::Text(t) => {
                    return Err(self
                        .err(
                            el.line,
                            format!(
                                "<{}> holds text `{}`, but only elements belong there",
                                el.name,
                                short(t)
                            ),
                        )
                        .hint("move the text into the element it belongs to"));
                }
            }
        }
        Ok(out)
    }

    /// The text of an element that holds only text (no child elements), as written.
    pub fn text(&self, el: &Element) -> Result<String> {
        let mut s = String::new();
        for n in &el.children {
            match n {
                Node::Text(t) => s.push_str(t),
                Node::Element(c) => {
                    return Err(self
                        .err(
                            c.line,
                            format!("<{}> inside <{}>, which holds only text", c.name, el.name),
                        )
                        .hint(format!("write the value as text: <{0}>…</{0}>", el.name)));
                }
            }
        }
        Ok(s)
    }

    /// A name (document, field, path, class): the text of a text-only element, not empty and
    /// without leading or trailing whitespace.
    pub fn name_text(&self, el: &Element, what: &str) -> Result<String> {
        self.attrs(el, &[])?;
        let s = self.text(el)?;
        self.name_value(el, &s, what)?;
        Ok(s)
    }

    pub fn name_value(&self, el: &Element, s: &str, what: &str) -> Result<()> {
        if s.is_empty() {
            return Err(self
                .err(el.line, format!("<{}> is empty; expected {what}", el.name))
                .hint(format!("Magento's {} requires a value here", self.xsd)));
        }
        if s.trim_matches(is_xml_space).len() != s.len() {
            return Err(self
                .err(el.line, format!("<{}> value `{}` has leading or trailing whitespace", el.name, short(s)))
                .hint("Magento's tool compares values exactly as written, so the rule would never match; remove the whitespace"));
        }
        Ok(())
    }

    /// An unknown child element.
    pub fn unknown(&self, child: &Element, parent: &Element, expected: &[&str]) -> RulesError {
        self.err(
            child.line,
            format!(
                "unknown element <{}> in <{}>; expected {}",
                child.name,
                parent.name,
                list(expected, "<", ">")
            ),
        )
        .hint(format!(
            "Magento's {} does not allow it there; check the spelling and the nesting",
            self.xsd
        ))
    }

    /// Exactly one child named `name` among `children`.
    pub fn one<'e>(
        &self,
        parent: &Element,
        children: &[&'e Element],
        name: &str,
    ) -> Result<&'e Element> {
        let mut found = children.iter().filter(|c| c.name == name);
        let first = found.next().ok_or_else(|| {
            self.err(parent.line, format!("<{}> lacks <{name}>", parent.name))
                .hint(format!(
                    "Magento's {} requires one <{name}> in <{}>",
                    self.xsd, parent.name
                ))
        })?;
        if let Some(second) = found.next() {
            return Err(self
                .err(
                    second.line,
                    format!("a second <{name}> in <{}>", parent.name),
                )
                .hint(format!("Magento's {} allows one <{name}> there", self.xsd)));
        }
        Ok(first)
    }

    /// Checks that every child is one of `allowed`.
    pub fn only<'e>(&self, parent: &'e Element, allowed: &[&str]) -> Result<Vec<&'e Element>> {
        let children = self.elements(parent)?;
        for c in &children {
            if !allowed.contains(&c.name.as_str()) {
                return Err(self.unknown(c, parent, allowed));
            }
        }
        Ok(children)
    }
}

/// Namespace declarations and the XML Schema instance attributes that Magento's files carry
/// on their root (`xmlns:xs="…XMLSchema-instance" xs:noNamespaceSchemaLocation="…"`).
fn is_schema_attr(k: &str) -> bool {
    k == "xmlns"
        || k.starts_with("xmlns:")
        || k.split_once(':').is_some_and(|(_, local)| {
            matches!(
                local,
                "noNamespaceSchemaLocation" | "schemaLocation" | "type" | "nil"
            )
        })
}

fn list(items: &[&str], open: &str, close: &str) -> String {
    let v: Vec<String> = items.iter().map(|i| format!("{open}{i}{close}")).collect();
    match v.len() {
        0 => "nothing".into(),
        1 => v[0].clone(),
        _ => format!("{} or {}", v[..v.len() - 1].join(", "), v[v.len() - 1]),
    }
}

pub(crate) fn short(s: &str) -> String {
    let t: String = s.chars().take(60).collect();
    let t = t.replace('\n', "\\n");
    if s.chars().count() > 60 {
        format!("{t}…")
    } else {
        t
    }
}

/// Checks `s` against a character class: every char must satisfy `ok`.
pub(crate) fn all_chars(s: &str, ok: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_with_lines_text_and_entities() {
        let x = "<?xml version=\"1.0\"?>\n<!-- c -->\n<a x=\"1&amp;2\">\n  <b>t&lt;u<![CDATA[<v>]]>&#65;</b>\n  <c/>\n</a>\n";
        let root = parse(x, "t.xml").unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.line, 3);
        assert_eq!(root.attrs, vec![("x".to_string(), "1&2".to_string())]);
        let ck = Checker {
            file: "t.xml",
            xsd: "t.xsd",
        };
        let kids = ck.elements(&root).unwrap();
        assert_eq!(kids.len(), 2);
        assert_eq!(kids[0].line, 4);
        assert_eq!(ck.text(kids[0]).unwrap(), "t<u<v>A");
        assert_eq!(kids[1].name, "c");
        assert_eq!(kids[1].line, 5);
    }

    #[test]
    fn malformed_xml_has_a_line() {
        let e = parse("<a>\n<b>\n</c>\n</a>", "bad.xml").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.starts_with("malformed XML"), "{e}");
        let e = parse("<a>\n<b>\n", "cut.xml").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("cut.xml:2: malformed XML: <b> is never closed"),
            "{e}"
        );
        let e = parse("<a/>\n<b/>", "two.xml").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = parse("<a>&nbsp;</a>", "ent.xml").unwrap_err();
        assert!(e.message.contains("&nbsp;"), "{e}");
        assert!(parse("", "empty.xml").is_err());
    }

    #[test]
    fn line_index() {
        let li = LineIndex::new("a\nb\n\nc");
        assert_eq!(li.line(0), 1);
        assert_eq!(li.line(1), 1);
        assert_eq!(li.line(2), 2);
        assert_eq!(li.line(5), 4);
    }
}

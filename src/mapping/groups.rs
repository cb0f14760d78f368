//! Groups files (Magento's `groups.xsd`): eav-document-groups, eav-attribute-groups,
//! customer-document-groups, customer-attribute-groups, log-document-groups,
//! map-document-groups, order-grids-document-groups and deltalog.xml. Each names groups of
//! documents (tables, optionally with a `key` of comma-separated columns) or attributes
//! (optionally with an entity `type`).
//!
//! The items of a group are kept as written, in file order. Magento's
//! `src/Migration/Reader/Groups.php` turns a group into a PHP array keyed by the item's name,
//! so where a name repeats inside one group, the later item's key wins at the earlier item's
//! place, and attributes with a `type` collect their types in a list; the steps that read a
//! group apply that where it matters. Group names are unique (the XSD says so).

use super::rules_text::{self, Cursor, Line, pair, word};
use super::xml::{self, Checker, Element, Result};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// `<document>` or `<attribute>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    Document,
    Attribute,
}

/// One item of a group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupItem {
    /// The document (table) or attribute code.
    pub name: String,
    /// `key="…"`: the key columns of a document, comma-separated as written.
    pub key: Option<String>,
    pub kind: ItemKind,
    /// `type="…"` of an attribute: the entity type code.
    pub attr_type: Option<String>,
}

impl GroupItem {
    /// The key columns, split at commas.
    pub fn key_columns(&self) -> Vec<&str> {
        self.key
            .as_deref()
            .map(|k| k.split(',').collect())
            .unwrap_or_default()
    }
}

/// A compiled groups file: group name → items in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Groups {
    groups: BTreeMap<String, Vec<GroupItem>>,
}

impl Groups {
    /// Reads a groups file in Magento's XML format.
    pub fn from_xml(text: &str, file: &str) -> Result<Groups> {
        let root = xml::parse(text, file)?;
        read_xml(
            &root,
            &Checker {
                file,
                xsd: "groups.xsd",
            },
        )
    }

    /// Reads m1tom2's line format (`kind groups`).
    pub fn from_rules_text(text: &str, file: &str) -> Result<Groups> {
        let lines = rules_text::lines(text, file)?;
        read_text(rules_text::expect_kind(&lines, file, "groups")?, file)
    }

    /// Writes m1tom2's line format (without the header comment).
    pub fn to_rules_text(&self) -> String {
        let mut out = String::from("kind groups\n");
        for (name, items) in &self.groups {
            let _ = writeln!(out, "group {}", word(name));
            for it in items {
                let kind = match it.kind {
                    ItemKind::Document => "document",
                    ItemKind::Attribute => "attribute",
                };
                let _ = write!(out, "{kind} {}", word(&it.name));
                if let Some(k) = &it.key {
                    let _ = write!(out, " {}", pair("key", k));
                }
                if let Some(t) = &it.attr_type {
                    let _ = write!(out, " {}", pair("type", t));
                }
                out.push('\n');
            }
        }
        out
    }

    /// The items of a group; empty when there is no such group.
    pub fn group(&self, name: &str) -> &[GroupItem] {
        self.groups.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn has_group(&self, name: &str) -> bool {
        self.groups.contains_key(name)
    }

    /// The names of the items of a group, in file order.
    pub fn names(&self, group: &str) -> Vec<&str> {
        self.group(group).iter().map(|i| i.name.as_str()).collect()
    }

    /// Every group, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[GroupItem])> {
        self.groups.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}

fn read_xml(root: &Element, ck: &Checker) -> Result<Groups> {
    ck.root(root, "groups")?;
    let mut g = Groups::default();
    for group in ck.only(root, &["group"])? {
        ck.attrs(group, &["name"])?;
        let name = ck.req_attr(group, "name")?.to_string();
        ck.name_value(group, &name, "a group name")?;
        if g.groups.contains_key(&name) {
            return Err(ck
                .err(group.line, format!("a second group named `{name}`"))
                .hint("Magento's groups.xsd requires unique group names; merge the two"));
        }
        let mut items = Vec::new();
        for item in ck.only(group, &["document", "attribute"])? {
            let (kind, attrs): (ItemKind, &[&str]) = if item.name == "document" {
                (ItemKind::Document, &["key"])
            } else {
                (ItemKind::Attribute, &["key", "type"])
            };
            ck.attrs(item, attrs)?;
            let n = ck.text(item)?;
            ck.name_value(item, &n, "a name")?;
            let opt = |a: &str| -> Result<Option<String>> {
                match ck.attr(item, a) {
                    None => Ok(None),
                    Some("") => Err(ck
                        .err(item.line, format!("`{a}` of <{}> is empty", item.name))
                        .hint("Magento's groups.xsd requires a value; leave the attribute out instead")),
                    Some(v) => Ok(Some(v.to_string())),
                }
            };
            items.push(GroupItem {
                name: n,
                key: opt("key")?,
                kind,
                attr_type: opt("type")?,
            });
        }
        g.groups.insert(name, items);
    }
    if g.groups.is_empty() {
        return Err(ck
            .err(root.line, "<groups> holds no <group>")
            .hint("Magento's groups.xsd requires at least one group"));
    }
    Ok(g)
}

fn read_text(lines: &[Line], file: &str) -> Result<Groups> {
    let mut g = Groups::default();
    let mut current: Option<String> = None;
    for line in lines {
        let mut c = Cursor::new(file, line);
        let verb = c.plain("`group`, `document` or `attribute`")?;
        if verb == "group" {
            let name = c.plain("a group name")?.to_string();
            c.end()?;
            if g.groups.insert(name.clone(), Vec::new()).is_some() {
                return Err(c.err(format!("a second group named `{name}`")));
            }
            current = Some(name);
            continue;
        }
        let kind = match verb {
            "document" => ItemKind::Document,
            "attribute" => ItemKind::Attribute,
            other => {
                return Err(c.err(format!(
                    "unknown line `{other}`; expected `group`, `document` or `attribute`"
                )));
            }
        };
        let Some(group) = &current else {
            return Err(c.err(format!("a `{verb}` before any `group`")));
        };
        let name = c.plain("a name")?.to_string();
        let mut item = GroupItem {
            name,
            key: None,
            kind,
            attr_type: None,
        };
        for (k, v) in c.pairs()? {
            match k.as_str() {
                "key" => item.key = Some(v),
                "type" if kind == ItemKind::Attribute => item.attr_type = Some(v),
                _ => return Err(c.err(format!("unknown `{k}=` for a {verb}"))),
            }
        }
        g.groups.get_mut(group).expect("inserted above").push(item);
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_and_roundtrip() {
        let x = r#"<groups><group name="delta_map">
            <document key="query_text,store_id">search_query</document>
            <document>log_visitor</document>
            <attribute type="catalog_product">msrp_enabled</attribute>
          </group><group name="empty"><!-- nothing --></group></groups>"#;
        let g = Groups::from_xml(x, "g.xml").unwrap();
        let items = g.group("delta_map");
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].key_columns(), vec!["query_text", "store_id"]);
        assert_eq!(items[2].kind, ItemKind::Attribute);
        assert_eq!(items[2].attr_type.as_deref(), Some("catalog_product"));
        assert!(g.has_group("empty") && g.group("empty").is_empty());
        assert!(g.group("none").is_empty());
        let text = g.to_rules_text();
        assert_eq!(Groups::from_rules_text(&text, "t").unwrap(), g, "{text}");
    }

    #[test]
    fn duplicate_group_names_are_refused() {
        let x = "<groups><group name=\"a\"/>\n<group name=\"a\"/></groups>";
        let e = Groups::from_xml(x, "g.xml").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }
}

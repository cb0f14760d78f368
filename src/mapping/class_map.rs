//! class-map.xml (Magento's `class-map.xsd`): Magento 1 class aliases (`catalog/product`,
//! `Mage_Catalog_Model_Product`) → Magento 2 class names, read as Magento's
//! `src/Migration/Reader/ClassMap.php` reads it:
//! - a later `<rename>` with the same `<from>` replaces the earlier one;
//! - an empty `<to>` (`<to/>`) maps to nothing, which the handlers turn into NULL; PHP's
//!   `$to ?: null` treats the string `0` the same way;
//! - a `<from>` of `0` is skipped (PHP's `if ($from)` is false for it).

use super::rules_text::{self, Cursor, Line, word};
use super::xml::{self, Checker, Element, Result};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A compiled class map: from → `Some(to)`, or `None` for "maps to nothing" (NULL).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClassMap {
    map: BTreeMap<String, Option<String>>,
}

impl ClassMap {
    /// Reads class-map.xml in Magento's XML format.
    pub fn from_xml(text: &str, file: &str) -> Result<ClassMap> {
        let root = xml::parse(text, file)?;
        read_xml(
            &root,
            &Checker {
                file,
                xsd: "class-map.xsd",
            },
        )
    }

    /// Reads m1tom2's line format (`kind class-map`).
    pub fn from_rules_text(text: &str, file: &str) -> Result<ClassMap> {
        let lines = rules_text::lines(text, file)?;
        read_text(rules_text::expect_kind(&lines, file, "class-map")?, file)
    }

    /// Writes m1tom2's line format (without the header comment).
    pub fn to_rules_text(&self) -> String {
        let mut out = String::from("kind class-map\n");
        for (from, to) in &self.map {
            let _ = writeln!(out, "{} {}", word(from), word(to.as_deref().unwrap_or("")));
        }
        out
    }

    /// `None`: the class is not in the map. `Some(None)`: it maps to nothing (NULL).
    /// `Some(Some(c))`: it maps to `c`.
    pub fn get(&self, from: &str) -> Option<Option<&str>> {
        self.map.get(from).map(|t| t.as_deref())
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Every entry in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v.as_deref()))
    }

    fn insert(&mut self, from: String, to: String) {
        // PHP: `if ($map['from'])` and `$to ?: null`: "" and "0" are false.
        if from.is_empty() || from == "0" {
            return;
        }
        let to = if to.is_empty() || to == "0" {
            None
        } else {
            Some(to)
        };
        self.map.insert(from, to);
    }
}

fn read_xml(root: &Element, ck: &Checker) -> Result<ClassMap> {
    ck.root(root, "classmap")?;
    let mut cm = ClassMap::default();
    for r in ck.only(root, &["rename"])? {
        ck.attrs(r, &[])?;
        let kids = ck.only(r, &["from", "to"])?;
        let from = ck.name_text(ck.one(r, &kids, "from")?, "a Magento 1 class name or alias")?;
        let to_el = ck.one(r, &kids, "to")?;
        ck.attrs(to_el, &[])?;
        let to = ck.text(to_el)?;
        if !to.is_empty() {
            ck.name_value(to_el, &to, "a Magento 2 class name")?;
        }
        cm.insert(from, to);
    }
    Ok(cm)
}

fn read_text(lines: &[Line], file: &str) -> Result<ClassMap> {
    let mut cm = ClassMap::default();
    for line in lines {
        let mut c = Cursor::new(file, line);
        let from = c.plain("a Magento 1 class")?.to_string();
        let to = c.plain("a Magento 2 class, or \"\" for none")?.to_string();
        c.end()?;
        cm.insert(from, to);
    }
    Ok(cm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_to_and_duplicates() {
        let x = "<classmap><rename><from>a/b</from><to>A\\B</to></rename>\
                 <rename><from>c/d</from><to/></rename>\
                 <rename><from>e/f</from><to>0</to></rename>\
                 <rename><from>a/b</from><to>A\\Later</to></rename>\
                 <rename><from>0</from><to>X</to></rename></classmap>";
        let cm = ClassMap::from_xml(x, "cm.xml").unwrap();
        assert_eq!(cm.get("a/b"), Some(Some("A\\Later")));
        assert_eq!(cm.get("c/d"), Some(None));
        assert_eq!(cm.get("e/f"), Some(None));
        assert_eq!(cm.get("0"), None);
        assert_eq!(cm.get("x/y"), None);
        assert_eq!(cm.len(), 3);
        let text = cm.to_rules_text();
        assert_eq!(ClassMap::from_rules_text(&text, "t").unwrap(), cm, "{text}");
    }
}

//! settings.xml (Magento's `settings.xsd`): which `core_config_data` paths the Settings step
//! drops, renames and transforms, with the lookups of Magento's
//! `src/Migration/Reader/Settings.php`:
//! - **ignore**: an exact match, or a wildcard: `*` is one or more characters and the match is
//!   anchored at the start only (`web/cookie/*` ignores `web/cookie/cookie_lifetime` and
//!   anything longer; see [`super::wildcard`]);
//! - **rename** (one way, source path → destination path): the first `<rename>` whose `<path>`
//!   is the path; an ignored path is never renamed;
//! - **transform**: the handler of the first `<transform>` whose `<path>` is the path, looked up
//!   by the **source** (Magento 1) path, before any rename, as Magento does (so a path that is
//!   renamed needs its transform under the old name); an ignored path has no handler.

use super::map::{HandlerSpec, handler};
use super::rules_text::{self, Cursor, Line, pair, word};
use super::wildcard::{Dialect, Wildcard};
use super::xml::{self, Checker, Element, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// A compiled settings.xml.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsRules {
    ignored: BTreeSet<String>,
    wildcards: BTreeMap<String, Wildcard>,
    /// Source path → destination path (the first rule per path).
    renames: BTreeMap<String, String>,
    /// Source path → handler (the first rule per path).
    handlers: BTreeMap<String, HandlerSpec>,
}

impl SettingsRules {
    /// Reads settings.xml in Magento's XML format (`settings.xsd`).
    pub fn from_xml(text: &str, file: &str) -> Result<SettingsRules> {
        let root = xml::parse(text, file)?;
        read_xml(
            &root,
            &Checker {
                file,
                xsd: "settings.xsd",
            },
        )
    }

    /// Reads m1tom2's line format (`kind settings`).
    pub fn from_rules_text(text: &str, file: &str) -> Result<SettingsRules> {
        let lines = rules_text::lines(text, file)?;
        read_text(rules_text::expect_kind(&lines, file, "settings")?, file)
    }

    /// Writes m1tom2's line format (without the header comment).
    pub fn to_rules_text(&self) -> String {
        let mut out = String::from("kind settings\n");
        for p in &self.ignored {
            let _ = writeln!(out, "ignore {}", word(p));
        }
        for (p, to) in &self.renames {
            let _ = writeln!(out, "rename {} {}", word(p), word(to));
        }
        for (p, h) in &self.handlers {
            let _ = write!(out, "transform {} {}", word(p), word(&h.class));
            for (k, v) in &h.params {
                let _ = write!(out, " {}", pair(k, v));
            }
            out.push('\n');
        }
        out
    }

    /// Whether the Settings step drops this (Magento 1) path.
    pub fn ignored(&self, path: &str) -> bool {
        self.ignored.contains(path) || self.wildcards.values().any(|w| w.matches(path))
    }

    /// The Magento 2 path of a Magento 1 path, when a rule renames it (`None` when the path is
    /// ignored or keeps its name).
    pub fn renamed(&self, path: &str) -> Option<String> {
        if self.ignored(path) {
            return None;
        }
        self.renames.get(path).cloned()
    }

    /// The value handler for a Magento 1 path (the source path, before any rename).
    pub fn handler(&self, path: &str) -> Option<HandlerSpec> {
        if self.ignored(path) {
            return None;
        }
        self.handlers.get(path).cloned()
    }

    /// Every ignore value, wildcards included.
    pub fn ignores(&self) -> &BTreeSet<String> {
        &self.ignored
    }

    /// Every rename, source path → destination path.
    pub fn renames(&self) -> &BTreeMap<String, String> {
        &self.renames
    }

    /// Every transform, source path → handler.
    pub fn handlers(&self) -> &BTreeMap<String, HandlerSpec> {
        &self.handlers
    }

    fn ignore(&mut self, path: String) -> std::result::Result<(), String> {
        if path.contains('*') && !self.ignored.contains(&path) {
            self.wildcards.insert(
                path.clone(),
                Wildcard::compile(&path, Dialect::SettingsPath)?,
            );
        }
        self.ignored.insert(path);
        Ok(())
    }
}

fn path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '/' || c == '\\'
}

/// A `<path>`/`<to>` value: settings.xsd's `[0-9a-zA-Z_/\\]+` (with `*` for ignores).
fn path_text(el: &Element, ck: &Checker, wildcard: bool) -> Result<String> {
    let v = ck.name_text(el, "a configuration path")?;
    if !xml::all_chars(&v, |c| path_char(c) || (wildcard && c == '*')) {
        let allowed = if wildcard {
            "letters, digits, `_`, `/`, `\\` and `*`"
        } else {
            "letters, digits, `_`, `/` and `\\`"
        };
        return Err(ck
            .err(
                el.line,
                format!(
                    "<{}> value `{}` is not a configuration path",
                    el.name,
                    xml::short(&v)
                ),
            )
            .hint(format!("Magento's settings.xsd allows only {allowed} here")));
    }
    Ok(v)
}

fn read_xml(root: &Element, ck: &Checker) -> Result<SettingsRules> {
    ck.root(root, "settings")?;
    let children = ck.only(root, &["key", "value"])?;
    let mut rules = SettingsRules::default();
    let key = ck.one(root, &children, "key")?;
    ck.attrs(key, &[])?;
    for rule in ck.only(key, &["ignore", "rename"])? {
        ck.attrs(rule, &[])?;
        if rule.name == "ignore" {
            let kids = ck.only(rule, &["path"])?;
            let p = ck.one(rule, &kids, "path")?;
            let v = path_text(p, ck, true)?;
            rules.ignore(v).map_err(|m| {
                ck.err(p.line, m)
                    .hint("use only `*` (one or more characters) as a wildcard")
            })?;
        } else {
            let kids = ck.only(rule, &["path", "to"])?;
            let p = path_text(ck.one(rule, &kids, "path")?, ck, false)?;
            let t = path_text(ck.one(rule, &kids, "to")?, ck, false)?;
            rules.renames.entry(p).or_insert(t);
        }
    }
    if children.iter().filter(|c| c.name == "value").count() > 0 {
        let value = ck.one(root, &children, "value")?;
        ck.attrs(value, &[])?;
        for t in ck.only(value, &["transform"])? {
            ck.attrs(t, &[])?;
            let kids = ck.only(t, &["path", "handler"])?;
            let p = path_text(ck.one(t, &kids, "path")?, ck, false)?;
            let h = handler(
                ck.one(t, &kids, "handler")?,
                ck,
                |c| c.is_ascii_alphanumeric() || c == '\\',
                false,
            )?;
            rules.handlers.entry(p).or_insert(h);
        }
    }
    Ok(rules)
}

fn read_text(lines: &[Line], file: &str) -> Result<SettingsRules> {
    let mut rules = SettingsRules::default();
    for line in lines {
        let mut c = Cursor::new(file, line);
        match c.plain("a rule (`ignore`, `rename`, `transform`)")? {
            "ignore" => {
                let p = c.plain("a path")?.to_string();
                c.end()?;
                rules.ignore(p).map_err(|m| c.err(m))?;
            }
            "rename" => {
                let p = c.plain("a path")?.to_string();
                let t = c.plain("the new path")?.to_string();
                c.end()?;
                rules.renames.entry(p).or_insert(t);
            }
            "transform" => {
                let p = c.plain("a path")?.to_string();
                let class = c.plain("a handler class")?.to_string();
                let params = c.pairs()?;
                rules
                    .handlers
                    .entry(p)
                    .or_insert(HandlerSpec { class, params });
            }
            other => {
                return Err(c
                    .err(format!("unknown rule `{other}`"))
                    .hint("settings rules are `ignore`, `rename` and `transform`"));
            }
        }
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    const X: &str = r#"<settings>
  <key>
    <ignore><path>web/cookie/*</path></ignore>
    <ignore><path>dev/log/active</path></ignore>
    <rename><path>contacts/email/recipient_email</path><to>contact/email/recipient_email</to></rename>
    <rename><path>contacts/email/recipient_email</path><to>second/rule/loses</to></rename>
    <rename><path>web/cookie/cookie_path</path><to>x/y</to></rename>
  </key>
  <value>
    <transform><path>contacts/email/recipient_email</path><handler class="\Migration\Handler\Settings\Encrypt"><param name="a" value="1"/><param name="a" value="2"/></handler></transform>
    <transform><path>web/cookie/cookie_domain</path><handler class="\X"/></transform>
  </value>
</settings>"#;

    #[test]
    fn lookups() {
        let s = SettingsRules::from_xml(X, "settings.xml").unwrap();
        assert!(s.ignored("web/cookie/cookie_lifetime"));
        assert!(!s.ignored("web/cookie/"));
        assert!(s.ignored("dev/log/active"));
        assert!(
            !s.ignored("dev/log/active2"),
            "an ignore without `*` is exact"
        );
        assert_eq!(
            s.renamed("contacts/email/recipient_email").as_deref(),
            Some("contact/email/recipient_email")
        );
        assert_eq!(
            s.renamed("contact/email/recipient_email"),
            None,
            "renames are one way"
        );
        assert_eq!(
            s.renamed("web/cookie/cookie_path"),
            None,
            "an ignored path is not renamed"
        );
        let h = s.handler("contacts/email/recipient_email").unwrap();
        assert_eq!(h.params, vec![("a".to_string(), "2".to_string())]);
        assert_eq!(
            s.handler("contact/email/recipient_email"),
            None,
            "handlers are keyed by the source path"
        );
        assert_eq!(s.handler("web/cookie/cookie_domain"), None);
        let text = s.to_rules_text();
        assert_eq!(
            SettingsRules::from_rules_text(&text, "t").unwrap(),
            s,
            "{text}"
        );
    }
}

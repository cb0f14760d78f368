//! The wildcard ignores of map files (`<ignore><document>m2_cl_*</document></ignore>`) and of
//! settings.xml (`<ignore><path>web/cookie/*</path></ignore>`), matched as Magento's tool
//! matches them.
//!
//! Magento builds a PCRE from the value: `'/^' . str_replace('*', '.+', $value) . '/'`
//! (`src/Migration/Reader/Map.php::isDocumentIgnored`; `Reader/Settings.php::isNodeIgnored`
//! first escapes `/`). So:
//! - `*` is `.+`: one or more characters, never zero (`m2_cl_*` does not match `m2_cl_`);
//! - the pattern is anchored at the start only: a prefix match (`catalog_product_flat*` also
//!   matches `catalog_product_flat_1_old`, and `m2_cl_*` matches `m2_cl_anything_at_all`);
//! - the rest of the value is a regex too: `.` matches any one byte (PCRE without `/u` works
//!   on bytes) except a newline.
//!
//! Values with other regex syntax (`\ ^ $ | ? + ( ) [ ] { }`, and `/` in a map file, where
//! Magento does not escape it and the pattern breaks) are refused when the file is read:
//! Magento's behaviour there is an accident of regex syntax, not a rule anyone means.

/// A compiled wildcard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wildcard {
    toks: Vec<Tok>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Byte(u8),
    /// `.`: any byte but `\n`.
    Any,
    /// `*` (Magento's `.+`): one or more bytes, none `\n`.
    AnyPlus,
}

/// Where a wildcard comes from: map files do not escape `/`, settings.xml does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Document,
    SettingsPath,
}

impl Wildcard {
    /// Compiles `value` (which contains `*`). The error says which character is refused.
    pub fn compile(value: &str, dialect: Dialect) -> Result<Wildcard, String> {
        let mut toks = Vec::with_capacity(value.len());
        for &b in value.as_bytes() {
            let t = match b {
                b'*' => Tok::AnyPlus,
                b'.' => Tok::Any,
                b'/' if dialect == Dialect::SettingsPath => Tok::Byte(b'/'),
                b'\\' | b'^' | b'$' | b'|' | b'?' | b'+' | b'(' | b')' | b'[' | b']' | b'{'
                | b'}' | b'/' => {
                    return Err(format!(
                        "the wildcard `{value}` contains `{}`, which Magento's tool would read as regular-expression syntax",
                        b as char
                    ));
                }
                _ => Tok::Byte(b),
            };
            toks.push(t);
        }
        Ok(Wildcard { toks })
    }

    /// Whether `name` matches (a prefix match, as Magento's unterminated regex).
    pub fn matches(&self, name: &str) -> bool {
        match_from(&self.toks, name.as_bytes())
    }
}

fn match_from(toks: &[Tok], s: &[u8]) -> bool {
    let Some((first, rest)) = toks.split_first() else {
        return true; // no end anchor: whatever follows is fine
    };
    match *first {
        Tok::Byte(b) => s.first() == Some(&b) && match_from(rest, &s[1..]),
        Tok::Any => s.first().is_some_and(|&c| c != b'\n') && match_from(rest, &s[1..]),
        Tok::AnyPlus => {
            let run = s.iter().take_while(|&&c| c != b'\n').count();
            (1..=run).any(|n| match_from(rest, &s[n..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(p: &str) -> Wildcard {
        Wildcard::compile(p, Dialect::Document).unwrap()
    }

    #[test]
    fn star_is_one_or_more_and_prefix_anchored() {
        assert!(w("m2_cl_*").matches("m2_cl_catalog"));
        assert!(!w("m2_cl_*").matches("m2_cl_"));
        assert!(!w("m2_cl_*").matches("xm2_cl_a"));
        assert!(w("catalog_product_flat*").matches("catalog_product_flat_1"));
        assert!(!w("catalog_product_flat*").matches("catalog_product_flat"));
        assert!(w("s_*b_*_*").matches("s_xb_y_z"));
        assert!(w("s_*b_*_*").matches("s_xb_y_z_and_more"));
        assert!(!w("s_*b_*_*").matches("s_b_y_z"));
        // a prefix match: nothing needs to end the name
        assert!(w("a*b").matches("aXbYYY"));
        assert!(w("a*b").matches("aXXbXb"));
    }

    #[test]
    fn dot_is_any_byte() {
        assert!(w("a.c*").matches("abcd"));
        assert!(!w("a.c*").matches("a\ncd"));
        // bytes, not characters: `é` is two bytes
        assert!(!w("a.b*").matches("aébx"));
        assert!(w("a..b*").matches("aébx"));
    }

    #[test]
    fn regex_syntax_is_refused() {
        assert!(Wildcard::compile("a(b)*", Dialect::Document).is_err());
        assert!(Wildcard::compile("a/b*", Dialect::Document).is_err());
        assert!(Wildcard::compile("web/cookie/*", Dialect::SettingsPath).is_ok());
        assert!(Wildcard::compile("a\\b*", Dialect::SettingsPath).is_err());
    }
}

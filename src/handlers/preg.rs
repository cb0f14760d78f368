//! PHP `preg_match` patterns (`/…/flags`) as they appear in Magento's map files, compiled
//! once into the `regex` crate's byte regexes.
//!
//! The pattern bodies Magento uses are plain alternations and classes, which mean the same
//! in both engines (the `regex` crate's leftmost-first semantics are Perl's). Supported
//! modifiers: `i` `m` `s` `x` `u` `U` `D` `A`. Without `u` the pattern works on bytes, as
//! PCRE does (`.` and classes match single bytes, `\d`/`\w`/`\s` are ASCII). Without `m`
//! and `D`, PCRE's `$` also matches before a final newline; it is translated to `\n?\z`,
//! which matches at the same places (fine for testing whether a pattern matches; the
//! matched span may include that newline). Lookaround and backreferences do not exist in
//! the `regex` crate: such a pattern is an error when it is compiled, never a wrong answer.

use std::fmt;

use regex::bytes::{Regex, RegexBuilder};

/// A compiled PHP pattern.
#[derive(Clone, Debug)]
pub struct Preg {
    source: String,
    re: Regex,
}

/// A pattern that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PregError {
    pub pattern: String,
    pub reason: String,
}

impl fmt::Display for PregError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unusable pattern {}: {}", self.pattern, self.reason)
    }
}

impl std::error::Error for PregError {}

impl Preg {
    /// Compiles a PHP pattern with its delimiters, such as `/option_\d+/`.
    pub fn new(pattern: &str) -> Result<Preg, PregError> {
        let fail = |reason: String| PregError {
            pattern: pattern.to_string(),
            reason,
        };
        let p = pattern.trim_start();
        let mut chars = p.chars();
        let open = chars
            .next()
            .ok_or_else(|| fail("the pattern is empty".into()))?;
        if open.is_alphanumeric() || open == '\\' {
            return Err(fail(
                "a delimiter must not be alphanumeric or a backslash".into(),
            ));
        }
        let close = match open {
            '(' => ')',
            '[' => ']',
            '{' => '}',
            '<' => '>',
            c => c,
        };
        let end = p
            .rfind(close)
            .filter(|&e| e > 0)
            .ok_or_else(|| fail(format!("no ending delimiter '{close}'")))?;
        let body = &p[open.len_utf8()..end];
        let flags = &p[end + close.len_utf8()..];
        let (mut ci, mut multi, mut dotall, mut extended) = (false, false, false, false);
        let (mut unicode, mut ungreedy, mut dollar_end, mut anchored) =
            (false, false, false, false);
        for c in flags.chars() {
            match c {
                'i' => ci = true,
                'm' => multi = true,
                's' => dotall = true,
                'x' => extended = true,
                'u' => unicode = true,
                'U' => ungreedy = true,
                'D' => dollar_end = true,
                'A' => anchored = true,
                '\n' | '\r' | ' ' => {}
                c => return Err(fail(format!("unknown modifier '{c}'"))),
            }
        }
        let mut translated = if multi || dollar_end {
            body.to_string()
        } else {
            translate_dollar(body)
        };
        if anchored {
            translated = format!(r"\A(?:{translated})");
        }
        let re = RegexBuilder::new(&translated)
            .case_insensitive(ci)
            .multi_line(multi)
            .dot_matches_new_line(dotall)
            .ignore_whitespace(extended)
            .swap_greed(ungreedy)
            .unicode(unicode)
            .build()
            .map_err(|e| fail(e.to_string()))?;
        Ok(Preg {
            source: pattern.to_string(),
            re,
        })
    }

    /// `preg_match($pattern, $subject) === 1`.
    pub fn is_match(&self, subject: &[u8]) -> bool {
        self.re.is_match(subject)
    }

    /// The pattern as written in PHP.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

/// `$` outside classes and escapes → `(?:\n?\z)` (PCRE's default dollar).
fn translate_dollar(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 8);
    let mut in_class = false;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap());
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap());
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '$' if !in_class => out.push_str(r"(?:\n?\z)"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magento_patterns_match_as_in_php() {
        let p = Preg::new(
            "/(parameters)|(info_buyRequest)|(attributes)|(bundle_option_ids)|(bundle_selection_ids)|(bundle_selection_attributes)/",
        )
        .unwrap();
        assert!(p.is_match(b"info_buyRequest"));
        assert!(p.is_match(b"product_attributes"));
        assert!(!p.is_match(b"option_12"));
        let p = Preg::new(r"/option_\d+/").unwrap();
        assert!(p.is_match(b"option_7"));
        assert!(p.is_match(b"additional_option_12"));
        assert!(!p.is_match(b"option_ids"));
        assert!(Preg::new("#^a$#i").unwrap().is_match(b"A\n"));
        assert!(!Preg::new("#^a$#D").unwrap().is_match(b"a\n"));
        assert!(Preg::new("{x[$]}").unwrap().is_match(b"x$"));
        assert!(Preg::new("/a/A").unwrap().is_match(b"ab"));
        assert!(!Preg::new("/b/A").unwrap().is_match(b"ab"));
        assert!(Preg::new("/.\\xff/").unwrap().is_match(b"a\xff"));
        assert!(Preg::new("/a/q").is_err());
        assert!(Preg::new("abc").is_err());
        assert!(Preg::new("/(?<=a)b/").is_err());
    }
}

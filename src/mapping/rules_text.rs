//! The line format of m1tom2's own rule files (`defaults/m1/`): tokens, quoting, comments.
//! What each kind's lines mean is in the reader of that kind; the whole format is described
//! in `defaults.rs` and `defaults/m1/README.md`.
//!
//! - One rule per line; `#` starts a comment line; blank lines are ignored.
//! - Tokens are separated by spaces or tabs. A token is bare (any characters but whitespace
//!   and `"`; a backslash is an ordinary character) or quoted (`"…"`, with `\\`, `\"`, `\n`,
//!   `\r`, `\t` and `\u{HEX}` escapes), or a mix of both written together.
//! - A token `name=value` is a pair: it splits at its first `=` outside quotes. A value that
//!   holds `=`, whitespace or `"`, or is empty, is written quoted.

use super::xml::{Result, RulesError};
use std::fmt::Write as _;

/// One token: a plain value, or a `name=value` pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    Plain(String),
    Pair(String, String),
}

/// A non-comment line: its number and tokens.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub no: u32,
    pub toks: Vec<Tok>,
}

/// Splits `text` into lines of tokens.
pub(crate) fn lines(text: &str, file: &str) -> Result<Vec<Line>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let no = (i + 1) as u32;
        let t = raw.trim_start_matches([' ', '\t']);
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let toks = tokens(raw).map_err(|m| RulesError::new(file, Some(no), m))?;
        if !toks.is_empty() {
            out.push(Line { no, toks });
        }
    }
    Ok(out)
}

fn tokens(line: &str) -> std::result::Result<Vec<Tok>, String> {
    let mut toks = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut cur = String::new();
        let mut name: Option<String> = None;
        while let Some(&c) = chars.peek() {
            match c {
                ' ' | '\t' => break,
                '"' => {
                    chars.next();
                    loop {
                        match chars.next() {
                            None => {
                                return Err(
                                    "a quoted value is not closed (a `\"` is missing)".into()
                                );
                            }
                            Some('"') => break,
                            Some('\\') => match chars.next() {
                                Some('\\') => cur.push('\\'),
                                Some('"') => cur.push('"'),
                                Some('n') => cur.push('\n'),
                                Some('r') => cur.push('\r'),
                                Some('t') => cur.push('\t'),
                                Some('u') => {
                                    if chars.next() != Some('{') {
                                        return Err("`\\u` must be followed by `{HEX}`".into());
                                    }
                                    let mut hex = String::new();
                                    loop {
                                        match chars.next() {
                                            Some('}') => break,
                                            Some(h) if h.is_ascii_hexdigit() && hex.len() < 6 => {
                                                hex.push(h)
                                            }
                                            _ => return Err("bad `\\u{HEX}` escape".into()),
                                        }
                                    }
                                    let ch = u32::from_str_radix(&hex, 16)
                                        .ok()
                                        .and_then(char::from_u32)
                                        .ok_or("bad `\\u{HEX}` escape")?;
                                    cur.push(ch);
                                }
                                Some(o) => {
                                    return Err(format!(
                                        "unknown escape `\\{o}` in a quoted value"
                                    ));
                                }
                                None => {
                                    return Err(
                                        "a quoted value is not closed (a `\"` is missing)".into()
                                    );
                                }
                            },
                            Some(o) => cur.push(o),
                        }
                    }
                }
                '=' if name.is_none() => {
                    chars.next();
                    name = Some(std::mem::take(&mut cur));
                }
                _ => {
                    chars.next();
                    cur.push(c);
                }
            }
        }
        toks.push(match name {
            Some(n) => Tok::Pair(n, cur),
            None => Tok::Plain(cur),
        });
    }
    Ok(toks)
}

/// Writes `s` as one plain token, quoted when needed.
pub(crate) fn word(s: &str) -> String {
    let bare = !s.is_empty()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '=');
    if bare {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes a `name=value` pair.
pub(crate) fn pair(name: &str, value: &str) -> String {
    format!("{}={}", word(name), word(value))
}

/// Reading the tokens of one line, with errors that name the file and line.
pub(crate) struct Cursor<'a> {
    pub file: &'a str,
    pub line: &'a Line,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(file: &'a str, line: &'a Line) -> Self {
        Cursor { file, line, pos: 0 }
    }

    pub fn err(&self, message: impl Into<String>) -> RulesError {
        RulesError::new(self.file, Some(self.line.no), message)
    }

    /// The next plain token; `what` says what it should be.
    pub fn plain(&mut self, what: &str) -> Result<&'a str> {
        match self.line.toks.get(self.pos) {
            Some(Tok::Plain(s)) => {
                self.pos += 1;
                Ok(s)
            }
            Some(Tok::Pair(n, v)) => Err(self
                .err(format!("expected {what}, found `{n}={v}`"))
                .hint("quote a value that contains `=`")),
            None => Err(self.err(format!("expected {what}, found the end of the line"))),
        }
    }

    /// The remaining tokens, all `name=value` pairs.
    pub fn pairs(&mut self) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        while let Some(t) = self.line.toks.get(self.pos) {
            self.pos += 1;
            match t {
                Tok::Pair(n, v) => out.push((n.clone(), v.clone())),
                Tok::Plain(s) => {
                    return Err(self.err(format!("expected `name=value`, found `{s}`")));
                }
            }
        }
        Ok(out)
    }

    /// The line must end here.
    pub fn end(&self) -> Result<()> {
        match self.line.toks.get(self.pos) {
            None => Ok(()),
            Some(Tok::Plain(s)) => {
                Err(self.err(format!("unexpected `{s}` at the end of the line")))
            }
            Some(Tok::Pair(n, v)) => {
                Err(self.err(format!("unexpected `{n}={v}` at the end of the line")))
            }
        }
    }
}

/// Checks the `kind <name>` line that every rule file starts with and returns the other lines.
pub(crate) fn expect_kind<'a>(lines: &'a [Line], file: &str, kind: &str) -> Result<&'a [Line]> {
    let Some(first) = lines.first() else {
        return Err(RulesError::new(
            file,
            None,
            format!("the file is empty; expected `kind {kind}`"),
        ));
    };
    let mut c = Cursor::new(file, first);
    let k = c.plain("`kind`")?;
    let v = if k == "kind" { c.plain("a kind")? } else { "" };
    if k != "kind" || v != kind {
        return Err(c
            .err(format!("expected `kind {kind}` as the first rule line"))
            .hint("this is not a rules file of the kind expected here"));
    }
    c.end()?;
    Ok(&lines[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_roundtrip() {
        for s in [
            "a",
            "\\Migration\\Handler\\X",
            "",
            "a b",
            "a=b",
            "q\"x",
            "x\ny\tz\r",
            "\u{1}",
            "[a:b;c:d]",
            "%percent%% [%bar%]",
        ] {
            let line = format!("k {} {}", word(s), pair(s, s));
            let toks = tokens(&line).unwrap();
            assert_eq!(
                toks,
                vec![
                    Tok::Plain("k".into()),
                    Tok::Plain(s.into()),
                    Tok::Pair(s.into(), s.into())
                ],
                "{line}"
            );
        }
    }

    #[test]
    fn lexing() {
        let ls = lines("# c\n\n  kind map\nsrc x=\"a b\" y= \"z\"\n", "f").unwrap();
        assert_eq!(ls.len(), 2);
        assert_eq!(ls[1].no, 4);
        assert_eq!(
            ls[1].toks,
            vec![
                Tok::Plain("src".into()),
                Tok::Pair("x".into(), "a b".into()),
                Tok::Pair("y".into(), "".into()),
                Tok::Plain("z".into())
            ]
        );
        let e = lines("a \"b\n", "f.txt").unwrap_err();
        assert_eq!(e.line, Some(1));
    }
}

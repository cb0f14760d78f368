//! One SQL literal as it sits in a dump, and the two conversions a migration needs:
//! `decode` (literal → the exact bytes MySQL stores) and `escape` (bytes → a literal with
//! the same meaning as mysqldump's).
//!
//! A [`Value`] borrows its raw literal from the input; nothing is copied until a handler
//! asks for the decoded bytes. A value no rule touches is written back as the same bytes.

use std::borrow::Cow;

/// The literal forms MySQL accepts in `INSERT … VALUES` tuples.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `NULL` in any letter case.
    Null,
    /// Signed integers and decimals, with an optional exponent: `-12`, `3.50`, `1e-7`.
    Number,
    /// `'…'`: backslash escapes and doubled quotes.
    Quoted,
    /// `"…"`: the same escapes; re-quoted with `'` on output so `ANSI_QUOTES` cannot change it.
    DoubleQuoted,
    /// `0x0A0B` or `X'0A0B'`.
    Hex,
    /// `b'0101'` or `0b0101`.
    Bits,
    /// `TRUE` or `FALSE`.
    Bool,
    /// A charset introducer in front of a string or hex literal: `_binary'…'`, `_utf8mb4 0x…`.
    Introduced,
}

/// A raw literal and its kind. `raw` is exactly the bytes of the dump, quotes included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Value<'a> {
    pub raw: &'a [u8],
    pub kind: Kind,
}

impl<'a> Value<'a> {
    pub fn new(raw: &'a [u8], kind: Kind) -> Self {
        Value { raw, kind }
    }

    pub fn is_null(&self) -> bool {
        self.kind == Kind::Null
    }

    /// The bytes MySQL would store for this literal in a string column: unescaped string
    /// contents, the text of a number, the bytes of a hex or bit literal. `None` for `NULL`.
    /// Borrows when no unescaping is needed.
    pub fn decode(&self) -> Option<Cow<'a, [u8]>> {
        match self.kind {
            Kind::Null => None,
            Kind::Number => Some(Cow::Borrowed(self.raw)),
            Kind::Bool => Some(Cow::Borrowed(if self.raw[0].eq_ignore_ascii_case(&b't') {
                b"1"
            } else {
                b"0"
            })),
            Kind::Quoted | Kind::DoubleQuoted => Some(unquote(self.raw)),
            Kind::Hex => Some(Cow::Owned(decode_hex_literal(self.raw))),
            Kind::Bits => Some(Cow::Owned(decode_bit_literal(self.raw))),
            Kind::Introduced => {
                let inner = introduced_literal(self.raw);
                let kind = match inner.first() {
                    Some(b'\'') => Kind::Quoted,
                    Some(b'"') => Kind::DoubleQuoted,
                    Some(b'b' | b'B') if inner.get(1) == Some(&b'\'') => Kind::Bits,
                    Some(b'0') if matches!(inner.get(1), Some(b'b')) => Kind::Bits,
                    _ => Kind::Hex,
                };
                Value::new(inner, kind).decode()
            }
        }
    }

    /// The decoded bytes as text, if they are UTF-8. `None` for `NULL` or other bytes.
    pub fn as_str(&self) -> Option<Cow<'a, str>> {
        match self.decode()? {
            Cow::Borrowed(b) => std::str::from_utf8(b).ok().map(Cow::Borrowed),
            Cow::Owned(v) => String::from_utf8(v).ok().map(Cow::Owned),
        }
    }

    /// Appends the literal in the writer's canonical form: the raw bytes, except `"…"`
    /// strings, which are re-escaped into `'…'`.
    #[inline]
    pub fn write_canonical(&self, out: &mut Vec<u8>) {
        match self.kind {
            Kind::DoubleQuoted => escape_quoted(out, &unquote(self.raw)),
            Kind::Introduced if introduced_literal(self.raw).first() == Some(&b'"') => {
                let inner = introduced_literal(self.raw);
                out.extend_from_slice(&self.raw[..self.raw.len() - inner.len()]);
                escape_quoted(out, &unquote(inner));
            }
            _ => out.extend_from_slice(self.raw),
        }
    }
}

/// The literal after a `_charset` introducer (and the blanks that may follow it).
fn introduced_literal(raw: &[u8]) -> &[u8] {
    let mut i = 1;
    while i < raw.len() && (raw[i].is_ascii_alphanumeric() || raw[i] == b'_') {
        i += 1;
    }
    while i < raw.len() && raw[i].is_ascii_whitespace() {
        i += 1;
    }
    &raw[i..]
}

/// Removes the quotes of a `'…'` or `"…"` literal and resolves MySQL's escapes.
/// `\%` and `\_` keep their backslash, as MySQL does outside pattern contexts.
pub fn unquote(raw: &[u8]) -> Cow<'_, [u8]> {
    debug_assert!(raw.len() >= 2);
    let q = raw[0];
    let body = &raw[1..raw.len() - 1];
    let first = match memchr::memchr2(b'\\', q, body) {
        None => return Cow::Borrowed(body),
        Some(i) => i,
    };
    let mut out = Vec::with_capacity(body.len());
    out.extend_from_slice(&body[..first]);
    let mut i = first;
    while i < body.len() {
        let b = body[i];
        if b == b'\\' && i + 1 < body.len() {
            let e = body[i + 1];
            match e {
                b'0' => out.push(0),
                b'b' => out.push(8),
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'Z' => out.push(0x1a),
                b'%' | b'_' => {
                    out.push(b'\\');
                    out.push(e);
                }
                other => out.push(other),
            }
            i += 2;
        } else if b == q && i + 1 < body.len() && body[i + 1] == q {
            out.push(q);
            i += 2;
        } else {
            out.push(b);
            i += 1;
        }
        if let Some(j) = memchr::memchr2(b'\\', q, &body[i..]) {
            out.extend_from_slice(&body[i..i + j]);
            i += j;
        } else {
            out.extend_from_slice(&body[i..]);
            break;
        }
    }
    Cow::Owned(out)
}

/// What mysqldump (mysql_real_escape_string) writes for each byte: 0 = itself.
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    t[0] = b'0';
    t[b'\n' as usize] = b'n';
    t[b'\r' as usize] = b'r';
    t[b'\\' as usize] = b'\\';
    t[b'\'' as usize] = b'\'';
    t[b'"' as usize] = b'"';
    t[0x1a] = b'Z';
    t
};

/// Appends `bytes` as a single-quoted literal with mysqldump's escapes. Any bytes, UTF-8 or
/// not, come back unchanged from [`unquote`].
pub fn escape_quoted(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + 2);
    out.push(b'\'');
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let e = ESCAPE[b as usize];
        if e != 0 {
            out.extend_from_slice(&bytes[run..i]);
            out.push(b'\\');
            out.push(e);
            run = i + 1;
        }
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'\'');
}

/// Appends a value for a column: `NULL` for `None`, an escaped string otherwise.
pub fn escape_opt(out: &mut Vec<u8>, bytes: Option<&[u8]>) {
    match bytes {
        None => out.extend_from_slice(b"NULL"),
        Some(b) => escape_quoted(out, b),
    }
}

fn hex_digit(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        b'A'..=b'F' => b - b'A' + 10,
        _ => 0,
    }
}

/// `0x0A0B` / `X'0A0B'` → bytes. An odd count of digits gets a leading zero, as in MySQL.
fn decode_hex_literal(raw: &[u8]) -> Vec<u8> {
    let digits: &[u8] = if raw[0] == b'0' {
        &raw[2..]
    } else {
        &raw[2..raw.len() - 1]
    };
    let mut out = Vec::with_capacity(digits.len() / 2 + 1);
    let mut i = 0;
    if digits.len() % 2 == 1 {
        out.push(hex_digit(digits[0]));
        i = 1;
    }
    while i + 1 < digits.len() {
        out.push(hex_digit(digits[i]) << 4 | hex_digit(digits[i + 1]));
        i += 2;
    }
    out
}

/// `b'0101'` / `0b0101` → bytes, most significant first, padded on the left to whole bytes.
fn decode_bit_literal(raw: &[u8]) -> Vec<u8> {
    let digits: &[u8] = if raw[0] == b'0' {
        &raw[2..]
    } else {
        &raw[2..raw.len() - 1]
    };
    let nbytes = digits.len().div_ceil(8);
    let mut out = vec![0u8; nbytes];
    for (k, &d) in digits.iter().rev().enumerate() {
        if d == b'1' {
            out[nbytes - 1 - k / 8] |= 1 << (k % 8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(raw: &str, kind: Kind) -> Vec<u8> {
        Value::new(raw.as_bytes(), kind)
            .decode()
            .unwrap()
            .into_owned()
    }

    #[test]
    fn every_mysql_escape_decodes() {
        assert_eq!(
            dec(r#"'\0\'\"\b\n\r\t\Z\\\%\_\x'"#, Kind::Quoted),
            b"\0'\"\x08\n\r\t\x1a\\\\%\\_x"
        );
        assert_eq!(dec("'it''s'", Kind::Quoted), b"it's");
        assert_eq!(
            dec(r#""say ""hi"" \"x\"""#, Kind::DoubleQuoted),
            b"say \"hi\" \"x\""
        );
        assert_eq!(dec("''", Kind::Quoted), b"");
    }

    #[test]
    fn hex_bits_bools_and_introducers_decode() {
        assert_eq!(dec("0x0A0b", Kind::Hex), vec![0x0a, 0x0b]);
        assert_eq!(dec("X'ABC'", Kind::Hex), vec![0x0a, 0xbc]);
        assert_eq!(dec("x''", Kind::Hex), Vec::<u8>::new());
        assert_eq!(dec("b'1000000001'", Kind::Bits), vec![2, 1]);
        assert_eq!(dec("0b101", Kind::Bits), vec![5]);
        assert_eq!(dec("TRUE", Kind::Bool), b"1");
        assert_eq!(dec("false", Kind::Bool), b"0");
        assert_eq!(dec(r"_binary'\0a'", Kind::Introduced), b"\0a");
        assert_eq!(dec("_utf8mb4 0xC3A9", Kind::Introduced), "é".as_bytes());
        assert_eq!(dec("_latin1 X'41'", Kind::Introduced), b"A");
        assert!(Value::new(b"NULL", Kind::Null).decode().is_none());
    }

    #[test]
    fn escape_matches_mysqldump() {
        let mut out = Vec::new();
        escape_quoted(&mut out, b"a\0b\nc\rd\\e'f\"g\x1ah\ti\x08");
        assert_eq!(out, b"'a\\0b\\nc\\rd\\\\e\\'f\\\"g\\Zh\ti\x08'".to_vec());
    }

    #[test]
    fn invalid_utf8_passes_through() {
        let bytes = [0x05, b',', 0x19, 0x99, 0xff, b'\\', 0xc3];
        let mut out = Vec::new();
        escape_quoted(&mut out, &bytes);
        assert_eq!(&*unquote(&out), &bytes);
    }

    #[test]
    fn double_quoted_is_requoted_on_output() {
        let mut out = Vec::new();
        Value::new(br#""a'b""c""#, Kind::DoubleQuoted).write_canonical(&mut out);
        assert_eq!(out, br#"'a\'b\"c'"#);
        out.clear();
        Value::new(br#"_utf8"x""#, Kind::Introduced).write_canonical(&mut out);
        assert_eq!(out, b"_utf8'x'");
        out.clear();
        Value::new(br"'kept \' as is'", Kind::Quoted).write_canonical(&mut out);
        assert_eq!(out, br"'kept \' as is'");
    }
}

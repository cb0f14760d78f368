//! The hand lexer for `INSERT`/`REPLACE` statements: the header (verb, table, column list)
//! and then the tuples, each a row of raw [`Value`] slices into the statement. Nothing is
//! copied or unescaped here; that is what makes the hot path fast.
//!
//! General SQL parsers are about 70 times slower on row data (see the README's figures), so
//! this lexer knows only the grammar of dumped rows:
//! `(INSERT [IGNORE] | REPLACE) [INTO] name [(col, …)] VALUES (v, …), (v, …) [ON DUPLICATE KEY UPDATE …]`.

use super::value::{Kind, Value};
use std::fmt;
use std::ops::Range;

/// What went wrong and where, as an offset into the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    pub at: usize,
    pub expected: &'static str,
    pub found: String,
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}, found {}", self.expected, self.found)
    }
}

impl std::error::Error for LexError {}

/// A short, printable picture of the bytes at `at` for error messages.
pub fn snippet(s: &[u8], at: usize) -> String {
    if at >= s.len() {
        return "the end of the statement".to_string();
    }
    let end = (at + 24).min(s.len());
    let mut t = String::from("`");
    for &b in &s[at..end] {
        match b {
            b'\n' => t.push_str("\\n"),
            b'\r' => t.push_str("\\r"),
            b'\t' => t.push_str("\\t"),
            0x20..=0x7e => t.push(b as char),
            _ => t.push_str(&format!("\\x{b:02x}")),
        }
    }
    t.push('`');
    if end < s.len() {
        t.push('…');
    }
    t
}

#[cold]
#[inline(never)]
fn err(s: &[u8], at: usize, expected: &'static str) -> LexError {
    LexError {
        at,
        expected,
        found: snippet(s, at),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Insert,
    InsertIgnore,
    Replace,
}

impl Verb {
    pub fn sql(self) -> &'static str {
        match self {
            Verb::Insert => "INSERT INTO",
            Verb::InsertIgnore => "INSERT IGNORE INTO",
            Verb::Replace => "REPLACE INTO",
        }
    }
}

/// The part of an INSERT before its first tuple.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InsertHeader {
    pub verb: Verb,
    /// The table name without quotes (the last part of `db`.`table`).
    pub table: String,
    /// The column list, if the statement has one.
    pub columns: Option<Vec<String>>,
    /// Offset of the first byte after `VALUES`.
    pub values_at: usize,
}

/// Skips blanks and comments (`/* */`, `-- `, `#`). Versioned comments `/*!…*/` are code,
/// not blanks, as for the server.
#[inline]
pub fn skip_ws(s: &[u8], i: usize) -> usize {
    // Between values there is almost never anything to skip: one table lookup decides.
    match s.get(i) {
        Some(&b) if !BLANK_OR_COMMENT[b as usize] => i,
        None => i,
        _ => skip_ws_slow(s, i),
    }
}

/// Bytes that may start a blank or a comment.
const BLANK_OR_COMMENT: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = [b' ', b'\n', b'\r', b'\t', 0x0b, 0x0c, b'/', b'#', b'-'];
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

#[inline(never)]
fn skip_ws_slow(s: &[u8], mut i: usize) -> usize {
    loop {
        while i < s.len() && matches!(s[i], b' ' | b'\n' | b'\r' | b'\t' | 0x0b | 0x0c) {
            i += 1;
        }
        if i + 1 < s.len() && s[i] == b'/' && s[i + 1] == b'*' && s.get(i + 2) != Some(&b'!') {
            match memchr::memmem::find(&s[i + 2..], b"*/") {
                Some(j) => i += j + 4,
                None => return s.len(),
            }
        } else if i < s.len()
            && (s[i] == b'#'
                || (s[i] == b'-'
                    && s.get(i + 1) == Some(&b'-')
                    && s.get(i + 2).is_none_or(|c| *c <= b' ')))
        {
            match memchr::memchr(b'\n', &s[i..]) {
                Some(j) => i += j + 1,
                None => return s.len(),
            }
        } else {
            return i;
        }
    }
}

/// Reads an identifier (`` `quoted` `` with doubled backticks, `"quoted"`, or bare) at `i`.
pub fn ident(s: &[u8], i: usize) -> Option<(String, usize)> {
    let q = *s.get(i)?;
    if q == b'`' || q == b'"' {
        let mut name = Vec::new();
        let mut j = i + 1;
        loop {
            let k = j + memchr::memchr(q, &s[j..])?;
            name.extend_from_slice(&s[j..k]);
            if s.get(k + 1) == Some(&q) {
                name.push(q);
                j = k + 2;
            } else {
                return Some((String::from_utf8_lossy(&name).into_owned(), k + 1));
            }
        }
    }
    let mut j = i;
    while j < s.len()
        && (s[j].is_ascii_alphanumeric() || s[j] == b'_' || s[j] == b'$' || s[j] >= 0x80)
    {
        j += 1;
    }
    (j > i).then(|| (String::from_utf8_lossy(&s[i..j]).into_owned(), j))
}

/// Reads a possibly qualified name (`db`.`t`), returning the last part.
pub fn qualified_ident(s: &[u8], i: usize) -> Option<(String, usize)> {
    let (mut name, mut j) = ident(s, i)?;
    while s.get(j) == Some(&b'.') {
        let (n, k) = ident(s, j + 1)?;
        name = n;
        j = k;
    }
    Some((name, j))
}

/// Matches a keyword (ASCII, any case) at `i`, followed by a non-word byte.
#[inline]
pub fn keyword(s: &[u8], i: usize, kw: &str) -> Option<usize> {
    let k = kw.as_bytes();
    let end = i + k.len();
    if end <= s.len()
        && s[i..end].eq_ignore_ascii_case(k)
        && s.get(end)
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
    {
        Some(end)
    } else {
        None
    }
}

/// Parses the header of an INSERT or REPLACE statement.
pub fn parse_header(s: &[u8]) -> Result<InsertHeader, LexError> {
    let mut i = skip_ws(s, 0);
    let verb;
    if let Some(j) = keyword(s, i, "INSERT") {
        i = skip_ws(s, j);
        for modifier in ["LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY"] {
            if let Some(j) = keyword(s, i, modifier) {
                i = skip_ws(s, j);
            }
        }
        if let Some(j) = keyword(s, i, "IGNORE") {
            i = skip_ws(s, j);
            verb = Verb::InsertIgnore;
        } else {
            verb = Verb::Insert;
        }
    } else if let Some(j) = keyword(s, i, "REPLACE") {
        i = skip_ws(s, j);
        for modifier in ["LOW_PRIORITY", "DELAYED"] {
            if let Some(j) = keyword(s, i, modifier) {
                i = skip_ws(s, j);
            }
        }
        verb = Verb::Replace;
    } else {
        return Err(err(s, i, "INSERT or REPLACE"));
    }
    if let Some(j) = keyword(s, i, "INTO") {
        i = skip_ws(s, j);
    }
    let (table, j) = qualified_ident(s, i).ok_or_else(|| err(s, i, "a table name"))?;
    i = skip_ws(s, j);
    let mut columns = None;
    if s.get(i) == Some(&b'(') {
        let mut cols = Vec::new();
        i = skip_ws(s, i + 1);
        if s.get(i) != Some(&b')') {
            loop {
                let (c, j) = ident(s, i).ok_or_else(|| err(s, i, "a column name"))?;
                cols.push(c);
                i = skip_ws(s, j);
                match s.get(i) {
                    Some(b',') => i = skip_ws(s, i + 1),
                    Some(b')') => break,
                    _ => return Err(err(s, i, "`,` or `)` in the column list")),
                }
            }
        }
        i = skip_ws(s, i + 1);
        columns = Some(cols);
    }
    let values_at = keyword(s, i, "VALUES")
        .or_else(|| keyword(s, i, "VALUE"))
        .ok_or_else(|| err(s, i, "VALUES"))?;
    Ok(InsertHeader {
        verb,
        table,
        columns,
        values_at,
    })
}

/// Iterates the tuples of an INSERT, starting after `VALUES`.
pub struct Rows<'a> {
    s: &'a [u8],
    pos: usize,
    first: bool,
    done: bool,
    tight: bool,
    trailer: Range<usize>,
}

impl<'a> Rows<'a> {
    pub fn new(stmt: &'a [u8], values_at: usize) -> Self {
        Rows {
            s: stmt,
            pos: values_at,
            first: true,
            done: false,
            tight: false,
            trailer: stmt.len()..stmt.len(),
        }
    }

    /// What follows the last tuple, such as `ON DUPLICATE KEY UPDATE …`; empty for dumps.
    pub fn trailer(&self) -> &'a [u8] {
        &self.s[self.trailer.clone()]
    }

    /// Lexes the next tuple into `row` (cleared first) and returns its byte range, from `(`
    /// to `)` inclusive; `None` after the last one.
    #[inline]
    pub fn next_into(
        &mut self,
        row: &mut Vec<Value<'a>>,
    ) -> Result<Option<Range<usize>>, LexError> {
        if self.done {
            return Ok(None);
        }
        let s = self.s;
        let mut i = skip_ws(s, self.pos);
        if !self.first {
            match s.get(i) {
                Some(b',') => i = skip_ws(s, i + 1),
                None => {
                    self.done = true;
                    return Ok(None);
                }
                Some(_) => {
                    if keyword(s, i, "ON").is_some() {
                        self.done = true;
                        self.trailer = i..s.len();
                        return Ok(None);
                    }
                    return Err(err(s, i, "`,` between tuples or the end of the statement"));
                }
            }
        }
        self.first = false;
        if s.get(i) != Some(&b'(') {
            return Err(err(s, i, "`(` starting a tuple"));
        }
        let start = i;
        i += 1;
        row.clear();
        let mut tight = true;
        loop {
            let k = skip_ws(s, i);
            tight &= k == i;
            let (j, kind) = scan_value(s, k).map_err(|(at, e)| err(s, at, e))?;
            tight &= !matches!(kind, Kind::DoubleQuoted | Kind::Introduced);
            row.push(Value::new(&s[k..j], kind));
            i = j;
            match s.get(i) {
                Some(b',') => i += 1,
                Some(b')') => {
                    i += 1;
                    break;
                }
                _ => {
                    i = skip_ws(s, j);
                    tight = false;
                    match s.get(i) {
                        Some(b',') => i += 1,
                        Some(b')') => {
                            i += 1;
                            break;
                        }
                        _ => return Err(err(s, i, "`,` or `)` after a value")),
                    }
                }
            }
        }
        self.pos = i;
        self.tight = tight;
        Ok(Some(start..i))
    }

    /// Like [`Rows::next_into`], but only checks the tuple and finds its end: no values are
    /// kept. Returns the tuple's range and whether it is in canonical form (see
    /// [`Rows::tight`]).
    #[inline]
    pub fn next_checked(&mut self) -> Result<Option<Checked>, LexError> {
        if self.done {
            return Ok(None);
        }
        let s = self.s;
        let mut i = self.pos;
        if !self.first {
            match s.get(i) {
                Some(b',') => i += 1,
                _ => {
                    // Blanks, the end, or a trailer: the general path decides.
                    let mut row = Vec::new();
                    let r = self.next_into(&mut row)?;
                    return Ok(r.map(|range| Checked {
                        range,
                        tight: self.tight,
                        values: row.len(),
                    }));
                }
            }
        }
        if s.get(i) != Some(&b'(') {
            let mut row = Vec::new();
            self.pos = i;
            self.first = true;
            let r = self.next_into(&mut row)?;
            return Ok(r.map(|range| Checked {
                range,
                tight: self.tight,
                values: row.len(),
            }));
        }
        self.first = false;
        let start = i;
        i += 1;
        let mut tight = true;
        let mut values = 0;
        loop {
            let k = skip_ws(s, i);
            tight &= k == i;
            let (j, kind) = scan_value(s, k).map_err(|(at, e)| err(s, at, e))?;
            tight &= !matches!(kind, Kind::DoubleQuoted | Kind::Introduced);
            values += 1;
            i = j;
            match s.get(i) {
                Some(b',') => i += 1,
                Some(b')') => {
                    i += 1;
                    break;
                }
                _ => {
                    i = skip_ws(s, j);
                    tight = false;
                    match s.get(i) {
                        Some(b',') => i += 1,
                        Some(b')') => {
                            i += 1;
                            break;
                        }
                        _ => return Err(err(s, i, "`,` or `)` after a value")),
                    }
                }
            }
        }
        self.pos = i;
        self.tight = tight;
        Ok(Some(Checked {
            range: start..i,
            tight,
            values,
        }))
    }

    /// True when the last tuple is already in canonical form: no blanks or comments inside,
    /// and every value written as the writer writes it (no `"…"` strings).
    pub fn tight(&self) -> bool {
        self.tight
    }

    /// Skips the remaining tuples, counting them; checks the syntax like `next_into`.
    pub fn count_rest(&mut self) -> Result<usize, LexError> {
        let mut n = 0;
        while self.next_checked()?.is_some() {
            n += 1;
        }
        Ok(n)
    }
}

/// A tuple checked by [`Rows::next_checked`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// From `(` to `)` inclusive.
    pub range: Range<usize>,
    /// Already in canonical form.
    pub tight: bool,
    /// Number of values.
    pub values: usize,
}

/// Finds the next `q` or backslash at or after `from`: the only bytes that matter inside a
/// quoted literal. Short distances are searched eight bytes at a time in a register; after
/// 32 bytes without a hit the vectorised `memchr2` takes over, which wins on long text.
#[inline]
pub fn next_quote_or_escape(s: &[u8], from: usize, q: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let qq = ONES * q as u64;
    let bs = ONES * b'\\' as u64;
    let mut j = from;
    let end = (from + 32).min(s.len());
    while j + 8 <= end {
        let w = u64::from_le_bytes(s[j..j + 8].try_into().expect("8 bytes"));
        let a = w ^ qq;
        let b = w ^ bs;
        // A zero byte in `a` or `b` marks a hit; the lowest flagged byte is exact.
        let m = (a.wrapping_sub(ONES) & !a | b.wrapping_sub(ONES) & !b) & HIGH;
        if m != 0 {
            return Some(j + (m.trailing_zeros() / 8) as usize);
        }
        j += 8;
    }
    if j + 8 > s.len() {
        return s[j..]
            .iter()
            .position(|&c| c == q || c == b'\\')
            .map(|k| j + k);
    }
    memchr::memchr2(q, b'\\', &s[j..]).map(|k| j + k)
}

/// Finds the end of a quoted literal whose opening quote is at `i`; returns the offset after
/// the closing quote.
#[inline]
pub fn quoted_end(s: &[u8], i: usize) -> Option<usize> {
    let q = s[i];
    let mut j = i + 1;
    loop {
        let k = next_quote_or_escape(s, j, q)?;
        if s[k] == b'\\' {
            j = k + 2;
            if j > s.len() {
                return None;
            }
        } else if s.get(k + 1) == Some(&q) {
            j = k + 2;
        } else {
            return Some(k + 1);
        }
    }
}

/// The end of the run of ASCII digits at `i`, eight bytes at a time.
#[inline]
fn digits(s: &[u8], mut i: usize) -> usize {
    const LOW: u64 = 0x0F0F_0F0F_0F0F_0F0F;
    const SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    while i + 8 <= s.len() {
        let w = u64::from_le_bytes(s[i..i + 8].try_into().expect("8 bytes"));
        // A byte is a digit when its high nibble is 3 and its low nibble is below 10
        // (adding 6 to the low nibble does not carry into the high one).
        let high = (w & !LOW) ^ 0x3030_3030_3030_3030;
        let carry = ((w & LOW) + 0x0606_0606_0606_0606) & !LOW;
        let other = high | carry;
        if other == 0 {
            i += 8;
            continue;
        }
        // High bit of each byte that is not a digit; the lowest marks the end of the run.
        let flags = (((other & SEVEN) + SEVEN) | other) & !SEVEN;
        return i + (flags.trailing_zeros() / 8) as usize;
    }
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Lexes one literal at `i` (no leading blanks); returns it and the offset after it.
pub fn lex_value(s: &[u8], i: usize) -> Result<(Value<'_>, usize), LexError> {
    match scan_value(s, i) {
        Ok((j, kind)) => Ok((Value::new(&s[i..j], kind), j)),
        Err((at, expected)) => Err(err(s, at, expected)),
    }
}

/// The hot core of [`lex_value`]: the end and kind of the literal at `i`, or where and
/// what was expected. Small by design so that it stays in registers.
#[inline(always)]
fn scan_value(s: &[u8], i: usize) -> Result<(usize, Kind), (usize, &'static str)> {
    let Some(&c) = s.get(i) else {
        return Err((i, "a value"));
    };
    match c {
        b'\'' | b'"' => match quoted_end(s, i) {
            Some(j) => Ok((
                j,
                if c == b'\'' {
                    Kind::Quoted
                } else {
                    Kind::DoubleQuoted
                },
            )),
            None => Err((i, "a closing quote")),
        },
        b'0'..=b'9' | b'-' | b'+' | b'.' => {
            if c == b'0' && matches!(s.get(i + 1), Some(b'x' | b'b')) {
                return scan_prefixed(s, i);
            }
            let mut j = i + usize::from(c == b'-' || c == b'+');
            let int_end = digits(s, j);
            let mut any = int_end > j;
            j = int_end;
            if s.get(j) == Some(&b'.') {
                let frac_end = digits(s, j + 1);
                any |= frac_end > j + 1;
                j = frac_end;
            }
            if !any {
                return Err((i, "a number"));
            }
            if matches!(s.get(j), Some(b'e' | b'E')) {
                let mut k = j + 1;
                if matches!(s.get(k), Some(b'+' | b'-')) {
                    k += 1;
                }
                let e = digits(s, k);
                if e == k {
                    return Err((i, "digits after the exponent"));
                }
                j = e;
            }
            Ok((j, Kind::Number))
        }
        b'N' | b'n' => match keyword(s, i, "NULL") {
            Some(j) => Ok((j, Kind::Null)),
            None => Err((i, "a value")),
        },
        _ => scan_rare_value(s, i),
    }
}

/// `0x…` and `0b…`.
#[inline(never)]
fn scan_prefixed(s: &[u8], i: usize) -> Result<(usize, Kind), (usize, &'static str)> {
    let hex = s[i + 1] == b'x';
    let mut j = i + 2;
    while j < s.len()
        && (if hex {
            s[j].is_ascii_hexdigit()
        } else {
            matches!(s[j], b'0' | b'1')
        })
    {
        j += 1;
    }
    if j == i + 2 || s.get(j).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return Err((i, "a hex or bit literal"));
    }
    Ok((j, if hex { Kind::Hex } else { Kind::Bits }))
}

/// The literal forms dump tools seldom write: `X'…'`, `b'…'`, booleans, introducers.
#[inline(never)]
fn scan_rare_value(s: &[u8], i: usize) -> Result<(usize, Kind), (usize, &'static str)> {
    let c = s[i];
    match c {
        b'x' | b'X' | b'b' | b'B' if s.get(i + 1) == Some(&b'\'') => {
            let hex = matches!(c, b'x' | b'X');
            let Some(close) = memchr::memchr(b'\'', &s[i + 2..]).map(|k| i + 2 + k) else {
                return Err((i, "a closing quote"));
            };
            let body = &s[i + 2..close];
            let ok = if hex {
                body.iter().all(u8::is_ascii_hexdigit) && body.len().is_multiple_of(2)
            } else {
                body.iter().all(|b| matches!(b, b'0' | b'1'))
            };
            if !ok {
                return Err((i, "a hex or bit literal"));
            }
            Ok((close + 1, if hex { Kind::Hex } else { Kind::Bits }))
        }
        b'T' | b't' | b'F' | b'f' => match keyword(s, i, "TRUE").or_else(|| keyword(s, i, "FALSE"))
        {
            Some(j) => Ok((j, Kind::Bool)),
            None => Err((i, "a value")),
        },
        b'_' => {
            let mut j = i + 1;
            while j < s.len() && (s[j].is_ascii_alphanumeric() || s[j] == b'_') {
                j += 1;
            }
            if j == i + 1 {
                return Err((i, "a charset name after `_`"));
            }
            let k = skip_ws(s, j);
            let inner_ok = matches!(s.get(k), Some(b'\'' | b'"'))
                || (s.get(k) == Some(&b'0') && matches!(s.get(k + 1), Some(b'x' | b'b')))
                || (matches!(s.get(k), Some(b'x' | b'X' | b'b' | b'B'))
                    && s.get(k + 1) == Some(&b'\''));
            if !inner_ok {
                return Err((k, "a string or hex literal after a charset introducer"));
            }
            let (end, inner) = scan_value(s, k)?;
            debug_assert!(inner != Kind::Introduced);
            Ok((end, Kind::Introduced))
        }
        _ => Err((i, "a value")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(stmt: &str) -> Result<Vec<Vec<(String, Kind)>>, LexError> {
        let s = stmt.as_bytes();
        let h = parse_header(s)?;
        let mut r = Rows::new(s, h.values_at);
        let mut row = Vec::new();
        let mut out = Vec::new();
        while r.next_into(&mut row)?.is_some() {
            out.push(
                row.iter()
                    .map(|v| (String::from_utf8_lossy(v.raw).into_owned(), v.kind))
                    .collect(),
            );
        }
        Ok(out)
    }

    #[test]
    fn headers_of_every_dump_tool() {
        let h = parse_header(b"INSERT INTO `core_store` VALUES (1)").unwrap();
        assert_eq!(
            (h.verb, h.table.as_str(), h.columns),
            (Verb::Insert, "core_store", None)
        );
        let h =
            parse_header(b"insert  into `admin_role`(`role_id`,`parent_id`) values (1,0)").unwrap();
        assert_eq!(h.columns.unwrap(), vec!["role_id", "parent_id"]);
        let h = parse_header(b"INSERT IGNORE INTO db.`t` (`a`, `b`)\r\n VALUES\n(1,2)").unwrap();
        assert_eq!((h.verb, h.table.as_str()), (Verb::InsertIgnore, "t"));
        let h = parse_header(b"REPLACE INTO `we``ird` VALUE (1)").unwrap();
        assert_eq!((h.verb, h.table.as_str()), (Verb::Replace, "we`ird"));
        assert!(parse_header(b"INSERT INTO t SET a=1").is_err());
    }

    #[test]
    fn every_literal_form() {
        let r = rows(
            r#"INSERT INTO t VALUES (1,-2,+3.5,.5,1e10,-1.5E-3,NULL,null,'a\'b''c',"d\"e",0x0aFF,X'0A',b'101',0b11,TRUE,false,_binary'\0',_utf8mb4 0xC3A9,_latin1"x")"#,
        )
        .unwrap();
        let kinds: Vec<Kind> = r[0].iter().map(|v| v.1).collect();
        use Kind::*;
        assert_eq!(
            kinds,
            vec![
                Number,
                Number,
                Number,
                Number,
                Number,
                Number,
                Null,
                Null,
                Quoted,
                DoubleQuoted,
                Hex,
                Hex,
                Bits,
                Bits,
                Bool,
                Bool,
                Introduced,
                Introduced,
                Introduced
            ]
        );
        assert_eq!(r[0][8].0, r"'a\'b''c'");
    }

    #[test]
    fn phpmyadmin_multiline_tuples_and_semicolons_in_strings() {
        let r = rows("INSERT INTO `t` (`a`, `b`) VALUES\r\n(1, 'x;\ny'),\r\n(2, ');(')").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0][1].0, "'x;\ny'");
        assert_eq!(r[1][1].0, "');('");
    }

    #[test]
    fn trailer_is_kept() {
        let s = b"INSERT INTO t VALUES (1),(2) ON DUPLICATE KEY UPDATE a=VALUES(a)";
        let h = parse_header(s).unwrap();
        let mut r = Rows::new(s, h.values_at);
        assert_eq!(r.count_rest().unwrap(), 2);
        assert_eq!(r.trailer(), b"ON DUPLICATE KEY UPDATE a=VALUES(a)");
    }

    #[test]
    fn malformed_rows_are_errors_with_offsets() {
        let e = rows("INSERT INTO t VALUES (1,'abc").unwrap_err();
        assert_eq!((e.at, e.expected), (24, "a closing quote"));
        let e = rows("INSERT INTO t VALUES (1,2),(3").unwrap_err();
        assert_eq!(e.expected, "`,` or `)` after a value");
        let e = rows("INSERT INTO t VALUES (1,2) (3)").unwrap_err();
        assert_eq!(e.expected, "`,` between tuples or the end of the statement");
        let e = rows("INSERT INTO t VALUES (1,NOW())").unwrap_err();
        assert_eq!((e.at, e.expected), (24, "a value"));
        assert!(rows("INSERT INTO t VALUES (1,-)").is_err());
        assert!(rows("INSERT INTO t VALUES (1e)").is_err());
        assert!(rows("INSERT INTO t VALUES (0xZZ)").is_err());
        assert!(rows("INSERT INTO t VALUES (X'0')").is_err());
        assert!(rows("INSERT INTO t VALUES (_binary)").is_err());
        assert!(rows("INSERT INTO t VALUES ").is_err());
    }
}

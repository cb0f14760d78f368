//! PHP's `unserialize`, byte for byte as PHP 8.2's `ext/standard/var_unserializer.re`
//! accepts it.
//!
//! Grammar (no whitespace anywhere):
//! - `N;` · `b:0;` `b:1;` · `i:<[+-]digits>;`
//! - `d:<float>;` with `<float>` = `[+-]? (digits ['.' digits*] | '.' digits) [[eE] [+-]? digits]`
//!   or `NAN`, `INF`, `-INF`
//! - `s:<len>:"<len bytes>";` (any bytes) · `S:<len>:"<escaped>";` (`\xx` hex escapes)
//! - `a:<n>:{<key><value>…}` with `i:` or `s:`/`S:` keys
//! - `O:<len>:"<class>":<n>:{<name><value>…}` · `C:<len>:"<class>":<len>:{<payload>}`
//! - `r:<n>;` (object handle) · `R:<n>;` (PHP reference)
//!
//! What PHP does only with a warning (an out-of-range integer, a `C:` object of a class
//! without an unserializer) depends on [`Warnings`]. Bytes after the first complete value
//! are ignored, as PHP up to 8.2 does (8.3 warns about them).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use super::{Key, Object, Value};

/// What to do where PHP's `unserialize` emits a notice or warning but goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warnings {
    /// The warning is an error, as inside Magento, whose error handler turns notices and
    /// warnings into exceptions (`SerializeToJson` and friends catch them as broken data).
    Fail,
    /// The warning is ignored, as under PHP's `@unserialize(…)` (DMT's `ItemOption`): an
    /// out-of-range integer is clamped to `PHP_INT_MAX`/`PHP_INT_MIN`; a `C:` object whose
    /// class has no unserializer becomes an empty object of that class.
    Ignore,
}

/// Why a serialized value is broken, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnserializeError {
    /// Byte offset in the input.
    pub offset: usize,
    /// What PHP's parser wanted there.
    pub expected: &'static str,
}

impl fmt::Display for UnserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "broken PHP serialized data at byte {}: expected {}",
            self.offset, self.expected
        )
    }
}

impl std::error::Error for UnserializeError {}

/// PHP's `unserialize_max_depth` default: nested arrays and objects.
const MAX_DEPTH: usize = 4096;
/// How deep a copy may itself contain references that are copied (PHP has no such limit;
/// real data never comes close).
const MAX_COPY_NESTING: u32 = 256;
/// A slot whose value is still being read (it encloses the current position).
const PENDING: usize = usize::MAX;

/// `unserialize($input)` as inside Magento ([`Warnings::Fail`]).
pub fn unserialize(input: &[u8]) -> Result<Value<'_>, UnserializeError> {
    unserialize_with(input, Warnings::Fail)
}

/// `unserialize($input)` with the given treatment of warnings.
pub fn unserialize_with(input: &[u8], warnings: Warnings) -> Result<Value<'_>, UnserializeError> {
    unserialize_prefix(input, warnings).map(|(v, _)| v)
}

/// The first serialized value in `input` and the number of bytes it takes; what follows is
/// not looked at. An empty input gives `false`, as in PHP (`unserialize('') === false`
/// without a notice).
pub fn unserialize_prefix(
    input: &[u8],
    warnings: Warnings,
) -> Result<(Value<'_>, usize), UnserializeError> {
    if input.is_empty() {
        return Ok((Value::Bool(false), 0));
    }
    // Slots are needed only to resolve references; without `r:`/`R:` in the bytes there
    // can be none, and no table is kept.
    let track = memchr::memmem::find(input, b"r:").is_some()
        || memchr::memmem::find(input, b"R:").is_some();
    let mut p = Parser {
        s: input,
        pos: 0,
        warnings,
        track,
        slots: Vec::new(),
        replaying: 0,
        depth: 0,
        nodes: 0,
        max_nodes: 100_000usize.saturating_add(input.len().saturating_mul(16)),
    };
    let v = p.value()?;
    Ok((v, p.pos))
}

/// Where a value (by its 1-based number, as `r:`/`R:` count) sits in the input.
struct Slot {
    start: usize,
    end: usize,
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
    warnings: Warnings,
    track: bool,
    slots: Vec<Slot>,
    /// > 0 while a referenced value is being read again to copy it.
    replaying: u32,
    depth: usize,
    /// Values produced, copies included; bounded so that references cannot blow up.
    nodes: usize,
    max_nodes: usize,
}

fn err<T>(offset: usize, expected: &'static str) -> Result<T, UnserializeError> {
    Err(UnserializeError { offset, expected })
}

/// Bytes PHP accepts in a class name (`zend_is_valid_class_name`).
fn class_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'\\' || b >= 0x80
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn expect(&mut self, b: u8, what: &'static str) -> Result<(), UnserializeError> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            err(self.pos, what)
        }
    }

    /// Unsigned decimal digits (at least one), saturating: lengths, counts, slot numbers.
    fn uiv(&mut self) -> Result<usize, UnserializeError> {
        let start = self.pos;
        let mut v: usize = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            v = v.saturating_mul(10).saturating_add(usize::from(d - b'0'));
            self.pos += 1;
        }
        if self.pos == start {
            return err(start, "a digit");
        }
        Ok(v)
    }

    /// PHP's `parse_iv2`: `[+-]?` then digits, leading zeros skipped; more than 19
    /// significant digits or a value outside i64 is "Numerical result out of range".
    fn iv(&mut self, need_digit: bool) -> Result<i64, UnserializeError> {
        let start = self.pos;
        let neg = match self.peek() {
            Some(b'-') => {
                self.pos += 1;
                true
            }
            Some(b'+') => {
                self.pos += 1;
                false
            }
            _ => false,
        };
        let digits = self.pos;
        while self.peek() == Some(b'0') {
            self.pos += 1;
        }
        let sig = self.pos;
        let mut v: u64 = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            v = v.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
            self.pos += 1;
        }
        if need_digit && self.pos == digits {
            return err(self.pos, "a digit");
        }
        let limit = i64::MAX as u64 + u64::from(neg);
        if self.pos - sig > 19 || v > limit {
            return match self.warnings {
                Warnings::Fail => err(start, "an integer in PHP's range (-2^63 … 2^63-1)"),
                Warnings::Ignore => Ok(if neg { i64::MIN } else { i64::MAX }),
            };
        }
        Ok(if neg {
            (v as i64).wrapping_neg()
        } else {
            v as i64
        })
    }

    /// One complete value. Arrays and objects are read with an explicit stack (PHP allows
    /// 4096 levels; recursion that deep would need a large thread stack).
    fn value(&mut self) -> Result<Value<'a>, UnserializeError> {
        let mut stack: Vec<Frame<'a>> = Vec::new();
        'read: loop {
            let mut v = match self.item()? {
                Item::Value(v) => v,
                Item::Open(frame) => {
                    stack.push(frame);
                    match self.advance(&mut stack)? {
                        Some(closed) => closed,
                        None => continue 'read,
                    }
                }
            };
            loop {
                let Some(top) = stack.last_mut() else {
                    return Ok(v);
                };
                top.put(v);
                match self.advance(&mut stack)? {
                    Some(closed) => v = closed,
                    None => continue 'read,
                }
            }
        }
    }

    /// After a container was opened or got a value: reads the next key (`None`: a value
    /// comes next) or the closing `}` (`Some`: the finished container).
    fn advance(
        &mut self,
        stack: &mut Vec<Frame<'a>>,
    ) -> Result<Option<Value<'a>>, UnserializeError> {
        let top = stack.last_mut().expect("a container is open");
        if top.left > 0 {
            top.left -= 1;
            top.key = Some(if top.object {
                self.raw_key()?
            } else {
                self.array_key()?
            });
            return Ok(None);
        }
        let closing = if top.object {
            "`}` closing the properties (is the count right?)"
        } else {
            "`}` closing the array (is its element count right?)"
        };
        self.expect(b'}', closing)?;
        self.depth -= 1;
        let frame = stack.pop().expect("a container is open");
        if let Some(i) = frame.slot {
            self.slots[i].end = self.pos;
        }
        Ok(Some(frame.finish()))
    }

    /// The value that starts here: a scalar, a reference or a `C:` object in full, or the
    /// head of an array or object.
    fn item(&mut self) -> Result<Item<'a>, UnserializeError> {
        let start = self.pos;
        let Some(tag) = self.peek() else {
            return err(start, "a value, found the end of the data");
        };
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            return err(
                start,
                "references that copy fewer values (too many to expand)",
            );
        }
        let slot = if self.track && tag != b'R' && self.replaying == 0 {
            self.slots.push(Slot {
                start,
                end: PENDING,
            });
            Some(self.slots.len() - 1)
        } else {
            None
        };
        if tag != b'N' && self.s.get(start + 1) != Some(&b':') {
            return err(start + 1, "`:` after the type letter");
        }
        let v = match tag {
            b'N' => {
                if self.s.get(start + 1) != Some(&b';') {
                    return err(start + 1, "`;` after `N`");
                }
                self.pos += 2;
                Value::Null
            }
            b'b' => {
                let v = match self.s.get(start + 2..start + 4) {
                    Some(b"0;") => false,
                    Some(b"1;") => true,
                    _ => return err(start + 2, "`0;` or `1;` after `b:`"),
                };
                self.pos += 4;
                Value::Bool(v)
            }
            b'i' => {
                self.pos += 2;
                let v = self.iv(true)?;
                self.expect(b';', "`;` after the integer")?;
                Value::Int(v)
            }
            b'd' => {
                self.pos += 2;
                Value::Float(self.float()?)
            }
            b's' => {
                self.pos += 2;
                Value::Str(Cow::Borrowed(self.string()?))
            }
            b'S' => {
                self.pos += 2;
                Value::Str(Cow::Owned(self.escaped_string()?))
            }
            b'a' => {
                self.pos += 2;
                return self.array(start, slot).map(Item::Open);
            }
            b'O' | b'C' => {
                self.pos += 2;
                return match self.object(start, tag == b'C', slot)? {
                    Item::Value(v) => {
                        if let Some(i) = slot {
                            self.slots[i].end = self.pos;
                        }
                        Ok(Item::Value(v))
                    }
                    open => Ok(open),
                };
            }
            b'r' | b'R' => {
                self.pos += 2;
                self.reference(start, tag == b'r', slot)?
            }
            b'E' => return err(start, "no enum (`E:`): enums cannot come from Magento 1"),
            _ => {
                return err(
                    start,
                    "a value: `N;` `b:` `i:` `d:` `s:` `S:` `a:` `O:` `C:` `r:` `R:`",
                );
            }
        };
        if let Some(i) = slot {
            self.slots[i].end = self.pos;
        }
        Ok(Item::Value(v))
    }

    fn float(&mut self) -> Result<f64, UnserializeError> {
        let s = self.s;
        let start = self.pos;
        for (text, v) in [
            (&b"NAN;"[..], f64::NAN),
            (b"INF;", f64::INFINITY),
            (b"-INF;", f64::NEG_INFINITY),
        ] {
            if s[start..].starts_with(text) {
                self.pos += text.len();
                return Ok(v);
            }
        }
        let mut i = start;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let int_start = i;
        while s.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let mut mantissa = i > int_start;
        if s.get(i) == Some(&b'.') {
            let f = i + 1;
            let mut j = f;
            while s.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            if mantissa || j > f {
                mantissa = true;
                i = j;
            }
        }
        if !mantissa {
            return err(i, "a number after `d:`");
        }
        if matches!(s.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(s.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let e = i;
            while s.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == e {
                return err(i, "exponent digits");
            }
        }
        if s.get(i) != Some(&b';') {
            return err(i, "`;` after the number");
        }
        // The grammar is checked; Rust's parser rounds correctly, as zend_strtod does.
        let text = std::str::from_utf8(&s[start..i]).unwrap_or("0");
        let v: f64 = text.parse().unwrap_or(0.0);
        self.pos = i + 1;
        Ok(v)
    }

    /// `<len>:"<bytes>";` after `s:`.
    fn string(&mut self) -> Result<&'a [u8], UnserializeError> {
        let len = self.uiv()?;
        self.expect(b':', "`:` after the string length")?;
        self.expect(b'"', "`\"` opening the string")?;
        let start = self.pos;
        if self.s.len() - start < len {
            return err(start, "as many bytes as the string length says");
        }
        let end = start + len;
        if self.s.get(end) != Some(&b'"') {
            return err(end, "`\"` closing the string (is its length right?)");
        }
        if self.s.get(end + 1) != Some(&b';') {
            return err(end + 1, "`;` after the string");
        }
        self.pos = end + 2;
        Ok(&self.s[start..end])
    }

    /// `<len>:"<escaped>";` after `S:`: `len` bytes, each a byte or `\` and two hex digits.
    fn escaped_string(&mut self) -> Result<Vec<u8>, UnserializeError> {
        let len = self.uiv()?;
        self.expect(b':', "`:` after the string length")?;
        self.expect(b'"', "`\"` opening the string")?;
        let mut out = Vec::with_capacity(len.min(self.s.len() - self.pos));
        for _ in 0..len {
            let Some(b) = self.peek() else {
                return err(self.pos, "as many bytes as the string length says");
            };
            if b == b'\\' {
                let hex = |c: Option<&u8>| match c {
                    Some(c @ b'0'..=b'9') => Some(c - b'0'),
                    Some(c @ b'a'..=b'f') => Some(c - b'a' + 10),
                    Some(c @ b'A'..=b'F') => Some(c - b'A' + 10),
                    _ => None,
                };
                match (hex(self.s.get(self.pos + 1)), hex(self.s.get(self.pos + 2))) {
                    (Some(h), Some(l)) => out.push(h << 4 | l),
                    _ => return err(self.pos, "two hex digits after `\\`"),
                }
                self.pos += 3;
            } else {
                out.push(b);
                self.pos += 1;
            }
        }
        self.expect(b'"', "`\"` closing the string (is its length right?)")?;
        self.expect(b';', "`;` after the string")?;
        Ok(out)
    }

    fn enter(&mut self, at: usize) -> Result<(), UnserializeError> {
        if self.depth >= MAX_DEPTH {
            return err(
                at,
                "at most 4096 nested arrays and objects (PHP's unserialize_max_depth)",
            );
        }
        self.depth += 1;
        Ok(())
    }

    /// `<n>:{` after `a:`: opens an array.
    fn array(&mut self, start: usize, slot: Option<usize>) -> Result<Frame<'a>, UnserializeError> {
        let count_at = self.pos;
        let n = self.uiv()?;
        if self.pos - count_at > 19 || n > self.s.len() {
            return err(count_at, "an element count that fits the data");
        }
        self.expect(b':', "`:` after the element count")?;
        self.expect(b'{', "`{` opening the array")?;
        self.enter(start)?;
        Ok(Frame {
            object: false,
            // Each element takes at least 4 bytes (`i:0;` is a key alone).
            items: Vec::with_capacity(n.min((self.s.len() - self.pos) / 4)),
            index: None,
            class: Cow::Borrowed(b""),
            key: None,
            left: n,
            slot,
        })
    }

    /// An array key as PHP normalises it.
    fn array_key(&mut self) -> Result<Key<'a>, UnserializeError> {
        Ok(match self.raw_key()? {
            Key::Str(s) => Key::from_bytes(s),
            k => k,
        })
    }

    /// A key as written: `i:` gives an integer, `s:`/`S:` the bytes, unnormalised.
    fn raw_key(&mut self) -> Result<Key<'a>, UnserializeError> {
        let at = self.pos;
        match (self.peek(), self.s.get(at + 1)) {
            (Some(b'i'), Some(b':')) => {
                self.pos += 2;
                let v = self.iv(true)?;
                self.expect(b';', "`;` after the integer")?;
                Ok(Key::Int(v))
            }
            (Some(b's'), Some(b':')) => {
                self.pos += 2;
                Ok(Key::Str(Cow::Borrowed(self.string()?)))
            }
            (Some(b'S'), Some(b':')) => {
                self.pos += 2;
                Ok(Key::Str(Cow::Owned(self.escaped_string()?)))
            }
            _ => err(at, "a key (`i:` or `s:`)"),
        }
    }

    /// `<len>:"<class>":<n>:{…}` after `O:`, or `<len>:"<class>":<len>:{…}` after `C:`.
    fn object(
        &mut self,
        start: usize,
        custom: bool,
        slot: Option<usize>,
    ) -> Result<Item<'a>, UnserializeError> {
        let len = self.uiv()?;
        self.expect(b':', "`:` after the class name length")?;
        self.expect(b'"', "`\"` opening the class name")?;
        let name_at = self.pos;
        if len == 0 || self.s.len() - name_at < len {
            return err(name_at, "a class name as long as its length says");
        }
        let class = &self.s[name_at..name_at + len];
        self.pos += len;
        self.expect(b'"', "`\"` closing the class name (is its length right?)")?;
        self.expect(b':', "`:` after the class name")?;
        if !class.iter().copied().all(class_char) {
            return err(start, "a class name of letters, digits, `_` and `\\`");
        }
        // A known class takes its declared name; an unknown one keeps the name as written.
        let class = if class.eq_ignore_ascii_case(b"stdClass") {
            Cow::Borrowed(&b"stdClass"[..])
        } else {
            Cow::Borrowed(class)
        };
        if custom {
            let data_len = self.iv(false)?;
            self.expect(b':', "`:` after the payload length")?;
            self.expect(b'{', "`{` opening the payload")?;
            let at = self.pos;
            let Ok(data_len) = usize::try_from(data_len) else {
                return err(at, "a payload length that fits the data");
            };
            if self.s.len() - at <= data_len {
                return err(at, "a payload length that fits the data");
            }
            if self.s[at + data_len] != b'}' {
                return err(
                    at + data_len,
                    "`}` closing the payload (is its length right?)",
                );
            }
            if self.warnings == Warnings::Fail {
                return err(
                    start,
                    "no custom-serialized object (`C:`): its class's unserializer is not available",
                );
            }
            self.pos = at + data_len + 1;
            return Ok(Item::Value(Value::Object(Object {
                class,
                props: Vec::new(),
            })));
        }
        let n = self.iv(false)?;
        let Ok(n) = usize::try_from(n) else {
            return err(self.pos, "a property count that fits the data");
        };
        if n > self.s.len() {
            return err(self.pos, "a property count that fits the data");
        }
        self.expect(b':', "`:` after the property count")?;
        self.expect(b'{', "`{` opening the properties")?;
        self.enter(start)?;
        Ok(Item::Open(Frame {
            object: true,
            items: Vec::with_capacity(n.min((self.s.len() - self.pos) / 4)),
            index: None,
            class,
            key: None,
            left: n,
            slot,
        }))
    }

    /// `<n>;` after `r:` or `R:`.
    fn reference(
        &mut self,
        start: usize,
        object_only: bool,
        own_slot: Option<usize>,
    ) -> Result<Value<'a>, UnserializeError> {
        const EARLIER: &str = "a reference to a value that comes before it";
        const OBJECT: &str = "a reference (`r:`) to an object";
        let n = self.uiv()?;
        self.expect(b';', "`;` after the reference")?;
        if !self.track || n == 0 || n > self.slots.len() || own_slot == Some(n - 1) {
            return err(start, EARLIER);
        }
        let Slot { start: target, end } = self.slots[n - 1];
        // A reference to an array or object that encloses it builds a cycle.
        if end == PENDING || (target < start && start < end) {
            if object_only && !matches!(self.s[target], b'O' | b'C') {
                return err(start, OBJECT);
            }
            return Ok(Value::Cycle);
        }
        if self.replaying >= MAX_COPY_NESTING {
            return err(start, "references nested fewer than 256 deep within copies");
        }
        let resume = self.pos;
        self.pos = target;
        self.replaying += 1;
        let copy = self.value();
        self.replaying -= 1;
        self.pos = resume;
        let copy = copy?;
        if object_only && !matches!(copy, Value::Object(_) | Value::Cycle) {
            return err(start, OBJECT);
        }
        Ok(copy)
    }
}

/// What [`Parser::item`] found.
enum Item<'a> {
    Value(Value<'a>),
    Open(Frame<'a>),
}

/// An array or object being read.
struct Frame<'a> {
    object: bool,
    /// Elements, or properties as `Key::Str` names.
    items: Vec<(Key<'a>, Value<'a>)>,
    index: Option<HashMap<Key<'a>, usize>>,
    class: Cow<'a, [u8]>,
    /// The key read for the value that comes next.
    key: Option<Key<'a>>,
    /// Elements still to read.
    left: usize,
    slot: Option<usize>,
}

impl<'a> Frame<'a> {
    fn put(&mut self, value: Value<'a>) {
        let key = self.key.take().expect("a key precedes every value");
        let key = match (self.object, key) {
            // Integer property names become strings; numeric string names stay strings.
            (true, Key::Int(i)) => Key::Str(Cow::Owned(i.to_string().into_bytes())),
            (_, k) => k,
        };
        insert(&mut self.items, &mut self.index, key, value);
    }

    fn finish(self) -> Value<'a> {
        if !self.object {
            return Value::Array(self.items);
        }
        let props = self
            .items
            .into_iter()
            .map(|(k, v)| match k {
                Key::Str(name) => (name, v),
                Key::Int(i) => (Cow::Owned(i.to_string().into_bytes()), v),
            })
            .collect();
        Value::Object(Object {
            class: self.class,
            props,
        })
    }
}

/// `$array[$key] = $value` while unserializing: a repeated key keeps its first position and
/// takes the new value.
fn insert<'a>(
    items: &mut Vec<(Key<'a>, Value<'a>)>,
    index: &mut Option<HashMap<Key<'a>, usize>>,
    key: Key<'a>,
    value: Value<'a>,
) {
    const LINEAR: usize = 16;
    if items.len() < LINEAR && index.is_none() {
        if let Some(slot) = items.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = value;
        } else {
            items.push((key, value));
        }
        return;
    }
    let map = index.get_or_insert_with(|| {
        items
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (k.clone(), i))
            .collect()
    });
    if let Some(&i) = map.get(&key) {
        items[i].1 = value;
    } else {
        map.insert(key.clone(), items.len());
        items.push((key, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Value<'_> {
        unserialize(s.as_bytes()).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    fn bad(s: &str) -> UnserializeError {
        unserialize(s.as_bytes()).expect_err(s)
    }

    #[test]
    fn scalars() {
        assert_eq!(ok("N;"), Value::Null);
        assert_eq!(ok("b:1;"), Value::Bool(true));
        assert_eq!(ok("i:+5;"), Value::Int(5));
        assert_eq!(ok("i:-9223372036854775808;"), Value::Int(i64::MIN));
        assert_eq!(ok("i:00000000000000000000001;"), Value::Int(1));
        assert_eq!(ok("d:.5;"), Value::Float(0.5));
        assert_eq!(ok("d:5.;"), Value::Float(5.0));
        assert_eq!(ok("d:1E5;"), Value::Float(1e5));
        assert_eq!(ok("d:-INF;"), Value::Float(f64::NEG_INFINITY));
        assert!(matches!(ok("d:NAN;"), Value::Float(f) if f.is_nan()));
        assert!(matches!(ok("d:-0;"), Value::Float(f) if f == 0.0 && f.is_sign_negative()));
        assert_eq!(ok("d:1e500;"), Value::Float(f64::INFINITY));
        assert_eq!(ok("s:3:\"a\"b\";"), Value::str(b"a\"b"));
        assert_eq!(ok("S:3:\"\\61bc\";"), Value::str(b"abc"));
        assert_eq!(ok("s:3:\"abc\";trailing"), Value::str(b"abc"));
        assert_eq!(unserialize(b"").unwrap(), Value::Bool(false));
    }

    #[test]
    fn broken_data_says_where() {
        assert_eq!(bad("b:2;").offset, 2);
        assert_eq!(bad("s:3:\"ab\";").offset, 8);
        assert_eq!(bad("s:3:\"abc\"").offset, 9);
        assert_eq!(bad("a:2:{i:0;i:1;}").offset, 13);
        assert_eq!(bad("d:1e;").offset, 4);
        assert!(bad("d:+INF;").offset <= 3);
        assert!(bad("N").expected.contains(';'));
        assert_eq!(bad("a:1:{d:1.5;i:1;}").offset, 5);
        assert_eq!(bad("O:3:\"a-b\":0:{}").offset, 0);
        assert_eq!(bad("i:99999999999999999999;").offset, 2);
        assert_eq!(bad("E:7:\"Foo:Bar\";").offset, 0);
        assert_eq!(bad("C:3:\"Foo\":0:{}").offset, 0);
    }

    #[test]
    fn warnings_can_be_ignored_like_at_unserialize() {
        let v = unserialize_with(b"i:99999999999999999999;", Warnings::Ignore).unwrap();
        assert_eq!(v, Value::Int(i64::MAX));
        let v = unserialize_with(b"C:3:\"Foo\":3:{abc}", Warnings::Ignore).unwrap();
        assert_eq!(
            v,
            Value::Object(Object {
                class: Cow::Borrowed(b"Foo"),
                props: vec![]
            })
        );
    }

    #[test]
    fn keys_normalise_and_repeat_as_php() {
        let v = ok("a:3:{s:1:\"0\";s:1:\"x\";s:2:\"-0\";i:1;i:0;s:1:\"y\";}");
        assert_eq!(
            v,
            Value::Array(vec![
                (Key::Int(0), Value::str(b"y")),
                (Key::Str(Cow::Borrowed(b"-0")), Value::Int(1)),
            ])
        );
        let v = ok("O:8:\"stdClass\":2:{i:5;i:1;s:1:\"7\";i:2;}");
        let Value::Object(o) = v else { panic!() };
        assert_eq!(o.props[0].0.as_ref(), b"5");
        assert_eq!(o.props[1].0.as_ref(), b"7");
        // A quirk PHP has: the property count may be left out.
        assert!(matches!(ok("O:8:\"stdClass\"::{}"), Value::Object(_)));
    }

    #[test]
    fn references_copy_or_cycle() {
        assert_eq!(
            ok("a:2:{i:0;i:5;i:1;R:2;}"),
            Value::Array(vec![
                (Key::Int(0), Value::Int(5)),
                (Key::Int(1), Value::Int(5))
            ])
        );
        assert_eq!(
            ok("a:2:{i:0;a:1:{i:0;i:7;}i:1;R:3;}"),
            Value::Array(vec![
                (
                    Key::Int(0),
                    Value::Array(vec![(Key::Int(0), Value::Int(7))])
                ),
                (Key::Int(1), Value::Int(7)),
            ])
        );
        let v = ok("a:2:{i:0;O:8:\"stdClass\":1:{s:1:\"x\";i:1;}i:1;r:2;}");
        let Value::Array(items) = v else { panic!() };
        assert_eq!(items[0].1, items[1].1);
        assert!(ok("a:1:{i:0;R:1;}").has_cycle());
        assert!(ok("O:8:\"stdClass\":1:{s:1:\"a\";r:1;}").has_cycle());
        // `r:` only to objects; numbers count values, not keys.
        bad("a:1:{i:0;r:1;}");
        bad("a:2:{i:0;i:5;i:1;r:2;}");
        bad("a:2:{i:0;O:8:\"stdClass\":1:{s:1:\"x\";i:1;}i:1;r:3;}");
        bad("R:1;");
        bad("a:1:{i:0;R:0;}");
    }

    #[test]
    fn exponential_references_are_bounded() {
        // Each level refers twice to the one before: 2^40 values if expanded.
        let mut s = String::from("a:41:{i:0;i:1;");
        for i in 1..=40 {
            s.push_str(&format!("i:{i};a:2:{{i:0;R:{};i:1;R:{};}}", i + 1, i + 1));
        }
        s.push('}');
        let e = bad(&s);
        assert!(e.expected.contains("references"), "{e}");
    }

    #[test]
    fn depth_is_limited_as_in_php() {
        let deep = |n: usize| {
            let mut s = String::new();
            for _ in 0..n {
                s.push_str("a:1:{i:0;");
            }
            s.push_str("N;");
            for _ in 0..n {
                s.push('}');
            }
            s
        };
        // Runs in a thread with a small stack: the recursion must stay shallow per level.
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                assert!(unserialize(deep(4096).as_bytes()).is_ok());
                assert!(unserialize(deep(4097).as_bytes()).is_err());
            })
            .unwrap()
            .join()
            .unwrap();
    }
}

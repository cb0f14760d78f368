//! `json_encode($value)` with PHP's default flags, byte for byte.
//!
//! Magento 2 calls `json_encode` with no flags: both the Data Migration Tool's handlers and
//! `Magento\Framework\Serialize\Serializer\Json::serialize` (which throws
//! `InvalidArgumentException("Unable to serialize value. Error: …")` where plain
//! `json_encode` returns `false`). With flags 0, PHP:
//! - escapes `"` `\` and `/` (`\/`), writes `\b \f \n \r \t`, other bytes below 0x20 as
//!   `\u00XX`, and every non-ASCII character as `\uXXXX` (lowercase hex, surrogate pairs
//!   above U+FFFF); DEL (0x7F) is written as is;
//! - fails on a string that is not valid UTF-8, on `INF`/`NAN`, on nesting deeper than 512
//!   arrays/objects, and on recursion;
//! - writes an array as a list (`[…]`) when its keys are exactly 0, 1, …, n-1 in that order,
//!   as an object otherwise (`{"1":…}`), and `[]` when empty;
//! - writes objects as `{…}` of their public properties (see [`super`] for unknown classes);
//! - prints floats with `serialize_precision` -1: the shortest digits that read back the same,
//!   without `.0` (`1.0` → `1`, `0.1` → `0.1`, `1e25` → `1.0e+25`, `-0.0` → `-0`).

use std::fmt;

use super::num::{format_float, push_int};
use super::{Key, Value};

/// Why `json_encode` returns `false`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// "Malformed UTF-8 characters, possibly incorrectly encoded" (JSON_ERROR_UTF8).
    Utf8,
    /// "Inf and NaN cannot be JSON encoded" (JSON_ERROR_INF_OR_NAN).
    InfOrNan,
    /// "Maximum stack depth exceeded" (JSON_ERROR_DEPTH): more than 512 levels.
    Depth,
    /// "Recursion detected" (JSON_ERROR_RECURSION): a value that contains itself.
    Recursion,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonError::Utf8 => "Malformed UTF-8 characters, possibly incorrectly encoded",
            JsonError::InfOrNan => "Inf and NaN cannot be JSON encoded",
            JsonError::Depth => "Maximum stack depth exceeded",
            JsonError::Recursion => "Recursion detected",
        })
    }
}

impl std::error::Error for JsonError {}

/// PHP's default `json_encode` depth.
const MAX_DEPTH: usize = 512;

/// `json_encode($value)`: the JSON bytes, or why PHP would return `false`.
pub fn to_json(value: &Value<'_>) -> Result<Vec<u8>, JsonError> {
    let mut out = Vec::with_capacity(64);
    write_json(value, &mut out)?;
    Ok(out)
}

/// Appends `json_encode($value)` to `out`. On an error, `out` holds a partial result.
pub fn write_json(value: &Value<'_>, out: &mut Vec<u8>) -> Result<(), JsonError> {
    encode(value, out, 0)
}

fn encode(value: &Value<'_>, out: &mut Vec<u8>, depth: usize) -> Result<(), JsonError> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Int(i) => push_int(out, *i),
        Value::Float(f) => {
            if !f.is_finite() {
                return Err(JsonError::InfOrNan);
            }
            format_float(*f, -1, b'e', out);
        }
        Value::Str(s) => escape(s, out)?,
        Value::Cycle => return Err(JsonError::Recursion),
        Value::Array(items) => {
            if depth >= MAX_DEPTH {
                return Err(JsonError::Depth);
            }
            let list = items
                .iter()
                .enumerate()
                .all(|(i, (k, _))| *k == Key::Int(i as i64));
            out.push(if list { b'[' } else { b'{' });
            for (n, (k, v)) in items.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                if !list {
                    match k {
                        Key::Int(i) => {
                            out.push(b'"');
                            push_int(out, *i);
                            out.push(b'"');
                        }
                        Key::Str(s) => escape(s, out)?,
                    }
                    out.push(b':');
                }
                encode(v, out, depth + 1)?;
            }
            out.push(if list { b']' } else { b'}' });
        }
        Value::Object(o) => {
            if depth >= MAX_DEPTH {
                return Err(JsonError::Depth);
            }
            out.push(b'{');
            let mut first = true;
            if !o.is_std_class() {
                out.extend_from_slice(b"\"__PHP_Incomplete_Class_Name\":");
                escape(&o.class, out)?;
                first = false;
            }
            for (name, v) in &o.props {
                // Protected and private properties ("\0*\0x", "\0Class\0x") are not public.
                if name.first() == Some(&0) {
                    continue;
                }
                if !first {
                    out.push(b',');
                }
                first = false;
                escape(name, out)?;
                out.push(b':');
                encode(v, out, depth + 1)?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn push_u(out: &mut Vec<u8>, u: u16) {
    out.extend_from_slice(&[
        b'\\',
        b'u',
        HEX[usize::from(u >> 12)],
        HEX[usize::from((u >> 8) & 15)],
        HEX[usize::from((u >> 4) & 15)],
        HEX[usize::from(u & 15)],
    ]);
}

/// A JSON string literal for `s`, as PHP escapes it with flags 0.
fn escape(s: &[u8], out: &mut Vec<u8>) -> Result<(), JsonError> {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let mut i = 0;
    while i < s.len() {
        // Copy the run of bytes that need no escape in one go.
        let run = s[i..]
            .iter()
            .position(|&b| !(0x20..0x80).contains(&b) || matches!(b, b'"' | b'\\' | b'/'))
            .map_or(s.len(), |p| i + p);
        out.extend_from_slice(&s[i..run]);
        i = run;
        let Some(&b) = s.get(i) else { break };
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'/' => out.extend_from_slice(b"\\/"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0..=0x1f => push_u(out, u16::from(b)),
            _ => {
                // A non-ASCII character: PHP's decoder has the same validity rules as
                // Rust's (no overlong forms, no surrogates, nothing above U+10FFFF).
                let len = match b {
                    0xc0..=0xdf => 2,
                    0xe0..=0xef => 3,
                    0xf0..=0xf7 => 4,
                    _ => return Err(JsonError::Utf8),
                };
                let ch = s
                    .get(i..i + len)
                    .and_then(|c| std::str::from_utf8(c).ok())
                    .and_then(|c| c.chars().next())
                    .ok_or(JsonError::Utf8)?;
                let mut units = [0u16; 2];
                for &u in ch.encode_utf16(&mut units).iter() {
                    push_u(out, u);
                }
                i += len - 1;
            }
        }
        i += 1;
    }
    out.push(b'"');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Object, unserialize};
    use super::*;
    use std::borrow::Cow;

    fn j(s: impl AsRef<[u8]>) -> Result<String, JsonError> {
        let v = unserialize(s.as_ref()).unwrap();
        to_json(&v).map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn encodes_as_php() {
        // Expected bytes from PHP 8.2's json_encode.
        assert_eq!(j("s:5:\"a/b\\\"\";").unwrap(), r#""a\/b\\\"""#);
        assert_eq!(
            j(b"s:13:\"\x00\x01\x08\x09\x0a\x0b\x0c\x0d\x1f\x7f \xc3\xa9\";").unwrap(),
            "\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f\x7f \\u00e9\""
        );
        assert_eq!(j("s:4:\"\u{1F600}\";").unwrap(), r#""\ud83d\ude00""#);
        assert_eq!(j("a:1:{s:1:\"0\";s:1:\"x\";}").unwrap(), r#"["x"]"#);
        assert_eq!(
            j("a:2:{i:1;s:1:\"a\";i:0;s:1:\"b\";}").unwrap(),
            r#"{"1":"a","0":"b"}"#
        );
        assert_eq!(j("a:0:{}").unwrap(), "[]");
        assert_eq!(j("a:1:{i:0;a:0:{}}").unwrap(), "[[]]");
        assert_eq!(j("O:8:\"stdClass\":0:{}").unwrap(), "{}");
        assert_eq!(
            j("O:8:\"stdClass\":1:{s:0:\"\";i:1;}").unwrap(),
            r#"{"":1}"#
        );
        assert_eq!(
            j("O:3:\"Foo\":2:{s:1:\"a\";i:1;s:4:\"\0*\0b\";i:2;}").unwrap(),
            r#"{"__PHP_Incomplete_Class_Name":"Foo","a":1}"#
        );
        assert_eq!(j("O:8:\"stdClass\":1:{i:5;i:1;}").unwrap(), r#"{"5":1}"#);
        assert_eq!(j("d:-0;").unwrap(), "-0");
        assert_eq!(j("d:1.0E+25;").unwrap(), "1.0e+25");
        assert_eq!(j("b:0;").unwrap(), "false");
        assert_eq!(j("N;").unwrap(), "null");
    }

    #[test]
    fn fails_where_php_returns_false() {
        assert_eq!(j(b"s:2:\"\xff\xfe\";"), Err(JsonError::Utf8));
        assert_eq!(j(b"s:3:\"\xed\xa0\x80\";"), Err(JsonError::Utf8)); // a surrogate
        assert_eq!(j(b"s:2:\"\xc0\x80\";"), Err(JsonError::Utf8)); // overlong
        assert_eq!(j("d:INF;"), Err(JsonError::InfOrNan));
        assert_eq!(j("d:NAN;"), Err(JsonError::InfOrNan));
        assert_eq!(j("a:1:{i:0;R:1;}"), Err(JsonError::Recursion));
        let nest = |n: usize| {
            let mut v = Value::Array(vec![]);
            for _ in 1..n {
                v = Value::Array(vec![(Key::Int(0), v)]);
            }
            v
        };
        assert!(to_json(&nest(512)).is_ok());
        assert_eq!(to_json(&nest(513)), Err(JsonError::Depth));
        let o = Value::Object(Object {
            class: Cow::Borrowed(b"X"),
            props: vec![],
        });
        assert_eq!(
            to_json(&o).unwrap(),
            br#"{"__PHP_Incomplete_Class_Name":"X"}"#.to_vec()
        );
    }
}

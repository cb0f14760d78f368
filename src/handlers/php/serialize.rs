//! PHP's `serialize`, byte for byte, for the values [`super::unserialize`] produces.
//!
//! Floats are printed with `serialize_precision` -1 and an upper-case exponent
//! (`d:0.1;`, `d:1.0E+25;`, `d:-0;`, `d:INF;`, `d:NAN;`). Object properties are written
//! with `s:` names, markers included; an unknown class keeps its original name. A
//! [`Value::Cycle`] has no serialized form without references and is written as `N;`
//! (check [`Value::has_cycle`] first when that matters).

use super::num::{format_float, push_int};
use super::{Key, Value};

/// `serialize($value)`.
pub fn serialize(value: &Value<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    write_serialized(value, &mut out);
    out
}

/// Appends `serialize($value)` to `out`.
pub fn write_serialized(value: &Value<'_>, out: &mut Vec<u8>) {
    match value {
        Value::Null | Value::Cycle => out.extend_from_slice(b"N;"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"b:1;" } else { b"b:0;" }),
        Value::Int(i) => {
            out.extend_from_slice(b"i:");
            push_int(out, *i);
            out.push(b';');
        }
        Value::Float(f) => {
            out.extend_from_slice(b"d:");
            format_float(*f, -1, b'E', out);
            out.push(b';');
        }
        Value::Str(s) => string(s, out),
        Value::Array(items) => {
            out.extend_from_slice(b"a:");
            push_int(out, items.len() as i64);
            out.extend_from_slice(b":{");
            for (k, v) in items {
                match k {
                    Key::Int(i) => {
                        out.extend_from_slice(b"i:");
                        push_int(out, *i);
                        out.push(b';');
                    }
                    Key::Str(s) => string(s, out),
                }
                write_serialized(v, out);
            }
            out.push(b'}');
        }
        Value::Object(o) => {
            out.extend_from_slice(b"O:");
            push_int(out, o.class.len() as i64);
            out.extend_from_slice(b":\"");
            out.extend_from_slice(&o.class);
            out.extend_from_slice(b"\":");
            push_int(out, o.props.len() as i64);
            out.extend_from_slice(b":{");
            for (name, v) in &o.props {
                string(name, out);
                write_serialized(v, out);
            }
            out.push(b'}');
        }
    }
}

fn string(s: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(b"s:");
    push_int(out, s.len() as i64);
    out.extend_from_slice(b":\"");
    out.extend_from_slice(s);
    out.extend_from_slice(b"\";");
}

#[cfg(test)]
mod tests {
    use super::super::unserialize;
    use super::*;

    fn re(s: &str) -> String {
        String::from_utf8(serialize(&unserialize(s.as_bytes()).unwrap())).unwrap()
    }

    #[test]
    fn writes_what_php_writes() {
        // Expected bytes from PHP 8.2's serialize(unserialize(…)).
        assert_eq!(re("i:+5;"), "i:5;");
        assert_eq!(re("d:0.10;"), "d:0.1;");
        assert_eq!(re("d:1e25;"), "d:1.0E+25;");
        assert_eq!(re("d:-0;"), "d:-0;");
        assert_eq!(re("d:-INF;"), "d:-INF;");
        assert_eq!(re("a:1:{s:1:\"5\";b:1;}"), "a:1:{i:5;b:1;}");
        assert_eq!(
            re("O:8:\"stdClass\":1:{i:5;i:1;}"),
            "O:8:\"stdClass\":1:{s:1:\"5\";i:1;}"
        );
        assert_eq!(
            re("O:3:\"Foo\":2:{s:1:\"a\";i:1;s:4:\"\0*\0b\";i:2;}"),
            "O:3:\"Foo\":2:{s:1:\"a\";i:1;s:4:\"\0*\0b\";i:2;}"
        );
        assert_eq!(
            re("a:2:{i:0;i:5;i:1;R:2;}"),
            "a:2:{i:0;i:5;i:1;i:5;}" // PHP keeps the reference: `R:2;`
        );
        assert_eq!(re("S:3:\"\\61bc\";"), "s:3:\"abc\";");
    }
}

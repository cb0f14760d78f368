//! PHP's own data formats, as Magento's tools meet them: `unserialize`, `serialize`,
//! `json_encode`, and the scalar rules (numeric strings, truthiness, `trim`, float printing)
//! the handlers need to behave exactly as the PHP code they replace.
//!
//! The reference is PHP 8.2 (the version Magento 2.4.6/2.4.7 and the Data Migration Tool run
//! on), inside a Magento application, where Magento's error handler turns every notice and
//! warning into an exception. Where that matters it is said below.
//!
//! # How values map
//! [`Value`] is what `unserialize` builds. Strings are bytes (PHP strings are), borrowed from
//! the input whenever they can be. Arrays keep their insertion order and their keys as PHP
//! normalises them: a string key that is a canonical decimal integer (`"5"`, `"-3"`, not
//! `"05"`, `"-0"` or `"5 "`) becomes an integer key, so `a:1:{s:1:"0";…}` is a list.
//!
//! # Objects
//! The migration runs without Magento 1's classes, so every class except `stdClass` is
//! unknown to it, exactly as to the Data Migration Tool inside Magento 2 (its
//! `unserialize` calls pass no `allowed_classes`, but `Mage_*`/`Varien_*` classes do not
//! exist there). This module treats every class but `stdClass` (any letter case) as
//! unknown: PHP turns such an object into `__PHP_Incomplete_Class`, which
//! - keeps all of its properties, including protected (`"\0*\0name"`) and private
//!   (`"\0Class\0name"`) ones with their `\0` markers, and its class name;
//! - is JSON-encoded by `json_encode` as an object whose first member is
//!   `"__PHP_Incomplete_Class_Name": "<class>"`, followed by the public properties
//!   (names starting with `\0` are left out, as for every object);
//! - is serialized back as `O:<len>:"<class>":…` with all properties.
//!
//! A `stdClass` object is encoded as a JSON object of its public properties (`{}` when it has
//! none), never as a list.
//!
//! Custom-serialized objects (`C:`) need the class's own unserializer. For an unknown class
//! PHP warns "Class __PHP_Incomplete_Class has no unserializer": with [`Warnings::Fail`]
//! (Magento's error handler) that is an error; with [`Warnings::Ignore`] (PHP's `@`
//! operator) the result is an incomplete object that has only its class name, and the
//! payload is skipped. Built-in PHP classes with their own unserializers (`ArrayObject`,
//! `SplObjectStorage`, …) are not emulated: Magento 1 does not store them.
//!
//! # References
//! `r:N;` and `R:N;` refer to the N-th value unserialized so far (1-based, keys not counted,
//! `R:` itself not counted). They are resolved to copies of that value, so the JSON output is
//! the same as PHP's. A reference to a value that encloses it (an array or object that
//! contains itself) becomes [`Value::Cycle`]: `json_encode` fails on it ("recursion
//! detected"), as PHP's does. `serialize` writes copies rather than `r:`/`R:`, which gives the
//! same values back but not the same sharing.

mod json;
mod num;
mod serialize;
mod unserialize;

use std::borrow::Cow;

pub use json::{JsonError, to_json, write_json};
pub use num::{
    Number, format_float, is_numeric, loose_eq_str, numeric_key, numeric_prefix, parse_numeric,
    php_trim,
};
pub use serialize::{serialize, write_serialized};
pub use unserialize::{
    UnserializeError, Warnings, unserialize, unserialize_prefix, unserialize_with,
};

/// A PHP value as `unserialize` produces it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A byte string (PHP strings are bytes; JSON needs them to be UTF-8).
    Str(Cow<'a, [u8]>),
    /// An ordered map with integer or string keys, each key at most once.
    Array(Vec<(Key<'a>, Value<'a>)>),
    Object(Object<'a>),
    /// A reference back to an array or object that encloses it: PHP builds a cycle.
    Cycle,
}

/// An array key, normalised as PHP does (see [`Key::from_bytes`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key<'a> {
    Int(i64),
    Str(Cow<'a, [u8]>),
}

/// An object: its class name and its properties in order. Property names are bytes and
/// keep PHP's visibility markers (`"\0*\0prop"` protected, `"\0Class\0prop"` private).
#[derive(Clone, Debug, PartialEq)]
pub struct Object<'a> {
    pub class: Cow<'a, [u8]>,
    pub props: Vec<(Cow<'a, [u8]>, Value<'a>)>,
}

impl<'a> Key<'a> {
    /// The key PHP uses for the string `s` as an array key: an integer for a canonical
    /// decimal integer in range, the string otherwise.
    pub fn from_bytes(s: Cow<'a, [u8]>) -> Key<'a> {
        match numeric_key(&s) {
            Some(i) => Key::Int(i),
            None => Key::Str(s),
        }
    }

    /// A key that owns its bytes.
    pub fn into_owned(self) -> Key<'static> {
        match self {
            Key::Int(i) => Key::Int(i),
            Key::Str(s) => Key::Str(Cow::Owned(s.into_owned())),
        }
    }
}

impl Object<'_> {
    /// Whether PHP knows the class during the migration (see the module docs): only
    /// `stdClass`, in any letter case.
    pub fn is_std_class(&self) -> bool {
        self.class.eq_ignore_ascii_case(b"stdClass")
    }
}

impl<'a> Value<'a> {
    /// A string value that borrows `s`.
    pub fn str(s: &'a [u8]) -> Value<'a> {
        Value::Str(Cow::Borrowed(s))
    }

    /// PHP's truthiness (`if ($value)`): `null`, `false`, `0`, `0.0`, `""`, `"0"` and `[]`
    /// are false; everything else (objects, `NAN`, `"0.0"`, `" "`) is true.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !(s.is_empty() || &s[..] == b"0"),
            Value::Array(a) => !a.is_empty(),
            Value::Object(_) | Value::Cycle => true,
        }
    }

    /// The value of `$array[$key]` for an array and a string key (normalised as PHP does).
    pub fn get(&self, key: &[u8]) -> Option<&Value<'a>> {
        let Value::Array(items) = self else {
            return None;
        };
        let want = Key::from_bytes(Cow::Borrowed(key));
        items.iter().find(|(k, _)| *k == want).map(|(_, v)| v)
    }

    /// Like [`Value::get`], mutably.
    pub fn get_mut(&mut self, key: &[u8]) -> Option<&mut Value<'a>> {
        let Value::Array(items) = self else {
            return None;
        };
        let want = Key::from_bytes(Cow::Borrowed(key));
        items.iter_mut().find(|(k, _)| *k == want).map(|(_, v)| v)
    }

    /// `$array[$key] = $value`: replaces the value in place, or appends the key.
    /// Does nothing when `self` is not an array.
    pub fn set(&mut self, key: &[u8], value: Value<'a>) {
        if let Some(slot) = self.get_mut(key) {
            *slot = value;
        } else if let Value::Array(items) = self {
            items.push((Key::from_bytes(Cow::Owned(key.to_vec())), value));
        }
    }

    /// Whether the value contains a [`Value::Cycle`] anywhere.
    pub fn has_cycle(&self) -> bool {
        match self {
            Value::Cycle => true,
            Value::Array(items) => items.iter().any(|(_, v)| v.has_cycle()),
            Value::Object(o) => o.props.iter().any(|(_, v)| v.has_cycle()),
            _ => false,
        }
    }

    /// A value that owns all of its bytes.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Int(i) => Value::Int(i),
            Value::Float(f) => Value::Float(f),
            Value::Str(s) => Value::Str(Cow::Owned(s.into_owned())),
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect(),
            ),
            Value::Object(o) => Value::Object(Object {
                class: Cow::Owned(o.class.into_owned()),
                props: o
                    .props
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            }),
            Value::Cycle => Value::Cycle,
        }
    }
}

//! Key values collected over every row of a table (foreign keys for the Data Integrity
//! step, price keys for the Tier Price step), with the number of rows that have each.
//!
//! Most keys are ids: a key that is one canonical decimal integer (`0`, or no leading zero,
//! at most 19 digits) is kept as a `u64` — 16 bytes a key in a map with a cheap hash,
//! instead of a heap string per row. Any other key (text, composite keys joined with 0x1F)
//! is kept as its bytes. Both forms compare exactly: a byte key is looked up as an integer
//! exactly when it would have been stored as one.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A cheap hasher for integer ids (a multiply and a shift; ids are not attacker-chosen
/// in a way that matters for a one-shot batch job).
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        let x = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^ (x >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517C_C1B7_2722_0A95);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
}

/// One key value of a row.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Int(u64),
    Bytes(Vec<u8>),
}

impl Key {
    /// The key of these bytes (an integer when canonical).
    pub fn of(b: &[u8]) -> Key {
        match canonical_int(b) {
            Some(n) => Key::Int(n),
            None => Key::Bytes(b.to_vec()),
        }
    }
}

/// `b` as an integer when it is written the one way an integer prints.
pub fn canonical_int(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 19 || (b.len() > 1 && b[0] == b'0') {
        return None;
    }
    let mut n: u64 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(c - b'0');
    }
    Some(n)
}

/// The keys of one collection, with their row counts.
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    ints: HashMap<u64, u64, BuildHasherDefault<IdHasher>>,
    bytes: HashMap<Vec<u8>, u64>,
}

impl KeySet {
    pub fn add(&mut self, k: Key, rows: u64) {
        match k {
            Key::Int(n) => *self.ints.entry(n).or_default() += rows,
            Key::Bytes(b) => *self.bytes.entry(b).or_default() += rows,
        }
    }

    /// Rows with this key (bytes as the dump decodes them).
    pub fn rows(&self, key: &[u8]) -> Option<u64> {
        match canonical_int(key) {
            Some(n) => self.ints.get(&n).copied(),
            None => self.bytes.get(key).copied(),
        }
    }

    pub fn contains(&self, key: &[u8]) -> bool {
        self.rows(key).is_some()
    }

    /// Every key, as bytes, with its rows (in no particular order).
    pub fn iter(&self) -> impl Iterator<Item = (Cow<'_, [u8]>, u64)> {
        self.ints
            .iter()
            .map(|(n, c)| (Cow::Owned(n.to_string().into_bytes()), *c))
            .chain(self.bytes.iter().map(|(b, c)| (Cow::Borrowed(&b[..]), *c)))
    }

    /// Whether a key of `other` is missing here, by the cheapest route (integer keys are
    /// compared as integers).
    pub fn missing_from<'a>(&'a self, other: &'a KeySet) -> impl Iterator<Item = (Key, u64)> + 'a {
        self.ints
            .iter()
            .filter(|(n, _)| !other.ints.contains_key(n))
            .map(|(n, c)| (Key::Int(*n), *c))
            .chain(
                self.bytes
                    .iter()
                    .filter(|(b, _)| !other.bytes.contains_key(*b))
                    .map(|(b, c)| (Key::Bytes(b.clone()), *c)),
            )
    }

    pub fn len(&self) -> usize {
        self.ints.len() + self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_bytes_compare_exactly() {
        let mut s = KeySet::default();
        for k in [&b"12"[..], b"012", b"0", b"abc", b"1\x1f2", b"12"] {
            s.add(Key::of(k), 1);
        }
        assert_eq!(s.rows(b"12"), Some(2));
        assert_eq!(s.rows(b"012"), Some(1));
        assert_eq!(s.rows(b"0"), Some(1));
        assert_eq!(s.rows(b"00"), None);
        assert_eq!(s.rows(b"1\x1f2"), Some(1));
        assert_eq!(s.len(), 5);
        let mut p = KeySet::default();
        p.add(Key::of(b"12"), 1);
        p.add(Key::of(b"abc"), 1);
        let mut missing: Vec<(Key, u64)> = s.missing_from(&p).collect();
        missing.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        assert_eq!(
            missing,
            vec![
                (Key::Bytes(b"012".to_vec()), 1),
                (Key::Bytes(b"1\x1f2".to_vec()), 1),
                (Key::Int(0), 1)
            ]
        );
        assert_eq!(canonical_int(b"18446744073709551615"), None); // 20 digits
        assert_eq!(
            canonical_int(b"1844674407370955161"),
            Some(1844674407370955161)
        );
    }
}

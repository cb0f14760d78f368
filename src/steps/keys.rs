//! Key values collected over every row of a table (foreign keys for the Data Integrity
//! step, price keys for the Tier Price step), with the number of rows that have each.
//!
//! Memory is bounded by design: most keys are ids, and a key that is one canonical decimal
//! integer (`0`, or no leading zero, at most 19 digits) is buffered as a `u64`. When the
//! buffers of all collections together pass [`BUDGET`] ids, the largest are sorted,
//! counted and written as runs of (id, rows) pairs to one anonymous temporary file; at the
//! end each collection is read back as a merge of its runs and its sorted buffer. So a
//! 50 GB dump needs disk for its keys, not memory. Any other key (text, composite keys
//! joined with 0x1F; rare in Magento's schema) is kept in memory as its bytes. Both forms
//! compare exactly: bytes are an integer key exactly when they would have been stored as one.

use anyhow::{Context as _, Result};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::sync::Arc;

/// Ids buffered in memory over all collections before the largest buffers are spilled
/// (8 bytes each: 4 M ids = 32 MiB).
pub const BUDGET: usize = 4 << 20;

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

    /// The key as the bytes a dump writes.
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            Key::Int(n) => n.to_string().into_bytes(),
            Key::Bytes(b) => b.clone(),
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

/// A sorted run of (id, rows) pairs in the spill file.
#[derive(Clone, Copy, Debug)]
struct Run {
    offset: u64,
    pairs: u64,
}

/// The keys of one collection, with their row counts.
#[derive(Debug, Default)]
pub struct KeySet {
    /// Ids since the last spill, unsorted, repeated once per row.
    buffer: Vec<u64>,
    /// After [`Collected::finish`]: the buffer sorted and counted.
    tail: Vec<(u64, u64)>,
    runs: Vec<Run>,
    spill: Option<Arc<File>>,
    bytes: HashMap<Vec<u8>, u64>,
}

/// Reads one run back, 64 KiB at a time.
struct RunReader {
    file: Arc<File>,
    next: u64,
    left: u64,
    buf: Vec<u8>,
    pos: usize,
}

impl RunReader {
    fn next_pair(&mut self) -> Option<(u64, u64)> {
        if self.pos >= self.buf.len() {
            if self.left == 0 {
                return None;
            }
            let n = self.left.min(4096);
            self.buf.resize(n as usize * 16, 0);
            // An I/O error reading back our own temporary file ends the run; the caller's
            // counts would be short, so it is reported loudly.
            if let Err(e) = self.file.read_exact_at(&mut self.buf, self.next) {
                eprintln!("m1tom2: reading the key spill file failed: {e}");
                self.left = 0;
                return None;
            }
            self.next += n * 16;
            self.left -= n;
            self.pos = 0;
        }
        let b = &self.buf[self.pos..self.pos + 16];
        self.pos += 16;
        Some((
            u64::from_le_bytes(b[..8].try_into().ok()?),
            u64::from_le_bytes(b[8..].try_into().ok()?),
        ))
    }
}

/// Sorts and counts ids.
fn counted(mut ids: Vec<u64>) -> Vec<(u64, u64)> {
    ids.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::new();
    for id in ids {
        match out.last_mut() {
            Some((k, c)) if *k == id => *c += 1,
            _ => out.push((id, 1)),
        }
    }
    out
}

impl KeySet {
    /// The integer keys in order, each with its rows (runs and tail merged).
    pub fn sorted_ints(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        let mut readers: Vec<RunReader> = match &self.spill {
            Some(f) => self
                .runs
                .iter()
                .map(|r| RunReader {
                    file: f.clone(),
                    next: r.offset,
                    left: r.pairs,
                    buf: Vec::new(),
                    pos: 0,
                })
                .collect(),
            None => Vec::new(),
        };
        let mut tail = self.tail.iter().copied();
        let mut heap: BinaryHeap<Reverse<(u64, u64, usize)>> = BinaryHeap::new();
        // Source index readers.len() is the tail.
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some((k, c)) = r.next_pair() {
                heap.push(Reverse((k, c, i)));
            }
        }
        let tail_ix = readers.len();
        if let Some((k, c)) = tail.next() {
            heap.push(Reverse((k, c, tail_ix)));
        }
        std::iter::from_fn(move || {
            let Reverse((key, mut count, i)) = heap.pop()?;
            let mut refill = |i: usize, heap: &mut BinaryHeap<Reverse<(u64, u64, usize)>>| {
                let next = if i == tail_ix {
                    tail.next()
                } else {
                    readers[i].next_pair()
                };
                if let Some((k, c)) = next {
                    heap.push(Reverse((k, c, i)));
                }
            };
            refill(i, &mut heap);
            while let Some(Reverse((k, c, j))) = heap.peek().copied() {
                if k != key {
                    break;
                }
                heap.pop();
                count += c;
                refill(j, &mut heap);
            }
            Some((key, count))
        })
    }

    /// Every key, as bytes, with its rows.
    pub fn iter(&self) -> impl Iterator<Item = (Vec<u8>, u64)> + '_ {
        self.sorted_ints()
            .map(|(k, c)| (k.to_string().into_bytes(), c))
            .chain(self.bytes.iter().map(|(b, c)| (b.clone(), *c)))
    }

    /// The keys here that `other` lacks, with their rows: integer keys in order (a merge of
    /// two sorted streams), then the byte keys.
    pub fn missing_from(&self, other: &KeySet) -> Vec<(Key, u64)> {
        let mut out = Vec::new();
        let mut theirs = other.sorted_ints().peekable();
        for (k, c) in self.sorted_ints() {
            while theirs.peek().is_some_and(|(t, _)| *t < k) {
                theirs.next();
            }
            if theirs.peek().map(|(t, _)| *t) != Some(k) {
                out.push((Key::Int(k), c));
            }
        }
        let mut bytes: Vec<(Key, u64)> = self
            .bytes
            .iter()
            .filter(|(b, _)| !other.bytes.contains_key(*b))
            .map(|(b, c)| (Key::Bytes(b.clone()), *c))
            .collect();
        bytes.sort_by_key(|a| a.0.bytes());
        out.extend(bytes);
        out
    }

    /// Rows with this key (a scan: for checks and tests, not per row).
    pub fn rows(&self, key: &[u8]) -> Option<u64> {
        match canonical_int(key) {
            Some(n) => self.sorted_ints().find(|(k, _)| *k == n).map(|(_, c)| c),
            None => self.bytes.get(key).copied(),
        }
    }
}

/// The key collections of a work pass, by [`super::Plan::key`] index.
#[derive(Debug, Default)]
pub struct Collected {
    sets: Vec<KeySet>,
    buffered: usize,
    spill: Option<Arc<File>>,
    /// Ids written to the spill file, for the report.
    pub spilled: u64,
}

impl Collected {
    pub fn new(n: usize) -> Collected {
        Collected {
            sets: (0..n).map(|_| KeySet::default()).collect(),
            ..Default::default()
        }
    }

    pub fn get(&self, i: usize) -> Option<&KeySet> {
        self.sets.get(i)
    }

    pub fn len(&self) -> usize {
        self.sets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }

    /// Adds one row's key to collection `i`; spills when the buffers are over budget.
    pub fn add(&mut self, i: usize, key: &Key) -> Result<()> {
        let Some(set) = self.sets.get_mut(i) else {
            return Ok(());
        };
        match key {
            Key::Int(n) => {
                set.buffer.push(*n);
                self.buffered += 1;
                if self.buffered > BUDGET {
                    self.spill_largest()?;
                }
            }
            Key::Bytes(b) => *set.bytes.entry(b.clone()).or_default() += 1,
        }
        Ok(())
    }

    /// Writes the largest buffers as sorted runs until half the budget is free.
    fn spill_largest(&mut self) -> Result<()> {
        if self.spill.is_none() {
            let f = tempfile::tempfile()
                .context("creating a temporary file for the foreign-key values (TMPDIR)")?;
            self.spill = Some(Arc::new(f));
        }
        let file = self.spill.clone().expect("just made");
        let mut order: Vec<usize> = (0..self.sets.len()).collect();
        order.sort_by_key(|&i| Reverse(self.sets[i].buffer.len()));
        let mut offset = (&*file)
            .seek(SeekFrom::End(0))
            .context("seeking the key spill file")?;
        let mut w = BufWriter::with_capacity(1 << 20, &*file);
        for i in order {
            if self.buffered <= BUDGET / 2 {
                break;
            }
            let set = &mut self.sets[i];
            if set.buffer.is_empty() {
                break;
            }
            let ids = std::mem::take(&mut set.buffer);
            self.buffered -= ids.len();
            self.spilled += ids.len() as u64;
            let pairs = counted(ids);
            for (k, c) in &pairs {
                w.write_all(&k.to_le_bytes())?;
                w.write_all(&c.to_le_bytes())?;
            }
            set.runs.push(Run {
                offset,
                pairs: pairs.len() as u64,
            });
            set.spill = Some(file.clone());
            offset += pairs.len() as u64 * 16;
        }
        w.flush().context("writing the key spill file")?;
        Ok(())
    }

    /// Ends collecting: every buffer sorted and counted.
    pub fn finish(&mut self) {
        for set in &mut self.sets {
            let ids = std::mem::take(&mut set.buffer);
            let tail = counted(ids);
            if set.tail.is_empty() {
                set.tail = tail;
            } else {
                // Collected again after a finish (a resumed pass): merge.
                let mut all: Vec<u64> = Vec::new();
                for (k, c) in set.tail.drain(..).chain(tail) {
                    all.extend(std::iter::repeat_n(k, c as usize));
                }
                set.tail = counted(all);
            }
        }
        self.buffered = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(keys: &[&[u8]], n: usize, budget_spill: bool) -> Collected {
        let mut c = Collected::new(n);
        for (i, k) in keys.iter().enumerate() {
            c.add(i % n, &Key::of(k)).unwrap();
            if budget_spill && i % 3 == 2 {
                c.buffered = BUDGET + 1;
                c.spill_largest().unwrap();
            }
        }
        c.finish();
        c
    }

    #[test]
    fn integers_and_bytes_compare_exactly() {
        let c = collect(&[b"12", b"012", b"0", b"abc", b"1\x1f2", b"12"], 1, false);
        let s = c.get(0).unwrap();
        assert_eq!(s.rows(b"12"), Some(2));
        assert_eq!(s.rows(b"012"), Some(1));
        assert_eq!(s.rows(b"0"), Some(1));
        assert_eq!(s.rows(b"00"), None);
        assert_eq!(s.rows(b"1\x1f2"), Some(1));
        let p = collect(&[b"12", b"abc"], 1, false);
        let missing = s.missing_from(p.get(0).unwrap());
        assert_eq!(
            missing,
            vec![
                (Key::Int(0), 1),
                (Key::Bytes(b"012".to_vec()), 1),
                (Key::Bytes(b"1\x1f2".to_vec()), 1),
            ]
        );
        assert_eq!(canonical_int(b"18446744073709551615"), None); // 20 digits
        assert_eq!(
            canonical_int(b"1844674407370955161"),
            Some(1844674407370955161)
        );
    }

    #[test]
    fn spilled_runs_merge_to_the_same_counts() {
        let keys: Vec<Vec<u8>> = (0..500u64)
            .map(|i| ((i * 7919) % 97).to_string().into_bytes())
            .collect();
        let refs: Vec<&[u8]> = keys.iter().map(|k| &k[..]).collect();
        let memory = collect(&refs, 2, false);
        let spilled = collect(&refs, 2, true);
        assert!(spilled.spilled > 0, "the test spills");
        for i in 0..2 {
            let a: Vec<(u64, u64)> = memory.get(i).unwrap().sorted_ints().collect();
            let b: Vec<(u64, u64)> = spilled.get(i).unwrap().sorted_ints().collect();
            assert_eq!(a, b);
            assert_eq!(a.iter().map(|(_, c)| c).sum::<u64>(), 250);
        }
        let parents = collect(&[b"1", b"2", b"3"], 1, true);
        let orphans = spilled
            .get(0)
            .unwrap()
            .missing_from(parents.get(0).unwrap());
        assert!(orphans.iter().all(|(k, _)| !matches!(k, Key::Int(1..=3))));
        assert_eq!(
            orphans.len(),
            memory
                .get(0)
                .unwrap()
                .sorted_ints()
                .filter(|(k, _)| !(1..=3).contains(k))
                .count()
        );
    }
}

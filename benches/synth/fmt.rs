//! Formatting without allocation: numbers, dates, mysqldump's string escapes, PHP
//! `serialize()`, base64; and the two sources of randomness (a sequential PRNG and a
//! stateless hash of ids, so that every table can recompute what it needs about any entity).

/// wyrand: tiny, fast, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    #[inline]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0xa076_1d64_78bd_642f);
        let t = (self.0 as u128).wrapping_mul((self.0 ^ 0xe703_7ed1_a0b4_28db) as u128);
        ((t >> 64) as u64) ^ (t as u64)
    }

    /// Uniform in `0..n` (`n > 0`).
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    #[inline]
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True `per_mille` times in a thousand.
    #[inline]
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

/// A stateless hash of a few numbers (splitmix64's finaliser over a running mix): the same
/// inputs give the same value in every table.
#[inline]
pub fn hash(kind: u64, id: u64, k: u64) -> u64 {
    // One wyrand step with the inputs as its state: ids stay below 2^40, `k` below 2^16
    // and the kind below 2^8, so every input has its own state.
    let z = (id ^ (k << 40) ^ (kind << 56)).wrapping_add(0xa076_1d64_78bd_642f);
    let t = (z as u128).wrapping_mul((z ^ 0xe703_7ed1_a0b4_28db) as u128);
    ((t >> 64) as u64) ^ (t as u64)
}

/// `hash` reduced to `0..n`.
#[inline]
pub fn pick(kind: u64, id: u64, k: u64, n: u64) -> u64 {
    ((hash(kind, id, k) as u128 * n.max(1) as u128) >> 64) as u64
}

/// True `per_mille` times in a thousand, by hash.
#[inline]
pub fn hchance(kind: u64, id: u64, k: u64, per_mille: u64) -> bool {
    pick(kind, id, k, 1000) < per_mille
}

const fn two_digits() -> [u8; 200] {
    let mut t = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        t[2 * i] = b'0' + (i / 10) as u8;
        t[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
}
static DEC2: [u8; 200] = two_digits();

/// Decimal digits of `v` (1..=20).
#[inline]
fn digit_count(v: u64) -> usize {
    let mut n = 1;
    let mut p = 10u64;
    while n < 20 && v >= p {
        n += 1;
        p = p.wrapping_mul(10);
    }
    n
}

#[inline]
pub fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    let n = digit_count(v);
    let len = out.len();
    out.reserve(n);
    let spare = &mut out.spare_capacity_mut()[..n];
    let mut i = n;
    while i >= 2 {
        let d = (v % 100) as usize * 2;
        v /= 100;
        i -= 2;
        spare[i].write(DEC2[d]);
        spare[i + 1].write(DEC2[d + 1]);
    }
    if i == 1 {
        spare[0].write(b'0' + v as u8);
    }
    // SAFETY: the `n` bytes after `len` were all written just above.
    unsafe { out.set_len(len + n) };
}

#[inline]
pub fn push2(out: &mut Vec<u8>, v: u64) {
    let d = (v % 100) as usize * 2;
    out.extend_from_slice(&DEC2[d..d + 2]);
}

/// `v` zero-padded to `width` digits (Magento's increment ids).
#[inline]
pub fn push_padded(out: &mut Vec<u8>, v: u64, width: usize) {
    let n = digit_count(v);
    for _ in n..width {
        out.push(b'0');
    }
    push_u64(out, v);
}

/// A `decimal(…,4)` given in ten-thousandths.
#[inline]
pub fn push_dec4(out: &mut Vec<u8>, v: u64) {
    push_u64(out, v / 10_000);
    out.push(b'.');
    let f = v % 10_000;
    push2(out, f / 100);
    push2(out, f);
}

/// Cents as a plain decimal with two places (`12.50`), as PHP prints prices in serialized data.
#[inline]
pub fn push_cents2(out: &mut Vec<u8>, cents: u64) {
    push_u64(out, cents / 100);
    out.push(b'.');
    push2(out, cents % 100);
}

#[inline]
pub fn push_hex(out: &mut Vec<u8>, v: u64, digits: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for k in (0..digits).rev() {
        out.push(HEX[((v >> (4 * (k % 16))) & 15) as usize]);
    }
}

/// Upper-case hex digits.
#[inline]
pub fn push_hex_upper(out: &mut Vec<u8>, v: u64, digits: usize) {
    let start = out.len();
    push_hex(out, v, digits);
    out[start..].make_ascii_uppercase();
}

pub fn hex_of(bytes: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(HEX[(b >> 4) as usize]);
        out.push(HEX[(b & 15) as usize]);
    }
}

/// Days since 1970-01-01 → (year, month, day) (H. Hinnant's algorithm).
#[inline]
pub fn civil(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + u64::from(m <= 2), m, d)
}

/// Days covered by the date table: 1970-01-01 to 2039-12-31.
const DATE_DAYS: usize = 25_567;

/// `YYYY-MM-DD` of every day in the table's range, 10 bytes each.
fn date_table() -> &'static [u8] {
    static T: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut v = Vec::with_capacity(DATE_DAYS * 10);
        for day in 0..DATE_DAYS as u64 {
            let (y, m, d) = civil(day);
            push2(&mut v, y / 100);
            push2(&mut v, y);
            v.push(b'-');
            push2(&mut v, m);
            v.push(b'-');
            push2(&mut v, d);
        }
        v
    })
}

#[inline]
pub fn push_date(out: &mut Vec<u8>, t: u64) {
    let day = (t / 86_400) as usize;
    if day < DATE_DAYS {
        out.extend_from_slice(&date_table()[day * 10..day * 10 + 10]);
    } else {
        let (y, m, d) = civil(day as u64);
        push2(out, y / 100);
        push2(out, y);
        out.push(b'-');
        push2(out, m);
        out.push(b'-');
        push2(out, d);
    }
}

/// `YYYY-MM-DD HH:MM:SS` of a Unix time.
#[inline]
pub fn push_datetime(out: &mut Vec<u8>, t: u64) {
    push_date(out, t);
    let s = t % 86_400;
    out.push(b' ');
    push2(out, s / 3600);
    out.push(b':');
    push2(out, s / 60 % 60);
    out.push(b':');
    push2(out, s % 60);
}

/// What `mysql_real_escape_string` puts after a backslash for each byte (0: copy as is).
const fn escape_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    t[0] = b'0';
    t[b'\n' as usize] = b'n';
    t[b'\r' as usize] = b'r';
    t[b'\\' as usize] = b'\\';
    t[b'\'' as usize] = b'\'';
    t[b'"' as usize] = b'"';
    t[0x1a] = b'Z';
    t
}
static ESCAPE: [u8; 256] = escape_table();

/// Appends `raw` escaped as mysqldump escapes string and binary values (without quotes).
#[inline]
pub fn escape_into(out: &mut Vec<u8>, raw: &[u8]) {
    // Serialized data has a quote every few bytes: one pass that writes every byte (one or
    // two) beats copying the runs between escapes.
    out.reserve(raw.len() * 2);
    let len = out.len();
    let spare = &mut out.spare_capacity_mut()[..raw.len() * 2];
    let mut j = 0;
    for &b in raw {
        let e = ESCAPE[b as usize];
        if e == 0 {
            spare[j].write(b);
            j += 1;
        } else {
            spare[j].write(b'\\');
            spare[j + 1].write(e);
            j += 2;
        }
    }
    // SAFETY: the `j` bytes after `len` were all written just above.
    unsafe { out.set_len(len + j) };
}

/// Lower-case ASCII slug of UTF-8 text: runs of anything else become one `-`.
pub fn slug_into(out: &mut Vec<u8>, text: &[u8]) {
    let mut dash = false;
    let start = out.len();
    for &b in text {
        if b.is_ascii_alphanumeric() {
            if dash && out.len() > start {
                out.push(b'-');
            }
            dash = false;
            out.push(b.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
}

// ---------------------------------------------------------------------------------------
// PHP serialize(), into a raw buffer (escaped when written)
// ---------------------------------------------------------------------------------------

pub fn ser_str(b: &mut Vec<u8>, s: &[u8]) {
    b.extend_from_slice(b"s:");
    push_u64(b, s.len() as u64);
    b.extend_from_slice(b":\"");
    b.extend_from_slice(s);
    b.extend_from_slice(b"\";");
}

/// A string whose digits are a number (`s:2:"42";`).
pub fn ser_num_str(b: &mut Vec<u8>, v: u64) {
    let n = digit_count(v);
    b.extend_from_slice(b"s:");
    push_u64(b, n as u64);
    b.extend_from_slice(b":\"");
    push_u64(b, v);
    b.extend_from_slice(b"\";");
}

pub fn ser_int(b: &mut Vec<u8>, v: u64) {
    b.extend_from_slice(b"i:");
    push_u64(b, v);
    b.push(b';');
}

pub fn ser_bool(b: &mut Vec<u8>, v: bool) {
    b.extend_from_slice(if v { b"b:1;" } else { b"b:0;" });
}

pub fn ser_null(b: &mut Vec<u8>) {
    b.extend_from_slice(b"N;");
}

/// A float as PHP 5 serializes prices (`d:12.5;`, `d:10;`).
pub fn ser_cents(b: &mut Vec<u8>, cents: u64) {
    b.extend_from_slice(b"d:");
    push_u64(b, cents / 100);
    let f = cents % 100;
    if f != 0 {
        b.push(b'.');
        if f.is_multiple_of(10) {
            push_u64(b, f / 10);
        } else {
            push2(b, f);
        }
    }
    b.push(b';');
}

pub fn ser_arr(b: &mut Vec<u8>, n: u64) {
    b.extend_from_slice(b"a:");
    push_u64(b, n);
    b.extend_from_slice(b":{");
}

pub fn ser_end(b: &mut Vec<u8>) {
    b.push(b'}');
}

/// A `key => string` pair.
pub fn ser_kv(b: &mut Vec<u8>, k: &[u8], v: &[u8]) {
    ser_str(b, k);
    ser_str(b, v);
}

// ---------------------------------------------------------------------------------------
// base64 (standard alphabet, padded), as PHP's base64_encode
// ---------------------------------------------------------------------------------------

pub fn base64_into(out: &mut Vec<u8>, data: &[u8]) {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        out.push(A[(n >> 18) as usize & 63]);
        out.push(A[(n >> 12) as usize & 63]);
        out.push(if c.len() > 1 {
            A[(n >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if c.len() > 2 {
            A[n as usize & 63]
        } else {
            b'='
        });
    }
}

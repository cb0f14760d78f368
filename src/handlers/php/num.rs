//! PHP's scalar rules: numeric strings, integer array keys, float printing, `trim`.

use std::fmt::Write as _;

/// A PHP number: what a numeric string converts to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

/// The whitespace PHP skips around numeric strings.
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Scans PHP's numeric-string grammar at the start of `s` (after whitespace):
/// `[+-]? (digits ('.' digits*)? | '.' digits) ([eE] [+-]? digits)?`.
/// Returns the number and where its text ends, or `None` when no number starts there.
fn scan(s: &[u8]) -> Option<(Number, usize)> {
    let mut i = 0;
    while i < s.len() && is_ws(s[i]) {
        i += 1;
    }
    let start = i;
    if matches!(s.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_start = i;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut float = false;
    if s.get(i) == Some(&b'.') {
        let frac_start = i + 1;
        let mut j = frac_start;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        if int_digits > 0 || j > frac_start {
            float = true;
            i = j;
        }
    }
    if int_digits == 0 && !float {
        return None;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if s.get(j).is_some_and(u8::is_ascii_digit) {
            while j < s.len() && s[j].is_ascii_digit() {
                j += 1;
            }
            float = true;
            i = j;
        }
    }
    let text = std::str::from_utf8(&s[start..i]).ok()?;
    if !float {
        // An integer in range stays an integer; beyond i64 it becomes a float.
        if let Ok(v) = text.parse::<i64>() {
            return Some((Number::Int(v), i));
        }
    }
    let v: f64 = text.parse().ok()?;
    Some((Number::Float(v), i))
}

/// PHP 8's `is_numeric()` / numeric-string conversion: the number a whole string stands for
/// (leading and trailing whitespace allowed), or `None` when it is not numeric.
pub fn parse_numeric(s: &[u8]) -> Option<Number> {
    let (n, mut end) = scan(s)?;
    while end < s.len() && is_ws(s[end]) {
        end += 1;
    }
    (end == s.len()).then_some(n)
}

/// `is_numeric($s)`.
pub fn is_numeric(s: &[u8]) -> bool {
    parse_numeric(s).is_some()
}

/// The number at the start of a "leading-numeric" string such as `"5 apples"` and whether
/// the whole string was numeric. PHP's arithmetic accepts the former with the warning
/// "A non-numeric value encountered"; `None` means PHP 8 throws a `TypeError`.
pub fn numeric_prefix(s: &[u8]) -> Option<(Number, bool)> {
    let (n, mut end) = scan(s)?;
    while end < s.len() && is_ws(s[end]) {
        end += 1;
    }
    Some((n, end == s.len()))
}

/// The integer a string array key becomes in PHP (`ZEND_HANDLE_NUMERIC_STR`): a canonical
/// decimal integer in the range of i64 — optional `-`, no `+`, no leading zeros, no
/// whitespace, not `-0`.
pub fn numeric_key(s: &[u8]) -> Option<i64> {
    let digits = s.strip_prefix(b"-").unwrap_or(s);
    if digits.is_empty()
        || digits.len() > 19
        || !digits.iter().all(u8::is_ascii_digit)
        || (digits[0] == b'0' && s.len() > 1)
    {
        return None;
    }
    // Fits in u64 (at most 19 digits); the sign decides the range.
    let mut v: u64 = 0;
    for &d in digits {
        v = v * 10 + u64::from(d - b'0');
    }
    if s[0] == b'-' {
        if v > i64::MAX as u64 + 1 {
            return None;
        }
        Some((v as i64).wrapping_neg())
    } else {
        i64::try_from(v).ok()
    }
}

/// PHP 8's loose `==` between two strings: numerically when both are numeric strings
/// (`"1e1" == "10"`), byte for byte otherwise.
pub fn loose_eq_str(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    match (parse_numeric(a), parse_numeric(b)) {
        (Some(Number::Int(x)), Some(Number::Int(y))) => x == y,
        (Some(x), Some(y)) => x.as_f64() == y.as_f64(),
        _ => false,
    }
}

/// PHP's `trim()` with its default characters: space, `\t`, `\n`, `\r`, `\0`, `\x0B`.
pub fn php_trim(s: &[u8]) -> &[u8] {
    let is_trim = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0b);
    let start = s.iter().position(|b| !is_trim(b)).unwrap_or(s.len());
    let end = s.iter().rposition(|b| !is_trim(b)).map_or(start, |e| e + 1);
    &s[start..end]
}

/// Whether `a` (positive, finite) lies exactly halfway between the shortest digits
/// `digits`×10^`e10` (scientific, one digit before the point) and the same digits with the
/// last one lowered by one, and the lower one reads back as `a` too.
fn exact_tie_below(a: f64, digits: &[u8], e10: i32) -> bool {
    let mut lower = String::with_capacity(digits.len() + 8);
    lower.push(digits[0] as char);
    lower.push('.');
    for &d in &digits[1..] {
        lower.push(d as char);
    }
    lower.pop();
    lower.push((digits[digits.len() - 1] - 1) as char);
    lower.push_str(&format!("e{e10}"));
    if lower.parse::<f64>() != Ok(a) {
        return false;
    }
    // The exact decimal expansion of a double has at most 767 significant digits.
    let exact = format!("{a:.780e}");
    let (mant, exp) = exact.split_once('e').unwrap_or((&exact, "0"));
    if exp.parse::<i32>() != Ok(e10) {
        return false;
    }
    let mant: Vec<u8> = mant.bytes().filter(|&b| b != b'.').collect();
    let n = digits.len();
    mant[..n - 1] == digits[..n - 1]
        && mant[n - 1] == digits[n - 1] - 1
        && mant[n] == b'5'
        && mant[n + 1..].iter().all(|&b| b == b'0')
}

/// Appends the decimal digits of `v`.
pub(crate) fn push_int(out: &mut Vec<u8>, v: i64) {
    let (mut tmp, mut k, mut x) = ([0u8; 20], 20, v.unsigned_abs());
    loop {
        k -= 1;
        tmp[k] = b'0' + (x % 10) as u8;
        x /= 10;
        if x == 0 {
            break;
        }
    }
    if v < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&tmp[k..]);
}

/// A small fixed buffer for float formatting (no allocation).
struct Buf {
    bytes: [u8; 40],
    len: usize,
}

impl std::fmt::Write for Buf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(std::fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Appends `v` as PHP's `zend_gcvt` prints it, the routine behind `json_encode`,
/// `serialize`, `var_export` and string conversion of floats:
/// - `precision` -1 (PHP's `serialize_precision` default) prints the shortest digits that
///   read back as the same double; a positive precision prints that many significant digits
///   (PHP's `precision` ini, 14 by default, used by `(string)$float`);
/// - plain notation while the decimal exponent is within -4..precision (17 for -1), with
///   no trailing `.0`: `100`, `0.0001`, `-0`;
/// - exponential notation otherwise, with at least one fractional digit and no exponent
///   padding: `1.0e-5`, `1.5e+300`, where `exp` is the exponent letter (`e` for JSON, `E`
///   for `serialize` and string conversion);
/// - `INF`, `-INF`, `NAN` for the non-finite values.
pub fn format_float(v: f64, precision: i32, exp: u8, out: &mut Vec<u8>) {
    if v.is_nan() {
        out.extend_from_slice(b"NAN");
        return;
    }
    if v.is_infinite() {
        out.extend_from_slice(if v < 0.0 { b"-INF" } else { b"INF" });
        return;
    }
    if v.is_sign_negative() {
        out.push(b'-');
    }
    let a = v.abs();
    if a == 0.0 {
        out.push(b'0');
        return;
    }
    let (threshold, mut buf) = (
        if precision < 0 { 17 } else { precision.max(1) },
        Buf {
            bytes: [0; 40],
            len: 0,
        },
    );
    // Rust's `{:e}` gives the shortest round-trip digits; `{:.N e}` rounds correctly to
    // N+1 significant digits. Both print `d[.ddd]e<exp>`.
    let ok = if precision < 0 {
        write!(buf, "{a:e}")
    } else {
        write!(buf, "{:.*e}", (threshold - 1) as usize, a)
    };
    debug_assert!(ok.is_ok());
    let text = &buf.bytes[..buf.len];
    let e_at = text.iter().position(|&b| b == b'e').unwrap_or(text.len());
    let mut digits = [0u8; 40];
    let mut n = 0;
    for &b in &text[..e_at] {
        if b != b'.' {
            digits[n] = b;
            n += 1;
        }
    }
    // dtoa drops trailing zeros, except (a quirk PHP shows) where an integer below 10^15
    // with more digits than the precision is cut at an exact tie and rounds to even.
    let keep_zeros = precision > 0 && {
        let cut = 15 - precision;
        a.fract() == 0.0
            && (1e14..1e15).contains(&a)
            && cut > 0
            && (a as u64) % 10u64.pow(cut as u32) == 5 * 10u64.pow(cut as u32 - 1)
            && (a as u64 / 10u64.pow(cut as u32)).is_multiple_of(2)
    };
    while n > 1 && digits[n - 1] == b'0' && !keep_zeros {
        n -= 1;
    }
    let e10: i32 = std::str::from_utf8(&text[e_at + 1..])
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if precision < 0 && digits[n - 1] % 2 == 1 && exact_tie_below(a, &digits[..n], e10) {
        // PHP's dtoa breaks an exact tie between two shortest candidates towards the even
        // last digit; Rust's towards the larger one.
        digits[n - 1] -= 1;
    }
    let digits = &digits[..n];
    // PHP's decpt: the value is 0.d1d2… × 10^decpt.
    let decpt = e10 + 1;
    if if decpt < 0 {
        decpt < -3
    } else {
        decpt > threshold
    } {
        out.push(digits[0]);
        out.push(b'.');
        if digits.len() > 1 {
            out.extend_from_slice(&digits[1..]);
        } else {
            out.push(b'0');
        }
        out.push(exp);
        out.push(if e10 < 0 { b'-' } else { b'+' });
        push_int(out, i64::from(e10.unsigned_abs()));
    } else if decpt <= 0 {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', (-decpt) as usize));
        out.extend_from_slice(digits);
    } else {
        let d = decpt as usize;
        if digits.len() <= d {
            out.extend_from_slice(digits);
            out.extend(std::iter::repeat_n(b'0', d - digits.len()));
        } else {
            out.extend_from_slice(&digits[..d]);
            out.push(b'.');
            out.extend_from_slice(&digits[d..]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(v: f64, p: i32) -> String {
        let mut out = Vec::new();
        format_float(v, p, b'e', &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn floats_print_as_php() {
        // From PHP 8.2: json_encode / (string) with precision 14.
        assert_eq!(f(0.1, -1), "0.1");
        assert_eq!(f(1e15, -1), "1000000000000000");
        assert_eq!(f(1e16, -1), "10000000000000000");
        assert_eq!(f(1e17, -1), "1.0e+17");
        assert_eq!(f(0.0001, -1), "0.0001");
        assert_eq!(f(0.00001, -1), "1.0e-5");
        assert_eq!(f(-0.0, -1), "-0");
        assert_eq!(f(1.5e300, -1), "1.5e+300");
        assert_eq!(f(123456789012345678.0, -1), "1.2345678901234568e+17");
        assert_eq!(f(1.0 / 3.0, -1), "0.3333333333333333");
        assert_eq!(f(5e-324, -1), "5.0e-324");
        assert_eq!(f(0.1 + 0.2, -1), "0.30000000000000004");
        assert_eq!(f(100.0, -1), "100");
        assert_eq!(f(2.5e-5, -1), "2.5e-5");
        // An exact tie between two shortest candidates goes to the even digit, as in PHP.
        assert_eq!(f(-1597173658255491.0 - 0.25, -1), "-1597173658255491.2");
        assert_eq!(f(1597173658255491.0 + 0.75, -1), "1597173658255491.8");
        assert_eq!(f(0.1 + 0.2, 14), "0.3");
        assert_eq!(f(1e20, 14), "1.0e+20");
        assert_eq!(f(1e15, 14), "1.0e+15");
        assert_eq!(f(1.0 / 3.0, 14), "0.33333333333333");
        assert_eq!(f(123_456_789_012_345.67, 14), "1.2345678901235e+14");
        assert_eq!(f(535140473938405.0, 14), "5.3514047393840e+14");
        assert_eq!(f(535140473938404.0, 14), "5.351404739384e+14");
        assert_eq!(f(535140473938415.0, 14), "5.3514047393842e+14");
        assert_eq!(f(100000000000001.0, 14), "1.0e+14");
        assert_eq!(f(502227727797695.0, 14), "5.022277277977e+14");
        assert_eq!(f(f64::INFINITY, -1), "INF");
        assert_eq!(f(f64::NEG_INFINITY, -1), "-INF");
        assert_eq!(f(f64::NAN, -1), "NAN");
    }

    #[test]
    fn numeric_strings_follow_php8() {
        for s in [
            "1", " 1", "1 ", "\t1\n", "1.", ".5", "-.5", "+.5", "1e5", "1.5e3", "1.e3", ".5e3",
            "1e+5", "1E-5", "+1", "01", "00.5", "1\x0b", "\x0c1", "1e500",
        ] {
            assert!(is_numeric(s.as_bytes()), "{s:?}");
        }
        for s in [
            ".", "1e", "1e+", "0x1A", "", " ", "-", "--1", "1_000", "1\0", "INF", "NAN", "5abc",
            "abc",
        ] {
            assert!(!is_numeric(s.as_bytes()), "{s:?}");
        }
        assert_eq!(
            parse_numeric(b"9223372036854775807"),
            Some(Number::Int(i64::MAX))
        );
        assert_eq!(
            parse_numeric(b"9223372036854775808"),
            Some(Number::Float(9223372036854775808.0))
        );
        assert_eq!(
            parse_numeric(b"-9223372036854775808"),
            Some(Number::Int(i64::MIN))
        );
        assert_eq!(numeric_prefix(b"5abc"), Some((Number::Int(5), false)));
        assert_eq!(numeric_prefix(b"1e+"), Some((Number::Int(1), false)));
        assert_eq!(numeric_prefix(b"abc"), None);
    }

    #[test]
    fn keys_and_loose_equality() {
        assert_eq!(numeric_key(b"0"), Some(0));
        assert_eq!(numeric_key(b"-5"), Some(-5));
        assert_eq!(numeric_key(b"-9223372036854775808"), Some(i64::MIN));
        for s in [
            &b"-0"[..],
            b"05",
            b"+5",
            b" 5",
            b"",
            b"-",
            b"9223372036854775808",
            b"1e3",
        ] {
            assert_eq!(numeric_key(s), None, "{s:?}");
        }
        assert!(loose_eq_str(b"1e1", b"10"));
        assert!(loose_eq_str(b"100", b"1e2"));
        assert!(!loose_eq_str(b"abc", b"ABC"));
        assert!(!loose_eq_str(b"0", b""));
        assert_eq!(php_trim(b" \0a b\n\x0b"), b"a b");
        assert_eq!(php_trim(b"\0\0"), b"");
    }
}

//! The small value handlers of DMT: `SetValue`, `Convert`, `ConvertIp`,
//! `ConvertDateFormat`, `ConvertTimestampToDate`, `TruncateSuffix`, `CleanMultiselect`,
//! `AddPrefix`, `ClassMap`, and the customer password hash upgrade.
//!
//! Where DMT on PHP 8.1+ would stop on a `NULL` (a deprecation that Magento's error
//! handler turns into an exception), these keep `NULL`, and say so.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use super::php::{Number, format_float, is_numeric, loose_eq_str, numeric_prefix, php_trim};

/// A handler parameter or value that DMT would fail on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueError {
    /// `SetValue` arithmetic on something that is not a number: PHP 8 throws a
    /// `TypeError` ("Unsupported operand types"), or warns "A non-numeric value
    /// encountered" for a leading-numeric string such as `"5 apples"`, which Magento turns
    /// into an exception.
    NotNumeric(Vec<u8>),
    /// A `Convert` map that is not `[a:b;c:d]` ("Invalid map provided to convert handler").
    InvalidMap(String),
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::NotNumeric(v) => write!(
                f,
                "not a number for SetValue arithmetic: {:?}",
                String::from_utf8_lossy(v)
            ),
            ValueError::InvalidMap(m) => {
                write!(f, "invalid map provided to convert handler: {m:?}")
            }
        }
    }
}

impl std::error::Error for ValueError {}

// ---- SetValue -------------------------------------------------------------------------

/// `SetValue` with its parameter parsed once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetValue {
    /// `NULL` in any letter case.
    Null,
    /// A value that does not start with `+` or `-`: written as it is.
    Literal(Vec<u8>),
    /// `+N`: the current value plus N.
    Add(Vec<u8>),
    /// `-N`: the current value minus N. A literal negative number means this too (DMT's
    /// quirk: `-1` subtracts 1).
    Sub(Vec<u8>),
}

impl SetValue {
    pub fn new(param: &str) -> SetValue {
        if param.eq_ignore_ascii_case("NULL") {
            return SetValue::Null;
        }
        match param.as_bytes() {
            [b'+', rest @ ..] => SetValue::Add(rest.to_vec()),
            [b'-', rest @ ..] => SetValue::Sub(rest.to_vec()),
            v => SetValue::Literal(v.to_vec()),
        }
    }

    /// The new value for the column whose value is `current`.
    pub fn apply<'a>(
        &'a self,
        current: Option<&[u8]>,
    ) -> Result<Option<Cow<'a, [u8]>>, ValueError> {
        let (operand, add) = match self {
            SetValue::Null => return Ok(None),
            SetValue::Literal(v) => return Ok(Some(Cow::Borrowed(v))),
            SetValue::Add(v) => (v, true),
            SetValue::Sub(v) => (v, false),
        };
        // PHP: null is 0; a string must be numeric (PHP 8).
        let number = |s: Option<&[u8]>| -> Result<Number, ValueError> {
            let Some(s) = s else {
                return Ok(Number::Int(0));
            };
            match numeric_prefix(s) {
                Some((n, true)) => Ok(n),
                _ => Err(ValueError::NotNumeric(s.to_vec())),
            }
        };
        let (a, b) = (number(current)?, number(Some(operand))?);
        let result = match (a, b) {
            (Number::Int(x), Number::Int(y)) => {
                let r = if add {
                    x.checked_add(y)
                } else {
                    x.checked_sub(y)
                };
                match r {
                    Some(r) => Number::Int(r),
                    None => Number::Float(if add {
                        x as f64 + y as f64
                    } else {
                        x as f64 - y as f64
                    }),
                }
            }
            (x, y) => Number::Float(if add {
                x.as_f64() + y.as_f64()
            } else {
                x.as_f64() - y.as_f64()
            }),
        };
        Ok(Some(Cow::Owned(number_text(result))))
    }
}

/// A PHP number as it reaches the database: `(string)` with `precision` 14 for floats.
fn number_text(n: Number) -> Vec<u8> {
    match n {
        Number::Int(i) => i.to_string().into_bytes(),
        Number::Float(f) => {
            let mut out = Vec::new();
            format_float(f, 14, b'E', &mut out);
            out
        }
    }
}

// ---- Convert --------------------------------------------------------------------------

/// `Convert` with its `[a:b;c:d]` map and `defaultValue` parsed once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Convert {
    map: HashMap<Vec<u8>, Vec<u8>>,
    default: Option<Vec<u8>>,
}

impl Convert {
    /// `map` as in the map files: `[from:to;from:to]` (brackets optional, each pair trimmed,
    /// exactly one `:` per pair); a later pair wins. `default` applies to every value not
    /// in the map when it is given and PHP-truthy (not `""` and not `"0"`).
    pub fn new(map: &str, default: Option<&str>) -> Result<Convert, ValueError> {
        let inner = map.trim_end_matches(']').trim_start_matches('[');
        let mut pairs = HashMap::new();
        for record in inner.split(';') {
            let record = php_trim(record.as_bytes());
            let mut parts = record.split(|&b| b == b':');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(k), Some(v), None) => {
                    pairs.insert(k.to_vec(), v.to_vec());
                }
                _ => return Err(ValueError::InvalidMap(map.to_string())),
            }
        }
        Ok(Convert {
            map: pairs,
            default: default
                .filter(|d| !d.is_empty() && *d != "0")
                .map(|d| d.as_bytes().to_vec()),
        })
    }

    /// The converted value. `NULL` is looked up as `""` (PHP's array key for null), so it
    /// too becomes the default when there is one.
    pub fn apply<'a>(&'a self, value: Option<&'a [u8]>) -> Option<Cow<'a, [u8]>> {
        if let Some(to) = self.map.get(value.unwrap_or(b"")) {
            return Some(Cow::Borrowed(to));
        }
        match &self.default {
            Some(d) => Some(Cow::Borrowed(d)),
            None => value.map(Cow::Borrowed),
        }
    }
}

// ---- ConvertIp ------------------------------------------------------------------------

/// PHP's `FILTER_VALIDATE_IP` with `FILTER_FLAG_IPV4`: four decimal parts 0–255, no
/// leading zeros, nothing else.
pub fn parse_ipv4(s: &[u8]) -> Option<u32> {
    let mut parts = s.split(|&b| b == b'.');
    let mut v: u32 = 0;
    for _ in 0..4 {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 3 || !p.iter().all(u8::is_ascii_digit) {
            return None;
        }
        if p[0] == b'0' && p.len() > 1 {
            return None;
        }
        let n: u32 = p.iter().fold(0, |a, d| a * 10 + u32::from(d - b'0'));
        if n > 255 {
            return None;
        }
        v = v << 8 | n;
    }
    parts.next().is_none().then_some(v)
}

/// PHP's `FILTER_VALIDATE_IP` with `FILTER_FLAG_IPV6`: up to 8 groups of 1–4 hex digits,
/// one `::`, an optional dotted IPv4 tail.
pub fn is_ipv6(s: &[u8]) -> bool {
    if !s.contains(&b':') {
        return false;
    }
    let mut end = s.len();
    let mut blocks = 0;
    if let Some(dot) = s.iter().position(|&b| b == b'.') {
        let start = s[..dot]
            .iter()
            .rposition(|&b| b == b':')
            .map_or(0, |c| c + 1);
        if parse_ipv4(&s[start..]).is_none() || start < 2 {
            return false;
        }
        // The ':' before the IPv4 part belongs to it unless it is a '::'.
        end = if s[start - 2] == b':' {
            start
        } else {
            start - 1
        };
        blocks = 2;
    }
    let s = &s[..end];
    let mut i = 0;
    let mut compressed = false;
    while i < s.len() {
        if s[i] == b':' {
            i += 1;
            if i >= s.len() {
                return false;
            }
            if s[i] == b':' {
                if compressed {
                    return false;
                }
                compressed = true;
                blocks += 1;
                i += 1;
                if i == s.len() {
                    return blocks <= 8;
                }
            } else if i - 1 == 0 {
                return false;
            }
        }
        let start = i;
        while i < s.len() && s[i].is_ascii_hexdigit() {
            i += 1;
        }
        let n = i - start;
        if !(1..=4).contains(&n) {
            return false;
        }
        blocks += 1;
        if blocks > 8 {
            return false;
        }
    }
    (compressed && blocks <= 8) || blocks == 8
}

/// `ConvertIp`: an IPv4 address in text becomes its number (`ip2long`); IPv6 text gives 0
/// (`ip2long` fails); a packed binary address (4 or 16 bytes, as Magento 1 stores
/// `remote_ip_long`) is turned into text with `inet_ntop` first, so 4 bytes give their
/// number and 16 bytes give 0; anything else, `NULL` included, gives 0.
pub fn convert_ip(value: Option<&[u8]>) -> i64 {
    let Some(v) = value else { return 0 };
    if let Some(n) = parse_ipv4(v) {
        return i64::from(n);
    }
    if is_ipv6(v) {
        return 0;
    }
    match <[u8; 4]>::try_from(v) {
        Ok(b) => i64::from(u32::from_be_bytes(b)),
        Err(_) => 0,
    }
}

// ---- ConvertDateFormat ----------------------------------------------------------------

/// `ConvertDateFormat`: `<date_format>full|long|medium|short</date_format>` becomes the
/// `IntlDateFormatter` constant (`0`, `1`, `2`, `3`). `NULL` stays `NULL`.
pub fn convert_date_format(value: Option<&[u8]>) -> Option<Cow<'_, [u8]>> {
    const OPEN: &[u8] = b"<date_format>";
    const PAIRS: [(&[u8], &[u8]); 4] = [
        (b"full</date_format>", b"0</date_format>"),
        (b"long</date_format>", b"1</date_format>"),
        (b"medium</date_format>", b"2</date_format>"),
        (b"short</date_format>", b"3</date_format>"),
    ];
    let v = value?;
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    for at in memchr::memmem::find_iter(v, OPEN) {
        if at < copied {
            continue;
        }
        let rest = &v[at + OPEN.len()..];
        if let Some((from, to)) = PAIRS.iter().find(|(from, _)| rest.starts_with(from)) {
            let o = out.get_or_insert_with(|| Vec::with_capacity(v.len()));
            o.extend_from_slice(&v[copied..at + OPEN.len()]);
            o.extend_from_slice(to);
            copied = at + OPEN.len() + from.len();
        }
    }
    Some(match out {
        None => Cow::Borrowed(v),
        Some(mut o) => {
            o.extend_from_slice(&v[copied..]);
            Cow::Owned(o)
        }
    })
}

// ---- ConvertTimestampToDate -----------------------------------------------------------

/// `Y-m-d H:i:s` of a Unix timestamp in UTC (Magento runs with UTC as PHP's default time
/// zone). Years below 1000 are zero-padded to 4 digits and BCE years are negative, as PHP
/// prints them.
pub fn format_timestamp(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let year = if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{y:04}")
    };
    format!(
        "{year}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// `ConvertTimestampToDate` (on `eav_attribute.default_value`): when the record's
/// `frontend_input` is `date` and the value is a PHP-truthy numeric string, the timestamp
/// becomes `Y-m-d H:i:s` (UTC); a fractional timestamp is truncated. Otherwise the value is
/// unchanged.
pub fn convert_timestamp_to_date<'a>(
    value: Option<&'a [u8]>,
    frontend_input: Option<&[u8]>,
) -> Option<Cow<'a, [u8]>> {
    let v = value?;
    let truthy = !(v.is_empty() || v == b"0");
    let is_date = frontend_input.is_some_and(|f| loose_eq_str(f, b"date"));
    if !(truthy && is_date && is_numeric(v)) {
        return Some(Cow::Borrowed(v));
    }
    let ts = match super::php::parse_numeric(v) {
        Some(Number::Int(i)) => i,
        Some(Number::Float(f)) if f.is_finite() && f.abs() < 9.2e18 => f.trunc() as i64,
        _ => return Some(Cow::Borrowed(v)),
    };
    Some(Cow::Owned(format_timestamp(ts).into_bytes()))
}

// ---- TruncateSuffix, CleanMultiselect, AddPrefix, ClassMap ----------------------------

/// `TruncateSuffix`: removes the URL suffix from the end of a `url_key`/`url_path` value.
/// `suffix_config` is the Magento 1 config value of the suffix path; when it is missing or
/// PHP-falsy, `.html` is used. As PCRE's `$` does, the suffix is also removed when only a
/// final newline follows it (`"a.html\n"` → `"a\n"`). `NULL` stays `NULL`.
pub fn truncate_suffix<'a>(
    value: Option<&'a [u8]>,
    suffix_config: Option<&[u8]>,
) -> Option<Cow<'a, [u8]>> {
    let v = value?;
    let suffix = match suffix_config {
        Some(s) if !s.is_empty() && s != b"0" => s,
        _ => b".html",
    };
    if v.ends_with(suffix) {
        return Some(Cow::Borrowed(&v[..v.len() - suffix.len()]));
    }
    if let Some(body) = v.strip_suffix(b"\n")
        && body.ends_with(suffix)
    {
        let mut out = body[..body.len() - suffix.len()].to_vec();
        out.push(b'\n');
        return Some(Cow::Owned(out));
    }
    Some(Cow::Borrowed(v))
}

/// `CleanMultiselect`: drops the empty items of a comma list, and `"0"` items too (PHP's
/// `array_filter`): `24,,,41,` → `24,41`. `NULL` stays `NULL`.
pub fn clean_multiselect(value: Option<&[u8]>) -> Option<Cow<'_, [u8]>> {
    let v = value?;
    let keep = |item: &&[u8]| !item.is_empty() && *item != b"0";
    if v.split(|&b| b == b',').all(|i| keep(&i)) {
        return Some(Cow::Borrowed(v));
    }
    let items: Vec<&[u8]> = v.split(|&b| b == b',').filter(keep).collect();
    Some(Cow::Owned(items.join(&b","[..])))
}

/// `AddPrefix`: `prefix . value` (`NULL` concatenates as `""`).
pub fn add_prefix(value: Option<&[u8]>, prefix: &[u8]) -> Vec<u8> {
    let v = value.unwrap_or(b"");
    let mut out = Vec::with_capacity(prefix.len() + v.len());
    out.extend_from_slice(prefix);
    out.extend_from_slice(v);
    out
}

/// `ClassMap`: the Magento 2 class for a Magento 1 class name through the class map;
/// `NULL` when the name is not in the map, maps to nothing, or maps to a PHP-falsy string.
pub fn class_map(
    value: Option<&[u8]>,
    lookup: &dyn Fn(&str) -> Option<Option<String>>,
) -> Option<Vec<u8>> {
    let name = std::str::from_utf8(value?).ok()?;
    let to = lookup(name)??;
    (!to.is_empty() && to != "0").then(|| to.into_bytes())
}

// ---- Customer password hashes ---------------------------------------------------------

/// The Customer step's password hash upgrade (`upgrade_customer_password_hash`): a Magento 1
/// `hash:salt` (or a bare `hash`, salt `""`) gets Magento 2's version suffix, `:0` for a
/// 32-character (MD5) hash and `:1` for a 64-character (SHA-256) one: `hash:salt:0`,
/// `hash::0`. Other hashes (bcrypt, SHA-512, …) are unchanged. Only the first `:` splits,
/// so a salt that contains `:` stays whole.
pub fn upgrade_password_hash(value: Option<&[u8]>) -> Option<Cow<'_, [u8]>> {
    let v = value?;
    let (hash, salt) = match v.iter().position(|&b| b == b':') {
        Some(i) => (&v[..i], &v[i + 1..]),
        None => (v, &b""[..]),
    };
    let version: &[u8] = match hash.len() {
        32 => b"0",
        64 => b"1",
        _ => return Some(Cow::Borrowed(v)),
    };
    let mut out = Vec::with_capacity(v.len() + 4);
    out.extend_from_slice(hash);
    out.push(b':');
    out.extend_from_slice(salt);
    out.push(b':');
    out.extend_from_slice(version);
    Some(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: Option<Cow<'_, [u8]>>) -> Option<String> {
        v.map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    #[test]
    fn set_value_follows_php() {
        assert_eq!(SetValue::new("null").apply(Some(b"5")).unwrap(), None);
        assert_eq!(
            s(SetValue::new("en_US").apply(None).unwrap()).unwrap(),
            "en_US"
        );
        assert_eq!(
            s(SetValue::new("+100").apply(Some(b"5")).unwrap()).unwrap(),
            "105"
        );
        assert_eq!(
            s(SetValue::new("-1").apply(Some(b"5")).unwrap()).unwrap(),
            "4"
        );
        assert_eq!(s(SetValue::new("+1").apply(None).unwrap()).unwrap(), "1");
        assert_eq!(
            s(SetValue::new("+0.1").apply(Some(b"0.2")).unwrap()).unwrap(),
            "0.3"
        );
        assert_eq!(
            s(SetValue::new("+1").apply(Some(b" 1.5 ")).unwrap()).unwrap(),
            "2.5"
        );
        assert_eq!(
            s(SetValue::new("+1")
                .apply(Some(b"9223372036854775807"))
                .unwrap())
            .unwrap(),
            "9.2233720368548E+18"
        );
        assert_eq!(
            s(SetValue::new("+1e3").apply(Some(b"1")).unwrap()).unwrap(),
            "1001"
        );
        assert!(SetValue::new("+1").apply(Some(b"abc")).is_err());
        assert!(SetValue::new("+1").apply(Some(b"5 apples")).is_err());
        assert!(SetValue::new("+").apply(Some(b"5")).is_err());
        assert_eq!(
            s(SetValue::new("0.0000").apply(Some(b"9")).unwrap()).unwrap(),
            "0.0000"
        );
    }

    #[test]
    fn convert_follows_php() {
        let c = Convert::new(
            "[one_column:1column; two_columns_left:2columns-left;two_columns_right:2columns-right; three_columns:3columns]",
            Some("1column"),
        )
        .unwrap();
        assert_eq!(
            s(c.apply(Some(b"two_columns_left"))).unwrap(),
            "2columns-left"
        );
        assert_eq!(s(c.apply(Some(b"empty"))).unwrap(), "1column");
        assert_eq!(s(c.apply(None)).unwrap(), "1column");
        let c = Convert::new(
            "[paypal_direct:payflowpro;paypal_standard:paypal_express]",
            None,
        )
        .unwrap();
        assert_eq!(s(c.apply(Some(b"checkmo"))).unwrap(), "checkmo");
        assert_eq!(c.apply(None), None);
        assert_eq!(s(c.apply(Some(b"paypal_direct"))).unwrap(), "payflowpro");
        let c = Convert::new("[a:b]", Some("0")).unwrap();
        assert_eq!(s(c.apply(Some(b"x"))).unwrap(), "x");
        assert!(Convert::new("[a:b;c]", None).is_err());
        assert!(Convert::new("[]", None).is_err());
        assert!(Convert::new("[a:b:c]", None).is_err());
    }

    #[test]
    fn ip_conversion() {
        assert_eq!(convert_ip(Some(b"127.0.0.1")), 2_130_706_433);
        assert_eq!(convert_ip(Some(b"255.255.255.255")), 4_294_967_295);
        assert_eq!(convert_ip(Some(b"::1")), 0);
        assert_eq!(convert_ip(Some(&[127, 0, 0, 1])), 2_130_706_433);
        assert_eq!(convert_ip(Some(&[0u8; 16])), 0);
        assert_eq!(convert_ip(Some(b"2130706433")), 0);
        assert_eq!(convert_ip(Some(b"abcd")), 1_633_837_924);
        assert_eq!(convert_ip(Some(b"01.2.3.4")), 0);
        assert_eq!(convert_ip(None), 0);
        assert!(is_ipv6(b"2001:db8::1"));
        assert!(is_ipv6(b"::ffff:1.2.3.4"));
        assert!(is_ipv6(b"1:2:3:4:5:6:7:8"));
        assert!(!is_ipv6(b"1:2:3:4:5:6:7:8:9"));
        assert!(!is_ipv6(b":1:2"));
        assert!(!is_ipv6(b"1::2::3"));
        assert!(!is_ipv6(b"12345::"));
    }

    #[test]
    fn dates() {
        let v = b"<a><date_format>medium</date_format><date_format>x</date_format><date_format>full</date_format></a>";
        assert_eq!(
            s(convert_date_format(Some(v))).unwrap(),
            "<a><date_format>2</date_format><date_format>x</date_format><date_format>0</date_format></a>"
        );
        assert!(matches!(
            convert_date_format(Some(b"none")),
            Some(Cow::Borrowed(_))
        ));
        assert_eq!(format_timestamp(0), "1970-01-01 00:00:00");
        assert_eq!(format_timestamp(1_500_000_000), "2017-07-14 02:40:00");
        assert_eq!(format_timestamp(-1), "1969-12-31 23:59:59");
        assert_eq!(format_timestamp(-62_167_219_200), "0000-01-01 00:00:00");
        assert_eq!(format_timestamp(-62_167_219_201), "-0001-12-31 23:59:59");
        assert_eq!(
            s(convert_timestamp_to_date(
                Some(b"1500000000"),
                Some(b"date")
            ))
            .unwrap(),
            "2017-07-14 02:40:00"
        );
        assert_eq!(
            s(convert_timestamp_to_date(
                Some(b"1500000000"),
                Some(b"text")
            ))
            .unwrap(),
            "1500000000"
        );
        assert_eq!(
            s(convert_timestamp_to_date(Some(b"0"), Some(b"date"))).unwrap(),
            "0"
        );
        assert_eq!(
            s(convert_timestamp_to_date(
                Some(b"2017-01-01"),
                Some(b"date")
            ))
            .unwrap(),
            "2017-01-01"
        );
    }

    #[test]
    fn suffixes_lists_prefixes_classes_hashes() {
        assert_eq!(
            s(truncate_suffix(Some(b"shoes.html"), None)).unwrap(),
            "shoes"
        );
        assert_eq!(
            s(truncate_suffix(Some(b"shoes.html\n"), None)).unwrap(),
            "shoes\n"
        );
        assert_eq!(
            s(truncate_suffix(Some(b"shoes.htm"), None)).unwrap(),
            "shoes.htm"
        );
        assert_eq!(
            s(truncate_suffix(Some(b"a.php"), Some(b".php"))).unwrap(),
            "a"
        );
        assert_eq!(s(truncate_suffix(Some(b"a.html"), Some(b""))).unwrap(), "a");
        assert_eq!(truncate_suffix(None, None), None);
        assert_eq!(s(clean_multiselect(Some(b"24,,,41,"))).unwrap(), "24,41");
        assert_eq!(s(clean_multiselect(Some(b"0,1,,2"))).unwrap(), "1,2");
        assert!(matches!(
            clean_multiselect(Some(b"1,2")),
            Some(Cow::Borrowed(_))
        ));
        assert_eq!(s(clean_multiselect(Some(b""))).unwrap(), "");
        assert_eq!(add_prefix(Some(b"x"), b"pre_"), b"pre_x");
        assert_eq!(add_prefix(None, b"pre_"), b"pre_");
        let map = |n: &str| match n {
            "cms/widget_page_link" => Some(Some(r"Magento\Cms\Block\Widget\Page\Link".into())),
            "gone/x" => Some(None),
            _ => None,
        };
        assert_eq!(
            class_map(Some(b"cms/widget_page_link"), &map).unwrap(),
            br"Magento\Cms\Block\Widget\Page\Link"
        );
        assert_eq!(class_map(Some(b"gone/x"), &map), None);
        assert_eq!(class_map(Some(b"other"), &map), None);
        let md5 = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            s(upgrade_password_hash(Some(format!("{md5}:ab").as_bytes()))).unwrap(),
            format!("{md5}:ab:0")
        );
        assert_eq!(
            s(upgrade_password_hash(Some(md5.as_bytes()))).unwrap(),
            format!("{md5}::0")
        );
        let sha = md5.repeat(2);
        assert_eq!(
            s(upgrade_password_hash(Some(format!("{sha}:s:x").as_bytes()))).unwrap(),
            format!("{sha}:s:x:1")
        );
        let bcrypt = b"$2y$10$abcdefghijklmnopqrstuuNYkY0Tq3iVgBwtVhJqDwA7/uXYR3xJ6";
        assert!(matches!(
            upgrade_password_hash(Some(bcrypt)),
            Some(Cow::Borrowed(_))
        ));
        assert_eq!(upgrade_password_hash(None), None);
    }
}

//! Value-level rules of the handlers map-eav.xml names, as pure functions over bytes
//! (`None` is SQL `NULL`). The record-level wiring (which column a handler reads, which
//! record is the "opposite" one) is in [`mod@super::merge`].

use crate::handlers::php::{Number, parse_numeric};
use crate::mapping::class_map::ClassMap;
use std::collections::HashMap;
use std::sync::OnceLock;

/// PHP's `empty()` on a column value: `NULL`, `''` and `'0'`.
pub fn php_empty(v: Option<&[u8]>) -> bool {
    matches!(v, None | Some(b"") | Some(b"0"))
}

/// `EavAttribute\ConvertModel`: an empty Magento 1 value takes the opposite record's value
/// when that one is not empty, else becomes `NULL`; any other value goes through
/// class-map.xml, and a class the map does not know, or maps to nothing, becomes `NULL`.
pub fn convert_model(
    value: Option<&[u8]>,
    opposite: Option<&[u8]>,
    classes: &ClassMap,
) -> Option<Vec<u8>> {
    if php_empty(value) {
        return if php_empty(opposite) {
            None
        } else {
            opposite.map(<[u8]>::to_vec)
        };
    }
    let v = String::from_utf8_lossy(value.unwrap_or_default());
    classes.get(&v).flatten().map(|c| c.as_bytes().to_vec())
}

/// The map of a `Convert` handler, `[a:b;c:d]`, as Magento's `Handler\Convert` reads it:
/// the brackets are stripped from the ends, entries are split at `;`, each entry is trimmed
/// and must be exactly `key:value`.
pub fn convert_map(spec: &str) -> Result<HashMap<String, String>, String> {
    let s = spec.trim_end_matches(']').trim_start_matches('[');
    let mut map = HashMap::new();
    for entry in s.split(';') {
        let parts: Vec<&str> = entry.trim().split(':').collect();
        let [k, v] = parts.as_slice() else {
            return Err(format!(
                "Invalid map provided to convert handler: entry `{}`",
                entry.trim()
            ));
        };
        // PHP's array keeps the later value for a repeated key.
        map.insert((*k).to_string(), (*v).to_string());
    }
    Ok(map)
}

/// `Convert`: a value found in the map is replaced; any other value becomes `default` when
/// one is given (PHP's `null != $default`: `''` counts as none), else is kept.
pub fn convert(
    value: Option<&[u8]>,
    map: &HashMap<String, String>,
    default: Option<&str>,
) -> Option<Vec<u8>> {
    // PHP's `isset($map[$value])`: a NULL value looks up the key ''.
    let key = String::from_utf8_lossy(value.unwrap_or_default());
    if let Some(to) = map.get(key.as_ref()) {
        return Some(to.as_bytes().to_vec());
    }
    match default {
        Some(d) if !d.is_empty() => Some(d.as_bytes().to_vec()),
        _ => value.map(<[u8]>::to_vec),
    }
}

/// `SetValue`: `NULL` (any letter case) sets NULL; a value starting with `+` or `-` is added
/// to the current value (so a literal negative number subtracts, as in Magento's tool);
/// anything else is the new value.
pub fn set_value(current: Option<&[u8]>, value: &str) -> Option<Vec<u8>> {
    if value.eq_ignore_ascii_case("null") {
        return None;
    }
    if value.starts_with('+') || value.starts_with('-') {
        let cur = current.and_then(parse_numeric).map_or(0.0, Number::as_f64);
        let delta = parse_numeric(value.as_bytes()).map_or(0.0, Number::as_f64);
        let n = cur + delta;
        let text = if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        };
        return Some(text.into_bytes());
    }
    Some(value.as_bytes().to_vec())
}

/// `ConvertTimestampToDate` on a `date` attribute's default value: a non-empty numeric
/// value is a Unix timestamp, written as `Y-m-d H:i:s` in UTC (Magento's tool runs with
/// `date_default_timezone_set('UTC')`). Other values are kept.
pub fn timestamp_to_date(value: Option<&[u8]>, frontend_input: Option<&[u8]>) -> Option<Vec<u8>> {
    let v = value?;
    if php_empty(Some(v)) || frontend_input != Some(b"date") {
        return Some(v.to_vec());
    }
    let secs = match parse_numeric(v) {
        Some(Number::Int(i)) => i,
        // PHP converts a float string to int for `setTimestamp(int)`, dropping the fraction.
        Some(Number::Float(f)) if f.is_finite() && f.abs() < 9.2e18 => f.trunc() as i64,
        _ => return Some(v.to_vec()),
    };
    Some(format_utc(secs).into_bytes())
}

/// `Y-m-d H:i:s` of a Unix time in UTC (proleptic Gregorian calendar, as PHP's DateTime).
pub fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
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
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `EavAttributeGroup\SetGroupCode`: the group code Magento derives from a group name:
/// lower-cased (ASCII letters only, as PHP's `strtolower`), transliterated with Magento's
/// `Filter\Translit` table, runs of anything but `[a-z0-9]` replaced by `-`, `-` trimmed
/// from both ends; an empty result becomes `md5('')`.
pub fn group_code(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let translit = transliterate(&lower);
    let mut code = String::with_capacity(translit.len());
    let mut dash = false;
    for b in translit.bytes() {
        if b.is_ascii_lowercase() || b.is_ascii_digit() {
            if dash && !code.is_empty() {
                code.push('-');
            }
            dash = false;
            code.push(b as char);
        } else {
            dash = true;
        }
    }
    if code.is_empty() { md5_hex(b"") } else { code }
}

/// The lowercase hexadecimal MD5 of `bytes`.
pub fn md5_hex(bytes: &[u8]) -> String {
    use md5::Digest;
    md5::Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `strtr($s, $convertTable)` of Magento's `Filter\Translit` (the `iconv` step after it runs
/// only with libiconv; PHP builds on glibc skip it, and the characters it would change are
/// dropped by the group code's `[^a-z0-9]` rule anyway).
pub fn transliterate(s: &str) -> String {
    let table = translit_table();
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("&amp;") {
            out.push_str("and");
            rest = r;
            continue;
        }
        match table.get(&c) {
            Some(t) => out.push_str(t),
            None => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Magento's `Filter\Translit::$convertTable` (without its one multi-character key,
/// `&amp;` → `and`, handled in [`transliterate`]).
const TRANSLIT: &str = "@:at ©:c ®:r À:a Á:a Â:a Ä:a Å:a Æ:ae Ç:c È:e É:e Ë:e Ì:i Í:i Î:i Ï:i Ò:o Ó:o Ô:o Õ:o Ö:o \
Ø:o Ù:u Ú:u Û:u Ü:u Ý:y ß:ss à:a á:a â:a ä:a å:a æ:ae ç:c è:e é:e ê:e ë:e ì:i í:i î:i ï:i ò:o ó:o ô:o \
õ:o ö:o ø:o ù:u ú:u û:u ü:u ý:y þ:p ÿ:y Ā:a ā:a Ă:a ă:a Ą:a ą:a Ć:c ć:c Ĉ:c ĉ:c Ċ:c ċ:c Č:c č:c Ď:d ď:d \
Đ:d đ:d Ē:e ē:e Ĕ:e ĕ:e Ė:e ė:e Ę:e ę:e Ě:e ě:e Ĝ:g ĝ:g Ğ:g ğ:g Ġ:g ġ:g Ģ:g ģ:g Ĥ:h ĥ:h Ħ:h ħ:h Ĩ:i ĩ:i \
Ī:i ī:i Ĭ:i ĭ:i Į:i į:i İ:i ı:i Ĳ:ij ĳ:ij Ĵ:j ĵ:j Ķ:k ķ:k ĸ:k Ĺ:l ĺ:l Ļ:l ļ:l Ľ:l ľ:l Ŀ:l ŀ:l Ł:l ł:l \
Ń:n ń:n Ņ:n ņ:n Ň:n ň:n ŉ:n Ŋ:n ŋ:n Ō:o ō:o Ŏ:o ŏ:o Ő:o ő:o Œ:oe œ:oe Ŕ:r ŕ:r Ŗ:r ŗ:r Ř:r ř:r Ś:s ś:s \
Ŝ:s ŝ:s Ş:s ş:s Š:s š:s Ţ:t ţ:t Ť:t ť:t Ŧ:t ŧ:t Ũ:u ũ:u Ū:u ū:u Ŭ:u ŭ:u Ů:u ů:u Ű:u ű:u Ų:u ų:u Ŵ:w \
ŵ:w Ŷ:y ŷ:y Ÿ:y Ź:z ź:z Ż:z ż:z Ž:z ž:z ſ:z Ə:e ƒ:f Ơ:o ơ:o Ư:u ư:u Ǎ:a ǎ:a Ǐ:i ǐ:i Ǒ:o ǒ:o Ǔ:u ǔ:u \
Ǖ:u ǖ:u Ǘ:u ǘ:u Ǚ:u ǚ:u Ǜ:u ǜ:u Ǻ:a ǻ:a Ǽ:ae ǽ:ae Ǿ:o ǿ:o ə:e Ё:jo Є:e І:i Ї:i А:a Б:b В:v Г:g Д:d \
Е:e Ж:zh З:z И:i Й:j К:k Л:l М:m Н:n О:o П:p Р:r С:s Т:t У:u Ф:f Х:h Ц:c Ч:ch Ш:sh Щ:sch Ъ:- Ы:y \
Ь:- Э:je Ю:ju Я:ja а:a б:b в:v г:g д:d е:e ж:zh з:z и:i й:j к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u \
ф:f х:h ц:c ч:ch ш:sh щ:sch ъ:- ы:y ь:- э:je ю:ju я:ja ё:jo є:e і:i ї:i Ґ:g ґ:g א:a ב:b ג:g ד:d ה:h \
ו:v ז:z ח:h ט:t י:i ך:k כ:k ל:l ם:m מ:m ן:n נ:n ס:s ע:e ף:p פ:p ץ:C צ:c ק:q ר:r ש:w ת:t ™:tm α:a ά:a \
Ά:a Α:a β:b Β:b γ:g Γ:g δ:d Δ:d ε:e έ:e Ε:e Έ:e ζ:z Ζ:z η:i ή:i Η:i θ:th Θ:th ι:i ί:i ϊ:i ΐ:i Ι:i \
Ί:i κ:k Κ:k λ:l Λ:l μ:m Μ:m ν:n Ν:n ξ:x Ξ:x ο:o ό:o Ο:o Ό:o π:p Π:p ρ:r Ρ:r σ:s ς:s Σ:s τ:t Τ:t υ:u \
ύ:u Υ:y Ύ:y φ:f Φ:f χ:ch Χ:ch ψ:ps Ψ:ps ω:o ώ:o Ω:o Ώ:o";

fn translit_table() -> &'static HashMap<char, &'static str> {
    static TABLE: OnceLock<HashMap<char, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        TRANSLIT
            .split_whitespace()
            .filter_map(|e| {
                let (k, v) = e.split_once(':')?;
                let mut cs = k.chars();
                let c = cs.next()?;
                cs.next().is_none().then_some((c, v))
            })
            .collect()
    })
}

/// A text key compared about as MySQL's `utf8_general_ci` compares the unique keys of the
/// EAV tables: letter case, accents on Latin, Greek and Cyrillic letters (through the
/// transliteration table) and trailing spaces do not count. Names that differ only so are
/// one row to MySQL, so they must be one row to the merge too; erring towards "equal" only
/// merges a group into another, erring the other way would fail the load.
pub fn fold(s: &str) -> String {
    let table = translit_table();
    let mut out = String::with_capacity(s.len());
    for c in s.trim_end_matches(' ').chars() {
        match table.get(&c) {
            Some(t) if c.is_alphabetic() => out.push_str(&t.to_lowercase()),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_codes() {
        assert_eq!(group_code("Meta Information"), "meta-information");
        assert_eq!(
            group_code("  Aplliances attributes!! "),
            "aplliances-attributes"
        );
        assert_eq!(group_code("Prix & Café"), "prix-cafe");
        assert_eq!(group_code("Größe"), "grosse");
        assert_eq!(group_code("ÉTÉ"), "ete");
        assert_eq!(group_code("Цена"), "cena");
        assert_eq!(group_code("R&amp;D @home"), "randd-athome");
        assert_eq!(group_code("!!!"), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(group_code(""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(group_code("中文"), "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn models_through_the_class_map() {
        let cm = ClassMap::from_rules_text(
            "kind class-map\ncatalog/product Magento\\Catalog\\Model\\Product\nold/thing \"\"\n",
            "t",
        )
        .unwrap();
        let m = |v: Option<&str>, o: Option<&str>| {
            convert_model(v.map(str::as_bytes), o.map(str::as_bytes), &cm)
                .map(|b| String::from_utf8(b).unwrap())
        };
        assert_eq!(
            m(Some("catalog/product"), None).as_deref(),
            Some("Magento\\Catalog\\Model\\Product")
        );
        assert_eq!(m(Some("old/thing"), Some("X")), None);
        assert_eq!(m(Some("unknown/model"), Some("X")), None);
        assert_eq!(m(Some(""), Some("M2\\Value")).as_deref(), Some("M2\\Value"));
        assert_eq!(m(None, Some("0")), None);
        assert_eq!(m(Some("0"), None), None);
    }

    #[test]
    fn convert_and_set_value() {
        let map = convert_map("[  customer/entity:customer_entity;\n  sales/order:sales_order  ]")
            .unwrap();
        assert_eq!(
            convert(Some(b"sales/order"), &map, None),
            Some(b"sales_order".to_vec())
        );
        assert_eq!(
            convert(Some(b"sales/shipment"), &map, None),
            Some(b"sales/shipment".to_vec())
        );
        assert_eq!(convert(Some(b"x"), &map, Some("d")), Some(b"d".to_vec()));
        assert_eq!(convert(None, &map, None), None);
        assert!(convert_map("[a:b;c]").is_err());
        assert_eq!(set_value(Some(b"7"), "+100"), Some(b"107".to_vec()));
        assert_eq!(set_value(Some(b"7"), "-10"), Some(b"-3".to_vec()));
        assert_eq!(set_value(None, "+100"), Some(b"100".to_vec()));
        assert_eq!(set_value(Some(b"7"), "100"), Some(b"100".to_vec()));
        assert_eq!(set_value(Some(b"7"), "NULL"), None);
    }

    #[test]
    fn timestamps() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00");
        assert_eq!(format_utc(1_234_567_890), "2009-02-13 23:31:30");
        assert_eq!(format_utc(-1), "1969-12-31 23:59:59");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00:00");
        let d = |v: &str, fi: &str| {
            timestamp_to_date(Some(v.as_bytes()), Some(fi.as_bytes()))
                .map(|b| String::from_utf8(b).unwrap())
        };
        assert_eq!(
            d("1234567890", "date").as_deref(),
            Some("2009-02-13 23:31:30")
        );
        assert_eq!(d("1234567890", "text").as_deref(), Some("1234567890"));
        assert_eq!(d("2009-02-13", "date").as_deref(), Some("2009-02-13"));
        assert_eq!(d("0", "date").as_deref(), Some("0"));
        assert_eq!(timestamp_to_date(None, Some(b"date")), None);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Default "), fold("default"));
        assert_ne!(fold(" Default"), fold("default"));
        assert_eq!(fold("Général"), fold("GENERAL"));
        assert_eq!(fold("Ärger"), "arger");
        assert_ne!(fold("General Information"), fold("General"));
    }
}

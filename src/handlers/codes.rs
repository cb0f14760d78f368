//! Codes Magento 2 needs that Magento 1 did not have: `store_group.code` (DMT's
//! `StoreGroupCode`) and `eav_attribute_group.attribute_group_code`
//! (`EavAttributeGroup\SetGroupCode` through `AttributeGroupNameToCodeMap`).

use std::sync::LazyLock;

use md5::{Digest, Md5};

use super::php::loose_eq_str;

fn md5_hex(data: &[u8]) -> String {
    let digest = Md5::digest(data);
    let mut s = String::with_capacity(32);
    for b in digest.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The slug DMT derives from a store group name: whitespace runs become `_`, ASCII is
/// lower-cased, bytes outside `[a-z0-9_-]` are dropped, and so are leading bytes that are
/// not `a`–`z`. May be empty.
pub fn store_group_slug(name: &[u8]) -> String {
    let mut code = Vec::with_capacity(name.len());
    let mut in_space = false;
    for &b in name {
        // PCRE's \s without /u: space, \t, \n, \v, \f, \r.
        if matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            if !in_space {
                code.push(b'_');
            }
            in_space = true;
            continue;
        }
        in_space = false;
        code.push(b.to_ascii_lowercase());
    }
    code.retain(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_'));
    let start = code
        .iter()
        .position(u8::is_ascii_lowercase)
        .unwrap_or(code.len());
    String::from_utf8(code[start..].to_vec()).expect("ASCII")
}

/// A store group's code, and whether it was made unique.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupCode {
    pub code: String,
    /// DMT warns "Duplicated code in %s.%s Record id %s" for these.
    pub duplicate: bool,
}

/// `StoreGroupCode` for all groups at once, `(group_id, name)` in the order the table
/// holds them. As DMT does, a group whose name equals (PHP `==`) an earlier group's name
/// gets `-<md5>` after its slug, and an empty code becomes `store_group`.
///
/// Two differences, both so that Magento 2's unique key on `store_group.code` holds and the
/// output is the same on every run: the suffix is the MD5 of the group id in decimal (DMT
/// takes the MD5 of a random number), and a code equal to an earlier group's code (from
/// different names, such as `Main Store` and `main store`) is suffixed the same way (DMT
/// would write the duplicate and the insert would fail).
pub fn store_group_codes(groups: &[(u32, &[u8])]) -> Vec<GroupCode> {
    let mut out: Vec<GroupCode> = Vec::with_capacity(groups.len());
    for (i, &(id, name)) in groups.iter().enumerate() {
        let mut code = store_group_slug(name);
        let same_name = groups[..i].iter().any(|(_, n)| loose_eq_str(n, name));
        let mut duplicate = false;
        if same_name {
            code = format!("{code}-{}", md5_hex(id.to_string().as_bytes()));
            duplicate = true;
        }
        if code.is_empty() {
            code = "store_group".to_string();
        }
        if !duplicate && out.iter().any(|g| g.code == code) {
            code = format!("{code}-{}", md5_hex(id.to_string().as_bytes()));
            duplicate = true;
        }
        out.push(GroupCode { code, duplicate });
    }
    out
}

/// Magento 2's `Magento\Framework\Filter\Translit` table (2.4), applied with `strtr`
/// (longest match first). Magento also runs `iconv(…, 'ascii//ignore//translit')` but only
/// where PHP's iconv is GNU libiconv; with glibc (Debian, Ubuntu, the official images) it
/// does not, and neither does this. Extra conversions from a store's `url/convert` config
/// are not applied.
///
/// Each entry: the characters (as one string of single characters) and what each becomes.
const TRANSLIT: &[(&str, &str)] = &[
    ("ÀÁÂÄÅàáâäåĀāĂăĄąǍǎǺǻαάΆΑ", "a"),
    ("ÆæǼǽ", "ae"),
    ("ÇçĆćĈĉĊċČčцЦ©צ", "c"),
    ("ÈÉËèéêëĒēĔĕĖėĘęĚěƏəЄєЕеεέΕΈע", "e"),
    ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİıǏǐІіЇїИиιίϊΐΙΊηήΗי", "i"),
    ("ÒÓÔÕÖØòóôõöøŌōŎŏŐőƠơǑǒǾǿОоοόΟΌωώΩΏ", "o"),
    ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜУуυύ", "u"),
    ("ÝýÿŶŷŸЫыΥΎ", "y"),
    ("ß", "ss"),
    ("þПпπΠףפ", "p"),
    ("ĎďĐđДдδΔד", "d"),
    ("ĜĝĞğĠġĢģГгҐґγΓג", "g"),
    ("ĤĥĦħХхהח", "h"),
    ("Ĳĳ", "ij"),
    ("ĴĵЙй", "j"),
    ("ĶķĸКкκΚךכ", "k"),
    ("ĹĺĻļĽľĿŀŁłЛлλΛל", "l"),
    ("ŃńŅņŇňŉŊŋНнνΝןנñÑ", "n"),
    ("Œœ", "oe"),
    ("ŔŕŖŗŘřРрρΡר®", "r"),
    ("ŚśŜŝŞşŠšСсσςΣס", "s"),
    ("ŢţŤťŦŧТтτΤטת", "t"),
    ("Ŵŵ", "w"),
    ("ŹźŻżŽžſЗзζΖז", "z"),
    ("ƒФфφΦ", "f"),
    ("Ёё", "jo"),
    ("Аа", "a"),
    ("БбβΒב", "b"),
    ("Ввו", "v"),
    ("Жж", "zh"),
    ("Мм", "m"),
    ("Чч", "ch"),
    ("Шш", "sh"),
    ("Щщ", "sch"),
    ("ЪъЬь", "-"),
    ("Ээ", "je"),
    ("Юю", "ju"),
    ("Яя", "ja"),
    ("א", "a"),
    ("מםμΜ", "m"),
    ("ץ", "C"),
    ("ק", "q"),
    ("ש", "w"),
    ("θΘ", "th"),
    ("ξΞ", "x"),
    ("χΧ", "ch"),
    ("ψΨ", "ps"),
    ("@", "at"),
    ("™", "tm"),
    // Bengali letters, digits and signs.
    ("অ", "a"),
    ("আ", "aa"),
    ("ই", "i"),
    ("ঈ", "ii"),
    ("উ", "u"),
    ("ঊ", "uu"),
    ("ঋ", "r"),
    ("ৠ", "ri"),
    ("এ", "e"),
    ("ঐ", "ai"),
    ("ও", "o"),
    ("ঔ", "ou"),
    ("ক", "ka"),
    ("খ", "kha"),
    ("গ", "ga"),
    ("ঘ", "gha"),
    ("ঙঞণন", "na"),
    ("চ", "ca"),
    ("ছ", "cha"),
    ("জ", "ja"),
    ("ঝ", "jha"),
    ("টত", "ta"),
    ("ঠথ", "tha"),
    ("ডদ", "da"),
    ("র", "ra"),
    ("ঢধ", "dha"),
    ("ৎ", "t"),
    ("প", "pa"),
    ("ফ", "pha"),
    ("ব", "ba"),
    ("ভ", "bha"),
    ("ম", "ma"),
    ("য", "ya"),
    ("ল", "la"),
    ("শস", "sa"),
    ("ষ", "sha"),
    ("হ", "ha"),
    ("০", "0"),
    ("১", "1"),
    ("২", "2"),
    ("৩", "3"),
    ("৪", "4"),
    ("৫", "5"),
    ("৬", "6"),
    ("৭", "7"),
    ("৮", "8"),
    ("৯", "9"),
    ("াে", "a"),
    ("ি", "i"),
    ("ী", "ee"),
    ("ুো়", "o"),
    ("ূ", "u"),
    ("ৃ", "ri"),
    ("ৄ", "rii"),
    ("ৈ", "ai"),
    ("ৌ", "ow"),
    ("ঁৢ", "n"),
    ("ঃ", "oh"),
    ("্", "h"),
    ("ং", "ng"),
    ("ৣ", "nn"),
];

/// Multi-character keys of the same table.
const TRANSLIT_SEQUENCES: &[(&str, &str)] = &[
    ("&amp;", "and"),
    ("ক্ষ", "kso"),
    ("ষ্ণ", "sno"),
    ("জ্ঞ", "jno"),
    ("ঞ্জ", "nchho"),
    ("হ্ম", "hmo"),
    ("ঞ্চ", "ncho"),
    ("ঙ্ক", "ngko"),
    ("ট্ট", "tto"),
    ("ক্ষ্ম", "ksmo"),
    ("হ্ন", "hno"),
    ("হ্ণ", "hno"),
    ("ক্র", "kro"),
    ("গ্ধ", "gdho"),
    ("ত্র", "tro"),
    ("ক্ত", "kto"),
    ("ক্স", "kso"),
    ("ত্ত", "tto"),
    ("ত্ম", "tmo"),
    ("ক্ক", "kko"),
    ("ক্ম", "kmo"),
    ("ক্ল", "klo"),
    ("্য", "a"),
    ("্র", "r"),
    // Letters with a nukta, written as two code points (Unicode keeps them decomposed).
    ("\u{09A1}\u{09BC}", "ra"),
    ("\u{09A2}\u{09BC}", "rha"),
    ("\u{09AF}\u{09BC}", "ya"),
];

struct Translit {
    table: std::collections::HashMap<&'static [u8], &'static str>,
    longest: usize,
}

static TABLE: LazyLock<Translit> = LazyLock::new(|| {
    let mut table = std::collections::HashMap::new();
    for &(chars, to) in TRANSLIT {
        let mut rest = chars;
        while let Some(c) = rest.chars().next() {
            let (ch, tail) = rest.split_at(c.len_utf8());
            table.insert(ch.as_bytes(), to);
            rest = tail;
        }
    }
    for &(from, to) in TRANSLIT_SEQUENCES {
        table.insert(from.as_bytes(), to);
    }
    let longest = table.keys().map(|k| k.len()).max().unwrap_or(1);
    Translit { table, longest }
});

/// `strtr($s, $convertTable)` of Magento 2's `Translit` filter (see [`TRANSLIT`]).
pub fn translit(s: &[u8]) -> Vec<u8> {
    let t = &*TABLE;
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    'outer: while i < s.len() {
        for len in (1..=t.longest.min(s.len() - i)).rev() {
            if let Some(to) = t.table.get(&s[i..i + len]) {
                out.extend_from_slice(to.as_bytes());
                i += len;
                continue 'outer;
            }
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

/// `AttributeGroupNameToCodeMap::getGroupCodeMap`: the `attribute_group_code` for an
/// attribute group name of an entity type. Product groups Magento 2 knows keep its codes
/// (`General` → `product-details`, `Prices` → `advanced-pricing`, `Design` → `design`,
/// `Images` → `image-management`, also with a `Migration_` prefix); any other name is
/// lower-cased (ASCII), transliterated, and every run of bytes outside `[a-z0-9]` becomes
/// `-`, without `-` at the ends. An empty result becomes `md5('')`.
pub fn attribute_group_code(group_name: &[u8], entity_type_code: &[u8]) -> String {
    let original = group_name.strip_prefix(b"Migration_").unwrap_or(group_name);
    if entity_type_code == b"catalog_product" {
        let known = match original {
            b"General" => Some("product-details"),
            b"Prices" => Some("advanced-pricing"),
            b"Design" => Some("design"),
            b"Images" => Some("image-management"),
            _ => None,
        };
        if let Some(code) = known {
            return code.to_string();
        }
    }
    let lower = group_name.to_ascii_lowercase();
    let t = translit(&lower);
    let mut code = String::with_capacity(t.len());
    let mut dash = false;
    for &b in &t {
        if b.is_ascii_lowercase() || b.is_ascii_digit() {
            code.push(b as char);
            dash = false;
        } else if !dash {
            code.push('-');
            dash = true;
        }
    }
    let code = code.trim_matches('-');
    if code.is_empty() {
        md5_hex(b"")
    } else {
        code.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_group_codes_follow_dmt() {
        assert_eq!(
            store_group_slug(b"Main Website Store"),
            "main_website_store"
        );
        assert_eq!(store_group_slug(b"  2nd  Shop!\t(EU) "), "nd_shop_eu_");
        assert_eq!(store_group_slug(b"123"), "");
        assert_eq!(store_group_slug("Магазин".as_bytes()), "");
        let codes = store_group_codes(&[
            (1, &b"Main Store"[..]),
            (2, b"Main Store"),
            (3, b"123"),
            (4, b"main store"),
            (5, b"10"),
            (6, b"1e1"),
        ]);
        assert_eq!(codes[0].code, "main_store");
        assert_eq!(codes[1].code, format!("main_store-{}", md5_hex(b"2")));
        assert!(codes[1].duplicate);
        assert_eq!(codes[2].code, "store_group");
        assert_eq!(codes[3].code, format!("main_store-{}", md5_hex(b"4")));
        assert_eq!(codes[4].code, format!("store_group-{}", md5_hex(b"5")));
        // "1e1" == "10" in PHP: a duplicate name.
        assert_eq!(codes[5].code, format!("e1-{}", md5_hex(b"6")));
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn attribute_group_codes_follow_magento() {
        assert_eq!(
            attribute_group_code(b"General", b"catalog_product"),
            "product-details"
        );
        assert_eq!(
            attribute_group_code(b"Migration_Prices", b"catalog_product"),
            "advanced-pricing"
        );
        assert_eq!(attribute_group_code(b"General", b"customer"), "general");
        assert_eq!(
            attribute_group_code(b"Meta Information", b"catalog_product"),
            "meta-information"
        );
        assert_eq!(
            attribute_group_code(b"Migration_Gift Options", b"catalog_product"),
            "migration-gift-options"
        );
        assert_eq!(
            attribute_group_code("Größe & Farbe".as_bytes(), b"catalog_product"),
            "grosse-farbe"
        );
        assert_eq!(
            attribute_group_code("Цена".as_bytes(), b"catalog_product"),
            "cena"
        );
        assert_eq!(
            attribute_group_code(b"Tom &amp; Jerry @ home", b"x"),
            "tom-and-jerry-at-home"
        );
        assert_eq!(
            attribute_group_code("Ãã".as_bytes(), b"x"),
            "d41d8cd98f00b204e9800998ecf8427e"
        );
        assert_eq!(
            attribute_group_code(b"---", b"x"),
            "d41d8cd98f00b204e9800998ecf8427e"
        );
    }
}

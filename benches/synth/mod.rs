//! A deterministic generator of Magento-1.9-shaped mysqldump files, for the benchmarks.
//!
//! [`generate`] writes a dump of about `target` bytes the way `mysqldump` 5.7 writes one:
//! header comments and `/*!40101 SET … */;` lines, then per table (in alphabetical order, as
//! `SHOW TABLES` lists them) `DROP TABLE IF EXISTS`, the `CREATE TABLE` of Magento 1.9, and
//! `LOCK TABLES … WRITE`, `DISABLE KEYS`, extended `INSERT`s cut the way mysqldump cuts them
//! (`net_buffer_length` 1 MiB − 1025), `ENABLE KEYS`, `UNLOCK TABLES`; the footer last.
//!
//! Strings are escaped exactly as `mysql_real_escape_string` does (`\0 \n \r \\ \' \" \Z`,
//! everything else raw), binary columns included, so some values are not UTF-8.
//!
//! Every byte comes from a small PRNG seeded by a constant: the same `target` gives the same
//! bytes, always. Fixed strings are escaped once into pools at start-up, so the hot loop
//! only copies bytes and formats numbers (no allocation per value).

use std::io::{self, Write};

/// Bump when the output changes, so cached files are regenerated.
pub const VERSION: u32 = 1;

/// mysqldump's default `net_buffer_length` (1 MiB − 1025): an extended INSERT grows while
/// the statement stays below it.
const NET_BUFFER_LENGTH: usize = 1024 * 1024 - 1025;

/// What was written, for checking what readers count.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub bytes: u64,
    /// Statements as the `mysql` client splits them (SETs, DDL, LOCK, INSERTs, …).
    pub statements: u64,
    pub inserts: u64,
    pub rows: u64,
    /// Values in all rows.
    pub fields: u64,
    /// Bytes of the values themselves (no parentheses or commas).
    pub value_bytes: u64,
    /// Per table: name, rows, bytes of its INSERT statements.
    pub tables: Vec<(String, u64, u64)>,
}

// ---------------------------------------------------------------------------------------
// PRNG and formatting
// ---------------------------------------------------------------------------------------

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
fn push_u64(out: &mut Vec<u8>, mut v: u64) {
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
fn push2(out: &mut Vec<u8>, v: u64) {
    let d = (v % 100) as usize * 2;
    out.extend_from_slice(&DEC2[d..d + 2]);
}

#[inline]
fn push_hex(out: &mut Vec<u8>, v: u64, digits: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for k in (0..digits).rev() {
        out.push(HEX[((v >> (4 * k)) & 15) as usize]);
    }
}

/// Days since 1970-01-01 → (year, month, day) (H. Hinnant's algorithm).
#[inline]
fn civil(days: u64) -> (u64, u64, u64) {
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

/// `YYYY-MM-DD HH:MM:SS` of a Unix time.
#[inline]
fn push_datetime(out: &mut Vec<u8>, t: u64) {
    push_date(out, t);
    let s = t % 86_400;
    out.push(b' ');
    push2(out, s / 3600);
    out.push(b':');
    push2(out, s / 60 % 60);
    out.push(b':');
    push2(out, s % 60);
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
fn push_date(out: &mut Vec<u8>, t: u64) {
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
    let mut run = 0;
    for (i, &b) in raw.iter().enumerate() {
        let e = ESCAPE[b as usize];
        if e != 0 {
            out.extend_from_slice(&raw[run..i]);
            out.push(b'\\');
            out.push(e);
            run = i + 1;
        }
    }
    out.extend_from_slice(&raw[run..]);
}

// ---------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------

/// One tuple being written: each method appends one value (and the comma before it).
pub struct Row<'a> {
    b: &'a mut Vec<u8>,
    n: u32,
}

impl Row<'_> {
    #[inline]
    fn sep(&mut self) {
        if self.n != 0 {
            self.b.push(b',');
        }
        self.n += 1;
    }

    #[inline]
    fn u(&mut self, v: u64) {
        self.sep();
        push_u64(self.b, v);
    }

    #[inline]
    fn null(&mut self) {
        self.sep();
        self.b.extend_from_slice(b"NULL");
    }

    /// A `decimal(12,4)` given in ten-thousandths.
    #[inline]
    fn dec(&mut self, v: u64) {
        self.sep();
        push_u64(self.b, v / 10_000);
        self.b.push(b'.');
        let f = v % 10_000;
        push2(self.b, f / 100);
        push2(self.b, f);
    }

    /// A price in cents as `decimal(12,4)`.
    #[inline]
    fn money(&mut self, cents: u64) {
        self.dec(cents * 100);
    }

    #[inline]
    fn opt_money(&mut self, cents: Option<u64>) {
        match cents {
            Some(c) => self.money(c),
            None => self.null(),
        }
    }

    /// A string already escaped.
    #[inline]
    fn s(&mut self, escaped: &[u8]) {
        self.sep();
        self.b.push(b'\'');
        self.b.extend_from_slice(escaped);
        self.b.push(b'\'');
    }

    /// Raw bytes, escaped here.
    #[inline]
    fn esc(&mut self, raw: &[u8]) {
        self.sep();
        self.b.push(b'\'');
        escape_into(self.b, raw);
        self.b.push(b'\'');
    }

    /// A string built by `f` into the row (which must append escaped bytes).
    #[inline]
    fn with(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        self.sep();
        self.b.push(b'\'');
        f(self.b);
        self.b.push(b'\'');
    }

    #[inline]
    fn dt(&mut self, t: u64) {
        self.sep();
        self.b.push(b'\'');
        push_datetime(self.b, t);
        self.b.push(b'\'');
    }

    #[inline]
    fn date(&mut self, t: u64) {
        self.sep();
        self.b.push(b'\'');
        push_date(self.b, t);
        self.b.push(b'\'');
    }
}

// ---------------------------------------------------------------------------------------
// Pools of strings, escaped once
// ---------------------------------------------------------------------------------------

struct Pool {
    raw: Vec<Box<[u8]>>,
    esc: Vec<Box<[u8]>>,
}

impl Pool {
    fn new<S: AsRef<[u8]>>(items: &[S]) -> Pool {
        let raw: Vec<Box<[u8]>> = items.iter().map(|s| s.as_ref().into()).collect();
        let esc = raw
            .iter()
            .map(|r| {
                let mut e = Vec::new();
                escape_into(&mut e, r);
                e.into_boxed_slice()
            })
            .collect();
        Pool { raw, esc }
    }

    #[inline]
    fn idx(&self, rng: &mut Rng) -> usize {
        rng.below(self.esc.len() as u64) as usize
    }

    /// An escaped item.
    #[inline]
    fn pick(&self, rng: &mut Rng) -> &[u8] {
        &self.esc[self.idx(rng)]
    }

    /// A raw (unescaped) item.
    #[inline]
    fn pick_raw(&self, rng: &mut Rng) -> &[u8] {
        &self.raw[self.idx(rng)]
    }

    #[inline]
    fn esc_at(&self, i: usize) -> &[u8] {
        &self.esc[i % self.esc.len()]
    }
}

const FIRST: &[&str] = &[
    "John",
    "Mary",
    "James",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Daniel",
    "Nancy",
    "Matthew",
    "Lisa",
    "Anthony",
    "Betty",
    "Mark",
    "Margaret",
    "José",
    "Zoë",
    "Seán",
    "Marie-Claire",
    "François",
    "Jürgen",
    "Björn",
    "Łukasz",
    "Søren",
    "Ana",
    "Chloé",
    "Renée",
    "Małgorzata",
    "Yūki",
    "Kenji",
    "Wei",
    "Ahmed",
    "Olga",
    "Ingrid",
    "Raphaël",
    "Giulia",
    "Luca",
    "Sven",
    "Noémie",
    "D'Arcy",
    "Nuno",
    "Ines",
    "Ivan",
    "Priya",
    "Arjun",
    "Emma",
    "Olivia",
];
const LAST: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "Thompson",
    "White",
    "O'Brien",
    "O'Neil",
    "D'Angelo",
    "Müller",
    "Schäfer",
    "García",
    "Fernández",
    "Nguyễn",
    "Kowalski",
    "Wiśniewska",
    "van der Berg",
    "de la Cruz",
    "Østergaard",
    "Dubois",
    "Lefèvre",
    "Rossi",
    "Bianchi",
    "Johansson",
    "Nieminen",
    "Novák",
    "Horváth",
    "Papadopoulos",
    "Yılmaz",
    "Kim",
    "Tanaka",
    "佐藤",
    "Иванов",
    "Smith-Jones",
    "MacDonald",
    "Fitzgerald",
    "Łęcki",
    "Öztürk",
    "Nakamura",
    "Silva",
];
const ASCII_FIRST: &[&str] = &[
    "john", "mary", "james", "pat", "robert", "jen", "michael", "linda", "will", "liz", "david",
    "barb", "rich", "susan", "joe", "jess", "tom", "sarah", "chuck", "karen", "dan", "nancy",
    "matt", "lisa", "tony", "betty", "mark", "maggie", "jose", "zoe", "sean", "francois",
    "juergen", "bjorn", "lukasz", "ana", "chloe", "wei", "ahmed", "olga",
];
const ASCII_LAST: &[&str] = &[
    "smith",
    "johnson",
    "williams",
    "brown",
    "jones",
    "miller",
    "davis",
    "wilson",
    "anderson",
    "taylor",
    "moore",
    "martin",
    "jackson",
    "white",
    "obrien",
    "mueller",
    "garcia",
    "nguyen",
    "kowalski",
    "vanderberg",
    "dubois",
    "rossi",
    "johansson",
    "novak",
    "kim",
    "tanaka",
    "silva",
    "macdonald",
    "fitzgerald",
    "nakamura",
];
const DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "aol.com",
    "icloud.com",
    "hotmail.co.uk",
    "web.de",
    "gmx.de",
    "orange.fr",
    "libero.it",
    "example.org",
    "mail.ru",
    "comcast.net",
    "btinternet.com",
    "shop-customer.example.com",
];
const CITIES: &[&str] = &[
    "New York",
    "Los Angeles",
    "Chicago",
    "Houston",
    "Phoenix",
    "Philadelphia",
    "San Antonio",
    "San Diego",
    "Dallas",
    "Austin",
    "London",
    "Manchester",
    "Berlin",
    "München",
    "Köln",
    "Paris",
    "Saint-Étienne",
    "Lyon",
    "Madrid",
    "A Coruña",
    "Kraków",
    "Łódź",
    "Zürich",
    "Genève",
    "Milano",
    "Napoli",
    "København",
    "Malmö",
    "Århus",
    "Tōkyō",
    "'s-Hertogenbosch",
    "Coeur d'Alene",
    "Amsterdam",
    "Dublin",
];
const STREETS: &[&str] = &[
    "Main Street",
    "Oak Avenue",
    "Elm St.",
    "Maple Drive",
    "Cedar Lane",
    "Park Road",
    "Washington Blvd",
    "Lake Shore Dr",
    "Hauptstraße",
    "Bahnhofstr.",
    "Rue de la Paix",
    "Avenue des Champs-Élysées",
    "Calle Mayor",
    "ul. Marszałkowska",
    "Via Roma",
    "O'Connell Street",
    "King's Road",
    "High Street",
    "Church Lane",
    "Mill Road",
];
const REGIONS: &[&str] = &[
    "California",
    "Texas",
    "New York",
    "Florida",
    "Illinois",
    "Pennsylvania",
    "Ohio",
    "Georgia",
    "Bayern",
    "Nordrhein-Westfalen",
    "Île-de-France",
    "Cataluña",
    "Lombardia",
    "Mazowieckie",
    "Zürich",
    "Ontario",
    "Québec",
    "England",
    "Scotland",
    "Hawai'i",
];
const COUNTRIES: &[&str] = &[
    "US", "US", "US", "US", "GB", "GB", "DE", "DE", "FR", "ES", "IT", "PL", "CH", "NL", "CA", "AU",
    "DK", "SE", "IE", "JP",
];
const COMPANIES: &[&str] = &[
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella Ltd.",
    "Stark Industries",
    "Wayne Enterprises",
    "Müller & Söhne GmbH",
    "O'Reilly Media",
    "Smith & Wesson",
    "\"Quotes\" Inc.",
    "Back\\Slash LLC",
    "Société Générale",
    "Dunder Mifflin",
    "Soylent Green",
];
const ADJ: &[&str] = &[
    "Classic",
    "Modern",
    "Vintage",
    "Elegant",
    "Rustic",
    "Deluxe",
    "Premium",
    "Essential",
    "Slim",
    "Oversized",
    "Lightweight",
    "Waterproof",
    "Organic",
    "Handmade",
    "Über",
    "Crème",
    "Men's",
    "Women's",
    "Kids'",
    "Ultra",
    "Pro",
    "Compact",
    "Wireless",
    "Smart",
];
const COLORS: &[&str] = &[
    "Black", "White", "Red", "Navy", "Charcoal", "Ivory", "Olive", "Burgundy", "Teal", "Sand",
    "Rosé", "Grey", "Indigo", "Mustard",
];
const MATERIALS: &[&str] = &[
    "Leather", "Cotton", "Linen", "Wool", "Silk", "Denim", "Canvas", "Suede", "Oak", "Walnut",
    "Steel", "Ceramic", "Glass", "Bamboo", "Cashmere",
];
const NOUNS: &[&str] = &[
    "Jacket",
    "Shirt",
    "Dress",
    "Sneakers",
    "Boots",
    "Handbag",
    "Wallet",
    "Watch",
    "Sunglasses",
    "Chair",
    "Table",
    "Lamp",
    "Vase",
    "Mug",
    "Backpack",
    "Scarf",
    "Belt",
    "Headphones",
    "Camera",
    "Notebook",
    "12\" Tablet Sleeve",
    "Throw Pillow",
    "Rug",
    "Blanket",
];
const SLUG_WORDS: &[&str] = &[
    "classic", "modern", "vintage", "elegant", "rustic", "deluxe", "premium", "slim", "black",
    "white", "red", "navy", "leather", "cotton", "linen", "wool", "jacket", "shirt", "dress",
    "sneakers", "boots", "handbag", "watch", "chair", "table", "lamp", "mug", "backpack",
];
const CATEGORY_NAMES: &[&str] = &[
    "Women",
    "Men",
    "Accessories",
    "Home & Décor",
    "Sale",
    "New Arrivals",
    "Shoes",
    "Bags &amp; Luggage",
    "Electronics",
    "Books",
    "Kids' Corner",
    "Outdoor",
    "Jewelry",
    "Beauty",
    "Gifts",
];
const CATEGORY_SLUGS: &[&str] = &[
    "women",
    "men",
    "accessories",
    "home-decor",
    "sale",
    "new-arrivals",
    "shoes",
    "bags-luggage",
    "electronics",
    "books",
    "kids-corner",
    "outdoor",
    "jewelry",
    "beauty",
    "gifts",
];
const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2272.101 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_2) AppleWebKit/600.4.10 (KHTML, like Gecko) Version/8.0.4 Safari/600.4.10",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 8_2 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Version/8.0 Mobile/12D508 Safari/600.1.4",
    "Mozilla/5.0 (Windows NT 6.3; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:36.0) Gecko/20100101 Firefox/36.0",
    "Mozilla/5.0 (Linux; Android 4.4.2; SM-G900F Build/KOT49H) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/40.0.2214.109 Mobile Safari/537.36",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl/7.35.0",
];
const REFERERS: &[&str] = &[
    "https://www.google.com/",
    "https://www.google.co.uk/search?q=leather+jacket&ie=utf-8",
    "http://www.bing.com/search?q=buy%20shoes%20online&form=QBLH",
    "https://www.facebook.com/",
    "http://t.co/AbCdEf1234",
    "http://shop.example.com/women/dresses.html?color=27&p=2",
    "http://shop.example.com/checkout/cart/",
];
const ACCEPT_LANG: &[&str] = &[
    "en-US,en;q=0.8",
    "en-GB,en;q=0.5",
    "de-DE,de;q=0.8,en-US;q=0.6,en;q=0.4",
    "fr-FR,fr;q=0.8,en;q=0.6",
    "es-ES,es;q=0.9",
    "pl,en-US;q=0.7,en;q=0.3",
];
const CHARSETS: &[&str] = &[
    "ISO-8859-1,utf-8;q=0.7,*;q=0.3",
    "utf-8, iso-8859-1;q=0.5",
    "windows-1252,utf-8;q=0.7,*;q=0.7",
];
const SHIPPING: &[(&str, &str)] = &[
    ("flatrate_flatrate", "Flat Rate - Fixed"),
    ("freeshipping_freeshipping", "Free Shipping - Free"),
    ("ups_GND", "United Parcel Service - Ground"),
    (
        "usps_1",
        "United States Postal Service - Priority Mail 2-Day",
    ),
    ("tablerate_bestway", "Best Way - Table Rate"),
];
const PAYMENT: &[&str] = &[
    "checkmo",
    "paypal_express",
    "ccsave",
    "authorizenet",
    "banktransfer",
    "free",
];
const STATES: &[(&str, &str)] = &[
    ("complete", "complete"),
    ("complete", "complete"),
    ("complete", "complete"),
    ("processing", "processing"),
    ("canceled", "canceled"),
    ("closed", "closed"),
    ("new", "pending"),
    ("holded", "holded"),
];
const CONFIG_PATHS: &[&str] = &[
    "web/unsecure/base_url",
    "web/secure/base_url",
    "web/seo/use_rewrites",
    "web/cookie/cookie_lifetime",
    "general/locale/code",
    "general/locale/timezone",
    "general/country/default",
    "general/store_information/name",
    "general/store_information/address",
    "general/store_information/phone",
    "design/package/name",
    "design/theme/default",
    "design/head/default_title",
    "design/head/default_description",
    "design/footer/copyright",
    "design/header/logo_alt",
    "catalog/frontend/list_mode",
    "catalog/seo/product_url_suffix",
    "catalog/seo/category_url_suffix",
    "currency/options/base",
    "currency/options/default",
    "currency/options/allow",
    "customer/create_account/email_domain",
    "customer/address/street_lines",
    "sales_email/order/enabled",
    "sales/totals_sort/discount",
    "payment/checkmo/active",
    "payment/ccsave/active",
    "payment/paypal_express/active",
    "carriers/flatrate/price",
    "carriers/ups/allowed_methods",
    "carriers/usps/userid",
    "carriers/tablerate/condition_name",
    "admin/security/session_cookie_lifetime",
    "dev/log/active",
    "dev/js/merge_files",
    "dev/css/merge_css_files",
    "tax/classes/shipping_tax_class",
    "cataloginventory/item_options/min_qty",
    "google/analytics/account",
    "contacts/email/recipient_email",
    "trans_email/ident_general/email",
    "trans_email/ident_sales/name",
    "advanced/modules_disable_output/Mage_Poll",
];
const META_WORDS: &[&str] = &[
    "buy online",
    "free shipping",
    "best price",
    "sale",
    "designer",
    "gift idea",
    "cheap",
    "discount",
    "original",
    "new collection",
    "summer",
    "winter",
    "limited edition",
];
const LOREM: &[&str] = &[
    "Crafted from premium materials, it's built to last for years.",
    "The \"classic fit\" gives you room to move without looking baggy.",
    "Machine washable at 30°C; do not tumble dry.",
    "Our designers in Zürich & Milano spent two seasons perfecting the cut.",
    "Features a hidden pocket, YKK® zips and reinforced seams.",
    "Pair it with jeans for a relaxed look, or dress it up for the evening.",
    "Each piece is unique: colour may vary slightly from the photo.",
    "Imported. Fabric: 95% cotton, 5% elastane.",
    "Customers say it runs small \u{2014} consider ordering one size up.",
    "Ships within 24 hours from our warehouse in New Jersey.",
    "Ergonomic design reduces strain during long working days.",
    "Dimensions: 45 × 30 × 12 cm; weight 1.2 kg.",
    "Use a soft cloth; avoid solvents like C:\\cleaner.exe would suggest.",
    "Backed by our 2-year warranty & 30-day no-questions-asked returns.",
    "Über-comfortable, crème-coloured, and très chic.",
];
const HTML_TAGS: &[(&str, &str)] = &[
    ("<p>", "</p>"),
    ("<p class=\"intro\">", "</p>"),
    ("<li>", "</li>"),
    ("<div class=\"std\"><strong>", "</strong></div>"),
    ("<span style=\"color: #333333;\">", "</span>"),
    ("<p>", "</p>\r\n"),
];

/// All pools, escaped once at start-up.
struct Pools {
    first: Pool,
    last: Pool,
    afirst: Pool,
    alast: Pool,
    domain: Pool,
    city: Pool,
    street: Pool,
    region: Pool,
    country: Pool,
    company: Pool,
    adj: Pool,
    color: Pool,
    material: Pool,
    noun: Pool,
    slug: Pool,
    cat_name: Pool,
    cat_slug: Pool,
    agent: Pool,
    referer: Pool,
    lang: Pool,
    charset: Pool,
    config_path: Pool,
    meta: Pool,
    /// HTML paragraphs of one sentence or a few.
    para: Pool,
    /// Long HTML pages for cms_page.
    page: Pool,
}

fn build_pools() -> Pools {
    let mut rng = Rng::new(0x05ee_d0f9_a9e5);
    let mut paras = Vec::new();
    for k in 0..400 {
        let (open, close) = HTML_TAGS[k % HTML_TAGS.len()];
        let mut p = String::from(open);
        let n = 1 + rng.below(4);
        for j in 0..n {
            if j > 0 {
                p.push(' ');
            }
            p.push_str(LOREM[rng.below(LOREM.len() as u64) as usize]);
        }
        p.push_str(close);
        paras.push(p);
    }
    let mut pages = Vec::new();
    for k in 0..24 {
        let mut p = String::new();
        p.push_str("<div class=\"page-title\"><h1>About us</h1></div>\n");
        let n = 20 + rng.below(20 + 40 * (k % 4));
        for j in 0..n {
            p.push_str(&paras[rng.below(paras.len() as u64) as usize]);
            p.push('\n');
            if j % 7 == 3 {
                p.push_str(
                    "{{widget type=\"cms/widget_page_link\" anchor_text=\"Contact us\" template=\"cms/widget/link/link_block.phtml\" page_id=\"3\"}}\n",
                );
            }
            if j % 11 == 5 {
                p.push_str("<img src=\"{{media url=\"wysiwyg/banner.jpg\"}}\" alt=\"\" />\r\n");
            }
        }
        pages.push(p);
    }
    Pools {
        first: Pool::new(FIRST),
        last: Pool::new(LAST),
        afirst: Pool::new(ASCII_FIRST),
        alast: Pool::new(ASCII_LAST),
        domain: Pool::new(DOMAINS),
        city: Pool::new(CITIES),
        street: Pool::new(STREETS),
        region: Pool::new(REGIONS),
        country: Pool::new(COUNTRIES),
        company: Pool::new(COMPANIES),
        adj: Pool::new(ADJ),
        color: Pool::new(COLORS),
        material: Pool::new(MATERIALS),
        noun: Pool::new(NOUNS),
        slug: Pool::new(SLUG_WORDS),
        cat_name: Pool::new(CATEGORY_NAMES),
        cat_slug: Pool::new(CATEGORY_SLUGS),
        agent: Pool::new(USER_AGENTS),
        referer: Pool::new(REFERERS),
        lang: Pool::new(ACCEPT_LANG),
        charset: Pool::new(CHARSETS),
        config_path: Pool::new(CONFIG_PATHS),
        meta: Pool::new(META_WORDS),
        para: Pool::new(&paras),
        page: Pool::new(&pages),
    }
}

// ---------------------------------------------------------------------------------------
// The store being generated
// ---------------------------------------------------------------------------------------

/// 2011-01-01 00:00:00 UTC: orders and customers are spread over the following years.
const EPOCH: u64 = 1_293_840_000;
const SPAN: u64 = 6 * 365 * 86_400;

struct Gen {
    rng: Rng,
    p: Pools,
    /// Scratch for values built unescaped (PHP-serialised strings, binary).
    scratch: Vec<u8>,
    products: u64,
    categories: u64,
    customers: u64,
    addresses: u64,
    orders: u64,
    visitors: u64,
}

type RowFn = fn(&mut Gen, u64, &mut Row);

struct Table {
    name: &'static str,
    ddl: String,
    /// Share of the dump's bytes (per mille, before normalising), or a fixed row count.
    size: Size,
    row: RowFn,
}

#[derive(Clone, Copy)]
enum Size {
    Share(u64),
    Rows(u64),
}

impl Gen {
    /// Time between `EPOCH` and `EPOCH + SPAN` that grows with `i` out of `n`.
    #[inline]
    fn time_at(&mut self, i: u64, n: u64) -> u64 {
        EPOCH + SPAN / n.max(1) * (i % n.max(1)) + self.rng.below(86_400)
    }

    /// An escaped product name: "Adjective Colour Material Noun".
    #[inline]
    fn product_name(&mut self, b: &mut Vec<u8>) {
        b.extend_from_slice(self.p.adj.pick(&mut self.rng));
        b.push(b' ');
        if self.rng.chance(500) {
            b.extend_from_slice(self.p.color.pick(&mut self.rng));
            b.push(b' ');
        }
        b.extend_from_slice(self.p.material.pick(&mut self.rng));
        b.push(b' ');
        b.extend_from_slice(self.p.noun.pick(&mut self.rng));
    }

    #[inline]
    fn slug(&mut self, b: &mut Vec<u8>, id: u64) {
        b.extend_from_slice(self.p.slug.pick(&mut self.rng));
        b.push(b'-');
        b.extend_from_slice(self.p.slug.pick(&mut self.rng));
        b.push(b'-');
        push_u64(b, id);
    }

    #[inline]
    fn email(&mut self, b: &mut Vec<u8>, id: u64) {
        b.extend_from_slice(self.p.afirst.pick(&mut self.rng));
        b.push(if self.rng.chance(500) { b'.' } else { b'_' });
        b.extend_from_slice(self.p.alast.pick(&mut self.rng));
        push_u64(b, id);
        if self.rng.chance(20) {
            b.extend_from_slice(b"+shop");
        }
        b.push(b'@');
        b.extend_from_slice(self.p.domain.pick(&mut self.rng));
    }

    /// A street, sometimes on two lines (Magento joins street lines with `\n`).
    #[inline]
    fn street(&mut self, b: &mut Vec<u8>) {
        push_u64(b, self.rng.range(1, 9999));
        b.push(b' ');
        b.extend_from_slice(self.p.street.pick(&mut self.rng));
        if self.rng.chance(250) {
            b.extend_from_slice(b"\\nApt ");
            push_u64(b, self.rng.range(1, 120));
        }
    }

    /// A last name; about one in 500 is mojibake (UTF-8 read as Latin-1 and stored again as
    /// UTF-8 by a broken import): valid UTF-8, as everything in a utf8 column must be.
    #[inline]
    fn last_name(&mut self, b: &mut Vec<u8>) {
        if self.rng.chance(2) {
            b.extend_from_slice("MÃ¼ller-SchÃ¤fer".as_bytes());
        } else {
            b.extend_from_slice(self.p.last.pick(&mut self.rng));
        }
    }

    /// HTML text of `n` paragraphs joined by `\n`, escaped.
    #[inline]
    fn html(&mut self, b: &mut Vec<u8>, n: u64) {
        for k in 0..n {
            if k > 0 {
                b.extend_from_slice(b"\\n");
            }
            b.extend_from_slice(self.p.para.pick(&mut self.rng));
        }
    }

    #[inline]
    fn hex(&mut self, b: &mut Vec<u8>, digits: usize) {
        let mut left = digits;
        while left > 0 {
            let d = left.min(16);
            let v = self.rng.next();
            push_hex(b, v, d);
            left -= d;
        }
    }
}

// PHP serialize() into the scratch buffer (raw bytes; escaped when written).
fn ser_str(b: &mut Vec<u8>, s: &[u8]) {
    b.extend_from_slice(b"s:");
    push_u64(b, s.len() as u64);
    b.extend_from_slice(b":\"");
    b.extend_from_slice(s);
    b.extend_from_slice(b"\";");
}
fn ser_int(b: &mut Vec<u8>, v: u64) {
    b.extend_from_slice(b"i:");
    push_u64(b, v);
    b.push(b';');
}
fn ser_arr(b: &mut Vec<u8>, n: u64) {
    b.extend_from_slice(b"a:");
    push_u64(b, n);
    b.extend_from_slice(b":{");
}

// ---------------------------------------------------------------------------------------
// DDL
// ---------------------------------------------------------------------------------------

/// A key or constraint name within MySQL's 64 characters: long ones are cut and given a
/// hash of the full name, as Magento's DDL does.
fn key_name(name: &str) -> String {
    if name.len() <= 64 {
        return name.to_string();
    }
    let mut h = 0xcbf2_9ce4_8422_2325u64; // FNV-1a
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{}_{:016X}", &name[..47], h)
}

/// The CREATE TABLE of an EAV value table (`catalog_product_entity_varchar`, …).
fn eav_value_ddl(
    table: &str,
    entity: &str,
    value_sql: &str,
    with_store: bool,
    comment: &str,
) -> String {
    let short: String = table
        .split('_')
        .map(|w| w[..w.len().min(4)].to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join("_");
    let mut s = format!(
        "CREATE TABLE `{table}` (\n  `value_id` int(11) NOT NULL AUTO_INCREMENT COMMENT 'Value ID',\n  `entity_type_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Entity Type ID',\n  `attribute_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Attribute ID',\n"
    );
    if with_store {
        s.push_str("  `store_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Store ID',\n");
    }
    s.push_str(&format!(
        "  `entity_id` int(10) unsigned NOT NULL DEFAULT '0' COMMENT 'Entity ID',\n  `value` {value_sql} COMMENT 'Value',\n  PRIMARY KEY (`value_id`),\n"
    ));
    if with_store {
        s.push_str(&format!(
            "  UNIQUE KEY `{}` (`entity_id`,`attribute_id`,`store_id`),\n",
            key_name(&format!("UNQ_{short}_ENTT_ID_ATTR_ID_STORE_ID"))
        ));
    } else {
        s.push_str(&format!(
            "  UNIQUE KEY `{}` (`entity_id`,`attribute_id`),\n",
            key_name(&format!("UNQ_{short}_ENTITY_ID_ATTRIBUTE_ID"))
        ));
    }
    let up = table.to_ascii_uppercase();
    s.push_str(&format!(
        "  KEY `{}` (`attribute_id`),\n",
        key_name(&format!("IDX_{up}_ATTRIBUTE_ID"))
    ));
    if with_store {
        s.push_str(&format!(
            "  KEY `{}` (`store_id`),\n",
            key_name(&format!("IDX_{up}_STORE_ID"))
        ));
    }
    s.push_str(&format!(
        "  KEY `{}` (`entity_id`),\n  CONSTRAINT `{}` FOREIGN KEY (`attribute_id`) REFERENCES `eav_attribute` (`attribute_id`) ON DELETE CASCADE ON UPDATE CASCADE,\n  CONSTRAINT `{}` FOREIGN KEY (`entity_id`) REFERENCES `{entity}` (`entity_id`) ON DELETE CASCADE ON UPDATE CASCADE",
        key_name(&format!("IDX_{up}_ENTITY_ID")),
        key_name(&format!("FK_{short}_ATTR_ID_EAV_ATTR_ATTR_ID")),
        key_name(&format!(
            "FK_{short}_ENTT_ID_{}_ENTT_ID",
            entity.to_ascii_uppercase()
        )),
    ));
    if with_store {
        s.push_str(&format!(
            ",\n  CONSTRAINT `{}` FOREIGN KEY (`store_id`) REFERENCES `core_store` (`store_id`) ON DELETE CASCADE ON UPDATE CASCADE",
            key_name(&format!("FK_{short}_STORE_ID_CORE_STORE_STORE_ID"))
        ));
    }
    s.push_str(&format!(
        "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='{comment}'"
    ));
    s
}

const DDL_CATEGORY: &str = "CREATE TABLE `catalog_category_entity` (
  `entity_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Entity ID',
  `entity_type_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Entity Type ID',
  `attribute_set_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Attriute Set ID',
  `parent_id` int(10) unsigned NOT NULL DEFAULT '0' COMMENT 'Parent Category ID',
  `created_at` timestamp NULL DEFAULT NULL COMMENT 'Creation Time',
  `updated_at` timestamp NULL DEFAULT NULL COMMENT 'Update Time',
  `path` varchar(255) NOT NULL COMMENT 'Tree Path',
  `position` int(11) NOT NULL COMMENT 'Position',
  `level` int(11) NOT NULL DEFAULT '0' COMMENT 'Tree Level',
  `children_count` int(11) NOT NULL COMMENT 'Child Count',
  PRIMARY KEY (`entity_id`),
  KEY `IDX_CATALOG_CATEGORY_ENTITY_LEVEL` (`level`),
  KEY `IDX_CATALOG_CATEGORY_ENTITY_PATH_ENTITY_ID` (`path`,`entity_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Catalog Category Table'";

const DDL_CATEGORY_PRODUCT: &str = "CREATE TABLE `catalog_category_product` (
  `category_id` int(10) unsigned NOT NULL DEFAULT '0' COMMENT 'Category ID',
  `product_id` int(10) unsigned NOT NULL DEFAULT '0' COMMENT 'Product ID',
  `position` int(11) NOT NULL DEFAULT '0' COMMENT 'Position',
  PRIMARY KEY (`category_id`,`product_id`),
  KEY `IDX_CATALOG_CATEGORY_PRODUCT_PRODUCT_ID` (`product_id`),
  CONSTRAINT `FK_CAT_CTGR_PRD_CTGR_ID_CAT_CTGR_ENTT_ENTT_ID` FOREIGN KEY (`category_id`) REFERENCES `catalog_category_entity` (`entity_id`) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT `FK_CAT_CTGR_PRD_PRD_ID_CAT_PRD_ENTT_ENTT_ID` FOREIGN KEY (`product_id`) REFERENCES `catalog_product_entity` (`entity_id`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Catalog Product To Category Linkage Table'";

const DDL_PRODUCT: &str = "CREATE TABLE `catalog_product_entity` (
  `entity_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Entity ID',
  `entity_type_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Entity Type ID',
  `attribute_set_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Attribute Set ID',
  `type_id` varchar(32) NOT NULL DEFAULT 'simple' COMMENT 'Type ID',
  `sku` varchar(64) DEFAULT NULL COMMENT 'SKU',
  `has_options` smallint(6) NOT NULL DEFAULT '0' COMMENT 'Has Options',
  `required_options` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Required Options',
  `created_at` timestamp NULL DEFAULT NULL COMMENT 'Creation Time',
  `updated_at` timestamp NULL DEFAULT NULL COMMENT 'Update Time',
  PRIMARY KEY (`entity_id`),
  KEY `IDX_CATALOG_PRODUCT_ENTITY_ENTITY_TYPE_ID` (`entity_type_id`),
  KEY `IDX_CATALOG_PRODUCT_ENTITY_ATTRIBUTE_SET_ID` (`attribute_set_id`),
  KEY `IDX_CATALOG_PRODUCT_ENTITY_SKU` (`sku`),
  CONSTRAINT `FK_CAT_PRD_ENTT_ATTR_SET_ID_EAV_ATTR_SET_ATTR_SET_ID` FOREIGN KEY (`attribute_set_id`) REFERENCES `eav_attribute_set` (`attribute_set_id`) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT `FK_CAT_PRD_ENTT_ENTT_TYPE_ID_EAV_ENTT_TYPE_ENTT_TYPE_ID` FOREIGN KEY (`entity_type_id`) REFERENCES `eav_entity_type` (`entity_type_id`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Catalog Product Table'";

const DDL_STOCK_ITEM: &str = "CREATE TABLE `cataloginventory_stock_item` (
  `item_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Item Id',
  `product_id` int(10) unsigned NOT NULL DEFAULT '0' COMMENT 'Product Id',
  `stock_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Stock Id',
  `qty` decimal(12,4) NOT NULL DEFAULT '0.0000' COMMENT 'Qty',
  `min_qty` decimal(12,4) NOT NULL DEFAULT '0.0000' COMMENT 'Min Qty',
  `use_config_min_qty` smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Use Config Min Qty',
  `is_qty_decimal` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Is Qty Decimal',
  `backorders` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Backorders',
  `use_config_backorders` smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Use Config Backorders',
  `min_sale_qty` decimal(12,4) NOT NULL DEFAULT '1.0000' COMMENT 'Min Sale Qty',
  `use_config_min_sale_qty` smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Use Config Min Sale Qty',
  `max_sale_qty` decimal(12,4) NOT NULL DEFAULT '0.0000' COMMENT 'Max Sale Qty',
  `use_config_max_sale_qty` smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Use Config Max Sale Qty',
  `is_in_stock` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Is In Stock',
  `low_stock_date` timestamp NULL DEFAULT NULL COMMENT 'Low Stock Date',
  `notify_stock_qty` decimal(12,4) DEFAULT NULL COMMENT 'Notify Stock Qty',
  `use_config_notify_stock_qty` smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Use Config Notify Stock Qty',
  `manage_stock` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Manage Stock',
  `use_config_manage_stock` smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Use Config Manage Stock',
  `stock_status_changed_auto` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Stock Status Changed Automatically',
  `use_config_qty_increments` smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Use Config Qty Increments',
  `qty_increments` decimal(12,4) NOT NULL DEFAULT '0.0000' COMMENT 'Qty Increments',
  `use_config_enable_qty_inc` smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Use Config Enable Qty Increments',
  `enable_qty_increments` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Enable Qty Increments',
  `is_decimal_divided` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Is Divided into Multiple Boxes for Shipping',
  PRIMARY KEY (`item_id`),
  UNIQUE KEY `UNQ_CATALOGINVENTORY_STOCK_ITEM_PRODUCT_ID_STOCK_ID` (`product_id`,`stock_id`),
  KEY `IDX_CATALOGINVENTORY_STOCK_ITEM_PRODUCT_ID` (`product_id`),
  KEY `IDX_CATALOGINVENTORY_STOCK_ITEM_STOCK_ID` (`stock_id`),
  CONSTRAINT `FK_CATINV_STOCK_ITEM_PRD_ID_CAT_PRD_ENTT_ENTT_ID` FOREIGN KEY (`product_id`) REFERENCES `catalog_product_entity` (`entity_id`) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT `FK_CATINV_STOCK_ITEM_STOCK_ID_CATINV_STOCK_STOCK_ID` FOREIGN KEY (`stock_id`) REFERENCES `cataloginventory_stock` (`stock_id`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Cataloginventory Stock Item'";

const DDL_CMS_PAGE: &str = "CREATE TABLE `cms_page` (
  `page_id` smallint(6) NOT NULL AUTO_INCREMENT COMMENT 'Page ID',
  `title` varchar(255) DEFAULT NULL COMMENT 'Page Title',
  `root_template` varchar(255) DEFAULT NULL COMMENT 'Page Template',
  `meta_keywords` text COMMENT 'Page Meta Keywords',
  `meta_description` text COMMENT 'Page Meta Description',
  `identifier` varchar(100) DEFAULT NULL COMMENT 'Page String Identifier',
  `content_heading` varchar(255) DEFAULT NULL COMMENT 'Page Content Heading',
  `content` mediumtext COMMENT 'Page Content',
  `creation_time` timestamp NULL DEFAULT NULL COMMENT 'Page Creation Time',
  `update_time` timestamp NULL DEFAULT NULL COMMENT 'Page Modification Time',
  `is_active` smallint(6) NOT NULL DEFAULT '1' COMMENT 'Is Page Active',
  `sort_order` smallint(6) NOT NULL DEFAULT '0' COMMENT 'Page Sort Order',
  `layout_update_xml` text COMMENT 'Page Layout Update Content',
  `custom_theme` varchar(100) DEFAULT NULL COMMENT 'Page Custom Theme',
  `custom_root_template` varchar(255) DEFAULT NULL COMMENT 'Page Custom Template',
  `custom_layout_update_xml` text COMMENT 'Page Custom Layout Update Content',
  `custom_theme_from` date DEFAULT NULL COMMENT 'Page Custom Theme Active From Date',
  `custom_theme_to` date DEFAULT NULL COMMENT 'Page Custom Theme Active To Date',
  PRIMARY KEY (`page_id`),
  KEY `IDX_CMS_PAGE_IDENTIFIER` (`identifier`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='CMS Page Table'";

const DDL_CONFIG: &str = "CREATE TABLE `core_config_data` (
  `config_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Config Id',
  `scope` varchar(8) NOT NULL DEFAULT 'default' COMMENT 'Config Scope',
  `scope_id` int(11) NOT NULL DEFAULT '0' COMMENT 'Config Scope Id',
  `path` varchar(255) NOT NULL DEFAULT 'general' COMMENT 'Config Path',
  `value` text COMMENT 'Config Value',
  PRIMARY KEY (`config_id`),
  UNIQUE KEY `UNQ_CORE_CONFIG_DATA_SCOPE_SCOPE_ID_PATH` (`scope`,`scope_id`,`path`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Config Data'";

const DDL_STORE: &str = "CREATE TABLE `core_store` (
  `store_id` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Store Id',
  `code` varchar(32) DEFAULT NULL COMMENT 'Code',
  `website_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Website Id',
  `group_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Group Id',
  `name` varchar(255) NOT NULL COMMENT 'Store Name',
  `sort_order` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Store Sort Order',
  `is_active` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Store Activity',
  PRIMARY KEY (`store_id`),
  UNIQUE KEY `UNQ_CORE_STORE_CODE` (`code`),
  KEY `IDX_CORE_STORE_WEBSITE_ID` (`website_id`),
  KEY `IDX_CORE_STORE_IS_ACTIVE_SORT_ORDER` (`is_active`,`sort_order`),
  KEY `IDX_CORE_STORE_GROUP_ID` (`group_id`),
  CONSTRAINT `FK_CORE_STORE_GROUP_ID_CORE_STORE_GROUP_GROUP_ID` FOREIGN KEY (`group_id`) REFERENCES `core_store_group` (`group_id`) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT `FK_CORE_STORE_WEBSITE_ID_CORE_WEBSITE_WEBSITE_ID` FOREIGN KEY (`website_id`) REFERENCES `core_website` (`website_id`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Stores'";

const DDL_STORE_GROUP: &str = "CREATE TABLE `core_store_group` (
  `group_id` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Group Id',
  `website_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Website Id',
  `name` varchar(255) NOT NULL COMMENT 'Store Group Name',
  `root_category_id` int(10) unsigned NOT NULL DEFAULT '0' COMMENT 'Root Category Id',
  `default_store_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Default Store Id',
  PRIMARY KEY (`group_id`),
  KEY `IDX_CORE_STORE_GROUP_WEBSITE_ID` (`website_id`),
  KEY `IDX_CORE_STORE_GROUP_DEFAULT_STORE_ID` (`default_store_id`),
  CONSTRAINT `FK_CORE_STORE_GROUP_WEBSITE_ID_CORE_WEBSITE_WEBSITE_ID` FOREIGN KEY (`website_id`) REFERENCES `core_website` (`website_id`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Store Groups'";

const DDL_URL_REWRITE: &str = "CREATE TABLE `core_url_rewrite` (
  `url_rewrite_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Rewrite Id',
  `store_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Store Id',
  `id_path` varchar(255) DEFAULT NULL COMMENT 'Id Path',
  `request_path` varchar(255) DEFAULT NULL COMMENT 'Request Path',
  `target_path` varchar(255) DEFAULT NULL COMMENT 'Target Path',
  `is_system` smallint(5) unsigned DEFAULT '1' COMMENT 'Defines is Rewrite System',
  `options` varchar(255) DEFAULT NULL COMMENT 'Options',
  `description` varchar(255) DEFAULT NULL COMMENT 'Deascription',
  `category_id` int(10) unsigned DEFAULT NULL COMMENT 'Category Id',
  `product_id` int(10) unsigned DEFAULT NULL COMMENT 'Product Id',
  PRIMARY KEY (`url_rewrite_id`),
  UNIQUE KEY `UNQ_CORE_URL_REWRITE_REQUEST_PATH_STORE_ID` (`request_path`,`store_id`),
  UNIQUE KEY `UNQ_CORE_URL_REWRITE_ID_PATH_IS_SYSTEM_STORE_ID` (`id_path`,`is_system`,`store_id`),
  KEY `IDX_CORE_URL_REWRITE_TARGET_PATH_STORE_ID` (`target_path`,`store_id`),
  KEY `IDX_CORE_URL_REWRITE_ID_PATH` (`id_path`),
  KEY `IDX_CORE_URL_REWRITE_STORE_ID` (`store_id`),
  KEY `FK_CORE_URL_REWRITE_CTGR_ID_CAT_CTGR_ENTT_ENTT_ID` (`category_id`),
  KEY `FK_CORE_URL_REWRITE_PRODUCT_ID_CATALOG_CATEGORY_ENTITY_ENTITY_ID` (`product_id`),
  CONSTRAINT `FK_CORE_URL_REWRITE_CTGR_ID_CAT_CTGR_ENTT_ENTT_ID` FOREIGN KEY (`category_id`) REFERENCES `catalog_category_entity` (`entity_id`) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT `FK_CORE_URL_REWRITE_PRODUCT_ID_CATALOG_CATEGORY_ENTITY_ENTITY_ID` FOREIGN KEY (`product_id`) REFERENCES `catalog_product_entity` (`entity_id`) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT `FK_CORE_URL_REWRITE_STORE_ID_CORE_STORE_STORE_ID` FOREIGN KEY (`store_id`) REFERENCES `core_store` (`store_id`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Url Rewrites'";

const DDL_WEBSITE: &str = "CREATE TABLE `core_website` (
  `website_id` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Website Id',
  `code` varchar(32) DEFAULT NULL COMMENT 'Code',
  `name` varchar(64) DEFAULT NULL COMMENT 'Website Name',
  `sort_order` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Sort Order',
  `default_group_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Default Group Id',
  `is_default` smallint(5) unsigned DEFAULT '0' COMMENT 'Defines Is Website Default',
  PRIMARY KEY (`website_id`),
  UNIQUE KEY `UNQ_CORE_WEBSITE_CODE` (`code`),
  KEY `IDX_CORE_WEBSITE_SORT_ORDER` (`sort_order`),
  KEY `IDX_CORE_WEBSITE_DEFAULT_GROUP_ID` (`default_group_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Websites'";

const DDL_ADDRESS: &str = "CREATE TABLE `customer_address_entity` (
  `entity_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Entity Id',
  `entity_type_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Entity Type Id',
  `attribute_set_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Attribute Set Id',
  `increment_id` varchar(50) DEFAULT NULL COMMENT 'Increment Id',
  `parent_id` int(10) unsigned DEFAULT NULL COMMENT 'Parent Id',
  `created_at` timestamp NOT NULL DEFAULT '0000-00-00 00:00:00' COMMENT 'Created At',
  `updated_at` timestamp NOT NULL DEFAULT '0000-00-00 00:00:00' COMMENT 'Updated At',
  `is_active` smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Is Active',
  PRIMARY KEY (`entity_id`),
  KEY `IDX_CUSTOMER_ADDRESS_ENTITY_PARENT_ID` (`parent_id`),
  CONSTRAINT `FK_CUSTOMER_ADDRESS_ENTITY_PARENT_ID_CUSTOMER_ENTITY_ENTITY_ID` FOREIGN KEY (`parent_id`) REFERENCES `customer_entity` (`entity_id`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Customer Address Entity'";

const DDL_CUSTOMER: &str = "CREATE TABLE `customer_entity` (
  `entity_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Entity Id',
  `entity_type_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Entity Type Id',
  `attribute_set_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Attribute Set Id',
  `website_id` smallint(5) unsigned DEFAULT NULL COMMENT 'Website Id',
  `email` varchar(255) DEFAULT NULL COMMENT 'Email',
  `group_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Group Id',
  `increment_id` varchar(50) DEFAULT NULL COMMENT 'Increment Id',
  `store_id` smallint(5) unsigned DEFAULT '0' COMMENT 'Store Id',
  `created_at` timestamp NOT NULL DEFAULT '0000-00-00 00:00:00' COMMENT 'Created At',
  `updated_at` timestamp NOT NULL DEFAULT '0000-00-00 00:00:00' COMMENT 'Updated At',
  `is_active` smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Is Active',
  `disable_auto_group_change` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Disable automatic group change based on VAT ID',
  PRIMARY KEY (`entity_id`),
  UNIQUE KEY `UNQ_CUSTOMER_ENTITY_EMAIL_WEBSITE_ID` (`email`,`website_id`),
  KEY `IDX_CUSTOMER_ENTITY_STORE_ID` (`store_id`),
  KEY `IDX_CUSTOMER_ENTITY_ENTITY_TYPE_ID` (`entity_type_id`),
  KEY `IDX_CUSTOMER_ENTITY_EMAIL_WEBSITE_ID` (`email`,`website_id`),
  KEY `IDX_CUSTOMER_ENTITY_WEBSITE_ID` (`website_id`),
  CONSTRAINT `FK_CUSTOMER_ENTITY_STORE_ID_CORE_STORE_STORE_ID` FOREIGN KEY (`store_id`) REFERENCES `core_store` (`store_id`) ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT `FK_CUSTOMER_ENTITY_WEBSITE_ID_CORE_WEBSITE_WEBSITE_ID` FOREIGN KEY (`website_id`) REFERENCES `core_website` (`website_id`) ON DELETE SET NULL ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Customer Entity'";

const DDL_EAV_ATTRIBUTE: &str = "CREATE TABLE `eav_attribute` (
  `attribute_id` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Attribute Id',
  `entity_type_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Entity Type Id',
  `attribute_code` varchar(255) DEFAULT NULL COMMENT 'Attribute Code',
  `attribute_model` varchar(255) DEFAULT NULL COMMENT 'Attribute Model',
  `backend_model` varchar(255) DEFAULT NULL COMMENT 'Backend Model',
  `backend_type` varchar(8) NOT NULL DEFAULT 'static' COMMENT 'Backend Type',
  `backend_table` varchar(255) DEFAULT NULL COMMENT 'Backend Table',
  `frontend_model` varchar(255) DEFAULT NULL COMMENT 'Frontend Model',
  `frontend_input` varchar(50) DEFAULT NULL COMMENT 'Frontend Input',
  `frontend_label` varchar(255) DEFAULT NULL COMMENT 'Frontend Label',
  `frontend_class` varchar(255) DEFAULT NULL COMMENT 'Frontend Class',
  `source_model` varchar(255) DEFAULT NULL COMMENT 'Source Model',
  `is_required` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Defines Is Required',
  `is_user_defined` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Defines Is User Defined',
  `default_value` text COMMENT 'Default Value',
  `is_unique` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Defines Is Unique',
  `note` varchar(255) DEFAULT NULL COMMENT 'Note',
  PRIMARY KEY (`attribute_id`),
  UNIQUE KEY `UNQ_EAV_ATTRIBUTE_ENTITY_TYPE_ID_ATTRIBUTE_CODE` (`entity_type_id`,`attribute_code`),
  KEY `IDX_EAV_ATTRIBUTE_ENTITY_TYPE_ID` (`entity_type_id`),
  CONSTRAINT `FK_EAV_ATTRIBUTE_ENTITY_TYPE_ID_EAV_ENTITY_TYPE_ENTITY_TYPE_ID` FOREIGN KEY (`entity_type_id`) REFERENCES `eav_entity_type` (`entity_type_id`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Eav Attribute'";

const DDL_EAV_ENTITY_TYPE: &str = "CREATE TABLE `eav_entity_type` (
  `entity_type_id` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Entity Type Id',
  `entity_type_code` varchar(50) NOT NULL COMMENT 'Entity Type Code',
  `entity_model` varchar(255) NOT NULL COMMENT 'Entity Model',
  `attribute_model` varchar(255) DEFAULT NULL COMMENT 'Attribute Model',
  `entity_table` varchar(255) DEFAULT NULL COMMENT 'Entity Table',
  `value_table_prefix` varchar(255) DEFAULT NULL COMMENT 'Value Table Prefix',
  `entity_id_field` varchar(255) DEFAULT NULL COMMENT 'Entity Id Field',
  `is_data_sharing` smallint(5) unsigned NOT NULL DEFAULT '1' COMMENT 'Defines Is Data Sharing',
  `data_sharing_key` varchar(100) DEFAULT 'default' COMMENT 'Data Sharing Key',
  `default_attribute_set_id` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Default Attribute Set Id',
  `increment_model` varchar(255) DEFAULT '' COMMENT 'Increment Model',
  `increment_per_store` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Increment Per Store',
  `increment_pad_length` smallint(5) unsigned NOT NULL DEFAULT '8' COMMENT 'Increment Pad Length',
  `increment_pad_char` varchar(1) NOT NULL DEFAULT '0' COMMENT 'Increment Pad Char',
  `additional_attribute_table` varchar(255) DEFAULT '' COMMENT 'Additional Attribute Table',
  `entity_attribute_collection` varchar(255) DEFAULT NULL COMMENT 'Entity Attribute Collection',
  PRIMARY KEY (`entity_type_id`),
  KEY `IDX_EAV_ENTITY_TYPE_ENTITY_TYPE_CODE` (`entity_type_code`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Eav Entity Type'";

const DDL_SESSION: &str = "CREATE TABLE `core_session` (
  `session_id` varchar(255) NOT NULL COMMENT 'Session Id',
  `session_expires` int(10) unsigned NOT NULL DEFAULT '0' COMMENT 'Date of Session Expiration',
  `session_data` mediumblob NOT NULL COMMENT 'Session Data',
  PRIMARY KEY (`session_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Database Sessions Storage'";

const DDL_LOG_URL: &str = "CREATE TABLE `log_url` (
  `url_id` bigint(20) unsigned NOT NULL DEFAULT '0' COMMENT 'URL ID',
  `visitor_id` bigint(20) unsigned DEFAULT NULL COMMENT 'Visitor ID',
  `visit_time` timestamp NOT NULL DEFAULT '0000-00-00 00:00:00' COMMENT 'Visit Time',
  KEY `IDX_LOG_URL_VISITOR_ID` (`visitor_id`),
  KEY `url_id` (`url_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Log URL Table'";

const DDL_LOG_VISITOR: &str = "CREATE TABLE `log_visitor` (
  `visitor_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Visitor ID',
  `session_id` varchar(64) DEFAULT NULL COMMENT 'Session ID',
  `first_visit_at` timestamp NULL DEFAULT NULL COMMENT 'First Visit Time',
  `last_visit_at` timestamp NOT NULL DEFAULT '0000-00-00 00:00:00' COMMENT 'Last Visit Time',
  `last_url_id` bigint(20) unsigned NOT NULL DEFAULT '0' COMMENT 'Last URL ID',
  `store_id` smallint(5) unsigned NOT NULL COMMENT 'Store ID',
  PRIMARY KEY (`visitor_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Log Visitors Table'";

const DDL_LOG_VISITOR_INFO: &str = "CREATE TABLE `log_visitor_info` (
  `visitor_id` bigint(20) unsigned NOT NULL DEFAULT '0' COMMENT 'Visitor ID',
  `http_referer` varchar(255) DEFAULT NULL COMMENT 'HTTP Referrer',
  `http_user_agent` varchar(255) DEFAULT NULL COMMENT 'HTTP User-Agent',
  `http_accept_charset` varchar(255) DEFAULT NULL COMMENT 'HTTP Accept-Charset',
  `http_accept_language` varchar(255) DEFAULT NULL COMMENT 'HTTP Accept-Language',
  `server_addr` varbinary(16) DEFAULT NULL,
  `remote_addr` varbinary(16) DEFAULT NULL,
  PRIMARY KEY (`visitor_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Log Visitor Info Table'";

const DDL_NEWSLETTER: &str = "CREATE TABLE `newsletter_subscriber` (
  `subscriber_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Subscriber Id',
  `store_id` smallint(5) unsigned DEFAULT '0' COMMENT 'Store Id',
  `change_status_at` timestamp NULL DEFAULT NULL COMMENT 'Change Status At',
  `customer_id` int(10) unsigned NOT NULL DEFAULT '0' COMMENT 'Customer Id',
  `subscriber_email` varchar(150) DEFAULT NULL COMMENT 'Subscriber Email',
  `subscriber_status` int(11) NOT NULL DEFAULT '0' COMMENT 'Subscriber Status',
  `subscriber_confirm_code` varchar(32) DEFAULT 'NULL' COMMENT 'Subscriber Confirm Code',
  PRIMARY KEY (`subscriber_id`),
  KEY `IDX_NEWSLETTER_SUBSCRIBER_CUSTOMER_ID` (`customer_id`),
  KEY `IDX_NEWSLETTER_SUBSCRIBER_STORE_ID` (`store_id`),
  CONSTRAINT `FK_NEWSLETTER_SUBSCRIBER_STORE_ID_CORE_STORE_STORE_ID` FOREIGN KEY (`store_id`) REFERENCES `core_store` (`store_id`) ON DELETE SET NULL ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='Newsletter Subscriber'";

/// `sales_flat_order`: (column, SQL type) in table order; the generator writes the same order.
const ORDER_COLS: &[(&str, &str)] = &[
    ("entity_id", "int(10) unsigned NOT NULL AUTO_INCREMENT"),
    ("state", "varchar(32) DEFAULT NULL"),
    ("status", "varchar(32) DEFAULT NULL"),
    ("coupon_code", "varchar(255) DEFAULT NULL"),
    ("protect_code", "varchar(255) DEFAULT NULL"),
    ("shipping_description", "varchar(255) DEFAULT NULL"),
    ("is_virtual", "smallint(5) unsigned DEFAULT NULL"),
    ("store_id", "smallint(5) unsigned DEFAULT NULL"),
    ("customer_id", "int(10) unsigned DEFAULT NULL"),
    ("base_discount_amount", "decimal(12,4) DEFAULT NULL"),
    ("base_discount_canceled", "decimal(12,4) DEFAULT NULL"),
    ("base_discount_invoiced", "decimal(12,4) DEFAULT NULL"),
    ("base_discount_refunded", "decimal(12,4) DEFAULT NULL"),
    ("base_grand_total", "decimal(12,4) DEFAULT NULL"),
    ("base_shipping_amount", "decimal(12,4) DEFAULT NULL"),
    ("base_shipping_canceled", "decimal(12,4) DEFAULT NULL"),
    ("base_shipping_invoiced", "decimal(12,4) DEFAULT NULL"),
    ("base_shipping_refunded", "decimal(12,4) DEFAULT NULL"),
    ("base_shipping_tax_amount", "decimal(12,4) DEFAULT NULL"),
    ("base_shipping_tax_refunded", "decimal(12,4) DEFAULT NULL"),
    ("base_subtotal", "decimal(12,4) DEFAULT NULL"),
    ("base_subtotal_canceled", "decimal(12,4) DEFAULT NULL"),
    ("base_subtotal_invoiced", "decimal(12,4) DEFAULT NULL"),
    ("base_subtotal_refunded", "decimal(12,4) DEFAULT NULL"),
    ("base_tax_amount", "decimal(12,4) DEFAULT NULL"),
    ("base_tax_canceled", "decimal(12,4) DEFAULT NULL"),
    ("base_tax_invoiced", "decimal(12,4) DEFAULT NULL"),
    ("base_tax_refunded", "decimal(12,4) DEFAULT NULL"),
    ("base_to_global_rate", "decimal(12,4) DEFAULT NULL"),
    ("base_to_order_rate", "decimal(12,4) DEFAULT NULL"),
    ("base_total_canceled", "decimal(12,4) DEFAULT NULL"),
    ("base_total_invoiced", "decimal(12,4) DEFAULT NULL"),
    ("base_total_invoiced_cost", "decimal(12,4) DEFAULT NULL"),
    ("base_total_offline_refunded", "decimal(12,4) DEFAULT NULL"),
    ("base_total_online_refunded", "decimal(12,4) DEFAULT NULL"),
    ("base_total_paid", "decimal(12,4) DEFAULT NULL"),
    ("base_total_qty_ordered", "decimal(12,4) DEFAULT NULL"),
    ("base_total_refunded", "decimal(12,4) DEFAULT NULL"),
    ("discount_amount", "decimal(12,4) DEFAULT NULL"),
    ("grand_total", "decimal(12,4) DEFAULT NULL"),
    ("shipping_amount", "decimal(12,4) DEFAULT NULL"),
    ("shipping_tax_amount", "decimal(12,4) DEFAULT NULL"),
    ("store_to_base_rate", "decimal(12,4) DEFAULT NULL"),
    ("store_to_order_rate", "decimal(12,4) DEFAULT NULL"),
    ("subtotal", "decimal(12,4) DEFAULT NULL"),
    ("subtotal_invoiced", "decimal(12,4) DEFAULT NULL"),
    ("tax_amount", "decimal(12,4) DEFAULT NULL"),
    ("tax_invoiced", "decimal(12,4) DEFAULT NULL"),
    ("total_invoiced", "decimal(12,4) DEFAULT NULL"),
    ("total_paid", "decimal(12,4) DEFAULT NULL"),
    ("total_qty_ordered", "decimal(12,4) DEFAULT NULL"),
    ("total_refunded", "decimal(12,4) DEFAULT NULL"),
    ("customer_is_guest", "smallint(5) unsigned DEFAULT NULL"),
    ("customer_note_notify", "smallint(5) unsigned DEFAULT NULL"),
    ("billing_address_id", "int(11) DEFAULT NULL"),
    ("customer_group_id", "smallint(6) DEFAULT NULL"),
    ("email_sent", "smallint(5) unsigned DEFAULT NULL"),
    ("quote_id", "int(11) DEFAULT NULL"),
    ("shipping_address_id", "int(11) DEFAULT NULL"),
    ("base_subtotal_incl_tax", "decimal(12,4) DEFAULT NULL"),
    ("base_total_due", "decimal(12,4) DEFAULT NULL"),
    ("subtotal_incl_tax", "decimal(12,4) DEFAULT NULL"),
    ("total_due", "decimal(12,4) DEFAULT NULL"),
    ("weight", "decimal(12,4) DEFAULT NULL"),
    ("customer_dob", "datetime DEFAULT NULL"),
    ("increment_id", "varchar(50) DEFAULT NULL"),
    ("applied_rule_ids", "varchar(255) DEFAULT NULL"),
    ("base_currency_code", "varchar(3) DEFAULT NULL"),
    ("customer_email", "varchar(255) DEFAULT NULL"),
    ("customer_firstname", "varchar(255) DEFAULT NULL"),
    ("customer_lastname", "varchar(255) DEFAULT NULL"),
    ("customer_middlename", "varchar(255) DEFAULT NULL"),
    ("customer_prefix", "varchar(255) DEFAULT NULL"),
    ("customer_suffix", "varchar(255) DEFAULT NULL"),
    ("customer_taxvat", "varchar(255) DEFAULT NULL"),
    ("discount_description", "varchar(255) DEFAULT NULL"),
    ("global_currency_code", "varchar(3) DEFAULT NULL"),
    ("order_currency_code", "varchar(255) DEFAULT NULL"),
    ("remote_ip", "varchar(255) DEFAULT NULL"),
    ("shipping_method", "varchar(255) DEFAULT NULL"),
    ("store_currency_code", "varchar(3) DEFAULT NULL"),
    ("store_name", "varchar(255) DEFAULT NULL"),
    ("x_forwarded_for", "varchar(255) DEFAULT NULL"),
    ("customer_note", "text"),
    ("created_at", "timestamp NULL DEFAULT NULL"),
    ("updated_at", "timestamp NULL DEFAULT NULL"),
    (
        "total_item_count",
        "smallint(5) unsigned NOT NULL DEFAULT '0'",
    ),
    ("customer_gender", "int(11) DEFAULT NULL"),
    ("hidden_tax_amount", "decimal(12,4) DEFAULT NULL"),
    ("base_hidden_tax_amount", "decimal(12,4) DEFAULT NULL"),
    ("shipping_incl_tax", "decimal(12,4) DEFAULT NULL"),
    ("base_shipping_incl_tax", "decimal(12,4) DEFAULT NULL"),
    ("gift_message_id", "int(11) DEFAULT NULL"),
];

const ORDER_ITEM_COLS: &[(&str, &str)] = &[
    ("item_id", "int(10) unsigned NOT NULL AUTO_INCREMENT"),
    ("order_id", "int(10) unsigned NOT NULL DEFAULT '0'"),
    ("parent_item_id", "int(10) unsigned DEFAULT NULL"),
    ("quote_item_id", "int(10) unsigned DEFAULT NULL"),
    ("store_id", "smallint(5) unsigned DEFAULT NULL"),
    ("created_at", "timestamp NULL DEFAULT NULL"),
    ("updated_at", "timestamp NULL DEFAULT NULL"),
    ("product_id", "int(10) unsigned DEFAULT NULL"),
    ("product_type", "varchar(255) DEFAULT NULL"),
    ("product_options", "text"),
    ("weight", "decimal(12,4) DEFAULT '0.0000'"),
    ("is_virtual", "smallint(5) unsigned DEFAULT NULL"),
    ("sku", "varchar(255) DEFAULT NULL"),
    ("name", "varchar(255) DEFAULT NULL"),
    ("description", "text"),
    ("applied_rule_ids", "text"),
    ("additional_data", "text"),
    ("free_shipping", "smallint(5) unsigned NOT NULL DEFAULT '0'"),
    ("is_qty_decimal", "smallint(5) unsigned DEFAULT NULL"),
    ("no_discount", "smallint(5) unsigned NOT NULL DEFAULT '0'"),
    ("qty_backordered", "decimal(12,4) DEFAULT '0.0000'"),
    ("qty_canceled", "decimal(12,4) DEFAULT '0.0000'"),
    ("qty_invoiced", "decimal(12,4) DEFAULT '0.0000'"),
    ("qty_ordered", "decimal(12,4) DEFAULT '0.0000'"),
    ("qty_refunded", "decimal(12,4) DEFAULT '0.0000'"),
    ("qty_shipped", "decimal(12,4) DEFAULT '0.0000'"),
    ("base_cost", "decimal(12,4) DEFAULT '0.0000'"),
    ("price", "decimal(12,4) NOT NULL DEFAULT '0.0000'"),
    ("base_price", "decimal(12,4) NOT NULL DEFAULT '0.0000'"),
    ("original_price", "decimal(12,4) DEFAULT NULL"),
    ("base_original_price", "decimal(12,4) DEFAULT NULL"),
    ("tax_percent", "decimal(12,4) DEFAULT '0.0000'"),
    ("tax_amount", "decimal(12,4) DEFAULT '0.0000'"),
    ("base_tax_amount", "decimal(12,4) DEFAULT '0.0000'"),
    ("tax_invoiced", "decimal(12,4) DEFAULT '0.0000'"),
    ("base_tax_invoiced", "decimal(12,4) DEFAULT '0.0000'"),
    ("discount_percent", "decimal(12,4) DEFAULT '0.0000'"),
    ("discount_amount", "decimal(12,4) DEFAULT '0.0000'"),
    ("base_discount_amount", "decimal(12,4) DEFAULT '0.0000'"),
    ("discount_invoiced", "decimal(12,4) DEFAULT '0.0000'"),
    ("base_discount_invoiced", "decimal(12,4) DEFAULT '0.0000'"),
    ("amount_refunded", "decimal(12,4) DEFAULT '0.0000'"),
    ("base_amount_refunded", "decimal(12,4) DEFAULT '0.0000'"),
    ("row_total", "decimal(12,4) NOT NULL DEFAULT '0.0000'"),
    ("base_row_total", "decimal(12,4) NOT NULL DEFAULT '0.0000'"),
    ("row_invoiced", "decimal(12,4) NOT NULL DEFAULT '0.0000'"),
    (
        "base_row_invoiced",
        "decimal(12,4) NOT NULL DEFAULT '0.0000'",
    ),
    ("row_weight", "decimal(12,4) DEFAULT '0.0000'"),
    ("price_incl_tax", "decimal(12,4) DEFAULT NULL"),
    ("base_price_incl_tax", "decimal(12,4) DEFAULT NULL"),
    ("row_total_incl_tax", "decimal(12,4) DEFAULT NULL"),
    ("base_row_total_incl_tax", "decimal(12,4) DEFAULT NULL"),
    ("gift_message_id", "int(11) DEFAULT NULL"),
];

const ORDER_ADDRESS_COLS: &[(&str, &str)] = &[
    ("entity_id", "int(10) unsigned NOT NULL AUTO_INCREMENT"),
    ("parent_id", "int(10) unsigned DEFAULT NULL"),
    ("customer_address_id", "int(11) DEFAULT NULL"),
    ("quote_address_id", "int(11) DEFAULT NULL"),
    ("region_id", "int(11) DEFAULT NULL"),
    ("customer_id", "int(11) DEFAULT NULL"),
    ("fax", "varchar(255) DEFAULT NULL"),
    ("region", "varchar(255) DEFAULT NULL"),
    ("postcode", "varchar(255) DEFAULT NULL"),
    ("lastname", "varchar(255) DEFAULT NULL"),
    ("street", "varchar(255) DEFAULT NULL"),
    ("city", "varchar(255) DEFAULT NULL"),
    ("email", "varchar(255) DEFAULT NULL"),
    ("telephone", "varchar(255) DEFAULT NULL"),
    ("country_id", "varchar(2) DEFAULT NULL"),
    ("firstname", "varchar(255) DEFAULT NULL"),
    ("address_type", "varchar(255) DEFAULT NULL"),
    ("prefix", "varchar(255) DEFAULT NULL"),
    ("middlename", "varchar(255) DEFAULT NULL"),
    ("suffix", "varchar(255) DEFAULT NULL"),
    ("company", "varchar(255) DEFAULT NULL"),
    ("vat_id", "text"),
    ("vat_is_valid", "smallint(6) DEFAULT NULL"),
    ("vat_request_id", "text"),
    ("vat_request_date", "text"),
    ("vat_request_success", "smallint(6) DEFAULT NULL"),
];

const ORDER_PAYMENT_COLS: &[(&str, &str)] = &[
    ("entity_id", "int(10) unsigned NOT NULL AUTO_INCREMENT"),
    ("parent_id", "int(10) unsigned NOT NULL"),
    ("base_shipping_captured", "decimal(12,4) DEFAULT NULL"),
    ("shipping_captured", "decimal(12,4) DEFAULT NULL"),
    ("amount_refunded", "decimal(12,4) DEFAULT NULL"),
    ("base_amount_paid", "decimal(12,4) DEFAULT NULL"),
    ("amount_canceled", "decimal(12,4) DEFAULT NULL"),
    ("base_amount_authorized", "decimal(12,4) DEFAULT NULL"),
    ("base_amount_paid_online", "decimal(12,4) DEFAULT NULL"),
    ("base_amount_refunded_online", "decimal(12,4) DEFAULT NULL"),
    ("base_shipping_amount", "decimal(12,4) DEFAULT NULL"),
    ("shipping_amount", "decimal(12,4) DEFAULT NULL"),
    ("amount_paid", "decimal(12,4) DEFAULT NULL"),
    ("amount_authorized", "decimal(12,4) DEFAULT NULL"),
    ("base_amount_ordered", "decimal(12,4) DEFAULT NULL"),
    ("base_shipping_refunded", "decimal(12,4) DEFAULT NULL"),
    ("shipping_refunded", "decimal(12,4) DEFAULT NULL"),
    ("base_amount_refunded", "decimal(12,4) DEFAULT NULL"),
    ("amount_ordered", "decimal(12,4) DEFAULT NULL"),
    ("base_amount_canceled", "decimal(12,4) DEFAULT NULL"),
    ("quote_payment_id", "int(11) DEFAULT NULL"),
    ("additional_data", "text"),
    ("cc_exp_month", "varchar(255) DEFAULT NULL"),
    ("cc_ss_start_year", "varchar(255) DEFAULT NULL"),
    ("echeck_bank_name", "varchar(255) DEFAULT NULL"),
    ("method", "varchar(255) DEFAULT NULL"),
    ("cc_debug_request_body", "varchar(255) DEFAULT NULL"),
    ("cc_secure_verify", "varchar(255) DEFAULT NULL"),
    ("protection_eligibility", "varchar(255) DEFAULT NULL"),
    ("cc_approval", "varchar(255) DEFAULT NULL"),
    ("cc_last4", "varchar(255) DEFAULT NULL"),
    ("cc_status_description", "varchar(255) DEFAULT NULL"),
    ("echeck_type", "varchar(255) DEFAULT NULL"),
    ("cc_debug_response_serialized", "varchar(255) DEFAULT NULL"),
    ("cc_ss_start_month", "varchar(255) DEFAULT NULL"),
    ("echeck_account_type", "varchar(255) DEFAULT NULL"),
    ("last_trans_id", "varchar(255) DEFAULT NULL"),
    ("cc_cid_status", "varchar(255) DEFAULT NULL"),
    ("cc_owner", "varchar(255) DEFAULT NULL"),
    ("cc_type", "varchar(255) DEFAULT NULL"),
    ("po_number", "varchar(255) DEFAULT NULL"),
    ("cc_exp_year", "varchar(255) DEFAULT NULL"),
    ("cc_status", "varchar(255) DEFAULT NULL"),
    ("echeck_routing_number", "varchar(255) DEFAULT NULL"),
    ("account_status", "varchar(255) DEFAULT NULL"),
    ("anet_trans_method", "varchar(255) DEFAULT NULL"),
    ("cc_debug_response_body", "varchar(255) DEFAULT NULL"),
    ("cc_ss_issue", "varchar(255) DEFAULT NULL"),
    ("echeck_account_name", "varchar(255) DEFAULT NULL"),
    ("cc_avs_status", "varchar(255) DEFAULT NULL"),
    ("cc_number_enc", "varchar(255) DEFAULT NULL"),
    ("cc_trans_id", "varchar(255) DEFAULT NULL"),
    ("paybox_request_number", "varchar(255) DEFAULT NULL"),
    ("address_status", "varchar(255) DEFAULT NULL"),
    ("additional_information", "text"),
];

const ORDER_GRID_COLS: &[(&str, &str)] = &[
    ("entity_id", "int(10) unsigned NOT NULL"),
    ("status", "varchar(32) DEFAULT NULL"),
    ("store_id", "smallint(5) unsigned DEFAULT NULL"),
    ("store_name", "varchar(255) DEFAULT NULL"),
    ("customer_id", "int(10) unsigned DEFAULT NULL"),
    ("base_grand_total", "decimal(12,4) DEFAULT NULL"),
    ("base_total_paid", "decimal(12,4) DEFAULT NULL"),
    ("grand_total", "decimal(12,4) DEFAULT NULL"),
    ("total_paid", "decimal(12,4) DEFAULT NULL"),
    ("increment_id", "varchar(50) DEFAULT NULL"),
    ("base_currency_code", "varchar(3) DEFAULT NULL"),
    ("order_currency_code", "varchar(255) DEFAULT NULL"),
    ("shipping_name", "varchar(255) DEFAULT NULL"),
    ("billing_name", "varchar(255) DEFAULT NULL"),
    ("created_at", "timestamp NULL DEFAULT NULL"),
    ("updated_at", "timestamp NULL DEFAULT NULL"),
];

const QUOTE_COLS: &[(&str, &str)] = &[
    ("entity_id", "int(10) unsigned NOT NULL AUTO_INCREMENT"),
    ("store_id", "smallint(5) unsigned NOT NULL DEFAULT '0'"),
    (
        "created_at",
        "timestamp NOT NULL DEFAULT '0000-00-00 00:00:00'",
    ),
    (
        "updated_at",
        "timestamp NOT NULL DEFAULT '0000-00-00 00:00:00'",
    ),
    ("converted_at", "timestamp NULL DEFAULT NULL"),
    ("is_active", "smallint(5) unsigned DEFAULT '1'"),
    ("is_virtual", "smallint(5) unsigned DEFAULT '0'"),
    ("is_multi_shipping", "smallint(5) unsigned DEFAULT '0'"),
    ("items_count", "int(10) unsigned DEFAULT '0'"),
    ("items_qty", "decimal(12,4) DEFAULT '0.0000'"),
    ("orig_order_id", "int(10) unsigned DEFAULT '0'"),
    ("store_to_base_rate", "decimal(12,4) DEFAULT '0.0000'"),
    ("store_to_quote_rate", "decimal(12,4) DEFAULT '0.0000'"),
    ("base_currency_code", "varchar(255) DEFAULT NULL"),
    ("store_currency_code", "varchar(255) DEFAULT NULL"),
    ("quote_currency_code", "varchar(255) DEFAULT NULL"),
    ("grand_total", "decimal(12,4) DEFAULT '0.0000'"),
    ("base_grand_total", "decimal(12,4) DEFAULT '0.0000'"),
    ("checkout_method", "varchar(255) DEFAULT NULL"),
    ("customer_id", "int(10) unsigned DEFAULT '0'"),
    ("customer_tax_class_id", "int(10) unsigned DEFAULT '0'"),
    ("customer_group_id", "int(10) unsigned DEFAULT '0'"),
    ("customer_email", "varchar(255) DEFAULT NULL"),
    ("customer_prefix", "varchar(40) DEFAULT NULL"),
    ("customer_firstname", "varchar(255) DEFAULT NULL"),
    ("customer_middlename", "varchar(40) DEFAULT NULL"),
    ("customer_lastname", "varchar(255) DEFAULT NULL"),
    ("customer_suffix", "varchar(40) DEFAULT NULL"),
    ("customer_dob", "datetime DEFAULT NULL"),
    ("customer_note", "varchar(255) DEFAULT NULL"),
    ("customer_note_notify", "smallint(5) unsigned DEFAULT '1'"),
    ("customer_is_guest", "smallint(5) unsigned DEFAULT '0'"),
    ("remote_ip", "varchar(32) DEFAULT NULL"),
    ("applied_rule_ids", "varchar(255) DEFAULT NULL"),
    ("reserved_order_id", "varchar(64) DEFAULT NULL"),
    ("password_hash", "varchar(255) DEFAULT NULL"),
    ("coupon_code", "varchar(255) DEFAULT NULL"),
    ("global_currency_code", "varchar(255) DEFAULT NULL"),
    ("base_to_global_rate", "decimal(12,4) DEFAULT NULL"),
    ("base_to_quote_rate", "decimal(12,4) DEFAULT NULL"),
    ("customer_taxvat", "varchar(255) DEFAULT NULL"),
    ("customer_gender", "varchar(255) DEFAULT NULL"),
    ("subtotal", "decimal(12,4) DEFAULT NULL"),
    ("base_subtotal", "decimal(12,4) DEFAULT NULL"),
    ("subtotal_with_discount", "decimal(12,4) DEFAULT NULL"),
    ("base_subtotal_with_discount", "decimal(12,4) DEFAULT NULL"),
    ("is_changed", "int(10) unsigned DEFAULT NULL"),
    ("trigger_recollect", "smallint(6) NOT NULL DEFAULT '0'"),
    ("ext_shipping_info", "text"),
    ("gift_message_id", "int(11) DEFAULT NULL"),
    ("is_persistent", "smallint(5) unsigned DEFAULT '0'"),
];

/// A CREATE TABLE from a column list, with a primary key, plain keys and foreign keys.
fn columns_ddl(
    table: &str,
    cols: &[(&str, &str)],
    pk: &str,
    keys: &[&str],
    fks: &[(&str, &str, &str)],
    comment: &str,
) -> String {
    let up = table.to_ascii_uppercase();
    let mut s = format!("CREATE TABLE `{table}` (\n");
    for (name, ty) in cols {
        let label: String = name
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        s.push_str(&format!("  `{name}` {ty} COMMENT '{label}',\n"));
    }
    s.push_str(&format!("  PRIMARY KEY (`{pk}`)"));
    for k in keys {
        s.push_str(&format!(
            ",\n  KEY `{}` (`{k}`)",
            key_name(&format!("IDX_{up}_{}", k.to_ascii_uppercase()))
        ));
    }
    for (col, rt, rc) in fks {
        let fk = format!(
            "FK_{up}_{}_{}_{}",
            col.to_ascii_uppercase(),
            rt.to_ascii_uppercase(),
            rc.to_ascii_uppercase()
        );
        s.push_str(&format!(
            ",\n  CONSTRAINT `{}` FOREIGN KEY (`{col}`) REFERENCES `{rt}` (`{rc}`) ON DELETE CASCADE ON UPDATE CASCADE",
            key_name(&fk)
        ));
    }
    s.push_str(&format!(
        "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='{comment}'"
    ));
    s
}

// ---------------------------------------------------------------------------------------
// Rows of each table
// ---------------------------------------------------------------------------------------

/// EAV value ids of a store that has re-saved its catalog for years are 7–8 digits.
const VALUE_ID_BASE: u64 = 4_000_000;

/// An EAV cursor: row `i` of a value table with `per` attributes per entity over `n`
/// entities; later passes are store-view overrides (stores 1, 2, 3).
#[inline]
fn eav_pos(i: u64, per: u64, n: u64) -> (u64, u64, u64) {
    let n = n.max(1);
    let a = i % per;
    let e = (i / per) % n + 1;
    let store = (i / per / n) % 4;
    (store, e, a)
}

fn row_category(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    let level = if id <= 2 { id - 1 } else { 2 + (id % 3) };
    let parent = if id <= 2 { id - 1 } else { 2 + (id / 10) };
    r.u(id);
    r.u(3);
    r.u(3);
    r.u(parent);
    let t = g.time_at(i, g.categories);
    r.dt(t);
    r.dt(t + g.rng.below(SPAN / 4));
    r.with(|b| {
        b.extend_from_slice(b"1/2/");
        push_u64(b, parent);
        b.push(b'/');
        push_u64(b, id);
    });
    r.u(g.rng.range(1, 40));
    r.u(level);
    r.u(g.rng.below(30));
}

const CAT_VARCHAR_ATTRS: &[u64] = &[41, 43, 46, 49, 57, 60];

fn row_category_varchar(g: &mut Gen, i: u64, r: &mut Row) {
    let per = CAT_VARCHAR_ATTRS.len() as u64;
    let (store, e, a) = eav_pos(i, per, g.categories);
    let attr = CAT_VARCHAR_ATTRS[a as usize];
    r.u(VALUE_ID_BASE + i);
    r.u(3);
    r.u(attr);
    r.u(store);
    r.u(e);
    match attr {
        41 => {
            let s = g.p.cat_name.esc_at(e as usize);
            r.s(s)
        }
        43 => {
            let s = g.p.cat_slug.esc_at(e as usize);
            r.with(|b| {
                b.extend_from_slice(s);
                b.push(b'-');
                push_u64(b, e);
            })
        }
        57 => {
            let s = g.p.cat_slug.esc_at(e as usize);
            r.with(|b| {
                b.extend_from_slice(s);
                b.push(b'-');
                push_u64(b, e);
                b.extend_from_slice(b".html");
            })
        }
        49 => r.s(b"PRODUCTS"),
        60 => {
            if g.rng.chance(500) {
                r.null()
            } else {
                r.s(b"two_columns_left")
            }
        }
        _ => r.null(),
    }
}

/// Products per category in `catalog_category_product`.
const PER_CATEGORY: u64 = 60;

/// In primary-key order (category, product), as mysqldump reads InnoDB tables.
fn row_category_product(g: &mut Gen, i: u64, r: &mut Row) {
    let c = 3 + i / PER_CATEGORY;
    let j = i % PER_CATEGORY;
    let stride = (g.products / PER_CATEGORY).max(1);
    r.u(c);
    r.u(1 + (c * 131) % stride + j * stride);
    r.u(g.rng.below(100));
}

const SKU_PREFIX: &[&[u8]] = &[
    b"MSJ", b"WSH", b"ACC", b"HDE", b"abl", b"VID", b"ELC", b"PWC",
];

fn row_product(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    r.u(id);
    r.u(4);
    r.u(*[4u64, 9, 10, 11, 12, 13]
        .get(g.rng.below(6) as usize)
        .unwrap_or(&4));
    let ty: &[u8] = match g.rng.below(20) {
        0..=14 => b"simple",
        15..=17 => b"configurable",
        18 => b"virtual",
        _ => b"bundle",
    };
    r.s(ty);
    let pre = SKU_PREFIX[(id % SKU_PREFIX.len() as u64) as usize];
    r.with(|b| {
        b.extend_from_slice(pre);
        push_u64(b, 100_000 + id);
        if id.is_multiple_of(5) {
            b.extend_from_slice(b"-XL");
        }
    });
    let opt = u64::from(g.rng.chance(150));
    r.u(opt);
    r.u(opt);
    let t = g.time_at(i, g.products);
    r.dt(t);
    r.dt(t + g.rng.below(SPAN / 3));
}

const PRD_DATETIME_ATTRS: &[u64] = &[77, 78, 93, 94];

fn row_product_datetime(g: &mut Gen, i: u64, r: &mut Row) {
    let (store, e, a) = eav_pos(i, PRD_DATETIME_ATTRS.len() as u64, g.products);
    r.u(VALUE_ID_BASE + i);
    r.u(4);
    r.u(PRD_DATETIME_ATTRS[a as usize]);
    r.u(store);
    r.u(e);
    if g.rng.chance(300) {
        r.null();
    } else {
        let day = (EPOCH + g.rng.below(SPAN)) / 86_400 * 86_400;
        r.dt(day);
    }
}

const PRD_DECIMAL_ATTRS: &[u64] = &[75, 76, 79, 80, 120];

fn row_product_decimal(g: &mut Gen, i: u64, r: &mut Row) {
    let (store, e, a) = eav_pos(i, PRD_DECIMAL_ATTRS.len() as u64, g.products);
    let attr = PRD_DECIMAL_ATTRS[a as usize];
    r.u(VALUE_ID_BASE + i);
    r.u(4);
    r.u(attr);
    r.u(store);
    r.u(e);
    match attr {
        75 => {
            r.money(g.rng.range(99, 99_999) / 100 * 100 + 99 - 100 * u64::from(g.rng.chance(100)))
        }
        76 | 79 | 120 => {
            if g.rng.chance(700) {
                r.null()
            } else {
                r.money(g.rng.range(99, 50_000))
            }
        }
        _ => r.dec(g.rng.range(1, 250) * 1000),
    }
}

const PRD_INT_ATTRS: &[u64] = &[81, 92, 96, 102, 121, 123, 124];

fn row_product_int(g: &mut Gen, i: u64, r: &mut Row) {
    let (store, e, a) = eav_pos(i, PRD_INT_ATTRS.len() as u64, g.products);
    let attr = PRD_INT_ATTRS[a as usize];
    r.u(VALUE_ID_BASE + i);
    r.u(4);
    r.u(attr);
    r.u(store);
    r.u(e);
    match attr {
        81 => r.u(g.rng.range(3, 40)),
        92 => r.u(g.rng.range(14, 31)),
        96 => r.u(1 + u64::from(g.rng.chance(80))),
        102 => r.u(if g.rng.chance(300) { 1 } else { 4 }),
        121 => r.u(if g.rng.chance(100) { 0 } else { 2 }),
        _ => r.u(u64::from(g.rng.chance(500))),
    }
}

const PRD_TEXT_ATTRS: &[u64] = &[72, 73, 83, 106];

fn row_product_text(g: &mut Gen, i: u64, r: &mut Row) {
    let (store, e, a) = eav_pos(i, PRD_TEXT_ATTRS.len() as u64, g.products);
    let attr = PRD_TEXT_ATTRS[a as usize];
    r.u(VALUE_ID_BASE + i);
    r.u(4);
    r.u(attr);
    r.u(store);
    r.u(e);
    match attr {
        72 => {
            let n = g.rng.range(1, 8);
            r.with(|b| g.html(b, n))
        }
        73 => {
            let s = g.p.para.pick(&mut g.rng);
            r.s(s)
        }
        83 => {
            let n = g.rng.range(1, 5);
            r.with(|b| {
                for k in 0..n {
                    if k > 0 {
                        b.extend_from_slice(b", ");
                    }
                    b.extend_from_slice(g.p.meta.pick(&mut g.rng));
                }
            })
        }
        _ => {
            if g.rng.chance(900) {
                r.null()
            } else {
                r.s(b"<reference name=\\\"head\\\">\\n  <action method=\\\"addCss\\\"><stylesheet>css/custom.css</stylesheet></action>\\n</reference>")
            }
        }
    }
}

const PRD_VARCHAR_ATTRS: &[u64] = &[71, 82, 85, 86, 87, 97, 98, 109, 112];

fn row_product_varchar(g: &mut Gen, i: u64, r: &mut Row) {
    let (store, e, a) = eav_pos(i, PRD_VARCHAR_ATTRS.len() as u64, g.products);
    let attr = PRD_VARCHAR_ATTRS[a as usize];
    r.u(VALUE_ID_BASE + i);
    r.u(4);
    r.u(attr);
    r.u(store);
    r.u(e);
    match attr {
        71 => r.with(|b| g.product_name(b)),
        82 => {
            if g.rng.chance(600) {
                r.null()
            } else {
                r.with(|b| {
                    g.product_name(b);
                    b.extend_from_slice(b" | My Shop");
                })
            }
        }
        85..=87 => {
            if g.rng.chance(100) {
                r.s(b"no_selection")
            } else {
                r.with(|b| {
                    let mut s = Vec::with_capacity(0);
                    std::mem::swap(&mut s, &mut g.scratch);
                    s.clear();
                    g.slug(&mut s, e);
                    b.push(b'/');
                    b.push(s[0]);
                    b.push(b'/');
                    b.push(s[1]);
                    b.push(b'/');
                    b.extend_from_slice(&s);
                    b.extend_from_slice(b".jpg");
                    std::mem::swap(&mut s, &mut g.scratch);
                })
            }
        }
        97 => r.with(|b| g.slug(b, e)),
        98 => r.with(|b| {
            g.slug(b, e);
            b.extend_from_slice(b".html");
        }),
        109 => r.s(b"container2"),
        _ => {
            if g.rng.chance(700) {
                r.null()
            } else {
                r.with(|b| g.product_name(b))
            }
        }
    }
}

fn row_stock_item(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    r.u(id);
    r.u(id);
    r.u(1);
    let qty = g.rng.below(1000);
    r.dec(qty * 10_000);
    r.dec(0);
    r.u(1);
    r.u(0);
    r.u(0);
    r.u(1);
    r.dec(10_000);
    r.u(1);
    r.dec(0);
    r.u(1);
    r.u(u64::from(qty > 0));
    if qty == 0 {
        let t = g.time_at(i, g.products);
        r.dt(t);
    } else {
        r.null();
    }
    r.null();
    r.u(1);
    r.u(0);
    r.u(1);
    r.u(0);
    r.u(1);
    r.dec(0);
    r.u(1);
    r.u(0);
    r.u(0);
}

fn row_cms_page(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    r.u(id);
    r.with(|b| {
        b.extend_from_slice(g.p.cat_name.esc_at(i as usize));
        b.extend_from_slice(" \u{2014} Page ".as_bytes());
        push_u64(b, id);
    });
    r.s(b"two_columns_right");
    r.with(|b| {
        b.extend_from_slice(g.p.meta.pick(&mut g.rng));
        b.extend_from_slice(b", ");
        b.extend_from_slice(g.p.meta.pick(&mut g.rng));
    });
    let d = g.p.para.pick(&mut g.rng);
    r.s(d);
    r.with(|b| {
        b.extend_from_slice(b"page-");
        push_u64(b, id);
    });
    r.null();
    let page = g.p.page.pick(&mut g.rng);
    r.s(page);
    let t = g.time_at(i, 200);
    r.dt(t);
    r.dt(t + 86_400 * 30);
    r.u(1);
    r.u(0);
    if g.rng.chance(300) {
        r.s(b"<!--<reference name=\\\"content\\\">\\r\\n</reference>-->");
    } else {
        r.null();
    }
    r.null();
    r.null();
    r.null();
    if g.rng.chance(100) {
        r.date(t);
        r.date(t + 86_400 * 7);
    } else {
        r.null();
        r.null();
    }
}

fn row_config(g: &mut Gen, i: u64, r: &mut Row) {
    r.u(i + 1);
    let scope_kind = i % 7;
    let (scope, scope_id): (&[u8], u64) = match scope_kind {
        0..=3 => (b"default", 0),
        4 | 5 => (b"stores", 1 + i % 3),
        _ => (b"websites", 1 + i % 2),
    };
    r.s(scope);
    r.u(scope_id);
    let path = g.p.config_path.esc_at(i as usize);
    r.with(|b| {
        b.extend_from_slice(path);
        if i >= CONFIG_PATHS.len() as u64 {
            b.extend_from_slice(b"_");
            push_u64(b, i);
        }
    });
    match i % 13 {
        0 => r.s(b"http://shop.example.com/"),
        1 => r.null(),
        2 => r.s("CafÃ© Boutique â€“ Paris".as_bytes()), // mojibake, still valid UTF-8
        3 => r.s(b"123 Main Street\\r\\nSuite 400\\r\\nSpringfield, IL 62701"),
        4 => {
            g.scratch.clear();
            ser_arr(&mut g.scratch, 2);
            ser_str(&mut g.scratch, b"_1429017364883_883");
            ser_arr(&mut g.scratch, 2);
            ser_str(&mut g.scratch, b"customer_group_id");
            ser_str(&mut g.scratch, b"32000");
            ser_str(&mut g.scratch, b"min_sale_qty");
            ser_str(&mut g.scratch, b"1");
            g.scratch.push(b'}');
            ser_str(&mut g.scratch, b"_1429017364884_884");
            ser_arr(&mut g.scratch, 1);
            ser_str(&mut g.scratch, b"label");
            ser_str(&mut g.scratch, "Größe \"XL\"".as_bytes());
            g.scratch.push(b'}');
            g.scratch.push(b'}');
            let s = std::mem::take(&mut g.scratch);
            r.esc(&s);
            g.scratch = s;
        }
        5 => r.s(b"&copy; 2015 Magento Demo Store. All Rights Reserved."),
        6 => r.s(b"USD,EUR,GBP"),
        7 => r.s(b"en_US"),
        // `value` is TEXT: mysqldump quotes numbers in string columns.
        _ => {
            let v = u64::from(g.rng.chance(500));
            r.with(|b| push_u64(b, v))
        }
    }
}

fn row_store(_g: &mut Gen, i: u64, r: &mut Row) {
    const S: &[(&[u8], u64, u64, &[u8])] = &[
        (b"admin", 0, 0, b"Admin"),
        (b"default", 1, 1, b"Default Store View"),
        (b"french", 1, 1, b"French"),
        (b"german", 1, 1, "German \u{2014} Deutsch".as_bytes()),
        (b"b2b", 2, 2, b"Wholesale"),
    ];
    let (code, w, grp, name) = S[i as usize % S.len()];
    r.u(i);
    r.s(code);
    r.u(w);
    r.u(grp);
    r.s(name);
    r.u(i);
    r.u(1);
}

fn row_store_group(_g: &mut Gen, i: u64, r: &mut Row) {
    r.u(i);
    r.u(i);
    r.s(match i {
        0 => b"Default" as &[u8],
        1 => b"Main Website Store",
        _ => b"Wholesale Store",
    });
    r.u(if i == 0 { 0 } else { 2 });
    r.u(i);
}

fn row_url_rewrite(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    let pass = i / g.products.max(1);
    let p = 1 + i % g.products.max(1);
    let store = 1 + pass % 3;
    let cat = 3 + (i * 31) % g.categories.max(4).saturating_sub(2).max(1);
    let with_cat = g.rng.chance(600);
    // Three store views of system rewrites, then custom (permanent redirect) ones.
    let system = pass < 3;
    r.u(id);
    r.u(store);
    r.with(|b| {
        b.extend_from_slice(b"product/");
        push_u64(b, p);
        if with_cat {
            b.push(b'/');
            push_u64(b, cat);
        }
        if !system {
            b.push(b'_');
            push_u64(b, 1_000_000_000 + i);
        }
    });
    r.with(|b| {
        if with_cat {
            b.extend_from_slice(g.p.cat_slug.esc_at(cat as usize));
            b.push(b'/');
        }
        g.slug(b, p);
        if !system {
            b.push(b'-');
            push_u64(b, pass);
        }
        b.extend_from_slice(b".html");
    });
    r.with(|b| {
        b.extend_from_slice(b"catalog/product/view/id/");
        push_u64(b, p);
        if with_cat {
            b.extend_from_slice(b"/category/");
            push_u64(b, cat);
        }
    });
    r.u(u64::from(system));
    if system {
        r.s(b"");
    } else {
        r.s(b"RP");
    }
    r.null();
    if with_cat {
        r.u(cat);
    } else {
        r.null();
    }
    r.u(p);
}

fn row_website(_g: &mut Gen, i: u64, r: &mut Row) {
    r.u(i);
    r.s(match i {
        0 => b"admin" as &[u8],
        1 => b"base",
        _ => b"wholesale",
    });
    r.s(match i {
        0 => b"Admin" as &[u8],
        1 => b"Main Website",
        _ => b"Wholesale",
    });
    r.u(i);
    r.u(i);
    r.u(u64::from(i == 1));
}

fn row_address(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    r.u(id);
    r.u(2);
    r.u(0);
    r.null();
    r.u(1 + i * 2 / 3 % g.customers.max(1));
    let t = g.time_at(i, g.addresses);
    r.dt(t);
    r.dt(t + g.rng.below(SPAN / 5));
    r.u(1);
}

fn row_address_text(g: &mut Gen, i: u64, r: &mut Row) {
    r.u(VALUE_ID_BASE + i);
    r.u(2);
    r.u(25);
    r.u(1 + i % g.addresses.max(1));
    r.with(|b| g.street(b));
}

const ADDR_VARCHAR_ATTRS: &[u64] = &[20, 22, 24, 26, 27, 28, 30, 31, 32];

fn row_address_varchar(g: &mut Gen, i: u64, r: &mut Row) {
    let per = ADDR_VARCHAR_ATTRS.len() as u64;
    let a = i % per;
    let e = (i / per) % g.addresses.max(1) + 1;
    let attr = ADDR_VARCHAR_ATTRS[a as usize];
    r.u(VALUE_ID_BASE + i);
    r.u(2);
    r.u(attr);
    r.u(e);
    match attr {
        20 => {
            let s = g.p.first.pick(&mut g.rng);
            r.s(s)
        }
        22 => r.with(|b| g.last_name(b)),
        24 => {
            if g.rng.chance(800) {
                r.null()
            } else {
                let s = g.p.company.pick(&mut g.rng);
                r.s(s)
            }
        }
        26 => {
            let s = g.p.city.pick(&mut g.rng);
            r.s(s)
        }
        27 => {
            let s = g.p.country.pick(&mut g.rng);
            r.s(s)
        }
        28 => {
            let s = g.p.region.pick(&mut g.rng);
            r.s(s)
        }
        30 => {
            let v = g.rng.range(1000, 99_999);
            r.with(|b| push_u64(b, v))
        }
        31 => {
            let v = g.rng.range(2_000_000_000, 9_999_999_999);
            r.with(|b| {
                b.extend_from_slice(b"+1 ");
                push_u64(b, v);
            })
        }
        _ => {
            if g.rng.chance(950) {
                r.null()
            } else {
                r.s(b"")
            }
        }
    }
}

fn row_customer(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    r.u(id);
    r.u(1);
    r.u(0);
    r.u(1);
    r.with(|b| g.email(b, id));
    r.u(1 + u64::from(g.rng.chance(100)));
    r.null();
    r.u(1);
    let t = g.time_at(i, g.customers);
    r.dt(t);
    r.dt(t + g.rng.below(SPAN / 4));
    r.u(1);
    r.u(0);
}

fn row_customer_datetime(g: &mut Gen, i: u64, r: &mut Row) {
    r.u(VALUE_ID_BASE + i);
    r.u(1);
    r.u(11);
    r.u(1 + i % g.customers.max(1));
    // dob: born 1970..2000, midnight
    let day = g.rng.below(30 * 365);
    r.dt(day * 86_400);
}

const CUST_INT_ATTRS: &[u64] = &[13, 14, 18];

fn row_customer_int(g: &mut Gen, i: u64, r: &mut Row) {
    let per = CUST_INT_ATTRS.len() as u64;
    let e = (i / per) % g.customers.max(1) + 1;
    let attr = CUST_INT_ATTRS[(i % per) as usize];
    r.u(VALUE_ID_BASE + i);
    r.u(1);
    r.u(attr);
    r.u(e);
    match attr {
        18 => r.u(g.rng.range(1, 3)),
        _ => r.u(e * 3 / 2),
    }
}

const CUST_VARCHAR_ATTRS: &[u64] = &[3, 5, 7, 12, 15];

fn row_customer_varchar(g: &mut Gen, i: u64, r: &mut Row) {
    let per = CUST_VARCHAR_ATTRS.len() as u64;
    let e = (i / per) % g.customers.max(1) + 1;
    let attr = CUST_VARCHAR_ATTRS[(i % per) as usize];
    r.u(VALUE_ID_BASE + i);
    r.u(1);
    r.u(attr);
    r.u(e);
    match attr {
        3 => r.s(b"Default Store View"),
        5 => {
            let s = g.p.first.pick(&mut g.rng);
            r.s(s)
        }
        7 => r.with(|b| g.last_name(b)),
        12 => r.with(|b| {
            // Magento 1 CE: md5(salt . password) . ':' . salt
            g.hex(b, 32);
            b.push(b':');
            g.hex(b, 2);
        }),
        _ => {
            if g.rng.chance(900) {
                r.null()
            } else {
                r.with(|b| g.hex(b, 32))
            }
        }
    }
}

fn row_eav_attribute(g: &mut Gen, i: u64, r: &mut Row) {
    const CODES: &[&[u8]] = &[
        b"name",
        b"description",
        b"short_description",
        b"sku",
        b"price",
        b"special_price",
        b"special_from_date",
        b"special_to_date",
        b"cost",
        b"weight",
        b"manufacturer",
        b"meta_title",
        b"meta_keyword",
        b"meta_description",
        b"image",
        b"small_image",
        b"thumbnail",
        b"media_gallery",
        b"color",
        b"news_from_date",
        b"news_to_date",
        b"status",
        b"url_key",
        b"url_path",
        b"visibility",
        b"tax_class_id",
        b"firstname",
        b"lastname",
        b"email",
        b"password_hash",
        b"dob",
        b"gender",
        b"street",
        b"city",
        b"region",
        b"postcode",
        b"telephone",
        b"country_id",
        b"company",
        b"fax",
    ];
    const TYPES: &[&[u8]] = &[
        b"varchar",
        b"int",
        b"decimal",
        b"text",
        b"datetime",
        b"static",
    ];
    const INPUTS: &[&[u8]] = &[
        b"text",
        b"textarea",
        b"select",
        b"price",
        b"date",
        b"media_image",
        b"boolean",
    ];
    let id = i + 1;
    r.u(id);
    r.u(1 + i % 4);
    let code = CODES[i as usize % CODES.len()];
    r.with(|b| {
        b.extend_from_slice(code);
        if i >= CODES.len() as u64 {
            b.push(b'_');
            push_u64(b, i);
        }
    });
    r.null();
    if i.is_multiple_of(5) {
        r.s(b"catalog/product_attribute_backend_media");
    } else {
        r.null();
    }
    r.s(TYPES[i as usize % TYPES.len()]);
    r.null();
    r.null();
    r.s(INPUTS[i as usize % INPUTS.len()]);
    r.with(|b| {
        b.extend_from_slice(code);
        b.extend_from_slice(b" (\\'label\\')");
    });
    r.null();
    if i.is_multiple_of(4) {
        r.s(b"eav/entity_attribute_source_table");
    } else {
        r.null();
    }
    r.u(u64::from(i.is_multiple_of(3)));
    r.u(u64::from(i >= CODES.len() as u64));
    if g.rng.chance(300) {
        r.s(b"");
    } else {
        r.null();
    }
    r.u(0);
    r.null();
}

fn row_eav_entity_type(_g: &mut Gen, i: u64, r: &mut Row) {
    const T: &[(&[u8], &[u8], &[u8])] = &[
        (b"customer", b"customer/customer", b"customer/entity"),
        (
            b"customer_address",
            b"customer/address",
            b"customer/address_entity",
        ),
        (
            b"catalog_category",
            b"catalog/category",
            b"catalog/category",
        ),
        (b"catalog_product", b"catalog/product", b"catalog/product"),
        (b"order", b"sales/order", b"sales/order"),
        (b"invoice", b"sales/order_invoice", b"sales/invoice"),
        (
            b"creditmemo",
            b"sales/order_creditmemo",
            b"sales/creditmemo",
        ),
        (b"shipment", b"sales/order_shipment", b"sales/shipment"),
    ];
    let (code, model, table) = T[i as usize % T.len()];
    r.u(i + 1);
    r.s(code);
    r.s(model);
    if i < 4 {
        r.s(b"catalog/resource_eav_attribute");
    } else {
        r.null();
    }
    r.s(table);
    r.null();
    r.null();
    r.u(1);
    r.s(b"default");
    r.u(i + 1);
    if i == 0 || i >= 4 {
        r.s(b"eav/entity_increment_numeric");
    } else {
        r.null();
    }
    r.u(u64::from(i >= 4));
    r.u(8);
    r.s(b"0");
    r.null();
    r.null();
}

/// PHP sessions kept in the database: `session_data` is a mediumblob of serialised
/// `$_SESSION` data, with raw bytes that are not UTF-8 (a form key salt, a binary token).
fn row_session(g: &mut Gen, i: u64, r: &mut Row) {
    // Ids ascend, as mysqldump reads InnoDB tables in primary-key order.
    r.with(|b| {
        push_hex(b, i, 10);
        g.hex(b, 16);
    });
    r.u(EPOCH + SPAN + i % 86_400);
    let b = &mut g.scratch;
    b.clear();
    b.extend_from_slice(b"core|");
    ser_arr(b, 3);
    ser_str(b, b"_session_validator_data");
    ser_arr(b, 2);
    ser_str(b, b"remote_addr");
    ser_str(b, b"203.0.113.7");
    ser_str(b, b"http_user_agent");
    ser_str(b, g.p.agent.pick_raw(&mut g.rng));
    b.push(b'}');
    ser_str(b, b"visitor_data");
    ser_arr(b, 1);
    ser_str(b, b"last_visit_at");
    ser_str(b, b"2016-12-31 23:59:59");
    b.push(b'}');
    ser_str(b, b"_form_key");
    let mut raw = [0u8; 16];
    raw[..8].copy_from_slice(&g.rng.next().to_le_bytes());
    raw[8..].copy_from_slice(&g.rng.next().to_le_bytes());
    ser_str(b, &raw);
    b.push(b'}');
    if g.rng.chance(300) {
        b.extend_from_slice(b"checkout|");
        ser_arr(b, 1);
        ser_str(b, b"quote_id_1");
        ser_str(b, b"12345");
        b.push(b'}');
    }
    let s = std::mem::take(&mut g.scratch);
    r.esc(&s);
    g.scratch = s;
}

fn row_log_url(g: &mut Gen, i: u64, r: &mut Row) {
    r.u(i + 1);
    r.u(1 + i / 3 % g.visitors.max(1));
    let t = g.time_at(i, g.visitors.max(1) * 3);
    r.dt(t);
}

fn row_log_visitor(g: &mut Gen, i: u64, r: &mut Row) {
    r.u(i + 1);
    r.with(|b| g.hex(b, 26));
    let t = g.time_at(i, g.visitors);
    r.dt(t);
    r.dt(t + g.rng.below(3600));
    r.u(i * 3 + g.rng.below(3));
    r.u(1 + g.rng.below(3));
}

fn row_log_visitor_info(g: &mut Gen, i: u64, r: &mut Row) {
    r.u(i + 1);
    if g.rng.chance(400) {
        r.null();
    } else {
        let s = g.p.referer.pick(&mut g.rng);
        r.s(s);
    }
    let s = g.p.agent.pick(&mut g.rng);
    r.s(s);
    if g.rng.chance(500) {
        r.null();
    } else {
        let s = g.p.charset.pick(&mut g.rng);
        r.s(s);
    }
    let s = g.p.lang.pick(&mut g.rng);
    r.s(s);
    // inet_pton() bytes: raw binary, escaped as mysqldump does without --hex-blob.
    r.esc(&[10, 0, 0, 5]);
    let v = g.rng.next();
    if v.is_multiple_of(10) {
        let w = g.rng.next();
        let mut ip6 = [0u8; 16];
        ip6[..2].copy_from_slice(&[0x20, 0x01]);
        ip6[2..10].copy_from_slice(&v.to_le_bytes());
        ip6[10..].copy_from_slice(&w.to_le_bytes()[..6]);
        r.esc(&ip6);
    } else {
        r.esc(&v.to_le_bytes()[..4]);
    }
}

fn row_newsletter(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    r.u(id);
    r.u(1);
    let t = g.time_at(i, g.customers / 4 + 1);
    if g.rng.chance(200) {
        r.null();
    } else {
        r.dt(t);
    }
    let guest = g.rng.chance(400);
    r.u(if guest {
        0
    } else {
        1 + i * 4 % g.customers.max(1)
    });
    r.with(|b| g.email(b, id + 7));
    r.u(*[1u64, 1, 1, 3, 2]
        .get(g.rng.below(5) as usize)
        .unwrap_or(&1));
    r.with(|b| g.hex(b, 32));
}

/// Reusable pieces of an order, so the tables of one order agree.
#[inline]
fn order_totals(g: &mut Gen) -> (u64, u64, u64) {
    let sub = g.rng.range(500, 80_000);
    let ship = [0u64, 500, 995, 1500][g.rng.below(4) as usize];
    let tax = sub * 8 / 100;
    (sub, ship, tax)
}

fn row_order(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    let (state, status) = STATES[g.rng.below(STATES.len() as u64) as usize];
    let (sub, ship, tax) = order_totals(g);
    let grand = sub + ship + tax;
    let done = state == "complete" || state == "closed";
    let guest = g.rng.chance(250);
    let cust = 1 + (i * 13) % g.customers.max(1);
    let (smethod, sdesc) = SHIPPING[g.rng.below(SHIPPING.len() as u64) as usize];
    r.u(id);
    r.s(state.as_bytes());
    r.s(status.as_bytes());
    if g.rng.chance(100) {
        r.s(b"SUMMER15");
    } else {
        r.null();
    }
    r.with(|b| g.hex(b, 6));
    r.s(sdesc.as_bytes());
    r.u(0);
    r.u(1 + g.rng.below(3));
    if guest {
        r.null();
    } else {
        r.u(cust);
    }
    let disc = if g.rng.chance(150) { sub / 10 } else { 0 };
    r.money(disc);
    r.null();
    r.opt_money(done.then_some(disc));
    r.null();
    r.money(grand);
    r.money(ship);
    r.null();
    r.opt_money(done.then_some(ship));
    r.null();
    r.money(0);
    r.null();
    r.money(sub);
    r.null();
    r.opt_money(done.then_some(sub));
    r.null();
    r.money(tax);
    r.null();
    r.opt_money(done.then_some(tax));
    r.null();
    r.dec(10_000);
    r.dec(10_000);
    r.null();
    r.opt_money(done.then_some(grand));
    r.opt_money(done.then_some(0));
    r.null();
    r.null();
    r.opt_money(done.then_some(grand));
    r.null();
    r.null();
    r.money(disc);
    r.money(grand);
    r.money(ship);
    r.money(0);
    r.dec(10_000);
    r.dec(10_000);
    r.money(sub);
    r.opt_money(done.then_some(sub));
    r.money(tax);
    r.opt_money(done.then_some(tax));
    r.opt_money(done.then_some(grand));
    r.opt_money(done.then_some(grand));
    let qty = g.rng.range(1, 6);
    r.dec(qty * 10_000);
    r.null();
    r.u(u64::from(guest));
    r.u(1);
    r.u(id * 2 - 1);
    r.u(u64::from(!guest));
    r.u(1);
    r.u(id + 1000);
    r.u(id * 2);
    r.money(sub + tax);
    r.opt_money((!done).then_some(grand));
    r.money(sub + tax);
    r.opt_money((!done).then_some(grand));
    r.dec(g.rng.range(1, 100) * 1000);
    if g.rng.chance(700) {
        r.null();
    } else {
        let t = 86_400 * g.rng.range(3650, 12_000);
        r.dt(t);
    }
    r.with(|b| push_u64(b, 100_000_000 + id));
    if disc > 0 {
        r.s(b"1,3");
    } else {
        r.null();
    }
    r.s(b"USD");
    r.with(|b| g.email(b, cust));
    let f = g.p.first.pick(&mut g.rng);
    r.s(f);
    r.with(|b| g.last_name(b));
    r.null();
    r.null();
    r.null();
    r.null();
    if disc > 0 {
        r.s(b"10% off \\'Summer\\' sale");
    } else {
        r.null();
    }
    r.s(b"USD");
    r.s(b"USD");
    let ip = g.rng.next();
    r.with(|b| {
        for k in 0..4 {
            if k > 0 {
                b.push(b'.');
            }
            push_u64(b, (ip >> (8 * k)) & 255);
        }
    });
    r.s(smethod.as_bytes());
    r.s(b"USD");
    r.s(b"Main Website\\nMain Website Store\\nDefault Store View");
    r.null();
    if g.rng.chance(30) {
        r.s(b"Please leave the parcel at the back door.\\r\\nThanks!\\0");
    } else {
        r.null();
    }
    let t = g.time_at(i, g.orders);
    r.dt(t);
    r.dt(t + g.rng.below(86_400 * 20));
    r.u(qty);
    if g.rng.chance(800) {
        r.null();
    } else {
        r.u(g.rng.range(1, 2));
    }
    r.money(0);
    r.money(0);
    r.money(ship);
    r.money(ship);
    r.null();
}

fn row_order_address(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    let order = i / 2 + 1;
    let billing = i.is_multiple_of(2);
    r.u(id);
    r.u(order);
    if g.rng.chance(300) {
        r.null();
    } else {
        r.u(1 + i % g.addresses.max(1));
    }
    r.null();
    r.u(g.rng.range(1, 65));
    r.u(1 + (order * 13) % g.customers.max(1));
    r.null();
    let s = g.p.region.pick(&mut g.rng);
    r.s(s);
    let v = g.rng.range(1000, 99_999);
    r.with(|b| push_u64(b, v));
    r.with(|b| g.last_name(b));
    r.with(|b| g.street(b));
    let s = g.p.city.pick(&mut g.rng);
    r.s(s);
    r.with(|b| g.email(b, order));
    let v = g.rng.range(2_000_000_000, 9_999_999_999);
    r.with(|b| push_u64(b, v));
    let s = g.p.country.pick(&mut g.rng);
    r.s(s);
    let s = g.p.first.pick(&mut g.rng);
    r.s(s);
    r.s(if billing { b"billing" } else { b"shipping" });
    r.null();
    r.null();
    r.null();
    if g.rng.chance(800) {
        r.null();
    } else {
        let s = g.p.company.pick(&mut g.rng);
        r.s(s);
    }
    r.null();
    r.null();
    r.null();
    r.null();
    r.null();
}

fn row_order_grid(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    let (_, status) = STATES[g.rng.below(STATES.len() as u64) as usize];
    let (sub, ship, tax) = order_totals(g);
    let grand = sub + ship + tax;
    r.u(id);
    r.s(status.as_bytes());
    r.u(1);
    r.s(b"Main Website\\nMain Website Store\\nDefault Store View");
    r.u(1 + (i * 13) % g.customers.max(1));
    r.money(grand);
    r.money(grand);
    r.money(grand);
    r.money(grand);
    r.with(|b| push_u64(b, 100_000_000 + id));
    r.s(b"USD");
    r.s(b"USD");
    r.with(|b| {
        b.extend_from_slice(g.p.first.pick(&mut g.rng));
        b.push(b' ');
        b.extend_from_slice(g.p.last.pick(&mut g.rng));
    });
    r.with(|b| {
        b.extend_from_slice(g.p.first.pick(&mut g.rng));
        b.push(b' ');
        b.extend_from_slice(g.p.last.pick(&mut g.rng));
    });
    let t = g.time_at(i, g.orders);
    r.dt(t);
    r.dt(t + g.rng.below(86_400 * 20));
}

fn row_order_item(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    let order = i * 2 / 5 + 1;
    let product = 1 + (i * 7) % g.products.max(1);
    let configurable = g.rng.chance(200);
    r.u(id);
    r.u(order);
    r.null();
    r.u(id + 5000);
    r.u(1);
    let t = g.time_at(order, g.orders);
    r.dt(t);
    r.dt(t + 3600);
    r.u(product);
    r.s(if configurable {
        b"configurable"
    } else {
        b"simple"
    });
    // product_options: PHP-serialised, with the quotes mysqldump escapes.
    {
        let b = &mut g.scratch;
        b.clear();
        ser_arr(b, if configurable { 3 } else { 1 });
        ser_str(b, b"info_buyRequest");
        ser_arr(b, 4);
        ser_str(b, b"uenc");
        let mut u = Vec::new();
        u.extend_from_slice(b"aHR0cDovL3Nob3AuZXhhbXBsZS5jb20vY2F0YWxvZy9wcm9kdWN0L3ZpZXcvaWQv");
        push_u64(&mut u, product);
        u.extend_from_slice(b",,");
        ser_str(b, &u);
        ser_str(b, b"product");
        let mut p = Vec::new();
        push_u64(&mut p, product);
        ser_str(b, &p);
        ser_str(b, b"form_key");
        let mut k = Vec::new();
        push_hex(&mut k, g.rng.next(), 16);
        ser_str(b, &k);
        ser_str(b, b"qty");
        ser_int(b, g.rng.range(1, 3));
        b.push(b'}');
        if configurable {
            ser_str(b, b"attributes_info");
            ser_arr(b, 1);
            ser_int(b, 0);
            ser_arr(b, 2);
            ser_str(b, b"label");
            ser_str(b, b"Color");
            ser_str(b, b"value");
            let c = g.p.color.pick_raw(&mut g.rng);
            ser_str(b, c);
            b.push(b'}');
            b.push(b'}');
            ser_str(b, b"simple_name");
            ser_str(b, "Men's 12\" Jacket — Größe L".as_bytes());
        }
        b.push(b'}');
    }
    let s = std::mem::take(&mut g.scratch);
    r.esc(&s);
    g.scratch = s;
    r.dec(g.rng.range(1, 50) * 1000);
    r.u(0);
    let pre = SKU_PREFIX[(product % SKU_PREFIX.len() as u64) as usize];
    r.with(|b| {
        b.extend_from_slice(pre);
        push_u64(b, 100_000 + product);
    });
    r.with(|b| g.product_name(b));
    r.null();
    if g.rng.chance(150) {
        r.s(b"1,3");
    } else {
        r.null();
    }
    r.null();
    r.u(0);
    r.u(0);
    r.u(0);
    let qty = g.rng.range(1, 3);
    r.null();
    r.dec(0);
    r.dec(qty * 10_000);
    r.dec(qty * 10_000);
    r.dec(0);
    r.dec(qty * 10_000);
    r.null();
    let price = g.rng.range(99, 30_000);
    r.money(price);
    r.money(price);
    r.money(price);
    r.money(price);
    r.dec(80_000);
    let tax = price * qty * 8 / 100;
    r.money(tax);
    r.money(tax);
    r.money(tax);
    r.money(tax);
    r.dec(0);
    r.money(0);
    r.money(0);
    r.money(0);
    r.money(0);
    r.money(0);
    r.money(0);
    r.money(price * qty);
    r.money(price * qty);
    r.money(price * qty);
    r.money(price * qty);
    r.dec(0);
    r.money(price + price * 8 / 100);
    r.money(price + price * 8 / 100);
    r.money(price * qty + tax);
    r.money(price * qty + tax);
    r.null();
}

fn row_order_payment(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    let (sub, ship, tax) = order_totals(g);
    let grand = sub + ship + tax;
    let method = PAYMENT[g.rng.below(PAYMENT.len() as u64) as usize];
    let cc = method == "ccsave" || method == "authorizenet";
    r.u(id);
    r.u(id);
    r.null();
    r.null();
    r.null();
    r.money(grand);
    r.null();
    r.null();
    r.null();
    r.null();
    r.money(ship);
    r.money(ship);
    r.money(grand);
    r.null();
    r.money(grand);
    r.null();
    r.null();
    r.null();
    r.money(grand);
    r.null();
    r.null();
    r.null();
    if cc {
        r.with(|b| push_u64(b, g.rng.range(1, 12)));
    } else {
        r.s(b"0");
    }
    r.null();
    r.null();
    r.s(method.as_bytes());
    r.null();
    r.null();
    if method == "paypal_express" {
        r.s(b"Eligible");
    } else {
        r.null();
    }
    r.null();
    if cc {
        r.with(|b| push_u64(b, g.rng.range(1000, 9999)));
    } else {
        r.null();
    }
    r.null();
    r.null();
    r.null();
    r.null();
    r.null();
    if method == "paypal_express" {
        r.with(|b| g.hex(b, 17));
    } else {
        r.null();
    }
    r.null();
    if cc {
        let f = g.p.first.pick(&mut g.rng);
        r.s(f);
        r.s(b"VI");
    } else {
        r.null();
        r.null();
    }
    r.null();
    if cc {
        r.with(|b| push_u64(b, g.rng.range(2015, 2022)));
    } else {
        r.s(b"0");
    }
    r.null();
    r.null();
    r.null();
    r.null();
    r.null();
    r.null();
    r.null();
    r.null();
    if cc {
        // base64 of an encrypted card number
        r.with(|b| {
            g.hex(b, 24);
            b.extend_from_slice(b"==");
        });
    } else {
        r.null();
    }
    r.null();
    r.null();
    r.null();
    // additional_information: serialised array
    let b = &mut g.scratch;
    b.clear();
    if method == "paypal_express" {
        ser_arr(b, 3);
        ser_str(b, b"paypal_payer_id");
        let mut v = Vec::new();
        push_hex(&mut v, g.rng.next(), 13);
        ser_str(b, &v);
        ser_str(b, b"paypal_payer_email");
        ser_str(b, b"buyer@example.com");
        ser_str(b, b"paypal_payer_status");
        ser_str(b, b"verified");
        b.push(b'}');
    } else {
        ser_arr(b, 0);
        b.push(b'}');
    }
    let s = std::mem::take(&mut g.scratch);
    r.esc(&s);
    g.scratch = s;
}

fn row_quote(g: &mut Gen, i: u64, r: &mut Row) {
    let id = i + 1;
    let t = g.time_at(i, g.orders * 2);
    let active = g.rng.chance(300);
    let (sub, _, _) = order_totals(g);
    let guest = g.rng.chance(300);
    r.u(id);
    r.u(1);
    r.dt(t);
    r.dt(t + g.rng.below(86_400));
    r.null();
    r.u(u64::from(active));
    r.u(0);
    r.u(0);
    let n = g.rng.range(1, 5);
    r.u(n);
    r.dec(n * 10_000);
    r.u(0);
    r.dec(10_000);
    r.dec(10_000);
    r.s(b"USD");
    r.s(b"USD");
    r.s(b"USD");
    r.money(sub);
    r.money(sub);
    if guest {
        r.s(b"guest");
    } else {
        r.null();
    }
    r.u(if guest {
        0
    } else {
        1 + (i * 13) % g.customers.max(1)
    });
    r.u(3);
    r.u(u64::from(!guest));
    r.with(|b| g.email(b, id));
    r.null();
    let f = g.p.first.pick(&mut g.rng);
    r.s(f);
    r.null();
    r.with(|b| g.last_name(b));
    r.null();
    r.null();
    r.null();
    r.u(1);
    r.u(u64::from(guest));
    let ip = g.rng.next();
    r.with(|b| {
        for k in 0..4 {
            if k > 0 {
                b.push(b'.');
            }
            push_u64(b, (ip >> (8 * k)) & 255);
        }
    });
    r.null();
    if active {
        r.null();
    } else {
        r.with(|b| push_u64(b, 100_000_000 + id / 2));
    }
    r.null();
    r.null();
    r.s(b"USD");
    r.dec(10_000);
    r.dec(10_000);
    r.null();
    r.null();
    r.money(sub);
    r.money(sub);
    r.money(sub);
    r.money(sub);
    r.u(1);
    r.u(0);
    r.null();
    r.null();
    r.u(0);
}

// ---------------------------------------------------------------------------------------
// The table list
// ---------------------------------------------------------------------------------------

fn tables() -> Vec<Table> {
    let t = |name: &'static str, ddl: String, size: Size, row: RowFn| Table {
        name,
        ddl,
        size,
        row,
    };
    use Size::{Rows, Share};
    let mut v = vec![
        t(
            "catalog_category_entity",
            DDL_CATEGORY.into(),
            Share(1),
            row_category,
        ),
        t(
            "catalog_category_entity_varchar",
            eav_value_ddl(
                "catalog_category_entity_varchar",
                "catalog_category_entity",
                "varchar(255) DEFAULT NULL",
                true,
                "Catalog Category Varchar Attribute Backend Table",
            ),
            Share(3),
            row_category_varchar,
        ),
        t(
            "catalog_category_product",
            DDL_CATEGORY_PRODUCT.into(),
            Share(12),
            row_category_product,
        ),
        t(
            "catalog_product_entity",
            DDL_PRODUCT.into(),
            Share(11),
            row_product,
        ),
        t(
            "catalog_product_entity_datetime",
            eav_value_ddl(
                "catalog_product_entity_datetime",
                "catalog_product_entity",
                "datetime DEFAULT NULL",
                true,
                "Catalog Product Datetime Attribute Backend Table",
            ),
            Share(7),
            row_product_datetime,
        ),
        t(
            "catalog_product_entity_decimal",
            eav_value_ddl(
                "catalog_product_entity_decimal",
                "catalog_product_entity",
                "decimal(12,4) DEFAULT NULL",
                true,
                "Catalog Product Decimal Attribute Backend Table",
            ),
            Share(10),
            row_product_decimal,
        ),
        t(
            "catalog_product_entity_int",
            eav_value_ddl(
                "catalog_product_entity_int",
                "catalog_product_entity",
                "int(11) DEFAULT NULL",
                true,
                "Catalog Product Integer Attribute Backend Table",
            ),
            Share(25),
            row_product_int,
        ),
        t(
            "catalog_product_entity_text",
            eav_value_ddl(
                "catalog_product_entity_text",
                "catalog_product_entity",
                "text",
                true,
                "Catalog Product Text Attribute Backend Table",
            ),
            Share(161),
            row_product_text,
        ),
        t(
            "catalog_product_entity_varchar",
            eav_value_ddl(
                "catalog_product_entity_varchar",
                "catalog_product_entity",
                "varchar(255) DEFAULT NULL",
                true,
                "Catalog Product Varchar Attribute Backend Table",
            ),
            Share(102),
            row_product_varchar,
        ),
        t(
            "cataloginventory_stock_item",
            DDL_STOCK_ITEM.into(),
            Share(10),
            row_stock_item,
        ),
        t("cms_page", DDL_CMS_PAGE.into(), Share(10), row_cms_page),
        t(
            "core_config_data",
            DDL_CONFIG.into(),
            Rows(1500),
            row_config,
        ),
        t("core_store", DDL_STORE.into(), Rows(5), row_store),
        t(
            "core_store_group",
            DDL_STORE_GROUP.into(),
            Rows(3),
            row_store_group,
        ),
        t("core_session", DDL_SESSION.into(), Share(8), row_session),
        t(
            "core_url_rewrite",
            DDL_URL_REWRITE.into(),
            Share(88),
            row_url_rewrite,
        ),
        t("core_website", DDL_WEBSITE.into(), Rows(3), row_website),
        t(
            "customer_address_entity",
            DDL_ADDRESS.into(),
            Share(11),
            row_address,
        ),
        t(
            "customer_address_entity_text",
            eav_value_ddl(
                "customer_address_entity_text",
                "customer_address_entity",
                "text NOT NULL",
                false,
                "Customer Address Entity Text",
            ),
            Share(6),
            row_address_text,
        ),
        t(
            "customer_address_entity_varchar",
            eav_value_ddl(
                "customer_address_entity_varchar",
                "customer_address_entity",
                "varchar(255) DEFAULT NULL",
                false,
                "Customer Address Entity Varchar",
            ),
            Share(35),
            row_address_varchar,
        ),
        t(
            "customer_entity",
            DDL_CUSTOMER.into(),
            Share(20),
            row_customer,
        ),
        t(
            "customer_entity_datetime",
            eav_value_ddl(
                "customer_entity_datetime",
                "customer_entity",
                "datetime DEFAULT NULL",
                false,
                "Customer Entity Datetime",
            ),
            Share(6),
            row_customer_datetime,
        ),
        t(
            "customer_entity_int",
            eav_value_ddl(
                "customer_entity_int",
                "customer_entity",
                "int(11) NOT NULL DEFAULT '0'",
                false,
                "Customer Entity Int",
            ),
            Share(3),
            row_customer_int,
        ),
        t(
            "customer_entity_varchar",
            eav_value_ddl(
                "customer_entity_varchar",
                "customer_entity",
                "varchar(255) DEFAULT NULL",
                false,
                "Customer Entity Varchar",
            ),
            Share(35),
            row_customer_varchar,
        ),
        t(
            "eav_attribute",
            DDL_EAV_ATTRIBUTE.into(),
            Rows(160),
            row_eav_attribute,
        ),
        t(
            "eav_entity_type",
            DDL_EAV_ENTITY_TYPE.into(),
            Rows(8),
            row_eav_entity_type,
        ),
        t("log_url", DDL_LOG_URL.into(), Share(39), row_log_url),
        t(
            "log_visitor",
            DDL_LOG_VISITOR.into(),
            Share(45),
            row_log_visitor,
        ),
        t(
            "log_visitor_info",
            DDL_LOG_VISITOR_INFO.into(),
            Share(67),
            row_log_visitor_info,
        ),
        t(
            "newsletter_subscriber",
            DDL_NEWSLETTER.into(),
            Share(12),
            row_newsletter,
        ),
        t(
            "sales_flat_order",
            columns_ddl(
                "sales_flat_order",
                ORDER_COLS,
                "entity_id",
                &[
                    "status",
                    "state",
                    "store_id",
                    "created_at",
                    "customer_id",
                    "updated_at",
                ],
                &[
                    ("customer_id", "customer_entity", "entity_id"),
                    ("store_id", "core_store", "store_id"),
                ],
                "Sales Flat Order",
            ),
            Share(41),
            row_order,
        ),
        t(
            "sales_flat_order_address",
            columns_ddl(
                "sales_flat_order_address",
                ORDER_ADDRESS_COLS,
                "entity_id",
                &["parent_id"],
                &[("parent_id", "sales_flat_order", "entity_id")],
                "Sales Flat Order Address",
            ),
            Share(20),
            row_order_address,
        ),
        t(
            "sales_flat_order_grid",
            columns_ddl(
                "sales_flat_order_grid",
                ORDER_GRID_COLS,
                "entity_id",
                &[
                    "status",
                    "store_id",
                    "base_grand_total",
                    "created_at",
                    "customer_id",
                ],
                &[
                    ("entity_id", "sales_flat_order", "entity_id"),
                    ("customer_id", "customer_entity", "entity_id"),
                ],
                "Sales Flat Order Grid",
            ),
            Share(25),
            row_order_grid,
        ),
        t(
            "sales_flat_order_item",
            columns_ddl(
                "sales_flat_order_item",
                ORDER_ITEM_COLS,
                "item_id",
                &["order_id", "store_id"],
                &[
                    ("order_id", "sales_flat_order", "entity_id"),
                    ("store_id", "core_store", "store_id"),
                ],
                "Sales Flat Order Item",
            ),
            Share(66),
            row_order_item,
        ),
        t(
            "sales_flat_order_payment",
            columns_ddl(
                "sales_flat_order_payment",
                ORDER_PAYMENT_COLS,
                "entity_id",
                &["parent_id"],
                &[("parent_id", "sales_flat_order", "entity_id")],
                "Sales Flat Order Payment",
            ),
            Share(8),
            row_order_payment,
        ),
        t(
            "sales_flat_quote",
            columns_ddl(
                "sales_flat_quote",
                QUOTE_COLS,
                "entity_id",
                &["customer_id", "store_id"],
                &[("store_id", "core_store", "store_id")],
                "Sales Flat Quote",
            ),
            Share(15),
            row_quote,
        ),
    ];
    v.sort_by_key(|t| t.name);
    v
}

// ---------------------------------------------------------------------------------------
// The dump
// ---------------------------------------------------------------------------------------

const HEADER: &str = "-- MySQL dump 10.13  Distrib 5.7.33, for Linux (x86_64)
--
-- Host: localhost    Database: magento1
-- ------------------------------------------------------
-- Server version\t5.7.33-0ubuntu0.16.04.1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;
";
const HEADER_STATEMENTS: u64 = 10;

const FOOTER: &str = "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on 2017-04-06 10:11:12
";
const FOOTER_STATEMENTS: u64 = 8;

/// Size of the chunks handed to the writer.
pub const CHUNK: usize = 1 << 20;

/// The output buffer: rows are built in place here, then written in ~1 MiB chunks.
struct Out<W> {
    buf: Vec<u8>,
    inner: W,
    flushed: u64,
}

impl<W: Write> Out<W> {
    #[inline]
    fn put(&mut self, b: &[u8]) -> io::Result<()> {
        self.buf.extend_from_slice(b);
        self.maybe_flush()
    }

    #[inline]
    fn maybe_flush(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.write_all(&self.buf)?;
        self.flushed += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    /// Bytes written so far, buffered or not.
    #[inline]
    fn pos(&self) -> u64 {
        self.flushed + self.buf.len() as u64
    }
}

/// Writes a dump of about `target` bytes to `out`, in chunks of about [`CHUNK`] bytes
/// (no need to buffer `out`).
pub fn generate<W: Write>(target: u64, out: W) -> io::Result<Stats> {
    let tables = tables();
    let share_sum: u64 = tables
        .iter()
        .map(|t| match t.size {
            Size::Share(s) => s,
            Size::Rows(_) => 0,
        })
        .sum();
    // Fixed parts: header, footer, DDL and the small tables (~300 KB); the rest is shared.
    let fixed = 400_000u64;
    let shared = target.saturating_sub(fixed).max(1);
    let budget = |t: &Table| match t.size {
        Size::Share(s) => shared * s / share_sum,
        Size::Rows(_) => 0,
    };
    let by_name = |name: &str| {
        let t = tables.iter().find(|t| t.name == name).expect("table");
        budget(t)
    };
    // Entity counts: from each entity table's budget and its typical row size, but at least
    // what its value tables need to keep their unique keys (entity, attribute[, store]):
    // catalog value tables have four store passes, customer ones one. Decided before any
    // table is written, so tables earlier in alphabetical order can refer to them.
    let need = |table: &str, row_bytes: u64, per_entity: u64| {
        by_name(table) / row_bytes / per_entity * 5 / 4 + 1
    };
    let products = [
        by_name("catalog_product_entity") / 84,
        need("catalog_product_entity_varchar", 40, 9 * 4),
        need("catalog_product_entity_text", 200, 4 * 4),
        need("catalog_product_entity_int", 23, 7 * 4),
        need("catalog_product_entity_decimal", 27, 5 * 4),
        need("catalog_product_entity_datetime", 35, 4 * 4),
        need("core_url_rewrite", 110, 30),
    ];
    let categories = [
        by_name("catalog_category_entity") / 84,
        need("catalog_category_entity_varchar", 30, 6 * 4),
    ];
    let customers = [
        by_name("customer_entity") / 101,
        need("customer_entity_varchar", 33, 5),
        need("customer_entity_int", 22, 3),
        need("customer_entity_datetime", 38, 1),
    ];
    let addresses = [
        by_name("customer_address_entity") / 70,
        need("customer_address_entity_varchar", 26, 9),
        need("customer_address_entity_text", 38, 1),
    ];
    let max = |v: &[u64]| v.iter().copied().max().unwrap_or(0).max(10);
    let mut g = Gen {
        rng: Rng::new(0x6d31_746f_6d32_0001),
        p: build_pools(),
        scratch: Vec::with_capacity(4096),
        products: max(&products),
        categories: max(&categories),
        customers: max(&customers),
        addresses: max(&addresses),
        orders: (by_name("sales_flat_order") / 700).max(10),
        visitors: (by_name("log_visitor") / 90).max(10),
    };

    let mut w = Out {
        buf: Vec::with_capacity(CHUNK + (1 << 20)),
        inner: out,
        flushed: 0,
    };
    let mut st = Stats::default();
    w.put(HEADER.as_bytes())?;
    st.statements += HEADER_STATEMENTS;
    // Entity tables are sized by count, so budgets drift: the shared tables not yet written
    // are rescaled to what is left of the target, which lands the dump within ~0.1 %.
    let mut budget_left: u64 = tables
        .iter()
        .filter(|t| matches!(t.size, Size::Share(_)))
        .map(budget)
        .sum();
    for (k, t) in tables.iter().enumerate() {
        let name = t.name;
        w.put(b"\n--\n-- Table structure for table `")?;
        w.put(name.as_bytes())?;
        w.put(b"`\n--\n\nDROP TABLE IF EXISTS `")?;
        w.put(name.as_bytes())?;
        w.put(b"`;\n/*!40101 SET @saved_cs_client     = @@character_set_client */;\n/*!40101 SET character_set_client = utf8 */;\n")?;
        w.put(t.ddl.as_bytes())?;
        w.put(b";\n/*!40101 SET character_set_client = @saved_cs_client */;\n\n--\n-- Dumping data for table `")?;
        w.put(name.as_bytes())?;
        w.put(b"`\n--\n\nLOCK TABLES `")?;
        w.put(name.as_bytes())?;
        w.put(b"` WRITE;\n/*!40000 ALTER TABLE `")?;
        w.put(name.as_bytes())?;
        w.put(b"` DISABLE KEYS */;\n")?;
        st.statements += 7;

        let columns = t.ddl.lines().filter(|l| l.starts_with("  `")).count() as u32;
        let insert_pat = format!("INSERT INTO `{name}` VALUES ");
        let next_insert = format!(";\n{insert_pat}");
        let init_length = insert_pat.len() + 2;
        let entities = match name {
            "catalog_category_entity" => Some(g.categories),
            "catalog_product_entity" => Some(g.products),
            "customer_entity" => Some(g.customers),
            "customer_address_entity" => Some(g.addresses),
            _ => None,
        };
        let (limit_rows, limit_bytes) = match (t.size, entities) {
            (_, Some(n)) => (n, u64::MAX),
            (Size::Rows(n), None) => (n, u64::MAX),
            (Size::Share(_), None) => {
                let tables_left = (tables.len() - k) as u64;
                let left = target.saturating_sub(w.pos() + tables_left * 3_000 + 600);
                let b = budget(t);
                let scaled = (b as u128 * left as u128 / budget_left.max(1) as u128) as u64;
                (u64::MAX, scaled)
            }
        };
        if let Size::Share(_) = t.size {
            budget_left = budget_left.saturating_sub(budget(t));
        }
        let mut total_length = 0usize;
        let mut open = false;
        let mut rows = 0u64;
        let mut bytes = 0u64;
        while rows < limit_rows && bytes < limit_bytes {
            // The row is built in place after a `,`; the `,` becomes `;\nINSERT …` when the
            // row starts a new statement.
            let start = w.buf.len();
            w.buf.extend_from_slice(b",(");
            let mut r = Row {
                b: &mut w.buf,
                n: 0,
            };
            (t.row)(&mut g, rows, &mut r);
            let n = r.n;
            w.buf.push(b')');
            let row_len = w.buf.len() - start - 1;
            if n != columns {
                return Err(io::Error::other(format!(
                    "generator bug: {name} row has {n} values for {columns} columns"
                )));
            }
            st.fields += u64::from(n);
            st.value_bytes += (row_len - 2 - (n as usize - 1)) as u64;
            // mysqldump's rule: append while the statement stays below net_buffer_length.
            let row_length = 2 + row_len;
            if open && total_length + row_length < NET_BUFFER_LENGTH {
                total_length += row_length;
                bytes += 1 + row_len as u64;
            } else {
                let prefix = if open {
                    next_insert.as_bytes()
                } else {
                    insert_pat.as_bytes()
                };
                w.buf.splice(start..start + 1, prefix.iter().copied());
                bytes += (insert_pat.len() + 2 + row_len) as u64;
                total_length = row_length + init_length;
                open = true;
                st.inserts += 1;
                st.statements += 1;
            }
            rows += 1;
            w.maybe_flush()?;
        }
        if open {
            w.put(b";\n")?;
        }
        match name {
            "sales_flat_order" => g.orders = rows.max(1),
            "log_visitor" => g.visitors = rows.max(1),
            _ => {}
        }
        st.rows += rows;
        st.tables.push((name.to_string(), rows, bytes));
        w.put(b"/*!40000 ALTER TABLE `")?;
        w.put(name.as_bytes())?;
        w.put(b"` ENABLE KEYS */;\nUNLOCK TABLES;\n")?;
        st.statements += 2;
    }
    w.put(FOOTER.as_bytes())?;
    st.statements += FOOTER_STATEMENTS;
    w.flush()?;
    w.inner.flush()?;
    st.bytes = w.flushed;
    Ok(st)
}

/// Parses a size such as `64M`, `1G`, `1.5G`, `10G`, `500000` (binary units).
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last()? {
        (i, 'k' | 'K') => (&s[..i], 1u64 << 10),
        (i, 'm' | 'M') => (&s[..i], 1 << 20),
        (i, 'g' | 'G') => (&s[..i], 1 << 30),
        (i, 't' | 'T') => (&s[..i], 1 << 40),
        _ => (s, 1),
    };
    let v: f64 = num.trim().parse().ok()?;
    (v > 0.0).then_some((v * mult as f64) as u64)
}

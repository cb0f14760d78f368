//! Words the store is made of: names, places, product words, texts. Each list is escaped once
//! into a [`Pool`] at start-up, so rows only copy bytes.

use super::fmt::{Rng, escape_into};

/// Items of a word list, raw and escaped.
pub struct Pool {
    raw: Vec<Box<[u8]>>,
    esc: Vec<Box<[u8]>>,
}

impl Pool {
    pub fn new<S: AsRef<[u8]>>(items: &[S]) -> Pool {
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

    pub fn len(&self) -> u64 {
        self.esc.len() as u64
    }

    /// The escaped item `i` (modulo the length).
    #[inline]
    pub fn esc(&self, i: u64) -> &[u8] {
        &self.esc[(i % self.len()) as usize]
    }

    /// The raw item `i` (modulo the length).
    #[inline]
    pub fn raw(&self, i: u64) -> &[u8] {
        &self.raw[(i % self.len()) as usize]
    }

    #[inline]
    pub fn pick(&self, rng: &mut Rng) -> &[u8] {
        self.esc(rng.below(self.len()))
    }
}

/// Countries of addresses, with cities (weighted by repetition: US and GB most often).
pub const COUNTRIES: &[(&str, &[&str])] = &[
    (
        "US",
        &[
            "New York",
            "Los Angeles",
            "Chicago",
            "Houston",
            "Phoenix",
            "San Diego",
            "Austin",
            "Coeur d'Alene",
        ],
    ),
    (
        "US",
        &[
            "Seattle",
            "Portland",
            "Denver",
            "Boston",
            "Miami",
            "Atlanta",
            "Philadelphia",
            "Dallas",
        ],
    ),
    (
        "US",
        &[
            "Springfield",
            "Madison",
            "Salem",
            "Fairview",
            "Georgetown",
            "Franklin",
            "Clinton",
            "Greenville",
        ],
    ),
    (
        "GB",
        &[
            "London",
            "Manchester",
            "Birmingham",
            "Leeds",
            "Glasgow",
            "Bristol",
            "King's Lynn",
        ],
    ),
    (
        "DE",
        &[
            "Berlin",
            "München",
            "Köln",
            "Hamburg",
            "Frankfurt am Main",
            "Düsseldorf",
        ],
    ),
    (
        "FR",
        &[
            "Paris",
            "Lyon",
            "Marseille",
            "Saint-Étienne",
            "Toulouse",
            "Nice",
        ],
    ),
    (
        "CA",
        &["Toronto", "Montréal", "Vancouver", "Calgary", "Ottawa"],
    ),
    (
        "ES",
        &["Madrid", "Barcelona", "A Coruña", "Sevilla", "Valencia"],
    ),
    ("IT", &["Milano", "Roma", "Napoli", "Torino", "Firenze"]),
    (
        "NL",
        &["Amsterdam", "Rotterdam", "'s-Hertogenbosch", "Utrecht"],
    ),
    ("CH", &["Zürich", "Genève", "Basel", "Bern"]),
    ("AT", &["Wien", "Graz", "Linz", "Salzburg"]),
    ("PL", &["Kraków", "Łódź", "Warszawa", "Gdańsk"]),
    ("DK", &["København", "Århus", "Odense"]),
    ("SE", &["Stockholm", "Malmö", "Göteborg"]),
    ("IE", &["Dublin", "Cork", "Galway"]),
    ("AU", &["Sydney", "Melbourne", "Brisbane"]),
    ("JP", &["Tōkyō", "Ōsaka", "Kyōto"]),
];

/// Free-text regions for countries Magento has no region list for.
pub const FREE_REGIONS: &[&str] = &[
    "England",
    "Scotland",
    "Lombardia",
    "Noord-Holland",
    "Mazowieckie",
    "Hovedstaden",
    "Stockholms län",
    "Leinster",
    "New South Wales",
    "Kantō",
    "Hawai'i",
    "",
];

/// Colour and size options of the configurable products (admin labels, then French).
pub const COLORS: &[(&str, &str)] = &[
    ("Black", "Noir"),
    ("White", "Blanc"),
    ("Red", "Rouge"),
    ("Navy", "Bleu marine"),
    ("Charcoal", "Anthracite"),
    ("Ivory", "Ivoire"),
    ("Olive", "Olive"),
    ("Burgundy", "Bordeaux"),
    ("Rosé", "Rosé"),
    ("Mustard", "Moutarde"),
];
pub const SIZES: &[(&str, &str)] = &[
    ("XS", "XS"),
    ("S", "S"),
    ("M", "M"),
    ("L", "L"),
    ("XL", "XL"),
    ("XXL", "XXL"),
];
pub const MANUFACTURERS: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Müller & Söhne",
    "O'Reilly Outfitters",
    "Soylent",
    "Umbrella",
    "Stark",
    "Wayne",
    "Hooli",
];
/// The generated multiselect attributes' options.
pub const MATERIAL_OPTIONS: &[&str] = &[
    "Cotton",
    "Linen",
    "Wool",
    "Silk",
    "Leather",
    "Denim",
    "Polyester",
    "Cashmere",
];
pub const ACTIVITY_OPTIONS: &[&str] = &["Running", "Yoga", "Hiking", "Travel", "Office", "Gym"];

/// French product words for the second store view.
pub const ADJ_FR: &[&str] = &[
    "Classique",
    "Moderne",
    "Vintage",
    "Élégant",
    "Rustique",
    "De luxe",
    "Premium",
    "Essentiel",
    "Léger",
    "Imperméable",
    "Fait main",
    "Crème",
];
pub const NOUNS_FR: &[&str] = &[
    "Veste",
    "Chemise",
    "Robe",
    "Baskets",
    "Bottes",
    "Sac à main",
    "Portefeuille",
    "Montre",
    "Lunettes",
    "Chaise",
    "Table",
    "Lampe",
    "Vase",
    "Tasse",
    "Sac à dos",
    "Écharpe",
];
pub const CATEGORY_FR: &[&str] = &[
    "Femmes",
    "Hommes",
    "Accessoires",
    "Maison & Déco",
    "Soldes",
    "Nouveautés",
    "Chaussures",
    "Sacs & Bagages",
    "Électronique",
    "Livres",
    "Enfants",
    "Plein air",
    "Bijoux",
    "Beauté",
    "Cadeaux",
];
pub const REVIEW_TITLES: &[&str] = &[
    "Great value",
    "Not what I expected",
    "Love it!",
    "Runs small",
    "Five stars",
    "Okay for the price",
    "Très bien",
    "Would buy again",
    "Colour isn't as shown",
    "Perfect \"everyday\" item",
];
pub const REVIEW_TEXTS: &[&str] = &[
    "Arrived quickly and the quality is better than I hoped.",
    "The stitching came loose after two weeks; customer service replaced it.",
    "I ordered a size up as the reviews said and it fits perfectly.",
    "It's fine. Nothing special, but it does the job.",
    "Bought it as a gift & they loved it.\nWill order again.",
    "Le produit correspond à la description, livraison rapide.",
    "Don't wash it at 60°C — mine shrank.",
];
pub const SEARCH_TERMS: &[&str] = &[
    "jacket",
    "black dress",
    "leather wallet",
    "sneakers",
    "watch",
    "sale",
    "gift for him",
    "linen shirt",
    "backpack",
    "lamp",
    "veste",
    "chaussures",
    "ça va",
    "12\" sleeve",
];
pub const FIRST: &[&str] = &[
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

pub const LAST: &[&str] = &[
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

pub const ASCII_FIRST: &[&str] = &[
    "john", "mary", "james", "pat", "robert", "jen", "michael", "linda", "will", "liz", "david",
    "barb", "rich", "susan", "joe", "jess", "tom", "sarah", "chuck", "karen", "dan", "nancy",
    "matt", "lisa", "tony", "betty", "mark", "maggie", "jose", "zoe", "sean", "francois",
    "juergen", "bjorn", "lukasz", "ana", "chloe", "wei", "ahmed", "olga",
];

pub const ASCII_LAST: &[&str] = &[
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

pub const DOMAINS: &[&str] = &[
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

pub const STREETS: &[&str] = &[
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

pub const COMPANIES: &[&str] = &[
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

pub const ADJ: &[&str] = &[
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

pub const MATERIALS: &[&str] = &[
    "Leather", "Cotton", "Linen", "Wool", "Silk", "Denim", "Canvas", "Suede", "Oak", "Walnut",
    "Steel", "Ceramic", "Glass", "Bamboo", "Cashmere",
];

pub const NOUNS: &[&str] = &[
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

pub const CATEGORY_NAMES: &[&str] = &[
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

pub const USER_AGENTS: &[&str] = &[
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

pub const REFERERS: &[&str] = &[
    "https://www.google.com/",
    "https://www.google.co.uk/search?q=leather+jacket&ie=utf-8",
    "http://www.bing.com/search?q=buy%20shoes%20online&form=QBLH",
    "https://www.facebook.com/",
    "http://t.co/AbCdEf1234",
    "http://shop.example.com/women/dresses.html?color=27&p=2",
    "http://shop.example.com/checkout/cart/",
];

pub const ACCEPT_LANG: &[&str] = &[
    "en-US,en;q=0.8",
    "en-GB,en;q=0.5",
    "de-DE,de;q=0.8,en-US;q=0.6,en;q=0.4",
    "fr-FR,fr;q=0.8,en;q=0.6",
    "es-ES,es;q=0.9",
    "pl,en-US;q=0.7,en;q=0.3",
];

pub const CHARSETS: &[&str] = &[
    "ISO-8859-1,utf-8;q=0.7,*;q=0.3",
    "utf-8, iso-8859-1;q=0.5",
    "windows-1252,utf-8;q=0.7,*;q=0.7",
];

pub const META_WORDS: &[&str] = &[
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

pub const LOREM: &[&str] = &[
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

pub const HTML_TAGS: &[(&str, &str)] = &[
    ("<p>", "</p>"),
    ("<p class=\"intro\">", "</p>"),
    ("<li>", "</li>"),
    ("<div class=\"std\"><strong>", "</strong></div>"),
    ("<span style=\"color: #333333;\">", "</span>"),
    ("<p>", "</p>\r\n"),
];

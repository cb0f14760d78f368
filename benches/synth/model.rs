//! The store: how many of each entity, and every fact about an entity as a function of its
//! id (so any table can recompute what another table wrote, without keeping anything):
//! the stores, the catalog layout, the category tree, customers and their addresses, the
//! ids the generated rows add to the base (attributes, options, sets, groups).

use super::base::{Base, text};
use super::crypt::{CRYPT_KEY, Crypt};
use super::fmt::{Rng, hchance, pick, push_u64, slug_into};
use super::pools::{self, Pool};

/// 2012-01-01 00:00:00 UTC: the store opened then; entities are spread over five years.
pub const EPOCH: u64 = 1_325_376_000;
pub const SPAN: u64 = 5 * 365 * 86_400;

/// Products come in blocks of this many (see [`PType`]); a store has at least one block.
pub const BLOCK: u64 = 20;
pub const MIN_PRODUCTS: u64 = BLOCK;

/// Entity type ids of Magento 1 (the base's `eav_entity_type`).
pub const ET_CUSTOMER: u64 = 1;
pub const ET_ADDRESS: u64 = 2;
pub const ET_CATEGORY: u64 = 3;
pub const ET_PRODUCT: u64 = 4;
pub const ET_ORDER: u64 = 5;
pub const ET_INVOICE: u64 = 6;
pub const ET_CREDITMEMO: u64 = 7;
pub const ET_SHIPMENT: u64 = 8;

/// Hash domains, one per kind of fact.
pub mod k {
    pub const PRODUCT: u64 = 1;
    pub const CATEGORY: u64 = 2;
    pub const CUSTOMER: u64 = 3;
    pub const ADDRESS: u64 = 4;
    pub const ORDER: u64 = 5;
    pub const QUOTE: u64 = 6;
    pub const BLOCK: u64 = 7;
    pub const VISITOR: u64 = 8;
    pub const REVIEW: u64 = 9;
    pub const MISC: u64 = 10;
}

/// How many of each entity the store has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scale {
    pub products: u64,
    /// Generated categories (ids 3 and up; 1 and 2 are the base's roots).
    pub categories: u64,
    pub customers: u64,
    pub orders: u64,
    pub visitors: u64,
    pub reviews: u64,
    pub subscribers: u64,
    pub wishlists: u64,
    pub cms_pages: u64,
    pub cms_blocks: u64,
    pub search_terms: u64,
    pub sessions: u64,
    pub coupons: u64,
}

impl Scale {
    /// Every count follows the number of products.
    pub fn for_products(products: u64) -> Scale {
        let p = products.max(MIN_PRODUCTS);
        Scale {
            products: p,
            categories: (6 + p / 30).min(5000),
            customers: 2 * p,
            orders: 5 * p / 2,
            visitors: 3 * p,
            reviews: p / 2,
            subscribers: p * 3 / 4,
            wishlists: p / 5,
            cms_pages: (6 + p / 400).min(300),
            cms_blocks: (4 + p / 800).min(150),
            search_terms: 20 + p / 10,
            sessions: 5 + p / 20,
            coupons: 10 + p / 10,
        }
    }

    /// Quotes: one per order, and after every second order one that was abandoned.
    pub fn quotes(&self) -> u64 {
        self.orders + self.orders / 2
    }
}

// ---------------------------------------------------------------------------------------
// Stores
// ---------------------------------------------------------------------------------------

/// The generated store views (the base has 0 `admin` and 1 `default`).
pub const STORES: &[(u64, &str, u64, u64, &str)] = &[
    // (store_id, code, website_id, group_id, name)
    (2, "french", 1, 1, "French"),
    (3, "wholesale", 2, 2, "Wholesale Store View"),
];
pub const STORE_VIEWS: [u64; 3] = [1, 2, 3];

pub fn website_of(store: u64) -> u64 {
    match store {
        0 => 0,
        3 => 2,
        _ => 1,
    }
}

pub fn store_name(store: u64) -> &'static [u8] {
    match store {
        1 => b"Default Store View",
        2 => b"French",
        _ => b"Wholesale Store View",
    }
}

/// `sales_flat_order.store_name`: website, group and view, one per line (escaped).
pub fn store_path(store: u64) -> &'static [u8] {
    match store {
        1 => b"Main Website\\nMain Website Store\\nDefault Store View",
        2 => b"Main Website\\nMain Website Store\\nFrench",
        _ => b"Wholesale\\nWholesale Store\\nWholesale Store View",
    }
}

// ---------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------

/// What a product is, from its place in its block of [`BLOCK`] ids: 0 a configurable, 1–6
/// its children, 7–15 simples, 16 virtual, 17 a bundle of simples 7–12, 18 a grouped product
/// of simples 13–15, 19 a simple with custom options. The last block, if not full, is
/// simples only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PType {
    Config,
    Child { parent: u64, k: u64 },
    Simple,
    Virtual,
    Bundle,
    Grouped,
    Options,
}

impl PType {
    pub fn type_id(self) -> &'static [u8] {
        match self {
            PType::Config => b"configurable",
            PType::Child { .. } | PType::Simple | PType::Options => b"simple",
            PType::Virtual => b"virtual",
            PType::Bundle => b"bundle",
            PType::Grouped => b"grouped",
        }
    }
}

pub fn block_of(p: u64) -> u64 {
    (p - 1) / BLOCK
}
pub fn config_of(b: u64) -> u64 {
    b * BLOCK + 1
}
pub fn child_of(b: u64, k: u64) -> u64 {
    b * BLOCK + 2 + k
}
/// Simple `i` (0–8) of block `b`.
pub fn simple_of(b: u64, i: u64) -> u64 {
    b * BLOCK + 8 + i
}
pub fn virtual_of(b: u64) -> u64 {
    b * BLOCK + 17
}
pub fn bundle_of(b: u64) -> u64 {
    b * BLOCK + 18
}
pub fn grouped_of(b: u64) -> u64 {
    b * BLOCK + 19
}
pub fn options_of(b: u64) -> u64 {
    b * BLOCK + 20
}

/// Options of the generated select and multiselect attributes, in option-id order.
pub const OPT_COLOR: usize = 0;
pub const OPT_SIZE: usize = 1;
pub const OPT_MANUFACTURER: usize = 2;
pub const OPT_MATERIAL: usize = 3;
pub const OPT_ACTIVITY: usize = 4;
pub const OPTION_COUNTS: [u64; 5] = [
    pools::COLORS.len() as u64,
    pools::SIZES.len() as u64,
    pools::MANUFACTURERS.len() as u64,
    pools::MATERIAL_OPTIONS.len() as u64,
    pools::ACTIVITY_OPTIONS.len() as u64,
];

pub struct Gen {
    pub s: Scale,
    pub base: &'static Base,
    pub orphans: bool,
    pub rng: Rng,
    pub p: Pools,
    pub crypt: Crypt,
    /// Scratch for values built raw (serialized data) before escaping.
    pub scratch: Vec<u8>,
    /// Scratch for a literal built before its row starts.
    pub lit: Vec<u8>,
    pub ids: Ids,
}

/// The ids the generated rows use: the base's, and the first ids of what is added to it.
pub struct Ids {
    pub set_product: u64,
    pub set_category: u64,
    pub set_customer: u64,
    pub set_address: u64,
    /// The generated product attribute set "Clothing".
    pub set_clothing: u64,
    /// The new attributes (user-defined, as a shop makes them): size, material, activity.
    pub attr_size: u64,
    pub attr_material: u64,
    pub attr_activity: u64,
    pub attr_color: u64,
    pub attr_manufacturer: u64,
    pub attr_media_gallery: u64,
    /// First option id of each list of [`OPTION_COUNTS`].
    pub opt_first: [u64; 5],
    pub first_option_value: u64,
    pub first_attr_label: u64,
    pub first_group: u64,
    pub first_entity_attribute: u64,
    /// The gender options of the base (Male, Female).
    pub gender: [u64; 2],
    /// Groups of the Default product set: (id, name, sort_order, default_id).
    pub product_groups: Vec<(u64, String, u64, u64)>,
    /// Attribute assignments of the Default product set: (group id, attribute id, sort).
    pub product_assign: Vec<(u64, u64, u64)>,
    pub first_config: u64,
    pub first_cms_page: u64,
    pub first_cms_block: u64,
}

/// Word pools, escaped once.
pub struct Pools {
    pub first: Pool,
    pub last: Pool,
    pub afirst: Pool,
    pub alast: Pool,
    pub domain: Pool,
    pub street: Pool,
    pub company: Pool,
    pub adj: Pool,
    pub adj_fr: Pool,
    pub material: Pool,
    pub noun: Pool,
    pub noun_fr: Pool,
    pub cat: Pool,
    pub cat_fr: Pool,
    pub agent: Pool,
    pub referer: Pool,
    pub lang: Pool,
    pub charset: Pool,
    pub meta: Pool,
    pub para: Pool,
    pub review_title: Pool,
    pub review_text: Pool,
    pub search: Pool,
    pub free_region: Pool,
}

fn build_pools() -> Pools {
    let mut rng = Rng::new(0x05ee_d0f9_a9e5);
    let mut paras = Vec::new();
    for k in 0..400 {
        let (open, close) = pools::HTML_TAGS[k % pools::HTML_TAGS.len()];
        let mut p = String::from(open);
        let n = 1 + rng.below(4);
        for j in 0..n {
            if j > 0 {
                p.push(' ');
            }
            p.push_str(pools::LOREM[rng.below(pools::LOREM.len() as u64) as usize]);
        }
        p.push_str(close);
        paras.push(p);
    }
    Pools {
        first: Pool::new(pools::FIRST),
        last: Pool::new(pools::LAST),
        afirst: Pool::new(pools::ASCII_FIRST),
        alast: Pool::new(pools::ASCII_LAST),
        domain: Pool::new(pools::DOMAINS),
        street: Pool::new(pools::STREETS),
        company: Pool::new(pools::COMPANIES),
        adj: Pool::new(pools::ADJ),
        adj_fr: Pool::new(pools::ADJ_FR),
        material: Pool::new(pools::MATERIALS),
        noun: Pool::new(pools::NOUNS),
        noun_fr: Pool::new(pools::NOUNS_FR),
        cat: Pool::new(pools::CATEGORY_NAMES),
        cat_fr: Pool::new(pools::CATEGORY_FR),
        agent: Pool::new(pools::USER_AGENTS),
        referer: Pool::new(pools::REFERERS),
        lang: Pool::new(pools::ACCEPT_LANG),
        charset: Pool::new(pools::CHARSETS),
        meta: Pool::new(pools::META_WORDS),
        para: Pool::new(&paras),
        review_title: Pool::new(pools::REVIEW_TITLES),
        review_text: Pool::new(pools::REVIEW_TEXTS),
        search: Pool::new(pools::SEARCH_TERMS),
        free_region: Pool::new(pools::FREE_REGIONS),
    }
}

fn ids(base: &Base) -> Ids {
    let set_of = |ty: u64| {
        let t = base.table("eav_attribute_set");
        let (id, et) = (t.col("attribute_set_id"), t.col("entity_type_id"));
        t.values
            .iter()
            .filter(|r| super::base::num(&r[et]) == ty)
            .map(|r| super::base::num(&r[id]))
            .min()
            .expect("a default attribute set per entity type")
    };
    let max_attr = base.table("eav_attribute").max("attribute_id");
    let mut opt_first = [0u64; 5];
    let mut next = base.table("eav_attribute_option").max("option_id") + 1;
    for (i, n) in OPTION_COUNTS.iter().enumerate() {
        opt_first[i] = next;
        next += n;
    }
    let set_product = set_of(ET_PRODUCT);
    let groups = base.table("eav_attribute_group");
    let product_groups = groups
        .values
        .iter()
        .filter(|r| super::base::num(&r[groups.col("attribute_set_id")]) == set_product)
        .map(|r| {
            (
                super::base::num(&r[groups.col("attribute_group_id")]),
                text(&r[groups.col("attribute_group_name")]).unwrap_or_default(),
                super::base::num(&r[groups.col("sort_order")]),
                super::base::num(&r[groups.col("default_id")]),
            )
        })
        .collect();
    let ea = base.table("eav_entity_attribute");
    let product_assign = ea
        .values
        .iter()
        .filter(|r| super::base::num(&r[ea.col("attribute_set_id")]) == set_product)
        .map(|r| {
            (
                super::base::num(&r[ea.col("attribute_group_id")]),
                super::base::num(&r[ea.col("attribute_id")]),
                super::base::num(&r[ea.col("sort_order")]),
            )
        })
        .collect();
    let gender_attr = base.attr(ET_CUSTOMER, "gender").id;
    let o = base.table("eav_attribute_option");
    let mut gender: Vec<u64> = o
        .values
        .iter()
        .filter(|r| super::base::num(&r[o.col("attribute_id")]) == gender_attr)
        .map(|r| super::base::num(&r[o.col("option_id")]))
        .collect();
    gender.sort_unstable();
    Ids {
        set_product,
        set_category: set_of(ET_CATEGORY),
        set_customer: set_of(ET_CUSTOMER),
        set_address: set_of(ET_ADDRESS),
        set_clothing: base.table("eav_attribute_set").max("attribute_set_id") + 1,
        attr_size: max_attr + 1,
        attr_material: max_attr + 2,
        attr_activity: max_attr + 3,
        attr_color: base.attr(ET_PRODUCT, "color").id,
        attr_manufacturer: base.attr(ET_PRODUCT, "manufacturer").id,
        attr_media_gallery: base.attr(ET_PRODUCT, "media_gallery").id,
        opt_first,
        first_option_value: base.table("eav_attribute_option_value").max("value_id") + 1,
        first_attr_label: base.table("eav_attribute_label").max("attribute_label_id") + 1,
        first_group: groups.max("attribute_group_id") + 1,
        first_entity_attribute: ea.max("entity_attribute_id") + 1,
        gender: [gender[0], gender[1]],
        product_groups,
        product_assign,
        first_config: base.table("core_config_data").max("config_id") + 1,
        first_cms_page: base.table("cms_page").max("page_id") + 1,
        first_cms_block: base.table("cms_block").max("block_id") + 1,
    }
}

impl Gen {
    pub fn new(base: &'static Base, s: Scale, orphans: bool) -> Gen {
        Gen {
            s,
            base,
            orphans,
            rng: Rng::new(1),
            p: build_pools(),
            crypt: Crypt::new(CRYPT_KEY),
            scratch: Vec::with_capacity(4096),
            lit: Vec::with_capacity(4096),
            ids: ids(base),
        }
    }

    /// Each table draws from its own sequence, so tables do not depend on each other.
    pub fn begin_table(&mut self, name: &str) {
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for b in name.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.rng = Rng::new(h);
    }

    /// The attribute `code` of entity type `ty`: (id, backend type).
    pub fn attr(&self, ty: u64, code: &str) -> (u64, &str) {
        let a = self.base.attr(ty, code);
        (a.id, a.backend.as_str())
    }

    /// Option `i` of list `list` (see [`OPTION_COUNTS`]).
    pub fn option(&self, list: usize, i: u64) -> u64 {
        self.ids.opt_first[list] + i % OPTION_COUNTS[list]
    }

    /// A time between `EPOCH` and `EPOCH + SPAN` that grows with `i` out of `n`.
    pub fn time_at(&self, kind: u64, i: u64, n: u64) -> u64 {
        EPOCH + SPAN / n.max(1) * (i.min(n)) + pick(kind, i, 99, 86_400)
    }

    // -----------------------------------------------------------------------------------
    // Catalog
    // -----------------------------------------------------------------------------------

    pub fn full_blocks(&self) -> u64 {
        self.s.products / BLOCK
    }

    pub fn ptype(&self, p: u64) -> PType {
        let b = block_of(p);
        if b >= self.full_blocks() {
            return PType::Simple;
        }
        match (p - 1) % BLOCK {
            0 => PType::Config,
            k @ 1..=6 => PType::Child {
                parent: config_of(b),
                k: k - 1,
            },
            16 => PType::Virtual,
            17 => PType::Bundle,
            18 => PType::Grouped,
            19 => PType::Options,
            _ => PType::Simple,
        }
    }

    pub fn attribute_set(&self, p: u64) -> u64 {
        match self.ptype(p) {
            PType::Config | PType::Child { .. } => self.ids.set_clothing,
            _ => self.ids.set_product,
        }
    }

    /// Every fourth block is also sold in the wholesale website.
    pub fn in_wholesale(&self, p: u64) -> bool {
        block_of(p).is_multiple_of(4)
    }

    /// The store views a product is in.
    pub fn product_stores(&self, p: u64) -> &'static [u64] {
        if self.in_wholesale(p) {
            &[1, 2, 3]
        } else {
            &[1, 2]
        }
    }

    pub fn visible(&self, p: u64) -> bool {
        !matches!(self.ptype(p), PType::Child { .. })
    }

    /// Visibility: 1 not individually (children), 2 catalog, 3 search, 4 both.
    pub fn visibility(&self, p: u64) -> u64 {
        match self.ptype(p) {
            PType::Child { .. } => 1,
            _ if hchance(k::PRODUCT, p, 1, 30) => 2,
            _ if hchance(k::PRODUCT, p, 2, 20) => 3,
            _ => 4,
        }
    }

    pub fn enabled(&self, p: u64) -> bool {
        !hchance(k::PRODUCT, p, 3, 25)
    }

    /// Colour and size option indexes of child `k` of block `b`.
    pub fn child_options(&self, b: u64, kk: u64) -> (u64, u64) {
        let (c0, c1, s0) = self.block_options(b);
        ([c0, c1][(kk / 3) as usize], s0 + kk % 3)
    }

    /// The two colours and the first of three sizes of a configurable block.
    pub fn block_options(&self, b: u64) -> (u64, u64, u64) {
        let n = pools::COLORS.len() as u64;
        let c0 = pick(k::BLOCK, b, 1, n);
        let c1 = (c0 + 1 + pick(k::BLOCK, b, 2, n - 1)) % n;
        let s0 = pick(k::BLOCK, b, 3, pools::SIZES.len() as u64 - 2);
        (c0, c1, s0)
    }

    /// Price in cents (the configurable's price for its children).
    pub fn price(&self, p: u64) -> u64 {
        let q = match self.ptype(p) {
            PType::Child { parent, .. } => parent,
            _ => p,
        };
        let v = match self.ptype(q) {
            PType::Virtual => 1_000 + pick(k::PRODUCT, q, 4, 9_000),
            _ => 500 + pick(k::PRODUCT, q, 4, 49_500),
        };
        v / 100 * 100 + 99
    }

    /// The fixed or percent surcharge of the configurable block's options: (color index or
    /// size index, is_percent, value in cents or in hundredths of a percent).
    pub fn super_pricing(&self, b: u64) -> [(usize, u64, bool, u64); 3] {
        let (_, c1, s0) = self.block_options(b);
        [
            // the second colour costs 5.00 more; the largest size 10 % more, the middle 2.50
            (OPT_COLOR, c1, false, 500),
            (OPT_SIZE, s0 + 1, false, 250),
            (OPT_SIZE, s0 + 2, true, 1000),
        ]
    }

    /// The price of a child as the configurable sells it (parent price plus surcharges).
    pub fn child_sale_price(&self, b: u64, kk: u64) -> u64 {
        let parent = self.price(config_of(b));
        let (c, s) = self.child_options(b, kk);
        let mut v = parent;
        for (list, i, pct, amount) in self.super_pricing(b) {
            let hit = if list == OPT_COLOR { c == i } else { s == i };
            if hit {
                v += if pct {
                    parent * amount / 10_000
                } else {
                    amount
                };
            }
        }
        v
    }

    pub fn special_price(&self, p: u64) -> Option<u64> {
        matches!(self.ptype(p), PType::Simple | PType::Virtual)
            .then_some(())
            .filter(|_| hchance(k::PRODUCT, p, 5, 100))
            .map(|_| self.price(p) * 8 / 10 / 100 * 100 + 99)
    }

    /// Weight in ten-thousandths of a kilogram (physical products only).
    pub fn weight(&self, p: u64) -> Option<u64> {
        match self.ptype(p) {
            PType::Simple | PType::Options | PType::Child { .. } => {
                Some((1 + pick(k::PRODUCT, p, 6, 500)) * 100)
            }
            PType::Config => Some(10_000),
            _ => None,
        }
    }

    /// The product's name in the admin (store 0), escaped, appended to `b`.
    pub fn pname(&self, p: u64, b: &mut Vec<u8>) {
        if let PType::Child { parent, k: kk } = self.ptype(p) {
            self.pname(parent, b);
            let (c, s) = self.child_options(block_of(p), kk);
            b.extend_from_slice(b" - ");
            super::fmt::escape_into(b, pools::COLORS[c as usize].0.as_bytes());
            b.extend_from_slice(b" / ");
            b.extend_from_slice(pools::SIZES[s as usize].0.as_bytes());
            return;
        }
        b.extend_from_slice(self.p.adj.esc(pick(k::PRODUCT, p, 7, 1 << 20)));
        b.push(b' ');
        if hchance(k::PRODUCT, p, 8, 400) {
            b.extend_from_slice(self.p.material.esc(pick(k::PRODUCT, p, 9, 1 << 20)));
            b.push(b' ');
        }
        b.extend_from_slice(self.p.noun.esc(pick(k::PRODUCT, p, 10, 1 << 20)));
        match self.ptype(p) {
            PType::Bundle => b.extend_from_slice(b" Set"),
            PType::Grouped => b.extend_from_slice(b" Collection"),
            _ => {}
        }
    }

    /// The French name (store 2), escaped, or `None` when the product has none.
    pub fn pname_fr(&self, p: u64, b: &mut Vec<u8>) -> bool {
        if !self.visible(p) || !hchance(k::PRODUCT, p, 11, 600) {
            return false;
        }
        b.extend_from_slice(self.p.noun_fr.esc(pick(k::PRODUCT, p, 10, 1 << 20)));
        b.push(b' ');
        b.extend_from_slice(self.p.adj_fr.esc(pick(k::PRODUCT, p, 7, 1 << 20)));
        true
    }

    pub fn sku(&self, p: u64, b: &mut Vec<u8>) {
        const PREFIX: &[&[u8]] = &[
            b"MSJ", b"WSH", b"ACC", b"HDE", b"abl", b"VID", b"ELC", b"PWC",
        ];
        if let PType::Child { parent, k: kk } = self.ptype(p) {
            self.sku(parent, b);
            let (c, s) = self.child_options(block_of(p), kk);
            b.push(b'-');
            slug_into(b, pools::COLORS[c as usize].0.as_bytes());
            b.push(b'-');
            slug_into(b, pools::SIZES[s as usize].0.as_bytes());
            return;
        }
        b.extend_from_slice(PREFIX[(p % PREFIX.len() as u64) as usize]);
        push_u64(b, 100_000 + p);
        if p.is_multiple_of(7) {
            b.extend_from_slice(b"-XL");
        }
    }

    /// The URL key of a product in a store view (slug of its name and the id).
    pub fn url_key(&self, p: u64, store: u64, b: &mut Vec<u8>) {
        let mut name = Vec::with_capacity(64);
        if store == 2 && self.pname_fr(p, &mut name) {
        } else {
            name.clear();
            self.pname(p, &mut name);
        }
        slug_into(b, &name);
        b.push(b'-');
        push_u64(b, p);
    }

    // -----------------------------------------------------------------------------------
    // Categories: ids 3 .. 3 + categories; the first few under the default category, the
    // others four to a parent, breadth first.
    // -----------------------------------------------------------------------------------

    const TOP: u64 = 6;
    const FANOUT: u64 = 4;

    fn top(&self) -> u64 {
        Self::TOP.min(self.s.categories)
    }

    pub fn category_parent(&self, c: u64) -> u64 {
        let j = c - 3;
        if j < self.top() {
            2
        } else {
            3 + (j - self.top()) / Self::FANOUT
        }
    }

    /// Level under the root catalog (the default category is level 1).
    pub fn category_level(&self, c: u64) -> u64 {
        let mut l = 1;
        let mut x = c;
        while x > 2 {
            x = self.category_parent(x);
            l += 1;
        }
        l
    }

    /// Direct children: a range of ids.
    pub fn category_children(&self, c: u64) -> std::ops::Range<u64> {
        let n = self.s.categories;
        if c == 2 {
            return 3..3 + self.top();
        }
        let j = c - 3;
        let lo = (self.top() + j * Self::FANOUT).min(n);
        let hi = (lo + Self::FANOUT).min(n).max(lo);
        3 + lo..3 + hi
    }

    /// All descendants (`children_count`).
    pub fn category_descendants(&self, c: u64) -> u64 {
        let mut count = 0;
        let mut level = self.category_children(c);
        while !level.is_empty() {
            count += level.end - level.start;
            let first = self.category_children(level.start);
            let last = self.category_children(level.end - 1);
            level = first.start..last.end.max(first.start);
        }
        count
    }

    /// `1/2/…/c`.
    pub fn category_path(&self, c: u64, b: &mut Vec<u8>) {
        if c <= 2 {
            b.push(b'1');
            if c == 2 {
                b.extend_from_slice(b"/2");
            }
            return;
        }
        self.category_path(self.category_parent(c), b);
        b.push(b'/');
        push_u64(b, c);
    }

    /// Position among its siblings.
    pub fn category_position(&self, c: u64) -> u64 {
        let parent = self.category_parent(c);
        c - self.category_children(parent).start + 1
    }

    /// Name (escaped) in store 0 or, for store 2, in French.
    pub fn category_name(&self, c: u64, store: u64, b: &mut Vec<u8>) {
        let j = c - 3;
        let pool = if store == 2 {
            &self.p.cat_fr
        } else {
            &self.p.cat
        };
        b.extend_from_slice(pool.esc(j));
        if j >= pool.len() {
            b.push(b' ');
            push_u64(b, j / pool.len() + 1);
        }
    }

    pub fn category_url_key(&self, c: u64, store: u64, b: &mut Vec<u8>) {
        let mut name = Vec::new();
        self.category_name(c, store, &mut name);
        slug_into(b, &name);
        if c - 3 >= self.top() {
            b.push(b'-');
            push_u64(b, c);
        }
    }

    /// `parent-key/key` without suffix.
    pub fn category_url_path(&self, c: u64, store: u64, b: &mut Vec<u8>) {
        let parent = self.category_parent(c);
        if parent > 2 {
            self.category_url_path(parent, store, b);
            b.push(b'/');
        }
        self.category_url_key(c, store, b);
    }

    /// The categories of a product: its primary one and, for most, a second one.
    pub fn product_categories(&self, p: u64) -> (u64, Option<u64>) {
        let n = self.s.categories;
        let primary = 3 + (p - 1) % n;
        let off = n / 2 + 1;
        let second = (n >= 2 && !off.is_multiple_of(n)).then(|| 3 + (p - 1 + off) % n);
        (primary, second)
    }

    /// The products of category `c`, ascending, into `out`.
    pub fn category_products(&self, c: u64, out: &mut Vec<u64>) {
        out.clear();
        let n = self.s.categories;
        let j = c - 3;
        let mut p = j + 1;
        while p <= self.s.products {
            out.push(p);
            p += n;
        }
        let off = n / 2 + 1;
        if n >= 2 && !off.is_multiple_of(n) {
            let mut q = (j + n - off % n) % n + 1;
            while q <= self.s.products {
                out.push(q);
                q += n;
            }
            out.sort_unstable();
        }
    }

    // -----------------------------------------------------------------------------------
    // Customers and addresses
    // -----------------------------------------------------------------------------------

    pub fn customer_website(&self, c: u64) -> u64 {
        if c.is_multiple_of(7) { 2 } else { 1 }
    }

    pub fn customer_store(&self, c: u64) -> u64 {
        if c.is_multiple_of(7) {
            3
        } else if c.is_multiple_of(4) {
            2
        } else {
            1
        }
    }

    pub fn customer_group(&self, c: u64) -> u64 {
        if c.is_multiple_of(7) {
            2
        } else if hchance(k::CUSTOMER, c, 1, 100) {
            3
        } else {
            1
        }
    }

    /// A customer of `website` picked by `seed`.
    pub fn customer_in(&self, website: u64, seed: u64) -> Option<u64> {
        let n = self.s.customers;
        if website == 2 {
            let m = n / 7;
            (m > 0).then(|| 7 * (1 + seed % m))
        } else {
            let c = 1 + seed % n;
            Some(if c.is_multiple_of(7) { c - 1 } else { c })
        }
    }

    /// First and last name indexes into the name pools.
    pub fn customer_names(&self, c: u64) -> (u64, u64) {
        (
            pick(k::CUSTOMER, c, 2, 1 << 20),
            pick(k::CUSTOMER, c, 3, 1 << 20),
        )
    }

    /// The e-mail address (ASCII, nothing to escape). Every fourteenth customer (a wholesale
    /// one) has the address of the customer before, in the other website: allowed, and real.
    pub fn email(&self, c: u64, b: &mut Vec<u8>) {
        let c = if c.is_multiple_of(14) { c - 1 } else { c };
        b.extend_from_slice(self.p.afirst.esc(pick(k::CUSTOMER, c, 2, 1 << 20)));
        b.push(if c.is_multiple_of(2) { b'.' } else { b'_' });
        b.extend_from_slice(self.p.alast.esc(pick(k::CUSTOMER, c, 3, 1 << 20)));
        push_u64(b, c);
        b.push(b'@');
        b.extend_from_slice(self.p.domain.esc(pick(k::CUSTOMER, c, 4, 1 << 20)));
    }

    /// A last name (escaped); one in 500 is mojibake (UTF-8 read as Latin-1 and stored again).
    pub fn last_name(&self, i: u64, b: &mut Vec<u8>) {
        if i % 500 == 7 {
            b.extend_from_slice("MÃ¼ller-SchÃ¤fer".as_bytes());
        } else {
            b.extend_from_slice(self.p.last.esc(i));
        }
    }

    pub fn customer_created(&self, c: u64) -> u64 {
        self.time_at(k::CUSTOMER, c, self.s.customers)
    }

    /// Addresses per customer repeat with period 8 (10 addresses per 8 customers).
    const ADDR_PATTERN: [u64; 8] = [1, 2, 1, 0, 1, 3, 1, 1];
    const ADDR_CUM: [u64; 9] = [0, 1, 3, 4, 4, 5, 8, 9, 10];

    /// The first address id of customer `c` and how many it has.
    pub fn customer_addresses(&self, c: u64) -> (u64, u64) {
        let full = (c - 1) / 8;
        let j = ((c - 1) % 8) as usize;
        (full * 10 + Self::ADDR_CUM[j] + 1, Self::ADDR_PATTERN[j])
    }

    pub fn addresses(&self) -> u64 {
        let (first, n) = self.customer_addresses(self.s.customers);
        first + n - 1
    }

    /// The owner of address `a` and its index among the owner's addresses.
    pub fn address_owner(&self, a: u64) -> (u64, u64) {
        let full = (a - 1) / 10;
        let r = (a - 1) % 10;
        let j = (0..8)
            .rev()
            .find(|&j| Self::ADDR_CUM[j] <= r && Self::ADDR_PATTERN[j] > 0);
        let j = j.expect("some customer of the period has the address");
        (full * 8 + j as u64 + 1, r - Self::ADDR_CUM[j])
    }

    /// Country code and city (both ASCII-safe to escape once) of an address seed.
    pub fn place(&self, seed: u64) -> (&'static str, &'static str) {
        let (country, cities) = pools::COUNTRIES[(seed % pools::COUNTRIES.len() as u64) as usize];
        (
            country,
            cities[((seed >> 20) % cities.len() as u64) as usize],
        )
    }

    /// The region of a place: (region_id, name) from the base's list for the country, or a
    /// free-text region.
    pub fn region(&self, country: &str, seed: u64) -> (Option<u64>, &'static [u8]) {
        let base: &'static Base = self.base;
        match base.regions.iter().find(|(c, _)| c == country) {
            Some((_, list)) if !list.is_empty() => {
                let (id, name) = &list[(seed % list.len() as u64) as usize];
                (Some(*id), name.as_bytes())
            }
            _ => {
                let free = pools::FREE_REGIONS;
                (None, free[(seed % free.len() as u64) as usize].as_bytes())
            }
        }
    }
}

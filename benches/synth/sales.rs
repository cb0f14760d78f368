//! Quotes and orders with everything that hangs off them. An order's facts (store, state,
//! customer, lines, totals) are a function of its id; the ids of its items, invoice,
//! shipment and credit memo come from walking the orders in id order with running counters
//! ([`Walk`]), which every sales table does the same way.

use super::catalog::{
    OPTION_ENGRAVING_CENTS, OPTION_WRAP_CENTS, OPTION_WRAP_TITLES, bundle_selection_product,
};
use super::customers::{Place, address_names, place, street};
use super::fmt::{
    escape_into, hash, hchance, pick, push_hex, push_u64, ser_arr, ser_cents, ser_end, ser_int,
    ser_kv, ser_null, ser_num_str, ser_str,
};
use super::model::{
    ET_CREDITMEMO, ET_INVOICE, ET_ORDER, ET_SHIPMENT, Gen, OPT_COLOR, OPT_SIZE, PType, block_of,
    bundle_of, child_of, config_of, k, options_of, simple_of, store_path, virtual_of, website_of,
};
use super::{T, TableGen};
use std::io;

pub fn register(v: &mut Vec<TableGen>) {
    let mut t = |table, cols, run| {
        v.push(TableGen {
            table,
            cols,
            replace_base: false,
            run,
        })
    };
    t("sales_flat_order", ORDER_COLS, order);
    t(
        "sales_flat_order_grid",
        &[
            "entity_id",
            "status",
            "store_id",
            "store_name",
            "customer_id",
            "base_grand_total",
            "base_total_paid",
            "grand_total",
            "total_paid",
            "increment_id",
            "base_currency_code",
            "order_currency_code",
            "shipping_name",
            "billing_name",
            "created_at",
            "updated_at",
        ],
        order_grid,
    );
    t(
        "sales_flat_order_address",
        &[
            "entity_id",
            "parent_id",
            "customer_address_id",
            "quote_address_id",
            "region_id",
            "customer_id",
            "fax",
            "region",
            "postcode",
            "lastname",
            "street",
            "city",
            "email",
            "telephone",
            "country_id",
            "firstname",
            "address_type",
            "company",
        ],
        order_address,
    );
    t("sales_flat_order_item", ITEM_COLS, order_item);
    t("sales_flat_order_payment", PAYMENT_COLS, order_payment);
    t(
        "sales_flat_order_status_history",
        &[
            "entity_id",
            "parent_id",
            "is_customer_notified",
            "is_visible_on_front",
            "comment",
            "status",
            "created_at",
            "entity_name",
        ],
        status_history,
    );
    t(
        "sales_payment_transaction",
        &[
            "transaction_id",
            "parent_id",
            "order_id",
            "payment_id",
            "txn_id",
            "parent_txn_id",
            "txn_type",
            "is_closed",
            "additional_information",
            "created_at",
        ],
        payment_transaction,
    );
    t("sales_flat_invoice", INVOICE_COLS, invoice);
    t(
        "sales_flat_invoice_grid",
        &[
            "entity_id",
            "store_id",
            "base_grand_total",
            "grand_total",
            "order_id",
            "state",
            "store_currency_code",
            "order_currency_code",
            "base_currency_code",
            "global_currency_code",
            "increment_id",
            "order_increment_id",
            "created_at",
            "order_created_at",
            "billing_name",
        ],
        invoice_grid,
    );
    t("sales_flat_invoice_item", DOC_ITEM_COLS, invoice_item);
    t("sales_flat_invoice_comment", COMMENT_COLS, invoice_comment);
    t(
        "sales_flat_shipment",
        &[
            "entity_id",
            "store_id",
            "total_weight",
            "total_qty",
            "email_sent",
            "order_id",
            "customer_id",
            "shipping_address_id",
            "billing_address_id",
            "shipment_status",
            "increment_id",
            "created_at",
            "updated_at",
            "packages",
        ],
        shipment,
    );
    t(
        "sales_flat_shipment_grid",
        &[
            "entity_id",
            "store_id",
            "total_qty",
            "order_id",
            "shipment_status",
            "increment_id",
            "order_increment_id",
            "created_at",
            "order_created_at",
            "shipping_name",
        ],
        shipment_grid,
    );
    t(
        "sales_flat_shipment_item",
        &[
            "entity_id",
            "parent_id",
            "row_total",
            "price",
            "weight",
            "qty",
            "product_id",
            "order_item_id",
            "name",
            "sku",
        ],
        shipment_item,
    );
    t(
        "sales_flat_shipment_track",
        &[
            "entity_id",
            "parent_id",
            "weight",
            "qty",
            "order_id",
            "track_number",
            "title",
            "carrier_code",
            "created_at",
            "updated_at",
        ],
        shipment_track,
    );
    t(
        "sales_flat_shipment_comment",
        COMMENT_COLS,
        shipment_comment,
    );
    t("sales_flat_creditmemo", CREDITMEMO_COLS, creditmemo);
    t(
        "sales_flat_creditmemo_grid",
        &[
            "entity_id",
            "store_id",
            "store_to_order_rate",
            "base_to_order_rate",
            "grand_total",
            "store_to_base_rate",
            "base_to_global_rate",
            "base_grand_total",
            "order_id",
            "creditmemo_status",
            "state",
            "invoice_id",
            "store_currency_code",
            "order_currency_code",
            "base_currency_code",
            "global_currency_code",
            "increment_id",
            "order_increment_id",
            "created_at",
            "order_created_at",
            "billing_name",
        ],
        creditmemo_grid,
    );
    t("sales_flat_creditmemo_item", DOC_ITEM_COLS, creditmemo_item);
    t(
        "sales_flat_creditmemo_comment",
        COMMENT_COLS,
        creditmemo_comment,
    );
    t("sales_flat_quote", QUOTE_COLS, quote);
    t("sales_flat_quote_item", QUOTE_ITEM_COLS, quote_item);
    t(
        "sales_flat_quote_item_option",
        &["option_id", "item_id", "product_id", "code", "value"],
        quote_item_option,
    );
    t(
        "sales_flat_quote_address",
        QUOTE_ADDRESS_COLS,
        quote_address,
    );
    t(
        "sales_flat_quote_payment",
        &[
            "payment_id",
            "quote_id",
            "created_at",
            "updated_at",
            "method",
            "cc_type",
            "cc_number_enc",
            "cc_last4",
            "cc_owner",
            "cc_exp_month",
            "cc_exp_year",
            "additional_information",
        ],
        quote_payment,
    );
    t(
        "sales_flat_quote_shipping_rate",
        &[
            "rate_id",
            "address_id",
            "created_at",
            "updated_at",
            "carrier",
            "carrier_title",
            "code",
            "method",
            "method_description",
            "price",
            "method_title",
        ],
        shipping_rate,
    );
    t(
        "eav_entity_store",
        &[
            "entity_store_id",
            "entity_type_id",
            "store_id",
            "increment_prefix",
            "increment_last_id",
        ],
        entity_store,
    );
}

// ---------------------------------------------------------------------------------------
// Orders as functions of their id
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Simple,
    Virtual,
    Options,
    Config,
    Bundle,
}

impl Kind {
    /// Order (and quote) items of a line.
    fn items(self) -> u64 {
        match self {
            Kind::Config => 2,
            Kind::Bundle => 3,
            _ => 1,
        }
    }
    /// Invoice and credit memo items: not the configurable's child.
    fn doc_items(self) -> u64 {
        match self {
            Kind::Bundle => 3,
            _ => 1,
        }
    }
    /// Shipment items: nothing for virtual products.
    fn ship_items(self) -> u64 {
        match self {
            Kind::Virtual => 0,
            k => k.doc_items(),
        }
    }
    /// Quote item options (see [`quote_item_option`]).
    fn options(self) -> u64 {
        match self {
            Kind::Simple | Kind::Virtual => 1,
            Kind::Options => 3,
            Kind::Config => 5,
            Kind::Bundle => 7,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Line {
    pub kind: Kind,
    pub product: u64,
    /// The configurable's child, or the bundle's two selections.
    pub child: u64,
    pub sel: [u64; 2],
    /// The gift-wrap value of an options product (0–2).
    pub wrap: u64,
    pub qty: u64,
    /// Unit price in cents.
    pub price: u64,
    pub tax: u64,
    pub discount: u64,
}

impl Line {
    fn row(&self) -> u64 {
        self.price * self.qty
    }
}

pub const STATES: &[(&str, &str, u64)] = &[
    // (state, status, per mille)
    ("complete", "complete", 520),
    ("processing", "processing", 120),
    ("new", "pending", 80),
    ("canceled", "canceled", 100),
    ("closed", "closed", 80),
    ("holded", "holded", 40),
    ("pending_payment", "pending_payment", 60),
];

pub const SHIPPING: &[(&str, &str, &str, &str, u64)] = &[
    // (method code, carrier, carrier title, method title, cents)
    ("flatrate_flatrate", "flatrate", "Flat Rate", "Fixed", 500),
    (
        "freeshipping_freeshipping",
        "freeshipping",
        "Free Shipping",
        "Free",
        0,
    ),
    ("ups_GND", "ups", "United Parcel Service", "Ground", 1299),
    (
        "tablerate_bestway",
        "tablerate",
        "Best Way",
        "Table Rate",
        995,
    ),
    (
        "usps_1",
        "usps",
        "United States Postal Service",
        "Priority Mail 2-Day",
        850,
    ),
];

pub const PAY_PAYPAL: usize = 2;
pub const PAY_AUTHORIZENET: usize = 3;
pub const PAYMENT: &[&str] = &[
    "checkmo",
    "ccsave",
    "paypal_express",
    "authorizenet",
    "banktransfer",
    "cashondelivery",
];

pub struct Order {
    pub id: u64,
    pub store: u64,
    pub customer: Option<u64>,
    pub state: usize,
    pub lines: [Line; 4],
    pub n: usize,
    pub created: u64,
    pub ship: Option<usize>,
    pub pay: usize,
    pub subtotal: u64,
    pub shipping: u64,
    pub tax: u64,
    pub discount: u64,
    pub coupon: bool,
    pub tax_rate: u64,
}

impl Order {
    pub fn lines(&self) -> &[Line] {
        &self.lines[..self.n]
    }
    pub fn grand(&self) -> u64 {
        self.subtotal + self.shipping + self.tax - self.discount
    }
    pub fn state(&self) -> &'static str {
        STATES[self.state].0
    }
    pub fn status(&self) -> &'static str {
        STATES[self.state].1
    }
    // Indexes into STATES: 0 complete, 1 processing, 2 new, 3 canceled, 4 closed, 5 holded,
    // 6 pending_payment.
    pub fn invoiced(&self) -> bool {
        matches!(self.state, 0 | 1 | 4)
    }
    pub fn shipped(&self) -> bool {
        matches!(self.state, 0 | 4) && self.ship.is_some()
    }
    pub fn refunded(&self) -> bool {
        self.state == 4
    }
    pub fn canceled(&self) -> bool {
        self.state == 3
    }
    pub fn items(&self) -> u64 {
        self.lines().iter().map(|l| l.kind.items()).sum()
    }
    pub fn qty(&self) -> u64 {
        self.lines().iter().map(|l| l.qty).sum()
    }
    pub fn is_virtual(&self) -> bool {
        self.ship.is_none()
    }
    pub fn updated(&self) -> u64 {
        self.created + 3_600 + pick(k::ORDER, self.id, 40, 86_400 * 20)
    }
    pub fn paid(&self) -> Option<u64> {
        self.invoiced().then(|| self.grand())
    }
    pub fn history(&self) -> u64 {
        match self.state {
            0 => 3,
            4 => 4,
            1 | 3 | 5 => 2,
            _ => 1,
        }
    }
}

fn line_count(dom: u64, id: u64, max: u64) -> usize {
    1 + pick(dom, id, 1, max) as usize
}

fn line_kind(dom: u64, id: u64, i: u64) -> Kind {
    match pick(dom, id, 20 + i, 1000) {
        0..=549 => Kind::Simple,
        550..=749 => Kind::Config,
        750..=819 => Kind::Bundle,
        820..=889 => Kind::Virtual,
        _ => Kind::Options,
    }
}

/// Picks the lines of an order or quote (`kind` domain, `id`) for a store's website.
fn pick_lines(
    g: &Gen,
    dom: u64,
    id: u64,
    store: u64,
    max: u64,
    tax_rate: u64,
    coupon: bool,
) -> ([Line; 4], usize) {
    let blank = Line {
        kind: Kind::Simple,
        product: 1,
        child: 0,
        sel: [0, 0],
        wrap: 0,
        qty: 1,
        price: 0,
        tax: 0,
        discount: 0,
    };
    let mut lines = [blank; 4];
    let n = line_count(dom, id, max);
    let blocks = g.full_blocks();
    for (i, l) in lines.iter_mut().enumerate().take(n) {
        let i = i as u64;
        let mut b = pick(dom, id, 10 + i, blocks);
        if website_of(store) == 2 {
            b = b / 4 * 4;
        }
        let kind = line_kind(dom, id, i);
        l.kind = kind;
        l.qty = 1 + pick(dom, id, 30 + i, 3);
        match kind {
            Kind::Simple => {
                l.product = simple_of(b, pick(dom, id, 40 + i, 9));
                l.price = g.price(l.product);
            }
            Kind::Virtual => {
                l.product = virtual_of(b);
                l.price = g.price(l.product);
            }
            Kind::Options => {
                l.product = options_of(b);
                l.wrap = pick(dom, id, 40 + i, 3);
                let base = g.price(l.product);
                l.price = base
                    + OPTION_ENGRAVING_CENTS
                    + if l.wrap == 2 {
                        base / 10
                    } else {
                        OPTION_WRAP_CENTS[l.wrap as usize]
                    };
            }
            Kind::Config => {
                let kk = pick(dom, id, 40 + i, 6);
                l.product = config_of(b);
                l.child = child_of(b, kk);
                l.price = g.child_sale_price(b, kk);
            }
            Kind::Bundle => {
                l.product = bundle_of(b);
                l.qty = 1;
                l.sel = [
                    bundle_selection_product(b, 0, pick(dom, id, 40 + i, 3)),
                    bundle_selection_product(b, 1, pick(dom, id, 50 + i, 3)),
                ];
                l.price = g.price(l.sel[0]) + g.price(l.sel[1]);
            }
        }
        l.tax = l.row() * tax_rate / 10_000;
        l.discount = if coupon { l.row() / 10 } else { 0 };
    }
    (lines, n)
}

pub fn order_spec(g: &Gen, o: u64) -> Order {
    let store = match pick(k::ORDER, o, 2, 100) {
        0..=54 => 1,
        55..=79 => 2,
        _ => 3,
    };
    let guest = website_of(store) == 1 && hchance(k::ORDER, o, 3, 150);
    let customer = if guest {
        None
    } else {
        g.customer_in(website_of(store), hash(k::ORDER, o, 4))
    };
    let mut w = pick(k::ORDER, o, 5, 1000);
    let mut state = 0;
    for (i, s) in STATES.iter().enumerate() {
        if w < s.2 {
            state = i;
            break;
        }
        w -= s.2;
    }
    let tax_rate = if store == 1 && hchance(k::ORDER, o, 6, 500) {
        825
    } else {
        0
    };
    let coupon = hchance(k::ORDER, o, 7, 150);
    let (lines, n) = pick_lines(g, k::ORDER, o, store, 4, tax_rate, coupon);
    let all_virtual = lines[..n].iter().all(|l| l.kind == Kind::Virtual);
    let ship = (!all_virtual).then(|| pick(k::ORDER, o, 8, SHIPPING.len() as u64) as usize);
    let mut pay = pick(k::ORDER, o, 9, PAYMENT.len() as u64) as usize;
    if state == 6 {
        pay = PAY_PAYPAL;
    }
    let subtotal = lines[..n].iter().map(Line::row).sum();
    Order {
        id: o,
        store,
        customer,
        state,
        lines,
        n,
        created: g.time_at(k::ORDER, o, g.s.orders),
        ship,
        pay,
        subtotal,
        shipping: ship.map_or(0, |s| SHIPPING[s].4),
        tax: lines[..n].iter().map(|l| l.tax).sum(),
        discount: lines[..n].iter().map(|l| l.discount).sum(),
        coupon,
        tax_rate,
    }
}

/// The order of quote `q`, or `None` for an abandoned quote (every third).
pub fn quote_order(q: u64) -> Option<u64> {
    let (kk, j) = ((q - 1) / 3, (q - 1) % 3);
    (j < 2).then_some(2 * kk + j + 1)
}

pub fn order_quote(o: u64) -> u64 {
    o + (o - 1) / 2
}

/// An abandoned quote: store, customer, lines.
pub struct Abandoned {
    pub store: u64,
    pub customer: Option<u64>,
    pub lines: [Line; 4],
    pub n: usize,
    pub created: u64,
}

pub fn abandoned_spec(g: &Gen, q: u64) -> Abandoned {
    let store = 1 + pick(k::QUOTE, q, 2, 3);
    let customer = if hchance(k::QUOTE, q, 3, 400) {
        None
    } else {
        g.customer_in(website_of(store), hash(k::QUOTE, q, 4))
    };
    let (lines, n) = pick_lines(g, k::QUOTE, q, store, 2, 0, false);
    Abandoned {
        store,
        customer,
        lines,
        n,
        created: g.time_at(k::QUOTE, q, g.s.quotes()),
    }
}

/// An order with the ids of everything that hangs off it.
pub struct Ctx {
    pub o: Order,
    pub increment: [u8; 9],
    pub item0: u64,
    pub qitem0: u64,
    pub quote: u64,
    pub invoice: Option<(u64, [u8; 9])>,
    pub shipment: Option<(u64, [u8; 9])>,
    pub creditmemo: Option<(u64, [u8; 9])>,
    pub inv_item0: u64,
    pub ship_item0: u64,
    pub cm_item0: u64,
    pub history0: u64,
    /// Payment transactions: (first id, how many).
    pub txn: (u64, u64),
}

/// Walks the orders in id order, counting what each one adds.
pub struct Walk<'g> {
    g: &'g Gen,
    next: u64,
    item: u64,
    qitem: u64,
    qopt: u64,
    inv: u64,
    inv_item: u64,
    ship: u64,
    ship_item: u64,
    cm: u64,
    cm_item: u64,
    history: u64,
    txn: u64,
    /// Per entity type (order, invoice, shipment, credit memo), per store: the last number.
    pub seq: [[u64; 4]; 4],
}

/// `1` + 8 digits: Magento's per-store increment id (prefix = store id).
fn increment(store: u64, n: u64) -> [u8; 9] {
    let mut a = [b'0'; 9];
    a[0] = b'0' + (store % 10) as u8;
    let mut v = n;
    for d in a[1..].iter_mut().rev() {
        *d = b'0' + (v % 10) as u8;
        v /= 10;
    }
    a
}

pub fn txn_count(o: &Order) -> u64 {
    if !o.invoiced() {
        return 0;
    }
    match o.pay {
        PAY_PAYPAL => 1,
        PAY_AUTHORIZENET => 2,
        _ => 0,
    }
}

impl<'g> Walk<'g> {
    pub fn new(g: &'g Gen) -> Self {
        Walk {
            g,
            next: 1,
            item: 1,
            qitem: 1,
            qopt: 1,
            inv: 1,
            inv_item: 1,
            ship: 1,
            ship_item: 1,
            cm: 1,
            cm_item: 1,
            history: 1,
            txn: 1,
            seq: [[0; 4]; 4],
        }
    }

    /// The quote item (and option) ids of an abandoned quote walked past.
    fn skip_abandoned(&mut self, q: u64) {
        let n = line_count(k::QUOTE, q, 2);
        for i in 0..n as u64 {
            let kind = line_kind(k::QUOTE, q, i);
            self.qitem += kind.items();
            self.qopt += kind.options();
        }
    }
}

impl Iterator for Walk<'_> {
    type Item = Ctx;

    fn next(&mut self) -> Option<Ctx> {
        let id = self.next;
        if id > self.g.s.orders {
            return None;
        }
        self.next += 1;
        let q = order_quote(id);
        if id % 2 == 1 && id > 1 {
            self.skip_abandoned(q - 1);
        }
        let o = order_spec(self.g, id);
        let s = o.store as usize;
        self.seq[0][s] += 1;
        let increment_id = increment(o.store, self.seq[0][s]);
        let mut doc = |kind: usize, on: bool, counter: &mut u64| {
            on.then(|| {
                self.seq[kind][s] += 1;
                let id = *counter;
                *counter += 1;
                (id, increment(o.store, self.seq[kind][s]))
            })
        };
        let invoice = doc(1, o.invoiced(), &mut self.inv);
        let shipment = doc(2, o.shipped(), &mut self.ship);
        let creditmemo = doc(3, o.refunded(), &mut self.cm);
        let ctx = Ctx {
            increment: increment_id,
            item0: self.item,
            qitem0: self.qitem,
            quote: q,
            invoice,
            shipment,
            creditmemo,
            inv_item0: self.inv_item,
            ship_item0: self.ship_item,
            cm_item0: self.cm_item,
            history0: self.history,
            txn: (self.txn, txn_count(&o)),
            o,
        };
        let lines = ctx.o.lines();
        self.item += ctx.o.items();
        self.qitem += ctx.o.items();
        self.qopt += lines.iter().map(|l| l.kind.options()).sum::<u64>();
        let doc_items: u64 = lines.iter().map(|l| l.kind.doc_items()).sum();
        if ctx.invoice.is_some() {
            self.inv_item += doc_items;
        }
        if ctx.shipment.is_some() {
            self.ship_item += lines.iter().map(|l| l.kind.ship_items()).sum::<u64>();
        }
        if ctx.creditmemo.is_some() {
            self.cm_item += doc_items;
        }
        self.history += ctx.o.history();
        self.txn += ctx.txn.1;
        Some(ctx)
    }
}

// ---------------------------------------------------------------------------------------
// Names and addresses of an order
// ---------------------------------------------------------------------------------------

/// An order or quote address: built from a customer address, or for guests from the id.
pub struct Addr {
    pub customer_address: Option<u64>,
    pub first: u64,
    pub last: u64,
    pub seed: u64,
    pub place: Place,
}

/// The billing (`shipping == false`) or shipping address of order or quote `id`.
pub fn order_addr(g: &Gen, dom: u64, id: u64, customer: Option<u64>, shipping: bool) -> Addr {
    if let Some(c) = customer {
        let (a0, n) = g.customer_addresses(c);
        if n > 0 {
            let a = if shipping && n > 1 && hchance(dom, id, 60, 300) {
                a0 + 1
            } else {
                a0
            };
            let (first, last) = address_names(g, a);
            let seed = hash(k::ADDRESS, a, 3);
            return Addr {
                customer_address: Some(a),
                first,
                last,
                seed,
                place: place(g, seed),
            };
        }
        let (first, last) = g.customer_names(c);
        let seed = hash(dom, id, 61);
        return Addr {
            customer_address: None,
            first,
            last,
            seed,
            place: place(g, seed),
        };
    }
    let seed = hash(dom, id, 61);
    Addr {
        customer_address: None,
        first: pick(dom, id, 62, 1 << 20),
        last: pick(dom, id, 63, 1 << 20),
        seed,
        place: place(g, seed),
    }
}

/// "First Last" (escaped).
fn full_name(g: &Gen, a: &Addr, b: &mut Vec<u8>) {
    b.extend_from_slice(g.p.first.esc(a.first));
    b.push(b' ');
    g.last_name(a.last, b);
}

fn order_email(g: &Gen, o: &Order, b: &mut Vec<u8>) {
    match o.customer {
        Some(c) => g.email(c, b),
        None => {
            b.extend_from_slice(b"guest");
            push_u64(b, o.id);
            b.extend_from_slice(b"@example.com");
        }
    }
}

fn ip(seed: u64, b: &mut Vec<u8>) {
    for kk in 0..4 {
        if kk > 0 {
            b.push(b'.');
        }
        push_u64(b, (seed >> (8 * kk)) & 255);
    }
}

// ---------------------------------------------------------------------------------------
// sales_flat_order and its grid
// ---------------------------------------------------------------------------------------

const ORDER_COLS: &[&str] = &[
    "entity_id",
    "state",
    "status",
    "coupon_code",
    "protect_code",
    "shipping_description",
    "is_virtual",
    "store_id",
    "customer_id",
    "base_discount_amount",
    "base_discount_invoiced",
    "base_grand_total",
    "base_shipping_amount",
    "base_shipping_invoiced",
    "base_shipping_refunded",
    "base_shipping_tax_amount",
    "base_subtotal",
    "base_subtotal_invoiced",
    "base_subtotal_refunded",
    "base_tax_amount",
    "base_tax_invoiced",
    "base_tax_refunded",
    "base_to_global_rate",
    "base_to_order_rate",
    "base_total_canceled",
    "base_total_invoiced",
    "base_total_invoiced_cost",
    "base_total_offline_refunded",
    "base_total_online_refunded",
    "base_total_paid",
    "base_total_qty_ordered",
    "base_total_refunded",
    "discount_amount",
    "discount_invoiced",
    "grand_total",
    "shipping_amount",
    "shipping_invoiced",
    "shipping_refunded",
    "shipping_tax_amount",
    "store_to_base_rate",
    "store_to_order_rate",
    "subtotal",
    "subtotal_invoiced",
    "subtotal_refunded",
    "tax_amount",
    "tax_invoiced",
    "tax_refunded",
    "total_canceled",
    "total_invoiced",
    "total_offline_refunded",
    "total_online_refunded",
    "total_paid",
    "total_qty_ordered",
    "total_refunded",
    "customer_is_guest",
    "customer_note_notify",
    "billing_address_id",
    "customer_group_id",
    "email_sent",
    "quote_id",
    "shipping_address_id",
    "base_subtotal_incl_tax",
    "base_total_due",
    "subtotal_incl_tax",
    "total_due",
    "weight",
    "customer_dob",
    "increment_id",
    "applied_rule_ids",
    "base_currency_code",
    "customer_email",
    "customer_firstname",
    "customer_lastname",
    "discount_description",
    "global_currency_code",
    "order_currency_code",
    "remote_ip",
    "shipping_method",
    "store_currency_code",
    "store_name",
    "customer_note",
    "created_at",
    "updated_at",
    "total_item_count",
    "customer_gender",
    "hidden_tax_amount",
    "base_hidden_tax_amount",
    "shipping_incl_tax",
    "base_shipping_incl_tax",
    "coupon_rule_name",
];

fn order(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut email = Vec::new();
    for c in Walk::new(g) {
        let o = &c.o;
        let inv = o.invoiced();
        let refunded = o.refunded();
        let canceled = o.canceled();
        let grand = o.grand();
        email.clear();
        order_email(g, o, &mut email);
        let bill = order_addr(g, k::ORDER, o.id, o.customer, false);
        let weight: u64 = o
            .lines()
            .iter()
            .map(|l| g.weight(l.child.max(l.product)).unwrap_or(0) * l.qty)
            .sum();
        t.row(|r| {
            r.u(o.id);
            r.s(o.state().as_bytes());
            r.s(o.status().as_bytes());
            if o.coupon {
                r.s(b"SUMMER15");
            } else {
                r.null();
            }
            r.with(|b| push_hex(b, hash(k::ORDER, o.id, 41), 6));
            match o.ship {
                Some(s) => r.with(|b| {
                    b.extend_from_slice(SHIPPING[s].2.as_bytes());
                    b.extend_from_slice(b" - ");
                    b.extend_from_slice(SHIPPING[s].3.as_bytes());
                }),
                None => r.null(),
            }
            r.u(u64::from(o.is_virtual()));
            r.u(o.store);
            r.opt_u(o.customer);
            r.neg_dec(o.discount * 100);
            r.opt_money(inv.then_some(o.discount));
            r.money(grand);
            r.money(o.shipping);
            r.opt_money(inv.then_some(o.shipping));
            r.opt_money(refunded.then_some(o.shipping));
            r.money(0);
            r.money(o.subtotal);
            r.opt_money(inv.then_some(o.subtotal));
            r.opt_money(refunded.then_some(o.subtotal));
            r.money(o.tax);
            r.opt_money(inv.then_some(o.tax));
            r.opt_money(refunded.then_some(o.tax));
            r.dec(10_000);
            r.dec(10_000);
            r.opt_money(canceled.then_some(grand));
            r.opt_money(inv.then_some(grand));
            r.opt_money(inv.then_some(0));
            r.opt_money(refunded.then_some(grand));
            r.null();
            r.opt_money(inv.then_some(grand));
            r.null();
            r.opt_money(refunded.then_some(grand));
            r.neg_dec(o.discount * 100);
            r.opt_money(inv.then_some(o.discount));
            r.money(grand);
            r.money(o.shipping);
            r.opt_money(inv.then_some(o.shipping));
            r.opt_money(refunded.then_some(o.shipping));
            r.money(0);
            r.dec(10_000);
            r.dec(10_000);
            r.money(o.subtotal);
            r.opt_money(inv.then_some(o.subtotal));
            r.opt_money(refunded.then_some(o.subtotal));
            r.money(o.tax);
            r.opt_money(inv.then_some(o.tax));
            r.opt_money(refunded.then_some(o.tax));
            r.opt_money(canceled.then_some(grand));
            r.opt_money(inv.then_some(grand));
            r.opt_money(refunded.then_some(grand));
            r.null();
            r.opt_money(inv.then_some(grand));
            r.dec(o.qty() * 10_000);
            r.opt_money(refunded.then_some(grand));
            r.u(u64::from(o.customer.is_none()));
            r.u(1);
            r.u(o.id * 2 - 1);
            r.u(match o.customer {
                Some(cu) => g.customer_group(cu),
                None => 0,
            });
            r.u(1);
            r.u(c.quote);
            if o.is_virtual() {
                r.null();
            } else {
                r.u(o.id * 2);
            }
            r.money(o.subtotal + o.tax);
            r.money(if inv { 0 } else { grand });
            r.money(o.subtotal + o.tax);
            r.money(if inv { 0 } else { grand });
            r.dec(weight);
            r.null();
            r.s(&c.increment);
            if o.coupon {
                r.s(b"1");
            } else {
                r.null();
            }
            r.s(b"USD");
            r.s(&email);
            match o.customer {
                Some(cu) => {
                    let (f, l) = g.customer_names(cu);
                    r.s(g.p.first.esc(f));
                    r.with(|b| g.last_name(l, b));
                }
                None => {
                    r.s(g.p.first.esc(bill.first));
                    r.with(|b| g.last_name(bill.last, b));
                }
            }
            if o.coupon {
                r.s(b"SUMMER15");
            } else {
                r.null();
            }
            r.s(b"USD");
            r.s(b"USD");
            r.with(|b| ip(hash(k::ORDER, o.id, 42), b));
            match o.ship {
                Some(s) => r.s(SHIPPING[s].0.as_bytes()),
                None => r.null(),
            }
            r.s(b"USD");
            r.s(store_path(o.store));
            if o.id % 40 == 3 {
                r.s(b"Please leave the parcel at the back door.\\r\\nThanks!\\0");
            } else {
                r.null();
            }
            r.dt(o.created);
            r.dt(o.updated());
            r.u(o.items());
            r.null();
            r.money(0);
            r.money(0);
            r.money(o.shipping);
            r.money(o.shipping);
            if o.coupon {
                r.s(b"Summer sale 15 %");
            } else {
                r.null();
            }
        })?;
    }
    if g.orphans {
        // An order of a customer deleted behind Magento's back.
        let id = g.s.orders + 1;
        t.row(|r| {
            for (i, col) in ORDER_COLS.iter().enumerate() {
                match *col {
                    "entity_id" => r.u(id),
                    "customer_id" => r.u(g.s.customers + 1000),
                    "store_id" => r.u(1),
                    "state" | "status" => r.s(b"canceled"),
                    "increment_id" => r.s(b"900000001"),
                    _ => {
                        let _ = i;
                        r.default()
                    }
                }
            }
        })?;
    }
    Ok(())
}

fn order_grid(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for c in Walk::new(g) {
        let o = &c.o;
        let bill = order_addr(g, k::ORDER, o.id, o.customer, false);
        let ship = order_addr(g, k::ORDER, o.id, o.customer, true);
        t.row(|r| {
            r.u(o.id);
            r.s(o.status().as_bytes());
            r.u(o.store);
            r.s(store_path(o.store));
            r.opt_u(o.customer);
            r.money(o.grand());
            r.opt_money(o.paid());
            r.money(o.grand());
            r.opt_money(o.paid());
            r.s(&c.increment);
            r.s(b"USD");
            r.s(b"USD");
            if o.is_virtual() {
                r.null();
            } else {
                r.with(|b| full_name(g, &ship, b));
            }
            r.with(|b| full_name(g, &bill, b));
            r.dt(o.created);
            r.dt(o.updated());
        })?;
    }
    Ok(())
}

fn order_address(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut email = Vec::new();
    for c in Walk::new(g) {
        let o = &c.o;
        email.clear();
        order_email(g, o, &mut email);
        for shipping in [false, true] {
            if shipping && o.is_virtual() {
                continue;
            }
            let a = order_addr(g, k::ORDER, o.id, o.customer, shipping);
            let id = o.id * 2 - 1 + u64::from(shipping);
            t.row(|r| {
                r.u(id);
                r.u(o.id);
                r.opt_u(a.customer_address);
                r.u(c.quote * 2 - 1 + u64::from(shipping));
                r.opt_u(a.place.region_id);
                r.opt_u(o.customer);
                r.null();
                r.esc(a.place.region);
                r.with(|b| push_u64(b, a.place.postcode));
                r.with(|b| g.last_name(a.last, b));
                r.with(|b| street(g, a.seed, b));
                r.esc(a.place.city.as_bytes());
                r.s(&email);
                r.with(|b| {
                    b.extend_from_slice(b"+1 ");
                    push_u64(b, a.place.phone);
                });
                r.s(a.place.country.as_bytes());
                r.s(g.p.first.esc(a.first));
                r.s(if shipping { b"shipping" } else { b"billing" });
                if hchance(k::ADDRESS, a.seed, 4, 200) {
                    r.s(g.p.company.esc(a.seed));
                } else {
                    r.null();
                }
            })?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Items and their serialized options
// ---------------------------------------------------------------------------------------

/// One order or quote item: which line, which product, its parent item.
#[derive(Clone, Copy)]
pub struct Item {
    pub line: usize,
    /// 0 the line's main item; 1 the configurable's child or the first bundle selection; 2
    /// the second selection.
    pub part: u64,
    pub product: u64,
    pub parent: Option<u64>,
    pub id: u64,
}

/// The items of some lines, with ids from `first`.
pub fn items(lines: &[Line], first: u64, out: &mut Vec<Item>) {
    out.clear();
    let mut id = first;
    for (i, l) in lines.iter().enumerate() {
        let main = id;
        out.push(Item {
            line: i,
            part: 0,
            product: l.product,
            parent: None,
            id,
        });
        id += 1;
        let children: &[u64] = match l.kind {
            Kind::Config => std::slice::from_ref(&l.child),
            Kind::Bundle => &l.sel,
            _ => &[],
        };
        for (j, &p) in children.iter().enumerate() {
            out.push(Item {
                line: i,
                part: j as u64 + 1,
                product: p,
                parent: Some(main),
                id,
            });
            id += 1;
        }
    }
}

/// `info_buyRequest` of a line, serialized (raw) into `b`.
fn buy_request(g: &Gen, l: &Line, seed: u64, broken: bool, b: &mut Vec<u8>) {
    let extra = match l.kind {
        Kind::Config | Kind::Bundle | Kind::Options => 1,
        _ => 0,
    };
    ser_arr(b, 4 + extra);
    // uenc: base64 of the product page URL, with the trailing commas Magento writes.
    let mut u = b"aHR0cDovL2V4YW1wbGUuY29tL2NhdGFsb2cvcHJvZHVjdC92aWV3L2lkL".to_vec();
    push_u64(&mut u, l.product);
    u.extend_from_slice(b",,");
    if broken {
        // A length that does not match: Magento's unserialize() fails on it.
        b.extend_from_slice(b"s:4:\"uenc\";s:3:\"");
        b.extend_from_slice(&u);
        b.extend_from_slice(b"\";");
    } else {
        ser_kv(b, b"uenc", &u);
    }
    ser_str(b, b"product");
    ser_num_str(b, l.product);
    ser_str(b, b"form_key");
    let mut fk = Vec::new();
    push_hex(&mut fk, seed, 16);
    ser_str(b, &fk);
    ser_str(b, b"qty");
    ser_num_str(b, l.qty);
    match l.kind {
        Kind::Config => {
            let (c, s) = g.child_options(
                block_of(l.product),
                (l.child - child_of(block_of(l.product), 0)) % 6,
            );
            ser_str(b, b"super_attribute");
            ser_arr(b, 2);
            ser_int(b, g.ids.attr_color);
            ser_num_str(b, g.option(OPT_COLOR, c));
            ser_int(b, g.ids.attr_size);
            ser_num_str(b, g.option(OPT_SIZE, s));
            ser_end(b);
        }
        Kind::Bundle => {
            let bl = block_of(l.product);
            ser_str(b, b"bundle_option");
            ser_arr(b, 2);
            for (o, &p) in l.sel.iter().enumerate() {
                ser_int(b, bl * 2 + o as u64 + 1);
                ser_num_str(b, selection_id(bl, o as u64, p));
            }
            ser_end(b);
        }
        Kind::Options => {
            let bl = block_of(l.product);
            ser_str(b, b"options");
            ser_arr(b, 2);
            ser_int(b, bl * 2 + 1);
            ser_num_str(b, bl * 3 + l.wrap + 1);
            ser_int(b, bl * 2 + 2);
            ser_str(b, b"For Anna & Jo \"2017\"");
            ser_end(b);
        }
        _ => {}
    }
    ser_end(b);
}

fn selection_id(block: u64, option: u64, product: u64) -> u64 {
    let j = product - simple_of(block, option * 3);
    (block * 2 + option) * 3 + j + 1
}

/// `product_options` of an order item (raw).
fn product_options(g: &Gen, l: &Line, part: u64, seed: u64, b: &mut Vec<u8>) {
    b.clear();
    if part > 0 {
        // A child: its buy request; a bundle selection also its attributes, serialized
        // inside the serialized array (as Magento 1 stores them).
        let bundle = l.kind == Kind::Bundle;
        ser_arr(b, if bundle { 2 } else { 1 });
        ser_str(b, b"info_buyRequest");
        buy_request(g, l, seed, false, b);
        if bundle {
            let mut inner = Vec::new();
            bundle_selection_attributes(g, l, part - 1, &mut inner);
            ser_kv(b, b"bundle_selection_attributes", &inner);
        }
        ser_end(b);
        return;
    }
    match l.kind {
        Kind::Config => {
            let bl = block_of(l.product);
            let (c, s) = g.child_options(bl, l.child - child_of(bl, 0));
            ser_arr(b, 6);
            ser_str(b, b"info_buyRequest");
            buy_request(g, l, seed, false, b);
            ser_str(b, b"attributes_info");
            ser_arr(b, 2);
            for (i, (label, value)) in [
                ("Color", super::pools::COLORS[c as usize].0),
                ("Size", super::pools::SIZES[s as usize].0),
            ]
            .iter()
            .enumerate()
            {
                ser_int(b, i as u64);
                ser_arr(b, 2);
                ser_kv(b, b"label", label.as_bytes());
                ser_kv(b, b"value", value.as_bytes());
                ser_end(b);
            }
            ser_end(b);
            let mut name = Vec::new();
            g.pname(l.child, &mut name);
            ser_kv(b, b"simple_name", &super::content::unescape(&name));
            let mut sku = Vec::new();
            g.sku(l.child, &mut sku);
            ser_kv(b, b"simple_sku", &sku);
            ser_str(b, b"product_calculations");
            ser_int(b, 1);
            ser_str(b, b"shipment_type");
            ser_int(b, 0);
            ser_end(b);
        }
        Kind::Bundle => {
            let bl = block_of(l.product);
            ser_arr(b, 4);
            ser_str(b, b"info_buyRequest");
            buy_request(g, l, seed, false, b);
            ser_str(b, b"bundle_options");
            ser_arr(b, 2);
            for (o, &p) in l.sel.iter().enumerate() {
                let oid = bl * 2 + o as u64 + 1;
                ser_int(b, oid);
                ser_arr(b, 3);
                ser_str(b, b"option_id");
                ser_num_str(b, oid);
                ser_kv(b, b"label", if o == 0 { b"Main item" } else { b"Add-on" });
                ser_str(b, b"value");
                ser_arr(b, 1);
                ser_int(b, 0);
                ser_arr(b, 3);
                let mut name = Vec::new();
                g.pname(p, &mut name);
                ser_kv(b, b"title", &super::content::unescape(&name));
                ser_str(b, b"qty");
                ser_int(b, 1);
                ser_str(b, b"price");
                ser_cents(b, g.price(p));
                ser_end(b);
                ser_end(b);
                ser_end(b);
            }
            ser_end(b);
            ser_str(b, b"product_calculations");
            ser_int(b, 0);
            ser_str(b, b"shipment_type");
            ser_str(b, b"0");
            ser_end(b);
        }
        Kind::Options => {
            let bl = block_of(l.product);
            ser_arr(b, 2);
            ser_str(b, b"info_buyRequest");
            buy_request(g, l, seed, false, b);
            ser_str(b, b"options");
            ser_arr(b, 2);
            for (i, (label, value, oid, ty, ov)) in [
                (
                    "Gift wrap",
                    OPTION_WRAP_TITLES[l.wrap as usize].to_string(),
                    bl * 2 + 1,
                    "drop_down",
                    (bl * 3 + l.wrap + 1).to_string(),
                ),
                (
                    "Engraving (max. 20 characters)",
                    "For Anna & Jo \"2017\"".to_string(),
                    bl * 2 + 2,
                    "field",
                    "For Anna & Jo \"2017\"".to_string(),
                ),
            ]
            .iter()
            .enumerate()
            {
                ser_int(b, i as u64);
                ser_arr(b, 7);
                ser_kv(b, b"label", label.as_bytes());
                ser_kv(b, b"value", value.as_bytes());
                ser_kv(b, b"print_value", value.as_bytes());
                ser_str(b, b"option_id");
                ser_num_str(b, *oid);
                ser_kv(b, b"option_type", ty.as_bytes());
                ser_kv(b, b"option_value", ov.as_bytes());
                ser_str(b, b"custom_view");
                ser_bool(b, false);
                ser_end(b);
            }
            ser_end(b);
            ser_end(b);
        }
        _ => {
            ser_arr(b, 1);
            ser_str(b, b"info_buyRequest");
            buy_request(g, l, seed, false, b);
            ser_end(b);
        }
    }
}

fn ser_bool(b: &mut Vec<u8>, v: bool) {
    super::fmt::ser_bool(b, v)
}

fn bundle_selection_attributes(g: &Gen, l: &Line, j: u64, b: &mut Vec<u8>) {
    let p = l.sel[j as usize];
    ser_arr(b, 4);
    ser_str(b, b"price");
    ser_cents(b, g.price(p));
    ser_str(b, b"qty");
    ser_cents(b, 100);
    ser_kv(
        b,
        b"option_label",
        if j == 0 { b"Main item" } else { b"Add-on" },
    );
    ser_str(b, b"option_id");
    ser_num_str(b, block_of(l.product) * 2 + j + 1);
    ser_end(b);
}

/// Price, tax, discount and quantity of an item (children of configurables are free: the
/// parent carries the price; bundle selections carry theirs).
fn item_amounts(g: &Gen, l: &Line, it: &Item) -> (u64, u64, u64, u64) {
    match (l.kind, it.part) {
        (_, 0) if l.kind == Kind::Bundle => (0, 0, 0, l.qty),
        (_, 0) => (l.price, l.tax, l.discount, l.qty),
        (Kind::Config, _) => (0, 0, 0, l.qty),
        _ => {
            let price = g.price(it.product);
            let row = price * l.qty;
            (
                price,
                row * l.tax / l.row().max(1),
                row * l.discount / l.row().max(1),
                l.qty,
            )
        }
    }
}

const ITEM_COLS: &[&str] = &[
    "item_id",
    "order_id",
    "parent_item_id",
    "quote_item_id",
    "store_id",
    "created_at",
    "updated_at",
    "product_id",
    "product_type",
    "product_options",
    "weight",
    "is_virtual",
    "sku",
    "name",
    "applied_rule_ids",
    "free_shipping",
    "is_qty_decimal",
    "no_discount",
    "qty_canceled",
    "qty_invoiced",
    "qty_ordered",
    "qty_refunded",
    "qty_shipped",
    "price",
    "base_price",
    "original_price",
    "base_original_price",
    "tax_percent",
    "tax_amount",
    "base_tax_amount",
    "tax_invoiced",
    "base_tax_invoiced",
    "discount_percent",
    "discount_amount",
    "base_discount_amount",
    "discount_invoiced",
    "base_discount_invoiced",
    "amount_refunded",
    "base_amount_refunded",
    "row_total",
    "base_row_total",
    "row_invoiced",
    "base_row_invoiced",
    "row_weight",
    "price_incl_tax",
    "base_price_incl_tax",
    "row_total_incl_tax",
    "base_row_total_incl_tax",
    "hidden_tax_amount",
    "base_hidden_tax_amount",
    "is_nominal",
    "gift_message_available",
    "base_weee_tax_applied_amount",
    "base_weee_tax_applied_row_amnt",
    "weee_tax_applied_amount",
    "weee_tax_applied_row_amount",
    "weee_tax_applied",
    "weee_tax_disposition",
    "weee_tax_row_disposition",
    "base_weee_tax_disposition",
    "base_weee_tax_row_disposition",
];

fn order_item(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let (mut its, mut sku, mut name) = (Vec::new(), Vec::new(), Vec::new());
    let mut opts = std::mem::take(&mut g.scratch);
    for c in Walk::new(g) {
        let o = &c.o;
        items(o.lines(), c.item0, &mut its);
        let inv = o.invoiced();
        let shipped = o.shipped();
        let refunded = o.refunded();
        let canceled = o.canceled();
        for (n, it) in its.iter().enumerate() {
            let l = &o.lines()[it.line];
            let (price, tax, disc, qty) = item_amounts(g, l, it);
            let row = price * qty;
            let ty = g.ptype(it.product);
            product_options(g, l, it.part, hash(k::ORDER, o.id, 43), &mut opts);
            sku.clear();
            g.sku(it.product, &mut sku);
            name.clear();
            g.pname(it.product, &mut name);
            let virt = ty == PType::Virtual;
            let q = |on: bool| if on { qty * 10_000 } else { 0 };
            t.row(|r| {
                r.u(it.id);
                r.u(o.id);
                r.opt_u(it.parent);
                r.u(c.qitem0 + n as u64);
                r.u(o.store);
                r.dt(o.created);
                r.dt(o.updated());
                r.u(it.product);
                r.s(ty.type_id());
                r.esc(&opts);
                r.dec(g.weight(it.product).unwrap_or(0));
                r.u(u64::from(virt));
                r.s(&sku);
                r.s(&name);
                if o.coupon {
                    r.s(b"1");
                } else {
                    r.null();
                }
                r.u(0);
                r.u(0);
                r.u(0);
                r.dec(q(canceled));
                r.dec(q(inv));
                r.dec(qty * 10_000);
                r.dec(q(refunded));
                r.dec(q(shipped && !virt));
                r.money(price);
                r.money(price);
                r.money(price);
                r.money(price);
                r.dec(o.tax_rate * 100);
                r.money(tax);
                r.money(tax);
                r.opt_money(inv.then_some(tax));
                r.opt_money(inv.then_some(tax));
                r.dec(if disc > 0 { 10 * 10_000 } else { 0 });
                r.money(disc);
                r.money(disc);
                r.opt_money(inv.then_some(disc));
                r.opt_money(inv.then_some(disc));
                r.money(if refunded { row } else { 0 });
                r.opt_money(refunded.then_some(row));
                r.money(row);
                r.money(row);
                r.money(if inv { row } else { 0 });
                r.money(if inv { row } else { 0 });
                r.dec(g.weight(it.product).unwrap_or(0) * qty);
                r.money(price + price * o.tax_rate / 10_000);
                r.money(price + price * o.tax_rate / 10_000);
                r.money(row + tax);
                r.money(row + tax);
                r.money(0);
                r.money(0);
                r.u(0);
                r.null();
                r.money(0);
                r.money(0);
                r.money(0);
                r.money(0);
                r.s(b"a:0:{}");
                r.money(0);
                r.money(0);
                r.money(0);
                r.money(0);
            })?;
        }
    }
    g.scratch = opts;
    if g.orphans {
        // An item whose order is gone.
        let id = g.s.orders * 20 + 1_000_000;
        t.row(|r| {
            for col in ITEM_COLS {
                match *col {
                    "item_id" => r.u(id),
                    "order_id" => r.u(g.s.orders + 1000),
                    "store_id" => r.u(1),
                    "product_id" => r.u(1),
                    "qty_ordered" => r.dec(10_000),
                    _ => r.default(),
                }
            }
        })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Payments and transactions
// ---------------------------------------------------------------------------------------

const PAYMENT_COLS: &[&str] = &[
    "entity_id",
    "parent_id",
    "base_shipping_captured",
    "shipping_captured",
    "amount_refunded",
    "base_amount_paid",
    "amount_canceled",
    "base_amount_authorized",
    "base_shipping_amount",
    "shipping_amount",
    "amount_paid",
    "amount_authorized",
    "base_amount_ordered",
    "base_shipping_refunded",
    "shipping_refunded",
    "base_amount_refunded",
    "amount_ordered",
    "method",
    "cc_exp_month",
    "cc_type",
    "cc_last4",
    "cc_owner",
    "cc_exp_year",
    "cc_number_enc",
    "cc_trans_id",
    "last_trans_id",
    "cc_approval",
    "cc_avs_status",
    "cc_cid_status",
    "cc_status_description",
    "protection_eligibility",
    "address_status",
    "additional_data",
    "additional_information",
    "po_number",
];

/// A test card number (Luhn-valid Visa test numbers).
const CARDS: &[(&str, &[u8])] = &[
    ("VI", b"4111111111111111"),
    ("VI", b"4012888888881881"),
    ("MC", b"5555555555554444"),
    ("AE", b"378282246310005"),
];

fn txn_id(o: u64, n: u64, b: &mut Vec<u8>) {
    super::fmt::push_hex_upper(b, hash(k::ORDER, o, 50 + n), 17);
}

fn payment_info(g: &Gen, o: &Order, b: &mut Vec<u8>) -> bool {
    b.clear();
    match PAYMENT[o.pay] {
        "paypal_express" => {
            let mut payer = Vec::new();
            push_hex(&mut payer, hash(k::ORDER, o.id, 44), 13);
            payer.make_ascii_uppercase();
            let mut email = Vec::new();
            order_email(g, o, &mut email);
            ser_arr(b, 7);
            ser_kv(b, b"paypal_payer_id", &payer);
            ser_kv(b, b"paypal_payer_email", &email);
            ser_kv(b, b"paypal_payer_status", b"verified");
            ser_kv(b, b"paypal_address_status", b"Confirmed");
            let mut corr = Vec::new();
            push_hex(&mut corr, hash(k::ORDER, o.id, 45), 13);
            ser_kv(b, b"paypal_correlation_id", &corr);
            ser_kv(b, b"paypal_express_checkout_payer_id", &payer);
            let mut token = b"EC-".to_vec();
            push_hex(&mut token, hash(k::ORDER, o.id, 46), 17);
            ser_kv(b, b"paypal_express_checkout_token", &token);
            ser_end(b);
        }
        "authorizenet" => {
            let (ty, card) = CARDS[(o.id % CARDS.len() as u64) as usize];
            let mut tid = Vec::new();
            txn_id(o.id, 0, &mut tid);
            ser_arr(b, 1);
            ser_str(b, b"authorize_cards");
            ser_arr(b, 1);
            let mut cid = Vec::new();
            push_hex(&mut cid, hash(k::ORDER, o.id, 47), 32);
            ser_str(b, &cid);
            ser_arr(b, 9);
            ser_kv(b, b"requested_amount", o.grand().to_string().as_bytes());
            ser_kv(b, b"balance_on_card", b"");
            ser_kv(b, b"last_trans_id", &tid);
            ser_str(b, b"processed_amount");
            ser_cents(b, o.grand());
            ser_kv(b, b"cc_type", ty.as_bytes());
            ser_str(b, b"cc_owner");
            ser_null(b);
            ser_kv(b, b"cc_last4", &card[card.len() - 4..]);
            ser_str(b, b"cc_exp_month");
            ser_num_str(b, 1 + o.id % 12);
            ser_str(b, b"captured_amount");
            ser_cents(b, o.grand());
            ser_end(b);
            ser_end(b);
            ser_end(b);
        }
        "banktransfer" => {
            ser_arr(b, 1);
            ser_kv(
                b,
                b"instructions",
                b"Bank transfer to IBAN DE00 1234 5678 9012 3456 78, reference: your order number.",
            );
            ser_end(b);
        }
        "checkmo" => {
            ser_arr(b, 0);
            ser_end(b);
        }
        _ => return false,
    }
    true
}

fn order_payment(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let (mut info, mut enc, mut tid) = (Vec::new(), Vec::new(), Vec::new());
    let mut crypt = std::mem::replace(
        &mut g.crypt,
        super::crypt::Crypt::new(super::crypt::CRYPT_KEY),
    );
    for c in Walk::new(g) {
        let o = &c.o;
        let method = PAYMENT[o.pay];
        let inv = o.invoiced();
        let refunded = o.refunded();
        let grand = o.grand();
        let card = matches!(method, "ccsave" | "authorizenet");
        let (cty, cnum) = CARDS[(o.id % CARDS.len() as u64) as usize];
        enc.clear();
        if method == "ccsave" {
            crypt.encrypt_into(&mut enc, cnum);
        }
        let has_info = payment_info(g, o, &mut info);
        tid.clear();
        if c.txn.1 > 0 {
            txn_id(o.id, c.txn.1 - 1, &mut tid);
        }
        t.row(|r| {
            r.u(o.id);
            r.u(o.id);
            r.opt_money(inv.then_some(o.shipping));
            r.opt_money(inv.then_some(o.shipping));
            r.opt_money(refunded.then_some(grand));
            r.opt_money(inv.then_some(grand));
            r.opt_money((o.canceled()).then_some(grand));
            r.opt_money((method == "authorizenet").then_some(grand));
            r.money(o.shipping);
            r.money(o.shipping);
            r.opt_money(inv.then_some(grand));
            r.opt_money((method == "authorizenet").then_some(grand));
            r.money(grand);
            r.opt_money(refunded.then_some(o.shipping));
            r.opt_money(refunded.then_some(o.shipping));
            r.opt_money(refunded.then_some(grand));
            r.money(grand);
            r.s(method.as_bytes());
            if card {
                r.su(1 + o.id % 12);
                r.s(cty.as_bytes());
                r.s(&cnum[cnum.len() - 4..]);
                if method == "ccsave" {
                    r.with(|b| {
                        let (f, l) = g.customer_names(o.customer.unwrap_or(o.id));
                        b.extend_from_slice(g.p.first.esc(f));
                        b.push(b' ');
                        g.last_name(l, b);
                    });
                } else {
                    r.null();
                }
                r.su(2018 + o.id % 6);
            } else {
                r.s(b"0");
                r.null();
                r.null();
                r.null();
                r.s(b"0");
            }
            if enc.is_empty() {
                r.null();
            } else {
                r.s(&enc);
            }
            if method == "authorizenet" {
                r.s(&tid);
            } else {
                r.null();
            }
            if tid.is_empty() {
                r.null();
            } else {
                r.s(&tid);
            }
            if method == "authorizenet" {
                r.with(|b| push_hex(b, hash(k::ORDER, o.id, 48), 6));
                r.s(b"Y");
                r.s(b"M");
                r.s(b"This transaction has been approved.");
            } else {
                r.null();
                r.null();
                r.null();
                r.null();
            }
            if method == "paypal_express" {
                r.s(b"Eligible");
                r.s(b"confirmed");
            } else {
                r.null();
                r.null();
            }
            r.null();
            if has_info {
                r.esc(&info);
            } else {
                r.null();
            }
            r.null();
        })?;
    }
    g.crypt = crypt;
    Ok(())
}

fn payment_transaction(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut tid = Vec::new();
    let mut ptid = Vec::new();
    for c in Walk::new(g) {
        let o = &c.o;
        let (first, n) = c.txn;
        for i in 0..n {
            tid.clear();
            txn_id(o.id, i, &mut tid);
            let capture = i + 1 == n;
            let child_of_auth = n == 2 && capture;
            ptid.clear();
            if child_of_auth {
                txn_id(o.id, 0, &mut ptid);
            }
            t.row(|r| {
                r.u(first + i);
                if child_of_auth {
                    r.u(first);
                } else {
                    r.null();
                }
                r.u(o.id);
                r.u(o.id);
                r.s(&tid);
                if child_of_auth {
                    r.s(&ptid);
                } else {
                    r.null();
                }
                r.s(if capture {
                    b"capture"
                } else {
                    b"authorization"
                });
                r.u(u64::from(capture));
                r.with(|b| {
                    let mut s = Vec::new();
                    ser_arr(&mut s, 1);
                    ser_str(&mut s, b"raw_details_info");
                    ser_arr(&mut s, 2);
                    ser_kv(&mut s, b"payment_status", b"Completed");
                    ser_kv(&mut s, b"is_fraud", b"0");
                    ser_end(&mut s);
                    ser_end(&mut s);
                    escape_into(b, &s);
                });
                r.dt(o.created + 60 * (i + 1));
            })?;
        }
    }
    Ok(())
}

const HISTORY: &[(&str, &[u8])] = &[
    ("pending", b"Customer Notification Not Applicable"),
    (
        "processing",
        b"Captured amount of $ online. Transaction ID: \"txn\"",
    ),
    ("complete", b"Shipped with UPS Ground."),
    (
        "closed",
        b"Refunded amount of $ offline. The customer\\'s parcel was returned.",
    ),
];

fn status_history(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for c in Walk::new(g) {
        let o = &c.o;
        for i in 0..o.history() {
            let last = i + 1 == o.history();
            let status = if last {
                o.status()
            } else {
                HISTORY[i as usize].0
            };
            t.row(|r| {
                r.u(c.history0 + i);
                r.u(o.id);
                r.u(u64::from(i == 0));
                r.u(u64::from(i == 0));
                if i == 0 && o.id % 3 == 0 {
                    r.null();
                } else {
                    r.s(HISTORY[(i as usize).min(3)].1);
                }
                r.s(status.as_bytes());
                r.dt(o.created + i * 3_600);
                r.s(match i {
                    0 => b"order" as &[u8],
                    1 => b"invoice",
                    2 => b"shipment",
                    _ => b"creditmemo",
                });
            })?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Invoices, shipments, credit memos
// ---------------------------------------------------------------------------------------

const INVOICE_COLS: &[&str] = &[
    "entity_id",
    "store_id",
    "base_grand_total",
    "shipping_tax_amount",
    "tax_amount",
    "base_tax_amount",
    "store_to_order_rate",
    "base_shipping_tax_amount",
    "base_discount_amount",
    "base_to_order_rate",
    "grand_total",
    "shipping_amount",
    "subtotal_incl_tax",
    "base_subtotal_incl_tax",
    "store_to_base_rate",
    "base_shipping_amount",
    "total_qty",
    "base_to_global_rate",
    "subtotal",
    "base_subtotal",
    "discount_amount",
    "billing_address_id",
    "is_used_for_refund",
    "order_id",
    "email_sent",
    "can_void_flag",
    "state",
    "shipping_address_id",
    "store_currency_code",
    "transaction_id",
    "order_currency_code",
    "base_currency_code",
    "global_currency_code",
    "increment_id",
    "created_at",
    "updated_at",
    "shipping_incl_tax",
    "base_shipping_incl_tax",
    "base_total_refunded",
];

fn invoice(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut tid = Vec::new();
    for c in Walk::new(g) {
        let o = &c.o;
        let Some((id, inc)) = c.invoice else { continue };
        tid.clear();
        if c.txn.1 > 0 {
            txn_id(o.id, c.txn.1 - 1, &mut tid);
        }
        let grand = o.grand();
        t.row(|r| {
            r.u(id);
            r.u(o.store);
            r.money(grand);
            r.money(0);
            r.money(o.tax);
            r.money(o.tax);
            r.dec(10_000);
            r.money(0);
            r.neg_dec(o.discount * 100);
            r.dec(10_000);
            r.money(grand);
            r.money(o.shipping);
            r.money(o.subtotal + o.tax);
            r.money(o.subtotal + o.tax);
            r.dec(10_000);
            r.money(o.shipping);
            r.dec(o.qty() * 10_000);
            r.dec(10_000);
            r.money(o.subtotal);
            r.money(o.subtotal);
            r.neg_dec(o.discount * 100);
            r.u(o.id * 2 - 1);
            r.u(u64::from(o.refunded()));
            r.u(o.id);
            r.u(1);
            r.u(0);
            r.u(2);
            if o.is_virtual() {
                r.null();
            } else {
                r.u(o.id * 2);
            }
            r.s(b"USD");
            if tid.is_empty() {
                r.null();
            } else {
                r.s(&tid);
            }
            r.s(b"USD");
            r.s(b"USD");
            r.s(b"USD");
            r.s(&inc);
            r.dt(o.created + 3_600);
            r.dt(o.created + 3_600);
            r.money(o.shipping);
            r.money(o.shipping);
            r.opt_money(o.refunded().then_some(grand));
        })?;
    }
    Ok(())
}

fn invoice_grid(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for c in Walk::new(g) {
        let o = &c.o;
        let Some((id, inc)) = c.invoice else { continue };
        let bill = order_addr(g, k::ORDER, o.id, o.customer, false);
        t.row(|r| {
            r.u(id);
            r.u(o.store);
            r.money(o.grand());
            r.money(o.grand());
            r.u(o.id);
            r.u(2);
            r.s(b"USD");
            r.s(b"USD");
            r.s(b"USD");
            r.s(b"USD");
            r.s(&inc);
            r.s(&c.increment);
            r.dt(o.created + 3_600);
            r.dt(o.created);
            r.with(|b| full_name(g, &bill, b));
        })?;
    }
    Ok(())
}

const DOC_ITEM_COLS: &[&str] = &[
    "entity_id",
    "parent_id",
    "base_price",
    "tax_amount",
    "base_row_total",
    "discount_amount",
    "row_total",
    "base_discount_amount",
    "price_incl_tax",
    "base_tax_amount",
    "base_price_incl_tax",
    "qty",
    "price",
    "base_row_total_incl_tax",
    "row_total_incl_tax",
    "product_id",
    "order_item_id",
    "sku",
    "name",
];

/// Invoice or credit memo items: every order item but the configurables' children.
fn doc_items(g: &mut Gen, t: &mut T, which: u8) -> io::Result<()> {
    let (mut its, mut sku, mut name) = (Vec::new(), Vec::new(), Vec::new());
    for c in Walk::new(g) {
        let o = &c.o;
        let (doc, first) = match which {
            0 => (c.invoice, c.inv_item0),
            _ => (c.creditmemo, c.cm_item0),
        };
        let Some((doc_id, _)) = doc else { continue };
        items(o.lines(), c.item0, &mut its);
        let mut id = first;
        for it in &its {
            let l = &o.lines()[it.line];
            if l.kind == Kind::Config && it.part > 0 {
                continue;
            }
            let (price, tax, disc, qty) = item_amounts(g, l, it);
            let row = price * qty;
            sku.clear();
            g.sku(it.product, &mut sku);
            name.clear();
            g.pname(it.product, &mut name);
            t.row(|r| {
                r.u(id);
                r.u(doc_id);
                r.money(price);
                r.money(tax);
                r.money(row);
                r.money(disc);
                r.money(row);
                r.money(disc);
                r.money(price + price * o.tax_rate / 10_000);
                r.money(tax);
                r.money(price + price * o.tax_rate / 10_000);
                r.dec(qty * 10_000);
                r.money(price);
                r.money(row + tax);
                r.money(row + tax);
                r.u(it.product);
                r.u(it.id);
                r.s(&sku);
                r.s(&name);
            })?;
            id += 1;
        }
    }
    Ok(())
}

fn invoice_item(g: &mut Gen, t: &mut T) -> io::Result<()> {
    doc_items(g, t, 0)
}
fn creditmemo_item(g: &mut Gen, t: &mut T) -> io::Result<()> {
    doc_items(g, t, 1)
}

const COMMENT_COLS: &[&str] = &[
    "entity_id",
    "parent_id",
    "is_customer_notified",
    "is_visible_on_front",
    "comment",
    "created_at",
];

/// Comments on some invoices (0), shipments (1) and every credit memo (2).
fn comments(g: &mut Gen, t: &mut T, which: u8) -> io::Result<()> {
    let mut id = 1;
    for c in Walk::new(g) {
        let o = &c.o;
        let (doc, on, text): (Option<(u64, [u8; 9])>, bool, &[u8]) = match which {
            0 => (
                c.invoice,
                o.id % 3 == 0,
                b"Paid by bank transfer on receipt; thank you!",
            ),
            1 => (
                c.shipment,
                o.id % 4 == 0,
                b"Left with the neighbour (n\\u00b0 12).",
            ),
            _ => (
                c.creditmemo,
                true,
                b"Returned: wrong size.\\nRefund issued to the original payment method.",
            ),
        };
        let Some((doc_id, _)) = doc else { continue };
        if !on {
            continue;
        }
        t.row(|r| {
            r.u(id);
            r.u(doc_id);
            r.u(1);
            r.u(u64::from(which != 2));
            r.s(text);
            r.dt(o.created + 7_200);
        })?;
        id += 1;
    }
    Ok(())
}

fn invoice_comment(g: &mut Gen, t: &mut T) -> io::Result<()> {
    comments(g, t, 0)
}
fn shipment_comment(g: &mut Gen, t: &mut T) -> io::Result<()> {
    comments(g, t, 1)
}
fn creditmemo_comment(g: &mut Gen, t: &mut T) -> io::Result<()> {
    comments(g, t, 2)
}

fn shipped_qty(o: &Order) -> u64 {
    o.lines()
        .iter()
        .filter(|l| l.kind != Kind::Virtual)
        .map(|l| l.qty)
        .sum()
}

fn shipment(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut pk = Vec::new();
    for c in Walk::new(g) {
        let o = &c.o;
        let Some((id, inc)) = c.shipment else {
            continue;
        };
        let weight: u64 = o
            .lines()
            .iter()
            .map(|l| g.weight(l.child.max(l.product)).unwrap_or(0) * l.qty)
            .sum();
        pk.clear();
        if o.id % 5 == 0 {
            // The packages of a shipping label, serialized.
            ser_arr(&mut pk, 1);
            ser_int(&mut pk, 1);
            ser_arr(&mut pk, 2);
            ser_str(&mut pk, b"params");
            ser_arr(&mut pk, 3);
            ser_kv(&mut pk, b"container", b"YOUR_PACKAGING");
            ser_str(&mut pk, b"weight");
            ser_cents(&mut pk, weight / 100);
            ser_kv(&mut pk, b"weight_units", b"KILOGRAM");
            ser_end(&mut pk);
            ser_str(&mut pk, b"items");
            ser_arr(&mut pk, 0);
            ser_end(&mut pk);
            ser_end(&mut pk);
            ser_end(&mut pk);
        }
        t.row(|r| {
            r.u(id);
            r.u(o.store);
            r.dec(weight);
            r.dec(shipped_qty(o) * 10_000);
            r.u(1);
            r.u(o.id);
            r.opt_u(o.customer);
            r.u(o.id * 2);
            r.u(o.id * 2 - 1);
            r.null();
            r.s(&inc);
            r.dt(o.created + 86_400);
            r.dt(o.created + 86_400);
            if pk.is_empty() {
                r.null();
            } else {
                r.esc(&pk);
            }
        })?;
    }
    Ok(())
}

fn shipment_grid(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for c in Walk::new(g) {
        let o = &c.o;
        let Some((id, inc)) = c.shipment else {
            continue;
        };
        let ship = order_addr(g, k::ORDER, o.id, o.customer, true);
        t.row(|r| {
            r.u(id);
            r.u(o.store);
            r.dec(shipped_qty(o) * 10_000);
            r.u(o.id);
            r.null();
            r.s(&inc);
            r.s(&c.increment);
            r.dt(o.created + 86_400);
            r.dt(o.created);
            r.with(|b| full_name(g, &ship, b));
        })?;
    }
    Ok(())
}

fn shipment_item(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let (mut its, mut sku, mut name) = (Vec::new(), Vec::new(), Vec::new());
    for c in Walk::new(g) {
        let o = &c.o;
        let Some((doc_id, _)) = c.shipment else {
            continue;
        };
        items(o.lines(), c.item0, &mut its);
        let mut id = c.ship_item0;
        for it in &its {
            let l = &o.lines()[it.line];
            if l.kind == Kind::Virtual || (l.kind == Kind::Config && it.part > 0) {
                continue;
            }
            let (price, _, _, qty) = item_amounts(g, l, it);
            sku.clear();
            g.sku(it.product, &mut sku);
            name.clear();
            g.pname(it.product, &mut name);
            t.row(|r| {
                r.u(id);
                r.u(doc_id);
                r.money(price * qty);
                r.money(price);
                r.dec(g.weight(it.product).unwrap_or(0));
                r.dec(qty * 10_000);
                r.u(it.product);
                r.u(it.id);
                r.s(&name);
                r.s(&sku);
            })?;
            id += 1;
        }
    }
    Ok(())
}

fn shipment_track(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    for c in Walk::new(g) {
        let o = &c.o;
        let Some((doc_id, _)) = c.shipment else {
            continue;
        };
        let s = o.ship.unwrap_or(0);
        t.row(|r| {
            r.u(id);
            r.u(doc_id);
            r.null();
            r.null();
            r.u(o.id);
            r.with(|b| {
                b.extend_from_slice(b"1Z");
                super::fmt::push_hex_upper(b, hash(k::ORDER, o.id, 49), 16);
            });
            r.s(SHIPPING[s].2.as_bytes());
            r.s(if SHIPPING[s].1 == "ups" || SHIPPING[s].1 == "usps" {
                SHIPPING[s].1.as_bytes()
            } else {
                b"custom"
            });
            r.dt(o.created + 86_400);
            r.dt(o.created + 86_400);
        })?;
        id += 1;
    }
    Ok(())
}

const CREDITMEMO_COLS: &[&str] = &[
    "entity_id",
    "store_id",
    "adjustment_positive",
    "base_shipping_tax_amount",
    "store_to_order_rate",
    "base_discount_amount",
    "base_to_order_rate",
    "grand_total",
    "base_adjustment_negative",
    "base_subtotal_incl_tax",
    "shipping_amount",
    "subtotal_incl_tax",
    "adjustment_negative",
    "base_shipping_amount",
    "store_to_base_rate",
    "base_to_global_rate",
    "base_adjustment",
    "base_subtotal",
    "discount_amount",
    "subtotal",
    "adjustment",
    "base_grand_total",
    "base_adjustment_positive",
    "base_tax_amount",
    "shipping_tax_amount",
    "tax_amount",
    "order_id",
    "email_sent",
    "creditmemo_status",
    "state",
    "shipping_address_id",
    "billing_address_id",
    "invoice_id",
    "store_currency_code",
    "order_currency_code",
    "base_currency_code",
    "global_currency_code",
    "transaction_id",
    "increment_id",
    "created_at",
    "updated_at",
    "shipping_incl_tax",
    "base_shipping_incl_tax",
];

fn creditmemo(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for c in Walk::new(g) {
        let o = &c.o;
        let Some((id, inc)) = c.creditmemo else {
            continue;
        };
        let invoice = c.invoice.map(|x| x.0);
        let grand = o.grand();
        t.row(|r| {
            r.u(id);
            r.u(o.store);
            r.money(0);
            r.money(0);
            r.dec(10_000);
            r.neg_dec(o.discount * 100);
            r.dec(10_000);
            r.money(grand);
            r.money(0);
            r.money(o.subtotal + o.tax);
            r.money(o.shipping);
            r.money(o.subtotal + o.tax);
            r.money(0);
            r.money(o.shipping);
            r.dec(10_000);
            r.dec(10_000);
            r.money(0);
            r.money(o.subtotal);
            r.neg_dec(o.discount * 100);
            r.money(o.subtotal);
            r.money(0);
            r.money(grand);
            r.money(0);
            r.money(o.tax);
            r.money(0);
            r.money(o.tax);
            r.u(o.id);
            r.u(1);
            r.null();
            r.u(2);
            if o.is_virtual() {
                r.null();
            } else {
                r.u(o.id * 2);
            }
            r.u(o.id * 2 - 1);
            r.opt_u(invoice);
            r.s(b"USD");
            r.s(b"USD");
            r.s(b"USD");
            r.s(b"USD");
            r.null();
            r.s(&inc);
            r.dt(o.created + 86_400 * 14);
            r.dt(o.created + 86_400 * 14);
            r.money(o.shipping);
            r.money(o.shipping);
        })?;
    }
    Ok(())
}

fn creditmemo_grid(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for c in Walk::new(g) {
        let o = &c.o;
        let Some((id, inc)) = c.creditmemo else {
            continue;
        };
        let bill = order_addr(g, k::ORDER, o.id, o.customer, false);
        t.row(|r| {
            r.u(id);
            r.u(o.store);
            r.dec(10_000);
            r.dec(10_000);
            r.money(o.grand());
            r.dec(10_000);
            r.dec(10_000);
            r.money(o.grand());
            r.u(o.id);
            r.null();
            r.u(2);
            r.opt_u(c.invoice.map(|x| x.0));
            r.s(b"USD");
            r.s(b"USD");
            r.s(b"USD");
            r.s(b"USD");
            r.s(&inc);
            r.s(&c.increment);
            r.dt(o.created + 86_400 * 14);
            r.dt(o.created);
            r.with(|b| full_name(g, &bill, b));
        })?;
    }
    Ok(())
}

/// `eav_entity_store`: the last increment id per entity type and store.
fn entity_store(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut w = Walk::new(g);
    for _ in w.by_ref() {}
    let seq = w.seq;
    let mut id = 1;
    for (kind, ty) in [
        (0usize, ET_ORDER),
        (1, ET_INVOICE),
        (3, ET_CREDITMEMO),
        (2, ET_SHIPMENT),
    ] {
        for store in 1..=3u64 {
            let n = seq[kind][store as usize];
            if n == 0 {
                continue;
            }
            t.row(|r| {
                r.u(id);
                r.u(ty);
                r.u(store);
                r.su(store);
                r.s(&increment(store, n));
            })?;
            id += 1;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Quotes
// ---------------------------------------------------------------------------------------

/// A quote: converted (its order) or abandoned.
pub struct QuoteCtx {
    pub q: u64,
    pub order: Option<Ctx>,
    pub store: u64,
    pub customer: Option<u64>,
    pub lines: [Line; 4],
    pub n: usize,
    pub created: u64,
    pub item0: u64,
    pub opt0: u64,
}

impl QuoteCtx {
    pub fn lines(&self) -> &[Line] {
        &self.lines[..self.n]
    }
}

/// Walks the quotes in id order.
pub struct QuoteWalk<'g> {
    g: &'g Gen,
    orders: Walk<'g>,
    q: u64,
    item: u64,
    opt: u64,
}

impl<'g> QuoteWalk<'g> {
    pub fn new(g: &'g Gen) -> Self {
        QuoteWalk {
            g,
            orders: Walk::new(g),
            q: 1,
            item: 1,
            opt: 1,
        }
    }
}

impl Iterator for QuoteWalk<'_> {
    type Item = QuoteCtx;

    fn next(&mut self) -> Option<QuoteCtx> {
        let q = self.q;
        if q > self.g.s.quotes() {
            return None;
        }
        self.q += 1;
        let ctx = match quote_order(q) {
            Some(_) => {
                let c = self.orders.next()?;
                QuoteCtx {
                    q,
                    store: c.o.store,
                    customer: c.o.customer,
                    lines: c.o.lines,
                    n: c.o.n,
                    created: c.o.created - 1_800,
                    item0: self.item,
                    opt0: self.opt,
                    order: Some(c),
                }
            }
            None => {
                let a = abandoned_spec(self.g, q);
                QuoteCtx {
                    q,
                    order: None,
                    store: a.store,
                    customer: a.customer,
                    lines: a.lines,
                    n: a.n,
                    created: a.created,
                    item0: self.item,
                    opt0: self.opt,
                }
            }
        };
        for l in ctx.lines() {
            self.item += l.kind.items();
            self.opt += l.kind.options();
        }
        Some(ctx)
    }
}

const QUOTE_COLS: &[&str] = &[
    "entity_id",
    "store_id",
    "created_at",
    "updated_at",
    "converted_at",
    "is_active",
    "is_virtual",
    "is_multi_shipping",
    "items_count",
    "items_qty",
    "orig_order_id",
    "store_to_base_rate",
    "store_to_quote_rate",
    "base_currency_code",
    "store_currency_code",
    "quote_currency_code",
    "grand_total",
    "base_grand_total",
    "checkout_method",
    "customer_id",
    "customer_tax_class_id",
    "customer_group_id",
    "customer_email",
    "customer_firstname",
    "customer_lastname",
    "customer_note_notify",
    "customer_is_guest",
    "remote_ip",
    "applied_rule_ids",
    "reserved_order_id",
    "coupon_code",
    "global_currency_code",
    "base_to_global_rate",
    "base_to_quote_rate",
    "subtotal",
    "base_subtotal",
    "subtotal_with_discount",
    "base_subtotal_with_discount",
    "is_changed",
    "trigger_recollect",
    "is_persistent",
];

fn quote(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut email = Vec::new();
    for qc in QuoteWalk::new(g) {
        let sub: u64 = qc.lines().iter().map(Line::row).sum();
        let (grand, disc, coupon) = match &qc.order {
            Some(c) => (c.o.grand(), c.o.discount, c.o.coupon),
            None => (sub, 0, false),
        };
        email.clear();
        match (&qc.order, qc.customer) {
            (Some(c), _) => order_email(g, &c.o, &mut email),
            (None, Some(cu)) => g.email(cu, &mut email),
            (None, None) => {}
        }
        let names = qc.customer.map(|c| g.customer_names(c));
        let items: u64 = qc.lines().iter().map(|l| l.kind.items()).sum();
        let qty: u64 = qc.lines().iter().map(|l| l.qty).sum();
        t.row(|r| {
            r.u(qc.q);
            r.u(qc.store);
            r.dt(qc.created);
            r.dt(qc.created + 1_200);
            r.null();
            r.u(u64::from(qc.order.is_none()));
            r.u(u64::from(
                qc.lines().iter().all(|l| l.kind == Kind::Virtual),
            ));
            r.u(0);
            r.u(items);
            r.dec(qty * 10_000);
            r.u(0);
            r.dec(10_000);
            r.dec(10_000);
            r.s(b"USD");
            r.s(b"USD");
            r.s(b"USD");
            r.money(grand);
            r.money(grand);
            match (qc.order.is_some(), qc.customer) {
                (true, None) => r.s(b"guest"),
                (true, Some(_)) => r.s(b"customer"),
                _ => r.null(),
            }
            r.opt_u(qc.customer);
            r.u(3);
            r.u(qc.customer.map_or(0, |c| g.customer_group(c)));
            if email.is_empty() {
                r.null();
            } else {
                r.s(&email);
            }
            match names {
                Some((f, l)) => {
                    r.s(g.p.first.esc(f));
                    r.with(|b| g.last_name(l, b));
                }
                None => {
                    r.null();
                    r.null();
                }
            }
            r.u(1);
            r.u(u64::from(qc.customer.is_none()));
            r.with(|b| ip(hash(k::QUOTE, qc.q, 5), b));
            if coupon {
                r.s(b"1");
            } else {
                r.null();
            }
            match &qc.order {
                Some(c) => r.s(&c.increment),
                None => r.null(),
            }
            if coupon {
                r.s(b"SUMMER15");
            } else {
                r.null();
            }
            r.s(b"USD");
            r.dec(10_000);
            r.dec(10_000);
            r.money(sub);
            r.money(sub);
            r.money(sub - disc);
            r.money(sub - disc);
            r.u(u64::from(qc.order.is_none()));
            r.u(0);
            r.u(0);
        })?;
    }
    Ok(())
}

const QUOTE_ITEM_COLS: &[&str] = &[
    "item_id",
    "quote_id",
    "created_at",
    "updated_at",
    "product_id",
    "store_id",
    "parent_item_id",
    "is_virtual",
    "sku",
    "name",
    "applied_rule_ids",
    "free_shipping",
    "is_qty_decimal",
    "no_discount",
    "weight",
    "qty",
    "price",
    "base_price",
    "discount_percent",
    "discount_amount",
    "base_discount_amount",
    "tax_percent",
    "tax_amount",
    "base_tax_amount",
    "row_total",
    "base_row_total",
    "row_total_with_discount",
    "row_weight",
    "product_type",
    "price_incl_tax",
    "base_price_incl_tax",
    "row_total_incl_tax",
    "base_row_total_incl_tax",
    "weee_tax_applied",
];

fn quote_item(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let (mut its, mut sku, mut name) = (Vec::new(), Vec::new(), Vec::new());
    for qc in QuoteWalk::new(g) {
        items(qc.lines(), qc.item0, &mut its);
        let rate = qc.order.as_ref().map_or(0, |c| c.o.tax_rate);
        for it in &its {
            let l = &qc.lines()[it.line];
            let (price, tax, disc, qty) = item_amounts(g, l, it);
            let row = price * qty;
            let ty = g.ptype(it.product);
            sku.clear();
            g.sku(it.product, &mut sku);
            name.clear();
            g.pname(it.product, &mut name);
            t.row(|r| {
                r.u(it.id);
                r.u(qc.q);
                r.dt(qc.created);
                r.dt(qc.created + 600);
                r.u(it.product);
                r.u(qc.store);
                r.opt_u(it.parent);
                r.u(u64::from(ty == PType::Virtual));
                r.s(&sku);
                r.s(&name);
                if disc > 0 {
                    r.s(b"1");
                } else {
                    r.null();
                }
                r.u(0);
                r.u(0);
                r.u(0);
                r.dec(g.weight(it.product).unwrap_or(0));
                r.dec(qty * 10_000);
                r.money(price);
                r.money(price);
                r.dec(if disc > 0 { 10 * 10_000 } else { 0 });
                r.money(disc);
                r.money(disc);
                r.dec(rate * 100);
                r.money(tax);
                r.money(tax);
                r.money(row);
                r.money(row);
                r.money(row - disc);
                r.dec(g.weight(it.product).unwrap_or(0) * qty);
                r.s(ty.type_id());
                r.money(price + price * rate / 10_000);
                r.money(price + price * rate / 10_000);
                r.money(row + tax);
                r.money(row + tax);
                r.s(b"a:0:{}");
            })?;
        }
    }
    Ok(())
}

/// The options of a quote item (see [`Kind::options`] for how many each line has).
fn quote_item_option(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut its = Vec::new();
    let mut v = std::mem::take(&mut g.scratch);
    let first_abandoned = 3;
    for qc in QuoteWalk::new(g) {
        items(qc.lines(), qc.item0, &mut its);
        let mut id = qc.opt0;
        for it in &its {
            let l = &qc.lines()[it.line];
            let seed = hash(k::QUOTE, qc.q, 7);
            let mut opts: Vec<(&[u8], u64, Vec<u8>)> = Vec::new();
            v.clear();
            buy_request(
                g,
                l,
                seed,
                qc.q == first_abandoned && it.line == 0 && it.part == 0,
                &mut v,
            );
            opts.push((b"info_buyRequest", it.product, v.clone()));
            let bl = block_of(l.product);
            match (l.kind, it.part) {
                (Kind::Config, 0) => {
                    let (c, s) = g.child_options(bl, l.child - child_of(bl, 0));
                    let mut a = Vec::new();
                    ser_arr(&mut a, 2);
                    ser_int(&mut a, g.ids.attr_color);
                    ser_num_str(&mut a, g.option(OPT_COLOR, c));
                    ser_int(&mut a, g.ids.attr_size);
                    ser_num_str(&mut a, g.option(OPT_SIZE, s));
                    ser_end(&mut a);
                    opts.push((b"attributes", l.product, a));
                    opts.push((b"simple_product", l.child, l.child.to_string().into_bytes()));
                }
                (Kind::Config, _) => {
                    opts.push((
                        b"parent_product_id",
                        l.product,
                        l.product.to_string().into_bytes(),
                    ));
                }
                (Kind::Bundle, 0) => {
                    let mut a = Vec::new();
                    ser_arr(&mut a, 2);
                    ser_int(&mut a, 0);
                    ser_num_str(&mut a, bl * 2 + 1);
                    ser_int(&mut a, 1);
                    ser_num_str(&mut a, bl * 2 + 2);
                    ser_end(&mut a);
                    opts.push((b"bundle_option_ids", l.product, a));
                    let mut s = Vec::new();
                    ser_arr(&mut s, 2);
                    for (o, &p) in l.sel.iter().enumerate() {
                        ser_int(&mut s, o as u64);
                        ser_num_str(&mut s, selection_id(bl, o as u64, p));
                    }
                    ser_end(&mut s);
                    opts.push((b"bundle_selection_ids", l.product, s));
                }
                (Kind::Bundle, j) => {
                    let mut a = Vec::new();
                    bundle_selection_attributes(g, l, j - 1, &mut a);
                    opts.push((b"bundle_selection_attributes", it.product, a));
                }
                (Kind::Options, _) => {
                    opts.push((
                        b"option_ids",
                        l.product,
                        format!("{},{}", bl * 2 + 1, bl * 2 + 2).into_bytes(),
                    ));
                    opts.push((
                        b"option_1",
                        l.product,
                        (bl * 3 + l.wrap + 1).to_string().into_bytes(),
                    ));
                }
                _ => {}
            }
            for (code, product, value) in &opts {
                let code: Vec<u8> = if *code == b"option_1" {
                    format!("option_{}", bl * 2 + 1).into_bytes()
                } else {
                    code.to_vec()
                };
                t.row(|r| {
                    r.u(id);
                    r.u(it.id);
                    r.u(*product);
                    r.s(&code);
                    r.esc(value);
                })?;
                id += 1;
            }
        }
    }
    g.scratch = v;
    Ok(())
}

const QUOTE_ADDRESS_COLS: &[&str] = &[
    "address_id",
    "quote_id",
    "created_at",
    "updated_at",
    "customer_id",
    "save_in_address_book",
    "customer_address_id",
    "address_type",
    "email",
    "firstname",
    "lastname",
    "company",
    "street",
    "city",
    "region",
    "region_id",
    "postcode",
    "country_id",
    "telephone",
    "same_as_billing",
    "collect_shipping_rates",
    "shipping_method",
    "shipping_description",
    "weight",
    "subtotal",
    "base_subtotal",
    "tax_amount",
    "base_tax_amount",
    "shipping_amount",
    "base_shipping_amount",
    "discount_amount",
    "base_discount_amount",
    "grand_total",
    "base_grand_total",
    "applied_taxes",
    "subtotal_incl_tax",
    "shipping_incl_tax",
    "base_shipping_incl_tax",
];

fn quote_address(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut email = Vec::new();
    for qc in QuoteWalk::new(g) {
        email.clear();
        match (&qc.order, qc.customer) {
            (Some(c), _) => order_email(g, &c.o, &mut email),
            (None, Some(cu)) => g.email(cu, &mut email),
            (None, None) => {}
        }
        let (dom, id) = match &qc.order {
            Some(c) => (k::ORDER, c.o.id),
            None => (k::QUOTE, qc.q),
        };
        let sub: u64 = qc.lines().iter().map(Line::row).sum();
        for shipping in [false, true] {
            let a = order_addr(g, dom, id, qc.customer, shipping);
            let o = qc.order.as_ref().map(|c| &c.o);
            let ship = o.and_then(|o| o.ship);
            let totals = shipping == o.is_none_or(|o| !o.is_virtual());
            let (tax, shipping_amount, disc, grand) = match o {
                Some(o) if totals => (o.tax, o.shipping, o.discount, o.grand()),
                None if totals => (0, 0, 0, sub),
                _ => (0, 0, 0, 0),
            };
            t.row(|r| {
                r.u(qc.q * 2 - 1 + u64::from(shipping));
                r.u(qc.q);
                r.dt(qc.created);
                r.dt(qc.created + 1_200);
                r.opt_u(qc.customer);
                r.u(0);
                r.opt_u(a.customer_address);
                r.s(if shipping { b"shipping" } else { b"billing" });
                if email.is_empty() {
                    r.null();
                } else {
                    r.s(&email);
                }
                if o.is_none() && qc.customer.is_none() {
                    // An abandoned guest cart never got an address.
                    for _ in 0..10 {
                        r.null();
                    }
                } else {
                    r.s(g.p.first.esc(a.first));
                    r.with(|b| g.last_name(a.last, b));
                    r.null();
                    r.with(|b| street(g, a.seed, b));
                    r.esc(a.place.city.as_bytes());
                    r.esc(a.place.region);
                    r.opt_u(a.place.region_id);
                    r.with(|b| push_u64(b, a.place.postcode));
                    r.s(a.place.country.as_bytes());
                    r.with(|b| {
                        b.extend_from_slice(b"+1 ");
                        push_u64(b, a.place.phone);
                    });
                }
                r.u(u64::from(shipping));
                r.u(u64::from(shipping));
                match (shipping, ship) {
                    (true, Some(s)) => {
                        r.s(SHIPPING[s].0.as_bytes());
                        r.with(|b| {
                            b.extend_from_slice(SHIPPING[s].2.as_bytes());
                            b.extend_from_slice(b" - ");
                            b.extend_from_slice(SHIPPING[s].3.as_bytes());
                        });
                    }
                    _ => {
                        r.null();
                        r.null();
                    }
                }
                r.dec(0);
                r.money(if totals { sub } else { 0 });
                r.money(if totals { sub } else { 0 });
                r.money(tax);
                r.money(tax);
                r.money(shipping_amount);
                r.money(shipping_amount);
                r.neg_dec(disc * 100);
                r.neg_dec(disc * 100);
                r.money(grand);
                r.money(grand);
                if totals && tax > 0 {
                    r.with(|b| {
                        let mut s = Vec::new();
                        ser_arr(&mut s, 1);
                        ser_str(&mut s, b"US-CA-*-Rate 1");
                        ser_arr(&mut s, 4);
                        ser_str(&mut s, b"rates");
                        ser_arr(&mut s, 1);
                        ser_int(&mut s, 0);
                        ser_arr(&mut s, 3);
                        ser_kv(&mut s, b"code", b"US-CA-*-Rate 1");
                        ser_kv(&mut s, b"title", b"US-CA-*-Rate 1");
                        ser_str(&mut s, b"percent");
                        s.extend_from_slice(b"d:8.25;");
                        ser_end(&mut s);
                        ser_end(&mut s);
                        ser_str(&mut s, b"percent");
                        s.extend_from_slice(b"d:8.25;");
                        ser_str(&mut s, b"amount");
                        ser_cents(&mut s, tax);
                        ser_kv(&mut s, b"id", b"US-CA-*-Rate 1");
                        ser_end(&mut s);
                        ser_end(&mut s);
                        escape_into(b, &s);
                    });
                } else {
                    r.s(b"a:0:{}");
                }
                r.money(if totals { sub + tax } else { 0 });
                r.money(shipping_amount);
                r.money(shipping_amount);
            })?;
        }
    }
    Ok(())
}

fn quote_payment(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut info = Vec::new();
    let mut enc = Vec::new();
    let mut crypt = std::mem::replace(
        &mut g.crypt,
        super::crypt::Crypt::new(super::crypt::CRYPT_KEY),
    );
    for qc in QuoteWalk::new(g) {
        let (method, has_info, cc) = match &qc.order {
            Some(c) => {
                let m = PAYMENT[c.o.pay];
                (Some(m), payment_info(g, &c.o, &mut info), m == "ccsave")
            }
            None => (None, false, false),
        };
        let (cty, cnum) = CARDS[(qc.q % CARDS.len() as u64) as usize];
        enc.clear();
        if cc {
            crypt.encrypt_into(&mut enc, cnum);
        }
        t.row(|r| {
            r.u(qc.q);
            r.u(qc.q);
            r.dt(qc.created);
            r.dt(qc.created + 1_200);
            r.opt_s(method.map(str::as_bytes));
            if cc {
                r.s(cty.as_bytes());
                r.s(&enc);
                r.s(&cnum[cnum.len() - 4..]);
                r.null();
                r.u(1 + qc.q % 12);
                r.u(2018 + qc.q % 6);
            } else {
                r.null();
                r.null();
                r.null();
                r.null();
                r.u(0);
                r.u(0);
            }
            if has_info {
                r.esc(&info);
            } else {
                r.null();
            }
        })?;
    }
    g.crypt = crypt;
    Ok(())
}

fn shipping_rate(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for qc in QuoteWalk::new(g) {
        let Some(c) = &qc.order else { continue };
        let Some(s) = c.o.ship else { continue };
        let (code, carrier, ctitle, mtitle, cents) = SHIPPING[s];
        t.row(|r| {
            r.u(qc.q);
            r.u(qc.q * 2);
            r.dt(qc.created);
            r.dt(qc.created + 600);
            r.s(carrier.as_bytes());
            r.s(ctitle.as_bytes());
            r.s(code.as_bytes());
            r.s(code.split('_').nth(1).unwrap_or("").as_bytes());
            r.null();
            r.money(cents);
            r.s(mtitle.as_bytes());
        })?;
    }
    Ok(())
}

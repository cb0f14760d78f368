//! Customers with their EAV values (names, date of birth, gender, md5 and sha256 password
//! hashes, default addresses), their addresses, newsletter subscriptions and wishlists.

use super::fmt::{hash, hchance, hex_of, pick, push_datetime, push_u64};
use super::model::{ET_ADDRESS, ET_CUSTOMER, Gen, SPAN, k};
use super::{T, TableGen};
use md5::{Digest, Md5};
use sha2::Sha256;
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
    t(
        "customer_entity",
        &[
            "entity_id",
            "entity_type_id",
            "attribute_set_id",
            "website_id",
            "email",
            "group_id",
            "increment_id",
            "store_id",
            "created_at",
            "updated_at",
            "is_active",
            "disable_auto_group_change",
        ],
        customer_entity,
    );
    const VALUE: &[&str] = &[
        "value_id",
        "entity_type_id",
        "attribute_id",
        "entity_id",
        "value",
    ];
    t("customer_entity_datetime", VALUE, customer_datetime);
    t("customer_entity_int", VALUE, customer_int);
    t("customer_entity_varchar", VALUE, customer_varchar);
    t(
        "customer_address_entity",
        &[
            "entity_id",
            "entity_type_id",
            "attribute_set_id",
            "increment_id",
            "parent_id",
            "created_at",
            "updated_at",
            "is_active",
        ],
        address_entity,
    );
    t("customer_address_entity_int", VALUE, address_int);
    t("customer_address_entity_text", VALUE, address_text);
    t("customer_address_entity_varchar", VALUE, address_varchar);
    t(
        "newsletter_subscriber",
        &[
            "subscriber_id",
            "store_id",
            "change_status_at",
            "customer_id",
            "subscriber_email",
            "subscriber_status",
            "subscriber_confirm_code",
        ],
        newsletter_subscriber,
    );
    t(
        "wishlist",
        &[
            "wishlist_id",
            "customer_id",
            "shared",
            "sharing_code",
            "updated_at",
        ],
        wishlist,
    );
    t(
        "wishlist_item",
        &[
            "wishlist_item_id",
            "wishlist_id",
            "product_id",
            "store_id",
            "added_at",
            "description",
            "qty",
        ],
        wishlist_item,
    );
    t(
        "wishlist_item_option",
        &[
            "option_id",
            "wishlist_item_id",
            "product_id",
            "code",
            "value",
        ],
        wishlist_item_option,
    );
}

/// The password every generated customer has (hashed as Magento 1 hashes it).
pub const PASSWORD: &str = "synth-password";

fn customer_entity(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut email = Vec::new();
    for c in 1..=g.s.customers {
        email.clear();
        g.email(c, &mut email);
        let created = g.customer_created(c);
        t.row(|r| {
            r.u(c);
            r.u(ET_CUSTOMER);
            r.u(g.ids.set_customer);
            r.u(g.customer_website(c));
            r.s(&email);
            r.u(g.customer_group(c));
            r.null();
            r.u(g.customer_store(c));
            r.dt(created);
            r.dt(created + pick(k::CUSTOMER, c, 5, SPAN / 4));
            r.u(u64::from(!hchance(k::CUSTOMER, c, 6, 10)));
            r.u(0);
        })?;
    }
    Ok(())
}

/// Value rows without a store column (customer and address tables).
fn values(
    g: &mut Gen,
    t: &mut T,
    ty: u64,
    n: u64,
    attrs: &[(u64, u8)],
    value: fn(&mut Gen, u8, u64, &mut Vec<u8>) -> bool,
) -> io::Result<()> {
    let mut id = g.base.table(t.name).max("value_id") + 1;
    let mut lit = std::mem::take(&mut g.lit);
    for e in 1..=n {
        for &(attr, what) in attrs {
            lit.clear();
            if !value(g, what, e, &mut lit) {
                continue;
            }
            t.row(|r| {
                r.u(id);
                r.u(ty);
                r.u(attr);
                r.u(e);
                r.lit(&lit);
            })?;
            id += 1;
        }
    }
    g.lit = lit;
    Ok(())
}

fn attrs(g: &Gen, ty: u64, backend: &str, codes: &[(&str, u8)]) -> Vec<(u64, u8)> {
    let mut v: Vec<(u64, u8)> = codes
        .iter()
        .filter_map(|&(code, tag)| {
            let (id, b) = g.attr(ty, code);
            (b == backend).then_some((id, tag))
        })
        .collect();
    v.sort_unstable();
    v
}

const CUSTOMER_ATTRS: &[(&str, u8)] = &[
    ("created_in", 1),
    ("prefix", 2),
    ("firstname", 3),
    ("middlename", 4),
    ("lastname", 5),
    ("password_hash", 6),
    ("taxvat", 7),
    ("rp_token", 8),
    ("default_billing", 10),
    ("default_shipping", 11),
    ("gender", 12),
    ("dob", 20),
    ("rp_token_created_at", 21),
];

fn quoted(b: &mut Vec<u8>, f: impl FnOnce(&mut Vec<u8>)) {
    b.push(b'\'');
    f(b);
    b.push(b'\'');
}

fn customer_value(g: &mut Gen, what: u8, c: u64, b: &mut Vec<u8>) -> bool {
    let (first, last) = g.customer_names(c);
    match what {
        1 => quoted(b, |b| {
            b.extend_from_slice(super::model::store_name(g.customer_store(c)))
        }),
        2 => {
            if !hchance(k::CUSTOMER, c, 7, 50) {
                return false;
            }
            b.extend_from_slice(if c.is_multiple_of(2) {
                b"'Mr.'"
            } else {
                b"'Dr.'"
            })
        }
        3 => quoted(b, |b| b.extend_from_slice(g.p.first.esc(first))),
        4 => {
            if !hchance(k::CUSTOMER, c, 8, 100) {
                return false;
            }
            quoted(b, |b| b.extend_from_slice(g.p.first.esc(first / 7)))
        }
        5 => quoted(b, |b| g.last_name(last, b)),
        6 => {
            // Magento 1: md5(salt . password) . ':' . salt (2 characters of salt) for most,
            // sha256(salt . password) . ':' . salt (32) for accounts saved by 1.9.3+.
            let sha = hchance(k::CUSTOMER, c, 9, 200);
            let mut salt = Vec::with_capacity(32);
            super::fmt::push_hex(&mut salt, hash(k::CUSTOMER, c, 10), 16);
            super::fmt::push_hex(&mut salt, hash(k::CUSTOMER, c, 11), 16);
            if !sha {
                salt.truncate(2);
            }
            let mut input = salt.clone();
            input.extend_from_slice(PASSWORD.as_bytes());
            quoted(b, |b| {
                if sha {
                    hex_of(&Sha256::digest(&input), b);
                } else {
                    hex_of(&Md5::digest(&input), b);
                }
                b.push(b':');
                b.extend_from_slice(&salt);
            })
        }
        7 => {
            if !hchance(k::CUSTOMER, c, 12, 50) {
                return false;
            }
            quoted(b, |b| {
                b.extend_from_slice(b"DE");
                push_u64(b, 100_000_000 + hash(k::CUSTOMER, c, 13) % 900_000_000);
            })
        }
        8 | 21 => {
            if !hchance(k::CUSTOMER, c, 14, 50) {
                return false;
            }
            if what == 8 {
                quoted(b, |b| super::fmt::push_hex(b, hash(k::CUSTOMER, c, 15), 16))
            } else {
                quoted(b, |b| push_datetime(b, g.customer_created(c) + SPAN / 2))
            }
        }
        10 | 11 => {
            let (a, n) = g.customer_addresses(c);
            if n == 0 {
                return false;
            }
            push_u64(b, if what == 11 && n > 1 { a + 1 } else { a })
        }
        12 => {
            if !hchance(k::CUSTOMER, c, 16, 600) {
                return false;
            }
            push_u64(b, g.ids.gender[(c % 2) as usize])
        }
        20 => {
            if !hchance(k::CUSTOMER, c, 17, 400) {
                return false;
            }
            // born 1970–2004, at midnight
            let day = pick(k::CUSTOMER, c, 18, 35 * 365);
            quoted(b, |b| push_datetime(b, day * 86_400))
        }
        _ => return false,
    }
    true
}

fn customer_table(g: &mut Gen, t: &mut T, backend: &str) -> io::Result<()> {
    let a = attrs(g, ET_CUSTOMER, backend, CUSTOMER_ATTRS);
    let n = g.s.customers;
    values(g, t, ET_CUSTOMER, n, &a, customer_value)
}

fn customer_datetime(g: &mut Gen, t: &mut T) -> io::Result<()> {
    customer_table(g, t, "datetime")
}
fn customer_int(g: &mut Gen, t: &mut T) -> io::Result<()> {
    customer_table(g, t, "int")
}
fn customer_varchar(g: &mut Gen, t: &mut T) -> io::Result<()> {
    customer_table(g, t, "varchar")
}

fn address_entity(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let n = g.addresses();
    for a in 1..=n {
        let (c, _) = g.address_owner(a);
        let created = g.customer_created(c) + pick(k::ADDRESS, a, 1, SPAN / 5);
        t.row(|r| {
            r.u(a);
            r.u(ET_ADDRESS);
            r.u(g.ids.set_address);
            r.null();
            r.u(c);
            r.dt(created);
            r.dt(created + pick(k::ADDRESS, a, 2, 86_400 * 30));
            r.u(1);
        })?;
    }
    if g.orphans {
        // An address whose customer was deleted behind Magento's back.
        t.row(|r| {
            r.u(n + 1);
            r.u(ET_ADDRESS);
            r.u(g.ids.set_address);
            r.null();
            r.u(g.s.customers + 1000);
            r.dt(super::model::EPOCH);
            r.dt(super::model::EPOCH);
            r.u(1);
        })?;
    }
    Ok(())
}

const ADDRESS_ATTRS: &[(&str, u8)] = &[
    ("firstname", 1),
    ("lastname", 2),
    ("company", 3),
    ("city", 4),
    ("country_id", 5),
    ("region", 6),
    ("postcode", 7),
    ("telephone", 8),
    ("fax", 9),
    ("vat_id", 10),
    ("middlename", 11),
    ("region_id", 20),
    ("street", 30),
];

/// Everything an address says, shared with the order and quote addresses built from it.
pub struct Place {
    pub country: &'static str,
    pub city: &'static str,
    pub region_id: Option<u64>,
    pub region: &'static [u8],
    pub postcode: u64,
    pub phone: u64,
}

pub fn place(g: &Gen, seed: u64) -> Place {
    let (country, city) = g.place(seed);
    let (region_id, region) = g.region(country, seed >> 8);
    Place {
        country,
        city,
        region_id,
        region,
        postcode: 1000 + (seed >> 16) % 98_000,
        phone: 2_000_000_000 + (seed >> 24) % 7_000_000_000,
    }
}

/// A street (escaped): a number and a street, sometimes a second line.
pub fn street(g: &Gen, seed: u64, b: &mut Vec<u8>) {
    push_u64(b, 1 + seed % 9999);
    b.push(b' ');
    b.extend_from_slice(g.p.street.esc(seed >> 14));
    if (seed >> 30).is_multiple_of(5) {
        b.extend_from_slice(b"\\nApt ");
        push_u64(b, 1 + (seed >> 33) % 120);
    }
}

/// The name indexes of an address: its owner's, or for extra addresses another first name.
pub fn address_names(g: &Gen, a: u64) -> (u64, u64) {
    let (c, i) = g.address_owner(a);
    let (first, last) = g.customer_names(c);
    if i == 0 {
        (first, last)
    } else {
        (first + 11 * i, last)
    }
}

fn address_value(g: &mut Gen, what: u8, a: u64, b: &mut Vec<u8>) -> bool {
    let seed = super::fmt::hash(k::ADDRESS, a, 3);
    let pl = place(g, seed);
    let (first, last) = address_names(g, a);
    match what {
        1 => quoted(b, |b| b.extend_from_slice(g.p.first.esc(first))),
        2 => quoted(b, |b| g.last_name(last, b)),
        3 => {
            if !hchance(k::ADDRESS, a, 4, 200) {
                return false;
            }
            quoted(b, |b| b.extend_from_slice(g.p.company.esc(a)))
        }
        4 => quoted(b, |b| super::fmt::escape_into(b, pl.city.as_bytes())),
        5 => quoted(b, |b| b.extend_from_slice(pl.country.as_bytes())),
        6 => quoted(b, |b| super::fmt::escape_into(b, pl.region)),
        7 => quoted(b, |b| push_u64(b, pl.postcode)),
        8 => quoted(b, |b| {
            b.extend_from_slice(b"+1 ");
            push_u64(b, pl.phone);
        }),
        9 => {
            if !hchance(k::ADDRESS, a, 5, 30) {
                return false;
            }
            quoted(b, |b| push_u64(b, pl.phone + 1))
        }
        10 => {
            if !hchance(k::ADDRESS, a, 6, 20) {
                return false;
            }
            quoted(b, |b| {
                b.extend_from_slice(pl.country.as_bytes());
                push_u64(b, 100_000_000 + seed % 900_000_000);
            })
        }
        11 => {
            if !hchance(k::ADDRESS, a, 7, 50) {
                return false;
            }
            b.extend_from_slice(b"''")
        }
        20 => match pl.region_id {
            Some(id) => push_u64(b, id),
            None => return false,
        },
        30 => quoted(b, |b| street(g, seed, b)),
        _ => return false,
    }
    true
}

fn address_table(g: &mut Gen, t: &mut T, backend: &str) -> io::Result<()> {
    let a = attrs(g, ET_ADDRESS, backend, ADDRESS_ATTRS);
    let n = g.addresses();
    values(g, t, ET_ADDRESS, n, &a, address_value)
}

fn address_int(g: &mut Gen, t: &mut T) -> io::Result<()> {
    address_table(g, t, "int")
}
fn address_text(g: &mut Gen, t: &mut T) -> io::Result<()> {
    address_table(g, t, "text")
}
fn address_varchar(g: &mut Gen, t: &mut T) -> io::Result<()> {
    address_table(g, t, "varchar")
}

/// Subscribers: most are customers (every third customer, in id order), some guests.
fn newsletter_subscriber(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut email = Vec::new();
    for s in 1..=g.s.subscribers {
        let guest = s % 5 == 0;
        let c = (s * 3 - 2).min(g.s.customers);
        email.clear();
        let store = if guest {
            1 + pick(k::MISC, s, 1, 2)
        } else {
            g.email(c, &mut email);
            g.customer_store(c)
        };
        if guest {
            email.extend_from_slice(b"newsletter");
            push_u64(&mut email, s);
            email.extend_from_slice(b"@example.org");
        }
        let status = [1u64, 1, 1, 3, 2, 4][pick(k::MISC, s, 2, 6) as usize];
        t.row(|r| {
            r.u(s);
            r.u(store);
            if s % 9 == 0 {
                r.null();
            } else {
                r.dt(g.time_at(k::MISC, s, g.s.subscribers));
            }
            r.u(if guest { 0 } else { c });
            r.s(&email);
            r.u(status);
            r.with(|b| super::fmt::push_hex(b, hash(k::MISC, s, 3), 32));
        })?;
    }
    Ok(())
}

/// Wishlist `w` belongs to customer `5w` (capped), with 1–3 items.
fn wishlist_owner(g: &Gen, w: u64) -> u64 {
    (w * 5).min(g.s.customers)
}

fn wishlist(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for w in 1..=g.s.wishlists.min(g.s.customers / 5) {
        let c = wishlist_owner(g, w);
        t.row(|r| {
            r.u(w);
            r.u(c);
            r.u(u64::from(w % 6 == 0));
            r.with(|b| super::fmt::push_hex(b, hash(k::MISC, w, 4), 32));
            r.dt(g.customer_created(c) + SPAN / 3);
        })?;
    }
    Ok(())
}

fn wishlist_products(g: &Gen, w: u64, out: &mut Vec<u64>) {
    out.clear();
    let n = 1 + pick(k::MISC, w, 5, 3);
    for i in 0..n {
        let mut p = 1 + pick(k::MISC, w, 6 + i, g.s.products);
        if !g.visible(p) {
            p = super::model::config_of(super::model::block_of(p));
        }
        if !out.contains(&p) {
            out.push(p);
        }
    }
}

fn wishlist_item(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    let mut ps = Vec::new();
    for w in 1..=g.s.wishlists.min(g.s.customers / 5) {
        let c = wishlist_owner(g, w);
        wishlist_products(g, w, &mut ps);
        for &p in &ps {
            let store = g.customer_store(c);
            let store = if g.product_stores(p).contains(&store) {
                store
            } else {
                1
            };
            t.row(|r| {
                r.u(id);
                r.u(w);
                r.u(p);
                r.u(store);
                r.dt(g.customer_created(c) + SPAN / 3 + id);
                if id % 4 == 0 {
                    r.s(b"For my sister\\'s birthday");
                } else {
                    r.null();
                }
                r.dec(10_000);
            })?;
            id += 1;
        }
    }
    Ok(())
}

fn wishlist_item_option(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let (mut id, mut item) = (1, 1);
    let mut ps = Vec::new();
    for w in 1..=g.s.wishlists.min(g.s.customers / 5) {
        wishlist_products(g, w, &mut ps);
        for &p in &ps {
            let b = &mut g.scratch;
            b.clear();
            super::fmt::ser_arr(b, 2);
            super::fmt::ser_kv(b, b"product", p.to_string().as_bytes());
            super::fmt::ser_str(b, b"qty");
            super::fmt::ser_int(b, 1);
            super::fmt::ser_end(b);
            let s = std::mem::take(&mut g.scratch);
            t.row(|r| {
                r.u(id);
                r.u(item);
                r.u(p);
                r.s(b"info_buyRequest");
                r.esc(&s);
            })?;
            g.scratch = s;
            id += 1;
            item += 1;
        }
    }
    Ok(())
}

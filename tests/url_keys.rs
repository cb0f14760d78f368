//! URL key collisions (the Url Key step, beyond Magento's tool), proven in MariaDB.
//!
//! The bundled synthetic store has unique url_keys, so the test makes collisions the way a
//! Magento 1 shop has them: it gives some products and categories the url_key of another
//! (one in another letter case, one only in the French store view, two sibling categories,
//! and a category with the key of a category under another parent, which is no collision),
//! and renames their request paths in `core_url_rewrite` as Magento 1 de-duplicates them
//! (`<key>-1.html`). The changed store is loaded into `m1`, where SQL computes the
//! collisions the report must list; the output of `--resolve-url-keys` is loaded into `m2`
//! under STRICT_ALL_TABLES without a warning, and SQL proves the keys and rewrites unique.

mod common;

use common::{ClientOptions, MariaDb};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn m1tom2(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_m1tom2"))
        .args(args)
        .output()
        .expect("runs m1tom2")
}

/// The bundled store's SQL (bytes: some values are binary).
fn fixture_text() -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/m1-synth-store.sql.gz");
    let mut s = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(p).unwrap())
        .read_to_end(&mut s)
        .unwrap();
    s
}

/// `line` with every `from` replaced by `to`; the number of replacements.
fn replace_bytes(line: &[u8], from: &[u8], to: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(line.len());
    let mut count = 0;
    let mut i = 0;
    while i < line.len() {
        if line[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
            count += 1;
        } else {
            out.push(line[i]);
            i += 1;
        }
    }
    (out, count)
}

fn strict() -> ClientOptions {
    ClientOptions::default()
        .charset("utf8mb4")
        .sql_mode("STRICT_ALL_TABLES")
        .show_warnings(true)
}

fn binary() -> ClientOptions {
    ClientOptions::default()
        .charset("utf8mb4")
        .binary_mode(true)
}

fn one(db: &MariaDb, dbname: &str, sql: &str) -> String {
    db.query(dbname, sql)
        .first()
        .and_then(|r| r.first().cloned().flatten())
        .unwrap_or_else(|| panic!("no value from {sql}"))
}

fn n(db: &MariaDb, dbname: &str, sql: &str) -> u64 {
    one(db, dbname, sql)
        .parse()
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Replaces `from` by `to` in the lines that insert into `table`; returns how often.
fn replace_in(text: &mut Vec<u8>, table: &str, from: &str, to: &str) -> usize {
    let head = format!("INSERT INTO `{table}`");
    let mut count = 0;
    let mut out = Vec::with_capacity(text.len());
    for line in text.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(head.as_bytes()) {
            let (l, c) = replace_bytes(line, from.as_bytes(), to.as_bytes());
            count += c;
            out.extend_from_slice(&l);
        } else {
            out.extend_from_slice(line);
        }
    }
    *text = out;
    count
}

/// url_key values of an entity type in `db`: (entity, store) → value.
fn keys(db: &MariaDb, dbname: &str, ty: &str) -> BTreeMap<(u64, u64), String> {
    values_of(db, dbname, ty, "url_key")
}

/// Values of an attribute of an entity type in `db`: (entity, store) → value.
fn values_of(db: &MariaDb, dbname: &str, ty: &str, code: &str) -> BTreeMap<(u64, u64), String> {
    let attr = n(
        db,
        dbname,
        &format!(
            "SELECT a.attribute_id FROM eav_attribute a JOIN eav_entity_type t ON t.entity_type_id = a.entity_type_id \
             WHERE t.entity_type_code = '{ty}' AND a.attribute_code = '{code}'"
        ),
    );
    db.query(
        dbname,
        &format!(
            "SELECT entity_id, store_id, value FROM {ty}_entity_varchar WHERE attribute_id = {attr}"
        ),
    )
    .into_iter()
    .map(|r| {
        (
            (
                r[0].as_deref().unwrap().parse().unwrap(),
                r[1].as_deref().unwrap().parse().unwrap(),
            ),
            r[2].clone().unwrap_or_default(),
        )
    })
    .collect()
}

fn url_key_attr(db: &MariaDb, dbname: &str, ty: &str) -> u64 {
    url_key_attr_pre(db, dbname, "", ty)
}

/// The url_key attribute of an entity type, with a table prefix.
fn url_key_attr_pre(db: &MariaDb, dbname: &str, pre: &str, ty: &str) -> u64 {
    n(
        db,
        dbname,
        &format!(
            "SELECT a.attribute_id FROM {pre}eav_attribute a JOIN {pre}eav_entity_type t ON t.entity_type_id = a.entity_type_id \
             WHERE t.entity_type_code = '{ty}' AND a.attribute_code = 'url_key'"
        ),
    )
}

/// A collision as the test compares them: (type, store, parent, folded key, ids).
type Key = (String, u64, Option<u64>, String, Vec<u64>);

/// The collisions SQL finds: effective url_key per store view (store value, else store 0),
/// products per store view of their websites, categories per store view and parent, under
/// the store's root category (not the root categories themselves). `stores` and `groups`
/// are `core_store` and `core_store_group` (Magento 1) or `store` and `store_group`
/// (Magento 2).
fn collisions_sql(db: &MariaDb, dbname: &str, (stores, groups): (&str, &str)) -> BTreeSet<Key> {
    collisions_sql_pre(db, dbname, "", (stores, groups))
}

/// [`collisions_sql`] over tables with a prefix.
fn collisions_sql_pre(
    db: &MariaDb,
    dbname: &str,
    pre: &str,
    (stores, groups): (&str, &str),
) -> BTreeSet<Key> {
    let mut out = BTreeSet::new();
    let pa = url_key_attr_pre(db, dbname, pre, "catalog_product");
    let ca = url_key_attr_pre(db, dbname, pre, "catalog_category");
    let rows = db.query(
        dbname,
        &format!(
            "SELECT s.store_id, LOWER(COALESCE(sv.value, dv.value)) k, GROUP_CONCAT(e.entity_id ORDER BY e.entity_id) \
             FROM {pre}catalog_product_entity e JOIN {pre}{stores} s ON s.store_id > 0 \
             JOIN {pre}catalog_product_website w ON w.product_id = e.entity_id AND w.website_id = s.website_id \
             LEFT JOIN {pre}catalog_product_entity_varchar dv ON dv.entity_id = e.entity_id AND dv.attribute_id = {pa} AND dv.store_id = 0 \
             LEFT JOIN {pre}catalog_product_entity_varchar sv ON sv.entity_id = e.entity_id AND sv.attribute_id = {pa} AND sv.store_id = s.store_id \
             WHERE COALESCE(sv.value, dv.value) <> '' GROUP BY s.store_id, k HAVING COUNT(*) > 1"
        ),
    );
    for r in rows {
        out.insert((
            "product".to_string(),
            r[0].as_deref().unwrap().parse().unwrap(),
            None,
            r[1].clone().unwrap(),
            ids(r[2].as_deref().unwrap()),
        ));
    }
    let rows = db.query(
        dbname,
        &format!(
            "SELECT s.store_id, c.parent_id, LOWER(COALESCE(sv.value, dv.value)) k, GROUP_CONCAT(c.entity_id ORDER BY c.entity_id) \
             FROM {pre}catalog_category_entity c JOIN {pre}catalog_category_entity p ON p.entity_id = c.parent_id AND p.parent_id <> 0 \
             JOIN {pre}{stores} s ON s.store_id > 0 \
             JOIN {pre}{groups} g ON g.group_id = s.group_id AND c.path LIKE CONCAT('1/', g.root_category_id, '/%') \
             LEFT JOIN {pre}catalog_category_entity_varchar dv ON dv.entity_id = c.entity_id AND dv.attribute_id = {ca} AND dv.store_id = 0 \
             LEFT JOIN {pre}catalog_category_entity_varchar sv ON sv.entity_id = c.entity_id AND sv.attribute_id = {ca} AND sv.store_id = s.store_id \
             WHERE COALESCE(sv.value, dv.value) <> '' GROUP BY s.store_id, c.parent_id, k HAVING COUNT(*) > 1"
        ),
    );
    for r in rows {
        out.insert((
            "category".to_string(),
            r[0].as_deref().unwrap().parse().unwrap(),
            Some(r[1].as_deref().unwrap().parse().unwrap()),
            r[2].clone().unwrap(),
            ids(r[3].as_deref().unwrap()),
        ));
    }
    out
}

fn ids(s: &str) -> Vec<u64> {
    s.split(',').map(|i| i.parse().unwrap()).collect()
}

fn reported(report: &Value) -> BTreeSet<Key> {
    report["url_key_collisions"]
        .as_array()
        .expect("url_key_collisions in the report")
        .iter()
        .map(|c| {
            (
                c["entity_type"].as_str().unwrap().to_string(),
                c["store_id"].as_u64().unwrap(),
                c["parent_id"].as_u64(),
                c["key"].as_str().unwrap().to_ascii_lowercase(),
                c["entity_ids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap())
                    .collect(),
            )
        })
        .collect()
}

/// The changed store, written to `dir`; what was changed.
struct Made {
    dump: PathBuf,
    /// Product keeping its key, the products given its key.
    a: u64,
    b: u64,
    c: u64,
    /// A product of the first website only, given the key of `a` too.
    x: u64,
    /// Product whose French value became the key of `h` (which has no French value).
    f: u64,
    h: u64,
    /// Sibling categories, and a category under another parent with the same key.
    s1: u64,
    s2: u64,
    t: u64,
}

fn make_collisions(db: &MariaDb, dir: &Path) -> Made {
    let mut text = fixture_text();
    db.create_database("orig");
    db.load_bytes_with("orig", &text, &binary())
        .expect("loading the bundled store");
    let pk = keys(db, "orig", "catalog_product");
    let ck = keys(db, "orig", "catalog_category");
    let pa = url_key_attr(db, "orig", "catalog_product");
    let ca = url_key_attr(db, "orig", "catalog_category");
    // Products with their own rewrite in store 1, and whether they have a French value.
    let with_rewrites: Vec<u64> = db
        .query(
            "orig",
            "SELECT DISTINCT product_id FROM core_url_rewrite WHERE store_id = 1 AND product_id IS NOT NULL \
             AND category_id IS NULL AND options = '' ORDER BY product_id",
        )
        .into_iter()
        .map(|r| r[0].as_deref().unwrap().parse().unwrap())
        .collect();
    let french = |p: u64| pk.contains_key(&(p, 2));
    let plain: Vec<u64> = with_rewrites
        .iter()
        .copied()
        .filter(|p| !french(*p))
        .collect();
    let fr: Vec<u64> = with_rewrites
        .iter()
        .copied()
        .filter(|p| french(*p))
        .collect();
    assert!(
        plain.len() >= 4 && !fr.is_empty(),
        "the store has the products the test needs"
    );
    let (a, b, c, h) = (plain[0], plain[1], plain[2], plain[3]);
    let one_site: BTreeSet<u64> = db
        .query(
            "orig",
            "SELECT product_id FROM catalog_product_website GROUP BY product_id HAVING COUNT(*) = 1 AND MIN(website_id) = 1",
        )
        .into_iter()
        .map(|r| r[0].as_deref().unwrap().parse().unwrap())
        .collect();
    let x = *plain[4..]
        .iter()
        .find(|p| one_site.contains(p))
        .expect("a product of one website");
    let f = fr[0];
    let key = |p: u64, s: u64| pk[&(p, s)].clone();
    let (ka, kb, kc, kh, kf2) = (key(a, 0), key(b, 0), key(c, 0), key(h, 0), key(f, 2));
    let kx = key(x, 0);
    let set = |text: &mut Vec<u8>,
               (entity, store, attr): (u64, u64, u64),
               table: &str,
               old: &str,
               new: &str| {
        let from = format!(",{attr},{store},{entity},'{old}')");
        let to = format!(",{attr},{store},{entity},'{new}')");
        assert_eq!(replace_in(text, table, &from, &to), 1, "{from}");
    };
    set(
        &mut text,
        (b, 0, pa),
        "catalog_product_entity_varchar",
        &kb,
        &ka,
    );
    set(
        &mut text,
        (x, 0, pa),
        "catalog_product_entity_varchar",
        &kx,
        &ka,
    );
    let upper = ka.to_ascii_uppercase();
    set(
        &mut text,
        (c, 0, pa),
        "catalog_product_entity_varchar",
        &kc,
        &upper,
    );
    set(
        &mut text,
        (f, 2, pa),
        "catalog_product_entity_varchar",
        &kf2,
        &kh,
    );
    // Their request paths, de-duplicated as Magento 1 does.
    for (old, new) in [
        (kb.clone(), format!("{ka}-1")),
        (kx.clone(), format!("{ka}-3")),
        (kc.clone(), format!("{upper}-2")),
        (kf2.clone(), format!("{kh}-1")),
    ] {
        let mut hits = 0;
        for (l, r) in [("'", ".html'"), ("/", ".html'")] {
            hits += replace_in(
                &mut text,
                "core_url_rewrite",
                &format!("{l}{old}{r}"),
                &format!("{l}{new}{r}"),
            );
        }
        assert!(hits > 0, "rewrites of {old}");
    }
    // Categories: two siblings, and one under another parent.
    let cats: Vec<(u64, u64)> = db
        .query(
            "orig",
            "SELECT c.entity_id, c.parent_id FROM catalog_category_entity c JOIN catalog_category_entity p \
             ON p.entity_id = c.parent_id WHERE p.parent_id > 0 ORDER BY c.parent_id DESC, c.entity_id",
        )
        .into_iter()
        .map(|r| {
            (
                r[0].as_deref().unwrap().parse().unwrap(),
                r[1].as_deref().unwrap().parse().unwrap(),
            )
        })
        .collect();
    let (s1, parent) = cats[0];
    let s2 = cats
        .iter()
        .find(|(c, p)| *p == parent && *c != s1)
        .expect("siblings")
        .0;
    let t = cats
        .iter()
        .find(|(_, p)| *p != parent)
        .expect("another parent")
        .0;
    let k1 = ck[&(s1, 0)].clone();
    for cat in [s2, t] {
        let old = ck[&(cat, 0)].clone();
        set(
            &mut text,
            (cat, 0, ca),
            "catalog_category_entity_varchar",
            &old,
            &k1,
        );
        let new = if cat == s2 {
            format!("{k1}-1")
        } else {
            k1.clone()
        };
        // Request paths, and the url_path values (its own, its children's).
        for table in ["core_url_rewrite", "catalog_category_entity_varchar"] {
            let mut hits = 0;
            for (l, r) in [("/", ".html'"), ("/", "/"), ("'", ".html'"), ("'", "/")] {
                hits += replace_in(
                    &mut text,
                    table,
                    &format!("{l}{old}{r}"),
                    &format!("{l}{new}{r}"),
                );
            }
            assert!(hits > 0, "{table} of category {cat}");
        }
    }
    let dump = dir.join("m1-collisions.sql");
    std::fs::write(&dump, &text).unwrap();
    Made {
        dump,
        a,
        b,
        c,
        x,
        f,
        h,
        s1,
        s2,
        t,
    }
}

fn migrate(src: &Path, out: &Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "migrate:data",
        "--source",
        src.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
        "-a",
    ];
    args.extend_from_slice(extra);
    let o = m1tom2(&args);
    assert!(
        o.status.success(),
        "migrate:data: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&std::fs::read(format!("{}.report.json", out.display())).unwrap())
        .unwrap()
}

#[test]
fn url_key_collisions_are_reported_and_resolved() {
    let db = MariaDb::start();
    let dir = tempfile::tempdir().unwrap();
    let made = make_collisions(&db, dir.path());

    // What Magento 1 has, by SQL.
    db.create_database("m1");
    db.load_file_with("m1", &made.dump, &binary())
        .expect("loading the changed store");
    let expected = collisions_sql(&db, "m1", ("core_store", "core_store_group"));
    let has = |ty: &str, ids: &[u64]| {
        expected
            .iter()
            .any(|(t, _, _, _, i)| t == ty && i.as_slice() == ids)
    };
    let mut abc = vec![made.a, made.b, made.c];
    abc.sort();
    let mut abcx = vec![made.a, made.b, made.c, made.x];
    abcx.sort();
    let in_store = |s: u64, ids: &[u64]| {
        expected
            .iter()
            .any(|(t, st, _, _, i)| t == "product" && *st == s && i.as_slice() == ids)
    };
    assert!(
        in_store(1, &abcx) && in_store(3, &abc),
        "a four-way collision in the first website, three-way in the other: {expected:?}"
    );
    let mut fh = vec![made.f, made.h];
    fh.sort();
    assert!(
        expected
            .iter()
            .any(|(t, s, _, _, i)| t == "product" && *s == 2 && *i == fh),
        "the French-only collision: {expected:?}"
    );
    assert!(
        !expected
            .iter()
            .any(|(t, s, _, _, i)| t == "product" && *s != 2 && i.contains(&made.f)),
        "the French value collides in the French store view only"
    );
    assert!(has("category", &[made.s1, made.s2]), "{expected:?}");
    assert!(
        !expected
            .iter()
            .any(|(t, _, _, _, i)| t == "category" && i.contains(&made.t)),
        "a category under another parent is no collision"
    );

    // Without the flag: reported, nothing changed.
    let plain_out = dir.path().join("plain.sql");
    let report = migrate(&made.dump, &plain_out, &[]);
    assert_eq!(
        reported(&report),
        expected,
        "the report lists the collisions"
    );
    assert!(
        report["url_key_collisions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c.get("renamed").is_none())
    );
    let warning = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["step"] == "Url Key Step" && m["level"] == "WARNING")
        .expect("a warning");
    assert!(
        warning["text"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{} url_key collisions", expected.len())),
        "{warning}"
    );
    let plain_sql = std::fs::read(&plain_out).unwrap();
    assert!(
        !plain_sql.windows(14).any(|w| w == b"m1tom2_url_key"),
        "without the flag nothing is renamed"
    );

    // With --resolve-url-keys, loaded into Magento 2.
    let baseline = dir.path().join("baseline.sql");
    let settings = dir.path().join("settings.sql");
    let data = dir.path().join("data.sql");
    let o = m1tom2(&["baseline", "-o", baseline.to_str().unwrap(), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = m1tom2(&[
        "migrate:settings",
        "--source",
        made.dump.to_str().unwrap(),
        "-o",
        settings.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report = migrate(&made.dump, &data, &["--resolve-url-keys"]);
    assert_eq!(reported(&report), expected);
    let notice = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["step"] == "Url Key Step" && m["level"] == "NOTICE")
        .expect("a notice of the renames");
    assert!(
        notice["text"]
            .as_str()
            .unwrap()
            .contains(" products and 1 categories get new url_keys"),
        "{notice}"
    );
    db.create_database("m2");
    db.load_file_with("m2", &baseline, &strict())
        .expect("loading the baseline");
    for f in [&settings, &data] {
        let out = db
            .load_file_with("m2", f, &strict())
            .unwrap_or_else(|e| panic!("loading {}: {e}", f.display()));
        let d = out.diagnostics();
        assert!(d.is_empty(), "{} loads with warnings: {d:?}", f.display());
    }

    // The report's row account matches what landed (store-view url_key rows added).
    let dest = report["account"]["destinations"].as_object().unwrap();
    for t in [
        "url_rewrite",
        "catalog_product_entity_varchar",
        "catalog_category_entity_varchar",
    ] {
        assert_eq!(
            dest.get(t).and_then(Value::as_u64),
            Some(n(&db, "m2", &format!("SELECT COUNT(*) FROM `{t}`"))),
            "{t}: the report's rows vs Magento 2"
        );
    }

    // No collision is left in Magento 2.
    assert_eq!(
        collisions_sql(&db, "m2", ("store", "store_group")),
        BTreeSet::new()
    );
    assert_eq!(
        n(
            &db,
            "m2",
            "SELECT COUNT(*) - COUNT(DISTINCT request_path, store_id) FROM url_rewrite"
        ),
        0
    );
    assert_eq!(
        n(
            &db,
            "m2",
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'm2' AND table_name LIKE 'm1tom2%'"
        ),
        0,
        "no staging table is left"
    );

    // Every renamed entity: its url_key and its own rewrites carry the new key.
    let m1p = keys(&db, "m1", "catalog_product");
    let m2p = keys(&db, "m2", "catalog_product");
    let m2c = keys(&db, "m2", "catalog_category");
    let m2cp = values_of(&db, "m2", "catalog_category", "url_path");
    let mut renamed: BTreeSet<(String, u64)> = BTreeSet::new();
    let mut renamed_count = 0;
    for c in report["url_key_collisions"].as_array().unwrap() {
        let ty = c["entity_type"].as_str().unwrap();
        let store = c["store_id"].as_u64().unwrap();
        let ids = c["entity_ids"].as_array().unwrap();
        let list = c["renamed"].as_array().expect("renamed entries");
        assert_eq!(list.len(), ids.len() - 1, "all but the lowest id: {c}");
        for r in list {
            renamed_count += 1;
            let e = r["entity_id"].as_u64().unwrap();
            assert_ne!(e, ids[0].as_u64().unwrap(), "the lowest id keeps its key");
            let new = r["new_key"].as_str().unwrap();
            assert!(new.ends_with(&format!("-{e}")), "{new}");
            if ty == "category" {
                let p = m2cp
                    .get(&(e, store))
                    .or_else(|| m2cp.get(&(e, 0)))
                    .expect("a url_path");
                // The key, and what the suffix truncation left of an extension.
                let seg = p.rsplit('/').next().unwrap_or_default();
                assert!(
                    seg.strip_prefix(new)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.')),
                    "the url_path of category {e} in store {store}: {p}"
                );
            }
            let vals = if ty == "product" { &m2p } else { &m2c };
            let eff = vals
                .get(&(e, store))
                .or_else(|| vals.get(&(e, 0)))
                .expect("a url_key");
            assert_eq!(eff, new, "{ty} {e} store {store}");
            let own = format!(
                "FROM url_rewrite WHERE entity_type = '{ty}' AND entity_id = {e} AND store_id = {store} \
                 AND redirect_type = 0 AND is_autogenerated = 1"
            );
            let total = n(&db, "m2", &format!("SELECT COUNT(*) {own}"));
            assert!(total > 0, "{ty} {e} has rewrites in store {store}");
            assert_eq!(
                n(
                    &db,
                    "m2",
                    &format!(
                        "SELECT COUNT(*) {own} AND BINARY SUBSTRING_INDEX(request_path, '/', -1) = BINARY '{new}.html'"
                    )
                ),
                total,
                "the rewrites of {ty} {e} in store {store} carry {new}"
            );
            renamed.insert((ty.to_string(), e));
        }
    }
    assert!(renamed_count >= 4);
    // The keepers and every product not renamed keep their Magento 1 values.
    for ((e, s), v) in &m1p {
        if renamed.contains(&("product".to_string(), *e)) {
            continue;
        }
        assert_eq!(m2p.get(&(*e, *s)), Some(v), "product {e} store {s}");
    }
    // The French-only collision changed (or added) a French value of the higher id, not
    // its global one (which the other store views use without collision).
    let ren = made.f.max(made.h);
    assert_eq!(m2p[&(ren, 0)], m1p[&(ren, 0)]);
    let m1_fr = m1p.get(&(ren, 2)).unwrap_or(&m1p[&(ren, 0)]);
    assert_eq!(m2p[&(ren, 2)], format!("{m1_fr}-{ren}"));
    // The permanent redirects that pointed at a renamed product's path follow it.
    assert_eq!(
        n(
            &db,
            "m2",
            "SELECT COUNT(*) FROM url_rewrite r WHERE r.redirect_type <> 0 AND r.entity_type = 'product' \
             AND NOT EXISTS (SELECT 1 FROM url_rewrite t WHERE t.request_path = r.target_path AND t.store_id = r.store_id)"
        ),
        n(
            &db,
            "m1",
            "SELECT COUNT(*) FROM core_url_rewrite r WHERE r.options = 'RP' AND r.product_id IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM core_url_rewrite t WHERE t.request_path = r.target_path AND t.store_id = r.store_id)"
        ),
        "redirects lead where they led"
    );
}

/// Real shops: the report lists exactly the collisions SQL finds in each; where there are
/// some, the resolved output loads strictly without a warning and leaves none.
#[test]
fn real_shops_url_keys() {
    let Some(dumps) = common::flow::shared_m1_dumps() else {
        return;
    };
    let db = MariaDb::start();
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.sql");
    let o = m1tom2(&["baseline", "-o", baseline.to_str().unwrap(), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut checked = 0;
    let mut resolved = 0;
    for dump in &dumps {
        let name = dump.file_name().unwrap().to_string_lossy().to_string();
        let o = m1tom2(&["inspect", dump.to_str().unwrap(), "--json"]);
        let r: Value = serde_json::from_slice(&o.stdout).unwrap();
        if r["magento"]["certainty"] == "unsupported" {
            continue;
        }
        let settings = dir.path().join(format!("{name}.settings.sql"));
        let data = dir.path().join(format!("{name}.data.sql"));
        let o = m1tom2(&[
            "migrate:settings",
            "--source",
            dump.to_str().unwrap(),
            "-o",
            settings.to_str().unwrap(),
            "-q",
        ]);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let report = migrate(dump, &data, &["--resolve-url-keys"]);
        let pre = report["source_prefix"].as_str().unwrap().to_string();
        for d in ["r1", "r2"] {
            db.drop_database(d);
            db.create_database(d);
        }
        db.load_file_with("r1", dump, &binary())
            .unwrap_or_else(|e| panic!("{name}: loading the original: {e}"));
        let expected = collisions_sql_pre(&db, "r1", &pre, ("core_store", "core_store_group"));
        assert_eq!(
            reported(&report),
            expected,
            "{name}: the report's collisions"
        );
        checked += 1;
        if expected.is_empty() {
            continue;
        }
        db.load_file_with("r2", &baseline, &strict())
            .unwrap_or_else(|e| panic!("{name}: baseline: {e}"));
        for f in [&settings, &data] {
            let out = db
                .load_file_with("r2", f, &strict())
                .unwrap_or_else(|e| panic!("{name}: loading {}: {e}", f.display()));
            let d = out.diagnostics();
            assert!(
                d.is_empty(),
                "{name}: {} loads with warnings: {d:?}",
                f.display()
            );
        }
        assert_eq!(
            collisions_sql(&db, "r2", ("store", "store_group")),
            BTreeSet::new(),
            "{name}: no collision left"
        );
        resolved += 1;
    }
    eprintln!("{checked} real shops checked, {resolved} with collisions resolved");
    assert!(checked > 0 || dumps.is_empty());
}

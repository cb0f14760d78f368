//! The Magento 2 baseline built into m1tom2 (`src/baseline.rs`, `defaults/m2/`):
//!
//! * it is what `examples/gen_baseline.rs` makes of the real 2.4.6-p3 dump in
//!   `../shared/data/m2`, byte for byte (and so is `PROVENANCE.md`);
//! * `m1tom2 baseline -o x.sql` writes it, and it loads into an empty MariaDB database under
//!   `STRICT_ALL_TABLES` without an error, a warning or a note; the loaded database has the
//!   install-time rows the migration steps need and no shop data;
//! * [`m1tom2::baseline::generation`] tells every Magento 1 dump in `../shared/data/m1` from
//!   every Magento 2 dump in `../shared/data/m2`.
//!
//! Tests that need `../shared` or MariaDB fail under CI (env `CI` set) when they are missing
//! and are skipped otherwise.

mod common;

#[path = "../examples/gen_baseline.rs"]
#[allow(dead_code)]
mod gen_baseline;

use common::{ClientOptions, MariaDb, in_ci};
use m1tom2::baseline::{self, Generation};
use m1tom2::dump::source;
use m1tom2::dump::split::Splitter;
use m1tom2::dump::stmt::{StmtKind, classify};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// `../shared/data/<sub>`, or `None` (after a SKIP notice) outside CI when it is absent.
fn shared(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    if in_ci() {
        panic!(
            "the shared dumps are required in CI: {} is missing",
            dir.display()
        );
    }
    eprintln!("SKIP: {} is missing", dir.display());
    None
}

/// The baseline without the writer's version line, which changes with every release of
/// m1tom2 and says nothing about the contents.
fn without_version_line(sql: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(sql);
    text.lines()
        .filter(|l| !l.starts_with("-- written by m1tom2 "))
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

#[test]
fn shipped_baseline_is_what_the_script_generates() {
    let Some(data) = shared("m2") else { return };
    let variant = gen_baseline::VARIANTS
        .iter()
        .find(|v| v.shipped)
        .expect("one variant is shipped");
    assert_eq!(variant.version, baseline::MAGENTO_VERSION);
    assert_eq!(
        format!("baseline-{}.sql.gz", variant.version),
        baseline::FILE_NAME
    );
    let scratch = tempfile::tempdir().unwrap();
    let fresh = gen_baseline::generate(variant, &data, scratch.path()).unwrap();
    let shipped = baseline::sql().unwrap();
    let hint = "run `cargo run --release --example gen_baseline` and commit defaults/m2";
    assert!(
        without_version_line(&shipped) == without_version_line(&fresh.sql),
        "defaults/m2/{} differs from what the script writes now: {hint}",
        baseline::FILE_NAME
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("defaults/m2");
    let provenance = std::fs::read_to_string(dir.join("PROVENANCE.md")).unwrap();
    assert!(
        provenance == fresh.provenance,
        "defaults/m2/PROVENANCE.md differs from what the script writes now: {hint}"
    );
    // The program embeds the shipped file itself.
    assert_eq!(
        std::fs::read(dir.join(baseline::FILE_NAME)).unwrap(),
        baseline::GZ
    );
}

#[test]
fn embedded_source_reads_as_the_baseline() {
    let src = baseline::source();
    assert_eq!(src.files.len(), 1);
    let mut bytes = Vec::new();
    source::read_file(&src.files[0], Arc::new(AtomicU64::new(0)))
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    assert_eq!(bytes, baseline::sql().unwrap());
    assert!(bytes.ends_with(b"-- m1tom2: end of output\n"));
    assert!(
        baseline::GZ.len() < 1 << 20,
        "{} bytes gzipped",
        baseline::GZ.len()
    );
}

/// Every `name@domain.tld` in `text`.
fn emails(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let domain = |c: u8| c.is_ascii_alphanumeric() || b".-".contains(&c);
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut s = at;
        while s > 0 && local(b[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < b.len() && domain(b[e]) {
            e += 1;
        }
        let dom = text[at + 1..e].trim_end_matches('.');
        if s < at && dom.contains('.') && dom.rsplit('.').next().is_some_and(|t| t.len() >= 2) {
            found.push(text[s..at + 1 + dom.len()].to_string());
        }
    }
    found
}

#[test]
fn baseline_holds_no_shop_data() {
    assert_eq!(
        emails("x 'jo.doe+1@shop-1.vn', `root`@`localhost` a@b sales@example.com."),
        ["jo.doe+1@shop-1.vn", "sales@example.com"]
    );
    let text = String::from_utf8(baseline::sql().unwrap()).expect("the baseline is UTF-8");
    // E-mail addresses: only Magento's own examples may appear.
    let foreign: Vec<String> = emails(&text)
        .into_iter()
        .filter(|e| {
            let domain = e.rsplit('@').next().unwrap().to_ascii_lowercase();
            !(domain == "example.com" || domain.ends_with(".example.com"))
        })
        .collect();
    assert!(
        foreign.is_empty(),
        "e-mail addresses in the baseline: {foreign:?}"
    );
    // No rows for the shop's people, orders, products, content or sessions.
    let shop_tables = [
        "admin_user",
        "admin_passwords",
        "admin_user_session",
        "customer_entity",
        "customer_address_entity",
        "customer_visitor",
        "sales_order",
        "sales_order_address",
        "sales_order_payment",
        "sales_invoice",
        "sales_shipment",
        "quote",
        "quote_address",
        "catalog_product_entity",
        "catalog_product_entity_varchar",
        "cms_page",
        "cms_block",
        "url_rewrite",
        "ui_bookmark",
        "oauth_token",
        "wishlist",
        "Tigren_Topic",
    ];
    for t in shop_tables {
        assert!(
            !text.contains(&format!("INSERT INTO `{t}` ")),
            "the baseline has rows for `{t}`"
        );
    }
    assert!(
        !text.contains("Tigren"),
        "the shop's custom module is in the baseline"
    );
    assert!(
        !text.contains("magento246.mgt"),
        "the shop's host name is in the baseline"
    );
    assert!(
        !text.contains("DEFINER="),
        "a view or routine names a definer"
    );
    assert!(
        !text.contains(" AUTO_INCREMENT="),
        "a table keeps the shop's counter"
    );
}

/// Runs the m1tom2 binary.
fn m1tom2(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_m1tom2"))
        .args(args)
        .output()
        .expect("running m1tom2")
}

#[test]
fn baseline_command_writes_plain_and_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("m2.sql");
    let gz = dir.path().join("m2.sql.gz");
    for p in [&plain, &gz] {
        let out = m1tom2(&["baseline", "-o", p.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(std::fs::read(&plain).unwrap(), baseline::sql().unwrap());
    assert_eq!(std::fs::read(&gz).unwrap(), baseline::GZ);
    let out = m1tom2(&["baseline", "-q", "-o", "-"]);
    assert!(out.status.success());
    assert_eq!(out.stdout, baseline::sql().unwrap());
    assert!(out.stderr.is_empty());
    // Only the two files: no temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    let out = m1tom2(&["baseline", "-o", "/nonexistent-dir/m2.sql"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent-dir/"));
}

/// The rows of a query, as strings (`NULL` as "NULL"), one row per line, values by tabs.
fn rows(db: &MariaDb, sql: &str) -> Vec<String> {
    db.query("m2", sql)
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|v| v.unwrap_or_else(|| "NULL".into()))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect()
}

fn count(db: &MariaDb, table: &str) -> u64 {
    rows(db, &format!("SELECT COUNT(*) FROM `{table}`"))[0]
        .parse()
        .unwrap()
}

#[test]
fn baseline_loads_strictly_into_a_bare_database() {
    let Some(db) = MariaDb::start_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m2-baseline.sql");
    let out = m1tom2(&["baseline", "-o", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db.create_database("m2");
    let opts = ClientOptions::default()
        .sql_mode("STRICT_ALL_TABLES")
        .show_warnings(true);
    let loaded = db
        .load_file_with("m2", &file, &opts)
        .unwrap_or_else(|e| panic!("{e}"));
    let diagnostics = loaded.diagnostics();
    assert!(
        diagnostics.is_empty(),
        "loading the baseline gave: {}",
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    );

    // Every table of the dump but the custom one, and MSI's view, which works.
    let tables = db.tables("m2");
    assert!(tables.len() >= 360, "{} tables", tables.len());
    assert!(
        !tables
            .iter()
            .any(|t| t.eq_ignore_ascii_case("Tigren_Topic"))
    );
    assert_eq!(
        baseline::generation(tables.iter().map(String::as_str)),
        Generation::Magento2
    );
    assert_eq!(count(&db, "inventory_stock_1"), 0);

    // Websites, groups and stores of a fresh install.
    assert_eq!(
        rows(
            &db,
            "SELECT website_id, code, name, default_group_id FROM store_website ORDER BY 1"
        ),
        ["0\tadmin\tAdmin\t0", "1\tbase\tMain Website\t1"]
    );
    assert_eq!(
        rows(
            &db,
            "SELECT group_id, website_id, name, root_category_id, default_store_id, code FROM store_group ORDER BY 1"
        ),
        [
            "0\t0\tDefault\t0\t0\tdefault",
            "1\t1\tMain Website Store\t2\t1\tmain_website_store"
        ]
    );
    assert_eq!(
        rows(
            &db,
            "SELECT store_id, code, website_id, group_id, name, is_active FROM store ORDER BY 1"
        ),
        [
            "0\tadmin\t0\t0\tAdmin\t1",
            "1\tdefault\t1\t1\tDefault Store View\t1"
        ]
    );

    // The eight entity types, each with its default set, named Default.
    assert_eq!(
        rows(
            &db,
            "SELECT t.entity_type_code, s.attribute_set_name FROM eav_entity_type t JOIN eav_attribute_set s ON s.attribute_set_id = t.default_attribute_set_id ORDER BY t.entity_type_id"
        ),
        [
            "customer\tDefault",
            "customer_address\tDefault",
            "catalog_category\tDefault",
            "catalog_product\tDefault",
            "order\tDefault",
            "invoice\tDefault",
            "creditmemo\tDefault",
            "shipment\tDefault",
        ]
    );
    assert_eq!(count(&db, "eav_attribute_set"), 8);

    // Attributes of every kind the steps map, with their extension rows.
    let attrs = |entity: &str, codes: &[&str]| {
        let list = codes
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(",");
        let found = rows(
            &db,
            &format!(
                "SELECT a.attribute_code FROM eav_attribute a JOIN eav_entity_type t USING (entity_type_id) \
                 WHERE t.entity_type_code = '{entity}' AND a.attribute_code IN ({list}) ORDER BY 1"
            ),
        );
        let mut want: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        want.sort();
        assert_eq!(found, want, "{entity} attributes");
    };
    attrs(
        "catalog_product",
        &[
            "sku",
            "name",
            "price",
            "url_key",
            "status",
            "visibility",
            "description",
            "short_description",
            "weight",
            "image",
            "media_gallery",
            "tax_class_id",
            "special_price",
            "meta_title",
            "color",
            "manufacturer",
            "cost",
            "quantity_and_stock_status",
            "category_ids",
        ],
    );
    attrs(
        "catalog_category",
        &[
            "name",
            "is_active",
            "url_key",
            "url_path",
            "is_anchor",
            "display_mode",
            "include_in_menu",
        ],
    );
    attrs(
        "customer",
        &[
            "email",
            "firstname",
            "lastname",
            "password_hash",
            "group_id",
            "dob",
            "gender",
            "website_id",
            "default_billing",
        ],
    );
    attrs(
        "customer_address",
        &[
            "firstname",
            "lastname",
            "street",
            "city",
            "postcode",
            "country_id",
            "region_id",
            "telephone",
        ],
    );
    assert_eq!(
        rows(
            &db,
            "SELECT COUNT(*) FROM eav_attribute a JOIN eav_entity_type t USING (entity_type_id) LEFT JOIN catalog_eav_attribute c USING (attribute_id) WHERE t.entity_type_code IN ('catalog_product','catalog_category') AND c.attribute_id IS NULL"
        ),
        ["0"],
        "every catalog attribute has its catalog_eav_attribute row"
    );
    assert_eq!(
        rows(
            &db,
            "SELECT COUNT(*) FROM eav_attribute a JOIN eav_entity_type t USING (entity_type_id) LEFT JOIN customer_eav_attribute c USING (attribute_id) WHERE t.entity_type_code IN ('customer','customer_address') AND c.attribute_id IS NULL"
        ),
        ["0"],
        "every customer attribute has its customer_eav_attribute row"
    );
    assert_eq!(
        rows(
            &db,
            "SELECT COUNT(*) FROM eav_attribute WHERE is_user_defined = 1 AND attribute_code NOT IN ('color','cost','manufacturer')"
        ),
        ["0"],
        "no attribute the shop made"
    );
    assert_eq!(
        rows(
            &db,
            "SELECT v.value FROM eav_attribute_option o JOIN eav_attribute_option_value v USING (option_id) JOIN eav_attribute a USING (attribute_id) WHERE a.attribute_code = 'gender' ORDER BY o.sort_order"
        ),
        ["Male", "Female", "Not Specified"]
    );
    assert_eq!(
        rows(
            &db,
            "SELECT COUNT(*) FROM eav_attribute_option o JOIN eav_attribute a USING (attribute_id) WHERE a.is_user_defined = 1"
        ),
        ["0"],
        "no option the shop made"
    );
    assert!(count(&db, "eav_entity_attribute") > 100);
    assert!(count(&db, "customer_form_attribute") > 50);

    // Root categories with their names, and the configuration pointing at them.
    assert_eq!(
        rows(
            &db,
            "SELECT e.entity_id, e.parent_id, e.path, e.level, e.children_count, v.value FROM catalog_category_entity e \
                   JOIN catalog_category_entity_varchar v ON v.entity_id = e.entity_id AND v.store_id = 0 \
                   JOIN eav_attribute a ON a.attribute_id = v.attribute_id AND a.attribute_code = 'name' ORDER BY 1"
        ),
        [
            "1\t0\t1\t0\t1\tRoot Catalog",
            "2\t1\t1/2\t1\t0\tDefault Category"
        ]
    );
    assert_eq!(
        rows(
            &db,
            "SELECT value FROM core_config_data WHERE path IN ('catalog/category/root_id','web/unsecure/base_url') ORDER BY path"
        ),
        ["2", "http://localhost/"]
    );
    assert_eq!(
        rows(
            &db,
            "SELECT COUNT(*) FROM core_config_data WHERE scope <> 'default' OR path LIKE 'currency/%' OR path LIKE 'carriers/%'"
        ),
        ["0"]
    );

    // Sales sequences of both stores, with their (empty) sequence tables.
    assert_eq!(
        rows(
            &db,
            "SELECT m.entity_type, m.store_id, m.sequence_table, p.start_value, p.step, p.max_value, p.is_active \
                   FROM sales_sequence_meta m JOIN sales_sequence_profile p USING (meta_id) ORDER BY m.store_id, m.meta_id"
        ),
        [
            "order\t0\tsequence_order_0\t1\t1\t4294967295\t1",
            "invoice\t0\tsequence_invoice_0\t1\t1\t4294967295\t1",
            "creditmemo\t0\tsequence_creditmemo_0\t1\t1\t4294967295\t1",
            "shipment\t0\tsequence_shipment_0\t1\t1\t4294967295\t1",
            "order\t1\tsequence_order_1\t1\t1\t4294967295\t1",
            "invoice\t1\tsequence_invoice_1\t1\t1\t4294967295\t1",
            "creditmemo\t1\tsequence_creditmemo_1\t1\t1\t4294967295\t1",
            "shipment\t1\tsequence_shipment_1\t1\t1\t4294967295\t1",
        ]
    );
    for t in [
        "sequence_order_1",
        "sequence_invoice_1",
        "sequence_shipment_1",
    ] {
        assert_eq!(count(&db, t), 0, "{t}");
    }
    // A fresh sequence starts at 1, not after the shop's orders.
    db.execute("m2", "INSERT INTO sequence_order_1 VALUES (NULL)")
        .unwrap();
    assert_eq!(
        rows(&db, "SELECT MAX(sequence_value) FROM sequence_order_1"),
        ["1"]
    );

    // MSI: the default source and stock, selling on the base website.
    assert_eq!(
        rows(
            &db,
            "SELECT source_code, name, enabled FROM inventory_source"
        ),
        ["default\tDefault Source\t1"]
    );
    assert_eq!(
        rows(
            &db,
            "SELECT s.stock_id, s.name, l.source_code, c.type, c.code FROM inventory_stock s \
                   JOIN inventory_source_stock_link l USING (stock_id) JOIN inventory_stock_sales_channel c USING (stock_id)"
        ),
        ["1\tDefault Stock\tdefault\twebsite\tbase"]
    );
    assert_eq!(
        rows(
            &db,
            "SELECT stock_id, stock_name FROM cataloginventory_stock"
        ),
        ["1\tDefault"]
    );

    // Other install rows the steps read.
    assert_eq!(
        rows(
            &db,
            "SELECT customer_group_code FROM customer_group ORDER BY customer_group_id"
        ),
        ["NOT LOGGED IN", "General", "Wholesale", "Retailer"]
    );
    assert_eq!(
        rows(
            &db,
            "SELECT class_name, class_type FROM tax_class ORDER BY class_id"
        ),
        ["Taxable Goods\tPRODUCT", "Retail Customer\tCUSTOMER"]
    );
    assert_eq!(count(&db, "directory_country"), 249);
    assert!(count(&db, "directory_country_region") > 1000);
    assert_eq!(count(&db, "sales_order_status"), 12);
    assert_eq!(
        rows(&db, "SELECT rating_code FROM rating ORDER BY rating_id"),
        ["Quality", "Value", "Price"]
    );
    assert_eq!(count(&db, "rating_option"), 15);
    assert_eq!(
        rows(
            &db,
            "SELECT r.role_name, u.resource_id, u.permission FROM authorization_role r JOIN authorization_rule u USING (role_id)"
        ),
        ["Administrators\tMagento_Backend::all\tallow"]
    );
    assert_eq!(
        rows(&db, "SELECT theme_path FROM theme ORDER BY theme_path"),
        ["Magento/backend", "Magento/blank", "Magento/luma"]
    );
    assert!(count(&db, "patch_list") > 100);
    assert_eq!(
        rows(
            &db,
            "SELECT COUNT(*) FROM setup_module WHERE module NOT LIKE 'Magento\\_%' AND module NOT LIKE 'PayPal\\_%'"
        ),
        ["0"]
    );

    // No shop data: people, orders, products, content, sessions.
    for t in [
        "admin_user",
        "admin_user_session",
        "customer_entity",
        "customer_address_entity",
        "customer_grid_flat",
        "sales_order",
        "sales_order_grid",
        "sales_invoice",
        "sales_shipment",
        "sales_creditmemo",
        "quote",
        "catalog_product_entity",
        "catalog_product_entity_varchar",
        "catalog_category_product",
        "cataloginventory_stock_item",
        "inventory_source_item",
        "url_rewrite",
        "cms_page",
        "cms_block",
        "search_query",
        "review",
        "report_event",
        "oauth_consumer",
        "ui_bookmark",
        "session",
        "cache",
        "flag",
        "indexer_state",
        "wishlist",
        "newsletter_subscriber",
    ] {
        if !tables.iter().any(|x| x == t) {
            continue;
        }
        assert_eq!(count(&db, t), 0, "`{t}` has rows");
    }
}

/// The names of the tables a dump creates.
fn table_names(path: &Path) -> Vec<String> {
    let src = source::open(path).unwrap();
    let mut buf = Vec::new();
    for f in &src.files {
        source::read_file(f, Arc::new(AtomicU64::new(0)))
            .unwrap()
            .read_to_end(&mut buf)
            .unwrap();
    }
    let mut spans = Vec::new();
    Splitter::new().scan(&buf, true, &mut spans).unwrap();
    spans
        .iter()
        .filter_map(|s| classify(&buf[s.start..s.end]).ok())
        .filter(|c| c.kind == StmtKind::CreateTable)
        .filter_map(|c| c.table)
        .collect()
}

/// The dumps (`*.sql.gz`, not the schema bundles) in `dir`.
fn dumps(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".sql.gz"))
        .collect();
    v.sort();
    v
}

#[test]
fn generation_of_every_shared_dump() {
    let (Some(m1), Some(m2)) = (shared("m1"), shared("m2")) else {
        return;
    };
    let mut seen = 0;
    for (dir, want) in [(m1, Generation::Magento1), (m2, Generation::Magento2)] {
        for dump in dumps(&dir) {
            let names = table_names(&dump);
            let d = baseline::detect(names.iter().map(String::as_str));
            assert_eq!(d.generation, want, "{}", dump.display());
            let role = if want == Generation::Magento1 {
                baseline::Role::Destination
            } else {
                baseline::Role::Source
            };
            let shown = dump.file_name().unwrap().to_string_lossy().into_owned();
            let e = baseline::check_role(role, &shown, names.iter().map(String::as_str))
                .expect_err("the wrong role is an error");
            assert!(e.starts_with(&format!("{shown} is a {want} dump")), "{e}");
            seen += 1;
        }
    }
    assert!(seen >= 10, "{seen} dumps");
    // The Magento 1 dump with a table prefix.
    let m1 = shared("m1").unwrap();
    let prefixed = m1.join("arnvvd_exercice-magento__magento20170406.sql.gz");
    if prefixed.exists() {
        let names = table_names(&prefixed);
        let d = baseline::detect(names.iter().map(String::as_str));
        assert_eq!(d.prefix.as_deref(), Some("magev1_"));
    }
}

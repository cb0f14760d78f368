//! Extracts the Magento 1.9 base of the synthetic store generator (`benches/synth`): the
//! schema of every core table and the rows a fresh Magento CE 1.9 install writes, taken from
//! a vanilla-ish CE 1.9.3.7 dump, written with the crate's own engine.
//!
//! ```text
//! cargo run --release --example gen_m1_base [-- SOURCE.sql.gz [OUT.sql.gz]]
//! ```
//!
//! Defaults: `../shared/data/m1/audiophilesoft_magento1_test__magento.sql.gz` (see
//! `../shared/data/SOURCES.md`) → `benches/synth/m1-base-1.9.sql.gz` (gzip -9, committed).
//! The same source gives the same bytes: the output depends on nothing else.
//!
//! # What is kept, and why
//!
//! The source is a store that was installed and then used a little (47 products, a few
//! categories, an edited home page, an admin who saved configuration pages). Only what the
//! installer itself writes is wanted, and no data of the shop or of people. The rules:
//!
//! * **Schema**: every `CREATE TABLE` of a table a Magento 1 core module owns
//!   (`m1tom2::mapping::core_tables::is_core_table`), minus the flat catalog tables
//!   (`catalog_product_flat_N`, `catalog_category_flat_store_N`): the indexer makes those per
//!   store view at run time, with columns that depend on the attributes, so they are not
//!   schema of a fresh install (and the generator's store has other store views). The
//!   `AUTO_INCREMENT=N` table option (the shop's counters) is removed; line ends become LF.
//! * **Rows**, only in the tables of [`KEEP`]; every other table is schema only (no admin
//!   users, API or OAuth rows, logs, reports, sales, quotes, customers, products, indexes,
//!   caches, flags, polls, dataflow profiles, …). Per table:
//!   - `core_resource`: the setup resources of the modules CE 1.9.3.x bundles ([`CE_SETUPS`]),
//!     with the versions of the source, CE 1.9.3.7 — the release whose schema this is, so
//!     versions and schema agree (`m1tom2 inspect` reads 1.9.3.3–1.9.3.7 from them).
//!   - `core_website`, `core_store_group`, `core_store`: ids 0 (admin) and 1 (the default
//!     website, store group and store view), as the installer creates them.
//!   - `core_config_data`: the rows the installer and the modules' install scripts write
//!     ([`INSTALL_CONFIG`]); later rows come from an admin saving configuration pages. The
//!     base URLs are replaced by `http://example.com/`.
//!   - `eav_attribute`: the attributes with an id up to the largest id of a system attribute
//!     (`is_user_defined = 0`). The installer creates attributes in one run, system and a few
//!     user-defined ones (`cost`, `manufacturer`, `color`); the shop's own come after.
//!     `catalog_eav_attribute`, `customer_eav_attribute(_website)`, `customer_form_attribute`,
//!     `eav_form_element` and `eav_attribute_label`: rows of kept attributes.
//!   - `eav_attribute_option` and `_value`: options of kept *system* attributes only (the
//!     gender options); options of user-defined attributes are the shop's.
//!   - `eav_attribute_set`: the first set of each entity type (`Default`); other sets are the
//!     shop's. `eav_entity_attribute`: kept set and kept attribute. `eav_attribute_group`:
//!     groups of kept sets with an id up to the largest id of a group that holds a kept
//!     attribute: the installer creates the groups (some of them empty, such as those of
//!     the sales entity types) before the shop adds its own.
//!   - `catalog_category_entity` 1 (root catalog) and 2 (default category), with
//!     `children_count` and `updated_at` as the installer leaves them; their values of the
//!     attributes the installer sets ([`ROOT_CATEGORY_ATTRS`]; a later save in the admin
//!     wrote the others), with `is_active` of the default category set back to 1 as the
//!     installer writes it (the shop had switched it off).
//!   - `cms_page`, `cms_block` (and their `_store` links): rows never edited after the install
//!     (`update_time = creation_time`); the shop edited its home page, which is left out.
//!   - `permission_block`: the two blocks the CE upgrade script allows ([`INSTALL_BLOCKS`]);
//!     the shop added others (some of extensions).
//!   - All rows of the install-only reference tables: `eav_entity_type`, `eav_form_type`,
//!     `eav_form_type_entity`, `eav_form_fieldset(_label)`, `customer_group`, `tax_class`,
//!     `tax_calculation(_rate|_rule)`, `directory_*`, `sales_order_status(_state|_label)`,
//!     `rating`, `rating_entity`, `rating_option`, `review_entity`, `review_status`,
//!     `catalog_product_link_type`, `catalog_product_link_attribute`,
//!     `cataloginventory_stock`, `permission_variable`.
//!
//! The header of the output names the source dump, its repository, commit and licence.

use anyhow::{Context, Result, bail};
use m1tom2::dump::ddl;
use m1tom2::dump::lex::{self, Rows};
use m1tom2::dump::source;
use m1tom2::dump::split::{BlockError, Blocks};
use m1tom2::dump::stmt::{StmtKind, classify};
use m1tom2::dump::value::{Value, escape_quoted};
use m1tom2::dump::write::{Session, SqlWriter, insert_header};
use m1tom2::mapping::core_tables::is_core_table;
use m1tom2::schema::Table;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

const SOURCE_FILE: &str = "audiophilesoft_magento1_test__magento.sql.gz";

/// Provenance of the source, from `../shared/data/SOURCES.md`.
const PROVENANCE: &[&str] = &[
    "Source: audiophilesoft_magento1_test__magento.sql.gz (Magento CE 1.9.3.7, mysqldump 5.7.19)",
    "  from the public GitHub repository audiophilesoft/magento1_test, file magento.sql,",
    "  commit d8160a3d0fc6442d063bc56eee6a20ffa289800a (git blob b3110bad9c66).",
    "Licence: the repository is a Magento CE tree whose files carry OSL-3.0 / AFL-3.0",
    "  (LICENSE.txt, LICENSE_AFL.txt); the dump itself states no licence.",
    "Kept: the schema of the Magento 1 core tables and the rows a fresh CE 1.9 install writes;",
    "  no data of the shop or of people (rules: examples/gen_m1_base.rs).",
    "core_resource: the CE 1.9.3.7 module versions, consistent with this schema.",
];

/// Tables whose rows are kept (filtered by [`keep_row`]); all other tables are schema only.
const KEEP: &[&str] = &[
    "catalog_category_entity",
    "catalog_category_entity_datetime",
    "catalog_category_entity_decimal",
    "catalog_category_entity_int",
    "catalog_category_entity_text",
    "catalog_category_entity_varchar",
    "catalog_eav_attribute",
    "catalog_product_link_attribute",
    "catalog_product_link_type",
    "cataloginventory_stock",
    "cms_block",
    "cms_block_store",
    "cms_page",
    "cms_page_store",
    "core_config_data",
    "core_resource",
    "core_store",
    "core_store_group",
    "core_website",
    "customer_eav_attribute",
    "customer_eav_attribute_website",
    "customer_form_attribute",
    "customer_group",
    "directory_country",
    "directory_country_format",
    "directory_country_region",
    "directory_country_region_name",
    "directory_currency_rate",
    "eav_attribute",
    "eav_attribute_group",
    "eav_attribute_label",
    "eav_attribute_option",
    "eav_attribute_option_value",
    "eav_attribute_set",
    "eav_entity_attribute",
    "eav_entity_type",
    "eav_form_element",
    "eav_form_fieldset",
    "eav_form_fieldset_label",
    "eav_form_type",
    "eav_form_type_entity",
    "permission_block",
    "permission_variable",
    "rating",
    "rating_entity",
    "rating_option",
    "review_entity",
    "review_status",
    "sales_order_status",
    "sales_order_status_label",
    "sales_order_status_state",
    "tax_calculation",
    "tax_calculation_rate",
    "tax_calculation_rule",
    "tax_class",
];

/// Setup resources of the modules Magento CE 1.9.3.x ships (`Mage_*`, `Phoenix_Moneybookers`).
const CE_SETUPS: &[&str] = &[
    "adminnotification_setup",
    "admin_setup",
    "api2_setup",
    "api_setup",
    "backup_setup",
    "bundle_setup",
    "captcha_setup",
    "catalogindex_setup",
    "cataloginventory_setup",
    "catalogrule_setup",
    "catalogsearch_setup",
    "catalog_setup",
    "checkout_setup",
    "cms_setup",
    "compiler_setup",
    "contacts_setup",
    "core_setup",
    "cron_setup",
    "customer_setup",
    "dataflow_setup",
    "directory_setup",
    "downloadable_setup",
    "eav_setup",
    "giftmessage_setup",
    "googleanalytics_setup",
    "importexport_setup",
    "index_setup",
    "log_setup",
    "moneybookers_setup",
    "newsletter_setup",
    "oauth_setup",
    "paygate_setup",
    "payment_setup",
    "paypaluk_setup",
    "paypal_setup",
    "persistent_setup",
    "poll_setup",
    "productalert_setup",
    "rating_setup",
    "reports_setup",
    "review_setup",
    "rss_setup",
    "salesrule_setup",
    "sales_setup",
    "sendfriend_setup",
    "shipping_setup",
    "sitemap_setup",
    "tag_setup",
    "tax_setup",
    "usa_setup",
    "weee_setup",
    "widget_setup",
    "wishlist_setup",
];

/// `core_config_data` paths the installer and the install scripts write (the first rows of
/// every CE 1.9 store; the same list in the other 1.9 dumps of `../shared/data/m1`).
const INSTALL_CONFIG: &[&str] = &[
    "general/region/display_all",
    "general/region/state_required",
    "catalog/category/root_id",
    "payment/paypal_express/skip_order_review_step",
    "payment/payflow_link/mobile_optimized",
    "payment/payflow_advanced/mobile_optimized",
    "payment/hosted_pro/mobile_optimized",
    "web/seo/use_rewrites",
    "admin/dashboard/enable_charts",
    "web/unsecure/base_url",
    "web/secure/base_url",
    "general/locale/code",
    "general/locale/timezone",
    "currency/options/base",
    "currency/options/default",
    "currency/options/allow",
];

/// The base URL every kept URL setting gets.
const BASE_URL: &str = "http://example.com/";

/// Category attributes the installer sets on the root catalog and the default category.
const ROOT_CATEGORY_ATTRS: &[&str] = &[
    "name",
    "url_key",
    "display_mode",
    "is_active",
    "include_in_menu",
];

/// `permission_block` rows the CE 1.9.2.2+ upgrade script inserts.
const INSTALL_BLOCKS: &[&str] = &["core/template", "catalog/product_new"];

/// One table of the source: its definition and its rows (each value the raw literal).
struct SrcTable {
    ddl: Vec<u8>,
    table: Table,
    rows: Vec<Vec<Vec<u8>>>,
}

impl SrcTable {
    fn col(&self, name: &str) -> usize {
        self.table
            .column_index(name)
            .unwrap_or_else(|| panic!("{} has no column {name}", self.table.name))
    }
}

/// The decoded text of a raw literal (`None` for NULL).
fn text(raw: &[u8]) -> Option<String> {
    let kind = if raw.eq_ignore_ascii_case(b"NULL") {
        m1tom2::dump::value::Kind::Null
    } else if raw.first() == Some(&b'\'') {
        m1tom2::dump::value::Kind::Quoted
    } else {
        m1tom2::dump::value::Kind::Number
    };
    Value::new(raw, kind)
        .decode()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

fn num(raw: &[u8]) -> i64 {
    text(raw).and_then(|t| t.parse().ok()).unwrap_or(-1)
}

fn quoted(s: &str) -> Vec<u8> {
    let mut v = Vec::new();
    escape_quoted(&mut v, s.as_bytes());
    v
}

/// The table option `AUTO_INCREMENT=N` removed and line ends made LF.
fn normalise_ddl(sql: &[u8]) -> Vec<u8> {
    let s: Vec<u8> = sql.iter().copied().filter(|&b| b != b'\r').collect();
    let text = String::from_utf8_lossy(&s).into_owned();
    // The option is on the last line, after `) ENGINE=…`.
    let Some(close) = text.rfind("\n)") else {
        return s;
    };
    let (head, tail) = text.split_at(close);
    let mut out = String::with_capacity(text.len());
    out.push_str(head);
    let mut rest = tail;
    while let Some(i) = rest.find(" AUTO_INCREMENT=") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " AUTO_INCREMENT=".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        rest = &after[digits..];
    }
    out.push_str(rest);
    out.into_bytes()
}

fn is_flat(name: &str) -> bool {
    name.starts_with("catalog_product_flat_") || name.starts_with("catalog_category_flat_store_")
}

/// Reads every core table (definition and rows) of the source.
fn read_source(path: &Path) -> Result<BTreeMap<String, SrcTable>> {
    let src = source::open(path)?;
    let file = src.files.first().context("the source has no file")?;
    let reader = source::read_file(file, Arc::new(AtomicU64::new(0)))?;
    let mut blocks = Blocks::new(reader, 0, 8 << 20);
    let mut tables: BTreeMap<String, SrcTable> = BTreeMap::new();
    loop {
        let block = match blocks.next_block(Vec::new()) {
            Ok(Some(b)) => b,
            Ok(None) => break,
            Err(BlockError::Io(e, at)) => bail!("reading {} at byte {at}: {e}", path.display()),
            Err(BlockError::Split(e, _)) => bail!("splitting {}: {}", path.display(), e.message),
        };
        for span in &block.stmts {
            let s = &block.data[span.start..span.end];
            let Ok(c) = classify(s) else { continue };
            match c.kind {
                StmtKind::CreateTable => {
                    let (table, warning) = ddl::parse_create_table(s)
                        .map_err(|e| anyhow::anyhow!("a CREATE TABLE of the source: {e}"))?;
                    if let Some(w) = warning {
                        eprintln!("note: {}: {w}", table.name);
                    }
                    if !is_core_table(&table.name) || is_flat(&table.name) {
                        eprintln!("schema left out: {}", table.name);
                        continue;
                    }
                    tables.insert(
                        table.name.clone(),
                        SrcTable {
                            ddl: normalise_ddl(s),
                            table,
                            rows: Vec::new(),
                        },
                    );
                }
                StmtKind::Insert => {
                    let h = lex::parse_header(s).map_err(|e| anyhow::anyhow!("{e}"))?;
                    let Some(t) = tables.get_mut(&h.table) else {
                        continue;
                    };
                    if h.columns.is_some() {
                        bail!(
                            "{}: INSERT with a column list; expected mysqldump's form",
                            h.table
                        );
                    }
                    let mut rows = Rows::new(s, h.values_at);
                    let mut row = Vec::new();
                    while rows
                        .next_into(&mut row)
                        .map_err(|e| anyhow::anyhow!("{e}"))?
                        .is_some()
                    {
                        let mut out = Vec::with_capacity(row.len());
                        for v in &row {
                            let mut canon = Vec::new();
                            v.write_canonical(&mut canon);
                            out.push(canon);
                        }
                        if out.len() != t.table.columns.len() {
                            bail!(
                                "{}: a row of {} values for {} columns",
                                h.table,
                                out.len(),
                                t.table.columns.len()
                            );
                        }
                        t.rows.push(out);
                    }
                }
                _ => {}
            }
        }
    }
    Ok(tables)
}

/// Applies the keep rules (see the module documentation) to the rows, in place.
fn filter(tables: &mut BTreeMap<String, SrcTable>) -> Result<()> {
    for (name, t) in tables.iter_mut() {
        if !KEEP.contains(&name.as_str()) {
            t.rows.clear();
        }
    }

    // Attributes: up to the largest system attribute id.
    let attrs = &tables["eav_attribute"];
    let (a_id, a_user) = (attrs.col("attribute_id"), attrs.col("is_user_defined"));
    let max_system = attrs
        .rows
        .iter()
        .filter(|r| num(&r[a_user]) == 0)
        .map(|r| num(&r[a_id]))
        .max()
        .context("no system attribute")?;
    let kept_attrs: BTreeSet<i64> = attrs
        .rows
        .iter()
        .map(|r| num(&r[a_id]))
        .filter(|&id| id <= max_system)
        .collect();
    let system_attrs: BTreeSet<i64> = attrs
        .rows
        .iter()
        .filter(|r| num(&r[a_user]) == 0)
        .map(|r| num(&r[a_id]))
        .collect();
    retain(tables, "eav_attribute", |t, r| {
        kept_attrs.contains(&num(&r[t.col("attribute_id")]))
    });
    for name in [
        "catalog_eav_attribute",
        "customer_eav_attribute",
        "customer_eav_attribute_website",
        "customer_form_attribute",
        "eav_form_element",
        "eav_attribute_label",
    ] {
        retain(tables, name, |t, r| {
            kept_attrs.contains(&num(&r[t.col("attribute_id")]))
        });
    }
    retain(tables, "eav_attribute_option", |t, r| {
        system_attrs.contains(&num(&r[t.col("attribute_id")]))
    });
    let options: BTreeSet<i64> = {
        let t = &tables["eav_attribute_option"];
        t.rows.iter().map(|r| num(&r[t.col("option_id")])).collect()
    };
    retain(tables, "eav_attribute_option_value", |t, r| {
        options.contains(&num(&r[t.col("option_id")]))
    });

    // Attribute sets: the first of each entity type.
    let sets: BTreeSet<i64> = {
        let t = &tables["eav_attribute_set"];
        let mut first: BTreeMap<i64, i64> = BTreeMap::new();
        for r in &t.rows {
            let (id, ty) = (
                num(&r[t.col("attribute_set_id")]),
                num(&r[t.col("entity_type_id")]),
            );
            let e = first.entry(ty).or_insert(id);
            *e = (*e).min(id);
        }
        first.values().copied().collect()
    };
    retain(tables, "eav_attribute_set", |t, r| {
        sets.contains(&num(&r[t.col("attribute_set_id")]))
    });
    retain(tables, "eav_entity_attribute", |t, r| {
        sets.contains(&num(&r[t.col("attribute_set_id")]))
            && kept_attrs.contains(&num(&r[t.col("attribute_id")]))
    });
    let max_used_group = {
        let t = &tables["eav_entity_attribute"];
        t.rows
            .iter()
            .map(|r| num(&r[t.col("attribute_group_id")]))
            .max()
            .context("no attribute group holds an attribute")?
    };
    retain(tables, "eav_attribute_group", |t, r| {
        sets.contains(&num(&r[t.col("attribute_set_id")]))
            && num(&r[t.col("attribute_group_id")]) <= max_used_group
    });
    let groups: BTreeSet<i64> = {
        let t = &tables["eav_attribute_group"];
        t.rows
            .iter()
            .map(|r| num(&r[t.col("attribute_group_id")]))
            .collect()
    };
    retain(tables, "eav_entity_attribute", |t, r| {
        groups.contains(&num(&r[t.col("attribute_group_id")]))
    });

    // Stores: admin and default.
    for (name, key) in [
        ("core_website", "website_id"),
        ("core_store_group", "group_id"),
        ("core_store", "store_id"),
    ] {
        retain(tables, name, |t, r| matches!(num(&r[t.col(key)]), 0 | 1));
    }

    retain(tables, "core_resource", |t, r| {
        text(&r[t.col("code")]).is_some_and(|c| CE_SETUPS.contains(&c.as_str()))
    });
    let missing: Vec<&&str> = CE_SETUPS
        .iter()
        .filter(|c| {
            let t = &tables["core_resource"];
            !t.rows
                .iter()
                .any(|r| text(&r[t.col("code")]).as_deref() == Some(**c))
        })
        .collect();
    if !missing.is_empty() {
        bail!("core_resource lacks {missing:?}: is the source a CE 1.9.3 dump?");
    }

    // Configuration: the installer's rows, base URLs replaced.
    retain(tables, "core_config_data", |t, r| {
        text(&r[t.col("path")]).is_some_and(|p| INSTALL_CONFIG.contains(&p.as_str()))
            && text(&r[t.col("scope")]).as_deref() == Some("default")
    });
    {
        let t = tables.get_mut("core_config_data").unwrap();
        let (p, v) = (t.col("path"), t.col("value"));
        for r in &mut t.rows {
            let path = text(&r[p]).unwrap_or_default();
            if path.ends_with("/base_url") {
                r[v] = quoted(BASE_URL);
            }
        }
    }

    // The root categories, as the installer leaves them.
    retain(tables, "catalog_category_entity", |t, r| {
        matches!(num(&r[t.col("entity_id")]), 1 | 2)
    });
    {
        let t = tables.get_mut("catalog_category_entity").unwrap();
        let (id, cc, created, updated) = (
            t.col("entity_id"),
            t.col("children_count"),
            t.col("created_at"),
            t.col("updated_at"),
        );
        for r in &mut t.rows {
            r[cc] = if num(&r[id]) == 1 {
                b"1".to_vec()
            } else {
                b"0".to_vec()
            };
            r[updated] = r[created].clone();
        }
    }
    // The attributes the installer gives values for the root categories.
    let attr_ids: BTreeMap<String, i64> = {
        let t = &tables["eav_attribute"];
        t.rows
            .iter()
            .filter(|r| num(&r[t.col("entity_type_id")]) == 3)
            .filter_map(|r| {
                Some((
                    text(&r[t.col("attribute_code")])?,
                    num(&r[t.col("attribute_id")]),
                ))
            })
            .collect()
    };
    let root_attrs: BTreeSet<i64> = ROOT_CATEGORY_ATTRS
        .iter()
        .map(|c| {
            attr_ids
                .get(*c)
                .copied()
                .with_context(|| format!("no category attribute {c}"))
        })
        .collect::<Result<_>>()?;
    let is_active = attr_ids["is_active"];
    for suffix in ["datetime", "decimal", "int", "text", "varchar"] {
        let name = format!("catalog_category_entity_{suffix}");
        retain(tables, &name, |t, r| {
            matches!(num(&r[t.col("entity_id")]), 1 | 2)
                && root_attrs.contains(&num(&r[t.col("attribute_id")]))
                && !r[t.col("value")].eq_ignore_ascii_case(b"NULL")
        });
        let t = tables.get_mut(&name).unwrap();
        let (e, a, v) = (t.col("entity_id"), t.col("attribute_id"), t.col("value"));
        for r in &mut t.rows {
            if num(&r[e]) == 2 && num(&r[a]) == is_active {
                r[v] = b"1".to_vec();
            }
        }
    }

    // CMS content never edited after the install.
    for (name, key) in [("cms_page", "page_id"), ("cms_block", "block_id")] {
        retain(tables, name, |t, r| {
            r[t.col("creation_time")] == r[t.col("update_time")]
        });
        let ids: BTreeSet<i64> = {
            let t = &tables[name];
            t.rows.iter().map(|r| num(&r[t.col(key)])).collect()
        };
        retain(tables, &format!("{name}_store"), |t, r| {
            ids.contains(&num(&r[t.col(key)]))
        });
    }

    retain(tables, "permission_block", |t, r| {
        text(&r[t.col("block_name")]).is_some_and(|b| INSTALL_BLOCKS.contains(&b.as_str()))
    });
    Ok(())
}

fn retain(
    tables: &mut BTreeMap<String, SrcTable>,
    name: &str,
    keep: impl Fn(&SrcTable, &[Vec<u8>]) -> bool,
) {
    let t = tables
        .get_mut(name)
        .unwrap_or_else(|| panic!("the source has no table {name}"));
    let rows = std::mem::take(&mut t.rows);
    t.rows = rows.into_iter().filter(|r| keep(t, r)).collect();
}

fn write_base(tables: &BTreeMap<String, SrcTable>, out: &Path) -> Result<(u64, u64)> {
    let plain = out.with_extension("tmp.sql");
    let mut w = SqlWriter::create(&plain, 1 << 20)?;
    w.header(
        "m1tom2 synthetic store generator: Magento CE 1.9 base (schema and install-time rows)",
        &Session {
            names: "utf8".into(),
            time_zone: Some("+00:00".into()),
            sql_mode: "NO_AUTO_VALUE_ON_ZERO".into(),
        },
    )?;
    for line in PROVENANCE {
        w.comment(line)?;
    }
    w.comment("")?;
    let mut rows = 0u64;
    for (name, t) in tables {
        w.statement(&t.ddl)?;
        if t.rows.is_empty() {
            continue;
        }
        let cols = t.table.column_names();
        let mut header = Vec::new();
        insert_header(&mut header, "INSERT INTO", name, Some(&cols));
        let mut tuples = Vec::new();
        let mut ends = Vec::new();
        for r in &t.rows {
            if !tuples.is_empty() {
                tuples.push(b',');
            }
            tuples.push(b'(');
            for (k, v) in r.iter().enumerate() {
                if k > 0 {
                    tuples.push(b',');
                }
                tuples.extend_from_slice(v);
            }
            tuples.push(b')');
            ends.push(tuples.len());
        }
        w.rows(&header, &tuples, &ends)?;
        w.end_rows()?;
        rows += t.rows.len() as u64;
    }
    w.finish()?;
    let sql = std::fs::read(&plain)?;
    std::fs::remove_file(&plain)?;
    // gzip -9, no name and no time in the header: the same input gives the same bytes.
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    gz.write_all(&sql)?;
    std::fs::write(out, gz.finish()?)?;
    Ok((sql.len() as u64, rows))
}

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let src = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/m1").join(SOURCE_FILE));
    let out = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("benches/synth/m1-base-1.9.sql.gz"));
    let mut tables = read_source(&src)?;
    filter(&mut tables)?;
    let (bytes, rows) = write_base(&tables, &out)?;
    let with_rows = tables.values().filter(|t| !t.rows.is_empty()).count();
    println!(
        "{}: {} tables ({with_rows} with rows), {rows} rows, {bytes} bytes of SQL, {} bytes gzipped",
        out.display(),
        tables.len(),
        std::fs::metadata(&out)?.len()
    );
    for (name, t) in &tables {
        if !t.rows.is_empty() {
            println!("  {name:40} {:>5} rows", t.rows.len());
        }
    }
    Ok(())
}

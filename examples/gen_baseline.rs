//! Generates the Magento 2 baseline built into m1tom2 (`defaults/m2/`) from a real Magento
//! 2.4 dump, with the crate's own dump engine, reproducibly:
//!
//!     cargo run --release --example gen_baseline                       # the shipped 2.4.6-p3
//!     cargo run --release --example gen_baseline -- --magento 2.4.8    # into target/baseline/
//!
//! Options: `--magento <2.4.6-p3|2.4.8>` picks the input (see [`VARIANTS`]), `--data <dir>`
//! where the inputs are (default `../shared/data/m2`), `--out <dir>` where to write (default
//! `defaults/m2` for the shipped variant, `target/baseline` otherwise).
//!
//! What it does, in order:
//!
//! 1. Reads the dump (split, classify, parse every `CREATE TABLE`, lex every `INSERT`).
//! 2. Keeps the tables Magento creates: those a `db_schema.xml` of the same install declares
//!    (read from the `*_db_schema_xml.tar.gz` bundle beside the dump), the few Magento
//!    creates outside the declarative schema ([`runtime_table`]), and the variant's bundled
//!    extras. A custom table such as `Tigren_Topic`, and mview change logs, are left out.
//! 3. Decides the rows of every kept table with the first matching rule of [`RULES`]: all
//!    rows, no rows, or the rows a predicate selects. Every table that has rows in the input
//!    must be matched by a rule other than the final catch-all, so that a new input forces a
//!    decision instead of slipping shop data through.
//! 4. Drops, as `ON DELETE CASCADE` would, every row whose foreign key points at a row that
//!    is not kept, until nothing changes.
//! 5. Restores install-time values the shop changed or that name its host ([`FIXES`]).
//! 6. Checks consistency: every foreign key and every reference Magento keeps without a
//!    constraint ([`SOFT_REFS`] and a few more) points at a kept row or table.
//! 7. Writes the SQL with the crate's writer (a header that sets the session, `DROP TABLE IF
//!    EXISTS` + `CREATE TABLE` as the dump has them, batched INSERTs with column lists), the
//!    views last; gzips it at level 9; writes `PROVENANCE.md` with the rules and the counts.
//!
//! The DDL is copied from the dump with three edits, each to make the file load on a bare
//! MariaDB as a fresh install would: the `AUTO_INCREMENT=N` table option is removed (the shop's
//! counters, e.g. of orders; the server starts from the rows present), MySQL 8's
//! `utf8mb4_0900_*` table collations (only on the single-integer-column `sequence_*` tables)
//! are removed, and the `DEFINER=` of views is removed (the view belongs to whoever loads it).
//!
//! `tests/baseline.rs` includes this file, regenerates the baseline into a temporary
//! directory and checks that the shipped files are what it writes.

use anyhow::{Context, Result, bail};
use m1tom2::dump::ddl;
use m1tom2::dump::lex::{self, Rows};
use m1tom2::dump::source;
use m1tom2::dump::split::{Span, Splitter};
use m1tom2::dump::stmt::{StmtKind, classify};
use m1tom2::dump::value::{Value, escape_quoted};
use m1tom2::dump::write::{DEFAULT_STATEMENT_CAP, Session, SqlWriter, insert_header, quote_ident};
use m1tom2::schema::{Column, Table};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

// =============================================================================================
// Inputs
// =============================================================================================

/// One Magento 2 dump the baseline can be generated from (see `../shared/data/SOURCES.md`).
pub struct Variant {
    /// The Magento release, as `--magento` takes it and as the output is named.
    pub version: &'static str,
    /// The dump, in the data directory.
    pub dump: &'static str,
    /// The `db_schema.xml` files of the same install, in the data directory.
    pub schema: &'static str,
    pub repository: &'static str,
    pub path_in_repo: &'static str,
    pub commit: &'static str,
    /// The commit the schema bundle was taken from.
    pub schema_commit: &'static str,
    /// What SOURCES.md says of the install.
    pub about: &'static str,
    /// Tables the install created outside the declarative schema bundle, and why they count
    /// as Magento's.
    pub bundled_tables: &'static [(&'static str, &'static str)],
    /// Where the result differs from what a fresh `setup:install` of the release writes.
    pub differences: &'static [&'static str],
    /// Shipped in `defaults/m2/` and embedded in the program.
    pub shipped: bool,
}

pub const VARIANTS: &[Variant] = &[
    Variant {
        version: "2.4.6-p3",
        dump: "MinhPhucNguyen_Magento246__magento2.sql.gz",
        schema: "MinhPhucNguyen_Magento246__2.4.6-p3_vendor_db_schema_xml.tar.gz",
        repository: "MinhPhucNguyen/Magento246",
        path_in_repo: "magento2.sql",
        commit: "d3761fb5311437492f421eb672bace6a32f553da",
        schema_commit: "d3761fb5311437492f421eb672bace6a32f553da",
        about: "Magento Open Source 2.4.6-p3, a composer install of \
                magento/product-community-edition (MSI, Page Builder, Adobe IMS and Stock, \
                PayPal Braintree, Login as Customer; Magento_TwoFactorAuth disabled); \
                mysqldump 8.0.35; the shop added 21 products, 12 categories, 1 customer, \
                3 orders and a custom module (Tigren)",
        bundled_tables: &[
            (
                "braintree_credit_prices",
                "PayPal_Braintree (bundled with the product): a legacy InstallSchema table",
            ),
            (
                "braintree_transaction_details",
                "PayPal_Braintree (bundled with the product): a legacy InstallSchema table",
            ),
        ],
        differences: &[
            "The shop re-saved the Default product attribute set in the admin, which \
             renumbers its groups' and attributes' `sort_order` (1, 2, 3, … instead of the \
             installer's 10, 15, 20, …) and gives its `eav_entity_attribute` rows new ids. \
             Which attribute sits in which group is the installer's, minus the shop's own \
             attributes; only the order of the product form's tabs and fields differs. (The \
             2.4.8 dump's untouched set also links `color` to its Attributes group; three \
             re-saved 2.4.x sets here do not, so whether a fresh install does is open.)",
            "Magento_TwoFactorAuth was disabled in that install, so `tfa_user_config` and \
             `tfa_country_codes` are not in the baseline (the migration does not use them).",
            "Values that depend on the moment or the host of the install are the dump's: the \
             timestamps of 2023-11-07, theme ids and theme preview image names.",
        ],
        shipped: true,
    },
    Variant {
        version: "2.4.8",
        dump: "LidianeAlencar_magento2-teste__dump.sql.gz",
        schema: "LidianeAlencar_magento2-teste__2.4.8_db_schema_xml.tar.gz",
        repository: "LidianeAlencar/magento2-teste",
        path_in_repo: "dump.sql",
        commit: "145d53e6a523b4df083b37b37ef14c4d767f52a4",
        schema_commit: "82da53643d73d3fce1e19e154988206fd4b8c62d",
        about: "Magento Open Source 2.4.8, a git-clone install of the magento2ce tree (no MSI, \
                no 2FA) with Page Builder; mariadb-dump 10.19; the shop added 23 products, \
                7 categories, a theme and CMS blocks",
        bundled_tables: &[(
            "pagebuilder_template",
            "Magento_PageBuilder, installed from vendor/ (its db_schema.xml is not in the \
             core bundle)",
        )],
        differences: &[
            "No MSI (no `inventory_*` tables or stock view), no Adobe IMS/Stock, no Braintree: \
             the Inventory step has nothing to fill.",
            "`general/region/state_required` holds the shop's value (`BR`), saved after the \
             install.",
            "Values that depend on the moment or the host of the install are the dump's: the \
             timestamps of 2025-05-24, theme ids and theme preview image names.",
        ],
        shipped: false,
    },
];

/// The store ids a fresh install has: the admin store 0 and the default store view 1 (also
/// the ids of its websites and store groups).
const INSTALL_STORES: &[&str] = &["0", "1"];

// =============================================================================================
// Rules
// =============================================================================================

/// Which rows of a table the baseline keeps.
pub enum Keep {
    /// Every row (install data; foreign keys may still drop rows, see step 4).
    All,
    /// No row: the table is created empty.
    None,
    /// The rows the predicate selects.
    Where(fn(&Dump, &RowRef) -> bool),
}

/// One rule: the tables it applies to (`|`-separated names, `*` matches any run of
/// characters), what it keeps, and why.
pub struct Rule {
    pub tables: &'static str,
    pub keep: Keep,
    pub why: &'static str,
}

const fn rule(tables: &'static str, keep: Keep, why: &'static str) -> Rule {
    Rule { tables, keep, why }
}

/// The `core_config_data` paths `setup:install` writes (scope `default`). Installer options
/// that encode one shop's choices (locale, time zone, currencies, secure URLs) are not
/// among them: without rows, Magento's defaults apply (en_US, UTC, USD).
const INSTALL_CONFIG_PATHS: &[&str] = &[
    // setup:install --search-engine and its host options
    "catalog/search/engine",
    "catalog/search/elasticsearch7_server_hostname",
    "catalog/search/elasticsearch7_server_port",
    "catalog/search/opensearch_server_hostname",
    "catalog/search/opensearch_server_port",
    // setup:install --use-rewrites and --base-url (the URL is replaced, see FIXES)
    "web/seo/use_rewrites",
    "web/unsecure/base_url",
    // Magento_Directory data patches
    "general/region/display_all",
    "general/region/state_required",
    // Magento_Catalog InstallDefaultCategories
    "catalog/category/root_id",
    // Magento_Analytics data patches
    "analytics/subscription/enabled",
    "crontab/default/jobs/analytics_subscribe/schedule/cron_expr",
    "crontab/default/jobs/analytics_collect_data/schedule/cron_expr",
    // Magento_ReCaptchaMigration data patch
    "msp_securitysuite_recaptcha/frontend/enabled",
    "msp_securitysuite_recaptcha/backend/enabled",
];

/// The order statuses Magento's data patches install (Sales, Paypal).
const INSTALL_ORDER_STATUSES: &[&str] = &[
    "canceled",
    "closed",
    "complete",
    "fraud",
    "holded",
    "payment_review",
    "paypal_canceled_reversal",
    "paypal_reversed",
    "pending",
    "pending_payment",
    "pending_paypal",
    "processing",
];

/// Attributes Magento installs with `is_user_defined = 1`; every other user-defined
/// attribute was made by the shop.
const INSTALL_USER_DEFINED_ATTRIBUTES: &[&str] = &["color", "cost", "manufacturer"];

/// The category attributes `InstallDefaultCategories` sets on the two root categories.
const ROOT_CATEGORY_ATTRIBUTES: &[&str] = &["name", "is_active", "include_in_menu", "display_mode"];

/// Module vendors whose modules ship with magento/product-community-edition 2.4.
const BUNDLED_VENDORS: &[&str] = &["Magento", "PayPal", "Temando"];

fn is_in(v: Option<&str>, set: &[&str]) -> bool {
    v.is_some_and(|v| set.contains(&v))
}

fn bundled_vendor(name: Option<&str>) -> bool {
    let vendor = name
        .unwrap_or_default()
        .split(['\\', '_'])
        .next()
        .unwrap_or_default();
    BUNDLED_VENDORS.contains(&vendor)
}

/// The attribute a row refers to: (`is_user_defined`, `attribute_code`).
fn attribute(d: &Dump, id: Option<&str>) -> Option<(bool, String)> {
    let row = d.find("eav_attribute", "attribute_id", id?)?;
    Some((
        row.get("is_user_defined") == Some("1"),
        row.get("attribute_code")?.to_string(),
    ))
}

/// The rules, first match wins. Each table with rows in the input must match one before the
/// final catch-all.
pub const RULES: &[Rule] = &[
    // --- stores ------------------------------------------------------------------------
    rule(
        "store",
        Keep::Where(|_, r| is_in(r.get("store_id"), INSTALL_STORES)),
        "the admin store (0) and the Default Store View (1)",
    ),
    rule(
        "store_group",
        Keep::Where(|_, r| is_in(r.get("group_id"), INSTALL_STORES)),
        "the admin group (0) and Main Website Store (1, root category 2)",
    ),
    rule(
        "store_website",
        Keep::Where(|_, r| is_in(r.get("website_id"), INSTALL_STORES)),
        "the admin website (0) and Main Website (1, code `base`)",
    ),
    // --- configuration -----------------------------------------------------------------
    rule(
        "core_config_data",
        Keep::Where(|_, r| {
            r.get("scope") == Some("default") && is_in(r.get("path"), INSTALL_CONFIG_PATHS)
        }),
        "the paths setup:install and the data patches write (INSTALL_CONFIG_PATHS); \
         host names and the base URL become placeholders (see the fixes)",
    ),
    // --- EAV ---------------------------------------------------------------------------
    rule("eav_entity_type", Keep::All, "the 8 entity types"),
    rule(
        "eav_attribute_set",
        Keep::Where(|d, r| {
            d.find(
                "eav_entity_type",
                "entity_type_id",
                r.get("entity_type_id").unwrap_or_default(),
            )
            .is_some_and(|t| t.get("default_attribute_set_id") == r.get("attribute_set_id"))
        }),
        "the default set of each entity type; sets the shop made are dropped",
    ),
    rule(
        "eav_attribute",
        Keep::Where(|_, r| {
            r.get("is_user_defined") != Some("1")
                || is_in(r.get("attribute_code"), INSTALL_USER_DEFINED_ATTRIBUTES)
        }),
        "system attributes, and the user-defined ones Magento installs (color, cost, \
         manufacturer); attributes the shop made are dropped",
    ),
    rule(
        "eav_attribute_option",
        Keep::Where(|d, r| attribute(d, r.get("attribute_id")).is_some_and(|(user, _)| !user)),
        "options of system attributes (gender); options of user-defined attributes \
         (e.g. colours) are the shop's",
    ),
    rule(
        "eav_attribute_group|eav_entity_attribute|eav_attribute_option_value|\
         catalog_eav_attribute|customer_eav_attribute|customer_eav_attribute_website|\
         customer_form_attribute|eav_form_type|eav_form_type_entity|eav_form_fieldset|\
         eav_form_fieldset_label|eav_form_element",
        Keep::All,
        "install rows; rows of dropped sets, attributes and options go with them (foreign keys)",
    ),
    rule(
        "eav_attribute_label|eav_attribute_option_swatch|eav_entity_store|eav_entity|\
         eav_entity_datetime|eav_entity_decimal|eav_entity_int|eav_entity_text|\
         eav_entity_varchar",
        Keep::None,
        "store labels, swatches, increment ids and generic EAV values: the shop's",
    ),
    // --- catalog -----------------------------------------------------------------------
    rule(
        "catalog_category_entity",
        Keep::Where(|_, r| is_in(r.get("entity_id"), &["1", "2"])),
        "Root Catalog (1) and Default Category (2)",
    ),
    rule(
        "catalog_category_entity_datetime|catalog_category_entity_decimal|\
         catalog_category_entity_int|catalog_category_entity_text|\
         catalog_category_entity_varchar",
        Keep::Where(|d, r| {
            is_in(r.get("entity_id"), &["1", "2"])
                && r.get("store_id") == Some("0")
                && attribute(d, r.get("attribute_id"))
                    .is_some_and(|(_, code)| ROOT_CATEGORY_ATTRIBUTES.contains(&code.as_str()))
        }),
        "the values InstallDefaultCategories sets on categories 1 and 2 (name, is_active, \
         include_in_menu, display_mode; admin store)",
    ),
    rule(
        "catalog_product_link_type|catalog_product_link_attribute",
        Keep::All,
        "product link types and their attributes",
    ),
    rule(
        "cataloginventory_stock",
        Keep::Where(|_, r| r.get("stock_id") == Some("1")),
        "the Default stock",
    ),
    rule(
        "catalog*|cataloginventory*|product_alert*|downloadable*|weee*|wishlist*",
        Keep::None,
        "products, categories, their indexes and everything that points at them",
    ),
    // --- customers ---------------------------------------------------------------------
    rule(
        "customer_group",
        Keep::Where(|_, r| is_in(r.get("customer_group_id"), &["0", "1", "2", "3"])),
        "NOT LOGGED IN, General, Wholesale, Retailer",
    ),
    rule(
        "customer*|persistent_session|login_as_customer*|magento_login_as_customer_log|\
         newsletter*|vault*|password_reset_request_event",
        Keep::None,
        "customers, their addresses, logs and sessions",
    ),
    // --- sales -------------------------------------------------------------------------
    rule(
        "sales_order_status",
        Keep::Where(|_, r| is_in(r.get("status"), INSTALL_ORDER_STATUSES)),
        "the statuses Magento installs",
    ),
    rule("sales_order_status_state", Keep::All, "their states"),
    rule(
        "sales_sequence_meta",
        Keep::Where(|_, r| is_in(r.get("store_id"), INSTALL_STORES)),
        "order, invoice, credit memo and shipment sequences of stores 0 and 1",
    ),
    rule("sales_sequence_profile", Keep::All, "their profiles"),
    rule(
        "sales*|sequence_*|quote*|paypal*|braintree*|checkout*|gift_message|salesrule*|\
         catalogrule*|shipping_tablerate|sendfriend_log",
        Keep::None,
        "orders, invoices, shipments, credit memos, quotes, payments, sequence values, rules",
    ),
    // --- inventory (MSI) -----------------------------------------------------------------
    rule(
        "inventory_source",
        Keep::Where(|_, r| r.get("source_code") == Some("default")),
        "the Default Source",
    ),
    rule(
        "inventory_stock",
        Keep::Where(|_, r| r.get("stock_id") == Some("1")),
        "the Default Stock",
    ),
    rule(
        "inventory_source_stock_link",
        Keep::All,
        "its link to the Default Source",
    ),
    rule(
        "inventory_stock_sales_channel",
        Keep::Where(|_, r| r.get("type") == Some("website") && r.get("code") == Some("base")),
        "the Default Stock sells on website `base`",
    ),
    rule(
        "inventory*",
        Keep::None,
        "source items, reservations, notifications",
    ),
    // --- directory, tax, ratings, reviews --------------------------------------------------
    rule(
        "directory_country|directory_country_format|directory_country_region|\
         directory_country_region_name",
        Keep::All,
        "countries and regions",
    ),
    rule(
        "directory_currency_rate",
        Keep::Where(|_, r| {
            is_in(r.get("currency_from"), &["EUR", "USD"])
                && is_in(r.get("currency_to"), &["EUR", "USD"])
        }),
        "the EUR/USD rates Magento installs",
    ),
    rule(
        "tax_class",
        Keep::Where(|_, r| is_in(r.get("class_id"), &["2", "3"])),
        "Taxable Goods and Retail Customer",
    ),
    rule(
        "tax_calculation_rate",
        Keep::Where(|_, r| is_in(r.get("code"), &["US-CA-*-Rate 1", "US-NY-*-Rate 1"])),
        "the two sample US rates Magento installs",
    ),
    rule("tax*", Keep::None, "tax rules and reports"),
    rule(
        "rating",
        Keep::Where(|_, r| is_in(r.get("rating_code"), &["Quality", "Value", "Price"])),
        "the three ratings Magento installs (inactive)",
    ),
    rule(
        "rating_entity|rating_option|review_entity|review_status|report_event_types",
        Keep::All,
        "install rows",
    ),
    rule(
        "rating*|review*|report*|reporting*",
        Keep::None,
        "votes, reviews and reports",
    ),
    // --- admin -------------------------------------------------------------------------
    rule(
        "authorization_role",
        Keep::Where(|_, r| {
            r.get("role_type") == Some("G") && r.get("role_name") == Some("Administrators")
        }),
        "the Administrators role; the admin users' own roles are dropped",
    ),
    rule(
        "authorization_rule",
        Keep::All,
        "its rule (Magento_Backend::all)",
    ),
    rule(
        "admin*|oauth*|integration|jwt_auth_revoked|captcha_log|ui_bookmark|\
         release_notification_viewer_log|magento_bulk|magento_operation|\
         magento_acknowledged_bulk|import_history|importexport_importdata",
        Keep::None,
        "admin users, sessions, tokens, bookmarks, notifications, bulk actions",
    ),
    // --- setup and framework -------------------------------------------------------------
    rule(
        "setup_module|patch_list",
        Keep::Where(|_, r| {
            let column = if r.table.name == "setup_module" {
                "module"
            } else {
                "patch_name"
            };
            bundled_vendor(r.get(column))
        }),
        "the applied modules and patches of Magento and the bundled vendors (PayPal, \
         Temando): Magento sees the database as installed; the shop's modules are dropped",
    ),
    rule("queue", Keep::All, "the message queues Magento declares"),
    rule(
        "theme",
        Keep::Where(|_, r| {
            r.get("theme_path")
                .is_some_and(|p| p.starts_with("Magento/"))
        }),
        "Magento's themes (blank, backend, luma); the shop's are dropped",
    ),
    rule(
        "queue_*|cache|cache_tag|session|flag|indexer_state|mview_state|\
         design_config_grid_flat|cron_schedule|url_rewrite|search_query|search_synonyms|\
         cms*|media_*|theme_file|translation|variable*|widget*|email_template|layout_*|\
         pagebuilder_template|adminnotification_inbox|design_change|sitemap",
        Keep::None,
        "run-time state, indexes (a migrated store is reindexed), URL rewrites, CMS \
         (the Map step reloads cms_* from Magento 1), the shop's content",
    ),
    // --- everything else -----------------------------------------------------------------
    rule(
        "*",
        Keep::None,
        "empty in the input: created empty (a table with rows must match a rule above)",
    ),
];

/// Values restored to what a fresh install writes, applied to kept rows.
pub struct Fix {
    pub table: &'static str,
    pub column: &'static str,
    /// The new value (decoded; `None` for NULL) for the rows it applies to, or `Err(())` to
    /// leave the row alone.
    pub value: fn(&Dump, &Kept, &RowRef) -> Result<Option<String>, ()>,
    pub why: &'static str,
}

pub const FIXES: &[Fix] = &[
    Fix {
        table: "eav_attribute_set",
        column: "attribute_set_name",
        value: |_, _, _| Ok(Some("Default".into())),
        why: "every default set is named Default at install (the 2.4.6-p3 shop renamed the \
              product set)",
    },
    Fix {
        table: "catalog_category_entity",
        column: "children_count",
        value: |_, kept, r| {
            let path = r.get("path").ok_or(())?;
            let below = format!("{path}/");
            let n = kept
                .rows("catalog_category_entity")
                .filter(|c| c.get("path").is_some_and(|p| p.starts_with(&below)))
                .count();
            Ok(Some(n.to_string()))
        },
        why: "the kept categories below it (the shop's categories are gone)",
    },
    Fix {
        table: "catalog_category_entity",
        column: "updated_at",
        value: |_, _, r| Ok(r.get("created_at").map(str::to_string)),
        why: "as created (the shop's categories changed it)",
    },
    Fix {
        table: "catalog_category_entity_varchar",
        column: "value",
        value: |d, _, r| {
            let name = match r.get("entity_id") {
                Some("1") => "Root Catalog",
                Some("2") => "Default Category",
                _ => return Err(()),
            };
            match attribute(d, r.get("attribute_id")) {
                Some((_, code)) if code == "name" => Ok(Some(name.into())),
                _ => Err(()),
            }
        },
        why: "the names InstallDefaultCategories gives (Root Catalog, Default Category)",
    },
    Fix {
        table: "core_config_data",
        column: "value",
        value: |_, _, r| match r.get("path") {
            Some("web/unsecure/base_url") => Ok(Some("http://localhost/".into())),
            Some(p) if p.ends_with("_server_hostname") => Ok(Some("localhost".into())),
            _ => Err(()),
        },
        why: "host-specific: the base URL becomes http://localhost/ and search hosts localhost \
              (set the real ones after loading, e.g. bin/magento setup:store-config:set \
              --base-url=…; the Settings step keeps Magento 2's web/*/base_url rows)",
    },
];

/// References Magento keeps without a foreign-key constraint: (table, column, referenced
/// table, referenced column, values that refer to nothing).
pub const SOFT_REFS: &[(&str, &str, &str, &str, &[&str])] = &[
    (
        "store_group",
        "root_category_id",
        "catalog_category_entity",
        "entity_id",
        &["0"],
    ),
    ("store_group", "default_store_id", "store", "store_id", &[]),
    (
        "store_website",
        "default_group_id",
        "store_group",
        "group_id",
        &[],
    ),
    (
        "eav_entity_type",
        "default_attribute_set_id",
        "eav_attribute_set",
        "attribute_set_id",
        &[],
    ),
    (
        "catalog_category_entity",
        "attribute_set_id",
        "eav_attribute_set",
        "attribute_set_id",
        &[],
    ),
    (
        "catalog_category_entity",
        "parent_id",
        "catalog_category_entity",
        "entity_id",
        &["0"],
    ),
    (
        "customer_group",
        "tax_class_id",
        "tax_class",
        "class_id",
        &[],
    ),
    (
        "authorization_role",
        "parent_id",
        "authorization_role",
        "role_id",
        &["0"],
    ),
    ("theme", "parent_id", "theme", "theme_id", &[]),
    (
        "inventory_stock_sales_channel",
        "code",
        "store_website",
        "code",
        &[],
    ),
    (
        "inventory_source_stock_link",
        "source_code",
        "inventory_source",
        "source_code",
        &[],
    ),
];

// =============================================================================================
// The dump in memory
// =============================================================================================

/// One row: each value's literal (canonical form) and decoded text (`None` for NULL).
pub struct Row {
    pub raw: Vec<Vec<u8>>,
    pub text: Vec<Option<String>>,
}

pub struct TableData {
    pub name: String,
    pub create: Vec<u8>,
    pub def: Table,
    pub rows: Vec<Row>,
}

/// A view's final definition.
pub struct View {
    pub name: String,
    pub create: Vec<u8>,
}

/// What the generator reads from a dump.
#[derive(Default)]
pub struct Dump {
    /// Table names in the dump's order.
    pub order: Vec<String>,
    pub tables: HashMap<String, TableData>,
    pub views: Vec<View>,
    pub triggers: usize,
    pub routines: usize,
}

/// A row of a table, read by column name.
#[derive(Clone, Copy)]
pub struct RowRef<'a> {
    pub table: &'a TableData,
    pub row: &'a Row,
}

impl<'a> RowRef<'a> {
    /// The decoded value of `column` (`None` for NULL). Panics when the table has no such
    /// column: a rule that reads a column the table lacks is a bug in the rule.
    pub fn get(&self, column: &str) -> Option<&'a str> {
        let i = self.table.def.column_index(column).unwrap_or_else(|| {
            panic!(
                "a rule reads column `{column}`, which table `{}` does not have",
                self.table.name
            )
        });
        self.row.text[i].as_deref()
    }
}

impl Dump {
    /// The first input row of `table` whose `column` is `value`.
    pub fn find(&self, table: &str, column: &str, value: &str) -> Option<RowRef<'_>> {
        let t = self.tables.get(table)?;
        let i = t.def.column_index(column)?;
        t.rows
            .iter()
            .find(|r| r.text[i].as_deref() == Some(value))
            .map(|row| RowRef { table: t, row })
    }

    pub fn read(path: &Path) -> Result<Dump> {
        let src = source::open(path)?;
        let mut buf = Vec::new();
        for f in &src.files {
            source::read_file(f, Arc::new(AtomicU64::new(0)))?
                .read_to_end(&mut buf)
                .with_context(|| format!("cannot read {}", path.display()))?;
        }
        let mut spans: Vec<Span> = Vec::new();
        Splitter::new()
            .scan(&buf, true, &mut spans)
            .map_err(|e| anyhow::anyhow!("{}: {} at byte {}", path.display(), e.message, e.at))?;
        let mut d = Dump::default();
        for span in spans {
            let sql = &buf[span.start..span.end];
            let c = classify(sql).map_err(|e| {
                anyhow::anyhow!(
                    "{}: not SQL at byte {}: {}",
                    path.display(),
                    span.start,
                    e.found
                )
            })?;
            match c.kind {
                StmtKind::CreateTable => {
                    let (def, warning) = ddl::parse_create_table(sql)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                    if let Some(w) = warning {
                        bail!("{}: table `{}`: {w}", path.display(), def.name);
                    }
                    d.order.push(def.name.clone());
                    d.tables.insert(
                        def.name.clone(),
                        TableData {
                            name: def.name.clone(),
                            create: sql.trim_ascii().to_vec(),
                            def,
                            rows: Vec::new(),
                        },
                    );
                }
                StmtKind::Insert => d.read_insert(sql)?,
                StmtKind::View => {
                    if let Some(view) = final_view(sql) {
                        d.views.retain(|v| v.name != view.name);
                        d.views.push(view);
                    }
                }
                StmtKind::Trigger => d.triggers += 1,
                StmtKind::Routine => d.routines += 1,
                StmtKind::AlterTable => {
                    bail!("ALTER TABLE in the input is not supported by this script")
                }
                StmtKind::Other => bail!(
                    "unexpected statement in the input: {}",
                    lex::snippet(sql, 0)
                ),
                // Session settings, locks, DROP TABLE, key toggles: the writer sets its own
                // session and writes its own DROP TABLE IF EXISTS.
                _ => {}
            }
        }
        Ok(d)
    }

    fn read_insert(&mut self, sql: &[u8]) -> Result<()> {
        let h = lex::parse_header(sql).map_err(|e| anyhow::anyhow!("{e}"))?;
        let t = self
            .tables
            .get_mut(&h.table)
            .with_context(|| format!("rows for `{}` before its CREATE TABLE", h.table))?;
        let cols = t.def.columns.len();
        let order: Vec<usize> = match &h.columns {
            None => (0..cols).collect(),
            Some(names) => names
                .iter()
                .map(|n| {
                    t.def
                        .column_index(n)
                        .with_context(|| format!("`{}` has no column `{n}`", h.table))
                })
                .collect::<Result<_>>()?,
        };
        let mut rows = Rows::new(sql, h.values_at);
        let mut vals: Vec<Value> = Vec::new();
        while rows
            .next_into(&mut vals)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .is_some()
        {
            if vals.len() != order.len() {
                bail!(
                    "`{}`: a row has {} values for {} columns",
                    h.table,
                    vals.len(),
                    order.len()
                );
            }
            let mut row = Row {
                raw: vec![b"NULL".to_vec(); cols],
                text: vec![None; cols],
            };
            for (v, &i) in vals.iter().zip(&order) {
                let mut raw = Vec::new();
                v.write_canonical(&mut raw);
                row.raw[i] = raw;
                row.text[i] = v.decode().map(|b| String::from_utf8_lossy(&b).into_owned());
            }
            t.rows.push(row);
        }
        Ok(())
    }
}

/// The name and text of a `CREATE … VIEW` statement, unless it is mysqldump's placeholder
/// (`CREATE VIEW v AS SELECT 1 AS c, …`, written so that views may refer to each other). The
/// `DEFINER=…` clause is removed.
fn final_view(sql: &[u8]) -> Option<View> {
    let text = String::from_utf8_lossy(sql);
    let at = text.find("VIEW `")?;
    let (name, _) = lex::ident(sql, at + 5)?;
    let stub = text.contains("CREATE VIEW") && !text.contains("ALGORITHM");
    let create = text.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if !create.contains("CREATE") || create.starts_with("DROP") || stub {
        return None;
    }
    Some(View {
        name,
        create: strip_definer(create.trim_end()).into_bytes(),
    })
}

/// Removes `DEFINER=`user`@`host`` (with the blank after it).
fn strip_definer(s: &str) -> String {
    let Some(at) = s.find("DEFINER=") else {
        return s.to_string();
    };
    let rest = &s[at + "DEFINER=".len()..];
    let end = rest
        .find(|c: char| c.is_ascii_whitespace() || c == '*')
        .unwrap_or(rest.len());
    let rest = rest[end..].trim_start_matches(' ');
    format!("{}{rest}", &s[..at])
}

/// The DDL edits described in the module documentation.
fn edit_create(create: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(create);
    // The table options follow the `)` that starts the last line (a table comment may hold
    // parentheses); column definitions never contain `AUTO_INCREMENT=`.
    let cut = text.rfind("\n)").map_or(0, |i| i + 1);
    let (body, options) = text.split_at(cut);
    let mut opts = Vec::new();
    for word in options.split(' ') {
        if word.starts_with("AUTO_INCREMENT=") || word.starts_with("COLLATE=utf8mb4_0900_") {
            continue;
        }
        opts.push(word);
    }
    format!("{body}{}", opts.join(" ")).into_bytes()
}

// =============================================================================================
// Tables
// =============================================================================================

/// Tables a `db_schema.xml` of the install declares: the `<table name="…">` elements of every
/// file in the `.tar.gz` bundle whose root element is `<schema …>`.
pub fn declared_tables(bundle: &Path) -> Result<HashSet<String>> {
    let mut data = Vec::new();
    flate2::read::MultiGzDecoder::new(
        std::fs::File::open(bundle).with_context(|| format!("cannot open {}", bundle.display()))?,
    )
    .read_to_end(&mut data)
    .with_context(|| format!("cannot read {}", bundle.display()))?;
    let mut tables = HashSet::new();
    let mut off = 0;
    // A ustar archive: 512-byte headers, each followed by the file's bytes padded to 512.
    while off + 512 <= data.len() {
        let header = &data[off..off + 512];
        if header.iter().all(|&b| b == 0) {
            break;
        }
        let size_field = String::from_utf8_lossy(&header[124..136]);
        let size =
            usize::from_str_radix(size_field.trim_matches(|c: char| c == '\0' || c == ' '), 8)
                .with_context(|| format!("{}: bad tar header at {off}", bundle.display()))?;
        let body = data
            .get(off + 512..off + 512 + size)
            .with_context(|| format!("{}: truncated tar entry at {off}", bundle.display()))?;
        if matches!(header[156], b'0' | 0) {
            let text = String::from_utf8_lossy(body);
            if text.contains("<schema ") {
                for tag in text.split("<table").skip(1) {
                    if !tag.starts_with(|c: char| c.is_ascii_whitespace()) {
                        continue;
                    }
                    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
                    if let Some(i) = tag.find(" name=\"").or_else(|| tag.find("\tname=\"")) {
                        let v = &tag[i + 7..];
                        if let Some(j) = v.find('"') {
                            tables.insert(v[..j].to_string());
                        }
                    }
                }
            }
        }
        off += 512 + size.div_ceil(512) * 512;
    }
    if tables.is_empty() {
        bail!(
            "{}: no db_schema.xml table declarations found",
            bundle.display()
        );
    }
    Ok(tables)
}

/// Tables Magento creates outside the declarative schema, and why; `None` for others.
fn runtime_table(name: &str) -> Option<&'static str> {
    let store_suffix = |rest: &str| INSTALL_STORES.contains(&rest);
    match name {
        "cache" | "cache_tag" | "session" | "flag" | "setup_module" => {
            Some("created by Magento's framework")
        }
        "design_config_grid_flat" | "customer_grid_flat" => Some("an indexer's grid table"),
        _ => {
            if let Some(rest) = name.strip_prefix("catalog_category_product_index_store") {
                let n = rest.strip_suffix("_replica").unwrap_or(rest);
                if n != "0" && store_suffix(n) {
                    return Some("the category-product index of a store view");
                }
            }
            for entity in ["order", "invoice", "creditmemo", "shipment"] {
                if let Some(n) = name.strip_prefix(&format!("sequence_{entity}_"))
                    && store_suffix(n)
                {
                    return Some("a sales sequence of an install store (sales_sequence_meta)");
                }
            }
            None
        }
    }
}

fn matches_glob(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

/// The first rule that applies to `table`, with its index.
pub fn rule_for(table: &str) -> (usize, &'static Rule) {
    RULES
        .iter()
        .enumerate()
        .find(|(_, r)| r.tables.split('|').any(|p| matches_glob(p.trim(), table)))
        .expect("the last rule matches every table")
}

// =============================================================================================
// Deciding
// =============================================================================================

/// A value of a table: (table, input row index, column index).
pub type Cell = (String, usize, usize);

/// A fixed value: its literal and its decoded text (`None` for NULL).
pub type Fixed = (Vec<u8>, Option<String>);

/// The rows kept so far: for each kept table, the indices of its kept input rows, and any
/// fixed values (column index → new literal).
#[derive(Default)]
pub struct Kept<'d> {
    dump: Option<&'d Dump>,
    pub rows: BTreeMap<String, Vec<usize>>,
    pub fixed: HashMap<Cell, Fixed>,
}

impl<'d> Kept<'d> {
    /// The kept rows of `table`, with fixed values.
    pub fn rows<'k>(&'k self, table: &str) -> impl Iterator<Item = FixedRow<'k, 'd>> + 'k {
        let d = self.dump.expect("kept rows belong to a dump");
        let t = d.tables.get(table);
        self.rows
            .get(table)
            .into_iter()
            .flatten()
            .map(move |&i| FixedRow {
                kept: self,
                table: t.expect("kept tables exist"),
                index: i,
            })
    }

    pub fn has_table(&self, table: &str) -> bool {
        self.rows.contains_key(table)
    }
}

/// A kept row, read with its fixed values.
pub struct FixedRow<'k, 'd> {
    kept: &'k Kept<'d>,
    table: &'d TableData,
    index: usize,
}

impl FixedRow<'_, '_> {
    pub fn get(&self, column: &str) -> Option<&str> {
        let c = self.table.def.column_index(column)?;
        match self
            .kept
            .fixed
            .get(&(self.table.name.clone(), self.index, c))
        {
            Some((_, text)) => text.as_deref(),
            None => self.table.rows[self.index].text[c].as_deref(),
        }
    }
}

/// What happened to the rows of one table.
#[derive(Default, Clone)]
pub struct TableStats {
    pub input: usize,
    pub kept: usize,
    pub by_rule: usize,
    /// Rows dropped because a foreign key pointed at a dropped row, by constraint.
    pub by_cascade: BTreeMap<String, usize>,
    pub fixed: usize,
}

/// The decisions for one dump.
pub struct Plan<'d> {
    pub kept: Kept<'d>,
    /// Tables left out, with why.
    pub left_out: Vec<(String, String)>,
    /// Why each kept table is Magento's.
    pub origin: BTreeMap<String, &'static str>,
    pub stats: BTreeMap<String, TableStats>,
    /// The rule index used for each kept table.
    pub rule: BTreeMap<String, usize>,
}

fn literal(col: &Column, value: Option<&str>) -> Vec<u8> {
    let Some(v) = value else {
        return b"NULL".to_vec();
    };
    let numeric = matches!(
        col.data_type.as_str(),
        "tinyint"
            | "smallint"
            | "mediumint"
            | "int"
            | "integer"
            | "bigint"
            | "decimal"
            | "float"
            | "double"
    );
    if numeric
        && !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return v.as_bytes().to_vec();
    }
    let mut out = Vec::new();
    escape_quoted(&mut out, v.as_bytes());
    out
}

pub fn plan<'d>(dump: &'d Dump, variant: &Variant, declared: &HashSet<String>) -> Result<Plan<'d>> {
    let mut kept = Kept {
        dump: Some(dump),
        ..Default::default()
    };
    let mut left_out = Vec::new();
    let mut origin = BTreeMap::new();
    let mut stats: BTreeMap<String, TableStats> = BTreeMap::new();
    let mut rule_of = BTreeMap::new();

    // Tables.
    for name in &dump.order {
        let t = &dump.tables[name];
        let why = if declared.contains(name) {
            Some("declared in a db_schema.xml of the install")
        } else if let Some(&(_, why)) = variant.bundled_tables.iter().find(|(n, _)| n == name) {
            Some(why)
        } else {
            runtime_table(name)
        };
        match why {
            Some(why) => {
                origin.insert(name.clone(), why);
            }
            None => {
                let why = if name.ends_with("_cl") {
                    "an mview change log (an indexer set to Update by Schedule after install)"
                } else {
                    "not Magento's: no db_schema.xml of the install declares it and Magento \
                     does not create it at run time"
                };
                left_out.push((name.clone(), format!("{why} ({} rows)", t.rows.len())));
                continue;
            }
        }
        // Rows, by rule.
        let (ri, rule) = rule_for(name);
        rule_of.insert(name.clone(), ri);
        let keep: Vec<usize> = match rule.keep {
            Keep::All => (0..t.rows.len()).collect(),
            Keep::None => {
                if ri == RULES.len() - 1 && !t.rows.is_empty() {
                    bail!(
                        "table `{name}` has {} rows and no rule: decide in RULES",
                        t.rows.len()
                    );
                }
                Vec::new()
            }
            Keep::Where(pred) => (0..t.rows.len())
                .filter(|&i| {
                    pred(
                        dump,
                        &RowRef {
                            table: t,
                            row: &t.rows[i],
                        },
                    )
                })
                .collect(),
        };
        stats.insert(
            name.clone(),
            TableStats {
                input: t.rows.len(),
                kept: keep.len(),
                by_rule: t.rows.len() - keep.len(),
                ..Default::default()
            },
        );
        kept.rows.insert(name.clone(), keep);
    }

    // Foreign keys: the referenced tables must be kept; rows follow their parents.
    for name in kept.rows.keys() {
        for fk in &dump.tables[name].def.foreign_keys {
            if !kept.rows.contains_key(&fk.ref_table) {
                bail!(
                    "table `{name}` has a foreign key to `{}`, which is left out",
                    fk.ref_table
                );
            }
        }
    }
    loop {
        let mut changed = false;
        let names: Vec<String> = kept.rows.keys().cloned().collect();
        for name in &names {
            let t = &dump.tables[name];
            for fk in &t.def.foreign_keys {
                let parent = &dump.tables[&fk.ref_table];
                let pcols: Vec<usize> = fk
                    .ref_columns
                    .iter()
                    .map(|c| {
                        parent
                            .def
                            .column_index(c)
                            .expect("referenced column exists")
                    })
                    .collect();
                let ccols: Vec<usize> = fk
                    .columns
                    .iter()
                    .map(|c| t.def.column_index(c).expect("foreign key column exists"))
                    .collect();
                let keys: HashSet<Vec<Option<String>>> = kept.rows[&fk.ref_table]
                    .iter()
                    .map(|&i| {
                        pcols
                            .iter()
                            .map(|&c| parent.rows[i].text[c].clone())
                            .collect()
                    })
                    .collect();
                let before = kept.rows[name].len();
                kept.rows.get_mut(name).unwrap().retain(|&i| {
                    let key: Vec<Option<String>> =
                        ccols.iter().map(|&c| t.rows[i].text[c].clone()).collect();
                    key.iter().any(Option::is_none) || keys.contains(&key)
                });
                let gone = before - kept.rows[name].len();
                if gone > 0 {
                    changed = true;
                    let s = stats.get_mut(name).unwrap();
                    s.kept -= gone;
                    let label = format!("{} → {}", fk.columns.join(","), fk.ref_table);
                    *s.by_cascade.entry(label).or_default() += gone;
                }
            }
        }
        if !changed {
            break;
        }
    }

    // Fixes (later fixes see earlier ones; a fix reads the kept rows as they are).
    for fix in FIXES {
        let Some(t) = dump.tables.get(fix.table) else {
            continue;
        };
        if !kept.has_table(fix.table) {
            continue;
        }
        let c = t.def.column_index(fix.column).with_context(|| {
            format!(
                "a fix writes `{}`.`{}`, which does not exist",
                fix.table, fix.column
            )
        })?;
        let mut updates = Vec::new();
        for &i in &kept.rows[fix.table] {
            let r = RowRef {
                table: t,
                row: &t.rows[i],
            };
            if let Ok(v) = (fix.value)(dump, &kept, &r)
                && v.as_deref() != t.rows[i].text[c].as_deref()
            {
                updates.push((i, v));
            }
        }
        for (i, v) in updates {
            let lit = literal(&t.def.columns[c], v.as_deref());
            kept.fixed.insert((fix.table.to_string(), i, c), (lit, v));
            stats.get_mut(fix.table).unwrap().fixed += 1;
        }
    }

    let plan = Plan {
        kept,
        left_out,
        origin,
        stats,
        rule: rule_of,
    };
    check(dump, &plan)?;
    Ok(plan)
}

/// Step 6: every reference points at something kept.
fn check(dump: &Dump, plan: &Plan) -> Result<()> {
    let kept = &plan.kept;
    let values = |table: &str, column: &str| -> HashSet<String> {
        kept.rows(table)
            .filter_map(|r| r.get(column).map(str::to_string))
            .collect()
    };
    let mut problems = Vec::new();
    for name in kept.rows.keys() {
        let t = &dump.tables[name];
        for fk in &t.def.foreign_keys {
            let parents: HashSet<Vec<Option<String>>> = kept
                .rows(&fk.ref_table)
                .map(|r| {
                    fk.ref_columns
                        .iter()
                        .map(|c| r.get(c).map(str::to_string))
                        .collect()
                })
                .collect();
            for r in kept.rows(name) {
                let key: Vec<Option<String>> = fk
                    .columns
                    .iter()
                    .map(|c| r.get(c).map(str::to_string))
                    .collect();
                if key.iter().all(Option::is_some) && !parents.contains(&key) {
                    problems.push(format!(
                        "{name}.{} = {key:?} has no row in {}",
                        fk.columns.join(","),
                        fk.ref_table
                    ));
                }
            }
        }
    }
    for &(table, column, ref_table, ref_column, nothing) in SOFT_REFS {
        if !kept.has_table(table) {
            continue;
        }
        let parents = values(ref_table, ref_column);
        for r in kept.rows(table) {
            if let Some(v) = r.get(column)
                && !nothing.contains(&v)
                && !parents.contains(v)
            {
                problems.push(format!(
                    "{table}.{column} = {v} has no row in {ref_table}.{ref_column}"
                ));
            }
        }
    }
    for r in kept.rows("sales_sequence_meta") {
        let seq = r.get("sequence_table").unwrap_or_default();
        if !kept.has_table(seq) {
            problems.push(format!(
                "sales_sequence_meta names {seq}, which is not in the baseline"
            ));
        }
    }
    let categories = values("catalog_category_entity", "entity_id");
    for r in kept.rows("core_config_data") {
        if r.get("path") == Some("catalog/category/root_id") {
            let v = r.get("value").unwrap_or_default();
            if !categories.contains(v) {
                problems.push(format!(
                    "catalog/category/root_id = {v} is not a kept category"
                ));
            }
        }
    }
    for v in &dump.views {
        // Every table a view reads must be in the baseline.
        let text = String::from_utf8_lossy(&v.create);
        for part in text
            .split("from (`")
            .skip(1)
            .chain(text.split("join `").skip(1))
        {
            let t = part.split('`').next().unwrap_or_default();
            if !kept.has_table(t) {
                problems.push(format!(
                    "view {} reads {t}, which is not in the baseline",
                    v.name
                ));
            }
        }
    }
    if !problems.is_empty() {
        bail!(
            "the baseline would be inconsistent:\n  {}",
            problems.join("\n  ")
        );
    }
    Ok(())
}

// =============================================================================================
// Writing
// =============================================================================================

/// The session the baseline is loaded in: mysqldump's UTC timestamps, rows with id 0, and
/// strict mode (a value that does not fit is an error, not a silent truncation).
fn session() -> Session {
    Session {
        names: "utf8mb4".into(),
        time_zone: Some("+00:00".into()),
        sql_mode: "NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES".into(),
    }
}

/// Writes the baseline SQL (plain) to `out`.
pub fn write_sql(dump: &Dump, plan: &Plan, variant: &Variant, out: &Path) -> Result<()> {
    let mut w = SqlWriter::create(out, DEFAULT_STATEMENT_CAP)?;
    w.header(
        &format!(
            "Magento Open Source {} baseline for m1tom2: schema and install-time rows, no shop data",
            variant.version
        ),
        &session(),
    )?;
    w.comment(&format!(
        "Generated by examples/gen_baseline.rs from {} ({}, commit {}),",
        variant.path_in_repo, variant.repository, variant.commit
    ))?;
    w.comment("Magento code and data under OSL-3.0 / AFL-3.0; rules and provenance in defaults/m2/PROVENANCE.md.")?;
    for name in &dump.order {
        let Some(rows) = plan.kept.rows.get(name) else {
            continue;
        };
        let t = &dump.tables[name];
        let rule = &RULES[plan.rule[name]];
        w.comment("")?;
        w.comment(&format!("`{name}`: {} rows; {}", rows.len(), rule.why))?;
        w.statement(format!("DROP TABLE IF EXISTS {}", quote_ident(name)).as_bytes())?;
        w.statement(&edit_create(&t.create))?;
        if rows.is_empty() {
            continue;
        }
        let cols = t.def.column_names();
        let mut header = Vec::new();
        insert_header(&mut header, "INSERT INTO", name, Some(&cols));
        let mut tuples = Vec::new();
        let mut ends = Vec::new();
        for &i in rows {
            if !tuples.is_empty() {
                tuples.push(b',');
            }
            tuples.push(b'(');
            for (c, raw) in t.rows[i].raw.iter().enumerate() {
                if c > 0 {
                    tuples.push(b',');
                }
                match plan.kept.fixed.get(&(name.clone(), i, c)) {
                    Some((lit, _)) => tuples.extend_from_slice(lit),
                    None => tuples.extend_from_slice(raw),
                }
            }
            tuples.push(b')');
            ends.push(tuples.len());
        }
        w.rows(&header, &tuples, &ends)?;
    }
    for v in &dump.views {
        w.comment("")?;
        w.comment(&format!(
            "View `{}` (MSI's stock index view for the default stock; its DEFINER is left out)",
            v.name
        ))?;
        w.statement(format!("DROP VIEW IF EXISTS {}", quote_ident(&v.name)).as_bytes())?;
        w.statement(&v.create)?;
    }
    w.finish()
}

/// gzip at level 9, no name and no time stamp in the header: the same input gives the same
/// bytes.
pub fn gzip(plain: &[u8]) -> Result<Vec<u8>> {
    let mut enc = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    enc.write_all(plain)?;
    Ok(enc.finish()?)
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('*', "\\*")
}

/// `PROVENANCE.md`: where the baseline comes from and what it keeps.
pub fn provenance(
    dump: &Dump,
    plan: &Plan,
    variant: &Variant,
    gz_size: usize,
    plain_size: usize,
) -> String {
    let mut m = String::new();
    let out = format!("baseline-{}.sql.gz", variant.version);
    let kept_rows: usize = plan.kept.rows.values().map(Vec::len).sum();
    let _ = writeln!(m, "# Provenance of `{out}`\n");
    let _ = writeln!(
        m,
        "This file is written by `examples/gen_baseline.rs` together with the baseline; do not \
         edit it, change the script and regenerate:\n\n    cargo run --release --example gen_baseline{}\n",
        if variant.shipped {
            String::new()
        } else {
            format!(" -- --magento {}", variant.version)
        }
    );
    let _ = writeln!(
        m,
        "`tests/baseline.rs` regenerates both files and fails when they differ from what is \
         shipped, so the baseline is always what the script makes of the source dump. \
         The program embeds the `.sql.gz` (`include_bytes!` in `src/baseline.rs`), so the \
         file must exist for the crate to build; the script never reads it. `m1tom2 baseline \
         -o <file.sql[.gz]>` writes it out.\n"
    );
    let _ = writeln!(m, "## Source\n");
    let _ = writeln!(
        m,
        "- Magento release: **Magento Open Source {}**",
        variant.version
    );
    let _ = writeln!(
        m,
        "- Dump: `{}` in `../shared/data/m2/`, copied byte for byte from",
        variant.dump
    );
    let _ = writeln!(
        m,
        "  [{repo}](https://github.com/{repo}) `{path}` at commit `{commit}`",
        repo = variant.repository,
        path = variant.path_in_repo,
        commit = variant.commit
    );
    let _ = writeln!(m, "  (see `../shared/data/SOURCES.md`).");
    let _ = writeln!(m, "- Install: {}.", variant.about);
    let _ = writeln!(
        m,
        "- Which tables are Magento's: the `db_schema.xml` files of the same install, `{}` \
         (commit `{}`), plus the tables Magento creates outside the declarative schema.",
        variant.schema, variant.schema_commit
    );
    let _ = writeln!(
        m,
        "- Licence: Magento's code and its install data are under OSL-3.0 (Open Software \
         License 3.0) and AFL-3.0 (Academic Free License 3.0), as the repository's LICENSE.txt \
         and LICENSE_AFL.txt say. The baseline holds Magento's schema and the rows Magento's \
         installer writes, nothing the shop made.\n"
    );
    let _ = writeln!(m, "## Result\n");
    let _ = writeln!(
        m,
        "- {} tables ({} with rows), {} rows, {} view(s); {} bytes of SQL, {} bytes gzipped (level 9).",
        plan.kept.rows.len(),
        plan.kept.rows.values().filter(|r| !r.is_empty()).count(),
        kept_rows,
        dump.views.len(),
        plain_size,
        gz_size
    );
    let _ = writeln!(
        m,
        "- Written in the format of m1tom2's writer: a header that sets `NAMES utf8mb4`, \
         `TIME_ZONE '+00:00'` (the dump's), `FOREIGN_KEY_CHECKS=0`, `UNIQUE_CHECKS=0`, \
         `SQL_MODE='NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES'`; then per table `DROP TABLE IF \
         EXISTS`, the dump's `CREATE TABLE`, and its kept rows as INSERTs with column lists; the \
         views last. `tests/baseline.rs` loads it into an empty MariaDB database under \
         `STRICT_ALL_TABLES` and requires no error, warning or note; the DDL is MySQL 8's own.\n"
    );
    let _ = writeln!(m, "## Decisions\n");
    let _ = writeln!(
        m,
        "- **DDL** is the dump's, with three edits: the `AUTO_INCREMENT=N` table option is \
         removed (the shop's counters; the server starts after the rows present, as on a \
         fresh install), the MySQL-8-only `COLLATE=utf8mb4_0900_ai_ci` of the `sequence_*` \
         tables (one integer column each) is removed so the file loads on MariaDB, and views \
         lose their `DEFINER`.\n\
         - **Views**: {} Triggers and routines are left out ({} and {} in the input): a fresh \
         install has none (mview triggers appear only when an indexer is set to Update by \
         Schedule).\n\
         - **core_config_data** keeps only what `setup:install` and the data patches write \
         (see `INSTALL_CONFIG_PATHS` in the script). As Magento's migration tool keeps Magento \
         2's `web/*/base_url` rows, the baseline has one, with the placeholder \
         `http://localhost/`: set the real URL after loading.\n\
         - **CMS**: no pages or blocks. The Map step empties `cms_*` and reloads them from \
         Magento 1, which has its own home, no-route, enable-cookies and privacy pages.\n\
         - **Catalog**: only the root categories 1 (Root Catalog) and 2 (Default Category) with \
         the values the installer sets. **Customers, orders, quotes, URL rewrites, search, \
         reports, reviews, admin users, OAuth, sessions, caches and flags**: no rows.\n\
         - **setup_module / patch_list** keep Magento's (and bundled vendors') entries, so a \
         Magento code base of the same release sees the database as installed.\n\
         - **Index state** (`indexer_state`, `mview_state`, index tables, grids) is left empty: \
         a migrated store is reindexed in full (`bin/magento indexer:reindex`).\n",
        if dump.views.is_empty() {
            "none in the input.".to_string()
        } else {
            format!(
                "kept ({}): a fresh MSI install has `inventory_stock_1`; it reads \
                 `cataloginventory_stock_status` and `catalog_product_entity`, both in the \
                 baseline, and loads on a bare MariaDB.",
                dump.views
                    .iter()
                    .map(|v| format!("`{}`", v.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
        dump.triggers,
        dump.routines
    );
    let _ = writeln!(m, "## Known differences from a fresh `setup:install`\n");
    for d in variant.differences {
        let _ = writeln!(m, "- {d}");
    }
    let _ = writeln!(m);
    let _ = writeln!(m, "## Tables left out\n");
    let _ = writeln!(m, "| table | why |\n|---|---|");
    for (t, why) in &plan.left_out {
        let _ = writeln!(m, "| `{t}` | {} |", md_escape(why));
    }
    let _ = writeln!(
        m,
        "\nTables kept from outside the `db_schema.xml` bundle:\n"
    );
    let _ = writeln!(m, "| table | why |\n|---|---|");
    for (t, why) in &plan.origin {
        if !why.starts_with("declared in") {
            let _ = writeln!(m, "| `{t}` | {} |", md_escape(why));
        }
    }
    let _ = writeln!(m, "\n## Row rules (first match wins)\n");
    let _ = writeln!(m, "| # | tables | rows kept | why |\n|---|---|---|---|");
    for (i, r) in RULES.iter().enumerate() {
        let keep = match r.keep {
            Keep::All => "all",
            Keep::None => "none",
            Keep::Where(_) => "selected",
        };
        let tables: Vec<String> = r
            .tables
            .split('|')
            .map(|t| format!("`{}`", t.trim()))
            .collect();
        let _ = writeln!(
            m,
            "| {} | {} | {keep} | {} |",
            i + 1,
            tables.join(" "),
            md_escape(r.why)
        );
    }
    let _ = writeln!(
        m,
        "\nThen every row whose foreign key points at a row that is not kept is dropped, as \
         `ON DELETE CASCADE` would, until nothing changes.\n"
    );
    let _ = writeln!(m, "## Fixes (install-time values restored)\n");
    let _ = writeln!(m, "| table | column | why |\n|---|---|---|");
    for f in FIXES {
        let _ = writeln!(
            m,
            "| `{}` | `{}` | {} |",
            f.table,
            f.column,
            md_escape(f.why)
        );
    }
    let _ = writeln!(m, "\n## Tables with rows in the input\n");
    let _ = writeln!(
        m,
        "| table | input | kept | dropped by rule | dropped by foreign key | values fixed | rule |\n|---|---:|---:|---:|---|---:|---:|"
    );
    for (t, s) in &plan.stats {
        if s.input == 0 {
            continue;
        }
        let cascade: Vec<String> = s
            .by_cascade
            .iter()
            .map(|(k, n)| format!("{n} ({k})"))
            .collect();
        let _ = writeln!(
            m,
            "| `{t}` | {} | {} | {} | {} | {} | {} |",
            s.input,
            s.kept,
            s.by_rule,
            cascade.join(", "),
            s.fixed,
            plan.rule[t] + 1
        );
    }
    m
}

/// Everything the generator makes for `variant`: the plain SQL, its gzip, and PROVENANCE.md.
pub struct Generated {
    pub sql: Vec<u8>,
    pub gz: Vec<u8>,
    pub provenance: String,
    pub summary: String,
}

/// Generates the baseline of `variant` from the inputs in `data`, using `scratch` for the
/// writer's file.
pub fn generate(variant: &Variant, data: &Path, scratch: &Path) -> Result<Generated> {
    let dump = Dump::read(&data.join(variant.dump))?;
    let declared = declared_tables(&data.join(variant.schema))?;
    let plan = plan(&dump, variant, &declared)?;
    std::fs::create_dir_all(scratch)?;
    let tmp = scratch.join(format!("baseline-{}.sql", variant.version));
    write_sql(&dump, &plan, variant, &tmp)?;
    let sql = std::fs::read(&tmp)?;
    std::fs::remove_file(&tmp)?;
    let gz = gzip(&sql)?;
    let provenance = provenance(&dump, &plan, variant, gz.len(), sql.len());
    let kept_rows: usize = plan.kept.rows.values().map(Vec::len).sum();
    let summary = format!(
        "Magento {}: {} tables kept ({} left out), {} of {} rows kept, {} views; {} bytes of SQL, {} gzipped",
        variant.version,
        plan.kept.rows.len(),
        plan.left_out.len(),
        kept_rows,
        dump.tables.values().map(|t| t.rows.len()).sum::<usize>(),
        dump.views.len(),
        sql.len(),
        gz.len()
    );
    Ok(Generated {
        sql,
        gz,
        provenance,
        summary,
    })
}

/// The checkout's root (where `Cargo.toml` is).
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[allow(dead_code)] // `tests/baseline.rs` includes this file without calling main
fn main() -> Result<()> {
    let mut version = VARIANTS[0].version.to_string();
    let mut data = crate_dir().join("../shared/data/m2");
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |what: &str| args.next().with_context(|| format!("{a} needs {what}"));
        match a.as_str() {
            "--magento" => version = value("a release")?,
            "--data" => data = PathBuf::from(value("a directory")?),
            "--out" => out = Some(PathBuf::from(value("a directory")?)),
            "-h" | "--help" => {
                println!(
                    "usage: cargo run --release --example gen_baseline -- [--magento <{}>] [--data <dir>] [--out <dir>]",
                    VARIANTS
                        .iter()
                        .map(|v| v.version)
                        .collect::<Vec<_>>()
                        .join("|")
                );
                return Ok(());
            }
            _ => bail!("unknown argument `{a}` (try --help)"),
        }
    }
    let variant = VARIANTS
        .iter()
        .find(|v| v.version == version)
        .with_context(|| format!("no input for Magento {version}"))?;
    let out = out.unwrap_or_else(|| {
        if variant.shipped {
            crate_dir().join("defaults/m2")
        } else {
            crate_dir().join("target/baseline")
        }
    });
    let g = generate(variant, &data, &out)?;
    let gz_path = out.join(format!("baseline-{}.sql.gz", variant.version));
    std::fs::write(&gz_path, &g.gz)?;
    let prov_path = out.join(if variant.shipped {
        "PROVENANCE.md".to_string()
    } else {
        format!("PROVENANCE-{}.md", variant.version)
    });
    std::fs::write(&prov_path, &g.provenance)?;
    println!("{}", g.summary);
    println!("wrote {} and {}", gz_path.display(), prov_path.display());
    Ok(())
}

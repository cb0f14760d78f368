//! Everything else a store holds: websites, store groups and views; configuration per scope
//! with encrypted secrets; CMS pages and blocks with widget directives, widget instances,
//! variables; sales and catalog price rules with serialized conditions, coupons; reviews
//! and ratings; search terms; visitor logs and database sessions.

use super::fmt::{
    escape_into, hash, hchance, pick, push_hex, push_u64, ser_arr, ser_end, ser_kv, ser_str,
};
use super::model::{EPOCH, Gen, SPAN, STORES, k};
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
    t(
        "core_website",
        &[
            "website_id",
            "code",
            "name",
            "sort_order",
            "default_group_id",
            "is_default",
        ],
        website,
    );
    t(
        "core_store_group",
        &[
            "group_id",
            "website_id",
            "name",
            "root_category_id",
            "default_store_id",
        ],
        store_group,
    );
    t(
        "core_store",
        &[
            "store_id",
            "code",
            "website_id",
            "group_id",
            "name",
            "sort_order",
            "is_active",
        ],
        store,
    );
    t(
        "core_config_data",
        &["config_id", "scope", "scope_id", "path", "value"],
        config,
    );
    t("core_variable", &["variable_id", "code", "name"], variable);
    t(
        "core_variable_value",
        &[
            "value_id",
            "variable_id",
            "store_id",
            "plain_value",
            "html_value",
        ],
        variable_value,
    );
    t(
        "cms_page",
        &[
            "page_id",
            "title",
            "root_template",
            "meta_keywords",
            "meta_description",
            "identifier",
            "content_heading",
            "content",
            "creation_time",
            "update_time",
            "is_active",
            "sort_order",
            "layout_update_xml",
        ],
        cms_page,
    );
    t("cms_page_store", &["page_id", "store_id"], cms_page_store);
    t(
        "cms_block",
        &[
            "block_id",
            "title",
            "identifier",
            "content",
            "creation_time",
            "update_time",
            "is_active",
        ],
        cms_block,
    );
    t(
        "cms_block_store",
        &["block_id", "store_id"],
        cms_block_store,
    );
    t(
        "widget_instance",
        &[
            "instance_id",
            "instance_type",
            "package_theme",
            "title",
            "store_ids",
            "widget_parameters",
            "sort_order",
        ],
        widget_instance,
    );
    t(
        "widget_instance_page",
        &[
            "page_id",
            "instance_id",
            "page_group",
            "layout_handle",
            "block_reference",
            "page_for",
            "entities",
            "page_template",
        ],
        widget_instance_page,
    );
    t(
        "salesrule",
        &[
            "rule_id",
            "name",
            "description",
            "from_date",
            "to_date",
            "uses_per_customer",
            "is_active",
            "conditions_serialized",
            "actions_serialized",
            "stop_rules_processing",
            "is_advanced",
            "sort_order",
            "simple_action",
            "discount_amount",
            "discount_qty",
            "discount_step",
            "simple_free_shipping",
            "apply_to_shipping",
            "times_used",
            "is_rss",
            "coupon_type",
            "use_auto_generation",
            "uses_per_coupon",
        ],
        salesrule,
    );
    t(
        "salesrule_website",
        &["rule_id", "website_id"],
        salesrule_website,
    );
    t(
        "salesrule_customer_group",
        &["rule_id", "customer_group_id"],
        salesrule_customer_group,
    );
    t(
        "salesrule_label",
        &["label_id", "rule_id", "store_id", "label"],
        salesrule_label,
    );
    t(
        "salesrule_coupon",
        &[
            "coupon_id",
            "rule_id",
            "code",
            "usage_limit",
            "usage_per_customer",
            "times_used",
            "expiration_date",
            "is_primary",
            "created_at",
            "type",
        ],
        salesrule_coupon,
    );
    t(
        "catalogrule",
        &[
            "rule_id",
            "name",
            "description",
            "from_date",
            "to_date",
            "is_active",
            "conditions_serialized",
            "actions_serialized",
            "stop_rules_processing",
            "sort_order",
            "simple_action",
            "discount_amount",
            "sub_is_enable",
            "sub_simple_action",
            "sub_discount_amount",
        ],
        catalogrule,
    );
    t(
        "catalogrule_website",
        &["rule_id", "website_id"],
        catalogrule_website,
    );
    t(
        "catalogrule_customer_group",
        &["rule_id", "customer_group_id"],
        catalogrule_customer_group,
    );
    t("rating_store", &["rating_id", "store_id"], rating_store);
    t(
        "rating_title",
        &["rating_id", "store_id", "value"],
        rating_title,
    );
    t(
        "review",
        &[
            "review_id",
            "created_at",
            "entity_id",
            "entity_pk_value",
            "status_id",
        ],
        review,
    );
    t(
        "review_detail",
        &[
            "detail_id",
            "review_id",
            "store_id",
            "title",
            "detail",
            "nickname",
            "customer_id",
        ],
        review_detail,
    );
    t("review_store", &["review_id", "store_id"], review_store);
    t(
        "rating_option_vote",
        &[
            "vote_id",
            "option_id",
            "remote_ip",
            "remote_ip_long",
            "customer_id",
            "entity_pk_value",
            "rating_id",
            "review_id",
            "percent",
            "value",
        ],
        rating_option_vote,
    );
    t(
        "catalogsearch_query",
        &[
            "query_id",
            "query_text",
            "num_results",
            "popularity",
            "redirect",
            "synonym_for",
            "store_id",
            "display_in_terms",
            "is_active",
            "is_processed",
            "updated_at",
        ],
        search_query,
    );
    t(
        "log_visitor",
        &[
            "visitor_id",
            "session_id",
            "first_visit_at",
            "last_visit_at",
            "last_url_id",
            "store_id",
        ],
        log_visitor,
    );
    t(
        "log_visitor_info",
        &[
            "visitor_id",
            "http_referer",
            "http_user_agent",
            "http_accept_charset",
            "http_accept_language",
            "server_addr",
            "remote_addr",
        ],
        log_visitor_info,
    );
    t("log_url", &["url_id", "visitor_id", "visit_time"], log_url);
    t("log_url_info", &["url_id", "url", "referer"], log_url_info);
    t(
        "log_customer",
        &[
            "log_id",
            "visitor_id",
            "customer_id",
            "login_at",
            "logout_at",
            "store_id",
        ],
        log_customer,
    );
    t(
        "core_session",
        &["session_id", "session_expires", "session_data"],
        session,
    );
}

/// Undoes mysqldump's escapes (for text built escaped that a serialized value needs raw).
pub fn unescape(esc: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(esc.len());
    let mut i = 0;
    while i < esc.len() {
        if esc[i] == b'\\' && i + 1 < esc.len() {
            out.push(match esc[i + 1] {
                b'n' => b'\n',
                b'r' => b'\r',
                b'0' => 0,
                b'Z' => 0x1a,
                c => c,
            });
            i += 2;
        } else {
            out.push(esc[i]);
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Websites, groups, stores
// ---------------------------------------------------------------------------------------

fn website(_g: &mut Gen, t: &mut T) -> io::Result<()> {
    t.row(|r| {
        r.u(2);
        r.s(b"wholesale");
        r.s(b"Wholesale");
        r.u(1);
        r.u(2);
        r.u(0);
    })
}

fn store_group(_g: &mut Gen, t: &mut T) -> io::Result<()> {
    t.row(|r| {
        r.u(2);
        r.u(2);
        r.s(b"Wholesale Store");
        r.u(2);
        r.u(3);
    })
}

fn store(_g: &mut Gen, t: &mut T) -> io::Result<()> {
    for (i, (id, code, website, group, name)) in STORES.iter().enumerate() {
        t.row(|r| {
            r.u(*id);
            r.s(code.as_bytes());
            r.u(*website);
            r.u(*group);
            r.s(name.as_bytes());
            r.u(i as u64 + 1);
            r.u(1);
        })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------

/// How a configuration value is stored.
enum V {
    Text(&'static str),
    /// Encrypted the Magento 1 way (see `crypt`).
    Secret(&'static str),
    /// PHP-serialized, built here.
    Serialized(fn() -> Vec<u8>),
    Null,
}

fn min_sale_qty() -> Vec<u8> {
    let mut b = Vec::new();
    ser_arr(&mut b, 2);
    super::fmt::ser_int(&mut b, 32000);
    ser_str(&mut b, b"1");
    super::fmt::ser_int(&mut b, 2);
    ser_str(&mut b, b"10");
    ser_end(&mut b);
    b
}

fn custom_symbol() -> Vec<u8> {
    let mut b = Vec::new();
    ser_arr(&mut b, 2);
    ser_kv(&mut b, b"USD", b"");
    ser_kv(&mut b, b"EUR", "€".as_bytes());
    ser_end(&mut b);
    b
}

fn ua_regexp() -> Vec<u8> {
    let mut b = Vec::new();
    ser_arr(&mut b, 1);
    ser_str(&mut b, b"_1491256546063_63");
    ser_arr(&mut b, 2);
    ser_kv(&mut b, b"regexp", b"iPhone|iPod|BlackBerry|Palm|Googlebot-Mobile|Mobile|mobile|mobi|Windows Mobile|Safari Mobile|Android|Opera Mini");
    ser_kv(&mut b, b"value", b"iphone");
    ser_end(&mut b);
    ser_end(&mut b);
    b
}

/// (scope, scope_id, path, value): what a shop's admin saved over the years.
const CONFIG: &[(&str, u64, &str, V)] = &[
    ("default", 0, "design/package/name", V::Text("rwd")),
    ("default", 0, "design/theme/default", V::Text("default")),
    (
        "default",
        0,
        "design/theme/template_ua_regexp",
        V::Serialized(ua_regexp),
    ),
    (
        "default",
        0,
        "design/head/default_title",
        V::Text("Synthetic Store"),
    ),
    (
        "default",
        0,
        "design/head/default_description",
        V::Text("Everything you need, \"nothing\" you don't."),
    ),
    (
        "default",
        0,
        "design/header/logo_alt",
        V::Text("Synthetic Store"),
    ),
    (
        "default",
        0,
        "design/footer/copyright",
        V::Text("&copy; 2017 Synthetic Store. All Rights Reserved."),
    ),
    (
        "default",
        0,
        "general/store_information/name",
        V::Text("Synthetic Store"),
    ),
    (
        "default",
        0,
        "general/store_information/phone",
        V::Text("+1 555 0100"),
    ),
    (
        "default",
        0,
        "general/store_information/address",
        V::Text("123 Main Street\r\nSuite 400\r\nSpringfield, IL 62701"),
    ),
    (
        "default",
        0,
        "general/store_information/merchant_country",
        V::Text("US"),
    ),
    (
        "default",
        0,
        "general/country/allow",
        V::Text("AT,AU,CA,CH,DE,DK,ES,FR,GB,IE,IT,JP,NL,PL,SE,US"),
    ),
    (
        "default",
        0,
        "trans_email/ident_general/email",
        V::Text("owner@example.com"),
    ),
    (
        "default",
        0,
        "trans_email/ident_general/name",
        V::Text("Owner"),
    ),
    (
        "default",
        0,
        "trans_email/ident_sales/email",
        V::Text("sales@example.com"),
    ),
    (
        "default",
        0,
        "trans_email/ident_sales/name",
        V::Text("Sales"),
    ),
    (
        "default",
        0,
        "contacts/email/recipient_email",
        V::Text("hello@example.com"),
    ),
    (
        "default",
        0,
        "catalog/seo/product_url_suffix",
        V::Text(".html"),
    ),
    (
        "default",
        0,
        "catalog/seo/category_url_suffix",
        V::Text("html"),
    ),
    (
        "default",
        0,
        "catalog/frontend/list_mode",
        V::Text("grid-list"),
    ),
    (
        "default",
        0,
        "catalog/frontend/flat_catalog_product",
        V::Text("0"),
    ),
    (
        "default",
        0,
        "cataloginventory/item_options/min_sale_qty",
        V::Serialized(min_sale_qty),
    ),
    (
        "default",
        0,
        "cataloginventory/item_options/notify_stock_qty",
        V::Text("2"),
    ),
    (
        "default",
        0,
        "currency/options/customsymbol",
        V::Serialized(custom_symbol),
    ),
    (
        "default",
        0,
        "customer/create_account/default_group",
        V::Text("1"),
    ),
    ("default", 0, "customer/address/street_lines", V::Text("2")),
    (
        "default",
        0,
        "customer/password/forgot_email_template",
        V::Text("customer_password_forgot_email_template"),
    ),
    (
        "default",
        0,
        "checkout/options/guest_checkout",
        V::Text("1"),
    ),
    ("default", 0, "sales_email/order/enabled", V::Text("1")),
    (
        "default",
        0,
        "sales_email/order/copy_to",
        V::Text("orders@example.com"),
    ),
    ("default", 0, "tax/classes/shipping_tax_class", V::Text("4")),
    (
        "default",
        0,
        "tax/calculation/price_includes_tax",
        V::Text("0"),
    ),
    ("default", 0, "payment/checkmo/active", V::Text("1")),
    (
        "default",
        0,
        "payment/checkmo/payable_to",
        V::Text("Synthetic Store Ltd."),
    ),
    ("default", 0, "payment/ccsave/active", V::Text("1")),
    ("default", 0, "payment/ccsave/cctypes", V::Text("AE,VI,MC")),
    ("default", 0, "payment/banktransfer/active", V::Text("1")),
    (
        "default",
        0,
        "payment/banktransfer/instructions",
        V::Text("IBAN DE00 1234 5678 9012 3456 78"),
    ),
    ("default", 0, "payment/cashondelivery/active", V::Text("1")),
    ("default", 0, "payment/authorizenet/active", V::Text("1")),
    (
        "default",
        0,
        "payment/authorizenet/login",
        V::Secret("7Ab3cD9eF"),
    ),
    (
        "default",
        0,
        "payment/authorizenet/trans_key",
        V::Secret("8xY2z6W4q9R1s5T3"),
    ),
    (
        "default",
        0,
        "payment/authorizenet/trans_md5",
        V::Secret("synthmd5hash"),
    ),
    ("default", 0, "payment/authorizenet/test", V::Text("1")),
    ("default", 0, "payment/paypal_express/active", V::Text("1")),
    (
        "default",
        0,
        "paypal/general/business_account",
        V::Text("payments@example.com"),
    ),
    (
        "default",
        0,
        "paypal/wpp/api_username",
        V::Secret("payments_api1.example.com"),
    ),
    (
        "default",
        0,
        "paypal/wpp/api_password",
        V::Secret("QFZCWN5HZM8VBG7Q"),
    ),
    (
        "default",
        0,
        "paypal/wpp/api_signature",
        V::Secret("A-IzJhZZjhg29XQ2qnhapuwxIDzyAZQ92FRP5dqBzVesOkzbdUONzmOU"),
    ),
    ("default", 0, "paypal/wpp/sandbox_flag", V::Text("1")),
    (
        "default",
        0,
        "paypal/fetch_reports/ftp_password",
        V::Secret("ftp-secret"),
    ),
    ("default", 0, "carriers/flatrate/active", V::Text("1")),
    ("default", 0, "carriers/flatrate/price", V::Text("5.00")),
    ("default", 0, "carriers/freeshipping/active", V::Text("1")),
    (
        "default",
        0,
        "carriers/freeshipping/free_shipping_subtotal",
        V::Text("100"),
    ),
    (
        "default",
        0,
        "carriers/tablerate/condition_name",
        V::Text("package_weight"),
    ),
    ("default", 0, "carriers/ups/active", V::Text("1")),
    ("default", 0, "carriers/ups/type", V::Text("UPS_XML")),
    ("default", 0, "carriers/ups/username", V::Secret("upsuser")),
    (
        "default",
        0,
        "carriers/ups/password",
        V::Secret("ups-pass!"),
    ),
    (
        "default",
        0,
        "carriers/ups/access_license_number",
        V::Secret("3C7B2E1A0F9D8C6B"),
    ),
    ("default", 0, "carriers/usps/active", V::Text("1")),
    (
        "default",
        0,
        "carriers/usps/userid",
        V::Secret("123SYNTH4567"),
    ),
    (
        "default",
        0,
        "carriers/usps/password",
        V::Secret("890USPS123"),
    ),
    (
        "default",
        0,
        "carriers/fedex/account",
        V::Secret("510087020"),
    ),
    (
        "default",
        0,
        "carriers/fedex/meter_number",
        V::Secret("118541789"),
    ),
    (
        "default",
        0,
        "carriers/fedex/key",
        V::Secret("kT6Qe2GTmWbLzFx1"),
    ),
    (
        "default",
        0,
        "carriers/fedex/password",
        V::Secret("s3cr3tFedexPassw0rd"),
    ),
    ("default", 0, "carriers/dhlint/id", V::Secret("SYNTHDHL")),
    (
        "default",
        0,
        "carriers/dhlint/password",
        V::Secret("dhl.password"),
    ),
    (
        "default",
        0,
        "admin/security/session_cookie_lifetime",
        V::Text("86400"),
    ),
    ("default", 0, "web/cookie/cookie_lifetime", V::Text("3600")),
    ("default", 0, "dev/log/active", V::Text("1")),
    ("default", 0, "dev/js/merge_files", V::Text("1")),
    ("default", 0, "google/analytics/active", V::Text("1")),
    (
        "default",
        0,
        "google/analytics/account",
        V::Text("UA-00000000-1"),
    ),
    ("default", 0, "sitemap/generate/enabled", V::Text("1")),
    (
        "default",
        0,
        "advanced/modules_disable_output/Mage_Poll",
        V::Text("1"),
    ),
    (
        "default",
        0,
        "advanced/modules_disable_output/Mage_Tag",
        V::Text("1"),
    ),
    ("default", 0, "system/smtp/disable", V::Text("0")),
    ("default", 0, "rss/catalog/tag", V::Null),
    ("websites", 1, "payment/purchaseorder/active", V::Text("0")),
    (
        "websites",
        2,
        "web/unsecure/base_url",
        V::Text("http://wholesale.example.com/"),
    ),
    (
        "websites",
        2,
        "web/secure/base_url",
        V::Text("https://wholesale.example.com/"),
    ),
    (
        "websites",
        2,
        "customer/create_account/default_group",
        V::Text("2"),
    ),
    ("websites", 2, "payment/checkmo/active", V::Text("0")),
    ("websites", 2, "payment/purchaseorder/active", V::Text("1")),
    (
        "websites",
        2,
        "payment/authorizenet/login",
        V::Secret("WholesaleLogin"),
    ),
    (
        "websites",
        2,
        "payment/authorizenet/trans_key",
        V::Secret("Wh0les4leTr4nsKey"),
    ),
    (
        "websites",
        2,
        "carriers/freeshipping/free_shipping_subtotal",
        V::Text("500"),
    ),
    ("stores", 2, "general/locale/code", V::Text("fr_FR")),
    (
        "stores",
        2,
        "design/head/default_title",
        V::Text("Boutique synthétique"),
    ),
    (
        "stores",
        2,
        "design/footer/copyright",
        V::Text("© 2017 Boutique synthétique — tous droits réservés"),
    ),
    (
        "stores",
        2,
        "design/header/welcome",
        V::Text("Bienvenue, c'est « ici »"),
    ),
    (
        "stores",
        2,
        "web/unsecure/base_link_url",
        V::Text("http://example.com/fr/"),
    ),
    ("stores", 3, "general/locale/code", V::Text("en_GB")),
    (
        "stores",
        3,
        "design/head/default_title",
        V::Text("CafÃ© Wholesale â€“ trade only"),
    ),
    ("stores", 3, "currency/options/default", V::Text("USD")),
];

fn config(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut v = Vec::new();
    for (id, (scope, scope_id, path, value)) in (g.ids.first_config..).zip(CONFIG) {
        v.clear();
        match value {
            V::Text(s) => {
                v.push(b'\'');
                escape_into(&mut v, s.as_bytes());
                v.push(b'\'');
            }
            V::Secret(s) => {
                v.push(b'\'');
                g.crypt.encrypt_into(&mut v, s.as_bytes());
                v.push(b'\'');
            }
            V::Serialized(f) => {
                v.push(b'\'');
                escape_into(&mut v, &f());
                v.push(b'\'');
            }
            V::Null => v.extend_from_slice(b"NULL"),
        }
        t.row(|r| {
            r.u(id);
            r.s(scope.as_bytes());
            r.u(*scope_id);
            r.s(path.as_bytes());
            r.lit(&v);
        })?;
    }
    Ok(())
}

fn variable(_g: &mut Gen, t: &mut T) -> io::Result<()> {
    for (id, code, name) in [
        (1u64, &b"hotline"[..], &b"Hotline"[..]),
        (2, b"shipping_note", b"Shipping note"),
    ] {
        t.row(|r| {
            r.u(id);
            r.s(code);
            r.s(name);
        })?;
    }
    Ok(())
}

fn variable_value(_g: &mut Gen, t: &mut T) -> io::Result<()> {
    let rows: [(u64, u64, &[u8], &[u8]); 3] = [
        (1, 0, b"+1 555 0100", b"<strong>+1 555 0100</strong>"),
        (
            2,
            0,
            b"Free shipping over $100",
            b"<p>Free shipping over <b>$100</b></p>",
        ),
        (
            2,
            2,
            "Livraison offerte dès 100 €".as_bytes(),
            "<p>Livraison offerte dès <b>100 €</b></p>".as_bytes(),
        ),
    ];
    for (i, (var, store, plain, html)) in rows.iter().enumerate() {
        t.row(|r| {
            r.u(i as u64 + 1);
            r.u(*var);
            r.u(*store);
            r.esc(plain);
            r.esc(html);
        })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// CMS and widgets
// ---------------------------------------------------------------------------------------

/// Page content: paragraphs with Magento's directives (widgets, blocks, media, store URLs).
fn page_content(g: &Gen, page: u64, blocks: (u64, u64), b: &mut Vec<u8>) {
    b.extend_from_slice(b"<div class=\\\"page-title\\\"><h1>");
    b.extend_from_slice(g.p.cat.esc(page));
    b.extend_from_slice(b"</h1></div>\\r\\n");
    let n = 6 + pick(k::MISC, page, 1, 30);
    for j in 0..n {
        b.extend_from_slice(g.p.para.esc(pick(k::MISC, page, 2 + j, 1 << 20)));
        b.extend_from_slice(b"\\n");
        match j % 9 {
            2 => {
                b.extend_from_slice(b"{{widget type=\\\"catalog/product_widget_new\\\" display_type=\\\"all_products\\\" products_count=\\\"8\\\" template=\\\"catalog/product/widget/new/content/new_grid.phtml\\\"}}\\n");
            }
            4 => {
                b.extend_from_slice(b"{{widget type=\\\"cms/widget_page_link\\\" anchor_text=\\\"Contact us\\\" template=\\\"cms/widget/link/link_block.phtml\\\" page_id=\\\"");
                push_u64(b, g.ids.first_cms_page);
                b.extend_from_slice(b"\\\"}}\\n");
            }
            5 => {
                b.extend_from_slice(b"{{block type=\\\"cms/block\\\" block_id=\\\"");
                push_u64(b, blocks.0 + page % blocks.1.max(1));
                b.extend_from_slice(b"\\\"}}\\n");
            }
            6 => b.extend_from_slice(b"<img src=\\\"{{media url=\\\"wysiwyg/banner.jpg\\\"}}\\\" alt=\\\"\\\" />\\r\\n"),
            7 => b.extend_from_slice(b"<a href=\\\"{{store direct_url=\\\"sale.html\\\"}}\\\">Sale</a>\\n"),
            8 => b.extend_from_slice(b"{{widget type=\\\"catalog/product_widget_link\\\" anchor_text=\\\"Bestseller\\\" template=\\\"catalog/product/widget/link/link_inline.phtml\\\" id_path=\\\"product/1\\\"}}\\n"),
            _ => {}
        }
    }
}

fn cms_page(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let first = g.ids.first_cms_page;
    let blocks = (g.ids.first_cms_block, g.s.cms_blocks);
    let mut content = Vec::new();
    for i in 0..g.s.cms_pages {
        let id = first + i;
        content.clear();
        page_content(g, id, blocks, &mut content);
        let created = EPOCH + pick(k::MISC, id, 3, SPAN / 2);
        let ident: Vec<u8> = match i {
            0 => b"home".to_vec(),
            1 => b"contact-us".to_vec(),
            _ => {
                let mut v = Vec::new();
                super::fmt::slug_into(&mut v, g.p.cat.raw(id));
                v.push(b'-');
                push_u64(&mut v, id);
                v
            }
        };
        t.row(|r| {
            r.u(id);
            match i {
                0 => r.s(b"Home page"),
                1 => r.s(b"Contact us"),
                _ => r.with(|b| {
                    b.extend_from_slice(g.p.cat.esc(id));
                    b.extend_from_slice(" \u{2014} ".as_bytes());
                    b.extend_from_slice(b"Guide ");
                    push_u64(b, id);
                }),
            }
            r.s(match i % 4 {
                0 => b"two_columns_right" as &[u8],
                1 => b"one_column",
                2 => b"three_columns",
                _ => b"two_columns_left",
            });
            r.with(|b| b.extend_from_slice(g.p.meta.esc(id)));
            r.with(|b| b.extend_from_slice(g.p.para.esc(id)));
            r.s(&ident);
            r.null();
            r.s(&content);
            r.dt(created);
            r.dt(created + pick(k::MISC, id, 4, SPAN / 4));
            r.u(u64::from(i % 10 != 7));
            r.u(0);
            if i == 0 {
                r.s(b"<!--<reference name=\\\"content\\\">\\r\\n<block type=\\\"catalog/product_new\\\" name=\\\"home.catalog.product.new\\\" template=\\\"catalog/product/new.phtml\\\"/>\\r\\n</reference>-->");
            } else {
                r.null();
            }
        })?;
    }
    Ok(())
}

/// Page stores: the home page everywhere, some pages per store view.
fn page_stores(i: u64) -> &'static [u64] {
    match i % 6 {
        0 | 1 | 4 => &[0],
        2 => &[1, 3],
        3 => &[2],
        _ => &[1],
    }
}

fn cms_page_store(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for i in 0..g.s.cms_pages {
        for &s in page_stores(i) {
            t.row(|r| {
                r.u(g.ids.first_cms_page + i);
                r.u(s);
            })?;
        }
    }
    Ok(())
}

fn cms_block(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let first = g.ids.first_cms_block;
    for i in 0..g.s.cms_blocks {
        let id = first + i;
        let created = EPOCH + pick(k::MISC, id, 5, SPAN / 2);
        t.row(|r| {
            r.u(id);
            r.with(|b| {
                b.extend_from_slice(b"Banner ");
                b.extend_from_slice(g.p.cat.esc(i));
            });
            r.with(|b| {
                b.extend_from_slice(b"banner-");
                push_u64(b, id);
            });
            r.with(|b| {
                b.extend_from_slice(b"<div class=\\\"banner\\\">");
                b.extend_from_slice(g.p.para.esc(id * 7));
                b.extend_from_slice(b"{{widget type=\\\"catalog/product_widget_new\\\" products_count=\\\"4\\\" template=\\\"catalog/product/widget/new/content/new_list.phtml\\\"}}");
                if i % 2 == 0 {
                    b.extend_from_slice(b"{{widget type=\\\"cms/widget_block\\\" template=\\\"cms/widget/static_block/default.phtml\\\" block_id=\\\"");
                    push_u64(b, first + (i + 1) % g.s.cms_blocks);
                    b.extend_from_slice(b"\\\"}}");
                }
                b.extend_from_slice(b"</div>");
            });
            r.dt(created);
            r.dt(created + 86_400);
            r.u(1);
        })?;
    }
    Ok(())
}

fn cms_block_store(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for i in 0..g.s.cms_blocks {
        let stores: &[u64] = if i % 3 == 2 { &[2] } else { &[0] };
        for &s in stores {
            t.row(|r| {
                r.u(g.ids.first_cms_block + i);
                r.u(s);
            })?;
        }
    }
    Ok(())
}

fn widget_instance(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let n = g.s.cms_blocks.min(4);
    for i in 0..n {
        let mut params = Vec::new();
        ser_arr(&mut params, 2);
        ser_kv(
            &mut params,
            b"block_id",
            (g.ids.first_cms_block + i).to_string().as_bytes(),
        );
        ser_kv(
            &mut params,
            b"template",
            b"cms/widget/static_block/default.phtml",
        );
        ser_end(&mut params);
        t.row(|r| {
            r.u(i + 1);
            r.s(b"cms/widget_block");
            r.s(b"rwd/default");
            r.with(|b| {
                b.extend_from_slice(b"Sidebar banner ");
                push_u64(b, i + 1);
            });
            r.s(if i % 2 == 0 { b"0" } else { b"1,2" });
            r.esc(&params);
            r.u(i);
        })?;
    }
    Ok(())
}

fn widget_instance_page(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let n = g.s.cms_blocks.min(4);
    for i in 0..n {
        t.row(|r| {
            r.u(i + 1);
            r.u(i + 1);
            r.s(if i % 2 == 0 {
                b"all_pages"
            } else {
                b"anchor_categories"
            });
            r.s(if i % 2 == 0 {
                b"default"
            } else {
                b"catalog_category_layered"
            });
            r.s(b"left");
            r.s(b"all");
            r.s(b"");
            r.null();
        })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Price rules
// ---------------------------------------------------------------------------------------

/// A rule condition tree, serialized as Magento 1 stores it.
fn conditions(combine: &[u8], children: &[(&[u8], &[u8], &[u8], &[u8])], b: &mut Vec<u8>) {
    ser_arr(b, 7);
    ser_kv(b, b"type", combine);
    ser_str(b, b"attribute");
    super::fmt::ser_null(b);
    ser_str(b, b"operator");
    super::fmt::ser_null(b);
    ser_kv(b, b"value", b"1");
    ser_str(b, b"is_value_processed");
    super::fmt::ser_null(b);
    ser_kv(b, b"aggregator", b"all");
    ser_str(b, b"conditions");
    ser_arr(b, children.len() as u64);
    for (i, (ty, attr, op, value)) in children.iter().enumerate() {
        super::fmt::ser_int(b, i as u64);
        ser_arr(b, 5);
        ser_kv(b, b"type", ty);
        ser_kv(b, b"attribute", attr);
        ser_kv(b, b"operator", op);
        ser_kv(b, b"value", value);
        ser_str(b, b"is_value_processed");
        super::fmt::ser_bool(b, false);
        ser_end(b);
    }
    ser_end(b);
    ser_end(b);
}

const SALES_RULES: &[(&str, u64, &str, u64)] = &[
    // (name, coupon type 1 none / 2 specific, action, percent)
    ("Summer sale 15 %", 2, "by_percent", 10),
    ("Newsletter welcome coupons", 2, "by_percent", 5),
    ("Free shipping over $100", 1, "by_percent", 0),
    ("Buy 3 get 1 free", 1, "buy_x_get_y", 1),
    ("Wholesale 20 % off", 1, "by_percent", 20),
    ("$10 off orders over $150", 1, "cart_fixed", 10),
    ("Clearance \"last chance\"", 1, "by_percent", 30),
    ("Black Friday", 1, "by_percent", 25),
];

fn salesrule(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let (mut cond, mut act) = (Vec::new(), Vec::new());
    for (i, (name, coupon, action, amount)) in SALES_RULES.iter().enumerate() {
        let id = i as u64 + 1;
        cond.clear();
        act.clear();
        let sub = (100 + 50 * id).to_string();
        conditions(
            b"salesrule/rule_condition_combine",
            &[(
                b"salesrule/rule_condition_address",
                b"base_subtotal",
                b">=",
                sub.as_bytes(),
            )],
            &mut cond,
        );
        let cat = (3 + id % g.s.categories).to_string();
        conditions(
            b"salesrule/rule_condition_product_combine",
            &[(
                b"salesrule/rule_condition_product",
                b"category_ids",
                b"()",
                cat.as_bytes(),
            )],
            &mut act,
        );
        t.row(|r| {
            r.u(id);
            r.esc(name.as_bytes());
            r.null();
            r.date(EPOCH + id * 86_400 * 30);
            if id.is_multiple_of(3) {
                r.null();
            } else {
                r.date(EPOCH + SPAN + id * 86_400);
            }
            r.u(0);
            r.u(u64::from(id != 8));
            r.esc(&cond);
            r.esc(&act);
            r.u(0);
            r.u(1);
            r.u(id);
            r.s(action.as_bytes());
            r.dec(amount * 10_000);
            r.null();
            r.u(0);
            r.u(u64::from(id == 3));
            r.u(0);
            r.u(0);
            r.u(1);
            r.u(*coupon);
            r.u(u64::from(id == 2));
            r.u(u64::from(id == 2));
        })?;
    }
    Ok(())
}

fn salesrule_website(_g: &mut Gen, t: &mut T) -> io::Result<()> {
    for id in 1..=SALES_RULES.len() as u64 {
        let sites: &[u64] = if id == 5 { &[2] } else { &[1, 2] };
        for &w in sites {
            t.row(|r| {
                r.u(id);
                r.u(w);
            })?;
        }
    }
    Ok(())
}

fn salesrule_customer_group(_g: &mut Gen, t: &mut T) -> io::Result<()> {
    for id in 1..=SALES_RULES.len() as u64 {
        let groups: &[u64] = if id == 5 { &[2] } else { &[0, 1, 3] };
        for &grp in groups {
            t.row(|r| {
                r.u(id);
                r.u(grp);
            })?;
        }
    }
    Ok(())
}

fn salesrule_label(_g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut lid = 1;
    for id in 1..=SALES_RULES.len() as u64 {
        for (store, label) in [(0u64, &b"Discount"[..]), (2, "Réduction".as_bytes())] {
            if store == 2 && id % 2 == 0 {
                continue;
            }
            t.row(|r| {
                r.u(lid);
                r.u(id);
                r.u(store);
                r.esc(label);
            })?;
            lid += 1;
        }
    }
    Ok(())
}

fn salesrule_coupon(g: &mut Gen, t: &mut T) -> io::Result<()> {
    t.row(|r| {
        r.u(1);
        r.u(1);
        r.s(b"SUMMER15");
        r.null();
        r.u(1);
        r.u(0);
        r.null();
        r.u(1);
        r.dt(EPOCH + 86_400 * 30);
        r.u(0);
    })?;
    for i in 0..g.s.coupons {
        t.row(|r| {
            r.u(i + 2);
            r.u(2);
            r.with(|b| {
                b.extend_from_slice(b"WELCOME-");
                super::fmt::push_hex_upper(b, hash(k::MISC, i, 20), 10);
                push_u64(b, i);
            });
            r.u(1);
            r.u(1);
            r.u(u64::from(i % 3 == 0));
            r.dt(EPOCH + SPAN + 86_400 * 365);
            // NULL, not 0: (rule_id, is_primary) is unique.
            r.null();
            r.dt(EPOCH + pick(k::MISC, i, 21, SPAN));
            r.u(1);
        })?;
    }
    Ok(())
}

const CATALOG_RULES: &[(&str, u64)] = &[
    ("Winter sale 10 %", 10),
    ("Accessories 15 % off", 15),
    ("Retailer price", 5),
    ("Outlet \"final\" 40 %", 40),
];

fn catalogrule(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let (mut cond, mut act) = (Vec::new(), Vec::new());
    for (i, (name, pct)) in CATALOG_RULES.iter().enumerate() {
        let id = i as u64 + 1;
        cond.clear();
        act.clear();
        let cats = format!(
            "{}, {}",
            3 + id % g.s.categories,
            3 + (id * 3) % g.s.categories
        );
        conditions(
            b"catalogrule/rule_condition_combine",
            &[(
                b"catalogrule/rule_condition_product",
                b"category_ids",
                b"==",
                cats.as_bytes(),
            )],
            &mut cond,
        );
        ser_arr(&mut act, 4);
        ser_kv(&mut act, b"type", b"catalogrule/rule_action_collection");
        ser_str(&mut act, b"attribute");
        super::fmt::ser_null(&mut act);
        ser_str(&mut act, b"operator");
        ser_kv(&mut act, b"=", b"");
        ser_kv(&mut act, b"value", b"");
        ser_end(&mut act);
        t.row(|r| {
            r.u(id);
            r.esc(name.as_bytes());
            r.s(b"");
            r.date(EPOCH + id * 86_400 * 60);
            r.date(EPOCH + id * 86_400 * 60 + 86_400 * 30);
            r.u(u64::from(id != 4));
            r.esc(&cond);
            r.esc(&act);
            r.u(0);
            r.u(id);
            r.s(b"by_percent");
            r.dec(pct * 10_000);
            r.u(0);
            r.s(b"by_percent");
            r.dec(0);
        })?;
    }
    Ok(())
}

fn catalogrule_website(_g: &mut Gen, t: &mut T) -> io::Result<()> {
    for id in 1..=CATALOG_RULES.len() as u64 {
        t.row(|r| {
            r.u(id);
            r.u(1);
        })?;
    }
    Ok(())
}

fn catalogrule_customer_group(_g: &mut Gen, t: &mut T) -> io::Result<()> {
    for id in 1..=CATALOG_RULES.len() as u64 {
        for grp in [0u64, 1, 3] {
            t.row(|r| {
                r.u(id);
                r.u(grp);
            })?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Ratings and reviews
// ---------------------------------------------------------------------------------------

fn rating_store(_g: &mut Gen, t: &mut T) -> io::Result<()> {
    for rating in 1..=3u64 {
        for store in [0u64, 1, 2, 3] {
            t.row(|r| {
                r.u(rating);
                r.u(store);
            })?;
        }
    }
    Ok(())
}

fn rating_title(_g: &mut Gen, t: &mut T) -> io::Result<()> {
    for (rating, title) in [(1u64, &b"Qualit\xc3\xa9"[..]), (2, b"Valeur"), (3, b"Prix")] {
        t.row(|r| {
            r.u(rating);
            r.u(2);
            r.s(title);
        })?;
    }
    Ok(())
}

/// Review `v`: its product, store, status (1 approved, 2 pending, 3 not approved), customer.
fn review_spec(g: &Gen, v: u64) -> (u64, u64, u64, Option<u64>) {
    let mut p = 1 + pick(k::REVIEW, v, 1, g.s.products);
    if !g.visible(p) {
        p = super::model::config_of(super::model::block_of(p));
    }
    let stores = g.product_stores(p);
    let store = stores[pick(k::REVIEW, v, 2, stores.len() as u64) as usize];
    let status = match pick(k::REVIEW, v, 3, 10) {
        0..=6 => 1,
        7 | 8 => 2,
        _ => 3,
    };
    let customer = if hchance(k::REVIEW, v, 4, 300) {
        None
    } else {
        g.customer_in(super::model::website_of(store), hash(k::REVIEW, v, 5))
    };
    (p, store, status, customer)
}

fn review(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for v in 1..=g.s.reviews {
        let (p, _, status, _) = review_spec(g, v);
        t.row(|r| {
            r.u(v);
            r.dt(g.time_at(k::REVIEW, v, g.s.reviews));
            r.u(1);
            r.u(p);
            r.u(status);
        })?;
    }
    Ok(())
}

fn review_detail(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for v in 1..=g.s.reviews {
        let (_, store, _, customer) = review_spec(g, v);
        let nick = customer.map_or(v, |c| g.customer_names(c).0);
        t.row(|r| {
            r.u(v);
            r.u(v);
            r.u(store);
            r.s(g.p.review_title.esc(pick(k::REVIEW, v, 6, 1 << 20)));
            r.s(g.p.review_text.esc(pick(k::REVIEW, v, 7, 1 << 20)));
            r.s(g.p.first.esc(nick));
            r.opt_u(customer);
        })?;
    }
    Ok(())
}

fn review_store(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for v in 1..=g.s.reviews {
        let (_, store, _, _) = review_spec(g, v);
        for s in [0, store] {
            t.row(|r| {
                r.u(v);
                r.u(s);
            })?;
        }
    }
    Ok(())
}

fn rating_option_vote(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    for v in 1..=g.s.reviews {
        let (p, _, status, customer) = review_spec(g, v);
        if status != 1 {
            continue;
        }
        let ip = hash(k::REVIEW, v, 8) & 0xffff_ffff;
        for rating in 1..=3u64 {
            let value = 1 + pick(k::REVIEW, v, 10 + rating, 5);
            t.row(|r| {
                r.u(id);
                r.u((rating - 1) * 5 + value);
                r.with(|b| {
                    for kk in (0..4).rev() {
                        push_u64(b, (ip >> (8 * kk)) & 255);
                        if kk > 0 {
                            b.push(b'.');
                        }
                    }
                });
                r.u(ip);
                r.u(customer.unwrap_or(0));
                r.u(p);
                r.u(rating);
                r.u(v);
                r.u(value * 20);
                r.u(value);
            })?;
            id += 1;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Search terms, logs, sessions
// ---------------------------------------------------------------------------------------

fn search_query(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for q in 1..=g.s.search_terms {
        let n = g.p.search.len();
        let round = (q - 1) / (n * 3);
        let store = 1 + (q - 1) / n % 3;
        t.row(|r| {
            r.u(q);
            r.with(|b| {
                b.extend_from_slice(g.p.search.esc(q - 1));
                if round > 0 {
                    b.push(b' ');
                    push_u64(b, round);
                }
            });
            r.u(pick(k::MISC, q, 30, 200));
            r.u(1 + pick(k::MISC, q, 31, 5000));
            if q % 37 == 0 {
                r.s(b"http://example.com/sale.html");
            } else {
                r.s(b"");
            }
            if q % 23 == 0 {
                r.s(b"jacket");
            } else {
                r.null();
            }
            r.u(store);
            r.u(1);
            r.u(1);
            r.u(u64::from(q % 5 != 0));
            r.dt(g.time_at(k::MISC, q, g.s.search_terms));
        })?;
    }
    Ok(())
}

fn log_visitor(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for v in 1..=g.s.visitors {
        let at = g.time_at(k::VISITOR, v, g.s.visitors);
        t.row(|r| {
            r.u(v);
            r.with(|b| push_hex(b, hash(k::VISITOR, v, 1), 26));
            r.dt(at);
            r.dt(at + pick(k::VISITOR, v, 2, 3_600));
            r.u(v * 3);
            r.u(1 + pick(k::VISITOR, v, 3, 3));
        })?;
    }
    Ok(())
}

fn log_visitor_info(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for v in 1..=g.s.visitors {
        let h = hash(k::VISITOR, v, 4);
        t.row(|r| {
            r.u(v);
            if h % 5 < 2 {
                r.null();
            } else {
                r.s(g.p.referer.esc(h >> 8));
            }
            r.s(g.p.agent.esc(h >> 16));
            if h.is_multiple_of(7) {
                r.null();
            } else {
                r.s(g.p.charset.esc(h >> 24));
            }
            r.s(g.p.lang.esc(h >> 32));
            // inet_pton() bytes: raw binary, escaped as mysqldump does without --hex-blob.
            r.esc(&[10, 0, 0, 5]);
            if h.is_multiple_of(10) {
                let w = hash(k::VISITOR, v, 5);
                let mut ip6 = [0u8; 16];
                ip6[..2].copy_from_slice(&[0x20, 0x01]);
                ip6[2..10].copy_from_slice(&h.to_le_bytes());
                ip6[10..].copy_from_slice(&w.to_le_bytes()[..6]);
                r.esc(&ip6);
            } else {
                r.esc(&h.to_le_bytes()[..4]);
            }
        })?;
    }
    Ok(())
}

const PAGES: &[&[u8]] = &[
    b"http://example.com/",
    b"http://example.com/women.html",
    b"http://example.com/checkout/cart/",
    b"http://example.com/catalogsearch/result/?q=jacket&cat=3",
    b"http://example.com/fr/hommes.html?___store=french&___from_store=default",
    b"http://example.com/customer/account/login/",
];

fn log_url(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for u in 1..=g.s.visitors * 3 {
        let v = (u - 1) / 3 + 1;
        t.row(|r| {
            r.u(u);
            r.u(v);
            r.dt(g.time_at(k::VISITOR, v, g.s.visitors) + (u % 3) * 60);
        })?;
    }
    Ok(())
}

fn log_url_info(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for u in 1..=g.s.visitors * 3 {
        let h = hash(k::VISITOR, u, 6);
        t.row(|r| {
            r.u(u);
            r.with(|b| escape_into(b, PAGES[(h % PAGES.len() as u64) as usize]));
            if u % 3 == 1 {
                r.s(g.p.referer.esc(h >> 8));
            } else {
                r.with(|b| escape_into(b, PAGES[((h >> 8) % PAGES.len() as u64) as usize]));
            }
        })?;
    }
    Ok(())
}

fn log_customer(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    for v in (4..=g.s.visitors).step_by(4) {
        let store = 1 + pick(k::VISITOR, v, 3, 3);
        let Some(c) = g.customer_in(super::model::website_of(store), hash(k::VISITOR, v, 7)) else {
            continue;
        };
        let at = g.time_at(k::VISITOR, v, g.s.visitors);
        t.row(|r| {
            r.u(id);
            r.u(v);
            r.u(c);
            r.dt(at + 30);
            if v % 8 == 0 {
                r.dt(at + 900);
            } else {
                r.s(b"0000-00-00 00:00:00");
            }
            r.u(store);
        })?;
        id += 1;
    }
    Ok(())
}

/// PHP sessions kept in the database: `session_data` is serialised `$_SESSION` data with raw
/// bytes that are not UTF-8 (a binary form key).
fn session(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut b = Vec::new();
    for i in 0..g.s.sessions {
        b.clear();
        b.extend_from_slice(b"core|");
        ser_arr(&mut b, 3);
        ser_str(&mut b, b"_session_validator_data");
        ser_arr(&mut b, 2);
        ser_kv(&mut b, b"remote_addr", b"203.0.113.7");
        ser_kv(&mut b, b"http_user_agent", g.p.agent.raw(i));
        ser_end(&mut b);
        ser_str(&mut b, b"visitor_data");
        ser_arr(&mut b, 1);
        ser_kv(&mut b, b"last_visit_at", b"2016-12-31 23:59:59");
        ser_end(&mut b);
        ser_str(&mut b, b"_form_key");
        let mut raw = [0u8; 16];
        raw[..8].copy_from_slice(&hash(k::MISC, i, 40).to_le_bytes());
        raw[8..].copy_from_slice(&hash(k::MISC, i, 41).to_le_bytes());
        ser_str(&mut b, &raw);
        ser_end(&mut b);
        if i % 3 == 0 {
            b.extend_from_slice(b"checkout|");
            ser_arr(&mut b, 1);
            ser_kv(&mut b, b"quote_id_1", (1 + i).to_string().as_bytes());
            ser_end(&mut b);
        }
        t.row(|r| {
            // Ids ascend, as mysqldump reads InnoDB tables in primary-key order.
            r.with(|x| {
                push_hex(x, i, 10);
                push_hex(x, hash(k::MISC, i, 42), 16);
            });
            r.u(EPOCH + SPAN + i % 86_400);
            r.esc(&b);
        })?;
    }
    Ok(())
}

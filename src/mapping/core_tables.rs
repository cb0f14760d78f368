//! Which tables a Magento 1 core module owns. Core tables are named after their module
//! (`catalog_*`, `sales_*`, `core_*`, …); a table whose first name part is not one of these
//! comes from an extension or was made by hand, and the migration maps know nothing of it.

/// First name parts of the tables Magento 1 CE core modules (1.4–1.9) create.
const CORE_PREFIXES: &[&str] = &[
    "admin",
    "adminnotification",
    "api",
    "api2",
    "captcha",
    "catalog",
    "catalogindex",
    "cataloginventory",
    "catalogrule",
    "catalogsearch",
    "centinel",
    "checkout",
    "chronopay",
    "cms",
    "core",
    "coupon",
    "cron",
    "customer",
    "cybermut",
    "cybersource",
    "dataflow",
    "design",
    "directory",
    "downloadable",
    "eav",
    "eway",
    "flo2cash",
    "gift",
    "googlebase",
    "googlecheckout",
    "googleoptimizer",
    "googleshopping",
    "ideal",
    "importexport",
    "index",
    "log",
    "newsletter",
    "oauth",
    "paybox",
    "paygate",
    "paypal",
    "paypaluk",
    "permission",
    "persistent",
    "poll",
    "product",
    "protx",
    "rating",
    "report",
    "review",
    "sales",
    "salesrule",
    "sendfriend",
    "shipping",
    "sitemap",
    "tag",
    "tax",
    "weee",
    "widget",
    "wishlist",
    "xmlconnect",
];

/// True when a Magento 1 core module owns the table (the name without its prefix).
pub fn is_core_table(name: &str) -> bool {
    let first = name.split('_').next().unwrap_or(name);
    CORE_PREFIXES.binary_search(&first).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_sorted_for_binary_search() {
        assert!(CORE_PREFIXES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn core_and_extension_tables() {
        for t in [
            "core_config_data",
            "catalog_product_flat_3",
            "sales_flat_order",
            "eav_attribute",
            "cron_schedule",
            "gift_message",
            "product_alert_price",
            "api2_acl_rule",
            "xmlconnect_queue",
        ] {
            assert!(is_core_table(t), "{t}");
        }
        for t in [
            "aw_blog",
            "belvg_facebook_customer",
            "tm_core_module",
            "m2epro_listing",
            "catalogue",
        ] {
            assert!(!is_core_table(t), "{t}");
        }
    }
}

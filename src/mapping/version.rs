//! Which Magento 1 release a dump comes from, read from its `core_resource` rows (each
//! module's setup version). Several releases share every module version; the answer is then
//! a range, and the newest release of the range is the one whose maps apply.
//!
//! The procedure rests on module versions read from Magento 1 CE releases and checked
//! against the real dumps in `../shared/data/m1`:
//! core_setup 1.6.0.2 = 1.6.x–1.7.x (catalog_setup 1.6.0.0.14 from 1.7.0.0), 1.6.0.3 =
//! 1.8.0.0, 1.6.0.4 = 1.8.1.0–1.9.0.1, 1.6.0.6 = 1.9.1.0–1.9.3.2 (told apart by sales_setup,
//! admin_setup and catalog_setup), 1.6.0.7 = 1.9.3.3–1.9.3.10 (customer_setup 1.6.2.0.6 from
//! 1.9.3.8), 1.6.0.8 = 1.9.4.0–1.9.4.2, 1.6.0.9–1.6.0.10 = 1.9.4.3–1.9.4.5. Security patches
//! (SUPEE) ship the same setup scripts as the release they come from, so a patched older shop
//! reads as the newer release: its schema is that release's, which is what the maps need.

use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The verdict on a dump's Magento version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Detection {
    /// `1.9.3.7`, or a range such as `1.9.3.3–1.9.3.7`; `None` when nothing matched.
    pub release: Option<String>,
    /// The newest release the evidence allows: the one whose maps are used.
    pub newest: Option<String>,
    /// The module versions the verdict rests on.
    pub evidence: BTreeMap<String, String>,
    /// `exact`, `range`, `unsupported` (older than 1.6 or newer than 1.9.4.5), `unknown`.
    pub certainty: &'static str,
    /// A remark for the user, if any.
    pub remark: Option<String>,
}

/// Compares dotted version strings numerically (`1.6.0.0.19.1.2` > `1.6.0.0.19`).
pub fn cmp_versions(a: &str, b: &str) -> Ordering {
    let pa: Vec<u64> = a
        .split('.')
        .map(|p| p.parse::<u64>().unwrap_or(0))
        .collect();
    let pb: Vec<u64> = b
        .split('.')
        .map(|p| p.parse::<u64>().unwrap_or(0))
        .collect();
    pa.cmp(&pb)
}

fn ge(v: Option<&String>, min: &str) -> bool {
    v.is_some_and(|v| cmp_versions(v, min) != Ordering::Less)
}

fn eq(v: Option<&String>, x: &str) -> bool {
    v.is_some_and(|v| cmp_versions(v, x) == Ordering::Equal)
}

/// Detects the release from `core_resource` (setup code → version).
pub fn detect(resources: &BTreeMap<String, String>) -> Detection {
    let mut evidence = BTreeMap::new();
    for code in [
        "core_setup",
        "catalog_setup",
        "sales_setup",
        "customer_setup",
        "admin_setup",
    ] {
        if let Some(v) = resources.get(code) {
            evidence.insert(code.to_string(), v.clone());
        }
    }
    let core = resources.get("core_setup");
    let catalog = resources.get("catalog_setup");
    let sales = resources.get("sales_setup");
    let customer = resources.get("customer_setup");
    let admin = resources.get("admin_setup");
    let range = |lo: &str, hi: &str| -> (Option<String>, Option<String>, &'static str) {
        if lo == hi {
            (Some(lo.to_string()), Some(hi.to_string()), "exact")
        } else {
            (Some(format!("{lo}–{hi}")), Some(hi.to_string()), "range")
        }
    };
    let Some(core_v) = core else {
        return Detection {
            release: None,
            newest: None,
            evidence,
            certainty: "unknown",
            remark: Some("no core_setup row in core_resource".into()),
        };
    };
    let mut remark = None;
    let (release, newest, certainty) = if cmp_versions(core_v, "1.6.0.0") == Ordering::Less {
        remark = Some(format!(
            "core_setup {core_v} is Magento 1.5 or older; Magento's maps start at 1.6.0.0"
        ));
        (Some("1.5 or older".to_string()), None, "unsupported")
    } else if eq(core, "1.6.0.0") || eq(core, "1.6.0.1") || eq(core, "1.6.0.2") {
        if ge(catalog, "1.6.0.0.14") {
            range("1.7.0.0", "1.7.0.2")
        } else if ge(customer, "1.6.2.0") {
            range("1.6.2.0", "1.6.2.0")
        } else if eq(customer, "1.6.1.0") {
            range("1.6.1.0", "1.6.1.0")
        } else {
            range("1.6.0.0", "1.6.0.0")
        }
    } else if eq(core, "1.6.0.3") {
        range("1.8.0.0", "1.8.0.0")
    } else if eq(core, "1.6.0.4") || eq(core, "1.6.0.5") {
        range("1.8.1.0", "1.9.0.1")
    } else if eq(core, "1.6.0.6") {
        if ge(sales, "1.6.0.10") {
            if catalog.is_some_and(|c| cmp_versions(c, "1.6.0.0.19.1.2") == Ordering::Greater) {
                range("1.9.3.1", "1.9.3.2")
            } else {
                range("1.9.3.0", "1.9.3.0")
            }
        } else if eq(sales, "1.6.0.9") {
            if ge(admin, "1.6.1.2") {
                range("1.9.2.2", "1.9.2.4")
            } else if ge(catalog, "1.6.0.0.19.1.2") {
                range("1.9.2.0", "1.9.2.1")
            } else {
                range("1.9.1.0", "1.9.1.1")
            }
        } else {
            range("1.9.1.0", "1.9.1.1")
        }
    } else if eq(core, "1.6.0.7") {
        if ge(customer, "1.6.2.0.6") {
            range("1.9.3.8", "1.9.3.10")
        } else {
            range("1.9.3.3", "1.9.3.7")
        }
    } else if eq(core, "1.6.0.8") {
        range("1.9.4.0", "1.9.4.2")
    } else if eq(core, "1.6.0.9") || eq(core, "1.6.0.10") {
        range("1.9.4.3", "1.9.4.5")
    } else {
        remark = Some(format!(
            "core_setup {core_v} is newer than Magento 1.9.4.5 (OpenMage LTS?); the 1.9.4.5 maps are used"
        ));
        (
            Some("newer than 1.9.4.5".to_string()),
            Some("1.9.4.5".to_string()),
            "unsupported",
        )
    };
    Detection {
        release,
        newest,
        evidence,
        certainty,
        remark,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn the_real_dumps_releases() {
        // (core, catalog, sales, customer, admin) as in ../shared/data/m1, and the release.
        let cases = [
            (
                ("1.6.0.2", "1.6.0.0.6", "1.6.0.4", "1.6.1.0", "1.6.1.0"),
                "1.6.1.0",
            ),
            (
                ("1.6.0.2", "1.6.0.0.14", "1.6.0.7", "1.6.2.0.1", "1.6.1.0"),
                "1.7.0.0–1.7.0.2",
            ),
            (
                ("1.6.0.4", "1.6.0.0.19", "1.6.0.8", "1.6.2.0.3", "1.6.1.1"),
                "1.8.1.0–1.9.0.1",
            ),
            (
                (
                    "1.6.0.6",
                    "1.6.0.0.19.1.2",
                    "1.6.0.9",
                    "1.6.2.0.4",
                    "1.6.1.2",
                ),
                "1.9.2.2–1.9.2.4",
            ),
            (
                (
                    "1.6.0.6",
                    "1.6.0.0.19.1.5",
                    "1.6.0.10",
                    "1.6.2.0.5",
                    "1.6.1.2",
                ),
                "1.9.3.1–1.9.3.2",
            ),
            (
                (
                    "1.6.0.7",
                    "1.6.0.0.19.1.5",
                    "1.6.0.10",
                    "1.6.2.0.5",
                    "1.6.1.2",
                ),
                "1.9.3.3–1.9.3.7",
            ),
        ];
        for ((core, catalog, sales, customer, admin), want) in cases {
            let d = detect(&res(&[
                ("core_setup", core),
                ("catalog_setup", catalog),
                ("sales_setup", sales),
                ("customer_setup", customer),
                ("admin_setup", admin),
            ]));
            assert_eq!(d.release.as_deref(), Some(want), "{core} {catalog}");
            assert!(d.newest.is_some());
        }
        let old = detect(&res(&[("core_setup", "0.8.25")]));
        assert_eq!(old.certainty, "unsupported");
        assert!(old.newest.is_none());
        assert_eq!(
            detect(&res(&[("core_setup", "1.6.0.10")]))
                .newest
                .as_deref(),
            Some("1.9.4.5")
        );
        assert_eq!(detect(&BTreeMap::new()).certainty, "unknown");
        assert_eq!(
            cmp_versions("1.6.0.0.19.1.2", "1.6.0.0.19"),
            Ordering::Greater
        );
    }
}

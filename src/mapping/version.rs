//! Which Magento 1 release a dump comes from, read from its `core_resource` rows (each
//! module's setup version). Several releases share every module version; the answer is then
//! a range, and the newest release of the range is the one whose maps apply.

use serde::Serialize;
use std::collections::BTreeMap;

/// Known module versions of Magento 1 CE releases: (release, core_setup, catalog_setup).
/// Releases that no module version tells apart share a row's versions.
const RELEASES: &[(&str, &str, &str)] = &[
    ("1.4.0.0", "0.8.26", "1.4.0.0.21"),
    ("1.6.1.0", "1.6.0.2", "1.6.0.0.6"),
    ("1.7.0.2", "1.6.0.2", "1.6.0.0.14"),
    ("1.9.0.1", "1.6.0.4", "1.6.0.0.19"),
    ("1.9.2.3", "1.6.0.6", "1.6.0.0.19.1.2"),
    ("1.9.3.7", "1.6.0.7", "1.6.0.0.19.1.5"),
];

/// The verdict on a dump's Magento version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Detection {
    /// `1.9.3.7`, or a range such as `1.6.1.0–1.7.0.2`; `None` when nothing matched.
    pub release: Option<String>,
    /// The newest release the evidence allows, for choosing the maps.
    pub newest: Option<String>,
    /// The module versions the verdict rests on.
    pub evidence: BTreeMap<String, String>,
    /// How sure: `exact`, `range`, `unknown`.
    pub certainty: &'static str,
}

/// Compares dotted version strings numerically (`1.6.0.0.19.1.2` > `1.6.0.0.19`).
pub fn cmp_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let pa = a.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    let pb: Vec<u64> = b
        .split('.')
        .map(|p| p.parse::<u64>().unwrap_or(0))
        .collect();
    let pa: Vec<u64> = pa.collect();
    pa.cmp(&pb)
}

/// Detects the release from `core_resource` (code → version).
pub fn detect(resources: &BTreeMap<String, String>) -> Detection {
    let mut evidence = BTreeMap::new();
    for code in ["core_setup", "catalog_setup"] {
        if let Some(v) = resources.get(code) {
            evidence.insert(code.to_string(), v.clone());
        }
    }
    let core = resources.get("core_setup");
    let catalog = resources.get("catalog_setup");
    let (Some(core), Some(catalog)) = (core, catalog) else {
        return Detection {
            release: None,
            newest: None,
            evidence,
            certainty: "unknown",
        };
    };
    if let Some((rel, ..)) = RELEASES.iter().find(|(_, c, k)| c == core && k == catalog) {
        return Detection {
            release: Some(rel.to_string()),
            newest: Some(rel.to_string()),
            evidence,
            certainty: "exact",
        };
    }
    // Between the known rows: the releases whose catalog version brackets this one.
    let mut lower = None;
    let mut upper = None;
    for (rel, _, k) in RELEASES {
        match cmp_versions(k, catalog) {
            std::cmp::Ordering::Less | std::cmp::Ordering::Equal => lower = Some(*rel),
            std::cmp::Ordering::Greater => {
                upper = Some(*rel);
                break;
            }
        }
    }
    let release = match (lower, upper) {
        (Some(l), Some(u)) => Some(format!("{l}–{u}")),
        (Some(l), None) => Some(format!("{l} or newer")),
        (None, Some(u)) => Some(format!("older than {u}")),
        (None, None) => None,
    };
    Detection {
        newest: upper.or(lower).map(str::to_string),
        release,
        evidence,
        certainty: "range",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(core: &str, catalog: &str) -> BTreeMap<String, String> {
        [("core_setup", core), ("catalog_setup", catalog)]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn exact_and_ranges() {
        assert_eq!(
            detect(&res("1.6.0.2", "1.6.0.0.14")).release.as_deref(),
            Some("1.7.0.2")
        );
        let d = detect(&res("1.6.0.2", "1.6.0.0.10"));
        assert_eq!(d.certainty, "range");
        assert_eq!(d.release.as_deref(), Some("1.6.1.0–1.7.0.2"));
        assert_eq!(detect(&BTreeMap::new()).certainty, "unknown");
        assert_eq!(
            cmp_versions("1.6.0.0.19.1.2", "1.6.0.0.19"),
            std::cmp::Ordering::Greater
        );
    }
}

//! The Magento 2 destination built into the program, and telling Magento 1 dumps from
//! Magento 2 dumps.
//!
//! A migration needs the destination's schema and the rows a fresh `setup:install` writes
//! (EAV entity types, sets, groups and attributes; the admin and default stores; install-time
//! configuration; sales sequences; the default MSI source and stock; …). Users may give a
//! dump of their own fresh Magento 2 database as the destination; without one, the steps use
//! the baseline embedded here: Magento Open Source [`MAGENTO_VERSION`], schema and
//! install-time rows only, no shop data. `examples/gen_baseline.rs` generates it from a real
//! 2.4.6-p3 dump, reproducibly (`tests/baseline.rs` checks that); `defaults/m2/PROVENANCE.md`
//! says where that dump comes from and which rows are kept, table by table, and why.
//!
//! [`generation`] reads the table names of a dump and says which Magento generation wrote
//! it, so that a Magento 1 dump given as the destination, or a Magento 2 dump given as the
//! source, is a clear error ([`check_role`]) instead of a cascade of missing-table messages.

use crate::dump::source::Source;
use std::collections::HashSet;
use std::fmt;
use std::io::Read;

/// The Magento release the embedded baseline was taken from.
pub const MAGENTO_VERSION: &str = "2.4.6-p3";

/// The embedded baseline's file name, as shipped in `defaults/m2/`.
pub const FILE_NAME: &str = "baseline-2.4.6-p3.sql.gz";

/// The embedded baseline: SQL in the writer's format, gzip-compressed (level 9).
pub static GZ: &[u8] = include_bytes!("../defaults/m2/baseline-2.4.6-p3.sql.gz");

/// The embedded baseline as a dump source for the pipeline.
pub fn source() -> Source {
    Source::embedded(FILE_NAME, GZ)
}

/// The embedded baseline as plain SQL bytes (about 1 MiB; inflated on each call).
pub fn sql() -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(GZ.len() * 8);
    flate2::read::MultiGzDecoder::new(GZ).read_to_end(&mut out)?;
    Ok(out)
}

/// Which Magento generation a dump comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Generation {
    Magento1,
    Magento2,
    /// Neither set of marker tables is complete (a partial dump, another application), or
    /// both are (one database holding both stores).
    Unknown,
}

impl fmt::Display for Generation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Generation::Magento1 => "Magento 1",
            Generation::Magento2 => "Magento 2",
            Generation::Unknown => "unknown",
        })
    }
}

/// Marker tables of one generation: all of `all`, and at least one of `any`, with one
/// common table prefix.
struct Markers {
    all: &'static [&'static str],
    any: &'static [&'static str],
}

/// Magento 1 (every CE 1.x): the `core_` store and config tables, the EAV registry, and an
/// order table of either age (`sales_order_entity` up to 1.4.0, `sales_flat_order` from
/// 1.4.1). Magento 2 has none of the `core_store*`/`core_website` tables.
const MAGENTO1: Markers = Markers {
    all: &[
        "core_store",
        "core_website",
        "core_config_data",
        "eav_entity_type",
    ],
    any: &["sales_flat_order", "sales_order_entity"],
};

/// Magento 2 (every 2.x): the renamed store tables with the EAV registry, and one of the
/// tables only Magento 2 has. `store` and `store_website` alone would also match a Magento 1
/// dump with the prefix `core_` … if `core_store_website` existed; requiring them together
/// with `eav_entity_type` under the same prefix rules that out.
const MAGENTO2: Markers = Markers {
    all: &["store", "store_group", "store_website", "eav_entity_type"],
    any: &[
        "setup_module",
        "patch_list",
        "url_rewrite",
        "sales_sequence_profile",
    ],
};

/// The table prefixes under which `markers` are all present (names compared in lower
/// case: a store moved through Windows may have had its names folded).
fn prefixes_with(markers: &Markers, names: &HashSet<String>) -> Vec<String> {
    let mut candidates: Vec<&str> = names
        .iter()
        .filter_map(|n| n.strip_suffix(markers.all[0]))
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .into_iter()
        .filter(|p| {
            markers
                .all
                .iter()
                .all(|m| names.contains(&format!("{p}{m}")))
                && markers
                    .any
                    .iter()
                    .any(|m| names.contains(&format!("{p}{m}")))
        })
        .map(str::to_string)
        .collect()
}

/// What [`detect`] found: the generation and the table prefix its marker tables carry
/// (`""` for none; `None` when the generation is unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    pub generation: Generation,
    pub prefix: Option<String>,
}

/// Says which Magento generation wrote a dump with these tables, tolerating a table prefix.
pub fn detect<'a>(tables: impl IntoIterator<Item = &'a str>) -> Detection {
    let names: HashSet<String> = tables.into_iter().map(|t| t.to_ascii_lowercase()).collect();
    let m1 = prefixes_with(&MAGENTO1, &names);
    let m2 = prefixes_with(&MAGENTO2, &names);
    // Several prefixes of one generation: prefer none, then the shortest.
    let pick = |mut v: Vec<String>| {
        v.sort_by_key(|p| (p.len(), p.clone()));
        v.into_iter().next()
    };
    match (m1.is_empty(), m2.is_empty()) {
        (false, true) => Detection {
            generation: Generation::Magento1,
            prefix: pick(m1),
        },
        (true, false) => Detection {
            generation: Generation::Magento2,
            prefix: pick(m2),
        },
        _ => Detection {
            generation: Generation::Unknown,
            prefix: None,
        },
    }
}

/// Says which Magento generation wrote a dump with these tables (see [`detect`]).
pub fn generation<'a>(tables: impl IntoIterator<Item = &'a str>) -> Generation {
    detect(tables).generation
}

/// The part a dump plays in a migration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The Magento 1 store to migrate.
    Source,
    /// The fresh Magento 2 database to migrate into.
    Destination,
}

/// Checks that a dump fits its role: a Magento 2 dump given as the source, or a Magento 1
/// dump given as the destination, is an error that says so. An unknown generation passes
/// (the steps' integrity checks then name what is missing). `name` is the dump's path as
/// the user gave it.
pub fn check_role<'a>(
    role: Role,
    name: &str,
    tables: impl IntoIterator<Item = &'a str>,
) -> Result<Detection, String> {
    let found = detect(tables);
    let (wrong, wanted, hint) = match role {
        Role::Source => (
            Generation::Magento2,
            "the source must be a Magento 1 dump",
            "give the Magento 1 store with --source (or <source> in config.xml) and the fresh \
             Magento 2 database with --destination (or leave it out to use the built-in \
             Magento 2 baseline)",
        ),
        Role::Destination => (
            Generation::Magento1,
            "the destination must be a dump of a fresh Magento 2 database",
            "give the Magento 1 store with --source and the Magento 2 database with \
             --destination, or leave --destination out to use the built-in Magento 2 baseline",
        ),
    };
    if found.generation == wrong {
        let markers = match wrong {
            Generation::Magento1 => "core_store, core_website, core_config_data",
            _ => "store, store_website, store_group",
        };
        return Err(format!(
            "{name} is a {wrong} dump (it has the tables {markers}), but {wanted}\n  hint: {hint}"
        ));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const M1: &[&str] = &[
        "admin_user",
        "core_config_data",
        "core_resource",
        "core_store",
        "core_store_group",
        "core_url_rewrite",
        "core_website",
        "eav_entity_type",
        "sales_flat_order",
    ];
    const M2: &[&str] = &[
        "core_config_data",
        "eav_entity_type",
        "patch_list",
        "sales_sequence_profile",
        "setup_module",
        "store",
        "store_group",
        "store_website",
        "url_rewrite",
    ];

    fn prefixed(p: &str, names: &[&str]) -> Vec<String> {
        names.iter().map(|n| format!("{p}{n}")).collect()
    }

    #[test]
    fn tells_the_generations_apart() {
        assert_eq!(generation(M1.iter().copied()), Generation::Magento1);
        assert_eq!(generation(M2.iter().copied()), Generation::Magento2);
        assert_eq!(generation([]), Generation::Unknown);
        assert_eq!(generation(["foo", "bar"]), Generation::Unknown);
    }

    #[test]
    fn magento_1_4_0_has_eav_orders() {
        let mut names: Vec<&str> = M1
            .iter()
            .copied()
            .filter(|n| *n != "sales_flat_order")
            .collect();
        assert_eq!(generation(names.iter().copied()), Generation::Unknown);
        names.push("sales_order_entity");
        assert_eq!(generation(names.iter().copied()), Generation::Magento1);
    }

    #[test]
    fn prefixes_and_case_are_tolerated() {
        let m1 = prefixed("magev1_", M1);
        let d = detect(m1.iter().map(String::as_str));
        assert_eq!(d.generation, Generation::Magento1);
        assert_eq!(d.prefix.as_deref(), Some("magev1_"));
        let m2 = prefixed("m2_", M2);
        let d = detect(m2.iter().map(String::as_str));
        assert_eq!(d.generation, Generation::Magento2);
        assert_eq!(d.prefix.as_deref(), Some("m2_"));
        let upper: Vec<String> = M1.iter().map(|n| n.to_ascii_uppercase()).collect();
        assert_eq!(
            generation(upper.iter().map(String::as_str)),
            Generation::Magento1
        );
    }

    #[test]
    fn magento_1_tables_do_not_look_like_magento_2_under_a_core_prefix() {
        // core_store and core_store_group are `store` and `store_group` under "core_"; a
        // Magento 1 dump must still not count as Magento 2.
        let mut names: Vec<&str> = M1.to_vec();
        names.push("core_url_rewrite");
        let d = detect(names.iter().copied());
        assert_eq!(d.generation, Generation::Magento1);
        assert_eq!(d.prefix.as_deref(), Some(""));
    }

    #[test]
    fn one_database_with_both_stores_is_unknown() {
        let mut names = prefixed("m1_", M1);
        names.extend(M2.iter().map(|s| s.to_string()));
        assert_eq!(
            generation(names.iter().map(String::as_str)),
            Generation::Unknown
        );
    }

    #[test]
    fn wrong_roles_are_clear_errors() {
        let e = check_role(Role::Source, "m2.sql", M2.iter().copied()).unwrap_err();
        assert!(e.starts_with("m2.sql is a Magento 2 dump"), "{e}");
        assert!(e.contains("the source must be a Magento 1 dump"), "{e}");
        let e = check_role(Role::Destination, "m1.sql", M1.iter().copied()).unwrap_err();
        assert!(e.starts_with("m1.sql is a Magento 1 dump"), "{e}");
        assert!(e.contains("hint:"), "{e}");
        assert!(check_role(Role::Source, "m1.sql", M1.iter().copied()).is_ok());
        assert!(check_role(Role::Destination, "m2.sql", M2.iter().copied()).is_ok());
        assert!(check_role(Role::Destination, "x.sql", ["t"]).is_ok());
    }

    #[test]
    fn the_embedded_baseline_is_magento_2() {
        let sql = sql().unwrap();
        let text = String::from_utf8(sql).unwrap();
        let tables: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("CREATE TABLE `"))
            .filter_map(|l| l.split('`').next())
            .collect();
        assert!(tables.len() > 300, "{} tables", tables.len());
        assert_eq!(generation(tables), Generation::Magento2);
        assert_eq!(source().files[0].size, Some(GZ.len() as u64));
    }
}

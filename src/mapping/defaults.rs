//! m1tom2's embedded rules for Magento 1 CE 1.6.0.0 … 1.9.4.5, and the [`RuleSet`] a run uses:
//! the embedded rules of the dump's version, with any file a user's config.xml names in its
//! place.
//!
//! # The embedded files (`defaults/m1/`)
//!
//! Written by `cargo run --example gen_defaults` from the facts in Magento's Data Migration
//! Tool files (`etc/opensource-to-opensource/`: 33 version folders and the shared files); a
//! test checks that the generator writes exactly the committed files, and another that every
//! version's embedded rules compile to the same rules as Magento's XML files.
//!
//! - `manifest.txt`: one line per Magento file: `<path under etc/opensource-to-opensource/>
//!   <kind> <file here>`. Files with the same rules share one file here (the map of 1.9.4.1 is
//!   also the map of 1.9.4.2 … 1.9.4.5), named after the first Magento file that has them.
//!   The versions are the folders with a `config.xml.dist`; a version's rules are the files its
//!   config names in its `*_file`, `class_map` and `map_document_groups` options, as in
//!   Magento's tool.
//! - `<version>/config.txt`, `<version>/map.txt`, `class-map.txt`, `settings.txt`, …: one
//!   file per distinct set of rules, in a line format of our own:
//!   - UTF-8, one rule per line, `#` comment lines (each file starts with a header saying it is
//!     generated and from which Magento files), blank lines ignored;
//!   - tokens separated by spaces; a token with spaces, `=` or `"`, or an empty one, is quoted
//!     (`"…"` with `\\ \" \n \r \t \u{HEX}` escapes); `name=value` tokens are parameters;
//!   - the first rule line is `kind <config|map|class-map|settings|groups>`; then, per kind:
//!     - config: `step <mode> <title> [integrity=<class>] [data=…] [volume=…] [delta=…]`,
//!       `option <name> <value>` (endpoints are left out: m1tom2 reads dumps);
//!     - map: `src ignore <document>` (a `*` makes it a wildcard), `src rename <document>
//!       <to>`, `src|dst ignore-field <document.field>`, `src|dst ignore-datatype
//!       <document.field>`, `src move <document.field> <document.field>`, `src|dst
//!       transform <document.field> <handler class> [<param>=<value>]…`, `dst ignore
//!       <document>`;
//!     - class-map: `<from> <to>`, with `""` for "maps to nothing" (NULL);
//!     - settings: `ignore <path>`, `rename <path> <to>`, `transform <path> <handler class>
//!       [<param>=<value>]…`;
//!     - groups: `group <name>`, then its items: `document <name> [key=<columns>]`,
//!       `attribute <name> [key=…] [type=<entity type>]`.
//!
//!   Sets (ignores) are written sorted; what Magento reads in file order (renames, moves,
//!   transforms, steps, group items) keeps its order.
//! - `embed.rs`: the list of files the crate embeds (`include_str!`).

use super::class_map::ClassMap;
use super::config::Config;
use super::groups::Groups;
use super::map::MapRules;
use super::settings::SettingsRules;
use super::version::cmp_versions;
use super::xml::{Result, RulesError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod embedded {
    include!("../../defaults/m1/embed.rs");
}

/// The grammar of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Config,
    Map,
    ClassMap,
    Settings,
    Groups,
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::Config => "config",
            Kind::Map => "map",
            Kind::ClassMap => "class-map",
            Kind::Settings => "settings",
            Kind::Groups => "groups",
        }
    }

    fn from_word(w: &str) -> Option<Kind> {
        [
            Kind::Config,
            Kind::Map,
            Kind::ClassMap,
            Kind::Settings,
            Kind::Groups,
        ]
        .into_iter()
        .find(|k| k.word() == w)
    }

    fn xsd(self) -> &'static str {
        match self {
            Kind::Config => "config.xsd",
            Kind::Map => "map.xsd",
            Kind::ClassMap => "class-map.xsd",
            Kind::Settings => "settings.xsd",
            Kind::Groups => "groups.xsd",
        }
    }
}

/// The part of a [`RuleSet`] an option fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Map,
    MapEav,
    MapCustomer,
    MapStores,
    MapLog,
    MapTierPrice,
    ClassMap,
    Settings,
    EavDocumentGroups,
    EavAttributeGroups,
    CustomerDocumentGroups,
    CustomerAttributeGroups,
    LogDocumentGroups,
    MapDocumentGroups,
    OrderGridsDocumentGroups,
    Deltalog,
}

impl Slot {
    fn kind(self) -> Kind {
        match self {
            Slot::Map
            | Slot::MapEav
            | Slot::MapCustomer
            | Slot::MapStores
            | Slot::MapLog
            | Slot::MapTierPrice => Kind::Map,
            Slot::ClassMap => Kind::ClassMap,
            Slot::Settings => Kind::Settings,
            _ => Kind::Groups,
        }
    }
}

/// The config.xml options that name rule files, and what each fills (Magento's option names).
const FILE_OPTIONS: [(&str, Slot); 16] = [
    ("map_file", Slot::Map),
    ("eav_map_file", Slot::MapEav),
    ("customer_map_file", Slot::MapCustomer),
    ("stores_map_file", Slot::MapStores),
    ("log_map_file", Slot::MapLog),
    ("tier_price_map_file", Slot::MapTierPrice),
    ("class_map", Slot::ClassMap),
    ("settings_map_file", Slot::Settings),
    ("eav_document_groups_file", Slot::EavDocumentGroups),
    ("eav_attribute_groups_file", Slot::EavAttributeGroups),
    (
        "customer_document_groups_file",
        Slot::CustomerDocumentGroups,
    ),
    (
        "customer_attribute_groups_file",
        Slot::CustomerAttributeGroups,
    ),
    ("log_document_groups_file", Slot::LogDocumentGroups),
    ("map_document_groups", Slot::MapDocumentGroups),
    (
        "order_grids_document_groups_file",
        Slot::OrderGridsDocumentGroups,
    ),
    ("delta_document_groups_file", Slot::Deltalog),
];

/// The options of config.xml that name rule files.
pub fn file_options() -> impl Iterator<Item = &'static str> {
    FILE_OPTIONS.iter().map(|(o, _)| *o)
}

/// Everything a migration reads from configuration and rule files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSet {
    pub config: Config,
    pub map: MapRules,
    pub map_eav: MapRules,
    pub map_customer: MapRules,
    pub map_stores: MapRules,
    pub map_log: MapRules,
    pub map_tier_price: Option<MapRules>,
    pub class_map: ClassMap,
    pub settings: SettingsRules,
    pub eav_document_groups: Groups,
    pub eav_attribute_groups: Groups,
    pub customer_document_groups: Groups,
    pub customer_attribute_groups: Groups,
    pub log_document_groups: Groups,
    pub map_document_groups: Groups,
    pub order_grids_document_groups: Groups,
    pub deltalog: Groups,
    /// Where each rule file came from, by option name: `embedded 1.9.4.1/map.txt (Magento's
    /// 1.9.4.5/map.xml.dist)` or the path of the user's file. For reports.
    pub origins: BTreeMap<String, String>,
}

/// One compiled rule file.
enum Loaded {
    Map(MapRules),
    ClassMap(ClassMap),
    Settings(SettingsRules),
    Groups(Groups),
}

impl RuleSet {
    /// The rules of a run: the embedded rules of `version` (see [`rule_set`]), and in place of
    /// each kind, the file the user's config names for it (`map_file`, `class_map`, …, read in
    /// Magento's XML format), when it names one. A relative path is looked up in `config_dir`
    /// (and, for Magento's `etc/…` form, in the folders above it, as Magento resolves it from
    /// the tool's root). A path that does not exist but is one of Magento's own files
    /// (`…/etc/opensource-to-opensource/1.9.4.5/map.xml.dist`) means that file: its embedded
    /// copy is used. Any other missing path is an error. With a config, [`RuleSet::config`]
    /// is that config.
    pub fn load(config: Option<&Config>, version: &str, config_dir: &Path) -> Result<RuleSet> {
        let mut rs = rule_set(version)?;
        let Some(cfg) = config else {
            return Ok(rs);
        };
        for (option, slot) in FILE_OPTIONS {
            let Some(value) = cfg
                .option(option)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
            else {
                continue;
            };
            let (loaded, origin) = load_option(option, value, slot, config_dir)?;
            rs.set(slot, loaded);
            rs.origins.insert(option.to_string(), origin);
        }
        rs.config = cfg.clone();
        Ok(rs)
    }

    fn set(&mut self, slot: Slot, loaded: Loaded) {
        match (slot, loaded) {
            (Slot::Map, Loaded::Map(m)) => self.map = m,
            (Slot::MapEav, Loaded::Map(m)) => self.map_eav = m,
            (Slot::MapCustomer, Loaded::Map(m)) => self.map_customer = m,
            (Slot::MapStores, Loaded::Map(m)) => self.map_stores = m,
            (Slot::MapLog, Loaded::Map(m)) => self.map_log = m,
            (Slot::MapTierPrice, Loaded::Map(m)) => self.map_tier_price = Some(m),
            (Slot::ClassMap, Loaded::ClassMap(c)) => self.class_map = c,
            (Slot::Settings, Loaded::Settings(s)) => self.settings = s,
            (Slot::EavDocumentGroups, Loaded::Groups(g)) => self.eav_document_groups = g,
            (Slot::EavAttributeGroups, Loaded::Groups(g)) => self.eav_attribute_groups = g,
            (Slot::CustomerDocumentGroups, Loaded::Groups(g)) => self.customer_document_groups = g,
            (Slot::CustomerAttributeGroups, Loaded::Groups(g)) => {
                self.customer_attribute_groups = g
            }
            (Slot::LogDocumentGroups, Loaded::Groups(g)) => self.log_document_groups = g,
            (Slot::MapDocumentGroups, Loaded::Groups(g)) => self.map_document_groups = g,
            (Slot::OrderGridsDocumentGroups, Loaded::Groups(g)) => {
                self.order_grids_document_groups = g
            }
            (Slot::Deltalog, Loaded::Groups(g)) => self.deltalog = g,
            _ => unreachable!("a slot is filled with its own kind"),
        }
    }
}

/// The Magento 1 versions m1tom2 has embedded rules for, oldest first.
pub fn versions() -> &'static [&'static str] {
    static V: OnceLock<Vec<&'static str>> = OnceLock::new();
    V.get_or_init(|| {
        let mut v: Vec<&'static str> = manifest()
            .iter()
            .filter_map(|e| e.dist.strip_suffix("/config.xml.dist"))
            .collect();
        v.sort_by(|a, b| cmp_versions(a, b));
        v
    })
}

/// The embedded rules of a Magento 1 version: its config (steps and options) and every file
/// the config names, as Magento's tool would read them from its
/// `etc/opensource-to-opensource/<version>/config.xml.dist`.
pub fn rule_set(version: &str) -> Result<RuleSet> {
    let Some(cfg_entry) = manifest()
        .iter()
        .find(|e| e.dist.strip_suffix("/config.xml.dist") == Some(version))
    else {
        let known = versions();
        return Err(RulesError::new(
            "embedded rules",
            None,
            format!("m1tom2 has no rules for Magento 1 version `{version}`"),
        )
        .hint(format!(
            "the embedded rules cover {} versions, {} to {}: {}",
            known.len(),
            known.first().unwrap_or(&"?"),
            known.last().unwrap_or(&"?"),
            known.join(", ")
        )));
    };
    let config = Config::from_rules_text(
        embedded_text(cfg_entry.file),
        &embedded_name(cfg_entry.file),
    )?;
    let mut parts: Vec<(Slot, Loaded)> = Vec::new();
    let mut origins = BTreeMap::new();
    for (option, slot) in FILE_OPTIONS {
        let value = config.option(option).ok_or_else(|| {
            RulesError::new(
                embedded_name(cfg_entry.file),
                None,
                format!("the embedded config lacks `{option}`"),
            )
        })?;
        let tail = magento_dist_tail(value)
            .and_then(|t| find_dist(&t))
            .ok_or_else(|| {
                RulesError::new(
                    embedded_name(cfg_entry.file),
                    None,
                    format!("`{option}` names `{value}`, which is not embedded"),
                )
            })?;
        let (loaded, origin) = load_embedded(tail, slot, option)?;
        parts.push((slot, loaded));
        origins.insert(option.to_string(), origin);
    }
    let mut rs = RuleSet {
        config,
        map: MapRules::default(),
        map_eav: MapRules::default(),
        map_customer: MapRules::default(),
        map_stores: MapRules::default(),
        map_log: MapRules::default(),
        map_tier_price: None,
        class_map: ClassMap::default(),
        settings: SettingsRules::default(),
        eav_document_groups: Groups::default(),
        eav_attribute_groups: Groups::default(),
        customer_document_groups: Groups::default(),
        customer_attribute_groups: Groups::default(),
        log_document_groups: Groups::default(),
        map_document_groups: Groups::default(),
        order_grids_document_groups: Groups::default(),
        deltalog: Groups::default(),
        origins,
    };
    for (slot, loaded) in parts {
        rs.set(slot, loaded);
    }
    Ok(rs)
}

/// One line of the manifest.
#[derive(Clone, Copy, Debug)]
struct DistEntry {
    /// Magento's file, under `etc/opensource-to-opensource/`.
    dist: &'static str,
    kind: Kind,
    /// The file under `defaults/m1/`.
    file: &'static str,
}

fn manifest() -> &'static [DistEntry] {
    static M: OnceLock<Vec<DistEntry>> = OnceLock::new();
    M.get_or_init(|| {
        let text = embedded_text("manifest.txt");
        let mut out = Vec::new();
        let mut saw_kind = false;
        for line in text.lines() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let w: Vec<&'static str> = t.split_whitespace().collect();
            if !saw_kind {
                assert_eq!(
                    w,
                    ["kind", "manifest"],
                    "defaults/m1/manifest.txt starts with `kind manifest`"
                );
                saw_kind = true;
                continue;
            }
            let [dist, kind, file] = w[..] else {
                panic!("defaults/m1/manifest.txt: bad line `{t}`");
            };
            let kind = Kind::from_word(kind)
                .unwrap_or_else(|| panic!("defaults/m1/manifest.txt: unknown kind in `{t}`"));
            out.push(DistEntry { dist, kind, file });
        }
        out
    })
}

fn embedded_text(file: &str) -> &'static str {
    embedded::FILES
        .iter()
        .find(|(n, _)| *n == file)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("defaults/m1/{file} is not embedded (regenerate with `cargo run --example gen_defaults`)"))
}

fn embedded_name(file: &str) -> String {
    format!("embedded defaults/m1/{file}")
}

/// The part of a path after `opensource-to-opensource/` when it has the shape of one of
/// Magento's files there (`1.9.4.5/map.xml.dist`, `class-map.xml.dist`).
fn magento_dist_tail(value: &str) -> Option<String> {
    let v = value.replace('\\', "/");
    let (_, tail) = v.rsplit_once("opensource-to-opensource/")?;
    let (dir, name) = match tail.split_once('/') {
        Some((d, n)) => (Some(d), n),
        None => (None, tail),
    };
    let stem = name.strip_suffix(".xml.dist")?;
    let stem_ok = !stem.is_empty() && stem.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    let dir_ok = dir.is_none_or(|d| {
        !d.is_empty()
            && d.split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    });
    (stem_ok && dir_ok).then(|| tail.to_string())
}

fn find_dist(tail: &str) -> Option<&'static DistEntry> {
    manifest().iter().find(|e| e.dist == tail)
}

fn parse_as(kind_needed: Kind, text: &str, file: &str, xml: bool) -> Result<Loaded> {
    Ok(match (kind_needed, xml) {
        (Kind::Map, true) => Loaded::Map(MapRules::from_xml(text, file)?),
        (Kind::Map, false) => Loaded::Map(MapRules::from_rules_text(text, file)?),
        (Kind::ClassMap, true) => Loaded::ClassMap(ClassMap::from_xml(text, file)?),
        (Kind::ClassMap, false) => Loaded::ClassMap(ClassMap::from_rules_text(text, file)?),
        (Kind::Settings, true) => Loaded::Settings(SettingsRules::from_xml(text, file)?),
        (Kind::Settings, false) => Loaded::Settings(SettingsRules::from_rules_text(text, file)?),
        (Kind::Groups, true) => Loaded::Groups(Groups::from_xml(text, file)?),
        (Kind::Groups, false) => Loaded::Groups(Groups::from_rules_text(text, file)?),
        (Kind::Config, _) => unreachable!("no option names a config"),
    })
}

fn load_embedded(entry: &DistEntry, slot: Slot, option: &str) -> Result<(Loaded, String)> {
    if entry.kind != slot.kind() {
        return Err(RulesError::new(
            "config.xml",
            None,
            format!(
                "`{option}` names Magento's `{}`, a {} file, where a {} file ({}) belongs",
                entry.dist,
                entry.kind.word(),
                slot.kind().word(),
                slot.kind().xsd()
            ),
        )
        .hint("check which option names which file"));
    }
    let loaded = parse_as(
        slot.kind(),
        embedded_text(entry.file),
        &embedded_name(entry.file),
        false,
    )?;
    Ok((
        loaded,
        format!("embedded {} (Magento's {})", entry.file, entry.dist),
    ))
}

fn load_option(
    option: &str,
    value: &str,
    slot: Slot,
    config_dir: &Path,
) -> Result<(Loaded, String)> {
    let p = Path::new(value);
    let mut candidates: Vec<PathBuf> = Vec::new();
    if p.is_absolute() {
        candidates.push(p.to_path_buf());
    } else {
        candidates.push(config_dir.join(p));
        if value.starts_with("etc/") || value.starts_with("etc\\") {
            // Magento resolves `etc/…` from the tool's root: a config kept inside the tool's
            // tree finds it in a folder above.
            candidates.extend(config_dir.ancestors().skip(1).map(|a| a.join(p)));
        }
    }
    if let Some(found) = candidates.iter().find(|c| c.is_file()) {
        let name = found.display().to_string();
        let text = std::fs::read_to_string(found).map_err(|e| {
            RulesError::new(
                &name,
                None,
                format!("cannot read the file `{option}` names: {e}"),
            )
        })?;
        return Ok((parse_as(slot.kind(), &text, &name, true)?, name));
    }
    if let Some(tail) = magento_dist_tail(value) {
        return match find_dist(&tail) {
            Some(entry) => load_embedded(entry, slot, option),
            None => Err(RulesError::new(
                "config.xml",
                None,
                format!(
                    "`{option}` names `{value}`: not a file here, and `{tail}` is not one of the Magento files m1tom2 embeds"
                ),
            )
            .hint(format!(
                "m1tom2 embeds Magento's etc/opensource-to-opensource files for Magento 1 {} to {}; put the file at `{}`, or remove the option to use the embedded default",
                versions().first().unwrap_or(&"?"),
                versions().last().unwrap_or(&"?"),
                candidates[0].display()
            ))),
        };
    }
    Err(RulesError::new(
        "config.xml",
        None,
        format!("`{option}` names `{value}`, which does not exist (looked for `{}`)", candidates[0].display()),
    )
    .hint(format!(
        "give the path of a {} file ({}) relative to the config file's folder, or remove the option to use the one m1tom2 embeds for the dump's version",
        slot.kind().word(),
        slot.kind().xsd()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dist_tails() {
        assert_eq!(
            magento_dist_tail("etc/opensource-to-opensource/1.9.4.5/map.xml.dist").as_deref(),
            Some("1.9.4.5/map.xml.dist")
        );
        assert_eq!(
            magento_dist_tail("/x/etc/opensource-to-opensource/class-map.xml.dist").as_deref(),
            Some("class-map.xml.dist")
        );
        assert_eq!(
            magento_dist_tail("etc\\opensource-to-opensource\\settings.xml.dist").as_deref(),
            Some("settings.xml.dist")
        );
        assert_eq!(
            magento_dist_tail("etc/opensource-to-opensource/1.9.4.5/map.xml"),
            None
        );
        assert_eq!(magento_dist_tail("my/map.xml.dist"), None);
        assert_eq!(
            magento_dist_tail("etc/opensource-to-opensource/x/y/map.xml.dist"),
            None
        );
    }

    #[test]
    fn versions_are_the_33_releases() {
        let v = versions();
        assert_eq!(v.len(), 33);
        assert_eq!(v[0], "1.6.0.0");
        assert_eq!(v[32], "1.9.4.5");
        assert!(v.contains(&"1.9.3.10"));
        assert!(v.windows(2).all(|w| cmp_versions(w[0], w[1]).is_lt()));
    }

    #[test]
    fn unknown_version() {
        let e = rule_set("1.9.3.5").unwrap_err().to_string();
        assert!(
            e.contains("no rules for Magento 1 version `1.9.3.5`") && e.contains("1.9.3.10"),
            "{e}"
        );
    }
}

//! The readers of Magento's configuration and rule files, and m1tom2's embedded rules:
//! - every file Magento ships under `etc/opensource-to-opensource` parses;
//! - for each of the 33 Magento 1 versions, the embedded rules compile to the same rules as
//!   Magento's XML files, and `cargo run --example gen_defaults` writes the committed files;
//! - the semantics of Magento's lookups, on small hand-written files;
//! - errors say where and what.
//!
//! Magento's files are read from `../shared/reference/dmt-etc` (beside the crate). Without
//! that folder these tests pass with a note, except under CI (env `CI` set), where they fail.

use m1tom2::mapping::class_map::ClassMap;
use m1tom2::mapping::config::Config;
use m1tom2::mapping::defaults::{self, RuleSet};
use m1tom2::mapping::gen_defaults;
use m1tom2::mapping::groups::{Groups, ItemKind};
use m1tom2::mapping::map::{HandlerSpec, MapError, MapRules, Side};
use m1tom2::mapping::settings::SettingsRules;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// Magento's `etc/opensource-to-opensource`, or `None` (outside CI) when it is not there.
fn dist_dir() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/dmt-etc/opensource-to-opensource");
    if d.is_dir() {
        return Some(d);
    }
    if in_ci() {
        panic!("{} is missing; under CI these tests need it", d.display());
    }
    eprintln!("note: {} is missing; test skipped", d.display());
    None
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// One compiled file of any kind, for comparisons.
#[derive(Debug, PartialEq)]
enum Compiled {
    Map(MapRules),
    ClassMap(ClassMap),
    Settings(SettingsRules),
    Groups(Groups),
}

/// Compiles one of Magento's XML files by the config option that names it.
fn compile_for_option(option: &str, text: &str, file: &str) -> Compiled {
    let r = match option {
        "class_map" => ClassMap::from_xml(text, file).map(Compiled::ClassMap),
        "settings_map_file" => SettingsRules::from_xml(text, file).map(Compiled::Settings),
        o if o.ends_with("map_file") => MapRules::from_xml(text, file).map(Compiled::Map),
        _ => Groups::from_xml(text, file).map(Compiled::Groups),
    };
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// The part of a rule set an option fills.
fn slot(rs: &RuleSet, option: &str) -> Compiled {
    match option {
        "map_file" => Compiled::Map(rs.map.clone()),
        "eav_map_file" => Compiled::Map(rs.map_eav.clone()),
        "customer_map_file" => Compiled::Map(rs.map_customer.clone()),
        "stores_map_file" => Compiled::Map(rs.map_stores.clone()),
        "log_map_file" => Compiled::Map(rs.map_log.clone()),
        "tier_price_map_file" => {
            Compiled::Map(rs.map_tier_price.clone().expect("a tier price map"))
        }
        "class_map" => Compiled::ClassMap(rs.class_map.clone()),
        "settings_map_file" => Compiled::Settings(rs.settings.clone()),
        "eav_document_groups_file" => Compiled::Groups(rs.eav_document_groups.clone()),
        "eav_attribute_groups_file" => Compiled::Groups(rs.eav_attribute_groups.clone()),
        "customer_document_groups_file" => Compiled::Groups(rs.customer_document_groups.clone()),
        "customer_attribute_groups_file" => Compiled::Groups(rs.customer_attribute_groups.clone()),
        "log_document_groups_file" => Compiled::Groups(rs.log_document_groups.clone()),
        "map_document_groups" => Compiled::Groups(rs.map_document_groups.clone()),
        "order_grids_document_groups_file" => {
            Compiled::Groups(rs.order_grids_document_groups.clone())
        }
        "delta_document_groups_file" => Compiled::Groups(rs.deltalog.clone()),
        o => panic!("unknown option {o}"),
    }
}

#[test]
fn every_magento_file_parses() {
    let Some(dir) = dist_dir() else { return };
    let mut n = 0;
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = read(&p);
            let file = p.display().to_string();
            let ok = match name.as_str() {
                "config.xml.dist" => Config::parse_magento(&text, &file, &d).map(|_| ()),
                "class-map.xml.dist" => ClassMap::from_xml(&text, &file).map(|_| ()),
                "settings.xml.dist" => SettingsRules::from_xml(&text, &file).map(|_| ()),
                n if n.ends_with("groups.xml.dist") || n == "deltalog.xml.dist" => {
                    Groups::from_xml(&text, &file).map(|_| ())
                }
                n if n.starts_with("map") => MapRules::from_xml(&text, &file).map(|_| ()),
                other => panic!("a file of unknown kind: {other}"),
            };
            ok.unwrap_or_else(|e| panic!("{e}"));
            n += 1;
        }
    }
    assert_eq!(
        n,
        15 + 33 + 33 + 16 + 3 + 3 + 1,
        "Magento's files: 15 shared, 33 configs, 33 maps, 16 tier price maps, 3+3 customer files, 1 deltalog"
    );
}

#[test]
fn embedded_rules_equal_magentos_for_every_version() {
    let Some(dir) = dist_dir() else { return };
    let mut versions: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("config.xml.dist").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    versions.sort_by(|a, b| m1tom2::mapping::version::cmp_versions(a, b));
    assert_eq!(versions.len(), 33);
    assert_eq!(
        defaults::versions(),
        versions.iter().map(String::as_str).collect::<Vec<_>>()
    );
    for v in &versions {
        let cfg_path = dir.join(v).join("config.xml.dist");
        let magento_cfg = Config::parse_magento(
            &read(&cfg_path),
            &cfg_path.display().to_string(),
            &dir.join(v),
        )
        .unwrap();
        let rs = defaults::rule_set(v).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rs.config, magento_cfg.without_endpoints(), "config of {v}");
        let mut options = 0;
        for option in defaults::file_options() {
            let value = magento_cfg
                .option(option)
                .unwrap_or_else(|| panic!("{v}: no option {option}"));
            let rel = value
                .strip_prefix("etc/opensource-to-opensource/")
                .unwrap_or_else(|| panic!("{v}: {option} = {value}"));
            let p = dir.join(rel);
            let magento = compile_for_option(option, &read(&p), &p.display().to_string());
            assert!(
                slot(&rs, option) == magento,
                "{v}: the embedded rules for `{option}` differ from Magento's {rel}"
            );
            options += 1;
        }
        assert_eq!(options, 16);
        // The same through RuleSet::load with Magento's config as the user's: its dist paths do
        // not exist here, so each means the embedded copy of that file.
        let loaded = RuleSet::load(Some(&magento_cfg), "1.9.4.5", Path::new("/nonexistent"))
            .unwrap_or_else(|e| panic!("{e}"));
        for option in defaults::file_options() {
            assert!(
                slot(&loaded, option) == slot(&rs, option),
                "{v}: load() of `{option}`"
            );
        }
    }
}

#[test]
fn counts_of_the_1945_rules() {
    // Independent facts about Magento's 1.9.4.5 files (dmt-semantics.md §3, §5).
    let rs = defaults::rule_set("1.9.4.5").unwrap();
    let src = rs.map.side(Side::Source);
    let dst = rs.map.side(Side::Destination);
    let wild =
        |s: &std::collections::BTreeSet<String>| s.iter().filter(|d| d.contains('*')).count();
    let fields = |m: &BTreeMap<String, std::collections::BTreeSet<String>>| {
        m.values().map(|s| s.len()).sum::<usize>()
    };
    assert_eq!(
        (src.ignored_documents().len(), wild(src.ignored_documents())),
        (162, 7)
    );
    assert_eq!(rs.map.renames().len(), 35);
    assert_eq!(fields(src.ignored_fields()), 91);
    assert_eq!(fields(src.ignored_datatypes()), 21);
    assert_eq!(rs.map.moves().len(), 38);
    assert_eq!(src.transforms().len(), 51);
    assert_eq!(
        (dst.ignored_documents().len(), wild(dst.ignored_documents())),
        (212, 12)
    );
    assert_eq!(fields(dst.ignored_fields()), 59);
    assert_eq!(fields(dst.ignored_datatypes()), 22);
    assert_eq!(dst.transforms().len(), 19);
    // settings.xml.dist: 304 ignores, one path twice; 62 renames; 35 transforms
    assert_eq!(rs.settings.ignores().len(), 303);
    assert_eq!(rs.settings.renames().len(), 62);
    assert_eq!(rs.settings.handlers().len(), 35);
    // class-map: 127 entries, one `from` twice; 19 map to nothing
    assert_eq!(rs.class_map.len(), 126);
    assert_eq!(
        rs.class_map.iter().filter(|(_, to)| to.is_none()).count(),
        19
    );
    // deltalog: 105 entries in 8 groups
    assert_eq!(
        rs.deltalog
            .iter()
            .map(|(_, items)| items.len())
            .sum::<usize>(),
        105
    );
    assert_eq!(rs.deltalog.group("delta_map").len(), 85);
    // real lookups
    assert_eq!(
        rs.map.dest_document("sales_flat_order").as_deref(),
        Some("sales_order")
    );
    assert_eq!(
        rs.map.source_document("sales_order").as_deref(),
        Some("sales_flat_order")
    );
    assert!(rs.map.source_ignored("m2_cl_catalog_product_entity"));
    assert!(rs.map.source_ignored("catalog_product_flat_1"));
    assert_eq!(rs.map.dest_document("catalog_product_flat_1"), None);
    assert_eq!(
        rs.map.moved_field("cms_page", "root_template").as_deref(),
        Some("page_layout")
    );
    assert_eq!(
        rs.map.source_field("cms_page", "page_layout"),
        Ok(Some("root_template".into()))
    );
    assert_eq!(
        rs.map_stores.dest_document("core_store").as_deref(),
        Some("store")
    );
    assert!(rs.settings.ignored("web/cookie/cookie_lifetime"));
    assert_eq!(
        rs.settings
            .renamed("contacts/email/recipient_email")
            .as_deref(),
        Some("contact/email/recipient_email")
    );
    assert_eq!(
        rs.class_map.get("sales/order_payment").map(|t| t.is_some()),
        Some(true)
    );
    let on_dup = rs
        .map_document_groups
        .group("destination_documents_update_on_duplicate");
    assert_eq!(on_dup[0].name, "search_query");
    assert_eq!(on_dup[0].key_columns(), vec!["query_text", "store_id"]);
    assert_eq!(
        rs.eav_attribute_groups.group("ignore")[0].kind,
        ItemKind::Attribute
    );
    assert_eq!(
        rs.origins["map_file"],
        "embedded 1.9.4.1/map.txt (Magento's 1.9.4.5/map.xml.dist)"
    );
    // the 1.9.0.0–1.9.4.1 configs also deliver ConfigurablePrices, Tier Price and Url Rewrite in delta mode
    assert_eq!(
        defaults::rule_set("1.9.4.1").unwrap().config.steps["delta"].len(),
        9
    );
    assert_eq!(rs.config.steps["delta"].len(), 6);
}

#[test]
fn gen_defaults_writes_the_committed_files() {
    let Some(dir) = dist_dir() else { return };
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("defaults/m1");
    let tmp = tempfile::tempdir().unwrap();
    gen_defaults::write(&dir, tmp.path()).unwrap_or_else(|e| panic!("{e}"));
    // and again: the same bytes
    let first: Vec<(PathBuf, Vec<u8>)> = snapshot(tmp.path());
    gen_defaults::write(&dir, tmp.path()).unwrap();
    assert!(
        first == snapshot(tmp.path()),
        "two runs of the generator differ"
    );
    let fresh = snapshot(tmp.path());
    let old = snapshot(&committed);
    let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&old),
        names(&fresh),
        "defaults/m1 has other files than the generator writes: run `cargo run --example gen_defaults`"
    );
    for ((p, a), (_, b)) in old.iter().zip(&fresh) {
        assert!(
            a == b,
            "defaults/m1/{} differs from what the generator writes: run `cargo run --example gen_defaults`",
            p.display()
        );
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    gen_defaults::existing_generated(dir)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Semantics, on hand-written files

fn map(src: &str, dst: &str) -> MapRules {
    MapRules::from_xml(
        &format!("<map><source>{src}</source><destination>{dst}</destination></map>"),
        "map.xml",
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn h(class: &str, params: &[(&str, &str)]) -> HandlerSpec {
    HandlerSpec {
        class: class.into(),
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

#[test]
fn an_ignore_wildcard_beats_a_rename() {
    let m = map(
        "<document_rules>\
           <rename><document>source_table_renamed</document><to>dest_table</to></rename>\
           <ignore><document>source_table_*</document></ignore>\
         </document_rules>",
        "",
    );
    assert!(m.source_ignored("source_table_renamed"));
    assert_eq!(m.dest_document("source_table_renamed"), None);
    assert!(m.source_ignored("source_table_x"));
    assert!(
        !m.source_ignored("source_table_"),
        "`*` is one or more characters"
    );
    assert!(!m.source_ignored("source_tabl"));
    assert!(
        !m.source_ignored("xsource_table_x"),
        "anchored at the start"
    );
    // the rename still works from the destination side: the destination does not ignore it
    assert_eq!(
        m.source_document("dest_table").as_deref(),
        Some("source_table_renamed")
    );
}

#[test]
fn renames_work_both_ways() {
    let m = map(
        "<document_rules><rename><document>sales_flat_order</document><to>sales_order</to></rename></document_rules>",
        "<document_rules><ignore><document>sales_order</document></ignore></document_rules>",
    );
    assert_eq!(
        m.dest_document("sales_flat_order").as_deref(),
        Some("sales_order")
    );
    assert_eq!(
        m.source_document("sales_order"),
        None,
        "the destination ignores it"
    );
    let m = map(
        "<document_rules><rename><document>a</document><to>b</to></rename></document_rules>",
        "",
    );
    assert_eq!(m.source_document("b").as_deref(), Some("a"));
    assert_eq!(m.dest_document("other").as_deref(), Some("other"));
    assert_eq!(m.source_document("other").as_deref(), Some("other"));
}

#[test]
fn moves_and_their_errors() {
    let m = map(
        "<document_rules><rename><document>a</document><to>b</to></rename><ignore><document>gone</document></ignore></document_rules>\
         <field_rules>\
           <move><field>a.x</field><to>b.y</to></move>\
           <move><field>a.p</field><to>b.q</to></move>\
           <move><field>a.m</field><to>gone.n</to></move>\
           <ignore><field>a.skip</field></ignore>\
           <ignore><field>gone.f</field></ignore>\
         </field_rules>",
        "<field_rules><ignore><field>b.q</field></ignore></field_rules>",
    );
    assert_eq!(m.moved_field("a", "x").as_deref(), Some("y"));
    assert_eq!(m.moved_field("a", "z"), None);
    assert_eq!(m.dest_field("a", "x"), Ok(Some("y".into())));
    assert_eq!(m.dest_field("a", "z"), Ok(Some("z".into())));
    assert_eq!(
        m.source_field("b", "y"),
        Ok(Some("x".into())),
        "moves work both ways"
    );
    assert_eq!(m.dest_field("a", "skip"), Ok(None));
    assert_eq!(
        m.dest_field("a", "p"),
        Err(MapError::AmbiguousField("b.q".into()))
    );
    assert_eq!(
        m.dest_field("a", "p").unwrap_err().to_string(),
        "Field has ambiguous configuration: b.q"
    );
    // `gone` is not ignored on the destination side: only its source ignore counts for a.m
    assert_eq!(m.dest_field("a", "m"), Ok(Some("n".into())));
    assert_eq!(
        m.dest_field("gone", "z"),
        Err(MapError::AmbiguousDocument("gone".into()))
    );
    assert_eq!(
        m.dest_field("gone", "z").unwrap_err().to_string(),
        "Document has ambiguous configuration: gone"
    );
    assert_eq!(
        m.dest_field("gone", "f"),
        Ok(None),
        "a field ignore is answered first"
    );
    let m = map(
        "<field_rules><move><field>a.x</field><to>c.y</to></move></field_rules>",
        "<document_rules><ignore><document>c</document></ignore></document_rules>",
    );
    assert_eq!(
        m.dest_field("a", "x"),
        Err(MapError::AmbiguousDocument("c".into()))
    );
}

#[test]
fn field_and_datatype_ignores_are_exact() {
    let m = map(
        "<field_rules><ignore><field>t.f</field></ignore><ignore><datatype>t.d</datatype></ignore></field_rules>",
        "<field_rules><ignore><field>u.g</field></ignore><ignore><datatype>u.e</datatype></ignore></field_rules>",
    );
    assert!(m.source_field_ignored("t", "f"));
    assert!(!m.source_field_ignored("t", "d"));
    assert!(!m.source_field_ignored("t", "f2"));
    assert!(!m.source_field_ignored("u", "g"));
    assert!(m.source_datatype_ignored("t", "d"));
    assert!(!m.source_datatype_ignored("t", "f"));
    assert!(m.dest_field_ignored("u", "g"));
    assert!(m.dest_datatype_ignored("u", "e"));
    assert!(!m.dest_datatype_ignored("t", "d"));
    // no wildcards for fields: `*` is an ordinary character there
    let m = map(
        "<field_rules><ignore><field>t.*</field></ignore></field_rules>",
        "",
    );
    assert!(!m.source_field_ignored("t", "anything"));
    assert!(m.source_field_ignored("t", "*"));
}

#[test]
fn handlers_keep_file_order_and_collapse_by_field_and_class() {
    let m = map(
        r#"<field_rules>
          <transform><field>t.f</field><handler class="\A"><param name="p" value="1"/></handler></transform>
          <transform><field>t.g</field><handler class="\C"/></transform>
          <transform><field>t.f</field><handler class="\B"/></transform>
          <transform><field>other.f</field><handler class="\D"/></transform>
          <transform><field>t.f</field><handler class="\A"><param name="p" value="2"/><param name="q" value=""/></handler></transform>
        </field_rules>"#,
        r#"<field_rules><transform><field>u.z</field><handler class="\Migration\Handler\SetValue"><param name="value" value="0"/></handler></transform></field_rules>"#,
    );
    let a2 = h("\\A", &[("p", "2"), ("q", "")]);
    assert_eq!(
        m.source_handlers("t"),
        vec![
            ("f".into(), a2.clone()),
            ("g".into(), h("\\C", &[])),
            ("f".into(), h("\\B", &[]))
        ]
    );
    // Magento's run order: by the table's columns, per column in file order
    assert_eq!(
        m.handlers_for_columns(Side::Source, "t", &["g", "f"]),
        vec![
            ("g".into(), h("\\C", &[])),
            ("f".into(), a2),
            ("f".into(), h("\\B", &[]))
        ]
    );
    assert_eq!(
        m.dest_handlers("u"),
        vec![(
            "z".into(),
            h("\\Migration\\Handler\\SetValue", &[("value", "0")])
        )]
    );
    assert!(m.dest_handlers("t").is_empty());
}

#[test]
fn settings_wildcards() {
    let s = SettingsRules::from_xml(
        r#"<settings><key>
            <ignore><path>web/cookie/*</path></ignore>
            <ignore><path>advanced/modules_disable_output/*</path></ignore>
            <ignore><path>a/*/c</path></ignore>
            <rename><path>web/cookie/cookie_path</path><to>x</to></rename>
            <rename><path>a/b/d</path><to>a/b/e</to></rename>
          </key><value>
            <transform><path>a/b/d</path><handler class="\Migration\Handler\Settings\Encrypt"/></transform>
          </value></settings>"#,
        "settings.xml",
    )
    .unwrap();
    assert!(s.ignored("web/cookie/cookie_lifetime"));
    assert!(s.ignored("advanced/modules_disable_output/Mage_Rss"));
    assert!(!s.ignored("web/cookie/"), "`*` is one or more characters");
    assert!(!s.ignored("x/web/cookie/a"), "anchored at the start");
    assert!(s.ignored("a/b/c"));
    assert!(s.ignored("a/bb/cd"), "no end anchor");
    assert!(!s.ignored("a//c"));
    assert_eq!(
        s.renamed("web/cookie/cookie_path"),
        None,
        "an ignore beats a rename"
    );
    assert_eq!(s.renamed("a/b/d").as_deref(), Some("a/b/e"));
    assert_eq!(
        s.handler("a/b/d").map(|h| h.class),
        Some("\\Migration\\Handler\\Settings\\Encrypt".into())
    );
    assert_eq!(
        s.handler("a/b/e"),
        None,
        "handlers are keyed by the source path"
    );
}

#[test]
fn class_map_empty_to_means_null() {
    let cm = ClassMap::from_xml(
        "<classmap><rename><from>catalog/product</from><to>Magento\\Catalog\\Model\\Product</to></rename>\
         <rename><from>ext/thing</from><to/></rename><rename><from>ext/other</from><to></to></rename></classmap>",
        "class-map.xml",
    )
    .unwrap();
    assert_eq!(
        cm.get("catalog/product"),
        Some(Some("Magento\\Catalog\\Model\\Product"))
    );
    assert_eq!(cm.get("ext/thing"), Some(None));
    assert_eq!(cm.get("ext/other"), Some(None));
    assert_eq!(cm.get("unknown/class"), None);
}

// ---------------------------------------------------------------------------------------
// Errors

#[test]
fn malformed_xml_says_where() {
    let x = "<map>\n  <source>\n    <document_rules>\n      <ignore><document>a</document></ignor>\n    </document_rules>\n  </source>\n</map>\n";
    let e = MapRules::from_xml(x, "map.xml").unwrap_err();
    assert_eq!(e.file, "map.xml");
    assert_eq!(e.line, Some(4), "{e}");
    let s = e.to_string();
    assert!(s.starts_with("map.xml:4: malformed XML"), "{s}");
    assert!(s.contains("hint:"), "{s}");
    let e = Groups::from_xml(
        "<groups>\n<group name=\"a\">\n<document>x</document>\n",
        "g.xml",
    )
    .unwrap_err();
    assert!(e.to_string().contains("never closed"), "{e}");
    let e = SettingsRules::from_xml(
        "<settings><key><ignore><path>a & b</path></ignore></key></settings>",
        "s.xml",
    )
    .unwrap_err();
    assert!(e.message.starts_with("malformed XML"), "{e}");
}

#[test]
fn unknown_elements_and_bad_values_say_where() {
    let x = "<map>\n<source>\n<document_rules>\n<ignore>\n<documnet>a</documnet>\n</ignore>\n</document_rules>\n</source>\n<destination/>\n</map>";
    let e = MapRules::from_xml(x, "map.xml").unwrap_err();
    assert_eq!(e.line, Some(5), "{e}");
    assert!(
        e.message
            .contains("unknown element <documnet> in <ignore>; expected <document>"),
        "{e}"
    );
    assert!(e.hint.as_deref().unwrap().contains("map.xsd"), "{e}");
    // a move on the destination side: not in map.xsd
    let x = "<map><source/><destination><field_rules><move><field>a.b</field><to>c.d</to></move></field_rules></destination></map>";
    let e = MapRules::from_xml(x, "map.xml").unwrap_err();
    assert!(
        e.message.contains("unknown element <move>") && e.hint.unwrap().contains("under <source>")
    );
    // fields are document.field with one dot
    let x = "<map><source><field_rules><ignore><field>a.b.c</field></ignore></field_rules></source><destination/></map>";
    assert!(
        MapRules::from_xml(x, "map.xml")
            .unwrap_err()
            .message
            .contains("not `document.field`")
    );
    // an unknown attribute
    let x = "<map><source><field_rules><transform><field>a.b</field><handler klass=\"X\"/></transform></field_rules></source><destination/></map>";
    assert!(
        MapRules::from_xml(x, "map.xml")
            .unwrap_err()
            .message
            .contains("unknown attribute `klass`")
    );
    // the wrong kind of file
    let e = Groups::from_xml("<map><source/><destination/></map>", "g.xml").unwrap_err();
    assert!(
        e.message
            .contains("the root element is <map>, expected <groups>"),
        "{e}"
    );
    // a destination side is required
    let e = MapRules::from_xml("<map><source/></map>", "map.xml").unwrap_err();
    assert!(e.message.contains("lacks <destination>"), "{e}");
    // whitespace around a name would never match in Magento's tool
    let x = "<map><source><document_rules><ignore><document> a </document></ignore></document_rules></source><destination/></map>";
    assert!(
        MapRules::from_xml(x, "map.xml")
            .unwrap_err()
            .message
            .contains("whitespace")
    );
    // settings paths follow settings.xsd
    let x = "<settings><key><rename><path>a/b.c</path><to>x</to></rename></key></settings>";
    assert!(
        SettingsRules::from_xml(x, "s.xml")
            .unwrap_err()
            .message
            .contains("not a configuration path")
    );
}

#[test]
fn a_config_with_only_databases_shows_the_dump_form() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.xml");
    std::fs::write(
        &p,
        "<config>\n  <source>\n    <database host=\"localhost\" name=\"magento1\" user=\"root\"/>\n  </source>\n  <destination>\n    <database host=\"localhost\" name=\"magento2\" user=\"root\"/>\n  </destination>\n</config>\n",
    )
    .unwrap();
    let e = Config::load(&p).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    let s = e.to_string();
    assert!(s.contains("m1tom2 reads dump files, not databases"), "{s}");
    assert!(
        s.contains("<source><dump path=\"magento1.sql.gz\"/></source>"),
        "{s}"
    );
    // with dumps: paths relative to the config's folder
    std::fs::write(
        &p,
        "<config><source><dump path=\"m1.sql\"/></source><destination><dump path=\"sub/m2.sql\"/></destination><output path=\"out.sql.gz\"/></config>",
    )
    .unwrap();
    let c = Config::load(&p).unwrap();
    assert_eq!(
        c.source.dump.as_deref(),
        Some(dir.path().join("m1.sql").as_path())
    );
    assert_eq!(
        c.destination.dump.as_deref(),
        Some(dir.path().join("sub/m2.sql").as_path())
    );
    assert_eq!(
        c.output.as_deref(),
        Some(dir.path().join("out.sql.gz").as_path())
    );
}

// ---------------------------------------------------------------------------------------
// RuleSet::load: the user's files replace the embedded ones, kind by kind

#[test]
fn user_files_replace_embedded_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("maps")).unwrap();
    std::fs::write(
        dir.path().join("maps/my-map.xml"),
        "<map><source><document_rules><ignore><document>my_extension_*</document></ignore></document_rules></source><destination/></map>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("class-map.xml"),
        "<classmap><rename><from>ext/x</from><to/></rename></classmap>",
    )
    .unwrap();
    let cfg_text = |class_map: &str| {
        format!(
            "<config><source><dump path=\"m1.sql\"/></source><options>\
             <map_file>maps/my-map.xml</map_file>\
             <class_map>{class_map}</class_map>\
             <tier_price_map_file>etc/opensource-to-opensource/1.9.3.0/map-tier-price.xml.dist</tier_price_map_file>\
             <settings_map_file></settings_map_file>\
             </options></config>"
        )
    };
    let cfg = Config::parse(&cfg_text("class-map.xml"), "config.xml", dir.path()).unwrap();
    let rs = RuleSet::load(Some(&cfg), "1.9.4.5", dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let base = defaults::rule_set("1.9.4.5").unwrap();
    assert!(rs.map.source_ignored("my_extension_table"));
    assert!(
        !rs.map.source_ignored("core_store"),
        "the user's map replaces the whole map"
    );
    assert_eq!(rs.class_map.get("ext/x"), Some(None));
    assert_eq!(rs.class_map.len(), 1);
    assert_eq!(
        rs.map_tier_price,
        defaults::rule_set("1.9.3.0").unwrap().map_tier_price
    );
    assert_eq!(
        rs.settings, base.settings,
        "an empty option means the default"
    );
    assert_eq!(
        rs.map_eav, base.map_eav,
        "a missing option means the default"
    );
    assert_eq!(rs.config, cfg);
    assert_eq!(
        rs.origins["map_file"],
        dir.path().join("maps/my-map.xml").display().to_string()
    );

    // a missing file that is not one of Magento's is an error naming the option and path
    let cfg = Config::parse(&cfg_text("nowhere/class-map.xml"), "config.xml", dir.path()).unwrap();
    let e = RuleSet::load(Some(&cfg), "1.9.4.5", dir.path())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("`class_map` names `nowhere/class-map.xml`, which does not exist"),
        "{e}"
    );
    // one of Magento's paths, but not a file Magento has
    let cfg = Config::parse(
        &cfg_text("etc/opensource-to-opensource/1.9.4.5/class-map.xml.dist"),
        "config.xml",
        dir.path(),
    )
    .unwrap();
    let e = RuleSet::load(Some(&cfg), "1.9.4.5", dir.path())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("not one of the Magento files m1tom2 embeds"),
        "{e}"
    );
    // one of Magento's files of another kind
    let cfg = Config::parse(
        &cfg_text("etc/opensource-to-opensource/map-eav.xml.dist"),
        "config.xml",
        dir.path(),
    )
    .unwrap();
    let e = RuleSet::load(Some(&cfg), "1.9.4.5", dir.path())
        .unwrap_err()
        .to_string();
    assert!(e.contains("a map file, where a class-map file"), "{e}");
    // a user's file with an error is reported with its path and line
    std::fs::write(
        dir.path().join("class-map.xml"),
        "<classmap>\n<rename><from>a</from></rename></classmap>",
    )
    .unwrap();
    let cfg = Config::parse(&cfg_text("class-map.xml"), "config.xml", dir.path()).unwrap();
    let e = RuleSet::load(Some(&cfg), "1.9.4.5", dir.path()).unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.contains("lacks <to>"), "{e}");
}

#[test]
fn magentos_etc_paths_resolve_from_the_tools_root() {
    // A config kept inside Magento's tool, at <root>/etc/opensource-to-opensource/1.9.4.5/,
    // naming `etc/opensource-to-opensource/1.9.4.5/map.xml` (an edited copy of the .dist).
    let root = tempfile::tempdir().unwrap();
    let vdir = root.path().join("etc/opensource-to-opensource/1.9.4.5");
    std::fs::create_dir_all(&vdir).unwrap();
    std::fs::write(
        vdir.join("map.xml"),
        "<map><source><document_rules><ignore><document>edited</document></ignore></document_rules></source><destination/></map>",
    )
    .unwrap();
    let cfg = Config::parse(
        "<config><source><dump path=\"/dumps/m1.sql\"/></source><options><map_file>etc/opensource-to-opensource/1.9.4.5/map.xml</map_file></options></config>",
        "config.xml",
        &vdir,
    )
    .unwrap();
    let rs = RuleSet::load(Some(&cfg), "1.9.4.5", &vdir).unwrap_or_else(|e| panic!("{e}"));
    assert!(rs.map.source_ignored("edited"));
}

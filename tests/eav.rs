//! The EAV step on real Magento 1 dumps: every Magento 1.6–1.9 dump in `../shared/data/m1`
//! is indexed and merged into the embedded Magento 2 baseline, and the result must keep
//! Magento 1's ids and codes, re-add Magento 2's own rows without collisions, and be
//! consistent table by table. A second test loads the baseline and then the EAV section
//! into MariaDB under `STRICT_ALL_TABLES` and asks the database whether the unique keys and
//! the foreign keys between the seven tables hold.
//!
//! In CI (`CI` set) missing dumps or a missing MariaDB are failures; elsewhere the tests
//! are skipped. `M1TOM2_EAV_DUMPS=text` limits the run to dumps whose name contains `text`.

mod common;

use common::{ClientOptions, MariaDb, in_ci};
use m1tom2::dump::source::{self, Source};
use m1tom2::dump::write::{Session, SqlWriter, insert_header};
use m1tom2::mapping::defaults::RuleSet;
use m1tom2::mapping::version::{cmp_versions, detect};
use m1tom2::pipeline::Options;
use m1tom2::pipeline::index::{Index, Wanted, index};
use m1tom2::schema::rows::RowSet;
use m1tom2::steps::eav::{self, EavStep};
use m1tom2::steps::{Context, Level, Messages, Piece, Plan, Step, StepOptions};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn opts() -> Options {
    Options {
        jobs: 2,
        progress: false,
        ..Options::default()
    }
}

/// The shared dumps, or `None` (after a SKIP notice) outside CI when they are absent.
fn shared_dumps() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/m1");
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if in_ci() => panic!(
            "the shared Magento 1 dumps are required in CI: cannot read {}: {e}",
            dir.display()
        ),
        Err(e) => {
            eprintln!("SKIP eav: cannot read {}: {e}", dir.display());
            return None;
        }
    };
    let filter = std::env::var("M1TOM2_EAV_DUMPS").unwrap_or_default();
    let mut dumps: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".sql.gz") && n.contains(&filter))
        })
        .collect();
    dumps.sort();
    assert!(!dumps.is_empty(), "no dumps in {}", dir.display());
    Some(dumps)
}

/// The embedded baseline, indexed once.
fn baseline() -> &'static Index {
    static B: OnceLock<Index> = OnceLock::new();
    B.get_or_init(|| {
        let wanted = Wanted {
            all: true,
            ..Default::default()
        };
        index(&m1tom2::baseline::source(), &opts(), &wanted).expect("indexing the baseline")
    })
}

/// A Magento 1 dump, indexed as a migration indexes it, with its rules.
struct Dump {
    name: String,
    src: Index,
    prefix: String,
    rules: RuleSet,
}

/// Indexes `path`; `None` for a dump that is not Magento 1.6–1.9.
fn load(path: &Path) -> Option<Dump> {
    let src: Source = source::open(path).expect("opening the dump");
    let mut wanted = Wanted {
        any_prefix: true,
        ..Default::default()
    };
    for d in EavStep.dims() {
        wanted.dims.insert(d.to_string());
    }
    wanted.dims.insert("core_resource".into());
    let idx = index(&src, &opts(), &wanted).expect("indexing the dump");
    let prefix = idx.prefix.clone().unwrap_or_default();
    let rs = idx.dim(&format!("{prefix}core_resource"));
    let resources: BTreeMap<String, String> = rs
        .iter()
        .filter_map(|r| Some((rs.text(r, "code")?, rs.text(r, "version")?)))
        .collect();
    let Some(version) = detect(&resources).newest else {
        eprintln!(
            "{}: not a Magento 1.6–1.9 release (core_resource); not merged",
            path.display()
        );
        return None;
    };
    if cmp_versions(&version, "1.6.0.0") == Ordering::Less
        || cmp_versions(&version, "1.9.4.5") == Ordering::Greater
    {
        eprintln!(
            "{}: Magento 1 {version}, outside 1.6–1.9; not merged",
            path.display()
        );
        return None;
    }
    let rules = RuleSet::load(None, &version, Path::new(".")).expect("the embedded rules");
    Some(Dump {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        src: idx,
        prefix,
        rules,
    })
}

fn with_ctx<R>(d: &Dump, auto: bool, f: impl FnOnce(&Context) -> R) -> R {
    let step_opts = StepOptions {
        auto,
        ..Default::default()
    };
    let ctx = Context {
        src: &d.src,
        dst: baseline(),
        rules: &d.rules,
        src_prefix: d.prefix.clone(),
        dst_prefix: String::new(),
        opts: &step_opts,
    };
    f(&ctx)
}

fn int(v: &Option<Vec<u8>>) -> u32 {
    std::str::from_utf8(v.as_deref().expect("a value"))
        .unwrap()
        .parse()
        .unwrap()
}

fn text(v: &Option<Vec<u8>>) -> String {
    String::from_utf8_lossy(v.as_deref().unwrap_or_default()).into_owned()
}

/// One merged table with columns by name.
struct T<'a> {
    t: &'a eav::MergedTable,
}

impl T<'_> {
    fn c(&self, name: &str) -> usize {
        self.t
            .columns
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("{} has no {name}", self.t.name))
    }
    fn ints(&self, name: &str) -> Vec<u32> {
        let c = self.c(name);
        self.t.rows.iter().map(|r| int(&r[c])).collect()
    }
}

fn src_ints(rs: &RowSet, col: &str) -> Vec<u32> {
    rs.iter()
        .filter_map(|r| rs.text(r, col)?.trim().parse().ok())
        .collect()
}

/// Checks every invariant of a merge; returns a short summary line.
fn check(d: &Dump, ctx: &Context, m: &eav::EavMerge) -> String {
    let name = &d.name;
    let tab = |n: &str| T {
        t: m.table(n).unwrap_or_else(|| panic!("{name}: no {n}")),
    };
    let (types, sets, groups, attrs, links, cat, cust) = (
        tab("eav_entity_type"),
        tab("eav_attribute_set"),
        tab("eav_attribute_group"),
        tab("eav_attribute"),
        tab("eav_entity_attribute"),
        tab("catalog_eav_attribute"),
        tab("customer_eav_attribute"),
    );
    // Every column of the destination is written, in its order.
    for t in [&types, &sets, &groups, &attrs, &links, &cat, &cust] {
        let dst = baseline().catalog.get(t.t.name).unwrap();
        let cols: Vec<&str> = dst.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(t.t.columns, cols, "{name}: {}", t.t.name);
        for r in &t.t.rows {
            assert_eq!(r.len(), cols.len());
            for (c, v) in dst.columns.iter().zip(r) {
                assert!(
                    c.nullable || v.is_some(),
                    "{name}: {}.{} NULL in a NOT NULL column",
                    t.t.name,
                    c.name
                );
            }
        }
    }
    let unique = |t: &T, cols: &[&str]| {
        let idx: Vec<usize> = cols.iter().map(|c| t.c(c)).collect();
        let mut seen = HashSet::new();
        for r in &t.t.rows {
            let key: Vec<String> = idx
                .iter()
                .map(|&i| text(&r[i]).to_lowercase().trim_end().to_string())
                .collect();
            assert!(
                seen.insert(key.clone()),
                "{name}: {} has ({}) = {key:?} twice",
                t.t.name,
                cols.join(",")
            );
        }
    };
    unique(&types, &["entity_type_id"]);
    unique(&sets, &["attribute_set_id"]);
    unique(&sets, &["entity_type_id", "attribute_set_name"]);
    unique(&groups, &["attribute_group_id"]);
    unique(&groups, &["attribute_set_id", "attribute_group_code"]);
    unique(&groups, &["attribute_set_id", "attribute_group_name"]);
    unique(&attrs, &["attribute_id"]);
    unique(&attrs, &["entity_type_id", "attribute_code"]);
    unique(&links, &["entity_attribute_id"]);
    unique(&links, &["attribute_set_id", "attribute_id"]);
    unique(&links, &["attribute_group_id", "attribute_id"]);
    unique(&cat, &["attribute_id"]);
    unique(&cust, &["attribute_id"]);

    let type_ids: HashSet<u32> = types.ints("entity_type_id").into_iter().collect();
    let set_ids: HashSet<u32> = sets.ints("attribute_set_id").into_iter().collect();
    let group_ids: HashSet<u32> = groups.ints("attribute_group_id").into_iter().collect();
    let attr_ids: HashSet<u32> = attrs.ints("attribute_id").into_iter().collect();

    // Magento 1 ids kept.
    let s_types = ctx.src_rows("eav_entity_type");
    for id in src_ints(s_types, "entity_type_id") {
        assert!(
            type_ids.contains(&id),
            "{name}: Magento 1 entity type {id} missing"
        );
    }
    // Every Magento 1 set keeps its id, but a set of an entity type the dump lacks (the
    // 1.6.1.0 sample data has such orphans), which would break the foreign key.
    let s_sets = ctx.src_rows("eav_attribute_set");
    let m1_type_ids: HashSet<u32> = src_ints(s_types, "entity_type_id").into_iter().collect();
    for r in s_sets.iter() {
        let id: u32 = s_sets
            .text(r, "attribute_set_id")
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let et: u32 = s_sets
            .text(r, "entity_type_id")
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert_eq!(
            set_ids.contains(&id),
            m1_type_ids.contains(&et),
            "{name}: Magento 1 attribute set {id} of entity type {et}"
        );
    }
    let s_attrs = ctx.src_rows("eav_attribute");
    let written_code: HashMap<u32, String> = attrs
        .t
        .rows
        .iter()
        .map(|r| {
            (
                int(&r[attrs.c("attribute_id")]),
                text(&r[attrs.c("attribute_code")]),
            )
        })
        .collect();
    let ignored: HashSet<u32> = m
        .m1_attributes
        .iter()
        .filter(|a| a.ignored)
        .map(|a| a.id)
        .collect();
    let mut max_m1 = 0;
    for r in s_attrs.iter() {
        let id: u32 = s_attrs
            .text(r, "attribute_id")
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        max_m1 = max_m1.max(id);
        let code = s_attrs.text(r, "attribute_code").unwrap();
        let et: u32 = s_attrs
            .text(r, "entity_type_id")
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        if !m1_type_ids.contains(&et) {
            assert!(
                !written_code.contains_key(&id),
                "{name}: attribute {id} of a missing entity type written"
            );
        } else if ignored.contains(&id) {
            assert!(
                !written_code.contains_key(&id),
                "{name}: ignored attribute {id} ({code}) written"
            );
            assert!(
                [
                    "msrp_enabled",
                    "group_price",
                    "is_recurring",
                    "recurring_profile"
                ]
                .contains(&code.as_str())
            );
        } else {
            assert_eq!(
                written_code.get(&id),
                Some(&code),
                "{name}: Magento 1 attribute {id}"
            );
        }
    }
    // Magento 2-only attributes: every baseline attribute is there (by type code and code),
    // those Magento 1 lacks with new ids above every Magento 1 id.
    let code_of_type: HashMap<u32, String> = types
        .t
        .rows
        .iter()
        .map(|r| {
            (
                int(&r[types.c("entity_type_id")]),
                text(&r[types.c("entity_type_code")]),
            )
        })
        .collect();
    let written_keys: HashMap<(String, String), u32> = attrs
        .t
        .rows
        .iter()
        .map(|r| {
            (
                (
                    code_of_type[&int(&r[attrs.c("entity_type_id")])].clone(),
                    text(&r[attrs.c("attribute_code")]),
                ),
                int(&r[attrs.c("attribute_id")]),
            )
        })
        .collect();
    let b_types = baseline().dim("eav_entity_type");
    let b_type_code: HashMap<String, String> = b_types
        .iter()
        .map(|r| {
            (
                b_types.text(r, "entity_type_id").unwrap(),
                b_types.text(r, "entity_type_code").unwrap(),
            )
        })
        .collect();
    let b_attrs = baseline().dim("eav_attribute");
    let m1_keys: HashSet<(String, String)> = m
        .m1_attributes
        .iter()
        .map(|a| (a.entity_type_code.clone(), a.code.clone()))
        .collect();
    let mut m2_only = 0;
    for r in b_attrs.iter() {
        let key = (
            b_type_code[&b_attrs.text(r, "entity_type_id").unwrap()].clone(),
            b_attrs.text(r, "attribute_code").unwrap(),
        );
        let id = *written_keys
            .get(&key)
            .unwrap_or_else(|| panic!("{name}: Magento 2 attribute {key:?} missing"));
        if !m1_keys.contains(&key) {
            m2_only += 1;
            assert!(
                id > max_m1,
                "{name}: Magento 2-only attribute {key:?} got id {id} ≤ {max_m1}"
            );
        }
    }
    // References between the tables.
    for (t, col, ids, what) in [
        (&sets, "entity_type_id", &type_ids, "entity type"),
        (&attrs, "entity_type_id", &type_ids, "entity type"),
        (&groups, "attribute_set_id", &set_ids, "set"),
        (&links, "entity_type_id", &type_ids, "entity type"),
        (&links, "attribute_set_id", &set_ids, "set"),
        (&links, "attribute_group_id", &group_ids, "group"),
        (&links, "attribute_id", &attr_ids, "attribute"),
        (&cat, "attribute_id", &attr_ids, "attribute"),
        (&cust, "attribute_id", &attr_ids, "attribute"),
    ] {
        for v in t.ints(col) {
            assert!(
                ids.contains(&v),
                "{name}: {}.{col} = {v}: no such {what}",
                t.t.name
            );
        }
    }
    // A link's group is in the link's set; its attribute is of the set's entity type.
    let group_set: HashMap<u32, u32> = groups
        .t
        .rows
        .iter()
        .map(|r| {
            (
                int(&r[groups.c("attribute_group_id")]),
                int(&r[groups.c("attribute_set_id")]),
            )
        })
        .collect();
    let set_type: HashMap<u32, u32> = sets
        .t
        .rows
        .iter()
        .map(|r| {
            (
                int(&r[sets.c("attribute_set_id")]),
                int(&r[sets.c("entity_type_id")]),
            )
        })
        .collect();
    let attr_type: HashMap<u32, u32> = attrs
        .t
        .rows
        .iter()
        .map(|r| {
            (
                int(&r[attrs.c("attribute_id")]),
                int(&r[attrs.c("entity_type_id")]),
            )
        })
        .collect();
    for r in &links.t.rows {
        let (set, group, attr, et) = (
            int(&r[links.c("attribute_set_id")]),
            int(&r[links.c("attribute_group_id")]),
            int(&r[links.c("attribute_id")]),
            int(&r[links.c("entity_type_id")]),
        );
        assert_eq!(
            group_set[&group], set,
            "{name}: link of attribute {attr}: group {group} is not in set {set}"
        );
        assert_eq!(
            set_type[&set], et,
            "{name}: link of attribute {attr}: set {set} is not of entity type {et}"
        );
        assert_eq!(
            attr_type[&attr], et,
            "{name}: link of attribute {attr}: not of entity type {et}"
        );
    }
    // Extended rows only for attributes of their kind.
    let catalog_types: HashSet<u32> = code_of_type
        .iter()
        .filter(|(_, c)| c.starts_with("catalog_"))
        .map(|(i, _)| *i)
        .collect();
    for a in cat.ints("attribute_id") {
        assert!(
            catalog_types.contains(&attr_type[&a]),
            "{name}: catalog_eav_attribute of a non-catalog attribute {a}"
        );
    }
    // Every product set has Magento 2's Default structure.
    let product = code_of_type
        .iter()
        .find(|(_, c)| *c == "catalog_product")
        .map(|(i, _)| *i)
        .unwrap();
    let b_groups = baseline().dim("eav_attribute_group");
    let default_codes: BTreeSet<String> = b_groups
        .iter()
        .filter(|r| b_groups.text(r, "attribute_set_id").as_deref() == Some("4"))
        .map(|r| b_groups.text(r, "attribute_group_code").unwrap())
        .collect();
    let mut product_sets = 0;
    for (set, et) in &set_type {
        if *et != product {
            continue;
        }
        product_sets += 1;
        let codes: BTreeSet<String> = groups
            .t
            .rows
            .iter()
            .filter(|r| int(&r[groups.c("attribute_set_id")]) == *set)
            .map(|r| text(&r[groups.c("attribute_group_code")]))
            .collect();
        assert!(
            codes.is_superset(&default_codes),
            "{name}: product set {set} lacks {:?}",
            default_codes.difference(&codes)
        );
    }
    // The row account: every row read is written or dropped.
    for (doc, acc) in &m.accounts {
        let read = ctx.src_rows(doc).len() as u64;
        assert_eq!(acc.read, read, "{name}: {doc} read");
        let out = acc.written.values().sum::<u64>() + acc.dropped.values().sum::<u64>();
        assert_eq!(
            out, read,
            "{name}: {doc}: {read} read, {:?} written, {:?} dropped",
            acc.written, acc.dropped
        );
    }
    format!(
        "{name}: {} types, {} sets ({product_sets} product), {} groups, {} attributes ({} ignored, {m2_only} Magento 2-only), {} links",
        types.t.rows.len(),
        sets.t.rows.len(),
        groups.t.rows.len(),
        attrs.t.rows.len(),
        ignored.len(),
        links.t.rows.len()
    )
}

#[test]
fn every_dump_merges_with_magento1_ids_kept() {
    let Some(dumps) = shared_dumps() else { return };
    let mut merged = 0;
    for path in dumps {
        let Some(d) = load(&path) else { continue };
        with_ctx(&d, false, |ctx| {
            let m = eav::merge(ctx).unwrap_or_else(|e| panic!("{}: {e:#}", d.name));
            eprintln!("{}", check(&d, ctx, &m));
            for (sev, note) in &m.notes {
                eprintln!("  {sev:?}: {note}");
            }
            // The step agrees with the merge, and its integrity check runs.
            let mut msgs = Messages::default();
            EavStep.integrity(ctx, &mut msgs);
            for msg in &msgs.list {
                eprintln!("  integrity {:?}: {}", msg.level, msg.text);
            }
            let mut plan = Plan::default();
            EavStep.plan(ctx, &mut plan, &mut msgs).unwrap();
            assert_eq!(plan.before.len(), 1);
            assert_eq!(plan.clear.len(), 7);
            let claimed = plan
                .tables
                .values()
                .filter(|(s, _)| s == eav::TITLE)
                .count();
            assert_eq!(claimed, 7, "{}: claimed tables", d.name);
            assert!(
                !msgs
                    .list
                    .iter()
                    .any(|m| m.stage == m1tom2::steps::Stage::Data && m.level == Level::Error),
                "{}: data problems",
                d.name
            );
        });
        merged += 1;
    }
    assert!(merged >= 8, "only {merged} Magento 1.6–1.9 dumps merged");
}

/// Writes the EAV section of a plan as SQL, as `migrate:data` writes sections.
fn write_section(plan: &Plan, path: &Path) {
    let mut w = SqlWriter::create(path, 1 << 20).unwrap();
    let session = Session {
        names: "utf8mb4".into(),
        time_zone: None,
        sql_mode: "+NO_AUTO_VALUE_ON_ZERO".into(),
    };
    w.header("EAV section", &session).unwrap();
    for t in &plan.clear {
        w.statement(format!("DELETE FROM {}", m1tom2::dump::write::quote_ident(t)).as_bytes())
            .unwrap();
    }
    for sec in &plan.before {
        for p in &sec.pieces {
            let Piece::Rows {
                table,
                columns,
                rows,
                ..
            } = p
            else {
                panic!("only rows expected")
            };
            let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
            let mut header = Vec::new();
            insert_header(&mut header, "INSERT INTO", table, Some(&cols));
            let mut tuples = Vec::new();
            let mut ends = Vec::new();
            for (k, r) in rows.iter().enumerate() {
                if k > 0 {
                    tuples.push(b',');
                }
                tuples.push(b'(');
                for (i, v) in r.iter().enumerate() {
                    if i > 0 {
                        tuples.push(b',');
                    }
                    m1tom2::dump::value::escape_opt(&mut tuples, v.as_deref());
                }
                tuples.push(b')');
                ends.push(tuples.len());
            }
            w.rows(&header, &tuples, &ends).unwrap();
            w.end_rows().unwrap();
        }
    }
    w.finish().unwrap();
}

/// Queries that must return no rows after the load: duplicate unique keys and broken
/// references between the seven tables.
const MUST_BE_EMPTY: &[&str] = &[
    "SELECT entity_type_id, attribute_set_name FROM eav_attribute_set GROUP BY 1, 2 HAVING COUNT(*) > 1",
    "SELECT attribute_set_id, attribute_group_code FROM eav_attribute_group GROUP BY 1, 2 HAVING COUNT(*) > 1",
    "SELECT attribute_set_id, attribute_group_name FROM eav_attribute_group GROUP BY 1, 2 HAVING COUNT(*) > 1",
    "SELECT entity_type_id, attribute_code FROM eav_attribute GROUP BY 1, 2 HAVING COUNT(*) > 1",
    "SELECT attribute_set_id, attribute_id FROM eav_entity_attribute GROUP BY 1, 2 HAVING COUNT(*) > 1",
    "SELECT attribute_group_id, attribute_id FROM eav_entity_attribute GROUP BY 1, 2 HAVING COUNT(*) > 1",
    "SELECT s.attribute_set_id FROM eav_attribute_set s LEFT JOIN eav_entity_type t USING (entity_type_id) WHERE t.entity_type_id IS NULL",
    "SELECT a.attribute_id FROM eav_attribute a LEFT JOIN eav_entity_type t USING (entity_type_id) WHERE t.entity_type_id IS NULL",
    "SELECT g.attribute_group_id FROM eav_attribute_group g LEFT JOIN eav_attribute_set s USING (attribute_set_id) WHERE s.attribute_set_id IS NULL",
    "SELECT l.entity_attribute_id FROM eav_entity_attribute l LEFT JOIN eav_attribute a USING (attribute_id) WHERE a.attribute_id IS NULL",
    "SELECT l.entity_attribute_id FROM eav_entity_attribute l LEFT JOIN eav_attribute_group g USING (attribute_group_id) WHERE g.attribute_group_id IS NULL",
    "SELECT l.entity_attribute_id FROM eav_entity_attribute l LEFT JOIN eav_attribute_set s USING (attribute_set_id) WHERE s.attribute_set_id IS NULL",
    "SELECT l.entity_attribute_id FROM eav_entity_attribute l JOIN eav_attribute_group g USING (attribute_group_id) WHERE g.attribute_set_id <> l.attribute_set_id",
    "SELECT l.entity_attribute_id FROM eav_entity_attribute l JOIN eav_attribute a USING (attribute_id) WHERE a.entity_type_id <> l.entity_type_id",
    "SELECT c.attribute_id FROM catalog_eav_attribute c LEFT JOIN eav_attribute a USING (attribute_id) WHERE a.attribute_id IS NULL",
    "SELECT c.attribute_id FROM customer_eav_attribute c LEFT JOIN eav_attribute a USING (attribute_id) WHERE a.attribute_id IS NULL",
    "SELECT t.entity_type_id FROM eav_entity_type t LEFT JOIN eav_attribute_set s ON s.attribute_set_id = t.default_attribute_set_id WHERE t.default_attribute_set_id <> 0 AND s.attribute_set_id IS NULL",
];

#[test]
fn eav_section_loads_strictly_into_the_baseline() {
    let Some(dumps) = shared_dumps() else { return };
    let Some(db) = MariaDb::start_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("m2.sql");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_m1tom2"))
        .args(["baseline", "-q", "-o", base.to_str().unwrap()])
        .output()
        .expect("running m1tom2 baseline");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let strict = ClientOptions::default()
        .sql_mode("STRICT_ALL_TABLES")
        .show_warnings(true);
    let mut loaded = 0;
    for (n, path) in dumps.iter().enumerate() {
        let Some(d) = load(path) else { continue };
        let mut plan = Plan::default();
        let mut msgs = Messages::default();
        with_ctx(&d, false, |ctx| {
            EavStep.plan(ctx, &mut plan, &mut msgs).unwrap()
        });
        let file = dir.path().join(format!("eav-{n}.sql"));
        write_section(&plan, &file);
        let db_name = format!("m2_{n}");
        db.create_database(&db_name);
        let out = db
            .load_file_with(&db_name, &base, &strict)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.diagnostics().is_empty(),
            "baseline: {:?}",
            out.diagnostics()
        );
        let out = db
            .load_file_with(&db_name, &file, &strict)
            .unwrap_or_else(|e| panic!("{}: {e}", d.name));
        let diags = out.diagnostics();
        assert!(
            diags.is_empty(),
            "{}: loading the EAV section gave: {}",
            d.name,
            diags
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        );
        for q in MUST_BE_EMPTY {
            let rows = db.query(&db_name, q);
            assert!(rows.is_empty(), "{}: {q}\n  gave {rows:?}", d.name);
        }
        // The row counts are the section's.
        for sec in &plan.before {
            for p in &sec.pieces {
                let Piece::Rows { table, rows, .. } = p else {
                    continue;
                };
                let got = db.query(&db_name, &format!("SELECT COUNT(*) FROM `{table}`"));
                assert_eq!(
                    got[0][0].as_deref(),
                    Some(rows.len().to_string().as_str()),
                    "{}: {table}",
                    d.name
                );
            }
        }
        // Magento 1's attribute codes under their ids.
        let attrs = d.src.dim(&format!("{}eav_attribute", d.prefix));
        let got: HashMap<String, String> = db
            .query(
                &db_name,
                "SELECT attribute_id, attribute_code FROM eav_attribute",
            )
            .into_iter()
            .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap()))
            .collect();
        let kept = with_ctx(&d, false, |ctx| eav::merge(ctx).unwrap().attributes.m1);
        let mut checked = 0;
        for r in attrs.iter() {
            let id = attrs.text(r, "attribute_id").unwrap();
            let code = attrs.text(r, "attribute_code").unwrap();
            if !kept.contains_key(&id.trim().parse().unwrap()) {
                assert!(
                    !got.contains_key(id.trim()),
                    "{}: attribute {id} left out but its id is taken",
                    d.name
                );
                continue;
            }
            assert_eq!(
                got.get(id.trim()),
                Some(&code),
                "{}: attribute {id}",
                d.name
            );
            checked += 1;
        }
        assert_eq!(checked, kept.len(), "{}: attributes kept", d.name);
        db.drop_database(&db_name);
        loaded += 1;
    }
    assert!(loaded >= 8, "only {loaded} dumps loaded");
}

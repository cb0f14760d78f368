//! SalesIncrement Step: Magento 2 numbers orders, invoices, credit memos and shipments from
//! sequence tables (`sequence_<type>_<store>`, one auto-increment column) described by
//! `sales_sequence_meta` and `sales_sequence_profile`. As Magento's tool does, the meta and
//! profile tables are emptied and, for every entity type and every Magento 1 store (the
//! admin store 0 included), the sequence table is dropped and created again, the last
//! Magento 1 increment (`eav_entity_store.increment_last_id`) is put in it, and a meta row
//! and a profile row (prefix = store id, no suffix, start 1, step 1) are written.
//!
//! Magento 2 formats a number as prefix + the sequence value zero-padded to 9 digits. The
//! Magento way (numeric part after `increment_prefix`, prefix = store id) turns a Magento 1
//! `100000123` into a next number `1000000124` (issue #61 of Magento's tool). With
//! `--keep-increment-format` (config.xml option `keep_increment_format`), the profile prefix
//! and the sequence value are chosen so that Magento 2 continues Magento 1's format:
//! `100000123` → prefix "" and value 100000123 → next `100000124`. Everything is computed
//! from the decoded Magento 1 tables and written after the streamed rows.

use super::{Account, Context, Level, Messages, Piece, Plan, Section, Stage, Step};
use crate::dump::write::quote_ident;
use crate::schema::rows::Datum;
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet};

pub struct SalesIncrementStep;

pub const TITLE: &str = "SalesIncrement Step";

/// The entity types with Magento 2 sequences. `rma_item` only when the destination has
/// RMA sequences (Magento Commerce); Magento Open Source has none.
const TYPES: [&str; 4] = ["order", "invoice", "creditmemo", "shipment"];
const RMA: &str = "rma_item";

const META: &str = "sales_sequence_meta";
const PROFILE: &str = "sales_sequence_profile";
const META_COLUMNS: [&str; 4] = ["meta_id", "entity_type", "store_id", "sequence_table"];
const PROFILE_COLUMNS: [&str; 9] = [
    "profile_id",
    "meta_id",
    "prefix",
    "suffix",
    "start_value",
    "step",
    "max_value",
    "warning_value",
    "is_active",
];
const MAX_VALUE: u64 = 4_294_967_295;
const WARNING_VALUE: u64 = 4_294_966_295;
/// Magento 2 pads the sequence value to this many digits (`%s%'.09d%s`).
const PAD: usize = 9;

/// Source tables and the columns the step reads.
const SOURCES: [(&str, &[&str]); 3] = [
    (
        "eav_entity_store",
        &[
            "entity_type_id",
            "store_id",
            "increment_prefix",
            "increment_last_id",
        ],
    ),
    ("eav_entity_type", &["entity_type_id", "entity_type_code"]),
    ("core_store", &["store_id"]),
];

/// The numeric part of a Magento 1 increment id as Magento's tool takes it: the characters
/// after the length of `increment_prefix`, cast to an integer as PHP casts (leading blanks,
/// then the leading digits; none is 0).
pub fn magento_value(prefix: &str, last: &str) -> u64 {
    let rest = last.as_bytes().get(prefix.len()..).unwrap_or_default();
    let digits: Vec<u8> = rest
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    let mut v: u64 = 0;
    for d in digits {
        v = v.saturating_mul(10).saturating_add(u64::from(d - b'0'));
    }
    v
}

/// How a Magento 1 increment id continues in Magento 2 with its format kept: the profile
/// prefix and the sequence value, such that prefix + value padded to 9 digits is the id.
/// The trailing digits are the number; a run longer than 9 digits puts its leading digits
/// into the prefix. `exact` is false when the run is shorter than 9 digits (the next
/// Magento 2 number gets 9 digits, so the length cannot be kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub prefix: String,
    pub value: u64,
    pub exact: bool,
}

/// [`Kept`] for an increment id; `None` when it does not end in a digit.
pub fn keep_format(last: &str) -> Option<Kept> {
    let digits = last
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let head = &last[..last.len() - digits];
    let run = &last[last.len() - digits..];
    let (prefix, number) = if digits > PAD {
        let cut = digits - PAD;
        (format!("{head}{}", &run[..cut]), &run[cut..])
    } else {
        (head.to_string(), run)
    };
    Some(Kept {
        prefix,
        value: number.parse().ok()?,
        exact: digits >= PAD,
    })
}

/// The id Magento 2 makes of a prefix and a sequence value.
pub fn format_id(prefix: &str, value: u64) -> String {
    format!("{prefix}{value:0PAD$}")
}

/// One sequence: entity type × store.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Sequence {
    entity: String,
    store: u64,
    /// The profile prefix.
    prefix: String,
    /// The value put in the sequence table (the last number used).
    value: Option<u64>,
    /// The Magento 1 increment it comes from.
    source: Option<String>,
    /// When the Magento 1 format is kept: whether Magento 2 continues it exactly.
    kept_exactly: Option<bool>,
}

/// The sequences of a run, and messages about them.
fn sequences(ctx: &Context) -> (Vec<Sequence>, Vec<(Level, String)>) {
    let mut notes = Vec::new();
    let types = ctx.src_rows("eav_entity_type");
    let type_ids: BTreeMap<String, i64> = types
        .iter()
        .filter_map(|r| {
            Some((
                types.text(r, "entity_type_code")?,
                types.int(r, "entity_type_id")?,
            ))
        })
        .collect();
    let stores_rs = ctx.src_rows("core_store");
    let mut stores: BTreeSet<u64> = stores_rs
        .iter()
        .filter_map(|r| u64::try_from(stores_rs.int(r, "store_id")?).ok())
        .collect();
    stores.insert(0);
    // (entity_type_id, store_id) → (increment_prefix, increment_last_id); the row with
    // the highest entity_store_id wins when there are several.
    let es = ctx.src_rows("eav_entity_store");
    let mut increments: BTreeMap<(i64, i64), (i64, String, String)> = BTreeMap::new();
    for r in es.iter() {
        let (Some(ty), Some(store)) = (es.int(r, "entity_type_id"), es.int(r, "store_id")) else {
            continue;
        };
        let Some(last) = es.text(r, "increment_last_id") else {
            continue;
        };
        let id = es.int(r, "entity_store_id").unwrap_or(0);
        let prefix = es.text(r, "increment_prefix").unwrap_or_default();
        let e = increments
            .entry((ty, store))
            .or_insert((id, prefix.clone(), last.clone()));
        if id >= e.0 {
            *e = (id, prefix, last);
        }
    }
    let mut entities: Vec<&str> = TYPES.to_vec();
    if has_rma(ctx) {
        entities.push(RMA);
    }
    let keep = ctx.opts.keep_increment_format;
    let mut out = Vec::new();
    for entity in &entities {
        let ty = type_ids.get(*entity).copied();
        for store in &stores {
            let found = ty.and_then(|t| increments.get(&(t, *store as i64)));
            let mut seq = Sequence {
                entity: entity.to_string(),
                store: *store,
                prefix: store.to_string(),
                value: None,
                source: found.map(|(_, _, last)| last.clone()),
                kept_exactly: None,
            };
            if let Some((_, prefix, last)) = found {
                let kept = if keep { keep_format(last) } else { None };
                match kept {
                    Some(k) if k.prefix.chars().count() <= 32 => {
                        if !k.exact {
                            notes.push((
                                Level::Warning,
                                format!(
                                    "The {entity} numbers of store {store} cannot keep their Magento 1 format: the last one is {last}, and Magento 2 pads numbers to 9 digits, so the next one is {}",
                                    format_id(&k.prefix, k.value + 1)
                                ),
                            ));
                        }
                        seq.prefix = k.prefix;
                        seq.value = Some(k.value);
                        seq.kept_exactly = Some(k.exact);
                    }
                    other => {
                        if keep {
                            notes.push((
                                Level::Warning,
                                format!(
                                    "The {entity} numbers of store {store} cannot keep their Magento 1 format (the last one is {last}{}): Magento's way applies",
                                    if other.is_some() {
                                        ", which leaves a prefix longer than 32 characters"
                                    } else {
                                        ", which does not end in a digit"
                                    }
                                ),
                            ));
                        }
                        seq.value = Some(magento_value(prefix, last));
                    }
                }
                if seq.value.is_some_and(|v| v > MAX_VALUE) {
                    notes.push((
                        Level::Warning,
                        format!(
                            "The last {entity} number of store {store} ({last}) is larger than a Magento 2 sequence holds ({MAX_VALUE}); its sequence starts over at 1"
                        ),
                    ));
                    seq.value = None;
                }
                if seq.value == Some(0) {
                    seq.value = None;
                }
            }
            out.push(seq);
        }
    }
    // Increments of stores that do not exist are not carried over (Magento's tool walks the
    // stores).
    for ((ty, store), (_, _, last)) in &increments {
        let Some(entity) = entities
            .iter()
            .find(|e| type_ids.get(**e).copied() == Some(*ty))
        else {
            continue;
        };
        if !u64::try_from(*store).is_ok_and(|s| stores.contains(&s)) {
            notes.push((
                Level::Warning,
                format!(
                    "eav_entity_store has the last {entity} number {last} for store {store}, which core_store does not have: it is not carried over"
                ),
            ));
        }
    }
    (out, notes)
}

/// Whether the destination numbers RMA items (Magento Commerce).
fn has_rma(ctx: &Context) -> bool {
    let tables = format!("{}sequence_{RMA}_", ctx.dst_prefix);
    if ctx
        .dst
        .catalog
        .tables
        .keys()
        .any(|t| t.starts_with(&tables))
    {
        return true;
    }
    let meta = ctx.dst_rows(META);
    meta.iter()
        .any(|r| meta.text(r, "entity_type").as_deref() == Some(RMA))
}

fn text(s: impl Into<String>) -> Datum {
    Some(s.into().into_bytes())
}

/// Checks that a table has the columns `want` (and, with `exact`, no others).
fn check_columns(
    ctx: &Context,
    msgs: &mut Messages,
    source: bool,
    doc: &str,
    want: &[&str],
    exact: bool,
) {
    let side = if source { "Source" } else { "Destination" };
    let Some(table) = ctx.require_columns(msgs, TITLE, source, doc, want) else {
        return;
    };
    if exact {
        let extra: Vec<&str> = table
            .column_names()
            .into_iter()
            .filter(|c| !want.iter().any(|w| w.eq_ignore_ascii_case(c)))
            .collect();
        if !extra.is_empty() {
            msgs.push(
                ctx.problem(),
                TITLE,
                Stage::Integrity,
                format!(
                    "{side} fields are not mapped. Document: {doc}. Fields: {}",
                    extra.join(",")
                ),
            );
        }
    }
}

impl Step for SalesIncrementStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn dims(&self) -> Vec<&'static str> {
        SOURCES.iter().map(|(t, _)| *t).collect()
    }

    fn integrity(&self, ctx: &Context, msgs: &mut Messages) {
        for (doc, cols) in SOURCES {
            check_columns(ctx, msgs, true, doc, cols, false);
        }
        check_columns(ctx, msgs, false, META, &META_COLUMNS, true);
        check_columns(ctx, msgs, false, PROFILE, &PROFILE_COLUMNS, true);
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, msgs: &mut Messages) -> Result<()> {
        let meta = ctx.dst_table(META);
        let profile = ctx.dst_table(PROFILE);
        if ctx.dst.catalog.get(&meta).is_none() || ctx.dst.catalog.get(&profile).is_none() {
            return Ok(()); // reported by integrity
        }
        let (seqs, notes) = sequences(ctx);
        for (level, text) in notes {
            msgs.push(level, TITLE, Stage::Data, text);
        }
        let mut section = Section {
            step: TITLE.into(),
            name: "sequence tables, their meta and profile rows".into(),
            ..Default::default()
        };
        let mut meta_rows = Vec::new();
        let mut profile_rows = Vec::new();
        for (i, s) in seqs.iter().enumerate() {
            let table = ctx.dst_table(&format!("sequence_{}_{}", s.entity, s.store));
            let q = quote_ident(&table);
            section
                .pieces
                .push(Piece::Sql(format!("DROP TABLE IF EXISTS {q}").into_bytes()));
            section.pieces.push(Piece::Sql(
                format!(
                    "CREATE TABLE {q} (\n  `sequence_value` int unsigned NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`sequence_value`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
                )
                .into_bytes(),
            ));
            if let Some(v) = s.value {
                section.pieces.push(Piece::Rows {
                    table: table.clone(),
                    columns: vec!["sequence_value".into()],
                    rows: vec![vec![text(v.to_string())]],
                    on_duplicate: false,
                });
            }
            let id = (i + 1).to_string();
            meta_rows.push(vec![
                text(id.clone()),
                text(s.entity.clone()),
                text(s.store.to_string()),
                text(table),
            ]);
            profile_rows.push(vec![
                text(id.clone()),
                text(id),
                text(s.prefix.clone()),
                text(""),
                text("1"),
                text("1"),
                text(MAX_VALUE.to_string()),
                text(WARNING_VALUE.to_string()),
                text("1"),
            ]);
        }
        plan.clear.insert(meta.clone());
        plan.clear.insert(profile.clone());
        section.pieces.push(Piece::Rows {
            table: meta,
            columns: META_COLUMNS.iter().map(|c| c.to_string()).collect(),
            rows: meta_rows,
            on_duplicate: false,
        });
        section.pieces.push(Piece::Rows {
            table: profile,
            columns: PROFILE_COLUMNS.iter().map(|c| c.to_string()).collect(),
            rows: profile_rows,
            on_duplicate: false,
        });
        plan.after.push(section);
        Ok(())
    }

    fn volume(&self, ctx: &Context, plan: &Plan, _account: &Account, msgs: &mut Messages) {
        // What the output puts in each sequence table and profile.
        let str_of =
            |d: &Datum| String::from_utf8_lossy(d.as_deref().unwrap_or_default()).into_owned();
        let mut by_table: BTreeMap<&str, Vec<&Vec<Datum>>> = BTreeMap::new();
        for sec in plan.after.iter().filter(|s| s.step == TITLE) {
            for p in &sec.pieces {
                if let Piece::Rows { table, rows, .. } = p {
                    by_table.entry(table.as_str()).or_default().extend(rows);
                }
            }
        }
        let (meta, profile) = (ctx.dst_table(META), ctx.dst_table(PROFILE));
        let empty = Vec::new();
        // meta_id → sequence table; sequence table → profile prefix.
        let tables_by_meta: BTreeMap<String, String> = by_table
            .get(meta.as_str())
            .unwrap_or(&empty)
            .iter()
            .filter(|r| r.len() == META_COLUMNS.len())
            .map(|r| (str_of(&r[0]), str_of(&r[3])))
            .collect();
        let prefixes: BTreeMap<String, String> = by_table
            .get(profile.as_str())
            .unwrap_or(&empty)
            .iter()
            .filter(|r| r.len() == PROFILE_COLUMNS.len())
            .filter_map(|r| Some((tables_by_meta.get(&str_of(&r[1]))?.clone(), str_of(&r[2]))))
            .collect();
        let written: BTreeMap<&str, u64> = by_table
            .iter()
            .filter(|(t, _)| **t != meta && **t != profile)
            .filter_map(|(t, rows)| {
                let max = rows
                    .iter()
                    .filter_map(|r| str_of(r.first()?).parse::<u64>().ok())
                    .max()?;
                Some((*t, max))
            })
            .collect();
        let (seqs, _) = sequences(ctx);
        for s in seqs {
            let Some(source) = &s.source else { continue };
            let table = ctx.dst_table(&format!("sequence_{}_{}", s.entity, s.store));
            let dest = written.get(table.as_str()).copied();
            let (want, have) = match s.kept_exactly {
                // The Magento 1 number itself must be the last Magento 2 number.
                Some(true) => (
                    source.clone(),
                    format_id(
                        prefixes.get(&table).map_or("", String::as_str),
                        dest.unwrap_or(0),
                    ),
                ),
                // Magento's check: the numeric part is the last sequence value.
                Some(false) | None => {
                    let want = s.value.unwrap_or(0);
                    (want.to_string(), dest.unwrap_or(0).to_string())
                }
            };
            if want != have {
                msgs.push(
                    Level::Error,
                    TITLE,
                    Stage::Volume,
                    format!(
                        "Mismatch in last increment id of {} entity: Source: {want} Destination: {have}",
                        s.entity
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::defaults::RuleSet;
    use crate::pipeline::Options;
    use crate::pipeline::index::{Index, Wanted, index};
    use crate::steps::StepOptions;
    use std::path::Path;

    const M1: &str = "CREATE TABLE `eav_entity_type` (`entity_type_id` smallint NOT NULL, `entity_type_code` varchar(50) NOT NULL, PRIMARY KEY (`entity_type_id`));
INSERT INTO `eav_entity_type` VALUES (5,'order'),(6,'invoice'),(7,'creditmemo'),(8,'shipment');
CREATE TABLE `core_store` (`store_id` smallint NOT NULL, `website_id` smallint NOT NULL, PRIMARY KEY (`store_id`));
INSERT INTO `core_store` VALUES (0,0),(1,1);
CREATE TABLE `eav_entity_store` (`entity_store_id` int NOT NULL, `entity_type_id` smallint NOT NULL, `store_id` smallint NOT NULL, `increment_prefix` varchar(20), `increment_last_id` varchar(50), PRIMARY KEY (`entity_store_id`));
INSERT INTO `eav_entity_store` VALUES (1,5,1,'1','100000123'),(2,6,7,'7','700000001');
";

    const M2: &str = "CREATE TABLE `sales_sequence_meta` (`meta_id` int unsigned NOT NULL AUTO_INCREMENT, `entity_type` varchar(32) NOT NULL, `store_id` smallint unsigned NOT NULL, `sequence_table` varchar(64) NOT NULL, PRIMARY KEY (`meta_id`));
CREATE TABLE `sales_sequence_profile` (`profile_id` int unsigned NOT NULL AUTO_INCREMENT, `meta_id` int unsigned NOT NULL, `prefix` varchar(32), `suffix` varchar(32), `start_value` int unsigned NOT NULL, `step` int unsigned NOT NULL, `max_value` int unsigned NOT NULL, `warning_value` int unsigned NOT NULL, `is_active` tinyint NOT NULL, `extra` int, PRIMARY KEY (`profile_id`));
";

    fn indexed(dir: &Path, name: &str, sql: &str) -> Index {
        let path = dir.join(name);
        std::fs::write(&path, sql).unwrap();
        let src = crate::dump::source::open(&path).unwrap();
        let opts = Options {
            jobs: 1,
            progress: false,
            ..Options::default()
        };
        let wanted = Wanted {
            all: true,
            ..Default::default()
        };
        index(&src, &opts, &wanted).unwrap()
    }

    fn run(keep: bool) -> (Plan, Messages, Messages) {
        let dir = tempfile::tempdir().unwrap();
        let (src, dst) = (
            indexed(dir.path(), "m1.sql", M1),
            indexed(dir.path(), "m2.sql", M2),
        );
        let rules = RuleSet::load(None, "1.9.4.5", Path::new(".")).unwrap();
        let opts = StepOptions {
            auto: true,
            keep_increment_format: keep,
            ..Default::default()
        };
        let ctx = Context {
            src: &src,
            dst: &dst,
            rules: &rules,
            src_prefix: String::new(),
            dst_prefix: String::new(),
            opts: &opts,
        };
        let mut integrity = Messages::default();
        SalesIncrementStep.integrity(&ctx, &mut integrity);
        let mut plan = Plan::default();
        let mut msgs = Messages::default();
        SalesIncrementStep.plan(&ctx, &mut plan, &mut msgs).unwrap();
        SalesIncrementStep.volume(&ctx, &plan, &Account::default(), &mut msgs);
        // The same volume check on a plan whose order sequence of store 1 is off by one.
        let shift = |plan: &mut Plan, by: i64| {
            for sec in &mut plan.after {
                for p in &mut sec.pieces {
                    if let Piece::Rows { table, rows, .. } = p
                        && table == "sequence_order_1"
                    {
                        let v: i64 = String::from_utf8(rows[0][0].clone().unwrap())
                            .unwrap()
                            .parse()
                            .unwrap();
                        rows[0][0] = Some((v + by).to_string().into_bytes());
                    }
                }
            }
        };
        shift(&mut plan, -1);
        let mut tampered = Messages::default();
        SalesIncrementStep.volume(&ctx, &plan, &Account::default(), &mut tampered);
        let found: Vec<&str> = tampered.list.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("Mismatch in last increment id of order entity: Source: "),
            "{found:?}"
        );
        assert_eq!(tampered.list[0].level, Level::Error);
        shift(&mut plan, 1);
        (plan, msgs, integrity)
    }

    fn texts(m: &Messages) -> Vec<String> {
        m.list.iter().map(|m| m.text.clone()).collect()
    }

    #[test]
    fn plans_sequences_and_checks_their_volume() {
        let (plan, msgs, integrity) = run(false);
        assert_eq!(
            texts(&integrity),
            ["Destination fields are not mapped. Document: sales_sequence_profile. Fields: extra"]
        );
        assert_eq!(integrity.list[0].level, Level::Warning, "--auto");
        // Store 7 does not exist: said, not carried over; nothing else to say.
        assert_eq!(msgs.list.len(), 1, "{:?}", texts(&msgs));
        assert!(
            msgs.list[0]
                .text
                .contains("for store 7, which core_store does not have")
        );
        assert!(plan.clear.contains("sales_sequence_meta"));
        let sec = &plan.after[0];
        let rows = |t: &str| -> Vec<Vec<String>> {
            sec.pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Rows { table, rows, .. } if table == t => Some(rows),
                    _ => None,
                })
                .flatten()
                .map(|r| {
                    r.iter()
                        .map(|d| String::from_utf8(d.clone().unwrap_or_default()).unwrap())
                        .collect()
                })
                .collect()
        };
        assert_eq!(rows("sequence_order_1"), [["123"]]);
        assert!(rows("sequence_order_0").is_empty());
        assert_eq!(
            rows("sales_sequence_meta").len(),
            8,
            "4 types × stores 0 and 1"
        );
        assert_eq!(
            rows("sales_sequence_meta")[1],
            ["2", "order", "1", "sequence_order_1"]
        );
        assert_eq!(
            rows("sales_sequence_profile")[1],
            ["2", "2", "1", "", "1", "1", "4294967295", "4294966295", "1"]
        );
        let ddl = sec.pieces.iter().any(|p| {
            matches!(p, Piece::Sql(s) if s.starts_with(b"CREATE TABLE `sequence_shipment_1` ("))
        });
        assert!(ddl);
    }

    #[test]
    fn kept_format_plans_the_m1_number() {
        let (plan, _, _) = run(true);
        let sec = &plan.after[0];
        let found = sec.pieces.iter().any(|p| {
            matches!(p, Piece::Rows { table, rows, .. }
                if table == "sequence_order_1" && rows[0][0].as_deref() == Some(b"100000123".as_slice()))
        });
        assert!(found);
        let profile = sec.pieces.iter().find_map(|p| match p {
            Piece::Rows { table, rows, .. } if table == "sales_sequence_profile" => Some(rows),
            _ => None,
        });
        assert_eq!(profile.unwrap()[1][2].as_deref(), Some(b"".as_slice()));
    }

    #[test]
    fn numeric_part_as_magento_takes_it() {
        assert_eq!(magento_value("1", "100000123"), 123);
        assert_eq!(magento_value("", "100000123"), 100_000_123);
        assert_eq!(magento_value("2", "200000045"), 45);
        assert_eq!(magento_value("ORD-", "ORD-77x"), 77);
        assert_eq!(magento_value("1", "1"), 0);
        assert_eq!(magento_value("é", "é"), 0);
        assert_eq!(magento_value("", "abc"), 0);
    }

    #[test]
    fn formats_kept() {
        let k = keep_format("100000123").unwrap();
        assert_eq!(
            k,
            Kept {
                prefix: String::new(),
                value: 100_000_123,
                exact: true
            }
        );
        assert_eq!(format_id(&k.prefix, k.value + 1), "100000124");
        let k = keep_format("1000000123").unwrap();
        assert_eq!((k.prefix.as_str(), k.value, k.exact), ("1", 123, true));
        assert_eq!(format_id(&k.prefix, k.value + 1), "1000000124");
        let k = keep_format("SO-2024-000000999").unwrap();
        assert_eq!((k.prefix.as_str(), k.value), ("SO-2024-", 999));
        assert_eq!(format_id(&k.prefix, k.value), "SO-2024-000000999");
        let k = keep_format("S77").unwrap();
        assert_eq!((k.prefix.as_str(), k.value, k.exact), ("S", 77, false));
        assert_eq!(keep_format("ABC"), None);
        assert_eq!(keep_format(""), None);
        assert_eq!(keep_format("é12").unwrap().prefix, "é");
    }
}

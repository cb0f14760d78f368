//! Data Integrity Step: for every foreign key the Magento 1 DDL declares (inline or by a
//! trailing `ALTER TABLE … ADD CONSTRAINT`), the child rows whose key has no parent row.
//! Magento's tool runs one LEFT JOIN per key against the live database; here the work pass
//! collects the key values of every row once, and the check runs on the sets.

use super::{Collected, Context, Messages, Plan, Stage, Step};
use anyhow::Result;

pub struct DataIntegrityStep;

pub const TITLE: &str = "Data Integrity Step";

/// How many orphan ids a message lists.
const MAX_IDS: usize = 100;

/// One foreign key to check: indexes into [`Plan::keys`].
struct Check {
    name: String,
    child: usize,
    parent: usize,
    child_table: String,
    child_columns: Vec<String>,
    parent_table: String,
}

fn checks(ctx: &Context, plan: &mut Plan) -> Vec<Check> {
    let mut out = Vec::new();
    for (name, table) in &ctx.src.catalog.tables {
        for fk in &table.foreign_keys {
            if fk.columns.is_empty() || fk.columns.len() != fk.ref_columns.len() {
                continue;
            }
            let child = plan.key(name, &fk.columns);
            let parent = plan.key(&fk.ref_table, &fk.ref_columns);
            out.push(Check {
                name: fk
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("{name}({})", fk.columns.join(","))),
                child,
                parent,
                child_table: name.clone(),
                child_columns: fk.columns.clone(),
                parent_table: fk.ref_table.clone(),
            });
        }
    }
    out
}

impl Step for DataIntegrityStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, _msgs: &mut Messages) -> Result<()> {
        checks(ctx, plan);
        Ok(())
    }

    fn after_work(&self, ctx: &Context, plan: &Plan, collected: &Collected, msgs: &mut Messages) {
        let mut p = Plan {
            keys: plan.keys.clone(),
            ..Default::default()
        };
        for c in checks(ctx, &mut p) {
            let (Some(children), Some(parents)) = (collected.get(c.child), collected.get(c.parent))
            else {
                continue;
            };
            let mut orphans: Vec<&Vec<u8>> = children
                .keys()
                .filter(|k| !parents.contains_key(*k))
                .collect();
            if orphans.is_empty() {
                continue;
            }
            orphans.sort_by(|a, b| {
                let n = |v: &[u8]| {
                    std::str::from_utf8(v)
                        .ok()
                        .and_then(|s| s.parse::<i64>().ok())
                };
                match (n(a), n(b)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    _ => a.cmp(b),
                }
            });
            let total = orphans.len();
            let mut ids: Vec<String> = orphans
                .iter()
                .take(MAX_IDS)
                .map(|k| String::from_utf8_lossy(k).replace('\u{1f}', ","))
                .collect();
            if total > MAX_IDS {
                ids.push(format!("… ({total} in all)"));
            }
            msgs.push(
                ctx.problem(),
                TITLE,
                Stage::Integrity,
                format!(
                    "Foreign key ({}) constraint fails on source database. Orphan records id: {} from `{}`.`{}` has no referenced records in `{}`",
                    c.name,
                    ids.join(","),
                    c.child_table,
                    c.child_columns.join(","),
                    c.parent_table
                ),
            );
        }
    }
}

//! Data Integrity Step: for every foreign key the Magento 1 DDL declares (inline or by a
//! trailing `ALTER TABLE … ADD CONSTRAINT`), the child rows whose key has no parent row.
//! Magento's tool runs one LEFT JOIN per key against the live database; here the work pass
//! collects the key values of every row once, and the check runs on the sets.

use super::keys::KeySet;
use super::{Collected, Context, Level, Messages, Piece, Plan, Section, Stage, Step};
use crate::dump::write::quote_ident;
use crate::mapping::plan::{Slot, TablePlan};
use anyhow::Result;

pub struct DataIntegrityStep;

/// The child key values without a parent row, in id order, with their rows.
fn orphans_of(children: &KeySet, parents: &KeySet) -> Vec<(Vec<u8>, u64)> {
    children
        .missing_from(parents)
        .into_iter()
        .map(|(k, c)| (k.bytes(), c))
        .collect()
}

/// Whether a selective run (`--only`/`--skip`) leaves the table out.
fn left_out(plan: &Plan, table: &str) -> bool {
    matches!(plan.tables.get(table), Some((_, TablePlan::Drop { rule })) if rule == super::select::RULE)
}

/// Largest `DELETE` statement written for orphans, in bytes.
const DELETE_CAP: usize = 512 * 1024;

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
    parent_columns: Vec<String>,
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
                parent_columns: fk.ref_columns.clone(),
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
            if left_out(plan, &c.child_table) {
                continue;
            }
            let (Some(children), Some(parents)) = (collected.get(c.child), collected.get(c.parent))
            else {
                continue;
            };
            let orphans = orphans_of(children, parents);
            if orphans.is_empty() {
                continue;
            }
            let total = orphans.len();
            let mut ids: Vec<String> = orphans
                .iter()
                .take(MAX_IDS)
                .map(|(k, _)| String::from_utf8_lossy(k).replace('\u{1f}', ","))
                .collect();
            if total > MAX_IDS {
                ids.push(format!("… ({total} in all)"));
            }
            let (level, tail) = if ctx.opts.drop_orphans {
                (Level::Warning, "; the rows are left out (--drop-orphans)")
            } else {
                (ctx.problem(), "")
            };
            msgs.push(
                level,
                TITLE,
                Stage::Integrity,
                format!(
                    "Foreign key ({}) constraint fails on source database. Orphan records id: {} from `{}`.`{}` has no referenced records in `{}`{tail}",
                    c.name,
                    ids.join(","),
                    c.child_table,
                    c.child_columns.join(","),
                    c.parent_table
                ),
            );
        }
    }

    /// With `--drop-orphans`: the orphan rows deleted from their Magento 2 table at the end
    /// of the load, by the values of their foreign key, and counted in the account.
    fn closing(
        &self,
        ctx: &Context,
        plan: &Plan,
        collected: &Collected,
        msgs: &mut Messages,
    ) -> Vec<Section> {
        if !ctx.opts.drop_orphans {
            return Vec::new();
        }
        let mut p = Plan {
            keys: plan.keys.clone(),
            ..Default::default()
        };
        let mut sec = Section {
            step: TITLE.into(),
            name: "orphan rows left out (--drop-orphans)".into(),
            ..Default::default()
        };
        for c in checks(ctx, &mut p) {
            if left_out(plan, &c.child_table) {
                continue;
            }
            let (Some(children), Some(parents)) = (collected.get(c.child), collected.get(c.parent))
            else {
                continue;
            };
            let orphans = orphans_of(children, parents);
            if orphans.is_empty() {
                continue;
            }
            let Some((_, TablePlan::Write(w))) = plan.tables.get(&c.child_table) else {
                msgs.push(
                    Level::Notice,
                    TITLE,
                    Stage::Data,
                    format!(
                        "orphan rows of `{}` are not deleted: no step writes that table row by row",
                        c.child_table
                    ),
                );
                continue;
            };
            // The destination columns of the foreign key.
            let cols: Option<Vec<String>> = c
                .child_columns
                .iter()
                .map(|col| {
                    let i = w.source_columns.iter().position(|s| s == col)?;
                    let j = w.slots.iter().position(|s| *s == Slot::Source(i))?;
                    w.columns.get(j).cloned()
                })
                .collect();
            let Some(cols) = cols else {
                msgs.push(
                    Level::Notice,
                    TITLE,
                    Stage::Data,
                    format!(
                        "orphan rows of `{}` are not deleted: `{}` is not written to `{}`",
                        c.child_table,
                        c.child_columns.join(","),
                        w.dest
                    ),
                );
                continue;
            };
            let rows: u64 = orphans.iter().map(|(_, n)| n).sum();
            let head = format!(
                "DELETE FROM {} WHERE ({}) IN (",
                quote_ident(&w.dest),
                cols.iter()
                    .map(|c| quote_ident(c))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let mut stmt = head.clone().into_bytes();
            let mut first = true;
            for (k, _) in &orphans {
                let mut tuple = vec![b'('];
                for (i, part) in k.split(|&b| b == 0x1f).enumerate() {
                    if i > 0 {
                        tuple.push(b',');
                    }
                    crate::dump::value::escape_quoted(&mut tuple, part);
                }
                tuple.push(b')');
                if !first && stmt.len() + tuple.len() > DELETE_CAP {
                    stmt.push(b')');
                    sec.pieces.push(Piece::Sql(std::mem::replace(
                        &mut stmt,
                        head.clone().into_bytes(),
                    )));
                    first = true;
                }
                if !first {
                    stmt.push(b',');
                }
                stmt.extend_from_slice(&tuple);
                first = false;
            }
            stmt.push(b')');
            sec.pieces.push(Piece::Sql(stmt));
            sec.removed.push((
                w.dest.clone(),
                rows,
                format!(
                    "orphan: `{}`.`{}` has no row in `{}`.`{}` (--drop-orphans)",
                    c.child_table,
                    c.child_columns.join(","),
                    c.parent_table,
                    c.parent_columns.join(",")
                ),
            ));
        }
        if sec.pieces.is_empty() {
            Vec::new()
        } else {
            vec![sec]
        }
    }
}

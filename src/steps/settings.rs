//! Settings Step (settings mode): Magento 1 `core_config_data` merged into Magento 2's, as
//! settings.xml says. For each Magento 1 row whose path is not ignored: the path renamed,
//! the value through the path's handler (keyed by the Magento 1 path, as Magento does); a
//! Magento 2 row with the same scope, scope id and path gets the value, otherwise the row is
//! added. The table is emptied and the merged list written with new ids, as Magento's tool
//! does; `updated_at` takes its default.

use super::{Context, Level, Messages, Piece, Plan, Section, Stage, Step, TableAccount};
use crate::mapping::plan::TablePlan;
use anyhow::Result;
use std::collections::BTreeMap;

pub struct SettingsStep;

pub const TITLE: &str = "Settings Step";

const DOC: &str = "core_config_data";

type Key = (Vec<u8>, Vec<u8>, Vec<u8>);

impl Step for SettingsStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn dims(&self) -> Vec<&'static str> {
        vec![DOC]
    }

    fn integrity(&self, ctx: &Context, msgs: &mut Messages) {
        for (side, present) in [
            ("source", ctx.src.catalog.get(&ctx.src_table(DOC)).is_some()),
            (
                "destination",
                ctx.dst.catalog.get(&ctx.dst_table(DOC)).is_some(),
            ),
        ] {
            if !present {
                msgs.push(
                    ctx.problem(),
                    TITLE,
                    Stage::Integrity,
                    format!("Integrity check failed due to \"{DOC}\" document does not exist in the {side} resource"),
                );
                msgs.push(
                    Level::Notice,
                    TITLE,
                    Stage::Integrity,
                    "Please check if table names uses prefix, add it to your config.xml file",
                );
            }
        }
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, msgs: &mut Messages) -> Result<()> {
        let src_name = ctx.src_table(DOC);
        let dst_name = ctx.dst_table(DOC);
        let Some(dst_table) = ctx.dst.catalog.get(&dst_name) else {
            return Ok(());
        };
        if ctx.src.catalog.get(&src_name).is_none() {
            return Ok(());
        }
        let rules = &ctx.rules.settings;
        let m2 = ctx.dst.dim(&dst_name);
        let m1 = ctx.src.dim(&src_name);
        // Magento 2's rows in their order, keyed by (scope, scope_id, path).
        let mut merged: Vec<(Key, Option<Vec<u8>>)> = Vec::new();
        let mut at: BTreeMap<Key, usize> = BTreeMap::new();
        let key = |set: &crate::schema::rows::RowSet,
                   r: &[crate::schema::rows::Datum],
                   path: &[u8]|
         -> Key {
            (
                set.get(r, "scope").unwrap_or(b"default").to_vec(),
                set.get(r, "scope_id").unwrap_or(b"0").to_vec(),
                path.to_vec(),
            )
        };
        for r in m2.iter() {
            let path = m2.get(r, "path").unwrap_or_default();
            let k = key(m2, r, path);
            at.insert(k.clone(), merged.len());
            merged.push((k, m2.get(r, "value").map(<[u8]>::to_vec)));
        }
        let mut account = TableAccount {
            read: m1.len() as u64,
            ..Default::default()
        };
        let mut handlers = BTreeMap::new();
        for r in m1.iter() {
            let path_bytes = m1.get(r, "path").unwrap_or_default();
            let path = String::from_utf8_lossy(path_bytes).into_owned();
            if rules.ignored(&path) {
                *account
                    .dropped
                    .entry("settings.xml ignores the path".into())
                    .or_default() += 1;
                continue;
            }
            let new_path = rules.renamed(&path).unwrap_or_else(|| path.clone());
            let mut value = m1.get(r, "value").map(<[u8]>::to_vec);
            if let Some(spec) = rules.handler(&path) {
                let k = key(m1, r, new_path.as_bytes());
                let current = at.get(&k).and_then(|&i| merged[i].1.clone());
                let mut warn = Vec::new();
                match super::settings_handlers::apply(
                    ctx,
                    &spec,
                    &path,
                    value.as_deref(),
                    current.as_deref(),
                    &mut warn,
                ) {
                    Ok(v) => value = v,
                    Err(e) => {
                        msgs.push(Level::Warning, TITLE, Stage::Data, format!("{path}: {e}"));
                    }
                }
                for w in warn {
                    msgs.push(Level::Warning, TITLE, Stage::Data, w);
                }
                *handlers
                    .entry(crate::mapping::wiring::short_class(&spec.class).to_string())
                    .or_insert(0u64) += 1;
            }
            let k = key(m1, r, new_path.as_bytes());
            match at.get(&k) {
                Some(&i) => merged[i].1 = value,
                None => {
                    at.insert(k.clone(), merged.len());
                    merged.push((k, value));
                }
            }
        }
        let written_m1 = account.read - account.dropped.values().sum::<u64>();
        account.written.insert(dst_name.clone(), written_m1);
        // Columns: config_id renumbered, the key, the value; updated_at left to its default.
        let mut columns = vec![
            "config_id".to_string(),
            "scope".into(),
            "scope_id".into(),
            "path".into(),
            "value".into(),
        ];
        columns.retain(|c| dst_table.column(c).is_some());
        let rows = merged
            .into_iter()
            .enumerate()
            .map(|(i, ((scope, scope_id, path), value))| {
                let mut r = Vec::with_capacity(columns.len());
                for c in &columns {
                    r.push(match c.as_str() {
                        "config_id" => Some((i + 1).to_string().into_bytes()),
                        "scope" => Some(scope.clone()),
                        "scope_id" => Some(scope_id.clone()),
                        "path" => Some(path.clone()),
                        _ => value.clone(),
                    });
                }
                r
            })
            .collect();
        plan.claim(
            TITLE,
            &src_name,
            TablePlan::Generated { step: TITLE.into() },
        );
        plan.clear.insert(dst_name.clone());
        plan.before.push(Section {
            step: TITLE.into(),
            name: "core_config_data merged".into(),
            pieces: vec![Piece::Rows {
                table: dst_name,
                columns,
                rows,
                on_duplicate: false,
            }],
            accounts: vec![(src_name, account)],
            removed: Vec::new(),
        });
        Ok(())
    }
}

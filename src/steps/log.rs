//! Log Step: Magento 1's `log_visitor` → Magento 2's `customer_visitor`, by the rules of
//! map-log.xml (visitor_id, session_id and last_visit_at kept, first_visit_at → created_at,
//! last_url_id and store_id dropped; customer_id is not carried, as in Magento's tool).
//!
//! Beyond Magento's tool: Magento 2.4 keeps no session ids (`customer_visitor.session_id` is
//! a deprecated `varchar(1)`); Magento's tool cuts the 32–64 character ids to one character
//! without a word. m1tom2 writes NULL there and counts the rows in the report.

use super::{Account, Context, Level, Messages, Plan, Stage, Step};
use crate::mapping::plan::{Cell, Record, RowHandler, RowNotes, TablePlan};
use anyhow::Result;
use std::sync::Arc;

pub const TITLE: &str = "Log Step";

/// The event counted for each session id left out.
pub const SESSION_ID_DROPPED: &str =
    "customer_visitor.session_id: Magento 2.4 keeps no session ids (varchar(1)); NULL written";

pub struct LogStep;

#[derive(Debug)]
struct NoSessionId {
    col: usize,
}

impl RowHandler for NoSessionId {
    fn apply(&self, rec: &mut Record<'_>, notes: &mut RowNotes) {
        if let Some(c) = rec.cells.get_mut(self.col)
            && !c.is_null()
        {
            *c = Cell::Set(None);
            notes.count(SESSION_ID_DROPPED);
        }
    }
}

/// The log documents: source_documents of log-document-groups.xml.
fn documents(ctx: &Context) -> Vec<String> {
    let docs = ctx.rules.log_document_groups.names("source_documents");
    if docs.is_empty() {
        vec!["log_visitor".to_string()]
    } else {
        docs.into_iter().map(str::to_string).collect()
    }
}

impl Step for LogStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, msgs: &mut Messages) -> Result<()> {
        let map = &ctx.rules.map_log;
        for doc in documents(ctx) {
            let src_name = ctx.src_table(&doc);
            let Some(src) = ctx.src.catalog.get(&src_name) else {
                continue;
            };
            let dest_doc = map.dest_document(&doc).unwrap_or_else(|| doc.clone());
            let dst_name = ctx.dst_table(&dest_doc);
            let Some(dst) = ctx.dst.catalog.get(&dst_name) else {
                msgs.push(
                    ctx.problem(),
                    TITLE,
                    Stage::Integrity,
                    format!("Source documents are not mapped: {doc}"),
                );
                continue;
            };
            let d = super::map::decide(ctx, map, src, &doc, dst, &dest_doc, &[])?;
            for (what, fields, document) in [
                ("Source", &d.unmapped_source_fields, &doc),
                ("Destination", &d.unmapped_dest_fields, &dest_doc),
            ] {
                if !fields.is_empty() {
                    msgs.push(
                        ctx.problem(),
                        TITLE,
                        Stage::Integrity,
                        format!(
                            "{what} fields are not mapped. Document: {document}. Fields: {}",
                            fields.join(",")
                        ),
                    );
                }
            }
            let TablePlan::Write(w) = d.plan else {
                continue;
            };
            let mut w = Arc::try_unwrap(w).expect("a fresh plan");
            if let Some(col) = w.columns.iter().position(|c| c == "session_id")
                && dst
                    .column("session_id")
                    .and_then(|c| c.length)
                    .is_some_and(|n| n <= 1)
            {
                w.dest_handlers.push(Box::new(NoSessionId { col }));
                if let Some(c) = w.checks.get_mut(col) {
                    *c = None;
                }
            }
            plan.clear.insert(dst_name);
            plan.take_over(TITLE, &src_name, TablePlan::Write(Arc::new(w)));
        }
        Ok(())
    }

    fn volume(&self, ctx: &Context, _plan: &Plan, account: &Account, msgs: &mut Messages) {
        for doc in documents(ctx) {
            let src_name = ctx.src_table(&doc);
            let Some(acc) = account.tables.get(&src_name) else {
                continue;
            };
            let written: u64 = acc.written.values().sum();
            if written != acc.read {
                msgs.push(
                    Level::Error,
                    TITLE,
                    Stage::Volume,
                    format!(
                        "Mismatch of entities in the document: {doc} Source: {} Destination: {written}",
                        acc.read
                    ),
                );
            }
        }
    }
}

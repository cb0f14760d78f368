//! Ratings Step: the Map step writes every rating with `is_active` = 0 (map.xml's
//! destination SetValue); a rating shown in some store view (a `rating_store` row with
//! store_id > 0) is active in Magento 2. The ids are read from the Magento 1 `rating_store`
//! rows decoded in pass 1 and written as one explicit `UPDATE rating SET is_active = 1
//! WHERE rating_id IN (…)` after the streamed rows.
//!
//! Integrity messages are Magento's: '"rating" or "rating_store" documents do not exist in
//! the destination resource' and '"is_active" field does not exist in "rating" document of
//! the destination resource'. Volume: every rating the update activates must be one the
//! migration writes ("Mismatch of entities in the documents: rating, rating_store").

use super::{Account, Context, Level, Messages, Piece, Plan, Section, Stage, Step};
use crate::dump::write::quote_ident;
use anyhow::Result;
use std::collections::BTreeSet;

pub struct RatingsStep;

pub const TITLE: &str = "Ratings Step";

fn number(b: &[u8]) -> Option<u64> {
    std::str::from_utf8(b).ok()?.trim().parse().ok()
}

/// Rating ids with a rating_store row of a store view (store_id > 0).
fn active_ids(ctx: &Context) -> BTreeSet<u64> {
    let rs = ctx.src_rows("rating_store");
    rs.iter()
        .filter(|r| {
            rs.get(r, "store_id")
                .and_then(number)
                .is_some_and(|s| s > 0)
        })
        .filter_map(|r| rs.get(r, "rating_id").and_then(number))
        .collect()
}

/// Rating ids of the Magento 1 rating rows.
fn rating_ids(ctx: &Context) -> BTreeSet<u64> {
    let rs = ctx.src_rows("rating");
    rs.iter()
        .filter_map(|r| rs.get(r, "rating_id").and_then(number))
        .collect()
}

/// Whether the destination has what the step needs.
fn ready(ctx: &Context) -> Result<(), &'static str> {
    let (Some(rating), Some(_)) = (
        ctx.dst.catalog.get(&ctx.dst_table("rating")),
        ctx.dst.catalog.get(&ctx.dst_table("rating_store")),
    ) else {
        return Err(
            "\"rating\" or \"rating_store\" documents do not exist in the destination resource",
        );
    };
    if rating.column("is_active").is_none() {
        return Err(
            "\"is_active\" field does not exist in \"rating\" document of the destination resource",
        );
    }
    Ok(())
}

impl Step for RatingsStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn dims(&self) -> Vec<&'static str> {
        vec!["rating", "rating_store"]
    }

    fn integrity(&self, ctx: &Context, msgs: &mut Messages) {
        if let Err(m) = ready(ctx) {
            msgs.push(ctx.problem(), TITLE, Stage::Integrity, m);
        }
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, _msgs: &mut Messages) -> Result<()> {
        if ready(ctx).is_err() {
            return Ok(());
        }
        let ids = active_ids(ctx);
        if ids.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = ids.iter().map(u64::to_string).collect();
        plan.after.push(Section {
            step: TITLE.into(),
            name: "ratings shown in a store view are active".into(),
            pieces: vec![Piece::Sql(
                format!(
                    "UPDATE {} SET `is_active` = 1 WHERE `rating_id` IN ({})",
                    quote_ident(&ctx.dst_table("rating")),
                    list.join(",")
                )
                .into_bytes(),
            )],
            accounts: Vec::new(),
            removed: Vec::new(),
        });
        Ok(())
    }

    fn volume(&self, ctx: &Context, _plan: &Plan, account: &Account, msgs: &mut Messages) {
        if ready(ctx).is_err() {
            return;
        }
        let active = active_ids(ctx);
        let ratings = rating_ids(ctx);
        let written = account.written_to(&ctx.dst_table("rating"));
        // Every rating to activate is a rating the migration wrote.
        let orphans = active.iter().any(|id| !ratings.contains(id));
        if orphans || (!active.is_empty() && written < ratings.len() as u64) {
            msgs.push(
                Level::Error,
                TITLE,
                Stage::Volume,
                "Mismatch of entities in the documents: rating, rating_store",
            );
        }
    }
}

//! Selective migration (`--only` / `--skip`, DMT issue #520): a run migrates some steps or
//! table groups — say only customers and orders — and leaves every other Magento 2 table
//! as it is (not emptied, not filled). Integrity checks narrow to match: tables left out
//! are neither "not mapped" nor checked for orphans.
//!
//! Names are steps (`eav`, `customer`, `map`, `url-rewrite`, `log`, `ratings`,
//! `configurable-prices`, `order-grids`, `tier-price`, `sales-increment`, `inventory`,
//! `post-processing`, …) or table groups ([`GROUPS`]). A table is migrated when its group or
//! the step that writes it is selected (`--only`) and neither is left out (`--skip`).

use super::{Level, Messages, Piece, Plan, Stage};
use crate::mapping::plan::TablePlan;
use anyhow::{Result, bail};
use std::collections::BTreeSet;

/// The rule rows of tables left out get in the account.
pub const RULE: &str = "not selected for this run (--only/--skip)";

/// Table groups: name, Magento 1 table name prefixes (without the table prefix), and the
/// steps that belong to the group. The first group whose prefix matches wins.
pub const GROUPS: &[(&str, &[&str], &[&str])] = &[
    (
        "orders",
        &[
            "sales_",
            "downloadable_link_purchased",
            "gift_message",
            "paypal_",
        ],
        &["ordergrids", "salesincrement"],
    ),
    (
        "customers",
        &[
            "customer_",
            "wishlist",
            "newsletter_subscriber",
            "persistent_session",
            "log_customer",
        ],
        &["customerattributes"],
    ),
    ("eav", &["eav_"], &["eav"]),
    ("visitors", &["log_"], &["log"]),
    ("promotions", &["salesrule", "catalogrule", "coupon"], &[]),
    ("cms", &["cms_", "widget"], &[]),
    (
        "catalog",
        &[
            "catalog_",
            "cataloginventory_",
            "catalogsearch_",
            "product_alert_",
            "review",
            "rating",
            "tag",
            "core_url_rewrite",
            "downloadable_",
            "weee_",
        ],
        &[
            "urlrewrite",
            "ratings",
            "configurableprices",
            "tierprice",
            "inventory",
            "postprocessing",
            "urlkeys",
        ],
    ),
];

/// Every other table.
pub const OTHER: &str = "other";

/// Steps that always run: they check or write nothing a selection could leave out.
const ALWAYS: &[&str] = &["dataintegrity", "settings", "stores"];

/// Step names as users write them: lower case, no spaces, dashes or `step`.
fn canonical(name: &str) -> String {
    let s: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let s = s.strip_suffix("step").unwrap_or(&s).to_string();
    match s.as_str() {
        "customer" | "customerattribute" => "customerattributes".into(),
        "urlrewrites" => "urlrewrite".into(),
        "tierprices" => "tierprice".into(),
        "urlkey" => "urlkeys".into(),
        "sales" => "orders".into(),
        _ => s,
    }
}

/// The step names a selection may use.
fn step_names() -> BTreeSet<String> {
    let mut s: BTreeSet<String> = GROUPS
        .iter()
        .flat_map(|(_, _, steps)| steps.iter().map(|s| s.to_string()))
        .collect();
    s.insert("map".into());
    s
}

fn group_names() -> BTreeSet<String> {
    let mut s: BTreeSet<String> = GROUPS.iter().map(|(g, _, _)| g.to_string()).collect();
    s.insert(OTHER.into());
    s
}

/// The group of a Magento 1 table (name without prefix).
pub fn group_of(doc: &str) -> &'static str {
    GROUPS
        .iter()
        .find(|(_, prefixes, _)| prefixes.iter().any(|p| doc.starts_with(p)))
        .map(|(g, _, _)| *g)
        .unwrap_or(OTHER)
}

/// What `--only` and `--skip` name, canonical.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub only: BTreeSet<String>,
    pub skip: BTreeSet<String>,
}

impl Selection {
    /// Reads the names; an unknown one is an error that lists the known ones.
    pub fn parse(only: &[String], skip: &[String]) -> Result<Selection> {
        let known: BTreeSet<String> = step_names().union(&group_names()).cloned().collect();
        let read = |list: &[String], flag: &str| -> Result<BTreeSet<String>> {
            let mut out = BTreeSet::new();
            for raw in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                let c = canonical(raw);
                if !known.contains(&c) {
                    bail!(
                        "{flag} {raw}: not a step or table group of m1tom2\n  hint: table groups: {}; steps: {}",
                        group_names().into_iter().collect::<Vec<_>>().join(", "),
                        step_names().into_iter().collect::<Vec<_>>().join(", ")
                    );
                }
                out.insert(c);
            }
            Ok(out)
        };
        Ok(Selection {
            only: read(only, "--only")?,
            skip: read(skip, "--skip")?,
        })
    }

    pub fn is_all(&self) -> bool {
        self.only.is_empty() && self.skip.is_empty()
    }

    fn named(set: &BTreeSet<String>, step: &str, group: &str) -> bool {
        set.contains(step) || set.contains(group)
    }

    /// Whether a step (by its title) runs.
    pub fn runs_step(&self, title: &str) -> bool {
        let step = canonical(title);
        if ALWAYS.contains(&step.as_str()) {
            return true;
        }
        // The groups the step belongs to; the Map step serves every group.
        let groups: Vec<String> = if step == "map" {
            group_names().into_iter().collect()
        } else {
            GROUPS
                .iter()
                .filter(|(_, _, steps)| steps.contains(&step.as_str()))
                .map(|(g, _, _)| g.to_string())
                .collect()
        };
        if self.skip.contains(&step) {
            return false;
        }
        if !groups.is_empty() && step != "map" && groups.iter().all(|g| self.skip.contains(g)) {
            return false;
        }
        self.only.is_empty()
            || self.only.contains(&step)
            || groups.iter().any(|g| self.only.contains(g))
    }

    /// Whether the rows of a source table (name without prefix), written by `step`, are
    /// migrated.
    pub fn takes_table(&self, doc: &str, step_title: &str) -> bool {
        let step = canonical(step_title);
        let group = group_of(doc);
        if Self::named(&self.skip, &step, group) {
            return false;
        }
        self.only.is_empty() || Self::named(&self.only, &step, group)
    }
}

/// Narrows a plan to the selection: tables left out get [`RULE`], the Magento 2 tables
/// nothing fills any more are no longer emptied, sections of steps that do not run go.
pub fn apply(
    sel: &Selection,
    src_prefix: &str,
    plan: &mut Plan,
    msgs: &mut Messages,
) -> BTreeSet<String> {
    let mut left_out = BTreeSet::new();
    if sel.is_all() {
        return left_out;
    }
    for (table, (step, p)) in plan.tables.iter_mut() {
        let doc = table.strip_prefix(src_prefix).unwrap_or(table);
        if sel.takes_table(doc, step) {
            continue;
        }
        left_out.insert(table.clone());
        *p = TablePlan::Drop { rule: RULE.into() };
    }
    plan.before.retain(|s| sel.runs_step(&s.step));
    plan.after.retain(|s| sel.runs_step(&s.step));
    // Destination tables still filled: by a streamed plan, or named by a kept section.
    let mut filled: BTreeSet<String> = BTreeSet::new();
    for (_, p) in plan.tables.values() {
        if let TablePlan::Write(w) = p {
            filled.insert(w.dest.clone());
            for a in &w.also {
                filled.insert(a.dest.clone());
            }
        }
    }
    let mut statements: Vec<String> = Vec::new();
    for sec in plan.before.iter().chain(plan.after.iter()) {
        for piece in &sec.pieces {
            match piece {
                Piece::Rows { table, .. } => {
                    filled.insert(table.clone());
                }
                Piece::Sql(s) => statements.push(String::from_utf8_lossy(s).into_owned()),
            }
        }
    }
    plan.clear.retain(|t| {
        filled.contains(t) || {
            let q = format!("`{t}`");
            statements.iter().any(|s| s.contains(&q))
        }
    });
    msgs.push(
        Level::Info,
        "Selection",
        Stage::Data,
        format!(
            "--only {} --skip {}: {} source tables left out",
            if sel.only.is_empty() {
                "(all)".to_string()
            } else {
                sel.only.iter().cloned().collect::<Vec<_>>().join(",")
            },
            if sel.skip.is_empty() {
                "(none)".to_string()
            } else {
                sel.skip.iter().cloned().collect::<Vec<_>>().join(",")
            },
            left_out.len()
        ),
    );
    left_out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(only: &[&str], skip: &[&str]) -> Selection {
        let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Selection::parse(&v(only), &v(skip)).unwrap()
    }

    #[test]
    fn groups_by_prefix() {
        assert_eq!(group_of("sales_flat_order"), "orders");
        assert_eq!(group_of("salesrule_coupon"), "promotions");
        assert_eq!(group_of("customer_entity_varchar"), "customers");
        assert_eq!(group_of("downloadable_link_purchased_item"), "orders");
        assert_eq!(group_of("downloadable_link"), "catalog");
        assert_eq!(group_of("core_url_rewrite"), "catalog");
        assert_eq!(group_of("core_email_template"), OTHER);
    }

    #[test]
    fn only_customers_and_orders() {
        let s = sel(&["customers", "orders"], &[]);
        assert!(s.takes_table("customer_entity", "Map Step"));
        assert!(s.takes_table("sales_flat_order", "Map Step"));
        assert!(!s.takes_table("catalog_product_entity", "Map Step"));
        assert!(!s.takes_table("eav_attribute", "EAV Step"));
        assert!(s.runs_step("Map Step"));
        assert!(s.runs_step("Customer Attributes Step"));
        assert!(s.runs_step("OrderGrids Step"));
        assert!(s.runs_step("Data Integrity Step"));
        assert!(!s.runs_step("Url Rewrite Step"));
        assert!(!s.runs_step("EAV Step"));
    }

    #[test]
    fn skip_a_step_or_a_group() {
        let s = sel(&[], &["url-rewrite", "visitors"]);
        assert!(!s.runs_step("Url Rewrite Step"));
        assert!(!s.runs_step("Log Step"));
        assert!(s.runs_step("Map Step"));
        assert!(!s.takes_table("core_url_rewrite", "Url Rewrite Step"));
        assert!(!s.takes_table("log_visitor_info", "Map Step"));
        assert!(s.takes_table("catalog_product_entity", "Map Step"));
    }

    #[test]
    fn unknown_names_are_errors_that_list_the_known_ones() {
        let e = Selection::parse(&["custmers".into()], &[]).unwrap_err();
        let t = format!("{e}");
        assert!(
            t.contains("custmers") && t.contains("customers") && t.contains("order-grids")
                || t.contains("ordergrids"),
            "{t}"
        );
    }
}

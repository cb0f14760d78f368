//! From a handler named in a map file (`<handler class="\Migration\Handler\SetValue">` with
//! its params) to a [`RowHandler`] working on records. The value logic lives in
//! `crate::handlers`; this module knows which columns each handler reads and writes, and
//! precomputes every lookup a handler needs (attribute ids by code, configuration values,
//! parent ids), once, so that no row ever searches anything.

use crate::handlers::{basic, crypt, placeholder, preg::Preg, serialize_to_json as s2j};
use crate::mapping::map::HandlerSpec;
use crate::mapping::plan::{Record, RowHandler, RowNotes};
use crate::steps::Context;
use anyhow::{Context as _, Result, anyhow, bail};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The short class name: `\Migration\Handler\SetValue` → `SetValue`,
/// `\Migration\Handler\SerializeToJson\ItemOption` → `SerializeToJson\ItemOption`.
pub fn short_class(class: &str) -> &str {
    let c = class.trim_start_matches('\\');
    c.strip_prefix("Migration\\Handler\\").unwrap_or(c)
}

/// The lookups (built in pass 1) the handlers of Magento's maps may need:
/// (table without prefix, key column, value column).
pub const LOOKUPS: &[(&str, &str, &str)] = &[
    (
        "catalog_product_entity_media_gallery",
        "value_id",
        "entity_id",
    ),
    ("catalog_product_bundle_option", "option_id", "parent_id"),
    (
        "catalog_product_bundle_selection",
        "selection_id",
        "parent_product_id",
    ),
    ("sales_flat_quote_item", "item_id", "store_id"),
];

/// The small tables handlers look things up in.
pub const DIMS: &[&str] = &[
    "eav_attribute",
    "eav_entity_type",
    "core_config_data",
    "core_website",
    "core_store_group",
    "core_store",
];

fn to_u64(b: &[u8]) -> Option<u64> {
    std::str::from_utf8(b).ok()?.trim().parse().ok()
}

/// Attribute ids of Magento 1 with the given code (in one entity type, when given).
fn attribute_ids(ctx: &Context, codes: &[&str], entity_type: Option<&str>) -> HashSet<u64> {
    let types = ctx.src_rows("eav_entity_type");
    let type_id = entity_type.and_then(|code| {
        types
            .iter()
            .find(|r| types.text(r, "entity_type_code").as_deref() == Some(code))
            .and_then(|r| types.int(r, "entity_type_id"))
    });
    let attrs = ctx.src_rows("eav_attribute");
    attrs
        .iter()
        .filter(|r| {
            attrs
                .text(r, "attribute_code")
                .is_some_and(|c| codes.contains(&c.as_str()))
        })
        .filter(|r| type_id.is_none() || attrs.int(r, "entity_type_id") == type_id)
        .filter_map(|r| attrs.int(r, "attribute_id").map(|i| i as u64))
        .collect()
}

/// `[a,b]` or `a` → the list.
fn list_param(v: &str) -> Vec<&str> {
    v.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn column(columns: &[String], name: &str, doc: &str, handler: &str) -> Result<usize> {
    columns
        .iter()
        .position(|c| c.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            anyhow!(
                "the handler {handler} on {doc} needs the column {name}, which {doc} does not have"
            )
        })
}

fn param<'a>(spec: &'a HandlerSpec, name: &str) -> Result<&'a str> {
    spec.param(name).ok_or_else(|| {
        anyhow!(
            "the handler {} needs the parameter {name}",
            short_class(&spec.class)
        )
    })
}

/// A value handler that reads and writes one column.
struct ValueFn<F> {
    col: usize,
    f: F,
}

impl<F> std::fmt::Debug for ValueFn<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ValueFn(col {})", self.col)
    }
}

impl<F> RowHandler for ValueFn<F>
where
    F: Fn(Option<&[u8]>, &Record<'_>, &mut RowNotes) -> Option<Option<Vec<u8>>> + Send + Sync,
{
    fn apply(&self, rec: &mut Record<'_>, notes: &mut RowNotes) {
        let cur = rec.get(self.col).map(Cow::into_owned);
        if let Some(v) = (self.f)(cur.as_deref(), rec, notes) {
            rec.set(self.col, v);
        }
    }
}

fn value_fn<F>(col: usize, f: F) -> Box<dyn RowHandler>
where
    F: Fn(Option<&[u8]>, &Record<'_>, &mut RowNotes) -> Option<Option<Vec<u8>>>
        + Send
        + Sync
        + 'static,
{
    Box::new(ValueFn { col, f })
}

/// Whether the record's attribute_id is in `ids`.
fn attr_in(rec: &Record<'_>, attr_col: usize, ids: &HashSet<u64>) -> bool {
    rec.get(attr_col)
        .and_then(|b| to_u64(&b))
        .is_some_and(|id| ids.contains(&id))
}

/// Counts a serialize outcome.
fn count_outcome(notes: &mut RowNotes, what: &str, outcome: &s2j::Outcome) {
    match outcome {
        s2j::Outcome::Broken(_) => notes.count(&format!(
            "could not unserialize data of {what} (written as NULL)"
        )),
        s2j::Outcome::Converted | s2j::Outcome::Unchanged => {}
        other => notes.count(&format!("{what}: {other:?}")),
    }
}

/// Builds the handler `spec` for the column at `col` of a record whose columns are `columns`
/// (of document `doc`).
pub fn build(
    ctx: &Context,
    spec: &HandlerSpec,
    doc: &str,
    columns: &[String],
    col: usize,
) -> Result<Box<dyn RowHandler>> {
    let class = short_class(&spec.class);
    let what = format!(
        "{doc}.{}",
        columns.get(col).map(String::as_str).unwrap_or("?")
    );
    let class_map = Arc::new(ctx.rules.class_map.clone());
    let lookup_fn = {
        let cm = class_map.clone();
        move |name: &str| -> Option<Option<String>> { cm.get(name).map(|t| t.map(str::to_string)) }
    };
    Ok(match class {
        "SetValue" => {
            let sv = basic::SetValue::new(spec.param("value").unwrap_or(""));
            value_fn(col, move |v, _, _| {
                sv.apply(v).ok().map(|o| o.map(Cow::into_owned))
            })
        }
        "Convert" => {
            let c = basic::Convert::new(param(spec, "map")?, spec.param("defaultValue"))
                .map_err(|e| anyhow!("{what}: Convert: {e:?}"))?;
            value_fn(col, move |v, _, _| Some(c.apply(v).map(Cow::into_owned)))
        }
        "ConvertEavValue" => {
            let c = basic::Convert::new(param(spec, "map")?, None)
                .map_err(|e| anyhow!("{what}: ConvertEavValue: {e:?}"))?;
            let ids = attribute_ids(ctx, &[param(spec, "attributeCode")?], None);
            let attr = column(columns, "attribute_id", doc, class)?;
            value_fn(col, move |v, rec, _| {
                attr_in(rec, attr, &ids).then(|| c.apply(v).map(Cow::into_owned))
            })
        }
        "SetValueAttributeCondition" => {
            let sv = basic::SetValue::new(param(spec, "value")?);
            let ids = attribute_ids(ctx, &[param(spec, "attributeCode")?], None);
            let attr = column(columns, "attribute_id", doc, class)?;
            value_fn(col, move |v, rec, _| {
                if attr_in(rec, attr, &ids) {
                    sv.apply(v).ok().map(|o| o.map(Cow::into_owned))
                } else {
                    None
                }
            })
        }
        "TruncateSuffix" => {
            let codes = list_param(param(spec, "attributeCodes")?);
            let ids = attribute_ids(ctx, &codes, spec.param("entityTypeCode"));
            let path = param(spec, "suffixPath")?;
            let cfg = ctx.src_rows("core_config_data");
            let suffix: Option<Vec<u8>> = cfg
                .iter()
                .find(|r| {
                    cfg.text(r, "path").as_deref() == Some(path)
                        && cfg.text(r, "scope").as_deref().unwrap_or("default") == "default"
                })
                .and_then(|r| cfg.get(r, "value").map(<[u8]>::to_vec));
            let attr = column(columns, "attribute_id", doc, class)?;
            value_fn(col, move |v, rec, _| {
                attr_in(rec, attr, &ids)
                    .then(|| basic::truncate_suffix(v, suffix.as_deref()).map(Cow::into_owned))
            })
        }
        "CleanMultiselect" => {
            let types = ctx.src_rows("eav_entity_type");
            let product = types
                .iter()
                .find(|r| types.text(r, "entity_type_code").as_deref() == Some("catalog_product"))
                .and_then(|r| types.int(r, "entity_type_id"));
            let attrs = ctx.src_rows("eav_attribute");
            let ids: HashSet<u64> = attrs
                .iter()
                .filter(|r| {
                    attrs.int(r, "entity_type_id") == product
                        && attrs.text(r, "frontend_input").as_deref() == Some("multiselect")
                })
                .filter_map(|r| attrs.int(r, "attribute_id").map(|i| i as u64))
                .collect();
            let attr = column(columns, "attribute_id", doc, class)?;
            value_fn(col, move |v, rec, _| {
                attr_in(rec, attr, &ids).then(|| basic::clean_multiselect(v).map(Cow::into_owned))
            })
        }
        "ConvertIp" => value_fn(col, |v, _, _| {
            Some(Some(basic::convert_ip(v).to_string().into_bytes()))
        }),
        "ConvertDateFormat" => value_fn(col, |v, _, _| {
            Some(basic::convert_date_format(v).map(Cow::into_owned))
        }),
        "AddPrefix" => {
            let prefix = param(spec, "prefix")?.as_bytes().to_vec();
            value_fn(col, move |v, _, _| {
                Some(Some(basic::add_prefix(v, &prefix)))
            })
        }
        "ClassMap" => value_fn(col, move |v, _, _| Some(basic::class_map(v, &lookup_fn))),
        "Placeholder" => value_fn(col, move |v, _, _| {
            Some(placeholder::placeholder(v, &lookup_fn).map(Cow::into_owned))
        }),
        "SerializeToJson" => {
            let what = what.clone();
            value_fn(col, move |v, _, notes| {
                let c = s2j::serialize_to_json(v);
                count_outcome(notes, &what, &c.outcome);
                Some(c.value.map(Cow::into_owned))
            })
        }
        "SerializeToJson\\SalesOrderItem" => {
            let what = what.clone();
            value_fn(col, move |v, _, notes| {
                let c = s2j::sales_order_item(v);
                count_outcome(notes, &what, &c.outcome);
                Some(c.value.map(Cow::into_owned))
            })
        }
        "SerializeToJson\\ConvertWithConditions" => {
            let field = column(columns, param(spec, "conditionalField")?, doc, class)?;
            let pattern = Preg::new(param(spec, "conditionalFieldValuesPattern")?)
                .map_err(|e| anyhow!("{what}: ConvertWithConditions: {e:?}"))?;
            let what = what.clone();
            value_fn(col, move |v, rec, notes| {
                let cond = rec.get(field).map(Cow::into_owned);
                match s2j::convert_with_conditions(v, cond.as_deref(), &pattern) {
                    Ok(c) => {
                        count_outcome(notes, &what, &c.outcome);
                        Some(c.value.map(Cow::into_owned))
                    }
                    Err(_) => {
                        notes.count(&format!("{what}: conditional field is NULL (value kept)"));
                        None
                    }
                }
            })
        }
        "SerializeToJson\\ItemOption" => {
            let code = column(columns, "code", doc, class)?;
            let what = what.clone();
            value_fn(col, move |v, rec, notes| {
                let c = rec.get(code).map(Cow::into_owned);
                match s2j::item_option(v, c.as_deref()) {
                    Ok(c) => {
                        count_outcome(notes, &what, &c.outcome);
                        Some(c.value.map(Cow::into_owned))
                    }
                    Err(_) => None,
                }
            })
        }
        "Rule\\SerializedData" => {
            let what = what.clone();
            value_fn(col, move |v, _, notes| {
                let c = s2j::rule_serialized_data(v, &lookup_fn);
                count_outcome(notes, &what, &c.outcome);
                Some(c.value.map(Cow::into_owned))
            })
        }
        "Encrypt" => {
            let keys = crate::steps::crypt::Keys::from_ctx(ctx)?;
            let context = what.clone().into_bytes();
            value_fn(col, move |v, _, notes| match keys.as_ref() {
                None => {
                    if v.is_some_and(|v| !v.is_empty() && v != b"0") {
                        notes.count(
                            "encrypted values kept as they were (no --crypt-key / --m2-crypt-key)",
                        );
                    }
                    None
                }
                Some(k) => match crypt::encrypt(v, &k.m1, &k.m2, &k.m2.derived_nonce(&context)) {
                    Ok(r) => Some(r.map(Cow::into_owned)),
                    Err(_) => {
                        notes.count("encrypted values that do not decrypt with the Magento 1 key (written as NULL)");
                        Some(None)
                    }
                },
            })
        }
        "SalesOrderStatusState\\SetVisibleOnFront" => {
            let state = column(columns, "state", doc, class)?;
            let status = column(columns, "status", doc, class)?;
            value_fn(col, move |_, rec, _| {
                let st = rec.get(state).map(Cow::into_owned).unwrap_or_default();
                let su = rec.get(status).map(Cow::into_owned).unwrap_or_default();
                // pending_payment (which covers pending_ogone/pending_payment), and
                // processed_ogone/processing.
                let hidden =
                    st == b"pending_payment" || (su == b"processed_ogone" && st == b"processing");
                Some(Some(if hidden { b"0".to_vec() } else { b"1".to_vec() }))
            })
        }
        "Gallery\\SetEntityId" => {
            let value_id = column(columns, "value_id", doc, class)?;
            let map = ctx
                .lookup(
                    "catalog_product_entity_media_gallery",
                    "value_id",
                    "entity_id",
                )
                .cloned()
                .unwrap_or_default();
            value_fn(col, move |_, rec, _| {
                let k = rec.get(value_id).map(Cow::into_owned)?;
                Some(map.get(&k).flatten())
            })
        }
        "BundleParentProduct" => {
            let parent_field = column(columns, param(spec, "parentField")?, doc, class)?;
            let table = param(spec, "documentWithProductId")?;
            let field = param(spec, "fieldWithProductId")?;
            let key = param(spec, "parentField")?;
            let map = ctx.lookup(table, key, field).cloned().unwrap_or_default();
            value_fn(col, move |_, rec, _| {
                let k = rec.get(parent_field).map(Cow::into_owned);
                Some(Some(
                    k.and_then(|k| map.get(&k).flatten())
                        .unwrap_or_else(|| b"0".to_vec()),
                ))
            })
        }
        "ProductAlertStoreId" => {
            let website = column(columns, "website_id", doc, class)?;
            let map = Arc::new(default_stores(ctx));
            value_fn(col, move |v, rec, _| {
                let w = rec.get(website).and_then(|b| to_u64(&b))?;
                Some(
                    map.get(&w)
                        .map(|s| s.to_string().into_bytes())
                        .or_else(|| v.map(<[u8]>::to_vec)),
                )
            })
        }
        "QuoteMultiAddressStoreId" => {
            let item = column(columns, "quote_item_id", doc, class)?;
            let map = ctx
                .lookup("sales_flat_quote_item", "item_id", "store_id")
                .cloned()
                .unwrap_or_default();
            value_fn(col, move |v, rec, _| {
                let k = rec.get(item).map(Cow::into_owned);
                Some(
                    k.and_then(|k| map.get(&k).flatten())
                        .or_else(|| v.map(<[u8]>::to_vec)),
                )
            })
        }
        "ConvertTimestampToDate" => {
            let input = column(columns, "frontend_input", doc, class)?;
            value_fn(col, move |v, rec, _| {
                let fi = rec.get(input).map(Cow::into_owned);
                Some(basic::convert_timestamp_to_date(v, fi.as_deref()).map(Cow::into_owned))
            })
        }
        "SetHash" => {
            // Magento's handler writes PHP's hash('crc32') hex into a bigint column, which
            // MySQL turns into 0; Magento 2 itself stores crc32() as a number: that is written.
            let base = column(columns, param(spec, "baseField")?, doc, class)?;
            if spec
                .param("hash")
                .is_some_and(|h| h != "crc32" && h != "crc32b")
            {
                bail!("SetHash on {what}: only crc32 is supported");
            }
            value_fn(col, move |_, rec, _| {
                let b = rec.get(base).map(Cow::into_owned).unwrap_or_default();
                let mut c = flate2::Crc::new();
                c.update(&b);
                Some(Some(c.sum().to_string().into_bytes()))
            })
        }
        other => bail!("the handler {other} (on {what}) is not one m1tom2 has"),
    })
}

/// Magento 1 website id → its default store id (website's default group's default store).
pub fn default_stores(ctx: &Context) -> HashMap<u64, u64> {
    let w = ctx.src_rows("core_website");
    let g = ctx.src_rows("core_store_group");
    let group_store: HashMap<i64, i64> = g
        .iter()
        .filter_map(|r| Some((g.int(r, "group_id")?, g.int(r, "default_store_id")?)))
        .collect();
    w.iter()
        .filter_map(|r| {
            let id = w.int(r, "website_id")?;
            let grp = w.int(r, "default_group_id")?;
            Some((id as u64, *group_store.get(&grp)? as u64))
        })
        .collect()
}

/// Errors that say which handler and where.
pub fn context_err<T>(r: Result<T>, what: &str) -> Result<T> {
    r.with_context(|| what.to_string())
}

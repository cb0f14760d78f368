//! The catalog: the attributes, options and the attribute set a shop adds; categories;
//! products with their EAV values, media gallery, prices, stock, links and options; URL
//! rewrites.

use super::fmt::{hash, hchance, pick, push_u64, slug_into};
use super::model::{
    BLOCK, EPOCH, ET_CATEGORY, ET_PRODUCT, Gen, OPT_ACTIVITY, OPT_COLOR, OPT_MANUFACTURER,
    OPT_MATERIAL, OPT_SIZE, OPTION_COUNTS, PType, SPAN, block_of, bundle_of, child_of, config_of,
    grouped_of, k, options_of, simple_of,
};
use super::pools;
use super::{T, TableGen};
use std::io;

pub fn register(v: &mut Vec<TableGen>) {
    let mut t = |table, cols, replace_base, run| {
        v.push(TableGen {
            table,
            cols,
            replace_base,
            run,
        })
    };
    t(
        "eav_attribute",
        &[
            "attribute_id",
            "entity_type_id",
            "attribute_code",
            "backend_model",
            "backend_type",
            "frontend_input",
            "frontend_label",
            "source_model",
            "is_required",
            "is_user_defined",
            "default_value",
            "is_unique",
        ],
        false,
        eav_attribute,
    );
    t(
        "catalog_eav_attribute",
        &[
            "attribute_id",
            "is_global",
            "is_visible",
            "is_searchable",
            "is_filterable",
            "is_comparable",
            "is_visible_on_front",
            "is_filterable_in_search",
            "used_in_product_listing",
            "is_configurable",
            "apply_to",
            "is_visible_in_advanced_search",
            "position",
            "is_used_for_promo_rules",
        ],
        false,
        catalog_eav_attribute,
    );
    t(
        "eav_attribute_option",
        &["option_id", "attribute_id", "sort_order"],
        false,
        eav_attribute_option,
    );
    t(
        "eav_attribute_option_value",
        &["value_id", "option_id", "store_id", "value"],
        false,
        eav_attribute_option_value,
    );
    t(
        "eav_attribute_label",
        &["attribute_label_id", "attribute_id", "store_id", "value"],
        false,
        eav_attribute_label,
    );
    t(
        "eav_attribute_set",
        &[
            "attribute_set_id",
            "entity_type_id",
            "attribute_set_name",
            "sort_order",
        ],
        false,
        eav_attribute_set,
    );
    t(
        "eav_attribute_group",
        &[
            "attribute_group_id",
            "attribute_set_id",
            "attribute_group_name",
            "sort_order",
            "default_id",
        ],
        false,
        eav_attribute_group,
    );
    t(
        "eav_entity_attribute",
        &[
            "entity_attribute_id",
            "entity_type_id",
            "attribute_set_id",
            "attribute_group_id",
            "attribute_id",
            "sort_order",
        ],
        false,
        eav_entity_attribute,
    );
    t(
        "catalog_category_entity",
        &[
            "entity_id",
            "entity_type_id",
            "attribute_set_id",
            "parent_id",
            "created_at",
            "updated_at",
            "path",
            "position",
            "level",
            "children_count",
        ],
        true,
        category_entity,
    );
    for (name, f) in [
        (
            "catalog_category_entity_datetime",
            category_datetime as fn(&mut Gen, &mut T) -> io::Result<()>,
        ),
        ("catalog_category_entity_decimal", category_decimal),
        ("catalog_category_entity_int", category_int),
        ("catalog_category_entity_text", category_text),
        ("catalog_category_entity_varchar", category_varchar),
        ("catalog_product_entity_datetime", product_datetime),
        ("catalog_product_entity_decimal", product_decimal),
        ("catalog_product_entity_int", product_int),
        ("catalog_product_entity_text", product_text),
        ("catalog_product_entity_varchar", product_varchar),
    ] {
        t(
            name,
            &[
                "value_id",
                "entity_type_id",
                "attribute_id",
                "store_id",
                "entity_id",
                "value",
            ],
            false,
            f,
        );
    }
    t(
        "catalog_category_product",
        &["category_id", "product_id", "position"],
        false,
        category_product,
    );
    t(
        "catalog_product_entity",
        &[
            "entity_id",
            "entity_type_id",
            "attribute_set_id",
            "type_id",
            "sku",
            "has_options",
            "required_options",
            "created_at",
            "updated_at",
        ],
        false,
        product_entity,
    );
    t(
        "catalog_product_entity_media_gallery",
        &["value_id", "attribute_id", "entity_id", "value"],
        false,
        media_gallery,
    );
    t(
        "catalog_product_entity_media_gallery_value",
        &["value_id", "store_id", "label", "position", "disabled"],
        false,
        media_gallery_value,
    );
    t(
        "catalog_product_entity_tier_price",
        &[
            "value_id",
            "entity_id",
            "all_groups",
            "customer_group_id",
            "qty",
            "value",
            "website_id",
        ],
        false,
        tier_price,
    );
    t(
        "catalog_product_entity_group_price",
        &[
            "value_id",
            "entity_id",
            "all_groups",
            "customer_group_id",
            "value",
            "website_id",
        ],
        false,
        group_price,
    );
    t(
        "catalog_product_website",
        &["product_id", "website_id"],
        false,
        product_website,
    );
    t(
        "catalog_product_super_attribute",
        &[
            "product_super_attribute_id",
            "product_id",
            "attribute_id",
            "position",
        ],
        false,
        super_attribute,
    );
    t(
        "catalog_product_super_attribute_label",
        &[
            "value_id",
            "product_super_attribute_id",
            "store_id",
            "use_default",
            "value",
        ],
        false,
        super_attribute_label,
    );
    t(
        "catalog_product_super_attribute_pricing",
        &[
            "value_id",
            "product_super_attribute_id",
            "value_index",
            "is_percent",
            "pricing_value",
            "website_id",
        ],
        false,
        super_attribute_pricing,
    );
    t(
        "catalog_product_super_link",
        &["link_id", "product_id", "parent_id"],
        false,
        super_link,
    );
    t(
        "catalog_product_relation",
        &["parent_id", "child_id"],
        false,
        relation,
    );
    t(
        "catalog_product_bundle_option",
        &["option_id", "parent_id", "required", "position", "type"],
        false,
        bundle_option,
    );
    t(
        "catalog_product_bundle_option_value",
        &["value_id", "option_id", "store_id", "title"],
        false,
        bundle_option_value,
    );
    t(
        "catalog_product_bundle_selection",
        &[
            "selection_id",
            "option_id",
            "parent_product_id",
            "product_id",
            "position",
            "is_default",
            "selection_price_type",
            "selection_price_value",
            "selection_qty",
            "selection_can_change_qty",
        ],
        false,
        bundle_selection,
    );
    t(
        "catalog_product_link",
        &["link_id", "product_id", "linked_product_id", "link_type_id"],
        false,
        product_link,
    );
    t(
        "catalog_product_link_attribute_int",
        &["value_id", "product_link_attribute_id", "link_id", "value"],
        false,
        link_attribute_int,
    );
    t(
        "catalog_product_link_attribute_decimal",
        &["value_id", "product_link_attribute_id", "link_id", "value"],
        false,
        link_attribute_decimal,
    );
    t(
        "catalog_product_option",
        &[
            "option_id",
            "product_id",
            "type",
            "is_require",
            "sku",
            "max_characters",
            "sort_order",
        ],
        false,
        product_option,
    );
    t(
        "catalog_product_option_title",
        &["option_title_id", "option_id", "store_id", "title"],
        false,
        product_option_title,
    );
    t(
        "catalog_product_option_price",
        &[
            "option_price_id",
            "option_id",
            "store_id",
            "price",
            "price_type",
        ],
        false,
        product_option_price,
    );
    t(
        "catalog_product_option_type_value",
        &["option_type_id", "option_id", "sku", "sort_order"],
        false,
        option_type_value,
    );
    t(
        "catalog_product_option_type_title",
        &[
            "option_type_title_id",
            "option_type_id",
            "store_id",
            "title",
        ],
        false,
        option_type_title,
    );
    t(
        "catalog_product_option_type_price",
        &[
            "option_type_price_id",
            "option_type_id",
            "store_id",
            "price",
            "price_type",
        ],
        false,
        option_type_price,
    );
    t(
        "cataloginventory_stock_item",
        &[
            "item_id",
            "product_id",
            "stock_id",
            "qty",
            "min_qty",
            "use_config_min_qty",
            "is_qty_decimal",
            "backorders",
            "use_config_backorders",
            "min_sale_qty",
            "use_config_min_sale_qty",
            "max_sale_qty",
            "use_config_max_sale_qty",
            "is_in_stock",
            "low_stock_date",
            "notify_stock_qty",
            "use_config_notify_stock_qty",
            "manage_stock",
            "use_config_manage_stock",
            "stock_status_changed_auto",
            "use_config_qty_increments",
            "qty_increments",
            "use_config_enable_qty_inc",
            "enable_qty_increments",
            "is_decimal_divided",
        ],
        false,
        stock_item,
    );
    t(
        "core_url_rewrite",
        &[
            "url_rewrite_id",
            "store_id",
            "id_path",
            "request_path",
            "target_path",
            "is_system",
            "options",
            "description",
            "category_id",
            "product_id",
        ],
        false,
        url_rewrite,
    );
}

// ---------------------------------------------------------------------------------------
// Attributes, options, sets and groups the shop adds
// ---------------------------------------------------------------------------------------

/// (code, backend type, frontend input, label, backend model, source model)
fn new_attrs(
    g: &Gen,
) -> [(
    u64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
); 3] {
    [
        (
            g.ids.attr_size,
            "size",
            "int",
            "select",
            "Size",
            None,
            Some("eav/entity_attribute_source_table"),
        ),
        (
            g.ids.attr_material,
            "material",
            "varchar",
            "multiselect",
            "Material",
            Some("eav/entity_attribute_backend_array"),
            None,
        ),
        // An old-style multiselect: its values live in the text table (DMT moves them).
        (
            g.ids.attr_activity,
            "activity",
            "text",
            "multiselect",
            "Activity",
            Some("eav/entity_attribute_backend_array"),
            None,
        ),
    ]
}

fn eav_attribute(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for (id, code, backend, input, label, bmodel, smodel) in new_attrs(g) {
        t.row(|r| {
            r.u(id);
            r.u(ET_PRODUCT);
            r.esc(code.as_bytes());
            r.opt_s(bmodel.map(str::as_bytes));
            r.esc(backend.as_bytes());
            r.esc(input.as_bytes());
            r.esc(label.as_bytes());
            r.opt_s(smodel.map(str::as_bytes));
            r.u(0);
            r.u(1);
            r.s(b"");
            r.u(0);
        })?;
    }
    Ok(())
}

fn catalog_eav_attribute(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for (id, code, ..) in new_attrs(g) {
        let configurable = code == "size";
        t.row(|r| {
            r.u(id);
            r.u(1); // global
            r.u(1);
            r.u(1);
            r.u(u64::from(code != "activity"));
            r.u(1);
            r.u(u64::from(code == "material"));
            r.u(0);
            r.u(0);
            r.u(u64::from(configurable));
            if configurable {
                r.s(b"simple");
            } else {
                r.null();
            }
            r.u(1);
            r.u(0);
            r.u(1);
        })?;
    }
    Ok(())
}

/// The option lists in option-id order: (attribute, admin labels, French labels).
fn option_lists(g: &Gen) -> [(u64, Vec<&'static str>, Vec<Option<&'static str>>); 5] {
    let fr = |v: &[(&'static str, &'static str)]| v.iter().map(|(_, f)| Some(*f)).collect();
    [
        (
            g.ids.attr_color,
            pools::COLORS.iter().map(|c| c.0).collect(),
            fr(pools::COLORS),
        ),
        (
            g.ids.attr_size,
            pools::SIZES.iter().map(|c| c.0).collect(),
            vec![None; pools::SIZES.len()],
        ),
        (
            g.ids.attr_manufacturer,
            pools::MANUFACTURERS.to_vec(),
            vec![None; pools::MANUFACTURERS.len()],
        ),
        (
            g.ids.attr_material,
            pools::MATERIAL_OPTIONS.to_vec(),
            vec![None; pools::MATERIAL_OPTIONS.len()],
        ),
        (
            g.ids.attr_activity,
            pools::ACTIVITY_OPTIONS.to_vec(),
            vec![None; pools::ACTIVITY_OPTIONS.len()],
        ),
    ]
}

fn eav_attribute_option(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for (list, (attr, labels, _)) in option_lists(g).iter().enumerate() {
        for i in 0..labels.len() as u64 {
            let id = g.option(list, i);
            t.row(|r| {
                r.u(id);
                r.u(*attr);
                r.u(i);
            })?;
        }
    }
    Ok(())
}

fn eav_attribute_option_value(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = g.ids.first_option_value;
    for (list, (_, labels, fr)) in option_lists(g).iter().enumerate() {
        for (i, label) in labels.iter().enumerate() {
            let opt = g.option(list, i as u64);
            t.row(|r| {
                r.u(id);
                r.u(opt);
                r.u(0);
                r.esc(label.as_bytes());
            })?;
            id += 1;
            if let Some(f) = fr[i] {
                t.row(|r| {
                    r.u(id);
                    r.u(opt);
                    r.u(2);
                    r.esc(f.as_bytes());
                })?;
                id += 1;
            }
        }
    }
    Ok(())
}

fn eav_attribute_label(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let labels: [(u64, &[u8]); 3] = [
        (g.ids.attr_color, b"Couleur"),
        (g.ids.attr_size, b"Taille"),
        (g.ids.attr_material, "Matière".as_bytes()),
    ];
    for (i, (attr, label)) in labels.iter().enumerate() {
        t.row(|r| {
            r.u(g.ids.first_attr_label + i as u64);
            r.u(*attr);
            r.u(2);
            r.esc(label);
        })?;
    }
    Ok(())
}

fn eav_attribute_set(g: &mut Gen, t: &mut T) -> io::Result<()> {
    t.row(|r| {
        r.u(g.ids.set_clothing);
        r.u(ET_PRODUCT);
        r.s(b"Clothing");
        r.u(0);
    })
}

/// The Clothing set's groups: a copy of the Default product set's, and "Clothing".
fn clothing_groups(g: &Gen) -> Vec<(u64, u64, String, u64, u64)> {
    let mut v: Vec<(u64, u64, String, u64, u64)> = Vec::new();
    let mut id = g.ids.first_group;
    for (old, name, sort, default) in &g.ids.product_groups {
        v.push((id, *old, name.clone(), *sort, *default));
        id += 1;
    }
    let sort = v.iter().map(|x| x.3).max().unwrap_or(0) + 1;
    v.push((id, 0, "Clothing".to_string(), sort, 0));
    v
}

fn eav_attribute_group(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for (id, _, name, sort, default) in clothing_groups(g) {
        t.row(|r| {
            r.u(id);
            r.u(g.ids.set_clothing);
            r.esc(name.as_bytes());
            r.u(sort);
            r.u(default);
        })?;
    }
    Ok(())
}

fn eav_entity_attribute(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let groups = clothing_groups(g);
    let mut id = g.ids.first_entity_attribute;
    // The Default set gets the two multiselects in its first (General) group.
    let general = g.ids.product_groups.first().map(|x| x.0).unwrap_or(0);
    for (attr, sort) in [(g.ids.attr_material, 50), (g.ids.attr_activity, 51)] {
        t.row(|r| {
            r.u(id);
            r.u(ET_PRODUCT);
            r.u(g.ids.set_product);
            r.u(general);
            r.u(attr);
            r.u(sort);
        })?;
        id += 1;
    }
    for (old_group, attr, sort) in g.ids.product_assign.clone() {
        let Some(new) = groups.iter().find(|x| x.1 == old_group) else {
            continue;
        };
        t.row(|r| {
            r.u(id);
            r.u(ET_PRODUCT);
            r.u(g.ids.set_clothing);
            r.u(new.0);
            r.u(attr);
            r.u(sort);
        })?;
        id += 1;
    }
    let own = groups.last().expect("the Clothing group").0;
    for (i, attr) in [g.ids.attr_size, g.ids.attr_material, g.ids.attr_activity]
        .into_iter()
        .enumerate()
    {
        t.row(|r| {
            r.u(id);
            r.u(ET_PRODUCT);
            r.u(g.ids.set_clothing);
            r.u(own);
            r.u(attr);
            r.u(i as u64 + 1);
        })?;
        id += 1;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Categories
// ---------------------------------------------------------------------------------------

fn category_entity(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let n = g.s.categories;
    // The two roots of the base, with their children counted.
    let created = EPOCH - 86_400 * 30;
    for (id, parent, set, path, pos, level, children) in [
        (1u64, 0u64, 0u64, &b"1"[..], 0u64, 0u64, n + 1),
        (2, 1, g.ids.set_category, b"1/2", 1, 1, n),
    ] {
        t.row(|r| {
            r.u(id);
            r.u(ET_CATEGORY);
            r.u(set);
            r.u(parent);
            r.dt(created);
            r.dt(created);
            r.s(path);
            r.u(pos);
            r.u(level);
            r.u(children);
        })?;
    }
    let mut path = Vec::new();
    for c in 3..3 + n {
        path.clear();
        g.category_path(c, &mut path);
        let created = g.time_at(k::CATEGORY, c, n * 4);
        let updated = created + pick(k::CATEGORY, c, 1, SPAN / 2);
        t.row(|r| {
            r.u(c);
            r.u(ET_CATEGORY);
            r.u(g.ids.set_category);
            r.u(g.category_parent(c));
            r.dt(created);
            r.dt(updated);
            r.s(&path);
            r.u(g.category_position(c));
            r.u(g.category_level(c));
            r.u(g.category_descendants(c));
        })?;
    }
    Ok(())
}

/// The value rows of one category (or product) table: for each entity, each store, each
/// attribute of that backend type, `value` writes the literal or says there is none.
fn eav_rows(
    g: &mut Gen,
    t: &mut T,
    ty: u64,
    entities: std::ops::Range<u64>,
    stores: &[u64],
    attrs: &[(u64, u8)],
    value: fn(&Gen, u8, u64, u64, &mut Vec<u8>) -> bool,
) -> io::Result<()> {
    let table = t.name.to_string();
    let mut id = g.base.table(&table).max("value_id") + 1;
    let mut lit = std::mem::take(&mut g.lit);
    for e in entities {
        for &store in stores {
            for &(attr, what) in attrs {
                lit.clear();
                if !value(g, what, e, store, &mut lit) {
                    continue;
                }
                t.row(|r| {
                    r.u(id);
                    r.u(ty);
                    r.u(attr);
                    r.u(store);
                    r.u(e);
                    r.lit(&lit);
                })?;
                id += 1;
            }
        }
    }
    if g.orphans && ty == ET_PRODUCT && table.ends_with("_varchar") {
        // A value of a product that no longer exists (deleted with FOREIGN_KEY_CHECKS=0).
        let missing = g.s.products + 1000;
        let attr = attrs.first().map_or(0, |a| a.0);
        t.row(|r| {
            r.u(id);
            r.u(ty);
            r.u(attr);
            r.u(0);
            r.u(missing);
            r.s(b"orphan value");
        })?;
    }
    g.lit = lit;
    Ok(())
}

/// The attributes (with a tag for `value`) of `codes` whose backend type is `backend`.
fn attrs_of(g: &Gen, ty: u64, backend: &str, codes: &[(&str, u8)]) -> Vec<(u64, u8)> {
    let mut v: Vec<(u64, u8)> = codes
        .iter()
        .filter_map(|&(code, tag)| {
            let (id, b) = match code {
                "size" => (g.ids.attr_size, "int"),
                "material" => (g.ids.attr_material, "varchar"),
                "activity" => (g.ids.attr_activity, "text"),
                _ => g.attr(ty, code),
            };
            (b == backend).then_some((id, tag))
        })
        .collect();
    v.sort_unstable();
    v
}

fn quoted(b: &mut Vec<u8>, f: impl FnOnce(&mut Vec<u8>)) {
    b.push(b'\'');
    f(b);
    b.push(b'\'');
}

const CATEGORY_ATTRS: &[(&str, u8)] = &[
    ("name", 1),
    ("url_key", 2),
    ("url_path", 3),
    ("display_mode", 4),
    ("page_layout", 5),
    ("meta_title", 6),
    ("is_active", 7),
    ("include_in_menu", 8),
    ("is_anchor", 9),
    ("description", 10),
    ("meta_description", 11),
    ("custom_layout_update", 12),
    ("filter_price_range", 13),
    ("custom_design_from", 14),
    ("default_sort_by", 15),
    ("image", 16),
];

fn category_value(g: &Gen, what: u8, c: u64, store: u64, b: &mut Vec<u8>) -> bool {
    let translated = store == 2;
    if translated && !matches!(what, 1..=3 | 10) {
        return false;
    }
    match what {
        1 => quoted(b, |b| g.category_name(c, store, b)),
        2 => quoted(b, |b| g.category_url_key(c, store, b)),
        3 => quoted(b, |b| {
            g.category_url_path(c, store, b);
            b.extend_from_slice(b".html");
        }),
        4 => b.extend_from_slice(if c.is_multiple_of(5) {
            b"'PRODUCTS_AND_PAGE'"
        } else {
            b"'PRODUCTS'"
        }),
        5 => match c % 4 {
            0 => b.extend_from_slice(b"'two_columns_left'"),
            1 => b.extend_from_slice(b"'one_column'"),
            2 => b.extend_from_slice(b"NULL"),
            _ => return false,
        },
        6 => {
            if !c.is_multiple_of(3) {
                return false;
            }
            quoted(b, |b| {
                g.category_name(c, store, b);
                b.extend_from_slice(b" | Shop");
            })
        }
        7 => b.push(if hchance(k::CATEGORY, c, 2, 50) {
            b'0'
        } else {
            b'1'
        }),
        8 => b.push(b'1'),
        9 => b.push(if g.category_level(c) == 2 { b'1' } else { b'0' }),
        10 => {
            if c % 2 == 1 && !translated {
                return false;
            }
            quoted(b, |b| {
                b.extend_from_slice(g.p.para.esc(pick(k::CATEGORY, c, 3 + store, 1 << 20)))
            })
        }
        11 => quoted(b, |b| {
            b.extend_from_slice(g.p.meta.esc(c));
            b.extend_from_slice(b", ");
            b.extend_from_slice(g.p.meta.esc(c + 3));
        }),
        12 => {
            if !c.is_multiple_of(11) {
                return false;
            }
            b.extend_from_slice(b"'<reference name=\\\"left\\\">\\r\\n  <remove name=\\\"tags_popular\\\"/>\\r\\n</reference>'")
        }
        13 => b.extend_from_slice(b"NULL"),
        14 => b.extend_from_slice(if c.is_multiple_of(13) {
            b"'0000-00-00 00:00:00'"
        } else {
            b"NULL"
        }),
        15 => b.extend_from_slice(if c.is_multiple_of(6) {
            b"'price'"
        } else {
            b"NULL"
        }),
        16 => {
            if !c.is_multiple_of(4) {
                return false;
            }
            quoted(b, |b| {
                g.category_url_key(c, 0, b);
                b.extend_from_slice(b".jpg");
            })
        }
        _ => return false,
    }
    true
}

fn category_table(g: &mut Gen, t: &mut T, backend: &str) -> io::Result<()> {
    let attrs = attrs_of(g, ET_CATEGORY, backend, CATEGORY_ATTRS);
    let n = g.s.categories;
    eav_rows(g, t, ET_CATEGORY, 3..3 + n, &[0, 2], &attrs, category_value)
}

fn category_datetime(g: &mut Gen, t: &mut T) -> io::Result<()> {
    category_table(g, t, "datetime")
}
fn category_decimal(g: &mut Gen, t: &mut T) -> io::Result<()> {
    category_table(g, t, "decimal")
}
fn category_int(g: &mut Gen, t: &mut T) -> io::Result<()> {
    category_table(g, t, "int")
}
fn category_text(g: &mut Gen, t: &mut T) -> io::Result<()> {
    category_table(g, t, "text")
}
fn category_varchar(g: &mut Gen, t: &mut T) -> io::Result<()> {
    category_table(g, t, "varchar")
}

fn category_product(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut ps = Vec::new();
    for c in 3..3 + g.s.categories {
        g.category_products(c, &mut ps);
        for (i, &p) in ps.iter().enumerate() {
            t.row(|r| {
                r.u(c);
                r.u(p);
                r.u(if i % 3 == 0 { 0 } else { i as u64 + 1 });
            })?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------

fn product_entity(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut sku = Vec::new();
    for p in 1..=g.s.products {
        let ty = g.ptype(p);
        sku.clear();
        g.sku(p, &mut sku);
        let options = u64::from(matches!(ty, PType::Options | PType::Config | PType::Bundle));
        let created = g.time_at(k::PRODUCT, p, g.s.products);
        let updated = created + pick(k::PRODUCT, p, 12, SPAN / 3);
        t.row(|r| {
            r.u(p);
            r.u(ET_PRODUCT);
            r.u(g.attribute_set(p));
            r.s(ty.type_id());
            r.s(&sku);
            r.u(options);
            r.u(options);
            r.dt(created);
            r.dt(updated);
        })?;
    }
    Ok(())
}

const PRODUCT_ATTRS: &[(&str, u8)] = &[
    ("name", 1),
    ("url_key", 2),
    ("url_path", 3),
    ("meta_title", 4),
    ("meta_description", 5),
    ("image", 6),
    ("small_image", 7),
    ("thumbnail", 8),
    ("options_container", 9),
    ("page_layout", 10),
    ("gift_message_available", 11),
    ("country_of_manufacture", 12),
    ("msrp_enabled", 13),
    ("msrp_display_actual_price_type", 14),
    ("material", 15),
    ("image_label", 16),
    ("status", 20),
    ("visibility", 21),
    ("tax_class_id", 22),
    ("color", 23),
    ("size", 24),
    ("manufacturer", 25),
    ("price_type", 26),
    ("sku_type", 27),
    ("weight_type", 28),
    ("price_view", 29),
    ("shipment_type", 30),
    ("price", 40),
    ("special_price", 41),
    ("cost", 42),
    ("weight", 43),
    ("special_from_date", 50),
    ("special_to_date", 51),
    ("news_from_date", 52),
    ("description", 60),
    ("short_description", 61),
    ("meta_keyword", 62),
    ("activity", 63),
    ("custom_layout_update", 64),
];

/// The `n`-th media file of product `p`: `/a/b/slug-p-n.jpg` (raw and escaped alike: ASCII).
fn gallery_file(g: &Gen, p: u64, n: u64, b: &mut Vec<u8>) {
    let start = b.len();
    b.extend_from_slice(b"/x/x/");
    g.url_key(p, 0, b);
    if n > 0 {
        b.push(b'_');
        push_u64(b, n);
    }
    b.extend_from_slice(b".jpg");
    // Magento's dispersion path: the first two letters of the file name.
    b[start + 1] = b[start + 5];
    b[start + 3] = b
        .get(start + 6)
        .copied()
        .filter(|c| *c != b'-')
        .unwrap_or(b'_');
}

fn gallery_count(g: &Gen, p: u64) -> u64 {
    match g.ptype(p) {
        PType::Child { .. } => 1,
        _ if hchance(k::PRODUCT, p, 13, 30) => 0,
        _ => 1 + pick(k::PRODUCT, p, 14, 3),
    }
}

fn product_value(g: &Gen, what: u8, p: u64, store: u64, b: &mut Vec<u8>) -> bool {
    let ty = g.ptype(p);
    let simple_like = matches!(ty, PType::Simple | PType::Options | PType::Child { .. });
    match store {
        0 => {}
        // French texts for the translated products.
        2 => {
            if !matches!(what, 1..=4 | 60 | 61) || !g.pname_fr(p, &mut Vec::new()) {
                return false;
            }
        }
        // A few products are switched off in the wholesale view; some renamed there.
        3 => match what {
            20 if hchance(k::PRODUCT, p, 15, 50) => {
                b.push(b'2');
                return true;
            }
            1 if hchance(k::PRODUCT, p, 16, 100) => {
                quoted(b, |b| {
                    b.extend_from_slice(b"[B2B] ");
                    g.pname(p, b);
                });
                return true;
            }
            _ => return false,
        },
        _ => return false,
    }
    match what {
        1 => quoted(b, |b| {
            if store != 2 || !g.pname_fr(p, b) {
                g.pname(p, b)
            }
        }),
        2 => quoted(b, |b| g.url_key(p, store, b)),
        3 => quoted(b, |b| {
            g.url_key(p, store, b);
            b.extend_from_slice(b".html");
        }),
        4 => {
            if store == 0 && !p.is_multiple_of(3) {
                return false;
            }
            quoted(b, |b| {
                if store != 2 || !g.pname_fr(p, b) {
                    g.pname(p, b)
                }
                b.extend_from_slice(b" | My Shop");
            })
        }
        5 => {
            if p.is_multiple_of(4) {
                return false;
            }
            // varchar(255): a sentence, not a paragraph.
            quoted(b, |b| {
                b.extend_from_slice(g.p.meta.esc(pick(k::PRODUCT, p, 17, 1 << 20)));
                b.extend_from_slice(b" - ");
                g.pname(p, b);
                b.extend_from_slice(b". Free shipping & 30-day returns.");
            })
        }
        6..=8 => {
            if gallery_count(g, p) == 0 {
                if what == 6 && p.is_multiple_of(2) {
                    b.extend_from_slice(b"'no_selection'");
                    return true;
                }
                return false;
            }
            quoted(b, |b| gallery_file(g, p, 0, b))
        }
        9 => b.extend_from_slice(if p.is_multiple_of(2) {
            b"'container1'"
        } else {
            b"'container2'"
        }),
        10 => match p % 9 {
            0 => b.extend_from_slice(b"'one_column'"),
            1 => b.extend_from_slice(b"'two_columns_right'"),
            2 => b.extend_from_slice(b"'three_columns'"),
            _ => return false,
        },
        11 => {
            if !p.is_multiple_of(5) {
                return false;
            }
            b.extend_from_slice(b"NULL")
        }
        12 => {
            if !simple_like || p % 3 != 1 {
                return false;
            }
            b.extend_from_slice([&b"'US'"[..], b"'DE'", b"'CN'", b"'IT'"][(p % 4) as usize])
        }
        13 | 14 => {
            if !p.is_multiple_of(10) {
                return false;
            }
            b.extend_from_slice(b"'4'")
        }
        15 => {
            if !simple_like || !hchance(k::PRODUCT, p, 18, 400) {
                return false;
            }
            // Comma-separated option ids; a few with the stray comma of old imports.
            quoted(b, |b| {
                let n = OPTION_COUNTS[OPT_MATERIAL];
                let a = pick(k::PRODUCT, p, 19, n);
                push_u64(b, g.option(OPT_MATERIAL, a));
                if p.is_multiple_of(2) {
                    b.push(b',');
                    push_u64(b, g.option(OPT_MATERIAL, a + 1));
                }
                if p.is_multiple_of(17) {
                    b.push(b',');
                }
            })
        }
        16 => {
            if gallery_count(g, p) == 0 || !p.is_multiple_of(3) {
                return false;
            }
            quoted(b, |b| g.pname(p, b))
        }
        20 => b.push(if g.enabled(p) { b'1' } else { b'2' }),
        21 => push_u64(b, g.visibility(p)),
        22 => b.push(if matches!(ty, PType::Virtual) {
            b'0'
        } else {
            b'2'
        }),
        23 | 24 => match ty {
            PType::Child { k: kk, .. } => {
                let (c, s) = g.child_options(block_of(p), kk);
                if what == 23 {
                    push_u64(b, g.option(OPT_COLOR, c))
                } else {
                    push_u64(b, g.option(OPT_SIZE, s))
                }
            }
            PType::Simple if what == 23 && p.is_multiple_of(3) => {
                push_u64(b, g.option(OPT_COLOR, pick(k::PRODUCT, p, 20, 10)))
            }
            _ => return false,
        },
        25 => {
            if !simple_like || !p.is_multiple_of(2) {
                return false;
            }
            push_u64(b, g.option(OPT_MANUFACTURER, pick(k::PRODUCT, p, 21, 10)))
        }
        26..=30 => {
            if ty != PType::Bundle {
                return false;
            }
            // dynamic price, sku and weight; price view "as low as"; ship together
            b.push(match what {
                26..=28 => b'0',
                29 => b'1',
                _ => b'0',
            })
        }
        40 => match ty {
            PType::Bundle | PType::Grouped => return false,
            _ => super::fmt::push_dec4(b, g.price(p) * 100),
        },
        41 => match g.special_price(p) {
            Some(v) => super::fmt::push_dec4(b, v * 100),
            None => return false,
        },
        42 => {
            if !simple_like || p % 3 != 2 {
                return false;
            }
            super::fmt::push_dec4(b, g.price(p) * 50)
        }
        43 => match g.weight(p) {
            Some(w) => super::fmt::push_dec4(b, w),
            None => return false,
        },
        50 | 51 => {
            if g.special_price(p).is_none() {
                return false;
            }
            let day = (EPOCH + pick(k::PRODUCT, p, 22, SPAN)) / 86_400 * 86_400;
            quoted(b, |b| {
                super::fmt::push_datetime(b, if what == 50 { day } else { day + 30 * 86_400 })
            })
        }
        52 => {
            if !p.is_multiple_of(8) {
                return false;
            }
            let day = g.time_at(k::PRODUCT, p, g.s.products) / 86_400 * 86_400;
            quoted(b, |b| super::fmt::push_datetime(b, day))
        }
        60 => quoted(b, |b| {
            let n = 1 + pick(k::PRODUCT, p, 23 + store, 6);
            for i in 0..n {
                if i > 0 {
                    b.extend_from_slice(b"\\n");
                }
                b.extend_from_slice(
                    g.p.para
                        .esc(pick(k::PRODUCT, p, 30 + i + store * 8, 1 << 20)),
                );
            }
        }),
        61 => quoted(b, |b| {
            b.extend_from_slice(g.p.para.esc(pick(k::PRODUCT, p, 40 + store, 1 << 20)))
        }),
        62 => {
            if p.is_multiple_of(2) {
                return false;
            }
            quoted(b, |b| {
                b.extend_from_slice(g.p.meta.esc(p));
                b.extend_from_slice(b", ");
                b.extend_from_slice(g.p.meta.esc(p / 3));
            })
        }
        63 => {
            if !simple_like || !hchance(k::PRODUCT, p, 24, 150) {
                return false;
            }
            quoted(b, |b| {
                let n = OPTION_COUNTS[OPT_ACTIVITY];
                let a = pick(k::PRODUCT, p, 25, n);
                push_u64(b, g.option(OPT_ACTIVITY, a));
                b.extend_from_slice(b",,");
                push_u64(b, g.option(OPT_ACTIVITY, a + 2));
                b.push(b',');
            })
        }
        64 => {
            if !p.is_multiple_of(50) {
                return false;
            }
            b.extend_from_slice(b"'<reference name=\\\"head\\\">\\n  <action method=\\\"addCss\\\"><stylesheet>css/custom.css</stylesheet></action>\\n</reference>'")
        }
        _ => return false,
    }
    true
}

fn product_table(g: &mut Gen, t: &mut T, backend: &str) -> io::Result<()> {
    let attrs = attrs_of(g, ET_PRODUCT, backend, PRODUCT_ATTRS);
    let n = g.s.products;
    eav_rows(
        g,
        t,
        ET_PRODUCT,
        1..n + 1,
        &[0, 2, 3],
        &attrs,
        product_value,
    )
}

fn product_datetime(g: &mut Gen, t: &mut T) -> io::Result<()> {
    product_table(g, t, "datetime")
}
fn product_decimal(g: &mut Gen, t: &mut T) -> io::Result<()> {
    product_table(g, t, "decimal")
}
fn product_int(g: &mut Gen, t: &mut T) -> io::Result<()> {
    product_table(g, t, "int")
}
fn product_text(g: &mut Gen, t: &mut T) -> io::Result<()> {
    product_table(g, t, "text")
}
fn product_varchar(g: &mut Gen, t: &mut T) -> io::Result<()> {
    product_table(g, t, "varchar")
}

fn media_gallery(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    let mut file = Vec::new();
    let attr = g.ids.attr_media_gallery;
    for p in 1..=g.s.products {
        for n in 0..gallery_count(g, p) {
            file.clear();
            gallery_file(g, p, n, &mut file);
            t.row(|r| {
                r.u(id);
                r.u(attr);
                r.u(p);
                r.s(&file);
            })?;
            id += 1;
        }
    }
    Ok(())
}

fn media_gallery_value(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    let mut label = Vec::new();
    for p in 1..=g.s.products {
        for n in 0..gallery_count(g, p) {
            label.clear();
            let labelled = n == 0 && p % 3 == 0;
            if labelled {
                g.pname(p, &mut label);
            }
            t.row(|r| {
                r.u(id);
                r.u(0);
                r.opt_s(labelled.then_some(&label[..]));
                r.u(n + 1);
                r.u(u64::from(n == 2 && p % 5 == 0));
            })?;
            if n == 0 && g.pname_fr(p, &mut Vec::new()) {
                t.row(|r| {
                    r.u(id);
                    r.u(2);
                    r.s(b"Photo");
                    r.u(1);
                    r.u(0);
                })?;
            }
            id += 1;
        }
    }
    Ok(())
}

fn tier_price(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    for p in 1..=g.s.products {
        if g.ptype(p) != PType::Simple || !hchance(k::PRODUCT, p, 26, 100) {
            continue;
        }
        let price = g.price(p);
        for (qty, pct) in [(5u64, 95u64), (10, 90)] {
            t.row(|r| {
                r.u(id);
                r.u(p);
                r.u(1);
                r.u(0);
                r.dec(qty * 10_000);
                r.money(price * pct / 100);
                r.u(0);
            })?;
            id += 1;
        }
        if p % 4 == 0 {
            // A wholesale-only tier in the wholesale website.
            t.row(|r| {
                r.u(id);
                r.u(p);
                r.u(0);
                r.u(2);
                r.dec(20 * 10_000);
                r.money(price * 80 / 100);
                r.u(if g.in_wholesale(p) { 2 } else { 0 });
            })?;
            id += 1;
        }
    }
    Ok(())
}

fn group_price(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    for p in 1..=g.s.products {
        if !matches!(g.ptype(p), PType::Simple | PType::Virtual) || !hchance(k::PRODUCT, p, 27, 50)
        {
            continue;
        }
        t.row(|r| {
            r.u(id);
            r.u(p);
            r.u(0);
            r.u(3);
            r.money(g.price(p) * 85 / 100);
            r.u(0);
        })?;
        id += 1;
    }
    Ok(())
}

fn product_website(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for p in 1..=g.s.products {
        t.row(|r| {
            r.u(p);
            r.u(1);
        })?;
        if g.in_wholesale(p) {
            t.row(|r| {
                r.u(p);
                r.u(2);
            })?;
        }
    }
    Ok(())
}

fn super_attribute(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for b in 0..g.full_blocks() {
        for (i, attr) in [g.ids.attr_color, g.ids.attr_size].into_iter().enumerate() {
            t.row(|r| {
                r.u(b * 2 + i as u64 + 1);
                r.u(config_of(b));
                r.u(attr);
                r.u(i as u64);
            })?;
        }
    }
    Ok(())
}

fn super_attribute_label(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    for b in 0..g.full_blocks() {
        for (i, label) in [&b"Color"[..], b"Size"].into_iter().enumerate() {
            t.row(|r| {
                r.u(id);
                r.u(b * 2 + i as u64 + 1);
                r.u(0);
                r.u(1);
                r.s(label);
            })?;
            id += 1;
        }
    }
    Ok(())
}

fn super_attribute_pricing(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    for b in 0..g.full_blocks() {
        for (list, i, pct, amount) in g.super_pricing(b) {
            let sa = b * 2 + if list == OPT_COLOR { 1 } else { 2 };
            let opt = g.option(list, i);
            t.row(|r| {
                r.u(id);
                r.u(sa);
                r.su(opt);
                r.u(u64::from(pct));
                if pct {
                    r.dec(amount * 100);
                } else {
                    r.money(amount);
                }
                r.u(0);
            })?;
            id += 1;
        }
    }
    Ok(())
}

fn super_link(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for b in 0..g.full_blocks() {
        for kk in 0..6 {
            t.row(|r| {
                r.u(b * 6 + kk + 1);
                r.u(child_of(b, kk));
                r.u(config_of(b));
            })?;
        }
    }
    Ok(())
}

/// The simples a bundle offers: option 0 simples 0–2, option 1 simples 3–5.
pub fn bundle_selection_product(b: u64, option: u64, j: u64) -> u64 {
    simple_of(b, option * 3 + j)
}

/// Products of a grouped product: simples 6–8 of its block.
pub fn grouped_members(b: u64) -> [u64; 3] {
    [simple_of(b, 6), simple_of(b, 7), simple_of(b, 8)]
}

fn relation(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for b in 0..g.full_blocks() {
        let mut pairs: Vec<(u64, u64)> = (0..6).map(|kk| (config_of(b), child_of(b, kk))).collect();
        for o in 0..2 {
            for j in 0..3 {
                pairs.push((bundle_of(b), bundle_selection_product(b, o, j)));
            }
        }
        for m in grouped_members(b) {
            pairs.push((grouped_of(b), m));
        }
        for (parent, child) in pairs {
            t.row(|r| {
                r.u(parent);
                r.u(child);
            })?;
        }
    }
    Ok(())
}

fn bundle_option(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for b in 0..g.full_blocks() {
        for o in 0..2 {
            t.row(|r| {
                r.u(b * 2 + o + 1);
                r.u(bundle_of(b));
                r.u(1);
                r.u(o + 1);
                r.s(if o == 0 { b"select" } else { b"radio" });
            })?;
        }
    }
    Ok(())
}

fn bundle_option_value(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    for b in 0..g.full_blocks() {
        for o in 0..2 {
            for (store, title) in [
                (0u64, [&b"Main item"[..], b"Add-on"]),
                (2, [&b"Article principal"[..], b"Accessoire"]),
            ] {
                if store == 2 && b % 2 == 1 {
                    continue;
                }
                t.row(|r| {
                    r.u(id);
                    r.u(b * 2 + o + 1);
                    r.u(store);
                    r.s(title[o as usize]);
                })?;
                id += 1;
            }
        }
    }
    Ok(())
}

fn bundle_selection(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for b in 0..g.full_blocks() {
        for o in 0..2 {
            for j in 0..3 {
                t.row(|r| {
                    r.u((b * 2 + o) * 3 + j + 1);
                    r.u(b * 2 + o + 1);
                    r.u(bundle_of(b));
                    r.u(bundle_selection_product(b, o, j));
                    r.u(j);
                    r.u(u64::from(j == 0));
                    r.u(0);
                    r.dec(0);
                    r.dec(10_000);
                    r.u(u64::from(o == 1));
                })?;
            }
        }
    }
    Ok(())
}

/// The links of a product: (linked product, link type 1 related / 3 grouped / 4 up-sell /
/// 5 cross-sell), in link-id order.
fn links(g: &Gen, p: u64, out: &mut Vec<(u64, u64)>) {
    out.clear();
    let ty = g.ptype(p);
    if ty == PType::Grouped {
        for m in grouped_members(block_of(p)) {
            out.push((m, 3));
        }
    }
    if !g.visible(p) || !hchance(k::PRODUCT, p, 28, 250) {
        return;
    }
    let n = g.s.products;
    for (i, ty) in [(0u64, 1u64), (1, 1), (2, 4), (3, 5)] {
        let mut q = 1 + pick(k::PRODUCT, p, 29 + i, n);
        if q == p || !g.visible(q) {
            q = g.s.products.min(config_of(block_of(q)));
        }
        if q != p && !out.iter().any(|x| x.0 == q && x.1 == ty) {
            out.push((q, ty));
        }
    }
}

fn product_link(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    let mut v = Vec::new();
    for p in 1..=g.s.products {
        links(g, p, &mut v);
        for &(q, ty) in &v {
            t.row(|r| {
                r.u(id);
                r.u(p);
                r.u(q);
                r.u(ty);
            })?;
            id += 1;
        }
    }
    Ok(())
}

/// `catalog_product_link_attribute` ids of the base: position of relation (1), super (2),
/// up-sell (4), cross-sell (5); qty of super (3).
fn position_attribute(ty: u64) -> u64 {
    match ty {
        1 => 1,
        3 => 2,
        4 => 4,
        _ => 5,
    }
}

fn link_attribute_int(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let (mut id, mut link) = (1, 1);
    let mut v = Vec::new();
    for p in 1..=g.s.products {
        links(g, p, &mut v);
        for (i, &(_, ty)) in v.iter().enumerate() {
            t.row(|r| {
                r.u(id);
                r.u(position_attribute(ty));
                r.u(link);
                r.u(i as u64);
            })?;
            id += 1;
            link += 1;
        }
    }
    Ok(())
}

fn link_attribute_decimal(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let (mut id, mut link) = (1, 1);
    let mut v = Vec::new();
    for p in 1..=g.s.products {
        links(g, p, &mut v);
        for &(_, ty) in &v {
            if ty == 3 {
                t.row(|r| {
                    r.u(id);
                    r.u(3);
                    r.u(link);
                    r.dec(10_000);
                })?;
                id += 1;
            }
            link += 1;
        }
    }
    Ok(())
}

// Custom options: per block, option 2b+1 "Gift wrap" (drop-down, values 3b+1..3b+3) and
// option 2b+2 "Engraving" (a text field with a price) on the block's options product.

fn product_option(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for b in 0..g.full_blocks() {
        for (i, ty) in [&b"drop_down"[..], b"field"].into_iter().enumerate() {
            t.row(|r| {
                r.u(b * 2 + i as u64 + 1);
                r.u(options_of(b));
                r.s(ty);
                r.u(u64::from(i == 0));
                if i == 1 {
                    r.s(b"engrave");
                    r.u(20);
                } else {
                    r.null();
                    r.u(0);
                }
                r.u(i as u64);
            })?;
        }
    }
    Ok(())
}

fn product_option_title(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for b in 0..g.full_blocks() {
        for (i, title) in [&b"Gift wrap"[..], b"Engraving (max. 20 characters)"]
            .into_iter()
            .enumerate()
        {
            t.row(|r| {
                r.u(b * 2 + i as u64 + 1);
                r.u(b * 2 + i as u64 + 1);
                r.u(0);
                r.s(title);
            })?;
        }
    }
    Ok(())
}

fn product_option_price(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for b in 0..g.full_blocks() {
        t.row(|r| {
            r.u(b + 1);
            r.u(b * 2 + 2);
            r.u(0);
            r.money(OPTION_ENGRAVING_CENTS);
            r.s(b"fixed");
        })?;
    }
    Ok(())
}

/// Price of the engraving option; of the gift wrap values (none, paper, box).
pub const OPTION_ENGRAVING_CENTS: u64 = 1500;
pub const OPTION_WRAP_CENTS: [u64; 3] = [0, 300, 10];
pub const OPTION_WRAP_TITLES: [&str; 3] = ["No wrap", "Paper", "Gift box"];

fn option_type_value(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for b in 0..g.full_blocks() {
        for j in 0..3u64 {
            t.row(|r| {
                r.u(b * 3 + j + 1);
                r.u(b * 2 + 1);
                r.with(|x| {
                    x.extend_from_slice(b"wrap-");
                    push_u64(x, j);
                });
                r.u(j);
            })?;
        }
    }
    Ok(())
}

fn option_type_title(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for b in 0..g.full_blocks() {
        for (j, title) in OPTION_WRAP_TITLES.iter().enumerate() {
            t.row(|r| {
                r.u(b * 3 + j as u64 + 1);
                r.u(b * 3 + j as u64 + 1);
                r.u(0);
                r.s(title.as_bytes());
            })?;
        }
    }
    Ok(())
}

fn option_type_price(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for b in 0..g.full_blocks() {
        for (j, cents) in OPTION_WRAP_CENTS.iter().enumerate() {
            t.row(|r| {
                r.u(b * 3 + j as u64 + 1);
                r.u(b * 3 + j as u64 + 1);
                r.u(0);
                if j == 2 {
                    // 10 % of the product price
                    r.dec(10 * 10_000);
                    r.s(b"percent");
                } else {
                    r.money(*cents);
                    r.s(b"fixed");
                }
            })?;
        }
    }
    Ok(())
}

fn stock_item(g: &mut Gen, t: &mut T) -> io::Result<()> {
    for p in 1..=g.s.products {
        let ty = g.ptype(p);
        let managed = matches!(
            ty,
            PType::Simple | PType::Options | PType::Child { .. } | PType::Virtual
        );
        let qty = if managed {
            pick(k::PRODUCT, p, 30, 500)
        } else {
            0
        };
        let in_stock = !managed || qty > 0;
        let low = (!in_stock).then(|| g.time_at(k::PRODUCT, p, g.s.products) + SPAN / 10);
        t.row(|r| {
            r.u(p);
            r.u(p);
            r.u(1);
            r.dec(qty * 10_000);
            r.dec(0);
            r.u(1);
            r.u(0);
            r.u(0);
            r.u(1);
            r.dec(10_000);
            r.u(1);
            r.dec(0);
            r.u(1);
            r.u(u64::from(in_stock));
            r.opt_dt(low);
            r.null();
            r.u(1);
            r.u(u64::from(managed));
            r.u(u64::from(managed));
            r.u(0);
            r.u(1);
            r.dec(0);
            r.u(1);
            r.u(0);
            r.u(0);
        })?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// URL rewrites: per store view, the categories, then the products (alone and in their
// categories); then the shop's custom permanent redirects.
// ---------------------------------------------------------------------------------------

fn url_rewrite(g: &mut Gen, t: &mut T) -> io::Result<()> {
    let mut id = 1;
    let (mut req, mut key) = (Vec::new(), Vec::new());
    for store in [1u64, 2, 3] {
        for c in 3..3 + g.s.categories {
            req.clear();
            g.category_url_path(c, store, &mut req);
            req.extend_from_slice(b".html");
            t.row(|r| {
                r.u(id);
                r.u(store);
                r.with(|b| {
                    b.extend_from_slice(b"category/");
                    push_u64(b, c);
                });
                r.s(&req);
                r.with(|b| {
                    b.extend_from_slice(b"catalog/category/view/id/");
                    push_u64(b, c);
                });
                r.u(1);
                r.s(b"");
                r.null();
                r.u(c);
                r.null();
            })?;
            id += 1;
        }
        for p in 1..=g.s.products {
            if !g.visible(p) || !g.product_stores(p).contains(&store) {
                continue;
            }
            key.clear();
            g.url_key(p, store, &mut key);
            let (c1, c2) = g.product_categories(p);
            for cat in [None, Some(c1), c2]
                .into_iter()
                .enumerate()
                .filter(|(i, c)| *i == 0 || c.is_some())
                .map(|(_, c)| c)
            {
                req.clear();
                if let Some(c) = cat {
                    g.category_url_path(c, store, &mut req);
                    req.push(b'/');
                }
                req.extend_from_slice(&key);
                req.extend_from_slice(b".html");
                t.row(|r| {
                    r.u(id);
                    r.u(store);
                    r.with(|b| {
                        b.extend_from_slice(b"product/");
                        push_u64(b, p);
                        if let Some(c) = cat {
                            b.push(b'/');
                            push_u64(b, c);
                        }
                    });
                    r.s(&req);
                    r.with(|b| {
                        b.extend_from_slice(b"catalog/product/view/id/");
                        push_u64(b, p);
                        if let Some(c) = cat {
                            b.extend_from_slice(b"/category/");
                            push_u64(b, c);
                        }
                    });
                    r.u(1);
                    r.s(b"");
                    r.null();
                    r.opt_u(cat);
                    r.u(p);
                })?;
                id += 1;
            }
        }
    }
    // Custom redirects the shop made when it renamed products (store 1).
    for p in 1..=g.s.products {
        if !g.visible(p) || !hchance(k::PRODUCT, p, 31, 50) {
            continue;
        }
        key.clear();
        g.url_key(p, 1, &mut key);
        let when = EPOCH + pick(k::PRODUCT, p, 32, SPAN);
        t.row(|r| {
            r.u(id);
            r.u(1);
            r.with(|b| {
                push_u64(b, when);
                b.push(b'_');
                push_u64(b, hash(k::PRODUCT, p, 33) % 100_000);
            });
            r.with(|b| {
                b.extend_from_slice(b"old-shop/");
                slug_into(b, &key);
                b.extend_from_slice(b".php");
            });
            r.with(|b| {
                b.extend_from_slice(&key);
                b.extend_from_slice(b".html");
            });
            r.u(0);
            r.s(b"RP");
            r.s(b"Moved from the old shop");
            r.null();
            r.u(p);
        })?;
        id += 1;
    }
    let _ = BLOCK;
    Ok(())
}

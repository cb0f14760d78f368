//! URL key collisions: a check Magento's Data Migration Tool does not have.
//!
//! Magento 1 lets two products (or two sibling categories) have the same `url_key` in a
//! store view; Magento 2 refuses to save such an entity ("URL key for specified store
//! already exists"). During the work pass this step collects the `url_key` value rows of
//! `catalog_product_entity_varchar` and `catalog_category_entity_varchar` (only those rows:
//! memory is bounded by the catalog), and at the end computes, per store view, the
//! effective key of every entity (its store value, else its store-0 value), compared as
//! Magento 2's `utf8_general_ci` column compares them (ASCII letters without case, trailing
//! spaces ignored). Products collide within a store view, among the products of the store
//! view's website (`catalog_product_website`; Magento 2 makes URLs only there); categories
//! only among siblings (same parent) under the store view's root category; root categories
//! (the tree's root and its children) have no URL and are left out. Product visibility is
//! not looked at: a collision of a product not visible individually is reported too.
//!
//! Every collision goes to the report (`url_key_collisions`, complete) and a warning lists
//! the first ones. With `--resolve-url-keys` they are resolved at load time:
//! - in each collision group the entity with the lowest id keeps its key; every other gets
//!   `<key>-<entity_id>` (`<key>-<entity_id>-2`, `-3`, … if that is taken), chosen free of
//!   every effective key of each store view (and parent) it is used in;
//! - the value written: the store view's own url_key row when the key came from it; a key
//!   that came from the store-0 value changes the store-0 value when every store view
//!   that uses the store-0 value collides, else a store-view row is added for each
//!   colliding store view (the others keep the global key);
//! - a renamed category's `url_path` (Magento 2 builds the category's URLs from it) gets the
//!   new key in its last segment, in the same rows (store 0 or store view) as the key;
//! - the entity's own `url_rewrite` rows of that store view (generated, not redirects)
//!   whose last path segment is the old key, optionally with Magento 1's `-N`
//!   de-duplication suffix, plus an extension (`.html`) get the new key in that segment;
//!   a new request path that is already taken in the store view is left as it was. The
//!   permanent redirects that pointed at a changed request path follow it. Paths below a
//!   renamed category (its children, its products) keep their segments: they stay unique
//!   and Magento 2 rebuilds them when the category is saved.
//!
//! A run that continues an interrupted one has not seen the url_key rows written before
//! the interruption: the check says so (warning), and with `--resolve-url-keys` the run
//! fails so that it is started over.

use super::{Account, Context, Level, Messages, Piece, Plan, Section, Stage, Step};
use crate::dump::value::escape_quoted;
use crate::dump::write::quote_ident;
use crate::mapping::plan::{Record, RowHandler, RowNotes, TablePlan};
use anyhow::Result;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

pub const TITLE: &str = "Url Key Step";

/// Warnings list this many collisions; the report has them all.
const SHOWN: usize = 10;

/// Magento 2's url_key column: varchar(255).
const MAX_KEY_CHARS: usize = 255;

const RENAMES: &str = "m1tom2_url_key_renames";
const PATHS: &str = "m1tom2_url_key_paths";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Product,
    Category,
}

impl Kind {
    const ALL: [Kind; 2] = [Kind::Product, Kind::Category];

    fn entity_type_code(self) -> &'static str {
        match self {
            Kind::Product => "catalog_product",
            Kind::Category => "catalog_category",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Kind::Product => "catalog_product_entity_varchar",
            Kind::Category => "catalog_category_entity_varchar",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Product => "product",
            Kind::Category => "category",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One url_key value row that will land in Magento 2.
#[derive(Debug)]
struct KeyRow {
    kind: Kind,
    entity: u64,
    store: u64,
    value: Vec<u8>,
    /// A category's url_path (not its url_key).
    path: bool,
}

/// What the work pass collects (shared by the workers).
#[derive(Debug, Default)]
struct Shared {
    rows: Vec<KeyRow>,
    /// url_key rows the handler saw, by [`Kind::index`] (dropped ones included).
    seen: [u64; 2],
}

/// A new key given to an entity.
#[derive(Clone, Debug, Serialize)]
pub struct Renamed {
    pub entity_id: u64,
    pub new_key: String,
}

/// Entities of one kind with the same effective url_key in one store view (and, for
/// categories, under one parent).
#[derive(Clone, Debug, Serialize)]
pub struct Collision {
    pub entity_type: Kind,
    pub store_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<u64>,
    /// The key as the entity with the lowest id has it.
    pub key: String,
    pub entity_ids: Vec<u64>,
    /// With `--resolve-url-keys`: the new keys (every id but the lowest).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub renamed: Vec<Renamed>,
}

#[derive(Debug, Default)]
struct Outcome {
    ran: bool,
    complete: bool,
    collisions: Vec<Collision>,
    /// Rows the load-time statements add (destination table → rows).
    added: BTreeMap<String, u64>,
}

#[derive(Default)]
pub struct UrlKeysStep {
    shared: Arc<Mutex<Shared>>,
    outcome: Mutex<Outcome>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn num(b: &[u8]) -> Option<u64> {
    std::str::from_utf8(b).ok()?.trim().parse().ok()
}

/// The key as Magento 2's `utf8_general_ci` column compares it: ASCII letters without
/// case, trailing spaces ignored.
fn fold(key: &[u8]) -> Vec<u8> {
    let mut k = key.to_ascii_lowercase();
    while k.last() == Some(&b' ') {
        k.pop();
    }
    k
}

/// Collects the url_key rows of one value table.
#[derive(Debug)]
struct CollectUrlKeys {
    kind: Kind,
    attrs: Arc<HashSet<u64>>,
    /// Category url_path attributes (collected too, not counted).
    paths: Arc<HashSet<u64>>,
    attr_col: usize,
    store_col: usize,
    entity_col: usize,
    value_col: usize,
    shared: Arc<Mutex<Shared>>,
}

impl RowHandler for CollectUrlKeys {
    fn apply(&self, rec: &mut Record<'_>, notes: &mut RowNotes) {
        let Some(attr) = rec.get(self.attr_col).and_then(|b| num(&b)) else {
            return;
        };
        let path = self.paths.contains(&attr);
        if !path && !self.attrs.contains(&attr) {
            return;
        }
        let row = match (
            rec.get(self.entity_col).and_then(|b| num(&b)),
            rec.get(self.store_col).and_then(|b| num(&b)),
            rec.get(self.value_col),
        ) {
            (Some(entity), Some(store), Some(v)) if notes.drop.is_none() => Some(KeyRow {
                kind: self.kind,
                entity,
                store,
                value: v.into_owned(),
                path,
            }),
            _ => None,
        };
        let mut s = lock(&self.shared);
        if !path {
            s.seen[self.kind.index()] += 1;
        }
        if let Some(r) = row {
            s.rows.push(r);
        }
    }
}

/// The url_key attribute ids of Magento 1 for an entity type.
fn url_key_attributes(ctx: &Context, kind: Kind) -> HashSet<u64> {
    attributes(ctx, kind, "url_key")
}

/// The attribute ids of Magento 1 with a code, for an entity type.
fn attributes(ctx: &Context, kind: Kind, code: &str) -> HashSet<u64> {
    let types = ctx.src_rows("eav_entity_type");
    let Some(type_id) = types
        .iter()
        .find(|r| types.get(r, "entity_type_code") == Some(kind.entity_type_code().as_bytes()))
        .and_then(|r| types.int(r, "entity_type_id"))
    else {
        return HashSet::new();
    };
    let attrs = ctx.src_rows("eav_attribute");
    attrs
        .iter()
        .filter(|r| attrs.int(r, "entity_type_id") == Some(type_id))
        .filter(|r| attrs.get(r, "attribute_code") == Some(code.as_bytes()))
        .filter_map(|r| attrs.int(r, "attribute_id").map(|i| i as u64))
        .collect()
}

/// The store views (every store but the admin store 0), ascending.
fn store_views(ctx: &Context) -> Vec<u64> {
    let stores = ctx.src_rows("core_store");
    let mut v: Vec<u64> = stores
        .iter()
        .filter_map(|r| stores.int(r, "store_id"))
        .filter(|&s| s > 0)
        .map(|s| s as u64)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The website and the root category of every store view (from core_store and
/// core_store_group; a store view missing there is not filtered).
#[derive(Default)]
struct Shops {
    website: HashMap<u64, u64>,
    root: HashMap<u64, u64>,
}

impl Shops {
    fn read(ctx: &Context) -> Shops {
        let stores = ctx.src_rows("core_store");
        let groups = ctx.src_rows("core_store_group");
        let roots: HashMap<i64, i64> = groups
            .iter()
            .filter_map(|r| {
                Some((
                    groups.int(r, "group_id")?,
                    groups.int(r, "root_category_id")?,
                ))
            })
            .collect();
        let mut shops = Shops::default();
        for r in stores.iter() {
            let Some(id) = stores.int(r, "store_id").filter(|s| *s > 0) else {
                continue;
            };
            if let Some(w) = stores.int(r, "website_id") {
                shops.website.insert(id as u64, w as u64);
            }
            if let Some(root) = stores
                .int(r, "group_id")
                .and_then(|g| roots.get(&g))
                .filter(|r| **r > 0)
            {
                shops.root.insert(id as u64, *root as u64);
            }
        }
        shops
    }
}

/// The values of one entity: store 0, and by store view.
#[derive(Default)]
struct Values {
    global: Option<Vec<u8>>,
    stores: BTreeMap<u64, Vec<u8>>,
}

impl Values {
    /// The effective key in a store view and whether it is the store-0 value.
    fn effective(&self, store: u64) -> Option<(&[u8], bool)> {
        match self.stores.get(&store) {
            Some(v) => Some((v.as_slice(), false)),
            None => self.global.as_deref().map(|v| (v, true)),
        }
        .filter(|(v, _)| !fold(v).is_empty())
    }
}

/// Where keys must be unique: a store view, and for categories the parent.
type Space = (Kind, u64, Option<u64>);

/// Members of a space with one folded key: (entity, key as written, from store 0).
type Members = Vec<(u64, Vec<u8>, bool)>;

/// A value row to write: store, entity, value.
type ValueRow = (u64, u64, Vec<u8>);

/// A rewrite rename: kind, entity, store view, old key, new key.
type RewriteRename = (Kind, u64, u64, Vec<u8>, Vec<u8>);

/// One entity to rename: its old key (as written) and where it collides.
struct Rename {
    kind: Kind,
    entity: u64,
    old: Vec<u8>,
    from_global: bool,
    /// (store view, parent) pairs where the old key collides.
    spaces: BTreeSet<(u64, Option<u64>)>,
}

/// `<old>-<id>` cut so that it fits, with an extra `-n` for the n-th try.
fn candidate(old: &[u8], entity: u64, n: u64) -> Vec<u8> {
    let tail = if n <= 1 {
        format!("-{entity}")
    } else {
        format!("-{entity}-{n}")
    };
    let text = String::from_utf8_lossy(old);
    let keep = MAX_KEY_CHARS.saturating_sub(tail.chars().count());
    let mut s: String = text.chars().take(keep).collect();
    s.push_str(&tail);
    s.into_bytes()
}

/// `path` with its last segment given the new key, when that segment is the old key
/// (letters without case), optionally with Magento 1's `-N` de-duplication suffix, and an
/// extension (`.html`, kept).
fn with_last_segment(path: &[u8], old: &[u8], new: &[u8]) -> Option<Vec<u8>> {
    let start = path.iter().rposition(|b| *b == b'/').map_or(0, |i| i + 1);
    let seg = &path[start..];
    if seg.len() < old.len() || !seg[..old.len()].eq_ignore_ascii_case(old) {
        return None;
    }
    let rest = &seg[old.len()..];
    let ext_at = rest.iter().position(|b| *b == b'.').unwrap_or(rest.len());
    let (suffix, ext) = rest.split_at(ext_at);
    let dedup = suffix.is_empty()
        || (suffix.len() > 1 && suffix[0] == b'-' && suffix[1..].iter().all(u8::is_ascii_digit));
    if !dedup || ext.contains(&b'/') {
        return None;
    }
    let mut out = path[..start].to_vec();
    out.extend_from_slice(new);
    out.extend_from_slice(ext);
    Some(out)
}

fn sql_text(out: &mut Vec<u8>, b: &[u8]) {
    escape_quoted(out, b);
}

impl UrlKeysStep {
    /// The collisions of the collected rows; with `resolve`, the new keys and the
    /// statements that write them.
    fn analyse(
        &self,
        ctx: &Context,
        rows: &[KeyRow],
        websites: Option<&HashSet<(u64, u64)>>,
        resolve: bool,
        rewrites_written: bool,
        msgs: &mut Messages,
    ) -> (Vec<Collision>, Vec<Section>, BTreeMap<String, u64>) {
        let stores = store_views(ctx);
        let shops = Shops::read(ctx);
        let parents: Option<HashMap<u64, u64>> = ctx
            .lookup("catalog_category_entity", "entity_id", "parent_id")
            .map(|l| {
                l.iter()
                    .filter_map(|(k, v)| Some((num(&k)?, num(v.as_deref()?)?)))
                    .collect()
            });
        if parents.is_none() && rows.iter().any(|r| r.kind == Kind::Category) {
            msgs.push(
                Level::Warning,
                TITLE,
                Stage::Data,
                "catalog_category_entity has no parent_id values: category url_key collisions are not checked",
            );
        }
        // A category's parent, for categories that have a URL (not the root nor its
        // children, the root categories of the stores).
        let parent_of = |c: u64| -> Option<u64> {
            let p = parents.as_ref()?;
            let parent = *p.get(&c)?;
            if parent == 0 || p.get(&parent).copied().unwrap_or(0) == 0 {
                return None;
            }
            Some(parent)
        };
        // Whether an entity has a URL in a store view: a product in the store's website, a
        // category under the store's root category.
        let root_of = |c: u64| -> Option<u64> {
            let p = parents.as_ref()?;
            let mut cur = c;
            for _ in 0..256 {
                let parent = *p.get(&cur)?;
                if p.get(&parent) == Some(&0) {
                    return Some(cur);
                }
                cur = parent;
            }
            None
        };
        let present = |kind: Kind, entity: u64, store: u64| -> bool {
            match kind {
                Kind::Product => match (websites, shops.website.get(&store)) {
                    (Some(w), Some(site)) => w.contains(&(entity, *site)),
                    _ => true,
                },
                Kind::Category => match shops.root.get(&store) {
                    Some(root) => root_of(entity) == Some(*root),
                    None => true,
                },
            }
        };
        let mut values: BTreeMap<(Kind, u64), Values> = BTreeMap::new();
        let mut paths: BTreeMap<u64, Values> = BTreeMap::new();
        for r in rows {
            let v = if r.path {
                paths.entry(r.entity).or_default()
            } else {
                values.entry((r.kind, r.entity)).or_default()
            };
            if r.store == 0 {
                v.global = Some(r.value.clone());
            } else {
                v.stores.insert(r.store, r.value.clone());
            }
        }
        // Effective keys by space and folded key.
        let mut groups: BTreeMap<(Space, Vec<u8>), Members> = BTreeMap::new();
        for ((kind, entity), v) in &values {
            let parent = match kind {
                Kind::Product => None,
                Kind::Category => match parent_of(*entity) {
                    Some(p) => Some(p),
                    None => continue,
                },
            };
            for &s in stores.iter().filter(|s| present(*kind, *entity, **s)) {
                if let Some((key, global)) = v.effective(s) {
                    groups
                        .entry(((*kind, s, parent), fold(key)))
                        .or_default()
                        .push((*entity, key.to_vec(), global));
                }
            }
        }
        let mut collisions: Vec<Collision> = Vec::new();
        // (kind, entity, old key) → rename.
        let mut renames: BTreeMap<(Kind, u64, Vec<u8>, bool), Rename> = BTreeMap::new();
        for (((kind, store, parent), _), members) in &groups {
            if members.len() < 2 {
                continue;
            }
            let mut members = members.clone();
            members.sort_by_key(|m| m.0);
            for (entity, old, global) in members.iter().skip(1) {
                renames
                    .entry((*kind, *entity, old.clone(), *global))
                    .or_insert_with(|| Rename {
                        kind: *kind,
                        entity: *entity,
                        old: old.clone(),
                        from_global: *global,
                        spaces: BTreeSet::new(),
                    })
                    .spaces
                    .insert((*store, *parent));
            }
            collisions.push(Collision {
                entity_type: *kind,
                store_id: *store,
                parent_id: *parent,
                key: String::from_utf8_lossy(&members[0].1).into_owned(),
                entity_ids: members.iter().map(|m| m.0).collect(),
                renamed: Vec::new(),
            });
        }
        if !resolve || renames.is_empty() {
            return (collisions, Vec::new(), BTreeMap::new());
        }
        // New keys, free in every space they go to.
        let mut taken: HashMap<Space, HashSet<Vec<u8>>> = HashMap::new();
        for (space, key) in groups.keys() {
            taken.entry(*space).or_default().insert(key.clone());
        }
        let mut new_keys: BTreeMap<(Kind, u64, Vec<u8>, bool), Vec<u8>> = BTreeMap::new();
        for (k, r) in &renames {
            let mut n = 1;
            let new = loop {
                let c = candidate(&r.old, r.entity, n);
                let f = fold(&c);
                let free = r
                    .spaces
                    .iter()
                    .all(|(s, p)| taken.get(&(r.kind, *s, *p)).is_none_or(|t| !t.contains(&f)));
                if free {
                    break c;
                }
                n += 1;
            };
            for (s, p) in &r.spaces {
                taken
                    .entry((r.kind, *s, *p))
                    .or_default()
                    .insert(fold(&new));
            }
            new_keys.insert(k.clone(), new);
        }
        for c in &mut collisions {
            let key = c.key.as_bytes();
            for &e in c.entity_ids.iter().skip(1) {
                // The member's own old key (it may differ from the first's in case).
                let found = renames.iter().find(|((k, id, _, _), r)| {
                    *k == c.entity_type
                        && *id == e
                        && r.spaces.contains(&(c.store_id, c.parent_id))
                        && fold(&r.old) == fold(key)
                });
                if let Some((k, _)) = found
                    && let Some(n) = new_keys.get(k)
                {
                    c.renamed.push(Renamed {
                        entity_id: e,
                        new_key: String::from_utf8_lossy(n).into_owned(),
                    });
                }
            }
        }
        // The value rows: (kind, store, entity, value), and the rewrite renames.
        // (kind, attribute code) → (store, entity, value).
        let mut value_rows: BTreeMap<(Kind, &str), Vec<ValueRow>> = BTreeMap::new();
        let mut rewrites: Vec<RewriteRename> = Vec::new();
        let mut added: BTreeMap<String, u64> = BTreeMap::new();
        for (k, r) in &renames {
            let Some(new) = new_keys.get(k) else { continue };
            let renamed_stores: BTreeSet<u64> = r.spaces.iter().map(|(s, _)| *s).collect();
            for &s in &renamed_stores {
                rewrites.push((r.kind, r.entity, s, r.old.clone(), new.clone()));
            }
            let v = values.get(&(r.kind, r.entity));
            let using_global: BTreeSet<u64> = stores
                .iter()
                .copied()
                .filter(|s| present(r.kind, r.entity, *s))
                .filter(|s| v.and_then(|v| v.effective(*s)).is_some_and(|(_, g)| g))
                .collect();
            let global = r.from_global && using_global == renamed_stores;
            let rows = value_rows.entry((r.kind, "url_key")).or_default();
            if global {
                rows.push((0, r.entity, new.clone()));
            } else {
                for &s in &renamed_stores {
                    rows.push((s, r.entity, new.clone()));
                }
                if r.from_global {
                    *added.entry(ctx.dst_table(r.kind.table())).or_default() +=
                        renamed_stores.len() as u64;
                }
            }
            // A category's url_path ends with its key: Magento 2 builds the category's
            // URLs from it.
            if r.kind != Kind::Category {
                continue;
            }
            let pv = paths.get(&r.entity);
            let mut path_rows = Vec::new();
            if global {
                if let Some(n) = pv
                    .and_then(|v| v.global.as_deref())
                    .and_then(|p| with_last_segment(p, &r.old, new))
                {
                    path_rows.push((0, r.entity, n));
                }
                for &s in &renamed_stores {
                    if let Some(n) = pv
                        .and_then(|v| v.stores.get(&s))
                        .and_then(|p| with_last_segment(p, &r.old, new))
                    {
                        path_rows.push((s, r.entity, n));
                    }
                }
            } else {
                for &s in &renamed_stores {
                    let own = pv.and_then(|v| v.stores.get(&s));
                    let Some(n) = own
                        .or_else(|| pv.and_then(|v| v.global.as_ref()))
                        .and_then(|p| with_last_segment(p, &r.old, new))
                    else {
                        continue;
                    };
                    if own.is_none() {
                        *added.entry(ctx.dst_table(r.kind.table())).or_default() += 1;
                    }
                    path_rows.push((s, r.entity, n));
                }
            }
            value_rows
                .entry((r.kind, "url_path"))
                .or_default()
                .extend(path_rows);
        }
        let mut sec = Section {
            step: TITLE.into(),
            name: "url_key collisions resolved".into(),
            ..Default::default()
        };
        for ((kind, code), rows) in &value_rows {
            if rows.is_empty() {
                continue;
            }
            let kind = *kind;
            let attrs = attributes(ctx, kind, code);
            let Some(attr) = attrs.iter().min() else {
                continue;
            };
            let mut s = format!(
                "INSERT INTO {} (`attribute_id`,`store_id`,`entity_id`,`value`) VALUES ",
                quote_ident(&ctx.dst_table(kind.table()))
            )
            .into_bytes();
            for (i, (store, entity, value)) in rows.iter().enumerate() {
                if i > 0 {
                    s.push(b',');
                }
                s.extend_from_slice(format!("({attr},{store},{entity},").as_bytes());
                sql_text(&mut s, value);
                s.push(b')');
            }
            s.extend_from_slice(b" ON DUPLICATE KEY UPDATE `value`=VALUES(`value`)");
            sec.pieces.push(Piece::Sql(s));
        }
        if rewrites_written && !rewrites.is_empty() {
            rewrite_statements(ctx, &rewrites, &mut sec);
        }
        (collisions, vec![sec], added)
    }
}

/// Statements that give the renamed entities' own rewrites the new key (see the module
/// documentation), through two staging tables dropped at the end.
fn rewrite_statements(ctx: &Context, rewrites: &[RewriteRename], sec: &mut Section) {
    let renames = quote_ident(RENAMES);
    let paths = quote_ident(PATHS);
    let target = quote_ident(&ctx.dst_table("url_rewrite"));
    let sql = |s: String| Piece::Sql(s.into_bytes());
    sec.pieces
        .push(sql(format!("DROP TABLE IF EXISTS {renames}")));
    sec.pieces.push(sql(format!(
        "CREATE TABLE {renames} (`entity_type` varchar(32) NOT NULL, `entity_id` int unsigned NOT NULL, `store_id` smallint unsigned NOT NULL, `old_key` varchar(255) NOT NULL, `new_key` varchar(255) NOT NULL, PRIMARY KEY (`entity_type`,`entity_id`,`store_id`)) DEFAULT CHARSET=utf8mb3"
    )));
    let mut ins = format!(
        "INSERT INTO {renames} (`entity_type`,`entity_id`,`store_id`,`old_key`,`new_key`) VALUES "
    )
    .into_bytes();
    let mut seen = HashSet::new();
    let mut first = true;
    for (kind, entity, store, old, new) in rewrites {
        if !seen.insert((*kind, *entity, *store)) {
            continue;
        }
        if !first {
            ins.push(b',');
        }
        first = false;
        ins.extend_from_slice(format!("('{}',{entity},{store},", kind.name()).as_bytes());
        sql_text(&mut ins, old);
        ins.push(b',');
        sql_text(&mut ins, new);
        ins.push(b')');
    }
    ins.extend_from_slice(b" ON DUPLICATE KEY UPDATE `new_key`=VALUES(`new_key`)");
    sec.pieces.push(Piece::Sql(ins));
    sec.pieces
        .push(sql(format!("DROP TABLE IF EXISTS {paths}")));
    sec.pieces.push(sql(format!(
        "CREATE TABLE {paths} (`url_rewrite_id` int unsigned NOT NULL PRIMARY KEY, `store_id` smallint unsigned NOT NULL, `old_path` varchar(255) NOT NULL, `request_path` varchar(255) NOT NULL, KEY (`request_path`,`store_id`)) DEFAULT CHARSET=utf8mb3"
    )));
    // seg: the last segment; rest: what follows the old key in it.
    let seg = "SUBSTRING_INDEX(u.`request_path`, '/', -1)";
    let rest = format!("SUBSTRING({seg}, CHAR_LENGTH(r.`old_key`) + 1)");
    sec.pieces.push(sql(format!(
        "INSERT INTO {paths} (`url_rewrite_id`,`store_id`,`old_path`,`request_path`) \
         SELECT u.`url_rewrite_id`, u.`store_id`, u.`request_path`, \
         CONCAT(LEFT(u.`request_path`, CHAR_LENGTH(u.`request_path`) - CHAR_LENGTH({seg})), r.`new_key`, \
         IF(LOCATE('.', {rest}) > 0, SUBSTRING({rest}, LOCATE('.', {rest})), '')) \
         FROM {target} u JOIN {renames} r ON u.`entity_type` = r.`entity_type` AND u.`entity_id` = r.`entity_id` AND u.`store_id` = r.`store_id` \
         WHERE u.`redirect_type` = 0 AND u.`is_autogenerated` = 1 \
         AND LEFT({seg}, CHAR_LENGTH(r.`old_key`)) = r.`old_key` \
         AND ({rest} = '' OR {rest} LIKE '.%' OR {rest} REGEXP '^-[0-9]+([.][^/]*)?$') \
         AND CHAR_LENGTH(u.`request_path`) - CHAR_LENGTH({seg}) + CHAR_LENGTH(r.`new_key`) + CHAR_LENGTH({rest}) <= 255"
    )));
    // A new path taken by another rewrite, or by an earlier row of the list, stays out.
    sec.pieces.push(sql(format!(
        "DELETE p FROM {paths} p JOIN {target} u ON u.`request_path` = p.`request_path` AND u.`store_id` = p.`store_id` AND u.`url_rewrite_id` <> p.`url_rewrite_id`"
    )));
    sec.pieces.push(sql(format!(
        "DELETE p FROM {paths} p JOIN {paths} q ON q.`request_path` = p.`request_path` AND q.`store_id` = p.`store_id` AND q.`url_rewrite_id` < p.`url_rewrite_id`"
    )));
    sec.pieces.push(sql(format!(
        "UPDATE {target} u JOIN {paths} p ON p.`url_rewrite_id` = u.`url_rewrite_id` SET u.`request_path` = p.`request_path`"
    )));
    sec.pieces.push(sql(format!(
        "UPDATE {target} u JOIN {paths} p ON u.`store_id` = p.`store_id` AND u.`target_path` = p.`old_path` SET u.`target_path` = p.`request_path` WHERE u.`redirect_type` <> 0"
    )));
    sec.pieces.push(sql(format!("DROP TABLE {paths}")));
    sec.pieces.push(sql(format!("DROP TABLE {renames}")));
}

/// The columns collected from catalog_product_website.
fn website_key() -> Vec<String> {
    vec!["product_id".to_string(), "website_id".to_string()]
}

impl Step for UrlKeysStep {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn dims(&self) -> Vec<&'static str> {
        vec![
            "eav_entity_type",
            "eav_attribute",
            "core_store",
            "core_store_group",
        ]
    }

    fn lookups(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        vec![("catalog_category_entity", "entity_id", "parent_id")]
    }

    fn plan(&self, ctx: &Context, plan: &mut Plan, _msgs: &mut Messages) -> Result<()> {
        let websites = ctx.src_table("catalog_product_website");
        if ctx.src.catalog.get(&websites).is_some() {
            plan.key(&websites, &website_key());
        }
        for kind in Kind::ALL {
            let attrs = url_key_attributes(ctx, kind);
            if attrs.is_empty() {
                continue;
            }
            let src_name = ctx.src_table(kind.table());
            let Some((_, TablePlan::Write(w))) = plan.tables.get_mut(&src_name) else {
                continue;
            };
            let col = |c: &str| w.source_columns.iter().position(|s| s == c);
            let (Some(attr_col), Some(store_col), Some(entity_col), Some(value_col)) = (
                col("attribute_id"),
                col("store_id"),
                col("entity_id"),
                col("value"),
            ) else {
                continue;
            };
            let Some(w) = Arc::get_mut(w) else { continue };
            w.source_handlers.push(Box::new(CollectUrlKeys {
                kind,
                attrs: Arc::new(attrs),
                paths: Arc::new(match kind {
                    Kind::Product => HashSet::new(),
                    Kind::Category => attributes(ctx, kind, "url_path"),
                }),
                attr_col,
                store_col,
                entity_col,
                value_col,
                shared: self.shared.clone(),
            }));
            // Rows per attribute, counted over every row even when a run resumes: tells
            // whether the handler saw them all.
            plan.key(&src_name, &["attribute_id".to_string()]);
        }
        Ok(())
    }

    fn closing(
        &self,
        ctx: &Context,
        plan: &Plan,
        collected: &super::Collected,
        msgs: &mut Messages,
    ) -> Vec<Section> {
        let shared = std::mem::take(&mut *lock(&self.shared));
        let mut complete = true;
        let mut ran = false;
        for kind in Kind::ALL {
            let src_name = ctx.src_table(kind.table());
            let Some(i) = plan
                .keys
                .iter()
                .position(|k| k.table == src_name && k.columns == ["attribute_id".to_string()])
            else {
                continue;
            };
            ran = true;
            let attrs = url_key_attributes(ctx, kind);
            let total: u64 = collected
                .get(i)
                .map(|m| {
                    m.iter()
                        .filter(|(k, _)| num(k).is_some_and(|a| attrs.contains(&a)))
                        .map(|(_, n)| n)
                        .sum()
                })
                .unwrap_or(0);
            if shared.seen[kind.index()] < total {
                complete = false;
            }
        }
        if !ran {
            return Vec::new();
        }
        let resolve = ctx.opts.resolve_url_keys;
        if !complete {
            msgs.push(
                if resolve {
                    Level::Error
                } else {
                    Level::Warning
                },
                TITLE,
                Stage::Data,
                if resolve {
                    "this run continued an interrupted one and did not see the url_key rows written before the interruption, so it cannot resolve url_key collisions; run it again: it starts over"
                } else {
                    "this run continued an interrupted one and did not see the url_key rows written before the interruption: the url_key collision check is incomplete (a run with --reset checks everything)"
                },
            );
        }
        // The Url Rewrite step wrote url_rewrite from core_url_rewrite.
        let rewrites_written = matches!(
            plan.tables.get(&ctx.src_table("core_url_rewrite")),
            Some((s, TablePlan::Write(_))) if s == super::url_rewrite::TITLE
        );
        // The websites of the products (every row, counted even when a run resumes).
        let site_table = ctx.src_table("catalog_product_website");
        let websites: Option<HashSet<(u64, u64)>> = plan
            .keys
            .iter()
            .position(|k| k.table == site_table && k.columns == website_key())
            .and_then(|i| collected.get(i))
            .map(|m| {
                m.iter()
                    .filter_map(|(k, _)| {
                        let mut parts = k.split(|b| *b == 0x1f);
                        Some((num(parts.next()?)?, num(parts.next()?)?))
                    })
                    .collect()
            });
        let (collisions, sections, added) = self.analyse(
            ctx,
            &shared.rows,
            websites.as_ref(),
            resolve && complete,
            rewrites_written,
            msgs,
        );
        if !collisions.is_empty() {
            let count = |k: Kind| collisions.iter().filter(|c| c.entity_type == k).count();
            let shown: Vec<String> = collisions
                .iter()
                .take(SHOWN)
                .map(|c| {
                    let ids: Vec<String> = c.entity_ids.iter().map(u64::to_string).collect();
                    let parent = c
                        .parent_id
                        .map(|p| format!(" under category {p}"))
                        .unwrap_or_default();
                    format!(
                        "{} {} store {}{parent} `{}`",
                        c.entity_type.name(),
                        ids.join(","),
                        c.store_id,
                        c.key
                    )
                })
                .collect();
            let more = if collisions.len() > SHOWN {
                format!("; {} more", collisions.len() - SHOWN)
            } else {
                String::new()
            };
            msgs.push(
                Level::Warning,
                TITLE,
                Stage::Data,
                format!(
                    "{} url_key collisions ({} of products, {} of categories): Magento 2 refuses to save these entities (\"URL key for specified store already exists\"): {}{more}. Every one is in url_key_collisions in the report; {}",
                    collisions.len(),
                    count(Kind::Product),
                    count(Kind::Category),
                    shown.join("; "),
                    if resolve && complete {
                        "--resolve-url-keys gives them new keys (renamed in the report)"
                    } else {
                        "--resolve-url-keys gives them new keys"
                    }
                ),
            );
        }
        let renamed: BTreeSet<(Kind, u64)> = collisions
            .iter()
            .flat_map(|c| c.renamed.iter().map(move |r| (c.entity_type, r.entity_id)))
            .collect();
        if !renamed.is_empty() {
            msgs.push(
                Level::Notice,
                TITLE,
                Stage::Data,
                format!(
                    "--resolve-url-keys: {} products and {} categories get new url_keys at load time (renamed in url_key_collisions)",
                    renamed.iter().filter(|(k, _)| *k == Kind::Product).count(),
                    renamed.iter().filter(|(k, _)| *k == Kind::Category).count()
                ),
            );
        }
        let mut o = lock(&self.outcome);
        *o = Outcome {
            ran: true,
            complete,
            collisions,
            added,
        };
        sections
    }

    fn at_load(&self, _ctx: &Context, _plan: &Plan, _account: &Account) -> Vec<(String, u64)> {
        lock(&self.outcome)
            .added
            .iter()
            .map(|(t, n)| (t.clone(), *n))
            .collect()
    }

    fn report_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        let o = lock(&self.outcome);
        if !o.ran {
            return Vec::new();
        }
        vec![
            (
                "url_key_collisions",
                serde_json::to_value(&o.collisions).unwrap_or_default(),
            ),
            (
                "url_key_check_complete",
                serde_json::Value::Bool(o.complete),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_compare_as_magento_2_column_does() {
        assert_eq!(fold(b"Blue-Shirt  "), b"blue-shirt".to_vec());
        assert_eq!(fold(b"  x"), b"  x".to_vec());
        assert!(fold(b"   ").is_empty());
    }

    #[test]
    fn last_segments_follow_the_new_key() {
        let w = |p: &str, o: &str, n: &str| {
            with_last_segment(p.as_bytes(), o.as_bytes(), n.as_bytes())
                .map(|v| String::from_utf8(v).unwrap())
        };
        assert_eq!(
            w("women/shoes", "shoes", "shoes-9"),
            Some("women/shoes-9".into())
        );
        assert_eq!(
            w("women/Shoes-1.html", "shoes", "shoes-9"),
            Some("women/shoes-9.html".into())
        );
        assert_eq!(w("shoes", "shoes", "x"), Some("x".into()));
        assert_eq!(w("women/shoes-red", "shoes", "x"), None);
        assert_eq!(w("women/boots", "shoes", "x"), None);
        assert_eq!(w("women/sho", "shoes", "x"), None);
    }

    #[test]
    fn new_keys_fit_the_column() {
        assert_eq!(candidate(b"shirt", 42, 1), b"shirt-42".to_vec());
        assert_eq!(candidate(b"shirt", 42, 3), b"shirt-42-3".to_vec());
        let long = "é".repeat(300);
        let c = String::from_utf8(candidate(long.as_bytes(), 7, 2)).unwrap();
        assert_eq!(c.chars().count(), MAX_KEY_CHARS);
        assert!(c.ends_with("é-7-2"));
    }

    #[test]
    fn effective_key_is_the_store_value_else_the_global_one() {
        let mut v = Values {
            global: Some(b"g".to_vec()),
            ..Default::default()
        };
        v.stores.insert(2, b"s".to_vec());
        v.stores.insert(3, Vec::new());
        assert_eq!(v.effective(1), Some((b"g".as_slice(), true)));
        assert_eq!(v.effective(2), Some((b"s".as_slice(), false)));
        assert_eq!(v.effective(3), None, "an empty store value has no URL");
    }
}

//! The merge of Magento 1's EAV model into Magento 2's: [`merge`] computes every row the
//! seven EAV tables get and every id map, from the decoded dimension tables alone (pass 1),
//! as Magento's `Migration\Step\Eav\Data` does in the database. See the module documentation
//! of [`super`] for the rules.

use super::values::{self, fold, php_empty};
use crate::mapping::map::{MapRules, Side};
use crate::schema::Table;
use crate::schema::rows::{Datum, RowSet};
use crate::steps::{Context, TableAccount};
use anyhow::{Context as _, Result, bail};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The seven tables, in the order they are written (parents first).
pub const TABLES: [&str; 7] = [
    "eav_entity_type",
    "eav_attribute_set",
    "eav_attribute_group",
    "eav_attribute",
    "eav_entity_attribute",
    "catalog_eav_attribute",
    "customer_eav_attribute",
];

/// Magento 1 product groups whose attributes Magento 2 shows in "Product Details".
pub const PRODUCT_DETAILS_SOURCES: [&str; 3] = ["General", "Prices", "Recurring Profile"];

/// Magento 2's group that takes them.
pub const PRODUCT_DETAILS: &str = "Product Details";

/// Old id → id written.
pub type IdMap = BTreeMap<u32, u32>;

/// Where the rows of one kind went: from Magento 1's ids and from the destination's ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdMaps {
    /// Magento 1 id → id written. The identity for entity types, sets and attributes (their
    /// Magento 1 ids are kept); for groups, the group a Magento 1 group became or was merged
    /// into. Rows left out have no entry.
    pub m1: IdMap,
    /// Destination (fresh Magento 2) id → id written: the Magento 1 id of the row that took
    /// its place, or the new id it was re-added with.
    pub m2: IdMap,
}

/// A Magento 1 attribute, as later steps need it (the Customer step reads customer and
/// customer_address attributes: id, code, backend type).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct M1Attribute {
    pub id: u32,
    pub entity_type_id: u32,
    pub entity_type_code: String,
    pub code: String,
    /// The Magento 1 `backend_type` (the table its values are in: `varchar`, `int`, …,
    /// `static` for entity columns).
    pub backend_type: String,
    /// Left out by the `ignore` group of eav-attribute-groups.xml (its value rows have no
    /// attribute to belong to in Magento 2).
    pub ignored: bool,
    /// Magento 2 has the attribute (same entity type code and attribute code): Magento 2's
    /// definition is written, under the Magento 1 id.
    pub in_magento2: bool,
}

/// The rows of one destination table, in the destination's column order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedTable {
    /// The table name without prefix.
    pub name: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Datum>>,
}

/// How serious a finding of the merge is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Worth knowing; the output is what Magento's tool would write.
    Warning,
    /// A value had to be changed to load (a NOT NULL column without a value, a value too
    /// long for its column): an error unless `--auto`.
    Problem,
}

/// Everything the EAV step computed.
#[derive(Clone, Debug, Default)]
pub struct EavMerge {
    /// The rows of the seven tables, in [`TABLES`] order.
    pub tables: Vec<MergedTable>,
    pub entity_types: IdMaps,
    pub attribute_sets: IdMaps,
    pub attribute_groups: IdMaps,
    pub attributes: IdMaps,
    /// Every Magento 1 attribute, in Magento 1 order, ignored ones included.
    pub m1_attributes: Vec<M1Attribute>,
    /// Per Magento 1 table (without prefix): rows read, written (by destination table
    /// without prefix), dropped (by rule).
    pub accounts: Vec<(&'static str, TableAccount)>,
    /// Findings, in the order they were made.
    pub notes: Vec<(Severity, String)>,
}

impl EavMerge {
    /// The merged rows of a destination table (name without prefix).
    pub fn table(&self, name: &str) -> Option<&MergedTable> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The Magento 1 attributes of an entity type (`customer`, `customer_address`, …).
    pub fn m1_attributes_of<'a>(
        &'a self,
        entity_type_code: &'a str,
    ) -> impl Iterator<Item = &'a M1Attribute> + 'a {
        self.m1_attributes
            .iter()
            .filter(move |a| a.entity_type_code == entity_type_code)
    }

    /// The id written for the attribute `code` of the entity type `entity_type_code`
    /// (Magento 1's id, or the new id of a Magento 2-only attribute).
    pub fn attribute_id(&self, entity_type_code: &str, code: &str) -> Option<u32> {
        let t = self.table("eav_attribute")?;
        let types = self.table("eav_entity_type")?;
        let tc = types.columns.iter().position(|c| c == "entity_type_code")?;
        let ti = types.columns.iter().position(|c| c == "entity_type_id")?;
        let type_id = types
            .rows
            .iter()
            .find(|r| r[tc].as_deref() == Some(entity_type_code.as_bytes()))
            .and_then(|r| uint(&r[ti]))?;
        let (ai, ac, at) = (
            t.columns.iter().position(|c| c == "attribute_id")?,
            t.columns.iter().position(|c| c == "attribute_code")?,
            t.columns.iter().position(|c| c == "entity_type_id")?,
        );
        t.rows
            .iter()
            .find(|r| uint(&r[at]) == Some(type_id) && r[ac].as_deref() == Some(code.as_bytes()))
            .and_then(|r| uint(&r[ai]))
    }
}

// ---------------------------------------------------------------------------------------
// Small helpers

/// An unsigned id from a decoded value.
fn uint(d: &Datum) -> Option<u32> {
    std::str::from_utf8(d.as_deref()?).ok()?.trim().parse().ok()
}

fn uint_of(v: Option<&[u8]>) -> Option<u32> {
    std::str::from_utf8(v?).ok()?.trim().parse().ok()
}

fn text_of(v: Option<&[u8]>) -> String {
    String::from_utf8_lossy(v.unwrap_or_default()).into_owned()
}

fn put(v: u32) -> Datum {
    Some(v.to_string().into_bytes())
}

/// A column's default, as Magento's `Record::getDataDefault()` gives it (`NULL` for a
/// column without DEFAULT).
fn default_of(c: &crate::schema::Column) -> Datum {
    if c.default_is_null {
        return None;
    }
    c.default.as_ref().map(|d| d.as_bytes().to_vec())
}

fn defaults(t: &Table) -> Vec<Datum> {
    t.columns.iter().map(default_of).collect()
}

/// Rows of a decoded table in the shape of `t` (columns matched by name; a column the rows
/// lack gets its default).
fn shaped(rs: &RowSet, t: &Table) -> Vec<Vec<Datum>> {
    let idx: Vec<Option<usize>> = t.columns.iter().map(|c| rs.col(&c.name)).collect();
    rs.rows
        .iter()
        .map(|r| {
            idx.iter()
                .zip(&t.columns)
                .map(|(i, c)| match i {
                    Some(i) => r.get(*i).cloned().flatten(),
                    None => default_of(c),
                })
                .collect()
        })
        .collect()
}

/// Column positions of one table, looked up once.
struct Shape<'a> {
    table: &'a Table,
    pos: HashMap<String, usize>,
}

impl<'a> Shape<'a> {
    fn new(table: &'a Table, required: &[&str], side: &str) -> Result<Shape<'a>> {
        let pos: HashMap<String, usize> = table
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.to_ascii_lowercase(), i))
            .collect();
        for r in required {
            if !pos.contains_key(*r) {
                bail!(
                    "the {side} table `{}` has no column `{r}`, which the EAV step needs",
                    table.name
                );
            }
        }
        Ok(Shape { table, pos })
    }

    /// The position of a column the shape was checked to have.
    fn i(&self, name: &str) -> usize {
        self.pos[name]
    }
}

/// A record being transformed: column names and values.
struct Rec<'c> {
    cols: &'c [String],
    vals: Vec<Datum>,
}

impl Rec<'_> {
    fn idx(&self, name: &str) -> Option<usize> {
        self.cols.iter().position(|c| c.eq_ignore_ascii_case(name))
    }

    fn get(&self, name: &str) -> Option<&[u8]> {
        self.idx(name).and_then(|i| self.vals[i].as_deref())
    }

    fn set(&mut self, name: &str, v: Datum) {
        if let Some(i) = self.idx(name) {
            self.vals[i] = v;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Handlers of map-eav.xml

/// A handler of map-eav.xml, with its parameters read.
#[derive(Debug)]
enum Handler {
    ConvertModel,
    BackendTypeForMultiselect,
    ConvertTimestampToDate,
    Convert {
        map: HashMap<String, String>,
        default: Option<String>,
    },
    GetDestinationValue {
        null_if_empty: bool,
    },
    SetValue(String),
    SetValueAttributeCondition {
        code: String,
        value: String,
    },
    SerializeToJson,
    ApplyTo,
    SetGroupCode,
}

impl Handler {
    fn build(spec: &crate::mapping::map::HandlerSpec, at: &str) -> Result<Handler> {
        let class = crate::mapping::wiring::short_class(&spec.class);
        let p = |n: &str| spec.param(n).map(str::to_string);
        Ok(match class {
            "EavAttribute\\ConvertModel" => Handler::ConvertModel,
            "EavAttribute\\BackendTypeForMultiselect" => Handler::BackendTypeForMultiselect,
            "ConvertTimestampToDate" => Handler::ConvertTimestampToDate,
            "Convert" => Handler::Convert {
                map: values::convert_map(&p("map").unwrap_or_default())
                    .map_err(|e| anyhow::anyhow!("map-eav.xml, {at}: {e}"))?,
                default: p("defaultValue"),
            },
            "GetDestinationValue" => Handler::GetDestinationValue {
                null_if_empty: spec.param("setNullIfEmpty") == Some("true"),
            },
            "SetValue" => Handler::SetValue(p("value").unwrap_or_default()),
            "SetValueAttributeCondition" => Handler::SetValueAttributeCondition {
                code: p("attributeCode").unwrap_or_default(),
                value: p("value").unwrap_or_default(),
            },
            "SerializeToJson" => Handler::SerializeToJson,
            "EavAttribute\\ApplyTo" => Handler::ApplyTo,
            "EavAttributeGroup\\SetGroupCode" => Handler::SetGroupCode,
            other => bail!(
                "map-eav.xml names the handler {other} on {at}, which the EAV step does not support\n  hint: the EAV step knows the handlers of Magento's map-eav.xml (ConvertModel, BackendTypeForMultiselect, ConvertTimestampToDate, Convert, GetDestinationValue, SetValue, SetValueAttributeCondition, SerializeToJson, ApplyTo, SetGroupCode)"
            ),
        })
    }
}

/// What handlers look up beyond their record.
struct Env<'a> {
    classes: &'a crate::mapping::class_map::ClassMap,
    /// Magento 1's `catalog_product` entity type id.
    product_type: Option<u32>,
    /// Magento 1 attribute id → (code, is_user_defined).
    m1_attrs: HashMap<u32, (String, bool)>,
}

/// Applies `h` to `field` of `rec`, with `opp` the opposite record.
fn apply(
    h: &Handler,
    field: &str,
    env: &Env,
    doc: &str,
    rec: &mut Rec,
    opp: &Rec,
    notes: &mut Vec<(Severity, String)>,
) {
    if rec.idx(field).is_none() {
        return; // Magento's tool stops here ("Record structure does not contain field"); nothing to do
    }
    let cur = rec.get(field).map(<[u8]>::to_vec);
    let new = match h {
        Handler::ConvertModel => values::convert_model(cur.as_deref(), opp.get(field), env.classes),
        Handler::BackendTypeForMultiselect => {
            let multi = rec.get("frontend_input") == Some(b"multiselect");
            let product = env.product_type.is_some()
                && uint_of(rec.get("entity_type_id")) == env.product_type;
            if multi && product {
                Some(b"varchar".to_vec())
            } else {
                cur
            }
        }
        Handler::ConvertTimestampToDate => {
            values::timestamp_to_date(cur.as_deref(), rec.get("frontend_input"))
        }
        Handler::Convert { map, default } => {
            values::convert(cur.as_deref(), map, default.as_deref())
        }
        Handler::GetDestinationValue { null_if_empty } => {
            let o = opp.get(field);
            if o.is_some() || *null_if_empty {
                o.map(<[u8]>::to_vec)
            } else {
                cur
            }
        }
        Handler::SetValue(v) => values::set_value(cur.as_deref(), v),
        Handler::SetValueAttributeCondition { code, value } => {
            let id = uint_of(rec.get("attribute_id"));
            if id
                .and_then(|i| env.m1_attrs.get(&i))
                .is_some_and(|(c, _)| c == code)
            {
                if value.eq_ignore_ascii_case("null") {
                    None
                } else {
                    Some(value.as_bytes().to_vec())
                }
            } else {
                cur
            }
        }
        Handler::SerializeToJson => {
            let c = crate::handlers::serialize_to_json::serialize_to_json(cur.as_deref());
            use crate::handlers::serialize_to_json::Outcome;
            match &c.outcome {
                Outcome::Broken(_) | Outcome::Unencodable(_) => notes.push((
                    Severity::Warning,
                    format!(
                        "Could not unserialize data of {doc}.{field} with record id {}",
                        text_of(rec.get("attribute_id"))
                    ),
                )),
                _ => {}
            }
            c.value.map(|v| v.into_owned())
        }
        Handler::ApplyTo => {
            let id = uint_of(rec.get("attribute_id"));
            let user_defined = id
                .and_then(|i| env.m1_attrs.get(&i))
                .is_some_and(|(_, u)| *u);
            if php_empty(opp.get("attribute_id")) && user_defined {
                None
            } else {
                opp.get(field).map(<[u8]>::to_vec)
            }
        }
        Handler::SetGroupCode => {
            Some(values::group_code(&text_of(rec.get("attribute_group_name"))).into_bytes())
        }
    };
    rec.set(field, new);
}

/// Magento's `RecordTransformer` for one document of map-eav.xml: source handlers on the
/// source record, the mapped source columns copied over the destination record, then the
/// destination handlers on the destination record.
struct Transformer {
    doc: &'static str,
    source: Vec<(String, Handler)>,
    dest: Vec<(String, Handler)>,
    /// (source column, destination column) pairs copied.
    copy: Vec<(usize, usize)>,
}

impl Transformer {
    fn new(
        map: &MapRules,
        doc: &'static str,
        src_cols: &[String],
        dst: &Table,
    ) -> Result<Transformer> {
        let dest_doc = map.dest_document(doc).unwrap_or_else(|| doc.to_string());
        let src_names: Vec<&str> = src_cols.iter().map(String::as_str).collect();
        let dst_names: Vec<&str> = dst.columns.iter().map(|c| c.name.as_str()).collect();
        let build = |side, d: &str, cols: &[&str]| -> Result<Vec<(String, Handler)>> {
            map.handlers_for_columns(side, d, cols)
                .into_iter()
                .map(|(f, spec)| Ok((f.clone(), Handler::build(&spec, &format!("{d}.{f}"))?)))
                .collect()
        };
        let source = build(Side::Source, doc, &src_names)?;
        let dest = build(Side::Destination, &dest_doc, &dst_names)?;
        let mut copy = Vec::new();
        for (i, c) in src_cols.iter().enumerate() {
            if map.source_field_ignored(doc, c) {
                continue;
            }
            let target = map.moved_field(doc, c).unwrap_or_else(|| c.clone());
            if let Some(j) = dst.column_index(&target)
                && !map.dest_field_ignored(&dest_doc, &dst.columns[j].name)
            {
                copy.push((i, j));
            }
        }
        Ok(Transformer {
            doc,
            source,
            dest,
            copy,
        })
    }

    /// Transforms the source row `src` (in `src_cols` order) onto `dst` (destination order).
    fn apply(
        &self,
        env: &Env,
        src_cols: &[String],
        src: &[Datum],
        dst_cols: &[String],
        dst: Vec<Datum>,
        notes: &mut Vec<(Severity, String)>,
    ) -> Vec<Datum> {
        let mut s = Rec {
            cols: src_cols,
            vals: src.to_vec(),
        };
        let mut d = Rec {
            cols: dst_cols,
            vals: dst,
        };
        for (f, h) in &self.source {
            apply(h, f, env, self.doc, &mut s, &d, notes);
        }
        for &(i, j) in &self.copy {
            d.vals[j] = s.vals.get(i).cloned().flatten();
        }
        for (f, h) in &self.dest {
            apply(h, f, env, self.doc, &mut d, &s, notes);
        }
        d.vals
    }
}

// ---------------------------------------------------------------------------------------
// The merge

/// The rules rows are dropped by, as the row account names them.
pub mod rule {
    pub const IGNORED: &str = "eav-attribute-groups.xml ignores the attribute";
    pub const NO_TYPE: &str = "its entity type is not in Magento 1's eav_entity_type";
    pub const NO_SET: &str = "its attribute set is not in Magento 1's eav_attribute_set";
    pub const NO_ATTRIBUTE: &str =
        "its attribute is not written (not in Magento 1's eav_attribute, or ignored)";
    pub const NO_ID: &str = "the row has no id";
    pub const DETAILS: &str = "a Magento 1 product group General, Prices or Recurring Profile: Magento 2 shows its attributes in Product Details";
    pub const SAME_GROUP: &str = "Magento 2 has a group of the same name in the set";
    pub const M2_LINKS: &str = "Magento 2 has the attribute: its set assignments are Magento 2's";
    pub const NO_GROUP: &str = "its group has no Magento 2 counterpart";
    pub const DUPLICATE: &str = "the attribute is already in the set";
    pub const OTHER_TYPE: &str = "the attribute and the set are of different entity types";
    pub const SAME_KEY: &str = "an earlier row of the table has the same unique key (what referred to this row refers to that one)";
    pub const NO_PARENT: &str = "a row it refers to by a foreign key is not written";
}

struct Src<'a> {
    rows: &'a RowSet,
}

impl<'a> Src<'a> {
    fn uint(&self, r: &[Datum], c: &str) -> Option<u32> {
        uint_of(self.rows.get(r, c))
    }
    fn text(&self, r: &[Datum], c: &str) -> String {
        text_of(self.rows.get(r, c))
    }
}

struct Merger<'a> {
    ctx: &'a Context<'a>,
    env: Env<'a>,
    dst: HashMap<&'static str, Shape<'a>>,
    out: HashMap<&'static str, Vec<Vec<Datum>>>,
    accounts: BTreeMap<&'static str, TableAccount>,
    notes: Vec<(Severity, String)>,
    types: IdMaps,
    sets: IdMaps,
    groups: IdMaps,
    attrs: IdMaps,
    /// Magento 1 entity type id → code.
    m1_type_code: HashMap<u32, String>,
    /// Magento 1 entity type id → the destination's old id of the same code.
    type_m1_to_m2: HashMap<u32, u32>,
    /// Magento 1 set id → entity type id (sets written).
    m1_set_type: BTreeMap<u32, u32>,
    /// Destination-only entity type rows (positions in the output), to fix their default set.
    m2_only_types: Vec<usize>,
    /// The destination's default product set (old id).
    m2_default_product_set: Option<u32>,
    /// Magento 1 product sets that get a copy of that set's structure.
    copied_sets: Vec<u32>,
    /// (set, prototype group old id) → copy's id.
    group_copies: HashMap<(u32, u32), u32>,
    /// Magento 1 attribute ids left out by the ignore group.
    ignored: HashSet<u32>,
    /// Magento 1 attributes written from their own row (no Magento 2 counterpart).
    custom: HashSet<u32>,
    /// Magento 1 attribute id → the destination's old id of the same type and code.
    attr_m1_to_m2: HashMap<u32, u32>,
    m1_attributes: Vec<M1Attribute>,
    /// Links of the destination, with their old attribute ids still to map.
    links_pending: Vec<Vec<Datum>>,
    /// Per table, the ids of the rows counted as written in Magento 1's row account.
    m1_rows: HashMap<&'static str, HashSet<u32>>,
}

/// Merges Magento 1's EAV model (the source dimension tables) with the destination's
/// (a fresh Magento 2), as Magento's EAV step does. Needs the seven tables on both sides;
/// fails when a destination table or a needed column is missing, or when map-eav.xml names
/// a handler the step does not know.
pub fn merge(ctx: &Context) -> Result<EavMerge> {
    let mut m = Merger::new(ctx)?;
    m.entity_types()?;
    m.attribute_sets()?;
    m.set_structure()?;
    m.custom_groups()?;
    m.attributes()?;
    m.extended()?;
    m.custom_links()?;
    Ok(m.finish())
}

impl<'a> Merger<'a> {
    fn new(ctx: &'a Context<'a>) -> Result<Merger<'a>> {
        let required: [(&str, &[&str]); 7] = [
            (
                "eav_entity_type",
                &[
                    "entity_type_id",
                    "entity_type_code",
                    "default_attribute_set_id",
                ],
            ),
            (
                "eav_attribute_set",
                &["attribute_set_id", "entity_type_id", "attribute_set_name"],
            ),
            (
                "eav_attribute_group",
                &[
                    "attribute_group_id",
                    "attribute_set_id",
                    "attribute_group_name",
                    "attribute_group_code",
                ],
            ),
            (
                "eav_attribute",
                &["attribute_id", "entity_type_id", "attribute_code"],
            ),
            (
                "eav_entity_attribute",
                &[
                    "entity_attribute_id",
                    "entity_type_id",
                    "attribute_set_id",
                    "attribute_group_id",
                    "attribute_id",
                    "sort_order",
                ],
            ),
            ("catalog_eav_attribute", &["attribute_id"]),
            ("customer_eav_attribute", &["attribute_id"]),
        ];
        let mut dst = HashMap::new();
        for (name, cols) in required {
            let full = ctx.dst_table(name);
            let t = ctx.dst.catalog.get(&full).with_context(|| {
                format!("the destination has no table `{full}`, which the EAV step fills")
            })?;
            dst.insert(name, Shape::new(t, cols, "destination")?);
        }
        let types = Src {
            rows: ctx.src_rows("eav_entity_type"),
        };
        let product_type = types
            .rows
            .iter()
            .find(|r| types.text(r, "entity_type_code") == "catalog_product")
            .and_then(|r| types.uint(r, "entity_type_id"));
        let attrs = Src {
            rows: ctx.src_rows("eav_attribute"),
        };
        let m1_attrs = attrs
            .rows
            .iter()
            .filter_map(|r| {
                let id = attrs.uint(r, "attribute_id")?;
                let ud = !php_empty(attrs.rows.get(r, "is_user_defined"));
                Some((id, (attrs.text(r, "attribute_code"), ud)))
            })
            .collect();
        Ok(Merger {
            ctx,
            env: Env {
                classes: &ctx.rules.class_map,
                product_type,
                m1_attrs,
            },
            dst,
            out: HashMap::new(),
            accounts: BTreeMap::new(),
            notes: Vec::new(),
            types: IdMaps::default(),
            sets: IdMaps::default(),
            groups: IdMaps::default(),
            attrs: IdMaps::default(),
            m1_type_code: HashMap::new(),
            type_m1_to_m2: HashMap::new(),
            m1_set_type: BTreeMap::new(),
            m2_only_types: Vec::new(),
            m2_default_product_set: None,
            copied_sets: Vec::new(),
            group_copies: HashMap::new(),
            ignored: HashSet::new(),
            custom: HashSet::new(),
            attr_m1_to_m2: HashMap::new(),
            m1_attributes: Vec::new(),
            links_pending: Vec::new(),
            m1_rows: HashMap::new(),
        })
    }

    fn shape(&self, name: &str) -> &Shape<'a> {
        &self.dst[name]
    }

    fn cols(&self, name: &str) -> Vec<String> {
        self.shape(name)
            .table
            .columns
            .iter()
            .map(|c| c.name.clone())
            .collect()
    }

    fn transformer(&self, doc: &'static str, src: &RowSet) -> Result<Transformer> {
        Transformer::new(
            &self.ctx.rules.map_eav,
            doc,
            &src.columns,
            self.shape(doc).table,
        )
    }

    fn account(&mut self, doc: &'static str) -> &mut TableAccount {
        self.accounts.entry(doc).or_default()
    }

    /// Counts a Magento 1 row as written (to the table of its name) under the id `id`.
    fn written(&mut self, doc: &'static str, id: impl Into<Option<u32>>) {
        *self
            .account(doc)
            .written
            .entry(doc.to_string())
            .or_default() += 1;
        if let Some(id) = id.into() {
            self.m1_rows.entry(doc).or_default().insert(id);
        }
    }

    fn dropped(&mut self, doc: &'static str, rule: &str) {
        *self
            .account(doc)
            .dropped
            .entry(rule.to_string())
            .or_default() += 1;
    }

    fn warn(&mut self, text: String) {
        self.notes.push((Severity::Warning, text));
    }

    /// Destination rows of a table, in its shape.
    fn m2_rows(&self, name: &str) -> Vec<Vec<Datum>> {
        shaped(self.ctx.dst_rows(name), self.shape(name).table)
    }

    /// 1. Entity types: Magento 1's with their ids, over Magento 2's row of the same code;
    ///    Magento 2-only types re-added after the highest Magento 1 id.
    fn entity_types(&mut self) -> Result<()> {
        const DOC: &str = "eav_entity_type";
        let src = self.ctx.src_rows(DOC);
        let s = Src { rows: src };
        let tr = self.transformer(DOC, src)?;
        let cols = self.cols(DOC);
        let sh = self.shape(DOC);
        let (ci, cc) = (sh.i("entity_type_id"), sh.i("entity_type_code"));
        let t = sh.table;
        let m2 = self.m2_rows(DOC);
        let mut pool: HashMap<String, usize> = HashMap::new();
        for (i, r) in m2.iter().enumerate() {
            pool.entry(fold(&text_of(r[cc].as_deref()))).or_insert(i);
        }
        let mut used = vec![false; m2.len()];
        let mut out = Vec::new();
        self.account(DOC).read = src.len() as u64;
        let mut max_id = 0;
        for r in &src.rows {
            let (Some(id), code) = (s.uint(r, "entity_type_id"), s.text(r, "entity_type_code"))
            else {
                self.dropped(DOC, rule::NO_ID);
                continue;
            };
            max_id = max_id.max(id);
            let base = match pool.get(&fold(&code)) {
                Some(&i) if !used[i] => {
                    used[i] = true;
                    if let Some(old) = uint(&m2[i][ci]) {
                        self.type_m1_to_m2.insert(id, old);
                        self.types.m2.insert(old, id);
                    }
                    m2[i].clone()
                }
                _ => defaults(t),
            };
            let row = tr.apply(&self.env, &src.columns, r, &cols, base, &mut self.notes);
            self.types.m1.insert(id, id);
            self.m1_type_code.insert(id, code);
            out.push(row);
            self.written(DOC, id);
        }
        let mut next = max_id + 1;
        for (i, mut r) in m2.into_iter().enumerate() {
            if used[i] {
                continue;
            }
            if let Some(old) = uint(&r[ci]) {
                self.types.m2.insert(old, next);
            }
            r[ci] = put(next);
            next += 1;
            self.m2_only_types.push(out.len());
            out.push(r);
        }
        self.out.insert(DOC, out);
        Ok(())
    }

    /// 2. Attribute sets: Magento 1's with their ids (sort_order by map-eav); Magento 2's set
    ///    of the same entity type and name gives way; the other Magento 2 sets are re-added
    ///    after the highest Magento 1 id, with their entity type remapped.
    fn attribute_sets(&mut self) -> Result<()> {
        const DOC: &str = "eav_attribute_set";
        let src = self.ctx.src_rows(DOC);
        let s = Src { rows: src };
        let tr = self.transformer(DOC, src)?;
        let cols = self.cols(DOC);
        let sh = self.shape(DOC);
        let (ci, ct, cn) = (
            sh.i("attribute_set_id"),
            sh.i("entity_type_id"),
            sh.i("attribute_set_name"),
        );
        let t = sh.table;
        let m2 = self.m2_rows(DOC);
        let mut pool: HashMap<(u32, String), usize> = HashMap::new();
        for (i, r) in m2.iter().enumerate() {
            if let Some(et) = uint(&r[ct]) {
                pool.entry((et, fold(&text_of(r[cn].as_deref()))))
                    .or_insert(i);
            }
        }
        let mut used = vec![false; m2.len()];
        let mut out = Vec::new();
        self.account(DOC).read = src.len() as u64;
        let mut max_id = 0;
        for r in &src.rows {
            let Some(id) = s.uint(r, "attribute_set_id") else {
                self.dropped(DOC, rule::NO_ID);
                continue;
            };
            max_id = max_id.max(id);
            let et = s.uint(r, "entity_type_id").unwrap_or(0);
            if !self.types.m1.contains_key(&et) {
                self.dropped(DOC, rule::NO_TYPE);
                continue;
            }
            if let Some(&m2_et) = self.type_m1_to_m2.get(&et)
                && let Some(&i) = pool.get(&(m2_et, fold(&s.text(r, "attribute_set_name"))))
                && !used[i]
            {
                used[i] = true;
                if let Some(old) = uint(&m2[i][ci]) {
                    self.sets.m2.insert(old, id);
                }
            }
            let row = tr.apply(
                &self.env,
                &src.columns,
                r,
                &cols,
                defaults(t),
                &mut self.notes,
            );
            self.sets.m1.insert(id, id);
            self.m1_set_type.insert(id, et);
            out.push(row);
            self.written(DOC, id);
        }
        let mut next = max_id + 1;
        for (i, mut r) in m2.into_iter().enumerate() {
            if used[i] {
                continue;
            }
            let (Some(old), Some(et)) = (
                uint(&r[ci]),
                uint(&r[ct]).and_then(|e| self.types.m2.get(&e).copied()),
            ) else {
                self.warn(format!(
                    "the destination's attribute set {} belongs to no entity type of the destination; left out",
                    text_of(r[ci].as_deref())
                ));
                continue;
            };
            self.sets.m2.insert(old, next);
            r[ci] = put(next);
            r[ct] = put(et);
            next += 1;
            out.push(r);
        }
        self.out.insert(DOC, out);
        // Magento 2-only entity types: their default set moved too.
        let sh = self.shape("eav_entity_type");
        let cd = sh.i("default_attribute_set_id");
        let fix: Vec<usize> = self.m2_only_types.clone();
        let types = self
            .out
            .get_mut("eav_entity_type")
            .expect("entity types first");
        for i in fix {
            if let Some(new) = uint(&types[i][cd]).and_then(|old| self.sets.m2.get(&old)) {
                types[i][cd] = put(*new);
            }
        }
        Ok(())
    }

    /// 3. The product set structure: Magento 2's groups and set assignments stay (their
    ///    sets remapped, so a Magento 1 set that took the place of a Magento 2 set has that
    ///    set's groups); every Magento 1 product set without groups then gets a copy of the
    ///    groups and assignments of Magento 2's Default product set (catalog_product's
    ///    default_attribute_set_id).
    fn set_structure(&mut self) -> Result<()> {
        let gsh = self.shape("eav_attribute_group");
        let (gi, gs) = (gsh.i("attribute_group_id"), gsh.i("attribute_set_id"));
        let m2_groups = self.m2_rows("eav_attribute_group");
        // The destination's default product set: catalog_product's default_attribute_set_id.
        let tsh = self.shape("eav_entity_type");
        let (tc, td) = (tsh.i("entity_type_code"), tsh.i("default_attribute_set_id"));
        let m2_types = self.m2_rows("eav_entity_type");
        let m2_product = m2_types
            .iter()
            .find(|r| r[tc].as_deref() == Some(b"catalog_product"));
        self.m2_default_product_set = m2_product.and_then(|r| uint(&r[td])).filter(|&s| s != 0);
        let mut out = Vec::new();
        let mut max_id = 0;
        let mut prototypes = Vec::new();
        // Sets that have groups once the destination's are remapped.
        let mut structured = HashSet::new();
        for mut r in m2_groups {
            let Some(id) = uint(&r[gi]) else { continue };
            max_id = max_id.max(id);
            let old_set = uint(&r[gs]);
            let Some(set) = old_set.and_then(|s| self.sets.m2.get(&s).copied()) else {
                self.warn(format!("the destination's attribute group {id} belongs to no attribute set of the destination; left out"));
                continue;
            };
            if old_set.is_some() && old_set == self.m2_default_product_set {
                prototypes.push(r.clone());
            }
            r[gs] = put(set);
            structured.insert(set);
            self.groups.m2.insert(id, id);
            out.push(r);
        }
        // The Magento 1 product sets without a structure: those that took the place of no
        // destination set (or of one without groups). Magento's tool copies into every
        // Magento 1 product set but the first, which works only when the first is the one
        // that took the place of the destination's Default set: a destination whose Default
        // set was renamed, or that has another set of the first one's name, would get two
        // groups of a code in one set.
        let product_type = self.env.product_type;
        self.copied_sets = self
            .m1_set_type
            .iter()
            .filter(|(s, t)| Some(**t) == product_type && !structured.contains(*s))
            .map(|(s, _)| *s)
            .collect();
        // M1 set order, as Magento 1 lists them.
        let src_sets = Src {
            rows: self.ctx.src_rows("eav_attribute_set"),
        };
        let order: Vec<u32> = src_sets
            .rows
            .iter()
            .filter_map(|r| src_sets.uint(r, "attribute_set_id"))
            .collect();
        self.copied_sets
            .sort_by_key(|s| order.iter().position(|o| o == s));
        let mut next = max_id + 1;
        for &set in &self.copied_sets {
            for p in &prototypes {
                let mut r = p.clone();
                let old = uint(&r[gi]).unwrap_or(0);
                r[gi] = put(next);
                r[gs] = put(set);
                self.group_copies.insert((set, old), next);
                next += 1;
                out.push(r);
            }
        }
        self.out.insert("eav_attribute_group", out);

        // Set assignments.
        let lsh = self.shape("eav_entity_attribute");
        let (li, lt, ls, lg) = (
            lsh.i("entity_attribute_id"),
            lsh.i("entity_type_id"),
            lsh.i("attribute_set_id"),
            lsh.i("attribute_group_id"),
        );
        let m2_links = self.m2_rows("eav_entity_attribute");
        let mut links = Vec::new();
        let mut proto_links = Vec::new();
        let mut max_link = 0;
        for mut r in m2_links {
            let Some(id) = uint(&r[li]) else { continue };
            max_link = max_link.max(id);
            let old_set = uint(&r[ls]);
            let set = old_set.and_then(|s| self.sets.m2.get(&s).copied());
            let et = uint(&r[lt]).and_then(|t| self.types.m2.get(&t).copied());
            let group_known = uint(&r[lg]).is_some_and(|g| self.groups.m2.contains_key(&g));
            let (Some(set), Some(et), true) = (set, et, group_known) else {
                self.warn(format!(
                    "the destination's eav_entity_attribute row {id} names a set, group or entity type the destination does not have; left out"
                ));
                continue;
            };
            if old_set.is_some() && old_set == self.m2_default_product_set {
                proto_links.push(r.clone());
            }
            r[ls] = put(set);
            r[lt] = put(et);
            links.push(r);
        }
        let mut next = max_link + 1;
        for &set in &self.copied_sets {
            for p in &proto_links {
                let mut r = p.clone();
                let old_group = uint(&r[lg]).unwrap_or(0);
                let Some(&group) = self.group_copies.get(&(set, old_group)) else {
                    continue;
                };
                r[li] = put(next);
                r[ls] = put(set);
                r[lg] = put(group);
                r[lt] = uint(&p[lt])
                    .and_then(|t| self.types.m2.get(&t))
                    .and_then(|t| put(*t));
                next += 1;
                links.push(r);
            }
        }
        self.links_pending = links;
        Ok(())
    }

    /// 4. Custom groups: Magento 1 groups the set does not have yet (by name; for product
    ///    sets, General, Prices and Recurring Profile are Product Details) are added with new
    ///    ids, sort_order, attribute_group_code and tab_group_code by map-eav; then every
    ///    Magento 1 group is mapped to the group of its set with its name (Product Details for
    ///    the three).
    fn custom_groups(&mut self) -> Result<()> {
        const DOC: &str = "eav_attribute_group";
        let src = self.ctx.src_rows(DOC);
        let s = Src { rows: src };
        let tr = self.transformer(DOC, src)?;
        let cols = self.cols(DOC);
        let sh = self.shape(DOC);
        let (gi, gs, gn, gc) = (
            sh.i("attribute_group_id"),
            sh.i("attribute_set_id"),
            sh.i("attribute_group_name"),
            sh.i("attribute_group_code"),
        );
        let t = sh.table;
        let mut out = self.out.remove(DOC).unwrap_or_default();
        let mut names: HashMap<u32, HashSet<String>> = HashMap::new();
        let mut codes: HashMap<u32, HashSet<String>> = HashMap::new();
        let mut next = 1;
        for r in &out {
            let set = uint(&r[gs]).unwrap_or(0);
            names
                .entry(set)
                .or_default()
                .insert(fold(&text_of(r[gn].as_deref())));
            codes
                .entry(set)
                .or_default()
                .insert(fold(&text_of(r[gc].as_deref())));
            next = next.max(uint(&r[gi]).unwrap_or(0) + 1);
        }
        self.account(DOC).read = src.len() as u64;
        // Groups by Magento 1 set, in Magento 1 order.
        let order: Vec<u32> = self.m1_set_type.keys().copied().collect();
        let mut by_set: BTreeMap<u32, Vec<&Vec<Datum>>> = BTreeMap::new();
        for r in &src.rows {
            let set = s.uint(r, "attribute_set_id").unwrap_or(0);
            if !self.sets.m1.contains_key(&set) || s.uint(r, "attribute_group_id").is_none() {
                let why = if s.uint(r, "attribute_group_id").is_none() {
                    rule::NO_ID
                } else {
                    rule::NO_SET
                };
                self.dropped(DOC, why);
                continue;
            }
            by_set.entry(set).or_default().push(r);
        }
        let src_set_order = {
            let sets = Src {
                rows: self.ctx.src_rows("eav_attribute_set"),
            };
            sets.rows
                .iter()
                .filter_map(|r| sets.uint(r, "attribute_set_id"))
                .collect::<Vec<_>>()
        };
        let mut set_order = order;
        set_order.sort_by_key(|x| src_set_order.iter().position(|o| o == x));
        for set in set_order {
            let product = Some(self.m1_set_type[&set]) == self.env.product_type;
            for r in by_set.remove(&set).unwrap_or_default() {
                let name = s.text(r, "attribute_group_name");
                if product && PRODUCT_DETAILS_SOURCES.contains(&name.as_str()) {
                    self.dropped(DOC, rule::DETAILS);
                    continue;
                }
                if names.get(&set).is_some_and(|n| n.contains(&fold(&name))) {
                    self.dropped(DOC, rule::SAME_GROUP);
                    continue;
                }
                let mut src_row = r.clone();
                if let Some(i) = src.col("attribute_group_id") {
                    src_row[i] = None;
                }
                let mut row = tr.apply(
                    &self.env,
                    &src.columns,
                    &src_row,
                    &cols,
                    defaults(t),
                    &mut self.notes,
                );
                row[gi] = put(next);
                next += 1;
                let code = text_of(row[gc].as_deref());
                let taken = codes.entry(set).or_default();
                if taken.contains(&fold(&code)) {
                    // Magento 2's own rule for a code it cannot use: md5 of the lower-case name.
                    let mut alt = values::md5_hex(name.to_lowercase().as_bytes());
                    let mut n = 2;
                    while taken.contains(&alt) {
                        alt = format!("{}-{n}", values::md5_hex(name.to_lowercase().as_bytes()));
                        n += 1;
                    }
                    self.notes.push((
                        Severity::Warning,
                        format!(
                            "eav_attribute_group: the group \"{name}\" of attribute set {set} would get the code `{code}`, which another group of the set has; it gets `{alt}`"
                        ),
                    ));
                    row[gc] = Some(alt.clone().into_bytes());
                }
                let taken = codes.entry(set).or_default();
                taken.insert(fold(&text_of(row[gc].as_deref())));
                names.entry(set).or_default().insert(fold(&name));
                self.written(DOC, uint(&row[gi]));
                out.push(row);
            }
        }
        // Magento 1 group → group written, by set and name.
        let mut by_name: HashMap<(u32, String), u32> = HashMap::new();
        for r in &out {
            if let (Some(set), Some(id)) = (uint(&r[gs]), uint(&r[gi])) {
                by_name.insert((set, fold(&text_of(r[gn].as_deref()))), id);
            }
        }
        for r in &src.rows {
            let (Some(id), Some(set)) = (
                s.uint(r, "attribute_group_id"),
                s.uint(r, "attribute_set_id"),
            ) else {
                continue;
            };
            let Some(&et) = self.m1_set_type.get(&set) else {
                continue;
            };
            let mut name = s.text(r, "attribute_group_name");
            if Some(et) == self.env.product_type && PRODUCT_DETAILS_SOURCES.contains(&name.as_str())
            {
                name = PRODUCT_DETAILS.to_string();
            }
            if let Some(&g) = by_name.get(&(set, fold(&name))) {
                self.groups.m1.insert(id, g);
            }
        }
        self.out.insert(DOC, out);
        Ok(())
    }

    /// 5. Attributes: Magento 1's (but the ignored ones) with their ids; one Magento 2 has
    ///    too is written as Magento 2 defines it, under the Magento 1 id and entity type; the
    ///    others go through map-eav. Magento 2-only attributes are re-added after the highest
    ///    Magento 1 id.
    fn attributes(&mut self) -> Result<()> {
        const DOC: &str = "eav_attribute";
        let src = self.ctx.src_rows(DOC);
        let s = Src { rows: src };
        let tr = self.transformer(DOC, src)?;
        let cols = self.cols(DOC);
        let sh = self.shape(DOC);
        let (ai, at, ac) = (
            sh.i("attribute_id"),
            sh.i("entity_type_id"),
            sh.i("attribute_code"),
        );
        let t = sh.table;
        // The ignore group: attribute code → entity type codes.
        let mut ignore: HashMap<&str, Vec<&str>> = HashMap::new();
        for item in self.ctx.rules.eav_attribute_groups.group("ignore") {
            let e = ignore.entry(item.name.as_str()).or_default();
            if let Some(ty) = &item.attr_type {
                e.push(ty.as_str());
            }
        }
        let m2 = self.m2_rows(DOC);
        let mut pool: HashMap<(u32, String), usize> = HashMap::new();
        for (i, r) in m2.iter().enumerate() {
            if let Some(et) = uint(&r[at]) {
                pool.entry((et, fold(&text_of(r[ac].as_deref()))))
                    .or_insert(i);
            }
        }
        let mut used = vec![false; m2.len()];
        let mut out = Vec::new();
        self.account(DOC).read = src.len() as u64;
        let mut max_id = 0;
        for r in &src.rows {
            let Some(id) = s.uint(r, "attribute_id") else {
                self.dropped(DOC, rule::NO_ID);
                continue;
            };
            max_id = max_id.max(id);
            let et = s.uint(r, "entity_type_id").unwrap_or(0);
            let code = s.text(r, "attribute_code");
            let type_code = self.m1_type_code.get(&et).cloned().unwrap_or_default();
            let ignored = ignore
                .get(code.as_str())
                .is_some_and(|types| types.contains(&type_code.as_str()));
            let mut info = M1Attribute {
                id,
                entity_type_id: et,
                entity_type_code: type_code,
                code: code.clone(),
                backend_type: s.text(r, "backend_type"),
                ignored,
                in_magento2: false,
            };
            if ignored {
                self.ignored.insert(id);
                self.dropped(DOC, rule::IGNORED);
                self.m1_attributes.push(info);
                continue;
            }
            if !self.types.m1.contains_key(&et) {
                self.dropped(DOC, rule::NO_TYPE);
                self.m1_attributes.push(info);
                continue;
            }
            let matched = self
                .type_m1_to_m2
                .get(&et)
                .and_then(|m2_et| pool.get(&(*m2_et, fold(&code))))
                .copied()
                .filter(|&i| !used[i]);
            let row = match matched {
                Some(i) => {
                    used[i] = true;
                    let mut row = m2[i].clone();
                    if let Some(old) = uint(&row[ai]) {
                        self.attrs.m2.insert(old, id);
                        self.attr_m1_to_m2.insert(id, old);
                    }
                    row[ai] = put(id);
                    row[at] = put(et);
                    info.in_magento2 = true;
                    row
                }
                None => {
                    self.custom.insert(id);
                    tr.apply(
                        &self.env,
                        &src.columns,
                        r,
                        &cols,
                        defaults(t),
                        &mut self.notes,
                    )
                }
            };
            self.attrs.m1.insert(id, id);
            self.m1_attributes.push(info);
            out.push(row);
            self.written(DOC, id);
        }
        let mut next = max_id + 1;
        for (i, mut r) in m2.into_iter().enumerate() {
            if used[i] {
                continue;
            }
            let (Some(old), Some(et)) = (
                uint(&r[ai]),
                uint(&r[at]).and_then(|e| self.types.m2.get(&e).copied()),
            ) else {
                self.warn(format!(
                    "the destination's attribute {} belongs to no entity type of the destination; left out",
                    text_of(r[ai].as_deref())
                ));
                continue;
            };
            self.attrs.m2.insert(old, next);
            r[ai] = put(next);
            r[at] = put(et);
            next += 1;
            out.push(r);
        }
        self.out.insert(DOC, out);
        // The destination's set assignments: their attributes moved.
        let lsh = self.shape("eav_entity_attribute");
        let (li, la) = (lsh.i("entity_attribute_id"), lsh.i("attribute_id"));
        let mut links = Vec::new();
        for mut r in std::mem::take(&mut self.links_pending) {
            match uint(&r[la]).and_then(|a| self.attrs.m2.get(&a)) {
                Some(&a) => {
                    r[la] = put(a);
                    links.push(r);
                }
                None => self.warn(format!(
                    "the destination's eav_entity_attribute row {} names an attribute the destination does not have; left out",
                    text_of(r[li].as_deref())
                )),
            }
        }
        self.out.insert("eav_entity_attribute", links);
        Ok(())
    }

    /// 6. catalog_eav_attribute and customer_eav_attribute: the Magento 2 row of the same
    ///    attribute, under the Magento 1 id, or the Magento 1 row through map-eav; Magento
    ///    2-only rows follow their attribute's new id.
    fn extended(&mut self) -> Result<()> {
        for doc in ["catalog_eav_attribute", "customer_eav_attribute"] {
            let src = self.ctx.src_rows(doc);
            let s = Src { rows: src };
            let tr = self.transformer(doc, src)?;
            let cols = self.cols(doc);
            let sh = self.shape(doc);
            let ai = sh.i("attribute_id");
            let t = sh.table;
            let m2 = self.m2_rows(doc);
            let mut pool: HashMap<u32, usize> = HashMap::new();
            for (i, r) in m2.iter().enumerate() {
                if let Some(a) = uint(&r[ai]) {
                    pool.entry(a).or_insert(i);
                }
            }
            let mut used = vec![false; m2.len()];
            let mut out = Vec::new();
            let mut seen = HashSet::new();
            self.account(doc).read = src.len() as u64;
            for r in &src.rows {
                let Some(id) = s.uint(r, "attribute_id") else {
                    self.dropped(doc, rule::NO_ID);
                    continue;
                };
                if self.ignored.contains(&id) {
                    self.dropped(doc, rule::IGNORED);
                    continue;
                }
                if !self.attrs.m1.contains_key(&id) || !seen.insert(id) {
                    self.dropped(doc, rule::NO_ATTRIBUTE);
                    continue;
                }
                let matched = self
                    .attr_m1_to_m2
                    .get(&id)
                    .and_then(|old| pool.get(old))
                    .copied()
                    .filter(|&i| !used[i]);
                let row = match matched {
                    Some(i) => {
                        used[i] = true;
                        let mut row = m2[i].clone();
                        row[ai] = put(id);
                        row
                    }
                    None => tr.apply(
                        &self.env,
                        &src.columns,
                        r,
                        &cols,
                        defaults(t),
                        &mut self.notes,
                    ),
                };
                out.push(row);
                self.written(doc, id);
            }
            for (i, mut r) in m2.into_iter().enumerate() {
                if used[i] {
                    continue;
                }
                match uint(&r[ai]).and_then(|a| self.attrs.m2.get(&a)).copied() {
                    Some(a) if seen.insert(a) => {
                        r[ai] = put(a);
                        out.push(r);
                    }
                    _ => self.warn(format!(
                        "the destination's {doc} row of attribute {} has no attribute to belong to; left out",
                        text_of(r[ai].as_deref())
                    )),
                }
            }
            self.out.insert(doc, out);
        }
        Ok(())
    }

    /// 7. Set assignments of custom attributes (those Magento 2 does not have): Magento 1's
    ///    rows with new ids and their groups mapped; +200 on sort_order in a group that
    ///    became Product Details; rows whose group has no counterpart are left out.
    fn custom_links(&mut self) -> Result<()> {
        const DOC: &str = "eav_entity_attribute";
        let src = self.ctx.src_rows(DOC);
        let s = Src { rows: src };
        let sh = self.shape(DOC);
        let (li, lt, ls, lg, la, lo) = (
            sh.i("entity_attribute_id"),
            sh.i("entity_type_id"),
            sh.i("attribute_set_id"),
            sh.i("attribute_group_id"),
            sh.i("attribute_id"),
            sh.i("sort_order"),
        );
        let t = sh.table;
        let mut out = self.out.remove(DOC).unwrap_or_default();
        let mut set_attr = HashSet::new();
        let mut group_attr = HashSet::new();
        let mut next = 1;
        for r in &out {
            set_attr.insert((uint(&r[ls]), uint(&r[la])));
            group_attr.insert((uint(&r[lg]), uint(&r[la])));
            next = next.max(uint(&r[li]).unwrap_or(0) + 1);
        }
        // Magento 1 group names, for the sort order rule.
        let groups = Src {
            rows: self.ctx.src_rows("eav_attribute_group"),
        };
        let group_name: HashMap<u32, String> = groups
            .rows
            .iter()
            .filter_map(|r| {
                Some((
                    groups.uint(r, "attribute_group_id")?,
                    groups.text(r, "attribute_group_name"),
                ))
            })
            .collect();
        let attr_types: HashMap<u32, u32> = self
            .m1_attributes
            .iter()
            .map(|a| (a.id, a.entity_type_id))
            .collect();
        self.account(DOC).read = src.len() as u64;
        for r in &src.rows {
            let attr = s.uint(r, "attribute_id");
            let Some(attr) = attr else {
                self.dropped(DOC, rule::NO_ATTRIBUTE);
                continue;
            };
            if self.ignored.contains(&attr) {
                self.dropped(DOC, rule::IGNORED);
                continue;
            }
            if !self.attrs.m1.contains_key(&attr) {
                self.dropped(DOC, rule::NO_ATTRIBUTE);
                continue;
            }
            if !self.custom.contains(&attr) {
                self.dropped(DOC, rule::M2_LINKS);
                continue;
            }
            let set = s.uint(r, "attribute_set_id");
            if !set.is_some_and(|x| self.sets.m1.contains_key(&x)) {
                self.dropped(DOC, rule::NO_SET);
                continue;
            }
            let set_type = set.and_then(|x| self.m1_set_type.get(&x)).copied();
            let attr_type = attr_types.get(&attr).copied();
            if set_type != attr_type {
                self.dropped(DOC, rule::OTHER_TYPE);
                continue;
            }
            let m1_group = s.uint(r, "attribute_group_id");
            let Some(group) = m1_group.and_then(|g| self.groups.m1.get(&g)).copied() else {
                self.dropped(DOC, rule::NO_GROUP);
                continue;
            };
            if !set_attr.insert((set, Some(attr))) || !group_attr.insert((Some(group), Some(attr)))
            {
                self.dropped(DOC, rule::DUPLICATE);
                continue;
            }
            let et = set_type;
            let mut sort: i64 = s.text(r, "sort_order").trim().parse().unwrap_or(0);
            let renamed = m1_group
                .and_then(|g| group_name.get(&g))
                .is_some_and(|n| PRODUCT_DETAILS_SOURCES.contains(&n.as_str()));
            if et.is_some() && et == self.env.product_type && renamed {
                sort += 200;
            }
            let mut row = defaults(t);
            for (i, c) in t.columns.iter().enumerate() {
                if let Some(j) = src.col(&c.name) {
                    row[i] = r.get(j).cloned().flatten();
                }
            }
            row[li] = put(next);
            next += 1;
            row[lt] = et.and_then(put);
            row[ls] = set.and_then(put);
            row[lg] = put(group);
            row[la] = put(attr);
            row[lo] = Some(sort.to_string().into_bytes());
            self.written(DOC, uint(&row[li]));
            out.push(row);
        }
        self.out.insert(DOC, out);
        Ok(())
    }

    /// Every NOT NULL column gets a value and every value fits its column; the tables and
    /// maps are handed out.
    fn finish(mut self) -> EavMerge {
        let mut tables = Vec::new();
        for name in TABLES {
            let t = self.dst[name].table;
            let mut rows = self.out.remove(name).unwrap_or_default();
            let key = t.primary_key.first().and_then(|k| t.column_index(k));
            for r in &mut rows {
                for (i, c) in t.columns.iter().enumerate() {
                    let at = || {
                        let k = key
                            .map(|k| format!("{}={}", t.columns[k].name, text_of(r[k].as_deref())))
                            .unwrap_or_default();
                        format!("{name} {k}")
                    };
                    match &r[i] {
                        None if !c.nullable && !c.auto_increment => {
                            let implicit = implicit_default(c);
                            self.notes.push((
                                Severity::Warning,
                                format!(
                                    "{}: column {} is NOT NULL but has no value; written as '{}', as Magento's tool writes it",
                                    at(),
                                    c.name,
                                    String::from_utf8_lossy(&implicit)
                                ),
                            ));
                            r[i] = Some(implicit);
                        }
                        Some(v) if matches!(c.data_type.as_str(), "varchar" | "char") => {
                            if let Some(max) = c.length {
                                let s = String::from_utf8_lossy(v);
                                if s.chars().count() as u64 > max {
                                    let cut: String = s.chars().take(max as usize).collect();
                                    self.notes.push((
                                        Severity::Problem,
                                        format!(
                                            "{}: the value of {} is longer than its {max} characters; cut to `{cut}`",
                                            at(),
                                            c.name
                                        ),
                                    ));
                                    r[i] = Some(cut.into_bytes());
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            tables.push(MergedTable {
                name,
                columns: t.columns.iter().map(|c| c.name.clone()).collect(),
                rows,
            });
        }
        self.enforce_keys(&mut tables);
        let accounts = TABLES
            .iter()
            .map(|n| (*n, self.accounts.remove(n).unwrap_or_default()))
            .collect();
        EavMerge {
            tables,
            entity_types: self.types,
            attribute_sets: self.sets,
            attribute_groups: self.groups,
            attributes: self.attrs,
            m1_attributes: self.m1_attributes,
            accounts,
            notes: self.notes,
        }
    }
}

/// The references between the seven tables, as Magento 2 declares them (child table, column,
/// parent table; the parent's primary key is referred to), plus
/// eav_entity_type.default_attribute_set_id, which has no constraint but must follow its set.
/// Used with the foreign keys of the destination's own definitions.
const REFERENCES: [(&str, &str, &str); 10] = [
    (
        "eav_entity_type",
        "default_attribute_set_id",
        "eav_attribute_set",
    ),
    ("eav_attribute_set", "entity_type_id", "eav_entity_type"),
    (
        "eav_attribute_group",
        "attribute_set_id",
        "eav_attribute_set",
    ),
    ("eav_attribute", "entity_type_id", "eav_entity_type"),
    ("eav_entity_attribute", "entity_type_id", "eav_entity_type"),
    (
        "eav_entity_attribute",
        "attribute_set_id",
        "eav_attribute_set",
    ),
    (
        "eav_entity_attribute",
        "attribute_group_id",
        "eav_attribute_group",
    ),
    ("eav_entity_attribute", "attribute_id", "eav_attribute"),
    ("catalog_eav_attribute", "attribute_id", "eav_attribute"),
    ("customer_eav_attribute", "attribute_id", "eav_attribute"),
];

/// A value as a unique key of MySQL compares it: text folded as `utf8_general_ci` does
/// ([`fold`]), numbers by value; `None` for NULL, which never collides.
fn key_part(c: &crate::schema::Column, v: &Datum) -> Option<String> {
    let v = v.as_deref()?;
    let text = String::from_utf8_lossy(v);
    if c.is_text() {
        return Some(fold(&text));
    }
    match text.trim().parse::<i128>() {
        Ok(n) => Some(n.to_string()),
        Err(_) => Some(text.into_owned()),
    }
}

impl<'a> Merger<'a> {
    /// The guarantee that the output loads into any destination: every primary and unique
    /// key of the destination's seven tables holds, and every foreign key among them. The
    /// tables are taken parents first; of rows with the same key the first is kept and what
    /// referred to the others (rows of later tables, the id maps) refers to it; a row whose
    /// parent is not written is left out. The rules above never get here on the real
    /// stores we know; anything that does is a warning and, for a Magento 1 row, a drop in
    /// the row account.
    fn enforce_keys(&mut self, tables: &mut [MergedTable]) {
        let defs: HashMap<&'static str, &'a Table> =
            TABLES.iter().map(|n| (*n, self.dst[n].table)).collect();
        let ctx = self.ctx;
        let catalog_refs: Vec<(&'static str, String, &'static str, String)> = TABLES
            .iter()
            .flat_map(|&child| {
                defs[child].foreign_keys.iter().filter_map(move |fk| {
                    let [col] = fk.columns.as_slice() else {
                        return None;
                    };
                    let [ref_col] = fk.ref_columns.as_slice() else {
                        return None;
                    };
                    let parent = TABLES
                        .into_iter()
                        .find(|p| ctx.dst_table(p).eq_ignore_ascii_case(&fk.ref_table))?;
                    Some((child, col.clone(), parent, ref_col.clone()))
                })
            })
            .collect();
        for ti in 0..tables.len() {
            let name = tables[ti].name;
            let t = defs[name];
            let pk = match t.primary_key.as_slice() {
                [k] => t.column_index(k),
                _ => None,
            };
            let id_of = |r: &[Datum]| pk.and_then(|k| uint(&r[k]));
            let label = |r: &[Datum]| match pk {
                Some(k) => format!(
                    "{name} row {}={}",
                    t.columns[k].name,
                    text_of(r[k].as_deref())
                ),
                None => format!("{name} row"),
            };
            // Foreign keys to the tables already final.
            let mut rows = std::mem::take(&mut tables[ti].rows);
            let mut gone = HashSet::new();
            for (_, col, parent, ref_col) in catalog_refs.iter().filter(|r| r.0 == name) {
                let Some(pi) = tables.iter().position(|x| x.name == *parent) else {
                    continue;
                };
                if pi >= ti {
                    continue;
                }
                let (Some(ci), Some(ri)) =
                    (t.column_index(col), defs[*parent].column_index(ref_col))
                else {
                    continue;
                };
                let pc = &defs[*parent].columns[ri];
                let have: HashSet<String> = tables[pi]
                    .rows
                    .iter()
                    .filter_map(|r| key_part(pc, &r[ri]))
                    .collect();
                let c = &t.columns[ci];
                let mut kept = Vec::with_capacity(rows.len());
                for r in rows {
                    match key_part(c, &r[ci]) {
                        Some(v) if !have.contains(&v) => {
                            let what = format!(
                                "{}: its {col} {v} is not a row of {parent}; left out",
                                label(&r)
                            );
                            gone.extend(id_of(&r));
                            self.left_out(name, id_of(&r), rule::NO_PARENT, what);
                        }
                        _ => kept.push(r),
                    }
                }
                rows = kept;
            }
            // Primary and unique keys.
            let mut keys: Vec<Vec<usize>> = Vec::new();
            for cols in
                std::iter::once(&t.primary_key).chain(t.unique_keys.iter().map(|u| &u.columns))
            {
                let idx: Option<Vec<usize>> = cols.iter().map(|c| t.column_index(c)).collect();
                if let Some(idx) = idx.filter(|i| !i.is_empty()) {
                    keys.push(idx);
                }
            }
            let mut seen: Vec<HashMap<Vec<String>, usize>> = vec![HashMap::new(); keys.len()];
            let mut kept: Vec<Vec<Datum>> = Vec::with_capacity(rows.len());
            let mut moved: HashMap<u32, u32> = HashMap::new();
            for r in rows {
                let parts: Vec<Option<Vec<String>>> = keys
                    .iter()
                    .map(|k| k.iter().map(|&i| key_part(&t.columns[i], &r[i])).collect())
                    .collect();
                let clash = parts
                    .iter()
                    .enumerate()
                    .find_map(|(k, p)| p.as_ref().and_then(|p| seen[k].get(p)).map(|&j| (k, j)));
                if let Some((k, j)) = clash {
                    let first = &kept[j];
                    let cols: Vec<&str> = keys[k]
                        .iter()
                        .map(|&i| t.columns[i].name.as_str())
                        .collect();
                    let vals: Vec<String> =
                        keys[k].iter().map(|&i| text_of(r[i].as_deref())).collect();
                    let (id, to) = (id_of(&r), id_of(first));
                    if let (Some(id), Some(to)) = (id, to)
                        && id != to
                    {
                        moved.insert(id, to);
                    }
                    let what = format!(
                        "{}: the same ({}) as the earlier {} ({}); left out, what referred to it refers to the earlier row",
                        label(&r),
                        cols.join(", "),
                        label(first),
                        vals.join(", ")
                    );
                    self.left_out(name, id, rule::SAME_KEY, what);
                    continue;
                }
                for (k, p) in parts.into_iter().enumerate() {
                    if let Some(p) = p {
                        seen[k].insert(p, kept.len());
                    }
                }
                kept.push(r);
            }
            tables[ti].rows = kept;
            // The id maps follow: to the row kept, or nowhere.
            let maps = match name {
                "eav_entity_type" => Some(&mut self.types),
                "eav_attribute_set" => Some(&mut self.sets),
                "eav_attribute_group" => Some(&mut self.groups),
                "eav_attribute" => Some(&mut self.attrs),
                _ => None,
            };
            for m in maps.into_iter().flat_map(|m| [&mut m.m1, &mut m.m2]) {
                m.retain(|_, v| !gone.contains(v));
                for v in m.values_mut() {
                    if let Some(to) = moved.get(v) {
                        *v = *to;
                    }
                }
            }
            if moved.is_empty() {
                continue;
            }
            // References follow the rows kept.
            let pk_name = pk.map(|k| t.columns[k].name.clone()).unwrap_or_default();
            let mut refs: Vec<(&str, String)> = REFERENCES
                .iter()
                .filter(|r| r.2 == name)
                .map(|r| (r.0, r.1.to_string()))
                .collect();
            for (child, col, parent, ref_col) in &catalog_refs {
                if *parent == name
                    && ref_col.eq_ignore_ascii_case(&pk_name)
                    && !refs
                        .iter()
                        .any(|(c, k)| c == child && k.eq_ignore_ascii_case(col))
                {
                    refs.push((child, col.clone()));
                }
            }
            for (child, col) in refs {
                let Some(x) = tables.iter_mut().find(|x| x.name == child) else {
                    continue;
                };
                let Some(ci) = x.columns.iter().position(|c| c.eq_ignore_ascii_case(&col)) else {
                    continue;
                };
                for r in &mut x.rows {
                    if let Some(to) = uint(&r[ci]).and_then(|v| moved.get(&v)) {
                        r[ci] = put(*to);
                    }
                }
            }
        }
    }

    /// A row left out by [`Merger::enforce_keys`]: a warning, and a drop in the row account
    /// when it was a Magento 1 row.
    fn left_out(&mut self, table: &'static str, id: Option<u32>, why: &str, what: String) {
        self.warn(what);
        let m1 = id.is_some_and(|id| self.m1_rows.get(table).is_some_and(|s| s.contains(&id)));
        if !m1 {
            return;
        }
        let acc = self.account(table);
        if let Some(n) = acc.written.get_mut(table) {
            *n = n.saturating_sub(1);
        }
        *acc.dropped.entry(why.to_string()).or_default() += 1;
    }
}

/// The value MySQL stores for a missing NOT NULL value outside strict mode.
fn implicit_default(c: &crate::schema::Column) -> Vec<u8> {
    match c.data_type.as_str() {
        "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint" | "decimal"
        | "float" | "double" | "bit" => b"0".to_vec(),
        "enum" => c
            .values
            .first()
            .map(|v| v.as_bytes().to_vec())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

//! DMT's `SerializeToJson` handlers: PHP-serialized columns become the JSON Magento 2 reads
//! (`Magento\Framework\Serialize\Serializer\Json`), and `Rule\SerializedData`, which renames
//! classes inside serialized rule conditions.
//!
//! Every function returns a [`Converted`]: the value to write and what happened, so the
//! caller can count broken values per table and column for the report. DMT logs a broken
//! value as "Could not unserialize data of %s.%s with record id %s".
//!
//! `unserialize` runs as inside Magento (warnings are errors, [`Warnings::Fail`]), except in
//! `ItemOption`, which uses `@unserialize` ([`Warnings::Ignore`]). When `json_encode` fails
//! (a string that is not UTF-8, `INF`/`NAN`, nesting deeper than 512, recursion), DMT stores
//! what `json_encode` returned, `false`, which reaches the database as `''`: the value
//! written is then the empty string, and the outcome says [`Outcome::Unencodable`].

use std::borrow::Cow;

use super::php::{
    JsonError, Key, UnserializeError, Value, Warnings, serialize, to_json, unserialize,
    unserialize_with, write_json,
};
use super::preg::Preg;

/// What a conversion did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to do (`NULL`, or a value the handler leaves alone): written as it was.
    Unchanged,
    /// Converted.
    Converted,
    /// PHP's `unserialize` failed. `SerializeToJson` and its variants write `NULL`;
    /// `Rule\SerializedData` keeps the value (DMT would stop the migration there).
    Broken(UnserializeError),
    /// `json_encode` failed: the value becomes `''`, as DMT stores it.
    Unencodable(JsonError),
    /// `SalesOrderItem`: a nested serialized value (a file option's `option_value`, or
    /// `bundle_selection_attributes`) is broken. DMT stops the migration there; here the
    /// nested string is kept as it was and the rest is converted.
    NestedBroken(UnserializeError),
}

/// The value to write and what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Converted<'a> {
    pub value: Option<Cow<'a, [u8]>>,
    pub outcome: Outcome,
}

/// A handler's precondition that does not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConditionError {
    /// The field the handler decides by is `NULL` (DMT: "Conditional field %s not found in
    /// the record." / "Field code not found in the record.", which stops the migration).
    MissingField,
}

impl std::fmt::Display for ConditionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the field the handler decides by is NULL")
    }
}

impl std::error::Error for ConditionError {}

fn unchanged(value: Option<&[u8]>) -> Converted<'_> {
    Converted {
        value: value.map(Cow::Borrowed),
        outcome: Outcome::Unchanged,
    }
}

/// `json_encode` of a finished value, as DMT stores it; `hint` sizes the buffer.
fn encoded<'a>(v: &Value<'_>, hint: usize) -> Converted<'a> {
    let mut json = Vec::with_capacity(hint + 16);
    match write_json(v, &mut json).map(|()| json) {
        Ok(json) => Converted {
            value: Some(Cow::Owned(json)),
            outcome: Outcome::Converted,
        },
        Err(e) => Converted {
            value: Some(Cow::Borrowed(b"")),
            outcome: Outcome::Unencodable(e),
        },
    }
}

/// `SerializeToJson`: `json_encode(unserialize($value))`; `NULL` stays `NULL`; broken data
/// becomes `NULL` ([`Outcome::Broken`]). `''` is `unserialize`'s `false`: `"false"`.
pub fn serialize_to_json(value: Option<&[u8]>) -> Converted<'_> {
    let Some(raw) = value else {
        return unchanged(None);
    };
    match unserialize(raw) {
        Ok(v) => encoded(&v, raw.len()),
        Err(e) => Converted {
            value: None,
            outcome: Outcome::Broken(e),
        },
    }
}

/// `SerializeToJson\ConvertWithConditions`: converts like [`serialize_to_json`] only when
/// `pattern` matches the value of the conditional field (for item options: `code`);
/// otherwise the value is unchanged. A `NULL` conditional field is an error, checked first,
/// as DMT does.
pub fn convert_with_conditions<'a>(
    value: Option<&'a [u8]>,
    conditional: Option<&[u8]>,
    pattern: &Preg,
) -> Result<Converted<'a>, ConditionError> {
    let conditional = conditional.ok_or(ConditionError::MissingField)?;
    if value.is_none() || !pattern.is_match(conditional) {
        return Ok(unchanged(value));
    }
    Ok(serialize_to_json(value))
}

/// Whether an item option code matches DMT's `/option_\d+/` (anywhere in the code).
pub fn is_option_code(code: &[u8]) -> bool {
    memchr::memmem::find_iter(code, b"option_")
        .any(|i| code.get(i + 7).is_some_and(u8::is_ascii_digit))
}

/// `SerializeToJson\ItemOption`: for codes matching `/option_\d+/`, the value becomes
/// JSON when `@unserialize` gives anything but `false`; otherwise (not serialized, broken,
/// or `b:0;`) it is kept. A `NULL` code is an error, as in DMT.
pub fn item_option<'a>(
    value: Option<&'a [u8]>,
    code: Option<&[u8]>,
) -> Result<Converted<'a>, ConditionError> {
    let code = code.ok_or(ConditionError::MissingField)?;
    let Some(raw) = value else {
        return Ok(unchanged(None));
    };
    if !is_option_code(code) {
        return Ok(unchanged(value));
    }
    Ok(match unserialize_with(raw, Warnings::Ignore) {
        Err(_) | Ok(Value::Bool(false)) => unchanged(value),
        Ok(v) => encoded(&v, raw.len()),
    })
}

/// `$nested ? json_encode(unserialize($nested)) : json_encode($nested)`, as a PHP string
/// (or `false` when `json_encode` fails). A broken nested string is kept as it was.
fn nested_json<'a>(v: &Value<'a>, broken: &mut Option<UnserializeError>) -> Value<'a> {
    let json = match v {
        Value::Str(s) if v.is_truthy() => match unserialize(s) {
            Ok(inner) => to_json(&inner),
            Err(e) => {
                broken.get_or_insert(e);
                return v.clone();
            }
        },
        // Falsy values are encoded as they are; a non-string (PHP 8 would throw a
        // TypeError in `unserialize`) is encoded as it is too.
        other => to_json(other),
    };
    match json {
        Ok(j) => Value::Str(Cow::Owned(j)),
        Err(_) => Value::Bool(false),
    }
}

/// `SerializeToJson\SalesOrderItem` for `sales_flat_order_item.product_options`: like
/// [`serialize_to_json`], and inside, the `option_value` of every option whose
/// `option_type` is the string `file`, and `bundle_selection_attributes`, are themselves
/// serialized strings that become JSON strings (JSON inside JSON, as Magento 2 stores them).
/// A missing `option_value` is encoded as `null`.
pub fn sales_order_item(value: Option<&[u8]>) -> Converted<'_> {
    let Some(raw) = value else {
        return unchanged(None);
    };
    let mut data = match unserialize(raw) {
        Ok(v) => v,
        Err(e) => {
            return Converted {
                value: None,
                outcome: Outcome::Broken(e),
            };
        }
    };
    let mut broken = None;
    if let Some(Value::Array(options)) = data.get_mut(b"options") {
        for (_, option) in options.iter_mut() {
            let is_file = matches!(option, Value::Array(_))
                && matches!(option.get(b"option_type"), Some(Value::Str(t)) if t.as_ref() == b"file");
            if is_file {
                let new = nested_json(
                    option.get(b"option_value").unwrap_or(&Value::Null),
                    &mut broken,
                );
                option.set(b"option_value", new);
            }
        }
    }
    if let Some(attrs) = data.get(b"bundle_selection_attributes")
        && *attrs != Value::Null
    {
        let new = nested_json(attrs, &mut broken);
        data.set(b"bundle_selection_attributes", new);
    }
    let mut out = encoded(&data, raw.len());
    if let (Some(e), Outcome::Converted) = (broken, &out.outcome) {
        out.outcome = Outcome::NestedBroken(e);
    }
    out
}

/// A class-map lookup: `None` when the name is not in the map, `Some(None)` when it maps
/// to nothing, `Some(Some(class))` otherwise.
pub type ClassLookup<'l> = &'l dyn Fn(&str) -> Option<Option<String>>;

/// `replaceValues`: every string in nested arrays that the class map knows (with a
/// non-empty target) is replaced; objects and keys are left alone.
fn replace_classes(items: &mut [(Key<'_>, Value<'_>)], lookup: ClassLookup<'_>) -> bool {
    let mut changed = false;
    for (_, v) in items.iter_mut() {
        match v {
            Value::Array(inner) => changed |= replace_classes(inner, lookup),
            Value::Str(s) => {
                if let Ok(name) = std::str::from_utf8(s)
                    && let Some(Some(to)) = lookup(name)
                    && !to.is_empty()
                {
                    *s = Cow::Owned(to.into_bytes());
                    changed = true;
                }
            }
            _ => {}
        }
    }
    changed
}

/// `Rule\SerializedData` (catalogrule/salesrule `conditions_serialized` and
/// `actions_serialized`): when the value unserializes to an array, class aliases in it are
/// replaced through the class map and the array is serialized again (so the bytes are
/// PHP's `serialize` of the result even when nothing was replaced). Anything else is kept:
/// `NULL`, a non-array, broken data ([`Outcome::Broken`], where DMT would stop), and arrays
/// with a reference cycle (which `serialize` would need `R:` for).
pub fn rule_serialized_data<'a>(
    value: Option<&'a [u8]>,
    class_map: ClassLookup<'_>,
) -> Converted<'a> {
    let Some(raw) = value else {
        return unchanged(None);
    };
    let mut data = match unserialize(raw) {
        Ok(v) => v,
        Err(e) => {
            return Converted {
                value: Some(Cow::Borrowed(raw)),
                outcome: Outcome::Broken(e),
            };
        }
    };
    let Value::Array(items) = &mut data else {
        return unchanged(value);
    };
    replace_classes(items, class_map);
    if data.has_cycle() {
        return unchanged(value);
    }
    let bytes = serialize(&data);
    if bytes == raw {
        return unchanged(value);
    }
    Converted {
        value: Some(Cow::Owned(bytes)),
        outcome: Outcome::Converted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(c: &Converted<'_>) -> Option<String> {
        c.value
            .as_ref()
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }

    #[test]
    fn serialize_to_json_follows_dmt() {
        let c = serialize_to_json(Some(b"a:1:{s:3:\"url\";s:5:\"a/b\xc3\xa9\";}"));
        assert_eq!(text(&c).unwrap(), r#"{"url":"a\/b\u00e9"}"#);
        assert_eq!(c.outcome, Outcome::Converted);
        assert_eq!(serialize_to_json(None), unchanged(None));
        let c = serialize_to_json(Some(b"a:1:{i:0;s:5:\"x\";}"));
        assert_eq!(c.value, None);
        assert!(matches!(c.outcome, Outcome::Broken(_)));
        let c = serialize_to_json(Some(b"s:1:\"\xff\";"));
        assert_eq!(c.value.as_deref(), Some(&b""[..]));
        assert_eq!(c.outcome, Outcome::Unencodable(JsonError::Utf8));
        assert_eq!(text(&serialize_to_json(Some(b""))).unwrap(), "false");
        assert_eq!(text(&serialize_to_json(Some(b"i:5;"))).unwrap(), "5");
    }

    #[test]
    fn conditions_and_item_options() {
        let p = Preg::new(
            "/(parameters)|(info_buyRequest)|(attributes)|(bundle_option_ids)|(bundle_selection_ids)|(bundle_selection_attributes)/",
        )
        .unwrap();
        let v = b"a:1:{s:3:\"qty\";i:2;}";
        let c = convert_with_conditions(Some(v), Some(b"info_buyRequest"), &p).unwrap();
        assert_eq!(text(&c).unwrap(), r#"{"qty":2}"#);
        let c = convert_with_conditions(Some(v), Some(b"option_5"), &p).unwrap();
        assert_eq!(c, unchanged(Some(v)));
        assert_eq!(
            convert_with_conditions(Some(v), None, &p),
            Err(ConditionError::MissingField)
        );
        let c = convert_with_conditions(Some(b"a:1:{"), Some(b"attributes"), &p).unwrap();
        assert!(matches!(c.outcome, Outcome::Broken(_)) && c.value.is_none());

        let c = item_option(Some(v), Some(b"option_12")).unwrap();
        assert_eq!(text(&c).unwrap(), r#"{"qty":2}"#);
        assert_eq!(
            item_option(Some(v), Some(b"option_ids")).unwrap(),
            unchanged(Some(v))
        );
        assert_eq!(
            item_option(Some(b"plain"), Some(b"option_1")).unwrap(),
            unchanged(Some(b"plain"))
        );
        assert_eq!(
            item_option(Some(b"b:0;"), Some(b"option_1")).unwrap(),
            unchanged(Some(b"b:0;"))
        );
        assert_eq!(
            item_option(None, Some(b"option_1")).unwrap(),
            unchanged(None)
        );
        assert_eq!(
            item_option(Some(v), None),
            Err(ConditionError::MissingField)
        );
        // @unserialize: an out-of-range integer is clamped, not an error.
        let c = item_option(Some(b"i:99999999999999999999;"), Some(b"option_1")).unwrap();
        assert_eq!(text(&c).unwrap(), "9223372036854775807");
    }

    #[test]
    fn sales_order_item_converts_nested_values() {
        let file = b"a:2:{s:4:\"type\";s:10:\"image/jpeg\";s:5:\"title\";s:5:\"a.jpg\";}";
        let bundle = b"a:2:{s:5:\"price\";d:10.5;s:3:\"qty\";i:1;}";
        let v = format!(
            "a:3:{{s:7:\"options\";a:2:{{i:0;a:3:{{s:5:\"label\";s:1:\"F\";s:11:\"option_type\";s:4:\"file\";s:12:\"option_value\";s:{}:\"{}\";}}i:1;a:2:{{s:11:\"option_type\";s:5:\"field\";s:12:\"option_value\";s:2:\"hi\";}}}}s:27:\"bundle_selection_attributes\";s:{}:\"{}\";s:3:\"qty\";i:1;}}",
            file.len(),
            std::str::from_utf8(file).unwrap(),
            bundle.len(),
            std::str::from_utf8(bundle).unwrap()
        );
        let c = sales_order_item(Some(v.as_bytes()));
        assert_eq!(c.outcome, Outcome::Converted);
        assert_eq!(
            text(&c).unwrap(),
            concat!(
                r#"{"options":[{"label":"F","option_type":"file","option_value":"{\"type\":\"image\\\/jpeg\",\"title\":\"a.jpg\"}"},"#,
                r#"{"option_type":"field","option_value":"hi"}],"#,
                r#""bundle_selection_attributes":"{\"price\":10.5,\"qty\":1}","qty":1}"#
            )
        );
        // A broken nested value: the rest converts, the nested string stays.
        let v = b"a:1:{s:27:\"bundle_selection_attributes\";s:5:\"a:1:{\";}";
        let c = sales_order_item(Some(v));
        assert!(matches!(c.outcome, Outcome::NestedBroken(_)));
        assert_eq!(
            text(&c).unwrap(),
            r#"{"bundle_selection_attributes":"a:1:{"}"#
        );
        // Falsy nested values are encoded as they are.
        let v = b"a:1:{s:27:\"bundle_selection_attributes\";s:0:\"\";}";
        assert_eq!(
            text(&sales_order_item(Some(v))).unwrap(),
            r#"{"bundle_selection_attributes":"\"\""}"#
        );
    }

    #[test]
    fn rule_conditions_get_m2_class_names() {
        let map = |name: &str| match name {
            "salesrule/rule_condition_combine" => Some(Some(
                r"Magento\SalesRule\Model\Rule\Condition\Combine".to_string(),
            )),
            "catalogrule/gone" => Some(None),
            _ => None,
        };
        let v = b"a:3:{s:4:\"type\";s:32:\"salesrule/rule_condition_combine\";s:5:\"other\";s:16:\"catalogrule/gone\";s:10:\"conditions\";a:1:{i:0;a:1:{s:4:\"type\";s:32:\"salesrule/rule_condition_combine\";}}}";
        let c = rule_serialized_data(Some(v), &map);
        assert_eq!(c.outcome, Outcome::Converted);
        assert_eq!(
            text(&c).unwrap(),
            "a:3:{s:4:\"type\";s:46:\"Magento\\SalesRule\\Model\\Rule\\Condition\\Combine\";s:5:\"other\";s:16:\"catalogrule/gone\";s:10:\"conditions\";a:1:{i:0;a:1:{s:4:\"type\";s:46:\"Magento\\SalesRule\\Model\\Rule\\Condition\\Combine\";}}}"
        );
        assert_eq!(
            rule_serialized_data(Some(b"a:0:{}"), &map),
            unchanged(Some(b"a:0:{}"))
        );
        assert_eq!(
            rule_serialized_data(Some(b"s:1:\"x\";"), &map),
            unchanged(Some(b"s:1:\"x\";"))
        );
        let c = rule_serialized_data(Some(b"a:1:{"), &map);
        assert!(matches!(c.outcome, Outcome::Broken(_)));
        assert_eq!(c.value.as_deref(), Some(&b"a:1:{"[..]));
        // Re-serialized even without a replacement: PHP writes canonical bytes.
        let c = rule_serialized_data(Some(b"a:1:{s:1:\"5\";d:0.50;}"), &map);
        assert_eq!(text(&c).unwrap(), "a:1:{i:5;d:0.5;}");
    }
}

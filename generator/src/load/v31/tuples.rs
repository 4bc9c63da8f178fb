//! OpenAPI 3.1 tuples: `prefixItems` of an exact length, kept for lowering (which makes each a
//! Rust tuple); any other length refused.

use serde_json::{Map, Value};

use super::{PointerMap, Refusal};

/// The most items a tuple may have: Rust implements `Debug`, `Clone`, `PartialEq` and
/// `Default` for tuples of up to 12.
const MAX_TUPLE: usize = 12;

/// `prefixItems` of an exact length is a tuple: `minItems` is the number of items and no
/// other item may follow (`items: false`, or `maxItems` the number of items too). The items
/// stay where they are (translated, and read by lowering at this pointer); `items: false`
/// goes, and the array is typed. Any other length (an optional last item, a tail of any
/// length) is refused: a Rust tuple has exactly its items.
pub(super) fn tuple(
    object: &mut Map<String, Value>,
    pointer: &str,
    map: &PointerMap,
) -> Result<(), Refusal> {
    let at = |key: &str| format!("{pointer}/{key}");
    let count = match object.get("prefixItems") {
        Some(Value::Array(items)) if !items.is_empty() => items.len(),
        Some(Value::Array(_)) => {
            return Err(super::schema::refusal(
                map,
                &at("prefixItems"),
                "tuples (`prefixItems`) need at least one item; an empty tuple holds nothing",
            ));
        }
        _ => {
            return Err(super::schema::refusal(
                map,
                &at("prefixItems"),
                "`prefixItems` must be a list of schemas",
            ));
        }
    };
    if count > MAX_TUPLE {
        return Err(super::schema::refusal(
            map,
            &at("prefixItems"),
            &format!(
                "tuples (`prefixItems`) of more than {MAX_TUPLE} items cannot be generated (this one has {count})"
            ),
        ));
    }
    if let Some(kind) = object.get("type") {
        if kind.as_str() != Some("array") {
            return Err(super::schema::refusal(
                map,
                &at("type"),
                "`prefixItems` applies to arrays: a tuple's `type` must be `array`",
            ));
        }
    }
    if ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| object.contains_key(*k))
    {
        return Err(super::schema::refusal(
            map,
            &at("prefixItems"),
            "tuples (`prefixItems`) beside `allOf`, `oneOf` or `anyOf` cannot be generated yet",
        ));
    }
    let exact = |key: &str| object.get(key).and_then(Value::as_u64) == Some(count as u64);
    let closed = match object.get("items") {
        Some(Value::Bool(false)) => true,
        None | Some(Value::Bool(true)) => exact("maxItems"),
        Some(_) => {
            return Err(super::schema::refusal(
                map,
                &at("items"),
                "tuples (`prefixItems`) followed by more items (`items`) of any number cannot be generated; a Rust tuple has exactly its items",
            ));
        }
    };
    if !closed || !exact("minItems") {
        let missing = if closed {
            format!("`minItems: {count}`")
        } else {
            format!("`minItems: {count}` and `items: false` (or `maxItems: {count}`)")
        };
        return Err(super::schema::refusal(
            map,
            &at("prefixItems"),
            &format!(
                "tuples (`prefixItems`) are generated only with an exact length: give {missing}; \
                 a Rust tuple has exactly its items, none optional"
            ),
        ));
    }
    object.remove("items");
    object.insert("type".into(), Value::String("array".into()));
    Ok(())
}

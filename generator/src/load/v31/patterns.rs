//! `patternProperties` folded into the map value type 3.0 can say: `additionalProperties`.
//!
//! The patterns constrain keys, which the client does not check; the values of the keys they
//! match, and of the others, are what a map's value type must hold:
//!
//! - `additionalProperties` a schema `A`: any of the patterns' schemas and `A`;
//! - `additionalProperties: false`: any of the patterns' schemas (one: that schema);
//! - `additionalProperties` absent or `true`, beside `properties`: any value (`{}`), since
//!   keys no pattern matches may hold anything; without `properties`, the object is a map of
//!   what the patterns say (one: its schema), as it is written for.
//!
//! A pattern whose schema is `false` allows no key, and adds no value type.

use serde_json::{Map, Value, json};

use super::{PointerMap, Refusal};

/// Folds the `patternProperties` of the schema at `pointer` (translated) into its
/// `additionalProperties`, recording where each schema moved.
pub(super) fn fold(
    object: &mut Map<String, Value>,
    pointer: &str,
    map: &mut PointerMap,
) -> Result<(), Refusal> {
    let Some(patterns) = object.remove("patternProperties") else {
        return Ok(());
    };
    let original = map.original(pointer);
    let Value::Object(patterns) = patterns else {
        return Err((
            format!("{original}/patternProperties"),
            "`patternProperties` must map patterns to schemas".into(),
        ));
    };
    let mut values: Vec<(Value, String)> = Vec::new();
    for (pattern, schema) in patterns {
        let at = crate::pointer::join(&format!("{original}/patternProperties"), &pattern);
        match schema {
            Value::Bool(false) => {}
            Value::Bool(true) => values.push((json!({}), at)),
            schema => values.push((schema, at)),
        }
    }
    let additional_at = format!("{pointer}/additionalProperties");
    let additional_original = map.original(&additional_at);
    let open = match object.remove("additionalProperties") {
        None | Some(Value::Bool(true)) => true,
        Some(Value::Bool(false)) => false,
        Some(schema) => {
            values.push((schema, additional_original));
            false
        }
    };
    let made_at = format!("{original}/patternProperties");
    let value = if open && object.contains_key("properties") {
        map.made(additional_at, made_at);
        json!({})
    } else {
        match values.len() {
            0 => {
                if !open {
                    object.insert("additionalProperties".into(), Value::Bool(false));
                }
                return Ok(());
            }
            1 => {
                let (schema, from) = values.remove(0);
                map.moved(additional_at, from);
                schema
            }
            _ => {
                map.made(additional_at.clone(), made_at);
                let mut branches = Vec::with_capacity(values.len());
                for (index, (schema, from)) in values.into_iter().enumerate() {
                    map.moved(format!("{additional_at}/anyOf/{index}"), from);
                    branches.push(schema);
                }
                json!({ "anyOf": branches })
            }
        }
    };
    object.insert("additionalProperties".into(), value);
    Ok(())
}

//! What a translated 3.1 document holds that the typed 3.0 document has no place for, decoded
//! beside it for lowering: the items of each tuple and the webhooks. Both stay in the plain
//! JSON where the user wrote them (the typed document ignores the keys), so references into
//! them resolve and messages locate them.

use std::collections::BTreeMap;

use openapiv3::{PathItem, ReferenceOr, Schema};
use serde_json::Value;

use crate::load::deepest_failure;
use crate::openapi::Kind;
use crate::pointer;

/// A node that does not decode as what its position calls for: the (translated) pointer of the
/// deepest failing node, and why.
type Failure = (String, String);

/// The items (`prefixItems`) of each tuple at `at` (translated pointers, as the translation
/// found them), decoded, by the tuple's pointer.
pub(in crate::load) fn tuples(
    raw: &Value,
    at: &[String],
) -> Result<BTreeMap<String, Vec<ReferenceOr<Schema>>>, Failure> {
    let mut out = BTreeMap::new();
    for tuple in at {
        let items = resolve(raw, tuple)
            .and_then(|schema| schema.get("prefixItems"))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let decoded = items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                decode(item, &format!("{tuple}/prefixItems/{index}"), Kind::Schema)
            })
            .collect::<Result<Vec<_>, _>>()?;
        out.insert(tuple.clone(), decoded);
    }
    Ok(out)
}

/// The document's `webhooks`, each name with its Path Item Object, in the order written.
pub(in crate::load) fn webhooks(
    raw: &Value,
) -> Result<Vec<(String, ReferenceOr<PathItem>)>, Failure> {
    let Some(Value::Object(webhooks)) = raw.get("webhooks") else {
        return Ok(Vec::new());
    };
    webhooks
        .iter()
        .map(|(name, item)| {
            let at = pointer::join("#/webhooks", name);
            Ok((name.clone(), decode(item, &at, Kind::PathItem)?))
        })
        .collect()
}

/// `node` (at `at`, a node of `kind`) decoded as `T`, or the deepest node that fails to.
fn decode<T: serde::de::DeserializeOwned>(
    node: &Value,
    at: &str,
    kind: Kind,
) -> Result<T, Failure> {
    serde_path_to_error::deserialize::<_, T>(node).map_err(|error| {
        deepest_failure(node, at, kind)
            .unwrap_or_else(|| (at.to_owned(), error.inner().to_string()))
    })
}

/// The node at `at` (`#/a/b`), if any.
fn resolve<'v>(root: &'v Value, at: &str) -> Option<&'v Value> {
    pointer::split(at)
        .iter()
        .try_fold(root, |node, segment| match node {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn tuple_items_and_webhooks_are_decoded_where_they_are_written() {
        let raw = json!({
            "components": {"schemas": {"Pair": {"type": "array", "prefixItems": [
                {"type": "integer"}, {"$ref": "#/components/schemas/Name"},
            ]}}},
            "webhooks": {"newPet": {"post": {"responses": {}}}, "oldPet": {"$ref": "#/x"}},
        });
        let tuples = super::tuples(&raw, &["#/components/schemas/Pair".into()]).unwrap();
        assert_eq!(tuples["#/components/schemas/Pair"].len(), 2);
        let webhooks = super::webhooks(&raw).unwrap();
        let names: Vec<&str> = webhooks.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["newPet", "oldPet"]);

        let broken = json!({"webhooks": {"newPet": {"post": {"responses": {}, "parameters": 3}}}});
        let (at, _) = super::webhooks(&broken).unwrap_err();
        assert_eq!(at, "#/webhooks/newPet/post");
    }
}

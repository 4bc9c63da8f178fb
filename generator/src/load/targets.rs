//! `$ref`s that point anywhere in the document, not only at `#/components/<section>/<name>`:
//! into a path's parameters or responses, into another schema's properties, at a path item.
//!
//! The document is walked by its structure ([`Kind::children`]), so only a `$ref` where a node
//! may stand is a reference (a property named `$ref` is a property). Each pointer that resolves
//! is decoded once as the kind of node its position calls for and kept by pointer; lowering
//! looks it up there (the one resolver in `ir::lower::refs`), following chains and reporting
//! cycles as for components. A target that does not decode as what its position calls for is
//! kept as a message, reported only if lowering follows that reference.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde_json::Value;

use crate::openapi::{self, Kind};
use crate::pointer;

/// Nodes named by a local `$ref` that is not `#/components/<section>/<name>`, decoded, keyed by
/// their pointer (as [`pointer::from_reference`] writes it).
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// Schema Objects (or `$ref`s to them).
    pub schemas: BTreeMap<String, ReferenceOr<Schema>>,
    /// Parameter Objects.
    pub parameters: BTreeMap<String, ReferenceOr<Parameter>>,
    /// Request Body Objects.
    pub request_bodies: BTreeMap<String, ReferenceOr<RequestBody>>,
    /// Response Objects.
    pub responses: BTreeMap<String, ReferenceOr<Response>>,
    /// Path Item Objects (OpenAPI 3.0 has no section of components for them).
    pub path_items: BTreeMap<String, ReferenceOr<PathItem>>,
    /// Pointers whose node is not what the reference's position calls for: why.
    pub invalid: BTreeMap<String, String>,
    /// OpenAPI 3.1 tuples: the items (`prefixItems`) of each array schema that is one, by the
    /// schema's pointer (the typed document holds the array without them).
    pub tuples: BTreeMap<String, Vec<ReferenceOr<Schema>>>,
    /// OpenAPI 3.1 `webhooks` (requests the server makes), each name with its Path Item, in
    /// the order written.
    pub webhooks: Vec<(String, ReferenceOr<PathItem>)>,
}

/// Whether `reference` is `#/components/<section>/<name>` for the section of `kind`.
fn is_component(reference: &str, kind: Kind) -> bool {
    openapi::section(kind).is_some_and(|section| {
        reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.strip_prefix(section))
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|name| !name.is_empty() && !name.contains('/'))
    })
}

/// Every non-component local reference target in `root`, a whole document.
pub fn collect(root: &Value) -> Targets {
    let mut targets = Targets::default();
    let mut seen = BTreeSet::new();
    walk(root, root, Kind::Document, &mut targets, &mut seen);
    targets
}

fn walk(
    root: &Value,
    node: &Value,
    kind: Kind,
    targets: &mut Targets,
    seen: &mut BTreeSet<String>,
) {
    if kind == Kind::Callback {
        // Requests the server makes: not part of the client, never lowered.
        return;
    }
    if kind.referable() {
        if let Some(Value::String(reference)) = node.get("$ref") {
            if !is_component(reference, kind) {
                if let Some(target) = pointer::from_reference(reference) {
                    if seen.insert(target.clone()) {
                        if let Some(found) = resolve(root, &target) {
                            keep(kind, &target, found, targets);
                            // The target may hold references of its own.
                            walk(root, found, kind, targets, seen);
                        }
                    }
                }
            }
            return;
        }
    }
    for (_, child, kind) in kind.children(node) {
        walk(root, child, kind, targets, seen);
    }
}

/// The node at `pointer` (`#/a/b`), if any.
fn resolve<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    pointer::split(pointer)
        .iter()
        .try_fold(root, |node, segment| match node {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
            _ => None,
        })
}

fn keep(kind: Kind, pointer: &str, node: &Value, targets: &mut Targets) {
    fn decode<T: serde::de::DeserializeOwned>(
        node: &Value,
        map: &mut BTreeMap<String, ReferenceOr<T>>,
        pointer: &str,
    ) -> Result<(), String> {
        let item = serde_path_to_error::deserialize::<_, ReferenceOr<T>>(node)
            .map_err(|e| e.inner().to_string())?;
        map.insert(pointer.to_owned(), item);
        Ok(())
    }
    let decoded = match kind {
        Kind::Schema => decode(node, &mut targets.schemas, pointer),
        Kind::Parameter => decode(node, &mut targets.parameters, pointer),
        Kind::RequestBody => decode(node, &mut targets.request_bodies, pointer),
        Kind::Response => decode(node, &mut targets.responses, pointer),
        Kind::PathItem => decode(node, &mut targets.path_items, pointer),
        // Headers, examples, links and security schemes are not followed by lowering.
        _ => Ok(()),
    };
    if let Err(message) = decoded {
        let message = if message.contains("untagged enum") {
            format!("expected {}", kind.describe())
        } else {
            message
        };
        targets.invalid.insert(
            pointer.to_owned(),
            format!("the node there is not {}: {message}", kind.describe()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_what_non_component_refs_name_as_their_position_calls_for() {
        let doc = json!({
            "paths": {
                "/a/{id}": {"get": {
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"$ref": {"type": "string"}, "b": {"$ref": "#/components/schemas/A/properties/x"}}
                    }}}}}
                }},
                "/b/{id}": {"get": {
                    "parameters": [{"$ref": "#/paths/~1a~1%7Bid%7D/get/parameters/0"}],
                    "responses": {"200": {"$ref": "#/paths/~1a~1{id}/get/responses/200"}, "404": {"$ref": "#/components/schemas/A"}}
                }},
                "/c": {"$ref": "#/paths/~1b~1{id}"}
            },
            "components": {"schemas": {"A": {"properties": {"x": {"type": "integer"}}}}}
        });
        let targets = collect(&doc);
        assert_eq!(
            targets.parameters.keys().collect::<Vec<_>>(),
            ["#/paths/~1a~1{id}/get/parameters/0"]
        );
        assert_eq!(
            targets.responses.keys().collect::<Vec<_>>(),
            ["#/paths/~1a~1{id}/get/responses/200"]
        );
        assert_eq!(
            targets.schemas.keys().collect::<Vec<_>>(),
            ["#/components/schemas/A/properties/x"]
        );
        assert_eq!(
            targets.path_items.keys().collect::<Vec<_>>(),
            ["#/paths/~1b~1{id}"]
        );
        // A schema where a response must stand is kept as the reason it is not one.
        assert!(
            targets.invalid["#/components/schemas/A"]
                .starts_with("the node there is not a Response Object"),
            "{:?}",
            targets.invalid
        );
    }
}

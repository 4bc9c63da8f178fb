//! `$id` within the document, and every reference resolved as JSON Schema 2020-12 resolves it.
//!
//! A schema with `$id` is a schema resource of its own: its `$id`, resolved against the base
//! URI of the schema around it, is the base URI of the references and the resource of the
//! anchors inside it (its own `$ref` and `$anchor` included). The document is a resource too,
//! whose URI its text does not say (OpenAPI 3.1 takes it from where the document was read): it
//! is [`DOCUMENT`], a URI of the reserved `.invalid` domain that no `$id` can name by accident.
//!
//! While the schemas are translated, each `$id` and `$anchor` is recorded with the original
//! pointer of its schema (as the user wrote the document), and each `$ref` that needs resolving
//! (any inside a resource with `$id`; outside, any that is not a plain `#/pointer`) is resolved
//! to an absolute URI. Once every schema is known, a reference to a schema of the document (by
//! `$id` alone, `$id` and `#anchor`, or `$id` and `#/json/pointer` within that resource) is
//! written as the JSON pointer of that schema, which the references' usual retargeting then
//! follows through the [`PointerMap`]. A reference resolved against an `$id` that names nothing
//! in the document is refused where it is written, naming what it resolved to: references to
//! other documents are not supported. One written at the document's level is left as it is
//! (lowering refuses a reference to another document, and decoding an unresolved one).

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use url::Url;

use super::{PointerMap, Refusal};

/// The base URI of the document itself.
const DOCUMENT: &str = "https://document.invalid/";

/// The schema resources of the document and the references into them.
#[derive(Debug)]
pub(super) struct Resources {
    /// The document's own URI ([`DOCUMENT`]).
    document: Url,
    /// The URI of each resource being translated, innermost last.
    bases: Vec<Url>,
    /// The original pointer of each schema with `$id`, by its URI (resolved, no fragment).
    ids: BTreeMap<String, String>,
    /// The original pointer of each schema with `$anchor`, by its resource's URI and its name.
    anchors: BTreeMap<(String, String), String>,
    /// The references to resolve once every schema is known.
    references: Vec<Reference>,
}

/// One `$ref` to resolve.
#[derive(Debug)]
struct Reference {
    /// The pointer of the `$ref` in the translated document.
    at: String,
    /// As written.
    written: String,
    /// Resolved against its base.
    resolved: Url,
    /// The URI of the resource with `$id` it is written in, if any (else the document's).
    base: Option<Url>,
}

impl Default for Resources {
    fn default() -> Self {
        Self {
            document: Url::parse(DOCUMENT).expect("the document's URI is a URL"),
            bases: Vec::new(),
            ids: BTreeMap::new(),
            anchors: BTreeMap::new(),
            references: Vec::new(),
        }
    }
}

impl Resources {
    /// The base URI where the translation is.
    fn base(&self) -> &Url {
        self.bases.last().unwrap_or(&self.document)
    }

    /// The URI of the resource where the translation is, which its anchors belong to.
    pub(super) fn resource(&self) -> String {
        self.base().as_str().to_owned()
    }

    /// Takes the `$id` of the schema at `pointer` (translated), if it has one: recorded, and
    /// the base URI until [`Resources::leave`]. Whether it had one.
    pub(super) fn enter(
        &mut self,
        object: &mut Map<String, Value>,
        pointer: &str,
        map: &PointerMap,
    ) -> Result<bool, Refusal> {
        let Some(id) = object.remove("$id") else {
            return Ok(false);
        };
        let original = map.original(pointer);
        let at = format!("{original}/$id");
        let Value::String(text) = &id else {
            return Err((
                at,
                format!("`$id` must be a URI reference (a string), not {id}"),
            ));
        };
        let mut uri = self.resolve(text).map_err(|why| {
            (
                at.clone(),
                format!("`$id: {text}` is not a URI reference: {why}"),
            )
        })?;
        match uri.fragment() {
            Some("") => uri.set_fragment(None),
            Some(fragment) => {
                return Err((
                    at,
                    format!(
                        "`$id: {text}` has a fragment (`#{fragment}`); an `$id` names a whole schema, and `$anchor` a schema within one"
                    ),
                ));
            }
            None => {}
        }
        if uri == self.document {
            return Err((
                at,
                format!("`$id: {text}` names the document itself, not a schema of it"),
            ));
        }
        if let Some(first) = self.ids.get(uri.as_str()) {
            return Err((
                at,
                format!(
                    "`{}` is also the `$id` of {first}; each identifies one schema",
                    self.shown(&uri)
                ),
            ));
        }
        self.ids.insert(uri.as_str().to_owned(), original);
        self.bases.push(uri);
        Ok(true)
    }

    /// Leaves the resource [`Resources::enter`] entered.
    pub(super) fn leave(&mut self) {
        self.bases.pop();
    }

    /// Records the anchor `name` of the schema at `original`, in the current resource; the
    /// pointer of the schema that already has it, if one does.
    pub(super) fn anchor(&mut self, name: &str, original: String) -> Option<&String> {
        let key = (self.resource(), name.to_owned());
        if self.anchors.contains_key(&key) {
            return self.anchors.get(&key);
        }
        self.anchors.insert(key, original);
        None
    }

    /// Records the `$ref` `written` of the schema at `pointer` (translated) for resolving.
    pub(super) fn reference(
        &mut self,
        written: &str,
        pointer: &str,
        map: &PointerMap,
    ) -> Result<(), Refusal> {
        let base = self.bases.last().cloned();
        if base.is_none() && (written == "#" || written.starts_with("#/")) {
            // A pointer into the document: already what the rest of loading reads.
            return Ok(());
        }
        let at = format!("{pointer}/$ref");
        let resolved = match self.resolve(written) {
            Ok(resolved) => resolved,
            Err(why) if base.is_some() => {
                return Err((
                    map.original(&at),
                    format!("`$ref: {written}` is not a URI reference: {why}"),
                ));
            }
            // Lowering refuses what is not a reference within the document.
            Err(_) => return Ok(()),
        };
        self.references.push(Reference {
            at,
            written: written.to_owned(),
            resolved,
            base,
        });
        Ok(())
    }

    /// Writes every recorded reference that names a schema of the document (`raw`, translated)
    /// as that schema's original pointer; refuses one written within a resource with `$id`
    /// that names nothing in it.
    pub(super) fn resolve_references(
        &self,
        raw: &mut Value,
        map: &PointerMap,
    ) -> Result<(), Refusal> {
        if self.ids.is_empty() && self.anchors.is_empty() {
            // Nothing but the document's own pointers to name, which decoding reads as written.
            return Ok(());
        }
        for reference in &self.references {
            let Some(target) = self.target(reference, raw, map)? else {
                continue;
            };
            if let Some(slot) = raw.pointer_mut(&json_pointer(&reference.at)) {
                *slot = Value::String(target.replace('%', "%25"));
            }
        }
        Ok(())
    }

    /// The original pointer of the schema `reference` names; `None` to leave it as written.
    fn target(
        &self,
        reference: &Reference,
        raw: &Value,
        map: &PointerMap,
    ) -> Result<Option<String>, Refusal> {
        let mut resource = reference.resolved.clone();
        resource.set_fragment(None);
        let fragment = reference.resolved.fragment().map(|fragment| {
            percent_encoding::percent_decode_str(fragment)
                .decode_utf8_lossy()
                .into_owned()
        });
        let root = if resource == self.document {
            Some("#")
        } else {
            self.ids.get(resource.as_str()).map(String::as_str)
        };
        let scoped = reference.base.is_some();
        let Some(root) = root else {
            return if scoped {
                Err(self.refusal(
                    reference,
                    map,
                    "outside this document: references to other documents are not supported",
                ))
            } else {
                Ok(None)
            };
        };
        match fragment.as_deref() {
            None | Some("") => Ok(Some(root.to_owned())),
            Some(path) if path.starts_with('/') => {
                let target = format!("{root}{path}");
                if raw
                    .pointer(&json_pointer(&map.translated(&target)))
                    .is_none()
                {
                    return Err(self.refusal(reference, map, "which is nothing in this document"));
                }
                Ok(Some(target))
            }
            Some(name) => {
                let key = (resource.as_str().to_owned(), name.to_owned());
                match self.anchors.get(&key) {
                    Some(target) => Ok(Some(target.clone())),
                    // An unknown anchor of the document is left for decoding to report.
                    None if !scoped && root == "#" => Ok(None),
                    None => Err(self.refusal(
                        reference,
                        map,
                        "but no schema of that resource has that `$anchor`",
                    )),
                }
            }
        }
    }

    /// The refusal of `reference`, located where it is written, saying what it resolved to.
    fn refusal(&self, reference: &Reference, map: &PointerMap, why: &str) -> Refusal {
        let against = match &reference.base {
            Some(base) => format!(" (against the `$id` `{}`)", self.shown(base)),
            None => String::new(),
        };
        (
            map.original(&reference.at),
            format!(
                "`$ref: {}` names `{}`{against}, {why}",
                reference.written,
                self.shown(&reference.resolved)
            ),
        )
    }

    /// `text`, a URI reference, resolved against the current base URI.
    fn resolve(&self, text: &str) -> Result<Url, String> {
        if let Some(bad) = text.chars().find(|&c| !uri_char(c)) {
            return Err(format!(
                "{bad:?} may not appear in a URI (percent-encode it)"
            ));
        }
        if text.bytes().filter(|&b| b == b'#').count() > 1 {
            return Err("more than one `#`".into());
        }
        let bytes = text.as_bytes();
        for (index, _) in text.match_indices('%') {
            let escape = bytes.get(index + 1..index + 3);
            if !escape.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
                return Err("a `%` not followed by two hexadecimal digits".into());
            }
        }
        self.base().join(text).map_err(|error| error.to_string())
    }

    /// A URI as a message shows it: relative to the document where it is within it.
    fn shown(&self, uri: &Url) -> String {
        let text = uri.as_str();
        match text.strip_prefix(DOCUMENT) {
            Some(rest) => rest.to_owned(),
            None => text.to_owned(),
        }
    }
}

/// Whether RFC 3986 lets `c` appear in a URI reference (as itself; `%` starts an escape).
fn uri_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// The JSON pointer (`/a/b`) of a pointer as references write it (`#/a/b`).
fn json_pointer(pointer: &str) -> String {
    pointer.strip_prefix('#').unwrap_or(pointer).to_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    /// The 3.1 document with `schemas` as its components, translated; or the refusal.
    fn translated(schemas: Value) -> Result<Value, (String, String)> {
        let mut raw = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": schemas},
        });
        super::super::translate(&mut raw)?;
        Ok(raw["components"]["schemas"].take())
    }

    fn refusal(schemas: Value) -> (String, String) {
        translated(schemas).expect_err("refused")
    }

    #[test]
    fn an_id_is_a_schema_by_its_uri_absolute_or_relative_to_the_document() {
        let schemas = translated(json!({
            "Pet": {"$id": "https://example.com/schemas/pet", "type": "object"},
            "Toy": {"$id": "toys/toy.json", "type": "object"},
            "Owner": {"type": "object", "properties": {
                "pet": {"$ref": "https://example.com/schemas/pet"},
                "toy": {"$ref": "toys/toy.json"},
                "again": {"$ref": "./toys/../toys/toy.json#"},
            }},
        }))
        .unwrap();
        let properties = &schemas["Owner"]["properties"];
        assert_eq!(
            properties["pet"],
            json!({"$ref": "#/components/schemas/Pet"})
        );
        assert_eq!(
            properties["toy"],
            json!({"$ref": "#/components/schemas/Toy"})
        );
        assert_eq!(
            properties["again"],
            json!({"$ref": "#/components/schemas/Toy"})
        );
        assert!(schemas["Pet"].get("$id").is_none());
    }

    #[test]
    fn within_a_resource_references_resolve_against_its_id() {
        let schemas = translated(json!({
            "Tree": {
                "$id": "https://example.com/tree",
                "type": "object",
                "properties": {
                    "root": {"$ref": "#/$defs/Node"},
                    "leaf": {"$ref": "#leaf"},
                    "whole": {"$ref": "#"},
                    "sibling": {"$ref": "forest", "description": "The forest it grows in."},
                    "escaped": {"$ref": "#/$defs/a~1b%20c"},
                },
                "$defs": {
                    "Node": {"type": "object", "properties": {"up": {"$ref": "tree"}}},
                    "Leaf": {"$anchor": "leaf", "type": "string"},
                    "a/b c": {"type": "integer"},
                },
            },
            "Forest": {"$id": "https://example.com/forest", "type": "object", "properties": {
                // The same anchor name in another resource is another anchor.
                "leaf": {"$anchor": "leaf", "type": "integer"},
                "tree": {"$ref": "tree#leaf"},
                "own": {"$ref": "#leaf"},
            }},
        }))
        .unwrap();
        let tree = &schemas["Tree"]["properties"];
        assert_eq!(
            tree["root"],
            json!({"$ref": "#/components/schemas/Tree/$defs/Node"})
        );
        assert_eq!(
            tree["leaf"],
            json!({"$ref": "#/components/schemas/Tree/$defs/Leaf"})
        );
        assert_eq!(tree["whole"], json!({"$ref": "#/components/schemas/Tree"}));
        // A reference with siblings becomes an `allOf`; its branch is resolved the same way.
        assert_eq!(
            tree["sibling"]["allOf"][0],
            json!({"$ref": "#/components/schemas/Forest"})
        );
        assert_eq!(
            tree["escaped"],
            json!({"$ref": "#/components/schemas/Tree/$defs/a~1b c"})
        );
        assert_eq!(
            schemas["Tree"]["$defs"]["Node"]["properties"]["up"],
            json!({"$ref": "#/components/schemas/Tree"})
        );
        let forest = &schemas["Forest"]["properties"];
        assert_eq!(
            forest["tree"],
            json!({"$ref": "#/components/schemas/Tree/$defs/Leaf"})
        );
        assert_eq!(
            forest["own"],
            json!({"$ref": "#/components/schemas/Forest/properties/leaf"})
        );
    }

    #[test]
    fn nested_ids_resolve_against_the_enclosing_one() {
        let schemas = translated(json!({
            "Outer": {
                "$id": "https://example.com/api/outer",
                "$defs": {"Inner": {
                    "$id": "parts/inner",
                    "type": "object",
                    "properties": {"back": {"$ref": "../outer"}, "self": {"$ref": "#"}},
                }},
                "type": "object",
                "properties": {"inner": {"$ref": "https://example.com/api/parts/inner"}},
            },
        }))
        .unwrap();
        let outer = &schemas["Outer"];
        assert_eq!(
            outer["properties"]["inner"],
            json!({"$ref": "#/components/schemas/Outer/$defs/Inner"})
        );
        let inner = &outer["$defs"]["Inner"]["properties"];
        assert_eq!(inner["back"], json!({"$ref": "#/components/schemas/Outer"}));
        assert_eq!(
            inner["self"],
            json!({"$ref": "#/components/schemas/Outer/$defs/Inner"})
        );
    }

    #[test]
    fn a_reference_to_a_moved_schema_follows_it() {
        // `Named`'s `$ref` with a sibling moves its `properties` under `allOf/1`; a pointer
        // into its resource reaches the property where it now is.
        let schemas = translated(json!({
            "Base": {"$id": "https://example.com/base", "type": "object"},
            "Named": {
                "$id": "https://example.com/named",
                "$ref": "base",
                "properties": {"name": {"type": "string"}},
            },
            "User": {"properties": {"name": {"$ref": "https://example.com/named#/properties/name"}}},
        }))
        .unwrap();
        assert_eq!(
            schemas["User"]["properties"]["name"],
            json!({"$ref": "#/components/schemas/Named/allOf/1/properties/name"})
        );
    }

    #[test]
    fn document_references_are_left_as_they_were() {
        // With no `$id` in the document, nothing is resolved here: lowering refuses a reference
        // to another document, and decoding an unknown anchor.
        let schemas = translated(json!({
            "A": {"properties": {
                "b": {"$ref": "#/components/schemas/B"},
                "c": {"$ref": "other.yaml#/C"},
                "d": {"$ref": "#nowhere"},
            }},
        }))
        .unwrap();
        assert_eq!(
            schemas["A"]["properties"],
            json!({
                "b": {"$ref": "#/components/schemas/B"},
                "c": {"$ref": "other.yaml#/C"},
                "d": {"$ref": "#nowhere"},
            })
        );
        // Beside an `$id`, the same.
        let schemas = translated(json!({
            "A": {"properties": {"c": {"$ref": "other.yaml#/C"}, "d": {"$ref": "#nowhere"}}},
            "B": {"$id": "https://example.com/b"},
        }))
        .unwrap();
        assert_eq!(
            schemas["A"]["properties"],
            json!({"c": {"$ref": "other.yaml#/C"}, "d": {"$ref": "#nowhere"}})
        );
    }

    #[test]
    fn what_an_id_cannot_name_is_refused_where_it_is_written() {
        let at = |schemas: Value| refusal(schemas).0;
        // Outside the document, resolved against the `$id`.
        let (pointer, message) = refusal(json!({
            "A": {"$id": "https://example.com/a", "properties": {"b": {"$ref": "b.json"}}},
        }));
        assert_eq!(pointer, "#/components/schemas/A/properties/b/$ref");
        assert_eq!(
            message,
            "`$ref: b.json` names `https://example.com/b.json` (against the `$id` `https://example.com/a`), outside this document: references to other documents are not supported"
        );
        // A pointer or anchor the resource does not have.
        let (pointer, message) = refusal(json!({
            "A": {"$id": "https://example.com/a", "properties": {"b": {"$ref": "#/properties/c"}}},
        }));
        assert_eq!(pointer, "#/components/schemas/A/properties/b/$ref");
        assert!(message.contains("nothing in this document"), "{message}");
        // `#/...` within a resource is a pointer into that resource, not into the document.
        let (pointer, message) = refusal(json!({
            "A": {"$id": "https://example.com/a", "items": {"$ref": "#/components/schemas/B"}},
            "B": {"type": "string"},
        }));
        assert_eq!(pointer, "#/components/schemas/A/items/$ref");
        assert_eq!(
            message,
            "`$ref: #/components/schemas/B` names `https://example.com/a#/components/schemas/B` (against the `$id` `https://example.com/a`), which is nothing in this document"
        );
        assert_eq!(
            at(json!({"A": {"$id": "https://example.com/a", "items": {"$ref": "#nowhere"}}})),
            "#/components/schemas/A/items/$ref"
        );
        // Duplicates, also once resolved; fragments; not URIs; the document itself.
        let (pointer, message) = refusal(json!({
            "A": {"$id": "https://example.com/x"},
            "B": {"$id": "https://example.com/y/../x#"},
        }));
        assert_eq!(pointer, "#/components/schemas/B/$id");
        assert_eq!(
            message,
            "`https://example.com/x` is also the `$id` of #/components/schemas/A; each identifies one schema"
        );
        assert_eq!(
            at(json!({"A": {"$id": "pet"}, "B": {"$id": "./pet"}})),
            "#/components/schemas/B/$id"
        );
        assert_eq!(
            at(json!({"A": {"properties": {"b": {"$id": "https://example.com/a#b"}}}})),
            "#/components/schemas/A/properties/b/$id"
        );
        for bad in [
            json!("https://example.com/a b"),
            json!("%zz"),
            json!("a#b#c"),
            json!(3),
        ] {
            let (pointer, message) = refusal(json!({"A": {"$id": bad}}));
            assert_eq!(pointer, "#/components/schemas/A/$id", "{message}");
        }
        assert_eq!(
            at(json!({"A": {"$id": "https://example.com/a", "items": {"$ref": "http://[::1"}}})),
            "#/components/schemas/A/items/$ref"
        );
        assert_eq!(at(json!({"A": {"$id": ""}})), "#/components/schemas/A/$id");
    }

    #[test]
    fn ids_and_anchors_in_data_are_data() {
        let schemas = translated(json!({
            "A": {"type": "object", "example": {"$id": "x", "$ref": "#a"}, "default": {"$id": "x"}},
        }))
        .unwrap();
        assert_eq!(schemas["A"]["example"], json!({"$id": "x", "$ref": "#a"}));
        assert_eq!(schemas["A"]["default"], json!({"$id": "x"}));
    }
}

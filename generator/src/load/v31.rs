//! OpenAPI 3.1 read as the OpenAPI 3.0 it means: the plain JSON of a 3.1 document is rewritten
//! in place into the 3.0 JSON the typed document reads, so there is one decoding and one
//! lowering for both versions. What 3.0 cannot say in the same meaning is refused, at its
//! pointer in the original document; what moved is recorded in a [`PointerMap`], through which
//! every later message (decoding, lowering) names and locates what the user wrote.
//!
//! The document: `openapi` becomes `3.0.3`; `paths` and an operation's `responses`, optional in
//! 3.1, are written out empty; `jsonSchemaDialect` must be OpenAPI's or 2020-12's; a `mutualTLS`
//! security scheme is refused by name; `webhooks` (requests the server makes) are translated
//! like paths and read beside the typed document ([`facts`]), as are tuples, which 3.0 cannot
//! say; `components.pathItems` stay where references find them. Every schema, wherever the
//! structure holds one (and in `$defs`), goes through [`schema`].

mod anchors;
mod facts;
mod ids;
mod moves;
mod patterns;
mod schema;
mod tuples;

use serde_json::{Value, json};

use crate::openapi::{Kind, Shape};

pub(super) use facts::{tuples, webhooks};
pub use moves::PointerMap;

/// What the translation did: where nodes moved, and the (translated) pointer of every tuple.
#[derive(Debug, Default)]
pub(super) struct Translation {
    pub pointers: PointerMap,
    pub tuples: Vec<String>,
}

/// What the walk over the schemas finds: the (translated) pointer of every tuple, and the
/// schema resources (`$id`, `$anchor`) with the references to resolve against them.
#[derive(Debug, Default)]
pub(super) struct Found {
    tuples: Vec<String>,
    resources: ids::Resources,
}

/// A construct the translation refuses: the original pointer, and why.
pub(super) type Refusal = (String, String);

/// Whether `version` (the document's `openapi` field) is one this module translates.
pub(super) fn is_v31(version: &str) -> bool {
    version.starts_with("3.1.")
}

/// Rewrites the 3.1 document `raw` into 3.0 in place; where nodes moved, and where tuples are.
pub(super) fn translate(raw: &mut Value) -> Result<Translation, Refusal> {
    let mut map = PointerMap::default();
    let mut found = Found::default();
    let Value::Object(root) = raw else {
        return Ok(Translation::default());
    };
    if let Some(dialect) = root.get("jsonSchemaDialect") {
        if !dialect.as_str().is_some_and(schema::known_dialect) {
            return Err((
                "#/jsonSchemaDialect".into(),
                format!(
                    "unknown JSON Schema dialect {dialect}; expected OpenAPI 3.1's (https://spec.openapis.org/oas/3.1/dialect/base)"
                ),
            ));
        }
    }
    root.insert("openapi".into(), json!("3.0.3"));
    root.entry("paths").or_insert_with(|| json!({}));
    if let Some(Value::Object(schemes)) = root
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
    {
        for (name, scheme) in schemes {
            if scheme.get("type").and_then(Value::as_str) == Some("mutualTLS") {
                return Err((
                    crate::pointer::join("#/components/securitySchemes", name) + "/type",
                    "the `mutualTLS` security scheme (a client certificate) cannot be generated yet"
                        .into(),
                ));
            }
        }
    }
    walk(raw, "#", Kind::Document, &mut map, &mut found)?;
    if let Some(Value::Object(items)) = raw.pointer_mut("/components/pathItems") {
        for (name, item) in items.iter_mut() {
            let at = crate::pointer::join("#/components/pathItems", name);
            walk(item, &at, Kind::PathItem, &mut map, &mut found)?;
        }
    }
    found.resources.resolve_references(raw, &map)?;
    if !map.is_identity() {
        retarget(raw, &map);
    }
    Ok(Translation {
        pointers: map,
        tuples: found.tuples,
    })
}

/// Translates every schema under `value`, a node of `kind` at `pointer`, by the document's
/// structure; writes out the `responses` an operation leaves out.
fn walk(
    value: &mut Value,
    pointer: &str,
    kind: Kind,
    map: &mut PointerMap,
    found: &mut Found,
) -> Result<(), Refusal> {
    if kind == Kind::Schema {
        return schema::translate(value, pointer, map, found);
    }
    let Value::Object(object) = value else {
        return Ok(());
    };
    if kind == Kind::Operation {
        object.entry("responses").or_insert_with(|| json!({}));
    }
    for (key, field) in object.iter_mut() {
        let Some((shape, child)) = kind.field(key) else {
            continue;
        };
        if child == Kind::Callback {
            continue;
        }
        let at = format!("{pointer}/{}", crate::pointer::escape(key));
        match (shape, field) {
            (Shape::One | Shape::OneOrFlag, field) => walk(field, &at, child, map, found)?,
            (Shape::List, Value::Array(items)) => {
                for (index, item) in items.iter_mut().enumerate() {
                    walk(item, &format!("{at}/{index}"), child, map, found)?;
                }
            }
            (Shape::Map, Value::Object(items)) => {
                for (name, item) in items.iter_mut() {
                    walk(item, &crate::pointer::join(&at, name), child, map, found)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Points every local `$ref` into a moved subtree at where it now is.
fn retarget(value: &mut Value, map: &PointerMap) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                if let Some(pointer) = crate::pointer::from_reference(reference) {
                    let moved = map.translated(&pointer);
                    if moved != pointer {
                        *reference = moved;
                    }
                }
            }
            for child in object.values_mut() {
                retarget(child, map);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| retarget(item, map)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::schema::{Keyword, keyword};

    /// The schema `Thing` of a 3.1 document with `schema` as it, translated; and the original
    /// pointer of each translated one given.
    fn translated(schema: Value, pointers: &[&str]) -> (Value, Vec<String>) {
        let mut raw = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"Thing": schema}},
        });
        let map = super::translate(&mut raw)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .pointers;
        assert_eq!(raw["openapi"], "3.0.3");
        assert_eq!(raw["paths"], json!({}));
        let originals = pointers.iter().map(|p| map.original(p)).collect();
        (raw["components"]["schemas"]["Thing"].clone(), originals)
    }

    fn refused(schema: Value) -> (String, String) {
        let mut raw = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"Thing": schema}},
        });
        super::translate(&mut raw).expect_err("refused")
    }

    #[test]
    fn type_arrays_are_nullable_types_or_unions_split_by_type() {
        let (nullable, _) = translated(json!({"type": ["string", "null"], "maxLength": 3}), &[]);
        assert_eq!(
            nullable,
            json!({"type": "string", "nullable": true, "maxLength": 3})
        );
        let (union, originals) = translated(
            json!({
                "type": ["integer", "string", "null"],
                "description": "d",
                "minimum": 1,
                "pattern": "^a",
                "enum": [1, "a", null],
            }),
            &["#/components/schemas/Thing/oneOf/1/pattern"],
        );
        assert_eq!(
            union,
            json!({
                "description": "d",
                "nullable": true,
                "oneOf": [
                    {"type": "integer", "minimum": 1, "enum": [1]},
                    {"type": "string", "pattern": "^a", "enum": ["a"]},
                ],
            })
        );
        assert_eq!(originals, ["#/components/schemas/Thing/pattern"]);
    }

    #[test]
    fn a_null_branch_makes_the_union_nullable() {
        let (optional, originals) = translated(
            json!({"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/A"}], "default": null}),
            &["#/components/schemas/Thing/anyOf/0"],
        );
        assert_eq!(
            optional,
            json!({"anyOf": [{"$ref": "#/components/schemas/A"}], "nullable": true, "default": null})
        );
        assert_eq!(originals, ["#/components/schemas/Thing/anyOf/1"]);
        let (always_null, _) = translated(json!({"type": "null", "description": "d"}), &[]);
        assert_eq!(always_null, json!({"nullable": true, "description": "d"}));
    }

    #[test]
    fn references_keep_their_siblings_through_all_of() {
        let (described, originals) = translated(
            json!({"$ref": "#/components/schemas/A", "description": "d", "properties": {"b": {"type": "string"}}}),
            &[
                "#/components/schemas/Thing/allOf/0/$ref",
                "#/components/schemas/Thing/allOf/1/properties/b",
            ],
        );
        assert_eq!(
            described,
            json!({
                "description": "d",
                "allOf": [{"$ref": "#/components/schemas/A"}, {"properties": {"b": {"type": "string"}}}],
            })
        );
        assert_eq!(
            originals,
            [
                "#/components/schemas/Thing/$ref",
                "#/components/schemas/Thing/properties/b"
            ]
        );
    }

    #[test]
    fn const_bounds_examples_and_content_take_their_3_0_forms() {
        let (thing, _) = translated(
            json!({
                "type": "object",
                "properties": {
                    "kind": {"const": "book"},
                    "rating": {"type": "number", "exclusiveMinimum": 0, "minimum": -1, "exclusiveMaximum": 5, "maximum": 4},
                    "title": {"type": "string", "examples": ["Dune", "Emma"]},
                    "cover": {"type": "string", "contentEncoding": "base64"},
                    "file": {"contentMediaType": "image/png"},
                    "notes": {"type": "string", "contentMediaType": "text/markdown"},
                    "any": true,
                    "never": false,
                },
                "unevaluatedProperties": false,
            }),
            &[],
        );
        assert_eq!(
            thing["properties"],
            json!({
                "kind": {"type": "string", "enum": ["book"]},
                "rating": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 4},
                "title": {"type": "string", "example": "Dune"},
                "cover": {"type": "string", "format": "byte"},
                "file": {"type": "string", "format": "binary"},
                "notes": {"type": "string"},
                "any": {},
            })
        );
        assert!(thing.get("unevaluatedProperties").is_none());
    }

    #[test]
    fn what_3_0_cannot_say_is_refused_where_it_is_written() {
        assert_eq!(
            refused(json!({"type": "object", "properties": {"a": {"$dynamicRef": "#node"}}})).0,
            "#/components/schemas/Thing/properties/a/$dynamicRef"
        );
        let (pointer, message) = refused(json!({
            "$ref": "#/components/schemas/A",
            "properties": {"b": {"type": "array", "prefixItems": [{}]}},
        }));
        assert_eq!(
            pointer,
            "#/components/schemas/Thing/properties/b/prefixItems"
        );
        assert!(message.contains("tuples"), "{message}");
        assert_eq!(
            refused(json!({"type": "object", "required": ["a"], "properties": {"a": false}})).0,
            "#/components/schemas/Thing/properties/a"
        );
        assert_eq!(
            refused(json!({"const": "a", "enum": ["b"]})).0,
            "#/components/schemas/Thing/const"
        );
    }

    #[test]
    fn tuples_of_an_exact_length_are_kept_and_any_other_refused() {
        let mut raw = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": {
                "Pair": {"prefixItems": [{"type": ["integer", "null"]}, {"const": "a"}], "items": false, "minItems": 2},
                "Bounded": {"type": "array", "prefixItems": [{}], "minItems": 1, "maxItems": 1},
                "Either": {"type": ["string", "array"], "prefixItems": [{}], "minItems": 1, "maxItems": 1},
            }},
        });
        let translation = super::translate(&mut raw).unwrap_or_else(|e| panic!("{e:?}"));
        let schemas = &raw["components"]["schemas"];
        assert_eq!(
            schemas["Pair"],
            json!({
                "type": "array",
                "prefixItems": [{"type": "integer", "nullable": true}, {"type": "string", "enum": ["a"]}],
                "minItems": 2,
            })
        );
        assert_eq!(schemas["Bounded"]["prefixItems"], json!([{}]));
        assert_eq!(
            translation.tuples,
            [
                "#/components/schemas/Pair",
                "#/components/schemas/Bounded",
                "#/components/schemas/Either/oneOf/1",
            ]
        );

        let open = |schema: Value| {
            let (pointer, message) = refused(schema);
            assert!(message.contains("tuples (`prefixItems`)"), "{message}");
            pointer
        };
        // An optional last item, a tail of any length, a tail of some type.
        let two = json!([{"type": "integer"}, {"type": "string"}]);
        assert_eq!(
            open(json!({"prefixItems": two, "items": false})),
            "#/components/schemas/Thing/prefixItems"
        );
        assert_eq!(
            open(json!({"prefixItems": two, "minItems": 2})),
            "#/components/schemas/Thing/prefixItems"
        );
        assert_eq!(
            open(json!({"prefixItems": two, "minItems": 2, "maxItems": 3})),
            "#/components/schemas/Thing/prefixItems"
        );
        assert_eq!(
            open(json!({"prefixItems": two, "minItems": 2, "items": {"type": "string"}})),
            "#/components/schemas/Thing/items"
        );
        assert_eq!(
            open(json!({"prefixItems": [], "items": false})),
            "#/components/schemas/Thing/prefixItems"
        );
        let thirteen = Value::Array(vec![json!({}); 13]);
        assert_eq!(
            open(json!({"prefixItems": thirteen, "minItems": 13, "items": false})),
            "#/components/schemas/Thing/prefixItems"
        );
        // Inside a moved node, the refusal names the pointer as written.
        assert_eq!(
            refused(json!({"anyOf": [{"type": "null"}, {"prefixItems": two}]})).0,
            "#/components/schemas/Thing/anyOf/1/prefixItems"
        );
    }

    #[test]
    fn pattern_properties_are_the_value_type_of_the_map() {
        let thing = "#/components/schemas/Thing";
        // One pattern: a map of its schema; its pointer is the pattern's.
        let (one, originals) = translated(
            json!({"type": "object", "patternProperties": {"^x-": {"type": ["string", "null"]}}}),
            &[&format!("{thing}/additionalProperties/type")],
        );
        assert_eq!(
            one,
            json!({"type": "object", "additionalProperties": {"type": "string", "nullable": true}})
        );
        assert_eq!(originals, [format!("{thing}/patternProperties/^x-/type")]);
        // Several, and `additionalProperties` beside them: any of them.
        let (several, originals) = translated(
            json!({
                "patternProperties": {"^s_": {"type": "string"}, "^n_": {"type": "integer"}, "^never": false},
                "additionalProperties": {"type": "boolean"},
            }),
            &[
                &format!("{thing}/additionalProperties/anyOf/1"),
                &format!("{thing}/additionalProperties/anyOf/2"),
            ],
        );
        assert_eq!(
            several,
            json!({"additionalProperties": {"anyOf": [
                {"type": "string"}, {"type": "integer"}, {"type": "boolean"},
            ]}})
        );
        assert_eq!(
            originals,
            [
                format!("{thing}/patternProperties/^n_"),
                format!("{thing}/additionalProperties"),
            ]
        );
        // Beside properties, other keys may hold anything.
        let (open, _) = translated(
            json!({"properties": {"a": {"type": "string"}}, "patternProperties": {"^x-": {"type": "string"}}}),
            &[],
        );
        assert_eq!(
            open,
            json!({"properties": {"a": {"type": "string"}}, "additionalProperties": {}})
        );
        // Closed, beside properties: only the patterns' values.
        let (closed, _) = translated(
            json!({
                "properties": {"a": {"type": "string"}},
                "patternProperties": {"^x-": {"type": "integer"}},
                "additionalProperties": false,
            }),
            &[],
        );
        assert_eq!(closed["additionalProperties"], json!({"type": "integer"}));
        assert_eq!(
            refused(json!({"patternProperties": ["^a"]})).0,
            format!("{thing}/patternProperties")
        );
    }

    #[test]
    fn anchors_name_their_schema_within_the_document() {
        let mut raw = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": {
                "Tree": {"$anchor": "tree", "type": "object", "properties": {
                    "children": {"type": "array", "items": {"$ref": "#tree"}},
                    "leaf": {"$ref": "#/components/schemas/Tree/$defs/Leaf"},
                    "other": {"$ref": "#nowhere"},
                }, "$defs": {"Leaf": {
                    "$anchor": "leaf",
                    "type": ["string", "null"],
                    "example": {"$ref": "#tree"},
                }}},
                "Holder": {"$ref": "#leaf", "description": "d"},
            }},
        });
        super::translate(&mut raw).unwrap_or_else(|e| panic!("{e:?}"));
        let schemas = &raw["components"]["schemas"];
        assert_eq!(
            schemas["Tree"]["properties"]["children"]["items"],
            json!({"$ref": "#/components/schemas/Tree"})
        );
        assert!(schemas["Tree"].get("$anchor").is_none());
        // Through a reference that moved (`$ref` with a sibling becomes an `allOf`).
        assert_eq!(
            schemas["Holder"]["allOf"][0],
            json!({"$ref": "#/components/schemas/Tree/$defs/Leaf"})
        );
        // Data is not rewritten; an unknown anchor is left for decoding to report.
        assert_eq!(
            schemas["Tree"]["$defs"]["Leaf"]["example"],
            json!({"$ref": "#tree"})
        );
        assert_eq!(
            schemas["Tree"]["properties"]["other"],
            json!({"$ref": "#nowhere"})
        );

        assert_eq!(
            refused(json!({"allOf": [{"$anchor": "a"}, {"$anchor": "a"}]})).0,
            "#/components/schemas/Thing/allOf/1/$anchor"
        );
        assert_eq!(
            refused(json!({"$anchor": "1st"})).0,
            "#/components/schemas/Thing/$anchor"
        );
    }

    #[test]
    fn every_keyword_of_2020_12_and_the_oas_dialect_is_classified() {
        // The vocabularies of JSON Schema 2020-12 (core, applicator, unevaluated, validation,
        // meta-data, format, content) and OpenAPI 3.1's base dialect.
        let vocabulary = [
            "$id",
            "$schema",
            "$ref",
            "$anchor",
            "$dynamicRef",
            "$dynamicAnchor",
            "$vocabulary",
            "$comment",
            "$defs",
            "prefixItems",
            "items",
            "contains",
            "additionalProperties",
            "properties",
            "patternProperties",
            "dependentSchemas",
            "propertyNames",
            "if",
            "then",
            "else",
            "allOf",
            "anyOf",
            "oneOf",
            "not",
            "unevaluatedItems",
            "unevaluatedProperties",
            "type",
            "const",
            "enum",
            "multipleOf",
            "maximum",
            "exclusiveMaximum",
            "minimum",
            "exclusiveMinimum",
            "maxLength",
            "minLength",
            "pattern",
            "maxItems",
            "minItems",
            "uniqueItems",
            "maxContains",
            "minContains",
            "maxProperties",
            "minProperties",
            "required",
            "dependentRequired",
            "title",
            "description",
            "default",
            "deprecated",
            "readOnly",
            "writeOnly",
            "examples",
            "format",
            "contentEncoding",
            "contentMediaType",
            "contentSchema",
            "discriminator",
            "xml",
            "externalDocs",
            "example",
        ];
        let unlisted: Vec<&str> = vocabulary
            .into_iter()
            .filter(|k| keyword(k) == Keyword::Annotation)
            .filter(|k| !["$comment", "contentSchema", "$schema"].contains(k))
            .collect();
        assert_eq!(unlisted, Vec::<&str>::new(), "keywords left to the default");
        assert_eq!(keyword("x-anything"), Keyword::Annotation);
    }

    #[test]
    fn a_3_1_document_needs_neither_paths_nor_responses() {
        let mut raw = json!({
            "openapi": "3.1.1",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {"operationId": "a"}}},
            "webhooks": {"w": {"post": {"requestBody": {"content": {}}}}},
        });
        assert!(super::translate(&mut raw).unwrap().pointers.is_identity());
        assert_eq!(raw["paths"]["/a"]["post"]["responses"], json!({}));
    }
}

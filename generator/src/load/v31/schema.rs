//! One JSON Schema 2020-12 node made the OpenAPI 3.0 schema that means the same, then its
//! subschemas. Every keyword is in [`keyword`]'s table: kept as 3.0 reads it, rewritten here,
//! validation the client does not check (left for `openapiv3` to ignore, as it ignores 3.0's
//! `minLength`), or refused with its pointer.

use serde_json::{Map, Value, json};

use super::{Found, PointerMap, Refusal};

/// What the translation does with a keyword of a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keyword {
    /// Means in 3.1 what it means in 3.0.
    Kept,
    /// Rewritten into its 3.0 form by [`translate`].
    Rewritten,
    /// Says which values are valid, not their type: nothing the client checks.
    Validation,
    /// Documentation or tooling only.
    Annotation,
    /// Not expressible in the IR: the document is refused, naming the keyword.
    Refused(&'static str),
}

/// The table: every keyword of JSON Schema 2020-12's vocabularies and of OpenAPI 3.1's dialect.
/// A keyword of neither (or an `x-` extension) is an annotation, as JSON Schema says.
pub(super) fn keyword(name: &str) -> Keyword {
    use Keyword::*;
    match name {
        "properties"
        | "required"
        | "items"
        | "additionalProperties"
        | "allOf"
        | "oneOf"
        | "anyOf"
        | "not"
        | "enum"
        | "format"
        | "default"
        | "readOnly"
        | "writeOnly"
        | "deprecated"
        | "discriminator"
        | "description"
        | "title"
        | "example"
        | "externalDocs"
        | "xml" => Kept,
        "type"
        | "const"
        | "$ref"
        | "examples"
        | "exclusiveMinimum"
        | "exclusiveMaximum"
        | "contentEncoding"
        | "contentMediaType"
        | "$defs"
        | "definitions"
        | "unevaluatedProperties"
        | "prefixItems"
        | "patternProperties"
        | "$anchor"
        | "$id"
        | "nullable" => Rewritten,
        "minimum" | "maximum" | "multipleOf" | "minLength" | "maxLength" | "pattern"
        | "minItems" | "maxItems" | "uniqueItems" | "minProperties" | "maxProperties"
        | "dependentRequired" | "propertyNames" | "contains" | "minContains" | "maxContains" => {
            Validation
        }
        "$comment" | "contentSchema" | "$schema" => Annotation,
        "if" | "then" | "else" => Refused("conditional schemas (`if`/`then`/`else`)"),
        "dependentSchemas" => Refused("`dependentSchemas`"),
        "unevaluatedItems" => Refused("`unevaluatedItems`"),
        "$dynamicRef" | "$dynamicAnchor" | "$recursiveRef" | "$recursiveAnchor" => {
            Refused("dynamic references (`$dynamicRef`)")
        }
        "$vocabulary" => Refused("vocabularies (`$vocabulary`)"),
        _ => Annotation,
    }
}

/// The dialects whose meaning the translation knows.
const DIALECTS: [&str; 2] = [
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://json-schema.org/draft/2020-12/schema",
];

/// Whether `uri` (a `$schema` or `jsonSchemaDialect`) names a dialect the translation knows.
pub(super) fn known_dialect(uri: &str) -> bool {
    let uri = uri.trim_end_matches('#');
    DIALECTS.contains(&uri) || uri.starts_with("https://spec.openapis.org/oas/3.1/dialect/")
}

/// The keywords that apply to values of one JSON type only, for splitting a schema of several
/// types into one branch per type.
fn applies_to(keyword: &str, format: Option<&str>) -> Option<&'static str> {
    Some(match keyword {
        "minLength" | "maxLength" | "pattern" | "contentEncoding" | "contentMediaType" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" | "contains"
        | "minContains" | "maxContains" => "array",
        "properties"
        | "required"
        | "additionalProperties"
        | "patternProperties"
        | "minProperties"
        | "maxProperties"
        | "propertyNames"
        | "dependentRequired" => "object",
        "format" => match format {
            Some("int32" | "int64" | "float" | "double") => "number",
            _ => "string",
        },
        _ => return None,
    })
}

/// The JSON type of a value, as `type` names it.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether a schema accepts `null` and nothing else.
fn only_null(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else {
        return false;
    };
    let types_null = match object.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null") && !types.is_empty(),
        _ => false,
    };
    types_null
        || object.get("const") == Some(&Value::Null)
        || object
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().all(Value::is_null) && !values.is_empty())
}

/// Translates the schema at `pointer` (translated) in place, then its subschemas; the pointer
/// of each tuple (a schema with `prefixItems`, kept), each `$id`, `$anchor` and `$ref` go to
/// `found`. A schema with `$id` is the base URI of the references within it.
pub(super) fn translate(
    node: &mut Value,
    pointer: &str,
    map: &mut PointerMap,
    found: &mut Found,
) -> Result<(), Refusal> {
    let identified = match node {
        Value::Object(object) => found.resources.enter(object, pointer, map)?,
        _ => false,
    };
    let translated = translate_node(node, pointer, map, found);
    if identified {
        found.resources.leave();
    }
    translated
}

/// [`translate`] within the schema's resource.
fn translate_node(
    node: &mut Value,
    pointer: &str,
    map: &mut PointerMap,
    found: &mut Found,
) -> Result<(), Refusal> {
    match node {
        Value::Bool(true) => {
            *node = json!({});
            return Ok(());
        }
        Value::Bool(false) => {
            return Err(refusal(
                map,
                pointer,
                "the schema `false` accepts no value; a client cannot send or read one",
            ));
        }
        Value::Object(_) => {}
        // Not a schema: decoding reports it where it is.
        _ => return Ok(()),
    }
    let Value::Object(object) = node else {
        return Ok(());
    };
    for key in object.keys() {
        if let Keyword::Refused(what) = keyword(key) {
            return Err(refusal(
                map,
                &format!("{pointer}/{}", crate::pointer::escape(key)),
                &format!("{what} cannot be generated yet (OpenAPI 3.1 / JSON Schema 2020-12)"),
            ));
        }
    }
    if let Some(Value::String(dialect)) = object.get("$schema") {
        if !known_dialect(dialect) {
            return Err(refusal(
                map,
                &format!("{pointer}/$schema"),
                &format!("unknown JSON Schema dialect `{dialect}`; expected OpenAPI 3.1's"),
            ));
        }
    }
    super::anchors::take(object, pointer, map, &mut found.resources)?;
    if object.contains_key("$ref") && object.len() > 1 {
        // The reference goes into a branch of its own, recorded when that branch is.
        wrap_reference(object, pointer, map);
    } else if let Some(Value::String(reference)) = object.get("$ref") {
        found.resources.reference(reference, pointer, map)?;
    }
    types(object, pointer, map)?;
    if object.contains_key("prefixItems") {
        super::tuples::tuple(object, pointer, map)?;
        found.tuples.push(pointer.to_owned());
    }
    constant(object, pointer, map)?;
    null_branches(object, pointer, map)?;
    bounds(object);
    if let Some(Value::Array(examples)) = object.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            object.entry("example").or_insert(first);
        }
    }
    content(object);
    unevaluated(object, pointer, map)?;
    super::patterns::fold(object, pointer, map)?;
    boolean_subschemas(object, pointer, map)?;
    subschemas(object, pointer, map, found)
}

pub(super) fn refusal(map: &PointerMap, pointer: &str, message: &str) -> Refusal {
    (map.original(pointer), message.to_owned())
}

/// `{$ref, ...siblings}`: in 3.1 the reference and its siblings apply together, in 3.0 the
/// siblings are ignored. Becomes `{allOf: [{$ref}], ...}`: the annotations (a `description`
/// that documents the field) and validation stay beside the `allOf`; keywords that shape the
/// value (`properties`, `type`, ...) go into a second branch.
fn wrap_reference(object: &mut Map<String, Value>, pointer: &str, map: &mut PointerMap) {
    const SHAPING: [&str; 8] = [
        "type",
        "properties",
        "required",
        "items",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
    ];
    let original = map.original(pointer);
    let reference = object.remove("$ref").unwrap_or(Value::Null);
    let mut branches = vec![json!({ "$ref": reference })];
    map.made(format!("{pointer}/allOf/0"), original.clone());
    let mut shaping = Map::new();
    for key in SHAPING {
        if let Some(value) = object.remove(key) {
            let key = crate::pointer::escape(key);
            map.moved(
                format!("{pointer}/allOf/1/{key}"),
                format!("{original}/{key}"),
            );
            shaping.insert(key, value);
        }
    }
    if !shaping.is_empty() {
        map.made(format!("{pointer}/allOf/1"), original);
        branches.push(Value::Object(shaping));
    }
    object.insert("allOf".into(), Value::Array(branches));
}

/// `type` as an array: `[T, "null"]` is `T` and nullable; several types are one `oneOf`
/// branch each, with the keywords that apply to that type.
fn types(
    object: &mut Map<String, Value>,
    pointer: &str,
    map: &mut PointerMap,
) -> Result<(), Refusal> {
    let Some(Value::Array(list)) = object.get("type") else {
        return Ok(());
    };
    let mut names: Vec<String> = Vec::new();
    for t in list {
        let Some(t) = t.as_str() else {
            return Err(refusal(
                map,
                &format!("{pointer}/type"),
                "each entry of a `type` array must be a type name",
            ));
        };
        if !names.iter().any(|n| n == t) {
            names.push(t.to_owned());
        }
    }
    let null = names.iter().any(|n| n == "null");
    names.retain(|n| n != "null");
    if null {
        object.insert("nullable".into(), Value::Bool(true));
    }
    match names.as_slice() {
        [] => {
            // Only null: kept as `type: "null"`, which a union's branch may be.
            object.insert("type".into(), Value::String("null".into()));
            object.remove("nullable");
        }
        [one] => {
            object.insert("type".into(), Value::String(one.clone()));
        }
        several => {
            if ["allOf", "oneOf", "anyOf"]
                .iter()
                .any(|k| object.contains_key(*k))
            {
                return Err(refusal(
                    map,
                    &format!("{pointer}/type"),
                    "a `type` array of several types beside `allOf`, `oneOf` or `anyOf` cannot be generated yet",
                ));
            }
            let several = several.to_vec();
            object.remove("type");
            let original = map.original(pointer);
            let format = object
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let mut branches = Vec::new();
            for (index, name) in several.iter().enumerate() {
                let family = if name == "integer" {
                    "number"
                } else {
                    name.as_str()
                };
                let mut branch = Map::new();
                branch.insert("type".into(), Value::String(name.clone()));
                let keys: Vec<String> = object
                    .keys()
                    .filter(|k| applies_to(k, format.as_deref()) == Some(family))
                    .cloned()
                    .collect();
                for key in keys {
                    if let Some(value) = object.get(&key) {
                        let escaped = crate::pointer::escape(&key);
                        map.moved(
                            format!("{pointer}/oneOf/{index}/{escaped}"),
                            format!("{original}/{escaped}"),
                        );
                        branch.insert(key, value.clone());
                    }
                }
                if let Some(Value::Array(values)) = object.get("enum") {
                    let values: Vec<Value> = values
                        .iter()
                        .filter(|v| {
                            let t = json_type(v);
                            t == name || (t == "integer" && name == "number")
                        })
                        .cloned()
                        .collect();
                    branch.insert("enum".into(), Value::Array(values));
                }
                map.made(format!("{pointer}/oneOf/{index}"), original.clone());
                branches.push(Value::Object(branch));
            }
            object.retain(|k, _| applies_to(k, format.as_deref()).is_none() && k != "enum");
            object.insert("oneOf".into(), Value::Array(branches));
        }
    }
    Ok(())
}

/// `const: v` is `enum: [v]`, typed by the value where no `type` says.
fn constant(
    object: &mut Map<String, Value>,
    pointer: &str,
    map: &PointerMap,
) -> Result<(), Refusal> {
    let Some(value) = object.remove("const") else {
        return Ok(());
    };
    if let Some(Value::Array(values)) = object.get("enum") {
        if !values.contains(&value) {
            return Err(refusal(
                map,
                &format!("{pointer}/const"),
                "`const` names a value its `enum` does not list: the schema accepts no value",
            ));
        }
    }
    if !object.contains_key("type") && !matches!(value, Value::Array(_) | Value::Object(_)) {
        object.insert("type".into(), Value::String(json_type(&value).into()));
    }
    object.insert("enum".into(), Value::Array(vec![value]));
    Ok(())
}

/// A branch of `oneOf`/`anyOf` that accepts only `null` (how 3.1 writes an optional value, and
/// what Pydantic writes for `Optional[X]`) makes the union nullable; so does `type: "null"`
/// beside the union, read as "or null". `allOf` with such a branch is read the same way.
fn null_branches(
    object: &mut Map<String, Value>,
    pointer: &str,
    map: &mut PointerMap,
) -> Result<(), Refusal> {
    let unions = ["oneOf", "anyOf", "allOf"];
    let has_union = unions.iter().any(|k| object.contains_key(*k));
    if !has_union {
        if object.get("type") == Some(&Value::String("null".into())) {
            // Only `null`, outside a union: a value of any type that is `null`, which an
            // untyped value holds exactly.
            object.remove("type");
            object.insert("nullable".into(), Value::Bool(true));
        }
        return Ok(());
    }
    if object.get("type") == Some(&Value::String("null".into())) {
        object.remove("type");
        object.insert("nullable".into(), Value::Bool(true));
    }
    let original = map.original(pointer);
    for key in unions {
        let Some(Value::Array(branches)) = object.get_mut(key) else {
            continue;
        };
        if !branches.iter().any(only_null) {
            continue;
        }
        let at = (format!("{pointer}/{key}"), format!("{original}/{key}"));
        retain_branches(branches, |branch| !only_null(branch), &at, map);
        if branches.is_empty() {
            object.remove(key);
        }
        object.insert("nullable".into(), Value::Bool(true));
    }
    Ok(())
}

/// Numeric `exclusiveMinimum: 5` is 3.0's `minimum: 5, exclusiveMinimum: true` (the stricter
/// bound where `minimum` is also given); likewise the maximum. 3.0's boolean form is kept.
fn bounds(object: &mut Map<String, Value>) {
    for (exclusive, inclusive, stricter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        let Some(Value::Number(bound)) = object.get(exclusive).cloned() else {
            continue;
        };
        let other = object.get(inclusive).and_then(Value::as_f64);
        let exclusive_wins = match (bound.as_f64(), other) {
            (Some(b), Some(o)) => b.partial_cmp(&o) != Some(stricter.reverse()),
            _ => true,
        };
        if exclusive_wins {
            object.insert(inclusive.into(), Value::Number(bound));
            object.insert(exclusive.into(), Value::Bool(true));
        } else {
            object.remove(exclusive);
        }
    }
}

/// `contentEncoding` (base64 and others) is an encoded string, 3.0's `format: byte` for base64;
/// `contentMediaType` of a binary type without an encoding is 3.0's `format: binary`.
fn content(object: &mut Map<String, Value>) {
    let encoding = object.remove("contentEncoding");
    let media = object.remove("contentMediaType");
    if object.contains_key("format") {
        return;
    }
    if let Some(encoding) = encoding {
        if matches!(encoding.as_str(), Some("base64" | "base64url")) {
            object.insert("format".into(), Value::String("byte".into()));
        }
        object
            .entry("type")
            .or_insert(Value::String("string".into()));
    } else if let Some(Value::String(media)) = media {
        if binary_media(&media) {
            object.insert("format".into(), Value::String("binary".into()));
            object
                .entry("type")
                .or_insert(Value::String("string".into()));
        }
    }
}

/// Whether a media type's bytes are not text: not `text/*`, JSON, XML or a form.
fn binary_media(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    !(essence.starts_with("text/")
        || essence.ends_with("json")
        || essence.ends_with("xml")
        || essence == "application/x-www-form-urlencoded")
}

/// `unevaluatedProperties`: `false` or `true` says only which objects are valid (as
/// `additionalProperties: false` does in 3.0, which the client reads as absent); a schema
/// without a composition beside it is `additionalProperties`.
fn unevaluated(
    object: &mut Map<String, Value>,
    pointer: &str,
    map: &mut PointerMap,
) -> Result<(), Refusal> {
    let Some(value) = object.remove("unevaluatedProperties") else {
        return Ok(());
    };
    if value.is_boolean() {
        return Ok(());
    }
    let composed = ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| object.contains_key(*k));
    if composed || object.contains_key("additionalProperties") {
        return Err(refusal(
            map,
            &format!("{pointer}/unevaluatedProperties"),
            "`unevaluatedProperties` with a schema beside a composition or `additionalProperties` cannot be generated yet",
        ));
    }
    let original = map.original(pointer);
    map.moved(
        format!("{pointer}/additionalProperties"),
        format!("{original}/unevaluatedProperties"),
    );
    object.insert("additionalProperties".into(), value);
    Ok(())
}

/// Boolean subschemas where a place gives them a meaning: a property that is `false` may never
/// appear (so it is left out, unless required); a union branch that is `false` is no branch; an
/// `allOf` branch that is `true` adds nothing; `not: false` excludes nothing.
fn boolean_subschemas(
    object: &mut Map<String, Value>,
    pointer: &str,
    map: &mut PointerMap,
) -> Result<(), Refusal> {
    if let Some(Value::Object(properties)) = object.get("properties") {
        let required = |name: &str| {
            object
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|n| n == name))
        };
        for (name, schema) in properties {
            if schema == &Value::Bool(false) && required(name) {
                return Err(refusal(
                    map,
                    &format!("{pointer}/properties/{}", crate::pointer::escape(name)),
                    "a required property whose schema is `false` accepts no value",
                ));
            }
        }
    }
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        properties.retain(|_, schema| schema != &Value::Bool(false));
    }
    if object.get("not") == Some(&Value::Bool(false)) {
        object.remove("not");
    }
    let original = map.original(pointer);
    for (key, dropped) in [("oneOf", false), ("anyOf", false), ("allOf", true)] {
        let Some(Value::Array(branches)) = object.get_mut(key) else {
            continue;
        };
        let drop = Value::Bool(dropped);
        if !branches.contains(&drop) {
            continue;
        }
        let at = (format!("{pointer}/{key}"), format!("{original}/{key}"));
        retain_branches(branches, |branch| branch != &drop, &at, map);
        if branches.is_empty() {
            object.remove(key);
        }
    }
    Ok(())
}

/// Keeps the branches `keep` accepts, recording where each kept one moved: `at` is the list's
/// translated and original pointers.
fn retain_branches(
    branches: &mut Vec<Value>,
    keep: impl Fn(&Value) -> bool,
    at: &(String, String),
    map: &mut PointerMap,
) {
    let (mut kept, mut index) = (0, 0);
    branches.retain(|branch| {
        let keeps = keep(branch);
        if keeps {
            map.moved(format!("{}/{kept}", at.0), format!("{}/{index}", at.1));
            kept += 1;
        }
        index += 1;
        keeps
    });
}

/// Translates every subschema, at its translated pointer.
fn subschemas(
    object: &mut Map<String, Value>,
    pointer: &str,
    map: &mut PointerMap,
    found: &mut Found,
) -> Result<(), Refusal> {
    for (key, value) in object.iter_mut() {
        let at = format!("{pointer}/{}", crate::pointer::escape(key));
        match (key.as_str(), value) {
            ("items" | "not" | "propertyNames" | "contains", value) => {
                translate(value, &at, map, found)?
            }
            ("additionalProperties", value) if !value.is_boolean() => {
                translate(value, &at, map, found)?
            }
            ("properties" | "$defs" | "definitions", Value::Object(schemas)) => {
                for (name, schema) in schemas.iter_mut() {
                    translate(
                        schema,
                        &format!("{at}/{}", crate::pointer::escape(name)),
                        map,
                        found,
                    )?;
                }
            }
            ("allOf" | "oneOf" | "anyOf" | "prefixItems", Value::Array(schemas)) => {
                for (index, schema) in schemas.iter_mut().enumerate() {
                    translate(schema, &format!("{at}/{index}"), map, found)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

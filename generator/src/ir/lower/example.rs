//! Example values: for every operation, the values of a realistic call
//! ([`Operation::example`]), which the doc example of its method and the conformance driver
//! both use.
//!
//! A value comes from the spec where it gives one of the right shape: the parameter's or the
//! media type's `example` (or first `examples` entry), then the schema's `example`, `default`
//! and first `enum` value, each checked against the type (and, cheaply, the schema's bounds,
//! lengths and formats) field by field. Otherwise it is made from the schema: an enum's first
//! value; a date, date-time, UUID, email or URI that is valid; a number within its bounds; a
//! string within its lengths or matching its simple `pattern`; an object's required fields (the optional ones only where the
//! spec's example sets them), nesting bounded.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::Lowerer;
use super::operation::RawOperation;
use crate::ir::model::*;

/// How deep values nest before only what is required is made.
const MAX_DEPTH: usize = 6;
/// How many `$ref`s in a row are followed.
const MAX_REFS: usize = 16;

impl<'a> Lowerer<'a> {
    /// Sets [`Operation::example`] of every operation (`raw` and `operations` in step).
    pub(super) fn examples(&self, raw: &[RawOperation<'a>], operations: &mut [Operation]) {
        // The document as plain JSON: examples are free-form values, and schemas are read
        // through the same pointers the IR records as origins.
        let serialized;
        let doc = match self.json {
            Some(json) => json,
            None => {
                serialized = serde_json::to_value(self.doc).unwrap_or(Json::Null);
                &serialized
            }
        };
        let spec = Spec {
            doc,
            types: &self.types,
            config: self.config,
        };
        for (raw, op) in raw.iter().zip(operations.iter_mut()) {
            op.example = spec.call(raw, op);
        }
    }
}

/// The spec as JSON, and the types lowered from it.
struct Spec<'s> {
    doc: &'s Json,
    types: &'s BTreeMap<String, TypeDef>,
    /// The configuration, for the examples of the types it names.
    config: &'s crate::Config,
}

impl<'s> Spec<'s> {
    fn call(&self, raw: &RawOperation<'_>, op: &Operation) -> CallExample {
        let params = op
            .params
            .iter()
            .zip(&raw.params)
            .map(|(param, (_, pointer))| {
                let node = self.at(pointer);
                let (schema, given) = match node {
                    Some(node) => (param_schema(node), example_of(self, node)),
                    None => (None, None),
                };
                let mut value = self.value(&param.ty, schema, given, 0);
                if let (ExampleValue::Integer(n), (min, max)) = (&mut value, param.bounds) {
                    *n = clamp(*n, min, max);
                }
                value
            })
            .collect();
        let bodies = match &op.body {
            None => Vec::new(),
            Some(body) => {
                let node = self
                    .at(&format!("{}/requestBody", op.origin))
                    .map(|node| self.resolve(node));
                body.contents()
                    .map(|content| self.body(node, content, body.required))
                    .collect()
            }
        };
        CallExample { params, bodies }
    }

    /// The value of one media type of a body.
    fn body(&self, node: Option<&'s Json>, content: &BodyContent, required: bool) -> ExampleValue {
        let media = node.and_then(|node| node.get("content")?.get(&content.media_type));
        let mut schema = media.and_then(|m| m.get("schema")).map(|s| self.resolve(s));
        let mut given = media.and_then(|m| example_of(self, m));
        if let Some(envelope) = &content.envelope {
            given = given.and_then(|g| g.get(envelope));
            schema = schema.and_then(|s| self.properties(s).get(envelope.as_str()).copied());
        }
        match &content.encoding {
            BodyEncoding::Json(ty) => self.value(ty, schema, given, 0),
            BodyEncoding::Form { ty, .. } | BodyEncoding::Multipart { ty, .. } => {
                match self.value(ty, schema, given, 0) {
                    // A form or multipart body without fields is no body on the wire: a
                    // required one shows its optional fields (an upload, its file).
                    ExampleValue::Struct(fields) if fields.is_empty() && required => {
                        self.every_field(ty, schema)
                    }
                    value => value,
                }
            }
            BodyEncoding::Text => {
                ExampleValue::String(given.and_then(Json::as_str).unwrap_or("example").to_owned())
            }
            BodyEncoding::Bytes { .. } => ExampleValue::String("example".to_owned()),
        }
    }

    /// The node at `pointer` (`#/a/b`), its `$ref`s followed.
    fn at(&self, pointer: &str) -> Option<&'s Json> {
        let path = pointer.strip_prefix('#').unwrap_or(pointer);
        self.doc.pointer(path).map(|node| self.resolve(node))
    }

    /// `node`, or what its `$ref` (chain) names.
    fn resolve(&self, mut node: &'s Json) -> &'s Json {
        for _ in 0..MAX_REFS {
            let Some(reference) = node.get("$ref").and_then(Json::as_str) else {
                return node;
            };
            let Some(target) = crate::pointer::from_reference(reference)
                .and_then(|p| self.doc.pointer(p.strip_prefix('#').unwrap_or(&p)))
            else {
                return node;
            };
            node = target;
        }
        node
    }

    /// The properties of an object schema, those of its `allOf` members included.
    fn properties(&self, schema: &'s Json) -> BTreeMap<&'s str, &'s Json> {
        let mut out = BTreeMap::new();
        self.collect_properties(schema, &mut out, 0);
        out
    }

    fn collect_properties(
        &self,
        schema: &'s Json,
        out: &mut BTreeMap<&'s str, &'s Json>,
        depth: usize,
    ) {
        let schema = self.resolve(schema);
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(members) = schema.get("allOf").and_then(Json::as_array) {
            for member in members {
                self.collect_properties(member, out, depth + 1);
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Json::as_object) {
            for (name, property) in properties {
                out.insert(name.as_str(), self.resolve(property));
            }
        }
    }

    /// The schema a named type was made from.
    fn schema_of(&self, def: &TypeDef) -> Option<&'s Json> {
        self.at(&def.origin)
    }

    /// The value of type `ty`: `given` (the spec's example at this place) or the schema's own
    /// example where either fits the type, else one made from the schema.
    fn value(
        &self,
        ty: &TypeRef,
        schema: Option<&'s Json>,
        given: Option<&'s Json>,
        depth: usize,
    ) -> ExampleValue {
        let schema = schema.map(|s| self.resolve(s));
        let own = schema.into_iter().flat_map(|s| {
            ["example", "default"]
                .into_iter()
                .filter_map(|key| s.get(key))
                .chain(s.get("enum").and_then(|e| e.as_array()?.first()))
        });
        for candidate in given.into_iter().chain(own) {
            if let Some(value) = self.fit(ty, schema, candidate, depth) {
                return value;
            }
        }
        self.make(ty, schema, depth)
    }

    /// `candidate` as a value of `ty`, if it has the type's shape and meets the schema's
    /// constraints that are cheap to check.
    fn fit(
        &self,
        ty: &TypeRef,
        schema: Option<&'s Json>,
        candidate: &'s Json,
        depth: usize,
    ) -> Option<ExampleValue> {
        let number = |key: &str| schema.and_then(|s| s.get(key)?.as_f64());
        Some(match ty {
            // The spec's value cannot be checked against another crate's type.
            TypeRef::External { path, .. } => self.external(path),
            TypeRef::String => {
                let text = candidate.as_str()?;
                string_fits(text, schema).then(|| ExampleValue::String(text.to_owned()))?
            }
            TypeRef::Date => {
                let text = candidate.as_str()?;
                is_date(text).then(|| ExampleValue::String(text.to_owned()))?
            }
            TypeRef::DateTime => {
                let text = candidate.as_str()?;
                is_date_time(text).then(|| ExampleValue::String(text.to_owned()))?
            }
            TypeRef::Uri => {
                let text = candidate.as_str()?;
                is_url(text).then(|| ExampleValue::String(text.to_owned()))?
            }
            TypeRef::Bool => ExampleValue::Bool(candidate.as_bool()?),
            TypeRef::I32 | TypeRef::I64 => {
                let n = candidate.as_i64()?;
                let in_i32 = *ty == TypeRef::I64 || i32::try_from(n).is_ok();
                let within = number("minimum").is_none_or(|min| n as f64 >= min)
                    && number("maximum").is_none_or(|max| n as f64 <= max);
                (in_i32 && within).then_some(ExampleValue::Integer(n))?
            }
            TypeRef::F32 | TypeRef::F64 => {
                let n = candidate.as_f64()?;
                let within = number("minimum").is_none_or(|min| n >= min)
                    && number("maximum").is_none_or(|max| n <= max);
                within.then(|| ExampleValue::Number(float_text(n)))?
            }
            TypeRef::Json => ExampleValue::Json(candidate.to_string()),
            TypeRef::Binary => return None,
            TypeRef::Vec(item) => {
                let items = candidate.as_array()?;
                let min = schema
                    .and_then(|s| s.get("minItems")?.as_u64())
                    .unwrap_or(0);
                if (items.len() as u64) < min || items.len() > 20 {
                    return None;
                }
                let item_schema = schema.and_then(|s| s.get("items"));
                let item_schema = item_schema.map(|s| self.resolve(s));
                let values = items
                    .iter()
                    .map(|value| self.fit(item, item_schema, value, depth + 1))
                    .collect::<Option<Vec<_>>>()?;
                ExampleValue::Array(values)
            }
            TypeRef::Tuple(types) => {
                let items = candidate.as_array()?;
                if items.len() != types.len() {
                    return None;
                }
                let values = types
                    .iter()
                    .zip(items)
                    .enumerate()
                    .map(|(index, (ty, value))| {
                        let item_schema = tuple_item(schema, index).map(|s| self.resolve(s));
                        self.fit(ty, item_schema, value, depth + 1)
                    })
                    .collect::<Option<Vec<_>>>()?;
                ExampleValue::Array(values)
            }
            TypeRef::Map(value) => {
                let members = candidate.as_object()?;
                let value_schema = schema.and_then(|s| s.get("additionalProperties"));
                let value_schema = value_schema.map(|s| self.resolve(s));
                let values = members
                    .iter()
                    .map(|(key, member)| {
                        Some((
                            key.clone(),
                            self.fit(value, value_schema, member, depth + 1)?,
                        ))
                    })
                    .collect::<Option<Vec<_>>>()?;
                ExampleValue::Map(values)
            }
            TypeRef::Named(name) => {
                let def = self.types.get(name)?;
                let own = self.schema_of(def).or(schema);
                match &def.kind {
                    TypeKind::Alias(target) => self.fit(target, own, candidate, depth)?,
                    TypeKind::Enum(e) => {
                        let text = candidate.as_str()?;
                        let variant = e.variants.iter().find(|v| v.wire_name == text)?;
                        ExampleValue::Variant(variant.name.clone())
                    }
                    TypeKind::IntEnum(e) => {
                        let n = candidate.as_i64()?;
                        let variant = e.variants.iter().find(|v| v.value == n)?;
                        ExampleValue::Variant(variant.name.clone())
                    }
                    TypeKind::Union(union) => {
                        let branches = own.and_then(union_branches);
                        union.variants.iter().enumerate().find_map(|(i, variant)| {
                            let branch = branches
                                .filter(|b| b.len() == union.variants.len())
                                .map(|b| self.resolve(&b[i]));
                            if !self.has_required(&variant.ty, candidate) {
                                return None;
                            }
                            let value = self.fit(&variant.ty, branch, candidate, depth + 1)?;
                            Some(ExampleValue::Union(variant.name.clone(), Box::new(value)))
                        })?
                    }
                    TypeKind::Struct(s) => {
                        let members = candidate.as_object()?;
                        self.structure(s, own, Some(members), depth)
                    }
                }
            }
        })
    }

    /// Whether `candidate` holds every required field of `ty`, where it is a struct: how a
    /// union's branch is told from the others.
    fn has_required(&self, ty: &TypeRef, candidate: &Json) -> bool {
        let Some(TypeKind::Struct(s)) = (match ty {
            TypeRef::Named(name) => self.types.get(name).map(|def| &def.kind),
            _ => None,
        }) else {
            return true;
        };
        s.fields
            .iter()
            .filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable))
            .all(|f| candidate.get(&f.wire_name).is_some())
    }

    /// A value of another crate's type: the expression its configuration gives, else its
    /// `Default`.
    fn external(&self, path: &str) -> ExampleValue {
        let code = self
            .config
            .types
            .example(path)
            .unwrap_or("Default::default()");
        ExampleValue::Code(code.to_owned())
    }

    /// A value of `ty` made from its schema.
    fn make(&self, ty: &TypeRef, schema: Option<&'s Json>, depth: usize) -> ExampleValue {
        let number = |key: &str| schema.and_then(|s| s.get(key)?.as_f64());
        match ty {
            TypeRef::External { path, .. } => self.external(path),
            TypeRef::String => ExampleValue::String(make_string(schema)),
            TypeRef::Date => ExampleValue::String("2024-01-31".to_owned()),
            TypeRef::DateTime => ExampleValue::String("2024-01-31T12:00:00Z".to_owned()),
            TypeRef::Uri => ExampleValue::String("https://example.com/".to_owned()),
            TypeRef::Bool => ExampleValue::Bool(true),
            TypeRef::I32 | TypeRef::I64 => {
                let exclusive =
                    |key: &str| schema.and_then(|s| s.get(key)?.as_bool()).unwrap_or(false);
                let min = number("minimum").map(|m| {
                    let m = m.ceil() as i64;
                    if exclusive("exclusiveMinimum") {
                        m + 1
                    } else {
                        m
                    }
                });
                let max = number("maximum").map(|m| {
                    let m = m.floor() as i64;
                    if exclusive("exclusiveMaximum") {
                        m - 1
                    } else {
                        m
                    }
                });
                ExampleValue::Integer(clamp(1, min, max))
            }
            TypeRef::F32 | TypeRef::F64 => {
                // A number whose format is an integer's (`int64`) takes a whole one.
                let whole = schema
                    .and_then(|s| s.get("format")?.as_str())
                    .is_some_and(|format| format.starts_with("int"));
                let mut n = if whole { 1.0 } else { 1.5 };
                if let Some(min) = number("minimum") {
                    n = f64::max(n, min + if min.fract() == 0.0 { 1.0 } else { 0.0 });
                }
                if let Some(max) = number("maximum") {
                    n = f64::min(n, max);
                }
                ExampleValue::Number(float_text(n))
            }
            TypeRef::Json => ExampleValue::Json(make_json(schema)),
            TypeRef::Binary => ExampleValue::File {
                name: "example.txt".to_owned(),
                content: "example".to_owned(),
            },
            // Past the bound, collections are empty so that recursion ends.
            TypeRef::Vec(_) | TypeRef::Map(_) if depth >= MAX_DEPTH => match ty {
                TypeRef::Vec(_) => ExampleValue::Array(Vec::new()),
                _ => ExampleValue::Map(Vec::new()),
            },
            TypeRef::Vec(item) => {
                let item_schema = schema.and_then(|s| s.get("items"));
                let bound = |key: &str| schema.and_then(|s| s.get(key)?.as_u64());
                let count = bound("minItems")
                    .unwrap_or(0)
                    .clamp(2, 3)
                    .min(bound("maxItems").unwrap_or(3).max(1));
                let one = self.value(item, item_schema, None, depth + 1);
                // Two items unless the schema says otherwise (one is read back as a plain value
                // from a form or query by some servers); unique items are beyond a cheap guess:
                // one.
                let unique = schema.and_then(|s| s.get("uniqueItems")?.as_bool()) == Some(true);
                let count = if unique { 1 } else { count };
                ExampleValue::Array(vec![one; count as usize])
            }
            // A tuple has all its items, at any depth: recursion ends in the named types.
            TypeRef::Tuple(types) => ExampleValue::Array(
                types
                    .iter()
                    .enumerate()
                    .map(|(index, ty)| self.value(ty, tuple_item(schema, index), None, depth + 1))
                    .collect(),
            ),
            TypeRef::Map(value) => {
                let value_schema = schema.and_then(|s| s.get("additionalProperties"));
                let value_schema = value_schema.filter(|s| s.is_object());
                ExampleValue::Map(vec![(
                    "key".to_owned(),
                    self.value(value, value_schema, None, depth + 1),
                )])
            }
            TypeRef::Named(name) => {
                let Some(def) = self.types.get(name) else {
                    return ExampleValue::Null;
                };
                let own = self.schema_of(def).or(schema);
                match &def.kind {
                    TypeKind::Alias(target) => self.value(target, own, None, depth),
                    TypeKind::Enum(e) => match e.variants.first() {
                        Some(v) => ExampleValue::Variant(v.name.clone()),
                        None => ExampleValue::Null,
                    },
                    TypeKind::IntEnum(e) => match e.variants.first() {
                        Some(v) => ExampleValue::Variant(v.name.clone()),
                        None => ExampleValue::Null,
                    },
                    TypeKind::Union(union) => {
                        let branches = own.and_then(union_branches);
                        let Some(variant) = union.variants.first() else {
                            return ExampleValue::Null;
                        };
                        let branch = branches
                            .filter(|b| b.len() == union.variants.len())
                            .and_then(|b| b.first());
                        ExampleValue::Union(
                            variant.name.clone(),
                            Box::new(self.value(&variant.ty, branch, None, depth + 1)),
                        )
                    }
                    // A type that requires itself has no finite value: give up on it.
                    TypeKind::Struct(_) if depth > 3 * MAX_DEPTH => {
                        ExampleValue::Struct(Vec::new())
                    }
                    TypeKind::Struct(s) => self.structure(s, own, None, depth),
                }
            }
        }
    }

    /// A struct's value with every field it may be sent with (read-only ones left out).
    fn every_field(&self, ty: &TypeRef, schema: Option<&'s Json>) -> ExampleValue {
        let TypeRef::Named(name) = ty else {
            return self.make(ty, schema, 0);
        };
        let Some(TypeDef {
            kind: TypeKind::Struct(s),
            ..
        }) = self.types.get(name)
        else {
            return self.make(ty, schema, 0);
        };
        let own = self.types.get(name).and_then(|def| self.schema_of(def));
        let properties = own
            .or(schema)
            .map(|s| self.properties(s))
            .unwrap_or_default();
        let fields = s
            .fields
            .iter()
            .filter(|field| !field.read_only)
            .map(|field| {
                let property = properties.get(field.wire_name.as_str()).copied();
                (field.name.clone(), self.value(&field.ty, property, None, 1))
            })
            .collect();
        ExampleValue::Struct(fields)
    }

    /// A struct's value: its required fields, and the optional ones `given` sets that fit.
    fn structure(
        &self,
        s: &Struct,
        schema: Option<&'s Json>,
        given: Option<&'s serde_json::Map<String, Json>>,
        depth: usize,
    ) -> ExampleValue {
        let properties = schema.map(|s| self.properties(s)).unwrap_or_default();
        let mut fields = Vec::new();
        for field in &s.fields {
            let required = matches!(
                field.presence,
                Presence::Required | Presence::RequiredNullable
            );
            let nullable = matches!(
                field.presence,
                Presence::RequiredNullable | Presence::OptionalNullable
            );
            if field.read_only && !required {
                continue;
            }
            let property = properties.get(field.wire_name.as_str()).copied();
            let given = given.and_then(|g| g.get(&field.wire_name));
            let value = match given {
                Some(Json::Null) if nullable => Some(ExampleValue::Null),
                Some(given) if depth < MAX_DEPTH => self
                    .fit(&field.ty, property, given, depth + 1)
                    .or_else(|| required.then(|| self.make(&field.ty, property, depth + 1))),
                _ if required => Some(self.value(&field.ty, property, None, depth + 1)),
                _ => None,
            };
            if let Some(value) = value {
                fields.push((field.name.clone(), value));
            }
        }
        ExampleValue::Struct(fields)
    }
}

/// The `oneOf` or `anyOf` branches of a union's schema.
fn union_branches(schema: &Json) -> Option<&Vec<Json>> {
    schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Json::as_array)
}

/// The schema of a parameter: `schema`, or that of its one `content` entry.
fn param_schema(node: &Json) -> Option<&Json> {
    node.get("schema").or_else(|| {
        node.get("content")?
            .as_object()?
            .values()
            .next()?
            .get("schema")
    })
}

/// The example a parameter or media type gives: `example`, else the value of its first
/// `examples` entry (by `$ref` too).
fn example_of<'s>(spec: &Spec<'s>, node: &'s Json) -> Option<&'s Json> {
    node.get("example").or_else(|| {
        let first = node.get("examples")?.as_object()?.values().next()?;
        spec.resolve(first).get("value")
    })
}

fn clamp(n: i64, min: Option<i64>, max: Option<i64>) -> i64 {
    let n = min.map_or(n, |min| n.max(min));
    max.map_or(n, |max| n.min(max))
}

/// A float's text with a `.` or an exponent, so that it reads as a float literal.
fn float_text(n: f64) -> String {
    let text = format!("{n:?}");
    if text.contains(['.', 'e', 'E']) || !n.is_finite() {
        text
    } else {
        format!("{text}.0")
    }
}

/// Whether `text` meets what a string schema says that is cheap to check: `enum`, lengths and
/// common formats.
fn string_fits(text: &str, schema: Option<&Json>) -> bool {
    let Some(schema) = schema else {
        return true;
    };
    if let Some(values) = schema.get("enum").and_then(Json::as_array) {
        if !values.iter().any(|v| v.as_str() == Some(text)) {
            return false;
        }
    }
    let length = text.chars().count() as u64;
    let min = schema.get("minLength").and_then(Json::as_u64);
    let max = schema.get("maxLength").and_then(Json::as_u64);
    if min.is_some_and(|min| length < min) || max.is_some_and(|max| length > max) {
        return false;
    }
    match schema.get("format").and_then(Json::as_str) {
        Some("date") => is_date(text),
        Some("date-time") => is_date_time(text),
        Some("uuid") => is_uuid(text),
        Some("email") => text.contains('@') && !text.contains(char::is_whitespace),
        Some("uri" | "url") => is_url(text),
        _ => true,
    }
}

/// A string made from its schema: its format's, within its lengths.
fn make_string(schema: Option<&Json>) -> String {
    let format = schema.and_then(|s| s.get("format")?.as_str());
    let mut text = match format {
        Some("date") => "2024-01-31",
        Some("date-time") => "2024-01-31T12:00:00Z",
        Some("time") => "12:00:00",
        Some("uuid") => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        Some("email") => "user@example.com",
        Some("uri" | "url" | "uri-reference") => "https://example.com/",
        Some("hostname") => "example.com",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        Some("byte") => "ZXhhbXBsZQ==",
        _ => "example",
    }
    .to_owned();
    if let Some(matching) = schema
        .and_then(|s| s.get("pattern")?.as_str())
        .and_then(pattern::matching)
    {
        return matching;
    }
    let min = schema
        .and_then(|s| s.get("minLength")?.as_u64())
        .unwrap_or(0);
    let max = schema.and_then(|s| s.get("maxLength")?.as_u64());
    while (text.chars().count() as u64) < min.min(256) {
        text.push('x');
    }
    if let Some(max) = max {
        text = text.chars().take(max.max(min) as usize).collect();
    }
    text
}

/// A JSON value for a schema with no type the IR models: an object with its required
/// properties' example values where it has them, else a string.
fn make_json(schema: Option<&Json>) -> String {
    let kind = schema.and_then(|s| s.get("type")?.as_str());
    let value = match kind {
        Some("object") => Json::Object(serde_json::Map::new()),
        Some("array") => Json::Array(Vec::new()),
        Some("integer" | "number") => Json::from(1),
        Some("boolean") => Json::Bool(true),
        _ if schema.is_some_and(|s| s.get("properties").is_some()) => {
            Json::Object(serde_json::Map::new())
        }
        _ => Json::String("example".to_owned()),
    };
    value.to_string()
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2
        && digits(y) && digits(m) && digits(d)
        && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
        && (1..=28).contains(&d.parse::<u32>().unwrap_or(0)))
}

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't']) else {
        return false;
    };
    let (clock, zone_ok) = if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        (clock, true)
    } else if let Some(at) = time.rfind(['+', '-']) {
        let zone = &time[at + 1..];
        let ok = zone.len() == 5 && zone.as_bytes()[2] == b':' && digits(&zone[..2]);
        (&time[..at], ok && digits(&zone[3..]))
    } else {
        (time, false)
    };
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let parts: Vec<&str> = clock.split(':').collect();
    is_date(date)
        && zone_ok
        && digits(fraction)
        && matches!(parts.as_slice(), [h, m, s] if [h, m, s].iter().all(|p| p.len() == 2 && digits(p))
            && h.parse::<u32>().is_ok_and(|h| h < 24) && m.parse::<u32>().is_ok_and(|m| m < 60)
            && s.parse::<u32>().is_ok_and(|s| s < 60))
}

/// `8-4-4-4-12` hexadecimal digits.
fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An absolute `http` or `https` URL with a host and no whitespace.
fn is_url(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        rest.split('/')
            .next()
            .is_some_and(|host| !host.is_empty() && !host.contains(['@', '\\']))
    }) && !text.contains(|c: char| c.is_whitespace() || c.is_control())
}

mod pattern;
/// The schema of a tuple's item at `index` (3.1's `prefixItems`, kept in the plain document).
fn tuple_item(schema: Option<&Json>, index: usize) -> Option<&Json> {
    schema?.get("prefixItems")?.get(index)
}

#[cfg(test)]
mod tests;

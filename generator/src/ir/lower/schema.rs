//! Schemas to types: components (each lowered once, by key), inline schemas, arrays, maps and
//! unions. Objects and enums are defined by [`super::define`], `allOf` by [`super::all_of`].

use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::define::{Additional, Merged};
use super::refs::{Found, component_pointer, cycle_error};
use super::{Ctx, Lowerer, Result, SchemaRef, docs, fail, fail_config};
use crate::ir::model::*;
use crate::ir::naming::{self, Namespace};

impl<'a> Lowerer<'a> {
    fn component_schemas(
        &self,
    ) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> + use<'a> {
        let doc: &'a OpenAPI = self.doc;
        doc.components.iter().flat_map(|c| c.schemas.iter())
    }

    pub(super) fn lower_components(&mut self) -> Result<()> {
        // Claim every component's name first, so inline types never take a component's name;
        // the names the configuration gives before the others, so that none is taken.
        let renames = &self.config.renames;
        let doc: &'a OpenAPI = self.doc;
        for given in &self.config.types.schemas {
            let schema = doc
                .components
                .as_ref()
                .and_then(|c| c.schemas.get(&given.key));
            self.components.insert(
                given.key.clone(),
                TypeRef::External {
                    path: given.path.clone(),
                    scalar: schema.is_some_and(is_scalar),
                },
            );
        }
        for rename in &renames.types {
            let name = self.type_names.claim(&rename.to);
            if name != rename.to {
                return fail_config(&rename.spot, format!("`{}` is taken", rename.to));
            }
            self.components
                .insert(rename.from.clone(), TypeRef::Named(name));
        }
        for (key, _) in self.component_schemas() {
            if renames.schema(key).is_some() || self.config.types.schema(key).is_some() {
                continue;
            }
            let wanted = naming::model(key);
            if let Some(rename) = renames.types.iter().find(|r| r.to == wanted) {
                return fail_config(
                    &rename.spot,
                    format!("`{wanted}` is the name of the schema `{key}` already"),
                );
            }
            let name = self.type_names.claim(&wanted);
            self.components.insert(key.clone(), TypeRef::Named(name));
        }
        let keys: Vec<String> = self.component_schemas().map(|(k, _)| k.clone()).collect();
        for key in keys {
            self.lower_component(&key)?;
        }
        Ok(())
    }

    /// Lowers one component schema (once) and returns the type its references stand for.
    pub(super) fn lower_component(&mut self, key: &str) -> Result<TypeRef> {
        let pointer = component_pointer("schemas", key);
        if let Some(external @ TypeRef::External { .. }) = self.components.get(key) {
            return Ok(external.clone());
        }
        let Some(TypeRef::Named(name)) = self.components.get(key).cloned() else {
            return fail(
                pointer,
                format!("no schema named `{key}` in components/schemas"),
            );
        };
        if self.types.contains_key(&name) {
            return Ok(TypeRef::Named(name));
        }
        let doc: &'a OpenAPI = self.doc;
        let Some(schema) = doc.components.as_ref().and_then(|c| c.schemas.get(key)) else {
            return fail(
                pointer,
                format!("no schema named `{key}` in components/schemas"),
            );
        };
        if let Some(start) = self.in_progress.iter().position(|(k, _)| k == key) {
            // Back at a component being lowered. Through a struct, union or array that is a
            // recursive type (boxed later where needed); through `$ref`s alone it names nothing.
            if self.in_progress[start..].iter().all(|(_, alias)| *alias) {
                let mut chain: Vec<String> = self.in_progress[start..]
                    .iter()
                    .map(|(k, _)| k.clone())
                    .collect();
                chain.push(key.to_owned());
                return Err(cycle_error(&pointer, &chain));
            }
            return Ok(TypeRef::Named(name));
        }
        let is_alias = matches!(schema, ReferenceOr::Reference { .. });
        self.in_progress.push((key.to_owned(), is_alias));
        let ctx = Ctx {
            name: name.clone(),
            pointer,
            claimed: true,
        };
        let result = match SchemaRef::from(schema) {
            SchemaRef::Ref(reference) => {
                let target = self.lower_ref(reference, &ctx)?;
                self.define(&ctx, None, false, TypeKind::Alias(target));
                Ok(TypeRef::Named(name))
            }
            SchemaRef::Item(schema) => {
                let lowered = self.lower_schema_as(schema, &ctx)?;
                if lowered != TypeRef::Named(name.clone()) {
                    // Not an object/enum/union: the component is an alias of what it lowered to.
                    let docs = schema
                        .schema_data
                        .description
                        .as_deref()
                        .and_then(docs::markdown);
                    self.define(
                        &ctx,
                        docs,
                        schema.schema_data.deprecated,
                        TypeKind::Alias(lowered),
                    );
                }
                Ok(TypeRef::Named(name))
            }
        };
        self.in_progress.pop();
        result
    }

    fn lower_ref(&mut self, reference: &str, ctx: &Ctx) -> Result<TypeRef> {
        match self.lookup::<Schema>(reference, &ctx.pointer)? {
            Found::Component(key, _) => self.lower_component(&key),
            Found::Pointer(pointer, item) => self.lower_pointed(pointer, item, ctx),
        }
    }

    /// Lowers the schema of a property, item, body, ...: a chain of `allOf` bases being merged
    /// does not continue through it.
    pub(super) fn lower(&mut self, schema: SchemaRef<'a>, ctx: &Ctx) -> Result<TypeRef> {
        let merging = std::mem::take(&mut self.merging);
        let result = match schema {
            SchemaRef::Ref(reference) => self.lower_ref(reference, ctx),
            SchemaRef::Item(schema) => self.lower_schema_as(schema, ctx),
        };
        self.merging = merging;
        result
    }

    /// Lowers an inline schema. Where the context name is a component's (`ctx.claimed`), objects,
    /// enums and unions take it, and an object without properties is still a struct.
    pub(super) fn lower_schema_as(&mut self, schema: &'a Schema, ctx: &Ctx) -> Result<TypeRef> {
        let named = ctx.claimed;
        let data = &schema.schema_data;
        let docs = data.description.as_deref().and_then(docs::markdown);
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if !values.is_empty() {
                    return Ok(self.define_enum(ctx, docs, data.deprecated, &values));
                }
                if let Some(external) = self.external_format(string_format(&s.format)) {
                    return Ok(external);
                }
                Ok(match &s.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Binary,
                    VariantOrUnknownOrEmpty::Unknown(f) if f == "uri" || f == "url" => TypeRef::Uri,
                    _ => TypeRef::String,
                })
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let format = match &i.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Some("int32"),
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => Some("int64"),
                    VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                    VariantOrUnknownOrEmpty::Empty => None,
                };
                if i.enumeration.is_empty() {
                    if let Some(external) = self.external_format(format) {
                        return Ok(external);
                    }
                }
                let repr = match &i.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => IntRepr::I32,
                    _ => IntRepr::I64,
                };
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                if values.is_empty() {
                    return Ok(repr.type_ref());
                }
                self.define_int_enum(ctx, schema, repr, &values)
            }
            SchemaKind::Type(Type::Number(n)) => {
                let format = match &n.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => Some("float"),
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Double) => {
                        Some("double")
                    }
                    VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                    VariantOrUnknownOrEmpty::Empty => None,
                };
                if let Some(external) = self.external_format(format) {
                    return Ok(external);
                }
                Ok(match &n.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                    _ => TypeRef::F64,
                })
            }
            SchemaKind::Type(Type::Boolean(_)) => Ok(TypeRef::Bool),
            SchemaKind::Type(Type::Array(a)) => self.lower_array(a.items.as_ref(), ctx),
            SchemaKind::Type(Type::Object(o)) => {
                if o.properties.is_empty() && !named {
                    return self.lower_map(o.additional_properties.as_ref(), ctx);
                }
                let mut merged = Merged {
                    docs,
                    additional: o.additional_properties.as_ref().map(Additional::Schema),
                    ..Default::default()
                };
                self.collect_properties(&mut merged, &o.properties, &o.required, &ctx.pointer);
                self.define_struct(ctx, merged, data.deprecated)
            }
            SchemaKind::AllOf { all_of } => self.lower_all_of(all_of, ctx, docs, data.deprecated),
            SchemaKind::OneOf { one_of } => {
                self.lower_union(one_of, "oneOf", ctx, docs, data.deprecated)
            }
            SchemaKind::AnyOf { any_of } => {
                self.lower_union(any_of, "anyOf", ctx, docs, data.deprecated)
            }
            SchemaKind::Not { .. } => fail(
                format!("{}/not", ctx.pointer),
                "a schema with only `not` says what a value is not, not what it is, so it has no \
                 Rust type; give it a `type` beside the `not`",
            ),
            SchemaKind::Any(any) => {
                if let Some(kind) = any.typ.as_deref() {
                    if !matches!(
                        kind,
                        "string" | "number" | "integer" | "boolean" | "array" | "object" | "null"
                    ) {
                        return fail(
                            format!("{}/type", ctx.pointer),
                            format!(
                                "unknown schema type `{kind}`; expected one of string, number, integer, boolean, array, object"
                            ),
                        );
                    }
                }
                if !any.all_of.is_empty() {
                    return self.lower_all_of(&any.all_of, ctx, docs, data.deprecated);
                }
                if !any.one_of.is_empty() {
                    return self.lower_union(&any.one_of, "oneOf", ctx, docs, data.deprecated);
                }
                if !any.any_of.is_empty() {
                    return self.lower_union(&any.any_of, "anyOf", ctx, docs, data.deprecated);
                }
                if !any.properties.is_empty() || (named && any.typ.as_deref() == Some("object")) {
                    let mut merged = Merged {
                        docs,
                        additional: any.additional_properties.as_ref().map(Additional::Schema),
                        ..Default::default()
                    };
                    self.collect_properties(
                        &mut merged,
                        &any.properties,
                        &any.required,
                        &ctx.pointer,
                    );
                    return self.define_struct(ctx, merged, data.deprecated);
                }
                if any.items.is_some() || any.typ.as_deref() == Some("array") {
                    return self.lower_array(any.items.as_ref(), ctx);
                }
                if let Some(values) = string_values(&any.enumeration) {
                    return Ok(self.define_enum(ctx, docs, data.deprecated, &values));
                }
                let repr = scalar(any.typ.as_deref(), any.format.as_deref());
                let int = match repr {
                    Some(TypeRef::I32) => Some(IntRepr::I32),
                    Some(TypeRef::I64) => Some(IntRepr::I64),
                    _ => None,
                };
                if let (Some(values), Some(int)) = (int_values(&any.enumeration), int) {
                    return self.define_int_enum(ctx, schema, int, &values);
                }
                if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() {
                    return self.lower_map(any.additional_properties.as_ref(), ctx);
                }
                // A typed scalar with keywords the typed forms do not take (`not`, or a numeric
                // bound on a string): those are validation rules the client does not check.
                if repr.is_some() {
                    if let Some(external) = self.external_format(any.format.as_deref()) {
                        return Ok(external);
                    }
                }
                if let Some(repr) = repr {
                    return Ok(repr);
                }
                if any.not.is_some() {
                    return fail(
                        format!("{}/not", ctx.pointer),
                        "`not` beside keywords that give no type says what a value is not, \
                         not what it is, so it has no Rust type; give the schema a `type`",
                    );
                }
                Ok(TypeRef::Json)
            }
        }
    }

    fn lower_array(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        ctx: &Ctx,
    ) -> Result<TypeRef> {
        let targets: &'a crate::load::Targets = self.targets;
        if let Some(tuple) = targets.tuples.get(&ctx.pointer) {
            return self.lower_tuple(tuple, ctx);
        }
        let Some(items) = items else {
            return Ok(TypeRef::Vec(Box::new(TypeRef::Json)));
        };
        let item_ctx = ctx.child(naming::item_type(&ctx.name), "items");
        Ok(TypeRef::Vec(Box::new(self.lower(items.into(), &item_ctx)?)))
    }

    /// An OpenAPI 3.1 tuple (`prefixItems` of an exact length): each item's type, in order.
    /// Inline types are named after the array and the item's position: `PointItem0`.
    fn lower_tuple(&mut self, items: &'a [ReferenceOr<Schema>], ctx: &Ctx) -> Result<TypeRef> {
        let mut types = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let item_ctx = ctx.below(
                naming::tuple_item_type(&ctx.name, index),
                &format!("prefixItems/{index}"),
            );
            types.push(self.lower(item.into(), &item_ctx)?);
        }
        Ok(TypeRef::Tuple(types))
    }

    fn lower_map(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        ctx: &Ctx,
    ) -> Result<TypeRef> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value_ctx = ctx.child(naming::value_type(&ctx.name), "additionalProperties");
                TypeRef::Map(Box::new(self.lower((&**value).into(), &value_ctx)?))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        })
    }

    fn lower_union(
        &mut self,
        variants: &'a [ReferenceOr<Schema>],
        keyword: &str,
        ctx: &Ctx,
        docs: Option<String>,
        deprecated: bool,
    ) -> Result<TypeRef> {
        let non_null: Vec<(usize, &'a ReferenceOr<Schema>)> = variants
            .iter()
            .enumerate()
            .filter(|(_, v)| !matches!(v, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Any(a) if a.typ.as_deref() == Some("null"))))
            .collect();
        if non_null.len() == 1 {
            let (index, only) = non_null[0];
            return self.lower(
                only.into(),
                &ctx.below(ctx.name.clone(), &format!("{keyword}/{index}")),
            );
        }
        let mut names = Namespace::default();
        let mut out = Vec::new();
        for (index, variant) in non_null {
            let variant_ctx = ctx.below(
                naming::variant_type(&ctx.name, index),
                &format!("{keyword}/{index}"),
            );
            let ty = self.lower(variant.into(), &variant_ctx)?;
            let name = names.claim(&naming::union_variant(&ty));
            // Named alternatives are boxed, and tuples holding one; scalars and containers are
            // small already.
            let boxed = match &ty {
                TypeRef::Named(_) => true,
                TypeRef::Tuple(items) => items.iter().any(|i| matches!(i, TypeRef::Named(_))),
                _ => false,
            };
            out.push(UnionVariant { name, ty, boxed });
        }
        if out.is_empty() {
            return Ok(TypeRef::Json);
        }
        Ok(self.define(
            ctx,
            docs,
            deprecated,
            TypeKind::Union(Union { variants: out }),
        ))
    }
}

/// The values of an enum whose every value is a string (`null` aside: that is nullability).
fn string_values(values: &[serde_json::Value]) -> Option<Vec<String>> {
    let present: Vec<&serde_json::Value> = values.iter().filter(|v| !v.is_null()).collect();
    let strings: Vec<String> = present
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    (!strings.is_empty() && strings.len() == present.len()).then_some(strings)
}

/// The values of an enum whose every value is an integer (`null` aside: that is nullability).
fn int_values(values: &[serde_json::Value]) -> Option<Vec<i64>> {
    let present: Vec<&serde_json::Value> = values.iter().filter(|v| !v.is_null()).collect();
    let ints: Vec<i64> = present.iter().filter_map(|v| v.as_i64()).collect();
    (!ints.is_empty() && ints.len() == present.len()).then_some(ints)
}

impl Lowerer<'_> {
    /// The type a configuration gives a scalar schema of this `format`, if any.
    fn external_format(&self, format: Option<&str>) -> Option<TypeRef> {
        let given = self.config.types.format(format?)?;
        Some(TypeRef::External {
            path: given.path.clone(),
            scalar: true,
        })
    }
}

/// A string schema's `format` as the spec writes it.
fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(known) => Some(match known {
            StringFormat::Date => "date",
            StringFormat::DateTime => "date-time",
            StringFormat::Password => "password",
            StringFormat::Byte => "byte",
            StringFormat::Binary => "binary",
        }),
        VariantOrUnknownOrEmpty::Unknown(format) => Some(format),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// Whether a component schema is a string, number, integer or boolean (its values are
/// written in parameters as text).
fn is_scalar(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Type(
                Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_),
            ) => true,
            SchemaKind::Any(any) => matches!(
                any.typ.as_deref(),
                Some("string" | "integer" | "number" | "boolean")
            ),
            _ => false,
        },
    }
}

/// The scalar type a `type` (and `format`) names, outside the typed forms.
fn scalar(typ: Option<&str>, format: Option<&str>) -> Option<TypeRef> {
    Some(match (typ?, format) {
        ("string", Some("date")) => TypeRef::Date,
        ("string", Some("date-time")) => TypeRef::DateTime,
        ("string", Some("binary")) => TypeRef::Binary,
        ("string", Some("uri" | "url")) => TypeRef::Uri,
        ("string", _) => TypeRef::String,
        ("integer", Some("int32")) => TypeRef::I32,
        ("integer", _) => TypeRef::I64,
        ("number", Some("float")) => TypeRef::F32,
        ("number", _) => TypeRef::F64,
        ("boolean", _) => TypeRef::Bool,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::ir::*;

    fn components(schemas: &str) -> Result<Api, crate::Error> {
        let spec = format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        crate::build_ir("c.yaml", &spec)
    }

    fn kind(api: &Api, name: &str) -> TypeKind {
        api.types
            .iter()
            .find(|t| t.name == name)
            .unwrap()
            .kind
            .clone()
    }

    #[test]
    fn integer_enums_keep_their_values() {
        let api = components(
            "    Level: {type: integer, format: int32, enum: [2, 1, 2, null, -3]}\n    Day: {type: integer, enum: [0, 1], x-enum-varnames: [Sunday, Monday]}\n    Loose: {type: integer, minimum: 0, enum: [5]}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let TypeKind::IntEnum(level) = kind(&api, "Level") else {
            panic!()
        };
        assert_eq!(level.repr, IntRepr::I32);
        let variants: Vec<(&str, i64)> = level
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.value))
            .collect();
        assert_eq!(
            variants,
            [("Value2", 2), ("Value1", 1), ("ValueMinus3", -3)]
        );
        let TypeKind::IntEnum(day) = kind(&api, "Day") else {
            panic!()
        };
        assert_eq!(day.variants[0].name, "Sunday");
        assert!(matches!(kind(&api, "Loose"), TypeKind::IntEnum(_)));
    }

    #[test]
    fn not_beside_a_type_is_a_rule_and_alone_is_refused() {
        let api = components("    Name: {type: string, not: {enum: ['']}}\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(kind(&api, "Name"), TypeKind::Alias(TypeRef::String));
        let error = components("    Any: {not: {type: string}}\n").unwrap_err();
        assert_eq!(
            error.pointer.as_deref(),
            Some("#/components/schemas/Any/not")
        );
        assert!(error.message.contains("`not`"), "{error}");
        let error = components("    Any: {not: {type: string}, minLength: 2}\n").unwrap_err();
        assert!(error.message.contains("`not`"), "{error}");
    }

    #[test]
    fn tuples_are_found_wherever_a_schema_sits() {
        let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    \
            Pair: {type: array, prefixItems: [{type: string}, {$ref: '#/components/schemas/Node'}], minItems: 2, maxItems: 2}\n    \
            Node: {type: object, properties: {next: {type: array, prefixItems: [{$ref: '#/components/schemas/Node'}], items: false, minItems: 1}}}\n    \
            Either:\n      oneOf:\n        - {type: 'null'}\n        - {type: array, prefixItems: [{type: integer}], items: false, minItems: 1}\n        - {type: string}\n    \
            Merged:\n      allOf:\n        - {type: object, properties: {at: {type: array, prefixItems: [{type: number}], items: false, minItems: 1}}}\n";
        let api = crate::build_ir("t.yaml", spec).unwrap_or_else(|e| panic!("{e}"));
        let node = || TypeRef::Named("Node".into());
        assert_eq!(
            kind(&api, "Pair"),
            TypeKind::Alias(TypeRef::Tuple(vec![TypeRef::String, node()]))
        );
        let TypeKind::Struct(s) = kind(&api, "Node") else {
            panic!()
        };
        assert_eq!(s.fields[0].ty, TypeRef::Tuple(vec![node()]));
        assert!(s.fields[0].boxed, "a tuple holding its own struct is boxed");
        let TypeKind::Union(u) = kind(&api, "Either") else {
            panic!()
        };
        assert_eq!(u.variants[0].ty, TypeRef::Tuple(vec![TypeRef::I64]));
        let TypeKind::Struct(s) = kind(&api, "Merged") else {
            panic!()
        };
        assert_eq!(s.fields[0].ty, TypeRef::Tuple(vec![TypeRef::F64]));
    }

    #[test]
    fn repeated_string_enum_values_are_one_variant() {
        let api = components("    Kind: {type: string, enum: [a, b, a]}\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let TypeKind::Enum(e) = kind(&api, "Kind") else {
            panic!()
        };
        assert_eq!(e.variants.len(), 2);
    }
}

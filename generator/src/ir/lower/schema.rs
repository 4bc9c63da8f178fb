//! Schemas to types: components (each lowered once, by key), inline schemas, arrays, maps and
//! unions. Objects and enums are defined by [`super::define`], `allOf` by [`super::all_of`].

use openapiv3::{
    AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::define::{Additional, Merged};
use super::refs::{component_pointer, cycle_error};
use super::{Ctx, Lowerer, Result, SchemaRef, docs, fail};
use crate::ir::model::*;
use crate::ir::naming::{Namespace, camel};

impl<'a> Lowerer<'a> {
    fn component_schemas(
        &self,
    ) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> + use<'a> {
        let doc: &'a OpenAPI = self.doc;
        doc.components.iter().flat_map(|c| c.schemas.iter())
    }

    pub(super) fn lower_components(&mut self) -> Result<()> {
        // Claim every component's name first, so inline types never take a component's name.
        for (key, _) in self.component_schemas() {
            let name = self.type_names.claim(&camel(key));
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
        let (key, _) = self.lookup::<Schema>(reference, &ctx.pointer)?;
        self.lower_component(&key)
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
                Ok(match &s.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Binary,
                    VariantOrUnknownOrEmpty::Unknown(f) if f == "uri" || f == "url" => TypeRef::Uri,
                    _ => TypeRef::String,
                })
            }
            SchemaKind::Type(Type::Integer(i)) => Ok(match &i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            SchemaKind::Type(Type::Number(n)) => Ok(match &n.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            }),
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
            SchemaKind::Not { .. } => Ok(TypeRef::Json),
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
                let values: Vec<String> = any
                    .enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                if !values.is_empty() && values.len() == any.enumeration.len() {
                    return Ok(self.define_enum(ctx, docs, data.deprecated, &values));
                }
                if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() {
                    return self.lower_map(any.additional_properties.as_ref(), ctx);
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
        let Some(items) = items else {
            return Ok(TypeRef::Vec(Box::new(TypeRef::Json)));
        };
        let item_ctx = ctx.child(format!("{}Item", ctx.name), "items");
        Ok(TypeRef::Vec(Box::new(self.lower(items.into(), &item_ctx)?)))
    }

    fn lower_map(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        ctx: &Ctx,
    ) -> Result<TypeRef> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value_ctx = ctx.child(format!("{}Value", ctx.name), "additionalProperties");
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
                &ctx.child(ctx.name.clone(), &format!("{keyword}/{index}")),
            );
        }
        let mut names = Namespace::default();
        let mut out = Vec::new();
        for (index, variant) in non_null {
            let variant_ctx = ctx.child(
                format!("{}Variant{index}", ctx.name),
                &format!("{keyword}/{index}"),
            );
            let ty = self.lower(variant.into(), &variant_ctx)?;
            let name = names.claim(&variant_name(&ty));
            // Named alternatives are boxed; scalars and containers are small already.
            let boxed = matches!(ty, TypeRef::Named(_));
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

fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Uri => "Uri".into(),
        TypeRef::Binary => "Binary".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::Vec(inner) => format!("{}List", variant_name(inner)),
        TypeRef::Map(inner) => format!("{}Map", variant_name(inner)),
    }
}

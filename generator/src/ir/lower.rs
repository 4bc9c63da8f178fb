//! Lowering: [`openapiv3::OpenAPI`] -> [`Api`]. The one place where the spec's meaning is decided.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, SecurityScheme, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::docs;
use super::model::*;
use super::naming::{self, Namespace, camel, singular, snake};
use crate::load::escape_pointer_segment;

/// A spec whose meaning cannot be turned into Rust: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowerError {
    /// JSON pointer of the offending node.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

type Result<T> = std::result::Result<T, LowerError>;

fn fail<T>(pointer: impl Into<String>, message: impl Into<String>) -> Result<T> {
    Err(LowerError {
        pointer: pointer.into(),
        message: message.into(),
    })
}

/// Methods every request builder defines itself; parameters are renamed around them.
const BUILDER_METHODS: &[&str] = &["send", "stream", "client"];
/// Methods `ClientBuilder` defines itself; auth methods are renamed around them.
const CLIENT_BUILDER_METHODS: &[&str] = &[
    "new",
    "base_url",
    "credentials",
    "retry_policy",
    "connect_timeout",
    "timeout",
    "user_agent",
    "http_client",
    "sleeper",
    "build",
];

/// A schema position: a `$ref` or an inline schema, whichever box it came in.
#[derive(Clone, Copy)]
enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// Where a schema sits, for names and messages.
#[derive(Clone)]
struct Ctx {
    /// The name an inline named type would get.
    name: String,
    /// JSON pointer of the schema.
    pointer: String,
    /// `name` is already claimed (a component's): a type made here takes it as is.
    claimed: bool,
}

impl Ctx {
    fn new(name: String, pointer: String) -> Ctx {
        Ctx {
            name,
            pointer,
            claimed: false,
        }
    }

    fn child(&self, name: String, segment: &str) -> Ctx {
        Ctx::new(
            name,
            format!("{}/{}", self.pointer, escape_pointer_segment(segment)),
        )
    }

    fn at(&self, pointer: String) -> Ctx {
        Ctx::new(self.name.clone(), pointer)
    }
}

/// The properties of an object schema after `allOf` merging.
#[derive(Default)]
struct Merged<'a> {
    properties: IndexMap<String, SchemaRef<'a>>,
    pointers: IndexMap<String, String>,
    required: BTreeSet<String>,
    additional: Option<&'a AdditionalProperties>,
    docs: Option<String>,
}

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    types: BTreeMap<String, TypeDef>,
    type_names: Namespace,
    /// Component schema key -> Rust type.
    components: BTreeMap<String, TypeRef>,
    /// Component schemas being lowered, and whether each is a bare `$ref` (an alias).
    in_progress: Vec<(String, bool)>,
    /// Shared parameter enums: (wire name, values) -> type name.
    param_enums: BTreeMap<(String, Vec<String>), String>,
}

/// Lowers a loaded document into the IR.
pub fn lower(doc: &OpenAPI) -> Result<Api> {
    let mut lowerer = Lowerer {
        doc,
        types: BTreeMap::new(),
        type_names: Namespace::default(),
        components: BTreeMap::new(),
        in_progress: Vec::new(),
        param_enums: BTreeMap::new(),
    };
    lowerer.lower_components()?;
    lowerer.name_param_enums()?;
    let auth = lowerer.lower_auth()?;
    let mut operations = lowerer.lower_operations()?;
    operations.sort_by(|a, b| (&a.module, &a.fn_name).cmp(&(&b.module, &b.fn_name)));

    let mut types: Vec<TypeDef> = std::mem::take(&mut lowerer.types).into_values().collect();
    super::analyze::finish_types(&mut types, &operations);

    let servers = doc
        .servers
        .iter()
        .map(|server| {
            let mut url = server.url.clone();
            for (name, variable) in server.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
            }
            Server {
                url: url.trim_end_matches('/').to_owned(),
                docs: server.description.as_deref().and_then(docs::markdown),
            }
        })
        .collect();

    let default_error = most_common_error(&operations);
    Ok(Api {
        default_error,
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        docs: doc.info.description.as_deref().and_then(docs::markdown),
        servers,
        auth,
        types,
        operations,
    })
}

impl<'a> Lowerer<'a> {
    // ----- schemas -------------------------------------------------------------------------

    fn component_schemas(
        &self,
    ) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> + use<'a> {
        let doc: &'a OpenAPI = self.doc;
        doc.components.iter().flat_map(|c| c.schemas.iter())
    }

    fn lower_components(&mut self) -> Result<()> {
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
    fn lower_component(&mut self, key: &str) -> Result<TypeRef> {
        let pointer = format!("#/components/schemas/{}", escape_pointer_segment(key));
        let Some(TypeRef::Named(name)) = self.components.get(key).cloned() else {
            return fail(
                pointer,
                format!("no schema named `{key}` in components/schemas"),
            );
        };
        if self.types.contains_key(&name) {
            return Ok(TypeRef::Named(name));
        }
        let schema = self
            .component_schemas()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, s)| s)
            .expect("component keys come from the same map");
        if let Some(start) = self.in_progress.iter().position(|(k, _)| k == key) {
            // Back at a component being lowered. Through a struct, union or array that is a
            // recursive type (boxed later where needed); through `$ref`s alone it names nothing.
            if self.in_progress[start..].iter().all(|(_, alias)| *alias) {
                let mut chain: Vec<&str> = self.in_progress[start..]
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect();
                chain.push(key);
                return fail(pointer, format!("reference cycle: {}", chain.join(" -> ")));
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
                let lowered = self.lower_schema_as(schema, &ctx, true)?;
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
        let key = component_key(reference, "schemas").ok_or_else(|| LowerError {
            pointer: ctx.pointer.clone(),
            message: format!(
                "unsupported `$ref` `{reference}`: expected `#/components/schemas/<name>`"
            ),
        })?;
        if !self.components.contains_key(&key) {
            return fail(
                ctx.pointer.clone(),
                format!("unresolved `$ref`: `{reference}` does not exist"),
            );
        }
        self.lower_component(&key)
    }

    fn lower(&mut self, schema: SchemaRef<'a>, ctx: &Ctx) -> Result<TypeRef> {
        match schema {
            SchemaRef::Ref(reference) => self.lower_ref(reference, ctx),
            SchemaRef::Item(schema) => self.lower_schema_as(schema, ctx, false),
        }
    }

    /// Follows `$ref`s to the schema they name (without lowering it).
    fn resolve(&self, schema: SchemaRef<'a>, pointer: &str) -> Result<(&'a Schema, String)> {
        let mut current = schema;
        let mut current_pointer = pointer.to_owned();
        let mut seen: Vec<String> = Vec::new();
        loop {
            match current {
                SchemaRef::Item(schema) => return Ok((schema, current_pointer)),
                SchemaRef::Ref(reference) => {
                    let Some(key) = component_key(reference, "schemas") else {
                        return fail(
                            current_pointer,
                            format!(
                                "unsupported `$ref` `{reference}`: expected `#/components/schemas/<name>`"
                            ),
                        );
                    };
                    if seen.contains(&key) {
                        seen.push(key);
                        return fail(pointer, format!("reference cycle: {}", seen.join(" -> ")));
                    }
                    let Some((_, next)) = self.component_schemas().find(|(k, _)| **k == key) else {
                        return fail(
                            current_pointer,
                            format!("unresolved `$ref`: `{reference}` does not exist"),
                        );
                    };
                    current_pointer =
                        format!("#/components/schemas/{}", escape_pointer_segment(&key));
                    seen.push(key);
                    current = SchemaRef::from(next);
                }
            }
        }
    }

    /// Lowers an inline schema. `named` says the context name belongs to a component, so objects,
    /// enums and unions take it.
    fn lower_schema_as(&mut self, schema: &'a Schema, ctx: &Ctx, named: bool) -> Result<TypeRef> {
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
                    additional: o.additional_properties.as_ref(),
                    ..Default::default()
                };
                self.collect_properties(&mut merged, &o.properties, &o.required, &ctx.pointer);
                self.define_struct(ctx, merged, data.deprecated)
            }
            SchemaKind::AllOf { all_of } => {
                self.lower_all_of(all_of, ctx, docs, data.deprecated, named)
            }
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
                    return self.lower_all_of(&any.all_of, ctx, docs, data.deprecated, named);
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
                        additional: any.additional_properties.as_ref(),
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

    fn collect_properties(
        &self,
        merged: &mut Merged<'a>,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &str,
    ) {
        for (name, schema) in properties {
            let property_pointer = format!("{pointer}/properties/{}", escape_pointer_segment(name));
            merged.properties.insert(name.clone(), schema.into());
            merged.pointers.insert(name.clone(), property_pointer);
        }
        merged.required.extend(required.iter().cloned());
    }

    /// Whether an `allOf` branch carries only annotations (a description, `type: object`).
    fn is_annotation_only(schema: &Schema) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                o.properties.is_empty()
                    && o.additional_properties.is_none()
                    && o.required.is_empty()
            }
            SchemaKind::Any(any) => {
                any.properties.is_empty()
                    && any.items.is_none()
                    && any.enumeration.is_empty()
                    && any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.additional_properties.is_none()
                    && matches!(any.typ.as_deref(), None | Some("object"))
            }
            _ => false,
        }
    }

    fn lower_all_of(
        &mut self,
        branches: &'a [ReferenceOr<Schema>],
        ctx: &Ctx,
        docs: Option<String>,
        deprecated: bool,
        named: bool,
    ) -> Result<TypeRef> {
        let significant: Vec<(usize, SchemaRef<'a>)> = branches
            .iter()
            .enumerate()
            .map(|(i, b)| (i, SchemaRef::from(b)))
            .filter(|(_, b)| !matches!(b, SchemaRef::Item(s) if Self::is_annotation_only(s)))
            .collect();
        // `allOf: [$ref, {description}]` is a reference with a description: no new type (a
        // component of that shape becomes an alias of the referenced type).
        if let [(index, branch)] = significant[..] {
            let branch_ctx = Ctx {
                pointer: format!("{}/allOf/{index}", ctx.pointer),
                ..ctx.clone()
            };
            return match branch {
                SchemaRef::Ref(_) => self.lower(branch, &branch_ctx),
                SchemaRef::Item(schema) => self.lower_schema_as(schema, &branch_ctx, named),
            };
        }
        let mut merged = Merged {
            docs,
            ..Default::default()
        };
        let mut stack = Vec::new();
        self.merge_all_of(
            branches,
            &format!("{}/allOf", ctx.pointer),
            &mut merged,
            &mut stack,
        )?;
        self.define_struct(ctx, merged, deprecated)
    }

    fn merge_all_of(
        &self,
        branches: &'a [ReferenceOr<Schema>],
        pointer: &str,
        merged: &mut Merged<'a>,
        stack: &mut Vec<String>,
    ) -> Result<()> {
        for (index, branch) in branches.iter().enumerate() {
            let branch_pointer = format!("{pointer}/{index}");
            if let ReferenceOr::Reference { reference } = branch {
                if stack.contains(reference) {
                    stack.push(reference.clone());
                    return fail(
                        branch_pointer,
                        format!("reference cycle through allOf: {}", stack.join(" -> ")),
                    );
                }
                stack.push(reference.clone());
            }
            let (schema, schema_pointer) = self.resolve(branch.into(), &branch_pointer)?;
            match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => {
                    self.merge_all_of(all_of, &format!("{schema_pointer}/allOf"), merged, stack)?
                }
                SchemaKind::Any(any) if !any.all_of.is_empty() => {
                    self.merge_all_of(
                        &any.all_of,
                        &format!("{schema_pointer}/allOf"),
                        merged,
                        stack,
                    )?;
                    self.collect_properties(
                        merged,
                        &any.properties,
                        &any.required,
                        &schema_pointer,
                    );
                }
                SchemaKind::Type(Type::Object(o)) => {
                    self.collect_properties(merged, &o.properties, &o.required, &schema_pointer);
                    merged.additional = merged.additional.or(o.additional_properties.as_ref());
                }
                SchemaKind::Any(any) => {
                    self.collect_properties(
                        merged,
                        &any.properties,
                        &any.required,
                        &schema_pointer,
                    );
                    merged.additional = merged.additional.or(any.additional_properties.as_ref());
                }
                _ => {
                    return fail(
                        branch_pointer,
                        "allOf branch is not an object; only objects can be merged into one struct",
                    );
                }
            }
            if merged.docs.is_none() {
                merged.docs = schema
                    .schema_data
                    .description
                    .as_deref()
                    .and_then(docs::markdown);
            }
            if matches!(branch, ReferenceOr::Reference { .. }) {
                stack.pop();
            }
        }
        Ok(())
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
            out.push(UnionVariant { name, ty });
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

    fn define_enum(
        &mut self,
        ctx: &Ctx,
        docs: Option<String>,
        deprecated: bool,
        values: &[String],
    ) -> TypeRef {
        let mut names = Namespace::with_reserved(&["Unknown"]);
        let variants = values
            .iter()
            .map(|wire| Variant {
                name: names.claim(&camel(wire)),
                wire_name: wire.clone(),
            })
            .collect();
        self.define(
            ctx,
            docs,
            deprecated,
            TypeKind::Enum(StringEnum { variants }),
        )
    }

    fn define_struct(
        &mut self,
        ctx: &Ctx,
        merged: Merged<'a>,
        deprecated: bool,
    ) -> Result<TypeRef> {
        // Reserve the name before lowering fields, so nested types are named after it.
        let name = self.claim_type_name(ctx);
        let struct_ctx = Ctx::new(name.clone(), ctx.pointer.clone());
        let mut field_names = Namespace::default();
        let mut fields = Vec::with_capacity(merged.properties.len());
        for (wire_name, schema) in &merged.properties {
            let pointer = merged.pointers[wire_name].clone();
            let field_ctx = Ctx::new(format!("{name}{}", camel(wire_name)), pointer.clone());
            let meta = self.property_meta(*schema, &pointer)?;
            let ty = self.lower(*schema, &field_ctx)?;
            fields.push(Field {
                name: field_names.claim(&snake(wire_name)),
                wire_name: wire_name.clone(),
                ty,
                optional: !merged.required.contains(wire_name) || meta.nullable,
                boxed: false,
                read_only: meta.read_only,
                deprecated: meta.deprecated,
                docs: meta.docs,
            });
        }
        let additional = match merged.additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value_ctx = struct_ctx.child(format!("{name}Value"), "additionalProperties");
                Some(self.lower((&**value).into(), &value_ctx)?)
            }
            _ => None,
        };
        let def = TypeDef {
            name: name.clone(),
            origin: ctx.pointer.clone(),
            docs: merged.docs,
            deprecated,
            kind: TypeKind::Struct(Struct {
                fields,
                additional,
                derive_default: false,
                in_request: false,
            }),
            usage: Usage::default(),
        };
        self.types.insert(name.clone(), def);
        Ok(TypeRef::Named(name))
    }

    /// Description and flags of a property: from its own schema, its `allOf` annotation branches,
    /// and, through `$ref`, the nullability of the referenced schema.
    fn property_meta(&self, schema: SchemaRef<'a>, pointer: &str) -> Result<PropertyMeta> {
        let mut meta = PropertyMeta::default();
        match schema {
            SchemaRef::Ref(_) => {
                let (target, _) = self.resolve(schema, pointer)?;
                meta.nullable = target.schema_data.nullable;
            }
            SchemaRef::Item(s) => {
                let data = &s.schema_data;
                meta.nullable = data.nullable;
                meta.read_only = data.read_only;
                meta.deprecated = data.deprecated;
                meta.docs = data.description.as_deref().and_then(docs::markdown);
                let branches = match &s.schema_kind {
                    SchemaKind::AllOf { all_of } => Some(all_of),
                    SchemaKind::Any(any) if !any.all_of.is_empty() => Some(&any.all_of),
                    _ => None,
                };
                for branch in branches.into_iter().flatten() {
                    let (target, _) = self.resolve(branch.into(), pointer)?;
                    let data = &target.schema_data;
                    meta.nullable |= data.nullable;
                    if let ReferenceOr::Item(_) = branch {
                        meta.read_only |= data.read_only;
                        meta.deprecated |= data.deprecated;
                        if meta.docs.is_none() {
                            meta.docs = data.description.as_deref().and_then(docs::markdown);
                        }
                    }
                }
            }
        }
        Ok(meta)
    }

    fn claim_type_name(&mut self, ctx: &Ctx) -> String {
        if ctx.claimed {
            ctx.name.clone()
        } else {
            self.type_names.claim(&ctx.name)
        }
    }

    fn define(
        &mut self,
        ctx: &Ctx,
        docs: Option<String>,
        deprecated: bool,
        kind: TypeKind,
    ) -> TypeRef {
        let name = self.claim_type_name(ctx);
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                origin: ctx.pointer.clone(),
                docs,
                deprecated,
                kind,
                usage: Usage::default(),
            },
        );
        TypeRef::Named(name)
    }

    // ----- auth --------------------------------------------------------------------------------

    fn lower_auth(&self) -> Result<Vec<AuthScheme>> {
        let mut methods = Namespace::with_reserved(CLIENT_BUILDER_METHODS);
        let mut out = Vec::new();
        for (key, scheme) in self
            .doc
            .components
            .iter()
            .flat_map(|c| c.security_schemes.iter())
        {
            let pointer = format!(
                "#/components/securitySchemes/{}",
                escape_pointer_segment(key)
            );
            let ReferenceOr::Item(scheme) = scheme else {
                return fail(
                    pointer,
                    "a `$ref` security scheme is not supported; define it inline",
                );
            };
            let (kind, description, method) = match scheme {
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("bearer") => {
                    (AuthKind::Bearer { oauth2: false }, description, snake(key))
                }
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("basic") => {
                    (AuthKind::Basic, description, snake(key))
                }
                SecurityScheme::HTTP { scheme, .. } => {
                    return fail(
                        pointer,
                        format!(
                            "HTTP authentication scheme `{scheme}` is not supported (bearer and basic are)"
                        ),
                    );
                }
                SecurityScheme::OAuth2 { description, .. }
                | SecurityScheme::OpenIDConnect { description, .. } => (
                    AuthKind::Bearer { oauth2: true },
                    description,
                    format!("{}_access_token", naming::unraw(&snake(key))),
                ),
                SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => match location {
                    openapiv3::APIKeyLocation::Header => (
                        AuthKind::ApiKeyHeader { name: name.clone() },
                        description,
                        snake(key),
                    ),
                    openapiv3::APIKeyLocation::Query => (
                        AuthKind::ApiKeyQuery { name: name.clone() },
                        description,
                        snake(key),
                    ),
                    openapiv3::APIKeyLocation::Cookie => {
                        return fail(
                            pointer,
                            "API keys in cookies are not supported (header and query are)",
                        );
                    }
                },
            };
            out.push(AuthScheme {
                key: key.clone(),
                method: methods.claim(&method),
                kind,
                docs: description.as_deref().and_then(docs::markdown),
            });
        }
        Ok(out)
    }

    // ----- operations --------------------------------------------------------------------------

    fn operations(&self) -> Result<Vec<RawOperation<'a>>> {
        let mut out = Vec::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in self.doc.paths.iter() {
            let path_pointer = format!("#/paths/{}", escape_pointer_segment(path));
            let ReferenceOr::Item(item) = item else {
                return fail(
                    path_pointer,
                    "a `$ref` path item is not supported; define the path inline",
                );
            };
            for (method, operation) in item.iter() {
                let pointer = format!("{path_pointer}/{method}");
                let id = match &operation.operation_id {
                    Some(id) => {
                        if let Some(first) = ids.get(id) {
                            return fail(
                                format!("{pointer}/operationId"),
                                format!("duplicate operationId `{id}`; it is also used at {first}"),
                            );
                        }
                        id.clone()
                    }
                    None => derived_operation_id(method, path),
                };
                ids.insert(id.clone(), pointer.clone());
                out.push(RawOperation {
                    id,
                    method,
                    path,
                    item,
                    operation,
                    pointer,
                });
            }
        }
        Ok(out)
    }

    fn parameters(&self, raw: &RawOperation<'a>) -> Result<Vec<(&'a Parameter, String)>> {
        let mut merged: Vec<(&'a Parameter, String)> = Vec::new();
        let path_pointer = raw
            .pointer
            .rsplit_once('/')
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        let levels = [
            (&raw.item.parameters, format!("{path_pointer}/parameters")),
            (
                &raw.operation.parameters,
                format!("{}/parameters", raw.pointer),
            ),
        ];
        for (params, base) in levels {
            for (index, param) in params.iter().enumerate() {
                let pointer = format!("{base}/{index}");
                let param = self.resolve_parameter(param, &pointer)?;
                let data = param.parameter_data_ref();
                let location = std::mem::discriminant(param);
                // Operation-level parameters replace path-level ones of the same name and place.
                merged.retain(|(p, _)| {
                    !(p.parameter_data_ref().name == data.name
                        && std::mem::discriminant(*p) == location)
                });
                merged.push((param, pointer));
            }
        }
        Ok(merged)
    }

    fn resolve_parameter(
        &self,
        param: &'a ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Result<&'a Parameter> {
        let mut current = param;
        let mut seen = Vec::new();
        loop {
            match current {
                ReferenceOr::Item(p) => return Ok(p),
                ReferenceOr::Reference { reference } => {
                    let Some(key) = component_key(reference, "parameters") else {
                        return fail(
                            pointer,
                            format!(
                                "unsupported `$ref` `{reference}`: expected `#/components/parameters/<name>`"
                            ),
                        );
                    };
                    if seen.contains(&key) {
                        seen.push(key);
                        return fail(pointer, format!("reference cycle: {}", seen.join(" -> ")));
                    }
                    current = self
                        .doc
                        .components
                        .as_ref()
                        .and_then(|c| c.parameters.get(&key))
                        .ok_or_else(|| LowerError {
                            pointer: pointer.to_owned(),
                            message: format!("unresolved `$ref`: `{reference}` does not exist"),
                        })?;
                    seen.push(key);
                }
            }
        }
    }

    fn resolve_component<T>(
        &self,
        value: &'a ReferenceOr<T>,
        section: &str,
        lookup: impl Fn(&'a openapiv3::Components) -> &'a IndexMap<String, ReferenceOr<T>>,
        pointer: &str,
    ) -> Result<&'a T> {
        let mut current = value;
        let mut seen = Vec::new();
        loop {
            match current {
                ReferenceOr::Item(item) => return Ok(item),
                ReferenceOr::Reference { reference } => {
                    let Some(key) = component_key(reference, section) else {
                        return fail(
                            pointer,
                            format!(
                                "unsupported `$ref` `{reference}`: expected `#/components/{section}/<name>`"
                            ),
                        );
                    };
                    if seen.contains(&key) {
                        seen.push(key);
                        return fail(pointer, format!("reference cycle: {}", seen.join(" -> ")));
                    }
                    current = self
                        .doc
                        .components
                        .as_ref()
                        .and_then(|c| lookup(c).get(&key))
                        .ok_or_else(|| LowerError {
                            pointer: pointer.to_owned(),
                            message: format!("unresolved `$ref`: `{reference}` does not exist"),
                        })?;
                    seen.push(key);
                }
            }
        }
    }

    /// Names every enum-valued parameter type up front, so identical enums are shared between
    /// operations under one readable name.
    fn name_param_enums(&mut self) -> Result<()> {
        // (wire name, values) -> the operations using that enum, and whether as an array.
        type Users = Vec<(String, bool)>;
        let mut groups: IndexMap<(String, Vec<String>), Users> = IndexMap::new();
        for raw in self.operations()? {
            for (param, _) in self.parameters(&raw)? {
                let data = param.parameter_data_ref();
                if let Some((values, is_array)) = param_enum_values(param) {
                    groups
                        .entry((data.name.clone(), values))
                        .or_default()
                        .push((raw.id.clone(), is_array));
                }
            }
        }
        for ((wire, values), users) in groups {
            let is_array = users.iter().any(|(_, array)| *array);
            let mut ops: Vec<String> = users.into_iter().map(|(id, _)| id).collect();
            // Sorted, so the name and docs do not depend on the order of the spec's paths.
            ops.sort();
            let base = if is_array {
                camel(&singular(&wire))
            } else {
                camel(&wire)
            };
            let prefix = if ops.len() == 1 {
                camel(&ops[0])
            } else {
                common_suffix_words(&ops).unwrap_or_else(|| camel(&ops[0]))
            };
            let ctx = Ctx::new(format!("{prefix}{base}"), String::new());
            let TypeRef::Named(name) = self.define_enum(&ctx, None, false, &values) else {
                unreachable!("define_enum always returns a named type")
            };
            if let Some(def) = self.types.get_mut(&name) {
                def.docs = Some(format!(
                    "Values of the `{wire}` parameter of {}.",
                    ops.iter()
                        .map(|o| format!("`{o}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            self.param_enums.insert((wire, values), name);
        }
        Ok(())
    }

    fn lower_operations(&mut self) -> Result<Vec<Operation>> {
        let mut fn_names = Namespace::default();
        let mut builder_names: BTreeMap<String, Namespace> = BTreeMap::new();
        let mut out = Vec::new();
        for raw in self.operations()? {
            let op = self.lower_operation(&raw, &mut fn_names, &mut builder_names)?;
            out.push(op);
        }
        Ok(out)
    }

    fn lower_operation(
        &mut self,
        raw: &RawOperation<'a>,
        fn_names: &mut Namespace,
        builder_names: &mut BTreeMap<String, Namespace>,
    ) -> Result<Operation> {
        let operation = raw.operation;
        let op_camel = camel(&raw.id);
        let tag = operation
            .tags
            .first()
            .cloned()
            .unwrap_or_else(|| "default".to_owned());
        let module = naming::unraw(&snake(&tag)).to_owned();
        let fn_name = fn_names.claim(&snake(&raw.id));
        // Builders never take a prelude name, so operations modules can use the prelude plainly.
        let builder_name = builder_names
            .entry(module.clone())
            .or_insert_with(|| Namespace::with_reserved(naming::PRELUDE_NAMES))
            .claim(&op_camel);

        // Parameters.
        let mut param_names = Namespace::with_reserved(BUILDER_METHODS);
        let mut params = Vec::new();
        for (param, pointer) in self.parameters(raw)? {
            params.push(self.lower_param(param, &pointer, &op_camel, &mut param_names)?);
        }
        let path_parts = parse_path(raw.path, &raw.pointer)?;
        for part in &path_parts {
            if let PathPart::Param(name) = part {
                if !params
                    .iter()
                    .any(|p| p.location == ParamLocation::Path && p.wire_name == *name)
                {
                    return fail(
                        raw.pointer.clone(),
                        format!(
                            "path parameter `{{{name}}}` in `{}` is not declared in `parameters`",
                            raw.path
                        ),
                    );
                }
            }
        }
        if let Some(p) = params.iter().find(|p| {
            p.location == ParamLocation::Path
                && !path_parts.contains(&PathPart::Param(p.wire_name.clone()))
        }) {
            return fail(
                raw.pointer.clone(),
                format!(
                    "path parameter `{}` is declared but `{}` has no `{{{}}}`",
                    p.wire_name, raw.path, p.wire_name
                ),
            );
        }

        // Request body.
        let body = match &operation.request_body {
            None => None,
            Some(body) => {
                let pointer = format!("{}/requestBody", raw.pointer);
                let body =
                    self.resolve_component(body, "requestBodies", |c| &c.request_bodies, &pointer)?;
                Some(self.lower_body(body, &pointer, &op_camel)?)
            }
        };

        // Responses.
        let (response, error) = self.lower_responses(raw, &op_camel)?;
        let pagination = self.detect_pagination(&params, &response);

        let security = operation.security.as_ref().or(self.doc.security.as_ref());
        let mut scopes: Vec<String> = Vec::new();
        for requirement in security.into_iter().flatten() {
            for (scheme, required) in requirement {
                let is_oauth = self
                    .doc
                    .components
                    .as_ref()
                    .and_then(|c| c.security_schemes.get(scheme))
                    .is_some_and(|s| {
                        matches!(
                            s,
                            ReferenceOr::Item(
                                SecurityScheme::OAuth2 { .. }
                                    | SecurityScheme::OpenIDConnect { .. }
                            )
                        )
                    });
                if is_oauth {
                    for scope in required {
                        if !scopes.contains(scope) {
                            scopes.push(scope.clone());
                        }
                    }
                }
            }
        }

        Ok(Operation {
            id: raw.id.clone(),
            fn_name,
            builder_name,
            module,
            tag,
            method: parse_method(raw.method),
            path: raw.path.to_owned(),
            path_parts,
            summary: operation
                .summary
                .as_deref()
                .map(|s| docs::first_line(s).to_owned())
                .filter(|s| !s.is_empty()),
            docs: operation.description.as_deref().and_then(docs::markdown),
            deprecated: operation.deprecated,
            scopes,
            params,
            body,
            response,
            error,
            pagination,
            origin: raw.pointer.clone(),
        })
    }

    fn lower_param(
        &mut self,
        param: &'a Parameter,
        pointer: &str,
        op_camel: &str,
        names: &mut Namespace,
    ) -> Result<Param> {
        let data = param.parameter_data_ref();
        let (location, style) = match param {
            Parameter::Path { .. } => (ParamLocation::Path, None),
            Parameter::Header { .. } => (ParamLocation::Header, None),
            Parameter::Query { style, .. } => (ParamLocation::Query, Some(style)),
            Parameter::Cookie { .. } => {
                return fail(pointer, "cookie parameters are not supported");
            }
        };
        if let Some(
            openapiv3::QueryStyle::DeepObject
            | openapiv3::QueryStyle::SpaceDelimited
            | openapiv3::QueryStyle::PipeDelimited,
        ) = style
        {
            return fail(
                pointer,
                format!(
                    "query parameter `{}`: only `style: form` is supported",
                    data.name
                ),
            );
        }
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return fail(
                pointer,
                format!(
                    "parameter `{}` uses `content`; only `schema` is supported",
                    data.name
                ),
            );
        };
        let schema_pointer = format!("{pointer}/schema");
        let ty = match param_enum_values(param) {
            Some((values, is_array)) => {
                let name = TypeRef::Named(self.param_enums[&(data.name.clone(), values)].clone());
                if is_array {
                    TypeRef::Vec(Box::new(name))
                } else {
                    name
                }
            }
            None => self.lower(
                schema.into(),
                &Ctx::new(
                    format!("{op_camel}{}", camel(&data.name)),
                    schema_pointer.clone(),
                ),
            )?,
        };
        let (resolved, _) = self.resolve(schema.into(), &schema_pointer)?;
        let bounds = match &resolved.schema_kind {
            SchemaKind::Type(Type::Integer(i)) => (i.minimum, i.maximum),
            _ => (None, None),
        };
        let style = match (&ty, location) {
            (TypeRef::Vec(_), ParamLocation::Query) if data.explode == Some(false) => {
                Style::CommaSeparated
            }
            (TypeRef::Vec(_), ParamLocation::Query) => Style::Repeated,
            (TypeRef::Vec(_), _) => Style::CommaSeparated,
            _ => Style::Single,
        };
        if matches!(ty, TypeRef::Map(_))
            || matches!(&ty, TypeRef::Named(n) if matches!(self.types.get(n).map(|t| &t.kind), Some(TypeKind::Struct(_))))
        {
            return fail(
                schema_pointer,
                format!(
                    "parameter `{}` is an object; object parameters are not supported",
                    data.name
                ),
            );
        }
        Ok(Param {
            name: names.claim(&snake(&data.name)),
            wire_name: data.name.clone(),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            style,
            docs: data.description.as_deref().and_then(docs::markdown),
            deprecated: data.deprecated.unwrap_or(false),
            bounds,
        })
    }

    /// An object whose only property is `data`: the `{"data": ...}` envelope. Returns the inner schema.
    fn envelope(
        &self,
        schema: SchemaRef<'a>,
        pointer: &str,
    ) -> Result<Option<(SchemaRef<'a>, String)>> {
        let (resolved, resolved_pointer) = self.resolve(schema, pointer)?;
        let properties = match &resolved.schema_kind {
            SchemaKind::Type(Type::Object(o)) => &o.properties,
            SchemaKind::Any(a) => &a.properties,
            _ => return Ok(None),
        };
        if properties.len() != 1 {
            return Ok(None);
        }
        Ok(properties
            .get("data")
            .map(|inner| (inner.into(), format!("{resolved_pointer}/properties/data"))))
    }

    fn lower_body(
        &mut self,
        body: &'a openapiv3::RequestBody,
        pointer: &str,
        op_camel: &str,
    ) -> Result<Body> {
        let docs = body.description.as_deref().and_then(docs::markdown);
        if let Some((media_type, content)) = body.content.iter().find(|(k, _)| is_json(k)) {
            let content_pointer =
                format!("{pointer}/content/{}", escape_pointer_segment(media_type));
            let Some(schema) = &content.schema else {
                return fail(content_pointer, "request body has no schema");
            };
            let schema_pointer = format!("{content_pointer}/schema");
            let ctx = Ctx::new(format!("{op_camel}Body"), schema_pointer.clone());
            let (ty, envelope) = match self.envelope(schema.into(), &schema_pointer)? {
                Some((inner, inner_pointer)) => (
                    self.lower(inner, &ctx.at(inner_pointer))?,
                    Some("data".to_owned()),
                ),
                None => (self.lower(schema.into(), &ctx)?, None),
            };
            return Ok(Body {
                encoding: BodyEncoding::Json,
                ty,
                envelope,
                required: body.required,
                docs,
            });
        }
        if let Some((media_type, content)) = body
            .content
            .iter()
            .find(|(k, _)| k.starts_with("multipart/form-data"))
        {
            let content_pointer =
                format!("{pointer}/content/{}", escape_pointer_segment(media_type));
            let Some(schema) = &content.schema else {
                return fail(content_pointer, "multipart request body has no schema");
            };
            let schema_pointer = format!("{content_pointer}/schema");
            let ctx = Ctx::new(format!("{op_camel}Body"), schema_pointer);
            let ty = self.lower(schema.into(), &ctx)?;
            let TypeRef::Named(name) = &ty else {
                return fail(ctx.pointer, "a multipart body must be an object");
            };
            let Some(TypeDef {
                kind: TypeKind::Struct(s),
                ..
            }) = self.types.get(name)
            else {
                return fail(ctx.pointer, "a multipart body must be an object");
            };
            let fields = s
                .fields
                .iter()
                .map(|f| MultipartField {
                    name: f.name.clone(),
                    wire_name: f.wire_name.clone(),
                    file: f.ty == TypeRef::Binary,
                    optional: f.optional,
                })
                .collect();
            return Ok(Body {
                encoding: BodyEncoding::Multipart(fields),
                ty,
                envelope: None,
                required: body.required,
                docs,
            });
        }
        let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
        fail(
            format!("{pointer}/content"),
            format!(
                "request body content type {} is not supported (application/json and multipart/form-data are)",
                types.join(", ")
            ),
        )
    }

    fn lower_responses(
        &mut self,
        raw: &RawOperation<'a>,
        op_camel: &str,
    ) -> Result<(Response, ErrorShape)> {
        let responses = &raw.operation.responses;
        let base = format!("{}/responses", raw.pointer);
        let mut success: Option<Response> = None;
        let mut errors: Vec<(Option<u16>, TypeRef)> = Vec::new();
        let mut entries: Vec<(Option<u16>, &'a ReferenceOr<openapiv3::Response>)> = responses
            .responses
            .iter()
            .map(|(code, r)| {
                (
                    Some(match code {
                        StatusCode::Code(c) => *c,
                        StatusCode::Range(r) => r * 100,
                    }),
                    r,
                )
            })
            .collect();
        entries.sort_by_key(|(code, _)| *code);
        if let Some(default) = &responses.default {
            entries.push((None, default));
        }
        for (code, response) in entries {
            let key = code.map_or_else(|| "default".to_owned(), |c| c.to_string());
            let pointer = format!("{base}/{key}");
            let response =
                self.resolve_component(response, "responses", |c| &c.responses, &pointer)?;
            let json = response.content.iter().find(|(k, _)| is_json(k));
            let is_success = code.is_some_and(|c| (200..300).contains(&c));
            if is_success {
                if success.is_some() {
                    continue;
                }
                let lowered = match json {
                    None if !response.content.is_empty() => {
                        let types: Vec<&str> =
                            response.content.keys().map(String::as_str).collect();
                        return fail(
                            format!("{pointer}/content"),
                            format!(
                                "success response content type {} is not supported yet (JSON is); \
                                 the body would be lost",
                                types.join(", ")
                            ),
                        );
                    }
                    None => Response::Empty,
                    Some((media_type, content)) => match &content.schema {
                        None => Response::Empty,
                        Some(schema) => {
                            let schema_pointer = format!(
                                "{pointer}/content/{}/schema",
                                escape_pointer_segment(media_type)
                            );
                            let ctx =
                                Ctx::new(format!("{op_camel}Response"), schema_pointer.clone());
                            match self.envelope(schema.into(), &schema_pointer)? {
                                Some((inner, inner_pointer)) => {
                                    let (resolved, _) = self.resolve(inner, &inner_pointer)?;
                                    if is_empty_object(resolved) {
                                        Response::Empty
                                    } else {
                                        let ty = self.lower(inner, &ctx.at(inner_pointer))?;
                                        Response::Json {
                                            ty,
                                            envelope: Some("data".to_owned()),
                                        }
                                    }
                                }
                                None => Response::Json {
                                    ty: self.lower(schema.into(), &ctx)?,
                                    envelope: None,
                                },
                            }
                        }
                    },
                };
                success = Some(lowered);
            } else if code.is_none_or(|c| c >= 400) {
                let ty = match json.and_then(|(m, c)| c.schema.as_ref().map(|s| (m, s))) {
                    None => TypeRef::Json,
                    Some((media_type, schema)) => {
                        let schema_pointer = format!(
                            "{pointer}/content/{}/schema",
                            escape_pointer_segment(media_type)
                        );
                        self.lower(
                            schema.into(),
                            &Ctx::new(format!("{op_camel}Error{key}"), schema_pointer),
                        )?
                    }
                };
                errors.push((code, ty));
            }
        }
        let response = success.unwrap_or(Response::Empty);
        let mut distinct: Vec<&TypeRef> = Vec::new();
        for (_, ty) in &errors {
            if !distinct.contains(&ty) {
                distinct.push(ty);
            }
        }
        let error = match distinct.len() {
            0 => ErrorShape::Single(TypeRef::Json),
            1 => ErrorShape::Single(distinct[0].clone()),
            _ => {
                // The most common body type covers every other status; the rest get a case each.
                let common = distinct
                    .iter()
                    .max_by_key(|ty| {
                        (
                            errors.iter().filter(|(_, t)| t == **ty).count(),
                            std::cmp::Reverse(distinct.iter().position(|d| d == *ty)),
                        )
                    })
                    .map(|ty| (*ty).clone())
                    .unwrap_or(TypeRef::Json);
                let mut names = Namespace::with_reserved(&["Other"]);
                let mut cases: Vec<ErrorCase> = errors
                    .iter()
                    .filter(|(_, ty)| *ty != common)
                    .map(|(status, ty)| ErrorCase {
                        status: *status,
                        variant: names
                            .claim(&status.map_or_else(|| "Default".to_owned(), status_variant)),
                        ty: ty.clone(),
                    })
                    .collect();
                cases.push(ErrorCase {
                    status: None,
                    variant: "Other".to_owned(),
                    ty: common,
                });
                ErrorShape::ByStatus {
                    name: self.type_names.claim(&format!("{op_camel}Error")),
                    cases,
                }
            }
        };
        Ok((response, error))
    }

    fn detect_pagination(&self, params: &[Param], response: &Response) -> Option<Pagination> {
        let offset = params.iter().find(|p| {
            p.wire_name == "offset" && p.location == ParamLocation::Query && !p.required
        })?;
        let limit = params
            .iter()
            .find(|p| p.wire_name == "limit" && p.location == ParamLocation::Query && !p.required);
        let Response::Json {
            ty: TypeRef::Named(page),
            envelope: None,
        } = response
        else {
            return None;
        };
        let TypeKind::Struct(page_struct) = &self.types.get(page)?.kind else {
            return None;
        };
        let items = page_struct.fields.iter().find(|f| f.wire_name == "data")?;
        let TypeRef::Vec(item) = &items.ty else {
            return None;
        };
        let next = page_struct
            .fields
            .iter()
            .find(|f| f.wire_name == "next_page")?;
        let TypeRef::Named(next_name) = &next.ty else {
            return None;
        };
        let next_def = self.types.get(next_name)?;
        let next_struct = match &next_def.kind {
            TypeKind::Struct(s) => s,
            TypeKind::Alias(TypeRef::Named(target)) => match &self.types.get(target)?.kind {
                TypeKind::Struct(s) => s,
                _ => return None,
            },
            _ => return None,
        };
        let offset_field = next_struct
            .fields
            .iter()
            .find(|f| f.wire_name == "offset" && f.ty == TypeRef::String)?;
        Some(Pagination {
            page_type: page.clone(),
            item: (**item).clone(),
            items_field: items.name.clone(),
            next_field: next.name.clone(),
            offset_field: offset_field.name.clone(),
            offset_param: offset.name.clone(),
            limit_param: limit.map(|l| l.name.clone()),
            max_limit: limit.and_then(|l| l.bounds.1),
        })
    }
}

/// The values of an inline string-enum parameter (or of its inline array items), and whether
/// it is an array.
fn param_enum_values(param: &Parameter) -> Option<(Vec<String>, bool)> {
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) =
        &param.parameter_data_ref().format
    else {
        return None;
    };
    let (target, is_array) = match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => match &a.items {
            Some(ReferenceOr::Item(items)) => (&**items, true),
            _ => return None,
        },
        _ => (schema, false),
    };
    match &target.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            Some((s.enumeration.iter().flatten().cloned().collect(), is_array))
        }
        _ => None,
    }
}

#[derive(Default)]
struct PropertyMeta {
    nullable: bool,
    read_only: bool,
    deprecated: bool,
    docs: Option<String>,
}

struct RawOperation<'a> {
    id: String,
    method: &'a str,
    path: &'a str,
    item: &'a openapiv3::PathItem,
    operation: &'a openapiv3::Operation,
    pointer: String,
}

/// The single error type used by the most operations (ties go to the first in order).
fn most_common_error(operations: &[Operation]) -> Option<TypeRef> {
    let mut counts: Vec<(&TypeRef, usize)> = Vec::new();
    for op in operations {
        if let ErrorShape::Single(ty) = &op.error {
            match counts.iter_mut().find(|(t, _)| *t == ty) {
                Some((_, n)) => *n += 1,
                None => counts.push((ty, 1)),
            }
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(ty, _)| ty.clone())
}

fn component_key(reference: &str, section: &str) -> Option<String> {
    let prefix = format!("#/components/{section}/");
    let key = reference.strip_prefix(&prefix)?;
    (!key.is_empty() && !key.contains('/')).then(|| crate::load::unescape_pointer_segment(key))
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

fn is_empty_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.is_empty() && o.additional_properties.is_none()
        }
        SchemaKind::Any(a) => {
            a.properties.is_empty()
                && a.items.is_none()
                && a.all_of.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
                && matches!(a.typ.as_deref(), Some("object"))
        }
        _ => false,
    }
}

fn parse_method(method: &str) -> Method {
    match method {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Trace,
    }
}

fn parse_path(path: &str, pointer: &str) -> Result<Vec<PathPart>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let Some(close) = rest[open..].find('}') else {
            return fail(pointer, format!("unclosed `{{` in path `{path}`"));
        };
        parts.push(PathPart::Param(rest[open + 1..open + close].to_owned()));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    Ok(parts)
}

/// `get /webhooks/{webhook_gid}` -> `getWebhooksByWebhookGid`.
fn derived_operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            id.push_str("By");
            id.push_str(&camel(param));
        } else {
            id.push_str(&camel(segment));
        }
    }
    id
}

/// The CamelCase words the operation ids end with in common: `getWebhook`, `createWebhook` -> `Webhook`.
fn common_suffix_words(ids: &[String]) -> Option<String> {
    let split = |id: &String| -> Vec<String> {
        let camel = camel(id);
        let mut words = Vec::new();
        let mut current = String::new();
        for c in camel.chars() {
            if c.is_uppercase() && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            current.push(c);
        }
        words.push(current);
        words
    };
    let all: Vec<Vec<String>> = ids.iter().map(split).collect();
    let shortest = all.iter().map(Vec::len).min()?;
    let mut common = Vec::new();
    for i in 1..shortest {
        let word = &all[0][all[0].len() - i];
        if all.iter().all(|w| &w[w.len() - i] == word) {
            common.insert(0, word.clone());
        } else {
            break;
        }
    }
    (!common.is_empty()).then(|| common.concat())
}

fn status_variant(status: u16) -> String {
    match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        424 => "FailedDependency",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    }
    .to_owned()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_suffix() {
        let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            common_suffix_words(&ids(&["getWebhook", "createWebhook", "updateWebhook"])),
            Some("Webhook".into())
        );
        assert_eq!(
            common_suffix_words(&ids(&["getTasksForProject", "getTasksForSection"])),
            None
        );
        assert_eq!(common_suffix_words(&ids(&["a", "b"])), None);
    }

    #[test]
    fn derived_ids() {
        assert_eq!(
            derived_operation_id("get", "/webhooks/{webhook_gid}"),
            "getWebhooksByWebhookGid"
        );
        assert_eq!(derived_operation_id("post", "/a-b/c.d"), "postABCD");
    }

    #[test]
    fn path_templates() {
        let parts = parse_path("/webhooks/{webhook_gid}/x", "#").unwrap();
        assert_eq!(
            parts,
            vec![
                PathPart::Literal("/webhooks/".into()),
                PathPart::Param("webhook_gid".into()),
                PathPart::Literal("/x".into())
            ]
        );
        assert!(parse_path("/a/{b", "#").is_err());
    }
}

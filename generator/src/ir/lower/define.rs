//! Defining named types: claiming their names, structs from merged properties, string enums,
//! and the per-property facts (nullability, `readOnly`, docs) a field needs.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};

use super::refs::component_pointer;
use super::{Ctx, Lowerer, Result, SchemaRef, docs, fail_config};
use crate::config::FieldRename;
use crate::ir::model::*;
use crate::ir::naming::{self, Namespace, camel, snake, unraw};
use crate::pointer;

/// The properties of an object schema after `allOf` merging.
#[derive(Default)]
pub(super) struct Merged<'a> {
    /// By wire name, in order; a later branch's property replaces an earlier one in place.
    pub(super) properties: IndexMap<String, Property<'a>>,
    /// The properties a later branch replaced, by wire name: a value satisfies every branch,
    /// so one that forbids `null` makes the property non-nullable whichever branch wins.
    pub(super) replaced: Vec<(String, Property<'a>)>,
    /// Wire names any branch requires.
    pub(super) required: BTreeSet<String>,
    /// The first branch's `additionalProperties`.
    pub(super) additional: Option<Additional<'a>>,
    pub(super) docs: Option<String>,
}

/// One property of a struct being defined.
pub(super) enum Property<'a> {
    /// A schema, lowered when the struct is defined; `pointer` is where it is written.
    Schema {
        schema: SchemaRef<'a>,
        pointer: String,
    },
    /// A field of a base struct that is lowered already, and whether its schema is nullable.
    Inherited { field: Field, nullable: bool },
}

/// `additionalProperties` of a struct being defined.
pub(super) enum Additional<'a> {
    /// As written, lowered when the struct is defined.
    Schema(&'a AdditionalProperties),
    /// A base struct's, lowered already.
    Lowered(TypeRef),
}

/// What a struct's schemas said beyond its fields, for an `allOf` that reuses the struct: which
/// properties are required and which nullable (another branch may require a property, which
/// changes its presence).
#[derive(Default)]
pub(super) struct Requirements {
    pub(super) required: BTreeSet<String>,
    pub(super) nullable: BTreeSet<String>,
    /// Required names no property describes, whose fields take any JSON value: a struct that
    /// inherits them takes a description another branch gives instead.
    pub(super) undeclared: BTreeSet<String>,
}

impl<'a> Merged<'a> {
    /// Adds a property, replacing an earlier branch's of the same name in place (and keeping
    /// the earlier one in [`Merged::replaced`]).
    pub(super) fn insert(&mut self, name: String, property: Property<'a>) {
        if let Some(earlier) = self.properties.insert(name.clone(), property) {
            self.replaced.push((name, earlier));
        }
    }
}

impl<'a> Lowerer<'a> {
    pub(super) fn collect_properties(
        &self,
        merged: &mut Merged<'a>,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &str,
    ) {
        for (name, schema) in properties {
            let property = Property::Schema {
                schema: schema.into(),
                pointer: pointer::join(&format!("{pointer}/properties"), name),
            };
            merged.insert(name.clone(), property);
        }
        merged.required.extend(required.iter().cloned());
    }

    /// A string enum of `values` (repeats dropped: each value is one variant).
    pub(super) fn define_enum(
        &mut self,
        ctx: &Ctx,
        docs: Option<String>,
        deprecated: bool,
        values: &[String],
    ) -> TypeRef {
        let mut unique: Vec<&str> = Vec::with_capacity(values.len());
        for value in values {
            if !unique.contains(&value.as_str()) {
                unique.push(value);
            }
        }
        let names = naming::string_variants(unique.iter().copied());
        let variants = unique
            .iter()
            .zip(names)
            .map(|(wire, name)| Variant {
                name,
                wire_name: (*wire).to_owned(),
            })
            .collect();
        self.define(
            ctx,
            docs,
            deprecated,
            TypeKind::Enum(StringEnum { variants }),
        )
    }

    /// An integer enum of `values` (repeats dropped). Variants are named by the
    /// `x-enum-varnames` (or `x-enumNames`) extension where it names every value, else by
    /// value (`Value1`).
    pub(super) fn define_int_enum(
        &mut self,
        ctx: &Ctx,
        schema: &Schema,
        repr: IntRepr,
        values: &[i64],
    ) -> Result<TypeRef> {
        let data = &schema.schema_data;
        let given: Option<Vec<&str>> = ["x-enum-varnames", "x-enumNames"]
            .iter()
            .filter_map(|key| data.extensions.get(*key)?.as_array())
            .map(|names| names.iter().filter_map(|n| n.as_str()).collect::<Vec<_>>())
            .find(|names| names.len() == values.len());
        if repr == IntRepr::I32 {
            if let Some(value) = values.iter().find(|v| i32::try_from(**v).is_err()) {
                return super::fail(
                    format!("{}/enum", ctx.pointer),
                    format!("the enum value {value} does not fit its `format: int32`"),
                );
            }
        }
        let mut names = Namespace::with_reserved(naming::ENUM_VARIANTS);
        let mut variants: Vec<IntVariant> = Vec::with_capacity(values.len());
        for (index, value) in values.iter().enumerate() {
            if variants.iter().any(|v| v.value == *value) {
                continue;
            }
            let wanted = match &given {
                Some(given) => camel(given[index]),
                None => naming::int_variant(*value),
            };
            variants.push(IntVariant {
                name: naming::claim_variant(&mut names, &wanted),
                value: *value,
            });
        }
        Ok(self.define(
            ctx,
            data.description.as_deref().and_then(docs::markdown),
            data.deprecated,
            TypeKind::IntEnum(IntEnum { repr, variants }),
        ))
    }

    pub(super) fn define_struct(
        &mut self,
        ctx: &Ctx,
        merged: Merged<'a>,
        deprecated: bool,
    ) -> Result<TypeRef> {
        // Reserve the name before lowering fields, so nested types are named after it.
        let name = self.claim_type_name(ctx);
        let struct_ctx = Ctx::new(name.clone(), ctx.pointer.clone());
        let mut field_names = match &merged.additional {
            Some(Additional::Schema(AdditionalProperties::Schema(_)) | Additional::Lowered(_)) => {
                Namespace::with_reserved(&[naming::ADDITIONAL_PROPERTIES])
            }
            _ => Namespace::default(),
        };
        // The names the configuration gives the fields of this component, claimed first.
        let renames: Vec<&FieldRename> = self
            .config
            .renames
            .fields
            .iter()
            .filter(|r| component_pointer("schemas", &r.schema) == ctx.pointer)
            .collect();
        for rename in &renames {
            if field_names.claim(&rename.to) != rename.to {
                return fail_config(&rename.spot, format!("`{}` is taken", rename.to));
            }
        }
        let mut claim_field = |wire_name: &str| -> Result<String> {
            if let Some(rename) = renames.iter().find(|r| r.property == wire_name) {
                return Ok(rename.to.clone());
            }
            let wanted = snake(wire_name);
            if let Some(rename) = renames.iter().find(|r| r.to == wanted) {
                return fail_config(
                    &rename.spot,
                    format!("`{wanted}` is the field of the property `{wire_name}` already"),
                );
            }
            Ok(field_names.claim(&wanted))
        };
        let mut fields = Vec::with_capacity(merged.properties.len());
        let mut requirements = Requirements {
            required: merged.required,
            nullable: BTreeSet::new(),
            undeclared: BTreeSet::new(),
        };
        let mut never_null = BTreeSet::new();
        for (wire_name, earlier) in &merged.replaced {
            if self.forbids_null(earlier)? {
                never_null.insert(wire_name.clone());
            }
        }
        for (wire_name, property) in merged.properties {
            let (field, nullable) = match property {
                Property::Schema { schema, pointer } => {
                    let field_ctx =
                        Ctx::new(naming::field_type(&name, &wire_name), pointer.clone());
                    let meta = self.property_meta(schema, &pointer)?;
                    let ty = self.lower(schema, &field_ctx)?;
                    let field = Field {
                        name: String::new(),
                        wire_name: wire_name.clone(),
                        renamed: false,
                        ty,
                        presence: Presence::Required,
                        boxed: false,
                        read_only: meta.read_only,
                        deprecated: meta.deprecated,
                        docs: meta.docs,
                        default: meta.default,
                    };
                    (field, meta.nullable)
                }
                Property::Inherited { field, nullable } => (field, nullable),
            };
            let nullable = nullable && !never_null.contains(&wire_name);
            let field_name = claim_field(&wire_name)?;
            if nullable {
                requirements.nullable.insert(wire_name.clone());
            }
            fields.push(Field {
                renamed: unraw(&field_name) != wire_name,
                name: field_name,
                presence: Presence::new(requirements.required.contains(&wire_name), nullable),
                boxed: false,
                ..field
            });
        }
        // A name `required` lists that no property describes must still be sent: a field
        // of any JSON value, where the object has declared properties of its own (a schema of
        // `required` alone is a constraint on another's, not a type).
        if !fields.is_empty() {
            let declared: BTreeSet<String> = fields.iter().map(|f| f.wire_name.clone()).collect();
            for wire_name in requirements.required.difference(&declared) {
                requirements.undeclared.insert(wire_name.clone());
                let field_name = claim_field(wire_name)?;
                fields.push(Field {
                    renamed: unraw(&field_name) != *wire_name,
                    name: field_name,
                    wire_name: wire_name.clone(),
                    ty: TypeRef::Json,
                    presence: Presence::Required,
                    boxed: false,
                    read_only: false,
                    deprecated: false,
                    docs: Some(
                        "Required by the spec, which does not describe its value.".to_owned(),
                    ),
                    default: None,
                });
            }
        }
        let additional = match merged.additional {
            Some(Additional::Schema(AdditionalProperties::Schema(value))) => {
                let value_ctx = struct_ctx.child(naming::value_type(&name), "additionalProperties");
                Some(self.lower((&**value).into(), &value_ctx)?)
            }
            Some(Additional::Lowered(ty)) => Some(ty),
            Some(Additional::Schema(AdditionalProperties::Any(_))) | None => None,
        };
        self.requirements.insert(name.clone(), requirements);
        let def = TypeDef {
            name: name.clone(),
            origin: ctx.pointer.clone(),
            docs: merged.docs,
            deprecated,
            kind: TypeKind::Struct(Struct {
                fields,
                additional,
                derive_default: false,
                constructor: Vec::new(),
                multipart: false,
                serde: StructSerde::Fields,
            }),
            usage: Usage::default(),
            gate: Gate::Always,
            derives: Vec::new(),
        };
        self.types.insert(name.clone(), def);
        Ok(TypeRef::Named(name))
    }

    /// Whether a property's schema refuses `null`: it names a type and is not `nullable`. A
    /// schema with no type (a description, say) constrains nothing.
    fn forbids_null(&self, property: &Property<'a>) -> Result<bool> {
        match property {
            Property::Inherited { field, nullable } => Ok(!nullable && field.ty != TypeRef::Json),
            Property::Schema { schema, pointer } => {
                let (target, _) = self.resolve(*schema, pointer)?;
                let typed = match &target.schema_kind {
                    SchemaKind::Type(_) => true,
                    SchemaKind::Any(any) => any.typ.is_some(),
                    _ => false,
                };
                Ok(typed && !target.schema_data.nullable)
            }
        }
    }

    /// Description and flags of a property: from its own schema, its `allOf` annotation branches,
    /// and, through `$ref`, the nullability of the referenced schema.
    fn property_meta(&self, schema: SchemaRef<'a>, pointer: &str) -> Result<PropertyMeta> {
        let mut meta = PropertyMeta::default();
        match schema {
            SchemaRef::Ref(_) => {
                let (target, _) = self.resolve(schema, pointer)?;
                meta.nullable = target.schema_data.nullable;
                meta.default = target.schema_data.default.as_ref().and_then(literal);
            }
            SchemaRef::Item(s) => {
                let data = &s.schema_data;
                meta.nullable = data.nullable;
                meta.default = data.default.as_ref().and_then(literal);
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
                    if meta.default.is_none() {
                        meta.default = data.default.as_ref().and_then(literal);
                    }
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

    pub(super) fn define(
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
                gate: Gate::Always,
                derives: Vec::new(),
            },
        );
        TypeRef::Named(name)
    }
}

#[derive(Default)]
struct PropertyMeta {
    nullable: bool,
    read_only: bool,
    deprecated: bool,
    docs: Option<String>,
    default: Option<Literal>,
}

/// A `default` as a literal, if Rust can write it as one: `null`, a boolean, a number, a
/// string, or an empty array or object. Whether it suits the field's type is analyze's
/// question.
fn literal(value: &serde_json::Value) -> Option<Literal> {
    use serde_json::Value;
    match value {
        Value::Null => Some(Literal::Null),
        Value::Bool(b) => Some(Literal::Bool(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(int) => Some(Literal::Int(int)),
            None => n
                .as_f64()
                .filter(|f| f.is_finite())
                .map(|f| Literal::Float(float_text(f))),
        },
        Value::String(s) => Some(Literal::String(s.clone())),
        Value::Array(items) if items.is_empty() => Some(Literal::Empty),
        Value::Object(members) if members.is_empty() => Some(Literal::Empty),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// A finite number as a Rust float literal: with a fraction or an exponent (`50.0`, `1e300`).
fn float_text(value: f64) -> String {
    let text = format!("{value:?}");
    if text.contains(['.', 'e', 'E']) {
        text
    } else {
        format!("{text}.0")
    }
}

//! `allOf`: a reference with annotations stays a reference; anything else is merged, branch by
//! branch, into one struct. A referenced base is lowered once, as a component, and its fields are
//! reused, so the types nested in it are not defined again.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::define::{Additional, Merged, Property};
use super::refs::{Found, cycle_error};
use super::{Ctx, Lowerer, Result, SchemaRef, docs, fail};
use crate::ir::model::*;

impl<'a> Lowerer<'a> {
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

    pub(super) fn lower_all_of(
        &mut self,
        branches: &'a [ReferenceOr<Schema>],
        ctx: &Ctx,
        docs: Option<String>,
        deprecated: bool,
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
                SchemaRef::Item(schema) => self.lower_schema_as(schema, &branch_ctx),
            };
        }
        if let Some(ty) = self.primitive_all_of(&significant, ctx)? {
            return Ok(ty);
        }
        let mut merged = Merged {
            docs,
            ..Default::default()
        };
        self.merge_all_of(branches, &format!("{}/allOf", ctx.pointer), &mut merged)?;
        self.define_struct(ctx, merged, deprecated)
    }

    /// `allOf` of strings, numbers, integers or booleans only (a constrained string and an
    /// enum, say): every value is one of its most specific branch, an enum if there is one,
    /// else the first. `None` if some branch is not such a primitive.
    fn primitive_all_of(
        &mut self,
        significant: &[(usize, SchemaRef<'a>)],
        ctx: &Ctx,
    ) -> Result<Option<TypeRef>> {
        let mut kinds = Vec::new();
        for (index, branch) in significant {
            let pointer = format!("{}/allOf/{index}", ctx.pointer);
            let (schema, _) = self.resolve(*branch, &pointer)?;
            let (kind, is_enum) = match &schema.schema_kind {
                SchemaKind::Type(Type::String(s)) => ("string", !s.enumeration.is_empty()),
                SchemaKind::Type(Type::Integer(i)) => ("integer", !i.enumeration.is_empty()),
                SchemaKind::Type(Type::Number(n)) => ("number", !n.enumeration.is_empty()),
                SchemaKind::Type(Type::Boolean(_)) => ("boolean", false),
                _ => return Ok(None),
            };
            kinds.push((*index, *branch, kind, is_enum));
        }
        let Some(&(_, _, first_kind, _)) = kinds.first() else {
            return Ok(None);
        };
        if let Some((index, _, kind, _)) = kinds.iter().find(|(.., k, _)| *k != first_kind) {
            return fail(
                format!("{}/allOf/{index}", ctx.pointer),
                format!(
                    "allOf branches of different types (`{first_kind}` and `{kind}`) admit no value"
                ),
            );
        }
        let (index, branch, ..) = kinds
            .iter()
            .find(|(.., is_enum)| *is_enum)
            .unwrap_or(&kinds[0]);
        let branch_ctx = Ctx {
            pointer: format!("{}/allOf/{index}", ctx.pointer),
            ..ctx.clone()
        };
        Ok(Some(match branch {
            SchemaRef::Ref(_) => self.lower(*branch, &branch_ctx)?,
            SchemaRef::Item(schema) => self.lower_schema_as(schema, &branch_ctx)?,
        }))
    }

    fn merge_all_of(
        &mut self,
        branches: &'a [ReferenceOr<Schema>],
        pointer: &str,
        merged: &mut Merged<'a>,
    ) -> Result<()> {
        for (index, branch) in branches.iter().enumerate() {
            let branch_pointer = format!("{pointer}/{index}");
            match branch {
                ReferenceOr::Reference { reference } => {
                    self.merge_base(reference, &branch_pointer, merged)?
                }
                ReferenceOr::Item(schema) => self.merge_schema(schema, &branch_pointer, merged)?,
            }
        }
        Ok(())
    }

    /// A `$ref` branch: the fields of the component's struct, lowered once, or (for a component
    /// that is no struct, or one still being lowered) its schema's properties.
    fn merge_base(
        &mut self,
        reference: &'a str,
        pointer: &str,
        merged: &mut Merged<'a>,
    ) -> Result<()> {
        // A base named by another pointer than a component's is merged as its schema.
        let (key, component) = match self.lookup::<Schema>(reference, pointer)? {
            Found::Component(key, _) => (key, true),
            Found::Pointer(target, _) => (target, false),
        };
        if let Some(start) = self.merging.iter().position(|k| *k == key) {
            // The chain names components by key, as every reference cycle is reported.
            let mut chain = self.merging[start..].to_vec();
            chain.push(key);
            return Err(cycle_error(pointer, &chain));
        }
        let (schema, schema_pointer) = self.resolve(SchemaRef::Ref(reference), pointer)?;
        if !matches!(
            schema.schema_kind,
            SchemaKind::AllOf { .. } | SchemaKind::Any(_) | SchemaKind::Type(Type::Object(_))
        ) {
            return fail(pointer, NOT_AN_OBJECT);
        }
        self.merging.push(key.clone());
        let result = if component {
            self.merge_component(&key, schema, &schema_pointer, merged)
        } else {
            self.merge_schema(schema, &schema_pointer, merged)
        };
        self.merging.pop();
        result
    }

    fn merge_component(
        &mut self,
        key: &str,
        schema: &'a Schema,
        schema_pointer: &str,
        merged: &mut Merged<'a>,
    ) -> Result<()> {
        let lowered = self.lower_component(key)?;
        let Some((base, s)) = self.lowered_struct(&lowered) else {
            return self.merge_schema(schema, schema_pointer, merged);
        };
        // Every struct is made by `define_struct`, which records its requirements.
        let requirements = &self.requirements[&base.name];
        // A field standing for a required name no property describes comes again, after
        // the merge, if no other branch describes it.
        let described = s
            .fields
            .iter()
            .filter(|f| !requirements.undeclared.contains(&f.wire_name));
        for field in described {
            let nullable = requirements.nullable.contains(&field.wire_name);
            let inherited = Property::Inherited {
                field: field.clone(),
                nullable,
            };
            merged.insert(field.wire_name.clone(), inherited);
        }
        merged
            .required
            .extend(requirements.required.iter().cloned());
        if merged.additional.is_none() {
            merged.additional = s.additional.clone().map(Additional::Lowered);
        }
        if merged.docs.is_none() {
            merged.docs = base.docs.clone();
        }
        Ok(())
    }

    /// The struct a lowered type is, through aliases; `None` for any other type, and for a
    /// component still being lowered (it is defined when done).
    fn lowered_struct(&self, ty: &TypeRef) -> Option<(&TypeDef, &Struct)> {
        let mut ty = ty;
        // Alias chains are finite: a bare-`$ref` cycle fails in lowering.
        for _ in 0..=self.types.len() {
            let TypeRef::Named(name) = ty else {
                return None;
            };
            let def = self.types.get(name)?;
            match &def.kind {
                TypeKind::Struct(s) => return Some((def, s)),
                TypeKind::Alias(target) => ty = target,
                TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Union(_) => return None,
            }
        }
        None
    }

    /// An inline branch, or the schema of a component that did not lower to a struct.
    fn merge_schema(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        merged: &mut Merged<'a>,
    ) -> Result<()> {
        let additional = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => {
                self.merge_all_of(all_of, &format!("{pointer}/allOf"), merged)?;
                None
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() => {
                self.merge_all_of(&any.all_of, &format!("{pointer}/allOf"), merged)?;
                self.collect_properties(merged, &any.properties, &any.required, pointer);
                None
            }
            SchemaKind::Type(Type::Object(o)) => {
                self.collect_properties(merged, &o.properties, &o.required, pointer);
                o.additional_properties.as_ref()
            }
            SchemaKind::Any(any) => {
                self.collect_properties(merged, &any.properties, &any.required, pointer);
                any.additional_properties.as_ref()
            }
            // Alternatives that only require properties (DigitalOcean's "inbound or outbound
            // rules"): which one holds decides which fields are present, so none is required
            // and none is added.
            SchemaKind::AnyOf { any_of: alternatives }
            | SchemaKind::OneOf {
                one_of: alternatives,
            } if alternatives.iter().all(
                |alternative| matches!(alternative, ReferenceOr::Item(s) if Self::is_annotation_only(s)),
            ) =>
            {
                None
            }
            _ => return fail(pointer, NOT_AN_OBJECT),
        };
        if merged.additional.is_none() {
            merged.additional = additional.map(Additional::Schema);
        }
        if merged.docs.is_none() {
            merged.docs = schema
                .schema_data
                .description
                .as_deref()
                .and_then(docs::markdown);
        }
        Ok(())
    }
}

const NOT_AN_OBJECT: &str =
    "allOf branch is not an object; only objects can be merged into one struct";

#[cfg(test)]
mod tests {
    use crate::ir::model::*;

    fn lowered(schemas: &str) -> Result<Api, super::super::LowerError> {
        let text = format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        crate::ir::lower(&serde_yaml::from_str(&text).unwrap(), &Default::default())
    }

    fn fields(api: &Api, name: &str) -> Vec<(String, TypeRef, Presence)> {
        let def = api.types.iter().find(|t| t.name == name).unwrap();
        let TypeKind::Struct(s) = &def.kind else {
            panic!("{name} is not a struct: {def:?}")
        };
        let field = |f: &Field| (f.wire_name.clone(), f.ty.clone(), f.presence);
        s.fields.iter().map(field).collect()
    }

    fn names(api: &Api) -> Vec<&str> {
        api.types.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn a_base_is_lowered_once_and_its_nested_types_are_reused() {
        let api = lowered(
            "    Derived:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - {type: object, properties: {extra: {type: string}}}\n    Base:\n      type: object\n      properties:\n        meta: {type: object, properties: {x: {type: string}}}\n",
        )
        .unwrap();
        assert_eq!(names(&api), ["Base", "BaseMeta", "Derived"]);
        let meta = TypeRef::Named("BaseMeta".into());
        assert_eq!(
            fields(&api, "Derived"),
            [
                ("meta".into(), meta, Presence::Optional),
                ("extra".into(), TypeRef::String, Presence::Optional)
            ]
        );
    }

    #[test]
    fn a_required_name_no_property_describes_is_a_field_of_any_value_until_a_branch_describes_it() {
        let api = lowered(
            "    Base:\n      type: object\n      required: [name, host]\n      properties:\n        name: {type: string}\n    Described:\n      allOf:\n        - {type: object, properties: {host: {type: integer}}}\n        - $ref: '#/components/schemas/Base'\n    Still:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - {type: object, properties: {port: {type: integer}}}\n    OnlyRequired:\n      anyOf:\n        - {type: object, properties: {a: {type: string}}}\n        - {type: object, required: [a]}\n",
        )
        .unwrap();
        use Presence::{Optional, Required};
        assert_eq!(
            fields(&api, "Base"),
            [
                ("name".into(), TypeRef::String, Required),
                ("host".into(), TypeRef::Json, Required)
            ]
        );
        // The inherited stand-in gives way to the other branch's description, wherever it is.
        assert_eq!(
            fields(&api, "Described"),
            [
                ("host".into(), TypeRef::I64, Required),
                ("name".into(), TypeRef::String, Required)
            ]
        );
        assert_eq!(
            fields(&api, "Still"),
            [
                ("name".into(), TypeRef::String, Required),
                ("port".into(), TypeRef::I64, Optional),
                ("host".into(), TypeRef::Json, Required)
            ]
        );
        // A schema of `required` alone is no type of its own.
        assert!(
            api.types
                .iter()
                .all(|t| !matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.ty == TypeRef::Json && f.wire_name == "a"))),
            "{:?}",
            names(&api)
        );
    }

    #[test]
    fn any_branch_can_require_a_base_property_and_nullable_ones_stay_nullable() {
        let api = lowered(
            "    Base:\n      type: object\n      required: [n]\n      properties:\n        a: {type: string}\n        n: {type: string, nullable: true}\n        r: {type: string}\n        m: {type: string, nullable: true}\n    After:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - {type: object, required: [a, m]}\n    Before:\n      allOf:\n        - {type: object, required: [a, r], properties: {r: {type: integer}}}\n        - $ref: '#/components/schemas/Base'\n",
        )
        .unwrap();
        let field = |n: &str, presence| (n.to_owned(), TypeRef::String, presence);
        use Presence::{Optional, OptionalNullable, Required, RequiredNullable};
        assert_eq!(
            fields(&api, "Base"),
            [
                field("a", Optional),
                field("n", RequiredNullable),
                field("r", Optional),
                field("m", OptionalNullable)
            ]
        );
        assert_eq!(
            fields(&api, "After"),
            [
                field("a", Required),
                field("n", RequiredNullable),
                field("r", Optional),
                field("m", RequiredNullable)
            ]
        );
        // A base's property replaces an earlier branch's in place, and stays required.
        assert_eq!(
            fields(&api, "Before"),
            [
                field("r", Required),
                field("a", Required),
                field("n", RequiredNullable),
                field("m", OptionalNullable)
            ]
        );
    }

    #[test]
    fn a_branch_that_requires_its_own_non_nullable_property_wins_over_a_nullable_base() {
        // rev.ai's `SubmitJobMediaUrlOptions`: the first branch requires a plain string, the
        // base defines the same property as nullable; a value satisfies both, so it is a string.
        let api = lowered(
            "    Base:\n      type: object\n      properties:\n        url: {type: string, nullable: true}\n        note: {type: string, nullable: true}\n        any: {type: string, nullable: true}\n    Submit:\n      allOf:\n        - {type: object, required: [url], properties: {url: {type: string}, any: {description: Anything.}}}\n        - $ref: '#/components/schemas/Base'\n    Loose:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - {type: object, required: [note], properties: {note: {type: string}}}\n",
        )
        .unwrap();
        let field = |n: &str, presence| (n.to_owned(), TypeRef::String, presence);
        use Presence::{OptionalNullable, Required};
        assert_eq!(
            fields(&api, "Submit"),
            [
                field("url", Required),
                // A branch with no type constrains nothing: the base's `null` stays allowed.
                field("any", OptionalNullable),
                field("note", OptionalNullable)
            ]
        );
        // The other order: the later branch's plain string replaces the nullable base's.
        assert_eq!(
            fields(&api, "Loose"),
            [
                field("url", OptionalNullable),
                field("note", Required),
                field("any", OptionalNullable)
            ]
        );
    }

    #[test]
    fn a_base_that_refers_back_through_a_property_is_no_cycle() {
        let api = lowered(
            "    Base:\n      type: object\n      properties:\n        child: {$ref: '#/components/schemas/Derived'}\n    Derived:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - {type: object, properties: {extra: {type: string}}}\n",
        )
        .unwrap();
        let derived = TypeRef::Named("Derived".into());
        assert_eq!(
            fields(&api, "Derived"),
            [
                ("child".into(), derived, Presence::Optional),
                ("extra".into(), TypeRef::String, Presence::Optional)
            ]
        );
    }

    #[test]
    fn bases_that_merge_each_other_are_a_cycle() {
        let error = lowered(
            "    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n    B:\n      allOf:\n        - $ref: '#/components/schemas/C'\n        - {type: object, properties: {b: {type: string}}}\n    C:\n      allOf:\n        - $ref: '#/components/schemas/B'\n        - {type: object, properties: {c: {type: string}}}\n",
        )
        .unwrap_err();
        assert_eq!(error.message, "reference cycle: C -> B -> C");
        assert_eq!(error.pointer, "#/components/schemas/B/allOf/0");
    }

    #[test]
    fn alternatives_that_only_require_properties_add_no_field() {
        let api = lowered(
            "    Rules: {type: object, properties: {inbound: {type: string}, outbound: {type: string}, name: {type: string}}}\n    Firewall:\n      allOf:\n        - $ref: '#/components/schemas/Rules'\n        - required: [name]\n        - anyOf: [{required: [inbound]}, {required: [outbound], title: Outbound}]\n",
        )
        .unwrap();
        let s = |n: &str, presence| (n.to_owned(), TypeRef::String, presence);
        assert_eq!(
            fields(&api, "Firewall"),
            [
                s("inbound", Presence::Optional),
                s("outbound", Presence::Optional),
                s("name", Presence::Required)
            ]
        );
        let error = lowered(
            "    Either:\n      allOf:\n        - {type: object, properties: {a: {type: string}}}\n        - oneOf: [{type: object, properties: {b: {type: string}}}, {required: [a]}]\n",
        )
        .unwrap_err();
        assert_eq!(error.pointer, "#/components/schemas/Either/allOf/1");
    }

    #[test]
    fn a_reference_with_a_description_stays_a_reference() {
        let api = lowered(
            "    Base: {type: object, properties: {x: {type: string}}}\n    Described:\n      description: Base, described.\n      allOf: [{$ref: '#/components/schemas/Base'}]\n    Holder:\n      type: object\n      properties:\n        base:\n          allOf: [{$ref: '#/components/schemas/Base'}, {description: The base.}]\n",
        )
        .unwrap();
        assert_eq!(names(&api), ["Base", "Described", "Holder"]);
        let described = api.types.iter().find(|t| t.name == "Described").unwrap();
        assert_eq!(
            described.kind,
            TypeKind::Alias(TypeRef::Named("Base".into()))
        );
        let base = TypeRef::Named("Base".into());
        assert_eq!(
            fields(&api, "Holder"),
            [("base".into(), base, Presence::Optional)]
        );
    }
}

//! `allOf`: a reference with annotations stays a reference; anything else is merged, branch by
//! branch and through referenced bases, into one struct.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::define::Merged;
use super::refs::{component_key, cycle_error};
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
        if let Some(ty) = self.primitive_all_of(&significant, ctx, named)? {
            return Ok(ty);
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

    /// `allOf` of strings, numbers, integers or booleans only (a constrained string and an
    /// enum, say): every value is one of its most specific branch, an enum if there is one,
    /// else the first. `None` if some branch is not such a primitive.
    fn primitive_all_of(
        &mut self,
        significant: &[(usize, SchemaRef<'a>)],
        ctx: &Ctx,
        named: bool,
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
            SchemaRef::Item(schema) => self.lower_schema_as(schema, &branch_ctx, named)?,
        }))
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
                // The chain names components by key, as every reference cycle is reported.
                let key = component_key(reference, "schemas").unwrap_or_else(|| reference.clone());
                if stack.contains(&key) {
                    stack.push(key);
                    return Err(cycle_error(&branch_pointer, stack));
                }
                stack.push(key);
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
}

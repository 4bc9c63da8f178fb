//! Request bodies: JSON (with the `{"data": ...}` envelope unwrapped) and multipart.

use openapiv3::{SchemaKind, Type};

use super::{Ctx, Lowerer, Result, SchemaRef, docs, fail};
use crate::ir::model::*;
use crate::pointer;

impl<'a> Lowerer<'a> {
    /// An object whose only property is `data`: the `{"data": ...}` envelope. Returns the inner schema.
    pub(super) fn envelope(
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

    /// A request body, in the first encoding the client supports.
    pub(super) fn lower_body(
        &mut self,
        body: &'a openapiv3::RequestBody,
        pointer: &str,
        op_camel: &str,
    ) -> Result<Body> {
        let docs = body.description.as_deref().and_then(docs::markdown);
        if let Some((media_type, content)) = body.content.iter().find(|(k, _)| is_json(k)) {
            let content_pointer = pointer::join(&format!("{pointer}/content"), media_type);
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
            let content_pointer = pointer::join(&format!("{pointer}/content"), media_type);
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
            }) = self.types.get_mut(name)
            else {
                return fail(ctx.pointer, "a multipart body must be an object");
            };
            s.multipart = true;
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
}

/// JSON media types: `application/json` (with parameters), `*/*+json`, and `*/*`.
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

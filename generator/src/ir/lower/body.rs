//! Request bodies, in every media type the operation offers: JSON (with the `{"data": ...}`
//! envelope unwrapped), multipart, form-encoded, text and bytes.

use openapiv3::{MediaType, ReferenceOr, Schema, SchemaKind, StringFormat, Type};
use openapiv3::{RequestBody, VariantOrUnknownOrEmpty};

use super::media::{MediaClass, classify, essence, is_pattern};
use super::{Ctx, Lowerer, Result, SchemaRef, docs, fail};
use crate::ir::model::*;
use crate::ir::naming::{self, Namespace};
use crate::pointer;

/// How many of the media types of one bytes body its docs list.
const MAX_LISTED_TYPES: usize = 6;

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

    /// A request body: its JSON media type (or else its first) as the primary content, every
    /// other media type as an alternative whose setter is claimed from `setters`.
    pub(super) fn lower_body(
        &mut self,
        body: &'a RequestBody,
        pointer: &str,
        op_camel: &str,
        setters: &mut Namespace,
    ) -> Result<Body> {
        let content_base = format!("{pointer}/content");
        if body.content.is_empty() {
            return fail(content_base, "request body has no media type in `content`");
        }
        let primary_index = body
            .content
            .keys()
            .position(|media_type| classify(media_type) == MediaClass::Json)
            .unwrap_or(0);
        let order = std::iter::once(primary_index)
            .chain((0..body.content.len()).filter(|&index| index != primary_index));
        // Media types sharing one schema share its type.
        let mut lowered: Vec<(&'a ReferenceOr<Schema>, TypeRef)> = Vec::new();
        let mut contents: Vec<(String, BodyContent)> = Vec::new();
        for index in order {
            let Some((media_type, content)) = body.content.get_index(index) else {
                continue;
            };
            let setter = naming::body_setter(&essence(media_type));
            let name = if contents.is_empty() {
                naming::body_type(op_camel)
            } else {
                naming::alternative_body_type(op_camel, &setter)
            };
            let content_pointer = pointer::join(&content_base, media_type);
            let primary = contents.is_empty();
            let lowered_content = self.lower_content(
                media_type,
                content,
                &content_pointer,
                (name, primary),
                &mut lowered,
            )?;
            let plain_bytes =
                |c: &BodyContent| matches!(c.encoding, BodyEncoding::Bytes { untyped: None, .. });
            // Several byte media types (images in every format, say) are one body whose
            // caller names the type.
            if let Some((_, bytes)) = contents
                .iter_mut()
                .find(|(_, c)| plain_bytes(c) && plain_bytes(&lowered_content))
            {
                bytes.media_type = format!("{}, {media_type}", bytes.media_type);
                bytes.encoding = BodyEncoding::Bytes {
                    pattern: true,
                    untyped: None,
                };
                continue;
            }
            if !contents.iter().any(|(_, c)| {
                c.content_type == lowered_content.content_type
                    && c.encoding == lowered_content.encoding
            }) {
                contents.push((setter, lowered_content));
            }
        }
        for (setter, content) in &mut contents {
            if let BodyEncoding::Bytes { pattern: true, .. } = content.encoding {
                let types: Vec<&str> = content.media_type.split(", ").collect();
                if types.len() > 1 {
                    *setter = naming::body_setter("application/octet-stream");
                }
                if types.len() > MAX_LISTED_TYPES {
                    content.media_type = format!(
                        "{}, ... ({} media types)",
                        types[..MAX_LISTED_TYPES].join(", "),
                        types.len()
                    );
                }
            }
        }
        self.share_multipart(&mut contents);
        let mut contents = contents.into_iter();
        let Some((_, primary)) = contents.next() else {
            return fail(content_base, "request body has no media type in `content`");
        };
        let alternatives = contents
            .map(|(setter, content)| AlternativeBody {
                setter: setters.claim(&setter),
                method: None,
                content,
            })
            .collect();
        Ok(Body {
            primary,
            alternatives,
            required: body.required,
            docs: body.description.as_deref().and_then(docs::markdown),
        })
    }

    /// One media type of a request body, named `name` if it makes a type. A schema the client
    /// cannot encode from a model is refused for the `primary` media type; another one (with
    /// JSON to fall back on) then takes the body encoded, as bytes.
    fn lower_content(
        &mut self,
        media_type: &str,
        content: &'a MediaType,
        pointer: &str,
        (name, primary): (String, bool),
        lowered: &mut Vec<(&'a ReferenceOr<Schema>, TypeRef)>,
    ) -> Result<BodyContent> {
        let schema_pointer = format!("{pointer}/schema");
        let class = classify(media_type);
        let untyped = |reason: Option<String>| BodyContent {
            media_type: media_type.to_owned(),
            content_type: if is_pattern(media_type) {
                "application/octet-stream".to_owned()
            } else {
                media_type.to_owned()
            },
            encoding: BodyEncoding::Bytes {
                pattern: is_pattern(media_type),
                untyped: reason,
            },
            envelope: None,
        };
        let schema = content.schema.as_ref();
        match class {
            MediaClass::Json => {
                let Some(schema) = schema else {
                    return Ok(json_content(media_type, TypeRef::Json, None));
                };
                if self.is_binary_string(schema.into(), &schema_pointer)? {
                    return Ok(untyped(None));
                }
                let ctx = Ctx::new(name, schema_pointer.clone());
                Ok(match self.envelope(schema.into(), &schema_pointer)? {
                    Some((inner, inner_pointer)) => {
                        let ty = self.lower(inner, &ctx.at(inner_pointer))?;
                        json_content(media_type, ty, Some("data".to_owned()))
                    }
                    None => json_content(media_type, self.shared(schema, &ctx, lowered)?, None),
                })
            }
            MediaClass::Multipart => {
                // Without an object to take parts from, the caller hands over the encoded
                // body, its boundary in the content type.
                const ENCODED: &str = "name the boundary with `Payload::with_content_type`";
                let Some(schema) = schema else {
                    return Ok(untyped(Some(format!("it has no schema; {ENCODED}"))));
                };
                let ctx = Ctx::new(name, schema_pointer);
                let ty = self.shared(schema, &ctx, lowered)?;
                let Some(struct_name) = self.struct_name(&ty).map(str::to_owned) else {
                    return Ok(untyped(Some(format!(
                        "its schema is not an object; {ENCODED}"
                    ))));
                };
                // Fields that no part can carry are refused, unless another media type
                // (JSON, say) is there to fall back on.
                match self.check_multipart(&struct_name, pointer) {
                    Ok(()) => {}
                    Err(err) if !primary => return Ok(untyped(Some(err.message))),
                    Err(err) => return Err(err),
                }
                self.parts_are_never_null(&ty);
                let Some(s) = self.struct_of(&ty) else {
                    return fail(ctx.pointer, "a multipart body must be an object");
                };
                let fields = s
                    .fields
                    .iter()
                    .map(|f| {
                        let (part, repeated) = self.part_of(&f.ty);
                        MultipartField {
                            name: f.name.clone(),
                            wire_name: f.wire_name.clone(),
                            part,
                            repeated,
                            optional: f.presence != Presence::Required,
                        }
                    })
                    .collect();
                let ty = TypeRef::Named(self.struct_name(&ty).unwrap_or_default().to_owned());
                Ok(BodyContent {
                    media_type: media_type.to_owned(),
                    content_type: "multipart/form-data".to_owned(),
                    encoding: BodyEncoding::Multipart { ty, fields },
                    envelope: None,
                })
            }
            MediaClass::Form => {
                // Without a schema the caller hands over the encoded form.
                let Some(schema) = schema else {
                    return Ok(untyped(None));
                };
                // `explode` is written out by the loader where the spec leaves it to its style.
                let styles: Vec<FormStyle> = content
                    .encoding
                    .iter()
                    .map(|(property, encoding)| {
                        let style = encoding
                            .style
                            .as_ref()
                            .map_or(StyleName::Form, super::params::query_style);
                        FormStyle {
                            property: property.clone(),
                            style,
                            explode: encoding.explode || style == StyleName::DeepObject,
                        }
                    })
                    .filter(|s| !(s.style == StyleName::Form && s.explode))
                    .collect();
                let ctx = Ctx::new(name, schema_pointer);
                let ty = self.shared(schema, &ctx, lowered)?;
                // A string (or other scalar) schema is the encoded form itself.
                if self.struct_of(&ty).is_none() && !matches!(ty, TypeRef::Map(_)) {
                    return Ok(untyped(Some(
                        "its schema is not an object with properties".to_owned(),
                    )));
                }
                // An untyped property has no style of its own to explode it by: it goes as its
                // JSON text, unless its `encoding` names a style.
                let json: Vec<String> = self
                    .struct_of(&ty)
                    .map(|s| {
                        s.fields
                            .iter()
                            .filter(|f| f.ty == TypeRef::Json)
                            .filter(|f| {
                                content
                                    .encoding
                                    .get(&f.wire_name)
                                    .is_none_or(|e| e.style.is_none())
                            })
                            .map(|f| f.wire_name.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                // A map of untyped values, or a struct collecting untyped other properties:
                // those members have no style to explode them by either.
                let untyped_others = match (&ty, self.struct_of(&ty)) {
                    (TypeRef::Map(value), _) => (**value == TypeRef::Json).then(Vec::new),
                    (_, Some(s)) if s.additional == Some(TypeRef::Json) => Some(
                        s.fields
                            .iter()
                            .map(|f| &f.wire_name)
                            .filter(|name| !json.contains(name))
                            .cloned()
                            .collect(),
                    ),
                    _ => None,
                };
                Ok(BodyContent {
                    media_type: media_type.to_owned(),
                    content_type: "application/x-www-form-urlencoded".to_owned(),
                    encoding: BodyEncoding::Form {
                        ty,
                        styles,
                        json,
                        untyped_others,
                    },
                    envelope: None,
                })
            }
            MediaClass::Text => Ok(BodyContent {
                media_type: media_type.to_owned(),
                content_type: if is_pattern(media_type) {
                    "text/plain".to_owned()
                } else {
                    media_type.to_owned()
                },
                encoding: BodyEncoding::Text,
                envelope: None,
            }),
            MediaClass::Binary | MediaClass::Other => Ok(untyped(None)),
        }
    }

    /// A multipart struct sends its fields as parts and derives no serde traits; one that
    /// another media type of the body sends too (as JSON or a form) keeps them, unless it holds
    /// files, which only parts carry: that other media type then takes the body encoded.
    fn share_multipart(&mut self, contents: &mut [(String, BodyContent)]) {
        let multipart: Vec<TypeRef> = contents
            .iter()
            .filter_map(|(_, c)| match &c.encoding {
                BodyEncoding::Multipart { ty, .. } => Some(ty.clone()),
                _ => None,
            })
            .collect();
        for ty in multipart {
            let shared = contents.iter().any(|(_, c)| {
                !matches!(c.encoding, BodyEncoding::Multipart { .. }) && c.model() == Some(&ty)
            });
            let files = self
                .struct_of(&ty)
                .is_some_and(|s| s.fields.iter().any(|f| f.ty.is_file()));
            if shared && files {
                for (_, content) in contents.iter_mut() {
                    if !matches!(content.encoding, BodyEncoding::Multipart { .. })
                        && content.model() == Some(&ty)
                    {
                        content.encoding = BodyEncoding::Bytes {
                            pattern: false,
                            untyped: Some(
                                "its schema holds files, which only multipart/form-data carries"
                                    .to_owned(),
                            ),
                        };
                        content.envelope = None;
                    }
                }
            }
            if !shared || files {
                if let TypeRef::Named(name) = &ty {
                    if let Some(TypeDef {
                        kind: TypeKind::Struct(s),
                        ..
                    }) = self.types.get_mut(name)
                    {
                        s.multipart = true;
                    }
                }
            }
        }
    }

    /// The type of `schema`, lowered once for every media type of the body that gives it.
    fn shared(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        ctx: &Ctx,
        lowered: &mut Vec<(&'a ReferenceOr<Schema>, TypeRef)>,
    ) -> Result<TypeRef> {
        if let Some((_, ty)) = lowered.iter().find(|(s, _)| *s == schema) {
            return Ok(ty.clone());
        }
        let ty = self.lower(schema.into(), ctx)?;
        lowered.push((schema, ty.clone()));
        Ok(ty)
    }

    /// The name of the struct a type names (through aliases), if it is one.
    fn struct_name<'t>(&'t self, ty: &'t TypeRef) -> Option<&'t str> {
        match ty {
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => Some(name),
                Some(TypeKind::Alias(inner)) => self.struct_name(inner),
                _ => None,
            },
            _ => None,
        }
    }

    /// A part is sent or not: `null` means nothing in a multipart body, so a field of one that
    /// may be absent and `null` is one that may be absent (`Option`, like a required nullable
    /// one), also where the struct is a JSON body too.
    fn parts_are_never_null(&mut self, ty: &TypeRef) {
        let Some(name) = self.struct_name(ty).map(str::to_owned) else {
            return;
        };
        if let Some(TypeDef {
            kind: TypeKind::Struct(s),
            ..
        }) = self.types.get_mut(&name)
        {
            for field in &mut s.fields {
                if field.presence == Presence::OptionalNullable {
                    field.presence = Presence::Optional;
                }
            }
        }
    }

    /// The struct a type names (through aliases), if it is one.
    fn struct_of(&self, ty: &TypeRef) -> Option<&Struct> {
        match self.types.get(self.struct_name(ty)?).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => Some(s),
            _ => None,
        }
    }

    /// `type: string, format: binary`: the schema describes raw bytes, not JSON.
    pub(super) fn is_binary_string(&self, schema: SchemaRef<'a>, pointer: &str) -> Result<bool> {
        let (resolved, _) = self.resolve(schema, pointer)?;
        Ok(matches!(
            &resolved.schema_kind,
            SchemaKind::Type(Type::String(s))
                if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
        ))
    }
}

/// A JSON body: `application/json` is sent as such; another JSON media type as itself.
fn json_content(media_type: &str, ty: TypeRef, envelope: Option<String>) -> BodyContent {
    let essence = essence(media_type);
    let content_type = if essence == "application/json" || is_pattern(&essence) {
        "application/json".to_owned()
    } else {
        media_type.to_owned()
    };
    BodyContent {
        media_type: media_type.to_owned(),
        content_type,
        encoding: BodyEncoding::Json(ty),
        envelope,
    }
}

#[cfg(test)]
mod tests;

//! Responses: the success type and the error shape (one type, or a per-status enum).

use openapiv3::{ReferenceOr, Schema, SchemaKind, StatusCode, Type};

use super::media::{MediaClass, classify, is_json, is_pattern};
use super::operation::RawOperation;
use super::{Ctx, Lowerer, Result};
use crate::ir::model::*;
use crate::ir::naming::Namespace;
use crate::pointer;

impl<'a> Lowerer<'a> {
    /// The success response and the error shape of an operation.
    pub(super) fn lower_responses(
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
            let (response, _) = self.resolve_ref(response, &pointer)?;
            let json = response.content.iter().find(|(k, _)| is_json(k));
            let is_success = code.is_some_and(|c| (200..300).contains(&c));
            if is_success {
                if success.is_some() {
                    continue;
                }
                // The first JSON media type with a schema is decoded; a JSON one without schema
                // has nothing to decode; the rest (and raw bytes under `*/*`) are bodies of
                // their own media type.
                let mut decoded = None;
                let mut others: Vec<&str> = Vec::new();
                for (media_type, content) in &response.content {
                    let schema_pointer = format!(
                        "{}/schema",
                        pointer::join(&format!("{pointer}/content"), media_type)
                    );
                    match (&content.schema, is_json(media_type)) {
                        (Some(schema), true)
                            if !self.is_binary_string(schema.into(), &schema_pointer)? =>
                        {
                            decoded.get_or_insert((schema, schema_pointer));
                        }
                        (None, true) => {}
                        _ => others.push(media_type),
                    }
                }
                let lowered = match decoded {
                    None => media_response(&others),
                    Some((schema, schema_pointer)) => {
                        let ctx = Ctx::new(format!("{op_camel}Response"), schema_pointer.clone());
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
                };
                success = Some(lowered);
            } else if code.is_none_or(|c| c >= 400) {
                let ty = match json.and_then(|(m, c)| c.schema.as_ref().map(|s| (m, s))) {
                    None => TypeRef::Json,
                    Some((media_type, schema)) => {
                        let schema_pointer = format!(
                            "{}/schema",
                            pointer::join(&format!("{pointer}/content"), media_type)
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
}

/// A success response with no JSON to decode: what its other media types return, asking for
/// them all (`Empty` when there are none). Text comes back as a `String`; one binary type as
/// bytes; anything else (XML, several types, patterns) as bytes with their content type.
fn media_response(media_types: &[&str]) -> Response {
    let mut types: Vec<&str> = Vec::new();
    for media_type in media_types {
        if !types.contains(media_type) {
            types.push(media_type);
        }
    }
    let classes: Vec<MediaClass> = types.iter().map(|m| classify(m)).collect();
    let kind = match classes.as_slice() {
        [] => return Response::Empty,
        [MediaClass::Binary] if !is_pattern(types[0]) => MediaKind::Bytes,
        all if all.iter().all(|c| *c == MediaClass::Text) => MediaKind::Text,
        _ => MediaKind::Raw,
    };
    Response::Media {
        kind,
        accept: accept(&types),
    }
}

/// How many media types an `Accept` header names before it names their top-level types instead.
const MAX_ACCEPTED_TYPES: usize = 8;

/// The `Accept` header for these media types: all of them, or for a long list their top-level
/// types (`image/*, audio/*`), so the header stays small.
fn accept(types: &[&str]) -> String {
    if types.len() <= MAX_ACCEPTED_TYPES {
        return types.join(", ");
    }
    let mut tops: Vec<String> = Vec::new();
    for media_type in types {
        let top = format!("{}/*", media_type.split('/').next().unwrap_or("*").trim());
        if !tops.contains(&top) {
            tops.push(top);
        }
    }
    tops.join(", ")
}

/// An object with no properties: a `{"data": {}}` envelope carries nothing.
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

/// The variant name of an error status: `404` -> `NotFound`.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The success response of a `GET /x` answering 200 with this `content`.
    fn success(content: &str) -> Response {
        let text = format!(
            "openapi: 3.0.0
info: {{title: t, version: '1'}}
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200':
          description: ok
          content: {content}
"
        );
        let api = crate::ir::lower(&serde_yaml::from_str(&text).unwrap()).unwrap();
        api.operations[0].response.clone()
    }

    fn media(kind: MediaKind, accept: &str) -> Response {
        Response::Media {
            kind,
            accept: accept.into(),
        }
    }

    #[test]
    fn json_is_preferred_and_other_types_say_what_they_return() {
        let json = success(
            "{application/xml: {schema: {type: string}}, application/json: {schema: {type: integer}}}",
        );
        assert_eq!(
            json,
            Response::Json {
                ty: TypeRef::I64,
                envelope: None
            }
        );
        let pdf = success("{application/pdf: {schema: {type: string, format: binary}}}");
        assert_eq!(pdf, media(MediaKind::Bytes, "application/pdf"));
        let text = success("{text/csv: {}, 'text/plain; charset=utf-8': {}}");
        assert_eq!(
            text,
            media(MediaKind::Text, "text/csv, text/plain; charset=utf-8")
        );
        let xml = success("{application/xml: {schema: {type: object}}}");
        assert_eq!(xml, media(MediaKind::Raw, "application/xml"));
        let images = success("{image/png: {}, image/jpeg: {}}");
        assert_eq!(images, media(MediaKind::Raw, "image/png, image/jpeg"));
        let many = success(
            "{image/png: {}, image/gif: {}, image/bmp: {}, image/tiff: {}, image/webp: {},
              image/jpeg: {}, audio/mpeg: {}, audio/ogg: {}, video/mp4: {}}",
        );
        assert_eq!(many, media(MediaKind::Raw, "image/*, audio/*, video/*"));
        let pattern = success("{image/*: {}}");
        assert_eq!(pattern, media(MediaKind::Raw, "image/*"));
    }

    #[test]
    fn json_without_a_schema_leaves_the_other_types_or_nothing() {
        assert_eq!(success("{application/json: {}}"), Response::Empty);
        assert_eq!(
            success("{application/json: {}, application/zip: {}}"),
            media(MediaKind::Bytes, "application/zip")
        );
        assert_eq!(
            success("{'*/*': {schema: {type: string, format: binary}}}"),
            media(MediaKind::Raw, "*/*")
        );
        assert!(matches!(
            success("{'application/problem+json': {schema: {type: string}}}"),
            Response::Json { .. }
        ));
    }
}

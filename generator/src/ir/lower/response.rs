//! Responses: the success shape (one body, or an enum by status) and the error shape (one body,
//! or an enum by status).

use openapiv3::{ReferenceOr, Schema, SchemaKind, StatusCode, Type};

use super::media::{MediaClass, classify, essence, is_json, is_pattern};
use super::operation::RawOperation;
use super::{Ctx, Lowerer, Result, docs, fail};
use crate::ir::model::*;
use crate::ir::naming::{self, ERROR_VARIANTS, Namespace};
use crate::pointer;

/// One documented response: its statuses, its key in `responses`, and the response.
pub(super) type Entry<'a> = (StatusMatch, String, &'a ReferenceOr<openapiv3::Response>);

impl<'a> Lowerer<'a> {
    /// The success response, the `Accept` that asks for it (when not `application/json`) and
    /// the error shape of an operation.
    pub(super) fn lower_responses(
        &mut self,
        raw: &RawOperation<'a>,
        op_camel: &str,
    ) -> Result<(Response, Option<String>, ErrorShape)> {
        let responses = &raw.operation.responses;
        let base = format!("{}/responses", raw.pointer);
        let mut entries: Vec<Entry<'a>> = responses
            .responses
            .iter()
            .map(|(code, r)| match code {
                StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string(), r),
                StatusCode::Range(class) => (StatusMatch::Range(*class), code.to_string(), r),
            })
            .collect();
        // Codes first, then ranges, each ascending: the order their match arms need.
        entries.sort_by_key(|(status, ..)| *status);
        let is_success = |status: &StatusMatch| match status {
            StatusMatch::Code(code) => (200..300).contains(code),
            StatusMatch::Range(class) => *class == 2,
            StatusMatch::Other => false,
        };
        let (mut success, mut errors): (Vec<Entry<'a>>, Vec<Entry<'a>>) = entries
            .into_iter()
            .partition(|(status, ..)| is_success(status));
        if let Some(default) = &responses.default {
            let entry = (StatusMatch::Other, "default".to_owned(), default);
            // With no success status listed, `default` describes the successes too.
            if success.is_empty() {
                success.push((StatusMatch::Code(200), entry.1.clone(), default));
            }
            errors.push(entry);
        }
        let (response, accept) = match self.stream_response(raw, &success, &base, op_camel)? {
            Some(streamed) => streamed,
            None => self.lower_success(&success, &base, op_camel)?,
        };
        let error = self.lower_errors(&errors, &base, op_camel)?;
        // The types an operation's futures spell out (`Call<T, E>`) are named where they nest.
        let response = match response {
            Response::Json { ty, envelope } => Response::Json {
                ty: self.named_if_nested(
                    ty,
                    Ctx::new(naming::response_type(op_camel, None), base.clone()),
                    docs::body_alias(&raw.id, false),
                ),
                envelope,
            },
            other => other,
        };
        let error = match error {
            ErrorShape::Single(ErrorBody::Json(ty)) => {
                ErrorShape::Single(ErrorBody::Json(self.named_if_nested(
                    ty,
                    Ctx::new(naming::error_enum(op_camel), base),
                    docs::body_alias(&raw.id, true),
                )))
            }
            other => other,
        };
        Ok((response, accept, error))
    }

    /// `ty`, or, where it is a list or map of lists or maps (`Vec<Vec<BTreeMap<String, Value>>>`),
    /// an alias of it named by `ctx`: written out twice in an operation's future, `Call<T, E>`,
    /// such a type is more than clippy's `type_complexity` allows, and a name reads better.
    fn named_if_nested(&mut self, ty: TypeRef, ctx: Ctx, docs: String) -> TypeRef {
        let nested = match &ty {
            TypeRef::Vec(inner) | TypeRef::Map(inner) => {
                matches!(**inner, TypeRef::Vec(_) | TypeRef::Map(_))
            }
            _ => false,
        };
        if nested {
            self.define(&ctx, Some(docs), false, TypeKind::Alias(ty))
        } else {
            ty
        }
    }

    fn lower_success(
        &mut self,
        entries: &[Entry<'a>],
        base: &str,
        op_camel: &str,
    ) -> Result<(Response, Option<String>)> {
        let (response, accept, representations) =
            self.lower_success_bodies(entries, op_camel, base)?;
        // Every success status offers the same representations, several of them: one enum,
        // decoded by the `Content-Type` the response comes with.
        let response = match representations.split_first() {
            Some((Some(first), rest)) if rest.iter().all(|r| r.as_ref() == Some(first)) => {
                Response::ByMediaType {
                    name: self.type_names.claim(&naming::response_enum(op_camel)),
                    cases: first.clone(),
                }
            }
            _ => response,
        };
        Ok((response, accept))
    }

    /// The success response as one representation of each status's body (JSON where a status
    /// offers it), its `Accept`, and each status's representations where it offers several.
    fn lower_success_bodies(
        &mut self,
        entries: &[Entry<'a>],
        op_camel: &str,
        base: &str,
    ) -> Result<(Response, Option<String>, Vec<Offered>)> {
        let several = entries.len() > 1;
        let mut cases: Vec<(StatusMatch, Option<SuccessBody>)> = Vec::new();
        let mut media: Vec<(String, MediaKind, String)> = Vec::new();
        // The JSON media types decoded, when one is not `application/json`.
        let mut json_types: Vec<String> = Vec::new();
        let mut representations = Vec::new();
        for (status, key, response) in entries {
            let pointer = pointer::join(base, key);
            let name = naming::response_type(op_camel, several.then_some(key.as_str()));
            // 204 and 205 carry no body (RFC 9110, 15.3.5 and 15.3.6), whatever content
            // the spec gives them: there is nothing on the wire to decode.
            if matches!(status, StatusMatch::Code(204 | 205)) {
                representations.push(None);
                cases.push((*status, None));
                continue;
            }
            let (success, offered) = self.success_body(response, &pointer, name)?;
            representations.push(offered);
            match success {
                Success::Json(body, media_type) => {
                    if let Some(media_type) = media_type.filter(|m| !json_types.contains(m)) {
                        json_types.push(media_type);
                    }
                    cases.push((*status, body));
                }
                Success::Media(kind, accept) => media.push((pointer, kind, accept)),
            }
        }
        if let Some((pointer, kind, accept)) = media.first() {
            // Statuses without a body read as an empty one; JSON beside another type is not
            // one thing to return.
            if let Some((status, _)) = cases.iter().find(|(_, body)| body.is_some()) {
                return fail(
                    format!("{pointer}/content"),
                    format!(
                        "success statuses answer with JSON (status {}) and with `{accept}`; \
                         an operation returning both is not supported",
                        naming::status_variant(*status)
                    ),
                );
            }
            let mut types: Vec<&str> = Vec::new();
            for (_, _, accept) in &media {
                for media_type in accept.split(", ") {
                    if !types.contains(&media_type) {
                        types.push(media_type);
                    }
                }
            }
            let same = media.iter().all(|(_, k, a)| k == kind && a == accept);
            let response = Response::Media {
                kind: if same { *kind } else { MediaKind::Raw },
            };
            return Ok((response, Some(types.join(", ")), representations));
        }
        let accept = (!json_types.iter().all(|m| essence(m) == "application/json"))
            .then(|| json_types.join(", "));
        let Some((_, first)) = cases.first() else {
            return Ok((Response::Empty, None, representations));
        };
        if cases.iter().all(|(_, body)| body == first) {
            let response = match first.clone() {
                None => Response::Empty,
                Some(SuccessBody { ty, envelope }) => Response::Json { ty, envelope },
            };
            return Ok((response, accept, representations));
        }
        let mut variants = Namespace::default();
        let cases = cases
            .into_iter()
            .map(
                |(status, body): (StatusMatch, Option<SuccessBody>)| SuccessCase {
                    status,
                    variant: variants.claim(&naming::status_variant(status)),
                    boxed: body.as_ref().is_some_and(|body| boxed_payload(&body.ty)),
                    body,
                },
            )
            .collect();
        let response = Response::ByStatus {
            name: self.type_names.claim(&naming::response_enum(op_camel)),
            cases,
        };
        Ok((response, accept, representations))
    }

    /// The body of one success status: JSON (`None` when it has none: no content, no schema, or
    /// an empty `{"data": {}}` envelope), or a body of another media type. The first JSON media
    /// type with a schema is decoded; the rest (and raw bytes under `*/*`) are bodies of their
    /// own media type.
    fn success_body(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        pointer: &str,
        name: String,
    ) -> Result<(Success, Offered)> {
        let (response, _) = self.resolve_ref(response, pointer)?;
        let mut decoded = None;
        let mut json_types: Vec<String> = Vec::new();
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
                    decoded.get_or_insert((media_type, schema, schema_pointer));
                    json_types.push(media_type.clone());
                }
                (None, true) => json_types.push(media_type.clone()),
                _ => others.push(media_type),
            }
        }
        let Some((media_type, schema, schema_pointer)) = decoded else {
            return Ok((media_response(&others), offered(None, &others)));
        };
        // `*/*` names no type to ask for.
        let media_type = (!is_pattern(media_type)).then(|| media_type.clone());
        let ctx = Ctx::new(name, schema_pointer.clone());
        let body = match self.envelope(schema.into(), &schema_pointer)? {
            Some((inner, inner_pointer)) => {
                let (resolved, _) = self.resolve(inner, &inner_pointer)?;
                if is_empty_object(resolved) {
                    None
                } else {
                    Some(SuccessBody {
                        ty: self.lower(inner, &ctx.at(inner_pointer))?,
                        envelope: Some("data".to_owned()),
                    })
                }
            }
            None => Some(SuccessBody {
                ty: self.lower(schema.into(), &ctx)?,
                envelope: None,
            }),
        };
        let json = body.clone().map(|body| MediaCase {
            variant: "Json".to_owned(),
            media_types: json_types,
            boxed: boxed_payload(&body.ty),
            body: MediaBody::Json(body),
        });
        let offered = json.and_then(|json| offered(Some(json), &others));
        Ok((Success::Json(body, media_type), offered))
    }

    fn lower_errors(
        &mut self,
        entries: &[Entry<'a>],
        base: &str,
        op_camel: &str,
    ) -> Result<ErrorShape> {
        let mut bodies: Vec<(StatusMatch, ErrorBody)> = Vec::new();
        for (status, key, response) in entries {
            let pointer = pointer::join(base, key);
            let name = naming::error_body_type(op_camel, key);
            bodies.push((*status, self.error_body(response, &pointer, name)?));
        }
        if bodies.is_empty() {
            // No error is documented: whatever comes is tried as JSON.
            return Ok(ErrorShape::Single(ErrorBody::Json(TypeRef::Json)));
        }
        // `default` covers every status not listed; without it, the most common body does
        // (ties go to the first).
        let fallback = match bodies.iter().find(|(s, _)| *s == StatusMatch::Other) {
            Some((_, body)) => body.clone(),
            None => {
                let count = |body: &ErrorBody| bodies.iter().filter(|(_, b)| b == body).count();
                let mut best = &bodies[0].1;
                for (_, body) in &bodies {
                    if count(body) > count(best) {
                        best = body;
                    }
                }
                best.clone()
            }
        };
        // A status with the fallback's body needs no case, unless a range with another body
        // covers it: it must not decode as the range does.
        let ranges: Vec<u16> = bodies
            .iter()
            .filter_map(|(status, body)| match status {
                StatusMatch::Range(class) if *body != fallback => Some(*class),
                _ => None,
            })
            .collect();
        let needs_case = |status: &StatusMatch, body: &ErrorBody| match status {
            StatusMatch::Other => false,
            StatusMatch::Code(code) => *body != fallback || ranges.contains(&(code / 100)),
            StatusMatch::Range(_) => *body != fallback,
        };
        let mut variants = Namespace::with_reserved(ERROR_VARIANTS);
        let mut cases: Vec<ErrorCase> = bodies
            .into_iter()
            .filter(|(status, body)| needs_case(status, body))
            .map(|(status, body)| ErrorCase {
                status,
                variant: variants.claim(&naming::status_variant(status)),
                boxed: boxed_error(&body),
                body,
            })
            .collect();
        if cases.is_empty() {
            return Ok(ErrorShape::Single(fallback));
        }
        cases.push(ErrorCase {
            status: StatusMatch::Other,
            variant: naming::status_variant(StatusMatch::Other),
            boxed: boxed_error(&fallback),
            body: fallback,
        });
        Ok(ErrorShape::ByStatus {
            name: self.type_names.claim(&naming::error_enum(op_camel)),
            cases,
        })
    }

    /// The body of one error status: JSON with a schema is decoded into its type (beside other
    /// media types, by the response's `Content-Type`: JSON decoded, the others kept as text); a
    /// body that is not JSON is kept as text; no content, or JSON without a schema, is no body.
    fn error_body(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        pointer: &str,
        name: String,
    ) -> Result<ErrorBody> {
        let (response, _) = self.resolve_ref(response, pointer)?;
        let Some((media_type, content)) = response.content.iter().find(|(k, _)| is_json(k)) else {
            return Ok(if response.content.is_empty() {
                ErrorBody::Empty
            } else {
                ErrorBody::Text
            });
        };
        let Some(schema) = &content.schema else {
            return Ok(ErrorBody::Empty);
        };
        let schema_pointer = format!(
            "{}/schema",
            pointer::join(&format!("{pointer}/content"), media_type)
        );
        let ty = self.lower(schema.into(), &Ctx::new(name, schema_pointer))?;
        let (json_types, text_types): (Vec<String>, Vec<String>) =
            response.content.keys().cloned().partition(|m| is_json(m));
        if text_types.is_empty() {
            return Ok(ErrorBody::Json(ty));
        }
        Ok(ErrorBody::JsonOrText {
            ty,
            json_types,
            text_types,
        })
    }
}

/// The representations of one success status's body, where it offers several.
type Offered = Option<Vec<MediaCase>>;

/// What one success status returns.
enum Success {
    /// A JSON body, or none; and the JSON media type it came in, unless a pattern.
    Json(Option<SuccessBody>, Option<String>),
    /// A body of another media type, and the `Accept` that asks for it.
    Media(MediaKind, String),
}

/// A success status with no JSON to decode: what its other media types return, asking for
/// them all (no body when there are none). Text comes back as a `String`; one binary type as
/// bytes; anything else (XML, several types, patterns) as bytes with their content type.
fn media_response(media_types: &[&str]) -> Success {
    let mut types: Vec<&str> = Vec::new();
    for media_type in media_types {
        if !types.contains(media_type) {
            types.push(media_type);
        }
    }
    let classes: Vec<MediaClass> = types.iter().map(|m| classify(m)).collect();
    let kind = match classes.as_slice() {
        [] => return Success::Json(None, None),
        [MediaClass::Binary] if !is_pattern(types[0]) => MediaKind::Bytes,
        all if all.iter().all(|c| *c == MediaClass::Text) => MediaKind::Text,
        _ => MediaKind::Raw,
    };
    Success::Media(kind, accept(&types))
}

/// The representations of a body offered as `json` (when it has a JSON type with a schema)
/// and these other media types, where they are more than one: JSON, text (every `text/*`
/// type), then the rest (bytes for one concrete binary type, else bytes with their content
/// type). A body offered in one representation gives `None`: it is read as before, whatever
/// its `Content-Type`.
fn offered(json: Option<MediaCase>, others: &[&str]) -> Offered {
    let mut text: Vec<String> = Vec::new();
    let mut rest: Vec<String> = Vec::new();
    for media_type in others {
        let group = if classify(media_type) == MediaClass::Text {
            &mut text
        } else {
            &mut rest
        };
        if !group.iter().any(|m| m == media_type) {
            group.push((*media_type).to_owned());
        }
    }
    let text = (!text.is_empty()).then(|| MediaCase {
        variant: "Text".to_owned(),
        media_types: text,
        body: MediaBody::Media(MediaKind::Text),
        boxed: false,
    });
    let rest = (!rest.is_empty()).then(|| {
        let bytes = matches!(rest.as_slice(), [one] if classify(one) == MediaClass::Binary && !is_pattern(one));
        let (variant, kind) = if bytes {
            ("Bytes", MediaKind::Bytes)
        } else {
            ("Raw", MediaKind::Raw)
        };
        MediaCase {
            variant: variant.to_owned(),
            media_types: rest,
            body: MediaBody::Media(kind),
            boxed: false,
        }
    });
    let cases: Vec<MediaCase> = [json, text, rest].into_iter().flatten().collect();
    (cases.len() > 1).then_some(cases)
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

/// Whether a variant of a per-status or per-media-type enum holds a body of this type in a
/// `Box`: a model does (see [`ErrorCase::boxed`]).
fn boxed_payload(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(_))
}

/// [`boxed_payload`] of an error body's JSON type, if it has one.
fn boxed_error(body: &ErrorBody) -> bool {
    match body {
        ErrorBody::Json(ty) | ErrorBody::JsonOrText { ty, .. } => boxed_payload(ty),
        ErrorBody::Text | ErrorBody::Empty => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::*;

    /// The one operation of a spec whose `GET /x` has these responses.
    fn operation(responses: &str) -> Operation {
        let spec = format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n{responses}"
        );
        let api = crate::build_ir("x.yaml", &spec).unwrap_or_else(|e| panic!("{e}"));
        api.operations.into_iter().next().unwrap()
    }

    const JSON_INT: &str = "content: {application/json: {schema: {type: integer}}}";

    #[test]
    fn bodies_of_nested_lists_and_maps_are_named() {
        let nested = "content: {application/json: {schema: {type: array, items: {type: array, items: {type: object, additionalProperties: true}}}}}";
        let op = operation(&format!(
            "        '200': {{description: ok, {nested}}}\n        default: {{description: e, {nested}}}\n"
        ));
        let named = |name: &str| TypeRef::Named(name.into());
        assert_eq!(
            op.response,
            Response::Json {
                ty: named("GetXResponse"),
                envelope: None
            }
        );
        assert_eq!(
            op.error,
            ErrorShape::Single(ErrorBody::Json(named("GetXError")))
        );
        // One level of list or map is written as it is.
        let flat = "content: {application/json: {schema: {type: array, items: {type: string}}}}";
        let op = operation(&format!("        '200': {{description: ok, {flat}}}\n"));
        let Response::Json { ty, .. } = op.response else {
            panic!("{:?}", op.response)
        };
        assert_eq!(ty, TypeRef::Vec(Box::new(TypeRef::String)));
    }

    #[test]
    fn default_is_the_fallback_and_listed_statuses_with_its_body_need_no_case() {
        let op = operation(&format!(
            "        '200': {{description: ok}}\n        '400': {{description: a, {JSON_INT}}}\n        '404': {{description: b}}\n        '409': {{description: c, content: {{text/plain: {{schema: {{type: string}}}}}}}}\n        4XX: {{description: d, {JSON_INT}}}\n        default: {{description: e, {JSON_INT}}}\n"
        ));
        let ErrorShape::ByStatus { name, cases } = op.error else {
            panic!("{:?}", op.error)
        };
        assert_eq!(name, "GetXError");
        let cases: Vec<(StatusMatch, &str, ErrorBody)> = cases
            .iter()
            .map(|c| (c.status, c.variant.as_str(), c.body.clone()))
            .collect();
        assert_eq!(
            cases,
            [
                (StatusMatch::Code(404), "NotFound", ErrorBody::Empty),
                (StatusMatch::Code(409), "Conflict", ErrorBody::Text),
                (StatusMatch::Other, "Other", ErrorBody::Json(TypeRef::I64)),
            ]
        );
    }

    #[test]
    fn an_error_body_declared_as_json_and_text_is_read_by_content_type() {
        let op = operation(
            "        '200': {description: ok}\n        default: {description: e, content: {application/problem+json: {schema: {type: integer}}, text/html: {}, text/plain: {}}}\n",
        );
        assert_eq!(
            op.error,
            ErrorShape::Single(ErrorBody::JsonOrText {
                ty: TypeRef::I64,
                json_types: vec!["application/problem+json".into()],
                text_types: vec!["text/html".into(), "text/plain".into()],
            })
        );
        assert!(op.error.by_content_type());
        // JSON alone is decoded as before, whatever the response's type.
        let op = operation(&format!(
            "        '200': {{description: ok}}\n        default: {{description: e, {JSON_INT}}}\n"
        ));
        assert_eq!(op.error, ErrorShape::Single(ErrorBody::Json(TypeRef::I64)));
        assert!(!op.error.by_content_type());
    }

    #[test]
    fn a_status_inside_a_range_of_another_body_keeps_its_case() {
        let op = operation(&format!(
            "        '200': {{description: ok}}\n        '400': {{description: a, {JSON_INT}}}\n        '401': {{description: a, {JSON_INT}}}\n        '500': {{description: a, {JSON_INT}}}\n        4XX: {{description: d}}\n"
        ));
        let ErrorShape::ByStatus { cases, .. } = op.error else {
            panic!("{:?}", op.error)
        };
        let statuses: Vec<StatusMatch> = cases.iter().map(|c| c.status).collect();
        assert_eq!(
            statuses,
            [
                StatusMatch::Code(400),
                StatusMatch::Code(401),
                StatusMatch::Range(4),
                StatusMatch::Other
            ]
        );
        assert_eq!(cases[0].body, ErrorBody::Json(TypeRef::I64));
    }

    #[test]
    fn one_error_body_is_single_and_none_documented_is_any_json() {
        let op = operation(
            "        '200': {description: ok}\n        '404': {description: gone}\n        '410': {description: gone}\n",
        );
        assert_eq!(op.error, ErrorShape::Single(ErrorBody::Empty));
        let op = operation("        '200': {description: ok}\n");
        assert_eq!(op.error, ErrorShape::Single(ErrorBody::Json(TypeRef::Json)));
    }

    #[test]
    fn success_statuses_with_different_bodies_are_an_enum() {
        let op = operation(&format!(
            "        '200': {{description: a, {JSON_INT}}}\n        '201': {{description: b, {JSON_INT}}}\n        '204': {{description: c}}\n"
        ));
        let Response::ByStatus { name, cases } = op.response else {
            panic!("{:?}", op.response)
        };
        assert_eq!(name, "GetXResponse");
        let variants: Vec<(&str, bool)> = cases
            .iter()
            .map(|c| (c.variant.as_str(), c.body.is_some()))
            .collect();
        assert_eq!(
            variants,
            [("Ok", true), ("Created", true), ("NoContent", false)]
        );
        let same = operation(&format!(
            "        '200': {{description: a, {JSON_INT}}}\n        '201': {{description: b, {JSON_INT}}}\n"
        ));
        assert_eq!(
            same.response,
            Response::Json {
                ty: TypeRef::I64,
                envelope: None
            }
        );
    }

    #[test]
    fn a_lone_default_describes_the_success_too() {
        let op = operation(&format!(
            "        default: {{description: a, {JSON_INT}}}\n"
        ));
        assert_eq!(
            op.response,
            Response::Json {
                ty: TypeRef::I64,
                envelope: None
            }
        );
    }

    /// The success response of a `GET /x` answering 200 with this `content`, and its `Accept`.
    fn success(content: &str) -> (Response, Option<String>) {
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
        let api =
            crate::ir::lower(&serde_yaml::from_str(&text).unwrap(), &Default::default()).unwrap();
        let op = &api.operations[0];
        (op.response.clone(), op.accept.clone())
    }

    fn media(kind: MediaKind, accept: &str) -> (Response, Option<String>) {
        (Response::Media { kind }, Some(accept.into()))
    }

    /// One case of an enum by media type.
    fn case(variant: &str, media_types: &[&str], body: MediaBody) -> MediaCase {
        MediaCase {
            variant: variant.into(),
            media_types: media_types.iter().map(|m| m.to_string()).collect(),
            boxed: matches!(&body, MediaBody::Json(json) if crate::ir::lower::response::boxed_payload(&json.ty)),
            body,
        }
    }

    #[test]
    fn a_body_in_several_representations_is_an_enum_by_media_type() {
        let int = || {
            MediaBody::Json(SuccessBody {
                ty: TypeRef::I64,
                envelope: None,
            })
        };
        // JSON is asked for; XML is read as bytes with their type.
        let json = success(
            "{application/xml: {schema: {type: string}}, application/json: {schema: {type: integer}}}",
        );
        let expected = |cases| Response::ByMediaType {
            name: "GetXResponse".into(),
            cases,
        };
        assert_eq!(
            json,
            (
                expected(vec![
                    case("Json", &["application/json"], int()),
                    case(
                        "Raw",
                        &["application/xml"],
                        MediaBody::Media(MediaKind::Raw)
                    ),
                ]),
                None
            )
        );
        // Every JSON type is one case (the first schema decodes), every text type another,
        // one binary type is bytes; the JSON type decoded is the default `Accept`.
        let (response, accept) = success(
            "{application/vnd.t+json: {schema: {type: integer}}, text/plain: {}, 'application/problem+json': {},
              text/*: {}, application/pdf: {schema: {type: string, format: binary}}}",
        );
        assert_eq!(
            response,
            expected(vec![
                case(
                    "Json",
                    &["application/vnd.t+json", "application/problem+json"],
                    int()
                ),
                case(
                    "Text",
                    &["text/plain", "text/*"],
                    MediaBody::Media(MediaKind::Text)
                ),
                case(
                    "Bytes",
                    &["application/pdf"],
                    MediaBody::Media(MediaKind::Bytes)
                ),
            ])
        );
        assert_eq!(accept.as_deref(), Some("application/vnd.t+json"));
        // Without JSON: text beside another type; all of them are asked for.
        let (response, accept) = success("{application/x-subrip: {}, text/vtt: {}}");
        assert_eq!(
            response,
            expected(vec![
                case("Text", &["text/vtt"], MediaBody::Media(MediaKind::Text)),
                case(
                    "Raw",
                    &["application/x-subrip"],
                    MediaBody::Media(MediaKind::Raw)
                ),
            ])
        );
        assert_eq!(accept.as_deref(), Some("application/x-subrip, text/vtt"));
    }

    #[test]
    fn statuses_offering_different_representations_read_as_before() {
        // 200 offers JSON and text, 201 only JSON: no enum by media type, JSON decoded.
        let op = operation(&format!(
            "        '200': {{description: a, content: {{application/json: {{schema: {{type: integer}}}}, text/plain: {{}}}}}}\n        '201': {{description: b, {JSON_INT}}}\n"
        ));
        assert_eq!(
            op.response,
            Response::Json {
                ty: TypeRef::I64,
                envelope: None
            }
        );
        // The same representations on every status: one enum.
        let both = "content: {application/json: {schema: {type: integer}}, text/plain: {}}";
        let op = operation(&format!(
            "        '200': {{description: a, {both}}}\n        '201': {{description: b, {both}}}\n"
        ));
        assert!(
            matches!(&op.response, Response::ByMediaType { cases, .. } if cases.len() == 2),
            "{:?}",
            op.response
        );
    }

    #[test]
    fn one_representation_is_read_as_before() {
        let json = success("{application/json: {schema: {type: integer}}}");
        assert_eq!(
            json,
            (
                Response::Json {
                    ty: TypeRef::I64,
                    envelope: None
                },
                None
            )
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
        assert_eq!(success("{application/json: {}}"), (Response::Empty, None));
        assert_eq!(
            success("{application/json: {}, application/zip: {}}"),
            media(MediaKind::Bytes, "application/zip")
        );
        assert_eq!(
            success("{'*/*': {schema: {type: string, format: binary}}}"),
            media(MediaKind::Raw, "*/*")
        );
        let (response, accept) = success("{'application/problem+json': {schema: {type: string}}}");
        assert!(matches!(response, Response::Json { .. }), "{response:?}");
        assert_eq!(accept.as_deref(), Some("application/problem+json"));
        let (_, accept) = success("{'application/json; charset=utf-8': {schema: {type: string}}}");
        assert_eq!(accept, None, "application/json is the client's default");
    }

    #[test]
    fn a_204_has_no_body_whatever_content_the_spec_gives_it() {
        let lowered = |responses: &str| {
            let text = format!(
                "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    put:\n      operationId: putX\n      responses: {responses}\n"
            );
            let api = crate::ir::lower(&serde_yaml::from_str(&text).unwrap(), &Default::default())
                .unwrap();
            api.operations[0].response.clone()
        };
        let tag = "{content: {application/vnd.t+json: {schema: {type: object, properties: {n: {type: string}}}}}, description: d}";
        assert_eq!(lowered(&format!("{{'204': {tag}}}")), Response::Empty);
        let Response::ByStatus { cases, .. } = lowered(&format!("{{'200': {tag}, '204': {tag}}}"))
        else {
            panic!("two success statuses with different bodies");
        };
        let bodies: Vec<bool> = cases.iter().map(|case| case.body.is_some()).collect();
        assert_eq!(bodies, [true, false]);
    }
}

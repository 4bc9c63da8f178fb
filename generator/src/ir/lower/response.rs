//! Responses: the success shape (one body, or an enum by status) and the error shape (one body,
//! or an enum by status).

use openapiv3::{ReferenceOr, Schema, SchemaKind, StatusCode, Type};

use super::body::is_json;
use super::operation::RawOperation;
use super::{Ctx, Lowerer, Result, fail};
use crate::ir::model::*;
use crate::ir::naming::{self, ERROR_VARIANTS, Namespace};
use crate::pointer;

/// One documented response: its statuses, its key in `responses`, and the response.
type Entry<'a> = (StatusMatch, String, &'a ReferenceOr<openapiv3::Response>);

impl<'a> Lowerer<'a> {
    /// The success response and the error shape of an operation.
    pub(super) fn lower_responses(
        &mut self,
        raw: &RawOperation<'a>,
        op_camel: &str,
    ) -> Result<(Response, ErrorShape)> {
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
        let response = self.lower_success(&success, &base, op_camel)?;
        let error = self.lower_errors(&errors, &base, op_camel)?;
        Ok((response, error))
    }

    fn lower_success(
        &mut self,
        entries: &[Entry<'a>],
        base: &str,
        op_camel: &str,
    ) -> Result<Response> {
        let several = entries.len() > 1;
        let mut cases: Vec<(StatusMatch, Option<SuccessBody>)> = Vec::new();
        for (status, key, response) in entries {
            let pointer = pointer::join(base, key);
            let name = naming::response_type(op_camel, several.then_some(key.as_str()));
            cases.push((*status, self.success_body(response, &pointer, name)?));
        }
        let Some((_, first)) = cases.first() else {
            return Ok(Response::Empty);
        };
        if cases.iter().all(|(_, body)| body == first) {
            return Ok(match first.clone() {
                None => Response::Empty,
                Some(SuccessBody { ty, envelope }) => Response::Json { ty, envelope },
            });
        }
        let mut variants = Namespace::default();
        let cases = cases
            .into_iter()
            .map(|(status, body)| SuccessCase {
                status,
                variant: variants.claim(&naming::status_variant(status)),
                body,
            })
            .collect();
        Ok(Response::ByStatus {
            name: self.type_names.claim(&naming::response_enum(op_camel)),
            cases,
        })
    }

    /// The body of one success status: `None` when it has none (no content, no schema, or an
    /// empty `{"data": {}}` envelope).
    fn success_body(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        pointer: &str,
        name: String,
    ) -> Result<Option<SuccessBody>> {
        let (response, _) = self.resolve_ref(response, pointer)?;
        let Some((media_type, content)) = response.content.iter().find(|(k, _)| is_json(k)) else {
            if response.content.is_empty() {
                return Ok(None);
            }
            let types: Vec<&str> = response.content.keys().map(String::as_str).collect();
            return fail(
                format!("{pointer}/content"),
                format!(
                    "success response content type {} is not supported yet (JSON is); \
                     the body would be lost",
                    types.join(", ")
                ),
            );
        };
        let Some(schema) = &content.schema else {
            return Ok(None);
        };
        let schema_pointer = format!(
            "{}/schema",
            pointer::join(&format!("{pointer}/content"), media_type)
        );
        let ctx = Ctx::new(name, schema_pointer.clone());
        Ok(match self.envelope(schema.into(), &schema_pointer)? {
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
        })
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
                body,
            })
            .collect();
        if cases.is_empty() {
            return Ok(ErrorShape::Single(fallback));
        }
        cases.push(ErrorCase {
            status: StatusMatch::Other,
            variant: naming::status_variant(StatusMatch::Other),
            body: fallback,
        });
        Ok(ErrorShape::ByStatus {
            name: self.type_names.claim(&naming::error_enum(op_camel)),
            cases,
        })
    }

    /// The body of one error status: JSON with a schema is decoded into its type; a body that
    /// is not JSON is kept as text; no content, or JSON without a schema, is no body.
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
        Ok(ErrorBody::Json(ty))
    }
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
}

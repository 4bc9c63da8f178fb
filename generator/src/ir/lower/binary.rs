//! `format: binary` settled once every operation is lowered: a file in a multipart body, a
//! string everywhere else; and how each field of a multipart body goes in its parts.

use super::{Lowerer, Result, fail};
use crate::ir::model::*;

impl Lowerer<'_> {
    /// `format: binary` is a file only as a field of a `multipart/form-data` body (or the items
    /// of one); JSON can carry it only as a string, and so can a parameter. Every other `Binary`
    /// becomes `String`, and each multipart body is checked to be a struct of listed fields.
    pub(super) fn settle_binary(&mut self, operations: &mut [Operation]) -> Result<()> {
        let mut multipart: Vec<(String, String)> = Vec::new();
        for op in operations.iter_mut() {
            for param in &mut op.params {
                binary_as_string(&mut param.ty);
            }
            for content in op.body.iter_mut().flat_map(Body::contents_mut) {
                match &mut content.encoding {
                    BodyEncoding::Multipart {
                        ty: TypeRef::Named(name),
                        ..
                    } => multipart.push((name.clone(), format!("{}/requestBody", op.origin))),
                    BodyEncoding::Json(ty) | BodyEncoding::Form { ty, .. } => binary_as_string(ty),
                    _ => {}
                }
            }
            match &mut op.response {
                Response::Empty | Response::Media { .. } => {}
                Response::Json { ty, .. } => binary_as_string(ty),
                Response::Stream(stream) => binary_as_string(&mut stream.item),
                Response::ByStatus { cases, .. } => {
                    for body in cases.iter_mut().filter_map(|c| c.body.as_mut()) {
                        binary_as_string(&mut body.ty);
                    }
                }
                Response::ByMediaType { cases, .. } => {
                    for case in cases {
                        if let MediaBody::Json(body) = &mut case.body {
                            binary_as_string(&mut body.ty);
                        }
                    }
                }
            }
            match &mut op.error {
                ErrorShape::Single(body) => {
                    if let Some(ty) = body.json_mut() {
                        binary_as_string(ty);
                    }
                }
                ErrorShape::ByStatus { cases, .. } => {
                    for case in cases {
                        if let Some(ty) = case.body.json_mut() {
                            binary_as_string(ty);
                        }
                    }
                }
            }
        }
        for def in self.types.values_mut() {
            let is_multipart = multipart.iter().any(|(name, _)| *name == def.name);
            match &mut def.kind {
                TypeKind::Struct(s) => {
                    for field in &mut s.fields {
                        if !(is_multipart && field.ty.is_file()) {
                            binary_as_string(&mut field.ty);
                        }
                    }
                    if let Some(additional) = &mut s.additional {
                        binary_as_string(additional);
                    }
                }
                TypeKind::Union(u) => u
                    .variants
                    .iter_mut()
                    .for_each(|v| binary_as_string(&mut v.ty)),
                TypeKind::Alias(target) => binary_as_string(target),
                TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
            }
        }
        for (name, pointer) in &multipart {
            self.check_multipart(name, pointer)?;
        }
        Ok(())
    }

    /// A multipart body sends each field as parts; extra properties have no name to go under
    /// in the schema, so they are not supported.
    pub(super) fn check_multipart(&self, name: &str, pointer: &str) -> Result<()> {
        let Some(TypeDef {
            kind: TypeKind::Struct(s),
            origin,
            ..
        }) = self.types.get(name)
        else {
            return fail(pointer, "a multipart body must be an object");
        };
        if s.additional.is_some() {
            return fail(
                format!("{origin}/additionalProperties"),
                "a multipart body with `additionalProperties` is not supported: only its listed \
                 properties would be sent",
            );
        }
        Ok(())
    }

    /// How a multipart field of type `ty` is sent: the kind of its part (of each item's, for an
    /// array), and whether it is an array. OpenAPI 3.0's defaults: `text/plain` for a primitive,
    /// `application/json` for an object, the items' type for an array, files for binary.
    pub(super) fn part_of(&self, ty: &TypeRef) -> (PartKind, bool) {
        self.part_in(ty, true)
    }

    /// [`part_of`](Self::part_of), `direct` when `ty` is the field's own type rather than an
    /// alias's: only there is binary a file (elsewhere it becomes a string).
    fn part_in(&self, ty: &TypeRef, direct: bool) -> (PartKind, bool) {
        match ty {
            TypeRef::Vec(item) => (self.item_part(item, direct), true),
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Alias(target)) => self.part_in(target, false),
                _ => (self.item_part(ty, direct), false),
            },
            _ => (self.item_part(ty, direct), false),
        }
    }

    /// The part of one value of type `ty` (an array in an array is one JSON part).
    fn item_part(&self, ty: &TypeRef, direct: bool) -> PartKind {
        match ty {
            TypeRef::Binary if direct => PartKind::File,
            TypeRef::Vec(_)
            | TypeRef::Map(_)
            | TypeRef::Tuple(_)
            | TypeRef::External { scalar: false, .. } => PartKind::Json,
            TypeRef::Json => PartKind::Value,
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(_) | TypeKind::IntEnum(_)) => PartKind::Text,
                Some(TypeKind::Alias(target)) => self.item_part(target, false),
                Some(TypeKind::Struct(_)) => PartKind::Json,
                Some(TypeKind::Union(_)) | None => PartKind::Value,
            },
            _ => PartKind::Text,
        }
    }
}

/// Every `Binary` inside `ty` becomes `String`.
pub(super) fn binary_as_string(ty: &mut TypeRef) {
    match ty {
        TypeRef::Binary => *ty = TypeRef::String,
        TypeRef::Vec(inner) | TypeRef::Map(inner) => binary_as_string(inner),
        TypeRef::Tuple(items) => items.iter_mut().for_each(binary_as_string),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::*;

    const SPEC: &str = r#"
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /up:
    post:
      operationId: up
      parameters:
        - {name: raw, in: query, schema: {type: string, format: binary}}
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                scans: {type: array, items: {type: string, format: binary}}
                note: {$ref: '#/components/schemas/Note'}
                notes: {type: array, items: {$ref: '#/components/schemas/Note'}}
                tags: {type: array, items: {type: string}}
                kind: {type: string, enum: [a, b]}
                labels: {type: object, additionalProperties: {type: string}}
                grid: {type: array, items: {type: array, items: {type: integer}}}
                extra: {}
                either: {oneOf: [{type: string}, {type: integer}]}
      responses:
        '204': {description: Stored.}
components:
  schemas:
    Note:
      type: object
      properties:
        scan: {type: string, format: binary}
        pages: {type: array, items: {type: string, format: binary}}
"#;

    #[test]
    fn binary_is_a_file_only_in_a_multipart_body() {
        let api = crate::build_ir("up.yaml", SPEC).unwrap_or_else(|e| panic!("{e}"));
        let fields = |name: &str| match &api.types.iter().find(|t| t.name == name).unwrap().kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty.clone()).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            fields("UpBody")[..2],
            [TypeRef::Binary, TypeRef::Vec(Box::new(TypeRef::Binary))]
        );
        assert_eq!(
            fields("Note"),
            [TypeRef::String, TypeRef::Vec(Box::new(TypeRef::String))]
        );
        assert_eq!(api.operations[0].params[0].ty, TypeRef::String);
    }

    #[test]
    fn each_multipart_field_takes_the_part_openapi_defaults_to() {
        let api = crate::build_ir("up.yaml", SPEC).unwrap_or_else(|e| panic!("{e}"));
        let Some(BodyEncoding::Multipart { fields, .. }) =
            api.operations[0].body.as_ref().map(|b| &b.primary.encoding)
        else {
            panic!("{:?}", api.operations[0].body);
        };
        let parts: Vec<(&str, PartKind, bool, bool)> = fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f.part, f.repeated, f.optional))
            .collect();
        use PartKind::*;
        assert_eq!(
            parts,
            [
                ("file", File, false, false),
                ("scans", File, true, true),
                ("note", Json, false, true),
                ("notes", Json, true, true),
                ("tags", Text, true, true),
                ("kind", Text, false, true),
                ("labels", Json, false, true),
                ("grid", Json, true, true),
                ("extra", Value, false, true),
                ("either", Value, false, true),
            ]
        );
    }
}

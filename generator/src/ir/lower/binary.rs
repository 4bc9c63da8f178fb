//! `format: binary` settled once every operation is lowered: a file in a multipart body, a
//! string everywhere else; and multipart bodies checked to hold only what form parts carry.

use super::{Lowerer, Result, fail};
use crate::ir::model::*;
use crate::pointer;

impl Lowerer<'_> {
    /// `format: binary` is a file only as a field of a `multipart/form-data` body; JSON can carry
    /// it only as a string, and so can a parameter. Every other `Binary` becomes `String`, and
    /// each multipart body is checked to hold only fields a form part can carry.
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
                    BodyEncoding::Json(ty) | BodyEncoding::Form(ty) => binary_as_string(ty),
                    _ => {}
                }
            }
            match &mut op.response {
                Response::Empty | Response::Media { .. } => {}
                Response::Json { ty, .. } => binary_as_string(ty),
                Response::ByStatus { cases, .. } => {
                    for body in cases.iter_mut().filter_map(|c| c.body.as_mut()) {
                        binary_as_string(&mut body.ty);
                    }
                }
            }
            match &mut op.error {
                ErrorShape::Single(ErrorBody::Json(ty)) => binary_as_string(ty),
                ErrorShape::Single(_) => {}
                ErrorShape::ByStatus { cases, .. } => {
                    for case in cases {
                        if let ErrorBody::Json(ty) = &mut case.body {
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
                        if !(is_multipart && field.ty == TypeRef::Binary) {
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

    /// A multipart body sends each field as one part: a file, or text. Objects, lists and
    /// extra properties have no part to go in.
    fn check_multipart(&self, name: &str, pointer: &str) -> Result<()> {
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
        for field in &s.fields {
            if !self.is_part(&field.ty) {
                return fail(
                    pointer::join(&format!("{origin}/properties"), &field.wire_name),
                    format!(
                        "multipart field `{}` is not a string, number, boolean, enum or file; \
                         it has no form part to go in",
                        field.wire_name
                    ),
                );
            }
        }
        Ok(())
    }

    /// Whether a value can be one form part: a file or a scalar (through aliases).
    fn is_part(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(_) | TypeKind::IntEnum(_)) => true,
                Some(TypeKind::Alias(target)) => self.is_part(target),
                _ => false,
            },
            TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json => false,
            _ => true,
        }
    }
}

/// Every `Binary` inside `ty` becomes `String`.
fn binary_as_string(ty: &mut TypeRef) {
    match ty {
        TypeRef::Binary => *ty = TypeRef::String,
        TypeRef::Vec(inner) | TypeRef::Map(inner) => binary_as_string(inner),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::*;

    #[test]
    fn binary_is_a_file_only_in_a_multipart_body() {
        let spec = r#"
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
              properties:
                file: {type: string, format: binary}
                note: {$ref: '#/components/schemas/Note'}
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
        let api = crate::build_ir("up.yaml", spec).unwrap_err();
        assert!(api.message.contains("multipart field `note`"), "{api}");
        let spec = spec.replace(
            "note: {$ref: '#/components/schemas/Note'}",
            "note: {type: string}",
        );
        let api = crate::build_ir("up.yaml", &spec).unwrap_or_else(|e| panic!("{e}"));
        let fields = |name: &str| match &api.types.iter().find(|t| t.name == name).unwrap().kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.ty.clone()).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(fields("UpBody"), [TypeRef::Binary, TypeRef::String]);
        assert_eq!(
            fields("Note"),
            [TypeRef::String, TypeRef::Vec(Box::new(TypeRef::String))]
        );
        assert_eq!(api.operations[0].params[0].ty, TypeRef::String);
    }
}

//! Operations: `paths` walked once, each operation lowered with its parameters, body,
//! responses, pagination and scopes.

use std::collections::BTreeMap;

use openapiv3::{Parameter, PathItem, ReferenceOr};

use super::{Lowerer, Result, docs, fail};
use crate::ir::model::*;
use crate::ir::naming::{self, BUILDER_METHODS, Namespace, camel, snake};
use crate::{openapi, pointer};

impl<'a> Lowerer<'a> {
    /// Walks `paths` once: every operation, its id checked unique, its parameters resolved.
    pub(super) fn operations(&self) -> Result<Vec<RawOperation<'a>>> {
        let mut out = Vec::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in self.doc.paths.iter() {
            let path_pointer = pointer::join("#/paths", path);
            let ReferenceOr::Item(item) = item else {
                return fail(
                    path_pointer,
                    "a `$ref` path item is not supported; define the path inline",
                );
            };
            for (method, operation) in item.iter() {
                let pointer = format!("{path_pointer}/{method}");
                let id = match &operation.operation_id {
                    Some(id) => {
                        if let Some(first) = ids.get(id) {
                            return fail(
                                format!("{pointer}/operationId"),
                                format!("duplicate operationId `{id}`; it is also used at {first}"),
                            );
                        }
                        id.clone()
                    }
                    None => derived_operation_id(method, path),
                };
                ids.insert(id.clone(), pointer.clone());
                let params = self.parameters(item, operation, &path_pointer, &pointer)?;
                out.push(RawOperation {
                    id,
                    method,
                    path,
                    operation,
                    params,
                    pointer,
                });
            }
        }
        Ok(out)
    }

    /// An operation's parameters, resolved, with path-level ones merged in: an operation-level
    /// parameter replaces a path-level one of the same name and place.
    fn parameters(
        &self,
        item: &'a PathItem,
        operation: &'a openapiv3::Operation,
        path_pointer: &str,
        operation_pointer: &str,
    ) -> Result<Vec<(&'a Parameter, String)>> {
        let mut merged: Vec<(&'a Parameter, String)> = Vec::new();
        let levels = [
            (&item.parameters, path_pointer),
            (&operation.parameters, operation_pointer),
        ];
        for (params, base) in levels {
            for (index, param) in params.iter().enumerate() {
                let pointer = format!("{base}/parameters/{index}");
                // A referenced parameter is located at its component, where it is written.
                let (param, pointer) = self.resolve_ref(param, &pointer)?;
                let data = param.parameter_data_ref();
                let location = std::mem::discriminant(param);
                merged.retain(|(p, _)| {
                    !(p.parameter_data_ref().name == data.name
                        && std::mem::discriminant(*p) == location)
                });
                merged.push((param, pointer));
            }
        }
        Ok(merged)
    }

    /// Lowers every operation, in spec order.
    pub(super) fn lower_operations(&mut self, raw: &[RawOperation<'a>]) -> Result<Vec<Operation>> {
        let mut fn_names = Namespace::default();
        let mut builder_names: BTreeMap<String, Namespace> = BTreeMap::new();
        raw.iter()
            .map(|raw| self.lower_operation(raw, &mut fn_names, &mut builder_names))
            .collect()
    }

    fn lower_operation(
        &mut self,
        raw: &RawOperation<'a>,
        fn_names: &mut Namespace,
        builder_names: &mut BTreeMap<String, Namespace>,
    ) -> Result<Operation> {
        let operation = raw.operation;
        let op_camel = camel(&raw.id);
        let tag = operation
            .tags
            .first()
            .cloned()
            .unwrap_or_else(|| "default".to_owned());
        let module = naming::unraw(&snake(&tag)).to_owned();
        let fn_name = fn_names.claim(&snake(&raw.id));
        // Builders never take a prelude name, so operations modules can use the prelude plainly.
        let builder_name = builder_names
            .entry(module.clone())
            .or_insert_with(|| Namespace::with_reserved(naming::PRELUDE_NAMES))
            .claim(&op_camel);

        // Parameters.
        let mut param_names = Namespace::with_reserved(BUILDER_METHODS);
        let mut params = Vec::new();
        for (param, pointer) in &raw.params {
            params.push(self.lower_param(param, pointer, &op_camel, &mut param_names)?);
        }
        let mut path_parts = Vec::new();
        for piece in parse_path(raw.path, &raw.pointer)? {
            path_parts.push(match piece {
                Piece::Literal(text) => PathPart::Literal(text.to_owned()),
                Piece::Param(name) => match params
                    .iter()
                    .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
                {
                    Some(index) => PathPart::Param(index),
                    None => {
                        return fail(
                            raw.pointer.clone(),
                            format!(
                                "path parameter `{{{name}}}` in `{}` is not declared in `parameters`",
                                raw.path
                            ),
                        );
                    }
                },
            });
        }
        if let Some((_, p)) = params.iter().enumerate().find(|(index, p)| {
            p.location == ParamLocation::Path && !path_parts.contains(&PathPart::Param(*index))
        }) {
            return fail(
                raw.pointer.clone(),
                format!(
                    "path parameter `{}` is declared but `{}` has no `{{{}}}`",
                    p.wire_name, raw.path, p.wire_name
                ),
            );
        }

        // Request body.
        let body = match &operation.request_body {
            None => None,
            Some(body) => {
                let pointer = format!("{}/requestBody", raw.pointer);
                let (body, _) = self.resolve_ref(body, &pointer)?;
                Some(self.lower_body(body, &pointer, &op_camel)?)
            }
        };

        // Responses.
        let (response, error) = self.lower_responses(raw, &op_camel)?;
        let pagination = self.detect_pagination(&params, &response);

        let scopes = self.scopes(operation);

        Ok(Operation {
            id: raw.id.clone(),
            fn_name,
            builder_name,
            module,
            tag,
            method: parse_method(raw.method, &raw.pointer)?,
            path: raw.path.to_owned(),
            path_parts,
            summary: operation
                .summary
                .as_deref()
                .map(|s| docs::first_line(s).to_owned())
                .filter(|s| !s.is_empty()),
            docs: operation.description.as_deref().and_then(docs::markdown),
            deprecated: operation.deprecated,
            scopes,
            params,
            body,
            response,
            error,
            pagination,
            origin: raw.pointer.clone(),
            gate: Gate::Always,
        })
    }
}

/// An operation as the spec gives it, with its id decided and its parameters resolved.
pub(super) struct RawOperation<'a> {
    pub(super) id: String,
    pub(super) method: &'a str,
    pub(super) path: &'a str,
    pub(super) operation: &'a openapiv3::Operation,
    /// Path-level and operation-level parameters, merged, each with its pointer.
    pub(super) params: Vec<(&'a Parameter, String)>,
    pub(super) pointer: String,
}

fn parse_method(method: &str, pointer: &str) -> Result<Method> {
    match openapi::method(method) {
        Some(method) => Ok(method),
        None => fail(pointer, format!("`{method}` is not an HTTP method")),
    }
}

/// A piece of a path template, before its parameters are matched with the declared ones.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'p> {
    Literal(&'p str),
    Param(&'p str),
}

fn parse_path<'p>(path: &'p str, pointer: &str) -> Result<Vec<Piece<'p>>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(Piece::Literal(&rest[..open]));
        }
        let Some(close) = rest[open..].find('}') else {
            return fail(pointer, format!("unclosed `{{` in path `{path}`"));
        };
        parts.push(Piece::Param(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Piece::Literal(rest));
    }
    Ok(parts)
}

/// `get /webhooks/{webhook_gid}` -> `getWebhooksByWebhookGid`.
fn derived_operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            id.push_str("By");
            id.push_str(&camel(param));
        } else {
            id.push_str(&camel(segment));
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids() {
        assert_eq!(
            derived_operation_id("get", "/webhooks/{webhook_gid}"),
            "getWebhooksByWebhookGid"
        );
        assert_eq!(derived_operation_id("post", "/a-b/c.d"), "postABCD");
    }

    #[test]
    fn path_templates() {
        let parts = parse_path("/webhooks/{webhook_gid}/x", "#").unwrap();
        assert_eq!(
            parts,
            vec![
                Piece::Literal("/webhooks/"),
                Piece::Param("webhook_gid"),
                Piece::Literal("/x")
            ]
        );
        assert!(parse_path("/a/{b", "#").is_err());
    }
}

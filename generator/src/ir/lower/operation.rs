//! Operations: `paths` walked once, each operation lowered with its parameters, body,
//! responses, pagination and security.

use std::collections::BTreeMap;

use openapiv3::{Parameter, PathItem};

use super::{Lowerer, Result, docs, fail, fail_config};
use crate::ir::model::*;
use crate::ir::naming::{
    self, BUILDER_MEMBERS, CLIENT_METHODS, CRATE_MODULES, LINTED_METHODS, Namespace,
};
use crate::{openapi, pointer};

impl<'a> Lowerer<'a> {
    /// The default `Accept` of an operation that declares an `Accept` header parameter with
    /// an `enum`: one of its values, since a server may refuse any other (a list of every type
    /// the response offers, say). The first offered type it lists (`application/json` for a
    /// JSON response), else its first value. Setting the parameter replaces the default.
    fn accept_within_param(&self, accept: Option<String>, params: &[Param]) -> Option<String> {
        let allowed: Vec<&str> = params
            .iter()
            .filter(|p| {
                p.location == ParamLocation::Header && p.wire_name.eq_ignore_ascii_case("accept")
            })
            .find_map(|p| match &p.ty {
                TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Enum(e)) => {
                        Some(e.variants.iter().map(|v| v.wire_name.as_str()).collect())
                    }
                    _ => None,
                },
                _ => None,
            })
            .unwrap_or_default();
        let Some(&first) = allowed.first() else {
            return accept;
        };
        let offered = accept.as_deref().unwrap_or("application/json");
        let chosen = offered
            .split(", ")
            .find(|m| allowed.contains(m))
            .unwrap_or(first);
        (accept.is_some() || chosen != "application/json").then(|| chosen.to_owned())
    }

    /// Walks `paths` once: every operation, its id checked unique, its parameters resolved.
    pub(super) fn operations(&self) -> Result<Vec<RawOperation<'a>>> {
        let mut out = Vec::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in self.doc.paths.iter() {
            // A path item by `$ref` is located where it is written. One of another path is
            // served at this path too, under ids derived from it: their own ids belong to the
            // original. One of the components (OpenAPI 3.1's `pathItems`) keeps its ids where it
            // is first used.
            let (by_ref, shared) = match item {
                openapiv3::ReferenceOr::Reference { reference } => {
                    (true, reference.starts_with("#/paths/"))
                }
                openapiv3::ReferenceOr::Item(_) => (false, false),
            };
            let (item, path_pointer) = self.resolve_ref(item, &pointer::join("#/paths", path))?;
            for (method, operation) in item.iter() {
                let pointer = format!("{path_pointer}/{method}");
                let taken = operation
                    .operation_id
                    .as_ref()
                    .is_some_and(|id| ids.contains_key(id));
                let own = !(shared || by_ref && taken);
                let id = match &operation.operation_id {
                    Some(id) if own => {
                        if let Some(first) = ids.get(id) {
                            return fail(
                                format!("{pointer}/operationId"),
                                format!("duplicate operationId `{id}`; it is also used at {first}"),
                            );
                        }
                        id.clone()
                    }
                    _ => naming::derived_operation_id(method, path),
                };
                ids.insert(id.clone(), pointer.clone());
                let params = self.parameters(item, operation, &path_pointer, &pointer)?;
                out.push(RawOperation {
                    name: id.clone(),
                    id,
                    method,
                    path,
                    operation,
                    params,
                    pointer,
                });
            }
        }
        // FastAPI's default ids give way to their function names, each only where no other
        // operation's id or function name is the same.
        let functions: Vec<Option<String>> = out
            .iter()
            .map(|op| naming::fastapi_function(&op.id, op.method, op.path).map(str::to_owned))
            .collect();
        let taken = |name: &str| {
            ids.contains_key(name) || functions.iter().flatten().filter(|f| *f == name).count() > 1
        };
        for (op, function) in out.iter_mut().zip(&functions) {
            if let Some(function) = function.as_deref().filter(|f| !taken(f)) {
                op.name = function.to_owned();
            }
        }
        Ok(out)
    }

    /// The operations the configuration selects (`[generate]`), each with the name it gives
    /// (`[rename.operations]`: the method, which the builder and inline types are named from).
    pub(super) fn select(&self, raw: Vec<RawOperation<'a>>) -> Vec<RawOperation<'a>> {
        let config = self.config;
        raw.into_iter()
            .filter(|op| config.subset.includes(&op.id, &op.operation.tags))
            .map(|mut op| {
                if let Some(rename) = config.renames.operation(&op.id) {
                    op.name.clone_from(&rename.to);
                }
                op
            })
            .collect()
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
        let mut names = OperationNames {
            methods: Namespace::with_reserved(&[CLIENT_METHODS, LINTED_METHODS].concat()),
            builders: BTreeMap::new(),
            modules: Namespace::with_reserved(CRATE_MODULES),
            module_of_tag: BTreeMap::new(),
        };
        raw.iter()
            .map(|raw| self.lower_operation(raw, &mut names))
            .collect()
    }

    fn lower_operation(
        &mut self,
        raw: &RawOperation<'a>,
        names: &mut OperationNames,
    ) -> Result<Operation> {
        let operation = raw.operation;
        let op_camel = naming::operation_type(&raw.name);
        let tag = operation
            .tags
            .first()
            .cloned()
            .unwrap_or_else(|| "default".to_owned());
        let module = match names.module_of_tag.get(&tag) {
            Some(module) => module.clone(),
            None => {
                let module = names.modules.claim(&naming::module(&tag));
                names.module_of_tag.insert(tag.clone(), module.clone());
                module
            }
        };
        let fn_name = names.methods.claim(&naming::operation_method(&raw.name));
        if let Some(rename) = self.config.renames.operation(&raw.id) {
            if fn_name != rename.to {
                return fail_config(
                    &rename.spot,
                    format!(
                        "`{}` is taken by the client or another operation; the method would be `{fn_name}`",
                        rename.to
                    ),
                );
            }
        }
        // Builders never take a prelude name, so operations modules can use the prelude plainly.
        let builder_name = names
            .builders
            .entry(module.clone())
            .or_insert_with(|| Namespace::with_reserved(naming::PRELUDE_NAMES))
            .claim(&op_camel);

        // Parameters.
        let mut param_names = Namespace::with_reserved(BUILDER_MEMBERS);
        let mut params = Vec::new();
        for (param, pointer) in &raw.params {
            params.push(self.lower_param(param, pointer, &op_camel, &mut param_names)?);
        }
        let template = parse_template(raw.path, &raw.pointer)?;
        let mut fixed_query = Vec::new();
        for (key, value) in template.query {
            match value {
                QueryValue::Literal(value) => fixed_query.push((key, value)),
                // `?q={query}`: the parameter `query` (declared in the path or the query) is sent
                // in the query as `q`.
                QueryValue::Param(name) => {
                    let Some(param) = params.iter_mut().find(|p| {
                        p.wire_name == name
                            && matches!(p.location, ParamLocation::Path | ParamLocation::Query)
                    }) else {
                        return fail(
                            raw.pointer.clone(),
                            format!(
                                "`{{{name}}}` in the query of `{}` is not a declared path or query parameter",
                                raw.path
                            ),
                        );
                    };
                    if param.location == ParamLocation::Path && param.style != Style::Single {
                        return fail(
                            raw.pointer.clone(),
                            format!(
                                "`{{{name}}}` in the query of `{}` is a path parameter with `style`; only a plain value can move to the query",
                                raw.path
                            ),
                        );
                    }
                    param.location = ParamLocation::Query;
                    param.wire_name = key;
                }
            }
        }
        let mut path_parts = Vec::new();
        for piece in template.path {
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
        let mut body = match &operation.request_body {
            None => None,
            Some(body) => {
                let pointer = format!("{}/requestBody", raw.pointer);
                let (body, _) = self.resolve_ref(body, &pointer)?;
                Some(self.lower_body(body, &pointer, &op_camel, &mut param_names)?)
            }
        };
        // A required body in another media type is the argument of a method of its own,
        // named after the operation and the media type (`create_pet_form`).
        for alternative in body
            .iter_mut()
            .filter(|b| b.required)
            .flat_map(|b| &mut b.alternatives)
        {
            let media = alternative.setter.trim_start_matches("body_");
            let wanted = naming::operation_method(&format!("{}_{media}", raw.id));
            alternative.method = Some(names.methods.claim(&wanted));
        }

        // Responses.
        let (response, accept, error) = self.lower_responses(raw, &op_camel)?;
        let accept = self.accept_within_param(accept, &params);
        let pagination = self.detect_pagination(raw, &params, body.as_ref(), &response)?;

        let security = self.security(operation);

        // `&self`, the required parameters and a required body.
        let arguments = 1
            + params
                .iter()
                .filter(|p| p.required || p.location == ParamLocation::Path)
                .count()
            + usize::from(body.as_ref().is_some_and(|b| b.required));
        let args = (arguments > MAX_ARGUMENTS).then(|| {
            names
                .builders
                .entry(module.clone())
                .or_insert_with(|| Namespace::with_reserved(naming::PRELUDE_NAMES))
                .claim(&naming::args_type(&builder_name))
        });

        Ok(Operation {
            id: raw.id.clone(),
            fn_name,
            builder_name,
            args,
            module,
            tag,
            method: parse_method(raw.method, &raw.pointer)?,
            path: raw.path.to_owned(),
            path_parts,
            fixed_query,
            summary: operation.summary.as_deref().and_then(docs::summary),
            docs: operation.description.as_deref().and_then(docs::markdown),
            deprecated: operation.deprecated,
            security,
            params,
            body,
            response,
            accept,
            error,
            pagination,
            example: CallExample::default(),
            origin: raw.pointer.clone(),
            gate: Gate::Always,
        })
    }
}

/// The namespaces operations are named in: client methods (one for the whole client), builder
/// types (one per module), and modules (one per tag, around the crate root's own).
pub(super) struct OperationNames {
    methods: Namespace,
    builders: BTreeMap<String, Namespace>,
    modules: Namespace,
    module_of_tag: BTreeMap<String, String>,
}

/// An operation as the spec gives it, with its id decided and its parameters resolved.
pub(super) struct RawOperation<'a> {
    pub(super) id: String,
    /// What the operation's Rust names are made from: its id, or the function a FastAPI id was
    /// made from where no other operation takes that name.
    pub(super) name: String,
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

/// A path template split into its path and the query it may carry
/// (`/search?type=user&q={query}`); a `#fragment` is never sent, so dropped.
struct Template<'p> {
    path: Vec<Piece<'p>>,
    query: Vec<(String, QueryValue)>,
}

enum QueryValue {
    Literal(String),
    Param(String),
}

fn parse_template<'p>(template: &'p str, pointer: &str) -> Result<Template<'p>> {
    let without_fragment = template.split('#').next().unwrap_or_default();
    let (path, query) = match without_fragment.split_once('?') {
        Some((path, query)) => (path, query),
        None => (without_fragment, ""),
    };
    let path = if path.is_empty() { "/" } else { path };
    let mut pairs = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = match value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
            Some(name) => QueryValue::Param(name.to_owned()),
            None if value.contains(['{', '}']) || key.contains(['{', '}']) => {
                return fail(
                    pointer,
                    format!(
                        "`{pair}` in the query of `{template}`: a parameter must be a whole value (`key={{name}}`)"
                    ),
                );
            }
            None => QueryValue::Literal(value.to_owned()),
        };
        pairs.push((key.to_owned(), value));
    }
    Ok(Template {
        path: parse_path(path, pointer)?,
        query: pairs,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_parameters_beyond_the_argument_limit_go_in_a_struct() {
        // `&self`, `n` required parameters and a required body.
        let spec = |n: usize| {
            let params: String = (0..n)
                .map(|i| format!("        - {{name: p{i}, in: query, required: true, schema: {{type: string}}}}\n"))
                .collect();
            format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    post:\n      operationId: findX\n      parameters:\n{params}      requestBody: {{required: true, content: {{application/json: {{schema: {{type: object}}}}}}}}\n      responses: {{'204': {{description: none}}}}\n"
            )
        };
        let args = |n: usize| {
            let api = crate::build_ir("t.yaml", &spec(n)).unwrap_or_else(|e| panic!("{e}"));
            api.operations[0].args.clone()
        };
        assert_eq!(args(MAX_ARGUMENTS - 2), None);
        assert_eq!(args(MAX_ARGUMENTS - 1).as_deref(), Some("FindXArgs"));
    }

    #[test]
    fn the_default_accept_is_a_value_of_an_accept_parameters_enum() {
        let accept = |schema: &str, content: &str| {
            let spec = format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      \
                 parameters: [{{name: Accept, in: header, schema: {schema}}}]\n      \
                 responses: {{'200': {{description: ok, content: {content}}}}}\n"
            );
            let api = crate::build_ir("t.yaml", &spec).unwrap_or_else(|e| panic!("{e}"));
            api.operations[0].accept.clone()
        };
        let csv_pdf = "{application/pdf: {schema: {type: string, format: binary}}, \
                       text/csv: {schema: {type: string}}}";
        let json = "{application/json: {schema: {type: object}}}";
        let enumed = |values: &str| format!("{{type: string, enum: [{values}]}}");
        // Without an enum, every offered type.
        assert_eq!(
            accept("{type: string}", csv_pdf).as_deref(),
            Some("application/pdf, text/csv")
        );
        // The first offered type the enum lists.
        assert_eq!(
            accept(&enumed("text/csv, application/pdf"), csv_pdf).as_deref(),
            Some("application/pdf")
        );
        assert_eq!(
            accept(&enumed("text/csv, image/png"), csv_pdf).as_deref(),
            Some("text/csv")
        );
        // None of them: the enum's first value.
        assert_eq!(
            accept(&enumed("image/png"), csv_pdf).as_deref(),
            Some("image/png")
        );
        // JSON, listed or not.
        assert_eq!(accept(&enumed("text/csv, application/json"), json), None);
        assert_eq!(
            accept(&enumed("application/xml"), json).as_deref(),
            Some("application/xml")
        );
    }

    #[test]
    fn tags_never_take_a_module_of_the_crate_root() {
        let paths: String = ["operations", "models", "runtime", "macros", "tasks"]
            .iter()
            .map(|tag| {
                format!("  /{tag}:\n    get:\n      tags: [{tag}]\n      responses: {{'204': {{description: none}}}}\n")
            })
            .collect();
        let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
        let api = crate::build_ir("t.yaml", &spec).unwrap_or_else(|e| panic!("{e}"));
        let mut modules: Vec<(&str, &str)> = api
            .operations
            .iter()
            .map(|op| (op.tag.as_str(), op.module.as_str()))
            .collect();
        modules.sort();
        assert_eq!(
            modules,
            [
                ("macros", "macros_2"),
                ("models", "models_2"),
                ("operations", "operations_2"),
                ("runtime", "runtime_2"),
                ("tasks", "tasks"),
            ]
        );
    }

    #[test]
    fn methods_are_named_around_the_names_clippy_reads_as_a_promise() {
        let paths: String = ["new", "cmp", "news"]
            .iter()
            .map(|id| {
                format!("  /{id}:\n    get:\n      operationId: {id}\n      responses: {{'204': {{description: none}}}}\n")
            })
            .collect();
        let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
        let api = crate::build_ir("t.yaml", &spec).unwrap_or_else(|e| panic!("{e}"));
        let mut methods: Vec<&str> = api
            .operations
            .iter()
            .map(|op| op.fn_name.as_str())
            .collect();
        methods.sort();
        assert_eq!(methods, ["cmp_2", "new_2", "news"]);
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

    #[test]
    fn templates_carrying_a_query_or_a_fragment() {
        let template = parse_template("/rest/{id}?method=a.b&full&q={query}#x", "#").unwrap();
        assert_eq!(
            template.path,
            vec![Piece::Literal("/rest/"), Piece::Param("id")]
        );
        let query: Vec<String> = template
            .query
            .iter()
            .map(|(key, value)| match value {
                QueryValue::Literal(v) => format!("{key}={v}"),
                QueryValue::Param(p) => format!("{key}<-{p}"),
            })
            .collect();
        assert_eq!(query, ["method=a.b", "full=", "q<-query"]);
        assert_eq!(
            parse_template("/#X-Amz-Target=A.B", "#").unwrap().path,
            vec![Piece::Literal("/")]
        );
        assert!(parse_template("/a?q=x{y}", "#").is_err());
    }
}

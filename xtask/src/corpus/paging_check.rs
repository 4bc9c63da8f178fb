//! The second rule: each recognised pagination checked again from the spec's own JSON, apart
//! from the IR's lowering. For an operation the rules found to page, it finds the operation in
//! the document, its 2xx JSON response, and asks whether the list of items is an array there,
//! whether the token, URL, flag or count the page is read for exists with a type that can be
//! one, and whether the parameter it feeds is a query parameter of the operation of a type that
//! can take it (or, for a `Link` header, whether a 2xx response declares one). The success is
//! the 2xx responses, or `default` where none is declared; its JSON is any JSON media type or
//! `*/*`, as lowering reads them. A disagreement is
//! a false match of the rules, or a mistake of this check: both are printed, to be read.

use generator::ir::{
    Api, Operation, PageField, PageNext, PageRequest, Pagination, TypeKind, TypeRef,
};
use serde_json::Value;

/// What the rules decided, in wire names, for the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The HTTP method, lowercase (`get`).
    method: String,
    /// The path template.
    path: String,
    /// The wire names leading to the items (empty: the response is the list).
    items: Vec<String>,
    /// What is read for the next page, and where.
    next: Read,
    /// The query parameter fed, and what it takes.
    param: Option<(String, Takes)>,
}

/// What a page is read for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Read {
    /// A token (string or integer).
    Token(Vec<String>),
    /// A URL (string).
    Url(Vec<String>),
    /// A flag (boolean).
    Flag(Vec<String>),
    /// A count of pages (integer).
    Count(Vec<String>),
    /// The `id` (string) of the last item, and a flag.
    LastItem(Vec<String>),
    /// Nothing of the body: a `Link` header, or pages until one is empty.
    Nothing,
}

/// What a parameter must take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Takes {
    /// A token: a string or an integer.
    Token,
    /// A count: an integer.
    Count,
    /// A page number: an integer, or a JSON number.
    Number,
}

/// The decision of `op`'s pagination `p`, in wire names read from `api`'s types.
pub fn decision(api: &Api, op: &Operation, p: &Pagination) -> Decision {
    let page = p
        .page_type
        .as_deref()
        .map(|name| TypeRef::Named(name.to_owned()));
    let wire = |path: &[PageField]| wire_path(api, page.as_ref(), path);
    let next = match &p.next {
        PageNext::Token { path, .. } => Read::Token(wire(path)),
        PageNext::Url { path, .. } => Read::Url(wire(path)),
        PageNext::Flag { more } => Read::Flag(wire(more)),
        PageNext::PageCount { path, .. } => Read::Count(wire(path)),
        PageNext::LastItem { more, .. } => Read::LastItem(wire(more)),
        PageNext::Unstated => Read::Nothing,
    };
    let param = match &p.request {
        PageRequest::Token { param, .. } => Some((param.clone(), Takes::Token)),
        PageRequest::Offset { param, .. } => Some((param.clone(), Takes::Count)),
        PageRequest::Number { param, .. } => Some((param.clone(), Takes::Number)),
        PageRequest::Url => None,
    };
    Decision {
        method: op.method.as_str().to_ascii_lowercase(),
        path: op.path.clone(),
        items: wire(&p.items),
        next,
        param,
    }
}

/// The wire names of a path of fields (Rust names) from the type `from`.
fn wire_path(api: &Api, from: Option<&TypeRef>, path: &[PageField]) -> Vec<String> {
    let mut ty = from.cloned();
    let mut out = Vec::with_capacity(path.len());
    for step in path {
        let field = ty
            .as_ref()
            .and_then(|ty| struct_of(api, ty))
            .and_then(|fields| fields.iter().find(|f| f.name == step.name));
        match field {
            Some(field) => {
                out.push(field.wire_name.clone());
                ty = Some(field.ty.clone());
            }
            None => {
                out.push(format!("<{}?>", step.name));
                ty = None;
            }
        }
    }
    out
}

/// The fields of the struct a type is, through aliases.
fn struct_of<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a [generator::ir::Field]> {
    let mut ty = ty;
    for _ in 0..8 {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        match &api.types.iter().find(|t| t.name == *name)?.kind {
            TypeKind::Struct(s) => return Some(&s.fields),
            TypeKind::Alias(target) => ty = target,
            _ => return None,
        }
    }
    None
}

/// Checks `decision` against the spec's document: `Ok` where it agrees, else what does not.
pub fn check(doc: &Value, decision: &Decision) -> Result<(), String> {
    let spec = Spec { doc };
    let item = doc
        .get("paths")
        .and_then(|paths| paths.get(&decision.path))
        .map(|item| spec.resolve(item))
        .ok_or_else(|| format!("no path {}", decision.path))?;
    let op = item
        .get(&decision.method)
        .ok_or_else(|| format!("no {} {}", decision.method, decision.path))?;
    let responses = op.get("responses").and_then(Value::as_object);
    // The 2xx responses, or the `default` one where none is declared.
    let any_2xx = responses.is_some_and(|r| r.keys().any(|status| status.starts_with('2')));
    let success: Vec<&Value> = responses
        .into_iter()
        .flatten()
        .filter(|(status, _)| status.starts_with('2') || (!any_2xx && status.as_str() == "default"))
        .map(|(_, response)| spec.resolve(response))
        .collect();
    if let Some((name, takes)) = &decision.param {
        let param = item
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .chain(op.get("parameters").and_then(Value::as_array))
            .flatten()
            .map(|p| spec.resolve(p))
            .find(|p| {
                p.get("in").and_then(Value::as_str) == Some("query")
                    && p.get("name").and_then(Value::as_str) == Some(name)
            })
            .ok_or_else(|| format!("no query parameter `{name}`"))?;
        // The parameter's schema, or that of its one media type (`content: {application/json:
        // {schema: ..}}`).
        let schema = param.get("schema").or_else(|| {
            param
                .get("content")
                .and_then(Value::as_object)
                .and_then(|content| content.values().find_map(|media| media.get("schema")))
        });
        let ty = schema.map_or("string", |schema| spec.type_of(schema));
        let fits = match takes {
            Takes::Token => matches!(ty, "string" | "integer"),
            Takes::Count => ty == "integer",
            Takes::Number => matches!(ty, "integer" | "number"),
        };
        if !fits {
            return Err(format!("query parameter `{name}` is a {ty}"));
        }
    }
    if decision.next == Read::Nothing && decision.param.is_none() {
        let link = success.iter().any(|response| {
            response
                .get("headers")
                .and_then(Value::as_object)
                .is_some_and(|headers| headers.keys().any(|h| h.eq_ignore_ascii_case("link")))
        });
        if !link {
            return Err("no 2xx response declares a `Link` header".into());
        }
    }
    let schema = success
        .iter()
        .filter_map(|response| response.get("content").and_then(Value::as_object))
        .flat_map(|content| content.iter())
        .filter(|(media, _)| media.contains("json") || media.as_str() == "*/*")
        .find_map(|(_, media)| media.get("schema"))
        .ok_or("no 2xx JSON response")?;
    let items = spec
        .at(schema, &decision.items)
        .ok_or_else(|| format!("no items at `{}`", decision.items.join(".")))?;
    if spec.type_of(items) != "array" {
        return Err(format!(
            "the items at `{}` are a {}",
            decision.items.join("."),
            spec.type_of(items)
        ));
    }
    let field = |path: &[String], wanted: &[&str]| {
        let value = spec
            .at(schema, path)
            .ok_or_else(|| format!("nothing at `{}`", path.join(".")))?;
        let ty = spec.type_of(value);
        if wanted.contains(&ty) {
            Ok(())
        } else {
            Err(format!("`{}` is a {ty}", path.join(".")))
        }
    };
    match &decision.next {
        Read::Token(path) => field(path, &["string", "integer"]),
        Read::Url(path) => field(path, &["string"]),
        Read::Flag(path) => field(path, &["boolean"]),
        Read::Count(path) => field(path, &["integer"]),
        Read::LastItem(more) => {
            field(more, &["boolean"])?;
            let item = items.get("items").ok_or("the items' type is not given")?;
            match spec.at(item, &["id".to_owned()]).map(|id| spec.type_of(id)) {
                Some("string") => Ok(()),
                other => Err(format!("the items' `id` is {other:?}")),
            }
        }
        Read::Nothing => Ok(()),
    }
}

/// `text` with its `%XX` escapes decoded; an escape that is not one is kept as written.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// A document's schemas, read through local `$ref`s and `allOf`.
struct Spec<'d> {
    doc: &'d Value,
}

impl<'d> Spec<'d> {
    /// A value, through its local `$ref`s.
    fn resolve(&self, mut value: &'d Value) -> &'d Value {
        for _ in 0..16 {
            let Some(pointer) = value
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
            else {
                return value;
            };
            // A pointer in a URI fragment is percent-encoded (`%7Bid%7D` for `{id}`).
            match self.doc.pointer(&percent_decoded(pointer)) {
                Some(target) => value = target,
                None => return value,
            }
        }
        value
    }

    /// The schema's `allOf` parts and itself, each resolved, and the branch of a `oneOf` or
    /// `anyOf` of one (`{nullable: true, oneOf: [$ref]}`, a nullable reference in 3.0).
    fn parts(&self, schema: &'d Value) -> Vec<&'d Value> {
        let schema = self.resolve(schema);
        let mut out = vec![schema];
        for union in ["oneOf", "anyOf"] {
            if let Some([only]) = schema
                .get(union)
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            {
                out.extend(self.parts(only));
            }
        }
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.extend(self.parts(part));
        }
        out
    }

    /// The JSON type a schema declares (`array`, `object`, ...), through `$ref` and `allOf`;
    /// `object` where it has properties but no type, `unknown` where it says nothing.
    fn type_of(&self, schema: &'d Value) -> &'d str {
        let parts = self.parts(schema);
        parts
            .iter()
            .find_map(|part| match part.get("type") {
                Some(Value::String(ty)) => Some(ty.as_str()),
                // OpenAPI 3.1: `[string, "null"]`.
                Some(Value::Array(types)) => types
                    .iter()
                    .filter_map(Value::as_str)
                    .find(|ty| *ty != "null"),
                _ => None,
            })
            .or_else(|| {
                parts
                    .iter()
                    .any(|part| part.get("properties").is_some())
                    .then_some("object")
            })
            .unwrap_or("unknown")
    }

    /// The schema at the end of a path of property names.
    fn at(&self, schema: &'d Value, path: &[String]) -> Option<&'d Value> {
        let mut schema = schema;
        for name in path {
            schema = self
                .parts(schema)
                .into_iter()
                .find_map(|part| part.get("properties")?.get(name))?;
        }
        Some(self.resolve(schema))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(response: &str, params: &str) -> Value {
        serde_yaml::from_str(&format!(
            "openapi: 3.0.0
paths:
  /things:
    get:
      parameters: {params}
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema: {response}
components:
  schemas:
    Things: {{type: array, items: {{type: object, properties: {{id: {{type: string}}}}}}}}
    Token: {{type: string}}
"
        ))
        .unwrap()
    }

    fn decision(items: &[&str], next: Read, param: Option<(&str, Takes)>) -> Decision {
        let path = |p: &[&str]| p.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        Decision {
            method: "get".into(),
            path: "/things".into(),
            items: path(items),
            next,
            param: param.map(|(name, takes)| (name.to_owned(), takes)),
        }
    }

    #[test]
    fn a_token_fed_back_through_refs_agrees() {
        let spec = doc(
            "{properties: {things: {allOf: [{$ref: '#/components/schemas/Things'}]}, next: {$ref: '#/components/schemas/Token'}}}",
            "[{name: token, in: query, schema: {type: string}}]",
        );
        let token = |items: &[&str], next: &str, param: &str| {
            check(
                &spec,
                &decision(
                    items,
                    Read::Token(vec![next.to_owned()]),
                    Some((param, Takes::Token)),
                ),
            )
        };
        assert_eq!(token(&["things"], "next", "token"), Ok(()));
        assert_eq!(
            token(&["things"], "next", "cursor"),
            Err("no query parameter `cursor`".into())
        );
        assert_eq!(
            token(&["next"], "next", "token"),
            Err("the items at `next` are a string".into())
        );
        assert_eq!(
            token(&["things"], "previous", "token"),
            Err("nothing at `previous`".into())
        );
    }

    #[test]
    fn what_lowering_reads_the_second_rule_reads_too() {
        // A parameter typed through its media type, a nullable `oneOf` of one reference, a
        // JSON media type without a schema beside one with it, and a response `$ref` into
        // `paths` written percent-encoded.
        let spec: Value = serde_yaml::from_str(
            "openapi: 3.0.0
paths:
  /things/{id}:
    get:
      responses:
        '200':
          description: A page.
          content:
            application/json: {examples: {}}
            application/json; charset=utf-8:
              schema: {nullable: true, oneOf: [{$ref: '#/components/schemas/Page'}]}
  /things:
    get:
      parameters:
        - {name: offset, in: query, content: {application/json: {schema: {type: integer}}}}
      responses:
        '200': {$ref: '#/paths/~1things~1%7Bid%7D/get/responses/200'}
components:
  schemas:
    Page: {type: object, properties: {things: {type: array, items: {type: string}}}}
",
        )
        .unwrap();
        assert_eq!(
            check(
                &spec,
                &decision(&["things"], Read::Nothing, Some(("offset", Takes::Number)))
            ),
            Ok(())
        );
        assert_eq!(percent_decoded("/a%7Bid%7D%zz%"), "/a{id}%zz%");
    }

    #[test]
    fn counts_need_integers_and_link_headers_a_declared_header() {
        let spec = doc(
            "{type: array, items: {type: string}}",
            "[{name: page, in: query, schema: {type: string}}]",
        );
        assert_eq!(
            check(
                &spec,
                &decision(&[], Read::Nothing, Some(("page", Takes::Count)))
            ),
            Err("query parameter `page` is a string".into())
        );
        assert_eq!(
            check(
                &spec,
                &decision(&[], Read::Nothing, Some(("page", Takes::Number)))
            ),
            Err("query parameter `page` is a string".into())
        );
        assert_eq!(
            check(&spec, &decision(&[], Read::Nothing, None)),
            Err("no 2xx response declares a `Link` header".into())
        );
    }
}

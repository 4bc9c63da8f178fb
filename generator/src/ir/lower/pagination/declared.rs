//! Pagination a vendor extension declares: `x-speakeasy-pagination`, `x-fern-pagination`,
//! `x-ms-pageable` and `x-dropshot-pagination`. A declaration that names what the operation
//! does not have (a parameter, a field of the response) is not honoured: the rules of
//! [`super::recognise`] decide instead, and `API.txt` shows which did.

use serde_json::Value;

use super::{Candidate, first_page, is_count, is_token_type};
use crate::ir::lower::Lowerer;
use crate::ir::model::*;

/// What the operation's extensions say.
pub(super) enum Declared {
    /// It pages, as declared.
    Pages(Box<Pagination>),
    /// It is declared to answer in one page (`x-ms-pageable` without a `nextLinkName`).
    SinglePage,
    /// No extension declares anything this generator can honour.
    Nothing,
}

impl<'a> Lowerer<'a> {
    /// The pagination the operation's extensions declare.
    pub(super) fn declared(&self, c: &Candidate<'_, 'a>) -> Declared {
        let extensions = &c.raw.operation.extensions;
        let value = |extension: PageExtension| extensions.get(extension.key());
        if let Some(value) = value(PageExtension::MsPageable) {
            return match value.get("nextLinkName") {
                None | Some(Value::Null) => Declared::SinglePage,
                Some(_) => self
                    .ms_pageable(c, value)
                    .map_or(Declared::Nothing, |p| Declared::Pages(Box::new(p))),
            };
        }
        let found = value(PageExtension::Speakeasy)
            .and_then(|value| self.speakeasy(c, value))
            .or_else(|| {
                let value = match value(PageExtension::Fern)? {
                    // `true`: the document's own declaration applies.
                    Value::Bool(true) => self.doc.extensions.get(PageExtension::Fern.key())?,
                    value => value,
                };
                self.fern(c, value)
            })
            .or_else(|| {
                value(PageExtension::Dropshot)?;
                self.dropshot(c)
            });
        found.map_or(Declared::Nothing, |p| Declared::Pages(Box::new(p)))
    }

    /// `x-ms-pageable: {nextLinkName, itemName}`: the next page's URL, items in `value` unless
    /// named.
    fn ms_pageable(&self, c: &Candidate<'_, 'a>, value: &Value) -> Option<Pagination> {
        let next = value.get("nextLinkName")?.as_str()?;
        let item_name = match value.get("itemName") {
            None | Some(Value::Null) => "value",
            Some(name) => name.as_str()?,
        };
        let items = self.items_at(c.page, &[item_name])?;
        let (path, ty) = self.field_path(c.page.fields, &[next])?;
        matches!(ty, TypeRef::String | TypeRef::Uri).then(|| {
            c.pagination(
                items,
                PageNext::Url { path, ty },
                PageRequest::Url,
                PageReason::Declared(PageExtension::MsPageable),
            )
        })
    }

    /// Dropshot's shape: a `page_token` parameter, `items: [..]` and a `next_page` token.
    fn dropshot(&self, c: &Candidate<'_, 'a>) -> Option<Pagination> {
        let param = c.query("page_token")?;
        let items = self.items_at(c.page, &["items"])?;
        let (path, ty) = self.field_path(c.page.fields, &["next_page"])?;
        is_token_type(&ty).then(|| {
            c.pagination(
                items,
                PageNext::Token {
                    path,
                    ty,
                    more: None,
                },
                token_request(param),
                PageReason::Declared(PageExtension::Dropshot),
            )
        })
    }

    /// `x-speakeasy-pagination: {type, inputs: [{name, in, type}], outputs: {results,
    /// nextCursor, nextUrl}}`, with `type` `offsetLimit`, `cursor` or `url`.
    pub(super) fn speakeasy(&self, c: &Candidate<'_, 'a>, value: &Value) -> Option<Pagination> {
        let input = |kind: &str| {
            value.get("inputs")?.as_array()?.iter().find_map(|input| {
                let named = input.get("type")?.as_str()? == kind
                    && input.get("in")?.as_str()? == "parameters";
                named
                    .then(|| c.query(input.get("name")?.as_str()?))
                    .flatten()
            })
        };
        let output = |name: &str| json_path(value.get("outputs")?.get(name)?.as_str()?, "$");
        let results = output("results").unwrap_or_default();
        let items = self.items_at(
            c.page,
            &results.iter().map(String::as_str).collect::<Vec<_>>(),
        )?;
        let reason = PageReason::Declared(PageExtension::Speakeasy);
        let (next, request) = match value.get("type")?.as_str()? {
            "offsetLimit" => match (input("offset"), input("page")) {
                (Some(offset), _) if is_count(offset) => {
                    (PageNext::Unstated, offset_request(offset))
                }
                (_, Some(page)) if is_count(page) => (PageNext::Unstated, number_request(page)),
                _ => return None,
            },
            "cursor" => {
                let param = input("cursor")?;
                let path = output("nextCursor")?;
                let (path, ty) = self.field_path(c.page.fields, &strs(&path))?;
                if !is_token_type(&ty) {
                    return None;
                }
                (
                    PageNext::Token {
                        path,
                        ty,
                        more: None,
                    },
                    token_request(param),
                )
            }
            "url" => {
                let path = output("nextUrl")?;
                let (path, ty) = self.field_path(c.page.fields, &strs(&path))?;
                if !matches!(ty, TypeRef::String | TypeRef::Uri) {
                    return None;
                }
                (PageNext::Url { path, ty }, PageRequest::Url)
            }
            _ => return None,
        };
        Some(c.pagination(items, next, request, reason))
    }

    /// `x-fern-pagination`: `{cursor: $request.x, next_cursor: $response.y, results:
    /// $response.z}`, or `{offset: $request.x, results, step?, has_next_page?}` (with a `step`
    /// the offset advances by the items, without one it is a page number).
    fn fern(&self, c: &Candidate<'_, 'a>, value: &Value) -> Option<Pagination> {
        let request = |key: &str| {
            let path = json_path(value.get(key)?.as_str()?, "$request")?;
            match path.as_slice() {
                [name] => c.query(name),
                _ => None,
            }
        };
        let response = |key: &str| json_path(value.get(key)?.as_str()?, "$response");
        let results = response("results")?;
        let items = self.items_at(c.page, &strs(&results))?;
        let more = response("has_next_page")
            .and_then(|path| self.field_path(c.page.fields, &strs(&path)))
            .filter(|(_, ty)| *ty == TypeRef::Bool)
            .map(|(path, _)| path);
        let (next, request) = if let Some(param) = request("cursor") {
            let path = response("next_cursor")?;
            let (path, ty) = self.field_path(c.page.fields, &strs(&path))?;
            if !is_token_type(&ty) {
                return None;
            }
            (PageNext::Token { path, ty, more }, token_request(param))
        } else {
            let param = request("offset").filter(|p| is_count(p))?;
            let next = more.map_or(PageNext::Unstated, |more| PageNext::Flag { more });
            if value.get("step").is_some() {
                (next, offset_request(param))
            } else {
                (next, number_request(param))
            }
        };
        Some(c.pagination(
            items,
            next,
            request,
            PageReason::Declared(PageExtension::Fern),
        ))
    }
}

/// The field names of a plain dotted JSONPath after `root` (`$.data.items`,
/// `$response.next`); `None` for anything else (filters, indices, wildcards).
pub(super) fn json_path(path: &str, root: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix(root)?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let names: Vec<String> = rest
        .strip_prefix('.')?
        .split('.')
        .map(str::to_owned)
        .collect();
    names
        .iter()
        .all(|name| !name.is_empty() && !name.contains(['[', ']', '*', '?', '(', ')', '@', '$']))
        .then_some(names)
}

fn strs(path: &[String]) -> Vec<&str> {
    path.iter().map(String::as_str).collect()
}

fn token_request(param: &Param) -> PageRequest {
    PageRequest::Token {
        param: param.wire_name.clone(),
        required: param.required,
    }
}

fn offset_request(param: &Param) -> PageRequest {
    PageRequest::Offset {
        param: param.wire_name.clone(),
        required: param.required,
    }
}

fn number_request(param: &Param) -> PageRequest {
    PageRequest::Number {
        param: param.wire_name.clone(),
        required: param.required,
        first: first_page(param),
    }
}

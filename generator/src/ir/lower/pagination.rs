//! Pagination: whether an operation pages, in which shape, and why. A vendor extension that
//! declares it comes first ([`declared`]); where the spec declares none, strict rules recognise
//! the common shapes from the operation's query parameters and its response ([`recognise`]).
//! Each rule asks for a list of items in the response and something that feeds the next
//! request: a token or URL in the body, a `Link` header, or a numeric offset or page parameter.

use super::{Lowerer, Result, fail_config, operation::RawOperation};
use crate::config::PagingDecision;
use crate::ir::model::*;

mod declared;
mod recognise;

/// The page size a stream asks for when the `limit` parameter states no maximum.
const DEFAULT_PAGE_SIZE: i64 = 100;

/// An operation's response as a page: a struct of fields, or the list itself.
#[derive(Clone, Copy)]
struct PageBody<'p> {
    /// The struct's name, where the page is one.
    name: Option<&'p str>,
    /// The struct's fields (none where the page is a list).
    fields: &'p [Field],
    /// The item type, where the page is a list.
    list: Option<&'p TypeRef>,
}

/// What the rules look at: the operation's query parameters and response.
struct Candidate<'p, 'a> {
    raw: &'p RawOperation<'a>,
    params: &'p [Param],
    /// The request's body, where it has one.
    body: Option<&'p Body>,
    page: PageBody<'p>,
}

impl Candidate<'_, '_> {
    /// The query parameter of this wire name.
    fn query(&self, wire: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|p| p.wire_name == wire && p.location == ParamLocation::Query)
    }

    /// Whether the request's JSON body has a field of this wire name, folded ([`fold`]): a
    /// token parameter the body repeats may be read from the body alone (AWS's JSON protocol
    /// takes `NextToken` in the body of a POST, though its descriptions list it in the query
    /// too), so a stream sending it in the query might ask for the first page again and again.
    fn body_repeats(&self, lowerer: &Lowerer<'_>, wire: &str) -> bool {
        let Some(BodyEncoding::Json(ty)) = self.body.map(|b| &b.primary.encoding) else {
            return false;
        };
        lowerer
            .page_struct(ty)
            .is_some_and(|s| s.fields.iter().any(|f| fold(&f.wire_name) == fold(wire)))
    }

    /// The first query parameter whose name, folded ([`fold`]), is one of `names`.
    fn query_named(&self, names: &[&str]) -> Option<&Param> {
        names.iter().find_map(|name| {
            self.params
                .iter()
                .find(|p| p.location == ParamLocation::Query && fold(&p.wire_name) == *name)
        })
    }

    /// The pagination these parts make, with the page size from an optional `limit`.
    fn pagination(
        &self,
        items: (Vec<PageField>, TypeRef),
        next: PageNext,
        request: PageRequest,
        reason: PageReason,
    ) -> Pagination {
        Pagination {
            page_type: self.page.name.map(str::to_owned),
            item: items.1,
            items: items.0,
            next,
            request,
            page_size: self.query("limit").filter(|l| !l.required).map(page_size),
            reason,
            gate: Gate::Always,
        }
    }
}

impl<'a> Lowerer<'a> {
    /// The pagination of an operation, if it pages: as its configuration decides, else as
    /// the spec declares or the rules recognise.
    ///
    /// # Errors
    ///
    /// The configuration turns off pagination the operation does not have, or declares one
    /// that names what the operation lacks.
    pub(super) fn detect_pagination(
        &self,
        raw: &RawOperation<'a>,
        params: &[Param],
        body: Option<&Body>,
        response: &Response,
    ) -> Result<Option<Pagination>> {
        let found = self.pagination_of_spec(raw, params, body, response);
        let Some(configured) = self.config.paging(&raw.id) else {
            return Ok(found);
        };
        match &configured.decision {
            PagingDecision::Off if found.is_none() => fail_config(
                &configured.spot,
                format!(
                    "`{}` is not paged: there is no pagination to turn off",
                    raw.id
                ),
            ),
            PagingDecision::Off => Ok(None),
            PagingDecision::Declared(value) => {
                let declared = self.page_body(response).and_then(|page| {
                    let candidate = Candidate {
                        raw,
                        params,
                        body,
                        page,
                    };
                    self.speakeasy(&candidate, value)
                });
                match declared {
                    Some(pagination) => Ok(Some(Pagination {
                        reason: PageReason::Configured,
                        ..pagination
                    })),
                    None => fail_config(
                        &configured.spot,
                        format!(
                            "this pagination does not fit `{}`: its parameters must be query \
                             parameters of the operation (`in = \"parameters\"`) and its outputs \
                             fields of its JSON response (`$.data`), a list of items and a string \
                             cursor or URL",
                            raw.id
                        ),
                    ),
                }
            }
        }
    }

    /// The pagination the spec declares or the rules recognise.
    fn pagination_of_spec(
        &self,
        raw: &RawOperation<'a>,
        params: &[Param],
        body: Option<&Body>,
        response: &Response,
    ) -> Option<Pagination> {
        let page = self.page_body(response)?;
        let candidate = Candidate {
            raw,
            params,
            body,
            page,
        };
        match self.declared(&candidate) {
            declared::Declared::Pages(pagination) => Some(*pagination),
            declared::Declared::SinglePage => None,
            declared::Declared::Nothing => self.recognise(&candidate),
        }
    }

    /// The response as a page, where it can be one: JSON without an envelope, a list or a
    /// struct.
    fn page_body<'p>(&'p self, response: &'p Response) -> Option<PageBody<'p>> {
        let Response::Json { ty, envelope: None } = response else {
            return None;
        };
        // A list, or an alias of one (a response component that is an array), is a page as it is.
        let page = match self.unaliased(ty) {
            TypeRef::Vec(item) => PageBody {
                name: None,
                fields: &[],
                list: Some(item),
            },
            ty => PageBody {
                name: match ty {
                    TypeRef::Named(name) => Some(name),
                    _ => None,
                },
                fields: &self.page_struct(ty)?.fields,
                list: None,
            },
        };
        Some(page)
    }

    /// The struct a type is, through aliases.
    fn page_struct(&self, ty: &TypeRef) -> Option<&Struct> {
        let mut ty = ty;
        // Aliases of aliases end: a component that is a bare `$ref` to itself is refused.
        for _ in 0..8 {
            let TypeRef::Named(name) = ty else {
                return None;
            };
            match &self.types.get(name)?.kind {
                TypeKind::Struct(s) => return Some(s),
                TypeKind::Alias(target) => ty = target,
                _ => return None,
            }
        }
        None
    }

    /// The type an alias stands for, through aliases of aliases (`Token` for `String`,
    /// `AnalyzersList` for `Vec<AnalyzerSummary>`); any other type is itself.
    fn unaliased<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut ty = ty;
        // Aliases of aliases end: a component that is a bare `$ref` to itself is refused.
        for _ in 0..8 {
            let TypeRef::Named(name) = ty else {
                return ty;
            };
            match self.types.get(name).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => ty = target,
                _ => return ty,
            }
        }
        ty
    }

    /// The fields leading from `fields` along the wire names of `path`, and the last one's type
    /// (what it stands for, where it is an alias).
    fn field_path(&self, fields: &[Field], path: &[&str]) -> Option<(Vec<PageField>, TypeRef)> {
        let (last, parents) = path.split_last()?;
        let mut fields = fields;
        let mut out = Vec::with_capacity(path.len());
        for wire in parents {
            let field = fields.iter().find(|f| f.wire_name == *wire)?;
            out.push(page_field(field));
            fields = &self.page_struct(&field.ty)?.fields;
        }
        let field = fields.iter().find(|f| f.wire_name == *last)?;
        out.push(page_field(field));
        Some((out, self.unaliased(&field.ty).clone()))
    }

    /// The page's list of items at `path` (empty: the page is the list).
    fn items_at(&self, page: PageBody<'_>, path: &[&str]) -> Option<(Vec<PageField>, TypeRef)> {
        if path.is_empty() {
            return page.list.map(|item| (Vec::new(), item.clone()));
        }
        match self.field_path(page.fields, path)? {
            (fields, TypeRef::Vec(item)) => Some((fields, *item)),
            _ => None,
        }
    }
}

/// A field as a step of a page's path.
fn page_field(field: &Field) -> PageField {
    PageField {
        name: field.name.clone(),
        presence: field.presence,
    }
}

/// A name folded for comparison: ASCII lowercase, without `_`, `-` and `.`
/// (`next_page_token`, `nextPageToken` and `next-page-token` are all `nextpagetoken`).
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The largest page the `limit` parameter allows, or the default raised to its minimum.
fn page_size(limit: &Param) -> PageSize {
    let (minimum, maximum) = limit.bounds;
    PageSize {
        param: limit.wire_name.clone(),
        size: maximum
            .unwrap_or_else(|| minimum.map_or(DEFAULT_PAGE_SIZE, |m| m.max(DEFAULT_PAGE_SIZE))),
        is_maximum: maximum.is_some(),
    }
}

/// Whether a token of this type can be sent as a parameter: a string or an integer.
fn is_token_type(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::I32 | TypeRef::I64)
}

/// Whether a parameter can count: an integer.
fn is_count(param: &Param) -> bool {
    matches!(param.ty, TypeRef::I32 | TypeRef::I64)
}

/// The number of the first page: the parameter's minimum, else 1.
fn first_page(param: &Param) -> i64 {
    param.bounds.0.unwrap_or(1)
}

#[cfg(test)]
mod tests;

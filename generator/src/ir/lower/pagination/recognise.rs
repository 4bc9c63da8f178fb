//! Pagination recognised where the spec declares none. Every rule needs a list of items in the
//! response and something of the response that feeds a query parameter of the same operation
//! (or, for next-page URLs, the operation itself), so that a false match is rare: a field
//! merely named `next` or `page` is not enough.

use super::{Candidate, PageBody, fold, is_count, is_token_type};
use crate::ir::lower::Lowerer;
use crate::ir::model::*;

/// Names a response's list of items goes by, in order of preference where a page has several
/// lists.
const LIST_NAMES: &[&str] = &[
    "data",
    "items",
    "results",
    "value",
    "records",
    "entries",
    "elements",
    "nodes",
    "_embedded",
];

/// Objects of the body a token, URL or flag may sit in (`response_metadata.next_cursor`,
/// `links.next`, `meta.pagination`...), beside the body itself.
const HOLDERS: &[&str] = &[
    "links",
    "_links",
    "meta",
    "pagination",
    "paging",
    "page_info",
    "pageInfo",
    "response_metadata",
    "metadata",
];

/// Body tokens (folded) that name the next page's cursor.
const BODY_TOKENS: &[&str] = &[
    "nextcursor",
    "nextpagetoken",
    "nexttoken",
    "nextpagecursor",
    "continuationtoken",
    "nextmarker",
    "endcursor",
    "nextpage",
    "cursor",
    "marker",
];

/// Query parameters (folded) a cursor is sent in; `page` where the body gives the next one
/// (Stripe's search: `next_page` sent back as `page`).
const TOKEN_PARAMS: &[&str] = &[
    "cursor",
    "pagetoken",
    "nexttoken",
    "after",
    "continuationtoken",
    "marker",
    "pagecursor",
    "starttoken",
    "nextpagetoken",
    "nextcursor",
    "page",
];

/// Body fields (folded, inside [`HOLDERS`] or at the top) holding the next page's URL; a plain
/// `next` is taken only beside a paging parameter ([`PAGING_PARAMS`]).
const NEXT_URLS: &[&str] = &[
    "odatanextlink",
    "nextlink",
    "nexturl",
    "nextpageurl",
    "nextpagelink",
];

/// Query parameters (folded) that show an operation pages at all: a plain `next` URL is only
/// taken where the operation has one.
const PAGING_PARAMS: &[&str] = &[
    "page",
    "pagesize",
    "perpage",
    "limit",
    "offset",
    "cursor",
    "pagetoken",
    "after",
    "top",
    "skip",
    "maxresults",
];

/// Body flags (folded) saying more pages follow.
const MORE_FLAGS: &[&str] = &["hasmore", "hasnextpage", "more", "hasnext"];

/// Body counts (folded, integers) of the pages in all, where page numbers are counted.
const PAGE_COUNTS: &[&str] = &["totalpages", "pagecount", "numpages", "pages"];

impl<'a> Lowerer<'a> {
    /// The first rule that recognises the operation as paging, in order of how specific each
    /// rule's evidence is.
    pub(super) fn recognise(&self, c: &Candidate<'_, 'a>) -> Option<Pagination> {
        self.next_page_offset(c)
            .or_else(|| self.last_item_id(c))
            .or_else(|| self.body_token(c))
            .or_else(|| self.next_url(c))
            .or_else(|| self.link_header(c))
            .or_else(|| self.offset(c))
            .or_else(|| self.page_number(c))
    }

    /// The page's list of items: its only list field, else the first of [`LIST_NAMES`]; or the
    /// page itself where it is a list.
    fn list(&self, page: PageBody<'_>) -> Option<(Vec<PageField>, TypeRef)> {
        if page.list.is_some() {
            return self.items_at(page, &[]);
        }
        let lists: Vec<&Field> = page
            .fields
            .iter()
            .filter(|f| matches!(self.unaliased(&f.ty), TypeRef::Vec(_)))
            .collect();
        let field = match lists.as_slice() {
            [only] => *only,
            _ => LIST_NAMES
                .iter()
                .find_map(|name| lists.iter().find(|f| f.wire_name == *name))?,
        };
        self.items_at(page, &[field.wire_name.as_str()])
    }

    /// A field of the body, at the top or inside one of [`HOLDERS`], whose folded name is one of
    /// `names` (in their order) and whose type `fits`.
    fn body_field(
        &self,
        page: PageBody<'_>,
        names: &[&str],
        fits: impl Fn(&TypeRef) -> bool,
    ) -> Option<(Vec<PageField>, TypeRef)> {
        let mut places: Vec<Vec<&str>> = vec![Vec::new()];
        places.extend(
            HOLDERS
                .iter()
                .filter(|h| page.fields.iter().any(|f| f.wire_name == **h))
                .map(|h| vec![*h]),
        );
        for name in names {
            for place in &places {
                let fields = match place.as_slice() {
                    [] => page.fields,
                    path => match self
                        .field_path(page.fields, path)
                        .and_then(|(_, ty)| self.page_struct(&ty))
                    {
                        Some(holder) => &holder.fields,
                        None => continue,
                    },
                };
                if let Some(field) = fields
                    .iter()
                    .find(|f| fold(&f.wire_name) == *name && fits(self.unaliased(&f.ty)))
                {
                    let mut path = place.clone();
                    path.push(&field.wire_name);
                    return self.field_path(page.fields, &path);
                }
            }
        }
        None
    }

    /// A flag of the body saying more pages follow.
    fn more_flag(&self, page: PageBody<'_>) -> Option<Vec<PageField>> {
        self.body_field(page, MORE_FLAGS, |ty| *ty == TypeRef::Bool)
            .map(|(path, _)| path)
    }

    /// Asana's shape: an `offset` parameter, `data: [..]` and `next_page.offset`.
    fn next_page_offset(&self, c: &Candidate<'_, 'a>) -> Option<Pagination> {
        let offset = c.query("offset")?;
        let items = self.items_at(c.page, &["data"])?;
        let (path, ty) = self.field_path(c.page.fields, &["next_page", "offset"])?;
        (ty == TypeRef::String).then(|| {
            c.pagination(
                items,
                PageNext::Token {
                    path,
                    ty,
                    more: None,
                },
                PageRequest::Token {
                    param: offset.wire_name.clone(),
                    required: offset.required,
                },
                PageReason::Recognised(PageRule::NextPageOffset),
            )
        })
    }

    /// Stripe's shape: a `starting_after` parameter, a `has_more` flag, and items with an `id`.
    fn last_item_id(&self, c: &Candidate<'_, 'a>) -> Option<Pagination> {
        let param = c.query("starting_after")?;
        let items = self.list(c.page)?;
        let more = self.more_flag(c.page)?;
        let item = self.page_struct(&items.1)?;
        let id = item
            .fields
            .iter()
            .find(|f| f.wire_name == "id" && *self.unaliased(&f.ty) == TypeRef::String)?;
        Some(c.pagination(
            items,
            PageNext::LastItem {
                id: super::page_field(id),
                more,
            },
            PageRequest::Token {
                param: param.wire_name.clone(),
                required: param.required,
            },
            PageReason::Recognised(PageRule::LastItemId),
        ))
    }

    /// A cursor in the body (`next_cursor`, `nextPageToken`, ...) and a parameter it is sent
    /// back in (`cursor`, `page_token`, `after`, ...).
    fn body_token(&self, c: &Candidate<'_, 'a>) -> Option<Pagination> {
        let param = c
            .query_named(TOKEN_PARAMS)
            .filter(|p| !c.body_repeats(self, &p.wire_name))?;
        let items = self.list(c.page)?;
        let (path, ty) = self.body_field(c.page, BODY_TOKENS, is_token_type)?;
        Some(c.pagination(
            items,
            PageNext::Token {
                path,
                ty,
                more: self.more_flag(c.page),
            },
            PageRequest::Token {
                param: param.wire_name.clone(),
                required: param.required,
            },
            PageReason::Recognised(PageRule::BodyToken),
        ))
    }

    /// The next page's URL in the body: `@odata.nextLink`, `nextLink`, `links.next` (a string,
    /// or HAL's `{href}`), and a plain `next` where the operation has a paging parameter.
    fn next_url(&self, c: &Candidate<'_, 'a>) -> Option<Pagination> {
        let items = self.list(c.page)?;
        let url = |ty: &TypeRef| matches!(ty, TypeRef::String | TypeRef::Uri);
        let found = self
            .body_field(c.page, NEXT_URLS, url)
            .or_else(|| {
                c.query_named(PAGING_PARAMS)?;
                self.body_field(c.page, &["next"], url)
            })
            .or_else(|| {
                // JSON:API's `links.next`, and HAL's `_links.next.href`.
                [&["links", "next"][..], &["_links", "next", "href"]]
                    .iter()
                    .find_map(|path| self.field_path(c.page.fields, path))
                    .filter(|(_, ty)| url(ty))
            })?;
        let (path, ty) = found;
        Some(c.pagination(
            items,
            PageNext::Url { path, ty },
            PageRequest::Url,
            PageReason::Recognised(PageRule::NextUrl),
        ))
    }

    /// A `Link` header declared on a success response: RFC 8288's `rel="next"`.
    fn link_header(&self, c: &Candidate<'_, 'a>) -> Option<Pagination> {
        let declares = c
            .raw
            .operation
            .responses
            .responses
            .iter()
            .any(|(status, response)| {
                let success = match status {
                    openapiv3::StatusCode::Code(code) => (200..300).contains(code),
                    openapiv3::StatusCode::Range(range) => *range == 2,
                };
                success
                    && match response {
                        openapiv3::ReferenceOr::Item(response) => response
                            .headers
                            .keys()
                            .any(|name| name.eq_ignore_ascii_case("link")),
                        openapiv3::ReferenceOr::Reference { .. } => self
                            .resolve_ref(response, &c.raw.pointer)
                            .is_ok_and(|(response, _)| {
                                response
                                    .headers
                                    .keys()
                                    .any(|name| name.eq_ignore_ascii_case("link"))
                            }),
                    }
            });
        if !declares {
            return None;
        }
        let items = self.list(c.page)?;
        Some(c.pagination(
            items,
            PageNext::Unstated,
            PageRequest::Url,
            PageReason::Recognised(PageRule::LinkHeader),
        ))
    }

    /// A numeric `offset` (or `skip`) with a `limit`: the offset advances by the items received.
    fn offset(&self, c: &Candidate<'_, 'a>) -> Option<Pagination> {
        let param = c.query_named(&["offset", "skip"]).filter(|p| is_count(p))?;
        c.query_named(&[
            "limit",
            "top",
            "take",
            "count",
            "pagesize",
            "perpage",
            "maxresults",
        ])?;
        let items = self.list(c.page)?;
        Some(
            c.pagination(
                items,
                self.more_flag(c.page)
                    .map_or(PageNext::Unstated, |more| PageNext::Flag { more }),
                PageRequest::Offset {
                    param: param.wire_name.clone(),
                    required: param.required,
                },
                PageReason::Recognised(PageRule::Offset),
            ),
        )
    }

    /// A numeric `page` parameter (an integer, or a `number` as Vimeo writes it): the page
    /// number counts up until a page is empty, the body's flag says no more follow, or the
    /// body's count of pages is reached.
    fn page_number(&self, c: &Candidate<'_, 'a>) -> Option<Pagination> {
        let param = c
            .query_named(&["page", "pagenumber", "pageno"])
            .filter(|p| is_count(p) || p.ty == TypeRef::F64)?;
        let items = self.list(c.page)?;
        let count = || {
            let (path, ty) = self.body_field(c.page, PAGE_COUNTS, |ty| {
                matches!(ty, TypeRef::I32 | TypeRef::I64)
            })?;
            Some(PageNext::PageCount { path, ty })
        };
        Some(
            c.pagination(
                items,
                self.more_flag(c.page)
                    .map(|more| PageNext::Flag { more })
                    .or_else(count)
                    .unwrap_or(PageNext::Unstated),
                PageRequest::Number {
                    param: param.wire_name.clone(),
                    required: param.required,
                    first: super::first_page(param),
                },
                PageReason::Recognised(PageRule::PageNumber),
            ),
        )
    }
}

//! `.stream()` and `.pages()` on the request builder of an operation that pages: one impl block
//! per paged builder, over the runtime's paging engine (`runtime::pages`).
//!
//! Both are `#[inline]`, like `send`: `pages` boxes the call of each page, which names the
//! page's decoder and the call's future; compiled with the crate, that would be every paged
//! operation's page decoding (and every model it holds) in every build of it, where inline it
//! is compiled only in the crates that page through the operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::example::{Calls, Variant, credential_setter, credentials, formatted, from_env};
use super::super::tokens::{doc_attrs, ident, rust_type};
use super::{SCOPE, error_type};
use crate::ir::{Api, Operation, PageField, PageNext, PageRequest, Pagination, Response};

/// The paging methods of `op`'s builder, if it pages.
pub(super) fn methods(api: &Api, op: &Operation, krate: &str) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let Response::Json { ty, .. } = &op.response else {
        return None;
    };
    let builder = ident(&op.builder_name);
    let page = rust_type(ty, SCOPE);
    let error = error_type(op);
    let set_limit = p.page_size.as_ref().map(|size| {
        let (wire, size) = (&size.param, size.size);
        quote! {
            if builder.request.query.get(#wire).is_none() {
                builder.request.query.set(#wire, #size);
            }
        }
    });
    let binding = if set_limit.is_some() {
        quote!(let mut builder)
    } else {
        quote!(let builder)
    };
    let paging = match &p.request {
        PageRequest::Token { param, .. } => quote!(runtime::Paging::Token(#param)),
        PageRequest::Offset { param, .. } => {
            quote!(runtime::Paging::offset(#param, &builder.request.query))
        }
        PageRequest::Number { param, first, .. } => {
            let first = u64::try_from(*first).unwrap_or(0);
            quote!(runtime::Paging::number(#param, #first, &builder.request.query))
        }
        PageRequest::Url => quote!(runtime::Paging::Url),
    };
    let how = how(p);
    let example = example(api, op, krate);
    let stream_docs = doc_attrs(&format!(
        "Every item across all pages, as a stream of `{}` (see [`pages`](Self::pages) for the pages themselves).\n\nLazy: nothing is requested until the stream is polled, and a page only once the items of the one before are consumed, so `take(n)` or dropping the stream stops requesting. {how} `.max_pages(n)` requests at most `n` pages. The first error is yielded and ends the stream.\n\n{example}",
        super::display_type(&p.item)
    ));
    let pages_docs = doc_attrs(&format!(
        "Every page, as a stream of responses, each with its status, headers and whole body (the page's other fields, such as counts).\n\nLazy: nothing is requested until the stream is polled, and the next page only when it is polled again. {how} `.max_pages(n)` requests at most `n` pages. The first error is yielded and ends the stream; so does a next page the listing already requested ([`Error::Pagination`](crate::Error::Pagination)), which would loop."
    ));
    Some(quote! {
        impl #builder {
            #stream_docs
            #[inline]
            pub fn stream(self) -> runtime::Items<runtime::Response<#page>, #error> {
                self.pages().items()
            }

            #pages_docs
            #[inline]
            pub fn pages(self) -> runtime::Pages<runtime::Response<#page>, #error> {
                #binding = self;
                #set_limit
                runtime::pages(#paging, move |cursor: runtime::Cursor| {
                    let mut page = builder.clone();
                    cursor.apply(&mut page.request, page.client.base_url());
                    page.send_with_response()
                })
            }
        }
    })
}

/// How each page after the first is asked for, and when the listing ends.
fn how(p: &Pagination) -> String {
    let path = |path: &[PageField]| {
        path.iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(".")
    };
    let start = match &p.request {
        PageRequest::Token {
            param,
            required: true,
        }
        | PageRequest::Offset {
            param,
            required: true,
        }
        | PageRequest::Number {
            param,
            required: true,
            ..
        } => {
            format!(" The first page is the one at the `{param}` passed to the method.")
        }
        _ => String::new(),
    };
    let limit = p.page_size.as_ref().map_or(String::new(), |size| {
        format!(
            " Pages are requested with `{}={}`{} unless set.",
            size.param,
            size.size,
            if size.is_maximum {
                " (the largest the API allows)"
            } else {
                ""
            }
        )
    });
    let flag = |more: &[PageField]| format!(" or `{}` is false", path(more));
    let next = match (&p.request, &p.next) {
        (PageRequest::Token { param, .. }, PageNext::Token { path: token, more, .. }) => format!(
            "Each page is requested with the parameters set on this builder, and `{param}` set to the `{}` of the page before, until a page has none{}.",
            path(token),
            more.as_deref().map(flag).unwrap_or_default()
        ),
        (PageRequest::Token { param, .. }, PageNext::LastItem { id, more }) => format!(
            "Each page is requested with the parameters set on this builder, and `{param}` set to the `{}` of the last item of the page before, while `{}` is true.",
            id.name,
            path(more)
        ),
        (PageRequest::Offset { param, .. }, next) => format!(
            "Each page is requested with the parameters set on this builder, and `{param}` advanced by the number of items received, until a page is empty{}.",
            flag_of(next).map(flag).unwrap_or_default()
        ),
        (PageRequest::Number { param, .. }, PageNext::PageCount { path: count, .. }) => format!(
            "Each page is requested with the parameters set on this builder, and `{param}` one more than the page before, until the last of the `{}` pages or an empty page.",
            path(count)
        ),
        (PageRequest::Number { param, .. }, next) => format!(
            "Each page is requested with the parameters set on this builder, and `{param}` one more than the page before, until a page is empty{}.",
            flag_of(next).map(flag).unwrap_or_default()
        ),
        (PageRequest::Url, PageNext::Url { path: url, .. }) => format!(
            "The first page is requested with the parameters set on this builder, each next one at the URL in the `{}` of the page before (with the same credentials: it must be under the client's base URL), until a page has none.",
            path(url)
        ),
        (PageRequest::Url, _) => "The first page is requested with the parameters set on this builder, each next one at the `rel=\"next\"` URL of the `Link` header of the response before (with the same credentials: it must be under the client's base URL), until a response has none.".to_owned(),
        (PageRequest::Token { param, .. }, _) => format!(
            "Each page is requested with the parameters set on this builder, and `{param}` set to the token of the page before."
        ),
    };
    format!("{next}{start}{limit}")
}

fn flag_of(next: &PageNext) -> Option<&[PageField]> {
    match next {
        PageNext::Flag { more } => Some(more),
        _ => None,
    }
}

/// A `no_run` example: the client, and every item of the listing, at most ten pages of it.
fn example(api: &Api, op: &Operation, krate: &str) -> String {
    let calls = Calls::new(api, krate);
    let mut code = format!("let client = {krate}::Client::builder()\n");
    for scheme in credentials(api, Some(op)) {
        code.push_str(&format!("    {}\n", credential_setter(scheme, &from_env)));
    }
    code.push_str("    .build()?;\n");
    let call = calls.call(op, Variant::Required);
    code.push_str(&format!("let mut items = {call}.stream().max_pages(10);\n"));
    format!(
        "```no_run\n# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\nuse futures::StreamExt;\n\n{}while let Some(item) = items.next().await {{\n    println!(\"{{:?}}\", item?);\n}}\n# Ok(())\n# }}\n```",
        formatted(&code)
    )
}

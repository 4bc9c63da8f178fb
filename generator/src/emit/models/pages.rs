//! The `Page` implementation of each page type: where its items are, and what it says of the
//! next page ([`crate::ir::PageNext`]), read along paths of fields that may each be absent.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::tokens::{Scope, cfg, ident, rust_type};
use crate::ir::{Api, PageField, PageNext, PageRequest, Pagination, Presence, TypeRef};

/// The `Page` implementation of each page type, as `Api::pages` has them (a list is the
/// runtime's `Vec` impl).
pub(super) fn page_impls(api: &Api, scope: Scope) -> TokenStream {
    let impls = api
        .pages
        .iter()
        .filter_map(|p| Some((p.page_type.as_deref()?, p)))
        .map(|(page, p)| {
            let page = ident(page);
            let cfg = cfg(&p.gate);
            let item = rust_type(&p.item, scope);
            let items = items(&p.items);
            let into_items = match read(quote!(self), &p.items, Access::Move) {
                Read::Value(items) => items,
                Read::Maybe(items) => quote!(#items.unwrap_or_default()),
            };
            let next = next_page(p, scope);
            let vec_item = scope.vec(quote!(Self::Item));
            quote! {
                #cfg
                impl crate::runtime::Page for #page {
                    type Item = #item;

                    #[inline]
                    fn items(&self) -> &[Self::Item] {
                        #items
                    }

                    #[inline]
                    fn next_page(&self) -> crate::runtime::Next {
                        #next
                    }

                    #[inline]
                    fn into_items(self) -> #vec_item {
                        #into_items
                    }
                }
            }
        });
    quote!(#(#impls)*)
}

/// The body of `items`: the list at the end of `path` as a slice, empty where it or a field on
/// the way is absent or `null`.
fn items(path: &[PageField]) -> TokenStream {
    let Some((last, parents)) = path.split_last() else {
        return quote!(self);
    };
    let name = ident(&last.name);
    let slice = quote!(.map(|items| items.as_slice()));
    match (read(quote!(self), parents, Access::Borrow), last.presence) {
        (Read::Value(v), Presence::Required) => quote!(&#v.#name),
        (Read::Value(v), Presence::Optional | Presence::RequiredNullable) => {
            quote!(#v.#name.as_deref().unwrap_or_default())
        }
        (Read::Value(v), Presence::OptionalNullable) => {
            quote!(#v.#name.as_ref().into_option() #slice .unwrap_or_default())
        }
        (Read::Maybe(v), Presence::Required) => {
            quote!(#v.map(|v| v.#name.as_slice()).unwrap_or_default())
        }
        (Read::Maybe(v), Presence::Optional | Presence::RequiredNullable) => {
            quote!(#v.and_then(|v| v.#name.as_deref()).unwrap_or_default())
        }
        (Read::Maybe(v), Presence::OptionalNullable) => {
            quote!(#v.and_then(|v| v.#name.as_ref().into_option()) #slice .unwrap_or_default())
        }
    }
}

/// The body of `next_page`.
fn next_page(p: &Pagination, scope: Scope) -> TokenStream {
    let next = &p.next;
    let flag = |more: &[PageField]| match read(quote!(self), more, Access::Borrow) {
        Read::Value(flag) => scope.some(flag),
        Read::Maybe(flag) => quote!(#flag.copied()),
    };
    match next {
        PageNext::Token { path, ty, more } => {
            let token = owned_text(read(quote!(self), path, Access::Borrow), ty, scope);
            let more = more.as_deref().map(|more| {
                let flag = flag(more);
                quote!(.unless_done(#flag))
            });
            quote!(crate::runtime::Next::token(#token) #more)
        }
        PageNext::Url { path, ty } => {
            let url = owned_text(read(quote!(self), path, Access::Borrow), ty, scope);
            quote!(crate::runtime::Next::url(#url))
        }
        PageNext::LastItem { id, more } => {
            let flag = flag(more);
            let id = match read(quote!(item), std::slice::from_ref(id), Access::Borrow) {
                Read::Value(id) => quote!(.map(|item| #id.clone())),
                Read::Maybe(id) => quote!(.and_then(|item| #id.cloned())),
            };
            let some_true = scope.some(quote!(true));
            quote! {
                if #flag == #some_true {
                    crate::runtime::Next::token(self.items().last() #id)
                } else {
                    crate::runtime::Next::End
                }
            }
        }
        PageNext::Flag { more } => {
            let flag = flag(more);
            quote!(crate::runtime::Next::more(#flag))
        }
        PageNext::PageCount { path, ty } => {
            let count = match read(quote!(self), path, Access::Borrow) {
                Read::Value(count) if *ty == TypeRef::I64 => scope.some(count),
                Read::Value(count) => scope.some(quote!(i64::from(#count))),
                Read::Maybe(count) if *ty == TypeRef::I64 => quote!(#count.copied()),
                Read::Maybe(count) => quote!(#count.copied().map(i64::from)),
            };
            let first = match p.request {
                PageRequest::Number { first, .. } => u64::try_from(first).unwrap_or(0),
                _ => 1,
            };
            quote!(crate::runtime::Next::page_count(#count, #first))
        }
        PageNext::Unstated => quote!(crate::runtime::Next::Unstated),
    }
}

/// An `Option<String>` of a token or URL read by reference: a string cloned, an integer or a
/// `Url` written out.
fn owned_text(value: Read, ty: &TypeRef, scope: Scope) -> TokenStream {
    let is_string = *ty == TypeRef::String;
    match value {
        Read::Value(value) if is_string => scope.some(quote!(#value.clone())),
        Read::Value(value) => scope.some(quote!(#value.to_string())),
        Read::Maybe(value) if is_string => quote!(#value.cloned()),
        Read::Maybe(value) => quote!(#value.map(|value| value.to_string())),
    }
}

/// How a path is read: by reference (`&self`) or by value (`self`).
#[derive(Clone, Copy, PartialEq)]
enum Access {
    Borrow,
    Move,
}

/// A value read along a path: a place that is always there, or an `Option` (of a reference,
/// when borrowed), `None` where a field on the way is absent or `null`.
enum Read {
    Value(TokenStream),
    Maybe(TokenStream),
}

/// Reads `path` from `owner`.
fn read(owner: TokenStream, path: &[PageField], access: Access) -> Read {
    path.iter().fold(Read::Value(owner), |read, field| {
        let name = ident(&field.name);
        // The field of `v`, as an `Option`.
        let optional = |v: TokenStream| match (field.presence, access) {
            (Presence::Required, _) => unreachable!("a required field is read as a value"),
            (Presence::RequiredNullable | Presence::Optional, Access::Borrow) => {
                quote!(#v.#name.as_ref())
            }
            (Presence::RequiredNullable | Presence::Optional, Access::Move) => quote!(#v.#name),
            (Presence::OptionalNullable, Access::Borrow) => {
                quote!(#v.#name.as_ref().into_option())
            }
            (Presence::OptionalNullable, Access::Move) => quote!(#v.#name.into_option()),
        };
        match (read, field.presence) {
            (Read::Value(v), Presence::Required) => Read::Value(quote!(#v.#name)),
            (Read::Value(v), _) => Read::Maybe(optional(v)),
            (Read::Maybe(v), Presence::Required) if access == Access::Borrow => {
                Read::Maybe(quote!(#v.map(|v| &v.#name)))
            }
            (Read::Maybe(v), Presence::Required) => Read::Maybe(quote!(#v.map(|v| v.#name))),
            (Read::Maybe(v), _) => {
                let inner = optional(quote!(v));
                Read::Maybe(quote!(#v.and_then(|v| #inner)))
            }
        }
    })
}

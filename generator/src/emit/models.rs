//! `src/models.rs`: one Rust type per IR type.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::format_tokens;
use super::tokens::{Scope, cfg, doc_attrs, doc_opt, ident, rust_type};
use crate::ir::{
    Api, ErrorShape, Field, Gate, Operation, StringEnum, Struct, TypeDef, TypeKind, Union, Usage,
};

pub fn models(api: &Api) -> String {
    let scope = Scope::models(api);
    let mut chunks = vec![format_tokens(quote! {
        //! Request and response types, one per schema of the spec.
        //!
        //! Unknown fields in responses are ignored, missing or `null` optional fields decode to
        //! `None`, and enum values the spec does not list decode into an `Unknown` variant, so
        //! the API can grow without breaking this crate.
    })];
    chunks.extend(super::par_map(&api.types, |def| type_def(def, scope)));
    let errors = api.operations.iter().filter_map(|op| match &op.error {
        ErrorShape::ByStatus { name, cases } => Some(error_enum(name, op, cases, scope)),
        ErrorShape::Single(_) => None,
    });
    let pages = page_impls(api, scope);
    chunks.push(format_tokens(quote! { #(#errors)* #pages }));
    chunks.retain(|c| !c.trim().is_empty());
    chunks.join("\n")
}

/// One model, formatted. Enums are `string_enum!` invocations, written as text.
fn type_def(def: &TypeDef, scope: Scope) -> String {
    let name = ident(&def.name);
    let cfg = cfg(&def.gate);
    let docs = doc_opt(with_deprecation(def.docs.as_deref(), def.deprecated).as_deref());
    let body = match &def.kind {
        TypeKind::Enum(e) => return enum_def(def, e),
        TypeKind::Struct(s) => struct_def(&name, s, scope, def.usage),
        TypeKind::Union(u) => union_def(&name, u, scope, def.usage),
        TypeKind::Alias(target) => {
            let target = rust_type(target, scope);
            quote!(pub type #name = #target;)
        }
    };
    format_tokens(quote! {
        #docs
        #cfg
        #body
    })
}

/// Deprecated types and fields are marked in their docs: an attribute would warn inside this
/// crate wherever they are used, while operations carry `#[deprecated]` for callers.
fn with_deprecation(docs: Option<&str>, deprecated: bool) -> Option<String> {
    match (docs, deprecated) {
        (docs, false) => docs.map(str::to_owned),
        (Some(docs), true) => Some(format!("**Deprecated.** {docs}")),
        (None, true) => Some("**Deprecated.**".to_owned()),
    }
}

fn field_type(field: &Field, scope: Scope) -> TokenStream {
    let mut ty = rust_type(&field.ty, scope);
    if field.boxed {
        ty = scope.boxed(ty);
    }
    if field.optional {
        ty = scope.option(ty);
    }
    ty
}

fn struct_def(name: &proc_macro2::Ident, s: &Struct, scope: Scope, usage: Usage) -> TokenStream {
    let multipart = s.multipart;
    let is_none = scope.is_none();
    let fields = s.fields.iter().map(|field| {
        let ident = ident(&field.name);
        let ty = field_type(field, scope);
        let docs = doc_opt(with_deprecation(field.docs.as_deref(), field.deprecated).as_deref());
        let mut serde = Vec::new();
        if field.renamed {
            let wire = &field.wire_name;
            serde.push(quote!(rename = #wire));
        }
        if field.optional {
            serde.push(quote!(default, skip_serializing_if = #is_none));
        }
        if field.read_only {
            serde.push(quote!(skip_serializing));
        }
        let serde = if serde.is_empty() || multipart {
            TokenStream::new()
        } else {
            quote!(#[serde(#(#serde),*)])
        };
        quote! {
            #docs
            #serde
            pub #ident: #ty,
        }
    });
    let additional = s.additional.as_ref().map(|value| {
        let value = rust_type(value, scope);
        let string = scope.string();
        let serde = if multipart {
            TokenStream::new()
        } else {
            quote!(#[serde(flatten)])
        };
        quote! {
            /// Properties beyond the ones listed above.
            #serde
            pub additional_properties: ::std::collections::BTreeMap<#string, #value>,
        }
    });
    let default = if s.derive_default {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    let (serde_derives, serde_full) = if multipart {
        (TokenStream::new(), TokenStream::new())
    } else {
        serde_derives(usage)
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, #default #serde_derives)]
        #serde_full
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

/// A `string_enum!` invocation, written as text: prettyplease leaves macro bodies unformatted.
fn enum_def(def: &TypeDef, e: &StringEnum) -> String {
    let mut out = cfg_text(&def.gate);
    out.push_str("crate::macros::string_enum! {\n");
    if let Some(docs) = with_deprecation(def.docs.as_deref(), def.deprecated) {
        for line in docs.lines() {
            out.push_str(if line.is_empty() {
                "    ///\n"
            } else {
                "    /// "
            });
            if !line.is_empty() {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str(&format!("    pub enum {} {{\n", def.name));
    for variant in &e.variants {
        out.push_str(&format!(
            "        {} = {},\n",
            variant.name,
            string_literal(&variant.wire_name)
        ));
    }
    out.push_str("    }\n}\n");
    out
}

/// The `#[cfg]` of an item written as text, laid out as prettyplease lays it out elsewhere.
fn cfg_text(gate: &Gate) -> String {
    let cfg = cfg(gate);
    if cfg.is_empty() {
        return String::new();
    }
    let formatted = format_tokens(quote!(#cfg struct Gated;));
    match formatted.trim_end().strip_suffix("struct Gated;") {
        Some(attribute) => attribute.to_owned(),
        None => formatted,
    }
}

/// A Rust string literal for any text.
fn string_literal(text: &str) -> String {
    format!("{text:?}")
}

/// The serde derives a type needs for the way it travels, and the ones it gets only with the
/// `serde-full` feature: generating both for every type would double the crate's build time.
fn serde_derives(usage: Usage) -> (TokenStream, TokenStream) {
    let mut always = Vec::new();
    let mut optional = Vec::new();
    let serialize = quote!(::serde::Serialize);
    let deserialize = quote!(::serde::Deserialize);
    if usage.needs_serialize() {
        always.push(serialize)
    } else {
        optional.push(serialize)
    }
    if usage.needs_deserialize() {
        always.push(deserialize)
    } else {
        optional.push(deserialize)
    }
    let full = if optional.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[cfg_attr(feature = "serde-full", derive(#(#optional),*))])
    };
    (quote!(#(#always,)*), full)
}

fn union_def(name: &proc_macro2::Ident, u: &Union, scope: Scope, usage: Usage) -> TokenStream {
    let (serde_derives, serde_full) = serde_derives(usage);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let mut ty = rust_type(&v.ty, scope);
        if v.boxed {
            ty = scope.boxed(ty);
        }
        quote!(#variant(#ty),)
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, #serde_derives)]
        #serde_full
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn error_enum(
    name: &str,
    op: &Operation,
    cases: &[crate::ir::ErrorCase],
    scope: Scope,
) -> TokenStream {
    let name = ident(name);
    let docs = doc_attrs(&format!(
        "The error body of `{}`, which differs by status.",
        op.id
    ));
    let cfg = cfg(&op.gate);
    let variants = cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let ty = rust_type(&case.ty, scope);
        let docs = match case.status {
            Some(status) => doc_attrs(&format!("HTTP {status}.")),
            None => doc_attrs("Any other error status."),
        };
        quote!(#docs #variant(#ty),)
    });
    let arms = cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let pattern = match case.status {
            Some(status) => quote!(#status),
            None => quote!(_),
        };
        quote!(#pattern => crate::runtime::decode_json(status, body).map(Self::#variant),)
    });
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        #cfg
        impl #name {
            /// Decodes an error body by its status.
            pub fn decode(status: ::http::StatusCode, body: &[u8]) -> ::std::option::Option<Self> {
                match status.as_u16() {
                    #(#arms)*
                }
            }
        }
    }
}

/// The `Page` implementation of each page type.
fn page_impls(api: &Api, scope: Scope) -> TokenStream {
    let mut seen = BTreeSet::new();
    let impls = api
        .operations
        .iter()
        .filter_map(|op| op.pagination.as_ref())
        .filter(|p| seen.insert(p.page_type.as_str()))
        .map(|p| {
            let page = ident(&p.page_type);
            let cfg = cfg(&p.gate);
            let item = rust_type(&p.item, scope);
            let items = ident(&p.items.name);
            let next = ident(&p.next_page.name);
            let offset = ident(&p.next_offset.name);
            let items = if p.items.optional {
                quote!(self.#items.unwrap_or_default())
            } else {
                quote!(self.#items)
            };
            let token = match (p.next_page.optional, p.next_offset.optional) {
                (true, true) => quote!(self.#next.and_then(|next| next.#offset)),
                (true, false) => quote!(self.#next.map(|next| next.#offset)),
                (false, true) => quote!(self.#next.#offset),
                (false, false) => scope.some(quote!(self.#next.#offset)),
            };
            let vec_item = scope.vec(quote!(Self::Item));
            let token_type = scope.option(scope.string());
            quote! {
                #cfg
                impl crate::runtime::Page for #page {
                    type Item = #item;

                    fn into_parts(self) -> (#vec_item, #token_type) {
                        (#items, #token)
                    }
                }
            }
        });
    quote!(#(#impls)*)
}

#[cfg(test)]
mod tests;

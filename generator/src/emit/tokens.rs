//! Small pieces every emitter uses: identifiers, type paths, doc attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{ErrorBody, TypeRef};

/// An identifier from an IR name (which naming already made valid; `r#` prefixes kept raw).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// How types are spelled in the module being emitted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// Inside `models`: named types by their bare name; elsewhere `models::Name`.
    pub in_models: bool,
    /// The prelude's `Option`, `String`, `Vec` and `Box` are not shadowed here, so they are
    /// written plainly; otherwise fully qualified.
    pub short_std: bool,
}

impl Scope {
    /// The models module: plain std names unless a model takes one of them.
    pub fn models(api: &crate::ir::Api) -> Scope {
        let shadowed = api
            .types
            .iter()
            .any(|t| crate::ir::naming::PRELUDE_NAMES.contains(&t.name.as_str()));
        Scope {
            in_models: true,
            short_std: !shadowed,
        }
    }

    /// `Option<inner>`.
    pub fn option(self, inner: TokenStream) -> TokenStream {
        if self.short_std {
            quote!(Option<#inner>)
        } else {
            quote!(::std::option::Option<#inner>)
        }
    }

    /// `Box<inner>`.
    pub fn boxed(self, inner: TokenStream) -> TokenStream {
        if self.short_std {
            quote!(Box<#inner>)
        } else {
            quote!(::std::boxed::Box<#inner>)
        }
    }

    /// `String`.
    pub fn string(self) -> TokenStream {
        if self.short_std {
            quote!(String)
        } else {
            quote!(::std::string::String)
        }
    }
}

/// The Rust type for a type reference.
pub fn rust_type(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            if scope.in_models {
                quote!(#name)
            } else {
                quote!(models::#name)
            }
        }
        TypeRef::String => scope.string(),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Uri => quote!(::url::Url),
        TypeRef::Binary => quote!(crate::runtime::Upload),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner, scope);
            if scope.short_std {
                quote!(Vec<#inner>)
            } else {
                quote!(::std::vec::Vec<#inner>)
            }
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, scope);
            let string = scope.string();
            quote!(::std::collections::BTreeMap<#string, #inner>)
        }
    }
}

/// The type as a reader would write it, for docs and listings: `Vec<WebhookResponse>`.
pub fn display_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::DateTime => "DateTime<Utc>".into(),
        TypeRef::Uri => "Url".into(),
        TypeRef::Binary => "Upload".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Vec(inner) => format!("Vec<{}>", display_type(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", display_type(inner)),
    }
}

/// The Rust type an error body decodes into: its JSON type, `String` for text, `()` for none.
pub fn error_body_type(body: &ErrorBody, scope: Scope) -> TokenStream {
    match body {
        ErrorBody::Json(ty) => rust_type(ty, scope),
        ErrorBody::Text => scope.string(),
        ErrorBody::Empty => quote!(()),
    }
}

/// [`error_body_type`] as a reader would write it.
pub fn display_error_body(body: &ErrorBody) -> String {
    match body {
        ErrorBody::Json(ty) => display_type(ty),
        ErrorBody::Text => "String".into(),
        ErrorBody::Empty => "()".into(),
    }
}

/// The lines of a doc comment for Markdown text, each with its leading space. Every doc the
/// crate carries goes through here, and through [`crate::ir::docs::plain`], so no text from
/// the spec can put a bidirectional control into the code.
pub fn doc_lines(text: &str) -> Vec<String> {
    crate::ir::docs::plain(text)
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// `#[doc = "..."]` attributes, one per line, for Markdown text.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc = "..."]` attributes, one per line: a module's own docs.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// Doc attributes for optional text.
pub fn doc_opt(text: Option<&str>) -> TokenStream {
    text.map(doc_attrs).unwrap_or_default()
}

/// `#[deprecated]` when the spec says so.
pub fn deprecated(flag: bool) -> TokenStream {
    if flag {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    }
}

//! `src/models.rs`: one Rust type per IR type.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Scope, doc_attrs, doc_opt, ident, rust_type};
use crate::ir::{Api, ErrorShape, Field, Struct, StringEnum, TypeDef, TypeKind, TypeRef, Union};

pub fn models(api: &Api) -> TokenStream {
    let multipart_bodies: Vec<&str> = api
        .operations
        .iter()
        .filter_map(|op| op.body.as_ref())
        .filter(|b| matches!(b.encoding, crate::ir::BodyEncoding::Multipart(_)))
        .filter_map(|b| match &b.ty {
            TypeRef::Named(n) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    let types = api.types.iter().map(|def| type_def(def, multipart_bodies.contains(&def.name.as_str())));
    let errors = api.operations.iter().filter_map(|op| match &op.error {
        ErrorShape::ByStatus { name, cases } => Some(error_enum(name, &op.id, cases)),
        ErrorShape::Single(_) => None,
    });
    let pages = super::operations::page_impls(api);
    quote! {
        //! Request and response types, one per schema of the spec.
        //!
        //! Unknown fields in responses are ignored, missing or `null` optional fields decode to
        //! `None`, and enum values the spec does not list decode into an `Unknown` variant, so
        //! the API can grow without breaking this crate.
        #(#types)*
        #(#errors)*
        #pages
    }
}

fn type_def(def: &TypeDef, multipart: bool) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_opt(with_deprecation(def.docs.as_deref(), def.deprecated).as_deref());
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_def(&name, s, multipart),
        TypeKind::Enum(e) => enum_def(&name, e),
        TypeKind::Union(u) => union_def(&name, u),
        TypeKind::Alias(target) => {
            let target = rust_type(target, Scope::Models);
            quote!(pub type #name = #target;)
        }
    };
    quote! {
        #docs
        #body
    }
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

fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty, Scope::Models);
    if field.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if field.optional {
        ty = quote!(::std::option::Option<#ty>);
    }
    ty
}

fn struct_def(name: &proc_macro2::Ident, s: &Struct, multipart: bool) -> TokenStream {
    let fields = s.fields.iter().map(|field| {
        let ident = ident(&field.name);
        let ty = field_type(field);
        let docs = doc_opt(with_deprecation(field.docs.as_deref(), field.deprecated).as_deref());
        let mut serde = Vec::new();
        if crate::ir::naming::unraw(&field.name) != field.wire_name {
            let wire = &field.wire_name;
            serde.push(quote!(rename = #wire));
        }
        if field.optional {
            serde.push(quote!(default, skip_serializing_if = "::std::option::Option::is_none"));
        }
        if field.read_only && s.in_request {
            serde.push(quote!(skip_serializing));
        }
        let serde = if serde.is_empty() || multipart { TokenStream::new() } else { quote!(#[serde(#(#serde),*)]) };
        quote! {
            #docs
            #serde
            pub #ident: #ty,
        }
    });
    let additional = s.additional.as_ref().map(|value| {
        let value = rust_type(value, Scope::Models);
        let serde = if multipart { TokenStream::new() } else { quote!(#[serde(flatten)]) };
        quote! {
            /// Properties beyond the ones listed above.
            #serde
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    let default = if s.derive_default { quote!(Default,) } else { TokenStream::new() };
    let serde_derives = if multipart { TokenStream::new() } else { quote!(::serde::Serialize, ::serde::Deserialize,) };
    quote! {
        #[derive(Debug, Clone, PartialEq, #default #serde_derives)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn enum_def(name: &proc_macro2::Ident, e: &StringEnum) -> TokenStream {
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire_name.as_str()).collect();
    let variant_docs = wires.iter().map(|w| doc_attrs(&format!("`{w}`")));
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(from = "::std::string::String", into = "::std::string::String")]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value not listed in the spec: sent and received as is.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #wires => Self::#variants, )*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl ::std::convert::From<#name> for ::std::string::String {
            fn from(value: #name) -> Self {
                match value {
                    #name::Unknown(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn union_def(name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = rust_type(&v.ty, Scope::Models);
        quote!(#variant(#ty),)
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn error_enum(name: &str, op_id: &str, cases: &[crate::ir::ErrorCase]) -> TokenStream {
    let name = ident(name);
    let docs = doc_attrs(&format!("The error body of `{op_id}`, which differs by status."));
    let variants = cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let ty = rust_type(&case.ty, Scope::Models);
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
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

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

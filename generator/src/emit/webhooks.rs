//! `src/incoming.rs`: the webhooks the API sends (3.1's `webhooks`), as an enum of their
//! payloads and the function a receiver decodes a delivery's body with.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Scope, doc_attrs, ident, inner_doc_attrs, rust_type};
use crate::ir::{Api, Webhook};

/// The module, for an API with webhooks.
pub fn module(api: &Api, crate_ident: &str) -> TokenStream {
    let hooks = &api.webhooks.items;
    let module_docs = inner_doc_attrs(&module_docs(hooks, crate_ident));
    let variants = hooks.iter().map(variant);
    let names = hooks.iter().map(|hook| {
        let variant = ident(&hook.variant);
        let name = &hook.name;
        match hook.payload {
            Some(_) => quote!(Self::#variant(_) => #name,),
            None => quote!(Self::#variant => #name,),
        }
    });
    let arms = hooks.iter().map(decode_arm);
    let models = api.webhooks.uses_models.then(|| {
        quote!(
            use crate::models;
        )
    });
    let with_payload = hooks.iter().any(|hook| hook.payload.is_some());
    let body = if with_payload {
        quote!(body)
    } else {
        quote!(_body)
    };
    let payload = with_payload.then(|| {
        quote! {
            /// `body` decoded as the payload of `webhook`.
            fn payload<T: ::serde::de::DeserializeOwned>(
                webhook: &'static str,
                body: &[u8],
            ) -> ::std::result::Result<T, DecodeError> {
                ::serde_json::from_slice(body).map_err(|source| DecodeError::Body { webhook, source })
            }
        }
    });
    quote! {
        #module_docs

        #models

        /// A delivery of one of the API's webhooks, its body decoded: one variant per webhook
        /// (and method, where a webhook has several).
        #[derive(Debug, Clone, PartialEq)]
        pub enum Webhook {
            #(#variants)*
        }

        impl Webhook {
            /// The webhook's name in the spec.
            pub fn name(&self) -> &'static str {
                match self {
                    #(#names)*
                }
            }
        }

        /// Why a delivery could not be decoded.
        #[derive(Debug)]
        pub enum DecodeError {
            /// No webhook has this name or operation id.
            UnknownWebhook(::std::string::String),
            /// The body is not the webhook's JSON payload.
            Body {
                /// The webhook's name in the spec.
                webhook: &'static str,
                /// Where and why decoding failed.
                source: ::serde_json::Error,
            },
        }

        impl ::std::fmt::Display for DecodeError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Self::UnknownWebhook(name) => write!(f, "no webhook is named `{name}`"),
                    Self::Body { webhook, source } => {
                        write!(f, "the body of a `{webhook}` delivery does not decode: {source}")
                    }
                }
            }
        }

        impl ::std::error::Error for DecodeError {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Self::UnknownWebhook(_) => None,
                    Self::Body { source, .. } => Some(source),
                }
            }
        }

        /// Decodes the body of a delivery of the webhook `name`: its name in the spec or its
        /// operation id (see each variant of [`Webhook`]), as your endpoint knows it (from the
        /// URL you registered for it, say). The body is the request's, whole; a webhook
        /// without a body ignores it.
        ///
        /// # Errors
        ///
        /// [`DecodeError::UnknownWebhook`] for a name no webhook has, and
        /// [`DecodeError::Body`] for a body that is not the webhook's payload.
        pub fn decode(name: &str, #body: &[u8]) -> ::std::result::Result<Webhook, DecodeError> {
            match name {
                #(#arms)*
                _ => Err(DecodeError::UnknownWebhook(name.to_owned())),
            }
        }

        #payload
    }
}

/// The module's docs, with an example decoding the first webhook.
fn module_docs(hooks: &[Webhook], crate_ident: &str) -> String {
    let mut docs = String::from(
        "The webhooks the API sends: requests its server makes to an endpoint of yours. \
         [`decode`] reads a delivery's body as the [`Webhook`] it is.\n\n\
         The signature checks some APIs ask of a receiver are not made here: check a \
         delivery before decoding it.",
    );
    if let Some(first) = hooks.first().and_then(|hook| hook.keys.first()) {
        docs.push_str(&format!(
            "\n\n```no_run\n# fn example(body: &[u8]) -> Result<(), {crate_ident}::incoming::DecodeError> {{\n\
             let webhook = {crate_ident}::incoming::decode({first:?}, body)?;\n\
             println!(\"{{}}: {{webhook:?}}\", webhook.name());\n# Ok(())\n# }}\n```"
        ));
    }
    docs
}

fn variant(hook: &Webhook) -> TokenStream {
    let name = ident(&hook.variant);
    let docs = doc_attrs(&variant_docs(hook));
    match &hook.payload {
        Some(ty) => {
            let mut ty = rust_type(ty, Scope::OUTSIDE_MODELS);
            if hook.boxed {
                ty = quote!(::std::boxed::Box<#ty>);
            }
            quote!(#docs #name(#ty),)
        }
        None => quote!(#docs #name,),
    }
}

/// A variant's docs: the webhook's own, then how it is sent and named.
fn variant_docs(hook: &Webhook) -> String {
    let mut docs = String::new();
    if hook.deprecated {
        docs.push_str("**Deprecated.** ");
    }
    if let Some(own) = &hook.docs {
        docs.push_str(own);
        docs.push_str("\n\n");
    }
    let keys: Vec<String> = hook.keys.iter().map(|key| format!("`{key}`")).collect();
    docs.push_str(&format!(
        "The webhook `{}`, sent as a `{}` request",
        hook.name, hook.method
    ));
    if hook.payload.is_none() {
        docs.push_str(" without a body");
    }
    docs.push_str(&match keys.as_slice() {
        [] => "; another webhook takes its names, so [`decode`] does not return it.".to_owned(),
        keys => format!("; [`decode`] reads it for {}.", keys.join(" or ")),
    });
    docs
}

fn decode_arm(hook: &Webhook) -> TokenStream {
    if hook.keys.is_empty() {
        return TokenStream::new();
    }
    let keys = &hook.keys;
    let variant = ident(&hook.variant);
    let name = &hook.name;
    match (&hook.payload, hook.boxed) {
        (None, _) => quote!(#(#keys)|* => Ok(Webhook::#variant),),
        (Some(_), true) => {
            quote!(#(#keys)|* => payload(#name, body).map(|p| Webhook::#variant(::std::boxed::Box::new(p))),)
        }
        (Some(_), false) => quote!(#(#keys)|* => payload(#name, body).map(Webhook::#variant),),
    }
}

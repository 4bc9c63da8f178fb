//! Request bodies on the builders: the `body` and per-media-type setters, what their docs say
//! of the media type, and how `send` encodes each kind of body.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::SCOPE;
use crate::emit::tokens::{body_types, doc_attrs, ident};
use crate::ir::{Body, BodyContent, BodyEncoding, Operation, PartKind};

/// The body is held in an `Option` on the builder: it is optional, or another media type may
/// replace it.
pub(super) fn held_in_option(body: &Body) -> bool {
    !body.required || !body.alternatives.is_empty()
}

/// The builder's `body` method and one method per other media type, for an optional body; each
/// replaces whatever body was set before. A required body is the client method's argument, one
/// method per media type.
pub(super) fn body_setters(body: &Body, builder: &str) -> TokenStream {
    let fields: Vec<Ident> = std::iter::once(format_ident!("body"))
        .chain(body.alternatives.iter().map(|alt| ident(&alt.setter)))
        .collect();
    let setter = |field: &Ident, content: &BodyContent, docs: String| {
        let (held, input) = body_types(content, SCOPE);
        let (ty, value) = match input {
            Some(input) => (input, quote!(value.into())),
            None => (held, quote!(value)),
        };
        let others = fields.iter().filter(|other| *other != field);
        let docs = doc_attrs(&docs);
        quote! {
            #docs
            #[inline]
            pub fn #field(mut self, value: #ty) -> Self {
                #(self.#others = None;)*
                self.#field = Some(#value);
                self
            }
        }
    };
    let primary = (!body.required).then(|| {
        let mut docs = body
            .docs
            .clone()
            .unwrap_or_else(|| "The request body.".to_owned());
        if let Some(note) = media_note(body, builder) {
            docs.push_str(&format!("\n\n{note}"));
        }
        setter(&fields[0], &body.primary, docs)
    });
    // A required body's other media types are the arguments of methods of their own.
    let alternatives = body
        .alternatives
        .iter()
        .zip(&fields[1..])
        .filter(|(alt, _)| alt.method.is_none())
        .map(|(alt, field)| {
            let mut docs = format!(
                "Sends the request body as `{}` instead of `{}`.",
                alt.content.media_type, body.primary.media_type
            );
            docs.push_str(&bytes_note(&alt.content));
            setter(field, &alt.content, docs)
        });
    quote!(#primary #(#alternatives)*)
}

/// What the docs of the primary body say of its media type, unless it is plain JSON alone: the
/// type it is sent as, how to name the actual type for a pattern, and the setters of the others.
pub(super) fn media_note(body: &Body, builder: &str) -> Option<String> {
    let primary = &body.primary;
    let mut note = String::new();
    if let BodyEncoding::Bytes { pattern: true, .. } = primary.encoding {
        note.push_str(bytes_note(primary).trim_start());
    } else if primary.media_type != "application/json" || !body.alternatives.is_empty() {
        note.push_str(&format!("Sent as `{}`.", primary.media_type));
        note.push_str(&bytes_note(primary));
    }
    if !body.alternatives.is_empty() {
        let setters: Vec<String> = body
            .alternatives
            .iter()
            .map(|alt| {
                let link = match &alt.method {
                    Some(method) => {
                        let method = crate::ir::naming::unraw(method);
                        format!("[`{method}`](crate::Client::{method})")
                    }
                    None => {
                        let setter = crate::ir::naming::unraw(&alt.setter);
                        format!("[`{setter}`]({builder}::{setter})")
                    }
                };
                format!("{link} (`{}`)", alt.content.media_type)
            })
            .collect();
        note.push_str(&format!(" Other media types: {}.", setters.join(", ")));
    }
    (!note.is_empty()).then(|| note.trim_start().to_owned())
}

/// What the caller of a bytes body should know: how to name the actual type when the API gives
/// only a pattern (`image/*`), and why a schema the spec gives is not a model here.
fn bytes_note(content: &BodyContent) -> String {
    let BodyEncoding::Bytes { pattern, untyped } = &content.encoding else {
        return String::new();
    };
    let mut note = String::new();
    if let Some(reason) = untyped {
        note.push_str(&format!(
            " Pass the body encoded: the client cannot encode the spec's schema for it from a \
             model ({reason})."
        ));
    }
    if *pattern {
        note.push_str(&format!(
            " The API takes `{}`: name the actual type with \
             [`Payload::with_content_type`](crate::runtime::Payload::with_content_type) \
             (`{}` otherwise).",
            content.media_type, content.content_type
        ));
    }
    note
}

/// Statements that encode `body` (a reference to the held value) into `request`'s body. What
/// cannot be serialised is remembered (`runtime::Request::fail`), and the request fails when
/// it is sent.
fn encode_body(content: &BodyContent) -> TokenStream {
    let content_type = &content.content_type;
    let value = match &content.envelope {
        Some(_) => quote!(&runtime::Data { data: body }),
        None => quote!(body),
    };
    // `encoded` is a `Result`; `ok` uses its value, `error` turns its error into a
    // `RequestError`.
    let fallible = |encoded: TokenStream, ok: TokenStream, error: TokenStream| {
        quote! {
            match #encoded {
                Ok(encoded) => #ok,
                Err(error) => request.fail(#error),
            }
        }
    };
    let serde_error = quote!(runtime::RequestError::serialize(error));
    let set_body = quote!(request.body = encoded);
    match &content.encoding {
        BodyEncoding::Json(_) if content_type == "application/json" => {
            fallible(quote!(runtime::Body::json(#value)), set_body, serde_error)
        }
        BodyEncoding::Json(_) => fallible(
            quote!(runtime::Body::json_as(#value, #content_type)),
            set_body,
            serde_error,
        ),
        BodyEncoding::Multipart { fields, .. } => {
            let parts = fields.iter().map(|field| {
                let name = ident(&field.name);
                let wire = &field.wire_name;
                let push = match field.part {
                    PartKind::File => {
                        quote!(parts.push(runtime::Part::file(#wire, value.clone()));)
                    }
                    PartKind::Text => {
                        quote!(parts.push(runtime::Part::text(#wire, value.to_string()));)
                    }
                    PartKind::Json => fallible(
                        quote!(runtime::Part::json(#wire, value)),
                        quote!(parts.push(encoded)),
                        serde_error.clone(),
                    ),
                    PartKind::Value => fallible(
                        quote!(runtime::Part::value(#wire, value)),
                        quote!(parts.extend(encoded)),
                        serde_error.clone(),
                    ),
                };
                match (field.repeated, field.optional) {
                    (false, false) => quote! { let value = &body.#name; #push },
                    (false, true) => quote! { if let Some(value) = &body.#name { #push } },
                    (true, false) => quote! { for value in &body.#name { #push } },
                    (true, true) => quote! { for value in body.#name.iter().flatten() { #push } },
                }
            });
            quote! {
                let mut parts = Vec::new();
                #(#parts)*
                request.body = runtime::Body::Multipart(parts);
            }
        }
        BodyEncoding::Form {
            styles,
            json,
            untyped_others: None,
            ..
        } if styles.is_empty() && json.is_empty() => {
            fallible(quote!(runtime::Body::form(#value)), set_body, quote!(error))
        }
        BodyEncoding::Form {
            styles,
            json,
            untyped_others,
            ..
        } => {
            let styles = styles.iter().map(|s| {
                let (property, explode) = (&s.property, s.explode);
                let style = format_ident!("{}", s.style.variant());
                quote!((#property, runtime::QueryStyle::#style, #explode))
            });
            let encoded = match untyped_others {
                Some(typed) => {
                    quote!(runtime::Body::form_untyped(#value, &[#(#styles),*], &[#(#typed),*]))
                }
                None => {
                    quote!(runtime::Body::form_styled(#value, &[#(#styles),*], &[#(#json),*]))
                }
            };
            fallible(encoded, set_body, quote!(error))
        }
        BodyEncoding::Text => {
            quote!(request.body = runtime::Body::text(body.clone(), #content_type);)
        }
        BodyEncoding::Bytes { .. } => {
            quote!(request.body = runtime::Body::payload(body.clone(), #content_type);)
        }
    }
}

/// Statements that put the body the builder holds into `request`.
pub(super) fn body_statements(op: &Operation) -> Option<TokenStream> {
    op.body.as_ref().map(|body| {
        let primary = encode_body(&body.primary);
        if !held_in_option(body) {
            return quote! {
                let body = &self.body;
                #primary
            };
        }
        let alternatives = body.alternatives.iter().map(|alt| {
            let field = ident(&alt.setter);
            let encode = encode_body(&alt.content);
            quote! {
                else if let Some(body) = &self.#field {
                    #encode
                }
            }
        });
        quote! {
            if let Some(body) = &self.body {
                #primary
            }
            #(#alternatives)*
        }
    })
}

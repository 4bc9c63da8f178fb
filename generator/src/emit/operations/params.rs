//! How an operation's parameters are taken and encoded: argument types (and the struct of too
//! many required ones), setters, query, header, cookie and path encoding, bound checks, and
//! their docs.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::SCOPE;
use crate::emit::tokens::{deprecated, doc_attrs, ident, rust_type};
use crate::ir::{Operation, Param, ParamLocation, Style, TypeRef, ValueShape};

/// How the variable holding a parameter's value has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Taken {
    /// As the client method or setter takes it: `&str`, `impl Into<T>`, `impl IntoIterator`.
    AsArgument,
    /// As its own type, from a field of the operation's args struct (a string by reference).
    Owned,
}

/// How a caller passes a parameter: the argument type, and the expression (of `var`, holding
/// the value as `taken`) to encode.
pub(super) fn input(param: &Param, var: &Ident, taken: Taken) -> (TokenStream, TokenStream) {
    if param.style.at_send() {
        // Serialised by reference: held until `send`, or in the path.
        return (rust_type(&param.ty, SCOPE), quote!(#var));
    }
    if taken == Taken::Owned && param.ty != TypeRef::DateTime {
        return (rust_type(&param.ty, SCOPE), quote!(#var));
    }
    match &param.ty {
        TypeRef::String => (quote!(&str), quote!(#var)),
        ty @ TypeRef::Named(_) => {
            let ty = rust_type(ty, SCOPE);
            (quote!(impl Into<#ty>), quote!(Into::<#ty>::into(#var)))
        }
        ty @ TypeRef::DateTime => (rust_type(ty, SCOPE), quote!(#var.to_rfc3339())),
        TypeRef::Vec(inner) => {
            let item = match &**inner {
                TypeRef::String => quote!(String),
                other => rust_type(other, SCOPE),
            };
            (
                quote!(impl IntoIterator<Item = impl Into<#item>>),
                quote!(#var.into_iter().map(Into::<#item>::into)),
            )
        }
        other => (rust_type(other, SCOPE), quote!(#var)),
    }
}

/// The `runtime::ParamValue` of a styled parameter held in `var`; where serde serialises it,
/// the `Result` of serialising it.
pub(super) fn param_value(
    param: &Param,
    shape: ValueShape,
    var: &Ident,
    taken: Taken,
) -> TokenStream {
    let (_, value) = input(param, var, taken);
    match shape {
        ValueShape::Any if taken == Taken::Owned && matches!(param.ty, TypeRef::Vec(_)) => {
            quote!(runtime::ParamValue::from(::serde_json::Value::Array(#value)))
        }
        _ => plain_value(param, shape, &value),
    }
}

/// The `Result` of serialising the value `value` refers to as a `runtime::ParamValue`, for the
/// shapes serde serialises ([`Style::at_send`](crate::ir::Style::at_send)).
fn serialized(shape: ValueShape, value: &TokenStream) -> TokenStream {
    match shape {
        ValueShape::Json => quote!(runtime::ParamValue::json(#value)),
        _ => quote!(runtime::ParamValue::object(#value)),
    }
}

/// The `runtime::ParamValue` of `value`, for the shapes set without serde.
fn plain_value(param: &Param, shape: ValueShape, value: &TokenStream) -> TokenStream {
    match shape {
        ValueShape::Primitive => quote!(runtime::ParamValue::primitive(#value)),
        ValueShape::Array => quote!(runtime::ParamValue::array(#value)),
        ValueShape::Arrays => quote!(runtime::ParamValue::arrays(#value)),
        ValueShape::Any if matches!(param.ty, TypeRef::Vec(_)) => {
            quote!(runtime::ParamValue::from(::serde_json::Value::Array(#value.collect())))
        }
        ValueShape::Any => quote!(runtime::ParamValue::from(#value)),
        ValueShape::Serialized | ValueShape::Json => serialized(shape, value),
    }
}

/// For a path parameter serialised with serde, the statement that serialises argument `var`
/// into the `ParamValue` `var` before the path is built (a failure is reported by `send`).
pub(super) fn serialize_path_param(param: &Param, var: &Ident) -> Option<TokenStream> {
    let Style::Styled { value: shape, .. } = param.style else {
        return None;
    };
    if !param.style.at_send() {
        return None;
    }
    let wire = &param.wire_name;
    let value = serialized(shape, &quote!(&#var));
    Some(quote!(let #var = request.serialized_param(#wire, #value);))
}

/// Statements that put parameter `param`, held in `var` as `taken`, into `request`.
pub(super) fn encode_param(
    param: &Param,
    (var, taken): (&Ident, Taken),
    request: &TokenStream,
    replace: bool,
) -> TokenStream {
    let wire = &param.wire_name;
    let (_, value) = input(param, var, taken);
    match (param.location, param.style) {
        (ParamLocation::Header, Style::Single) => {
            quote!(#request.headers.push((#wire, #value.to_string()));)
        }
        (_, Style::Single) if replace => quote!(#request.query.set(#wire, #value);),
        (_, Style::Single) => quote!(#request.query.push(#wire, &#value);),
        (_, Style::CommaSeparated) => quote!(#request.query.set_csv(#wire, #value);),
        (_, Style::Repeated) => quote!(#request.query.set_each(#wire, #value);),
        (
            location,
            Style::Styled {
                style,
                explode,
                value: shape,
            },
        ) => {
            let value = param_value(param, shape, var, taken);
            // Serialised now, held until `send`: a failure is remembered, and the request
            // fails when it is sent.
            let (serialize, value) = if param.style.at_send() {
                (
                    quote!(let value = #request.serialized_param(#wire, #value);),
                    quote!(value),
                )
            } else {
                (TokenStream::new(), value)
            };
            let put = match location {
                ParamLocation::Query | ParamLocation::Path => {
                    let style = format_ident!("{}", style.variant());
                    quote!(#request.query.set_styled(#wire, runtime::QueryStyle::#style, #explode, &#value);)
                }
                ParamLocation::Header => {
                    quote!(#request.headers.push((#wire, runtime::header_param(#explode, &#value)));)
                }
                ParamLocation::Cookie => {
                    quote!(runtime::set_cookie(&mut #request.headers, #wire, #explode, &#value);)
                }
            };
            quote!(#serialize #put)
        }
    }
}

/// The encoded path segment of path parameter `param`, held in `var` as `taken`.
pub(super) fn path_segment(param: &Param, var: &Ident, taken: Taken) -> TokenStream {
    let wire = &param.wire_name;
    match param.style {
        Style::Styled {
            style,
            explode,
            value: shape,
        } => {
            let style = format_ident!("{}", style.variant());
            // Serialised beforehand by `serialize_path_param`.
            let value = match param.style.at_send() {
                true => quote!(#var),
                false => param_value(param, shape, var, taken),
            };
            quote!(&runtime::path_param(runtime::PathStyle::#style, #explode, #wire, &#value))
        }
        _ if param.ty == TypeRef::String => quote!(&runtime::encode_path_segment(#var)),
        _ => {
            // The value as taken (an enum by `impl Into`), formatted; a date-time as RFC 3339.
            let (_, value) = input(param, var, taken);
            match param.ty {
                TypeRef::DateTime => quote!(&runtime::encode_path_segment(&#value)),
                _ => quote!(&runtime::encode_path_segment(&#value.to_string())),
            }
        }
    }
}

/// The statement checking `var` against the bounds of `param` before sending, if it has any.
pub(super) fn check_bounds(
    param: &Param,
    var: &Ident,
    request: &TokenStream,
) -> Option<TokenStream> {
    if param.bounds == (None, None) {
        return None;
    }
    let bound = |bound: Option<i64>| match bound {
        Some(n) => {
            let n = proc_macro2::Literal::i64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    let (wire, min, max) = (
        &param.wire_name,
        bound(param.bounds.0),
        bound(param.bounds.1),
    );
    Some(quote!(#request.check_range(#wire, #var, #min, #max);))
}

/// A parameter's docs, as analyze completed them (bounds included).
pub(super) fn param_doc(param: &Param) -> String {
    param.docs.clone().unwrap_or_default()
}

/// The struct of an operation's required parameters, for one that has [`Operation::args`].
pub(super) fn args_struct(op: &Operation) -> Option<TokenStream> {
    let name = ident(op.args.as_ref()?);
    let fn_name = &op.fn_name;
    let docs = doc_attrs(&format!(
        "The required parameters of [`Client::{fn_name}`](crate::Client::{fn_name}) (`{} {}`), \
         too many to pass one by one.",
        op.method.as_str(),
        op.path
    ));
    let fields = op.required_params().map(|param| {
        let field = ident(&param.name);
        let ty = rust_type(&param.ty, SCOPE);
        // `#[deprecated]` would warn where the client method reads the field.
        let mut doc = param_doc(param);
        if param.deprecated {
            doc = format!("**Deprecated.** {doc}");
        }
        let doc = doc_attrs(&doc);
        quote! {
            #doc
            pub #field: #ty,
        }
    });
    Some(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// The builder method setting the optional parameter `param`.
pub(super) fn setter(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let value = format_ident!("value");
    let (ty, _) = input(param, &value, Taken::AsArgument);
    let mut doc = param_doc(param);
    let mut notes = Vec::new();
    if param.style == Style::CommaSeparated {
        notes.push(format!(
            "Sent as one comma-separated value (`{}=a,b`)",
            param.wire_name
        ));
    }
    // Items taken `impl Into` (not serialised with serde) are enums.
    if let (TypeRef::Vec(inner), false) = (&param.ty, param.style.at_send()) {
        if let TypeRef::Named(enum_name) = &**inner {
            notes.push(format!(
                "takes [`{enum_name}`](crate::models::{enum_name}) values, or strings for values the spec does not list (such as nested paths)"
            ));
        }
    }
    if !notes.is_empty() {
        let mut note = notes.join("; ");
        note[..1].make_ascii_uppercase();
        doc.push_str(&format!("\n\n{note}."));
    }
    let check = check_bounds(param, &value, &quote!(self.request));
    if check.is_some() {
        doc.push_str(
            "\n\nA value outside the bounds makes the request fail before it is sent, with a [`RequestErrorKind::OutOfRange`](crate::runtime::RequestErrorKind::OutOfRange) error naming the parameter and the bound.",
        );
    }
    let docs = doc_attrs(&doc);
    let deprecated = deprecated(param.deprecated);
    let encode = match &param.held {
        Some(held) => {
            let held = ident(held);
            quote!(self.#held = Some(#value);)
        }
        None => encode_param(
            param,
            (&value, Taken::AsArgument),
            &quote!(self.request),
            true,
        ),
    };
    quote! {
        #docs
        #deprecated
        #[inline]
        pub fn #name(mut self, #value: #ty) -> Self {
            #check
            #encode
            self
        }
    }
}

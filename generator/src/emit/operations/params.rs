//! How an operation's parameters are taken and encoded: argument types, query, header, cookie
//! and path encoding, bound checks, and their docs.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::SCOPE;
use crate::emit::tokens::rust_type;
use crate::ir::{Param, ParamLocation, Style, TypeRef, ValueShape};

/// How a caller passes a parameter: the argument type, and the expression (of `var`) to encode.
pub(super) fn input(param: &Param, var: &Ident) -> (TokenStream, TokenStream) {
    if param.held.is_some() {
        // Held until `send`, which serialises it by reference.
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

/// The `runtime::ParamValue` of a styled parameter held in `var`; for a value serde serialises
/// (which can fail), a `Result` of it instead.
pub(super) fn param_value(param: &Param, shape: ValueShape, var: &Ident) -> TokenStream {
    let (_, value) = input(param, var);
    match shape {
        ValueShape::Primitive => quote!(runtime::ParamValue::primitive(#value)),
        ValueShape::Array => quote!(runtime::ParamValue::array(#value)),
        ValueShape::Arrays => quote!(runtime::ParamValue::arrays(#value)),
        ValueShape::Any if matches!(param.ty, TypeRef::Vec(_)) => {
            quote!(runtime::ParamValue::from(::serde_json::Value::Array(#value.collect())))
        }
        ValueShape::Any => quote!(runtime::ParamValue::from(#value)),
        ValueShape::Serialized => quote!(runtime::ParamValue::object(#value)),
        ValueShape::Json => quote!(runtime::ParamValue::json(#value)),
    }
}

/// Statements that put parameter `param`, held in `var`, into `request`.
pub(super) fn encode_param(
    param: &Param,
    var: &Ident,
    request: &TokenStream,
    replace: bool,
) -> TokenStream {
    let wire = &param.wire_name;
    let (_, value) = input(param, var);
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
            let put = |value: TokenStream| match location {
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
            let value = param_value(param, shape, var);
            if param.style.at_send() {
                // Serialised now: a failure is remembered, and the request fails when sent.
                let put = put(quote!(value));
                quote! {
                    match #value {
                        Ok(value) => { #put }
                        Err(error) => #request.fail(runtime::RequestError::serialize(error)),
                    }
                }
            } else {
                put(value)
            }
        }
    }
}

/// The encoded path segment of path parameter `param`, held in `var`.
pub(super) fn path_segment(param: &Param, var: &Ident) -> TokenStream {
    let wire = &param.wire_name;
    match param.style {
        Style::Styled {
            style,
            explode,
            value: shape,
        } => {
            let style = format_ident!("{}", style.variant());
            let value = param_value(param, shape, var);
            quote!(&runtime::path_param(runtime::PathStyle::#style, #explode, #wire, &#value))
        }
        _ if param.ty == TypeRef::String => quote!(&runtime::encode_path_segment(#var)),
        _ => quote!(&runtime::encode_path_segment(&#var.to_string())),
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

pub(super) fn param_doc(param: &Param) -> String {
    let mut doc = param
        .docs
        .clone()
        .unwrap_or_else(|| format!("The `{}` parameter.", param.wire_name));
    let stated = |n: Option<i64>| n.is_none_or(|n| doc.contains(&n.to_string()));
    if stated(param.bounds.0) && stated(param.bounds.1) {
        return doc;
    }
    match param.bounds {
        (Some(min), Some(max)) => doc.push_str(&format!("\n\nBetween {min} and {max}.")),
        (Some(min), None) => doc.push_str(&format!("\n\nAt least {min}.")),
        (None, Some(max)) => doc.push_str(&format!("\n\nAt most {max}.")),
        (None, None) => {}
    }
    doc
}

//! `src/operations/`: one `impl Client` block and request builders per tag.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Scope, deprecated, display_type, doc_attrs, ident, rust_type};
use crate::ir::{Api, BodyEncoding, ErrorShape, Operation, Param, ParamLocation, PathPart, Response, Style, TypeRef};

/// `src/operations/mod.rs`.
pub fn module_index(api: &Api) -> TokenStream {
    let modules: BTreeSet<(&str, &str)> = api.operations.iter().map(|op| (op.module.as_str(), op.tag.as_str())).collect();
    let mut seen = BTreeSet::new();
    let decls = modules.into_iter().filter(|(m, _)| seen.insert(*m)).map(|(module, tag)| {
        let module_ident = ident(module);
        let docs = doc_attrs(&format!("Operations tagged `{tag}`."));
        quote!(#docs pub mod #module_ident;)
    });
    quote! {
        //! API operations, one module per tag. Each operation is a method on
        //! [`Client`](crate::Client) returning a request builder; set optional parameters on the
        //! builder, then `.send().await`.
        #(#decls)*
    }
}

/// `src/operations/<module>.rs`.
pub fn module(api: &Api, module: &str) -> TokenStream {
    let ops: Vec<&Operation> = api.operations.iter().filter(|op| op.module == module).collect();
    let tag = ops.first().map(|op| op.tag.as_str()).unwrap_or(module);
    let module_docs = format!(" Operations tagged `{tag}`.");
    let methods = ops.iter().map(|op| client_method(op));
    let builders = ops.iter().map(|op| builder(op));
    quote! {
        #![doc = #module_docs]

        impl crate::Client {
            #(#methods)*
        }

        #(#builders)*
    }
}

/// The Rust type of an argument or setter that takes this parameter, and how `var` is stored.
fn input_type(ty: &TypeRef, var: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl ::std::convert::Into<::std::string::String>), quote!(#var.into())),
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner, Scope::Elsewhere);
            (
                quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#inner>>),
                quote!(#var.into_iter().map(::std::convert::Into::into).collect()),
            )
        }
        TypeRef::Named(_) => {
            let ty = rust_type(ty, Scope::Elsewhere);
            (quote!(impl ::std::convert::Into<#ty>), quote!(#var.into()))
        }
        other => (rust_type(other, Scope::Elsewhere), quote!(#var)),
    }
}

fn required_params(op: &Operation) -> impl Iterator<Item = &Param> {
    // Path parameters in path order, then other required ones in spec order.
    let in_path = op.path_parts.iter().filter_map(move |part| match part {
        PathPart::Param(wire) => op.params.iter().find(|p| p.location == ParamLocation::Path && &p.wire_name == wire),
        PathPart::Literal(_) => None,
    });
    in_path.chain(op.params.iter().filter(|p| p.required && p.location != ParamLocation::Path))
}

fn error_type(op: &Operation) -> TokenStream {
    match &op.error {
        ErrorShape::Single(ty) => rust_type(ty, Scope::Elsewhere),
        ErrorShape::ByStatus { name, .. } => rust_type(&TypeRef::Named(name.clone()), Scope::Elsewhere),
    }
}

fn success_type(op: &Operation) -> TokenStream {
    match &op.response {
        Response::Empty => quote!(()),
        Response::Json { ty, .. } => rust_type(ty, Scope::Elsewhere),
    }
}

fn param_doc(param: &Param) -> String {
    let mut doc = param.docs.clone().unwrap_or_else(|| format!("The `{}` parameter.", param.wire_name));
    match param.bounds {
        (Some(min), Some(max)) => doc.push_str(&format!("\n\nBetween {min} and {max}.")),
        (Some(min), None) => doc.push_str(&format!("\n\nAt least {min}.")),
        (None, Some(max)) => doc.push_str(&format!("\n\nAt most {max}.")),
        (None, None) => {}
    }
    doc
}

fn operation_docs(op: &Operation) -> String {
    let mut sections: Vec<String> = Vec::new();
    if let Some(summary) = &op.summary {
        sections.push(format!("{summary}."));
    }
    if let Some(docs) = &op.docs {
        sections.push(docs.clone());
    }
    let mut request = format!("`{} {}` (`{}`)", op.method.as_str(), op.path, op.id);
    if !op.scopes.is_empty() && !op.docs.as_deref().is_some_and(|d| op.scopes.iter().all(|s| d.contains(s.as_str()))) {
        let scopes: Vec<String> = op.scopes.iter().map(|s| format!("`{s}`")).collect();
        request.push_str(&format!(". OAuth scope: {}", scopes.join(" or ")));
    }
    sections.push(request);
    let required: Vec<&Param> = required_params(op).collect();
    if !required.is_empty() || op.body.as_ref().is_some_and(|b| b.required) {
        let mut args = String::from("# Arguments\n");
        for param in required {
            args.push_str(&format!("\n- `{}`: {}", crate::ir::naming::unraw(&param.name), crate::ir::docs::first_line(&param_doc(param))));
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            let what = body.docs.as_deref().map(crate::ir::docs::first_line).unwrap_or("The request body.");
            args.push_str(&format!("\n- `body`: {what}"));
        }
        sections.push(args);
    }
    sections.join("\n\n")
}

fn client_method(op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let builder = ident(&op.builder_name);
    let docs = doc_attrs(&operation_docs(op));
    let deprecated = deprecated(op.deprecated);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for param in required_params(op) {
        let name = ident(&param.name);
        let (ty, convert) = input_type(&param.ty, &name);
        args.push(quote!(#name: #ty));
        inits.push(quote!(#name: #convert));
    }
    for param in op.params.iter().filter(|p| !p.required) {
        let name = ident(&param.name);
        inits.push(quote!(#name: ::std::option::Option::None));
    }
    if let Some(body) = &op.body {
        let ty = rust_type(&body.ty, Scope::Elsewhere);
        if body.required {
            args.push(quote!(body: #ty));
            inits.push(quote!(body));
        } else {
            inits.push(quote!(body: ::std::option::Option::None));
        }
    }
    quote! {
        #docs
        #deprecated
        pub fn #fn_name(&self, #(#args),*) -> #builder {
            #builder {
                client: self.clone(),
                #(#inits,)*
            }
        }
    }
}

fn builder(op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    let fn_name = &op.fn_name;
    let builder_docs = doc_attrs(&format!(
        "Request builder for [`Client::{fn_name}`](crate::Client::{fn_name}): `{} {}`.\n\nSet optional parameters with its methods, then call [`send`]({}::send).",
        op.method.as_str(),
        op.path,
        op.builder_name
    ));
    let mut fields = vec![quote!(client: crate::Client)];
    for param in &op.params {
        let name = ident(&param.name);
        let ty = rust_type(&param.ty, Scope::Elsewhere);
        fields.push(if param.required { quote!(#name: #ty) } else { quote!(#name: ::std::option::Option<#ty>) });
    }
    if let Some(body) = &op.body {
        let ty = rust_type(&body.ty, Scope::Elsewhere);
        fields.push(if body.required { quote!(body: #ty) } else { quote!(body: ::std::option::Option<#ty>) });
    }
    let setters = op.params.iter().filter(|p| !p.required).map(setter);
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|body| {
        let ty = rust_type(&body.ty, Scope::Elsewhere);
        let docs = doc_attrs(body.docs.as_deref().unwrap_or("The request body."));
        quote! {
            #docs
            pub fn body(mut self, value: #ty) -> Self {
                self.body = ::std::option::Option::Some(value);
                self
            }
        }
    });
    let send = send(op);
    let stream = op.pagination.as_ref().map(|p| stream(op, p));
    quote! {
        #builder_docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            #(#fields,)*
        }

        impl #builder {
            #(#setters)*
            #body_setter
            #send
            #stream
        }
    }
}

fn setter(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let (ty, convert) = input_type(&param.ty, &quote::format_ident!("value"));
    let mut doc = param_doc(param);
    if param.style == Style::CommaSeparated {
        doc.push_str(&format!("\n\nSent as one comma-separated value: `{}=a,b`.", param.wire_name));
    }
    if let TypeRef::Vec(inner) = &param.ty {
        if let TypeRef::Named(enum_name) = &**inner {
            doc.push_str(&format!(
                "\n\nTakes [`{enum_name}`](crate::models::{enum_name}) values, or strings for values the spec does not list (such as nested paths)."
            ));
        }
    }
    let docs = doc_attrs(&doc);
    let deprecated = deprecated(param.deprecated);
    quote! {
        #docs
        #deprecated
        pub fn #name(mut self, value: #ty) -> Self {
            self.#name = ::std::option::Option::Some(#convert);
            self
        }
    }
}

fn push_param(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire_name;
    let push = match param.style {
        Style::Single => quote!(query.push(#wire, value)),
        Style::CommaSeparated => quote!(query.push_csv(#wire, value)),
        Style::Repeated => quote!(query.push_each(#wire, value)),
    };
    let target = match param.location {
        ParamLocation::Query => push,
        ParamLocation::Header => quote!(headers.push((#wire, value.to_string()))),
        ParamLocation::Path => return TokenStream::new(),
    };
    if param.required {
        quote! { let value = &self.#name; #target; }
    } else {
        quote! { if let ::std::option::Option::Some(value) = &self.#name { #target; } }
    }
}

fn send(op: &Operation) -> TokenStream {
    let op_id = &op.id;
    let path_template = &op.path;
    let method = ident(op.method.as_str());
    let success = success_type(op);
    let error = error_type(op);

    let segments = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(#text),
        PathPart::Param(wire) => {
            let param = op.params.iter().find(|p| p.location == ParamLocation::Path && &p.wire_name == wire);
            let name = ident(param.map_or(wire.as_str(), |p| p.name.as_str()));
            if param.is_some_and(|p| p.ty == TypeRef::String) {
                quote!(&crate::runtime::encode_path_segment(&self.#name))
            } else {
                quote!(&crate::runtime::encode_path_segment(&self.#name.to_string()))
            }
        }
    });
    let path = match op.path_parts.as_slice() {
        [PathPart::Literal(text)] => quote!(::std::string::String::from(#text)),
        _ => quote!([#(#segments),*].concat()),
    };
    let pushes: Vec<TokenStream> = op.params.iter().map(push_param).collect();
    let has_headers = op.params.iter().any(|p| p.location == ParamLocation::Header);
    let query_mut = if op.params.iter().any(|p| p.location == ParamLocation::Query) { quote!(mut) } else { quote!() };
    let headers_decl = if has_headers {
        quote!(let mut headers: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();)
    } else {
        quote!(let headers = ::std::vec::Vec::new();)
    };

    let body = match &op.body {
        None => quote!(crate::runtime::Body::Empty),
        Some(body) => {
            let encode = match (&body.encoding, &body.envelope) {
                (BodyEncoding::Json, Some(_)) => quote!(crate::runtime::Body::json(&crate::runtime::Data { data: body })?),
                (BodyEncoding::Json, None) => quote!(crate::runtime::Body::json(body)?),
                (BodyEncoding::Multipart(fields), _) => {
                    let parts = fields.iter().map(|field| {
                        let name = ident(&field.name);
                        let wire = &field.wire_name;
                        let part = if field.file {
                            quote!(crate::runtime::Part::file(#wire, value.clone()))
                        } else {
                            quote!(crate::runtime::Part::text(#wire, value.to_string()))
                        };
                        if field.optional {
                            quote! { if let ::std::option::Option::Some(value) = &body.#name { parts.push(#part); } }
                        } else {
                            quote! { let value = &body.#name; parts.push(#part); }
                        }
                    });
                    quote! {{
                        let mut parts = ::std::vec::Vec::new();
                        #(#parts)*
                        crate::runtime::Body::Multipart(parts)
                    }}
                }
            };
            if body.required {
                quote! {{
                    let body = &self.body;
                    #encode
                }}
            } else {
                quote! {
                    match &self.body {
                        ::std::option::Option::Some(body) => #encode,
                        ::std::option::Option::None => crate::runtime::Body::Empty,
                    }
                }
            }
        }
    };
    let body_is_fallible = op.body.as_ref().is_some_and(|b| matches!(b.encoding, BodyEncoding::Json));
    let request = quote! {
        crate::runtime::Request {
            operation_id: #op_id,
            method: ::reqwest::Method::#method,
            path_template: #path_template,
            path: #path,
            query,
            headers,
            body: #body,
        }
    };
    let (request_ret, request) = if body_is_fallible {
        (quote!(::std::result::Result<crate::runtime::Request, ::serde_json::Error>), quote!(::std::result::Result::Ok(#request)))
    } else {
        (quote!(crate::runtime::Request), request)
    };
    let build = if body_is_fallible {
        quote!(self.request().map_err(crate::Error::from_serialization)?)
    } else {
        quote!(self.request())
    };
    let decode_error = match &op.error {
        ErrorShape::Single(ty) => {
            let ty = rust_type(ty, Scope::Elsewhere);
            quote!(crate::runtime::decode_json::<#ty>)
        }
        ErrorShape::ByStatus { name, .. } => {
            let name = rust_type(&TypeRef::Named(name.clone()), Scope::Elsewhere);
            quote!(#name::decode)
        }
    };
    let execute = match &op.response {
        Response::Empty => quote!(self.client.execute_empty(request, #decode_error).await),
        Response::Json { ty, envelope: Some(_) } => {
            let ty = rust_type(ty, Scope::Elsewhere);
            quote! {
                let envelope: crate::runtime::Data<#ty> = self.client.execute(request, #decode_error).await?;
                ::std::result::Result::Ok(envelope.data)
            }
        }
        Response::Json { envelope: None, .. } => quote!(self.client.execute(request, #decode_error).await),
    };
    let returns = match &op.response {
        Response::Empty => "Returns `()` on success; the response body carries nothing useful.".to_owned(),
        Response::Json { ty, envelope: Some(env) } => format!("Returns the `{env}` of the response, a `{}`.", display_type(ty)),
        Response::Json { ty, envelope: None } => format!("Returns the response body, a `{}`.", display_type(ty)),
    };
    let send_docs = doc_attrs(&format!(
        "Sends the request.\n\n{returns}\n\n# Errors\n\n[`Error::Api`](crate::Error::Api) for an error status (with the decoded body), [`Error::Transport`](crate::Error::Transport) when the server cannot be reached, [`Error::Decode`](crate::Error::Decode) when a success body does not decode."
    ));
    quote! {
        fn request(&self) -> #request_ret {
            let #query_mut query = crate::runtime::Query::new();
            #headers_decl
            #(#pushes)*
            #request
        }

        #send_docs
        pub async fn send(self) -> ::std::result::Result<#success, crate::Error<#error>> {
            let request = #build;
            #execute
        }
    }
}

fn stream(op: &Operation, p: &crate::ir::Pagination) -> TokenStream {
    let item = rust_type(&p.item, Scope::Elsewhere);
    let error = error_type(op);
    let page = rust_type(&TypeRef::Named(p.page_type.clone()), Scope::Elsewhere);
    let offset = ident(&p.offset_param);
    let set_limit = p.limit_param.as_ref().map(|limit| {
        let limit = ident(limit);
        let max = p.max_limit.unwrap_or(100);
        quote! {
            if builder.#limit.is_none() {
                builder.#limit = ::std::option::Option::Some(#max);
            }
        }
    });
    let limit_doc = match (&p.limit_param, p.max_limit) {
        (Some(limit), Some(max)) => format!(" Pages are requested with `{limit}` = {max} (the largest the API allows) unless set."),
        _ => String::new(),
    };
    let docs = doc_attrs(&format!(
        "Every item across all pages, as a stream.\n\nLazy: nothing is requested until the stream is polled. Each page is requested with the parameters set on this builder, following `{}.{}` until the API reports no next page.{limit_doc} The first error is yielded and ends the stream.",
        p.next_field, p.offset_field
    ));
    quote! {
        #docs
        pub fn stream(self) -> impl ::futures::Stream<Item = ::std::result::Result<#item, crate::Error<#error>>> + ::std::marker::Send + 'static {
            let mut builder = self;
            #set_limit
            crate::runtime::paginate::<#page, _, _, _>(move |next| {
                let mut page = builder.clone();
                if next.is_some() {
                    page.#offset = next;
                }
                page.send()
            })
        }
    }
}

/// The `Page` implementation for page types, emitted once per type.
pub fn page_impls(api: &Api) -> TokenStream {
    let mut seen = BTreeSet::new();
    let impls = api.operations.iter().filter_map(|op| op.pagination.as_ref()).filter(|p| seen.insert(p.page_type.clone())).map(|p| {
        let page = rust_type(&TypeRef::Named(p.page_type.clone()), Scope::Elsewhere);
        let item = rust_type(&p.item, Scope::Elsewhere);
        let items = ident(&p.items_field);
        let next = ident(&p.next_field);
        let offset = ident(&p.offset_field);
        let fields = field_flags(api, &p.page_type);
        let items_expr = if fields.contains(&p.items_field) { quote!(self.#items.unwrap_or_default()) } else { quote!(self.#items) };
        let next_expr = if fields.contains(&p.next_field) {
            quote!(self.#next.and_then(|next| next.#offset))
        } else {
            quote!(self.#next.#offset)
        };
        quote! {
            impl crate::runtime::Page for #page {
                type Item = #item;

                fn into_parts(self) -> (::std::vec::Vec<Self::Item>, ::std::option::Option<::std::string::String>) {
                    (#items_expr, #next_expr)
                }
            }
        }
    });
    quote!(#(#impls)*)
}

/// Names of the optional fields of a struct.
fn field_flags(api: &Api, type_name: &str) -> BTreeSet<String> {
    api.types
        .iter()
        .find(|t| t.name == type_name)
        .and_then(|t| match &t.kind {
            crate::ir::TypeKind::Struct(s) => Some(s.fields.iter().filter(|f| f.optional).map(|f| f.name.clone()).collect()),
            _ => None,
        })
        .unwrap_or_default()
}

//! `src/operations/`: per tag, one `impl Client` block of operation methods and their request
//! builders. A builder holds the [`Request`](crate) being built: required parameters go in when
//! the method is called (in a struct of their own when they are too many), each optional one
//! when its setter is, and `send` adds the body.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{
    Scope, body_types, cfg, deprecated, display_type, doc_attrs, error_body_type, ident,
    inner_doc_attrs, response_type, rust_type,
};
use crate::ir::{
    Api, ErrorBody, ErrorShape, MediaKind, Module, Operation, Param, ParamLocation, PathPart,
    Response, TypeRef,
};

use body::{body_setters, body_statements, held_in_option, media_note};
use params::{
    Taken, args_struct, check_bounds, encode_param, input, param_doc, path_segment,
    serialize_path_param, setter,
};
use security::{security_docs, with_security};

const SCOPE: Scope = Scope::OUTSIDE_MODELS;

/// The operations of each module, in order: the IR sorts operations by module, so each module's
/// are a run, never empty.
pub fn modules(api: &Api) -> impl Iterator<Item = &[Operation]> {
    api.operations.chunk_by(|a, b| a.module == b.module)
}

/// `src/operations/mod.rs`.
pub fn module_index(api: &Api) -> TokenStream {
    let decls = api.modules.iter().map(|m| {
        let module = ident(&m.name);
        let docs = doc_attrs(&format!("Operations tagged `{}`.", m.tag));
        let cfg = cfg(&m.gate);
        quote!(#docs #cfg pub mod #module;)
    });
    quote! {
        //! API operations, one module per tag, each compiled only with its cargo feature (all are
        //! on by default). Each operation is a method on [`Client`](crate::Client) returning a
        //! request builder: set optional parameters on it, then `.send().await`.
        #(#decls)*
    }
}

/// `src/operations/<module>.rs`: one module of [`Api::modules`] and its run of operations
/// (see [`modules`]).
pub fn module(api: &Api, info: &Module, ops: &[Operation], krate: &str) -> TokenStream {
    let module_docs = inner_doc_attrs(&format!("Operations tagged `{}`.", info.tag));
    let models = info.uses_models.then(|| {
        quote!(
            use crate::models;
        )
    });
    let methods = ops
        .iter()
        .map(|op| client_methods(op, &super::example::doc_example(api, op, krate)));
    let args = ops.iter().filter_map(args_struct);
    let builders = ops.iter().map(|op| builder(op, api.default_error.as_ref()));
    // `send` maps a `Call`'s response to its body, but for a stream, which is no `Call`.
    let try_future = ops
        .iter()
        .any(|op| !matches!(op.response, Response::Stream(_)))
        .then(|| {
            quote!(
                use ::futures::TryFutureExt as _;
            )
        });
    let paging = ops.iter().filter_map(|op| paging::methods(api, op, krate));
    quote! {
        #module_docs

        #try_future
        use ::reqwest::Method;

        #models
        use crate::runtime;

        impl crate::Client {
            #(#methods)*
        }

        #(#args)*

        #(#builders)*

        #(#paging)*
    }
}

fn error_type(op: &Operation) -> TokenStream {
    match &op.error {
        ErrorShape::Single(body) => error_body_type(body, SCOPE),
        ErrorShape::ByStatus { name, .. } => rust_type(&TypeRef::Named(name.clone()), SCOPE),
    }
}

/// `crate::Result<T>`, naming the error type only where it is not the crate's default.
fn result_type(
    op: &Operation,
    success: TokenStream,
    default_error: Option<&ErrorBody>,
) -> TokenStream {
    match (&op.error, default_error) {
        (ErrorShape::Single(body), Some(default)) if body == default => {
            quote!(crate::Result<#success>)
        }
        _ => {
            let error = error_type(op);
            quote!(crate::Result<#success, #error>)
        }
    }
}

fn operation_docs(op: &Operation, example: &str) -> String {
    let mut sections: Vec<String> = Vec::new();
    if let Some(summary) = &op.summary {
        sections.push(format!("{}.", summary.trim_end_matches('.')));
    }
    if let Some(docs) = &op.docs {
        sections.push(docs.clone());
    }
    let request = format!("`{} {}` (`{}`)", op.method.as_str(), op.path, op.id);
    sections.push(request);
    sections.extend(security_docs(&op.security));
    let required: Vec<&Param> = op.required_params().collect();
    if !required.is_empty() || op.body.as_ref().is_some_and(|b| b.required) {
        let mut args = String::from("# Arguments\n");
        let listed = match &op.args {
            Some(name) => {
                args.push_str(&format!(
                    "\n- `args`: the required parameters, as a [`{name}`]."
                ));
                &[][..]
            }
            None => &required[..],
        };
        for param in listed {
            let first = param_doc(param);
            args.push_str(&format!(
                "\n- `{}`: {}",
                crate::ir::naming::unraw(&param.name),
                crate::ir::docs::first_line(&first)
            ));
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            let what = body
                .docs
                .as_deref()
                .map_or("The request body.", crate::ir::docs::first_line);
            args.push_str(&format!("\n- `body`: {what}"));
            if let Some(note) = media_note(body, &op.builder_name) {
                args.push_str(&format!(" {note}"));
            }
        }
        sections.push(args);
    }
    sections.push(format!("# Example\n\n{example}"));
    sections.join("\n\n")
}

/// The docs of the method that sends `op`'s body as `alternative`: the operation's, with
/// that body as the argument.
fn alternative_docs(op: &Operation, alternative: &crate::ir::AlternativeBody) -> String {
    let fn_name = crate::ir::naming::unraw(&op.fn_name);
    let mut docs = format!(
        "[`{fn_name}`](Self::{fn_name}), with the request body sent as `{}`.",
        alternative.content.media_type
    );
    if let Some(summary) = &op.summary {
        docs = format!("{}.\n\n{docs}", summary.trim_end_matches('.'));
    }
    let mut with_body = op.clone();
    if let Some(body) = &mut with_body.body {
        body.primary = alternative.content.clone();
        body.alternatives.clear();
    }
    with_body.summary = None;
    with_body.docs = None;
    format!("{docs}\n\n{}", operation_docs(&with_body, ""))
}

/// The operation's method, with `example` (the doc example's code) in its docs, and, for a
/// required body in several media types, one method more for each of the others
/// ([`AlternativeBody::method`](crate::ir::AlternativeBody::method)).
fn client_methods(op: &Operation, example: &str) -> TokenStream {
    let alternatives = op
        .body
        .iter()
        .flat_map(|body| body.alternatives.iter().enumerate())
        .filter(|(_, alt)| alt.method.is_some())
        .map(|(index, _)| client_method(op, Some(index), ""));
    let primary = client_method(op, None, example);
    quote!(#primary #(#alternatives)*)
}

/// The client method of `op` that takes the body in its primary media type (`choice` `None`,
/// documented with `example`) or in the alternative of that index.
fn client_method(op: &Operation, choice: Option<usize>, example: &str) -> TokenStream {
    let chosen = choice.and_then(|index| {
        let alternative = &op.body.as_ref()?.alternatives[index];
        Some((alternative.method.as_deref()?, alternative))
    });
    let fn_name = ident(chosen.map_or(op.fn_name.as_str(), |(method, _)| method));
    let builder = ident(&op.builder_name);
    let docs = match chosen {
        None => operation_docs(op, example),
        Some((_, alternative)) => alternative_docs(op, alternative),
    };
    let docs = doc_attrs(&docs);
    let deprecated = deprecated(op.deprecated);
    let op_id = &op.id;
    let template = &op.path;
    let method = ident(op.method.as_str());

    let mut args = Vec::new();
    let mut encode = Vec::new();
    let request = quote!(request);
    let mut fields = vec![quote!(client: self.clone()), quote!(request)];
    // Path parameters serialised with serde, into the request's path once it exists.
    let mut serialized = Vec::new();
    for (key, value) in &op.fixed_query {
        encode.push(quote!(request.query.push(#key, &#value);));
    }
    // With an args struct, its fields, bound by the names the parameters go by; a string by
    // reference, as the `&str` it would have been.
    let mut fields_of_args = Vec::new();
    let taken = match op.args {
        Some(_) => Taken::Owned,
        None => Taken::AsArgument,
    };
    for param in op.required_params() {
        let name = ident(&param.name);
        let (ty, _) = input(param, &name, taken);
        match (&op.args, &param.ty) {
            (None, _) => args.push(quote!(#name: #ty)),
            (Some(_), TypeRef::String) => fields_of_args.push(quote!(ref #name)),
            (Some(_), _) => fields_of_args.push(quote!(#name)),
        }
        encode.extend(check_bounds(param, &name, &request));
        if let Some(held) = &param.held {
            let held = ident(held);
            fields.push(quote!(#held: #name));
        } else if param.location != ParamLocation::Path {
            encode.push(encode_param(param, (&name, taken), &request, false));
        } else {
            serialized.extend(serialize_path_param(param, &name));
        }
    }
    for param in op.params.iter().filter(|p| !p.required) {
        if let Some(held) = &param.held {
            let held = ident(held);
            fields.push(quote!(#held: None));
        }
    }
    let segments: Vec<TokenStream> = op
        .path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Param(index) => {
                let param = &op.params[*index];
                path_segment(param, &ident(&param.name), taken)
            }
        })
        .collect();
    let mut path = match op.path_parts.as_slice() {
        [PathPart::Literal(text)] => quote!(#text),
        _ => quote!([#(#segments),*].concat()),
    };
    if !serialized.is_empty() {
        serialized.push(quote!(request.path = #path;));
        encode.splice(0..0, serialized);
        path = quote!(String::new());
    }
    if let Some(accept) = &op.accept {
        encode.push(quote!(#request.set_accept(#accept);));
    }
    if let Some(body) = &op.body {
        let content = chosen.map_or(&body.primary, |(_, alternative)| &alternative.content);
        let (held, input) = body_types(content, SCOPE);
        let value = match input {
            Some(_) => quote!(body.into()),
            None => quote!(body),
        };
        match (body.required, held_in_option(body), chosen) {
            (true, false, _) if input.is_none() => fields.push(quote!(body)),
            (true, false, _) => fields.push(quote!(body: #value)),
            (true, true, None) => fields.push(quote!(body: Some(#value))),
            (true, true, Some(_)) | (false, ..) => fields.push(quote!(body: None)),
        }
        if body.required {
            let input = input.unwrap_or(held);
            args.push(quote!(body: #input));
        }
        for (index, alternative) in body.alternatives.iter().enumerate() {
            let field = ident(&alternative.setter);
            if choice == Some(index) {
                fields.push(quote!(#field: Some(#value)));
            } else {
                fields.push(quote!(#field: None));
            }
        }
    }
    let destructure = op.args.as_ref().map(|name| {
        let name = ident(name);
        args.insert(0, quote!(args: #name));
        quote!(let #name { #(#fields_of_args),* } = args;)
    });
    let security = with_security(&op.security);
    let binding = if encode.is_empty() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };
    quote! {
        #docs
        #deprecated
        #[inline]
        pub fn #fn_name(&self, #(#args),*) -> #builder {
            #destructure
            #binding = runtime::Request::new(#op_id, Method::#method, #template, #path)#security;
            #(#encode)*
            #builder { #(#fields),* }
        }
    }
}

fn builder(op: &Operation, default_error: Option<&ErrorBody>) -> TokenStream {
    let builder = ident(&op.builder_name);
    let fn_name = &op.fn_name;
    let builder_docs = doc_attrs(&format!(
        "Request builder for [`Client::{fn_name}`](crate::Client::{fn_name}) (`{} {}`): set optional parameters, then [`send`]({}::send).",
        op.method.as_str(),
        op.path,
        op.builder_name
    ));
    let body_field = op.body.as_ref().map(|body| {
        let (ty, _) = body_types(&body.primary, SCOPE);
        let alternatives = body.alternatives.iter().map(|alternative| {
            let field = ident(&alternative.setter);
            let (ty, _) = body_types(&alternative.content, SCOPE);
            quote!(#field: Option<#ty>,)
        });
        if held_in_option(body) {
            quote!(body: Option<#ty>, #(#alternatives)*)
        } else {
            quote!(body: #ty,)
        }
    });
    let held_fields = op.params.iter().filter_map(|param| {
        let held = ident(param.held.as_ref()?);
        let ty = rust_type(&param.ty, SCOPE);
        Some(if param.required {
            quote!(#held: #ty,)
        } else {
            quote!(#held: Option<#ty>,)
        })
    });
    let setters = op.params.iter().filter(|p| !p.required).map(setter);
    let body_setters = op
        .body
        .as_ref()
        .map(|body| body_setters(body, &op.builder_name));
    let header = header_setter();
    let max_response_bytes = max_response_bytes_setter();
    let send = send(op, default_error);
    let send_stream = send_stream(op, default_error);
    quote! {
        #builder_docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            client: crate::Client,
            request: runtime::Request,
            #(#held_fields)*
            #body_field
        }

        impl #builder {
            #(#setters)*
            #body_setters
            #header
            #max_response_bytes
            #send
            #send_stream
        }
    }
}

/// `.header(name, value)`: a header for this request only.
fn header_setter() -> TokenStream {
    quote! {
        /// Adds the header `name: value` to this request only, for example a header opting into an announced API change. It replaces the client's default header of the same name ([`ClientBuilder::default_header`](crate::ClientBuilder::default_header)), never the credentials.
        ///
        /// An invalid name or value makes the request fail before it is sent, with a [`RequestErrorKind::InvalidHeader`](crate::runtime::RequestErrorKind::InvalidHeader) error.
        #[inline]
        pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
            self.request.add_header(name, value);
            self
        }
    }
}

/// `.max_response_bytes(limit)`: the limit of response size for this request only.
fn max_response_bytes_setter() -> TokenStream {
    quote! {
        /// Reads a response body of at most `limit` bytes (decompressed) for this request only, in place of the client's [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes) (32 MiB by default). A larger body fails the call with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
        #[inline]
        pub fn max_response_bytes(mut self, limit: usize) -> Self {
            self.request.set_max_response_bytes(limit);
            self
        }
    }
}

/// The function that decodes an error body.
fn decode_error(op: &Operation) -> TokenStream {
    match &op.error {
        ErrorShape::Single(ErrorBody::Json(ty)) => {
            let ty = rust_type(ty, SCOPE);
            quote!(runtime::decode_json::<#ty>)
        }
        ErrorShape::Single(ErrorBody::JsonOrText {
            ty,
            json_types,
            text_types,
        }) => {
            let ty = rust_type(ty, SCOPE);
            quote! {
                |status, headers, body| runtime::decode_json_or_text::<#ty>(status, headers, body, &[#(#json_types),*], &[#(#text_types),*])
            }
        }
        ErrorShape::Single(ErrorBody::Text) => {
            quote!(|_, body| Some(String::from_utf8_lossy(body).into_owned()))
        }
        ErrorShape::Single(ErrorBody::Empty) => quote!(|_, _| Some(())),
        ErrorShape::ByStatus { name, .. } => {
            let name = rust_type(&TypeRef::Named(name.clone()), SCOPE);
            quote!(#name::decode)
        }
    }
}

/// The `# Errors` section of a sending method's docs.
fn errors_section(op: &Operation) -> String {
    let carries = match &op.error {
        ErrorShape::Single(ErrorBody::Json(ty)) => format!("the decoded `{}`", display_type(ty)),
        ErrorShape::Single(ErrorBody::JsonOrText { ty, .. }) => format!(
            "its body as its `Content-Type` says: the decoded `{}` or text",
            display_type(ty)
        ),
        ErrorShape::Single(ErrorBody::Text) => "its body as text".to_owned(),
        ErrorShape::Single(ErrorBody::Empty) => {
            "no decoded body (the API documents none; the raw bytes are kept)".to_owned()
        }
        ErrorShape::ByStatus { name, .. } => format!("the decoded `{name}`"),
    };
    format!("# Errors\nAny [`Error`](crate::Error); an error status carries {carries}.")
}

/// A sending method: `docs`, the future it `returns`, and the future `call` makes of the
/// request once the parameters the builder holds and the body are in it. With either, the
/// method first moves the request out to add them; otherwise it sends it as is. It returns the
/// future without `async`, so the call is one runtime future, not a state machine of its own.
fn sender(
    op: &Operation,
    name: &str,
    docs: String,
    returns: TokenStream,
    call: impl Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    let docs = doc_attrs(&format!("{docs}\n\n{}", errors_section(op)));
    let name = ident(name);
    // Parameters held until now are serialised into the request.
    let held: Vec<TokenStream> = op
        .params
        .iter()
        .filter_map(|param| {
            let field = ident(param.held.as_ref()?);
            let value = format_ident!("value");
            let encode = encode_param(param, (&value, Taken::AsArgument), &quote!(request), true);
            Some(if param.required {
                quote! {{ let value = &self.#field; #encode }}
            } else {
                quote! { if let Some(value) = &self.#field { #encode } }
            })
        })
        .collect();
    let body = body_statements(op);
    let (prepare, call) = if body.is_some() || !held.is_empty() {
        (
            quote! {
                let mut request = self.request;
                #(#held)*
                #body
            },
            call(quote!(request)),
        )
    } else {
        (TokenStream::new(), call(quote!(self.request)))
    };
    quote! {
        #docs
        #[inline]
        pub fn #name(self) -> #returns {
            #prepare
            #call
        }
    }
}

/// How `send_with_response` reads a 2xx response: a function of the runtime, or the decoder
/// of the per-status enum. Nothing for a stream, which is read as it arrives, not by a `Call`
/// (its `send` is [`stream::send`]'s).
fn read_body(response: &Response) -> TokenStream {
    match response {
        Response::Stream(_) => TokenStream::new(),
        Response::Empty => quote!(runtime::read_nothing),
        Response::Json {
            envelope: Some(_), ..
        } => quote!(runtime::read_data),
        Response::Json { envelope: None, .. } => quote!(runtime::read_json),
        Response::Media { .. } => quote!(runtime::read_media),
        Response::ByStatus { name, .. } => {
            let name = rust_type(&TypeRef::Named(name.clone()), SCOPE);
            quote!(|response| runtime::read_with(response, #name::decode))
        }
        Response::ByMediaType { name, .. } => {
            let name = rust_type(&TypeRef::Named(name.clone()), SCOPE);
            quote!(#name::read)
        }
    }
}

fn send(op: &Operation, default_error: Option<&ErrorBody>) -> TokenStream {
    if let Response::Stream(streamed) = &op.response {
        return stream::send(op, streamed, default_error);
    }
    let success = response_type(&op.response, SCOPE);
    let decode_error = decode_error(op);
    let read = read_body(&op.response);
    let new = if op.error.by_content_type() {
        quote!(with_headers)
    } else {
        quote!(new)
    };
    let call = |source: TokenStream| quote!(runtime::Call::#new(&self.client, #source, #decode_error, #read));
    let returns = match &op.response {
        Response::Empty => "Sends the request; the response carries nothing to return.".to_owned(),
        Response::Json {
            ty,
            envelope: Some(env),
        } => format!(
            "Sends the request and returns the `{env}` of the response, a `{}`.",
            display_type(ty)
        ),
        Response::Json { ty, envelope: None } => format!(
            "Sends the request and returns the response, a `{}`.",
            display_type(ty)
        ),
        Response::Media { kind } => {
            let accept = op.accept.as_deref().unwrap_or("*/*");
            let what = match kind {
                MediaKind::Text => {
                    "as text, decoded by its charset (UTF-8 unless it names another)"
                }
                MediaKind::Bytes => "as bytes, read whole into memory",
                MediaKind::Raw => "as bytes, with the content type it came with",
            };
            let stream = if kind.streams() {
                format!(
                    " For large bodies, [`send_stream`]({}::send_stream) reads it as it arrives.",
                    op.builder_name
                )
            } else {
                String::new()
            };
            format!(
                "Sends the request (`Accept: {accept}`) and returns the response body {what}.{stream}"
            )
        }
        Response::ByStatus { name, .. } => format!(
            "Sends the request and returns the response as a [`{name}`](crate::models::{name}), by its status."
        ),
        Response::Stream(_) => String::new(),
        Response::ByMediaType { name, cases } => {
            let accept = match &op.accept {
                Some(accept) => format!("`Accept: {accept}`"),
                None => "`Accept: application/json`".to_owned(),
            };
            let variants: Vec<String> = cases.iter().map(|c| format!("`{}`", c.variant)).collect();
            let stream = if op.response.streams() {
                format!(
                    " For large bodies, [`send_stream`]({}::send_stream) reads the body as it arrives, whatever its type.",
                    op.builder_name
                )
            } else {
                String::new()
            };
            format!(
                "Sends the request ({accept} unless an `Accept` is set) and returns the response as a [`{name}`](crate::models::{name}), the variant ({}) its `Content-Type` names.{stream}",
                variants.join(", ")
            )
        }
    };
    let result = result_type(op, success.clone(), default_error);
    let error = error_type(op);
    let send = doc_attrs(&format!("{returns}\n\n{}", errors_section(op)));
    let with_response = sender(
        op,
        "send_with_response",
        "Like [`send`](Self::send), but returns the value together with the status and headers of the response (such as `Location`, or notices of deprecation) as a [`Response`](crate::runtime::Response).".to_owned(),
        quote!(runtime::Call<#success, #error>),
        call,
    );
    quote! {
        #send
        #[inline]
        pub fn send(self) -> impl Future<Output = #result> + Send {
            self.send_with_response().map_ok(runtime::Response::into_body)
        }

        #with_response
    }
}

/// `send_stream`, for a body that can be read as it arrives.
fn send_stream(op: &Operation, default_error: Option<&ErrorBody>) -> Option<TokenStream> {
    if !op.response.streams() {
        return None;
    }
    // The client asks for JSON unless the operation names other types.
    let accept = op.accept.as_deref().unwrap_or("application/json");
    let decode_error = decode_error(op);
    let stream_call = if op.error.by_content_type() {
        quote!(stream_call_with_headers)
    } else {
        quote!(stream_call)
    };
    let call =
        |source: TokenStream| quote!(runtime::#stream_call(&self.client, #source, #decode_error));
    let docs = format!(
        "Sends the request (`Accept: {accept}`) and returns the response body as a stream of \
         chunks, read as they arrive, with the status and headers: for downloads too large to \
         hold in memory. Retries happen as with [`send`]({}::send) until a success status \
         arrives; a failure while streaming ends the stream.",
        op.builder_name
    );
    let result = result_type(op, quote!(runtime::ByteStream), default_error);
    Some(sender(
        op,
        "send_stream",
        docs,
        quote!(impl Future<Output = #result> + Send),
        call,
    ))
}

mod body;
mod paging;
mod params;
mod security;
mod stream;

#[cfg(test)]
mod tests;

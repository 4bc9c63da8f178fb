//! `send` for a streamed response: it resolves, once the response's headers arrive, to the
//! runtime's `EventStream` (server-sent events) or `JsonLines` stream, read as it arrives; and
//! the `last_event_id` setter a GET event stream resumes with.

use proc_macro2::TokenStream;
use quote::quote;

use super::{SCOPE, decode_error, error_type, result_type, sender};
use crate::emit::tokens::{display_type, ident, rust_type};
use crate::ir::{ErrorBody, Operation, StreamFormat, StreamResponse, TypeRef};

/// `send` (and the resume setter) of an operation whose response is `stream`.
pub(super) fn send(
    op: &Operation,
    stream: &StreamResponse,
    default_error: Option<&ErrorBody>,
) -> TokenStream {
    let item = rust_type(&stream.item, SCOPE);
    let error = error_type(op);
    let decode_error = decode_error(op);
    let open = if op.error.by_content_type() {
        quote!(open_with_headers)
    } else {
        quote!(open)
    };
    let accept = op.accept.as_deref().unwrap_or("application/json");
    let item_text = display_type(&stream.item);
    let (success, call, docs): (TokenStream, Box<dyn Fn(TokenStream) -> TokenStream>, String) =
        match stream.format {
            StreamFormat::ServerSentEvents => {
                let (decode, what) = match &stream.item {
                    TypeRef::String => (quote!(runtime::text_data), "kept as text".to_owned()),
                    _ => (
                        quote!(runtime::json_data),
                        format!("decoded from JSON as a `{item_text}`"),
                    ),
                };
                let resume = if stream.resume.is_some() {
                    " A GET stream resumes after the last event it received with [`EventStream::reconnect`](crate::runtime::EventStream::reconnect), or on a new request with `last_event_id`."
                } else {
                    ""
                };
                (
                    quote!(runtime::EventStream<#item, #error>),
                    Box::new(
                        move |source| quote!(runtime::EventStream::#open(&self.client, #source, #decode_error, #decode)),
                    ),
                    format!(
                        "Sends the request (`Accept: {accept}`) and, once the response arrives, returns its server-sent events as a stream of [`Event`](crate::runtime::Event)s, each one's data {what}, read as they arrive: iterate it with `StreamExt::next`.\n\nAn event whose data is `[DONE]` ends the stream. An event that does not decode is an [`Error::Decode`](crate::Error::Decode) and the stream goes on; a broken connection, an event over [`max_event_bytes`](crate::runtime::EventStream::max_event_bytes) (1 MiB) or no data within the client's timeout ends it with its error. Dropping the stream closes the connection.{resume}"
                    ),
                )
            }
            StreamFormat::JsonLines | StreamFormat::JsonSeq => {
                let (delimiter, framing) = match stream.format {
                    StreamFormat::JsonSeq => (
                        quote!(RecordSeparator),
                        "JSON text after each record separator",
                    ),
                    _ => (quote!(Newline), "line"),
                };
                (
                    quote!(runtime::JsonLines<#item, #error>),
                    Box::new(
                        move |source| quote!(runtime::JsonLines::#open(&self.client, #source, #decode_error, runtime::Delimiter::#delimiter)),
                    ),
                    format!(
                        "Sends the request (`Accept: {accept}`) and, once the response arrives, returns its items as a stream of `{item_text}`, one per {framing}, read as they arrive: iterate it with `StreamExt::next`.\n\nBlank lines are skipped. An item that does not decode is an [`Error::Decode`](crate::Error::Decode) and the stream goes on; a broken connection, a line over [`max_line_bytes`](crate::runtime::JsonLines::max_line_bytes) (1 MiB) or no data within the client's timeout ends it with its error. Dropping the stream closes the connection."
                    ),
                )
            }
        };
    let result = result_type(op, success, default_error);
    let send = sender(
        op,
        "send",
        docs,
        quote!(impl Future<Output = #result> + Send),
        call,
    );
    let resume = stream.resume.as_deref().map(|setter| {
        let setter = ident(setter);
        quote! {
            /// Asks the server to resume the stream after the event `id` (sent as the `Last-Event-ID` header): the id a stream of an earlier request gave with [`last_event_id`](crate::runtime::EventStream::last_event_id).
            #[inline]
            pub fn #setter(mut self, id: impl AsRef<str>) -> Self {
                self.request.add_header("Last-Event-ID", id);
                self
            }
        }
    });
    quote! {
        #resume
        #send
    }
}

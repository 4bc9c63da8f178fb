//! HTTP runtime shared by every operation of this client.
//!
//! The generated operation methods describe each API call as a [`Request`]
//! and send it as a [`Call`] (or with [`Client::execute`] and its siblings);
//! this module does everything else:
//!
//! * **Configuration** — [`ClientBuilder`] sets the base URL, [`Credentials`],
//!   timeouts, the `User-Agent`, default headers, concurrency limits, the
//!   [`RetryPolicy`] and, optionally, your own [`reqwest::Client`].
//! * **Authentication** — credentials are attached to every attempt and are
//!   never printed: [`SecretString`], [`Credentials`], [`ClientBuilder`] and
//!   [`Client`] all redact secrets in their `Debug` output, header values are
//!   marked sensitive, and nothing secret is recorded in tracing spans.
//!   Expiring tokens come from a [`TokenSource`]; with the `oauth` feature
//!   (on by default where the API has an OAuth 2.0 scheme),
//!   `RefreshTokenSource` refreshes OAuth 2.0 access tokens, and `OAuthApp`
//!   runs the authorization-code flow with PKCE.
//! * **Encoding** — [`encode_path_segment`] escapes path parameters,
//!   [`Query`] builds query strings, and `path_param`, `header_param` and
//!   `set_cookie` serialise a `ParamValue` in the styles of OpenAPI 3.0
//!   (see their documentation for the exact rules); these four are compiled
//!   with the `runtime-styles` feature, which the operations that need them
//!   enable. Parameter bounds the API declares are checked before sending
//!   ([`Request::check_range`]).
//! * **Limits** — optional caps on concurrent reads and writes
//!   ([`ClientBuilder::max_concurrent_reads`]): calls wait for their turn.
//!   Response bodies are read within a size limit, 32 MiB unless
//!   [`ClientBuilder::max_response_bytes`] or a call says otherwise, counted
//!   on the decompressed bytes as they arrive ([`ResponseTooLarge`]).
//! * **Retries** — rate limiting (`429`, for every method), transient server
//!   errors (`500`, `502`, `503`, `504`) and connection failures are retried
//!   with exponential backoff and jitter, honouring `Retry-After`, within the
//!   limits of a [`RetryPolicy`]. Other non-idempotent requests (`POST`,
//!   `PATCH`) are only resent when the request provably never reached the
//!   server, unless you opt in with [`RetryPolicy::retry_non_idempotent`]. A
//!   request whose body is a stream is sent once.
//! * **Responses** — [`Response`] carries the decoded body with its status
//!   and headers; notices of change or deprecation ([`DEPRECATION_HEADERS`],
//!   and the API's own [`NOTICE_HEADERS`]) are logged once per client at
//!   `WARN` level.
//! * **Errors** — every failure is an [`Error`]: an [`ApiError`] for non-2xx
//!   responses (with the decoded error body when it could be decoded, and the
//!   raw bytes always), a transport error, a response that failed to decode,
//!   a response body over the size limit ([`ResponseTooLarge`]), a request
//!   that could not be built ([`RequestError`]), or no access token
//!   ([`TokenError`]).
//! * **Media types** — bodies that are not JSON, compiled with the
//!   `runtime-media` feature, which the operations that send or receive one
//!   enable: `Body::form` encodes a model as
//!   `application/x-www-form-urlencoded`, `Body::text` sends text, a
//!   `Payload` sends bytes from memory or from a stream, and `Part` and
//!   `Upload` make `multipart/form-data` bodies. A response that is not JSON
//!   is read as `Bytes`, a `String` or a `RawBody` (bytes with their content
//!   type), see `FromBody`, or streamed as a `ByteStream`, which carries the
//!   status and headers.
//! * **Streams** — compiled with the `runtime-streams` feature (which
//!   enables `runtime-media`), which the operations that answer with one
//!   enable: a `text/event-stream` response is an `EventStream` of typed
//!   `Event`s, a JSON Lines response a `JsonLines` stream of items, each read
//!   as it arrives, bounded in size, and timed between reads rather than as a
//!   whole.
//! * **Pagination** — [`pages`] turns a page-fetching closure into a lazy
//!   [`futures::Stream`] of pages ([`Pages`]) or of their items ([`Items`]),
//!   whatever the shape: a token, an offset, a page number, or the URL of the
//!   next page in the body or in a `Link` header.
//! * **Models** — their serde implementations are written over [`Object`]
//!   (decoding field by field) and [`optional_field`]. A field the API lets
//!   be both absent and `null` is a [`Patch`]: left out, `null` or a value.
//! * **Observability** — each call runs inside an `http.request` span from the
//!   [`tracing`] crate with the fields `operation_id`, `http.method`,
//!   `http.route` (the path template, never the concrete path),
//!   `attempt`, `http.status_code` and `duration_ms`; each retry emits a
//!   `DEBUG` event stating the reason and the wait. Tokens, headers, query
//!   strings and bodies are never recorded.
//! * **Webhooks** — with the `webhook-receiver` feature (on by default), the
//!   `receiver` module answers the handshake of a webhook's target and
//!   checks the signature of each delivery.

mod auth;
mod body;
mod call;
mod client;
#[cfg(feature = "runtime-media")]
mod content;
mod conventions;
mod encode;
mod error;
mod limits;
#[cfg(feature = "oauth")]
mod oauth;
mod object;
mod paginate;
mod patch;
#[cfg(feature = "webhook-receiver")]
pub mod receiver;
mod request;
mod response;
mod retry;
#[cfg(feature = "runtime-streams")]
mod stream;
mod token;

pub use auth::{Credentials, SecretString};
pub use body::{DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLarge, decode_body};
pub use call::{
    Call, DecodeErrorWithHeaders, ReadBody, read_data, read_json, read_nothing, read_with,
};
#[cfg(feature = "runtime-media")]
pub use call::{read_media, stream_call, stream_call_with_headers};
pub use client::{BuildError, Client, ClientBuilder, http_client_builder};
#[cfg(feature = "runtime-media")]
pub use content::{ByteStream, FromBody, Payload, RawBody, by_content_type};
pub use conventions::NOTICE_HEADERS;
#[cfg(feature = "runtime-styles")]
pub use encode::{ParamValue, PathStyle, QueryStyle, header_param, path_param, set_cookie};
pub use encode::{Query, encode_path_segment};
pub use error::{
    ApiError, DecodeError, Error, RequestError, RequestErrorKind, StreamError, StreamErrorKind,
};
#[cfg(feature = "oauth")]
pub use oauth::{Authorization, OAuthApp, OAuthEndpoints, RefreshTokenSource, TokenResponse};
pub use object::{Object, Slot, deserialize_object, optional_field, patch_field, present};
pub use paginate::{Cursor, Items, Next, Page, Pages, Paging, next_link, pages};
pub use patch::{Patch, nullable};
#[cfg(feature = "webhook-receiver")]
pub use receiver::{
    HandshakePolicy, MemorySecretStore, Outcome, ReceiveError, SecretStore, WebhookReceiver,
};
pub use request::{Body, Data, Request, Security};
#[cfg(feature = "runtime-media")]
pub use request::{Part, Upload};
pub use response::{
    DEPRECATION_HEADERS, DeprecationNotice, JsonOrText, Response, decode_json, decode_json_or_text,
};
pub use retry::{RetryPolicy, Sleep, TokioSleep};
#[cfg(feature = "runtime-streams")]
pub use stream::{
    DEFAULT_MAX_EVENT_BYTES, DecodeData, Delimiter, Event, EventStream, JsonLines, json_data,
    text_data,
};
pub use token::{Clock, SystemClock, TokenError, TokenErrorKind, TokenSource};

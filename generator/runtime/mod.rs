//! HTTP runtime shared by every operation of this client.
//!
//! The generated operation methods describe each API call as a [`Request`]
//! and hand it to [`Client::execute`] (or [`Client::execute_empty`]); this
//! module does everything else:
//!
//! * **Configuration** — [`ClientBuilder`] sets the base URL, [`Credentials`],
//!   timeouts, the `User-Agent`, the [`RetryPolicy`] and, optionally, your own
//!   [`reqwest::Client`].
//! * **Authentication** — credentials are attached to every attempt and are
//!   never printed: [`SecretString`], [`Credentials`], [`ClientBuilder`] and
//!   [`Client`] all redact secrets in their `Debug` output, header values are
//!   marked sensitive, and nothing secret is recorded in tracing spans.
//! * **Encoding** — [`encode_path_segment`] escapes path parameters,
//!   [`Query`] builds query strings, and [`path_param`], [`header_param`] and
//!   [`set_cookie`] serialise a [`ParamValue`] in the styles of OpenAPI 3.0
//!   (see their documentation for the exact rules).
//! * **Retries** — rate limiting (`429`), transient server errors
//!   (`500`, `502`, `503`, `504`) and connection failures are retried with
//!   exponential backoff and jitter, honouring `Retry-After`, within the limits
//!   of a [`RetryPolicy`]. Non-idempotent requests (`POST`, `PATCH`) are only
//!   resent when the request provably never reached the server, unless you opt
//!   in with [`RetryPolicy::retry_non_idempotent`].
//! * **Errors** — every failure is an [`Error`]: an [`ApiError`] for non-2xx
//!   responses (with the decoded error body when it could be decoded, and the
//!   raw bytes always), a transport error, a response that failed to decode,
//!   or a request that could not be built ([`RequestError`]).
//! * **Media types** — bodies that are not JSON: [`Body::form`] encodes a
//!   model as `application/x-www-form-urlencoded`, [`Body::text`] sends text,
//!   and a [`Payload`] sends bytes from memory or from a stream. A response
//!   that is not JSON is read as [`Bytes`](bytes::Bytes), a `String` or a
//!   [`RawBody`] (bytes with their content type), see [`FromBody`], or
//!   streamed as a [`ByteStream`].
//! * **Pagination** — [`paginate`] turns a page-fetching closure into a lazy
//!   [`futures::Stream`] of items.
//! * **Observability** — each call runs inside an `http.request` span from the
//!   [`tracing`] crate with the fields `operation_id`, `http.method`,
//!   `http.route` (the path template, never the concrete path),
//!   `attempt`, `http.status_code` and `duration_ms`; each retry emits a
//!   `DEBUG` event stating the reason and the wait. Tokens, headers, query
//!   strings and bodies are never recorded.

mod auth;
mod client;
mod content;
mod encode;
mod error;
mod paginate;
pub mod receiver;
mod retry;

pub use auth::{Credentials, SecretString};
pub use client::{
    Body, BuildError, Client, ClientBuilder, Data, Part, RawResponse, Request, Upload, decode_json,
};
pub use content::{ByteStream, FromBody, Payload, RawBody};
pub use encode::{
    ParamValue, PathStyle, Query, QueryStyle, encode_path_segment, header_param, path_param,
    set_cookie,
};
pub use error::{ApiError, Error, RequestError, RequestErrorKind};
pub use paginate::{Page, paginate};
pub use receiver::{
    HandshakePolicy, MemorySecretStore, Outcome, ReceiveError, SecretStore, WebhookReceiver,
};
pub use retry::{RetryPolicy, Sleep, TokioSleep};

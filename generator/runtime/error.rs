//! Error types.

use std::{borrow::Cow, error::Error as StdError, fmt, sync::Arc, time::Duration};

use bytes::Bytes;
use http::{HeaderMap, StatusCode, header::RETRY_AFTER};

use super::{
    body::{Preview, ResponseTooLarge, preview},
    response::{DeprecationNotice, deprecation_notices},
    token::TokenError,
};

/// How many characters of a response's `Content-Type` an error message
/// shows.
const MAX_CONTENT_TYPE_CHARS: usize = 128;

/// The error returned by every API call.
///
/// `E` is the operation's error body type: the model the API documents for
/// its error responses, decoded from the body of non-2xx responses when
/// possible (see [`ApiError::body`]).
///
/// `Display` gives a one-line summary; the underlying cause, where there is
/// one, is available through [`std::error::Error::source`] (use `{:#}` with
/// `anyhow`, or walk the chain, to print it all). Neither `Display` nor
/// `Debug` prints more than the start of a response body.
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a non-2xx status.
    ///
    /// When retries were exhausted this is the last response received.
    ///
    /// Boxed to keep `Result<T, Error<E>>` small (a `HeaderMap` alone is
    /// about 100 bytes); fields are reachable through auto-deref
    /// (`Error::Api(api) => api.status`).
    Api(Box<ApiError<E>>),
    /// The request failed below HTTP: DNS, connect, TLS, I/O, a timeout, or
    /// the response body could not be read.
    Transport(reqwest::Error),
    /// A 2xx response body could not be decoded into the expected type.
    ///
    /// Its [`source`](StdError::source) is the [`DecodeError`], whose
    /// message names where in the body and why, such as
    /// `data.resource.created_at: invalid type: integer, expected a string
    /// at line 1 column 470`.
    Decode {
        /// The (successful) response status.
        status: StatusCode,
        /// Where in the body the decoder failed, and why.
        source: DecodeError,
        /// The raw response body, no larger than the limit it was read
        /// with ([`ClientBuilder::max_response_bytes`](super::ClientBuilder::max_response_bytes)).
        body: Bytes,
    },
    /// A 2xx response came with a `Content-Type` the operation does not
    /// declare (or with none), where the operation offers several
    /// representations and reads each its own way, so the body was not
    /// decoded.
    UnexpectedContentType {
        /// The (successful) response status.
        status: StatusCode,
        /// The `Content-Type` header, if the server sent one that is valid
        /// text.
        content_type: Option<String>,
        /// The media types the operation declares for the body.
        declared: &'static [&'static str],
        /// The raw response body, no larger than the limit it was read
        /// with ([`ClientBuilder::max_response_bytes`](super::ClientBuilder::max_response_bytes)).
        body: Bytes,
    },
    /// The response body (of any status) was larger than the limit it was
    /// read with, so it was not read whole: see [`ResponseTooLarge`]. Not
    /// retried.
    ResponseTooLarge(ResponseTooLarge),
    /// The request could not be built, so nothing was sent.
    Request(RequestError),
    /// No access token could be obtained from the client's
    /// [`TokenSource`](super::TokenSource), for example because the OAuth
    /// token endpoint refused the refresh token. The request was not sent
    /// (again).
    Token(TokenError),
    /// A paginated listing did not advance: the server returned a next-page
    /// token that had already been requested in the same listing, and
    /// following it would loop forever. The items of the pages received
    /// before were yielded normally.
    Pagination {
        /// The repeated next-page token.
        token: String,
    },
    /// A streamed response (server-sent events, JSON Lines) stopped: no
    /// data arrived within the timeout, or one event or line was larger
    /// than the limit it is read with. See [`StreamError`].
    Stream(StreamError),
}

impl<E> Error<E> {
    /// The error for a request body that could not be serialized to JSON
    /// ([`Error::Request`] of kind [`RequestErrorKind::Serialize`]).
    pub fn from_serialization(source: serde_json::Error) -> Self {
        Self::Request(RequestError::serialize(source))
    }

    /// The HTTP status of the response, for [`Error::Api`],
    /// [`Error::Decode`] and [`Error::ResponseTooLarge`].
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(api) => Some(api.status),
            Self::Decode { status, .. } | Self::UnexpectedContentType { status, .. } => {
                Some(*status)
            }
            Self::ResponseTooLarge(err) => Some(err.status()),
            Self::Transport(err) => err.status(),
            Self::Stream(err) => err.status(),
            Self::Request(_) | Self::Token(_) | Self::Pagination { .. } => None,
        }
    }

    /// The API error, if the server answered with a non-2xx status.
    pub fn api(&self) -> Option<&ApiError<E>> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Converts into the API error, if the server answered with a non-2xx
    /// status; otherwise gives the error back.
    pub fn into_api(self) -> Result<ApiError<E>, Self> {
        match self {
            Self::Api(api) => Ok(*api),
            other => Err(other),
        }
    }

    /// The decoded error body of a non-2xx response, if there was one and it
    /// matched the documented error model.
    pub fn api_body(&self) -> Option<&E> {
        self.api().and_then(|api| api.body.as_ref())
    }

    /// The raw response body, for [`Error::Api`], [`Error::Decode`] and
    /// [`Error::UnexpectedContentType`].
    pub fn raw_body(&self) -> Option<&Bytes> {
        match self {
            Self::Api(api) => Some(&api.raw),
            Self::Decode { body, .. } | Self::UnexpectedContentType { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Returns `true` if the request timed out (connecting or waiting for
    /// the response).
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Transport(err) => err.is_timeout(),
            Self::Stream(err) => err.kind() == StreamErrorKind::TimedOut,
            _ => false,
        }
    }

    /// Returns `true` if no connection to the server could be established.
    pub fn is_connect(&self) -> bool {
        matches!(self, Self::Transport(err) if err.is_connect())
    }

    /// Returns `true` if the server answered with a non-2xx status.
    pub fn is_api(&self) -> bool {
        matches!(self, Self::Api(_))
    }

    /// Returns `true` for `429 Too Many Requests`.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Returns `true` for `404 Not Found`.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Returns `true` for `401 Unauthorized` and `403 Forbidden`, and when
    /// no access token could be obtained ([`Error::Token`]).
    pub fn is_auth(&self) -> bool {
        matches!(self, Self::Token(_))
            || matches!(
                self.status(),
                Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
            )
    }

    /// Converts the decoded error body with `f`, keeping everything else.
    pub fn map_api_body<F, U>(self, f: F) -> Error<U>
    where
        F: FnOnce(E) -> U,
    {
        match self {
            Self::Api(api) => Error::Api(Box::new(api.map_body(f))),
            Self::Transport(err) => Error::Transport(err),
            Self::Decode {
                status,
                source,
                body,
            } => Error::Decode {
                status,
                source,
                body,
            },
            Self::UnexpectedContentType {
                status,
                content_type,
                declared,
                body,
            } => Error::UnexpectedContentType {
                status,
                content_type,
                declared,
                body,
            },
            Self::ResponseTooLarge(err) => Error::ResponseTooLarge(err),
            Self::Request(err) => Error::Request(err),
            Self::Token(err) => Error::Token(err),
            Self::Pagination { token } => Error::Pagination { token },
            Self::Stream(err) => Error::Stream(err),
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    /// As derived, but a raw body shows only its start and its size.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(api) => f.debug_tuple("Api").field(api).finish(),
            Self::Transport(err) => f.debug_tuple("Transport").field(err).finish(),
            Self::Decode {
                status,
                source,
                body,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("source", source)
                .field("body", &Preview(body))
                .finish(),
            Self::UnexpectedContentType {
                status,
                content_type,
                declared,
                body,
            } => f
                .debug_struct("UnexpectedContentType")
                .field("status", status)
                .field("content_type", content_type)
                .field("declared", declared)
                .field("body", &Preview(body))
                .finish(),
            Self::ResponseTooLarge(err) => f.debug_tuple("ResponseTooLarge").field(err).finish(),
            Self::Request(err) => f.debug_tuple("Request").field(err).finish(),
            Self::Token(err) => f.debug_tuple("Token").field(err).finish(),
            Self::Pagination { token } => {
                f.debug_struct("Pagination").field("token", token).finish()
            }
            Self::Stream(err) => f.debug_tuple("Stream").field(err).finish(),
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(api) => fmt::Display::fmt(api, f),
            Self::Transport(err) => {
                if err.is_timeout() {
                    f.write_str("the HTTP request timed out")
                } else if err.is_connect() {
                    f.write_str("could not connect to the server")
                } else if err.is_body() || err.is_decode() {
                    f.write_str("failed to read the HTTP response body")
                } else if err.is_redirect() {
                    f.write_str("the server redirected too often")
                } else {
                    f.write_str("the HTTP request failed")
                }
            }
            Self::Decode { status, body, .. } => {
                write!(
                    f,
                    "could not decode the {status} response body ({} bytes)",
                    body.len()
                )
            }
            Self::UnexpectedContentType {
                status,
                content_type,
                declared,
                body,
            } => {
                let declared = declared.join(", ");
                let received = content_type.as_deref().unwrap_or("no content type");
                let received: String = received.chars().take(MAX_CONTENT_TYPE_CHARS).collect();
                write!(
                    f,
                    "the {status} response body ({} bytes) came as {received:?}, which the \
                     operation does not declare ({declared})",
                    body.len()
                )
            }
            Self::ResponseTooLarge(err) => fmt::Display::fmt(err, f),
            Self::Request(err) => write!(f, "invalid request: {err}"),
            Self::Token(err) => write!(f, "no access token: {err}"),
            Self::Pagination { token } => write!(
                f,
                "pagination did not advance: the server returned next-page token {token:?} again"
            ),
            Self::Stream(err) => fmt::Display::fmt(err, f),
        }
    }
}

impl<E: fmt::Debug> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Api(_)
            | Self::UnexpectedContentType { .. }
            | Self::ResponseTooLarge(_)
            | Self::Pagination { .. }
            | Self::Stream(_) => None,
            Self::Transport(err) => Some(err),
            Self::Decode { source, .. } => Some(source),
            Self::Request(err) => err.source(),
            Self::Token(err) => Some(err),
        }
    }
}

impl<E> From<ApiError<E>> for Error<E> {
    fn from(err: ApiError<E>) -> Self {
        Self::Api(Box::new(err))
    }
}

impl<E> From<RequestError> for Error<E> {
    fn from(err: RequestError) -> Self {
        Self::Request(err)
    }
}

impl<E> From<TokenError> for Error<E> {
    fn from(err: TokenError) -> Self {
        Self::Token(err)
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(err: reqwest::Error) -> Self {
        Self::Transport(err)
    }
}

/// A non-2xx response.
///
/// Its `Display` and `Debug` output show only the start of the raw body.
#[derive(Clone)]
pub struct ApiError<E> {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The response body decoded as the operation's error model, or `None`
    /// if the body was empty or did not match it.
    pub body: Option<E>,
    /// The raw response body, no larger than the limit it was read with
    /// ([`ClientBuilder::max_response_bytes`](super::ClientBuilder::max_response_bytes)).
    pub raw: Bytes,
}

impl<E> ApiError<E> {
    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The decoded error body, if any.
    pub fn body(&self) -> Option<&E> {
        self.body.as_ref()
    }

    /// The raw response body, lossily converted to UTF-8.
    pub fn raw_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.raw)
    }

    /// A response header as a string, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The notices of change or deprecation the response carries; see
    /// [`Response::deprecations`](super::Response::deprecations).
    pub fn deprecations(&self) -> impl Iterator<Item = DeprecationNotice<'_>> {
        deprecation_notices(&self.headers)
    }

    /// How long the server asked the client to wait before retrying
    /// (`Retry-After`, in seconds or as an HTTP date), if it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        super::retry::parse_retry_after(self.headers.get(RETRY_AFTER)?)
    }

    /// Converts the decoded body with `f`, keeping everything else.
    pub fn map_body<F, U>(self, f: F) -> ApiError<U>
    where
        F: FnOnce(E) -> U,
    {
        ApiError {
            status: self.status,
            headers: self.headers,
            body: self.body.map(f),
            raw: self.raw,
        }
    }
}

impl<E> fmt::Display for ApiError<E> {
    /// `HTTP 404 Not Found: <start of the response body>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        let (shown, more) = preview(&self.raw);
        if !shown.is_empty() {
            write!(f, ": {shown}")?;
            if more {
                f.write_str("…")?;
            }
        }
        Ok(())
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    /// As derived, but the raw body shows only its start and its size.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("raw", &Preview(&self.raw))
            .finish()
    }
}

impl<E: fmt::Debug> StdError for ApiError<E> {}

/// What kind of problem prevented a request from being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestErrorKind {
    /// The request body, or a parameter serialised with serde, could not be
    /// serialized.
    Serialize,
    /// The base URL, path and query did not form a valid URL, or the path
    /// would not reach the intended endpoint (for example a path parameter
    /// that is empty, `.` or `..`).
    InvalidUrl,
    /// The URL is longer than the client can send: 65,534 bytes (64 KiB
    /// less two), the longest URI of the `http` crate, far beyond what
    /// servers accept (8 KiB by default for Apache and nginx). Long lists of
    /// values in the query are the usual cause.
    UrlTooLong,
    /// A multipart part was invalid (for example a malformed content type).
    InvalidMultipart,
    /// A header name or value cannot be sent (for example a value with a
    /// line break). The message names the header, never its value.
    InvalidHeader,
    /// A parameter lies outside the bounds the API declares for it (for
    /// example a `limit` above 100). The message names the parameter and the
    /// bound.
    OutOfRange,
    /// The request's streamed body was already sent by an earlier request
    /// (a clone of this one); a stream is sent once.
    BodyConsumed,
    /// The operation needs credentials of a security scheme the client
    /// holds none for (and the client has no credentials of its own). The
    /// message names the operation and the schemes it accepts.
    MissingCredentials,
    /// The HTTP client rejected the request.
    Other,
}

/// A request that could not be built; nothing was sent.
#[derive(Clone)]
pub struct RequestError {
    kind: RequestErrorKind,
    message: Cow<'static, str>,
    source: Option<Arc<dyn StdError + Send + Sync + 'static>>,
}

impl RequestError {
    /// A new error of the given kind with a message.
    pub fn new(kind: RequestErrorKind, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// Attaches the underlying cause.
    #[must_use]
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(Arc::from(source.into()));
        self
    }

    /// The request body could not be serialized to JSON.
    pub fn serialize(source: serde_json::Error) -> Self {
        Self::new(
            RequestErrorKind::Serialize,
            "the request body could not be serialized to JSON",
        )
        .with_source(source)
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> RequestErrorKind {
        self.kind
    }
}

impl fmt::Debug for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestError")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for RequestError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

impl From<serde_json::Error> for RequestError {
    /// A body serialization failure ([`RequestErrorKind::Serialize`]).
    fn from(source: serde_json::Error) -> Self {
        Self::serialize(source)
    }
}

/// Why a 2xx response body did not decode ([`Error::Decode`]): where in the
/// JSON document the decoder failed ([`path`](Self::path)) and what it
/// reported ([`json_error`](Self::json_error)).
///
/// Its message is the path, then the reason:
/// `data.tags[2].name: invalid type: integer, expected a string at line 1
/// column 470`. However deep or wide the document a server sends, the message
/// stays short: the path shows at most [`DecodeError::MAX_PATH_SEGMENTS`]
/// segments (the first and the last ones, `…` between), a key at most
/// [`DecodeError::MAX_KEY_CHARS`] characters, and the reason at most
/// [`DecodeError::MAX_REASON_BYTES`] bytes before its line and column.
pub struct DecodeError {
    path: String,
    source: serde_json::Error,
}

impl DecodeError {
    /// The most segments [`path`](Self::path) shows.
    pub const MAX_PATH_SEGMENTS: usize = 32;
    /// The most characters [`path`](Self::path) shows of one key.
    pub const MAX_KEY_CHARS: usize = 64;
    /// The most bytes the message shows of the decoder's reason.
    pub const MAX_REASON_BYTES: usize = 512;

    /// The decoder's error with the keys and indexes from the document's
    /// root to the failing value.
    pub(crate) fn tracked(err: serde_path_to_error::Error<serde_json::Error>) -> Self {
        Self {
            path: render_path(err.path().iter()),
            source: err.into_inner(),
        }
    }

    /// Where the decoder failed: keys joined by `.`, array indexes in
    /// brackets (`data.tags[2].name`); a key that is not a plain word is
    /// quoted (`data["a key"]`). Empty when the document itself, not a value
    /// inside it, is at fault (for example when the body is not JSON). Long
    /// paths are shortened, as the type's docs say.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What the JSON decoder reported, without the path.
    pub fn json_error(&self) -> &serde_json::Error {
        &self.source
    }

    /// The line of the body where the decoder failed (from 1; 0 when the
    /// failure has no position).
    pub fn line(&self) -> usize {
        self.source.line()
    }

    /// The column of that line (from 1; 0 when the failure has no position).
    pub fn column(&self) -> usize {
        self.source.column()
    }

    /// The JSON decoder's error, without the path.
    pub fn into_json_error(self) -> serde_json::Error {
        self.source
    }
}

impl From<serde_json::Error> for DecodeError {
    /// An error with no path: the document itself is at fault.
    fn from(source: serde_json::Error) -> Self {
        Self {
            path: String::new(),
            source,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        // The reason can quote a value of the body, of any size: it is cut
        // short, keeping its position.
        let mut reason = Capped::new(Self::MAX_REASON_BYTES);
        fmt::Write::write_fmt(&mut reason, format_args!("{}", self.source))?;
        f.write_str(&reason.text)?;
        if reason.cut {
            f.write_str("…")?;
            if self.source.line() > 0 {
                write!(
                    f,
                    " at line {} column {}",
                    self.source.line(),
                    self.source.column()
                )?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("path", &self.path)
            .field("message", &format_args!("{self}"))
            .finish()
    }
}

impl StdError for DecodeError {}

/// Text written up to a number of bytes, the rest dropped (never cutting a
/// character).
struct Capped {
    text: String,
    limit: usize,
    cut: bool,
}

impl Capped {
    fn new(limit: usize) -> Self {
        Self {
            text: String::new(),
            limit,
            cut: false,
        }
    }
}

impl fmt::Write for Capped {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = self.limit - self.text.len();
        if s.len() <= room {
            self.text.push_str(s);
        } else {
            let mut end = room;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            self.text.push_str(&s[..end]);
            self.limit = self.text.len();
            self.cut = true;
        }
        Ok(())
    }
}

/// A path as [`DecodeError::path`] shows it: at most
/// [`DecodeError::MAX_PATH_SEGMENTS`] segments, the first quarter and the
/// rest from the end.
fn render_path<'a>(
    segments: impl ExactSizeIterator<Item = &'a serde_path_to_error::Segment>,
) -> String {
    let count = segments.len();
    let head = DecodeError::MAX_PATH_SEGMENTS / 4;
    let tail = DecodeError::MAX_PATH_SEGMENTS - head;
    let mut path = String::new();
    for (index, segment) in segments.enumerate() {
        if count > DecodeError::MAX_PATH_SEGMENTS && index >= head && index < count - tail {
            if index == head {
                path.push_str(".…");
            }
            continue;
        }
        push_segment(&mut path, segment);
    }
    path
}

/// Appends one segment: `.key` (or `key` first), `[index]`, `["odd key"]`.
fn push_segment(path: &mut String, segment: &serde_path_to_error::Segment) {
    use serde_path_to_error::Segment;
    use std::fmt::Write as _;
    let key = match segment {
        Segment::Seq { index } => {
            // Writing to a `String` cannot fail.
            let _ = write!(path, "[{index}]");
            return;
        }
        Segment::Map { key } | Segment::Enum { variant: key } => key.as_str(),
        // A value the decoder reached in a way it could not follow.
        Segment::Unknown => {
            path.push_str(if path.is_empty() { "?" } else { ".?" });
            return;
        }
    };
    let plain = !key.is_empty()
        && key.len() <= DecodeError::MAX_KEY_CHARS
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        return;
    }
    let shown: String = key.chars().take(DecodeError::MAX_KEY_CHARS).collect();
    let more = if shown.len() < key.len() { "…" } else { "" };
    let _ = write!(path, "[{shown:?}{more}]");
}

/// Why a streamed response stopped ([`Error::Stream`]); the stream yields
/// it last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamError {
    kind: StreamErrorKind,
    status: Option<StatusCode>,
    limit: u64,
}

/// What went wrong with a streamed response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamErrorKind {
    /// Nothing arrived within the timeout: no response, or no data between
    /// two reads of its body ([`StreamError::limit`] is the timeout in
    /// milliseconds).
    TimedOut,
    /// One event or line was larger than the limit it is read with
    /// ([`StreamError::limit`], in bytes); the rest of the stream was not
    /// read, so memory stays bounded whatever the server sends.
    TooLarge,
}

impl StreamError {
    /// Nothing arrived within `timeout`; `status` is that of the response
    /// whose body stalled, `None` when no response came.
    pub(crate) fn timed_out(status: Option<StatusCode>, timeout: Duration) -> Self {
        Self {
            kind: StreamErrorKind::TimedOut,
            status,
            limit: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
        }
    }

    /// An event or line of the `status` response grew past `limit` bytes.
    #[cfg(feature = "runtime-streams")]
    pub(crate) fn too_large(status: StatusCode, limit: usize) -> Self {
        Self {
            kind: StreamErrorKind::TooLarge,
            status: Some(status),
            limit: u64::try_from(limit).unwrap_or(u64::MAX),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> StreamErrorKind {
        self.kind
    }

    /// The status of the streamed response, if one came.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The limit that was reached: the timeout in milliseconds
    /// ([`StreamErrorKind::TimedOut`]) or the size in bytes
    /// ([`StreamErrorKind::TooLarge`]).
    pub fn limit(&self) -> u64 {
        self.limit
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            StreamErrorKind::TimedOut if self.status.is_none() => {
                write!(f, "no response arrived within {} ms", self.limit)
            }
            StreamErrorKind::TimedOut => write!(
                f,
                "the streamed response sent nothing for {} ms",
                self.limit
            ),
            StreamErrorKind::TooLarge => write!(
                f,
                "an event of the streamed response is larger than {} bytes",
                self.limit
            ),
        }
    }
}

impl StdError for StreamError {}

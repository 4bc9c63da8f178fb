//! Responses read as a sequence of items while the server sends them:
//! server-sent events ([`EventStream`], `text/event-stream`) and JSON Lines
//! ([`JsonLines`], `application/x-ndjson`, `application/jsonl`, and
//! `application/json-seq`'s records).
//!
//! Both read the body as it arrives and hold at most one event or line (and
//! the chunk being read) in memory; each is bounded by a limit in bytes
//! (1 MiB unless set otherwise), past which the stream ends with
//! [`Error::Stream`] of kind [`StreamErrorKind::TooLarge`](super::StreamErrorKind::TooLarge).
//! The client's [`timeout`](super::ClientBuilder::timeout) bounds the wait
//! for the response and then each wait for data, not the whole stream: a
//! stream flowing for hours is fine, one silent for longer than the timeout
//! ends with [`Error::Stream`] of kind
//! [`StreamErrorKind::TimedOut`](super::StreamErrorKind::TimedOut). Dropping
//! a stream closes its connection.

use std::{
    collections::VecDeque,
    fmt,
    future::Future,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use bytes::Bytes;
use futures::{Stream, StreamExt, stream::BoxStream};
use http::{HeaderMap, Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::time::{Instant, Sleep};

use super::{
    body::decode_body,
    call::DecodeErrorWithHeaders,
    client::Client,
    content::ByteStream,
    error::{DecodeError, Error, RequestError, RequestErrorKind, StreamError},
    request::Request,
};

/// The largest event or line a stream reads unless told otherwise: 1 MiB.
pub const DEFAULT_MAX_EVENT_BYTES: usize = 1 << 20;

/// The media type of server-sent events.
const EVENT_STREAM: &str = "text/event-stream";

/// The data an event stream ends with by convention, rather than an event:
/// `data: [DONE]`.
const DONE: &str = "[DONE]";

/// How the data of each event is read: [`json_data`] or [`text_data`].
pub type DecodeData<T> = fn(&str) -> Result<T, DecodeError>;

/// Reads an event's data as JSON of type `T`.
///
/// # Errors
///
/// A [`DecodeError`] naming where and why the data is not a `T`.
pub fn json_data<T: DeserializeOwned>(data: &str) -> Result<T, DecodeError> {
    decode_body(data.as_bytes())
}

/// Keeps an event's data as text.
///
/// # Errors
///
/// None; the signature is that of every [`DecodeData`].
pub fn text_data(data: &str) -> Result<String, DecodeError> {
    Ok(data.to_owned())
}

/// One server-sent event, its data decoded as `T`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<T> {
    /// The data: its `data:` lines joined with `\n`, decoded.
    pub data: T,
    /// The event's type (`event:`), `None` for the default, `message`.
    pub event: Option<String>,
    /// The `id:` this event sets, if it sets one. The stream remembers the
    /// last one ([`EventStream::last_event_id`]).
    pub id: Option<String>,
    /// The reconnection time the server asks for (`retry:`), if this event
    /// carries one.
    pub retry: Option<Duration>,
}

/// How an error status's body is decoded.
enum ErrorDecoder<E> {
    Status(fn(StatusCode, &[u8]) -> Option<E>),
    Headers(DecodeErrorWithHeaders<E>),
}

impl<E> Clone for ErrorDecoder<E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E> Copy for ErrorDecoder<E> {}

/// The opening of a streamed response, boxed: one per error type, whatever
/// the items.
type Opening<E> = Pin<Box<dyn Future<Output = Result<Body<E>, Error<E>>> + Send>>;

/// Sends `request` with its response streamed: the client's timeout bounds
/// the wait for the response, and then each wait for data.
fn open<E: Send + 'static>(
    client: &Client,
    mut request: Request,
    decode_error: ErrorDecoder<E>,
) -> Opening<E> {
    let client = client.clone();
    request.streamed = true;
    Box::pin(async move { open_body(&client, request, decode_error).await })
}

async fn open_body<E: Send + 'static>(
    client: &Client,
    request: Request,
    decode_error: ErrorDecoder<E>,
) -> Result<Body<E>, Error<E>> {
    let bytes = match decode_error {
        ErrorDecoder::Status(decode) => client.execute_stream(request, decode).await?,
        ErrorDecoder::Headers(decode) => {
            let sent = client.execute_stream(request, |_, _| None).await;
            sent.map_err(|err| match err {
                Error::Api(mut api) => {
                    api.body = decode(api.status, &api.headers, &api.raw);
                    Error::Api(api)
                }
                other => other,
            })?
        }
    };
    Ok(Body::new(bytes, client.timeout()))
}

/// A response body read chunk by chunk, each wait for a chunk bounded by
/// the idle timeout.
struct Body<E> {
    status: StatusCode,
    headers: HeaderMap,
    /// `None` once the body ended, failed or the stream stopped.
    chunks: Option<BoxStream<'static, Result<Bytes, reqwest::Error>>>,
    idle_timeout: Duration,
    /// Armed while waiting for a chunk.
    idle: Option<Pin<Box<Sleep>>>,
    /// The error the stream yields once the items read before it are out.
    failed: Option<Error<E>>,
}

impl<E> Body<E> {
    fn new(bytes: ByteStream, idle_timeout: Duration) -> Self {
        let status = bytes.status();
        let headers = bytes.headers().clone();
        Self {
            status,
            headers,
            chunks: Some(bytes.boxed()),
            idle_timeout,
            idle: None,
            failed: None,
        }
    }

    /// The next chunk; `None` at the end of the body, or once it failed
    /// (the error is then in `failed`). The connection closes with the end.
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        let Some(chunks) = self.chunks.as_mut() else {
            return Poll::Ready(None);
        };
        match chunks.poll_next_unpin(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                self.idle = None;
                Poll::Ready(Some(chunk))
            }
            Poll::Ready(Some(Err(err))) => {
                self.stop(Error::Transport(err));
                Poll::Ready(None)
            }
            Poll::Ready(None) => {
                self.chunks = None;
                Poll::Ready(None)
            }
            Poll::Pending => {
                let timeout = self.idle_timeout;
                let idle = self
                    .idle
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
                if idle.as_mut().poll(cx).is_ready() {
                    let error = StreamError::timed_out(Some(self.status), timeout);
                    self.stop(Error::Stream(error));
                    return Poll::Ready(None);
                }
                Poll::Pending
            }
        }
    }

    /// Ends the stream with `error`, closing the connection.
    fn stop(&mut self, error: Error<E>) {
        self.chunks = None;
        self.idle = None;
        self.failed.get_or_insert(error);
    }

    /// The `Content-Type` header, if present and valid text.
    fn content_type(&self) -> Option<&str> {
        self.headers.get(http::header::CONTENT_TYPE)?.to_str().ok()
    }

    /// The error of a body that came in a type the stream does not read: up to
    /// [`DEFAULT_MAX_EVENT_BYTES`] of it are kept, and the connection closes.
    async fn unexpected(mut self, declared: &'static [&'static str]) -> Error<E> {
        let mut body = Vec::new();
        while body.len() < DEFAULT_MAX_EVENT_BYTES {
            match std::future::poll_fn(|cx| self.poll_chunk(cx)).await {
                Some(chunk) => body.extend_from_slice(&chunk),
                None => break,
            }
        }
        body.truncate(DEFAULT_MAX_EVENT_BYTES);
        Error::UnexpectedContentType {
            status: self.status,
            content_type: self.content_type().map(str::to_owned),
            declared,
            body: Bytes::from(body),
        }
    }

    fn set_idle_timeout(&mut self, timeout: Duration) {
        self.idle_timeout = timeout;
        if let Some(idle) = self.idle.as_mut() {
            idle.as_mut().reset(Instant::now() + timeout);
        }
    }
}

/// What a GET stream needs to be sent again, resuming after its last event.
struct Resume<E> {
    client: Client,
    request: Request,
    decode_error: ErrorDecoder<E>,
}

/// A `text/event-stream` response: a [`Stream`] of [`Event`]s, each one's
/// data decoded as `T` as it arrives, what a request builder's `send`
/// returns for such an operation.
///
/// It follows the WHATWG parsing rules: `data:` lines joined with `\n`,
/// comments (`:` lines, such as keep-alives) skipped, `event`, `id` and
/// `retry` kept, lines ended by CR, LF or CRLF, events split anywhere across
/// reads. An event whose data is `[DONE]` ends the stream.
///
/// A 2xx response of another `Content-Type` (a JSON body, say) is
/// [`Error::UnexpectedContentType`], with the start of its body, rather than
/// a stream without events.
///
/// An event whose data does not decode as `T` yields [`Error::Decode`] (its
/// [`DecodeError`] names the path in the data, and `body` holds the data),
/// and the stream goes on with the next event: one malformed event costs
/// only itself. A failure of the connection ([`Error::Transport`]), an
/// event larger than [`max_event_bytes`](Self::max_event_bytes), or no data
/// for longer than the [`idle_timeout`](Self::idle_timeout) yields its error
/// and ends the stream. Dropping the stream closes the connection.
///
/// The stream remembers the last event id the server sent
/// ([`last_event_id`](Self::last_event_id)): a GET stream can resume after
/// it with [`reconnect`](Self::reconnect), which sends the request again
/// with a `Last-Event-ID` header.
#[must_use = "a stream does nothing unless polled"]
pub struct EventStream<T, E> {
    body: Body<E>,
    parser: EventParser,
    /// Events parsed and not yet yielded.
    ready: VecDeque<RawEvent>,
    decode: DecodeData<T>,
    resume: Option<Resume<E>>,
}

impl<T, E: Send + 'static> EventStream<T, E> {
    /// Sends `request` and, once a 2xx status arrives, streams its events
    /// with their data read by `decode` ([`json_data`] or [`text_data`]);
    /// an error status is decoded by `decode_error`. Retries happen as for
    /// any call until the response arrives; the client's timeout bounds
    /// that wait and then each wait for data.
    ///
    /// # Errors
    ///
    /// See [`Error`]; [`Error::Stream`] when no response arrives within the
    /// client's timeout.
    pub fn open(
        client: &Client,
        request: Request,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
        decode: DecodeData<T>,
    ) -> impl Future<Output = Result<Self, Error<E>>> + Send + use<T, E> {
        Self::open_with(client, request, ErrorDecoder::Status(decode_error), decode)
    }

    /// Like [`open`](Self::open), for an operation whose error bodies are
    /// read by their `Content-Type`: `decode_error` also receives the
    /// headers.
    ///
    /// # Errors
    ///
    /// As for [`open`](Self::open).
    pub fn open_with_headers(
        client: &Client,
        request: Request,
        decode_error: DecodeErrorWithHeaders<E>,
        decode: DecodeData<T>,
    ) -> impl Future<Output = Result<Self, Error<E>>> + Send + use<T, E> {
        Self::open_with(client, request, ErrorDecoder::Headers(decode_error), decode)
    }

    fn open_with(
        client: &Client,
        request: Request,
        decode_error: ErrorDecoder<E>,
        decode: DecodeData<T>,
    ) -> impl Future<Output = Result<Self, Error<E>>> + Send + use<T, E> {
        // Only a request that may be sent again is resumed.
        let resume = (request.method == Method::GET).then(|| Resume {
            client: client.clone(),
            request: request.clone(),
            decode_error,
        });
        let opening = open(client, request, decode_error);
        async move {
            let body = opening.await?;
            // Another type, such as the JSON an API answers when it was not asked to stream,
            // holds no events: an error rather than a stream ending in silence.
            let other = body.content_type().is_some_and(|content_type| {
                let essence = content_type.split(';').next().unwrap_or("").trim();
                !essence.eq_ignore_ascii_case(EVENT_STREAM)
            });
            if other {
                return Err(body.unexpected(&[EVENT_STREAM]).await);
            }
            Ok(Self {
                body,
                parser: EventParser::new(DEFAULT_MAX_EVENT_BYTES),
                ready: VecDeque::new(),
                decode,
                resume,
            })
        }
    }

    /// Sends the request again with a `Last-Event-ID` header naming the
    /// last event id received (if any), so that the server resumes after
    /// it, and streams the new response. The limits set on this stream
    /// carry over; waiting the [`retry`](Self::retry) time the server asked
    /// for before reconnecting is the caller's choice.
    ///
    /// # Errors
    ///
    /// [`Error::Request`] of kind [`RequestErrorKind::Other`] for a stream
    /// whose request is not a GET (a POST would be executed again), else as
    /// for [`open`](Self::open).
    pub fn reconnect(&self) -> impl Future<Output = Result<Self, Error<E>>> + Send + use<T, E> {
        let reopened = self.resume.as_ref().map(|resume| {
            let mut request = resume.request.clone();
            if let Some(id) = self.last_event_id() {
                request.add_header("Last-Event-ID", id);
            }
            Self::open_with(&resume.client, request, resume.decode_error, self.decode)
        });
        let (limit, idle_timeout) = (self.parser.limit, self.body.idle_timeout);
        async move {
            let Some(reopened) = reopened else {
                return Err(Error::Request(RequestError::new(
                    RequestErrorKind::Other,
                    "only a GET event stream can be resumed: any other request would be executed again",
                )));
            };
            Ok(reopened
                .await?
                .max_event_bytes(limit)
                .idle_timeout(idle_timeout))
        }
    }
}

impl<T, E> EventStream<T, E> {
    /// Reads events of at most `limit` bytes (their lines, the data
    /// included) in place of [`DEFAULT_MAX_EVENT_BYTES`]; a larger event
    /// ends the stream with [`Error::Stream`].
    pub fn max_event_bytes(mut self, limit: usize) -> Self {
        self.parser.limit = limit;
        self
    }

    /// Ends the stream with [`Error::Stream`] when no data arrives for
    /// `timeout`, in place of the client's
    /// [`timeout`](super::ClientBuilder::timeout). Comments the server sends
    /// to keep the connection alive count as data.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.body.set_idle_timeout(timeout);
        self
    }

    /// The status, for example `200 OK`.
    pub fn status(&self) -> StatusCode {
        self.body.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.body.headers
    }

    /// The last event id the server set (`id:`), as the WHATWG rules keep
    /// it: it carries over events without an id, and an empty `id:`
    /// clears it.
    pub fn last_event_id(&self) -> Option<&str> {
        Some(self.parser.last_id.as_str()).filter(|id| !id.is_empty())
    }

    /// The reconnection time the server last asked for (`retry:`), if any.
    pub fn retry(&self) -> Option<Duration> {
        self.parser.retry
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<Event<T>, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(raw) = this.ready.pop_front() {
                if raw.data == DONE {
                    this.ready.clear();
                    this.body.chunks = None;
                    return Poll::Ready(None);
                }
                let item = match (this.decode)(&raw.data) {
                    Ok(data) => Ok(Event {
                        data,
                        event: raw.event,
                        id: raw.id,
                        retry: raw.retry,
                    }),
                    Err(source) => Err(Error::Decode {
                        status: this.body.status,
                        source,
                        body: Bytes::from(raw.data),
                    }),
                };
                return Poll::Ready(Some(item));
            }
            if let Some(error) = this.body.failed.take() {
                return Poll::Ready(Some(Err(error)));
            }
            match this.body.poll_chunk(cx) {
                Poll::Ready(Some(chunk)) => {
                    if this.parser.push(&chunk, &mut this.ready).is_err() {
                        let limit = this.parser.limit;
                        let error = StreamError::too_large(this.body.status, limit);
                        this.body.stop(Error::Stream(error));
                    }
                }
                // An event not ended by a blank line is not dispatched.
                Poll::Ready(None) if this.body.failed.is_none() => return Poll::Ready(None),
                Poll::Ready(None) => {}
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.body.status)
            .field("last_event_id", &self.last_event_id())
            .finish_non_exhaustive()
    }
}

/// An event as parsed, its data not yet decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawEvent {
    data: String,
    event: Option<String>,
    id: Option<String>,
    retry: Option<Duration>,
}

/// The event is larger than the parser's limit.
#[derive(Debug)]
struct TooLarge;

/// The WHATWG `text/event-stream` parser, fed chunk by chunk.
#[derive(Debug)]
struct EventParser {
    /// The line being read, without its end.
    line: Vec<u8>,
    /// The last chunk ended with CR: an LF starting the next is part of
    /// that line's end.
    after_cr: bool,
    /// The start of the stream, where a byte order mark is dropped.
    at_start: bool,
    /// The data lines of the event being read, each followed by `\n`.
    data: String,
    event: Option<String>,
    id: Option<String>,
    retry_field: Option<Duration>,
    /// The last event id, kept across events.
    last_id: String,
    /// The last reconnection time.
    retry: Option<Duration>,
    /// The most bytes one event may hold: its current line and data.
    limit: usize,
}

impl EventParser {
    fn new(limit: usize) -> Self {
        Self {
            line: Vec::new(),
            after_cr: false,
            at_start: true,
            data: String::new(),
            event: None,
            id: None,
            retry_field: None,
            last_id: String::new(),
            retry: None,
            limit,
        }
    }

    /// Reads `chunk`, adding each event it completes to `events`.
    fn push(&mut self, mut chunk: &[u8], events: &mut VecDeque<RawEvent>) -> Result<(), TooLarge> {
        if self.at_start && !chunk.is_empty() {
            // A byte order mark may itself arrive split; this is rare enough
            // to drop only a whole one.
            chunk = chunk.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(chunk);
            self.at_start = false;
        }
        if self.after_cr {
            self.after_cr = false;
            chunk = chunk.strip_prefix(b"\n").unwrap_or(chunk);
        }
        while let Some(end) = chunk.iter().position(|b| matches!(b, b'\r' | b'\n')) {
            self.extend_line(&chunk[..end])?;
            let line = std::mem::take(&mut self.line);
            self.line_ended(&line, events)?;
            // Keep the buffer's capacity for the next line.
            self.line = line;
            self.line.clear();
            let crlf = chunk[end] == b'\r' && chunk.get(end + 1) == Some(&b'\n');
            if chunk[end] == b'\r' && end + 1 == chunk.len() {
                self.after_cr = true;
            }
            chunk = &chunk[end + 1 + usize::from(crlf)..];
        }
        self.extend_line(chunk)
    }

    fn extend_line(&mut self, bytes: &[u8]) -> Result<(), TooLarge> {
        if self.line.len() + bytes.len() + self.data.len() > self.limit {
            return Err(TooLarge);
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    fn line_ended(&mut self, line: &[u8], events: &mut VecDeque<RawEvent>) -> Result<(), TooLarge> {
        if line.is_empty() {
            self.dispatch(events);
            return Ok(());
        }
        if line[0] == b':' {
            return Ok(());
        }
        let line = String::from_utf8_lossy(line);
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*line, ""),
        };
        match field {
            "data" => {
                if self.data.len() + value.len() + 1 > self.limit {
                    return Err(TooLarge);
                }
                self.data.push_str(value);
                self.data.push('\n');
            }
            "event" => self.event = Some(value.to_owned()),
            "id" if !value.contains('\0') => {
                self.last_id = value.to_owned();
                self.id = Some(value.to_owned());
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(millis) = value.parse() {
                    let retry = Duration::from_millis(millis);
                    self.retry = Some(retry);
                    self.retry_field = Some(retry);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A blank line: the event read so far is dispatched, if it has data.
    fn dispatch(&mut self, events: &mut VecDeque<RawEvent>) {
        let event = self.event.take().filter(|event| !event.is_empty());
        let id = self.id.take();
        let retry = self.retry_field.take();
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        events.push_back(RawEvent {
            data,
            event,
            id,
            retry,
        });
    }
}

/// Where one item of a [`JsonLines`] stream ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// A line feed (`application/x-ndjson`, `application/jsonl`); a CR
    /// before it is dropped.
    Newline,
    /// The record separator U+001E that starts each item of
    /// `application/json-seq` (RFC 7464).
    RecordSeparator,
}

impl Delimiter {
    fn byte(self) -> u8 {
        match self {
            Self::Newline => b'\n',
            Self::RecordSeparator => 0x1E,
        }
    }
}

/// A JSON Lines response (`application/x-ndjson`, `application/jsonl`, or
/// `application/json-seq`): a [`Stream`] of items, each line decoded as `T`
/// as it arrives, what a request builder's `send` returns for such an
/// operation.
///
/// Blank lines are skipped. A line that does not decode as `T` yields
/// [`Error::Decode`] (its [`DecodeError`] names the path, and `body` holds
/// the line), and the stream goes on with the next line. A failure of the
/// connection, a line larger than [`max_line_bytes`](Self::max_line_bytes),
/// or no data for longer than the [`idle_timeout`](Self::idle_timeout)
/// yields its error and ends the stream. Dropping the stream closes the
/// connection.
#[must_use = "a stream does nothing unless polled"]
pub struct JsonLines<T, E> {
    body: Body<E>,
    delimiter: Delimiter,
    /// The line being read.
    line: Vec<u8>,
    /// Lines read and not yet yielded.
    ready: VecDeque<Bytes>,
    limit: usize,
    decode: fn(&[u8]) -> Result<T, DecodeError>,
}

impl<T: DeserializeOwned, E: Send + 'static> JsonLines<T, E> {
    /// Sends `request` and, once a 2xx status arrives, streams its items,
    /// split at `delimiter`; an error status is decoded by `decode_error`.
    /// Retries happen as for any call until the response arrives; the
    /// client's timeout bounds that wait and then each wait for data.
    ///
    /// # Errors
    ///
    /// See [`Error`]; [`Error::Stream`] when no response arrives within the
    /// client's timeout.
    pub fn open(
        client: &Client,
        request: Request,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
        delimiter: Delimiter,
    ) -> impl Future<Output = Result<Self, Error<E>>> + Send + use<T, E> {
        Self::open_with(
            client,
            request,
            ErrorDecoder::Status(decode_error),
            delimiter,
        )
    }

    /// Like [`open`](Self::open), for an operation whose error bodies are
    /// read by their `Content-Type`: `decode_error` also receives the
    /// headers.
    ///
    /// # Errors
    ///
    /// As for [`open`](Self::open).
    pub fn open_with_headers(
        client: &Client,
        request: Request,
        decode_error: DecodeErrorWithHeaders<E>,
        delimiter: Delimiter,
    ) -> impl Future<Output = Result<Self, Error<E>>> + Send + use<T, E> {
        Self::open_with(
            client,
            request,
            ErrorDecoder::Headers(decode_error),
            delimiter,
        )
    }

    fn open_with(
        client: &Client,
        request: Request,
        decode_error: ErrorDecoder<E>,
        delimiter: Delimiter,
    ) -> impl Future<Output = Result<Self, Error<E>>> + Send + use<T, E> {
        let opening = open(client, request, decode_error);
        async move {
            let body = opening.await?;
            Ok(Self {
                body,
                delimiter,
                line: Vec::new(),
                ready: VecDeque::new(),
                limit: DEFAULT_MAX_EVENT_BYTES,
                decode: decode_body::<T>,
            })
        }
    }
}

impl<T, E> JsonLines<T, E> {
    /// Reads lines of at most `limit` bytes in place of
    /// [`DEFAULT_MAX_EVENT_BYTES`]; a longer line ends the stream with
    /// [`Error::Stream`].
    pub fn max_line_bytes(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Ends the stream with [`Error::Stream`] when no data arrives for
    /// `timeout`, in place of the client's
    /// [`timeout`](super::ClientBuilder::timeout).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.body.set_idle_timeout(timeout);
        self
    }

    /// The status, for example `200 OK`.
    pub fn status(&self) -> StatusCode {
        self.body.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.body.headers
    }

    /// Reads `chunk`, adding each line it completes to `ready`.
    fn push(&mut self, mut chunk: &[u8]) -> Result<(), TooLarge> {
        let delimiter = self.delimiter.byte();
        while let Some(end) = chunk.iter().position(|b| *b == delimiter) {
            self.extend(&chunk[..end])?;
            self.line_ended();
            chunk = &chunk[end + 1..];
        }
        self.extend(chunk)
    }

    fn extend(&mut self, bytes: &[u8]) -> Result<(), TooLarge> {
        if self.line.len() + bytes.len() > self.limit {
            return Err(TooLarge);
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    fn line_ended(&mut self) {
        let line = std::mem::take(&mut self.line);
        if !line.iter().all(u8::is_ascii_whitespace) {
            self.ready.push_back(Bytes::from(line));
        }
    }
}

impl<T, E> Stream for JsonLines<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(line) = this.ready.pop_front() {
                let item = (this.decode)(&line).map_err(|source| Error::Decode {
                    status: this.body.status,
                    source,
                    body: line,
                });
                return Poll::Ready(Some(item));
            }
            if let Some(error) = this.body.failed.take() {
                return Poll::Ready(Some(Err(error)));
            }
            match this.body.poll_chunk(cx) {
                Poll::Ready(Some(chunk)) => {
                    if this.push(&chunk).is_err() {
                        let error = StreamError::too_large(this.body.status, this.limit);
                        this.body.stop(Error::Stream(error));
                    }
                }
                // The last line may end without a delimiter.
                Poll::Ready(None) if this.body.failed.is_none() => {
                    this.line_ended();
                    if this.ready.is_empty() {
                        return Poll::Ready(None);
                    }
                }
                Poll::Ready(None) => {}
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<T, E> fmt::Debug for JsonLines<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLines")
            .field("status", &self.body.status)
            .field("delimiter", &self.delimiter)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event `chunks` complete, fed one after another.
    fn parse(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut parser = EventParser::new(DEFAULT_MAX_EVENT_BYTES);
        let mut events = VecDeque::new();
        for chunk in chunks {
            parser.push(chunk, &mut events).unwrap();
        }
        events.into()
    }

    fn data(events: &[RawEvent]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    #[test]
    fn joins_data_lines_and_skips_comments() {
        let events = parse(&[b": keep-alive\n\ndata: one\ndata:two\ndata\n\n"]);
        assert_eq!(data(&events), ["one\ntwo\n"]);
    }

    #[test]
    fn ends_lines_with_cr_lf_or_crlf_across_chunks() {
        let events = parse(&[b"data: a\r", b"\ndata: b\r\rdata: c\n", b"\r\n"]);
        assert_eq!(data(&events), ["a\nb", "c"]);
    }

    #[test]
    fn splits_anywhere() {
        let text = b"event: delta\nid: 7\nretry: 1500\ndata: {\"x\":1}\n\n";
        for at in 0..text.len() {
            let events = parse(&[&text[..at], &text[at..]]);
            let expected = RawEvent {
                data: "{\"x\":1}".into(),
                event: Some("delta".into()),
                id: Some("7".into()),
                retry: Some(Duration::from_millis(1500)),
            };
            assert_eq!(events, [expected], "split at {at}");
        }
    }

    #[test]
    fn keeps_the_last_id_and_ignores_bad_fields() {
        let mut parser = EventParser::new(64);
        let mut events = VecDeque::new();
        parser
            .push(
                b"\xEF\xBB\xBFid: 1\ndata: a\n\nretry: x\nid\0: 2\nunknown: 3\ndata: b\n\n",
                &mut events,
            )
            .unwrap();
        assert_eq!(data(events.make_contiguous()), ["a", "b"]);
        assert_eq!(events[1].id, None);
        assert_eq!(parser.last_id, "1");
        assert_eq!(parser.retry, None);
        parser.push(b"id\ndata: c\n\n", &mut events).unwrap();
        assert_eq!(parser.last_id, "");
    }

    #[test]
    fn an_event_beyond_the_limit_fails() {
        let mut parser = EventParser::new(16);
        let mut events = VecDeque::new();
        parser.push(b"data: 0123456789\n\n", &mut events).unwrap();
        assert!(
            parser
                .push(b"data: 0123456789\ndata: 0", &mut events)
                .is_err()
        );
        let mut parser = EventParser::new(16);
        // A line that never ends is bounded too.
        assert!(parser.push(&[b'x'; 17], &mut events).is_err());
    }
}

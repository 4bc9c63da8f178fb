//! Bodies that are not JSON: form-encoded and text request bodies, bytes sent
//! from memory or from a stream, and responses read as bytes, text or a raw
//! body with its content type.

use std::{
    error::Error as StdError,
    fmt,
    sync::{Arc, Mutex},
};

use bytes::Bytes;
use futures::{Stream, StreamExt, TryStreamExt, stream::BoxStream};
use http::{HeaderMap, HeaderValue, StatusCode, header::CONTENT_TYPE};
use serde::Serialize;

use super::{
    client::Client,
    encode::{ParamValue, Query, QueryStyle},
    error::{Error, RequestError, RequestErrorKind},
    request::{Body, Request},
    response::{Response, closest_media_type},
};

/// Bytes to send as a request body, with their content type.
///
/// Made from bytes in memory (`Bytes`, `Vec<u8>`, `String`, `&'static [u8]`,
/// `&'static str`), which every retry sends again, or with
/// [`Payload::stream`] from a stream of chunks, which is sent once: a
/// request with a streamed body is not retried.
///
/// Without [`with_content_type`](Self::with_content_type) the operation's
/// documented media type is sent (`application/octet-stream` when the API
/// names only a pattern such as `image/*`). The `Debug` output shows the
/// content type and size, never the content.
#[derive(Clone)]
pub struct Payload {
    content_type: Option<String>,
    data: PayloadData,
}

#[derive(Clone)]
enum PayloadData {
    Bytes(Bytes),
    /// Taken by the first attempt that sends it.
    Stream(Arc<Mutex<Option<reqwest::Body>>>),
}

impl Payload {
    /// A body of these bytes.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            content_type: None,
            data: PayloadData::Bytes(bytes.into()),
        }
    }

    /// A body streamed from `stream`, for uploads too large to hold in
    /// memory, such as a file read in chunks. It is sent once: the request
    /// is not retried, and sending a clone of it fails with
    /// [`RequestErrorKind::BodyConsumed`].
    pub fn stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn StdError + Send + Sync>> + 'static,
    {
        Self {
            content_type: None,
            data: PayloadData::Stream(Arc::new(Mutex::new(Some(reqwest::Body::wrap_stream(
                stream,
            ))))),
        }
    }

    /// Sends the body with this `Content-Type` instead of the documented one
    /// (validated when the request is sent).
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content type set with [`with_content_type`](Self::with_content_type).
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The size in bytes; `None` for a stream.
    pub fn len(&self) -> Option<usize> {
        match &self.data {
            PayloadData::Bytes(bytes) => Some(bytes.len()),
            PayloadData::Stream(_) => None,
        }
    }

    /// Returns `true` for an empty body in memory.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Whether every attempt can send the body (it is not a stream).
    pub(crate) fn is_replayable(&self) -> bool {
        matches!(self.data, PayloadData::Bytes(_))
    }

    /// Sets the content type (the payload's own, or `default`) and the body
    /// of one attempt.
    pub(crate) fn attach(
        &self,
        builder: reqwest::RequestBuilder,
        default: &'static str,
    ) -> Result<reqwest::RequestBuilder, RequestError> {
        let content_type = match &self.content_type {
            None => HeaderValue::from_static(default),
            Some(given) => HeaderValue::try_from(given.as_str()).map_err(|_| {
                RequestError::new(
                    RequestErrorKind::InvalidHeader,
                    format!("the body's content type {given:?} is not a valid header value"),
                )
            })?,
        };
        let body = match &self.data {
            PayloadData::Bytes(bytes) => reqwest::Body::from(bytes.clone()),
            PayloadData::Stream(slot) => slot
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .take()
                .ok_or_else(|| {
                    RequestError::new(
                        RequestErrorKind::BodyConsumed,
                        "the streamed request body was already sent; a stream is sent once",
                    )
                })?,
        };
        Ok(builder.header(CONTENT_TYPE, content_type).body(body))
    }
}

impl From<Bytes> for Payload {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Vec<u8>> for Payload {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&'static [u8]> for Payload {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(bytes)
    }
}

impl From<String> for Payload {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&'static str> for Payload {
    fn from(text: &'static str) -> Self {
        Self::new(text)
    }
}

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Payload");
        debug.field("content_type", &self.content_type);
        match &self.data {
            PayloadData::Bytes(bytes) => debug.field("len", &bytes.len()),
            PayloadData::Stream(_) => debug.field("len", &"stream"),
        };
        debug.finish()
    }
}

impl Body {
    /// A body of `payload`, sent with its own content type or else
    /// `content_type`.
    pub fn payload(payload: impl Into<Payload>, content_type: &'static str) -> Self {
        Self::Payload(payload.into(), content_type)
    }

    /// `text` sent with `content_type`, such as `text/plain`.
    pub fn text(text: impl Into<String>, content_type: &'static str) -> Self {
        Self::Payload(Payload::new(text.into()), content_type)
    }

    /// `value` serialized as JSON and sent with a JSON media type other than
    /// `application/json`, such as `application/merge-patch+json`.
    ///
    /// # Errors
    ///
    /// The serializer's error, as for [`Body::json`].
    pub fn json_as<T: Serialize + ?Sized>(
        value: &T,
        content_type: &'static str,
    ) -> Result<Self, serde_json::Error> {
        serde_json::to_vec(value).map(|json| Self::Payload(Payload::new(json), content_type))
    }

    /// `value`, a struct or map, as an `application/x-www-form-urlencoded`
    /// body: each member that is not `null` is serialised as a query
    /// parameter of its name would be in `style: form, explode: true`
    /// (OpenAPI's default for a form's properties): `name=value`, an array
    /// repeating its name (`tag=a&tag=b`), an object's members as pairs of
    /// their own. Names and values are percent-encoded as in a query string
    /// (see [`Query`]).
    ///
    /// # Errors
    ///
    /// [`RequestErrorKind::Serialize`] if `value` does not serialize to an
    /// object.
    pub fn form<T: Serialize + ?Sized>(value: &T) -> Result<Self, RequestError> {
        Self::form_styled(value, &[], &[])
    }

    /// Like [`form`](Self::form), with the members named in `styles`
    /// serialised in their own `(name, style, explode)`, as the spec's
    /// `encoding` says: `expand[]=a&metadata[key]=v` for `deepObject`, say
    /// (see [`Query::set_styled`]), and the members named in `json` (values
    /// of no particular type) sent under their own name, a string as it is
    /// and any other value as its JSON text: `meta={"a":1}`, percent-encoded.
    ///
    /// # Errors
    ///
    /// As for [`form`](Self::form).
    pub fn form_styled<T: Serialize + ?Sized>(
        value: &T,
        styles: &[(&str, QueryStyle, bool)],
        json: &[&str],
    ) -> Result<Self, RequestError> {
        Self::form_members(value, styles, |name| json.contains(&name))
    }

    /// Like [`form_styled`](Self::form_styled), for a body whose members
    /// other than `typed` and those in `styles` have no particular type (a
    /// map of any values, or an object's other properties): each of those
    /// goes under its own name, a string as it is and any other value as its
    /// JSON text, never as pairs of its members (`{"a":{"b":1}}` is
    /// `a={"b":1}`, percent-encoded, not `b=1`).
    ///
    /// # Errors
    ///
    /// As for [`form`](Self::form).
    pub fn form_untyped<T: Serialize + ?Sized>(
        value: &T,
        styles: &[(&str, QueryStyle, bool)],
        typed: &[&str],
    ) -> Result<Self, RequestError> {
        Self::form_members(value, styles, |name| {
            !typed.contains(&name) && !styles.iter().any(|(styled, ..)| *styled == name)
        })
    }

    /// A form body of `value`'s members: those `json` picks as their JSON
    /// text, the others in their style.
    fn form_members<T: Serialize + ?Sized>(
        value: &T,
        styles: &[(&str, QueryStyle, bool)],
        json: impl Fn(&str) -> bool,
    ) -> Result<Self, RequestError> {
        let serde_json::Value::Object(members) = serde_json::to_value(value)? else {
            return Err(RequestError::new(
                RequestErrorKind::Serialize,
                "a form body must serialize to an object",
            ));
        };
        let mut form = Query::new();
        for (name, member) in members {
            if json(&name) {
                match member {
                    serde_json::Value::Null => {}
                    serde_json::Value::String(text) => form.set(&name, text),
                    other => form.set(&name, other),
                }
                continue;
            }
            let (style, explode) = styles
                .iter()
                .find(|(styled, ..)| *styled == name)
                .map_or((QueryStyle::Form, true), |&(_, style, explode)| {
                    (style, explode)
                });
            if let Some(value) = ParamValue::from_json(member) {
                form.set_styled(&name, style, explode, &value);
            }
        }
        Ok(Self::Payload(
            Payload::new(form.to_query_string()),
            "application/x-www-form-urlencoded",
        ))
    }
}

/// A response body in a media type the client does not decode (XML, or one
/// of several types the API may answer with): the bytes, with the
/// `Content-Type` they came with.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawBody {
    /// The `Content-Type` header, if the server sent one that is valid text.
    pub content_type: Option<String>,
    /// The body.
    pub bytes: Bytes,
}

impl RawBody {
    /// The media type without parameters, in lower case: `application/xml`
    /// for `Application/XML; charset=utf-8`.
    pub fn media_type(&self) -> Option<String> {
        self.content_type.as_deref().map(essence)
    }

    /// The body as text, if it is valid UTF-8.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawBody")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// What a 2xx response body that is not JSON is read as: the bytes
/// themselves ([`Bytes`]), text ([`String`], by the response's charset), or
/// the bytes with their content type ([`RawBody`]).
pub trait FromBody: Sized {
    /// Reads `body`, which came with `headers` and the 2xx `status`.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] if the body cannot be read as `Self`.
    fn from_body<E>(status: StatusCode, headers: &HeaderMap, body: Bytes)
    -> Result<Self, Error<E>>;
}

impl FromBody for Bytes {
    fn from_body<E>(_: StatusCode, _: &HeaderMap, body: Bytes) -> Result<Self, Error<E>> {
        Ok(body)
    }
}

impl FromBody for RawBody {
    fn from_body<E>(_: StatusCode, headers: &HeaderMap, body: Bytes) -> Result<Self, Error<E>> {
        Ok(RawBody {
            content_type: content_type(headers).map(str::to_owned),
            bytes: body,
        })
    }
}

impl FromBody for String {
    /// Text in the `charset` of the `Content-Type`: UTF-8 (also when none is
    /// named), US-ASCII or ISO-8859-1.
    fn from_body<E>(
        status: StatusCode,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Self, Error<E>> {
        let charset = content_type(headers).and_then(charset);
        let decoded = match charset.as_deref() {
            None | Some("utf-8" | "utf8" | "us-ascii" | "ascii") => {
                String::from_utf8(body.to_vec()).map_err(|err| err.to_string())
            }
            Some("iso-8859-1" | "latin1" | "l1") => {
                Ok(body.iter().map(|&b| char::from(b)).collect())
            }
            Some(other) => Err(format!("the charset {other:?} is not supported")),
        };
        decoded.map_err(|reason| Error::Decode {
            status,
            source: <serde_json::Error as serde::de::Error>::custom(format!(
                "the text body cannot be read: {reason}"
            ))
            .into(),
            body,
        })
    }
}

/// Which of the media types an operation declares for a 2xx body the
/// response's `Content-Type` names, for a body offered in several
/// representations (JSON and text, say): the index in `declared` of the
/// closest match, with the response.
///
/// Parameters such as `charset` are ignored and case does not matter. The
/// same type matches best; then any JSON type (`application/json`,
/// `text/json`, a `+json` suffix) matches any other; then a range of the
/// top-level type (`text/*`); then `*/*`. Ties go to the first declared.
///
/// # Errors
///
/// [`Error::UnexpectedContentType`], with the body, when the response names
/// no type `declared` matches, or none at all.
pub fn by_content_type<E>(
    response: Response<Bytes>,
    declared: &'static [&'static str],
) -> Result<(usize, Response<Bytes>), Error<E>> {
    let received = content_type(response.headers());
    match received.and_then(|received| closest_media_type(received, declared)) {
        Some(index) => Ok((index, response)),
        None => {
            let (status, headers, body) = response.into_parts();
            Err(Error::UnexpectedContentType {
                status,
                content_type: content_type(&headers).map(str::to_owned),
                declared,
                body,
            })
        }
    }
}

/// A streamed 2xx response body: its status and headers, then its chunks as
/// they arrive, for downloads too large to hold in memory.
///
/// Unlike a body read whole, a stream is not bound by the client's
/// [`max_response_bytes`](super::ClientBuilder::max_response_bytes): it
/// holds one chunk at a time, and the caller decides how much to keep (a
/// decompressed stream can be far longer than what the server sent).
///
/// It yields `Result<Bytes, reqwest::Error>`; a failure while reading ends
/// the stream, and converts into the crate's `Error` with `?`.
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    chunks: BoxStream<'static, Result<Bytes, reqwest::Error>>,
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        let mut response = response;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        Self {
            status,
            headers,
            chunks: response.bytes_stream().boxed(),
        }
    }

    /// The status, for example `200 OK`.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `Content-Type` header, if present and valid text.
    pub fn content_type(&self) -> Option<&str> {
        content_type(&self.headers)
    }

    /// The `Content-Length` header, if the server announced the size.
    pub fn content_length(&self) -> Option<u64> {
        self.headers
            .get(http::header::CONTENT_LENGTH)?
            .to_str()
            .ok()?
            .parse()
            .ok()
    }

    /// Reads the rest of the body into memory, however large: the client's
    /// [`max_response_bytes`](super::ClientBuilder::max_response_bytes) does
    /// not apply. For a body of unknown size, prefer a call that reads it
    /// whole (within that limit), or count the chunks as they come.
    ///
    /// # Errors
    ///
    /// The transport error that ended the stream.
    pub async fn collect(self) -> Result<Bytes, reqwest::Error> {
        let chunks: Vec<Bytes> = self.chunks.try_collect().await?;
        Ok(Bytes::from(chunks.concat()))
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, reqwest::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.chunks.poll_next_unpin(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Sends `request` like [`execute`](Self::execute), but reads a 2xx body
    /// that is not JSON as `T`: [`Bytes`], [`String`] or [`RawBody`].
    ///
    /// # Errors
    ///
    /// See [`Error`].
    pub async fn execute_body<T: FromBody, E>(
        &self,
        request: Request,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
    ) -> Result<T, Error<E>> {
        self.execute_body_with_response(request, decode_error)
            .await
            .map(Response::into_body)
    }

    /// Like [`execute_body`](Self::execute_body), but returns the body read
    /// as `T` together with the status and headers of the response.
    ///
    /// # Errors
    ///
    /// See [`Error`].
    pub async fn execute_body_with_response<T: FromBody, E>(
        &self,
        request: Request,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
    ) -> Result<Response<T>, Error<E>> {
        let (status, headers, body) = self.execute_raw(request, decode_error).await?.into_parts();
        let body = T::from_body(status, &headers, body)?;
        Ok(Response::new(status, headers, body))
    }
}

/// The `Content-Type` header, if present and valid text.
fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers.get(CONTENT_TYPE)?.to_str().ok()
}

/// The media type without parameters, trimmed and in lower case.
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The `charset` parameter of a content type, in lower case and unquoted.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_ascii_lowercase())
    })
}

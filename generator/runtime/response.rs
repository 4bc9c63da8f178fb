//! What a call returns: the decoded body with its status and headers, and the
//! deprecation notices those headers may carry.

use std::{collections::HashSet, sync::Mutex};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, StatusCode, header::CONTENT_TYPE};
use serde::de::DeserializeOwned;

use super::{body::decode_body, error::DecodeError};

/// The standard headers that announce a change or removal affecting a call,
/// in the order [`Response::deprecations`] reports them, after the API's own
/// ([`NOTICE_HEADERS`](super::NOTICE_HEADERS)):
///
/// * `Deprecation` (RFC 9745): the resource is or will be deprecated;
/// * `Sunset` (RFC 8594): the date after which it may stop responding.
pub const DEPRECATION_HEADERS: [&str; 2] = ["deprecation", "sunset"];

/// How many distinct notices a client remembers having logged; later ones
/// are still logged, but every time they occur.
const MAX_REMEMBERED_NOTICES: usize = 256;

/// How many characters of a notice are logged and remembered.
const MAX_NOTICE_CHARS: usize = 512;

/// A successful response: the decoded body, with the status and headers it
/// came with.
///
/// Returned by the request builders' `send_with_response()` (where `send()`
/// returns the body alone) and by
/// [`Client::execute_with_response`](super::Client::execute_with_response).
/// [`Client::execute_raw`](super::Client::execute_raw) returns the raw body
/// as a `Response<Bytes>`.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// A response made of its parts.
    pub fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The status, for example `201 Created`.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A response header as a string, if present and valid UTF-8; the first
    /// one if it occurs several times. For example `header("location")`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The notices of change or deprecation the response carries (see
    /// [`NOTICE_HEADERS`](super::NOTICE_HEADERS) and [`DEPRECATION_HEADERS`]),
    /// one per header value. The client also logs
    /// each distinct one once, at `WARN` level.
    pub fn deprecations(&self) -> impl Iterator<Item = DeprecationNotice<'_>> {
        deprecation_notices(&self.headers)
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Converts into the decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Converts into status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// Converts the body with `f`, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

impl Response<Bytes> {
    /// Decodes the raw body as JSON (an empty body decodes as `null`).
    ///
    /// # Errors
    ///
    /// A [`DecodeError`] naming where and why the body does not match `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        decode_body(&self.body)
    }
}

impl<T> From<Response<T>> for http::Response<T> {
    fn from(response: Response<T>) -> Self {
        let mut converted = http::Response::new(response.body);
        *converted.status_mut() = response.status;
        *converted.headers_mut() = response.headers;
        converted
    }
}

/// One notice of change or deprecation: a value of one of the
/// [`NOTICE_HEADERS`](super::NOTICE_HEADERS) or [`DEPRECATION_HEADERS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DeprecationNotice<'a> {
    header: &'static str,
    value: &'a str,
}

impl<'a> DeprecationNotice<'a> {
    /// The header, in lower case: one of the API's own notice headers,
    /// `"deprecation"` or `"sunset"`.
    pub fn header(&self) -> &'static str {
        self.header
    }

    /// The header's value, as sent.
    pub fn value(&self) -> &'a str {
        self.value
    }
}

/// The notices in `headers`: those of the API's own headers, then of
/// [`DEPRECATION_HEADERS`], each in its list's order; values that are not
/// UTF-8 are skipped.
pub(crate) fn deprecation_notices(
    headers: &HeaderMap,
) -> impl Iterator<Item = DeprecationNotice<'_>> {
    let names = super::NOTICE_HEADERS.iter().copied();
    names.chain(DEPRECATION_HEADERS).flat_map(move |header| {
        headers
            .get_all(HeaderName::from_static(header))
            .into_iter()
            .filter_map(move |value| {
                let value = value.to_str().ok()?.trim();
                Some(DeprecationNotice { header, value })
            })
    })
}

/// Remembers which notices a client has logged, so that each distinct one
/// is logged once.
#[derive(Debug, Default)]
pub(crate) struct NoticeLog {
    seen: Mutex<HashSet<(&'static str, String)>>,
}

impl NoticeLog {
    /// Logs every notice in `headers` not logged before, at `WARN` level.
    pub(crate) fn record(&self, operation_id: &'static str, headers: &HeaderMap) {
        for notice in deprecation_notices(headers) {
            let value: String = notice.value.chars().take(MAX_NOTICE_CHARS).collect();
            // A poisoned lock only means another thread panicked while
            // inserting; the set is still usable.
            let mut seen = self.seen.lock().unwrap_or_else(|err| err.into_inner());
            if seen.contains(&(notice.header, value.clone())) {
                continue;
            }
            if seen.len() < MAX_REMEMBERED_NOTICES {
                seen.insert((notice.header, value.clone()));
            }
            drop(seen);
            tracing::warn!(
                operation_id,
                header = notice.header,
                value = %value,
                "the API announced a change or deprecation affecting this operation"
            );
        }
    }
}

/// Decodes the body of an error response as JSON into `E`, or `None` if it
/// does not match; the status is not looked at.
///
/// This is the usual `decode_error` argument of
/// [`Client::execute`](super::Client::execute): error bodies that do not
/// follow the documented model are kept only as raw bytes
/// ([`ApiError::raw`](super::ApiError::raw)).
pub fn decode_json<E: DeserializeOwned>(_status: StatusCode, body: &[u8]) -> Option<E> {
    serde_json::from_slice(body).ok()
}

/// An error body the API declares both as JSON and in other media types
/// (such as `text/plain` or `text/html`), read as the response's
/// `Content-Type` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonOrText<T> {
    /// The response named a JSON type: the body, decoded.
    Json(T),
    /// The response named one of the other types: the body as text
    /// (invalid UTF-8 replaced).
    Text(String),
}

/// Decodes an error body declared in the JSON media types `json` and the
/// other types `text`, by the response's `Content-Type`, matched as a
/// success body offered in several types is: JSON into `T`, anything else
/// as text. `None` when the response names no declared type, or none at
/// all, or JSON that is not a `T`: the raw body is still in the
/// [`ApiError`](super::ApiError).
pub fn decode_json_or_text<T: DeserializeOwned>(
    _status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    json: &[&str],
    text: &[&str],
) -> Option<JsonOrText<T>> {
    let received = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    let declared: Vec<&str> = json.iter().chain(text).copied().collect();
    if closest_media_type(received, &declared)? < json.len() {
        serde_json::from_slice(body).ok().map(JsonOrText::Json)
    } else {
        Some(JsonOrText::Text(String::from_utf8_lossy(body).into_owned()))
    }
}

/// The index in `declared` of the media type the `Content-Type` `received`
/// matches most closely, ties going to the first; `None` when it matches
/// none. Parameters such as `charset` are ignored and case does not matter.
/// The same type matches best; then any JSON type (`application/json`,
/// `text/json`, a `+json` suffix) matches any other; then a range of the
/// top-level type (`text/*`); then `*/*`.
pub(crate) fn closest_media_type(received: &str, declared: &[&str]) -> Option<usize> {
    let received = essence(received);
    declared
        .iter()
        .enumerate()
        .filter_map(|(index, declared)| Some((closeness(&received, &essence(declared))?, index)))
        .min_by_key(|&(closeness, index)| (std::cmp::Reverse(closeness), index))
        .map(|(_, index)| index)
}

/// How closely the media type `received` matches the `declared` one (both
/// without parameters, in lower case), higher is closer; `None` when it does
/// not.
fn closeness(received: &str, declared: &str) -> Option<u8> {
    if received == declared {
        return Some(4);
    }
    if is_json(received) && is_json(declared) {
        return Some(3);
    }
    match declared.split_once('/')? {
        ("*", "*") => Some(1),
        (top, "*") => (received.split_once('/')?.0 == top).then_some(2),
        _ => None,
    }
}

/// Whether a media type (without parameters, in lower case) is JSON.
fn is_json(media_type: &str) -> bool {
    match media_type.split_once('/') {
        Some(("application" | "text", "json")) => true,
        Some((_, sub)) => sub.ends_with("+json"),
        None => false,
    }
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

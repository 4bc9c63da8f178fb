//! What one API call sends: the [`Request`] an operation method builds, its
//! [`Body`], multipart [`Part`]s and [`Upload`]s.

use std::{borrow::Cow, fmt};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde::{Deserialize, Serialize};

#[cfg(feature = "runtime-media")]
use super::content::Payload;
#[cfg(feature = "runtime-styles")]
use super::encode::ParamValue;
use super::{
    encode::Query,
    error::{RequestError, RequestErrorKind},
};

/// The `{"data": ...}` envelope many APIs wrap request and response bodies
/// in.
///
/// Serializing `Data { data: &value }` wraps a request body; deserializing
/// `Data<T>` unwraps a response body. Other top-level members of a response
/// are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Data<T> {
    /// The wrapped value.
    pub data: T,
}

/// One API call, as described by an operation method.
///
/// Problems found while the request is being built (a header that cannot be
/// sent, a parameter outside the bounds the API declares) are remembered and
/// reported as [`Error::Request`](super::Error::Request) when it is sent,
/// before anything goes out; the request builders can so stay infallible.
///
/// The `Debug` output shows header names, never their values.
#[derive(Clone)]
pub struct Request {
    /// The `operationId` from the API description, for example
    /// `"getWebhook"`; recorded in traces.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path as written in the API description, for example
    /// `"/webhooks/{webhook_gid}"`; recorded in traces instead of the
    /// concrete path.
    pub path_template: &'static str,
    /// The concrete path, with each parameter already encoded by
    /// [`encode_path_segment`](super::encode_path_segment); appended to the
    /// base URL.
    pub path: String,
    /// The query parameters.
    pub query: Query,
    /// Header parameters, as `(name, value)` pairs. They replace the
    /// client's default headers of the same name (such as `Accept`), but
    /// never the credentials; of two pairs with the same name, the later is
    /// sent. Their values are never recorded in traces.
    pub headers: Vec<(&'static str, String)>,
    /// The request body.
    pub body: Body,
    /// Headers added with [`Request::add_header`].
    extra_headers: HeaderMap,
    /// Set with [`Request::set_max_response_bytes`].
    max_response_bytes: Option<usize>,
    /// Problems found while building, keyed by what they concern (a
    /// parameter or a header), so that setting it again replaces them.
    problems: Vec<(Cow<'static, str>, RequestError)>,
    /// Set with [`Request::with_security`].
    security: Security,
    /// The response is a stream read for as long as the server sends it:
    /// the client's timeout bounds the wait for its headers, and the stream
    /// times each read of its body, rather than timing the whole call.
    pub(crate) streamed: bool,
}

/// The credentials an operation accepts, as its API description's
/// `security` says: any one of the alternatives, each a list of security
/// schemes (their keys in `components.securitySchemes`) sent together.
///
/// `&[&["bearer"], &["apiKey", "appId"]]` accepts a bearer token, or an API
/// key with an app id; `&[]` (`security: []`) sends no credentials; an empty
/// alternative, `&[&["bearer"], &[]]`, makes them optional.
pub type Security = &'static [&'static [&'static str]];

/// What a request names no schemes of: it is sent with the client's own
/// credentials ([`ClientBuilder::credentials`](super::ClientBuilder::credentials)),
/// if any.
const UNSTATED: Security = &[&[]];

impl Request {
    /// A request with no query parameters and no body.
    pub fn new(
        operation_id: &'static str,
        method: Method,
        path_template: &'static str,
        path: impl Into<String>,
    ) -> Self {
        Self {
            operation_id,
            method,
            path_template,
            path: path.into(),
            query: Query::new(),
            headers: Vec::new(),
            body: Body::Empty,
            extra_headers: HeaderMap::new(),
            max_response_bytes: None,
            problems: Vec::new(),
            security: UNSTATED,
            streamed: false,
        }
    }

    /// Sets the credentials the operation accepts, by security scheme (see
    /// [`Security`]). Of the alternatives, the client sends the first whose
    /// schemes it holds credentials for (each given with
    /// [`ClientBuilder::scheme_credentials`](super::ClientBuilder::scheme_credentials)),
    /// all of that alternative's schemes together; failing that, its own
    /// credentials ([`ClientBuilder::credentials`](super::ClientBuilder::credentials)),
    /// unless the security is `&[]`; failing that, none where an alternative
    /// is empty. Otherwise the request fails with
    /// [`Error::Request`](super::Error::Request) of kind
    /// [`RequestErrorKind::MissingCredentials`] before anything is sent.
    ///
    /// A request that does not call this names no scheme: it is sent with
    /// the client's own credentials, if any.
    #[must_use]
    pub fn with_security(mut self, security: Security) -> Self {
        self.security = security;
        self
    }

    /// The credentials the operation accepts; see
    /// [`with_security`](Self::with_security).
    pub fn security(&self) -> Security {
        self.security
    }

    /// Sets the query parameters.
    #[must_use]
    pub fn with_query(mut self, query: Query) -> Self {
        self.query = query;
        self
    }

    /// Adds a header parameter.
    #[must_use]
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Sets the `Accept` header the operation asks for by default (the media
    /// types its success response comes in), unless a header parameter
    /// named `Accept` is already set: the caller's choice is then the one
    /// sent. A header parameter or a header added with
    /// [`add_header`](Self::add_header) later replaces it too, so exactly one
    /// `Accept` header goes out.
    pub fn set_accept(&mut self, value: &str) {
        if !self
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("accept"))
        {
            self.headers.insert(0, ("accept", value.to_owned()));
        }
    }

    /// Sets the body.
    #[must_use]
    pub fn with_body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    /// Adds a header to this request only, for example
    /// `Api-Version: 2024-06-01`.
    ///
    /// It replaces the client's default header of the same name (see
    /// [`ClientBuilder::default_header`](super::ClientBuilder::default_header))
    /// and any header parameter of that name; adding the same name twice
    /// sends both values. It never replaces the credentials.
    ///
    /// An invalid name or value is not sent: the request then fails with
    /// [`Error::Request`](super::Error::Request) of kind
    /// [`RequestErrorKind::InvalidHeader`], before anything is sent. The
    /// error names the header but never shows its value.
    pub fn add_header(&mut self, name: impl AsRef<str>, value: impl AsRef<str>) {
        let name = name.as_ref();
        match parse_header("header", name, value.as_ref()) {
            Ok((name, value)) => {
                self.extra_headers.append(name, value);
            }
            Err(err) => self
                .problems
                .push((Cow::Owned(format!("header {name}")), err)),
        }
    }

    /// The headers added with [`add_header`](Self::add_header).
    pub fn extra_headers(&self) -> &HeaderMap {
        &self.extra_headers
    }

    /// Sets the largest response body, in bytes, read into memory for this
    /// request, in place of the client's
    /// [`max_response_bytes`](super::ClientBuilder::max_response_bytes);
    /// a larger body fails the call with
    /// [`Error::ResponseTooLarge`](super::Error::ResponseTooLarge). The
    /// request builders' `max_response_bytes` calls this.
    ///
    /// ```rust,ignore
    /// let mut request = Request::new("getExport", Method::GET, "/export", "/export");
    /// request.set_max_response_bytes(1 << 30); // this export may reach 1 GiB
    /// assert_eq!(request.max_response_bytes(), Some(1 << 30));
    /// let export: Bytes = client.execute_body(request, |_, _| None::<()>).await?;
    /// ```
    pub fn set_max_response_bytes(&mut self, limit: usize) {
        self.max_response_bytes = Some(limit);
    }

    /// The limit set with
    /// [`set_max_response_bytes`](Self::set_max_response_bytes), if any.
    pub fn max_response_bytes(&self) -> Option<usize> {
        self.max_response_bytes
    }

    /// Checks that the parameter `name` lies within the bounds the API
    /// declares for it (`minimum` and `maximum`, both inclusive).
    ///
    /// A value outside them makes the request fail with
    /// [`Error::Request`](super::Error::Request) of kind
    /// [`RequestErrorKind::OutOfRange`] when it is sent, before anything is
    /// sent; the message names the parameter, the bound and the value.
    /// Checking the same parameter again replaces the earlier verdict, so
    /// the last value set is the one that counts.
    pub fn check_range(
        &mut self,
        name: &'static str,
        value: impl Into<i64>,
        minimum: Option<i64>,
        maximum: Option<i64>,
    ) {
        let value = value.into();
        self.problems.retain(|(key, _)| key != name);
        let bound = match (minimum, maximum) {
            (Some(min), Some(max)) if value < min || value > max => {
                format!("between {min} and {max}")
            }
            (Some(min), _) if value < min => format!("at least {min}"),
            (_, Some(max)) if value > max => format!("at most {max}"),
            _ => return,
        };
        let message = format!("the parameter `{name}` must be {bound}, but is {value}");
        self.problems.push((
            Cow::Borrowed(name),
            RequestError::new(RequestErrorKind::OutOfRange, message),
        ));
    }

    /// Remembers a problem found while building the request, such as a body
    /// or a parameter that could not be serialized: the request then fails
    /// with it when sent, before anything is sent.
    pub fn fail(&mut self, error: RequestError) {
        self.problems.push((Cow::Borrowed(""), error));
    }

    /// The value of the parameter `name`, serialised with serde while the
    /// request is built (a model or a union, in the path or held by a request
    /// builder until it is sent).
    ///
    /// A value that cannot be serialised (a map whose keys are not strings)
    /// is remembered: the request then fails with
    /// [`Error::Request`](super::Error::Request) of kind
    /// [`RequestErrorKind::Serialize`] when it is sent, before anything is
    /// sent, and an empty value stands in for it until then.
    #[cfg(feature = "runtime-styles")]
    pub fn serialized_param(
        &mut self,
        name: &'static str,
        value: Result<ParamValue, serde_json::Error>,
    ) -> ParamValue {
        value.unwrap_or_else(|err| {
            let message = format!("the parameter `{name}` could not be serialized");
            self.problems.push((
                Cow::Borrowed(name),
                RequestError::new(RequestErrorKind::Serialize, message).with_source(err),
            ));
            ParamValue::Primitive(String::new())
        })
    }

    /// The first problem found while building the request, if any: the
    /// error it fails with when sent.
    pub fn problem(&self) -> Option<&RequestError> {
        self.problems.first().map(|(_, err)| err)
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self
            .headers
            .iter()
            .map(|(name, _)| *name)
            .chain(self.extra_headers.keys().map(HeaderName::as_str))
            .collect();
        f.debug_struct("Request")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("path_template", &self.path_template)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &header_names)
            .field("body", &self.body)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("problem", &self.problem())
            .finish()
    }
}

/// The body of a [`Request`].
///
/// Bodies are kept in memory so that every retry can send them again. The
/// `Debug` output shows sizes only, never the content.
#[derive(Clone, Default)]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// Serialized JSON, sent with `Content-Type: application/json`.
    Json(Bytes),
    /// A `multipart/form-data` body, rebuilt from its parts for each attempt.
    #[cfg(feature = "runtime-media")]
    Multipart(Vec<Part>),
    /// Any other body (form-encoded, text, bytes or a stream), sent with its
    /// own content type or else the one given.
    #[cfg(feature = "runtime-media")]
    Payload(Payload, &'static str),
}

impl Body {
    /// Serializes `value` as a JSON body.
    ///
    /// # Errors
    ///
    /// The serializer's error, for example for a map with non-string keys.
    /// [`Error::from_serialization`](super::Error::from_serialization) turns it
    /// into an [`Error`](super::Error).
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_vec(value).map(|json| Self::Json(Bytes::from(json)))
    }

    /// Returns `true` for [`Body::Empty`].
    pub fn is_empty(&self) -> bool {
        matches!(self, Self::Empty)
    }

    /// Whether every attempt can send the body again (it is not a stream).
    pub(crate) fn is_replayable(&self) -> bool {
        match self {
            #[cfg(feature = "runtime-media")]
            Self::Payload(payload, _) => payload.is_replayable(),
            _ => true,
        }
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("Empty"),
            Self::Json(json) => write!(f, "Json({} bytes)", json.len()),
            #[cfg(feature = "runtime-media")]
            Self::Multipart(parts) => f.debug_tuple("Multipart").field(parts).finish(),
            #[cfg(feature = "runtime-media")]
            Self::Payload(payload, content_type) => f
                .debug_tuple("Payload")
                .field(payload)
                .field(content_type)
                .finish(),
        }
    }
}

/// One part of a `multipart/form-data` body.
///
/// The `Debug` output shows the name, file name, content type and size,
/// never the content.
#[cfg(feature = "runtime-media")]
#[derive(Clone)]
pub struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: PartData,
}

#[cfg(feature = "runtime-media")]
#[derive(Clone)]
enum PartData {
    Text(String),
    Bytes(Bytes),
}

#[cfg(feature = "runtime-media")]
impl Part {
    /// A text field.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            filename: None,
            content_type: None,
            data: PartData::Text(value.into()),
        }
    }

    /// A file. Without a content type, `application/octet-stream` is sent.
    pub fn file(name: impl Into<String>, upload: Upload) -> Self {
        Self {
            name: name.into(),
            filename: Some(upload.filename),
            content_type: Some(
                upload
                    .content_type
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            data: PartData::Bytes(upload.data),
        }
    }

    /// A field of JSON text, sent as `application/json` (OpenAPI's default
    /// for an object or an array of them).
    ///
    /// # Errors
    ///
    /// If `value` cannot be serialized (a map whose keys are not strings).
    pub fn json(
        name: impl Into<String>,
        value: &(impl Serialize + ?Sized),
    ) -> Result<Self, serde_json::Error> {
        Ok(Self::text(name, serde_json::to_string(value)?).with_content_type("application/json"))
    }

    /// A field whose value decides its part (a union, or any JSON value): a
    /// string, number or boolean is a text field, an array or object a
    /// [`json`](Self::json) field; `null` is no part at all.
    ///
    /// # Errors
    ///
    /// If `value` cannot be serialized (a map whose keys are not strings).
    pub fn value(
        name: impl Into<String>,
        value: &(impl Serialize + ?Sized),
    ) -> Result<Option<Self>, serde_json::Error> {
        use serde_json::Value;
        Ok(match serde_json::to_value(value)? {
            Value::Null => None,
            Value::String(text) => Some(Self::text(name, text)),
            scalar @ (Value::Bool(_) | Value::Number(_)) => {
                Some(Self::text(name, scalar.to_string()))
            }
            complex @ (Value::Array(_) | Value::Object(_)) => Some(Self::json(name, &complex)?),
        })
    }

    /// A binary field without a file name.
    pub fn bytes(name: impl Into<String>, data: impl Into<Bytes>) -> Self {
        Self {
            name: name.into(),
            filename: None,
            content_type: None,
            data: PartData::Bytes(data.into()),
        }
    }

    /// Sets the content type of the part (validated when the request is
    /// sent).
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The form field name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file name, if any.
    pub fn filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }

    /// The content type, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The size of the content in bytes.
    pub fn len(&self) -> usize {
        match &self.data {
            PartData::Text(text) => text.len(),
            PartData::Bytes(bytes) => bytes.len(),
        }
    }

    /// Returns `true` if the content is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn to_reqwest(&self) -> Result<reqwest::multipart::Part, RequestError> {
        let mut part = match &self.data {
            PartData::Text(text) => reqwest::multipart::Part::text(text.clone()),
            PartData::Bytes(bytes) => reqwest::multipart::Part::stream_with_length(
                reqwest::Body::from(bytes.clone()),
                bytes.len() as u64,
            ),
        };
        if let Some(filename) = &self.filename {
            part = part.file_name(filename.clone());
        }
        if let Some(content_type) = &self.content_type {
            part = part.mime_str(content_type).map_err(|err| {
                RequestError::new(
                    RequestErrorKind::InvalidMultipart,
                    format!(
                        "the multipart part {:?} has an invalid content type {content_type:?}",
                        self.name
                    ),
                )
                .with_source(err)
            })?;
        }
        Ok(part)
    }
}

#[cfg(feature = "runtime-media")]
impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.len())
            .finish()
    }
}

/// The header parameters of a request as a map, one value per name: a later
/// pair replaces an earlier one of the same name.
pub(crate) fn header_params(headers: &[(&'static str, String)]) -> Result<HeaderMap, RequestError> {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let (name, value) = parse_header("header parameter", name, value)?;
        map.insert(name, value);
    }
    Ok(map)
}

/// Parses a header name and value. The error names the header, never the
/// value (which may be a secret).
pub(crate) fn parse_header(
    what: &str,
    name: &str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), RequestError> {
    let invalid = |problem: &str| {
        RequestError::new(
            RequestErrorKind::InvalidHeader,
            format!("the {what} {name:?} {problem}"),
        )
    };
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| invalid("is not a valid header name"))?;
    let value = HeaderValue::try_from(value).map_err(|_| {
        invalid("has an invalid value (a line break or another character not allowed in a header)")
    })?;
    Ok((name, value))
}

#[cfg(feature = "runtime-media")]
pub(crate) fn multipart_form(parts: &[Part]) -> Result<reqwest::multipart::Form, RequestError> {
    parts
        .iter()
        .try_fold(reqwest::multipart::Form::new(), |form, part| {
            Ok(form.part(part.name.clone(), part.to_reqwest()?))
        })
}

/// A file to upload in a `multipart/form-data` body: its name, content
/// type and content, held in memory so that retries can resend it.
///
/// The `Debug` output shows the file name, content type and size, never the
/// content.
#[cfg(feature = "runtime-media")]
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Upload {
    filename: String,
    content_type: Option<String>,
    data: Bytes,
}

#[cfg(feature = "runtime-media")]
impl Upload {
    /// A file named `filename` with content `data`, sent as
    /// `application/octet-stream` unless a content type is set.
    pub fn new(filename: impl Into<String>, data: impl Into<Bytes>) -> Self {
        Self {
            filename: filename.into(),
            content_type: None,
            data: data.into(),
        }
    }

    /// Sets the content type, for example `"image/png"` (validated when the
    /// request is sent).
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The content type, if set.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The content.
    pub fn data(&self) -> &Bytes {
        &self.data
    }

    /// The size of the content in bytes.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Returns `true` if the content is empty.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

#[cfg(feature = "runtime-media")]
impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}

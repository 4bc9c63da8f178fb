//! Request and response types, one per schema of the spec.
//!
//! Unknown fields in responses are ignored, missing or `null` optional fields decode to
//! `None`, and enum values the spec does not list decode into an `Unknown` variant, so
//! the API can grow without breaking this crate.

crate::macros::string_enum! {
    /// Values of the `Accept` parameter of `getTranscript`.
    pub enum GetTranscriptAccept {
        ApplicationVndTranscriptV1Json = "application/vnd.transcript.v1+json",
        TextPlain = "text/plain",
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Problem {
    pub title: Option<String>,
    pub status: Option<i64>,
}

crate::macros::object! {
    Problem {
        0 title "title" optional,
        1 status "status" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
}

crate::macros::object! {
    Report {
        0 title "title" required,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    pub id: String,
    pub text: String,
}

crate::macros::object! {
    Transcript {
        0 id "id" required,
        1 text "text" required,
    }
    serialize;
    deserialize;
}

/// The success body of `getReport`, which the API offers in several media types: the variant is the one the response's `Content-Type` names.
#[derive(Debug, Clone, PartialEq)]
pub enum GetReportResponse {
    /// `application/json`: JSON, decoded.
    Json(Box<Report>),
    /// `text/*`: the text, decoded by its charset (UTF-8 unless it names another).
    Text(String),
    /// `application/pdf`: the bytes.
    Bytes(::bytes::Bytes),
}

impl GetReportResponse {
    /// Reads a success response as the representation its `Content-Type` names (parameters such as `charset` aside; any JSON type is read as the JSON one; a range such as `text/*` matches its types).
    ///
    /// # Errors
    /// [`Error::UnexpectedContentType`](crate::Error::UnexpectedContentType), with the body, when the response names a type the API does not declare for it (or none); [`Error::Decode`](crate::Error::Decode) when the body does not decode as the type it names.
    #[inline]
    pub fn read<E>(
        response: crate::runtime::Response<::bytes::Bytes>,
    ) -> ::std::result::Result<
        crate::runtime::Response<Self>,
        crate::runtime::Error<E>,
    > {
        match crate::runtime::by_content_type(
            response,
            &["application/json", "text/*", "application/pdf"],
        )? {
            (0, response) => {
                crate::runtime::read_data(response)
                    .map(|response| response.map(|value| Self::Json(Box::new(value))))
            }
            (1, response) => {
                crate::runtime::read_media(response)
                    .map(|response| response.map(Self::Text))
            }
            (_, response) => {
                crate::runtime::read_media(response)
                    .map(|response| response.map(Self::Bytes))
            }
        }
    }
}

/// The success body of `getCaptions`, which the API offers in several media types: the variant is the one the response's `Content-Type` names.
#[derive(Debug, Clone, PartialEq)]
pub enum GetCaptionsResponse {
    /// `text/vtt`: the text, decoded by its charset (UTF-8 unless it names another).
    Text(String),
    /// `application/x-subrip`: the bytes, with their content type.
    Raw(crate::runtime::RawBody),
}

impl GetCaptionsResponse {
    /// Reads a success response as the representation its `Content-Type` names (parameters such as `charset` aside; any JSON type is read as the JSON one; a range such as `text/*` matches its types).
    ///
    /// # Errors
    /// [`Error::UnexpectedContentType`](crate::Error::UnexpectedContentType), with the body, when the response names a type the API does not declare for it (or none); [`Error::Decode`](crate::Error::Decode) when the body does not decode as the type it names.
    #[inline]
    pub fn read<E>(
        response: crate::runtime::Response<::bytes::Bytes>,
    ) -> ::std::result::Result<
        crate::runtime::Response<Self>,
        crate::runtime::Error<E>,
    > {
        match crate::runtime::by_content_type(
            response,
            &["text/vtt", "application/x-subrip"],
        )? {
            (0, response) => {
                crate::runtime::read_media(response)
                    .map(|response| response.map(Self::Text))
            }
            (_, response) => {
                crate::runtime::read_media(response)
                    .map(|response| response.map(Self::Raw))
            }
        }
    }
}

/// The success body of `getTranscript`, which the API offers in several media types: the variant is the one the response's `Content-Type` names.
#[derive(Debug, Clone, PartialEq)]
pub enum GetTranscriptResponse {
    /// `application/vnd.transcript.v1+json`: JSON, decoded.
    Json(Box<Transcript>),
    /// `text/plain`: the text, decoded by its charset (UTF-8 unless it names another).
    Text(String),
}

impl GetTranscriptResponse {
    /// Reads a success response as the representation its `Content-Type` names (parameters such as `charset` aside; any JSON type is read as the JSON one; a range such as `text/*` matches its types).
    ///
    /// # Errors
    /// [`Error::UnexpectedContentType`](crate::Error::UnexpectedContentType), with the body, when the response names a type the API does not declare for it (or none); [`Error::Decode`](crate::Error::Decode) when the body does not decode as the type it names.
    #[inline]
    pub fn read<E>(
        response: crate::runtime::Response<::bytes::Bytes>,
    ) -> ::std::result::Result<
        crate::runtime::Response<Self>,
        crate::runtime::Error<E>,
    > {
        match crate::runtime::by_content_type(
            response,
            &["application/vnd.transcript.v1+json", "text/plain"],
        )? {
            (0, response) => {
                crate::runtime::read_json(response)
                    .map(|response| response.map(|value| Self::Json(Box::new(value))))
            }
            (_, response) => {
                crate::runtime::read_media(response)
                    .map(|response| response.map(Self::Text))
            }
        }
    }
}

/// The error body of `getReport`, which differs by status.
#[derive(Debug, Clone, PartialEq)]
pub enum GetReportError {
    /// HTTP 503.
    ServiceUnavailable(String),
    /// Any other status.
    Other(crate::runtime::JsonOrText<Box<Problem>>),
}

impl GetReportError {
    /// Decodes an error body by its status, and by its `Content-Type` where the status
    /// declares several media types.
    #[inline]
    pub fn decode(
        status: ::http::StatusCode,
        headers: &::http::HeaderMap,
        body: &[u8],
    ) -> ::std::option::Option<Self> {
        match status.as_u16() {
            503 => {
                ::std::option::Option::Some(
                    Self::ServiceUnavailable(
                        ::std::string::String::from_utf8_lossy(body).into_owned(),
                    ),
                )
            }
            _ => {
                crate::runtime::decode_json_or_text::<
                    Box<Problem>,
                >(status, headers, body, &["application/problem+json"], &["text/html"])
                    .map(Self::Other)
            }
        }
    }
}

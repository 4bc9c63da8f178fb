//! One API call as a future: what the `send` methods of the request builders
//! return. The sending (limits, credentials, retries, tracing) is one boxed
//! future shared by every operation with the same error type; only reading
//! the 2xx body differs by operation, and that is a plain function.

use std::{
    fmt,
    future::Future,
    pin::Pin,
    task::{Context, Poll},
};

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

#[cfg(feature = "runtime-media")]
use super::content::{ByteStream, FromBody};
use super::{
    body::decode_body,
    client::Client,
    error::{DecodeError, Error},
    request::{Data, Request},
    response::Response,
};

/// The sending of a request, until its last attempt is answered.
type Sending<T, E> = Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send>>;

/// How a call reads a 2xx response: [`read_json`], [`read_data`], [`read_nothing`],
/// `read_media`, or a function choosing the type by status.
pub type ReadBody<T, E> = fn(Response<Bytes>) -> Result<Response<T>, Error<E>>;

/// A call in flight: resolves to the response, its body read as `T`, or to
/// the [`Error`].
///
/// Made by [`Call::new`]; the request is sent when the call is first polled
/// (awaited), not before.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<T, E> {
    sending: Sending<Response<Bytes>, E>,
    read: ReadBody<T, E>,
}

impl<T, E: Send + 'static> Call<T, E> {
    /// Sends `request` with `client`, as
    /// [`Client::execute_raw`](Client::execute_raw) does (an error status
    /// is decoded by `decode_error`), and reads a 2xx response with `read`.
    pub fn new(
        client: &Client,
        request: Request,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
        read: ReadBody<T, E>,
    ) -> Self {
        Self {
            sending: sending(client, request, decode_error),
            read,
        }
    }
}

/// Decodes an error body by its status, the response headers (its
/// `Content-Type`) and its bytes.
pub type DecodeErrorWithHeaders<E> = fn(StatusCode, &HeaderMap, &[u8]) -> Option<E>;

impl<T, E: Send + 'static> Call<T, E> {
    /// Like [`Call::new`], for an operation whose error bodies are read by
    /// their `Content-Type`: `decode_error` also receives the headers.
    pub fn with_headers(
        client: &Client,
        request: Request,
        decode_error: DecodeErrorWithHeaders<E>,
        read: ReadBody<T, E>,
    ) -> Self {
        let client = client.clone();
        Self {
            sending: Box::pin(async move {
                let sent = client.execute_raw(request, |_, _| None).await;
                sent.map_err(|err| decode_api_error(err, decode_error))
            }),
            read,
        }
    }
}

/// `err`, with the body of an error status decoded by `decode_error`.
fn decode_api_error<E>(err: Error<E>, decode_error: DecodeErrorWithHeaders<E>) -> Error<E> {
    match err {
        Error::Api(mut api) => {
            api.body = decode_error(api.status, &api.headers, &api.raw);
            Error::Api(api)
        }
        other => other,
    }
}

/// The sending future, boxed: one per error type, whatever the body.
fn sending<E: Send + 'static>(
    client: &Client,
    request: Request,
    decode_error: fn(StatusCode, &[u8]) -> Option<E>,
) -> Sending<Response<Bytes>, E> {
    let client = client.clone();
    Box::pin(async move { client.execute_raw(request, decode_error).await })
}

impl<T, E> Future for Call<T, E> {
    type Output = Result<Response<T>, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let read = self.read;
        self.sending
            .as_mut()
            .poll(cx)
            .map(|sent| sent.and_then(read))
    }
}

impl<T, E> fmt::Debug for Call<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").finish_non_exhaustive()
    }
}

/// A streamed call: sends `request` like [`Call::new`] and resolves to the
/// 2xx body unread, as a [`ByteStream`], as
/// [`Client::execute_stream`](Client::execute_stream) does. The future owns
/// what it needs: it does not borrow `client`.
#[cfg(feature = "runtime-media")]
pub fn stream_call<E: Send + 'static>(
    client: &Client,
    request: Request,
    decode_error: fn(StatusCode, &[u8]) -> Option<E>,
) -> impl Future<Output = Result<ByteStream, Error<E>>> + Send + use<E> {
    let client = client.clone();
    let sending: Sending<ByteStream, E> =
        Box::pin(async move { client.execute_stream(request, decode_error).await });
    sending
}

/// Like [`stream_call`], for an operation whose error bodies are read by
/// their `Content-Type`: `decode_error` also receives the headers.
#[cfg(feature = "runtime-media")]
pub fn stream_call_with_headers<E: Send + 'static>(
    client: &Client,
    request: Request,
    decode_error: DecodeErrorWithHeaders<E>,
) -> impl Future<Output = Result<ByteStream, Error<E>>> + Send + use<E> {
    let client = client.clone();
    let sending: Sending<ByteStream, E> = Box::pin(async move {
        let sent = client.execute_stream(request, |_, _| None).await;
        sent.map_err(|err| decode_api_error(err, decode_error))
    });
    sending
}

/// Reads a 2xx body with `decode`, keeping the status and headers; a body
/// that does not decode is [`Error::Decode`]. `decode` fails with a
/// [`DecodeError`], or with a `serde_json::Error` (which names no path).
///
/// # Errors
///
/// [`Error::Decode`], with the raw body.
pub fn read_with<T, D: Into<DecodeError>, E>(
    response: Response<Bytes>,
    decode: impl FnOnce(StatusCode, &[u8]) -> Result<T, D>,
) -> Result<Response<T>, Error<E>> {
    let (status, headers, body) = response.into_parts();
    match decode(status, &body) {
        Ok(value) => Ok(Response::new(status, headers, value)),
        Err(source) => Err(Error::Decode {
            status,
            source: source.into(),
            body,
        }),
    }
}

/// Reads a JSON body as `T`; an empty body reads as `null`.
///
/// # Errors
///
/// [`Error::Decode`] when the body is not a `T`.
pub fn read_json<T: DeserializeOwned, E>(
    response: Response<Bytes>,
) -> Result<Response<T>, Error<E>> {
    read_with(response, |_, body| decode_body(body))
}

/// Reads the `data` of a JSON body in the `{"data": ...}` envelope
/// ([`Data`]) as `T`.
///
/// # Errors
///
/// [`Error::Decode`] when the body is not such an envelope of a `T`.
pub fn read_data<T: DeserializeOwned, E>(
    response: Response<Bytes>,
) -> Result<Response<T>, Error<E>> {
    read_with(response, |_, body| {
        decode_body::<Data<T>>(body).map(|envelope| envelope.data)
    })
}

/// Reads nothing: the body of the response is left out.
///
/// # Errors
///
/// None; the signature is that of every [`ReadBody`].
pub fn read_nothing<E>(response: Response<Bytes>) -> Result<Response<()>, Error<E>> {
    Ok(response.map(drop))
}

/// Reads a body that is not JSON as `T` ([`FromBody`]): bytes, text, or
/// bytes with their content type.
///
/// # Errors
///
/// [`Error::Decode`] when the body cannot be read as `T`.
#[cfg(feature = "runtime-media")]
pub fn read_media<T: FromBody, E>(response: Response<Bytes>) -> Result<Response<T>, Error<E>> {
    let (status, headers, body) = response.into_parts();
    let body = T::from_body(status, &headers, body)?;
    Ok(Response::new(status, headers, body))
}

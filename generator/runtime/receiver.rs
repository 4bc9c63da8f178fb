//! Receiving webhooks: the `X-Hook-Secret` handshake, signature verification
//! and event decoding.
//!
//! This module implements the receiving end of the webhook protocol Asana
//! uses, independently of any web framework: it reads an [`http::HeaderMap`]
//! and the raw body bytes, and produces [`http::Response`]s that any server
//! can send. It is generic over the event type: decode into the API's event
//! model (for Asana, `models::EventResponse`) or into your own type.
//!
//! Compiled with the `webhook-receiver` feature (on by default), which also
//! brings in `hmac` and `sha2`.
//!
//! # The flow
//!
//! ```text
//!  your app                 API server                  your receiver (the target URL)
//!     |                         |                                 |
//!     |-- POST /webhooks ------>|                                 |
//!     |   resource, target      |-- POST target ----------------->|  1. handshake
//!     |   (still waiting)       |   X-Hook-Secret: s              |  2. store s for the target
//!     |                         |<-- 200, X-Hook-Secret: s -------|
//!     |<-- 201 webhook ---------|                                 |
//!     |                         |                                 |
//!     |                         |-- POST target ----------------->|  3. verify the signature
//!     |                         |   X-Hook-Signature: hex(HMAC)   |     of the raw body with s,
//!     |                         |   {"events": [...]}             |     then decode the events
//!     |                         |<-- 200 (within 10 s) -----------|  4. answer, then process
//! ```
//!
//! 1. **Handshake.** Creating a webhook (`POST /webhooks`) does not complete
//!    until the API server has sent a `POST` to the target URL carrying an
//!    `X-Hook-Secret` header, and the target has answered `200 OK` (or
//!    `204 No Content`) echoing that header. Your receiver must therefore
//!    already be listening, and able to serve the handshake while your
//!    creation request is still pending; otherwise the creation fails.
//! 2. **Storage.** The secret is sent only during the handshake, never again.
//!    The receiver persists it through a [`SecretStore`], keyed by a *target
//!    key* you choose (the request path, or an identifier embedded in it), and
//!    looks it up again for every delivery to that target.
//! 3. **Verification.** Every later delivery carries `X-Hook-Signature`: the
//!    hexadecimal HMAC-SHA256 of the raw request body, keyed with the secret.
//!    It is checked in constant time against the body bytes *exactly as
//!    received*, so pass the body before any JSON parsing. Only a delivery
//!    whose signature matches is decoded; a failed check is reported as
//!    [`ReceiveError::MissingSignature`], [`ReceiveError::MalformedSignature`]
//!    or [`ReceiveError::SignatureMismatch`] (all answered `401`). Bodies have
//!    the form `{"events": [...]}`; a heartbeat carries no events (an empty
//!    list, or an empty body) and is accepted like any other signed delivery.
//! 4. **Answer fast.** The sender waits at most 10 seconds for a `2xx`
//!    answer; anything else counts as a failed delivery, which Asana retries
//!    for up to 24 hours before giving up and eventually removing the
//!    webhook. Verify, hand the events to a queue or a spawned task, and
//!    answer at once; do the real processing asynchronously.
//!
//! # Using it
//!
//! Build one [`WebhookReceiver`] around your [`SecretStore`]
//! ([`MemorySecretStore`] for tests and examples; a database-backed
//! implementation in production), and call [`WebhookReceiver::receive`] from
//! the handler of the target route with the target key, the request headers
//! and the raw body. It answers with an [`Outcome`]:
//! [`Outcome::Handshake`] (the secret was stored; send the response, which
//! echoes the header) or [`Outcome::Events`] (a verified delivery).
//! [`Outcome::into_parts`] gives the response to send and the events to
//! process; on error, [`ReceiveError::to_response`] gives the response to
//! send, and the error itself says precisely what was wrong, for your logs.
//!
//! The building blocks are public too: [`Handshake`] recognises a handshake
//! and builds its answer, [`verify_signature`] checks a delivery and
//! [`verify_and_decode`] checks and decodes one.
//!
//! # Security notes
//!
//! * A handshake is not authenticated: anyone who knows a target URL can send
//!   one. Had the receiver simply stored every handshake's secret, such a
//!   request could replace the real secret and let its sender forge
//!   deliveries. By default ([`HandshakePolicy::KeepExisting`]) a handshake
//!   for a target that already has a secret is therefore refused (`409`); to
//!   re-create a webhook for the same target, remove the old secret from the
//!   store first, or give each webhook a fresh target URL. Prefer target URLs
//!   that are hard to guess (embed a random token), so that nobody can
//!   register a secret for a target before the real handshake does.
//! * The responses built by [`ReceiveError::to_response`] say only
//!   `Unauthorized`, `Bad Request` and so on: they do not tell a sender which
//!   check failed.
//! * Secrets are held as [`SecretString`]s and are never printed by `Debug`;
//!   the echoed header is marked sensitive.

use std::{
    collections::HashMap,
    error::Error as StdError,
    fmt,
    sync::{Arc, Mutex, PoisonError},
};

use bytes::Bytes;
use futures::future::BoxFuture;
use hmac::{Hmac, Mac};
use http::{
    HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode, header::CONTENT_TYPE,
};
use serde::{Deserialize, de::DeserializeOwned};
use sha2::Sha256;

use super::auth::SecretString;

/// The header carrying the shared secret during the handshake, and echoed in
/// the answer: `x-hook-secret` (header names are case-insensitive).
pub const SECRET_HEADER: &str = "x-hook-secret";

/// The header carrying the signature of every delivery: `x-hook-signature`.
pub const SIGNATURE_HEADER: &str = "x-hook-signature";

/// How many bytes an HMAC-SHA256 signature has (64 hexadecimal digits).
const SIGNATURE_LEN: usize = 32;

/// A handshake request: the one request carrying `X-Hook-Secret`, sent while
/// a webhook is being created.
///
/// Its `Debug` output never shows the secret.
pub struct Handshake {
    secret: SecretString,
    echo: HeaderValue,
}

impl Handshake {
    /// Recognises a handshake: `Ok(None)` if the headers carry no
    /// `X-Hook-Secret`, `Ok(Some(_))` if they carry exactly one usable secret.
    ///
    /// # Errors
    ///
    /// [`ReceiveError::InvalidHandshake`] if `X-Hook-Secret` is empty or
    /// blank, repeated, or not printable ASCII.
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<Self>, ReceiveError> {
        let mut values = headers.get_all(SECRET_HEADER).iter();
        let Some(value) = values.next() else {
            return Ok(None);
        };
        if values.next().is_some() {
            return Err(ReceiveError::InvalidHandshake);
        }
        let secret = value.to_str().map_err(|_| ReceiveError::InvalidHandshake)?;
        if secret.trim().is_empty() {
            return Err(ReceiveError::InvalidHandshake);
        }
        let mut echo = value.clone();
        echo.set_sensitive(true);
        Ok(Some(Self {
            secret: SecretString::new(secret),
            echo,
        }))
    }

    /// The secret to store.
    pub fn secret(&self) -> &SecretString {
        &self.secret
    }

    /// Converts into the secret to store.
    pub fn into_secret(self) -> SecretString {
        self.secret
    }

    /// The answer that completes the handshake: `200 OK` echoing the
    /// `X-Hook-Secret` header (marked sensitive), with an empty body.
    ///
    /// Send it only once the secret is stored: the webhook becomes active as
    /// soon as the API server receives it.
    pub fn response(&self) -> Response<Bytes> {
        let mut response = empty_response(StatusCode::OK);
        response
            .headers_mut()
            .insert(HeaderName::from_static(SECRET_HEADER), self.echo.clone());
        response
    }
}

impl fmt::Debug for Handshake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handshake")
            .field("secret", &self.secret)
            .finish()
    }
}

/// Checks the `X-Hook-Signature` header of a delivery against its raw body.
///
/// The header must hold exactly 64 hexadecimal digits. Asana sends lowercase
/// digits; uppercase ones are accepted too, since they denote the same bytes.
/// Surrounding or embedded whitespace, a prefix such as `sha256=`, or a
/// repeated header make the signature malformed. The comparison of the
/// expected and the received signatures takes constant time. An empty secret
/// never verifies anything.
///
/// # Errors
///
/// [`ReceiveError::MissingSignature`], [`ReceiveError::MalformedSignature`] or
/// [`ReceiveError::SignatureMismatch`].
pub fn verify_signature(
    secret: &SecretString,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), ReceiveError> {
    let signature = signature_from_headers(headers)?;
    check_signature(secret, &signature, body)
}

/// Checks the signature of a delivery (see [`verify_signature`]), then
/// decodes its events: the `events` member of a JSON object, as `T`s.
///
/// A body that is empty or only whitespace, an object without `events`,
/// `"events": null` and `"events": []` all yield no events (heartbeats).
/// Other members of the object are ignored. Nothing is decoded unless the
/// signature matches.
///
/// # Errors
///
/// The errors of [`verify_signature`], then [`ReceiveError::Decode`] if the
/// verified body is not such an object or an event does not decode as `T`.
pub fn verify_and_decode<T: DeserializeOwned>(
    secret: &SecretString,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<T>, ReceiveError> {
    verify_signature(secret, headers, body)?;
    decode_events(body)
}

/// Reads the signature header: exactly one value of 64 hexadecimal digits.
fn signature_from_headers(headers: &HeaderMap) -> Result<[u8; SIGNATURE_LEN], ReceiveError> {
    let mut values = headers.get_all(SIGNATURE_HEADER).iter();
    let value = values.next().ok_or(ReceiveError::MissingSignature)?;
    if values.next().is_some() {
        return Err(ReceiveError::MalformedSignature);
    }
    parse_hex_signature(value.as_bytes()).ok_or(ReceiveError::MalformedSignature)
}

/// Decodes 64 hexadecimal digits (either case) into 32 bytes.
fn parse_hex_signature(hex: &[u8]) -> Option<[u8; SIGNATURE_LEN]> {
    if hex.len() != 2 * SIGNATURE_LEN {
        return None;
    }
    let mut bytes = [0; SIGNATURE_LEN];
    for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = (hex_digit(pair[0])? << 4) | hex_digit(pair[1])?;
    }
    Some(bytes)
}

fn hex_digit(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Compares the HMAC-SHA256 of `body` keyed with `secret` to `signature`, in
/// constant time.
fn check_signature(
    secret: &SecretString,
    signature: &[u8; SIGNATURE_LEN],
    body: &[u8],
) -> Result<(), ReceiveError> {
    if secret.is_empty() {
        return Err(ReceiveError::SignatureMismatch);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(body);
    mac.verify_slice(signature)
        .map_err(|_| ReceiveError::SignatureMismatch)
}

/// The body of a delivery.
#[derive(Deserialize)]
#[serde(bound = "T: Deserialize<'de>")]
struct Delivery<T> {
    #[serde(default)]
    events: Option<Vec<T>>,
}

/// Decodes a delivery body (`{"events": [...]}`) whose signature was already verified. An empty
/// body, `{}`, `"events": null` and `"events": []` (heartbeats) all give no events.
///
/// # Errors
/// [`ReceiveError::Decode`] when the body is not such an object of `T`s.
pub fn decode_events<T: DeserializeOwned>(body: &[u8]) -> Result<Vec<T>, ReceiveError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let delivery: Delivery<T> = serde_json::from_slice(body).map_err(ReceiveError::Decode)?;
    Ok(delivery.events.unwrap_or_default())
}

/// The error a [`SecretStore`] reports: any error type, boxed.
pub type StoreError = Box<dyn StdError + Send + Sync + 'static>;

/// Where the receiver keeps the secret of each webhook target.
///
/// The secret arrives once, during the handshake, and is needed for every
/// later delivery, possibly by another process or after a restart: real
/// applications implement this trait over their database. Targets are
/// identified by a *target key* the application chooses and passes to
/// [`WebhookReceiver::receive`]: the request path, or an identifier embedded
/// in it.
///
/// Methods return boxed futures (`Box::pin(async move { ... })`), so that
/// implementations can await I/O; the futures must be `Send`.
///
/// Compiled with the `webhook-receiver` feature.
pub trait SecretStore: Send + Sync {
    /// The secret stored for `target`, if any.
    fn load<'a>(
        &'a self,
        target: &'a str,
    ) -> BoxFuture<'a, Result<Option<SecretString>, StoreError>>;

    /// Stores `secret` for `target` unless a secret is already stored for
    /// it, and returns whether it stored it. The check and the write should
    /// be atomic (for example `INSERT ... ON CONFLICT DO NOTHING`).
    ///
    /// Used under [`HandshakePolicy::KeepExisting`].
    fn save_if_absent<'a>(
        &'a self,
        target: &'a str,
        secret: SecretString,
    ) -> BoxFuture<'a, Result<bool, StoreError>>;

    /// Stores `secret` for `target`, replacing any secret stored for it.
    ///
    /// Used under [`HandshakePolicy::Replace`].
    fn save<'a>(
        &'a self,
        target: &'a str,
        secret: SecretString,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
}

impl<S: SecretStore + ?Sized> SecretStore for Arc<S> {
    fn load<'a>(
        &'a self,
        target: &'a str,
    ) -> BoxFuture<'a, Result<Option<SecretString>, StoreError>> {
        (**self).load(target)
    }

    fn save_if_absent<'a>(
        &'a self,
        target: &'a str,
        secret: SecretString,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        (**self).save_if_absent(target, secret)
    }

    fn save<'a>(
        &'a self,
        target: &'a str,
        secret: SecretString,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        (**self).save(target, secret)
    }
}

/// A [`SecretStore`] in memory, for tests, examples and single-process
/// applications that re-create their webhooks at every start.
///
/// Clones share the same secrets, so a clone kept aside sees what the
/// receiver stored. Its `Debug` output shows the target keys, never the
/// secrets.
#[derive(Debug, Clone, Default)]
pub struct MemorySecretStore {
    secrets: Arc<Mutex<HashMap<String, SecretString>>>,
}

impl MemorySecretStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The secret stored for `target`, if any.
    pub fn get(&self, target: &str) -> Option<SecretString> {
        self.lock().get(target).cloned()
    }

    /// Stores `secret` for `target`, and returns the secret it replaces, if
    /// any.
    pub fn insert(
        &self,
        target: impl Into<String>,
        secret: impl Into<SecretString>,
    ) -> Option<SecretString> {
        self.lock().insert(target.into(), secret.into())
    }

    /// Forgets the secret of `target` (for example before re-creating its
    /// webhook), and returns it, if there was one.
    pub fn remove(&self, target: &str) -> Option<SecretString> {
        self.lock().remove(target)
    }

    /// How many targets have a secret.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Returns `true` if no target has a secret.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, SecretString>> {
        // The map is never left half-updated, so a panic elsewhere while the
        // lock was held does not make it unusable.
        self.secrets.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl SecretStore for MemorySecretStore {
    fn load<'a>(
        &'a self,
        target: &'a str,
    ) -> BoxFuture<'a, Result<Option<SecretString>, StoreError>> {
        let secret = self.get(target);
        Box::pin(async move { Ok(secret) })
    }

    fn save_if_absent<'a>(
        &'a self,
        target: &'a str,
        secret: SecretString,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        let saved = match self.lock().entry(target.to_owned()) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert(secret);
                true
            }
        };
        Box::pin(async move { Ok(saved) })
    }

    fn save<'a>(
        &'a self,
        target: &'a str,
        secret: SecretString,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        self.insert(target, secret);
        Box::pin(async { Ok(()) })
    }
}

/// What a [`WebhookReceiver`] does with a handshake for a target that already
/// has a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HandshakePolicy {
    /// Refuse it with [`ReceiveError::SecretAlreadyStored`] (`409 Conflict`)
    /// and keep the stored secret, so that an unauthenticated handshake
    /// cannot replace the secret of a live webhook. To re-create a webhook
    /// for the same target, remove its secret from the store first.
    #[default]
    KeepExisting,
    /// Accept it and replace the stored secret. Anyone who can reach the
    /// target URL can then change its secret and forge deliveries: use this
    /// only if the target URLs are secret themselves.
    Replace,
}

/// The receiving end of webhooks: answers handshakes, storing their secrets,
/// and verifies and decodes deliveries.
///
/// See the [module documentation](self) for the protocol.
///
/// Compiled with the `webhook-receiver` feature.
#[derive(Debug, Clone)]
pub struct WebhookReceiver<S> {
    store: S,
    policy: HandshakePolicy,
}

impl<S: SecretStore> WebhookReceiver<S> {
    /// A receiver keeping its secrets in `store`, with the default
    /// [`HandshakePolicy::KeepExisting`].
    pub fn new(store: S) -> Self {
        Self {
            store,
            policy: HandshakePolicy::default(),
        }
    }

    /// Sets what to do with a handshake for a target that already has a
    /// secret.
    pub fn with_handshake_policy(mut self, policy: HandshakePolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The handshake policy in force.
    pub fn handshake_policy(&self) -> HandshakePolicy {
        self.policy
    }

    /// The secret store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Handles one request to the target identified by `target`, given its
    /// headers and its raw body (the bytes exactly as received).
    ///
    /// * A request with `X-Hook-Secret` is a handshake: the secret is stored
    ///   for `target` (subject to the [`HandshakePolicy`]) and
    ///   [`Outcome::Handshake`] holds the answer echoing it.
    /// * Any other request is a delivery: its signature is checked with the
    ///   secret stored for `target`, and only then are its events decoded as
    ///   `T` into [`Outcome::Events`] (none for a heartbeat). The signature
    ///   header is checked for presence and form before the store is
    ///   consulted.
    ///
    /// # Errors
    ///
    /// A [`ReceiveError`]; [`ReceiveError::to_response`] gives the answer to
    /// send.
    pub async fn receive<T: DeserializeOwned>(
        &self,
        target: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Outcome<T>, ReceiveError> {
        if let Some(handshake) = Handshake::from_headers(headers)? {
            let response = handshake.response();
            let secret = handshake.into_secret();
            match self.policy {
                HandshakePolicy::KeepExisting => {
                    let saved = self
                        .store
                        .save_if_absent(target, secret)
                        .await
                        .map_err(ReceiveError::Store)?;
                    if !saved {
                        return Err(ReceiveError::SecretAlreadyStored);
                    }
                }
                HandshakePolicy::Replace => self
                    .store
                    .save(target, secret)
                    .await
                    .map_err(ReceiveError::Store)?,
            }
            return Ok(Outcome::Handshake(response));
        }
        let signature = signature_from_headers(headers)?;
        let secret = self
            .store
            .load(target)
            .await
            .map_err(ReceiveError::Store)?
            .ok_or(ReceiveError::UnknownTarget)?;
        check_signature(&secret, &signature, body)?;
        decode_events(body).map(Outcome::Events)
    }

    /// Like [`receive`](Self::receive), taking the headers and the body from
    /// a request whose body has been read in full.
    ///
    /// # Errors
    ///
    /// See [`receive`](Self::receive).
    pub async fn receive_request<T, B>(
        &self,
        target: &str,
        request: &Request<B>,
    ) -> Result<Outcome<T>, ReceiveError>
    where
        T: DeserializeOwned,
        B: AsRef<[u8]>,
    {
        self.receive(target, request.headers(), request.body().as_ref())
            .await
    }
}

/// What [`WebhookReceiver::receive`] made of a request it accepted.
#[derive(Debug)]
#[must_use = "the response has to be sent back"]
pub enum Outcome<T> {
    /// A handshake: the secret is stored, and this answer (`200 OK` echoing
    /// `X-Hook-Secret`) completes the webhook's creation.
    Handshake(Response<Bytes>),
    /// A delivery whose signature matched, and its events (none for a
    /// heartbeat). Answer `200 OK` at once and process them asynchronously.
    Events(Vec<T>),
}

impl<T> Outcome<T> {
    /// Splits into the answer to send and the events to process: the
    /// handshake's answer and no events, or `200 OK` (empty body) and the
    /// delivered events.
    pub fn into_parts(self) -> (Response<Bytes>, Vec<T>) {
        match self {
            Self::Handshake(response) => (response, Vec::new()),
            Self::Events(events) => (empty_response(StatusCode::OK), events),
        }
    }

    /// The answer to send, dropping any events.
    pub fn into_response(self) -> Response<Bytes> {
        self.into_parts().0
    }
}

/// Why a webhook request was refused.
///
/// [`status`](Self::status) gives the status to answer with and
/// [`to_response`](Self::to_response) the whole answer. `Display` never
/// includes a secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReceiveError {
    /// A delivery without `X-Hook-Signature`. `401`.
    MissingSignature,
    /// An `X-Hook-Signature` that is not exactly 64 hexadecimal digits, or
    /// that is repeated. `401`.
    MalformedSignature,
    /// An `X-Hook-Signature` that does not match the body: the body was
    /// altered, or it was signed with another secret. `401`.
    SignatureMismatch,
    /// A delivery for a target with no stored secret. `401`.
    UnknownTarget,
    /// An `X-Hook-Secret` that is empty or blank, repeated, or not printable
    /// ASCII.
    /// `400`.
    InvalidHandshake,
    /// A handshake for a target that already has a secret, refused under
    /// [`HandshakePolicy::KeepExisting`]. `409`.
    SecretAlreadyStored,
    /// A correctly signed body that is not `{"events": [...]}` with events
    /// of the expected type. `400`.
    Decode(serde_json::Error),
    /// The [`SecretStore`] failed. `500`, so that the sender retries later.
    Store(StoreError),
}

impl ReceiveError {
    /// The status to answer with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::MissingSignature
            | Self::MalformedSignature
            | Self::SignatureMismatch
            | Self::UnknownTarget => StatusCode::UNAUTHORIZED,
            Self::InvalidHandshake | Self::Decode(_) => StatusCode::BAD_REQUEST,
            Self::SecretAlreadyStored => StatusCode::CONFLICT,
            Self::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Returns `true` for the errors of a delivery that failed
    /// authentication (those answered `401`).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == StatusCode::UNAUTHORIZED
    }

    /// The answer to send: [`status`](Self::status) with its reason phrase
    /// as a plain-text body, which does not tell which check failed.
    pub fn to_response(&self) -> Response<Bytes> {
        let status = self.status();
        let mut response = empty_response(status);
        if let Some(reason) = status.canonical_reason() {
            *response.body_mut() = Bytes::from_static(reason.as_bytes());
            response.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
        }
        response
    }
}

impl fmt::Display for ReceiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MissingSignature => "the webhook delivery has no X-Hook-Signature header",
            Self::MalformedSignature => {
                "the X-Hook-Signature header is not one value of 64 hexadecimal digits"
            }
            Self::SignatureMismatch => {
                "the X-Hook-Signature header does not match the body and the stored secret"
            }
            Self::UnknownTarget => "no webhook secret is stored for the target of this delivery",
            Self::InvalidHandshake => {
                "the handshake's X-Hook-Secret header is empty, repeated or not printable ASCII"
            }
            Self::SecretAlreadyStored => {
                "refused a webhook handshake for a target that already has a secret"
            }
            Self::Decode(_) => "the webhook delivery body is not a valid list of events",
            Self::Store(_) => "the webhook secret store failed",
        })
    }
}

impl StdError for ReceiveError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Decode(err) => Some(err),
            Self::Store(err) => Some(&**err),
            _ => None,
        }
    }
}

fn empty_response(status: StatusCode) -> Response<Bytes> {
    let mut response = Response::new(Bytes::new());
    *response.status_mut() = status;
    response
}

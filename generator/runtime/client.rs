//! The client, its builder, and how a request is sent: limits, credentials,
//! retries, tracing.

use std::{
    borrow::Cow,
    error::Error as StdError,
    fmt,
    sync::Arc,
    time::{Duration, Instant},
};

use bytes::Bytes;
use http::{
    HeaderMap, HeaderValue, StatusCode,
    header::{ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER, USER_AGENT},
};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use tracing::{Instrument, field};

use super::{
    auth::{
        CredentialSet, Credentials, PreparedAuth, SecretString, Selected, bearer_header,
        describe_security, is_loopback,
    },
    body::{DEFAULT_MAX_RESPONSE_BYTES, ReadError, ResponseTooLarge, decode_body, read_limited},
    encode::append_pair,
    error::{ApiError, Error, RequestError, RequestErrorKind, StreamError},
    limits::Limits,
    request::{Body, Request, header_params, parse_header},
    response::{NoticeLog, Response},
    retry::{
        RetryPolicy, Sleep, TokioSleep, is_idempotent, is_retryable_status, parse_retry_after,
    },
    token::{TokenError, TokenSource},
};

/// Default time allowed to establish a connection.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for one attempt, from connecting to the end of the
/// response body.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// How many same-origin redirects the built-in HTTP client follows.
const MAX_REDIRECTS: usize = 10;
/// The longest URL the client sends, in bytes: 65,534 (64 KiB less two), the
/// longest URI the `http` crate, in which reqwest hands over each request,
/// can hold. A longer one could not be sent at all; common servers refuse
/// much shorter ones already (8 KiB by default for Apache and nginx, 16 KiB
/// for Node.js). It is refused before anything is sent, never retried.
const MAX_URL_BYTES: usize = 65_534;

/// Configures and builds a [`Client`].
///
/// Every setting has a sensible default; only credentials usually need to be
/// provided.
///
/// | setting | default |
/// |---|---|
/// | [`base_url`](Self::base_url) | the server URL from the API description |
/// | [`credentials`](Self::credentials) | none |
/// | [`scheme_credentials`](Self::scheme_credentials) | none |
/// | [`retry_policy`](Self::retry_policy) | [`RetryPolicy::default`] |
/// | [`connect_timeout`](Self::connect_timeout) | 10 s |
/// | [`timeout`](Self::timeout) | 60 s per attempt |
/// | [`user_agent`](Self::user_agent) | `<crate name>/<crate version>` |
/// | [`default_header`](Self::default_header) | none |
/// | [`max_concurrent_reads`](Self::max_concurrent_reads), [`max_concurrent_writes`](Self::max_concurrent_writes) | no limit |
/// | [`max_response_bytes`](Self::max_response_bytes) | 32 MiB |
/// | [`http_client`](Self::http_client) | a new `reqwest::Client` |
/// | [`sleeper`](Self::sleeper) | [`TokioSleep`] |
/// | [`allow_credentials_over_http`](Self::allow_credentials_over_http) | credentials only over `https`, or `http` to a loopback host |
pub struct ClientBuilder {
    base_url: String,
    credentials: Option<Credentials>,
    scheme_credentials: Vec<(String, Credentials)>,
    retry_policy: RetryPolicy,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    default_headers: Vec<(String, String)>,
    max_reads: Option<usize>,
    max_writes: Option<usize>,
    max_response_bytes: usize,
    http_client: Option<reqwest::Client>,
    sleeper: Option<Arc<dyn Sleep>>,
    credentials_over_http: bool,
}

impl ClientBuilder {
    /// A builder targeting `default_base_url`, with every other setting at
    /// its default.
    pub fn new(default_base_url: &str) -> Self {
        Self {
            base_url: default_base_url.to_owned(),
            credentials: None,
            scheme_credentials: Vec::new(),
            retry_policy: RetryPolicy::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            default_headers: Vec::new(),
            max_reads: None,
            max_writes: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            http_client: None,
            sleeper: None,
            credentials_over_http: false,
        }
    }

    /// Sends requests to `url` instead of the default server, for example a
    /// proxy, a regional endpoint or a mock server in tests.
    ///
    /// Operation paths are appended to it, so it may include a path prefix
    /// (`https://example.com/api/1.0`). A trailing slash is ignored. It must
    /// be an absolute `http` or `https` URL without query, fragment or user
    /// information; [`build`](Self::build) reports anything else.
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Authenticates with `credentials` every request that needs
    /// credentials and that no [scheme's](Self::scheme_credentials) serve:
    /// a request that names no security scheme, or an operation none of
    /// whose schemes the client holds credentials for. An operation whose
    /// API description says `security: []` is sent without them.
    ///
    /// The base URL must then be `https`, or `http` to a loopback host
    /// (`127.0.0.0/8`, `::1`, `localhost`); [`build`](Self::build) refuses
    /// credentials that would cross a network in clear text unless
    /// [`allow_credentials_over_http`](Self::allow_credentials_over_http) is
    /// called.
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Holds `credentials` for the security scheme `scheme` (its key in the
    /// API description's `components.securitySchemes`), replacing any given
    /// before for it. Each operation is sent with the credentials of the
    /// first of its accepted alternatives whose schemes all have some, all
    /// of them together (see [`Request::with_security`]); the client's
    /// builder methods named after the schemes call this.
    ///
    /// An operation that needs credentials of schemes none of which the
    /// client holds is sent with [its own](Self::credentials), or, without
    /// those, fails with [`Error::Request`] of kind
    /// [`RequestErrorKind::MissingCredentials`] before anything is sent.
    /// The same rule as for [`credentials`](Self::credentials) holds for
    /// plain `http`.
    #[must_use]
    pub fn scheme_credentials(
        mut self,
        scheme: impl Into<String>,
        credentials: Credentials,
    ) -> Self {
        self.scheme_credentials.push((scheme.into(), credentials));
        self
    }

    /// Authenticates with a bearer token asked from `source` before each
    /// attempt, for tokens that expire: see [`TokenSource`] and, for OAuth
    /// 2.0, the built-in `RefreshTokenSource` of the `oauth` feature. These
    /// are the client's own [`credentials`](Self::credentials); for one
    /// security scheme, give
    /// [`Credentials::token_source`] to
    /// [`scheme_credentials`](Self::scheme_credentials).
    #[must_use]
    pub fn token_source(self, source: impl TokenSource + 'static) -> Self {
        self.credentials(Credentials::TokenSource(Arc::new(source)))
    }

    /// Sends the header `name: value` with every request, for example
    /// `default_header("Api-Version", "2024-06-01")` to opt into an
    /// announced API change. Call it once per header; a name given twice
    /// sends both values.
    ///
    /// A request's own header of the same name (a header parameter, or one
    /// added with a builder's `.header(..)`) replaces it. It never replaces
    /// the credentials. Values are never printed nor traced.
    /// [`build`](Self::build) reports a name or value that cannot be sent.
    #[must_use]
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Lets at most `limit` `GET`, `HEAD` and `OPTIONS` requests of this
    /// client (and of the clients derived from it with `with_*`) be in
    /// flight at once; further calls wait for their turn instead of failing.
    /// A call holds its place through its retries, including the waits
    /// between them.
    ///
    /// For an API that allows, say, 50 concurrent reads and 15 concurrent
    /// writes per token: `.max_concurrent_reads(50).max_concurrent_writes(15)`.
    /// [`build`](Self::build) refuses `0`.
    #[must_use]
    pub fn max_concurrent_reads(mut self, limit: usize) -> Self {
        self.max_reads = Some(limit);
        self
    }

    /// Lets at most `limit` requests of other methods (`POST`, `PUT`,
    /// `PATCH`, `DELETE`, ...) be in flight at once; see
    /// [`max_concurrent_reads`](Self::max_concurrent_reads).
    #[must_use]
    pub fn max_concurrent_writes(mut self, limit: usize) -> Self {
        self.max_writes = Some(limit);
        self
    }

    /// Sets the largest response body, in bytes, that a call reads into
    /// memory. Default: 32 MiB ([`DEFAULT_MAX_RESPONSE_BYTES`]).
    ///
    /// The limit counts the body as it is decoded, after gzip or brotli
    /// decompression, chunk by chunk: a larger body fails the call with
    /// [`Error::ResponseTooLarge`] as soon as it passes the limit (or before
    /// reading anything, when its `Content-Length` already does), and is not
    /// retried. It applies to every body read whole: typed, text and byte
    /// bodies, and the bodies of error statuses. A request builder's
    /// `max_response_bytes` raises or lowers it for one call. Streamed
    /// downloads (`ByteStream`) are not limited: they hold one chunk at a
    /// time.
    ///
    /// ```rust,ignore
    /// let client = Client::builder()
    ///     .max_response_bytes(256 << 20) // 256 MiB, for large exports
    ///     .build()?;
    /// ```
    #[must_use]
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Sets when and how failed requests are retried.
    /// [`RetryPolicy::none`] disables retries.
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// Sets the time allowed to establish a connection (TCP and TLS).
    /// Default: 10 s. Not applied to a client given with
    /// [`http_client`](Self::http_client), which keeps its own setting.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the time allowed for each attempt, from connecting until the end
    /// of the response body. Retries get a fresh timeout each. Default: 60 s.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the `User-Agent` header. Default: `<crate name>/<crate version>`.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses `client` to send requests, for example to share a connection pool
    /// or to configure proxies, TLS or DNS.
    ///
    /// Timeouts per attempt, headers, credentials and retries are still
    /// applied per request, but [`connect_timeout`](Self::connect_timeout) is
    /// not, and the redirect policy is the client's own: the built-in client
    /// only follows redirects within the same origin, so that no credential
    /// header is ever sent to another host — configure yours likewise
    /// (`reqwest` strips `Authorization`, but not API key headers, on
    /// cross-host redirects). Start from [`http_client_builder`], which sets
    /// up this crate's TLS stack.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Lets [`build`](Self::build) accept credentials with a plain `http`
    /// base URL whose host is not a loopback address (`127.0.0.0/8`, `::1`,
    /// `localhost`).
    ///
    /// Without it, such a client is refused
    /// ([`BuildError::CredentialsOverHttp`]): a token, password or API key
    /// sent without TLS can be read, and replayed, by anyone on the network
    /// path. Call it only where that path is trusted, for example a proxy on
    /// a private network that adds TLS, or a test server on another host.
    /// It applies to every kind of [`Credentials`], and to those given later
    /// to [`Client::with_credentials`].
    #[must_use]
    pub fn allow_credentials_over_http(mut self) -> Self {
        self.credentials_over_http = true;
        self
    }

    /// Replaces how the client waits between retries. Tests can pass a fake
    /// that records the requested waits and returns at once.
    #[must_use]
    pub fn sleeper(mut self, sleeper: impl Sleep + 'static) -> Self {
        self.sleeper = Some(Arc::new(sleeper));
        self
    }

    /// Validates the configuration and builds the client.
    ///
    /// # Errors
    ///
    /// [`BuildError`] if the base URL, the credentials, the user agent, a
    /// default header or a concurrency limit are invalid, if credentials
    /// would be sent over plain `http` to a host that is not a loopback
    /// address (see
    /// [`allow_credentials_over_http`](Self::allow_credentials_over_http)),
    /// or if the HTTP client could not be created.
    pub fn build(self) -> Result<Client, BuildError> {
        let base = parse_base_url(&self.base_url)?;
        let cleartext_host = base.cleartext_host.filter(|_| !self.credentials_over_http);
        let held = self
            .credentials
            .iter()
            .chain(self.scheme_credentials.iter().map(|(_, c)| c));
        for credentials in held {
            check_cleartext(Some(credentials), cleartext_host.as_deref())?;
        }
        let credentials = CredentialSet::new(self.credentials.as_ref(), &self.scheme_credentials)
            .map_err(|reason| BuildError::InvalidCredentials { reason })?;
        let user_agent =
            HeaderValue::try_from(self.user_agent).map_err(|_| BuildError::InvalidUserAgent)?;
        let mut default_headers = HeaderMap::with_capacity(self.default_headers.len());
        for (name, value) in &self.default_headers {
            let (name, value) = parse_header("default header", name, value)
                .map_err(|err| BuildError::InvalidHeader(err.to_string()))?;
            default_headers.append(name, value);
        }
        for (limit, what) in [(self.max_reads, "reads"), (self.max_writes, "writes")] {
            if limit.is_some_and(|n| n == 0 || n > tokio::sync::Semaphore::MAX_PERMITS) {
                return Err(BuildError::InvalidLimit { what });
            }
        }
        let (http, connect_timeout) = match self.http_client {
            Some(http) => (http, None),
            None => {
                let http = http_client_builder()
                    .connect_timeout(self.connect_timeout)
                    .redirect(same_origin_redirects())
                    .build()
                    .map_err(BuildError::HttpClient)?;
                (http, Some(self.connect_timeout))
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base.url,
                base_path: base.path,
                cleartext_host,
                credentials,
                retry_policy: self.retry_policy,
                timeout: self.timeout,
                connect_timeout,
                user_agent,
                default_headers,
                limits: Arc::new(Limits::new(self.max_reads, self.max_writes)),
                max_response_bytes: self.max_response_bytes,
                notices: Arc::new(NoticeLog::default()),
                sleeper: self.sleeper.unwrap_or_else(|| Arc::new(TokioSleep)),
            }),
        })
    }
}

/// A `reqwest::ClientBuilder` with this crate's TLS stack ready, to configure the HTTP client
/// given to [`ClientBuilder::http_client`].
///
/// With the default `rustls-aws-lc` feature, reqwest uses rustls with aws-lc-rs (post-quantum key
/// exchange first) unless the application installed a rustls crypto provider of its own. With
/// `rustls-ring` instead, reqwest needs a provider before it builds any client: this installs
/// ring as the process's provider unless the application installed one. An application that
/// builds reqwest clients of its own without a TLS feature of its own can start from here too.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder()
}

/// Makes ring the process's rustls crypto provider, unless the application installed one or
/// aws-lc-rs is enabled too: with `rustls-ring` but not `rustls-aws-lc`, reqwest leaves that
/// choice to the application.
#[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        #[allow(
            deprecated,
            reason = "rustls 0.23.48 deprecates ring's provider for its lack of post-quantum key \
                      exchange; `rustls-ring` is the choice of an application that accepts that"
        )]
        let ring = rustls::crypto::ring::default_provider();
        // Another thread may install one first; then that one serves.
        let _ = ring.install_default();
    }
}

/// The TLS stacks enabled need no set-up (or none is, and only `http` URLs work).
#[cfg(not(all(feature = "rustls-ring", not(feature = "rustls-aws-lc"))))]
fn install_crypto_provider() {}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field(
                "credentials",
                &self.credentials.as_ref().map(Credentials::scheme),
            )
            .field(
                "scheme_credentials",
                &self
                    .scheme_credentials
                    .iter()
                    .map(|(name, credentials)| (name, credentials.scheme()))
                    .collect::<Vec<_>>(),
            )
            .field("retry_policy", &self.retry_policy)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field(
                "default_headers",
                &self
                    .default_headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .field("max_concurrent_reads", &self.max_reads)
            .field("max_concurrent_writes", &self.max_writes)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("custom_http_client", &self.http_client.is_some())
            .field("custom_sleeper", &self.sleeper.is_some())
            .field("credentials_over_http", &self.credentials_over_http)
            .finish()
    }
}

/// Why a [`Client`] could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http`/`https` URL usable as a base.
    InvalidBaseUrl {
        /// The URL as given, with any user information (a user name and
        /// password, or a key) replaced by `[redacted]`, whether it parses
        /// or not.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The credentials cannot be sent (for example an empty token, or one
    /// containing a line break).
    InvalidCredentials {
        /// What is wrong with them; never contains the secret.
        reason: &'static str,
    },
    /// Credentials would be sent in clear text: the base URL is plain `http`
    /// and its host is not a loopback address. Use `https`, or allow it
    /// with
    /// [`ClientBuilder::allow_credentials_over_http`].
    CredentialsOverHttp {
        /// The kind of credentials, as [`Credentials::scheme`] names it.
        scheme: &'static str,
        /// The host of the base URL.
        host: String,
    },
    /// The user agent contains characters not allowed in a header.
    InvalidUserAgent,
    /// A default header has an invalid name or value; the message names the
    /// header, never its value.
    InvalidHeader(String),
    /// A concurrency limit is `0`, or too large.
    InvalidLimit {
        /// `"reads"` or `"writes"`.
        what: &'static str,
    },
    /// The HTTP client could not be created (for example no TLS backend).
    HttpClient(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidBaseUrl { url, reason } => write!(f, "invalid base URL {url:?}: {reason}"),
            Self::InvalidCredentials { reason } => write!(f, "invalid credentials: {reason}"),
            Self::CredentialsOverHttp { scheme, host } => write!(
                f,
                "the {scheme} credentials would be sent unencrypted: the base URL is plain http \
                 to {host}, which is not a loopback address; use https, or call \
                 allow_credentials_over_http() to send them anyway"
            ),
            Self::InvalidUserAgent => {
                f.write_str("invalid user agent: it contains characters not allowed in a header")
            }
            Self::InvalidHeader(message) => f.write_str(message),
            Self::InvalidLimit { what } => write!(
                f,
                "invalid limit of concurrent {what}: it must be at least 1 (leave it unset for no limit)"
            ),
            Self::HttpClient(_) => f.write_str("the HTTP client could not be created"),
        }
    }
}

impl StdError for BuildError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::HttpClient(err) => Some(err),
            _ => None,
        }
    }
}

/// A client for this API.
///
/// Cloning is cheap (one reference count) and clones share the connection
/// pool, the concurrency limits and the record of logged deprecation
/// notices, so create one client and clone it wherever it is needed. Its
/// `Debug` output shows the base URL, the retry policy, the timeouts and the
/// credential scheme, never a secret.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    http: reqwest::Client,
    /// Without trailing slash.
    base_url: String,
    /// The path of `base_url`, without trailing slash (empty for the root).
    base_path: String,
    /// The host of a plain `http` base URL that is not a loopback address,
    /// unless credentials may be sent there anyway.
    cleartext_host: Option<String>,
    credentials: CredentialSet,
    retry_policy: RetryPolicy,
    timeout: Duration,
    /// `None` when the HTTP client was provided by the user.
    connect_timeout: Option<Duration>,
    user_agent: HeaderValue,
    default_headers: HeaderMap,
    /// Shared with the clients derived by `with_*`.
    limits: Arc<Limits>,
    /// The largest body read into memory, unless a request sets its own.
    max_response_bytes: usize,
    /// Shared with the clients derived by `with_*`.
    notices: Arc<NoticeLog>,
    sleeper: Arc<dyn Sleep>,
}

impl Client {
    /// The base URL requests are sent to, without trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry_policy
    }

    /// The timeout of each attempt.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The largest response body a call reads into memory, unless the call
    /// sets its own; see [`ClientBuilder::max_response_bytes`].
    ///
    /// ```rust,ignore
    /// let client = Client::builder().build()?;
    /// assert_eq!(client.max_response_bytes(), 32 << 20);
    /// ```
    pub fn max_response_bytes(&self) -> usize {
        self.inner.max_response_bytes
    }

    /// The underlying `reqwest` client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// A client identical to this one (sharing its connection pool) but
    /// authenticating with `credentials`, for example to act for another
    /// user: they are its own [credentials](ClientBuilder::credentials), and
    /// it holds none for any security scheme.
    ///
    /// # Errors
    ///
    /// [`BuildError::InvalidCredentials`] if the credentials cannot be sent,
    /// [`BuildError::CredentialsOverHttp`] if the base URL is plain `http` to
    /// a host that is not a loopback address and the builder did not
    /// [allow it](ClientBuilder::allow_credentials_over_http).
    pub fn with_credentials(&self, credentials: Credentials) -> Result<Self, BuildError> {
        check_cleartext(Some(&credentials), self.inner.cleartext_host.as_deref())?;
        let mut inner = (*self.inner).clone();
        inner.credentials = CredentialSet::new(Some(&credentials), &[])
            .map_err(|reason| BuildError::InvalidCredentials { reason })?;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// A client identical to this one (sharing its connection pool) but
    /// retrying according to `policy`, for example
    /// `client.with_retry_policy(RetryPolicy::none())` for one call that must
    /// fail fast.
    #[must_use]
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> Self {
        let mut inner = (*self.inner).clone();
        inner.retry_policy = policy;
        Self {
            inner: Arc::new(inner),
        }
    }

    /// Sends `request`, retrying according to the [`RetryPolicy`], and
    /// decodes a 2xx JSON response body as `T`.
    ///
    /// An empty 2xx body decodes as JSON `null`, so `T = ()` or `Option<_>`
    /// accept `204 No Content`. A non-2xx response becomes [`Error::Api`],
    /// with its body decoded by `decode_error`, which receives the status
    /// and the raw body: usually [`decode_json`](super::decode_json)`::<TheErrorModel>`,
    /// or a function choosing the model by status when the API documents
    /// different error bodies per status.
    ///
    /// # Errors
    ///
    /// See [`Error`]. When retries are exhausted the error of the last
    /// attempt is returned.
    pub async fn execute<T, E>(
        &self,
        request: Request,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
    ) -> Result<T, Error<E>>
    where
        T: DeserializeOwned,
    {
        self.execute_with_response(request, decode_error)
            .await
            .map(Response::into_body)
    }

    /// Like [`execute`](Self::execute), but returns the decoded body together
    /// with the status and headers of the response.
    ///
    /// # Errors
    ///
    /// See [`Error`].
    pub async fn execute_with_response<T, E>(
        &self,
        request: Request,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
    ) -> Result<Response<T>, Error<E>>
    where
        T: DeserializeOwned,
    {
        let (status, headers, body) = self.execute_raw(request, decode_error).await?.into_parts();
        match decode_body(&body) {
            Ok(decoded) => Ok(Response::new(status, headers, decoded)),
            Err(source) => Err(Error::Decode {
                status,
                source,
                body,
            }),
        }
    }

    /// Like [`execute`](Self::execute), but ignores the body of the 2xx
    /// response, for operations that return nothing useful.
    ///
    /// # Errors
    ///
    /// See [`Error`].
    pub async fn execute_empty<E>(
        &self,
        request: Request,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
    ) -> Result<(), Error<E>> {
        self.execute_raw(request, decode_error).await.map(drop)
    }

    /// Like [`execute_empty`](Self::execute_empty), but returns the status
    /// and headers of the response.
    ///
    /// # Errors
    ///
    /// See [`Error`].
    pub async fn execute_empty_with_response<E>(
        &self,
        request: Request,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
    ) -> Result<Response<()>, Error<E>> {
        let response = self.execute_raw(request, decode_error).await?;
        Ok(response.map(drop))
    }

    /// Like [`execute`](Self::execute), but returns the 2xx response as is:
    /// status, headers and raw body, for bodies that are not JSON.
    ///
    /// # Errors
    ///
    /// See [`Error`]; [`Error::Decode`] is never returned.
    pub async fn execute_raw<E>(
        &self,
        request: Request,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
    ) -> Result<Response<Bytes>, Error<E>> {
        self.execute_into(request, decode_error, None).await
    }

    /// Like [`execute_raw`](Self::execute_raw), but leaves the body of a 2xx
    /// response unread, to be streamed as it arrives: for downloads too
    /// large to hold in memory. The stream carries the status and headers.
    /// Retries happen as usual until a 2xx status arrives; a failure while
    /// streaming is not retried. The stream is not bound by
    /// [`max_response_bytes`](ClientBuilder::max_response_bytes) (an error
    /// status's body is): it holds one chunk at a time, and how much of it
    /// to keep is the caller's choice.
    ///
    /// # Errors
    ///
    /// See [`Error`]; [`Error::Decode`] is never returned.
    #[cfg(feature = "runtime-media")]
    pub async fn execute_stream<E>(
        &self,
        request: Request,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
    ) -> Result<super::ByteStream, Error<E>> {
        let mut unread = None;
        self.execute_into(request, decode_error, Some(&mut unread))
            .await?;
        // A 2xx response always leaves its body unread here.
        unread.map(super::ByteStream::new).ok_or_else(|| {
            Error::Request(RequestError::new(
                RequestErrorKind::Other,
                "the response body could not be streamed",
            ))
        })
    }

    /// [`execute_raw`](Self::execute_raw); with `unread`, a 2xx body is left
    /// unread there instead of being read into the returned response.
    async fn execute_into<E>(
        &self,
        request: Request,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
        unread: Option<&mut Option<reqwest::Response>>,
    ) -> Result<Response<Bytes>, Error<E>> {
        if let Some(problem) = request.problem() {
            return Err(Error::Request(problem.clone()));
        }
        let span = tracing::info_span!(
            "http.request",
            operation_id = request.operation_id,
            http.method = %request.method,
            http.route = request.path_template,
            attempt = field::Empty,
            http.status_code = field::Empty,
            duration_ms = field::Empty,
        );
        // With no subscriber interested, skip entering the span on every poll and timing it.
        let result = if span.is_disabled() {
            self.send(&request, &span, unread).await
        } else {
            let started = Instant::now();
            let result = self
                .send(&request, &span, unread)
                .instrument(span.clone())
                .await;
            span.record(
                "duration_ms",
                u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            );
            result
        };
        match result {
            Ok(response) if response.status().is_success() => Ok(response),
            Ok(response) => {
                let (status, headers, raw) = response.into_parts();
                Err(Error::Api(Box::new(ApiError {
                    status,
                    body: decode_error(status, &raw),
                    headers,
                    raw,
                })))
            }
            Err(SendError::Transport(err)) => Err(Error::Transport(err)),
            Err(SendError::TooLarge(err)) => Err(Error::ResponseTooLarge(err)),
            Err(SendError::Request(err)) => Err(Error::Request(err)),
            Err(SendError::Token(err)) => Err(Error::Token(err)),
            Err(SendError::TimedOut(timeout)) => {
                Err(Error::Stream(StreamError::timed_out(None, timeout)))
            }
        }
    }

    /// Sends the request until it succeeds or the retry policy says to stop,
    /// and returns the last outcome, recording attempts and statuses on `span`.
    ///
    /// With `unread`, the body of a 2xx response is left there unread.
    ///
    /// The request holds its place under the concurrency limit from the
    /// first attempt to the last, waits included (for a streamed download,
    /// until its body is left unread).
    async fn send(
        &self,
        request: &Request,
        span: &tracing::Span,
        mut unread: Option<&mut Option<reqwest::Response>>,
    ) -> Result<Response<Bytes>, SendError> {
        let inner = &*self.inner;
        let policy = &inner.retry_policy;
        let selected = inner
            .credentials
            .select(request.security())
            .ok_or_else(|| {
                SendError::Request(RequestError::new(
                    RequestErrorKind::MissingCredentials,
                    format!(
                        "operation {} needs credentials of the security scheme {}, and the client \
                     holds none of them",
                        request.operation_id,
                        describe_security(request.security())
                    ),
                ))
            })?;
        // Of the credentials sent, the one whose bearer tokens come from a
        // source, asked before each attempt.
        let source = selected
            .iter()
            .copied()
            .find(|auth| matches!(auth, PreparedAuth::Source(_)));
        let target = self
            .target(request, &selected)
            .map_err(SendError::Request)?;
        let _permit = inner.limits.acquire(&request.method).await;
        let mut waited = Duration::ZERO;
        let mut attempt: u32 = 1;
        // A 401 answered by a token refresh: that one extra attempt is not
        // counted against the retry policy.
        let mut reauthenticated = false;
        let mut fresh_token = None;
        loop {
            span.record("attempt", attempt);
            let token = match fresh_token.take() {
                Some(token) => Some(token),
                None => match source {
                    Some(source) => source.token().await.map_err(SendError::Token)?,
                    None => None,
                },
            };
            let outcome = self
                .attempt(
                    request,
                    &target,
                    (&selected, token.as_ref()),
                    unread.as_deref_mut(),
                )
                .await;
            let (retryable, reason, retry_after) = match &outcome {
                Ok(response) => {
                    let status = response.status();
                    span.record("http.status_code", status.as_u16());
                    tracing::debug!(
                        attempt,
                        http.status_code = status.as_u16(),
                        "HTTP response received"
                    );
                    inner
                        .notices
                        .record(request.operation_id, response.headers());
                    // A streamed body went out with the first attempt: it
                    // cannot be sent again, not even with a new token.
                    if let (StatusCode::UNAUTHORIZED, Some(token), false, true) = (
                        status,
                        &token,
                        reauthenticated,
                        request.body.is_replayable(),
                    ) {
                        reauthenticated = true;
                        tracing::debug!(
                            attempt,
                            "the server refused the access token; asking the token source for a new one"
                        );
                        fresh_token = match source {
                            Some(source) => source
                                .token_rejected(token)
                                .await
                                .map_err(SendError::Token)?,
                            None => None,
                        };
                        if fresh_token.is_some() {
                            tracing::debug!(attempt, "sending again with a new access token");
                            attempt += 1;
                            continue;
                        }
                    }
                    if !is_retryable_status(status) {
                        return outcome;
                    }
                    let retry_after = response
                        .headers()
                        .get(RETRY_AFTER)
                        .and_then(parse_retry_after);
                    (
                        policy.may_resend(&request.method, status),
                        Cow::Owned(format!("status {}", status.as_u16())),
                        retry_after,
                    )
                }
                Err(SendError::Transport(err)) => {
                    let kind = transport_error_kind(err);
                    tracing::debug!(attempt, error.kind = kind, "HTTP request failed");
                    // A connection that was never established carried no
                    // request, so resending is safe for every method.
                    let retryable = err.is_connect()
                        || is_idempotent(&request.method)
                        || policy.retry_non_idempotent;
                    (retryable, Cow::Borrowed(kind), None)
                }
                // A body over the limit would be as large again.
                // A stream that did not start is left to the caller, who
                // may resume it.
                Err(
                    SendError::Request(_)
                    | SendError::Token(_)
                    | SendError::TooLarge(_)
                    | SendError::TimedOut(_),
                ) => {
                    return outcome;
                }
            };
            let counted = attempt - u32::from(reauthenticated);
            // A streamed body went out with the first attempt.
            if !retryable || counted >= policy.attempts() || !request.body.is_replayable() {
                return outcome;
            }
            let wait = match retry_after {
                Some(wait) if policy.honor_retry_after => wait,
                _ => policy.jittered_backoff(counted),
            };
            if waited.saturating_add(wait) > policy.max_total_wait {
                tracing::debug!(
                    attempt,
                    reason = %reason,
                    wait_ms = duration_ms(wait),
                    "not retrying HTTP request: the wait would exceed the retry budget"
                );
                return outcome;
            }
            tracing::debug!(
                attempt,
                reason = %reason,
                wait_ms = duration_ms(wait),
                "retrying HTTP request"
            );
            inner.sleeper.sleep(wait).await;
            waited += wait;
            attempt += 1;
        }
    }

    /// One attempt: build the request, send it, read the whole response
    /// within the limit of body size (or, with `unread`, leave a 2xx body
    /// there unread).
    async fn attempt(
        &self,
        request: &Request,
        target: &Target,
        (selected, token): (&Selected<'_>, Option<&SecretString>),
        unread: Option<&mut Option<reqwest::Response>>,
    ) -> Result<Response<Bytes>, SendError> {
        let inner = &*self.inner;
        let mut builder = inner
            .http
            .request(request.method.clone(), target.url.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, inner.user_agent.clone());
        // A streamed response is timed by its reads, not as a whole.
        if !request.streamed {
            builder = builder.timeout(inner.timeout);
        }
        // Each of these replaces the headers of the same name set before it.
        if !inner.default_headers.is_empty() {
            builder = builder.headers(inner.default_headers.clone());
        }
        if !request.headers.is_empty() {
            builder = builder.headers(header_params(&request.headers).map_err(SendError::Request)?);
        }
        if !request.extra_headers().is_empty() {
            builder = builder.headers(request.extra_headers().clone());
        }
        builder = match &request.body {
            // `Content-Length: 0` for methods that normally carry a body:
            // some servers and proxies answer `411 Length Required` without.
            Body::Empty if matches!(request.method, Method::POST | Method::PUT | Method::PATCH) => {
                builder.header(CONTENT_LENGTH, HeaderValue::from_static("0"))
            }
            Body::Empty => builder,
            Body::Json(json) => builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(json.clone()),
            #[cfg(feature = "runtime-media")]
            Body::Multipart(parts) => builder
                .multipart(super::request::multipart_form(parts).map_err(SendError::Request)?),
            #[cfg(feature = "runtime-media")]
            Body::Payload(payload, content_type) => payload
                .attach(builder, content_type)
                .map_err(SendError::Request)?,
        };
        let mut http_request = builder.build().map_err(|err| {
            SendError::Request(
                RequestError::new(
                    RequestErrorKind::Other,
                    "the HTTP client rejected the request",
                )
                .with_source(target.redact(err)),
            )
        })?;
        // Last, and replacing any header of the same name: nothing a request
        // sets overrides the credentials.
        for auth in selected {
            match auth {
                PreparedAuth::Header { name, value } => {
                    http_request
                        .headers_mut()
                        .insert(name.clone(), value.clone());
                }
                PreparedAuth::Source(_) => {
                    if let Some(token) = token {
                        let value = bearer_header(token).map_err(SendError::Token)?;
                        http_request.headers_mut().insert(AUTHORIZATION, value);
                    }
                }
                PreparedAuth::Query { .. } => {}
            }
        }
        let executing = inner.http.execute(http_request);
        let executed = if request.streamed {
            tokio::time::timeout(inner.timeout, executing)
                .await
                .map_err(|_| SendError::TimedOut(inner.timeout))?
        } else {
            executing.await
        };
        let mut response = executed.map_err(|err| SendError::Transport(target.redact(err)))?;
        let status = response.status();
        if let Some(unread) = unread.filter(|_| status.is_success()) {
            let headers = response.headers().clone();
            *unread = Some(response);
            return Ok(Response::new(status, headers, Bytes::new()));
        }
        let headers = std::mem::take(response.headers_mut());
        let limit = request
            .max_response_bytes()
            .unwrap_or(inner.max_response_bytes);
        let body = read_limited(response, limit)
            .await
            .map_err(|err| match err {
                ReadError::Transport(err) => SendError::Transport(target.redact(err)),
                ReadError::TooLarge(err) => SendError::TooLarge(err),
            })?;
        Ok(Response::new(status, headers, body))
    }

    /// The full URL of `request`, checked to reach the intended path and to
    /// be at most [`MAX_URL_BYTES`] long.
    fn target(&self, request: &Request, selected: &Selected<'_>) -> Result<Target, RequestError> {
        let inner = &*self.inner;
        let path: Cow<'_, str> = if request.path.starts_with('/') {
            Cow::Borrowed(&request.path)
        } else {
            Cow::Owned(format!("/{}", request.path))
        };
        let invalid = |reason: &str| {
            RequestError::new(
                RequestErrorKind::InvalidUrl,
                format!(
                    "the path {path:?} of operation {} {reason}",
                    request.operation_id
                ),
            )
        };
        check_path_params(request)?;
        let mut full = String::with_capacity(inner.base_url.len() + path.len());
        full.push_str(&inner.base_url);
        full.push_str(&path);
        let mut url = Url::parse(&full)
            .map_err(|err| invalid("does not form a valid URL").with_source(err))?;
        // A `.`/`..` segment or an unescaped `?`, `#` or `{` would make the
        // request reach a different resource than the one described.
        let survives = url.path().strip_prefix(inner.base_path.as_str()) == Some(&*path);
        if !survives || url.query().is_some() || url.fragment().is_some() {
            return Err(invalid(
                "does not survive URL normalization (it contains a `.` or `..` segment \
                 or an unescaped character)",
            ));
        }
        let mut query = if request.query.is_empty() {
            String::new()
        } else {
            request.query.to_query_string()
        };
        let mut redacted_query: Option<String> = None;
        for auth in selected {
            if let PreparedAuth::Query { name, value } = auth {
                let redacted = redacted_query.get_or_insert_with(|| query.clone());
                append_pair(redacted, name, "[redacted]");
                append_pair(&mut query, name, value.expose());
            }
        }
        if !query.is_empty() {
            url.set_query(Some(&query));
        }
        let length = url.as_str().len();
        if length > MAX_URL_BYTES {
            return Err(RequestError::new(
                RequestErrorKind::UrlTooLong,
                format!(
                    "the URL of operation {} is {length} bytes long, more than the \
                     {MAX_URL_BYTES} bytes a URL can have",
                    request.operation_id
                ),
            ));
        }
        Ok(Target {
            url,
            redacted_query,
        })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("credentials", &inner.credentials.describe().0)
            .field("scheme_credentials", &inner.credentials.describe().1)
            .field("retry_policy", &inner.retry_policy)
            .field("timeout", &inner.timeout)
            .field("connect_timeout", &inner.connect_timeout)
            .field("user_agent", &inner.user_agent)
            .field(
                "default_headers",
                &inner.default_headers.keys().collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// The URL of one call, plus what to show instead of its query in errors
/// when the query carries an API key.
struct Target {
    url: Url,
    redacted_query: Option<String>,
}

impl Target {
    /// Removes the API key from the URL a transport error carries.
    fn redact(&self, mut err: reqwest::Error) -> reqwest::Error {
        let Some(redacted) = &self.redacted_query else {
            return err;
        };
        let same_url = match err.url_mut() {
            Some(url) if *url == self.url => {
                url.set_query(Some(redacted));
                true
            }
            Some(_) => false,
            None => true,
        };
        if same_url { err } else { err.without_url() }
    }
}

/// Why an attempt produced no response.
enum SendError {
    Transport(reqwest::Error),
    /// No response to a streamed request within the timeout.
    TimedOut(Duration),
    TooLarge(ResponseTooLarge),
    Request(RequestError),
    Token(TokenError),
}

/// A short, secret-free description of a transport error for tracing.
fn transport_error_kind(err: &reqwest::Error) -> &'static str {
    if err.is_connect() {
        "connect"
    } else if err.is_timeout() {
        "timeout"
    } else if err.is_body() || err.is_decode() {
        "body"
    } else if err.is_redirect() {
        "redirect"
    } else {
        "request"
    }
}

fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Refuses a path parameter that is empty, `.` or `..` where it would
/// change the path the request reaches: a whole segment of the path
/// (`get_webhook("")` would otherwise call `GET /webhooks/`). In a segment
/// with text around a parameter (`{name}.json`), an empty value is refused
/// too. The parameters are found by laying `request.path_template` over
/// `request.path`, segment by segment; a path that does not match its
/// template segment for segment is left to the checks of the URL.
fn check_path_params(request: &Request) -> Result<(), RequestError> {
    let template = request.path_template.trim_start_matches('/').split('/');
    let path = request.path.trim_start_matches('/').split('/');
    if template.clone().count() != path.clone().count() {
        return Ok(());
    }
    for (template, segment) in template.zip(path) {
        let Some((name, value)) = segment_param(template, segment) else {
            continue;
        };
        let problem = match value {
            "" => "is empty",
            "." | ".." if value == segment => "is `.` or `..`",
            _ => continue,
        };
        return Err(RequestError::new(
            RequestErrorKind::InvalidUrl,
            format!(
                "the path parameter `{name}` of operation {} {problem}, which would send the \
                 request to another path",
                request.operation_id
            ),
        ));
    }
    Ok(())
}

/// The name and encoded value of the one parameter of a template segment
/// (`{name}`, or with text around it), as `segment` holds it; `None` for a
/// segment of no parameter or several, or one that does not match.
fn segment_param<'a>(template: &'a str, segment: &'a str) -> Option<(&'a str, &'a str)> {
    let open = template.find('{')?;
    let close = open + template[open..].find('}')?;
    let (prefix, suffix) = (&template[..open], &template[close + 1..]);
    if suffix.contains('{') {
        return None;
    }
    let value = segment.strip_prefix(prefix)?.strip_suffix(suffix)?;
    Some((&template[open + 1..close], value))
}

/// Refuses `credentials` when the base URL is plain `http` to
/// `cleartext_host`, a host that is not a loopback address.
fn check_cleartext(
    credentials: Option<&Credentials>,
    cleartext_host: Option<&str>,
) -> Result<(), BuildError> {
    match (credentials, cleartext_host) {
        (Some(credentials), Some(host)) => Err(BuildError::CredentialsOverHttp {
            scheme: credentials.scheme(),
            host: host.to_owned(),
        }),
        _ => Ok(()),
    }
}

/// A base URL checked by [`parse_base_url`].
struct BaseUrl {
    /// Without trailing slash.
    url: String,
    /// Its path, without trailing slash (empty for the root).
    path: String,
    /// Its host, if the URL is plain `http` and the host is not a loopback
    /// address.
    cleartext_host: Option<String>,
}

/// Validates a base URL.
fn parse_base_url(input: &str) -> Result<BaseUrl, BuildError> {
    let trimmed = input.trim().trim_end_matches('/');
    let invalid = |reason: &str| BuildError::InvalidBaseUrl {
        url: redact_userinfo(trimmed),
        reason: reason.to_owned(),
    };
    let url = Url::parse(trimmed).map_err(|err| invalid(&err.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "user information in the URL is not supported; use credentials",
        ));
    }
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    let Some(host) = url.host_str().filter(|host| !host.is_empty()) else {
        return Err(invalid("the URL has no host"));
    };
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("the URL must not have a query or fragment"));
    }
    let cleartext_host = (url.scheme() == "http" && !is_loopback(&url)).then(|| host.to_owned());
    Ok(BaseUrl {
        url: url.as_str().trim_end_matches('/').to_owned(),
        path: url.path().trim_end_matches('/').to_owned(),
        cleartext_host,
    })
}

/// `url` with its user information, if it may have some, replaced by
/// `[redacted]`, read from the text alone, since it may not parse: what
/// comes after the scheme and its slashes (or from the start, without
/// them) up to the last `@`. A path holding an `@` is cut too; no secret
/// is shown.
fn redact_userinfo(url: &str) -> String {
    let Some(at) = url.rfind('@') else {
        return url.to_owned();
    };
    let scheme_end = url
        .find(':')
        .filter(|&colon| {
            let scheme = &url[..colon];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
        .map(|colon| colon + 1);
    let start = match scheme_end {
        Some(end) if url[end..].starts_with(['/', '\\']) => {
            end + url[end..].len() - url[end..].trim_start_matches(['/', '\\']).len()
        }
        _ => 0,
    };
    // `at` is past `start`: the scheme and slashes hold no `@`.
    format!("{}[redacted]{}", &url[..start], &url[at..])
}

/// Follows at most [`MAX_REDIRECTS`] redirects, and only within the origin
/// of the original request, so credentials never travel to another host.
/// A cross-origin redirect is returned as the 3xx response itself.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let cross_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() != attempt.url().origin());
        if cross_origin {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

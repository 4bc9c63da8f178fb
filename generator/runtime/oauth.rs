//! OAuth 2.0 (RFC 6749): the authorization-code flow with PKCE (RFC 7636),
//! and access tokens kept fresh with a refresh token.
//!
//! Written over the crates the client already uses (`reqwest`, `serde`,
//! `url`, `sha2`) plus `getrandom` for the PKCE verifier and `state`: the
//! four requests involved are small, and the token lifecycle (refreshing
//! ahead of expiry, once for all concurrent calls, and after a `401`) is
//! this module's own in any case.
//!
//! Compiled with the `oauth` feature (on by default where the API has an
//! OAuth 2.0 scheme), which also brings in `getrandom` and `sha2`.

use std::{
    fmt,
    sync::{Arc, Mutex, MutexGuard},
    time::{Duration, Instant},
};

use futures::future::BoxFuture;
use http::{
    HeaderValue, StatusCode,
    header::{ACCEPT, CONTENT_TYPE},
};
use reqwest::Url;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{
    auth::{SecretString, base64_url, is_loopback},
    body::{ReadError, read_limited},
    client::http_client_builder,
    token::{Clock, SystemClock, TokenError, TokenErrorKind, TokenSource},
};

/// Time allowed for one request to the token endpoint.
const TOKEN_TIMEOUT: Duration = Duration::from_secs(30);
/// How long before expiry an access token is refreshed, at most (at most
/// half its lifetime for short-lived tokens).
const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);
/// The largest answer of the token endpoint read into memory: a token
/// response is a small JSON object.
const MAX_TOKEN_RESPONSE_BYTES: usize = 1 << 20;

/// The endpoints of an OAuth 2.0 provider, as the API description declares
/// them in its `securitySchemes`.
///
/// Compiled with the `oauth` feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OAuthEndpoints {
    /// Where the user is sent to authorize the app (authorization-code flow).
    pub authorization_url: Option<&'static str>,
    /// Where codes and refresh tokens are exchanged for access tokens.
    pub token_url: &'static str,
    /// Where refresh tokens are exchanged, when not at `token_url`.
    pub refresh_url: Option<&'static str>,
}

/// An app registered with the OAuth 2.0 provider: its client id and secret,
/// the provider's endpoints, and the redirect URI.
///
/// It runs the two steps of the authorization-code flow
/// ([`authorize`](Self::authorize), then
/// [`exchange_code`](Self::exchange_code)) and makes the
/// [`RefreshTokenSource`] that keeps a client's access token fresh. The
/// `Debug` output never shows the client secret.
///
/// The token and refresh URLs must be `https` (or `http` on a loopback
/// address, for tests): the client secret travels to them. Their answers
/// are read up to 1 MiB; a larger one is [`TokenErrorKind::InvalidResponse`].
///
/// Compiled with the `oauth` feature.
#[derive(Clone)]
pub struct OAuthApp {
    client_id: String,
    client_secret: SecretString,
    authorization_url: Option<String>,
    token_url: String,
    refresh_url: Option<String>,
    redirect_uri: Option<String>,
    http: Option<reqwest::Client>,
}

impl OAuthApp {
    /// An app with the given credentials at `endpoints`.
    pub fn new(
        endpoints: OAuthEndpoints,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: SecretString::new(client_secret),
            authorization_url: endpoints.authorization_url.map(str::to_owned),
            token_url: endpoints.token_url.to_owned(),
            refresh_url: endpoints.refresh_url.map(str::to_owned),
            redirect_uri: None,
            http: None,
        }
    }

    /// Sets the redirect URI registered for the app, sent with both steps of
    /// the authorization-code flow.
    #[must_use]
    pub fn with_redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// Replaces the authorization URL, for example with a sandbox's.
    #[must_use]
    pub fn with_authorization_url(mut self, url: impl Into<String>) -> Self {
        self.authorization_url = Some(url.into());
        self
    }

    /// Replaces the token URL, for example with a sandbox's. Refreshes go
    /// there too unless a refresh URL is set after this call.
    #[must_use]
    pub fn with_token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self.refresh_url = None;
        self
    }

    /// Sends refresh requests to `url` instead of the token URL.
    #[must_use]
    pub fn with_refresh_url(mut self, url: impl Into<String>) -> Self {
        self.refresh_url = Some(url.into());
        self
    }

    /// Uses `client` for the requests to the token endpoint. By default each
    /// request gets a client made with
    /// [`http_client_builder`](super::http_client_builder) that follows no
    /// redirect, so the client secret cannot be forwarded elsewhere;
    /// configure yours likewise.
    #[must_use]
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Step one of the authorization-code flow: the URL to send the user to,
    /// asking for `scopes`, with a fresh `state` and PKCE (`S256`) verifier.
    ///
    /// Keep [`state`](Authorization::state) and
    /// [`pkce_verifier`](Authorization::pkce_verifier) (for example in the
    /// user's session) until the provider redirects back; then check that
    /// the `state` it returns is the same, and pass its `code` and the
    /// verifier to [`exchange_code`](Self::exchange_code).
    ///
    /// # Errors
    ///
    /// [`TokenErrorKind::Config`] if there is no authorization URL or it does
    /// not parse, [`TokenErrorKind::Other`] if the system has no source of
    /// random numbers.
    pub fn authorize<S: AsRef<str>>(
        &self,
        scopes: impl IntoIterator<Item = S>,
    ) -> Result<Authorization, TokenError> {
        let configured = self.authorization_url.as_deref().ok_or_else(|| {
            TokenError::new(
                TokenErrorKind::Config,
                "no authorization URL is configured for this OAuth app",
            )
        })?;
        let mut url = Url::parse(configured).map_err(|err| {
            TokenError::new(
                TokenErrorKind::Config,
                format!("the authorization URL {configured:?} does not parse"),
            )
            .with_source(err)
        })?;
        let state = base64_url(&random_bytes::<16>()?);
        let pkce_verifier = SecretString::new(base64_url(&random_bytes::<32>()?));
        let scope = scopes
            .into_iter()
            .map(|scope| scope.as_ref().to_owned())
            .collect::<Vec<_>>()
            .join(" ");
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", &self.client_id);
            if let Some(redirect_uri) = &self.redirect_uri {
                query.append_pair("redirect_uri", redirect_uri);
            }
            if !scope.is_empty() {
                query.append_pair("scope", &scope);
            }
            query
                .append_pair("state", &state)
                .append_pair("code_challenge", &pkce_challenge(&pkce_verifier))
                .append_pair("code_challenge_method", "S256");
        }
        Ok(Authorization {
            url,
            state,
            pkce_verifier,
        })
    }

    /// Step two of the authorization-code flow: exchanges the `code` the
    /// provider returned to the redirect URI for tokens, proving with
    /// `pkce_verifier` that this app started the flow. Feed the result to
    /// [`refresh_token_source_from`](Self::refresh_token_source_from).
    ///
    /// # Errors
    ///
    /// A [`TokenError`]: the provider refused the code
    /// ([`TokenErrorKind::Rejected`]), could not be reached, or answered
    /// with something other than a token response. It shows the provider's
    /// `error_description`, but never the code, the verifier or the client
    /// secret, even where the provider quotes them back (as sent, or
    /// percent- or form-encoded): they become `[redacted]`.
    pub async fn exchange_code(
        &self,
        code: &str,
        pkce_verifier: &SecretString,
    ) -> Result<TokenResponse, TokenError> {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("code_verifier", pkce_verifier.expose()),
        ];
        if let Some(redirect_uri) = &self.redirect_uri {
            form.push(("redirect_uri", redirect_uri));
        }
        let secrets = [code, pkce_verifier.expose(), self.client_secret.expose()];
        self.token_request(&self.token_url, form)
            .await
            .map_err(|err| err.without_secrets(&secrets))
    }

    /// Exchanges `refresh_token` for a new access token (and possibly a new
    /// refresh token). [`RefreshTokenSource`] calls this when needed.
    ///
    /// # Errors
    ///
    /// As for [`exchange_code`](Self::exchange_code); a revoked refresh
    /// token is [`TokenErrorKind::Rejected`] with the OAuth error
    /// `invalid_grant`. Neither the refresh token nor the client secret is
    /// ever shown.
    pub async fn refresh(&self, refresh_token: &SecretString) -> Result<TokenResponse, TokenError> {
        let url = self.refresh_url.as_deref().unwrap_or(&self.token_url);
        let form = vec![
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose()),
        ];
        let secrets = [refresh_token.expose(), self.client_secret.expose()];
        self.token_request(url, form)
            .await
            .map_err(|err| err.without_secrets(&secrets))
    }

    /// A token source that gets its first access token by refreshing
    /// `refresh_token` (for example one stored from an earlier
    /// authorization).
    pub fn refresh_token_source(&self, refresh_token: impl Into<String>) -> RefreshTokenSource {
        RefreshTokenSource::new(self.clone(), SecretString::new(refresh_token), None)
    }

    /// A token source that starts with the tokens of an
    /// [`exchange_code`](Self::exchange_code), using the access token until
    /// it is about to expire.
    ///
    /// # Errors
    ///
    /// [`TokenErrorKind::Config`] if the response carries no refresh token.
    pub fn refresh_token_source_from(
        &self,
        tokens: TokenResponse,
    ) -> Result<RefreshTokenSource, TokenError> {
        let refresh_token = tokens.refresh_token.clone().ok_or_else(|| {
            TokenError::new(
                TokenErrorKind::Config,
                "the token response carries no refresh token to refresh the access token with",
            )
        })?;
        Ok(RefreshTokenSource::new(
            self.clone(),
            refresh_token,
            Some(tokens),
        ))
    }

    /// Posts `form` (with the client credentials) to the token endpoint at
    /// `url` and reads the token response.
    async fn token_request(
        &self,
        url: &str,
        mut form: Vec<(&str, &str)>,
    ) -> Result<TokenResponse, TokenError> {
        let url = endpoint_url(url)?;
        form.push(("client_id", &self.client_id));
        form.push(("client_secret", self.client_secret.expose()));
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let http = match &self.http {
            Some(http) => http.clone(),
            // The crate's TLS set-up: this may run before any `Client` is built.
            None => http_client_builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|err| {
                    TokenError::new(
                        TokenErrorKind::Transport,
                        "the HTTP client for the token endpoint could not be created",
                    )
                    .with_source(err)
                })?,
        };
        let unreachable = |err: reqwest::Error| {
            TokenError::new(
                TokenErrorKind::Transport,
                format!(
                    "the token endpoint {} could not be reached",
                    url.origin().ascii_serialization()
                ),
            )
            .with_source(err)
        };
        let response = http
            .post(url.clone())
            .timeout(TOKEN_TIMEOUT)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            )
            .body(body)
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let bytes = read_limited(response, MAX_TOKEN_RESPONSE_BYTES)
            .await
            .map_err(|err| match err {
                ReadError::Transport(err) => unreachable(err),
                ReadError::TooLarge(err) => TokenError::new(
                    TokenErrorKind::InvalidResponse,
                    format!(
                        "the token endpoint {} answered with a body larger than {} bytes, \
                         the limit for a token response",
                        url.origin().ascii_serialization(),
                        err.limit()
                    ),
                ),
            })?;
        if status.is_success() {
            TokenResponse::parse(&bytes)
        } else {
            Err(rejection(status, &bytes))
        }
    }
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("authorization_url", &self.authorization_url)
            .field("token_url", &self.token_url)
            .field("refresh_url", &self.refresh_url)
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// Step one of the authorization-code flow, made by
/// [`OAuthApp::authorize`]: where to send the user, and what to keep until
/// the provider redirects back. The `Debug` output hides the verifier.
///
/// Compiled with the `oauth` feature.
#[derive(Clone)]
pub struct Authorization {
    url: Url,
    state: String,
    pkce_verifier: SecretString,
}

impl Authorization {
    /// The URL to redirect the user to.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The `state` value: the provider sends it back with the code; refuse
    /// the callback if it differs (it protects against cross-site request
    /// forgery).
    pub fn state(&self) -> &str {
        &self.state
    }

    /// Whether the `state` returned to the redirect URI is this one
    /// (compared in constant time).
    pub fn state_matches(&self, returned: &str) -> bool {
        let (a, b) = (self.state.as_bytes(), returned.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// The PKCE verifier to pass to [`OAuthApp::exchange_code`].
    pub fn pkce_verifier(&self) -> &SecretString {
        &self.pkce_verifier
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("url", &self.url.as_str())
            .field("state", &self.state)
            .field("pkce_verifier", &self.pkce_verifier)
            .finish()
    }
}

/// What the token endpoint returned: an access token, and usually how long
/// it lasts and a refresh token. The `Debug` output hides both tokens and
/// shows only the names of the other members.
///
/// Compiled with the `oauth` feature.
#[derive(Clone)]
pub struct TokenResponse {
    access_token: SecretString,
    refresh_token: Option<SecretString>,
    expires_in: Option<Duration>,
    scope: Option<String>,
    extra: serde_json::Map<String, serde_json::Value>,
}

/// The token response on the wire (RFC 6749 section 5.1).
#[derive(Deserialize)]
struct WireTokenResponse {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

impl TokenResponse {
    /// The access token.
    pub fn access_token(&self) -> &SecretString {
        &self.access_token
    }

    /// The refresh token, if the provider issued one.
    pub fn refresh_token(&self) -> Option<&SecretString> {
        self.refresh_token.as_ref()
    }

    /// How long the access token lasts from when it was requested, if the
    /// provider said (`expires_in`).
    pub fn expires_in(&self) -> Option<Duration> {
        self.expires_in
    }

    /// The scopes granted, space-separated, if the provider listed them.
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// The other members of the response, for example the authorized user,
    /// which some providers send beside the token. They may include an OpenID Connect
    /// `id_token`: treat them as confidential.
    pub fn extra(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.extra
    }

    /// Reads a 2xx token response. The error never quotes the body, which
    /// may hold a token.
    fn parse(body: &[u8]) -> Result<Self, TokenError> {
        let invalid = |why: String| {
            TokenError::new(
                TokenErrorKind::InvalidResponse,
                format!("the token endpoint answered with {why}"),
            )
        };
        let wire: WireTokenResponse = serde_json::from_slice(body).map_err(|err| {
            invalid(format!(
                "a body that is not a token response ({} bytes; the JSON is {} at line {}, column {})",
                body.len(),
                match err.classify() {
                    serde_json::error::Category::Data => "missing or mistyped members",
                    _ => "malformed",
                },
                err.line(),
                err.column()
            ))
        })?;
        if wire.access_token.is_empty() {
            return Err(invalid("an empty access token".to_owned()));
        }
        if HeaderValue::from_str(&wire.access_token).is_err() {
            return Err(invalid(
                "an access token with characters not allowed in a header".to_owned(),
            ));
        }
        if let Some(kind) = wire
            .token_type
            .as_deref()
            .filter(|kind| !kind.eq_ignore_ascii_case("bearer"))
        {
            return Err(invalid(format!(
                "a token of type {kind:?}; only bearer tokens are supported"
            )));
        }
        Ok(Self {
            access_token: SecretString::new(wire.access_token),
            refresh_token: wire
                .refresh_token
                .filter(|token| !token.is_empty())
                .map(SecretString::new),
            expires_in: wire.expires_in.map(Duration::from_secs),
            scope: wire.scope,
            extra: wire.extra,
        })
    }
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Keeps a client's OAuth 2.0 access token fresh with a refresh token.
///
/// * The access token is refreshed shortly before it expires (5 minutes by
///   default, at most half its lifetime), so calls do not fail on an expired
///   token; a token of unknown lifetime is used until it is refused.
/// * When the server refuses a token with `401`, the client asks for a new
///   one (see [`TokenSource::token_rejected`]): it is refreshed once and the
///   call is sent again.
/// * Concurrent calls that need a new token share one refresh, and share its
///   failure too: a failed refresh is [`Error::Token`](super::Error::Token)
///   for each of them, and the next call tries again.
/// * A refresh token the provider rotates is kept, and handed to the
///   [`on_refresh`](Self::on_refresh) callback to be stored.
///
/// Clones share the tokens. Nothing secret appears in `Debug` output or in
/// traces.
///
/// Compiled with the `oauth` feature.
#[derive(Clone)]
pub struct RefreshTokenSource {
    app: OAuthApp,
    margin: Duration,
    clock: Arc<dyn Clock>,
    on_refresh: Option<Arc<RefreshCallback>>,
    shared: Arc<Shared>,
}

/// What [`RefreshTokenSource::on_refresh`] calls.
type RefreshCallback = dyn Fn(&TokenResponse) + Send + Sync;

/// The state every clone of a [`RefreshTokenSource`] shares.
struct Shared {
    cache: Mutex<Cache>,
    /// Held while refreshing: one refresh at a time, awaited by the others.
    refreshing: tokio::sync::Mutex<()>,
}

struct Cache {
    refresh_token: SecretString,
    access: Option<Access>,
    /// Counts finished refreshes, so a caller that waited for one can tell.
    generation: u64,
    /// The error of the last refresh, if it failed.
    last_error: Option<TokenError>,
}

struct Access {
    token: SecretString,
    /// When it was requested.
    requested_at: Instant,
    /// How long it lasts; `None` when unknown.
    lifetime: Option<Duration>,
}

impl Cache {
    /// The access token, if it is not due for a refresh at `now` (given
    /// `margin`) and is not `rejected`.
    fn usable(
        &self,
        now: Instant,
        margin: Duration,
        rejected: Option<&SecretString>,
    ) -> Option<&SecretString> {
        let access = self.access.as_ref()?;
        let fresh =
            refresh_at(access.requested_at, access.lifetime, margin).is_none_or(|at| now < at);
        let refused = rejected.is_some_and(|rejected| rejected.expose() == access.token.expose());
        (fresh && !refused).then_some(&access.token)
    }
}

impl RefreshTokenSource {
    fn new(app: OAuthApp, refresh_token: SecretString, initial: Option<TokenResponse>) -> Self {
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let access = initial.map(|tokens| Access {
            token: tokens.access_token,
            requested_at: clock.now(),
            lifetime: tokens.expires_in,
        });
        Self {
            app,
            margin: DEFAULT_REFRESH_MARGIN,
            clock,
            on_refresh: None,
            shared: Arc::new(Shared {
                cache: Mutex::new(Cache {
                    refresh_token,
                    access,
                    generation: 0,
                    last_error: None,
                }),
                refreshing: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// Refreshes `margin` before the access token expires (at most half its
    /// lifetime). Default: 5 minutes.
    #[must_use]
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Reads the time from `clock` instead of the system clock, for tests.
    /// (The lifetime of the access token given to
    /// [`OAuthApp::refresh_token_source_from`] counts from when the source
    /// was made, as the system clock told it.)
    #[must_use]
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Calls `callback` after each successful refresh, for example to store
    /// a rotated [`refresh_token`](TokenResponse::refresh_token).
    #[must_use]
    pub fn on_refresh(mut self, callback: impl Fn(&TokenResponse) + Send + Sync + 'static) -> Self {
        self.on_refresh = Some(Arc::new(callback));
        self
    }

    /// The current refresh token (the latest one, if the provider rotates
    /// them).
    pub fn refresh_token(&self) -> SecretString {
        self.lock().refresh_token.clone()
    }

    fn lock(&self) -> MutexGuard<'_, Cache> {
        // A poisoned lock only means a callback panicked; the cache is
        // consistent between statements.
        self.shared
            .cache
            .lock()
            .unwrap_or_else(|err| err.into_inner())
    }

    /// A usable access token other than `rejected`, refreshing if there is
    /// none; concurrent callers share one refresh.
    async fn usable_token(
        &self,
        rejected: Option<&SecretString>,
    ) -> Result<SecretString, TokenError> {
        let generation = {
            let cache = self.lock();
            if let Some(token) = cache.usable(self.clock.now(), self.margin, rejected) {
                return Ok(token.clone());
            }
            cache.generation
        };
        let _turn = self.shared.refreshing.lock().await;
        {
            let cache = self.lock();
            if cache.generation != generation {
                // Another caller refreshed while this one waited: share its
                // outcome.
                if let Some(err) = &cache.last_error {
                    return Err(err.clone());
                }
                if let Some(token) = cache.usable(self.clock.now(), self.margin, rejected) {
                    return Ok(token.clone());
                }
            }
        }
        self.refresh_now().await
    }

    /// Refreshes; the caller holds the `refreshing` lock.
    async fn refresh_now(&self) -> Result<SecretString, TokenError> {
        let refresh_token = self.lock().refresh_token.clone();
        let requested_at = self.clock.now();
        tracing::debug!("refreshing the OAuth 2.0 access token");
        let result = self.app.refresh(&refresh_token).await;
        let mut cache = self.lock();
        cache.generation += 1;
        match result {
            Ok(tokens) => {
                if let Some(rotated) = &tokens.refresh_token {
                    cache.refresh_token = rotated.clone();
                }
                cache.access = Some(Access {
                    token: tokens.access_token.clone(),
                    requested_at,
                    lifetime: tokens.expires_in,
                });
                cache.last_error = None;
                drop(cache);
                tracing::debug!(
                    expires_in_s = tokens.expires_in.map(|d| d.as_secs()),
                    "refreshed the OAuth 2.0 access token"
                );
                if let Some(callback) = &self.on_refresh {
                    callback(&tokens);
                }
                Ok(tokens.access_token)
            }
            Err(err) => {
                cache.last_error = Some(err.clone());
                drop(cache);
                tracing::warn!(error = %err, "could not refresh the OAuth 2.0 access token");
                Err(err)
            }
        }
    }
}

impl TokenSource for RefreshTokenSource {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        Box::pin(self.usable_token(None))
    }

    fn token_rejected<'a>(
        &'a self,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<Option<SecretString>, TokenError>> {
        Box::pin(async move { self.usable_token(Some(rejected)).await.map(Some) })
    }
}

impl fmt::Debug for RefreshTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cache = self.lock();
        f.debug_struct("RefreshTokenSource")
            .field("app", &self.app)
            .field("refresh_token", &cache.refresh_token)
            .field("has_access_token", &cache.access.is_some())
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

/// When to refresh a token requested at `requested_at` that lasts
/// `lifetime`: `margin` before it expires, or halfway for short lifetimes.
fn refresh_at(
    requested_at: Instant,
    lifetime: Option<Duration>,
    margin: Duration,
) -> Option<Instant> {
    let lifetime = lifetime?;
    requested_at.checked_add(lifetime - margin.min(lifetime / 2))
}

/// Parses a token or refresh URL: `https`, or `http` on a loopback host.
fn endpoint_url(url: &str) -> Result<Url, TokenError> {
    let parsed = Url::parse(url).map_err(|err| {
        TokenError::new(
            TokenErrorKind::Config,
            format!("the token URL {url:?} does not parse"),
        )
        .with_source(err)
    })?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback(&parsed) => Ok(parsed),
        _ => Err(TokenError::new(
            TokenErrorKind::Config,
            format!(
                "the token URL {url:?} must be https: the client secret and tokens travel to it"
            ),
        )),
    }
}

/// The error for a non-2xx answer of the token endpoint, with the OAuth
/// error code and description (RFC 6749 section 5.2) if the body has them.
fn rejection(status: StatusCode, body: &[u8]) -> TokenError {
    #[derive(Deserialize)]
    struct WireError {
        error: String,
        #[serde(default)]
        error_description: Option<String>,
    }
    match serde_json::from_slice::<WireError>(body) {
        Ok(wire) => {
            let message = format!(
                "the token endpoint refused the request: HTTP {status}, {}",
                wire.error
            );
            TokenError::rejected(
                status,
                Some(wire.error),
                wire.error_description.as_deref(),
                message,
            )
        }
        Err(_) => TokenError::rejected(
            status,
            None,
            None,
            format!("the token endpoint refused the request: HTTP {status}"),
        ),
    }
}

/// The PKCE `S256` challenge of a verifier (RFC 7636 section 4.2).
pub(crate) fn pkce_challenge(verifier: &SecretString) -> String {
    base64_url(&Sha256::digest(verifier.expose().as_bytes()))
}

/// `N` bytes from the operating system's secure random number generator.
fn random_bytes<const N: usize>() -> Result<[u8; N], TokenError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|err| {
        TokenError::new(
            TokenErrorKind::Other,
            format!("the system's random number generator failed: {err}"),
        )
    })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_challenge_matches_rfc_7636_appendix_b() {
        let verifier = SecretString::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(
            pkce_challenge(&verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn refresh_comes_ahead_of_expiry() {
        let now = Instant::now();
        let hour = Duration::from_secs(3600);
        let margin = Duration::from_secs(300);
        assert_eq!(
            refresh_at(now, Some(hour), margin),
            Some(now + Duration::from_secs(3300))
        );
        assert_eq!(
            refresh_at(now, Some(Duration::from_secs(60)), margin),
            Some(now + Duration::from_secs(30))
        );
        assert_eq!(refresh_at(now, None, margin), None);
    }

    #[test]
    fn token_urls_must_be_https_off_loopback() {
        assert!(endpoint_url("https://app.asana.com/-/oauth_token").is_ok());
        assert!(endpoint_url("http://127.0.0.1:8080/token").is_ok());
        assert!(endpoint_url("http://localhost/token").is_ok());
        let err = endpoint_url("http://app.asana.com/-/oauth_token").unwrap_err();
        assert_eq!(err.kind(), TokenErrorKind::Config);
        assert!(endpoint_url("not a url").is_err());
    }
}

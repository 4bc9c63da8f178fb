//! Access tokens that come from somewhere else and may expire: the
//! [`TokenSource`] trait, its error, and the clock it reads.

use std::{borrow::Cow, error::Error as StdError, fmt, sync::Arc, time::Instant};

use futures::future::BoxFuture;
use http::StatusCode;

use super::auth::SecretString;

/// Where a client gets its bearer tokens from, for tokens that expire or
/// are issued by another service.
///
/// The client asks for a token before each attempt of each request and
/// sends it as `Authorization: Bearer <token>`. An implementation caches
/// its token and is cheap to ask while it is valid; it refreshes it when it
/// expires, sharing one refresh among concurrent callers.
/// `RefreshTokenSource`, compiled with the `oauth` feature, is the built-in
/// one for OAuth 2.0 refresh tokens.
///
/// When the server answers `401 Unauthorized`, the client calls
/// [`token_rejected`](Self::token_rejected) once and, if that returns a new
/// token, sends the request again with it (once per call, whatever the
/// retry policy). A second `401` is returned as the error.
///
/// Implementations must never log or print a token.
pub trait TokenSource: Send + Sync {
    /// A token that is valid now.
    ///
    /// # Errors
    ///
    /// A [`TokenError`] if no token can be had; the call then fails with
    /// [`Error::Token`](super::Error::Token) without sending anything.
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>>;

    /// The server refused `rejected` with `401 Unauthorized`: returns a
    /// different token to try once more, or `None` if there is none. The
    /// default returns `None`.
    ///
    /// When several calls are refused the same token at once, an
    /// implementation should refresh once and give them all the new token.
    ///
    /// # Errors
    ///
    /// A [`TokenError`] if a refresh was attempted and failed.
    fn token_rejected<'a>(
        &'a self,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<Option<SecretString>, TokenError>> {
        let _ = rejected;
        Box::pin(async { Ok(None) })
    }
}

impl<S: TokenSource + ?Sized> TokenSource for Arc<S> {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        (**self).token()
    }

    fn token_rejected<'a>(
        &'a self,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<Option<SecretString>, TokenError>> {
        (**self).token_rejected(rejected)
    }
}

/// What kind of problem kept a [`TokenSource`] from providing a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenErrorKind {
    /// The token endpoint refused the request with an error status, for
    /// example `400` with `invalid_grant` for a revoked refresh token. The
    /// user has to authorize the app again.
    Rejected,
    /// The token endpoint could not be reached, or did not answer in time.
    Transport,
    /// The token endpoint answered 2xx with something that is not a usable
    /// token response (not JSON, no `access_token`, a token type other than
    /// bearer, or a token that cannot be sent in a header), or answered with
    /// a body larger than a token response can be (1 MiB).
    InvalidResponse,
    /// The OAuth configuration is unusable: a URL that does not parse, a
    /// token URL that is not `https`, no refresh token to refresh with.
    Config,
    /// Anything else, for example a failure of a custom token source.
    Other,
}

/// Why no access token could be obtained. It never contains a token or a
/// client secret.
#[derive(Clone)]
pub struct TokenError {
    kind: TokenErrorKind,
    message: Cow<'static, str>,
    status: Option<StatusCode>,
    oauth_error: Option<String>,
    source: Option<Arc<dyn StdError + Send + Sync + 'static>>,
}

impl TokenError {
    /// A new error of the given kind with a message, which must not contain
    /// a secret.
    pub fn new(kind: TokenErrorKind, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            kind,
            message: message.into(),
            status: None,
            oauth_error: None,
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

    /// An error status of the token endpoint, with the OAuth error code
    /// (`error`, such as `invalid_grant`) if its body had one.
    #[cfg(feature = "oauth")]
    pub(crate) fn rejected(
        status: StatusCode,
        oauth_error: Option<String>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            status: Some(status),
            oauth_error,
            ..Self::new(TokenErrorKind::Rejected, message)
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> TokenErrorKind {
        self.kind
    }

    /// The status the token endpoint answered with, for
    /// [`TokenErrorKind::Rejected`].
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The OAuth 2.0 error code of a rejection (RFC 6749 section 5.2), for
    /// example `"invalid_grant"`: the refresh token was revoked or has
    /// expired, and the user must authorize the app again.
    pub fn oauth_error(&self) -> Option<&str> {
        self.oauth_error.as_deref()
    }
}

impl fmt::Debug for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenError")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("status", &self.status)
            .field("oauth_error", &self.oauth_error)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for TokenError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

/// Tells the time for token expiry. Tests can replace it to let a token
/// expire without waiting.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> Instant;
}

/// [`Instant::now`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

//! Access tokens that come from somewhere else and may expire: the
//! [`TokenSource`] trait, its error, and the clock it reads.

use std::{borrow::Cow, error::Error as StdError, fmt, sync::Arc, time::Instant};

use futures::future::BoxFuture;
use http::StatusCode;

use super::auth::SecretString;

/// How many characters of the token endpoint's error description a
/// [`TokenError`] shows.
const MAX_DESCRIPTION_CHARS: usize = 200;

/// What stands in for a secret of the request in an error.
#[cfg(feature = "oauth")]
const REDACTED: &str = "[redacted]";

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
    /// The token endpoint's `error_description`, whole (control characters
    /// as spaces, secrets of the request redacted); shown cut to
    /// [`MAX_DESCRIPTION_CHARS`].
    description: Option<String>,
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
            description: None,
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
    /// (`error`, such as `invalid_grant`) and description if its body had
    /// them.
    #[cfg(feature = "oauth")]
    pub(crate) fn rejected(
        status: StatusCode,
        oauth_error: Option<String>,
        description: Option<&str>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        let description = description
            .map(|text| {
                text.chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect::<String>()
            })
            .filter(|text| !text.trim().is_empty());
        Self {
            status: Some(status),
            oauth_error,
            description,
            ..Self::new(TokenErrorKind::Rejected, message)
        }
    }

    /// This error without the `secrets` the request to the token endpoint
    /// carried (a refresh token, a code, its verifier, the client secret),
    /// which a token endpoint may quote back: each occurrence in the
    /// message, the OAuth error code and the description, as sent or
    /// percent- or form-encoded, becomes `[redacted]`. Text that still
    /// holds one in another encoding is left out.
    #[cfg(feature = "oauth")]
    pub(crate) fn without_secrets(mut self, secrets: &[&str]) -> Self {
        let forms = SecretForms::new(secrets);
        if forms.is_empty() {
            return self;
        }
        // A message of static text is the runtime's own; a formatted one may
        // quote the token endpoint.
        if let Cow::Owned(message) = &self.message {
            if forms.occur_in(message) {
                self.message = match forms.redact(message) {
                    Some(message) => Cow::Owned(message),
                    None => Cow::Borrowed(
                        "the token endpoint's answer quoted a secret of the request, so it is not shown",
                    ),
                };
            }
        }
        self.oauth_error = self.oauth_error.and_then(|code| forms.redact(&code));
        self.description = self.description.and_then(|text| forms.redact(&text));
        self
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
            .field("description", &self.shown_description())
            .field("source", &self.source)
            .finish()
    }
}

impl TokenError {
    /// The description as `Display` and `Debug` show it: at most
    /// [`MAX_DESCRIPTION_CHARS`] characters, trimmed.
    fn shown_description(&self) -> Option<String> {
        let description = self.description.as_deref()?;
        let shown: String = description.chars().take(MAX_DESCRIPTION_CHARS).collect();
        Some(shown.trim().to_owned())
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        match self.shown_description() {
            Some(description) => write!(f, " ({description})"),
            None => Ok(()),
        }
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

/// The forms in which a secret of a request can come back in a token
/// endpoint's answer: as sent, percent-encoded (upper- or lower-case hex,
/// with or without the unreserved marks encoded) and form-encoded.
#[cfg(feature = "oauth")]
struct SecretForms<'a> {
    secrets: Vec<&'a str>,
    /// Every form of every secret, longest first.
    forms: Vec<String>,
}

#[cfg(feature = "oauth")]
impl<'a> SecretForms<'a> {
    fn new(secrets: &[&'a str]) -> Self {
        use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
        let secrets: Vec<&str> = secrets
            .iter()
            .copied()
            .filter(|secret| !secret.is_empty())
            .collect();
        let mut forms = Vec::new();
        for secret in &secrets {
            let unreserved = super::encode::encode_path_segment(secret);
            let all = utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string();
            let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
            for encoded in [unreserved, all, form] {
                forms.push(lower_hex(&encoded));
                forms.push(encoded);
            }
            forms.push((*secret).to_owned());
        }
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        Self { secrets, forms }
    }

    fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// Whether `text` holds a secret in any form, or once percent- or
    /// form-decoded.
    fn occur_in(&self, text: &str) -> bool {
        let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
        let form_decoded = percent_encoding::percent_decode_str(&text.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned();
        self.forms.iter().any(|form| text.contains(form.as_str()))
            || self
                .secrets
                .iter()
                .any(|secret| decoded.contains(secret) || form_decoded.contains(secret))
    }

    /// `text` with every form of every secret replaced by `[redacted]`, or
    /// `None` if a secret is still there once decoded.
    fn redact(&self, text: &str) -> Option<String> {
        let mut redacted = text.to_owned();
        for form in &self.forms {
            if redacted.contains(form.as_str()) {
                redacted = redacted.replace(form.as_str(), REDACTED);
            }
        }
        (!self.occur_in(&redacted)).then_some(redacted)
    }
}

/// `text` with the hex digits of its `%XX` escapes in lower case.
#[cfg(feature = "oauth")]
fn lower_hex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut escape = 0;
    for c in text.chars() {
        if c == '%' {
            escape = 2;
            out.push(c);
        } else if escape > 0 {
            escape -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

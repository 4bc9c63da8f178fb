//! Credentials and secret handling.

use std::{fmt, sync::Arc};

use http::{HeaderName, HeaderValue, header::AUTHORIZATION};

use super::token::{TokenError, TokenErrorKind, TokenSource};

/// A string holding a secret (a token, password or API key).
///
/// The value is only reachable through [`SecretString::expose`]; its `Debug`
/// output is always `SecretString("[redacted]")`, and it deliberately does not
/// implement `Display`, so a secret cannot end up in a log line or an error
/// message by accident.
#[derive(Clone)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret value.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// Returns the secret value.
    ///
    /// Call this only where the value is actually needed, and never pass the
    /// result to a logger or a formatter.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Returns `true` if the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SecretString").field(&"[redacted]").finish()
    }
}

impl From<String> for SecretString {
    fn from(secret: String) -> Self {
        Self(secret)
    }
}

impl From<&str> for SecretString {
    fn from(secret: &str) -> Self {
        Self(secret.to_owned())
    }
}

/// How the client authenticates its requests.
///
/// Credentials are attached to every attempt of every request, including
/// retries. Header-based credentials are marked as sensitive so that `http`
/// and `reqwest` never print them, and the `Debug` output of this type shows
/// which scheme is in use but never the secret itself.
///
/// The client built by [`ClientBuilder`](super::ClientBuilder) does not follow
/// redirects to another origin, so credentials are never forwarded to a host
/// other than the one the base URL names.
#[derive(Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// `Authorization: Bearer <token>` (OAuth 2 access tokens, personal
    /// access tokens).
    Bearer(SecretString),
    /// An API key sent in a request header.
    ApiKeyHeader {
        /// The header that carries the key.
        name: HeaderName,
        /// The key.
        value: SecretString,
    },
    /// An API key sent as a query parameter.
    ///
    /// Prefer a header-based scheme when the API offers one: URLs tend to be
    /// logged by proxies and servers. The client redacts the key from the URL
    /// of any transport error it returns.
    ApiKeyQuery {
        /// The query parameter that carries the key.
        name: String,
        /// The key.
        value: SecretString,
    },
    /// HTTP Basic authentication (`Authorization: Basic <base64>`).
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: SecretString,
    },
    /// `Authorization: Bearer <token>` with a token asked from a
    /// [`TokenSource`] before each attempt, for tokens that expire (such as
    /// OAuth 2.0 access tokens: see `RefreshTokenSource`, compiled with the
    /// `oauth` feature).
    TokenSource(Arc<dyn TokenSource>),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bearer(token) => f.debug_tuple("Bearer").field(token).finish(),
            Self::ApiKeyHeader { name, value } => f
                .debug_struct("ApiKeyHeader")
                .field("name", name)
                .field("value", value)
                .finish(),
            Self::ApiKeyQuery { name, value } => f
                .debug_struct("ApiKeyQuery")
                .field("name", name)
                .field("value", value)
                .finish(),
            Self::Basic { username, password } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", password)
                .finish(),
            Self::TokenSource(_) => f.write_str("TokenSource(..)"),
        }
    }
}

impl Credentials {
    /// Bearer token authentication: `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<String>) -> Self {
        Self::Bearer(SecretString::new(token))
    }

    /// An API key sent in the header `name`, given as a [`HeaderName`] or a
    /// string (any case: header names are case-insensitive).
    ///
    /// # Panics
    ///
    /// If `name` is not a valid header name (for example if it contains a
    /// space or a colon).
    pub fn api_key_header(name: impl AsRef<str>, value: impl Into<String>) -> Self {
        let name = name.as_ref();
        let name = HeaderName::from_bytes(name.as_bytes())
            .unwrap_or_else(|_| panic!("{name:?} is not a valid HTTP header name"));
        Self::ApiKeyHeader {
            name,
            value: SecretString::new(value),
        }
    }

    /// An API key sent as the query parameter `name`.
    pub fn api_key_query(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self::ApiKeyQuery {
            name: name.into(),
            value: SecretString::new(value),
        }
    }

    /// HTTP Basic authentication.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self::Basic {
            username: username.into(),
            password: SecretString::new(password),
        }
    }

    /// Bearer tokens asked from `source` before each attempt; see
    /// [`Credentials::TokenSource`].
    pub fn token_source(source: Arc<dyn TokenSource>) -> Self {
        Self::TokenSource(source)
    }

    /// A short name of the scheme in use (`"bearer"`, `"api key header"`,
    /// `"api key query"`, `"basic"` or `"token source"`), safe to print.
    pub fn scheme(&self) -> &'static str {
        match self {
            Self::Bearer(_) => "bearer",
            Self::ApiKeyHeader { .. } => "api key header",
            Self::ApiKeyQuery { .. } => "api key query",
            Self::Basic { .. } => "basic",
            Self::TokenSource(_) => "token source",
        }
    }

    /// Validates the credentials and turns them into what is attached to each
    /// request. The error names what is wrong without including any secret.
    pub(crate) fn prepare(&self) -> Result<PreparedAuth, &'static str> {
        match self {
            Self::Bearer(token) => {
                if token.is_empty() {
                    return Err("the bearer token is empty");
                }
                let value = sensitive_value(format!("Bearer {}", token.expose()))
                    .ok_or("the bearer token contains characters not allowed in a header")?;
                Ok(PreparedAuth::Header {
                    name: AUTHORIZATION,
                    value,
                })
            }
            Self::ApiKeyHeader { name, value } => {
                if value.is_empty() {
                    return Err("the API key is empty");
                }
                let value = sensitive_value(value.expose().to_owned())
                    .ok_or("the API key contains characters not allowed in a header")?;
                Ok(PreparedAuth::Header {
                    name: name.clone(),
                    value,
                })
            }
            Self::ApiKeyQuery { name, value } => {
                if name.is_empty() {
                    return Err("the API key query parameter name is empty");
                }
                if value.is_empty() {
                    return Err("the API key is empty");
                }
                Ok(PreparedAuth::Query {
                    name: name.clone(),
                    value: value.clone(),
                })
            }
            Self::Basic { username, password } => {
                let mut plain = String::with_capacity(username.len() + password.expose().len() + 1);
                plain.push_str(username);
                plain.push(':');
                plain.push_str(password.expose());
                let value = sensitive_value(format!("Basic {}", base64(plain.as_bytes())))
                    .ok_or("the basic credentials could not be encoded")?;
                Ok(PreparedAuth::Header {
                    name: AUTHORIZATION,
                    value,
                })
            }
            Self::TokenSource(source) => Ok(PreparedAuth::Source(source.clone())),
        }
    }
}

/// Credentials in the form they are attached to a request.
#[derive(Clone)]
pub(crate) enum PreparedAuth {
    /// A header (value already marked sensitive).
    Header {
        name: HeaderName,
        value: HeaderValue,
    },
    /// A query parameter appended to every request URL.
    Query { name: String, value: SecretString },
    /// A bearer token asked from a source before each attempt.
    Source(Arc<dyn TokenSource>),
}

impl PreparedAuth {
    /// The token to send with the next attempt, for a token source.
    pub(crate) async fn token(&self) -> Result<Option<SecretString>, TokenError> {
        match self {
            Self::Source(source) => source.token().await.map(Some),
            _ => Ok(None),
        }
    }

    /// The server refused `token` with `401`: the token to try once more
    /// with, if the source has a new one.
    pub(crate) async fn token_rejected(
        &self,
        token: &SecretString,
    ) -> Result<Option<SecretString>, TokenError> {
        match self {
            Self::Source(source) => source.token_rejected(token).await,
            _ => Ok(None),
        }
    }
}

/// The credentials a client holds: its own, sent where no scheme's are
/// ([`ClientBuilder::credentials`](super::ClientBuilder::credentials)), and
/// one for each security scheme it was given
/// ([`ClientBuilder::scheme_credentials`](super::ClientBuilder::scheme_credentials)).
#[derive(Clone, Default)]
pub(crate) struct CredentialSet {
    own: Option<Held>,
    /// By scheme, in the order given; a scheme given twice keeps the later.
    schemes: Vec<(String, Held)>,
}

/// Credentials ready to attach, and the kind they are (safe to print).
#[derive(Clone)]
struct Held {
    kind: &'static str,
    prepared: PreparedAuth,
}

impl Held {
    fn new(credentials: &Credentials) -> Result<Self, &'static str> {
        Ok(Self {
            kind: credentials.scheme(),
            prepared: credentials.prepare()?,
        })
    }
}

/// What one request is sent with: the credentials of one alternative of its
/// security, all of them together (usually one).
pub(crate) type Selected<'a> = Vec<&'a PreparedAuth>;

impl CredentialSet {
    /// Validates and prepares the client's own credentials and those of
    /// each scheme; the error names what is wrong, never the secret.
    pub(crate) fn new(
        own: Option<&Credentials>,
        schemes: &[(String, Credentials)],
    ) -> Result<Self, &'static str> {
        let mut set = Self {
            own: own.map(Held::new).transpose()?,
            schemes: Vec::with_capacity(schemes.len()),
        };
        for (scheme, credentials) in schemes {
            let held = Held::new(credentials)?;
            set.schemes.retain(|(name, _)| name != scheme);
            set.schemes.push((scheme.clone(), held));
        }
        Ok(set)
    }

    /// The kinds of credentials held (as [`Credentials::scheme`] names
    /// them), for `Debug`: the client's own, then each scheme's by name.
    pub(crate) fn describe(&self) -> (Option<&'static str>, Vec<(&str, &'static str)>) {
        (
            self.own.as_ref().map(|held| held.kind),
            self.schemes
                .iter()
                .map(|(name, held)| (name.as_str(), held.kind))
                .collect(),
        )
    }

    fn scheme(&self, name: &str) -> Option<&PreparedAuth> {
        self.schemes
            .iter()
            .find(|(scheme, _)| scheme == name)
            .map(|(_, held)| &held.prepared)
    }

    /// The credentials a request with `security` is sent with: the first
    /// alternative naming schemes whose credentials are all held, each of
    /// them; else the client's own (unless `security` is empty, which sends
    /// none); else none, where an alternative is empty. `None` when none of
    /// these applies: the operation needs credentials the client lacks.
    pub(crate) fn select(&self, security: &[&[&str]]) -> Option<Selected<'_>> {
        if security.is_empty() {
            return Some(Vec::new());
        }
        for alternative in security.iter().filter(|a| !a.is_empty()) {
            let held: Option<Selected<'_>> = alternative.iter().map(|s| self.scheme(s)).collect();
            if let Some(held) = held {
                return Some(held);
            }
        }
        if let Some(own) = &self.own {
            return Some(vec![&own.prepared]);
        }
        security
            .iter()
            .any(|alternative| alternative.is_empty())
            .then(Vec::new)
    }
}

/// The security schemes a request accepts, as a message reads them:
/// `` `a`, or `b` and `c` together ``.
pub(crate) fn describe_security(security: &[&[&str]]) -> String {
    let alternatives: Vec<String> = security
        .iter()
        .filter(|alternative| !alternative.is_empty())
        .map(|alternative| {
            let names: Vec<String> = alternative.iter().map(|s| format!("`{s}`")).collect();
            match names.len() {
                1 => names.join(""),
                _ => format!("{} together", names.join(" and ")),
            }
        })
        .collect();
    alternatives.join(", or ")
}

/// Whether `url` names a loopback host (`127.0.0.0/8`, `::1` or
/// `localhost`), to which secrets may travel over plain `http`: they never
/// leave the machine.
pub(crate) fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(host)) => host.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The `Authorization` value for a bearer token from a token source.
pub(crate) fn bearer_header(token: &SecretString) -> Result<HeaderValue, TokenError> {
    if token.is_empty() {
        return Err(TokenError::new(
            TokenErrorKind::InvalidResponse,
            "the token source returned an empty token",
        ));
    }
    sensitive_value(format!("Bearer {}", token.expose())).ok_or_else(|| {
        TokenError::new(
            TokenErrorKind::InvalidResponse,
            "the token source returned a token with characters not allowed in a header",
        )
    })
}

fn sensitive_value(value: String) -> Option<HeaderValue> {
    let mut value = HeaderValue::try_from(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Standard base64 (RFC 4648, with padding), as HTTP Basic requires.
fn base64(input: &[u8]) -> String {
    encode_base64(
        input,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        true,
    )
}

/// URL-safe base64 without padding (RFC 4648 section 5), as PKCE requires.
#[cfg(feature = "oauth")]
pub(crate) fn base64_url(input: &[u8]) -> String {
    encode_base64(
        input,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        false,
    )
}

fn encode_base64(input: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextet = |shift: u32| char::from(alphabet[((n >> shift) & 0x3f) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        if chunk.len() > 1 {
            out.push(sextet(6));
        } else if pad {
            out.push('=');
        }
        if chunk.len() > 2 {
            out.push(sextet(0));
        } else if pad {
            out.push('=');
        }
    }
    out
}

//! Secrets, and requests that cannot be sent, against servers on loopback that answer what a
//! hostile or broken server would: error texts quoting the secrets they were sent, bodies nested
//! 100,000 deep. Also base URLs and credentials that must be refused before anything is sent.
//!
//! The servers are raw TCP listeners on 127.0.0.1 that record each request as it arrived and
//! answer with one fixed response; each accepts a bounded number of connections, reads each for a
//! bounded time, and stops when dropped.

use std::{
    io,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use asana_webhooks::runtime::{
    BuildError, ClientBuilder, Credentials, OAuthApp, OAuthEndpoints, Request, RequestErrorKind,
    SecretString, TokenError, TokenErrorKind, TokenSource, decode_json, http_client_builder,
};
use asana_webhooks::{Client, Error};
use futures::future::BoxFuture;
use reqwest::Method;
use serde_json::{Value, json};
use tests::{Captured, Waits};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    task::JoinHandle,
};

const TOKEN: &str = "pat-4f1e9c2b7a60d358";
const CLIENT_ID: &str = "1204567890";
// Secrets whose percent- and form-encoded forms differ from their text.
const CLIENT_SECRET: &str = "cs=8c1d&0f2e/9b7a";
const REFRESH_TOKEN: &str = "rt/5a4b+3c2d 1e0f~x";
const CODE: &str = "code/77 a+b&c";
const VERIFIER: &str = "ver~ifier.12345_abc-XYZ";

// ---------------------------------------------------------------- the server

/// At most this many connections per server.
const MAX_CONNECTIONS: usize = 16;
/// At most this long to read one request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// At most this many bytes of one request.
const MAX_REQUEST_BYTES: usize = 256 * 1024;

/// A one-response HTTP/1.1 server on 127.0.0.1.
struct Server {
    url: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Answers every request with `status`, a JSON `body` and `Connection: close`.
    async fn start(status: u16, body: impl Into<Vec<u8>>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let body = body.into();
        let mut response = format!(
            "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(&body);
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn({
            let (connections, requests) = (connections.clone(), requests.clone());
            async move {
                for _ in 0..MAX_CONNECTIONS {
                    let Ok((mut stream, _)) = listener.accept().await else {
                        return;
                    };
                    connections.fetch_add(1, Ordering::SeqCst);
                    if let Ok(Ok(request)) =
                        tokio::time::timeout(READ_TIMEOUT, read_request(&mut stream)).await
                    {
                        requests.lock().unwrap().push(request);
                        let _ = stream.write_all(&response).await;
                        let _ = stream.shutdown().await;
                    }
                }
            }
        });
        Server {
            url,
            connections,
            requests,
            task,
        }
    }

    /// How many connections it accepted.
    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Each request it read whole: request line, headers and body, as text.
    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request: its head, and the body its `Content-Length` announces.
async fn read_request(stream: &mut TcpStream) -> io::Result<String> {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .map_or(0, |n| n.trim().parse().unwrap_or(0));
            if bytes.len() >= end + 4 + length {
                return Ok(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        if bytes.len() > MAX_REQUEST_BYTES {
            return Err(io::Error::other("request too large"));
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
}

// ---------------------------------------------------------------- finding a secret

/// `text` with its `%XX` escapes decoded (and `+` as a space, with `form`).
fn percent_decoded(text: &str, form: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) if form => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Fails if `shown` holds any 8 consecutive characters of a secret, as they are or once
/// percent- or form-decoded (so a secret cut short, or encoded, is found too).
fn assert_no_secret(shown: &str, secrets: &[&str]) {
    let views = [
        shown.to_owned(),
        percent_decoded(shown, false),
        percent_decoded(shown, true),
    ];
    for secret in secrets {
        let chars: Vec<char> = secret.chars().collect();
        for window in chars.windows(8) {
            let piece: String = window.iter().collect();
            for view in &views {
                assert!(!view.contains(&piece), "{piece:?} of a secret in: {shown}");
            }
        }
    }
}

/// `Display`, `Debug`, alternate `Debug`, and the `Display` of each source of `err`.
fn everything_shown(err: &(dyn std::error::Error + 'static)) -> String {
    let mut shown = format!("{err}\n{err:?}\n{err:#?}");
    let mut source = err.source();
    while let Some(cause) = source {
        shown.push_str(&format!("\n{cause}"));
        source = cause.source();
    }
    shown
}

// ---------------------------------------------------------------- OAuth errors

fn app(token_server: &Server) -> OAuthApp {
    OAuthApp::new(
        OAuthEndpoints {
            authorization_url: Some("https://app.example.com/-/oauth_authorize"),
            token_url: "https://app.example.com/-/oauth_token",
            refresh_url: None,
        },
        CLIENT_ID,
        CLIENT_SECRET,
    )
    .with_redirect_uri("https://myapp.example.com/oauth/callback")
    .with_token_url(format!("{}/-/oauth_token", token_server.url))
    // The crate's TLS stack set up, as the app's own client would not in a process that
    // built no `Client` first.
    .with_http_client(
        http_client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    )
}

fn form_encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

// The only test of this binary that refreshes a token, so the WARN event's call site is first
// reached with this test's subscriber in place (`tracing` caches whether anyone listens).
#[tokio::test]
async fn a_refresh_error_never_quotes_the_refresh_token_or_client_secret() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer({
            let captured = captured.clone();
            move || captured.clone()
        })
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // The refresh token form-encoded and percent-encoded in lower case, the client secret
    // form-encoded, then the refresh token as sent, across the cut at 200 characters.
    let encoded = format!(
        "sent {} and {} to {};",
        form_encoded(REFRESH_TOKEN),
        form_encoded(CLIENT_SECRET),
        asana_webhooks::runtime::encode_path_segment(REFRESH_TOKEN).to_ascii_lowercase()
    );
    let description = format!(
        "{encoded}{} {REFRESH_TOKEN} was revoked",
        "x".repeat(195 - encoded.len())
    );
    let token_server = Server::start(
        400,
        json!({"error": "invalid_grant", "error_description": description}).to_string(),
    )
    .await;
    let api = Server::start(200, json!({"data": {}}).to_string()).await;
    let source = app(&token_server).refresh_token_source(REFRESH_TOKEN);
    let client = Client::builder()
        .base_url(&api.url)
        .token_source(source)
        .build()
        .unwrap();

    let err = client.get_webhook("12345").send().await.unwrap_err();

    let Error::Token(token_error) = &err else {
        panic!("expected a token error, got {err:?}");
    };
    assert_eq!(token_error.kind(), TokenErrorKind::Rejected);
    assert_eq!(token_error.oauth_error(), Some("invalid_grant"));
    let shown = everything_shown(&err);
    assert!(shown.contains("invalid_grant"), "{shown}");
    assert!(
        shown.contains("sent [redacted] and [redacted] to [redacted];xxx"),
        "the rest of the description is kept: {shown}"
    );
    assert!(shown.contains("xxx [redacted]"), "{shown}");
    assert_no_secret(&shown, &[REFRESH_TOKEN, CLIENT_SECRET]);
    let traced = captured.text();
    assert!(traced.contains("WARN"), "{traced}");
    assert!(traced.contains("could not refresh"), "{traced}");
    assert_no_secret(&traced, &[REFRESH_TOKEN, CLIENT_SECRET]);
    assert_eq!(token_server.requests().len(), 1);
    assert_eq!(api.connections(), 0, "no token, no call");
}

#[tokio::test]
async fn a_secret_in_an_unexpected_encoding_takes_the_description_away() {
    // The refresh token half percent-encoded, the client secret in the error code.
    let token_server = Server::start(
        400,
        json!({
            "error": format!("bad {CLIENT_SECRET}"),
            "error_description": format!("see {}", REFRESH_TOKEN.replace('/', "%2F")),
        })
        .to_string(),
    )
    .await;

    let err = app(&token_server)
        .refresh(&SecretString::new(REFRESH_TOKEN))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), TokenErrorKind::Rejected);
    assert_eq!(err.oauth_error(), Some("bad [redacted]"));
    let shown = everything_shown(&err);
    assert!(
        !shown.contains("see "),
        "the description is left out: {shown}"
    );
    assert_no_secret(&shown, &[REFRESH_TOKEN, CLIENT_SECRET]);
}

#[tokio::test]
async fn an_exchange_error_never_quotes_the_code_verifier_or_client_secret() {
    let description = format!(
        "code {CODE} does not match verifier {VERIFIER} ({}) for {CLIENT_SECRET}",
        form_encoded(CODE)
    );
    let token_server = Server::start(
        400,
        json!({"error": "invalid_grant", "error_description": description}).to_string(),
    )
    .await;

    let err = app(&token_server)
        .exchange_code(CODE, &SecretString::new(VERIFIER))
        .await
        .unwrap_err();

    assert_eq!(err.oauth_error(), Some("invalid_grant"));
    let shown = everything_shown(&err);
    assert!(
        shown.contains("does not match verifier [redacted]"),
        "{shown}"
    );
    assert_no_secret(&shown, &[CODE, VERIFIER, CLIENT_SECRET]);
    // They were sent, form-encoded.
    let sent = &token_server.requests()[0];
    assert!(
        sent.contains(&format!("code={}", form_encoded(CODE))),
        "{sent}"
    );
}

#[tokio::test]
async fn a_token_response_quoting_a_secret_is_not_shown_either() {
    // A 2xx answer whose token type is the refresh token.
    let token_server = Server::start(
        200,
        json!({"access_token": "at-1", "token_type": REFRESH_TOKEN}).to_string(),
    )
    .await;

    let err = app(&token_server)
        .refresh(&SecretString::new(REFRESH_TOKEN))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), TokenErrorKind::InvalidResponse);
    let shown = everything_shown(&err);
    assert!(shown.contains("only bearer tokens"), "{shown}");
    assert_no_secret(&shown, &[REFRESH_TOKEN, CLIENT_SECRET]);
}

// ---------------------------------------------------------------- base URLs

#[test]
fn an_invalid_base_url_never_shows_its_credentials() {
    for url in [
        // Parses, but user information is refused.
        "https://key-7c1f2e9d:pw-5b3a8e0c@example.com/api",
        // Does not parse: a space in the host, a bad port, an unclosed IPv6 address.
        "https://key-7c1f2e9d:pw-5b3a8e0c@exa mple.com/api",
        "https://key-7c1f2e9d:pw-5b3a8e0c@example.com:99999",
        "https://key-7c1f2e9d:pw-5b3a8e0c@[::1",
        // Another scheme; no slashes (read as the scheme `key-7c1f2e9d`); backslashes.
        "ftp://key-7c1f2e9d:pw-5b3a8e0c@example.com",
        "key-7c1f2e9d:pw-5b3a8e0c@example.com",
        "https:\\\\key-7c1f2e9d:pw-5b3a8e0c@exa mple.com",
        // An `@` in the password.
        "https://key-7c1f2e9d:pw-5b3a@8e0c@exa mple.com",
        // A `/` in the password, so that the URL ends before it.
        "https://key-7c1f2e9d:pw-5b3a/8e0c@example.com",
    ] {
        let err = ClientBuilder::new(url).build().unwrap_err();
        let BuildError::InvalidBaseUrl { url: shown_url, .. } = &err else {
            panic!("{url}: expected an invalid base URL, got {err:?}");
        };
        assert!(shown_url.contains("[redacted]"), "{url}: {shown_url}");
        let shown = format!("{err}\n{err:?}");
        assert_no_secret(&shown, &["key-7c1f2e9d", "pw-5b3a8e0c"]);
        for piece in ["key-7c1f", "pw-5b3a", "8e0c"] {
            assert!(!shown.contains(piece), "{url}: {shown}");
        }
    }
    let err = ClientBuilder::new("https://key:pw-5b3a8e0c@exa mple.com/api")
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("\"https://[redacted]@exa mple.com/api\""),
        "the rest is shown: {err}"
    );
}

// ---------------------------------------------------------------- credentials over http

/// A token source of the test's own.
struct FixedToken(String);

impl TokenSource for FixedToken {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        let token = SecretString::new(self.0.clone());
        Box::pin(async move { Ok(token) })
    }
}

/// A builder for `base_url` over one shared HTTP client, which is slow to make (it loads the
/// platform's certificates).
fn builder(base_url: &str) -> ClientBuilder {
    static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    let http = HTTP.get_or_init(|| http_client_builder().build().unwrap());
    ClientBuilder::new(base_url).http_client(http.clone())
}

fn every_kind_of_credentials() -> Vec<Credentials> {
    vec![
        Credentials::bearer(TOKEN),
        Credentials::basic("user", TOKEN),
        Credentials::api_key_header("x-api-key", TOKEN),
        Credentials::api_key_query("api_key", TOKEN),
        Credentials::token_source(Arc::new(FixedToken(TOKEN.to_owned()))),
    ]
}

#[test]
fn credentials_over_plain_http_off_loopback_are_refused_unless_allowed() {
    for base_url in [
        "http://example.com",
        "http://api.example.com:8080/v1",
        "http://10.0.0.7",
        "http://[2001:db8::1]",
        "http://127.0.0.1.example.com",
        "http://localhost.example.com",
    ] {
        for credentials in every_kind_of_credentials() {
            let scheme = credentials.scheme();
            let err = builder(base_url)
                .credentials(credentials.clone())
                .build()
                .unwrap_err();
            match &err {
                BuildError::CredentialsOverHttp {
                    scheme: refused,
                    host,
                } => {
                    assert_eq!(*refused, scheme);
                    assert!(base_url.contains(host.as_str()), "{base_url}: {host}");
                }
                other => panic!("{base_url} {scheme}: expected a refusal, got {other:?}"),
            }
            let message = err.to_string();
            assert!(
                message.contains("allow_credentials_over_http()"),
                "{message}"
            );
            assert!(!format!("{message} {err:?}").contains(TOKEN), "{message}");

            let allowed = builder(base_url)
                .credentials(credentials.clone())
                .allow_credentials_over_http()
                .build();
            assert!(allowed.is_ok(), "{base_url} {scheme}: allowed by name");

            // Credentials given later are refused alike.
            let anonymous = builder(base_url).build().unwrap();
            let err = anonymous.with_credentials(credentials.clone()).unwrap_err();
            assert!(
                matches!(err, BuildError::CredentialsOverHttp { .. }),
                "{err:?}"
            );
            let allowed = builder(base_url)
                .allow_credentials_over_http()
                .build()
                .unwrap();
            assert!(allowed.with_credentials(credentials).is_ok());
        }
    }
    // The generated crate's own methods go through the same check.
    let err = Client::builder()
        .base_url("http://app.example.com/api/1.0")
        .personal_access_token(TOKEN)
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, BuildError::CredentialsOverHttp { scheme: "bearer", host } if host == "app.example.com"),
        "{err:?}"
    );
}

#[test]
fn credentials_go_over_https_and_over_http_to_loopback() {
    for base_url in [
        "https://example.com",
        "https://10.0.0.7:8443/api",
        "http://127.0.0.1:8080",
        "http://127.200.3.4",
        "http://[::1]:8080/api",
        "http://localhost:3000",
        "http://LOCALHOST",
    ] {
        for credentials in every_kind_of_credentials() {
            let scheme = credentials.scheme();
            let built = builder(base_url).credentials(credentials).build();
            assert!(built.is_ok(), "{base_url} {scheme}: {:?}", built.err());
        }
    }
    // Without credentials, any http host.
    assert!(builder("http://example.com").build().is_ok());
}

// ---------------------------------------------------------------- requests that cannot be sent

/// The longest URL the client sends (documented on `RequestErrorKind::UrlTooLong`).
const MAX_URL_BYTES: usize = 65_534;

/// The generated client at `server`, authenticated with a personal access token.
fn client(server: &Server) -> Client {
    client_and_sleep(server).0
}

fn client_and_sleep(server: &Server) -> (Client, Waits) {
    let sleep = Waits::default();
    let client = Client::builder()
        .base_url(&server.url)
        .personal_access_token(TOKEN)
        .sleeper(sleep.clone())
        .build()
        .unwrap();
    (client, sleep)
}

#[tokio::test]
async fn a_url_over_the_maximum_length_is_a_request_error_never_sent_nor_retried() {
    let server = Server::start(404, json!({"errors": []}).to_string()).await;
    let (client, sleep) = client_and_sleep(&server);
    // `http://127.0.0.1:port/webhooks/<gid>`, exactly at the limit and one byte over.
    let at_limit = "7".repeat(MAX_URL_BYTES - format!("{}/webhooks/", server.url).len());

    let err = client
        .get_webhook(&format!("{at_limit}7"))
        .send()
        .await
        .unwrap_err();

    match &err {
        Error::Request(request) => assert_eq!(request.kind(), RequestErrorKind::UrlTooLong),
        // Not `{other:?}`, which would print the URL.
        other => panic!("expected a request error, got: {other}"),
    }
    assert!(err.to_string().contains("65535 bytes"), "{err}");
    assert!(
        !err.to_string().contains("7777777"),
        "the URL is not quoted: {err}"
    );
    assert_eq!(server.connections(), 0, "not sent");
    assert_eq!(sleep.waits(), [], "not retried");

    // At the limit it goes out (and the server's 404 comes back).
    let err = client.get_webhook(&at_limit).send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err}");
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn a_long_query_counts_toward_the_limit_too() {
    let server = Server::start(200, json!({"data": []}).to_string()).await;
    let client = ClientBuilder::new(&server.url).build().unwrap();
    let mut query = asana_webhooks::runtime::Query::new();
    query.push("opt_fields", &"name,".repeat(MAX_URL_BYTES / 5));
    let request = Request::new("getThings", Method::GET, "/things", "/things").with_query(query);

    let err = client
        .execute_empty(request, decode_json::<Value>)
        .await
        .unwrap_err();

    assert!(
        matches!(&err, Error::Request(e) if e.kind() == RequestErrorKind::UrlTooLong),
        "{err:?}"
    );
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn an_empty_or_dot_path_parameter_is_a_request_error_and_nothing_is_sent() {
    let server = Server::start(200, json!({"data": {}}).to_string()).await;
    let client = client(&server);

    for gid in ["", ".", ".."] {
        for err in [
            client.get_webhook(gid).send().await.unwrap_err(),
            client.delete_webhook(gid).send().await.unwrap_err(),
        ] {
            match &err {
                Error::Request(request) => {
                    assert_eq!(request.kind(), RequestErrorKind::InvalidUrl, "{gid:?}");
                }
                other => panic!("{gid:?}: expected a request error, got {other:?}"),
            }
            assert!(err.to_string().contains("`webhook_gid`"), "{err}");
        }
    }
    assert_eq!(server.connections(), 0, "GET /webhooks/ was never called");

    // In a segment with text around the parameter, an empty value is refused too; dots there
    // change nothing.
    let request = |value: &str| {
        Request::new(
            "getFile",
            Method::GET,
            "/files/{name}.json",
            format!("/files/{value}.json"),
        )
    };
    let err = client
        .execute_empty(request(""), decode_json::<Value>)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("`name`"), "{err}");
    client
        .execute_empty(request(".."), decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(server.connections(), 1);
    assert!(server.requests()[0].starts_with("GET /files/...json "));
}

// ---------------------------------------------------------------- refused or encoded already

#[tokio::test]
async fn header_values_with_cr_lf_or_nul_are_refused_and_never_echoed() {
    let server = Server::start(200, json!({"data": {}}).to_string()).await;
    let client = client(&server);
    for c in ["\r", "\n", "\r\n", "\0"] {
        let value = format!("hv-91c0d2e8{c}X-Injected: 1");
        let shown_no_value = |shown: String| {
            assert!(!shown.contains("hv-91c0d2e8"), "{c:?}: {shown}");
            assert!(!shown.contains("X-Injected"), "{c:?}: {shown}");
        };

        // A request's own header.
        let err = client
            .get_webhook("1")
            .header("X-Note", &value)
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Request(e) if e.kind() == RequestErrorKind::InvalidHeader),
            "{err:?}"
        );
        assert!(err.to_string().contains("X-Note"), "{err}");
        shown_no_value(format!("{err} {err:?}"));

        // A header parameter.
        let request = Request::new("getThing", Method::GET, "/things/{id}", "/things/1")
            .with_header("X-Param", value.clone());
        let err = client
            .execute_empty(request, decode_json::<Value>)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Request(e) if e.kind() == RequestErrorKind::InvalidHeader),
            "{err:?}"
        );
        shown_no_value(format!("{err} {err:?}"));

        // A default header, the user agent, and credentials in headers.
        let builder = || ClientBuilder::new(&server.url);
        let refused = [
            builder().default_header("X-Note", &value).build(),
            builder().user_agent(&value).build(),
            builder().credentials(Credentials::bearer(&value)).build(),
            builder()
                .credentials(Credentials::api_key_header("x-api-key", &value))
                .build(),
        ];
        for built in refused {
            let err = built.unwrap_err();
            shown_no_value(format!("{err} {err:?}"));
        }

        // A token from a token source, asked for at each call.
        let client = ClientBuilder::new(&server.url)
            .token_source(FixedToken(value.clone()))
            .build()
            .unwrap();
        let err = client
            .execute_empty(
                Request::new("getThing", Method::GET, "/things/{id}", "/things/1"),
                decode_json::<Value>,
            )
            .await
            .unwrap_err();
        assert!(matches!(&err, Error::Token(_)), "{err:?}");
        shown_no_value(format!("{err} {err:?}"));
    }
    assert_eq!(server.connections(), 0, "nothing was sent");
}

#[tokio::test]
async fn path_and_query_values_are_percent_encoded() {
    let server = Server::start(200, json!({"data": []}).to_string()).await;
    let client = client(&server);

    let _ = client.get_webhook("../admin").send().await;
    let _ = client.get_webhooks("../admin&resource=1#x").send().await;

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let line = |request: &str| request.lines().next().unwrap_or_default().to_owned();
    assert_eq!(line(&requests[0]), "GET /webhooks/..%2Fadmin HTTP/1.1");
    let second = line(&requests[1]);
    assert!(
        second.starts_with("GET /webhooks?")
            && second.contains("workspace=..%2Fadmin%26resource%3D1%23x"),
        "{second}"
    );
    assert!(!second.contains("&resource=1"), "{second}");
}

#[tokio::test]
async fn json_nested_100000_deep_is_a_typed_error() {
    let deep_array = "[".repeat(100_000);
    let deep_object = "{\"a\":".repeat(100_000);
    for nested in [deep_array, deep_object] {
        // As the data itself, and inside a member no model knows, which is skipped.
        for body in [
            format!("{{\"data\": {nested}"),
            format!("{{\"data\": {{\"gid\": \"1\", \"unknown\": {nested}}}}}"),
        ] {
            let server = Server::start(200, body.clone()).await;
            let err = client(&server).get_webhook("1").send().await.unwrap_err();
            assert!(matches!(err, Error::Decode { .. }), "{err:?}");

            // An error body alike: the error, without a decoded body.
            let server = Server::start(400, body.clone()).await;
            let err = client(&server).get_webhook("1").send().await.unwrap_err();
            match &err {
                Error::Api(api) => {
                    assert_eq!(api.status.as_u16(), 400);
                    assert!(api.body.is_none());
                }
                other => panic!("expected an API error, got {other:?}"),
            }

            // And a token endpoint's answer.
            let server = Server::start(200, body).await;
            let err = app(&server)
                .refresh(&SecretString::new(REFRESH_TOKEN))
                .await
                .unwrap_err();
            assert_eq!(err.kind(), TokenErrorKind::InvalidResponse);
        }
    }
}

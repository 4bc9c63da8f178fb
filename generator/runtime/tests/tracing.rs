//! The runtime's tracing output: what it records, that it logs deprecation
//! notices once, and that it never records a secret.
//!
//! This is a test binary of its own (the runtime's other tests are its unit tests), with a
//! single test running its parts one after the other: `tracing` caches per call site whether anyone
//! listens, and a call site first hit by a concurrently running test that
//! has no subscriber can be cached as disabled, which would make the
//! assertions below flaky.

use reqwest::Method;
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

use client_runtime::runtime::{
    ClientBuilder, Credentials, Error, OAuthApp, OAuthEndpoints, Query, Request, RetryPolicy,
    decode_json,
};

const TOKEN: &str = "tok-3f9c2a7e51d84b06";
const API_KEY: &str = "key-9d0e4b7c22a1f365";

/// A `tracing` writer collecting everything in memory: give `move || captured.clone()` to a
/// subscriber's `with_writer`, then read [`Captured::text`].
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    /// Everything written so far.
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Collects what is traced while it lives.
fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

#[tokio::test]
async fn tracing() {
    records_the_call_but_no_secret().await;
    logs_each_deprecation_notice_once_per_client().await;
    token_refreshes_trace_no_secret().await;
}

async fn records_the_call_but_no_secret() {
    let (captured, _guard) = capture();

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string(TOKEN))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"echo": TOKEN})))
        .mount(&server)
        .await;
    // Secrets in the credentials, the path, the query and both bodies.
    let request = || {
        let mut query = Query::new();
        query.push("secret_query", &TOKEN);
        Request::new(
            "getThing",
            Method::GET,
            "/things/{thing_gid}",
            format!("/things/{TOKEN}"),
        )
        .with_query(query)
    };
    let bearer = ClientBuilder::new(&server.uri())
        .credentials(Credentials::bearer(TOKEN))
        .retry_policy(RetryPolicy::no_delay())
        .build()
        .unwrap();
    let _: Value = bearer
        .execute(request(), decode_json::<Value>)
        .await
        .unwrap();
    let query_key = ClientBuilder::new(&server.uri())
        .credentials(Credentials::api_key_query("api_key", API_KEY))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let _: Value = query_key
        .execute(request(), decode_json::<Value>)
        .await
        .unwrap();

    let output = captured.text();
    if std::env::var_os("SHOW_TRACE").is_some() {
        println!("{output}");
    }
    assert!(!output.contains(TOKEN), "{output}");
    assert!(!output.contains(API_KEY), "{output}");
    assert!(output.contains("http.request"), "{output}");
    assert!(output.contains("operation_id=\"getThing\""), "{output}");
    assert!(output.contains("http.method=GET"), "{output}");
    assert!(
        output.contains("http.route=\"/things/{thing_gid}\""),
        "{output}"
    );
    assert!(output.contains("retrying HTTP request"), "{output}");
    assert!(output.contains("reason=status 503"), "{output}");
    assert!(output.contains("http.status_code=200"), "{output}");
    assert!(output.contains("attempt=2"), "{output}");
    assert!(output.contains("duration_ms="), "{output}");
}

async fn logs_each_deprecation_notice_once_per_client() {
    let (captured, _guard) = capture();
    let change = "@1767225600";
    let server = MockServer::start().await;
    Mock::given(path("/old"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Deprecation", change)
                .set_body_json(json!({})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/sunset"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("Deprecation", "@1735689600")
                .insert_header("Sunset", "Wed, 31 Dec 2025 23:59:59 GMT"),
        )
        .mount(&server)
        .await;
    let client = || {
        ClientBuilder::new(&server.uri())
            .credentials(Credentials::bearer(TOKEN))
            .build()
            .unwrap()
    };
    let request = |path: &str| Request::new("getOldThing", Method::GET, "/things", path);

    let first = client();
    for _ in 0..3 {
        let response = first
            .execute_with_response::<Value, Value>(request("/old"), decode_json)
            .await
            .unwrap();
        let notice = response.deprecations().next().unwrap();
        assert_eq!((notice.header(), notice.value()), ("deprecation", change));
    }
    // A clone shares what its original logged.
    let _: Value = first
        .clone()
        .execute(request("/old"), decode_json::<Value>)
        .await
        .unwrap();
    // Error responses carry notices too.
    for _ in 0..2 {
        let err = first
            .execute::<Value, Value>(request("/sunset"), decode_json)
            .await
            .unwrap_err();
        assert_eq!(err.api().unwrap().deprecations().count(), 2);
    }
    // Another client logs for itself.
    let _: Value = client()
        .execute(request("/old"), decode_json::<Value>)
        .await
        .unwrap();

    let output = captured.text();
    let warnings: Vec<&str> = output
        .lines()
        .filter(|line| line.contains("WARN") && line.contains("announced a change or deprecation"))
        .collect();
    assert_eq!(warnings.len(), 4, "{output}");
    let with = |needle: &str| warnings.iter().filter(|line| line.contains(needle)).count();
    assert_eq!(with(change), 2, "{output}");
    assert_eq!(with("header=\"deprecation\""), 3, "{output}");
    assert_eq!(with("Wed, 31 Dec 2025 23:59:59 GMT"), 1, "{output}");
    assert_eq!(with("operation_id=\"getOldThing\""), 4, "{output}");
}

async fn token_refreshes_trace_no_secret() {
    const CLIENT_SECRET: &str = "cs-77aa66bb55cc44dd";
    const REFRESH_TOKEN: &str = "rt-0f1e2d3c4b5a6978";
    const ACCESS_TOKEN: &str = "at-9a8b7c6d5e4f3021";
    let (captured, _guard) = capture();
    let server = MockServer::start().await;
    Mock::given(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": ACCESS_TOKEN,
            "token_type": "bearer",
            "expires_in": 3600,
            "refresh_token": REFRESH_TOKEN,
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})))
        .mount(&server)
        .await;
    Mock::given(path("/things/1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let app = OAuthApp::new(
        OAuthEndpoints {
            authorization_url: None,
            token_url: "https://example.com/token",
            refresh_url: None,
        },
        "client-id",
        CLIENT_SECRET,
    )
    .with_token_url(format!("{}/token", server.uri()));
    let client = ClientBuilder::new(&server.uri())
        .token_source(app.refresh_token_source(REFRESH_TOKEN))
        .build()
        .unwrap();

    // Refreshed, refused with 401, refreshed again: refused.
    let err = client
        .execute::<Value, Value>(
            Request::new("getThing", Method::GET, "/things/{id}", "/things/1"),
            decode_json,
        )
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Token(token) if token.oauth_error() == Some("invalid_grant")));

    let output = captured.text();
    if std::env::var_os("SHOW_TRACE").is_some() {
        println!("{output}");
    }
    for secret in [CLIENT_SECRET, REFRESH_TOKEN, ACCESS_TOKEN] {
        assert!(!output.contains(secret), "{output}");
    }
    assert!(
        output.contains("refreshed the OAuth 2.0 access token"),
        "{output}"
    );
    assert!(output.contains("expires_in_s=3600"), "{output}");
    assert!(
        output.contains("the server refused the access token"),
        "{output}"
    );
    assert!(
        output.contains("could not refresh the OAuth 2.0 access token"),
        "{output}"
    );
    assert!(output.contains("invalid_grant"), "{output}");
}

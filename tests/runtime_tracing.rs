//! The runtime's tracing output: what it records, and that it never records
//! a secret.
//!
//! This is a test binary of its own, with a single test: `tracing` caches
//! per call site whether anyone listens, and a call site first hit by a
//! concurrently running test that has no subscriber can be cached as
//! disabled, which would make the assertions below flaky.

use std::{
    io,
    sync::{Arc, Mutex},
    time::Duration,
};

use futures::future::BoxFuture;
use reqwest::Method;
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers::method};

use asana_webhooks::runtime::{
    ClientBuilder, Credentials, Query, Request, RetryPolicy, Sleep, decode_json,
};

const TOKEN: &str = "tok-3f9c2a7e51d84b06";
const API_KEY: &str = "key-9d0e4b7c22a1f365";

/// Returns immediately.
struct NoSleep;

impl Sleep for NoSleep {
    fn sleep(&self, _: Duration) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

/// A `tracing` writer collecting everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_records_the_call_but_no_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

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
        .sleeper(NoSleep)
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

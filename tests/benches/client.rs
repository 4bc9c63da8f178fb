//! Requests per second of a generated call, `client.get_webhook("123").send().await`, beside a
//! hand-written reqwest call making the same request (same URL, same headers) and decoding the
//! same JSON into the same model type, both against a local axum server that answers with a
//! fixed `{"data": WebhookResponse}` body. The difference is the generated client's overhead:
//! request building, URL checks, tracing, retry bookkeeping and error mapping.
//!
//! `cargo bench -p tests --bench client` (about 15 s). The client and the server each run on
//! their own single-threaded Tokio runtime, on separate threads, so that the numbers are steady.

use std::hint::black_box;
use std::net::SocketAddr;
use std::time::Duration;

use asana_webhooks::Client;
use asana_webhooks::models::WebhookResponse;
use asana_webhooks::runtime::Data;
use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::get;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const TOKEN: &str = "bench-token";
const AUTHORIZATION: &str = "Bearer bench-token";
/// The generated client's default timeout per attempt.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);
/// What the generated client sends as `User-Agent`: `<crate name>/<crate version>`.
const USER_AGENT: &str = "asana-webhooks/0.1.0";

/// The example webhook of the spec, as `GET /webhooks/{webhook_gid}` returns it.
const BODY: &str = r#"{"data":{"gid":"123","resource_type":"webhook","active":false,"resource":{"gid":"12345","resource_type":"task","name":"Bug Task"},"target":"https://example.com/receive-webhook/7654","created_at":"2012-02-22T02:06:58.147Z","last_failure_at":"2012-02-22T02:06:58.147Z","last_failure_content":"500 Server Error\\n\\nCould not complete the request","last_success_at":"2012-02-22T02:06:58.147Z","delivery_retry_count":3,"next_attempt_after":"2012-02-22T02:06:58.147Z","failure_deletion_timestamp":"2012-02-22T02:06:58.147Z","filters":[{"resource_type":"task","resource_subtype":"milestone","action":"changed","fields":["due_at","due_on","dependencies"]}]}}"#;

/// Answers `GET /webhooks/{webhook_gid}` with [`BODY`], or 401 without the expected token.
async fn get_webhook(
    headers: HeaderMap,
) -> (
    StatusCode,
    [(header::HeaderName, &'static str); 1],
    &'static str,
) {
    let json = [(header::CONTENT_TYPE, "application/json")];
    if headers
        .get(header::AUTHORIZATION)
        .is_some_and(|value| value == AUTHORIZATION)
    {
        (StatusCode::OK, json, BODY)
    } else {
        (
            StatusCode::UNAUTHORIZED,
            json,
            r#"{"errors":[{"message":"Not Authorized"}]}"#,
        )
    }
}

/// Starts the server on a free loopback port, on its own thread; it lives until the process
/// exits.
fn start_server() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port is free");
    listener
        .set_nonblocking(true)
        .expect("the listener can be made non-blocking");
    let address = listener.local_addr().expect("the listener has an address");
    std::thread::spawn(move || {
        let runtime = current_thread_runtime();
        runtime.block_on(async move {
            let listener =
                tokio::net::TcpListener::from_std(listener).expect("tokio takes the listener");
            let app = Router::new().route("/webhooks/{webhook_gid}", get(get_webhook));
            axum::serve(listener, app).await.expect("the server runs");
        });
    });
    address
}

fn current_thread_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
}

fn get_webhook_rps(c: &mut Criterion) {
    let address = start_server();
    let base_url = format!("http://{address}");
    let runtime = current_thread_runtime();

    let client = Client::builder()
        .base_url(&base_url)
        .personal_access_token(TOKEN)
        .build()
        .expect("the client builds");
    let http = &asana_webhooks::runtime::http_client_builder()
        .build()
        .unwrap();
    let url = &format!("{base_url}/webhooks/123");

    let generated = || async {
        let webhook = client
            .get_webhook("123")
            .send()
            .await
            .expect("the generated call succeeds");
        black_box(webhook)
    };
    let raw = |timeout: Option<Duration>| async move {
        let mut request = http
            .get(url)
            .header(header::AUTHORIZATION, AUTHORIZATION)
            .header(header::ACCEPT, "application/json")
            .header(header::USER_AGENT, USER_AGENT);
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        let response = request.send().await.expect("the raw call succeeds");
        assert!(
            response.status().is_success(),
            "the raw call got {}",
            response.status()
        );
        let body = response.bytes().await.expect("the body is read");
        let envelope: Data<WebhookResponse> =
            serde_json::from_slice(&body).expect("the body decodes");
        black_box(envelope.data)
    };

    // Both calls must see the same webhook, or the comparison means nothing.
    let (from_generated, from_raw) =
        runtime.block_on(async { (generated().await, raw(None).await) });
    assert_eq!(from_generated, from_raw);
    assert_eq!(from_generated.gid.as_deref(), Some("123"));

    let mut group = c.benchmark_group("get_webhook");
    group.throughput(Throughput::Elements(1));
    group.bench_function("generated", |b| b.to_async(&runtime).iter(generated));
    group.bench_function("raw_reqwest", |b| b.to_async(&runtime).iter(|| raw(None)));
    // The generated client gives every attempt a total timeout (60 s by default), which reqwest
    // implements with a timer per request; this is the raw call paying for the same guarantee.
    group.bench_function("raw_reqwest_with_timeout", |b| {
        b.to_async(&runtime).iter(|| raw(Some(CLIENT_TIMEOUT)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = get_webhook_rps
}
criterion_main!(benches);

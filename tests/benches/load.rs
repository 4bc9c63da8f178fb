//! Load: 10,000 `create_webhook` calls, 64 in flight, against a loopback server that refuses one
//! call in ten with `429 Too Many Requests` (`Retry-After: 0`) the first time it sees it.
//!
//! Checks that every call completes, none is lost and none is executed twice (the server counts
//! executions per call), then prints the throughput of the generated client and of a raw reqwest
//! loop doing the same (same requests, same retry on 429, same decoding), and the generated
//! client's overhead per call.
//!
//! `cargo bench -p tests --bench load` (about 20 s). The client and the server each run on a
//! single-threaded Tokio runtime of their own, on separate threads.

use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use asana_webhooks::Client;
use asana_webhooks::models::{CreateWebhookResponse, WebhookRequest};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use futures::StreamExt;
use serde_json::{Value, json};

const CALLS: usize = 10_000;
const IN_FLIGHT: usize = 64;
/// Measured rounds per client; the median is reported.
const ROUNDS: usize = 5;
const TOKEN: &str = "bench-token";
/// What the generated client sends as `User-Agent`.
const USER_AGENT: &str = "asana-webhooks/0.1.0";

/// Requests and executions per call id.
struct Counts {
    requests: Vec<AtomicU32>,
    executed: Vec<AtomicU32>,
}

impl Counts {
    fn new() -> Self {
        let zeros = || (0..CALLS).map(|_| AtomicU32::new(0)).collect();
        Self {
            requests: zeros(),
            executed: zeros(),
        }
    }

    fn reset(&self) {
        for count in self.requests.iter().chain(&self.executed) {
            count.store(0, Ordering::SeqCst);
        }
    }

    /// Panics unless every call was executed exactly once, with one extra request for each
    /// refused one. Returns the number of requests.
    fn check(&self) -> u32 {
        let mut total = 0;
        for id in 0..CALLS {
            let executed = self.executed[id].load(Ordering::SeqCst);
            let requests = self.requests[id].load(Ordering::SeqCst);
            assert_eq!(executed, 1, "call {id} executed {executed} times");
            let expected = if refused_first(id) { 2 } else { 1 };
            assert_eq!(requests, expected, "call {id}: {requests} requests");
            total += requests;
        }
        total
    }
}

/// One call in ten is refused with 429 the first time.
fn refused_first(id: usize) -> bool {
    id.is_multiple_of(10)
}

/// `POST /webhooks`: the call id is the `resource`.
async fn create_webhook(State(counts): State<Arc<Counts>>, Json(body): Json<Value>) -> Response {
    let Some(id) = body["data"]["resource"]
        .as_str()
        .and_then(|id| id.parse::<usize>().ok())
        .filter(|&id| id < CALLS)
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let seen = counts.requests[id].fetch_add(1, Ordering::SeqCst);
    if seen == 0 && refused_first(id) {
        return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "0")]).into_response();
    }
    counts.executed[id].fetch_add(1, Ordering::SeqCst);
    let webhook = json!({
        "gid": id.to_string(),
        "resource_type": "webhook",
        "active": true,
        "resource": {"gid": id.to_string(), "resource_type": "task", "name": "Bugs"},
        "target": "https://example.com/receive-webhook/7654",
    });
    (StatusCode::CREATED, Json(json!({"data": webhook}))).into_response()
}

fn current_thread_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
}

/// Starts the server on a free loopback port, on its own thread; it lives until the process
/// exits.
fn start_server(counts: Arc<Counts>) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port is free");
    listener
        .set_nonblocking(true)
        .expect("the listener can be made non-blocking");
    let address = listener.local_addr().expect("the listener has an address");
    std::thread::spawn(move || {
        current_thread_runtime().block_on(async move {
            let listener =
                tokio::net::TcpListener::from_std(listener).expect("tokio takes the listener");
            let app = Router::new()
                .route("/webhooks", post(create_webhook))
                .with_state(counts);
            axum::serve(listener, app).await.expect("the server runs");
        });
    });
    address
}

fn request(id: usize) -> WebhookRequest {
    WebhookRequest {
        resource: id.to_string(),
        target: "https://example.com/receive-webhook/7654"
            .parse()
            .expect("a valid URL"),
        filters: None,
    }
}

/// The generated call.
async fn generated(client: &Client, id: usize) -> String {
    let created = client
        .create_webhook(request(id))
        .send()
        .await
        .expect("the generated call succeeds");
    created
        .data
        .and_then(|webhook| webhook.gid)
        .unwrap_or_default()
}

/// The same call written by hand: same headers and body, resent on 429 after `Retry-After`.
async fn raw(http: &reqwest::Client, url: &str, id: usize) -> String {
    let body = serde_json::to_vec(&json!({"data": request(id)})).expect("the body serialises");
    for _attempt in 0..3 {
        let response = http
            .post(url)
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .header(header::ACCEPT, "application/json")
            .header(header::USER_AGENT, USER_AGENT)
            .header(header::CONTENT_TYPE, "application/json")
            .timeout(Duration::from_secs(60))
            .body(body.clone())
            .send()
            .await
            .expect("the raw call succeeds");
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let wait = response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|value| value.to_str().ok()?.parse().ok())
                .unwrap_or(0);
            tokio::time::sleep(Duration::from_secs(wait)).await;
            continue;
        }
        assert_eq!(response.status(), StatusCode::CREATED);
        let bytes = response.bytes().await.expect("the body is read");
        let created: CreateWebhookResponse =
            serde_json::from_slice(&bytes).expect("the body decodes");
        return created
            .data
            .and_then(|webhook| webhook.gid)
            .unwrap_or_default();
    }
    panic!("call {id} was refused three times");
}

/// Runs all the calls with `call`, `IN_FLIGHT` at a time; checks each returned its own id and
/// the server's counts. Returns the time taken.
fn run<F, Fut>(runtime: &tokio::runtime::Runtime, counts: &Counts, call: F) -> Duration
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = String>,
{
    counts.reset();
    let started = Instant::now();
    let completed = runtime.block_on(async {
        futures::stream::iter(0..CALLS)
            .map(|id| {
                let call = call(id);
                async move { (id, call.await) }
            })
            .buffer_unordered(IN_FLIGHT)
            .fold(0usize, |completed, (id, gid)| async move {
                assert_eq!(gid, id.to_string(), "call {id} got another call's answer");
                black_box(gid);
                completed + 1
            })
            .await
    });
    let elapsed = started.elapsed();
    assert_eq!(completed, CALLS);
    let requests = counts.check();
    assert_eq!(requests as usize, CALLS + CALLS / 10);
    elapsed
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; a plain `cargo test` of the bench target passes nothing
    // and should not run it.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let counts = Arc::new(Counts::new());
    let address = start_server(counts.clone());
    let base_url = format!("http://{address}");
    let runtime = current_thread_runtime();
    let client = Client::builder()
        .base_url(&base_url)
        .personal_access_token(TOKEN)
        .build()
        .expect("the client builds");
    let http = asana_webhooks::runtime::http_client_builder()
        .build()
        .unwrap();
    let url = format!("{base_url}/webhooks");

    // Warm up both (connections, allocator), then alternate measured rounds.
    run(&runtime, &counts, |id| generated(&client, id));
    run(&runtime, &counts, |id| raw(&http, &url, id));
    let (mut generated_times, mut raw_times) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        generated_times.push(run(&runtime, &counts, |id| generated(&client, id)));
        raw_times.push(run(&runtime, &counts, |id| raw(&http, &url, id)));
    }
    let (generated_time, raw_time) = (median(generated_times), median(raw_times));

    let per_second = |time: Duration| CALLS as f64 / time.as_secs_f64();
    println!(
        "load: {CALLS} create_webhook calls, {IN_FLIGHT} in flight, one in ten refused once with 429; \
         every call completed exactly once ({} requests); median of {ROUNDS} rounds",
        CALLS + CALLS / 10
    );
    println!(
        "  generated client: {:>8.1} ms  {:>8.0} calls/s",
        generated_time.as_secs_f64() * 1e3,
        per_second(generated_time)
    );
    println!(
        "  raw reqwest:      {:>8.1} ms  {:>8.0} calls/s",
        raw_time.as_secs_f64() * 1e3,
        per_second(raw_time)
    );
    let overhead = (generated_time.as_secs_f64() - raw_time.as_secs_f64()) / CALLS as f64;
    println!(
        "  overhead of the generated client: {:+.1} µs per call ({:+.1}%)",
        overhead * 1e6,
        (generated_time.as_secs_f64() / raw_time.as_secs_f64() - 1.0) * 100.0
    );
}

//! Client-side concurrency limits, observed at a loopback server that counts the requests it
//! is handling at once.
//!
//! The server holds each request for a few milliseconds so that calls overlap when nothing
//! stops them; no assertion is about time.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    Json, Router,
    extract::Path,
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use futures::StreamExt;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::fakes::Waits;
use crate::runtime::{Body, ClientBuilder, Request, RetryPolicy, decode_json};

/// How long the server holds each request.
const HOLD: Duration = Duration::from_millis(15);

#[derive(Default)]
struct Counts {
    reads_in_flight: usize,
    writes_in_flight: usize,
    max_reads: usize,
    max_writes: usize,
    /// Requests per call id, 429s included.
    requests: HashMap<u32, u32>,
    /// Calls executed (answered 2xx) per id.
    executed: HashMap<u32, u32>,
    /// Ids of the writes, in the order they arrived.
    write_order: Vec<u32>,
}

type Shared = Arc<Mutex<Counts>>;

/// Whether call `id` is first refused with 429.
fn rate_limited_first(id: u32) -> bool {
    id % 3 == 0
}

async fn handle(counts: Shared, id: u32, write: bool) -> Response {
    let first = {
        let mut c = counts.lock().unwrap();
        if write {
            c.writes_in_flight += 1;
            c.max_writes = c.max_writes.max(c.writes_in_flight);
            c.write_order.push(id);
        } else {
            c.reads_in_flight += 1;
            c.max_reads = c.max_reads.max(c.reads_in_flight);
        }
        let seen = c.requests.entry(id).or_default();
        *seen += 1;
        *seen == 1
    };
    tokio::time::sleep(HOLD).await;
    let mut c = counts.lock().unwrap();
    if write {
        c.writes_in_flight -= 1;
    } else {
        c.reads_in_flight -= 1;
    }
    if first && rate_limited_first(id) {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("0"));
        return (StatusCode::TOO_MANY_REQUESTS, headers).into_response();
    }
    *c.executed.entry(id).or_default() += 1;
    let status = if write {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (status, Json(json!({"data": {"gid": id.to_string()}}))).into_response()
}

#[derive(Deserialize)]
struct Created {
    data: Thing,
}

#[derive(Deserialize)]
struct Thing {
    gid: String,
}

async fn start_server(counts: Shared) -> String {
    let reads = {
        let counts = counts.clone();
        move |Path(id): Path<u32>| handle(counts.clone(), id, false)
    };
    let writes = move |Json(body): Json<Value>| {
        let id = body["data"]["id"].as_u64().unwrap() as u32;
        handle(counts.clone(), id, true)
    };
    let app = Router::new()
        .route("/things/{id}", get(reads))
        .route("/things", post(writes));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_never_exceeds_the_read_and_write_limits() {
    let counts = Shared::default();
    let base_url = start_server(counts.clone()).await;
    let client = ClientBuilder::new(&base_url)
        .max_concurrent_reads(3)
        .max_concurrent_writes(1)
        .retry_policy(RetryPolicy::default())
        .sleeper(Waits::default())
        .build()
        .unwrap();

    // 50 calls at once: every fifth a write, the rest reads.
    let calls = (0..50u32).map(|id| {
        let client = client.clone();
        async move {
            let request = if id.is_multiple_of(5) {
                Request::new("createThing", Method::POST, "/things", "/things")
                    .with_body(Body::json(&json!({"data": {"id": id}})).unwrap())
            } else {
                Request::new(
                    "getThing",
                    Method::GET,
                    "/things/{id}",
                    format!("/things/{id}"),
                )
            };
            let created: Created = client.execute(request, decode_json::<Value>).await?;
            Ok::<_, crate::runtime::Error<Value>>((id, created.data.gid))
        }
    });
    let results: Vec<_> = futures::stream::iter(calls)
        .buffer_unordered(50)
        .collect()
        .await;

    for result in &results {
        let (id, gid) = result.as_ref().unwrap();
        assert_eq!(&id.to_string(), gid);
    }
    let c = counts.lock().unwrap();
    assert_eq!(results.len(), 50);
    assert!(c.max_reads <= 3, "{} reads in flight", c.max_reads);
    assert!(c.max_writes <= 1, "{} writes in flight", c.max_writes);
    assert!(c.max_reads >= 2, "the reads did overlap: {}", c.max_reads);
    assert_eq!(c.executed.len(), 50);
    assert!(c.executed.values().all(|&n| n == 1), "{:?}", c.executed);
    for (id, requests) in &c.requests {
        let expected = if rate_limited_first(*id) { 2 } else { 1 };
        assert_eq!(*requests, expected, "call {id}");
    }
    // A write refused with 429 keeps its place through the retry: the next write to arrive
    // is its second attempt.
    let order = &c.write_order;
    for (i, id) in order.iter().enumerate() {
        if rate_limited_first(*id) && order.iter().position(|other| other == id) == Some(i) {
            assert_eq!(order.get(i + 1), Some(id), "write order {order:?}");
        }
    }
}

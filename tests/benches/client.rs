// TEMPORARY experiment harness (restored to the criterion bench afterwards).
use std::hint::black_box;
use std::time::{Duration, Instant};

use asana_webhooks::{Client, RetryPolicy};
use asana_webhooks::models::WebhookResponse;
use asana_webhooks::runtime::Data;
use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::get;

const AUTHORIZATION: &str = "Bearer bench-token";
const BODY: &str = r#"{"data":{"gid":"123","resource_type":"webhook","active":false,"resource":{"gid":"12345","resource_type":"task","name":"Bug Task"},"target":"https://example.com/receive-webhook/7654","created_at":"2012-02-22T02:06:58.147Z","last_failure_at":"2012-02-22T02:06:58.147Z","last_failure_content":"500 Server Error\\n\\nCould not complete the request","last_success_at":"2012-02-22T02:06:58.147Z","delivery_retry_count":3,"next_attempt_after":"2012-02-22T02:06:58.147Z","failure_deletion_timestamp":"2012-02-22T02:06:58.147Z","filters":[{"resource_type":"task","resource_subtype":"milestone","action":"changed","fields":["due_at","due_on","dependencies"]}]}}"#;

async fn get_webhook(headers: HeaderMap) -> (StatusCode, [(header::HeaderName, &'static str); 1], &'static str) {
    let json = [(header::CONTENT_TYPE, "application/json")];
    if headers.get(header::AUTHORIZATION).is_some_and(|v| v == AUTHORIZATION) { (StatusCode::OK, json, BODY) } else { (StatusCode::UNAUTHORIZED, json, "{}") }
}

fn rt() -> tokio::runtime::Runtime { tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap() }

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--bench") && args.len() <= 2 { }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || rt().block_on(async move {
        let l = tokio::net::TcpListener::from_std(listener).unwrap();
        axum::serve(l, Router::new().route("/webhooks/{webhook_gid}", get(get_webhook))).await.unwrap();
    }));
    let base = format!("http://{addr}");
    let runtime = rt();
    let client = Client::builder().base_url(&base).personal_access_token("bench-token").build().unwrap();
    let client_noretry = Client::builder().base_url(&base).personal_access_token("bench-token").retry_policy(RetryPolicy::none()).build().unwrap();
    let client_plain_http = Client::builder().base_url(&base).personal_access_token("bench-token").http_client(reqwest::Client::new()).build().unwrap();
    let client_long_timeout = Client::builder().base_url(&base).personal_access_token("bench-token").timeout(Duration::from_secs(60)).build().unwrap();
    let http = reqwest::Client::new();
    let url = format!("{base}/webhooks/123");

    let names = ["generated", "generated_noretry", "generated_plain_http", "raw", "raw_timeout", "raw_timeout_urlparse"];
    let run = |which: usize| {
        let client = &client; let client_noretry = &client_noretry; let client_plain_http = &client_plain_http; let http = &http; let url = &url; let base = &base;
        let _ = &client_long_timeout;
        async move {
            match which {
                0 => { black_box(client.get_webhook("123").send().await.unwrap()); }
                1 => { black_box(client_noretry.get_webhook("123").send().await.unwrap()); }
                2 => { black_box(client_plain_http.get_webhook("123").send().await.unwrap()); }
                _ => {
                    let mut rb = if which == 5 {
                        let u = reqwest::Url::parse(&format!("{base}{}", "/webhooks/123")).unwrap();
                        black_box(u.path() == "/webhooks/123");
                        http.get(u)
                    } else { http.get(url.as_str()) };
                    rb = rb.header(header::ACCEPT, "application/json").header(header::USER_AGENT, "asana-webhooks/0.1.0").header(header::AUTHORIZATION, AUTHORIZATION);
                    if which >= 4 { rb = rb.timeout(Duration::from_secs(60)); }
                    let r = rb.send().await.unwrap();
                    assert!(r.status().is_success());
                    let b = r.bytes().await.unwrap();
                    let e: Data<WebhookResponse> = serde_json::from_slice(&b).unwrap();
                    black_box(e.data);
                }
            }
        }
    };
    // mode: only <variant> <iters>   (for perf stat)
    if let Some(pos) = args.iter().position(|a| a == "only") {
        let which = names.iter().position(|n| *n == args[pos + 1]).unwrap();
        let iters: u32 = args[pos + 2].parse().unwrap();
        runtime.block_on(async { for _ in 0..iters { run(which).await; } });
        return;
    }
    // interleaved rounds
    let rounds = 30; let batch = 2000;
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    runtime.block_on(async {
        for w in 0..names.len() { for _ in 0..500 { run(w).await; } }
        for _ in 0..rounds {
            for w in 0..names.len() {
                let t = Instant::now();
                for _ in 0..batch { run(w).await; }
                times[w].push(t.elapsed().as_secs_f64() * 1e6 / batch as f64);
            }
        }
    });
    let med = |v: &mut Vec<f64>| { v.sort_by(|a, b| a.partial_cmp(b).unwrap()); v[v.len() / 2] };
    let meds: Vec<f64> = times.iter_mut().map(med).collect();
    for (n, m) in names.iter().zip(&meds) { println!("{n:24} {m:8.2} us  {:6.0} req/s  vs raw {:+.1}%", 1e6 / m, (m / meds[3] - 1.0) * 100.0); }
}

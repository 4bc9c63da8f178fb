//! Response bodies from a hostile server, over loopback: compression bombs, a gibibyte of plain
//! body, oversized error bodies and token responses, a `Content-Length` beyond the limit. Each
//! call must end in a typed error within the limit of response size, and the memory it takes is
//! measured with a counting allocator: the peak of live heap bytes during the call stays under
//! 100 MiB above where it started (the default limit is 32 MiB).
//!
//! The server streams every body from one small chunk written again and again, so it never
//! holds a large body itself. Tests run one at a time, so that each peak is its own.

use std::{
    alloc::{GlobalAlloc, Layout, System},
    future::Future,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use asana_webhooks::models::WebhookResponse;
use asana_webhooks::runtime::{
    DEFAULT_MAX_RESPONSE_BYTES, OAuthApp, OAuthEndpoints, Request, ResponseTooLarge, TokenErrorKind,
};
use asana_webhooks::{Client, Error, RetryPolicy};
use bytes::Bytes;
use reqwest::Method;
use tests::loopback;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// Counts the bytes the process holds on the heap, and their peak.
struct CountingAllocator;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees are those `System.alloc` needs.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// How far the heap may grow during a call: well above the 32 MiB a body may take, far below
/// what reading any of these bodies whole would.
const MAX_PEAK_GROWTH: usize = 100 << 20;

const MIB: u64 = 1 << 20;
const GIB: u64 = 1 << 30;

/// Runs one test at a time on a runtime of its own.
fn run<F: Future>(test: F) -> F::Output {
    static SERIAL: Mutex<()> = Mutex::new(());
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(test)
}

/// Awaits `call` and returns its output with the peak growth of the heap while it ran.
async fn peak_growth<F: Future>(call: F) -> (F::Output, usize) {
    let start = LIVE.load(Ordering::Relaxed);
    PEAK.store(start, Ordering::Relaxed);
    let output = call.await;
    let growth = PEAK.load(Ordering::Relaxed).saturating_sub(start);
    (output, growth)
}

fn assert_bounded(growth: usize, what: &str) {
    assert!(
        growth < MAX_PEAK_GROWTH,
        "{what}: the heap grew by {} MiB during the call",
        growth >> 20
    );
}

/// A body written as `head`, then `unit` `times` times, then `tail`.
#[derive(Clone)]
struct Lazy {
    head: Bytes,
    unit: Bytes,
    times: u64,
    tail: Bytes,
}

impl Lazy {
    fn repeat(unit: impl Into<Bytes>, times: u64) -> Self {
        Self {
            head: Bytes::new(),
            unit: unit.into(),
            times,
            tail: Bytes::new(),
        }
    }

    fn once(body: impl Into<Bytes>) -> Self {
        Self::repeat(body, 1)
    }

    fn len(&self) -> u64 {
        self.head.len() as u64 + self.unit.len() as u64 * self.times + self.tail.len() as u64
    }
}

/// A gzip body that inflates to `mib` MiB of zeros: one MiB compressed once, ending in a sync
/// flush so that it can follow itself, repeated; then an empty final block and the trailer
/// (the CRC-32 of the whole, combined from that of one MiB, and the length).
fn gzip_bomb(mib: u64) -> Lazy {
    let zeros = vec![0u8; MIB as usize];
    let mut deflate = flate2::Compress::new(flate2::Compression::best(), false);
    let mut unit = Vec::with_capacity(64 << 10);
    deflate
        .compress_vec(&zeros, &mut unit, flate2::FlushCompress::Sync)
        .expect("deflate");
    assert_eq!(deflate.total_in(), MIB, "one MiB compressed in one call");
    let mut one = flate2::Crc::new();
    one.update(&zeros);
    let mut crc = flate2::Crc::new();
    for _ in 0..mib {
        crc.combine(&one);
    }
    let mut tail = vec![0x03, 0x00]; // a final block, fixed codes, empty
    tail.extend_from_slice(&crc.sum().to_le_bytes());
    tail.extend_from_slice(&((mib * MIB) as u32).to_le_bytes());
    Lazy {
        head: Bytes::from_static(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]),
        unit: unit.into(),
        times: mib,
        tail: tail.into(),
    }
}

/// Bits written least significant first, as brotli reads them.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    used: u32,
}

impl Bits {
    fn put(&mut self, value: u64, count: u32) {
        for bit in 0..count {
            if self.used == 0 {
                self.bytes.push(0);
            }
            let last = self.bytes.last_mut().expect("a byte was pushed");
            *last |= u8::from((value >> bit) & 1 == 1) << self.used;
            self.used = (self.used + 1) % 8;
        }
    }
}

/// A brotli body (RFC 7932) that inflates to `blocks` times 16 MiB of zeros, about 13 bytes
/// each: every meta-block of 16 MiB holds one command that inserts a zero and copies it
/// 16 MiB - 1 times from one byte back, each prefix code having a single symbol.
fn brotli_bomb(blocks: u64) -> Bytes {
    const MLEN: u64 = 1 << 24;
    let mut bits = Bits::default();
    bits.put(0, 1); // WBITS: a window of 64 KiB
    for _ in 0..blocks {
        bits.put(0, 1); // ISLAST
        bits.put(2, 2); // MNIBBLES: 6
        bits.put(MLEN - 1, 24); // MLEN - 1
        bits.put(0, 1); // ISUNCOMPRESSED
        bits.put(0, 3); // one block type of literals, commands and distances
        bits.put(0, 2 + 4); // NPOSTFIX, NDIRECT
        bits.put(0, 2); // the context mode of the literals
        bits.put(0, 2); // one prefix code of literals, one of distances
        for (symbol, alphabet_bits) in [
            (0, 8),    // the literal 0
            (399, 10), // insert 1 literal (code 1), copy 2118 + 24 extra bits (code 23)
            (16, 6),   // distance code 16: 1 + 1 extra bit
        ] {
            bits.put(1, 2); // a simple prefix code
            bits.put(0, 2); // of one symbol
            bits.put(symbol, alphabet_bits);
        }
        bits.put(MLEN - 1 - 2118, 24); // the copy's extra bits: MLEN - 1 bytes
        bits.put(0, 1); // the distance's extra bit: 1 byte back
    }
    bits.put(1, 1); // ISLAST
    bits.put(1, 1); // ISLASTEMPTY
    bits.bytes.into()
}

/// One canned answer: the status line and header lines, then the body, with no
/// `Content-Length` unless the headers give one: the body ends when the connection closes.
#[derive(Clone)]
struct Canned {
    status: &'static str,
    headers: String,
    body: Lazy,
}

impl Canned {
    fn new(status: &'static str, headers: &str, body: Lazy) -> Self {
        Self {
            status,
            headers: headers.to_owned(),
            body,
        }
    }
}

/// A server on loopback that answers one connection with each of `answers`, in order, then
/// stops listening. Returns its base URL and the count of connections it answered.
async fn serve(answers: Vec<Canned>) -> (String, Arc<AtomicUsize>) {
    // Each connection is over when its body is written or the client has gone.
    let served = loopback::serve(answers, Duration::from_secs(60), answer_with).await;
    (served.url, served.answered)
}

/// Reads the request (its head, and a body of the `Content-Length` it gives) and writes the
/// answer; a write fails once the client hangs up.
async fn answer_with(mut socket: TcpStream, answer: Canned) -> std::io::Result<()> {
    loopback::read_request(&mut socket).await?;
    let head = format!(
        "HTTP/1.1 {}\r\nconnection: close\r\n{}\r\n",
        answer.status, answer.headers
    );
    socket.write_all(head.as_bytes()).await?;
    let body = answer.body;
    socket.write_all(&body.head).await?;
    for _ in 0..body.times {
        socket.write_all(&body.unit).await?;
    }
    socket.write_all(&body.tail).await?;
    socket.shutdown().await?;
    // Until the client closes, so that it reads the body to its end.
    let mut rest = [0u8; 64];
    while socket.read(&mut rest).await? > 0 {}
    Ok(())
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .personal_access_token("0/5e6f7a8b9c0d1e2f")
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

/// The limit error of `result`, or a panic naming what came instead.
fn too_large<T, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> ResponseTooLarge {
    match result {
        Err(Error::ResponseTooLarge(err)) => err,
        Err(other) => panic!("expected ResponseTooLarge, got {other:?}"),
        Ok(_) => panic!("expected ResponseTooLarge, got a body"),
    }
}

/// The message says the limit and how to raise it.
fn assert_explains(err: &ResponseTooLarge, limit: usize) {
    let message = err.to_string();
    assert!(message.contains(&format!("{limit} bytes")), "{message}");
    assert!(message.contains("max_response_bytes"), "{message}");
}

#[test]
fn a_gzip_bomb_ends_at_the_limit() {
    run(async {
        let bomb = gzip_bomb(4 * GIB / MIB);
        assert!(bomb.len() < 8 * MIB, "{} bytes", bomb.len());
        let (base_url, _) = serve(vec![Canned::new(
            "200 OK",
            "content-type: application/json\r\ncontent-encoding: gzip\r\n",
            bomb,
        )])
        .await;
        let client = client(&base_url);

        let (result, growth) = peak_growth(client.get_webhook("1").send()).await;

        let err = too_large(result);
        assert_eq!(err.status(), 200);
        assert_eq!(err.limit(), DEFAULT_MAX_RESPONSE_BYTES);
        assert_eq!(err.content_length(), None);
        assert_explains(&err, DEFAULT_MAX_RESPONSE_BYTES);
        assert_bounded(growth, "4 GiB of gzip");
    });
}

#[test]
fn a_brotli_bomb_ends_at_the_limit() {
    run(async {
        let bomb = brotli_bomb(4 * GIB / (16 * MIB));
        assert!(bomb.len() < 4096, "{} bytes", bomb.len());
        let (base_url, _) = serve(vec![Canned::new(
            "200 OK",
            "content-type: text/plain\r\ncontent-encoding: br\r\n",
            Lazy::once(bomb),
        )])
        .await;
        let client = client(&base_url);
        let request = Request::new("getReport", Method::GET, "/report", "/report");

        let (result, growth) =
            peak_growth(client.execute_body::<String, ()>(request, |_, _| None)).await;

        let err = too_large(result);
        assert_eq!(err.content_length(), None);
        assert_explains(&err, DEFAULT_MAX_RESPONSE_BYTES);
        assert_bounded(growth, "4 GiB of brotli");
    });
}

#[test]
fn a_gibibyte_of_plain_body_ends_at_the_limit() {
    run(async {
        let (base_url, _) = serve(vec![Canned::new(
            "200 OK",
            "content-type: application/octet-stream\r\n",
            Lazy::repeat(vec![0u8; 64 << 10], GIB / (64 << 10)),
        )])
        .await;
        let client = client(&base_url);
        let request = Request::new("getExport", Method::GET, "/export", "/export");

        let (result, growth) =
            peak_growth(client.execute_body::<Bytes, ()>(request, |_, _| None)).await;

        let err = too_large(result);
        assert_eq!(err.content_length(), None);
        assert_bounded(growth, "1 GiB of plain body");
    });
}

#[test]
fn an_error_body_over_the_limit_ends_the_call_unretried() {
    run(async {
        // A 503 is retried for a GET, but not when its body is too large: the server answers
        // once, and a second attempt would find nobody listening.
        let (base_url, answered) = serve(vec![Canned::new(
            "503 Service Unavailable",
            "content-type: text/html\r\n",
            Lazy::repeat(vec![b'x'; 64 << 10], GIB / (64 << 10)),
        )])
        .await;
        let client = Client::builder()
            .base_url(base_url)
            .personal_access_token("0/5e6f7a8b9c0d1e2f")
            .retry_policy(RetryPolicy::default().with_max_attempts(3))
            .build()
            .expect("client");

        let (result, growth) = peak_growth(client.get_webhook("1").send()).await;

        let err = too_large(result);
        assert_eq!(err.status(), 503);
        assert_eq!(answered.load(Ordering::SeqCst), 1);
        assert_bounded(growth, "a 1 GiB error body");
    });
}

#[test]
fn a_content_length_over_the_limit_fails_before_the_body_is_read() {
    run(async {
        // The body announced never comes: a client that waited for it would time out.
        let (base_url, _) = serve(vec![Canned::new(
            "200 OK",
            &format!("content-type: application/json\r\ncontent-length: {GIB}\r\n"),
            Lazy::once(Bytes::new()),
        )])
        .await;
        let client = client(&base_url);

        let err = too_large(client.get_webhook("1").send().await);

        assert_eq!(err.content_length(), Some(GIB));
        assert!(
            err.to_string().contains(&format!("announces {GIB} bytes")),
            "{err}"
        );
        assert_explains(&err, DEFAULT_MAX_RESPONSE_BYTES);
    });
}

#[test]
fn a_call_can_raise_the_limit_of_its_client() {
    run(async {
        // A webhook padded with 2 MiB of whitespace, over the client's limit of 1 MiB.
        let mut body = br#"{"data": {"gid": "12345", "resource_type": "webhook"}}"#.to_vec();
        body.resize(body.len() + (2 << 20), b' ');
        let body = Bytes::from(body);
        let answer = Canned::new(
            "200 OK",
            "content-type: application/json\r\n",
            Lazy::once(body),
        );
        let (base_url, _) = serve(vec![answer.clone(), answer]).await;
        let client = Client::builder()
            .base_url(base_url)
            .personal_access_token("0/5e6f7a8b9c0d1e2f")
            .max_response_bytes(1 << 20)
            .build()
            .expect("client");
        assert_eq!(client.max_response_bytes(), 1 << 20);

        let err = too_large(client.get_webhook("12345").send().await);
        assert_eq!(err.limit(), 1 << 20);
        assert_explains(&err, 1 << 20);

        let webhook: WebhookResponse = client
            .get_webhook("12345")
            .max_response_bytes(4 << 20)
            .send()
            .await
            .expect("the body is within the raised limit");
        assert_eq!(webhook.gid.as_deref(), Some("12345"));
    });
}

#[test]
fn a_token_response_over_its_limit_is_refused() {
    run(async {
        let (base_url, _) = serve(vec![Canned::new(
            "200 OK",
            "content-type: application/json\r\n",
            Lazy::repeat(vec![b' '; 64 << 10], GIB / (64 << 10)),
        )])
        .await;
        let app = OAuthApp::new(
            OAuthEndpoints {
                authorization_url: Some("https://app.example.com/-/oauth_authorize"),
                token_url: "https://app.example.com/-/oauth_token",
                refresh_url: None,
            },
            "1204567890",
            "cs-8c1d0f2e9b7a4653",
        )
        .with_token_url(format!("{base_url}/-/oauth_token"));
        let authorization = app.authorize(["default"]).expect("authorize");

        let (result, growth) =
            peak_growth(app.exchange_code("code-1", authorization.pkce_verifier())).await;

        let err = result.expect_err("the token response is too large");
        assert_eq!(err.kind(), TokenErrorKind::InvalidResponse);
        assert!(
            err.to_string().contains("larger than 1048576 bytes"),
            "{err}"
        );
        assert_bounded(growth, "a 1 GiB token response");
    });
}

#[test]
fn debug_shows_only_the_start_of_a_large_body() {
    run(async {
        let large = Lazy::repeat(vec![b'x'; 64 << 10], 128); // 8 MiB, within the limit
        let (base_url, _) = serve(vec![
            Canned::new(
                "404 Not Found",
                "content-type: text/plain\r\n",
                large.clone(),
            ),
            Canned::new("200 OK", "content-type: application/json\r\n", large),
        ])
        .await;
        let client = Client::builder()
            .base_url(base_url)
            .personal_access_token("0/5e6f7a8b9c0d1e2f")
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("client");

        let api = client.get_webhook("1").send().await.expect_err("a 404");
        let decode = client.get_webhook("1").send().await.expect_err("not JSON");

        assert_eq!(api.raw_body().map(Bytes::len), Some(8 << 20));
        assert!(matches!(decode, Error::Decode { .. }), "{decode}");
        for err in [&api, &decode] {
            let debug = format!("{err:?}");
            assert!(debug.len() < 2048, "{} bytes of Debug", debug.len());
            assert!(debug.contains("xxxx\"… (8388608 bytes)"), "{debug}");
            let display = err.to_string();
            assert!(display.len() < 512, "{} bytes of Display", display.len());
        }
        let alternate = format!("{:#?}", api.api().expect("an API error"));
        assert!(
            alternate.len() < 2048,
            "{} bytes of {{:#?}}",
            alternate.len()
        );
    });
}

//! Server-sent events and JSON Lines over loopback, against a scripted server that writes each
//! answer chunk by chunk: events split across reads, comments, multi-line data, `[DONE]`, a
//! malformed event, an oversized one, a connection cut mid-stream, a silent stream and a flowing
//! one under the idle timeout, a dropped stream, resuming with `Last-Event-ID`, and JSON Lines.
//!
//! Each stream is opened as the generated `send` of `fixtures/specs/streams.yaml` opens it, with
//! its models (`streams/models.rs`, the generated `src/models.rs` with every feature on, checked
//! by `the_models_here_are_the_generated_ones`), over the runtime the checked-in crate carries.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use asana_webhooks::runtime::{
    Body, Client, Delimiter, Error, Event, EventStream, JsonLines, Request, RequestErrorKind,
    RetryPolicy, StreamErrorKind, decode_json, json_data, text_data,
};
use futures::StreamExt;
use reqwest::Method;
use tests::loopback;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::oneshot,
    time::{sleep, timeout},
};

/// The paths the generated models name: `crate::runtime::..` and `crate::macros::..!`.
mod runtime {
    pub use asana_webhooks::runtime::*;
}

mod macros {
    include!("../generator/macros/object.rs");
    include!("../generator/macros/string_enum.rs");
}

// As generated: the comparison with the generated file is by text.
#[rustfmt::skip]
#[path = "streams/models.rs"]
mod models;

use models::{Change, ChatChunk, ChatRequest, ExportRecordsItem, Message, MessageRole, Problem};

/// The longest any test waits for one thing; never reached unless something is broken.
const BOUND: Duration = Duration::from_secs(20);

#[test]
fn the_models_here_are_the_generated_ones() {
    tests::assert_models_copy("streams.yaml", "tests/streams/models.rs");
}

/// What the server does with one connection, after the response head.
#[derive(Clone)]
enum Step {
    /// Writes these bytes as one chunk, and flushes.
    Write(Vec<u8>),
    /// Waits.
    Pause(Duration),
    /// Writes the bytes `times` times, one chunk each, pausing between.
    Repeat(Vec<u8>, usize, Duration),
    /// Closes the connection without ending the body: a broken stream.
    Cut,
}

fn write(text: &str) -> Step {
    Step::Write(text.as_bytes().to_vec())
}

/// One scripted answer: a status, a content type, and the steps of its chunked body (which
/// ends properly unless a step cuts it).
struct Script {
    status: &'static str,
    content_type: &'static str,
    steps: Vec<Step>,
}

fn events(steps: Vec<Step>) -> Script {
    Script {
        status: "200 OK",
        content_type: "text/event-stream",
        steps,
    }
}

/// What the server saw: each request's head (lower case) and body, and for each connection
/// whether a write failed because the client had gone (and after how many chunks).
#[derive(Default)]
struct Seen {
    requests: Vec<(String, Vec<u8>)>,
    hung_up: Vec<Option<usize>>,
}

/// A server on loopback answering one connection with each script, in order, then stopping.
async fn serve(scripts: Vec<Script>) -> (String, Arc<Mutex<Seen>>, oneshot::Receiver<()>) {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let record = Arc::clone(&seen);
    let served = loopback::serve(scripts, BOUND, move |socket, script| {
        let record = Arc::clone(&record);
        async move { answer(socket, script, &record).await }
    })
    .await;
    (served.url, seen, served.finished)
}

async fn answer(mut socket: TcpStream, script: Script, seen: &Mutex<Seen>) -> std::io::Result<()> {
    let request = loopback::read_request(&mut socket).await?;
    seen.lock().unwrap().requests.push(request);
    let head = format!(
        "HTTP/1.1 {}\r\ncontent-type: {}\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
        script.status, script.content_type
    );
    socket.write_all(head.as_bytes()).await?;
    let mut written = 0;
    let mut hung_up = None;
    'steps: for step in script.steps {
        let (bytes, times, pause) = match step {
            Step::Write(bytes) => (bytes, 1, Duration::ZERO),
            Step::Repeat(bytes, times, pause) => (bytes, times, pause),
            Step::Pause(wait) => {
                sleep(wait).await;
                continue;
            }
            Step::Cut => {
                seen.lock().unwrap().hung_up.push(None);
                return Ok(());
            }
        };
        for _ in 0..times {
            let mut chunk = format!("{:x}\r\n", bytes.len()).into_bytes();
            chunk.extend_from_slice(&bytes);
            chunk.extend_from_slice(b"\r\n");
            if socket.write_all(&chunk).await.is_err() || socket.flush().await.is_err() {
                hung_up = Some(written);
                break 'steps;
            }
            written += 1;
            sleep(pause).await;
        }
    }
    if hung_up.is_none() {
        socket.write_all(b"0\r\n\r\n").await?;
    }
    seen.lock().unwrap().hung_up.push(hung_up);
    Ok(())
}

fn client(base: &str, idle: Duration) -> Client {
    Client::builder()
        .base_url(base)
        .retry_policy(RetryPolicy::default().with_max_attempts(1))
        .timeout(idle)
        .build()
        .unwrap()
}

/// `createChatCompletion`'s request, as its generated client method and `send` build it.
fn chat_request() -> Request {
    let body = ChatRequest::new("small", vec![Message::new(MessageRole::User, "Hello")]);
    let mut request = Request::new(
        "createChatCompletion",
        Method::POST,
        "/chat/completions",
        "/chat/completions",
    );
    request.set_accept("text/event-stream");
    request.with_body(Body::json(&body).unwrap())
}

async fn chat(client: &Client) -> Result<EventStream<ChatChunk, Problem>, Error<Problem>> {
    EventStream::open(client, chat_request(), decode_json::<Problem>, json_data).await
}

/// `watchEvents`'s request.
fn watch_request() -> Request {
    let mut request = Request::new("watchEvents", Method::GET, "/events", "/events");
    request.set_accept("text/event-stream");
    request
}

async fn watch(
    client: &Client,
) -> Result<EventStream<Change, serde_json::Value>, Error<serde_json::Value>> {
    EventStream::open(
        client,
        watch_request(),
        decode_json::<serde_json::Value>,
        json_data,
    )
    .await
}

/// Every item of `stream`, within the bound.
async fn all<S: futures::Stream + Unpin>(stream: &mut S) -> Vec<S::Item> {
    let mut items = Vec::new();
    while let Some(item) = timeout(BOUND, stream.next())
        .await
        .expect("the stream ended")
    {
        items.push(item);
        assert!(items.len() < 1000, "the stream does not end");
    }
    items
}

fn chunk_text(chunk: &ChatChunk) -> String {
    chunk
        .choices
        .iter()
        .filter_map(|choice| choice.delta.content.clone())
        .collect()
}

fn delta(id: &str, text: &str) -> String {
    format!(
        "data: {{\"id\":\"{id}\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{text}\"}}}}]}}\n\n"
    )
}

#[tokio::test]
async fn chat_events_arrive_typed_across_chunks_until_done() {
    let split = delta("c2", "lo, ");
    let (first_half, second_half) = split.split_at(split.len() / 2);
    let (base, seen, _) = serve(vec![events(vec![
        write(": keep-alive\n\n"),
        write(&delta("c1", "Hel")),
        // One event in two reads of the body.
        write(first_half),
        Step::Pause(Duration::from_millis(30)),
        write(second_half),
        // Two events in one read, lines ended with CRLF, a comment between.
        write(&format!(
            "{}: ping\r\n{}",
            delta("c3", "world").replace('\n', "\r\n"),
            delta("c4", "!")
        )),
        write("data: [DONE]\n\n"),
        // Never read: the stream ended at `[DONE]`.
        write(&delta("c5", "unseen")),
    ])])
    .await;
    let client = client(&base, BOUND);
    let mut stream = chat(&client).await.unwrap();
    assert_eq!(stream.status(), 200);
    let events = all(&mut stream).await;
    let text: Vec<String> = events
        .iter()
        .map(|event| chunk_text(&event.as_ref().unwrap().data))
        .collect();
    assert_eq!(text, ["Hel", "lo, ", "world", "!"]);
    let ids: Vec<&str> = events
        .iter()
        .map(|e| e.as_ref().unwrap().data.id.as_str())
        .collect();
    assert_eq!(ids, ["c1", "c2", "c3", "c4"]);
    let seen = seen.lock().unwrap();
    let (head, body) = &seen.requests[0];
    assert!(head.starts_with("post /chat/completions "), "{head}");
    assert!(head.contains("\r\naccept: text/event-stream\r\n"), "{head}");
    let sent: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert_eq!(sent["messages"][0]["content"], "Hello");
}

#[tokio::test]
async fn text_events_keep_their_lines_type_id_and_retry() {
    let (base, _, _) = serve(vec![events(vec![
        write("event: log\nid: 7\nretry: 2500\ndata: first line\ndata:second line\n\n"),
        write("data\n\n"),
        write("data: last\n"),
        // An event the body ends before its blank line is not dispatched.
        write("\ndata: incomplete\n"),
    ])])
    .await;
    let client = client(&base, BOUND);
    let mut request = Request::new("tailLogs", Method::GET, "/logs", "/logs");
    request.set_accept("text/event-stream");
    let mut stream: EventStream<String, serde_json::Value> =
        EventStream::open(&client, request, decode_json, text_data)
            .await
            .unwrap();
    let events: Vec<Event<String>> = all(&mut stream)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        events[0],
        Event {
            data: "first line\nsecond line".to_owned(),
            event: Some("log".into()),
            id: Some("7".into()),
            retry: Some(Duration::from_millis(2500)),
        }
    );
    // `data` alone is an empty line of data.
    assert_eq!(events[1].data, "");
    assert_eq!(
        (events[2].data.as_str(), events[2].id.as_deref()),
        ("last", None)
    );
    assert_eq!(events.len(), 3);
    assert_eq!(stream.last_event_id(), Some("7"));
    assert_eq!(stream.retry(), Some(Duration::from_millis(2500)));
}

#[tokio::test]
async fn a_malformed_event_is_a_decode_error_and_the_stream_goes_on() {
    let (base, _, _) = serve(vec![events(vec![
        write("data: {\"id\":\"c1\",\"choices\":[{\"index\":\"first\",\"delta\":{}}]}\n\n"),
        write("data: not json\n\n"),
        write(&delta("c2", "fine")),
    ])])
    .await;
    let client = client(&base, BOUND);
    let mut stream = chat(&client).await.unwrap();
    let events = all(&mut stream).await;
    assert_eq!(events.len(), 3, "{events:?}");
    match &events[0] {
        Err(Error::Decode { source, body, .. }) => {
            assert_eq!(source.path(), "choices[0].index");
            assert!(body.starts_with(b"{\"id\":\"c1\""));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&events[1], Err(Error::Decode { .. })),
        "{:?}",
        events[1]
    );
    assert_eq!(chunk_text(&events[2].as_ref().unwrap().data), "fine");
}

#[tokio::test]
async fn an_oversized_event_ends_the_stream_within_its_limit() {
    // 64 KiB of data without an end, 256 times: 16 MiB the client must not hold.
    let (base, seen, finished) = serve(vec![events(vec![
        write(&delta("c1", "small")),
        write("data: "),
        Step::Repeat(vec![b'x'; 64 << 10], 256, Duration::ZERO),
    ])])
    .await;
    let client = client(&base, BOUND);
    let mut stream = chat(&client).await.unwrap().max_event_bytes(100 << 10);
    let events = all(&mut stream).await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events[0].is_ok());
    match &events[1] {
        Err(Error::Stream(err)) => {
            assert_eq!(err.kind(), StreamErrorKind::TooLarge);
            assert_eq!(err.limit(), 100 << 10);
            assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
        }
        other => panic!("{other:?}"),
    }
    drop(stream);
    timeout(BOUND, finished).await.unwrap().unwrap();
    // The client stopped reading and hung up long before the end.
    let hung_up = seen.lock().unwrap().hung_up[0];
    assert!(hung_up.is_some_and(|chunks| chunks < 258), "{hung_up:?}");
}

#[tokio::test]
async fn a_body_that_is_not_events_is_an_error_not_an_empty_stream() {
    let (base, _, _) = serve(vec![Script {
        status: "200 OK",
        content_type: "application/json; charset=utf-8",
        steps: vec![write("{\"id\":\"c1\",\"choices\":[]}")],
    }])
    .await;
    let client = client(&base, BOUND);
    match chat(&client).await {
        Err(Error::UnexpectedContentType {
            status,
            content_type,
            declared,
            body,
        }) => {
            assert_eq!(status, 200);
            assert_eq!(
                content_type.as_deref(),
                Some("application/json; charset=utf-8")
            );
            assert_eq!(declared, ["text/event-stream"]);
            assert_eq!(&body[..], b"{\"id\":\"c1\",\"choices\":[]}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_connection_cut_mid_stream_is_a_transport_error() {
    let (base, _, _) = serve(vec![events(vec![
        write(&delta("c1", "partial")),
        write("data: {\"id\":"),
        Step::Cut,
    ])])
    .await;
    let client = client(&base, BOUND);
    let mut stream = chat(&client).await.unwrap();
    let events = all(&mut stream).await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(chunk_text(&events[0].as_ref().unwrap().data), "partial");
    assert!(
        matches!(&events[1], Err(Error::Transport(_))),
        "{:?}",
        events[1]
    );
}

#[tokio::test]
async fn an_error_status_is_the_api_error_before_any_event() {
    let (base, _, _) = serve(vec![Script {
        status: "400 Bad Request",
        content_type: "application/json",
        steps: vec![write("{\"message\":\"no model\"}")],
    }])
    .await;
    let client = client(&base, BOUND);
    match chat(&client).await {
        Err(Error::Api(api)) => {
            assert_eq!(api.status, 400);
            assert_eq!(
                api.body.as_ref().unwrap().message.as_deref(),
                Some("no model")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_silent_stream_times_out_between_events_and_a_flowing_one_does_not() {
    let idle = Duration::from_secs(1);
    let (base, _, _) = serve(vec![
        // Forty events 50 ms apart: two seconds, twice the idle timeout, never idle for long.
        events(vec![Step::Repeat(
            delta("c", "tick").into_bytes(),
            40,
            Duration::from_millis(50),
        )]),
        // One event, then silence far longer than the timeout.
        events(vec![write(&delta("c", "once")), Step::Pause(BOUND)]),
    ])
    .await;
    let client = client(&base, idle);
    let mut flowing = chat(&client).await.unwrap();
    let events = all(&mut flowing).await;
    assert_eq!(events.len(), 40);
    assert!(events.iter().all(Result::is_ok), "{events:?}");

    let mut silent = chat(&client).await.unwrap();
    let events = all(&mut silent).await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events[0].is_ok());
    match &events[1] {
        Err(err @ Error::Stream(stream)) => {
            assert!(err.is_timeout());
            assert_eq!(stream.kind(), StreamErrorKind::TimedOut);
            assert_eq!(stream.limit(), 1000);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn no_response_within_the_timeout_is_a_stream_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    // Accepts, reads the request, and answers nothing until the client gives up.
    let server = tokio::spawn(async move {
        let (mut socket, _) = timeout(BOUND, listener.accept()).await.unwrap().unwrap();
        let _ = loopback::read_request(&mut socket).await;
        let mut rest = [0u8; 64];
        let _ = timeout(BOUND, socket.read(&mut rest)).await;
    });
    let client = client(&base, Duration::from_millis(300));
    match chat(&client).await {
        Err(Error::Stream(err)) => {
            assert_eq!(err.kind(), StreamErrorKind::TimedOut);
            assert_eq!(err.status(), None);
        }
        other => panic!("{other:?}"),
    }
    timeout(BOUND, server).await.unwrap().unwrap();
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    // Keep-alives every 10 ms, 2,000 of them unless the client hangs up.
    let (base, seen, finished) = serve(vec![events(vec![
        write(&delta("c1", "first")),
        Step::Repeat(
            b": keep-alive\n\n".to_vec(),
            2000,
            Duration::from_millis(10),
        ),
    ])])
    .await;
    let client = client(&base, BOUND);
    let mut stream = chat(&client).await.unwrap();
    let first = timeout(BOUND, stream.next()).await.unwrap().unwrap();
    assert_eq!(chunk_text(&first.unwrap().data), "first");
    drop(stream);
    timeout(BOUND, finished).await.unwrap().unwrap();
    let hung_up = seen.lock().unwrap().hung_up[0];
    assert!(hung_up.is_some_and(|chunks| chunks < 2001), "{hung_up:?}");
}

#[tokio::test]
async fn a_get_stream_resumes_after_its_last_event_id() {
    let change =
        |id: u32| format!("id: {id}\ndata: {{\"kind\":\"updated\",\"resource\":\"r{id}\"}}\n\n");
    let (base, seen, _) = serve(vec![
        events(vec![write(&change(1)), write(&change(2)), Step::Cut]),
        events(vec![write(&change(3))]),
    ])
    .await;
    let client = client(&base, BOUND);
    let mut stream = watch(&client).await.unwrap();
    let events = all(&mut stream).await;
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(matches!(&events[2], Err(Error::Transport(_))));
    assert_eq!(stream.last_event_id(), Some("2"));
    let mut resumed = timeout(BOUND, stream.reconnect()).await.unwrap().unwrap();
    let events = all(&mut resumed).await;
    assert_eq!(events[0].as_ref().unwrap().data.resource, "r3");
    let seen = seen.lock().unwrap();
    assert!(
        !seen.requests[0].0.contains("last-event-id"),
        "{}",
        seen.requests[0].0
    );
    assert!(
        seen.requests[1].0.contains("\r\nlast-event-id: 2\r\n"),
        "{}",
        seen.requests[1].0
    );
}

#[tokio::test]
async fn a_post_stream_is_not_resumed() {
    let (base, seen, _) = serve(vec![events(vec![write(&delta("c1", "once"))])]).await;
    let client = client(&base, BOUND);
    let stream = chat(&client).await.unwrap();
    match stream.reconnect().await {
        Err(Error::Request(err)) => assert_eq!(err.kind(), RequestErrorKind::Other),
        other => panic!("{other:?}"),
    }
    assert_eq!(seen.lock().unwrap().requests.len(), 1);
}

fn records_request() -> Request {
    let mut request = Request::new(
        "exportRecords",
        Method::GET,
        "/exports/{export_id}/records",
        "/exports/e1/records",
    );
    request.set_accept("application/x-ndjson");
    request
}

#[tokio::test]
async fn json_lines_skip_blank_lines_and_report_a_bad_one() {
    let (base, _, _) = serve(vec![Script {
        status: "200 OK",
        content_type: "application/x-ndjson",
        steps: vec![
            write("{\"id\":1,\"value\":\"a\"}\n\n   \r\n{\"id\":2,"),
            write("\"value\":\"b\"}\r\n{\"id\":\"three\",\"value\":\"c\"}\n"),
            // The last line needs no line feed.
            write("{\"id\":4,\"value\":\"d\"}"),
        ],
    }])
    .await;
    let client = client(&base, BOUND);
    let mut lines: JsonLines<ExportRecordsItem, Problem> = JsonLines::open(
        &client,
        records_request(),
        decode_json::<Problem>,
        Delimiter::Newline,
    )
    .await
    .unwrap();
    let items = all(&mut lines).await;
    assert_eq!(items.len(), 4, "{items:?}");
    let ids: Vec<i64> = items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(|i| i.id)
        .collect();
    assert_eq!(ids, [1, 2, 4]);
    match &items[2] {
        Err(Error::Decode { source, body, .. }) => {
            assert_eq!(source.path(), "id");
            assert_eq!(&body[..], b"{\"id\":\"three\",\"value\":\"c\"}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_json_text_sequence_and_an_overlong_line() {
    let (base, _, _) = serve(vec![
        Script {
            status: "200 OK",
            content_type: "application/json-seq",
            steps: vec![write(
                "\u{1e}{\"kind\":\"a\",\n \"resource\":\"r1\"}\n\u{1e}{\"kind\":\"b\",\"resource\":\"r2\"}\n",
            )],
        },
        Script {
            status: "200 OK",
            content_type: "application/x-ndjson",
            steps: vec![Step::Repeat(vec![b' '; 1024], 64, Duration::ZERO)],
        },
    ])
    .await;
    let client = client(&base, BOUND);
    let mut request = Request::new("exportSequence", Method::GET, "/s", "/s");
    request.set_accept("application/json-seq");
    let mut sequence: JsonLines<Change, serde_json::Value> =
        JsonLines::open(&client, request, decode_json, Delimiter::RecordSeparator)
            .await
            .unwrap();
    let resources: Vec<String> = all(&mut sequence)
        .await
        .into_iter()
        .map(|item| item.unwrap().resource)
        .collect();
    assert_eq!(resources, ["r1", "r2"]);

    let mut long: JsonLines<Change, Problem> =
        JsonLines::open(&client, records_request(), decode_json, Delimiter::Newline)
            .await
            .unwrap();
    long = long.max_line_bytes(16 << 10);
    let items = all(&mut long).await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(
        matches!(&items[0], Err(Error::Stream(err)) if err.kind() == StreamErrorKind::TooLarge),
        "{items:?}"
    );
}

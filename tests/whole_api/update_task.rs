//! The whole Asana client on the wire: `update_task` clears a field only with `null`, leaves out
//! the fields it does not touch, and a response tells a `null` field from an absent one.
//!
//! Not a test of this workspace: `cargo xtask whole-api` copies it into the crate it generates
//! from Asana's whole published spec and runs it there. The server is a loopback socket that
//! answers a bounded number of requests, each read within a timeout.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use asana::Client;
use asana::models::TaskUpdateRequest;
use asana::runtime::Patch;

/// One request as the server read it.
struct Seen {
    request_line: String,
    body: serde_json::Value,
}

/// Serves `answers` in order, one per connection, on 127.0.0.1; every request it reads goes to
/// the returned receiver.
fn serve(answers: Vec<&'static str>) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        for answer in answers {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            if let Some(seen) = answer_one(stream, answer) {
                if sender.send(seen).is_err() {
                    return;
                }
            }
        }
    });
    (url, receiver)
}

/// Reads one request (head and `Content-Length` body, at most 1 MiB) and answers `body` as JSON.
fn answer_one(stream: TcpStream, body: &str) -> Option<Seen> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    let mut length = 0_usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok()?;
            }
        }
    }
    let mut raw = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut raw).ok()?;
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    reader.get_mut().write_all(answer.as_bytes()).ok()?;
    Some(Seen {
        request_line: request_line.trim_end().to_owned(),
        body: serde_json::from_slice(&raw).unwrap_or(serde_json::Value::Null),
    })
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .personal_access_token("0/test-token")
        .build()
        .expect("a client for the loopback server")
}

#[tokio::test]
async fn update_task_clears_with_null_and_leaves_out_untouched_fields() {
    let (url, seen) = serve(vec![
        r#"{"data": {"gid": "12", "name": "Renamed", "assignee": null, "due_on": null}}"#,
    ]);
    let change = TaskUpdateRequest {
        name: Some("Renamed".into()),
        assignee: Patch::Null,
        due_on: Patch::Null,
        ..TaskUpdateRequest::default()
    };
    let task = client(&url)
        .update_task("12", change)
        .send()
        .await
        .expect("the update succeeds");

    let seen = seen
        .recv_timeout(Duration::from_secs(10))
        .expect("the request");
    assert_eq!(seen.request_line, "PUT /tasks/12 HTTP/1.1");
    assert_eq!(
        seen.body,
        serde_json::json!({"data": {"name": "Renamed", "assignee": null, "due_on": null}}),
        "exactly the fields set, the cleared ones as null"
    );
    assert!(task.assignee.is_null(), "{:?}", task.assignee);
    assert!(task.due_on.is_null(), "{:?}", task.due_on);
}

#[tokio::test]
async fn update_task_sets_values_and_reads_absent_as_absent() {
    let (url, seen) = serve(vec![
        r#"{"data": {"gid": "12", "due_on": "2026-12-24", "assignee": {"gid": "7", "resource_type": "user"}}}"#,
        r#"{"data": {"gid": "12"}}"#,
    ]);
    let client = client(&url);
    let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 24).expect("a date");
    let task = client
        .update_task(
            "12",
            TaskUpdateRequest {
                assignee: Patch::Value("7".into()),
                due_on: Patch::Value(due),
                ..TaskUpdateRequest::default()
            },
        )
        .send()
        .await
        .expect("the first update succeeds");
    let first = seen
        .recv_timeout(Duration::from_secs(10))
        .expect("the first request");
    assert_eq!(
        first.body,
        serde_json::json!({"data": {"assignee": "7", "due_on": "2026-12-24"}})
    );
    assert_eq!(task.due_on, Patch::Value(due));
    assert_eq!(
        task.assignee
            .as_ref()
            .into_option()
            .and_then(|user| user.gid.as_deref()),
        Some("7")
    );

    let untouched = client
        .update_task("12", TaskUpdateRequest::default())
        .send()
        .await
        .expect("the second update succeeds");
    let second = seen
        .recv_timeout(Duration::from_secs(10))
        .expect("the second request");
    assert_eq!(second.body, serde_json::json!({"data": {}}));
    assert!(untouched.assignee.is_absent(), "{:?}", untouched.assignee);
    assert!(untouched.due_on.is_absent(), "{:?}", untouched.due_on);
}

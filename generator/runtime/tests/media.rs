//! Bodies that are not JSON, through the runtime against a mock server: form-encoded, text and
//! byte request bodies (in memory and streamed), and responses read as bytes, text, raw bodies
//! with their content type, or streams. No test waits for real: retries go through a fake
//! `Sleep` that returns at once.

use bytes::Bytes;
use futures::{StreamExt, stream};
use reqwest::Method;
use serde::Serialize;
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{body_string, header, method, path},
};

use crate::fakes::client_for;
use crate::runtime::{
    Body, ByteStream, Error, Payload, QueryStyle, RawBody, Request, RequestErrorKind, decode_json,
};

fn request(method: Method, path: &'static str) -> Request {
    Request::new("mediaCall", method, path, path)
}

async fn bodies_received(server: &MockServer) -> Vec<(Option<String>, Vec<u8>)> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            let content_type = r
                .headers
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_owned());
            (content_type, r.body)
        })
        .collect()
}

#[derive(Serialize)]
struct Login {
    grant_type: &'static str,
    username: Option<&'static str>,
    scope: Vec<&'static str>,
    remember: bool,
    attempts: u32,
}

#[tokio::test]
async fn a_form_body_encodes_the_model_pairs_in_order() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let login = Login {
        grant_type: "password",
        username: None,
        scope: vec!["read all", "write&delete"],
        remember: true,
        attempts: 3,
    };
    let request = request(Method::POST, "/token").with_body(Body::form(&login).unwrap());
    client_for(&server)
        .0
        .execute_empty(request, decode_json::<Value>)
        .await
        .unwrap();
    let received = bodies_received(&server).await;
    assert_eq!(
        received[0].0.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(received[0].1.clone()).unwrap(),
        "grant_type=password&scope=read%20all&scope=write%26delete&remember=true&attempts=3"
    );
}

/// Each member of a form is serialised as a query parameter in its encoding's style: by
/// default `form` exploded (an object's members as pairs of their own), or as `styles` say.
/// A member of no particular type (`json`) goes under its own name: a string as it is, anything
/// else as its JSON text, percent-encoded; typed members keep their style.
#[tokio::test]
async fn an_untyped_form_member_is_sent_as_its_json_text_under_its_own_name() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let object = json!({
        "Name": "greet",
        "Parameters": {"name": "Zeke"},
        "Options": {"dry_run": true},
    });
    let text = json!({"Name": "greet", "Parameters": "Zeke", "Options": null});
    for value in [object, text] {
        let body = Body::form_styled(&value, &[], &["Parameters"]).unwrap();
        let request = request(Method::POST, "/actions").with_body(body);
        client_for(&server)
            .0
            .execute_empty(request, decode_json::<Value>)
            .await
            .unwrap();
    }
    let received: Vec<String> = bodies_received(&server)
        .await
        .into_iter()
        .map(|(_, body)| String::from_utf8(body).unwrap())
        .collect();
    assert_eq!(
        received,
        [
            "Name=greet&Parameters=%7B%22name%22%3A%22Zeke%22%7D&dry_run=true",
            "Name=greet&Parameters=Zeke",
        ]
    );
}

/// A map of untyped values, or the untyped other properties of an object, goes the same way:
/// each member under its own name, never exploded into its members.
#[tokio::test]
async fn untyped_members_beyond_a_forms_typed_properties_are_sent_as_json_text() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let variables = json!({"who": {"name": "Zeke"}, "greeting": "hi", "count": 2, "none": null});
    let mixed = json!({"tags": ["a", "b"], "Expand": ["x"], "extra": [1, 2]});
    for body in [
        Body::form_untyped(&variables, &[], &[]).unwrap(),
        Body::form_untyped(
            &mixed,
            &[("Expand", QueryStyle::DeepObject, true)],
            &["tags"],
        )
        .unwrap(),
    ] {
        let request = request(Method::PUT, "/actions/variables").with_body(body);
        client_for(&server)
            .0
            .execute_empty(request, decode_json::<Value>)
            .await
            .unwrap();
    }
    let received: Vec<String> = bodies_received(&server)
        .await
        .into_iter()
        .map(|(_, body)| String::from_utf8(body).unwrap())
        .collect();
    assert_eq!(
        received,
        [
            "who=%7B%22name%22%3A%22Zeke%22%7D&greeting=hi&count=2",
            "tags=a&tags=b&Expand[]=x&extra=%5B1%2C2%5D",
        ]
    );
}

#[tokio::test]
async fn a_form_body_serialises_each_member_in_its_style() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let value = json!({"name": "x", "address": {"city": "Oslo"}, "matrix": [[1, 2], [3]]});
    let stripe =
        json!({"expand": ["a", "b"], "metadata": {"order": "7"}, "ids": [1, 2], "url": "u"});
    let styles = [
        ("expand", QueryStyle::DeepObject, true),
        ("metadata", QueryStyle::DeepObject, true),
        ("ids", QueryStyle::PipeDelimited, false),
    ];
    for body in [
        Body::form(&value).unwrap(),
        Body::form_styled(&stripe, &styles, &[]).unwrap(),
    ] {
        let request = request(Method::POST, "/form").with_body(body);
        client_for(&server)
            .0
            .execute_empty(request, decode_json::<Value>)
            .await
            .unwrap();
    }
    let received: Vec<String> = bodies_received(&server)
        .await
        .into_iter()
        .map(|(_, body)| String::from_utf8(body).unwrap())
        .collect();
    assert_eq!(
        received,
        [
            "name=x&city=Oslo&matrix=1,2&matrix=3",
            "expand[]=a&expand[]=b&metadata[order]=7&ids=1|2&url=u"
        ]
    );
    let scalar = Body::form(&"just text").unwrap_err();
    assert_eq!(scalar.kind(), RequestErrorKind::Serialize);
    assert!(scalar.to_string().contains("object"), "{scalar}");
}

#[tokio::test]
async fn text_and_bytes_go_with_their_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .expect(3)
        .mount(&server)
        .await;
    let client = client_for(&server).0;
    let bodies = [
        Body::text("# Notes\nfirst", "text/markdown"),
        Body::payload(vec![0u8, 159, 146, 150], "application/octet-stream"),
        Body::payload(
            Payload::new(&b"\x89PNG"[..]).with_content_type("image/png"),
            "application/octet-stream",
        ),
    ];
    for body in bodies {
        client
            .execute_empty(
                request(Method::POST, "/upload").with_body(body),
                decode_json::<Value>,
            )
            .await
            .unwrap();
    }
    let received = bodies_received(&server).await;
    assert_eq!(received[0].0.as_deref(), Some("text/markdown"));
    assert_eq!(received[0].1, b"# Notes\nfirst");
    assert_eq!(received[1].0.as_deref(), Some("application/octet-stream"));
    assert_eq!(received[1].1, [0u8, 159, 146, 150]);
    assert_eq!(
        received[2].0.as_deref(),
        Some("image/png"),
        "the payload's own type wins"
    );
    assert_eq!(received[2].1, b"\x89PNG");
}

#[tokio::test]
async fn another_json_media_type_is_sent_as_itself() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(header("content-type", "application/merge-patch+json"))
        .and(body_string(r#"{"name":null}"#))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let body = Body::json_as(&json!({"name": null}), "application/merge-patch+json").unwrap();
    client_for(&server)
        .0
        .execute_empty(
            request(Method::PATCH, "/users/1").with_body(body),
            decode_json::<Value>,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn an_invalid_content_type_fails_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;
    let payload = Payload::new("x").with_content_type("image/png\r\nX-Injected: 1");
    let err = client_for(&server)
        .0
        .execute_empty(
            request(Method::POST, "/upload").with_body(Body::payload(payload, "image/png")),
            decode_json::<Value>,
        )
        .await
        .unwrap_err();
    match err {
        Error::Request(err) => assert_eq!(err.kind(), RequestErrorKind::InvalidHeader),
        other => panic!("expected a request error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_in_memory_is_sent_again_on_retry() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let body = Body::payload(Bytes::from_static(b"chunk"), "application/octet-stream");
    client_for(&server)
        .0
        .execute_empty(
            request(Method::PUT, "/files/a").with_body(body),
            decode_json::<Value>,
        )
        .await
        .unwrap();
    let received = bodies_received(&server).await;
    assert_eq!(received.len(), 2);
    assert!(received.iter().all(|(_, body)| body == b"chunk"));
}

#[tokio::test]
async fn a_streamed_body_is_sent_once_and_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let chunks = stream::iter(
        ["first ", "second ", "third"].map(|c| Ok::<_, std::io::Error>(Bytes::from(c))),
    );
    let payload = Payload::stream(chunks);
    assert_eq!(payload.len(), None);
    let request = request(Method::PUT, "/files/big")
        .with_body(Body::payload(payload, "application/octet-stream"));
    let client = client_for(&server).0;
    let err = client
        .execute_empty(request.clone(), decode_json::<Value>)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    let received = bodies_received(&server).await;
    assert_eq!(
        received.len(),
        1,
        "a stream cannot be sent twice, so no retry"
    );
    assert_eq!(received[0].1, b"first second third");

    // The clone shares the stream, which is gone.
    let again = client
        .execute_empty(request, decode_json::<Value>)
        .await
        .unwrap_err();
    match again {
        Error::Request(err) => assert_eq!(err.kind(), RequestErrorKind::BodyConsumed),
        other => panic!("expected a request error, got {other:?}"),
    }
    assert_eq!(bodies_received(&server).await.len(), 1);
}

#[tokio::test]
async fn responses_read_as_bytes_text_or_raw_bodies() {
    let server = MockServer::start().await;
    let pdf = b"%PDF-1.7\n\x00\xff".to_vec();
    Mock::given(path("/report.pdf"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
        .mount(&server)
        .await;
    Mock::given(path("/summary"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("naïve,✓\n", "text/csv"))
        .mount(&server)
        .await;
    Mock::given(path("/latin1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(&b"caf\xe9"[..], "text/plain; charset=ISO-8859-1"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/feed"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("<feed/>", "application/atom+xml; charset=utf-8"),
        )
        .mount(&server)
        .await;
    let client = client_for(&server).0;
    let get = |p| request(Method::GET, p);

    let bytes: Bytes = client
        .execute_body(get("/report.pdf"), decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(bytes, pdf);
    let response = client
        .execute_body_with_response::<Bytes, Value>(get("/report.pdf"), decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.header("content-type"), Some("application/pdf"));
    assert_eq!(response.into_body(), pdf);
    let text: String = client
        .execute_body(get("/summary"), decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(text, "naïve,✓\n");
    let latin1: String = client
        .execute_body(get("/latin1"), decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(latin1, "café");
    let raw: RawBody = client
        .execute_body(get("/feed"), decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(
        raw.content_type.as_deref(),
        Some("application/atom+xml; charset=utf-8")
    );
    assert_eq!(raw.media_type().as_deref(), Some("application/atom+xml"));
    assert_eq!(raw.as_str(), Some("<feed/>"));
}

#[tokio::test]
async fn text_that_is_not_in_its_charset_is_a_decode_error_keeping_the_body() {
    let server = MockServer::start().await;
    Mock::given(path("/broken"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(&b"ok \xff"[..], "text/plain"))
        .mount(&server)
        .await;
    Mock::given(path("/koi8"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("x", "text/plain; charset=koi8-r"))
        .mount(&server)
        .await;
    let client = client_for(&server).0;
    let err = client
        .execute_body::<String, Value>(request(Method::GET, "/broken"), decode_json::<Value>)
        .await
        .unwrap_err();
    match &err {
        Error::Decode { status, body, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(&body[..], b"ok \xff");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let err = client
        .execute_body::<String, Value>(request(Method::GET, "/koi8"), decode_json::<Value>)
        .await
        .unwrap_err();
    let source = std::error::Error::source(&err).unwrap().to_string();
    assert!(source.contains("koi8-r"), "{source}");
}

#[tokio::test]
async fn a_download_streams_in_chunks_after_retries() {
    let server = MockServer::start().await;
    Mock::given(path("/archive.zip"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let archive: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(path("/archive.zip"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(archive.clone(), "application/zip"))
        .mount(&server)
        .await;
    let stream: ByteStream = client_for(&server)
        .0
        .execute_stream(request(Method::GET, "/archive.zip"), decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(stream.status().as_u16(), 200);
    assert_eq!(stream.content_type(), Some("application/zip"));
    assert_eq!(stream.content_length(), Some(200_000));
    let chunks: Vec<Bytes> = stream.map(|chunk| chunk.unwrap()).collect().await;
    assert_eq!(chunks.concat(), archive);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_streamed_download_that_fails_reads_its_error_body() {
    let server = MockServer::start().await;
    Mock::given(path("/missing.pdf"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"title": "no such report"})))
        .mount(&server)
        .await;
    let err = client_for(&server)
        .0
        .execute_stream(request(Method::GET, "/missing.pdf"), decode_json::<Value>)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.api_body(), Some(&json!({"title": "no such report"})));
}

#[tokio::test]
async fn collect_reads_the_whole_stream() {
    let server = MockServer::start().await;
    Mock::given(path("/small"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("all of it", "application/octet-stream"),
        )
        .mount(&server)
        .await;
    let stream = client_for(&server)
        .0
        .execute_stream(request(Method::GET, "/small"), decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(stream.collect().await.unwrap(), "all of it");
}

#[tokio::test]
async fn an_accept_header_parameter_replaces_the_json_default() {
    let server = MockServer::start().await;
    Mock::given(path("/avatar"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(&b"\x89PNG"[..], "image/png"))
        .mount(&server)
        .await;
    let request = request(Method::GET, "/avatar").with_header("accept", "image/png, image/jpeg");
    let raw: RawBody = client_for(&server)
        .0
        .execute_body(request, decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(raw.content_type.as_deref(), Some("image/png"));
    let received = server.received_requests().await.unwrap();
    let accept: Vec<&str> = received[0]
        .headers
        .get_all("accept")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(accept, ["image/png, image/jpeg"]);
}

/// The `Accept` values the server received with its only request.
async fn accept_received(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    received[0]
        .headers
        .get_all("accept")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// Sends `request` to a server answering any request with CSV, and returns
/// the `Accept` values it received.
async fn accept_sent(request: Request) -> Vec<String> {
    let server = MockServer::start().await;
    Mock::given(path("/report"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("a,b", "text/csv"))
        .expect(1)
        .mount(&server)
        .await;
    let _: RawBody = client_for(&server)
        .0
        .execute_body(request, decode_json::<Value>)
        .await
        .unwrap();
    accept_received(&server).await
}

#[tokio::test]
async fn the_operations_accept_is_sent_alone_by_default() {
    let mut request = request(Method::GET, "/report");
    request.set_accept("application/json, text/csv");
    assert_eq!(accept_sent(request).await, ["application/json, text/csv"]);
}

#[tokio::test]
async fn an_accept_parameter_set_before_the_default_is_the_only_one_sent() {
    // An operation's `Accept` header parameter is set by its builder before
    // `send` adds the operation's default.
    let mut request = request(Method::GET, "/report").with_header("Accept", "text/csv");
    request.set_accept("application/json, text/csv");
    assert_eq!(accept_sent(request).await, ["text/csv"]);
}

#[tokio::test]
async fn an_accept_parameter_set_after_the_default_replaces_it() {
    let mut request = request(Method::GET, "/report");
    request.set_accept("application/json, text/csv");
    let request = request.with_header("accept", "text/csv");
    assert_eq!(accept_sent(request).await, ["text/csv"]);
}

#[tokio::test]
async fn an_added_accept_header_replaces_the_default() {
    let mut request = request(Method::GET, "/report");
    request.add_header("accept", "text/csv");
    request.set_accept("application/json, text/csv");
    assert_eq!(accept_sent(request).await, ["text/csv"]);
}

#[test]
fn debug_output_shows_sizes_never_content() {
    let payload = Payload::new("secret contents").with_content_type("text/plain");
    let shown = format!("{payload:?}");
    assert!(shown.contains("15") && !shown.contains("secret"), "{shown}");
    let raw = RawBody {
        content_type: Some("application/xml".into()),
        bytes: Bytes::from_static(b"<secret/>"),
    };
    let shown = format!("{raw:?}");
    assert!(
        shown.contains("application/xml") && !shown.contains("secret"),
        "{shown}"
    );
    let body = Body::text("secret", "text/plain");
    assert!(!format!("{body:?}").contains("secret"));
}

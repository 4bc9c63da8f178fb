//! Responses offered in several media types, over loopback, with the enums the generator writes
//! for `fixtures/specs/content_types.yaml`: each body is read as the representation its
//! `Content-Type` names (a charset parameter, a `+json` type, a `text/*` range and case aside),
//! and a type the operation does not declare is an error that keeps the body. Error bodies
//! declared in several types are read by their `Content-Type` too.
//!
//! The models are `content_types/models.rs`, the generated `src/models.rs` with every feature
//! on; `the_models_here_are_the_generated_ones` checks it against a fresh generation, so these
//! tests run the code the generator writes, over the runtime the checked-in crate carries.

use asana_webhooks::runtime::{
    Call, Client, Error, JsonOrText, RawBody, Request, RetryPolicy, decode_json,
};
use bytes::Bytes;
use reqwest::Method;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

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
#[path = "content_types/models.rs"]
mod models;

use models::{
    GetCaptionsResponse, GetReportError, GetReportResponse, GetTranscriptResponse, Problem, Report,
    Transcript,
};

const SPEC: &str = "content_types.yaml";

#[test]
fn the_models_here_are_the_generated_ones() {
    tests::assert_models_copy(SPEC, "tests/content_types/models.rs");
    let here =
        std::fs::read_to_string(tests::root().join("tests/content_types/models.rs")).unwrap();
    for name in [
        "GetTranscriptResponse",
        "GetCaptionsResponse",
        "GetReportResponse",
    ] {
        assert!(here.contains(&format!("pub enum {name} {{")), "{name}");
    }
    // An operation offering one representation has no enum.
    assert!(!here.contains("ListReportsResponse"), "{here}");
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().with_max_attempts(1))
        .build()
        .unwrap()
}

/// `GET /x` answered once with `answer`, read as the generated operation reads it: the success
/// by `read`, an error status as a `Problem`.
async fn call<T: Send + 'static>(
    answer: ResponseTemplate,
    read: runtime::ReadBody<T, Problem>,
) -> Result<T, Error<Problem>> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(answer)
        .expect(1)
        .mount(&server)
        .await;
    let request = Request::new("getX", Method::GET, "/x", "/x".to_owned());
    Call::new(&client(&server), request, decode_json::<Problem>, read)
        .await
        .map(runtime::Response::into_body)
}

fn answer(content_type: &str, body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.into(), content_type)
}

fn transcript() -> Transcript {
    Transcript {
        id: "t1".into(),
        text: "Hello".into(),
    }
}

const TRANSCRIPT_JSON: &str = r#"{"id":"t1","text":"Hello"}"#;

#[tokio::test]
async fn each_declared_type_is_read_as_its_variant() {
    let json = call(
        answer("application/vnd.transcript.v1+json", TRANSCRIPT_JSON),
        GetTranscriptResponse::read,
    )
    .await
    .unwrap();
    assert_eq!(json, GetTranscriptResponse::Json(Box::new(transcript())));
    let text = call(answer("text/plain", "Hello"), GetTranscriptResponse::read)
        .await
        .unwrap();
    assert_eq!(text, GetTranscriptResponse::Text("Hello".into()));

    let vtt = "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n";
    let captions = call(answer("text/vtt", vtt), GetCaptionsResponse::read)
        .await
        .unwrap();
    assert_eq!(captions, GetCaptionsResponse::Text(vtt.into()));
    let srt = "1\n00:00:00,000 --> 00:00:01,000\nHello\n";
    let captions = call(
        answer("application/x-subrip", srt),
        GetCaptionsResponse::read,
    )
    .await
    .unwrap();
    assert_eq!(
        captions,
        GetCaptionsResponse::Raw(RawBody {
            content_type: Some("application/x-subrip".into()),
            bytes: Bytes::from(srt),
        })
    );

    let pdf = b"%PDF-1.7\n\xff\xfe".to_vec();
    let report = call(
        answer("application/pdf", pdf.clone()),
        GetReportResponse::read,
    )
    .await
    .unwrap();
    assert_eq!(report, GetReportResponse::Bytes(Bytes::from(pdf)));
    // The JSON representation is in a `{"data": ...}` envelope.
    let report = call(
        answer("application/json", r#"{"data":{"title":"Q3"}}"#),
        GetReportResponse::read,
    )
    .await
    .unwrap();
    assert_eq!(
        report,
        GetReportResponse::Json(Box::new(Report { title: "Q3".into() }))
    );
}

#[tokio::test]
async fn parameters_and_case_are_ignored_and_the_charset_decodes_the_text() {
    // ISO-8859-1 `é` is one byte, not UTF-8.
    let text = call(
        answer("Text/Plain; charset=ISO-8859-1", b"caf\xe9".to_vec()),
        GetTranscriptResponse::read,
    )
    .await
    .unwrap();
    assert_eq!(text, GetTranscriptResponse::Text("café".into()));
    let json = call(
        answer(
            "application/vnd.transcript.v1+json; charset=utf-8",
            TRANSCRIPT_JSON,
        ),
        GetTranscriptResponse::read,
    )
    .await
    .unwrap();
    assert_eq!(json, GetTranscriptResponse::Json(Box::new(transcript())));
}

#[tokio::test]
async fn any_json_type_is_read_as_the_json_representation() {
    for content_type in ["application/json", "application/problem+json", "text/json"] {
        let json = call(
            answer(content_type, TRANSCRIPT_JSON),
            GetTranscriptResponse::read,
        )
        .await
        .unwrap_or_else(|err| panic!("{content_type}: {err}"));
        assert_eq!(
            json,
            GetTranscriptResponse::Json(Box::new(transcript())),
            "{content_type}"
        );
    }
}

#[tokio::test]
async fn a_range_matches_its_types_and_the_closest_declared_type_wins() {
    for content_type in ["text/csv", "text/markdown; charset=utf-8"] {
        let report = call(answer(content_type, "title\nQ3\n"), GetReportResponse::read)
            .await
            .unwrap_or_else(|err| panic!("{content_type}: {err}"));
        assert_eq!(report, GetReportResponse::Text("title\nQ3\n".into()));
    }
}

#[tokio::test]
async fn an_undeclared_type_is_an_error_that_keeps_the_body() {
    let html = "<html><body>Maintenance</body></html>";
    let err = call(answer("text/html", html), GetTranscriptResponse::read)
        .await
        .unwrap_err();
    let message = err.to_string();
    match err {
        Error::UnexpectedContentType {
            status,
            content_type,
            declared,
            body,
        } => {
            assert_eq!(status, 200);
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert_eq!(
                declared,
                ["application/vnd.transcript.v1+json", "text/plain"]
            );
            assert_eq!(body, html);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        message.contains("\"text/html\"") && message.contains("text/plain"),
        "{message}"
    );
    // XML is not JSON, whatever its structure.
    let err = call(
        answer("application/xml", "<transcript/>"),
        GetCaptionsResponse::read,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, Error::UnexpectedContentType { .. }),
        "{err:?}"
    );
    assert_eq!(err.raw_body().map(|b| &b[..]), Some(&b"<transcript/>"[..]));
}

#[tokio::test]
async fn a_body_with_no_content_type_is_an_error_that_keeps_it() {
    let err = call(
        ResponseTemplate::new(200).set_body_bytes(TRANSCRIPT_JSON),
        GetTranscriptResponse::read,
    )
    .await
    .unwrap_err();
    match &err {
        Error::UnexpectedContentType {
            content_type, body, ..
        } => {
            assert_eq!(*content_type, None);
            assert_eq!(body, TRANSCRIPT_JSON);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("no content type"), "{err}");
}

#[tokio::test]
async fn a_declared_type_whose_body_does_not_decode_is_a_decode_error() {
    let err = call(
        answer("application/vnd.transcript.v1+json", r#"{"id":"t1"}"#),
        GetTranscriptResponse::read,
    )
    .await
    .unwrap_err();
    match err {
        Error::Decode { source, body, .. } => {
            assert!(source.to_string().contains("text"), "{source}");
            assert_eq!(body, r#"{"id":"t1"}"#);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_error_status_is_decoded_as_before() {
    let problem = ResponseTemplate::new(404).set_body_raw(
        r#"{"title":"gone","status":404}"#,
        "application/problem+json",
    );
    let err = call(problem, GetTranscriptResponse::read)
        .await
        .unwrap_err();
    assert_eq!(
        err.api_body(),
        Some(&Problem {
            title: Some("gone".into()),
            status: Some(404)
        })
    );
}

/// `GET /x` answered once with `answer`, read as `getReport` is: its error bodies by status,
/// and by `Content-Type` where a status declares several types.
async fn report(answer: ResponseTemplate) -> Result<GetReportResponse, Error<GetReportError>> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(answer)
        .expect(1)
        .mount(&server)
        .await;
    let request = Request::new("getReport", Method::GET, "/x", "/x".to_owned());
    Call::with_headers(
        &client(&server),
        request,
        GetReportError::decode,
        GetReportResponse::read,
    )
    .await
    .map(runtime::Response::into_body)
}

#[tokio::test]
async fn an_error_body_declared_in_several_types_is_read_by_its_content_type() {
    let problem = r#"{"title":"no such report","status":404}"#;
    let err = report(
        ResponseTemplate::new(404).set_body_raw(problem, "application/problem+json; charset=utf-8"),
    )
    .await
    .unwrap_err();
    assert_eq!(
        err.api_body(),
        Some(&GetReportError::Other(JsonOrText::Json(Box::new(
            Problem {
                title: Some("no such report".into()),
                status: Some(404),
            }
        ))))
    );
    let page = "<html><body>Not found</body></html>";
    let err = report(ResponseTemplate::new(404).set_body_raw(page, "text/html"))
        .await
        .unwrap_err();
    assert_eq!(
        err.api_body(),
        Some(&GetReportError::Other(JsonOrText::Text(page.into())))
    );
    // A status with one type reads as before, whatever its Content-Type.
    let err = report(ResponseTemplate::new(503).set_body_raw("down", "text/html"))
        .await
        .unwrap_err();
    assert_eq!(
        err.api_body(),
        Some(&GetReportError::ServiceUnavailable("down".into()))
    );
    // A type the status does not declare decodes to nothing; the raw body is kept.
    let err = report(ResponseTemplate::new(404).set_body_raw("<gone/>", "application/xml"))
        .await
        .unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.status, 404);
    assert_eq!(api.body, None);
    assert_eq!(api.raw, "<gone/>");
}

#[tokio::test]
async fn a_single_error_body_in_several_types_is_read_by_its_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/captions"))
        .respond_with(ResponseTemplate::new(429).set_body_raw("slow down", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    let request = Request::new(
        "getCaptions",
        Method::GET,
        "/captions",
        "/captions".to_owned(),
    );
    // As generated for `getCaptions`, whose 4XX is JSON or text.
    let err = Call::with_headers(
        &client(&server),
        request,
        |status, headers, body| {
            runtime::decode_json_or_text::<Problem>(
                status,
                headers,
                body,
                &["application/json"],
                &["text/plain"],
            )
        },
        GetCaptionsResponse::read,
    )
    .await
    .unwrap_err();
    assert_eq!(err.api_body(), Some(&JsonOrText::Text("slow down".into())));
}

//! The client the build script generated, against a mock of the Notes API on loopback.

use build_rs_example::api::models::NewNote;
use build_rs_example::api::{Client, Error};
use wiremock::matchers::{bearer_token, body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer("secret-token")
        .build()
        .expect("the client builds")
}

#[tokio::test]
async fn notes_are_created_listed_and_read() {
    let server = MockServer::start().await;
    let note = serde_json::json!({
        "id": "n1",
        "text": "buy milk",
        "tags": ["errands"],
        "created_at": "2026-01-02T03:04:05Z",
    });
    Mock::given(method("POST"))
        .and(path("/notes"))
        .and(bearer_token("secret-token"))
        .and(body_json(
            serde_json::json!({"text": "buy milk", "tags": ["errands"]}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(&note))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/notes"))
        .and(query_param("tag", "errands"))
        .and(query_param("limit", "10"))
        .respond_with(ResponseTemplate::new(200).set_body_json([&note]))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let created = client
        .create_note(NewNote {
            tags: Some(vec!["errands".into()]),
            ..NewNote::new("buy milk")
        })
        .send()
        .await
        .expect("the note is created");
    assert_eq!(created.id, "n1");
    assert_eq!(created.created_at.to_rfc3339(), "2026-01-02T03:04:05+00:00");

    let listed = client
        .list_notes()
        .tag("errands")
        .limit(10)
        .send()
        .await
        .expect("the notes are listed");
    assert_eq!(listed, vec![created]);
}

#[tokio::test]
async fn an_error_status_has_its_decoded_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/notes/gone"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"title": "Not found"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    match client(&server).get_note("gone").send().await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status, 404);
            assert_eq!(error.body.expect("the body decodes").title, "Not found");
        }
        other => panic!("expected the API's 404, got {other:?}"),
    }
}

#[tokio::test]
async fn bounds_the_spec_declares_are_checked_before_sending() {
    let server = MockServer::start().await;
    let error = client(&server)
        .list_notes()
        .limit(500)
        .send()
        .await
        .expect_err("500 is beyond the limit's maximum");
    assert!(error.to_string().contains("limit"), "{error}");
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

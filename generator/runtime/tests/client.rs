//! Behaviour tests of the hand-written client runtime against a mock server.
//!
//! No test waits for real: retries go through the recording fake `Sleep` of `fakes`.

use std::{
    net::TcpListener,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use futures::StreamExt;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{header, method, path, query_param},
};

use crate::runtime::{
    Body, BuildError, Client, ClientBuilder, Credentials, Cursor, Data, Error, Items, Next, Page,
    Paging, Part, Query, Request, RequestError, RequestErrorKind, RetryPolicy, SecretString,
    Upload, decode_json, encode_path_segment, http_client_builder, pages,
};
use wiremock::matchers::body_json;

use crate::fakes::{TOKEN, Waits, builder, client_for};

fn get(path: &str) -> Request {
    Request::new("getThing", Method::GET, "/things/{thing_gid}", path)
}

fn post(path: &str) -> Request {
    Request::new("createThing", Method::POST, "/things", path)
        .with_body(Body::json(&json!({"data": {"name": "x"}})).unwrap())
}

async fn requests_received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// A loopback port with nothing listening on it.
fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[derive(Debug, Deserialize, PartialEq)]
struct Thing {
    gid: String,
}

#[derive(Debug, Deserialize)]
struct Envelope<T> {
    data: T,
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    errors: Vec<ErrorItem>,
}

#[derive(Debug, Deserialize)]
struct ErrorItem {
    message: String,
}

// ---------------------------------------------------------------- success

#[tokio::test]
async fn get_decodes_json_and_sends_standard_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/1"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .and(header("user-agent", "client-runtime/0.0.0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"gid": "1"}})))
        .expect(1)
        .mount(&server)
        .await;
    let (client, sleep) = client_for(&server);

    let thing: Envelope<Thing> = client
        .execute(get("/things/1"), decode_json::<ErrorBody>)
        .await
        .unwrap();

    assert_eq!(thing.data, Thing { gid: "1".into() });
    assert!(sleep.waits().is_empty());
}

#[tokio::test]
async fn json_body_is_sent_with_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/things"))
        .and(header("content-type", "application/json"))
        .and(wiremock::matchers::body_json(
            json!({"data": {"name": "x"}}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"gid": "9"}})))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);

    let created: Envelope<Thing> = client
        .execute(post("/things"), decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(created.data.gid, "9");
}

#[tokio::test]
async fn empty_responses() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);
    let delete = || Request::new("deleteThing", Method::DELETE, "/things/{gid}", "/things/1");

    client
        .execute_empty(delete(), decode_json::<Value>)
        .await
        .unwrap();
    // An empty 2xx body decodes as `null`.
    let unit: () = client
        .execute(delete(), decode_json::<Value>)
        .await
        .unwrap();
    let nothing: Option<Thing> = client
        .execute(delete(), decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(unit, ());
    assert_eq!(nothing, None);
}

#[tokio::test]
async fn base_url_trailing_slash_and_prefix_are_kept() {
    let server = MockServer::start().await;
    Mock::given(path("/api/1.0/things/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let sleep = Waits::default();
    let client = builder(&format!("{}/api/1.0/", server.uri()), &sleep)
        .build()
        .unwrap();
    assert_eq!(client.base_url(), format!("{}/api/1.0", server.uri()));

    client
        .execute_empty(get("/things/1"), decode_json::<Value>)
        .await
        .unwrap();
}

#[tokio::test]
async fn bodyless_post_sends_content_length_zero() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("content-length", "0"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);

    let request = Request::new(
        "resetThing",
        Method::POST,
        "/things/{gid}/reset",
        "/things/1/reset",
    );
    client
        .execute_empty(request, decode_json::<Value>)
        .await
        .unwrap();
}

#[tokio::test]
async fn redirects_are_followed_only_within_the_origin() {
    let elsewhere = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    Mock::given(path("/moved"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/things/1"))
        .mount(&server)
        .await;
    Mock::given(path("/away"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("Location", format!("{}/things/1", elsewhere.uri()).as_str()),
        )
        .mount(&server)
        .await;
    Mock::given(path("/things/1"))
        .and(header("x-api-key", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"gid": "1"}})))
        .mount(&server)
        .await;
    let client = ClientBuilder::new(&server.uri())
        .credentials(Credentials::api_key_header(
            http::HeaderName::from_static("x-api-key"),
            TOKEN,
        ))
        .build()
        .unwrap();

    let thing: Envelope<Thing> = client
        .execute(get("/moved"), decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(thing.data.gid, "1");

    let err = client
        .execute::<Value, Value>(get("/away"), decode_json)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(reqwest::StatusCode::TEMPORARY_REDIRECT));
    assert_eq!(
        requests_received(&elsewhere).await,
        0,
        "the key never left the origin"
    );
}

#[tokio::test]
async fn own_http_client_and_user_agent() {
    let server = MockServer::start().await;
    Mock::given(header("user-agent", "my-app/2.0"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = ClientBuilder::new(&server.uri())
        .credentials(Credentials::bearer(TOKEN))
        .http_client(http_client_builder().build().unwrap())
        .user_agent("my-app/2.0")
        .build()
        .unwrap();

    client
        .execute_empty(get("/things/1"), decode_json::<Value>)
        .await
        .unwrap();
}

#[test]
fn body_serialization_errors_become_request_errors() {
    let mut map = std::collections::BTreeMap::new();
    map.insert((1, 2), "tuple keys are not JSON object keys");

    let err: Error<Value> = Body::json(&map)
        .map_err(Error::from_serialization)
        .unwrap_err();
    assert!(matches!(&err, Error::Request(e) if e.kind() == RequestErrorKind::Serialize));
    assert!(std::error::Error::source(&err).is_some());

    let err: Error<Value> = Body::json(&map)
        .map_err(RequestError::from)
        .unwrap_err()
        .into();
    assert!(matches!(&err, Error::Request(e) if e.kind() == RequestErrorKind::Serialize));
}

#[tokio::test]
async fn data_envelope_and_header_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("x-feature-enable", "new_goal_memberships"))
        .and(header("accept", "application/json"))
        .and(wiremock::matchers::body_json(
            json!({"data": {"gid": "in"}}),
        ))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"data": {"gid": "out"}, "extra": 1})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);
    let input = json!({"gid": "in"});
    let request = Request::new("createThing", Method::POST, "/things", "/things")
        .with_header("X-Feature-Enable", "new_goal_memberships")
        .with_body(Body::json(&Data { data: &input }).unwrap());

    let created: Data<Thing> = client.execute(request, decode_json::<Value>).await.unwrap();
    assert_eq!(created.data.gid, "out");
}

#[tokio::test]
async fn invalid_header_parameter_is_a_request_error() {
    let server = MockServer::start().await;
    let (client, _) = client_for(&server);

    let err = client
        .execute_empty(
            get("/things/1").with_header("X-Trace", "line\nbreak"),
            decode_json::<Value>,
        )
        .await
        .unwrap_err();

    assert!(matches!(&err, Error::Request(e) if e.kind() == RequestErrorKind::InvalidHeader));
    assert_eq!(requests_received(&server).await, 0);
}

#[tokio::test]
async fn error_bodies_can_be_decoded_by_status() {
    #[derive(Debug)]
    enum ByStatus {
        NotFound(ErrorBody),
        Other(Value),
    }
    fn decode(status: reqwest::StatusCode, body: &[u8]) -> Option<ByStatus> {
        match status.as_u16() {
            404 => decode_json(status, body).map(ByStatus::NotFound),
            _ => decode_json(status, body).map(ByStatus::Other),
        }
    }
    let server = MockServer::start().await;
    Mock::given(path("/missing"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"errors": [{"message": "gone"}]})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/conflict"))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({"why": "conflict"})))
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);

    let err = client
        .execute_empty(get("/missing"), decode)
        .await
        .unwrap_err();
    assert!(
        matches!(err.api_body(), Some(ByStatus::NotFound(body)) if body.errors[0].message == "gone")
    );
    let err = client
        .execute_empty(get("/conflict"), decode)
        .await
        .unwrap_err();
    assert!(matches!(err.api_body(), Some(ByStatus::Other(value)) if value["why"] == "conflict"));
}

// ---------------------------------------------------------------- response metadata and headers

#[tokio::test]
async fn status_headers_and_deprecations_come_with_the_body() {
    let server = MockServer::start().await;
    let change = "@1767225600";
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("Location", "/things/9")
                .insert_header("Deprecation", change)
                .insert_header("Sunset", "Sat, 31 Dec 2033 23:59:59 GMT")
                .set_body_json(json!({"data": {"gid": "9"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);

    let response = client
        .execute_with_response::<Envelope<Thing>, Value>(post("/things"), decode_json)
        .await
        .unwrap();

    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    assert_eq!(response.header("location"), Some("/things/9"));
    assert_eq!(response.headers()["location"], "/things/9");
    let notices: Vec<(&str, &str)> = response
        .deprecations()
        .map(|notice| (notice.header(), notice.value()))
        .collect();
    assert_eq!(
        notices,
        [
            ("deprecation", change),
            ("sunset", "Sat, 31 Dec 2033 23:59:59 GMT")
        ]
    );
    assert_eq!(response.body().data.gid, "9");
    let (status, headers, body) = response.into_parts();
    assert_eq!((status.as_u16(), headers.len() >= 3), (201, true));
    assert_eq!(body.data.gid, "9");
}

#[tokio::test]
async fn empty_and_raw_responses_keep_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204).insert_header("X-Request-Id", "r-1"))
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);
    let delete = || Request::new("deleteThing", Method::DELETE, "/things/{gid}", "/things/1");

    let empty = client
        .execute_empty_with_response(delete(), decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(empty.status(), reqwest::StatusCode::NO_CONTENT);
    assert_eq!(empty.header("x-request-id"), Some("r-1"));
    let raw = client
        .execute_raw(delete(), decode_json::<Value>)
        .await
        .unwrap();
    assert!(raw.body().is_empty());
    let http: http::Response<bytes::Bytes> = raw.into();
    assert_eq!(http.headers()["x-request-id"], "r-1");
}

#[tokio::test]
async fn default_and_per_request_headers_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let sleep = Waits::default();
    let client = builder(&server.uri(), &sleep)
        .default_header("X-Feature-Enable", "new_user_task_lists")
        .default_header("X-Team", "billing")
        .build()
        .unwrap();

    client
        .execute_empty(get("/things/1"), decode_json::<Value>)
        .await
        .unwrap();
    let mut request = get("/things/2");
    request.add_header("X-Feature-Enable", "new_goal_memberships");
    request.add_header("x-feature-disable", "new_project_templates");
    // Never replaces the credentials.
    request.add_header("Authorization", "Bearer someone-else");
    client
        .execute_empty(request, decode_json::<Value>)
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    let values = |index: usize, name: &str| -> Vec<String> {
        received[index]
            .headers
            .get_all(name)
            .iter()
            .map(|value| value.to_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(values(0, "x-feature-enable"), ["new_user_task_lists"]);
    assert_eq!(values(0, "x-team"), ["billing"]);
    assert_eq!(
        values(1, "x-feature-enable"),
        ["new_goal_memberships"],
        "replaced"
    );
    assert_eq!(values(1, "x-feature-disable"), ["new_project_templates"]);
    assert_eq!(values(1, "x-team"), ["billing"]);
    assert_eq!(values(1, "authorization"), [format!("Bearer {TOKEN}")]);
}

#[tokio::test]
async fn invalid_headers_fail_before_anything_is_sent() {
    let server = MockServer::start().await;
    let (client, _) = client_for(&server);

    let mut bad_name = get("/things/1");
    bad_name.add_header("Bad Name", "x");
    let err = client
        .execute_empty(bad_name, decode_json::<Value>)
        .await
        .unwrap_err();
    match &err {
        Error::Request(e) => assert_eq!(e.kind(), RequestErrorKind::InvalidHeader),
        other => panic!("expected a request error, got {other:?}"),
    }
    assert!(err.to_string().contains("\"Bad Name\""), "{err}");

    let mut bad_value = get("/things/1");
    bad_value.add_header("X-Secret", "hidden-value\r\nX-Injected: 1");
    let err = client
        .execute_empty(bad_value, decode_json::<Value>)
        .await
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("X-Secret"), "{shown}");
    assert!(!shown.contains("hidden-value"), "{shown}");
    assert_eq!(requests_received(&server).await, 0);

    let err = ClientBuilder::new(&server.uri())
        .default_header("X-Secret", "hidden-value\n")
        .build()
        .unwrap_err();
    assert!(matches!(err, BuildError::InvalidHeader(_)), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains("X-Secret") && !shown.contains("hidden-value"),
        "{shown}"
    );
}

#[tokio::test]
async fn parameters_outside_their_bounds_fail_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);
    let with_limit = |limit: i64| {
        let mut request = get("/things");
        request.check_range("limit", limit, Some(1), Some(100));
        request.query.set("limit", limit);
        request
    };

    for (limit, bound) in [(0, "between 1 and 100"), (101, "between 1 and 100")] {
        let err = client
            .execute_empty(with_limit(limit), decode_json::<Value>)
            .await
            .unwrap_err();
        match &err {
            Error::Request(e) => assert_eq!(e.kind(), RequestErrorKind::OutOfRange),
            other => panic!("expected a request error, got {other:?}"),
        }
        let message = err.to_string();
        assert!(
            message.contains("`limit`") && message.contains(bound),
            "{message}"
        );
        assert!(message.contains(&limit.to_string()), "{message}");
    }
    let mut minimum_only = get("/things");
    minimum_only.check_range("count", 2_i32, Some(5), None);
    let err = client
        .execute_empty(minimum_only, decode_json::<Value>)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("at least 5"), "{err}");
    assert_eq!(requests_received(&server).await, 0);

    // The last value set is the one checked.
    let mut corrected = with_limit(500);
    corrected.check_range("limit", 100, Some(1), Some(100));
    assert!(corrected.problem().is_none());
    client
        .execute_empty(with_limit(1), decode_json::<Value>)
        .await
        .unwrap();
    client
        .execute_empty(corrected, decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(requests_received(&server).await, 2);
}

// ---------------------------------------------------------------- retries

#[tokio::test]
async fn retries_429_after_the_retry_after_delay() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "7"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"gid": "1"}})))
        .mount(&server)
        .await;
    let (client, sleep) = client_for(&server);

    let thing: Envelope<Thing> = client
        .execute(get("/things/1"), decode_json::<Value>)
        .await
        .unwrap();

    assert_eq!(thing.data.gid, "1");
    assert_eq!(sleep.waits(), vec![Duration::from_secs(7)]);
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn retry_after_beyond_the_budget_returns_the_429() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .mount(&server)
        .await;
    let (client, sleep) = client_for(&server); // default budget: 60 s

    let err = client
        .execute::<Value, Value>(get("/things/1"), decode_json)
        .await
        .unwrap_err();

    assert!(err.is_rate_limited());
    assert_eq!(
        err.api().unwrap().retry_after(),
        Some(Duration::from_secs(120))
    );
    assert!(sleep.waits().is_empty());
    assert_eq!(requests_received(&server).await, 1);
}

#[tokio::test]
async fn retries_503_twice_then_succeeds_with_jittered_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"gid": "1"}})))
        .mount(&server)
        .await;
    let (client, sleep) = client_for(&server);

    let thing: Envelope<Thing> = client
        .execute(get("/things/1"), decode_json::<Value>)
        .await
        .unwrap();

    assert_eq!(thing.data.gid, "1");
    assert_eq!(requests_received(&server).await, 3);
    // Default: 500 ms doubling, equal jitter (between half and all of it).
    let waits = sleep.waits();
    assert_eq!(waits.len(), 2);
    assert!((Duration::from_millis(250)..=Duration::from_millis(500)).contains(&waits[0]));
    assert!((Duration::from_millis(500)..=Duration::from_millis(1000)).contains(&waits[1]));
}

#[tokio::test]
async fn post_is_not_retried_on_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let (client, sleep) = client_for(&server);

    let err = client
        .execute::<Value, Value>(post("/things"), decode_json)
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(reqwest::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(requests_received(&server).await, 1);
    assert!(sleep.waits().is_empty());
}

#[tokio::test]
async fn post_refused_with_429_is_sent_again_and_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "2"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_json(json!({"data": {"name": "x"}})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"gid": "9"}})))
        .mount(&server)
        .await;
    let (client, sleep) = client_for(&server);

    let created: Envelope<Thing> = client
        .execute(post("/things"), decode_json::<Value>)
        .await
        .unwrap();

    assert_eq!(created.data.gid, "9");
    assert_eq!(requests_received(&server).await, 2);
    assert_eq!(sleep.waits(), [Duration::from_secs(2)]);
}

#[tokio::test]
async fn post_answered_500_is_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let (client, sleep) = client_for(&server);

    let err = client
        .execute::<Value, Value>(post("/things"), decode_json)
        .await
        .unwrap_err();

    assert_eq!(
        err.status(),
        Some(reqwest::StatusCode::INTERNAL_SERVER_ERROR)
    );
    assert_eq!(requests_received(&server).await, 1);
    assert!(sleep.waits().is_empty());
}

#[tokio::test]
async fn post_refused_with_429_is_not_resent_when_switched_off() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .mount(&server)
        .await;
    let sleep = Waits::default();
    let client = builder(&server.uri(), &sleep)
        .retry_policy(RetryPolicy::default().with_retry_rate_limited_non_idempotent(false))
        .build()
        .unwrap();

    let err = client
        .execute::<Value, Value>(post("/things"), decode_json)
        .await
        .unwrap_err();

    assert!(err.is_rate_limited());
    assert_eq!(requests_received(&server).await, 1);
    assert!(sleep.waits().is_empty());
}

#[tokio::test]
async fn post_is_retried_on_503_when_opted_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"gid": "2"}})))
        .mount(&server)
        .await;
    let sleep = Waits::default();
    let client = builder(&server.uri(), &sleep)
        .retry_policy(RetryPolicy::default().with_retry_non_idempotent(true))
        .build()
        .unwrap();

    let created: Envelope<Thing> = client
        .execute(post("/things"), decode_json::<Value>)
        .await
        .unwrap();

    assert_eq!(created.data.gid, "2");
    assert_eq!(sleep.waits().len(), 1);
}

#[tokio::test]
async fn exhausted_retries_return_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string("first"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_string("last"))
        .mount(&server)
        .await;
    let (client, sleep) = client_for(&server);

    let err = client
        .execute::<Value, Value>(get("/things/1"), decode_json)
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(reqwest::StatusCode::BAD_GATEWAY));
    assert_eq!(err.raw_body().unwrap().as_ref(), b"last");
    assert_eq!(err.to_string(), "HTTP 502 Bad Gateway: last");
    assert_eq!(requests_received(&server).await, 3);
    assert_eq!(sleep.waits().len(), 2);
}

#[tokio::test]
async fn non_retryable_status_is_returned_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_string("bad"))
        .mount(&server)
        .await;
    let (client, sleep) = client_for(&server);

    let err = client
        .execute::<Value, Value>(get("/things/1"), decode_json)
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(reqwest::StatusCode::BAD_REQUEST));
    assert_eq!(requests_received(&server).await, 1);
    assert!(sleep.waits().is_empty());
}

#[tokio::test]
async fn retry_policy_none_makes_one_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);

    let err = client
        .with_retry_policy(RetryPolicy::none())
        .execute::<Value, Value>(get("/things/1"), decode_json)
        .await
        .unwrap_err();

    assert!(err.is_api());
    assert_eq!(requests_received(&server).await, 1);
}

#[tokio::test]
async fn connect_failure_is_retried_even_for_post() {
    let sleep = Waits::default();
    let client = builder(&closed_port_url(), &sleep).build().unwrap();

    let err = client
        .execute::<Value, Value>(post("/things"), decode_json)
        .await
        .unwrap_err();

    assert!(err.is_connect(), "{err:?}");
    assert!(matches!(err, Error::Transport(_)));
    assert_eq!(sleep.waits().len(), 2, "3 attempts in total");
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn timeout_is_retried_for_get_but_not_for_post() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let sleep = Waits::default();
    let client = builder(&server.uri(), &sleep)
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::no_delay())
        .build()
        .unwrap();

    let err = client
        .execute::<Value, Value>(get("/things/1"), decode_json)
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(requests_received(&server).await, 3);

    let err = client
        .execute::<Value, Value>(post("/things"), decode_json)
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(
        requests_received(&server).await,
        4,
        "the POST was sent once"
    );
}

#[tokio::test]
async fn multipart_body_is_resent_whole_on_retry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"gid": "a"}})))
        .mount(&server)
        .await;
    let sleep = Waits::default();
    let client = builder(&server.uri(), &sleep)
        .retry_policy(RetryPolicy::no_delay().with_retry_non_idempotent(true))
        .build()
        .unwrap();
    let request = Request::new(
        "createAttachment",
        Method::POST,
        "/attachments",
        "/attachments",
    )
    .with_body(Body::Multipart(vec![
        Part::text("parent", "123"),
        Part::file(
            "file",
            Upload::new("hello.txt", &b"hello, world"[..]).with_content_type("text/plain"),
        ),
    ]));

    let _: Value = client.execute(request, decode_json::<Value>).await.unwrap();

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    for request in &received {
        let content_type = request.headers["content-type"].to_str().unwrap();
        assert!(content_type.starts_with("multipart/form-data; boundary="));
        let body = String::from_utf8_lossy(&request.body);
        assert!(body.contains("name=\"parent\"\r\n\r\n123\r\n"), "{body}");
        assert!(body.contains("filename=\"hello.txt\""), "{body}");
        assert!(
            body.to_lowercase()
                .contains("content-type: text/plain\r\n\r\nhello, world\r\n"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn multipart_parts_are_text_files_or_json_by_their_value() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);
    let mut parts = vec![Part::json("meta", &json!({"tag": "a"})).unwrap()];
    for tag in ["x", "y"] {
        parts.push(Part::text("tags", tag));
    }
    parts.extend(Part::value("either", &json!(7)).unwrap());
    parts.extend(Part::value("either_text", &json!("seven")).unwrap());
    parts.extend(Part::value("grid", &json!([[1, 2]])).unwrap());
    assert!(
        Part::value("none", &Value::Null).unwrap().is_none(),
        "null sends no part"
    );
    let request = Request::new("upload", Method::POST, "/upload", "/upload")
        .with_body(Body::Multipart(parts));

    client
        .execute_empty(request, decode_json::<Value>)
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    let body = String::from_utf8_lossy(&received[0].body).to_lowercase();
    let part = |name: &str, content_type: Option<&str>, value: &str| {
        let content_type = content_type
            .map(|t| format!("content-type: {t}\r\n"))
            .unwrap_or_default();
        format!("name=\"{name}\"\r\n{content_type}\r\n{value}\r\n")
    };
    for expected in [
        part("meta", Some("application/json"), r#"{"tag":"a"}"#),
        part("tags", None, "x"),
        part("tags", None, "y"),
        part("either", None, "7"),
        part("either_text", None, "seven"),
        part("grid", Some("application/json"), "[[1,2]]"),
    ] {
        assert!(body.contains(&expected), "{expected:?} in {body}");
    }
    assert!(!body.contains("name=\"none\""), "{body}");
}

#[tokio::test]
async fn a_path_parameter_that_cannot_be_serialised_fails_before_sending() {
    let server = MockServer::start().await;
    let (client, _) = client_for(&server);
    let mut request = Request::new("getThing", Method::GET, "/things/{key}", String::new());
    // JSON has no map with keys that are not strings.
    let key = std::collections::BTreeMap::from([((1, 2), "x")]);
    let value = request.serialized_param("key", crate::runtime::ParamValue::object(&key));
    request.path = format!(
        "/things/{}",
        crate::runtime::path_param(crate::runtime::PathStyle::Simple, false, "key", &value)
    );

    let err = client
        .execute_empty(request, decode_json::<Value>)
        .await
        .unwrap_err();

    match &err {
        Error::Request(err) => {
            assert_eq!(err.kind(), RequestErrorKind::Serialize);
            assert!(err.to_string().contains("`key`"), "{err}");
        }
        other => panic!("expected a request error, got {other:?}"),
    }
    assert_eq!(requests_received(&server).await, 0);
}

// ---------------------------------------------------------------- errors

#[tokio::test]
async fn decode_error_keeps_the_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"data\": {\"gid\": 5}}"))
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);

    let err = client
        .execute::<Envelope<Thing>, Value>(get("/things/1"), decode_json)
        .await
        .unwrap_err();

    match &err {
        Error::Decode { status, body, .. } => {
            assert_eq!(*status, reqwest::StatusCode::OK);
            assert_eq!(body.as_ref(), b"{\"data\": {\"gid\": 5}}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn error_body_is_decoded_with_decode_json() {
    let server = MockServer::start().await;
    let body = json!({"errors": [{"message": "thing: Not a recognized ID: 1"}]});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(body.clone()))
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);

    let err = client
        .execute::<Value, ErrorBody>(get("/things/1"), decode_json)
        .await
        .unwrap_err();

    assert!(err.is_not_found());
    let api = err.api().unwrap();
    assert_eq!(
        api.body.as_ref().unwrap().errors[0].message,
        "thing: Not a recognized ID: 1"
    );
    assert_eq!(serde_json::from_slice::<Value>(&api.raw).unwrap(), body);
    assert!(
        err.to_string()
            .starts_with("HTTP 404 Not Found: {\"errors\":"),
        "{err}"
    );
}

#[tokio::test]
async fn undecodable_error_body_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("<html>oops</html>"))
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);

    let err = client
        .with_retry_policy(RetryPolicy::none())
        .execute::<Value, ErrorBody>(get("/things/1"), decode_json)
        .await
        .unwrap_err();

    let api = err.into_api().unwrap();
    assert!(api.body.is_none());
    assert_eq!(api.raw_text(), "<html>oops</html>");
}

#[test]
fn build_errors() {
    let build = |url: &str| ClientBuilder::new(url).build().unwrap_err();
    assert!(matches!(
        build("not a url"),
        BuildError::InvalidBaseUrl { .. }
    ));
    assert!(matches!(
        build("ftp://example.com"),
        BuildError::InvalidBaseUrl { .. }
    ));
    assert!(matches!(
        build("https://example.com/?a=1"),
        BuildError::InvalidBaseUrl { .. }
    ));
    let err = build("https://user:hunter2@example.com");
    assert!(matches!(err, BuildError::InvalidBaseUrl { .. }));
    assert!(!format!("{err} {err:?}").contains("hunter2"));

    let err = ClientBuilder::new("https://example.com")
        .credentials(Credentials::bearer(""))
        .build()
        .unwrap_err();
    assert!(matches!(err, BuildError::InvalidCredentials { .. }));
    let err = ClientBuilder::new("https://example.com")
        .credentials(Credentials::bearer("line\nbreak-secret"))
        .build()
        .unwrap_err();
    assert!(!format!("{err} {err:?}").contains("break-secret"));

    for limit in [
        ClientBuilder::new("https://example.com").max_concurrent_reads(0),
        ClientBuilder::new("https://example.com").max_concurrent_writes(0),
    ] {
        let err = limit.build().unwrap_err();
        assert!(matches!(err, BuildError::InvalidLimit { .. }), "{err:?}");
    }
}

// ---------------------------------------------------------------- encoding

#[test]
fn path_segments_escape_everything_but_unreserved() {
    assert_eq!(encode_path_segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
    assert_eq!(encode_path_segment("100%"), "100%25");
    assert_eq!(encode_path_segment("A-z_0.9~"), "A-z_0.9~");
    assert_eq!(encode_path_segment("é"), "%C3%A9");
}

#[tokio::test]
async fn encoded_path_segment_reaches_the_server_intact() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);
    let path = format!("/things/{}", encode_path_segment("a/b?c#d e"));

    client
        .execute_empty(get(&path), decode_json::<Value>)
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.path(), "/things/a%2Fb%3Fc%23d%20e");
    assert_eq!(received[0].url.query(), None);
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = MockServer::start().await;
    let (client, _) = client_for(&server);
    let path = format!("/things/{}/stories", encode_path_segment(".."));

    let err = client
        .execute_empty(get(&path), decode_json::<Value>)
        .await
        .unwrap_err();

    match &err {
        Error::Request(request) => assert_eq!(request.kind(), RequestErrorKind::InvalidUrl),
        other => panic!("expected a request error, got {other:?}"),
    }
    assert_eq!(requests_received(&server).await, 0);
}

#[test]
fn query_builds_pairs_in_order() {
    let mut query = Query::new();
    query.push_csv("opt_fields", ["name", "email", "a,b"]);
    query.push_csv("empty", std::iter::empty::<&str>());
    query.push("limit", &50);
    query.push_opt("workspace", None::<&String>);
    query.push_opt("archived", Some(&false));
    query.push_each("tag", ["a b", "c&d"]);
    query.set("limit", 10);

    assert_eq!(query.get("limit").as_deref(), Some("10"));
    assert_eq!(query.get("opt_fields").as_deref(), Some("name,email,a,b"));
    // List items are joined with literal commas; a comma inside an item is escaped.
    assert_eq!(
        query.to_query_string(),
        "opt_fields=name,email,a%2Cb&limit=10&archived=false&tag=a%20b&tag=c%26d"
    );
}

#[tokio::test]
async fn query_is_encoded_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("opt_fields", "name,email"))
        .and(query_param("tag", "a b"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);
    let mut query = Query::new();
    query.push_csv("opt_fields", ["name", "email"]);
    query.push_each("tag", ["a b", "c"]);

    client
        .execute_empty(get("/things").with_query(query), decode_json::<Value>)
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received[0].url.query(),
        Some("opt_fields=name,email&tag=a%20b&tag=c")
    );
}

// ---------------------------------------------------------------- credentials

#[tokio::test]
async fn each_credential_scheme_is_sent() {
    let server = MockServer::start().await;
    Mock::given(path("/basic"))
        .and(header(
            "authorization",
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/header"))
        .and(header("x-api-key", "k1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/query"))
        .and(query_param("limit", "5"))
        .and(query_param("api_key", "k 2"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let send = async |credentials: Credentials, request: Request| {
        ClientBuilder::new(&server.uri())
            .credentials(credentials)
            .build()
            .unwrap()
            .execute_empty(request, decode_json::<Value>)
            .await
            .unwrap();
    };

    send(Credentials::basic("Aladdin", "open sesame"), get("/basic")).await;
    send(
        Credentials::api_key_header("X-API-Key", "k1"),
        get("/header"),
    )
    .await;
    let mut query = Query::new();
    query.push("limit", &5);
    send(
        Credentials::api_key_query("api_key", "k 2"),
        get("/query").with_query(query),
    )
    .await;
}

#[test]
fn debug_output_never_shows_secrets() {
    assert_eq!(
        format!("{:?}", SecretString::new(TOKEN)),
        "SecretString(\"[redacted]\")"
    );
    let credentials = [
        Credentials::bearer(TOKEN),
        Credentials::basic("user", TOKEN),
        Credentials::api_key_header(http::HeaderName::from_static("x-api-key"), TOKEN),
        Credentials::api_key_query("key", TOKEN),
    ];
    for credentials in credentials {
        let shown = format!("{credentials:?} {credentials:#?}");
        assert!(!shown.contains(TOKEN), "{shown}");
        let builder = ClientBuilder::new("https://example.com").credentials(credentials);
        let shown = format!("{builder:?}");
        assert!(!shown.contains(TOKEN), "{shown}");
        let client = builder.build().unwrap();
        let shown = format!("{client:?} {client:#?}");
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(shown.contains("https://example.com"), "{shown}");
        assert!(shown.contains("max_attempts: 3"), "{shown}");
    }
}

#[tokio::test]
async fn query_api_key_is_redacted_from_transport_errors() {
    let client = ClientBuilder::new(&closed_port_url())
        .credentials(Credentials::api_key_query("api_key", TOKEN))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let err = client
        .execute_empty(get("/things/1"), decode_json::<Value>)
        .await
        .unwrap_err();

    assert!(err.is_connect());
    let mut shown = format!("{err} {err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        shown.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
}

// ---------------------------------------------------------------- pagination

#[derive(Debug, Deserialize)]
struct ListPage {
    data: Vec<Thing>,
    next_page: Option<NextPage>,
}

#[derive(Debug, Deserialize)]
struct NextPage {
    offset: String,
}

impl Page for ListPage {
    type Item = Thing;

    fn items(&self) -> &[Thing] {
        &self.data
    }

    fn next_page(&self) -> Next {
        Next::token(self.next_page.as_ref().map(|next| next.offset.clone()))
    }

    fn into_items(self) -> Vec<Thing> {
        self.data
    }
}

fn list_things(client: &Client) -> Items<ListPage, ErrorBody> {
    let client = client.clone();
    let mut query = Query::new();
    query.push("limit", &2);
    let request = Request::new("getThings", Method::GET, "/things", "/things").with_query(query);
    pages(Paging::Token("offset"), move |cursor: Cursor| {
        let client = client.clone();
        let mut request = request.clone();
        cursor.apply(&mut request, client.base_url());
        async move { client.execute::<ListPage, _>(request, decode_json).await }
    })
    .items()
}

async fn mount_page(server: &MockServer, offset: Option<&str>, body: Value) {
    let mut mock = Mock::given(method("GET")).and(path("/things"));
    match offset {
        Some(offset) => mock = mock.and(query_param("offset", offset)),
        None => mock = mock.and(wiremock::matchers::query_param_is_missing("offset")),
    }
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn pagination_walks_three_pages_lazily() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        None,
        json!({"data": [{"gid": "1"}, {"gid": "2"}], "next_page": {"offset": "p2"}}),
    )
    .await;
    mount_page(
        &server,
        Some("p2"),
        json!({"data": [{"gid": "3"}, {"gid": "4"}], "next_page": {"offset": "p3"}}),
    )
    .await;
    mount_page(
        &server,
        Some("p3"),
        json!({"data": [{"gid": "5"}], "next_page": null}),
    )
    .await;
    let (client, _) = client_for(&server);

    let mut things = Box::pin(list_things(&client));
    assert_eq!(
        requests_received(&server).await,
        0,
        "nothing before polling"
    );

    let first = things.next().await.unwrap().unwrap();
    assert_eq!(first.gid, "1");
    assert_eq!(requests_received(&server).await, 1, "one page at a time");

    let rest: Vec<String> = things
        .map(|thing| thing.unwrap().gid)
        .collect::<Vec<_>>()
        .await;
    assert_eq!(rest, ["2", "3", "4", "5"]);
    assert_eq!(requests_received(&server).await, 3);
}

#[tokio::test]
async fn pagination_ends_after_the_first_error() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        None,
        json!({"data": [{"gid": "1"}], "next_page": {"offset": "p2"}}),
    )
    .await;
    Mock::given(query_param("offset", "p2"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"errors": [{"message": "bad offset"}]})),
        )
        .mount(&server)
        .await;
    let (client, _) = client_for(&server);

    let results: Vec<_> = list_things(&client).collect().await;

    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().gid, "1");
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.api_body().unwrap().errors[0].message, "bad offset");
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn pagination_stops_when_the_token_repeats() {
    struct Fixed(Vec<u32>, Option<String>);
    impl Page for Fixed {
        type Item = u32;
        fn items(&self) -> &[u32] {
            &self.0
        }
        fn next_page(&self) -> Next {
            Next::token(self.1.clone())
        }
        fn into_items(self) -> Vec<u32> {
            self.0
        }
    }
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let stream = pages(Paging::Token("offset"), move |cursor: Cursor| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move {
            Ok::<_, Error<()>>(match cursor {
                Cursor::First => Fixed(vec![1, 2], Some("a".into())),
                _ => Fixed(vec![3], Some("a".into())),
            })
        }
    })
    .items();

    let results: Vec<_> = stream.collect().await;

    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(results.len(), 4);
    assert_eq!(
        results[..3]
            .iter()
            .map(|r| *r.as_ref().unwrap())
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(matches!(&results[3], Err(Error::Pagination { token }) if token == "a"));
}

// ---------------------------------------------------------------- types

#[test]
fn futures_and_streams_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = ClientBuilder::new("https://example.com").build().unwrap();
    let future = client.execute::<Value, ErrorBody>(get("/x"), decode_json);
    assert_send(&future);
    assert_send(&list_things(&client));
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<Error<ErrorBody>>();
    assert_error::<BuildError>();
    let future = client.execute_with_response::<Value, ErrorBody>(get("/x"), decode_json);
    assert_send(&future);
}

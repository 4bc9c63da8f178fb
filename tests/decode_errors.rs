//! A 2xx body that does not decode, over loopback: the error names the path from the body's
//! root to the failing value and what the decoder expected there, as a field of the error and
//! in its message, and stays short however deep or large the document a server sends.

use std::collections::BTreeMap;

use http::Method;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use asana_webhooks::models::WebhookResponse;
use asana_webhooks::runtime::{
    Call, DecodeError, Request, decode_body, decode_json, read_json, read_with,
};
use asana_webhooks::{Client, Error};

/// A server answering `GET route` with `body` as JSON, and a client for it.
async fn serving(route: &str, body: Vec<u8>) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .personal_access_token("0/5e6f7a8b9c0d1e2f")
        .build()
        .unwrap();
    (server, client)
}

/// The decode error of `err`, or a panic naming what it is instead.
fn decode_error<E: std::fmt::Debug>(err: &Error<E>) -> &DecodeError {
    match err {
        Error::Decode { source, .. } => source,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A change that breaks a webhook body, the path it breaks and the start of the reason.
type Case = (&'static str, fn(&mut Value), &'static str);

fn webhook(changes: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut webhook = json!({
        "gid": "12345",
        "resource_type": "webhook",
        "active": true,
        "resource": {"gid": "8675309", "resource_type": "task", "name": "Bugs"},
        "target": "https://example.com/receive-webhook/7654",
        "created_at": "2012-02-22T02:06:58.147Z",
        "filters": [
            {"resource_type": "task", "action": "changed"},
            {"resource_type": "story", "action": "added", "fields": ["due_at"]}
        ]
    });
    changes(&mut webhook);
    serde_json::to_vec(&json!({ "data": webhook })).unwrap()
}

#[tokio::test]
async fn a_wrong_type_deep_inside_a_model_is_named_by_its_path() {
    let cases: [Case; 4] = [
        (
            "data.created_at",
            |w| w["created_at"] = json!(1_329_876_418),
            "invalid type: integer `1329876418`, expected",
        ),
        (
            "data.resource.name",
            |w| w["resource"]["name"] = json!(7),
            "invalid type: integer `7`, expected a string",
        ),
        (
            "data.filters[1].fields[0]",
            |w| w["filters"][1]["fields"][0] = json!(false),
            "invalid type: boolean `false`, expected a string",
        ),
        (
            "data.target",
            |w| w["target"] = json!("not a url"),
            "relative URL without a base",
        ),
    ];
    for (expected_path, change, reason) in cases {
        let body = webhook(change);
        let (_server, client) = serving("/webhooks/12345", body.clone()).await;
        let err = client.get_webhook("12345").send().await.unwrap_err();
        let decode = decode_error(&err);
        assert_eq!(decode.path(), expected_path, "{err}");
        assert!(decode.line() == 1 && decode.column() > 0, "{decode:?}");
        let message = decode.to_string();
        assert!(
            message.starts_with(&format!("{expected_path}: {reason}")),
            "{message}"
        );
        assert!(
            message.ends_with(&format!("at line 1 column {}", decode.column())),
            "{message}"
        );
        let cause = std::error::Error::source(&err).map(ToString::to_string);
        assert_eq!(cause.as_deref(), Some(message.as_str()), "{err:?}");
        assert_eq!(err.raw_body().map(|b| &b[..]), Some(&body[..]));
        assert!(decode.json_error().is_data(), "{decode:?}");
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_has_no_path() {
    let (_server, client) = serving("/webhooks/12345", b"{\"data\": {\"gid\": ".to_vec()).await;
    let err = client.get_webhook("12345").send().await.unwrap_err();
    let decode = decode_error(&err);
    assert!(decode.json_error().is_eof(), "{decode:?}");
    assert_eq!(decode.path(), "data.gid");
    let (_server, client) = serving("/webhooks/12345", b"{\"data\": {}} trailing".to_vec()).await;
    let err = client.get_webhook("12345").send().await.unwrap_err();
    let decode = decode_error(&err);
    assert_eq!(decode.path(), "", "{decode}");
    assert_eq!(
        decode.to_string(),
        "trailing characters at line 1 column 14"
    );
}

/// A body that differs by status is read the way a generated per-status success enum reads
/// it (`read_with` its `decode`, which decodes each status's body with `decode_body`): a
/// wrong value names its path too.
#[tokio::test]
async fn a_body_decoded_by_status_names_the_path_of_a_wrong_value() {
    let body = webhook(|w| w["filters"][1]["fields"][0] = json!(false));
    let (_server, client) = serving("/by-status", body).await;
    let err = Call::new(
        &client,
        Request::new("byStatus", Method::GET, "/by-status", "/by-status"),
        decode_json::<Value>,
        |response| {
            read_with(response, |status, body| match status.as_u16() {
                200 => decode_body::<asana_webhooks::runtime::Data<WebhookResponse>>(body)
                    .map(|envelope| envelope.data),
                _ => unreachable!("the server answers 200"),
            })
        },
    )
    .await
    .unwrap_err();
    let decode = decode_error(&err);
    assert_eq!(decode.path(), "data.filters[1].fields[0]", "{err}");
}

/// `GET /deep` read as any JSON value, with the runtime's own call.
async fn any_json(body: Vec<u8>) -> Error<Value> {
    let (_server, client) = serving("/deep", body).await;
    Call::new(
        &client,
        Request::new("deep", Method::GET, "/deep", "/deep"),
        decode_json::<Value>,
        read_json::<Value, _>,
    )
    .await
    .unwrap_err()
}

#[tokio::test]
async fn the_path_of_a_hostile_document_100_000_levels_deep_is_cut_short() {
    let depth = 100_000;
    let mut body = b"{\"level\":".repeat(depth);
    body.extend_from_slice(b"1");
    body.extend(std::iter::repeat_n(b'}', depth));
    let err = any_json(body).await;
    let decode = decode_error(&err);
    assert!(
        decode.to_string().contains("recursion limit exceeded"),
        "{decode}"
    );
    let segments = decode.path().split('.').collect::<Vec<_>>();
    assert_eq!(
        segments.len(),
        DecodeError::MAX_PATH_SEGMENTS + 1,
        "{decode}"
    );
    assert_eq!(segments[DecodeError::MAX_PATH_SEGMENTS / 4], "…");
    assert!(segments.iter().all(|s| *s == "level" || *s == "…"));
    assert!(format!("{err:?}").len() < 2048, "{err:?}");
}

#[tokio::test]
async fn a_hostile_key_or_value_is_cut_short_and_escaped() {
    let key = format!("a\"\n{}", "k".repeat(1 << 20));
    let body = serde_json::to_vec(&json!({ "data": { key: {"gid": [1]} } })).unwrap();
    let (_server, client) = serving("/huge", body).await;
    let err = Call::new(
        &client,
        Request::new("huge", Method::GET, "/huge", "/huge"),
        decode_json::<Value>,
        read_json::<BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>, _>,
    )
    .await
    .unwrap_err();
    let decode = decode_error(&err);
    let shown: String = format!("a\"\n{}", "k".repeat(DecodeError::MAX_KEY_CHARS - 3));
    assert_eq!(decode.path(), format!("data[{shown:?}…].gid"), "{decode}");

    let value = "v".repeat(1 << 20);
    let body = webhook(|w| w["active"] = json!(value));
    let (_server, client) = serving("/webhooks/12345", body).await;
    let err = client.get_webhook("12345").send().await.unwrap_err();
    let decode = decode_error(&err);
    let message = decode.to_string();
    assert!(
        message.starts_with("data.active: invalid type: string \"vvv"),
        "{message}"
    );
    assert!(
        message.ends_with(&format!("vvv… at line 1 column {}", decode.column())),
        "{message}"
    );
    assert!(
        message.len() < "data.active: ".len() + DecodeError::MAX_REASON_BYTES + 64,
        "{} bytes",
        message.len()
    );
}

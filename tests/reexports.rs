//! The generated crate re-exports the crates its public API names, so a user names their items
//! through it, at the versions it was built with, without depending on them: this file names
//! each through `asana_webhooks` only (the test crate's own dependencies are not used here).

use asana_webhooks::models::WebhookResponse;
use asana_webhooks::{bytes, chrono, futures, http, reqwest, serde, serde_json, url};

#[test]
fn model_fields_are_named_through_the_reexports() {
    let created: chrono::DateTime<chrono::Utc> = "2012-02-22T02:06:58.147Z".parse().unwrap();
    let target: url::Url = "https://example.com/receive-webhook/7654".parse().unwrap();
    let webhook = WebhookResponse {
        created_at: Some(created),
        target: Some(target.clone()),
        ..Default::default()
    };
    let json: serde_json::Value = serde_json::from_str(
        r#"{"created_at": "2012-02-22T02:06:58.147Z", "target": "https://example.com/receive-webhook/7654"}"#,
    )
    .unwrap();
    let decoded: WebhookResponse = serde::Deserialize::deserialize(json).unwrap();
    assert_eq!(decoded, webhook);
}

#[test]
fn runtime_items_are_named_through_the_reexports() {
    let status: Option<http::StatusCode> = asana_webhooks::Error::<()>::from_serialization(
        <serde_json::Error as serde::ser::Error>::custom("no"),
    )
    .status();
    assert_eq!(status, None);
    let body: Option<&bytes::Bytes> = None;
    assert!(body.is_none());
    let http_client: reqwest::Client = asana_webhooks::runtime::http_client_builder()
        .build()
        .unwrap();
    let client = asana_webhooks::Client::builder()
        .http_client(http_client)
        .build()
        .unwrap();
    let listing = client.get_webhooks("1331").stream();
    fn is_stream<S: futures::Stream>(_: &S) {}
    is_stream(&listing);
}

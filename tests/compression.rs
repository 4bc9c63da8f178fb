//! Compressed responses: the generated client asks for gzip and brotli by default and decodes a
//! gzip body before the typed model sees it.

use std::io::Write;

use asana_webhooks::Client;
use asana_webhooks::models::WebhookResponse;
use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[tokio::test]
async fn a_gzip_response_is_asked_for_and_decoded() {
    let body = serde_json::to_vec(&json!({
        "data": {"gid": "12345", "resource_type": "webhook", "active": true}
    }))
    .unwrap();
    let compressed = gzip(&body);
    assert_ne!(compressed, body);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks/12345"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .insert_header("content-type", "application/json")
                .set_body_bytes(compressed),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .personal_access_token("0/5e6f7a8b9c0d1e2f")
        .build()
        .unwrap();

    let webhook: WebhookResponse = client.get_webhook("12345").send().await.unwrap();

    assert_eq!(webhook.gid.as_deref(), Some("12345"));
    assert_eq!(webhook.active, Some(true));
    let requests = server.received_requests().await.unwrap();
    let accepted = requests[0]
        .headers
        .get("accept-encoding")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let codings: Vec<&str> = accepted.split(',').map(str::trim).collect();
    assert!(codings.contains(&"gzip"), "Accept-Encoding: {accepted}");
    assert!(codings.contains(&"br"), "Accept-Encoding: {accepted}");
}

//! The generated `asana-webhooks` client over real HTTP on loopback (wiremock): every operation's
//! method, path, query, headers and body, decoded successes and errors, pagination, retries and
//! forward compatibility.

use std::time::Duration;

use asana_webhooks::models::{
    GetWebhooksOptField, WebhookFilter, WebhookOptField, WebhookRequest, WebhookResponse,
    WebhookUpdateRequest,
};
use asana_webhooks::runtime::{Patch, RequestErrorKind};
use asana_webhooks::{Client, Error, RetryPolicy};
use futures::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use tests::Waits;

const TOKEN: &str = "0/5e6f7a8b9c0d1e2f";

fn client(server: &MockServer) -> (Client, Waits) {
    let sleep = Waits::default();
    let client = Client::builder()
        .base_url(server.uri())
        .personal_access_token(TOKEN)
        .sleeper(sleep.clone())
        .build()
        .unwrap();
    (client, sleep)
}

fn webhook_json(gid: &str) -> Value {
    json!({
        "gid": gid,
        "resource_type": "webhook",
        "active": true,
        "resource": {"gid": "8675309", "resource_type": "task", "name": "Bugs"},
        "target": "https://example.com/receive-webhook/7654",
        "created_at": "2012-02-22T02:06:58.147Z",
        "last_failure_at": null,
        "last_failure_content": "",
        "last_success_at": "2012-02-22T02:06:58.147Z",
        "delivery_retry_count": 0,
        "filters": [{"resource_type": "task", "resource_subtype": "milestone", "action": "changed", "fields": ["due_at"]}]
    })
}

fn error_body(message: &str) -> Value {
    json!({"errors": [{"message": message, "help": "See the docs", "phrase": "6 sad squid snuggle softly"}]})
}

/// The one raw query string of a received request, for asserting exact encoding.
fn raw_query(request: &Request) -> String {
    request.url.query().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn create_webhook_sends_the_data_envelope_and_decodes_201() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webhooks"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/json"))
        .and(query_param("opt_fields", "active,filters.action"))
        .and(query_param("opt_pretty", "true"))
        .and(body_json(json!({"data": {
            "resource": "8675309",
            "target": "https://example.com/receive-webhook/7654",
            "filters": [{"resource_type": "task", "action": "changed", "fields": ["due_at"]}]
        }})))
        .respond_with(ResponseTemplate::new(201).set_body_json(
            json!({"data": webhook_json("43214"), "X-Hook-Secret": "b537207f20cbfa02"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let request = WebhookRequest {
        resource: "8675309".into(),
        target: "https://example.com/receive-webhook/7654".parse().unwrap(),
        filters: Some(vec![WebhookFilter {
            resource_type: Some("task".into()),
            action: Some("changed".into()),
            fields: Some(vec!["due_at".into()]),
            ..Default::default()
        }]),
    };
    let created = client
        .create_webhook(request)
        .opt_fields([WebhookOptField::Active, WebhookOptField::FiltersAction])
        .opt_pretty(true)
        .send()
        .await
        .unwrap();

    let webhook = created.data.expect("the 201 body carries the webhook");
    assert_eq!(webhook.gid.as_deref(), Some("43214"));
    assert_eq!(
        webhook.resource.and_then(|r| r.name).as_deref(),
        Some("Bugs")
    );
    assert_eq!(
        webhook.target.map(|t| t.to_string()).as_deref(),
        Some("https://example.com/receive-webhook/7654")
    );
    assert_eq!(webhook.last_failure_at, None);
    assert_eq!(created.x_hook_secret.as_deref(), Some("b537207f20cbfa02"));
}

#[tokio::test]
async fn get_webhook_unwraps_data_and_joins_opt_fields_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks/12345"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": webhook_json("12345")})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let webhook: WebhookResponse = client
        .get_webhook("12345")
        .opt_fields([
            WebhookOptField::Active,
            WebhookOptField::from("resource.name"),
            WebhookOptField::FiltersResourceSubtype,
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(webhook.gid.as_deref(), Some("12345"));
    assert_eq!(webhook.active, Some(true));
    assert_eq!(webhook.delivery_retry_count, Some(0));
    let requests = server.received_requests().await.unwrap();
    // One `opt_fields` pair, comma-joined (explode: false), never repeated keys.
    let query = raw_query(&requests[0]);
    assert_eq!(
        query, "opt_fields=active,resource.name,filters.resource_subtype",
        "one pair, literal commas"
    );
    let pairs: Vec<(String, String)> = requests[0].url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [(
            "opt_fields".to_owned(),
            "active,resource.name,filters.resource_subtype".to_owned()
        )]
    );
}

#[tokio::test]
async fn get_webhooks_sends_required_and_optional_query_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .and(query_param("workspace", "1331"))
        .and(query_param("resource", "51648"))
        .and(query_param("limit", "50"))
        .and(query_param("offset", "eyJ0eXAiOJiKV1iQLCJhbGciOiJIUzI1NiJ9"))
        .and(query_param("opt_fields", "offset,path,uri"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [webhook_json("1"), webhook_json("2")],
            "next_page": {"offset": "next", "path": "/webhooks?offset=next", "uri": "https://app.asana.com/api/1.0/webhooks?offset=next"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let page = client
        .get_webhooks("1331")
        .resource("51648")
        .limit(50)
        .offset("eyJ0eXAiOJiKV1iQLCJhbGciOiJIUzI1NiJ9")
        .opt_fields([
            GetWebhooksOptField::Offset,
            GetWebhooksOptField::Path,
            GetWebhooksOptField::Uri,
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(page.data.as_ref().map(Vec::len), Some(2));
    assert_eq!(
        page.next_page
            .into_option()
            .and_then(|n| n.offset)
            .as_deref(),
        Some("next")
    );
}

#[tokio::test]
async fn a_next_page_that_is_null_is_not_one_that_is_missing() {
    let server = MockServer::start().await;
    for (workspace, body) in [
        ("1", json!({"data": [], "next_page": null})),
        ("2", json!({"data": []})),
    ] {
        Mock::given(method("GET"))
            .and(path("/webhooks"))
            .and(query_param("workspace", workspace))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let (client, _) = client(&server);
    let last = client.get_webhooks("1").send().await.unwrap();
    assert_eq!(last.next_page, Patch::Null);
    let unpaged = client.get_webhooks("2").send().await.unwrap();
    assert_eq!(unpaged.next_page, Patch::Absent);
}

#[tokio::test]
async fn update_webhook_puts_the_envelope() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/webhooks/12345"))
        .and(body_json(
            json!({"data": {"filters": [{"resource_type": "task", "action": "added"}]}}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": webhook_json("12345")})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let body = WebhookUpdateRequest {
        filters: Some(vec![WebhookFilter {
            resource_type: Some("task".into()),
            action: Some("added".into()),
            ..Default::default()
        }]),
    };
    let webhook = client.update_webhook("12345", body).send().await.unwrap();
    assert_eq!(webhook.gid.as_deref(), Some("12345"));
}

#[tokio::test]
async fn delete_webhook_returns_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/webhooks/12345"))
        .and(query_param_is_missing("opt_fields"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {}})))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    client.delete_webhook("12345").send().await.unwrap();
}

#[tokio::test]
async fn an_error_status_decodes_into_the_error_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks/404"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(error_body("webhook: Not a recognized ID: 404")),
        )
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let error = client.get_webhook("404").send().await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status.as_u16(), 404);
    let body = api.body.as_ref().expect("the error body decodes");
    let message = body.errors.as_ref().and_then(|e| e[0].message.as_deref());
    assert_eq!(message, Some("webhook: Not a recognized ID: 404"));
    assert!(error.to_string().contains("404"), "{error}");
}

#[tokio::test]
async fn a_truncated_body_is_a_decode_error_with_the_raw_body() {
    let server = MockServer::start().await;
    let truncated = r#"{"data": {"gid": "12345", "active": tr"#;
    Mock::given(method("GET"))
        .and(path("/webhooks/12345"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(truncated, "application/json"))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    match client.get_webhook("12345").send().await.unwrap_err() {
        Error::Decode { status, body, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(&body[..], truncated.as_bytes());
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": webhook_json("x")})))
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    client.get_webhook("a/b?c#d e").send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/webhooks/a%2Fb%3Fc%23d%20e");
    assert_eq!(
        requests[0].url.query(),
        None,
        "nothing leaked into the query"
    );
}

#[tokio::test]
async fn stream_follows_next_page_across_three_pages() {
    let server = MockServer::start().await;
    let page = |gids: &[&str], next: Option<&str>| {
        let data: Vec<Value> = gids.iter().map(|g| webhook_json(g)).collect();
        let next_page = next.map_or(
            Value::Null,
            |o| json!({"offset": o, "path": format!("/webhooks?offset={o}"), "uri": "https://x"}),
        );
        ResponseTemplate::new(200).set_body_json(json!({"data": data, "next_page": next_page}))
    };
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .and(query_param_is_missing("offset"))
        .respond_with(page(&["1", "2"], Some("page2")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .and(query_param("offset", "page2"))
        .respond_with(page(&["3", "4"], Some("page3")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .and(query_param("offset", "page3"))
        .respond_with(page(&["5"], None))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);

    let stream = client
        .get_webhooks("1331")
        .resource("51648")
        .opt_fields([GetWebhooksOptField::Active])
        .stream();
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "lazy: nothing sent before polling"
    );
    let gids: Vec<String> = stream.map(|w| w.unwrap().gid.unwrap()).collect().await;
    assert_eq!(gids, ["1", "2", "3", "4", "5"]);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    for (request, offset) in requests.iter().zip([None, Some("page2"), Some("page3")]) {
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(name, _)| name == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("workspace"), Some("1331"), "{pairs:?}");
        assert_eq!(get("resource"), Some("51648"));
        assert_eq!(
            get("limit"),
            Some("100"),
            "the default page size is Asana's maximum"
        );
        assert_eq!(get("opt_fields"), Some("active"));
        assert_eq!(get("offset"), offset);
    }
}

#[tokio::test]
async fn stream_yields_the_first_error_and_ends() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .and(query_param_is_missing("offset"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": [webhook_json("1")], "next_page": {"offset": "p2"}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/webhooks"))
        .and(query_param("offset", "p2"))
        .respond_with(ResponseTemplate::new(403).set_body_json(error_body("forbidden")))
        .expect(1)
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let items: Vec<_> = client.get_webhooks("1331").stream().collect().await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert_eq!(
        items[1].as_ref().unwrap_err().status().map(|s| s.as_u16()),
        Some(403)
    );
}

#[tokio::test]
async fn rate_limits_wait_for_retry_after_then_succeed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks/1"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "7")
                .set_body_json(error_body("slow down")),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/webhooks/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": webhook_json("1")})))
        .mount(&server)
        .await;
    let (client, sleep) = client(&server);
    client.get_webhook("1").send().await.unwrap();
    assert_eq!(sleep.waits(), [Duration::from_secs(7)]);
}

#[tokio::test]
async fn unavailable_twice_then_success_backs_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": webhook_json("1")})))
        .mount(&server)
        .await;
    let (client, sleep) = client(&server);
    client.get_webhook("1").send().await.unwrap();
    let waits = sleep.waits();
    assert_eq!(waits.len(), 2);
    assert!(
        waits
            .iter()
            .all(|w| *w > Duration::ZERO && *w <= Duration::from_secs(30)),
        "{waits:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_post_is_not_resent_after_a_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let (client, sleep) = client(&server);
    let request = WebhookRequest {
        resource: "1".into(),
        target: "https://example.com/h".parse().unwrap(),
        filters: None,
    };
    let error = client.create_webhook(request).send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(sleep.waits().is_empty());
}

#[tokio::test]
async fn a_post_rate_limited_then_created_is_sent_twice() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"data": webhook_json("43214")})),
        )
        .mount(&server)
        .await;
    let (client, sleep) = client(&server);
    let request = WebhookRequest {
        resource: "1".into(),
        target: "https://example.com/h".parse().unwrap(),
        filters: None,
    };

    let created = client.create_webhook(request).send().await.unwrap();

    assert_eq!(created.data.unwrap().gid.as_deref(), Some("43214"));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    assert_eq!(sleep.waits(), [Duration::from_secs(3)]);
}

#[tokio::test]
async fn send_with_response_returns_status_headers_and_notices() {
    let server = MockServer::start().await;
    let change = "name=new_goal_memberships;info=https://forum.asana.com/t/1;affected=true";
    Mock::given(method("POST"))
        .and(path("/webhooks"))
        .and(header("asana-enable", "new_goal_memberships"))
        .and(header("x-request-id", "req-7"))
        .and(header("x-team", "platform"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("Location", "/webhooks/43214")
                .insert_header("Asana-Change", change)
                .set_body_json(json!({"data": webhook_json("43214")})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/webhooks/43214"))
        .and(header("x-team", "platform"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "req-8")
                .set_body_json(json!({"data": webhook_json("43214")})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .personal_access_token(TOKEN)
        .default_header("X-Team", "platform")
        .build()
        .unwrap();
    let request = WebhookRequest {
        resource: "8675309".into(),
        target: "https://example.com/h".parse().unwrap(),
        filters: None,
    };

    let created = client
        .create_webhook(request)
        .header("Asana-Enable", "new_goal_memberships")
        .header("X-Request-Id", "req-7")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(created.header("location"), Some("/webhooks/43214"));
    assert_eq!(
        created
            .deprecations()
            .map(|n| n.value())
            .collect::<Vec<_>>(),
        [change]
    );
    let webhook = created.into_body().data.unwrap();
    assert_eq!(webhook.gid.as_deref(), Some("43214"));

    // Envelopes are unwrapped as `send` unwraps them.
    let fetched = client
        .get_webhook("43214")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(fetched.header("x-request-id"), Some("req-8"));
    assert_eq!(fetched.body().gid.as_deref(), Some("43214"));
}

#[tokio::test]
async fn bad_headers_and_out_of_range_limits_fail_before_sending() {
    let server = MockServer::start().await;
    let (client, _) = client(&server);

    let error = client
        .get_webhook("1")
        .header("X-Note", "two\nlines")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Request(e) if e.kind() == RequestErrorKind::InvalidHeader),
        "{error:?}"
    );
    for limit in [0, 101] {
        let error = client
            .get_webhooks("1331")
            .limit(limit)
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::Request(e) if e.kind() == RequestErrorKind::OutOfRange),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            format!(
                "invalid request: the parameter `limit` must be between 1 and 100, but is {limit}"
            )
        );
    }
    // The stream sends its pages with the builder's limit: it fails the same way.
    let mut stream = std::pin::pin!(client.get_webhooks("1331").limit(500).stream());
    assert!(matches!(stream.next().await, Some(Err(Error::Request(_)))));
    assert!(stream.next().await.is_none());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn exhausted_retries_return_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_json(error_body("first")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_json(error_body("last")))
        .mount(&server)
        .await;
    let sleep = Waits::default();
    let client = Client::builder()
        .base_url(server.uri())
        .personal_access_token(TOKEN)
        .retry_policy(RetryPolicy::default().with_max_attempts(3))
        .sleeper(sleep.clone())
        .build()
        .unwrap();
    let error = client.get_webhook("1").send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    let message = error
        .api_body()
        .and_then(|b| b.errors.as_ref())
        .and_then(|e| e[0].message.clone());
    assert_eq!(message.as_deref(), Some("last"));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn unknown_fields_nulls_and_unknown_enum_values_decode() {
    let server = MockServer::start().await;
    let mut body = webhook_json("1");
    body["a_field_from_the_future"] = json!({"nested": [1, 2]});
    body["resource"] = Value::Null;
    body.as_object_mut().unwrap().remove("active");
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": body, "extra": true})),
        )
        .mount(&server)
        .await;
    let (client, _) = client(&server);
    let webhook = client.get_webhook("1").send().await.unwrap();
    assert_eq!(webhook.resource, None);
    assert_eq!(webhook.active, None);

    let field: WebhookOptField = serde_json::from_value(json!("a_field_from_the_future")).unwrap();
    assert_eq!(
        field,
        WebhookOptField::Unknown("a_field_from_the_future".into())
    );
    assert_eq!(
        serde_json::to_value(&field).unwrap(),
        json!("a_field_from_the_future")
    );
    let known: WebhookOptField = serde_json::from_value(json!("filters.action")).unwrap();
    assert_eq!(known, WebhookOptField::FiltersAction);
}

#[test]
fn the_token_never_appears_in_debug_output() {
    let client = Client::builder()
        .personal_access_token(TOKEN)
        .build()
        .unwrap();
    let builder = client.get_webhook("1");
    for rendered in [
        format!("{client:?}"),
        format!("{builder:?}"),
        format!("{:?}", Client::builder().oauth2_access_token(TOKEN)),
    ] {
        assert!(!rendered.contains(TOKEN), "{rendered}");
    }
}

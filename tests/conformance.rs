//! Conformance of the generated client against Prism, a mock server that validates every request
//! against spec/webhooks.yaml (query serialization, required parameters, security, body shape)
//! and answers 4xx with an `sl-violations` header for anything the spec does not allow. A call
//! that succeeds therefore proves that the request the client built conforms to the spec.
//!
//! Every operation is driven with only its required inputs and with every optional parameter
//! set. The tests of one operation live in a module named after its client method, so the test
//! names (`get_webhooks::every_option`) tell `cargo xtask conformance` which operation each
//! result belongs to.
//!
//! The tests need a running Prism, so they are ignored by a plain `cargo test`; run them with
//! `cargo xtask conformance`, which installs and starts Prism and sets `PRISM_URL`.

use asana_webhooks::models::{
    ErrorResponse, GetWebhooksOptField, WebhookFilter, WebhookOptField, WebhookRequest,
    WebhookResponse, WebhookUpdateRequest,
};
use asana_webhooks::{Client, Error, RetryPolicy};

/// A client for the Prism instance named by `PRISM_URL`, without retries so that every
/// rejected request fails the test at once.
fn client() -> Client {
    let url = std::env::var("PRISM_URL").unwrap_or_else(|_| {
        panic!(
            "PRISM_URL is not set: these tests need a running Prism mock server; \
             run them with `cargo xtask conformance`"
        )
    });
    Client::builder()
        .base_url(url)
        // Prism checks that a credential of a declared scheme is present; any token will do.
        .personal_access_token("conformance-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("the client builds")
}

/// The value of a call, or a panic naming the call and, for a rejected request, Prism's
/// status, violations and body.
fn expect_ok<T>(call: &str, result: Result<T, Error<ErrorResponse>>) -> T {
    match result {
        Ok(value) => value,
        Err(Error::Api(api)) => {
            let violations = api
                .headers
                .get("sl-violations")
                .map_or("(none)".into(), |value| {
                    String::from_utf8_lossy(value.as_bytes())
                });
            panic!(
                "{call}: Prism answered {}\nviolations: {violations}\nbody: {}",
                api.status,
                String::from_utf8_lossy(&api.raw)
            )
        }
        Err(err) => panic!("{call}: {err}"),
    }
}

/// Checks that a decoded webhook carries what every webhook has.
fn assert_webhook(call: &str, webhook: &WebhookResponse) {
    let gid = webhook.gid.as_deref().unwrap_or_default();
    assert!(
        !gid.is_empty(),
        "{call}: the webhook has no gid: {webhook:?}"
    );
    assert_eq!(
        webhook.resource_type.as_deref(),
        Some("webhook"),
        "{call}: {webhook:?}"
    );
}

/// A filter with every field set.
fn full_filter() -> WebhookFilter {
    WebhookFilter {
        resource_type: Some("task".into()),
        resource_subtype: Some("milestone".into()),
        action: Some("changed".into()),
        fields: Some(vec![
            "due_at".into(),
            "due_on".into(),
            "dependencies".into(),
        ]),
    }
}

/// A filter with only some fields set.
fn partial_filter() -> WebhookFilter {
    WebhookFilter {
        action: Some("added".into()),
        ..WebhookFilter::default()
    }
}

/// Several `opt_fields` values, including dotted ones, mixing variants and strings; sent as
/// one comma-separated value.
fn webhook_opt_fields() -> Vec<WebhookOptField> {
    vec![
        WebhookOptField::Active,
        WebhookOptField::CreatedAt,
        WebhookOptField::FiltersAction,
        "filters.fields".into(),
        WebhookOptField::ResourceName,
        "resource".into(),
        WebhookOptField::Target,
    ]
}

mod create_webhook {
    use super::*;

    fn request() -> WebhookRequest {
        WebhookRequest {
            resource: "12345".into(),
            target: "https://example.com/receive-webhook/7654?app_specific_param=value"
                .parse()
                .expect("a valid URL"),
            filters: None,
        }
    }

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn required_only() {
        let call = "create_webhook (required only)";
        let created = expect_ok(call, client().create_webhook(request()).send().await);
        let webhook = created.data.expect("the response has data");
        assert_webhook(call, &webhook);
    }

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn every_option() {
        let call = "create_webhook (every option)";
        let body = WebhookRequest {
            filters: Some(vec![full_filter(), partial_filter()]),
            ..request()
        };
        let created = expect_ok(
            call,
            client()
                .create_webhook(body)
                .opt_pretty(true)
                .opt_fields(webhook_opt_fields())
                .send()
                .await,
        );
        let webhook = created.data.expect("the response has data");
        assert_webhook(call, &webhook);
        let secret = created.x_hook_secret.unwrap_or_default();
        assert!(
            !secret.is_empty(),
            "{call}: no X-Hook-Secret in the response"
        );
    }
}

mod get_webhook {
    use super::*;

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn required_only() {
        let call = "get_webhook (required only)";
        let webhook = expect_ok(call, client().get_webhook("12345").send().await);
        assert_webhook(call, &webhook);
    }

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn every_option() {
        let call = "get_webhook (every option)";
        let webhook = expect_ok(
            call,
            client()
                .get_webhook("12345")
                .opt_pretty(true)
                .opt_fields(webhook_opt_fields())
                .send()
                .await,
        );
        assert_webhook(call, &webhook);
    }

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn one_opt_field_and_pretty_false() {
        let call = "get_webhook (one opt_field, opt_pretty=false)";
        let webhook = expect_ok(
            call,
            client()
                .get_webhook("12345")
                .opt_pretty(false)
                .opt_fields([WebhookOptField::FiltersResourceSubtype])
                .send()
                .await,
        );
        assert_webhook(call, &webhook);
    }

    /// A gid with characters that must be percent-encoded still reaches
    /// `/webhooks/{webhook_gid}`, as one path segment.
    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn path_parameter_needing_encoding() {
        let call = "get_webhook (gid needing encoding)";
        let webhook = expect_ok(call, client().get_webhook("a b/c:é?#%").send().await);
        assert_webhook(call, &webhook);
    }
}

mod get_webhooks {
    use futures::StreamExt as _;

    use super::*;

    /// The values only the listing accepts, besides dotted and plain ones.
    fn listing_opt_fields() -> Vec<GetWebhooksOptField> {
        vec![
            GetWebhooksOptField::Active,
            GetWebhooksOptField::FiltersResourceSubtype,
            GetWebhooksOptField::ResourceName,
            GetWebhooksOptField::Offset,
            GetWebhooksOptField::Path,
            GetWebhooksOptField::Uri,
            "last_failure_content".into(),
        ]
    }

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn required_only() {
        let call = "get_webhooks (required only)";
        let page = expect_ok(call, client().get_webhooks("1331").send().await);
        let webhooks = page.data.expect("the response has data");
        assert!(!webhooks.is_empty(), "{call}: no webhooks listed");
        for webhook in &webhooks {
            assert_webhook(call, webhook);
        }
    }

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn every_option() {
        let call = "get_webhooks (every option)";
        let page = expect_ok(
            call,
            client()
                .get_webhooks("1331")
                .opt_pretty(true)
                .limit(50)
                .offset("eyJ0eXAiOJiKV1iQLCJhbGciOiJIUzI1NiJ9")
                .resource("51648")
                .opt_fields(listing_opt_fields())
                .send()
                .await,
        );
        let webhooks = page.data.expect("the response has data");
        assert!(!webhooks.is_empty(), "{call}: no webhooks listed");
        for webhook in &webhooks {
            assert_webhook(call, webhook);
        }
    }

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn limit_bounds() {
        for limit in [1, 100] {
            let call = format!("get_webhooks (limit={limit})");
            let page = expect_ok(
                &call,
                client().get_webhooks("1331").limit(limit).send().await,
            );
            assert!(page.data.is_some_and(|data| !data.is_empty()), "{call}");
        }
    }

    /// Prism answers every page with the same example `next_page`, so the listing never ends
    /// by itself: take a bounded number of items, which requests the first page and then the
    /// next one with the `offset` from the first.
    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn stream() {
        let call = "get_webhooks().stream()";
        let items: Vec<_> = client()
            .get_webhooks("1331")
            .resource("51648")
            .opt_fields(listing_opt_fields())
            .stream()
            .take(2)
            .collect()
            .await;
        assert_eq!(items.len(), 2, "{call}: the stream ended early");
        for item in items {
            assert_webhook(call, &expect_ok(call, item));
        }
    }
}

mod update_webhook {
    use super::*;

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn required_only() {
        let call = "update_webhook (required only)";
        let webhook = expect_ok(
            call,
            client()
                .update_webhook("12345", WebhookUpdateRequest::default())
                .send()
                .await,
        );
        assert_webhook(call, &webhook);
    }

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn every_option() {
        let call = "update_webhook (every option)";
        let body = WebhookUpdateRequest {
            filters: Some(vec![full_filter(), partial_filter()]),
        };
        let webhook = expect_ok(
            call,
            client()
                .update_webhook("12345", body)
                .opt_pretty(true)
                .opt_fields(webhook_opt_fields())
                .send()
                .await,
        );
        assert_webhook(call, &webhook);
    }

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn empty_filters() {
        let call = "update_webhook (no filters)";
        let body = WebhookUpdateRequest {
            filters: Some(Vec::new()),
        };
        let webhook = expect_ok(call, client().update_webhook("12345", body).send().await);
        assert_webhook(call, &webhook);
    }
}

mod delete_webhook {
    use super::*;

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn required_only() {
        let call = "delete_webhook (required only)";
        expect_ok(call, client().delete_webhook("12345").send().await);
    }

    #[tokio::test]
    #[ignore = "needs Prism: run `cargo xtask conformance`"]
    async fn every_option() {
        let call = "delete_webhook (every option)";
        expect_ok(
            call,
            client()
                .delete_webhook("12345")
                .opt_pretty(true)
                .send()
                .await,
        );
    }
}

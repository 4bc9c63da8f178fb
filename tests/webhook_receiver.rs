//! End-to-end tests of `runtime::receiver` on loopback.
//!
//! A fake Asana implements `POST /webhooks` the way Asana does: while the creation request is
//! pending it sends a handshake with a random `X-Hook-Secret` to the target, and creates the
//! webhook only if the target echoes the secret. The target is a real axum server built on
//! `WebhookReceiver` and `MemorySecretStore`. Deliveries are then signed by the tests themselves,
//! with `hmac`, `sha2` and `hex` rather than with the module under test.

use std::{
    hash::{BuildHasher, RandomState},
    net::Ipv4Addr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use asana_webhooks::{
    Client, Error,
    models::{CreateWebhookResponse, ErrorResponse, EventResponse, WebhookRequest},
    runtime::{
        HandshakePolicy, MemorySecretStore, Outcome, ReceiveError, SecretString, WebhookReceiver,
        receiver,
    },
};
use axum::{
    Json, Router,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header::AUTHORIZATION},
    response::{IntoResponse, Response},
    routing::post,
};
use bytes::Bytes;
use futures::channel::oneshot;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::{net::TcpListener, task::JoinHandle};

const TOKEN: &str = "test-personal-access-token";
/// The error message of the fake Asana when the target does not echo the handshake's secret.
const HANDSHAKE_FAILED: &str = "Could not complete activation handshake with target URL.";
/// Bounds every request the tests and the fake Asana send.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------------------------
// Servers on 127.0.0.1.

/// An axum server on an ephemeral loopback port, stopped gracefully by [`Server::stop`].
struct Server {
    url: String,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Server {
    async fn start(router: Router) -> Server {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("a loopback port is free");
        let url = format!("http://{}", listener.local_addr().expect("bound"));
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    // Either a signal or a dropped sender stops the server.
                    let _ = stopped.await;
                })
                .await
                .expect("the server runs");
        });
        Server {
            url,
            shutdown,
            task,
        }
    }

    async fn stop(self) {
        let _ = self.shutdown.send(());
        tokio::time::timeout(Duration::from_secs(5), self.task)
            .await
            .expect("the server stops within 5 s")
            .expect("the server task does not panic");
    }
}

/// 64 random lowercase hexadecimal digits, like Asana's secrets.
fn random_secret() -> String {
    (0..4)
        .map(|_| format!("{:016x}", RandomState::new().hash_one(0_u8)))
        .collect()
}

/// The signature Asana sends: the lowercase hex HMAC-SHA256 of the body, keyed with the secret.
fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

// ---------------------------------------------------------------------------------------------
// The fake Asana.

/// A webhook the fake Asana created.
#[derive(Debug, Clone)]
struct Registered {
    target: String,
    secret: String,
}

#[derive(Clone)]
struct FakeAsana {
    http: reqwest::Client,
    webhooks: Arc<Mutex<Vec<Registered>>>,
}

fn asana_error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "errors": [{ "message": message }] }))).into_response()
}

/// `POST /webhooks`: the handshake happens while this request is pending.
async fn create_webhook(
    State(asana): State<FakeAsana>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let expected = format!("Bearer {TOKEN}");
    if headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return asana_error(StatusCode::UNAUTHORIZED, "Not Authorized");
    }
    let (Some(resource), Some(target)) = (
        body["data"]["resource"].as_str(),
        body["data"]["target"].as_str(),
    ) else {
        return asana_error(StatusCode::BAD_REQUEST, "resource and target are required");
    };

    let secret = random_secret();
    let handshake = asana
        .http
        .post(target)
        .header("X-Hook-Secret", &secret)
        .timeout(REQUEST_TIMEOUT)
        .send()
        .await;
    let acknowledged = handshake.is_ok_and(|response| {
        matches!(response.status().as_u16(), 200 | 204)
            && response
                .headers()
                .get("x-hook-secret")
                .is_some_and(|echo| echo.as_bytes() == secret.as_bytes())
    });
    if !acknowledged {
        return asana_error(StatusCode::BAD_REQUEST, HANDSHAKE_FAILED);
    }

    let mut webhooks = asana.webhooks.lock().unwrap();
    webhooks.push(Registered {
        target: target.to_owned(),
        secret: secret.clone(),
    });
    let gid = format!("12000000000{:05}", webhooks.len());
    let webhook = json!({
        "data": {
            "gid": gid,
            "resource_type": "webhook",
            "active": true,
            "resource": { "gid": resource, "resource_type": "project", "name": "Bugs" },
            "target": target,
            "created_at": "2024-05-01T12:00:00.000Z",
            "last_success_at": null,
            "last_failure_at": null,
            "last_failure_content": null
        },
        "X-Hook-Secret": secret
    });
    (StatusCode::CREATED, Json(webhook)).into_response()
}

// ---------------------------------------------------------------------------------------------
// The receiver: the application side, built on `WebhookReceiver`.

#[derive(Clone)]
struct ReceiverApp {
    receiver: Arc<WebhookReceiver<MemorySecretStore>>,
    /// Every event decoded from an accepted delivery.
    events: Arc<Mutex<Vec<EventResponse>>>,
    /// The `Debug` form of every error, in order.
    errors: Arc<Mutex<Vec<String>>>,
}

impl ReceiverApp {
    async fn handle(&self, key: &str, headers: &HeaderMap, body: &[u8]) -> Response {
        let response = match self
            .receiver
            .receive::<EventResponse>(key, headers, body)
            .await
        {
            Ok(outcome) => {
                let (response, events) = outcome.into_parts();
                self.events.lock().unwrap().extend(events);
                response
            }
            Err(err) => {
                let response = err.to_response();
                self.errors.lock().unwrap().push(format!("{err:?}"));
                response
            }
        };
        response.map(Body::from)
    }
}

/// `POST /hooks/{key}`: an honest target.
async fn honest_target(
    State(app): State<ReceiverApp>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    app.handle(&key, &headers, &body).await
}

/// `POST /liar/{key}`: a target that stores the secret but echoes another one.
async fn lying_target(
    State(app): State<ReceiverApp>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut response = app.handle(&key, &headers, &body).await;
    if let Some(echo) = response.headers_mut().get_mut(receiver::SECRET_HEADER) {
        *echo = HeaderValue::from_static("not-the-secret-that-was-sent");
    }
    response
}

// ---------------------------------------------------------------------------------------------
// The harness.

struct Harness {
    asana: Server,
    target: Server,
    fake: FakeAsana,
    app: ReceiverApp,
    store: MemorySecretStore,
    client: Client,
    http: reqwest::Client,
}

impl Harness {
    async fn start() -> Harness {
        let http = asana_webhooks::runtime::http_client_builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .expect("an HTTP client");

        let store = MemorySecretStore::new();
        let app = ReceiverApp {
            receiver: Arc::new(WebhookReceiver::new(store.clone())),
            events: Arc::default(),
            errors: Arc::default(),
        };
        let target = Server::start(
            Router::new()
                .route("/hooks/{key}", post(honest_target))
                .route("/liar/{key}", post(lying_target))
                .with_state(app.clone()),
        )
        .await;

        let fake = FakeAsana {
            http: http.clone(),
            webhooks: Arc::default(),
        };
        let asana = Server::start(
            Router::new()
                .route("/webhooks", post(create_webhook))
                .with_state(fake.clone()),
        )
        .await;

        let client = Client::builder()
            .base_url(&asana.url)
            .personal_access_token(TOKEN)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .expect("a client");

        Harness {
            asana,
            target,
            fake,
            app,
            store,
            client,
            http,
        }
    }

    /// Creates a webhook with the generated client, targeting `path` on the receiver.
    async fn create(&self, path: &str) -> Result<CreateWebhookResponse, Error<ErrorResponse>> {
        let request = WebhookRequest {
            resource: "1200000000000042".to_owned(),
            target: format!("{}{path}", self.target.url)
                .parse()
                .expect("a valid URL"),
            filters: None,
        };
        self.client.create_webhook(request).send().await
    }

    /// Creates a webhook that must succeed, and returns the secret the fake Asana sent.
    async fn create_ok(&self, path: &str) -> String {
        let created = self.create(path).await.expect("the webhook is created");
        let registered = self.registered(path).expect("the fake Asana registered it");
        assert_eq!(
            created.x_hook_secret.as_deref(),
            Some(registered.secret.as_str())
        );
        registered.secret
    }

    fn registered(&self, path: &str) -> Option<Registered> {
        let target = format!("{}{path}", self.target.url);
        let webhooks = self.fake.webhooks.lock().unwrap();
        webhooks.iter().rev().find(|w| w.target == target).cloned()
    }

    /// Posts a delivery to `path`, with `signature` as `X-Hook-Signature` if given.
    async fn deliver(&self, path: &str, body: &[u8], signature: Option<&str>) -> StatusCode {
        let mut request = self
            .http
            .post(format!("{}{path}", self.target.url))
            .header("content-type", "application/json")
            .body(body.to_vec());
        if let Some(signature) = signature {
            request = request.header("X-Hook-Signature", signature);
        }
        request.send().await.expect("the receiver answers").status()
    }

    fn events(&self) -> Vec<EventResponse> {
        self.app.events.lock().unwrap().clone()
    }

    fn errors(&self) -> Vec<String> {
        self.app.errors.lock().unwrap().clone()
    }

    async fn stop(self) {
        self.asana.stop().await;
        self.target.stop().await;
    }
}

/// Two events as Asana delivers them: an assignee change and a task added to a project.
fn two_events() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "events": [
            {
                "user": { "gid": "1200000000000007", "resource_type": "user" },
                "created_at": "2024-05-01T12:34:56.789Z",
                "action": "changed",
                "resource": {
                    "gid": "1200000000000101",
                    "resource_type": "task",
                    "resource_subtype": "default_task"
                },
                "parent": null,
                "change": {
                    "field": "assignee",
                    "action": "changed",
                    "new_value": { "gid": "1200000000000007", "resource_type": "user" }
                }
            },
            {
                "user": { "gid": "1200000000000007", "resource_type": "user" },
                "created_at": "2024-05-01T12:35:00.000Z",
                "action": "added",
                "resource": { "gid": "1200000000000102", "resource_type": "task" },
                "parent": { "gid": "1200000000000042", "resource_type": "project" }
            }
        ]
    }))
    .expect("JSON")
}

// ---------------------------------------------------------------------------------------------
// Tests.

#[tokio::test]
async fn handshake_during_creation_then_signed_deliveries_are_decoded() {
    let h = Harness::start().await;

    let secret = h.create_ok("/hooks/project-42").await;
    let stored = h
        .store
        .get("project-42")
        .expect("the receiver stored the secret");
    assert_eq!(stored.expose(), secret);
    assert!(!format!("{stored:?}").contains(&secret));

    let body = two_events();
    assert_eq!(
        h.deliver("/hooks/project-42", &body, Some(&sign(&secret, &body)))
            .await,
        StatusCode::OK
    );
    let events = h.events();
    assert_eq!(events.len(), 2);
    let changed = &events[0];
    assert_eq!(changed.action.as_deref(), Some("changed"));
    let resource = changed.resource.as_ref().expect("a resource");
    assert_eq!(resource.gid.as_deref(), Some("1200000000000101"));
    assert_eq!(resource.resource_type.as_deref(), Some("task"));
    assert_eq!(
        changed.user.as_ref().and_then(|u| u.gid.as_deref()),
        Some("1200000000000007")
    );
    let change = changed.change.as_ref().expect("a change");
    assert_eq!(change.field.as_deref(), Some("assignee"));
    assert_eq!(
        changed.created_at.map(|t| t.to_rfc3339()),
        Some("2024-05-01T12:34:56.789+00:00".to_owned())
    );
    let added = &events[1];
    assert_eq!(added.action.as_deref(), Some("added"));
    assert_eq!(
        added.parent.as_ref().and_then(|p| p.gid.as_deref()),
        Some("1200000000000042")
    );

    // Heartbeats: an empty list and an empty body, both signed, are accepted with no events.
    for heartbeat in [&br#"{"events":[]}"#[..], b""] {
        assert_eq!(
            h.deliver(
                "/hooks/project-42",
                heartbeat,
                Some(&sign(&secret, heartbeat))
            )
            .await,
            StatusCode::OK
        );
    }
    // Hex digits are accepted in either case (Asana sends lowercase).
    let body =
        br#"{"events":[{"action":"deleted","resource":{"gid":"9","resource_type":"task"}}]}"#;
    let upper = sign(&secret, body).to_ascii_uppercase();
    assert_eq!(
        h.deliver("/hooks/project-42", body, Some(&upper)).await,
        StatusCode::OK
    );

    assert_eq!(h.events().len(), 3);
    assert_eq!(h.errors(), Vec::<String>::new());
    h.stop().await;
}

#[tokio::test]
async fn forged_deliveries_are_rejected_with_401_and_never_decoded() {
    let h = Harness::start().await;
    let secret = h.create_ok("/hooks/project-42").await;
    let body = two_events();
    let good = sign(&secret, &body);

    let mut tampered = body.clone();
    let at = tampered
        .windows(7)
        .position(|w| w == b"changed")
        .expect("an action");
    tampered[at..at + 7].copy_from_slice(b"deleted");
    let cases: [(&str, &[u8], Option<String>, &str); 8] = [
        (
            "tampered body",
            &tampered,
            Some(good.clone()),
            "SignatureMismatch",
        ),
        (
            "wrong secret",
            &body,
            Some(sign(&random_secret(), &body)),
            "SignatureMismatch",
        ),
        ("missing signature", &body, None, "MissingSignature"),
        (
            "not hex",
            &body,
            Some("not-a-signature".to_owned()),
            "MalformedSignature",
        ),
        (
            "too short",
            &body,
            Some(good[..63].to_owned()),
            "MalformedSignature",
        ),
        (
            "prefixed",
            &body,
            Some(format!("sha256={good}")),
            "MalformedSignature",
        ),
        (
            "signature of another body",
            &body,
            Some(sign(&secret, b"{\"events\":[]}")),
            "SignatureMismatch",
        ),
        (
            "empty signature",
            &body,
            Some(String::new()),
            "MalformedSignature",
        ),
    ];
    for (case, body, signature, _) in &cases {
        assert_eq!(
            h.deliver("/hooks/project-42", body, signature.as_deref())
                .await,
            StatusCode::UNAUTHORIZED,
            "{case}"
        );
    }
    // A correctly signed delivery for a target without a secret.
    assert_eq!(
        h.deliver("/hooks/unknown", &body, Some(&good)).await,
        StatusCode::UNAUTHORIZED
    );

    let errors = h.errors();
    let expected: Vec<&str> = cases
        .iter()
        .map(|(.., error)| *error)
        .chain(["UnknownTarget"])
        .collect();
    assert_eq!(errors, expected, "each rejection has its own error");
    assert!(h.events().is_empty(), "nothing rejected was decoded");

    // The same delivery, untouched, goes through.
    assert_eq!(
        h.deliver("/hooks/project-42", &body, Some(&good)).await,
        StatusCode::OK
    );
    assert_eq!(h.events().len(), 2);
    h.stop().await;
}

#[tokio::test]
async fn signed_but_undecodable_body_is_400() {
    let h = Harness::start().await;
    let secret = h.create_ok("/hooks/project-42").await;
    for body in [
        &b"not json"[..],
        br#"{"events":{"action":"changed"}}"#,
        br#"{"events":[{"action":5}]}"#,
    ] {
        assert_eq!(
            h.deliver("/hooks/project-42", body, Some(&sign(&secret, body)))
                .await,
            StatusCode::BAD_REQUEST
        );
    }
    assert!(h.events().is_empty());
    assert!(h.errors().iter().all(|e| e.starts_with("Decode(")));
    h.stop().await;
}

#[tokio::test]
async fn wrong_handshake_echo_makes_creation_fail() {
    let h = Harness::start().await;

    let err = h
        .create("/liar/project-42")
        .await
        .expect_err("Asana refuses the webhook");
    let Error::Api(api) = err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    let message = api
        .body
        .as_ref()
        .and_then(|body| body.errors.as_ref())
        .and_then(|errors| errors.first())
        .and_then(|error| error.message.as_deref());
    assert_eq!(message, Some(HANDSHAKE_FAILED));
    assert!(h.registered("/liar/project-42").is_none());
    // The handshake did reach the receiver: only the echo was wrong.
    assert!(h.store.get("project-42").is_some());
    h.stop().await;
}

#[tokio::test]
async fn a_second_handshake_cannot_replace_the_secret() {
    let h = Harness::start().await;
    let secret = h.create_ok("/hooks/project-42").await;

    // Someone who knows the target URL sends a handshake with a secret of their own.
    let forged = random_secret();
    let status = h
        .http
        .post(format!("{}/hooks/project-42", h.target.url))
        .header("X-Hook-Secret", &forged)
        .send()
        .await
        .expect("the receiver answers")
        .status();
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        h.store.get("project-42").map(|s| s.expose().to_owned()),
        Some(secret.clone())
    );
    let body = two_events();
    assert_eq!(
        h.deliver("/hooks/project-42", &body, Some(&sign(&forged, &body)))
            .await,
        StatusCode::UNAUTHORIZED
    );
    assert!(h.events().is_empty());

    // Re-creating a webhook for the same target fails too, until its secret is removed.
    assert!(h.create("/hooks/project-42").await.is_err());
    h.store.remove("project-42");
    let renewed = h.create_ok("/hooks/project-42").await;
    assert_ne!(renewed, secret);
    assert_eq!(
        h.deliver("/hooks/project-42", &body, Some(&sign(&renewed, &body)))
            .await,
        StatusCode::OK
    );
    assert_eq!(h.events().len(), 2);
    h.stop().await;
}

/// Counts how many times it is deserialized.
#[derive(Debug)]
struct Probe;

static PROBES_DECODED: AtomicUsize = AtomicUsize::new(0);

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        PROBES_DECODED.fetch_add(1, Ordering::SeqCst);
        serde::de::IgnoredAny::deserialize(deserializer)?;
        Ok(Probe)
    }
}

#[tokio::test]
async fn bodies_are_decoded_only_after_the_signature_matches() {
    let secret = random_secret();
    let store = MemorySecretStore::new();
    store.insert("t", secret.as_str());
    let receiver = WebhookReceiver::new(store);
    let body = br#"{"events":[{"action":"changed"},{"action":"added"}]}"#;
    let signed = |signature: &str| {
        let mut headers = HeaderMap::new();
        headers.insert(
            receiver::SIGNATURE_HEADER,
            HeaderValue::from_str(signature).expect("a header value"),
        );
        headers
    };

    let wrong = signed(&sign("another secret", body));
    let err = receiver
        .receive::<Probe>("t", &wrong, body)
        .await
        .expect_err("a mismatch");
    assert!(matches!(err, ReceiveError::SignatureMismatch));
    assert!(err.is_unauthorized());
    let result = receiver::verify_and_decode::<Probe>(&SecretString::new(&*secret), &wrong, body);
    assert!(matches!(result, Err(ReceiveError::SignatureMismatch)));
    assert_eq!(PROBES_DECODED.load(Ordering::SeqCst), 0);

    let right = signed(&sign(&secret, body));
    match receiver.receive::<Probe>("t", &right, body).await {
        Ok(Outcome::Events(events)) => assert_eq!(events.len(), 2),
        other => panic!("expected events, got {other:?}"),
    }
    assert_eq!(PROBES_DECODED.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn replace_policy_accepts_a_new_handshake() {
    let store = MemorySecretStore::new();
    store.insert("t", "old");
    let receiver =
        WebhookReceiver::new(store.clone()).with_handshake_policy(HandshakePolicy::Replace);
    let mut headers = HeaderMap::new();
    headers.insert(receiver::SECRET_HEADER, HeaderValue::from_static("new"));
    let outcome = receiver
        .receive::<Value>("t", &headers, b"")
        .await
        .expect("accepted");
    let (response, events) = outcome.into_parts();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[receiver::SECRET_HEADER], "new");
    assert!(events.is_empty());
    assert_eq!(
        store.get("t").map(|s| s.expose().to_owned()),
        Some("new".to_owned())
    );
}

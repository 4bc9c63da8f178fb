//! Expiring credentials: token sources, the OAuth 2.0 refresh-token source, and the two steps
//! of the authorization-code flow, against an API and a token endpoint on loopback (wiremock).
//!
//! Time is a fake clock (`fakes::FakeClock`); the token endpoint answers after a short delay so that concurrent calls
//! overlap while a refresh is running. No assertion is about time.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use futures::future::{BoxFuture, join_all};
use reqwest::Method;
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers::header, matchers::method};

use crate::fakes::{FakeClock, Waits};
use crate::runtime::{
    Body, Client, ClientBuilder, Credentials, Error, OAuthApp, OAuthEndpoints, Payload, Request,
    RetryPolicy, SecretString, TokenError, TokenErrorKind, TokenSource, decode_json,
};

const CLIENT_ID: &str = "1204567890";
const CLIENT_SECRET: &str = "cs-8c1d0f2e9b7a4653";
const REFRESH_TOKEN: &str = "rt-5a4b3c2d1e0f9988";

/// The form fields of a request body.
fn form(request: &wiremock::Request) -> HashMap<String, String> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

fn token_body(access: &str, refresh: Option<&str>) -> Value {
    let mut body = json!({"access_token": access, "token_type": "bearer", "expires_in": 3600});
    if let Some(refresh) = refresh {
        body["refresh_token"] = json!(refresh);
    }
    body
}

/// A token endpoint at `/-/oauth_token` answering the given bodies in turn (the last one
/// forever), each after a short delay.
async fn token_endpoint(server: &MockServer, answers: &[(u16, Value)]) {
    for (index, (status, body)) in answers.iter().enumerate() {
        let mock = Mock::given(method("POST"))
            .and(wiremock::matchers::path("/-/oauth_token"))
            .respond_with(
                ResponseTemplate::new(*status)
                    .set_body_json(body)
                    .set_delay(Duration::from_millis(20)),
            );
        let mock = if index + 1 < answers.len() {
            mock.up_to_n_times(1)
        } else {
            mock
        };
        mock.mount(server).await;
    }
}

/// The endpoints as an API description would declare them.
const ENDPOINTS: OAuthEndpoints = OAuthEndpoints {
    authorization_url: Some("https://app.example.com/-/oauth_authorize"),
    token_url: "https://app.example.com/-/oauth_token",
    refresh_url: Some("https://app.example.com/-/oauth_token"),
};

/// The app, with its token endpoint on `server`.
fn app(server: &MockServer) -> OAuthApp {
    OAuthApp::new(ENDPOINTS, CLIENT_ID, CLIENT_SECRET)
        .with_token_url(format!("{}/-/oauth_token", server.uri()))
        .with_redirect_uri("https://myapp.example.com/oauth/callback")
}

/// The API: `GET /things/{id}` answers 200 for `Bearer <token>` for each of `tokens`, 401
/// otherwise.
async fn api(server: &MockServer, tokens: &[&str]) {
    for token in tokens {
        Mock::given(method("GET"))
            .and(header("authorization", format!("Bearer {token}").as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {}})))
            .mount(server)
            .await;
    }
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"errors": [{"message": "Not Authorized"}]})),
        )
        .mount(server)
        .await;
}

fn get(id: usize) -> Request {
    Request::new(
        "getThing",
        Method::GET,
        "/things/{id}",
        format!("/things/{id}"),
    )
}

async fn token_requests(server: &MockServer) -> Vec<HashMap<String, String>> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/-/oauth_token")
        .map(form)
        .collect()
}

/// The `Authorization` header of every API request, in order.
async fn authorizations(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() != "/-/oauth_token")
        .map(|r| r.headers["authorization"].to_str().unwrap().to_owned())
        .collect()
}

fn client(server: &MockServer, source: impl TokenSource + 'static) -> Client {
    ClientBuilder::new(&server.uri())
        .token_source(source)
        .sleeper(Waits::default())
        .build()
        .unwrap()
}

async fn burst(client: &Client, calls: usize) -> Vec<Result<Value, Error<Value>>> {
    join_all((0..calls).map(|id| {
        let client = client.clone();
        async move { client.execute(get(id), decode_json::<Value>).await }
    }))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_expiring_mid_run_is_refreshed_once_for_20_concurrent_calls() {
    let server = MockServer::start().await;
    token_endpoint(
        &server,
        &[
            (200, token_body("at-first", Some("rt-rotated"))),
            (200, token_body("at-second", None)),
        ],
    )
    .await;
    api(&server, &["at-first", "at-second"]).await;
    let clock = FakeClock::new();
    let rotated = Arc::new(Mutex::new(Vec::new()));
    let seen = rotated.clone();
    let source = app(&server)
        .refresh_token_source(REFRESH_TOKEN)
        .with_clock(clock.clone())
        .on_refresh(move |tokens| {
            let refresh = tokens.refresh_token().map(|t| t.expose().to_owned());
            seen.lock().unwrap().push(refresh);
        });
    let client = client(&server, source.clone());

    // No access token yet: one refresh for all 20.
    assert!(burst(&client, 20).await.iter().all(Result::is_ok));
    assert_eq!(token_requests(&server).await.len(), 1);
    // Still fresh 50 minutes later (refreshed 5 minutes ahead of its hour).
    clock.advance(Duration::from_secs(50 * 60));
    assert!(burst(&client, 20).await.iter().all(Result::is_ok));
    assert_eq!(token_requests(&server).await.len(), 1);
    // Within 5 minutes of expiry: one refresh again, with the rotated refresh token.
    clock.advance(Duration::from_secs(6 * 60));
    let results = burst(&client, 20).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");

    let refreshes = token_requests(&server).await;
    assert_eq!(refreshes.len(), 2);
    for (refresh, token) in refreshes.iter().zip([REFRESH_TOKEN, "rt-rotated"]) {
        assert_eq!(refresh["grant_type"], "refresh_token");
        assert_eq!(refresh["refresh_token"], token);
        assert_eq!(refresh["client_id"], CLIENT_ID);
        assert_eq!(refresh["client_secret"], CLIENT_SECRET);
    }
    let used = authorizations(&server).await;
    assert_eq!(used.len(), 60, "each call sent once");
    assert!(used[..40].iter().all(|a| a == "Bearer at-first"));
    assert!(used[40..].iter().all(|a| a == "Bearer at-second"));
    assert_eq!(source.refresh_token().expose(), "rt-rotated");
    assert_eq!(
        *rotated.lock().unwrap(),
        [Some("rt-rotated".to_owned()), None]
    );
}

#[tokio::test]
async fn a_401_refreshes_once_and_sends_again_even_without_retries() {
    let server = MockServer::start().await;
    token_endpoint(
        &server,
        &[
            (200, token_body("at-revoked", None)),
            (200, token_body("at-good", None)),
        ],
    )
    .await;
    Mock::given(method("POST"))
        .and(header("authorization", "Bearer at-good"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"gid": "7"}})))
        .mount(&server)
        .await;
    api(&server, &[]).await;
    let client = ClientBuilder::new(&server.uri())
        .token_source(app(&server).refresh_token_source(REFRESH_TOKEN))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let request = Request::new("createThing", Method::POST, "/things", "/things")
        .with_body(Body::json(&json!({"data": {"name": "x"}})).unwrap());
    let created: Value = client.execute(request, decode_json::<Value>).await.unwrap();

    assert_eq!(created["data"]["gid"], "7");
    assert_eq!(token_requests(&server).await.len(), 2);
    assert_eq!(
        authorizations(&server).await,
        ["Bearer at-revoked", "Bearer at-good"]
    );
}

#[tokio::test]
async fn a_second_401_is_returned_as_the_error() {
    let server = MockServer::start().await;
    token_endpoint(
        &server,
        &[
            (200, token_body("at-1", None)),
            (200, token_body("at-2", None)),
            (200, token_body("at-3", None)),
        ],
    )
    .await;
    api(&server, &[]).await;
    let client = client(&server, app(&server).refresh_token_source(REFRESH_TOKEN));

    let err = client
        .execute::<Value, Value>(get(1), decode_json)
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(reqwest::StatusCode::UNAUTHORIZED));
    assert!(err.is_auth());
    assert_eq!(
        err.api_body().unwrap()["errors"][0]["message"],
        "Not Authorized"
    );
    assert_eq!(
        token_requests(&server).await.len(),
        2,
        "one refresh after the 401"
    );
    assert_eq!(
        authorizations(&server).await,
        ["Bearer at-1", "Bearer at-2"]
    );
}

/// Runs 5 concurrent calls against a token endpoint answering `answer`, and returns their
/// error and how often the endpoint was asked.
async fn refresh_failure(answer: ResponseTemplate) -> (TokenError, usize) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::path("/-/oauth_token"))
        .respond_with(answer.set_delay(Duration::from_millis(20)))
        .mount(&server)
        .await;
    api(&server, &[]).await;
    let client = client(&server, app(&server).refresh_token_source(REFRESH_TOKEN));

    let results = burst(&client, 5).await;

    assert!(authorizations(&server).await.is_empty(), "no API request");
    let mut errors = results.into_iter().map(|result| match result {
        Err(Error::Token(err)) => err,
        other => panic!("expected a token error, got {other:?}"),
    });
    let first = errors.next().unwrap();
    for other in errors {
        assert_eq!(other.to_string(), first.to_string());
    }
    let shown = format!("{first} {first:?}");
    for secret in [CLIENT_SECRET, REFRESH_TOKEN, "leaked-token"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    (first, token_requests(&server).await.len())
}

#[tokio::test]
async fn a_failing_refresh_is_a_token_error_shared_by_concurrent_calls() {
    let (err, asked) = refresh_failure(ResponseTemplate::new(400).set_body_json(json!({
        "error": "invalid_grant",
        "error_description": "The refresh token has been revoked."
    })))
    .await;
    assert_eq!(asked, 1, "one refresh for the five calls");
    assert_eq!(err.kind(), TokenErrorKind::Rejected);
    assert_eq!(err.status(), Some(reqwest::StatusCode::BAD_REQUEST));
    assert_eq!(err.oauth_error(), Some("invalid_grant"));
    assert!(err.to_string().contains("invalid_grant"), "{err}");
    assert!(err.to_string().contains("has been revoked"), "{err}");

    let (err, _) = refresh_failure(ResponseTemplate::new(503).set_body_string("down")).await;
    assert_eq!(err.kind(), TokenErrorKind::Rejected);
    assert_eq!(err.oauth_error(), None);
}

#[tokio::test]
async fn a_garbage_token_response_is_a_token_error() {
    let garbage = [
        ResponseTemplate::new(200).set_body_string("<html>leaked-token</html>"),
        ResponseTemplate::new(200).set_body_json(json!({"token_type": "bearer"})),
        ResponseTemplate::new(200)
            .set_body_json(json!({"access_token": 42, "refresh_token": "leaked-token"})),
        ResponseTemplate::new(200)
            .set_body_json(json!({"access_token": "", "token_type": "bearer"})),
        ResponseTemplate::new(200)
            .set_body_json(json!({"access_token": "leaked-token", "token_type": "mac"})),
        ResponseTemplate::new(200).set_body_json(json!({"access_token": "leaked\ntoken"})),
    ];
    for body in garbage {
        let (err, _) = refresh_failure(body).await;
        assert_eq!(err.kind(), TokenErrorKind::InvalidResponse, "{err}");
    }
}

#[tokio::test]
async fn the_authorization_code_flow_feeds_the_refresh_source() {
    let server = MockServer::start().await;
    token_endpoint(
        &server,
        &[(
            200,
            json!({
                "access_token": "at-from-code",
                "token_type": "bearer",
                "expires_in": 3600,
                "refresh_token": "rt-from-code",
                "data": {"gid": "4321", "name": "Greg Sanchez"}
            }),
        )],
    )
    .await;
    api(&server, &["at-from-code"]).await;
    let app = app(&server);

    // Step one: where to send the user.
    let authorization = app.authorize(["default", "openid"]).unwrap();
    let url = authorization.url();
    assert_eq!(url.host_str(), Some("app.example.com"));
    assert_eq!(url.path(), "/-/oauth_authorize");
    let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["client_id"], CLIENT_ID);
    assert_eq!(
        query["redirect_uri"],
        "https://myapp.example.com/oauth/callback"
    );
    assert_eq!(query["scope"], "default openid");
    assert_eq!(query["state"], authorization.state());
    assert_eq!(query["code_challenge_method"], "S256");
    assert!(!query.contains_key("client_secret"));
    let verifier = authorization.pkce_verifier().expose();
    assert_eq!(verifier.len(), 43);
    assert_ne!(query["code_challenge"], verifier);
    assert!(authorization.state_matches(&query["state"]));
    assert!(!authorization.state_matches("forged"));
    let again = app.authorize(["default"]).unwrap();
    assert_ne!(again.state(), authorization.state());
    assert_ne!(again.pkce_verifier().expose(), verifier);
    assert!(!format!("{authorization:?}").contains(verifier));

    // Step two: the code for tokens.
    let tokens = app
        .exchange_code("code-1234", authorization.pkce_verifier())
        .await
        .unwrap();
    assert_eq!(tokens.access_token().expose(), "at-from-code");
    assert_eq!(tokens.expires_in(), Some(Duration::from_secs(3600)));
    assert_eq!(tokens.extra()["data"]["gid"], "4321");
    let shown = format!("{tokens:?}");
    assert!(
        !shown.contains("at-from-code") && !shown.contains("rt-from-code"),
        "{shown}"
    );
    let exchange = &token_requests(&server).await[0];
    assert_eq!(exchange["grant_type"], "authorization_code");
    assert_eq!(exchange["code"], "code-1234");
    assert_eq!(exchange["code_verifier"], verifier);
    assert_eq!(
        exchange["redirect_uri"],
        "https://myapp.example.com/oauth/callback"
    );
    assert_eq!(exchange["client_secret"], CLIENT_SECRET);

    // The access token is used until it is due; no refresh yet.
    let source = app.refresh_token_source_from(tokens).unwrap();
    assert_eq!(source.refresh_token().expose(), "rt-from-code");
    let client = client(&server, source);
    assert!(burst(&client, 3).await.iter().all(Result::is_ok));
    assert_eq!(token_requests(&server).await.len(), 1);
}

#[tokio::test]
async fn unusable_oauth_configuration_is_reported() {
    let app = OAuthApp::new(
        OAuthEndpoints {
            authorization_url: None,
            token_url: "http://auth.example.com/token",
            refresh_url: None,
        },
        CLIENT_ID,
        CLIENT_SECRET,
    );
    let err = app.authorize(["default"]).unwrap_err();
    assert_eq!(err.kind(), TokenErrorKind::Config);
    // The secret would travel in clear text.
    let err = app
        .refresh(&SecretString::new(REFRESH_TOKEN))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TokenErrorKind::Config);
    assert!(err.to_string().contains("https"), "{err}");
    let err = app
        .clone()
        .with_token_url("::")
        .exchange_code("code", &SecretString::new("v"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TokenErrorKind::Config);
}

#[test]
fn nothing_secret_is_printed() {
    let app = OAuthApp::new(ENDPOINTS, CLIENT_ID, CLIENT_SECRET);
    let source = app.refresh_token_source(REFRESH_TOKEN);
    let builder = ClientBuilder::new("https://example.com").token_source(source.clone());
    let mut shown = format!("{app:?} {source:?} {builder:?}");
    let client = builder.build().unwrap();
    let credentials = Credentials::token_source(Arc::new(source.clone()));
    shown.push_str(&format!("{client:?} {credentials:?}"));
    assert!(shown.contains(CLIENT_ID), "{shown}");
    for secret in [CLIENT_SECRET, REFRESH_TOKEN] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

/// A token source of the app's own: counts how often it is asked, and has no second token.
struct Counting(AtomicUsize);

impl TokenSource for Counting {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(SecretString::new("at-static")) })
    }
}

#[tokio::test]
async fn a_custom_token_source_is_asked_before_each_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    api(&server, &["at-static"]).await;
    let source = Arc::new(Counting(AtomicUsize::new(0)));
    let client = ClientBuilder::new(&server.uri())
        .credentials(Credentials::token_source(source.clone()))
        .sleeper(Waits::default())
        .build()
        .unwrap();

    let _: Value = client.execute(get(1), decode_json::<Value>).await.unwrap();
    assert_eq!(source.0.load(Ordering::SeqCst), 2, "one per attempt");

    // A 401 with no new token to try is returned at once.
    let other = client
        .with_credentials(Credentials::token_source(Arc::new(Counting(
            AtomicUsize::new(0),
        ))))
        .unwrap();
    server.reset().await;
    api(&server, &[]).await;
    let err = other
        .execute::<Value, Value>(get(2), decode_json)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(reqwest::StatusCode::UNAUTHORIZED));
    assert_eq!(authorizations(&server).await.len(), 1);
}

/// A token source whose first token is refused and whose second is accepted.
struct Rotating(AtomicUsize);

impl TokenSource for Rotating {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        Box::pin(async { Ok(SecretString::new("at-refused")) })
    }

    fn token_rejected<'a>(
        &'a self,
        _: &'a SecretString,
    ) -> BoxFuture<'a, Result<Option<SecretString>, TokenError>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(Some(SecretString::new("at-fresh"))) })
    }
}

#[tokio::test]
async fn a_streamed_body_refused_with_401_is_not_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(header("authorization", "Bearer at-fresh"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let source = Arc::new(Rotating(AtomicUsize::new(0)));
    let client = client(&server, source.clone());
    let chunks = futures::stream::iter(
        ["first ", "second"].map(|c| Ok::<_, std::io::Error>(bytes::Bytes::from(c))),
    );
    let streamed = Request::new("putFile", Method::PUT, "/files/{id}", "/files/1").with_body(
        Body::payload(Payload::stream(chunks), "application/octet-stream"),
    );
    let err = client
        .execute_empty(streamed, decode_json::<Value>)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    assert_eq!(
        source.0.load(Ordering::SeqCst),
        0,
        "no new token is asked for"
    );

    // A body in memory is sent again with the new token.
    let in_memory = Request::new("putFile", Method::PUT, "/files/{id}", "/files/1")
        .with_body(Body::payload("bytes", "application/octet-stream"));
    client
        .execute_empty(in_memory, decode_json::<Value>)
        .await
        .unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    assert_eq!(source.0.load(Ordering::SeqCst), 1);
}

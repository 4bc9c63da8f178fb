//! Credentials per security scheme over loopback (wiremock): each operation of
//! `fixtures/specs/security.yaml` is sent with exactly the credentials its requirement asks
//! for (the first alternative whose schemes the client holds, all of them together; none for
//! `security: []`), and one whose schemes the client holds none of fails before anything is
//! sent. Also the checked-in Asana crate, whose operations accept either of two schemes.
//!
//! The requests are built as the fixture's generated operations build them: `OPERATIONS` holds
//! each one's `with_security` argument, and `the_operations_here_are_the_generated_ones` checks
//! it against a fresh generation, as it checks that each builder method holds its scheme's
//! credentials under the scheme's key.

use asana_webhooks::runtime::{
    Client, ClientBuilder, Credentials, Error, Request, RequestErrorKind, RetryPolicy,
    SecretString, Security, TokenError, TokenSource,
};
use futures::future::BoxFuture;
use reqwest::Method;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SPEC: &str = "security.yaml";

/// One operation of the fixture: its id, method, path and the security it names.
struct Operation {
    id: &'static str,
    method: Method,
    path: &'static str,
    security: Security,
    /// `security` as written in the generated code, whitespace removed.
    written: &'static str,
}

macro_rules! operations {
    ($($id:literal $method:ident $path:literal => $security:expr;)*) => {
        [$(Operation {
            id: $id,
            method: Method::$method,
            path: $path,
            security: $security,
            written: stringify!($security),
        }),*]
    };
}

const OPERATIONS: [Operation; 7] = operations! {
    "listAccounts" GET "/accounts" => &[&["bearer"], &["oauth"]];
    "getReport" GET "/reports" => &[&["apiKey", "appId"], &["queryKey"]];
    "createToken" POST "/tokens" => &[&["basic"]];
    "createEntry" POST "/entries" => &[&["oauth"]];
    "getFeed" GET "/feed" => &[&["bearer"], &[]];
    "getSession" GET "/session" => &[&["session"]];
    "getHealth" GET "/health" => &[];
};

/// Each builder method of the fixture's crate, as generated: the scheme's key and the
/// credentials it holds for it.
const BUILDER_METHODS: [&str; 7] = [
    r#"pub fn bearer(self, token: impl ::std::convert::Into<::std::string::String>) -> Self { self.scheme_credentials("bearer", crate::Credentials::bearer(token)) }"#,
    r#"pub fn basic(self, user: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<::std::string::String>) -> Self { self.scheme_credentials("basic", crate::Credentials::basic(user, password)) }"#,
    r#"pub fn api_key(self, key: impl ::std::convert::Into<::std::string::String>) -> Self { self.scheme_credentials("apiKey", crate::Credentials::api_key_header("X-API-Key", key)) }"#,
    r#"pub fn app_id(self, key: impl ::std::convert::Into<::std::string::String>) -> Self { self.scheme_credentials("appId", crate::Credentials::api_key_header("X-App-Id", key)) }"#,
    r#"pub fn query_key(self, key: impl ::std::convert::Into<::std::string::String>) -> Self { self.scheme_credentials("queryKey", crate::Credentials::api_key_query("api_key", key)) }"#,
    r#"pub fn session(self, key: impl ::std::convert::Into<::std::string::String>) -> Self { self.scheme_credentials("session", crate::Credentials::api_key_header("Cookie", ["ledger_session=", &::std::convert::Into::<::std::string::String>::into(key)].concat())) }"#,
    r#"pub fn oauth_access_token(self, token: impl ::std::convert::Into<::std::string::String>) -> Self { self.scheme_credentials("oauth", crate::Credentials::bearer(token)) }"#,
];

/// `text` without whitespace, nor the trailing comma formatting leaves after a broken line.
fn flat(text: &str) -> String {
    text.split_whitespace()
        .collect::<String>()
        .replace(",)", ")")
        .replace(",]", "]")
}

#[test]
fn the_operations_here_are_the_generated_ones() {
    let label = format!("{}/{SPEC}", xtask::fixtures::DIR);
    let text = std::fs::read_to_string(tests::root().join(&label)).unwrap();
    let files = generator::generate(&label, &text, &xtask::fixtures::options(&label)).unwrap();
    let file = |name: &str| {
        let file = files.iter().find(|f| f.path == name).unwrap();
        flat(&file.contents)
    };
    let operations = file("src/operations/ledger.rs");
    assert_eq!(
        operations.matches("runtime::Request::new(").count(),
        OPERATIONS.len(),
        "every operation of the fixture is here"
    );
    for op in &OPERATIONS {
        let start = operations
            .find(&format!("runtime::Request::new(\"{}\",", op.id))
            .unwrap_or_else(|| panic!("no request of {}", op.id));
        let call = &operations[start..];
        let call = &call[..call.find(';').unwrap()];
        let expected = format!(
            "runtime::Request::new(\"{}\",Method::{},\"{path}\",\"{path}\").with_security({})",
            op.id,
            op.method,
            flat(op.written),
            path = op.path,
        );
        assert_eq!(call, expected, "{}", op.id);
    }
    let lib = file("src/lib.rs");
    assert_eq!(
        lib.matches("self.scheme_credentials(").count(),
        BUILDER_METHODS.len()
    );
    for method in BUILDER_METHODS {
        assert!(lib.contains(&flat(method)), "no `{method}` in lib.rs");
    }
}

/// What one request carried: the credentials' headers and the query.
#[derive(Debug, PartialEq, Eq)]
struct Carried {
    authorization: Option<String>,
    api_key: Option<String>,
    app_id: Option<String>,
    cookie: Option<String>,
    query: Option<String>,
}

const NOTHING: Carried = Carried {
    authorization: None,
    api_key: None,
    app_id: None,
    cookie: None,
    query: None,
};

/// A server answering every request with `204`.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn builder(server: &MockServer) -> ClientBuilder {
    ClientBuilder::new(&server.uri()).retry_policy(RetryPolicy::none())
}

/// Sends the fixture's operation `id` as its generated method does, and returns what the server
/// received, or the error if nothing reached it.
async fn send(server: &MockServer, client: &Client, id: &str) -> Result<Carried, Error<()>> {
    let op = OPERATIONS.iter().find(|op| op.id == id).unwrap();
    let before = server.received_requests().await.unwrap().len();
    let request =
        Request::new(op.id, op.method.clone(), op.path, op.path).with_security(op.security);
    let sent = client.execute_empty(request, |_, _| None::<()>).await;
    let received = server.received_requests().await.unwrap();
    match sent {
        Ok(_) => {
            assert_eq!(received.len(), before + 1, "{id} was sent once");
            let request = received.last().unwrap();
            let header = |name: &str| {
                request
                    .headers
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
            };
            Ok(Carried {
                authorization: header("authorization"),
                api_key: header("x-api-key"),
                app_id: header("x-app-id"),
                cookie: header("cookie"),
                query: request.url.query().map(str::to_owned),
            })
        }
        Err(err) => {
            assert_eq!(
                received.len(),
                before,
                "{id} failed, yet reached the server"
            );
            Err(err)
        }
    }
}

fn bearer(token: &str) -> Option<String> {
    Some(format!("Bearer {token}"))
}

/// The kind and message of a request error, or a panic naming what `err` is instead.
fn request_error(err: &Error<()>) -> (RequestErrorKind, String) {
    match err {
        Error::Request(err) => (err.kind(), err.to_string()),
        other => panic!("expected a request error, got {other:?}"),
    }
}

#[tokio::test]
async fn each_operation_carries_the_first_alternative_the_client_holds_whole() {
    let server = server().await;
    let client = builder(&server)
        .scheme_credentials("bearer", Credentials::bearer("jwt-1"))
        .scheme_credentials("basic", Credentials::basic("ada", "pw-2"))
        .scheme_credentials("apiKey", Credentials::api_key_header("X-API-Key", "key-3"))
        .scheme_credentials("appId", Credentials::api_key_header("X-App-Id", "app-4"))
        .scheme_credentials("queryKey", Credentials::api_key_query("api_key", "qk-5"))
        .scheme_credentials(
            "session",
            Credentials::api_key_header("Cookie", "ledger_session=s-6"),
        )
        .scheme_credentials("oauth", Credentials::bearer("oauth-7"))
        .build()
        .unwrap();
    let send = |id| send(&server, &client, id);
    // Of `bearer` or `oauth`, the first.
    assert_eq!(
        send("listAccounts").await.unwrap(),
        Carried {
            authorization: bearer("jwt-1"),
            ..NOTHING
        }
    );
    // `apiKey` and `appId` together; the key in the query is a later alternative, not sent.
    assert_eq!(
        send("getReport").await.unwrap(),
        Carried {
            api_key: Some("key-3".into()),
            app_id: Some("app-4".into()),
            ..NOTHING
        }
    );
    assert_eq!(
        send("createToken").await.unwrap(),
        Carried {
            authorization: Some("Basic YWRhOnB3LTI=".into()),
            ..NOTHING
        }
    );
    assert_eq!(
        send("createEntry").await.unwrap(),
        Carried {
            authorization: bearer("oauth-7"),
            ..NOTHING
        }
    );
    assert_eq!(
        send("getFeed").await.unwrap(),
        Carried {
            authorization: bearer("jwt-1"),
            ..NOTHING
        }
    );
    assert_eq!(
        send("getSession").await.unwrap(),
        Carried {
            cookie: Some("ledger_session=s-6".into()),
            ..NOTHING
        }
    );
    // `security: []`: nothing, although the client holds every scheme's credentials.
    assert_eq!(send("getHealth").await.unwrap(), NOTHING);
}

#[tokio::test]
async fn a_later_alternative_serves_when_an_earlier_one_is_not_held_whole() {
    let server = server().await;
    // `apiKey` without `appId` does not make the first alternative of `getReport`.
    let client = builder(&server)
        .scheme_credentials("apiKey", Credentials::api_key_header("X-API-Key", "key-3"))
        .scheme_credentials("queryKey", Credentials::api_key_query("api_key", "qk-5"))
        .scheme_credentials("oauth", Credentials::bearer("oauth-7"))
        .build()
        .unwrap();
    let send = |id| send(&server, &client, id);
    assert_eq!(
        send("getReport").await.unwrap(),
        Carried {
            query: Some("api_key=qk-5".into()),
            ..NOTHING
        }
    );
    assert_eq!(
        send("listAccounts").await.unwrap(),
        Carried {
            authorization: bearer("oauth-7"),
            ..NOTHING
        }
    );
    // Credentials are optional for `getFeed`: without `bearer`, none.
    assert_eq!(send("getFeed").await.unwrap(), NOTHING);
}

#[tokio::test]
async fn an_operation_whose_schemes_the_client_lacks_fails_before_anything_is_sent() {
    let server = server().await;
    let client = builder(&server)
        .scheme_credentials("apiKey", Credentials::api_key_header("X-API-Key", "key-3"))
        .build()
        .unwrap();
    let err = send(&server, &client, "getReport").await.unwrap_err();
    assert_eq!(
        request_error(&err),
        (
            RequestErrorKind::MissingCredentials,
            "operation getReport needs credentials of the security scheme `apiKey` and `appId` \
             together, or `queryKey`, and the client holds none of them"
                .to_owned()
        )
    );
    let err = send(&server, &client, "createToken").await.unwrap_err();
    assert_eq!(request_error(&err).0, RequestErrorKind::MissingCredentials);
    assert!(!format!("{err:?}").contains("key-3"));
    // What needs none still goes.
    assert_eq!(send(&server, &client, "getHealth").await.unwrap(), NOTHING);
    assert_eq!(send(&server, &client, "getFeed").await.unwrap(), NOTHING);
    // A client without any credentials too.
    let anonymous = builder(&server).build().unwrap();
    let err = send(&server, &anonymous, "listAccounts").await.unwrap_err();
    assert_eq!(request_error(&err).0, RequestErrorKind::MissingCredentials);
}

#[tokio::test]
async fn the_clients_own_credentials_serve_where_no_schemes_do_but_never_where_none_are_sent() {
    let server = server().await;
    let client = builder(&server)
        .credentials(Credentials::bearer("own-8"))
        .scheme_credentials("basic", Credentials::basic("ada", "pw-2"))
        .build()
        .unwrap();
    let send = |id| send(&server, &client, id);
    let own = Carried {
        authorization: bearer("own-8"),
        ..NOTHING
    };
    assert_eq!(send("listAccounts").await.unwrap(), own);
    assert_eq!(send("getReport").await.unwrap(), own);
    assert_eq!(send("getFeed").await.unwrap(), own);
    // A scheme's credentials come first.
    assert_eq!(
        send("createToken").await.unwrap(),
        Carried {
            authorization: Some("Basic YWRhOnB3LTI=".into()),
            ..NOTHING
        }
    );
    assert_eq!(send("getHealth").await.unwrap(), NOTHING);
    // `with_credentials` replaces them all: the scheme's too.
    let other = client
        .with_credentials(Credentials::bearer("other-9"))
        .unwrap();
    assert_eq!(
        send_with(&server, &other, "createToken").await,
        Carried {
            authorization: bearer("other-9"),
            ..NOTHING
        }
    );
}

async fn send_with(server: &MockServer, client: &Client, id: &str) -> Carried {
    send(server, client, id).await.unwrap()
}

/// Hands out `token-1`, then `token-2` once the first is refused.
#[derive(Default)]
struct Rotating(std::sync::Mutex<u32>);

impl TokenSource for Rotating {
    fn token(&self) -> BoxFuture<'_, Result<SecretString, TokenError>> {
        let n = *self.0.lock().unwrap();
        Box::pin(async move { Ok(SecretString::new(format!("token-{}", n + 1))) })
    }

    fn token_rejected<'a>(
        &'a self,
        _rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<Option<SecretString>, TokenError>> {
        *self.0.lock().unwrap() += 1;
        let n = *self.0.lock().unwrap();
        Box::pin(async move { Ok(Some(SecretString::new(format!("token-{}", n + 1)))) })
    }
}

#[tokio::test]
async fn a_schemes_token_source_is_asked_and_asked_again_after_a_401() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/entries"))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer token-1",
        ))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/entries"))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer token-2",
        ))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = builder(&server)
        .scheme_credentials(
            "oauth",
            Credentials::token_source(std::sync::Arc::new(Rotating::default())),
        )
        .scheme_credentials("bearer", Credentials::bearer("jwt-1"))
        .build()
        .unwrap();
    let op = &OPERATIONS[3];
    assert_eq!(op.id, "createEntry");
    let request =
        Request::new(op.id, op.method.clone(), op.path, op.path).with_security(op.security);
    client
        .execute_empty(request, |_, _| None::<()>)
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    let sent: Vec<&str> = received
        .iter()
        .map(|r| r.headers["authorization"].to_str().unwrap())
        .collect();
    assert_eq!(sent, ["Bearer token-1", "Bearer token-2"]);
}

#[tokio::test]
async fn debug_names_the_schemes_held_never_a_secret() {
    let builder = ClientBuilder::new("https://ledger.example.com")
        .scheme_credentials("queryKey", Credentials::api_key_query("api_key", "qk-5"))
        .scheme_credentials("basic", Credentials::basic("ada", "pw-2"));
    let shown = format!("{builder:?}");
    assert!(
        shown
            .contains(r#"scheme_credentials: [("queryKey", "api key query"), ("basic", "basic")]"#),
        "{shown}"
    );
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(
        shown
            .contains(r#"scheme_credentials: [("queryKey", "api key query"), ("basic", "basic")]"#),
        "{shown}"
    );
    for secret in ["qk-5", "pw-2"] {
        assert!(!shown.contains(secret));
    }
}

#[tokio::test]
async fn scheme_credentials_are_refused_over_plain_http_like_the_clients_own() {
    let err = ClientBuilder::new("http://ledger.example.com")
        .scheme_credentials("queryKey", Credentials::api_key_query("api_key", "qk-5"))
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("api key query credentials would be sent unencrypted"),
        "{err}"
    );
    let err = ClientBuilder::new("https://ledger.example.com")
        .scheme_credentials("bearer", Credentials::bearer(""))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid credentials: the bearer token is empty"
    );
}

#[tokio::test]
async fn every_query_key_sent_together_is_redacted_from_transport_errors() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = ClientBuilder::new(&closed)
        .scheme_credentials("key", Credentials::api_key_query("key", "qk-1-secret"))
        .scheme_credentials("token", Credentials::api_key_query("token", "qk-2-secret"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let request = Request::new("getThing", Method::GET, "/thing", "/thing")
        .with_security(&[&["key", "token"]]);
    let err = client
        .execute_empty(request, |_, _| None::<()>)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let mut shown = format!("{err} {err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        shown.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    assert!(
        shown.contains("/thing?key=%5Bredacted%5D&token=%5Bredacted%5D"),
        "{shown}"
    );
    assert!(!shown.contains("secret"), "{shown}");
}

/// The checked-in Asana crate: each operation accepts a personal access token or an OAuth 2.0
/// token, the first held sent.
#[tokio::test]
async fn the_asana_client_sends_the_first_token_it_holds_and_needs_one() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/webhooks/12"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"gid": "12"}})))
        .mount(&server)
        .await;
    let asana = || {
        asana_webhooks::Client::builder()
            .base_url(server.uri())
            .retry_policy(RetryPolicy::none())
    };
    let authorization = async |client: asana_webhooks::Client| {
        client.get_webhook("12").send().await.unwrap();
        let received = server.received_requests().await.unwrap();
        let last = received.last().unwrap();
        last.headers["authorization"].to_str().unwrap().to_owned()
    };
    let both = asana()
        .oauth2_access_token("oauth-1")
        .personal_access_token("pat-2")
        .build()
        .unwrap();
    assert_eq!(authorization(both).await, "Bearer pat-2");
    let oauth = asana().oauth2_access_token("oauth-1").build().unwrap();
    assert_eq!(authorization(oauth).await, "Bearer oauth-1");
    let own = asana()
        .credentials(Credentials::bearer("own-3"))
        .build()
        .unwrap();
    assert_eq!(authorization(own).await, "Bearer own-3");
    let none = asana().build().unwrap();
    let before = server.received_requests().await.unwrap().len();
    match none.get_webhook("12").send().await {
        Err(asana_webhooks::Error::Request(err)) => {
            assert_eq!(err.kind(), RequestErrorKind::MissingCredentials);
            assert_eq!(
                err.to_string(),
                "operation getWebhook needs credentials of the security scheme \
                 `personalAccessToken`, or `oauth2`, and the client holds none of them"
            );
        }
        other => panic!("expected missing credentials, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.unwrap().len(), before);
}

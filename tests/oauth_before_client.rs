//! The README's OAuth order in a process of its own, where nothing has set up TLS yet: an
//! `OAuthApp`, then `exchange_code` in the redirect's handler, before any `Client` is built.
//! The token request sets up the crate's TLS stack itself (with `rustls-ring`, reqwest has no
//! crypto provider until one is installed), so it reaches the token endpoint instead of
//! panicking.
//!
//! Nothing else may run in this binary first: no client, no mock server, no other test.

use std::time::Duration;

use asana_webhooks::OAUTH2_ENDPOINTS;
use asana_webhooks::runtime::OAuthApp;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
    time::timeout,
};

const TOKENS: &str = r#"{"access_token":"at-1f2e3d4c","token_type":"bearer","expires_in":3600,"refresh_token":"rt-9a8b7c6d"}"#;

/// A token endpoint on loopback that answers one request with [`TOKENS`] and returns the
/// request it received, as text.
async fn token_endpoint() -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!(
        "http://{}/-/oauth_token",
        listener.local_addr().expect("address")
    );
    let served = tokio::spawn(async move {
        let (mut socket, _) = timeout(Duration::from_secs(30), listener.accept())
            .await
            .expect("the client connects")
            .expect("accept");
        let mut request = Vec::new();
        let mut chunk = [0u8; 4096];
        // The head, then a form body of a few hundred bytes.
        while !String::from_utf8_lossy(&request).contains("code_verifier") {
            let read = timeout(Duration::from_secs(30), socket.read(&mut chunk))
                .await
                .expect("the request arrives")
                .expect("read");
            assert!(read > 0 && request.len() < 64 << 10, "a complete request");
            request.extend_from_slice(&chunk[..read]);
        }
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{TOKENS}",
            TOKENS.len()
        );
        socket.write_all(answer.as_bytes()).await.expect("write");
        String::from_utf8_lossy(&request).into_owned()
    });
    (url, served)
}

#[tokio::test]
async fn a_code_is_exchanged_before_any_client_is_built() {
    let (token_url, served) = token_endpoint().await;
    let app = OAuthApp::new(OAUTH2_ENDPOINTS, "1204567890", "cs-8c1d0f2e9b7a4653")
        .with_redirect_uri("https://example.com/oauth/callback")
        .with_token_url(token_url);
    let authorization = app.authorize(["default"]).expect("an authorization URL");
    assert!(authorization.state_matches(authorization.state()));

    let tokens = app
        .exchange_code("code-5f4e", authorization.pkce_verifier())
        .await
        .expect("the code is exchanged");

    assert_eq!(tokens.access_token().expose(), "at-1f2e3d4c");
    assert_eq!(tokens.expires_in(), Some(Duration::from_secs(3600)));
    let request = served.await.expect("the endpoint answered");
    assert!(request.starts_with("POST /-/oauth_token "), "{request}");
    assert!(
        request.contains("grant_type=authorization_code"),
        "{request}"
    );
    assert!(request.contains("code=code-5f4e"), "{request}");
}

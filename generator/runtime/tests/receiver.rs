//! The webhook receiver's building blocks on their own (the end-to-end flow, with a generated
//! client, is in the `tests` crate's `webhook_receiver.rs`).

use crate::runtime::SecretString;
use crate::runtime::receiver::*;
use http::{HeaderMap, HeaderValue, StatusCode};

/// RFC 4231, test case 2.
const KEY: &str = "Jefe";
const DATA: &[u8] = b"what do ya want for nothing?";
const MAC: &str = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

fn signed(signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(signature).unwrap());
    headers
}

#[test]
fn verifies_a_known_hmac() {
    let secret = SecretString::new(KEY);
    assert!(verify_signature(&secret, &signed(MAC), DATA).is_ok());
    let upper = MAC.to_ascii_uppercase();
    assert!(verify_signature(&secret, &signed(&upper), DATA).is_ok());
    assert!(matches!(
        verify_signature(&secret, &signed(MAC), b"what do ya want for nothing!"),
        Err(ReceiveError::SignatureMismatch)
    ));
    assert!(matches!(
        verify_signature(&SecretString::new(""), &signed(MAC), DATA),
        Err(ReceiveError::SignatureMismatch)
    ));
}

#[test]
fn rejects_malformed_signatures() {
    let secret = SecretString::new(KEY);
    for bad in [
        "",
        &MAC[1..],
        &format!("{MAC}0"),
        &format!("sha256={MAC}"),
        &MAC.replace('5', "g"),
    ] {
        assert!(
            matches!(
                verify_signature(&secret, &signed(bad), DATA),
                Err(ReceiveError::MalformedSignature)
            ),
            "{bad:?}"
        );
    }
    let mut twice = signed(MAC);
    twice.append(SIGNATURE_HEADER, HeaderValue::from_static(MAC));
    assert!(matches!(
        verify_signature(&secret, &twice, DATA),
        Err(ReceiveError::MalformedSignature)
    ));
    assert!(matches!(
        verify_signature(&secret, &HeaderMap::new(), DATA),
        Err(ReceiveError::MissingSignature)
    ));
}

#[test]
fn decodes_heartbeats_as_no_events() {
    for body in ["", " \n", "{}", r#"{"events":null}"#, r#"{"events":[]}"#] {
        let events: Vec<serde_json::Value> = decode_events(body.as_bytes()).unwrap();
        assert!(events.is_empty(), "{body:?}");
    }
    assert!(decode_events::<u32>(b"[1]").is_err());
    assert_eq!(
        decode_events::<u32>(br#"{"events":[1,2]}"#).unwrap(),
        [1, 2]
    );
}

#[test]
fn handshake_is_echoed_and_redacted() {
    let mut headers = HeaderMap::new();
    headers.insert(SECRET_HEADER, HeaderValue::from_static("s3cr3t"));
    let handshake = Handshake::from_headers(&headers).unwrap().unwrap();
    assert!(!format!("{handshake:?}").contains("s3cr3t"));
    let response = handshake.response();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[SECRET_HEADER], "s3cr3t");
    assert!(!format!("{response:?}").contains("s3cr3t"));
    assert_eq!(handshake.secret().expose(), "s3cr3t");

    headers.insert(SECRET_HEADER, HeaderValue::from_static(""));
    assert!(matches!(
        Handshake::from_headers(&headers),
        Err(ReceiveError::InvalidHandshake)
    ));
    assert!(matches!(
        Handshake::from_headers(&HeaderMap::new()),
        Ok(None)
    ));
}

//! The TLS the generated client speaks with its default features: what its ClientHello offers,
//! read by a loopback listener that answers nothing and closes.

use std::time::Duration;

use asana_webhooks::{Client, RetryPolicy};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

/// X25519MLKEM768, the hybrid post-quantum key exchange (IANA's TLS Supported Groups registry).
const X25519_MLKEM768: u16 = 0x11ec;
/// X25519 alone.
const X25519: u16 = 0x001d;

const SUPPORTED_GROUPS: u16 = 0x000a;
const KEY_SHARE: u16 = 0x0033;

/// The first TLS record a client sends on a connection to a listener on loopback; the listener
/// takes one connection and gives up after 10 seconds.
async fn first_record(client: &Client, listener: TcpListener) -> Vec<u8> {
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("a connection");
        let mut record = vec![0; 5];
        stream
            .read_exact(&mut record)
            .await
            .expect("a record header");
        let length = usize::from(u16::from_be_bytes([record[3], record[4]]));
        assert!(length <= 1 << 14, "a record of {length} bytes");
        record.resize(5 + length, 0);
        stream
            .read_exact(&mut record[5..])
            .await
            .expect("a whole record");
        record
    });
    // The listener closes without answering, so the call fails; only what it sent matters.
    let call = client.get_webhook("12345").send();
    let _ = tokio::time::timeout(Duration::from_secs(10), call)
        .await
        .expect("the call ends when the listener closes");
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the client connects within 10 s")
        .expect("the listener read a record")
}

/// The extensions of the ClientHello in `record`, as (type, data).
fn client_hello_extensions(record: &[u8]) -> Vec<(u16, &[u8])> {
    let u16_at = |at: usize| u16::from_be_bytes([record[at], record[at + 1]]);
    assert_eq!(record[0], 22, "a handshake record");
    assert_eq!(record[5], 1, "a ClientHello");
    // Handshake header (4), legacy version (2), random (32), then the session id, the cipher
    // suites and the compression methods, each after its length.
    let mut at = 5 + 4 + 2 + 32;
    at += 1 + usize::from(record[at]);
    at += 2 + usize::from(u16_at(at));
    at += 1 + usize::from(record[at]);
    let end = at + 2 + usize::from(u16_at(at));
    at += 2;
    let mut extensions = Vec::new();
    while at < end {
        let (kind, length) = (u16_at(at), usize::from(u16_at(at + 2)));
        extensions.push((kind, &record[at + 4..at + 4 + length]));
        at += 4 + length;
    }
    extensions
}

fn extension(extensions: &[(u16, &[u8])], kind: u16) -> Vec<u8> {
    extensions
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, data)| data.to_vec())
        .unwrap_or_else(|| panic!("no extension {kind:#06x} in the ClientHello"))
}

#[tokio::test]
async fn the_default_tls_stack_offers_post_quantum_key_exchange_first() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let client = Client::builder()
        .base_url(format!("https://127.0.0.1:{port}"))
        .personal_access_token("0/5e6f7a8b9c0d1e2f")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let record = first_record(&client, listener).await;
    let extensions = client_hello_extensions(&record);

    // supported_groups: a length, then the groups in the client's order of preference.
    let groups = extension(&extensions, SUPPORTED_GROUPS);
    let groups: Vec<u16> = groups[2..]
        .chunks(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect();
    assert_eq!(groups.first(), Some(&X25519_MLKEM768), "{groups:04x?}");
    assert!(groups.contains(&X25519), "{groups:04x?}");

    // key_share: a length, then (group, key length, key) entries; the first is the one the
    // client guesses the server takes, so a server that supports it needs no second round trip.
    let shares = extension(&extensions, KEY_SHARE);
    let first_share = u16::from_be_bytes([shares[2], shares[3]]);
    assert_eq!(first_share, X25519_MLKEM768, "key shares: {shares:02x?}");
    let key_length = usize::from(u16::from_be_bytes([shares[4], shares[5]]));
    // An ML-KEM-768 encapsulation key (1184 bytes) and an X25519 public key (32 bytes).
    assert_eq!(key_length, 1184 + 32);
}

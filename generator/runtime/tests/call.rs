//! `runtime::Call`, the future the generated `send` methods return, against a mock server: it
//! sends nothing until awaited, reads the 2xx body as each reader says (JSON, the `data` of an
//! envelope, nothing, bytes, a per-status decoder), reports a body that does not decode with
//! its bytes, and fails before sending a request that could not be built. `stream_call` owns
//! what it needs.

use bytes::Bytes;
use futures::StreamExt;
use http::StatusCode;
use reqwest::Method;
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

use crate::fakes::client_for;
use crate::runtime::{
    Call, Error, Request, RequestError, RequestErrorKind, Response, decode_json, read_data,
    read_json, read_media, read_nothing, read_with, stream_call,
};

fn get(path: &'static str) -> Request {
    Request::new("call", Method::GET, path, path)
}

async fn answering(path_: &'static str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(path_))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_call_sends_nothing_until_it_is_awaited() {
    let server = answering("/thing", ResponseTemplate::new(200).set_body_json(json!(1))).await;
    let client = client_for(&server).0;
    let unsent: Call<Value, Value> = Call::new(
        &client,
        get("/thing"),
        decode_json::<Value>,
        read_json::<Value, _>,
    );
    drop(unsent);
    assert!(server.received_requests().await.unwrap().is_empty());
    let sent = Call::new(
        &client,
        get("/thing"),
        decode_json::<Value>,
        read_json::<Value, _>,
    );
    assert_eq!(sent.await.unwrap().into_body(), json!(1));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn each_reader_reads_the_body_its_way() {
    let server = answering(
        "/thing",
        ResponseTemplate::new(201)
            .set_body_json(json!({"data": {"gid": "7"}, "extra": true}))
            .insert_header("location", "/thing/7"),
    )
    .await;
    let client = client_for(&server).0;
    let call = |read| Call::new(&client, get("/thing"), decode_json::<Value>, read);

    let data: Response<Value> = call(read_data::<Value, _>).await.unwrap();
    assert_eq!(data.status().as_u16(), 201);
    assert_eq!(data.header("location"), Some("/thing/7"));
    assert_eq!(data.into_body(), json!({"gid": "7"}));

    let whole = call(read_json::<Value, _>).await.unwrap().into_body();
    assert_eq!(whole["extra"], json!(true));

    let nothing = Call::new(&client, get("/thing"), decode_json::<Value>, read_nothing);
    assert_eq!(nothing.await.unwrap().status().as_u16(), 201);

    let bytes = Call::new(
        &client,
        get("/thing"),
        decode_json::<Value>,
        read_media::<Bytes, _>,
    );
    assert!(bytes.await.unwrap().into_body().starts_with(b"{"));

    fn by_status(status: StatusCode, body: &[u8]) -> Result<String, serde_json::Error> {
        Ok(format!("{} bytes with {}", body.len(), status.as_u16()))
    }
    let decoded = Call::new(&client, get("/thing"), decode_json::<Value>, |response| {
        read_with(response, by_status)
    });
    assert!(
        decoded
            .await
            .unwrap()
            .into_body()
            .ends_with("bytes with 201")
    );
}

#[tokio::test]
async fn a_body_that_does_not_decode_is_a_decode_error_with_its_bytes() {
    let server = answering(
        "/thing",
        ResponseTemplate::new(200).set_body_json(json!({"data": "not a number"})),
    )
    .await;
    let client = client_for(&server).0;
    let err = Call::new(
        &client,
        get("/thing"),
        decode_json::<Value>,
        read_data::<u32, _>,
    )
    .await
    .unwrap_err();
    match err {
        Error::Decode { status, body, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(body, r#"{"data":"not a number"}"#);
        }
        other => panic!("not a decode error: {other:?}"),
    }
}

#[tokio::test]
async fn an_error_status_is_decoded_by_the_error_decoder() {
    let server = answering(
        "/thing",
        ResponseTemplate::new(404).set_body_json(json!({"errors": ["gone"]})),
    )
    .await;
    let err = Call::new(
        &client_for(&server).0,
        get("/thing"),
        decode_json::<Value>,
        read_json::<Value, _>,
    )
    .await
    .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.api_body(), Some(&json!({"errors": ["gone"]})));
}

#[tokio::test]
async fn a_request_that_failed_to_build_is_not_sent() {
    let server = answering("/thing", ResponseTemplate::new(200)).await;
    let mut request = get("/thing");
    let cause = serde_json::from_str::<Value>("{").unwrap_err();
    request.fail(RequestError::serialize(cause));
    let err = Call::new(
        &client_for(&server).0,
        request,
        decode_json::<Value>,
        read_nothing,
    )
    .await
    .unwrap_err();
    match err {
        Error::Request(err) => assert_eq!(err.kind(), RequestErrorKind::Serialize),
        other => panic!("not a request error: {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_streamed_call_outlives_the_client_it_was_made_with() {
    let server = answering(
        "/file",
        ResponseTemplate::new(200).set_body_raw("chunks", "application/octet-stream"),
    )
    .await;
    let streaming = {
        let client = client_for(&server).0;
        stream_call(&client, get("/file"), decode_json::<Value>)
    };
    let stream = streaming.await.unwrap();
    assert_eq!(stream.status().as_u16(), 200);
    let chunks: Vec<Bytes> = stream.map(|chunk| chunk.unwrap()).collect().await;
    assert_eq!(chunks.concat(), b"chunks");
}

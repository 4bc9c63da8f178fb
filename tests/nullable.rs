//! Absent, `null` and a value, over loopback, with the models the generator writes for
//! `fixtures/specs/nullable.yaml`: a field set to `null` is sent as `null`, one left untouched
//! is not sent at all, and in a response `null` and a missing key read as two different things.
//!
//! The models are `nullable/models.rs`, the generated `src/models.rs` with every feature on;
//! `the_models_here_are_the_generated_ones` checks it against a fresh generation, so these
//! tests run the code the generator writes, over the runtime the checked-in crate carries.

use asana_webhooks::runtime::{
    Client, Cursor, Error, Paging, Patch, Request, RetryPolicy, decode_json, pages,
};
use futures::StreamExt;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The paths the generated models name: `crate::runtime::..`, `crate::macros::object!` and
/// `crate::macros::string_enum!`.
mod runtime {
    pub use asana_webhooks::runtime::*;
}

mod macros {
    include!("../generator/macros/object.rs");
    include!("../generator/macros/string_enum.rs");
}

// As generated: the comparison with the generated file is by text.
#[rustfmt::skip]
#[path = "nullable/models.rs"]
mod models;

use models::{
    Item, ItemCreate, ItemDefaults, ItemDefaultsKind, ItemSchedule, ItemUpdate, ListItemsResponse,
    NextPage, UserRef,
};

const SPEC: &str = "nullable.yaml";

#[test]
fn the_models_here_are_the_generated_ones() {
    let generated = tests::assert_models_copy(SPEC, "tests/nullable/models.rs");
    assert!(generated.contains("#[cfg(feature = \"serde-full\")] deserialize;"));
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().with_max_attempts(1))
        .build()
        .unwrap()
}

/// Sends `body` as `PUT /items/1` (or `POST /items`) and returns the body the server got,
/// as text, and the item the server answered with decoded.
async fn send<B: serde::Serialize>(method_: Method, body: &B, answer: Value) -> (String, Item) {
    let server = MockServer::start().await;
    let route = if method_ == Method::PUT {
        "/items/1"
    } else {
        "/items"
    };
    Mock::given(method(method_.as_str()))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    let mut request = Request::new("sendItem", method_, "/items", route);
    request.body = runtime::Body::json(body).unwrap();
    let item = client(&server)
        .execute::<Item, Value>(request, decode_json)
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    let sent = String::from_utf8(received[0].body.clone()).unwrap();
    (sent, item)
}

fn item_json(extra: Value) -> Value {
    let mut item = json!({"id": "1", "created_at": "2030-01-01T00:00:00Z", "notes": "n"});
    item.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    item
}

fn date(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

#[tokio::test]
async fn null_is_sent_as_null_and_an_untouched_field_is_not_sent() {
    // Over `Object`: clear the due date and the notes, set the parent, leave the rest.
    let update = ItemUpdate {
        due_on: Patch::Null,
        parent: UserRef {
            gid: Some("7".into()),
        }
        .into(),
        ..ItemUpdate::new("n", None)
    };
    let (sent, _) = send(Method::PUT, &update, item_json(json!({}))).await;
    assert_eq!(
        sent,
        r#"{"name":"n","notes":null,"due_on":null,"parent":{"gid":"7"}}"#
    );
    // Untouched: no key at all; a required nullable field is always there.
    let untouched = ItemUpdate::new("n", None);
    let (sent, _) = send(Method::PUT, &untouched, item_json(json!({}))).await;
    assert_eq!(sent, r#"{"name":"n","notes":null}"#);
    let set = ItemUpdate {
        due_on: date("2030-01-31").into(),
        assignee: Patch::Value(UserRef::default()),
        color: Some("red".into()),
        ..ItemUpdate::new("n", Some("x".into()))
    };
    let (sent, _) = send(Method::PUT, &set, item_json(json!({}))).await;
    assert_eq!(
        sent,
        r#"{"name":"n","notes":"x","color":"red","due_on":"2030-01-31","assignee":{}}"#
    );

    // With serde's derive (the body collects other properties).
    let create = ItemCreate {
        name: "n".into(),
        notes: None,
        color: None,
        due_on: Patch::Null,
        additional_properties: BTreeMap::from([("extra".to_owned(), "e".to_owned())]),
    };
    let (sent, _) = send(Method::POST, &create, item_json(json!({}))).await;
    assert_eq!(
        sent,
        r#"{"name":"n","notes":null,"due_on":null,"extra":"e"}"#
    );
    let untouched = ItemCreate {
        due_on: Patch::Absent,
        color: Some("red".into()),
        ..create
    };
    let (sent, _) = send(Method::POST, &untouched, item_json(json!({}))).await;
    assert_eq!(
        sent,
        r#"{"name":"n","notes":null,"color":"red","extra":"e"}"#
    );
}

#[test]
fn default_gives_the_values_the_spec_documents_and_leaves_optional_fields_absent() {
    let defaults = ItemDefaults::default();
    assert_eq!(defaults.kind, ItemDefaultsKind::Milestone);
    assert_eq!(
        serde_json::to_value(&defaults).unwrap(),
        json!({"kind": "milestone", "limit": 50, "label": "untitled", "ratio": 2.0, "tags": []})
    );
    // Decoding starts blank, not from these defaults: a required field must be sent.
    let missing = serde_json::from_str::<ItemDefaults>(r#"{"kind": "task"}"#).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `limit`"),
        "{missing}"
    );
}

#[test]
fn a_constructor_takes_the_required_fields_in_spec_order_and_leaves_the_rest_absent() {
    // `allOf` made `due_on` required and never `null`, though the base lets it be.
    let schedule = ItemSchedule::new(date("2030-01-31"), "n", None);
    assert_eq!(
        serde_json::to_string(&schedule).unwrap(),
        r#"{"due_on":"2030-01-31","name":"n","notes":null}"#
    );
    let create = ItemCreate::new("n", Some("x".into()));
    assert_eq!(
        serde_json::to_string(&create).unwrap(),
        r#"{"name":"n","notes":"x"}"#
    );
}

#[tokio::test]
async fn a_response_tells_null_from_a_missing_key() {
    let update = ItemUpdate::new("n", None);
    // With serde's derive (`created_at` has no default).
    let (_, item) = send(
        Method::PUT,
        &update,
        item_json(json!({"notes": null, "due_on": null})),
    )
    .await;
    assert_eq!(item.notes, None);
    assert_eq!(item.due_on, Patch::Null);
    assert_eq!(item.assignee, Patch::Absent);
    assert_eq!(item.color, None);
    let (_, item) = send(
        Method::PUT,
        &update,
        item_json(json!({"due_on": "2030-01-31", "assignee": {"gid": "9"}, "color": null})),
    )
    .await;
    assert_eq!(item.notes.as_deref(), Some("n"));
    assert_eq!(item.due_on, Patch::Value(date("2030-01-31")));
    let nine = UserRef {
        gid: Some("9".into()),
    };
    assert_eq!(item.assignee, Patch::Value(nine));
    assert_eq!(item.color, None);
}

#[test]
fn a_missing_required_nullable_field_is_an_error_in_both_serde_paths() {
    // Derived: `Item::notes`.
    let mut item = item_json(json!({}));
    item.as_object_mut().unwrap().remove("notes");
    let error = serde_json::from_value::<Item>(item).unwrap_err();
    assert_eq!(error.to_string(), "missing field `notes`");
    // Over `Object`: `ListItemsResponse::total`.
    let error = serde_json::from_value::<ListItemsResponse>(json!({"data": []})).unwrap_err();
    assert_eq!(error.to_string(), "missing field `total`");
    let page: ListItemsResponse =
        serde_json::from_value(json!({"data": [], "total": null})).unwrap();
    assert_eq!((page.total, page.next_page), (None, Patch::Absent));
    // Read back, each state is itself.
    let update: ItemUpdate =
        serde_json::from_str(r#"{"name":"n","notes":null,"due_on":null,"parent":{}}"#).unwrap();
    assert_eq!(
        update,
        ItemUpdate {
            due_on: Patch::Null,
            parent: Patch::Value(UserRef::default()),
            ..ItemUpdate::new("n", None)
        }
    );
}

async fn mount_page(server: &MockServer, offset: Option<&str>, body: Value) {
    let mut mock = Mock::given(method("GET")).and(path("/items"));
    mock = match offset {
        Some(offset) => mock.and(query_param("offset", offset)),
        None => mock.and(query_param_is_missing("offset")),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

/// The ids of every item `GET /items` lists, page after page.
async fn list(server: &MockServer) -> Vec<String> {
    let client = client(server);
    let request = Request::new("listItems", Method::GET, "/items", "/items");
    let items = pages(Paging::Token("offset"), move |cursor: Cursor| {
        let client = client.clone();
        let mut request = request.clone();
        cursor.apply(&mut request, client.base_url());
        async move {
            client
                .execute::<ListItemsResponse, Value>(request, decode_json)
                .await
        }
    })
    .items();
    let items: Vec<Result<Item, Error<Value>>> = items.collect().await;
    items.into_iter().map(|item| item.unwrap().id).collect()
}

#[tokio::test]
async fn a_next_page_that_is_null_or_missing_ends_the_listing() {
    let item = |id: &str| item_json(json!({"id": id}));
    for last in [json!({"next_page": null}), json!({})] {
        let server = MockServer::start().await;
        let first = json!({"data": [item("1")], "total": 2, "next_page": {"offset": "p2"}});
        mount_page(&server, None, first).await;
        let mut second = json!({"data": [item("2")], "total": null});
        second
            .as_object_mut()
            .unwrap()
            .extend(last.as_object().unwrap().clone());
        mount_page(&server, Some("p2"), second).await;
        assert_eq!(list(&server).await, ["1", "2"], "last page: {last}");
    }
    let next: NextPage = serde_json::from_value(json!({"offset": "p2"})).unwrap();
    assert_eq!(next.offset.as_deref(), Some("p2"));
}

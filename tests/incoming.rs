//! Webhook deliveries decoded by the `incoming` module the generator writes for
//! `fixtures/specs/v31_webhooks.yaml` (OpenAPI 3.1 `webhooks`): each webhook by its name in the
//! spec, its operation id or `METHOD name`, its body into its payload's model, and a typed error
//! for a name no webhook has or a body that is not the payload.
//!
//! The module and its models are `incoming/incoming.rs` and `incoming/models.rs`, checked
//! against a fresh generation, so these tests run the code the generator writes.

use asana_webhooks::runtime::Patch;
use serde_json::json;

/// The paths the generated models name: `crate::runtime::..` and `crate::macros::object!`.
mod runtime {
    pub use asana_webhooks::runtime::*;
}

mod macros {
    include!("../generator/macros/object.rs");
}

// As generated: the comparison with the generated files is by text.
#[rustfmt::skip]
#[path = "incoming/models.rs"]
mod models;

#[rustfmt::skip]
#[path = "incoming/incoming.rs"]
mod incoming;

use incoming::{DecodeError, Webhook, decode};
use models::{Count, Pet, PetDeletePayload, PriceChangedPayload};

const SPEC: &str = "v31_webhooks.yaml";

#[test]
fn the_code_here_is_the_generated_code() {
    tests::assert_models_copy(SPEC, "tests/incoming/models.rs");
    let label = format!("{}/{SPEC}", xtask::fixtures::DIR);
    let root = tests::root();
    let text = std::fs::read_to_string(root.join("tests/fixtures/specs").join(SPEC)).unwrap();
    let files = generator::generate(&label, &text, &xtask::fixtures::options(&label)).unwrap();
    let generated = files
        .iter()
        .find(|f| f.path == "src/incoming.rs")
        .expect("a crate with webhooks has src/incoming.rs");
    let here = std::fs::read_to_string(root.join("tests/incoming/incoming.rs")).unwrap();
    let code = |text: &str| -> String {
        text.lines()
            .skip_while(|l| l.starts_with("// ") || l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        code(&here),
        code(&generated.contents),
        "tests/incoming/incoming.rs is not the generated src/incoming.rs"
    );
}

fn body(value: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&value).unwrap()
}

fn pet() -> Pet {
    Pet {
        id: "p1".into(),
        name: "Rex".into(),
        born: Some("2020-05-01".parse().unwrap()),
        tags: None,
    }
}

#[test]
fn each_webhook_is_read_by_its_name_and_its_operation_id() {
    let delivery = body(json!({"id": "p1", "name": "Rex", "born": "2020-05-01"}));
    for name in ["petAdded", "onPetAdded"] {
        let webhook = decode(name, &delivery).unwrap();
        assert_eq!(webhook, Webhook::PetAdded(Box::new(pet())));
        assert_eq!(webhook.name(), "petAdded");
    }
    assert_eq!(
        decode("onAdopted", &delivery).unwrap(),
        Webhook::Adopted(Box::new(pet()))
    );
}

#[test]
fn each_method_of_a_webhook_is_a_variant_of_its_own() {
    let created = decode("petCreated", &body(json!({"id": "p1", "name": "Rex"}))).unwrap();
    assert!(matches!(&created, Webhook::PetPost(p) if p.name == "Rex"));
    assert_eq!(
        decode("POST pet", &body(json!({"id": "p1", "name": "Rex"}))).unwrap(),
        created
    );
    let deleted = decode("DELETE pet", &body(json!({"id": "p1"}))).unwrap();
    assert_eq!(
        deleted,
        Webhook::PetDelete(Box::new(PetDeletePayload { id: "p1".into() }))
    );
    assert_eq!(deleted.name(), "pet");
    // The name alone names neither.
    assert!(matches!(
        decode("pet", b"{}"),
        Err(DecodeError::UnknownWebhook(name)) if name == "pet"
    ));
}

#[test]
fn payloads_keep_null_apart_from_absent_and_lists_and_empty_bodies_decode() {
    let changed = decode(
        "priceChanged",
        &body(json!({"sku": "a", "cents": 250, "previous": null})),
    )
    .unwrap();
    let Webhook::PriceChanged(price) = changed else {
        panic!("{changed:?}")
    };
    assert_eq!(
        *price,
        PriceChangedPayload {
            sku: "a".into(),
            cents: 250,
            previous: Patch::Null,
        }
    );
    let Webhook::PriceChanged(price) =
        decode("priceChanged", &body(json!({"sku": "a", "cents": 250}))).unwrap()
    else {
        panic!()
    };
    assert_eq!(price.previous, Patch::Absent);

    let counted = decode(
        "stockCounted",
        &body(json!([{"sku": "a", "count": 3}, {"sku": "b", "count": 0}])),
    )
    .unwrap();
    assert_eq!(
        counted,
        Webhook::StockCounted(vec![
            Count {
                sku: "a".into(),
                count: 3
            },
            Count {
                sku: "b".into(),
                count: 0
            },
        ])
    );
    // A webhook without a body ignores whatever comes.
    assert_eq!(decode("ping", b"").unwrap(), Webhook::Ping);
}

#[test]
fn an_unknown_name_or_a_body_not_of_the_payload_is_a_typed_error() {
    let error = decode("petRemoved", b"{}").unwrap_err();
    assert!(matches!(&error, DecodeError::UnknownWebhook(name) if name == "petRemoved"));
    assert_eq!(error.to_string(), "no webhook is named `petRemoved`");

    let error = decode("petAdded", &body(json!({"id": "p1"}))).unwrap_err();
    let DecodeError::Body { webhook, source } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*webhook, "petAdded");
    assert!(source.to_string().contains("name"), "{source}");
    assert!(std::error::Error::source(&error).is_some());

    // Not JSON at all, and JSON nested past what the decoder follows: errors, not panics.
    assert!(matches!(
        decode("stockCounted", b"\xff\xfe"),
        Err(DecodeError::Body { .. })
    ));
    let deep = "[".repeat(10_000);
    assert!(matches!(
        decode("stockCounted", deep.as_bytes()),
        Err(DecodeError::Body { .. })
    ));
}

// The models generated from `tests/fixtures/specs/v31_webhooks.yaml`, with every feature on: the
// code `incoming.rs` runs, checked against a fresh generation by that test. After a change of
// the generator, take the fixture's new `src/models.rs` and drop its feature gates. Formatted
// as generated (`incoming.rs` has rustfmt skip it).

//! Request and response types, one per schema of the spec.
//!
//! Unknown fields in responses are ignored, missing or `null` optional fields decode to
//! `None`, and enum values the spec does not list decode into an `Unknown` variant, so
//! the API can grow without breaking this crate.

#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub sku: String,
    pub count: i64,
}

crate::macros::object! {
    Count {
        0 sku "sku" required,
        1 count "count" required,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pet {
    pub id: String,
    pub name: String,
    pub born: Option<::chrono::NaiveDate>,
    pub tags: Option<Vec<String>>,
}

crate::macros::object! {
    Pet {
        0 id "id" required,
        1 name "name" required,
        2 born "born" optional,
        3 tags "tags" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct PetDeletePayload {
    pub id: String,
}

crate::macros::object! {
    PetDeletePayload {
        0 id "id" required,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct PriceChangedPayload {
    pub sku: String,
    pub cents: i32,
    pub previous: crate::runtime::Patch<i32>,
}

crate::macros::object! {
    PriceChangedPayload {
        0 sku "sku" required,
        1 cents "cents" required,
        2 previous "previous" patch,
    }
    serialize;
    deserialize;
}

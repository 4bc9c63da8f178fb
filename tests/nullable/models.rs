// The models generated from `tests/fixtures/specs/nullable.yaml`, with every feature on: the
// code `nullable.rs` runs, checked against a fresh generation by that test. After a change of
// the generator, take the fixture's new `src/models.rs`, drop its feature gates and apply its
// `cfg_attr`s. Formatted as generated (`nullable.rs` has rustfmt skip it).

//! Request and response types, one per schema of the spec.
//!
//! Unknown fields in responses are ignored, missing or `null` optional fields decode to
//! `None`, and enum values the spec does not list decode into an `Unknown` variant, so
//! the API can grow without breaking this crate.

#[derive(Debug, Clone, PartialEq, ::serde::Deserialize)]
#[derive(::serde::Serialize)]
pub struct Item {
    pub id: String,
    pub created_at: ::chrono::DateTime<::chrono::Utc>,
    #[serde(deserialize_with = "crate::runtime::nullable")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "crate::runtime::Patch::is_absent")]
    pub due_on: crate::runtime::Patch<::chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "crate::runtime::Patch::is_absent")]
    pub assignee: crate::runtime::Patch<UserRef>,
}

#[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize)]
#[derive(::serde::Deserialize)]
pub struct ItemCreate {
    pub name: String,
    #[serde(deserialize_with = "crate::runtime::nullable")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "crate::runtime::Patch::is_absent")]
    pub due_on: crate::runtime::Patch<::chrono::NaiveDate>,
    /// Properties beyond the ones listed above.
    #[serde(flatten)]
    pub additional_properties: ::std::collections::BTreeMap<String, String>,
}

/// An update that must set a due date; `ItemUpdate` lets `due_on` be `null`, this one does not.
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct ItemSchedule {
    /// Optional, `null` to clear.
    pub due_on: ::chrono::NaiveDate,
    /// Required, never `null`.
    pub name: String,
    /// Required, `null` to clear.
    #[serde(deserialize_with = "crate::runtime::nullable")]
    pub notes: Option<String>,
    /// Optional, never `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "crate::runtime::Patch::is_absent")]
    pub assignee: crate::runtime::Patch<UserRef>,
    /// A nullable component, described.
    #[serde(default, skip_serializing_if = "crate::runtime::Patch::is_absent")]
    pub parent: crate::runtime::Patch<UserRef>,
}

/// What to change; a field left out is left as it is, `null` clears it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemUpdate {
    /// Required, never `null`.
    pub name: String,
    /// Required, `null` to clear.
    pub notes: Option<String>,
    /// Optional, never `null`.
    pub color: Option<String>,
    /// Optional, `null` to clear.
    pub due_on: crate::runtime::Patch<::chrono::NaiveDate>,
    pub assignee: crate::runtime::Patch<UserRef>,
    /// A nullable component, described.
    pub parent: crate::runtime::Patch<UserRef>,
}

crate::macros::object! {
    ItemUpdate {
        0 name "name" required,
        1 notes "notes" required,
        2 color "color" optional,
        3 due_on "due_on" patch,
        4 assignee "assignee" patch,
        5 parent "parent" patch,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListItemsResponse {
    pub data: Vec<Item>,
    /// `null` when not counted.
    pub total: Option<i64>,
    pub next_page: crate::runtime::Patch<NextPage>,
}

crate::macros::object! {
    ListItemsResponse {
        0 data "data" required,
        1 total "total" required,
        2 next_page "next_page" patch,
    }
    serialize;
    deserialize;
}

/// The next page, `null` after the last one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NextPage {
    pub offset: Option<String>,
}

crate::macros::object! {
    NextPage {
        0 offset "offset" optional,
    }
    serialize;
    deserialize;
}

/// A user, or `null` for nobody.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UserRef {
    pub gid: Option<String>,
}

crate::macros::object! {
    UserRef {
        0 gid "gid" optional,
    }
    serialize;
    deserialize;
}

impl crate::runtime::Page for ListItemsResponse {
    type Item = Item;

    #[inline]
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>) {
        (self.data, self.next_page.into_option().and_then(|next| next.offset))
    }
}

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

#[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
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

impl ItemCreate {
    /// `ItemCreate` from its required fields, in the spec's order; the optional ones are absent.
    #[inline]
    pub fn new(name: impl Into<String>, notes: Option<String>) -> Self {
        Self {
            name: name.into(),
            notes,
            color: None,
            due_on: crate::runtime::Patch::Absent,
            additional_properties: Default::default(),
        }
    }
}

/// Settings whose required fields all have the API's defaults.
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct ItemDefaults {
    pub kind: ItemDefaultsKind,
    pub limit: i32,
    #[serde(deserialize_with = "crate::runtime::nullable")]
    pub label: Option<String>,
    pub ratio: f64,
    pub tags: Vec<String>,
    /// Optional: left absent, for the API to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
}

impl Default for ItemDefaults {
    /// Every required field set to the default the API documents, every optional one
    /// absent.
    fn default() -> Self {
        Self {
            kind: ItemDefaultsKind::Milestone,
            limit: 50,
            label: Some(String::from("untitled")),
            ratio: 2.0,
            tags: Default::default(),
            page: None,
        }
    }
}

crate::macros::string_enum! {
    pub enum ItemDefaultsKind {
        Task = "task",
        Milestone = "milestone",
    }
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

impl ItemSchedule {
    /// `ItemSchedule` from its required fields, in the spec's order; the optional ones are absent.
    #[inline]
    pub fn new(
        due_on: ::chrono::NaiveDate,
        name: impl Into<String>,
        notes: Option<String>,
    ) -> Self {
        Self {
            due_on,
            name: name.into(),
            notes,
            color: None,
            assignee: crate::runtime::Patch::Absent,
            parent: crate::runtime::Patch::Absent,
        }
    }
}

/// What to change; a field left out is left as it is, `null` clears it.
#[derive(Debug, Clone, PartialEq)]
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

impl ItemUpdate {
    /// `ItemUpdate` from its required fields, in the spec's order; the optional ones are absent.
    #[inline]
    pub fn new(name: impl Into<String>, notes: Option<String>) -> Self {
        Self {
            name: name.into(),
            notes,
            color: None,
            due_on: crate::runtime::Patch::Absent,
            assignee: crate::runtime::Patch::Absent,
            parent: crate::runtime::Patch::Absent,
        }
    }
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

#[derive(Debug, Clone, PartialEq)]
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
    fn items(&self) -> &[Self::Item] {
        &self.data
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::token(
            self
                .next_page
                .as_ref()
                .into_option()
                .and_then(|v| v.offset.as_ref())
                .cloned(),
        )
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.data
    }
}

//! Request and response types, one per schema of the spec.
//!
//! Unknown fields in responses are ignored, missing or `null` optional fields decode to
//! `None`, and enum values the spec does not list decode into an `Unknown` variant, so
//! the API can grow without breaking this crate.

pub type Answers = Vec<Record>;

#[derive(Debug, Clone, PartialEq)]
pub struct ListArticlesResponse {
    pub items: Vec<Record>,
    pub meta: Option<ListArticlesResponseMeta>,
}

crate::macros::object! {
    ListArticlesResponse {
        0 items "items" required,
        1 meta "meta" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListArticlesResponseMeta {
    pub has_next_page: Option<bool>,
}

crate::macros::object! {
    ListArticlesResponseMeta {
        0 has_next_page "has_next_page" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListContractsResponse {
    pub current_page: Option<i64>,
    pub total_pages: Option<i64>,
    pub messages: Option<Vec<String>>,
    pub embedded: Option<Vec<Record>>,
}

crate::macros::object! {
    ListContractsResponse {
        0 current_page "currentPage" optional,
        1 total_pages "totalPages" optional,
        2 messages "messages" optional,
        3 embedded "_embedded" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListInvoicesResponse {
    pub invoices: Option<Vec<Record>>,
}

crate::macros::object! {
    ListInvoicesResponse {
        0 invoices "invoices" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListPlantsResponse {
    pub plants: Option<Vec<String>>,
    pub more: Option<bool>,
}

crate::macros::object! {
    ListPlantsResponse {
        0 plants "plants" optional,
        1 more "more" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListRecordsResponse {
    pub records: Option<Vec<Record>>,
    pub total: Option<i64>,
}

crate::macros::object! {
    ListRecordsResponse {
        0 records "records" optional,
        1 total "total" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: i64,
    pub title: Option<String>,
}

crate::macros::object! {
    Record {
        0 id "id" required,
        1 title "title" optional,
    }
    serialize;
    deserialize;
}

impl crate::runtime::Page for ListArticlesResponse {
    type Item = Record;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        &self.items
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::more(
            self.meta.as_ref().and_then(|v| v.has_next_page.as_ref()).copied(),
        )
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.items
    }
}

impl crate::runtime::Page for ListContractsResponse {
    type Item = Record;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        self.embedded.as_deref().unwrap_or_default()
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::page_count(self.total_pages.as_ref().copied(), 1u64)
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.embedded.unwrap_or_default()
    }
}

impl crate::runtime::Page for ListInvoicesResponse {
    type Item = Record;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        self.invoices.as_deref().unwrap_or_default()
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::Unstated
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.invoices.unwrap_or_default()
    }
}

impl crate::runtime::Page for ListPlantsResponse {
    type Item = String;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        self.plants.as_deref().unwrap_or_default()
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::more(self.more.as_ref().copied())
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.plants.unwrap_or_default()
    }
}

impl crate::runtime::Page for ListRecordsResponse {
    type Item = Record;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        self.records.as_deref().unwrap_or_default()
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::Unstated
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.records.unwrap_or_default()
    }
}

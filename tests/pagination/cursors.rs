//! Request and response types, one per schema of the spec.
//!
//! Unknown fields in responses are ignored, missing or `null` optional fields decode to
//! `None`, and enum values the spec does not list decode into an `Unknown` variant, so
//! the API can grow without breaking this crate.

pub type AnalyzersList = Vec<String>;

#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    pub id: String,
    pub name: Option<String>,
}

crate::macros::object! {
    Conversation {
        0 id "id" required,
        1 name "name" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub id: String,
    pub email: Option<String>,
}

crate::macros::object! {
    Customer {
        0 id "id" required,
        1 email "email" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListAnalyzersResponse {
    /// The analyzers retrieved.
    pub analyzers: AnalyzersList,
    /// The token of the next page.
    pub next_token: Option<Token>,
}

crate::macros::object! {
    ListAnalyzersResponse {
        0 analyzers "analyzers" required,
        1 next_token "nextToken" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListConversationsResponse {
    pub channels: Vec<Conversation>,
    pub response_metadata: Option<ListConversationsResponseResponseMetadata>,
}

crate::macros::object! {
    ListConversationsResponse {
        0 channels "channels" required,
        1 response_metadata "response_metadata" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListConversationsResponseResponseMetadata {
    pub next_cursor: Option<String>,
}

crate::macros::object! {
    ListConversationsResponseResponseMetadata {
        0 next_cursor "next_cursor" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListCustomersResponse {
    pub object: Option<String>,
    pub data: Vec<Customer>,
    pub has_more: bool,
}

crate::macros::object! {
    ListCustomersResponse {
        0 object "object" optional,
        1 data "data" required,
        2 has_more "has_more" required,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListEventsResponse {
    pub events: Option<Vec<Conversation>>,
    pub next_page_token: crate::runtime::Patch<String>,
    pub has_more: Option<bool>,
}

crate::macros::object! {
    ListEventsResponse {
        0 events "events" optional,
        1 next_page_token "nextPageToken" patch,
        2 has_more "hasMore" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListInstancesResponse {
    pub items: Vec<Conversation>,
    pub next_page: crate::runtime::Patch<String>,
}

crate::macros::object! {
    ListInstancesResponse {
        0 items "items" required,
        1 next_page "next_page" patch,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListMoviesResponse {
    pub movies: Option<Vec<String>>,
    pub page: Option<ListMoviesResponsePage>,
}

crate::macros::object! {
    ListMoviesResponse {
        0 movies "movies" optional,
        1 page "page" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListMoviesResponsePage {
    pub next: Option<i64>,
}

crate::macros::object! {
    ListMoviesResponsePage {
        0 next "next" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, ::serde::Deserialize)]
#[derive(::serde::Serialize)]
pub struct ListSongsResponse {
    pub result: ListSongsResponseResult,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListSongsResponseResult {
    pub songs: Vec<String>,
    pub last: Option<String>,
}

crate::macros::object! {
    ListSongsResponseResult {
        0 songs "songs" required,
        1 last "last" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchCustomersResponse {
    pub data: Vec<Customer>,
    pub has_more: bool,
    pub next_page: crate::runtime::Patch<String>,
}

crate::macros::object! {
    SearchCustomersResponse {
        0 data "data" required,
        1 has_more "has_more" required,
        2 next_page "next_page" patch,
    }
    serialize;
    deserialize;
}

pub type Token = String;

impl crate::runtime::Page for ListAnalyzersResponse {
    type Item = String;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        &self.analyzers
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::token(self.next_token.as_ref().cloned())
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.analyzers
    }
}

impl crate::runtime::Page for ListConversationsResponse {
    type Item = Conversation;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        &self.channels
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::token(
            self.response_metadata.as_ref().and_then(|v| v.next_cursor.as_ref()).cloned(),
        )
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.channels
    }
}

impl crate::runtime::Page for ListCustomersResponse {
    type Item = Customer;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        &self.data
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        if Some(self.has_more) == Some(true) {
            crate::runtime::Next::token(self.items().last().map(|item| item.id.clone()))
        } else {
            crate::runtime::Next::End
        }
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.data
    }
}

impl crate::runtime::Page for ListEventsResponse {
    type Item = Conversation;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        self.events.as_deref().unwrap_or_default()
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::token(self.next_page_token.as_ref().into_option().cloned())
            .unless_done(self.has_more.as_ref().copied())
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.events.unwrap_or_default()
    }
}

impl crate::runtime::Page for ListInstancesResponse {
    type Item = Conversation;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        &self.items
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::token(self.next_page.as_ref().into_option().cloned())
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.items
    }
}

impl crate::runtime::Page for ListMoviesResponse {
    type Item = String;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        self.movies.as_deref().unwrap_or_default()
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::token(
            self
                .page
                .as_ref()
                .and_then(|v| v.next.as_ref())
                .map(|value| value.to_string()),
        )
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.movies.unwrap_or_default()
    }
}

impl crate::runtime::Page for ListSongsResponse {
    type Item = String;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        &self.result.songs
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::token(self.result.last.as_ref().cloned())
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.result.songs
    }
}

impl crate::runtime::Page for SearchCustomersResponse {
    type Item = Customer;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        &self.data
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::token(self.next_page.as_ref().into_option().cloned())
            .unless_done(Some(self.has_more))
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.data
    }
}

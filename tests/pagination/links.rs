//! Request and response types, one per schema of the spec.
//!
//! Unknown fields in responses are ignored, missing or `null` optional fields decode to
//! `None`, and enum values the spec does not list decode into an `Unknown` variant, so
//! the API can grow without breaking this crate.

#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub number: i64,
    pub title: Option<String>,
}

crate::macros::object! {
    Issue {
        0 number "number" required,
        1 title "title" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListAlbumsResponse {
    pub albums: Option<Vec<String>>,
    pub next_url: Option<String>,
}

crate::macros::object! {
    ListAlbumsResponse {
        0 albums "albums" optional,
        1 next_url "next_url" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListArticlesResponse {
    pub data: Vec<User>,
    pub links: Option<ListArticlesResponseLinks>,
}

crate::macros::object! {
    ListArticlesResponse {
        0 data "data" required,
        1 links "links" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListArticlesResponseLinks {
    pub self_: Option<String>,
    pub next: Option<String>,
}

crate::macros::object! {
    ListArticlesResponseLinks {
        0 self_ "self" optional,
        1 next "next" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListOrdersResponse {
    pub embedded: Option<ListOrdersResponseEmbedded>,
    pub links: Option<ListOrdersResponseLinks>,
    pub orders: Option<Vec<String>>,
}

crate::macros::object! {
    ListOrdersResponse {
        0 embedded "_embedded" optional,
        1 links "_links" optional,
        2 orders "orders" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListOrdersResponseEmbedded {
    pub orders: Option<Vec<String>>,
}

crate::macros::object! {
    ListOrdersResponseEmbedded {
        0 orders "orders" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListOrdersResponseLinks {
    pub next: Option<ListOrdersResponseLinksNext>,
}

crate::macros::object! {
    ListOrdersResponseLinks {
        0 next "next" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListOrdersResponseLinksNext {
    pub href: Option<String>,
}

crate::macros::object! {
    ListOrdersResponseLinksNext {
        0 href "href" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListSnippetsResponse {
    pub count: i64,
    pub next: crate::runtime::Patch<::url::Url>,
    pub previous: crate::runtime::Patch<::url::Url>,
    pub results: Vec<User>,
}

crate::macros::object! {
    ListSnippetsResponse {
        0 count "count" required,
        1 next "next" patch,
        2 previous "previous" patch,
        3 results "results" required,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListUsersResponse {
    pub value: Option<Vec<User>>,
    pub odata_next_link: crate::runtime::Patch<String>,
}

crate::macros::object! {
    ListUsersResponse {
        0 value "value" optional,
        1 odata_next_link "@odata.nextLink" patch,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: String,
    pub display_name: Option<String>,
}

crate::macros::object! {
    User {
        0 id "id" required,
        1 display_name "displayName" optional,
    }
    serialize;
    deserialize;
}

impl crate::runtime::Page for ListAlbumsResponse {
    type Item = String;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        self.albums.as_deref().unwrap_or_default()
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::url(self.next_url.as_ref().cloned())
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.albums.unwrap_or_default()
    }
}

impl crate::runtime::Page for ListArticlesResponse {
    type Item = User;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        &self.data
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::url(
            self.links.as_ref().and_then(|v| v.next.as_ref()).cloned(),
        )
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.data
    }
}

impl crate::runtime::Page for ListOrdersResponse {
    type Item = String;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        self.orders.as_deref().unwrap_or_default()
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::url(
            self
                .links
                .as_ref()
                .and_then(|v| v.next.as_ref())
                .and_then(|v| v.href.as_ref())
                .cloned(),
        )
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.orders.unwrap_or_default()
    }
}

impl crate::runtime::Page for ListSnippetsResponse {
    type Item = User;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        &self.results
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::url(
            self.next.as_ref().into_option().map(|value| value.to_string()),
        )
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.results
    }
}

impl crate::runtime::Page for ListUsersResponse {
    type Item = User;

    #[inline]
    fn items(&self) -> &[Self::Item] {
        self.value.as_deref().unwrap_or_default()
    }

    #[inline]
    fn next_page(&self) -> crate::runtime::Next {
        crate::runtime::Next::url(self.odata_next_link.as_ref().into_option().cloned())
    }

    #[inline]
    fn into_items(self) -> Vec<Self::Item> {
        self.value.unwrap_or_default()
    }
}

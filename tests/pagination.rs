//! Paginated listings over loopback, one per shape, read by the `Page` impls the generator
//! writes for `fixtures/specs/pagination_{cursors,counted,links}.yaml` and driven by the
//! runtime's paging engine exactly as a generated builder's `pages()` drives it: a token sent
//! back, the last item's id, an offset counted, a page number, a next-page URL in the body, and
//! GitHub's `Link` header. Also the end of each listing, a repeated token, a server error
//! mid-stream that a retry recovers, a next URL on another server, and `max_pages`.
//!
//! Every server is a scripted wiremock server on 127.0.0.1; every listing is bounded by
//! `max_pages` and a timeout, so a regression cannot loop.

use std::time::Duration;

use asana_webhooks::runtime::{
    Client, Credentials, Cursor, Error, Next, Page, Pages, Paging, Request, RequestErrorKind,
    Response, RetryPolicy, decode_json, pages,
};
use futures::{StreamExt, TryStreamExt};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The paths the generated models name: `crate::runtime::..` and `crate::macros::..!`.
mod runtime {
    pub use asana_webhooks::runtime::*;
}

mod macros {
    include!("../generator/macros/object.rs");
}

// As generated: the comparison with the generated files is by text.
#[rustfmt::skip]
#[path = "pagination/cursors.rs"]
mod cursors;
#[rustfmt::skip]
#[path = "pagination/counted.rs"]
mod counted;
#[rustfmt::skip]
#[path = "pagination/links.rs"]
mod links;

/// No listing here has more pages than this; the scripted servers that never end are cut by it.
const MAX_PAGES: usize = 20;

#[test]
fn the_models_here_are_the_generated_ones() {
    for (spec, copy) in [
        ("pagination_cursors.yaml", "tests/pagination/cursors.rs"),
        ("pagination_counted.yaml", "tests/pagination/counted.rs"),
        ("pagination_links.yaml", "tests/pagination/links.rs"),
    ] {
        let models = tests::assert_models_copy(spec, copy);
        assert!(models.contains("impl crate::runtime::Page for"), "{spec}");
    }
}

fn client(server: &MockServer, attempts: u32) -> Client {
    Client::builder()
        .base_url(format!("{}/api", server.uri()))
        .credentials(Credentials::bearer("secret-token"))
        .allow_credentials_over_http()
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(attempts)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(2))
                .with_jitter(false),
        )
        .build()
        .unwrap()
}

/// The pages of `GET /api{path}`, requested as a generated builder's `pages()` requests them.
fn listing<P>(client: &Client, paging: Paging, path: &'static str) -> Pages<Response<P>, Value>
where
    P: DeserializeOwned + Page + Send + 'static,
{
    let client = client.clone();
    let request = Request::new("list", Method::GET, path, path);
    pages(paging, move |cursor: Cursor| {
        let client = client.clone();
        let mut request = request.clone();
        cursor.apply(&mut request, client.base_url());
        async move {
            client
                .execute_with_response::<P, Value>(request, decode_json)
                .await
        }
    })
    .max_pages(MAX_PAGES)
}

/// Every item of a listing, or the first error after the items before it; within a time
/// limit.
async fn collect<P: Page>(pages: Pages<P, Value>) -> (Vec<P::Item>, Option<Error<Value>>) {
    let all = tokio::time::timeout(Duration::from_secs(20), pages.items().collect::<Vec<_>>())
        .await
        .expect("the listing ends");
    let mut items = Vec::new();
    for result in all {
        match result {
            Ok(item) => items.push(item),
            Err(err) => return (items, Some(err)),
        }
    }
    (items, None)
}

/// `GET /api{route}` answered with `answer` where the query parameter `param.0` is `param.1`
/// (or missing).
async fn page(
    server: &MockServer,
    route: &str,
    param: (&str, Option<&str>),
    answer: ResponseTemplate,
) {
    let mock = Mock::given(method("GET")).and(path(format!("/api{route}")));
    let mock = match param.1 {
        Some(value) => mock.and(query_param(param.0, value)),
        None => mock.and(query_param_is_missing(param.0)),
    };
    mock.respond_with(answer).mount(server).await;
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap()
}

#[tokio::test]
async fn a_cursor_in_the_body_is_sent_back_until_a_page_has_none() {
    let server = MockServer::start().await;
    let conversation = |id: &str| json!({"id": id});
    page(
        &server,
        "/conversations",
        ("cursor", None),
        ok(json!({
            "channels": [conversation("a"), conversation("b")],
            "response_metadata": {"next_cursor": "c2"}
        })),
    )
    .await;
    page(
        &server,
        "/conversations",
        ("cursor", Some("c2")),
        ok(json!({
            "channels": [conversation("c")],
            "response_metadata": {"next_cursor": "c3"}
        })),
    )
    .await;
    // Slack's way of saying there is no next page: an empty cursor.
    page(
        &server,
        "/conversations",
        ("cursor", Some("c3")),
        ok(json!({
            "channels": [conversation("d")],
            "response_metadata": {"next_cursor": ""}
        })),
    )
    .await;
    let client = client(&server, 1);
    let listing = listing::<cursors::ListConversationsResponse>(
        &client,
        Paging::Token("cursor"),
        "/conversations",
    );
    assert!(requests(&server).await.is_empty(), "nothing before polling");

    let (items, error) = collect(listing).await;

    assert!(error.is_none(), "{error:?}");
    let ids: Vec<&str> = items.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_flag_saying_no_more_ends_a_listing_that_still_has_a_token() {
    let server = MockServer::start().await;
    page(
        &server,
        "/events",
        ("pageToken", None),
        ok(json!({
            "events": [{"id": "1"}], "nextPageToken": "t2", "hasMore": true
        })),
    )
    .await;
    page(
        &server,
        "/events",
        ("pageToken", Some("t2")),
        ok(json!({
            "events": [{"id": "2"}], "nextPageToken": "t3", "hasMore": false
        })),
    )
    .await;
    let client = client(&server, 1);

    let (items, error) = collect(listing::<cursors::ListEventsResponse>(
        &client,
        Paging::Token("pageToken"),
        "/events",
    ))
    .await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(items.len(), 2);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_repeated_token_ends_the_listing_with_an_error_after_its_items() {
    let server = MockServer::start().await;
    page(
        &server,
        "/conversations",
        ("cursor", None),
        ok(json!({
            "channels": [{"id": "a"}], "response_metadata": {"next_cursor": "same"}
        })),
    )
    .await;
    page(
        &server,
        "/conversations",
        ("cursor", Some("same")),
        ok(json!({
            "channels": [{"id": "b"}], "response_metadata": {"next_cursor": "same"}
        })),
    )
    .await;
    let client = client(&server, 1);

    let (items, error) = collect(listing::<cursors::ListConversationsResponse>(
        &client,
        Paging::Token("cursor"),
        "/conversations",
    ))
    .await;

    assert_eq!(items.len(), 2);
    assert!(
        matches!(&error, Some(Error::Pagination { token }) if token == "same"),
        "{error:?}"
    );
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_server_error_mid_stream_is_retried_and_the_listing_goes_on() {
    let server = MockServer::start().await;
    page(
        &server,
        "/conversations",
        ("cursor", None),
        ok(json!({
            "channels": [{"id": "a"}], "response_metadata": {"next_cursor": "c2"}
        })),
    )
    .await;
    // The second page fails once, then answers.
    Mock::given(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    page(
        &server,
        "/conversations",
        ("cursor", Some("c2")),
        ok(json!({
            "channels": [{"id": "b"}], "response_metadata": {}
        })),
    )
    .await;
    let client = client(&server, 3);

    let (items, error) = collect(listing::<cursors::ListConversationsResponse>(
        &client,
        Paging::Token("cursor"),
        "/conversations",
    ))
    .await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(items.len(), 2);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn an_error_that_is_not_retried_ends_the_listing_after_the_items_before() {
    let server = MockServer::start().await;
    page(
        &server,
        "/conversations",
        ("cursor", None),
        ok(json!({
            "channels": [{"id": "a"}], "response_metadata": {"next_cursor": "c2"}
        })),
    )
    .await;
    page(
        &server,
        "/conversations",
        ("cursor", Some("c2")),
        ResponseTemplate::new(400).set_body_json(json!({"message": "bad cursor"})),
    )
    .await;
    let client = client(&server, 3);

    let (items, error) = collect(listing::<cursors::ListConversationsResponse>(
        &client,
        Paging::Token("cursor"),
        "/conversations",
    ))
    .await;

    assert_eq!(items.len(), 1);
    let error = error.expect("an error");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn the_last_items_id_is_sent_while_has_more_is_true() {
    let server = MockServer::start().await;
    page(
        &server,
        "/customers",
        ("starting_after", None),
        ok(json!({
            "data": [{"id": "cus_1"}, {"id": "cus_2"}], "has_more": true
        })),
    )
    .await;
    page(
        &server,
        "/customers",
        ("starting_after", Some("cus_2")),
        ok(json!({
            "data": [{"id": "cus_3"}], "has_more": false
        })),
    )
    .await;
    let client = client(&server, 1);

    let (items, error) = collect(listing::<cursors::ListCustomersResponse>(
        &client,
        Paging::Token("starting_after"),
        "/customers",
    ))
    .await;

    assert!(error.is_none(), "{error:?}");
    let ids: Vec<&str> = items.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["cus_1", "cus_2", "cus_3"]);
}

#[tokio::test]
async fn an_offset_advances_by_the_items_received_until_a_page_is_empty() {
    let server = MockServer::start().await;
    let records = |ids: &[i64]| {
        ok(json!({"records": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()}))
    };
    page(
        &server,
        "/records",
        ("offset", Some("5")),
        records(&[5, 6, 7]),
    )
    .await;
    // The server gave fewer than asked: the next offset counts what came.
    page(&server, "/records", ("offset", Some("8")), records(&[8, 9])).await;
    page(&server, "/records", ("offset", Some("10")), records(&[])).await;
    let client = client(&server, 1);
    let client_ = client.clone();
    let mut request = Request::new("list", Method::GET, "/records", "/records");
    request.query.set("offset", 5);
    let paging = Paging::offset("offset", &request.query);
    let listing = pages(paging, move |cursor: Cursor| {
        let client = client_.clone();
        let mut request = request.clone();
        cursor.apply(&mut request, client.base_url());
        async move {
            client
                .execute_with_response::<counted::ListRecordsResponse, Value>(request, decode_json)
                .await
        }
    })
    .max_pages(MAX_PAGES);

    let (items, error) = collect(listing).await;

    assert!(error.is_none(), "{error:?}");
    let ids: Vec<i64> = items.iter().map(|r| r.id).collect();
    assert_eq!(ids, [5, 6, 7, 8, 9]);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn page_numbers_count_up_while_the_page_says_more_follow() {
    let server = MockServer::start().await;
    let articles =
        |id: i64, more: bool| ok(json!({"items": [{"id": id}], "meta": {"has_next_page": more}}));
    page(&server, "/articles", ("page", None), articles(1, true)).await;
    page(&server, "/articles", ("page", Some("2")), articles(2, true)).await;
    page(
        &server,
        "/articles",
        ("page", Some("3")),
        articles(3, false),
    )
    .await;
    let client = client(&server, 1);

    let (items, error) = collect(listing::<counted::ListArticlesResponse>(
        &client,
        Paging::Number {
            param: "page",
            at: 1,
        },
        "/articles",
    ))
    .await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(items.iter().map(|a| a.id).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn page_numbers_stop_at_the_last_of_the_pages_the_body_counts() {
    let server = MockServer::start().await;
    // Each page says there are three in all; a fourth is scripted, and must not be asked for.
    let contracts = |id: i64| {
        ok(
            json!({"currentPage": id, "totalPages": 3, "messages": ["ok"], "_embedded": [{"id": id}]}),
        )
    };
    page(&server, "/contracts", ("pageNumber", None), contracts(1)).await;
    for number in 2..=4 {
        page(
            &server,
            "/contracts",
            ("pageNumber", Some(&number.to_string())),
            contracts(number),
        )
        .await;
    }
    let client = client(&server, 1);

    let (items, error) = collect(listing::<counted::ListContractsResponse>(
        &client,
        Paging::Number {
            param: "pageNumber",
            at: 1,
        },
        "/contracts",
    ))
    .await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(items.iter().map(|c| c.id).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_next_link_in_the_body_is_followed_with_the_same_credentials() {
    let server = MockServer::start().await;
    let base = format!("{}/api", server.uri());
    page(
        &server,
        "/users",
        ("$skiptoken", None),
        ok(json!({
            "value": [{"id": "u1"}],
            "@odata.nextLink": format!("{base}/users?$skiptoken=X1")
        })),
    )
    .await;
    // Relative to the page's own URL.
    page(
        &server,
        "/users",
        ("$skiptoken", Some("X1")),
        ok(json!({
            "value": [{"id": "u2"}],
            "@odata.nextLink": "users?$skiptoken=X2"
        })),
    )
    .await;
    page(
        &server,
        "/users",
        ("$skiptoken", Some("X2")),
        ok(json!({
            "value": [{"id": "u3"}], "@odata.nextLink": null
        })),
    )
    .await;
    let client = client(&server, 1);

    let (items, error) = collect(listing::<links::ListUsersResponse>(
        &client,
        Paging::Url,
        "/users",
    ))
    .await;

    assert!(error.is_none(), "{error:?}");
    let ids: Vec<&str> = items.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["u1", "u2", "u3"]);
    let received = requests(&server).await;
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_eq!(
            request.headers.get("authorization").unwrap(),
            "Bearer secret-token"
        );
    }
}

#[tokio::test]
async fn a_next_link_to_another_server_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    page(
        &server,
        "/users",
        ("$skiptoken", None),
        ok(json!({
            "value": [{"id": "u1"}],
            "@odata.nextLink": format!("{}/api/users?$skiptoken=X1", elsewhere.uri())
        })),
    )
    .await;
    let client = client(&server, 1);

    let (items, error) = collect(listing::<links::ListUsersResponse>(
        &client,
        Paging::Url,
        "/users",
    ))
    .await;

    assert_eq!(items.len(), 1);
    match error {
        Some(Error::Request(err)) => assert_eq!(err.kind(), RequestErrorKind::InvalidUrl),
        other => panic!("{other:?}"),
    }
    assert!(
        requests(&elsewhere).await.is_empty(),
        "no credentials leave"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

/// GitHub's way: the body is the list, and `Link: <..>; rel="next"` names the next page.
#[tokio::test]
async fn github_style_link_headers_page_to_the_end() {
    let server = MockServer::start().await;
    let base = format!("{}/api", server.uri());
    let route = "/repos/octo/hello/issues";
    let issues = |numbers: &[i64], link: Option<String>| {
        let body: Vec<Value> = numbers.iter().map(|n| json!({"number": n})).collect();
        let answer = ok(json!(body));
        match link {
            Some(link) => answer.insert_header("Link", link.as_str()),
            None => answer,
        }
    };
    let next = |page: u32| {
        format!(
            "<{base}{route}?per_page=2&page={page}>; rel=\"next\", <{base}{route}?per_page=2&page=3>; rel=\"last\""
        )
    };
    page(
        &server,
        route,
        ("page", None),
        issues(&[1, 2], Some(next(2))),
    )
    .await;
    page(
        &server,
        route,
        ("page", Some("2")),
        issues(&[3, 4], Some(next(3))),
    )
    .await;
    page(
        &server,
        route,
        ("page", Some("3")),
        issues(
            &[5],
            Some(format!("<{base}{route}?per_page=2&page=2>; rel=\"prev\"")),
        ),
    )
    .await;
    let client = client(&server, 1);
    let client_ = client.clone();
    let mut request = Request::new(
        "issues/list-for-repo",
        Method::GET,
        "/repos/{owner}/{repo}/issues",
        route,
    );
    request.query.set("per_page", 2);
    let listing = pages(Paging::Url, move |cursor: Cursor| {
        let client = client_.clone();
        let mut request = request.clone();
        cursor.apply(&mut request, client.base_url());
        async move {
            client
                .execute_with_response::<Vec<links::Issue>, Value>(request, decode_json)
                .await
        }
    })
    .max_pages(MAX_PAGES);

    // Whole pages, with their headers.
    let pages: Vec<Response<Vec<links::Issue>>> =
        tokio::time::timeout(Duration::from_secs(20), listing.try_collect::<Vec<_>>())
            .await
            .expect("the listing ends")
            .unwrap();

    let numbers: Vec<Vec<i64>> = pages
        .iter()
        .map(|p| p.body().iter().map(|i| i.number).collect())
        .collect();
    assert_eq!(numbers, [vec![1, 2], vec![3, 4], vec![5]]);
    assert!(pages[0].header("link").unwrap().contains("rel=\"last\""));
    let received = requests(&server).await;
    let queries: Vec<&str> = received
        .iter()
        .map(|r| r.url.query().unwrap_or(""))
        .collect();
    assert_eq!(
        queries,
        ["per_page=2", "per_page=2&page=2", "per_page=2&page=3"]
    );
}

#[tokio::test]
async fn max_pages_stops_a_listing_that_never_ends() {
    let server = MockServer::start().await;
    // Every page names a new next page.
    Mock::given(method("GET"))
        .and(path("/api/records"))
        .respond_with(move |request: &wiremock::Request| {
            let offset: i64 = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "offset")
                .map_or(0, |(_, v)| v.parse().unwrap());
            ok(json!({"records": [{"id": offset}]}))
        })
        .mount(&server)
        .await;
    let client = client(&server, 1);

    let listing = listing::<counted::ListRecordsResponse>(
        &client,
        Paging::Offset {
            param: "offset",
            at: 0,
        },
        "/records",
    )
    .max_pages(3);
    let (items, error) = collect(listing).await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(items.iter().map(|r| r.id).collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn the_pages_stream_yields_each_page_whole_and_requests_lazily() {
    let server = MockServer::start().await;
    page(
        &server,
        "/conversations",
        ("cursor", None),
        ok(json!({
            "channels": [{"id": "a"}], "response_metadata": {"next_cursor": "c2"}
        })),
    )
    .await;
    page(
        &server,
        "/conversations",
        ("cursor", Some("c2")),
        ok(json!({
            "channels": [{"id": "b"}]
        })),
    )
    .await;
    let client = client(&server, 1);
    let mut listing = listing::<cursors::ListConversationsResponse>(
        &client,
        Paging::Token("cursor"),
        "/conversations",
    );

    let first = listing.next().await.unwrap().unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(
        first
            .body()
            .response_metadata
            .as_ref()
            .unwrap()
            .next_cursor
            .as_deref(),
        Some("c2")
    );
    assert_eq!(requests(&server).await.len(), 1, "one page at a time");
    let second = listing.next().await.unwrap().unwrap();
    assert_eq!(second.items().len(), 1);
    assert!(listing.next().await.is_none());
    assert_eq!(requests(&server).await.len(), 2);
}

/// What `next_page` gives for a page decoded from `body`.
fn next_of<P: DeserializeOwned + Page>(body: Value) -> (usize, Next) {
    let page: P = serde_json::from_value(body).unwrap();
    (page.items().len(), page.next_page())
}

/// Each page type of the fixtures, declared or recognised, reads its items and its next page
/// from the fields its spec names, and a missing, `null` or empty one is the end.
#[test]
fn every_page_type_reads_its_next_page_from_its_own_fields() {
    use Next::{End, More, Token, Unstated, Url};
    let token = |t: &str| Token(t.into());
    let url = |u: &str| Url(u.into());
    // A count of pages: the last page's number, from the first, 1; absent says nothing.
    assert_eq!(
        next_of::<counted::ListContractsResponse>(
            json!({"totalPages": 4, "_embedded": [{"id": 1}], "messages": ["m", "n"]})
        ),
        (1, Next::LastPage(4))
    );
    assert_eq!(
        next_of::<counted::ListContractsResponse>(json!({"_embedded": [{"id": 1}]})),
        (1, Unstated)
    );
    assert_eq!(
        next_of::<counted::ListContractsResponse>(json!({"totalPages": 0, "_embedded": []})),
        (0, End)
    );
    // A response that is an alias of a list pages as the list: nothing said of the next.
    assert_eq!(
        next_of::<counted::Answers>(json!([{"id": 1}, {"id": 2}])),
        (2, Unstated)
    );
    // AWS's `nextToken`, through aliases of the list and the token.
    assert_eq!(
        next_of::<cursors::ListAnalyzersResponse>(json!({"analyzers": ["a"], "nextToken": "t"})),
        (1, token("t"))
    );
    assert_eq!(
        next_of::<cursors::ListAnalyzersResponse>(json!({"analyzers": []})),
        (0, End)
    );
    // Dropshot.
    assert_eq!(
        next_of::<cursors::ListInstancesResponse>(
            json!({"items": [{"id": "i"}], "next_page": "n"})
        ),
        (1, token("n"))
    );
    assert_eq!(
        next_of::<cursors::ListInstancesResponse>(json!({"items": [], "next_page": null})),
        (0, End)
    );
    // Fern: an integer cursor, sent as its digits.
    assert_eq!(
        next_of::<cursors::ListMoviesResponse>(json!({"movies": ["m"], "page": {"next": 42}})),
        (1, token("42"))
    );
    assert_eq!(
        next_of::<cursors::ListMoviesResponse>(json!({"movies": ["m"], "page": {}})),
        (1, End)
    );
    // Speakeasy: items and cursor nested.
    assert_eq!(
        next_of::<cursors::ListSongsResponse>(
            json!({"result": {"songs": ["a", "b"], "last": "b"}})
        ),
        (2, token("b"))
    );
    // Stripe: no more, no token, whatever the last id.
    assert_eq!(
        next_of::<cursors::ListCustomersResponse>(
            json!({"data": [{"id": "c"}], "has_more": false})
        ),
        (1, End)
    );
    assert_eq!(
        next_of::<cursors::ListCustomersResponse>(json!({"data": [], "has_more": true})),
        (0, End)
    );
    // Stripe's search: a token while `has_more` says there are more.
    assert_eq!(
        next_of::<cursors::SearchCustomersResponse>(
            json!({"data": [{"id": "c"}], "has_more": true, "next_page": "p2"})
        ),
        (1, token("p2"))
    );
    assert_eq!(
        next_of::<cursors::SearchCustomersResponse>(
            json!({"data": [{"id": "c"}], "has_more": false, "next_page": "p3"})
        ),
        (1, End)
    );
    // Counted: nothing said, or a flag.
    assert_eq!(
        next_of::<counted::ListInvoicesResponse>(json!({"invoices": [{"id": 1}]})),
        (1, Unstated)
    );
    assert_eq!(
        next_of::<counted::ListPlantsResponse>(json!({"plants": ["p"], "more": true})),
        (1, More)
    );
    assert_eq!(
        next_of::<counted::ListPlantsResponse>(json!({"plants": ["p"]})),
        (1, End)
    );
    assert_eq!(
        next_of::<counted::ListRecordsResponse>(json!({"total": 3})),
        (0, Unstated)
    );
    // Next URLs: plain, `format: uri`, JSON:API and HAL.
    assert_eq!(
        next_of::<links::ListAlbumsResponse>(json!({"albums": [], "next_url": "/albums?p=2"})),
        (0, url("/albums?p=2"))
    );
    assert_eq!(
        next_of::<links::ListSnippetsResponse>(json!({
            "count": 9, "results": [{"id": "s"}], "next": "https://links.example.com/api/snippets?page=2"
        })),
        (1, url("https://links.example.com/api/snippets?page=2"))
    );
    assert_eq!(
        next_of::<links::ListSnippetsResponse>(json!({"count": 9, "results": [], "next": null})),
        (0, End)
    );
    assert_eq!(
        next_of::<links::ListArticlesResponse>(json!({
            "data": [{"id": "a"}], "links": {"self": "/articles", "next": "/articles?page[cursor]=x"}
        })),
        (1, url("/articles?page[cursor]=x"))
    );
    assert_eq!(
        next_of::<links::ListOrdersResponse>(json!({
            "orders": ["o"], "_embedded": {"orders": []}, "_links": {"next": {"href": "/orders?p=2"}}
        })),
        (1, url("/orders?p=2"))
    );
    assert_eq!(
        next_of::<links::ListOrdersResponse>(json!({"orders": ["o"], "_links": {}})),
        (1, End)
    );
}

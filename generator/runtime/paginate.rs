//! Lazy pagination: one engine for every shape a listing pages in (a token
//! or cursor, an offset, a page number, the URL of the next page in the
//! body or in a `Link` header).

use std::{
    collections::HashSet,
    fmt,
    future::Future,
    pin::Pin,
    task::{Context, Poll, ready},
};

use futures::Stream;
use http::header::LINK;
use url::Url;

use super::{
    encode::Query,
    error::{Error, RequestError, RequestErrorKind},
    request::Request,
    response::Response,
};

/// What a page says of the one after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// This is the last page.
    End,
    /// More pages follow (a `has_more` flag), with no token: the next offset
    /// or page number is asked for.
    More,
    /// The page says nothing of what follows: the next offset or page
    /// number is asked for while pages are not empty.
    Unstated,
    /// The token (cursor) of the next page, sent in the listing's parameter.
    Token(String),
    /// The URL of the next page, absolute or relative to the page's own.
    Url(String),
    /// The number of the last page, where page numbers are counted: the
    /// next number is asked for until this one has been.
    LastPage(u64),
}

impl Next {
    /// A token that may be missing: `None` or an empty token is the end.
    pub fn token(token: Option<String>) -> Self {
        match token {
            Some(token) if !token.is_empty() => Next::Token(token),
            _ => Next::End,
        }
    }

    /// A URL that may be missing: `None` or an empty URL is the end.
    pub fn url(url: Option<String>) -> Self {
        match url {
            Some(url) if !url.is_empty() => Next::Url(url),
            _ => Next::End,
        }
    }

    /// What a `has_more` flag says, `None` (absent) being the end.
    pub fn more(flag: Option<bool>) -> Self {
        if flag == Some(true) {
            Next::More
        } else {
            Next::End
        }
    }

    /// What a count of pages in all (`total_pages`) says, where pages are
    /// numbered from `first`: `None` (absent) says nothing; none or fewer
    /// is the end.
    pub fn page_count(count: Option<i64>, first: u64) -> Self {
        match count.map(u64::try_from) {
            None => Next::Unstated,
            Some(Ok(count)) if count > 0 => Next::LastPage(first.saturating_add(count - 1)),
            Some(_) => Next::End,
        }
    }

    /// This, unless a `has_more` flag says no more pages follow.
    pub fn unless_done(self, more: Option<bool>) -> Self {
        match more {
            Some(false) => Next::End,
            _ => self,
        }
    }
}

/// One page of a paginated listing: its items and what it says of the next.
pub trait Page {
    /// The type of the listed items.
    type Item;

    /// The page's items, in order.
    fn items(&self) -> &[Self::Item];

    /// What the page says of the next one.
    fn next_page(&self) -> Next;

    /// The page's items, taken out of it.
    fn into_items(self) -> Vec<Self::Item>;
}

/// A response that is a list: its items are the page, and nothing in the
/// body names the next one (a `Link` header may, see [`Response`]'s impl).
impl<T> Page for Vec<T> {
    type Item = T;

    fn items(&self) -> &[T] {
        self
    }

    fn next_page(&self) -> Next {
        Next::Unstated
    }

    fn into_items(self) -> Vec<T> {
        self
    }
}

/// A page with the status and headers it came with, as a request builder's
/// `send_with_response` returns it: its items are the body's, and so is what
/// follows, except where the body says nothing and the response has an RFC
/// 8288 `Link` header naming a `rel="next"` page.
impl<P: Page> Page for Response<P> {
    type Item = P::Item;

    fn items(&self) -> &[Self::Item] {
        self.body().items()
    }

    fn next_page(&self) -> Next {
        match self.body().next_page() {
            Next::Unstated => self
                .headers()
                .get_all(LINK)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .find_map(next_link)
                .map_or(Next::Unstated, |url| Next::Url(url.to_owned())),
            next => next,
        }
    }

    fn into_items(self) -> Vec<Self::Item> {
        self.into_body().into_items()
    }
}

/// The target of the `rel="next"` link of a `Link` header's value
/// (`<https://api.example.com/items?page=2>; rel="next", <...>; rel="last"`).
pub fn next_link(value: &str) -> Option<&str> {
    let mut rest = value;
    loop {
        let open = rest.find('<')?;
        let close = open + rest[open..].find('>')?;
        let target = &rest[open + 1..close];
        let params_end = rest[close..]
            .find('<')
            .map_or(rest.len(), |next| close + next);
        // The parameters, up to the comma before the next link.
        let params = rest[close + 1..params_end].trim_end().trim_end_matches(',');
        let is_next = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.trim());
        }
        rest = &rest[params_end..];
    }
}

/// How a listing asks for the page after the first: what the page says of
/// the next ([`Next`]) is applied as this says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paging {
    /// The page's token is sent in this query parameter.
    Token(&'static str),
    /// This query parameter is the offset of the first item, advanced by the
    /// items received.
    Offset {
        /// The query parameter.
        param: &'static str,
        /// The offset of the first page.
        at: u64,
    },
    /// This query parameter is the page number, one more for each page.
    Number {
        /// The query parameter.
        param: &'static str,
        /// The number of the first page.
        at: u64,
    },
    /// Only URLs the pages give are followed.
    Url,
}

impl Paging {
    /// Offsets in `param`, from the one `query` holds (or 0).
    pub fn offset(param: &'static str, query: &Query) -> Self {
        let at = query.get(param).and_then(|v| v.parse().ok()).unwrap_or(0);
        Paging::Offset { param, at }
    }

    /// Page numbers in `param`, from the one `query` holds (or `first`).
    pub fn number(param: &'static str, first: u64, query: &Query) -> Self {
        let at = query
            .get(param)
            .and_then(|v| v.parse().ok())
            .unwrap_or(first);
        Paging::Number { param, at }
    }

    /// The request for the page after one of `count` items that says `next`.
    fn advance(&mut self, next: Next, count: usize) -> Option<Cursor> {
        match (next, &mut *self) {
            (Next::End, _) => None,
            (Next::Url(url), _) => Some(Cursor::Url(url)),
            (Next::Token(token), Paging::Token(param)) => Some(Cursor::Param(param, token)),
            // A token where offsets or numbers are counted, or no token where
            // tokens are sent: the page says what it cannot mean; it is the end.
            (Next::Token(_), _) | (Next::More | Next::Unstated, Paging::Token(_) | Paging::Url) => {
                None
            }
            (Next::LastPage(_), Paging::Token(_) | Paging::Url) => None,
            (Next::LastPage(last), Paging::Number { at, .. }) if *at >= last => None,
            // An empty page ends the listing even where a flag says more follow:
            // the next offset would be the same.
            (Next::More | Next::Unstated | Next::LastPage(_), _) if count == 0 => None,
            (Next::More | Next::Unstated | Next::LastPage(_), Paging::Offset { param, at }) => {
                *at = at.saturating_add(count as u64);
                Some(Cursor::Param(param, at.to_string()))
            }
            (Next::More | Next::Unstated | Next::LastPage(_), Paging::Number { param, at }) => {
                *at = at.saturating_add(1);
                Some(Cursor::Param(param, at.to_string()))
            }
        }
    }
}

/// What to request: the first page as the listing's request is, or the next
/// one, with [`Cursor::apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// The first page: the request unchanged.
    First,
    /// The request with this query parameter set to this value.
    Param(&'static str, String),
    /// This URL, resolved against the URL of the listing's request.
    Url(String),
}

impl Cursor {
    /// Applies the cursor to `request`, a request of the client whose base
    /// URL is `base_url`.
    ///
    /// A URL is resolved against the request's own URL and must stay under
    /// the base URL (same scheme, host and port, and below its path): the
    /// request keeps its credentials, which must not go to another server.
    /// Its path and query replace the request's. A URL elsewhere makes the
    /// request fail when sent, with [`Error::Request`] of kind
    /// [`RequestErrorKind::InvalidUrl`], before anything goes out.
    pub fn apply(self, request: &mut Request, base_url: &str) {
        match self {
            Cursor::First => {}
            Cursor::Param(name, value) => request.query.set(name, value),
            Cursor::Url(url) => {
                if let Err(error) = follow(request, base_url, &url) {
                    request.fail(error);
                }
            }
        }
    }
}

/// Points `request` at `next`, resolved against its URL under `base_url`.
fn follow(request: &mut Request, base_url: &str, next: &str) -> Result<(), RequestError> {
    let invalid = |reason: &str| {
        RequestError::new(
            RequestErrorKind::InvalidUrl,
            format!(
                "the next page of operation {} is at a URL that {reason}",
                request.operation_id
            ),
        )
    };
    let base =
        Url::parse(base_url).map_err(|err| invalid("cannot be resolved").with_source(err))?;
    let current = Url::parse(&format!(
        "{}/{}",
        base_url.trim_end_matches('/'),
        request.path.trim_start_matches('/')
    ))
    .and_then(|current| current.join(next))
    .map_err(|err| invalid("is not valid").with_source(err))?;
    if current.scheme() != base.scheme()
        || current.host_str() != base.host_str()
        || current.port_or_known_default() != base.port_or_known_default()
    {
        return Err(invalid("is on another server than the client's base URL"));
    }
    let base_path = base.path().trim_end_matches('/');
    let path = current
        .path()
        .strip_prefix(base_path)
        .filter(|path| path.starts_with('/'))
        .ok_or_else(|| invalid("is not below the client's base URL"))?;
    request.path = path.to_owned();
    let mut query = Query::new();
    for (name, value) in current.query_pairs() {
        query.push(&name, &value);
    }
    request.query = query;
    Ok(())
}

/// The boxed future of one page.
type PageFuture<P, E> = Pin<Box<dyn Future<Output = Result<P, Error<E>>> + Send>>;

/// The boxed function fetching a page.
type Fetch<P, E> = Box<dyn FnMut(Cursor) -> PageFuture<P, E> + Send>;

/// The pages of a listing, as a [`Stream`] of whole pages, each with what
/// it holds besides the items (for a request builder's listing, the
/// [`Response`] with its status, headers and body).
///
/// It is lazy: nothing is requested until it is first polled, and the next
/// page only when the stream is polled again, so dropping it stops
/// requesting. It ends:
///
/// * after a page that says it is the last ([`Next::End`]);
/// * after an empty page, where offsets or page numbers are counted, even
///   where a flag says more follow;
/// * after [`max_pages`](Self::max_pages) pages, if set;
/// * on the first error, yielded last, with no further request (each page's
///   request already has the client's retries);
/// * with [`Error::Pagination`] where a page names a token or URL already
///   requested in this listing, which would otherwise loop forever (the
///   page that named it is yielded first).
///
/// It is `Unpin` and `Send`.
pub struct Pages<P, E> {
    fetch: Fetch<P, E>,
    /// The page being fetched.
    pending: Option<PageFuture<P, E>>,
    progress: Progress,
}

/// Where a listing stands: what it asks for next, and every token and URL it
/// asked for. It knows nothing of the page type, so its code is compiled
/// once, whatever the listings.
struct Progress {
    paging: Paging,
    state: State,
    /// Every token and URL requested so far, to detect a listing that loops.
    requested: HashSet<String>,
    fetched: usize,
    max_pages: Option<usize>,
}

enum State {
    /// Request this next.
    Request(Cursor),
    /// A page named a token or URL that was already requested.
    Repeated(String),
    /// No more pages.
    Done,
}

impl Progress {
    /// The state to go on from after a page of `count` items saying `next`.
    fn after(&mut self, next: Next, count: usize) {
        self.state = match self.paging.advance(next, count) {
            None | Some(Cursor::First) => State::Done,
            Some(Cursor::Param(param, value)) => {
                // Offsets and page numbers always advance; only tokens can repeat.
                if matches!(self.paging, Paging::Token(_)) && !self.requested.insert(value.clone())
                {
                    State::Repeated(value)
                } else {
                    State::Request(Cursor::Param(param, value))
                }
            }
            Some(Cursor::Url(url)) => {
                if self.requested.insert(url.clone()) {
                    State::Request(Cursor::Url(url))
                } else {
                    State::Repeated(url)
                }
            }
        };
    }

    /// What to do now that no page is being fetched: request the page at a
    /// cursor (`Ok(Some(..))`), end (`Ok(None)`), or end with the token or
    /// URL a page repeated (`Err(..)`).
    fn step(&mut self) -> Result<Option<Cursor>, String> {
        match std::mem::replace(&mut self.state, State::Done) {
            State::Done => Ok(None),
            State::Repeated(token) => Err(token),
            State::Request(_) if self.max_pages.is_some_and(|max| self.fetched >= max) => Ok(None),
            State::Request(cursor) => {
                self.fetched += 1;
                Ok(Some(cursor))
            }
        }
    }
}

/// The pages of a listing: `fetch` is called with [`Cursor::First`], then
/// with the cursor of each next page, which it applies to its request
/// ([`Cursor::apply`]) before sending it. See [`Pages`].
pub fn pages<P, E, F, Fut>(paging: Paging, mut fetch: F) -> Pages<P, E>
where
    F: FnMut(Cursor) -> Fut + Send + 'static,
    Fut: Future<Output = Result<P, Error<E>>> + Send + 'static,
    P: Page,
{
    Pages {
        fetch: Box::new(move |cursor| Box::pin(fetch(cursor))),
        pending: None,
        progress: Progress {
            paging,
            state: State::Request(Cursor::First),
            requested: HashSet::new(),
            fetched: 0,
            max_pages: None,
        },
    }
}

impl<P: Page, E> Pages<P, E> {
    /// Requests at most `max` pages (at least one).
    pub fn max_pages(mut self, max: usize) -> Self {
        self.progress.max_pages = Some(max.max(1));
        self
    }

    /// The items of every page, in order, as a stream.
    pub fn items(self) -> Items<P, E> {
        Items {
            pages: self,
            items: Vec::new().into_iter(),
        }
    }
}

impl<P, E> fmt::Debug for Pages<P, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("paging", &self.progress.paging)
            .field("fetched", &self.progress.fetched)
            .field("max_pages", &self.progress.max_pages)
            .finish_non_exhaustive()
    }
}

impl<P, E> Unpin for Pages<P, E> {}

impl<P: Page, E> Stream for Pages<P, E> {
    type Item = Result<P, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(pending) = &mut this.pending {
            let page = ready!(pending.as_mut().poll(cx));
            this.pending = None;
            match &page {
                Ok(page) => this.progress.after(page.next_page(), page.items().len()),
                Err(_) => this.progress.state = State::Done,
            }
            return Poll::Ready(Some(page));
        }
        match this.progress.step() {
            Ok(None) => Poll::Ready(None),
            Err(token) => Poll::Ready(Some(Err(Error::Pagination { token }))),
            Ok(Some(cursor)) => {
                this.pending = Some((this.fetch)(cursor));
                self.poll_next(cx)
            }
        }
    }
}

/// The items of every page of a listing, in order, as a [`Stream`]; see
/// [`Pages`] for when it requests and when it ends. An error or a repeated
/// token is yielded after the items of the pages before it.
pub struct Items<P: Page, E> {
    pages: Pages<P, E>,
    items: std::vec::IntoIter<P::Item>,
}

impl<P: Page, E> Items<P, E> {
    /// Requests at most `max` pages (at least one).
    pub fn max_pages(mut self, max: usize) -> Self {
        self.pages = self.pages.max_pages(max);
        self
    }
}

impl<P: Page, E> fmt::Debug for Items<P, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.items.len())
            .finish()
    }
}

impl<P: Page, E> Unpin for Items<P, E> {}

impl<P: Page, E> Stream for Items<P, E> {
    type Item = Result<P::Item, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.items = page.into_items().into_iter(),
                Some(Err(err)) => return Poll::Ready(Some(Err(err))),
                None => return Poll::Ready(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_link_is_found_among_the_others() {
        let github = "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", \
                      <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"";
        assert_eq!(
            next_link(github),
            Some("https://api.github.com/repositories/1/issues?page=2")
        );
        let later = "</a?page=1>; rel=\"prev first\", </a?page=3>; title=\"x\"; REL=next";
        assert_eq!(next_link(later), Some("/a?page=3"));
        assert_eq!(next_link("</a?page=1>; rel=\"prev\""), None);
        assert_eq!(next_link("</a?page=1>; rel=\"nextish\""), None);
        assert_eq!(next_link("garbage <unclosed; rel=next"), None);
        assert_eq!(next_link(""), None);
    }

    #[test]
    fn offsets_and_numbers_advance_until_an_empty_page() {
        let mut offset = Paging::Offset {
            param: "offset",
            at: 10,
        };
        assert_eq!(
            offset.advance(Next::Unstated, 5),
            Some(Cursor::Param("offset", "15".into()))
        );
        assert_eq!(
            offset.advance(Next::More, 5),
            Some(Cursor::Param("offset", "20".into()))
        );
        assert_eq!(offset.advance(Next::More, 0), None);
        assert_eq!(offset.advance(Next::End, 5), None);
        let mut number = Paging::Number {
            param: "page",
            at: 1,
        };
        assert_eq!(
            number.advance(Next::Unstated, 3),
            Some(Cursor::Param("page", "2".into()))
        );
        assert_eq!(number.advance(Next::Unstated, 0), None);
        let mut token = Paging::Token("cursor");
        assert_eq!(token.advance(Next::More, 3), None);
        assert_eq!(
            token.advance(Next::Token("t".into()), 0),
            Some(Cursor::Param("cursor", "t".into()))
        );
    }

    #[test]
    fn page_numbers_stop_at_the_last_of_the_pages_counted() {
        assert_eq!(Next::page_count(Some(3), 1), Next::LastPage(3));
        assert_eq!(Next::page_count(Some(3), 0), Next::LastPage(2));
        assert_eq!(Next::page_count(Some(0), 1), Next::End);
        assert_eq!(Next::page_count(Some(-1), 1), Next::End);
        assert_eq!(Next::page_count(None, 1), Next::Unstated);
        let mut number = Paging::Number {
            param: "page",
            at: 2,
        };
        assert_eq!(
            number.advance(Next::LastPage(3), 4),
            Some(Cursor::Param("page", "3".into()))
        );
        assert_eq!(number.advance(Next::LastPage(3), 4), None);
        // An empty page ends it before the count does.
        let mut number = Paging::Number {
            param: "page",
            at: 1,
        };
        assert_eq!(number.advance(Next::LastPage(9), 0), None);
    }

    fn request() -> Request {
        Request::new("listThings", reqwest::Method::GET, "/things", "/things")
    }

    #[test]
    fn a_next_url_under_the_base_url_replaces_path_and_query() {
        let mut r = request();
        r.query.set("limit", 5);
        Cursor::Url("/api/things?page=2&limit=5".into()).apply(&mut r, "https://example.com/api");
        assert!(r.problem().is_none());
        assert_eq!(r.path, "/things");
        assert_eq!(r.query.to_query_string(), "page=2&limit=5");
        let mut r = request();
        Cursor::Url("https://example.com/api/things/more?x=%20".into())
            .apply(&mut r, "https://example.com/api");
        assert_eq!(r.path, "/things/more");
        assert_eq!(r.query.get("x").as_deref(), Some(" "));
        // Relative to the request's own URL.
        let mut r = request();
        Cursor::Url("?page=3".into()).apply(&mut r, "https://example.com/api");
        assert_eq!(r.path, "/things");
        assert_eq!(r.query.to_query_string(), "page=3");
    }

    #[test]
    fn a_next_url_elsewhere_fails_the_request() {
        for url in [
            "https://evil.example/api/things",
            "http://example.com/api/things",
            "https://example.com:8443/api/things",
            "https://example.com/other/things",
            "https://example.com/apix",
        ] {
            let mut r = request();
            Cursor::Url(url.into()).apply(&mut r, "https://example.com/api");
            let problem = r.problem().unwrap_or_else(|| panic!("{url} is followed"));
            assert_eq!(problem.kind(), RequestErrorKind::InvalidUrl, "{url}");
        }
    }
}

//! Lazy pagination over offset-token listings.

use std::{
    collections::HashSet,
    future::Future,
    pin::Pin,
    task::{Context, Poll, ready},
};

use futures::Stream;

use super::{error::Error, response::Response};

/// One page of a paginated listing.
pub trait Page {
    /// The type of the listed items.
    type Item;

    /// Splits the page into its items and the token that requests the next
    /// page (`None` on the last page).
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>);
}

/// A page with the status and headers it came with, as a request builder's
/// `send_with_response` returns it: its items and token are the page's.
impl<P: Page> Page for Response<P> {
    type Item = P::Item;

    fn into_parts(self) -> (Vec<Self::Item>, Option<String>) {
        self.into_body().into_parts()
    }
}

/// Turns a page-fetching function into a stream of items.
///
/// `fetch` is called with `None` for the first page and then with each
/// page's next-page token, until a page has none. The stream:
///
/// * is lazy: nothing is requested until it is first polled, and the next
///   page only once the items of the current one have been consumed, so
///   `take(n)` or dropping the stream stops requesting;
/// * yields the items one by one, in order;
/// * on the first error yields it and then ends, without further requests
///   (each page request already has the client's retries);
/// * ends with [`Error::Pagination`] if the server returns a next-page
///   token that was already requested in this listing, which would
///   otherwise loop forever (the items of that last page are yielded
///   first).
///
/// The stream is `Send` when `fetch`, its future and the items are. It is
/// `Unpin` (a page being fetched is boxed), so `StreamExt::next` can be
/// called on it directly.
pub fn paginate<P, E, F, Fut>(fetch: F) -> impl Stream<Item = Result<P::Item, Error<E>>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
    P: Page,
{
    Paginate {
        fetch,
        pending: None,
        items: Vec::new().into_iter(),
        next: Next::First,
        requested: HashSet::new(),
    }
}

/// The stream [`paginate`] returns, written out (not an `async` block) so
/// that each listing adds only its closure to compile.
struct Paginate<F, Fut, P: Page> {
    fetch: F,
    /// The page being fetched.
    pending: Option<Pin<Box<Fut>>>,
    items: std::vec::IntoIter<P::Item>,
    next: Next,
    /// Every token requested so far, to detect a listing that loops.
    requested: HashSet<String>,
}

// Nothing of it is pinned in place (the pending page is boxed), so it can be
// moved while polled.
impl<F, Fut, P: Page> Unpin for Paginate<F, Fut, P> {}

impl<P, E, F, Fut> Stream for Paginate<F, Fut, P>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
    P: Page,
{
    type Item = Result<P::Item, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(pending) = &mut this.pending {
                let page = ready!(pending.as_mut().poll(cx));
                this.pending = None;
                match page {
                    Ok(page) => {
                        let (items, next) = page.into_parts();
                        this.items = items.into_iter();
                        this.next = match next {
                            None => Next::Done,
                            Some(token) if this.requested.contains(&token) => Next::Repeated(token),
                            Some(token) => {
                                this.requested.insert(token.clone());
                                Next::Token(token)
                            }
                        };
                    }
                    Err(err) => {
                        this.next = Next::Done;
                        return Poll::Ready(Some(Err(err)));
                    }
                }
                continue;
            }
            let token = match std::mem::replace(&mut this.next, Next::Done) {
                Next::First => None,
                Next::Token(token) => Some(token),
                Next::Repeated(token) => {
                    return Poll::Ready(Some(Err(Error::Pagination { token })));
                }
                Next::Done => return Poll::Ready(None),
            };
            this.pending = Some(Box::pin((this.fetch)(token)));
        }
    }
}

enum Next {
    /// The first page has not been requested yet.
    First,
    /// Request this token next.
    Token(String),
    /// The server returned a token that was already requested.
    Repeated(String),
    /// No more pages.
    Done,
}

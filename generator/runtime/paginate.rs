//! Lazy pagination over offset-token listings.

use std::{collections::HashSet, future::Future};

use futures::Stream;

use super::error::Error;

/// One page of a paginated listing.
pub trait Page {
    /// The type of the listed items.
    type Item;

    /// Splits the page into its items and the token that requests the next
    /// page (`None` on the last page).
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>);
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
/// The stream is `Send` when `fetch`, its future, the page, the items and
/// `E` are. It is not `Unpin`: pin it (`Box::pin`, `std::pin::pin!`) to call
/// `StreamExt::next`.
pub fn paginate<P, E, F, Fut>(fetch: F) -> impl Stream<Item = Result<P::Item, Error<E>>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
    P: Page,
{
    let state = State {
        fetch,
        items: Vec::new().into_iter(),
        next: Next::First,
        requested: HashSet::new(),
    };
    futures::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.items.next() {
                return Some((Ok(item), state));
            }
            let token = match std::mem::replace(&mut state.next, Next::Done) {
                Next::First => None,
                Next::Token(token) => Some(token),
                Next::Repeated(token) => return Some((Err(Error::Pagination { token }), state)),
                Next::Done => return None,
            };
            match (state.fetch)(token).await {
                Ok(page) => {
                    let (items, next) = page.into_parts();
                    state.items = items.into_iter();
                    state.next = match next {
                        None => Next::Done,
                        Some(token) if state.requested.contains(&token) => Next::Repeated(token),
                        Some(token) => {
                            state.requested.insert(token.clone());
                            Next::Token(token)
                        }
                    };
                }
                Err(err) => return Some((Err(err), state)),
            }
        }
    })
}

struct State<F, I> {
    fetch: F,
    items: std::vec::IntoIter<I>,
    next: Next,
    /// Every token requested so far, to detect a listing that loops.
    requested: HashSet<String>,
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

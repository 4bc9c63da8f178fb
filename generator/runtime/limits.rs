//! Client-side limits on concurrent requests, separately for reads and
//! writes.

use reqwest::Method;
use tokio::sync::{Semaphore, SemaphorePermit};

/// The concurrency limits of one client and the clients derived from it.
#[derive(Debug, Default)]
pub(crate) struct Limits {
    reads: Option<Semaphore>,
    writes: Option<Semaphore>,
}

impl Limits {
    /// Limits of `reads` concurrent `GET`, `HEAD` and `OPTIONS` requests and
    /// `writes` concurrent requests of every other method; `None` is no
    /// limit.
    pub(crate) fn new(reads: Option<usize>, writes: Option<usize>) -> Self {
        Self {
            reads: reads.map(Semaphore::new),
            writes: writes.map(Semaphore::new),
        }
    }

    /// Waits until a request with `method` may be sent. The request counts
    /// against the limit until the returned permit is dropped.
    pub(crate) async fn acquire(&self, method: &Method) -> Option<SemaphorePermit<'_>> {
        let semaphore = if is_read(method) {
            self.reads.as_ref()
        } else {
            self.writes.as_ref()
        }?;
        // Acquiring fails only on a closed semaphore, and these are never
        // closed.
        semaphore.acquire().await.ok()
    }
}

/// Whether `method` only reads: `GET`, `HEAD` or `OPTIONS`.
pub(crate) fn is_read(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

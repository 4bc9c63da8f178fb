//! What the runtime's tests share: a [`Sleep`] that returns at once and records each wait, a
//! client of a mock server that waits with it, and a [`Clock`] that moves only when told to.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use futures::future::BoxFuture;
use wiremock::MockServer;

use crate::runtime::{Client, ClientBuilder, Clock, Credentials, Sleep};

/// The bearer token of [`client_for`]'s client.
pub const TOKEN: &str = "tok-3f9c2a7e51d84b06";

/// Records every requested wait and returns at once, so no test waits for real.
#[derive(Clone, Default)]
pub struct Waits(Arc<Mutex<Vec<Duration>>>);

impl Waits {
    /// The waits requested so far, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl Sleep for Waits {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

/// A builder for `base_url` sending [`TOKEN`] as a bearer token and waiting with `waits`.
pub fn builder(base_url: &str, waits: &Waits) -> ClientBuilder {
    ClientBuilder::new(base_url)
        .credentials(Credentials::bearer(TOKEN))
        .sleeper(waits.clone())
}

/// A client of `server` (see [`builder`]), with the waits it requests.
pub fn client_for(server: &MockServer) -> (Client, Waits) {
    let waits = Waits::default();
    let client = builder(&server.uri(), &waits).build().unwrap();
    (client, waits)
}

/// A clock that moves only when told to.
#[derive(Clone)]
pub struct FakeClock {
    start: Instant,
    elapsed: Arc<Mutex<Duration>>,
}

impl FakeClock {
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
            elapsed: Arc::default(),
        }
    }

    pub fn advance(&self, by: Duration) {
        *self.elapsed.lock().unwrap() += by;
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.start + *self.elapsed.lock().unwrap()
    }
}

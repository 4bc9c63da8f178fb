//! The runtime's tests, run against the runtime itself: each module exercises one part through
//! the public API a generated crate uses, most against a mock server on loopback, with the
//! fakes of `crate::fakes`. They need every optional part of the runtime, so `lib.rs` compiles
//! them only with all of them (the default features). The tests of a file's private parts are
//! in that file; `tracing.rs` beside this module is a test binary of its own.

mod call;
mod client;
mod encoding;
mod enums;
mod limits;
mod media;
mod oauth;
mod receiver;

//! IR: the API as plain data, and the passes that build it from a loaded spec.
//!
//! - [`model`]: the data types (no syn or quote in here);
//! - [`lower`]: spec -> IR, where every question of meaning is answered;
//! - [`analyze`]: whole-IR passes (boxing, `Default`, request usage);
//! - [`naming`]: every identifier; [`docs`]: every doc comment.

pub mod analyze;
pub mod docs;
pub mod lower;
pub mod model;
pub mod naming;
#[cfg(test)]
pub(crate) mod sample;

pub use analyze::analyze;
pub use lower::{LowerError, lower, lower_loaded};
pub use model::*;

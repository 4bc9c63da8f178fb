//! What an API adds to the conventions the runtime follows, as the
//! configuration of its client gives them (`[conventions]`), written for each
//! generated crate; in `generator/runtime/`, those of an API that adds nothing.

/// The headers, in lower case, that announce a change or removal affecting a
/// call in this API's own words, read before the standard ones
/// ([`DEPRECATION_HEADERS`](super::DEPRECATION_HEADERS)).
pub const NOTICE_HEADERS: &[&str] = &[];

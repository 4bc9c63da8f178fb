//! The hand-written runtime that every generated client crate carries in `src/runtime/`,
//! compiled and tested here as a crate of its own. It is mounted as `runtime`, as in a generated
//! crate, so its `crate::runtime::...` paths mean the same in both places. The enum macros of
//! `generator/macros/` are mounted as `macros`, as a crate's `src/macros.rs` holds them.

#[path = "mod.rs"]
pub mod runtime;

mod macros {
    include!("../macros/string_enum.rs");
    include!("../macros/int_enum.rs");
}

macros::int_enum! {
    /// An integer enum made with `int_enum!`, as generated models are.
    pub enum Level: i64 {
        Low = 1,
        High = 3,
    }
}

macros::string_enum! {
    /// A string enum made with `string_enum!`, as generated models are; it keeps the macro
    /// compiled and tested where it is written.
    pub enum Example {
        First = "first",
        SecondValue = "second_value",
    }
}

// The tests exercise every optional part of the runtime, so they are compiled with all of them
// (the default features); with fewer, `cargo clippy --all-targets` checks the runtime alone.
#[cfg(all(
    test,
    feature = "oauth",
    feature = "webhook-receiver",
    feature = "runtime-media"
))]
mod fakes;
#[cfg(all(
    test,
    feature = "oauth",
    feature = "webhook-receiver",
    feature = "runtime-media"
))]
mod tests;

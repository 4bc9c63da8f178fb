//! OpenAPI 3.0 -> idiomatic Rust client crate.
//!
//! The pipeline is three stages, one module each: [`load`] (text -> `openapiv3::OpenAPI`),
//! [`ir`] (-> plain data; every decision about the spec's meaning is made here), [`emit`]
//! (-> the crate's files; a pure function of the IR). [`generate`] runs all three. Reading and
//! writing files is left to the caller (the `xtask` binary).

pub mod diff;
pub mod emit;
pub mod extract;
pub mod ir;
pub mod load;
pub mod openapi;
pub mod pointer;

use std::fmt;

pub use emit::{File, Options};
pub use load::Location;

/// Why generation failed: the file, where in it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The spec's name as given.
    pub file: String,
    /// Line and column, where known.
    pub location: Option<Location>,
    /// JSON pointer of the offending node, where known.
    pub pointer: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(location) = &self.location {
            write!(f, ":{}:{}", location.line, location.column)?;
        }
        if let Some(pointer) = &self.pointer {
            write!(f, ": at {pointer}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

impl From<load::LoadError> for Error {
    fn from(e: load::LoadError) -> Self {
        Error {
            file: e.file,
            location: e.location,
            pointer: e.pointer,
            message: e.message,
        }
    }
}

/// Loads, lowers and analyzes a spec: the IR, or a located error.
pub fn build_ir(name: &str, text: &str) -> Result<ir::Api, Error> {
    let spec = load::load(name, text)?;
    let mut api = ir::lower_loaded(&spec).map_err(|e| Error {
        file: name.to_owned(),
        location: spec.locate(&e.pointer),
        pointer: Some(spec.original_pointer(&e.pointer)),
        message: e.message,
    })?;
    ir::analyze(&mut api);
    Ok(api)
}

/// Generates every file of the client crate from spec text.
pub fn generate(name: &str, text: &str, options: &Options) -> Result<Vec<File>, Error> {
    let api = build_ir(name, text)?;
    Ok(emit::emit(&api, options))
}

/// The files of the conformance driver of a client crate: a binary crate, meant to sit beside
/// the client crate `options` names (at `../<crate name>`), that calls every operation of the
/// spec with its example values against the server whose URL it is given and prints one line
/// per call (see `emit::driver`).
pub fn conformance_driver(name: &str, text: &str, options: &Options) -> Result<Vec<File>, Error> {
    let api = build_ir(name, text)?;
    Ok(emit::driver::files(&api, options))
}

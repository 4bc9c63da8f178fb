//! OpenAPI 3.0 -> idiomatic Rust client crate.
//!
//! The pipeline is three stages, one module each: [`load`] (text -> `openapiv3::OpenAPI`),
//! [`ir`] (-> plain data; every decision about the spec's meaning is made here), [`emit`]
//! (-> the crate's files; a pure function of the IR). [`generate`] runs all three; with a
//! [`Config`] (the configuration file beside the spec), [`generate_configured`]. Reading and
//! writing files is left to the caller (the `client-gen` CLI and its library).

pub mod config;
pub mod diff;
pub mod emit;
pub mod extract;
pub mod ir;
pub mod listing;
pub mod load;
pub mod openapi;
pub mod pointer;

use std::fmt;

pub use config::Config;
pub use emit::{File, ModuleOptions, Options};
pub use load::Location;

/// Why generation failed: the file, where in it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The name as given of the file at fault: the spec, or its configuration.
    pub file: String,
    /// Line and column, where known.
    pub location: Option<Location>,
    /// JSON pointer of the offending node of a spec, or the dotted path of the offending key
    /// of a configuration, where known.
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
    build_ir_configured(name, text, &Config::default())
}

/// Loads, lowers and analyzes a spec as `config` asks: the IR, or an error located in the spec
/// or in the configuration (a name it gives that the spec lacks, a rename that collides).
pub fn build_ir_configured(name: &str, text: &str, config: &Config) -> Result<ir::Api, Error> {
    let spec = load::load(name, text)?;
    let mut api = ir::lower_loaded(&spec, config).map_err(|e| match e.config {
        Some(spot) => config.error(&spot, e.message),
        None => Error {
            file: name.to_owned(),
            location: spec.locate(&e.pointer),
            pointer: Some(spec.original_pointer(&e.pointer)),
            message: e.message,
        },
    })?;
    ir::analyze(&mut api);
    Ok(api)
}

/// Generates every file of the client crate from spec text.
pub fn generate(name: &str, text: &str, options: &Options) -> Result<Vec<File>, Error> {
    generate_configured(name, text, &Config::default(), options)
}

/// Generates every file of the client crate from spec text as `config` asks: its
/// `[package]` name and version replace those of `options`.
pub fn generate_configured(
    name: &str,
    text: &str,
    config: &Config,
    options: &Options,
) -> Result<Vec<File>, Error> {
    let api = build_ir_configured(name, text, config)?;
    Ok(emit::emit(&api, &config.options(options)))
}

/// Generates the client as a module of another crate (see [`emit::module`]): one file for
/// `include!`, or a directory of files. [`emit::module_dependencies`] lists what the crate that
/// holds it must depend on.
/// `config` applies as in [`generate_configured`].
pub fn generate_module(
    name: &str,
    text: &str,
    config: &Config,
    options: &Options,
    module: &ModuleOptions,
) -> Result<Vec<File>, Error> {
    let api = build_ir_configured(name, text, config)?;
    Ok(emit::emit_module(&api, &config.options(options), module))
}

/// The files of the conformance driver of a client crate: a binary crate, meant to sit beside
/// the client crate `options` names (at `../<crate name>`), that calls every operation of the
/// spec with its example values against the server whose URL it is given and prints one line
/// per call (see `emit::driver`).
pub fn conformance_driver(name: &str, text: &str, options: &Options) -> Result<Vec<File>, Error> {
    let api = build_ir(name, text)?;
    Ok(emit::driver::files(&api, options))
}

//! [`Build`]: a client generated from a build script, as a module of the crate being built.

use std::path::{Path, PathBuf};

use crate::{Error, ModuleOptions, Options, Spec};

/// Generates the client of a spec as a module of the crate whose build script runs it.
///
/// By default the module is one file in `OUT_DIR`, `api.rs` for the module `api`, that the
/// crate includes where the module is declared:
///
/// ```ignore
/// pub mod api {
///     include!(concat!(env!("OUT_DIR"), "/api.rs"));
/// }
/// ```
///
/// With [`out_dir`](Build::out_dir), it is a directory of files the crate checks in
/// (`mod.rs`, `models.rs`, `runtime/mod.rs`, ...), declared as `mod api;`.
///
/// The crate depends on what the module uses: [`crate::module_dependencies`] lists it (and
/// `client-gen generate --module` prints it). Every cargo feature of a generated crate is
/// decided for the module: all of its operations and of its runtime are compiled, but not
/// `serde-full`; the TLS stack is reqwest's, as the crate's dependencies choose it.
#[derive(Debug, Clone)]
pub struct Build {
    spec: PathBuf,
    config: Option<PathBuf>,
    module: String,
    out_dir: Option<PathBuf>,
}

impl Build {
    /// The client of the spec at `spec` (relative to the crate's manifest directory), as the
    /// module `crate::api` unless [`crate_module`](Build::crate_module) says otherwise.
    pub fn new(spec: impl Into<PathBuf>) -> Build {
        Build {
            spec: spec.into(),
            config: None,
            module: "api".into(),
            out_dir: None,
        }
    }

    /// The module's path in the crate: `api`, or `client::api` for a module inside another;
    /// the client's own `crate::` paths are rewritten to it.
    pub fn crate_module(mut self, path: impl Into<String>) -> Build {
        self.module = path.into();
        self
    }

    /// The configuration file (relative to the crate's manifest directory; see CONFIG.md)
    /// instead of the one beside the spec, the `.toml` of its stem, which is read where it
    /// exists.
    pub fn config(mut self, path: impl Into<PathBuf>) -> Build {
        self.config = Some(path.into());
        self
    }

    /// Writes the module as a directory of files into `dir` (relative to the crate's manifest
    /// directory), to be checked in, instead of one file into `OUT_DIR`. Files there that the
    /// generator did not write are left alone.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Build {
        self.out_dir = Some(dir.into());
        self
    }

    /// The files generation reads, each printed for cargo as `cargo:rerun-if-changed`: the
    /// spec, and the configuration file: the one [`config`](Build::config) names, or the
    /// `.toml` beside the spec where it exists (cargo would run the build script on every
    /// build for a file that does not).
    pub fn inputs(&self) -> Vec<PathBuf> {
        let spec = self.in_manifest_dir(&self.spec);
        let config = match &self.config {
            Some(config) => Some(self.in_manifest_dir(config)),
            None => crate::config_beside(&spec),
        };
        [Some(spec), config].into_iter().flatten().collect()
    }

    /// Generates and writes the module, only files whose contents changed (so cargo rebuilds
    /// nothing when the spec did not change), and tells cargo to run the build script again
    /// when an input changes. Returns the file (`OUT_DIR/api.rs`) or directory written.
    ///
    /// A refused spec is [`Error::Generate`], located in the spec (`openapi.yaml:12:5: at
    /// /paths/...: ...`), and nothing is written.
    pub fn run(&self) -> Result<PathBuf, Error> {
        for input in self.inputs() {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let module = ModuleOptions {
            path: module_path(&self.module)?,
            single_file: self.out_dir.is_none(),
        };
        let label = self.spec.to_string_lossy().replace('\\', "/");
        let path = self.in_manifest_dir(&self.spec);
        let config = self.inputs().into_iter().nth(1);
        let spec = Spec::read_file(&path, &label)?.configured(config.as_deref(), &path)?;
        let options = Options {
            crate_name: std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| "client".into()),
            crate_version: std::env::var("CARGO_PKG_VERSION").unwrap_or_else(|_| "0.1.0".into()),
            spec_label: label,
            command: "client_gen::Build".into(),
            standalone: false,
        };
        let files = spec.generate_module(&options, &module)?;
        match &self.out_dir {
            Some(dir) => {
                let dir = self.in_manifest_dir(dir);
                crate::write_module_files(&dir, &files).map_err(|source| Error::Write {
                    path: dir.clone(),
                    source,
                })?;
                Ok(dir)
            }
            None => {
                let dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or_else(|| {
                    Error::Usage(
                        "OUT_DIR is not set: run `Build` in a build script, or give it `out_dir`"
                            .into(),
                    )
                })?);
                for file in &files {
                    crate::write_module_file(&dir, file).map_err(|source| Error::Write {
                        path: dir.clone(),
                        source,
                    })?;
                }
                Ok(dir.join(module.file_name()))
            }
        }
    }

    fn in_manifest_dir(&self, path: &Path) -> PathBuf {
        match std::env::var_os("CARGO_MANIFEST_DIR") {
            Some(dir) if path.is_relative() => PathBuf::from(dir).join(path),
            _ => path.to_owned(),
        }
    }
}

/// A module's full path in its crate: `crate::api` for `api` (or `crate::api`), each
/// segment a plain identifier.
pub fn module_path(module: &str) -> Result<String, Error> {
    let inner = module.strip_prefix("crate::").unwrap_or(module);
    let valid = |segment: &str| {
        segment.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if inner.split("::").all(valid) {
        Ok(format!("crate::{inner}"))
    } else {
        Err(Error::Usage(format!(
            "`{module}` is not a module path such as `api` or `client::api`"
        )))
    }
}

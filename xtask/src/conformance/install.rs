//! The pinned Prism, installed with npm into [`PRISM_DIR`] unless it is already there.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{PRISM_DIR, PRISM_PACKAGE, PRISM_VERSION};

/// Prism's entry point inside [`PRISM_DIR`], run with `node` directly (portable, no shims).
const PRISM_SCRIPT: &str = "node_modules/@stoplight/prism-cli/dist/index.js";

/// An installed Prism.
pub(super) struct Prism {
    /// Its entry point, run with `node`.
    pub(super) script: PathBuf,
    /// What `prism --version` printed.
    pub(super) version: String,
}

/// Installs the pinned Prism into [`PRISM_DIR`] unless that version is already there.
pub(super) fn install_prism(root: &Path) -> Result<Prism, String> {
    let dir = root.join(PRISM_DIR);
    let script = dir.join(PRISM_SCRIPT);
    if let Some(version) = prism_version(&script) {
        if version == PRISM_VERSION {
            return Ok(Prism { script, version });
        }
        println!("conformance: found Prism {version} in {PRISM_DIR}, want {PRISM_VERSION}");
    }
    let package = format!("{PRISM_PACKAGE}@{PRISM_VERSION}");
    crate::npm_install(root, PRISM_DIR, &package, "conformance")?;
    match prism_version(&script) {
        Some(version) if version == PRISM_VERSION => Ok(Prism { script, version }),
        other => Err(format!(
            "after installing {package}, `{}` reports version {other:?}",
            script.display()
        )),
    }
}

/// The version the Prism at `script` reports, if it runs.
fn prism_version(script: &Path) -> Option<String> {
    if !script.is_file() {
        return None;
    }
    let output = Command::new("node")
        .arg(script)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !version.is_empty()).then_some(version)
}

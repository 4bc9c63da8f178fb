//! Node.js: found on `PATH` and recent enough for the pinned Prism.

use std::process::Command;

use super::PRISM_VERSION;

/// The oldest Node.js the pinned Prism supports (its `engines.node`).
const MIN_NODE: (u32, u32, u32) = (18, 20, 1);

/// Checks that Node.js is installed and recent enough for the pinned Prism.
pub(super) fn check_node() -> Result<(), String> {
    let (min_major, min_minor, min_patch) = MIN_NODE;
    let needed = format!(
        "Prism {PRISM_VERSION} needs Node.js >= {min_major}.{min_minor}.{min_patch} and npm on PATH"
    );
    let output = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| format!("running `node --version`: {e}; {needed}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    match parse_node_version(&text) {
        Some(version) if version >= MIN_NODE => Ok(()),
        Some(_) => Err(format!("found Node.js {}; {needed}", text.trim())),
        None => Err(format!(
            "`node --version` printed {:?}; {needed}",
            text.trim()
        )),
    }
}

/// Parses `v20.11.1` into `(20, 11, 1)`.
fn parse_node_version(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.trim().strip_prefix('v')?.splitn(3, '.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    let patch = parts.next()?.parse().ok()?;
    Some((major, minor, patch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_versions_are_parsed() {
        assert_eq!(parse_node_version("v20.11.1\n"), Some((20, 11, 1)));
        assert_eq!(parse_node_version("20.11.1"), None);
        assert!(parse_node_version("v18.20.0").is_some_and(|v| v < MIN_NODE));
    }
}

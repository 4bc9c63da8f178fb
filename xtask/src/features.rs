//! A generated crate with no cargo feature, and with each operations feature alone: every such
//! build must be warning-free, since an item is compiled exactly where an enabled feature uses it.

use std::path::Path;
use std::time::{Duration, Instant};

/// One feature build: what it enables, and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timed {
    /// `no feature`, or `feature NAME`.
    pub label: String,
    /// Wall-clock time of the cargo command.
    pub time: Duration,
}

/// The operations features of the crate in `dir` (one per operations module), as cargo reads
/// its manifest: every feature but `default` and the ones every generated crate has.
pub fn operations_features(dir: &Path) -> Result<Vec<String>, String> {
    let manifest = dir.join("Cargo.toml");
    let output = std::process::Command::new(crate::cargo_program())
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(&manifest)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("running cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo metadata` failed for {}: {}",
            manifest.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("`cargo metadata` for {}: {e}", manifest.display()))?;
    let features = metadata["packages"][0]["features"]
        .as_object()
        .ok_or_else(|| {
            format!(
                "`cargo metadata` lists no features of {}",
                manifest.display()
            )
        })?;
    let reserved = generator::ir::naming::RESERVED_FEATURES;
    Ok(features
        .keys()
        .filter(|name| !reserved.contains(&name.as_str()))
        .cloned()
        .collect())
}

/// Builds the crate in `dir` with no feature, then with each operations feature alone, warnings
/// denied. Every build is tried: the times of all, or an error naming each that failed.
///
/// A crate's only feature alone builds what its full build did but for the runtime's optional
/// parts (TLS, compression, OAuth, the webhook receiver; `client-runtime` is checked without
/// them), so it is built only when there are several.
pub fn build_each(dir: &Path, target: &Path) -> Result<Vec<Timed>, String> {
    let features = operations_features(dir)?;
    let alone = if features.len() > 1 {
        &features[..]
    } else {
        &[]
    };
    let builds = std::iter::once(None).chain(alone.iter().map(Some));
    let mut timed = Vec::new();
    let mut failures = Vec::new();
    for feature in builds {
        // `cargo check` as `cargo rustc --profile check`, so `-D warnings` reaches only the
        // crate: rustc's warnings are what a feature's gates can cause; clippy has linted the
        // full build.
        let mut args = vec!["rustc", "--lib", "--profile", "check"];
        args.push("--no-default-features");
        if let Some(feature) = feature {
            args.extend(["--features", feature]);
        }
        args.extend(["--", "-D", "warnings"]);
        let label = feature.map_or_else(|| "no feature".to_owned(), |f| format!("feature {f}"));
        let started = Instant::now();
        // Each build is made once: an incremental cache would only fill the disk.
        match crate::cargo(dir, Some(target), &args, &[("CARGO_INCREMENTAL", "0")]) {
            Ok(()) => timed.push(Timed {
                label,
                time: started.elapsed(),
            }),
            Err(message) => failures.push(format!("with {label}: {message}")),
        }
    }
    if failures.is_empty() {
        Ok(timed)
    } else {
        Err(failures.join("\n"))
    }
}

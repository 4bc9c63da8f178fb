//! `cargo xtask standalone [--lockfile]`: builds `generated/` as a user of the crate builds it,
//! a standalone crate outside this workspace, with warnings denied. By default cargo resolves
//! the newest versions of its dependencies that the crate's manifest (and its `rust-version`)
//! allows, as a crate generated today gets them; `--lockfile` takes the versions of the
//! workspace's `Cargo.lock` instead. The workspace's own build only ever sees the lockfile, so a
//! dependency release that deprecates what the runtime calls is seen here first.
//!
//! The crate is linted with its default features, then with every combination of the TLS
//! features (the runtime's set-up of a TLS stack depends on which are on), each with the other
//! default features; then its docs are built with rustdoc's warnings denied.

use std::fs;
use std::path::Path;
use std::time::Instant;

/// The TLS features of a generated crate.
pub const TLS_FEATURES: [&str; 3] = ["rustls-aws-lc", "rustls-ring", "native-tls"];

/// The runtime's default features other than TLS.
const OTHER_RUNTIME_DEFAULTS: [&str; 4] = ["gzip", "brotli", "oauth", "webhook-receiver"];

/// The dependencies whose resolved versions the command prints: the TLS stacks and what the
/// runtime is written against.
pub const SHOWN_PACKAGES: [&str; 9] = [
    "rustls",
    "aws-lc-rs",
    "aws-lc-sys",
    "ring",
    "native-tls",
    "reqwest",
    "hyper",
    "tokio",
    "serde",
];

/// Runs `cargo xtask standalone [--lockfile]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let lockfile = crate::take_flag(&mut args, "--lockfile");
    if let Some(extra) = args.first() {
        return Err(format!(
            "unexpected argument `{extra}`; see `cargo xtask help`"
        ));
    }
    let started = Instant::now();
    let root = crate::workspace_root();
    let out = root.join("target/standalone");
    let dir = out.join(if lockfile { "locked" } else { "fresh" });
    let target = out.join("target");
    copy_crate(&root.join("generated"), &dir)?;
    let versions = if lockfile {
        fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
            .map_err(|e| format!("copying Cargo.lock into {}: {e}", dir.display()))?;
        "the versions of the workspace's Cargo.lock"
    } else {
        crate::cargo(&dir, Some(&target), &["generate-lockfile"], &[])?;
        "the newest versions its manifest allows"
    };
    let lock = fs::read_to_string(dir.join("Cargo.lock"))
        .map_err(|e| format!("reading {}: {e}", dir.join("Cargo.lock").display()))?;
    println!(
        "standalone: generated/ in {}, with {versions}: {}",
        dir.display(),
        resolved(&lock, &SHOWN_PACKAGES).join(", ")
    );

    let operations = crate::features::operations_features(&dir)?;
    let mut failures = Vec::new();
    let mut builds = 0;
    let mut lint = |label: String, args: Vec<String>| {
        builds += 1;
        println!("standalone: clippy -D warnings with {label}");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        if let Err(message) = crate::cargo(&dir, Some(&target), &args, &[]) {
            failures.push(format!("with {label}: {message}"));
        }
    };
    lint(
        "its default features".into(),
        ["clippy", "--all-targets", "--", "-D", "warnings"]
            .map(String::from)
            .to_vec(),
    );
    for tls in tls_combinations() {
        let mut features: Vec<&str> = tls.clone();
        features.extend(OTHER_RUNTIME_DEFAULTS);
        features.extend(operations.iter().map(String::as_str));
        let label = match tls.as_slice() {
            [] => "no TLS feature".to_owned(),
            tls => format!("TLS features {}", tls.join(" + ")),
        };
        let args = ["clippy", "--no-default-features", "--features"]
            .map(String::from)
            .into_iter()
            .chain([
                features.join(","),
                "--".into(),
                "-D".into(),
                "warnings".into(),
            ])
            .collect();
        lint(label, args);
    }
    if let Err(message) = crate::cargo(
        &dir,
        Some(&target),
        &["doc", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    ) {
        failures.push(format!("rustdoc: {message}"));
    }
    if !failures.is_empty() {
        return Err(format!(
            "generated/ as a standalone crate with {versions}:\n{}",
            failures.join("\n")
        ));
    }
    println!(
        "standalone: generated/ with {versions} is warning-free with {builds} feature sets and \
         rustdoc ({:.0} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Every set of TLS features, from none to all: the runtime's TLS set-up is compiled by which
/// of them are on.
pub fn tls_combinations() -> Vec<Vec<&'static str>> {
    (0..1_usize << TLS_FEATURES.len())
        .map(|mask| {
            TLS_FEATURES
                .iter()
                .enumerate()
                .filter(|(bit, _)| mask & (1 << bit) != 0)
                .map(|(_, feature)| *feature)
                .collect()
        })
        .collect()
}

/// Copies the crate in `from` to `to` (emptied first), leaving out any lockfile, and makes it a
/// workspace of its own, as it is for a user: here it sits under this workspace's directory.
fn copy_crate(from: &Path, to: &Path) -> Result<(), String> {
    if to.exists() {
        fs::remove_dir_all(to).map_err(|e| format!("removing {}: {e}", to.display()))?;
    }
    copy_dir(from, to)?;
    let manifest = to.join("Cargo.toml");
    let text = fs::read_to_string(&manifest)
        .map_err(|e| format!("reading {}: {e}", manifest.display()))?;
    fs::write(&manifest, standalone_manifest(&text))
        .map_err(|e| format!("writing {}: {e}", manifest.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("creating {}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name))?;
        } else if name != "Cargo.lock" {
            fs::copy(&path, to.join(&name))
                .map_err(|e| format!("copying {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The manifest with an empty `[workspace]` table, unless it has one.
fn standalone_manifest(text: &str) -> String {
    if text.lines().any(|line| line.trim() == "[workspace]") {
        return text.to_owned();
    }
    format!("{}\n\n[workspace]\n", text.trim_end())
}

/// `name version` of each of `names` that `lock` (a `Cargo.lock`) holds, every version of it.
pub fn resolved(lock: &str, names: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let mut name = None;
    for line in lock.lines() {
        if line == "[[package]]" {
            name = None;
        } else if let Some(value) = line.strip_prefix("name = ") {
            name = Some(value.trim_matches('"'));
        } else if let (Some(current), Some(version)) = (name, line.strip_prefix("version = ")) {
            if names.contains(&current) {
                found.push((current, version.trim_matches('"')));
            }
        }
    }
    found.sort_by_key(|(name, _)| names.iter().position(|n| n == name));
    found
        .into_iter()
        .map(|(name, version)| format!("{name} {version}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_combination_of_tls_features_is_built_once() {
        let combinations = tls_combinations();
        assert_eq!(combinations.len(), 8);
        assert_eq!(combinations[0], Vec::<&str>::new());
        assert!(combinations.contains(&vec!["rustls-ring"]));
        assert!(combinations.contains(&vec!["rustls-aws-lc", "rustls-ring", "native-tls"]));
        let mut distinct = combinations.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 8);
    }

    #[test]
    fn the_tls_features_are_the_ones_generated_crates_reserve() {
        for feature in TLS_FEATURES.into_iter().chain(OTHER_RUNTIME_DEFAULTS) {
            assert!(
                generator::ir::naming::RESERVED_FEATURES.contains(&feature),
                "{feature}"
            );
        }
    }

    #[test]
    fn a_copied_manifest_becomes_a_workspace_of_its_own_once() {
        let manifest = "[package]\nname = \"a\"\n\n[dev-dependencies]\ntokio = \"1\"\n";
        let standalone = standalone_manifest(manifest);
        assert_eq!(
            standalone,
            "[package]\nname = \"a\"\n\n[dev-dependencies]\ntokio = \"1\"\n\n[workspace]\n"
        );
        assert_eq!(standalone_manifest(&standalone), standalone);
    }

    #[test]
    fn resolved_versions_are_read_from_the_lockfile() {
        let lock = "version = 4\n\n[[package]]\nname = \"ring\"\nversion = \"0.17.14\"\n\
                    source = \"registry\"\n\n[[package]]\nname = \"rustls\"\nversion = \"0.23.48\"\n\
                    dependencies = [\n \"ring\",\n]\n\n[[package]]\nname = \"rustls-pki-types\"\n\
                    version = \"1.16.0\"\n";
        assert_eq!(
            resolved(lock, &["rustls", "ring", "reqwest"]),
            ["rustls 0.23.48", "ring 0.17.14"]
        );
    }
}

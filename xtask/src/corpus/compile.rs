//! `--compile N`: writes each sampled spec's crate under `target/corpus/<crate>` as a member of
//! one cargo workspace, `target/corpus/Cargo.toml`, resolves the newest dependency versions
//! their manifests allow (as a user's crate gets them), and runs one
//! `cargo clippy --workspace --all-targets --keep-going -- -D warnings` over it: dependencies
//! build once, cargo spreads the crates over the cores, and one failing crate does not stop the
//! others. Diagnostics are read from cargo's JSON messages and attributed to their crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::directory::SpecFile;

/// Lines of a crate's first error shown in the report.
const FIRST_ERROR_LINES: usize = 6;

/// One sampled crate's build.
#[derive(Debug, Clone)]
pub struct Built {
    /// The spec's path.
    pub spec: String,
    /// The crate's package name.
    pub crate_name: String,
    /// Every error, rendered as rustc does (with `-D warnings`, a warning is one).
    pub errors: Vec<String>,
    /// Cargo checked its library.
    pub checked: bool,
}

impl Built {
    /// Built warning-free.
    pub fn passed(&self) -> bool {
        self.checked && self.errors.is_empty()
    }

    /// The first error's opening lines.
    pub fn first_error(&self) -> String {
        match self.errors.first() {
            Some(error) => first_lines(error, FIRST_ERROR_LINES),
            None => {
                "no error was reported, but the crate was not checked (see cargo's output)".into()
            }
        }
    }
}

/// What the sample's build produced.
pub struct SampleBuild {
    /// Per crate, in sample order.
    pub crates: Vec<Built>,
    /// Wall time of the cargo run.
    pub elapsed: Duration,
    /// Where every error of every crate was written in full.
    pub errors_file: PathBuf,
}

/// Generates the crates of `sample` (specs relative to `dir`) and builds them.
pub fn build(root: &Path, dir: &Path, sample: &[&SpecFile]) -> Result<SampleBuild, String> {
    let out = root.join("target/corpus");
    fs::create_dir_all(&out).map_err(|e| format!("creating {}: {e}", out.display()))?;
    let mut names = Vec::new();
    for spec in sample {
        let options = super::generate::options(spec);
        let text = fs::read_to_string(dir.join(&spec.path))
            .map_err(|e| format!("reading {}: {e}", spec.path))?;
        let files = generator::generate(&spec.path, &text, &options).map_err(|e| e.to_string())?;
        let crate_dir = out.join(&options.crate_name);
        crate::codegen::write_files(&crate_dir, &files)
            .map_err(|e| format!("writing {}: {e}", crate_dir.display()))?;
        if names.contains(&options.crate_name) {
            return Err(format!(
                "two sampled specs map to crate {}",
                options.crate_name
            ));
        }
        names.push(options.crate_name);
    }
    remove_unlisted_crates(&out, &names)?;
    let manifest = workspace_manifest(&names);
    fs::write(out.join("Cargo.toml"), manifest).map_err(|e| format!("writing workspace: {e}"))?;
    // The newest dependency versions the crates' manifests allow, as a crate generated today
    // gets them (not the workspace's lockfile, which only this repository builds with).
    let resolve = Command::new(crate::cargo_program())
        .arg("generate-lockfile")
        .current_dir(&out)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("running cargo generate-lockfile: {e}"))?;
    if !resolve.status.success() {
        return Err(format!(
            "`cargo generate-lockfile` failed in {}: {}",
            out.display(),
            String::from_utf8_lossy(&resolve.stderr).trim()
        ));
    }
    let lock = fs::read_to_string(out.join("Cargo.lock"))
        .map_err(|e| format!("reading {}: {e}", out.join("Cargo.lock").display()))?;

    let log = out.join("cargo.log");
    println!(
        "corpus: building {} crates in {} with clippy -D warnings (cargo's log: {}), with the \
         newest dependency versions: {}",
        names.len(),
        out.display(),
        log.display(),
        crate::standalone::resolved(&lock, &crate::standalone::SHOWN_PACKAGES).join(", ")
    );
    let log_file =
        fs::File::create(&log).map_err(|e| format!("creating {}: {e}", log.display()))?;
    let started = Instant::now();
    let output = Command::new(crate::cargo_program())
        .args(["clippy", "--workspace", "--keep-going"])
        .args(["--message-format=json", "--", "-D", "warnings"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", out.join("target"))
        // Each sample is checked once: incremental state would only fill the disk.
        .env("CARGO_INCREMENTAL", "0")
        .stdin(Stdio::null())
        .stderr(log_file)
        .output()
        .map_err(|e| format!("running cargo clippy: {e}"))?;
    let elapsed = started.elapsed();
    let messages = String::from_utf8_lossy(&output.stdout);
    let report = read_messages(&messages);
    if !output.status.success() && report.errors.is_empty() {
        let text = fs::read_to_string(&log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(20).collect();
        return Err(format!(
            "cargo clippy failed ({}) before reporting an error in any crate; the end of {}:\n{}",
            output.status,
            log.display(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }

    let errors_file = out.join("compile-errors.txt");
    let mut all_errors = String::new();
    let mut crates = Vec::new();
    for (spec, name) in sample.iter().zip(&names) {
        let errors = report.errors.get(name).cloned().unwrap_or_default();
        if !errors.is_empty() {
            all_errors.push_str(&format!("==== {} ({name})\n", spec.path));
            for error in &errors {
                all_errors.push_str(error);
                all_errors.push('\n');
            }
        }
        crates.push(Built {
            spec: spec.path.clone(),
            crate_name: name.clone(),
            errors,
            checked: report.built.contains(name),
        });
    }
    fs::write(&errors_file, all_errors)
        .map_err(|e| format!("writing {}: {e}", errors_file.display()))?;
    Ok(SampleBuild {
        crates,
        elapsed,
        errors_file,
    })
}

/// The workspace holding the sample.
fn workspace_manifest(members: &[String]) -> String {
    let mut text = String::from(
        "# Written by `cargo xtask corpus --compile N`: the compiled sample of the corpus.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n",
    );
    for name in members {
        text.push_str(&format!("    \"{name}\",\n"));
    }
    text.push_str("]\n");
    text
}

/// Removes the crates of earlier samples, so the workspace directory holds this one only.
fn remove_unlisted_crates(out: &Path, names: &[String]) -> Result<(), String> {
    let entries = fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("corpus-") && !names.contains(&name) && entry.path().is_dir() {
            fs::remove_dir_all(entry.path())
                .map_err(|e| format!("removing {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// What cargo's JSON messages say about the workspace's crates.
#[derive(Debug, Default, PartialEq, Eq)]
struct Messages {
    /// Rendered errors by crate (directory name), in the order cargo gave them.
    errors: BTreeMap<String, Vec<String>>,
    /// Crates with a checked library.
    built: BTreeSet<String>,
}

/// Reads cargo's `--message-format=json` output. A crate is named by the directory of its
/// manifest, which is its package name here.
fn read_messages(stdout: &str) -> Messages {
    let mut messages = Messages::default();
    for line in stdout.lines() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(name) = value["manifest_path"]
            .as_str()
            .and_then(|p| Path::new(p).parent())
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
        else {
            continue;
        };
        match value["reason"].as_str() {
            Some("compiler-message") if value["message"]["level"] == "error" => {
                let rendered = value["message"]["rendered"].as_str().unwrap_or("(no text)");
                messages
                    .errors
                    .entry(name)
                    .or_default()
                    .push(rendered.trim_end().to_owned());
            }
            Some("compiler-artifact") => {
                let is_lib = value["target"]["kind"]
                    .as_array()
                    .is_some_and(|kinds| kinds.iter().any(|k| k == "lib"));
                if is_lib {
                    messages.built.insert(name);
                }
            }
            _ => {}
        }
    }
    messages
}

/// What kind of error a rendered rustc error is: its headline, with the code, normalised by
/// [`super::reason::compile_error`] (`E0425 cannot find type `Result` in the crate root`).
pub fn error_kind(rendered: &str) -> String {
    let headline = rendered.lines().next().unwrap_or_default();
    let headline = headline.strip_prefix("error").unwrap_or(headline);
    let (code, message) = match headline.strip_prefix('[') {
        Some(rest) => rest.split_once("]: ").unwrap_or(("", rest)),
        None => ("", headline.trim_start_matches(": ")),
    };
    let kind = super::reason::compile_error(message);
    if code.is_empty() {
        kind
    } else {
        format!("{code} {kind}")
    }
}

/// The first `n` lines of `text`, with `...` when more were cut.
fn first_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut shown = lines[..lines.len().min(n)].join("\n");
    if lines.len() > n {
        shown.push_str("\n...");
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_and_artifacts_are_attributed_to_their_crate() {
        let stdout = [
            r#"{"reason":"compiler-artifact","manifest_path":"/r/target/corpus/corpus-a/Cargo.toml","target":{"kind":["lib"]}}"#,
            r#"{"reason":"compiler-message","manifest_path":"/r/target/corpus/corpus-b/Cargo.toml","message":{"level":"warning","rendered":"warning: w"}}"#,
            r#"{"reason":"compiler-message","manifest_path":"/r/target/corpus/corpus-b/Cargo.toml","message":{"level":"error","rendered":"error: first\n --> src/lib.rs:1:1\n"}}"#,
            r#"{"reason":"compiler-message","manifest_path":"/r/target/corpus/corpus-b/Cargo.toml","message":{"level":"error","rendered":"error: second"}}"#,
            r#"{"reason":"compiler-artifact","manifest_path":"registry/serde-1.0/Cargo.toml","target":{"kind":["lib"]}}"#,
            "Compiling something (not JSON)",
            r#"{"reason":"build-finished","success":false}"#,
        ]
        .join("\n");
        let messages = read_messages(&stdout);
        assert_eq!(
            messages.built.into_iter().collect::<Vec<_>>(),
            ["corpus-a", "serde-1.0"]
        );
        assert_eq!(
            messages.errors.get("corpus-b"),
            Some(&vec![
                "error: first\n --> src/lib.rs:1:1".to_owned(),
                "error: second".to_owned()
            ])
        );
        assert_eq!(messages.errors.len(), 1);
    }

    #[test]
    fn the_workspace_lists_every_member() {
        let manifest = workspace_manifest(&["corpus-a".into(), "corpus-b".into()]);
        assert!(manifest.contains("[workspace]\nresolver = \"3\"\n"));
        assert!(manifest.contains("members = [\n    \"corpus-a\",\n    \"corpus-b\",\n]\n"));
    }

    #[test]
    fn error_kinds_keep_the_code_and_drop_the_names() {
        assert_eq!(
            error_kind("error[E0425]: cannot find type `Result` in the crate root\n --> a.rs:1:1"),
            "E0425 cannot find type `Result` in the crate root"
        );
        assert_eq!(
            error_kind("error: this function has too many arguments (9/7)\n"),
            "this function has too many arguments (9/7)"
        );
    }

    #[test]
    fn long_errors_are_cut() {
        assert_eq!(first_lines("a\nb\nc", 2), "a\nb\n...");
        assert_eq!(first_lines("a\nb", 2), "a\nb");
    }
}

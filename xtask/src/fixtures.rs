//! `cargo xtask fixtures`: generate every spec under `tests/fixtures/specs/`, and a fixed sample
//! of their mutants ([`crate::mutate`]), as standalone crates, and build each one with
//! `clippy -D warnings`, its doc tests and rustdoc `-D warnings`, then with `clippy -D warnings`
//! again with no cargo feature and with each feature alone ([`crate::features`]), so the edge
//! cases they hold are compiled, not only snapshotted. Every crate is tried; the command ends
//! with a summary naming each failure and the diagnostics behind it.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use generator::{File, Options};

/// The fixture specs, relative to the workspace root.
pub const DIR: &str = "tests/fixtures/specs";
/// The command that generates the fixture crates, named in their headers.
pub const COMMAND: &str = "cargo xtask fixtures";

/// Every fixture spec, as (label, path), sorted; the label is its path relative to the
/// workspace root, e.g. `tests/fixtures/specs/unions.yaml`.
pub fn specs(root: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let dir = root.join(DIR);
    let mut specs: Vec<(String, PathBuf)> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_owned();
            Some((format!("{DIR}/{name}"), path))
        })
        .collect();
    specs.sort();
    if specs.is_empty() {
        return Err(format!("{DIR} holds no spec"));
    }
    Ok(specs)
}

/// Generator options of a fixture: crate `fixture-<stem>` (`fixture-unions` for
/// `tests/fixtures/specs/unions.yaml`), the label in its headers.
pub fn options(label: &str) -> Options {
    let stem = Path::new(label)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("spec")
        .replace('_', "-");
    Options {
        crate_name: format!("fixture-{stem}"),
        crate_version: "0.1.0".into(),
        spec_label: label.to_owned(),
        command: COMMAND.into(),
        standalone: true,
    }
}

/// The files of a fixture crate, generated as the configuration beside its spec asks (the
/// `.toml` of the spec's stem), where there is one.
pub fn generate(label: &str, path: &Path, options: &Options) -> Result<Vec<File>, String> {
    client_gen::Spec::read_file(path, label)
        .and_then(|spec| spec.configured(client_gen::config_beside(path).as_deref(), path))
        .and_then(|spec| spec.generate(options))
        .map_err(|e| e.to_string())
}

/// A crate to build: what it was generated from, and its files (or why there are none).
struct Candidate {
    /// The spec, or the mutant, it comes from.
    origin: String,
    crate_name: String,
    files: Result<Vec<File>, String>,
}

/// Runs `cargo xtask fixtures`.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(extra) = args.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let started = Instant::now();
    let root = crate::workspace_root();
    let out = root.join("target/fixtures");
    let mut candidates = Vec::new();
    let specs = specs(&root)?;
    for (label, path) in &specs {
        let options = options(label);
        let files = generate(label, path, &options);
        candidates.push(Candidate {
            origin: label.clone(),
            crate_name: options.crate_name,
            files,
        });
    }
    let mutants = crate::mutate::sample(&root)?;
    let mutant_count = mutants.len();
    for (mutant, files) in mutants {
        let options = crate::mutate::options(&mutant);
        // Kept beside the crate, so a failure can be reproduced with `cargo xtask codegen`.
        let spec = out
            .join("mutants")
            .join(format!("{}.yaml", options.crate_name));
        write(&spec, &mutant.text)?;
        candidates.push(Candidate {
            origin: format!("{mutant} (written to {})", relative(&root, &spec)),
            crate_name: options.crate_name,
            files: Ok(files),
        });
    }

    let target = out.join("target");
    let mut failures = Vec::new();
    let mut feature_builds = 0;
    for candidate in &candidates {
        let dir = out.join(&candidate.crate_name);
        let built = candidate.files.clone().and_then(|files| {
            crate::codegen::write_files(&dir, &files)
                .map_err(|e| format!("writing {}: {e}", dir.display()))?;
            crate::check_crate(&dir, &target)?;
            crate::features::build_each(&dir, &target)
        });
        match built {
            Ok(builds) => {
                feature_builds += builds.len();
                let alone = match builds.len() - 1 {
                    0 => "its one feature is the full build".to_owned(),
                    n => format!("and with each of its {n} features alone"),
                };
                println!(
                    "fixtures: {} generates a crate that builds and documents warning-free, also with no feature; {alone}",
                    candidate.origin,
                )
            }
            Err(message) => {
                println!("fixtures: FAILED {}", candidate.origin);
                failures.push((candidate, message));
            }
        }
    }

    println!(
        "\nfixtures: {} specs and {mutant_count} mutants, {} crates: {} build, document and pass their doc tests warning-free, and build so with no feature and each of several features alone (rustc, {feature_builds} builds), {} fail ({:.0} s)",
        specs.len(),
        candidates.len(),
        candidates.len() - failures.len(),
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    if failures.is_empty() {
        return Ok(());
    }
    for (candidate, message) in &failures {
        println!(
            "\nFAILED {} (target/fixtures/{}):\n  {}",
            candidate.origin,
            candidate.crate_name,
            message.replace('\n', "\n  ")
        );
    }
    Err(format!(
        "{} of {} fixture crates fail: {}",
        failures.len(),
        candidates.len(),
        failures
            .iter()
            .map(|(c, _)| c.crate_name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

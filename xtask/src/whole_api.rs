//! `cargo xtask whole-api --spec FILE`: generate a standalone crate from a whole spec (Asana's
//! full published one in CI), prove it builds warning-free with passing doc tests, and report
//! its size, the generation time and the rebuild time after regeneration.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generator::Options;

/// Runs `cargo xtask whole-api [--spec FILE] [--out DIR]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let root = crate::workspace_root();
    let spec = crate::take_option(&mut args, "--spec")?
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/upstream/asana_oas.yaml"));
    let out = crate::take_option(&mut args, "--out")?
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/whole-api/asana"));
    if let Some(extra) = args.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let label = spec.display().to_string();
    let text = std::fs::read_to_string(&spec).map_err(|e| format!("{label}: {e}"))?;
    let options = Options {
        crate_name: "asana".into(),
        crate_version: "0.1.0".into(),
        spec_label: label.clone(),
        command: format!("cargo xtask whole-api --spec {label}"),
        standalone: true,
    };

    let started = Instant::now();
    let api = generator::build_ir(&label, &text).map_err(|e| e.to_string())?;
    let files = generator::emit::emit(&api, &options);
    let generation = started.elapsed();
    crate::codegen::write_files(&out, &files)
        .map_err(|e| format!("writing {}: {e}", out.display()))?;

    let (generated_lines, runtime_lines) = rust_lines(&files);
    println!(
        "whole API: {} operations, {} types; {} lines of Rust ({generated_lines} generated + {runtime_lines} runtime); generated in {} ms ({} build of xtask)",
        api.operations.len(),
        api.types.len(),
        generated_lines + runtime_lines,
        generation.as_millis(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );

    let target = out.parent().unwrap_or(&out).join("target");
    crate::check_crate(&out, &target)?;
    let rebuild = rebuild_time(&out, &target, &files)?;
    println!(
        "whole API: builds and documents warning-free, doc tests pass; rebuild after regeneration (dependencies cached, CARGO_INCREMENTAL=0): {:.1} s",
        rebuild.as_secs_f64()
    );
    Ok(())
}

/// Lines of Rust in generated files and in the copied runtime.
fn rust_lines(files: &[generator::File]) -> (usize, usize) {
    let count = |runtime: bool| {
        files
            .iter()
            .filter(|f| f.path.ends_with(".rs") && f.path.starts_with("src/runtime/") == runtime)
            .map(|f| f.contents.lines().count())
            .sum::<usize>()
    };
    (count(false), count(true))
}

/// Rewrites every source file (as a regeneration does) and times `cargo build`.
fn rebuild_time(out: &Path, target: &Path, files: &[generator::File]) -> Result<Duration, String> {
    crate::cargo(out, Some(target), &["build"], &[("CARGO_INCREMENTAL", "0")])?;
    for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
        std::fs::write(out.join(&file.path), &file.contents)
            .map_err(|e| format!("{}: {e}", file.path))?;
    }
    let started = Instant::now();
    crate::cargo(out, Some(target), &["build"], &[("CARGO_INCREMENTAL", "0")])?;
    Ok(started.elapsed())
}

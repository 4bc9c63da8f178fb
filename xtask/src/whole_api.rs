//! `cargo xtask whole-api --spec FILE`: generate a standalone crate from a whole spec (Asana's
//! full published one in CI), prove it builds warning-free with passing doc tests, and with no
//! feature and each feature alone (`cargo check`, timed), and report its size, the generation
//! time, and the clean build times of the crate with every feature (the rebuild after a
//! regeneration) and with one feature alone (`webhooks`), as `cargo build`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generator::Options;

use crate::features::{self, Compile};

/// The largest share of the full build that one feature alone may take: the goal the report
/// compares against.
const GOAL: f64 = 0.2;

/// Runs `cargo xtask whole-api [--spec FILE] [--out DIR] [--alone FEATURE] [--runs N]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let root = crate::workspace_root();
    let spec = crate::take_option(&mut args, "--spec")?
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/upstream/asana_oas.yaml"));
    let out = crate::take_option(&mut args, "--out")?
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/whole-api/asana"));
    let alone = crate::take_option(&mut args, "--alone")?.unwrap_or_else(|| "webhooks".into());
    let runs: usize = match crate::take_option(&mut args, "--runs")? {
        Some(n) => n
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("`--runs` takes a positive number, not `{n}`"))?,
        None => 3,
    };
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
    println!("whole API: builds and documents warning-free, doc tests pass");

    let started = Instant::now();
    let builds = features::build_each(&out, &target, Compile::Check)?;
    if !builds.iter().any(|b| b.label == format!("feature {alone}")) {
        return Err(format!(
            "the crate has no feature `{alone}` (see `--alone`)"
        ));
    }
    println!(
        "\nwhole API: `cargo check` with no feature and with each of the {} features alone, warning-free ({:.0} s in all):",
        builds.len() - 1,
        started.elapsed().as_secs_f64()
    );
    let width = builds.iter().map(|b| b.label.len()).max().unwrap_or(0);
    for build in &builds {
        println!(
            "  {:width$}  {:5.1} s",
            build.label,
            build.time.as_secs_f64()
        );
    }

    let (full, one) = build_times(&out, &target, &files, &alone, runs)?;
    let ratio = one.as_secs_f64() / full.as_secs_f64();
    println!(
        "\nwhole API: clean `cargo build` of the crate (dependencies built, CARGO_INCREMENTAL=0, best of {runs}):\n  every feature (the rebuild after a regeneration)  {:5.1} s\n  `--no-default-features --features {alone}`  {:5.1} s: {ratio:.2} of the full build ({} the goal of at most {GOAL:.2})",
        full.as_secs_f64(),
        one.as_secs_f64(),
        if ratio <= GOAL { "meets" } else { "misses" }
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

/// The best of `runs` clean builds of the crate alone, with every feature and with `alone`
/// alone: both are built once (with their dependencies), then each run rewrites every source
/// file (as a regeneration does) and times `cargo build` of each. The minimum is the build
/// least disturbed by whatever else the machine runs.
fn build_times(
    out: &Path,
    target: &Path,
    files: &[generator::File],
    alone: &str,
    runs: usize,
) -> Result<(Duration, Duration), String> {
    let full: &[&str] = &["build"];
    let one: &[&str] = &["build", "--no-default-features", "--features", alone];
    let build = |args: &[&str]| -> Result<Duration, String> {
        let started = Instant::now();
        crate::cargo(out, Some(target), args, &[("CARGO_INCREMENTAL", "0")])?;
        Ok(started.elapsed())
    };
    build(full)?;
    build(one)?;
    let (mut best_full, mut best_one) = (Duration::MAX, Duration::MAX);
    for _ in 0..runs {
        for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
            std::fs::write(out.join(&file.path), &file.contents)
                .map_err(|e| format!("{}: {e}", file.path))?;
        }
        best_full = best_full.min(build(full)?);
        best_one = best_one.min(build(one)?);
    }
    Ok((best_full, best_one))
}

//! `cargo xtask whole-api --spec FILE`: generate a standalone crate from a whole spec (Asana's
//! full published one in CI), prove it builds warning-free with passing doc tests, and with no
//! feature and each feature alone (`cargo check`, timed), and report its size, the generation
//! time, and the clean build times of the crate with every feature (the rebuild after a
//! regeneration), with one feature alone (`webhooks`) and with none, as `cargo build`.
//! The tests of `tests/whole_api/` are copied into the crate and run against the whole client
//! (`--no-wire-tests` for another spec than Asana's).
//! `--rebuild` measures only the rebuild, side by side with progenitor's crate ([`rebuild`]).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generator::Options;

use crate::features;
use crate::rebuild;

/// The largest share of the full build that one feature alone may take: the goal the report
/// compares against.
const GOAL: f64 = 0.2;

/// Tests of the whole Asana client on the wire, run in the crate `whole-api` generates (unless
/// `--no-wire-tests`, for a spec other than Asana's).
const WIRE_TESTS: &str = "tests/whole_api";

/// Runs `cargo xtask whole-api [--spec FILE] [--out DIR] [--alone FEATURE] [--runs N]
/// [--no-wire-tests] [--rebuild [--install-progenitor]]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let rebuild = crate::take_flag(&mut args, "--rebuild");
    let install = crate::take_flag(&mut args, "--install-progenitor");
    let root = crate::workspace_root();
    let spec = crate::take_option(&mut args, "--spec")?
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/upstream/asana_oas.yaml"));
    let out = crate::take_option(&mut args, "--out")?
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/whole-api/asana"));
    let alone = crate::take_option(&mut args, "--alone")?.unwrap_or_else(|| "webhooks".into());
    let runs = crate::take_positive(&mut args, "--runs")?.unwrap_or(if rebuild { 5 } else { 3 });
    let wire_tests = !crate::take_flag(&mut args, "--no-wire-tests");
    if let Some(extra) = args.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    if install && !rebuild {
        return Err("`--install-progenitor` goes with `--rebuild`".into());
    }
    if install {
        crate::progenitor::install(&root, "whole-api")?;
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
    if rebuild {
        return rebuild::compare(&out, &target, &label, &text, runs);
    }
    if wire_tests {
        copy_wire_tests(&root, &out)?;
    }
    crate::check_crate(&out, &target)?;
    println!("whole API: builds and documents warning-free, doc tests pass");
    if wire_tests {
        crate::cargo(&out, Some(&target), &["test", "--tests"], &[])?;
        println!("whole API: the wire tests of {WIRE_TESTS}/ pass against the whole client");
    }

    let started = Instant::now();
    let builds = features::build_each(&out, &target)?;
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

    let labels = [
        "every feature (the rebuild after a regeneration)".to_owned(),
        format!("`--no-default-features --features {alone}`"),
        "`--no-default-features` (the runtime, and what every build has)".to_owned(),
    ];
    let features = format!("--features={alone}");
    let builds: [&[&str]; 3] = [
        &["build"],
        &["build", "--no-default-features", &features],
        &["build", "--no-default-features"],
    ];
    let [full, one, none] = build_times(&out, &target, &files, builds, runs)?;
    let ratio = one.as_secs_f64() / full.as_secs_f64();
    println!(
        "\nwhole API: clean `cargo build` of the crate (dependencies built, CARGO_INCREMENTAL=0, best of {runs}):"
    );
    let width = labels.iter().map(String::len).max().unwrap_or(0);
    for (label, time) in labels.iter().zip([full, one, none]) {
        println!("  {label:width$}  {:5.1} s", time.as_secs_f64());
    }
    println!(
        "whole API: `{alone}` alone builds in {ratio:.2} of the full build's time ({} the goal of at most {GOAL:.2})",
        if ratio <= GOAL { "meets" } else { "misses" }
    );
    Ok(())
}

/// Copies the tests of [`WIRE_TESTS`] into the generated crate's `tests/`, where they run
/// against the whole client (they name Asana's operations and models).
fn copy_wire_tests(root: &Path, out: &Path) -> Result<(), String> {
    let from = root.join(WIRE_TESTS);
    let to = out.join("tests");
    std::fs::create_dir_all(&to).map_err(|e| format!("creating {}: {e}", to.display()))?;
    let entries = std::fs::read_dir(&from).map_err(|e| format!("{WIRE_TESTS}: {e}"))?;
    let mut copied = 0;
    for entry in entries {
        let path = entry.map_err(|e| format!("{WIRE_TESTS}: {e}"))?.path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            let name = path.file_name().unwrap_or_default();
            std::fs::copy(&path, to.join(name))
                .map_err(|e| format!("copying {}: {e}", path.display()))?;
            copied += 1;
        }
    }
    if copied == 0 {
        return Err(format!("no wire tests in {WIRE_TESTS}/"));
    }
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

/// The best of `runs` clean builds of the crate alone with each of these cargo arguments: each
/// is built once (with its dependencies), then each run rewrites every source file (as a
/// regeneration does) and times `cargo build` with each. The minimum is the build least
/// disturbed by whatever else the machine runs.
fn build_times<const N: usize>(
    out: &Path,
    target: &Path,
    files: &[generator::File],
    builds: [&[&str]; N],
    runs: usize,
) -> Result<[Duration; N], String> {
    let build = |args: &[&str]| -> Result<Duration, String> {
        let started = Instant::now();
        crate::cargo(out, Some(target), args, &[("CARGO_INCREMENTAL", "0")])?;
        Ok(started.elapsed())
    };
    for args in builds {
        build(args)?;
    }
    let mut best = [Duration::MAX; N];
    for _ in 0..runs {
        for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
            std::fs::write(out.join(&file.path), &file.contents)
                .map_err(|e| format!("{}: {e}", file.path))?;
        }
        for (args, best) in builds.iter().zip(&mut best) {
            *best = (*best).min(build(args)?);
        }
    }
    Ok(best)
}

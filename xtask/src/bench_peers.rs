//! `cargo run --release -p xtask -- bench-peers [--spec FILE ...] [--largest N] [--runs N]
//! [--check-runs N | --no-check] [--install-peers]`: our generator side by side with the Rust generators that
//! read OpenAPI 3.1, ploidy and openapi-to-rust (each pinned, installed from crates.io into
//! `.tools/<name>`, which git ignores), on the N (3) largest 3.1 specs of the corpus, or on the
//! specs given (a file, or a path in the corpus such as `api/vercel.com.json`).
//!
//! Generation: every generator runs as a process of its own, spec file in, files written into
//! an emptied directory; ours is this binary's `codegen --spec FILE --out DIR`, a release build
//! as the peers' installed programs are. After one untimed run of each, the runs interleave
//! (ours, ploidy, openapi-to-rust, then again), so a change in the machine's load touches all
//! alike. The check: a first `cargo check` of each crate builds its dependencies, untimed; then
//! each run touches its `src/lib.rs` and times `cargo check` (default features,
//! `CARGO_INCREMENTAL=0`, one target directory per generator under `target/bench-peers/`),
//! interleaved the same way (`--no-check` leaves the check out, to time generation alone).
//! openapi-to-rust writes a module and the dependencies it needs
//! (`REQUIRED_DEPS.toml`), not a crate: the command makes it one (a manifest and a `lib.rs`
//! mounting the module), outside the time.
//!
//! The report gives, per spec, the median wall time of each generator (and the median CPU time
//! of its processes, which a busy machine disturbs less), and the ratio of our median to the
//! faster peer's, for generation and for the check, against the goal of at most [`GOAL`]. A
//! generator that fails on a spec is reported with the first lines it printed; a peer that is
//! not installed is reported as not measured, and why.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::Deserialize;

use crate::corpus::{directory, sample};
use crate::peer::{self, Timed, Tool};
use crate::progenitor::median;

/// The goal: our median time's share of the faster peer's, at most, for generation and for the
/// check alike.
const GOAL: f64 = 0.5;
/// How many of the corpus's largest 3.1 specs are measured when no spec is given.
const LARGEST: usize = 3;
/// Where the target directories of the crates go, one per generator, relative to the
/// workspace root.
const TARGETS: &str = "target/bench-peers";
/// The command line, for messages.
const COMMAND: &str = "cargo run --release -p xtask -- bench-peers";

/// ploidy's CLI, pinned.
pub const PLOIDY: Tool = Tool {
    package: "ploidy",
    binary: "ploidy",
    version: "0.15.0",
    root: ".tools/ploidy",
};

/// openapi-to-rust's CLI, pinned.
pub const OPENAPI_TO_RUST: Tool = Tool {
    package: "openapi-to-rust",
    binary: "openapi-to-rust",
    version: "0.23.0",
    root: ".tools/openapi-to-rust",
};

/// Runs the command.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let root = crate::workspace_root();
    let install = crate::take_flag(&mut args, "--install-peers");
    let mut given = Vec::new();
    while let Some(spec) = crate::take_option(&mut args, "--spec")? {
        given.push(spec);
    }
    let largest = crate::take_positive(&mut args, "--largest")?;
    let runs = crate::take_positive(&mut args, "--runs")?.unwrap_or(10);
    let no_check = crate::take_flag(&mut args, "--no-check");
    let check_runs = crate::take_positive(&mut args, "--check-runs")?;
    if no_check && check_runs.is_some() {
        return Err("`--check-runs` and `--no-check` exclude each other".into());
    }
    let check_runs = if no_check { 0 } else { check_runs.unwrap_or(3) };
    if let Some(extra) = args.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    if !given.is_empty() && largest.is_some() {
        return Err("`--spec` and `--largest` exclude each other".into());
    }
    if cfg!(debug_assertions) {
        return Err(format!(
            "bench-peers times a release build of our generator: run `{COMMAND}`"
        ));
    }
    if install {
        for tool in [PLOIDY, OPENAPI_TO_RUST] {
            tool.install(&root, "bench-peers")?;
        }
    }
    let ours = std::env::current_exe().map_err(|e| format!("finding this program: {e}"))?;
    let runners: Vec<Runner> = Generator::ALL
        .iter()
        .map(|&generator| Runner {
            generator,
            program: match generator.tool() {
                None => Ok(ours.clone()),
                Some(tool) => tool.program(&root, &format!("{COMMAND} --install-peers")),
            },
            target: root.join(TARGETS).join(generator.dir_name()),
        })
        .collect();
    let specs = choose_specs(&root, &given, largest.unwrap_or(LARGEST))?;

    let scratch = std::env::temp_dir().join(format!("xtask-bench-peers-{}", std::process::id()));
    let mut results = Vec::new();
    let mut failure = None;
    for spec in &specs {
        match bench_spec(spec, &runners, runs, check_runs, &scratch) {
            Ok(result) => results.push(result),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    if let Some(failure) = failure {
        return Err(failure);
    }
    print!("{}", report(&runners, &specs, &results, runs, check_runs));
    Ok(())
}

/// The generators compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Generator {
    Ours,
    Ploidy,
    OpenapiToRust,
}

impl Generator {
    /// Every generator, ours first: the order of the runs and of the report.
    const ALL: [Generator; 3] = [Generator::Ours, Generator::Ploidy, Generator::OpenapiToRust];

    /// A peer's pinned CLI; `None` for ours.
    fn tool(self) -> Option<Tool> {
        match self {
            Generator::Ours => None,
            Generator::Ploidy => Some(PLOIDY),
            Generator::OpenapiToRust => Some(OPENAPI_TO_RUST),
        }
    }

    /// Its name in the report, with the version of a peer.
    fn name(self) -> String {
        match self.tool() {
            None => "ours".into(),
            Some(tool) => format!("{} {}", tool.package, tool.version),
        }
    }

    /// Its directory, under the scratch directory and under [`TARGETS`].
    fn dir_name(self) -> &'static str {
        match self {
            Generator::Ours => "ours",
            Generator::Ploidy => "ploidy",
            Generator::OpenapiToRust => "openapi-to-rust",
        }
    }

    /// The process that generates the crate `name` from `spec` into `out`.
    fn command(self, program: &Path, spec: &Path, out: &Path, name: &str) -> Command {
        let mut command = Command::new(program);
        match self {
            Generator::Ours => command
                .arg("codegen")
                .arg("--spec")
                .arg(spec)
                .arg("--out")
                .arg(out)
                .args(["--crate-name", name]),
            Generator::Ploidy => command
                .args(["generate", "rust"])
                .arg(spec)
                .arg("--output")
                .arg(out)
                .args(["--name", name]),
            Generator::OpenapiToRust => command
                .arg("generate")
                .arg(spec)
                .arg("--output-dir")
                .arg(out.join("src").join(OPENAPI_TO_RUST_MODULE))
                .arg("--quiet"),
        };
        command
    }

    /// Makes what it generated in `out` a crate `name` of its own, where it is not one.
    fn make_crate(self, out: &Path, name: &str) -> Result<(), String> {
        if self != Generator::OpenapiToRust {
            return Ok(());
        }
        let module = out.join("src").join(OPENAPI_TO_RUST_MODULE);
        let dependencies = match std::fs::read_to_string(module.join("REQUIRED_DEPS.toml")) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(format!("{}: {e}", module.display())),
        };
        let write = |path: PathBuf, text: String| {
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
        };
        write(
            out.join("Cargo.toml"),
            openapi_to_rust_manifest(name, &dependencies),
        )?;
        write(
            out.join("src/lib.rs"),
            format!(
                "//! The client openapi-to-rust generated.\n\npub mod {OPENAPI_TO_RUST_MODULE};\n"
            ),
        )
    }
}

/// The module openapi-to-rust writes into `src/`.
const OPENAPI_TO_RUST_MODULE: &str = "api";

/// The manifest of a crate `name` holding openapi-to-rust's module: a package, then the
/// dependency sections openapi-to-rust wrote for its module.
fn openapi_to_rust_manifest(name: &str, dependencies: &str) -> String {
    let mut manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n"
    );
    if dependencies.lines().any(|l| l.trim() == "[dependencies]") {
        manifest.push_str(dependencies);
    } else {
        manifest.push_str("[dependencies]\n");
        manifest.push_str(dependencies);
    }
    if !manifest.ends_with('\n') {
        manifest.push('\n');
    }
    manifest
}

/// A generator as this run has it.
struct Runner {
    generator: Generator,
    /// Its program, or why it cannot be run.
    program: Result<PathBuf, String>,
    /// The target directory of the crates it generates.
    target: PathBuf,
}

/// A spec measured.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Spec {
    /// As given, or its path in the corpus.
    label: String,
    path: PathBuf,
    bytes: u64,
}

/// What became of one generator on one spec, for generation or for the check.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// One time per timed run.
    Timed(Vec<Timed>),
    /// It failed: what it said.
    Failed(String),
    /// Not run, and why.
    NotRun(String),
}

impl Outcome {
    /// The median wall time and the median CPU time (where every run has one).
    fn medians(&self) -> Option<(Duration, Option<Duration>)> {
        let Outcome::Timed(times) = self else {
            return None;
        };
        if times.is_empty() {
            return None;
        }
        let wall = median(&times.iter().map(|t| t.wall).collect::<Vec<_>>());
        let cpu = times
            .iter()
            .map(|t| t.cpu)
            .collect::<Option<Vec<_>>>()
            .map(|cpu| median(&cpu));
        Some((wall, cpu))
    }
}

/// Our median against the faster peer's.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Ratio {
        /// Our median wall time over the faster peer's.
        ratio: f64,
        /// The same, of CPU time, where both have it.
        cpu_ratio: Option<f64>,
        /// The faster peer (by median wall time).
        against: Generator,
    },
    /// No ratio, and why.
    None(String),
}

/// The verdict of one phase on one spec, from each generator's outcome.
fn verdict(outcomes: &[(Generator, &Outcome)]) -> Verdict {
    let mut ours = None;
    let mut faster: Option<(Generator, (Duration, Option<Duration>))> = None;
    for &(generator, outcome) in outcomes {
        let Some(medians) = outcome.medians() else {
            continue;
        };
        if generator == Generator::Ours {
            ours = Some(medians);
        } else if faster.is_none_or(|(_, best)| medians.0 < best.0) {
            faster = Some((generator, medians));
        }
    }
    let Some((wall, cpu)) = ours else {
        return Verdict::None("ours was not measured".into());
    };
    let Some((against, (their_wall, their_cpu))) = faster else {
        return Verdict::None("no peer was measured".into());
    };
    Verdict::Ratio {
        ratio: wall.as_secs_f64() / their_wall.as_secs_f64(),
        cpu_ratio: cpu
            .zip(their_cpu)
            .map(|(ours, theirs)| ours.as_secs_f64() / theirs.as_secs_f64()),
        against,
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Ratio {
                ratio,
                cpu_ratio,
                against,
            } => {
                let meets = if *ratio <= GOAL { "meets" } else { "misses" };
                write!(f, "{ratio:.2} of {}'s", against.dir_name())?;
                if let Some(cpu) = cpu_ratio {
                    write!(f, " (CPU {cpu:.2})")?;
                }
                write!(f, ", {meets} the goal of {GOAL:.2}")
            }
            Verdict::None(why) => write!(f, "no ratio: {why}"),
        }
    }
}

/// One spec's outcomes, in the order of [`Generator::ALL`].
struct SpecResult {
    generation: Vec<Outcome>,
    check: Vec<Outcome>,
}

impl SpecResult {
    /// The outcomes of the check, or of generation.
    fn outcomes(&self, check: bool) -> &[Outcome] {
        if check { &self.check } else { &self.generation }
    }
}

/// Generates the spec with every generator, `runs` times, then checks each crate generated,
/// `check_runs` times (none at all where that is 0).
fn bench_spec(
    spec: &Spec,
    runners: &[Runner],
    runs: usize,
    check_runs: usize,
    scratch: &Path,
) -> Result<SpecResult, String> {
    let name = sample::crate_name(&spec.label);
    let dir = scratch.join(&name);
    let out = |runner: &Runner| dir.join(runner.generator.dir_name());
    println!(
        "bench-peers: {} ({} KiB): generating",
        spec.label,
        spec.bytes / 1024
    );
    let generate = |runner: &Runner, program: &Path| -> Result<Timed, String> {
        let out = out(runner);
        if out.exists() {
            std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        peer::run_timed(&mut runner.generator.command(program, &spec.path, &out, &name))
    };
    let mut generation: Vec<Outcome> = runners
        .iter()
        .map(|runner| match &runner.program {
            Ok(_) => Outcome::Timed(Vec::new()),
            Err(why) => Outcome::NotRun(format!("not installed: {why}")),
        })
        .collect();
    // One untimed run each (the spec and the programs in the page cache), then the timed ones.
    for round in 0..=runs {
        for (runner, outcome) in runners.iter().zip(&mut generation) {
            let (Ok(program), Outcome::Timed(times)) = (&runner.program, &mut *outcome) else {
                continue;
            };
            match generate(runner, program) {
                Ok(time) if round > 0 => times.push(time),
                Ok(_) => {}
                Err(e) => *outcome = Outcome::Failed(e),
            }
        }
        if round > 0 {
            println!(
                "bench-peers:   run {round} of {runs}: {}",
                last_times(runners, &generation, 2)
            );
        }
    }

    let mut check: Vec<Outcome> = generation
        .iter()
        .map(|outcome| match outcome {
            _ if check_runs == 0 => Outcome::NotRun("--no-check".into()),
            Outcome::Timed(_) => Outcome::Timed(Vec::new()),
            Outcome::Failed(_) => Outcome::NotRun("its generation failed".into()),
            Outcome::NotRun(why) => Outcome::NotRun(why.clone()),
        })
        .collect();
    if check_runs > 0 {
        println!("bench-peers: {}: checking (dependencies first)", spec.label);
    }
    for (runner, outcome) in runners.iter().zip(&mut check) {
        if !matches!(outcome, Outcome::Timed(_)) {
            continue;
        }
        let out = out(runner);
        let prepared = runner
            .generator
            .make_crate(&out, &name)
            .and_then(|()| cargo_check(&out, &runner.target));
        if let Err(e) = prepared {
            *outcome = Outcome::Failed(e);
        }
    }
    for round in 1..=check_runs {
        for (runner, outcome) in runners.iter().zip(&mut check) {
            let Outcome::Timed(times) = outcome else {
                continue;
            };
            let out = out(runner);
            match peer::touch(&out.join("src/lib.rs"))
                .and_then(|()| cargo_check(&out, &runner.target))
            {
                Ok(time) => times.push(time),
                Err(e) => *outcome = Outcome::Failed(e),
            }
        }
        println!(
            "bench-peers:   check {round} of {check_runs}: {}",
            last_times(runners, &check, 1)
        );
    }
    // The crates are large: each spec's go before the next spec's are made.
    let _ = std::fs::remove_dir_all(&dir);
    Ok(SpecResult { generation, check })
}

/// The last time of each generator still timed, for the progress lines.
fn last_times(runners: &[Runner], outcomes: &[Outcome], decimals: usize) -> String {
    let mut line = Vec::new();
    for (runner, outcome) in runners.iter().zip(outcomes) {
        let text = match outcome {
            Outcome::Timed(times) => match times.last() {
                Some(time) => format!("{time:.decimals$}"),
                None => continue,
            },
            Outcome::Failed(_) => "failed".into(),
            Outcome::NotRun(_) => continue,
        };
        line.push(format!("{} {text}", runner.generator.dir_name()));
    }
    line.join("; ")
}

/// `cargo check` of the crate in `dir`, timed; a failure gives its first errors.
fn cargo_check(dir: &Path, target: &Path) -> Result<Timed, String> {
    let mut command = Command::new(crate::cargo_program());
    command
        .args(["check", "--quiet", "--message-format", "short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
    let (output, time) = peer::timed(|| {
        command
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| format!("running cargo check: {e}"))
    })?;
    if output.status.success() {
        return Ok(time);
    }
    Err(format!(
        "cargo check failed ({}): {}",
        output.status,
        check_errors(&String::from_utf8_lossy(&output.stderr))
    ))
}

/// What a failed `cargo check` said: its first errors (warnings come first in cargo's output
/// and say nothing of the failure), or its first lines when no line is an error.
fn check_errors(stderr: &str) -> String {
    const SHOWN: usize = 5;
    let errors: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|line| {
            let message = line.split_once(": ").map_or(*line, |(_, rest)| rest);
            (line.starts_with("error") || message.starts_with("error"))
                && !line.starts_with("error: could not compile")
        })
        .collect();
    if errors.is_empty() {
        return peer::what_it_said(stderr, "");
    }
    let mut text = errors[..errors.len().min(SHOWN)].join(" / ");
    if errors.len() > SHOWN {
        let _ = write!(text, " / ... ({} more errors)", errors.len() - SHOWN);
    }
    text
}

/// The specs given, or the `largest` largest 3.1 specs of the corpus.
fn choose_specs(root: &Path, given: &[String], largest: usize) -> Result<Vec<Spec>, String> {
    let mut specs = Vec::new();
    let corpus = if given.is_empty() || given.iter().any(|g| !Path::new(g).is_file()) {
        Some(directory::install(root)?)
    } else {
        None
    };
    for label in given {
        let path = match &corpus {
            _ if Path::new(label).is_file() => PathBuf::from(label),
            Some(dir) if dir.join(label).is_file() => dir.join(label),
            _ => return Err(format!("no spec at {label}, nor in the corpus")),
        };
        let bytes = std::fs::metadata(&path)
            .map_err(|e| format!("{label}: {e}"))?
            .len();
        specs.push(Spec {
            label: label.clone(),
            path,
            bytes,
        });
    }
    let Some(dir) = corpus.filter(|_| given.is_empty()) else {
        return Ok(specs);
    };
    let files = directory::list(&dir)?;
    let chosen = largest_3_1(&files, largest, |file| {
        std::fs::read_to_string(dir.join(&file.path)).map_err(|e| format!("{}: {e}", file.path))
    })?;
    if chosen.len() < largest {
        return Err(format!(
            "the corpus holds {} OpenAPI 3.1 specs, not {largest}",
            chosen.len()
        ));
    }
    Ok(chosen
        .into_iter()
        .map(|file| Spec {
            label: file.path.clone(),
            path: dir.join(&file.path),
            bytes: file.bytes,
        })
        .collect())
}

/// The `n` largest of `files` that declare OpenAPI 3.1, largest first (ties by path), reading
/// each with `read` from the largest down until `n` are found.
fn largest_3_1(
    files: &[directory::SpecFile],
    n: usize,
    mut read: impl FnMut(&directory::SpecFile) -> Result<String, String>,
) -> Result<Vec<&directory::SpecFile>, String> {
    let mut by_size: Vec<&directory::SpecFile> = files.iter().collect();
    by_size.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
    let mut chosen = Vec::new();
    for file in by_size {
        if chosen.len() == n {
            break;
        }
        if declares_3_1(&read(file)?, file.path.ends_with(".json")) {
            chosen.push(file);
        }
    }
    Ok(chosen)
}

/// Whether a spec's text declares OpenAPI 3.1 (`openapi: 3.1` or `3.1.x`); `json` selects the
/// JSON parser, else YAML.
fn declares_3_1(text: &str, json: bool) -> bool {
    #[derive(Deserialize)]
    struct Header {
        openapi: Option<serde_json::Value>,
    }
    let header = if json {
        serde_json::from_str::<Header>(text).ok()
    } else {
        serde_yaml::from_str::<Header>(text).ok()
    };
    let version = match header.and_then(|h| h.openapi) {
        Some(serde_json::Value::String(version)) => version,
        Some(other) => other.to_string(),
        None => return false,
    };
    version == "3.1" || version.starts_with("3.1.")
}

/// The report: a table for generation and one for the check, then every failure and every
/// peer not measured.
fn report(
    runners: &[Runner],
    specs: &[Spec],
    results: &[SpecResult],
    runs: usize,
    check_runs: usize,
) -> String {
    let mut text = String::new();
    let phases = [
        ("generation", runs, false),
        ("cargo check", check_runs, true),
    ];
    for (phase, count, check) in phases {
        if count == 0 {
            continue;
        }
        let _ = writeln!(
            text,
            "\nbench-peers: {phase}, median of {count} runs: wall time (CPU time of the processes)"
        );
        let label_width = specs
            .iter()
            .map(|s| s.label.len())
            .max()
            .unwrap_or(4)
            .max(4);
        let mut header = format!("  {:label_width$}  {:>8}", "spec", "size");
        for runner in runners {
            let _ = write!(header, "  {:>22}", runner.generator.name());
        }
        let _ = writeln!(text, "{header}  ours / faster peer");
        for (spec, result) in specs.iter().zip(results) {
            let outcomes = result.outcomes(check);
            let mut line = format!(
                "  {:label_width$}  {:>4} KiB",
                spec.label,
                spec.bytes / 1024
            );
            for outcome in outcomes {
                let cell = match outcome.medians() {
                    Some((wall, Some(cpu))) => {
                        format!("{:.2} s ({:.2} s)", wall.as_secs_f64(), cpu.as_secs_f64())
                    }
                    Some((wall, None)) => format!("{:.2} s", wall.as_secs_f64()),
                    None if matches!(outcome, Outcome::Failed(_)) => "failed".into(),
                    None => "not run".into(),
                };
                let _ = write!(line, "  {cell:>22}");
            }
            let with: Vec<(Generator, &Outcome)> =
                runners.iter().map(|r| r.generator).zip(outcomes).collect();
            let _ = writeln!(text, "{line}  {}", verdict(&with));
        }
        for (spec, result) in specs.iter().zip(results) {
            for (runner, outcome) in runners.iter().zip(result.outcomes(check)) {
                if let Outcome::Failed(said) = outcome {
                    let _ = writeln!(
                        text,
                        "  {} on {}: {said}",
                        runner.generator.name(),
                        spec.label
                    );
                }
            }
        }
    }
    for runner in runners {
        if let Err(why) = &runner.program {
            let _ = writeln!(text, "  {}: not measured: {why}", runner.generator.name());
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timed(ms: &[u64]) -> Outcome {
        Outcome::Timed(
            ms.iter()
                .map(|&ms| Timed {
                    wall: Duration::from_millis(ms),
                    cpu: Some(Duration::from_millis(ms * 2)),
                })
                .collect(),
        )
    }

    #[test]
    fn the_ratio_is_against_the_faster_peer_by_median() {
        let ours = timed(&[100, 900, 110]);
        let ploidy = timed(&[300, 320, 100]);
        let other = timed(&[250, 260, 270]);
        let Verdict::Ratio {
            ratio,
            cpu_ratio,
            against,
        } = verdict(&[
            (Generator::Ours, &ours),
            (Generator::Ploidy, &ploidy),
            (Generator::OpenapiToRust, &other),
        ])
        else {
            panic!("both measured");
        };
        assert_eq!(against, Generator::OpenapiToRust);
        assert!((ratio - 110.0 / 260.0).abs() < 1e-9, "{ratio}");
        assert!((cpu_ratio.unwrap() - 220.0 / 520.0).abs() < 1e-9);
    }

    #[test]
    fn a_failed_or_missing_peer_is_not_the_faster_one() {
        let ours = timed(&[100]);
        let failed = Outcome::Failed("error: unsupported".into());
        let missing = Outcome::NotRun("not installed".into());
        let slow = timed(&[400]);
        let verdict_of = |peers: &[(Generator, &Outcome)]| {
            let mut all = vec![(Generator::Ours, &ours)];
            all.extend_from_slice(peers);
            verdict(&all)
        };
        assert_eq!(
            verdict_of(&[
                (Generator::Ploidy, &failed),
                (Generator::OpenapiToRust, &slow)
            ]),
            Verdict::Ratio {
                ratio: 0.25,
                cpu_ratio: Some(0.25),
                against: Generator::OpenapiToRust
            }
        );
        assert_eq!(
            verdict_of(&[
                (Generator::Ploidy, &failed),
                (Generator::OpenapiToRust, &missing)
            ]),
            Verdict::None("no peer was measured".into())
        );
        let ours_failed = Outcome::Failed("refused".into());
        assert_eq!(
            verdict(&[(Generator::Ours, &ours_failed), (Generator::Ploidy, &slow)]),
            Verdict::None("ours was not measured".into())
        );
    }

    #[test]
    fn the_verdict_names_the_goal_met_or_missed() {
        let ratio = |ratio| Verdict::Ratio {
            ratio,
            cpu_ratio: None,
            against: Generator::Ploidy,
        };
        assert_eq!(
            ratio(0.5).to_string(),
            "0.50 of ploidy's, meets the goal of 0.50"
        );
        assert_eq!(
            ratio(0.51).to_string(),
            "0.51 of ploidy's, misses the goal of 0.50"
        );
    }

    #[test]
    fn a_check_failure_shows_its_errors_not_its_warnings() {
        let stderr = "src/api/types.rs:3:5: warning: unused import: `Foo`\nsrc/api/client.rs:10:1: error[E0433]: failed to resolve: use of undeclared crate `bytes`\nsrc/api/client.rs:12:1: error[E0412]: cannot find type `Url`\nerror: could not compile `x` (lib) due to 2 previous errors; 1 warning emitted\n";
        assert_eq!(
            check_errors(stderr),
            "src/api/client.rs:10:1: error[E0433]: failed to resolve: use of undeclared crate `bytes` / src/api/client.rs:12:1: error[E0412]: cannot find type `Url`"
        );
        assert_eq!(
            check_errors("error: failed to parse manifest at `/x/Cargo.toml`\n"),
            "error: failed to parse manifest at `/x/Cargo.toml`"
        );
        assert_eq!(
            check_errors("warning: spurious\n  something odd\n"),
            "warning: spurious / something odd"
        );
    }

    #[test]
    fn openapi_to_rust_s_module_becomes_a_crate_with_its_dependencies() {
        let fragment = "# Generated by openapi-to-rust.\n\n[dependencies]\nreqwest = { version = \"0.12\", features = [\"json\"] }\nserde = { version = \"1\", features = [\"derive\"] }\n";
        let manifest = openapi_to_rust_manifest("corpus-vercel-com", fragment);
        assert!(
            manifest.starts_with("[package]\nname = \"corpus-vercel-com\"\n"),
            "{manifest}"
        );
        assert!(manifest.ends_with(fragment), "{manifest}");
        assert_eq!(manifest.matches("[dependencies]").count(), 1, "{manifest}");
        // No fragment (a module that needs no crate): still a manifest with its sections.
        let bare = openapi_to_rust_manifest("x", "");
        assert!(
            bare.ends_with("publish = false\n\n[dependencies]\n"),
            "{bare}"
        );
    }

    #[test]
    fn only_3_1_specs_are_taken_largest_first() {
        let file = |path: &str, bytes| directory::SpecFile {
            path: path.into(),
            provider: directory::provider_of(path),
            bytes,
        };
        let files = [
            file("api/a.json", 500),
            file("api/b.yaml", 900),
            file("api/c.json", 700),
            file("api/d.json", 700),
            file("api/e.json", 100),
        ];
        let mut read = Vec::new();
        let chosen = largest_3_1(&files, 2, |f| {
            read.push(f.path.clone());
            Ok(match f.path.as_str() {
                "api/b.yaml" => "openapi: 3.0.3\n".into(),
                "api/a.json" | "api/c.json" | "api/d.json" | "api/e.json" => {
                    format!("{{\"info\":{{}},\"openapi\":\"3.1.{}\"}}", f.bytes % 3)
                }
                _ => unreachable!(),
            })
        })
        .unwrap();
        let paths: Vec<&str> = chosen.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["api/c.json", "api/d.json"]);
        // Read from the largest down, and no further than needed.
        assert_eq!(read, ["api/b.yaml", "api/c.json", "api/d.json"]);
    }

    #[test]
    fn the_version_is_read_from_the_openapi_field() {
        assert!(declares_3_1(r#"{"openapi":"3.1.0"}"#, true));
        assert!(declares_3_1("openapi: 3.1.1\npaths: {}\n", false));
        assert!(declares_3_1("openapi: 3.1\n", false));
        assert!(!declares_3_1(r#"{"openapi":"3.0.3"}"#, true));
        assert!(!declares_3_1(r#"{"openapi":"3.10.0"}"#, true));
        assert!(!declares_3_1(r#"{"swagger":"2.0"}"#, true));
        assert!(!declares_3_1("{", true));
    }
}

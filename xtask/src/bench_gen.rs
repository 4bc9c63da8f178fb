//! `cargo run --release -p xtask -- bench-gen [--spec FILE] [--runs N] [--install-progenitor]`:
//! how long generating a whole spec takes (default: Asana's, `../shared/upstream/asana_oas.yaml`),
//! stage by stage, and how that compares with progenitor on the same spec, in the same run.
//!
//! Each run times the generator in this process, one stage after the other (the same calls
//! [`generator::generate`] makes): `parse` (YAML or JSON text to plain JSON), `decode` (to the
//! typed OpenAPI document, with the targets of its references), `lower` (the IR, analyzed) and
//! `emit` (every file, formatted). Then it times the generator and progenitor's CLI
//! (`cargo-progenitor`, pinned, installed into `.tools/progenitor`; its process's wall time,
//! `rustfmt` of its output included) on the spec without the operations progenitor cannot
//! generate ([`progenitor::REFUSES`]), written to a temporary directory. The runs interleave, so
//! a change in the machine's load touches both sides alike; the report gives the best and the
//! median of each, and the ratio of the medians. Without progenitor, or where it fails on the
//! spec (it refuses OpenAPI 3.1), the report says why and gives no ratio.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use generator::Options;

use crate::peer;
use crate::progenitor::{self, median};

/// The goal: our generation's share of progenitor's time, at most.
const GOAL: f64 = 0.08;

/// Runs the command.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let root = crate::workspace_root();
    let install = crate::take_flag(&mut args, "--install-progenitor");
    let spec = crate::take_option(&mut args, "--spec")?
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/upstream/asana_oas.yaml"));
    let runs = crate::take_positive(&mut args, "--runs")?.unwrap_or(10);
    if let Some(extra) = args.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    if cfg!(debug_assertions) {
        return Err(
            "bench-gen times a release build: run `cargo run --release -p xtask -- bench-gen`"
                .into(),
        );
    }
    if install {
        progenitor::install(&root, "bench-gen")?;
    }
    let label = spec.display().to_string();
    let text = std::fs::read_to_string(&spec).map_err(|e| format!("{label}: {e}"))?;
    let options = Options {
        crate_name: "bench-client".into(),
        crate_version: "0.1.0".into(),
        spec_label: label.clone(),
        command: "cargo xtask bench-gen".into(),
        standalone: true,
    };

    let program = progenitor::program(&root, "cargo run --release -p xtask -- bench-gen");
    let scratch = std::env::temp_dir().join(format!("xtask-bench-gen-{}", std::process::id()));
    let comparison = program.and_then(|program| {
        let comparison = Comparison::prepare(&text, &scratch, program)?;
        // Its warm-up run: a spec progenitor cannot generate (OpenAPI 3.1, which it refuses)
        // leaves ours timed alone, and the report says why.
        comparison.run_progenitor()?;
        Ok(comparison)
    });
    let result = measure(&label, &text, &options, runs, comparison.as_ref().ok());
    let _ = std::fs::remove_dir_all(&scratch);
    let measured = result?;

    println!(
        "bench-gen: {label} ({} KiB, {} operations, {} types, {} files), {runs} runs",
        text.len() / 1024,
        measured.operations,
        measured.types,
        measured.files,
    );
    println!("  ours, in this process        best     median");
    for (stage, times) in STAGES.iter().zip(&measured.stages) {
        println!("    {stage:24}  {}", best_median(times));
    }
    println!("    {:24}  {}", "total", best_median(&measured.total));
    let comparison = match &comparison {
        Ok(comparison) => comparison,
        Err(reason) => {
            println!("  progenitor: not measured: {reason}; no ratio");
            return Ok(());
        }
    };
    let removed = comparison
        .removed
        .iter()
        .map(|(id, why)| format!("{id} ({why})"))
        .collect::<Vec<_>>()
        .join(", ");
    println!(
        "  the spec without what progenitor refuses{}",
        if removed.is_empty() {
            String::new()
        } else {
            format!(": {removed}")
        }
    );
    println!(
        "    {:24}  {}",
        "ours (in-process)",
        best_median(&measured.ours_on_input)
    );
    let Some(theirs) = &measured.progenitor else {
        return Err("progenitor was not timed".into());
    };
    println!(
        "    {:24}  {}",
        format!("progenitor {}", progenitor::VERSION),
        best_median(theirs)
    );
    let ratio = |ours: &[Duration]| median(ours).as_secs_f64() / median(theirs).as_secs_f64();
    let on_input = ratio(&measured.ours_on_input);
    println!(
        "  ours / progenitor (medians): {on_input:.3} on the same spec, {:.3} with the whole spec; {} the goal of at most {GOAL:.2}",
        ratio(&measured.total),
        if on_input <= GOAL { "meets" } else { "misses" }
    );
    Ok(())
}

/// The stages of one generation, in order.
const STAGES: [&str; 4] = [
    "parse (text -> JSON)",
    "decode (-> OpenAPI)",
    "lower (-> IR, analyzed)",
    "emit (files, formatted)",
];

/// Every timing of every run.
struct Measured {
    operations: usize,
    types: usize,
    files: usize,
    /// Per stage, one time per run.
    stages: [Vec<Duration>; 4],
    /// The sum of the stages, per run.
    total: Vec<Duration>,
    /// The generator on progenitor's input (empty without progenitor).
    ours_on_input: Vec<Duration>,
    /// Progenitor's process, per run.
    progenitor: Option<Vec<Duration>>,
}

/// The runs: one warm-up of ours (progenitor's is run before), then `runs` timed rounds, each
/// side once a round.
fn measure(
    label: &str,
    text: &str,
    options: &Options,
    runs: usize,
    comparison: Option<&Comparison>,
) -> Result<Measured, String> {
    if let Some(comparison) = comparison {
        generator::generate(label, &comparison.input_text, options).map_err(|e| e.to_string())?;
    }
    let (api, files, _) = staged(label, text, options)?;
    let mut measured = Measured {
        operations: api.operations.len(),
        types: api.types.len(),
        files: files.len(),
        stages: Default::default(),
        total: Vec::new(),
        ours_on_input: Vec::new(),
        progenitor: comparison.map(|_| Vec::new()),
    };
    for _ in 0..runs {
        let (_, _, times) = staged(label, text, options)?;
        for (all, time) in measured.stages.iter_mut().zip(times) {
            all.push(time);
        }
        measured.total.push(times.iter().sum());
        if let Some(comparison) = comparison {
            let started = Instant::now();
            generator::generate(label, &comparison.input_text, options)
                .map_err(|e| e.to_string())?;
            measured.ours_on_input.push(started.elapsed());
            let time = comparison.run_progenitor()?;
            if let Some(times) = &mut measured.progenitor {
                times.push(time);
            }
        }
    }
    Ok(measured)
}

/// One generation, stage by stage, as [`generator::generate`] runs it: its IR, its files and
/// the time of each stage.
fn staged(
    label: &str,
    text: &str,
    options: &Options,
) -> Result<(generator::ir::Api, Vec<generator::File>, [Duration; 4]), String> {
    let clock = Instant::now();
    let raw = generator::load::parse(label, text).map_err(|e| e.to_string())?;
    let parsed = clock.elapsed();
    let clock = Instant::now();
    let spec = generator::load::decode(label, text, raw).map_err(|e| e.to_string())?;
    let decoded = clock.elapsed();
    let clock = Instant::now();
    let mut api =
        generator::ir::lower_loaded(&spec, &generator::Config::default()).map_err(|e| {
            generator::Error {
                file: label.to_owned(),
                location: spec.locate(&e.pointer),
                pointer: Some(e.pointer),
                message: e.message,
            }
            .to_string()
        })?;
    generator::ir::analyze(&mut api);
    let lowered = clock.elapsed();
    let clock = Instant::now();
    let files = generator::emit::emit(&api, options);
    let emitted = clock.elapsed();
    Ok((api, files, [parsed, decoded, lowered, emitted]))
}

/// Progenitor's side: its input (the spec without what it refuses) and its program.
struct Comparison {
    program: PathBuf,
    input: PathBuf,
    input_text: String,
    out: PathBuf,
    /// The operations left out, and why.
    removed: Vec<progenitor::Refused>,
}

impl Comparison {
    /// Writes progenitor's input into `scratch`, a directory of its own.
    fn prepare(text: &str, scratch: &Path, program: PathBuf) -> Result<Comparison, String> {
        let (input_text, removed) = progenitor::without_refused(text)?;
        std::fs::create_dir_all(scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
        let input = scratch.join("spec.yaml");
        std::fs::write(&input, &input_text).map_err(|e| format!("{}: {e}", input.display()))?;
        Ok(Comparison {
            program,
            input,
            input_text,
            out: scratch.join("out"),
            removed,
        })
    }

    /// Runs progenitor's CLI once: the wall time of its process, or why it failed.
    fn run_progenitor(&self) -> Result<Duration, String> {
        let time = peer::run_timed(
            Command::new(&self.program)
                .arg("progenitor")
                .arg("-i")
                .arg(&self.input)
                .arg("-o")
                .arg(&self.out)
                .args(["-n", "bench-client", "-v", "0.1.0"]),
        )
        .map_err(|e| format!("progenitor on the spec: {e}"))?;
        Ok(time.wall)
    }
}

fn best_median(times: &[Duration]) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let best = times.iter().min().copied().unwrap_or_default();
    format!("{:8.1} ms {:8.1} ms", ms(best), ms(median(times)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comparison_leaves_out_only_what_progenitor_refuses() {
        let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {operationId: getEvents, responses: {'200': {description: ok}}}\n    post: {operationId: keep, responses: {'200': {description: ok}}}\n";
        let scratch = std::env::temp_dir().join(format!("xtask-bench-test-{}", std::process::id()));
        let comparison = Comparison::prepare(text, &scratch, PathBuf::from("none")).unwrap();
        let written = std::fs::read_to_string(&comparison.input).unwrap();
        std::fs::remove_dir_all(&scratch).unwrap();
        assert_eq!(written, comparison.input_text);
        assert_eq!(comparison.removed, [progenitor::REFUSES[1]]);
        assert!(!written.contains("getEvents"), "{written}");
        assert!(written.contains("operationId: keep"), "{written}");
    }
}

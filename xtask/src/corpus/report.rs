//! The corpus command's report: tables by spec and by provider, refusal reasons ranked, the
//! slowest specs, and the compiled sample. Pure text; `write_refusals` also keeps every message
//! in full under `target/corpus/`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::compile::SampleBuild;
use super::directory::SpecFile;
use super::generate::{Generation, SpecResult};
use super::reason;

/// Reasons shown in the report (the file has them all).
const TOP_REASONS: usize = 25;
/// Slowest specs shown.
const SLOWEST: usize = 10;
/// Largest providers shown with their own counts.
const LARGEST_PROVIDERS: usize = 10;

/// Counts of one group of specs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    specs: usize,
    generated: usize,
    refused: usize,
    panicked: usize,
}

impl Tally {
    fn add(&mut self, generation: &Generation) {
        self.specs += 1;
        match generation {
            Generation::Generated => self.generated += 1,
            Generation::Refused(_) => self.refused += 1,
            Generation::Panicked(_) => self.panicked += 1,
            Generation::Skipped(_) => self.specs -= 1,
        }
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1} %", part as f64 * 100.0 / whole as f64)
    }
}

/// Refusals grouped by `key` of their message, most frequent first (ties by key): the key, its
/// specs and the number of distinct providers among them.
fn ranked<'a>(
    specs: &'a [SpecFile],
    results: &[SpecResult],
    key: impl Fn(&str) -> String,
) -> Vec<(String, Vec<&'a SpecFile>, usize)> {
    let mut by_reason: BTreeMap<String, Vec<&SpecFile>> = BTreeMap::new();
    for (spec, result) in specs.iter().zip(results) {
        if let Generation::Refused(error) = &result.generation {
            by_reason.entry(key(&error.message)).or_default().push(spec);
        }
    }
    let mut ranked: Vec<_> = by_reason
        .into_iter()
        .map(|(reason, specs)| {
            let providers: BTreeSet<&str> = specs.iter().map(|s| s.provider.as_str()).collect();
            let count = providers.len();
            (reason, specs, count)
        })
        .collect();
    ranked.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    ranked
}

/// The generation report.
pub fn generation(specs: &[SpecFile], results: &[SpecResult], wall: Duration) -> String {
    let mut out = String::new();
    let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total = Tally::default();
    let mut providers: BTreeMap<&str, Tally> = BTreeMap::new();
    for (spec, result) in specs.iter().zip(results) {
        if let Generation::Skipped(version) = &result.generation {
            *skipped.entry(version).or_default() += 1;
            continue;
        }
        total.add(&result.generation);
        providers
            .entry(&spec.provider)
            .or_default()
            .add(&result.generation);
    }
    let skipped_text: Vec<String> = skipped.iter().map(|(v, n)| format!("{v}: {n}")).collect();
    let _ = writeln!(
        out,
        "corpus: {} spec files; {} skipped as not OpenAPI 3.0 or 3.1 ({})",
        specs.len(),
        skipped.values().sum::<usize>(),
        if skipped_text.is_empty() {
            "none".into()
        } else {
            skipped_text.join(", ")
        }
    );
    let _ = writeln!(out, "\nby spec (OpenAPI 3.0 and 3.1):");
    let row = |out: &mut String, label: &str, n: usize, of: usize| {
        let _ = writeln!(out, "  {label:<10} {n:>5}  {:>7}", percent(n, of));
    };
    row(&mut out, "specs", total.specs, total.specs);
    row(&mut out, "generated", total.generated, total.specs);
    row(&mut out, "refused", total.refused, total.specs);
    row(&mut out, "panicked", total.panicked, total.specs);

    let all = providers
        .values()
        .filter(|t| t.generated == t.specs)
        .count();
    let none = providers.values().filter(|t| t.generated == 0).count();
    let with_panic = providers.values().filter(|t| t.panicked > 0).count();
    let _ = writeln!(
        out,
        "\nby provider (generated: every spec of the provider generates; partial: some do; refused: none does):"
    );
    row(&mut out, "providers", providers.len(), providers.len());
    row(&mut out, "generated", all, providers.len());
    row(
        &mut out,
        "partial",
        providers.len() - all - none,
        providers.len(),
    );
    row(&mut out, "refused", none, providers.len());
    row(&mut out, "panicked", with_panic, providers.len());
    let spec_rate: f64 = providers
        .values()
        .map(|t| t.generated as f64 / t.specs as f64)
        .sum::<f64>()
        / providers.len().max(1) as f64;
    let _ = writeln!(
        out,
        "  mean over providers of the share of their specs that generate: {:.1} %",
        spec_rate * 100.0
    );

    let mut largest: Vec<(&str, Tally)> = providers.iter().map(|(p, t)| (*p, *t)).collect();
    largest.sort_by(|a, b| b.1.specs.cmp(&a.1.specs).then_with(|| a.0.cmp(b.0)));
    let _ = writeln!(
        out,
        "\nthe {LARGEST_PROVIDERS} largest providers (specs, generated, refused, panicked):"
    );
    for (provider, t) in largest.iter().take(LARGEST_PROVIDERS) {
        let _ = writeln!(
            out,
            "  {provider:<24} {:>4} {:>4} {:>4} {:>4}  {:>7} generated",
            t.specs,
            t.generated,
            t.refused,
            t.panicked,
            percent(t.generated, t.specs)
        );
    }
    let mut rest = Tally::default();
    for (_, t) in largest.iter().skip(LARGEST_PROVIDERS) {
        rest.specs += t.specs;
        rest.generated += t.generated;
        rest.refused += t.refused;
        rest.panicked += t.panicked;
    }
    let _ = writeln!(
        out,
        "  {:<24} {:>4} {:>4} {:>4} {:>4}  {:>7} generated",
        format!(
            "the other {}",
            largest.len().saturating_sub(LARGEST_PROVIDERS)
        ),
        rest.specs,
        rest.generated,
        rest.refused,
        rest.panicked,
        percent(rest.generated, rest.specs)
    );

    for (what, key) in [
        ("refusal reasons", reason::normalise as fn(&str) -> String),
        (
            "refused features (the reasons without their media types)",
            |m| reason::feature(&reason::normalise(m)),
        ),
    ] {
        let ranked = ranked(specs, results, key);
        let _ = writeln!(
            out,
            "\n{what}: {} distinct; top {TOP_REASONS} (specs, providers, reason):",
            ranked.len()
        );
        for (reason, specs, providers) in ranked.iter().take(TOP_REASONS) {
            let _ = writeln!(out, "  {:>4} {providers:>4}  {reason}", specs.len());
        }
    }

    let panics: Vec<_> = specs
        .iter()
        .zip(results)
        .filter_map(|(s, r)| match &r.generation {
            Generation::Panicked(message) => Some((s, message)),
            _ => None,
        })
        .collect();
    if !panics.is_empty() {
        let _ = writeln!(out, "\npanics:");
        for (spec, message) in panics {
            let _ = writeln!(out, "  {}: {message}", spec.path);
        }
    }

    let mut slowest: Vec<(&SpecFile, &SpecResult)> = specs.iter().zip(results).collect();
    slowest.sort_by(|a, b| {
        b.1.elapsed
            .cmp(&a.1.elapsed)
            .then_with(|| a.0.path.cmp(&b.0.path))
    });
    let _ = writeln!(out, "\nthe {SLOWEST} slowest specs (generator time):");
    for (spec, result) in slowest.iter().take(SLOWEST) {
        let _ = writeln!(
            out,
            "  {:>8.1} ms  {:>6} KiB  {:<9} {}",
            result.elapsed.as_secs_f64() * 1000.0,
            spec.bytes / 1024,
            word(&result.generation),
            spec.path
        );
    }
    let busy: Duration = results.iter().map(|r| r.elapsed).sum();
    let _ = writeln!(
        out,
        "\ncorpus: generation took {:.1} s wall time ({:.1} s in the generator summed over threads)",
        wall.as_secs_f64(),
        busy.as_secs_f64()
    );
    out
}

fn word(generation: &Generation) -> &'static str {
    match generation {
        Generation::Generated => "generated",
        Generation::Refused(_) => "refused",
        Generation::Panicked(_) => "panicked",
        Generation::Skipped(_) => "skipped",
    }
}

/// Writes `target/corpus/refusals.txt`: every reason with its specs, then every refusal and panic
/// message in full. Returns its path.
pub fn write_refusals(
    root: &Path,
    specs: &[SpecFile],
    results: &[SpecResult],
) -> Result<PathBuf, String> {
    let mut text = String::from("# Refusal reasons, most frequent first, with their specs.\n");
    for (reason, specs, providers) in ranked(specs, results, reason::normalise) {
        let _ = writeln!(
            text,
            "\n{} specs, {providers} providers: {reason}",
            specs.len()
        );
        for spec in specs {
            let _ = writeln!(text, "  {}", spec.path);
        }
    }
    text.push_str("\n# Every refusal and panic in full.\n");
    for result in results {
        match &result.generation {
            Generation::Refused(error) => {
                let _ = writeln!(text, "{error}");
            }
            Generation::Panicked(message) => {
                let _ = writeln!(text, "PANIC {message}");
            }
            _ => {}
        }
    }
    let path = root.join("target/corpus/refusals.txt");
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&path, text).map_err(|e| format!("writing {}: {e}", path.display()))?;
    Ok(path)
}

/// The compiled sample's report.
pub fn compiled(build: &SampleBuild, asked: usize) -> String {
    let mut out = String::new();
    let failed: Vec<_> = build.crates.iter().filter(|c| !c.passed()).collect();
    let providers: BTreeSet<String> = build
        .crates
        .iter()
        .map(|c| super::directory::provider_of(&c.spec))
        .collect();
    let built = build.crates.len() - failed.len();
    let _ = writeln!(
        out,
        "\ncompiled sample: {} specs of {} providers (asked for {asked}); {built} built warning-free ({}), {} failed; clippy took {:.1} s",
        build.crates.len(),
        providers.len(),
        percent(built, build.crates.len()),
        failed.len(),
        build.elapsed.as_secs_f64()
    );
    for crate_ in &build.crates {
        let status = if crate_.passed() {
            "built".to_owned()
        } else {
            match crate_.errors.len() {
                1 => "FAILED (1 error)".to_owned(),
                n => format!("FAILED ({n} errors)"),
            }
        };
        let _ = writeln!(out, "  {status:<20} {}", crate_.spec);
    }

    let mut kinds: BTreeMap<String, (BTreeSet<&str>, usize)> = BTreeMap::new();
    for crate_ in &failed {
        for error in &crate_.errors {
            let (crates, count) = kinds.entry(super::compile::error_kind(error)).or_default();
            crates.insert(&crate_.spec);
            *count += 1;
        }
    }
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort_by(|a, b| {
        (b.1.0.len(), b.1.1)
            .cmp(&(a.1.0.len(), a.1.1))
            .then_with(|| a.0.cmp(&b.0))
    });
    if !kinds.is_empty() {
        let _ = writeln!(out, "\ncompile errors by kind (crates, errors, kind):");
        for (kind, (crates, count)) in &kinds {
            let _ = writeln!(out, "  {:>4} {count:>5}  {kind}", crates.len());
        }
    }
    for crate_ in failed {
        let _ = writeln!(
            out,
            "\n{} ({}), first error:",
            crate_.spec, crate_.crate_name
        );
        for line in crate_.first_error().lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    let _ = writeln!(out, "every error in full: {}", build.errors_file.display());
    out
}

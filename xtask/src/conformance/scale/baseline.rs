//! `tests/conformance/baseline.txt`: per spec, its counts (`operations calls accepted decoded
//! spec-blamed prism-limited`). `--check` fails on every change: fewer calls accepted or decoded is a
//! regression, more is an improvement to record with `--bless`, and so is any other count that
//! changed.

use std::collections::BTreeMap;

use super::calls::{Counts, SpecReport};

const HEADER: &str = "\
# Each spec's conformance against Prism: the operations of its client, the calls its driver
# made, how many Prism accepted (of the calls not blamed on the spec), how many 2xx responses
# the client decoded, how many failures Prism blamed on the spec's own examples and
# responses, and how many requests Prism could not judge or answer (bodies of media types it
# does not parse, responses it cannot produce). `cargo xtask conformance --check` fails when
# a spec does worse, or better, than written here; `--bless` rewrites the lines of the specs
# it ran.
";

/// The recorded counts, by spec.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Baseline {
    specs: BTreeMap<String, Counts>,
}

impl Baseline {
    /// The counts of a run.
    pub(super) fn of(reports: &[SpecReport]) -> Baseline {
        Baseline {
            specs: reports
                .iter()
                .map(|r| (r.spec.clone(), r.counts()))
                .collect(),
        }
    }

    pub(super) fn render(&self) -> String {
        let mut out = String::from(HEADER);
        for (spec, c) in &self.specs {
            out.push_str(&format!(
                "{spec} operations={} calls={} accepted={}/{} decoded={}/{} spec-blamed={} prism-limited={}\n",
                c.operations,
                c.calls,
                c.accepted,
                c.counted,
                c.decoded,
                c.succeeded,
                c.spec_blamed,
                c.prism_limited
            ));
        }
        out
    }

    pub(super) fn parse(text: &str) -> Result<Baseline, String> {
        let mut specs = BTreeMap::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || {
                format!(
                    "{}: line {}: cannot read {line:?}",
                    super::BASELINE,
                    number + 1
                )
            };
            let mut words = line.split_whitespace();
            let spec = words.next().ok_or_else(bad)?;
            let mut fields = BTreeMap::new();
            for word in words {
                let (key, value) = word.split_once('=').ok_or_else(bad)?;
                fields.insert(key, value);
            }
            let number = |key: &str| -> Result<usize, String> {
                fields.get(key).and_then(|v| v.parse().ok()).ok_or_else(bad)
            };
            let pair = |key: &str| -> Result<(usize, usize), String> {
                let (a, b) = fields
                    .get(key)
                    .and_then(|v| v.split_once('/'))
                    .ok_or_else(bad)?;
                Ok((a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?))
            };
            let (accepted, counted) = pair("accepted")?;
            let (decoded, succeeded) = pair("decoded")?;
            specs.insert(
                spec.to_owned(),
                Counts {
                    operations: number("operations")?,
                    calls: number("calls")?,
                    counted,
                    accepted,
                    succeeded,
                    decoded,
                    spec_blamed: number("spec-blamed")?,
                    prism_limited: number("prism-limited")?,
                },
            );
        }
        Ok(Baseline { specs })
    }

    /// This baseline with the specs of `run` replaced or added.
    pub(super) fn merged(&self, run: &Baseline) -> Baseline {
        let mut specs = self.specs.clone();
        specs.extend(run.specs.iter().map(|(k, v)| (k.clone(), *v)));
        Baseline { specs }
    }

    /// How `run` differs for the specs it ran, one line each: regressions, improvements,
    /// other changes, and specs never recorded.
    pub(super) fn compare(&self, run: &Baseline) -> Vec<String> {
        let mut changes = Vec::new();
        for (spec, now) in &run.specs {
            let Some(was) = self.specs.get(spec) else {
                changes.push(format!("{spec}: not recorded (run with --bless)"));
                continue;
            };
            if now == was {
                continue;
            }
            let worse = now.accepted < was.accepted || now.decoded < was.decoded;
            let better = now.accepted > was.accepted || now.decoded > was.decoded;
            let kind = match (worse, better) {
                (true, _) => "REGRESSION",
                (false, true) => "improvement",
                (false, false) => "changed",
            };
            changes.push(format!(
                "{spec}: {kind}: accepted {}/{} -> {}/{}, decoded {}/{} -> {}/{}, calls {} -> {}, spec-blamed {} -> {}, Prism-limited {} -> {}",
                was.accepted, was.counted, now.accepted, now.counted, was.decoded, was.succeeded,
                now.decoded, now.succeeded, was.calls, now.calls, was.spec_blamed, now.spec_blamed,
                was.prism_limited, now.prism_limited
            ));
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(accepted: usize, decoded: usize) -> Counts {
        Counts {
            operations: 3,
            calls: 6,
            counted: 5,
            accepted,
            succeeded: 4,
            decoded,
            spec_blamed: 1,
            prism_limited: 2,
        }
    }

    fn baseline(specs: &[(&str, Counts)]) -> Baseline {
        Baseline {
            specs: specs.iter().map(|(s, c)| (s.to_string(), *c)).collect(),
        }
    }

    #[test]
    fn baselines_read_back_what_they_write() {
        let written = baseline(&[("api/a.json", counts(5, 4)), ("spec/b.yaml", counts(2, 1))]);
        let text = written.render();
        assert!(
            text.contains(
                "api/a.json operations=3 calls=6 accepted=5/5 decoded=4/4 spec-blamed=1 prism-limited=2\n"
            )
        );
        assert_eq!(Baseline::parse(&text), Ok(written));
        assert!(Baseline::parse("api/a.json calls=x").is_err());
    }

    #[test]
    fn fewer_calls_accepted_or_decoded_is_a_regression_and_more_must_be_blessed() {
        let recorded = baseline(&[("a", counts(5, 4)), ("b", counts(4, 3))]);
        let run = baseline(&[
            ("a", counts(4, 4)),
            ("b", counts(5, 3)),
            ("c", counts(1, 1)),
        ]);
        let changes = recorded.compare(&run);
        assert_eq!(changes.len(), 3, "{changes:?}");
        assert!(changes[0].starts_with("a: REGRESSION: accepted 5/5 -> 4/5"));
        assert!(changes[1].starts_with("b: improvement"));
        assert_eq!(changes[2], "c: not recorded (run with --bless)");
        // Specs the run did not drive are not compared; the same counts are no change.
        assert!(
            recorded
                .compare(&baseline(&[("a", counts(5, 4))]))
                .is_empty()
        );
        let merged = recorded.merged(&run);
        assert_eq!(merged.specs.len(), 3);
        assert_eq!(merged.specs["a"], counts(4, 4));
    }
}

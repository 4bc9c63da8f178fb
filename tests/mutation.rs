//! Mutants of every fixture spec (and of spec/webhooks.yaml): each is refused with a located
//! error or generates a whole crate; none makes the generator panic. The mutants come from
//! `xtask::mutate` with a fixed seed, so a failure names a mutant that can be made again.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use xtask::mutate::{self, Mutant, Outcome};

/// The only test of this binary: the panic hook it sets for a while cannot hide another test's
/// failure.
#[test]
fn every_mutant_is_refused_with_a_location_or_generates_a_crate() {
    let root = tests::root();
    let mut mutants = Vec::new();
    // Specs whose own crate has code an emitter could not produce: that defect is pinned by
    // their fixture (`cargo xtask fixtures` fails on it), not found by mutating them.
    let mut unformatted_specs = Vec::new();
    let mut own_files = std::collections::HashMap::new();
    for (label, path) in mutate::inputs(&root).expect("the fixture specs are listed") {
        let text = std::fs::read_to_string(&path).expect("a fixture spec is readable");
        let own = generator::generate(&label, &text, &xtask::fixtures::options(&label))
            .unwrap_or_else(|e| panic!("{e}"));
        if mutate::unformatted_file(&own).is_some() {
            unformatted_specs.push(label.clone());
        }
        own_files.insert(label.clone(), own);
        let of_spec = Mutant::of_spec(&label, &text);
        assert_eq!(
            of_spec.len() as u64,
            mutate::PER_SPEC,
            "{label} loads, so every seed makes a mutant"
        );
        mutants.extend(of_spec);
    }

    // A panic is reported below with its mutant and where it was raised; the default hook
    // would only print it, once per emitting thread.
    let panics: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&panics);
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut seen) = seen.lock() {
            seen.push(info.to_string());
        }
    }));
    let outcomes: Vec<(Mutant, Outcome, Vec<String>)> = mutants
        .into_iter()
        .map(|mutant| {
            let outcome = mutant.outcome(&mutate::options(&mutant));
            let raised = std::mem::take(&mut *panics.lock().unwrap());
            (mutant, outcome, raised)
        })
        .collect();
    let _ = std::panic::take_hook();

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut defects = Vec::new();
    for (mutant, outcome, raised) in &outcomes {
        let kind = match outcome {
            Outcome::Refused(_) => "refused with a location",
            Outcome::Generated(files) => match mutate::unformatted_file(files) {
                None => "generated",
                Some(_) if unformatted_specs.contains(&mutant.spec) => {
                    "generated, with its spec's compile_error!"
                }
                Some(path) => {
                    defects.push(format!("{mutant}\n  {path} holds a compile_error!"));
                    "generated a compile_error!"
                }
            },
            Outcome::Unlocated(_) => "refused without a location",
            Outcome::Mislocated(_) => "refused naming a line not in the spec",
            Outcome::Incomplete(_) => "generated an incomplete crate",
            Outcome::Panicked(_) => "panicked",
        };
        *counts.entry(kind).or_default() += 1;
        if outcome.is_defect() {
            defects.push(format!("{mutant}\n  {outcome}\n  {}", raised.join("\n  ")));
        }
    }
    let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    println!("{} mutants: {}", outcomes.len(), summary.join(", "));
    assert!(
        defects.is_empty(),
        "{} of {} mutants found a defect ({}):\n\n{}",
        defects.len(),
        outcomes.len(),
        summary.join(", "),
        defects.join("\n\n")
    );
    // Both outcomes occur, so neither check above is vacuous.
    for kind in ["generated", "refused with a location"] {
        assert!(counts.get(kind).is_some_and(|n| *n > 0), "{summary:?}");
    }

    // `cargo xtask fixtures` compiles a sample of the mutants that generate a changed API,
    // chosen as `mutate::sample` does; there are enough of them to fill it.
    let candidates: Vec<&Mutant> = outcomes
        .iter()
        .filter_map(|(mutant, outcome, _)| match outcome {
            Outcome::Generated(files) if mutate::changes_api(&own_files[&mutant.spec], files) => {
                Some(mutant)
            }
            _ => None,
        })
        .collect();
    assert_eq!(mutate::spread(candidates).len(), mutate::SAMPLE);
}

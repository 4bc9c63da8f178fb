//! Generates every spec in-process, in parallel, each under `catch_unwind` with its panic
//! message captured by a hook that records instead of printing.
//!
//! Workers take specs from a shared queue, largest first (so that a big spec does not start
//! last and stretch the wall time). Each spec runs on a thread of its own named after the spec,
//! with a large stack: a stack overflow, which no `catch_unwind` can stop, then names the spec
//! that caused it. The generator spawns threads of its own; a panic on one of them reaches the
//! spec's thread as a second, vaguer panic. So a spec that panicked is generated once more after
//! the parallel pass, alone, and every message recorded during that run is attributed to it.

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use generator::Options;

use super::directory::{self, Declared, SpecFile};
use super::paging::SpecPaging;

/// The stack of each spec's thread: deep schemas recurse deeply.
const STACK_BYTES: usize = 256 << 20;

/// What became of one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Generation {
    /// The generator produced the crate's files.
    Generated,
    /// The generator refused with a located error.
    Refused(generator::Error),
    /// The generator panicked; every panic message, the first one first.
    Panicked(String),
    /// Not OpenAPI 3.0 or 3.1 (the declared version).
    Skipped(String),
}

/// One spec's result.
#[derive(Debug, Clone)]
pub struct SpecResult {
    /// What happened.
    pub generation: Generation,
    /// How its operations page, where it generated.
    pub paging: Option<SpecPaging>,
    /// Time spent in the generator (zero when it was not called).
    pub elapsed: Duration,
    /// It declares OpenAPI 3.1.
    pub openapi_31: bool,
}

/// The generator options every corpus spec is generated with (here and for compiling).
pub fn options(spec: &SpecFile) -> Options {
    Options {
        crate_name: super::sample::crate_name(&spec.path),
        crate_version: "0.1.0".into(),
        spec_label: spec.path.clone(),
        command: "cargo xtask corpus".into(),
        standalone: false,
    }
}

/// Runs the generator on a spec's text (all files in memory, then dropped): how its operations
/// page.
fn generate_files(spec: &SpecFile, text: &str) -> Result<SpecPaging, generator::Error> {
    let api = generator::build_ir(&spec.path, text)?;
    drop(generator::emit::emit(&api, &options(spec)));
    // The spec's document, for the second rule's check of what the rules recognised.
    let recognised = api.operations.iter().any(|op| {
        op.pagination
            .as_ref()
            .is_some_and(|p| matches!(p.reason, generator::ir::PageReason::Recognised(_)))
    });
    // A document that does not parse is `null`, where every check disagrees: none is skipped.
    let doc = recognised.then(|| {
        let parsed = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).ok()
        } else {
            serde_yaml::from_str(text).ok()
        };
        parsed.unwrap_or(serde_json::Value::Null)
    });
    Ok(super::paging::of(&api, doc.as_ref()))
}

/// Generates every spec (relative to `dir`) on `jobs` workers; results in the order of `specs`.
/// Fails if a spec cannot be read or its thread cannot be started.
pub fn generate_all(
    dir: &Path,
    specs: &[SpecFile],
    jobs: usize,
) -> Result<Vec<SpecResult>, String> {
    run_all(dir, specs, jobs, &generate_files)
}

/// What runs on each spec: its file and text in, the generator's verdict out.
type Generate = dyn Fn(&SpecFile, &str) -> Result<SpecPaging, generator::Error> + Sync;

/// [`generate_all`] with any `generate`.
fn run_all(
    dir: &Path,
    specs: &[SpecFile],
    jobs: usize,
    generate: &Generate,
) -> Result<Vec<SpecResult>, String> {
    let _hook = RecordingHook::install();
    let mut order: Vec<usize> = (0..specs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(specs[i].bytes));
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<Result<SpecResult, String>>>> = Mutex::new(vec![None; specs.len()]);
    thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let result = generate_one(dir, &specs[index], false, generate);
                    lock(&slots)[index] = Some(result);
                }
            });
        }
    });
    let mut results = slots
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|slot| slot.expect("every spec was taken from the queue"))
        .collect::<Result<Vec<SpecResult>, String>>()?;
    // Panicked specs again, one at a time, so that panics on the generator's own threads are
    // attributed too.
    for (spec, result) in specs.iter().zip(&mut results) {
        if matches!(result.generation, Generation::Panicked(_)) {
            result.generation = generate_one(dir, spec, true, generate)?.generation;
        }
    }
    Ok(results)
}

/// Reads, classifies and generates one spec on a thread of its own.
fn generate_one(
    dir: &Path,
    spec: &SpecFile,
    alone: bool,
    generate: &Generate,
) -> Result<SpecResult, String> {
    let text = std::fs::read_to_string(dir.join(&spec.path))
        .map_err(|e| format!("reading {}: {e}", spec.path))?;
    let openapi_31 = match directory::declared_version(&text, spec.path.ends_with(".json")) {
        Declared::Other(version) => {
            return Ok(SpecResult {
                generation: Generation::Skipped(version),
                paging: None,
                elapsed: Duration::ZERO,
                openapi_31: false,
            });
        }
        Declared::OpenApi3 { v31 } => v31,
        Declared::Unreadable => false,
    };
    if alone {
        lock(&PANICS).clear();
    }
    let name = spec.path.clone();
    let run = || {
        let started = Instant::now();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| generate(spec, &text)));
        (outcome, started.elapsed())
    };
    let (outcome, elapsed) = thread::scope(|scope| {
        thread::Builder::new()
            .name(name.clone())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, run)
            .map(|handle| {
                // The body catches its own panics; a panic escaping it is reported the same way.
                handle
                    .join()
                    .unwrap_or_else(|payload| (Err(payload), Duration::ZERO))
            })
    })
    .map_err(|e| format!("starting a thread for {}: {e}", spec.path))?;
    let mut paging = None;
    let generation = match outcome {
        Ok(Ok(pages)) => {
            paging = Some(pages);
            Generation::Generated
        }
        Ok(Err(error)) => Generation::Refused(error),
        Err(payload) => {
            let mut panics = lock(&PANICS);
            let messages: Vec<String> = if alone {
                panics.drain(..).map(|(_, message)| message).collect()
            } else {
                let (mine, others) = panics.drain(..).partition(|(thread, _)| *thread == name);
                *panics = others;
                mine.into_iter().map(|(_, message)| message).collect()
            };
            Generation::Panicked(if messages.is_empty() {
                payload_text(payload.as_ref())
            } else {
                messages.join(" | then: ")
            })
        }
    };
    Ok(SpecResult {
        generation,
        paging,
        elapsed,
        openapi_31,
    })
}

/// Panic messages recorded by the hook: the panicking thread's name and the message.
static PANICS: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

type Hook = Box<dyn Fn(&panic::PanicHookInfo<'_>) + Sync + Send + 'static>;

/// While alive, panics are recorded in [`PANICS`] instead of printed; dropping it puts the
/// previous hook back.
struct RecordingHook {
    previous: Option<Hook>,
}

impl RecordingHook {
    fn install() -> RecordingHook {
        lock(&PANICS).clear();
        let previous = panic::take_hook();
        panic::set_hook(Box::new(|info| {
            let thread = thread::current().name().unwrap_or("<unnamed>").to_owned();
            let location = info
                .location()
                .map(|l| format!("{}:{}: ", l.file(), l.line()))
                .unwrap_or_default();
            let message = format!("{location}{}", payload_text(info.payload()));
            lock(&PANICS).push((thread, message));
        }));
        RecordingHook {
            previous: Some(previous),
        }
    }
}

impl Drop for RecordingHook {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take() {
            panic::set_hook(previous);
        }
    }
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Refuses `refuse.json`, panics on `panic.json` and, like the generator's own threads, on a
    /// thread of its own for `nested.json`.
    fn fake(spec: &SpecFile, _: &str) -> Result<SpecPaging, generator::Error> {
        match spec.path.as_str() {
            "api/refuse.json" => Err(generator::Error {
                file: spec.path.clone(),
                location: None,
                pointer: None,
                message: "`x` is not supported".into(),
            }),
            "api/panic.json" => panic!("direct {}", 1),
            "api/nested.json" => thread::scope(|scope| {
                scope
                    .spawn(|| panic!("deep inside"))
                    .join()
                    .expect("the inner thread does not panic")
            }),
            _ => Ok(SpecPaging::default()),
        }
    }

    #[test]
    fn every_outcome_is_recorded_and_panics_are_attributed() {
        let dir = std::env::temp_dir().join(format!("xtask-corpus-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("api")).unwrap();
        let names = ["ok", "refuse", "panic", "nested", "old"];
        let specs: Vec<SpecFile> = names
            .iter()
            .map(|name| {
                let path = format!("api/{name}.json");
                let version = if *name == "old" { "3.2.0" } else { "3.0.3" };
                std::fs::write(dir.join(&path), format!(r#"{{"openapi":"{version}"}}"#)).unwrap();
                SpecFile {
                    provider: directory::provider_of(&path),
                    path,
                    bytes: 1,
                }
            })
            .collect();
        let results = run_all(&dir, &specs, 2, &fake).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let generation: Vec<&Generation> = results.iter().map(|r| &r.generation).collect();
        assert_eq!(generation[0], &Generation::Generated);
        assert!(matches!(generation[1], Generation::Refused(e) if e.message.contains("`x`")));
        let Generation::Panicked(direct) = generation[2] else {
            panic!("expected a panic, got {:?}", generation[2]);
        };
        assert!(
            direct.contains("generate.rs:") && direct.ends_with("direct 1"),
            "{direct}"
        );
        let Generation::Panicked(nested) = generation[3] else {
            panic!("expected a panic, got {:?}", generation[3]);
        };
        assert!(
            nested.contains("deep inside") && nested.contains("the inner thread does not panic"),
            "{nested}"
        );
        assert!(
            nested.find("deep inside") < nested.find("the inner thread"),
            "{nested}"
        );
        assert_eq!(generation[4], &Generation::Skipped("OpenAPI 3.2.0".into()));
    }
}

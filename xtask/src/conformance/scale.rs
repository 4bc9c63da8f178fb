//! `cargo xtask conformance --spec FILE ... --corpus N [--check | --bless]`: every operation of
//! any spec, against Prism.
//!
//! For each spec: the client crate is generated into `target/conformance/<name>/<crate>/`, and
//! beside it the driver (`generator::conformance_driver`), a binary that calls every operation
//! with the example values the IR records (required values; then every optional parameter too;
//! then once per other media type of the body), each call bounded by a timeout, and prints one
//! line per call. All crates are members of one workspace, `target/conformance/Cargo.toml`,
//! built with one `cargo build --keep-going` into one target directory, so dependencies build
//! once. Then each driver runs against its own Prism (`prism mock SPEC --errors`, loopback,
//! free port), whose log tells which failures it blames on the spec's own examples and
//! responses. The report is a table per spec and the reasons ranked, in total and per spec;
//! `--check` compares with `tests/conformance/baseline.txt`, `--bless` writes it.
//!
//! `--spec` takes a path relative to the workspace root, or one relative to the corpus
//! package (`api/rev.ai.json`). `--corpus N` adds N specs of the corpus spread over providers
//! (the order of `corpus --compile`), skipping those that do not generate.

mod baseline;
mod calls;

use std::collections::BTreeSet;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::server::PrismServer;
use super::{install, node};
use crate::corpus::{directory, sample};
use calls::{Call, SpecReport};

/// The checked-in outcomes, relative to the workspace root.
pub(super) const BASELINE: &str = "tests/conformance/baseline.txt";
/// How long one driver may run in all (each call has its own, shorter, timeout).
const DRIVER_TIMEOUT: Duration = Duration::from_secs(600);

/// One spec to drive.
struct Spec {
    /// How it is named in reports and the baseline: as given, or its path in the corpus.
    label: String,
    /// Where it is.
    path: PathBuf,
    /// The client crate's package name.
    crate_name: String,
}

impl Spec {
    /// The directory holding its client crate and its driver.
    fn dir(&self, out: &Path) -> PathBuf {
        out.join(self.crate_name.trim_start_matches("conformance-"))
    }
}

/// Runs the command with its arguments (at least one of `--spec` and `--corpus`).
pub(super) fn run(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let mut given = Vec::new();
    while let Some(spec) = crate::take_option(&mut args, "--spec")? {
        given.push(spec);
    }
    let corpus = crate::take_positive(&mut args, "--corpus")?.unwrap_or(0);
    let check = crate::take_flag(&mut args, "--check");
    let bless = crate::take_flag(&mut args, "--bless");
    if let Some(extra) = args.first() {
        return Err(format!(
            "unexpected argument `{extra}`; see `cargo xtask help`"
        ));
    }
    if check && bless {
        return Err("--check and --bless exclude each other".into());
    }
    let root = crate::workspace_root();
    let out = root.join("target/conformance");
    fs::create_dir_all(&out).map_err(|e| format!("creating {}: {e}", out.display()))?;

    let specs = choose_specs(&root, &given, corpus)?;
    if specs.is_empty() {
        return Err("no spec to drive".into());
    }
    node::check_node()?;
    let prism = install::install_prism(&root)?;
    let started = Instant::now();
    for spec in &specs {
        write_crates(&out, spec)?;
    }
    let built = build(&root, &out, &specs)?;
    println!(
        "conformance: built {} drivers in {} s",
        specs.len(),
        started.elapsed().as_secs()
    );

    let mut reports = Vec::new();
    for spec in &specs {
        let report = match built.get(&spec.crate_name) {
            Some(Err(error)) => SpecReport::unbuilt(&spec.label, error),
            Some(Ok(binary)) => drive(&root, &prism, &out, spec, binary)?,
            None => SpecReport::unbuilt(&spec.label, "cargo built no driver binary"),
        };
        println!("conformance: {}", report.summary());
        reports.push(report);
    }
    print!("{}", calls::table(&reports));
    print!("{}", calls::reasons(&reports));
    println!(
        "conformance: {} specs in {} s",
        reports.len(),
        started.elapsed().as_secs()
    );

    let path = root.join(BASELINE);
    let run = baseline::Baseline::of(&reports);
    if bless {
        let old = fs::read_to_string(&path).unwrap_or_default();
        let old = baseline::Baseline::parse(&old)?;
        let merged = old.merged(&run);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        }
        fs::write(&path, merged.render())
            .map_err(|e| format!("writing {}: {e}", path.display()))?;
        println!("conformance: wrote {BASELINE}");
    }
    if check {
        let text = fs::read_to_string(&path).map_err(|e| format!("reading {BASELINE}: {e}"))?;
        let recorded = baseline::Baseline::parse(&text)?;
        let changes = recorded.compare(&run);
        if !changes.is_empty() {
            return Err(format!(
                "conformance differs from {BASELINE}:\n{}\nA regression is to fix; an improvement is recorded with --bless.",
                changes.join("\n")
            ));
        }
        println!("conformance: every spec as recorded in {BASELINE}");
    }
    Ok(())
}

/// The specs given, then `corpus` of the corpus that generate, in the sample's order.
fn choose_specs(root: &Path, given: &[String], corpus: usize) -> Result<Vec<Spec>, String> {
    let mut specs = Vec::new();
    let needs_corpus = corpus > 0 || given.iter().any(|g| !root.join(g).is_file());
    let dir = if needs_corpus {
        Some(directory::install(root)?)
    } else {
        None
    };
    for label in given {
        let path = match (&dir, root.join(label)) {
            (_, path) if path.is_file() => path,
            (Some(dir), _) if dir.join(label).is_file() => dir.join(label),
            _ => return Err(format!("no spec at {label}, nor in the corpus")),
        };
        let text = read(&path)?;
        let spec = spec(label, path);
        generator::build_ir(label, &text).map_err(|e| format!("{label} does not generate: {e}"))?;
        specs.push(spec);
    }
    let Some(dir) = dir.filter(|_| corpus > 0) else {
        return Ok(specs);
    };
    let files = directory::list(&dir)?;
    let candidates: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.path.as_str(), f.provider.as_str()))
        .collect();
    let taken: BTreeSet<String> = specs.iter().map(|s| s.label.clone()).collect();
    let mut skipped = 0;
    let mut chosen = 0;
    for index in sample::choose(&candidates, candidates.len()) {
        if chosen == corpus {
            break;
        }
        let file = &files[index];
        if taken.contains(&file.path) {
            continue;
        }
        let path = dir.join(&file.path);
        let text = read(&path)?;
        let json = file.path.ends_with(".json");
        let generates = matches!(
            directory::declared_version(&text, json),
            directory::Declared::OpenApi3 { .. }
        ) && generator::build_ir(&file.path, &text)
            .is_ok_and(|api| !api.operations.is_empty());
        if generates {
            specs.push(spec(&file.path, path));
            chosen += 1;
        } else {
            skipped += 1;
        }
    }
    println!(
        "conformance: {chosen} specs of the corpus ({skipped} passed over: not OpenAPI 3.0, not generating, or without operations)"
    );
    Ok(specs)
}

fn spec(label: &str, path: PathBuf) -> Spec {
    let name = sample::crate_name(label);
    Spec {
        label: label.to_owned(),
        path,
        crate_name: format!("conformance-{}", name.trim_start_matches("corpus-")),
    }
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

/// Writes the client crate and the driver of `spec`.
fn write_crates(out: &Path, spec: &Spec) -> Result<(), String> {
    let text = read(&spec.path)?;
    let options = generator::Options {
        crate_name: spec.crate_name.clone(),
        crate_version: "0.1.0".into(),
        spec_label: spec.label.clone(),
        command: "cargo xtask conformance".into(),
        standalone: false,
    };
    let dir = spec.dir(out);
    let client = generator::generate(&spec.label, &text, &options).map_err(|e| e.to_string())?;
    let driver =
        generator::conformance_driver(&spec.label, &text, &options).map_err(|e| e.to_string())?;
    for (sub, files) in [(spec.crate_name.as_str(), &client), ("driver", &driver)] {
        let dir = dir.join(sub);
        crate::codegen::write_files(&dir, files)
            .map_err(|e| format!("writing {}: {e}", dir.display()))?;
    }
    Ok(())
}

/// Builds every driver in one workspace; per crate name, the driver binary or the first error.
fn build(
    root: &Path,
    out: &Path,
    specs: &[Spec],
) -> Result<std::collections::BTreeMap<String, Result<PathBuf, String>>, String> {
    let mut manifest = String::from(
        "# Written by `cargo xtask conformance`: the clients and drivers of the specs driven.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n",
    );
    for spec in specs {
        let dir = spec.crate_name.trim_start_matches("conformance-");
        manifest.push_str(&format!(
            "    \"{dir}/{}\",\n    \"{dir}/driver\",\n",
            spec.crate_name
        ));
    }
    manifest.push_str("]\n");
    fs::write(out.join("Cargo.toml"), manifest).map_err(|e| format!("writing workspace: {e}"))?;
    // The workspace's own versions, so the dependencies built for it are the ones used here.
    let lock = out.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(root.join("Cargo.lock"), &lock).map_err(|e| format!("copying Cargo.lock: {e}"))?;
    }
    let log = out.join("cargo.log");
    let log_file =
        fs::File::create(&log).map_err(|e| format!("creating {}: {e}", log.display()))?;
    let mut command = Command::new(crate::cargo_program());
    command
        .args(["build", "--keep-going", "--message-format=json"])
        .current_dir(out)
        .env("CARGO_TARGET_DIR", out.join("target"))
        // Disk is what many crates cost most: no debug info, no incremental state.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .stdin(Stdio::null())
        .stderr(log_file);
    for spec in specs {
        command.args(["-p", &format!("{}-driver", spec.crate_name)]);
    }
    let output = command
        .output()
        .map_err(|e| format!("running cargo build: {e}"))?;
    let messages = String::from_utf8_lossy(&output.stdout);
    let mut built = calls::read_build(&messages);
    for spec in specs {
        built.entry(spec.crate_name.clone()).or_insert_with(|| {
            Err(format!(
                "the driver was not built (cargo's log: {})",
                log.display()
            ))
        });
    }
    Ok(built)
}

/// Runs one driver against Prism serving its spec.
fn drive(
    root: &Path,
    prism: &install::Prism,
    out: &Path,
    spec: &Spec,
    binary: &Path,
) -> Result<SpecReport, String> {
    let dir = spec.dir(out);
    let mut server = PrismServer::start(root, prism, &spec.path, &dir, "prism")?;
    let mut child = Command::new(binary)
        .arg(server.url())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("running {}: {e}", binary.display()))?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + DRIVER_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let text = reader.join().unwrap_or_default();
    // Prism may log the last request after answering it.
    std::thread::sleep(Duration::from_millis(300));
    let log = server.log();
    let prism_exited = server.exited();
    server.stop();
    fs::write(dir.join("calls.txt"), &text).map_err(|e| format!("writing calls: {e}"))?;
    let calls: Vec<Call> = text.lines().filter_map(Call::parse).collect();
    let operations = generator::build_ir(&spec.label, &read(&spec.path)?)
        .map_err(|e| e.to_string())?
        .operations
        .len();
    let mut report = SpecReport::new(&spec.label, operations, calls, &log);
    if prism_exited {
        report.prism_exited();
    }
    match status {
        Some(status) if status.success() => {}
        Some(status) => report.problem = Some(format!("the driver exited with {status}")),
        None => {
            report.problem = Some(format!(
                "the driver ran past {} s and was stopped",
                DRIVER_TIMEOUT.as_secs()
            ))
        }
    }
    Ok(report)
}

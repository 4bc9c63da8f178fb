//! `cargo xtask conformance`: drives every operation of the generated client against Stoplight
//! Prism, a mock server that validates each request against spec/webhooks.yaml.
//!
//! Steps: check Node.js; install the pinned Prism into `.tools/prism/` (git-ignored) unless it
//! is already there; build the suite (tests/conformance.rs); start Prism on a free loopback port
//! and wait, bounded, until it answers; check that it really rejects an invalid request; run the
//! suite with `PRISM_URL` set; stop Prism (also on every error path); then report each
//! operation and fail unless every operation of the spec passed and Prism logged no violation.
//!
//! The suite's tests are grouped in one module per client method (`get_webhooks::stream`), so
//! libtest's `test NAME ... ok` lines say which operation each result belongs to. Requests are
//! counted from Prism's own log, between two marker requests sent before and after the suite.
//!
//! One module per job: `node` checks Node.js, `install` installs Prism, `server` runs it,
//! `http` probes it, `suite` runs the tests, `report` tallies them per operation, `log`
//! reads Prism's log.

mod http;
mod install;
mod log;
mod node;
mod report;
mod scale;
mod server;
mod suite;

pub(crate) use http::http_status;

use std::fs;
use std::path::{Path, PathBuf};

use crate::codegen::SPEC;
use log::{END_MARKER, START_MARKER, count_requests, suite_log, violations};
use server::PrismServer;
use suite::SUITE;

/// The npm package of the Prism CLI.
pub const PRISM_PACKAGE: &str = "@stoplight/prism-cli";
/// The pinned Prism version. The newest release that still runs on Node.js 18 and 20: later
/// ones (5.15 and up) require Node.js 24.
pub const PRISM_VERSION: &str = "5.14.2";
/// Where Prism is installed, relative to the workspace root (git-ignored).
pub const PRISM_DIR: &str = ".tools/prism";

/// Runs `cargo xtask conformance`.
pub fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return scale::run(args);
    }
    let root = crate::workspace_root();
    let operations = spec_operations(&root)?;
    node::check_node()?;
    let prism = install::install_prism(&root)?;
    crate::cargo(
        &root,
        None,
        &["test", "-p", "tests", "--test", SUITE, "--no-run"],
        &[],
    )?;

    let out_dir = target_dir(&root).join("conformance");
    fs::create_dir_all(&out_dir).map_err(|e| format!("creating {}: {e}", out_dir.display()))?;
    let mut server = PrismServer::start(&root, &prism, Path::new(SPEC), &out_dir, "prism")?;
    println!(
        "conformance: Prism {} is serving {SPEC} on {}",
        prism.version,
        server.url()
    );
    server.check_validates()?;
    server.request(START_MARKER)?;
    let suite = suite::run_suite(&root, &server.url());
    server.request(END_MARKER)?;
    server.wait_for_log(END_MARKER)?;
    let log = server.log();
    server.stop();
    let suite = suite?;

    let prism_log = suite_log(&log).ok_or_else(|| {
        format!(
            "the suite's requests were not found in Prism's log {}",
            server.stdout.display()
        )
    })?;
    let requests = count_requests(prism_log);
    let violations = violations(prism_log);
    let report = report::tally(&operations, &suite.results);
    for line in report.lines() {
        println!("conformance: {line}");
    }
    let passed = report.operations.iter().filter(|op| op.passed()).count();
    println!(
        "conformance: {passed}/{} operations passed against Prism {} ({requests} requests)",
        report.operations.len(),
        prism.version
    );

    let mut problems = Vec::new();
    if !suite.status.success() {
        problems.push(format!("the suite failed ({})", suite.status));
    }
    if passed < report.operations.len() {
        problems.push(format!(
            "{} of {} operations did not pass",
            report.operations.len() - passed,
            report.operations.len()
        ));
    }
    if !violations.is_empty() {
        problems.push(format!(
            "Prism logged {} violation(s):\n{}",
            violations.len(),
            violations.join("\n")
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "conformance failed: {}\nPrism's log: {}",
            problems.join("; "),
            server.stdout.display()
        ))
    }
}

/// The client method of every operation in the spec, in the generated crate's order.
fn spec_operations(root: &Path) -> Result<Vec<String>, String> {
    let text = fs::read_to_string(root.join(SPEC)).map_err(|e| format!("reading {SPEC}: {e}"))?;
    let api = generator::build_ir(SPEC, &text).map_err(|e| e.to_string())?;
    Ok(api.operations.into_iter().map(|op| op.fn_name).collect())
}

/// The cargo target directory.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |dir| root.join(dir))
}

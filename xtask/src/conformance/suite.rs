//! The suite (`tests/conformance.rs`), run against Prism with its results read from libtest's
//! output.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

/// The test target holding the suite.
pub(super) const SUITE: &str = "conformance";

/// The suite's outcome.
pub(super) struct SuiteRun {
    pub(super) status: ExitStatus,
    pub(super) results: Vec<TestResult>,
}

/// One `test NAME ... OUTCOME` line of libtest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TestResult {
    pub(super) name: String,
    pub(super) passed: bool,
}

/// Runs the suite against Prism at `url`, echoing its output and collecting its results.
pub(super) fn run_suite(root: &Path, url: &str) -> Result<SuiteRun, String> {
    let mut child = Command::new(crate::cargo_program())
        .args(["test", "-p", "tests", "--test", SUITE, "--"])
        .args(["--include-ignored", "--test-threads=1"])
        .env("PRISM_URL", url)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("running cargo: {e}"))?;
    let mut results = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("reading the suite's output: {e}"))?;
            println!("{line}");
            results.extend(parse_test_line(&line));
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for cargo: {e}"))?;
    Ok(SuiteRun { status, results })
}

/// Parses libtest's `test get_webhooks::stream ... ok` (or `... FAILED`).
fn parse_test_line(line: &str) -> Option<TestResult> {
    let (name, outcome) = line.strip_prefix("test ")?.split_once(" ... ")?;
    Some(TestResult {
        name: name.to_owned(),
        passed: outcome.trim() == "ok",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libtest_lines_are_parsed() {
        assert_eq!(
            parse_test_line("test get_webhooks::stream ... ok"),
            Some(TestResult {
                name: "get_webhooks::stream".into(),
                passed: true
            })
        );
        assert_eq!(
            parse_test_line("test create_webhook::every_option ... FAILED"),
            Some(TestResult {
                name: "create_webhook::every_option".into(),
                passed: false
            })
        );
        assert_eq!(parse_test_line("running 14 tests"), None);
        assert_eq!(
            parse_test_line("test result: ok. 14 passed; 0 failed; 0 ignored"),
            None
        );
    }
}

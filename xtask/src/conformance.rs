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

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufRead as _, BufReader, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::codegen::SPEC;

/// The npm package of the Prism CLI.
pub const PRISM_PACKAGE: &str = "@stoplight/prism-cli";
/// The pinned Prism version. The newest release that still runs on Node.js 18 and 20: later
/// ones (5.15 and up) require Node.js 24.
pub const PRISM_VERSION: &str = "5.14.2";
/// The oldest Node.js the pinned Prism supports (its `engines.node`).
const MIN_NODE: (u32, u32, u32) = (18, 20, 1);
/// Where Prism is installed, relative to the workspace root (git-ignored).
pub const PRISM_DIR: &str = ".tools/prism";
/// Prism's entry point inside [`PRISM_DIR`], run with `node` directly (portable, no shims).
const PRISM_SCRIPT: &str = "node_modules/@stoplight/prism-cli/dist/index.js";
/// The test target holding the suite.
const SUITE: &str = "conformance";
/// How long Prism may take to answer after it was started.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// How many times Prism is started on a new port when the free port found was taken meanwhile.
const PORT_ATTEMPTS: u32 = 3;
/// Requested before and after the suite, so that its requests can be told apart in Prism's log.
const START_MARKER: &str = "/webhooks/conformance-suite-start";
const END_MARKER: &str = "/webhooks/conformance-suite-end";
/// A request the spec forbids (`limit` must be at least 1): Prism must answer it with 400.
const INVALID_REQUEST: &str = "/webhooks?workspace=1331&limit=0";

/// Runs `cargo xtask conformance`.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(extra) = args.first() {
        return Err(format!(
            "unexpected argument `{extra}`; see `cargo xtask help`"
        ));
    }
    let root = crate::workspace_root();
    let operations = spec_operations(&root)?;
    check_node()?;
    let prism = install_prism(&root)?;
    crate::cargo(
        &root,
        None,
        &["test", "-p", "tests", "--test", SUITE, "--no-run"],
        &[],
    )?;

    let out_dir = target_dir(&root).join("conformance");
    fs::create_dir_all(&out_dir).map_err(|e| format!("creating {}: {e}", out_dir.display()))?;
    let mut server = PrismServer::start(&root, &prism, &out_dir)?;
    println!(
        "conformance: Prism {} is serving {SPEC} on {}",
        prism.version,
        server.url()
    );
    server.check_validates()?;
    server.request(START_MARKER)?;
    let suite = run_suite(&root, &server.url());
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
    let report = tally(&operations, &suite.results);
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

/// Checks that Node.js is installed and recent enough for the pinned Prism.
fn check_node() -> Result<(), String> {
    let (min_major, min_minor, min_patch) = MIN_NODE;
    let needed = format!(
        "Prism {PRISM_VERSION} needs Node.js >= {min_major}.{min_minor}.{min_patch} and npm on PATH"
    );
    let output = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| format!("running `node --version`: {e}; {needed}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    match parse_node_version(&text) {
        Some(version) if version >= MIN_NODE => Ok(()),
        Some(_) => Err(format!("found Node.js {}; {needed}", text.trim())),
        None => Err(format!(
            "`node --version` printed {:?}; {needed}",
            text.trim()
        )),
    }
}

/// Parses `v20.11.1` into `(20, 11, 1)`.
fn parse_node_version(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.trim().strip_prefix('v')?.splitn(3, '.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    let patch = parts.next()?.parse().ok()?;
    Some((major, minor, patch))
}

/// An installed Prism.
struct Prism {
    /// Its entry point, run with `node`.
    script: PathBuf,
    /// What `prism --version` printed.
    version: String,
}

/// Installs the pinned Prism into [`PRISM_DIR`] unless that version is already there.
fn install_prism(root: &Path) -> Result<Prism, String> {
    let dir = root.join(PRISM_DIR);
    let script = dir.join(PRISM_SCRIPT);
    if let Some(version) = prism_version(&script) {
        if version == PRISM_VERSION {
            return Ok(Prism { script, version });
        }
        println!("conformance: found Prism {version} in {PRISM_DIR}, want {PRISM_VERSION}");
    }
    let package = format!("{PRISM_PACKAGE}@{PRISM_VERSION}");
    crate::npm_install(root, PRISM_DIR, &package, "conformance")?;
    match prism_version(&script) {
        Some(version) if version == PRISM_VERSION => Ok(Prism { script, version }),
        other => Err(format!(
            "after installing {package}, `{}` reports version {other:?}",
            script.display()
        )),
    }
}

/// The version the Prism at `script` reports, if it runs.
fn prism_version(script: &Path) -> Option<String> {
    if !script.is_file() {
        return None;
    }
    let output = Command::new("node")
        .arg(script)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !version.is_empty()).then_some(version)
}

/// A running Prism, stopped when dropped, whatever happened.
struct PrismServer {
    child: Child,
    port: u16,
    stdout: PathBuf,
    stderr: PathBuf,
}

/// Why Prism did not come up.
enum Startup {
    /// The port was taken between finding it free and Prism binding it: try another.
    PortTaken,
    Failed(String),
}

impl PrismServer {
    /// Starts Prism on a free loopback port and waits until it answers.
    fn start(root: &Path, prism: &Prism, out_dir: &Path) -> Result<PrismServer, String> {
        let mut attempt = 1;
        loop {
            let mut server = Self::spawn(root, prism, out_dir)?;
            match server.wait_until_ready() {
                Ok(()) => return Ok(server),
                Err(Startup::PortTaken) if attempt < PORT_ATTEMPTS => attempt += 1,
                Err(Startup::PortTaken) => {
                    return Err(format!(
                        "Prism found its port taken {PORT_ATTEMPTS} times:\n{}",
                        server.output()
                    ));
                }
                Err(Startup::Failed(message)) => return Err(message),
            }
        }
    }

    fn spawn(root: &Path, prism: &Prism, out_dir: &Path) -> Result<PrismServer, String> {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .map_err(|e| format!("finding a free port on 127.0.0.1: {e}"))?
            .port();
        let stdout = out_dir.join("prism.log");
        let stderr = out_dir.join("prism.stderr.log");
        let create = |path: &Path| {
            File::create(path).map_err(|e| format!("creating {}: {e}", path.display()))
        };
        let child = Command::new("node")
            .arg(&prism.script)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--errors", "--verboseLevel", "info", SPEC])
            .current_dir(root)
            .stdin(Stdio::null())
            .stdout(create(&stdout)?)
            .stderr(create(&stderr)?)
            .spawn()
            .map_err(|e| format!("starting Prism: {e}"))?;
        Ok(PrismServer {
            child,
            port,
            stdout,
            stderr,
        })
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Polls until Prism answers an HTTP request, exits, or [`STARTUP_TIMEOUT`] passes.
    fn wait_until_ready(&mut self) -> Result<(), Startup> {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    let output = self.output();
                    if output.contains("EADDRINUSE") {
                        return Err(Startup::PortTaken);
                    }
                    return Err(Startup::Failed(format!(
                        "Prism exited ({status}) before answering on {}:\n{output}",
                        self.url()
                    )));
                }
                Ok(None) => {}
                Err(e) => return Err(Startup::Failed(format!("checking on Prism: {e}"))),
            }
            if http_status(self.port, "/webhooks/conformance-ready").is_ok() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(Startup::Failed(format!(
                    "Prism did not answer on {} within {} s:\n{}",
                    self.url(),
                    STARTUP_TIMEOUT.as_secs(),
                    self.output()
                )));
            }
            thread::sleep(Duration::from_millis(200));
        }
    }

    /// Checks that Prism rejects a request the spec forbids; if it did not, a passing suite
    /// would prove nothing.
    fn check_validates(&self) -> Result<(), String> {
        let status = http_status(self.port, INVALID_REQUEST)
            .map_err(|e| format!("requesting {INVALID_REQUEST} from Prism: {e}"))?;
        if status == 400 {
            Ok(())
        } else {
            Err(format!(
                "Prism answered {status} to {INVALID_REQUEST}, which the spec forbids (limit >= 1): \
                 it is not validating requests, so the suite would prove nothing"
            ))
        }
    }

    /// Sends a marker request; any answer will do.
    fn request(&self, target: &str) -> Result<(), String> {
        http_status(self.port, target)
            .map(drop)
            .map_err(|e| format!("requesting {target} from Prism: {e}"))
    }

    /// Waits (briefly) until Prism's log shows the request for `target`: it may log
    /// asynchronously.
    fn wait_for_log(&self, target: &str) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.log().lines().any(|line| is_request_line(line, target)) {
            if Instant::now() >= deadline {
                return Err(format!(
                    "Prism's log {} does not show the request for {target}",
                    self.stdout.display()
                ));
            }
            thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }

    /// Prism's standard output so far.
    fn log(&self) -> String {
        fs::read(&self.stdout).map_or_else(
            |_| String::new(),
            |bytes| String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    /// Prism's standard error and the end of its standard output, for error messages.
    fn output(&self) -> String {
        let stderr = fs::read(&self.stderr).map_or_else(
            |_| String::new(),
            |bytes| String::from_utf8_lossy(&bytes).into_owned(),
        );
        let log = self.log();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(30)..].join("\n");
        format!(
            "--- Prism's stderr ({}):\n{}\n--- end of Prism's stdout ({}):\n{tail}",
            self.stderr.display(),
            stderr.trim_end(),
            self.stdout.display()
        )
    }

    /// Stops Prism (a single node process: it is started without `--multiprocess`) and reaps it.
    fn stop(&mut self) {
        // Fails only if it has already exited, which is what is wanted.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for PrismServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Sends `GET target` to Prism on 127.0.0.1:`port`, with a bearer token, and returns the
/// response status.
fn http_status(port: u16, target: &str) -> io::Result<u16> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(1))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer conformance\r\n\
         Accept: application/json\r\nConnection: close\r\n\r\n"
    )?;
    let mut status_line = String::new();
    BufReader::new(stream).read_line(&mut status_line)?;
    parse_status_line(&status_line).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not an HTTP response: {status_line:?}"),
        )
    })
}

/// Parses `HTTP/1.1 200 OK` into `200`.
fn parse_status_line(line: &str) -> Option<u16> {
    let mut parts = line.split_whitespace();
    parts.next()?.strip_prefix("HTTP/")?;
    parts.next()?.parse().ok()
}

/// The suite's outcome.
struct SuiteRun {
    status: ExitStatus,
    results: Vec<TestResult>,
}

/// One `test NAME ... OUTCOME` line of libtest.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TestResult {
    name: String,
    passed: bool,
}

/// Runs the suite against Prism at `url`, echoing its output and collecting its results.
fn run_suite(root: &Path, url: &str) -> Result<SuiteRun, String> {
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

/// The results of one operation.
#[derive(Debug, PartialEq, Eq)]
struct OperationReport {
    name: String,
    tests: usize,
    passed_tests: usize,
}

impl OperationReport {
    /// At least one test ran, and every one passed.
    fn passed(&self) -> bool {
        self.tests > 0 && self.passed_tests == self.tests
    }
}

/// Per-operation results, plus the tests that belong to no operation of the spec.
#[derive(Debug, PartialEq, Eq)]
struct Report {
    operations: Vec<OperationReport>,
    stray_tests: Vec<String>,
}

impl Report {
    /// One line per operation, then one for stray tests if any.
    fn lines(&self) -> Vec<String> {
        let width = self
            .operations
            .iter()
            .map(|op| op.name.len())
            .max()
            .unwrap_or(0);
        let mut lines: Vec<String> = self
            .operations
            .iter()
            .map(|op| {
                let verdict = if op.passed() { "ok" } else { "FAILED" };
                let mut line = format!("{:width$}  {verdict:6}  ", op.name);
                if op.tests == 0 {
                    line.push_str("no test drives it");
                } else {
                    let _ = write!(line, "{}/{} tests passed", op.passed_tests, op.tests);
                }
                line
            })
            .collect();
        if !self.stray_tests.is_empty() {
            lines.push(format!(
                "tests outside any operation module: {}",
                self.stray_tests.join(", ")
            ));
        }
        lines
    }
}

/// Groups test results by operation: a test belongs to the operation whose client method
/// names its module (`get_webhooks::stream` belongs to `get_webhooks`).
fn tally(operations: &[String], results: &[TestResult]) -> Report {
    let module = |result: &TestResult| {
        result
            .name
            .split_once("::")
            .map(|(module, _)| module.to_owned())
    };
    let operations = operations
        .iter()
        .map(|name| {
            let tests: Vec<&TestResult> = results
                .iter()
                .filter(|result| module(result).as_deref() == Some(name.as_str()))
                .collect();
            OperationReport {
                name: name.clone(),
                tests: tests.len(),
                passed_tests: tests.iter().filter(|result| result.passed).count(),
            }
        })
        .collect::<Vec<_>>();
    let stray_tests = results
        .iter()
        .filter(|result| {
            module(result).is_none_or(|module| !operations.iter().any(|op| op.name == module))
        })
        .map(|result| result.name.clone())
        .collect();
    Report {
        operations,
        stray_tests,
    }
}

/// Whether `line` of Prism's log records a request for `target`
/// (`[HTTP SERVER] get /webhooks/x ℹ  info      Request received`).
fn is_request_line(line: &str, target: &str) -> bool {
    line.contains("[HTTP SERVER]")
        && line.contains("Request received")
        && line.split_whitespace().any(|word| word == target)
}

/// The part of Prism's log between the start and end markers.
fn suite_log(log: &str) -> Option<&str> {
    let start = line_end_after(log, START_MARKER)?;
    let end = start + line_start_of(&log[start..], END_MARKER)?;
    Some(&log[start..end])
}

/// The byte offset just after the line recording the request for `target`.
fn line_end_after(log: &str, target: &str) -> Option<usize> {
    let start = line_start_of(log, target)?;
    let rest = &log[start..];
    Some(start + rest.find('\n').map_or(rest.len(), |newline| newline + 1))
}

/// The byte offset of the line recording the request for `target`.
fn line_start_of(log: &str, target: &str) -> Option<usize> {
    let mut offset = 0;
    for line in log.split_inclusive('\n') {
        if is_request_line(line, target) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// How many requests Prism received.
fn count_requests(log: &str) -> usize {
    log.lines()
        .filter(|line| line.contains("[HTTP SERVER]") && line.contains("Request received"))
        .count()
}

/// The validation problems Prism logged, errors and warnings alike.
fn violations(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| line.contains("Violation:"))
        .map(str::trim)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\
[1:00:00 AM] › [CLI] ▶  start     Prism is listening on http://127.0.0.1:4010
[1:00:01 AM] › [HTTP SERVER] get /webhooks?workspace=1331&limit=0 ℹ  info      Request received
[1:00:01 AM] ›     [VALIDATOR] ✖  error     Violation: request.query.limit Request query parameter limit must be >= 1
[1:00:01 AM] › [HTTP SERVER] get /webhooks/conformance-suite-start ℹ  info      Request received
[1:00:01 AM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[1:00:02 AM] › [HTTP SERVER] post /webhooks ℹ  info      Request received
[1:00:02 AM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[1:00:02 AM] › [HTTP SERVER] get /webhooks/12345 ℹ  info      Request received
[1:00:02 AM] ›     [VALIDATOR] ✖  error     Violation: request.query.opt_fields.1 must be equal to one of the allowed values
[1:00:03 AM] › [HTTP SERVER] get /webhooks/conformance-suite-end ℹ  info      Request received
";

    #[test]
    fn the_suite_log_lies_between_the_markers() {
        let suite = suite_log(LOG).expect("both markers are found");
        assert_eq!(count_requests(suite), 2);
        assert_eq!(
            violations(suite),
            [
                "[1:00:02 AM] ›     [VALIDATOR] ✖  error     Violation: request.query.opt_fields.1 must be equal to one of the allowed values"
            ]
        );
        assert_eq!(suite_log("no markers"), None);
    }

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

    #[test]
    fn operations_pass_only_when_driven_and_all_their_tests_pass() {
        let result = |name: &str, passed| TestResult {
            name: name.into(),
            passed,
        };
        let operations = [
            "create_webhook",
            "get_webhook",
            "get_webhooks",
            "delete_webhook",
        ]
        .map(String::from);
        let results = [
            result("create_webhook::required_only", true),
            result("create_webhook::every_option", true),
            result("get_webhooks::stream", true),
            result("get_webhook::every_option", false),
            result("helper_check", true),
        ];
        let report = tally(&operations, &results);
        let passed: Vec<(&str, bool, usize)> = report
            .operations
            .iter()
            .map(|op| (op.name.as_str(), op.passed(), op.tests))
            .collect();
        assert_eq!(
            passed,
            [
                ("create_webhook", true, 2),
                ("get_webhook", false, 1),
                ("get_webhooks", true, 1),
                ("delete_webhook", false, 0)
            ]
        );
        assert_eq!(report.stray_tests, ["helper_check"]);
        let lines = report.lines();
        assert_eq!(lines[0], "create_webhook  ok      2/2 tests passed");
        assert_eq!(lines[3], "delete_webhook  FAILED  no test drives it");
    }

    #[test]
    fn node_versions_and_status_lines_are_parsed() {
        assert_eq!(parse_node_version("v20.11.1\n"), Some((20, 11, 1)));
        assert_eq!(parse_node_version("20.11.1"), None);
        assert!(parse_node_version("v18.20.0").is_some_and(|v| v < MIN_NODE));
        assert_eq!(parse_status_line("HTTP/1.1 400 Bad Request\r\n"), Some(400));
        assert_eq!(parse_status_line("SSH-2.0-OpenSSH"), None);
    }
}

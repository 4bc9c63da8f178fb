//! The per-operation report: which operations the suite drove, and whether all their tests
//! passed.

use std::fmt::Write as _;

use super::suite::TestResult;

/// The results of one operation.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct OperationReport {
    pub(super) name: String,
    pub(super) tests: usize,
    pub(super) passed_tests: usize,
}

impl OperationReport {
    /// At least one test ran, and every one passed.
    pub(super) fn passed(&self) -> bool {
        self.tests > 0 && self.passed_tests == self.tests
    }
}

/// Per-operation results, plus the tests that belong to no operation of the spec.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Report {
    pub(super) operations: Vec<OperationReport>,
    pub(super) stray_tests: Vec<String>,
}

impl Report {
    /// One line per operation, then one for stray tests if any.
    pub(super) fn lines(&self) -> Vec<String> {
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
pub(super) fn tally(operations: &[String], results: &[TestResult]) -> Report {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}

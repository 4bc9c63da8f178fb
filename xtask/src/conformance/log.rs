//! Prism's log: which requests it received between the suite's markers, and what it found
//! wrong with them.

/// Requested before and after the suite, so that its requests can be told apart in Prism's log.
pub(super) const START_MARKER: &str = "/webhooks/conformance-suite-start";
pub(super) const END_MARKER: &str = "/webhooks/conformance-suite-end";

/// Whether `line` of Prism's log records a request for `target`
/// (`[HTTP SERVER] get /webhooks/x ℹ  info      Request received`).
pub(super) fn is_request_line(line: &str, target: &str) -> bool {
    line.contains("[HTTP SERVER]")
        && line.contains("Request received")
        && line.split_whitespace().any(|word| word == target)
}

/// The part of Prism's log between the start and end markers.
pub(super) fn suite_log(log: &str) -> Option<&str> {
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
pub(super) fn count_requests(log: &str) -> usize {
    log.lines()
        .filter(|line| line.contains("[HTTP SERVER]") && line.contains("Request received"))
        .count()
}

/// The validation problems Prism logged, errors and warnings alike.
pub(super) fn violations(log: &str) -> Vec<&str> {
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
}

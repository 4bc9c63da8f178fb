//! What the drivers printed and what Prism logged: each call classified, attributed to the spec
//! where Prism's log blames its own example or response, tallied per spec, and the reasons of
//! the failures ranked.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use crate::corpus::reason::normalise;

/// Longest reason kept, in characters.
const REASON_CHARS: usize = 160;

/// Why a failed call is not counted against the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Attribution {
    /// Prism blames the spec: the response it made from the spec's own example or schema
    /// breaks the spec, or it exited while serving the spec.
    Spec(String),
    /// The request is what the spec asks for, and Prism cannot judge or answer it: a body of a
    /// media type it does not parse, or a response it cannot produce for the `Accept` the
    /// spec's own responses declare.
    Prism(String),
}

impl Attribution {
    fn text(&self) -> &str {
        match self {
            Attribution::Spec(text) | Attribution::Prism(text) => text,
        }
    }
}

/// One line of a driver: `call <TAB> operation <TAB> variant <TAB> outcome <TAB> status <TAB>
/// detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Call {
    pub(super) operation: String,
    pub(super) variant: String,
    pub(super) outcome: String,
    pub(super) status: Option<u16>,
    pub(super) detail: String,
}

/// Statuses with which Prism refuses a request rather than answers it: invalid (400, 422),
/// unauthenticated (401, 403), no such path or method (404, 405), unacceptable media types
/// (406, 415).
const REFUSALS: [u16; 8] = [400, 401, 403, 404, 405, 406, 415, 422];

impl Call {
    /// Parses a driver's line; `None` for any other line.
    pub(super) fn parse(line: &str) -> Option<Call> {
        let mut parts = line.strip_prefix("call\t")?.splitn(5, '\t');
        Some(Call {
            operation: parts.next()?.to_owned(),
            variant: parts.next()?.to_owned(),
            outcome: parts.next()?.to_owned(),
            status: parts.next()?.parse().ok(),
            detail: parts.next().unwrap_or_default().to_owned(),
        })
    }

    /// The request reached the server (and so has a request in its log).
    fn reached(&self) -> bool {
        !matches!(self.outcome.as_str(), "example-error" | "request-error")
    }

    /// The server took the request: it answered with a success or an error of its own.
    /// Prism answers some refusals with a 500 when it cannot write its error in the type
    /// asked for; its violations (located in the request) tell them apart.
    pub(super) fn accepted(&self) -> bool {
        match self.outcome.as_str() {
            "ok" | "not-decoded" => true,
            "status" => {
                self.status.is_some_and(|s| !REFUSALS.contains(&s))
                    && !self
                        .violations()
                        .iter()
                        .any(|(at, _)| at.starts_with("request"))
            }
            _ => false,
        }
    }

    /// The violations Prism reported with its answer (its `sl-violations` header, a JSON array
    /// of `{location, message}`): where, and what.
    fn violations(&self) -> Vec<(String, String)> {
        // The header (after `Too many violations! ` when Prism cut the list short), or the
        // `validation` of Prism's own problem body.
        let text = self.detail.trim_start_matches("Too many violations! ");
        let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        let list = match &value {
            serde_json::Value::Array(list) => list.as_slice(),
            other => other["validation"]
                .as_array()
                .map_or(&[][..], Vec::as_slice),
        };
        list.iter()
            .map(|v| {
                let location: Vec<&str> = v["location"]
                    .as_array()
                    .map(|parts| parts.iter().filter_map(|p| p.as_str()).collect())
                    .unwrap_or_default();
                let message = v["message"].as_str().unwrap_or_default();
                (location.join("."), message.to_owned())
            })
            .collect()
    }

    /// Why this failed call is not counted against the client, if it is not; `logged` is
    /// what Prism's log says of its request, where the log could be matched to the calls.
    fn attribution(&self, logged: Option<&Logged>) -> Option<Attribution> {
        let spec = self
            .spec_blame()
            .or_else(|| logged.and_then(|l| l.blame.clone()));
        let prism = self
            .prism_limit()
            .or_else(|| logged.and_then(|l| l.limit.clone()));
        spec.map(Attribution::Spec)
            .or_else(|| prism.map(Attribution::Prism))
    }

    /// What Prism blames on the spec, for a failed call whose every violation is in the
    /// response Prism made from the spec's own example: the first of them.
    fn spec_blame(&self) -> Option<String> {
        let violations = self.violations();
        let first = violations.first()?;
        let all_response = violations.iter().all(|(at, _)| at.starts_with("response"));
        (self.outcome != "ok" && all_response).then(|| format!("{}: {}", first.0, first.1))
    }

    /// What Prism cannot judge, for a failed call whose body is of a media type Prism validates
    /// as text (XML, `text/json`) and whose only violations say the body is not the object or
    /// array the schema wants; or a multipart body whose only violations say a part is not an
    /// object (Prism reads every part as text, a part sent as `application/json` too).
    fn prism_limit(&self) -> Option<String> {
        let media_type = self.variant.strip_prefix("media:")?;
        let violations = self.violations();
        let all = |test: &dyn Fn(&str, &str) -> bool| {
            !violations.is_empty() && violations.iter().all(|(at, message)| test(at, message))
        };
        let unparsed = media_type == "text/json"
            || media_type.ends_with("/xml")
            || media_type.ends_with("+xml");
        let whole_body = |at: &str, message: &str| {
            matches!(at, "body" | "request.body")
                && matches!(
                    message,
                    "Request body must be object" | "Request body must be array"
                )
        };
        let object_part = |at: &str, message: &str| {
            let part = at
                .strip_prefix("request.body.")
                .or_else(|| at.strip_prefix("body."));
            part.is_some_and(|part| {
                !part.contains('.')
                    && message == format!("Request body property {part} must be object")
            })
        };
        if self.outcome == "ok" {
            None
        } else if unparsed && all(&whole_body) {
            Some(format!(
                "Prism does not parse `{media_type}` bodies: it validated the text as a string"
            ))
        } else if media_type == "multipart/form-data" && all(&object_part) {
            Some("Prism reads multipart parts as text: a JSON part is not an object to it".into())
        } else {
            None
        }
    }

    /// A 2xx response came back, decoded or not.
    fn succeeded(&self) -> bool {
        matches!(self.outcome.as_str(), "ok" | "not-decoded")
    }

    /// Why it failed, with names and numbers taken out so that alike failures group.
    pub(super) fn reason(&self) -> String {
        let violations = self.violations();
        let detail = if violations.is_empty() {
            normalise(&self.detail)
        } else {
            let texts: Vec<String> = violations
                .iter()
                .take(3)
                .map(|(at, message)| {
                    // The first two parts: `request.body`, `request.query`.
                    let at: Vec<&str> = at.split('.').take(2).collect();
                    format!("{}: {}", at.join("."), normalise(&quote_names(message)))
                })
                .collect();
            texts.join("; ")
        };
        let head = match (self.outcome.as_str(), self.status) {
            ("rejected" | "status", Some(status)) => format!("{} {status}", self.outcome),
            (outcome, _) => outcome.to_owned(),
        };
        let reason = format!("{head}: {detail}");
        reason.chars().take(REASON_CHARS).collect()
    }
}

/// Prism's messages name properties in single quotes (`'name'`): as backticks, so that
/// normalising takes the names out.
fn quote_names(message: &str) -> String {
    message.replace('\'', "`")
}

/// One request in Prism's log, with the lines that follow it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Logged {
    /// What Prism blamed on the spec: a violation of the response it made from the spec
    /// (`Violation: response...`), or the end of a request that passed validation but whose
    /// response did not (`Request terminated with error: ...#VIOLATIONS`).
    blame: Option<String>,
    /// What Prism could not do for a request that passed validation: answer it in a media
    /// type the `Accept` names (`Request terminated with error: ...#NOT_ACCEPTABLE`), which
    /// happens when the spec's response declares only a wildcard such as `*/*`.
    limit: Option<String>,
}

/// The requests in Prism's log, in order, but for the readiness probe.
fn logged_requests(log: &str) -> Vec<Logged> {
    let mut requests: Vec<Logged> = Vec::new();
    let mut passed = false;
    let mut probe = false;
    for line in log.lines() {
        let server = line.contains("[HTTP SERVER]");
        if server && line.contains("Request received") {
            probe = line.contains("/conformance-ready");
            passed = false;
            if !probe {
                requests.push(Logged::default());
            }
            continue;
        }
        let Some(request) = requests.last_mut().filter(|_| !probe) else {
            continue;
        };
        if line.contains("The request passed the validation rules") {
            passed = true;
        } else if let Some(at) = line.find("Violation: response") {
            request
                .blame
                .get_or_insert_with(|| line[at + "Violation: ".len()..].trim().to_owned());
        } else if server && passed && line.contains("#NOT_ACCEPTABLE") {
            request.limit.get_or_insert_with(|| {
                "the request passed validation; Prism produces no representation of the spec's \
                 response for the `Accept` its media types give"
                    .into()
            });
        } else if server && passed && line.contains("#VIOLATIONS") {
            request
                .blame
                .get_or_insert_with(|| "the response Prism made from the spec violates it".into());
        }
    }
    requests
}

/// The tally of one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SpecReport {
    pub(super) spec: String,
    pub(super) operations: usize,
    pub(super) calls: Vec<Call>,
    /// Per call that failed, why it is not counted against the client, if it is not: Prism
    /// blames the spec, or Prism cannot judge or answer the request.
    pub(super) blamed: Vec<Option<Attribution>>,
    /// Why the spec could not be driven whole, if it could not.
    pub(super) problem: Option<String>,
}

impl SpecReport {
    /// The report of a driver's calls, with Prism's log of them.
    pub(super) fn new(spec: &str, operations: usize, calls: Vec<Call>, log: &str) -> SpecReport {
        let logged = logged_requests(log);
        let reached = calls.iter().filter(|c| c.reached()).count();
        let mut problem = None;
        let mut blamed = vec![None; calls.len()];
        if reached == logged.len() {
            let mut requests = logged.iter();
            for (call, blame) in calls.iter().zip(&mut blamed) {
                if !call.reached() {
                    continue;
                }
                let request = requests.next().expect("as many requests as calls reached");
                if call.outcome != "ok" {
                    *blame = call.attribution(Some(request));
                }
            }
        } else {
            problem = Some(format!(
                "Prism logged {} requests for {reached} calls: only its answers are read for blame",
                logged.len()
            ));
            for (call, blame) in calls.iter().zip(&mut blamed) {
                *blame = call.attribution(None);
            }
        }
        SpecReport {
            spec: spec.to_owned(),
            operations,
            calls,
            blamed,
            problem,
        }
    }

    /// Prism exited while the driver ran (it crashed on the spec): the calls that could not
    /// connect or whose answer was cut short are not the client's doing, and are counted apart
    /// with the spec's.
    pub(super) fn prism_exited(&mut self) {
        for (call, blame) in self.calls.iter().zip(&mut self.blamed) {
            if call.outcome == "transport" && blame.is_none() {
                *blame = Some(Attribution::Spec(
                    "Prism exited while serving the spec".to_owned(),
                ));
            }
        }
        let note = "Prism exited during the run";
        self.problem = Some(match self.problem.take() {
            Some(problem) => format!("{note}; {problem}"),
            None => note.to_owned(),
        });
    }

    /// The report of a spec whose driver did not build.
    pub(super) fn unbuilt(spec: &str, error: &str) -> SpecReport {
        SpecReport {
            spec: spec.to_owned(),
            operations: 0,
            calls: Vec::new(),
            blamed: Vec::new(),
            problem: Some(format!("not built: {error}")),
        }
    }

    pub(super) fn counts(&self) -> Counts {
        let mut counts = Counts {
            operations: self.operations,
            ..Counts::default()
        };
        for (call, blamed) in self.calls.iter().zip(&self.blamed) {
            counts.calls += 1;
            match blamed {
                Some(Attribution::Spec(_)) => counts.spec_blamed += 1,
                Some(Attribution::Prism(_)) => counts.prism_limited += 1,
                None => {}
            }
            if blamed.is_some() {
                continue;
            }
            counts.counted += 1;
            counts.accepted += usize::from(call.accepted());
            counts.succeeded += usize::from(call.succeeded());
            counts.decoded += usize::from(call.outcome == "ok");
        }
        counts
    }

    /// One line: the spec and its counts, and why it was not driven whole.
    pub(super) fn summary(&self) -> String {
        let c = self.counts();
        let mut line = format!(
            "{}: {} operations, {} calls, {}/{} accepted, {}/{} 2xx decoded, {} spec-blamed, {} Prism-limited",
            self.spec,
            c.operations,
            c.calls,
            c.accepted,
            c.counted,
            c.decoded,
            c.succeeded,
            c.spec_blamed,
            c.prism_limited
        );
        if let Some(problem) = &self.problem {
            line.push_str(&format!(" ({problem})"));
        }
        line
    }

    /// The reasons of the calls that failed, not counting those blamed on the spec.
    fn failures(&self) -> impl Iterator<Item = String> + '_ {
        self.calls
            .iter()
            .zip(&self.blamed)
            .filter(|(call, blamed)| blamed.is_none() && call.outcome != "ok")
            .map(|(call, _)| call.reason())
    }
}

/// A spec's (or all specs') counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Counts {
    pub(super) operations: usize,
    pub(super) calls: usize,
    /// Calls not blamed on the spec: the denominator of `accepted`.
    pub(super) counted: usize,
    pub(super) accepted: usize,
    /// 2xx responses (not blamed on the spec): the denominator of `decoded`.
    pub(super) succeeded: usize,
    pub(super) decoded: usize,
    pub(super) spec_blamed: usize,
    /// Calls Prism cannot judge or answer: not counted either.
    pub(super) prism_limited: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.operations += other.operations;
        self.calls += other.calls;
        self.counted += other.counted;
        self.accepted += other.accepted;
        self.succeeded += other.succeeded;
        self.decoded += other.decoded;
        self.spec_blamed += other.spec_blamed;
        self.prism_limited += other.prism_limited;
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".to_owned()
    } else {
        format!("{:.1} %", 100.0 * part as f64 / whole as f64)
    }
}

/// The table of specs by operations, calls, accepted, decoded, spec-blamed and Prism-limited,
/// with a total.
pub(super) fn table(reports: &[SpecReport]) -> String {
    let width = reports
        .iter()
        .map(|r| r.spec.len())
        .chain([5])
        .max()
        .unwrap_or(5);
    let mut out = format!(
        "\n{:width$}  {:>5}  {:>5}  {:>17}  {:>17}  {:>11}  {:>13}\n",
        "spec", "ops", "calls", "accepted", "2xx decoded", "spec-blamed", "Prism-limited"
    );
    let row = |name: &str, c: Counts| {
        format!(
            "{name:width$}  {:>5}  {:>5}  {:>17}  {:>17}  {:>11}  {:>13}\n",
            c.operations,
            c.calls,
            format!(
                "{}/{} {}",
                c.accepted,
                c.counted,
                percent(c.accepted, c.counted)
            ),
            format!(
                "{}/{} {}",
                c.decoded,
                c.succeeded,
                percent(c.decoded, c.succeeded)
            ),
            c.spec_blamed,
            c.prism_limited
        )
    };
    let mut total = Counts::default();
    for report in reports {
        let counts = report.counts();
        total += counts;
        out.push_str(&row(&report.spec, counts));
    }
    out.push_str(&row("total", total));
    out
}

/// The reasons of failures ranked, in total and per spec, then what was blamed on the specs.
pub(super) fn reasons(reports: &[SpecReport]) -> String {
    let rank = |reasons: &mut dyn Iterator<Item = String>| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for reason in reasons {
            *counts.entry(reason).or_default() += 1;
        }
        let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked
    };
    let mut out = String::from("\nreasons, in total:\n");
    let all = rank(&mut reports.iter().flat_map(SpecReport::failures));
    if all.is_empty() {
        out.push_str("  (none)\n");
    }
    for (reason, count) in &all {
        let _ = writeln!(out, "  {count:>4}  {reason}");
    }
    for report in reports {
        let ranked = rank(&mut report.failures());
        if ranked.is_empty() && report.problem.is_none() {
            continue;
        }
        let _ = writeln!(out, "{}:", report.spec);
        if let Some(problem) = &report.problem {
            let _ = writeln!(out, "  {problem}");
        }
        for (reason, count) in &ranked {
            let _ = writeln!(out, "  {count:>4}  {reason}");
        }
    }
    for (heading, spec) in [
        ("blamed on the specs' own examples and responses", true),
        ("not judged: what Prism cannot parse or produce", false),
    ] {
        let lines: Vec<String> = reports
            .iter()
            .flat_map(|r| {
                r.calls
                    .iter()
                    .zip(&r.blamed)
                    .filter_map(move |(call, blamed)| {
                        let blamed = blamed.as_ref()?;
                        (matches!(blamed, Attribution::Spec(_)) == spec).then(|| {
                            format!(
                                "{} {} ({}): {}",
                                r.spec,
                                call.operation,
                                call.variant,
                                blamed.text()
                            )
                        })
                    })
            })
            .collect();
        let _ = writeln!(out, "\n{heading}: {}", lines.len());
        for line in lines {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// What cargo's JSON messages say of each spec: its driver's binary, or the first error of its
/// client or driver. Keyed by the client's package name.
pub(super) fn read_build(stdout: &str) -> BTreeMap<String, Result<PathBuf, String>> {
    let mut out: BTreeMap<String, Result<PathBuf, String>> = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(package) = value["package_id"].as_str().and_then(package_name) else {
            continue;
        };
        let client = package.trim_end_matches("-driver").to_owned();
        match value["reason"].as_str() {
            Some("compiler-message") if value["message"]["level"] == "error" => {
                let rendered = value["message"]["rendered"].as_str().unwrap_or("(no text)");
                let first: Vec<&str> = rendered.lines().take(8).collect();
                let error = format!("{package}: {}", first.join("\n"));
                out.entry(client).or_insert(Err(error));
            }
            Some("compiler-artifact") if package.ends_with("-driver") => {
                if let Some(binary) = value["executable"].as_str() {
                    out.insert(client, Ok(PathBuf::from(binary)));
                }
            }
            _ => {}
        }
    }
    out
}

/// The package name of a cargo package id: `path+file:///a/b#name@0.1.0`, or
/// `path+file:///a/name#0.1.0` where the name is the directory's.
fn package_name(id: &str) -> Option<String> {
    let (url, fragment) = id.rsplit_once('#')?;
    Some(match fragment.split_once('@') {
        Some((name, _)) => name.to_owned(),
        None => url.rsplit('/').next()?.to_owned(),
    })
}

#[cfg(test)]
mod tests;

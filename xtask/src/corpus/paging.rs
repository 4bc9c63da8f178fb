//! How the corpus's operations page, counted from each spec's IR: the operations that page by
//! shape and by the extension or rule that decided it, by provider, and how many of the GET
//! operations showing a paging parameter page at all. Every paged operation is also listed in
//! `target/corpus/paging.txt` (spec, operation, shape, reason), for checking a sample by hand.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use generator::ir::{Api, Method, PageReason, Response};
use serde_json::Value;

use super::directory::SpecFile;
use super::generate::SpecResult;

/// Query parameters (folded: ASCII lowercase, without `_`, `-`, `.`, `$`) that signal an
/// operation pages, whatever the rules make of it.
const SIGNALS: &[&str] = &[
    "page",
    "pagenumber",
    "cursor",
    "startingafter",
    "pagetoken",
    "nextpagetoken",
    "after",
    "offset",
    "skip",
    "skiptoken",
    "nexttoken",
    "continuationtoken",
    "marker",
];

/// Providers shown with their own counts.
const LARGEST_PROVIDERS: usize = 15;

/// One paged operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagedOperation {
    /// The operation's id.
    pub id: String,
    /// Its shape (`cursor`, `offset`, ...).
    pub shape: &'static str,
    /// The extension that declares it, or the rule that recognised it.
    pub reason: String,
    /// It is a GET with a paging parameter ([`SIGNALS`]).
    pub signalled: bool,
    /// For a recognised pagination, what the second rule ([`super::paging_check`]) says of it
    /// from the spec's own document: `Err` with the disagreement.
    pub check: Option<Result<(), String>>,
}

/// The paging of one spec's operations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecPaging {
    /// GET operations.
    pub gets: usize,
    /// GET operations with a paging parameter.
    pub signalled: usize,
    /// The operations that page.
    pub paged: Vec<PagedOperation>,
    /// The ids of the GET operations with a paging parameter that do not page.
    pub unpaged: Vec<String>,
    /// The operations answered with a stream of events or JSON Lines.
    pub streams: usize,
}

/// The paging of `api`'s operations, each recognised one checked against `doc`, the spec's
/// document (where given).
pub fn of(api: &Api, doc: Option<&Value>) -> SpecPaging {
    let mut out = SpecPaging::default();
    for op in &api.operations {
        out.streams += usize::from(matches!(op.response, Response::Stream { .. }));
        let get = op.method == Method::Get;
        let signalled = get
            && op.params.iter().any(|p| {
                let folded: String = p
                    .wire_name
                    .chars()
                    .filter(|c| !matches!(c, '_' | '-' | '.' | '$'))
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                SIGNALS.contains(&folded.as_str())
            });
        out.gets += usize::from(get);
        out.signalled += usize::from(signalled);
        if signalled && op.pagination.is_none() {
            out.unpaged.push(op.id.clone());
        }
        if let Some(p) = &op.pagination {
            out.paged.push(PagedOperation {
                id: op.id.clone(),
                shape: p.shape().name(),
                reason: match p.reason {
                    PageReason::Declared(extension) => extension.key().to_owned(),
                    PageReason::Recognised(rule) => format!("rule: {}", rule.describe()),
                    PageReason::Configured => "configured".to_owned(),
                },
                signalled,
                check: match (p.reason, doc) {
                    (PageReason::Recognised(_), Some(doc)) => Some(super::paging_check::check(
                        doc,
                        &super::paging_check::decision(api, op, p),
                    )),
                    _ => None,
                },
            });
        }
    }
    out
}

/// How many recognised operations the second rule checks, spread over providers.
const CHECKED_SAMPLE: usize = 200;

#[derive(Default)]
struct Counts {
    gets: usize,
    signalled: usize,
    paged: usize,
    signalled_paged: usize,
}

impl Counts {
    fn add(&mut self, paging: &SpecPaging) {
        self.gets += paging.gets;
        self.signalled += paging.signalled;
        self.paged += paging.paged.len();
        self.signalled_paged += paging.paged.iter().filter(|p| p.signalled).count();
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1} %", part as f64 * 100.0 / whole as f64)
    }
}

/// The report's paging section.
pub fn report(specs: &[SpecFile], results: &[SpecResult]) -> String {
    let mut total = Counts::default();
    let mut by_provider: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_shape: BTreeMap<&str, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
    let mut streams = 0;
    // Recognised operations: (spec and id, provider, the second rule's answer).
    let mut recognised: Vec<(String, &str, &Result<(), String>)> = Vec::new();
    for (spec, result) in specs.iter().zip(results) {
        let Some(paging) = &result.paging else {
            continue;
        };
        total.add(paging);
        streams += paging.streams;
        for op in &paging.paged {
            if let Some(check) = &op.check {
                recognised.push((
                    format!("{} {}", spec.path, op.id),
                    spec.provider.as_str(),
                    check,
                ));
            }
        }
        by_provider
            .entry(spec.provider.as_str())
            .or_default()
            .add(paging);
        for op in &paging.paged {
            let (count, providers) = by_shape.entry(op.shape).or_default();
            *count += 1;
            *providers.entry(spec.provider.as_str()).or_default() += 1;
            *by_reason.entry(op.reason.as_str()).or_default() += 1;
        }
    }
    let mut text = String::new();
    let _ = writeln!(
        text,
        "\ncorpus: paging: {} operations page; of {} GET operations, {} show a paging parameter, of which {} page ({})",
        total.paged,
        total.gets,
        total.signalled,
        total.signalled_paged,
        percent(total.signalled_paged, total.signalled)
    );
    for (shape, (count, providers)) in &by_shape {
        let _ = writeln!(
            text,
            "  {shape:<12} {count:>6} operations, {:>4} providers",
            providers.len()
        );
    }
    let mut reasons: Vec<(&str, usize)> = by_reason.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let _ = writeln!(text, "corpus: paging, by what decided it:");
    for (reason, count) in reasons {
        let _ = writeln!(text, "  {count:>6}  {reason}");
    }
    let candidates: Vec<(&str, &str)> = recognised
        .iter()
        .map(|(key, provider, _)| (key.as_str(), *provider))
        .collect();
    let sample = super::sample::choose(&candidates, CHECKED_SAMPLE);
    let disagree = |indices: &mut dyn Iterator<Item = usize>| {
        indices
            .filter_map(|i| {
                let (key, _, check) = &recognised[i];
                check.as_ref().err().map(|why| (key.as_str(), why.as_str()))
            })
            .collect::<Vec<_>>()
    };
    let sampled = disagree(&mut sample.iter().copied());
    let all = disagree(&mut (0..recognised.len()));
    let sampled_providers: std::collections::BTreeSet<&str> =
        sample.iter().map(|&i| recognised[i].1).collect();
    let _ = writeln!(
        text,
        "corpus: paging, second rule (from the spec's JSON): a sample of {} recognised operations over {} providers, {} disagree; of all {} recognised, {} disagree",
        sample.len(),
        sampled_providers.len(),
        sampled.len(),
        recognised.len(),
        all.len()
    );
    for (key, why) in &sampled {
        let _ = writeln!(text, "  disagrees: {key}: {why}");
    }
    let _ = writeln!(
        text,
        "corpus: streams: {streams} operations answer with a stream of events or JSON Lines"
    );
    let mut providers: Vec<(&str, &Counts)> = by_provider
        .iter()
        .filter(|(_, c)| c.signalled > 0 || c.paged > 0)
        .map(|(p, c)| (*p, c))
        .collect();
    providers.sort_by(|a, b| b.1.signalled.cmp(&a.1.signalled).then(a.0.cmp(b.0)));
    let _ = writeln!(
        text,
        "corpus: paging, largest providers (GET with a paging parameter: paged):"
    );
    for (provider, counts) in providers.iter().take(LARGEST_PROVIDERS) {
        let _ = writeln!(
            text,
            "  {provider:<40} {:>5} : {:>5} ({}), {} paged in all",
            counts.signalled,
            counts.signalled_paged,
            percent(counts.signalled_paged, counts.signalled),
            counts.paged
        );
    }
    text
}

/// Writes every paged operation, one a line, to `target/corpus/paging.txt`, and every GET
/// operation with a paging parameter that does not page (shape and reason `-`).
pub fn write_list(
    root: &Path,
    specs: &[SpecFile],
    results: &[SpecResult],
) -> Result<PathBuf, String> {
    let mut text = String::from(
        "# Every paged operation, and every GET with a paging parameter that does not page (`-`): spec, operation, shape, reason.\n",
    );
    for (spec, result) in specs.iter().zip(results) {
        let Some(paging) = &result.paging else {
            continue;
        };
        for op in &paging.paged {
            let check = match &op.check {
                Some(Err(why)) => format!("\tsecond rule disagrees: {why}"),
                _ => String::new(),
            };
            let _ = writeln!(
                text,
                "{}\t{}\t{}\t{}{check}",
                spec.path, op.id, op.shape, op.reason
            );
        }
        for id in &paging.unpaged {
            let _ = writeln!(text, "{}\t{id}\t-\t-", spec.path);
        }
    }
    let path = root.join("target/corpus/paging.txt");
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&path, text).map_err(|e| format!("writing {}: {e}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paged_operations_are_counted_by_shape_and_reason() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let text = std::fs::read_to_string(root.join("tests/fixtures/specs/pagination_links.yaml"))
            .unwrap();
        let api = generator::build_ir("links", &text).unwrap();
        let doc: Value = serde_yaml::from_str(&text).unwrap();
        let paging = of(&api, Some(&doc));
        assert_eq!(paging.gets, 6);
        let shapes: Vec<(&str, &str, &str)> = paging
            .paged
            .iter()
            .map(|p| (p.id.as_str(), p.shape, p.reason.as_str()))
            .collect();
        assert!(
            shapes.contains(&("listUsers", "next-url", "x-ms-pageable")),
            "{shapes:?}"
        );
        assert!(
            shapes.contains(&("issues/list-for-repo", "link-header", "rule: link header")),
            "{shapes:?}"
        );
        // `$top` is no signal; `page` is.
        let snippets = paging
            .paged
            .iter()
            .find(|p| p.id == "listSnippets")
            .unwrap();
        assert!(snippets.signalled);
        let users = paging.paged.iter().find(|p| p.id == "listUsers").unwrap();
        assert!(!users.signalled);
        // The second rule agrees with every recognised one, and checks no declared one.
        assert_eq!(users.check, None);
        for op in paging.paged.iter().filter(|p| p.reason.starts_with("rule")) {
            assert_eq!(op.check, Some(Ok(())), "{}", op.id);
        }
    }
}

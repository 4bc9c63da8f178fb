//! progenitor, the generator `bench-gen` and `whole-api --rebuild` compare with: its CLI
//! (`cargo-progenitor`, pinned, installed into `.tools/progenitor`, which git ignores), and the
//! spec it is given, without the operations it refuses.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::peer::Tool;

/// The pinned version of `cargo-progenitor`.
pub const VERSION: &str = "0.15.1";
/// Where it is installed (`cargo install --root`), relative to the workspace root (git-ignored).
pub const ROOT: &str = ".tools/progenitor";
/// The operations of Asana's spec progenitor refuses to generate, and why; they are left out of
/// the spec both generators are given for a comparison.
pub const REFUSES: [(&str, &str); 2] = [
    (
        "createAttachmentForObject",
        "a multipart/form-data request body",
    ),
    ("getEvents", "error responses of more than one type"),
];

/// `cargo-progenitor` as installed: [`VERSION`] in [`ROOT`].
pub const TOOL: Tool = Tool {
    package: "cargo-progenitor",
    binary: "cargo-progenitor",
    version: VERSION,
    root: ROOT,
};

/// The installed `cargo-progenitor` of the pinned version, or why there is none; `command` is
/// the xtask command whose `--install-progenitor` installs it.
pub fn program(root: &Path, command: &str) -> Result<PathBuf, String> {
    TOOL.program(root, &format!("{command} --install-progenitor"))
}

/// `cargo install` of the pinned `cargo-progenitor` into [`ROOT`]; `who` prefixes the progress
/// line.
pub fn install(root: &Path, who: &str) -> Result<(), String> {
    TOOL.install(root, who)
}

/// An operation progenitor refuses, and why: an entry of [`REFUSES`].
pub type Refused = (&'static str, &'static str);

/// The spec `text` without the operations progenitor refuses ([`REFUSES`]), as YAML, and the
/// ones it held, sorted.
pub fn without_refused(text: &str) -> Result<(String, Vec<Refused>), String> {
    let mut document: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| format!("reading the spec as YAML: {e}"))?;
    let mut removed = Vec::new();
    let items = document
        .get_mut("paths")
        .and_then(serde_yaml::Value::as_mapping_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(serde_yaml::Value::as_mapping_mut);
    for item in items {
        item.retain(|_, operation| {
            let id = operation.get("operationId").and_then(|id| id.as_str());
            match REFUSES.iter().find(|(refused, _)| Some(*refused) == id) {
                Some(found) => {
                    removed.push(*found);
                    false
                }
                None => true,
            }
        });
    }
    removed.sort();
    let text =
        serde_yaml::to_string(&document).map_err(|e| format!("writing progenitor's input: {e}"))?;
    Ok((text, removed))
}

/// The middle of some times (the mean of the two middle ones for an even count).
pub fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    match sorted.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(5), ms(1), ms(3)]), ms(3));
        assert_eq!(median(&[ms(4), ms(1), ms(2), ms(8)]), ms(3));
    }

    #[test]
    fn only_what_progenitor_refuses_is_left_out() {
        let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {operationId: getEvents, responses: {'200': {description: ok}}}\n    post: {operationId: keep, responses: {'200': {description: ok}}}\n";
        let (written, removed) = without_refused(text).unwrap();
        assert_eq!(removed, [REFUSES[1]]);
        assert!(!written.contains("getEvents"), "{written}");
        assert!(written.contains("operationId: keep"), "{written}");
    }
}

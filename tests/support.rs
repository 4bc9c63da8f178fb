//! Helpers shared by the test targets: paths of the workspace, a scratch directory, scripted
//! servers on loopback ([`loopback`]), and a [`Waits`] sleeper for the generated client.

use std::path::{Path, PathBuf};

pub mod loopback;

/// The workspace root.
pub fn root() -> PathBuf {
    xtask::workspace_root()
}

/// The checked-in spec's text.
pub fn webhooks_spec() -> String {
    std::fs::read_to_string(root().join(xtask::codegen::SPEC))
        .expect("spec/webhooks.yaml is readable")
}

/// Generator options for the checked-in crate.
pub fn checked_in_options() -> generator::Options {
    xtask::codegen::Job::checked_in(&root()).options
}

/// A fresh, empty directory under the target directory, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    /// Creates `target/test-scratch/<name>`, emptied first.
    pub fn new(name: &str) -> Scratch {
        let dir = root().join("target").join("test-scratch").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch directory can be created");
        Scratch(dir)
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The README's Rust examples, compiled as doc tests so they cannot drift from the crate.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;

/// Records every wait the client's retries request and returns at once, so no test waits for
/// real: give a clone to `ClientBuilder::sleeper`.
#[derive(Clone, Default)]
pub struct Waits(std::sync::Arc<std::sync::Mutex<Vec<std::time::Duration>>>);

impl Waits {
    /// The waits requested so far, in order.
    pub fn waits(&self) -> Vec<std::time::Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl asana_webhooks::runtime::Sleep for Waits {
    fn sleep(&self, duration: std::time::Duration) -> futures::future::BoxFuture<'static, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

/// A `tracing` writer collecting everything in memory: give `move || captured.clone()` to a
/// subscriber's `with_writer`, then read [`Captured::text`].
#[derive(Clone, Default)]
pub struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Checks that `copy` (a path under `tests/`) is the `src/models.rs` generated from the fixture
/// `spec` with every feature on, and holds no gate; returns the generated file, gates and all.
/// Tests compile such a copy to exercise the generated models without a generated crate.
pub fn assert_models_copy(spec: &str, copy: &str) -> String {
    let label = format!("{}/{spec}", xtask::fixtures::DIR);
    let text = std::fs::read_to_string(root().join("tests/fixtures/specs").join(spec)).unwrap();
    let files = generator::generate(&label, &text, &xtask::fixtures::options(&label)).unwrap();
    let generated = files
        .into_iter()
        .find(|f| f.path == "src/models.rs")
        .unwrap();
    let here = std::fs::read_to_string(root().join(copy)).unwrap();
    assert_eq!(
        with_every_feature(&here),
        with_every_feature(&generated.contents),
        "{copy} is not the generated src/models.rs with every feature on"
    );
    assert!(!here.contains("#[cfg"), "{copy} holds a gate");
    generated.contents
}

/// A generated models file with every feature on: its gates dropped, `cfg_attr`s of
/// `serde-full` applied, and its leading `//` comment lines left out.
fn with_every_feature(models: &str) -> String {
    let mut out = String::new();
    let lines = models
        .lines()
        .skip_while(|l| l.starts_with("// ") || l.is_empty());
    for line in lines {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let line = match trimmed.strip_prefix("#[cfg(") {
            Some(rest) => match rest.split_once(")] ") {
                Some((_, after)) => format!("{indent}{after}"),
                None if rest.ends_with(")]") => continue,
                None => line.to_owned(),
            },
            None => match trimmed.strip_prefix("#[cfg_attr(feature = \"serde-full\", ") {
                Some(rest) => {
                    format!("{indent}#[{}]", rest.strip_suffix(")]").unwrap_or(rest))
                }
                None => line.to_owned(),
            },
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

//! Helpers shared by the test targets: paths of the workspace and a scratch directory.

use std::path::{Path, PathBuf};

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

//! The maintainer commands behind `cargo xtask`, as a library so tests can run them too.

pub mod bench_gen;
pub mod bench_peers;
pub mod codegen;
pub mod conformance;
pub mod corpus;
pub mod fastapi;
pub mod features;
pub mod fixtures;
pub mod mutate;
pub mod peer;
pub mod progenitor;
pub mod rebuild;
pub mod spec;
pub mod standalone;
pub mod whole_api;

use std::path::PathBuf;

/// The workspace root, found from this crate's manifest directory.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace root")
        .to_path_buf()
}

/// Takes `--name VALUE` out of `args`.
pub fn take_option(args: &mut Vec<String>, name: &str) -> Result<Option<String>, String> {
    let Some(index) = args.iter().position(|a| a == name) else {
        return Ok(None);
    };
    if index + 1 >= args.len() {
        return Err(format!("`{name}` needs a value"));
    }
    let value = args.remove(index + 1);
    args.remove(index);
    Ok(Some(value))
}

/// Takes `--name N` out of `args`, where `N` must be a positive number.
pub fn take_positive(args: &mut Vec<String>, name: &str) -> Result<Option<usize>, String> {
    take_option(args, name)?
        .map(|n| {
            n.parse()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| format!("`{name}` takes a positive number, not `{n}`"))
        })
        .transpose()
}

/// Takes `--flag` out of `args`.
pub fn take_flag(args: &mut Vec<String>, name: &str) -> bool {
    let before = args.len();
    args.retain(|a| a != name);
    args.len() != before
}

/// The cargo running this xtask, or `cargo` from `PATH`.
pub fn cargo_program() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Runs `cargo ARGS` in `dir`, with its own target directory when `target` is given; its
/// output is shown as it comes, and an error names the command and the diagnostics it printed.
pub fn cargo(
    dir: &std::path::Path,
    target: Option<&std::path::Path>,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<(), String> {
    use std::io::{BufRead as _, Write as _};
    use std::process::Stdio;

    let mut command = std::process::Command::new(cargo_program());
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(target) = target {
        command.env("CARGO_TARGET_DIR", target);
    }
    command.envs(env.iter().copied());
    let failed = |e: std::io::Error| format!("running cargo {}: {e}", args.join(" "));
    let mut child = command.spawn().map_err(failed)?;
    // Each stream is echoed line by line on its own thread (so neither pipe fills up) and
    // scanned for diagnostics.
    fn tee(
        stream: impl std::io::Read + Send + 'static,
        mut echo: impl std::io::Write + Send + 'static,
    ) -> std::thread::JoinHandle<Vec<String>> {
        std::thread::spawn(move || {
            let mut scanner = Diagnostics::default();
            for line in std::io::BufReader::new(stream)
                .lines()
                .map_while(Result::ok)
            {
                let _ = writeln!(echo, "{line}");
                scanner.feed(&line);
            }
            scanner.found
        })
    }
    let stdout = child.stdout.take().map(|s| tee(s, std::io::stdout()));
    let stderr = child.stderr.take().map(|s| tee(s, std::io::stderr()));
    let status = child.wait().map_err(failed)?;
    let mut diagnostics = Vec::new();
    for reader in [stderr, stdout].into_iter().flatten() {
        diagnostics.extend(reader.join().unwrap_or_default());
    }
    let _ = std::io::stdout().flush();
    if status.success() {
        return Ok(());
    }
    let mut message = format!(
        "`cargo {}` failed in {} ({status})",
        args.join(" "),
        dir.display()
    );
    diagnostics.dedup();
    const SHOWN: usize = 20;
    for line in diagnostics.iter().take(SHOWN) {
        message.push_str("\n    ");
        message.push_str(line);
    }
    if diagnostics.len() > SHOWN {
        message.push_str(&format!("\n    ... and {} more", diagnostics.len() - SHOWN));
    }
    Err(message)
}

/// Picks the diagnostics out of cargo's output: each `error...` or `warning...` line with the
/// location from the `-->` line after it, without cargo's own summary lines.
#[derive(Default)]
struct Diagnostics {
    found: Vec<String>,
    /// The last diagnostic still waiting for its location.
    open: bool,
}

impl Diagnostics {
    fn feed(&mut self, line: &str) {
        let trimmed = line.trim_start();
        if let Some(location) = trimmed.strip_prefix("--> ") {
            if std::mem::take(&mut self.open) {
                if let Some(last) = self.found.last_mut() {
                    last.push_str(&format!(" ({location})"));
                }
            }
            return;
        }
        self.open = false;
        let is_diagnostic = line.starts_with("error") || line.starts_with("warning");
        let is_summary = [
            "could not compile",
            "build failed",
            "previous error",
            "warnings emitted",
            "warning emitted",
            "doctest failed",
            "test failed",
        ]
        .iter()
        .any(|s| line.contains(s))
            || line.contains("generated ") && line.contains(" warning");
        if is_diagnostic && !is_summary {
            self.found.push(line.to_owned());
            self.open = true;
        }
    }
}

/// Installs the npm package `name@version` into `dir` (relative to the workspace root), pinned
/// exactly, with npm's output shown; `who` prefixes the progress line.
pub fn npm_install(
    root: &std::path::Path,
    dir: &str,
    package: &str,
    who: &str,
) -> Result<(), String> {
    println!("{who}: installing {package} into {dir} with npm");
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let status = std::process::Command::new(npm)
        .args(["install", "--prefix", dir, package])
        .args(["--save-exact", "--no-audit", "--no-fund"])
        .current_dir(root)
        .stdin(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("running npm: {e}; it comes with Node.js"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`npm install {package}` failed ({status})"))
    }
}

/// Proves a generated crate is sound: `clippy --all-targets -D warnings`, its doc tests, and its
/// docs with rustdoc warnings denied.
pub fn check_crate(dir: &std::path::Path, target: &std::path::Path) -> Result<(), String> {
    let target = Some(target);
    cargo(
        dir,
        target,
        &["clippy", "--all-targets", "--", "-D", "warnings"],
        &[],
    )?;
    cargo(dir, target, &["test", "--doc"], &[])?;
    cargo(
        dir,
        target,
        &["doc", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )
}

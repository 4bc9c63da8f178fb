//! The maintainer commands behind `cargo xtask`, as a library so tests can run them too.

pub mod codegen;
pub mod conformance;
pub mod corpus;
pub mod fixtures;
pub mod spec;
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
/// output is shown as it comes, and an error names the command.
pub fn cargo(
    dir: &std::path::Path,
    target: Option<&std::path::Path>,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<(), String> {
    let mut command = std::process::Command::new(cargo_program());
    command.args(args).current_dir(dir);
    if let Some(target) = target {
        command.env("CARGO_TARGET_DIR", target);
    }
    command.envs(env.iter().copied());
    let status = command
        .status()
        .map_err(|e| format!("running cargo {}: {e}", args.join(" ")))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo {}` failed in {} ({status})",
            args.join(" "),
            dir.display()
        ))
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

//! What the comparisons with other generators share: a generator's CLI pinned to a version and
//! installed from crates.io into `.tools/` (which git ignores), a timed run of a process (wall
//! and CPU time), what a failing one said, and `touch`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// A CLI installed with `cargo install --locked --version VERSION --root ROOT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tool {
    /// The package on crates.io.
    pub package: &'static str,
    /// The program it installs (in `ROOT/bin/`).
    pub binary: &'static str,
    /// The pinned version.
    pub version: &'static str,
    /// Where it is installed, relative to the workspace root (git-ignored).
    pub root: &'static str,
}

impl Tool {
    /// The installed program of the pinned version, or why there is none; `install` is the
    /// command line that installs it (`cargo xtask bench-gen --install-progenitor`).
    pub fn program(&self, root: &Path, install: &str) -> Result<PathBuf, String> {
        let Tool {
            package,
            version,
            root: dir,
            ..
        } = *self;
        let program = root.join(dir).join("bin").join(self.binary);
        let how = format!(
            "install it with `{install}` (cargo install {package} --version {version} --locked --root {dir})"
        );
        if !program.is_file() {
            return Err(format!("{} is missing; {how}", program.display()));
        }
        // `cargo install` records what it installed, with versions.
        let record =
            std::fs::read_to_string(root.join(dir).join(".crates.toml")).unwrap_or_default();
        if !record.contains(&format!("\"{package} {version} ")) {
            return Err(format!("{dir} does not hold {package} {version}; {how}"));
        }
        Ok(program)
    }

    /// `cargo install` of the pinned version into its root; `who` prefixes the progress line.
    pub fn install(&self, root: &Path, who: &str) -> Result<(), String> {
        let Tool {
            package,
            version,
            root: dir,
            ..
        } = *self;
        println!("{who}: installing {package} {version} into {dir}");
        let status = Command::new(crate::cargo_program())
            .args(["install", package, "--locked"])
            .args(["--version", version, "--root", dir])
            .current_dir(root)
            .stdin(Stdio::null())
            .status()
            .map_err(|e| format!("running cargo install: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`cargo install {package}` failed ({status})"))
        }
    }
}

/// The time one process (or one cargo command) took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timed {
    /// From start to finish, as a clock on the wall.
    pub wall: Duration,
    /// CPU time of the process and of the children it waited for, where the system reports it.
    pub cpu: Option<Duration>,
}

/// In seconds, with one decimal unless the format gives a precision (`{:.2}`).
impl std::fmt::Display for Timed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let decimals = f.precision().unwrap_or(1);
        write!(f, "{:.decimals$} s", self.wall.as_secs_f64())?;
        match self.cpu {
            Some(cpu) => write!(f, " ({:.decimals$} s CPU)", cpu.as_secs_f64()),
            None => Ok(()),
        }
    }
}

/// Times `work`, which waits for the processes it starts: its wall time, and the CPU time of
/// those processes.
pub fn timed<T>(work: impl FnOnce() -> Result<T, String>) -> Result<(T, Timed), String> {
    let (started, cpu_before) = (Instant::now(), children_cpu());
    let value = work()?;
    let wall = started.elapsed();
    let cpu = cpu_before
        .zip(children_cpu())
        .map(|(before, after)| after.saturating_sub(before));
    Ok((value, Timed { wall, cpu }))
}

/// Runs a generator's process with its output captured: its time, or what it said when it
/// failed ([`what_it_said`]).
pub fn run_timed(command: &mut Command) -> Result<Timed, String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let (output, time) = timed(|| {
        command
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("running {program}: {e}"))
    })?;
    if output.status.success() {
        return Ok(time);
    }
    let said = what_it_said(
        &String::from_utf8_lossy(&output.stderr),
        &String::from_utf8_lossy(&output.stdout),
    );
    Err(format!("failed ({}): {said}", output.status))
}

/// How many lines of a failing process's output a report shows.
const SHOWN_LINES: usize = 5;

/// The first lines of what a failing process said, joined with ` / `: its standard error, or
/// its standard output when that is empty; blank lines and terminal colours left out.
pub fn what_it_said(stderr: &str, stdout: &str) -> String {
    let lines = |text: &str| -> Vec<String> {
        text.lines()
            .map(|line| strip_colours(line).trim().to_owned())
            .filter(|line| !line.is_empty())
            .collect()
    };
    let mut said = lines(stderr);
    if said.is_empty() {
        said = lines(stdout);
    }
    if said.is_empty() {
        return "nothing on its output".into();
    }
    let more = said.len().saturating_sub(SHOWN_LINES);
    said.truncate(SHOWN_LINES);
    let mut text = said.join(" / ");
    if more > 0 {
        text.push_str(&format!(" / ... ({more} more lines)"));
    }
    text
}

/// `line` without ANSI escape sequences (`ESC [ ... letter`).
fn strip_colours(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        if chars.next() == Some('[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        }
    }
    out
}

/// The user and system time of this process's finished children and of theirs (cargo counts
/// the compilers it waited for): the `cutime` and `cstime` of `/proc/self/stat`, in the
/// 100 ticks a second Linux reports them in. `None` where there is no such file.
pub fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which is in parentheses), from the state (3rd) on.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |field: usize| fields.get(field - 3)?.parse::<u64>().ok();
    let total = ticks(16)? + ticks(17)?;
    Some(Duration::from_millis(total * 10))
}

/// Sets the modification time of `path` to now, as `touch` does.
pub fn touch(path: &Path) -> Result<(), String> {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|e| format!("touching {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_cpu_time_grows_with_a_finished_child() {
        let Some(before) = children_cpu() else {
            // Not Linux: nothing to read, and the report gives wall time only.
            assert!(!std::path::Path::new("/proc/self/stat").exists());
            return;
        };
        // A child that spins for a while, then is waited for.
        let status = std::process::Command::new("sh")
            .args(["-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done"])
            .status()
            .expect("sh runs");
        assert!(status.success());
        let after = children_cpu().expect("still readable");
        assert!(after > before, "{before:?} then {after:?}");
    }

    #[test]
    fn a_time_shows_one_decimal_unless_told() {
        let time = Timed {
            wall: Duration::from_millis(1234),
            cpu: Some(Duration::from_millis(560)),
        };
        assert_eq!(time.to_string(), "1.2 s (0.6 s CPU)");
        assert_eq!(format!("{time:.2}"), "1.23 s (0.56 s CPU)");
        let wall_only = Timed { cpu: None, ..time };
        assert_eq!(format!("{wall_only:.3}"), "1.234 s");
    }

    #[test]
    fn a_failure_shows_the_first_lines_of_standard_error_without_colours() {
        let stderr =
            "\n\u{1b}[31mError:\u{1b}[0m  x failed to parse\n  |\n  | at line 3\n\n a\n b\n c\n";
        assert_eq!(
            what_it_said(stderr, "ignored"),
            "Error:  x failed to parse / | / | at line 3 / a / b / ... (1 more lines)"
        );
    }

    #[test]
    fn a_failure_silent_on_standard_error_shows_its_standard_output() {
        assert_eq!(
            what_it_said("  \n", "{\"status\": \"error\"}\n"),
            "{\"status\": \"error\"}"
        );
        assert_eq!(what_it_said("", ""), "nothing on its output");
    }

    #[test]
    fn a_failing_process_is_an_error_naming_its_status_and_what_it_said() {
        let failed = run_timed(Command::new("sh").args(["-c", "echo out; echo bad >&2; exit 3"]));
        let message = failed.expect_err("exit 3 is a failure");
        assert!(message.contains("exit status: 3"), "{message}");
        assert!(message.ends_with(": bad"), "{message}");
        let ran = run_timed(Command::new("sh").args(["-c", "echo fine"]));
        assert!(ran.is_ok(), "{ran:?}");
    }

    #[test]
    fn a_tool_of_another_version_is_not_taken() {
        let root = std::env::temp_dir().join(format!("xtask-peer-test-{}", std::process::id()));
        let tool = Tool {
            package: "some-generator",
            binary: "some-generator",
            version: "1.2.3",
            root: "tools/some",
        };
        let missing = tool.program(&root, "cargo xtask x --install").unwrap_err();
        assert!(missing.contains("is missing"), "{missing}");
        assert!(
            missing.contains(
                "cargo install some-generator --version 1.2.3 --locked --root tools/some"
            ),
            "{missing}"
        );
        let bin = root.join("tools/some/bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join("some-generator"), "").unwrap();
        let record = root.join("tools/some/.crates.toml");
        std::fs::write(&record, "[v1]\n\"some-generator 1.2.0 (registry+https://github.com/rust-lang/crates.io-index)\" = [\"some-generator\"]\n").unwrap();
        let older = tool.program(&root, "cargo xtask x --install");
        std::fs::write(&record, "[v1]\n\"some-generator 1.2.3 (registry+https://github.com/rust-lang/crates.io-index)\" = [\"some-generator\"]\n").unwrap();
        let pinned = tool.program(&root, "cargo xtask x --install");
        std::fs::remove_dir_all(&root).unwrap();
        let older = older.unwrap_err();
        assert!(
            older.contains("does not hold some-generator 1.2.3"),
            "{older}"
        );
        assert_eq!(pinned, Ok(bin.join("some-generator")));
    }
}

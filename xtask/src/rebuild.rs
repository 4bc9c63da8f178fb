//! `cargo xtask whole-api --rebuild`: the rebuild after a regeneration, side by side with
//! progenitor's crate for the same spec. Dependencies are built first; then each run touches
//! `src/lib.rs` of each crate and times a debug `cargo build` with `CARGO_INCREMENTAL=0`, ours
//! then progenitor's, so both see the same load. The medians are reported, and their ratio.
//!
//! progenitor is used only where it is installed ([`progenitor::program`]); when it is not, the
//! report says so and gives no ratio. Its crate is generated from the spec minus the operations
//! it refuses ([`progenitor::REFUSES`]), into a temporary directory.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::progenitor::{self, median};

/// The largest share of progenitor's rebuild time ours may take: the goal the report names.
const GOAL: f64 = 0.25;

/// Times the rebuild of our crate in `ours` (built in `target`) and, when progenitor is
/// installed, of progenitor's crate for `spec_text`, `runs` times each, and prints the medians.
pub fn compare(
    ours: &Path,
    target: &Path,
    spec_label: &str,
    spec_text: &str,
    runs: usize,
) -> Result<(), String> {
    let root = crate::workspace_root();
    let theirs = match progenitor::program(&root, "cargo xtask whole-api --rebuild") {
        Ok(program) => Some(Generated::new(&root, &program, spec_label, spec_text)?),
        Err(reason) => {
            println!("rebuild: progenitor is not measured, only our crate: {reason}");
            None
        }
    };
    let mut crates = vec![(ours.to_path_buf(), target.to_path_buf())];
    crates.extend(theirs.iter().map(|t| (t.dir.clone(), t.target.clone())));
    for (dir, target) in &crates {
        // Dependencies and a first build of the crate itself, not timed.
        build(dir, target)?;
    }
    let mut times = vec![Vec::new(); crates.len()];
    for run in 1..=runs {
        for ((dir, target), times) in crates.iter().zip(&mut times) {
            touch(&dir.join("src/lib.rs"))?;
            times.push(build(dir, target)?);
        }
        let line: Vec<String> = times.iter().map(|t| t[run - 1].to_string()).collect();
        println!("rebuild: run {run} of {runs}: {}", line.join("; "));
    }
    let wall: Vec<Duration> = times
        .iter()
        .map(|t| median(&t.iter().map(|b| b.wall).collect::<Vec<_>>()))
        .collect();
    let cpu: Option<Vec<Duration>> = times
        .iter()
        .map(|t| {
            t.iter()
                .map(|b| b.cpu)
                .collect::<Option<Vec<_>>>()
                .map(|cpu| median(&cpu))
        })
        .collect();
    let cpu_of = |i: usize| {
        cpu.as_ref().map_or(String::new(), |cpu| {
            format!(" ({:.1} s of CPU)", cpu[i].as_secs_f64())
        })
    };
    println!(
        "\nrebuild: `touch src/lib.rs` then `cargo build` (debug, every feature, dependencies built, CARGO_INCREMENTAL=0), median of {runs}:"
    );
    println!(
        "  ours                {:6.1} s{}",
        wall[0].as_secs_f64(),
        cpu_of(0)
    );
    let Some(theirs) = theirs else {
        println!("  progenitor          not installed: no ratio");
        return Ok(());
    };
    println!(
        "  progenitor {:8} {:6.1} s{} (without {})",
        progenitor::VERSION,
        wall[1].as_secs_f64(),
        cpu_of(1),
        theirs.left_out()
    );
    let ratio = |times: &[Duration]| times[0].as_secs_f64() / times[1].as_secs_f64();
    let wall_ratio = ratio(&wall);
    let cpu_ratio = cpu.as_deref().map_or(String::new(), |cpu| {
        format!(
            "; in CPU time {:.2}, which a busy machine disturbs less",
            ratio(cpu)
        )
    });
    println!(
        "rebuild: ours takes {wall_ratio:.2} of progenitor's time ({} the goal of at most {GOAL:.2}){cpu_ratio}",
        if wall_ratio <= GOAL {
            "meets"
        } else {
            "misses"
        }
    );
    Ok(())
}

/// The time one build took.
#[derive(Debug, Clone, Copy)]
struct Timed {
    wall: Duration,
    /// CPU time of cargo and the compilers it ran, where the system reports it.
    cpu: Option<Duration>,
}

impl std::fmt::Display for Timed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1} s", self.wall.as_secs_f64())?;
        match self.cpu {
            Some(cpu) => write!(f, " ({:.1} s CPU)", cpu.as_secs_f64()),
            None => Ok(()),
        }
    }
}

/// A debug `cargo build` of the crate in `dir`, timed.
fn build(dir: &Path, target: &Path) -> Result<Timed, String> {
    let (started, cpu_before) = (Instant::now(), children_cpu());
    crate::cargo(
        dir,
        Some(target),
        &["build", "--quiet"],
        &[("CARGO_INCREMENTAL", "0")],
    )?;
    let wall = started.elapsed();
    let cpu = cpu_before
        .zip(children_cpu())
        .map(|(before, after)| after.saturating_sub(before));
    Ok(Timed { wall, cpu })
}

/// The user and system time of this process's finished children and of theirs (cargo counts
/// the compilers it waited for): the `cutime` and `cstime` of `/proc/self/stat`, in the
/// 100 ticks a second Linux reports them in. `None` where there is no such file.
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which is in parentheses), from the state (3rd) on.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |field: usize| fields.get(field - 3)?.parse::<u64>().ok();
    let total = ticks(16)? + ticks(17)?;
    Some(Duration::from_millis(total * 10))
}

/// Sets the modification time of `path` to now, as `touch` does.
fn touch(path: &Path) -> Result<(), String> {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|e| format!("touching {}: {e}", path.display()))
}

/// progenitor's crate for the spec.
struct Generated {
    /// The temporary directory holding the spec it was generated from and the crate.
    temp: PathBuf,
    /// The crate.
    dir: PathBuf,
    /// Its target directory, kept between runs so its dependencies build once.
    target: PathBuf,
    /// The operations left out of the spec, and why.
    removed: Vec<progenitor::Refused>,
}

impl Generated {
    /// Generates progenitor's crate, with `program`, for the spec minus the operations it
    /// refuses.
    fn new(root: &Path, program: &Path, label: &str, text: &str) -> Result<Generated, String> {
        let (input_text, removed) = progenitor::without_refused(text)?;
        let temp =
            std::env::temp_dir().join(format!("whole-api-progenitor-{}", std::process::id()));
        if temp.exists() {
            std::fs::remove_dir_all(&temp).map_err(|e| format!("{}: {e}", temp.display()))?;
        }
        std::fs::create_dir_all(&temp).map_err(|e| format!("{}: {e}", temp.display()))?;
        let generated = Generated {
            dir: temp.join("crate"),
            temp,
            target: root.join("target/whole-api/progenitor-target"),
            removed,
        };
        let input = generated.temp.join("spec.yaml");
        std::fs::write(&input, input_text).map_err(|e| format!("{}: {e}", input.display()))?;
        println!(
            "rebuild: generating progenitor {}'s crate into {} (without {})",
            progenitor::VERSION,
            generated.dir.display(),
            generated.left_out()
        );
        let output = std::process::Command::new(program)
            .arg("progenitor")
            .arg("--input")
            .arg(&input)
            .arg("--output")
            .arg(&generated.dir)
            .args(["--name", "asana-progenitor", "--version", "0.1.0"])
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| format!("running {}: {e}", program.display()))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let said: Vec<&str> = stderr.lines().take(10).collect();
            return Err(format!(
                "progenitor {} failed on {label} ({}):\n    {}",
                progenitor::VERSION,
                output.status,
                said.join("\n    ")
            ));
        }
        Ok(generated)
    }

    /// The operations left out, each with the reason.
    fn left_out(&self) -> String {
        let left_out: Vec<String> = self
            .removed
            .iter()
            .map(|(id, why)| format!("`{id}` ({why})"))
            .collect();
        left_out.join(", ")
    }
}

impl Drop for Generated {
    fn drop(&mut self) {
        // A temporary directory: what cannot be removed is left to the system.
        let _ = std::fs::remove_dir_all(&self.temp);
    }
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
}

//! `cargo xtask whole-api --rebuild`: the rebuild after a regeneration, side by side with
//! progenitor's crate for the same spec. Dependencies are built first; then each run touches
//! `src/lib.rs` of each crate and times a debug `cargo build` with `CARGO_INCREMENTAL=0`, ours
//! then progenitor's, so both see the same load. The medians are reported, and their ratio.
//!
//! progenitor is used only where it is installed ([`progenitor::program`]); when it is not, the
//! report says so and gives no ratio. Its crate is generated from the spec minus the operations
//! it refuses ([`progenitor::REFUSES`]), into a temporary directory.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::peer::{self, Timed, touch};
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

/// A debug `cargo build` of the crate in `dir`, timed.
fn build(dir: &Path, target: &Path) -> Result<Timed, String> {
    let ((), time) = peer::timed(|| {
        crate::cargo(
            dir,
            Some(target),
            &["build", "--quiet"],
            &[("CARGO_INCREMENTAL", "0")],
        )
    })?;
    Ok(time)
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

//! `cargo xtask whole-api --rebuild`: the rebuild after a regeneration, side by side with
//! progenitor's crate for the same spec. Dependencies are built first; then each run touches
//! `src/lib.rs` of each crate and times a debug `cargo build` with `CARGO_INCREMENTAL=0`, ours
//! then progenitor's, so both see the same load. The medians are reported, and their ratio.
//!
//! progenitor is used only where it is installed (`.tools/progenitor`, see [`INSTALL`]); when it
//! is not, the report says so and gives no ratio. Its crate is generated from the spec minus the
//! operations it refuses ([`refusals`]), into a temporary directory.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

/// Where progenitor's CLI is installed, relative to the workspace root (git ignores `.tools`).
const ROOT: &str = ".tools/progenitor";
/// The command that installs it, pinned.
pub const INSTALL: &str =
    "cargo install cargo-progenitor --version 0.15.1 --locked --root .tools/progenitor";
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
    let theirs = match Progenitor::find(&root) {
        Some(progenitor) => Some(progenitor.generate(&root, spec_label, spec_text)?),
        None => {
            println!(
                "rebuild: progenitor is not installed in {ROOT}; only our crate is timed (install it with `{INSTALL}`)"
            );
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
        .map(|t| median(t.iter().map(|b| b.wall).collect()))
        .collect();
    let cpu: Option<Vec<Duration>> = times
        .iter()
        .map(|t| {
            t.iter()
                .map(|b| b.cpu)
                .collect::<Option<Vec<_>>>()
                .map(median)
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
        theirs.version,
        wall[1].as_secs_f64(),
        cpu_of(1),
        theirs.left_out.join(", ")
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

/// The middle value (the mean of the two middle ones for an even count).
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    let mid = times.len() / 2;
    if times.len() % 2 == 0 {
        (times[mid - 1] + times[mid]) / 2
    } else {
        times[mid]
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

/// progenitor's CLI, installed.
struct Progenitor {
    program: PathBuf,
    version: String,
}

/// progenitor's crate for the spec.
struct Generated {
    /// The temporary directory holding the spec it was generated from and the crate.
    temp: PathBuf,
    /// The crate.
    dir: PathBuf,
    /// Its target directory, kept between runs so its dependencies build once.
    target: PathBuf,
    /// progenitor's version.
    version: String,
    /// The operations left out of the spec, each with the reason.
    left_out: Vec<String>,
}

impl Progenitor {
    /// The CLI in `.tools/progenitor`, with its version from cargo's install record.
    fn find(root: &Path) -> Option<Progenitor> {
        let dir = root.join(ROOT);
        let name = if cfg!(windows) {
            "cargo-progenitor.exe"
        } else {
            "cargo-progenitor"
        };
        let program = dir.join("bin").join(name);
        if !program.is_file() {
            return None;
        }
        // `.crates.toml` lists `"cargo-progenitor 0.15.1 (registry+...)" = [...]`.
        let record = std::fs::read_to_string(dir.join(".crates.toml")).unwrap_or_default();
        let version = record
            .split('"')
            .find_map(|s| s.strip_prefix("cargo-progenitor "))
            .and_then(|s| s.split_whitespace().next())
            .unwrap_or("(version unknown)")
            .to_owned();
        Some(Progenitor { program, version })
    }

    /// Generates progenitor's crate for the spec minus the operations it refuses.
    fn generate(&self, root: &Path, label: &str, text: &str) -> Result<Generated, String> {
        let mut spec: Value = serde_yaml::from_str(text).map_err(|e| format!("{label}: {e}"))?;
        let left_out = remove_refused(&mut spec);
        let dir = std::env::temp_dir().join(format!("whole-api-progenitor-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let input = dir.join("spec.json");
        let json = serde_json::to_string(&spec).map_err(|e| e.to_string())?;
        std::fs::write(&input, json).map_err(|e| format!("{}: {e}", input.display()))?;
        let out = dir.join("crate");
        println!(
            "rebuild: generating progenitor {}'s crate into {} (without {})",
            self.version,
            out.display(),
            left_out.join(", ")
        );
        let output = std::process::Command::new(&self.program)
            .arg("progenitor")
            .arg("--input")
            .arg(&input)
            .arg("--output")
            .arg(&out)
            .args(["--name", "asana-progenitor", "--version", "0.1.0"])
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| format!("running {}: {e}", self.program.display()))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = stderr.lines().take(10).collect();
            return Err(format!(
                "progenitor {} failed on {label} ({}):\n    {}",
                self.version,
                output.status,
                tail.join("\n    ")
            ));
        }
        Ok(Generated {
            temp: dir,
            dir: out,
            target: root.join("target/whole-api/progenitor-target"),
            version: self.version.clone(),
            left_out,
        })
    }
}

impl Drop for Generated {
    fn drop(&mut self) {
        // A temporary directory: what cannot be removed is left to the system.
        let _ = std::fs::remove_dir_all(&self.temp);
    }
}

/// Removes from `spec` the operations progenitor refuses, and names each with the reason:
/// a `multipart/form-data` request body (it fails), and responses of one kind (successes, or
/// errors) with more than one body type (it asserts there is at most one).
fn remove_refused(spec: &mut Value) -> Vec<String> {
    let responses = spec
        .pointer("/components/responses")
        .cloned()
        .unwrap_or(Value::Null);
    let mut left_out = Vec::new();
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return left_out;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        item.retain(|method, op| {
            let Some(reason) = refusal(method, op, &responses) else {
                return true;
            };
            let id = op["operationId"].as_str().unwrap_or(method);
            left_out.push(format!("`{id}` ({reason})"));
            false
        });
    }
    left_out
}

/// Why progenitor refuses operation `op` (under `method`), if it does.
fn refusal(method: &str, op: &Value, responses: &Value) -> Option<&'static str> {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    if !METHODS.contains(&method) {
        return None;
    }
    if op
        .pointer("/requestBody/content/multipart~1form-data")
        .is_some()
    {
        return Some("a multipart/form-data body");
    }
    let mut kinds = [Vec::new(), Vec::new()];
    for (status, response) in op["responses"].as_object()? {
        let response = match response["$ref"].as_str() {
            Some(reference) => reference
                .rsplit('/')
                .next()
                .and_then(|name| responses.get(name))
                .unwrap_or(response),
            None => response,
        };
        let body = response.get("content").map(|content| {
            content
                .as_object()
                .map(|media| media.values().map(|m| m["schema"].clone()).collect())
                .unwrap_or_default()
        });
        let body: Vec<Value> = body.unwrap_or_default();
        let kind = &mut kinds[usize::from(!status.starts_with('2'))];
        if !kind.contains(&body) {
            kind.push(body);
        }
    }
    match kinds.map(|k| k.len() > 1) {
        [true, _] => Some("several success body types"),
        [_, true] => Some("several error body types"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_operations_are_removed_and_named() {
        let mut spec: Value = serde_json::json!({
            "paths": {
                "/a": {
                    "parameters": [],
                    "get": {"operationId": "plain", "responses": {
                        "200": {"content": {"application/json": {"schema": {"type": "string"}}}},
                        "400": {"$ref": "#/components/responses/Bad"},
                        "500": {"$ref": "#/components/responses/Bad"}
                    }},
                    "post": {"operationId": "upload",
                        "requestBody": {"content": {"multipart/form-data": {}}},
                        "responses": {}}
                },
                "/b": {
                    "get": {"operationId": "twoErrors", "responses": {
                        "400": {"$ref": "#/components/responses/Bad"},
                        "412": {"content": {"application/json": {"schema": {"type": "object"}}}}
                    }}
                }
            },
            "components": {"responses": {"Bad": {
                "content": {"application/json": {"schema": {"type": "integer"}}}
            }}}
        });
        let left_out = remove_refused(&mut spec);
        assert_eq!(
            left_out,
            [
                "`upload` (a multipart/form-data body)",
                "`twoErrors` (several error body types)"
            ]
        );
        assert!(spec.pointer("/paths/~1a/get").is_some());
        assert!(spec.pointer("/paths/~1a/parameters").is_some());
        assert!(spec.pointer("/paths/~1a/post").is_none());
        assert!(spec.pointer("/paths/~1b/get").is_none());
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let secs = Duration::from_secs;
        assert_eq!(median(vec![secs(9), secs(1), secs(5)]), secs(5));
        assert_eq!(median(vec![secs(4), secs(1), secs(2), secs(8)]), secs(3));
    }

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

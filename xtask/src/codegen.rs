//! `cargo xtask codegen`: spec -> generated crate, written only when the whole generation
//! succeeded, and only files whose contents changed; `--check` writes nothing; `--dump-ir`
//! prints the IR instead. The spec's configuration is the `.toml` of its stem beside it
//! (`spec/webhooks.toml`), where there is one, or the file `--config` names.

use std::fs;
use std::path::{Path, PathBuf};

use generator::{File, Options};

/// The checked-in spec, relative to the workspace root.
pub const SPEC: &str = "spec/webhooks.yaml";
/// The checked-in crate, relative to the workspace root.
pub const OUT: &str = "generated";
/// The checked-in crate's package name.
pub const CRATE_NAME: &str = "asana-webhooks";
/// The command that regenerates the checked-in crate.
pub const COMMAND: &str = "cargo xtask codegen";

/// Runs `cargo xtask codegen [ARGS]`: regenerate (or `--check`) a crate, or `--dump-ir`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let check = crate::take_flag(&mut args, "--check");
    let dump = crate::take_flag(&mut args, "--dump-ir");
    let spec = crate::take_option(&mut args, "--spec")?;
    let out = crate::take_option(&mut args, "--out")?;
    let crate_name = crate::take_option(&mut args, "--crate-name")?;
    let config = crate::take_option(&mut args, "--config")?.map(PathBuf::from);
    if let Some(extra) = args.first() {
        return Err(format!(
            "unexpected argument `{extra}`; see `cargo xtask help`"
        ));
    }
    let root = crate::workspace_root();
    if dump {
        if check || out.is_some() || crate_name.is_some() {
            return Err("`--dump-ir` takes only `--spec` and `--config`".into());
        }
        print!(
            "{}",
            dump_ir_configured(&root, spec.as_deref(), config.as_deref())?
        );
        return Ok(());
    }
    let mut job = match (spec, out) {
        (None, None) => Job::checked_in(&root),
        (Some(spec), Some(out)) => {
            let out = PathBuf::from(out);
            let name = crate_name.unwrap_or_else(|| default_crate_name(&out));
            Job {
                options: Options {
                    crate_name: name,
                    crate_version: "0.1.0".into(),
                    spec_label: spec.clone(),
                    command: format!("cargo xtask codegen --spec {spec} --out {}", out.display()),
                    standalone: true,
                },
                config: config_beside(Path::new(&spec)),
                spec: PathBuf::from(spec),
                out,
            }
        }
        _ => return Err("`--spec` and `--out` go together".into()),
    };
    if config.is_some() {
        job.config = config;
    }
    let files = job.generate()?;
    if check {
        let stale = stale_files(&job.out, &files);
        print!("{}", change_report(&job.out, &files));
        if stale.is_empty() {
            println!(
                "{} is up to date with {}",
                job.out.display(),
                job.options.spec_label
            );
            return Ok(());
        }
        return Err(format!(
            "{} is stale:\n{}\nrun `{}` and commit the result",
            job.out.display(),
            stale
                .iter()
                .map(|s| format!("  {s}"))
                .collect::<Vec<_>>()
                .join("\n"),
            job.options.command
        ));
    }
    let written =
        write_files(&job.out, &files).map_err(|e| format!("writing {}: {e}", job.out.display()))?;
    println!(
        "generated {} ({} files, {} changed) from {}",
        job.out.display(),
        files.len(),
        written,
        job.options.spec_label
    );
    Ok(())
}

/// The IR of `spec` (default: the checked-in spec) as Rust debug output: every decision the
/// generator made about it, before any file is emitted.
pub fn dump_ir(root: &Path, spec: Option<&str>) -> Result<String, String> {
    dump_ir_configured(root, spec, None)
}

/// [`dump_ir`] with the configuration `config` names, else the one beside the spec.
pub fn dump_ir_configured(
    root: &Path,
    spec: Option<&str>,
    config: Option<&Path>,
) -> Result<String, String> {
    let (label, path) = match spec {
        Some(spec) => (spec.to_owned(), PathBuf::from(spec)),
        None => (SPEC.to_owned(), root.join(SPEC)),
    };
    let text = fs::read_to_string(&path).map_err(|e| format!("{label}: {e}"))?;
    let config = match config {
        Some(config) => Some(config.to_owned()),
        None => config_beside(&path),
    };
    let config = read_config(config.as_deref(), &path, &label)?;
    let api = generator::build_ir_configured(&label, &text, &config).map_err(|e| e.to_string())?;
    Ok(format!("{api:#?}\n"))
}

/// The configuration beside a spec: the `.toml` of its stem in its directory, if it exists.
pub fn config_beside(spec: &Path) -> Option<PathBuf> {
    Some(spec.with_extension("toml")).filter(|path| path.is_file())
}

/// Reads and parses a configuration (the default where there is none). One beside the spec
/// is named in messages after the spec's label (`spec/webhooks.toml`), another as given.
pub fn read_config(
    path: Option<&Path>,
    spec: &Path,
    spec_label: &str,
) -> Result<generator::Config, String> {
    let Some(path) = path else {
        return Ok(generator::Config::default());
    };
    let label = if path == spec.with_extension("toml") {
        Path::new(spec_label)
            .with_extension("toml")
            .to_string_lossy()
            .replace('\\', "/")
    } else {
        path.display().to_string()
    };
    let text = fs::read_to_string(path).map_err(|e| format!("{label}: {e}"))?;
    generator::Config::parse(&label, &text).map_err(|e| e.to_string())
}

/// What changed in the crate's public API since the last generation (its `API.txt`).
fn change_report(out: &Path, files: &[File]) -> String {
    let old = fs::read_to_string(out.join("API.txt"));
    match (old, files.iter().find(|f| f.path == "API.txt")) {
        (Ok(old), Some(new)) => format!(
            "API changes since the last generation: {}",
            generator::diff::report_between_listings(&old, &new.contents)
        ),
        _ => String::new(),
    }
}

/// One generation: which spec, where to, with what options.
pub struct Job {
    /// The spec file.
    pub spec: PathBuf,
    /// The crate directory.
    pub out: PathBuf,
    /// Generator options.
    pub options: Options,
    /// The configuration file, if any (by default the one beside the spec).
    pub config: Option<PathBuf>,
}

impl Job {
    /// The checked-in spec and crate.
    pub fn checked_in(root: &Path) -> Job {
        Job {
            config: config_beside(&root.join(SPEC)),
            spec: root.join(SPEC),
            out: root.join(OUT),
            options: Options {
                crate_name: CRATE_NAME.into(),
                crate_version: "0.1.0".into(),
                spec_label: SPEC.into(),
                command: COMMAND.into(),
                standalone: false,
            },
        }
    }

    /// Reads the spec and generates every file in memory.
    pub fn generate(&self) -> Result<Vec<File>, String> {
        let text =
            fs::read_to_string(&self.spec).map_err(|e| format!("{}: {e}", self.spec.display()))?;
        let config = read_config(self.config.as_deref(), &self.spec, &self.options.spec_label)?;
        generator::generate_configured(&self.options.spec_label, &text, &config, &self.options)
            .map_err(|e| e.to_string())
    }
}

fn default_crate_name(out: &Path) -> String {
    out.file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.to_lowercase().replace('_', "-"))
        .unwrap_or_else(|| "api-client".into())
}

/// Files the generator owns in a crate directory: everything under `src/`, plus the top-level
/// files it writes. Anything else (examples, tests, a README) belongs to people.
fn owned_files(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for top in ["Cargo.toml", "API.txt", "rustfmt.toml"] {
        if out.join(top).is_file() {
            found.push(top.to_owned());
        }
    }
    fn walk(dir: &Path, prefix: &str, found: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = format!("{prefix}/{name}");
            if entry.path().is_dir() {
                walk(&entry.path(), &path, found);
            } else {
                found.push(path);
            }
        }
    }
    walk(&out.join("src"), "src", &mut found);
    found
}

fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Files that differ from what would be generated, are missing, or should no longer exist.
pub fn stale_files(out: &Path, files: &[File]) -> Vec<String> {
    let mut stale = Vec::new();
    for file in files {
        match fs::read_to_string(out.join(&file.path)) {
            Ok(existing) if normalize(&existing) == file.contents => {}
            Ok(_) => stale.push(format!("{} (differs)", file.path)),
            Err(_) => stale.push(format!("{} (missing)", file.path)),
        }
    }
    for existing in owned_files(out) {
        if !files.iter().any(|f| f.path == existing) {
            stale.push(format!("{existing} (no longer generated)"));
        }
    }
    stale
}

/// Writes the files whose contents changed (each through a temporary file and a rename) and
/// removes owned files no longer generated. Returns how many files changed.
pub fn write_files(out: &Path, files: &[File]) -> std::io::Result<usize> {
    let mut changed = 0;
    for file in files {
        let path = out.join(&file.path);
        if fs::read_to_string(&path).is_ok_and(|existing| normalize(&existing) == file.contents) {
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        // Written whole to a temporary file, then renamed: a reader never sees half a file.
        let temporary = path.with_extension("tmp~");
        fs::write(&temporary, &file.contents)?;
        fs::rename(&temporary, &path)?;
        changed += 1;
    }
    for existing in owned_files(out) {
        if !files.iter().any(|f| f.path == existing) {
            fs::remove_file(out.join(&existing))?;
            changed += 1;
        }
    }
    Ok(changed)
}

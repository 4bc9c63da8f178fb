//! `cargo xtask codegen`: spec -> generated crate, written only when the whole generation
//! succeeded, and only files whose contents changed; `--check` writes nothing; `--dump-ir`
//! prints the IR instead. The spec's configuration is the `.toml` of its stem beside it
//! (`spec/webhooks.toml`), where there is one, or the file `--config` names. The reading,
//! writing and checking are `client_gen`'s, the library of the `client-gen` CLI; this command
//! names the repository's own spec and crate.

use std::path::{Path, PathBuf};

pub use client_gen::{stale_files, write_files};

use client_gen::Spec;
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
            let name = crate_name.unwrap_or_else(|| client_gen::default_crate_name(&out));
            Job {
                options: Options {
                    crate_name: name,
                    crate_version: "0.1.0".into(),
                    spec_label: spec.clone(),
                    command: format!("cargo xtask codegen --spec {spec} --out {}", out.display()),
                    standalone: true,
                },
                config: client_gen::config_beside(Path::new(&spec)),
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
        let checked = client_gen::check_crate(&job.out, &files, &job.options);
        print!("{}", checked.report);
        print!("{}", checked.outcome.map_err(|e| e.to_string())?);
        return Ok(());
    }
    print!(
        "{}",
        client_gen::write_crate(&job.out, &files, &job.options).map_err(|e| e.to_string())?
    );
    Ok(())
}

/// The IR of `spec` (default: the checked-in spec) as Rust debug output: every decision the
/// generator made about it, before any file is emitted.
pub fn dump_ir(root: &Path, spec: Option<&str>) -> Result<String, String> {
    dump_ir_configured(root, spec, None)
}

/// [`dump_ir`] with the configuration `config` names (default: the one beside the spec).
pub fn dump_ir_configured(
    root: &Path,
    spec: Option<&str>,
    config: Option<&Path>,
) -> Result<String, String> {
    let (label, path) = match spec {
        Some(spec) => (spec.to_owned(), PathBuf::from(spec)),
        None => (SPEC.to_owned(), root.join(SPEC)),
    };
    let config = config
        .map(Path::to_owned)
        .or_else(|| client_gen::config_beside(&path));
    let spec = Spec::read_file(&path, &label)
        .and_then(|spec| spec.configured(config.as_deref(), &path))
        .map_err(|e| e.to_string())?;
    spec.ir_dump().map_err(|e| e.to_string())
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
            config: client_gen::config_beside(&root.join(SPEC)),
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
        Spec::read_file(&self.spec, &self.options.spec_label)
            .and_then(|spec| spec.configured(self.config.as_deref(), &self.spec))
            .and_then(|spec| spec.generate(&self.options))
            .map_err(|e| e.to_string())
    }
}

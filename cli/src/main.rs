//! `client-gen`: an OpenAPI 3.0 or 3.1 spec to an async Rust client crate, or a module of
//! yours. Run `client-gen help`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use client_gen::{Error, ModuleOptions, Options, Spec};

/// Generates an idiomatic async Rust client from an OpenAPI 3.0 or 3.1 spec (YAML or JSON).
#[derive(Parser)]
#[command(name = "client-gen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generates a client crate into a directory, or a module into an existing crate; writes
    /// only files whose contents changed, and nothing if the spec is refused.
    Generate(Target),
    /// Writes nothing; fails naming each file of the crate or module that is stale.
    Check(Target),
    /// The changes to the generated API between two specs, each breaking or additive.
    Diff {
        /// The spec before (`-` reads standard input).
        old: String,
        /// The spec after (`-` reads standard input).
        new: String,
    },
    /// Prints the crate's public API, one item a line (its `API.txt`), without writing.
    Inspect {
        /// The spec file, or `-` for standard input.
        spec: String,
        /// Prints the IR instead: every decision made about the spec, as Rust debug output.
        #[arg(long)]
        ir: bool,
        /// The configuration file (default: the spec's `.toml` beside it, if any).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

#[derive(Args)]
struct Target {
    /// The spec file, or `-` for standard input.
    spec: String,
    /// The crate directory (a crate of its own, made if missing).
    #[arg(
        long,
        value_name = "DIR",
        required_unless_present = "module",
        conflicts_with = "module"
    )]
    out: Option<PathBuf>,
    /// A module directory inside an existing crate (`my-crate/src/api`), written as
    /// `mod.rs`, `models.rs`, `runtime/`, ...; prints the dependencies the crate needs.
    #[arg(long, value_name = "DIR")]
    module: Option<PathBuf>,
    /// The module's path in its crate (default: from the directory, `crate::api` for
    /// `src/api`).
    #[arg(long, value_name = "PATH", requires = "module")]
    module_path: Option<String>,
    /// The crate's package name (default: the directory's name).
    #[arg(long, value_name = "NAME", conflicts_with = "module")]
    crate_name: Option<String>,
    /// The crate's version (default: 0.1.0).
    #[arg(long, value_name = "VERSION", conflicts_with = "module")]
    crate_version: Option<String>,
    /// The configuration file (default: the spec's `.toml` beside it, if any; see
    /// CONFIG.md): names, the operations generated, the package's name and version.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

impl Target {
    /// The command that regenerates what this one generates, named in every file's header.
    fn command(&self) -> String {
        let mut command = format!("client-gen generate {}", self.spec);
        let mut push = |flag: &str, value: Option<&str>| {
            if let Some(value) = value {
                command.push_str(&format!(" --{flag} {value}"));
            }
        };
        push("out", self.out.as_deref().map(display).as_deref());
        push("module", self.module.as_deref().map(display).as_deref());
        push("module-path", self.module_path.as_deref());
        push("crate-name", self.crate_name.as_deref());
        push("crate-version", self.crate_version.as_deref());
        push("config", self.config.as_deref().map(display).as_deref());
        command
    }

    fn options(&self, spec: &Spec, dir: &Path) -> Result<Options, Error> {
        if let Some(name) = &self.crate_name {
            client_gen::check_crate_name(name)?;
        }
        Ok(Options {
            crate_name: self
                .crate_name
                .clone()
                .unwrap_or_else(|| client_gen::default_crate_name(dir)),
            crate_version: self.crate_version.clone().unwrap_or_else(|| "0.1.0".into()),
            spec_label: spec.label.clone(),
            command: self.command(),
            standalone: true,
        })
    }

    fn module_options(&self, dir: &Path) -> Result<ModuleOptions, Error> {
        let path = match &self.module_path {
            Some(path) => path.clone(),
            None => client_gen::module_path_of(dir).ok_or_else(|| {
                Error::Usage(format!(
                    "{} is not a module directory under a crate's `src/`: give `--module-path`",
                    dir.display()
                ))
            })?,
        };
        Ok(ModuleOptions {
            path: client_gen::module_path(&path)?,
            single_file: false,
        })
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Generate(target) => generate(&target, false),
        Command::Check(target) => generate(&target, true),
        Command::Diff { old, new } => {
            print!(
                "{}",
                client_gen::diff(
                    &Spec::read_configured(&old, None)?,
                    &Spec::read_configured(&new, None)?
                )?
            );
            Ok(())
        }
        Command::Inspect { spec, ir, config } => {
            let spec = Spec::read_configured(&spec, config.as_deref())?;
            if ir {
                print!("{}", spec.ir_dump()?);
            } else {
                let options = Options {
                    crate_name: "client".into(),
                    crate_version: "0.1.0".into(),
                    spec_label: spec.label.clone(),
                    command: format!("client-gen inspect {}", spec.label),
                    standalone: true,
                };
                print!("{}", spec.listing(&options)?);
            }
            Ok(())
        }
    }
}

/// `generate` (or `check`, writing nothing) of a crate or a module directory.
fn generate(target: &Target, check: bool) -> Result<(), Error> {
    let spec = Spec::read_configured(&target.spec, target.config.as_deref())?;
    if let Some(dir) = &target.module {
        let module = target.module_options(dir)?;
        let options = target.options(&spec, dir)?;
        let files = spec.generate_module(&options, &module)?;
        if check {
            let stale = client_gen::stale_module_files(dir, &files);
            if !stale.is_empty() {
                return Err(Error::Stale {
                    out: dir.clone(),
                    files: stale,
                    command: options.command,
                });
            }
            println!("{} is up to date with {}", dir.display(), spec.label);
            return Ok(());
        }
        let written =
            client_gen::write_module_files(dir, &files).map_err(|source| Error::Write {
                path: dir.clone(),
                source,
            })?;
        println!(
            "generated the module {} in {} ({} files, {written} changed) from {}",
            module.path,
            dir.display(),
            files.len(),
            spec.label
        );
        print!(
            "\nDeclare it in its parent module (`pub mod {};`), and add these dependencies to the crate's Cargo.toml:\n\n[dependencies]\n{}",
            module.name(),
            client_gen::module_dependencies()
        );
        return Ok(());
    }
    let Some(out) = &target.out else {
        return Err(Error::Usage("give `--out DIR` or `--module DIR`".into()));
    };
    let options = target.options(&spec, out)?;
    let files = spec.generate(&options)?;
    if check {
        let checked = client_gen::check_crate(out, &files, &options);
        print!("{}", checked.report);
        print!("{}", checked.outcome?);
        return Ok(());
    }
    print!("{}", client_gen::write_crate(out, &files, &options)?);
    Ok(())
}

//! Maintainer commands. Run `cargo xtask help`.
//!
//! This binary is the edge of the system: it reads specs, writes files and runs processes; the
//! generator library it calls does none of that.

use std::process::ExitCode;

use xtask::codegen;

const USAGE: &str = "\
cargo xtask <command>

Commands:
  codegen                     regenerate generated/ from spec/webhooks.yaml
  codegen --check             write nothing; fail naming each stale file
  codegen --spec FILE --out DIR [--crate-name NAME]
                              generate a standalone crate from any spec
  help                        this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}


//! `cargo xtask spec`: tools for taking in upstream spec updates.
//!
//! - `spec extract --from FILE --tag TAG [--tag TAG ...] [--out FILE]`: the operations of some
//!   tags and everything they reference, as a self-contained spec (YAML; stdout without
//!   `--out`). See [`generator::extract`].
//! - `spec diff OLD NEW`: the changes to the generated API between two specs, each marked
//!   breaking or additive. See [`generator::diff`].

use std::fs;
use std::path::Path;

use generator::load::LoadedSpec;

/// Runs `cargo xtask spec ARGS`.
pub fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("extract") => extract(&args[1..]),
        Some("diff") => diff(&args[1..]),
        Some(other) => Err(format!(
            "unknown `spec` command `{other}`; expected `extract` or `diff` (see `cargo xtask help`)"
        )),
        None => Err("`spec` needs a command: `extract` or `diff` (see `cargo xtask help`)".into()),
    }
}

fn extract(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let from =
        crate::take_option(&mut args, "--from")?.ok_or("`spec extract` needs `--from FILE`")?;
    let out = crate::take_option(&mut args, "--out")?;
    let mut tags = Vec::new();
    while let Some(tag) = crate::take_option(&mut args, "--tag")? {
        tags.push(tag);
    }
    if tags.is_empty() {
        return Err("`spec extract` needs at least one `--tag TAG`".into());
    }
    if let Some(extra) = args.first() {
        return Err(format!(
            "unexpected argument `{extra}`; see `cargo xtask help`"
        ));
    }
    let spec = load(&from)?;
    let fragment = generator::extract::extract(&spec.raw, &tags).map_err(|e| located(&spec, &e))?;
    let yaml = generator::extract::to_yaml(&fragment).map_err(|e| e.to_string())?;
    match out {
        None => print!("{yaml}"),
        Some(out) => {
            let path = Path::new(&out);
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            fs::write(path, yaml).map_err(|e| format!("{out}: {e}"))?;
            println!(
                "wrote {out}: {} from {from}",
                generator::extract::describe(&fragment)
            );
        }
    }
    Ok(())
}

fn diff(args: &[String]) -> Result<(), String> {
    let [old, new] = args else {
        return Err("`spec diff` takes two spec files: `spec diff OLD NEW`".into());
    };
    let read = |path: &str| client_gen::Spec::read(path).map_err(|e| e.to_string());
    let report = client_gen::diff(&read(old)?, &read(new)?).map_err(|e| e.to_string())?;
    print!("{report}");
    Ok(())
}

fn load(path: &str) -> Result<LoadedSpec, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    generator::load::load(path, &text).map_err(|e| e.to_string())
}

/// `FILE:LINE:COLUMN: ERROR` where the error has a pointer that can be found in the text.
fn located(spec: &LoadedSpec, error: &generator::extract::ExtractError) -> String {
    match error.pointer().and_then(|pointer| spec.locate(pointer)) {
        Some(location) => format!(
            "{}:{}:{}: {error}",
            spec.source_name(),
            location.line,
            location.column
        ),
        None => format!("{}: {error}", spec.source_name()),
    }
}

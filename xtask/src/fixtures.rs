//! `cargo xtask fixtures`: generate every spec under `tests/fixtures/compile/` as a standalone
//! crate and build it with `clippy -D warnings`, so the edge cases they hold are compiled, not
//! only snapshotted.

use std::fs;

use generator::Options;

/// Runs `cargo xtask fixtures`.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(extra) = args.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let root = crate::workspace_root();
    let dir = root.join("tests/fixtures/compile");
    let mut specs: Vec<_> = fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    let target = root.join("target/fixtures/target");
    for spec in &specs {
        let name = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("fixture")
            .replace('_', "-");
        let label = format!(
            "tests/fixtures/compile/{}",
            spec.file_name()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
        );
        let text = fs::read_to_string(spec).map_err(|e| format!("{label}: {e}"))?;
        let options = Options {
            crate_name: name.clone(),
            crate_version: "0.1.0".into(),
            spec_label: label.clone(),
            command: "cargo xtask fixtures".into(),
            standalone: true,
        };
        let files = generator::generate(&label, &text, &options).map_err(|e| e.to_string())?;
        let out = root.join("target/fixtures").join(&name);
        crate::codegen::write_files(&out, &files)
            .map_err(|e| format!("writing {}: {e}", out.display()))?;
        crate::check_crate(&out, &target)?;
        println!("fixtures: {label} generates a crate that builds and documents warning-free");
    }
    println!("fixtures: {} specs compiled", specs.len());
    Ok(())
}

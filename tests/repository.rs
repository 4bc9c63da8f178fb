//! Facts about the repository itself: the README lists the CI steps exactly as `.ci/run` runs
//! them, and no committed file names a path of one machine.

use std::path::Path;

use tests::root;

/// The commands `.ci/run` runs, in order, with `$upstream` spelled out.
fn ci_commands() -> Vec<String> {
    let script = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    let upstream = script
        .lines()
        .find_map(|line| line.strip_prefix("upstream="))
        .expect(".ci/run names the upstream spec")
        .to_owned();
    script
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#') && !line.starts_with("echo "))
        .filter(|line| {
            line.starts_with("cargo ") || line.starts_with("rustfmt ") || line.contains(" cargo ")
        })
        .map(|line| line.replace("\"$upstream\"", &upstream))
        .collect()
}

#[test]
fn the_readme_lists_every_ci_step_as_ci_runs_it() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = readme
        .split("<!-- ci steps -->")
        .nth(1)
        .expect("the README marks its list of CI steps");
    let listed: Vec<String> = block
        .lines()
        .skip_while(|line| !line.starts_with("```sh"))
        .skip(1)
        .take_while(|line| !line.starts_with("```"))
        .map(|line| line.split("  #").next().unwrap_or(line).trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect();
    let commands = ci_commands();
    assert!(commands.len() > 5, "{commands:?}");
    assert_eq!(listed, commands);
}

#[test]
fn no_file_names_a_path_of_one_machine() {
    let patterns: Vec<String> = ["work", "home", "root", "tmp"]
        .iter()
        .map(|dir| format!("\"/{dir}/"))
        .collect();
    let mut found = Vec::new();
    let mut checked = 0;
    walk(&root(), &mut |path, text| {
        checked += 1;
        for (number, line) in text.lines().enumerate() {
            if patterns.iter().any(|p| line.contains(p.as_str())) {
                found.push(format!("{}:{}: {line}", path.display(), number + 1));
            }
        }
    });
    assert!(checked > 100, "only {checked} files were read");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Calls `visit` with every text file of the repository (not `target/`, `.git/`, `.tools/`).
fn walk(dir: &Path, visit: &mut dyn FnMut(&Path, &str)) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if ![".git", "target", ".tools"].contains(&name.to_string_lossy().as_ref()) {
                walk(&path, visit);
            }
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            let relative = path.strip_prefix(root()).unwrap_or(&path).to_path_buf();
            visit(&relative, &text);
        }
    }
}

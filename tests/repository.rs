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

/// The generator's modules depend along its pipeline, load -> IR -> emit (and the change report
/// after emission): no stage names a later one, and the listing's line format names none. Only
/// code outside `#[cfg(test)]` counts (tests may run the whole pipeline).
#[test]
fn the_generator_depends_along_its_pipeline() {
    let src = root().join("generator/src");
    let load = ["crate::ir", "crate::emit", "crate::diff", "crate::listing"];
    let rules: [(&str, &[&str]); 6] = [
        ("openapi.rs", &load),
        ("pointer.rs", &load),
        ("load.rs", &load),
        ("load", &load),
        ("ir", &["crate::emit", "crate::diff", "crate::listing"]),
        ("emit", &["crate::diff"]),
    ];
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (place, forbidden) in rules {
        let mut files = vec![src.join(place)];
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // A file's tests are its last part, or the whole of a `tests.rs`.
            let code = match path.file_name().is_some_and(|n| n == "tests.rs") {
                true => "",
                false => text.split("#[cfg(test)]").next().unwrap(),
            };
            checked += 1;
            let relative = path.strip_prefix(root()).unwrap().display().to_string();
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for name in forbidden.iter().filter(|name| line.contains(*name)) {
                    wrong.push(format!("{relative} names {name}: {}", line.trim()));
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} files of the generator found");
    assert!(wrong.is_empty(), "against the pipeline: {wrong:#?}");
    let listing = std::fs::read_to_string(src.join("listing.rs")).unwrap();
    let code = listing.split("#[cfg(test)]").next().unwrap();
    let named = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .find(|l| l.contains("crate::"));
    assert_eq!(named, None, "listing.rs depends on a stage");
}

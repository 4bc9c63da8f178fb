//! The generator on spec/webhooks.yaml: the IR and every emitted file are snapshots, output is
//! deterministic, and the checked-in crate is what the generator makes today.

use tests::{checked_in_options, root, webhooks_spec};

#[test]
fn ir_snapshot() {
    let api = generator::build_ir(xtask::codegen::SPEC, &webhooks_spec()).expect("the spec lowers");
    insta::assert_snapshot!("webhooks_ir", format!("{api:#?}"));
}

/// `cargo xtask codegen --dump-ir [--spec FILE]` prints the IR of any spec, or its located error.
#[test]
fn the_ir_of_any_spec_can_be_dumped() {
    let unions = root().join("tests/fixtures/specs/unions.yaml");
    let dump = xtask::codegen::dump_ir(&root(), unions.to_str()).unwrap();
    let api = generator::build_ir(
        unions.to_str().unwrap(),
        &std::fs::read_to_string(&unions).unwrap(),
    )
    .unwrap();
    assert_eq!(dump, format!("{api:#?}\n"));
    assert!(dump.contains("name: \"PaymentMethod\""), "{dump}");
    let checked_in = xtask::codegen::dump_ir(&root(), None).unwrap();
    assert!(checked_in.contains("title: \"Asana\""));
    let broken = root().join("tests/fixtures/bad/unresolved_ref.yaml");
    let error = xtask::codegen::dump_ir(&root(), broken.to_str()).unwrap_err();
    assert!(error.contains("unresolved_ref.yaml:"), "{error}");
    let args = ["--dump-ir", "--out", "target/never"].map(String::from);
    assert!(xtask::codegen::run(&args).is_err());
}

#[test]
fn output_is_deterministic() {
    let spec = webhooks_spec();
    let first = generator::generate(xtask::codegen::SPEC, &spec, &checked_in_options()).unwrap();
    let second = generator::generate(xtask::codegen::SPEC, &spec, &checked_in_options()).unwrap();
    assert_eq!(first, second);
}

#[test]
fn checked_in_crate_is_up_to_date() {
    let job = xtask::codegen::Job::checked_in(&root());
    let files = job.generate().expect("the checked-in spec generates");
    let stale = xtask::codegen::stale_files(&job.out, &files);
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo xtask codegen`:\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_file_starts_with_the_generated_header() {
    let files = generator::generate(
        xtask::codegen::SPEC,
        &webhooks_spec(),
        &checked_in_options(),
    )
    .unwrap();
    for file in files {
        let first = file.contents.lines().next().unwrap_or_default();
        assert!(
            first.to_lowercase().contains("generated") && first.contains("cargo xtask codegen"),
            "{}: {first}",
            file.path
        );
    }
}

/// YAML older specs carry (integer keys, anchors, merge keys) loads and generates, though a plain
/// `serde_yaml` -> `openapiv3` load rejects it or silently loses part of it (`<<` read as a key).
#[test]
fn vintage_yaml_loads_and_generates() {
    insta::glob!("fixtures/vintage/*.yaml", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let ours = generator::load::load("vintage.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
        let plain = serde_yaml::from_str::<openapiv3::OpenAPI>(&text).ok();
        assert_ne!(
            plain.as_ref(),
            Some(&ours.document),
            "{} needs no normalising; it proves nothing",
            path.display()
        );
        let files = generator::generate("vintage.yaml", &text, &checked_in_options())
            .unwrap_or_else(|e| panic!("{e}"));
        let api = files.iter().find(|f| f.path == "API.txt").unwrap();
        insta::assert_snapshot!(api.contents);
    });
}

/// Emission order comes from sorting, not from the order of the spec's maps: reversing the
/// paths and the component maps gives the same files. Security schemes are the one deliberate
/// exception: their order is the spec's preference, and the first leads the crate's example.
#[test]
fn output_does_not_depend_on_map_order() {
    let spec = generator::load::load("webhooks.yaml", &webhooks_spec()).unwrap();
    let mut reversed = spec.raw.clone();
    fn reverse(map: &mut serde_json::Value) {
        if let Some(object) = map.as_object_mut() {
            let entries: Vec<_> = std::mem::take(object).into_iter().rev().collect();
            object.extend(entries);
        }
    }
    reverse(&mut reversed["paths"]);
    for section in ["schemas", "parameters", "responses"] {
        reverse(&mut reversed["components"][section]);
    }
    let text = serde_json::to_string(&reversed).unwrap();
    assert_ne!(
        serde_json::to_string(&spec.raw).unwrap(),
        text,
        "the maps were reordered"
    );
    let options = checked_in_options();
    let original = generator::generate("webhooks.yaml", &webhooks_spec(), &options).unwrap();
    let shuffled = generator::generate("webhooks.yaml", &text, &options).unwrap();
    // The same files, so the comparison below leaves none out.
    let paths =
        |files: &[generator::File]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(original.len(), shuffled.len());
    assert_eq!(paths(&original), paths(&shuffled));
    for (a, b) in original.iter().zip(&shuffled) {
        let first_difference = a
            .contents
            .lines()
            .zip(b.contents.lines())
            .find(|(x, y)| x != y);
        assert_eq!(first_difference, None, "{} depends on map order", a.path);
        assert_eq!(a.contents, b.contents, "{} depends on map order", a.path);
    }
}

/// Every file generated from each fixture spec, as `cargo xtask fixtures` generates it (which
/// also compiles it), is a snapshot in `snapshots/fixtures/<spec>/`. The runtime is not: it is
/// copied verbatim but for its unit tests, and this checks that it is.
#[test]
fn every_fixture_file_is_a_snapshot() {
    insta::glob!("fixtures/specs/*.yaml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let label = format!("{}/{name}", xtask::fixtures::DIR);
        let options = xtask::fixtures::options(&label);
        let files =
            xtask::fixtures::generate(&label, path, &options).unwrap_or_else(|e| panic!("{e}"));
        let (runtime, own): (Vec<_>, Vec<_>) = files
            .iter()
            .partition(|f| f.path.starts_with("src/runtime/"));
        assert_eq!(
            runtime
                .iter()
                .map(|f| f.path.trim_start_matches("src/runtime/"))
                .collect::<Vec<_>>(),
            runtime_sources(),
            "{label}: the runtime is copied whole"
        );
        for file in runtime {
            let source = root()
                .join("generator/runtime")
                .join(file.path.trim_start_matches("src/runtime/"));
            let source = std::fs::read_to_string(&source)
                .unwrap()
                .replace("\r\n", "\n");
            // A copy is the source up to its unit tests, which only `client-runtime` runs.
            let (_, copy) = file.contents.split_once("\n\n").unwrap();
            let left_out = source.strip_prefix(copy);
            assert!(
                left_out.is_some_and(|rest| rest.is_empty() || rest.starts_with("#[cfg(test)]")),
                "{}: {} is not a copy",
                label,
                file.path
            );
        }
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(format!("snapshots/fixtures/{stem}"));
        settings.remove_snapshot_suffix();
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| {
            for file in own {
                insta::assert_snapshot!(file.path.replace(['/', '.'], "_"), file.contents);
            }
        });
    });
}

/// The runtime's files that generated crates carry: `generator/runtime/*.rs` but `lib.rs`, which
/// only makes the runtime a crate of its own, and `fakes.rs`, its tests' fakes.
fn runtime_sources() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("generator/runtime"))
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs") && name != "lib.rs" && name != "fakes.rs")
        .collect();
    names.sort();
    names
}

/// Text from a spec never puts a Unicode bidirectional control into the crate: rustc refuses
/// them in comments, and they are how "Trojan source" hides code.
#[test]
fn no_bidirectional_control_reaches_the_crate() {
    let is_bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let path = root().join("tests/fixtures/specs/naming.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let spec = generator::load::load("naming.yaml", &text).unwrap();
    assert!(
        serde_json::to_string(&spec.raw).unwrap().contains(is_bidi),
        "the fixture carries no bidirectional control; it proves nothing"
    );
    let files = generator::generate("naming.yaml", &text, &checked_in_options()).unwrap();
    for file in &files {
        assert!(!file.contents.contains(is_bidi), "{}", file.path);
    }
}

/// The crate root re-exports exactly the crates its public API names, each with a line of the
/// crate docs: the runtime's in every crate, `chrono` and `url` only where a model or an
/// operation holds a date, a time or a URL.
#[test]
fn the_crate_root_reexports_the_crates_its_api_names() {
    let runtime = ["bytes", "futures", "http", "reqwest", "serde", "serde_json"];
    let cases = [
        ("models.yaml", vec!["chrono", "url"]),
        ("minimal.yaml", vec![]),
    ];
    for (spec, own) in cases {
        let label = format!("{}/{spec}", xtask::fixtures::DIR);
        let text = std::fs::read_to_string(root().join(&label)).unwrap();
        let files = generator::generate(&label, &text, &xtask::fixtures::options(&label))
            .unwrap_or_else(|e| panic!("{e}"));
        let lib = files
            .iter()
            .find(|f| f.path == "src/lib.rs")
            .expect("a lib.rs");
        let mut expected: Vec<&str> = runtime.iter().copied().chain(own).collect();
        expected.sort_unstable();
        let reexported: Vec<&str> = lib
            .contents
            .lines()
            .filter_map(|line| line.strip_prefix("pub use ")?.strip_suffix(';'))
            .filter(|path| !path.contains("::"))
            .collect();
        assert_eq!(reexported, expected, "{spec}");
        let documented: Vec<&str> = lib
            .contents
            .lines()
            .filter_map(|line| line.strip_prefix("//! - `")?.split('`').next())
            .collect();
        assert_eq!(documented, expected, "{spec}");
        assert!(
            lib.contents
                .contains("re-exported so you use the same version"),
            "{spec}"
        );
    }
}

/// OpenAPI 3.1 is read as the 3.0 it means: the 3.1 form of a fixture gives the very IR of the
/// 3.0 original, so the generated crate is the same.
#[test]
fn a_spec_written_in_3_1_gives_the_ir_of_its_3_0_form() {
    let build = |name: &str| {
        let text = std::fs::read_to_string(root().join("tests/fixtures/specs").join(name)).unwrap();
        generator::build_ir(name, &text).unwrap_or_else(|e| panic!("{e}"))
    };
    let original = build("nullable.yaml");
    let translated = build("v31_nullable.yaml");
    assert_eq!(translated.types, original.types);
    assert_eq!(translated, original);
}

/// Every `.snap` file under `tests/` is one a test writes: a snapshot no test produces any more
/// (its spec renamed, a generated file gone) would otherwise stay, reviewed by no one. The
/// snapshots each test writes are listed here; a new snapshot test adds its own.
#[test]
fn every_snapshot_is_produced_by_a_test() {
    let mut expected =
        std::collections::BTreeSet::from(["snapshots/codegen__webhooks_ir.snap".to_owned()]);
    let inputs = |dir: &str, extension: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(root().join("tests").join(dir))
            .unwrap()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(extension))
            .collect();
        names.sort();
        assert!(!names.is_empty(), "tests/{dir} holds no spec");
        names
    };
    // `insta::glob!` names each snapshot after its test and input file.
    for (test, dir, extension) in [
        (
            "bad_specs__each_broken_spec_gets_a_located_message",
            "fixtures/bad",
            ".yaml",
        ),
        (
            "bad_specs__each_bad_configuration_gets_a_located_message",
            "fixtures/bad_config",
            ".toml",
        ),
        (
            "codegen__vintage_yaml_loads_and_generates",
            "fixtures/vintage",
            ".yaml",
        ),
    ] {
        for name in inputs(dir, extension) {
            expected.insert(format!("snapshots/{test}@{name}.snap"));
        }
    }
    // `every_fixture_file_is_a_snapshot`: one per generated file but the runtime.
    for name in inputs("fixtures/specs", ".yaml") {
        let stem = name.trim_end_matches(".yaml");
        let label = format!("{}/{name}", xtask::fixtures::DIR);
        let path = root().join("tests/fixtures/specs").join(&name);
        let files = xtask::fixtures::generate(&label, &path, &xtask::fixtures::options(&label))
            .unwrap_or_else(|e| panic!("{e}"));
        for file in files.iter().filter(|f| !f.path.starts_with("src/runtime/")) {
            let snapshot = file.path.replace(['/', '.'], "_");
            expected.insert(format!("snapshots/fixtures/{stem}/{snapshot}.snap"));
        }
    }
    let mut found = Vec::new();
    let mut dirs = vec![root().join("tests")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "snap") {
                let relative = path.strip_prefix(root().join("tests")).unwrap();
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    let orphans: Vec<&String> = found.iter().filter(|f| !expected.contains(*f)).collect();
    assert!(
        orphans.is_empty(),
        "snapshots no test produces (delete them, or list the test that writes them here): {orphans:#?}"
    );
    let missing: Vec<&String> = expected.iter().filter(|e| !found.contains(e)).collect();
    assert!(
        missing.is_empty(),
        "snapshots expected but not checked in: {missing:#?}"
    );
}

//! The generator on spec/webhooks.yaml: the IR and every emitted file are snapshots, output is
//! deterministic, and the checked-in crate is what the generator makes today.

use tests::{checked_in_options, root, webhooks_spec};

#[test]
fn ir_snapshot() {
    let api = generator::build_ir(xtask::codegen::SPEC, &webhooks_spec()).expect("the spec lowers");
    insta::assert_snapshot!("webhooks_ir", format!("{api:#?}"));
}

#[test]
fn every_emitted_file_is_a_snapshot() {
    let files = generator::generate(
        xtask::codegen::SPEC,
        &webhooks_spec(),
        &checked_in_options(),
    )
    .expect("the spec generates");
    for file in files.iter().filter(|f| !f.path.starts_with("src/runtime/")) {
        let name = format!("webhooks_{}", file.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, file.contents);
    }
    // The runtime is copied verbatim: a snapshot would only duplicate generator/runtime/.
    let runtime: Vec<&str> = files
        .iter()
        .filter(|f| f.path.starts_with("src/runtime/"))
        .map(|f| f.path.as_str())
        .collect();
    assert!(runtime.contains(&"src/runtime/mod.rs"), "{runtime:?}");
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

/// The public API generated from each compiled fixture (`cargo xtask fixtures` builds them).
#[test]
fn fixture_api_listings() {
    insta::glob!("fixtures/compile/*.yaml", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let files = generator::generate("fixture.yaml", &text, &checked_in_options())
            .unwrap_or_else(|e| panic!("{e}"));
        let listing = files.iter().find(|f| f.path == "API.txt").unwrap();
        insta::assert_snapshot!(listing.contents);
    });
}

/// Text from a spec never puts a Unicode bidirectional control into the crate: rustc refuses
/// them in comments, and they are how "Trojan source" hides code.
#[test]
fn no_bidirectional_control_reaches_the_crate() {
    let is_bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let path = root().join("tests/fixtures/compile/naming.yaml");
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

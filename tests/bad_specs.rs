//! Broken specs: each gives one clear message naming the file, line, column and JSON pointer
//! (snapshotted), and a failed generation leaves the output directory untouched.

use std::fs;

use tests::{Scratch, root};

#[test]
fn each_broken_spec_gets_a_located_message() {
    insta::glob!("fixtures/bad/*.yaml", |path| {
        let text = fs::read_to_string(path).unwrap();
        let name = format!(
            "fixtures/bad/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let error = generator::build_ir(&name, &text).expect_err("a broken spec must not generate");
        let message = error.to_string();
        assert!(message.starts_with(&name), "{message}");
        assert!(!message.contains("did not match any variant"), "{message}");
        if !name.ends_with("empty.yaml") {
            assert!(error.location.is_some(), "no line and column: {message}");
        }
        insta::assert_snapshot!(message);
    });
}

/// Bad configurations of `fixtures/bad_config/spec.yaml`: each gives one message naming the
/// configuration, line, column and key (snapshotted), never the spec.
#[test]
fn each_bad_configuration_gets_a_located_message() {
    let spec_name = "fixtures/bad_config/spec.yaml";
    let spec = fs::read_to_string(root().join("tests").join(spec_name)).unwrap();
    generator::build_ir(spec_name, &spec).expect("the spec alone generates");
    insta::glob!("fixtures/bad_config/*.toml", |path| {
        let text = fs::read_to_string(path).unwrap();
        let name = format!(
            "fixtures/bad_config/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let error = generator::Config::parse(&name, &text)
            .and_then(|config| generator::build_ir_configured(spec_name, &spec, &config))
            .expect_err("a bad configuration must not generate");
        let message = error.to_string();
        assert!(message.starts_with(&name), "{message}");
        assert!(error.location.is_some(), "no line and column: {message}");
        if !name.ends_with("toml_syntax.toml") {
            assert!(error.pointer.is_some(), "no key: {message}");
        }
        insta::assert_snapshot!(message);
    });
}

#[test]
fn failed_generation_leaves_existing_files_untouched() {
    let scratch = Scratch::new("untouched");
    let out = scratch.path().join("crate");
    fs::create_dir_all(out.join("src")).unwrap();
    fs::write(out.join("Cargo.toml"), "# hand-made\n").unwrap();
    fs::write(out.join("src/lib.rs"), "// existing\n").unwrap();
    for broken in [
        "unresolved_ref.yaml",
        "yaml_syntax.yaml",
        "ref_cycle.yaml",
        "empty.yaml",
    ] {
        let spec = root().join("tests/fixtures/bad").join(broken);
        let args: Vec<String> = [
            "--spec",
            spec.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let error = xtask::codegen::run(&args).expect_err(broken);
        assert!(error.contains(broken), "{error}");
        assert_eq!(
            fs::read_to_string(out.join("Cargo.toml")).unwrap(),
            "# hand-made\n"
        );
        assert_eq!(
            fs::read_to_string(out.join("src/lib.rs")).unwrap(),
            "// existing\n"
        );
        assert_eq!(
            fs::read_dir(out.join("src")).unwrap().count(),
            1,
            "nothing new was written"
        );
    }
}

#[test]
fn a_missing_spec_file_is_named() {
    let args: Vec<String> = ["--spec", "no/such/spec.yaml", "--out", "target/never"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let error = xtask::codegen::run(&args).expect_err("missing file");
    assert!(error.contains("no/such/spec.yaml"), "{error}");
}

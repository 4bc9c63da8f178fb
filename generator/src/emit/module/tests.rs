//! A client as a module: features resolved, `crate::` paths rewritten, files inlined.

use super::*;

fn on(name: &str) -> bool {
    matches!(name, "webhooks" | "oauth" | "rustls-aws-lc")
}

#[test]
fn an_attribute_that_holds_goes_and_its_item_stays() {
    let code = "#[cfg(feature = \"oauth\")]\npub const A: u8 = 1;\n    #[cfg(any(feature = \"webhooks\", feature = \"tasks\"))] serialize;\n";
    assert_eq!(
        resolve_cfgs(code, &on),
        "pub const A: u8 = 1;\n    serialize;\n"
    );
}

#[test]
fn an_item_whose_attribute_fails_goes_with_its_docs() {
    let code = "\
fn kept() {}

/// Makes ring the provider.
#[cfg(all(feature = \"rustls-ring\", not(feature = \"rustls-aws-lc\")))]
fn install() {
    if true {
        ring();
    }
}

/// Nothing to install.
#[cfg(not(all(feature = \"rustls-ring\", not(feature = \"rustls-aws-lc\"))))]
fn install() {}
";
    assert_eq!(
        resolve_cfgs(code, &on),
        "fn kept() {}\n\n/// Nothing to install.\nfn install() {}\n"
    );
}

#[test]
fn tests_and_lines_gated_off_are_left_out() {
    let code = "\
struct A;

#[cfg(test)]
mod tests {
    use super::*;
}
";
    assert_eq!(resolve_cfgs(code, &on), "struct A;\n");
    let code = "x! {\n    serialize;\n    #[cfg(feature = \"serde-full\")] deserialize;\n}\n";
    assert_eq!(resolve_cfgs(code, &on), "x! {\n    serialize;\n}\n");
}

#[test]
fn cfg_attr_applies_its_attribute_or_goes() {
    let code = "#[cfg_attr(feature = \"oauth\", derive(Debug, Clone))]\n#[cfg_attr(feature = \"serde-full\", derive(::serde::Serialize))]\nstruct A;\n";
    assert_eq!(
        resolve_cfgs(code, &on),
        "#[derive(Debug, Clone)]\nstruct A;\n"
    );
}

#[test]
fn an_attribute_broken_over_lines_is_read_whole() {
    let code = "#[cfg(\n    any(\n        feature = \"webhooks\",\n        feature = \"tasks\",\n    )\n)]\npub mod webhooks;\n";
    assert_eq!(resolve_cfgs(code, &on), "pub mod webhooks;\n");
}

#[test]
fn predicates_not_about_features_are_left_alone() {
    let code = "#[cfg(target_os = \"linux\")]\nfn a() {}\n#[cfg(any(unix, feature = \"tasks\"))]\nfn b() {}\n";
    assert_eq!(resolve_cfgs(code, &on), code);
}

#[test]
fn crate_paths_become_the_module_path() {
    assert_eq!(
        rewrite_crate_paths(
            "use crate::models::A; pub(crate) use x; $crate::runtime::B; my_crate::C; [`X`](crate::X)",
            "crate::api"
        ),
        "use crate::api::models::A; pub(crate) use x; $crate::api::runtime::B; my_crate::C; [`X`](crate::api::X)"
    );
}

#[test]
fn a_module_documented_in_both_places_has_outer_docs_only() {
    let file = |path: &str, contents: &str| File {
        path: path.into(),
        contents: contents.into(),
    };
    let files = [
        file("mod.rs", "/// Same.\npub mod a;\n/// Outer.\npub mod b;\n"),
        file("a.rs", "//! Same.\n\nstruct A;\n"),
        file("b.rs", "//! Inner.\n\nstruct B;\n"),
    ];
    assert_eq!(
        inline_modules(&files, "mod.rs", ""),
        "/// Same.\npub mod a {\nstruct A;\n}\n/// Outer.\n///\n/// Inner.\npub mod b {\nstruct B;\n}\n"
    );
}

#[test]
fn module_files_are_inlined_from_the_root() {
    let file = |path: &str, contents: &str| File {
        path: path.into(),
        contents: contents.into(),
    };
    let files = [
        file("mod.rs", "pub mod models;\npub mod runtime;\n"),
        file("models.rs", "//! Models.\npub struct A;\n"),
        file("runtime/mod.rs", "mod client;\n"),
        file("runtime/client.rs", "pub struct Client;\n"),
    ];
    assert_eq!(
        inline_modules(&files, "mod.rs", ""),
        "pub mod models {\n//! Models.\npub struct A;\n}\npub mod runtime {\nmod client {\npub struct Client;\n}\n}\n"
    );
}

fn module_of(spec: &str, single_file: bool) -> Vec<File> {
    let api = crate::build_ir("spec.yaml", spec).expect("the spec lowers");
    let options = Options {
        crate_name: "ignored".into(),
        crate_version: "0.1.0".into(),
        spec_label: "spec.yaml".into(),
        command: "client-gen generate".into(),
        standalone: false,
    };
    let module = ModuleOptions {
        path: "crate::client::api".into(),
        single_file,
    };
    emit_module(&api, &options, &module)
}

/// Every fixture's module: one file that parses as items (what `include!` reads), with no
/// feature left to decide, no path to the crate's root, and the runtime's tests left out.
#[test]
fn a_single_file_module_is_items_with_every_feature_decided() {
    for (name, spec) in [
        (
            "features",
            include_str!("../../../../tests/fixtures/specs/features.yaml"),
        ),
        (
            "media",
            include_str!("../../../../tests/fixtures/specs/media.yaml"),
        ),
        (
            "v31_webhooks",
            include_str!("../../../../tests/fixtures/specs/v31_webhooks.yaml"),
        ),
        (
            "auth",
            include_str!("../../../../tests/fixtures/specs/auth.yaml"),
        ),
    ] {
        let files = module_of(spec, true);
        assert_eq!(
            files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
            ["api.rs"]
        );
        let code = &files[0].contents;
        assert!(code.starts_with("// @generated by `client-gen generate` from spec.yaml."));
        if let Err(error) = syn::parse_file(code) {
            panic!("{name}: {error}:\n{code}");
        }
        let items = code.split_once("\n\n").unwrap().1;
        assert!(!items.starts_with("//!"), "{name}: {items}");
        for absent in [
            "feature =",
            "#[cfg(test)]",
            "```no_run",
            "@generated by `cargo",
        ] {
            let lines: Vec<_> = code.lines().filter(|l| l.contains(absent)).collect();
            assert!(lines.is_empty(), "{name}: `{absent}` in {lines:#?}");
        }
        let unrewritten: Vec<_> = code
            .match_indices("crate::")
            .filter(|(at, _)| !code[at + "crate::".len()..].starts_with("client::api::"))
            .filter(|(at, _)| !code[..*at].ends_with("pub("))
            .map(|(at, _)| &code[at.saturating_sub(30)..at + 30])
            .collect();
        assert!(unrewritten.is_empty(), "{name}: {unrewritten:#?}");
        assert!(code.contains("pub mod runtime {\n"), "{name}");
        assert!(code.contains("pub mod models {\n"), "{name}");
    }
}

/// As a directory, the crate's files keep their shape: `lib.rs` is `mod.rs`, and each file
/// holds its docs.
#[test]
fn a_module_directory_keeps_the_crates_files() {
    let files = module_of(
        include_str!("../../../../tests/fixtures/specs/features.yaml"),
        false,
    );
    let paths: Vec<_> = files.iter().map(|f| f.path.as_str()).collect();
    for expected in [
        "mod.rs",
        "models.rs",
        "operations/mod.rs",
        "runtime/mod.rs",
        "runtime/client.rs",
    ] {
        assert!(paths.contains(&expected), "{expected} in {paths:?}");
    }
    assert!(
        !paths
            .iter()
            .any(|p| p.ends_with(".toml") || p.ends_with(".txt"))
    );
    let root = &files.iter().find(|f| f.path == "mod.rs").unwrap().contents;
    assert!(root.contains("\n//! A typed async client"), "{root}");
    assert!(root.contains("```ignore\n"), "{root}");
    assert!(
        root.contains("use crate::client::api::{Client, RetryPolicy};"),
        "{root}"
    );
    for file in &files {
        assert!(
            !file.contents.contains("feature ="),
            "{}: a feature left",
            file.path
        );
        syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", file.path));
    }
}

#[test]
fn a_module_needs_the_default_features_dependencies_as_plain_ones() {
    let dependencies = module_dependencies();
    assert!(!dependencies.contains("optional"), "{dependencies}");
    assert!(!dependencies.contains("rustls ="), "{dependencies}");
    assert!(
        dependencies.contains("\nsha2 = \"0.10\"\n"),
        "{dependencies}"
    );
    assert!(
        dependencies.contains(
            "features = [\"json\", \"http2\", \"query\", \"stream\", \"multipart\", \"rustls\"]"
        ),
        "{dependencies}"
    );
}

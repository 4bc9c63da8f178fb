use super::*;

fn error(text: &str) -> String {
    Config::parse("api.toml", text).unwrap_err().to_string()
}

#[test]
fn every_key_is_read() {
    let text = r#"
[package]
name = "tasks-client"
version = "1.2.0-beta.1"
description = "Tasks, as a crate."

[generate]
tags = ["Tasks"]
operations = ["getUser"]
exclude-tags = ["Internal"]
exclude-operations = ["deleteTask"]

[rename.operations]
getTasks = "list_tasks"

[rename.types]
TaskCompact = "TaskSummary"

[rename.fields.Task]
gid = "id"
"#;
    let config = Config::parse("api.toml", text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.package.name.as_deref(), Some("tasks-client"));
    assert_eq!(config.package.version.as_deref(), Some("1.2.0-beta.1"));
    assert_eq!(
        config.package.description.as_deref(),
        Some("Tasks, as a crate.")
    );
    let names = |list: &[Named]| list.iter().map(|n| n.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&config.subset.tags), ["Tasks"]);
    assert_eq!(names(&config.subset.operations), ["getUser"]);
    assert_eq!(names(&config.subset.exclude_tags), ["Internal"]);
    assert_eq!(names(&config.subset.exclude_operations), ["deleteTask"]);
    let rename = config.renames.operation("getTasks").unwrap();
    assert_eq!(rename.to, "list_tasks");
    assert_eq!(rename.spot.key, "rename.operations.getTasks");
    assert_eq!(
        rename.spot.location,
        Location {
            line: 14,
            column: 12
        }
    );
    assert_eq!(
        config.renames.schema("TaskCompact").unwrap().to,
        "TaskSummary"
    );
    let field = config.renames.fields_of("Task").next().unwrap();
    assert_eq!((field.property.as_str(), field.to.as_str()), ("gid", "id"));
    assert_eq!(config.subset.tags[0].spot.key, "generate.tags.0");
}

#[test]
fn an_empty_file_is_the_default() {
    assert_eq!(
        Config::parse("api.toml", "").unwrap(),
        Config {
            file: "api.toml".into(),
            ..Config::default()
        }
    );
}

#[test]
fn unknown_keys_and_wrong_types_are_located() {
    assert_eq!(
        error("[package]\nname = \"x\"\nedition = \"2024\"\n"),
        "api.toml:3:1: at package.edition: unknown field `edition`, expected one of `name`, `version`, `description`"
    );
    assert_eq!(
        error("[generate]\ntags = [\"a\", 2]\n"),
        "api.toml:2:14: at generate.tags.1: invalid type: integer `2`, expected a string"
    );
    assert_eq!(
        error("[rename.operations]\ngetTasks = 1\n"),
        "api.toml:2:12: at rename.operations.getTasks: invalid type: integer `1`, expected a string"
    );
    assert!(error("[package\n").starts_with("api.toml:1:9: "));
}

#[test]
fn names_must_be_identifiers_of_their_case() {
    assert_eq!(
        error("[rename.operations]\ngetTasks = \"ListTasks\"\n"),
        "api.toml:2:12: at rename.operations.getTasks: `ListTasks` is not a snake_case method name the crate can use as is (it would become `list_tasks`)"
    );
    assert!(error("[rename.types]\nTask = \"task\"\n").contains("UpperCamelCase"));
    // A model may not take a name the crate root defines.
    assert!(error("[rename.types]\nTask = \"Client\"\n").contains("`ClientModel`"));
    assert!(error("[rename.fields.Task]\ngid = \"type\"\n").contains("`r#type`"));
    assert_eq!(
        error("[rename.types]\nA = \"Same\"\nB = \"Same\"\n"),
        "api.toml:3:5: at rename.types.B: `Same` is also the name given to `A`"
    );
}

#[test]
fn package_values_are_ones_cargo_takes() {
    assert!(error("[package]\nname = \"1x\"\n").contains("not a package name"));
    assert!(error("[package]\nversion = \"1.0\"\n").contains("not a version"));
    assert!(error("[package]\nversion = \"01.0.0\"\n").contains("not a version"));
    assert!(error("[package]\ndescription = \"a\\nb\"\n").contains("one line"));
    assert!(Config::parse("c.toml", "[package]\nversion = \"0.1.0+build.5\"\n").is_ok());
}

#[test]
fn a_subset_includes_by_tag_or_id_then_excludes() {
    let subset = |text: &str| Config::parse("c.toml", text).unwrap().subset;
    let tags = |t: &[&str]| t.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
    let all = subset("");
    assert!(!all.is_active());
    assert!(all.includes("a", &[]));
    let some =
        subset("[generate]\ntags = [\"T\"]\noperations = [\"b\"]\nexclude-operations = [\"c\"]\n");
    assert!(some.is_active());
    assert!(some.includes("a", &tags(&["U", "T"])));
    assert!(some.includes("b", &tags(&["U"])));
    assert!(!some.includes("d", &tags(&["U"])));
    assert!(!some.includes("c", &tags(&["T"])));
    let without = subset("[generate]\nexclude-tags = [\"T\"]\n");
    assert!(without.includes("a", &tags(&["U"])));
    assert!(!without.includes("a", &tags(&["U", "T"])));
}

#[test]
fn types_and_their_dependencies_are_read() {
    let text = r#"
[dependencies]
rust_decimal = { version = "1.36", features = ["serde-str"] }
uuid = { version = "1" }

[types.formats.uuid]
type = "uuid::Uuid"
example = "uuid::Uuid::nil()"

[types.formats.decimal]
type = "rust_decimal::Decimal"

[types.schemas.Metadata]
type = "serde_json::Map<String, serde_json::Value>"
"#;
    let config = Config::parse("api.toml", text).unwrap_or_else(|e| panic!("{e}"));
    let deps: Vec<(&str, &str, &[String])> = config
        .dependencies
        .iter()
        .map(|d| (d.name.as_str(), d.version.as_str(), d.features.as_slice()))
        .collect();
    assert_eq!(
        deps,
        [
            ("rust_decimal", "1.36", &["serde-str".to_owned()][..]),
            ("uuid", "1", &[][..])
        ]
    );
    let uuid = config.types.format("uuid").unwrap();
    assert_eq!(uuid.path, "uuid::Uuid");
    assert_eq!(uuid.spot.key, "types.formats.uuid.type");
    assert_eq!(
        config.types.example("uuid::Uuid"),
        Some("uuid::Uuid::nil()")
    );
    assert_eq!(config.types.example("rust_decimal::Decimal"), None);
    assert_eq!(
        config.types.schema("Metadata").unwrap().path,
        "serde_json::Map<String, serde_json::Value>"
    );
}

#[test]
fn types_name_crates_the_generated_crate_depends_on() {
    assert_eq!(
        error("[types.formats.uuid]\ntype = \"uuid::Uuid\"\n"),
        "api.toml:2:8: at types.formats.uuid.type: the crate `uuid` is not a dependency of the generated crate; declare it in `[dependencies]`"
    );
    // The crates every generated crate has, and the standard library's, need no declaration.
    for path in ["std::net::IpAddr", "chrono::NaiveTime", "serde_json::Value"] {
        let text = format!("[types.formats.f]\ntype = \"{path}\"\n");
        assert!(Config::parse("c.toml", &text).is_ok(), "{path}");
    }
    // A dependency's package name is its crate name with `_` for `-`.
    let declared = "[dependencies]\nrust-decimal = { version = \"1\" }\n[types.formats.f]\n";
    assert!(
        Config::parse(
            "c.toml",
            &format!("{declared}type = \"rust_decimal::Decimal\"\n")
        )
        .is_ok()
    );
    assert!(error("[types.formats.f]\ntype = \"&str\"\n").contains("not a path to a type"));
    assert!(error("[types.formats.f]\ntype = \"Uuid\"\n").contains("its path from its crate"));
    assert!(error("[types.formats.f]\ntype = \"uuid::\"\n").contains("not a Rust type"));
    assert!(
        error("[types.formats.f]\ntype = \"::std::string::String\"\n").contains("leading `::`")
    );
    assert!(
        error("[types.formats.f]\ntype = \"std::string::String\"\nexample = \"let x = 1;\"\n")
            .contains("not a Rust expression")
    );
    assert!(
        error("[types.formats.f]\ntype = \"std::string::String\"\nexample = \"`x`\"\n")
            .contains("backtick")
    );
    assert!(
        error("[types.formats.f]\npath = \"std::string::String\"\n")
            .contains("unknown field `path`")
    );
}

#[test]
fn dependencies_are_ones_cargo_takes_and_new() {
    assert!(
        error("[dependencies]\nserde = { version = \"1\" }\n")
            .contains("depends on `serde` already")
    );
    assert!(error("[dependencies]\nserde-json = { version = \"1\" }\n").contains("already"));
    assert!(
        error("[dependencies]\nuuid = { version = \"one\" }\n")
            .contains("not a version requirement")
    );
    assert!(
        error("[dependencies]\n\"1uuid\" = { version = \"1\" }\n").contains("not a package name")
    );
    assert!(
        error("[dependencies]\nuuid = { version = \"1\", features = [\"a b\"] }\n")
            .contains("not a feature name")
    );
    assert!(error("[dependencies]\nuuid = \"1\"\n").contains("invalid type"));
    for version in [
        "1",
        "1.2",
        "^1.2.3",
        "~0.8",
        ">=0.8, <0.10",
        "=1.0.0-rc.1",
        "1.*",
        "*",
    ] {
        let text = format!("[dependencies]\nuuid = {{ version = \"{version}\" }}\n");
        assert!(Config::parse("c.toml", &text).is_ok(), "{version}");
    }
}

#[test]
fn the_crates_a_type_may_name_undeclared_are_the_manifests() {
    let files = crate::generate(
        "t.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
        &crate::Options {
            crate_name: "t".into(),
            crate_version: "0.1.0".into(),
            spec_label: "t.yaml".into(),
            command: "generate".into(),
            standalone: false,
        },
    )
    .unwrap();
    let manifest = &files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .unwrap()
        .contents;
    let dependencies = manifest
        .split("[dependencies]\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap();
    let names: Vec<&str> = dependencies
        .lines()
        .map(|line| line.split(" = ").next().unwrap())
        .collect();
    assert_eq!(names, CRATE_DEPENDENCIES);
}

#[test]
fn derives_are_read_and_checked() {
    let config = Config::parse(
        "api.toml",
        "[derives]\nall = [\"Eq\", \"Hash\"]\n[derives.schemas]\nTask = [\"Ord\"]\n",
    )
    .unwrap();
    let all: Vec<crate::ir::Derive> = config.derives.all.iter().map(|d| d.derive).collect();
    assert_eq!(all, [crate::ir::Derive::Eq, crate::ir::Derive::Hash]);
    assert_eq!(config.derives.schemas[0].schema, "Task");
    assert_eq!(
        config.derives.schemas[0].derives[0].spot.key,
        "derives.schemas.Task.0"
    );
    assert_eq!(
        error("[derives]\nall = [\"Copy\"]\n"),
        "api.toml:2:8: at derives.all.0: `Copy` is not a trait the generator can derive; one of `Eq`, `Hash`, `PartialOrd`, `Ord`"
    );
    assert!(error("[derives]\nall = [\"Debug\"]\n").contains("derives `Debug` already"));
    assert!(error("[derives]\nall = [\"Eq\", \"Eq\"]\n").contains("listed twice"));
}

#[test]
fn paging_and_streams_are_read_and_checked() {
    let config = Config::parse(
        "api.toml",
        "[paging]\nlistA = false\n[paging.listB]\ntype = \"cursor\"\ninputs = [{ name = \"after\", in = \"parameters\", type = \"cursor\" }]\noutputs = { nextCursor = \"$.next\" }\n[streams]\nwatch = false\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.paging("listA").unwrap().decision,
        PagingDecision::Off
    );
    let PagingDecision::Declared(declared) = &config.paging("listB").unwrap().decision else {
        panic!("{:?}", config.paging)
    };
    assert_eq!(
        *declared,
        serde_json::json!({
            "type": "cursor",
            "inputs": [{"name": "after", "in": "parameters", "type": "cursor"}],
            "outputs": {"nextCursor": "$.next"},
        })
    );
    assert_eq!(config.paging("listB").unwrap().spot.key, "paging.listB");
    assert_eq!(config.unstreamed[0].name, "watch");
    assert_eq!(
        error("[paging]\nlistA = true\n"),
        "api.toml:2:9: at paging.listA: `false` (not paged) or a table in the form of `x-speakeasy-pagination`"
    );
    assert!(error("[paging.listA]\ninputs = []\n").contains("has a `type`"));
    assert!(error("[paging.listA]\ntype = \"url\"\nnext = 1\n").contains("unknown key `next`"));
    assert!(error("[streams]\nwatch = true\n").contains("only `false`"));
    assert!(error("[streams]\nwatch = \"no\"\n").contains("invalid type"));
}

#[test]
fn conventions_name_the_apis_own_headers() {
    let config = Config::parse(
        "api.toml",
        "[conventions]\nnotice-headers = [\"X-Api-Change\", \"x-notice\"]\n",
    )
    .unwrap();
    assert_eq!(
        config.conventions.notice_headers,
        ["x-api-change", "x-notice"]
    );
    assert_eq!(
        error("[conventions]\nnotice-headers = [\"Api Change\"]\n"),
        "api.toml:2:19: at conventions.notice-headers.0: `api change` is not a header name"
    );
    assert!(error("[conventions]\nnotice-headers = [\"Sunset\"]\n").contains("read always"));
    assert!(error("[conventions]\nnotice-headers = [\"a\", \"A\"]\n").contains("listed twice"));
    assert!(error("[conventions]\nwebhook = 1\n").contains("unknown field `webhook`"));
}

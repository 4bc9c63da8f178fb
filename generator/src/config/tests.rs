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

//! What a configuration names, checked against the spec: every operation id, tag, schema and
//! property it names exists, so that a typo is an error at its key rather than a choice
//! silently not applied. And the types a subset of the operations no longer reaches, left
//! out of the crate.

use std::collections::BTreeSet;

use super::operation::RawOperation;
use super::refs::component_pointer;
use super::{Lowerer, Result, fail_config};
use crate::ir::model::*;
use crate::ir::naming;

impl<'a> Lowerer<'a> {
    /// Every schema a rename names is a component schema.
    pub(super) fn check_schemas_named(&self) -> Result<()> {
        let schemas = self.doc.components.as_ref().map(|c| &c.schemas);
        let exists = |key: &str| schemas.is_some_and(|s| s.contains_key(key));
        let renames = &self.config.renames;
        let overrides = &self.config.types.schemas;
        let named = renames
            .types
            .iter()
            .map(|r| (&r.from, &r.spot))
            .chain(renames.fields.iter().map(|r| (&r.schema, &r.spot)))
            .chain(overrides.iter().map(|o| (&o.key, &o.spot)))
            .chain(
                self.config
                    .derives
                    .schemas
                    .iter()
                    .filter_map(|d| d.derives.first().map(|first| (&d.schema, &first.spot))),
            );
        for (key, spot) in named {
            if !exists(key) {
                return fail_config(
                    spot,
                    format!("no schema named `{key}` in components/schemas"),
                );
            }
        }
        // A schema given a type of another crate has no model to rename.
        let renamed = renames
            .types
            .iter()
            .map(|r| (&r.from, &r.spot))
            .chain(renames.fields.iter().map(|r| (&r.schema, &r.spot)))
            .chain(
                self.config
                    .derives
                    .schemas
                    .iter()
                    .filter_map(|d| d.derives.first().map(|first| (&d.schema, &first.spot))),
            );
        for (key, spot) in renamed {
            if let Some(given) = self.config.types.schema(key) {
                return fail_config(
                    spot,
                    format!(
                        "the schema `{key}` is the type `{}` (types.schemas.{key}), which has no model to rename",
                        given.path
                    ),
                );
            }
        }
        Ok(())
    }

    /// Every format a type is given for is the `format` of some schema of the spec.
    pub(super) fn check_formats_named(&self) -> Result<()> {
        let formats = &self.config.types.formats;
        if formats.is_empty() {
            return Ok(());
        }
        let doc = serde_json::to_value(self.doc).unwrap_or_default();
        let mut written = BTreeSet::new();
        formats_in(&doc, &mut written);
        for given in formats {
            if !written.contains(given.key.as_str()) {
                return fail_config(
                    &given.spot,
                    format!("no schema has the format `{}`", given.key),
                );
            }
        }
        Ok(())
    }

    /// Every operation id and tag the configuration names is one of the spec's, and no renamed
    /// method is the name another operation's method takes.
    pub(super) fn check_operations_named(&self, raw: &[RawOperation<'a>]) -> Result<()> {
        let config = self.config;
        let ids: BTreeSet<&str> = raw.iter().map(|op| op.id.as_str()).collect();
        let tags: BTreeSet<&str> = raw
            .iter()
            .flat_map(|op| &op.operation.tags)
            .map(String::as_str)
            .collect();
        let named_ids = config
            .subset
            .named_operations()
            .map(|n| (&n.name, &n.spot))
            .chain(config.renames.operations.iter().map(|r| (&r.from, &r.spot)))
            .chain(config.paging.iter().map(|p| (&p.operation, &p.spot)))
            .chain(config.unstreamed.iter().map(|n| (&n.name, &n.spot)));
        for (id, spot) in named_ids {
            if !ids.contains(id.as_str()) {
                return fail_config(spot, format!("no operation has the id `{id}`"));
            }
        }
        for tag in config.subset.named_tags() {
            if !tags.contains(tag.name.as_str()) {
                return fail_config(
                    &tag.spot,
                    format!("no operation has the tag `{}`", tag.name),
                );
            }
        }
        for rename in &config.renames.operations {
            let taken = raw.iter().find(|op| {
                op.id != rename.from
                    && config.renames.operation(&op.id).is_none()
                    && naming::operation_method(&op.name) == rename.to
            });
            if let Some(other) = taken {
                return fail_config(
                    &rename.spot,
                    format!(
                        "`{}` is the method of the operation `{}` already",
                        rename.to, other.id
                    ),
                );
            }
        }
        Ok(())
    }

    /// Every property a field rename names is a field of its schema's struct.
    pub(super) fn check_fields_named(&self) -> Result<()> {
        for rename in &self.config.renames.fields {
            let pointer = component_pointer("schemas", &rename.schema);
            let def = self.types.values().find(|t| t.origin == pointer);
            let Some(TypeKind::Struct(strukt)) = def.map(|t| &t.kind) else {
                return fail_config(
                    &rename.spot,
                    format!(
                        "the schema `{}` is not an object with properties",
                        rename.schema
                    ),
                );
            };
            if !strukt.fields.iter().any(|f| f.wire_name == rename.property) {
                return fail_config(
                    &rename.spot,
                    format!(
                        "the schema `{}` has no property `{}`",
                        rename.schema, rename.property
                    ),
                );
            }
        }
        Ok(())
    }
}

/// Every `format` a schema of `value` (a spec as JSON) gives.
fn formats_in<'v>(value: &'v serde_json::Value, out: &mut BTreeSet<&'v str>) {
    match value {
        serde_json::Value::Object(members) => {
            if let Some(serde_json::Value::String(format)) = members.get("format") {
                out.insert(format);
            }
            members.values().for_each(|v| formats_in(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| formats_in(v, out)),
        _ => {}
    }
}

/// Leaves out the types that neither the operations generated nor the webhooks reach: with a
/// subset of the operations, the crate holds only what they need.
pub(super) fn keep_reached(api: &mut Api) {
    let reached = crate::ir::analyze::reached(api);
    api.types.retain(|t| reached.contains(&t.name));
}

#[cfg(test)]
mod tests {
    use crate::Config;

    const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /tasks:
    get:
      operationId: getTasks
      tags: [Tasks]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Task'}}}}
  /users:
    get:
      operationId: getUsers
      tags: [Users]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}
components:
  schemas:
    Task:
      type: object
      properties:
        gid: {type: string}
        task_name: {type: string}
    User:
      type: object
      properties:
        gid: {type: string}
";

    fn lowered(config: &str) -> Result<crate::ir::Api, String> {
        let config = Config::parse("c.toml", config).map_err(|e| e.to_string())?;
        crate::build_ir_configured("t.yaml", SPEC, &config).map_err(|e| e.to_string())
    }

    #[test]
    fn renames_give_methods_types_and_fields_their_names() {
        let api = lowered(
            "[rename.operations]\ngetTasks = \"list_tasks\"\n[rename.types]\nTask = \"Todo\"\n\
             [rename.fields.Task]\ngid = \"id\"\ntask_name = \"name\"\n",
        )
        .unwrap();
        let op = api.operations.iter().find(|o| o.id == "getTasks").unwrap();
        assert_eq!(
            (op.fn_name.as_str(), op.builder_name.as_str()),
            ("list_tasks", "ListTasks")
        );
        let todo = api.types.iter().find(|t| t.name == "Todo").unwrap();
        let crate::ir::TypeKind::Struct(s) = &todo.kind else {
            panic!("{todo:?}")
        };
        let fields: Vec<(&str, &str, bool)> = s
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.wire_name.as_str(), f.renamed))
            .collect();
        assert_eq!(fields, [("id", "gid", true), ("name", "task_name", true)]);
        assert!(!api.types.iter().any(|t| t.name == "Task"));
    }

    #[test]
    fn a_subset_keeps_only_its_operations_and_the_types_they_reach() {
        let api = lowered("[generate]\ntags = [\"Tasks\"]\n").unwrap();
        let ids: Vec<&str> = api.operations.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["getTasks"]);
        let types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(types, ["Task"]);
        let api = lowered("[generate]\nexclude-operations = [\"getTasks\"]\n").unwrap();
        let types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(types, ["User"]);
        // Without a subset, a type no operation reaches stays.
        assert_eq!(lowered("").unwrap().types.len(), 2);
    }

    #[test]
    fn names_the_spec_lacks_are_errors_at_their_key() {
        let cases = [
            (
                "[generate]\noperations = [\"getTask\"]\n",
                "c.toml:2:15: at generate.operations.0: no operation has the id `getTask`",
            ),
            (
                "[generate]\nexclude-tags = [\"Task\"]\n",
                "c.toml:2:17: at generate.exclude-tags.0: no operation has the tag `Task`",
            ),
            (
                "[rename.operations]\ngetTask = \"x\"\n",
                "c.toml:2:11: at rename.operations.getTask: no operation has the id `getTask`",
            ),
            (
                "[rename.types]\nTasks = \"Todo\"\n",
                "c.toml:2:9: at rename.types.Tasks: no schema named `Tasks` in components/schemas",
            ),
            (
                "[rename.fields.Task]\nname = \"title\"\n",
                "c.toml:2:8: at rename.fields.Task.name: the schema `Task` has no property `name`",
            ),
        ];
        for (config, message) in cases {
            assert_eq!(lowered(config).unwrap_err(), message, "{config}");
        }
    }

    #[test]
    fn types_take_the_place_of_formats_and_schemas() {
        let spec = SPEC
            .replace(
                "gid: {type: string}\n        task_name",
                "gid: {type: string, format: uuid}\n        task_name",
            )
            .replace(
                "'#/components/schemas/User'}}}}",
                "'#/components/schemas/User'}}}}\n      parameters:\n        - {name: id, in: query, schema: {type: string, format: uuid}}",
            );
        let config = Config::parse(
            "c.toml",
            "[types.formats.uuid]\ntype = \"std::string::String\"\nexample = \"String::new()\"\n\
             [types.schemas.User]\ntype = \"serde_json::Value\"\n",
        )
        .unwrap();
        let api = crate::build_ir_configured("t.yaml", &spec, &config).unwrap();
        let external = |path: &str, scalar| crate::ir::TypeRef::External {
            path: path.to_owned(),
            scalar,
        };
        // No model for the schema given a type; its references are that type.
        assert!(!api.types.iter().any(|t| t.name == "User"));
        let users = api.operations.iter().find(|o| o.id == "getUsers").unwrap();
        let crate::ir::Response::Json { ty, .. } = &users.response else {
            panic!("{:?}", users.response)
        };
        assert_eq!(*ty, external("serde_json::Value", false));
        // A format's type is a scalar: a parameter of it is written as text.
        assert_eq!(users.params[0].ty, external("std::string::String", true));
        assert_eq!(
            users.params[0].style,
            crate::ir::Style::Single,
            "{:?}",
            users.params[0]
        );
        assert_eq!(
            users.example.params[0],
            crate::ir::ExampleValue::Code("String::new()".into())
        );
        let task = api.types.iter().find(|t| t.name == "Task").unwrap();
        let crate::ir::TypeKind::Struct(s) = &task.kind else {
            panic!("{task:?}")
        };
        assert_eq!(s.fields[0].ty, external("std::string::String", true));
        // Without the configuration, the format is a plain string.
        let api = crate::build_ir("t.yaml", &spec).unwrap();
        assert!(api.types.iter().any(|t| t.name == "User"));
    }

    #[test]
    fn types_of_names_the_spec_lacks_are_errors_at_their_key() {
        let cases = [
            (
                "[types.formats.uuid]\ntype = \"std::string::String\"\n",
                "c.toml:2:8: at types.formats.uuid.type: no schema has the format `uuid`",
            ),
            (
                "[types.schemas.Tasks]\ntype = \"serde_json::Value\"\n",
                "c.toml:2:8: at types.schemas.Tasks.type: no schema named `Tasks` in components/schemas",
            ),
            (
                "[types.schemas.Task]\ntype = \"serde_json::Value\"\n[rename.fields.Task]\ngid = \"id\"\n",
                "c.toml:4:7: at rename.fields.Task.gid: the schema `Task` is the type `serde_json::Value` (types.schemas.Task), which has no model to rename",
            ),
        ];
        for (config, message) in cases {
            assert_eq!(lowered(config).unwrap_err(), message, "{config}");
        }
    }

    #[test]
    fn derives_reach_the_models_a_schema_holds_and_must_hold() {
        let spec = SPEC.replace(
            "task_name: {type: string}",
            "task_name: {type: string}\n        owner: {$ref: '#/components/schemas/User'}",
        );
        let lowered = |config: &str| {
            let config = Config::parse("c.toml", config).map_err(|e| e.to_string())?;
            crate::build_ir_configured("t.yaml", &spec, &config).map_err(|e| e.to_string())
        };
        use crate::ir::Derive::*;
        let api =
            lowered("[derives]\nall = [\"Hash\"]\n[derives.schemas]\nTask = [\"Ord\"]\n").unwrap();
        let derives = |name: &str| {
            api.types
                .iter()
                .find(|t| t.name == name)
                .map(|t| t.derives.clone())
                .unwrap()
        };
        // `Ord` brings the `Eq` and `PartialOrd` it needs, to `Task` and the `User` it holds.
        assert_eq!(derives("Task"), [Eq, Hash, PartialOrd, Ord]);
        assert_eq!(derives("User"), [Eq, Hash, PartialOrd, Ord]);
        // A derive a field cannot hold is an error at the key that asks for it.
        // The last property of the spec is `User`'s `gid`.
        let (before, after) = spec.rsplit_once("gid: {type: string}").unwrap();
        let spec_with_float = format!("{before}gid: {{type: number}}{after}");
        let config = Config::parse(
            "c.toml",
            "[derives.schemas]\nTask = [\"PartialOrd\", \"Eq\"]\n",
        )
        .unwrap();
        let error = crate::build_ir_configured("t.yaml", &spec_with_float, &config)
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "c.toml:2:23: at derives.schemas.Task.1: `Eq` cannot be derived for `User`: its field `gid` is a floating-point number (`f64`), which has no total equality"
        );
        // `PartialOrd` holds for a float.
        let config =
            Config::parse("c.toml", "[derives.schemas]\nTask = [\"PartialOrd\"]\n").unwrap();
        assert!(crate::build_ir_configured("t.yaml", &spec_with_float, &config).is_ok());
        assert_eq!(
            lowered("[derives.schemas]\nTasks = [\"Eq\"]\n").unwrap_err(),
            "c.toml:2:10: at derives.schemas.Tasks.0: no schema named `Tasks` in components/schemas"
        );
    }

    #[test]
    fn paging_and_streams_are_decided_per_operation() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: listA
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  next_cursor: {type: string}
  /b:
    get:
      operationId: listB
      parameters:
        - {name: after, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  more: {type: object, properties: {token: {type: string}}}
  /c:
    get:
      operationId: watch
      responses:
        '200': {description: ok, content: {text/event-stream: {schema: {type: string}}}}
";
        let lowered = |config: &str| {
            let config = Config::parse("c.toml", config).map_err(|e| e.to_string())?;
            crate::build_ir_configured("t.yaml", spec, &config).map_err(|e| e.to_string())
        };
        let op = |api: &crate::ir::Api, id: &str| {
            api.operations.iter().find(|o| o.id == id).cloned().unwrap()
        };
        let plain = lowered("").unwrap();
        assert!(op(&plain, "listA").pagination.is_some());
        assert!(op(&plain, "listB").pagination.is_none());
        assert!(matches!(
            op(&plain, "watch").response,
            crate::ir::Response::Stream(_)
        ));
        let api = lowered(
            "[paging]\nlistA = false\n[paging.listB]\ntype = \"cursor\"\n\
             inputs = [{ name = \"after\", in = \"parameters\", type = \"cursor\" }]\n\
             outputs = { results = \"$.data\", nextCursor = \"$.more.token\" }\n\
             [streams]\nwatch = false\n",
        )
        .unwrap();
        assert!(op(&api, "listA").pagination.is_none());
        let paged = op(&api, "listB").pagination.unwrap();
        assert_eq!(paged.reason, crate::ir::PageReason::Configured);
        assert_eq!(
            paged.request,
            crate::ir::PageRequest::Token {
                param: "after".into(),
                required: false
            }
        );
        assert!(!matches!(
            op(&api, "watch").response,
            crate::ir::Response::Stream(_)
        ));
        let cases = [
            (
                "[paging]\nlistB = false\n",
                "c.toml:2:9: at paging.listB: `listB` is not paged: there is no pagination to turn off",
            ),
            (
                "[streams]\nlistA = false\n",
                "c.toml:2:9: at streams.listA: `listA` has no streamed response (server-sent events, JSON Lines) to read whole",
            ),
            (
                "[streams]\nlistC = false\n",
                "c.toml:2:9: at streams.listC: no operation has the id `listC`",
            ),
        ];
        for (config, message) in cases {
            assert_eq!(lowered(config).unwrap_err(), message, "{config}");
        }
        let misfit = lowered(
            "[paging.listB]\ntype = \"cursor\"\ninputs = [{ name = \"cursor\", in = \"parameters\", type = \"cursor\" }]\noutputs = { results = \"$.data\", nextCursor = \"$.more.token\" }\n",
        )
        .unwrap_err();
        assert!(
            misfit.starts_with("c.toml:1:1: at paging.listB: this pagination does not fit `listB`"),
            "{misfit}"
        );
    }

    #[test]
    fn renames_that_collide_are_errors_at_their_key() {
        let cases = [
            (
                "[rename.operations]\ngetTasks = \"get_users\"\n",
                "c.toml:2:12: at rename.operations.getTasks: `get_users` is the method of the operation `getUsers` already",
            ),
            (
                "[rename.operations]\ngetTasks = \"builder\"\n",
                "c.toml:2:12: at rename.operations.getTasks: `builder` is taken by the client or another operation; the method would be `builder_2`",
            ),
            (
                "[rename.types]\nTask = \"User\"\n",
                "c.toml:2:8: at rename.types.Task: `User` is the name of the schema `User` already",
            ),
            (
                "[rename.fields.Task]\ngid = \"task_name\"\n",
                "c.toml:2:7: at rename.fields.Task.gid: `task_name` is the field of the property `task_name` already",
            ),
        ];
        for (config, message) in cases {
            assert_eq!(lowered(config).unwrap_err(), message, "{config}");
        }
        // Swapping two names collides with neither.
        let api = lowered("[rename.types]\nTask = \"User\"\nUser = \"Task\"\n").unwrap();
        let task = api.types.iter().find(|t| t.name == "User").unwrap();
        assert_eq!(task.origin, "#/components/schemas/Task");
    }
}

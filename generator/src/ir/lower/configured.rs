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
        let named = renames
            .types
            .iter()
            .map(|r| (&r.from, &r.spot))
            .chain(renames.fields.iter().map(|r| (&r.schema, &r.spot)));
        for (key, spot) in named {
            if !exists(key) {
                return fail_config(
                    spot,
                    format!("no schema named `{key}` in components/schemas"),
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
            .chain(config.renames.operations.iter().map(|r| (&r.from, &r.spot)));
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

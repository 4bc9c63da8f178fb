//! Enum-valued parameters: one type per distinct (name, values), shared by every operation that
//! uses it, and named for what the operations have in common.

use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};

use super::operation::RawOperation;
use super::{Ctx, Lowerer, Result};
use crate::ir::model::*;
use crate::ir::naming::{camel, singular};

impl<'a> Lowerer<'a> {
    /// Names every enum-valued parameter type up front, so identical enums are shared between
    /// operations under one readable name. A shared enum's origin is the schema of its use in
    /// the first operation by id.
    pub(super) fn name_param_enums(&mut self, operations: &[RawOperation<'a>]) -> Result<()> {
        /// An operation using an enum: its id, whether as an array, the schema's pointer.
        type User = (String, bool, String);
        let mut groups: IndexMap<(String, Vec<String>), Vec<User>> = IndexMap::new();
        for raw in operations {
            for (param, pointer) in &raw.params {
                let data = param.parameter_data_ref();
                if let Some((values, is_array)) = param_enum_values(param) {
                    let schema =
                        format!("{pointer}/schema{}", if is_array { "/items" } else { "" });
                    groups
                        .entry((data.name.clone(), values))
                        .or_default()
                        .push((raw.id.clone(), is_array, schema));
                }
            }
        }
        for ((wire, values), mut users) in groups {
            // Sorted, so the name and docs do not depend on the order of the spec's paths.
            users.sort();
            let is_array = users.iter().any(|(_, array, _)| *array);
            let origin = users[0].2.clone();
            let ops: Vec<String> = users.into_iter().map(|(id, ..)| id).collect();
            let base = if is_array {
                camel(&singular(&wire))
            } else {
                camel(&wire)
            };
            let prefix = if ops.len() == 1 {
                camel(&ops[0])
            } else {
                common_suffix_words(&ops).unwrap_or_else(|| camel(&ops[0]))
            };
            let ctx = Ctx::new(format!("{prefix}{base}"), origin);
            let TypeRef::Named(name) = self.define_enum(&ctx, None, false, &values) else {
                unreachable!("define_enum always returns a named type")
            };
            if let Some(def) = self.types.get_mut(&name) {
                def.docs = Some(format!(
                    "Values of the `{wire}` parameter of {}.",
                    ops.iter()
                        .map(|o| format!("`{o}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            self.param_enums.insert((wire, values), name);
        }
        Ok(())
    }
}

/// The values of an inline string-enum parameter (or of its inline array items), and whether
/// it is an array.
pub(super) fn param_enum_values(param: &Parameter) -> Option<(Vec<String>, bool)> {
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) =
        &param.parameter_data_ref().format
    else {
        return None;
    };
    let (target, is_array) = match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => match &a.items {
            Some(ReferenceOr::Item(items)) => (&**items, true),
            _ => return None,
        },
        _ => (schema, false),
    };
    match &target.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            Some((s.enumeration.iter().flatten().cloned().collect(), is_array))
        }
        _ => None,
    }
}

/// The CamelCase words the operation ids end with in common: `getWebhook`, `createWebhook` -> `Webhook`.
fn common_suffix_words(ids: &[String]) -> Option<String> {
    let split = |id: &String| -> Vec<String> {
        let camel = camel(id);
        let mut words = Vec::new();
        let mut current = String::new();
        for c in camel.chars() {
            if c.is_uppercase() && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            current.push(c);
        }
        words.push(current);
        words
    };
    let all: Vec<Vec<String>> = ids.iter().map(split).collect();
    let shortest = all.iter().map(Vec::len).min()?;
    let mut common = Vec::new();
    for i in 1..shortest {
        let word = &all[0][all[0].len() - i];
        if all.iter().all(|w| &w[w.len() - i] == word) {
            common.insert(0, word.clone());
        } else {
            break;
        }
    }
    (!common.is_empty()).then(|| common.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_suffix() {
        let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            common_suffix_words(&ids(&["getWebhook", "createWebhook", "updateWebhook"])),
            Some("Webhook".into())
        );
        assert_eq!(
            common_suffix_words(&ids(&["getTasksForProject", "getTasksForSection"])),
            None
        );
        assert_eq!(common_suffix_words(&ids(&["a", "b"])), None);
    }
}

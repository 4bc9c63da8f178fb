//! Enum-valued parameters: one type per distinct (name, values), shared by every operation that
//! uses it, and named for what the operations have in common.

use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};

use super::operation::RawOperation;
use super::{Ctx, Lowerer, Result, docs};
use crate::ir::model::*;
use crate::ir::naming;

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
        // Sorted, so names and docs do not depend on the order of the spec's paths.
        let mut enums: Vec<ParamEnum> = groups
            .into_iter()
            .map(|((wire, values), mut users)| {
                users.sort();
                let is_array = users.iter().any(|(_, array, _)| *array);
                let operations: Vec<String> = users.iter().map(|(id, ..)| id.clone()).collect();
                ParamEnum {
                    wanted: naming::param_enum(&operations, &wire, is_array),
                    origin: users[0].2.clone(),
                    wire,
                    values,
                    is_array,
                    operations,
                }
            })
            .collect();
        enums.sort_by(|a, b| (&a.wire, &a.values).cmp(&(&b.wire, &b.values)));
        for one in &enums {
            // The strongest claim on a name several enums want wins it; the others (all of
            // them on a tie, where a component has the name, or where it only repeats the
            // parameter's name) are named after their first operation.
            let rivals: Vec<&ParamEnum> = enums
                .iter()
                .filter(|e| e.wanted.name == one.wanted.name)
                .collect();
            let best = rivals.iter().map(|e| e.strength()).max();
            let wins = rivals.len() == 1
                || (one.wanted.descriptive
                    && best == Some(one.strength())
                    && rivals.iter().filter(|e| Some(e.strength()) == best).count() == 1);
            let name = if (wins && !self.type_names.is_taken(&one.wanted.name))
                || one.operations.len() == 1
            {
                one.wanted.name.clone()
            } else {
                naming::param_enum_of_first(&one.operations, &one.wire, one.is_array)
            };
            let ctx = Ctx::new(name, one.origin.clone());
            let docs = Some(docs::param_enum(&one.wire, &one.operations));
            let TypeRef::Named(name) = self.define_enum(&ctx, docs, false, &one.values) else {
                unreachable!("define_enum always returns a named type")
            };
            self.param_enums
                .insert((one.wire.clone(), one.values.clone()), name);
        }
        Ok(())
    }
}

/// One enum-valued parameter type, shared by the operations that use it.
struct ParamEnum {
    wire: String,
    values: Vec<String>,
    is_array: bool,
    /// Ids of the operations using it, sorted.
    operations: Vec<String>,
    /// The schema of its use in the first operation.
    origin: String,
    wanted: naming::ParamEnumName,
}

impl ParamEnum {
    /// Its claim on a name several enums want: the operations act on what the name says
    /// (`getTeam` over `getTeamsForUser`), then the most operations.
    fn strength(&self) -> (bool, usize) {
        (self.wanted.words_end_ids, self.operations.len())
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

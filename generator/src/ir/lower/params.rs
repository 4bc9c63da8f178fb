//! One parameter: where it goes, its type, how it is serialised, and its bounds.

use openapiv3::{Parameter, ParameterSchemaOrContent, SchemaKind, Type};

use super::param_enums::param_enum_values;
use super::{Ctx, Lowerer, Result, docs, fail};
use crate::ir::model::*;
use crate::ir::naming::{Namespace, camel, snake};

impl<'a> Lowerer<'a> {
    pub(super) fn lower_param(
        &mut self,
        param: &'a Parameter,
        pointer: &str,
        op_camel: &str,
        names: &mut Namespace,
    ) -> Result<Param> {
        let data = param.parameter_data_ref();
        let (location, style) = match param {
            Parameter::Path { .. } => (ParamLocation::Path, None),
            Parameter::Header { .. } => (ParamLocation::Header, None),
            Parameter::Query { style, .. } => (ParamLocation::Query, Some(style)),
            Parameter::Cookie { .. } => {
                return fail(pointer, "cookie parameters are not supported");
            }
        };
        if let Some(
            openapiv3::QueryStyle::DeepObject
            | openapiv3::QueryStyle::SpaceDelimited
            | openapiv3::QueryStyle::PipeDelimited,
        ) = style
        {
            return fail(
                pointer,
                format!(
                    "query parameter `{}`: only `style: form` is supported",
                    data.name
                ),
            );
        }
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return fail(
                pointer,
                format!(
                    "parameter `{}` uses `content`; only `schema` is supported",
                    data.name
                ),
            );
        };
        let schema_pointer = format!("{pointer}/schema");
        let ty = match param_enum_values(param) {
            Some((values, is_array)) => {
                let name = TypeRef::Named(self.param_enums[&(data.name.clone(), values)].clone());
                if is_array {
                    TypeRef::Vec(Box::new(name))
                } else {
                    name
                }
            }
            None => self.lower(
                schema.into(),
                &Ctx::new(
                    format!("{op_camel}{}", camel(&data.name)),
                    schema_pointer.clone(),
                ),
            )?,
        };
        let (resolved, _) = self.resolve(schema.into(), &schema_pointer)?;
        let bounds = match (&resolved.schema_kind, &ty) {
            (SchemaKind::Type(Type::Integer(i)), TypeRef::I32 | TypeRef::I64) => (
                i.minimum.map(|min| {
                    if i.exclusive_minimum {
                        min.saturating_add(1)
                    } else {
                        min
                    }
                }),
                i.maximum.map(|max| {
                    if i.exclusive_maximum {
                        max.saturating_sub(1)
                    } else {
                        max
                    }
                }),
            ),
            _ => (None, None),
        };
        let style = match (&ty, location) {
            (TypeRef::Vec(_), ParamLocation::Query) if data.explode == Some(false) => {
                Style::CommaSeparated
            }
            (TypeRef::Vec(_), ParamLocation::Query) => Style::Repeated,
            (TypeRef::Vec(_), _) => Style::CommaSeparated,
            _ => Style::Single,
        };
        if matches!(ty, TypeRef::Map(_))
            || matches!(&ty, TypeRef::Named(n) if matches!(self.types.get(n).map(|t| &t.kind), Some(TypeKind::Struct(_))))
        {
            return fail(
                schema_pointer,
                format!(
                    "parameter `{}` is an object; object parameters are not supported",
                    data.name
                ),
            );
        }
        Ok(Param {
            name: names.claim(&snake(&data.name)),
            wire_name: data.name.clone(),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            style,
            docs: data.description.as_deref().and_then(docs::markdown),
            deprecated: data.deprecated.unwrap_or(false),
            bounds,
        })
    }
}

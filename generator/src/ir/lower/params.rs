//! One parameter: where it goes, its type, how it is serialised, and its bounds.

use openapiv3::{Parameter, ParameterSchemaOrContent, SchemaKind, Type};

use super::param_enums::param_enum_values;
use super::{Ctx, Lowerer, Result, SchemaRef, docs, fail};
use crate::ir::model::*;
use crate::ir::naming::{self, Namespace, snake};

impl<'a> Lowerer<'a> {
    pub(super) fn lower_param(
        &mut self,
        param: &'a Parameter,
        pointer: &str,
        op_camel: &str,
        names: &mut Namespace,
    ) -> Result<Param> {
        let data = param.parameter_data_ref();
        let (location, style_name) = location_and_style(param);
        // OpenAPI 3.0: `explode` defaults to true for `form` and to false for every other style;
        // `deepObject` has only an exploded form.
        let explode = style_name == StyleName::DeepObject
            || data.explode.unwrap_or(style_name == StyleName::Form);
        let (schema, schema_pointer, json) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                (schema, format!("{pointer}/schema"), false)
            }
            ParameterSchemaOrContent::Content(content) => {
                let [(media_type, media)] = content.iter().collect::<Vec<_>>()[..] else {
                    return fail(
                        format!("{pointer}/content"),
                        format!(
                            "parameter `{}`: `content` must hold exactly one media type",
                            data.name
                        ),
                    );
                };
                let media_pointer = crate::pointer::join(&format!("{pointer}/content"), media_type);
                if !is_json(media_type) {
                    return fail(
                        media_pointer,
                        format!(
                            "parameter `{}` has content `{media_type}`; only JSON content (`application/json`) is supported",
                            data.name
                        ),
                    );
                }
                let Some(schema) = &media.schema else {
                    return fail(
                        media_pointer,
                        format!("parameter `{}`: its content has no `schema`", data.name),
                    );
                };
                (schema, format!("{media_pointer}/schema"), true)
            }
        };
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
                    naming::param_type(op_camel, &data.name),
                    schema_pointer.clone(),
                ),
            )?,
        };
        let (resolved, _) = self.resolve(SchemaRef::from(schema), &schema_pointer)?;
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
        let value = if json {
            ValueShape::Json
        } else {
            self.value_shape(&ty)
        };
        let style = match (location, style_name, value, explode) {
            (
                ParamLocation::Query,
                StyleName::Form
                | StyleName::SpaceDelimited
                | StyleName::PipeDelimited
                | StyleName::DeepObject,
                ValueShape::Primitive,
                _,
            )
            | (
                ParamLocation::Path | ParamLocation::Header,
                StyleName::Simple,
                ValueShape::Primitive,
                _,
            ) => Style::Single,
            (ParamLocation::Query, StyleName::Form, ValueShape::Array, false) => {
                Style::CommaSeparated
            }
            (ParamLocation::Query, StyleName::Form, ValueShape::Array, true) => Style::Repeated,
            (_, style, value, explode) => Style::Styled {
                style,
                explode,
                value,
            },
        };
        let name = names.claim(&snake(&data.name));
        Ok(Param {
            // A path parameter is serialised when the path is built, by the client method.
            held: (style.at_send() && location != ParamLocation::Path)
                .then(|| naming::held_field(&name)),
            name,
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

    /// The shape of a parameter of type `ty`. What the style tables do not cover (an array of
    /// objects, an object holding objects) is serialised with serde, the runtime composing the
    /// tables: a nested value is written as the style's non-exploded form of it.
    fn value_shape(&self, ty: &TypeRef) -> ValueShape {
        match self.kind_of(ty) {
            Kind::Primitive => ValueShape::Primitive,
            Kind::Array(item) => match self.kind_of(item) {
                Kind::Primitive => ValueShape::Array,
                Kind::Any => ValueShape::Any,
                Kind::Array(inner) if matches!(self.kind_of(inner), Kind::Primitive) => {
                    ValueShape::Arrays
                }
                Kind::Array(_) | Kind::Object | Kind::Other => ValueShape::Serialized,
            },
            Kind::Any => ValueShape::Any,
            Kind::Object | Kind::Other => ValueShape::Serialized,
        }
    }

    /// What a type is, for serialising it as a parameter: aliases followed.
    fn kind_of<'t>(&'t self, ty: &'t TypeRef) -> Kind<'t> {
        match ty {
            TypeRef::Vec(item) => Kind::Array(item),
            TypeRef::Json => Kind::Any,
            TypeRef::Map(_) => Kind::Object,
            TypeRef::Tuple(_) | TypeRef::External { scalar: false, .. } => Kind::Other,
            // Outside a multipart body, binary is text (see `body::binary_as_string`).
            TypeRef::Binary => Kind::Primitive,
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(_) | TypeKind::IntEnum(_)) => Kind::Primitive,
                Some(TypeKind::Alias(target)) => self.kind_of(target),
                Some(TypeKind::Struct(_)) => Kind::Object,
                Some(TypeKind::Union(_)) | None => Kind::Other,
            },
            _ => Kind::Primitive,
        }
    }
}

/// A parameter's type as serialisation sees it.
enum Kind<'t> {
    /// A string, number, boolean, date, or string or integer enum.
    Primitive,
    /// An array of this item type.
    Array(&'t TypeRef),
    /// A struct or a map.
    Object,
    /// Any JSON value.
    Any,
    /// A union.
    Other,
}

/// Where a parameter goes and its `style` (defaults filled in).
fn location_and_style(param: &Parameter) -> (ParamLocation, StyleName) {
    match param {
        Parameter::Path { style, .. } => (
            ParamLocation::Path,
            match style {
                openapiv3::PathStyle::Simple => StyleName::Simple,
                openapiv3::PathStyle::Label => StyleName::Label,
                openapiv3::PathStyle::Matrix => StyleName::Matrix,
            },
        ),
        Parameter::Header { .. } => (ParamLocation::Header, StyleName::Simple),
        Parameter::Query { style, .. } => (ParamLocation::Query, query_style(style)),
        Parameter::Cookie { .. } => (ParamLocation::Cookie, StyleName::Form),
    }
}

/// The style of a query parameter, or of a property of a form body.
pub(super) fn query_style(style: &openapiv3::QueryStyle) -> StyleName {
    match style {
        openapiv3::QueryStyle::Form => StyleName::Form,
        openapiv3::QueryStyle::SpaceDelimited => StyleName::SpaceDelimited,
        openapiv3::QueryStyle::PipeDelimited => StyleName::PipeDelimited,
        openapiv3::QueryStyle::DeepObject => StyleName::DeepObject,
    }
}

/// `application/json`, `application/problem+json`, `application/json; charset=utf-8`.
fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use crate::ir::model::*;

    /// The spec with one `GET /x` whose parameters are `params` (YAML flow items, one a line).
    fn spec(params: &[&str], schemas: &str) -> String {
        let params: String = params.iter().map(|p| format!("        - {p}\n")).collect();
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      parameters:\n{params}      responses: {{'204': {{description: none}}}}\ncomponents:\n  schemas:\n    Rgb: {{type: object, properties: {{R: {{type: integer}}, G: {{type: integer}}}}}}\n{schemas}"
        )
    }

    fn params(params: &[&str]) -> Vec<Param> {
        let api = crate::build_ir("t.yaml", &spec(params, "")).unwrap();
        api.operations.into_iter().next().unwrap().params
    }

    fn error(params: &[&str], schemas: &str) -> (String, String) {
        let error = crate::build_ir("t.yaml", &spec(params, schemas)).unwrap_err();
        (error.pointer.unwrap(), error.message)
    }

    fn styled(style: StyleName, explode: bool, value: ValueShape) -> Style {
        Style::Styled {
            style,
            explode,
            value,
        }
    }

    #[test]
    fn each_location_style_and_shape_is_decided_with_the_spec_defaults() {
        let lowered = params(&[
            "{name: a, in: query, schema: {type: array, items: {type: string}}}",
            "{name: b, in: query, explode: false, schema: {type: array, items: {type: string}}}",
            "{name: c, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}",
            "{name: d, in: query, style: deepObject, schema: {$ref: '#/components/schemas/Rgb'}}",
            "{name: e, in: query, schema: {$ref: '#/components/schemas/Rgb'}}",
            "{name: f, in: header, schema: {type: array, items: {type: integer}}}",
            "{name: g, in: cookie, schema: {type: string}}",
            "{name: h, in: query, content: {application/json: {schema: {type: object}}}}",
            "{name: i, in: header, schema: {type: string}}",
        ]);
        let styles: Vec<(ParamLocation, Style, bool)> = lowered
            .iter()
            .map(|p| (p.location, p.style, p.held.is_some()))
            .collect();
        use ParamLocation::*;
        use StyleName::*;
        assert_eq!(
            styles,
            [
                (Query, Style::Repeated, false),
                (Query, Style::CommaSeparated, false),
                (
                    Query,
                    styled(PipeDelimited, false, ValueShape::Array),
                    false
                ),
                (
                    Query,
                    styled(DeepObject, true, ValueShape::Serialized),
                    true
                ),
                (Query, styled(Form, true, ValueShape::Serialized), true),
                (Header, styled(Simple, false, ValueShape::Array), false),
                (Cookie, styled(Form, true, ValueShape::Primitive), false),
                (Query, styled(Form, true, ValueShape::Json), true),
                (Header, Style::Single, false),
            ]
        );
        assert_eq!(lowered[3].held.as_deref(), Some("d_value"));
    }

    #[test]
    fn nested_values_unions_and_objects_in_the_path_are_serialised_with_serde() {
        let api = crate::build_ir(
            "t.yaml",
            &spec(
                &[
                    "{name: o, in: query, schema: {$ref: '#/components/schemas/Outer'}}",
                    "{name: rows, in: query, schema: {type: array, items: {$ref: '#/components/schemas/Rgb'}}}",
                    "{name: ids, in: query, explode: false, schema: {type: array, items: {oneOf: [{type: string}, {type: integer}]}}}",
                    "{name: h, in: header, schema: {type: array, items: {$ref: '#/components/schemas/Rgb'}}}",
                ],
                "    Outer: {type: object, properties: {inner: {$ref: '#/components/schemas/Rgb'}}}\n",
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let styles: Vec<Style> = api.operations[0].params.iter().map(|p| p.style).collect();
        use StyleName::*;
        assert_eq!(
            styles,
            [
                styled(Form, true, ValueShape::Serialized),
                styled(Form, true, ValueShape::Serialized),
                styled(Form, false, ValueShape::Serialized),
                styled(Simple, false, ValueShape::Serialized),
            ]
        );
        assert!(api.operations[0].params.iter().all(|p| p.held.is_some()));

        let path = crate::build_ir(
            "t.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /w/{id}/{ids}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {oneOf: [{type: integer}, {type: string}]}}\n        - {name: ids, in: path, required: true, content: {application/json: {schema: {type: array, items: {type: string}}}}}\n      responses: {'204': {description: none}}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let params: Vec<(Style, bool)> = path.operations[0]
            .params
            .iter()
            .map(|p| (p.style, p.held.is_some()))
            .collect();
        assert_eq!(
            params,
            [
                (styled(Simple, false, ValueShape::Serialized), false),
                (styled(Simple, false, ValueShape::Json), false),
            ],
            "the client method serialises path parameters: none is held"
        );
    }

    #[test]
    fn what_no_style_serialises_is_a_located_error() {
        assert_eq!(
            error(
                &["{name: p, in: query, content: {text/plain: {schema: {type: string}}}}"],
                ""
            ),
            (
                "#/paths/~1x/get/parameters/0/content/text~1plain".to_owned(),
                "parameter `p` has content `text/plain`; only JSON content (`application/json`) is supported".to_owned()
            )
        );
    }
}

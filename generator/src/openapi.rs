//! The structure of an OpenAPI 3.0 document, written down once: the kinds of node, the fields
//! of each that hold further nodes, the methods of a Path Item and the maps of the Components
//! Object. Loading (to find the deepest node that fails to decode), extraction (to walk what an
//! operation reaches) and lowering (methods, component sections) all read it from here, and the
//! IR records an operation's [`Method`] as defined here.
//!
//! Only fields that hold nodes are described. Every other field holds plain data (scalars,
//! `example`, `default`, `enum`, an Example's `value`, a Link's `parameters`, extensions): a walk
//! does not look inside it, so a `$ref` written there is not a reference.

use serde_json::Value;

use crate::pointer;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// The upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// The operations of a Path Item: each field and the HTTP method it stands for, in the order
/// of the specification.
pub const METHODS: [(&str, Method); 8] = [
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
    ("trace", Method::Trace),
];

/// The maps of the Components Object and the kind of node each holds.
pub const COMPONENTS: [(&str, Kind); 9] = [
    ("schemas", Kind::Schema),
    ("responses", Kind::Response),
    ("parameters", Kind::Parameter),
    ("examples", Kind::Example),
    ("requestBodies", Kind::RequestBody),
    ("headers", Kind::Header),
    ("securitySchemes", Kind::SecurityScheme),
    ("links", Kind::Link),
    ("callbacks", Kind::Callback),
];

/// The HTTP method a Path Item field stands for, if it is an operation.
pub fn method(field: &str) -> Option<Method> {
    METHODS.iter().find(|(f, _)| *f == field).map(|(_, m)| *m)
}

/// The kind of node a Components map holds (`schemas` -> [`Kind::Schema`]).
pub fn component_kind(section: &str) -> Option<Kind> {
    COMPONENTS
        .iter()
        .find(|(s, _)| *s == section)
        .map(|(_, k)| *k)
}

/// The Components map holding nodes of `kind` (`schemas` for [`Kind::Schema`]). `const` (hence
/// the loop) so that lowering can name its sections as constants.
pub const fn section(kind: Kind) -> Option<&'static str> {
    let mut i = 0;
    while i < COMPONENTS.len() {
        if COMPONENTS[i].1 as u8 == kind as u8 {
            return Some(COMPONENTS[i].0);
        }
        i += 1;
    }
    None
}

/// A kind of node: an object of the specification that holds, or is, something a reference
/// can reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The OpenAPI Object at the root.
    Document,
    /// `paths`: path templates to Path Items.
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    /// An operation's `responses`: status codes (and `default`) to Responses.
    Responses,
    Response,
    MediaType,
    Encoding,
    Header,
    Example,
    Link,
    /// Runtime expressions to Path Items.
    Callback,
    Schema,
    Discriminator,
    Components,
    SecurityScheme,
    /// Names of security schemes, each with its scopes.
    SecurityRequirement,
}

/// How a field holds its nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One node.
    One,
    /// One node, or `true` / `false` (`additionalProperties`).
    OneOrFlag,
    /// A sequence of nodes.
    List,
    /// A mapping from names to nodes.
    Map,
}

impl Kind {
    /// What the field `key` of a node of this kind holds, if it holds nodes.
    pub fn field(self, key: &str) -> Option<(Shape, Kind)> {
        use Kind::*;
        use Shape::*;
        let extension = key.starts_with("x-");
        Some(match (self, key) {
            (Document, "paths") => (One, Paths),
            (Document, "components") => (One, Components),
            (Document, "webhooks") => (Map, PathItem),
            (Document | Operation, "security") => (List, SecurityRequirement),
            (Paths, _) if key.starts_with('/') => (One, PathItem),
            (PathItem, _) if method(key).is_some() => (One, Operation),
            (PathItem | Operation, "parameters") => (List, Parameter),
            (Operation, "requestBody") => (One, RequestBody),
            (Operation, "responses") => (One, Responses),
            (Operation, "callbacks") => (Map, Callback),
            (Responses, _) if !extension => (One, Response),
            (Callback, _) if !extension => (One, PathItem),
            (Parameter | Header | MediaType, "schema") => (One, Schema),
            (Parameter | Header | RequestBody | Response, "content") => (Map, MediaType),
            (Parameter | Header | MediaType, "examples") => (Map, Example),
            (Response | Encoding, "headers") => (Map, Header),
            (Response, "links") => (Map, Link),
            (MediaType, "encoding") => (Map, Encoding),
            (Schema, "properties") => (Map, Schema),
            (Schema, "items" | "not") => (One, Schema),
            (Schema, "additionalProperties") => (OneOrFlag, Schema),
            (Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => (List, Schema),
            (Schema, "discriminator") => (One, Discriminator),
            (Components, _) => (Map, component_kind(key)?),
            _ => return None,
        })
    }

    /// The nodes directly under `value`, a node of this kind, in the order they are written:
    /// each with its path below `value` (escaped, `content/application~1json`) and its kind.
    pub fn children(self, value: &Value) -> Vec<(String, &Value, Kind)> {
        let mut out = Vec::new();
        for (key, field) in value.as_object().into_iter().flatten() {
            let Some((shape, kind)) = self.field(key) else {
                continue;
            };
            let key = pointer::escape(key);
            match shape {
                Shape::OneOrFlag if field.is_boolean() => {}
                Shape::One | Shape::OneOrFlag => out.push((key, field, kind)),
                Shape::List => {
                    for (index, item) in field.as_array().into_iter().flatten().enumerate() {
                        out.push((format!("{key}/{index}"), item, kind));
                    }
                }
                Shape::Map => {
                    for (name, item) in field.as_object().into_iter().flatten() {
                        out.push((format!("{key}/{}", pointer::escape(name)), item, kind));
                    }
                }
            }
        }
        out
    }

    /// Whether a node of this kind may be a `$ref` instead.
    pub fn referable(self) -> bool {
        use Kind::*;
        matches!(
            self,
            PathItem
                | Parameter
                | RequestBody
                | Response
                | Header
                | Example
                | Link
                | Callback
                | Schema
                | SecurityScheme
        )
    }

    /// What a node of this kind is, for messages, e.g. "a Parameter Object or a `$ref`".
    pub fn describe(self) -> String {
        let name = match self {
            Kind::Document => "OpenAPI 3.0 document",
            Kind::Paths => "Paths Object",
            Kind::PathItem => "Path Item Object",
            Kind::Operation => "Operation Object",
            Kind::Parameter => "Parameter Object",
            Kind::RequestBody => "Request Body Object",
            Kind::Responses => "Responses Object",
            Kind::Response => "Response Object",
            Kind::MediaType => "Media Type Object",
            Kind::Encoding => "Encoding Object",
            Kind::Header => "Header Object",
            Kind::Example => "Example Object",
            Kind::Link => "Link Object",
            Kind::Callback => "Callback Object",
            Kind::Schema => "Schema Object",
            Kind::Discriminator => "Discriminator Object",
            Kind::Components => "Components Object",
            Kind::SecurityScheme => "Security Scheme Object",
            Kind::SecurityRequirement => "Security Requirement Object",
        };
        let article = if name.starts_with(['A', 'E', 'I', 'O', 'U']) {
            "an"
        } else {
            "a"
        };
        let or_ref = if self.referable() { " or a `$ref`" } else { "" };
        format!("{article} {name}{or_ref}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_path_item_method_of_openapiv3_is_listed_in_order() {
        let operation = openapiv3::Operation::default();
        let item = openapiv3::PathItem {
            get: Some(operation.clone()),
            put: Some(operation.clone()),
            post: Some(operation.clone()),
            delete: Some(operation.clone()),
            options: Some(operation.clone()),
            head: Some(operation.clone()),
            patch: Some(operation.clone()),
            trace: Some(operation),
            ..Default::default()
        };
        let listed: Vec<&str> = METHODS.iter().map(|(field, _)| *field).collect();
        assert_eq!(item.iter().map(|(m, _)| m).collect::<Vec<_>>(), listed);
        for (field, method) in METHODS {
            assert_eq!(method.as_str(), field.to_uppercase());
        }
        assert_eq!(super::method("parameters"), None);
    }

    #[test]
    fn every_components_map_of_openapiv3_is_listed() {
        // Every field named, none defaulted: a map openapiv3 adds fails to compile here.
        fn one<T>() -> indexmap::IndexMap<String, openapiv3::ReferenceOr<T>> {
            [("A".to_owned(), openapiv3::ReferenceOr::ref_("#/A"))].into()
        }
        let components = openapiv3::Components {
            security_schemes: one(),
            responses: one(),
            parameters: one(),
            examples: one(),
            request_bodies: one(),
            headers: one(),
            schemas: one(),
            links: one(),
            callbacks: one(),
            extensions: Default::default(),
        };
        let components = serde_json::to_value(components).unwrap();
        let mut listed: Vec<&str> = COMPONENTS.iter().map(|(s, _)| *s).collect();
        let mut fields: Vec<&str> = components
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        listed.sort_unstable();
        fields.sort_unstable();
        assert_eq!(listed, fields);
        for (name, kind) in COMPONENTS {
            assert_eq!(section(kind), Some(name));
            assert_eq!(component_kind(name), Some(kind));
        }
        assert_eq!(section(Kind::Operation), None);
    }

    #[test]
    fn children_follow_the_fields_in_written_order() {
        let responses = json!({ "x-note": 1, "default": {}, "200": {} });
        let segments = |kind: Kind, value: &Value| -> Vec<(String, Kind)> {
            kind.children(value)
                .into_iter()
                .map(|(segment, _, kind)| (segment, kind))
                .collect()
        };
        assert_eq!(
            segments(Kind::Responses, &responses),
            [
                ("default".to_owned(), Kind::Response),
                ("200".to_owned(), Kind::Response)
            ]
        );
        let item = json!({ "summary": "s", "parameters": [{}, {}], "get": {}, "x-get": {} });
        assert_eq!(
            segments(Kind::PathItem, &item),
            [
                ("parameters/0".to_owned(), Kind::Parameter),
                ("parameters/1".to_owned(), Kind::Parameter),
                ("get".to_owned(), Kind::Operation),
            ]
        );
        let schema = json!({
            "properties": { "a/b": {}, "x-c": {} },
            "additionalProperties": true,
            "example": { "$ref": "#/components/schemas/A" },
            "default": {},
            "enum": [{}],
            "discriminator": { "propertyName": "t" },
        });
        assert_eq!(
            segments(Kind::Schema, &schema),
            [
                ("properties/a~1b".to_owned(), Kind::Schema),
                ("properties/x-c".to_owned(), Kind::Schema),
                ("discriminator".to_owned(), Kind::Discriminator),
            ]
        );
        let paths = json!({ "/a": {}, "x-b": {} });
        assert_eq!(
            segments(Kind::Paths, &paths),
            [("~1a".to_owned(), Kind::PathItem)]
        );
        assert_eq!(segments(Kind::Example, &json!({ "value": {} })), []);
        assert_eq!(segments(Kind::Schema, &json!(5)), []);
    }

    #[test]
    fn descriptions_name_the_object_and_whether_a_ref_may_stand_for_it() {
        assert_eq!(Kind::Parameter.describe(), "a Parameter Object or a `$ref`");
        assert_eq!(Kind::Operation.describe(), "an Operation Object");
        assert_eq!(Kind::Document.describe(), "an OpenAPI 3.0 document");
    }
}

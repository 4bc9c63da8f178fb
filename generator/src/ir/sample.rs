//! Small IR values for unit tests: each constructor fills in the plainest value, and a test
//! changes only the fields it is about.

use super::model::*;

/// An API of these types and operations, before [`crate::ir::analyze`].
pub fn api(types: Vec<TypeDef>, operations: Vec<Operation>) -> Api {
    Api {
        crate_description: None,
        title: "Sample".into(),
        version: "1".into(),
        heading: ("Sample".into(), "1".into()),
        docs: None,
        servers: vec![],
        base_url: BaseUrl::Localhost,
        auth: vec![],
        types,
        operations,
        default_error: None,
        shadowed_prelude: vec![],
        modules: vec![],
        uses: Uses::default(),
        features: vec![],
        result_gate: Gate::Always,
        pages: vec![],
        reexports: Vec::new(),
        webhooks: Webhooks::default(),
        dependencies: Vec::new(),
        notice_headers: Vec::new(),
    }
}

/// A field whose Rust name is its wire name, optional (and not nullable) or required.
pub fn field(name: &str, ty: TypeRef, optional: bool) -> Field {
    Field {
        name: name.into(),
        wire_name: name.into(),
        renamed: false,
        ty,
        presence: if optional {
            Presence::Optional
        } else {
            Presence::Required
        },
        boxed: false,
        read_only: false,
        deprecated: false,
        docs: None,
        default: None,
    }
}

/// A named type of this kind.
pub fn def(name: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        name: name.into(),
        origin: format!("#/components/schemas/{name}"),
        docs: None,
        deprecated: false,
        kind,
        usage: Usage::default(),
        gate: Gate::Always,
        derives: Vec::new(),
    }
}

/// A struct of these fields.
pub fn strukt(name: &str, fields: Vec<Field>) -> TypeDef {
    def(
        name,
        TypeKind::Struct(Struct {
            fields,
            additional: None,
            derive_default: false,
            constructor: Vec::new(),
            multipart: false,
            serde: StructSerde::Fields,
        }),
    )
}

/// `TypeRef::Named`.
pub fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.into())
}

/// An operation `method path` with no parameters, no body, an empty response and a JSON error,
/// in module `default`; `id` is the operation id in snake case.
pub fn operation(id: &str, method: Method, path: &str) -> Operation {
    let camel = crate::ir::naming::camel(id);
    Operation {
        id: id.into(),
        fn_name: id.into(),
        builder_name: camel,
        args: None,
        module: "default".into(),
        tag: "default".into(),
        method,
        path: path.into(),
        path_parts: vec![PathPart::Literal(path.into())],
        fixed_query: vec![],
        summary: None,
        docs: None,
        deprecated: false,
        security: Security {
            source: SecuritySource::Unstated,
            alternatives: vec![],
        },
        params: vec![],
        body: None,
        response: Response::Empty,
        accept: None,
        error: ErrorShape::Single(ErrorBody::Json(TypeRef::Json)),
        pagination: None,
        example: CallExample::default(),
        origin: format!("#/paths/{path}"),
        gate: Gate::Always,
    }
}

/// An optional query or header parameter whose Rust name is its wire name.
pub fn param(name: &str, location: ParamLocation, ty: TypeRef) -> Param {
    Param {
        name: name.into(),
        wire_name: name.into(),
        location,
        required: false,
        ty,
        style: Style::Single,
        held: None,
        docs: None,
        deprecated: false,
        bounds: (None, None),
    }
}

/// A body of one media type, sent as `media_type`, with no envelope and no docs.
pub fn body(media_type: &str, encoding: BodyEncoding, required: bool) -> Body {
    Body {
        primary: BodyContent {
            media_type: media_type.into(),
            content_type: media_type.into(),
            encoding,
            envelope: None,
        },
        alternatives: vec![],
        required,
        docs: None,
    }
}

/// Asana's pagination: `data` items of `page_type`, `next_page.offset` sent back as `offset`,
/// each field of the given presence (items, next page, token).
pub fn offset_token_pages(
    page_type: &str,
    item: TypeRef,
    presence: (Presence, Presence, Presence),
) -> Pagination {
    let field = |name: &str, presence| PageField {
        name: name.into(),
        presence,
    };
    Pagination {
        page_type: Some(page_type.into()),
        item,
        items: vec![field("data", presence.0)],
        next: PageNext::Token {
            path: vec![field("next_page", presence.1), field("offset", presence.2)],
            ty: TypeRef::String,
            more: None,
        },
        request: PageRequest::Token {
            param: "offset".into(),
            required: false,
        },
        page_size: None,
        reason: PageReason::Recognised(PageRule::NextPageOffset),
        gate: Gate::Always,
    }
}

//! The operations emitter where it branches: path segments, header and query parameters, JSON
//! and multipart bodies, envelopes, error types and streams.

use crate::emit::test_support::assert_has;
use crate::ir::sample::{self, body, named, operation, param};
use crate::ir::*;

/// The operations module of these operations, formatted.
fn module_of(operations: Vec<Operation>) -> String {
    let mut api = sample::api(vec![], operations);
    crate::ir::analyze(&mut api);
    let ops = super::modules(&api).next().expect("one module");
    crate::emit::format_tokens(super::module(&api, &api.modules[0], ops, "client"))
}

#[test]
fn path_parameters_are_encoded_in_path_order() {
    let mut op = operation("get_item", Method::Get, "/a/{id}/b/{n}/{kind}/{at}");
    op.path_parts = vec![
        PathPart::Literal("/a/".into()),
        PathPart::Param(1),
        PathPart::Literal("/b/".into()),
        PathPart::Param(0),
        PathPart::Literal("/".into()),
        PathPart::Param(2),
        PathPart::Literal("/".into()),
        PathPart::Param(3),
    ];
    let path_param = |name: &str, ty| Param {
        required: true,
        ..param(name, ParamLocation::Path, ty)
    };
    op.params = vec![
        path_param("n", TypeRef::I64),
        path_param("id", TypeRef::String),
        path_param("kind", named("Kind")),
        path_param("at", TypeRef::DateTime),
    ];
    let code = module_of(vec![op]);
    assert_has(
        &code,
        "pub fn get_item(&self, id: &str, n: i64, kind: impl Into<models::Kind>, at: ::chrono::DateTime<::chrono::Utc>) -> GetItem {",
    );
    assert_has(
        &code,
        concat!(
            r#"[ "/a/", &runtime::encode_path_segment(id), "/b/", &runtime::encode_path_segment(&n.to_string()), "/", "#,
            r#"&runtime::encode_path_segment(&Into::<models::Kind>::into(kind).to_string()), "/", "#,
            r#"&runtime::encode_path_segment(&at.to_rfc3339()), ].concat()"#
        ),
    );
}

#[test]
fn path_parameters_serialised_with_serde_are_serialised_before_the_path_is_built() {
    let mut op = operation("get_run", Method::Get, "/runs/{workflow}/{n}");
    op.path_parts = vec![
        PathPart::Literal("/runs/".into()),
        PathPart::Param(0),
        PathPart::Literal("/".into()),
        PathPart::Param(1),
    ];
    op.params = vec![
        Param {
            required: true,
            style: Style::Styled {
                style: StyleName::Label,
                explode: true,
                value: ValueShape::Serialized,
            },
            ..param("workflow", ParamLocation::Path, named("WorkflowId"))
        },
        Param {
            required: true,
            ..param("n", ParamLocation::Path, TypeRef::I64)
        },
    ];
    let code = module_of(vec![op]);
    assert_has(
        &code,
        concat!(
            r#"pub fn get_run(&self, workflow: models::WorkflowId, n: i64) -> GetRun { "#,
            r#"let mut request = runtime::Request::new("get_run", Method::GET, "/runs/{workflow}/{n}", String::new()); "#,
            r#"let workflow = request.serialized_param("workflow", runtime::ParamValue::object(&workflow)); "#,
            r#"request.path = [ "/runs/", &runtime::path_param(runtime::PathStyle::Label, true, "workflow", &workflow), "/", &runtime::encode_path_segment(&n.to_string()), ].concat(); "#,
            r#"GetRun { client: self.clone(), request } }"#
        ),
    );
}

#[test]
fn header_parameters_go_in_headers_required_or_not() {
    let mut op = operation("get_item", Method::Get, "/item");
    op.params = vec![
        Param {
            required: true,
            ..param("X-Request-Id", ParamLocation::Header, TypeRef::String)
        },
        param("X-Trace", ParamLocation::Header, TypeRef::I64),
    ];
    op.params[0].name = "x_request_id".into();
    op.params[1].name = "x_trace".into();
    let code = module_of(vec![op]);
    assert_has(
        &code,
        r#"request.headers.push(("X-Request-Id", x_request_id.to_string()));"#,
    );
    assert_has(
        &code,
        r#"pub fn x_trace(mut self, value: i64) -> Self { self.request.headers.push(("X-Trace", value.to_string())); self }"#,
    );
}

#[test]
fn query_parameters_are_set_by_style() {
    let mut op = operation("list", Method::Get, "/list");
    let list = TypeRef::Vec(Box::new(TypeRef::String));
    op.params = vec![
        param("one", ParamLocation::Query, TypeRef::Bool),
        Param {
            style: Style::CommaSeparated,
            ..param("csv", ParamLocation::Query, list.clone())
        },
        Param {
            style: Style::Repeated,
            ..param("each", ParamLocation::Query, list)
        },
    ];
    let code = module_of(vec![op]);
    assert_has(&code, r#"self.request.query.set("one", value);"#);
    assert_has(
        &code,
        r#"self.request.query.set_csv("csv", value.into_iter().map(Into::<String>::into));"#,
    );
    assert_has(
        &code,
        r#"self.request.query.set_each("each", value.into_iter().map(Into::<String>::into));"#,
    );
}

#[test]
fn a_multipart_body_is_sent_as_parts() {
    let field = |name: &str, wire: &str, part, repeated, optional| MultipartField {
        name: name.into(),
        wire_name: wire.into(),
        part,
        repeated,
        optional,
    };
    let mut op = operation("upload", Method::Post, "/upload");
    op.body = Some(body(
        "multipart/form-data",
        BodyEncoding::Multipart {
            ty: named("UploadBody"),
            fields: vec![
                field("file", "file", PartKind::File, false, false),
                field("r#type", "type", PartKind::Text, false, true),
                field("scans", "scans", PartKind::File, true, false),
                field("tags", "tags", PartKind::Text, true, true),
                field("meta", "meta", PartKind::Json, false, false),
                field("any", "any", PartKind::Value, false, true),
            ],
        },
        true,
    ));
    let code = module_of(vec![op]);
    assert_has(
        &code,
        concat!(
            r#"let body = &self.body; let mut parts = Vec::new(); "#,
            r#"let value = &body.file; parts.push(runtime::Part::file("file", value.clone())); "#,
            r#"if let Some(value) = &body.r#type { parts.push(runtime::Part::text("type", value.to_string())); } "#,
            r#"for value in &body.scans { parts.push(runtime::Part::file("scans", value.clone())); } "#,
            r#"for value in body.tags.iter().flatten() { parts.push(runtime::Part::text("tags", value.to_string())); } "#,
            r#"let value = &body.meta; match runtime::Part::json("meta", value) { Ok(encoded) => parts.push(encoded), Err(error) => request.fail(runtime::RequestError::serialize(error)), } "#,
            r#"if let Some(value) = &body.any { match runtime::Part::value("any", value) { Ok(encoded) => parts.extend(encoded), Err(error) => request.fail(runtime::RequestError::serialize(error)), } } "#,
            r#"request.body = runtime::Body::Multipart(parts);"#
        ),
    );
}

#[test]
fn json_bodies_and_responses_are_wrapped_in_their_envelope() {
    let mut op = operation("create", Method::Post, "/items");
    let mut item = body("application/json", BodyEncoding::Json(named("Item")), false);
    item.primary.envelope = Some("data".into());
    op.body = Some(item);
    op.response = Response::Json {
        ty: named("Item"),
        envelope: Some("data".into()),
    };
    let code = module_of(vec![op]);
    assert_has(&code, "body: Option<models::Item>");
    assert_has(
        &code,
        "if let Some(body) = &self.body { match runtime::Body::json(&runtime::Data { data: body }) { Ok(encoded) => request.body = encoded, Err(error) => request.fail(runtime::RequestError::serialize(error)), } }",
    );
    assert_has(
        &code,
        "runtime::Call::new(&self.client, request, runtime::decode_json::<::serde_json::Value>, runtime::read_data)",
    );
}

#[test]
fn send_returns_the_body_of_send_with_response() {
    let mut op = operation("create", Method::Post, "/items");
    op.response = Response::Json {
        ty: named("Item"),
        envelope: None,
    };
    let delete = operation("delete", Method::Delete, "/items");
    let code = module_of(vec![op, delete]);
    assert_has(
        &code,
        "#[inline] pub fn send(self) -> impl Future<Output = crate::Result<models::Item>> + Send { self.send_with_response().map_ok(runtime::Response::into_body) }",
    );
    assert_has(
        &code,
        "#[inline] pub fn send_with_response(self) -> runtime::Call<models::Item, ::serde_json::Value> { runtime::Call::new(&self.client, self.request, runtime::decode_json::<::serde_json::Value>, runtime::read_json) }",
    );
    assert_has(
        &code,
        "runtime::Call::new(&self.client, self.request, runtime::decode_json::<::serde_json::Value>, runtime::read_nothing)",
    );
    assert_has(&code, "use ::futures::TryFutureExt as _;");
    assert_has(
        &code,
        "pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self { self.request.add_header(name, value); self }",
    );
    assert_has(
        &code,
        "pub fn max_response_bytes(mut self, limit: usize) -> Self { self.request.set_max_response_bytes(limit); self }",
    );
}

#[test]
fn bounded_parameters_are_checked_where_they_are_set() {
    let mut op = operation("list", Method::Get, "/list");
    op.params = vec![
        Param {
            bounds: (Some(1), Some(100)),
            ..param("limit", ParamLocation::Query, TypeRef::I64)
        },
        Param {
            required: true,
            bounds: (None, Some(50)),
            ..param("count", ParamLocation::Query, TypeRef::I32)
        },
        param("page", ParamLocation::Query, TypeRef::I64),
    ];
    let code = module_of(vec![op]);
    assert_has(
        &code,
        r#"pub fn limit(mut self, value: i64) -> Self { self.request.check_range("limit", value, Some(1), Some(100)); self.request.query.set("limit", value); self }"#,
    );
    assert_has(
        &code,
        r#"request.check_range("count", count, None, Some(50)); request.query.push("count", &count);"#,
    );
    assert_has(
        &code,
        r#"pub fn page(mut self, value: i64) -> Self { self.request.query.set("page", value); self }"#,
    );
}

#[test]
fn an_error_type_other_than_the_default_is_named() {
    let mut usual = operation("usual", Method::Get, "/usual");
    usual.error = ErrorShape::Single(ErrorBody::Json(named("Problem")));
    let mut other = usual.clone();
    other.id = "other".into();
    other.fn_name = "other".into();
    other.builder_name = "Other".into();
    other.error = ErrorShape::Single(ErrorBody::Json(TypeRef::Json));
    let mut third = usual.clone();
    third.id = "third".into();
    third.fn_name = "third".into();
    third.builder_name = "Third".into();
    let code = module_of(vec![usual, other, third]);
    assert_has(
        &code,
        "pub fn send(self) -> impl Future<Output = crate::Result<()>> + Send {",
    );
    assert_has(
        &code,
        "pub fn send(self) -> impl Future<Output = crate::Result<(), ::serde_json::Value>> + Send {",
    );
}

#[test]
fn a_stream_sets_the_page_size_and_follows_the_offset() {
    let mut op = operation("list", Method::Get, "/list");
    op.params = vec![
        param("offset", ParamLocation::Query, TypeRef::String),
        param("limit", ParamLocation::Query, TypeRef::I64),
    ];
    op.response = Response::Json {
        ty: named("Page"),
        envelope: None,
    };
    op.pagination = Some(Pagination {
        page_size: Some(PageSize {
            param: "limit".into(),
            size: 50,
            is_maximum: false,
        }),
        ..sample::offset_token_pages(
            "Page",
            named("Item"),
            (Presence::Optional, Presence::Optional, Presence::Optional),
        )
    });
    let code = module_of(vec![op]);
    assert_has(
        &code,
        "Pages are requested with `limit=50` unless set. `.max_pages(n)` requests at most `n` pages. The first error",
    );
    assert_has(
        &code,
        r#"let mut builder = self; if builder.request.query.get("limit").is_none() { builder.request.query.set("limit", 50i64); }"#,
    );
    assert_has(
        &code,
        r#"runtime::pages(runtime::Paging::Token("offset"), move |cursor: runtime::Cursor| { let mut page = builder.clone(); cursor.apply(&mut page.request, page.client.base_url()); page.send_with_response() })"#,
    );
    // Inline, like `send`: the page's decoder is compiled only in the crates that page.
    assert_has(
        &code,
        "#[inline] pub fn pages(self) -> runtime::Pages<runtime::Response<models::Page>, ::serde_json::Value> {",
    );
    assert_has(
        &code,
        "#[inline] pub fn stream(self) -> runtime::Items<runtime::Response<models::Page>, ::serde_json::Value> {",
    );
}

#[test]
fn each_module_is_compiled_with_its_feature() {
    let mut api = sample::api(vec![], vec![operation("ping", Method::Get, "/ping")]);
    api.modules = vec![Module {
        name: "default".into(),
        tag: "default".into(),
        uses_models: false,
        gate: Gate::Features(vec![vec!["default_2".into()]]),
    }];
    let code = crate::emit::format_tokens(super::module_index(&api));
    assert_has(
        &code,
        "/// Operations tagged `default`. #[cfg(feature = \"default_2\")] pub mod default;",
    );
}

#[test]
fn a_body_that_is_not_json_asks_for_its_type_and_can_stream() {
    let mut op = operation("get_report", Method::Get, "/report");
    op.response = Response::Media {
        kind: MediaKind::Bytes,
    };
    op.accept = Some("application/pdf".into());
    let code = module_of(vec![op]);
    assert_has(&code, r#"request.set_accept("application/pdf");"#);
    assert_has(
        &code,
        "pub fn send(self) -> impl Future<Output = crate::Result<::bytes::Bytes>> + Send { self.send_with_response().map_ok(runtime::Response::into_body) }",
    );
    assert_has(
        &code,
        "pub fn send_with_response(self) -> runtime::Call<::bytes::Bytes, ::serde_json::Value> { runtime::Call::new(&self.client, self.request, runtime::decode_json::<::serde_json::Value>, runtime::read_media) }",
    );
    assert_has(
        &code,
        "pub fn send_stream(self) -> impl Future<Output = crate::Result<runtime::ByteStream>> + Send { runtime::stream_call(&self.client, self.request, runtime::decode_json::<::serde_json::Value>) }",
    );
    assert!(!code.contains("use crate::models;"), "{code}");

    let mut text = operation("get_text", Method::Get, "/text");
    text.response = Response::Media {
        kind: MediaKind::Text,
    };
    text.accept = Some("text/csv".into());
    let code = module_of(vec![text]);
    assert_has(
        &code,
        "pub fn send(self) -> impl Future<Output = crate::Result<String>> + Send",
    );
    assert!(
        !code.contains("send_stream"),
        "text is not streamed: {code}"
    );
}

/// `create`, whose body is an `Item` as JSON or a form, or PNG bytes; required or not.
fn item_in_three_media_types(required: bool) -> Operation {
    let mut op = operation("create", Method::Post, "/items");
    let mut item = body(
        "application/json",
        BodyEncoding::Json(named("Item")),
        required,
    );
    let method = |name: &str| required.then(|| name.to_owned());
    item.alternatives = vec![
        AlternativeBody {
            setter: "body_form".into(),
            method: method("create_form"),
            content: body(
                "application/x-www-form-urlencoded",
                BodyEncoding::Form {
                    ty: named("Item"),
                    styles: vec![],
                    json: vec![],
                    untyped_others: None,
                },
                true,
            )
            .primary,
        },
        AlternativeBody {
            setter: "body_png".into(),
            method: method("create_png"),
            content: body(
                "image/png",
                BodyEncoding::Bytes {
                    pattern: false,
                    untyped: None,
                },
                true,
            )
            .primary,
        },
    ];
    op.body = Some(item);
    op
}

#[test]
fn a_required_body_in_other_media_types_is_the_argument_of_a_method_for_each() {
    let code = module_of(vec![item_in_three_media_types(true)]);
    assert_has(
        &code,
        "pub fn create(&self, body: models::Item) -> Create {",
    );
    assert_has(
        &code,
        "Create { client: self.clone(), request, body: Some(body), body_form: None, body_png: None, }",
    );
    assert_has(
        &code,
        "pub fn create_png(&self, body: impl Into<crate::runtime::Payload>) -> Create {",
    );
    assert_has(
        &code,
        "Create { client: self.clone(), request, body: None, body_form: None, body_png: Some(body.into()), }",
    );
    assert_has(
        &code,
        "pub fn create_form(&self, body: models::Item) -> Create {",
    );
    // No setter: the body is given once, by the method that was called.
    assert!(!code.contains("pub fn body_png"), "{code}");
    assert!(!code.contains("pub fn body("), "{code}");
    assert_has(
        &code,
        r#"if let Some(body) = &self.body { match runtime::Body::json(body) { Ok(encoded) => request.body = encoded, Err(error) => request.fail(runtime::RequestError::serialize(error)), } } else if let Some(body) = &self.body_form { match runtime::Body::form(body) { Ok(encoded) => request.body = encoded, Err(error) => request.fail(error), } } else if let Some(body) = &self.body_png { request.body = runtime::Body::payload(body.clone(), "image/png"); }"#,
    );
}

#[test]
fn an_optional_body_in_other_media_types_has_a_builder_method_for_each() {
    let code = module_of(vec![item_in_three_media_types(false)]);
    assert_has(&code, "pub fn create(&self) -> Create {");
    assert_has(
        &code,
        "Create { client: self.clone(), request, body: None, body_form: None, body_png: None, }",
    );
    assert_has(
        &code,
        "pub fn body_png(mut self, value: impl Into<crate::runtime::Payload>) -> Self { self.body = None; self.body_form = None; self.body_png = Some(value.into()); self }",
    );
    assert!(!code.contains("pub fn create_png"), "{code}");
}

#[test]
fn text_bytes_and_other_json_types_are_sent_as_themselves() {
    let mut text = operation("note", Method::Post, "/notes");
    text.body = Some(body("text/markdown", BodyEncoding::Text, true));
    let code = module_of(vec![text]);
    assert_has(
        &code,
        "pub fn note(&self, body: impl Into<String>) -> Note {",
    );
    assert_has(&code, "body: body.into()");
    assert_has(
        &code,
        r#"let body = &self.body; request.body = runtime::Body::text(body.clone(), "text/markdown");"#,
    );

    let mut patch = operation("patch", Method::Patch, "/items");
    patch.body = Some(body(
        "application/merge-patch+json",
        BodyEncoding::Json(named("Item")),
        false,
    ));
    let code = module_of(vec![patch]);
    assert_has(
        &code,
        r#"match runtime::Body::json_as(body, "application/merge-patch+json") { Ok(encoded) => request.body = encoded, Err(error) => request.fail(runtime::RequestError::serialize(error)), }"#,
    );
}

#[test]
fn required_parameters_too_many_for_arguments_come_in_a_struct() {
    let mut op = operation("search", Method::Get, "/search/{from}");
    op.args = Some("SearchArgs".into());
    op.path_parts = vec![PathPart::Literal("/search/".into()), PathPart::Param(0)];
    let required = |name: &str, location, ty| Param {
        required: true,
        ..param(name, location, ty)
    };
    op.params = vec![
        required("from", ParamLocation::Path, TypeRef::String),
        required("kind", ParamLocation::Query, named("Kind")),
        required(
            "tags",
            ParamLocation::Query,
            TypeRef::Vec(Box::new(TypeRef::String)),
        ),
    ];
    op.params[2].style = Style::Repeated;
    let code = module_of(vec![op]);
    assert_has(
        &code,
        concat!(
            r#"pub fn search(&self, args: SearchArgs) -> Search { let SearchArgs { ref from, kind, tags } = args; "#,
            r#"let mut request = runtime::Request::new("search", Method::GET, "/search/{from}", [ "/search/", &runtime::encode_path_segment(from), ].concat()); "#,
            r#"request.query.push("kind", &kind); request.query.set_each("tags", tags);"#,
        ),
    );
    assert_has(
        &code,
        "pub struct SearchArgs { /// The `from` parameter. pub from: String, /// The `kind` parameter. pub kind: models::Kind, /// The `tags` parameter. pub tags: Vec<String>, }",
    );
}

#[test]
fn form_properties_with_an_encoding_style_are_serialised_in_it() {
    let mut op = operation("create", Method::Post, "/links");
    op.body = Some(body(
        "application/x-www-form-urlencoded",
        BodyEncoding::Form {
            ty: named("LinkBody"),
            styles: vec![FormStyle {
                property: "expand".into(),
                style: StyleName::DeepObject,
                explode: true,
            }],
            json: vec![],
            untyped_others: None,
        },
        true,
    ));
    let code = module_of(vec![op]);
    assert_has(
        &code,
        r#"match runtime::Body::form_styled(body, &[("expand", runtime::QueryStyle::DeepObject, true)], &[]) { Ok(encoded) => request.body = encoded, Err(error) => request.fail(error), }"#,
    );
}

#[test]
fn untyped_form_properties_are_named_for_their_json_text() {
    let mut op = operation("run", Method::Post, "/actions");
    op.body = Some(body(
        "application/x-www-form-urlencoded",
        BodyEncoding::Form {
            ty: named("RunBody"),
            styles: vec![],
            json: vec!["Parameters".into()],
            untyped_others: None,
        },
        true,
    ));
    let code = module_of(vec![op]);
    assert_has(
        &code,
        r#"match runtime::Body::form_styled(body, &[], &["Parameters"]) { Ok(encoded) => request.body = encoded, Err(error) => request.fail(error), }"#,
    );
}

#[test]
fn a_form_body_of_untyped_other_members_names_its_typed_properties() {
    let mut op = operation("run", Method::Post, "/actions");
    op.body = Some(body(
        "application/x-www-form-urlencoded",
        BodyEncoding::Form {
            ty: named("RunBody"),
            styles: vec![],
            json: vec!["Parameters".into()],
            untyped_others: Some(vec!["Name".into()]),
        },
        true,
    ));
    let code = module_of(vec![op]);
    assert_has(
        &code,
        r#"match runtime::Body::form_untyped(body, &[], &["Name"]) { Ok(encoded) => request.body = encoded, Err(error) => request.fail(error), }"#,
    );
}

#[test]
fn a_streamed_response_is_what_send_returns() {
    let mut watch = operation("watch", Method::Get, "/events");
    watch.response = Response::Stream(StreamResponse {
        format: StreamFormat::ServerSentEvents,
        item: named("Change"),
        resume: Some("last_event_id".into()),
    });
    watch.accept = Some("text/event-stream".into());
    let mut lines = operation("export", Method::Get, "/export");
    lines.response = Response::Stream(StreamResponse {
        format: StreamFormat::JsonSeq,
        item: TypeRef::Json,
        resume: None,
    });
    let code = module_of(vec![watch.clone(), lines]);
    assert_has(
        &code,
        "Output = crate::Result<runtime::EventStream<models::Change, ::serde_json::Value>>",
    );
    assert_has(
        &code,
        "runtime::EventStream::open(&self.client, self.request, runtime::decode_json::<::serde_json::Value>, runtime::json_data)",
    );
    assert_has(
        &code,
        r#"pub fn last_event_id(mut self, id: impl AsRef<str>) -> Self { self.request.add_header("Last-Event-ID", id); self }"#,
    );
    assert_has(
        &code,
        "runtime::JsonLines::open(&self.client, self.request, runtime::decode_json::<::serde_json::Value>, runtime::Delimiter::RecordSeparator)",
    );
    // A stream is read as it arrives, never by a `Call`; nothing maps a `Call`'s output.
    for absent in ["send_with_response", "TryFutureExt", "send_stream"] {
        assert!(!code.contains(absent), "{absent}: {code}");
    }

    // Text events, and a POST stream, which does not resume.
    watch.method = Method::Post;
    watch.response = Response::Stream(StreamResponse {
        format: StreamFormat::ServerSentEvents,
        item: TypeRef::String,
        resume: None,
    });
    let code = module_of(vec![watch]);
    assert_has(&code, "runtime::text_data)");
    assert!(!code.contains("last_event_id"), "{code}");
}

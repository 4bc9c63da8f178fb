//! The models emitter where it branches: structs (serde attributes, multipart), unions, error
//! enums, page impls, and prelude names a model shadows.

use crate::ir::sample::{self, body, def, field, named, operation, strukt};
use crate::ir::*;

/// `src/models.rs` for these types and operations, with one line per item for `contains`.
fn models_of(types: Vec<TypeDef>, operations: Vec<Operation>) -> String {
    let mut api = sample::api(types, operations);
    crate::ir::analyze(&mut api);
    super::models(&api)
}

fn union(name: &str, variants: Vec<UnionVariant>) -> TypeDef {
    def(name, TypeKind::Union(Union { variants }))
}

fn variant(name: &str, ty: TypeRef, boxed: bool) -> UnionVariant {
    UnionVariant {
        name: name.into(),
        ty,
        boxed,
    }
}

#[test]
fn union_variants_are_boxed_as_the_ir_says() {
    let code = models_of(
        vec![
            strukt("Circle", vec![field("radius", TypeRef::F64, false)]),
            union(
                "Shape",
                vec![
                    variant("Circle", named("Circle"), true),
                    variant("Label", named("Circle"), false),
                    variant("String", TypeRef::String, false),
                ],
            ),
        ],
        vec![],
    );
    assert!(
        code.contains("#[serde(untagged)]\npub enum Shape {"),
        "{code}"
    );
    assert!(code.contains("    Circle(Box<Circle>),\n"), "{code}");
    assert!(code.contains("    Label(Circle),\n"), "{code}");
    assert!(code.contains("    String(String),\n"), "{code}");
}

/// `Node`, sent as the body of an operation: a renamed required field, a `readOnly` one and a
/// boxed one, and `extra` fields.
fn node_models(extra: Vec<Field>) -> String {
    let mut renamed = field("self_", TypeRef::String, false);
    renamed.wire_name = "self".into();
    renamed.renamed = true;
    let mut etag = field("etag", TypeRef::String, true);
    etag.read_only = true;
    let mut parent = field("parent", named("Node"), true);
    parent.boxed = true;
    let mut fields = vec![renamed, etag, parent];
    fields.extend(extra);
    let node = strukt("Node", fields);
    let mut op = operation("put_node", Method::Put, "/node");
    op.body = Some(body(
        "application/json",
        BodyEncoding::Json(named("Node")),
        true,
    ));
    models_of(vec![node], vec![op])
}

#[test]
fn a_struct_whose_fields_start_blank_is_written_over_the_runtime_object() {
    let code = node_models(vec![]);
    let has = |text: &str| assert!(code.contains(text), "no `{text}` in:\n{code}");
    // The required `self` has no default: no `Default`, a constructor that takes it.
    has("#[derive(Debug, Clone, PartialEq)]\npub struct Node {");
    has("    pub self_: String,\n");
    has(concat!(
        "impl Node {\n",
        "    /// `Node` from its required fields, in the spec's order; the optional ones are absent.\n",
        "    #[inline]\n",
        "    pub fn new(self_: impl Into<String>) -> Self {\n",
        "        Self {\n",
        "            self_: self_.into(),\n",
        "            etag: None,\n",
        "            parent: None,\n",
        "        }\n",
        "    }\n",
        "}\n",
    ));
    has("    pub parent: Option<Box<Node>>,\n");
    assert!(!code.contains("#[serde"), "{code}");
    // One line per field: its index, name, wire name and kind; the `readOnly` one is never
    // sent. Sent, the type is serialized wherever it is compiled, and deserialized only with
    // `serde-full` too.
    has(concat!(
        "}\n\n#[cfg(feature = \"default_2\")]\ncrate::macros::object! {\n",
        "    Node {\n",
        "        0 self_ \"self\" required,\n",
        "        1 etag \"etag\" optional read_only,\n",
        "        2 parent \"parent\" optional,\n",
        "    }\n",
        "    serialize;\n",
        "    #[cfg(feature = \"serde-full\")] deserialize;\n",
        "}\n",
    ));
}

#[test]
fn a_struct_with_a_required_field_without_default_derives_serde_with_field_attributes() {
    let code = node_models(vec![field("target", TypeRef::Uri, false)]);
    assert!(
        code.contains(
            "#[derive(Debug, Clone, PartialEq, ::serde::Serialize)]\n#[cfg_attr(feature = \"serde-full\", derive(::serde::Deserialize))]\npub struct Node {"
        ),
        "{code}"
    );
    assert!(
        code.contains("#[serde(rename = \"self\")]\n    pub self_: String,"),
        "{code}"
    );
    assert!(
        code.contains(
            "#[serde(default, skip_serializing_if = \"Option::is_none\", skip_serializing)]\n    pub etag: Option<String>,"
        ),
        "{code}"
    );
    assert!(code.contains("pub parent: Option<Box<Node>>,"), "{code}");
    assert!(!code.contains("runtime::Object"), "{code}");
}

/// The four combinations of required and nullable, as fields of `Node`.
fn presences() -> Vec<Field> {
    let with = |name: &str, presence| Field {
        presence,
        ..field(name, TypeRef::String, false)
    };
    vec![
        with("plain", Presence::Required),
        with("cleared", Presence::RequiredNullable),
        with("maybe", Presence::Optional),
        with("patched", Presence::OptionalNullable),
    ]
}

#[test]
fn absent_null_and_a_value_are_three_states_in_the_object_table() {
    let code = node_models(presences());
    let has = |text: &str| assert!(code.contains(text), "no `{text}` in:\n{code}");
    has("    pub plain: String,\n");
    has("    pub cleared: Option<String>,\n");
    has("    pub maybe: Option<String>,\n");
    has("    pub patched: crate::runtime::Patch<String>,\n");
    // A required nullable `Option` is written whole (`None` as `null`) and must be there.
    has(concat!(
        "        3 plain \"plain\" required,\n",
        "        4 cleared \"cleared\" required,\n",
        "        5 maybe \"maybe\" optional,\n",
        "        6 patched \"patched\" patch,\n",
    ));
}

#[test]
fn absent_null_and_a_value_are_three_states_in_derived_serde() {
    let mut fields = presences();
    fields.push(field("target", TypeRef::Uri, false));
    let code = node_models(fields);
    let has = |text: &str| assert!(code.contains(text), "no `{text}` in:\n{code}");
    has("    pub plain: String,\n");
    has(concat!(
        "    #[serde(deserialize_with = \"crate::runtime::nullable\")]\n",
        "    pub cleared: Option<String>,\n"
    ));
    has(concat!(
        "    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n",
        "    pub maybe: Option<String>,\n"
    ));
    has(concat!(
        "    #[serde(default, skip_serializing_if = \"crate::runtime::Patch::is_absent\")]\n",
        "    pub patched: crate::runtime::Patch<String>,\n"
    ));
}

#[test]
fn a_struct_without_fields_reads_and_writes_an_empty_object() {
    let code = models_of(vec![strukt("Empty", vec![])], vec![]);
    let has = |text: &str| assert!(code.contains(text), "no `{text}` in:\n{code}");
    has("pub struct Empty {}");
    // No operation reaches it: it travels both ways.
    has("crate::macros::object! {\n    Empty {}\n    serialize;\n    deserialize;\n}\n");
}

#[test]
fn a_multipart_body_derives_no_serde() {
    let mut upload = strukt(
        "Upload",
        vec![
            field("file", TypeRef::Binary, false),
            field("note", TypeRef::String, true),
        ],
    );
    if let TypeKind::Struct(s) = &mut upload.kind {
        s.multipart = true;
    }
    let code = models_of(vec![upload], vec![]);
    assert!(
        code.contains("#[derive(Debug, Clone, PartialEq)]\npub struct Upload {"),
        "{code}"
    );
    assert!(
        code.contains("pub fn new(file: crate::runtime::Upload) -> Self {"),
        "{code}"
    );
    assert!(!code.contains("serde"), "{code}");
}

/// A field required (or not) with the spec's `default`.
fn defaulted(name: &str, ty: TypeRef, presence: Presence, default: Literal) -> Field {
    Field {
        presence,
        default: Some(default),
        ..field(name, ty, false)
    }
}

#[test]
fn default_is_written_with_the_values_the_spec_gives_required_fields() {
    let kind = def(
        "Kind",
        TypeKind::Enum(StringEnum {
            variants: vec![Variant {
                name: "Webinar".into(),
                wire_name: "webinar".into(),
            }],
        }),
    );
    let settings = strukt(
        "Settings",
        vec![
            defaulted(
                "kind",
                named("Kind"),
                Presence::Required,
                Literal::String("webinar".into()),
            ),
            defaulted("limit", TypeRef::F64, Presence::Required, Literal::Int(50)),
            defaulted(
                "label",
                TypeRef::String,
                Presence::RequiredNullable,
                Literal::String("x".into()),
            ),
            // An optional field starts absent, its default left to the API.
            defaulted("page", TypeRef::I64, Presence::Optional, Literal::Int(1)),
        ],
    );
    let code = models_of(vec![kind, settings], vec![]);
    let has = |text: &str| assert!(code.contains(text), "no `{text}` in:\n{code}");
    // The enum has no `Default` of its own, so the struct derives serde.
    has(
        "#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]\npub struct Settings {",
    );
    has(concat!(
        "impl Default for Settings {\n",
        "    /// Every required field set to the default the API documents, every optional one\n",
        "    /// absent.\n",
        "    fn default() -> Self {\n",
        "        Self {\n",
        "            kind: Kind::Webinar,\n",
        "            limit: 50.0,\n",
        "            label: Some(String::from(\"x\")),\n",
        "            page: None,\n",
        "        }\n",
        "    }\n",
        "}\n",
    ));
    assert!(!code.contains("pub fn new"), "{code}");
}

#[test]
fn defaults_that_are_the_types_own_are_derived_and_new_takes_only_what_has_none() {
    let plain = strukt(
        "Plain",
        vec![
            defaulted(
                "tags",
                TypeRef::Vec(Box::new(TypeRef::String)),
                Presence::Required,
                Literal::Empty,
            ),
            defaulted(
                "on",
                TypeRef::Bool,
                Presence::Required,
                Literal::Bool(false),
            ),
        ],
    );
    let mut order = strukt(
        "Order",
        vec![
            field("item", TypeRef::String, false),
            defaulted("count", TypeRef::I64, Presence::Required, Literal::Int(1)),
            Field {
                presence: Presence::RequiredNullable,
                ..field("note", TypeRef::String, false)
            },
            field("at", TypeRef::DateTime, false),
        ],
    );
    if let TypeKind::Struct(s) = &mut order.kind {
        s.additional = Some(TypeRef::Json);
    }
    let code = models_of(vec![plain, order], vec![]);
    let has = |text: &str| assert!(code.contains(text), "no `{text}` in:\n{code}");
    has("#[derive(Debug, Clone, PartialEq, Default)]\npub struct Plain {");
    assert!(!code.contains("impl Default"), "{code}");
    has(concat!(
        "    /// `Order` from its required fields that have no default, in the spec's order; the others take the API's default, the optional ones are absent.\n",
        "    #[inline]\n",
        "    pub fn new(\n",
        "        item: impl Into<String>,\n",
        "        note: Option<String>,\n",
        "        at: ::chrono::DateTime<::chrono::Utc>,\n",
        "    ) -> Self {\n",
        "        Self {\n",
        "            item: item.into(),\n",
        "            count: 1,\n",
        "            note,\n",
        "            at,\n",
        "            additional_properties: Default::default(),\n",
        "        }\n",
        "    }\n",
    ));
}

#[test]
fn prelude_names_a_model_takes_are_written_in_full_and_only_those() {
    let mut inner = field("inner", named("Box"), true);
    inner.boxed = true;
    // A required URL has no default: the struct derives serde, with field attributes.
    let code = models_of(
        vec![strukt(
            "Box",
            vec![
                inner,
                field("tags", TypeRef::Vec(Box::new(TypeRef::String)), true),
                field("home", TypeRef::Uri, false),
            ],
        )],
        vec![],
    );
    assert!(
        code.contains("pub inner: Option<::std::boxed::Box<Box>>,"),
        "{code}"
    );
    assert!(code.contains("pub tags: Option<Vec<String>>,"), "{code}");
    assert!(code.contains("\"Option::is_none\""), "{code}");
}

#[test]
fn an_error_enum_decodes_by_status() {
    let mut op = operation("get_node", Method::Get, "/node");
    op.error = ErrorShape::ByStatus {
        name: "GetNodeError".into(),
        cases: vec![
            ErrorCase {
                status: StatusMatch::Code(404),
                variant: "NotFound".into(),
                body: ErrorBody::Json(TypeRef::String),
                boxed: false,
            },
            ErrorCase {
                status: StatusMatch::Other,
                variant: "Other".into(),
                body: ErrorBody::Json(named("Problem")),
                boxed: true,
            },
        ],
    };
    let code = models_of(vec![strukt("Problem", vec![])], vec![op]);
    assert!(code.contains("/// The error body of `get_node`, which differs by status."));
    assert!(
        code.contains("    /// HTTP 404.\n    NotFound(String),\n    /// Any other status.\n    Other(Box<Problem>),"),
        "{code}"
    );
    assert!(
        code.contains("404 => crate::runtime::decode_json(status, body).map(Self::NotFound),"),
        "{code}"
    );
    assert!(
        code.contains(".map(|value| Self::Other(Box::new(value)))"),
        "{code}"
    );
}

#[test]
fn a_page_hands_over_its_items_and_token_as_its_fields_allow() {
    use Presence::{Optional, OptionalNullable, Required, RequiredNullable};
    let parts = |presence| {
        let mut op = operation("list", Method::Get, "/list");
        op.pagination = Some(sample::offset_token_pages(
            "Page",
            TypeRef::String,
            presence,
        ));
        let code = models_of(vec![strukt("Page", vec![])], vec![op]);
        let body = |name: &str| {
            let start = code.find(name).expect("a Page impl");
            let lines = code[start..].lines().skip(1);
            let body: Vec<&str> = lines.map(str::trim).take_while(|l| *l != "}").collect();
            body.concat()
        };
        (
            body("fn items"),
            body("fn next_page"),
            body("fn into_items"),
        )
    };
    assert_eq!(
        parts((Optional, Optional, Optional)),
        (
            "self.data.as_deref().unwrap_or_default()".into(),
            "crate::runtime::Next::token(self.next_page.as_ref().and_then(|v| v.offset.as_ref()).cloned(),)".into(),
            "self.data.unwrap_or_default()".into()
        )
    );
    assert_eq!(
        parts((Required, RequiredNullable, Required)),
        (
            "&self.data".into(),
            "crate::runtime::Next::token(self.next_page.as_ref().map(|v| &v.offset).cloned())"
                .into(),
            "self.data".into()
        )
    );
    assert_eq!(
        parts((Required, Required, Required)).1,
        "crate::runtime::Next::token(Some(self.next_page.offset.clone()))"
    );
    // Absent and `null` alike end the items or the pages.
    assert_eq!(
        parts((OptionalNullable, OptionalNullable, OptionalNullable)),
        (
            "self.data.as_ref().into_option().map(|items| items.as_slice()).unwrap_or_default()".into(),
            "crate::runtime::Next::token(self.next_page.as_ref().into_option().and_then(|v| v.offset.as_ref().into_option()).cloned(),)".into(),
            "self.data.into_option().unwrap_or_default()".into()
        )
    );
}

#[test]
fn range_arms_leave_out_listed_codes() {
    let patterns = super::status_patterns(&[
        StatusMatch::Code(200),
        StatusMatch::Code(204),
        StatusMatch::Code(299),
        StatusMatch::Range(2),
        StatusMatch::Other,
    ]);
    let text: Vec<String> = patterns
        .iter()
        .map(|p| p.as_ref().map_or("-".into(), |p| p.to_string()))
        .collect();
    assert_eq!(
        text,
        ["200", "204", "299", "201 ..= 203 | 205 ..= 298", "_"]
    );
    let whole = super::status_patterns(&[StatusMatch::Range(4)]);
    assert_eq!(whole[0].as_ref().unwrap().to_string(), "400 ..= 499");
}

/// Gated on each of these lists of features.
fn gate(lists: &[&[&str]]) -> Gate {
    Gate::Features(
        lists
            .iter()
            .map(|list| list.iter().map(|f| (*f).to_owned()).collect())
            .collect(),
    )
}

#[test]
fn each_item_carries_the_cfg_of_its_gate() {
    let mut task = strukt("Task", vec![]);
    task.gate = gate(&[&["projects", "tasks"]]);
    let mut status = def("Status", TypeKind::Enum(StringEnum { variants: vec![] }));
    status.gate = gate(&[&["tasks"]]);
    let mut base = strukt("Base", vec![]);
    base.gate = gate(&[&["a"], &["b", "c"]]);
    let free = strukt("Free", vec![]);
    let mut op = operation("list", Method::Get, "/list");
    op.gate = gate(&[&["tasks"]]);
    op.error = ErrorShape::ByStatus {
        name: "ListError".into(),
        cases: vec![ErrorCase {
            status: StatusMatch::Other,
            variant: "Other".into(),
            body: ErrorBody::Text,
            boxed: false,
        }],
    };
    op.pagination = Some(Pagination {
        gate: gate(&[&["tasks"]]),
        ..sample::offset_token_pages(
            "Task",
            TypeRef::String,
            (Presence::Required, Presence::Required, Presence::Required),
        )
    });
    // Printed as the IR holds it: no analyze (which would list the page impl in `pages`).
    let page = op.pagination.clone().unwrap();
    let mut api = sample::api(vec![task, status, base, free], vec![op]);
    api.pages = vec![page];
    let code = super::models(&api);
    let has = |text: &str| assert!(code.contains(text), "no `{text}` in:\n{code}");
    let derives = "#[derive(Debug, Clone, PartialEq)]";
    let task = "any(feature = \"projects\", feature = \"tasks\")";
    has(&format!(
        "\n#[cfg({task})]\n{derives}\npub struct Task {{}}"
    ));
    // No operation uses them: their serde implementations come with `serde-full`, and with
    // their type.
    has(&format!(
        "\n#[cfg({task})]\ncrate::macros::object! {{\n    Task {{}}\n    #[cfg(feature = \"serde-full\")] serialize;"
    ));
    has("\n#[cfg(feature = \"tasks\")]\ncrate::macros::string_enum! {\n    pub enum Status {");
    has(&format!(
        "\n#[cfg(all(feature = \"a\", any(feature = \"b\", feature = \"c\")))]\n{derives}\npub struct Base {{}}"
    ));
    has(
        "\n#[cfg(all(feature = \"a\", any(feature = \"b\", feature = \"c\")))]\ncrate::macros::object! {\n    Base {}\n",
    );
    has(&format!("\n\n{derives}\npub struct Free {{}}"));
    has(
        "\n\ncrate::macros::object! {\n    Free {}\n    #[cfg(feature = \"serde-full\")] serialize;",
    );
    has("#[cfg(feature = \"tasks\")]\n#[derive(Debug, Clone, PartialEq)]\npub enum ListError {");
    has("\n#[cfg(feature = \"tasks\")]\nimpl ListError {");
    has("\n#[cfg(feature = \"tasks\")]\nimpl crate::runtime::Page for Task {");
}

#[test]
fn a_success_body_by_status_decodes_naming_the_path_of_a_failing_value() {
    let mut op = operation("create_task", Method::Post, "/tasks");
    let case = |code, variant: &str, envelope: Option<&str>| SuccessCase {
        status: StatusMatch::Code(code),
        variant: variant.into(),
        body: Some(SuccessBody {
            ty: named("Task"),
            envelope: envelope.map(str::to_owned),
        }),
        boxed: true,
    };
    op.response = Response::ByStatus {
        name: "CreateTaskResponse".into(),
        cases: vec![case(200, "Ok", None), case(201, "Created", Some("data"))],
    };
    let code = models_of(vec![strukt("Task", vec![])], vec![op]);
    let has = |text: &str| assert!(code.contains(text), "no `{text}` in:\n{code}");
    has(") -> ::std::result::Result<Self, crate::runtime::DecodeError> {");
    has(
        "200 => {\n                crate::runtime::decode_body(body).map(|value| Self::Ok(Box::new(value)))\n            }",
    );
    has("crate::runtime::decode_body::<crate::runtime::Data<_>>(body)");
    assert!(!code.contains("from_slice"), "{code}");
}

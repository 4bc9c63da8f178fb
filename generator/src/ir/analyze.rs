//! IR-to-IR passes that need every type: usage, recursion boxing, `Default` derivation, and
//! what the crate uses (modules that name models, enum macros), the cargo features that gate
//! each item ([`gates`]), and the other crates the public API names ([`reexports`]). They run
//! after lowering, before emission, and leave the types sorted by name.

mod gates;
mod reexports;

use std::collections::{BTreeMap, BTreeSet};

use super::model::*;
use super::naming;

/// The whole-IR stage after lowering: sorts types by name and operations by module and name,
/// marks which way each type travels (and so which `readOnly` fields are skipped), boxes
/// recursive fields, marks which structs can derive `Default` (and so how their serde
/// implementations are written), picks the crate's default error
/// type, lists the prelude names a type shadows, records what the crate uses, and names the
/// crate's features and the ones that compile each item, and lists the crates to re-export.
pub fn analyze(api: &mut Api) {
    api.operations
        .sort_by(|a, b| (&a.module, &a.fn_name).cmp(&(&b.module, &b.fn_name)));
    let types = &mut api.types;
    types.sort_by(|a, b| a.name.cmp(&b.name));
    mark_usage(types, &api.operations, &api.webhooks.items);
    keep_read_only_where_sent(types);
    box_recursive_fields(types);
    let blank = derive_defaults(types);
    choose_serde(types, &blank);
    api.default_error = most_common_error(&api.operations);
    api.shadowed_prelude = api
        .types
        .iter()
        .filter(|t| naming::PRELUDE_NAMES.contains(&t.name.as_str()))
        .map(|t| t.name.clone())
        .collect();
    api.modules = modules(&api.operations);
    document_params(&mut api.operations);
    gates::gate(api);
    api.reexports = reexports::reexports(api);
}

/// The names of the types the operations and the webhooks reach, with all they hold.
pub(crate) fn reached(api: &Api) -> BTreeSet<String> {
    let mut roots = Vec::new();
    for op in &api.operations {
        roots.extend(operation_types(op));
    }
    for payload in api.webhooks.items.iter().filter_map(|w| w.payload.as_ref()) {
        named_in(payload, &mut roots);
    }
    let graph = TypeGraph::new(&api.types);
    graph
        .reachable(&roots)
        .into_iter()
        .map(|i| api.types[i].name.clone())
        .collect()
}

/// Gives every parameter docs (`The \`x\` parameter.` where the spec has none), stating its
/// bounds where the spec's text does not already give both numbers.
fn document_params(operations: &mut [Operation]) {
    for param in operations.iter_mut().flat_map(|op| &mut op.params) {
        let mut doc = param
            .docs
            .take()
            .unwrap_or_else(|| format!("The `{}` parameter.", param.wire_name));
        let stated = |n: Option<i64>| n.is_none_or(|n| doc.contains(&n.to_string()));
        if !(stated(param.bounds.0) && stated(param.bounds.1)) {
            match param.bounds {
                (Some(min), Some(max)) => doc.push_str(&format!("\n\nBetween {min} and {max}.")),
                (Some(min), None) => doc.push_str(&format!("\n\nAt least {min}.")),
                (None, Some(max)) => doc.push_str(&format!("\n\nAt most {max}.")),
                (None, None) => {}
            }
        }
        param.docs = Some(doc);
    }
}

/// The operations modules, in order, and whether each names a model.
fn modules(operations: &[Operation]) -> Vec<Module> {
    let mut modules: Vec<Module> = Vec::new();
    for op in operations {
        let uses_models = !operation_types(op).is_empty();
        match modules.iter_mut().find(|m| m.name == op.module) {
            Some(module) => module.uses_models |= uses_models,
            None => modules.push(Module {
                name: op.module.clone(),
                tag: op.tag.clone(),
                uses_models,
                gate: Gate::Always,
            }),
        }
    }
    modules
}

/// The named types an operation's code spells out: its parameters, body, success and error
/// bodies (and their per-status enums), and its page items.
fn operation_types(op: &Operation) -> Vec<String> {
    let (mut names, mut received) = (Vec::new(), Vec::new());
    operation_roots(op, &mut names, &mut received);
    names.append(&mut received);
    if let Response::ByStatus { name, .. } | Response::ByMediaType { name, .. } = &op.response {
        names.push(name.clone());
    }
    if let ErrorShape::ByStatus { name, .. } = &op.error {
        names.push(name.clone());
    }
    if let Some(pagination) = &op.pagination {
        named_in(&pagination.item, &mut names);
    }
    names
}

/// The named types an operation sends (parameters, body) and receives (success and error
/// bodies).
fn operation_roots(op: &Operation, sent: &mut Vec<String>, received: &mut Vec<String>) {
    for ty in op
        .body
        .iter()
        .flat_map(|b| b.contents())
        .filter_map(BodyContent::model)
    {
        named_in(ty, sent);
    }
    for param in &op.params {
        named_in(&param.ty, sent);
    }
    match &op.response {
        Response::Empty | Response::Media { .. } => {}
        Response::Json { ty, .. } => named_in(ty, received),
        Response::Stream(stream) => named_in(&stream.item, received),
        Response::ByStatus { cases, .. } => cases
            .iter()
            .filter_map(|c| c.body.as_ref())
            .for_each(|body| named_in(&body.ty, received)),
        Response::ByMediaType { cases, .. } => cases.iter().for_each(|case| {
            if let MediaBody::Json(body) = &case.body {
                named_in(&body.ty, received);
            }
        }),
    }
    let mut error = |body: &ErrorBody| {
        if let Some(ty) = body.json() {
            named_in(ty, received);
        }
    };
    match &op.error {
        ErrorShape::Single(body) => error(body),
        ErrorShape::ByStatus { cases, .. } => cases.iter().for_each(|case| error(&case.body)),
    }
}

/// The single error body the most operations share (ties go to the first in order): the
/// default of the crate's `Result` alias. An operation whose error body differs by status has
/// a type of its own, so a body one operation alone has is no one's default unless that
/// operation is the only one: then `None`, and every operation names its error type.
fn most_common_error(operations: &[Operation]) -> Option<ErrorBody> {
    let mut counts: Vec<(&ErrorBody, usize)> = Vec::new();
    for op in operations {
        if let ErrorShape::Single(ty) = &op.error {
            match counts.iter_mut().find(|(t, _)| *t == ty) {
                Some((_, n)) => *n += 1,
                None => counts.push((ty, 1)),
            }
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    if best < 2 && operations.len() > 1 {
        return None;
    }
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(ty, _)| ty.clone())
}

fn named_in(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) => out.push(name.clone()),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => named_in(inner, out),
        TypeRef::Tuple(items) => items.iter().for_each(|item| named_in(item, out)),
        _ => {}
    }
}

/// The named types `ty` stores inline: itself, or a tuple's items (not what a `Vec` or map
/// holds, which is on the heap).
fn inline_in(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) => out.push(name.clone()),
        TypeRef::Tuple(items) => items.iter().for_each(|item| inline_in(item, out)),
        _ => {}
    }
}

/// Named types a type refers to: all of them (`through_containers`) or only those stored inline.
fn edges(def: &TypeDef, through_containers: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut visit = |ty: &TypeRef| {
        if through_containers {
            named_in(ty, &mut out)
        } else {
            inline_in(ty, &mut out)
        }
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| visit(&f.ty));
            if let Some(additional) = &s.additional {
                visit(additional);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| visit(&v.ty)),
        TypeKind::Alias(target) => visit(target),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
    }
    out
}

/// The types as a graph: for each type (by its index), the types its fields, containers, union
/// variants and aliases name. Built once, so that each walk over it only follows edges.
struct TypeGraph<'a> {
    index: BTreeMap<&'a str, usize>,
    edges: Vec<Vec<usize>>,
}

impl<'a> TypeGraph<'a> {
    fn new(types: &'a [TypeDef]) -> TypeGraph<'a> {
        let index: BTreeMap<&str, usize> = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), i))
            .collect();
        let edges = types
            .iter()
            .map(|t| {
                edges(t, true)
                    .iter()
                    .filter_map(|name| index.get(name.as_str()).copied())
                    .collect()
            })
            .collect();
        TypeGraph { index, edges }
    }

    /// Indices of the types reachable from `roots` (names; ones naming no type are ignored),
    /// in ascending order.
    fn reachable<S: AsRef<str>>(&self, roots: &[S]) -> Vec<usize> {
        let mut seen = vec![false; self.edges.len()];
        let mut pending: Vec<usize> = roots
            .iter()
            .filter_map(|name| self.index.get(name.as_ref()).copied())
            .collect();
        let mut found = Vec::new();
        while let Some(i) = pending.pop() {
            if !std::mem::replace(&mut seen[i], true) {
                found.push(i);
                pending.extend(&self.edges[i]);
            }
        }
        found.sort_unstable();
        found
    }
}

/// Every type reachable from what operations send, and from what they receive (webhook
/// payloads among it: a receiver decodes them).
fn mark_usage(types: &mut [TypeDef], operations: &[Operation], webhooks: &[Webhook]) {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for op in operations {
        operation_roots(op, &mut sent, &mut received);
    }
    for payload in webhooks.iter().filter_map(|w| w.payload.as_ref()) {
        named_in(payload, &mut received);
    }
    let graph = TypeGraph::new(types);
    let (sent, received) = (graph.reachable(&sent), graph.reachable(&received));
    for i in sent {
        types[i].usage.sent = true;
    }
    for i in received {
        types[i].usage.received = true;
    }
    // Types no operation reaches (a webhook payload, say) go either way, with all they contain.
    let unreached: Vec<&str> = types
        .iter()
        .filter(|t| t.usage == Usage::default())
        .map(|t| t.name.as_str())
        .collect();
    let standalone = TypeGraph::new(types).reachable(&unreached);
    for i in standalone {
        types[i].usage.standalone = true;
    }
}

/// `readOnly` only matters where a type is sent: elsewhere its fields serialise like any other.
fn keep_read_only_where_sent(types: &mut [TypeDef]) {
    for def in types.iter_mut() {
        let sent = def.usage.sent;
        if let TypeKind::Struct(s) = &mut def.kind {
            s.fields.iter_mut().for_each(|f| f.read_only &= sent);
        }
    }
}

/// A field whose type stores its owner inline (directly or through other inline fields) would
/// make an infinitely large type: box it.
fn box_recursive_fields(types: &mut [TypeDef]) {
    let inline: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|t| (t.name.clone(), edges(t, false)))
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if seen.insert(current.clone()) {
                stack.extend(inline.get(&current).into_iter().flatten().cloned());
            }
        }
        false
    };
    for def in types.iter_mut() {
        let owner = def.name.clone();
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                let mut inline = Vec::new();
                inline_in(&field.ty, &mut inline);
                field.boxed = inline.iter().any(|target| reaches(target, &owner));
            }
        }
    }
}

/// Which structs implement `Default`, and which can be decoded field by field from a blank
/// value (every field's type implements `Default`, which `object!`'s decoding starts from).
///
/// A struct implements `Default` only where every required field has a default the spec
/// gives and that is a value of its type ([`Field::default`]; others are dropped): a required
/// string left at `""` would be sent as if the caller had chosen it. Optional fields start
/// absent, which already asks for the API's default.
fn derive_defaults(types: &mut [TypeDef]) -> BTreeSet<String> {
    let fitted: Vec<Vec<Option<Literal>>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| f.default.as_ref().and_then(|value| fit(value, f, types)))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (def, fitted) in types.iter_mut().zip(fitted) {
        if let TypeKind::Struct(s) = &mut def.kind {
            for (field, default) in s.fields.iter_mut().zip(fitted) {
                field.default = default;
            }
            s.derive_default = s
                .fields
                .iter()
                .all(|f| !is_required(f) || f.default.is_some());
            let given: Vec<String> = s
                .fields
                .iter()
                .filter(|f| is_required(f) && f.default.is_none())
                .map(|f| f.name.clone())
                .collect();
            // A constructor is for values the caller sends; a received one is read.
            s.constructor = if def.usage.needs_serialize() && given.len() <= MAX_CONSTRUCTOR_ARGS {
                given
            } else {
                Vec::new()
            };
        }
    }
    let implements: BTreeSet<String> = types
        .iter()
        .filter(|t| matches!(&t.kind, TypeKind::Struct(s) if s.derive_default))
        .map(|t| t.name.clone())
        .collect();
    // Aliases implement `Default` where their targets do: to a fixed point, for aliases of
    // aliases.
    let mut implements = implements;
    loop {
        let more: Vec<String> = types
            .iter()
            .filter(|t| !implements.contains(&t.name))
            .filter(|t| match &t.kind {
                TypeKind::Alias(target) => target.has_default(&|n| implements.contains(n)),
                _ => false,
            })
            .map(|t| t.name.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        implements.extend(more);
    }
    types
        .iter()
        .filter(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().all(|f| {
                f.presence != Presence::Required || f.ty.has_default(&|n| implements.contains(n))
            }),
            _ => false,
        })
        .map(|t| t.name.clone())
        .collect()
}

/// The most arguments a constructor takes: clippy's `too_many_arguments` limit. A struct with
/// more required fields is written as a struct expression.
const MAX_CONSTRUCTOR_ARGS: usize = 7;

/// Whether the object must hold the field: then its absence is not representable.
fn is_required(field: &Field) -> bool {
    matches!(
        field.presence,
        Presence::Required | Presence::RequiredNullable
    )
}

/// The spec's default of `field` as a value of its type, if it is one: a number of its range,
/// a string, an enum's variant, `null` for a nullable field, an empty array or map.
fn fit(value: &Literal, field: &Field, types: &[TypeDef]) -> Option<Literal> {
    let nullable = matches!(
        field.presence,
        Presence::RequiredNullable | Presence::OptionalNullable
    );
    if field.boxed {
        return None;
    }
    let mut ty = &field.ty;
    // Through aliases; alias chains are finite (lowering refuses a cycle of bare references),
    // and bounded here by the number of types.
    for _ in 0..=types.len() {
        let kind = match ty {
            TypeRef::Named(name) => types.iter().find(|t| &t.name == name).map(|t| &t.kind),
            _ => None,
        };
        return match (value, ty, kind) {
            (Literal::Null, ..) => nullable.then_some(Literal::Null),
            (_, TypeRef::Named(_), Some(TypeKind::Alias(target))) => {
                ty = target;
                continue;
            }
            (Literal::Bool(_), TypeRef::Bool, _)
            | (Literal::String(_), TypeRef::String, _)
            | (Literal::Int(_), TypeRef::I64, _)
            | (Literal::Float(_), TypeRef::F32 | TypeRef::F64, _)
            | (Literal::Empty, TypeRef::Vec(_) | TypeRef::Map(_), _) => Some(value.clone()),
            (Literal::Int(n), TypeRef::I32, _) => {
                i32::try_from(*n).is_ok().then_some(Literal::Int(*n))
            }
            (Literal::Int(n), TypeRef::F32 | TypeRef::F64, _) => {
                Some(Literal::Float(format!("{n}.0")))
            }
            (Literal::String(wire), TypeRef::Named(_), Some(TypeKind::Enum(e))) => e
                .variants
                .iter()
                .find(|v| &v.wire_name == wire)
                .map(|v| Literal::Variant(v.name.clone())),
            (Literal::Int(n), TypeRef::Named(_), Some(TypeKind::IntEnum(e))) => e
                .variants
                .iter()
                .find(|v| v.value == *n)
                .map(|v| Literal::Variant(v.name.clone())),
            _ => None,
        };
    }
    None
}

/// How each struct's serde implementations are written: by hand over the runtime's `Object`
/// where it can start from a blank value (`blank`: every field's type has a default) and has
/// no `additionalProperties`, none for a multipart body, serde's derives otherwise.
fn choose_serde(types: &mut [TypeDef], blank: &BTreeSet<String>) {
    for def in types {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.serde = if s.multipart {
                StructSerde::None
            } else if blank.contains(&def.name) && s.additional.is_none() {
                StructSerde::Fields
            } else {
                StructSerde::Derive
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::sample::{self, body, field, named, operation, strukt};

    fn analyzed(types: Vec<TypeDef>) -> Vec<TypeDef> {
        analyzed_with(types, vec![])
    }

    fn analyzed_with(types: Vec<TypeDef>, operations: Vec<Operation>) -> Vec<TypeDef> {
        let mut api = sample::api(types, operations);
        analyze(&mut api);
        api.types
    }

    #[test]
    fn the_default_error_is_the_one_most_operations_share_not_the_first() {
        let with_error = |id: &str, error: ErrorBody| {
            let mut op = operation(id, Method::Get, &format!("/{id}"));
            op.error = ErrorShape::Single(error);
            op
        };
        let problem = ErrorBody::Json(named("Problem"));
        let types = vec![strukt("Legacy", vec![]), strukt("Problem", vec![])];
        let mut api = sample::api(
            types,
            vec![
                with_error("a", ErrorBody::Json(named("Legacy"))),
                with_error("b", problem.clone()),
                with_error("c", ErrorBody::Text),
                with_error("d", problem.clone()),
            ],
        );
        analyze(&mut api);
        assert_eq!(api.default_error, Some(problem));
    }

    #[test]
    fn an_error_body_no_two_operations_share_is_no_default() {
        // rev.ai: one operation with a single error body, the others with per-status enums.
        let mut single = operation("get_account", Method::Get, "/account");
        single.error = ErrorShape::Single(ErrorBody::Json(named("GetAccountError401")));
        let by_status = |id: &str| {
            let mut op = operation(id, Method::Get, &format!("/{id}"));
            op.error = ErrorShape::ByStatus {
                name: format!("{id}Error"),
                cases: vec![],
            };
            op
        };
        let types = vec![strukt("GetAccountError401", vec![])];
        let mut api = sample::api(
            types.clone(),
            vec![single.clone(), by_status("get_job"), by_status("list_jobs")],
        );
        analyze(&mut api);
        assert_eq!(api.default_error, None);
        // The only operation's body is the default.
        let mut api = sample::api(types, vec![single]);
        analyze(&mut api);
        assert_eq!(
            api.default_error,
            Some(ErrorBody::Json(named("GetAccountError401")))
        );
    }

    #[test]
    fn usage_follows_bodies_responses_and_types_no_operation_reaches() {
        let mut etag = field("etag", TypeRef::String, true);
        etag.read_only = true;
        let types = vec![
            strukt(
                "Request",
                vec![etag.clone(), field("inner", named("Inner"), true)],
            ),
            strukt(
                "Reply",
                vec![etag.clone(), field("inner", named("Inner"), true)],
            ),
            strukt("Hook", vec![etag, field("reply", named("Reply"), true)]),
            strukt("Inner", vec![]),
        ];
        let mut op = operation("put_thing", Method::Put, "/things");
        op.body = Some(body(
            "application/json",
            BodyEncoding::Json(named("Request")),
            true,
        ));
        op.response = Response::Json {
            ty: named("Reply"),
            envelope: None,
        };
        let types = analyzed_with(types, vec![op]);
        let usage = |name: &str| {
            let def = types.iter().find(|t| t.name == name).unwrap();
            let read_only = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().any(|f| f.read_only),
                _ => false,
            };
            let u = def.usage;
            (u.sent, u.received, u.standalone, read_only)
        };
        // Sent: serialised for the server, so read-only fields stay marked (and are skipped).
        assert_eq!(usage("Request"), (true, false, false, true));
        // Received, and reachable from the standalone `Hook`: it derives both, but a type that is
        // never sent keeps its read-only fields.
        assert_eq!(usage("Reply"), (false, true, true, false));
        assert_eq!(usage("Hook"), (false, false, true, false));
        assert_eq!(usage("Inner"), (true, true, true, false));
        let derives = |name: &str| {
            let u = types.iter().find(|t| t.name == name).unwrap().usage;
            (u.needs_serialize(), u.needs_deserialize())
        };
        assert_eq!(derives("Request"), (true, false));
        assert_eq!(derives("Reply"), (true, true));
    }

    #[test]
    fn recursion_is_boxed_only_where_inline() {
        let types = vec![
            strukt(
                "Node",
                vec![
                    field("parent", named("Node"), true),
                    field("children", TypeRef::Vec(Box::new(named("Node"))), true),
                ],
            ),
            strukt("A", vec![field("b", named("B"), true)]),
            strukt("B", vec![field("a", named("A"), true)]),
        ];
        let types = analyzed(types);
        let boxed = |t: &TypeDef| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.boxed).collect::<Vec<_>>(),
            _ => vec![],
        };
        assert_eq!(
            types.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["A", "B", "Node"]
        );
        assert_eq!(boxed(&types[0]), [true]);
        assert_eq!(boxed(&types[1]), [true]);
        assert_eq!(boxed(&types[2]), [true, false]);
    }

    #[test]
    fn default_needs_every_required_field_to_have_one_the_spec_gives() {
        let with_default = |name: &str, ty: TypeRef, default: Literal| Field {
            default: Some(default),
            ..field(name, ty, false)
        };
        let types = vec![
            // A required string with no default: `""` is no value the caller chose.
            strukt("Plain", vec![field("name", TypeRef::String, false)]),
            strukt("Dated", vec![field("at", TypeRef::DateTime, false)]),
            // Optional fields only: absence is representable.
            strukt("Holder", vec![field("plain", named("Plain"), true)]),
            strukt(
                "Given",
                vec![
                    with_default("size", TypeRef::I32, Literal::Int(20)),
                    with_default("ratio", TypeRef::F64, Literal::Int(2)),
                ],
            ),
            // A default that is no value of the type is dropped.
            strukt(
                "Wrong",
                vec![with_default("size", TypeRef::I32, Literal::Int(1 << 40))],
            ),
            strukt("Nested", vec![field("holder", named("Holder"), false)]),
        ];
        let types = analyzed(types);
        let facts = |name: &str| {
            let def = types.iter().find(|t| t.name == name).unwrap();
            let TypeKind::Struct(s) = &def.kind else {
                unreachable!()
            };
            let defaults: Vec<_> = s.fields.iter().map(|f| f.default.clone()).collect();
            (s.derive_default, s.serde, defaults)
        };
        use StructSerde::{Derive, Fields};
        assert_eq!(facts("Plain"), (false, Fields, vec![None]));
        assert_eq!(facts("Dated"), (false, Derive, vec![None]));
        assert_eq!(facts("Holder"), (true, Fields, vec![None]));
        let given = vec![Some(Literal::Int(20)), Some(Literal::Float("2.0".into()))];
        assert_eq!(facts("Given"), (true, Fields, given));
        assert_eq!(facts("Wrong"), (false, Fields, vec![None]));
        // A required struct field is no exception, though its type has a `Default`.
        assert_eq!(facts("Nested"), (false, Fields, vec![None]));
    }

    #[test]
    fn a_default_names_the_enum_variant_of_its_value() {
        let kind = sample::def(
            "Kind",
            TypeKind::Enum(StringEnum {
                variants: vec![Variant {
                    name: "Webinar".into(),
                    wire_name: "webinar".into(),
                }],
            }),
        );
        let with_default = |name: &str, default: &str| Field {
            default: Some(Literal::String(default.into())),
            ..field(name, named("Kind"), false)
        };
        let types = analyzed(vec![
            kind,
            strukt("Known", vec![with_default("kind", "webinar")]),
            strukt("Unknown", vec![with_default("kind", "meetup")]),
        ]);
        let first_default = |name: &str| match &types.iter().find(|t| t.name == name).unwrap().kind
        {
            TypeKind::Struct(s) => (s.derive_default, s.fields[0].default.clone()),
            _ => unreachable!(),
        };
        assert_eq!(
            first_default("Known"),
            (true, Some(Literal::Variant("Webinar".into())))
        );
        assert_eq!(first_default("Unknown"), (false, None));
    }
}

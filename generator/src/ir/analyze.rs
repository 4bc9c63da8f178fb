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
    mark_usage(types, &api.operations);
    keep_read_only_where_sent(types);
    box_recursive_fields(types);
    derive_defaults(types);
    choose_serde(types);
    api.default_error = most_common_error(&api.operations);
    api.shadowed_prelude = api
        .types
        .iter()
        .filter(|t| naming::PRELUDE_NAMES.contains(&t.name.as_str()))
        .map(|t| t.name.clone())
        .collect();
    api.modules = modules(&api.operations);
    gates::gate(api);
    api.reexports = reexports::reexports(api);
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

/// The single error body used by the most operations (ties go to the first in order): the
/// default of the crate's `Result` alias.
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
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(ty, _)| ty.clone())
}

fn named_in(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) => out.push(name.clone()),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => named_in(inner, out),
        _ => {}
    }
}

/// Named types a type refers to: all of them (`through_containers`) or only those stored inline.
fn edges(def: &TypeDef, through_containers: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut visit = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => out.push(name.clone()),
        other if through_containers => named_in(other, &mut out),
        _ => {}
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

/// Every type reachable from what operations send, and from what they receive.
fn mark_usage(types: &mut [TypeDef], operations: &[Operation]) {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for op in operations {
        operation_roots(op, &mut sent, &mut received);
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
                if let TypeRef::Named(target) = &field.ty {
                    field.boxed = reaches(target, &owner);
                }
            }
        }
    }
}

fn derive_defaults(types: &mut [TypeDef]) {
    let mut has_default: BTreeSet<String> = BTreeSet::new();
    loop {
        let mut changed = false;
        for def in types.iter() {
            if has_default.contains(&def.name) {
                continue;
            }
            let ok = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().all(|f| {
                    f.presence != Presence::Required
                        || f.ty.has_default(&|n| has_default.contains(n))
                }),
                TypeKind::Alias(target) => target.has_default(&|n| has_default.contains(n)),
                TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Union(_) => false,
            };
            if ok {
                has_default.insert(def.name.clone());
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for def in types.iter_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.derive_default = has_default.contains(&def.name);
        }
    }
}

/// How each struct's serde implementations are written: by hand over the runtime's `Object`
/// where it starts from its default and has no `additionalProperties`, none for a multipart
/// body, serde's derives otherwise.
fn choose_serde(types: &mut [TypeDef]) {
    for def in types {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.serde = if s.multipart {
                StructSerde::None
            } else if s.derive_default && s.additional.is_none() {
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
    fn default_needs_every_required_field_to_have_one() {
        let types = vec![
            strukt("Plain", vec![field("name", TypeRef::String, false)]),
            strukt("Dated", vec![field("at", TypeRef::DateTime, false)]),
            strukt("Holder", vec![field("plain", named("Plain"), false)]),
        ];
        let types = analyzed(types);
        let defaults: Vec<bool> = types
            .iter()
            .map(|t| matches!(&t.kind, TypeKind::Struct(s) if s.derive_default))
            .collect();
        assert_eq!(defaults, [false, true, true]);
    }
}

//! The crates outside the generated one that its public API names, which the crate root
//! re-exports so that a user names the same versions without adding them as dependencies of
//! their own: those the runtime's public items name in every crate, and those the models and
//! operations of this API name.

use std::collections::{BTreeMap, BTreeSet};

use super::super::model::*;

/// The crates the runtime's public items name in every generated crate, and which of their items.
const RUNTIME: &[(&str, &[&str])] = &[
    ("bytes", &["Bytes"]),
    ("futures", &["Stream", "future::BoxFuture"]),
    ("http", &["HeaderMap", "Method", "StatusCode"]),
    ("reqwest", &["Client", "Error"]),
    ("serde", &["Deserialize", "Serialize"]),
    ("serde_json", &["Error"]),
];

/// Every crate the public API names, sorted by name, each with the items it names (sorted).
pub(super) fn reexports(api: &Api) -> Vec<Reexport> {
    let mut crates: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, items) in RUNTIME {
        crates
            .entry((*name).to_owned())
            .or_default()
            .extend(items.iter().map(|item| (*item).to_owned()));
    }
    let mut named = |ty: &TypeRef| {
        if let Some((name, item)) = external(ty) {
            crates
                .entry(name.to_owned())
                .or_default()
                .insert(item.to_owned());
        }
    };
    for def in &api.types {
        match &def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| walk(&f.ty, &mut named));
                if let Some(additional) = &s.additional {
                    walk(additional, &mut named);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| walk(&v.ty, &mut named)),
            TypeKind::Alias(target) => walk(target, &mut named),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
        }
    }
    for op in &api.operations {
        operation_types(op, &mut |ty| walk(ty, &mut named));
    }
    for payload in api.webhooks.items.iter().filter_map(|w| w.payload.as_ref()) {
        walk(payload, &mut named);
    }
    crates
        .into_iter()
        .map(|(name, items)| Reexport {
            name,
            items: items.into_iter().collect(),
        })
        .collect()
}

/// Calls `visit` with every type an operation's signatures spell out: parameters, bodies,
/// success and error bodies, page items.
fn operation_types(op: &Operation, visit: &mut dyn FnMut(&TypeRef)) {
    op.params.iter().for_each(|p| visit(&p.ty));
    op.body
        .iter()
        .flat_map(|b| b.contents())
        .filter_map(BodyContent::model)
        .for_each(&mut *visit);
    match &op.response {
        Response::Empty | Response::Media { .. } => {}
        Response::Json { ty, .. } => visit(ty),
        Response::Stream(stream) => visit(&stream.item),
        Response::ByStatus { cases, .. } => cases
            .iter()
            .filter_map(|c| c.body.as_ref())
            .for_each(|body| visit(&body.ty)),
        Response::ByMediaType { cases, .. } => cases.iter().for_each(|case| {
            if let MediaBody::Json(body) = &case.body {
                visit(&body.ty);
            }
        }),
    }
    let mut error = |body: &ErrorBody| {
        if let Some(ty) = body.json() {
            visit(ty);
        }
    };
    match &op.error {
        ErrorShape::Single(body) => error(body),
        ErrorShape::ByStatus { cases, .. } => cases.iter().for_each(|case| error(&case.body)),
    }
    if let Some(pagination) = &op.pagination {
        visit(&pagination.item);
    }
}

/// `ty` and the types it holds (array items, map values, tuple items).
fn walk(ty: &TypeRef, visit: &mut dyn FnMut(&TypeRef)) {
    visit(ty);
    match ty {
        TypeRef::Vec(inner) | TypeRef::Map(inner) => walk(inner, visit),
        TypeRef::Tuple(items) => items.iter().for_each(|item| walk(item, visit)),
        _ => {}
    }
}

/// The crate and item a type is, when it is another crate's (as emission spells it). A
/// configured type of the standard library names no crate to re-export.
fn external(ty: &TypeRef) -> Option<(&str, &str)> {
    match ty {
        TypeRef::External { path, .. } => path
            .split_once("::")
            .filter(|(krate, _)| !matches!(*krate, "std" | "core" | "alloc"))
            .map(|(krate, item)| (krate.trim(), item.trim())),
        TypeRef::Date => Some(("chrono", "NaiveDate")),
        TypeRef::DateTime => Some(("chrono", "DateTime<Utc>")),
        TypeRef::Uri => Some(("url", "Url")),
        TypeRef::Json => Some(("serde_json", "Value")),
        TypeRef::Named(_)
        | TypeRef::String
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Binary
        | TypeRef::Vec(_)
        | TypeRef::Map(_)
        | TypeRef::Tuple(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::reexports;
    use crate::ir::model::*;
    use crate::ir::sample;

    fn names(api: &Api) -> Vec<(String, Vec<String>)> {
        reexports(api)
            .into_iter()
            .map(|r| (r.name, r.items))
            .collect()
    }

    #[test]
    fn the_runtime_crates_are_always_named() {
        let api = sample::api(vec![], vec![]);
        let crates: Vec<String> = names(&api).into_iter().map(|(name, _)| name).collect();
        assert_eq!(
            crates,
            ["bytes", "futures", "http", "reqwest", "serde", "serde_json"]
        );
    }

    #[test]
    fn dates_urls_and_json_are_named_where_a_field_or_parameter_holds_them() {
        let event = sample::strukt(
            "Event",
            vec![
                sample::field("at", TypeRef::DateTime, false),
                sample::field(
                    "days",
                    TypeRef::Map(Box::new(TypeRef::Vec(Box::new(TypeRef::Date)))),
                    true,
                ),
                sample::field("extra", TypeRef::Json, true),
            ],
        );
        let mut op = sample::operation("getLink", Method::Get, "/links");
        op.params
            .push(sample::param("target", ParamLocation::Query, TypeRef::Uri));
        let api = sample::api(vec![event], vec![op]);
        let crates = names(&api);
        let find = |name: &str| {
            crates
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, i)| i.clone())
        };
        assert_eq!(
            find("chrono"),
            Some(vec!["DateTime<Utc>".to_owned(), "NaiveDate".to_owned()])
        );
        assert_eq!(find("url"), Some(vec!["Url".to_owned()]));
        assert_eq!(
            find("serde_json"),
            Some(vec!["Error".to_owned(), "Value".to_owned()])
        );
    }

    #[test]
    fn configured_types_name_their_crate_unless_it_is_the_standard_library() {
        let external = |path: &str| TypeRef::External {
            path: path.to_owned(),
            scalar: true,
        };
        let order = sample::strukt(
            "Order",
            vec![
                sample::field("id", external("uuid::Uuid"), false),
                sample::field("at", external("std::time::SystemTime"), true),
                sample::field(
                    "meta",
                    TypeRef::Vec(Box::new(external(
                        "serde_json::Map<String, serde_json::Value>",
                    ))),
                    true,
                ),
            ],
        );
        let api = sample::api(vec![order], vec![]);
        let crates = names(&api);
        let find = |name: &str| crates.iter().find(|(n, _)| n == name).map(|(_, i)| i);
        assert_eq!(find("uuid"), Some(&vec!["Uuid".to_owned()]));
        assert!(
            find("serde_json")
                .unwrap()
                .contains(&"Map<String, serde_json::Value>".to_owned())
        );
        assert!(find("std").is_none());
    }

    #[test]
    fn crates_no_signature_names_are_left_out() {
        let plain = sample::strukt("Plain", vec![sample::field("name", TypeRef::String, false)]);
        let api = sample::api(vec![plain], vec![]);
        let crates = names(&api);
        assert!(
            crates
                .iter()
                .all(|(name, _)| name != "chrono" && name != "url")
        );
    }
}

//! Cargo features: one per operations module, and for every item the features that compile it.
//!
//! A user's build pays for what it compiles, so each module's operations, and every model they
//! reach (through bodies, parameters, responses, error bodies and pages), are compiled only when
//! a feature that needs them is on. A type no operation reaches (a webhook payload, an `allOf`
//! base) is compiled when everything it holds is, and always if it holds nothing gated: were it
//! always compiled, all it holds would be too, in every build.

use std::collections::{BTreeMap, BTreeSet};

use super::{TypeGraph, named_in, operation_roots};
use crate::ir::model::*;
use crate::ir::{docs, naming};

/// Names the features, and gates the modules and their operations, the types, the page impls,
/// the `Result` alias and the enum macros. Needs the sorted operations, their modules (in the
/// same order) and the default error.
pub(super) fn gate(api: &mut Api) {
    // The modules are runs of the sorted operations.
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for ops in api.operations.chunk_by(|a, b| a.module == b.module) {
        let start = runs.last().map_or(0, |run| run.end);
        runs.push(start..start + ops.len());
    }
    let names = naming::features(api.modules.iter().map(|m| m.name.as_str()));
    let modules = runs
        .iter()
        .map(|run| &api.operations[run.clone()])
        .zip(&names);
    let (gates, reach_files) = type_gates(&api.types, modules);
    api.features = api
        .modules
        .iter()
        .zip(&names)
        .zip(&runs)
        .map(|((module, name), run)| Feature {
            name: name.clone(),
            module: module.name.clone(),
            description: docs::feature(&module.tag, &module.name, run.len()),
            runtime: runtime_features(&api.operations[run.clone()], reach_files.contains(name)),
        })
        .collect();
    for ((module, name), run) in api.modules.iter_mut().zip(&names).zip(&runs) {
        module.gate = Gate::Features(vec![vec![name.clone()]]);
        for op in &mut api.operations[run.clone()] {
            op.gate = module.gate.clone();
        }
    }

    for (def, gate) in api.types.iter_mut().zip(gates) {
        def.gate = gate;
    }
    // The webhooks module is compiled when every payload type it names is.
    let mut payloads = Vec::new();
    for payload in api.webhooks.items.iter().filter_map(|w| w.payload.as_ref()) {
        named_in(payload, &mut payloads);
    }
    api.webhooks.uses_models = !payloads.is_empty();
    api.webhooks.gate = all(api
        .types
        .iter()
        .filter(|t| payloads.contains(&t.name))
        .flat_map(|t| match &t.gate {
            Gate::Always => Vec::new(),
            Gate::Features(lists) => lists.clone(),
        })
        .collect());

    // A page type has one `Page` impl: an operation that reads the same type's items or next
    // page from other fields than the first operation paging with it does not page.
    let mut pagers: BTreeMap<String, (Gate, Pagination)> = BTreeMap::new();
    let mut page_types = Vec::new();
    for op in &mut api.operations {
        let Some(pagination) = &op.pagination else {
            continue;
        };
        let Some(page) = pagination.page_type.clone() else {
            continue;
        };
        match pagers.get_mut(&page) {
            Some((_, first))
                if (&first.items, &first.next) != (&pagination.items, &pagination.next) =>
            {
                op.pagination = None;
            }
            Some((gate, _)) => *gate = or(gate, &op.gate),
            None => {
                page_types.push(page.clone());
                pagers.insert(page, (op.gate.clone(), pagination.clone()));
            }
        }
    }
    for op in &mut api.operations {
        if let Some(pagination) = &mut op.pagination {
            pagination.gate = match &pagination.page_type {
                Some(page) => pagers[page].0.clone(),
                None => op.gate.clone(),
            };
        }
    }
    api.pages = page_types
        .iter()
        .map(|page| {
            let (gate, pagination) = &pagers[page];
            Pagination {
                gate: gate.clone(),
                ..pagination.clone()
            }
        })
        .collect();

    let mut error_types = Vec::new();
    if let Some(error) = api.default_error.as_ref().and_then(ErrorBody::json) {
        named_in(error, &mut error_types);
    }
    api.result_gate = error_types
        .first()
        .and_then(|name| api.types.iter().find(|t| &t.name == name))
        .map(|t| t.gate.clone())
        .unwrap_or_default();
    let gate_of = |uses: fn(&TypeKind) -> bool| {
        api.types
            .iter()
            .filter(|t| uses(&t.kind))
            .map(|t| t.gate.clone())
            .reduce(|a, b| or(&a, &b))
    };
    let string_enums = gate_of(|kind| matches!(kind, TypeKind::Enum(_)));
    let int_enums = gate_of(|kind| matches!(kind, TypeKind::IntEnum(_)));
    let objects =
        gate_of(|kind| matches!(kind, TypeKind::Struct(s) if s.serde == StructSerde::Fields));
    let macros = [&string_enums, &int_enums, &objects]
        .into_iter()
        .flatten()
        .cloned()
        .reduce(|a, b| or(&a, &b));
    // Inside the macros module, a macro needs no gate of its own where the module's is its.
    let within = |gate: Option<Gate>| {
        gate.map(|g| {
            if Some(&g) == macros.as_ref() {
                Gate::Always
            } else {
                g
            }
        })
    };
    api.uses = Uses {
        string_enums: within(string_enums),
        int_enums: within(int_enums),
        objects: within(objects),
        macros,
    };
}

/// The runtime features a module's operations need: `runtime-media` for a request body or a
/// response that is not `application/json` JSON, or a model holding a file (`reaches_files`),
/// `runtime-streams` for a response read as a stream of events or lines (which enables
/// `runtime-media` itself), and `runtime-styles` for a parameter serialised in one of OpenAPI's
/// styles ([`Style::Styled`]). Sorted.
fn runtime_features(ops: &[Operation], reaches_files: bool) -> Vec<String> {
    let plain_json = |content: &BodyContent| {
        matches!(content.encoding, BodyEncoding::Json(_))
            && content.content_type == "application/json"
    };
    let media = reaches_files
        || ops.iter().any(|op| {
            matches!(
                op.response,
                Response::Media { .. } | Response::ByMediaType { .. }
            ) || op
                .body
                .iter()
                .flat_map(Body::contents)
                .any(|content| !plain_json(content))
        });
    let streams = ops
        .iter()
        .any(|op| matches!(op.response, Response::Stream(_)));
    let styles = ops.iter().any(|op| {
        op.params
            .iter()
            .any(|p| matches!(p.style, Style::Styled { .. }))
    });
    [
        (media, naming::RUNTIME_MEDIA_FEATURE),
        (streams, naming::RUNTIME_STREAMS_FEATURE),
        (styles, naming::RUNTIME_STYLES_FEATURE),
    ]
    .into_iter()
    .filter(|(needed, _)| *needed)
    .map(|(_, name)| name.to_owned())
    .collect()
}

/// Whether a type holds a file ([`TypeRef::is_file`]): a multipart body's struct.
fn holds_file(def: &TypeDef) -> bool {
    matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.ty.is_file()))
}

/// The gate of each type, given each module's operations and feature: the features whose
/// operations reach it; for a type no operation reaches, the feature list of every reached type
/// it holds (through any depth). And the features that reach a type holding a file.
fn type_gates<'a>(
    types: &[TypeDef],
    modules: impl Iterator<Item = (&'a [Operation], &'a String)>,
) -> (Vec<Gate>, BTreeSet<String>) {
    let graph = TypeGraph::new(types);
    let mut reached: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); types.len()];
    for (ops, feature) in modules {
        let (mut roots, mut received) = (Vec::new(), Vec::new());
        for op in ops {
            operation_roots(op, &mut roots, &mut received);
        }
        roots.append(&mut received);
        for i in graph.reachable(&roots) {
            reached[i].insert(feature);
        }
    }
    let list = |features: &BTreeSet<&str>| features.iter().map(|f| (*f).to_owned()).collect();
    let reach_files = (0..types.len())
        .filter(|&i| holds_file(&types[i]))
        .flat_map(|i| reached[i].iter().map(|f| (*f).to_owned()))
        .collect();
    let gates = (0..types.len())
        .map(|i| {
            if !reached[i].is_empty() {
                return Gate::Features(vec![list(&reached[i])]);
            }
            let held = graph.reachable(&[types[i].name.as_str()]);
            all(held
                .into_iter()
                .filter(|&j| !reached[j].is_empty())
                .map(|j| list(&reached[j]))
                .collect())
        })
        .collect();
    (gates, reach_files)
}

/// The gate requiring one feature of each list: the lists sorted and deduplicated, and every
/// list dropped that holds another (which it is then implied by); no list at all is
/// [`Gate::Always`].
fn all(lists: Vec<Vec<String>>) -> Gate {
    let lists: BTreeSet<Vec<String>> = lists.into_iter().collect();
    let subset = |a: &Vec<String>, b: &Vec<String>| a.iter().all(|f| b.contains(f));
    let kept: Vec<Vec<String>> = lists
        .iter()
        .filter(|list| {
            !lists
                .iter()
                .any(|other| other != *list && subset(other, list))
        })
        .cloned()
        .collect();
    if kept.is_empty() {
        Gate::Always
    } else {
        Gate::Features(kept)
    }
}

/// The gate of an item needed wherever `a` or `b` is on: each list of one joined with each of
/// the other.
fn or(a: &Gate, b: &Gate) -> Gate {
    match (a, b) {
        (Gate::Always, _) | (_, Gate::Always) => Gate::Always,
        (Gate::Features(a), Gate::Features(b)) => all(a
            .iter()
            .flat_map(|x| {
                b.iter().map(move |y| {
                    let joined: BTreeSet<&String> = x.iter().chain(y).collect();
                    joined.into_iter().cloned().collect()
                })
            })
            .collect()),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::model::*;
    use crate::ir::sample::{self, def, field, named, operation, strukt};

    fn string_enum(name: &str) -> TypeDef {
        def(name, TypeKind::Enum(StringEnum { variants: vec![] }))
    }

    fn in_module(mut op: Operation, module: &str) -> Operation {
        op.module = module.into();
        op.tag = module.to_uppercase();
        op
    }

    /// Compiled when any of these features is on.
    fn features(names: &[&str]) -> Gate {
        all_of(&[names])
    }

    /// Compiled when, for each list, one of its features is on.
    fn all_of(lists: &[&[&str]]) -> Gate {
        Gate::Features(
            lists
                .iter()
                .map(|names| names.iter().map(|n| (*n).to_owned()).collect())
                .collect(),
        )
    }

    #[test]
    fn each_item_is_compiled_by_the_features_that_reach_it() {
        let types = vec![
            strukt("Task", vec![field("owner", named("User"), true)]),
            strukt("Project", vec![field("owner", named("User"), true)]),
            strukt("User", vec![field("role", named("Role"), true)]),
            string_enum("Role"),
            strukt("TaskPage", vec![field("data", named("Task"), true)]),
            strukt("Error", vec![]),
            strukt("Event", vec![field("user", named("User"), true)]),
            strukt(
                "TaskBase",
                vec![
                    field("owner", named("User"), true),
                    field("page", named("TaskPage"), true),
                    field("error", named("Error"), true),
                ],
            ),
            strukt("Note", vec![field("text", TypeRef::String, true)]),
        ];
        let mut list_tasks = in_module(operation("list_tasks", Method::Get, "/tasks"), "tasks");
        list_tasks.response = Response::Json {
            ty: named("TaskPage"),
            envelope: None,
        };
        list_tasks.error = ErrorShape::Single(ErrorBody::Json(named("Error")));
        list_tasks.pagination = Some(sample::offset_token_pages(
            "TaskPage",
            named("Task"),
            (Presence::Optional, Presence::Optional, Presence::Optional),
        ));
        let mut put_project = in_module(
            operation("put_project", Method::Put, "/projects"),
            "projects",
        );
        put_project.body = Some(sample::body(
            "application/json",
            BodyEncoding::Json(TypeRef::Vec(Box::new(named("Project")))),
            true,
        ));
        put_project.error = ErrorShape::Single(ErrorBody::Json(named("Error")));
        let default = in_module(operation("ping", Method::Get, "/ping"), "default");
        let mut api = sample::api(types, vec![put_project, list_tasks, default]);
        crate::ir::analyze(&mut api);

        let gate = |name: &str| {
            api.types
                .iter()
                .find(|t| t.name == name)
                .unwrap()
                .gate
                .clone()
        };
        assert_eq!(gate("Task"), features(&["tasks"]));
        assert_eq!(gate("TaskPage"), features(&["tasks"]));
        assert_eq!(gate("Project"), features(&["projects"]));
        assert_eq!(gate("Error"), features(&["projects", "tasks"]));
        assert_eq!(gate("User"), features(&["projects", "tasks"]));
        assert_eq!(gate("Role"), features(&["projects", "tasks"]));
        // No operation reaches these: each is compiled when what it holds is.
        assert_eq!(gate("Event"), features(&["projects", "tasks"]));
        assert_eq!(gate("Note"), Gate::Always);
        // `User` or `Error` is compiled with `tasks` and `projects`, `TaskPage` only with `tasks`.
        assert_eq!(gate("TaskBase"), features(&["tasks"]));

        let names: Vec<(&str, &str)> = api
            .features
            .iter()
            .map(|f| (f.name.as_str(), f.module.as_str()))
            .collect();
        // `default` is cargo's own feature.
        assert_eq!(
            names,
            [
                ("default_2", "default"),
                ("projects", "projects"),
                ("tasks", "tasks")
            ]
        );
        let op = |id: &str| api.operations.iter().find(|o| o.id == id).unwrap();
        assert_eq!(op("ping").gate, features(&["default_2"]));
        assert_eq!(
            op("list_tasks").pagination.as_ref().unwrap().gate,
            features(&["tasks"])
        );
        assert_eq!(api.default_error, Some(ErrorBody::Json(named("Error"))));
        assert_eq!(api.result_gate, features(&["projects", "tasks"]));
        // `Note`'s serde is written with `object!`, and `Note` is always compiled: so is the
        // macros module, and the enum macro within it has the gate of the enums.
        assert_eq!(api.uses.macros, Some(Gate::Always));
        assert_eq!(api.uses.objects, Some(Gate::Always));
        assert_eq!(
            api.uses.string_enums,
            Some(features(&["projects", "tasks"]))
        );
    }

    #[test]
    fn a_feature_enables_the_runtime_parts_its_operations_and_models_use() {
        let types = vec![
            strukt("Upload", vec![field("file", TypeRef::Binary, false)]),
            strukt("Report", vec![field("upload", named("Upload"), true)]),
            strukt("Task", vec![field("name", TypeRef::String, true)]),
        ];
        let module_op =
            |id: &str, module: &str| in_module(operation(id, Method::Post, "/x"), module);
        let mut upload = module_op("upload", "files");
        upload.body = Some(sample::body(
            "multipart/form-data",
            BodyEncoding::Multipart {
                ty: named("Upload"),
                fields: vec![],
            },
            true,
        ));
        // JSON that reaches a model holding a file needs the runtime's `Upload` too.
        let mut report = module_op("report", "reports");
        report.response = Response::Json {
            ty: named("Report"),
            envelope: None,
        };
        let mut text = module_op("text", "texts");
        text.body = Some(sample::body("text/plain", BodyEncoding::Text, true));
        let mut download = module_op("download", "downloads");
        download.response = Response::Media {
            kind: MediaKind::Bytes,
        };
        let mut patch = module_op("patch", "patches");
        patch.body = Some(sample::body(
            "application/merge-patch+json",
            BodyEncoding::Json(named("Task")),
            true,
        ));
        let mut search = module_op("search", "search");
        let mut filter = sample::param("filter", ParamLocation::Query, named("Task"));
        filter.style = Style::Styled {
            style: StyleName::DeepObject,
            explode: true,
            value: ValueShape::Serialized,
        };
        search.params.push(filter);
        // A response read as a stream of events needs the runtime's streams, and those alone:
        // they enable its media support themselves.
        let mut watch = module_op("watch", "changes");
        watch.response = Response::Stream(StreamResponse {
            format: StreamFormat::ServerSentEvents,
            item: named("Task"),
            resume: None,
        });
        let mut create = module_op("create", "tasks");
        create.body = Some(sample::body(
            "application/json",
            BodyEncoding::Json(named("Task")),
            true,
        ));
        let ops = vec![upload, report, text, download, patch, search, watch, create];
        let mut api = sample::api(types, ops);
        crate::ir::analyze(&mut api);
        let runtime = |name: &str| {
            let feature = api.features.iter().find(|f| f.name == name).unwrap();
            feature.runtime.clone()
        };
        let media = vec!["runtime-media".to_owned()];
        for name in ["files", "reports", "texts", "downloads", "patches"] {
            assert_eq!(runtime(name), media, "{name}");
        }
        assert_eq!(runtime("search"), ["runtime-styles"]);
        assert_eq!(runtime("changes"), ["runtime-streams"]);
        assert!(runtime("tasks").is_empty());
    }

    #[test]
    fn a_type_no_operation_reaches_needs_all_it_holds() {
        let get = |id: &str, module: &str, ty: &str| {
            let mut op = in_module(operation(id, Method::Get, "/"), module);
            op.response = Response::Json {
                ty: named(ty),
                envelope: None,
            };
            op
        };
        let types = vec![
            strukt("A", vec![]),
            strukt("B", vec![]),
            strukt(
                "Both",
                vec![field("a", named("A"), true), field("b", named("B"), true)],
            ),
            strukt("Outer", vec![field("both", named("Both"), true)]),
        ];
        let ops = vec![get("get_a", "a", "A"), get("get_b", "b", "B")];
        let mut api = sample::api(types, ops);
        crate::ir::analyze(&mut api);
        let gate = |name: &str| {
            api.types
                .iter()
                .find(|t| t.name == name)
                .unwrap()
                .gate
                .clone()
        };
        assert_eq!(gate("Both"), all_of(&[&["a"], &["b"]]));
        assert_eq!(gate("Outer"), all_of(&[&["a"], &["b"]]));
    }

    #[test]
    fn either_gate_is_each_list_of_one_joined_with_each_of_the_other() {
        let joined = super::or(&all_of(&[&["a"], &["b"]]), &features(&["c"]));
        assert_eq!(joined, all_of(&[&["a", "c"], &["b", "c"]]));
        // A list holding another adds nothing.
        assert_eq!(
            super::or(&features(&["a"]), &all_of(&[&["a"], &["b"]])),
            features(&["a"])
        );
        assert_eq!(super::or(&Gate::Always, &features(&["a"])), Gate::Always);
    }

    #[test]
    fn each_macro_is_compiled_where_a_model_uses_it() {
        let mut get = in_module(operation("get", Method::Get, "/a"), "a");
        get.response = Response::Json {
            ty: named("Kind"),
            envelope: None,
        };
        let mut other = in_module(operation("other", Method::Get, "/b"), "b");
        other.response = Response::Json {
            ty: named("Level"),
            envelope: None,
        };
        let level = def(
            "Level",
            TypeKind::IntEnum(IntEnum {
                repr: IntRepr::I64,
                variants: vec![],
            }),
        );
        let mut api = sample::api(vec![string_enum("Kind"), level], vec![get, other]);
        crate::ir::analyze(&mut api);
        assert_eq!(api.uses.macros, Some(features(&["a", "b"])));
        assert_eq!(api.uses.string_enums, Some(features(&["a"])));
        assert_eq!(api.uses.int_enums, Some(features(&["b"])));
        assert_eq!(api.result_gate, Gate::Always);

        assert_eq!(api.uses.objects, None);

        let mut api = sample::api(vec![strukt("Plain", vec![])], vec![]);
        crate::ir::analyze(&mut api);
        let objects = Uses {
            objects: Some(Gate::Always),
            macros: Some(Gate::Always),
            ..Uses::default()
        };
        assert_eq!(api.uses, objects);
        assert!(api.features.is_empty());

        // A struct whose serde is derived needs no macro.
        let mut uri = strukt("Link", vec![field("href", TypeRef::Uri, false)]);
        uri.usage.received = true;
        let mut api = sample::api(vec![uri], vec![]);
        crate::ir::analyze(&mut api);
        assert_eq!(api.uses, Uses::default());
    }
}

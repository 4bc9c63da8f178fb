//! `API.txt` lists what the code has, on every fixture and the checked-in crate: each model,
//! field, variant and alias it lists is in the generated Rust with that type (boxes included)
//! and under the features it names, each model of the code is listed with every member, and
//! each operation it lists is a client method taking the arguments it names, its builder
//! members methods of its builder. The Rust is
//! read with `syn`, and types on both sides are compared by their last path segments, so that
//! `::std::boxed::Box<models::Task>` is `Box<Task>`.

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;
use syn::{Attribute, Fields, ImplItem, Item, Type};

use tests::root;

/// A model of the generated code: its members (field or variant) with their types, and the
/// lists of features compiling it, each a set (empty: always compiled).
#[derive(Debug, Default)]
struct Model {
    kind: &'static str,
    members: BTreeMap<String, String>,
    features: BTreeSet<BTreeSet<String>>,
}

/// The functions of the code: per `impl` target (`Client`, a builder), name to arguments; and
/// the public constants and functions, under [`CONSTANTS`] and [`FUNCTIONS`].
type Methods = BTreeMap<String, BTreeMap<String, Vec<(String, String)>>>;

/// Where [`Methods`] keeps the public constants.
const CONSTANTS: &str = "const";

/// Where [`Methods`] keeps the public functions outside an `impl`.
const FUNCTIONS: &str = "fn";

#[test]
fn the_listing_of_every_fixture_matches_its_code() {
    let dir = root().join("tests/fixtures/specs");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() > 20, "only {} fixture specs", specs.len());
    let mut checked = 0;
    let fixtures = specs.into_iter().map(|name| {
        let label = format!("{}/{name}", xtask::fixtures::DIR);
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        let options = xtask::fixtures::options(&label);
        (label, text, options)
    });
    // And the checked-in crate's.
    let checked_in = (
        xtask::codegen::SPEC.to_owned(),
        tests::webhooks_spec(),
        tests::checked_in_options(),
    );
    for (label, text, options) in fixtures.chain([checked_in]) {
        let files = generator::generate(&label, &text, &options).unwrap_or_else(|e| panic!("{e}"));
        let mut models = BTreeMap::new();
        let mut methods = Methods::new();
        // The features of `incoming`, which gate its module rather than its items.
        let lib = files.iter().find(|f| f.path == "src/lib.rs").unwrap();
        let incoming = syn::parse_file(&lib.contents)
            .unwrap()
            .items
            .iter()
            .find_map(|item| match item {
                Item::Mod(m) if m.ident == "incoming" => Some(features(&m.attrs)),
                _ => None,
            })
            .unwrap_or_default();
        for file in &files {
            if file.path.ends_with(".rs") && !file.path.starts_with("src/runtime/") {
                let parsed = syn::parse_file(&file.contents)
                    .unwrap_or_else(|e| panic!("{label}: {}: {e}", file.path));
                // The models are those of `models` and `incoming`; the operations modules'
                // structs are builders and arguments, listed through their operations.
                let mut file_models = BTreeMap::new();
                read_items(&parsed.items, &mut file_models, &mut methods);
                if file.path == "src/models.rs" {
                    models.extend(file_models);
                } else if file.path == "src/incoming.rs" {
                    // `DecodeError`, the same in every crate, is named by `decode`'s line.
                    file_models.remove("DecodeError");
                    for model in file_models.values_mut() {
                        model.features.extend(incoming.iter().cloned());
                    }
                    models.extend(file_models);
                }
            }
        }
        let listing = files.iter().find(|f| f.path == "API.txt").unwrap();
        let wrong = compare(&listing.contents, &models, &methods, &mut checked);
        assert!(
            wrong.is_empty(),
            "{label}: API.txt is not the code: {wrong:#?}"
        );
    }
    assert!(checked > 1000, "only {checked} lines compared");
}

/// Every mismatch between the listing and the code, one line each.
fn compare(
    listing: &str,
    models: &BTreeMap<String, Model>,
    methods: &Methods,
    checked: &mut usize,
) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut listed: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut builders = BTreeMap::new();
    for line in listing
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (head, notes) = line.split_once("  ").unwrap_or((line, ""));
        let (kind, rest) = head.split_once(' ').unwrap();
        let features: BTreeSet<BTreeSet<String>> = notes
            .split("  ")
            .filter_map(|n| n.strip_prefix("[feature: ")?.strip_suffix(']'))
            .map(|list| list.split(", ").map(str::to_owned).collect())
            .collect();
        *checked += 1;
        match kind {
            "struct" | "enum" | "union" | "error" | "response" | "webhook" | "type" => {
                let code = (models, methods);
                model_line(kind, rest, &features, code, &mut listed, &mut wrong)
            }
            "op" => op_line(rest, notes, methods, &mut builders, &mut wrong),
            // A builder method per scheme, or the constant of an OAuth flow's endpoints.
            "auth" => {
                let (owner, name) = match rest.split_once("::") {
                    Some((_, method)) => ("ClientBuilder", method.split('(').next().unwrap()),
                    None => (CONSTANTS, rest.split(':').next().unwrap()),
                };
                if !methods.get(owner).is_some_and(|m| m.contains_key(name)) {
                    wrong.push(format!("{line}: no builder method {name}"));
                }
            }
            _ => wrong.push(format!("{line}: a kind of line this test does not know")),
        }
    }
    // Each model the code has is listed, with every member.
    for (name, model) in models {
        match listed.get(name.as_str()) {
            None => wrong.push(format!("{} {name} is not listed", model.kind)),
            Some(members) => {
                let code: BTreeSet<&String> = model.members.keys().collect();
                let list: BTreeSet<&String> = members.iter().collect();
                if code != list {
                    wrong.push(format!(
                        "{name}: the code has {code:?}, the listing {list:?}"
                    ));
                }
            }
        }
    }
    wrong
}

/// A line of a model or one of its members: `NAME`, `NAME.FIELD: TYPE`, `NAME::VARIANT(TYPE)`,
/// `NAME::VARIANT = VALUE`, `NAME = TYPE` (an alias).
fn model_line<'a>(
    kind: &str,
    rest: &'a str,
    features: &BTreeSet<BTreeSet<String>>,
    (models, methods): (&BTreeMap<String, Model>, &Methods),
    listed: &mut BTreeMap<&'a str, BTreeSet<String>>,
    wrong: &mut Vec<String>,
) {
    let line = format!("{kind} {rest}");
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (name, member) = rest.split_at(end);
    if kind == "webhook" && name == "decode" {
        if !methods.get(FUNCTIONS).is_some_and(|f| f.contains_key(name)) {
            wrong.push(format!("{line}: no function decode"));
        }
        return;
    }
    let Some(model) = models.get(name) else {
        return wrong.push(format!("{line}: no such type in the code"));
    };
    let entry = listed.entry(name).or_default();
    let (member, ty) = if let Some(field) = member.strip_prefix('.') {
        let (field, ty) = field.split_once(": ").unwrap();
        (field.to_owned(), Some(ty.to_owned()))
    } else if let Some(variant) = member.strip_prefix("::") {
        if kind == "struct" && variant.starts_with("new(") {
            return; // the constructor, a method (compared by `op_line`'s rule: it exists)
        }
        match variant.split_once(['(', ' ']) {
            Some((variant, rest)) if rest.ends_with(')') => {
                (variant.to_owned(), Some(rest[..rest.len() - 1].to_owned()))
            }
            Some((variant, rest)) => (variant.to_owned(), Some(rest.trim().to_owned())),
            None => (variant.to_owned(), Some(String::new())),
        }
    } else if let Some(target) = member.strip_prefix(" = ") {
        (String::new(), Some(target.to_owned()))
    } else {
        if model.features != *features {
            wrong.push(format!("{line}: the code needs {:?}", model.features));
        }
        return;
    };
    let Some(ty) = ty else { return };
    let key = if member.is_empty() { "=" } else { &member };
    entry.insert(key.to_owned());
    match model.members.get(key) {
        None => wrong.push(format!("{line}: the code has no {member:?}")),
        Some(code) if same(code, &ty) => {}
        Some(code) => wrong.push(format!("{line}: the code has {code}")),
    }
}

/// `NAME(ARGS) -> T` or `NAME.MEMBER...`: the client's method, or its builder's.
fn op_line(
    rest: &str,
    notes: &str,
    methods: &Methods,
    builders: &mut BTreeMap<String, String>,
    wrong: &mut Vec<String>,
) {
    let line = format!("op {rest}");
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (name, after) = rest.split_at(end);
    if let Some(member) = after.strip_prefix('.') {
        let member_end = member
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(member.len());
        let member = &member[..member_end];
        let builder = builders.get(name).and_then(|b| methods.get(b));
        if !builder.is_some_and(|b| b.contains_key(member)) {
            wrong.push(format!("{line}: no method {member} of the builder"));
        }
        return;
    }
    let Some(arguments) = methods.get("Client").and_then(|m| m.get(name)) else {
        return wrong.push(format!("{line}: no client method {name}"));
    };
    let builder = notes
        .split("  ")
        .find_map(|n| n.strip_prefix("builder "))
        .and_then(|b| b.rsplit("::").next());
    match builder {
        Some(builder) if methods.contains_key(builder) => {
            builders.insert(name.to_owned(), builder.to_owned());
        }
        _ => wrong.push(format!("{line}: no builder {builder:?}")),
    }
    let listed = after
        .strip_prefix('(')
        .and_then(|a| a.split_once(") -> "))
        .map(|(args, _)| args)
        .unwrap_or_default();
    let code: Vec<String> = arguments.iter().map(|(n, _)| n.clone()).collect();
    let names: Vec<String> = split_arguments(listed)
        .iter()
        .map(|a| a.split_once(": ").map_or(a.as_str(), |(n, _)| n).to_owned())
        .collect();
    if code != names {
        wrong.push(format!("{line}: the code takes {code:?}"));
    }
}

/// Top-level arguments, split on commas outside brackets.
fn split_arguments(text: &str) -> Vec<String> {
    let (mut out, mut depth, mut current) = (Vec::new(), 0, String::new());
    for c in text.chars() {
        match c {
            '<' | '(' | '{' | '[' => depth += 1,
            '>' | ')' | '}' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut current).trim().to_owned());
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_owned());
    }
    out
}

/// Whether a type of the code and one of the listing are the same, by last path segments.
fn same(code: &str, listed: &str) -> bool {
    if let (Some(code), Some(listed)) = (code.strip_prefix("= "), listed.strip_prefix("= ")) {
        // An enum's value: the same expression, however spaced.
        let expr =
            |text| syn::parse_str::<syn::Expr>(text).map(|e| e.to_token_stream().to_string());
        return expr(code).is_ok_and(|code| expr(listed).is_ok_and(|listed| code == listed));
    }
    match (syn::parse_str::<Type>(code), syn::parse_str::<Type>(listed)) {
        (Ok(a), Ok(b)) => short(&a) == short(&b),
        _ => code == listed,
    }
}

/// A type with each path cut to its last segment: `::std::boxed::Box<models::A>` is `Box<A>`.
fn short(ty: &Type) -> String {
    match ty {
        Type::Path(path) => {
            let last = path.path.segments.last().unwrap();
            let args = match &last.arguments {
                syn::PathArguments::AngleBracketed(args) => {
                    let args: Vec<String> = args
                        .args
                        .iter()
                        .map(|arg| match arg {
                            syn::GenericArgument::Type(ty) => short(ty),
                            other => other.to_token_stream().to_string(),
                        })
                        .collect();
                    format!("<{}>", args.join(", "))
                }
                _ => String::new(),
            };
            format!("{}{args}", last.ident)
        }
        Type::Tuple(tuple) => {
            let items: Vec<String> = tuple.elems.iter().map(short).collect();
            format!("({})", items.join(", "))
        }
        other => other.to_token_stream().to_string(),
    }
}

/// The models and methods of some items of the code.
fn read_items(items: &[Item], models: &mut BTreeMap<String, Model>, methods: &mut Methods) {
    for item in items {
        match item {
            Item::Struct(s) if is_pub(&s.vis) => {
                let members = match &s.fields {
                    Fields::Named(fields) => fields
                        .named
                        .iter()
                        .map(|f| (ident_text(f.ident.as_ref().unwrap()), text(&f.ty)))
                        .collect(),
                    _ => BTreeMap::new(),
                };
                let model = model("struct", members, &s.attrs);
                models.insert(s.ident.to_string(), model);
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                let members = e
                    .variants
                    .iter()
                    .map(|v| {
                        let ty = match &v.fields {
                            Fields::Unnamed(f) => text(&f.unnamed[0].ty),
                            _ => String::new(),
                        };
                        (v.ident.to_string(), ty)
                    })
                    .collect();
                models.insert(e.ident.to_string(), model("enum", members, &e.attrs));
            }
            Item::Fn(f) if is_pub(&f.vis) => {
                let functions = methods.entry(FUNCTIONS.to_owned()).or_default();
                functions.insert(f.sig.ident.to_string(), Vec::new());
            }
            Item::Const(c) if is_pub(&c.vis) => {
                let constants = methods.entry(CONSTANTS.to_owned()).or_default();
                constants.insert(c.ident.to_string(), Vec::new());
            }
            Item::Type(t) if is_pub(&t.vis) => {
                let members = BTreeMap::from([("=".to_owned(), text(&t.ty))]);
                models.insert(t.ident.to_string(), model("type", members, &t.attrs));
            }
            Item::Macro(m) => {
                let name = m.mac.path.segments.last().unwrap().ident.to_string();
                if name == "string_enum" || name == "int_enum" {
                    // `pub enum Name: i64 { A = 1, .. }`: an enum once its repr is left out.
                    let body = m.mac.tokens.to_string();
                    let body = body.replacen(": i64 {", "{", 1).replacen(": i32 {", "{", 1);
                    let e: syn::ItemEnum = syn::parse_str(&body).unwrap();
                    let members = e
                        .variants
                        .iter()
                        .map(|v| {
                            let value = v.discriminant.as_ref().unwrap().1.to_token_stream();
                            (v.ident.to_string(), format!("= {value}"))
                        })
                        .collect();
                    models.insert(e.ident.to_string(), model("enum", members, &m.attrs));
                }
            }
            Item::Impl(i) => {
                let Type::Path(target) = &*i.self_ty else {
                    continue;
                };
                let target = target.path.segments.last().unwrap().ident.to_string();
                let entry = methods.entry(target).or_default();
                for item in &i.items {
                    if let ImplItem::Fn(f) = item
                        && is_pub(&f.vis)
                    {
                        let arguments = f
                            .sig
                            .inputs
                            .iter()
                            .filter_map(|input| match input {
                                syn::FnArg::Typed(arg) => Some((
                                    arg.pat
                                        .to_token_stream()
                                        .to_string()
                                        .trim_start_matches("r#")
                                        .to_owned(),
                                    text(&arg.ty),
                                )),
                                syn::FnArg::Receiver(_) => None,
                            })
                            .collect();
                        entry.insert(ident_text(&f.sig.ident), arguments);
                    }
                }
            }
            Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    read_items(items, models, methods);
                }
            }
            _ => {}
        }
    }
}

fn model(kind: &'static str, members: BTreeMap<String, String>, attrs: &[Attribute]) -> Model {
    Model {
        kind,
        members,
        features: features(attrs),
    }
}

/// The lists of features a `#[cfg(..)]` asks one of each of: `feature = "a"`, `any(..)` of
/// them, or `all(..)` of those.
fn features(attrs: &[Attribute]) -> BTreeSet<BTreeSet<String>> {
    let Some(cfg) = attrs.iter().find(|a| a.path().is_ident("cfg")) else {
        return BTreeSet::new();
    };
    let text = cfg.meta.require_list().unwrap().tokens.to_string();
    let text = text.replace(' ', "");
    let inner = text
        .strip_prefix("all(")
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(&text);
    let mut lists = BTreeSet::new();
    let mut depth = 0;
    let mut current = String::new();
    for c in inner.chars().chain([',']) {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                let list: BTreeSet<String> = std::mem::take(&mut current)
                    .split("feature=")
                    .skip(1)
                    .map(|f| f.split('"').nth(1).unwrap().to_owned())
                    .collect();
                lists.insert(list);
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    lists
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn ident_text(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_owned()
}

fn text(ty: &Type) -> String {
    ty.to_token_stream().to_string()
}

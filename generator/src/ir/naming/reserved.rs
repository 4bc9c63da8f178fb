//! What the generated code itself defines in each namespace a spec also fills: names from the
//! spec are claimed around these. The tests below read the runtime's source and the emitted
//! code, so a list cannot fall behind either.

/// Names the runtime's request options take, in every namespace they extend: per-request
/// headers and the full response on request builders, default headers, token sources and
/// concurrency limits on the client and its builder, and the limit of response size on all
/// three.
const REQUEST_OPTIONS: [&str; 8] = [
    "header",
    "headers",
    "default_header",
    "default_headers",
    "send_with_response",
    "token_source",
    "concurrency_limits",
    "max_response_bytes",
];

/// Methods of `Client` other than operations: the runtime's (`impl Client`), `builder` (defined
/// in `lib.rs`), and `clone`, which operation methods call on `self`. Operation methods are
/// renamed around them.
pub const CLIENT_METHODS: &[&str] = &[
    "base_url",
    "retry_policy",
    "timeout",
    "http_client",
    "with_credentials",
    "with_retry_policy",
    "execute",
    "execute_with_response",
    "execute_empty",
    "execute_empty_with_response",
    "execute_raw",
    "execute_stream",
    "execute_into",
    "execute_body",
    "execute_body_with_response",
    "send",
    "attempt",
    "target",
    "builder",
    "clone",
    REQUEST_OPTIONS[0],
    REQUEST_OPTIONS[1],
    REQUEST_OPTIONS[2],
    REQUEST_OPTIONS[3],
    REQUEST_OPTIONS[4],
    REQUEST_OPTIONS[5],
    REQUEST_OPTIONS[6],
    REQUEST_OPTIONS[7],
];

/// Method names clippy reads as a promise a client method cannot keep: `new` returns `Self`
/// (`new_ret_no_self`), `cmp(&self, other)` is `Ord::cmp` (`should_implement_trait`). Operation
/// methods are renamed around them too (`new` -> `new_2`).
pub const LINTED_METHODS: &[&str] = &["new", "cmp"];

/// Cargo features every generated crate defines itself (or cargo does); the feature of an
/// operations module is renamed around them (`default` -> `default_2`).
pub const RESERVED_FEATURES: &[&str] = &[
    "default",
    "serde-full",
    "rustls-ring",
    "rustls-aws-lc",
    "native-tls",
    "gzip",
    "brotli",
    OAUTH_FEATURE,
    WEBHOOK_RECEIVER_FEATURE,
    RUNTIME_MEDIA_FEATURE,
    RUNTIME_STREAMS_FEATURE,
    RUNTIME_STYLES_FEATURE,
];

/// The feature that compiles the runtime's OAuth 2.0 client (`runtime::OAuthApp` and
/// `runtime::RefreshTokenSource`) and what the crate root offers for it.
pub const OAUTH_FEATURE: &str = "oauth";

/// The feature that compiles the runtime's webhook receiver (`runtime::receiver`).
pub const WEBHOOK_RECEIVER_FEATURE: &str = "webhook-receiver";

/// The feature that compiles the runtime's support for bodies and responses that are not JSON
/// (`runtime::Payload`, `RawBody`, `ByteStream`, multipart `Part` and `Upload`); the operations
/// features whose operations need it enable it ([`crate::ir::Feature::runtime`]). It enables
/// [`RUNTIME_STYLES_FEATURE`], which form bodies use.
pub const RUNTIME_MEDIA_FEATURE: &str = "runtime-media";

/// The feature that compiles the runtime's server-sent events and JSON Lines streams
/// (`runtime::EventStream`, `JsonLines`), enabled by the operations features whose operations
/// answer with one. It enables [`RUNTIME_MEDIA_FEATURE`], whose byte streams they read.
pub const RUNTIME_STREAMS_FEATURE: &str = "runtime-streams";

/// The feature that compiles the runtime's parameter styles (`runtime::ParamValue`,
/// `path_param`, `header_param`, `set_cookie`, `Query::set_styled`), enabled as
/// [`RUNTIME_MEDIA_FEATURE`] is.
pub const RUNTIME_STYLES_FEATURE: &str = "runtime-styles";

/// Methods `ClientBuilder` defines itself (`impl ClientBuilder`); auth methods are renamed
/// around them.
pub const CLIENT_BUILDER_METHODS: &[&str] = &[
    "new",
    "base_url",
    "credentials",
    "scheme_credentials",
    "retry_policy",
    "connect_timeout",
    "timeout",
    "user_agent",
    "http_client",
    "sleeper",
    "max_concurrent_reads",
    "max_concurrent_writes",
    "allow_credentials_over_http",
    "build",
    REQUEST_OPTIONS[0],
    REQUEST_OPTIONS[1],
    REQUEST_OPTIONS[2],
    REQUEST_OPTIONS[3],
    REQUEST_OPTIONS[4],
    REQUEST_OPTIONS[5],
    REQUEST_OPTIONS[6],
    REQUEST_OPTIONS[7],
];

/// What a request builder defines besides parameter setters: its methods (`send`,
/// `send_stream`, `stream`, `pages`, `body`, and `clone`, which `pages` calls), its fields, and the locals of the client method
/// that makes it (`request`; `body` is also its argument). Parameters, which become setters and
/// arguments, are renamed around them.
pub const BUILDER_MEMBERS: &[&str] = &[
    "send",
    "send_stream",
    "stream",
    "pages",
    "body",
    "clone",
    "client",
    "request",
    REQUEST_OPTIONS[0],
    REQUEST_OPTIONS[1],
    REQUEST_OPTIONS[2],
    REQUEST_OPTIONS[3],
    REQUEST_OPTIONS[4],
    REQUEST_OPTIONS[5],
    REQUEST_OPTIONS[6],
    REQUEST_OPTIONS[7],
];

/// The modules of the crate root (`lib.rs`): an operations module is renamed around them, so
/// that no tag makes `operations::operations` (clippy's `module_inception`) or a module a reader
/// would take for the crate's `models` or `runtime`.
pub const CRATE_MODULES: &[&str] = &["models", "operations", "runtime", "macros"];

/// The types and traits the crate root offers (`lib.rs`: its `pub use` of the runtime and its
/// `Result`): a model named like one is renamed ([`crate::ir::naming::model`]), so that
/// `models::Error` never sits beside `crate::Error` in a reader's imports.
pub const ROOT_TYPES: &[&str] = &[
    "ApiError",
    "Client",
    "ClientBuilder",
    "Credentials",
    "Error",
    "Result",
    "RetryPolicy",
];

/// Constants the crate root defines itself; OAuth endpoint constants are renamed around them.
pub const ROOT_CONSTANTS: &[&str] = &["DEFAULT_BASE_URL"];

/// The field of a struct with `additionalProperties` that collects the extra keys; properties
/// are renamed around it.
pub const ADDITIONAL_PROPERTIES: &str = "additional_properties";

/// The variant of an enum that holds values the spec does not list.
pub const ENUM_VARIANTS: &[&str] = &["Unknown"];

/// The variant of a per-status error enum that holds every status not listed.
pub const ERROR_VARIANTS: &[&str] = &["Other"];

/// The names of Rust 2024's prelude in the type namespace (and the variants it brings into the
/// value namespace), and `Method`, which operations modules import: a type name could shadow
/// any of them. Builders never take them, so operations modules write the prelude plainly
/// (`impl Future<..> + Send`); models spell a std type in full if a model takes its name. The
/// test below checks that an operations module writes nothing else plainly.
pub const PRELUDE_NAMES: &[&str] = &[
    // std::marker, std::ops
    "Copy",
    "Send",
    "Sized",
    "Sync",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    // std::clone, std::cmp, std::convert, std::default
    "Clone",
    "PartialEq",
    "PartialOrd",
    "Eq",
    "Ord",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "Default",
    // std::iter, std::future
    "Iterator",
    "Extend",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "FromIterator",
    "Future",
    "IntoFuture",
    // std::option, std::result, std::boxed, std::borrow, std::string, std::vec
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Box",
    "ToOwned",
    "String",
    "ToString",
    "Vec",
    // imported by every operations module
    "Method",
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The methods of every inherent `impl <type_name>` in the runtime's sources.
    fn runtime_methods(type_name: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (file, text) in crate::emit::runtime_sources() {
            let parsed = syn::parse_file(text).unwrap_or_else(|e| panic!("{file}: {e}"));
            for item in parsed.items {
                let syn::Item::Impl(block) = item else {
                    continue;
                };
                let syn::Type::Path(path) = &*block.self_ty else {
                    continue;
                };
                if block.trait_.is_some() || !path.path.is_ident(type_name) {
                    continue;
                }
                for member in block.items {
                    if let syn::ImplItem::Fn(f) = member {
                        out.insert(f.sig.ident.to_string());
                    }
                }
            }
        }
        out
    }

    #[test]
    fn client_and_builder_lists_hold_every_runtime_method() {
        for (type_name, list) in [
            ("Client", CLIENT_METHODS),
            ("ClientBuilder", CLIENT_BUILDER_METHODS),
        ] {
            let methods = runtime_methods(type_name);
            assert!(
                methods.len() > 5,
                "the runtime defines no `impl {type_name}`"
            );
            for method in &methods {
                assert!(
                    list.contains(&method.as_str()),
                    "`{type_name}::{method}` is not reserved"
                );
            }
            // Nothing else is listed but what `lib.rs` and the operations add, and the names
            // kept for request options.
            let extra = ["builder", "clone"];
            for name in list {
                assert!(
                    methods.contains(*name)
                        || extra.contains(name)
                        || REQUEST_OPTIONS.contains(name),
                    "`{name}` is reserved on {type_name} but nothing defines it"
                );
            }
        }
    }

    /// A spec whose operation has a path parameter, an optional query parameter, an optional
    /// body and pagination: its builder shows every member a builder can have.
    const FULL_OPERATION: &str = r#"
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /things/{id}:
    post:
      operationId: listThings
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: offset, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  next_page:
                    type: object
                    properties: {offset: {type: string}}
"#;

    /// Fixture specs whose operations, together, take every shape emission writes.
    const FIXTURES: &[&str] = &[
        include_str!("../../../../tests/fixtures/specs/kitchen_sink.yaml"),
        include_str!("../../../../tests/fixtures/specs/media.yaml"),
        include_str!("../../../../tests/fixtures/specs/multipart.yaml"),
        include_str!("../../../../tests/fixtures/specs/pagination.yaml"),
        include_str!("../../../../tests/fixtures/specs/pagination_shapes.yaml"),
        include_str!("../../../../tests/fixtures/specs/errors_per_status.yaml"),
        include_str!("../../../../tests/fixtures/specs/per_status_errors.yaml"),
        include_str!("../../../../tests/fixtures/specs/responses.yaml"),
        include_str!("../../../../tests/fixtures/specs/params.yaml"),
        include_str!("../../../../tests/fixtures/specs/parameters.yaml"),
        include_str!("../../../../tests/fixtures/specs/headers.yaml"),
        include_str!("../../../../tests/fixtures/specs/envelopes.yaml"),
        include_str!("../../../../tests/fixtures/specs/unions.yaml"),
        include_str!("../../../../tests/fixtures/specs/collisions_params.yaml"),
    ];

    /// The identifiers of `tokens` that start a path (not after `::`) and begin with a
    /// capital: the type, trait and variant names the code relies on being in scope.
    /// Attributes are passed over: derives name macros, which no type shadows.
    fn plain_capitalised(tokens: proc_macro2::TokenStream, out: &mut BTreeSet<String>) {
        use proc_macro2::{Delimiter, TokenTree};
        let mut colons = 0;
        let mut after_hash = false;
        for token in tokens {
            let attribute = std::mem::take(&mut after_hash);
            match token {
                TokenTree::Group(group) if attribute && group.delimiter() == Delimiter::Bracket => {
                }
                TokenTree::Punct(punct) if punct.as_char() == '#' => after_hash = true,
                TokenTree::Ident(ident) => {
                    let name = ident.to_string();
                    if colons < 2 && name.starts_with(|c: char| c.is_ascii_uppercase()) {
                        out.insert(name);
                    }
                    colons = 0;
                }
                TokenTree::Punct(punct) if punct.as_char() == ':' => colons += 1,
                TokenTree::Group(group) => {
                    plain_capitalised(group.stream(), out);
                    colons = 0;
                }
                _ => colons = 0,
            }
        }
    }

    #[test]
    fn operations_modules_write_plainly_only_prelude_names_and_their_own_types() {
        let mut written = BTreeSet::new();
        for spec in FIXTURES {
            let api = crate::build_ir("spec.yaml", spec).expect("the fixture lowers");
            for module in &api.modules {
                let code = crate::emit::operations_module_text(&api, &module.name);
                let tokens: proc_macro2::TokenStream = code.parse().expect("the module lexes");
                let mut names = BTreeSet::new();
                plain_capitalised(tokens, &mut names);
                let own: BTreeSet<&str> = api
                    .operations
                    .iter()
                    .filter(|op| op.module == module.name)
                    .flat_map(|op| std::iter::once(&op.builder_name).chain(&op.args))
                    .map(String::as_str)
                    .collect();
                for name in names {
                    // `Self`, and the associated types of `impl Future<Output = ..>` and
                    // `impl Stream<Item = ..>`, which no item shadows.
                    let fixed = ["Self", "Output", "Item"];
                    if own.contains(name.as_str()) || fixed.contains(&name.as_str()) {
                        continue;
                    }
                    assert!(
                        PRELUDE_NAMES.contains(&name.as_str()),
                        "`{}` writes `{name}` plainly, and a builder may take that name",
                        module.name
                    );
                    written.insert(name);
                }
            }
        }
        for expected in ["Send", "Future", "Option", "Some", "Method", "String"] {
            assert!(written.contains(expected), "no module writes `{expected}`");
        }
    }

    /// Every file the generator writes for `spec`.
    fn emitted(spec: &str) -> Vec<crate::File> {
        let api = crate::build_ir("spec.yaml", spec).expect("the spec lowers");
        let options = crate::Options {
            crate_name: "spec".into(),
            crate_version: "0.1.0".into(),
            spec_label: "spec.yaml".into(),
            command: "generate".into(),
            standalone: true,
        };
        crate::emit::emit(&api, &options)
    }

    #[test]
    fn crate_module_list_holds_every_module_of_the_crate_root() {
        let files = emitted(FULL_OPERATION);
        let lib = files
            .iter()
            .find(|f| f.path == "src/lib.rs")
            .expect("lib.rs is emitted");
        let parsed = syn::parse_file(&lib.contents).expect("lib.rs parses");
        let modules: BTreeSet<String> = parsed
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(module) => Some(module.ident.to_string()),
                _ => None,
            })
            .collect();
        // The spec has a model, so `macros` is there too.
        assert_eq!(modules.len(), CRATE_MODULES.len(), "{modules:?}");
        for module in &modules {
            assert!(
                CRATE_MODULES.contains(&module.as_str()),
                "lib.rs declares `mod {module}`, which is not reserved"
            );
        }
    }

    #[test]
    fn root_type_list_holds_every_type_the_crate_root_offers() {
        let files = emitted(FULL_OPERATION);
        let lib = files
            .iter()
            .find(|f| f.path == "src/lib.rs")
            .expect("lib.rs is emitted");
        let parsed = syn::parse_file(&lib.contents).expect("lib.rs parses");
        let mut offered = BTreeSet::new();
        fn used(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
            match tree {
                syn::UseTree::Path(path) => used(&path.tree, out),
                syn::UseTree::Name(name) => {
                    out.insert(name.ident.to_string());
                }
                syn::UseTree::Rename(rename) => {
                    out.insert(rename.rename.to_string());
                }
                syn::UseTree::Group(group) => group.items.iter().for_each(|t| used(t, out)),
                syn::UseTree::Glob(_) => panic!("lib.rs re-exports a glob"),
            }
        }
        for item in &parsed.items {
            match item {
                syn::Item::Use(item) => used(&item.tree, &mut offered),
                syn::Item::Type(item) => {
                    offered.insert(item.ident.to_string());
                }
                syn::Item::Struct(item) => {
                    offered.insert(item.ident.to_string());
                }
                syn::Item::Enum(item) => {
                    offered.insert(item.ident.to_string());
                }
                syn::Item::Trait(item) => {
                    offered.insert(item.ident.to_string());
                }
                _ => {}
            }
        }
        assert!(offered.contains("Client") && offered.contains("Result"));
        // The re-exported crates (`pub use serde_json;`) are lower-case modules, which no model
        // name (upper camel case) can take.
        offered.retain(|name| !name.starts_with(|c: char| c.is_ascii_lowercase()));
        let listed: BTreeSet<String> = ROOT_TYPES.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(offered, listed);
    }

    #[test]
    fn builder_list_holds_every_builder_member_and_client_method_local() {
        let api = crate::build_ir("full.yaml", FULL_OPERATION).expect("the spec lowers");
        let op = &api.operations[0];
        assert!(op.pagination.is_some() && op.body.is_some());
        let params: BTreeSet<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
        let code = crate::emit::operations_module_text(&api, &op.module);
        let file = syn::parse_file(&code).expect("the module parses");
        let mut members = BTreeSet::new();
        for item in &file.items {
            match item {
                syn::Item::Struct(s) => members.extend(
                    s.fields
                        .iter()
                        .filter_map(|f| f.ident.as_ref())
                        .map(|i| i.to_string()),
                ),
                syn::Item::Impl(block) => {
                    let on_client = matches!(&*block.self_ty, syn::Type::Path(p)
                        if p.path.segments.last().is_some_and(|s| s.ident == "Client"));
                    for member in &block.items {
                        let syn::ImplItem::Fn(f) = member else {
                            continue;
                        };
                        members.insert(f.sig.ident.to_string());
                        if !on_client {
                            continue;
                        }
                        // The client method's arguments and locals share its scope.
                        for arg in &f.sig.inputs {
                            if let syn::FnArg::Typed(typed) = arg {
                                if let syn::Pat::Ident(name) = &*typed.pat {
                                    members.insert(name.ident.to_string());
                                }
                            }
                        }
                        for stmt in &f.block.stmts {
                            if let syn::Stmt::Local(local) = stmt {
                                if let syn::Pat::Ident(name) = &local.pat {
                                    members.insert(name.ident.to_string());
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        // The client method is named for the operation; setters and arguments for parameters;
        // setters take `value`, which no parameter name can reach.
        members.remove(op.fn_name.as_str());
        members.remove("value");
        for name in &members {
            assert!(
                params.contains(name.as_str()) || BUILDER_MEMBERS.contains(&name.as_str()),
                "the builder defines `{name}`, which is not reserved"
            );
        }
        for expected in ["send", "stream", "body", "client", "request"] {
            assert!(
                members.contains(expected),
                "{expected} not found in {members:?}"
            );
        }
    }
}

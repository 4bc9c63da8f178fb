//! The crate root: `src/lib.rs` (crate docs with an example, base URL, auth methods) and
//! `Cargo.toml`.

use proc_macro2::TokenStream;
use quote::quote;

use super::Options;
use super::tokens::{cfg, cfg_with, doc_attrs, ident, inner_doc_attrs};
use crate::ir::{Api, AuthKind, AuthScheme, BaseUrl, Gate, OAuthFlow, Response};

pub fn lib_rs(api: &Api, options: &Options) -> TokenStream {
    let crate_docs = crate_docs(api, options);
    let base_url = api.base_url.url();
    let base_url_docs = doc_attrs(&match api.base_url {
        BaseUrl::Server(_) | BaseUrl::Path(_) => format!(
            "The base URL requests go to unless [`ClientBuilder::base_url`] says otherwise: `{base_url}`, the spec's first server."
        ),
        BaseUrl::Localhost => format!(
            "The base URL requests go to unless [`ClientBuilder::base_url`] says otherwise: `{base_url}`, since the spec names no server."
        ),
    });
    let auth_methods = api.auth.iter().map(auth_method);
    // Operations name their error body unless it is the default; with no default (every
    // operation has its own per-status enum) they all do.
    let result_alias = match &api.default_error {
        Some(error) => {
            let name = super::tokens::display_error_body(error);
            let error = super::tokens::error_body_type(error, super::tokens::Scope::OUTSIDE_MODELS);
            let docs = doc_attrs(&format!(
                "The result of an operation: its value, or an [`Error`] whose API error body is `E` (`{name}` unless the operation says otherwise)."
            ));
            let cfg = cfg(&api.result_gate);
            quote! {
                #docs
                #cfg
                pub type Result<T, E = #error> = ::std::result::Result<T, Error<E>>;
            }
        }
        None => {
            let docs = doc_attrs(
                "The result of an operation: its value, or an [`Error`] whose API error body is `E`.",
            );
            quote! {
                #docs
                pub type Result<T, E> = ::std::result::Result<T, Error<E>>;
            }
        }
    };
    let macros = api.uses.macros.as_ref().map(|gate| {
        let cfg = cfg(gate);
        quote!(#cfg mod macros;)
    });
    let incoming = (!api.webhooks.items.is_empty()).then(|| {
        let cfg = cfg(&api.webhooks.gate);
        quote!(#cfg pub mod incoming;)
    });
    let reexports = api.reexports.iter().map(|krate| {
        let name = ident(&krate.name);
        quote!(pub use #name;)
    });
    let oauth_endpoints = api.auth.iter().filter_map(|scheme| {
        scheme
            .oauth2
            .as_ref()
            .map(|flow| oauth_endpoints(scheme, flow))
    });
    quote! {
        #crate_docs

        #incoming
        pub mod models;
        pub mod operations;
        pub mod runtime;
        #macros

        pub use runtime::{ApiError, Client, ClientBuilder, Credentials, Error, RetryPolicy};
        #(#reexports)*

        #result_alias

        #base_url_docs
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #(#oauth_endpoints)*

        impl Client {
            /// Starts configuring a client for [`DEFAULT_BASE_URL`].
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new(DEFAULT_BASE_URL)
            }
        }

        impl ClientBuilder {
            #(#auth_methods)*
        }
    }
}

/// The `ClientBuilder` method that holds the credentials of `scheme`, with named arguments:
/// `token`, `key`, `value`, or `user` and `password`.
fn auth_method(scheme: &AuthScheme) -> TokenStream {
    let method = ident(&scheme.method);
    let key = &scheme.key;
    let string = quote!(impl ::std::convert::Into<::std::string::String>);
    let (what, secret, args, credentials) = match &scheme.kind {
        AuthKind::Bearer { oauth2 } => (
            if *oauth2 {
                "an OAuth 2.0 access token (`Authorization: Bearer`)".to_owned()
            } else {
                "a bearer token (`Authorization: Bearer`)".to_owned()
            },
            "token",
            quote!(token: #string),
            quote!(crate::Credentials::bearer(token)),
        ),
        AuthKind::Basic => (
            "HTTP basic authentication, a user name and a password".to_owned(),
            "password",
            quote!(user: #string, password: #string),
            quote!(crate::Credentials::basic(user, password)),
        ),
        AuthKind::ApiKeyHeader { name } => (
            format!("an API key in the `{name}` header"),
            "key",
            quote!(key: #string),
            quote!(crate::Credentials::api_key_header(#name, key)),
        ),
        AuthKind::ApiKeyQuery { name } => (
            format!("an API key in the `{name}` query parameter"),
            "key",
            quote!(key: #string),
            quote!(crate::Credentials::api_key_query(#name, key)),
        ),
        AuthKind::ApiKeyCookie { name } => {
            let prefix = format!("{name}=");
            (
                format!(
                    "an API key in the `{name}` cookie (`Cookie: {name}=<key>`, the key sent as given)"
                ),
                "key",
                quote!(key: #string),
                quote!(crate::Credentials::api_key_header("Cookie", [#prefix, &::std::convert::Into::<::std::string::String>::into(key)].concat())),
            )
        }
        AuthKind::Authorization { scheme } => (
            format!(
                "the whole `Authorization` header value, sent verbatim (HTTP scheme `{scheme}`)"
            ),
            "value",
            quote!(value: #string),
            quote!(crate::Credentials::api_key_header("Authorization", value)),
        ),
    };
    let mut text = format!(
        "Authenticates with {what}: the `{key}` security scheme, sent with the operations that accept it."
    );
    if let Some(docs) = &scheme.docs {
        text.push_str("\n\n");
        text.push_str(docs);
    }
    if let Some(flow) = &scheme.oauth2 {
        text.push_str(&format!(
            "\n\nAccess tokens expire: to have them refreshed, pass `Credentials::token_source` of a `runtime::RefreshTokenSource` made from `{}` (both compiled with the `{}` feature) to [`scheme_credentials`](ClientBuilder::scheme_credentials) with `\"{key}\"` instead.",
            flow.const_name, flow.feature
        ));
    }
    text.push_str(&format!(
        "\n\nThe {secret} is never printed by `Debug` nor recorded in traces."
    ));
    let docs = doc_attrs(&text);
    quote! {
        #docs
        pub fn #method(self, #args) -> Self {
            self.scheme_credentials(#key, #credentials)
        }
    }
}

/// The constant holding the OAuth 2.0 endpoints of `scheme`, for `runtime::OAuthApp::new`,
/// compiled with the feature that compiles that.
fn oauth_endpoints(scheme: &AuthScheme, flow: &OAuthFlow) -> TokenStream {
    let name = ident(&flow.const_name);
    let mut text = format!(
        "The OAuth 2.0 endpoints of the `{}` security scheme (its `{}` flow), for [`OAuthApp::new`](crate::runtime::OAuthApp::new). Compiled with the `{}` feature.\n",
        scheme.key, flow.flow, flow.feature
    );
    if let Some(url) = &flow.authorization_url {
        text.push_str(&format!("\n- authorization: `{url}`"));
    }
    text.push_str(&format!("\n- tokens: `{}`", flow.token_url));
    if let Some(url) = &flow.refresh_url {
        text.push_str(&format!("\n- refreshes: `{url}`"));
    }
    if !flow.scopes.is_empty() {
        let scopes: Vec<String> = flow.scopes.iter().map(|s| format!("`{s}`")).collect();
        text.push_str(&format!("\n\nScopes: {}.", scopes.join(", ")));
    }
    text.push_str("\n\nEach URL can be replaced on the app, for example with a sandbox's.");
    let docs = doc_attrs(&text);
    let option = |url: &Option<String>| match url {
        Some(url) => quote!(::std::option::Option::Some(#url)),
        None => quote!(::std::option::Option::None),
    };
    let authorization_url = option(&flow.authorization_url);
    let token_url = &flow.token_url;
    let refresh_url = option(&flow.refresh_url);
    let cfg = cfg_with(&Gate::Always, &flow.feature);
    quote! {
        #docs
        #cfg
        pub const #name: runtime::OAuthEndpoints = runtime::OAuthEndpoints {
            authorization_url: #authorization_url,
            token_url: #token_url,
            refresh_url: #refresh_url,
        };
    }
}

fn crate_docs(api: &Api, options: &Options) -> TokenStream {
    let crate_ident = options.crate_name.replace('-', "_");
    let mut text = format!(
        "A typed async client for the {} API (version {}).",
        api.heading.0, api.heading.1
    );
    if let Some(docs) = &api.docs {
        text.push_str("\n\n");
        text.push_str(docs);
    }
    text.push_str(
        "\n\n# Usage\n\nBuild a [`Client`], call an operation to get its request builder, set optional \
         parameters, then `.send().await`. Operations are grouped by tag in [`operations`]; types are in \
         [`models`]. Failed calls return [`Error`], which tells an error status (with the decoded body) \
         from a transport failure or an undecodable body. Rate-limited requests (429) are retried, and \
         idempotent ones also on 5xx, as [`RetryPolicy`] says. `.send_with_response()` returns the \
         value with the status and headers of the response, and `.header(name, value)` adds a \
         header to one request.\n\nModels implement `serde::Deserialize` where the API returns them and \
         `serde::Serialize` where it accepts them (both for types no operation uses); enable the \
         `serde-full` feature to get both on every model.",
    );
    if !api.webhooks.items.is_empty() {
        text.push_str(
            "\n\nThe webhooks the API sends (requests its server makes to an endpoint of yours) are \
             read by `incoming::decode`, from a delivery's body into the `incoming::Webhook` it is.",
        );
    }
    if let Some(feature) = api.features.first() {
        text.push_str(&format!(
            "\n\nEach operations module has a cargo feature of its own, and a model is compiled only when an \
             enabled feature uses it. All are on by default; with `default-features = false, features = \
             [\"{}\"]` the crate compiles only `operations::{}` and the models it uses, a fraction of the \
             whole.",
            feature.name, feature.module
        ));
    }
    if !api.reexports.is_empty() {
        text.push_str(
            "\n\n# Re-exported crates\n\nThe public API names items of these crates, each \
             re-exported so you use the same version (no dependency to add, no version to guess):\n",
        );
        for krate in &api.reexports {
            let items: Vec<String> = krate.items.iter().map(|item| format!("`{item}`")).collect();
            text.push_str(&format!("\n- `{}`: {}.", krate.name, items.join(", ")));
        }
    }
    if let Some(example) = example(api, &crate_ident) {
        text.push_str("\n\n```no_run\n");
        text.push_str(&example);
        text.push_str("```");
    }
    inner_doc_attrs(&text)
}

/// A doc example built from the spec: the client with the API's base URL and credential, the
/// first operation that reads (`GET`, not paginated, not deprecated) called with its example
/// values ([`super::example`]), and the first paginated one as a stream.
fn example(api: &Api, crate_ident: &str) -> Option<String> {
    let calls = super::example::Calls::new(api, crate_ident);
    let single = api
        .operations
        .iter()
        .filter(|op| !op.deprecated && op.pagination.is_none())
        .min_by_key(|op| (op.method != crate::ir::Method::Get, op.body.is_some()));
    let paged = api
        .operations
        .iter()
        .find(|op| op.pagination.is_some() && !op.deprecated);
    if single.is_none() && paged.is_none() {
        return None;
    }
    let mut code = String::new();
    if paged.is_some() {
        code.push_str("use futures::StreamExt;\n");
    }
    code.push_str(&format!("use {crate_ident}::{{Client, RetryPolicy}};\n\n"));
    code.push_str("# async fn example() -> Result<(), Box<dyn std::error::Error>> {\n");
    match &api.base_url {
        BaseUrl::Server(url) => code.push_str(&format!(
            "// Requests go to {url} (`DEFAULT_BASE_URL`, the spec's first server).\n"
        )),
        BaseUrl::Path(path) => code.push_str(&format!(
            "// The spec's server, `{path}`, names no host: give the API's full URL.\n"
        )),
        BaseUrl::Localhost => code.push_str("// The spec names no server: give the API's URL.\n"),
    }
    code.push_str("let client = Client::builder()\n");
    match &api.base_url {
        BaseUrl::Server(_) => {}
        BaseUrl::Path(path) => code.push_str(&format!(
            "    .base_url(\"https://api.example.com{}\")\n",
            path.escape_default()
        )),
        BaseUrl::Localhost => code.push_str("    .base_url(\"https://api.example.com\")\n"),
    }
    for scheme in super::example::credentials(api, single) {
        let how = match &scheme.kind {
            AuthKind::Bearer { oauth2: true } => "an OAuth 2.0 access token".to_owned(),
            AuthKind::Bearer { oauth2: false } => "a bearer token".to_owned(),
            AuthKind::ApiKeyHeader { name } => format!("an API key in the `{name}` header"),
            AuthKind::ApiKeyQuery { name } => format!("an API key in the `{name}` query parameter"),
            AuthKind::ApiKeyCookie { name } => format!("an API key in the `{name}` cookie"),
            AuthKind::Authorization { scheme } => format!("an `Authorization: {scheme}` value"),
            AuthKind::Basic => "HTTP basic authentication, a user and password".to_owned(),
        };
        code.push_str(&format!(
            "    // The `{}` security scheme: {how}.\n    {}\n",
            scheme.key,
            super::example::credential_setter(scheme, &super::example::from_env)
        ));
    }
    code.push_str("    .retry_policy(RetryPolicy::default().with_max_attempts(5))\n");
    code.push_str("    .build()?;\n");
    if let Some(op) = single {
        let what = match &op.response {
            Response::Empty => "()",
            Response::Json { .. }
            | Response::Media { .. }
            | Response::ByStatus { .. }
            | Response::ByMediaType { .. }
            | Response::Stream(_) => "value",
        };
        let call = calls.call(op, super::example::Variant::Required);
        let statement = format!(
            "let {what} = {call}
    .send()
    .await?;
"
        );
        code.push_str(&format!(
            "
{}",
            super::example::formatted(&statement)
        ));
        if what == "value" {
            code.push_str(
                "println!(\"{value:?}\");
",
            );
        }
    }
    if let Some(op) = paged {
        let call = calls.call(op, super::example::Variant::Required);
        let statement = super::example::formatted(&format!("let mut items = {call}.stream();"));
        code.push_str(&format!(
            "\n// Every item across all pages, fetched lazily.\n{statement}while let Some(item) = items.next().await {{\n    println!(\"{{:?}}\", item?);\n}}\n"
        ));
    }
    code.push_str("# Ok(())\n# }\n");
    Some(code)
}

/// The manifest lines of the crates the configuration adds for the types it names, after the
/// runtime's.
fn configured_dependencies(api: &Api) -> String {
    api.dependencies
        .iter()
        .map(|d| {
            let version = toml_string(&d.version);
            if d.features.is_empty() {
                format!("{} = {version}\n", d.name)
            } else {
                let features: Vec<String> = d.features.iter().map(|f| toml_string(f)).collect();
                format!(
                    "{} = {{ version = {version}, features = [{}] }}\n",
                    d.name,
                    features.join(", ")
                )
            }
        })
        .collect()
}

pub fn manifest(api: &Api, options: &Options) -> String {
    let workspace = if options.standalone {
        "\n[workspace]\n"
    } else {
        ""
    };
    let description = toml_string(&api.crate_description.clone().unwrap_or_else(|| {
        format!(
            "Typed async client for the {} API, generated from its OpenAPI spec.",
            crate::ir::docs::first_line(&crate::ir::docs::plain(&api.title))
        )
    }));
    format!(
        r#"# @generated by `{command}` from {spec}. Do not edit by hand.
[package]
name = "{name}"
version = "{version}"
description = {description}
edition = "2024"
rust-version = "1.85"
license = "MIT OR Apache-2.0"
publish = false
{workspace}
[dependencies]
{dependencies}
[features]
{default}
# Serialize and Deserialize on every model; by default a model derives only what the API needs
# (requests serialise, responses deserialise), which halves the crate's build time.
serde-full = []
# TLS: rustls with aws-lc-rs, rustls' own default: post-quantum key exchange (X25519MLKEM768)
# first. Builds the aws-lc C library with the C compiler alone.
rustls-aws-lc = ["dep:rustls", "rustls/aws-lc-rs", "rustls/prefer-post-quantum", "reqwest/rustls"]
# TLS: rustls with ring, the quicker build, but no post-quantum key exchange.
rustls-ring = ["dep:rustls", "rustls/ring", "reqwest/rustls-no-provider"]
# TLS: the platform's library (OpenSSL on Linux, whose headers the build needs).
native-tls = ["reqwest/native-tls"]
# Responses compressed with gzip or brotli: asked for and decoded.
gzip = ["reqwest/gzip"]
brotli = ["reqwest/brotli"]
# The OAuth 2.0 client (`runtime::OAuthApp`, `runtime::RefreshTokenSource`) and the endpoints
# constants of the crate root.
oauth = ["dep:getrandom", "dep:sha2"]
# The webhook receiver (`runtime::receiver`): the handshake and signature checks of deliveries.
webhook-receiver = ["dep:hmac", "dep:sha2"]
# The runtime's support for bodies and responses that are not JSON, and for multipart files;
# enabled by the operations features that need it.
runtime-media = ["runtime-styles", "reqwest/multipart"]
# The runtime's server-sent events and JSON Lines streams; enabled by the operations features
# that need them.
runtime-streams = ["runtime-media"]
# The runtime's parameters in OpenAPI's styles; enabled by the operations features that need it.
runtime-styles = []
{features}
[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
"#,
        command = options.command,
        spec = options.spec_label,
        name = options.crate_name,
        version = options.crate_version,
        dependencies = dependencies(false) + &configured_dependencies(api),
        default = default_features(api),
        features = api
            .features
            .iter()
            .map(|f| format!(
                "# {}\n{} = [{}]\n",
                f.description,
                f.name,
                quoted(&f.runtime)
            ))
            .collect::<String>(),
    )
}

/// A dependency of every generated crate (and of the crate that holds a client module).
struct Dependency {
    name: &'static str,
    version: &'static str,
    /// With its default features (else `default-features = false`).
    default_features: bool,
    features: &'static [&'static str],
    /// Enabled by a feature of the generated crate.
    optional: bool,
}

const fn dependency(name: &'static str, version: &'static str) -> Dependency {
    Dependency {
        name,
        version,
        default_features: true,
        features: &[],
        optional: false,
    }
}

/// Sorted by name. reqwest's features beyond these are the crate's own (TLS, compression,
/// multipart).
const DEPENDENCIES: &[Dependency] = &[
    dependency("bytes", "1"),
    Dependency {
        default_features: false,
        features: &["serde", "std"],
        ..dependency("chrono", "0.4")
    },
    dependency("futures", "0.3"),
    Dependency {
        optional: true,
        ..dependency("getrandom", "0.4")
    },
    Dependency {
        optional: true,
        ..dependency("hmac", "0.12")
    },
    dependency("http", "1"),
    dependency("percent-encoding", "2"),
    Dependency {
        default_features: false,
        features: REQWEST_FEATURES,
        ..dependency("reqwest", "0.13")
    },
    Dependency {
        default_features: false,
        features: &["std", "tls12"],
        optional: true,
        ..dependency("rustls", "0.23")
    },
    Dependency {
        features: &["derive"],
        ..dependency("serde", "1")
    },
    Dependency {
        features: &["preserve_order"],
        ..dependency("serde_json", "1")
    },
    dependency("serde_path_to_error", "0.1"),
    Dependency {
        optional: true,
        ..dependency("sha2", "0.10")
    },
    Dependency {
        features: &["sync", "time"],
        ..dependency("tokio", "1")
    },
    dependency("tracing", "0.1"),
    Dependency {
        features: &["serde"],
        ..dependency("url", "2")
    },
];

const REQWEST_FEATURES: &[&str] = &["json", "http2", "query", "stream"];

/// What a client module compiles beyond a crate's own dependencies: its media types
/// (`runtime-media`'s `reqwest/multipart`) and the default TLS stack (`rustls-aws-lc`'s).
const MODULE_REQWEST_FEATURES: &[&str] =
    &["json", "http2", "query", "stream", "multipart", "rustls"];

/// The `[dependencies]` lines of a generated crate (`module`: false) or of the crate that
/// holds a client module, which has none of the crate's features: there the dependencies of
/// its default features are plain ones, rustls (used only by `rustls-ring`) is left out, and
/// reqwest has the features the module compiles with.
fn dependencies(module: bool) -> String {
    let mut out = String::new();
    for dependency in DEPENDENCIES {
        if module && dependency.name == "rustls" {
            continue;
        }
        let features = if module && dependency.name == "reqwest" {
            MODULE_REQWEST_FEATURES
        } else {
            dependency.features
        };
        let mut table = Vec::new();
        if !dependency.default_features {
            table.push("default-features = false".to_owned());
        }
        if !features.is_empty() {
            let quoted: Vec<String> = features.iter().map(|f| toml_name(f)).collect();
            table.push(format!("features = [{}]", quoted.join(", ")));
        }
        if dependency.optional && !module {
            table.push("optional = true".to_owned());
        }
        let version = toml_name(dependency.version);
        if table.is_empty() {
            out.push_str(&format!("{} = {version}\n", dependency.name));
        } else {
            out.push_str(&format!(
                "{} = {{ version = {version}, {} }}\n",
                dependency.name,
                table.join(", ")
            ));
        }
    }
    out
}

/// The `[dependencies]` lines the crate that holds a client module needs.
pub fn module_dependencies() -> String {
    dependencies(true)
}

/// The runtime's features a crate enables by default: TLS over rustls and aws-lc-rs, compressed
/// responses and the webhook receiver; and the OAuth 2.0 client where the API has an OAuth 2.0
/// scheme ([`uses_oauth`]): elsewhere its code would be checked and built in every build for
/// nothing the API offers (a user who wants it enables `oauth`).
pub(super) fn default_runtime_features(api: &Api) -> Vec<&'static str> {
    let mut features = vec!["rustls-aws-lc", "gzip", "brotli"];
    if uses_oauth(api) {
        features.push(crate::ir::naming::OAUTH_FEATURE);
    }
    features.push(crate::ir::naming::WEBHOOK_RECEIVER_FEATURE);
    features
}

/// Whether a security scheme of the API is OAuth 2.0.
fn uses_oauth(api: &Api) -> bool {
    api.auth.iter().any(|scheme| {
        scheme.oauth2.is_some() || matches!(scheme.kind, AuthKind::Bearer { oauth2: true })
    })
}

/// `default = [...]`: the runtime's default features and every operations feature, on one line
/// if it fits.
fn default_features(api: &Api) -> String {
    let runtime = default_runtime_features(api);
    let names: Vec<String> = runtime
        .into_iter()
        .chain(api.features.iter().map(|f| f.name.as_str()))
        .map(toml_name)
        .collect();
    let line = format!("default = [{}]", names.join(", "));
    if line.len() <= 100 {
        return line;
    }
    let mut out = String::from("default = [\n");
    for name in names {
        out.push_str(&format!("    {name},\n"));
    }
    out.push(']');
    out
}

/// `"a", "b"`: names as the items of a TOML array.
fn quoted(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| toml_name(name)).collect();
    quoted.join(", ")
}

/// A feature's name as a TOML string (names need no escapes).
fn toml_name(name: &str) -> String {
    format!("\"{name}\"")
}

/// A TOML basic string holding `text`: quotes, backslashes and control characters escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod toml_tests {
    use super::toml_string;

    #[test]
    fn toml_strings_escape_what_toml_would_misread() {
        assert_eq!(toml_string("plain"), "\"plain\"");
        assert_eq!(
            toml_string("a \"b\" c\\d\te"),
            "\"a \\\"b\\\" c\\\\d\\u0009e\""
        );
    }
}

//! The crate root where it branches: one builder method per security scheme, by how the
//! credential travels, and the `Result` alias.

use crate::emit::Options;
use crate::emit::test_support::assert_has;
use crate::ir::sample::{self, named};
use crate::ir::*;

fn options() -> Options {
    Options {
        crate_name: "sample-client".into(),
        crate_version: "0.1.0".into(),
        spec_label: "sample.yaml".into(),
        command: "cargo xtask codegen".into(),
        standalone: false,
    }
}

fn scheme(key: &str, method: &str, kind: AuthKind) -> AuthScheme {
    AuthScheme {
        key: key.into(),
        method: method.into(),
        kind,
        docs: None,
        oauth2: None,
    }
}

#[test]
fn each_security_scheme_gets_a_builder_method_for_its_credential() {
    let mut api = sample::api(vec![], vec![]);
    api.auth = vec![
        scheme("pat", "pat", AuthKind::Bearer { oauth2: false }),
        scheme(
            "oauth",
            "oauth_access_token",
            AuthKind::Bearer { oauth2: true },
        ),
        scheme("basic", "basic", AuthKind::Basic),
        scheme(
            "key",
            "key",
            AuthKind::ApiKeyHeader {
                name: "X-Key".into(),
            },
        ),
        scheme(
            "query_key",
            "query_key",
            AuthKind::ApiKeyQuery {
                name: "api_key".into(),
            },
        ),
    ];
    let code = crate::emit::format_tokens(super::lib_rs(&api, &options()));
    let into_string = "impl ::std::convert::Into<::std::string::String>";
    assert_has(
        &code,
        &format!(
            "/// Authenticates with a bearer token (`Authorization: Bearer`): the `pat` security scheme, sent with the operations that accept it.
            ///
            /// The token is never printed by `Debug` nor recorded in traces.
            pub fn pat(self, token: {into_string}) -> Self {{ self.scheme_credentials(\"pat\", crate::Credentials::bearer(token)) }}"
        ),
    );
    assert_has(
        &code,
        "/// Authenticates with an OAuth 2.0 access token (`Authorization: Bearer`): the `oauth` security scheme, sent with the operations that accept it.
        ///
        /// The token is never printed by `Debug` nor recorded in traces.
        pub fn oauth_access_token(",
    );
    assert_has(
        &code,
        &format!(
            "/// The password is never printed by `Debug` nor recorded in traces.
            pub fn basic(self, user: {into_string}, password: {into_string}) -> Self {{ self.scheme_credentials(\"basic\", crate::Credentials::basic(user, password)) }}"
        ),
    );
    assert_has(
        &code,
        r#"pub fn key(self, key: impl ::std::convert::Into<::std::string::String>) -> Self { self.scheme_credentials("key", crate::Credentials::api_key_header("X-Key", key)) }"#,
    );
    assert_has(
        &code,
        r#"self.scheme_credentials("query_key", crate::Credentials::api_key_query("api_key", key))"#,
    );
    // No default error body: operations name theirs, and the alias has no default.
    assert_has(
        &code,
        "pub type Result<T, E> = ::std::result::Result<T, Error<E>>;",
    );
}

#[test]
fn the_result_alias_defaults_to_the_common_error_type() {
    let mut api = sample::api(vec![], vec![]);
    api.default_error = Some(ErrorBody::Json(named("Problem")));
    let code = crate::emit::format_tokens(super::lib_rs(&api, &options()));
    assert_has(
        &code,
        "pub type Result<T, E = models::Problem> = ::std::result::Result<T, Error<E>>;",
    );
}

#[test]
fn every_feature_is_declared_and_on_by_default_and_gates_what_the_root_holds() {
    let mut api = sample::api(vec![], vec![]);
    api.features = [
        ("tasks", vec!["runtime-media".to_owned()]),
        ("projects", vec![]),
    ]
    .into_iter()
    .map(|(name, runtime)| Feature {
        name: name.into(),
        module: name.into(),
        description: format!("The `{name}` operations."),
        runtime,
    })
    .collect();
    // No OAuth 2.0 scheme: the runtime's OAuth client is not on by default.
    api.auth = vec![scheme("apiKey", "api_key", AuthKind::Basic)];
    let manifest = super::manifest(&api, &options());
    assert!(
        manifest.contains(
            "[features]\ndefault = [\"rustls-aws-lc\", \"gzip\", \"brotli\", \"webhook-receiver\", \"tasks\", \"projects\"]\n"
        ),
        "{manifest}"
    );
    api.auth.push(scheme(
        "oauth2",
        "oauth2_access_token",
        AuthKind::Bearer { oauth2: true },
    ));
    let manifest = super::manifest(&api, &options());
    assert!(
        manifest.contains(
            "[features]\ndefault = [\"rustls-aws-lc\", \"gzip\", \"brotli\", \"oauth\", \"webhook-receiver\", \"tasks\", \"projects\"]\n"
        ),
        "{manifest}"
    );
    // What only the OAuth client or the webhook receiver uses is compiled only with it.
    for line in [
        "getrandom = { version = \"0.4\", optional = true }\n",
        "hmac = { version = \"0.12\", optional = true }\n",
        "sha2 = { version = \"0.10\", optional = true }\n",
        "\noauth = [\"dep:getrandom\", \"dep:sha2\"]\n",
        "\nwebhook-receiver = [\"dep:hmac\", \"dep:sha2\"]\n",
        // Multipart support only with the runtime's media types, which the features that need
        // them enable.
        "\"query\", \"stream\"] }\n",
        "\nruntime-media = [\"runtime-styles\", \"reqwest/multipart\"]\n",
        // Event and line streams only where an operation answers with one.
        "\nruntime-streams = [\"runtime-media\"]\n",
        "\nruntime-styles = []\n",
    ] {
        assert!(manifest.contains(line), "no {line:?} in {manifest}");
    }
    assert!(
        manifest.contains(
            "# The `tasks` operations.\ntasks = [\"runtime-media\"]\n# The `projects` operations.\nprojects = []\n"
        ),
        "{manifest}"
    );

    api.default_error = Some(ErrorBody::Json(named("Problem")));
    api.result_gate = Gate::Features(vec![vec!["projects".into(), "tasks".into()]]);
    api.uses.macros = Some(Gate::Features(vec![vec!["tasks".into()]]));
    let code = crate::emit::format_tokens(super::lib_rs(&api, &options()));
    assert_has(&code, "#[cfg(feature = \"tasks\")] mod macros;");
    assert_has(
        &code,
        "#[cfg(any(feature = \"projects\", feature = \"tasks\"))] pub type Result<T, E = models::Problem>",
    );
    assert_has(
        &code,
        "features = [\"tasks\"]` the crate compiles only `operations::tasks`",
    );

    api.uses.macros = None;
    let code = crate::emit::format_tokens(super::lib_rs(&api, &options()));
    assert!(!code.contains("mod macros"), "{code}");
}

#[test]
fn every_feature_the_manifest_defines_itself_is_reserved() {
    let manifest = super::manifest(&sample::api(vec![], vec![]), &options());
    let features = manifest
        .split_once("[features]\n")
        .and_then(|(_, rest)| rest.split_once("\n[").map(|(features, _)| features))
        .unwrap();
    let defined: Vec<&str> = features
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with(' ') && line.contains(" = "))
        .map(|line| line.split(" = ").next().unwrap())
        .collect();
    assert!(defined.len() >= 7, "{features}");
    for name in defined {
        assert!(
            crate::ir::naming::RESERVED_FEATURES.contains(&name),
            "`{name}` is not in RESERVED_FEATURES"
        );
    }
}

#[test]
fn a_long_default_list_takes_a_line_per_feature() {
    let mut api = sample::api(vec![], vec![]);
    api.features = (0..12)
        .map(|i| Feature {
            name: format!("module_{i}"),
            module: format!("module_{i}"),
            description: String::new(),
            runtime: Vec::new(),
        })
        .collect();
    let manifest = super::manifest(&api, &options());
    assert!(
        manifest.contains(
            "default = [\n    \"rustls-aws-lc\",\n    \"gzip\",\n    \"brotli\",\n    \"webhook-receiver\",\n    \"module_0\",\n"
        ),
        "{manifest}"
    );
}

#[test]
fn an_oauth_scheme_with_a_token_url_gets_its_endpoints_constant() {
    let mut api = sample::api(vec![], vec![]);
    let mut oauth = scheme(
        "oauth",
        "oauth_access_token",
        AuthKind::Bearer { oauth2: true },
    );
    oauth.oauth2 = Some(OAuthFlow {
        const_name: "OAUTH_ENDPOINTS".into(),
        flow: "authorizationCode".into(),
        authorization_url: Some("https://id.example.com/authorize".into()),
        token_url: "https://id.example.com/token".into(),
        refresh_url: None,
        scopes: vec!["read".into(), "write".into()],
        feature: "oauth".into(),
    });
    api.auth = vec![oauth];
    let code = crate::emit::format_tokens(super::lib_rs(&api, &options()));
    assert_has(
        &code,
        r#"#[cfg(feature = "oauth")] pub const OAUTH_ENDPOINTS: runtime::OAuthEndpoints = runtime::OAuthEndpoints { authorization_url: ::std::option::Option::Some("https://id.example.com/authorize"), token_url: "https://id.example.com/token", refresh_url: ::std::option::Option::None, };"#,
    );
    assert_has(&code, "/// Scopes: `read`, `write`.");
    assert_has(
        &code,
        "made from `OAUTH_ENDPOINTS` (both compiled with the `oauth` feature) to [`scheme_credentials`](ClientBuilder::scheme_credentials) with `\"oauth\"` instead.",
    );
}

#[test]
fn each_tls_feature_names_its_own_provider_and_aws_lc_is_the_default() {
    let manifest = super::manifest(&sample::api(vec![], vec![]), &options());
    let line = |start: &str| {
        manifest
            .lines()
            .find(|line| line.starts_with(start))
            .unwrap_or_else(|| panic!("no line starting {start:?} in {manifest}"))
    };
    // The dependency names no provider: with one there, every TLS choice would build it.
    assert_eq!(
        line("rustls = "),
        "rustls = { version = \"0.23\", default-features = false, features = [\"std\", \"tls12\"], optional = true }"
    );
    assert_eq!(
        line("rustls-aws-lc = "),
        "rustls-aws-lc = [\"dep:rustls\", \"rustls/aws-lc-rs\", \"rustls/prefer-post-quantum\", \"reqwest/rustls\"]"
    );
    assert_eq!(
        line("rustls-ring = "),
        "rustls-ring = [\"dep:rustls\", \"rustls/ring\", \"reqwest/rustls-no-provider\"]"
    );
    assert_eq!(
        line("native-tls = "),
        "native-tls = [\"reqwest/native-tls\"]"
    );
    assert!(line("default = ").starts_with("default = [\"rustls-aws-lc\", "));

    // The runtime's own manifest, which `cargo clippy` checks the runtime's source with, declares
    // the same TLS features and the same rustls dependency.
    let runtime = include_str!("../../../runtime/Cargo.toml");
    for start in [
        "rustls = ",
        "rustls-aws-lc = ",
        "rustls-ring = ",
        "native-tls = ",
    ] {
        assert!(
            runtime
                .lines()
                .any(|runtime_line| runtime_line == line(start)),
            "the runtime's Cargo.toml has no {:?}",
            line(start)
        );
    }
    assert!(
        runtime.contains("default = [\n    \"rustls-aws-lc\",\n"),
        "{runtime}"
    );
}

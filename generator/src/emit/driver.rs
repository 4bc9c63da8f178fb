//! The conformance driver: a binary crate beside a generated client that calls every operation
//! with its example values ([`super::example`]), each call bounded by a timeout, and prints one
//! line per call:
//!
//! ```text
//! call <TAB> operationId <TAB> variant <TAB> outcome <TAB> status <TAB> detail
//! ```
//!
//! The outcome is `ok`, `rejected` (a 400 or 422 answer: the server refused the request, the
//! detail is its reason), `status` (another error status), `not-decoded` (a 2xx body the client
//! could not decode, with the error), `transport`, `request-error` (the client refused to
//! send), `example-error` (an example value did not parse) or `timeout`.

use super::example::{Calls, Variant, credential_setter};
use super::{File, Options};
use crate::ir::Api;

/// Seconds each call may take, retries included.
const CALL_TIMEOUT_SECS: u64 = 20;

/// The files of the driver crate for `api`'s client crate, which `options` names and which sits
/// at `../<crate name>` beside it.
pub fn files(api: &Api, options: &Options) -> Vec<File> {
    let krate = options.crate_ident();
    let calls = Calls::new(api, &krate);
    let mut functions = String::new();
    let mut main_calls = String::new();
    for (index, op) in api.operations.iter().enumerate() {
        let function = format!("operation_{index}");
        main_calls.push_str(&format!("    {function}(&client).await;\n"));
        functions.push_str(&format!(
            "\n/// `{} {}` (`{}`).\nasync fn {function}(client: &{krate}::Client) {{\n",
            op.method.as_str(),
            op.path.escape_default(),
            op.id.escape_default()
        ));
        for variant in Variant::all(op) {
            let call = calls.call(op, variant).replace('\n', "\n            ");
            functions.push_str(&format!(
                "    {{\n        let request = (|| -> Result<_, Box<dyn std::error::Error>> {{\n            Ok({call})\n        }})();\n        report({:?}, {:?}, request.map(|request| request.send())).await;\n    }}\n",
                op.id,
                variant.label(op),
            ));
        }
        functions.push_str("}\n");
    }
    // A credential for every scheme: each operation sends what its requirement asks.
    let credential: String = api
        .auth
        .iter()
        .map(|scheme| {
            format!(
                "\n        {}",
                credential_setter(scheme, &|_| "\"conformance\"".to_owned())
            )
        })
        .collect();
    let main = format!(
        r#"//! Calls every operation of `{crate_name}` with its example values against the server at
//! the URL given as the only argument, and prints one line per call.

use std::future::Future;
use std::time::Duration;

use {krate}::Error;

/// How long one call may take, retries included.
const CALL_TIMEOUT: Duration = Duration::from_secs({CALL_TIMEOUT_SECS});

/// The longest detail printed, in characters.
const DETAIL_CHARS: usize = 8000;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {{
    let base_url = std::env::args().nth(1).ok_or("usage: driver BASE_URL")?;
    let client = {krate}::Client::builder()
        .base_url(base_url)
        .allow_credentials_over_http(){credential}
        .retry_policy({krate}::RetryPolicy::none())
        .timeout(CALL_TIMEOUT)
        .build()?;
{main_calls}    Ok(())
}}

/// Awaits one call (or reports why it could not be made) and prints its line.
async fn report<T, E: std::fmt::Debug>(
    operation: &str,
    variant: &str,
    request: Result<impl Future<Output = Result<T, Error<E>>>, Box<dyn std::error::Error>>,
) {{
    let (outcome, status, detail) = match request {{
        Err(error) => ("example-error", String::new(), error.to_string()),
        Ok(call) => match tokio::time::timeout(CALL_TIMEOUT, call).await {{
            Err(_) => ("timeout", String::new(), String::new()),
            Ok(Ok(_)) => ("ok", String::new(), String::new()),
            Ok(Err(Error::Api(api))) => {{
                let status = api.status.as_u16();
                let outcome = if matches!(status, 400 | 422) {{ "rejected" }} else {{ "status" }};
                let reason = api
                    .headers
                    .get("sl-violations")
                    .and_then(|value| value.to_str().ok())
                    .map_or_else(|| api.raw_text().into_owned(), str::to_owned);
                (outcome, status.to_string(), reason)
            }}
            Ok(Err(Error::Decode {{ status, source, .. }})) => {{
                ("not-decoded", status.as_u16().to_string(), source.to_string())
            }}
            Ok(Err(Error::Transport(error))) => ("transport", String::new(), format!("{{error:?}}")),
            Ok(Err(Error::Request(error))) => ("request-error", String::new(), error.to_string()),
            Ok(Err(error)) => ("other", String::new(), format!("{{error:?}}")),
        }},
    }};
    let detail: String = detail
        .chars()
        .map(|c| if c.is_control() {{ ' ' }} else {{ c }})
        .take(DETAIL_CHARS)
        .collect();
    println!("call\t{{operation}}\t{{variant}}\t{{outcome}}\t{{status}}\t{{detail}}");
}}
{functions}"#,
        crate_name = options.crate_name,
    );
    let manifest = format!(
        r#"[package]
name = "{name}-driver"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
{krate} = {{ package = "{name}", path = "../{name}" }}
tokio = {{ version = "1", features = ["macros", "rt", "time"] }}
"#,
        name = options.crate_name,
    );
    vec![
        File {
            path: "Cargo.toml".to_owned(),
            contents: manifest,
        },
        File {
            path: "src/main.rs".to_owned(),
            contents: main,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::files;

    #[test]
    fn the_driver_calls_every_operation_in_every_variant_and_reports_each_call() {
        let spec = r#"openapi: 3.0.0
info: {title: t, version: '1'}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
paths:
  /items:
    get:
      operationId: listItems
      parameters: [{name: limit, in: query, schema: {type: integer}}]
      responses: {'200': {description: ok}}
    post:
      operationId: addItem
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object, properties: {name: {type: string}}}}
          text/plain: {schema: {type: string}}
      responses: {'204': {description: done}}
"#;
        let api = crate::build_ir("t.yaml", spec).unwrap_or_else(|e| panic!("{e}"));
        let options = crate::Options {
            crate_name: "items-client".into(),
            crate_version: "0.1.0".into(),
            spec_label: "t.yaml".into(),
            command: "test".into(),
            standalone: false,
        };
        let files = files(&api, &options);
        let manifest = &files[0].contents;
        assert!(
            manifest.contains(
                "items_client = { package = \"items-client\", path = \"../items-client\" }"
            ),
            "{manifest}"
        );
        let main = &files[1].contents;
        for expected in [
            ".basic(\"conformance\", \"conformance\")",
            "report(\"addItem\", \"required\"",
            "report(\"addItem\", \"media:text/plain\"",
            ".add_item_text(\"example\")",
            "report(\"listItems\", \"required\"",
            "report(\"listItems\", \"full\"",
            ".limit(1)",
            "tokio::time::timeout(CALL_TIMEOUT, call)",
        ] {
            assert!(main.contains(expected), "{expected} in\n{main}");
        }
        // One function per operation, each awaited by `main` in turn.
        assert_eq!(main.matches("(&client).await;").count(), 2);
        // No full call where nothing is optional.
        assert!(!main.contains("report(\"addItem\", \"full\""));
    }
}

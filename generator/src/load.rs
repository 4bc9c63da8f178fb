//! Load: spec text (YAML or JSON) -> [`openapiv3::OpenAPI`].
//!
//! The text is first read as a generic YAML value and normalised into what JSON can express
//! (non-string mapping keys such as `200:` become strings, `<<` merge keys are applied, aliases
//! were already expanded by the parser). Only then is it decoded into the typed document, with
//! the JSON pointer of any failing node tracked. Failures name the file, the line and column, the
//! pointer and what was expected.

mod locate;
mod normalize;

use std::fmt;

pub use locate::Location;

/// A loaded spec and what is needed to point back into its text.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The typed document.
    pub document: openapiv3::OpenAPI,
    /// The normalised document as plain JSON, for tools that walk it generically.
    pub raw: serde_json::Value,
    source: Source,
}

/// The spec's name (for messages) and text (for locating pointers).
#[derive(Debug, Clone)]
pub struct Source {
    /// How the file is named in messages, e.g. `spec/webhooks.yaml`.
    pub name: String,
    /// The full text.
    pub text: String,
}

impl LoadedSpec {
    /// Where the node at `pointer` (`#/components/schemas/X`) starts in the source text.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        locate::locate(&self.source.text, pointer)
    }

    /// The file name given at load time.
    pub fn source_name(&self) -> &str {
        &self.source.name
    }
}

/// A spec that could not be loaded: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file name given at load time.
    pub file: String,
    /// Line and column (1-based), where known.
    pub location: Option<Location>,
    /// JSON pointer of the failing node, where known (`#/paths/~1webhooks/get`).
    pub pointer: Option<String>,
    /// What is wrong, and what was expected.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(loc) = &self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        if let Some(pointer) = &self.pointer {
            write!(f, ": at {pointer}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LoadError {}

/// Parses `text` (YAML or JSON; JSON is YAML) into an OpenAPI 3.0 document.
pub fn load(name: &str, text: &str) -> Result<LoadedSpec, LoadError> {
    let source = Source { name: name.to_owned(), text: text.to_owned() };
    let error = |pointer: Option<String>, message: String| LoadError {
        file: name.to_owned(),
        location: pointer.as_deref().and_then(|p| locate::locate(text, p)),
        pointer,
        message,
    };

    if text.trim().is_empty() {
        return Err(error(None, "the file is empty; expected an OpenAPI 3.0 document".into()));
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| LoadError {
        file: name.to_owned(),
        location: e.location().map(|l| Location { line: l.line(), column: l.column() }),
        pointer: None,
        message: format!("not valid YAML or JSON: {}", strip_serde_location(&e.to_string())),
    })?;
    let raw = normalize::to_json(yaml, "#").map_err(|(pointer, message)| error(Some(pointer), message))?;

    let root = raw
        .as_object()
        .ok_or_else(|| error(Some("#".into()), format!("expected a mapping at the top level, found {}", kind_of(&raw))))?;
    if let Some(version) = root.get("swagger") {
        return Err(error(
            Some("#/swagger".into()),
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 is supported (convert it first, e.g. with swagger2openapi)",
                display_scalar(version)
            ),
        ));
    }
    match root.get("openapi") {
        None => return Err(error(Some("#".into()), "missing `openapi` version field; expected `openapi: 3.0.x`".into())),
        Some(serde_json::Value::String(v)) if v.starts_with("3.0") => {}
        Some(v) => {
            return Err(error(
                Some("#/openapi".into()),
                format!("unsupported OpenAPI version {}; expected 3.0.x", display_scalar(v)),
            ));
        }
    }

    let document = decode::<openapiv3::OpenAPI>(&raw, "#").map_err(|(pointer, message)| error(Some(pointer), message))?;
    Ok(LoadedSpec { document, raw, source })
}

/// Decodes `value` as `T`, and on failure returns the JSON pointer of the deepest failing node and
/// a message that says what was expected there. Untagged enums (`$ref`-or-object, schema kinds)
/// are retried against their concrete variant so the message is never only serde's
/// "did not match any variant".
fn decode<T: serde::de::DeserializeOwned>(value: &serde_json::Value, base: &str) -> Result<T, (String, String)> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Ok(v),
        Err(err) => {
            let pointer = join_pointer(base, err.path());
            let message = err.inner().to_string();
            if message.contains("untagged enum") {
                let node = resolve_pointer(value, &pointer[base.len()..]).unwrap_or(value);
                if let Some(found) = explain_untagged(&pointer, node) {
                    return Err(found);
                }
                let expected = describe_expected(&pointer);
                return Err((pointer, format!("unexpected node: expected {expected}")));
            }
            Err((pointer, message))
        }
    }
}

/// Re-decodes a node that failed as an untagged enum against the type its position calls for.
fn explain_untagged(pointer: &str, node: &serde_json::Value) -> Option<(String, String)> {
    let Some(object) = node.as_object() else {
        return Some((pointer.to_owned(), format!("expected {}, found {}", describe_expected(pointer), kind_of(node))));
    };
    if let Some(reference) = object.get("$ref") {
        if !reference.is_string() {
            return Some((format!("{pointer}/$ref"), format!("`$ref` must be a string, found {}", kind_of(reference))));
        }
    }
    let segments: Vec<&str> = pointer.split('/').collect();
    let last = segments.last().copied().unwrap_or("");
    let parent = segments.len().checked_sub(2).map(|i| segments[i]).unwrap_or("");
    macro_rules! retry {
        ($ty:ty) => {
            decode::<$ty>(node, pointer).err()
        };
    }
    let schema_slot = matches!(last, "items" | "not" | "additionalProperties" | "schema")
        || matches!(parent, "schemas" | "properties" | "allOf" | "oneOf" | "anyOf");
    if schema_slot {
        if let Some(kind) = object.get("type") {
            if !kind.is_string() {
                return Some((format!("{pointer}/type"), format!("`type` must be a string, found {}", kind_of(kind))));
            }
            return retry!(openapiv3::Type).or(retry!(openapiv3::SchemaData));
        }
        return retry!(openapiv3::SchemaData);
    }
    match parent {
        "parameters" => retry!(openapiv3::Parameter),
        "responses" => retry!(openapiv3::Response),
        "requestBodies" => retry!(openapiv3::RequestBody),
        "headers" => retry!(openapiv3::Header),
        "examples" => retry!(openapiv3::Example),
        "securitySchemes" => retry!(openapiv3::SecurityScheme),
        "links" => retry!(openapiv3::Link),
        "paths" => retry!(openapiv3::PathItem),
        _ if last == "requestBody" => retry!(openapiv3::RequestBody),
        _ => None,
    }
}

fn describe_expected(pointer: &str) -> &'static str {
    let segments: Vec<&str> = pointer.split('/').collect();
    let parent = segments.len().checked_sub(2).map(|i| segments[i]).unwrap_or("");
    match parent {
        "parameters" => "a Parameter Object or a `$ref`",
        "responses" => "a Response Object or a `$ref`",
        "requestBodies" => "a Request Body Object or a `$ref`",
        "securitySchemes" => "a Security Scheme Object or a `$ref`",
        "paths" => "a Path Item Object",
        _ => "a Schema Object or a `$ref`",
    }
}

fn join_pointer(base: &str, path: &serde_path_to_error::Path) -> String {
    let mut pointer = base.to_owned();
    for segment in path.iter() {
        use serde_path_to_error::Segment;
        let part = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&escape_pointer_segment(&part));
    }
    pointer
}

/// Escapes one JSON pointer segment (`~` -> `~0`, `/` -> `~1`).
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one JSON pointer segment.
pub fn unescape_pointer_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Follows a pointer relative to `value` (`/a/b`, without the leading `#`).
pub fn resolve_pointer<'a>(value: &'a serde_json::Value, pointer: &str) -> Option<&'a serde_json::Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    value.pointer(pointer)
}

fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a sequence",
        serde_json::Value::Object(_) => "a mapping",
    }
}

fn display_scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// serde_yaml appends " at line X column Y" to its messages; the location is reported separately.
fn strip_serde_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

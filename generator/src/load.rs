//! Load: spec text (YAML or JSON) -> [`openapiv3::OpenAPI`].
//!
//! The text is first read as a generic YAML value and normalised into what JSON can express
//! (non-string mapping keys such as `200:` become strings, `<<` merge keys are applied, aliases
//! were already expanded by the parser). Two fast paths come first, each taken only where it
//! gives the very same value: JSON read as JSON (`json`), and YAML in the plain subset specs are
//! written in read from `yaml-rust2`'s events (`yaml`); JSON that YAML cannot read at all (C1
//! controls, integers beyond 64 bits) is read as JSON after all (`json_only`). The defaults the
//! typed document would lose are written out (`defaults`). An OpenAPI 3.1 document is first
//! rewritten into the 3.0 it means (`v31`), with a map of what moved for messages. Only then is it decoded into the
//! typed document, with the JSON pointer of any failing node tracked. Failures name the file, the line and column, the
//! pointer and what was expected.

mod defaults;
mod json;
mod json_only;
mod locate;
mod normalize;
mod targets;
mod v31;
mod yaml;

use std::fmt;

use crate::openapi::{Kind, Shape};
use crate::pointer;

use serde::Deserialize as _;

pub use locate::Location;
pub use targets::Targets;
pub use v31::PointerMap;

/// A loaded spec and what is needed to point back into its text.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The typed document.
    pub document: openapiv3::OpenAPI,
    /// The normalised document as plain JSON, for tools that walk it generically (with the
    /// defaults the typed document would lose written out, see `load/defaults.rs`).
    pub raw: serde_json::Value,
    /// What each `$ref` to somewhere other than `#/components/<section>/<name>` names.
    pub targets: Targets,
    /// The `openapi` version the document declares (`3.0.3`, `3.1.0`).
    pub version: String,
    /// Where the translation of an OpenAPI 3.1 document moved nodes (`raw` and `document` are
    /// the translated 3.0), so that pointers into them name what the user wrote; nothing moves
    /// in a 3.0 document.
    pub pointers: PointerMap,
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
    /// Where the node at `pointer` (`#/components/schemas/X`, a pointer into the typed
    /// document) starts in the source text.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        locate::locate(&self.source.text, &self.pointers.original(pointer))
    }

    /// The pointer, in the document as written, of the node at `pointer` in the typed document
    /// (they differ only where the translation of a 3.1 document moved a node).
    pub fn original_pointer(&self, pointer: &str) -> String {
        self.pointers.original(pointer)
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

/// Parses `text` (YAML or JSON; JSON is YAML) into an OpenAPI 3.0 document: [`parse`], then
/// [`decode`].
pub fn load(name: &str, text: &str) -> Result<LoadedSpec, LoadError> {
    let raw = parse(name, text)?;
    decode(name, text, raw)
}

/// The first stage of [`load`]: `text` as plain JSON (YAML made JSON), not yet checked against
/// OpenAPI's structure.
pub fn parse(name: &str, text: &str) -> Result<serde_json::Value, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError {
            file: name.to_owned(),
            location: None,
            pointer: None,
            message: "the file is empty; expected an OpenAPI 3.0 or 3.1 document".into(),
        });
    }
    if let Some(raw) = json::parse(text).or_else(|| yaml::parse(text)) {
        return Ok(raw);
    }
    parse_yaml(name, text)
}

/// [`parse`] of any text, JSON included, by serde_yaml: the way for what the fast paths leave.
/// JSON that YAML cannot read is read as JSON.
fn parse_yaml(name: &str, text: &str) -> Result<serde_json::Value, LoadError> {
    let yaml: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(yaml) => yaml,
        Err(yaml) => {
            return json_only::parse(text).map_err(|json| {
                // The text is invalid JSON, or it was meant as YAML.
                let (message, location) = if text.trim_start().starts_with(['{', '[']) {
                    let location = Location {
                        line: json.line(),
                        column: json.column(),
                    };
                    (json.to_string(), Some(location))
                } else {
                    let location = yaml.location().map(|l| Location {
                        line: l.line(),
                        column: l.column(),
                    });
                    (yaml.to_string(), location)
                };
                LoadError {
                    file: name.to_owned(),
                    location,
                    pointer: None,
                    message: format!("not valid YAML or JSON: {}", strip_serde_location(&message)),
                }
            });
        }
    };
    normalize::to_json(yaml, "#").map_err(|(pointer, message)| LoadError {
        file: name.to_owned(),
        location: locate::locate(text, &pointer),
        pointer: Some(pointer),
        message,
    })
}

/// The second stage of [`load`]: `raw`, what [`parse`] made of `text`, decoded as an OpenAPI 3.0
/// document, with the targets of its local references.
pub fn decode(name: &str, text: &str, mut raw: serde_json::Value) -> Result<LoadedSpec, LoadError> {
    let source = Source {
        name: name.to_owned(),
        text: text.to_owned(),
    };
    let error = |pointer: Option<String>, message: String| LoadError {
        file: name.to_owned(),
        location: pointer.as_deref().and_then(|p| locate::locate(text, p)),
        pointer,
        message,
    };

    let root = raw.as_object().ok_or_else(|| {
        error(
            Some("#".into()),
            format!(
                "expected a mapping at the top level, found {}",
                kind_of(&raw)
            ),
        )
    })?;
    if let Some(version) = root.get("swagger") {
        return Err(error(
            Some("#/swagger".into()),
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 is supported (convert it first, e.g. with swagger2openapi)",
                display_scalar(version)
            ),
        ));
    }
    let version = match root.get("openapi") {
        None => {
            return Err(error(
                Some("#".into()),
                "missing `openapi` version field; expected `openapi: 3.0.x` or `3.1.x`".into(),
            ));
        }
        Some(serde_json::Value::String(v)) if v.starts_with("3.0") || v31::is_v31(v) => v.clone(),
        Some(v) => {
            return Err(error(
                Some("#/openapi".into()),
                format!(
                    "unsupported OpenAPI version {}; expected 3.0.x or 3.1.x",
                    display_scalar(v)
                ),
            ));
        }
    };
    let translation = if v31::is_v31(&version) {
        v31::translate(&mut raw).map_err(|(pointer, message)| error(Some(pointer), message))?
    } else {
        v31::Translation::default()
    };
    let pointers = translation.pointers;
    // Every pointer below is into the translated document; messages name the original.
    let error = |pointer: String, message: String| {
        let pointer = pointers.original(&pointer);
        error(Some(pointer), message)
    };

    defaults::write_out(&mut raw);
    let document = decode_document(&raw).map_err(|(pointer, message)| error(pointer, message))?;
    let mut targets = targets::collect(&raw);
    if v31::is_v31(&version) {
        let failed = |(pointer, message)| error(pointer, message);
        targets.tuples = v31::tuples(&raw, &translation.tuples).map_err(failed)?;
        targets.webhooks = v31::webhooks(&raw).map_err(failed)?;
    }
    Ok(LoadedSpec {
        document,
        raw,
        targets,
        version,
        pointers,
        source,
    })
}

/// Decodes `value` as the openapiv3 type of a node of `kind`; the error message if it fails.
/// openapiv3 flattens extensions into most objects, which hides the path of a failure from
/// serde; descending by the document's structure ([`Kind::children`]) recovers it.
fn check(kind: Kind, value: &serde_json::Value) -> Result<(), String> {
    fn try_as<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<(), String> {
        serde_path_to_error::deserialize::<_, T>(value)
            .map(drop)
            .map_err(|e| e.inner().to_string())
    }
    use openapiv3::ReferenceOr as R;
    match kind {
        Kind::Document => try_as::<openapiv3::OpenAPI>(value),
        Kind::Paths => try_as::<openapiv3::Paths>(value),
        Kind::PathItem => try_as::<R<openapiv3::PathItem>>(value),
        Kind::Operation => try_as::<openapiv3::Operation>(value),
        Kind::Parameter => try_as::<R<openapiv3::Parameter>>(value),
        Kind::RequestBody => try_as::<R<openapiv3::RequestBody>>(value),
        Kind::Responses => try_as::<openapiv3::Responses>(value),
        Kind::Response => try_as::<R<openapiv3::Response>>(value),
        Kind::MediaType => try_as::<openapiv3::MediaType>(value),
        Kind::Encoding => try_as::<openapiv3::Encoding>(value),
        Kind::Header => try_as::<R<openapiv3::Header>>(value),
        Kind::Example => try_as::<R<openapiv3::Example>>(value),
        Kind::Link => try_as::<R<openapiv3::Link>>(value),
        Kind::Callback => try_as::<R<openapiv3::Callback>>(value),
        Kind::Schema => try_as::<R<openapiv3::Schema>>(value),
        Kind::Discriminator => try_as::<openapiv3::Discriminator>(value),
        Kind::Components => try_as::<openapiv3::Components>(value),
        Kind::SecurityScheme => try_as::<R<openapiv3::SecurityScheme>>(value),
        Kind::SecurityRequirement => try_as::<openapiv3::SecurityRequirement>(value),
    }
}

/// The deepest node under `pointer` that fails to decode, and why.
fn deepest_failure(
    value: &serde_json::Value,
    pointer: &str,
    kind: Kind,
) -> Option<(String, String)> {
    let message = check(kind, value).err()?;
    for (segment, child, kind) in kind.children(value) {
        if let Some(found) = deepest_failure(child, &format!("{pointer}/{segment}"), kind) {
            return Some(found);
        }
    }
    if message.contains("untagged enum") {
        if let Some(found) = explain_untagged(pointer, value, kind) {
            return Some(found);
        }
        return Some((
            pointer.to_owned(),
            format!("unexpected node: expected {}", kind.describe()),
        ));
    }
    Some((pointer.to_owned(), message))
}

/// Decodes the document; on failure, the pointer of the deepest failing node and what was
/// expected there, never only serde's "did not match any variant of untagged enum".
///
/// Callbacks describe requests the server makes, which a client does not send: they are left
/// out of the typed document (and so cannot fail to decode).
fn decode_document(value: &serde_json::Value) -> Result<openapiv3::OpenAPI, (String, String)> {
    let reference_string = |node: &serde_json::Value, kind: Kind| match kind {
        Kind::Callback => Visit::Skip,
        _ if kind.referable() && node.get("$ref").is_some_and(|r| !r.is_string()) => Visit::Stop,
        _ => Visit::Descend,
    };
    if !every_node(value, Kind::Document, &mut { reference_string }) {
        check_refs(value, "#", Kind::Document)?;
    }
    let without_callbacks;
    let value = if has_callbacks(value) {
        without_callbacks = strip_callbacks(value.clone());
        &without_callbacks
    } else {
        value
    };
    // The plain decode is the fast path; paths are tracked only to explain a failure.
    if let Ok(document) = openapiv3::OpenAPI::deserialize(value) {
        return Ok(document);
    }
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value).map_err(|err| {
        deepest_failure(value, "#", Kind::Document)
            .unwrap_or_else(|| (join_pointer("#", err.path()), err.inner().to_string()))
    })
}

/// The operations of each path item (and the components), where callbacks may be written.
fn operations_mut(
    document: &mut serde_json::Value,
) -> impl Iterator<Item = &mut serde_json::Map<String, serde_json::Value>> {
    document
        .get_mut("paths")
        .and_then(serde_json::Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(serde_json::Value::as_object_mut)
        .flat_map(|item| item.iter_mut())
        .filter(|(method, _)| crate::openapi::method(method).is_some())
        .filter_map(|(_, operation)| operation.as_object_mut())
}

fn has_callbacks(document: &serde_json::Value) -> bool {
    let in_components = document.pointer("/components/callbacks").is_some();
    let in_operations = document
        .get("paths")
        .and_then(serde_json::Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(serde_json::Value::as_object)
        .flat_map(|item| item.iter())
        .any(|(method, operation)| {
            crate::openapi::method(method).is_some() && operation.get("callbacks").is_some()
        });
    in_components || in_operations
}

fn strip_callbacks(mut document: serde_json::Value) -> serde_json::Value {
    for operation in operations_mut(&mut document) {
        operation.remove("callbacks");
    }
    if let Some(components) = document
        .get_mut("components")
        .and_then(serde_json::Value::as_object_mut)
    {
        components.remove("callbacks");
    }
    document
}

/// What [`every_node`] does at a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    /// Goes on below it.
    Descend,
    /// Leaves out what is below it.
    Skip,
    /// Stops the walk: the node is what was looked for.
    Stop,
}

/// Visits `value`, a node of `kind`, and the nodes under it by the document's structure (those
/// [`Kind::children`] lists, in the same order), building no pointers: the fast path of a walk
/// that needs a node's pointer only when it finds one. Whether the walk ran to its end without
/// stopping.
fn every_node(
    value: &serde_json::Value,
    kind: Kind,
    visit: &mut impl FnMut(&serde_json::Value, Kind) -> Visit,
) -> bool {
    match visit(value, kind) {
        Visit::Stop => return false,
        Visit::Skip => return true,
        Visit::Descend => {}
    }
    let Some(object) = value.as_object() else {
        return true;
    };
    object.iter().all(|(key, field)| match kind.field(key) {
        None => true,
        Some((Shape::OneOrFlag, _)) if field.is_boolean() => true,
        Some((Shape::One | Shape::OneOrFlag, child)) => every_node(field, child, visit),
        Some((Shape::List, child)) => field
            .as_array()
            .into_iter()
            .flatten()
            .all(|item| every_node(item, child, visit)),
        Some((Shape::Map, child)) => field
            .as_object()
            .into_iter()
            .flatten()
            .all(|(_, item)| every_node(item, child, visit)),
    })
}

/// Every `$ref` where a node may stand must be a string (openapiv3 would otherwise read the
/// node as an empty schema). The document is walked by its structure, so a property named
/// `$ref`, or a `$ref` inside an example, is not taken for a reference.
fn check_refs(
    value: &serde_json::Value,
    pointer: &str,
    kind: Kind,
) -> Result<(), (String, String)> {
    if kind == Kind::Callback {
        return Ok(());
    }
    if kind.referable() {
        if let Some(reference) = value.get("$ref") {
            if !reference.is_string() {
                return Err((
                    format!("{pointer}/$ref"),
                    format!("`$ref` must be a string, found {}", kind_of(reference)),
                ));
            }
        }
    }
    for (segment, child, kind) in kind.children(value) {
        check_refs(child, &format!("{pointer}/{segment}"), kind)?;
    }
    Ok(())
}

/// Explains a node that matched neither a `$ref` nor the object its position calls for.
fn explain_untagged(
    pointer: &str,
    node: &serde_json::Value,
    kind: Kind,
) -> Option<(String, String)> {
    let Some(object) = node.as_object() else {
        return Some((
            pointer.to_owned(),
            format!("expected {}, found {}", kind.describe(), kind_of(node)),
        ));
    };
    if let (Kind::Schema, Some(schema_type)) = (kind, object.get("type")) {
        if !schema_type.is_string() {
            return Some((
                format!("{pointer}/type"),
                format!("`type` must be a string, found {}", kind_of(schema_type)),
            ));
        }
        if let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::Type>(node) {
            return Some((pointer.to_owned(), e.inner().to_string()));
        }
    }
    None
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
        pointer.push_str(&pointer::escape(&part));
    }
    pointer
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

#[cfg(test)]
mod tests {
    /// The pointer and message of a spec that fails to load.
    fn failure(paths: &str) -> (String, String) {
        let text = format!("openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
        let error = super::load("t.yaml", &text).unwrap_err();
        (error.pointer.unwrap(), error.message)
    }

    #[test]
    fn json_that_yaml_refuses_loads_as_json() {
        let text = "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\u{80}\", \"version\": \"1\"}, \"paths\": {}, \"components\": {\"schemas\": {\"N\": {\"type\": \"integer\", \"minimum\": -9223372036854776000}}}}";
        let spec = super::load("t.json", text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(spec.document.info.title, "t\u{80}");
        assert_eq!(spec.raw["components"]["schemas"]["N"]["minimum"], i64::MIN);
        let broken =
            super::load("t.json", "{\"openapi\": \"3.0.0\",\n \"info\": \u{80}}").unwrap_err();
        assert_eq!(broken.location.map(|l| l.line), Some(2), "{broken}");
    }

    #[test]
    fn callbacks_are_not_part_of_the_client_and_never_fail_to_load() {
        let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      responses: {'200': {description: ok}}\n      callbacks:\n        done: {'{$url}': {$ref: '#/components/callbacks/x'}}\ncomponents:\n  callbacks:\n    x: {'{$url}': {post: {responses: 5}}}\n";
        let spec = super::load("t.yaml", text).unwrap();
        assert!(
            spec.document.paths.paths["/a"]
                .as_item()
                .unwrap()
                .post
                .as_ref()
                .unwrap()
                .callbacks
                .is_empty()
        );
        // The document as written is kept whole.
        assert!(spec.raw.pointer("/components/callbacks/x").is_some());
    }

    #[test]
    fn a_property_named_ref_is_a_property() {
        let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      example: {$ref: 5}\n      properties:\n        $ref: {type: string}\n";
        let spec = super::load("t.yaml", text).unwrap();
        let a = spec.document.components.unwrap().schemas["A"]
            .as_item()
            .unwrap()
            .clone();
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = a.schema_kind else {
            panic!("an object");
        };
        assert!(object.properties.contains_key("$ref"));
    }

    #[test]
    fn failures_are_found_under_every_kind_of_node() {
        let link = "  /a:\n    post:\n      responses:\n        '200':\n          description: ok\n          links: {next: {operationId: 5}}\n";
        assert_eq!(failure(link).0, "#/paths/~1a/post/responses/200/links/next");
        // An extension among the responses is not taken for a response.
        let responses = "  /a:\n    get:\n      responses: {x-note: 1, '200': 5}\n";
        assert_eq!(
            failure(responses),
            (
                "#/paths/~1a/get/responses/200".to_owned(),
                "invalid type: integer `5`, expected struct Response".to_owned()
            )
        );
    }
}

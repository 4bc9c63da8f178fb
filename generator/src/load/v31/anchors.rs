//! `$anchor` within the document: a schema with `$anchor: node` is what `$ref: "#node"` names.
//!
//! Only what is certain: the document is the one schema resource (no `$id` anywhere, which is
//! refused), so a plain-name fragment is an anchor of the document, unique in it. Each
//! reference to one is written as the JSON pointer of its schema (as the user wrote the
//! document, before the translation moved anything), which the references' usual retargeting
//! then follows. A duplicate anchor and an anchor that is not a name are refused where they are
//! written; a reference to an anchor no schema has is left as it is, for decoding to report as
//! unresolved. Values (`example`, `default`, `const`, `enum`, extensions) are data, never
//! rewritten.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{PointerMap, Refusal};

/// Takes the `$anchor` of the schema at `pointer` (translated) into `anchors`, by its name,
/// with the schema's original pointer.
pub(super) fn take(
    object: &mut Map<String, Value>,
    pointer: &str,
    map: &PointerMap,
    anchors: &mut BTreeMap<String, String>,
) -> Result<(), Refusal> {
    let Some(anchor) = object.remove("$anchor") else {
        return Ok(());
    };
    let original = map.original(pointer);
    let at = format!("{original}/$anchor");
    let Some(name) = anchor.as_str().filter(|name| is_name(name)) else {
        return Err((
            at,
            format!(
                "`$anchor` must be a name (a letter or `_`, then letters, digits, `-`, `_`, `.`), not {anchor}"
            ),
        ));
    };
    if let Some(first) = anchors.get(name) {
        return Err((
            at,
            format!("the anchor `{name}` is also the `$anchor` of {first}; each names one schema"),
        ));
    }
    anchors.insert(name.to_owned(), original);
    Ok(())
}

/// JSON Schema's anchor names: `^[A-Za-z_][-A-Za-z0-9._]*$`.
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Writes every `$ref: "#name"` under `value` naming an anchor as the pointer of the schema
/// that has it (percent-encoded as a URI fragment).
pub(super) fn resolve(value: &mut Value, anchors: &BTreeMap<String, String>) {
    const DATA: [&str; 5] = ["example", "examples", "default", "const", "enum"];
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                let name = reference
                    .strip_prefix('#')
                    .filter(|name| !name.starts_with('/'))
                    .map(percent_decoded);
                if let Some(target) = name.and_then(|name| anchors.get(&name)) {
                    *reference = target.replace('%', "%25");
                }
            }
            for (key, child) in object.iter_mut() {
                if !DATA.contains(&key.as_str()) && !key.starts_with("x-") {
                    resolve(child, anchors);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| resolve(item, anchors)),
        _ => {}
    }
}

/// A URI fragment with its `%XX` escapes decoded (an anchor name has none, but a reference
/// may escape its characters).
fn percent_decoded(fragment: &str) -> String {
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned()
}

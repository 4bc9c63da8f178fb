//! `$anchor`: a schema with `$anchor: node` is what `$ref: "#node"` names within its schema
//! resource (the document, or the schema with `$id` around it: [`super::ids`], which resolves
//! the references). A duplicate anchor in one resource and an anchor that is not a name are
//! refused where they are written.

use serde_json::{Map, Value};

use super::ids::Resources;
use super::{PointerMap, Refusal};

/// Takes the `$anchor` of the schema at `pointer` (translated) into `resources`, by its name,
/// with the schema's original pointer.
pub(super) fn take(
    object: &mut Map<String, Value>,
    pointer: &str,
    map: &PointerMap,
    resources: &mut Resources,
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
    if let Some(first) = resources.anchor(name, original) {
        return Err((
            at,
            format!("the anchor `{name}` is also the `$anchor` of {first}; each names one schema"),
        ));
    }
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

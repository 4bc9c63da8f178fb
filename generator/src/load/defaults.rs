//! Defaults of the specification that the typed document cannot tell from their absence,
//! written out before it is decoded: `explode` of an Encoding Object, which OpenAPI 3.0 makes
//! `true` for `style: form` (the default style) and `false` for the others, while `openapiv3`
//! reads a missing one as `false`.

use serde_json::Value;

use crate::openapi::Kind;

/// Writes `explode` into every Encoding Object that leaves it out.
pub(super) fn write_out(document: &mut Value) {
    let without_explode = |node: &Value, kind: Kind| match kind {
        Kind::Encoding if node.as_object().is_some_and(|e| !e.contains_key("explode")) => {
            super::Visit::Stop
        }
        Kind::Schema | Kind::Example | Kind::Discriminator | Kind::SecurityScheme => {
            super::Visit::Skip
        }
        _ => super::Visit::Descend,
    };
    if super::every_node(document, Kind::Document, &mut { without_explode }) {
        // Most documents: no Encoding Object leaves it out.
        return;
    }
    let mut missing = Vec::new();
    encodings_without_explode(document, "", Kind::Document, &mut missing);
    for pointer in missing {
        if let Some(Value::Object(encoding)) = document.pointer_mut(&pointer) {
            let form = encoding
                .get("style")
                .and_then(Value::as_str)
                .is_none_or(|style| style == "form");
            encoding.insert("explode".to_owned(), Value::Bool(form));
        }
    }
}

/// The pointers (RFC 6901, without `#`) of the Encoding Objects under `value`, a node of `kind`
/// at `pointer`, that have no `explode`. Schemas and examples, which hold none, are not walked.
fn encodings_without_explode(value: &Value, pointer: &str, kind: Kind, out: &mut Vec<String>) {
    for (segment, child, kind) in kind.children(value) {
        let child_pointer = format!("{pointer}/{segment}");
        match kind {
            Kind::Encoding => {
                if child
                    .as_object()
                    .is_some_and(|e| !e.contains_key("explode"))
                {
                    out.push(child_pointer.clone());
                }
                encodings_without_explode(child, &child_pointer, kind, out);
            }
            Kind::Schema | Kind::Example | Kind::Discriminator | Kind::SecurityScheme => {}
            _ => encodings_without_explode(child, &child_pointer, kind, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn explode_is_written_out_as_each_style_defaults_it() {
        let mut document = json!({"paths": {"/x": {"post": {"requestBody": {"content": {
            "application/x-www-form-urlencoded": {"encoding": {
                "plain": {},
                "form": {"style": "form"},
                "deep": {"style": "deepObject"},
                "pipes": {"style": "pipeDelimited"},
                "kept": {"style": "form", "explode": false}
            }}
        }}}}}});
        super::write_out(&mut document);
        let encoding = &document["paths"]["/x"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
            ["encoding"];
        let explode: Vec<bool> = ["plain", "form", "deep", "pipes", "kept"]
            .iter()
            .map(|name| encoding[name]["explode"].as_bool().unwrap())
            .collect();
        assert_eq!(explode, [true, true, false, false, false]);
    }
}

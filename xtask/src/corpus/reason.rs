//! Refusal messages normalised into reasons, so that one unsupported feature counts once across
//! specs. The spec-specific parts go: names in backticks become `…`, JSON pointers keep only
//! their OpenAPI keywords (`#/components/schemas/*/properties/*`), quoted values become "…",
//! numbers become N, and decode paths (`paths./a.get.responses`) become `<path>`. The feature
//! words stay: OpenAPI keywords in backticks (`$ref`, `content`, `style: form`), and media types,
//! which are put in a canonical form (lowercase, no parameters, sorted, at most
//! [`MEDIA_TYPES_SHOWN`] of them).
//!
//! [`feature`] goes one step further and drops the media types too, for a coarser ranking.

/// Media types named in a reason; a longer list is cut and counted.
const MEDIA_TYPES_SHOWN: usize = 3;

/// Words of the OpenAPI format: kept in backticks and in pointers; anything else is a name.
const KEYWORDS: &[&str] = &[
    "$ref",
    "additionalProperties",
    "allOf",
    "anyOf",
    "callbacks",
    "components",
    "content",
    "delete",
    "discriminator",
    "enum",
    "examples",
    "explode",
    "format",
    "get",
    "head",
    "headers",
    "in",
    "items",
    "links",
    "not",
    "nullable",
    "oneOf",
    "options",
    "parameters",
    "patch",
    "paths",
    "post",
    "properties",
    "put",
    "requestBodies",
    "requestBody",
    "required",
    "responses",
    "schema",
    "schemas",
    "securitySchemes",
    "style",
    "trace",
    "type",
];

/// The reason of a refusal message.
pub fn normalise(message: &str) -> String {
    let message = media_types(message);
    let message = replace_delimited(&message, '`', |before, inner| {
        // A parameter's or a scheme's name may be any word, a keyword too.
        let named = ["parameter ", "scheme "]
            .iter()
            .any(|w| before.ends_with(w));
        if !named && (KEYWORDS.contains(&inner) || inner.contains(": ") || inner.contains("<name>"))
        {
            inner.to_owned()
        } else if inner.starts_with("#/") {
            pointer_shape(inner)
        } else {
            "…".to_owned()
        }
    });
    let message = replace_delimited(&message, '"', |_, _| "…".to_owned());
    message
        .split(' ')
        .map(|word| {
            let bare = word.trim_end_matches([',', ';', ':', ')', '.']);
            let suffix = &word[bare.len()..];
            if let Some(replaced) = number_word(word) {
                replaced
            } else if is_decode_path(bare, suffix) {
                format!("<path>{suffix}")
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The kind of a compile error, from its message: numbers become N, and spec-derived model
/// names in backticks become `models::…`. Other names in backticks stay: they are the
/// generator's and the runtime's (`crate::models`, `string_enum`, `runtime::client::Upload`).
pub fn compile_error(message: &str) -> String {
    let message = replace_delimited(message, '`', |_, inner| {
        let mut kept = String::new();
        let mut rest = inner;
        while let Some(at) = rest.find("models::") {
            kept.push_str(&rest[..at + "models::".len()]);
            rest = rest[at + "models::".len()..]
                .trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
            kept.push('…');
        }
        kept.push_str(rest);
        kept
    });
    message
        .split(' ')
        .map(|word| match number_word(word) {
            Some(replaced) => replaced,
            None => word.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `12,` -> `N,`, `(3` -> `(N`; `None` when the word is not a number.
fn number_word(word: &str) -> Option<String> {
    let bare = word.trim_end_matches([',', ';', ':', ')', '.']);
    let suffix = &word[bare.len()..];
    let digits = bare.trim_start_matches(['-', '+', '(']);
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("{}N{suffix}", &bare[..bare.len() - digits.len()]))
}

/// `components.schemas.A.minimum:` or `paths./a.get.responses:`, as serde names a node.
fn is_decode_path(word: &str, suffix: &str) -> bool {
    suffix.starts_with(':')
        && (word.contains('.') || word.contains('['))
        && (!word.contains('/') || word.starts_with("paths./"))
}

/// A coarser reason: [`normalise`]d, with media types dropped too.
pub fn feature(reason: &str) -> String {
    match media_list_span(reason) {
        Some((start, end)) => format!("{}…{}", &reason[..start], &reason[end..]),
        None => reason.to_owned(),
    }
}

/// Where the list of media types after "content type " ends: before " is " (the generator's
/// "content type X, Y is not supported").
fn media_list_span(message: &str) -> Option<(usize, usize)> {
    const BEFORE: &str = "content type ";
    let start = message.find(BEFORE)? + BEFORE.len();
    let end = start + message[start..].find(" is ")?;
    Some((start, end))
}

/// Puts a list of media types in canonical form.
fn media_types(message: &str) -> String {
    let Some((start, end)) = media_list_span(message) else {
        return message.to_owned();
    };
    let mut types: Vec<String> = message[start..end]
        .split(',')
        .map(|t| {
            t.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|t| !t.is_empty())
        .collect();
    types.sort();
    types.dedup();
    let mut list = types
        .iter()
        .take(MEDIA_TYPES_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if types.len() > MEDIA_TYPES_SHOWN {
        list.push_str(" and N more");
    }
    format!("{}{list}{}", &message[..start], &message[end..])
}

/// `#/components/schemas/Disk/properties/size` -> `#/components/schemas/*/properties/*`.
fn pointer_shape(pointer: &str) -> String {
    let mut shape = String::from("#");
    for segment in pointer.trim_start_matches('#').split('/').skip(1) {
        shape.push('/');
        shape.push_str(if KEYWORDS.contains(&segment) {
            segment
        } else {
            "*"
        });
    }
    format!("`{shape}`")
}

/// Replaces each `delim`-enclosed span (delimiters included) by what `replace` makes of the
/// text before it and its inside; an unclosed delimiter is left as it is.
fn replace_delimited(text: &str, delim: char, replace: impl Fn(&str, &str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(delim) {
        let after = &rest[open + 1..];
        let Some(close) = after.find(delim) else {
            break;
        };
        out.push_str(&rest[..open]);
        let replaced = replace(&out, &after[..close]);
        if replaced.starts_with(delim) {
            out.push_str(&replaced);
        } else {
            out.push(delim);
            out.push_str(&replaced);
            out.push(delim);
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_go_and_keywords_stay() {
        assert_eq!(
            normalise("query parameter `filter`: only `style: form` is supported"),
            "query parameter `…`: only `style: form` is supported"
        );
        assert_eq!(
            normalise("parameter `q` uses `content`; only `schema` is supported"),
            "parameter `…` uses `content`; only `schema` is supported"
        );
        assert_eq!(
            normalise("parameter `headers` is an object; object parameters are not supported"),
            "parameter `…` is an object; object parameters are not supported"
        );
        assert_eq!(
            normalise("path parameter `{id}` in `/a/{id}` is not declared in `parameters`"),
            "path parameter `…` in `…` is not declared in `parameters`"
        );
        assert_eq!(
            normalise("`$ref` must be a string, found a mapping"),
            "`$ref` must be a string, found a mapping"
        );
        assert_eq!(
            normalise(
                "HTTP authentication scheme `negotiate` is not supported (bearer and basic are)"
            ),
            "HTTP authentication scheme `…` is not supported (bearer and basic are)"
        );
    }

    #[test]
    fn pointers_keep_their_shape() {
        assert_eq!(
            normalise(
                "unsupported `$ref` `#/components/schemas/Disk/properties/filesystem`: expected `#/components/schemas/<name>`"
            ),
            "unsupported `$ref` `#/components/schemas/*/properties/*`: expected `#/components/schemas/<name>`"
        );
        assert_eq!(
            normalise(
                "unsupported `$ref` `#/paths/~1jobs~1%7Bid%7D/get/responses/401`: expected `#/components/responses/<name>`"
            ),
            "unsupported `$ref` `#/paths/*/get/responses/*`: expected `#/components/responses/<name>`"
        );
    }

    #[test]
    fn numbers_quotes_and_decode_paths_go() {
        assert_eq!(
            normalise(
                "not valid YAML or JSON: control characters are not allowed at position 2067126"
            ),
            "not valid YAML or JSON: control characters are not allowed at position N"
        );
        assert_eq!(
            normalise(
                "not valid YAML or JSON: components.schemas.Device.properties.size.minimum: invalid type: integer `-9223372036854776000` as i128, expected any YAML value"
            ),
            "not valid YAML or JSON: <path>: invalid type: integer `…` as i128, expected any YAML value"
        );
        assert_eq!(
            normalise(
                "invalid type: string \"#/components/callbacks/x\", expected struct PathItem"
            ),
            "invalid type: string \"…\", expected struct PathItem"
        );
        assert_eq!(normalise("allOf branch 2 (of 3)"), "allOf branch N (of N)");
    }

    #[test]
    fn compile_errors_keep_the_generators_names_and_drop_the_specs() {
        assert_eq!(
            compile_error("unused import: `crate::models`"),
            "unused import: `crate::models`"
        );
        assert_eq!(
            compile_error(
                "no method named `to_string` found for type parameter `impl Into<models::SectionJson>` in the current scope"
            ),
            "no method named `to_string` found for type parameter `impl Into<models::…>` in the current scope"
        );
        assert_eq!(
            compile_error("mismatched types in `models::A` and `models::B_c`, 3 times"),
            "mismatched types in `models::…` and `models::…`, N times"
        );
    }

    #[test]
    fn media_types_are_canonical_and_features_drop_them() {
        let reason = normalise(
            "success response content type text/plain; charset=utf-8, Application/PDF is not supported yet (JSON is); the body would be lost",
        );
        assert_eq!(
            reason,
            "success response content type application/pdf, text/plain is not supported yet (JSON is); the body would be lost"
        );
        assert_eq!(
            feature(&reason),
            "success response content type … is not supported yet (JSON is); the body would be lost"
        );
        assert_eq!(
            normalise("request body content type a/1, a/2, a/3, a/4, a/5 is not supported"),
            "request body content type a/1, a/2, a/3 and N more is not supported"
        );
        assert_eq!(feature("no media types here"), "no media types here");
    }
}

//! Media types: which are JSON, text, binary or something else, as requests and responses
//! treat them.

/// What a media type is, for choosing how a body travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MediaClass {
    /// `application/json` (with parameters), `text/json`, `*/*+json`, and `*/*`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`.
    Text,
    /// A concrete binary type: `application/octet-stream`, `application/pdf`, archives, office
    /// documents, and every concrete `image/`, `audio/`, `video/` and `font/` type but SVG.
    Binary,
    /// Anything else: XML, patterns such as `image/*`, types the generator does not know.
    Other,
}

/// The media type without parameters, trimmed and in lower case: `Application/JSON; charset=utf-8`
/// -> `application/json`.
pub(super) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// A pattern such as `image/*` or `*/*`, which names no one type.
pub(super) fn is_pattern(media_type: &str) -> bool {
    essence(media_type).contains('*')
}

/// Concrete `application/` types whose content is binary.
const BINARY_APPLICATION: &[&str] = &[
    "octet-stream",
    "pdf",
    "zip",
    "gzip",
    "x-gzip",
    "x-tar",
    "x-bzip2",
    "x-7z-compressed",
    "x-rar-compressed",
    "vnd.rar",
    "java-archive",
    "wasm",
    "msword",
    "vnd.ms-excel",
    "vnd.ms-powerpoint",
    "protobuf",
    "x-protobuf",
    "vnd.google.protobuf",
    "x-pkcs12",
    "pkcs8",
    "pkix-cert",
    "x-x509-ca-cert",
    "vnd.android.package-archive",
];

/// The class of a media type.
pub(super) fn classify(media_type: &str) -> MediaClass {
    let essence = essence(media_type);
    let (top, sub) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    match (top, sub) {
        ("application", "json") | ("text", "json") | ("*", "*") => MediaClass::Json,
        (_, sub) if sub.ends_with("+json") => MediaClass::Json,
        ("application", "x-www-form-urlencoded") => MediaClass::Form,
        ("multipart", "form-data") => MediaClass::Multipart,
        ("text", _) => MediaClass::Text,
        (_, "*") => MediaClass::Other,
        ("image", "svg+xml") => MediaClass::Other,
        ("image" | "audio" | "video" | "font", _) => MediaClass::Binary,
        ("application", sub)
            if BINARY_APPLICATION.contains(&sub)
                || sub.starts_with("vnd.openxmlformats-officedocument.")
                || sub.starts_with("vnd.oasis.opendocument.") =>
        {
            MediaClass::Binary
        }
        _ => MediaClass::Other,
    }
}

/// Whether a body of this media type is JSON.
pub(super) fn is_json(media_type: &str) -> bool {
    classify(media_type) == MediaClass::Json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_all_its_spellings() {
        for json in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/problem+json",
            "application/vnd.api+json",
            "text/json",
            "*/*",
        ] {
            assert_eq!(classify(json), MediaClass::Json, "{json}");
        }
        assert_ne!(classify("application/jsonl"), MediaClass::Json);
    }

    #[test]
    fn binary_text_and_the_rest() {
        for binary in [
            "application/pdf",
            "application/octet-stream",
            "application/zip",
            "image/png",
            "audio/mpeg",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ] {
            assert_eq!(classify(binary), MediaClass::Binary, "{binary}");
        }
        for text in [
            "text/plain",
            "text/csv",
            "text/html; charset=utf-8",
            "text/xml",
        ] {
            assert_eq!(classify(text), MediaClass::Text, "{text}");
        }
        for other in [
            "application/xml",
            "image/*",
            "image/svg+xml",
            "application/x-ndjson",
        ] {
            assert_eq!(classify(other), MediaClass::Other, "{other}");
        }
        assert_eq!(
            classify("application/x-www-form-urlencoded"),
            MediaClass::Form
        );
        assert_eq!(classify("multipart/form-data"), MediaClass::Multipart);
        assert!(is_pattern("image/*") && is_pattern("*/*") && !is_pattern("image/png"));
    }
}

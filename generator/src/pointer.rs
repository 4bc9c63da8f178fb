//! JSON pointers (RFC 6901) as the generator writes them in messages: `#/a/b~1c`.

/// Escapes one segment (`~` -> `~0`, `/` -> `~1`).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one segment.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `base` with one more segment, escaped.
pub fn join(base: &str, segment: &str) -> String {
    format!("{base}/{}", escape(segment))
}

/// The unescaped segments of a pointer (`#/a/b`, `/a/b` or `#`).
pub fn split(pointer: &str) -> Vec<String> {
    let path = pointer.strip_prefix('#').unwrap_or(pointer);
    path.split('/').skip(1).map(unescape).collect()
}

/// The pointer a local `$ref` names (`#/paths/~1a~1%7Bid%7D` -> `#/paths/~1a~1{id}`): a URI
/// fragment, so percent-decoded. `None` for a reference to another document.
pub fn from_reference(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    Some(format!("#{decoded}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_uri_fragments() {
        assert_eq!(
            from_reference("#/paths/~1a~1%7Bid%7D/get").as_deref(),
            Some("#/paths/~1a~1{id}/get")
        );
        assert_eq!(from_reference("other.yaml#/a"), None);
    }

    #[test]
    fn round_trips_awkward_segments() {
        let pointer = join(&join("#/paths", "/a/{b}"), "x~y");
        assert_eq!(pointer, "#/paths/~1a~1{b}/x~0y");
        assert_eq!(split(&pointer), ["paths", "/a/{b}", "x~y"]);
        assert_eq!(split("#"), Vec::<String>::new());
        assert_eq!(unescape("~01"), "~1");
    }
}

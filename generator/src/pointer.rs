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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_awkward_segments() {
        let pointer = join(&join("#/paths", "/a/{b}"), "x~y");
        assert_eq!(pointer, "#/paths/~1a~1{b}/x~0y");
        assert_eq!(split(&pointer), ["paths", "/a/{b}", "x~y"]);
        assert_eq!(split("#"), Vec::<String>::new());
        assert_eq!(unescape("~01"), "~1");
    }
}

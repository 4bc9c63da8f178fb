//! Where the translation moved nodes: each pointer of the translated document back to the node
//! of the original one it came from, so messages name and locate what the user wrote; and each
//! original pointer forward, so a `$ref` into a moved node still reaches it.

/// Moved subtrees: the translated pointer of each, with the original pointer it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointerMap {
    /// Every move, made-up nodes included: (translated, original).
    moves: Vec<(String, String)>,
    /// Only the subtrees moved whole, which a reference may still name: (translated, original).
    whole: Vec<(String, String)>,
}

impl PointerMap {
    /// Records that the subtree at `original` now sits at `translated`.
    pub(super) fn moved(&mut self, translated: String, original: String) {
        if translated != original {
            self.whole.push((translated.clone(), original.clone()));
            self.moves.push((translated, original));
        }
    }

    /// Records that the translation made up the node at `translated` from the node at
    /// `original` (the `{"$ref"}` branch of an `allOf` wrapped around a reference with
    /// siblings): messages about it name `original`, and a reference to `original` still
    /// names the node there.
    pub(super) fn made(&mut self, translated: String, original: String) {
        self.moves.push((translated, original));
    }

    /// Whether nothing moved (always so for an OpenAPI 3.0 document).
    pub fn is_identity(&self) -> bool {
        self.moves.is_empty()
    }

    /// The original pointer of the node at `translated`.
    pub fn original(&self, translated: &str) -> String {
        rebase(&self.moves, translated, |(to, from)| (to, from))
    }

    /// The translated pointer of the node at `original`.
    pub(super) fn translated(&self, original: &str) -> String {
        rebase(&self.whole, original, |(to, from)| (from, to))
    }
}

/// `pointer` with its longest moved prefix (on a segment boundary) replaced by where that prefix
/// went; `pick` says which side of a move is matched and which replaces it.
fn rebase<'a>(
    moves: &'a [(String, String)],
    pointer: &str,
    pick: impl Fn((&'a String, &'a String)) -> (&'a String, &'a String),
) -> String {
    let best = moves
        .iter()
        .map(|(to, from)| pick((to, from)))
        .filter(|(prefix, _)| {
            pointer
                .strip_prefix(prefix.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
        .max_by_key(|(prefix, _)| prefix.len());
    match best {
        Some((prefix, replacement)) => format!("{replacement}{}", &pointer[prefix.len()..]),
        None => pointer.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::PointerMap;

    #[test]
    fn the_longest_moved_prefix_decides() {
        let mut map = PointerMap::default();
        map.made("#/a/allOf/0".into(), "#/a".into());
        map.moved("#/a/allOf/1/properties".into(), "#/a/properties".into());
        map.made(
            "#/a/allOf/1/properties/b/allOf/0".into(),
            "#/a/properties/b".into(),
        );
        map.moved("#/c/oneOf/1".into(), "#/c/oneOf/2".into());
        assert_eq!(map.original("#/a/allOf/0/$ref"), "#/a/$ref");
        assert_eq!(map.original("#/a/allOf/1/properties/b"), "#/a/properties/b");
        assert_eq!(
            map.original("#/a/allOf/1/properties/b/allOf/0/$ref"),
            "#/a/properties/b/$ref"
        );
        assert_eq!(map.original("#/c/oneOf/1/type"), "#/c/oneOf/2/type");
        assert_eq!(
            map.original("#/c/oneOf/10"),
            "#/c/oneOf/10",
            "segments, not text"
        );
        assert_eq!(map.original("#/d"), "#/d");
        assert_eq!(map.translated("#/c/oneOf/2/type"), "#/c/oneOf/1/type");
        assert_eq!(
            map.translated("#/a/properties/b"),
            "#/a/allOf/1/properties/b"
        );
        assert_eq!(
            map.translated("#/a"),
            "#/a",
            "a made-up node is never referenced"
        );
        assert!(!map.is_identity());
        assert!(PointerMap::default().is_identity());
    }
}

//! The lines of `API.txt`, the listing of a generated crate's public API: [`ApiItem`], how one
//! is written ([`ApiItem`]'s `Display`, the one writer of a line) and read back
//! ([`ApiItem::parse`], [`parse_listing`]), and their order. Emission makes the items from the
//! IR (`emit/listing.rs`) and writes them; [`crate::diff`] reads and compares them. Plain text
//! in, plain text out: this module depends on no stage.

use std::cmp::Ordering;
use std::fmt;

/// Note: deprecated in the spec. Informational.
pub const NOTE_DEPRECATED: &str = "#[deprecated]";
/// Note on a struct: it derives `Default`. Losing it breaks `..Default::default()`.
pub const NOTE_DEFAULT: &str = "impl Default";
/// Note on a struct: callers build it to send it in a request body, so a field added to it must
/// be optional to keep their code compiling.
pub const NOTE_REQUEST: &str = "request body";
/// Prefix of the note on an operation naming its error body type. Changing it breaks callers.
pub const NOTE_ERROR: &str = "error ";
/// Prefix of the note on an operation naming its request builder type. Changing it breaks
/// callers who name the builder.
pub const NOTE_BUILDER: &str = "builder ";
/// Prefix of the note `[feature: a, b]` on an item compiled only with one of these cargo
/// features; an item with several such notes needs one feature of each. Needing more (a feature
/// gone from a note, a new note) breaks callers whose features no longer compile it.
pub const NOTE_FEATURE: &str = "[feature: ";

/// One item of the public API: one line of `API.txt`.
///
/// A line is the key, the signature right after it, then each note after two spaces:
///
/// ```text
/// op get_webhooks(workspace: String) -> GetWebhooksResponse  GET /webhooks  error ErrorResponse  builder webhooks::GetWebhooks
/// op get_webhooks.limit(i64)  query limit
/// struct WebhookResponse.active: Option<bool>
/// enum WebhookOptField::Active = "active"
/// ```
///
/// Keys are `KIND NAME`, `KIND NAME.MEMBER` or `KIND NAME::MEMBER` with ASCII identifiers;
/// signatures and notes never contain two spaces in a row outside a quoted string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiItem {
    /// What the item is, unique in an API: `op get_webhooks`, `op get_webhooks.limit`,
    /// `struct WebhookResponse.active`, `enum WebhookOptField::Active`.
    pub key: String,
    /// Its shape as Rust callers see it, written right after the key: `(workspace: String) ->
    /// GetWebhooksResponse`, `(i64)`, `: Option<bool>`, ` = "active"`; empty for type headers.
    /// Any change to it breaks callers.
    pub signature: String,
    /// Further facts: a route, a parameter's location, `#[deprecated]`. Informational, except
    /// [`NOTE_DEFAULT`], [`NOTE_ERROR`], [`NOTE_BUILDER`] and [`NOTE_FEATURE`].
    pub notes: Vec<String>,
}

impl ApiItem {
    /// Reads one line of `API.txt`; `None` for blank and `#` comment lines. Lenient: a line that
    /// is not `KIND NAME...` becomes an item keyed by the whole line.
    pub fn parse(line: &str) -> Option<ApiItem> {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let (key, rest) = line.split_at(key_len(line));
        let mut segments = split_segments(rest).into_iter();
        let signature = segments.next().unwrap_or_default().to_owned();
        Some(ApiItem {
            key: key.to_owned(),
            signature,
            notes: segments.map(str::to_owned).collect(),
        })
    }

    /// `(kind, name, member)` of the key; `member` is empty for top-level items.
    pub(crate) fn key_parts(&self) -> (&str, &str, &str) {
        key_parts(&self.key)
    }
}

impl fmt::Display for ApiItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.key, self.signature)?;
        for note in &self.notes {
            write!(f, "  {note}")?;
        }
        Ok(())
    }
}

/// Items sort by kind, then type or operation name, then member, so members follow their owner.
impl Ord for ApiItem {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key_parts()
            .cmp(&other.key_parts())
            .then_with(|| self.key.cmp(&other.key))
            .then_with(|| self.signature.cmp(&other.signature))
            .then_with(|| self.notes.cmp(&other.notes))
    }
}

/// Sorts items as their `Ord` does, finding the parts of each key once: a sort compares each
/// item many times.
pub(crate) fn sort(items: &mut Vec<ApiItem>) {
    let parts: Vec<(&str, &str, &str)> = items.iter().map(ApiItem::key_parts).collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        parts[a]
            .cmp(&parts[b])
            .then_with(|| items[a].cmp(&items[b]))
    });
    drop(parts);
    let mut slots: Vec<Option<ApiItem>> = std::mem::take(items).into_iter().map(Some).collect();
    *items = order
        .into_iter()
        .map(|i| slots[i].take().expect("each index comes once"))
        .collect();
}

impl PartialOrd for ApiItem {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Where the key ends: `KIND NAME`, then `.MEMBER` or `::MEMBER` if present.
fn key_len(line: &str) -> usize {
    let Some(space) = line.find(' ') else {
        return line.len();
    };
    let ident_end = |from: usize| {
        line[from..]
            .find(|c: char| !is_ident_char(c))
            .map_or(line.len(), |i| from + i)
    };
    let name_end = ident_end(space + 1);
    if name_end == space + 1 {
        return line.len();
    }
    for separator in [".", "::"] {
        if line[name_end..].starts_with(separator) {
            let start = name_end + separator.len();
            let end = ident_end(start);
            if end > start {
                return end;
            }
        }
    }
    name_end
}

pub(crate) fn key_parts(key: &str) -> (&str, &str, &str) {
    let (kind, rest) = key.split_once(' ').unwrap_or((key, ""));
    match rest.find(['.', ':']) {
        Some(i) => (kind, &rest[..i], rest[i..].trim_start_matches(['.', ':'])),
        None => (kind, rest, ""),
    }
}

/// Splits on two spaces outside double-quoted strings (where `\` escapes).
fn split_segments(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut segments = Vec::new();
    let (mut start, mut i, mut quoted) = (0, 0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quoted => i += 1,
            b'"' => quoted = !quoted,
            b' ' if !quoted && bytes.get(i + 1) == Some(&b' ') => {
                segments.push(&text[start..i]);
                i += 2;
                start = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    segments.push(&text[start..]);
    segments
}

/// Reads `API.txt` back into items, skipping its header and blank lines.
pub fn parse_listing(text: &str) -> Vec<ApiItem> {
    text.lines().filter_map(ApiItem::parse).collect()
}

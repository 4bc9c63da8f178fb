//! Text escaped for its place in the written Markdown: what Markdown would read as syntax, bare
//! URLs made autolinks, code spans, link destinations and titles.

/// Where a text is written, which decides what in it must be escaped.
#[derive(Clone, Copy, Default)]
pub(super) struct Place {
    /// First on its line: a block marker here would open a block.
    pub(super) line_start: bool,
    pub(super) table: bool,
    pub(super) heading: bool,
    /// In a link's text, where a URL is not made a link again.
    pub(super) in_link: bool,
    /// A link follows: a `!` before it would make it an image.
    pub(super) before_link: bool,
}

/// Text escaped so Markdown reads it as the same text where it is written, with bare URLs
/// made autolinks.
pub(super) fn escape(text: &str, place: Place) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    if place.line_start {
        i = escape_line_start(&chars, &mut out);
    }
    while i < chars.len() {
        let c = chars[i];
        if let Some(len) = (c == 'h' && !place.in_link)
            .then(|| bare_url(&chars[i..]))
            .flatten()
        {
            out.push('<');
            out.extend(&chars[i..i + len]);
            out.push('>');
            i += len;
            continue;
        }
        let before = i.checked_sub(1).map(|p| chars[p]);
        let after = chars.get(i + 1).copied();
        let spaced =
            before.is_some_and(char::is_whitespace) && after.is_some_and(char::is_whitespace);
        match c {
            // Between spaces, neither opens nor closes emphasis.
            '*' | '_' | '~' if spaced => out.push(c),
            '\\' | '*' | '`' | '~' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric)) =>
            {
                out.push_str("\\_");
            }
            // Not an HTML tag, for rustdoc as for the parser.
            '<' => out.push_str("&lt;"),
            '&' if is_entity(&chars[i + 1..]) => out.push_str("&amp;"),
            '|' if place.table => out.push_str("\\|"),
            // From an entity: bidirectional controls never reach a comment, and other controls
            // (a line break among them) stay entities.
            c if super::super::is_bidi_control(c) => {}
            c if c.is_control() => out.push_str(&format!("&#{};", u32::from(c))),
            '#' if place.heading => out.push_str("\\#"),
            '!' if place.before_link && i + 1 == chars.len() => out.push_str("\\!"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Escapes what would open a block at the start of a line (a heading's `#`, a quote's `>`, a
/// list marker, a heading underline): the number of characters written.
fn escape_line_start(chars: &[char], out: &mut String) -> usize {
    let ends_marker = |at: usize| chars.get(at).is_none_or(|c| c.is_whitespace());
    let Some(&first) = chars.first() else {
        return 0;
    };
    let marker = match first {
        '>' => true,
        '#' => {
            let run = chars.iter().take_while(|c| **c == '#').count();
            run <= 6 && ends_marker(run)
        }
        '-' | '+' | '=' => {
            ends_marker(1)
                || (first != '+' && chars.iter().all(|c| *c == first || c.is_whitespace()))
        }
        c if c.is_ascii_digit() => {
            let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits < 10
                && matches!(chars.get(digits), Some('.' | ')'))
                && ends_marker(digits + 1)
            {
                out.extend(&chars[..digits]);
                out.push('\\');
                out.push(chars[digits]);
                return digits + 1;
            }
            false
        }
        _ => false,
    };
    if marker {
        out.push('\\');
        out.push(first);
        1
    } else {
        0
    }
}

/// `&name;` or `&#123;` after a `&`: text that Markdown would decode.
fn is_entity(chars: &[char]) -> bool {
    let body = chars
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    body > 0 && chars.get(body) == Some(&';')
}

/// The length of the `http://` or `https://` URL at the start of `chars`, if any: up to
/// whitespace, `<`, `>`, `"` or a `)` it does not open, without trailing punctuation.
fn bare_url(chars: &[char]) -> Option<usize> {
    let scheme = if starts_with(chars, "https://") {
        8
    } else if starts_with(chars, "http://") {
        7
    } else {
        return None;
    };
    let mut depth = 0usize;
    let mut end = chars.len();
    for (i, c) in chars.iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => {
                end = i;
                break;
            }
            ')' => depth -= 1,
            c if c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`') => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    while end > scheme && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
        end -= 1;
    }
    (end > scheme).then_some(end)
}

fn starts_with(chars: &[char], prefix: &str) -> bool {
    let mut it = chars.iter();
    prefix.chars().all(|p| it.next() == Some(&p))
}

/// A code span around `text`, with more backticks than any run in it.
pub(super) fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty());
    let pad = if pad { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// A link destination: as it is, or in `<...>` when it has spaces, brackets or unbalanced
/// parentheses.
pub(super) fn destination(dest: &str) -> String {
    let mut depth = 0i32;
    let balanced = dest.chars().all(|c| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        depth >= 0
    }) && depth == 0;
    if !dest.is_empty()
        && balanced
        && !dest.contains(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>'))
    {
        dest.replace('\\', "\\\\")
    } else {
        let escaped: String = dest
            .chars()
            .flat_map(|c| match c {
                '<' | '>' | '\\' => vec!['\\', c],
                '\n' | '\r' => vec![' '],
                c => vec![c],
            })
            .collect();
        format!("<{escaped}>")
    }
}

pub(super) fn link_title(title: &str) -> String {
    if title.is_empty() {
        return String::new();
    }
    let escaped = title
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\n', '\r'], " ");
    format!(" \"{escaped}\"")
}

//! Spec descriptions -> rustdoc-safe Markdown.
//!
//! - HTML that specs use inline (`<b>`, `<strong>`, `<i>`, `<em>`, `<code>`, `<a href>`, `<br>`,
//!   `<p>`, `<ul>/<ol>/<li>`, entities) becomes Markdown;
//! - every fenced block becomes ```` ```text ```` so nothing runs as a doctest, and indented lines
//!   are pulled in so they never form an (executable) indented code block;
//! - bare URLs are wrapped in `<...>`, and brackets that are not Markdown links are escaped so
//!   rustdoc does not take them for intra-doc links;
//! - Unicode bidirectional controls are removed from every text, and tabs become spaces
//!   ([`plain`]).

use std::borrow::Cow;

/// Unicode bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to
/// U+2069): rustc refuses them in comments, and they are how "Trojan source" hides code.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Any text from a spec, safe to print in a comment: without bidirectional controls, and with
/// each tab four spaces (clippy's `tabs_in_doc_comments`). Every doc the generator writes
/// passes through here.
pub fn plain(text: &str) -> Cow<'_, str> {
    if text.contains(|c| is_bidi_control(c) || c == '\t') {
        let mut out = String::with_capacity(text.len());
        for c in text.chars().filter(|c| !is_bidi_control(*c)) {
            match c {
                '\t' => out.push_str("    "),
                c => out.push(c),
            }
        }
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Cleans one description; `None` when nothing is left.
pub fn markdown(text: &str) -> Option<String> {
    let text = convert_outside_fences(&plain(text));
    // Lines, and whether each is prose (escaped below, a block at a time, so that links and
    // code spans may wrap across lines).
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut in_fence: Option<String> = None;
    let mut list_indent: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(fence) = &in_fence {
            if trimmed.starts_with(fence.as_str()) {
                out.push((fence.clone(), false));
                in_fence = None;
            } else {
                out.push((line.trim_end().to_owned(), false));
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            out.push((format!("{fence}text"), false));
            in_fence = Some(fence);
            continue;
        }
        if trimmed.is_empty() {
            out.push((String::new(), true));
            list_indent = None;
            continue;
        }
        let indent = line.len() - trimmed.len();
        let mut kept = indent.min(3);
        match list_marker_width(trimmed) {
            // A list item: its continuation lines must be indented to its text.
            Some(width) => list_indent = Some(kept + width),
            // A lazy continuation line of the current list item gets that indentation.
            None => kept = kept.max(list_indent.unwrap_or(0)),
        }
        out.push((format!("{}{}", " ".repeat(kept), trimmed.trim_end()), true));
    }
    if let Some(fence) = in_fence {
        out.push((fence, false));
    }
    let out = escape_prose_blocks(out);
    // Collapse runs of blank lines, trim the ends.
    let mut collapsed: Vec<String> = Vec::with_capacity(out.len());
    for line in out {
        if line.is_empty() && collapsed.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        collapsed.push(line);
    }
    while collapsed.last().is_some_and(|l| l.is_empty()) {
        collapsed.pop();
    }
    if collapsed.is_empty() {
        None
    } else {
        Some(collapsed.join("\n"))
    }
}

/// Escapes each run of consecutive prose lines as one block; fenced lines stay as they are.
fn escape_prose_blocks(lines: Vec<(String, bool)>) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut block: Vec<String> = Vec::new();
    let flush = |block: &mut Vec<String>, out: &mut Vec<String>| {
        if !block.is_empty() {
            out.extend(
                escape_inline(&block.join("\n"))
                    .split('\n')
                    .map(str::to_owned),
            );
            block.clear();
        }
    };
    for (line, prose) in lines {
        if prose {
            block.push(line);
        } else {
            flush(&mut block, &mut out);
            out.push(line);
        }
    }
    flush(&mut block, &mut out);
    out
}

/// The width of a list marker (`- `, `* `, `+ `, `1. `) at the start of a line, if any.
fn list_marker_width(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits >= 10 || !line[digits..].starts_with('.') {
            return None;
        }
        digits + 1
    };
    // CommonMark: the text starts after one to four spaces; with five or more, the item's text
    // is an indented block one space after the marker.
    match line[marker..].chars().take_while(|c| *c == ' ').count() {
        0 => None,
        spaces @ 1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// The one-line description of the cargo feature of an operations module, for the manifest:
/// ``The 2 operations tagged `Webhooks` (`operations::webhooks`) and the models they use.``
pub fn feature(tag: &str, module: &str, operations: usize) -> String {
    // One line of a TOML comment: no line breaks nor other controls.
    let tag: String = plain(tag).split_whitespace().collect::<Vec<_>>().join(" ");
    let tag: String = tag.chars().filter(|c| !c.is_control()).collect();
    let (what, uses) = if operations == 1 {
        ("The operation".to_owned(), "it uses")
    } else {
        (format!("The {operations} operations"), "they use")
    };
    format!("{what} tagged `{tag}` (`operations::{module}`) and the models {uses}.")
}

/// A one-line summary (an operation's `summary`, a title): its first line, cleaned like any
/// description; `None` when nothing is left.
pub fn summary(text: &str) -> Option<String> {
    markdown(first_line(text))
}

/// The docs of a parameter enum: which parameter of which operations it holds.
pub fn param_enum(wire: &str, operations: &[String]) -> String {
    let operations: Vec<String> = operations.iter().map(|o| format!("`{o}`")).collect();
    format!(
        "Values of the `{}` parameter of {}.",
        plain(wire),
        operations.join(", ")
    )
}

/// The docs of the alias naming an operation's success body, or its error body.
pub fn body_alias(operation: &str, error: bool) -> String {
    if error {
        format!("The body of an error status of `{operation}`.")
    } else {
        format!("The body of a successful `{operation}`.")
    }
}

/// The first sentence or line of a text, for one-line summaries.
pub fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// Converts HTML to Markdown everywhere but inside fenced blocks, which stay verbatim.
fn convert_outside_fences(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prose = String::new();
    let mut fence: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        match &fence {
            Some(open) => {
                out.push_str(line);
                out.push('\n');
                if trimmed.starts_with(open.as_str()) {
                    fence = None;
                }
            }
            None if marker.len() >= 3 => {
                out.push_str(&html_to_markdown(&std::mem::take(&mut prose)));
                out.push_str(line);
                out.push('\n');
                fence = Some(marker);
            }
            None => {
                prose.push_str(line);
                prose.push('\n');
            }
        }
    }
    out.push_str(&html_to_markdown(&prose));
    out
}

/// Closes an emphasis run: whitespace before the closing marker moves after it, since
/// Markdown does not close `**text **`.
fn close_emphasis(out: &mut String, marker: &str) {
    let trimmed_len = out.trim_end_matches(' ').len();
    let spaces = out.len() - trimmed_len;
    out.truncate(trimmed_len);
    out.push_str(marker);
    out.push_str(&" ".repeat(spaces));
}

fn html_to_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut list_depth: usize = 0;
    let mut pending_href: Vec<Option<String>> = Vec::new();
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after.find('>') else {
            out.push_str(after);
            rest = "";
            break;
        };
        let tag = &after[1..end];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        let closing = tag.starts_with('/');
        let known = match name.to_ascii_lowercase().as_str() {
            "b" | "strong" => {
                if closing {
                    close_emphasis(&mut out, "**")
                } else {
                    out.push_str("**")
                }
                true
            }
            "i" | "em" => {
                if closing {
                    close_emphasis(&mut out, "*")
                } else {
                    out.push('*')
                }
                true
            }
            "code" | "tt" => {
                out.push('`');
                true
            }
            "br" => {
                out.push('\n');
                true
            }
            "p" => {
                out.push_str("\n\n");
                true
            }
            "ul" | "ol" => {
                if closing {
                    list_depth = list_depth.saturating_sub(1);
                } else {
                    list_depth += 1;
                }
                out.push('\n');
                true
            }
            "li" => {
                if !closing {
                    out.push('\n');
                    out.push_str(&"  ".repeat(list_depth.saturating_sub(1)));
                    out.push_str("- ");
                }
                true
            }
            "a" => {
                if closing {
                    match pending_href.pop().flatten() {
                        Some(href) => out.push_str(&format!("]({href})")),
                        None => out.push(']'),
                    }
                } else {
                    pending_href.push(attribute(tag, "href"));
                    out.push('[');
                }
                true
            }
            "pre" => {
                out.push_str("\n```\n");
                true
            }
            _ => false,
        };
        if known {
            rest = &after[end + 1..];
        } else {
            // Not a tag we know (or a literal `<`): keep it, escaped so rustdoc shows it.
            out.push_str("&lt;");
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[at..];
    let quote = value.chars().next()?;
    if quote == '"' || quote == '\'' {
        let inner = &value[1..];
        Some(inner[..inner.find(quote)?].to_owned())
    } else {
        Some(value.split_whitespace().next()?.to_owned())
    }
}

fn decode_entities(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    // `&lt;` is kept: a literal `<` in rustdoc would start an HTML tag.
}

/// Escapes brackets that are not part of a Markdown link and wraps bare URLs, outside code spans.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                if let Some(len) = markdown_link_len(&chars[i..]) {
                    out.extend(&chars[i..i + len]);
                    i += len;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            'h' if starts_with(&chars[i..], "http://") || starts_with(&chars[i..], "https://") => {
                // Already a link target (`<url>` or `[text](url)`): leave it; otherwise wrap it.
                let preceded_by_bracket = (i > 0 && chars[i - 1] == '<')
                    || (i > 1 && chars[i - 1] == '(' && chars[i - 2] == ']');
                let end = chars[i..]
                    .iter()
                    .position(|c| c.is_whitespace() || matches!(c, '>' | ')' | '"'))
                    .map_or(chars.len(), |p| i + p);
                let mut url: String = chars[i..end].iter().collect();
                let mut trailing = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    trailing.insert(0, url.pop().unwrap_or_default());
                }
                if preceded_by_bracket {
                    out.push_str(&url);
                } else {
                    out.push('<');
                    out.push_str(&url);
                    out.push('>');
                }
                out.push_str(&trailing);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_with(chars: &[char], prefix: &str) -> bool {
    let mut it = chars.iter();
    prefix.chars().all(|p| it.next() == Some(&p))
}

/// `[text](url)` at the start of `chars`: its length.
fn markdown_link_len(chars: &[char]) -> Option<usize> {
    let close = chars.iter().position(|c| *c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 1..].iter().position(|c| *c == ')')?;
    Some(close + 1 + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_markdown() {
        assert_eq!(
            markdown("<b>Required scope: </b><code>webhooks:read</code>\n\nGet it.").unwrap(),
            "**Required scope:** `webhooks:read`\n\nGet it."
        );
        assert_eq!(
            markdown("see <a href=\"https://x.io/a\">the docs</a>").unwrap(),
            "see [the docs](https://x.io/a)"
        );
        assert_eq!(markdown("a<br>b &amp; c").unwrap(), "a\nb & c");
        assert_eq!(
            markdown("<ul><li>one</li><li>two</li></ul>").unwrap(),
            "- one\n- two"
        );
    }

    #[test]
    fn fences_never_run_as_doctests() {
        let doc = markdown("Example:\n```json\n{\"a\": [1]}\n```\n\n```\nplain\n```").unwrap();
        assert_eq!(
            doc,
            "Example:\n```text\n{\"a\": [1]}\n```\n\n```text\nplain\n```"
        );
        let html_in_fence =
            markdown("<b>a</b>\n```\ncurl -H \"Authorization: Bearer <token>\"\n```").unwrap();
        assert_eq!(
            html_in_fence,
            "**a**\n```text\ncurl -H \"Authorization: Bearer <token>\"\n```"
        );
        let unclosed = markdown("```\nx").unwrap();
        assert!(unclosed.ends_with("```"), "{unclosed}");
    }

    #[test]
    fn indented_lines_do_not_form_code_blocks() {
        assert_eq!(
            markdown("text\n\n        let x = 1;").unwrap(),
            "text\n\n   let x = 1;"
        );
    }

    #[test]
    fn list_items_continue_with_indentation() {
        assert_eq!(
            markdown(
                "* When a task is added, `a` will be\n`added`, and so on.\n\nAfter.\n1. one\ntwo"
            )
            .unwrap(),
            "* When a task is added, `a` will be\n  `added`, and so on.\n\nAfter.\n1. one\n   two"
        );
        // The text of an item starts after all the spaces that follow its marker.
        assert_eq!(
            markdown("  *  http://a.io\nor\n-    b\nc").unwrap(),
            "  *  <http://a.io>\n     or\n-    b\n     c"
        );
    }

    #[test]
    fn links_may_wrap_and_stray_parentheses_get_wrapped_urls() {
        assert_eq!(
            markdown("by [node-asana-phrase\nlibrary](https://github.com/a/b) and").unwrap(),
            "by [node-asana-phrase\nlibrary](https://github.com/a/b) and"
        );
        assert_eq!(
            markdown("our [OpenAPI spec] (https://x.io/a.yaml).").unwrap(),
            "our \\[OpenAPI spec\\] (<https://x.io/a.yaml>)."
        );
    }

    #[test]
    fn brackets_and_urls_are_safe() {
        assert_eq!(
            markdown("an array [1, 2] here").unwrap(),
            "an array \\[1, 2\\] here"
        );
        assert_eq!(
            markdown("[link](https://a.b/c) ok").unwrap(),
            "[link](https://a.b/c) ok"
        );
        assert_eq!(
            markdown("visit https://asana.com/x.").unwrap(),
            "visit <https://asana.com/x>."
        );
        assert_eq!(markdown("`[not escaped]`").unwrap(), "`[not escaped]`");
        assert_eq!(
            markdown("a < b and <unknown> tag").unwrap(),
            "a &lt; b and &lt;unknown> tag"
        );
    }

    #[test]
    fn bidirectional_controls_never_survive() {
        let trojan = "Access \u{202E}level\u{2066} check\u{2069}\u{202A}";
        let cleaned = markdown(trojan).unwrap();
        assert_eq!(cleaned, "Access level check");
        assert_eq!(
            summary(&format!("{trojan}\nmore")).unwrap(),
            "Access level check"
        );
        assert_eq!(
            plain("a\u{202B}b\u{202C}c\u{202D}d\u{2067}e\u{2068}f"),
            "abcdef"
        );
        assert!(matches!(plain("untouched"), Cow::Borrowed("untouched")));
        assert_eq!(
            markdown("```\nrule {\n\tx := 1\n}\n```").unwrap(),
            "```text\nrule {\n    x := 1\n}\n```",
            "no tab reaches a doc comment"
        );
        assert!(!param_enum("x\u{202E}y", &["op".into()]).contains('\u{202E}'));
    }

    #[test]
    fn summaries_are_sanitised_like_descriptions() {
        assert_eq!(
            summary("Get <b>one</b> [task] from https://x.io\nSecond line").unwrap(),
            "Get **one** \\[task\\] from <https://x.io>"
        );
        assert_eq!(summary("  \n "), None);
    }

    #[test]
    fn blank_descriptions_vanish() {
        assert_eq!(markdown("  \n\n "), None);
    }
}

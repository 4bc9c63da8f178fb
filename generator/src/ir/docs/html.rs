//! HTML in a description becomes Markdown, before the description is read as Markdown.
//!
//! The description is parsed once to find its HTML: the inline tags and the lines of HTML
//! blocks the parser reports, never text in code spans or code blocks. Each is replaced by its
//! Markdown in the source, and the result is what [`super::write`] parses and writes. Entities
//! are left to the parser, which decodes them, except in `<code>`, whose text becomes a code
//! span, where nothing is decoded.

use std::borrow::Cow;

use pulldown_cmark::{Event, Parser};

use super::write::OPTIONS;

/// The description with its HTML written as Markdown (borrowed when it has none).
pub(super) fn to_markdown(text: &str) -> Cow<'_, str> {
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut converter = Converter::default();
    let mut copied = 0;
    for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
        let converted = matches!(event, Event::InlineHtml(_) | Event::Html(_))
            || matches!(&event, Event::Text(decoded) if converter.in_code && !decoded.contains('`'));
        if !converted {
            continue;
        }
        out.push_str(&text[copied..range.start]);
        copied = range.end;
        match &event {
            Event::InlineHtml(html) => converter.convert(html, &mut out),
            // A line of an HTML block: its indentation means nothing in HTML, but would make
            // an indented code block of the Markdown it becomes.
            Event::Html(html) if converter.in_pre => converter.convert(html, &mut out),
            Event::Html(html) => {
                let start = out.len();
                converter.convert(html.trim_start(), &mut out);
                // A line of tags that write nothing (`</li>`) is no blank line, which would
                // end a paragraph or loosen a list.
                let line = &out[start..];
                if line.trim().is_empty() && !line.contains("\n\n") {
                    out.truncate(start);
                }
            }
            // The text of `<code>` becomes a code span, which decodes nothing: decoded here.
            Event::Text(decoded) => out.push_str(decoded),
            _ => {}
        }
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// What is open across tags, in the order the parser meets them.
#[derive(Default)]
struct Converter {
    list_depth: usize,
    /// The target of each open `<a>` (`None` without `href`).
    links: Vec<Option<String>>,
    in_code: bool,
    in_pre: bool,
    in_comment: bool,
    /// Right after `<li>`: the whitespace before the item's text is dropped.
    item_start: bool,
}

impl Converter {
    /// HTML text to Markdown: known tags become their Markdown, comments vanish, and any other
    /// `<` is kept as `&lt;`, so the text shows it.
    fn convert(&mut self, html: &str, out: &mut String) {
        let mut rest = html;
        loop {
            if self.in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        rest = &rest[end + 3..];
                        self.in_comment = false;
                    }
                    None => break,
                }
            }
            let Some(start) = rest.find('<') else {
                self.text(out, rest);
                break;
            };
            self.text(out, &rest[..start]);
            let after = &rest[start..];
            if let Some(comment) = after.strip_prefix("<!--") {
                self.in_comment = true;
                rest = comment;
                continue;
            }
            let Some(end) = after.find('>') else {
                out.push_str("&lt;");
                rest = &after[1..];
                continue;
            };
            let tag = &after[1..end];
            if self.tag(out, tag) {
                rest = &after[end + 1..];
            } else if is_autolink(tag) {
                out.push_str(&after[..=end]);
                rest = &after[end + 1..];
            } else {
                out.push_str("&lt;");
                rest = &after[1..];
            }
        }
    }

    fn text(&mut self, out: &mut String, text: &str) {
        if self.item_start {
            // `<li>` on a line of its own: its text goes on the marker's line.
            let text = text.trim_start();
            if text.is_empty() {
                return;
            }
            self.item_start = false;
            return self.text(out, text);
        }
        if self.in_code {
            out.push_str(&decode_entities(text));
        } else {
            out.push_str(text);
        }
    }

    /// Writes the Markdown of one tag (its text between `<` and `>`); `false` for a tag this
    /// does not know.
    fn tag(&mut self, out: &mut String, tag: &str) -> bool {
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        let closing = tag.starts_with('/');
        let item_start = std::mem::take(&mut self.item_start);
        match name.to_ascii_lowercase().as_str() {
            "b" | "strong" => emphasis(out, "**", closing),
            "i" | "em" => emphasis(out, "*", closing),
            "code" | "tt" => {
                self.in_code = !closing;
                out.push('`');
            }
            "br" => out.push('\n'),
            // `<li><p>`: the paragraph is the item's text.
            "p" if item_start && !closing => self.item_start = true,
            "p" => out.push_str("\n\n"),
            "ul" | "ol" => {
                if closing {
                    self.list_depth = self.list_depth.saturating_sub(1);
                } else {
                    self.list_depth += 1;
                }
                out.push('\n');
            }
            "li" => {
                if !closing {
                    if !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(&"  ".repeat(self.list_depth.saturating_sub(1)));
                    out.push_str("- ");
                }
                self.item_start = !closing;
            }
            "a" => {
                if closing {
                    match self.links.pop().flatten() {
                        Some(href) => {
                            out.push_str("](");
                            out.push_str(&href);
                            out.push(')');
                        }
                        None => out.push(']'),
                    }
                } else {
                    self.links.push(attribute(tag, "href"));
                    out.push('[');
                }
            }
            "pre" => {
                self.in_pre = !closing;
                out.push_str("\n```\n");
            }
            _ => return false,
        }
        true
    }
}

/// Opens or closes an emphasis run. Whitespace before the closing marker moves after it,
/// since Markdown does not close `**text **`.
fn emphasis(out: &mut String, marker: &str, closing: bool) {
    if closing {
        let trimmed_len = out.trim_end_matches(' ').len();
        let spaces = out.len() - trimmed_len;
        out.truncate(trimmed_len);
        out.push_str(marker);
        out.push_str(&" ".repeat(spaces));
    } else {
        out.push_str(marker);
    }
}

/// `<https://example.com>` or `<name@example.com>` in HTML text: a Markdown autolink, kept.
fn is_autolink(tag: &str) -> bool {
    !tag.is_empty()
        && !tag.contains(char::is_whitespace)
        && (tag.contains("://") || tag.contains('@'))
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

/// The entities specs write in code, decoded (a code span shows its text as it is).
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&apos;", "'")
            .replace("&nbsp;", " ")
            .replace("&gt;", ">")
            .replace("&lt;", "<")
            .replace("&amp;", "&"),
    )
}

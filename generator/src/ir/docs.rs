//! Spec descriptions -> rustdoc-safe Markdown, through a CommonMark parser.
//!
//! - Unicode bidirectional controls are removed from every text, and tabs become spaces
//!   ([`plain`]);
//! - HTML that specs use (`<b>`, `<strong>`, `<i>`, `<em>`, `<code>`, `<a href>`, `<br>`, `<p>`,
//!   `<ul>/<ol>/<li>`, `<pre>`) becomes Markdown, other tags are shown as text and comments
//!   dropped (`html`);
//! - the Markdown is parsed and written again in a normal form (`write`): list items, quotes
//!   and code blocks are structured as the parser reads them, so no continuation line is lazy
//!   or over-indented; every code block is a ```` ```text ```` fence, so nothing runs as a
//!   doctest; bare URLs are autolinks, and brackets and `<` in text are escaped so rustdoc takes
//!   them for neither intra-doc links nor HTML.

use std::borrow::Cow;

mod html;
mod write;

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
    let text = plain(text);
    let out = write::normalize(&html::to_markdown(&text));
    (!out.is_empty()).then_some(out)
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
            "Example:\n\n```text\n{\"a\": [1]}\n```\n\n```text\nplain\n```"
        );
        let html_in_fence =
            markdown("<b>a</b>\n```\ncurl -H \"Authorization: Bearer <token>\"\n```").unwrap();
        assert_eq!(
            html_in_fence,
            "**a**\n\n```text\ncurl -H \"Authorization: Bearer <token>\"\n```"
        );
        let unclosed = markdown("```\nx").unwrap();
        assert!(unclosed.ends_with("```"), "{unclosed}");
    }

    #[test]
    fn indented_code_blocks_are_fenced_as_text() {
        assert_eq!(
            markdown("text\n\n        let x = 1;").unwrap(),
            "text\n\n```text\n    let x = 1;\n```"
        );
    }

    #[test]
    fn list_items_continue_with_indentation() {
        assert_eq!(
            markdown(
                "* When a task is added, `a` will be\n`added`, and so on.\n\nAfter.\n1. one\ntwo"
            )
            .unwrap(),
            "* When a task is added, `a` will be\n  `added`, and so on.\n\nAfter.\n\n1. one\n   two"
        );
        // Each item is written with one space after its marker and its lines indented to its
        // text, however the source indents them; a change of marker starts another list.
        assert_eq!(
            markdown("  *  http://a.io\nor\n-    b\nc").unwrap(),
            "* <http://a.io>\n  or\n\n- b\n  c"
        );
    }

    #[test]
    fn over_indented_and_lazy_lines_take_their_container_indentation() {
        assert_eq!(
            markdown("- one that\n     goes on\n- two that\ngoes on\n  - nested\n        deeper")
                .unwrap(),
            "- one that\n  goes on\n- two that\n  goes on\n  - nested\n    deeper"
        );
        assert_eq!(
            markdown("> quoted\nlazily\n>\n> again").unwrap(),
            "> quoted\n> lazily\n>\n> again"
        );
        assert_eq!(
            markdown("Steps:\n1. first\n\n   ```json\n   {\"a\": 1}\n   ```\n2. second").unwrap(),
            "Steps:\n\n1. first\n\n   ```text\n   {\"a\": 1}\n   ```\n\n2. second"
        );
    }

    #[test]
    fn text_is_escaped_where_it_would_become_syntax() {
        // A lazy line that would open a block in its item is escaped there.
        assert_eq!(markdown("- a\n\\# b").unwrap(), "- a\n  \\# b");
        assert_eq!(
            markdown("5 * 3, a\\*b, snake_case, \\_x and Hi\\![a](https://b.c)").unwrap(),
            "5 * 3, a\\*b, snake_case, \\_x and Hi\\![a](https://b.c)"
        );
        assert_eq!(markdown("a &amp;amp; b & c").unwrap(), "a &amp;amp; b & c");
        // Emphasis keeps the source's delimiter.
        assert_eq!(
            markdown("_one_ __two__ *three*").unwrap(),
            "_one_ __two__ *three*"
        );
        // Characters from entities: no bidirectional control, no line break in the text.
        assert_eq!(markdown("a&#x202E;b&#10;c&#9;d").unwrap(), "ab&#10;c&#9;d");
        assert_eq!(
            markdown("| a | b |\n| - | -: |\n| `x\\|y` | [1] |").unwrap(),
            "| a | b |\n| --- | --: |\n| `x\\|y` | \\[1\\] |"
        );
    }

    #[test]
    fn html_blocks_and_code_convert_as_html_reads() {
        // Indentation in an HTML block is not an indented code block.
        assert_eq!(
            markdown("<p>\n    Some <b>text</b>\n</p>\n").unwrap(),
            "Some **text**"
        );
        assert_eq!(
            markdown("Use <code>&lt;id&gt;</code><!-- hidden --> or <https://x.io>.").unwrap(),
            "Use `<id>` or <https://x.io>."
        );
        assert_eq!(
            markdown("<ul>\n  <li>a <a href=\"https://x.io\">link</a></li>\n</ul>").unwrap(),
            "- a [link](https://x.io)"
        );
        // Item text on the lines after `<li>` (or `<li><p>`) is the item's.
        assert_eq!(
            markdown("<ul>\n<li>\nOne,\n<em>two</em>.\n</li>\n<li><p>Three</p></li>\n</ul>")
                .unwrap(),
            "- One,\n  *two*.\n- Three"
        );
        assert_eq!(markdown("- \n- b").unwrap(), "-\n- b");
        // Items in a quote keep their markers; ordered items are numbered from the start.
        assert_eq!(
            markdown("> + a\n> + b\n\n7) x\n7) y\n8) z").unwrap(),
            "> + a\n> + b\n\n7) x\n8) y\n9) z"
        );
    }

    #[test]
    fn output_is_a_fixed_point() {
        let inputs = [
            "- one that\n     goes on\n- two\ngoes on\n  - nested\n\n    para\n\n        code",
            "> quoted\nlazily\n> - item\n> lazy item\n\n1) a\n2) b",
            "<b>x</b> [y] https://z.io/a_(b). `c` *d* __e__ ~~f~~ ![g](h.png \"t\")",
            "| a | b |\n|---|:-:|\n| 1 | `|` |\n\n---\nText\n***\n# H #\n[^1]\n\n[^1]: note",
        ];
        for input in inputs {
            let once = markdown(input).unwrap();
            assert_eq!(markdown(&once).unwrap(), once, "{input:?}");
        }
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

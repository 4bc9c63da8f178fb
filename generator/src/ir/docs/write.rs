//! Markdown, parsed by a CommonMark parser and written again in one normal form.
//!
//! Whatever the structure a description has (lazy continuation lines, over-indented list
//! items, quotes without their `>`, lists right after a paragraph), it is the one the parser
//! reads, and it is written with every container's own prefix on every line, one blank line
//! between blocks (none in tight lists), and list items indented to their text. So clippy's
//! doc lints on list and quote indentation cannot fire. On the way, as each event passes:
//!
//! - every code block, fenced or indented, becomes a ```` ```text ```` fence, so nothing runs as
//!   a doctest;
//! - bare URLs become autolinks (`<https://...>`), for rustdoc's `bare_urls`;
//! - brackets in text are escaped, so rustdoc takes none for an intra-doc link, and `<` is
//!   written `&lt;`, so it takes none for an HTML tag;
//! - text is escaped where Markdown would read it as syntax, in its new place too (a line
//!   start that would open a block, a `*` that would open emphasis).
//!
//! The writer is ours rather than a general Markdown writer: it writes only the forms above,
//! which rustdoc and clippy read as the parser did, with no trailing spaces and no blank line
//! or marker that the source did not call for.

mod escaping;

use escaping::{Place, code_span, destination, escape, link_title};

use std::ops::Range;

use pulldown_cmark::{Alignment, Event, LinkType, Options, Parser, Tag, TagEnd};

/// The extensions rustdoc reads doc comments with (but smart punctuation, which changes no
/// structure), so a description means in the crate's docs what it meant to the parser.
pub(super) const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS);

/// Markdown text in normal form; empty when it has no content.
pub(super) fn normalize(source: &str) -> String {
    // Adjacent texts (the parser splits text at escapes and entities) are one text, escaped
    // as a whole: an entity's text may form another entity with the text after it.
    let mut events: Vec<(Event<'_>, Range<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(source, OPTIONS).into_offset_iter() {
        if let (Event::Text(text), Some((Event::Text(before), before_range))) =
            (&event, events.last_mut())
        {
            let mut joined = before.to_string();
            joined.push_str(text);
            *before = joined.into();
            before_range.end = range.end;
            continue;
        }
        events.push((event, range));
    }
    let loose = loose_lists(&events);
    let mut writer = Writer {
        source,
        out: String::with_capacity(source.len() + source.len() / 8),
        containers: Vec::new(),
        levels: vec![Level::default()],
        line_open: false,
        line_has_inline: false,
        inline_open: false,
        links: Vec::new(),
        emphasis: Vec::new(),
        autolink: false,
        code: None,
        heading: false,
        table: None,
    };
    for (i, (event, range)) in events.iter().enumerate() {
        let next = events.get(i + 1).map(|(event, _)| event);
        writer.event(event, range, next, loose.get(&i).copied());
    }
    writer.finish()
}

/// For each list (by the index of its start event), whether it is loose: whether any of its
/// items holds a paragraph (the parser writes the items of tight lists without one).
fn loose_lists(events: &[(Event<'_>, Range<usize>)]) -> std::collections::HashMap<usize, bool> {
    let mut loose = std::collections::HashMap::new();
    // Open tags: the index of each start, and whether it is a list or an item.
    let mut open: Vec<(usize, bool, bool)> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                if matches!(tag, Tag::Paragraph) && open.last().is_some_and(|(_, _, item)| *item) {
                    if let Some(&(list, true, false)) = open.iter().rev().nth(1) {
                        loose.insert(list, true);
                    }
                }
                let list = matches!(tag, Tag::List(_));
                if list {
                    loose.insert(i, false);
                }
                open.push((i, list, matches!(tag, Tag::Item)));
            }
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
    }
    loose
}

/// A block that prefixes each of its lines.
enum Container {
    Quote,
    /// A list item or a footnote definition: its marker on its first line, then spaces as
    /// wide.
    Marked {
        marker: String,
        first_line: bool,
    },
}

/// Where blocks follow one another: the document, a quote, a list (its items), an item.
#[derive(Default)]
struct Level {
    /// Whether a block was written here, so the next one is separated from it.
    written: bool,
    /// Blocks follow without a blank line (in tight lists).
    tight: bool,
    /// In an ordered list, the number of its next item.
    number: Option<u64>,
}

struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    cell: Option<String>,
}

struct Writer<'a> {
    source: &'a str,
    out: String,
    containers: Vec<Container>,
    levels: Vec<Level>,
    /// The current line has its prefix.
    line_open: bool,
    /// Inline content was written on the current line.
    line_has_inline: bool,
    /// Inline content is being written in a block (a paragraph, or the text of a tight item).
    inline_open: bool,
    /// The target and title of each open link or image.
    links: Vec<(String, String)>,
    /// The delimiter of each open emphasis or strong emphasis.
    emphasis: Vec<&'static str>,
    /// In an autolink, whose text is written as it is.
    autolink: bool,
    /// The text of the code block being written.
    code: Option<String>,
    heading: bool,
    table: Option<Table>,
}

impl Writer<'_> {
    fn event(
        &mut self,
        event: &Event<'_>,
        range: &Range<usize>,
        next: Option<&Event<'_>>,
        loose: Option<bool>,
    ) {
        match event {
            Event::Start(tag) => self.start(tag, range, loose),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    code.push_str(text);
                } else if self.autolink {
                    self.inline(text);
                } else {
                    let place = Place {
                        line_start: !self.line_has_inline && self.table.is_none(),
                        table: self.table.is_some(),
                        heading: self.heading,
                        in_link: !self.links.is_empty(),
                        before_link: matches!(
                            next,
                            Some(Event::Start(Tag::Link { link_type, .. }))
                                if !matches!(link_type, LinkType::Autolink | LinkType::Email)
                        ),
                    };
                    self.inline(&escape(text, place));
                }
            }
            Event::Code(text) => {
                let text = if self.table.is_some() {
                    text.replace('|', "\\|")
                } else {
                    text.to_string()
                };
                self.inline(&code_span(&text));
            }
            // HTML that `html` left (it converts or escapes every tag it meets): shown as text.
            Event::Html(html) => {
                for (n, line) in html.lines().enumerate() {
                    if n > 0 {
                        self.end_line();
                    }
                    self.inline(&escape(line.trim(), Place::default()));
                }
                self.end_line();
            }
            Event::InlineHtml(html) => self.inline(&escape(html, Place::default())),
            Event::SoftBreak => {
                if self.heading {
                    self.inline(" ");
                } else {
                    self.end_line();
                }
            }
            Event::HardBreak => {
                if self.heading || self.table.is_some() {
                    self.inline(" ");
                } else {
                    self.inline("\\");
                    self.end_line();
                }
            }
            Event::Rule => {
                let rule = if self.levels.last().is_some_and(|l| l.tight) {
                    // `---` under a line of text would make it a heading.
                    "***"
                } else {
                    "---"
                };
                self.inline_block();
                self.inline(rule);
                self.end_block();
            }
            Event::FootnoteReference(label) => self.inline(&format!("[^{label}]")),
            Event::TaskListMarker(done) => self.inline(if *done { "[x] " } else { "[ ] " }),
            Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: &Tag<'_>, range: &Range<usize>, loose: Option<bool>) {
        match tag {
            Tag::Paragraph => self.inline_block(),
            Tag::Heading { level, .. } => {
                self.inline_block();
                self.heading = true;
                self.inline(&"#".repeat(*level as usize));
                self.inline(" ");
            }
            Tag::BlockQuote(_) => {
                self.block();
                self.containers.push(Container::Quote);
                self.levels.push(Level::default());
            }
            Tag::CodeBlock(_) => {
                self.block();
                self.code = Some(String::new());
            }
            Tag::HtmlBlock => self.inline_block(),
            Tag::List(start) => {
                self.block();
                self.levels.push(Level {
                    written: false,
                    tight: !loose.unwrap_or(false),
                    number: *start,
                });
            }
            Tag::Item => {
                self.block();
                let marker = self.item_marker(range);
                let tight = self.levels.last().is_some_and(|l| l.tight);
                self.containers.push(Container::Marked {
                    marker,
                    first_line: true,
                });
                self.levels.push(Level {
                    written: false,
                    tight,
                    number: None,
                });
            }
            Tag::FootnoteDefinition(label) => {
                self.block();
                self.containers.push(Container::Marked {
                    marker: format!("[^{label}]:"),
                    first_line: true,
                });
                self.levels.push(Level::default());
            }
            Tag::Table(alignments) => {
                self.block();
                self.table = Some(Table {
                    alignments: alignments.clone(),
                    rows: Vec::new(),
                    cell: None,
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.rows.push(Vec::new());
                }
            }
            Tag::TableCell => {
                if let Some(table) = &mut self.table {
                    table.cell = Some(String::new());
                }
            }
            Tag::Emphasis | Tag::Strong => {
                // The source's delimiter (`*` or `_`), which reads the same in the same place.
                let underscore = self.source[range.clone()].starts_with('_');
                let delimiter = match (tag, underscore) {
                    (Tag::Emphasis, false) => "*",
                    (Tag::Emphasis, true) => "_",
                    (_, false) => "**",
                    (_, true) => "__",
                };
                self.inline(delimiter);
                self.emphasis.push(delimiter);
            }
            Tag::Strikethrough => self.inline("~~"),
            Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            } => {
                self.inline("<");
                self.autolink = true;
            }
            Tag::Link {
                dest_url, title, ..
            } => {
                self.inline("[");
                self.links.push((dest_url.to_string(), title.to_string()));
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.inline("![");
                self.links.push((dest_url.to_string(), title.to_string()));
            }
            // Not enabled.
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_)
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_block(),
            TagEnd::Heading(_) => {
                self.heading = false;
                self.end_block();
            }
            TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition => {
                if matches!(
                    self.containers.last(),
                    Some(Container::Marked {
                        first_line: true,
                        ..
                    })
                ) {
                    // An empty item: its marker alone.
                    self.open_line();
                }
                self.end_block();
                self.containers.pop();
                self.levels.pop();
            }
            TagEnd::List(_) => {
                self.end_block();
                self.levels.pop();
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                self.code_block(&code);
            }
            TagEnd::HtmlBlock => self.end_block(),
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.write_table(table);
                }
                self.end_block();
            }
            TagEnd::TableHead | TagEnd::TableRow => {}
            TagEnd::TableCell => {
                if let Some(table) = &mut self.table {
                    if let (Some(cell), Some(row)) = (table.cell.take(), table.rows.last_mut()) {
                        row.push(cell.trim().to_owned());
                    }
                }
            }
            TagEnd::Emphasis | TagEnd::Strong => {
                let delimiter = self.emphasis.pop().unwrap_or("*");
                self.inline(delimiter);
            }
            TagEnd::Strikethrough => self.inline("~~"),
            TagEnd::Link | TagEnd::Image => {
                if self.autolink {
                    self.autolink = false;
                    self.inline(">");
                } else if let Some((dest, title)) = self.links.pop() {
                    self.inline(&format!("]({}{})", destination(&dest), link_title(&title)));
                }
            }
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_)
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
        }
    }

    /// The marker of a list item: its source's bullet (`-`, `*` or `+`), or the list's next
    /// number and its source's delimiter (`.` or `)`).
    fn item_marker(&mut self, range: &Range<usize>) -> String {
        let source = self.source[range.clone()].trim_start();
        let level = self.levels.last_mut().expect("the list's level");
        match &mut level.number {
            Some(number) => {
                let digits = source.bytes().take_while(u8::is_ascii_digit).count();
                let delimiter = match source[digits..].chars().next() {
                    Some(')') if digits > 0 => ')',
                    _ => '.',
                };
                let marker = format!("{number}{delimiter}");
                *number += 1;
                marker
            }
            None => match source.chars().next() {
                Some(bullet @ ('*' | '+')) => bullet.to_string(),
                _ => "-".to_owned(),
            },
        }
    }

    /// Starts a block where the levels say: after the block before it, with a blank line
    /// between unless the level is tight.
    fn block(&mut self) {
        if self.inline_open {
            // Text of a tight item before this block.
            self.end_block();
        }
        self.end_line();
        let level = self.levels.last_mut().expect("the document's level");
        let separate = level.written && !level.tight;
        level.written = true;
        if separate {
            self.blank_line();
        }
    }

    /// Starts a block whose content is inline text.
    fn inline_block(&mut self) {
        self.block();
        self.inline_open = true;
    }

    fn end_block(&mut self) {
        self.inline_open = false;
        self.end_line();
    }

    /// Writes inline text on the current line, opening it (and, in a tight item, its block).
    fn inline(&mut self, text: &str) {
        if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            cell.push_str(text);
            return;
        }
        if !self.inline_open {
            if !self.line_open {
                let level = self.levels.last_mut().expect("the document's level");
                if level.written && !level.tight {
                    self.blank_line();
                }
                self.levels
                    .last_mut()
                    .expect("the document's level")
                    .written = true;
            }
            self.inline_open = true;
        }
        if !self.line_open {
            self.open_line();
        }
        self.out.push_str(text);
        self.line_has_inline = true;
    }

    fn open_line(&mut self) {
        for container in &mut self.containers {
            match container {
                Container::Quote => self.out.push_str("> "),
                Container::Marked { marker, first_line } => {
                    if *first_line {
                        self.out.push_str(marker);
                        self.out.push(' ');
                        *first_line = false;
                    } else {
                        self.out.extend(std::iter::repeat_n(' ', marker.len() + 1));
                    }
                }
            }
        }
        self.line_open = true;
        self.line_has_inline = false;
    }

    fn end_line(&mut self) {
        if self.line_open {
            self.out.push('\n');
            self.line_open = false;
        }
        self.line_has_inline = false;
    }

    /// A blank line inside the containers: `>` in a quote, nothing in an item.
    fn blank_line(&mut self) {
        self.end_line();
        for container in &self.containers {
            match container {
                Container::Quote => self.out.push_str("> "),
                Container::Marked { marker, .. } => {
                    self.out.extend(std::iter::repeat_n(' ', marker.len() + 1));
                }
            }
        }
        self.out.push('\n');
    }

    /// A code block, fenced and marked `text`, with a fence longer than any run of backticks
    /// in it.
    fn code_block(&mut self, code: &str) {
        let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat((longest + 1).max(3));
        self.end_line();
        self.open_line();
        self.out.push_str(&fence);
        self.out.push_str("text");
        self.end_line();
        for line in code.lines() {
            self.open_line();
            self.out.push_str(line);
            self.end_line();
        }
        self.open_line();
        self.out.push_str(&fence);
        self.end_line();
        self.inline_open = false;
    }

    fn write_table(&mut self, table: Table) {
        let row_line = |cells: &[String]| format!("| {} |", cells.join(" | "));
        for (n, row) in table.rows.iter().enumerate() {
            self.open_line();
            self.out.push_str(&row_line(row));
            self.end_line();
            if n == 0 {
                let delimiters: Vec<String> = table
                    .alignments
                    .iter()
                    .map(|alignment| {
                        match alignment {
                            Alignment::None => "---",
                            Alignment::Left => ":--",
                            Alignment::Center => ":-:",
                            Alignment::Right => "--:",
                        }
                        .to_owned()
                    })
                    .collect();
                self.open_line();
                self.out.push_str(&row_line(&delimiters));
                self.end_line();
            }
        }
    }

    /// The text, each line without trailing spaces, without blank lines at its ends.
    fn finish(mut self) -> String {
        self.end_line();
        let mut out = String::with_capacity(self.out.len());
        for line in self.out.lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.trim_matches('\n').to_owned()
    }
}

//! JSON pointer -> line and column in the YAML (or JSON) source text.
//!
//! serde_yaml's values carry no positions, so the text is parsed a second time, as events with
//! markers, only when a message needs a location.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::pointer;

/// A 1-based line and column in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Where the node at `pointer` starts; for a node that does not exist, where its nearest existing
/// ancestor starts.
pub fn locate(text: &str, pointer: &str) -> Option<Location> {
    let mut segments = pointer::split(pointer);
    loop {
        if let Some(found) = locate_exact(text, &segments) {
            return Some(found);
        }
        segments.pop()?;
    }
}

fn locate_exact(text: &str, target: &[String]) -> Option<Location> {
    let mut finder = Finder {
        target,
        stack: Vec::new(),
        found: None,
        pending: None,
        root_seen: false,
    };
    let mut parser = Parser::new_from_str(text);
    // A syntax error after the node was found does not matter; before it, nothing is found.
    let _ = parser.load(&mut finder, false);
    finder.found
}

enum Frame {
    Mapping { key: Option<String> },
    Sequence { index: usize },
}

struct Finder<'a> {
    target: &'a [String],
    stack: Vec<Frame>,
    found: Option<Location>,
    /// A matching mapping's own mark; its first key's mark is more precise and used if any.
    pending: Option<Location>,
    root_seen: bool,
}

impl Finder<'_> {
    /// Called when a node starts; returns true if the node is a mapping key.
    fn node_starts(&mut self, mark: Marker, scalar: Option<&str>) -> bool {
        match self.stack.last_mut() {
            Some(Frame::Mapping { key }) if key.is_none() => {
                *key = Some(scalar.unwrap_or_default().to_owned());
                return true;
            }
            None if self.root_seen => return false,
            None => self.root_seen = true,
            _ => {}
        }
        if self.found.is_none() && self.path_matches() {
            self.found = Some(Location {
                line: mark.line(),
                column: mark.col() + 1,
            });
        }
        false
    }

    fn path_matches(&self) -> bool {
        if self.stack.len() != self.target.len() {
            return false;
        }
        self.stack
            .iter()
            .zip(self.target)
            .all(|(frame, want)| match frame {
                Frame::Mapping { key } => key.as_deref() == Some(want.as_str()),
                Frame::Sequence { index } => index.to_string() == *want,
            })
    }

    /// Called when a value (scalar, alias, or a closed collection) has ended.
    fn value_ends(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Mapping { key }) => *key = None,
            Some(Frame::Sequence { index }) => *index += 1,
            None => {}
        }
    }
}

impl MarkedEventReceiver for Finder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if let Some(pending) = self.pending.take() {
            self.found = Some(match event {
                Event::Scalar(..) => Location {
                    line: mark.line(),
                    column: mark.col() + 1,
                },
                _ => pending,
            });
        }
        match event {
            Event::Scalar(value, ..) if !self.node_starts(mark, Some(&value)) => self.value_ends(),
            Event::Alias(_) if !self.node_starts(mark, None) => self.value_ends(),
            Event::MappingStart(..) => {
                let already = self.found.is_some();
                self.node_starts(mark, None);
                if !already && self.found.is_some() {
                    self.pending = self.found.take();
                }
                self.stack.push(Frame::Mapping { key: None });
            }
            Event::SequenceStart(..) => {
                self.node_starts(mark, None);
                self.stack.push(Frame::Sequence { index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_ends();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "openapi: 3.0.0\npaths:\n  /a/b:\n    get:\n      responses:\n        200:\n          description: ok\nlist:\n  - x\n  - {y: 1}\n";

    #[test]
    fn finds_nested_nodes_with_escaped_segments() {
        assert_eq!(
            locate(TEXT, "#/paths/~1a~1b/get"),
            Some(Location { line: 5, column: 7 })
        );
        assert_eq!(
            locate(TEXT, "#/paths/~1a~1b/get/responses/200/description"),
            Some(Location {
                line: 7,
                column: 24
            })
        );
    }

    #[test]
    fn finds_sequence_items() {
        assert_eq!(
            locate(TEXT, "#/list/1/y"),
            Some(Location {
                line: 10,
                column: 9
            })
        );
    }

    #[test]
    fn missing_nodes_fall_back_to_the_nearest_ancestor() {
        assert_eq!(
            locate(TEXT, "#/paths/~1a~1b/post"),
            locate(TEXT, "#/paths/~1a~1b")
        );
    }
}

//! A string matching a simple regular expression, for a `pattern` a parameter or property must
//! match: literals, escapes (`\d`, `\w`, `\.`), classes (`[0-9a-f]`: their first character),
//! `.`, groups (their first alternative) and quantifiers (each piece repeated its least number
//! of times). `None` for what it does not read (lookarounds, backreferences, negated classes)
//! and for a pattern not anchored at its start.

/// A string `pattern` matches, where it is simple enough to read.
pub(super) fn matching(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.strip_prefix('^')?.chars().collect();
    let (text, rest) = sequence(&chars, 0)?;
    match &chars[rest..] {
        [] | ['$'] => Some(text),
        _ => None,
    }
}

/// Reads a sequence from `at` up to an unmatched `)` or the end: its text, and where it stopped
/// (past the other alternatives, after a `|`).
fn sequence(chars: &[char], mut at: usize) -> Option<(String, usize)> {
    let mut out = String::new();
    while at < chars.len() {
        let (piece, next) = match chars[at] {
            ')' => break,
            '$' if at + 1 == chars.len() => break,
            '|' => return Some((out, skip_alternatives(chars, at))),
            '(' => {
                let mut start = at + 1;
                if chars.get(start) == Some(&'?') {
                    // Only non-capturing groups.
                    if chars.get(start + 1) != Some(&':') {
                        return None;
                    }
                    start += 2;
                }
                let (inner, end) = sequence(chars, start)?;
                if chars.get(end) != Some(&')') {
                    return None;
                }
                (inner, end + 1)
            }
            '[' => {
                let end = at + 1 + chars[at + 1..].iter().position(|&c| c == ']')?;
                let first = match &chars[at + 1..end] {
                    ['^', ..] | [] => return None,
                    ['\\', c, ..] => escape(*c)?,
                    [c, ..] => *c,
                };
                (first.to_string(), end + 1)
            }
            '\\' => (escape(*chars.get(at + 1)?)?.to_string(), at + 2),
            '.' => ("a".to_owned(), at + 1),
            '*' | '+' | '?' | '{' => return None,
            c => (c.to_string(), at + 1),
        };
        let (times, next) = quantifier(chars, next)?;
        out.push_str(&piece.repeat(times));
        at = next;
    }
    Some((out, at))
}

/// Where the alternatives that start at the `|` at `at` end: the group's `)`, or the end.
fn skip_alternatives(chars: &[char], mut at: usize) -> usize {
    let mut depth = 0usize;
    while at < chars.len() {
        match chars[at] {
            '\\' => at += 1,
            '(' => depth += 1,
            ')' if depth == 0 => return at,
            ')' => depth -= 1,
            _ => {}
        }
        at += 1;
    }
    chars.len()
}

/// A character an escape stands for: a digit for `\d`, a letter for `\w`, the character itself
/// for an escaped punctuation mark.
fn escape(c: char) -> Option<char> {
    match c {
        'd' => Some('1'),
        'w' => Some('a'),
        's' => Some(' '),
        c if c.is_ascii_alphanumeric() => None,
        c => Some(c),
    }
}

/// How many times the piece before `at` is repeated (its least), and where its quantifier ends.
fn quantifier(chars: &[char], at: usize) -> Option<(usize, usize)> {
    match chars.get(at) {
        Some('+') => Some((1, at + 1)),
        Some('*' | '?') => Some((0, at + 1)),
        Some('{') => {
            let end = at + chars[at..].iter().position(|&c| c == '}')?;
            let inside: String = chars[at + 1..end].iter().collect();
            let least = inside.split(',').next()?.trim().parse::<usize>().ok()?;
            (least <= 256).then_some((least, end + 1))
        }
        _ => Some((1, at)),
    }
}

#[cfg(test)]
mod tests {
    use super::matching;

    #[test]
    fn simple_patterns_give_a_string_they_match() {
        assert_eq!(
            matching("^FW[0-9a-fA-F]{32}$").as_deref(),
            Some("FW00000000000000000000000000000000")
        );
        assert_eq!(matching(r"^\d{3}-\d{2,4}$").as_deref(), Some("111-11"));
        assert_eq!(matching("^(?:ab|cd)+x?$").as_deref(), Some("ab"));
        assert_eq!(matching(r"^[A-Z]\w*\.json$").as_deref(), Some("A.json"));
        // Not anchored, negated classes, lookarounds and backreferences are not read.
        assert_eq!(matching("[a-z]+"), None);
        assert_eq!(matching("^[^a]$"), None);
        assert_eq!(matching("^(?=a)a$"), None);
        assert_eq!(matching(r"^(a)\1$"), None);
    }
}

//! The fast way in for a spec written as YAML: the events of `yaml-rust2`'s parser, about twice
//! as fast as serde_yaml's, built straight into plain JSON, plain scalars resolved as serde_yaml
//! resolves them. The document must come out exactly as serde_yaml and [`super::normalize`]
//! make it, so this path gives up (and they decide, with their own messages) on anything
//! outside the plain subset that specs are written in: a parse error, tags, aliases, merge
//! keys, keys that are collections or that repeat, more or less than one document, integers
//! beyond 64 bits, infinite or NaN values, and characters that YAML 1.1 (serde_yaml's) and
//! YAML 1.2 (yaml-rust2's) read differently or refuse.

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// `text` as a JSON value, or `None` when serde_yaml must decide.
pub(super) fn parse(text: &str) -> Option<Value> {
    let bytes = text.as_bytes();
    if !(0..bytes.len()).all(|i| allows(bytes, i)) {
        return None;
    }
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root = None;
    let mut documents = 0;
    loop {
        let (event, _) = parser.next_token().ok()?;
        let value = match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => continue,
            Event::Alias(_)
            | Event::Scalar(_, _, _, Some(_))
            | Event::SequenceStart(_, Some(_))
            | Event::MappingStart(_, Some(_)) => return None,
            Event::SequenceStart(..) => {
                stack.push(Frame::Sequence(Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Mapping(Map::new(), None));
                continue;
            }
            Event::Scalar(text, style, _, None) => {
                if let Some(Frame::Mapping(_, key @ None)) = stack.last_mut() {
                    *key = Some(key_text(text, style)?);
                    continue;
                }
                if style == TScalarStyle::Plain {
                    resolve(&text)?
                } else {
                    Value::String(text)
                }
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop()? {
                Frame::Sequence(items) => Value::Array(items),
                Frame::Mapping(object, None) => Value::Object(object),
                Frame::Mapping(_, Some(_)) => return None,
            },
        };
        match stack.last_mut() {
            None if root.is_none() => root = Some(value),
            None => return None,
            Some(Frame::Sequence(items)) => items.push(value),
            // A mapping or sequence where a key stands.
            Some(Frame::Mapping(_, None)) => return None,
            Some(Frame::Mapping(object, key)) => {
                let key = key.take()?;
                if key == "<<" || object.insert(key, value).is_some() {
                    return None;
                }
            }
        }
    }
    if documents == 1 && stack.is_empty() {
        root
    } else {
        None
    }
}

/// A collection being built: a sequence, or a mapping with the key waiting for its value.
enum Frame {
    Sequence(Vec<Value>),
    Mapping(Map<String, Value>, Option<String>),
}

/// Whether the character starting (or going on) at `bytes[i]` reads as itself in both YAML 1.1
/// and 1.2: not a control character but tab and line breaks, nothing from U+0080 to U+009F,
/// not U+FFFE or U+FFFF (YAML 1.1 refuses those), and not U+2028 or U+2029 (line breaks in
/// YAML 1.1, as U+0085 is, but not in 1.2).
pub(super) fn allows(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\t' | b'\n' | b'\r' | 0x20..=0x7e => true,
        0xc2 => bytes.get(i + 1).is_none_or(|b| !(0x80..=0x9f).contains(b)),
        0xe2 => !matches!(bytes.get(i + 1..i + 3), Some([0x80, 0xa8 | 0xa9])),
        0xef => !matches!(bytes.get(i + 1..i + 3), Some([0xbf, 0xbe | 0xbf])),
        0x80..=0xff => true,
        _ => false,
    }
}

/// A key as [`super::normalize`] writes it: a plain scalar resolved (`200`, `true`, `null`)
/// and written back as serde_yaml displays it; `None` for a key serde_yaml refuses.
fn key_text(text: String, style: TScalarStyle) -> Option<String> {
    if style != TScalarStyle::Plain {
        return Some(text);
    }
    Some(match scalar(&text)? {
        Scalar::Null => "null".to_owned(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Unsigned(n) => n.to_string(),
        Scalar::Negative(n) => n.to_string(),
        Scalar::Float(f) => serde_yaml::Number::from(f).to_string(),
        Scalar::String => text,
    })
}

/// A plain scalar's value, as serde_yaml resolves it and [`super::normalize`] makes it JSON;
/// `None` where that fails (an infinite or NaN number).
fn resolve(text: &str) -> Option<Value> {
    Some(match scalar(text)? {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(b),
        Scalar::Unsigned(n) => Value::from(n),
        Scalar::Negative(n) => Value::from(n),
        Scalar::Float(f) => Value::Number(Number::from_f64(f)?),
        Scalar::String => Value::String(text.to_owned()),
    })
}

/// What serde_yaml makes of a plain scalar.
enum Scalar {
    Null,
    Bool(bool),
    Unsigned(u64),
    Negative(i64),
    Float(f64),
    String,
}

/// serde_yaml's resolution of a plain scalar (`visit_untagged_scalar`); `None` for an integer
/// beyond 64 bits, which it refuses.
fn scalar(v: &str) -> Option<Scalar> {
    if matches!(v, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Scalar::Null);
    }
    match v {
        "true" | "True" | "TRUE" => return Some(Scalar::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Scalar::Bool(false)),
        _ => {}
    }
    if let Some(n) = unsigned_int(v, u64::from_str_radix) {
        return Some(Scalar::Unsigned(n));
    }
    if let Some(n) = negative_int(v, i64::from_str_radix) {
        return Some(Scalar::Negative(n));
    }
    if unsigned_int(v, u128::from_str_radix).is_some()
        || negative_int(v, i128::from_str_radix).is_some()
    {
        return None;
    }
    if !digits_but_not_number(v) {
        if let Some(f) = float(v) {
            return Some(Scalar::Float(f));
        }
    }
    Some(Scalar::String)
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

/// serde_yaml's `parse_unsigned_int`.
fn unsigned_int<T>(scalar: &str, from_str_radix: Radix<T>) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

/// serde_yaml's `parse_negative_int`.
fn negative_int<T>(scalar: &str, from_str_radix: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix) {
            if let Ok(int) = from_str_radix(&format!("-{rest}"), radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

/// serde_yaml's `parse_f64`.
fn float(scalar: &str) -> Option<f64> {
    let unpositive = match scalar.strip_prefix('+') {
        Some(unpositive) if unpositive.starts_with(['+', '-']) => return None,
        Some(unpositive) => unpositive,
        None => scalar,
    };
    if let ".inf" | ".Inf" | ".INF" = unpositive {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = scalar {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = scalar {
        return Some(f64::NAN);
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// serde_yaml's `digits_but_not_number`: leading zeros make digits a string (YAML 1.2).
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// What serde_yaml and normalize make of `text`.
    fn slow(text: &str) -> Option<String> {
        let yaml = serde_yaml::from_str(text).ok()?;
        let json = super::super::normalize::to_json(yaml, "#").ok()?;
        Some(serde_json::to_string(&json).unwrap())
    }

    #[test]
    fn plain_scalars_resolve_as_serde_yaml_resolves_them() {
        let scalars = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "0",
            "-0",
            "+0",
            "007",
            "-007",
            "0x1F",
            "-0x1F",
            "+0x1F",
            "0x-1",
            "0o17",
            "0b101",
            "-0b101",
            "1_000",
            "12",
            "+12",
            "-12",
            "1.5",
            "-1.5",
            "+1.5",
            ".5",
            "5.",
            "1e3",
            "1E3",
            "1.5e-3",
            "-0.0",
            "0.0",
            "3.14159",
            "18446744073709551615",
            "-9223372036854775808",
            "1e400",
            ".inf",
            "-.inf",
            ".nan",
            "+.inf",
            "0.1",
            "1.0",
            "2.50",
            "0123.5",
            "12:30",
            "1,5",
            "v1",
            "1.2.3",
            "1__2",
        ];
        for scalar in scalars {
            for text in [format!("a: {scalar}\n"), format!("{scalar}: a\n")] {
                if text.starts_with(": ") {
                    continue;
                }
                let fast = parse(&text).map(|v| serde_json::to_string(&v).unwrap());
                assert_eq!(fast, slow(&text), "{text:?}");
            }
        }
        for refused in ["a: .inf\n", "a: .nan\n", "a: 18446744073709551616\n"] {
            assert_eq!(parse(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn a_spec_comes_out_as_serde_yaml_makes_it() {
        let text = "openapi: 3.0.0\ninfo:\n  title: 'A: title'\n  description: |\n    Line one.\n\n    Line *two*.\n  version: \"1\"\npaths:\n  /a/{id}:\n    get:\n      tags: [x, 'y']\n      responses:\n        200:\n          description: >\n            folded\n            text\n        default: {description: other}\n      x-empty:\n      x-list:\n        - 1\n        - -2.5\n        - {k: v}\n";
        let fast = parse(text).expect("the plain subset takes the fast path");
        assert_eq!(Some(serde_json::to_string(&fast).unwrap()), slow(text));
    }

    #[test]
    fn what_could_read_otherwise_goes_to_serde_yaml() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: !custom {b: 1}\n",
            "base: {a: 1}\nc:\n  <<: {a: 1}\n",
            "a: 1\na: 2\n",
            "a:\n  1: x\n  '1': y\n",
            "? [a, b]\n: c\n",
            "a: 1\n---\nb: 2\n",
            "# nothing\n",
            "a: \"\u{85}\"\n",
            "a: x\u{2028}y\n",
            "a: \u{7f}\n",
            "a: [1, 2\n",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}

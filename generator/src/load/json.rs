//! The fast way in for a spec written as JSON: `serde_json` reads it directly, several times
//! faster than a YAML parser. JSON is YAML, and the document must come out as the YAML path
//! makes it, so this path gives up (and the YAML path runs) wherever the two could differ:
//! text JSON refuses (comments, a byte order mark, trailing commas, a number out of range: the
//! YAML path gives the message), and JSON that the YAML parser refuses or reads otherwise:
//! duplicate keys, characters YAML does not allow in a document or reads as line breaks,
//! escaped surrogate pairs, keys
//! too long or split from their `:` by a line break, integers beyond 64 bits and `-0` (an
//! integer in YAML).

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// `text` as a JSON value, or `None` when the YAML path must decide.
pub(super) fn parse(text: &str) -> Option<Value> {
    if !text.trim_start().starts_with('{') || !yaml_reads_alike(text.as_bytes()) {
        return None;
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Seed.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    value
}

/// Whether nothing in the text (outside what `serde_json` checks itself) reads otherwise, or
/// fails, as YAML: only characters YAML allows in a document, no escaped surrogate, no key
/// split from its `:` by a line break, no integer beyond 64 bits (YAML refuses those).
fn yaml_reads_alike(bytes: &[u8]) -> bool {
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        if !super::yaml::allows(bytes, i) {
            return false;
        }
        match (in_string, bytes[i]) {
            (true, b'"') => in_string = false,
            (true, b'\\') => {
                if matches!(
                    bytes.get(i + 1..i + 4),
                    Some([b'u', b'd' | b'D', b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F'])
                ) {
                    return false;
                }
                // The escaped character is skipped, so `\\ud800` escapes nothing.
                i += 1;
            }
            (false, b'"') => in_string = true,
            (false, b':') if line_break_before(&bytes[..i]) => return false,
            (false, b'0'..=b'9') => {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                let integer = !matches!(bytes.get(i + digits), Some(b'.' | b'e' | b'E'));
                let negative = i > 0 && bytes[i - 1] == b'-';
                if integer && !fits_64_bits(&bytes[i..i + digits], negative) {
                    return false;
                }
                i += digits;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// Whether the integer of these decimal digits is a `u64`, or an `i64` when negative.
fn fits_64_bits(digits: &[u8], negative: bool) -> bool {
    let limit = if negative {
        1u128 << 63
    } else {
        u64::MAX.into()
    };
    digits.len() <= 20
        && digits
            .iter()
            .try_fold(0u128, |n, d| Some(n * 10 + u128::from(d - b'0')))
            .is_some_and(|n| n <= limit)
}

/// Whether the whitespace right before a `:` holds a line break, which splits a key from its
/// value (YAML refuses it).
fn line_break_before(before: &[u8]) -> bool {
    before
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_whitespace())
        .any(|&b| b == b'\n' || b == b'\r')
}

/// Longest key YAML reads as a key on one line, with room for quotes (the YAML parser allows
/// 1024 characters).
const LONGEST_KEY: usize = 1000;

/// Builds a [`Value`]; `None` for a document the YAML path must decide.
struct Seed;

impl<'de> DeserializeSeed<'de> for Seed {
    type Value = Option<Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        // `-0` is the integer 0 in YAML, `-0.0` a float; serde_json makes both the float.
        if v == 0.0 && v.is_sign_negative() {
            return Ok(None);
        }
        Ok(serde_json::Number::from_f64(v).map(Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Value::String(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Value::String(v)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Some(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(Seed)? {
            let Some(item) = item else {
                return Ok(None);
            };
            items.push(item);
        }
        Ok(Some(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Some(value) = map.next_value_seed(Seed)? else {
                return Ok(None);
            };
            // `<<` merges mappings in YAML.
            if key.len() > LONGEST_KEY || key == "<<" || object.insert(key, value).is_some() {
                return Ok(None);
            }
        }
        Ok(Some(Value::Object(object)))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// What the YAML path makes of `text`.
    fn as_yaml(text: &str) -> serde_json::Value {
        super::super::normalize::to_json(serde_yaml::from_str(text).unwrap(), "#").unwrap()
    }

    #[test]
    fn json_comes_out_as_the_yaml_path_makes_it() {
        let text = r#"{"a": [1, -2, 1.5, 1e5, 1E5, -1.5E-3, 18446744073709551615, -9223372036854775808, 123456789012345678901234.5, "x\/y\u00e9\n"], "b": {"c": null, "d": true, "": false}, "z": 0.1, "y": 2.5e-3}"#;
        let fast = parse(text).expect("plain JSON takes the fast path");
        assert_eq!(
            serde_json::to_string(&fast).unwrap(),
            serde_json::to_string(&as_yaml(text)).unwrap()
        );
    }

    #[test]
    fn json_that_yaml_could_read_otherwise_goes_the_yaml_way() {
        for text in [
            "{\"a\": 1, \"a\": 2}",
            "{\"a\": -0}",
            "{\"a\": 18446744073709551616}",
            "{\"a\": -9223372036854775809}",
            "{\"a\": \"\\ud83d\\ude00\"}",
            "{\"a\": \"\u{7f}\"}",
            "{\"a\": \"ok\u{9f}\"}",
            "{\"a\": \"\u{85} x\"}",
            "{\"a\": \"\u{2028} x\"}",
            "{\"a\": \"\u{2029} x\"}",
            "{\"a\": \"\u{ffff}\"}",
            "{\"a\"\n: 1}",
            "{\"<<\": {\"b\": 1}}",
            "\u{feff}{}",
            "{} # a comment",
            "{\"a\": 1,}",
            "{\"a\": 1e999}",
            "a: 1",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
        let long = format!("{{\"{}\": 1}}", "k".repeat(1001));
        assert_eq!(parse(&long), None);
        // An escaped backslash before `ud800` escapes nothing.
        assert!(parse(r#"{"a": "\\ud800"}"#).is_some());
        assert!(parse("{\"a\": \"\u{a0}\u{2027}\u{feff}\"}").is_some());
    }
}

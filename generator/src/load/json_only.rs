//! JSON that YAML cannot read, read as JSON when the YAML parser refuses it (the fast path,
//! `json`, leaves it to YAML): a spec written as JSON may hold characters YAML 1.2 forbids (C1
//! controls such as U+0080, which JSON strings allow) and integers beyond 64 bits (JavaScript
//! writes -2^63 as `-9223372036854776000`). Mapping keys are checked unique, as YAML's are.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

/// Parses `text` as one JSON document.
pub(super) fn parse(text: &str) -> Result<Json, serde_json::Error> {
    serde_json::from_str::<Strict>(text).map(|strict| strict.0)
}

/// A JSON value whose objects have unique keys.
struct Strict(Json);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Strict, E> {
        Ok(Strict(Json::Null))
    }

    fn visit_bool<E>(self, value: bool) -> Result<Strict, E> {
        Ok(Strict(Json::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Strict, E> {
        Ok(Strict(Json::from(value)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Strict, E> {
        Ok(Strict(Json::from(value)))
    }

    /// An integer too long for 64 bits arrives as a float; one that is a whole number an `i64`
    /// holds (-2^63 written by JavaScript) is that integer again.
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Strict, E> {
        const TWO_TO_63: f64 = 9_223_372_036_854_775_808.0;
        if value.fract() == 0.0 && (-TWO_TO_63..TWO_TO_63).contains(&value) {
            // In range and whole: the conversion is exact.
            return Ok(Strict(Json::from(value as i64)));
        }
        serde_json::Number::from_f64(value)
            .map(|number| Strict(Json::Number(number)))
            .ok_or_else(|| E::custom(format!("the number `{value}` cannot be represented")))
    }

    fn visit_str<E>(self, value: &str) -> Result<Strict, E> {
        Ok(Strict(Json::String(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Strict, E> {
        Ok(Strict(Json::String(value)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Strict(Json::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Strict, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate mapping key `{key}`")));
            }
            let Strict(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Strict(Json::Object(object)))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn what_yaml_refuses_json_reads() {
        let text = "{\"a\": \"x\u{80}y\", \"min\": -9223372036854776000, \"max\": 18446744073709552000, \"n\": [1, 2.5]}";
        assert!(serde_yaml::from_str::<serde_yaml::Value>(text).is_err());
        assert_eq!(
            super::parse(text).unwrap(),
            json!({"a": "x\u{80}y", "min": i64::MIN, "max": 18446744073709552000.0, "n": [1, 2.5]})
        );
    }

    #[test]
    fn keys_are_unique_as_in_yaml() {
        let error = super::parse("{\"a\": {\"b\": 1,\n \"b\": 2}}").unwrap_err();
        assert_eq!(error.line(), 2);
        assert!(
            error.to_string().starts_with("duplicate mapping key `b`"),
            "{error}"
        );
    }
}

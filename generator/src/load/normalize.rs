//! YAML that JSON cannot express directly, made JSON: non-string mapping keys (`200:`, `true:`)
//! become strings, `<<` merge keys are applied, tags are dropped. Aliases were expanded by the
//! parser already.

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

use crate::pointer;

/// Converts a YAML value into JSON; on failure, the pointer of the offending node and why.
pub(super) fn to_json(mut value: Yaml, pointer: &str) -> Result<Json, (String, String)> {
    value
        .apply_merge()
        .map_err(|e| (pointer.to_owned(), format!("invalid `<<` merge key: {e}")))?;
    convert(value, pointer)
}

fn convert(value: Yaml, pointer: &str) -> Result<Json, (String, String)> {
    Ok(match value {
        Yaml::Null => Json::Null,
        Yaml::Bool(b) => Json::Bool(b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Json::from(i)
            } else if let Some(u) = n.as_u64() {
                Json::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Json::Number)
                    .ok_or_else(|| {
                        (
                            pointer.to_owned(),
                            format!("the number `{n}` cannot be represented in JSON"),
                        )
                    })?
            }
        }
        Yaml::String(s) => Json::String(s),
        Yaml::Sequence(items) => Json::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| convert(item, &format!("{pointer}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Mapping(mapping) => {
            let mut object = serde_json::Map::with_capacity(mapping.len());
            for (key, value) in mapping {
                let key = key_to_string(key, pointer)?;
                let child = format!("{pointer}/{}", pointer::escape(&key));
                if object.contains_key(&key) {
                    return Err((child, format!("duplicate mapping key `{key}`")));
                }
                let converted = convert(value, &child)?;
                object.insert(key, converted);
            }
            Json::Object(object)
        }
        Yaml::Tagged(tagged) => convert(tagged.value, pointer)?,
    })
}

fn key_to_string(key: Yaml, pointer: &str) -> Result<String, (String, String)> {
    match key {
        Yaml::String(s) => Ok(s),
        Yaml::Number(n) => Ok(n.to_string()),
        Yaml::Bool(b) => Ok(b.to_string()),
        Yaml::Null => Ok("null".to_owned()),
        Yaml::Tagged(tagged) => key_to_string(tagged.value, pointer),
        Yaml::Sequence(_) | Yaml::Mapping(_) => Err((
            pointer.to_owned(),
            "a mapping key is itself a sequence or mapping; keys must be scalars".to_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(yaml: &str) -> Json {
        to_json(serde_yaml::from_str(yaml).unwrap(), "#").unwrap()
    }

    #[test]
    fn integer_and_boolean_keys_become_strings() {
        assert_eq!(
            json("200: ok\ntrue: 1\n1.5: x"),
            serde_json::json!({"200": "ok", "true": 1, "1.5": "x"})
        );
    }

    #[test]
    fn merge_keys_and_anchors_are_expanded() {
        let value =
            json("base: &b {type: string, maxLength: 3}\nname:\n  <<: *b\n  maxLength: 9\n");
        assert_eq!(
            value["name"],
            serde_json::json!({"type": "string", "maxLength": 9})
        );
    }

    #[test]
    fn keys_that_collide_after_stringifying_are_reported() {
        let err =
            to_json(serde_yaml::from_str("a:\n  1: x\n  '1': y\n").unwrap(), "#").unwrap_err();
        assert_eq!(err.0, "#/a/1");
    }
}

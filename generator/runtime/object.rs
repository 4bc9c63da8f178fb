//! Models as JSON objects, field by field. The serde implementations of the
//! generated models are written over these helpers: a model lists the wire
//! names of its fields and has one line per field, and the decoding loop, the
//! field-name lookup and the checks live here once, instead of a visitor
//! derived for every model.

use std::{fmt, marker::PhantomData};

use super::patch::Patch;

use serde::{
    Deserialize, Deserializer, Serialize,
    de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor},
    ser::SerializeStruct,
};

/// A model decoded from an object field by field: it starts from a blank
/// value, and each field the object holds is decoded into place.
///
/// Keys it does not list are ignored; a listed key given twice, or a required
/// one missing, is an error naming the field.
pub trait Object: Sized {
    /// The model's name, for messages.
    const NAME: &'static str;
    /// The wire names of its fields; a field's index is its place here.
    const FIELDS: &'static [&'static str];
    /// Which of [`FIELDS`](Self::FIELDS) the object must hold, in the same
    /// order; fields beyond its end are optional.
    const REQUIRED: &'static [bool] = &[];

    /// The value decoding starts from: every field at its type's default. A
    /// required field stays blank only until the object's own value replaces
    /// it, since one that is missing fails the decoding: this is no value the
    /// model offers as its default.
    fn blank() -> Self;

    /// Decodes the value of field `index` from `map` into `self`, usually
    /// with `map.next_value_seed(Slot(&mut self.field))`.
    ///
    /// # Errors
    ///
    /// The value does not decode as the field's type.
    fn field<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
}

/// Decodes an [`Object`]: what its `Deserialize` implementation calls.
///
/// # Errors
///
/// The input is not an object, a field does not decode, a field is given
/// twice, or a required field is missing.
pub fn deserialize_object<'de, T: Object, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData))
}

/// Decodes a value into the place it borrows: the seed of
/// [`Object::field`].
pub struct Slot<'a, T>(pub &'a mut T);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Slot<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        *self.0 = T::deserialize(deserializer)?;
        Ok(())
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::blank();
        let mut seen = Seen::new(T::FIELDS.len());
        while let Some(key) = map.next_key_seed(Key(T::FIELDS))? {
            match key {
                Some(index) => {
                    if seen.insert(index) {
                        return Err(de::Error::duplicate_field(T::FIELDS[index]));
                    }
                    value.field(index, &mut map)?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let missing = T::REQUIRED
            .iter()
            .enumerate()
            .position(|(index, &required)| required && !seen.contains(index));
        match missing {
            Some(index) => Err(de::Error::missing_field(T::FIELDS[index])),
            None => Ok(value),
        }
    }
}

/// The fields seen so far, one bit each; models of up to 256 fields need no
/// allocation.
enum Seen {
    Inline([u64; 4]),
    Heap(Vec<u64>),
}

impl Seen {
    fn new(fields: usize) -> Self {
        let words = fields.div_ceil(64);
        if words <= 4 {
            Seen::Inline([0; 4])
        } else {
            Seen::Heap(vec![0; words])
        }
    }

    fn words(&self) -> &[u64] {
        match self {
            Seen::Inline(words) => words,
            Seen::Heap(words) => words,
        }
    }

    fn words_mut(&mut self) -> &mut [u64] {
        match self {
            Seen::Inline(words) => words,
            Seen::Heap(words) => words,
        }
    }

    /// Marks field `index` seen; whether it was seen before.
    fn insert(&mut self, index: usize) -> bool {
        let (word, bit) = (index / 64, 1 << (index % 64));
        let words = self.words_mut();
        let before = words[word] & bit != 0;
        words[word] |= bit;
        before
    }

    fn contains(&self, index: usize) -> bool {
        self.words()[index / 64] & 1 << (index % 64) != 0
    }
}

/// A key of the object: the index of the field it names, or `None` for a key
/// the model does not list.
struct Key(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Option<usize>, E> {
        Ok(usize::try_from(index).ok().filter(|&i| i < self.0.len()))
    }
}

/// How many of an object's optional fields are present: with its required
/// fields, the length its `Serialize` implementation announces.
pub fn present(fields: &[bool]) -> usize {
    fields.iter().filter(|&&present| present).count()
}

/// Serializes an optional field of an object: its value when present;
/// otherwise the field is skipped.
///
/// # Errors
///
/// The value does not serialize.
pub fn optional_field<S: SerializeStruct, T: Serialize>(
    object: &mut S,
    name: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(_) => object.serialize_field(name, value),
        None => object.skip_field(name),
    }
}

/// Serializes a field that may be absent or `null`: `null` or its value,
/// unless it is absent; then the field is skipped.
///
/// # Errors
///
/// The value does not serialize.
pub fn patch_field<S: SerializeStruct, T: Serialize>(
    object: &mut S,
    name: &'static str,
    value: &Patch<T>,
) -> Result<(), S::Error> {
    match value {
        Patch::Absent => object.skip_field(name),
        Patch::Null | Patch::Value(_) => object.serialize_field(name, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Thing {
        id: String,
        size: Option<i64>,
        tags: Option<Vec<String>>,
    }

    impl Object for Thing {
        const NAME: &'static str = "Thing";
        const FIELDS: &'static [&'static str] = &["id", "size", "tags"];
        const REQUIRED: &'static [bool] = &[true];

        fn blank() -> Self {
            Thing::default()
        }

        fn field<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match index {
                0 => map.next_value_seed(Slot(&mut self.id)),
                1 => map.next_value_seed(Slot(&mut self.size)),
                2 => map.next_value_seed(Slot(&mut self.tags)),
                _ => map.next_value::<IgnoredAny>().map(drop),
            }
        }
    }

    impl<'de> Deserialize<'de> for Thing {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_object(deserializer)
        }
    }

    impl Serialize for Thing {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let len = present(&[self.size.is_some(), self.tags.is_some()]) + 1;
            let mut object = serializer.serialize_struct("Thing", len)?;
            object.serialize_field("id", &self.id)?;
            optional_field(&mut object, "size", &self.size)?;
            optional_field(&mut object, "tags", &self.tags)?;
            object.end()
        }
    }

    fn decode(json: &str) -> Result<Thing, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn fields_decode_in_place_and_unknown_keys_are_ignored() {
        let thing = decode(r#"{"size": 3, "other": {"deep": [1]}, "id": "a", "tags": null}"#);
        assert_eq!(
            thing,
            Ok(Thing {
                id: "a".into(),
                size: Some(3),
                tags: None
            })
        );
    }

    #[test]
    fn a_missing_required_field_or_a_repeated_one_is_named() {
        assert_eq!(
            decode(r#"{"size": 3}"#),
            Err("missing field `id` at line 1 column 11".into())
        );
        assert_eq!(
            decode(r#"{"id": "a", "id": "b"}"#),
            Err("duplicate field `id` at line 1 column 16".into())
        );
        let wrong = decode(r#"{"id": "a", "size": "big"}"#).unwrap_err();
        assert!(wrong.starts_with("invalid type: string \"big\", expected i64"));
        let not_object = decode("[1]").unwrap_err();
        assert!(
            not_object.contains("expected an object (Thing)"),
            "{not_object}"
        );
    }

    #[test]
    fn objects_decode_from_any_self_describing_input_and_inside_untagged_unions() {
        let value = serde_json::json!({"id": "v", "size": 1});
        let thing: Thing = serde_json::from_value(value).unwrap();
        assert_eq!((thing.id.as_str(), thing.size), ("v", Some(1)));

        // As a union's variant: one without its required field does not match, so the next
        // variant is tried.
        #[derive(Debug, PartialEq, Deserialize)]
        #[serde(untagged)]
        enum Either {
            Thing(Thing),
            Other(serde_json::Value),
        }
        let thing: Either = serde_json::from_str(r#"{"id": "u", "tags": ["t"]}"#).unwrap();
        assert!(matches!(thing, Either::Thing(Thing { ref id, .. }) if id == "u"));
        let other: Either = serde_json::from_str(r#"{"size": 2}"#).unwrap();
        assert_eq!(other, Either::Other(serde_json::json!({"size": 2})));
    }

    #[test]
    fn absent_optional_fields_are_left_out_and_the_length_counts_the_rest() {
        let thing = Thing {
            id: "a".into(),
            size: None,
            tags: Some(vec!["x".into()]),
        };
        assert_eq!(
            serde_json::to_string(&thing).unwrap(),
            r#"{"id":"a","tags":["x"]}"#
        );
        assert_eq!(present(&[true, false, true]), 2);
    }

    #[test]
    fn a_patch_field_is_left_out_only_when_absent() {
        struct Change(Patch<u8>);
        impl Serialize for Change {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = serializer.serialize_struct("Change", 1)?;
                patch_field(&mut object, "due", &self.0)?;
                object.end()
            }
        }
        let json = |patch| serde_json::to_string(&Change(patch)).unwrap();
        assert_eq!(json(Patch::Absent), "{}");
        assert_eq!(json(Patch::Null), r#"{"due":null}"#);
        assert_eq!(json(Patch::Value(3)), r#"{"due":3}"#);
    }

    #[test]
    fn models_of_many_fields_track_each_one() {
        let mut seen = Seen::new(300);
        assert!(matches!(seen, Seen::Heap(_)));
        assert!(!seen.insert(299));
        assert!(seen.insert(299));
        assert!(seen.contains(299) && !seen.contains(0));
        let mut small = Seen::new(64);
        assert!(matches!(small, Seen::Inline(_)));
        assert!(!small.insert(63) && small.contains(63));
    }
}

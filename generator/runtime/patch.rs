//! A field that may be absent, `null` or a value: three states on the wire.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field the API lets an object leave out and lets be `null`, and which
/// tells the two apart: in an update, a field left out is left as it is,
/// while `null` clears it.
///
/// `Absent` (the default) is left out of the object, `Null` is written as
/// `null` and `Value` as the value; reading an object, a missing key is
/// `Absent`, `null` is `Null` and anything else a `Value`.
///
/// ```rust,ignore
/// // Clear the owner, set the due date, leave every other field as it is:
/// // `{"owner":null,"due_on":"2030-01-31"}`.
/// let update = ItemUpdate {
///     owner: Patch::Null,
///     due_on: date.into(), // `Patch::Value(date)`
///     ..Default::default() // `Patch::Absent`
/// };
/// ```
///
/// From an `Option`, `Some` is a value and `None` is `null`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// Left out: in a request, the field is not sent; in a response, it
    /// was not there.
    #[default]
    Absent,
    /// `null`: in a request, the field is cleared.
    Null,
    /// A value.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether it is [`Absent`](Patch::Absent): what a model's serialisation
    /// leaves out.
    #[inline]
    pub const fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// Whether it is [`Null`](Patch::Null).
    #[inline]
    pub const fn is_null(&self) -> bool {
        matches!(self, Patch::Null)
    }

    /// A `Patch` of a reference to the value.
    #[inline]
    pub const fn as_ref(&self) -> Patch<&T> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Value(value) => Patch::Value(value),
        }
    }

    /// The value, if there is one: absent and `null` are both `None`.
    #[inline]
    pub fn into_option(self) -> Option<T> {
        match self {
            Patch::Value(value) => Some(value),
            Patch::Absent | Patch::Null => None,
        }
    }
}

impl<T> From<T> for Patch<T> {
    /// [`Patch::Value`].
    #[inline]
    fn from(value: T) -> Self {
        Patch::Value(value)
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some` is a value and `None` is `null`: set or clear.
    #[inline]
    fn from(value: Option<T>) -> Self {
        value.map_or(Patch::Null, Patch::Value)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    /// The value, or `null`; the object that holds an absent one leaves it
    /// out (alone, it is `null` too).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Value(value) => serializer.serialize_some(value),
            Patch::Absent | Patch::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    /// `null` is [`Null`](Patch::Null), anything else a value; a missing key
    /// is [`Absent`](Patch::Absent), the default the object starts from.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Patch::from)
    }
}

/// Decodes a required field that may be `null` (`Option<T>`, `null` as
/// `None`), for serde's derive: a field with its own `deserialize_with` is
/// an error when missing, while serde reads a missing `Option` as `None`.
///
/// # Errors
///
/// The value is neither `null` nor a `T`.
#[inline]
pub fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(deserializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_is_written_and_read_as_itself() {
        let read = |json: &str| serde_json::from_str::<Patch<u8>>(json).unwrap();
        assert_eq!(read("null"), Patch::Null);
        assert_eq!(read("7"), Patch::Value(7));
        assert!(serde_json::from_str::<Patch<u8>>("\"x\"").is_err());
        assert_eq!(serde_json::to_string(&Patch::Value(7)).unwrap(), "7");
        assert_eq!(serde_json::to_string(&Patch::<u8>::Null).unwrap(), "null");
    }

    #[test]
    fn constructors_and_conversions() {
        assert_eq!(Patch::<u8>::default(), Patch::Absent);
        assert_eq!(Patch::from(3), Patch::Value(3));
        assert_eq!(Patch::from(Some(3)), Patch::Value(3));
        assert_eq!(Patch::<u8>::from(None), Patch::Null);
        assert_eq!(Patch::Value(3).as_ref(), Patch::Value(&3));
        assert_eq!(Patch::Value(3).into_option(), Some(3));
        assert_eq!(Patch::<u8>::Null.into_option(), None);
        assert_eq!(Patch::<u8>::Absent.into_option(), None);
        assert!(Patch::<u8>::Absent.is_absent() && !Patch::<u8>::Absent.is_null());
        assert!(Patch::<u8>::Null.is_null() && !Patch::<u8>::Null.is_absent());
        assert!(!Patch::Value(0).is_absent() && !Patch::Value(0).is_null());
    }

    #[test]
    fn a_required_nullable_field_reads_null_as_none() {
        let mut json = serde_json::Deserializer::from_str("null");
        assert_eq!(nullable::<_, u8>(&mut json).unwrap(), None);
        let mut json = serde_json::Deserializer::from_str("5");
        assert_eq!(nullable::<_, u8>(&mut json).unwrap(), Some(5));
    }
}

/// Implements serde for a model struct over the runtime's `Object` helpers, from a table of
/// its fields: `index field "wire name" kind`, where the index is the field's place in the
/// table and the kind is `required` (a required nullable `Option` is written whole, `None` as
/// `null`), `optional` (an `Option` left out when `None`) or `patch` (a `runtime::Patch` left
/// out when absent), followed by `read_only` for a field that is never sent. The attributes
/// before `serialize;` and `deserialize;` gate each implementation.
///
/// `Serialize` writes the fields in order, an optional one only when present and a read-only
/// one never; `Deserialize` decodes an object field by field into a blank struct, each field
/// at its type's default (`runtime::deserialize_object`), ignoring keys it does not list and
/// refusing a listed key given twice or a required one missing. Serde's derives would expand to a visitor, a field
/// enum and its visitor for every model.
macro_rules! object {
    (@present [required] $value:expr) => {
        true
    };
    (@present [optional] $value:expr) => {
        $value.is_some()
    };
    (@present [patch] $value:expr) => {
        !$value.is_absent()
    };
    (@present [$required:ident read_only] $value:expr) => {
        false
    };
    (@serialize [required] $object:ident $wire:literal $value:expr) => {{
        let mut object = $object;
        ::serde::ser::SerializeStruct::serialize_field(&mut object, $wire, &$value)?;
        object
    }};
    (@serialize [optional] $object:ident $wire:literal $value:expr) => {{
        let mut object = $object;
        crate::runtime::optional_field(&mut object, $wire, &$value)?;
        object
    }};
    (@serialize [patch] $object:ident $wire:literal $value:expr) => {{
        let mut object = $object;
        crate::runtime::patch_field(&mut object, $wire, &$value)?;
        object
    }};
    (@serialize [$required:ident read_only] $object:ident $wire:literal $value:expr) => {{
        let mut object = $object;
        ::serde::ser::SerializeStruct::skip_field(&mut object, $wire)?;
        object
    }};
    (@required [required $($read_only:ident)?]) => {
        true
    };
    (@required [optional $($read_only:ident)?]) => {
        false
    };
    (@required [patch $($read_only:ident)?]) => {
        false
    };
    (
        $name:ident {
            $( $index:literal $field:ident $wire:literal $($kind:ident)+ ),* $(,)?
        }
        $(#[$ser:meta])* serialize;
        $(#[$de:meta])* deserialize;
    ) => {
        $(#[$ser])*
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let len = crate::runtime::present(&[
                    $( crate::macros::object!(@present [$($kind)+] self.$field) ),*
                ]);
                let object = serializer.serialize_struct(stringify!($name), len)?;
                $( let object = crate::macros::object!(@serialize [$($kind)+] object $wire self.$field); )*
                ::serde::ser::SerializeStruct::end(object)
            }
        }

        $(#[$de])*
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::deserialize_object(deserializer)
            }
        }

        $(#[$de])*
        impl crate::runtime::Object for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];
            const REQUIRED: &'static [bool] = &[
                $( crate::macros::object!(@required [$($kind)+]) ),*
            ];

            #[inline]
            fn blank() -> Self {
                Self {
                    $( $field: ::std::default::Default::default(), )*
                }
            }

            fn field<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> ::std::result::Result<(), A::Error> {
                match index {
                    $( $index => map.next_value_seed(crate::runtime::Slot(&mut self.$field)), )*
                    _ => map.next_value::<::serde::de::IgnoredAny>().map(drop),
                }
            }
        }
    };
}

pub(crate) use object;

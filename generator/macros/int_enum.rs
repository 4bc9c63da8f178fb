/// Defines an integer enum with one unit variant per known value and an `Unknown(n)` variant
/// for every other value, so the API can add values without breaking decoding. Implements
/// `value`, `Display`, `From<repr>`, `From<Enum> for repr`, and serde as a plain number.
///
/// The conversions are `#[inline]`: a crate compiles the ones it calls, not every enum's.
macro_rules! int_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident: $repr:ty {
            $( $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( #[doc = concat!("`", stringify!($value), "`")] $variant, )*
            /// A value this version of the crate does not know: sent and received as is.
            Unknown($repr),
        }

        impl $name {
            /// The value as sent on the wire.
            #[inline]
            pub fn value(self) -> $repr {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<$repr> for $name {
            #[inline]
            fn from(value: $repr) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::std::convert::From<$name> for $repr {
            #[inline]
            fn from(value: $name) -> Self {
                value.value()
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <$repr as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

pub(crate) use int_enum;

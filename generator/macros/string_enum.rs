/// Defines a string enum with one unit variant per known wire value and an `Unknown(String)`
/// variant for every other value, so the API can add values without breaking decoding.
/// Implements `as_str`, `Display`, `From<String>`, `From<&str>`, `From<Enum> for String`, and
/// serde as a plain string.
///
/// The conversions are `#[inline]`: a crate compiles the ones it calls, not every enum's.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( #[doc = concat!("`", $wire, "`")] $variant, )*
            /// A value this version of the crate does not know: sent and received as is.
            Unknown(::std::string::String),
        }

        impl $name {
            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            #[inline]
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $( $wire => Self::$variant, )*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                Self::from(::std::string::String::from(value))
            }
        }

        impl ::std::convert::From<$name> for ::std::string::String {
            #[inline]
            fn from(value: $name) -> Self {
                match value {
                    $name::Unknown(value) => value,
                    known => ::std::string::String::from(known.as_str()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)
                    .map(Self::from)
            }
        }
    };
}

pub(crate) use string_enum;

//! The serde implementations of a struct written by hand over the runtime's `Object` helpers
//! ([`StructSerde::Fields`](crate::ir::StructSerde::Fields)): a list of wire names and one line
//! per field, where serde's derives would expand to a visitor, a field enum and its visitor
//! for every model.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use crate::emit::tokens::{cfg, cfg_with, ident};
use crate::ir::{Gate, Struct, Usage};

/// The feature that gives every model both serde traits.
const SERDE_FULL: &str = "serde-full";

/// `Serialize`, and `Deserialize` with its `Object`, each compiled with the type where the way
/// the type travels needs it, and otherwise only with the `serde-full` feature.
pub(super) fn impls(name: &Ident, s: &Struct, usage: Usage, gate: &Gate) -> TokenStream {
    let gated = |needed: bool| {
        if needed {
            cfg(gate)
        } else {
            cfg_with(gate, SERDE_FULL)
        }
    };
    let (ser_cfg, de_cfg) = (
        gated(usage.needs_serialize()),
        gated(usage.needs_deserialize()),
    );
    let serialize = serialize(name, s);
    let deserialize = deserialize(name, s, &de_cfg);
    quote! {
        #ser_cfg
        #serialize

        #deserialize
    }
}

/// `impl Serialize`: the fields in order, optional ones only when present, `readOnly` ones
/// never; the length it announces counts the fields it writes.
fn serialize(name: &Ident, s: &Struct) -> TokenStream {
    let type_name = name.to_string();
    let sent: Vec<_> = s.fields.iter().filter(|f| !f.read_only).collect();
    let body = if sent.is_empty() {
        quote!(serializer.serialize_struct(#type_name, 0)?.end())
    } else {
        let required = Literal::usize_unsuffixed(sent.iter().filter(|f| !f.optional).count());
        let present: Vec<TokenStream> = sent
            .iter()
            .filter(|f| f.optional)
            .map(|f| {
                let field = ident(&f.name);
                quote!(self.#field.is_some())
            })
            .collect();
        let len = match (present.is_empty(), sent.iter().any(|f| !f.optional)) {
            (true, _) => quote!(#required),
            (false, false) => quote!(crate::runtime::present(&[#(#present),*])),
            (false, true) => quote!(crate::runtime::present(&[#(#present),*]) + #required),
        };
        let writes = sent.iter().map(|f| {
            let field = ident(&f.name);
            let wire = &f.wire_name;
            if f.optional {
                quote!(crate::runtime::optional_field(&mut object, #wire, &self.#field)?;)
            } else {
                quote!(object.serialize_field(#wire, &self.#field)?;)
            }
        });
        quote! {
            let len = #len;
            let mut object = serializer.serialize_struct(#type_name, len)?;
            #(#writes)*
            object.end()
        }
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                #body
            }
        }
    }
}

/// `impl Deserialize` through the runtime's `deserialize_object`, and the `Object` it reads:
/// the wire names, the required ones, and where each field's value goes; both compiled as
/// `cfg` says.
fn deserialize(name: &Ident, s: &Struct, cfg: &TokenStream) -> TokenStream {
    let type_name = name.to_string();
    let wires = s.fields.iter().map(|f| &f.wire_name);
    let required: Vec<Literal> = s
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.optional)
        .map(|(index, _)| Literal::usize_unsuffixed(index))
        .collect();
    let required = (!required.is_empty())
        .then(|| quote!(const REQUIRED: &'static [usize] = &[#(#required),*];));
    let ignore = quote!(map.next_value::<::serde::de::IgnoredAny>().map(drop));
    let (index, body) = if s.fields.is_empty() {
        (quote!(_), ignore)
    } else {
        let arms = s.fields.iter().enumerate().map(|(index, f)| {
            let index = Literal::usize_unsuffixed(index);
            let field = ident(&f.name);
            quote!(#index => map.next_value_seed(crate::runtime::Slot(&mut self.#field)),)
        });
        (
            quote!(index),
            quote! {
                match index {
                    #(#arms)*
                    _ => #ignore,
                }
            },
        )
    };
    quote! {
        #cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::deserialize_object(deserializer)
            }
        }

        #cfg
        impl crate::runtime::Object for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];
            #required

            fn field<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                #index: usize,
                map: &mut A,
            ) -> ::std::result::Result<(), A::Error> {
                #body
            }
        }
    }
}

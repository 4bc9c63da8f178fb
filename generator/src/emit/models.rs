//! `src/models.rs`: one Rust type per IR type.

use proc_macro2::TokenStream;
use quote::quote;

use super::format_tokens;
use super::tokens::{
    Scope, cfg, cfg_text, doc_attrs, doc_lines, doc_opt, error_body_type, ident, response_type,
    rust_type,
};
use crate::ir::{
    Api, ErrorBody, ErrorCase, ErrorShape, Field, Gate, IntEnum, IntRepr, Literal, MediaBody,
    MediaCase, MediaKind, Presence, Response, StatusMatch, StringEnum, Struct, StructSerde,
    SuccessCase, TypeDef, TypeKind, TypeRef, Union, Usage,
};

pub fn models(api: &Api) -> String {
    let scope = Scope::models(api);
    let mut chunks = vec![format_tokens(quote! {
        //! Request and response types, one per schema of the spec.
        //!
        //! Unknown fields in responses are ignored, missing or `null` optional fields decode to
        //! `None`, and enum values the spec does not list decode into an `Unknown` variant, so
        //! the API can grow without breaking this crate.
    })];
    chunks.extend(super::par_map(&api.types, |def| type_def(def, scope)));
    let successes = api.operations.iter().filter_map(|op| match &op.response {
        Response::ByStatus { name, cases } => {
            Some(success_enum(name, &op.id, &op.gate, cases, scope))
        }
        Response::ByMediaType { name, cases } => {
            Some(media_enum(name, &op.id, &op.gate, cases, scope))
        }
        Response::Empty | Response::Json { .. } | Response::Media { .. } | Response::Stream(_) => {
            None
        }
    });
    let errors = api.operations.iter().filter_map(|op| match &op.error {
        ErrorShape::ByStatus { name, cases } => {
            Some(error_enum(name, &op.id, &op.gate, cases, scope))
        }
        ErrorShape::Single(_) => None,
    });
    let pages = pages::page_impls(api, scope);
    chunks.push(format_tokens(quote! { #(#successes)* #(#errors)* #pages }));
    chunks.retain(|c| !c.trim().is_empty());
    chunks.join("\n")
}

/// One model, formatted. Enums are `string_enum!` / `int_enum!` invocations, and the serde
/// implementations of most structs an `object!` invocation, written as text.
fn type_def(def: &TypeDef, scope: Scope) -> String {
    let name = ident(&def.name);
    let cfg = cfg(&def.gate);
    let docs = doc_opt(with_deprecation(def.docs.as_deref(), def.deprecated).as_deref());
    let body = match &def.kind {
        TypeKind::Enum(e) => return enum_def(def, e),
        TypeKind::IntEnum(e) => return int_enum_def(def, e),
        TypeKind::Struct(s) => {
            let invocation = (s.serde == StructSerde::Fields)
                .then(|| object::invocation(&def.name, s, def.usage, &def.gate));
            let strukt = struct_def(&name, s, scope, def);
            let methods = constructors(&def.name, s, scope);
            let methods = (!methods.is_empty()).then(|| quote!(#cfg #methods));
            let def = format_tokens(quote! {
                #docs
                #cfg
                #strukt
                #methods
            });
            return match invocation {
                Some(invocation) => format!("{def}\n{invocation}"),
                None => def,
            };
        }
        TypeKind::Union(u) => union_def(&name, u, scope, def),
        TypeKind::Alias(target) => {
            let target = rust_type(target, scope);
            quote!(pub type #name = #target;)
        }
    };
    format_tokens(quote! {
        #docs
        #cfg
        #body
    })
}

/// Deprecated types and fields are marked in their docs: an attribute would warn inside this
/// crate wherever they are used, while operations carry `#[deprecated]` for callers.
fn with_deprecation(docs: Option<&str>, deprecated: bool) -> Option<String> {
    match (docs, deprecated) {
        (docs, false) => docs.map(str::to_owned),
        (Some(docs), true) => Some(format!("**Deprecated.** {docs}")),
        (None, true) => Some("**Deprecated.**".to_owned()),
    }
}

fn field_type(field: &Field, scope: Scope) -> TokenStream {
    let mut ty = rust_type(&field.ty, scope);
    if field.boxed {
        ty = scope.boxed(ty);
    }
    match field.presence {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => scope.option(ty),
        Presence::OptionalNullable => quote!(crate::runtime::Patch<#ty>),
    }
}

/// A struct, and serde's derives and field attributes where it has them
/// ([`StructSerde::Derive`]).
fn struct_def(name: &proc_macro2::Ident, s: &Struct, scope: Scope, def: &TypeDef) -> TokenStream {
    let usage = def.usage;
    let extra = extra_derives(def);
    let derived = s.serde == StructSerde::Derive;
    let is_none = scope.is_none();
    let fields = s.fields.iter().map(|field| {
        let ident = ident(&field.name);
        let ty = field_type(field, scope);
        let docs = doc_opt(with_deprecation(field.docs.as_deref(), field.deprecated).as_deref());
        let mut serde = Vec::new();
        if field.renamed {
            let wire = &field.wire_name;
            serde.push(quote!(rename = #wire));
        }
        match field.presence {
            Presence::Required => {}
            // Without a default, a missing key is an error; serde's derive reads it as `None`
            // for an `Option` unless the field has its own `deserialize_with`.
            Presence::RequiredNullable => {
                serde.push(quote!(deserialize_with = "crate::runtime::nullable"));
            }
            Presence::Optional => serde.push(quote!(default, skip_serializing_if = #is_none)),
            Presence::OptionalNullable => serde.push(quote!(
                default,
                skip_serializing_if = "crate::runtime::Patch::is_absent"
            )),
        }
        if field.read_only {
            serde.push(quote!(skip_serializing));
        }
        let serde = if serde.is_empty() || !derived {
            TokenStream::new()
        } else {
            quote!(#[serde(#(#serde),*)])
        };
        quote! {
            #docs
            #serde
            pub #ident: #ty,
        }
    });
    let additional = s.additional.as_ref().map(|value| {
        let value = rust_type(value, scope);
        let string = scope.string();
        let serde = if derived {
            quote!(#[serde(flatten)])
        } else {
            TokenStream::new()
        };
        quote! {
            /// Properties beyond the ones listed above.
            #serde
            pub additional_properties: ::std::collections::BTreeMap<#string, #value>,
        }
    });
    let default = if s.derive_default && !spec_defaults(s) {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    let (serde_derives, serde_full) = if derived {
        serde_derives(usage)
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, #extra #default #serde_derives)]
        #serde_full
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

/// A struct's `Default` implementation where the spec's defaults fill its required fields, and
/// its `new` ([`Struct::constructor`]): it takes the required fields with no default, in spec
/// order, and leaves the optional ones absent.
fn constructors(name: &str, s: &Struct, scope: Scope) -> TokenStream {
    let default_trait = scope.prelude("Default", quote!(::std::default::Default));
    let none = scope.prelude("None", quote!(::std::option::Option::None));
    let value_of = |field: &Field| -> TokenStream {
        match (required_default(field), field.presence) {
            (Some(literal), _) => literal_value(literal, field, scope),
            (None, Presence::Optional | Presence::RequiredNullable) => none.clone(),
            (None, Presence::OptionalNullable) => quote!(crate::runtime::Patch::Absent),
            (None, Presence::Required) => quote!(#default_trait::default()),
        }
    };
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote!(additional_properties: #default_trait::default(),));
    if s.derive_default {
        if !spec_defaults(s) {
            return TokenStream::new();
        }
        let fields = s.fields.iter().map(|field| {
            let ident = ident(&field.name);
            let value = value_of(field);
            quote!(#ident: #value,)
        });
        let name = ident(name);
        return quote! {
            impl #default_trait for #name {
                /// Every required field set to the default the API documents, every optional one
                /// absent.
                fn default() -> Self {
                    Self { #(#fields)* #additional }
                }
            }
        };
    }
    let given: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| s.constructor.contains(&f.name))
        .collect();
    if given.is_empty() {
        return TokenStream::new();
    }
    let string = scope.string();
    let into = scope.prelude("Into", quote!(::std::convert::Into));
    let boxed = scope.prelude("Box", quote!(::std::boxed::Box));
    let args = given.iter().map(|field| {
        let ident = ident(&field.name);
        let ty = match (&field.ty, field.presence) {
            (TypeRef::String, Presence::Required) => quote!(impl #into<#string>),
            _ => {
                let mut inner = (*field).clone();
                inner.boxed = false;
                field_type(&inner, scope)
            }
        };
        quote!(#ident: #ty)
    });
    let fields = s.fields.iter().map(|field| {
        let ident = ident(&field.name);
        if !given.iter().any(|g| g.name == field.name) {
            let value = value_of(field);
            return quote!(#ident: #value,);
        }
        let value = match (&field.ty, field.presence) {
            (TypeRef::String, Presence::Required) => quote!(#ident.into()),
            _ => quote!(#ident),
        };
        if field.boxed {
            quote!(#ident: #boxed::new(#value),)
        } else if field.ty == TypeRef::String && field.presence == Presence::Required {
            quote!(#ident: #value,)
        } else {
            quote!(#ident,)
        }
    });
    let defaulted = s.fields.iter().any(|f| required_default(f).is_some());
    let docs = doc_attrs(&if defaulted {
        format!(
            "`{name}` from its required fields that have no default, in the spec's order; the \
             others take the API's default, the optional ones are absent."
        )
    } else {
        format!(
            "`{name}` from its required fields, in the spec's order; the optional ones are absent."
        )
    });
    let name = ident(name);
    quote! {
        impl #name {
            #docs
            #[inline]
            pub fn new(#(#args),*) -> Self {
                Self { #(#fields)* #additional }
            }
        }
    }
}

/// Whether some required field's default is not its type's own (`0`, `false`, `""`, empty,
/// `None`): then `Default` is written out rather than derived. An optional field's default is
/// not written: it starts absent, which asks for the API's default.
fn spec_defaults(s: &Struct) -> bool {
    s.fields
        .iter()
        .filter_map(required_default)
        .any(|literal| match literal {
            Literal::Bool(b) => *b,
            Literal::Int(n) => *n != 0,
            Literal::Float(text) => text.parse::<f64>().is_ok_and(|f| f != 0.0),
            Literal::String(text) => !text.is_empty(),
            Literal::Variant(_) => true,
            Literal::Null | Literal::Empty => false,
        })
}

/// The default of a required field, the value `Default` and `new` give it.
fn required_default(field: &Field) -> Option<&Literal> {
    field.default.as_ref().filter(|_| is_required(field))
}

/// Whether the object must hold the field.
fn is_required(field: &Field) -> bool {
    matches!(
        field.presence,
        Presence::Required | Presence::RequiredNullable
    )
}

/// The Rust value of a required field's default.
fn literal_value(literal: &Literal, field: &Field, scope: Scope) -> TokenStream {
    let value = match literal {
        Literal::Null => return scope.prelude("None", quote!(::std::option::Option::None)),
        Literal::Bool(b) => quote!(#b),
        Literal::Int(n) => {
            let n = proc_macro2::Literal::i64_unsuffixed(*n);
            quote!(#n)
        }
        // Analyze writes Rust float literals (`0.5`, `1e300`, `-2.0`), which always parse.
        Literal::Float(text) => text.parse().expect("a Rust float literal"),
        Literal::String(text) => {
            let string = scope.string();
            quote!(#string::from(#text))
        }
        Literal::Variant(variant) => {
            let ty = rust_type(&field.ty, scope);
            let variant = ident(variant);
            quote!(#ty::#variant)
        }
        Literal::Empty => {
            let default_trait = scope.prelude("Default", quote!(::std::default::Default));
            quote!(#default_trait::default())
        }
    };
    if field.presence == Presence::RequiredNullable {
        scope.some(value)
    } else {
        value
    }
}

/// A `string_enum!` invocation, written as text: prettyplease leaves macro bodies unformatted.
fn enum_def(def: &TypeDef, e: &StringEnum) -> String {
    let variants = e
        .variants
        .iter()
        .map(|v| (v.name.as_str(), string_literal(&v.wire_name)));
    enum_macro(def, "string_enum", "", variants)
}

/// An `int_enum!` invocation, written as text like [`enum_def`].
fn int_enum_def(def: &TypeDef, e: &IntEnum) -> String {
    let repr = match e.repr {
        IntRepr::I32 => ": i32",
        IntRepr::I64 => ": i64",
    };
    let variants = e
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.value.to_string()));
    enum_macro(def, "int_enum", repr, variants)
}

/// `crate::macros::<name>! { /// docs  pub enum Type<repr> { Variant = value, ... } }`.
fn enum_macro<'v>(
    def: &TypeDef,
    macro_name: &str,
    repr: &str,
    variants: impl Iterator<Item = (&'v str, String)>,
) -> String {
    let mut out = cfg_text(&def.gate);
    out.push_str(&format!("crate::macros::{macro_name}! {{\n"));
    if let Some(docs) = with_deprecation(def.docs.as_deref(), def.deprecated) {
        for line in doc_lines(&docs) {
            out.push_str(&format!("    ///{line}\n"));
        }
    }
    out.push_str(&format!("    pub enum {}{repr} {{\n", def.name));
    for (name, value) in variants {
        out.push_str(&format!("        {name} = {value},\n"));
    }
    out.push_str("    }\n}\n");
    out
}

/// A Rust string literal for any text.
fn string_literal(text: &str) -> String {
    format!("{text:?}")
}

/// The traits a configuration asks the type to derive ([`TypeDef::derives`]), each followed
/// by a comma.
fn extra_derives(def: &TypeDef) -> TokenStream {
    let names = def.derives.iter().map(|d| ident(d.name()));
    quote!(#(#names,)*)
}

/// The serde derives a type needs for the way it travels, and the ones it gets only with the
/// `serde-full` feature: generating both for every type would double the crate's build time.
fn serde_derives(usage: Usage) -> (TokenStream, TokenStream) {
    let mut always = Vec::new();
    let mut optional = Vec::new();
    let serialize = quote!(::serde::Serialize);
    let deserialize = quote!(::serde::Deserialize);
    if usage.needs_serialize() {
        always.push(serialize)
    } else {
        optional.push(serialize)
    }
    if usage.needs_deserialize() {
        always.push(deserialize)
    } else {
        optional.push(deserialize)
    }
    let full = if optional.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[cfg_attr(feature = "serde-full", derive(#(#optional),*))])
    };
    (quote!(#(#always,)*), full)
}

fn union_def(name: &proc_macro2::Ident, u: &Union, scope: Scope, def: &TypeDef) -> TokenStream {
    let (serde_derives, serde_full) = serde_derives(def.usage);
    let extra = extra_derives(def);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let mut ty = rust_type(&v.ty, scope);
        if v.boxed {
            ty = scope.boxed(ty);
        }
        quote!(#variant(#ty),)
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, #extra #serde_derives)]
        #serde_full
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The pattern of each case on `status.as_u16()`, for cases in the IR's order (codes, then
/// ranges, then the rest). A range leaves out the codes listed before it, so no arm overlaps
/// another; `None` for a range they cover whole.
fn status_patterns(statuses: &[StatusMatch]) -> Vec<Option<TokenStream>> {
    let number = proc_macro2::Literal::u16_unsuffixed;
    let codes: Vec<u16> = statuses
        .iter()
        .filter_map(|s| match s {
            StatusMatch::Code(code) => Some(*code),
            _ => None,
        })
        .collect();
    statuses
        .iter()
        .map(|status| match *status {
            StatusMatch::Code(code) => {
                let code = number(code);
                Some(quote!(#code))
            }
            StatusMatch::Range(class) => {
                let (mut low, high) = (class * 100, class * 100 + 99);
                let mut pieces = Vec::new();
                let mut listed: Vec<u16> = codes
                    .iter()
                    .copied()
                    .filter(|c| (low..=high).contains(c))
                    .collect();
                listed.push(high + 1);
                for code in listed {
                    if code > low {
                        let (a, b) = (number(low), number(code - 1));
                        pieces.push(if code - 1 == low {
                            quote!(#a)
                        } else {
                            quote!(#a..=#b)
                        });
                    }
                    low = code + 1;
                }
                (!pieces.is_empty()).then(|| quote!(#(#pieces)|*))
            }
            StatusMatch::Other => Some(quote!(_)),
        })
        .collect()
}

/// Docs of a case: which statuses it stands for.
fn status_docs(status: StatusMatch) -> TokenStream {
    doc_attrs(&match status {
        StatusMatch::Code(code) => format!("HTTP {code}."),
        StatusMatch::Range(class) => format!("HTTP {class}XX (any {class}xx status not listed)."),
        StatusMatch::Other => "Any other status.".to_owned(),
    })
}

/// The payload of a variant holding a `ty` body, and what wraps a decoded body in it: in a
/// `Box` where the case says so (`ErrorCase::boxed` and its kin).
fn payload(
    ty: &TypeRef,
    boxed: bool,
    variant: &proc_macro2::Ident,
    scope: Scope,
) -> (TokenStream, TokenStream) {
    let inner = rust_type(ty, scope);
    if !boxed {
        return (inner, quote!(Self::#variant));
    }
    let new = scope.prelude("Box", quote!(::std::boxed::Box));
    let new = quote!(#new::new);
    (
        scope.boxed(inner),
        quote!(|value| Self::#variant(#new(value))),
    )
}

/// The enum of the representations of an operation's success body, and its reader by
/// `Content-Type`.
fn media_enum(
    name: &str,
    op_id: &str,
    gate: &Gate,
    cases: &[MediaCase],
    scope: Scope,
) -> TokenStream {
    let cfg = cfg(gate);
    let name = ident(name);
    let docs = doc_attrs(&format!(
        "The success body of `{op_id}`, which the API offers in several media types: the \
         variant is the one the response's `Content-Type` names."
    ));
    let listed = |case: &MediaCase| {
        let types: Vec<String> = case.media_types.iter().map(|m| format!("`{m}`")).collect();
        types.join(", ")
    };
    let variants = cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let types = listed(case);
        let (docs, ty) = match &case.body {
            MediaBody::Json(body) => (
                format!("{types}: JSON, decoded."),
                payload(&body.ty, case.boxed, &variant, scope).0,
            ),
            MediaBody::Media(kind) => (
                match kind {
                    MediaKind::Text => format!(
                        "{types}: the text, decoded by its charset (UTF-8 unless it names another)."
                    ),
                    MediaKind::Bytes => format!("{types}: the bytes."),
                    MediaKind::Raw => format!("{types}: the bytes, with their content type."),
                },
                response_type(&Response::Media { kind: *kind }, scope),
            ),
        };
        let docs = doc_attrs(&docs);
        quote!(#docs #variant(#ty),)
    });
    let declared: Vec<&str> = cases
        .iter()
        .flat_map(|case| case.media_types.iter().map(String::as_str))
        .collect();
    let mut first = 0usize;
    let last = cases.len() - 1;
    let arms = cases.iter().enumerate().map(|(position, case)| {
        let variant = ident(&case.variant);
        let indexes =
            (first..first + case.media_types.len()).map(proc_macro2::Literal::usize_unsuffixed);
        first += case.media_types.len();
        let pattern = if position == last {
            quote!(_)
        } else {
            quote!(#(#indexes)|*)
        };
        let (read, wrap) = match &case.body {
            MediaBody::Json(body) => (
                match body.envelope {
                    Some(_) => quote!(crate::runtime::read_data),
                    None => quote!(crate::runtime::read_json),
                },
                payload(&body.ty, case.boxed, &variant, scope).1,
            ),
            MediaBody::Media(_) => (quote!(crate::runtime::read_media), quote!(Self::#variant)),
        };
        quote!((#pattern, response) => #read(response).map(|response| response.map(#wrap)),)
    });
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        #cfg
        impl #name {
            /// Reads a success response as the representation its `Content-Type` names (parameters such as `charset` aside; any JSON type is read as the JSON one; a range such as `text/*` matches its types).
            ///
            /// # Errors
            /// [`Error::UnexpectedContentType`](crate::Error::UnexpectedContentType), with the body, when the response names a type the API does not declare for it (or none); [`Error::Decode`](crate::Error::Decode) when the body does not decode as the type it names.
            #[inline]
            pub fn read<E>(
                response: crate::runtime::Response<::bytes::Bytes>,
            ) -> ::std::result::Result<crate::runtime::Response<Self>, crate::runtime::Error<E>> {
                match crate::runtime::by_content_type(response, &[#(#declared),*])? {
                    #(#arms)*
                }
            }
        }
    }
}

/// The enum of an operation's success bodies, and its decoder by status.
fn success_enum(
    name: &str,
    op_id: &str,
    gate: &Gate,
    cases: &[SuccessCase],
    scope: Scope,
) -> TokenStream {
    let cfg = cfg(gate);
    let name = ident(name);
    let docs = doc_attrs(&format!(
        "The success body of `{op_id}`, which differs by status."
    ));
    let variants = cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let docs = status_docs(case.status);
        match &case.body {
            Some(body) => {
                let (ty, _) = payload(&body.ty, case.boxed, &variant, scope);
                quote!(#docs #variant(#ty),)
            }
            None => quote!(#docs #variant,),
        }
    });
    let statuses: Vec<StatusMatch> = cases.iter().map(|c| c.status).collect();
    let arms = cases
        .iter()
        .zip(status_patterns(&statuses))
        .map(|(case, pattern)| {
            let variant = ident(&case.variant);
            let Some(pattern) = pattern else {
                return TokenStream::new();
            };
            let wrap = match &case.body {
                Some(body) => payload(&body.ty, case.boxed, &variant, scope).1,
                None => return quote!(#pattern => ::std::result::Result::Ok(Self::#variant),),
            };
            match case.body.as_ref().and_then(|b| b.envelope.as_ref()) {
                Some(_) => quote! {
                    #pattern => crate::runtime::decode_body::<crate::runtime::Data<_>>(body)
                        .map(|envelope| envelope.data)
                        .map(#wrap),
                },
                None => quote!(#pattern => crate::runtime::decode_body(body).map(#wrap),),
            }
        });
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        #cfg
        impl #name {
            /// Decodes a success body by its status.
            ///
            /// # Errors
            /// The body does not match what the spec documents for its status (the error names
            /// the path to the value that does not), or the status is not one the spec
            /// documents.
            #[inline]
            pub fn decode(
                status: ::http::StatusCode,
                body: &[u8],
            ) -> ::std::result::Result<Self, crate::runtime::DecodeError> {
                match status.as_u16() {
                    #(#arms)*
                    _ => ::std::result::Result::Err(crate::runtime::DecodeError::from(
                        <::serde_json::Error as ::serde::de::Error>::custom(
                            ::std::format!("status {status} is not a success status the API documents"),
                        ),
                    )),
                }
            }
        }
    }
}

fn error_enum(
    name: &str,
    op_id: &str,
    gate: &Gate,
    cases: &[ErrorCase],
    scope: Scope,
) -> TokenStream {
    let cfg = cfg(gate);
    let name = ident(name);
    let docs = doc_attrs(&format!(
        "The error body of `{op_id}`, which differs by status."
    ));
    let variants = cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let docs = status_docs(case.status);
        match &case.body {
            ErrorBody::Empty => quote!(#docs #variant,),
            ErrorBody::Json(ty) => {
                let (ty, _) = payload(ty, case.boxed, &variant, scope);
                quote!(#docs #variant(#ty),)
            }
            ErrorBody::JsonOrText { ty, .. } => {
                let (ty, _) = payload(ty, case.boxed, &variant, scope);
                quote!(#docs #variant(crate::runtime::JsonOrText<#ty>),)
            }
            ErrorBody::Text => {
                let ty = error_body_type(&case.body, scope);
                quote!(#docs #variant(#ty),)
            }
        }
    });
    let with_headers = cases
        .iter()
        .any(|case| matches!(case.body, ErrorBody::JsonOrText { .. }));
    let statuses: Vec<StatusMatch> = cases.iter().map(|c| c.status).collect();
    let arms = cases
        .iter()
        .zip(status_patterns(&statuses))
        .map(|(case, pattern)| {
            let variant = ident(&case.variant);
            let Some(pattern) = pattern else {
                return TokenStream::new();
            };
            match &case.body {
                ErrorBody::Json(ty) => {
                    let (_, wrap) = payload(ty, case.boxed, &variant, scope);
                    quote!(#pattern => crate::runtime::decode_json(status, body).map(#wrap),)
                }
                ErrorBody::JsonOrText {
                    ty,
                    json_types,
                    text_types,
                } => {
                    let (ty, _) = payload(ty, case.boxed, &variant, scope);
                    quote! {
                        #pattern => crate::runtime::decode_json_or_text::<#ty>(
                            status, headers, body, &[#(#json_types),*], &[#(#text_types),*],
                        ).map(Self::#variant),
                    }
                }
                ErrorBody::Text => quote! {
                    #pattern => ::std::option::Option::Some(Self::#variant(
                        ::std::string::String::from_utf8_lossy(body).into_owned(),
                    )),
                },
                ErrorBody::Empty => {
                    quote!(#pattern => ::std::option::Option::Some(Self::#variant),)
                }
            }
        });
    let decode = if with_headers {
        quote! {
            /// Decodes an error body by its status, and by its `Content-Type` where the status
            /// declares several media types.
            #[inline]
            pub fn decode(
                status: ::http::StatusCode,
                headers: &::http::HeaderMap,
                body: &[u8],
            ) -> ::std::option::Option<Self> {
                match status.as_u16() {
                    #(#arms)*
                }
            }
        }
    } else {
        quote! {
            /// Decodes an error body by its status.
            #[inline]
            pub fn decode(status: ::http::StatusCode, body: &[u8]) -> ::std::option::Option<Self> {
                match status.as_u16() {
                    #(#arms)*
                }
            }
        }
    };
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        #cfg
        impl #name {
            #decode
        }
    }
}

mod object;
mod pages;

#[cfg(test)]
mod tests;

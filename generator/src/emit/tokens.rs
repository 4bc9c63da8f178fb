//! Small pieces every emitter uses: identifiers, type paths, doc attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{
    BodyContent, BodyEncoding, ErrorBody, Gate, MediaKind, Response, StreamFormat, TypeRef,
};

/// An identifier from an IR name (which naming already made valid; `r#` prefixes kept raw).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// How types are spelled in the module being emitted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Scope<'a> {
    /// Inside `models`: named types by their bare name; elsewhere `models::Name`.
    pub in_models: bool,
    /// Prelude names a type of this module takes: those std items are written with their full
    /// path, every other one plainly.
    shadowed: &'a [String],
}

impl Scope<'static> {
    /// Operations modules and the crate root: models are reached as `models::Name`, and no item
    /// there takes a prelude name (builders never do), so the prelude is written plainly.
    pub const OUTSIDE_MODELS: Scope<'static> = Scope {
        in_models: false,
        shadowed: &[],
    };
}

impl<'a> Scope<'a> {
    /// The models module: plain prelude names, except those a model takes
    /// ([`Api::shadowed_prelude`](crate::ir::Api::shadowed_prelude)).
    pub fn models(api: &'a crate::ir::Api) -> Scope<'a> {
        Scope {
            in_models: true,
            shadowed: &api.shadowed_prelude,
        }
    }

    /// The prelude item `name`, or its full path `full` where a type takes the name.
    pub fn prelude(self, name: &str, full: TokenStream) -> TokenStream {
        if self.shadowed.iter().any(|s| s == name) {
            full
        } else {
            let name = ident(name);
            quote!(#name)
        }
    }

    /// `Option<inner>`.
    pub fn option(self, inner: TokenStream) -> TokenStream {
        let option = self.prelude("Option", quote!(::std::option::Option));
        quote!(#option<#inner>)
    }

    /// `Option::is_none`, as the path string serde's `skip_serializing_if` takes.
    pub fn is_none(self) -> &'static str {
        if self.shadowed.iter().any(|s| s == "Option") {
            "::std::option::Option::is_none"
        } else {
            "Option::is_none"
        }
    }

    /// `Some(value)`.
    pub fn some(self, value: TokenStream) -> TokenStream {
        let some = self.prelude("Some", quote!(::std::option::Option::Some));
        quote!(#some(#value))
    }

    /// `Box<inner>`.
    pub fn boxed(self, inner: TokenStream) -> TokenStream {
        let boxed = self.prelude("Box", quote!(::std::boxed::Box));
        quote!(#boxed<#inner>)
    }

    /// `Vec<inner>`.
    pub fn vec(self, inner: TokenStream) -> TokenStream {
        let vec = self.prelude("Vec", quote!(::std::vec::Vec));
        quote!(#vec<#inner>)
    }

    /// `String`.
    pub fn string(self) -> TokenStream {
        self.prelude("String", quote!(::std::string::String))
    }
}

/// The Rust type for a type reference.
pub fn rust_type(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            if scope.in_models {
                quote!(#name)
            } else {
                quote!(models::#name)
            }
        }
        TypeRef::String => scope.string(),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Uri => quote!(::url::Url),
        TypeRef::Binary => quote!(crate::runtime::Upload),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Vec(inner) => scope.vec(rust_type(inner, scope)),
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, scope);
            let string = scope.string();
            quote!(::std::collections::BTreeMap<#string, #inner>)
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(|item| rust_type(item, scope));
            quote!((#(#items,)*))
        }
        TypeRef::External { path, .. } => path
            .parse()
            .expect("a configured type's path is checked when the configuration is read"),
    }
}

/// The type as a reader would write it, for docs and listings: `Vec<WebhookResponse>`.
pub fn display_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::DateTime => "DateTime<Utc>".into(),
        TypeRef::Uri => "Url".into(),
        TypeRef::Binary => "Upload".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Vec(inner) => format!("Vec<{}>", display_type(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", display_type(inner)),
        TypeRef::Tuple(items) => tuple_text(items.iter().map(display_type).collect()),
        TypeRef::External { path, .. } => path.clone(),
    }
}

/// A tuple type or value written out from its items' text: `(A, B)`, `(A,)`.
pub fn tuple_text(items: Vec<String>) -> String {
    match items.as_slice() {
        [one] => format!("({one},)"),
        _ => format!("({})", items.join(", ")),
    }
}

/// What a request body's value is held as: the model, a `String` or a `runtime::Payload`; and
/// what the caller passes for it, when that differs (`impl Into<..>`).
pub fn body_types(content: &BodyContent, scope: Scope) -> (TokenStream, Option<TokenStream>) {
    match content.model() {
        Some(ty) => (rust_type(ty, scope), None),
        None => match content.encoding {
            BodyEncoding::Text => {
                let string = scope.string();
                (string.clone(), Some(quote!(impl Into<#string>)))
            }
            _ => (
                quote!(crate::runtime::Payload),
                Some(quote!(impl Into<crate::runtime::Payload>)),
            ),
        },
    }
}

/// A request body's value as a reader would write it: `WebhookRequest`, `String`, `Payload`.
pub fn display_body(content: &BodyContent) -> String {
    match content.model() {
        Some(ty) => display_type(ty),
        None => match content.encoding {
            BodyEncoding::Text => "impl Into<String>".into(),
            _ => "impl Into<Payload>".into(),
        },
    }
}

/// What `send` returns for a success response; for a stream, what each of its items holds.
pub fn response_type(response: &Response, scope: Scope) -> TokenStream {
    match response {
        Response::Empty => quote!(()),
        Response::Json { ty, .. } => rust_type(ty, scope),
        Response::Stream(stream) => {
            let item = rust_type(&stream.item, scope);
            match stream.format {
                StreamFormat::ServerSentEvents => quote!(crate::runtime::Event<#item>),
                StreamFormat::JsonLines | StreamFormat::JsonSeq => item,
            }
        }
        Response::Media { kind, .. } => match kind {
            MediaKind::Text => scope.string(),
            MediaKind::Bytes => quote!(::bytes::Bytes),
            MediaKind::Raw => quote!(crate::runtime::RawBody),
        },
        Response::ByStatus { name, .. } | Response::ByMediaType { name, .. } => {
            rust_type(&TypeRef::Named(name.clone()), scope)
        }
    }
}

/// [`response_type`] as a reader would write it.
pub fn display_response(response: &Response) -> String {
    match response {
        Response::Empty => "()".into(),
        Response::Json { ty, .. } => display_type(ty),
        Response::Stream(stream) => match stream.format {
            StreamFormat::ServerSentEvents => {
                format!("EventStream<{}>", display_type(&stream.item))
            }
            StreamFormat::JsonLines | StreamFormat::JsonSeq => {
                format!("JsonLines<{}>", display_type(&stream.item))
            }
        },
        Response::Media { kind, .. } => match kind {
            MediaKind::Text => "String".into(),
            MediaKind::Bytes => "Bytes".into(),
            MediaKind::Raw => "RawBody".into(),
        },
        Response::ByStatus { name, .. } | Response::ByMediaType { name, .. } => name.clone(),
    }
}

/// The Rust type an error body decodes into: its JSON type, `String` for text, `()` for none.
pub fn error_body_type(body: &ErrorBody, scope: Scope) -> TokenStream {
    match body {
        ErrorBody::Json(ty) => rust_type(ty, scope),
        ErrorBody::JsonOrText { ty, .. } => {
            let ty = rust_type(ty, scope);
            quote!(crate::runtime::JsonOrText<#ty>)
        }
        ErrorBody::Text => scope.string(),
        ErrorBody::Empty => quote!(()),
    }
}

/// [`error_body_type`] as a reader would write it.
pub fn display_error_body(body: &ErrorBody) -> String {
    match body {
        ErrorBody::Json(ty) => display_type(ty),
        ErrorBody::JsonOrText { ty, .. } => format!("JsonOrText<{}>", display_type(ty)),
        ErrorBody::Text => "String".into(),
        ErrorBody::Empty => "()".into(),
    }
}

/// The lines of a doc comment for Markdown text, each with its leading space. Every doc the
/// crate carries goes through here, and through [`crate::ir::docs::plain`], so no text from
/// the spec can put a bidirectional control into the code.
pub fn doc_lines(text: &str) -> Vec<String> {
    crate::ir::docs::plain(text)
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Doc comments for Markdown text: one `#[doc]` attribute standing for all its lines, which
/// [`super::format_tokens`] writes as `///` lines.
pub fn doc_attrs(text: &str) -> TokenStream {
    match held_docs::hold(doc_lines(text)) {
        Some(held) => quote! { #[doc = #held] },
        None => TokenStream::new(),
    }
}

/// `//!` doc comments, as [`doc_attrs`]: a module's own docs.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    match held_docs::hold(doc_lines(text)) {
        Some(held) => quote! { #![doc = #held] },
        None => TokenStream::new(),
    }
}

/// Docs are most of the text of a generated crate. Carried through tokens line by line, each
/// line would be escaped into a string literal, parsed by syn as an attribute and unescaped
/// again, only for prettyplease to write it out unchanged after `///` (with its trailing spaces
/// trimmed). So the lines of each doc are held here, on the thread that formats them, and the
/// tokens carry one attribute with a placeholder, `\0` and the doc's number: prettyplease writes
/// it as the line `///\0N` (a line of real docs starts with a space or is empty), which
/// [`expand`](held_docs::expand) replaces with the doc's own lines.
pub(super) mod held_docs {
    use std::cell::RefCell;

    thread_local! {
        static HELD: RefCell<Vec<Vec<String>>> = const { RefCell::new(Vec::new()) };
    }

    /// Holds the lines of a doc; the placeholder that stands for them, if there are any.
    pub fn hold(lines: Vec<String>) -> Option<String> {
        if lines.is_empty() {
            return None;
        }
        HELD.with_borrow_mut(|held| {
            held.push(lines);
            Some(format!("\0{}", held.len() - 1))
        })
    }

    /// Formatted code with each placeholder line replaced by the lines of its doc, as
    /// prettyplease writes doc attributes: at the placeholder's indentation, after `///` or
    /// `//!`, trailing spaces trimmed.
    pub fn expand(code: String) -> String {
        if !code.contains('\0') {
            return code;
        }
        HELD.with_borrow(|held| {
            let mut out = String::with_capacity(code.len() * 2);
            for line in code.split_inclusive('\n') {
                let text = line.trim_start();
                let indent = &line[..line.len() - text.len()];
                let placeholder = ["///", "//!"].into_iter().find_map(|style| {
                    let number = text.strip_prefix(style)?.strip_prefix('\0')?;
                    Some((style, number.trim_end().parse::<usize>().ok()?))
                });
                let Some((style, number)) = placeholder else {
                    out.push_str(line);
                    continue;
                };
                let lines = held
                    .get(number)
                    .expect("docs are formatted on the thread that held them");
                for doc in lines {
                    out.push_str(indent);
                    out.push_str(style);
                    out.push_str(doc.trim_end_matches(' '));
                    out.push('\n');
                }
            }
            out
        })
    }

    /// Lets go of every doc this thread holds (once its code is formatted).
    pub fn release() {
        HELD.with_borrow_mut(Vec::clear);
    }
}

/// Doc attributes for optional text.
pub fn doc_opt(text: Option<&str>) -> TokenStream {
    text.map(doc_attrs).unwrap_or_default()
}

/// `#[deprecated]` when the spec says so.
pub fn deprecated(flag: bool) -> TokenStream {
    if flag {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    }
}

/// `#[cfg(...)]` for an item compiled only with some features; nothing for one always compiled.
pub fn cfg(gate: &Gate) -> TokenStream {
    let any = |names: &[String]| match names {
        [name] => quote!(feature = #name),
        names => quote!(any(#(feature = #names),*)),
    };
    match gate {
        Gate::Always => TokenStream::new(),
        Gate::Features(lists) => match lists.as_slice() {
            [list] => {
                let list = any(list);
                quote!(#[cfg(#list)])
            }
            lists => {
                let lists = lists.iter().map(|list| any(list));
                quote!(#[cfg(all(#(#lists),*))])
            }
        },
    }
}

/// `#[cfg(...)]` for an item compiled only with `feature` and, beyond it, when `gate` says.
pub fn cfg_with(gate: &Gate, feature: &str) -> TokenStream {
    let mut lists = vec![vec![feature.to_owned()]];
    if let Gate::Features(more) = gate {
        lists.extend(more.iter().cloned());
    }
    cfg(&Gate::Features(lists))
}

/// The `#[cfg]` of an item written as text (ending in a line break), laid out as prettyplease
/// lays it out elsewhere; nothing for an item always compiled.
pub fn cfg_text(gate: &Gate) -> String {
    thread_local! {
        /// Each gate's text, formatted once per thread: models share a few gates.
        static FORMATTED: std::cell::RefCell<std::collections::HashMap<Gate, String>> =
            std::cell::RefCell::default();
    }
    if let Some(text) = FORMATTED.with_borrow(|formatted| formatted.get(gate).cloned()) {
        return text;
    }
    let text = format_cfg(gate);
    FORMATTED.with_borrow_mut(|formatted| formatted.insert(gate.clone(), text.clone()));
    text
}

/// [`cfg_text`], formatted.
fn format_cfg(gate: &Gate) -> String {
    let cfg = cfg(gate);
    if cfg.is_empty() {
        return String::new();
    }
    let formatted = super::format_tokens(quote!(#cfg struct Gated;));
    match formatted.trim_end().strip_suffix("struct Gated;") {
        Some(attribute) => attribute.to_owned(),
        None => formatted,
    }
}

//! Rust code for a call of an operation with its example values ([`Operation::example`]): the
//! one emitter of calls, used by the doc example of every operation method, the crate's front
//! page and the conformance driver ([`crate::emit::driver`]).
//!
//! Bodies are typed values: struct literals with their required fields (and the optional ones
//! the example sets), `..Default::default()` only where the struct implements `Default`, enum
//! variants, `Option` and `Patch` as each field's presence says. Dates, date-times and URLs are
//! parsed from their text with `?`, so the code runs in a function returning a boxed error.

use std::collections::BTreeMap;

use crate::ir::{
    Api, AuthKind, AuthScheme, BodyContent, BodyEncoding, ExampleValue, Operation, Param, Presence,
    Response, StreamFormat, TypeDef, TypeKind, TypeRef,
};

/// Which call of an operation to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The required parameters and a required body.
    Required,
    /// Every parameter, and the body (optional or not).
    Full,
    /// The required parameters, with the body in the other media type of this index
    /// ([`crate::ir::Body::alternatives`]).
    Media(usize),
}

impl Variant {
    /// Every call the conformance driver makes of `op`: the required call, the full one where
    /// it sets more, and one per other media type of its body.
    pub fn all(op: &Operation) -> Vec<Variant> {
        let mut variants = vec![Variant::Required];
        let optional_body = op.body.as_ref().is_some_and(|b| !b.required);
        if optional_body || op.params.iter().any(|p| !p.required) {
            variants.push(Variant::Full);
        }
        let media = op.body.as_ref().map_or(0, |b| b.alternatives.len());
        variants.extend((0..media).map(Variant::Media));
        variants
    }

    /// Its name in the driver's output: `required`, `full`, `media:<content type>`.
    pub fn label(self, op: &Operation) -> String {
        match self {
            Variant::Required => "required".to_owned(),
            Variant::Full => "full".to_owned(),
            Variant::Media(index) => {
                let media = op
                    .body
                    .as_ref()
                    .and_then(|b| b.alternatives.get(index))
                    .map_or("?", |alt| alt.content.media_type.as_str());
                format!("media:{media}")
            }
        }
    }
}

/// Writes calls for one crate.
pub struct Calls<'a> {
    /// The crate's name as Rust code writes it (`my_client`).
    krate: &'a str,
    types: BTreeMap<&'a str, &'a TypeDef>,
}

impl<'a> Calls<'a> {
    /// The writer for `api`'s crate, named `krate` in code.
    pub fn new(api: &'a Api, krate: &'a str) -> Calls<'a> {
        Calls {
            krate,
            types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    /// The request builder of the call: `client.op(args).opt(value).body_form(..)`, one method
    /// a line, indented by four spaces after the first.
    pub fn call(&self, op: &Operation, variant: Variant) -> String {
        let example = &op.example;
        let value_of = |param: &Param| -> Option<&ExampleValue> {
            let index = op.params.iter().position(|p| std::ptr::eq(p, param))?;
            example.params.get(index)
        };
        let mut args = Vec::new();
        match &op.args {
            Some(name) => {
                let fields: Vec<String> = op
                    .required_params()
                    .map(|param| {
                        let value =
                            value_of(param).map_or_else(default, |v| self.owned(&param.ty, v));
                        format!("{}: {value}", param.name)
                    })
                    .collect();
                args.push(format!(
                    "{}::operations::{}::{name} {{ {} }}",
                    self.krate,
                    op.module,
                    fields.join(", ")
                ));
            }
            None => {
                for param in op.required_params() {
                    args.push(value_of(param).map_or_else(default, |v| self.argument(param, v)));
                }
            }
        }
        let body = op.body.as_ref();
        let body_value = |index: usize| -> String {
            let content = body.and_then(|b| b.contents().nth(index));
            match (content, example.bodies.get(index)) {
                (Some(content), Some(value)) => self.body(content, value),
                _ => default(),
            }
        };
        // Another media type of a body: a client method of its own where the body is
        // required, a builder setter replacing the body where it is optional.
        let alternative = match (variant, body) {
            (Variant::Media(index), Some(body)) => {
                body.alternatives.get(index).map(|alt| (index + 1, alt))
            }
            _ => None,
        };
        let own_method = alternative.and_then(|(index, alt)| Some((index, alt.method.as_deref()?)));
        if body.is_some_and(|b| b.required) {
            args.push(body_value(own_method.map_or(0, |(index, _)| index)));
        }
        let method = own_method.map_or(op.fn_name.as_str(), |(_, method)| method);
        let mut code = format!("client\n    .{method}({})", args.join(", "));
        if variant == Variant::Full {
            for param in op.params.iter().filter(|p| !p.required) {
                if let Some(value) = value_of(param) {
                    let value = self.argument(param, value);
                    code.push_str(&format!("\n    .{}({value})", param.name));
                }
            }
            if body.is_some_and(|b| !b.required) {
                code.push_str(&format!("\n    .body({})", body_value(0)));
            }
        }
        if let Some((index, alternative)) = alternative.filter(|(_, alt)| alt.method.is_none()) {
            code.push_str(&format!(
                "\n    .{}({})",
                alternative.setter,
                body_value(index)
            ));
        }
        code
    }

    /// The value of a body of one media type, as its setter takes it.
    fn body(&self, content: &BodyContent, value: &ExampleValue) -> String {
        match (&content.encoding, value) {
            (BodyEncoding::Text | BodyEncoding::Bytes { .. }, ExampleValue::String(text)) => {
                lit(text)
            }
            (BodyEncoding::Text | BodyEncoding::Bytes { .. }, _) => "\"example\"".to_owned(),
            (
                BodyEncoding::Json(ty)
                | BodyEncoding::Form { ty, .. }
                | BodyEncoding::Multipart { ty, .. },
                value,
            ) => self.owned(ty, value),
        }
    }

    /// A parameter's value as its client method or setter takes it (see the operations
    /// emitter's `input`): `&str` for a string, items for an array, the value otherwise.
    fn argument(&self, param: &Param, value: &ExampleValue) -> String {
        if param.style.at_send() {
            return self.owned(&param.ty, value);
        }
        match (&param.ty, value) {
            (TypeRef::String, ExampleValue::String(text)) => lit(text),
            (TypeRef::Vec(item), ExampleValue::Array(items)) if !items.is_empty() => {
                let items: Vec<String> = items
                    .iter()
                    .map(|v| match (&**item, v) {
                        (TypeRef::String, ExampleValue::String(text)) => lit(text),
                        (item, v) => self.owned(item, v),
                    })
                    .collect();
                format!("[{}]", items.join(", "))
            }
            (TypeRef::Vec(item), _) => format!("Vec::<{}>::new()", self.type_name(item)),
            (ty, value) => self.owned(ty, value),
        }
    }

    /// An expression of the Rust type of `ty` holding `value`.
    fn owned(&self, ty: &TypeRef, value: &ExampleValue) -> String {
        let krate = self.krate;
        let text = |value: &ExampleValue| match value {
            ExampleValue::String(text) => text.clone(),
            _ => String::new(),
        };
        match (ty, value) {
            (TypeRef::String, ExampleValue::String(text)) => format!("{}.to_owned()", lit(text)),
            (TypeRef::Bool, ExampleValue::Bool(b)) => b.to_string(),
            (TypeRef::I32 | TypeRef::I64, ExampleValue::Integer(n)) => n.to_string(),
            (TypeRef::F32 | TypeRef::F64, ExampleValue::Number(n)) => n.clone(),
            (TypeRef::F32 | TypeRef::F64, ExampleValue::Integer(n)) => format!("{n}.0"),
            (TypeRef::Date, _) => format!(
                "{}.parse::<{krate}::chrono::NaiveDate>()?",
                lit(&text(value))
            ),
            (TypeRef::DateTime, _) => format!(
                "{}.parse::<{krate}::chrono::DateTime<{krate}::chrono::Utc>>()?",
                lit(&text(value))
            ),
            (TypeRef::Uri, _) => format!("{}.parse::<{krate}::url::Url>()?", lit(&text(value))),
            (TypeRef::Json, ExampleValue::Json(json)) => {
                let value = serde_json::from_str(json).unwrap_or(serde_json::Value::Null);
                format!("{krate}::serde_json::json!({})", json_tokens(&value))
            }
            (TypeRef::Binary, ExampleValue::File { name, content }) => format!(
                "{krate}::runtime::Upload::new({}, {})",
                lit(name),
                lit(content)
            ),
            (TypeRef::Vec(item), ExampleValue::Array(items)) => {
                let items: Vec<String> = items.iter().map(|v| self.owned(item, v)).collect();
                format!("vec![{}]", items.join(", "))
            }
            (TypeRef::Map(inner), ExampleValue::Map(entries)) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(key, v)| format!("({}.to_owned(), {})", lit(key), self.owned(inner, v)))
                    .collect();
                format!("std::collections::BTreeMap::from([{}])", entries.join(", "))
            }
            (TypeRef::Tuple(types), ExampleValue::Array(items)) if types.len() == items.len() => {
                let items = types.iter().zip(items).map(|(ty, v)| self.owned(ty, v));
                super::tokens::tuple_text(items.collect())
            }
            (TypeRef::Named(name), value) => self.named(name, value),
            (TypeRef::External { .. }, ExampleValue::Code(code)) => code.clone(),
            _ => default(),
        }
    }

    /// A value of the model `name`.
    fn named(&self, name: &str, value: &ExampleValue) -> String {
        let Some(def) = self.types.get(name) else {
            return default();
        };
        let path = format!("{}::models::{name}", self.krate);
        match (&def.kind, value) {
            (TypeKind::Alias(target), value) => self.owned(target, value),
            (TypeKind::Enum(_) | TypeKind::IntEnum(_), ExampleValue::Variant(variant)) => {
                format!("{path}::{variant}")
            }
            (TypeKind::Union(union), ExampleValue::Union(variant, inner)) => {
                let Some(v) = union.variants.iter().find(|v| &v.name == variant) else {
                    return default();
                };
                let inner = self.owned(&v.ty, inner);
                let inner = if v.boxed {
                    format!("Box::new({inner})")
                } else {
                    inner
                };
                format!("{path}::{variant}({inner})")
            }
            (TypeKind::Struct(s), ExampleValue::Struct(set)) => {
                let patch = format!("{}::runtime::Patch", self.krate);
                let mut fields = Vec::new();
                for field in &s.fields {
                    let given = set.iter().find(|(name, _)| *name == field.name);
                    let value = match given {
                        Some((_, ExampleValue::Null)) => match field.presence {
                            Presence::OptionalNullable => format!("{patch}::Null"),
                            _ => "None".to_owned(),
                        },
                        Some((_, value)) => {
                            let mut value = self.owned(&field.ty, value);
                            if field.boxed {
                                value = format!("Box::new({value})");
                            }
                            match field.presence {
                                Presence::Required => value,
                                Presence::RequiredNullable | Presence::Optional => {
                                    format!("Some({value})")
                                }
                                Presence::OptionalNullable => format!("{patch}::Value({value})"),
                            }
                        }
                        None if s.derive_default => continue,
                        None => match field.presence {
                            Presence::OptionalNullable => format!("{patch}::Absent"),
                            Presence::Optional | Presence::RequiredNullable => "None".to_owned(),
                            Presence::Required => default(),
                        },
                    };
                    fields.push(format!("{}: {value}", field.name));
                }
                if s.additional.is_some() && !s.derive_default {
                    fields.push("additional_properties: Default::default()".to_owned());
                }
                if s.derive_default
                    && fields.len() < s.fields.len() + usize::from(s.additional.is_some())
                {
                    fields.push("..Default::default()".to_owned());
                }
                format!("{path} {{ {} }}", fields.join(", "))
            }
            _ => default(),
        }
    }

    /// The Rust type of `ty` as a path from outside the crate.
    fn type_name(&self, ty: &TypeRef) -> String {
        let krate = self.krate;
        match ty {
            TypeRef::Named(name) => format!("{krate}::models::{name}"),
            TypeRef::String => "String".to_owned(),
            TypeRef::Bool => "bool".to_owned(),
            TypeRef::I32 => "i32".to_owned(),
            TypeRef::I64 => "i64".to_owned(),
            TypeRef::F32 => "f32".to_owned(),
            TypeRef::F64 => "f64".to_owned(),
            TypeRef::Date => format!("{krate}::chrono::NaiveDate"),
            TypeRef::DateTime => format!("{krate}::chrono::DateTime<{krate}::chrono::Utc>"),
            TypeRef::Uri => format!("{krate}::url::Url"),
            TypeRef::Binary => format!("{krate}::runtime::Upload"),
            TypeRef::Json => format!("{krate}::serde_json::Value"),
            TypeRef::Vec(item) => format!("Vec<{}>", self.type_name(item)),
            TypeRef::Map(value) => format!(
                "std::collections::BTreeMap<String, {}>",
                self.type_name(value)
            ),
            TypeRef::Tuple(items) => {
                super::tokens::tuple_text(items.iter().map(|item| self.type_name(item)).collect())
            }
            TypeRef::External { path, .. } => path.clone(),
        }
    }
}

/// A Rust string literal of `text` (backticks escaped too, so that no value can close the
/// doc example's code block).
fn lit(text: &str) -> String {
    format!("{text:?}").replace('`', "\\u{60}")
}

/// The `json!` argument for a JSON value's text.
fn json_tokens(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(text) => lit(text),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(json_tokens).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(members) => {
            let members: Vec<String> = members
                .iter()
                .map(|(key, value)| format!("{}: {}", lit(key), json_tokens(value)))
                .collect();
            format!("{{{}}}", members.join(", "))
        }
    }
}

/// A value the example does not give (never for what lowering made): the type's default.
fn default() -> String {
    "Default::default()".to_owned()
}

/// The credentials an example of `op` authenticates with: the schemes of the first alternative
/// of its security requirement that the client can hold (each has a builder method), sent
/// together; none where the operation takes no credentials. Without an operation (the crate's
/// front page), the API's first scheme.
pub fn credentials<'a>(api: &'a Api, op: Option<&Operation>) -> Vec<&'a AuthScheme> {
    let Some(op) = op else {
        return api.auth.first().into_iter().collect();
    };
    let scheme = |key: &str| api.auth.iter().find(|scheme| scheme.key == key);
    op.security
        .alternatives
        .iter()
        .find(|alternative| alternative.iter().all(|used| scheme(&used.key).is_some()))
        .map(|alternative| {
            alternative
                .iter()
                .filter_map(|used| scheme(&used.key))
                .collect()
        })
        .unwrap_or_default()
}

/// The builder method that gives the client `scheme`'s credential (`.api_key(..)`), each part
/// of it written by `value` from the environment variable it would be read from (`API_KEY`;
/// `API_USER` and `API_PASSWORD` for HTTP basic).
pub fn credential_setter(scheme: &AuthScheme, value: &dyn Fn(&str) -> String) -> String {
    let method = crate::ir::naming::unraw(&scheme.method);
    match scheme.kind {
        AuthKind::Basic => format!(
            ".{method}({}, {})",
            value("API_USER"),
            value("API_PASSWORD")
        ),
        AuthKind::Bearer { .. } | AuthKind::Authorization { .. } => {
            format!(".{method}({})", value("API_TOKEN"))
        }
        AuthKind::ApiKeyHeader { .. }
        | AuthKind::ApiKeyQuery { .. }
        | AuthKind::ApiKeyCookie { .. } => format!(".{method}({})", value("API_KEY")),
    }
}

/// A value read from the environment variable `name`, in a function returning a boxed error.
pub fn from_env(name: &str) -> String {
    format!("std::env::var({name:?})?")
}

/// The `no_run` doc example of an operation method: a client with the API's credential, and
/// the call with the required values.
pub fn doc_example(api: &Api, op: &Operation, krate: &str) -> String {
    let calls = Calls::new(api, krate);
    let mut code = format!("let client = {krate}::Client::builder()\n");
    for scheme in credentials(api, Some(op)) {
        code.push_str(&format!("    {}\n", credential_setter(scheme, &from_env)));
    }
    code.push_str("    .build()?;\n");
    let call = calls.call(op, Variant::Required);
    // A stream's items, read as they arrive; the stream is used up, so not kept.
    let (code, kept) = match &op.response {
        Response::Stream(stream) => {
            let (stream, item, shown) = match stream.format {
                StreamFormat::ServerSentEvents => ("events", "event", "event.data"),
                StreamFormat::JsonLines | StreamFormat::JsonSeq => ("items", "item", "item"),
            };
            let code = format!(
                "use futures::StreamExt as _;\n{code}let mut {stream} = {call}\n    .send()\n    .await?;\nwhile let Some({item}) = {stream}.next().await {{\n    let {item} = {item}?;\n    println!(\"{{:?}}\", {shown});\n}}\n"
            );
            (code, "")
        }
        _ => (
            format!("{code}let response = {call}\n    .send()\n    .await?;\n"),
            "# let _ = response;\n",
        ),
    };
    format!(
        "```no_run\n# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n{}{kept}# Ok(())\n# }}\n```",
        formatted(&code)
    )
}

/// Statements laid out as rustfmt would (long struct literals over several lines): `code`
/// unchanged if it does not parse.
pub fn formatted(code: &str) -> String {
    let wrapped = format!("fn example() {{\n{code}\n}}");
    let Ok(file) = syn::parse_str::<syn::File>(&wrapped) else {
        return code.to_owned();
    };
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    let Some(body) = lines.get(1..lines.len().saturating_sub(1)) else {
        return code.to_owned();
    };
    let mut out = String::new();
    for line in body {
        out.push_str(line.strip_prefix("    ").unwrap_or(line));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;

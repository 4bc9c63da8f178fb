//! Every Rust identifier the generator makes comes from here: wire names to snake case, upper
//! camel case, escaped keywords, and deterministic de-duplication.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024, plus the weak ones that matter in our positions.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Methods every request builder defines itself; parameters are renamed around them.
pub const BUILDER_METHODS: &[&str] = &["send", "stream", "client"];

/// Methods `ClientBuilder` defines itself; auth methods are renamed around them.
pub const CLIENT_BUILDER_METHODS: &[&str] = &[
    "new",
    "base_url",
    "credentials",
    "retry_policy",
    "connect_timeout",
    "timeout",
    "user_agent",
    "http_client",
    "sleeper",
    "build",
];

/// Prelude names (and `Method`, which operations modules import) that a type name could
/// shadow: builders never take them, and models spell std types in full if one takes them.
pub const PRELUDE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "String",
    "Vec",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Into",
    "IntoIterator",
    "From",
    "Default",
    "Method",
];

/// Cargo features every generated crate defines itself (or cargo does); the feature of an
/// operations module is renamed around them (`default` -> `default_2`).
pub const RESERVED_FEATURES: &[&str] = &["default", "serde-full"];

/// The cargo feature of each operations module, in the modules' order: the module's name, unless
/// a [reserved](RESERVED_FEATURES) feature takes it. Module names are unique snake case, so
/// they are valid feature names and only the reserved ones can collide.
pub fn features<'a>(modules: impl IntoIterator<Item = &'a str> + Clone) -> Vec<String> {
    let reserved = |module: &str| RESERVED_FEATURES.contains(&module);
    let mut namespace = Namespace::with_reserved(RESERVED_FEATURES);
    for module in modules.clone().into_iter().filter(|m| !reserved(m)) {
        namespace.claim(module);
    }
    modules
        .into_iter()
        .map(|module| {
            if reserved(module) {
                namespace.claim(module)
            } else {
                module.to_owned()
            }
        })
        .collect()
}

/// Whether `word` is a Rust keyword.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Splits a wire name into ASCII words: separators (`.`, `-`, ` `, `/`, ...) become word breaks and
/// non-ASCII characters are spelled as `u` plus their hex code, so `café` and `cafe` stay apart.
fn ascii_words(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    for c in wire.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push('_');
        } else {
            out.push_str(&format!("_u{:x}_", c as u32));
        }
    }
    out
}

fn escape(ident: String, digit_prefix: &str, empty: &str) -> String {
    let ident = if ident.is_empty() {
        empty.to_owned()
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{ident}")
    } else {
        ident
    };
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if is_keyword(&ident) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// A field, parameter, method or module name: `filters.resource_subtype` -> `filters_resource_subtype`.
pub fn snake(wire: &str) -> String {
    let words = ascii_words(wire).to_snake_case();
    escape(words, "n", "value")
}

/// A type or variant name: `webhook_gid` -> `WebhookGid`, `X-Hook-Secret` -> `XHookSecret`.
pub fn camel(wire: &str) -> String {
    let words = ascii_words(wire).to_upper_camel_case();
    escape(words, "N", "Value")
}

/// The name for a variable holding `ident` without the `r#` prefix (for composing new names).
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// A crude singular for naming the items of a list: `opt_fields` -> `opt_field`.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("ss") || word.ends_with("us") {
        word.to_owned()
    } else if let Some(stem) = word.strip_suffix('s') {
        stem.to_owned()
    } else {
        word.to_owned()
    }
}

/// Hands out names unique within one scope, in call order: the second `Foo` becomes `Foo2`.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace with some names already taken (e.g. methods a builder defines itself).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Takes `wanted`, or `wanted` + the smallest free number from 2.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let base = unraw(wanted);
        let separator = if base.ends_with(|c: char| c.is_ascii_digit())
            || base.contains('_')
            || base.chars().all(|c| !c.is_uppercase())
        {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_becomes_a_valid_identifier() {
        for keyword in KEYWORDS {
            let ident = snake(keyword);
            let parsed = syn::parse_str::<syn::Ident>(&ident);
            assert!(parsed.is_ok(), "{keyword} -> {ident} is not an identifier");
            assert_ne!(ident, *keyword, "{keyword} was not escaped");
        }
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(snake("super"), "super_");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(snake("async"), "r#async");
        assert_eq!(snake("gen"), "r#gen");
    }

    #[test]
    fn separators_and_case() {
        assert_eq!(
            snake("filters.resource_subtype"),
            "filters_resource_subtype"
        );
        assert_eq!(snake("X-Hook-Secret"), "x_hook_secret");
        assert_eq!(snake("opt_pretty"), "opt_pretty");
        assert_eq!(snake("createdAt"), "created_at");
        assert_eq!(camel("webhook_gid"), "WebhookGid");
        assert_eq!(camel("filters.action"), "FiltersAction");
        assert_eq!(camel("X-Hook-Secret"), "XHookSecret");
        assert_eq!(camel("in progress"), "InProgress");
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(snake("2fa_enabled"), "n2fa_enabled");
        assert_eq!(camel("1h"), "N1h");
        assert_eq!(camel("200"), "N200");
        assert!(syn::parse_str::<syn::Ident>(&snake("123")).is_ok());
    }

    #[test]
    fn non_ascii_is_spelled_out_and_stays_distinct() {
        let accented = snake("café");
        assert!(
            accented.is_ascii() && syn::parse_str::<syn::Ident>(&accented).is_ok(),
            "{accented}"
        );
        assert_ne!(accented, snake("cafe"));
        assert_ne!(camel("naïve"), camel("naive"));
        assert!(syn::parse_str::<syn::Ident>(&camel("日本")).is_ok());
    }

    #[test]
    fn empty_and_symbol_only_names_still_make_identifiers() {
        assert_eq!(snake(""), "value");
        assert_eq!(snake("-"), "value");
        assert_eq!(camel("+"), "Value");
    }

    #[test]
    fn collisions_resolve_deterministically() {
        let mut ns = Namespace::default();
        assert_eq!(ns.claim(&snake("foo-bar")), "foo_bar");
        assert_eq!(ns.claim(&snake("foo_bar")), "foo_bar_2");
        assert_eq!(ns.claim(&snake("foo.bar")), "foo_bar_3");
        let mut types = Namespace::default();
        assert_eq!(types.claim("Webhook"), "Webhook");
        assert_eq!(types.claim("Webhook"), "Webhook2");
        let mut raw = Namespace::default();
        assert_eq!(raw.claim("r#type"), "r#type");
        assert_eq!(raw.claim("r#type"), "type_2");
        let mut reserved = Namespace::with_reserved(&["send"]);
        assert_eq!(reserved.claim("send"), "send_2");
    }

    #[test]
    fn features_are_module_names_around_the_reserved_ones() {
        assert_eq!(
            features(["tasks", "default", "serde_full", "default_2"]),
            ["tasks", "default_3", "serde_full", "default_2"]
        );
    }

    #[test]
    fn singular_forms() {
        assert_eq!(singular("opt_fields"), "opt_field");
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("address"), "address");
    }
}

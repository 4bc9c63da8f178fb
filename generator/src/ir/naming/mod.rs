//! Every Rust identifier the generator makes comes from here: wire names to snake case, upper
//! camel case, escaped keywords, and deterministic de-duplication.
//!
//! - [`compose`]: names built from context (a type named after where it sits, operation
//!   methods, builders, modules, variants for statuses and numbers);
//! - [`reserved`]: what the generated code itself defines in each namespace, so that no spec
//!   name can take it.

mod compose;
mod reserved;

use std::collections::BTreeSet;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

pub use compose::*;
pub use reserved::*;

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
    escape(snake_words(wire), "n", "value")
}

/// A type or variant name: `webhook_gid` -> `WebhookGid`, `X-Hook-Secret` -> `XHookSecret`.
pub fn camel(wire: &str) -> String {
    escape_camel(camel_words(wire))
}

/// The snake-case words of a wire name, not yet made an identifier (may be empty, a keyword, or
/// start with a digit).
fn snake_words(wire: &str) -> String {
    ascii_words(wire).to_snake_case()
}

/// The upper-camel-case words of a wire name, not yet made an identifier: for composing names.
fn camel_words(wire: &str) -> String {
    ascii_words(wire).to_upper_camel_case()
}

/// Upper-camel-case words made an identifier.
fn escape_camel(words: String) -> String {
    escape(words, "N", "Value")
}

/// A constant name: `oauth2` + `endpoints` -> `OAUTH2_ENDPOINTS`.
pub fn constant(wire: &str, suffix: &str) -> String {
    let words = format!("{}_{suffix}", ascii_words(wire)).to_shouty_snake_case();
    escape(words, "N", "VALUE")
}

/// The builder method that sets a request body of this media type (given without parameters,
/// in lower case) instead of the operation's default one: `body_form`, `body_multipart`,
/// `body_text`, `body_bytes`, or `body_` and the subtype (`body_xml`, `body_png`), or the top
/// level for a pattern (`body_image` for `image/*`).
pub fn body_setter(essence: &str) -> String {
    let (top, sub) = essence.split_once('/').unwrap_or((essence, ""));
    let word = match (top, sub) {
        ("application", "x-www-form-urlencoded") => "form",
        ("multipart", "form-data") => "multipart",
        ("text", "plain") => "text",
        ("application", "octet-stream") | ("*", _) => "bytes",
        (top, "*") => top,
        (_, sub) => sub.trim_start_matches("x-").trim_start_matches("vnd."),
    };
    snake(&format!("body_{word}"))
}

/// The name for a variable holding `ident` without the `r#` prefix (for composing new names).
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The request builder field that holds a parameter serialised when the request is sent:
/// `filter` -> `filter_value` (never `client`, `request` or `body`, the builder's own fields).
pub fn held_field(param: &str) -> String {
    format!("{}_value", unraw(param))
}

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

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `wanted`, or `wanted` + the smallest free number from 2. The number replaces an
    /// escape (`r#type` -> `type_2`, `self_` -> `self_2`, `Self_` -> `Self2`), and is joined the
    /// way the name's case wants, so the result is as lint-clean as `wanted`: `foo_bar_2`,
    /// `Webhook2`, `Version1_2`.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let base = unraw(wanted).trim_end_matches('_');
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
    fn constants_are_shouty_snake_case() {
        assert_eq!(constant("oauth2", "endpoints"), "OAUTH2_ENDPOINTS");
        assert_eq!(
            constant("asanaOAuth", "endpoints"),
            "ASANA_O_AUTH_ENDPOINTS"
        );
        assert_eq!(constant("2fa", "endpoints"), "N2FA_ENDPOINTS");
        assert!(syn::parse_str::<syn::Ident>(&constant("a-b.c", "endpoints")).is_ok());
    }

    #[test]
    fn body_setters_say_the_media_type() {
        assert_eq!(
            body_setter("application/x-www-form-urlencoded"),
            "body_form"
        );
        assert_eq!(body_setter("multipart/form-data"), "body_multipart");
        assert_eq!(body_setter("text/plain"), "body_text");
        assert_eq!(body_setter("application/octet-stream"), "body_bytes");
        assert_eq!(body_setter("*/*"), "body_bytes");
        assert_eq!(body_setter("application/xml"), "body_xml");
        assert_eq!(body_setter("image/*"), "body_image");
        assert_eq!(
            body_setter("application/merge-patch+json"),
            "body_merge_patch_json"
        );
    }

    #[test]
    fn collision_suffixes_replace_escapes() {
        let mut fields = Namespace::default();
        assert_eq!(fields.claim(&snake("self")), "self_");
        assert_eq!(fields.claim(&snake("self")), "self_2");
        assert_eq!(fields.claim(&snake("Self")), "self_3");
        let mut types = Namespace::default();
        assert_eq!(types.claim(&camel("self")), "Self_");
        assert_eq!(types.claim(&camel("self")), "Self2");
        let mut numbered = Namespace::default();
        assert_eq!(numbered.claim("Version1"), "Version1");
        assert_eq!(numbered.claim("Version1"), "Version1_2");
    }

    /// What rustc's `non_snake_case` and `non_camel_case_types` lints accept.
    fn lint_clean(name: &str) -> bool {
        let name = unraw(name).trim_matches('_');
        let snake = !name.contains("__") && name.chars().all(|c| !c.is_uppercase());
        let chars: Vec<char> = name.chars().collect();
        let camel = !name.starts_with(|c: char| c.is_lowercase())
            && !name.contains("__")
            && !chars.windows(2).any(|w| {
                (w[0].is_alphabetic() && w[1] == '_') || (w[0] == '_' && w[1].is_alphabetic())
            });
        snake || camel
    }

    #[test]
    fn every_collision_of_an_escaped_name_stays_lint_clean() {
        for wire in [
            "self", "Self", "type", "crate", "super", "2fa", "", "_", "a-b", "A1",
        ] {
            for make in [snake as fn(&str) -> String, camel] {
                let mut ns = Namespace::default();
                for _ in 0..3 {
                    let name = ns.claim(&make(wire));
                    assert!(lint_clean(&name), "{wire:?} -> {name}");
                    assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{name}");
                }
            }
        }
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

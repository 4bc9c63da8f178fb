//! The configuration file beside a spec: what a user decides that the spec does not say (the
//! crate's name, the subset of operations to generate, names of their own).
//!
//! Plain data, parsed from TOML text the caller reads ([`Config::parse`]: no I/O here).
//! Every key is checked: an unknown key or a value of the wrong type is an [`Error`] at its
//! line and column, naming the key's path. What a configuration names in the spec (an
//! operation, a tag, a schema, a property) is checked while the spec is lowered, where each
//! decision is applied; a name the spec lacks is an error located in the configuration.
//! The keys are documented in `CONFIG.md`.

mod raw;

use crate::Error;
use crate::ir::naming;
use crate::load::Location;

/// A configuration: each part empty (the spec's own choices) where the file says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file's name as given, for messages.
    pub file: String,
    /// `[package]`: the generated crate's manifest.
    pub package: Package,
    /// `[generate]`: which operations are generated.
    pub subset: Subset,
    /// `[rename]`: names of one's own for operations, types and fields.
    pub renames: Renames,
    /// `[types]`: Rust types of other crates in place of the ones a format or a schema gives.
    pub types: TypeOverrides,
    /// `[dependencies]`: the crates those types come from, added to the crate's manifest;
    /// sorted by name.
    pub dependencies: Vec<Dependency>,
    /// `[derives]`: traits the models derive beyond the ones they always do.
    pub derives: Derives,
    /// `[paging]`: by operation id, pagination turned off or declared.
    pub paging: Vec<Paging>,
    /// `[streams]`: operation ids whose streamed responses are read whole.
    pub unstreamed: Vec<Named>,
    /// `[conventions]`: the API's own protocol, which the runtime does not assume.
    pub conventions: Conventions,
}

/// `[conventions]`: what an API adds to the protocols the runtime follows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conventions {
    /// `notice-headers`: the API's own headers announcing a change that affects a call, in
    /// lower case, reported beside `Deprecation` and `Sunset`.
    pub notice_headers: Vec<String>,
}

/// An operation's pagination as a configuration decides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// The operation id.
    pub operation: String,
    /// Off, or a declared shape.
    pub decision: PagingDecision,
    /// Where the configuration says so.
    pub spot: Spot,
}

/// What a configuration says of an operation's pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagingDecision {
    /// `false`: the operation is not paged, whatever its shape.
    Off,
    /// A table in the form of `x-speakeasy-pagination` (`type`, `inputs`, `outputs`), as JSON.
    Declared(serde_json::Value),
}

impl Config {
    /// What the configuration decides of an operation's pages, if anything.
    pub fn paging(&self, operation: &str) -> Option<&Paging> {
        self.paging.iter().find(|p| p.operation == operation)
    }
}

/// `[derives]`: traits models derive beyond `Debug`, `Clone`, `PartialEq` and serde's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Derives {
    /// `all`: derived by every struct and union.
    pub all: Vec<Derived>,
    /// `schemas.<key>`: derived by a component schema's model and the models it holds.
    pub schemas: Vec<SchemaDerives>,
}

/// A trait to derive, and where the configuration asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    /// The trait.
    pub derive: crate::ir::Derive,
    /// Where the configuration names it.
    pub spot: Spot,
}

/// The traits a component schema's model derives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaDerives {
    /// The component schema's key.
    pub schema: String,
    /// The traits, in the file's order.
    pub derives: Vec<Derived>,
}

/// The crates every generated crate depends on (its manifest's `[dependencies]`), which a
/// configured type may name without declaring them, and which `[dependencies]` cannot add again.
pub const CRATE_DEPENDENCIES: &[&str] = &[
    "bytes",
    "chrono",
    "futures",
    "getrandom",
    "hmac",
    "http",
    "percent-encoding",
    "reqwest",
    "rustls",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "sha2",
    "tokio",
    "tracing",
    "url",
];

/// The crates of the standard library, which a configured type may name.
const STANDARD_CRATES: &[&str] = &["std", "core", "alloc"];

/// `[types]`: Rust types in place of the ones the generator makes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeOverrides {
    /// `[types.formats.<format>]`: by a string, integer or number schema's `format` (`uuid`).
    pub formats: Vec<TypeOverride>,
    /// `[types.schemas.<key>]`: by component schema key; no model is generated for it.
    pub schemas: Vec<TypeOverride>,
}

impl TypeOverrides {
    /// The type a `format` is given, if any.
    pub fn format(&self, format: &str) -> Option<&TypeOverride> {
        self.formats.iter().find(|o| o.key == format)
    }

    /// The type a component schema is given, if any.
    pub fn schema(&self, key: &str) -> Option<&TypeOverride> {
        self.schemas.iter().find(|o| o.key == key)
    }

    /// The example expression given with the type of this path, if any.
    pub fn example(&self, path: &str) -> Option<&str> {
        self.formats
            .iter()
            .chain(&self.schemas)
            .find(|o| o.path == path)
            .and_then(|o| o.example.as_deref())
    }
}

/// A type of another crate put in place of a format or a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeOverride {
    /// The format (`uuid`) or the component schema's key.
    pub key: String,
    /// The Rust type's path (`uuid::Uuid`), starting with its crate.
    pub path: String,
    /// A Rust expression of the type, for the examples in the docs; `Default::default()`
    /// where absent.
    pub example: Option<String>,
    /// Where the configuration says so.
    pub spot: Spot,
}

/// A crate added to the generated crate's `[dependencies]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The package name (`rust_decimal`).
    pub name: String,
    /// The version requirement (`1`, `^1.36`).
    pub version: String,
    /// The features enabled (`serde`).
    pub features: Vec<String>,
    /// Where the configuration declares it.
    pub spot: Spot,
}

/// Where a configuration key is written: its line and column and its path of keys
/// (`rename.operations.getTasks`), for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    /// Line and column of the key's value.
    pub location: Location,
    /// The dotted path of keys.
    pub key: String,
}

/// A name of the spec a configuration refers to (an operation id, a tag), and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The name as the spec writes it.
    pub name: String,
    /// Where the configuration names it.
    pub spot: Spot,
}

/// `[package]`: what the generated `Cargo.toml` says of the crate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Package {
    /// The package name (`tasks-client`); the caller's choice where absent.
    pub name: Option<String>,
    /// The package version (`1.2.0`); the caller's choice where absent.
    pub version: Option<String>,
    /// The one-line description; one made from the spec's title where absent.
    pub description: Option<String>,
}

/// `[generate]`: the operations to generate. With no `tags` and no `operations`, every
/// operation is included; then those of `exclude-tags` and `exclude-operations` are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subset {
    /// Operations any of whose tags is one of these are included.
    pub tags: Vec<Named>,
    /// Operations with these ids are included.
    pub operations: Vec<Named>,
    /// Operations any of whose tags is one of these are left out.
    pub exclude_tags: Vec<Named>,
    /// Operations with these ids are left out.
    pub exclude_operations: Vec<Named>,
}

impl Subset {
    /// Whether the configuration leaves any operation out.
    pub fn is_active(&self) -> bool {
        !(self.tags.is_empty()
            && self.operations.is_empty()
            && self.exclude_tags.is_empty()
            && self.exclude_operations.is_empty())
    }

    /// Whether an operation of this id and these tags is generated.
    pub fn includes(&self, id: &str, tags: &[String]) -> bool {
        let named = |list: &[Named], name: &str| list.iter().any(|n| n.name == name);
        let tagged = |list: &[Named]| tags.iter().any(|tag| named(list, tag));
        let included = self.tags.is_empty() && self.operations.is_empty()
            || tagged(&self.tags)
            || named(&self.operations, id);
        included && !tagged(&self.exclude_tags) && !named(&self.exclude_operations, id)
    }

    /// Every tag named, in the order of the file's keys.
    pub fn named_tags(&self) -> impl Iterator<Item = &Named> {
        self.tags.iter().chain(&self.exclude_tags)
    }

    /// Every operation id named, in the order of the file's keys.
    pub fn named_operations(&self) -> impl Iterator<Item = &Named> {
        self.operations.iter().chain(&self.exclude_operations)
    }
}

/// `[rename]`: Rust names chosen instead of the ones made from the spec. Wire names are
/// unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    /// By operation id: the client method (`list_tasks`); the operation's builder and inline
    /// types are named from it (`ListTasks`, `ListTasksResponse`).
    pub operations: Vec<Rename>,
    /// By component schema key: the model's name.
    pub types: Vec<Rename>,
    /// By component schema key and property name: the field's name.
    pub fields: Vec<FieldRename>,
}

impl Renames {
    /// The rename of an operation, by id.
    pub fn operation(&self, id: &str) -> Option<&Rename> {
        self.operations.iter().find(|r| r.from == id)
    }

    /// The rename of a component schema's model, by key.
    pub fn schema(&self, key: &str) -> Option<&Rename> {
        self.types.iter().find(|r| r.from == key)
    }

    /// The field renames of a component schema, by key.
    pub fn fields_of<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a FieldRename> {
        self.fields.iter().filter(move |r| r.schema == key)
    }
}

/// A name of the spec (`from`) and the Rust name it gets (`to`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// The spec's name: an operation id or a component schema key.
    pub from: String,
    /// The Rust name, a valid identifier in the case its kind takes.
    pub to: String,
    /// Where the configuration says so.
    pub spot: Spot,
}

/// A property of a component schema and the Rust name its field gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRename {
    /// The component schema's key.
    pub schema: String,
    /// The property's name on the wire.
    pub property: String,
    /// The field's Rust name, in snake case.
    pub to: String,
    /// Where the configuration says so.
    pub spot: Spot,
}

impl Config {
    /// Parses configuration text; `file` names it in messages.
    ///
    /// # Errors
    ///
    /// A located [`Error`]: TOML that does not parse, an unknown key, a value of the wrong type,
    /// a package name or version Cargo refuses, or a name that is not a Rust identifier of the
    /// case its kind takes.
    pub fn parse(file: &str, text: &str) -> Result<Config, Error> {
        raw::parse(file, text)
    }

    /// `options` with the crate name and version this configuration gives.
    pub fn options(&self, options: &crate::Options) -> crate::Options {
        let mut options = options.clone();
        if let Some(name) = &self.package.name {
            options.crate_name.clone_from(name);
        }
        if let Some(version) = &self.package.version {
            options.crate_version.clone_from(version);
        }
        options
    }

    /// An error at a key of this configuration.
    pub fn error(&self, spot: &Spot, message: impl Into<String>) -> Error {
        Error {
            file: self.file.clone(),
            location: Some(spot.location),
            pointer: Some(spot.key.clone()),
            message: message.into(),
        }
    }
}

/// Checks that `to` is an identifier the generator would write for a name of this kind as is:
/// snake case for methods and fields, upper camel case for types, neither a keyword nor a name
/// the crate root takes.
fn check_identifier(to: &str, kind: Kind) -> Result<(), String> {
    let (made, case) = match kind {
        Kind::Method => (naming::operation_method(to), "snake_case method name"),
        Kind::Field => (naming::snake(to), "snake_case field name"),
        Kind::Type => (naming::model(to), "UpperCamelCase type name"),
    };
    if made == to {
        Ok(())
    } else {
        Err(format!(
            "`{to}` is not a {case} the crate can use as is (it would become `{made}`)"
        ))
    }
}

/// Checks that `path` is a Rust type of a crate the generated crate depends on (its own
/// dependencies, the standard library's, or those `declared`): a path such as `uuid::Uuid` or
/// `serde_json::Map<String, serde_json::Value>`.
fn check_type_path(path: &str, declared: &[Dependency]) -> Result<(), String> {
    let ty: syn::Type =
        syn::parse_str(path).map_err(|e| format!("`{path}` is not a Rust type: {e}"))?;
    let syn::Type::Path(syn::TypePath { qself: None, path }) = ty else {
        return Err(format!(
            "`{path}` is not a path to a type of a crate (`uuid::Uuid`)"
        ));
    };
    if path.leading_colon.is_some() {
        return Err(
            "a type is named by its path from its crate, without a leading `::`".to_owned(),
        );
    }
    let first = path.segments.first().map(|s| s.ident.to_string());
    let (Some(krate), true) = (first, path.segments.len() > 1) else {
        return Err("a type is named by its path from its crate, such as `uuid::Uuid`".to_owned());
    };
    let known = STANDARD_CRATES.contains(&krate.as_str())
        || CRATE_DEPENDENCIES
            .iter()
            .copied()
            .chain(declared.iter().map(|d| d.name.as_str()))
            .any(|name| name.replace('-', "_") == krate);
    if known {
        Ok(())
    } else {
        Err(format!(
            "the crate `{krate}` is not a dependency of the generated crate; declare it in \
             `[dependencies]`"
        ))
    }
}

/// Checks that `expression` is a Rust expression that a doc example can hold.
fn check_example(expression: &str) -> Result<(), String> {
    if expression.contains('`') {
        return Err("an example cannot hold a backtick".to_owned());
    }
    syn::parse_str::<syn::Expr>(expression)
        .map(drop)
        .map_err(|e| format!("`{expression}` is not a Rust expression: {e}"))
}

/// What a renamed thing is, for the identifier it needs.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Method,
    Type,
    Field,
}

#[cfg(test)]
mod tests;

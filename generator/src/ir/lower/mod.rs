//! Lowering: [`openapiv3::OpenAPI`] -> [`Api`]. The one place where the spec's meaning is decided.
//!
//! One room per concern, each an `impl Lowerer` block of its own:
//! - [`refs`]: the one `$ref` resolver and the one cycle reporter;
//! - [`schema`]: component and inline schemas to types (objects, arrays, maps, unions);
//! - [`define`]: claiming type names and defining structs and enums;
//! - [`all_of`]: merging `allOf` branches into one struct;
//! - [`param_enums`]: enum-valued parameters, shared between operations;
//! - [`operation`]: walking `paths`, one operation at a time;
//! - [`params`], [`body`], [`response`], [`pagination`], [`auth`]: the parts of an operation;
//! - [`stream`]: responses read as a stream of items (server-sent events, JSON Lines);
//! - [`webhooks`]: the requests the server sends, each with the type of its body;
//! - [`binary`]: `format: binary` settled once every operation is lowered;
//! - [`example`]: the values of a realistic call of each operation;
//! - [`media`]: which media types are JSON, text, binary or other;
//! - [`configured`]: what a [`Config`] names, checked against the spec, and the types a
//!   subset of the operations no longer reaches, left out.
//!
//! A configuration's decisions are applied in the room each belongs to: the subset and the
//! operation renames in [`operation`], type renames in [`schema`], field renames in [`define`].
//!
//! [`lower`] only builds the raw IR; the whole-IR passes of [`crate::ir::analyze`] run after it.

mod all_of;
mod auth;
mod binary;
mod body;
mod configured;
mod define;
mod derives;
mod example;
mod media;
mod operation;
mod pagination;
mod param_enums;
mod params;
mod refs;
mod response;
mod schema;
mod stream;
mod webhooks;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use super::docs;
use super::model::*;
use super::naming::Namespace;
use crate::config::{Config, Spot};
use crate::load::Targets;
use crate::pointer;

/// A spec whose meaning cannot be turned into Rust: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowerError {
    /// JSON pointer of the offending node.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// Where the fault is in the configuration rather than the spec: the key at fault (a name
    /// the spec lacks, a rename that collides).
    pub config: Option<Spot>,
}

type Result<T> = std::result::Result<T, LowerError>;

fn fail<T>(pointer: impl Into<String>, message: impl Into<String>) -> Result<T> {
    Err(LowerError {
        pointer: pointer.into(),
        message: message.into(),
        config: None,
    })
}

/// An error at a key of the configuration.
fn fail_config<T>(spot: &Spot, message: impl Into<String>) -> Result<T> {
    Err(LowerError {
        pointer: String::new(),
        message: message.into(),
        config: Some(spot.clone()),
    })
}

/// A schema position: a `$ref` or an inline schema, whichever box it came in.
#[derive(Clone, Copy)]
enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// Where a schema sits, for names and messages.
#[derive(Clone)]
struct Ctx {
    /// The name an inline named type would get.
    name: String,
    /// JSON pointer of the schema.
    pointer: String,
    /// `name` is a component's, already claimed: the object, enum or union made right here takes
    /// it as is (see [`Lowerer::lower_schema_as`]).
    claimed: bool,
}

impl Ctx {
    fn new(name: String, pointer: String) -> Ctx {
        Ctx {
            name,
            pointer,
            claimed: false,
        }
    }

    fn child(&self, name: String, segment: &str) -> Ctx {
        Ctx::new(name, pointer::join(&self.pointer, segment))
    }

    /// The context of a schema some segments below this one, `segments` already escaped and
    /// joined (`oneOf/2`): lowering looks facts up by the pointer (`Targets::tuples`).
    fn below(&self, name: String, segments: &str) -> Ctx {
        Ctx::new(name, format!("{}/{segments}", self.pointer))
    }

    fn at(&self, pointer: String) -> Ctx {
        Ctx::new(self.name.clone(), pointer)
    }
}

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    /// The user's decisions beside the spec.
    config: &'a Config,
    /// The same document as plain JSON, where the caller has it (else it is serialized from
    /// `doc` where needed).
    json: Option<&'a serde_json::Value>,
    /// What `$ref`s to places other than components name.
    targets: &'a Targets,
    /// Schemas named by such a `$ref` (by pointer), once lowered.
    pointed: BTreeMap<String, TypeRef>,
    types: BTreeMap<String, TypeDef>,
    type_names: Namespace,
    /// Component schema key -> Rust type.
    components: BTreeMap<String, TypeRef>,
    /// Component schemas being lowered, and whether each is a bare `$ref` (an alias).
    in_progress: Vec<(String, bool)>,
    /// Shared parameter enums: (wire name, values) -> type name.
    param_enums: BTreeMap<(String, Vec<String>), String>,
    /// Struct name -> what its schemas required, for `allOf` branches that reuse it.
    requirements: BTreeMap<String, define::Requirements>,
    /// Components being merged into a struct as `allOf` bases, outermost first: one that comes
    /// back is an `allOf` cycle. Lowering a property's schema starts a chain of its own.
    merging: Vec<String>,
}

/// Lowers a loaded document into the IR: every type and operation, in the order the spec
/// gives them (sorting and the whole-IR passes are [`crate::ir::analyze`]'s).
pub fn lower(doc: &OpenAPI, targets: &Targets) -> Result<Api> {
    lower_with(doc, None, targets, &Config::default())
}

/// Lowers a loaded document as a configuration asks: the operations it selects, with the names
/// it gives. A name it gives that the spec lacks is an error at the configuration's key.
pub fn lower_configured<'a>(
    doc: &'a OpenAPI,
    targets: &'a Targets,
    config: &'a Config,
) -> Result<Api> {
    lower_with(doc, None, targets, config)
}

/// [`lower_configured`], given also the document as the plain JSON it was decoded from
/// ([`crate::load::LoadedSpec::raw`]), which the example values read instead of serializing
/// the typed document again.
pub fn lower_loaded<'a>(spec: &'a crate::load::LoadedSpec, config: &'a Config) -> Result<Api> {
    lower_with(&spec.document, Some(&spec.raw), &spec.targets, config)
}

fn lower_with<'a>(
    doc: &'a OpenAPI,
    json: Option<&'a serde_json::Value>,
    targets: &'a Targets,
    config: &'a Config,
) -> Result<Api> {
    let mut lowerer = Lowerer {
        doc,
        config,
        json,
        targets,
        pointed: BTreeMap::new(),
        types: BTreeMap::new(),
        type_names: Namespace::default(),
        components: BTreeMap::new(),
        in_progress: Vec::new(),
        param_enums: BTreeMap::new(),
        requirements: BTreeMap::new(),
        merging: Vec::new(),
    };
    lowerer.check_schemas_named()?;
    lowerer.lower_components()?;
    let raw = lowerer.operations()?;
    lowerer.check_operations_named(&raw)?;
    let raw = lowerer.select(raw);
    lowerer.name_param_enums(&raw)?;
    let auth = lowerer.lower_auth()?;
    let mut operations = lowerer.lower_operations(&raw)?;
    auth::name_schemes(&mut operations, &auth);
    let webhooks = lowerer.lower_webhooks()?;
    lowerer.settle_binary(&mut operations)?;
    lowerer.examples(&raw, &mut operations);
    lowerer.check_fields_named()?;
    lowerer.check_formats_named()?;
    let servers = servers(doc);
    let mut api = Api {
        notice_headers: config.conventions.notice_headers.clone(),
        dependencies: config
            .dependencies
            .iter()
            .map(|d| Dependency {
                name: d.name.clone(),
                version: d.version.clone(),
                features: d.features.clone(),
            })
            .collect(),
        default_error: None,
        shadowed_prelude: Vec::new(),
        modules: Vec::new(),
        uses: Uses::default(),
        features: Vec::new(),
        result_gate: Gate::Always,
        pages: Vec::new(),
        reexports: Vec::new(),
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        heading: (
            docs::summary(&doc.info.title).unwrap_or_default(),
            docs::summary(&doc.info.version).unwrap_or_default(),
        ),
        docs: doc.info.description.as_deref().and_then(docs::markdown),
        crate_description: config.package.description.clone(),
        base_url: base_url(&servers),
        servers,
        auth,
        types: lowerer.types.into_values().collect(),
        operations,
        webhooks: Webhooks {
            items: webhooks,
            gate: Gate::Always,
            uses_models: false,
        },
    };
    if config.subset.is_active() {
        configured::keep_reached(&mut api);
    }
    derives::apply(&mut api, config)?;
    Ok(api)
}

/// The default base URL: the first server's.
fn base_url(servers: &[Server]) -> BaseUrl {
    match servers.first() {
        Some(server) if server.url.starts_with("https://") || server.url.starts_with("http://") => {
            BaseUrl::Server(server.url.clone())
        }
        Some(server) => BaseUrl::Path(server.url.clone()),
        None => BaseUrl::Localhost,
    }
}

/// `servers`, with server variables replaced by their defaults.
fn servers(doc: &OpenAPI) -> Vec<Server> {
    doc.servers
        .iter()
        .map(|server| {
            let mut url = server.url.clone();
            for (name, variable) in server.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
            }
            Server {
                url: url.trim_end_matches('/').to_owned(),
                docs: server.description.as_deref().and_then(docs::markdown),
            }
        })
        .collect()
}

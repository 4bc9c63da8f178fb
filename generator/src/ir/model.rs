//! The IR: plain owned data describing the API as the generated crate will present it.
//!
//! Every decision about the spec's meaning (names, optionality, envelopes, pagination, error
//! types) is made while lowering into these types; emission only prints them.

/// The whole API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.title` and `info.version` as they read in docs: one line each, cleaned by
    /// [`crate::ir::docs`] (so a title such as `A <B> & [C]` cannot break rustdoc).
    pub heading: (String, String),
    /// `info.description`, as Markdown.
    pub docs: Option<String>,
    /// The crate's one-line description, where its configuration gives one; else the manifest
    /// describes the crate by `title`.
    pub crate_description: Option<String>,
    /// `servers`.
    pub servers: Vec<Server>,
    /// Where requests go unless the caller gives another URL (`DEFAULT_BASE_URL`).
    pub base_url: BaseUrl,
    /// Security schemes, in spec order.
    pub auth: Vec<AuthScheme>,
    /// Every named type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every operation, sorted by module then method name.
    pub operations: Vec<Operation>,
    /// The operations modules, one per tag, sorted by name.
    pub modules: Vec<Module>,
    /// The error body most operations share: the default of the crate's `Result` alias.
    pub default_error: Option<ErrorBody>,
    /// Prelude names ([`crate::ir::naming::PRELUDE_NAMES`]) that a type takes, sorted: in the
    /// models module these std items are written with their full path, the others plainly.
    pub shadowed_prelude: Vec<String>,
    /// What the crate uses only where something needs it: the enum macros.
    pub uses: Uses,
    /// The crate's cargo features, one per operations module, in module order; all are on by
    /// default.
    pub features: Vec<Feature>,
    /// The features that compile the crate's `Result` alias: those of its default error type.
    pub result_gate: Gate,
    /// The `Page` impls: one per page type, from the pagination of the first operation paging
    /// with it, gated by every operation that does, in the order of those first operations
    /// (decided by `analyze/gates.rs`).
    pub pages: Vec<Pagination>,
    /// The other crates the public API names, which the crate root re-exports; sorted by name.
    pub reexports: Vec<Reexport>,
    /// The requests the server sends (3.1's `webhooks`), for a receiver to decode.
    pub webhooks: Webhooks,
    /// The crates a configuration adds to the manifest for the types it names
    /// ([`TypeRef::External`]); sorted by name.
    pub dependencies: Vec<Dependency>,
    /// The API's own headers announcing a change that affects a call, in lower case and in the
    /// configuration's order (`[conventions] notice-headers`): the runtime reports them beside
    /// `Deprecation` and `Sunset`.
    pub notice_headers: Vec<String>,
}

/// A crate the manifest depends on beside the runtime's, for a type a configuration names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The package name (`rust_decimal`).
    pub name: String,
    /// The version requirement (`1`).
    pub version: String,
    /// The features it enables (`serde`).
    pub features: Vec<String>,
}

/// A crate the public API names (in the runtime's items, models or operations), re-exported by
/// the crate root so that users name the version the client was built with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reexport {
    /// The crate's name, as Rust code writes it (`serde_json`).
    pub name: String,
    /// The items of it the API names, as the docs show them (`DateTime<Utc>`); sorted.
    pub items: Vec<String>,
}

/// An operations module: the operations of one tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// Rust name, also the file name (never a raw identifier).
    pub name: String,
    /// The tag as written in the spec.
    pub tag: String,
    /// Some operation of the module names a type of the models module.
    pub uses_models: bool,
    /// Its feature, which compiles it.
    pub gate: Gate,
}

/// Support code the crate carries only when something uses it, and the features that compile
/// it: those of the types that use it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Uses {
    /// Some type is a string enum (`string_enum!`); the gate of the macro within the macros
    /// module, [`Gate::Always`] where it is the module's.
    pub string_enums: Option<Gate>,
    /// Some type is an integer enum (`int_enum!`); its gate as for `string_enums`.
    pub int_enums: Option<Gate>,
    /// Some struct's serde is written with `object!` ([`StructSerde::Fields`]); its gate as for
    /// `string_enums`.
    pub objects: Option<Gate>,
    /// Any of them is used: the crate has its macros module, compiled with this gate.
    pub macros: Option<Gate>,
}

/// A cargo feature: it compiles one operations module and every model its operations reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name in `Cargo.toml`: the module's name, unless that is taken
    /// ([`crate::ir::naming::RESERVED_FEATURES`]).
    pub name: String,
    /// The operations module it compiles.
    pub module: String,
    /// One line for the manifest, e.g. ``The 2 operations tagged `Webhooks` ...``.
    pub description: String,
    /// The optional parts of the runtime its operations and the models they reach use, which
    /// it enables: [`crate::ir::naming::RUNTIME_MEDIA_FEATURE`] (bodies and responses that are
    /// not JSON, multipart files), [`crate::ir::naming::RUNTIME_STREAMS_FEATURE`] (responses
    /// read as streams of events or lines), [`crate::ir::naming::RUNTIME_STYLES_FEATURE`]
    /// (parameters in OpenAPI's styles). Sorted.
    pub runtime: Vec<String>,
}

/// When an item is compiled.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gate {
    /// Always: no operation reaches it (a webhook payload, say), and it holds nothing that is
    /// compiled only with some feature.
    #[default]
    Always,
    /// When, for each of these lists, one of its features is on: the lists are all required.
    /// What operations reach has one list, the features whose operations reach it. A type no
    /// operation reaches is compiled when everything it holds is, so it needs the list of each.
    /// Each list sorted and never empty; the lists sorted, none holding another.
    Features(Vec<Vec<String>>),
}

/// The default base URL of the client, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrl {
    /// The spec's first server, a full URL.
    Server(String),
    /// The spec's first server, which names no scheme and host (`/api/v1`): the caller gives
    /// the API's full URL.
    Path(String),
    /// The spec names no server: `http://localhost`, for a server of the caller's; the caller
    /// gives the API's URL.
    Localhost,
}

impl BaseUrl {
    /// The URL.
    pub fn url(&self) -> &str {
        match self {
            BaseUrl::Server(url) | BaseUrl::Path(url) => url,
            BaseUrl::Localhost => "http://localhost",
        }
    }
}

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// The URL with server variables replaced by their defaults.
    pub url: String,
    /// The server's description, if any.
    pub docs: Option<String>,
}

/// A security scheme, as a way to authenticate the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthScheme {
    /// The key in `components/securitySchemes`.
    pub key: String,
    /// The builder method that sets it, e.g. `personal_access_token`.
    pub method: String,
    /// How the credential is sent.
    pub kind: AuthKind,
    /// The scheme's description, as Markdown.
    pub docs: Option<String>,
    /// For an OAuth 2.0 scheme whose flows give a token URL: the provider's endpoints.
    pub oauth2: Option<OAuthFlow>,
}

/// The endpoints of an OAuth 2.0 scheme, offered to the crate's users as a constant for
/// `runtime::OAuthApp`: from its `authorizationCode` flow if it has one, else from its `password`
/// or `clientCredentials` flow (those have no authorization URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthFlow {
    /// The constant's name, e.g. `OAUTH2_ENDPOINTS`.
    pub const_name: String,
    /// The flow the URLs come from, as the spec names it: `authorizationCode`, `password` or
    /// `clientCredentials`.
    pub flow: String,
    /// `authorizationUrl` (authorization-code flow only): an absolute URL.
    pub authorization_url: Option<String>,
    /// `tokenUrl`: an absolute URL.
    pub token_url: String,
    /// `refreshUrl`, if the flow declares one: an absolute URL.
    pub refresh_url: Option<String>,
    /// The scopes the flow declares, in spec order.
    pub scopes: Vec<String>,
    /// The feature that compiles the constant, with the runtime's OAuth 2.0 client it is for
    /// ([`crate::ir::naming::OAUTH_FEATURE`]); docs that name that client say so rather than
    /// link to it.
    pub feature: String,
}

/// How a credential travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>` (HTTP bearer, or an OAuth2 access token).
    Bearer {
        /// True for OAuth2 schemes.
        oauth2: bool,
    },
    /// HTTP basic authentication.
    Basic,
    /// An API key in a header.
    ApiKeyHeader {
        /// Header name.
        name: String,
    },
    /// An API key in the query string.
    ApiKeyQuery {
        /// Parameter name.
        name: String,
    },
    /// An API key as a cookie: `Cookie: <name>=<key>`.
    ApiKeyCookie {
        /// Cookie name.
        name: String,
    },
    /// An HTTP scheme other than bearer and basic (such as `digest` or `negotiate`): the caller
    /// gives the whole `Authorization` header value.
    Authorization {
        /// The scheme as the spec names it.
        scheme: String,
    },
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDef {
    /// Rust name, unique in the models module.
    pub name: String,
    /// JSON pointer of the schema it was made from.
    pub origin: String,
    /// Description, as Markdown.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// What it is.
    pub kind: TypeKind,
    /// Which way it travels: decides the serde derives it needs.
    pub usage: Usage,
    /// The features whose operations reach it, or, for a type no operation reaches, those of
    /// everything it holds (analyze computes it).
    pub gate: Gate,
    /// The traits it derives beyond `Debug`, `Clone`, `PartialEq` and serde's, as its
    /// configuration asks (`[derives]`), each one its fields hold; sorted. Structs and unions
    /// only: enums derive all of them.
    pub derives: Vec<Derive>,
}

/// A trait a configuration asks models to derive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Derive {
    /// `Eq`.
    Eq,
    /// `Hash`.
    Hash,
    /// `PartialOrd`.
    PartialOrd,
    /// `Ord` (with `Eq` and `PartialOrd`, which it needs).
    Ord,
}

impl Derive {
    /// Every derive, in the order a derive attribute lists them.
    pub const ALL: [Derive; 4] = [Derive::Eq, Derive::Hash, Derive::PartialOrd, Derive::Ord];

    /// The trait's name.
    pub fn name(self) -> &'static str {
        match self {
            Derive::Eq => "Eq",
            Derive::Hash => "Hash",
            Derive::PartialOrd => "PartialOrd",
            Derive::Ord => "Ord",
        }
    }
}

/// Which way a type travels between client and server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from a request body or parameter: it is serialised for the server, so its
    /// `readOnly` fields are not.
    pub sent: bool,
    /// Reachable from a response or error body: it is deserialised.
    pub received: bool,
    /// Reachable from a type no operation reaches (such as a webhook payload): it may go
    /// either way.
    pub standalone: bool,
}

impl Usage {
    /// Whether the type derives `Serialize`.
    pub fn needs_serialize(self) -> bool {
        self.sent || self.standalone
    }

    /// Whether the type derives `Deserialize`.
    pub fn needs_deserialize(self) -> bool {
        self.received || self.standalone
    }
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum; unknown values decode into an `Unknown(String)` variant.
    Enum(StringEnum),
    /// An integer enum; unknown values decode into an `Unknown(n)` variant.
    IntEnum(IntEnum),
    /// `oneOf` / `anyOf`: the first variant that decodes wins.
    Union(Union),
    /// A named schema that is not an object, enum or union: a type alias.
    Alias(TypeRef),
}

/// An object type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// `additionalProperties` with a schema: extra keys collected into a map of this type.
    pub additional: Option<TypeRef>,
    /// Every required field has a default the spec gives ([`Field::default`]), so the struct
    /// implements `Default`: derived, or written with those values. A struct with a required
    /// field the caller must give has no `Default` (it would send `""` for a forgotten string)
    /// and has a constructor taking those fields instead.
    pub derive_default: bool,
    /// The fields the struct's `new` takes, by Rust name in spec order: the required ones with
    /// no default, for a struct that is sent and has no `Default` (analyze decides). Empty
    /// where there is no `new`, as for a struct of more required fields than clippy lets a
    /// function take.
    pub constructor: Vec<String>,
    /// A `multipart/form-data` request body: its fields are sent as parts, so it derives no
    /// serde traits and carries no serde attributes.
    pub multipart: bool,
    /// How its serde implementations are written (analyze decides).
    pub serde: StructSerde,
}

/// How a struct's serde implementations are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StructSerde {
    /// By hand, over the runtime's `Object` helpers: the wire names of the fields and one line
    /// per field, a fraction of what serde's derives expand to. For a struct every field of
    /// which has a default (it is decoded by starting from its default) and that collects no
    /// other properties.
    #[default]
    Fields,
    /// serde's derives, with field attributes: for a struct with `additionalProperties`
    /// (`#[serde(flatten)]`) or with a required field that has no default.
    Derive,
    /// None: a multipart body, whose fields are sent as parts.
    None,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Rust name (snake case, escaped).
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// The wire name is not the Rust name: serde renames the field (`rename = wire_name`).
    pub renamed: bool,
    /// The value's type, without what `presence` wraps it in.
    pub ty: TypeRef,
    /// Whether the object must hold the field and whether it may be `null`: what wraps `ty`.
    pub presence: Presence,
    /// Boxed (inside the `Option` or `Patch`) to break a recursive type.
    pub boxed: bool,
    /// `readOnly: true` in a type that is sent ([`Usage::sent`]): never serialised. Lowering
    /// records the spec's flag; analyze clears it in types that are never sent.
    pub read_only: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Description, as Markdown.
    pub docs: Option<String>,
    /// The spec's `default`: lowering records the value as written, analyze keeps it only where
    /// it is a value of the field's type (naming the variant of an enum).
    pub default: Option<Literal>,
}

/// A value the spec gives as a field's `default`, as Rust writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// `null`: `None` for a nullable field.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction or an exponent, as Rust writes it (`0.5`, `50.0`).
    Float(String),
    /// A string.
    String(String),
    /// The variant of the field's enum type that the string or integer names (analyze
    /// resolves it).
    Variant(String),
    /// An empty array or object: an empty `Vec` or map.
    Empty,
}

/// Whether an object must hold a field (`required`) and whether the field may be `null`
/// (`nullable`): on the wire a field is absent, `null` or a value, and these say which of the
/// three it can be. They decide the field's Rust type and how it is written and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, not nullable: `T`, always written.
    Required,
    /// Required and nullable: `Option<T>`, `None` written as `null` (never left out) and
    /// `null` read as `None`; a missing key is an error, as for any required field.
    RequiredNullable,
    /// Not required, not nullable: `Option<T>`, `None` left out; a missing key (or a `null`,
    /// which the spec does not allow but servers send) reads as `None`.
    Optional,
    /// Not required and nullable: `runtime::Patch<T>`, all three states: `Absent` is left out
    /// (and a missing key reads as it), `Null` is written and read as `null`, `Value` as the
    /// value.
    OptionalNullable,
}

impl Presence {
    /// The presence of a property from the spec's two flags.
    pub fn new(required: bool, nullable: bool) -> Presence {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringEnum {
    /// Variants in spec order.
    pub variants: Vec<Variant>,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Rust name (upper camel case).
    pub name: String,
    /// The string on the wire.
    pub wire_name: String,
}

/// An integer enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntEnum {
    /// The integer type on the wire.
    pub repr: IntRepr,
    /// Variants in spec order.
    pub variants: Vec<IntVariant>,
}

/// The integer type of an integer enum: `format: int32` is `i32`, any other `i64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntRepr {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
}

impl IntRepr {
    /// The type of a value of the enum.
    pub fn type_ref(self) -> TypeRef {
        match self {
            IntRepr::I32 => TypeRef::I32,
            IntRepr::I64 => TypeRef::I64,
        }
    }
}

/// One integer enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntVariant {
    /// Rust name (upper camel case).
    pub name: String,
    /// The number on the wire.
    pub value: i64,
}

/// `oneOf` / `anyOf`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Union {
    /// Alternatives in spec order.
    pub variants: Vec<UnionVariant>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Held in a `Box`, so that one large alternative does not size every value.
    pub boxed: bool,
}

/// A reference to a type, as used in fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A type in the models module.
    Named(String),
    /// `string`.
    String,
    /// `boolean`.
    Bool,
    /// `integer` (`int32`).
    I32,
    /// `integer` (`int64`, or no format).
    I64,
    /// `number` (`float`).
    F32,
    /// `number` (`double`, or no format).
    F64,
    /// `string`, `format: date`.
    Date,
    /// `string`, `format: date-time`.
    DateTime,
    /// `string`, `format: uri`.
    Uri,
    /// `string`, `format: binary`: raw bytes (file uploads).
    Binary,
    /// Any JSON value.
    Json,
    /// `array`.
    Vec(Box<TypeRef>),
    /// `object` with `additionalProperties` only: a map from string keys.
    Map(Box<TypeRef>),
    /// `array` of an exact length with a type for each item (3.1's `prefixItems`): a tuple,
    /// read and written as a JSON array.
    Tuple(Vec<TypeRef>),
    /// A type of another crate that a configuration puts in place of a format's or a
    /// component schema's (`[types]`): the user's choice, serialised by its own serde.
    External {
        /// Its path from its crate, as the configuration writes it (`uuid::Uuid`).
        path: String,
        /// Its wire form is a string, number or boolean: a parameter of it is written with its
        /// `Display`, as one of those would be.
        scalar: bool,
    },
}

impl TypeRef {
    /// A file (`runtime::Upload`): binary, or an array of binary. Only a field of a multipart
    /// body keeps `format: binary` as a file; it is a string everywhere else.
    pub fn is_file(&self) -> bool {
        match self {
            TypeRef::Binary => true,
            TypeRef::Vec(item) => **item == TypeRef::Binary,
            _ => false,
        }
    }

    /// Whether the Rust type implements `Default`, given which named types do.
    pub fn has_default(&self, named_default: &dyn Fn(&str) -> bool) -> bool {
        match self {
            TypeRef::Named(name) => named_default(name),
            // Another crate's type may have no `Default`: none is assumed.
            TypeRef::Date | TypeRef::DateTime | TypeRef::Uri | TypeRef::External { .. } => false,
            TypeRef::Tuple(items) => items.iter().all(|item| item.has_default(named_default)),
            _ => true,
        }
    }
}

mod operation;
mod webhook;

pub use operation::*;
pub use webhook::*;

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
    /// `info.description`, as Markdown.
    pub docs: Option<String>,
    /// `servers`; the first is the default base URL.
    pub servers: Vec<Server>,
    /// Security schemes, in spec order.
    pub auth: Vec<AuthScheme>,
    /// Every named type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every operation, sorted by module then method name.
    pub operations: Vec<Operation>,
    /// The error body type most operations share: the default of the crate's `Result` alias.
    pub default_error: Option<TypeRef>,
    /// Prelude names ([`crate::ir::naming::PRELUDE_NAMES`]) that a type takes, sorted: in the
    /// models module these std items are written with their full path, the others plainly.
    pub shadowed_prelude: Vec<String>,
    /// The crate's cargo features, one per operations module, in module order; all are on by
    /// default.
    pub features: Vec<Feature>,
    /// The features that compile the crate's `Result` alias: those of its default error type.
    pub result_gate: Gate,
    /// The features that compile some string enum, and so the `string_enum!` macro; `None` when
    /// no type is one.
    pub string_enum_gate: Option<Gate>,
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
    /// Every field has a default, so `Default` is derived.
    pub derive_default: bool,
    /// A `multipart/form-data` request body: its fields are sent as parts, so it derives no
    /// serde traits and carries no serde attributes.
    pub multipart: bool,
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
    /// The value's type, without the `Option` that `optional` adds.
    pub ty: TypeRef,
    /// Not required, or nullable: wrapped in `Option`.
    pub optional: bool,
    /// Boxed (inside the `Option`) to break a recursive type.
    pub boxed: bool,
    /// `readOnly: true` in a type that is sent ([`Usage::sent`]): never serialised. Lowering
    /// records the spec's flag; analyze clears it in types that are never sent.
    pub read_only: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Description, as Markdown.
    pub docs: Option<String>,
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
}

impl TypeRef {
    /// Whether the Rust type implements `Default`, given which named types do.
    pub fn has_default(&self, named_default: &dyn Fn(&str) -> bool) -> bool {
        match self {
            TypeRef::Named(name) => named_default(name),
            TypeRef::Date | TypeRef::DateTime | TypeRef::Uri => false,
            _ => true,
        }
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// The upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One API operation: a method on the client and its request builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// `operationId`, or one derived from method and path.
    pub id: String,
    /// The client method, e.g. `get_webhooks`.
    pub fn_name: String,
    /// The request builder type, e.g. `GetWebhooks`.
    pub builder_name: String,
    /// The operations submodule (from the first tag), e.g. `webhooks`.
    pub module: String,
    /// The tag as written in the spec.
    pub tag: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as in the spec, e.g. `/webhooks/{webhook_gid}`.
    pub path: String,
    /// The template split into literals and parameters.
    pub path_parts: Vec<PathPart>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`, as Markdown.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// OAuth2 scopes any of which grants access.
    pub scopes: Vec<String>,
    /// Parameters: path, query and header, path-level ones merged in.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// What a success returns.
    pub response: Response,
    /// The decoded error body type.
    pub error: ErrorShape,
    /// Present when the operation pages with `offset` / `next_page`.
    pub pagination: Option<Pagination>,
    /// JSON pointer of the operation.
    pub origin: String,
    /// The feature of its module, which compiles it and its per-status error enum (analyze
    /// sets it).
    pub gate: Gate,
}

impl Operation {
    /// The client method's arguments: path parameters in path order, then the other required
    /// parameters in spec order.
    pub fn required_params(&self) -> impl Iterator<Item = &Param> {
        let in_path = self.path_parts.iter().filter_map(move |part| match part {
            PathPart::Param(index) => Some(&self.params[*index]),
            PathPart::Literal(_) => None,
        });
        in_path.chain(
            self.params
                .iter()
                .filter(|p| p.required && p.location != ParamLocation::Path),
        )
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, sent as is.
    Literal(String),
    /// The path parameter `params[index]` of the operation, percent-encoded.
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// How a parameter value is serialised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// One value (`name=value`, a path segment, a header).
    Single,
    /// An array, `style: form, explode: false`: `name=a,b,c`.
    CommaSeparated,
    /// An array, `style: form, explode: true`: `name=a&name=b`.
    Repeated,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Rust name (argument or builder method).
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Required: a method argument rather than a builder method.
    pub required: bool,
    /// The value type (for arrays, the `Vec`).
    pub ty: TypeRef,
    /// Serialisation.
    pub style: Style,
    /// Description, as Markdown.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `minimum` / `maximum`, for the docs.
    pub bounds: (Option<i64>, Option<i64>),
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// The type the caller passes.
    pub ty: TypeRef,
    /// The property the value is wrapped in on the wire (`{"data": ...}`), if any.
    pub envelope: Option<String>,
    /// Whether the spec requires a body.
    pub required: bool,
    /// Description, as Markdown.
    pub docs: Option<String>,
}

/// Request body encodings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`.
    Json,
    /// `multipart/form-data`: the fields of a struct, binary ones as file parts.
    Multipart(Vec<MultipartField>),
}

/// One field of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartField {
    /// The struct field's Rust name.
    pub name: String,
    /// The part's name on the wire.
    pub wire_name: String,
    /// Sent as a file part.
    pub file: bool,
    /// Wrapped in `Option`.
    pub optional: bool,
}

/// The success response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// Nothing useful to decode: the method returns `()`.
    Empty,
    /// A JSON body.
    Json {
        /// The type the method returns.
        ty: TypeRef,
        /// The property unwrapped from the body (`data`), if any.
        envelope: Option<String>,
    },
}

/// The type error bodies decode into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorShape {
    /// Every error status has this body type.
    Single(TypeRef),
    /// Statuses with different body types: a generated enum.
    ByStatus {
        /// Enum name, e.g. `GetEventsError`.
        name: String,
        /// One case per status (or `None` for the rest), in spec order.
        cases: Vec<ErrorCase>,
    },
}

/// One case of a per-status error enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCase {
    /// The status, or `None` for every status not listed.
    pub status: Option<u16>,
    /// Variant name.
    pub variant: String,
    /// Body type.
    pub ty: TypeRef,
}

/// How an operation pages: each page hands back the token of the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The page type (the operation's response), a struct.
    pub page_type: String,
    /// The item type.
    pub item: TypeRef,
    /// The page's field holding the items (`data`), a `Vec` of `item`.
    pub items: PageField,
    /// The page's field holding the next page (`next_page`).
    pub next_page: PageField,
    /// The next page's field holding the token (`offset`), a string.
    pub next_offset: PageField,
    /// Wire name of the query parameter the token is sent in (`offset`).
    pub offset_param: String,
    /// The operation requires the offset: the stream starts at the one the caller gives.
    pub offset_required: bool,
    /// The page size the stream asks for unless the caller sets one; `None` when the operation
    /// has no optional `limit`.
    pub page_size: Option<PageSize>,
    /// The features that compile the page type's `Page` impl: those of every operation paging
    /// with it (analyze sets it).
    pub gate: Gate,
}

/// A field of a page, or of its next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageField {
    /// Rust name of the field.
    pub name: String,
    /// Wrapped in `Option`.
    pub optional: bool,
}

/// The page size a stream asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSize {
    /// Wire name of the query parameter (`limit`).
    pub param: String,
    /// The size: the parameter's `maximum`, or a default within its bounds.
    pub size: i64,
    /// `size` is the largest the spec allows.
    pub is_maximum: bool,
}

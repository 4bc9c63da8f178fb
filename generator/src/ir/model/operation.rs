//! The operations half of the IR: methods, parameters, bodies, responses, errors, pagination.

use super::*;

pub use crate::openapi::Method;

/// One API operation: a method on the client and its request builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// `operationId`, or one derived from method and path.
    pub id: String,
    /// The client method, e.g. `get_webhooks`.
    pub fn_name: String,
    /// The request builder type, e.g. `GetWebhooks`.
    pub builder_name: String,
    /// The struct the client method takes the required parameters in, beside the builder
    /// (`GetFlightsArgs`), when passing them one by one would make more arguments than clippy's
    /// `too_many_arguments` allows ([`MAX_ARGUMENTS`], `&self` and the body counted).
    pub args: Option<String>,
    /// The operations submodule (from the first tag), e.g. `webhooks`.
    pub module: String,
    /// The tag as written in the spec.
    pub tag: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as in the spec, e.g. `/webhooks/{webhook_gid}`.
    pub path: String,
    /// The template's path split into literals and parameters (without the query or fragment
    /// the template may carry).
    pub path_parts: Vec<PathPart>,
    /// Fixed `(name, value)` query pairs the template carries (`/rest?method=list`), sent first.
    pub fixed_query: Vec<(String, String)>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`, as Markdown.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The credentials it accepts.
    pub security: Security,
    /// Parameters: path, query and header, path-level ones merged in.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// What a success returns.
    pub response: Response,
    /// The `Accept` header the request sends, when not the client's `application/json`: the
    /// documented media types of the success response (its JSON type, such as
    /// `application/vnd.api+json`, or the other types it returns), comma-separated; or, where
    /// the operation declares an `Accept` header parameter with an `enum`, one of its values.
    /// A default: an `Accept` the caller sets replaces it.
    pub accept: Option<String>,
    /// The decoded error body type.
    pub error: ErrorShape,
    /// Present when the operation pages (declared by an extension or recognised).
    pub pagination: Option<Pagination>,
    /// The values of a realistic call, for the doc example and the conformance driver.
    pub example: CallExample,
    /// JSON pointer of the operation.
    pub origin: String,
    /// The feature of its module, which compiles it and its per-status success and error enums
    /// (analyze sets it).
    pub gate: Gate,
}

/// The credentials an operation accepts, as its `security` (or the document's) says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Security {
    /// Where the requirement comes from.
    pub source: SecuritySource,
    /// Any one of these grants access, in spec order; each lists the schemes sent together
    /// (all of them). No alternative at all (`security: []`): the operation is sent without
    /// credentials. An alternative without schemes (`{}`): credentials are optional.
    pub alternatives: Vec<Vec<SchemeUse>>,
}

/// Where an operation's security requirement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecuritySource {
    /// The operation's own `security`.
    Operation,
    /// The document's top-level `security`.
    Document,
    /// Neither states one: each declared scheme alone, in spec order, then no credentials (an
    /// empty alternative), so the client sends what it holds, if anything.
    Unstated,
}

/// A security scheme as a requirement names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeUse {
    /// Its key in `components/securitySchemes`, by which the runtime holds its credentials.
    pub key: String,
    /// The `ClientBuilder` method that sets its credentials ([`AuthScheme::method`]); `None` for
    /// a name the spec's requirement uses but `components/securitySchemes` does not declare.
    pub method: Option<String>,
    /// The scopes it asks for (for an OAuth 2.0 or OpenID Connect scheme; the roles, as
    /// OpenAPI 3.1 allows, for another), in spec order.
    pub scopes: Vec<String>,
}

/// The values of a realistic call of an operation: taken from the spec's `example` and
/// `examples` where they have the shape of the type (operation, parameter, media type, schema),
/// otherwise made from the schema. The doc example of the operation and the conformance driver
/// both call with these.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallExample {
    /// One value per parameter, by index into [`Operation::params`] (required and optional
    /// alike: a call with the required ones, a fuller call with all).
    pub params: Vec<ExampleValue>,
    /// One value per media type of the body, in [`Body::contents`] order.
    pub bodies: Vec<ExampleValue>,
}

/// One example value, in the shape of the Rust type it is written as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleValue {
    /// `null`: `None` of a nullable field, `Patch::Null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// A floating-point number, as its decimal text with a `.` or an exponent (`1.5`).
    Number(String),
    /// A string, or the text of a date (`2024-01-31`), date-time (RFC 3339) or URL.
    String(String),
    /// A variant of a string or integer enum: its Rust name.
    Variant(String),
    /// An array.
    Array(Vec<ExampleValue>),
    /// A map: its keys and values.
    Map(Vec<(String, ExampleValue)>),
    /// A struct: the fields set (Rust names, in field order); the others are absent.
    Struct(Vec<(String, ExampleValue)>),
    /// A union: the variant (Rust name) and its value.
    Union(String, Box<ExampleValue>),
    /// Any JSON value, as compact JSON text.
    Json(String),
    /// A value of another crate's type ([`TypeRef::External`]): the Rust expression its
    /// configuration gives, else `Default::default()`.
    Code(String),
    /// A file of a multipart body: its name and text content.
    File {
        /// The file name.
        name: String,
        /// Its content.
        content: String,
    },
}

/// The most arguments a client method takes, `&self` included: clippy's `too_many_arguments`
/// threshold. Beyond it, the required parameters go in a struct ([`Operation::args`]).
pub const MAX_ARGUMENTS: usize = 7;

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
    /// In the `Cookie` header.
    Cookie,
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
    /// Any other combination of location, style and value, serialised by the runtime's
    /// OpenAPI style tables.
    Styled {
        /// The OpenAPI `style`.
        style: StyleName,
        /// `explode`.
        explode: bool,
        /// The shape of the value.
        value: ValueShape,
    },
}

/// An OpenAPI parameter `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StyleName {
    /// `matrix` (path).
    Matrix,
    /// `label` (path).
    Label,
    /// `form` (query, cookie).
    Form,
    /// `simple` (path, header).
    Simple,
    /// `spaceDelimited` (query).
    SpaceDelimited,
    /// `pipeDelimited` (query).
    PipeDelimited,
    /// `deepObject` (query).
    DeepObject,
}

/// What a styled parameter's value is, for its serialisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueShape {
    /// A string, number, boolean or date.
    Primitive,
    /// An array of primitives.
    Array,
    /// An array of arrays of primitives (in styles that do not nest, each item is its items
    /// joined by commas).
    Arrays,
    /// Any JSON value, or an array of them (`serde_json::Value`), converted as it is.
    Any,
    /// An object (a model or a map), a union, or an array of them or of arrays: serialised with
    /// serde, field by field, when the request is sent (a path parameter when the client method
    /// builds the path, a failure reported by `send`). The runtime composes the style tables for
    /// what they leave out: a value nested in an array or object is written as the style's
    /// non-exploded form of it (`Tags=Key,a,Value,b&Tags=Key,c,Value,d`).
    Serialized,
    /// A parameter with `content: application/json`: its JSON text, made when the request is
    /// sent.
    Json,
}

impl StyleName {
    /// The name of the runtime's `QueryStyle` or `PathStyle` variant for this style.
    pub fn variant(self) -> &'static str {
        match self {
            StyleName::Matrix => "Matrix",
            StyleName::Label => "Label",
            StyleName::Form => "Form",
            StyleName::Simple => "Simple",
            StyleName::SpaceDelimited => "SpaceDelimited",
            StyleName::PipeDelimited => "PipeDelimited",
            StyleName::DeepObject => "DeepObject",
        }
    }
}

impl Style {
    /// The value is serialised with serde when the request is sent (so a failure is an error
    /// of `send`), rather than when it is set.
    pub fn at_send(self) -> bool {
        matches!(
            self,
            Style::Styled {
                value: ValueShape::Serialized | ValueShape::Json,
                ..
            }
        )
    }
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
    /// The request builder field holding the value until `send`, for a value serialised then
    /// ([`Style::at_send`]); never for a path parameter, which the client method serialises
    /// into the path.
    pub held: Option<String>,
    /// Description, as Markdown; after analyze, it states the [`Param::bounds`] (added where
    /// the spec's text does not give both numbers) and is never `None`.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The inclusive bounds of an `integer` parameter (`minimum` / `maximum`, an exclusive one
    /// moved by one); `(None, None)` for other types. Documented, and checked by the client
    /// before sending.
    pub bounds: (Option<i64>, Option<i64>),
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// What the client method's `body` argument (or the builder's `body` method, for an
    /// optional body) takes: the JSON representation when the operation offers one, else the
    /// first media type in spec order.
    pub primary: BodyContent,
    /// The operation's other media types, in spec order: for a required body, each the
    /// argument of a client method of its own ([`AlternativeBody::method`]); for an optional
    /// one, each set with a builder method of its own that replaces the body.
    pub alternatives: Vec<AlternativeBody>,
    /// Whether the spec requires a body.
    pub required: bool,
    /// Description, as Markdown.
    pub docs: Option<String>,
}

impl Body {
    /// Every media type: the primary one, then the alternatives.
    pub fn contents(&self) -> impl Iterator<Item = &BodyContent> {
        std::iter::once(&self.primary).chain(self.alternatives.iter().map(|alt| &alt.content))
    }

    /// [`Body::contents`], to change.
    pub fn contents_mut(&mut self) -> impl Iterator<Item = &mut BodyContent> {
        std::iter::once(&mut self.primary)
            .chain(self.alternatives.iter_mut().map(|alt| &mut alt.content))
    }
}

/// One media type of a request body, as the caller passes it and as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyContent {
    /// The media type as the spec writes it (`application/json`, `image/*`), for the docs.
    pub media_type: String,
    /// The `Content-Type` sent: the media type, or for a pattern (`image/*`, `*/*`) the
    /// default the caller may replace.
    pub content_type: String,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// The property the value is wrapped in on the wire (`{"data": ...}`), if any.
    pub envelope: Option<String>,
}

impl BodyContent {
    /// The model type the caller passes, for the encodings that take one.
    pub fn model(&self) -> Option<&TypeRef> {
        match &self.encoding {
            BodyEncoding::Json(ty)
            | BodyEncoding::Multipart { ty, .. }
            | BodyEncoding::Form { ty, .. } => Some(ty),
            BodyEncoding::Text | BodyEncoding::Bytes { .. } => None,
        }
    }
}

/// A further media type of a request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlternativeBody {
    /// The builder method that sets it, e.g. `body_form`, for an optional body; also the
    /// builder field holding it.
    pub setter: String,
    /// For a required body, the client method that takes this media type's body as its
    /// argument in place of the primary one (`create_pet_form` beside `create_pet`): a body
    /// the operation needs is always given, and given once. `None` for an optional body.
    pub method: Option<String>,
    /// What it takes and sends.
    pub content: BodyContent,
}

/// Request body encodings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON of this type: `application/json`, or another JSON media type sent as itself.
    Json(TypeRef),
    /// `multipart/form-data`: the fields of a struct, each as parts (files, text or JSON).
    Multipart {
        /// The struct.
        ty: TypeRef,
        /// Its fields, as parts.
        fields: Vec<MultipartField>,
    },
    /// `application/x-www-form-urlencoded`: the properties of this struct (or map), each
    /// serialised as a query parameter of its name in its encoding's style: by default `form`,
    /// exploded (`tag=a&tag=b`, an object's fields as pairs of their own).
    Form {
        /// The struct or map.
        ty: TypeRef,
        /// The properties whose `encoding` names another style, in spec order.
        styles: Vec<FormStyle>,
        /// The wire names of the properties with no schema type (any JSON value) and no
        /// `encoding` style, in field order: each is sent under its own name, a string as it
        /// is and any other value as its JSON text (`meta={"a":1}`), never as pairs of its
        /// members.
        json: Vec<String>,
        /// Where the members no property names (a map's entries, or the
        /// `additionalProperties` a struct collects) have no schema type: the wire names of
        /// the properties that are not in `json`, each sent as `form` or its style. Every other
        /// member goes as `json`'s do, under its own name as a string or as JSON text, never
        /// as pairs of its members. `None` where such members are typed (or there are none).
        untyped_others: Option<Vec<String>>,
    },
    /// `text/*`: a `String`.
    Text,
    /// Any other media type (binary, XML, patterns such as `image/*`): the bytes, in memory or
    /// streamed, as `runtime::Payload`; the caller may set another `Content-Type`.
    Bytes {
        /// The media type is a pattern: the caller should name the actual type.
        pattern: bool,
        /// Why the schema the spec gives for this media type is not a model the client
        /// encodes (a form body that nests objects, say), so the caller passes the body encoded.
        untyped: Option<String>,
    },
}

/// How one property of a form body is serialised, when not `form` exploded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormStyle {
    /// The property's name on the wire.
    pub property: String,
    /// The `style` of its `encoding`.
    pub style: StyleName,
    /// `explode`.
    pub explode: bool,
}

/// One field of a multipart body: one part, or one part per item of an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartField {
    /// The struct field's Rust name.
    pub name: String,
    /// The part's name on the wire.
    pub wire_name: String,
    /// How the value (each item, for an array) goes in its part.
    pub part: PartKind,
    /// An array: each item is a part of its own, all named `wire_name` (OpenAPI 3.0 bases an
    /// array's content type on its items').
    pub repeated: bool,
    /// Wrapped in `Option`.
    pub optional: bool,
}

/// How a value goes in a multipart part, by OpenAPI 3.0's default content type for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A string, number, boolean, date or enum: a text part, its `Display` text.
    Text,
    /// `format: binary`: a file part (`application/octet-stream` unless the upload names
    /// another type).
    File,
    /// An object, a map, or an array inside an array: its JSON text, `application/json`.
    Json,
    /// A union or any JSON value, decided by the value: a string, number or boolean as a text
    /// part, an object or array as JSON; `null` sends no part.
    Value,
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
    /// A body that is not JSON.
    Media {
        /// What the method returns.
        kind: MediaKind,
    },
    /// A body offered in several representations (JSON and text, say): a generated enum with
    /// one variant per representation, decoded by the `Content-Type` the response came with.
    ByMediaType {
        /// Enum name, e.g. `GetTranscriptResponse`.
        name: String,
        /// One case per representation: JSON, text, then the other types.
        cases: Vec<MediaCase>,
    },
    /// Success statuses with different bodies: a generated enum, decoded by status.
    ByStatus {
        /// Enum name, e.g. `CreateTaskResponse`.
        name: String,
        /// One case per documented success status, in status order.
        cases: Vec<SuccessCase>,
    },
    /// A body read as a sequence of items while it arrives: server-sent events or JSON Lines.
    Stream(StreamResponse),
}

/// A streamed success response: every success status with a body answers in one streamed
/// media type (`text/event-stream`, `application/x-ndjson`, ...), and `send` returns the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamResponse {
    /// How the body is framed.
    pub format: StreamFormat,
    /// Each item's type: an event's data, or a line. `String` for events whose data is text
    /// (no schema, or a string one), `serde_json::Value` for lines without a schema.
    pub item: TypeRef,
    /// The request builder's method setting the `Last-Event-ID` a GET event stream resumes
    /// after (`last_event_id`); `None` for other streams, and where a parameter of the operation
    /// already takes that name (such as a declared `Last-Event-ID` header).
    pub resume: Option<String>,
}

/// How a streamed response is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFormat {
    /// `text/event-stream`: server-sent events, each one's `data` decoded.
    ServerSentEvents,
    /// `application/x-ndjson`, `application/jsonl`, `application/x-jsonlines`: one JSON value
    /// per line.
    JsonLines,
    /// `application/json-seq` (RFC 7464): JSON texts, each after a record separator.
    JsonSeq,
}

/// How a body that is not JSON is returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// `text/*`: a `String`.
    Text,
    /// One binary media type (`application/pdf`, `image/png`, ...): `bytes::Bytes`, or a stream
    /// of chunks.
    Bytes,
    /// Anything else (XML, several types, patterns such as `image/*`): `runtime::RawBody`, the
    /// bytes with their `Content-Type`, or a stream of chunks.
    Raw,
}

impl MediaKind {
    /// Whether the body can also be read as a stream of chunks.
    pub fn streams(self) -> bool {
        matches!(self, MediaKind::Bytes | MediaKind::Raw)
    }
}

impl Response {
    /// Whether the body can also be read as a stream of chunks: it is, or may be, bytes.
    pub fn streams(&self) -> bool {
        match self {
            Response::Media { kind } => kind.streams(),
            Response::ByMediaType { cases, .. } => cases
                .iter()
                .any(|case| matches!(case.body, MediaBody::Media(kind) if kind.streams())),
            Response::Empty
            | Response::Json { .. }
            | Response::ByStatus { .. }
            | Response::Stream(_) => false,
        }
    }
}

/// One representation of a body offered in several: a variant of the enum of
/// [`Response::ByMediaType`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaCase {
    /// Variant name: how the body is read (`Json`, `Text`, `Bytes`, `Raw`); no two cases are
    /// read alike.
    pub variant: String,
    /// The media types the spec declares for it, as written (parameters and patterns such as
    /// `text/*` included): a response is this case when its `Content-Type` matches one of them
    /// more closely than any other case's.
    pub media_types: Vec<String>,
    /// How the body is read.
    pub body: MediaBody,
    /// Whether the variant holds its body in a `Box` (see [`ErrorCase::boxed`]).
    pub boxed: bool,
}

/// How one representation of a response body is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaBody {
    /// JSON, decoded into a type (unwrapped from an envelope, if any).
    Json(SuccessBody),
    /// Text, bytes, or bytes with their content type.
    Media(MediaKind),
}

/// One case of a per-status success enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuccessCase {
    /// The status (a code or a range; never [`StatusMatch::Other`]).
    pub status: StatusMatch,
    /// Variant name, e.g. `Created`.
    pub variant: String,
    /// The JSON body, or `None` for a status without one (a unit variant).
    pub body: Option<SuccessBody>,
    /// Whether the variant holds its body in a `Box` (see [`ErrorCase::boxed`]).
    pub boxed: bool,
}

/// The JSON body of one success status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuccessBody {
    /// Its type.
    pub ty: TypeRef,
    /// The property unwrapped from the body (`data`), if any.
    pub envelope: Option<String>,
}

/// Which statuses a response case stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status, e.g. `404`.
    Code(u16),
    /// A class of statuses, e.g. `4` for `4XX` (400 to 499).
    Range(u16),
    /// Every status no other case lists.
    Other,
}

/// What the body of an error status holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorBody {
    /// JSON, decoded into this type.
    Json(TypeRef),
    /// A body that is not JSON (`text/plain`, `text/html`, ...): kept as text.
    Text,
    /// JSON beside other media types: `runtime::JsonOrText`, decoded into this type when the
    /// response's `Content-Type` names one of the JSON types, kept as text when it names one
    /// of the others.
    JsonOrText {
        /// The type JSON decodes into.
        ty: TypeRef,
        /// The JSON media types declared, as written.
        json_types: Vec<String>,
        /// The other media types declared, as written.
        text_types: Vec<String>,
    },
    /// No body is documented: nothing is decoded.
    Empty,
}

impl ErrorBody {
    /// The type JSON decodes into, if the body may be JSON.
    pub fn json(&self) -> Option<&TypeRef> {
        match self {
            ErrorBody::Json(ty) | ErrorBody::JsonOrText { ty, .. } => Some(ty),
            ErrorBody::Text | ErrorBody::Empty => None,
        }
    }

    /// [`ErrorBody::json`], to change.
    pub fn json_mut(&mut self) -> Option<&mut TypeRef> {
        match self {
            ErrorBody::Json(ty) | ErrorBody::JsonOrText { ty, .. } => Some(ty),
            ErrorBody::Text | ErrorBody::Empty => None,
        }
    }
}

impl ErrorShape {
    /// Whether an error body is read by the response's `Content-Type`, so its decoder takes
    /// the headers.
    pub fn by_content_type(&self) -> bool {
        let reads = |body: &ErrorBody| matches!(body, ErrorBody::JsonOrText { .. });
        match self {
            ErrorShape::Single(body) => reads(body),
            ErrorShape::ByStatus { cases, .. } => cases.iter().any(|case| reads(&case.body)),
        }
    }
}

/// The type error bodies decode into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorShape {
    /// Every error status has this body.
    Single(ErrorBody),
    /// Statuses with different bodies: a generated enum.
    ByStatus {
        /// Enum name, e.g. `GetEventsError`.
        name: String,
        /// One case per status or range whose body differs from the rest, codes first, then
        /// ranges, then [`StatusMatch::Other`] (always last) for every other status.
        cases: Vec<ErrorCase>,
    },
}

/// One case of a per-status error enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCase {
    /// The statuses it stands for.
    pub status: StatusMatch,
    /// Variant name.
    pub variant: String,
    /// Body.
    pub body: ErrorBody,
    /// Whether the variant holds its body in a `Box` (inside `JsonOrText` for that body): a
    /// model is, so that one large body does not size every value of the enum (nor trip
    /// clippy's `large_enum_variant` beside a unit variant); a `String`, a list or a map is
    /// already small.
    pub boxed: bool,
}

/// How an operation pages: where each page holds its items, what it says of the next page, how
/// the next page is asked for, and why the operation was found to page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The page type (the operation's response), a struct; `None` where the response is the
    /// list itself (a `Link` header names the next page).
    pub page_type: Option<String>,
    /// The item type.
    pub item: TypeRef,
    /// The fields leading from the page to its list of items (`data`), a `Vec` of `item`; empty
    /// where the page is the list.
    pub items: Vec<PageField>,
    /// What a page says of the next one.
    pub next: PageNext,
    /// How the next page is requested.
    pub request: PageRequest,
    /// The page size a stream asks for unless the caller sets one; `None` when the operation
    /// has no optional `limit`.
    pub page_size: Option<PageSize>,
    /// Why the operation pages: the extension that declares it, or the rule that recognised it.
    pub reason: PageReason,
    /// The features that compile the page type's `Page` impl: those of every operation paging
    /// with it (analyze sets it).
    pub gate: Gate,
}

impl Pagination {
    /// The common shape this pagination has, as reports count it.
    pub fn shape(&self) -> PageShape {
        match (&self.request, &self.next) {
            (PageRequest::Token { .. }, _) => PageShape::Cursor,
            (PageRequest::Offset { .. }, _) => PageShape::Offset,
            (PageRequest::Number { .. }, _) => PageShape::PageNumber,
            (PageRequest::Url, PageNext::Unstated) => PageShape::LinkHeader,
            (PageRequest::Url, _) => PageShape::NextUrl,
        }
    }

    /// The request parameter the next page's token, offset or number is sent in.
    pub fn param(&self) -> Option<&str> {
        match &self.request {
            PageRequest::Token { param, .. }
            | PageRequest::Offset { param, .. }
            | PageRequest::Number { param, .. } => Some(param),
            PageRequest::Url => None,
        }
    }
}

/// What a page says of the one after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageNext {
    /// A token (cursor) for the next page, at the end of `path`; absent, `null` or empty on the
    /// last page, and ignored once `more` (where given) is `false`.
    Token {
        /// The fields leading to the token.
        path: Vec<PageField>,
        /// The token's type: `String`, or an integer sent as its decimal digits.
        ty: TypeRef,
        /// A flag saying whether more pages follow (`has_more`).
        more: Option<Vec<PageField>>,
    },
    /// The URL of the next page, at the end of `path` (a `String` or a `Url`); absent or
    /// `null` on the last page.
    Url {
        /// The fields leading to the URL.
        path: Vec<PageField>,
        /// `TypeRef::String` or `TypeRef::Uri`.
        ty: TypeRef,
    },
    /// The id of the page's last item, while a flag says more pages follow (`starting_after`
    /// with `has_more`).
    LastItem {
        /// The item's id field, a string.
        id: PageField,
        /// The flag.
        more: Vec<PageField>,
    },
    /// Only a flag saying whether more pages follow: the next offset or page number is asked
    /// for while it is `true` and the page is not empty.
    Flag {
        /// The fields leading to the flag.
        more: Vec<PageField>,
    },
    /// The number of pages in all (`total_pages`), where page numbers are counted: the next
    /// number is asked for until the page of the last number, or an empty page.
    PageCount {
        /// The fields leading to the count.
        path: Vec<PageField>,
        /// Its type: `I32` or `I64`.
        ty: TypeRef,
    },
    /// Nothing: pages are asked for until one is empty, or, where the request follows URLs,
    /// while the response's `Link` header names a `rel="next"` page.
    Unstated,
}

/// How the next page is requested: the operation's own request with one query parameter set,
/// or the URL the page gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageRequest {
    /// The token the page gave is sent in the query parameter `param`.
    Token {
        /// Wire name of the query parameter (`cursor`, `offset`, `page_token`).
        param: String,
        /// The operation requires it: the stream starts at the one the caller gives.
        required: bool,
    },
    /// The query parameter `param` is the offset of the first item, advanced by the number of
    /// items received.
    Offset {
        /// Wire name of the query parameter (`offset`, `skip`).
        param: String,
        /// The operation requires it: the stream starts at the one the caller gives.
        required: bool,
    },
    /// The query parameter `param` is the page number, one more for each page.
    Number {
        /// Wire name of the query parameter (`page`).
        param: String,
        /// The operation requires it: the stream starts at the one the caller gives.
        required: bool,
        /// The number of the first page, where the caller sets none (the parameter's minimum,
        /// else 1).
        first: i64,
    },
    /// The URL of the next page is requested as it is, resolved against the client's base URL.
    Url,
}

/// Why an operation pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageReason {
    /// The spec declares it with a vendor extension.
    Declared(PageExtension),
    /// Recognised from the operation's parameters and response by a rule.
    Recognised(PageRule),
    /// Declared by the configuration (`[paging.<operationId>]`), in the form of
    /// `x-speakeasy-pagination`.
    Configured,
}

/// A vendor extension declaring pagination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageExtension {
    /// `x-speakeasy-pagination`.
    Speakeasy,
    /// `x-fern-pagination`.
    Fern,
    /// `x-ms-pageable`.
    MsPageable,
    /// `x-dropshot-pagination`.
    Dropshot,
}

impl PageExtension {
    /// The extension's key.
    pub fn key(self) -> &'static str {
        match self {
            PageExtension::Speakeasy => "x-speakeasy-pagination",
            PageExtension::Fern => "x-fern-pagination",
            PageExtension::MsPageable => "x-ms-pageable",
            PageExtension::Dropshot => "x-dropshot-pagination",
        }
    }
}

/// A rule recognising pagination where the spec declares none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRule {
    /// `next_page.offset` in the body, sent back as the `offset` parameter.
    NextPageOffset,
    /// A token field of the body (`next_cursor`, `nextPageToken`, ...) sent back as a parameter.
    BodyToken,
    /// The last item's `id` sent back as `starting_after` while `has_more` is true.
    LastItemId,
    /// A numeric `offset` parameter advanced by the items received.
    Offset,
    /// A `page` parameter counted up.
    PageNumber,
    /// A next-page URL in the body (`next`, `@odata.nextLink`, `links.next`).
    NextUrl,
    /// A `Link` header declared on the response.
    LinkHeader,
}

impl PageRule {
    /// A few words naming the rule, as `API.txt` shows it.
    pub fn describe(self) -> &'static str {
        match self {
            PageRule::NextPageOffset => "next_page.offset",
            PageRule::BodyToken => "body token",
            PageRule::LastItemId => "last item id",
            PageRule::Offset => "offset",
            PageRule::PageNumber => "page number",
            PageRule::NextUrl => "next url",
            PageRule::LinkHeader => "link header",
        }
    }
}

/// The common shapes of pagination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageShape {
    /// A token or cursor from the body, sent back as a parameter.
    Cursor,
    /// A numeric offset advanced by the items received.
    Offset,
    /// A page number.
    PageNumber,
    /// A next-page URL in the body.
    NextUrl,
    /// An RFC 8288 `Link` header.
    LinkHeader,
}

impl PageShape {
    /// The shape's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            PageShape::Cursor => "cursor",
            PageShape::Offset => "offset",
            PageShape::PageNumber => "page-number",
            PageShape::NextUrl => "next-url",
            PageShape::LinkHeader => "link-header",
        }
    }
}

/// A field of a page, or of its next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageField {
    /// Rust name of the field.
    pub name: String,
    /// Whether it may be absent or `null`, and so what wraps its type.
    pub presence: Presence,
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

//! Webhooks: the requests the API's server sends to the user's (OpenAPI 3.1's `webhooks`),
//! whose bodies a receiver decodes.

use super::{Gate, TypeRef};

/// The webhooks of the spec, decoded by the crate's `incoming` module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Webhooks {
    /// One per webhook and method, in spec order.
    pub items: Vec<Webhook>,
    /// The features that compile the module: those of every payload type it names.
    pub gate: Gate,
    /// Whether a payload names a model.
    pub uses_models: bool,
}

/// One request the server sends: a webhook's method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// The webhook's key in the spec's `webhooks`.
    pub name: String,
    /// The HTTP method, upper case (`POST`).
    pub method: String,
    /// The variant of the delivery enum: `ReportCreated`.
    pub variant: String,
    /// What a receiver passes to the decode function to pick this webhook: its key (`POST key`
    /// where the webhook has several methods) and its `operationId`; none names two webhooks
    /// (the first keeps it).
    pub keys: Vec<String>,
    /// The JSON body's type; `None` where the request declares no JSON body.
    pub payload: Option<TypeRef>,
    /// Whether the variant holds its payload boxed (a named type), so one large payload does
    /// not size every delivery.
    pub boxed: bool,
    /// The summary and description, as Markdown.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

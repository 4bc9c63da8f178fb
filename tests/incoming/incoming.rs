// The `src/incoming.rs` generated from `tests/fixtures/specs/v31_webhooks.yaml`: the code
// `incoming.rs` runs, checked against a fresh generation by that test. Formatted as generated.

//! The webhooks the API sends: requests its server makes to an endpoint of yours. [`decode`] reads a delivery's body as the [`Webhook`] it is.
//!
//! The signature checks some APIs ask of a receiver are not made here: check a delivery before decoding it.
//!
//! ```no_run
//! # fn example(body: &[u8]) -> Result<(), fixture_v31_webhooks::incoming::DecodeError> {
//! let webhook = fixture_v31_webhooks::incoming::decode("petAdded", body)?;
//! println!("{}: {webhook:?}", webhook.name());
//! # Ok(())
//! # }
//! ```

use crate::models;

/// A delivery of one of the API's webhooks, its body decoded: one variant per webhook
/// (and method, where a webhook has several).
#[derive(Debug, Clone, PartialEq)]
pub enum Webhook {
    /// A pet joined the shop.
    ///
    /// Sent once the pet's record is complete.
    ///
    /// The webhook `petAdded`, sent as a `POST` request; [`decode`] reads it for `petAdded` or `onPetAdded`.
    PetAdded(::std::boxed::Box<models::Pet>),
    /// Prices changed.
    ///
    /// The webhook `priceChanged`, sent as a `POST` request; [`decode`] reads it for `priceChanged`.
    PriceChanged(::std::boxed::Box<models::PriceChangedPayload>),
    /// The webhook `stockCounted`, sent as a `POST` request; [`decode`] reads it for `stockCounted`.
    StockCounted(Vec<models::Count>),
    /// The webhook `pet`, sent as a `POST` request; [`decode`] reads it for `POST pet` or `petCreated`.
    PetPost(::std::boxed::Box<models::Pet>),
    /// The webhook `pet`, sent as a `DELETE` request; [`decode`] reads it for `DELETE pet`.
    PetDelete(::std::boxed::Box<models::PetDeletePayload>),
    /// A heartbeat, with no body.
    ///
    /// The webhook `ping`, sent as a `POST` request without a body; [`decode`] reads it for `ping`.
    Ping,
    /// **Deprecated.** Use `petAdded`'s status instead.
    ///
    /// The webhook `adopted`, sent as a `POST` request; [`decode`] reads it for `adopted` or `onAdopted`.
    Adopted(::std::boxed::Box<models::Pet>),
}

impl Webhook {
    /// The webhook's name in the spec.
    pub fn name(&self) -> &'static str {
        match self {
            Self::PetAdded(_) => "petAdded",
            Self::PriceChanged(_) => "priceChanged",
            Self::StockCounted(_) => "stockCounted",
            Self::PetPost(_) => "pet",
            Self::PetDelete(_) => "pet",
            Self::Ping => "ping",
            Self::Adopted(_) => "adopted",
        }
    }
}

/// Why a delivery could not be decoded.
#[derive(Debug)]
pub enum DecodeError {
    /// No webhook has this name or operation id.
    UnknownWebhook(::std::string::String),
    /// The body is not the webhook's JSON payload.
    Body {
        /// The webhook's name in the spec.
        webhook: &'static str,
        /// Where and why decoding failed.
        source: ::serde_json::Error,
    },
}

impl ::std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::UnknownWebhook(name) => write!(f, "no webhook is named `{name}`"),
            Self::Body { webhook, source } => {
                write!(f, "the body of a `{webhook}` delivery does not decode: {source}")
            }
        }
    }
}

impl ::std::error::Error for DecodeError {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Self::UnknownWebhook(_) => None,
            Self::Body { source, .. } => Some(source),
        }
    }
}

/// Decodes the body of a delivery of the webhook `name`: its name in the spec or its
/// operation id (see each variant of [`Webhook`]), as your endpoint knows it (from the
/// URL you registered for it, say). The body is the request's, whole; a webhook
/// without a body ignores it.
///
/// # Errors
///
/// [`DecodeError::UnknownWebhook`] for a name no webhook has, and
/// [`DecodeError::Body`] for a body that is not the webhook's payload.
pub fn decode(name: &str, body: &[u8]) -> ::std::result::Result<Webhook, DecodeError> {
    match name {
        "petAdded" | "onPetAdded" => {
            payload("petAdded", body)
                .map(|p| Webhook::PetAdded(::std::boxed::Box::new(p)))
        }
        "priceChanged" => {
            payload("priceChanged", body)
                .map(|p| Webhook::PriceChanged(::std::boxed::Box::new(p)))
        }
        "stockCounted" => payload("stockCounted", body).map(Webhook::StockCounted),
        "POST pet" | "petCreated" => {
            payload("pet", body).map(|p| Webhook::PetPost(::std::boxed::Box::new(p)))
        }
        "DELETE pet" => {
            payload("pet", body).map(|p| Webhook::PetDelete(::std::boxed::Box::new(p)))
        }
        "ping" => Ok(Webhook::Ping),
        "adopted" | "onAdopted" => {
            payload("adopted", body).map(|p| Webhook::Adopted(::std::boxed::Box::new(p)))
        }
        _ => Err(DecodeError::UnknownWebhook(name.to_owned())),
    }
}

/// `body` decoded as the payload of `webhook`.
fn payload<T: ::serde::de::DeserializeOwned>(
    webhook: &'static str,
    body: &[u8],
) -> ::std::result::Result<T, DecodeError> {
    ::serde_json::from_slice(body)
        .map_err(|source| DecodeError::Body {
            webhook,
            source,
        })
}

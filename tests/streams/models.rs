//! Request and response types, one per schema of the spec.
//!
//! Unknown fields in responses are ignored, missing or `null` optional fields decode to
//! `None`, and enum values the spec does not list decode into an `Unknown` variant, so
//! the API can grow without breaking this crate.

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: String,
    pub resource: String,
}

crate::macros::object! {
    Change {
        0 kind "kind" required,
        1 resource "resource" required,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChatChunk {
    pub id: String,
    pub choices: Vec<ChatChunkChoicesItem>,
}

crate::macros::object! {
    ChatChunk {
        0 id "id" required,
        1 choices "choices" required,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChatChunkChoicesItem {
    pub index: i64,
    pub delta: ChatChunkChoicesItemDelta,
    pub finish_reason: crate::runtime::Patch<String>,
}

crate::macros::object! {
    ChatChunkChoicesItem {
        0 index "index" required,
        1 delta "delta" required,
        2 finish_reason "finish_reason" patch,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatChunkChoicesItemDelta {
    pub content: Option<String>,
}

crate::macros::object! {
    ChatChunkChoicesItemDelta {
        0 content "content" optional,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChatRequest {
    pub model: String,
    pub messages: Vec<Message>,
}

impl ChatRequest {
    /// `ChatRequest` from its required fields, in the spec's order; the optional ones are absent.
    #[inline]
    pub fn new(model: impl Into<String>, messages: Vec<Message>) -> Self {
        Self {
            model: model.into(),
            messages,
        }
    }
}

crate::macros::object! {
    ChatRequest {
        0 model "model" required,
        1 messages "messages" required,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExportRecordsItem {
    pub id: i64,
    pub value: String,
}

crate::macros::object! {
    ExportRecordsItem {
        0 id "id" required,
        1 value "value" required,
    }
    serialize;
    deserialize;
}

#[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
#[derive(::serde::Deserialize)]
pub struct Message {
    pub role: MessageRole,
    pub content: String,
}

impl Message {
    /// `Message` from its required fields, in the spec's order; the optional ones are absent.
    #[inline]
    pub fn new(role: MessageRole, content: impl Into<String>) -> Self {
        Self {
            role,
            content: content.into(),
        }
    }
}

crate::macros::string_enum! {
    pub enum MessageRole {
        System = "system",
        User = "user",
        Assistant = "assistant",
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Problem {
    pub message: Option<String>,
}

crate::macros::object! {
    Problem {
        0 message "message" optional,
    }
    serialize;
    deserialize;
}

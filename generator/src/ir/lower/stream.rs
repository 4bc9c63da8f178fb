//! Streamed responses: server-sent events and JSON Lines, read item by item as they arrive.

use openapiv3::{SchemaKind, Type};

use super::media::essence;
use super::operation::RawOperation;
use super::response::Entry;
use super::{Ctx, Lowerer, Result, SchemaRef, fail_config};
use crate::ir::model::*;
use crate::pointer;

/// The builder method that sets the `Last-Event-ID` a GET event stream resumes after.
const RESUME_METHOD: &str = "last_event_id";

/// The fields of a server-sent event: a schema of an object with `data` and only these
/// describes the event, not its data.
const EVENT_FIELDS: &[&str] = &["data", "event", "id", "retry"];

/// The framing of a streamed media type, if it is one.
fn stream_format(media_type: &str) -> Option<StreamFormat> {
    match essence(media_type).as_str() {
        "text/event-stream" => Some(StreamFormat::ServerSentEvents),
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonl"
        | "application/jsonlines"
        | "application/x-jsonlines" => Some(StreamFormat::JsonLines),
        "application/json-seq" => Some(StreamFormat::JsonSeq),
        _ => None,
    }
}

impl<'a> Lowerer<'a> {
    /// The success response as a stream, with the `Accept` that asks for it, where every
    /// success status with a body answers only in streamed media types of one framing (a
    /// status without a body, such as `204`, is an empty stream). `None` otherwise: a streamed
    /// type beside JSON or another type is read whole, as any other body is.
    ///
    /// Where the configuration has the operation's stream read whole (`[streams]`), `None`;
    /// an error at its key if no success answers in a streamed media type.
    pub(super) fn stream_response(
        &mut self,
        raw: &RawOperation<'a>,
        entries: &[Entry<'a>],
        base: &str,
        op_camel: &str,
    ) -> Result<Option<(Response, Option<String>)>> {
        if let Some(named) = self.config.unstreamed.iter().find(|n| n.name == raw.id) {
            for (_, key, response) in entries {
                let (response, _) = self.resolve_ref(response, &pointer::join(base, key))?;
                if response.content.keys().any(|m| stream_format(m).is_some()) {
                    return Ok(None);
                }
            }
            return fail_config(
                &named.spot,
                format!(
                    "`{}` has no streamed response (server-sent events, JSON Lines) to read whole",
                    raw.id
                ),
            );
        }
        let mut format = None;
        let mut media_types: Vec<&str> = Vec::new();
        let mut schema = None;
        for (_, key, response) in entries {
            let response_pointer = pointer::join(base, key);
            let (response, _) = self.resolve_ref(response, &response_pointer)?;
            for (media_type, content) in &response.content {
                let Some(this) = stream_format(media_type) else {
                    return Ok(None);
                };
                if format.is_some_and(|format| format != this) {
                    return Ok(None);
                }
                format = Some(this);
                if !media_types.contains(&media_type.as_str()) {
                    media_types.push(media_type);
                }
                if let (None, Some(given)) = (&schema, &content.schema) {
                    let content_pointer =
                        pointer::join(&format!("{response_pointer}/content"), media_type);
                    schema = Some((SchemaRef::from(given), format!("{content_pointer}/schema")));
                }
            }
        }
        let Some(format) = format else {
            return Ok(None);
        };
        let item = match (format, schema) {
            (StreamFormat::ServerSentEvents, Some((schema, at))) => {
                self.event_data(schema, &at, op_camel)?
            }
            (StreamFormat::ServerSentEvents, None) => TypeRef::String,
            (_, Some((schema, at))) => {
                let ctx = Ctx::new(format!("{op_camel}Item"), at);
                self.lower(schema, &ctx)?
            }
            (_, None) => TypeRef::Json,
        };
        let taken = raw.params.iter().any(|(param, _)| {
            let name = &param.parameter_data_ref().name;
            let letters: String = name
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            letters == "lasteventid"
        });
        let resume = (format == StreamFormat::ServerSentEvents
            && raw.method.eq_ignore_ascii_case("get")
            && !taken)
            .then(|| RESUME_METHOD.to_owned());
        let response = Response::Stream(StreamResponse {
            format,
            item,
            resume,
        });
        Ok(Some((response, Some(media_types.join(", ")))))
    }

    /// The type of an event's data, given the schema of a `text/event-stream` body: text where
    /// the schema is a string (binary or not) or describes the event itself with a string
    /// `data`; else the schema's (or the event's `data`'s) type, decoded from JSON.
    fn event_data(&mut self, schema: SchemaRef<'a>, at: &str, op_camel: &str) -> Result<TypeRef> {
        let (resolved, _) = self.resolve(schema, at)?;
        let (schema, at) = match &resolved.schema_kind {
            SchemaKind::Type(Type::Object(object))
                if object.properties.contains_key("data")
                    && object
                        .properties
                        .keys()
                        .all(|key| EVENT_FIELDS.contains(&key.as_str())) =>
            {
                let data = &object.properties["data"];
                (
                    SchemaRef::from(data),
                    pointer::join(&format!("{at}/properties"), "data"),
                )
            }
            _ => (schema, at.to_owned()),
        };
        let (resolved, _) = self.resolve(schema, &at)?;
        if matches!(resolved.schema_kind, SchemaKind::Type(Type::String(_))) {
            return Ok(TypeRef::String);
        }
        self.lower(schema, &Ctx::new(format!("{op_camel}Event"), at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The success response of the one operation of a spec: `method` on `/s`, answering
    /// `responses` (YAML of the `responses` object), with these `parameters`.
    fn response(method: &str, parameters: &str, responses: &str) -> (Response, Option<String>) {
        let text = format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /s:\n    {method}:\n      operationId: s\n      parameters: {parameters}\n      responses: {responses}\ncomponents:\n  schemas:\n    Chunk: {{type: object, properties: {{text: {{type: string}}}}}}\n"
        );
        let api =
            crate::ir::lower(&serde_yaml::from_str(&text).unwrap(), &Default::default()).unwrap();
        let op = api.operations.into_iter().next().unwrap();
        (op.response, op.accept)
    }

    fn streamed(item: TypeRef, format: StreamFormat, resume: bool) -> Response {
        Response::Stream(StreamResponse {
            format,
            item,
            resume: resume.then(|| RESUME_METHOD.to_owned()),
        })
    }

    const CHUNK: &str = "{$ref: '#/components/schemas/Chunk'}";

    #[test]
    fn event_data_takes_the_schema_given() {
        let chunk = TypeRef::Named("Chunk".into());
        let sse = |schema: &str| {
            format!("{{'200': {{description: ok, content: {{text/event-stream: {schema}}}}}}}")
        };
        let (got, accept) = response("post", "[]", &sse(&format!("{{schema: {CHUNK}}}")));
        assert_eq!(
            got,
            streamed(chunk.clone(), StreamFormat::ServerSentEvents, false)
        );
        assert_eq!(accept.as_deref(), Some("text/event-stream"));
        // A GET stream resumes.
        let (got, _) = response("get", "[]", &sse(&format!("{{schema: {CHUNK}}}")));
        assert_eq!(
            got,
            streamed(chunk.clone(), StreamFormat::ServerSentEvents, true)
        );
        // No schema, a string or binary one: text.
        for schema in [
            "{}",
            "{schema: {type: string}}",
            "{schema: {type: string, format: binary}}",
        ] {
            let (got, _) = response("post", "[]", &sse(schema));
            assert_eq!(
                got,
                streamed(TypeRef::String, StreamFormat::ServerSentEvents, false),
                "{schema}"
            );
        }
        // A schema of the event itself: its `data`.
        let event = format!(
            "{{schema: {{type: object, properties: {{id: {{type: string}}, data: {CHUNK}}}}}}}"
        );
        let (got, _) = response("post", "[]", &sse(&event));
        assert_eq!(got, streamed(chunk, StreamFormat::ServerSentEvents, false));
    }

    #[test]
    fn a_declared_last_event_id_parameter_is_the_resume_setter() {
        let responses = "{'200': {description: ok, content: {text/event-stream: {}}}}";
        let header = "[{name: Last-Event-ID, in: header, schema: {type: string}}]";
        let (got, _) = response("get", header, responses);
        assert_eq!(
            got,
            streamed(TypeRef::String, StreamFormat::ServerSentEvents, false)
        );
    }

    #[test]
    fn lines_and_sequences() {
        let lines = format!(
            "{{'200': {{description: ok, content: {{application/x-ndjson: {{schema: {CHUNK}}}, application/jsonl: {{}}}}}}, '204': {{description: none}}}}"
        );
        let (got, accept) = response("get", "[]", &lines);
        assert_eq!(
            got,
            streamed(
                TypeRef::Named("Chunk".into()),
                StreamFormat::JsonLines,
                false
            )
        );
        assert_eq!(
            accept.as_deref(),
            Some("application/x-ndjson, application/jsonl")
        );
        let seq = "{'200': {description: ok, content: {application/json-seq: {}}}}";
        let (got, _) = response("get", "[]", seq);
        assert_eq!(got, streamed(TypeRef::Json, StreamFormat::JsonSeq, false));
    }

    #[test]
    fn a_stream_beside_another_type_is_read_whole() {
        let mixed = format!(
            "{{'200': {{description: ok, content: {{application/json: {{schema: {CHUNK}}}, text/event-stream: {{}}}}}}}}"
        );
        let (got, _) = response("get", "[]", &mixed);
        assert!(!matches!(got, Response::Stream(_)), "{got:?}");
        let two = "{'200': {description: ok, content: {application/x-ndjson: {}}}, '201': {description: ok, content: {text/event-stream: {}}}}";
        let (got, _) = response("get", "[]", two);
        assert!(!matches!(got, Response::Stream(_)), "{got:?}");
    }

    #[test]
    fn streamed_media_types() {
        assert_eq!(
            stream_format("text/event-stream; charset=utf-8"),
            Some(StreamFormat::ServerSentEvents)
        );
        assert_eq!(
            stream_format("application/x-ndjson"),
            Some(StreamFormat::JsonLines)
        );
        assert_eq!(
            stream_format("application/jsonl"),
            Some(StreamFormat::JsonLines)
        );
        assert_eq!(
            stream_format("application/json-seq"),
            Some(StreamFormat::JsonSeq)
        );
        assert_eq!(stream_format("application/json"), None);
        assert_eq!(stream_format("text/plain"), None);
    }
}

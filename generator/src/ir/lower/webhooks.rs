//! Webhooks (OpenAPI 3.1's `webhooks`): the requests the server sends. Each method of each
//! webhook is one variant of the delivery a receiver decodes, holding the type of its JSON body.

use std::collections::BTreeSet;

use super::binary::binary_as_string;
use super::media::{MediaClass, classify};
use super::{Ctx, Lowerer, Result, docs, fail};
use crate::ir::model::*;
use crate::ir::naming::{self, Namespace};
use crate::load::Targets;
use crate::pointer;

impl<'a> Lowerer<'a> {
    /// Every webhook's methods, in spec order, with the type of each one's JSON body.
    pub(super) fn lower_webhooks(&mut self) -> Result<Vec<Webhook>> {
        let targets: &'a Targets = self.targets;
        let mut variants = Namespace::default();
        let mut keys_taken: BTreeSet<String> = BTreeSet::new();
        let mut out = Vec::new();
        for (name, item) in &targets.webhooks {
            let at = pointer::join("#/webhooks", name);
            let (item, item_pointer) = self.resolve_ref(item, &at)?;
            let methods: Vec<(&str, &'a openapiv3::Operation)> = item.iter().collect();
            for &(method, operation) in &methods {
                let pointer = format!("{item_pointer}/{method}");
                let alone = methods.len() == 1;
                let wanted = if alone {
                    naming::camel(name)
                } else {
                    naming::camel(&format!("{name} {method}"))
                };
                let variant = variants.claim(&wanted);
                let mut keys = vec![if alone {
                    name.clone()
                } else {
                    format!("{} {name}", method.to_ascii_uppercase())
                }];
                keys.extend(operation.operation_id.iter().cloned());
                keys.retain(|key| keys_taken.insert(key.clone()));
                let payload = self.webhook_payload(operation, &pointer, &variant)?;
                let summary = operation.summary.as_deref().and_then(docs::summary);
                let description = operation.description.as_deref().and_then(docs::markdown);
                let docs = match (summary, description) {
                    (Some(summary), Some(description)) => {
                        Some(format!("{summary}\n\n{description}"))
                    }
                    (summary, description) => summary.or(description),
                };
                out.push(Webhook {
                    name: name.clone(),
                    method: method.to_ascii_uppercase(),
                    variant,
                    keys,
                    boxed: matches!(payload, Some(TypeRef::Named(_))),
                    payload,
                    docs,
                    deprecated: operation.deprecated,
                });
            }
        }
        Ok(out)
    }

    /// The type of a webhook's JSON body (`None` without a body). A body in no JSON media
    /// type is refused: there is nothing a receiver could decode it into yet.
    fn webhook_payload(
        &mut self,
        operation: &'a openapiv3::Operation,
        pointer: &str,
        variant: &str,
    ) -> Result<Option<TypeRef>> {
        let Some(body) = &operation.request_body else {
            return Ok(None);
        };
        let body_pointer = format!("{pointer}/requestBody");
        let (body, body_pointer) = self.resolve_ref(body, &body_pointer)?;
        if body.content.is_empty() {
            return Ok(None);
        }
        let Some((media_type, content)) = body
            .content
            .iter()
            .find(|(media_type, _)| classify(media_type) == MediaClass::Json)
        else {
            return fail(
                format!("{body_pointer}/content"),
                "a webhook whose body is in no JSON media type cannot be decoded yet",
            );
        };
        let Some(schema) = &content.schema else {
            return Ok(Some(TypeRef::Json));
        };
        let schema_pointer =
            pointer::join(&format!("{body_pointer}/content"), media_type) + "/schema";
        let ctx = Ctx::new(naming::field_type(variant, "payload"), schema_pointer);
        let mut ty = self.lower(schema.into(), &ctx)?;
        binary_as_string(&mut ty);
        Ok(Some(ty))
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::*;

    fn webhooks(yaml: &str) -> std::result::Result<Api, crate::Error> {
        let spec = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\nwebhooks:\n{yaml}");
        crate::build_ir("w.yaml", &spec)
    }

    #[test]
    fn each_name_picks_one_webhook_and_payloads_are_received() {
        let api = webhooks(
            "  a: {post: {operationId: b, requestBody: {content: {application/json: {schema: {type: object, properties: {x: {type: string}}}}}}}}\n  b: {put: {}}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let hooks = &api.webhooks.items;
        let keys: Vec<(&str, &[String])> = hooks
            .iter()
            .map(|h| (h.variant.as_str(), h.keys.as_slice()))
            .collect();
        // `b` is the first webhook's operation id: the second webhook keeps no name.
        assert_eq!(
            keys,
            [("A", &["a".to_owned(), "b".to_owned()][..]), ("B", &[][..])]
        );
        assert_eq!(hooks[0].payload, Some(TypeRef::Named("APayload".into())));
        assert!(hooks[0].boxed);
        assert_eq!(
            (hooks[1].method.as_str(), &hooks[1].payload),
            ("PUT", &None)
        );
        let payload = api.types.iter().find(|t| t.name == "APayload").unwrap();
        assert!(payload.usage.received, "{:?}", payload.usage);
        assert!(api.webhooks.uses_models);
    }

    #[test]
    fn a_body_in_no_json_media_type_is_refused_where_it_is_written() {
        let error = webhooks(
            "  a:\n    post:\n      requestBody: {content: {text/plain: {schema: {type: string}}}}\n",
        )
        .unwrap_err();
        assert_eq!(
            error.pointer.as_deref(),
            Some("#/webhooks/a/post/requestBody/content")
        );
        assert!(error.message.contains("JSON"), "{error}");
    }
}

//! The one `$ref` resolver, for every kind of node a reference can name, and the one cycle
//! reporter. A reference is `#/components/<section>/<name>`, or any other local JSON pointer
//! that resolves (into a path's parameters or responses, another schema's properties, a path
//! item); the latter were decoded at load ([`Targets`]).

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{Components, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};

use super::{Ctx, LowerError, Lowerer, Result, SchemaRef, fail};
use crate::ir::model::TypeRef;
use crate::load::Targets;
use crate::openapi::{self, Kind};
use crate::pointer;

/// A kind of node a `$ref` can name: its section under `#/components` (if it has one), and
/// where load kept those named by other pointers.
pub(super) trait Referable: Sized {
    /// The section, e.g. `schemas`.
    const SECTION: Option<&'static str>;
    /// The section's map in `components`.
    fn map(components: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>>;
    /// Those named by other pointers.
    fn pointed(targets: &Targets) -> &BTreeMap<String, ReferenceOr<Self>>;
}

/// The section comes from [`openapi::COMPONENTS`]; a kind it lacks does not compile.
macro_rules! component {
    ($ty:ty, $kind:expr, $field:ident) => {
        impl Referable for $ty {
            const SECTION: Option<&'static str> =
                Some(openapi::section($kind).expect("a component kind"));
            fn map(components: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
                Some(&components.$field)
            }
            fn pointed(targets: &Targets) -> &BTreeMap<String, ReferenceOr<Self>> {
                &targets.$field
            }
        }
    };
}

component!(Schema, Kind::Schema, schemas);
component!(Parameter, Kind::Parameter, parameters);
component!(RequestBody, Kind::RequestBody, request_bodies);
component!(Response, Kind::Response, responses);

impl Referable for PathItem {
    const SECTION: Option<&'static str> = None;
    fn map(_: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
        None
    }
    fn pointed(targets: &Targets) -> &BTreeMap<String, ReferenceOr<Self>> {
        &targets.path_items
    }
}

/// The error for a chain of references that comes back to where it started.
pub(super) fn cycle_error(pointer: &str, chain: &[String]) -> LowerError {
    LowerError {
        pointer: pointer.to_owned(),
        message: format!("reference cycle: {}", chain.join(" -> ")),
        config: None,
    }
}

/// `#/components/<section>/<key>` -> the unescaped key.
pub(super) fn component_key(reference: &str, section: &str) -> Option<String> {
    let prefix = format!("#/components/{section}/");
    let key = reference.strip_prefix(&prefix)?;
    (!key.is_empty() && !key.contains('/')).then(|| pointer::unescape(key))
}

/// The pointer of a component.
pub(super) fn component_pointer(section: &str, key: &str) -> String {
    pointer::join(&format!("#/components/{section}"), key)
}

/// What one `$ref` names.
pub(super) enum Found<'a, T> {
    /// A component, by key.
    Component(String, &'a ReferenceOr<T>),
    /// A node elsewhere, by pointer.
    Pointer(String, &'a ReferenceOr<T>),
}

impl<'a, T> Found<'a, T> {
    /// The key (or pointer) cycles are reported by, the node's pointer, and the node.
    fn parts(&self) -> (&str, String, &'a ReferenceOr<T>)
    where
        T: Referable,
    {
        match self {
            Found::Component(key, item) => (
                key,
                component_pointer(T::SECTION.unwrap_or_default(), key),
                item,
            ),
            Found::Pointer(pointer, item) => (pointer, pointer.clone(), item),
        }
    }
}

impl<'a> Lowerer<'a> {
    /// The node one `$ref` names; `at` is where the `$ref` sits.
    pub(super) fn lookup<T: Referable>(&self, reference: &str, at: &str) -> Result<Found<'a, T>> {
        let doc: &'a openapiv3::OpenAPI = self.doc;
        let targets: &'a Targets = self.targets;
        let missing = || {
            fail(
                at,
                format!("unresolved `$ref`: `{reference}` does not exist"),
            )
        };
        if let Some(key) = T::SECTION.and_then(|section| component_key(reference, section)) {
            return match doc
                .components
                .as_ref()
                .and_then(T::map)
                .and_then(|m| m.get(&key))
            {
                Some(found) => Ok(Found::Component(key, found)),
                None => missing(),
            };
        }
        let Some(target) = pointer::from_reference(reference) else {
            return fail(
                at,
                format!(
                    "unsupported `$ref` `{reference}`: only references within the document (`#/...`) are supported"
                ),
            );
        };
        if let Some(why) = targets.invalid.get(&target) {
            return fail(at, format!("`$ref` `{reference}`: {why}"));
        }
        match T::pointed(targets).get(&target) {
            Some(found) => Ok(Found::Pointer(target, found)),
            None => missing(),
        }
    }

    /// The item a `$ref` names, following `$ref` after `$ref`, with the item's own pointer.
    /// `pointer` is where the first `$ref` sits; each error points at the `$ref` at fault.
    fn follow<T: Referable>(&self, reference: &'a str, pointer: &str) -> Result<(&'a T, String)> {
        let mut reference = reference;
        let mut at = pointer.to_owned();
        let mut chain: Vec<String> = Vec::new();
        loop {
            let found = self.lookup::<T>(reference, &at)?;
            let (key, node_pointer, next) = found.parts();
            if chain.iter().any(|k| k == key) {
                chain.push(key.to_owned());
                return Err(cycle_error(pointer, &chain));
            }
            chain.push(key.to_owned());
            at = node_pointer;
            match next {
                ReferenceOr::Item(item) => return Ok((item, at)),
                ReferenceOr::Reference { reference: r } => reference = r,
            }
        }
    }

    /// A node or an inline item, resolved, with its pointer.
    pub(super) fn resolve_ref<T: Referable>(
        &self,
        value: &'a ReferenceOr<T>,
        pointer: &str,
    ) -> Result<(&'a T, String)> {
        match value {
            ReferenceOr::Item(item) => Ok((item, pointer.to_owned())),
            ReferenceOr::Reference { reference } => self.follow(reference, pointer),
        }
    }

    /// Follows `$ref`s to the schema they name (without lowering it).
    pub(super) fn resolve(
        &self,
        schema: SchemaRef<'a>,
        pointer: &str,
    ) -> Result<(&'a Schema, String)> {
        match schema {
            SchemaRef::Item(schema) => Ok((schema, pointer.to_owned())),
            SchemaRef::Ref(reference) => self.follow(reference, pointer),
        }
    }

    /// Lowers the schema at `pointer`, named by a `$ref` that is not a component's: once, named
    /// for the first place that refers to it (`ctx`). A chain of such references that comes
    /// back to one of them is a cycle.
    pub(super) fn lower_pointed(
        &mut self,
        pointer: String,
        item: &'a ReferenceOr<Schema>,
        ctx: &Ctx,
    ) -> Result<TypeRef> {
        if let Some(done) = self.pointed.get(&pointer) {
            return Ok(done.clone());
        }
        if let Some(start) = self.in_progress.iter().position(|(k, _)| *k == pointer) {
            let mut chain: Vec<String> = self.in_progress[start..]
                .iter()
                .map(|(k, _)| k.clone())
                .collect();
            chain.push(pointer);
            return Err(cycle_error(&ctx.pointer, &chain));
        }
        let is_alias = matches!(item, ReferenceOr::Reference { .. });
        self.in_progress.push((pointer.clone(), is_alias));
        let at = ctx.at(pointer.clone());
        let lowered = self.lower(SchemaRef::from(item), &at);
        self.in_progress.pop();
        let lowered = lowered?;
        self.pointed.insert(pointer, lowered.clone());
        Ok(lowered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowerer<'a>(doc: &'a openapiv3::OpenAPI, targets: &'a Targets) -> Lowerer<'a> {
        static DEFAULT: std::sync::LazyLock<crate::Config> =
            std::sync::LazyLock::new(crate::Config::default);
        Lowerer {
            doc,
            config: &DEFAULT,
            json: None,
            targets,
            pointed: Default::default(),
            types: Default::default(),
            type_names: Default::default(),
            components: Default::default(),
            in_progress: Vec::new(),
            param_enums: Default::default(),
            requirements: Default::default(),
            merging: Vec::new(),
        }
    }

    fn doc(components: &str) -> openapiv3::OpenAPI {
        let text = format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n{components}"
        );
        serde_yaml::from_str(&text).unwrap()
    }

    #[test]
    fn follows_chains_of_refs_to_the_item_and_its_pointer() {
        let doc = doc(
            "  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {name: b, in: query, schema: {type: string}}\n",
        );
        let targets = Targets::default();
        let l = lowerer(&doc, &targets);
        let r = ReferenceOr::<Parameter>::Reference {
            reference: "#/components/parameters/A".into(),
        };
        let (param, at) = l.resolve_ref(&r, "#/paths/~1x/get/parameters/0").unwrap();
        assert_eq!(param.parameter_data_ref().name, "b");
        assert_eq!(at, "#/components/parameters/B");
    }

    #[test]
    fn cycles_missing_and_foreign_refs_are_located_errors() {
        let doc = doc(
            "  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
        );
        let targets = Targets::default();
        let l = lowerer(&doc, &targets);
        let cycle = l
            .resolve(SchemaRef::Ref("#/components/schemas/A"), "#/x")
            .unwrap_err();
        assert_eq!(cycle.message, "reference cycle: A -> B -> A");
        assert_eq!(cycle.pointer, "#/x");
        let missing = l
            .resolve(SchemaRef::Ref("#/components/schemas/C"), "#/y")
            .unwrap_err();
        assert_eq!(
            (missing.pointer.as_str(), missing.message.as_str()),
            (
                "#/y",
                "unresolved `$ref`: `#/components/schemas/C` does not exist"
            )
        );
        let foreign = l
            .resolve(SchemaRef::Ref("other.yaml#/A"), "#/z")
            .unwrap_err();
        assert!(
            foreign.message.starts_with("unsupported `$ref`"),
            "{foreign:?}"
        );
    }

    /// The error of a spec with `paths` and `components` as given.
    fn spec_error(paths: &str, components: &str) -> (String, String) {
        let text = format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}components:\n{components}"
        );
        let error = crate::build_ir("t.yaml", &text).unwrap_err();
        (error.pointer.unwrap(), error.message)
    }

    #[test]
    fn any_local_pointer_resolves_and_reports_as_components_do() {
        let paths = "  /a/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: none}}\n  /b/{id}:\n    get:\n      parameters: [{$ref: '#/paths/~1a~1%7Bid%7D/get/parameters/0'}]\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/B/properties/x'}}}}\n";
        let text = format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n    B: {{properties: {{x: {{type: integer}}}}}}\n"
        );
        let api = crate::build_ir("t.yaml", &text).unwrap();
        let b = api
            .operations
            .iter()
            .find(|op| op.path == "/b/{id}")
            .unwrap();
        assert_eq!(b.params[0].wire_name, "id");
        assert_eq!(
            b.response,
            crate::ir::Response::Json {
                ty: TypeRef::I64,
                envelope: None
            }
        );

        let cycle = "  schemas:\n    A: {$ref: '#/components/schemas/B/properties/x'}\n    B: {properties: {x: {$ref: '#/components/schemas/A'}}}\n";
        assert_eq!(
            spec_error("  {}\n", cycle),
            (
                "#/components/schemas/A".to_owned(),
                "reference cycle: A -> #/components/schemas/B/properties/x -> A".to_owned()
            )
        );
        let missing =
            "  /a:\n    get:\n      responses: {'200': {$ref: '#/paths/~1a/get/responses/404'}}\n";
        assert_eq!(
            spec_error(missing, "  schemas: {}\n"),
            (
                "#/paths/~1a/get/responses/200".to_owned(),
                "unresolved `$ref`: `#/paths/~1a/get/responses/404` does not exist".to_owned()
            )
        );
        let wrong_kind =
            "  /a:\n    get:\n      responses: {'400': {$ref: '#/components/schemas/E'}}\n";
        let (pointer, message) = spec_error(wrong_kind, "  schemas: {E: {type: object}}\n");
        assert_eq!(pointer, "#/paths/~1a/get/responses/400");
        assert!(
            message.starts_with(
                "`$ref` `#/components/schemas/E`: the node there is not a Response Object"
            ),
            "{message}"
        );
    }

    #[test]
    fn component_keys_are_unescaped() {
        assert_eq!(
            component_key("#/components/schemas/a~1b", "schemas").as_deref(),
            Some("a/b")
        );
        assert_eq!(component_key("#/components/schemas/a/b", "schemas"), None);
        assert_eq!(component_key("#/components/responses/x", "schemas"), None);
    }
}

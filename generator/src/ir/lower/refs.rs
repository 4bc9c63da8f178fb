//! The one `$ref` resolver, for every kind of component, and the one cycle reporter.

use indexmap::IndexMap;
use openapiv3::{Components, Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::{LowerError, Lowerer, Result, SchemaRef, fail};
use crate::openapi::{self, Kind};
use crate::pointer;

/// A kind of component a `$ref` can name: its section under `#/components` and its map.
pub(super) trait Component: Sized {
    /// The section, e.g. `schemas`.
    const SECTION: &'static str;
    /// The section's map in `components`.
    fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

/// The section comes from [`openapi::COMPONENTS`]; a kind it lacks does not compile.
macro_rules! component {
    ($ty:ty, $kind:expr, $field:ident) => {
        impl Component for $ty {
            const SECTION: &'static str = openapi::section($kind).expect("a component kind");
            fn map(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    };
}

component!(Schema, Kind::Schema, schemas);
component!(Parameter, Kind::Parameter, parameters);
component!(RequestBody, Kind::RequestBody, request_bodies);
component!(Response, Kind::Response, responses);

/// The error for a chain of references that comes back to where it started.
pub(super) fn cycle_error(pointer: &str, chain: &[String]) -> LowerError {
    LowerError {
        pointer: pointer.to_owned(),
        message: format!("reference cycle: {}", chain.join(" -> ")),
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

impl<'a> Lowerer<'a> {
    /// The component one `$ref` names, and its key; `at` is where the `$ref` sits.
    pub(super) fn lookup<T: Component>(
        &self,
        reference: &str,
        at: &str,
    ) -> Result<(String, &'a ReferenceOr<T>)> {
        let doc: &'a openapiv3::OpenAPI = self.doc;
        let Some(key) = component_key(reference, T::SECTION) else {
            return fail(
                at,
                format!(
                    "unsupported `$ref` `{reference}`: expected `#/components/{}/<name>`",
                    T::SECTION
                ),
            );
        };
        match doc.components.as_ref().and_then(|c| T::map(c).get(&key)) {
            Some(found) => Ok((key, found)),
            None => fail(
                at,
                format!("unresolved `$ref`: `{reference}` does not exist"),
            ),
        }
    }

    /// The item a `$ref` names, following `$ref` after `$ref`, with the item's own pointer.
    /// `pointer` is where the first `$ref` sits; each error points at the `$ref` at fault.
    fn follow<T: Component>(&self, reference: &'a str, pointer: &str) -> Result<(&'a T, String)> {
        let mut reference = reference;
        let mut at = pointer.to_owned();
        let mut chain: Vec<String> = Vec::new();
        loop {
            let (key, next) = self.lookup::<T>(reference, &at)?;
            if chain.contains(&key) {
                chain.push(key);
                return Err(cycle_error(pointer, &chain));
            }
            at = component_pointer(T::SECTION, &key);
            chain.push(key);
            match next {
                ReferenceOr::Item(item) => return Ok((item, at)),
                ReferenceOr::Reference { reference: r } => reference = r,
            }
        }
    }

    /// A component or an inline item, resolved, with its pointer.
    pub(super) fn resolve_ref<T: Component>(
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowerer(doc: &openapiv3::OpenAPI) -> Lowerer<'_> {
        Lowerer {
            doc,
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
        let l = lowerer(&doc);
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
        let l = lowerer(&doc);
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

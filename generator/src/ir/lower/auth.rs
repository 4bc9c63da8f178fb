//! Security schemes: how the client authenticates, and the OAuth2 scopes an operation needs.

use openapiv3::{ReferenceOr, SecurityScheme};

use super::refs::component_pointer;
use super::{Lowerer, Result, docs, fail};
use crate::ir::model::*;
use crate::ir::naming::{self, CLIENT_BUILDER_METHODS, Namespace};

impl<'a> Lowerer<'a> {
    /// Every security scheme, as a way to authenticate the client.
    pub(super) fn lower_auth(&self) -> Result<Vec<AuthScheme>> {
        let mut methods = Namespace::with_reserved(CLIENT_BUILDER_METHODS);
        let mut out = Vec::new();
        for (key, scheme) in self
            .doc
            .components
            .iter()
            .flat_map(|c| c.security_schemes.iter())
        {
            let pointer = component_pointer("securitySchemes", key);
            let ReferenceOr::Item(scheme) = scheme else {
                return fail(
                    pointer,
                    "a `$ref` security scheme is not supported; define it inline",
                );
            };
            let (kind, description, oauth2) = match scheme {
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("bearer") => {
                    (AuthKind::Bearer { oauth2: false }, description, false)
                }
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("basic") => (AuthKind::Basic, description, false),
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => (
                    AuthKind::Authorization {
                        scheme: scheme.clone(),
                    },
                    description,
                    false,
                ),
                SecurityScheme::OAuth2 { description, .. }
                | SecurityScheme::OpenIDConnect { description, .. } => {
                    (AuthKind::Bearer { oauth2: true }, description, true)
                }
                SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => match location {
                    openapiv3::APIKeyLocation::Header => (
                        AuthKind::ApiKeyHeader { name: name.clone() },
                        description,
                        false,
                    ),
                    openapiv3::APIKeyLocation::Query => (
                        AuthKind::ApiKeyQuery { name: name.clone() },
                        description,
                        false,
                    ),
                    openapiv3::APIKeyLocation::Cookie => (
                        AuthKind::ApiKeyCookie { name: name.clone() },
                        description,
                        false,
                    ),
                },
            };
            out.push(AuthScheme {
                key: key.clone(),
                method: methods.claim(&naming::auth_method(key, oauth2)),
                kind,
                docs: description.as_deref().and_then(docs::markdown),
            });
        }
        Ok(out)
    }

    /// The OAuth2 scopes any of which grants access to an operation (its own `security`, or the
    /// document's).
    pub(super) fn scopes(&self, operation: &openapiv3::Operation) -> Vec<String> {
        let security = operation.security.as_ref().or(self.doc.security.as_ref());
        let mut scopes: Vec<String> = Vec::new();
        for requirement in security.into_iter().flatten() {
            for (scheme, required) in requirement {
                let is_oauth = self
                    .doc
                    .components
                    .as_ref()
                    .and_then(|c| c.security_schemes.get(scheme))
                    .is_some_and(|s| {
                        matches!(
                            s,
                            ReferenceOr::Item(
                                SecurityScheme::OAuth2 { .. }
                                    | SecurityScheme::OpenIDConnect { .. }
                            )
                        )
                    });
                if is_oauth {
                    for scope in required {
                        if !scopes.contains(scope) {
                            scopes.push(scope.clone());
                        }
                    }
                }
            }
        }

        scopes
    }
}

//! Security schemes: how the client authenticates, the OAuth2 endpoints a scheme declares, and
//! the OAuth2 scopes an operation needs.

use openapiv3::{OAuth2Flows, ReferenceOr, SecurityScheme};

use super::refs::component_pointer;
use super::{Lowerer, Result, docs, fail};
use crate::ir::model::*;
use crate::ir::naming::{self, CLIENT_BUILDER_METHODS, Namespace, ROOT_CONSTANTS};

impl<'a> Lowerer<'a> {
    /// Every security scheme, as a way to authenticate the client.
    pub(super) fn lower_auth(&self) -> Result<Vec<AuthScheme>> {
        let mut methods = Namespace::with_reserved(CLIENT_BUILDER_METHODS);
        let mut constants = Namespace::with_reserved(ROOT_CONSTANTS);
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
            let (kind, description, is_oauth2) = match scheme {
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
            let oauth2 = match scheme {
                SecurityScheme::OAuth2 { flows, .. } => {
                    let base = super::servers(self.doc).into_iter().next().map(|s| s.url);
                    oauth_flow(flows, base.as_deref(), || {
                        constants.claim(&naming::constant(key, "endpoints"))
                    })?
                }
                _ => None,
            };
            out.push(AuthScheme {
                key: key.clone(),
                method: methods.claim(&naming::auth_method(key, is_oauth2)),
                kind,
                docs: description.as_deref().and_then(docs::markdown),
                oauth2,
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

/// The endpoints of the flow an app uses from a server: `authorizationCode` if declared, else
/// `password`, else `clientCredentials`; `None` for a scheme with only the `implicit` flow, which
/// has no token URL. `const_name` names the constant, once there is one.
fn oauth_flow(
    flows: &OAuth2Flows,
    base: Option<&str>,
    const_name: impl FnOnce() -> String,
) -> Result<Option<OAuthFlow>> {
    let (flow, authorization_url, token_url, refresh_url, scopes) =
        if let Some(f) = &flows.authorization_code {
            let authorization_url = Some(&f.authorization_url);
            (
                "authorizationCode",
                authorization_url,
                &f.token_url,
                &f.refresh_url,
                &f.scopes,
            )
        } else if let Some(f) = &flows.password {
            ("password", None, &f.token_url, &f.refresh_url, &f.scopes)
        } else if let Some(f) = &flows.client_credentials {
            (
                "clientCredentials",
                None,
                &f.token_url,
                &f.refresh_url,
                &f.scopes,
            )
        } else {
            return Ok(None);
        };
    // A relative URL is relative to the first server, as OpenAPI 3.1 spells out; one that
    // cannot be resolved (no absolute server) gives the crate no built-in endpoint, and the
    // app passes its own URL to the token source.
    let absolute = |url: &String| -> Option<String> {
        let url = url.trim();
        if is_http(url) {
            Some(url.to_owned())
        } else {
            base.filter(|b| is_http(b)).map(|b| resolve(b, url))
        }
    };
    let Some(token_url) = absolute(token_url) else {
        return Ok(None);
    };
    Ok(Some(OAuthFlow {
        const_name: const_name(),
        flow: flow.to_owned(),
        authorization_url: authorization_url.and_then(absolute),
        token_url,
        refresh_url: refresh_url.as_ref().and_then(absolute),
        scopes: scopes.keys().cloned().collect(),
        feature: naming::OAUTH_FEATURE.to_owned(),
    }))
}

fn is_http(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// `url`, relative to the absolute `base`: a path from the root (`/oauth/token`) replaces the
/// base's path; any other is appended to it.
fn resolve(base: &str, url: &str) -> String {
    let base = base.trim_end_matches('/');
    match url.strip_prefix('/') {
        Some(path) => {
            let authority_end = base
                .find("://")
                .and_then(|scheme| base[scheme + 3..].find('/').map(|i| scheme + 3 + i))
                .unwrap_or(base.len());
            format!("{}/{path}", &base[..authority_end])
        }
        None => format!("{base}/{url}"),
    }
}

#[cfg(test)]
mod url_tests {
    #[test]
    fn relative_urls_resolve_against_the_server() {
        assert_eq!(
            super::resolve("https://api.example.com/v2/", "/oauth/token"),
            "https://api.example.com/oauth/token"
        );
        assert_eq!(
            super::resolve("https://api.example.com/v2", "oauth/token"),
            "https://api.example.com/v2/oauth/token"
        );
    }
}

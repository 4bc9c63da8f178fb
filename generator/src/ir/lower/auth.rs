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

    /// The credentials an operation accepts: its own `security`, else the document's, else
    /// (neither stated) any one declared scheme or none. The builder methods of the schemes
    /// are filled in by [`name_schemes`], once the schemes are lowered.
    pub(super) fn security(&self, operation: &openapiv3::Operation) -> Security {
        let (source, requirements) = match (&operation.security, &self.doc.security) {
            (Some(own), _) => (SecuritySource::Operation, own),
            (None, Some(document)) => (SecuritySource::Document, document),
            (None, None) => {
                let declared = self
                    .doc
                    .components
                    .iter()
                    .flat_map(|c| c.security_schemes.keys());
                let mut alternatives: Vec<Vec<SchemeUse>> =
                    declared.map(|key| vec![scheme_use(key, &[])]).collect();
                if !alternatives.is_empty() {
                    alternatives.push(Vec::new());
                }
                return Security {
                    source: SecuritySource::Unstated,
                    alternatives,
                };
            }
        };
        let alternatives = requirements
            .iter()
            .map(|requirement| {
                requirement
                    .iter()
                    .map(|(key, scopes)| scheme_use(key, scopes))
                    .collect()
            })
            .collect();
        Security {
            source,
            alternatives,
        }
    }
}

/// A scheme a requirement names, its builder method not yet known.
fn scheme_use(key: &str, scopes: &[String]) -> SchemeUse {
    SchemeUse {
        key: key.to_owned(),
        method: None,
        scopes: scopes.to_vec(),
    }
}

/// Names, in each operation's requirement, the builder method of each scheme the spec declares.
pub(super) fn name_schemes(operations: &mut [Operation], auth: &[AuthScheme]) {
    let uses = operations
        .iter_mut()
        .flat_map(|op| op.security.alternatives.iter_mut().flatten());
    for scheme in uses {
        scheme.method = auth
            .iter()
            .find(|declared| declared.key == scheme.key)
            .map(|declared| declared.method.clone());
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

#[cfg(test)]
mod security_tests {
    use crate::ir::model::*;

    /// The API of a spec with these schemes, top-level `security` (if any) and operations
    /// (`paths` entries).
    fn lowered(document_security: &str, paths: &str) -> Api {
        let text = format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\n{document_security}paths:\n{paths}components:\n  securitySchemes:\n    bearer: {{type: http, scheme: bearer}}\n    apiKey: {{type: apiKey, in: header, name: X-Key}}\n    timeout: {{type: apiKey, in: query, name: t}}\n    oauth:\n      type: oauth2\n      flows:\n        clientCredentials:\n          tokenUrl: https://example.com/token\n          scopes: {{read: r, write: w}}\n"
        );
        crate::ir::lower(&serde_yaml::from_str(&text).unwrap(), &Default::default()).unwrap()
    }

    fn op<'a>(api: &'a Api, id: &str) -> &'a Security {
        &api.operations.iter().find(|o| o.id == id).unwrap().security
    }

    /// Each alternative as `key(method)[scopes]` joined by `+`.
    fn read(security: &Security) -> Vec<String> {
        let scheme = |s: &SchemeUse| {
            format!(
                "{}({}){:?}",
                s.key,
                s.method.as_deref().unwrap_or("-"),
                s.scopes
            )
        };
        security
            .alternatives
            .iter()
            .map(|a| a.iter().map(scheme).collect::<Vec<_>>().join("+"))
            .collect()
    }

    const PATHS: &str = "  /own:\n    get:\n      operationId: own\n      security:\n        - {apiKey: [], timeout: []}\n        - {oauth: [write]}\n        - {}\n      responses: {'200': {description: ok}}\n  /default:\n    get:\n      operationId: inherits\n      responses: {'200': {description: ok}}\n  /open:\n    get:\n      operationId: open\n      security: []\n      responses: {'200': {description: ok}}\n  /odd:\n    get:\n      operationId: odd\n      security: [{missing: []}]\n      responses: {'200': {description: ok}}\n";

    #[test]
    fn an_operation_keeps_its_alternatives_its_schemes_together_and_its_scopes() {
        let api = lowered("security: [{bearer: []}, {oauth: [read]}]\n", PATHS);
        let own = op(&api, "own");
        assert_eq!(own.source, SecuritySource::Operation);
        // `timeout` is a builder method of the runtime: the scheme's is renamed around it.
        assert_eq!(
            read(own),
            [
                "apiKey(api_key)[]+timeout(timeout_2)[]",
                "oauth(oauth_access_token)[\"write\"]",
                ""
            ]
        );
        let inherits = op(&api, "inherits");
        assert_eq!(inherits.source, SecuritySource::Document);
        assert_eq!(
            read(inherits),
            ["bearer(bearer)[]", "oauth(oauth_access_token)[\"read\"]"]
        );
        let open = op(&api, "open");
        assert_eq!(open.source, SecuritySource::Operation);
        assert!(open.alternatives.is_empty());
        // A scheme the components do not declare has no builder method.
        assert_eq!(read(op(&api, "odd")), ["missing(-)[]"]);
    }

    #[test]
    fn with_no_requirement_stated_any_declared_scheme_or_none_is_accepted() {
        let api = lowered("", PATHS);
        let inherits = op(&api, "inherits");
        assert_eq!(inherits.source, SecuritySource::Unstated);
        assert_eq!(
            read(inherits),
            [
                "bearer(bearer)[]",
                "apiKey(api_key)[]",
                "timeout(timeout_2)[]",
                "oauth(oauth_access_token)[]",
                ""
            ]
        );
        // An explicit `security: []` still sends nothing.
        assert!(op(&api, "open").alternatives.is_empty());
    }
}

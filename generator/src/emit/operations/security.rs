//! What an operation's security requirement emits: the `# Authentication` section of its docs
//! and the schemes its request names for the runtime ([`Request::with_security`](crate)).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{SchemeUse, Security, SecuritySource};

/// The `# Authentication` section of an operation's docs: the schemes it accepts, with the
/// builder method of each and the scopes it asks for. Nothing where the spec states no
/// requirement and declares no scheme.
pub(super) fn security_docs(security: &Security) -> Option<String> {
    let scheme = |scheme: &SchemeUse| {
        let mut text = match &scheme.method {
            Some(method) => {
                let method = crate::ir::naming::unraw(method);
                format!(
                    "`{}` ([`ClientBuilder::{method}`](crate::ClientBuilder::{method}))",
                    scheme.key
                )
            }
            None => format!("`{}` (not declared by the API description)", scheme.key),
        };
        if !scheme.scopes.is_empty() {
            let scopes: Vec<String> = scheme.scopes.iter().map(|s| format!("`{s}`")).collect();
            let noun = if scopes.len() == 1 { "scope" } else { "scopes" };
            text.push_str(&format!(" with {noun} {}", scopes.join(", ")));
        }
        text
    };
    let alternative = |schemes: &[SchemeUse]| match schemes {
        [] => "no credentials".to_owned(),
        [one] => scheme(one),
        _ => {
            let all: Vec<String> = schemes.iter().map(scheme).collect();
            format!("{}, together", all.join(" and "))
        }
    };
    let text = match (security.source, security.alternatives.as_slice()) {
        (SecuritySource::Unstated, []) => return None,
        (SecuritySource::Unstated, _) => "The API description states no security requirement: sent with the credentials of the first scheme the client holds some for, its own [`credentials`](crate::ClientBuilder::credentials), or none.".to_owned(),
        (_, []) => "Sent without credentials (`security: []`), even those the client holds.".to_owned(),
        (_, [only]) => format!("Requires {}.", alternative(only)),
        (_, alternatives) => {
            let mut text = String::from("Accepts any one of these; the client sends the first it holds credentials for:\n");
            for schemes in alternatives {
                text.push_str(&format!("\n- {}", alternative(schemes)));
            }
            text
        }
    };
    Some(format!("# Authentication\n\n{text}"))
}

/// `.with_security(..)` on the operation's request: the schemes of each alternative, unless
/// the spec states no requirement and declares no scheme (the runtime's default).
pub(super) fn with_security(security: &Security) -> Option<TokenStream> {
    if security.source == SecuritySource::Unstated && security.alternatives.is_empty() {
        return None;
    }
    let alternatives = security.alternatives.iter().map(|schemes| {
        let keys = schemes.iter().map(|scheme| &scheme.key);
        quote!(&[#(#keys),*])
    });
    Some(quote!(.with_security(&[#(#alternatives),*])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(key: &str, method: Option<&str>, scopes: &[&str]) -> SchemeUse {
        SchemeUse {
            key: key.into(),
            method: method.map(Into::into),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    fn tokens(security: &Security) -> String {
        with_security(security).map_or_else(String::new, |t| t.to_string().replace(' ', ""))
    }

    #[test]
    fn alternatives_name_each_scheme_its_method_and_scopes() {
        let security = Security {
            source: SecuritySource::Operation,
            alternatives: vec![
                vec![scheme("bearer", Some("bearer"), &[])],
                vec![
                    scheme("apiKey", Some("api_key"), &[]),
                    scheme("appId", Some("r#app_id"), &[]),
                ],
                vec![scheme(
                    "oauth",
                    Some("oauth_access_token"),
                    &["read", "write"],
                )],
                vec![scheme("legacy", None, &[])],
                vec![],
            ],
        };
        assert_eq!(
            security_docs(&security).unwrap(),
            "# Authentication\n\nAccepts any one of these; the client sends the first it holds credentials for:\n\
             \n- `bearer` ([`ClientBuilder::bearer`](crate::ClientBuilder::bearer))\
             \n- `apiKey` ([`ClientBuilder::api_key`](crate::ClientBuilder::api_key)) and `appId` ([`ClientBuilder::app_id`](crate::ClientBuilder::app_id)), together\
             \n- `oauth` ([`ClientBuilder::oauth_access_token`](crate::ClientBuilder::oauth_access_token)) with scopes `read`, `write`\
             \n- `legacy` (not declared by the API description)\
             \n- no credentials"
        );
        assert_eq!(
            tokens(&security),
            r#".with_security(&[&["bearer"],&["apiKey","appId"],&["oauth"],&["legacy"],&[]])"#
        );
    }

    #[test]
    fn one_scheme_is_a_sentence_and_an_empty_requirement_sends_none() {
        let only = Security {
            source: SecuritySource::Document,
            alternatives: vec![vec![scheme("basic", Some("basic"), &[])]],
        };
        assert_eq!(
            security_docs(&only).unwrap(),
            "# Authentication\n\nRequires `basic` ([`ClientBuilder::basic`](crate::ClientBuilder::basic))."
        );
        assert_eq!(tokens(&only), r#".with_security(&[&["basic"]])"#);
        let none = Security {
            source: SecuritySource::Operation,
            alternatives: vec![],
        };
        assert!(
            security_docs(&none)
                .unwrap()
                .contains("Sent without credentials")
        );
        assert_eq!(tokens(&none), ".with_security(&[])");
    }

    #[test]
    fn an_unstated_requirement_is_documented_only_where_schemes_are_declared() {
        let declared = Security {
            source: SecuritySource::Unstated,
            alternatives: vec![vec![scheme("key", Some("key"), &[])], vec![]],
        };
        assert!(
            security_docs(&declared)
                .unwrap()
                .contains("states no security requirement")
        );
        assert_eq!(tokens(&declared), r#".with_security(&[&["key"],&[]])"#);
        let nothing = Security {
            source: SecuritySource::Unstated,
            alternatives: vec![],
        };
        assert_eq!(security_docs(&nothing), None);
        assert_eq!(tokens(&nothing), "");
    }
}

//! The file as serde reads it, with the span of every value, turned into [`Config`].

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{Config, FieldRename, Kind, Named, Package, Rename, Renames, Spot, Subset};
use crate::Error;
use crate::load::Location;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    #[serde(default)]
    package: RawPackage,
    #[serde(default)]
    generate: RawGenerate,
    #[serde(default)]
    rename: RawRename,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPackage {
    name: Option<Spanned<String>>,
    version: Option<Spanned<String>>,
    description: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawGenerate {
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    operations: Vec<Spanned<String>>,
    #[serde(default)]
    exclude_tags: Vec<Spanned<String>>,
    #[serde(default)]
    exclude_operations: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRename {
    #[serde(default)]
    operations: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    types: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    fields: BTreeMap<String, BTreeMap<String, Spanned<String>>>,
}

/// The text's line and column at a byte offset (1-based; the column counts characters).
fn location(text: &str, offset: usize) -> Location {
    // Spans fall on character boundaries; any other offset stands for the end.
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    Location {
        line,
        column: before[start..].chars().count() + 1,
    }
}

/// A TOML key as a dotted path writes it: bare where it can be, else quoted.
fn key(segment: &str) -> String {
    let bare = !segment.is_empty()
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        segment.to_owned()
    } else {
        format!("{segment:?}")
    }
}

struct Reader<'t> {
    file: &'t str,
    text: &'t str,
}

impl Reader<'_> {
    fn spot(&self, path: &[&str], value: &Spanned<String>) -> Spot {
        Spot {
            location: location(self.text, value.span().start),
            key: path.iter().map(|s| key(s)).collect::<Vec<_>>().join("."),
        }
    }

    fn error(&self, spot: Spot, message: String) -> Error {
        Error {
            file: self.file.to_owned(),
            location: Some(spot.location),
            pointer: Some(spot.key),
            message,
        }
    }

    fn names(&self, path: &str, values: Vec<Spanned<String>>) -> Vec<Named> {
        values
            .into_iter()
            .enumerate()
            .map(|(index, value)| Named {
                spot: self.spot(&["generate", path, &index.to_string()], &value),
                name: value.into_inner(),
            })
            .collect()
    }

    fn renames(
        &self,
        section: &str,
        kind: Kind,
        values: BTreeMap<String, Spanned<String>>,
    ) -> Result<Vec<Rename>, Error> {
        let mut out: Vec<Rename> = Vec::with_capacity(values.len());
        for (from, to) in values {
            let spot = self.spot(&["rename", section, &from], &to);
            let to = to.into_inner();
            super::check_identifier(&to, kind).map_err(|m| self.error(spot.clone(), m))?;
            if let Some(other) = out.iter().find(|r| r.to == to) {
                return Err(self.error(
                    spot,
                    format!("`{to}` is also the name given to `{}`", other.from),
                ));
            }
            out.push(Rename { from, to, spot });
        }
        Ok(out)
    }

    fn package(&self, raw: RawPackage) -> Result<Package, Error> {
        let name = match raw.name {
            Some(name) => {
                let spot = self.spot(&["package", "name"], &name);
                let name = name.into_inner();
                let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                if !valid {
                    return Err(self.error(
                        spot,
                        format!("`{name}` is not a package name: a letter, then letters, digits, `-` or `_`"),
                    ));
                }
                Some(name)
            }
            None => None,
        };
        let version = match raw.version {
            Some(version) => {
                let spot = self.spot(&["package", "version"], &version);
                let version = version.into_inner();
                if !is_version(&version) {
                    return Err(self.error(
                        spot,
                        format!("`{version}` is not a version of the form `1.2.3` (with an optional `-pre` and `+build`)"),
                    ));
                }
                Some(version)
            }
            None => None,
        };
        let description = match raw.description {
            Some(description) => {
                let spot = self.spot(&["package", "description"], &description);
                let description = description.into_inner();
                if description.trim().is_empty() || description.contains(['\n', '\r']) {
                    return Err(self.error(spot, "a description is one line of text".to_owned()));
                }
                Some(description)
            }
            None => None,
        };
        Ok(Package {
            name,
            version,
            description,
        })
    }
}

/// A semantic version: three numbers without leading zeros, then an optional pre-release and
/// build of dot-separated alphanumeric identifiers.
fn is_version(version: &str) -> bool {
    let (version, build) = match version.split_once('+') {
        Some((version, build)) => (version, Some(build)),
        None => (version, None),
    };
    let (core, pre) = match version.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (version, None),
    };
    let identifiers = |s: &str| {
        s.split('.').all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    };
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers.iter().all(|n| {
            !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit())
                && (n.len() == 1 || !n.starts_with('0'))
        })
        && pre.is_none_or(identifiers)
        && build.is_none_or(identifiers)
}

/// The path serde reports, without the markers of `Spanned` values.
fn clean_path(path: &serde_path_to_error::Path) -> Option<String> {
    let segments: Vec<String> = path
        .iter()
        .map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => index.to_string(),
            serde_path_to_error::Segment::Map { key: k } => key(k),
            serde_path_to_error::Segment::Enum { variant } => key(variant),
            serde_path_to_error::Segment::Unknown => "?".to_owned(),
        })
        .filter(|segment| !segment.contains("$__serde_spanned"))
        .collect();
    (!segments.is_empty()).then(|| segments.join("."))
}

pub(super) fn parse(file: &str, text: &str) -> Result<Config, Error> {
    let reader = Reader { file, text };
    let raw: File =
        serde_path_to_error::deserialize(toml::Deserializer::new(text)).map_err(|error| {
            let path = clean_path(error.path());
            let inner = error.into_inner();
            Error {
                file: file.to_owned(),
                location: inner.span().map(|span| location(text, span.start)),
                pointer: path,
                message: inner.message().trim_end().replace('\n', ": "),
            }
        })?;
    let fields = {
        let mut out: Vec<FieldRename> = Vec::new();
        for (schema, properties) in raw.rename.fields {
            for (property, to) in properties {
                let spot = reader.spot(&["rename", "fields", &schema, &property], &to);
                let to = to.into_inner();
                super::check_identifier(&to, Kind::Field)
                    .map_err(|m| reader.error(spot.clone(), m))?;
                if let Some(other) = out.iter().find(|r| r.schema == schema && r.to == to) {
                    return Err(reader.error(
                        spot,
                        format!("`{to}` is also the name given to `{}`", other.property),
                    ));
                }
                out.push(FieldRename {
                    schema: schema.clone(),
                    property,
                    to,
                    spot,
                });
            }
        }
        out
    };
    Ok(Config {
        file: file.to_owned(),
        package: reader.package(raw.package)?,
        subset: Subset {
            tags: reader.names("tags", raw.generate.tags),
            operations: reader.names("operations", raw.generate.operations),
            exclude_tags: reader.names("exclude-tags", raw.generate.exclude_tags),
            exclude_operations: reader.names("exclude-operations", raw.generate.exclude_operations),
        },
        renames: Renames {
            operations: reader.renames("operations", Kind::Method, raw.rename.operations)?,
            types: reader.renames("types", Kind::Type, raw.rename.types)?,
            fields,
        },
    })
}

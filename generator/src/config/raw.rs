//! The file as serde reads it, with the span of every value, turned into [`Config`].

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{
    Config, Conventions, Dependency, Derived, Derives, FieldRename, Kind, Named, Package, Paging,
    PagingDecision, Rename, Renames, SchemaDerives, Spot, Subset, TypeOverride, TypeOverrides,
};
use crate::Error;
use crate::ir::Derive;
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
    #[serde(default)]
    types: RawTypes,
    #[serde(default)]
    dependencies: BTreeMap<String, RawDependency>,
    #[serde(default)]
    derives: RawDerives,
    #[serde(default)]
    paging: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    streams: BTreeMap<String, Spanned<bool>>,
    #[serde(default)]
    conventions: RawConventions,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConventions {
    #[serde(default)]
    notice_headers: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDerives {
    #[serde(default)]
    all: Vec<Spanned<String>>,
    #[serde(default)]
    schemas: BTreeMap<String, Vec<Spanned<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawTypes {
    #[serde(default)]
    formats: BTreeMap<String, RawOverride>,
    #[serde(default)]
    schemas: BTreeMap<String, RawOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    #[serde(rename = "type")]
    path: Spanned<String>,
    example: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDependency {
    version: Spanned<String>,
    #[serde(default)]
    features: Vec<Spanned<String>>,
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

    fn dependencies(&self, raw: BTreeMap<String, RawDependency>) -> Result<Vec<Dependency>, Error> {
        let mut out = Vec::with_capacity(raw.len());
        for (name, dependency) in raw {
            let spot = self.spot(&["dependencies", &name, "version"], &dependency.version);
            if !is_package_name(&name) {
                return Err(self.error(
                    spot,
                    format!(
                        "`{name}` is not a package name: a letter, then letters, digits, `-` or `_`"
                    ),
                ));
            }
            let rust_name = name.replace('-', "_");
            if super::CRATE_DEPENDENCIES
                .iter()
                .any(|own| own.replace('-', "_") == rust_name)
            {
                return Err(self.error(
                    spot,
                    format!("the generated crate depends on `{name}` already, with the version its runtime needs"),
                ));
            }
            let version = dependency.version.into_inner();
            if !is_requirement(&version) {
                return Err(self.error(
                    spot,
                    format!(
                        "`{version}` is not a version requirement (`1`, `^1.2`, `>=0.8, <0.10`)"
                    ),
                ));
            }
            let mut features = Vec::with_capacity(dependency.features.len());
            for (index, feature) in dependency.features.into_iter().enumerate() {
                let spot = self.spot(
                    &["dependencies", &name, "features", &index.to_string()],
                    &feature,
                );
                let feature = feature.into_inner();
                let valid = !feature.is_empty()
                    && feature.chars().all(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.' | '/')
                    });
                if !valid {
                    return Err(self.error(spot, format!("`{feature}` is not a feature name")));
                }
                features.push(feature);
            }
            out.push(Dependency {
                name,
                version,
                features,
                spot,
            });
        }
        Ok(out)
    }

    fn overrides(
        &self,
        section: &str,
        raw: BTreeMap<String, RawOverride>,
        dependencies: &[Dependency],
    ) -> Result<Vec<TypeOverride>, Error> {
        let mut out = Vec::with_capacity(raw.len());
        for (key, given) in raw {
            let spot = self.spot(&["types", section, &key, "type"], &given.path);
            let path = given.path.into_inner().trim().to_owned();
            super::check_type_path(&path, dependencies).map_err(|m| self.error(spot.clone(), m))?;
            let example = match given.example {
                Some(example) => {
                    let at = self.spot(&["types", section, &key, "example"], &example);
                    let example = example.into_inner().trim().to_owned();
                    super::check_example(&example).map_err(|m| self.error(at, m))?;
                    Some(example)
                }
                None => None,
            };
            out.push(TypeOverride {
                key,
                path,
                example,
                spot,
            });
        }
        Ok(out)
    }

    fn derived(&self, path: &[&str], raw: Vec<Spanned<String>>) -> Result<Vec<Derived>, Error> {
        let mut out: Vec<Derived> = Vec::with_capacity(raw.len());
        for (index, name) in raw.into_iter().enumerate() {
            let index = index.to_string();
            let mut key = path.to_vec();
            key.push(&index);
            let spot = self.spot(&key, &name);
            let name = name.into_inner();
            let Some(derive) = Derive::ALL.into_iter().find(|d| d.name() == name) else {
                let message = if ["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"]
                    .contains(&name.as_str())
                {
                    format!("every model derives `{name}` already")
                } else {
                    format!(
                        "`{name}` is not a trait the generator can derive; one of `Eq`, `Hash`, `PartialOrd`, `Ord`"
                    )
                };
                return Err(self.error(spot, message));
            };
            if out.iter().any(|d| d.derive == derive) {
                return Err(self.error(spot, format!("`{name}` is listed twice")));
            }
            out.push(Derived { derive, spot });
        }
        Ok(out)
    }

    fn derives(&self, raw: RawDerives) -> Result<Derives, Error> {
        let mut schemas = Vec::with_capacity(raw.schemas.len());
        for (schema, derives) in raw.schemas {
            let derives = self.derived(&["derives", "schemas", &schema], derives)?;
            schemas.push(SchemaDerives { schema, derives });
        }
        Ok(Derives {
            all: self.derived(&["derives", "all"], raw.all)?,
            schemas,
        })
    }

    fn paging(&self, raw: BTreeMap<String, Spanned<toml::Value>>) -> Result<Vec<Paging>, Error> {
        let mut out = Vec::with_capacity(raw.len());
        for (operation, value) in raw {
            let spot = Spot {
                location: location(self.text, value.span().start),
                key: format!("paging.{}", key(&operation)),
            };
            let decision = match value.into_inner() {
                toml::Value::Boolean(false) => PagingDecision::Off,
                toml::Value::Table(table) => {
                    if let Some(unknown) = table
                        .keys()
                        .find(|k| !["type", "inputs", "outputs"].contains(&k.as_str()))
                    {
                        return Err(self.error(
                            spot,
                            format!("unknown key `{unknown}`, expected one of `type`, `inputs`, `outputs` (the form of `x-speakeasy-pagination`)"),
                        ));
                    }
                    if !table.get("type").is_some_and(toml::Value::is_str) {
                        return Err(self.error(
                            spot,
                            "a declared pagination has a `type`: `cursor`, `offsetLimit` or `url`"
                                .to_owned(),
                        ));
                    }
                    PagingDecision::Declared(json(toml::Value::Table(table)))
                }
                _ => {
                    return Err(self.error(
                        spot,
                        "`false` (not paged) or a table in the form of `x-speakeasy-pagination`"
                            .to_owned(),
                    ));
                }
            };
            out.push(Paging {
                operation,
                decision,
                spot,
            });
        }
        Ok(out)
    }

    fn streams(&self, raw: BTreeMap<String, Spanned<bool>>) -> Result<Vec<Named>, Error> {
        let mut out = Vec::with_capacity(raw.len());
        for (operation, value) in raw {
            let spot = Spot {
                location: location(self.text, value.span().start),
                key: format!("streams.{}", key(&operation)),
            };
            if value.into_inner() {
                return Err(self.error(
                    spot,
                    "an operation streams where its responses say so; only `false` (read whole) is a decision"
                        .to_owned(),
                ));
            }
            out.push(Named {
                name: operation,
                spot,
            });
        }
        Ok(out)
    }

    fn conventions(&self, raw: RawConventions) -> Result<Conventions, Error> {
        let mut notice_headers: Vec<String> = Vec::with_capacity(raw.notice_headers.len());
        for (index, name) in raw.notice_headers.into_iter().enumerate() {
            let spot = self.spot(
                &["conventions", "notice-headers", &index.to_string()],
                &name,
            );
            let name = name.into_inner().to_ascii_lowercase();
            // An HTTP token (RFC 9110): what a header name may hold.
            let token = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
            if !token {
                return Err(self.error(spot, format!("`{name}` is not a header name")));
            }
            if ["deprecation", "sunset"].contains(&name.as_str()) {
                return Err(self.error(
                    spot,
                    format!("`{name}` is a standard notice header, read always"),
                ));
            }
            if notice_headers.contains(&name) {
                return Err(self.error(spot, format!("`{name}` is listed twice")));
            }
            notice_headers.push(name);
        }
        Ok(Conventions { notice_headers })
    }

    fn package(&self, raw: RawPackage) -> Result<Package, Error> {
        let name = match raw.name {
            Some(name) => {
                let spot = self.spot(&["package", "name"], &name);
                let name = name.into_inner();
                if !is_package_name(&name) {
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

/// A TOML value as the JSON of the extension it stands for.
fn json(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s),
        toml::Value::Integer(n) => n.into(),
        toml::Value::Float(n) => n.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => items.into_iter().map(json).collect(),
        toml::Value::Table(table) => table.into_iter().map(|(k, v)| (k, json(v))).collect(),
    }
}

/// A package name Cargo takes: a letter, then letters, digits, `-` and `_`.
fn is_package_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A version requirement Cargo takes: comma-separated comparisons, each an optional operator
/// and a version of one to three numbers (the last may be `*`) with an optional pre-release.
fn is_requirement(requirement: &str) -> bool {
    requirement.split(',').all(|part| {
        let part = part.trim();
        let version = ["<=", ">=", "^", "~", "=", "<", ">"]
            .iter()
            .find_map(|op| part.strip_prefix(op))
            .unwrap_or(part)
            .trim();
        if version == "*" {
            return true;
        }
        let (core, pre) = match version.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (version, None),
        };
        let numbers: Vec<&str> = core.split('.').collect();
        let last = numbers.len() - 1;
        (1..=3).contains(&numbers.len())
            && numbers.iter().enumerate().all(|(i, n)| {
                (i == last && *n == "*") || !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
            })
            && pre.is_none_or(|pre| {
                !pre.is_empty()
                    && pre
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            })
    })
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
    let dependencies = reader.dependencies(raw.dependencies)?;
    Ok(Config {
        file: file.to_owned(),
        types: TypeOverrides {
            formats: reader.overrides("formats", raw.types.formats, &dependencies)?,
            schemas: reader.overrides("schemas", raw.types.schemas, &dependencies)?,
        },
        dependencies,
        derives: reader.derives(raw.derives)?,
        paging: reader.paging(raw.paging)?,
        unstreamed: reader.streams(raw.streams)?,
        conventions: reader.conventions(raw.conventions)?,
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

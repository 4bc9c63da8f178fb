//! The traits a configuration asks models to derive (`[derives]`): given to every struct and
//! union, or to a component schema's model and every model it holds, and checked against
//! what the fields are, so that a derive that cannot hold (`Eq` beside an `f64`) is an error
//! at the configuration's key rather than a crate that does not compile.

use std::collections::BTreeMap;

use super::refs::component_pointer;
use super::{Result, fail_config};
use crate::config::{Config, Derived, Spot};
use crate::ir::model::*;

/// Sets [`TypeDef::derives`] of every struct and union as `config` asks.
pub(super) fn apply(api: &mut Api, config: &Config) -> Result<()> {
    let derives = &config.derives;
    if derives.all.is_empty() && derives.schemas.is_empty() {
        return Ok(());
    }
    let types = &api.types;
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let derivable = |def: &TypeDef| matches!(def.kind, TypeKind::Struct(_) | TypeKind::Union(_));
    // For each type, each derive asked of it and the key that asks.
    let mut asked: Vec<BTreeMap<Derive, &Spot>> = vec![BTreeMap::new(); types.len()];
    for (at, def) in types.iter().enumerate() {
        if derivable(def) {
            ask(&mut asked[at], &derives.all);
        }
    }
    for schema in &derives.schemas {
        let origin = component_pointer("schemas", &schema.schema);
        // A model a subset of the operations leaves out has nothing to derive.
        let Some(start) = types.iter().position(|t| t.origin == origin) else {
            continue;
        };
        let mut seen = vec![false; types.len()];
        let mut stack = vec![start];
        while let Some(at) = stack.pop() {
            if std::mem::replace(&mut seen[at], true) {
                continue;
            }
            if derivable(&types[at]) {
                ask(&mut asked[at], &schema.derives);
            }
            held(&types[at].kind, &mut |ty| {
                named_in(ty, &mut |name| {
                    if let Some(&next) = index.get(name) {
                        stack.push(next);
                    }
                });
            });
        }
    }
    let derives_of = |name: &str, derive: Derive| {
        index
            .get(name)
            .is_some_and(|&at| asked[at].contains_key(&derive))
    };
    for (at, def) in types.iter().enumerate() {
        for (&derive, spot) in &asked[at] {
            let reason = match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .find_map(|f| {
                        let reason = if f.presence == Presence::OptionalNullable
                            && matches!(derive, Derive::PartialOrd | Derive::Ord)
                        {
                            Some("optional and nullable (`Patch`), which has no order".to_owned())
                        } else {
                            lacks(&f.ty, derive, types, &derives_of)
                        };
                        reason.map(|r| format!("its field `{}` is {r}", f.name))
                    })
                    .or_else(|| {
                        let additional = s.additional.as_ref()?;
                        let reason = lacks(additional, derive, types, &derives_of)?;
                        Some(format!("its additional properties are each {reason}"))
                    }),
                TypeKind::Union(u) => u.variants.iter().find_map(|v| {
                    let reason = lacks(&v.ty, derive, types, &derives_of)?;
                    Some(format!("its variant `{}` is {reason}", v.name))
                }),
                _ => None,
            };
            if let Some(reason) = reason {
                return fail_config(
                    spot,
                    format!(
                        "`{}` cannot be derived for `{}`: {reason}",
                        derive.name(),
                        def.name
                    ),
                );
            }
        }
    }
    for (def, asked) in api.types.iter_mut().zip(asked) {
        def.derives = asked.into_keys().collect();
    }
    Ok(())
}

/// Records the derives `given` asks for (with those they need), each at the first key that
/// asks for it.
fn ask<'c>(asked: &mut BTreeMap<Derive, &'c Spot>, given: &'c [Derived]) {
    for derived in given {
        for derive in needs(derived.derive) {
            asked.entry(derive).or_insert(&derived.spot);
        }
    }
}

/// The derives `derive` needs beside itself: `Ord` needs `Eq` and `PartialOrd`.
fn needs(derive: Derive) -> Vec<Derive> {
    match derive {
        Derive::Ord => vec![Derive::Eq, Derive::PartialOrd, Derive::Ord],
        other => vec![other],
    }
}

/// Calls `visit` with every type a type's definition holds.
fn held(kind: &TypeKind, visit: &mut dyn FnMut(&TypeRef)) {
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| visit(&f.ty));
            s.additional.iter().for_each(&mut *visit);
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| visit(&v.ty)),
        TypeKind::Alias(target) => visit(target),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
    }
}

/// Calls `visit` with the name of every model `ty` holds.
fn named_in(ty: &TypeRef, visit: &mut dyn FnMut(&str)) {
    match ty {
        TypeRef::Named(name) => visit(name),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => named_in(inner, visit),
        TypeRef::Tuple(items) => items.iter().for_each(|item| named_in(item, visit)),
        _ => {}
    }
}

/// Why a value of `ty` does not implement `derive`, or `None` where it does. A type of
/// another crate is taken to implement what its configuration asks of it.
fn lacks(
    ty: &TypeRef,
    derive: Derive,
    types: &[TypeDef],
    derives_of: &dyn Fn(&str, Derive) -> bool,
) -> Option<String> {
    let ordered = matches!(derive, Derive::PartialOrd | Derive::Ord);
    match ty {
        TypeRef::F32 | TypeRef::F64 if derive != Derive::PartialOrd => Some(format!(
            "a floating-point number (`{}`), which has no {}",
            if *ty == TypeRef::F32 { "f32" } else { "f64" },
            match derive {
                Derive::Hash => "hash",
                Derive::Ord => "total order",
                _ => "total equality",
            }
        )),
        TypeRef::Binary if derive != Derive::Eq => Some(format!(
            "a file (`Upload`), which has no `{}`",
            derive.name()
        )),
        TypeRef::Json if ordered => {
            Some("any JSON value (`serde_json::Value`), which has no order".to_owned())
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) => lacks(inner, derive, types, derives_of),
        TypeRef::Tuple(items) => items
            .iter()
            .find_map(|item| lacks(item, derive, types, derives_of)),
        TypeRef::Named(name) => {
            let def = types.iter().find(|t| &t.name == name)?;
            match &def.kind {
                TypeKind::Alias(target) => lacks(target, derive, types, derives_of),
                TypeKind::Enum(_) | TypeKind::IntEnum(_) => None,
                TypeKind::Struct(_) | TypeKind::Union(_) => (!derives_of(name, derive)).then(|| {
                    format!(
                        "the model `{name}`, which does not derive it (give it in `derives.schemas`)"
                    )
                }),
            }
        }
        _ => None,
    }
}

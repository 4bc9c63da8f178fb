//! API change reports: what changed between two versions of the generated API, and whether each
//! change breaks code written against the old one.
//!
//! The comparison is on [`ApiItem`]s, the lines of `API.txt` (`crate::listing`), never on the
//! spec's YAML: emission lists them from the IR ([`ApiItem::list`], in `emit/listing.rs`, beside
//! the file they make up) and [`parse_listing`] reads them back from a written `API.txt`. So a report can be
//! made between two specs ([`report`]) or against the previously generated crate
//! ([`report_against_listing`], [`report_between_listings`]), with the same result. The
//! dependencies run with the pipeline: the diff reads what emission lists; emission knows
//! nothing of the diff.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::Api;
use crate::listing::{
    ApiItem, NOTE_BUILDER, NOTE_DEFAULT, NOTE_ERROR, NOTE_FEATURE, NOTE_REQUEST, key_parts,
    parse_listing,
};

impl ApiItem {
    /// Whether the item's Rust type is an `Option` or a `Patch` (for fields), which a caller may
    /// leave unset.
    fn is_optional(&self) -> bool {
        self.signature.starts_with(": Option<") || self.signature.starts_with(": Patch<")
    }

    /// The lists of features the item needs one of each of; none if it is always compiled.
    fn feature_lists(&self) -> Vec<BTreeSet<&str>> {
        self.notes
            .iter()
            .filter_map(|note| {
                let list = note.strip_prefix(NOTE_FEATURE)?.strip_suffix(']')?;
                Some(list.split(", ").collect())
            })
            .collect()
    }

    /// Notes whose change breaks callers (but [`NOTE_FEATURE`], compared by
    /// [`Self::feature_lists`]).
    fn api_notes(&self) -> impl Iterator<Item = &str> {
        self.notes.iter().map(String::as_str).filter(|n| {
            *n == NOTE_DEFAULT || n.starts_with(NOTE_ERROR) || n.starts_with(NOTE_BUILDER)
        })
    }
}

/// The key of the item owning a member (`struct X` for `struct X.f`), if it is a member.
fn owner_key(key: &str) -> Option<&str> {
    let (kind, rest) = key.split_once(' ')?;
    rest.find(['.', ':']).map(|i| &key[..kind.len() + 1 + i])
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// It is gone.
    Removed,
    /// Its signature or notes differ.
    Changed,
    /// It is new.
    Added,
}

/// What a change means for code written against the old API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Such code may stop compiling, or silently mean something else: a major version bump.
    Breaking,
    /// Such code keeps compiling and working: new items, or informational changes such as a
    /// route, a deprecation or a parameter's wire name.
    Additive,
}

/// One API change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// Breaking or additive.
    pub severity: Severity,
    /// The item's key, e.g. `struct WebhookResponse.active`.
    pub key: String,
    /// The item before, unless added.
    pub old: Option<ApiItem>,
    /// The item after, unless removed.
    pub new: Option<ApiItem>,
}

/// The changes from `old` to `new`, in item order.
///
/// Members of an added or removed owner (the parameters of a removed operation, the fields of a
/// new struct) are folded into the owner's change rather than listed one by one.
///
/// - removed: always breaking;
/// - added: additive, except a required field of a struct sent in requests (callers building it
///   must now set it), and a variant of a union or per-status error enum (exhaustive matches on
///   it stop compiling; string enums have an `Unknown` catch-all, so their new variants are
///   additive);
/// - changed: breaking if the signature changed (a type, `Option`-ness, arguments, return type,
///   an enum value's wire string), or if the error type, the builder type or a `Default` impl
///   changed or went away, or if fewer features compile it (a feature left its gate, or an item
///   always compiled became gated); otherwise (route, location, deprecation, gaining `Default`
///   or a feature) additive.
pub fn diff(old: &[ApiItem], new: &[ApiItem]) -> Vec<Change> {
    let old: BTreeMap<&str, &ApiItem> = old.iter().map(|item| (item.key.as_str(), item)).collect();
    let new: BTreeMap<&str, &ApiItem> = new.iter().map(|item| (item.key.as_str(), item)).collect();
    let removed: BTreeSet<&str> = old
        .keys()
        .copied()
        .filter(|key| !new.contains_key(key))
        .collect();
    let added: BTreeSet<&str> = new
        .keys()
        .copied()
        .filter(|key| !old.contains_key(key))
        .collect();
    let folded = |key: &str, owners: &BTreeSet<&str>| {
        owner_key(key).is_some_and(|owner| owners.contains(owner))
    };

    let mut changes = Vec::new();
    for (&key, &before) in &old {
        match new.get(key) {
            None if folded(key, &removed) => {}
            None => changes.push(Change {
                kind: ChangeKind::Removed,
                severity: Severity::Breaking,
                key: key.to_owned(),
                old: Some(before.clone()),
                new: None,
            }),
            Some(&after) if after != before => changes.push(Change {
                kind: ChangeKind::Changed,
                severity: changed_severity(before, after),
                key: key.to_owned(),
                old: Some(before.clone()),
                new: Some(after.clone()),
            }),
            Some(_) => {}
        }
    }
    for &key in &added {
        if folded(key, &added) {
            continue;
        }
        let after = new[key];
        changes.push(Change {
            kind: ChangeKind::Added,
            severity: added_severity(after, &new),
            key: key.to_owned(),
            old: None,
            new: Some(after.clone()),
        });
    }
    changes.sort_by(|a, b| {
        key_parts(&a.key)
            .cmp(&key_parts(&b.key))
            .then_with(|| a.key.cmp(&b.key))
    });
    changes
}

fn added_severity(item: &ApiItem, new: &BTreeMap<&str, &ApiItem>) -> Severity {
    let (kind, _, member) = item.key_parts();
    let owner = owner_key(&item.key).and_then(|key| new.get(key));
    let breaking = match kind {
        "struct" => {
            !item.is_optional() && owner.is_some_and(|o| o.notes.iter().any(|n| n == NOTE_REQUEST))
        }
        // A new variant of an enum callers match on.
        "union" | "error" | "response" | "webhook" => !member.is_empty(),
        _ => false,
    };
    if breaking {
        Severity::Breaking
    } else {
        Severity::Additive
    }
}

fn changed_severity(old: &ApiItem, new: &ApiItem) -> Severity {
    let lost_api_note = old
        .api_notes()
        .any(|note| !new.api_notes().any(|n| n == note));
    // Some callers' features compiled the item and no longer do, unless every list it now
    // needs one of is implied by one it needed before (holds all its features).
    let old_lists = old.feature_lists();
    let lost_feature = new
        .feature_lists()
        .iter()
        .any(|list| !old_lists.iter().any(|before| before.is_subset(list)));
    if old.signature != new.signature || lost_api_note || lost_feature {
        Severity::Breaking
    } else {
        Severity::Additive
    }
}

/// The report: a summary line (`2 breaking, 3 additive changes`, or `no API changes`), then the
/// breaking changes, then the additive ones, each group removed / changed / added.
pub fn render(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no API changes\n".to_owned();
    }
    let count = |severity| changes.iter().filter(|c| c.severity == severity).count();
    let (breaking, additive) = (count(Severity::Breaking), count(Severity::Additive));
    let plural = if changes.len() == 1 { "" } else { "s" };
    let mut out = format!("{breaking} breaking, {additive} additive change{plural}\n");
    for (severity, title) in [
        (Severity::Breaking, "breaking:"),
        (Severity::Additive, "additive:"),
    ] {
        let mut group: Vec<&Change> = changes.iter().filter(|c| c.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        group.sort_by_key(|c| c.kind);
        out.push('\n');
        out.push_str(title);
        out.push('\n');
        for change in group {
            let line =
                |item: &Option<ApiItem>| item.as_ref().map(ToString::to_string).unwrap_or_default();
            match change.kind {
                ChangeKind::Removed => out.push_str(&format!("  removed {}\n", line(&change.old))),
                ChangeKind::Added => out.push_str(&format!("  added   {}\n", line(&change.new))),
                ChangeKind::Changed => {
                    out.push_str(&format!("  changed {}\n", line(&change.old)));
                    out.push_str(&format!("       to {}\n", line(&change.new)));
                }
            }
        }
    }
    out
}

/// The report between two APIs (e.g. two specs' IRs).
pub fn report(old: &Api, new: &Api) -> String {
    render(&diff(&ApiItem::list(old), &ApiItem::list(new)))
}

/// The report from a previously written `API.txt` to the API about to be generated.
pub fn report_against_listing(old_listing: &str, new: &Api) -> String {
    render(&diff(&parse_listing(old_listing), &ApiItem::list(new)))
}

/// The report between two `API.txt` texts, e.g. the one on disk and the one just generated.
pub fn report_between_listings(old_listing: &str, new_listing: &str) -> String {
    render(&diff(
        &parse_listing(old_listing),
        &parse_listing(new_listing),
    ))
}

#[cfg(test)]
mod tests;

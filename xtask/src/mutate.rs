//! Mutants of specs: small random edits of a spec's document (delete a key, change a node's type,
//! insert a `$ref`, rename or duplicate a key), each fully determined by a seed, and what the
//! generator makes of each one.
//!
//! The generator must refuse a broken mutant with a located error, or generate a whole crate
//! from it; it must never panic. `tests/mutation.rs` checks every mutant of the fixture specs;
//! `cargo xtask fixtures` compiles a fixed sample of the ones that generate.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use generator::{File, Options};
use serde_json::{Map, Value};

/// The seed every mutant seed is derived from.
pub const SEED: u64 = 0x5EED_0A5A_2024_0008;
/// Mutants made from each spec.
pub const PER_SPEC: u64 = 20;
/// How many mutants that generate `cargo xtask fixtures` compiles.
pub const SAMPLE: usize = 8;

/// SplitMix64: tiny, fast and the same on every machine; plenty for choosing edits.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; `n` must not be 0.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One of `items`, which must not be empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One step of a path into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A path into the document, shown as a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer(Vec<Step>);

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("#")?;
        for step in &self.0 {
            match step {
                Step::Key(key) => write!(f, "/{}", key.replace('~', "~0").replace('/', "~1"))?,
                Step::Index(index) => write!(f, "/{index}")?,
            }
        }
        Ok(())
    }
}

/// One edit of a spec.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// The node is removed from its mapping or list.
    Delete(Pointer),
    /// The node is replaced by a node of another kind.
    Retype {
        /// The node.
        at: Pointer,
        /// Its kind before.
        from: &'static str,
        /// The node put in its place.
        to: Value,
    },
    /// The node is replaced by, or given, a `$ref`.
    Ref {
        /// The node.
        at: Pointer,
        /// The reference.
        target: String,
        /// The node's other keys stay beside the `$ref`.
        keep_siblings: bool,
    },
    /// A key of a mapping gets another name (perhaps a sibling's, which it then replaces).
    Rename {
        /// The entry.
        at: Pointer,
        /// The new key.
        to: String,
    },
    /// A key is added to a mapping (or replaces the one of that name).
    Insert {
        /// The mapping.
        at: Pointer,
        /// The key.
        key: String,
        /// Its value.
        value: Value,
    },
    /// A line of the spec's text is written twice: a duplicate key, or a duplicate list item.
    DuplicateLine {
        /// 1-based line number.
        line: usize,
        /// The line.
        text: String,
    },
}

impl fmt::Display for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Edit::Delete(at) => write!(f, "delete {at}"),
            Edit::Retype { at, from, to } => write!(f, "replace the {from} at {at} with {to}"),
            Edit::Ref {
                at,
                target,
                keep_siblings: false,
            } => write!(f, "replace {at} with `$ref: {target}`"),
            Edit::Ref { at, target, .. } => write!(f, "add `$ref: {target}` to {at}"),
            Edit::Rename { at, to } => write!(f, "rename {at} to `{to}`"),
            Edit::Insert { at, key, value } => write!(f, "insert `{key}: {value}` into {at}"),
            Edit::DuplicateLine { line, text } => {
                write!(f, "write line {line} twice: `{}`", text.trim())
            }
        }
    }
}

/// A spec with a few edits.
#[derive(Debug, Clone)]
pub struct Mutant {
    /// How the original spec is named, e.g. `tests/fixtures/specs/unions.yaml`.
    pub spec: String,
    /// The seed that made it: the same spec and seed make the same mutant.
    pub seed: u64,
    /// What was changed, in order.
    pub edits: Vec<Edit>,
    /// The mutated spec, as YAML.
    pub text: String,
}

impl fmt::Display for Mutant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} mutated with seed {:#x}: ", self.spec, self.seed)?;
        for (i, edit) in self.edits.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{edit}")?;
        }
        Ok(())
    }
}

/// Keys worth inserting or renaming to: the ones the generator reads.
const KEYS: &[&str] = &[
    "type",
    "$ref",
    "properties",
    "items",
    "required",
    "nullable",
    "enum",
    "allOf",
    "oneOf",
    "anyOf",
    "additionalProperties",
    "format",
    "readOnly",
    "deprecated",
    "schema",
    "in",
    "name",
    "content",
    "responses",
    "requestBody",
    "parameters",
    "tags",
    "security",
    "default",
    "data",
    "next_page",
    "offset",
    "limit",
    "self",
    "Self",
];

impl Mutant {
    /// Mutates the spec `text` (named `spec`) as `seed` says: one to three edits of its document,
    /// written back as YAML. `None` if the spec does not load, so there is nothing to mutate.
    pub fn new(spec: &str, text: &str, seed: u64) -> Option<Mutant> {
        let loaded = generator::load::load(spec, text).ok()?;
        // A 3.1 document is mutated as written, not as the 3.0 it is read as.
        let mut document = if loaded.version.starts_with("3.0") {
            loaded.raw
        } else {
            generator::load::parse(spec, text).ok()?
        };
        let mut rng = Rng::new(seed);
        let count = match rng.below(10) {
            0 => 3,
            1 | 2 => 2,
            _ => 1,
        };
        let mut edits = Vec::new();
        let mut duplicate_line = false;
        for _ in 0..count {
            if rng.below(12) == 0 {
                duplicate_line = true;
            } else if let Some(edit) = edit(&mut document, &mut rng) {
                edits.push(edit);
            }
        }
        let mut text = serde_yaml::to_string(&document).ok()?;
        if duplicate_line {
            let candidates: Vec<usize> = text
                .lines()
                .enumerate()
                .filter(|(_, line)| line.contains(':') && !line.trim().is_empty())
                .map(|(i, _)| i)
                .collect();
            if !candidates.is_empty() {
                let index = *rng.pick(&candidates);
                let mut lines: Vec<&str> = text.lines().collect();
                let line = lines[index].to_owned();
                lines.insert(index, &line);
                text = lines.join("\n") + "\n";
                edits.push(Edit::DuplicateLine {
                    line: index + 1,
                    text: line,
                });
            }
        }
        Some(Mutant {
            spec: spec.to_owned(),
            seed,
            edits,
            text,
        })
    }

    /// The mutants of one spec: [`PER_SPEC`] of them, with seeds derived from [`SEED`] and the
    /// spec's name (so adding a spec changes no other spec's mutants).
    pub fn of_spec(spec: &str, text: &str) -> Vec<Mutant> {
        // FNV-1a of the name.
        let name_hash = spec.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        let mut seeds = Rng::new(SEED ^ name_hash);
        (0..PER_SPEC)
            .filter_map(|_| Mutant::new(spec, text, seeds.next_u64()))
            .collect()
    }

    /// What the generator makes of this mutant, with `options`.
    pub fn outcome(&self, options: &Options) -> Outcome {
        let label = format!("mutant {:#x} of {}", self.seed, self.spec);
        let lines = self.text.lines().count() + 1;
        let run = catch_unwind(AssertUnwindSafe(|| {
            generator::build_ir(&label, &self.text).map(|api| {
                let files = generator::emit::emit(&api, options);
                (api, files)
            })
        }));
        match run {
            Err(payload) => Outcome::Panicked(panic_message(payload.as_ref())),
            Ok(Err(error))
                if error
                    .location
                    .is_some_and(|l| l.line == 0 || l.line > lines) =>
            {
                Outcome::Mislocated(error)
            }
            Ok(Err(error)) if error.pointer.is_some() || error.location.is_some() => {
                Outcome::Refused(error)
            }
            Ok(Err(error)) => Outcome::Unlocated(error),
            Ok(Ok((api, files))) => match missing_file(&api, &files) {
                Some(missing) => Outcome::Incomplete(format!("{missing} is missing")),
                None => Outcome::Generated(files),
            },
        }
    }
}

/// What the generator made of a mutant.
#[derive(Debug)]
pub enum Outcome {
    /// Refused with a located error, as it should be for a broken spec.
    Refused(generator::Error),
    /// Every file of the crate.
    Generated(Vec<File>),
    /// A defect: refused, but the error names no place in the spec.
    Unlocated(generator::Error),
    /// A defect: refused, naming a line the spec does not have.
    Mislocated(generator::Error),
    /// A defect: generated, but a file the crate needs is missing.
    Incomplete(String),
    /// A defect: the generator panicked, with this message.
    Panicked(String),
}

impl Outcome {
    /// Whether this outcome is a defect of the generator.
    pub fn is_defect(&self) -> bool {
        !matches!(self, Outcome::Refused(_) | Outcome::Generated(_))
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Refused(error) => write!(f, "refused: {error}"),
            Outcome::Generated(files) => write!(f, "generated {} files", files.len()),
            Outcome::Unlocated(error) => write!(f, "refused without a location: {error}"),
            Outcome::Mislocated(error) => {
                write!(f, "refused naming a line not in the spec: {error}")
            }
            Outcome::Incomplete(problem) => write!(f, "generated an incomplete crate: {problem}"),
            Outcome::Panicked(message) => write!(f, "panicked: {message}"),
        }
    }
}

/// Which file the crate needs is missing from the files of `api`, if one is.
fn missing_file(api: &generator::ir::Api, files: &[File]) -> Option<String> {
    let mut needed: Vec<String> = [
        "Cargo.toml",
        "API.txt",
        "rustfmt.toml",
        "src/lib.rs",
        "src/models.rs",
        "src/operations/mod.rs",
        "src/runtime/mod.rs",
    ]
    .map(String::from)
    .into();
    needed.extend(
        api.operations
            .iter()
            .map(|op| format!("src/operations/{}.rs", op.module)),
    );
    needed
        .into_iter()
        .find(|n| !files.iter().any(|f| f.path == *n))
}

/// The first file in which an emitter could not produce code and left a `compile_error!`.
pub fn unformatted_file(files: &[File]) -> Option<&str> {
    files
        .iter()
        .find(|f| f.contents.contains("compile_error!("))
        .map(|f| f.path.as_str())
}

/// The message a panic was raised with.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(a panic without a message)".into())
}

/// The specs mutants are made from: every fixture spec and the checked-in spec, as
/// (label, path), sorted.
pub fn inputs(root: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut inputs = crate::fixtures::specs(root)?;
    inputs.push((
        crate::codegen::SPEC.to_owned(),
        root.join(crate::codegen::SPEC),
    ));
    Ok(inputs)
}

/// Options for generating a mutant's crate.
pub fn options(mutant: &Mutant) -> Options {
    let stem = Path::new(&mutant.spec)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("spec")
        .replace('_', "-");
    Options {
        crate_name: format!("mutant-{stem}-{:016x}", mutant.seed),
        crate_version: "0.1.0".into(),
        spec_label: format!("{} mutated with seed {:#x}", mutant.spec, mutant.seed),
        command: crate::fixtures::COMMAND.into(),
        standalone: true,
    }
}

/// The fixed sample of mutants that `cargo xtask fixtures` compiles: of the mutants that
/// generate a crate whose public API differs from their spec's, [`SAMPLE`] evenly spread ones.
pub fn sample(root: &Path) -> Result<Vec<(Mutant, Vec<File>)>, String> {
    let mut candidates = Vec::new();
    for (label, path) in inputs(root)? {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{label}: {e}"))?;
        let Ok(own) = generator::generate(&label, &text, &crate::fixtures::options(&label)) else {
            continue;
        };
        for mutant in Mutant::of_spec(&label, &text) {
            if let Outcome::Generated(files) = mutant.outcome(&options(&mutant)) {
                if changes_api(&own, &files) {
                    candidates.push((mutant, files));
                }
            }
        }
    }
    Ok(spread(candidates))
}

/// Whether the crate `mutated` has another public API than `own` (their `API.txt` below the
/// header differ): a mutant worth compiling.
pub fn changes_api(own: &[File], mutated: &[File]) -> bool {
    let listing = |files: &[File]| {
        files
            .iter()
            .find(|f| f.path == "API.txt")
            .map(|f| f.contents.lines().skip(1).collect::<Vec<_>>().join("\n"))
    };
    listing(own) != listing(mutated)
}

/// [`SAMPLE`] of `candidates`, evenly spread over them.
pub fn spread<T>(candidates: Vec<T>) -> Vec<T> {
    let step = candidates.len().div_ceil(SAMPLE).max(1);
    candidates.into_iter().step_by(step).take(SAMPLE).collect()
}

/// Makes one random edit of `document`; `None` when the edit chosen has nothing to apply to.
fn edit(document: &mut Value, rng: &mut Rng) -> Option<Edit> {
    let mut nodes = Vec::new();
    collect(document, &mut Vec::new(), &mut nodes);
    if nodes.is_empty() {
        return None;
    }
    let at = rng.pick(&nodes).clone();
    match rng.below(11) {
        0..=2 => {
            remove(document, &at)?;
            Some(Edit::Delete(at))
        }
        3..=5 => {
            let node = get_mut(document, &at)?;
            let from = kind(node);
            let choices: Vec<Value> = [
                Value::String(scalar_text(node)),
                Value::from(scalar_text(node).parse::<i64>().unwrap_or(7)),
                Value::Object(Map::new()),
                Value::Array(vec![node.clone()]),
                Value::Null,
                Value::Bool(true),
            ]
            .into_iter()
            .filter(|v| kind(v) != from)
            .collect();
            let to = rng.pick(&choices).clone();
            *node = to.clone();
            Some(Edit::Retype { at, from, to })
        }
        6 | 7 => {
            let components = component_pointers(document);
            let mut targets = vec![
                "#/components/schemas/NotThere".to_owned(),
                at.to_string(),
                "other.yaml#/components/schemas/Elsewhere".to_owned(),
            ];
            if !components.is_empty() {
                targets.push(rng.pick(&components).clone());
                targets.push(rng.pick(&components).clone());
            }
            let target = rng.pick(&targets).clone();
            let node = get_mut(document, &at)?;
            let keep_siblings = node.is_object() && rng.below(2) == 0;
            if keep_siblings {
                node.as_object_mut()?
                    .insert("$ref".into(), Value::String(target.clone()));
            } else {
                *node = serde_json::json!({ "$ref": target });
            }
            Some(Edit::Ref {
                at,
                target,
                keep_siblings,
            })
        }
        8 => {
            let Some(Step::Key(key)) = at.0.last() else {
                return None;
            };
            let parent = get_mut(document, &Pointer(at.0[..at.0.len() - 1].to_vec()))?;
            let object = parent.as_object_mut()?;
            let siblings: Vec<String> = object.keys().filter(|k| *k != key).cloned().collect();
            let mut names = vec![
                key.to_uppercase(),
                format!("{key}_2"),
                (*rng.pick(KEYS)).to_owned(),
            ];
            if !siblings.is_empty() {
                names.push(rng.pick(&siblings).clone());
            }
            let to = rng.pick(&names).clone();
            let entries: Vec<(String, Value)> = std::mem::take(object).into_iter().collect();
            for (k, v) in entries {
                if k == *key {
                    object.insert(to.clone(), v);
                } else if k != to {
                    object.insert(k, v);
                }
            }
            Some(Edit::Rename { at, to })
        }
        _ => {
            let node = get_mut(document, &at)?;
            let object = node.as_object_mut()?;
            let key = (*rng.pick(KEYS)).to_owned();
            let values = [
                Value::Bool(true),
                Value::Null,
                Value::from(-1),
                Value::String("string".into()),
                Value::Array(Vec::new()),
                serde_json::json!(["self"]),
                Value::Object(Map::new()),
                serde_json::json!({ "type": "string" }),
                serde_json::json!({ "type": "object", "properties": { "self": { "type": "string" } } }),
            ];
            let value = rng.pick(&values).clone();
            object.insert(key.clone(), value.clone());
            Some(Edit::Insert { at, key, value })
        }
    }
}

/// Every node below the root, in document order.
fn collect(node: &Value, path: &mut Vec<Step>, out: &mut Vec<Pointer>) {
    let children: Vec<(Step, &Value)> = match node {
        Value::Object(map) => map.iter().map(|(k, v)| (Step::Key(k.clone()), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (Step::Index(i), v))
            .collect(),
        _ => return,
    };
    for (step, child) in children {
        path.push(step);
        out.push(Pointer(path.clone()));
        collect(child, path, out);
        path.pop();
    }
}

fn get_mut<'a>(node: &'a mut Value, at: &Pointer) -> Option<&'a mut Value> {
    at.0.iter().try_fold(node, |node, step| match step {
        Step::Key(key) => node.as_object_mut()?.get_mut(key),
        Step::Index(index) => node.as_array_mut()?.get_mut(*index),
    })
}

fn remove(document: &mut Value, at: &Pointer) -> Option<Value> {
    let (last, parent) = at.0.split_last()?;
    let parent = get_mut(document, &Pointer(parent.to_vec()))?;
    match last {
        Step::Key(key) => parent.as_object_mut()?.shift_remove(key),
        Step::Index(index) => {
            let items = parent.as_array_mut()?;
            (*index < items.len()).then(|| items.remove(*index))
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A scalar's text (`"mutant"` for lists and mappings).
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "mutant".into(),
    }
}

/// `#/components/<section>/<name>` of every component.
fn component_pointers(document: &Value) -> Vec<String> {
    let Some(components) = document.get("components").and_then(Value::as_object) else {
        return Vec::new();
    };
    components
        .iter()
        .filter_map(|(section, entries)| Some((section, entries.as_object()?)))
        .flat_map(|(section, entries)| {
            entries.keys().map(move |name| {
                Pointer(vec![
                    Step::Key("components".into()),
                    Step::Key(section.clone()),
                    Step::Key(name.clone()),
                ])
                .to_string()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_fixed() {
        let mut rng = Rng::new(0);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        // SplitMix64's published first outputs for seed 0.
        assert_eq!(
            first,
            [0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f]
        );
        assert!((0..1000).all(|_| rng.below(7) < 7));
    }

    const SPEC: &str = "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {self: {type: string}}}\n";

    #[test]
    fn the_same_seed_makes_the_same_mutant() {
        let a = Mutant::new("t.yaml", SPEC, 42).unwrap();
        let b = Mutant::new("t.yaml", SPEC, 42).unwrap();
        assert_eq!(a.text, b.text);
        assert_eq!(a.edits, b.edits);
        assert!(!a.edits.is_empty());
        let all = Mutant::of_spec("t.yaml", SPEC);
        assert_eq!(all.len() as u64, PER_SPEC);
        assert!(all.iter().any(|m| m.text != all[0].text));
    }

    #[test]
    fn edits_change_the_document_and_say_where() {
        let mut document = generator::load::load("t.yaml", SPEC).unwrap().raw;
        let at = Pointer(vec![
            Step::Key("components".into()),
            Step::Key("schemas".into()),
            Step::Key("A".into()),
            Step::Key("properties".into()),
            Step::Key("self".into()),
        ]);
        assert_eq!(at.to_string(), "#/components/schemas/A/properties/self");
        assert_eq!(
            remove(&mut document, &at),
            Some(serde_json::json!({"type": "string"}))
        );
        assert_eq!(
            document.pointer("/components/schemas/A/properties"),
            Some(&serde_json::json!({}))
        );
        assert_eq!(component_pointers(&document), ["#/components/schemas/A"]);
        let edit = Edit::Ref {
            at,
            target: "#/components/schemas/A".into(),
            keep_siblings: false,
        };
        assert_eq!(
            edit.to_string(),
            "replace #/components/schemas/A/properties/self with `$ref: #/components/schemas/A`"
        );
    }
}

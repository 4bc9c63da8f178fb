//! Pipeline benchmarks: load, lower (IR), emit and format, on the webhooks fragment
//! (`spec/webhooks.yaml`) and on the whole Asana spec (`../shared/upstream/asana_oas.yaml`,
//! relative to the workspace root; its benchmarks are skipped with a note when it is missing).
//!
//! Run with `cargo bench -p generator --bench pipeline` (about a minute on two cores, plus the build).
//!
//! - `load`: `generator::load::load` (YAML -> normalised JSON -> `openapiv3::OpenAPI`);
//! - `lower`: `generator::ir::lower` (-> IR);
//! - `emit`: `generator::emit::emit` (-> files), which includes formatting every Rust file;
//! - `format`: the formatting part of `emit` on its own: `syn::parse2::<syn::File>` followed by
//!   `prettyplease::unparse`, on the token streams of the `.rs` files `emit` generated (lexed
//!   outside the timed loop; the runtime files, copied verbatim, are left out). `emit` does the
//!   same per file (per item in `src/models.rs`) plus a cheap blank-line pass, so
//!   `emit - format` is roughly the cost of building the token streams (and `API.txt`).
//!   `format/parse` and `format/unparse` split it into syn and prettyplease;
//! - `generate`: `generator::generate`, all of the above in one call.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use generator::Options;
use proc_macro2::TokenStream;

/// The workspace root (this crate's parent directory).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator crate lives inside the workspace")
        .to_path_buf()
}

fn options(label: &str) -> Options {
    Options {
        crate_name: "bench-client".into(),
        crate_version: "0.1.0".into(),
        spec_label: label.into(),
        command: "cargo bench".into(),
        standalone: true,
    }
}

/// Whether `emit` formats this file: every `.rs` file but the runtime, which is copied verbatim.
fn is_formatted(file: &generator::File) -> bool {
    file.path.ends_with(".rs") && !file.path.starts_with("src/runtime/")
}

/// The token streams that `emit` formats, lexed back from its output.
fn emitted_token_streams(files: &[generator::File]) -> Vec<TokenStream> {
    files
        .iter()
        .filter(|f| is_formatted(f))
        .map(|f| {
            TokenStream::from_str(&f.contents)
                .unwrap_or_else(|e| panic!("{} does not lex: {e}", f.path))
        })
        .collect()
}

/// Benchmarks every stage on one spec, in group `name`.
fn bench_spec(c: &mut Criterion, name: &str, label: &str, text: &str, large: bool) {
    // Run everything once up front: checks the spec goes through, and gives each stage its input.
    let spec = generator::load::load(label, text).unwrap_or_else(|e| panic!("{e}"));
    let mut api = generator::ir::lower(&spec.document, &spec.targets)
        .unwrap_or_else(|e| panic!("{label}: {}: {}", e.pointer, e.message));
    generator::ir::analyze(&mut api);
    let options = options(label);
    let files = generator::emit::emit(&api, &options);
    let streams = emitted_token_streams(&files);
    let parsed: Vec<syn::File> = streams
        .iter()
        .map(|ts| syn::parse2(ts.clone()).expect("emitted files parse"))
        .collect();
    let rust_lines: usize = files
        .iter()
        .filter(|f| is_formatted(f))
        .map(|f| f.contents.lines().count())
        .sum();
    println!(
        "{name}: {} bytes of spec, {} types, {} operations, {} files, {rust_lines} lines of generated Rust",
        text.len(),
        api.types.len(),
        api.operations.len(),
        files.len(),
    );

    let mut group = c.benchmark_group(name);
    if large {
        // ~0.1 s per iteration: flat sampling keeps the run to sample_size * iteration time.
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
    } else {
        group
            .sample_size(20)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
    }

    group.bench_function("load", |b| {
        b.iter(|| generator::load::load(black_box(label), black_box(text)).unwrap())
    });
    group.bench_function("lower", |b| {
        b.iter(|| {
            let mut api = generator::ir::lower(black_box(&spec.document), &spec.targets).unwrap();
            generator::ir::analyze(&mut api);
            api
        })
    });
    group.bench_function("emit", |b| {
        b.iter(|| generator::emit::emit(black_box(&api), black_box(&options)))
    });
    group.bench_function("format", |b| {
        b.iter(|| {
            streams
                .iter()
                .map(|ts| {
                    let file: syn::File = syn::parse2(ts.clone()).unwrap();
                    prettyplease::unparse(&file).len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("format/parse", |b| {
        b.iter_batched(
            || streams.clone(),
            |streams| {
                streams
                    .into_iter()
                    .map(|ts| syn::parse2::<syn::File>(ts).unwrap())
                    .collect::<Vec<_>>()
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("format/unparse", |b| {
        b.iter(|| {
            parsed
                .iter()
                .map(|file| prettyplease::unparse(black_box(file)).len())
                .sum::<usize>()
        })
    });
    group.bench_function("generate", |b| {
        b.iter(|| generator::generate(black_box(label), black_box(text), &options).unwrap())
    });
    group.finish();
}

fn webhooks(c: &mut Criterion) {
    let path = workspace_root().join("spec/webhooks.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    bench_spec(c, "webhooks", "spec/webhooks.yaml", &text, false);
}

fn whole_spec(c: &mut Criterion) {
    let path = workspace_root().join("../shared/upstream/asana_oas.yaml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!(
            "note: skipping the whole-spec benchmarks: {} is missing",
            path.display()
        );
        return;
    };
    bench_spec(c, "whole", "asana_oas.yaml", &text, true);
}

criterion_group!(benches, webhooks, whole_spec);
criterion_main!(benches);

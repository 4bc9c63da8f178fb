//! `cargo xtask fastapi`: the generated client against a real server that publishes OpenAPI 3.1.
//!
//! Steps: install the pinned FastAPI, Pydantic and uvicorn (`tests/fastapi/requirements.txt`)
//! into a virtual environment in `.tools/fastapi/` (git-ignored) unless it already holds them;
//! export the spec of `tests/fastapi/app.py` as FastAPI writes it; generate the client crate
//! from it into `target/fastapi/pet-clinic` with the tests of `tests/fastapi/roundtrip.rs`, and
//! build it with clippy and rustdoc, warnings denied; start the application under uvicorn on a
//! free loopback port, wait (bounded) until it answers, and run the tests against it; stop the
//! server, on every path.

use std::fs;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use generator::Options;

/// The application, its pinned packages and the client tests, relative to the workspace root.
const APP_DIR: &str = "tests/fastapi";
/// Where the virtual environment is made (git-ignored).
const VENV: &str = ".tools/fastapi";
/// The generated crate's name.
const CRATE: &str = "pet-clinic";
/// How long the server may take to answer its first request.
const STARTUP: Duration = Duration::from_secs(60);

/// Runs `cargo xtask fastapi`.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(extra) = args.first() {
        return Err(format!(
            "unexpected argument `{extra}`; see `cargo xtask help`"
        ));
    }
    let root = crate::workspace_root();
    let python = install(&root)?;
    let out = root.join("target/fastapi");
    fs::create_dir_all(&out).map_err(|e| format!("creating {}: {e}", out.display()))?;

    let spec_path = out.join("openapi.json");
    let spec = export_spec(&root, &python)?;
    fs::write(&spec_path, &spec).map_err(|e| format!("writing {}: {e}", spec_path.display()))?;
    let label = "target/fastapi/openapi.json";
    let api = generator::build_ir(label, &spec).map_err(|e| e.to_string())?;
    let version = serde_json::from_str::<serde_json::Value>(&spec)
        .ok()
        .and_then(|s| s["openapi"].as_str().map(str::to_owned))
        .unwrap_or_default();
    println!(
        "fastapi: the application publishes OpenAPI {version}: {} operations, {} types",
        api.operations.len(),
        api.types.len()
    );
    let options = Options {
        crate_name: CRATE.into(),
        crate_version: "0.1.0".into(),
        spec_label: label.into(),
        command: "cargo xtask fastapi".into(),
        standalone: true,
    };
    let dir = out.join(CRATE);
    crate::codegen::write_files(&dir, &generator::emit::emit(&api, &options))
        .map_err(|e| format!("writing {}: {e}", dir.display()))?;
    let tests = dir.join("tests");
    fs::create_dir_all(&tests).map_err(|e| format!("creating {}: {e}", tests.display()))?;
    fs::copy(
        root.join(APP_DIR).join("roundtrip.rs"),
        tests.join("roundtrip.rs"),
    )
    .map_err(|e| format!("copying {APP_DIR}/roundtrip.rs: {e}"))?;
    // The fixtures' target directory: the same dependencies, built once.
    let target = root.join("target/fixtures/target");
    crate::check_crate(&dir, &target)?;
    println!("fastapi: the client builds and documents warning-free");

    let mut server = Uvicorn::start(&root, &python, &out)?;
    println!(
        "fastapi: uvicorn serves the application on {}",
        server.url()
    );
    let result = crate::cargo(
        &dir,
        Some(&target),
        &["test", "--tests"],
        &[("FASTAPI_URL", &server.url())],
    );
    server.stop();
    result.map_err(|e| format!("{e}\nthe server's log: {}", server.log.display()))?;
    println!(
        "fastapi: every operation of the client round-trips against the application ({} operations)",
        api.operations.len()
    );
    Ok(())
}

/// The virtual environment's Python, with the pinned packages installed: made afresh when
/// `requirements.txt` differs from what it was made from.
fn install(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join(VENV);
    let wanted = fs::read_to_string(root.join(APP_DIR).join("requirements.txt"))
        .map_err(|e| format!("{APP_DIR}/requirements.txt: {e}"))?;
    let stamp = venv.join("requirements.txt");
    let python = venv.join(if cfg!(windows) {
        "Scripts/python.exe"
    } else {
        "bin/python"
    });
    if python.exists() && fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(python);
    }
    println!("fastapi: installing the pinned FastAPI into {VENV}/ with pip");
    let system = if cfg!(windows) { "python" } else { "python3" };
    run_command(
        Command::new(system)
            .args(["-m", "venv", "--clear"])
            .arg(&venv),
        "making the virtual environment (Python 3.9 or later is needed)",
    )?;
    run_command(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(root.join(APP_DIR).join("requirements.txt")),
        "installing the pinned packages",
    )?;
    fs::write(&stamp, wanted).map_err(|e| format!("writing {}: {e}", stamp.display()))?;
    Ok(python)
}

fn run_command(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The application's OpenAPI document, as FastAPI writes it.
fn export_spec(root: &Path, python: &Path) -> Result<String, String> {
    let output = Command::new(python)
        .args([
            "-c",
            "import json, sys; from app import app; json.dump(app.openapi(), sys.stdout, indent=2)",
        ])
        .current_dir(root.join(APP_DIR))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("exporting the spec: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "exporting the spec failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("the exported spec: {e}"))
}

/// uvicorn serving the application on loopback; stopped when dropped.
struct Uvicorn {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Uvicorn {
    fn start(root: &Path, python: &Path, out: &Path) -> Result<Uvicorn, String> {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .map_err(|e| format!("finding a free loopback port: {e}"))?
            .port();
        let log = out.join("uvicorn.log");
        let file = fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let errors = file
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(python)
            .args(["-m", "uvicorn", "app:app", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .current_dir(root.join(APP_DIR))
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(errors)
            .spawn()
            .map_err(|e| format!("starting uvicorn: {e}"))?;
        let mut server = Uvicorn { child, port, log };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!(
                    "uvicorn exited ({status}) before answering; its log: {}",
                    server.log.display()
                ));
            }
            if matches!(
                crate::conformance::http_status(port, "/openapi.json"),
                Ok(200)
            ) {
                return Ok(server);
            }
            if started.elapsed() > STARTUP {
                return Err(format!(
                    "uvicorn did not answer within {} s; its log: {}",
                    STARTUP.as_secs(),
                    server.log.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Uvicorn {
    fn drop(&mut self) {
        self.stop();
    }
}

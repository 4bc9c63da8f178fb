//! A running Prism: started on a free loopback port, waited for (bounded), checked to validate
//! requests, and stopped whatever happens.

use std::fs::{self, File};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::http::http_status;
use super::install::Prism;
use super::log::is_request_line;

/// How long Prism may take to answer after it was started.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// How many times Prism is started on a new port when the free port found was taken meanwhile.
const PORT_ATTEMPTS: u32 = 3;
/// A request the spec forbids (`limit` must be at least 1): Prism must answer it with 400.
const INVALID_REQUEST: &str = "/webhooks?workspace=1331&limit=0";

/// A running Prism, stopped when dropped, whatever happened.
pub(super) struct PrismServer {
    child: Child,
    port: u16,
    pub(super) stdout: PathBuf,
    stderr: PathBuf,
}

/// Why Prism did not come up.
enum Startup {
    /// The port was taken between finding it free and Prism binding it: try another.
    PortTaken,
    Failed(String),
}

impl PrismServer {
    /// Starts Prism serving `spec` (relative to `root`, or absolute) on a free loopback port and
    /// waits until it answers; its output goes to `<out_dir>/<name>.log` and
    /// `<name>.stderr.log`.
    pub(super) fn start(
        root: &Path,
        prism: &Prism,
        spec: &Path,
        out_dir: &Path,
        name: &str,
    ) -> Result<PrismServer, String> {
        let mut attempt = 1;
        loop {
            let mut server = Self::spawn(root, prism, spec, out_dir, name)?;
            match server.wait_until_ready() {
                Ok(()) => return Ok(server),
                Err(Startup::PortTaken) if attempt < PORT_ATTEMPTS => attempt += 1,
                Err(Startup::PortTaken) => {
                    return Err(format!(
                        "Prism found its port taken {PORT_ATTEMPTS} times:\n{}",
                        server.output()
                    ));
                }
                Err(Startup::Failed(message)) => return Err(message),
            }
        }
    }

    fn spawn(
        root: &Path,
        prism: &Prism,
        spec: &Path,
        out_dir: &Path,
        name: &str,
    ) -> Result<PrismServer, String> {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .map_err(|e| format!("finding a free port on 127.0.0.1: {e}"))?
            .port();
        let stdout = out_dir.join(format!("{name}.log"));
        let stderr = out_dir.join(format!("{name}.stderr.log"));
        let create = |path: &Path| {
            File::create(path).map_err(|e| format!("creating {}: {e}", path.display()))
        };
        let child = Command::new("node")
            .arg(&prism.script)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--errors", "--verboseLevel", "info"])
            .arg(spec)
            .current_dir(root)
            .stdin(Stdio::null())
            .stdout(create(&stdout)?)
            .stderr(create(&stderr)?)
            .spawn()
            .map_err(|e| format!("starting Prism: {e}"))?;
        Ok(PrismServer {
            child,
            port,
            stdout,
            stderr,
        })
    }

    pub(super) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Polls until Prism answers an HTTP request, exits, or [`STARTUP_TIMEOUT`] passes.
    fn wait_until_ready(&mut self) -> Result<(), Startup> {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    let output = self.output();
                    if output.contains("EADDRINUSE") {
                        return Err(Startup::PortTaken);
                    }
                    return Err(Startup::Failed(format!(
                        "Prism exited ({status}) before answering on {}:\n{output}",
                        self.url()
                    )));
                }
                Ok(None) => {}
                Err(e) => return Err(Startup::Failed(format!("checking on Prism: {e}"))),
            }
            // Any HTTP answer will do, whatever the spec's paths.
            if http_status(self.port, "/conformance-ready").is_ok() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(Startup::Failed(format!(
                    "Prism did not answer on {} within {} s:\n{}",
                    self.url(),
                    STARTUP_TIMEOUT.as_secs(),
                    self.output()
                )));
            }
            thread::sleep(Duration::from_millis(200));
        }
    }

    /// Checks that Prism rejects a request the spec forbids; if it did not, a passing suite
    /// would prove nothing.
    pub(super) fn check_validates(&self) -> Result<(), String> {
        let status = http_status(self.port, INVALID_REQUEST)
            .map_err(|e| format!("requesting {INVALID_REQUEST} from Prism: {e}"))?;
        if status == 400 {
            Ok(())
        } else {
            Err(format!(
                "Prism answered {status} to {INVALID_REQUEST}, which the spec forbids (limit >= 1): \
                 it is not validating requests, so the suite would prove nothing"
            ))
        }
    }

    /// Sends a marker request; any answer will do.
    pub(super) fn request(&self, target: &str) -> Result<(), String> {
        http_status(self.port, target)
            .map(drop)
            .map_err(|e| format!("requesting {target} from Prism: {e}"))
    }

    /// Waits (briefly) until Prism's log shows the request for `target`: it may log
    /// asynchronously.
    pub(super) fn wait_for_log(&self, target: &str) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.log().lines().any(|line| is_request_line(line, target)) {
            if Instant::now() >= deadline {
                return Err(format!(
                    "Prism's log {} does not show the request for {target}",
                    self.stdout.display()
                ));
            }
            thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }

    /// Prism's standard output so far.
    pub(super) fn log(&self) -> String {
        fs::read(&self.stdout).map_or_else(
            |_| String::new(),
            |bytes| String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    /// Prism's standard error and the end of its standard output, for error messages.
    fn output(&self) -> String {
        let stderr = fs::read(&self.stderr).map_or_else(
            |_| String::new(),
            |bytes| String::from_utf8_lossy(&bytes).into_owned(),
        );
        let log = self.log();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(30)..].join("\n");
        format!(
            "--- Prism's stderr ({}):\n{}\n--- end of Prism's stdout ({}):\n{tail}",
            self.stderr.display(),
            stderr.trim_end(),
            self.stdout.display()
        )
    }

    /// Whether Prism has exited by itself (it may crash on a spec).
    pub(super) fn exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// Stops Prism (a single node process: it is started without `--multiprocess`) and reaps it.
    pub(super) fn stop(&mut self) {
        // Fails only if it has already exited, which is what is wanted.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for PrismServer {
    fn drop(&mut self) {
        self.stop();
    }
}

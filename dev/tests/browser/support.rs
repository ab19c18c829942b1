//! Processes the browser tests start (`sharebook dev`, chromedriver), stopped whatever happens,
//! and where screenshots go.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What to do when the browser is missing: fail, saying how to fix it (never skip).
const INSTALL_HINT: &str = "The browser test needs Chromium and its WebDriver. On Debian/Ubuntu: \
     `sudo apt-get install -y chromium chromium-driver` (binaries /usr/bin/chromium and \
     /usr/bin/chromedriver), or set CHROME_BIN and CHROMEDRIVER to their paths.";

/// The `sharebook-dev` binary with no configuration inherited from the caller's environment.
pub fn sharebook_dev() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sharebook-dev"));
    for var in [
        "DATABASE_URL",
        "PUBLIC_URL",
        "ADDON_SERVICE_ACCOUNT_EMAIL",
        "ADDON_OAUTH_CLIENT_ID",
        "PORT",
        "BIND_ADDR",
        "SANDBOX_ADDR",
        "LOG_FORMAT",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// A port free right now on loopback.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `target/browser-screenshots/`, next to the tests' scratch directory; also holds the logs.
pub fn output_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR has a parent (the target directory)")
        .join("browser-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Stops a child process when dropped (also when a test panics): SIGINT first so it can clean up
/// (the dev server stops its private PostgreSQL), then SIGKILL after a grace period.
pub struct ChildGuard {
    name: &'static str,
    child: Child,
}

impl ChildGuard {
    pub fn new(name: &'static str, child: Child) -> Self {
        Self { name, child }
    }

    /// Panics if the process already ended (it was meant to keep running).
    pub fn assert_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("{} exited early: {status}", self.name);
        }
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("{} did not stop on SIGINT; killing it", self.name);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running `sharebook dev` with its own private PostgreSQL, seeded, and the page's URL.
pub struct DevServer {
    pub page_url: String,
    _process: ChildGuard,
}

impl DevServer {
    /// Starts the real binary on free ports and waits until it printed the page's URL (printed
    /// once the demo workspace is seeded).
    pub fn start() -> Self {
        // Both ports held at once, so the two cannot come out the same.
        let (app_port, sandbox_port) = {
            let a = TcpListener::bind("127.0.0.1:0").unwrap();
            let b = TcpListener::bind("127.0.0.1:0").unwrap();
            (
                a.local_addr().unwrap().port(),
                b.local_addr().unwrap().port(),
            )
        };
        let dir = output_dir();
        let log_path = dir.join("dev.log");
        let log = File::create(&log_path).unwrap();
        let mut child = sharebook_dev()
            .arg("dev")
            .env("BIND_ADDR", format!("127.0.0.1:{app_port}"))
            .env("SANDBOX_ADDR", format!("127.0.0.1:{sandbox_port}"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut process = ChildGuard::new("sharebook dev", child);
        let (lines_tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            // Read to the end even once nobody listens: a closed pipe would make the server's
            // next line to stdout fail.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = lines_tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(180);
        let mut seen = Vec::new();
        let mut page_url = None;
        while Instant::now() < deadline {
            match lines.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("Try Sharebook in a browser: ") {
                        page_url = Some(url.trim().to_owned());
                    }
                    if line.trim().starts_with("Demo data: ") {
                        let url = page_url
                            .take()
                            .unwrap_or_else(|| panic!("the page's URL must come first: {seen:?}"));
                        return Self {
                            page_url: url,
                            _process: process,
                        };
                    }
                    assert!(
                        !line.contains("could NOT be seeded"),
                        "seeding failed: {line}\n(see {})",
                        log_path.display()
                    );
                    seen.push(line);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => process.assert_running(),
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    panic!(
                        "sharebook dev stopped before printing its URL; stdout: {seen:?}; log: {}",
                        std::fs::read_to_string(&log_path).unwrap_or_default()
                    )
                }
            }
        }
        panic!("sharebook dev printed no URL within 180 s; stdout: {seen:?}");
    }
}

/// A running chromedriver, and the Chromium it drives.
pub struct ChromeDriver {
    pub url: String,
    pub chromium: PathBuf,
    _process: ChildGuard,
}

fn find_program(env_var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env_var).filter(|p| !p.is_empty()) {
        // Named explicitly: that one or none, so a typo is not hidden by a system copy.
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .chain([
                PathBuf::from("/usr/bin"),
                PathBuf::from("/usr/lib/chromium"),
            ])
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

impl ChromeDriver {
    /// Starts chromedriver on a free port; fails the test loudly when Chromium is not installed.
    pub fn start() -> Self {
        let chromium = find_program("CHROME_BIN", &["chromium", "chromium-browser"])
            .unwrap_or_else(|| panic!("Chromium not found. {INSTALL_HINT}"));
        let driver = find_program("CHROMEDRIVER", &["chromedriver"])
            .unwrap_or_else(|| panic!("chromedriver not found. {INSTALL_HINT}"));
        let port = free_port();
        let log = File::create(output_dir().join("chromedriver.log")).unwrap();
        let child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::from(log))
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("{} could not start: {e}. {INSTALL_HINT}", driver.display())
            });
        let mut process = ChildGuard::new("chromedriver", child);
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            process.assert_running();
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self {
            url: format!("http://127.0.0.1:{port}"),
            chromium,
            _process: process,
        }
    }
}

//! Shared helpers for the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use forvalt::cat::{Pool, PoolItem};
use forvalt::irt::ItemParams;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use statrs::distribution::Normal;

/// A directory under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("forvalt-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The database file in this directory.
    pub fn db(&self) -> PathBuf {
        self.0.join("forvalt.redb")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The Chromium the browser tests drive (`CHROMIUM`, else Debian's), after making sure the
/// browser scripts' npm packages (playwright-core, axe-core) are installed in `tests/browser`.
pub fn chromium() -> String {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "the browser test needs Chromium at {chromium}: install it with \
         `apt-get update && apt-get install -y chromium` (or set CHROMIUM=/path/to/chromium)"
    );
    npm_packages("tests/browser");
    chromium
}

/// The directory `dir` (relative to the repository) with its npm packages installed from its
/// lock file, installed once. The tests run in parallel threads of this one process: one of
/// them installs while the others wait (`npm ci` empties node_modules first, so two at once
/// would pull the packages from under each other).
pub fn npm_packages(dir: &str) -> PathBuf {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let dir = repo().join(dir);
    let _installing = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    if !dir.join("node_modules").exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .expect("npm is needed for the tests that drive a browser or an OpenID Provider (install Node.js 20 or newer)");
        assert!(status.success(), "npm ci failed in {}", dir.display());
    }
    dir
}

/// A forvalt web server for `state` on a loopback port, on its own runtime, for the tests that
/// drive a real browser or client against it. Stopped when dropped.
pub struct LiveServer {
    runtime: Option<tokio::runtime::Runtime>,
    /// `http://127.0.0.1:PORT`
    pub url: String,
}

impl LiveServer {
    pub fn start(state: &forvalt::web::AppState) -> LiveServer {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        runtime.spawn(forvalt::web::serve(listener, state.clone()));
        LiveServer {
            runtime: Some(runtime),
            url,
        }
    }
}

impl Drop for LiveServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Run the browser script `tests/browser/<script>` with `args` in Node.js, driving headless
/// Chromium ([`chromium`]). It must exit 0; returns what it printed (the scripts print a JSON
/// summary, with `"violations":N` from axe-core where they check pages).
pub fn browser_script(script: &str, args: &[&str]) -> String {
    let chromium = chromium();
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(repo().join("tests/browser"))
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node is needed for the browser tests (Node.js 20 or newer)");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "{script} {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{script}: {stdout}");
    stdout
}

/// [`browser_script`] on pages that must have no axe-core violation.
pub fn axe_clean_script(script: &str, args: &[&str]) -> String {
    let stdout = browser_script(script, args);
    assert!(stdout.contains("\"violations\":0"), "{script}: {stdout}");
    stdout
}

/// A synthetic pool drawn like catsim's bank generator: a ~ N(1.2, 0.25), b ~ N(0, 1),
/// c ~ N(0.25, 0.02); topics assigned round-robin.
pub fn synthetic_pool(n_items: usize, n_topics: usize, seed: u64) -> Pool {
    let mut rng = StdRng::seed_from_u64(seed);
    let normal = Normal::standard();
    let mut draw = |mean: f64, sd: f64| mean + sd * rng.sample(normal);
    let items = (0..n_items)
        .map(|i| {
            let a = draw(1.2, 0.25).max(0.3);
            let b = draw(0.0, 1.0).clamp(-3.5, 3.5);
            let c = draw(0.25, 0.02).clamp(0.0, 0.4);
            PoolItem {
                params: ItemParams::new(a, b, c).unwrap(),
                topic: i % n_topics,
                enemies: Vec::new(),
            }
        })
        .collect();
    Pool::new(items, n_topics).unwrap()
}

/// Today's date in the local time zone, as the product computes it.
pub fn today() -> jiff::civil::Date {
    forvalt::app::today(jiff::Timestamp::now())
}

/// The repository root (where Cargo.toml and item-bank/ are).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the `forvalt` binary in the repository root, as a user would.
pub fn forvalt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_forvalt"))
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap()
}

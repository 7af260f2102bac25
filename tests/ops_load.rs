//! Crash safety and shutdown of the real `forvalt serve` binary under load: SIGKILL in the
//! middle of answering, restart on the same file, and SIGTERM; plus `forvalt db check` and
//! `forvalt loadtest` on the command line.
//!
//! The clients are plain threads with a minimal HTTP/1.1 client (one connection per request),
//! so what they record as acknowledged is exactly what the server sent a 2xx for.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use forvalt::store::{Store, TestId};
use serde_json::{Value, json};

use crate::support::{TempDir, forvalt, repo};

const PASSWORD: &str = "krasj-passord";

/// A `forvalt serve` process on 127.0.0.1 with the fixture bank.
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: String,
    /// Everything the server printed on stdout (read by a thread so the pipe never fills).
    output: Arc<Mutex<String>>,
}

impl Server {
    fn start(db: &Path) -> Server {
        Server::start_with(db, None, &[])
    }

    /// A `forvalt serve` on 127.0.0.1 on `db` with the fixture bank, `extra` arguments and, if
    /// given, `tmp` as its temp directory (`TMPDIR`).
    pub(crate) fn start_with(db: &Path, tmp: Option<&Path>, extra: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_forvalt"));
        if let Some(tmp) = tmp {
            command.env("TMPDIR", tmp);
        }
        let mut child = command
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--bank",
                "tests/fixtures/bank",
                "--db",
            ])
            .arg(db)
            .args(extra)
            .current_dir(repo())
            .env("RUST_LOG", "warn")
            // The server refuses unknown FORVALT_* settings; this one is the test's own.
            .env_remove("FORVALT_KILL_CLIENTS")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start forvalt serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut output = String::new();
        let addr = loop {
            let line = lines
                .next()
                .expect("the server prints its address")
                .unwrap();
            output.push_str(&line);
            output.push('\n');
            if let Some(rest) = line.split("serving http://").nth(1) {
                break rest.split('/').next().unwrap().to_string();
            }
        };
        let output = Arc::new(Mutex::new(output));
        let sink = output.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut out = sink.lock().unwrap();
                out.push_str(&line);
                out.push('\n');
            }
        });
        Server {
            child,
            addr,
            output,
        }
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    fn sigkill(mut self) {
        self.child.kill().unwrap(); // SIGKILL on Unix
        self.child.wait().unwrap();
    }

    /// SIGTERM, then wait for the process to exit on its own; returns its stdout.
    fn sigterm(mut self) -> (std::process::ExitStatus, String) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        let exit = loop {
            if let Some(exit) = self.child.try_wait().unwrap() {
                break exit;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(100)); // let the reader thread finish
        (exit, self.output.lock().unwrap().clone())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request on a fresh connection. `Err` when the connection fails (server down).
fn http(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> std::io::Result<(u16, Value)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        request.push_str("Content-Type: application/json\r\n");
    }
    if let Some(token) = token {
        request.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    stream.write_all(request.as_bytes())?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply)?;
    let text = String::from_utf8_lossy(&reply);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("truncated reply"))?;
    let status: u16 = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    let value = serde_json::from_str(body).map_err(|_| std::io::Error::other("truncated body"))?;
    Ok((status, value))
}

/// An answer the server acknowledged with a 2xx and `stored: true`.
#[derive(Debug, Clone)]
struct Ack {
    position: u32,
    option: usize,
    stem: String,
}

/// What the clients share with the test.
struct Load {
    addr: Mutex<String>,
    acks: AtomicUsize,
    /// Requests that found the server down.
    failures: AtomicUsize,
    /// Keep retrying while the server is down (the kill test); otherwise stop at the first
    /// connection failure (the SIGTERM test).
    retry: bool,
    stop: AtomicBool,
    problems: Mutex<Vec<String>>,
}

struct ClientResult {
    test_id: Option<u64>,
    acks: Vec<Ack>,
    finished: bool,
}

impl Load {
    fn new(addr: &str, retry: bool) -> Arc<Load> {
        Arc::new(Load {
            addr: Mutex::new(addr.to_string()),
            acks: AtomicUsize::new(0),
            failures: AtomicUsize::new(0),
            retry,
            stop: AtomicBool::new(false),
            problems: Mutex::new(Vec::new()),
        })
    }

    fn problem(&self, message: String) {
        self.problems.lock().unwrap().push(message);
    }

    /// A request, retried while the server is down (when `retry`). `None`: give up.
    fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        failed: &mut bool,
    ) -> Option<(u16, Value)> {
        let deadline = Instant::now() + patience();
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return None;
            }
            let addr = self.addr.lock().unwrap().clone();
            let reply = http(&addr, method, path, token, body);
            if reply.is_err() {
                self.failures.fetch_add(1, Ordering::Relaxed);
            }
            match reply {
                Ok(reply) => return Some(reply),
                Err(_) if self.retry && Instant::now() < deadline => {
                    *failed = true;
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(_) => return None,
            }
        }
    }
}

/// A caseworker taking the whole test, answering option 0 after `think`; checks on every
/// reply after a failed request that the test resumed where the client left it.
fn client(load: Arc<Load>, employee: String, think: Duration) -> ClientResult {
    let mut result = ClientResult {
        test_id: None,
        acks: Vec::new(),
        finished: false,
    };
    let mut failed = false;
    let login = json!({"employee_id": employee, "password": PASSWORD});
    let token = match load.call("POST", "/api/login", None, Some(&login), &mut failed) {
        Some((200, v)) => v["token"].as_str().unwrap().to_string(),
        Some((status, v)) => {
            load.problem(format!("{employee}: login {status} {v}"));
            return result;
        }
        None => return result,
    };
    let token = Some(token.as_str());
    let Some((200, started)) = load.call("POST", "/api/cycles/1/test", token, None, &mut failed)
    else {
        return result;
    };
    let test_id = started["test_id"].as_u64().unwrap();
    result.test_id = Some(test_id);
    let mut current = started["current"].clone();
    let answer_path = format!("/api/tests/{test_id}/answer");
    let current_path = format!("/api/tests/{test_id}");
    while current["status"] == "item" {
        std::thread::sleep(think);
        let position = current["position"].as_u64().unwrap() as u32;
        let stem = current["stem"].as_str().unwrap().to_string();
        let body = json!({"position": position, "option": 0, "response_ms": 1000});
        failed = false;
        let Some((status, reply)) =
            load.call("POST", &answer_path, token, Some(&body), &mut failed)
        else {
            return result;
        };
        if status != 200 {
            load.problem(format!("{employee}: answer {status} {reply}"));
            return result;
        }
        if reply["stored"] == true {
            result.acks.push(Ack {
                position,
                option: 0,
                stem: stem.clone(),
            });
            load.acks.fetch_add(1, Ordering::Relaxed);
        } else if !failed {
            load.problem(format!("{employee}: answer {position} not stored: {reply}"));
        }
        let next = reply["current"].clone();
        if failed {
            // The first attempt may have been stored before the crash (its reply lost), so the
            // retry is stale; either way the test must now be exactly one item further, and
            // its pending item must be what the server shows on asking again.
            let Some((200, again)) = load.call("GET", &current_path, token, None, &mut failed)
            else {
                return result;
            };
            let expected = position + 1;
            let resumed_at = again["position"].as_u64().map(|p| p as u32);
            let ok = match (again["status"].as_str(), resumed_at) {
                (Some("item"), Some(p)) => p == expected && again["stem"] == next["stem"],
                (Some("finished"), _) => next["status"] == "finished",
                _ => false,
            };
            if !ok {
                load.problem(format!(
                    "{employee}: after answering {position} across a restart the test resumed at {again}, expected position {expected}"
                ));
            }
            if reply["stored"] != true {
                // Stored by the attempt whose reply was lost: the server acknowledged nothing,
                // but the answer is ours; count it as answered, not acknowledged.
                result.acks.push(Ack {
                    position,
                    option: 0,
                    stem: stem.clone(),
                });
            }
        }
        current = next;
    }
    result.finished = current["status"] == "finished";
    result
}

/// Set up `users` caseworkers and an open cycle in a fresh database with the CLI.
fn setup(dir: &TempDir, users: usize) -> std::path::PathBuf {
    let db = dir.path().join("load.redb");
    let out = forvalt(&[
        "loadtest",
        "setup",
        "--db",
        db.to_str().unwrap(),
        "--users",
        &users.to_string(),
        "--password",
        PASSWORD,
        "--prefix",
        "krasj",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

fn run_clients(
    load: &Arc<Load>,
    users: usize,
    think: Duration,
) -> Vec<std::thread::JoinHandle<ClientResult>> {
    (1..=users)
        .map(|i| {
            let load = load.clone();
            std::thread::spawn(move || client(load, format!("krasj{i}"), think))
        })
        .collect()
}

fn wait_for_acks(load: &Load, n: usize) {
    let deadline = Instant::now() + patience();
    while load.acks.load(Ordering::Relaxed) < n {
        assert!(
            Instant::now() < deadline,
            "the clients got no {n} answers acknowledged"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Every acknowledged answer is stored at its position with its option and the item shown, and
/// `forvalt db check` finds nothing (positions without gaps, no item answered twice, pending
/// consistent with the answers).
fn verify(db: &Path, results: &[ClientResult]) {
    {
        let store = Store::open(db).unwrap();
        for r in results {
            let Some(test_id) = r.test_id else { continue };
            let (answers, _) = store.history(TestId(test_id)).unwrap();
            for ack in &r.acks {
                let stored = answers
                    .iter()
                    .find(|a| a.position == ack.position)
                    .unwrap_or_else(|| {
                        panic!("test {test_id}: acknowledged answer {ack:?} is missing")
                    });
                assert_eq!(
                    usize::from(stored.option),
                    ack.option,
                    "test {test_id} {ack:?}"
                );
                let shown = store.item_version(&stored.version).unwrap().unwrap();
                assert_eq!(
                    shown.stem, ack.stem,
                    "test {test_id}: answer {ack:?} is for another item"
                );
            }
        }
    }
    let out = forvalt(&["db", "check", "--db", db.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "db check: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Clients in the kill test: 20 in CI; `FORVALT_KILL_CLIENTS=1000` to run it by hand at scale.
fn kill_clients() -> usize {
    std::env::var("FORVALT_KILL_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
}

/// How long to wait for the clients: longer with many of them (each login costs argon2).
fn patience() -> Duration {
    Duration::from_secs(60 + kill_clients() as u64 / 5)
}

#[test]
fn sigkill_under_load_loses_no_acknowledged_answer_and_every_test_resumes_and_finishes() {
    let users = kill_clients();
    let dir = TempDir::new("ops-kill");
    let db = setup(&dir, users);
    let server = Server::start(&db);
    let load = Load::new(&server.addr, true);
    let clients = run_clients(&load, users, Duration::from_millis(15));
    // 20 tests of 8 items: kill when about a quarter of the answers are in.
    wait_for_acks(&load, 2 * users);
    server.sigkill();
    let at_kill = load.acks.load(Ordering::Relaxed);
    std::thread::sleep(Duration::from_millis(200)); // clients now fail and retry
    let server = Server::start(&db);
    *load.addr.lock().unwrap() = server.addr.clone();
    let results: Vec<ClientResult> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let problems = load.problems.lock().unwrap().clone();
    assert!(problems.is_empty(), "{problems:#?}");
    // Figures for a run by hand (`-- --nocapture`).
    eprintln!(
        "kill test: {users} clients, SIGKILL after {at_kill} of {} answers acknowledged, \
         {} failed requests retried across the restart",
        users * 8,
        load.failures.load(Ordering::Relaxed)
    );
    assert!(
        at_kill < users * 8,
        "the kill came after the load ({at_kill} answers)"
    );
    for (i, r) in results.iter().enumerate() {
        assert!(
            r.finished,
            "krasj{}: the test did not finish after the restart",
            i + 1
        );
        let positions: Vec<u32> = r.acks.iter().map(|a| a.position).collect();
        assert_eq!(positions, (0..8).collect::<Vec<u32>>(), "krasj{}", i + 1);
    }
    let (exit, _) = server.sigterm();
    assert!(exit.success());
    verify(&db, &results);
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.all_responses().unwrap().len(),
        users * 8,
        "no answer stored twice"
    );
    assert!(store.tests().unwrap().iter().all(|t| t.finished.is_some()));
}

#[test]
fn sigterm_under_load_finishes_the_answers_in_flight_and_exits_cleanly() {
    const USERS: usize = 20;
    let dir = TempDir::new("ops-term");
    let db = setup(&dir, USERS);
    let server = Server::start(&db);
    let load = Load::new(&server.addr, false);
    let clients = run_clients(&load, USERS, Duration::from_millis(10));
    wait_for_acks(&load, 40);
    let (exit, output) = server.sigterm();
    let results: Vec<ClientResult> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    assert!(exit.success(), "{exit:?}\n{output}");
    assert!(output.contains("forvalt: stopped;"), "{output}");
    let problems = load.problems.lock().unwrap().clone();
    assert!(problems.is_empty(), "{problems:#?}");
    let acked: usize = results.iter().map(|r| r.acks.len()).sum();
    assert!(
        (40..USERS * 8).contains(&acked),
        "{acked} answers: not stopped mid-load"
    );
    verify(&db, &results);
}

#[test]
fn db_check_reports_a_broken_file_with_exit_code_1() {
    let dir = TempDir::new("ops-check");
    let db = setup(&dir, 2);
    let ok = forvalt(&["db", "check", "--db", db.to_str().unwrap()]);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("no problems found"));
    {
        // Raw redb, as a bug or a hand edit would: a test of a user and cycle that do not
        // exist, not in the (user, cycle) index, and an answer for a test that does not exist.
        let database = redb::Database::open(&db).unwrap();
        let txn = database.begin_write().unwrap();
        {
            let tests: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("tests");
            let test = json!({"id": 5, "user_id": 77, "cycle_id": 9, "seed": 1,
                "started_at": "2026-01-01T00:00:00Z", "finished": null});
            txn.open_table(tests)
                .unwrap()
                .insert(5, test.to_string().as_bytes())
                .unwrap();
            let responses: redb::TableDefinition<(u64, u32), &[u8]> =
                redb::TableDefinition::new("responses");
            txn.open_table(responses)
                .unwrap()
                .insert((6, 0), b"{}".as_slice())
                .unwrap();
        }
        txn.commit().unwrap();
    }
    let bad = forvalt(&["db", "check", "--db", db.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&bad.stdout);
    assert_eq!(bad.status.code(), Some(1), "{stdout}");
    for expected in [
        "tests 5: user 77 does not exist",
        "tests 5: cycle 9 does not exist",
        "tests 5: not indexed under (user 77, cycle 9)",
        "responses (6, 0): cannot be decoded",
        "counters \"tests\": is 0 but id 5 is in use",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }

    let missing = forvalt(&[
        "db",
        "check",
        "--db",
        dir.path().join("nope.redb").to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such file"));
}

#[test]
fn loadtest_runs_simulated_caseworkers_to_the_end_and_reports_latencies() {
    const USERS: usize = 6;
    let dir = TempDir::new("ops-loadtest");
    let db = setup(&dir, USERS);
    let server = Server::start(&db);
    let url = format!("http://{}", server.addr);
    let out = forvalt(&[
        "loadtest",
        "run",
        "--url",
        &url,
        "--users",
        &USERS.to_string(),
        "--password",
        PASSWORD,
        "--prefix",
        "krasj",
        "--bank",
        "tests/fixtures/bank",
        "--duration-s",
        "60",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("{} answers stored (0 stale)", USERS * 8)),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{USERS} of {USERS} tests finished")),
        "{stdout}"
    );
    assert!(stdout.contains("errors: none"), "{stdout}");
    for endpoint in ["login", "cycles", "start", "current", "answer", "result"] {
        assert!(
            stdout.lines().any(|l| l.starts_with(endpoint)),
            "{endpoint}: {stdout}"
        );
    }
    assert!(!stdout.contains("were not in --bank"), "{stdout}");

    // A wrong password: every login is refused, the run says so and fails.
    let out = forvalt(&[
        "loadtest",
        "run",
        "--url",
        &url,
        "--users",
        "2",
        "--password",
        "feil",
        "--prefix",
        "krasj",
        "--bank",
        "tests/fixtures/bank",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("errors: login 401: 2"), "{stdout}");
    let (exit, _) = server.sigterm();
    assert!(exit.success());

    // Nothing to connect to, and a URL it cannot use.
    let out = forvalt(&[
        "loadtest",
        "run",
        "--url",
        "https://127.0.0.1:1",
        "--users",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only http://"));
}

#[test]
fn loadtest_setup_can_open_every_test_without_logins() {
    let dir = TempDir::new("ops-open");
    let db = dir.path().join("open.redb");
    let args = [
        "loadtest",
        "setup",
        "--db",
        db.to_str().unwrap(),
        "--users",
        "5",
        "--start-tests",
        "--bank",
        "tests/fixtures/bank",
    ];
    let out = forvalt(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("5 tests open"));
    // Idempotent: a second run opens the same tests, not new ones.
    assert!(forvalt(&args).status.success());
    {
        let store = Store::open(&db).unwrap();
        let tests = store.tests().unwrap();
        assert_eq!(tests.len(), 5);
        for test in tests {
            let (answers, pending) = store.history(TestId(test.id)).unwrap();
            assert!(answers.is_empty());
            assert_eq!(pending.unwrap().position, 0);
        }
    }
    let check = forvalt(&["db", "check", "--db", db.to_str().unwrap()]);
    assert!(check.status.success());

    let zero = forvalt(&[
        "loadtest",
        "setup",
        "--db",
        db.to_str().unwrap(),
        "--users",
        "0",
    ]);
    assert_eq!(zero.status.code(), Some(2));
}

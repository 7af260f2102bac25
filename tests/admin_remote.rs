//! The CLI's admin commands while `forvalt serve` holds the database (issue 14): `cycles
//! add | list | deadline | late | close`, `export`, `retention` and `calibrate --db` go through
//! the running server with the ops token instead of "stop the server first"; without the token
//! the server refuses.

use std::io::{Read, Write};
use std::net::TcpStream;

use forvalt::store::Store;
use jiff::ToSpan;

use crate::ops_load::Server;
use crate::support::{TempDir, forvalt};

fn run(args: &[&str]) -> (bool, String) {
    let out = forvalt(args);
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// A raw request without the token.
fn without_token(addr: &str, request_line: &str, body: &str) -> String {
    raw(addr, request_line, "", body)
}

/// A raw request with `headers` (each line ending in CRLF) and a form body.
fn raw(addr: &str, request_line: &str, headers: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{request_line} HTTP/1.1\r\nHost: x\r\n{headers}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn admin_commands_work_through_the_running_server_and_need_the_token() {
    let dir = TempDir::new("admin-remote");
    let db = dir.db();
    crate::web::seed(&Store::open(&db).unwrap());
    let server = Server::start_with(&db, None, &[]);
    let db_arg = db.to_str().unwrap();
    let today = jiff::Zoned::now().date();
    let with = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--db", db_arg, "--server", &server.addr]);
        run(&all)
    };

    // The database is locked by the server, so each command goes through it.
    let (opens, deadline) = (
        (today + 5.days()).to_string(),
        (today + 30.days()).to_string(),
    );
    let (ok, out) = with(&[
        "cycles",
        "add",
        "--name",
        "Høst",
        "--opens",
        &opens,
        "--deadline",
        &deadline,
    ]);
    assert!(ok, "{out}");
    assert!(out.contains("\"Høst\""), "{out}");
    let (ok, out) = with(&[
        "cycles",
        "add",
        "--name",
        "Høst",
        "--opens",
        &opens,
        "--deadline",
        &opens,
    ]);
    assert!(!ok, "a duplicate name with other dates is refused: {out}");
    assert!(out.contains("already exists"), "{out}");
    let (ok, out) = with(&[
        "cycles",
        "add",
        "--name",
        "Feil",
        "--opens",
        &deadline,
        "--deadline",
        &opens,
    ]);
    assert!(!ok && out.contains("before the opening"), "{out}");

    let (ok, out) = with(&["cycles", "list"]);
    assert!(
        ok && out.contains("2026–2027") && out.contains("Høst"),
        "{out}"
    );

    let later = (today + 40.days()).to_string();
    let (ok, out) = with(&["cycles", "deadline", "--name", "Høst", "--deadline", &later]);
    assert!(ok && out.contains(&later), "{out}");
    let (ok, out) = with(&[
        "cycles",
        "late",
        "--name",
        "Høst",
        "--allow",
        "--grace-days",
        "4",
    ]);
    assert!(
        ok && out.contains("late start allowed") && out.contains("4 days"),
        "{out}"
    );
    let (ok, out) = with(&[
        "cycles",
        "deadline",
        "--name",
        "Ingen",
        "--deadline",
        &later,
    ]);
    assert!(!ok && out.contains("no cycle is named"), "{out}");
    let (ok, out) = with(&["cycles", "close", "--name", "2026–2027"]);
    assert!(ok && out.contains(&(today - 1.day()).to_string()), "{out}");
    let (ok, out) = with(&["cycles", "close", "--name", "2026–2027"]);
    assert!(!ok && out.contains("already closed"), "{out}");

    let csv = dir.path().join("svar.csv");
    let (ok, out) = with(&["export", "--out", csv.to_str().unwrap()]);
    assert!(ok && out.contains("through the server"), "{out}");
    let remote_csv = std::fs::read(&csv).unwrap();

    let (ok, out) = with(&["retention", "--keep-cycles", "1", "--dry-run"]);
    assert!(
        ok && out.contains("would") && out.contains("dry run"),
        "{out}"
    );

    // calibrate --db reads a consistent copy through the server (this database has no answers
    // yet, which it says instead of "the database is in use").
    let (ok, out) = with(&["calibrate", "--bank", "tests/fixtures/bank"]);
    assert!(!ok, "{out}");
    assert!(out.contains("consistent copy from the server"), "{out}");
    assert!(out.contains("holds no answers"), "{out}");

    // Without the token: refused, nothing changes.
    let answer = without_token(
        &server.addr,
        "POST /ops/admin/cycles/add",
        &format!("name=Tyv&opens={opens}&deadline={deadline}"),
    );
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    for line in [
        "GET /ops/admin/export?format=csv",
        "GET /ops/admin/cycles",
        "POST /ops/admin/cycles/close",
    ] {
        let answer = without_token(&server.addr, line, "name=H%C3%B8st");
        assert!(answer.starts_with("HTTP/1.1 403"), "{line}: {answer}");
    }
    // A malformed form: without the token still 403 (admission comes before the body is
    // read); with it, a 400 that says what is wrong.
    let malformed = format!("name=Tyv&opens=ikke-en-dato&deadline={deadline}");
    let answer = without_token(&server.addr, "POST /ops/admin/cycles/add", &malformed);
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    let token = std::fs::read_to_string(forvalt::web::ops::token_file(&db)).unwrap();
    let bearer = format!("Authorization: Bearer {}\r\n", token.trim());
    let answer = raw(
        &server.addr,
        "POST /ops/admin/cycles/add",
        &bearer,
        &malformed,
    );
    assert!(
        answer.starts_with("HTTP/1.1 400") && answer.contains("malformed request"),
        "{answer}"
    );
    let answer = raw(
        &server.addr,
        "POST /ops/admin/retention",
        &bearer,
        "keep_cycles=mange",
    );
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let (ok, out) = run(&[
        "cycles",
        "close",
        "--name",
        "Høst",
        "--db",
        dir.path().join("other.redb").to_str().unwrap(),
        "--server",
        &server.addr,
    ]);
    // Another (new) database is not locked: that one is changed locally and has no such cycle.
    assert!(!ok && out.contains("no cycle is named"), "{out}");

    drop(server);
    // The export through the server is the one made locally once the server has stopped.
    let local = dir.path().join("lokal.csv");
    let (ok, out) = run(&["export", "--out", local.to_str().unwrap(), "--db", db_arg]);
    assert!(ok && !out.contains("through the server"), "{out}");
    assert_eq!(std::fs::read(&local).unwrap(), remote_csv);
    // After the server stops, the changes are there and audited as made with the ops token.
    let store = Store::open(&db).unwrap();
    let names: Vec<String> = store
        .cycles()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["2026–2027", "Høst"]);
    let audit = store.audit_log(100).unwrap();
    let by_token: Vec<&str> = audit
        .iter()
        .filter(|e| e.employee_id == "ops-token")
        .map(|e| e.route.as_str())
        .collect();
    for route in [
        "/admin/sykluser/ny",
        "/admin/sykluser/frist",
        "/admin/sykluser/lukk",
        "/ops/admin/export",
    ] {
        assert!(by_token.contains(&route), "{route}: {by_token:?}");
    }
}

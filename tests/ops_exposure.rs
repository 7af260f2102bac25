//! Exposure control from the configuration file reaches the live tests of a real
//! `forvalt serve`: with `exposure = "none"` every caseworker who answers the same way gets the
//! same items in the same order (selection is then a pure function of the answers), which the
//! default (the bank's own exposure control: randomesque in the fixture bank) practically never
//! gives three caseworkers over a whole test.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

use crate::ops_load::Server;
use crate::support::{TempDir, forvalt};

const PASSWORD: &str = "eksponering-passord";

/// One JSON request on a fresh connection.
fn call(addr: &str, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Value {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let (head, body) = reply.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{method} {path}: {reply}");
    serde_json::from_str(body).unwrap()
}

/// The stems of a whole test taken by `employee`, answering option 0 throughout.
fn stems(addr: &str, employee: &str) -> Vec<String> {
    let login = json!({"employee_id": employee, "password": PASSWORD});
    let token = call(addr, "POST", "/api/login", None, Some(login))["token"]
        .as_str()
        .unwrap()
        .to_string();
    let started = call(addr, "POST", "/api/cycles/1/test", Some(&token), None);
    let test_id = started["test_id"].as_u64().unwrap();
    let mut current = started["current"].clone();
    let mut out = Vec::new();
    while current["status"] == "item" {
        out.push(current["stem"].as_str().unwrap().to_string());
        let answer = json!({"position": current["position"], "option": 0, "response_ms": 1000});
        let path = format!("/api/tests/{test_id}/answer");
        current = call(addr, "POST", &path, Some(&token), Some(answer))["current"].clone();
    }
    assert_eq!(current["status"], "finished", "{current}");
    out
}

#[test]
fn exposure_none_from_the_config_file_gives_identical_answerers_identical_items() {
    let dir = TempDir::new("ops-exposure");
    let db = dir.path().join("exposure.redb");
    let setup = forvalt(&[
        "loadtest",
        "setup",
        "--db",
        db.to_str().unwrap(),
        "--users",
        "3",
        "--password",
        PASSWORD,
        "--prefix",
        "eks",
    ]);
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let config = dir.path().join("forvalt.toml");
    std::fs::write(&config, "# trial run\nexposure = \"none\"\n").unwrap();

    // `config show` reports the value and where it came from.
    let shown = forvalt(&["config", "show", "--config", config.to_str().unwrap()]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    let line = shown
        .lines()
        .find(|l| l.trim_start().starts_with("exposure ") || l.contains("exposure ="))
        .unwrap_or_else(|| panic!("no exposure line in {shown}"));
    assert!(
        line.contains("none") && line.contains("forvalt.toml:2"),
        "{line}"
    );

    let server = Server::start_with(
        &db,
        Some(dir.path()),
        &["--config", config.to_str().unwrap()],
    );
    let first = stems(&server.addr, "eks1");
    assert!(first.len() >= 5, "{first:?}");
    assert_eq!(stems(&server.addr, "eks2"), first);
    assert_eq!(stems(&server.addr, "eks3"), first);
}

#[test]
fn a_bad_exposure_in_the_config_file_stops_the_server_with_file_and_line() {
    let dir = TempDir::new("ops-exposure-bad");
    let config = dir.path().join("forvalt.toml");
    std::fs::write(&config, "\nexposure = \"sympson\"\n").unwrap();
    let db = dir.path().join("never.redb");
    let out = forvalt(&[
        "serve",
        "--config",
        config.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--bank",
        "tests/fixtures/bank",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("forvalt.toml:2: exposure: expected \"bank\", \"randomesque\" or \"none\""),
        "{stderr}"
    );
    assert!(!db.exists(), "nothing is created on a bad configuration");
}

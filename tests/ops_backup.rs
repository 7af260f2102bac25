//! `POST /ops/backup` of a real `forvalt serve` process streams the copy from an unlinked
//! temporary file: `forvalt backup` gets a whole, readable database, and no temporary file is
//! left in the server's temp directory — not after a finished backup, not while one is being
//! sent, and not after a client that went away in the middle (the server also closes the file).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use forvalt::store::{Role, Store, UserInput};

use crate::ops_load::Server;
use crate::support::{TempDir, forvalt};

/// Users in the database: enough (tens of MB) that a stalled client cannot take the whole copy
/// into the socket buffers, so the server is still sending when the test looks.
const USERS: usize = 60_000;

/// The server's open files that are unlinked backup copies.
fn open_backup_files(server: &Server) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(format!("/proc/{}/fd", server.pid())) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .map(|target| target.display().to_string())
        .filter(|target| target.contains("forvalt-backup-"))
        .collect()
}

/// A database with `USERS` caseworkers.
fn big_database(dir: &Path) -> PathBuf {
    let db = dir.join("big.redb");
    let store = Store::open(&db).unwrap();
    let users: Vec<UserInput> = (0..USERS)
        .map(|i| UserInput {
            employee_id: format!("u{i:06}"),
            name: format!("Saksbehandler {i} {}", "x".repeat(300)),
            email: format!("u{i}@example.no"),
            department: format!("Etat/Avdeling {}", i % 40),
            role: Role::Caseworker,
            password_hash: None,
        })
        .collect();
    store.upsert_users(&users, jiff::Timestamp::now()).unwrap();
    db
}

fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect()
}

/// Poll `condition` for up to 20 s.
fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn backup_over_http_is_streamed_and_leaves_no_temporary_file() {
    let dir = TempDir::new("ops-backup");
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let db = big_database(dir.path());
    let server = Server::start_with(&db, Some(&tmp), &[]);

    // `forvalt backup` through the server gets the whole database.
    let copy = dir.path().join("copy.redb");
    let out = forvalt(&[
        "backup",
        copy.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--server",
        &server.addr,
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("through the server"), "{stdout}");
    let size = std::fs::metadata(&copy).unwrap().len();
    assert!(size > 20 << 20, "the copy is only {size} bytes");
    {
        let store = Store::open(&copy).unwrap();
        assert!(store.user_by_login("u000000").unwrap().is_some());
        assert!(
            store
                .user_by_login(&format!("u{:06}", USERS - 1))
                .unwrap()
                .is_some()
        );
    }
    assert_eq!(files_in(&tmp), Vec::<String>::new());
    assert!(!dir.path().join("copy.redb.partial").exists());
    eventually("the server has closed the finished copy", || {
        open_backup_files(&server).is_empty()
    });

    // A client that reads the head and then stalls: the server is sending from a file that is
    // already unlinked.
    let mut client = TcpStream::connect(&server.addr).unwrap();
    client
        .write_all(
            format!(
                "POST /ops/backup HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Length: 0\r\n\r\n",
                forvalt::web::ops::read_token_file(&db).expect("the server wrote its ops token")
            )
            .as_bytes(),
        )
        .unwrap();
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut head = String::new();
    loop {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0, "{head}");
        if line == "\r\n" {
            break;
        }
        head.push_str(&line.to_ascii_lowercase());
    }
    assert!(head.starts_with("http/1.1 200"), "{head}");
    let length: u64 = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .expect("a content-length")
        .trim()
        .parse()
        .unwrap();
    assert!(length > 20 << 20, "the copy is only {length} bytes");
    let mut first = vec![0; 4096];
    reader.read_exact(&mut first).unwrap();
    if cfg!(target_os = "linux") {
        eventually("the server is sending from an open copy", || {
            !open_backup_files(&server).is_empty()
        });
        let open = open_backup_files(&server);
        assert!(
            open.iter().all(|f| f.ends_with("(deleted)")),
            "the copy being sent is still linked: {open:?}"
        );
    }
    assert_eq!(files_in(&tmp), Vec::<String>::new());

    // The client goes away in the middle: the server stops reading and closes the copy.
    drop(reader);
    client.shutdown(std::net::Shutdown::Both).unwrap();
    drop(client);
    eventually("the server has closed the abandoned copy", || {
        open_backup_files(&server).is_empty()
    });
    assert_eq!(files_in(&tmp), Vec::<String>::new());

    // The server still answers, and a later backup works.
    let again = dir.path().join("again.redb");
    let out = forvalt(&[
        "backup",
        again.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--server",
        &server.addr,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files_in(&tmp), Vec::<String>::new());
}

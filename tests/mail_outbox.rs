//! The e-mail outbox against a real SMTP server: Python's aiosmtpd (`tests/mail/smtp_sink.py`)
//! on a loopback port, writing every message it accepts to a folder the test reads.
//!
//! - invitations and a leader's digest arrive with their recipients, links and stable
//!   `Message-ID`s, and a second scheduler run queues nothing;
//! - with the server down the messages wait in the queue (with the error) and are delivered
//!   once it comes up;
//! - `forvalt serve` killed with SIGKILL while a message is being handed to the server: after a
//!   restart every message is delivered exactly once.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use forvalt::app::{App, Config, FollowupConfig};
use forvalt::mail::{MailSettings, Mailer, SmtpSettings, Tls, Worker};
use forvalt::store::{OutboxStatus, Role, Store, UserInput};
use jiff::ToSpan;
use serde_json::Value;

use crate::ops_load::Server;
use crate::support::{TempDir, repo};
use crate::web::fixture_bank;

/// A running aiosmtpd sink; killed when dropped.
pub struct Sink {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

impl Sink {
    /// Start the sink on `port` (0: any free one), writing into `dir`.
    pub fn start(dir: &Path, port: u16) -> Sink {
        std::fs::create_dir_all(dir).unwrap();
        let mut child = Command::new("python3")
            .arg(repo().join("tests/mail/smtp_sink.py"))
            .arg(dir)
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs (the SMTP sink needs `pip install aiosmtpd`)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| {
                panic!("the SMTP sink did not start (is aiosmtpd installed?): {line:?}")
            })
            .parse()
            .unwrap();
        Sink {
            child,
            port,
            dir: dir.to_path_buf(),
        }
    }

    /// Every message received so far, in arrival order.
    pub fn messages(&self) -> Vec<Value> {
        received(&self.dir)
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The messages a sink wrote into `dir`, in arrival order.
pub fn received(dir: &Path) -> Vec<Value> {
    let mut numbered: Vec<(u64, Value)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let n = name
                .strip_prefix("msg-")?
                .strip_suffix(".json")?
                .parse()
                .ok()?;
            let text = std::fs::read_to_string(dir.join(&name)).ok()?;
            Some((n, serde_json::from_str(&text).unwrap()))
        })
        .collect();
    numbered.sort_by_key(|(n, _)| *n);
    numbered.into_iter().map(|(_, v)| v).collect()
}

/// A header of a raw message (the first occurrence; unfolded).
pub fn header(data: &str, name: &str) -> Option<String> {
    let head = data.split("\r\n\r\n").next().unwrap_or(data);
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    unfolded.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
    })
}

/// The decoded text of a raw message: its body, quoted-printable undone (lettre encodes
/// non-ASCII text that way), after the headers.
pub fn text(data: &str) -> String {
    let (head, body) = data.split_once("\r\n\r\n").unwrap_or(("", data));
    if !head.to_lowercase().contains("quoted-printable") {
        return body.to_string();
    }
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// A loopback port nobody listens on (bound and released).
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Wait for `done`, at most `limit` (a liveness bound, not a performance claim).
fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let until = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < until, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Three caseworkers with addresses (two in Nord), one without, an HR user, a leader of Nord,
/// and a cycle open since yesterday.
fn seed(store: &Store) {
    let user = |id: &str, department: &str, role: Role, email: &str| UserInput {
        employee_id: id.into(),
        name: format!("{id} Testesen"),
        email: email.into(),
        department: department.into(),
        role,
        password_hash: None,
    };
    store
        .upsert_users(
            &[
                user(
                    "kari",
                    "BUF/Nord/Team 1",
                    Role::Caseworker,
                    "kari@etat.test",
                ),
                user("ola", "BUF/Nord/Team 2", Role::Caseworker, "ola@etat.test"),
                user("siri", "BUF/Sør", Role::Caseworker, "siri@etat.test"),
                user("uten", "BUF/Sør", Role::Caseworker, ""),
                user("hanne", "BUF", Role::Hr, "hanne@etat.test"),
                user("leif", "BUF/Nord", Role::Hr, "leif@etat.test"),
            ],
            jiff::Timestamp::now(),
        )
        .unwrap();
    let missing = store
        .set_leads(&[("leif".into(), Some("BUF/Nord".into()))])
        .unwrap();
    assert!(missing.is_empty());
    let today = crate::support::today();
    store
        .add_cycle("Høst", today - 1.day(), today + 30.days())
        .unwrap();
}

fn smtp(port: u16) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        tls: Tls::None,
        credentials: None,
        from: "Forvalt <forvalt@etat.test>".into(),
        timeout: Duration::from_secs(20),
    }
}

fn app(dir: &TempDir) -> App {
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let config = Config {
        followup: FollowupConfig {
            base_url: "https://forvalt.etat.test".into(),
            ..FollowupConfig::default()
        },
        ..Config::default()
    };
    App::new(store, fixture_bank(), config)
}

fn worker(app: &App, port: u16, retry_base: Duration) -> Worker {
    let settings = MailSettings {
        smtp: Some(smtp(port)),
        retry_base,
        ..MailSettings::default()
    };
    Worker::new(
        app.store_handle(),
        Mailer::new(&smtp(port)).unwrap(),
        settings,
        app.followup.wake(),
    )
}

#[test]
fn invitations_and_a_digest_reach_a_real_smtp_server_once_with_links_and_stable_message_ids() {
    let dir = TempDir::new("mail-real");
    let sink = Sink::start(&dir.path().join("received"), 0);
    let app = app(&dir);
    let queued = app.followup.schedule(jiff::Timestamp::now()).unwrap();
    assert_eq!(queued.len(), 4, "3 invitations and 1 digest: {queued:?}");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let pass = runtime
        .block_on(worker(&app, sink.port, Duration::from_secs(60)).pass())
        .unwrap();
    assert_eq!(pass.sent, 4, "{pass:?}");

    let messages = sink.messages();
    let mut recipients: Vec<String> = messages
        .iter()
        .map(|m| m["rcpt_tos"][0].as_str().unwrap().to_string())
        .collect();
    recipients.sort();
    assert_eq!(
        recipients,
        [
            "kari@etat.test",
            "leif@etat.test",
            "ola@etat.test",
            "siri@etat.test"
        ]
    );
    for m in &messages {
        assert_eq!(m["rcpt_tos"].as_array().unwrap().len(), 1);
        assert_eq!(m["mail_from"], "forvalt@etat.test");
    }
    let kari = messages
        .iter()
        .find(|m| m["rcpt_tos"][0] == "kari@etat.test")
        .unwrap();
    let data = kari["data"].as_str().unwrap();
    let body = text(data);
    let kari_id = app.store().user_by_login("kari").unwrap().unwrap().id;
    let cycle = app.store().cycles().unwrap()[0].id;
    assert_eq!(
        header(data, "Message-ID").unwrap(),
        format!("<invitation-c{cycle}-u{kari_id}.forvalt@etat.test>")
    );
    // kari has no password yet: her invitation carries a set-password link (issue 14).
    assert!(
        body.contains("https://forvalt.etat.test/passord/"),
        "{body}"
    );
    assert!(
        body.contains("https://forvalt.etat.test/personvern"),
        "{body}"
    );
    assert!(body.contains("«Høst»"), "{body}");
    let digest = text(
        messages
            .iter()
            .find(|m| m["rcpt_tos"][0] == "leif@etat.test")
            .unwrap()["data"]
            .as_str()
            .unwrap(),
    );
    assert!(
        digest.contains("https://forvalt.etat.test/leder"),
        "{digest}"
    );
    assert!(digest.contains("kari Testesen"), "{digest}");
    assert!(
        !digest.contains("siri"),
        "another unit's caseworker: {digest}"
    );

    // Deciding again is a no-op; nothing more is sent.
    assert!(
        app.followup
            .schedule(jiff::Timestamp::now())
            .unwrap()
            .is_empty()
    );
    let again = runtime
        .block_on(worker(&app, sink.port, Duration::from_secs(60)).pass())
        .unwrap();
    assert_eq!(again.sent, 0);
    assert_eq!(sink.messages().len(), 4);
    assert!(
        app.store()
            .outbox()
            .unwrap()
            .iter()
            .all(|m| m.status == OutboxStatus::Sent && m.attempts == 1)
    );
}

#[test]
fn with_the_smtp_server_down_messages_stay_queued_and_are_delivered_when_it_comes_up() {
    let dir = TempDir::new("mail-down");
    let port = free_port();
    let app = app(&dir);
    app.followup.schedule(jiff::Timestamp::now()).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let task = runtime.spawn(worker(&app, port, Duration::from_millis(200)).run());

    wait_for("a failed attempt", Duration::from_secs(60), || {
        app.store()
            .outbox()
            .unwrap()
            .iter()
            .all(|m| m.attempts >= 2 && m.status != OutboxStatus::Sent)
    });
    for m in app.store().outbox().unwrap() {
        assert_ne!(m.status, OutboxStatus::Failed, "not given up yet");
        let error = m.last_error.unwrap_or_default();
        assert!(
            error.to_lowercase().contains("connect"),
            "the reason is kept: {error}"
        );
    }

    let sink = Sink::start(&dir.path().join("received"), port);
    wait_for(
        "delivery once the server is up",
        Duration::from_secs(90),
        || {
            app.store()
                .outbox()
                .unwrap()
                .iter()
                .all(|m| m.status == OutboxStatus::Sent)
        },
    );
    task.abort();
    let messages = sink.messages();
    assert_eq!(messages.len(), 4);
    let mut ids: Vec<String> = messages
        .iter()
        .map(|m| header(m["data"].as_str().unwrap(), "Message-ID").unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "each message once");
}

/// The outbox of a running server, through `/admin/utboks.json` with a bearer token.
fn outbox_json(addr: &str, token: &str) -> Value {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET /admin/utboks.json HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {token}\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let (head, body) = reply.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    serde_json::from_str(body).unwrap()
}

fn api_login(addr: &str, employee_id: &str, password: &str) -> String {
    use std::io::{Read, Write};
    let body = serde_json::json!({"employee_id": employee_id, "password": password}).to_string();
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST /api/login HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let (_, body) = reply.split_once("\r\n\r\n").unwrap();
    let value: Value = serde_json::from_str(body).unwrap();
    value["token"].as_str().unwrap().to_string()
}

#[test]
fn sigkill_while_a_message_is_being_sent_then_restart_delivers_every_message_exactly_once() {
    let dir = TempDir::new("mail-kill");
    {
        let store = Store::open(&dir.db()).unwrap();
        seed(&store);
        store
            .upsert_users(
                &[UserInput {
                    employee_id: "adam".into(),
                    name: "Adam Admin".into(),
                    email: String::new(),
                    department: "BUF/IT".into(),
                    role: Role::Admin,
                    password_hash: Some(forvalt::app::hash_password("adam-sitt-passord")),
                }],
                jiff::Timestamp::now(),
            )
            .unwrap();
    }
    let received = dir.path().join("received");
    std::fs::create_dir_all(&received).unwrap();
    // The sink holds the first message's DATA: forvalt has marked it `sending` and waits.
    std::fs::write(received.join("stall"), "").unwrap();
    let sink = Sink::start(&received, 0);
    let config = dir.path().join("forvalt.toml");
    std::fs::write(
        &config,
        format!(
            "smtp_host = \"127.0.0.1\"\nsmtp_port = {}\nsmtp_tls = \"none\"\n\
             mail_from = \"Forvalt <forvalt@etat.test>\"\nbase_url = \"https://forvalt.etat.test\"\n\
             mail_retry_seconds = 1\n",
            sink.port
        ),
    )
    .unwrap();
    let extra = ["--config", config.to_str().unwrap()];
    let server = Server::start_with(&dir.db(), None, &extra);
    wait_for(
        "the first message to be held by the SMTP server",
        Duration::from_secs(60),
        || received.join("stalled").exists(),
    );
    drop(server); // SIGKILL (Child::kill) in the middle of the SMTP transaction
    {
        let store = Store::open(&dir.db()).unwrap();
        let outbox = store.outbox().unwrap();
        assert_eq!(outbox.len(), 4, "every decided message survived the kill");
        let sending: Vec<_> = outbox
            .iter()
            .filter(|m| m.status == OutboxStatus::Sending)
            .collect();
        assert_eq!(
            sending.len(),
            1,
            "killed while handing over one message: {outbox:?}"
        );
        assert!(outbox.iter().all(|m| m.status != OutboxStatus::Sent));
    }
    assert!(
        sink.messages().is_empty(),
        "nothing was accepted before the kill"
    );
    std::fs::remove_file(received.join("stall")).unwrap();

    let server = Server::start_with(&dir.db(), None, &extra);
    let token = api_login(&server.addr, "adam", "adam-sitt-passord");
    wait_for(
        "every message sent after the restart",
        Duration::from_secs(90),
        || outbox_json(&server.addr, &token)["sent"] == 4,
    );
    let outbox = outbox_json(&server.addr, &token);
    assert_eq!(
        (outbox["queued"].clone(), outbox["sending"].clone()),
        (0.into(), 0.into())
    );
    drop(server);

    let messages = sink.messages();
    let mut ids: Vec<String> = messages
        .iter()
        .map(|m| header(m["data"].as_str().unwrap(), "Message-ID").unwrap())
        .collect();
    ids.sort();
    let n = ids.len();
    ids.dedup();
    assert_eq!((n, ids.len()), (4, 4), "each message exactly once: {ids:?}");
    let store = Store::open(&dir.db()).unwrap();
    let interrupted = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|m| m.attempts == 2)
        .expect("the interrupted message was attempted again");
    assert!(
        ids.iter()
            .any(|id| id.starts_with(&format!("<{}.", interrupted.id)))
    );
}

#[test]
fn mail_plan_is_a_dry_run_and_mail_schedule_queues_once() {
    let dir = TempDir::new("mail-cli");
    {
        let store = Store::open(&dir.db()).unwrap();
        seed(&store);
    }
    let db = dir.db();
    let run = |args: &[&str]| {
        let out = crate::support::forvalt(&[args, &["--db", db.to_str().unwrap()]].concat());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let plan = run(&["mail", "plan"]);
    assert!(plan.contains("kari@etat.test"), "{plan}");
    assert!(plan.contains("4 messages would be queued now"), "{plan}");
    assert!(run(&["mail", "outbox"]).contains("0 queued, 0 sending, 0 sent, 0 failed"));
    assert!(run(&["mail", "schedule"]).contains("4 messages queued"));
    assert!(run(&["mail", "schedule"]).contains("0 messages queued"));
    assert!(run(&["mail", "plan"]).contains("0 messages would be queued now"));
    assert!(run(&["mail", "outbox"]).contains("4 queued, 0 sending, 0 sent, 0 failed"));
}

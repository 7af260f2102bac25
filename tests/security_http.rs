//! HTTP limits and sessions (issue 13, item 7): 413 for large bodies, a header-read timeout,
//! password changes and idle time end sessions, the password policy.

use std::io::{Read, Write};
use std::time::Duration;

use axum::http::StatusCode;
use forvalt::app::{Config, check_password_policy, hash_password};
use forvalt::store::{Store, TestId};
use forvalt::web::HttpSettings;

use crate::web::{Browser, PASSWORD, TempDir, app, app_on, seed};

/// `state` served on a loopback port by `forvalt::web::serve_until`, for tests that talk raw
/// TCP to it (slow clients), until [`Served::stop`], which checks the server ended cleanly.
struct Served {
    addr: std::net::SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Served {
    fn start(runtime: &tokio::runtime::Runtime, state: forvalt::web::AppState) -> Served {
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = runtime.spawn(forvalt::web::serve_until(listener, state, async {
            let _ = stopped.await;
        }));
        Served { addr, stop, server }
    }

    fn stop(self, runtime: &tokio::runtime::Runtime) {
        let _ = self.stop.send(());
        runtime.block_on(self.server).unwrap().unwrap();
    }
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413() {
    let (_dir, router, _state) = app();
    let mut kari = Browser::new(&router);
    let big = "x".repeat(2 * 1024 * 1024);
    let reply = kari
        .post(
            "/logg-inn",
            &[("csrf", "x"), ("employee_id", "kari"), ("password", &big)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, _) = crate::web::api(
        &router,
        "POST",
        "/api/login",
        None,
        Some(&format!(r#"{{"employee_id":"kari","password":"{big}"}}"#)),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[test]
fn a_connection_that_does_not_send_its_headers_is_closed() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (_dir, _router, state) = app();
    let state = state.with_http(HttpSettings {
        header_read_timeout: Duration::from_millis(300),
        ..HttpSettings::default()
    });
    let server = Served::start(&runtime, state);
    let addr = server.addr;
    // A slow client: half a request line, then nothing.
    let mut slow = std::net::TcpStream::connect(addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let mut rest = Vec::new();
    // The server closes the connection (with or without a 408) instead of waiting forever.
    let read = slow.read_to_end(&mut rest);
    assert!(read.is_ok(), "{read:?}");
    // A well-behaved client is served.
    let mut ok = std::net::TcpStream::connect(addr).unwrap();
    ok.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    ok.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    server.stop(&runtime);
}

/// An admitted admin request holds the one-at-a-time slot while its form is read: a body that
/// stops arriving is cut off by the body timeout, and the next admin request is served.
#[test]
fn an_admin_body_that_stops_arriving_does_not_hold_the_slot() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (_dir, _router, state) = app();
    let state = state
        .with_http(HttpSettings {
            request_timeout: Duration::from_millis(300),
            ..HttpSettings::default()
        })
        .with_ops(forvalt::web::ops::OpsSettings {
            token: Some("hemmelig-token".into()),
            allow_loopback: false,
            backups_per_hour: 1,
        });
    let server = Served::start(&runtime, state);
    let addr = server.addr;
    let head = |length: usize| {
        format!(
            "POST /ops/admin/cycles/close HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \
             hemmelig-token\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {length}\r\nConnection: close\r\n\r\n"
        )
    };
    // Promises 100 bytes, sends 5, then nothing.
    let mut slow = std::net::TcpStream::connect(addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    slow.write_all(format!("{}name=", head(100)).as_bytes())
        .unwrap();
    let mut cut = String::new();
    let _ = slow.read_to_string(&mut cut);
    assert!(
        cut.is_empty() || !cut.starts_with("HTTP/1.1 200"),
        "an unfinished body is not served: {cut}"
    );
    // The slot is free again: a whole request is answered (no such cycle: 404), not 429.
    let body = "name=Ingen";
    let mut next = std::net::TcpStream::connect(addr).unwrap();
    next.write_all(format!("{}{body}", head(body.len())).as_bytes())
        .unwrap();
    let mut answer = String::new();
    next.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    server.stop(&runtime);
}

#[tokio::test]
async fn a_password_reset_ends_the_older_sessions() {
    let (_dir, router, state) = app();
    let mut kari = Browser::new(&router);
    assert_eq!(
        kari.login("kari", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(kari.get("/").await.status, StatusCode::OK);
    let store = state.app.store();
    assert!(
        store
            .set_password("kari", hash_password("et nytt og langt passord"))
            .unwrap()
    );
    let home = kari.get("/").await;
    assert_eq!(
        home.status,
        StatusCode::SEE_OTHER,
        "the old session still works"
    );
    assert_eq!(home.location(), "/logg-inn");
}

#[tokio::test]
async fn an_idle_session_ends() {
    let dir = TempDir::new("security");
    seed(&Store::open(&dir.db()).unwrap());
    let (router, _state) = app_on(
        &dir.db(),
        Config {
            session_idle: Duration::ZERO,
            ..Config::default()
        },
    );
    let mut kari = Browser::new(&router);
    assert_eq!(
        kari.login("kari", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let home = kari.get("/").await;
    assert_eq!(
        home.status,
        StatusCode::SEE_OTHER,
        "idle longer than allowed"
    );
    // With the default idle time the session stays.
    let (_dir, router, _state) = app();
    let mut ola = Browser::new(&router);
    assert_eq!(
        ola.login("ola", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(ola.get("/").await.status, StatusCode::OK);
    assert_eq!(ola.get("/").await.status, StatusCode::OK);
}

#[test]
fn the_password_policy_refuses_short_and_common_passwords() {
    for bad in [
        "a",
        "passord",
        "Passord12345",
        "qwerty123456",
        "aaaaaaaaaaaaaaa",
        "123456789012",
    ] {
        assert!(check_password_policy(bad, 12).is_err(), "{bad}");
    }
    for good in [
        "demo-saksbehandler",
        "korrekt hest batteri stift",
        "Tre-ord-som-huskes",
    ] {
        assert!(check_password_policy(good, 12).is_ok(), "{good}");
    }
}

#[tokio::test]
async fn a_claimed_response_time_is_bounded_by_what_the_server_measured() {
    let (_dir, router, state) = app();
    let token = crate::web::api_login(&router, "kari").await;
    let (status, started) =
        crate::web::api(&router, "POST", "/api/cycles/1/test", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let test = started["test_id"].as_u64().unwrap();
    let position = started["current"]["position"].as_u64().unwrap();
    let body = format!(r#"{{"position":{position},"option":0,"response_ms":3600000}}"#);
    let (status, reply) = crate::web::api(
        &router,
        "POST",
        &format!("/api/tests/{test}/answer"),
        Some(&token),
        Some(&body),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let (history, _) = state.app.store().history(TestId(test)).unwrap();
    let stored = history[0].response_ms;
    // The item was shown moments ago: an hour is not believed.
    assert!(stored < 3_600_000, "stored {stored} ms");
}

#[tokio::test]
async fn a_login_csrf_pair_not_signed_by_the_server_is_refused() {
    let (_dir, router, _state) = app();
    let mut mallory = Browser::new(&router);
    // Any matching cookie and field used to pass the double submit.
    mallory.cookies.insert(
        "forvalt_login".into(),
        "0123456789abcdef0123456789abcdef".into(),
    );
    let reply = mallory
        .post(
            "/logg-inn",
            &[
                ("csrf", "0123456789abcdef0123456789abcdef"),
                ("employee_id", "kari"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // The form's own signed token works.
    let mut kari = Browser::new(&router);
    assert_eq!(
        kari.login("kari", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn secure_cookies_use_host_prefixed_names() {
    let dir = TempDir::new("security");
    seed(&Store::open(&dir.db()).unwrap());
    let (_, state) = app_on(&dir.db(), Config::default());
    let state = forvalt::web::AppState {
        cookies: forvalt::web::Cookies::Secure,
        ..state
    };
    let router = forvalt::web::app(state);
    let mut kari = Browser::new(&router);
    let reply = kari.login("kari", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let cookies: Vec<&str> = reply
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("__Host-forvalt_session=")
                && c.contains("; Secure")
                && c.contains("Path=/")),
        "{cookies:?}"
    );
    assert!(kari.cookies.contains_key("__Host-forvalt_login"));
    assert_eq!(kari.get("/").await.status, StatusCode::OK);
}

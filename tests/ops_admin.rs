//! Operations: `/healthz`, `/metrics` and its protection, request ids in responses and logs,
//! the audit log of HR report views, schema migration 1 → 2, backup/restore (also while a
//! server is serving), retention, and configuration errors from the command line.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use forvalt::app::simulee::{Choice, caseworker, enrol, take_test};
use forvalt::app::{AnswerInput, Current, Principal};
use forvalt::store::{
    self, ANONYMISED_USER, BackupError, CycleId, ExportRow, Role, SCHEMA_VERSION, Store, TestId,
    UserId,
};
use forvalt::web::AppState;
use forvalt::web::ops::OpsSettings;
use jiff::ToSpan;
use tower::ServiceExt;

use crate::support::forvalt;
use crate::web::{Browser, PASSWORD, TempDir, add_admin, app, seed};
use crate::web_hr::{logged_in, organisation, take_tests};

const TOKEN: &str = "a-long-ops-token-for-tests";

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

/// One request through the router, from `peer` (none: the server did not record a peer).
async fn send(router: &Router, request: Request<Body>, peer: Option<[u8; 4]>) -> Reply {
    let mut request = request;
    if let Some(ip) = peer {
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((ip, 50000))));
    }
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).to_string(),
    }
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

const LOOPBACK: Option<[u8; 4]> = Some([127, 0, 0, 1]);
const REMOTE: Option<[u8; 4]> = Some([10, 1, 2, 3]);

#[tokio::test]
async fn healthz_is_ok_and_503_when_the_database_does_not_answer_as_expected() {
    let (_dir, router, state) = app();
    let reply = send(&router, get("/healthz"), REMOTE).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, "ok\n");
    // A database that answers with a schema this build does not expect is not healthy.
    state.app.store().force_schema_version(99).unwrap();
    let reply = send(&router, get("/healthz"), REMOTE).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.body, "unavailable\n", "no details to the outside");
}

#[tokio::test]
async fn metrics_are_refused_except_from_loopback_or_with_the_token() {
    let (_dir, default_router, state) = app();
    // Default settings: nobody without the token, loopback included (issue 13, item 2).
    for peer in [REMOTE, None, LOOPBACK] {
        assert_eq!(
            send(&default_router, get("/metrics"), peer).await.status,
            StatusCode::FORBIDDEN,
            "{peer:?}"
        );
    }
    // Loopback trust switched on: direct loopback requests only.
    let router = forvalt::web::app(state.clone().with_ops(OpsSettings {
        allow_loopback: true,
        ..OpsSettings::default()
    }));
    assert_eq!(
        send(&router, get("/metrics"), REMOTE).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&router, get("/metrics"), None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&router, get("/metrics"), LOOPBACK).await.status,
        StatusCode::OK
    );
    let forwarded = Request::get("/metrics")
        .header("x-forwarded-for", "203.0.113.9")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&router, forwarded, LOOPBACK).await.status,
        StatusCode::FORBIDDEN,
        "a request relayed by a proxy on this host is not a loopback request"
    );
    let bearer = |token: &str| {
        Request::get("/metrics")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(
        send(&router, bearer(TOKEN), REMOTE).await.status,
        StatusCode::FORBIDDEN,
        "no token configured"
    );

    // With a token, and loopback switched off.
    let router = forvalt::web::app(state.with_ops(OpsSettings {
        token: Some(TOKEN.into()),
        allow_loopback: false,
        ..OpsSettings::default()
    }));
    assert_eq!(
        send(&router, bearer(TOKEN), REMOTE).await.status,
        StatusCode::OK
    );
    assert_eq!(
        send(&router, bearer("a-long-but-wrong-token-xx"), REMOTE)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&router, get("/metrics"), LOOPBACK).await.status,
        StatusCode::FORBIDDEN
    );
    let backup = Request::post("/ops/backup").body(Body::empty()).unwrap();
    assert_eq!(
        send(&router, backup, REMOTE).await.status,
        StatusCode::FORBIDDEN
    );
    // /healthz stays open.
    assert_eq!(
        send(&router, get("/healthz"), REMOTE).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_logins_and_answers() {
    let (_dir, router, state) = app();
    let router_with_loopback = forvalt::web::app(state.with_ops(OpsSettings {
        allow_loopback: true,
        ..OpsSettings::default()
    }));
    let mut kari = Browser::new(&router);
    kari.ip = Some([10, 0, 0, 7]);
    assert_eq!(
        kari.login("kari", "feil").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        kari.login("kari", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let url = kari.start().await;
    let (position, csrf, _) = kari.item(&url).await.unwrap();
    let reply = kari.answer(&url, &position, &csrf, 1).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    kari.get("/finnes/ikke").await;

    let metrics = send(&router_with_loopback, get("/metrics"), LOOPBACK).await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(
        metrics.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let body = &metrics.body;
    for line in [
        "forvalt_http_requests_total{route=\"/tester/{test}/svar\",method=\"POST\",status=\"303\"} 1",
        "forvalt_http_requests_total{route=\"/logg-inn\",method=\"POST\",status=\"401\"} 1",
        "forvalt_http_requests_total{route=\"/logg-inn\",method=\"POST\",status=\"303\"} 1",
        "forvalt_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1",
        "forvalt_http_request_duration_seconds_count{route=\"/tester/{test}/svar\",method=\"POST\"} 1",
        "forvalt_http_request_duration_seconds_bucket{route=\"/tester/{test}/svar\",method=\"POST\",le=\"+Inf\"} 1",
        "forvalt_logins_total{outcome=\"success\"} 1",
        "forvalt_logins_total{outcome=\"failure\"} 1",
        "forvalt_logins_total{outcome=\"rate_limited\"} 0",
        "forvalt_answers_stored 1",
        "forvalt_open_tests 1",
        "# TYPE forvalt_http_request_duration_seconds histogram",
    ] {
        assert!(body.contains(line), "missing {line} in\n{body}");
    }
    assert!(!body.contains("/tester/1"), "raw paths never become labels");
    assert!(
        !body.contains("finnes"),
        "unmatched paths never become labels"
    );
    // Buckets are cumulative and end at the count.
    let buckets: Vec<u64> = body
        .lines()
        .filter(|l| {
            l.starts_with(
                "forvalt_http_request_duration_seconds_bucket{route=\"/logg-inn\",method=\"POST\"",
            )
        })
        .map(|l| l.rsplit(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(buckets.len(), 13);
    assert!(buckets.windows(2).all(|w| w[0] <= w[1]), "{buckets:?}");
    assert_eq!(*buckets.last().unwrap(), 2);
}

/// A `MakeWriter` into a shared buffer, to read what was logged.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

/// Everything logged by the whole test binary, from the first call on.
///
/// One process-wide subscriber rather than `tracing::subscriber::set_default`: a thread-local
/// subscriber races with the callsite interest other test threads register concurrently, and
/// the request line was then sometimes never logged. Tests read only the lines of their own
/// request ids.
fn logs() -> &'static Captured {
    static LOGS: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(logs.clone())
            .with_ansi(false)
            .json()
            .with_current_span(true)
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other test sets a global subscriber");
        logs
    })
}

#[tokio::test]
async fn request_ids_are_echoed_or_generated_and_carried_by_log_lines() {
    let (_dir, router, _state) = app();
    let logs = logs();
    let mut ours: Vec<String> = Vec::new();

    let with_id = |id: &str| {
        Request::get("/logg-inn?hemmelig=passord123")
            .header("x-request-id", id)
            .body(Body::empty())
            .unwrap()
    };
    let reply = send(&router, with_id("req-42.a_b"), REMOTE).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["x-request-id"], "req-42.a_b");
    ours.push("req-42.a_b".into());

    for bad in ["has space", "a/b", &"x".repeat(65), "æøå"] {
        let Ok(request) = Request::get("/logg-inn")
            .header("x-request-id", bad)
            .body(Body::empty())
        else {
            continue;
        };
        let reply = send(&router, request, REMOTE).await;
        let id = reply.headers["x-request-id"].to_str().unwrap();
        assert_ne!(id, bad);
        assert!(
            id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            "{id}"
        );
        ours.push(id.to_string());
    }
    let a = send(&router, get("/logg-inn"), REMOTE).await;
    let b = send(&router, get("/logg-inn"), REMOTE).await;
    assert_ne!(a.headers["x-request-id"], b.headers["x-request-id"]);
    for reply in [&a, &b] {
        ours.push(reply.headers["x-request-id"].to_str().unwrap().to_string());
    }

    // A failed login logs its request line with the id, but never the password or the query.
    let mut browser = Browser::new(&router);
    let reply = browser.login("kari", "galt-passord-77").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let id = reply.headers["x-request-id"].to_str().unwrap().to_string();
    ours.push(id.clone());
    // A set-password token in the path is personal and a credential: it is logged as `…`.
    let token = "a-set-password-token-never-logged";
    let request = Request::get(format!("/passord/{token}"))
        .header("x-request-id", "req-passord")
        .body(Body::empty())
        .unwrap();
    send(&router, request, REMOTE).await;
    ours.push("req-passord".into());

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("every log line is JSON"))
        .collect();
    let request_lines: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l["fields"]["message"] == "request")
        .collect();
    for line in &request_lines {
        let id = line["span"]["request_id"].as_str().unwrap_or("");
        assert!(!id.is_empty(), "a request line without its id: {line}");
    }
    for id in &ours {
        assert!(
            request_lines
                .iter()
                .any(|l| l["span"]["request_id"] == id.as_str()),
            "no request line for {id}: {text}"
        );
    }
    assert!(
        request_lines
            .iter()
            .any(|l| l["span"]["request_id"] == id.as_str() && l["fields"]["status"] == 401),
        "{text}"
    );
    assert!(text.contains("/passord/…"), "{text}");
    assert!(!text.contains(token), "{text}");
    assert!(
        !text.contains("passord123") && !text.contains("hemmelig"),
        "{text}"
    );
    assert!(!text.contains("galt-passord-77"), "{text}");
}

#[tokio::test]
async fn report_views_and_exports_are_audited_and_only_admins_read_the_log() {
    let (_dir, router, state) = app();
    organisation(&state);
    add_admin(&state);
    let mut hanne = logged_in(&router, "hanne").await;
    for url in [
        "/hr?syklus=1&niva=2",
        "/hr/tema?syklus=1&niva=2&format=csv",
        "/hr/gjennomforing/personer?syklus=1&format=json",
        "/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA&format=csv",
    ] {
        assert_eq!(hanne.get(url).await.status, StatusCode::OK, "{url}");
    }
    // A refused request is not a view.
    let mut kari = logged_in(&router, "kari").await;
    assert_eq!(
        kari.get("/hr/tema?format=csv").await.status,
        StatusCode::FORBIDDEN
    );

    let log = state.app.store().audit_log_all().unwrap();
    assert_eq!(log.len(), 4, "{log:?}");
    assert!(
        log.iter()
            .all(|e| e.employee_id == "hanne" && e.role == Role::Hr)
    );
    assert_eq!(log[0].route, "/hr");
    assert_eq!(
        (log[0].cycle_id, log[0].level, log[0].format.as_str()),
        (Some(1), Some(2), "html")
    );
    assert_eq!(
        (log[1].route.as_str(), log[1].format.as_str()),
        ("/hr/tema", "csv")
    );
    assert_eq!(
        (log[2].route.as_str(), log[2].level),
        ("/hr/gjennomforing/personer", None)
    );
    assert_eq!(log[3].route, "/hr/tema/{topic}");
    assert_eq!(log[3].topic.as_deref(), Some("habilitet"));
    assert_eq!(log[3].department.as_deref(), Some("Etat/A"));

    for url in ["/admin/revisjon", "/admin/revisjon?format=csv"] {
        assert_eq!(
            hanne.get(url).await.status,
            StatusCode::FORBIDDEN,
            "HR {url}"
        );
        assert_eq!(
            kari.get(url).await.status,
            StatusCode::FORBIDDEN,
            "caseworker {url}"
        );
    }
    let mut adam = logged_in(&router, "adam").await;
    let start = adam.get("/admin").await;
    assert_eq!(start.status, StatusCode::OK);
    assert!(
        start.body.contains("href=\"/admin/revisjon\""),
        "{}",
        start.body
    );
    let page = adam.get("/admin/revisjon").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Revisjonslogg") && page.body.contains("/hr/tema/{topic}"));
    assert!(page.body.contains("Etat/A") && page.body.contains("hanne"));
    let csv = adam.get("/admin/revisjon?format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut lines = csv.body.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,at,employee_id,user_id,role,route,cycle_id,level,topic,department,format"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 4);
    assert!(rows[0].starts_with("4,"), "newest first: {}", rows[0]);
    assert!(
        rows[0].contains(",hr,/hr/tema/{topic},1,2,habilitet,Etat/A,csv"),
        "{}",
        rows[0]
    );
    assert_eq!(
        adam.get("/admin/revisjon?format=pdf").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[test]
fn a_version_1_database_is_migrated_in_place() {
    let dir = TempDir::new("web");
    {
        let store = Store::open(&dir.db()).unwrap();
        seed(&store);
    }
    // Make it exactly what a version-1 build wrote: no audit table, version 1.
    {
        use redb::{Database, TableDefinition};
        let db = Database::open(dir.db()).unwrap();
        let txn = db.begin_write().unwrap();
        let audit: TableDefinition<u64, &[u8]> = TableDefinition::new("audit_log");
        assert!(txn.delete_table(audit).unwrap());
        let meta: TableDefinition<&str, u64> = TableDefinition::new("meta");
        txn.open_table(meta)
            .unwrap()
            .insert("schema_version", 1)
            .unwrap();
        txn.commit().unwrap();
    }
    assert_eq!(store::backup_schema_version(&dir.db()).unwrap(), 1);
    let store = Store::open(&dir.db()).expect("a version-1 file opens");
    store.health().unwrap();
    assert_eq!(store.users().unwrap().len(), 3, "the data is kept");
    assert_eq!(store.cycles().unwrap().len(), 1);
    let entry = forvalt::store::AuditRecord {
        id: 0,
        at: jiff::Timestamp::now(),
        user_id: 3,
        employee_id: "hanne".into(),
        role: Role::Hr,
        route: "/hr".into(),
        cycle_id: Some(1),
        level: Some(2),
        topic: None,
        department: None,
        format: "html".into(),
    };
    assert_eq!(store.append_audit(&entry).unwrap().id, 1);
    drop(store);
    assert_eq!(
        store::backup_schema_version(&dir.db()).unwrap(),
        SCHEMA_VERSION
    );
}

/// Everything a backup must carry, for comparing two databases.
#[derive(Debug, PartialEq)]
struct Contents {
    users: Vec<store::UserRecord>,
    departments: Vec<store::DepartmentRecord>,
    cycles: Vec<store::CycleRecord>,
    tests: Vec<store::TestRecord>,
    responses: Vec<store::ResponseRecord>,
    audit: Vec<store::AuditRecord>,
    export: Vec<ExportRow>,
}

fn contents(store: &Store) -> Contents {
    Contents {
        users: store.users().unwrap(),
        departments: store.departments().unwrap(),
        cycles: store.cycles().unwrap(),
        tests: store.tests().unwrap(),
        responses: store.all_responses().unwrap(),
        audit: store.audit_log_all().unwrap(),
        export: store.export_rows().unwrap(),
    }
}

#[tokio::test]
async fn backup_and_restore_round_trip_with_refusals() {
    let (dir, router, state) = app();
    organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;
    assert_eq!(
        hanne.get("/hr/tema?format=csv").await.status,
        StatusCode::OK
    );
    let store = state.app.store();
    let before = contents(store);
    assert!(before.responses.len() > 100 && before.audit.len() == 1);

    let backup = dir.path().join("backup.redb");
    let summary = store.backup_to(&backup).unwrap();
    assert_eq!(summary.tables, 14);
    assert_eq!(summary.schema_version, SCHEMA_VERSION);
    assert!(matches!(
        store.backup_to(&backup),
        Err(BackupError::Exists(_))
    ));
    assert_eq!(contents(&Store::open(&backup).unwrap()), before);

    // Restore over the file the server holds: refused, nothing changed.
    let refused = store::restore(&backup, &dir.db()).unwrap_err();
    assert!(matches!(refused, BackupError::Locked(_)), "{refused}");
    assert!(refused.to_string().contains("open in another process"));

    // Restore to a new file and over an existing (closed) one.
    let restored = dir.path().join("restored.redb");
    store::restore(&backup, &restored).unwrap();
    assert_eq!(contents(&Store::open(&restored).unwrap()), before);
    let other = dir.path().join("other.redb");
    seed(&Store::open(&other).unwrap());
    store::restore(&backup, &other).unwrap();
    assert_eq!(contents(&Store::open(&other).unwrap()), before);
    assert!(!dir.path().join("other.redb.restoring").exists());

    // A backup from a newer forvalt, or a file that is not a backup, is refused.
    let newer = dir.path().join("newer.redb");
    std::fs::copy(&backup, &newer).unwrap();
    Store::open(&newer)
        .unwrap()
        .force_schema_version(SCHEMA_VERSION + 1)
        .unwrap();
    let e = store::restore(&newer, &restored).unwrap_err();
    assert!(matches!(e, BackupError::Newer { .. }), "{e}");
    let junk = dir.path().join("junk.redb");
    std::fs::write(&junk, b"not a database").unwrap();
    assert!(store::restore(&junk, &restored).is_err());
    assert_eq!(
        contents(&Store::open(&restored).unwrap()),
        before,
        "refusals change nothing"
    );
}

/// Caseworkers `live1…` take tests through the service until `stop` is set.
fn keep_answering(state: AppState, stop: Arc<std::sync::atomic::AtomicBool>) -> usize {
    let service = &state.app;
    let store = service.store();
    let now = jiff::Timestamp::now();
    let mut answers = 0;
    for i in 1.. {
        if stop.load(std::sync::atomic::Ordering::SeqCst) || i > 200 {
            break;
        }
        let input = caseworker(
            format!("live{i}"),
            format!("Live {i}"),
            "Etat/Live",
            "example.no",
        );
        let principal = enrol(store, &[input], now).unwrap().remove(0);
        let test = service
            .test_taking
            .start_test(&principal, CycleId(1), now)
            .unwrap();
        answers += take_test(
            &service.test_taking,
            &principal,
            TestId(test.id),
            now,
            usize::MAX,
            |_| Choice {
                option: 0,
                response_ms: 100,
            },
        )
        .unwrap();
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_while_the_server_is_serving_is_consistent_and_restores() {
    let (dir, _router, state) = app();
    organisation(&state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // As `forvalt serve` does without a configured token: one beside the database, where
    // `forvalt backup` finds it.
    let token = forvalt::web::ops::write_token_file(&dir.db()).unwrap();
    let served = state.clone().with_ops(OpsSettings {
        token: Some(token),
        ..OpsSettings::default()
    });
    let app = forvalt::web::app(served).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (state, stop) = (state.clone(), stop.clone());
        tokio::task::spawn_blocking(move || keep_answering(state, stop))
    };
    let backup = dir.path().join("live-backup.redb");
    let (db, path, server) = (dir.db(), backup.clone(), addr.to_string());
    let output = tokio::task::spawn_blocking(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        forvalt(&[
            "backup",
            path.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
            "--server",
            &server,
        ])
    })
    .await
    .unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let answered = writer.await.unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("through the server"), "{stdout}");
    assert!(answered > 0, "answers were being written during the backup");

    // The backup is one consistent snapshot: every test's answers are contiguous and match its
    // pending item, and every stored answer is exactly what the live database holds.
    let copy = Store::open(&backup).unwrap();
    let live = state.app.store();
    let live_responses = live.all_responses().unwrap();
    for test in copy.tests().unwrap() {
        let (answers, pending) = copy.history(TestId(test.id)).unwrap();
        for (i, a) in answers.iter().enumerate() {
            assert_eq!(a.position as usize, i, "test {}", test.id);
            assert!(live_responses.contains(a));
        }
        match (&test.finished, pending) {
            (Some(_), p) => assert!(p.is_none(), "finished test {} has a pending item", test.id),
            (None, Some(p)) => assert_eq!(p.position as usize, answers.len()),
            (None, None) => assert!(answers.is_empty()),
        }
    }
    let copied = contents(&copy);
    drop(copy);

    // Restoring over the served file is refused; restoring elsewhere gives the snapshot.
    let restored = dir.path().join("restored.redb");
    let refused = forvalt(&[
        "restore",
        "--from",
        backup.to_str().unwrap(),
        "--db",
        dir.db().to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("open in another process"));
    let ok = forvalt(&[
        "restore",
        "--from",
        backup.to_str().unwrap(),
        "--db",
        restored.to_str().unwrap(),
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(contents(&Store::open(&restored).unwrap()), copied);

    // A second backup to the same path is refused; a server that refuses is reported.
    let again = forvalt(&[
        "backup",
        backup.to_str().unwrap(),
        "--db",
        dir.db().to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let nowhere = forvalt(&[
        "backup",
        dir.path().join("b2.redb").to_str().unwrap(),
        "--db",
        dir.db().to_str().unwrap(),
        "--server",
        "127.0.0.1:9",
    ]);
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("cannot be reached"));
}

/// The topic CSV of a cycle, as HR downloads it.
async fn topic_csv(hr: &mut Browser, cycle: u64) -> String {
    let reply = hr
        .get(&format!("/hr/tema?syklus={cycle}&niva=2&format=csv"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

fn items_of(store: &Store, test_id: u64) -> Vec<String> {
    store
        .history(TestId(test_id))
        .unwrap()
        .0
        .into_iter()
        .map(|r| r.item_id)
        .collect()
}

#[tokio::test]
async fn retention_pseudonymises_old_cycles_and_keeps_reports_and_recent_cycles() {
    let (dir, router, state) = app();
    let store = state.app.store();
    let today = jiff::Zoned::now().date();
    let old = store
        .add_cycle(
            "2024–2025",
            jiff::civil::date(2024, 9, 1),
            jiff::civil::date(2025, 6, 30),
        )
        .unwrap();
    let previous = store
        .add_cycle(
            "2025–2026",
            jiff::civil::date(2025, 9, 1),
            today - 30.days(),
        )
        .unwrap();
    for cycle in [old.id, previous.id] {
        take_tests(&state, cycle, "a", "Etat/A", 7, Some(0));
        take_tests(&state, cycle, "b", "Etat/B", 6, None);
        take_tests(&state, cycle, "d", "Etat/D", 6, None);
    }
    // One test of the old cycle left unfinished, with its pending item.
    let kari = store.user_by_login("kari").unwrap().unwrap();
    let kari_p = Principal {
        user: kari.clone(),
        csrf: String::new(),
    };
    let unfinished = state
        .app
        .test_taking
        .start_test(&kari_p, CycleId(old.id), jiff::Timestamp::now())
        .unwrap();
    state
        .app
        .test_taking
        .current(&kari_p, TestId(unfinished.id), jiff::Timestamp::now())
        .unwrap();
    // An expired login session.
    store
        .put_login_session(
            "expired-hash",
            &store::LoginSessionRecord {
                user_id: kari.id,
                csrf: "x".into(),
                created_at: jiff::Timestamp::now() - 48.hours(),
                expires_at: jiff::Timestamp::now() - 1.hour(),
            },
        )
        .unwrap();

    let mut hanne = logged_in(&router, "hanne").await;
    let old_report = topic_csv(&mut hanne, old.id).await;
    let previous_report = topic_csv(&mut hanne, previous.id).await;
    assert!(
        old_report.contains("Etat/A,") && old_report.contains(",true,"),
        "{old_report}"
    );
    let previous_tests: Vec<_> = store
        .tests()
        .unwrap()
        .into_iter()
        .filter(|t| t.cycle_id == previous.id)
        .collect();
    let previous_history: Vec<_> = previous_tests
        .iter()
        .map(|t| store.history(TestId(t.id)).unwrap())
        .collect();
    let export_before = store.export_rows().unwrap();

    // A dry run counts and changes nothing.
    let dry = store
        .apply_retention(
            2,
            jiff::Timestamp::now(),
            forvalt::store::RetentionRun::DryRun,
        )
        .unwrap();
    assert!(dry.dry_run);
    assert_eq!(
        dry.old_cycles.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![old.id]
    );
    assert_eq!(dry.tests_unlinked, 20);
    assert_eq!(dry.pending_removed, 1);
    assert!(dry.sessions_removed >= 1);
    assert_eq!(store.export_rows().unwrap(), export_before);

    // In batches of 3 tests (7 transactions), as on a big database.
    let done = store
        .apply_retention_in_batches(
            2,
            jiff::Timestamp::now(),
            forvalt::store::RetentionRun::Apply,
            3,
        )
        .unwrap();
    assert_eq!((done.tests_unlinked, done.pending_removed), (20, 1));
    assert!(done.timestamps_coarsened > 100);

    // The old cycle's report is the same; so is the previous cycle's (with its trend).
    assert_eq!(topic_csv(&mut hanne, old.id).await, old_report);
    assert_eq!(topic_csv(&mut hanne, previous.id).await, previous_report);

    // No personal link remains in the old cycle.
    let start = jiff::civil::date(2024, 9, 1)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp();
    for test in store
        .tests()
        .unwrap()
        .into_iter()
        .filter(|t| t.cycle_id == old.id)
    {
        assert_eq!(test.user_id, ANONYMISED_USER);
        assert!(
            test.department
                .as_deref()
                .is_some_and(|d| d.starts_with("Etat/") || d.starts_with("BUF/"))
        );
        assert_eq!(test.started_at, start);
        assert!(test.finished.as_ref().is_none_or(|f| f.at == start));
        let (answers, pending) = store.history(TestId(test.id)).unwrap();
        assert!(pending.is_none());
        assert!(answers.iter().all(|a| a.answered_at == start));
    }
    for user in store.users().unwrap() {
        assert!(
            store
                .tests_of_user(UserId(user.id))
                .unwrap()
                .iter()
                .all(|t| t.cycle_id != old.id)
        );
    }
    let export = store.export_rows().unwrap();
    let old_rows: Vec<_> = export.iter().filter(|r| r.cycle == old.name).collect();
    assert!(!old_rows.is_empty());
    assert!(
        old_rows
            .iter()
            .all(|r| r.employee_id.is_empty() && !r.department.is_empty())
    );
    assert!(store.login_session("expired-hash").unwrap().is_none());
    // The completion list of the old cycle no longer says who took the test.
    let people = hanne
        .get(&format!(
            "/hr/gjennomforing/personer?syklus={}&format=csv",
            old.id
        ))
        .await;
    assert!(!people.body.contains("completed"), "{}", people.body);

    // The recent cycles are untouched.
    for (test, history) in previous_tests.iter().zip(&previous_history) {
        assert_eq!(store.test(TestId(test.id)).unwrap().as_ref(), Some(test));
        assert_eq!(&store.history(TestId(test.id)).unwrap(), history);
    }

    // Running it again changes nothing.
    let again = store
        .apply_retention(
            2,
            jiff::Timestamp::now(),
            forvalt::store::RetentionRun::Apply,
        )
        .unwrap();
    assert_eq!(
        (
            again.tests_unlinked,
            again.timestamps_coarsened,
            again.pending_removed
        ),
        (0, 0, 0)
    );
    assert!(
        store
            .apply_retention(
                0,
                jiff::Timestamp::now(),
                forvalt::store::RetentionRun::DryRun
            )
            .is_err(),
        "keep ≥ 1"
    );

    // A caseworker's previous-cycle items are still excluded in the current cycle.
    let a1 = store.user_by_login("a1").unwrap().unwrap();
    let a1_previous = store.tests_of_user(UserId(a1.id)).unwrap();
    assert_eq!(
        a1_previous.len(),
        1,
        "only the kept cycle's test links to a1"
    );
    let seen = items_of(store, a1_previous[0].id);
    let a1_p = Principal {
        user: a1,
        csrf: String::new(),
    };
    let now = jiff::Timestamp::now();
    let current = state
        .app
        .test_taking
        .start_test(&a1_p, CycleId(1), now)
        .unwrap();
    while let Current::Item(item) = state
        .app
        .test_taking
        .current(&a1_p, TestId(current.id), now)
        .unwrap()
    {
        let input = AnswerInput {
            position: item.position,
            option: 0,
            response_ms: None,
        };
        state
            .app
            .test_taking
            .answer(&a1_p, TestId(current.id), input, now)
            .unwrap();
    }
    let shown = items_of(store, current.id);
    assert!(!shown.is_empty());
    assert!(
        shown.iter().all(|i| !seen.contains(i)),
        "{shown:?} vs {seen:?}"
    );
    drop(dir);
}

#[test]
fn retention_and_config_from_the_command_line() {
    let dir = TempDir::new("web");
    seed(&Store::open(&dir.db()).unwrap());
    let db = dir.db();
    let db = db.to_str().unwrap();
    let out = forvalt(&["retention", "--keep-cycles", "1", "--dry-run", "--db", db]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("nothing to pseudonymise") && stdout.contains("dry run"),
        "{stdout}"
    );
    let zero = forvalt(&["retention", "--keep-cycles", "0", "--db", db]);
    assert_eq!(zero.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&zero.stderr)
            .contains("--keep-cycles: retention_keep_cycles: expected a whole number ≥ 1")
    );
    let missing = forvalt(&["retention", "--db", db]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("give --keep-cycles"));

    let example = forvalt(&["config", "example"]);
    assert!(example.status.success());
    let text = String::from_utf8_lossy(&example.stdout);
    assert!(text.contains("# report_min_people = 5") && text.contains("FORVALT_REPORT_MIN_PEOPLE"));

    let config = dir.path().join("forvalt.toml");
    std::fs::write(
        &config,
        format!("db = \"{db}\"\nreport_min_people = 3\nretention_keep_cycles = 2\n"),
    )
    .unwrap();
    let show = forvalt(&["config", "show", "--config", config.to_str().unwrap()]);
    let shown = String::from_utf8_lossy(&show.stdout);
    assert!(
        show.status.success(),
        "{}",
        String::from_utf8_lossy(&show.stderr)
    );
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("report_min_people") && l.contains("forvalt.toml:2")),
        "{shown}"
    );
    let via_config = forvalt(&["retention", "--config", config.to_str().unwrap()]);
    assert!(
        via_config.status.success(),
        "{}",
        String::from_utf8_lossy(&via_config.stderr)
    );

    std::fs::write(&config, "addr = \"127.0.0.1:0\"\nreport_min_peple = 3\n").unwrap();
    let bad = forvalt(&["serve", "--config", config.to_str().unwrap(), "--db", db]);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("forvalt.toml:2: unknown key `report_min_peple`"),
        "{stderr}"
    );
    let _ = Path::new(db);
}

#[test]
fn the_server_applies_configured_retention_at_start_and_logs_json() {
    let dir = TempDir::new("web");
    let old_id = {
        let (router, state) = app_at(&dir);
        let old = state
            .app
            .store()
            .add_cycle(
                "2024–2025",
                jiff::civil::date(2024, 9, 1),
                jiff::civil::date(2025, 6, 30),
            )
            .unwrap();
        take_tests(&state, old.id, "a", "Etat/A", 3, None);
        drop((router, state));
        old.id
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_forvalt"))
        .args([
            "serve",
            "--db",
            dir.db().to_str().unwrap(),
            "--bank",
            "tests/fixtures/bank",
        ])
        .current_dir(crate::support::repo())
        .env("FORVALT_ADDR", "127.0.0.1:0")
        .env("FORVALT_RETENTION_KEEP_CYCLES", "1")
        .env("FORVALT_LOG_FORMAT", "json")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut applied = None;
    while applied.is_none() && std::time::Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(200)) {
            let json: serde_json::Value = serde_json::from_str(&line)
                .unwrap_or_else(|_| panic!("not a JSON log line: {line}"));
            if json["fields"]["message"] == "retention applied" {
                applied = Some(json);
            }
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let applied = applied.expect("the server logs that it applied retention");
    assert_eq!(applied["fields"]["tests_unlinked"], 3, "{applied}");
    let store = Store::open(&dir.db()).unwrap();
    let old_tests: Vec<_> = store
        .tests()
        .unwrap()
        .into_iter()
        .filter(|t| t.cycle_id == old_id)
        .collect();
    assert_eq!(old_tests.len(), 3);
    assert!(old_tests.iter().all(|t| t.user_id == ANONYMISED_USER));
}

/// A seeded app on the database in `dir`.
fn app_at(dir: &TempDir) -> (Router, AppState) {
    seed(&Store::open(&dir.db()).unwrap());
    crate::web::app_on(&dir.db(), forvalt::app::Config::default())
}

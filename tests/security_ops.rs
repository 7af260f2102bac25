//! The operations endpoints (issue 13, item 2): `/metrics` and `/ops/backup` need the ops token
//! by default; loopback trust is opt-in and any forwarding header disqualifies it; backups are
//! audited and limited.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use forvalt::web::ops::OpsSettings;
use tower::ServiceExt;

use crate::web::app;

const TOKEN: &str = "security-tests-ops-token";

async fn status(router: &Router, request: Request<Body>, ip: [u8; 4]) -> StatusCode {
    let mut request = request;
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 50001))));
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    // Read the body to its end (a backup streams from a blocking reader).
    let _ = axum::body::to_bytes(response.into_body(), usize::MAX).await;
    status
}

fn backup(token: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/ops/backup");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn backup_from_loopback_needs_the_token_by_default() {
    let (_dir, _router, state) = app();
    let router = forvalt::web::app(state.with_ops(OpsSettings {
        token: Some(TOKEN.into()),
        ..OpsSettings::default()
    }));
    assert_eq!(
        status(&router, backup(None), [127, 0, 0, 1]).await,
        StatusCode::FORBIDDEN,
        "the whole database to anyone on the host"
    );
    assert_eq!(
        status(&router, backup(Some(TOKEN)), [127, 0, 0, 1]).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn any_forwarding_header_disqualifies_loopback_trust() {
    let (_dir, _router, state) = app();
    let router = forvalt::web::app(state.with_ops(OpsSettings {
        allow_loopback: true,
        ..OpsSettings::default()
    }));
    for (name, value) in [
        ("x-forwarded-for", "203.0.113.9"),
        ("forwarded", "for=203.0.113.9"),
        ("x-real-ip", "203.0.113.9"),
        ("x-forwarded-host", "forvalt.example.no"),
        ("via", "1.1 proxy"),
        ("true-client-ip", "203.0.113.9"),
    ] {
        let request = Request::get("/metrics")
            .header(name, value)
            .body(Body::empty())
            .unwrap();
        assert_eq!(
            status(&router, request, [127, 0, 0, 1]).await,
            StatusCode::FORBIDDEN,
            "{name}"
        );
    }
    let direct = Request::get("/metrics").body(Body::empty()).unwrap();
    assert_eq!(
        status(&router, direct, [127, 0, 0, 1]).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn backups_are_audited_and_limited_per_hour() {
    let (_dir, _router, state) = app();
    let store_state = state.clone();
    let router = forvalt::web::app(state.with_ops(OpsSettings {
        token: Some(TOKEN.into()),
        backups_per_hour: 2,
        ..OpsSettings::default()
    }));
    for _ in 0..2 {
        assert_eq!(
            status(&router, backup(Some(TOKEN)), [10, 0, 0, 1]).await,
            StatusCode::OK
        );
    }
    assert_eq!(
        status(&router, backup(Some(TOKEN)), [10, 0, 0, 1]).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // A refused request (no token) is neither a backup nor counted.
    assert_eq!(
        status(&router, backup(None), [10, 0, 0, 1]).await,
        StatusCode::FORBIDDEN
    );
    let log = store_state.app.store().audit_log_all().unwrap();
    let backups: Vec<_> = log.iter().filter(|e| e.route == "/ops/backup").collect();
    assert_eq!(backups.len(), 2, "{log:?}");
    assert!(
        backups
            .iter()
            .all(|e| e.employee_id == "ops-token" && e.format == "redb")
    );
}

#[test]
fn the_token_file_is_private_to_the_servers_user() {
    let dir = crate::web::TempDir::new("security");
    let db = dir.db();
    let token = forvalt::web::ops::write_token_file(&db).unwrap();
    assert!(token.len() >= 32);
    assert_eq!(
        forvalt::web::ops::read_token_file(&db).as_deref(),
        Some(token.as_str())
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(forvalt::web::ops::token_file(&db))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "mode {mode:o}");
    }
    // A restart writes a new one.
    let again = forvalt::web::ops::write_token_file(&db).unwrap();
    assert_ne!(again, token);
}

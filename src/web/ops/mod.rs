//! Operations: request ids and metrics for every request ([`metrics`](mod@metrics)), `/healthz`,
//! `/metrics` (Prometheus text format), the backup endpoint behind `forvalt backup` ([`backup`]),
//! `forvalt users` and the other command-line admin commands through the running server
//! (`/ops/users`, [`admin`]). Plain-text answers for tools, no pages.
//!
//! `/metrics` and `/ops/backup` are protected: they answer a request carrying the ops bearer
//! token ([`OpsSettings`]); everyone else gets 403. When no token is configured, `forvalt serve`
//! makes a random one and writes it beside the database ([`token_file`], readable by the
//! server's own user only), where `forvalt backup` finds it: whoever can read that file can read
//! the database file anyway. Trusting the loopback interface without a token is opt-in
//! (`ops_allow_loopback`), and then a request with any forwarding header (a reverse proxy on the
//! same host relays from loopback) is not trusted. Every backup is recorded in the audit log
//! before it is written, at most one runs at a time and at most [`OpsSettings::backups_per_hour`]
//! start per hour. `/healthz` is open: it says "ok" or "unavailable" and nothing more.

mod admin;
mod backup;
mod metrics;

pub use backup::BackupGate;
pub(super) use metrics::generate_id;
pub use metrics::{
    Metrics, REQUEST_ID, RequestId, drop_malformed_request_id, observe, well_formed,
};

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::AppState;
use super::auth::same;

/// Who may reach `/metrics` and `/ops/backup`, and how often a backup may run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpsSettings {
    /// A bearer token that opens the protected endpoints from any address.
    pub token: Option<String>,
    /// Let direct loopback requests (without any forwarding header) in without a token.
    pub allow_loopback: bool,
    /// Backups that may start within an hour (a sliding window).
    pub backups_per_hour: usize,
}

impl Default for OpsSettings {
    fn default() -> OpsSettings {
        OpsSettings {
            token: None,
            allow_loopback: false,
            backups_per_hour: 6,
        }
    }
}

/// Where `forvalt serve` writes the ops token it made when none is configured, and where
/// `forvalt backup` looks for it: beside the database, `<db>.ops-token`.
pub fn token_file(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".ops-token");
    PathBuf::from(name)
}

/// Make a random token and write it to [`token_file`] (mode 0600: the server's user only),
/// replacing an older one.
pub fn write_token_file(db: &Path) -> std::io::Result<String> {
    use std::io::Write as _;
    let token = format!("{}{}", generate_id(), generate_id());
    let path = token_file(db);
    let _ = std::fs::remove_file(&path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path)?;
    file.write_all(format!("{token}\n").as_bytes())?;
    file.sync_all()?;
    Ok(token)
}

/// The token in [`token_file`], if there is one.
pub fn read_token_file(db: &Path) -> Option<String> {
    std::fs::read_to_string(token_file(db))
        .ok()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/ops/backup", post(backup::backup))
        .route("/ops/users", post(users))
        .merge(admin::router())
}

/// Whether a request may use the protected endpoints.
pub fn allowed(settings: &OpsSettings, headers: &HeaderMap, peer: Option<SocketAddr>) -> bool {
    if let Some(token) = settings.token.as_deref().filter(|t| !t.is_empty()) {
        let given = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if same(given, token) {
            return true;
        }
    }
    settings.allow_loopback && !forwarded(headers) && peer.is_some_and(|p| p.ip().is_loopback())
}

/// Who an admitted request is, for the audit log: `ops-token` when it carried the token, else
/// `loopback <ip>` (let in by the opt-in loopback rule).
pub fn caller(settings: &OpsSettings, headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    let token_only = OpsSettings {
        allow_loopback: false,
        ..settings.clone()
    };
    match (allowed(&token_only, headers, peer), peer) {
        (true, _) => "ops-token".to_string(),
        (false, Some(peer)) => format!("loopback {}", peer.ip()),
        (false, None) => "loopback".to_string(),
    }
}

/// Whether a proxy has relayed the request: any of the headers proxies add to name the client.
fn forwarded(headers: &HeaderMap) -> bool {
    const RELAY: [&str; 8] = [
        "forwarded",
        "x-real-ip",
        "via",
        "x-client-ip",
        "true-client-ip",
        "cf-connecting-ip",
        "fastly-client-ip",
        "x-cluster-client-ip",
    ];
    headers.keys().any(|name| {
        let name = name.as_str();
        RELAY.contains(&name)
            || name.starts_with("x-forwarded-")
            || name.starts_with("x-original-forwarded")
    })
}

/// `None` when the request may use a protected endpoint, else the 403 to send.
fn refusal(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<Response> {
    (!allowed(&state.ops, headers, peer)).then(|| {
        (
            StatusCode::FORBIDDEN,
            "forbidden: the ops bearer token is required\n",
        )
            .into_response()
    })
}

/// The peer address of the connection, when the server recorded it.
pub struct Peer(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| *addr),
        ))
    }
}

/// 200 "ok" when the database answers a read with the expected schema and takes a durable
/// write, 503 otherwise (so a supervisor sees a full disk).
async fn healthz(State(state): State<AppState>) -> Response {
    let operations = state.app.operations.clone();
    let check = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        tokio::task::spawn_blocking(move || operations.health()),
    )
    .await;
    match check {
        Ok(Ok(Ok(()))) => (StatusCode::OK, "ok\n").into_response(),
        Ok(Ok(Err(e))) => {
            tracing::error!("health check failed: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable\n").into_response()
        }
        _ => {
            tracing::error!("health check did not finish");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable\n").into_response()
        }
    }
}

async fn metrics(State(state): State<AppState>, Peer(peer): Peer, headers: HeaderMap) -> Response {
    if let Some(refused) = refusal(&state, &headers, peer) {
        return refused;
    }
    let operations = state.app.operations.clone();
    let gauges = tokio::task::spawn_blocking(move || operations.gauges()).await;
    let (answers, open) = match gauges {
        Ok(Ok(g)) => g,
        _ => {
            return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response();
        }
    };
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(answers, open),
    )
        .into_response()
}

/// `forvalt users …` while the server runs: the command line sends its request here (ops
/// bearer token) and prints the answer. Run exactly as on a directly opened database
/// ([`crate::app::roster::execute`]); audited as `ops-token`.
async fn users(
    State(state): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refused) = refusal(&state, &headers, peer) {
        return refused;
    }
    let request: crate::app::roster::UsersRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            return (StatusCode::BAD_REQUEST, format!("malformed request: {e}\n")).into_response();
        }
    };
    let app = state.app.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        crate::app::roster::execute(
            app.store(),
            &crate::app::roster::Actor::Tool("ops-token"),
            request,
            jiff::Timestamp::now(),
        )
    })
    .await;
    match outcome {
        Ok(Ok(text)) => (StatusCode::OK, text).into_response(),
        Ok(Err(message)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, format!("{message}\n")).into_response()
        }
        Err(e) => {
            tracing::error!("users task failed: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "failed\n").into_response()
        }
    }
}

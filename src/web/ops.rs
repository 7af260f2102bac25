//! Operations: request ids and metrics for every request, `/healthz`, `/metrics` (Prometheus
//! text format), the backup endpoint behind `forvalt backup`, and the audit log page for
//! administrators (`/admin/revisjon`).
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
//!
//! The exposition is written by hand (a few dozen lines) rather than with a metrics crate: the
//! format is simple and stable, and the families here are fixed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Query, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body::{Frame, SizeHint};
use maud::html;
use rand::Rng;
use serde::Serialize;
use tracing::Instrument;

use super::auth::{CurrentUser, same};
use super::{AppState, WebError, views};
use crate::store::AuditRecord;

/// The request id header: taken from the request when well-formed, always set on the response.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

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

/// Backups in progress and recently started, shared by all requests.
#[derive(Debug)]
pub struct BackupGate {
    /// One backup at a time: the permit lives until the copy is sent (or abandoned).
    running: std::sync::Arc<tokio::sync::Semaphore>,
    started: Mutex<std::collections::VecDeque<Instant>>,
}

impl Default for BackupGate {
    fn default() -> BackupGate {
        BackupGate {
            running: std::sync::Arc::new(tokio::sync::Semaphore::new(1)),
            started: Mutex::new(std::collections::VecDeque::new()),
        }
    }
}

const HOUR: std::time::Duration = std::time::Duration::from_secs(3600);

impl BackupGate {
    /// A permit to run one backup (waiting up to two seconds for one that is finishing), or the
    /// seconds to wait.
    async fn admit(&self, per_hour: usize) -> Result<tokio::sync::OwnedSemaphorePermit, u64> {
        let permit = tokio::time::timeout(
            std::time::Duration::from_secs(2),
            self.running.clone().acquire_owned(),
        )
        .await
        .map_err(|_| 10u64)?
        .expect("the semaphore is never closed");
        let now = Instant::now();
        let mut started = self.started.lock().unwrap_or_else(|e| e.into_inner());
        while started
            .front()
            .is_some_and(|t| now.duration_since(*t) >= HOUR)
        {
            started.pop_front();
        }
        if started.len() >= per_hour {
            let oldest = *started.front().expect("per_hour ≥ 1 entries");
            return Err(HOUR
                .saturating_sub(now.duration_since(oldest))
                .as_secs()
                .max(1));
        }
        started.push_back(now);
        Ok(permit)
    }
}

/// The id of the current request (also in the request's tracing span).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/ops/backup", post(backup))
        .route("/ops/users", post(users))
        .route("/admin/revisjon", get(audit_page))
}

/// Run the request in a span carrying its id (set by tower-http's `SetRequestIdLayer`, which
/// keeps a well-formed incoming one: [`drop_malformed_request_id`]) and count it.
pub async fn observe(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request
        .extensions()
        .get::<tower_http::request_id::RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("unknown")
        .to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = method_label(request.method());
    request.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id);
    let response = next.run(request).instrument(span).await;
    state
        .metrics
        .observe(&route, method, response.status(), started.elapsed());
    response
}

/// Remove an incoming `X-Request-Id` that is not [`well_formed`], so a fresh one is made.
pub async fn drop_malformed_request_id(mut request: Request) -> Request {
    let malformed = request.headers().get_all(&REQUEST_ID).iter().count() > 1
        || request
            .headers()
            .get(&REQUEST_ID)
            .is_some_and(|v| !v.to_str().is_ok_and(well_formed));
    if malformed {
        request.headers_mut().remove(&REQUEST_ID);
    }
    request
}

/// An incoming id is used only if it is 1–64 characters of `A–Z a–z 0–9 - _ .`, so it is safe in
/// logs and headers.
pub fn well_formed(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// 16 random hex digits (64 bits).
pub(super) fn generate_id() -> String {
    format!("{:016x}", rand::rng().next_u64())
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Upper bounds (seconds) of the latency histogram buckets.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Cumulative counts are computed when writing; these are per bucket (+ the overflow).
    buckets: [u64; BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

#[derive(Debug, Default)]
struct Counts {
    /// (route template, method, status) → requests.
    requests: BTreeMap<(String, &'static str, u16), u64>,
    /// (route template, method) → latency.
    latency: BTreeMap<(String, &'static str), Histogram>,
    logins: [u64; 3],
}

/// Request counters kept in memory since the start of the process. Bounded: routes are
/// templates (or "unmatched"), methods and statuses come from small sets.
#[derive(Debug, Default)]
pub struct Metrics {
    counts: Mutex<Counts>,
}

const LOGIN_OUTCOMES: [&str; 3] = ["success", "failure", "rate_limited"];

impl Metrics {
    fn observe(
        &self,
        route: &str,
        method: &'static str,
        status: StatusCode,
        elapsed: std::time::Duration,
    ) {
        let seconds = elapsed.as_secs_f64();
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        *counts
            .requests
            .entry((route.to_string(), method, status.as_u16()))
            .or_default() += 1;
        let histogram = counts
            .latency
            .entry((route.to_string(), method))
            .or_default();
        let bucket = BUCKETS
            .iter()
            .position(|le| seconds <= *le)
            .unwrap_or(BUCKETS.len());
        histogram.buckets[bucket] += 1;
        histogram.sum += seconds;
        histogram.count += 1;
        if let Some(outcome) = login_outcome(route, method, status) {
            counts.logins[outcome] += 1;
        }
    }

    /// The Prometheus text exposition (version 0.0.4) of the counters and the given gauges.
    pub fn render(&self, answers_stored: u64, open_tests: u64) -> String {
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP forvalt_http_requests_total HTTP requests by route template, method and status.\n\
             # TYPE forvalt_http_requests_total counter"
        );
        for ((route, method, status), n) in &counts.requests {
            let _ = writeln!(
                out,
                "forvalt_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        let _ = writeln!(
            out,
            "# HELP forvalt_http_request_duration_seconds Time to answer a request, by route template and method.\n\
             # TYPE forvalt_http_request_duration_seconds histogram"
        );
        for ((route, method), h) in &counts.latency {
            let labels = format!("route=\"{}\",method=\"{method}\"", escape(route));
            let mut cumulative = 0;
            for (le, n) in BUCKETS.iter().zip(h.buckets.iter()) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "forvalt_http_request_duration_seconds_bucket{{{labels},le=\"{le}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "forvalt_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}\n\
                 forvalt_http_request_duration_seconds_sum{{{labels}}} {}\n\
                 forvalt_http_request_duration_seconds_count{{{labels}}} {}",
                h.count, h.sum, h.count
            );
        }
        let _ = writeln!(
            out,
            "# HELP forvalt_logins_total Login attempts (form and API) by outcome.\n\
             # TYPE forvalt_logins_total counter"
        );
        for (outcome, n) in LOGIN_OUTCOMES.iter().zip(counts.logins) {
            let _ = writeln!(out, "forvalt_logins_total{{outcome=\"{outcome}\"}} {n}");
        }
        let _ = writeln!(
            out,
            "# HELP forvalt_answers_stored Answers stored in the database.\n\
             # TYPE forvalt_answers_stored gauge\n\
             forvalt_answers_stored {answers_stored}\n\
             # HELP forvalt_open_tests Tests with an item waiting for its answer.\n\
             # TYPE forvalt_open_tests gauge\n\
             forvalt_open_tests {open_tests}"
        );
        out
    }
}

/// A login attempt's outcome from its route and status: 2xx/3xx success, 401 wrong password,
/// 429 over the rate limit. Other statuses (a missing CSRF token, a malformed body) are not
/// attempts.
fn login_outcome(route: &str, method: &str, status: StatusCode) -> Option<usize> {
    if method != "POST" || !matches!(route, "/logg-inn" | "/api/login") {
        return None;
    }
    match status.as_u16() {
        200..=399 => Some(0),
        401 => Some(1),
        429 => Some(2),
        _ => None,
    }
}

/// Escape a label value (backslash, double quote, newline).
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
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

/// A consistent copy of the whole database as a redb file (for `forvalt backup`).
///
/// The copy is written to a file in the system temp directory (`TMPDIR`), opened, and unlinked
/// at once: from then on only the open handle keeps it, so nothing is left on disk however the
/// response ends (sent, failed, client gone, process killed). The body is read from that handle
/// in chunks ([`FileBody`]) with a `Content-Length`, so a backup of any size is never held in
/// memory.
async fn backup(State(state): State<AppState>, Peer(peer): Peer, headers: HeaderMap) -> Response {
    if let Some(refused) = refusal(&state, &headers, peer) {
        return refused;
    }
    let permit = match state.backups.admit(state.ops.backups_per_hour).await {
        Ok(permit) => permit,
        Err(retry_after) => {
            tracing::warn!(
                retry_after,
                "backup refused: one is running or the hourly limit is reached"
            );
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, retry_after.to_string())],
                "too many backups: one is running or the hourly limit is reached\n",
            )
                .into_response();
        }
    };
    let by_token = state.ops.token.is_some() && !loopback_only(&state.ops, &headers, peer);
    let operations = state.app.operations.clone();
    let prepared = tokio::task::spawn_blocking(move || {
        // Recorded durably before any data leaves: a copy is never sent without its entry.
        operations
            .append_audit(&backup_audit(by_token, peer, jiff::Timestamp::now()))
            .map_err(|e| format!("the audit entry could not be written: {e}"))?;
        let path = std::env::temp_dir().join(format!(
            "forvalt-backup-{}-{}.redb",
            std::process::id(),
            generate_id()
        ));
        let summary = operations.backup_to(&path).map_err(|e| e.to_string());
        let opened = summary.and_then(|summary| {
            let file = std::fs::File::open(&path).map_err(|e| e.to_string())?;
            let length = file.metadata().map_err(|e| e.to_string())?.len();
            Ok((summary, file, length))
        });
        // On Unix the open handle stays readable after the unlink; where a platform refuses to
        // remove an open file, the reader removes it again when it has finished.
        let _ = std::fs::remove_file(&path);
        opened.map(|(summary, file, length)| (summary, file, length, path))
    })
    .await;
    let (summary, file, length, path) = match prepared {
        Ok(Ok(prepared)) => prepared,
        Ok(Err(e)) => {
            tracing::error!("backup failed: {e}");
            return (StatusCode::INTERNAL_SERVER_ERROR, "backup failed\n").into_response();
        }
        Err(e) => {
            tracing::error!("backup task failed: {e}");
            return (StatusCode::INTERNAL_SERVER_ERROR, "backup failed\n").into_response();
        }
    };
    tracing::info!(
        tables = summary.tables,
        rows = summary.rows,
        bytes = length,
        "backup written, sending"
    );
    let body = FileBody::spawn(file, length, path, permit);
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                HeaderName::from_static("x-forvalt-schema-version"),
                summary.schema_version.to_string(),
            ),
            (
                HeaderName::from_static("x-forvalt-rows"),
                summary.rows.to_string(),
            ),
        ],
        Body::new(body),
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

/// Whether the request is let in by the loopback rule rather than by the token.
fn loopback_only(settings: &OpsSettings, headers: &HeaderMap, peer: Option<SocketAddr>) -> bool {
    let with_token = OpsSettings {
        allow_loopback: false,
        ..settings.clone()
    };
    !allowed(&with_token, headers, peer)
}

/// The audit entry of a backup: no user, so user id 0 and how the caller was let in.
fn backup_audit(by_token: bool, peer: Option<SocketAddr>, at: jiff::Timestamp) -> AuditRecord {
    let who = match (by_token, peer) {
        (true, _) => "ops-token".to_string(),
        (false, Some(peer)) => format!("loopback {}", peer.ip()),
        (false, None) => "loopback".to_string(),
    };
    AuditRecord {
        id: 0,
        at,
        user_id: 0,
        employee_id: who,
        role: crate::store::Role::Admin,
        route: "/ops/backup".to_string(),
        cycle_id: None,
        level: None,
        topic: None,
        department: None,
        format: "redb".to_string(),
    }
}

/// Bytes per chunk of a streamed file, and chunks buffered between the reader and the
/// connection: at most ~1 MiB of a backup is in memory at a time.
const CHUNK: usize = 256 * 1024;
const CHUNKS_BUFFERED: usize = 4;

/// A response body read from an open file by a blocking thread, `length` bytes in chunks of
/// [`CHUNK`]. Its size hint is exact, so the response carries a `Content-Length`. When the
/// client goes away the body is dropped, the reader's next send fails and it stops, closing the
/// file. A read error or a file shorter than `length` ends the body with an error, which makes
/// the server abort the connection rather than send a short copy that looks whole.
struct FileBody {
    chunks: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>,
    remaining: u64,
}

impl FileBody {
    /// Start the reader; `path` is removed (again) when it is done with the file.
    fn spawn(
        file: std::fs::File,
        length: u64,
        path: PathBuf,
        permit: tokio::sync::OwnedSemaphorePermit,
    ) -> FileBody {
        let (sender, chunks) = tokio::sync::mpsc::channel(CHUNKS_BUFFERED);
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            let sent = read_chunks(file, length, &sender);
            drop(permit);
            let _ = std::fs::remove_file(&path);
            match sent {
                Ok(()) => tracing::info!(bytes = length, "backup sent"),
                Err(sent) => {
                    tracing::warn!(
                        "backup not completed: the client went away after {sent} of {length} bytes"
                    )
                }
            }
        });
        FileBody {
            chunks,
            remaining: length,
        }
    }
}

/// Send `length` bytes of `file` to `sender` (a read error or early end is sent as an error).
/// `Err(bytes handed over)` when the receiver is gone.
fn read_chunks(
    file: std::fs::File,
    length: u64,
    sender: &tokio::sync::mpsc::Sender<std::io::Result<Bytes>>,
) -> Result<(), u64> {
    use std::io::Read as _;
    let mut file = file.take(length);
    let mut sent = 0;
    while sent < length {
        let mut buffer = vec![0; CHUNK];
        let chunk = match file.read(&mut buffer) {
            Ok(0) => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!("the backup file ended after {sent} of {length} bytes"),
            )),
            Ok(n) => {
                buffer.truncate(n);
                Ok(Bytes::from(buffer))
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => Err(e),
        };
        let failed = chunk.as_ref().err().map(|e| e.to_string());
        let n = chunk.as_ref().map_or(0, |b| b.len() as u64);
        if sender.blocking_send(chunk).is_err() {
            return Err(sent);
        }
        if let Some(e) = failed {
            tracing::error!("backup not completed: reading the copy failed: {e}");
            return Ok(());
        }
        sent += n;
    }
    Ok(())
}

impl HttpBody for FileBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        match self.chunks.poll_recv(cx) {
            Poll::Ready(Some(Ok(bytes))) => {
                self.remaining = self.remaining.saturating_sub(bytes.len() as u64);
                Poll::Ready(Some(Ok(Frame::data(bytes))))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}

/// One audit entry as exported.
#[derive(Debug, Serialize)]
struct AuditRow {
    id: u64,
    at: String,
    employee_id: String,
    user_id: u64,
    role: &'static str,
    route: String,
    cycle_id: Option<u64>,
    level: Option<usize>,
    topic: Option<String>,
    department: Option<String>,
    format: String,
}

impl From<AuditRecord> for AuditRow {
    fn from(r: AuditRecord) -> AuditRow {
        AuditRow {
            id: r.id,
            at: r.at.to_string(),
            employee_id: r.employee_id,
            user_id: r.user_id,
            role: r.role.as_str(),
            route: r.route,
            cycle_id: r.cycle_id,
            level: r.level,
            topic: r.topic,
            department: r.department,
            format: r.format,
        }
    }
}

/// Entries on the page; the CSV has all.
const PAGE_ENTRIES: usize = 500;

/// `/admin/revisjon`: who viewed or exported which HR report. Administrators only.
async fn audit_page(
    user: CurrentUser,
    State(state): State<AppState>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    if user.principal.user.role != crate::store::Role::Admin {
        return Err(WebError::Forbidden);
    }
    let form = state.form_of(&user.principal);
    let t = &form.texts().service.audit;
    let csv = match query.get("format").map(String::as_str) {
        None | Some("") | Some("html") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(WebError::BadRequest((t.bad_format)(other)));
        }
    };
    let principal = user.principal.clone();
    let limit = if csv { usize::MAX } else { PAGE_ENTRIES };
    let entries = state
        .operations(move |s| s.audit_log(&principal, limit))
        .await?;
    let rows: Vec<AuditRow> = entries.into_iter().map(AuditRow::from).collect();
    if csv {
        return super::download::csv("revisjonslogg.csv", &rows);
    }
    let dash = |v: Option<String>| v.unwrap_or_else(|| "–".to_string());
    let body = html! {
        h1 { (t.title) }
        p { ((t.intro)(PAGE_ENTRIES)) a href="/admin/revisjon?format=csv" { (t.download) } }
        @if rows.is_empty() {
            p { (t.empty) }
        } @else {
            table {
                caption { (t.caption) }
                thead { tr {
                    @for col in [t.col_time, t.col_user, t.col_role, t.col_report, t.col_cycle, t.col_level, t.col_topic, t.col_department, t.col_format] {
                        th scope="col" { (col) }
                    }
                } }
                tbody {
                    @for row in &rows {
                        tr {
                            td { (row.at) } td { (row.employee_id) } td { (row.role) } td { (row.route) }
                            td { (dash(row.cycle_id.map(|c| c.to_string()))) }
                            td { (dash(row.level.map(|l| l.to_string()))) }
                            td { (dash(row.topic.clone())) } td { (dash(row.department.clone())) }
                            td { (row.format) }
                        }
                    }
                }
            }
        }
        p { a href="/admin" { (t.back) } }
    };
    Ok(views::page(form, t.title, Some(&user.principal), body).into_response())
}

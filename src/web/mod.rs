//! The web front end (axum + maud): the only module that knows HTTP.
//!
//! [`app`] builds the whole router over one [`AppState`], so tests drive it with
//! `tower::ServiceExt::oneshot` and need no server. One module per audience, each with its
//! router, handlers (`mod.rs`) and markup (`views.rs`, or the page's own file in `admin/`):
//! [`login`] (everyone: log in and out, single sign-on, set-password links), [`caseworker`] (home,
//! taking the test, result), [`leader`] (a leader's unit, certificates), [`hr`] (HR reports,
//! with `export.rs`), [`author`] (authors), [`admin`] (administrators: people, roster, cycles,
//! settings, audit log, outbox), [`ops`] (operators and their tools: health, metrics, backup,
//! the CLI's admin commands) and [`api`] (the caseworker's flow as JSON). Handlers are
//! plumbing: extract, authorise, call one part of the application ([`crate::app`]) on the
//! blocking pool, render. Shared views are functions in [`views`] (the page frame, the question,
//! [`views::Table`]); every CSV and `.xlsx` of a page goes through [`download`]; every error
//! becomes a response in [`error`].

mod admin;
mod api;
mod auth;
mod author;
mod caseworker;
mod download;
mod error;
mod hr;
mod leader;
mod login;
pub mod ops;
mod privacy;
mod views;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tower::ServiceExt as _;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

use crate::app::{Accounts, App, Authoring, Operations, Reports, ServiceError, TestTaking};

pub use admin::settings::record as record_settings;
pub use auth::client_address;
pub use error::{ApiError, WebError};

/// How the session cookie is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cookies {
    /// Marked `Secure`: only sent over HTTPS.
    Secure,
    /// Also sent over plain HTTP (local use, tests).
    PlainHttp,
}

/// Everything a request handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The application's parts, one per audience.
    pub app: App,
    /// `Secure` cookies are only sent over HTTPS and get the `__Host-` prefix; plain-HTTP ones
    /// are for local use.
    pub cookies: Cookies,
    /// Who may reach `/metrics` and `/ops/backup`.
    pub ops: Arc<ops::OpsSettings>,
    /// Backups running and recently started (one at a time, a few per hour).
    pub backups: Arc<ops::BackupGate>,
    /// Request counters for `/metrics`.
    pub metrics: Arc<ops::Metrics>,
    /// Timeouts, limits and the trusted proxies.
    pub http: Arc<HttpSettings>,
}

/// Limits of the HTTP server and who is trusted to name the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpSettings {
    /// Reverse proxies whose `X-Forwarded-For` is believed. The client address of a request is
    /// its socket address, unless that is one of these; then it is the right-most address in
    /// `X-Forwarded-For` that is not one of these.
    pub trusted_proxies: Vec<IpAddr>,
    /// A connection must send a request's headers within this time (also an idle
    /// keep-alive connection: it is closed when no request head arrives in time).
    pub header_read_timeout: Duration,
    /// A request body must arrive within this time, and a handler must answer within it
    /// (408 and 503 otherwise). Not applied to `/ops/backup`, whose copy may take longer.
    pub request_timeout: Duration,
    /// Connections served at once; further ones wait in the listen queue.
    pub max_connections: usize,
    /// Larger request bodies get 413.
    pub max_body_bytes: usize,
}

impl Default for HttpSettings {
    fn default() -> HttpSettings {
        HttpSettings {
            trusted_proxies: Vec::new(),
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
            max_body_bytes: 1024 * 1024,
        }
    }
}

impl AppState {
    /// The written form `principal` reads pages in: their målform (own choice, roster,
    /// configuration), or the installation's language where that is not Norwegian.
    pub fn form_of(&self, principal: &crate::app::Principal) -> crate::text::Form {
        self.app.test_taking.form_of(&principal.user)
    }

    pub fn new(app: App, cookies: Cookies) -> AppState {
        AppState {
            app,
            cookies,
            ops: Arc::new(ops::OpsSettings::default()),
            backups: Arc::new(ops::BackupGate::default()),
            metrics: Arc::new(ops::Metrics::default()),
            http: Arc::new(HttpSettings::default()),
        }
    }

    /// The same state with other access settings for the operations endpoints.
    pub fn with_ops(self, settings: ops::OpsSettings) -> AppState {
        AppState {
            ops: Arc::new(settings),
            ..self
        }
    }

    /// The same state with other HTTP limits and trusted proxies.
    pub fn with_http(self, settings: HttpSettings) -> AppState {
        AppState {
            http: Arc::new(settings),
            ..self
        }
    }

    /// Run blocking test-taking work (redb) off the async threads.
    async fn test_taking<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&TestTaking) -> Result<T, ServiceError> + Send + 'static,
    {
        blocking(self.app.test_taking.clone(), move |p| f(p)).await
    }

    /// Run blocking report work off the async threads.
    async fn reports<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&Reports) -> Result<T, ServiceError> + Send + 'static,
    {
        blocking(self.app.reports.clone(), move |p| f(p)).await
    }

    /// Run blocking authoring work (files, redb) off the async threads. The closure gets the
    /// shared handle: the statistics cache refreshes in the background through it.
    async fn authoring<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&Arc<Authoring>) -> Result<T, ServiceError> + Send + 'static,
    {
        blocking(self.app.authoring.clone(), f).await
    }

    /// Run blocking account work (redb, argon2) off the async threads.
    async fn accounts<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&Accounts) -> Result<T, ServiceError> + Send + 'static,
    {
        blocking(self.app.accounts.clone(), move |p| f(p)).await
    }

    /// Run blocking operations work off the async threads.
    async fn operations<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&Operations) -> Result<T, ServiceError> + Send + 'static,
    {
        blocking(self.app.operations.clone(), move |p| f(p)).await
    }
}

/// Run `f` on one part of the application on the blocking pool, keeping the request's span (and
/// its request id) on the blocking thread.
async fn blocking<P, T, F>(part: P, f: F) -> Result<T, WebError>
where
    P: Send + 'static,
    T: Send + 'static,
    F: FnOnce(&P) -> Result<T, ServiceError> + Send + 'static,
{
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(|| f(&part)))
        .await
        .map_err(|e| WebError::Internal(format!("blocking task failed: {e}")))?
        .map_err(WebError::from)
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let limits = state.http.clone();
    // Everything but the backup, whose copy of a large database may take longer.
    let timed = Router::new()
        .merge(login::router())
        .merge(caseworker::router())
        .merge(admin::router())
        .merge(author::router())
        // Authors write, review and publish items in the browser (issue 17).
        .merge(author::edit::router())
        .merge(hr::router())
        // Leaders, certificate, privacy notice (issue 15).
        .merge(leader::router())
        .merge(privacy::router())
        .nest("/api", api::router())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.request_timeout,
        ))
        .layer(RequestBodyTimeoutLayer::new(limits.request_timeout));
    // The ops routes are not under the request timeout (a backup of a large database takes
    // longer), but their bodies are: an admitted admin request holds the one-at-a-time slot
    // while its form is read, so a body that stops arriving must not hold it for ever.
    let ops = ops::router().layer(RequestBodyTimeoutLayer::new(limits.request_timeout));
    let mut router = timed
        .merge(ops)
        .fallback(|| async { WebError::NotFound })
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(axum::extract::DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            localize_errors,
        ));
    for (name, value) in SECURITY_HEADERS {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router
        .layer(axum::middleware::from_fn(log_request))
        .layer(PropagateRequestIdLayer::new(ops::REQUEST_ID))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            ops::observe,
        ))
        .layer(SetRequestIdLayer::new(ops::REQUEST_ID, RandomRequestId))
        .layer(axum::middleware::map_request(
            ops::drop_malformed_request_id,
        ))
        .with_state(state)
}

/// Error pages and JSON errors made before a handler knew the reader (a refused CSRF token, an
/// unknown path, a too large body, every handler that returns a plain [`WebError`]) are
/// rendered again in the form of the person whose session cookie (or API bearer token) the
/// request carries, else in the installation's language. A 413 from the body limit layer,
/// which is not a [`WebError`], becomes the same page.
async fn localize_errors(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let token =
        auth::cookie(request.headers(), auth::session_cookie(state.cookies)).or_else(|| {
            request
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(|t| t.trim().to_string())
        });
    let mut response = next.run(request).await;
    let unlocalized = match response.extensions_mut().remove::<error::Unlocalized>() {
        Some(u) => u,
        None if response.status() == StatusCode::PAYLOAD_TOO_LARGE
            && !response.headers().contains_key(header::CONTENT_TYPE)
                | response
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .is_some_and(|v| v.as_bytes().starts_with(b"text/plain")) =>
        {
            error::Unlocalized::Page(WebError::TooLarge)
        }
        None => return response,
    };
    let accounts = state.app.accounts.clone();
    let form = tokio::task::spawn_blocking(move || {
        accounts.reader_form(token.as_deref(), jiff::Timestamp::now())
    })
    .await
    .unwrap_or_else(|_| state.app.accounts.default_form());
    unlocalized.render(form)
}

/// 16 random hex digits for a request without a well-formed id of its own.
#[derive(Debug, Clone, Copy)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(
        &mut self,
        _: &axum::http::Request<B>,
    ) -> Option<tower_http::request_id::RequestId> {
        HeaderValue::from_str(&ops::generate_id())
            .ok()
            .map(tower_http::request_id::RequestId::new)
    }
}

/// One log line per request: method, path (never a query string or body), status, time.
async fn log_request(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let started = std::time::Instant::now();
    let method = request.method().clone();
    let path = loggable_path(request.uri().path());
    let response = next.run(request).await;
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// A request path as the log may show it: a set-password link's token is a secret (whoever reads
/// the log could set the person's password), so `/passord/{token}` is logged without it.
fn loggable_path(path: &str) -> String {
    match path.strip_prefix("/passord/") {
        Some(token) if !token.is_empty() => "/passord/…".to_string(),
        _ => path.to_string(),
    }
}

/// Headers for every response unless a handler set its own: no framing, no MIME sniffing, no
/// referrer, and no caching, so the back button asks the server again (which shows the current
/// item, not a stale form).
const SECURITY_HEADERS: [(header::HeaderName, &str); 5] = [
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
    (header::CACHE_CONTROL, "no-store"),
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
];

/// Serve `app` on `listener` until Ctrl-C.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    serve_until(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Serve `app` on `listener` until `shutdown` completes; then stop accepting connections, let
/// the requests in flight finish (their answers are committed) and return.
///
/// hyper's HTTP/1 connection directly rather than `axum::serve`, which has no header-read
/// timeout: a connection that does not send a request head within
/// [`HttpSettings::header_read_timeout`] is closed (slow-header clients cannot hold sockets), and
/// at most [`HttpSettings::max_connections`] are served at once.
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.http.clone();
    let router = app(state);
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let service =
            hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                let mut request = request.map(axum::body::Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                router.clone().oneshot(request)
            });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("connection from {peer} ended: {e}");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn set_password_tokens_never_reach_the_log() {
        assert_eq!(loggable_path("/passord/abc123secret"), "/passord/…");
        assert_eq!(loggable_path("/passord/"), "/passord/");
        assert_eq!(loggable_path("/hr/tema"), "/hr/tema");
    }
}

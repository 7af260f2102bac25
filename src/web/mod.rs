//! The web front end (axum + maud): the only module that knows HTTP.
//!
//! [`app`] builds the whole router over one [`AppState`], so tests drive it with
//! `tower::ServiceExt::oneshot` and need no server. Routers are split by audience:
//! [`login`] (everyone), [`caseworker`] (taking the test), [`hr`] (HR reports), [`author`]
//! (authors), [`staff`] (authors, admins), [`ops`] (operators) and [`api`] (the same flow as
//! JSON). `hr/` and `author/` keep handlers (`mod.rs`), views (`views.rs`) and exports
//! (`export.rs`) apart. Handlers are plumbing: extract, authorise, call one part of the
//! application ([`crate::app`]) on the blocking pool, render. Shared views are functions in
//! [`views`]; every CSV goes through [`download`]; every error becomes a response in [`error`].

mod api;
mod auth;
mod author;
mod caseworker;
mod download;
mod error;
mod hr;
mod login;
pub mod ops;
mod staff;
mod views;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use tokio::net::TcpListener;

use crate::app::{Accounts, App, Authoring, Operations, Reports, ServiceError, TestTaking};

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
    /// Mark cookies `Secure` (only sent over HTTPS). Off for plain-HTTP local use.
    pub secure_cookies: bool,
    /// Who may reach `/metrics` and `/ops/backup`.
    pub ops: Arc<ops::OpsSettings>,
    /// Request counters for `/metrics`.
    pub metrics: Arc<ops::Metrics>,
}

impl AppState {
    pub fn new(app: App, cookies: Cookies) -> AppState {
        AppState {
            app,
            secure_cookies: cookies == Cookies::Secure,
            ops: Arc::new(ops::OpsSettings::default()),
            metrics: Arc::new(ops::Metrics::default()),
        }
    }

    /// The same state with other access settings for the operations endpoints.
    pub fn with_ops(self, settings: ops::OpsSettings) -> AppState {
        AppState {
            ops: Arc::new(settings),
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
    Router::new()
        .merge(login::router())
        .merge(caseworker::router())
        .merge(staff::router())
        .merge(author::router())
        .merge(hr::router())
        .merge(ops::router())
        .nest("/api", api::router())
        .fallback(|| async { WebError::NotFound })
        .layer(axum::middleware::map_response(security_headers))
        .layer(axum::middleware::from_fn(log_request))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            ops::observe,
        ))
        .with_state(state)
}

/// One log line per request: method, path (never a query string or body), status, time.
async fn log_request(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let started = std::time::Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
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

/// Headers for every response: no framing, no MIME sniffing, no referrer, and no caching, so
/// the back button asks the server again (which shows the current item, not a stale form).
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set = [
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    ];
    for (name, value) in set {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}

/// Serve `app` on `listener` until Ctrl-C.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Serve `app` on `listener` until `shutdown` completes; then stop accepting connections, let
/// the requests in flight finish (their answers are committed) and return.
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

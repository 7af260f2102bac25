//! Request ids and request counters: every request runs in a span carrying its id and is
//! counted by route template, method and status for `/metrics`.
//!
//! The exposition is written by hand (a few dozen lines) rather than with a metrics crate: the
//! format is simple and stable, and the families here are fixed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use rand::Rng;
use tracing::Instrument;

use crate::web::AppState;

/// The request id header: taken from the request when well-formed, always set on the response.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the current request (also in the request's tracing span).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

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
pub(crate) fn generate_id() -> String {
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

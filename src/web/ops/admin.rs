//! The CLI's admin commands through the running server (`forvalt cycles …`, `forvalt export`,
//! `forvalt retention`; see `cli::remote_admin`): redb locks the database to the server's
//! process, so while it runs the CLI asks it instead of opening the file.
//!
//! Like `/ops/backup`: the ops bearer token (or the opt-in loopback rule) is required, every
//! change is written to the audit log, and the endpoints are rate-limited (one at a time, at
//! most [`PER_MINUTE`] a minute) so a looping script cannot starve the caseworkers. Answers are
//! plain text (English, for the terminal); refusals say why with 400/404/409.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Form, FromRequest, FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Peer, allowed, caller};
use crate::app::ServiceError;
use crate::app::cycles::{
    Actor, CycleError, Cycles, DeadlineChange, NewCycle, describe_line, list_line,
};
use crate::store::{AuditRecord, CycleRecord, ExportFormat, RetentionRun, Role};
use crate::web::{AppState, WebError, blocking};

/// Admin requests accepted per minute.
pub const PER_MINUTE: usize = 60;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ops/admin/cycles", get(list))
        .route("/ops/admin/cycles/add", post(add))
        .route("/ops/admin/cycles/deadline", post(deadline))
        .route("/ops/admin/cycles/close", post(close))
        .route("/ops/admin/export", get(export))
        .route("/ops/admin/retention", post(retention))
}

/// An admitted request: the ops token (or the loopback rule) and the rate limit passed. It holds
/// the one-at-a-time permit while the handler runs. As an extractor it runs before the body is
/// read, so a request without the token is refused (403) before its form is looked at.
struct Admitted {
    actor: Actor,
    _permit: tokio::sync::SemaphorePermit<'static>,
}

impl FromRequestParts<AppState> for Admitted {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Ok(Peer(peer)) = Peer::from_request_parts(parts, state).await;
        let (actor, permit) = admit(state, &parts.headers, peer).await?;
        Ok(Admitted {
            actor,
            _permit: permit,
        })
    }
}

/// A form body, or a plain-text 400 that says what is wrong with it.
struct AdminForm<T>(T);

impl<T: DeserializeOwned> FromRequest<AppState> for AdminForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        match Form::<T>::from_request(request, state).await {
            Ok(Form(form)) => Ok(AdminForm(form)),
            Err(e) => Err(text(
                StatusCode::BAD_REQUEST,
                format!("malformed request: {e}\n"),
            )),
        }
    }
}

/// Let the request in: the token (or loopback rule) and the rate limit. `Err` is the answer.
async fn admit(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> Result<(Actor, tokio::sync::SemaphorePermit<'static>), Response> {
    if !allowed(&state.ops, headers, peer) {
        return Err((
            StatusCode::FORBIDDEN,
            "forbidden: the ops bearer token is required\n",
        )
            .into_response());
    }
    let too_many = || {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "60")],
            "too many admin requests: try again in a minute\n",
        )
            .into_response()
    };
    {
        let mut recent = RECENT.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        while recent
            .front()
            .is_some_and(|&t| now.duration_since(t) > Duration::from_secs(60))
        {
            recent.pop_front();
        }
        if recent.len() >= PER_MINUTE {
            return Err(too_many());
        }
        recent.push_back(now);
    }
    let permit = tokio::time::timeout(Duration::from_secs(30), ONE_AT_A_TIME.acquire())
        .await
        .map_err(|_| too_many())?
        .expect("the semaphore is never closed");
    Ok((Actor::Ops(caller(&state.ops, headers, peer)), permit))
}

static RECENT: Mutex<VecDeque<Instant>> = Mutex::new(VecDeque::new());
static ONE_AT_A_TIME: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

fn text(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

fn refusal(e: &CycleError) -> Response {
    let status = match e {
        CycleError::NoSuchCycle(_) => StatusCode::NOT_FOUND,
        CycleError::DuplicateName { .. }
        | CycleError::DeadlinePassed { .. }
        | CycleError::AlreadyClosed(_) => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    };
    text(status, format!("{e}\n"))
}

/// The answer to a change of a cycle: the cycle as it now is, or why not.
fn cycle_answer(outcome: Result<Result<CycleRecord, CycleError>, WebError>) -> Response {
    match outcome {
        Ok(Ok(cycle)) => text(StatusCode::OK, format!("{}\n", describe_line(&cycle))),
        Ok(Err(e)) => refusal(&e),
        Err(e) => failure(e),
    }
}

fn failure(e: WebError) -> Response {
    tracing::error!("admin request failed: {e:?}");
    e.into_response()
}

async fn list(State(state): State<AppState>, Admitted { actor, _permit }: Admitted) -> Response {
    match blocking(Cycles::of(&state.app), move |c| {
        c.overview(&actor, Timestamp::now())
    })
    .await
    {
        Ok(mut rows) => {
            rows.sort_by_key(|r| r.cycle.id);
            let body: String = rows
                .iter()
                .map(|r| format!("{}\n", list_line(&r.cycle)))
                .collect();
            text(StatusCode::OK, body)
        }
        Err(e) => failure(e),
    }
}

#[derive(Debug, Deserialize)]
struct AddForm {
    name: String,
    opens: Date,
    deadline: Date,
}

async fn add(
    State(state): State<AppState>,
    Admitted { actor, _permit }: Admitted,
    AdminForm(form): AdminForm<AddForm>,
) -> Response {
    let new = NewCycle {
        name: form.name,
        opens: form.opens,
        deadline: form.deadline,
    };
    cycle_answer(
        blocking(Cycles::of(&state.app), move |c| {
            c.add(&actor, new, Timestamp::now())
        })
        .await,
    )
}

#[derive(Debug, Deserialize)]
struct DeadlineForm {
    name: String,
    /// Absent: keep the deadline (only late completion changes).
    deadline: Option<Date>,
    /// Absent: keep the current setting.
    allow_late: Option<bool>,
    /// Absent: keep; empty or `default`: the configured default.
    grace_days: Option<String>,
}

async fn deadline(
    State(state): State<AppState>,
    Admitted { actor, _permit }: Admitted,
    AdminForm(form): AdminForm<DeadlineForm>,
) -> Response {
    let grace = match form.grace_days.as_deref().map(str::trim) {
        None => None,
        Some("") | Some("default") => Some(None),
        Some(days) => match days.parse::<u32>() {
            Ok(d) => Some(Some(d)),
            Err(_) => {
                return text(
                    StatusCode::BAD_REQUEST,
                    format!("grace_days: \"{days}\" is not a number of days\n"),
                );
            }
        },
    };
    let outcome = blocking(Cycles::of(&state.app), move |c| {
        let store = c.store();
        let current = store
            .cycles()?
            .into_iter()
            .find(|x| x.name == form.name.trim());
        let Some(current) = current else {
            return Ok(Err(CycleError::NoSuchCycle(form.name.trim().to_string())));
        };
        let change = DeadlineChange {
            deadline: form.deadline.unwrap_or(current.deadline),
            allow_late: form.allow_late.unwrap_or(current.allow_late),
            grace_days: grace.unwrap_or(current.grace_days),
        };
        c.change(&actor, &form.name, change, Timestamp::now())
    })
    .await;
    cycle_answer(outcome)
}

#[derive(Debug, Deserialize)]
struct CloseForm {
    name: String,
}

async fn close(
    State(state): State<AppState>,
    Admitted { actor, _permit }: Admitted,
    AdminForm(form): AdminForm<CloseForm>,
) -> Response {
    cycle_answer(
        blocking(Cycles::of(&state.app), move |c| {
            c.close(&actor, &form.name, Timestamp::now())
        })
        .await,
    )
}

/// The audit entry of an export or retention run through the server.
fn ops_audit(actor: &Actor, route: &str, what: String, format: &str) -> AuditRecord {
    let who = match actor {
        Actor::Ops(who) => who.clone(),
        Actor::Admin(p) => p.user.employee_id.clone(),
    };
    AuditRecord {
        id: 0,
        at: Timestamp::now(),
        user_id: 0,
        employee_id: who,
        role: Role::Admin,
        route: route.to_string(),
        cycle_id: None,
        level: None,
        topic: Some(what),
        department: None,
        format: format.to_string(),
    }
}

#[derive(Debug, Deserialize)]
struct ExportQuery {
    format: Option<String>,
}

/// Every stored response as CSV or JSON lines (`forvalt export`). Recorded in the audit log
/// before it is sent: the export holds personal data.
async fn export(
    State(state): State<AppState>,
    Admitted { actor, _permit }: Admitted,
    Query(query): Query<ExportQuery>,
) -> Response {
    let (format, name, mime) = match query.format.as_deref() {
        None | Some("csv") => (ExportFormat::Csv, "csv", "text/csv; charset=utf-8"),
        Some("jsonl") => (
            ExportFormat::JsonLines,
            "jsonl",
            "application/jsonl; charset=utf-8",
        ),
        Some(other) => {
            return text(
                StatusCode::BAD_REQUEST,
                format!("unknown format \"{other}\" (csv or jsonl)\n"),
            );
        }
    };
    let store = state.app.store_handle();
    let outcome = blocking(store, move |store| {
        store.append_audit(&ops_audit(
            &actor,
            "/ops/admin/export",
            "eksport av alle svar".into(),
            name,
        ))?;
        let mut out = Vec::new();
        let n = store
            .export(format, &mut out)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok((n, out))
    })
    .await;
    match outcome {
        Ok((n, out)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, mime.to_string()),
                (
                    header::HeaderName::from_static("x-forvalt-rows"),
                    n.to_string(),
                ),
            ],
            out,
        )
            .into_response(),
        Err(e) => failure(e),
    }
}

#[derive(Debug, Deserialize)]
struct RetentionForm {
    keep_cycles: usize,
    #[serde(default)]
    dry_run: bool,
}

/// Pseudonymise the personal data of old cycles (`forvalt retention`); the summary as JSON.
async fn retention(
    State(state): State<AppState>,
    Admitted { actor, _permit }: Admitted,
    AdminForm(form): AdminForm<RetentionForm>,
) -> Response {
    if form.keep_cycles == 0 {
        return text(
            StatusCode::BAD_REQUEST,
            "keep_cycles must be at least 1\n".into(),
        );
    }
    let store = state.app.store_handle();
    let outcome = blocking(store, move |store| {
        let run = if form.dry_run {
            RetentionRun::DryRun
        } else {
            RetentionRun::Apply
        };
        let summary = store.apply_retention(form.keep_cycles, Timestamp::now(), run)?;
        if !form.dry_run {
            store.append_audit(&ops_audit(
                &actor,
                "/ops/admin/retention",
                format!(
                    "behold {} sykluser: {} tester frakoblet",
                    form.keep_cycles, summary.tests_unlinked
                ),
                "ops",
            ))?;
        }
        Ok(summary)
    })
    .await;
    match outcome {
        Ok(s) => axum::Json(serde_json::json!({
            "old_cycles": s.old_cycles.iter().map(|c| serde_json::json!({
                "id": c.id, "name": c.name, "opens": c.opens.to_string(),
            })).collect::<Vec<_>>(),
            "tests_unlinked": s.tests_unlinked,
            "timestamps_coarsened": s.timestamps_coarsened,
            "pending_removed": s.pending_removed,
            "sessions_removed": s.sessions_removed,
            "dry_run": s.dry_run,
        }))
        .into_response(),
        Err(e) => failure(e),
    }
}

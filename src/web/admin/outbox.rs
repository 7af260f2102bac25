//! `/admin/utboks`: the e-mail outbox for administrators — queued, sent, failed and why — with
//! a retry button and the dry run (what the scheduler would queue now). `/admin/utboks.json` is
//! the same list for scripts (session cookie or bearer token).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::Timestamp;
use maud::{Markup, html};
use serde::Deserialize;

use crate::app::Principal;
use crate::app::followup::{self, OutboxCounts};
use crate::store::{OutboxRecord, OutboxStatus};
use crate::text::Form;
use crate::text::service::Outbox;
use crate::web::auth::{CsrfField, CurrentUser, Protected, ReportUser};
use crate::web::views::{self, Table};
use crate::web::{AppState, WebError, blocking};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/utboks", get(page))
        .route("/admin/utboks.json", get(json))
        .route("/admin/utboks/send-igjen", post(retry))
}

async fn page(State(state): State<AppState>, user: CurrentUser) -> Result<Response, WebError> {
    let principal = user.principal.clone();
    let (messages, plan) = blocking(state.app.followup.clone(), move |f| {
        let now = Timestamp::now();
        Ok((f.outbox(&principal)?, f.plan_for(&principal, now)?))
    })
    .await?;
    let form = state.form_of(&user.principal);
    Ok(outbox_page(form, &user.principal, &messages, &plan).into_response())
}

async fn json(State(state): State<AppState>, user: ReportUser) -> Result<Response, WebError> {
    let principal = user.principal;
    let messages = blocking(state.app.followup.clone(), move |f| f.outbox(&principal)).await?;
    let c = followup::counts(&messages);
    Ok(Json(serde_json::json!({
        "queued": c.queued,
        "sending": c.sending,
        "sent": c.sent,
        "failed": c.failed,
        "messages": messages.iter().map(|m| serde_json::json!({
            "id": m.id,
            "purpose": m.purpose,
            "to": m.to,
            "status": m.status.as_str(),
            "attempts": m.attempts,
            "last_error": m.last_error,
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

#[derive(Debug, Deserialize)]
struct RetryForm {
    csrf: Option<String>,
    id: String,
}

impl CsrfField for RetryForm {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

async fn retry(
    State(state): State<AppState>,
    Protected { user, form }: Protected<RetryForm>,
) -> Result<Response, WebError> {
    let principal = user.principal;
    blocking(state.app.followup.clone(), move |f| {
        f.retry(&principal, &form.id, Timestamp::now())
    })
    .await?;
    Ok(Redirect::to("/admin/utboks").into_response())
}

fn status_label(t: &Outbox, status: OutboxStatus) -> &'static str {
    match status {
        OutboxStatus::Queued => t.queued,
        OutboxStatus::Sending => t.sending,
        OutboxStatus::Sent => t.sent,
        OutboxStatus::Failed => t.failed,
    }
}

fn purpose_label<'a>(t: &Outbox, purpose: &'a str) -> &'a str {
    match purpose {
        "invitation" => t.invitation,
        "reminder" => t.reminder,
        "digest" => t.digest,
        other => other,
    }
}

fn when(t: Option<Timestamp>) -> String {
    t.map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn outbox_page(
    form: Form,
    user: &Principal,
    messages: &[OutboxRecord],
    plan: &[OutboxRecord],
) -> Markup {
    let t = &form.texts().service.outbox;
    let OutboxCounts {
        queued,
        sending,
        sent,
        failed,
    } = followup::counts(messages);
    views::page(
        form,
        t.title,
        Some(user),
        html! {
            h1 { (t.heading) }
            p id="utboks-status" { ((t.counts)(queued, sending, sent, failed)) }
            p { (t.retries) }
            @if messages.is_empty() {
                p { (t.empty) }
            } @else {
                (Table::new("utboks-tittel", t.caption)
                    .texts([t.col_status, t.col_purpose, t.col_to, t.col_subject])
                    .number(t.col_attempts)
                    .texts([t.col_error, t.col_decided, t.col_sent, t.col_action])
                    .rows(html! {
                        @for m in messages {
                            tr {
                                td { (status_label(t, m.status)) }
                                td { (purpose_label(t, &m.purpose)) }
                                td { (m.to_name) " <" (m.to) ">" }
                                td { (m.subject) }
                                td.num { (m.attempts) }
                                td { (m.last_error.as_deref().unwrap_or("")) }
                                td { (when(Some(m.created_at))) }
                                td { (when(m.sent_at)) }
                                td {
                                    @if matches!(m.status, OutboxStatus::Failed | OutboxStatus::Queued) {
                                        form method="post" action="/admin/utboks/send-igjen" {
                                            input type="hidden" name="csrf" value=(user.csrf);
                                            input type="hidden" name="id" value=(m.id);
                                            button type="submit" aria-label=((t.send_again_to)(&m.to)) { (t.send_again) }
                                        }
                                    }
                                }
                            }
                        }
                    }))
            }
            h2 { (t.plan_heading) }
            @if plan.is_empty() {
                p { (t.plan_empty) }
            } @else {
                (Table::new("plan-tittel", (t.plan_caption)(plan.len()))
                    .texts([t.col_purpose, t.col_to, t.col_subject])
                    .rows(html! {
                        @for m in plan {
                            tr {
                                td { (purpose_label(t, &m.purpose)) }
                                td { (m.to_name) " <" (m.to) ">" }
                                td { (m.subject) }
                            }
                        }
                    }))
            }
            p { a href="/admin" { (t.back) } }
        },
    )
}

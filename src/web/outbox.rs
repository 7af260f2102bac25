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

use super::auth::{CsrfField, CurrentUser, Protected, ReportUser};
use super::{AppState, WebError, blocking, views};
use crate::app::Principal;
use crate::app::followup::{self, OutboxCounts};
use crate::store::{OutboxRecord, OutboxStatus};

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
    Ok(outbox_page(&user.principal, &messages, &plan).into_response())
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

fn status_label(status: OutboxStatus) -> &'static str {
    match status {
        OutboxStatus::Queued => "I kø",
        OutboxStatus::Sending => "Sendes",
        OutboxStatus::Sent => "Sendt",
        OutboxStatus::Failed => "Feilet",
    }
}

fn purpose_label(purpose: &str) -> &str {
    match purpose {
        "invitation" => "Invitasjon",
        "reminder" => "Påminnelse",
        "digest" => "Ukesoversikt til leder",
        other => other,
    }
}

fn when(t: Option<Timestamp>) -> String {
    t.map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn outbox_page(user: &Principal, messages: &[OutboxRecord], plan: &[OutboxRecord]) -> Markup {
    let OutboxCounts {
        queued,
        sending,
        sent,
        failed,
    } = followup::counts(messages);
    views::layout(
        "Utboks",
        Some(user),
        html! {
            h1 { "Utboks for e-post" }
            p id="utboks-status" {
                (queued) " i kø, " (sending) " sendes nå, " (sent) " sendt, " (failed) " feilet."
            }
            p {
                "En melding som ikke kunne sendes, prøves igjen med stadig lengre mellomrom. "
                "Etter siste forsøk står den som feilet med årsaken, og du kan sende den igjen."
            }
            @if messages.is_empty() {
                p { "Ingen e-post er lagt i kø ennå." }
            } @else {
                div.wide {
                    table {
                        caption { "Alle meldinger, nyeste først" }
                        thead {
                            tr {
                                th scope="col" { "Status" }
                                th scope="col" { "Type" }
                                th scope="col" { "Mottaker" }
                                th scope="col" { "Emne" }
                                th scope="col" { "Forsøk" }
                                th scope="col" { "Siste feil" }
                                th scope="col" { "Besluttet" }
                                th scope="col" { "Sendt" }
                                th scope="col" { "Handling" }
                            }
                        }
                        tbody {
                            @for m in messages {
                                tr {
                                    td { (status_label(m.status)) }
                                    td { (purpose_label(&m.purpose)) }
                                    td { (m.to_name) " <" (m.to) ">" }
                                    td { (m.subject) }
                                    td { (m.attempts) }
                                    td { (m.last_error.as_deref().unwrap_or("")) }
                                    td { (when(Some(m.created_at))) }
                                    td { (when(m.sent_at)) }
                                    td {
                                        @if matches!(m.status, OutboxStatus::Failed | OutboxStatus::Queued) {
                                            form method="post" action="/admin/utboks/send-igjen" {
                                                input type="hidden" name="csrf" value=(user.csrf);
                                                input type="hidden" name="id" value=(m.id);
                                                button type="submit" aria-label=(format!("Send igjen til {}", m.to)) { "Send igjen" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "Prøvekjøring: dette ville blitt lagt i kø nå" }
            @if plan.is_empty() {
                p { "Ingenting nytt: alt som er aktuelt nå, er allerede i utboksen." }
            } @else {
                div.wide {
                    table {
                        caption { (plan.len()) " meldinger" }
                        thead {
                            tr {
                                th scope="col" { "Type" }
                                th scope="col" { "Mottaker" }
                                th scope="col" { "Emne" }
                            }
                        }
                        tbody {
                            @for m in plan {
                                tr {
                                    td { (purpose_label(&m.purpose)) }
                                    td { (m.to_name) " <" (m.to) ">" }
                                    td { (m.subject) }
                                }
                            }
                        }
                    }
                }
            }
            p { a href="/admin" { "Til administrasjon" } }
        },
    )
}

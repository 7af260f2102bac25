//! `/admin/roster`: upload a roster (paste the CSV), see the preview — the same lists as
//! `forvalt users sync` prints — and apply exactly the previewed version with "Bruk
//! endringene". The preview form carries the roster text and a digest of the people it was
//! computed on; applying is refused if the people changed since (someone else applied a sync,
//! deactivated someone, …), and is all-or-nothing in one transaction.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use maud::{Markup, html};
use serde::Deserialize;

use super::super::auth::{CsrfField, CurrentUser, Protected};
use super::super::{AppState, WebError, views};
use crate::app::roster::{self, Actor, RowError, SyncPlan, SyncRefusal};
use crate::store::Role;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/roster", get(upload_page).post(preview))
        .route("/admin/roster/bruk", post(apply))
}

const HELP: &str = "Kolonner: employee_id, name, email, department, role, og valgfritt leads og malform. \
                    Første linje er overskriften.";

async fn upload_page(user: CurrentUser) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    Ok(page(&user, StatusCode::OK, upload_form(&user, "", None)))
}

fn page(user: &CurrentUser, status: StatusCode, body: Markup) -> Response {
    (
        status,
        views::layout("Personalliste", Some(&user.principal), body),
    )
        .into_response()
}

fn upload_form(user: &CurrentUser, text: &str, errors: Option<&[RowError]>) -> Markup {
    html! {
        h1 { "Last opp personalliste" }
        p { "Lim inn personallisten (CSV). Du ser hva som vil endres før noe lagres. "
            "Personer som ikke står på listen, deaktiveres (de slettes aldri)." }
        @if let Some(errors) = errors {
            div role="alert" {
                h2 { "Listen har feil – ingenting er endret" }
                ul { @for e in errors { li { "linje " (e.line) ": " (e.message) } } }
            }
        }
        form method="post" action="/admin/roster" {
            input type="hidden" name="csrf" value=(user.principal.csrf);
            p {
                label for="roster" { "Personalliste (CSV)" }
                br;
                textarea id="roster" name="roster" rows="16" cols="100" required aria-describedby="roster-hjelp" { (text) }
            }
            p id="roster-hjelp" { (HELP) }
            button type="submit" { "Vis endringene" }
        }
        p { a href="/admin" { "Til administrasjon" } }
    }
}

#[derive(Deserialize)]
struct Upload {
    csrf: Option<String>,
    roster: String,
}

impl CsrfField for Upload {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

async fn preview(
    State(state): State<AppState>,
    Protected { user, form }: Protected<Upload>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let text = form.roster.clone();
    let store = state.app.clone();
    let plan = tokio::task::spawn_blocking(move || {
        roster::preview(store.store(), &text, Timestamp::now())
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))??;
    match plan {
        Err(errors) => Ok(page(
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            upload_form(&user, &form.roster, Some(&errors)),
        )),
        Ok(plan) => Ok(page(
            &user,
            StatusCode::OK,
            preview_page(&user, &form.roster, &plan),
        )),
    }
}

fn plan_lists(plan: &SyncPlan) -> Markup {
    let field_label = |f: &'static str| -> &'static str {
        match f {
            "name" => "navn",
            "email" => "e-post",
            "department" => "avdeling (flytting)",
            "role" => "rolle",
            "leads" => "leder for",
            "malform" => "målform",
            "status" => "status",
            other => other,
        }
    };
    let value = |v: &str| match v {
        "" => "–".to_string(),
        "active" => "aktiv".to_string(),
        "deactivated" => "deaktivert".to_string(),
        v => v.to_string(),
    };
    html! {
        p role="status" {
            (plan.new.len()) " nye, " (plan.changes.len()) " endret, " (plan.leavers.len())
            " sluttet (deaktiveres), " (plan.unchanged) " uendret."
        }
        @if !plan.new.is_empty() {
            table {
                caption { "Nye personer" }
                thead { tr { th scope="col" { "Ansattnummer" } th scope="col" { "Navn" } th scope="col" { "Avdeling" } th scope="col" { "Rolle" } } }
                tbody { @for (id, name, dep, role) in &plan.new { tr { td { (id) } td { (name) } td { (dep) } td { (role) } } } }
            }
        }
        @if !plan.changes.is_empty() {
            table {
                caption { "Endringer" }
                thead { tr { th scope="col" { "Ansattnummer" } th scope="col" { "Navn" } th scope="col" { "Endring" } } }
                tbody {
                    @for c in &plan.changes {
                        tr {
                            td { (c.employee_id) } td { (c.name) }
                            td { ul { @for f in &c.changes { li { (field_label(f.field)) ": " (value(&f.old)) " → " (value(&f.new)) } } } }
                        }
                    }
                }
            }
        }
        @if !plan.leavers.is_empty() {
            table {
                caption { "Sluttet: deaktiveres, testene blir stående" }
                thead { tr { th scope="col" { "Ansattnummer" } th scope="col" { "Navn" } th scope="col" { "Avdeling" } } }
                tbody { @for (id, name, dep) in &plan.leavers { tr { td { (id) } td { (name) } td { (dep) } } } }
            }
        }
    }
}

fn preview_page(user: &CurrentUser, text: &str, plan: &SyncPlan) -> Markup {
    html! {
        h1 { "Endringer fra personallisten" }
        p { "Ingenting er endret ennå." }
        (plan_lists(plan))
        @if plan.is_empty() {
            p { "Listen stemmer med databasen; det er ingenting å endre." }
        } @else {
            form method="post" action="/admin/roster/bruk" {
                input type="hidden" name="csrf" value=(user.principal.csrf);
                input type="hidden" name="digest" value=(plan.digest);
                input type="hidden" name="roster" value=(text);
                button type="submit" { "Bruk endringene" }
            }
        }
        p { a href="/admin/roster" { "Last opp en annen liste" } }
    }
}

#[derive(Deserialize)]
struct Apply {
    csrf: Option<String>,
    roster: String,
    digest: String,
}

impl CsrfField for Apply {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

async fn apply(
    State(state): State<AppState>,
    Protected { user, form }: Protected<Apply>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let app = state.app.clone();
    let actor = Actor::User(user.principal.user.clone());
    let (text, digest) = (form.roster.clone(), form.digest.clone());
    let outcome = tokio::task::spawn_blocking(move || {
        roster::apply_sync(app.store(), &actor, &text, Some(&digest), Timestamp::now())
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))??;
    match outcome {
        Ok(plan) => Ok(page(
            &user,
            StatusCode::OK,
            html! {
                h1 { "Endringene er lagret" }
                (plan_lists(&plan))
                p { a href="/admin/personer" { "Til personer" } }
            },
        )),
        Err(SyncRefusal::Rows(errors)) => Ok(page(
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            upload_form(&user, &form.roster, Some(&errors)),
        )),
        Err(SyncRefusal::Changed) => Ok(page(
            &user,
            StatusCode::CONFLICT,
            html! {
                h1 { "Ingenting er endret" }
                p role="alert" { "Personene i databasen er endret siden forhåndsvisningen. Se på endringene på nytt før du bruker dem." }
                form method="post" action="/admin/roster" {
                    input type="hidden" name="csrf" value=(user.principal.csrf);
                    input type="hidden" name="roster" value=(form.roster);
                    button type="submit" { "Vis endringene på nytt" }
                }
            },
        )),
        Err(SyncRefusal::SelfLockout) => Ok(page(
            &user,
            StatusCode::CONFLICT,
            html! {
                h1 { "Ingenting er endret" }
                p role="alert" { "Listen ville deaktivert deg selv. Legg deg til i listen, eller la en annen administrator gjøre det." }
                p { a href="/admin/roster" { "Tilbake" } }
            },
        )),
    }
}

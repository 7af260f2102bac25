//! `/admin/roster`: upload a roster (paste the CSV), see the preview — the same lists as
//! `forvalt users sync` prints — and apply exactly the previewed version with "Bruk
//! endringene". The preview form carries the roster text and a digest of the people it was
//! computed on; applying is refused if the people changed since (someone else applied a sync,
//! deactivated someone, …), and is all-or-nothing in one transaction. Every text comes from
//! the administrator's form of the catalogue (`text::Admin`).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use maud::{Markup, html};
use serde::Deserialize;

use super::super::auth::{CsrfField, CurrentUser, Protected};
use super::super::views::{self, Table};
use super::super::{AppState, WebError};
use crate::app::roster::{self, Actor, RowError, SyncPlan, SyncRefusal};
use crate::store::Role;
use crate::text::{Admin, Form};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/roster", get(upload_page).post(preview))
        .route("/admin/roster/bruk", post(apply))
}

async fn upload_page(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let lang = state.form_of(&user.principal);
    Ok(page(
        lang,
        &user,
        StatusCode::OK,
        upload_form(lang, &user, "", None),
    ))
}

fn page(form: Form, user: &CurrentUser, status: StatusCode, body: Markup) -> Response {
    let title = form.texts().admin.roster_title;
    (
        status,
        views::page(form, title, Some(&user.principal), body),
    )
        .into_response()
}

fn upload_form(form: Form, user: &CurrentUser, text: &str, errors: Option<&[RowError]>) -> Markup {
    let t = &form.texts().admin;
    html! {
        h1 { (t.roster_upload_heading) }
        p { (t.roster_intro) }
        @if let Some(errors) = errors {
            div role="alert" {
                h2 { (t.roster_errors_heading) }
                ul { @for e in errors { li { ((t.roster_line)(e.line, &e.problem.message(form))) } } }
            }
        }
        form method="post" action="/admin/roster" {
            input type="hidden" name="csrf" value=(user.principal.csrf);
            p {
                label for="roster" { (t.roster_label) }
                br;
                textarea id="roster" name="roster" rows="16" cols="100" required aria-describedby="roster-hjelp" { (text) }
            }
            p id="roster-hjelp" { (t.roster_help) }
            button type="submit" { (t.show_changes) }
        }
        p { a href="/admin" { (t.back) } }
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
    let lang = state.form_of(&user.principal);
    let t = &lang.texts().admin;
    let text = form.roster.clone();
    let store = state.app.clone();
    let plan = tokio::task::spawn_blocking(move || {
        roster::preview(store.store(), &text, Timestamp::now())
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))??;
    match plan {
        Err(errors) => Ok(page(
            lang,
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            upload_form(lang, &user, &form.roster, Some(&errors)),
        )),
        Ok(plan) => Ok(page(
            lang,
            &user,
            StatusCode::OK,
            preview_page(t, &user, &form.roster, &plan),
        )),
    }
}

/// A role as the roster writes it (`caseworker`, …) in the administrator's form.
fn role_value(t: &Admin, role: &str) -> String {
    match Role::parse(role) {
        Some(role) => super::people::role_label(t, role).to_string(),
        None => role.to_string(),
    }
}

fn plan_lists(t: &Admin, plan: &SyncPlan) -> Markup {
    let field_label = |f: &'static str| -> &'static str {
        match f {
            "name" => t.field_name,
            "email" => t.field_email,
            "department" => t.field_department_move,
            "role" => t.field_role,
            "leads" => t.field_leads,
            "malform" => t.field_malform,
            "status" => t.field_status,
            other => other,
        }
    };
    let value = |field: &str, v: &str| match (field, v) {
        (_, "") => "–".to_string(),
        ("status", "active") => t.value_active.to_string(),
        ("status", "deactivated") => t.value_deactivated.to_string(),
        ("role", v) => role_value(t, v),
        (_, v) => v.to_string(),
    };
    html! {
        p role="status" {
            ((t.plan_counts)(plan.new.len(), plan.changes.len(), plan.leavers.len(), plan.unchanged))
        }
        @if !plan.new.is_empty() {
            (Table::new("nye-tittel", t.new_caption)
                .texts([t.col_employee_id, t.col_name, t.col_department, t.col_role])
                .rows(html! { @for (id, name, dep, role) in &plan.new { tr { td { (id) } td { (name) } td { (dep) } td { (role_value(t, role)) } } } }))
        }
        @if !plan.changes.is_empty() {
            (Table::new("endringer-tittel", t.changes_caption)
                .texts([t.col_employee_id, t.col_name, t.col_change])
                .rows(html! {
                    @for c in &plan.changes {
                        tr {
                            td { (c.employee_id) } td { (c.name) }
                            td { ul { @for f in &c.changes { li { (field_label(f.field)) ": " (value(f.field, &f.old)) " → " (value(f.field, &f.new)) } } } }
                        }
                    }
                }))
        }
        @if !plan.leavers.is_empty() {
            (Table::new("sluttet-tittel", t.leavers_caption)
                .texts([t.col_employee_id, t.col_name, t.col_department])
                .rows(html! { @for (id, name, dep) in &plan.leavers { tr { td { (id) } td { (name) } td { (dep) } } } }))
        }
    }
}

fn preview_page(t: &Admin, user: &CurrentUser, text: &str, plan: &SyncPlan) -> Markup {
    html! {
        h1 { (t.preview_heading) }
        p { (t.nothing_changed_yet) }
        (plan_lists(t, plan))
        @if plan.is_empty() {
            p { (t.roster_matches) }
        } @else {
            form method="post" action="/admin/roster/bruk" {
                input type="hidden" name="csrf" value=(user.principal.csrf);
                input type="hidden" name="digest" value=(plan.digest);
                input type="hidden" name="roster" value=(text);
                button type="submit" { (t.apply_changes) }
            }
        }
        p { a href="/admin/roster" { (t.upload_another) } }
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
    let lang = state.form_of(&user.principal);
    let t = &lang.texts().admin;
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
            lang,
            &user,
            StatusCode::OK,
            html! {
                h1 { (t.applied_heading) }
                (plan_lists(t, &plan))
                p { a href="/admin/personer" { (t.to_people) } }
            },
        )),
        Err(SyncRefusal::Rows(errors)) => Ok(page(
            lang,
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            upload_form(lang, &user, &form.roster, Some(&errors)),
        )),
        Err(SyncRefusal::Changed) => Ok(page(
            lang,
            &user,
            StatusCode::CONFLICT,
            html! {
                h1 { (t.nothing_changed) }
                p role="alert" { (t.changed_since) }
                form method="post" action="/admin/roster" {
                    input type="hidden" name="csrf" value=(user.principal.csrf);
                    input type="hidden" name="roster" value=(form.roster);
                    button type="submit" { (t.show_again) }
                }
            },
        )),
        Err(SyncRefusal::SelfLockout) => Ok(page(
            lang,
            &user,
            StatusCode::CONFLICT,
            html! {
                h1 { (t.nothing_changed) }
                p role="alert" { (t.self_lockout) }
                p { a href="/admin/roster" { (t.back_link) } }
            },
        )),
    }
}

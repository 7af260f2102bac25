//! `/admin/personer`: search and page through people; one person with their actions (role,
//! department, deactivate or reactivate, set-password link). Every text comes from the
//! administrator's form of the catalogue (`text::Admin`).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use maud::{Markup, html};
use serde::Deserialize;

use super::super::auth::{CsrfField, CurrentUser, Protected};
use super::super::views::{self, Table};
use super::super::{AppState, WebError};
use crate::app::roster::{
    Actor, DEPARTMENT_MAX_CHARS, DepartmentProblem, LinkDelivery, PeoplePage,
};
use crate::app::{Activation, Principal};
use crate::store::{Role, UserId, UserRecord};
use crate::text::Admin;

/// The administrator's texts, in their form.
fn texts(state: &AppState, principal: &Principal) -> &'static Admin {
    &state.form_of(principal).texts().admin
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/personer", get(list))
        .route("/admin/personer/{id}", get(person))
        .route("/admin/personer/{id}/rolle", post(change_role))
        .route("/admin/personer/{id}/avdeling", post(move_department))
        .route("/admin/personer/{id}/deaktiver", post(deactivate))
        .route("/admin/personer/{id}/reaktiver", post(reactivate))
        .route("/admin/personer/{id}/passordlenke", post(send_link))
}

#[derive(Deserialize, Default)]
struct Search {
    #[serde(default)]
    q: String,
    #[serde(default)]
    side: Option<String>,
}

async fn list(
    user: CurrentUser,
    State(state): State<AppState>,
    Query(search): Query<Search>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let t = texts(&state, &user.principal);
    let page = match search.side.as_deref() {
        None | Some("") => 1,
        Some(n) => n
            .parse::<usize>()
            .map_err(|_| WebError::BadRequest((t.bad_page)(n)))?,
    };
    let principal = user.principal.clone();
    let query = search.q.clone();
    let found = state
        .accounts(move |s| s.people(&principal, &query, page))
        .await?;
    let body = people_page(t, &search.q, &found);
    let form = state.form_of(&user.principal);
    Ok(views::page(form, t.people_title, Some(&user.principal), body).into_response())
}

/// A role's name in the administrator's form.
pub(super) fn role_label(t: &Admin, role: Role) -> &'static str {
    match role {
        Role::Caseworker => t.role_caseworker,
        Role::Hr => t.role_hr,
        Role::Author => t.role_author,
        Role::Admin => t.role_admin,
    }
}

fn status_label(t: &Admin, user: &UserRecord) -> String {
    match user.deactivated_at {
        None if user.password_hash.is_some() => t.status_active.to_string(),
        None => t.status_no_password.to_string(),
        Some(at) => (t.status_deactivated)(&at.strftime("%Y-%m-%d").to_string()),
    }
}

fn people_page(t: &Admin, query: &str, found: &PeoplePage) -> Markup {
    let link = |page: usize| {
        let mut out = String::from("/admin/personer?");
        out.push_str(&serde_urlencode(&[
            ("q", query),
            ("side", &page.to_string()),
        ]));
        out
    };
    html! {
        h1 { (t.people_title) }
        form method="get" action="/admin/personer" role="search" {
            p {
                label for="q" { (t.search_label) }
                input type="search" id="q" name="q" value=(query);
                button type="submit" { (t.search) }
            }
        }
        p role="status" { ((t.people_found)(found.matching, query, found.page, found.pages)) }
        @if !found.people.is_empty() {
            (Table::new("personer-tittel", t.people_caption)
                .texts([t.col_name, t.col_employee_id, t.col_department, t.col_role, t.col_state])
                .rows(html! {
                    @for p in &found.people {
                        tr {
                            td { a href={ "/admin/personer/" (p.id) } { (p.name) } }
                            td { (p.employee_id) } td { (p.department) }
                            td { (role_label(t, p.role)) } td { (status_label(t, p)) }
                        }
                    }
                }))
        }
        @if found.pages > 1 {
            nav aria-label=(t.pages_nav) {
                ul {
                    @if found.page > 1 { li { a href=(link(found.page - 1)) { (t.previous_page) } } }
                    @if found.page < found.pages { li { a href=(link(found.page + 1)) { (t.next_page) } } }
                }
            }
        }
        p { a href="/admin" { (t.back) } }
    }
}

/// `key=value&…`, percent-encoded.
fn serde_urlencode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn person(
    user: CurrentUser,
    State(state): State<AppState>,
    Path(id): Path<UserId>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let principal = user.principal.clone();
    let person = state.accounts(move |s| s.person(&principal, id)).await?;
    Ok(person_response(&state, &user, &person, None))
}

/// The department form as typed, with the problem to show at the field (a refused move).
struct Typed<'a> {
    department: &'a str,
    problem: &'a str,
}

fn person_response(
    state: &AppState,
    user: &CurrentUser,
    person: &UserRecord,
    notice: Option<Markup>,
) -> Response {
    person_page(state, user, person, notice, None, StatusCode::OK)
}

fn person_page(
    state: &AppState,
    user: &CurrentUser,
    person: &UserRecord,
    notice: Option<Markup>,
    typed: Option<Typed>,
    status: StatusCode,
) -> Response {
    let t = texts(state, &user.principal);
    let csrf = &user.principal.csrf;
    let links = state.app.accounts.links_enabled();
    let department = typed
        .as_ref()
        .map_or(person.department.as_str(), |t| t.department);
    let body = html! {
        h1 { (person.name) }
        @if let Some(notice) = notice {
            div role="status" { (notice) }
        }
        dl {
            dt { (t.col_employee_id) } dd { (person.employee_id) }
            dt { (t.label_email) } dd { (person.email) }
            dt { (t.col_department) } dd { (person.department) }
            dt { (t.col_role) } dd { (role_label(t, person.role)) }
            dt { (t.label_leads) } dd { (person.leads.as_deref().unwrap_or("–")) }
            dt { (t.col_state) } dd { (status_label(t, person)) }
        }
        h2 { (t.role_heading) }
        form method="post" action={ "/admin/personer/" (person.id) "/rolle" } {
            input type="hidden" name="csrf" value=(csrf);
            p {
                label for="role" { (t.col_role) }
                select id="role" name="role" {
                    @for role in [Role::Caseworker, Role::Hr, Role::Author, Role::Admin] {
                        option value=(role.as_str()) selected[role == person.role] { (role_label(t, role)) }
                    }
                }
                button type="submit" { (t.save_role) }
            }
        }
        h2 { (t.department_heading) }
        form method="post" action={ "/admin/personer/" (person.id) "/avdeling" } {
            input type="hidden" name="csrf" value=(csrf);
            p {
                label for="department" { (t.label_department) }
                input type="text" id="department" name="department" value=(department)
                    required maxlength=(DEPARTMENT_MAX_CHARS) size="60"
                    aria-invalid=[typed.as_ref().map(|_| "true")]
                    aria-describedby={ @if typed.is_some() { "avdeling-feil " } "avdeling-hjelp" };
                button type="submit" { (t.save_department) }
            }
            @if let Some(typed) = &typed {
                p id="avdeling-feil" role="alert" { (typed.problem) }
            }
            p id="avdeling-hjelp" { ((t.department_hint)(DEPARTMENT_MAX_CHARS)) }
        }
        @if person.is_active() {
            h2 { (t.deactivate_heading) }
            p { (t.deactivate_help) }
            form method="post" action={ "/admin/personer/" (person.id) "/deaktiver" } {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { ((t.deactivate_button)(&person.name)) }
            }
            @if links {
                h2 { (t.link_heading) }
                p { (t.link_help) }
                form method="post" action={ "/admin/personer/" (person.id) "/passordlenke" } {
                    input type="hidden" name="csrf" value=(csrf);
                    button type="submit" { (t.link_button) }
                }
            }
        } @else {
            h2 { (t.reactivate_heading) }
            form method="post" action={ "/admin/personer/" (person.id) "/reaktiver" } {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { ((t.reactivate_button)(&person.name)) }
            }
        }
        p { a href="/admin/personer" { (t.to_people) } }
    };
    let form = state.form_of(&user.principal);
    (
        status,
        views::page(form, &person.name, Some(&user.principal), body),
    )
        .into_response()
}

#[derive(Deserialize)]
struct RoleForm {
    csrf: Option<String>,
    role: String,
}

impl CsrfField for RoleForm {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

#[derive(Deserialize)]
struct DepartmentForm {
    csrf: Option<String>,
    department: String,
}

impl CsrfField for DepartmentForm {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

#[derive(Deserialize)]
struct Plain {
    csrf: Option<String>,
}

impl CsrfField for Plain {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

async fn change_role(
    State(state): State<AppState>,
    Path(id): Path<UserId>,
    Protected { user, form }: Protected<RoleForm>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let t = texts(&state, &user.principal);
    let role = Role::parse(&form.role)
        .ok_or_else(|| WebError::BadRequest((t.unknown_role)(&form.role)))?;
    let actor = Actor::User(user.principal.user.clone());
    let person = state
        .accounts(move |s| s.change_role(&actor, id, role, Timestamp::now()))
        .await?;
    let notice = html! { p { ((t.role_now)(role_label(t, person.role))) } };
    Ok(person_response(&state, &user, &person, Some(notice)))
}

/// Move a person to another department. A refused department shows the page again (422) with
/// what was typed and the problem at the field; nothing is stored then.
async fn move_department(
    State(state): State<AppState>,
    Path(id): Path<UserId>,
    Protected { user, form }: Protected<DepartmentForm>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let t = texts(&state, &user.principal);
    let actor = Actor::User(user.principal.user.clone());
    let department = form.department.clone();
    let moved = state
        .accounts(move |s| s.move_department(&actor, id, &department, Timestamp::now()))
        .await?;
    match moved {
        Ok(person) => {
            let notice = html! { p { ((t.moved)(&person.name, &person.department)) } };
            Ok(person_response(&state, &user, &person, Some(notice)))
        }
        Err(problem) => {
            let problem = match problem {
                DepartmentProblem::Empty => t.err_department_empty.to_string(),
                DepartmentProblem::EmptyPart => t.err_department_empty_part.to_string(),
                DepartmentProblem::ControlCharacter => t.err_department_control.to_string(),
                DepartmentProblem::TooLong => (t.err_department_too_long)(DEPARTMENT_MAX_CHARS),
            };
            let principal = user.principal.clone();
            let person = state.accounts(move |s| s.person(&principal, id)).await?;
            let typed = Typed {
                department: &form.department,
                problem: &problem,
            };
            Ok(person_page(
                &state,
                &user,
                &person,
                None,
                Some(typed),
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    }
}

async fn deactivate(
    State(state): State<AppState>,
    Path(id): Path<UserId>,
    Protected { user, .. }: Protected<Plain>,
) -> Result<Response, WebError> {
    set_active(state, id, user, Activation::Deactivate).await
}

async fn reactivate(
    State(state): State<AppState>,
    Path(id): Path<UserId>,
    Protected { user, .. }: Protected<Plain>,
) -> Result<Response, WebError> {
    set_active(state, id, user, Activation::Reactivate).await
}

async fn set_active(
    state: AppState,
    id: UserId,
    user: CurrentUser,
    activation: Activation,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let actor = Actor::User(user.principal.user.clone());
    let person = state
        .accounts(move |s| s.set_active(&actor, id, activation, Timestamp::now()))
        .await?;
    let t = texts(&state, &user.principal);
    let notice = match activation {
        Activation::Reactivate => html! { p { ((t.reactivated)(&person.name)) } },
        Activation::Deactivate => html! { p { ((t.deactivated)(&person.name)) } },
    };
    Ok(person_response(&state, &user, &person, Some(notice)))
}

async fn send_link(
    State(state): State<AppState>,
    Path(id): Path<UserId>,
    Protected { user, .. }: Protected<Plain>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let actor = Actor::User(user.principal.user.clone());
    let delivery = state
        .accounts(move |s| s.send_password_link(&actor, id, Timestamp::now()))
        .await?;
    if matches!(delivery, LinkDelivery::Queued { .. }) {
        state.app.followup.wake().notify_one();
    }
    let principal = user.principal.clone();
    let person = state.accounts(move |s| s.person(&principal, id)).await?;
    let t = texts(&state, &user.principal);
    let notice = match delivery {
        LinkDelivery::Queued { to, .. } => html! {
            p { ((t.link_queued)(&to)) " " a href="/admin/utboks" { (t.outbox_link) } }
        },
        LinkDelivery::Show { url, expires_at } => html! {
            p { ((t.link_show)(&person.name, &expires_at.strftime("%Y-%m-%d %H:%M UTC").to_string())) }
            p {
                label for="lenke" { (t.link_heading) }
                input type="text" id="lenke" readonly value=(url) size="80";
            }
        },
    };
    Ok(person_response(&state, &user, &person, Some(notice)))
}

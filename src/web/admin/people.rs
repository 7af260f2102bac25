//! `/admin/personer`: search and page through people; one person with their actions (role,
//! deactivate or reactivate, set-password link).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use maud::{Markup, html};
use serde::Deserialize;

use super::super::auth::{CsrfField, CurrentUser, Protected};
use super::super::{AppState, WebError, views};
use crate::app::roster::{Actor, LinkDelivery, PeoplePage};
use crate::store::{Role, UserRecord};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/personer", get(list))
        .route("/admin/personer/{id}", get(person))
        .route("/admin/personer/{id}/rolle", post(change_role))
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
    let page = match search.side.as_deref() {
        None | Some("") => 1,
        Some(n) => n
            .parse::<usize>()
            .map_err(|_| WebError::BadRequest(format!("ugyldig sidetall «{n}»")))?,
    };
    let principal = user.principal.clone();
    let query = search.q.clone();
    let found = state
        .accounts(move |s| s.people(&principal, &query, page))
        .await?;
    let body = people_page(&search.q, &found);
    Ok(views::layout("Personer", Some(&user.principal), body).into_response())
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Caseworker => "saksbehandler",
        Role::Hr => "HR",
        Role::Author => "forfatter",
        Role::Admin => "administrator",
    }
}

fn status_label(user: &UserRecord) -> String {
    match user.deactivated_at {
        None if user.password_hash.is_some() => "aktiv".to_string(),
        None => "aktiv, uten passord".to_string(),
        Some(at) => format!("deaktivert {}", at.strftime("%Y-%m-%d")),
    }
}

fn people_page(query: &str, found: &PeoplePage) -> Markup {
    let link = |page: usize| {
        let mut out = String::from("/admin/personer?");
        out.push_str(&serde_urlencode(&[
            ("q", query),
            ("side", &page.to_string()),
        ]));
        out
    };
    html! {
        h1 { "Personer" }
        form method="get" action="/admin/personer" role="search" {
            p {
                label for="q" { "Søk på navn, ansattnummer eller avdeling" }
                input type="search" id="q" name="q" value=(query);
                button type="submit" { "Søk" }
            }
        }
        p role="status" {
            (found.matching) " personer"
            @if !query.is_empty() { " treffer «" (query) "»" }
            ". Side " (found.page) " av " (found.pages) "."
        }
        @if !found.people.is_empty() {
            table {
                caption { "Personer, etter avdeling og navn" }
                thead { tr {
                    th scope="col" { "Navn" } th scope="col" { "Ansattnummer" }
                    th scope="col" { "Avdeling" } th scope="col" { "Rolle" } th scope="col" { "Status" }
                } }
                tbody {
                    @for p in &found.people {
                        tr {
                            td { a href={ "/admin/personer/" (p.id) } { (p.name) } }
                            td { (p.employee_id) } td { (p.department) }
                            td { (role_label(p.role)) } td { (status_label(p)) }
                        }
                    }
                }
            }
        }
        @if found.pages > 1 {
            nav aria-label="Sider" {
                ul {
                    @if found.page > 1 { li { a href=(link(found.page - 1)) { "Forrige side" } } }
                    @if found.page < found.pages { li { a href=(link(found.page + 1)) { "Neste side" } } }
                }
            }
        }
        p { a href="/admin" { "Til administrasjon" } }
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
    Path(id): Path<u64>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let principal = user.principal.clone();
    let person = state.accounts(move |s| s.person(&principal, id)).await?;
    Ok(person_response(&state, &user, &person, None))
}

fn person_response(
    state: &AppState,
    user: &CurrentUser,
    person: &UserRecord,
    notice: Option<Markup>,
) -> Response {
    let csrf = &user.principal.csrf;
    let links = state.app.accounts.links_enabled();
    let body = html! {
        h1 { (person.name) }
        @if let Some(notice) = notice {
            div role="status" { (notice) }
        }
        dl {
            dt { "Ansattnummer" } dd { (person.employee_id) }
            dt { "E-post" } dd { (person.email) }
            dt { "Avdeling" } dd { (person.department) }
            dt { "Rolle" } dd { (role_label(person.role)) }
            dt { "Leder for" } dd { (person.leads.as_deref().unwrap_or("–")) }
            dt { "Status" } dd { (status_label(person)) }
        }
        h2 { "Endre rolle" }
        form method="post" action={ "/admin/personer/" (person.id) "/rolle" } {
            input type="hidden" name="csrf" value=(csrf);
            p {
                label for="role" { "Rolle" }
                select id="role" name="role" {
                    @for role in [Role::Caseworker, Role::Hr, Role::Author, Role::Admin] {
                        option value=(role.as_str()) selected[role == person.role] { (role_label(role)) }
                    }
                }
                button type="submit" { "Lagre rollen" }
            }
        }
        @if person.is_active() {
            h2 { "Deaktiver" }
            p { "En som har sluttet, kan ikke logge inn og får ingen e-post. Innloggingene avsluttes med en gang. Testene blir stående i rapportene." }
            form method="post" action={ "/admin/personer/" (person.id) "/deaktiver" } {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { "Deaktiver " (person.name) }
            }
            @if links {
                h2 { "Lenke for å velge passord" }
                p { "Lenken kan brukes én gang. Eldre lenker slutter å virke, og personen logges ut." }
                form method="post" action={ "/admin/personer/" (person.id) "/passordlenke" } {
                    input type="hidden" name="csrf" value=(csrf);
                    button type="submit" { "Send lenke for å velge passord" }
                }
            }
        } @else {
            h2 { "Reaktiver" }
            form method="post" action={ "/admin/personer/" (person.id) "/reaktiver" } {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { "Reaktiver " (person.name) }
            }
        }
        p { a href="/admin/personer" { "Til personer" } }
    };
    views::layout(&person.name, Some(&user.principal), body).into_response()
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
    Path(id): Path<u64>,
    Protected { user, form }: Protected<RoleForm>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let role = Role::parse(&form.role)
        .ok_or_else(|| WebError::BadRequest(format!("ukjent rolle «{}»", form.role)))?;
    let actor = Actor::User(user.principal.user.clone());
    let person = state
        .accounts(move |s| s.change_role(&actor, id, role, Timestamp::now()))
        .await?;
    let notice = html! { p { "Rollen er nå " (role_label(person.role)) "." } };
    Ok(person_response(&state, &user, &person, Some(notice)))
}

async fn deactivate(
    State(state): State<AppState>,
    Path(id): Path<u64>,
    Protected { user, .. }: Protected<Plain>,
) -> Result<Response, WebError> {
    set_active(state, id, user, false).await
}

async fn reactivate(
    State(state): State<AppState>,
    Path(id): Path<u64>,
    Protected { user, .. }: Protected<Plain>,
) -> Result<Response, WebError> {
    set_active(state, id, user, true).await
}

async fn set_active(
    state: AppState,
    id: u64,
    user: CurrentUser,
    active: bool,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let actor = Actor::User(user.principal.user.clone());
    let person = state
        .accounts(move |s| s.set_active(&actor, id, active, Timestamp::now()))
        .await?;
    let notice = if active {
        html! { p { (person.name) " er reaktivert." } }
    } else {
        html! { p { (person.name) " er deaktivert, og innloggingene er avsluttet." } }
    };
    Ok(person_response(&state, &user, &person, Some(notice)))
}

async fn send_link(
    State(state): State<AppState>,
    Path(id): Path<u64>,
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
    let notice = match delivery {
        LinkDelivery::Queued { to, .. } => html! {
            p { "Lenken sendes på e-post til " (to) ". Se " a href="/admin/utboks" { "utboksen" } "." }
        },
        LinkDelivery::Show { url, expires_at } => html! {
            p { "E-post er ikke satt opp. Gi denne lenken til " (person.name) " (den virker én gang, til "
                (expires_at.strftime("%Y-%m-%d %H:%M UTC")) "):" }
            p {
                label for="lenke" { "Lenke for å velge passord" }
                input type="text" id="lenke" readonly value=(url) size="80";
            }
        },
    };
    Ok(person_response(&state, &user, &person, Some(notice)))
}

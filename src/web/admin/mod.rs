//! The administrator's pages: the start page (`/admin`), people (`/admin/personer`, [`people`])
//! the roster upload (`/admin/roster`, [`roster`]), cycles (`/admin/sykluser`, [`cycles`]), the
//! settings in effect (`/admin/innstillinger`, [`settings`]), the audit log (`/admin/revisjon`,
//! [`audit`]) and the e-mail outbox (`/admin/utboks`, [`outbox`]). HR reports are in
//! `super::hr`, the author area in `super::author`. Everyone but an administrator gets 403; without a session, the login page.
//! Every action is a POST form with the session's CSRF token, works without JavaScript, and is
//! written to the audit log.

mod audit;
pub mod cycles;
mod outbox;
mod people;
mod roster;
pub mod settings;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::html;

use super::auth::CurrentUser;
use super::{AppState, WebError, views};
use crate::store::Role;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(admin))
        .merge(people::router())
        .merge(roster::router())
        .merge(cycles::router())
        .merge(settings::router())
        .merge(audit::router())
        .merge(outbox::router())
}

async fn admin(State(state): State<AppState>, user: CurrentUser) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let form = state.form_of(&user.principal);
    let t = &form.texts().service.admin_home;
    let pages = [
        ("/admin/personer", t.people),
        ("/admin/roster", t.roster),
        ("/admin/sykluser", t.cycles),
        ("/admin/innstillinger", t.settings),
        ("/admin/revisjon", t.audit),
        ("/admin/utboks", t.outbox),
    ];
    let body = html! {
        h1 { (t.title) }
        ul {
            @for (href, (name, what)) in pages {
                li { a href=(href) { (name) } ": " (what) }
            }
            li { a href="/hr" { (t.reports) } }
            li { a href="/forfatter" { (t.bank) } }
        }
        p { (t.commands) }
        p { a href="/" { (t.to_home) } }
    };
    Ok(views::page(form, t.title, Some(&user.principal), body).into_response())
}

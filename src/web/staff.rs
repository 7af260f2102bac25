//! Pages for item authors and administrators (HR reports are in [`super::hr`]). Placeholders for
//! now: they check the role (403 for everyone else) and say what will come.

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::auth::CurrentUser;
use super::{AppState, WebError, views};
use crate::store::Role;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/forfatter", get(author))
        .route("/admin", get(admin))
}

fn page(user: CurrentUser, role: Role, title: &str, text: &str) -> Result<Response, WebError> {
    user.principal.require(role)?;
    Ok(views::staff_page(&user.principal, title, text).into_response())
}

async fn author(user: CurrentUser) -> Result<Response, WebError> {
    page(
        user,
        Role::Author,
        "Oppgavebanken",
        "Oversikt over oppgavene og hvordan de fungerer kommer her.",
    )
}

async fn admin(user: CurrentUser) -> Result<Response, WebError> {
    page(
        user,
        Role::Admin,
        "Administrasjon",
        "Brukere og sykluser administreres foreløpig med kommandoene «forvalt users» og «forvalt cycles».",
    )
}

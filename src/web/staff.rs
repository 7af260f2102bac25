//! Pages for administrators (HR reports are in [`super::hr`], the author area in
//! [`super::author`]). A placeholder for now: it checks the role (403 for everyone else) and says
//! what will come.

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::auth::CurrentUser;
use super::{AppState, WebError, views};
use crate::store::Role;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin", get(admin))
}

fn page(user: CurrentUser, role: Role, title: &str, text: &str) -> Result<Response, WebError> {
    user.principal.require(role)?;
    Ok(views::staff_page(&user.principal, title, text).into_response())
}

async fn admin(user: CurrentUser) -> Result<Response, WebError> {
    page(
        user,
        Role::Admin,
        "Administrasjon",
        "Brukere og sykluser administreres foreløpig med kommandoene «forvalt users» og «forvalt cycles».",
    )
}

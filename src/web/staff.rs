//! The administrator's start page (HR reports are in [`super::hr`], the author area in
//! [`super::author`], the audit log in [`super::ops`]): links to what an admin can reach in the
//! browser, and the commands for the rest. 403 for everyone else.

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::html;

use super::auth::CurrentUser;
use super::{AppState, WebError, views};
use crate::store::Role;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin", get(admin))
}

async fn admin(user: CurrentUser) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let body = html! {
        h1 { "Administrasjon" }
        ul {
            li { a href="/admin/revisjon" { "Revisjonslogg" } ": hvem som har sett eller lastet ned hvilke rapporter" }
            li { a href="/admin/sykluser" { "Sykluser" } ": opprette, endre frist og lukke" }
            li { a href="/admin/innstillinger" { "Innstillinger" } ": innstillingene i bruk og hvor de kommer fra" }
            li { a href="/admin/utboks" { "Utboks for e-post" } ": invitasjoner, påminnelser og ukesoversikter – sendt, i kø og feilet" }
            li { a href="/hr" { "Rapporter" } }
            li { a href="/forfatter" { "Oppgavebanken" } }
        }
        p {
            "Brukere, sykluser, sikkerhetskopi og sletting av gamle persondata gjøres med kommandoene "
            "«forvalt users», «forvalt cycles», «forvalt backup» og «forvalt retention»."
        }
        p { a href="/" { "Til forsiden" } }
    };
    Ok(views::layout("Administrasjon", Some(&user.principal), body).into_response())
}

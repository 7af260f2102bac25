//! The administrator's pages: the start page (`/admin`), people (`/admin/personer`, [`people`])
//! the roster upload (`/admin/roster`, [`roster`]), cycles (`/admin/sykluser`, [`cycles`]) and
//! the settings in effect (`/admin/innstillinger`, [`settings`]). HR reports are in `super::hr`, the
//! author area in `super::author`, the audit log in `super::ops`, the outbox in
//! `super::outbox`. Everyone but an administrator gets 403; without a session, the login page.
//! Every action is a POST form with the session's CSRF token, works without JavaScript, and is
//! written to the audit log.

pub mod cycles;
mod people;
mod roster;
pub mod settings;

use axum::Router;
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
}

async fn admin(user: CurrentUser) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let body = html! {
        h1 { "Administrasjon" }
        ul {
            li { a href="/admin/personer" { "Personer" } ": søk, rolle, deaktiver eller reaktiver, send lenke for å velge passord" }
            li { a href="/admin/roster" { "Last opp personalliste" } ": se hva som endres (nye, flyttinger, sluttet) før noe lagres" }
            li { a href="/admin/sykluser" { "Sykluser" } ": opprett, flytt fristen, tillat sen gjennomføring, lukk" }
            li { a href="/admin/innstillinger" { "Innstillinger" } ": innstillingene som gjelder, og hvor hver kommer fra" }
            li { a href="/admin/revisjon" { "Revisjonslogg" } ": hvem som har sett eller lastet ned hvilke rapporter, og hva administratorer har gjort" }
            li { a href="/admin/utboks" { "Utboks for e-post" } ": invitasjoner, påminnelser og ukesoversikter – sendt, i kø og feilet" }
            li { a href="/hr" { "Rapporter" } }
            li { a href="/forfatter" { "Oppgavebanken" } }
        }
        p {
            "Sikkerhetskopi og sletting av gamle persondata gjøres med kommandoene "
            "«forvalt backup» og «forvalt retention». Alle administrasjonskommandoene "
            "(«forvalt users …», «forvalt cycles …», «forvalt export» og flere) virker også mens "
            "tjenesten kjører."
        }
        p { a href="/" { "Til forsiden" } }
    };
    Ok(views::layout("Administrasjon", Some(&user.principal), body).into_response())
}

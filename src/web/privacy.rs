//! `/personvern`: the privacy notice — what is stored, who sees what, how long it is kept, the
//! legal basis and whom to contact — filled from the configuration. Public: reading it needs
//! no login.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{Markup, html};

use super::{AppState, views};
use crate::app::privacy::PrivacyNotice;

pub fn router() -> Router<AppState> {
    Router::new().route("/personvern", get(page))
}

async fn page(State(state): State<AppState>) -> Response {
    notice_page(&state.app.privacy).into_response()
}

fn notice_page(notice: &PrivacyNotice) -> Markup {
    views::layout(
        "Personvern",
        None,
        html! {
            h1 { "Personvern i testen i forvaltningsrett" }
            p { "Behandlingsansvarlig: " (notice.controller) "." }
            h2 { "Hva vi lagrer" }
            ul {
                li { "Navn, ansattnummer, e-postadresse og avdeling, fra personallisten." }
                li { "Hvilke spørsmål du fikk, hva du svarte, og når." }
                li { "Resultatet ditt, beregnet ut fra svarene." }
                li { "E-post vi sender deg (invitasjon og påminnelser), til den er levert." }
                li { "Innlogginger, og hvem som har sett hvilke rapporter (revisjonslogg)." }
            }
            h2 { "Hvem som ser hva" }
            ul {
                li { strong { "Du" } " ser ditt eget resultat og svarene dine." }
                li {
                    strong { "HR og ledere" } " ser bare grupper på minst " (notice.min_people)
                    " personer – aldri svarene eller resultatet ditt. Et tema for en mindre gruppe vises ikke."
                }
                li {
                    strong { "Lederen din" } " ser hvem i enheten som har fullført testen, og kan hente kursbeviset ditt. "
                    "Kursbeviset viser at du har fullført, ikke resultatet."
                }
                li { strong { "Oppgaveforfattere" } " ser hvordan spørsmålene fungerer samlet, ikke hvem som svarte hva." }
            }
            h2 { "Hvor lenge det lagres" }
            p {
                @match notice.keep_cycles {
                    Some(n) => {
                        "Personopplysninger fra de " (n) " siste testsyklusene beholdes. Eldre svar kobles fra navnet ditt "
                        "og brukes bare i samlet form."
                    }
                    None => {
                        "Opplysningene beholdes til virksomheten sletter dem. Spør " (notice.contact) " om hvor lenge."
                    }
                }
            }
            h2 { "Rettslig grunnlag" }
            p { (notice.legal_basis) }
            h2 { "Dine rettigheter og kontakt" }
            p {
                "Du kan be om innsyn i og retting av opplysningene om deg. Spørsmål om behandlingen rettes til "
                (notice.contact) ". Du kan også klage til Datatilsynet."
            }
            p { a href="/" { "Til forsiden" } }
        },
    )
}

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
use crate::text::Form;

pub fn router() -> Router<AppState> {
    Router::new().route("/personvern", get(page))
}

async fn page(State(state): State<AppState>) -> Response {
    notice_page(state.app.test_taking.default_form(), &state.app.privacy).into_response()
}

fn notice_page(form: Form, notice: &PrivacyNotice) -> Markup {
    let t = &form.texts().service.privacy;
    let contact = notice.contact.as_deref().unwrap_or(t.default_contact);
    views::page(
        form,
        t.title,
        None,
        html! {
            h1 { (t.heading) }
            p { ((t.controller)(notice.controller.as_deref().unwrap_or(t.default_controller))) }
            h2 { (t.stored_heading) }
            ul {
                @for line in t.stored { li { (line) } }
            }
            h2 { (t.who_heading) }
            ul {
                li { strong { (t.you.0) } (t.you.1) }
                li { strong { (t.hr) } ((t.hr_sees)(notice.min_people)) }
                li { strong { (t.leader.0) } (t.leader.1) }
                li { strong { (t.authors.0) } ((t.authors.1)(notice.min_people)) }
            }
            h2 { (t.kept_heading) }
            p {
                @match notice.keep_cycles {
                    Some(n) => { ((t.kept_cycles)(n)) }
                    None => { ((t.kept_until_deleted)(contact)) }
                }
            }
            h2 { (t.basis_heading) }
            p { (notice.legal_basis.as_deref().unwrap_or(t.default_legal_basis)) }
            h2 { (t.rights_heading) }
            p { ((t.rights)(contact)) }
            p { a href="/" { (t.to_home) } }
        },
    )
}

//! `/admin/innstillinger`: the settings the server runs with and where each came from (what
//! `forvalt config show` prints), secrets masked. Read-only: settings change in the file or the
//! environment and take effect at the next start.
//!
//! `forvalt serve` hands the resolved settings to [`record`] once at start; the page shows that
//! record, so it says what is in effect, not what the file says now.

use std::sync::OnceLock;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::html;

use super::super::auth::CurrentUser;
use super::super::views::{self, Table};
use super::super::{AppState, WebError};
use crate::config::Source;
use crate::store::Role;

/// One setting as shown: key, value (masked where secret), source.
pub type Setting = (&'static str, String, Source);

static EFFECTIVE: OnceLock<Vec<Setting>> = OnceLock::new();

/// Record the settings the server started with (the first call wins). Secret values are
/// masked here, whatever the caller did.
pub fn record(origins: &[Setting]) {
    let masked = origins
        .iter()
        .map(|(key, value, source)| {
            let value = if is_secret(key) && !value.is_empty() {
                MASK.to_string()
            } else {
                value.clone()
            };
            (*key, value, source.clone())
        })
        .collect();
    let _ = EFFECTIVE.set(masked);
}

const MASK: &str = "********";

/// Keys whose values are never shown: the ops token, passwords, and anything named a secret.
pub fn is_secret(key: &str) -> bool {
    key == "ops_token"
        || key.ends_with("_password")
        || key.ends_with("_secret")
        || key.contains("secret")
        || key.ends_with("_token")
}

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/innstillinger", get(page))
}

async fn page(State(state): State<AppState>, user: CurrentUser) -> Result<Response, WebError> {
    if user.principal.user.role != Role::Admin {
        return Err(WebError::Forbidden);
    }
    let form = state.form_of(&user.principal);
    let t = &form.texts().admin;
    let source = |s: &Source| match s {
        Source::Default => t.source_default.to_string(),
        Source::File { path, line } => (t.source_file)(&path.display().to_string(), *line),
        Source::Env(var) => (t.source_env)(var),
        Source::Cli(flag) => (t.source_cli)(flag),
    };
    let body = html! {
        h1 { (t.settings_title) }
        p { (t.settings_intro) }
        @match EFFECTIVE.get() {
            None => { p { (t.settings_unknown) } }
            Some(settings) => {
                (Table::new("innstillinger-tittel", t.settings_caption)
                    .texts([t.col_key, t.col_value, t.col_source])
                    .rows(html! {
                        @for (key, value, from) in settings {
                            tr {
                                th scope="row" { code { (key) } }
                                td {
                                    @if value.is_empty() { (t.unset) }
                                    @else if value == MASK { (t.masked) }
                                    @else { code { (value) } }
                                }
                                td { (source(from)) }
                            }
                        }
                    }))
            }
        }
        p { a href="/admin" { (t.back) } }
    };
    Ok(views::page(form, t.settings_title, Some(&user.principal), body).into_response())
}

//! The administrator's pages in the browser: cycles ([`cycles`]) and the settings in effect
//! ([`settings`]). Administrators only (403 for every other role, the login page for anyone not
//! signed in).

pub mod cycles;
pub mod settings;

use axum::Router;

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(cycles::router())
        .merge(settings::router())
}

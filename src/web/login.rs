//! Logging in and out (everyone), and the home page.

use axum::Router;
use axum::extract::{Form, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use serde::Deserialize;

use super::auth::{
    ClientKey, CsrfField, CurrentUser, LOGIN_COOKIE, Protected, SESSION_COOKIE, cookie, same,
    set_cookie,
};
use super::{AppState, WebError, views};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/logg-inn", get(login_form).post(login))
        .route("/logg-ut", post(logout))
}

async fn home(State(state): State<AppState>, user: CurrentUser) -> Result<Response, WebError> {
    let principal = user.principal.clone();
    let cycles = state
        .run(move |s| s.home(&principal, Timestamp::now()))
        .await?;
    Ok(views::home_page(&user.principal, &cycles).into_response())
}

/// The login form. Its CSRF token is a random value also set as a cookie (double submit).
async fn login_form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let token = cookie(&headers, LOGIN_COOKIE).unwrap_or_else(new_token);
    login_response(&state, StatusCode::OK, &token, "", None)
}

fn login_response(
    state: &AppState,
    status: StatusCode,
    token: &str,
    employee_id: &str,
    error: Option<&str>,
) -> Response {
    (
        status,
        [(
            SET_COOKIE,
            set_cookie(LOGIN_COOKIE, Some(token), state.secure_cookies),
        )],
        views::login_page(token, employee_id, error),
    )
        .into_response()
}

fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::Rng::fill_bytes(&mut rand::rng(), &mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Deserialize)]
struct LoginForm {
    csrf: Option<String>,
    employee_id: String,
    password: String,
}

async fn login(
    State(state): State<AppState>,
    ClientKey(client): ClientKey,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|e| {
        let (status, text) = (e.status(), e.body_text());
        WebError::from_body(e, status, text)
    })?;
    let expected = cookie(&headers, LOGIN_COOKIE).ok_or(WebError::Csrf)?;
    if !same(form.csrf.as_deref(), &expected) {
        return Err(WebError::Csrf);
    }
    let employee_id = form.employee_id.clone();
    let result = state
        .run(move |s| s.login(&form.employee_id, &form.password, &client, Timestamp::now()))
        .await;
    match result {
        Ok((token, _)) => Ok((
            [(
                SET_COOKIE,
                set_cookie(SESSION_COOKIE, Some(&token), state.secure_cookies),
            )],
            Redirect::to("/"),
        )
            .into_response()),
        Err(e @ (WebError::BadCredentials | WebError::RateLimited(_))) => {
            let status = match e {
                WebError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNAUTHORIZED,
            };
            let message = match e {
                WebError::RateLimited(_) => {
                    "For mange mislykkede innlogginger. Vent en stund og prøv igjen."
                }
                _ => "Feil ansattnummer eller passord.",
            };
            Ok(login_response(
                &state,
                status,
                &expected,
                &employee_id,
                Some(message),
            ))
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub(super) struct CsrfOnly {
    csrf: Option<String>,
}

impl CsrfField for CsrfOnly {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

async fn logout(
    State(state): State<AppState>,
    Protected { user, .. }: Protected<CsrfOnly>,
) -> Result<Response, WebError> {
    let token = user.token;
    state.run(move |s| s.logout(&token)).await?;
    Ok((
        [(
            SET_COOKIE,
            set_cookie(SESSION_COOKIE, None, state.secure_cookies),
        )],
        Redirect::to("/logg-inn"),
    )
        .into_response())
}

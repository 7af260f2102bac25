//! Signing in (everyone): logging in and out, single sign-on ([`sso`]) and choosing a password
//! with a set-password link ([`password`]). Routes and handlers here and in those modules, markup
//! in [`views`], the signed CSRF tokens of the forms without a session in [`token`].
//!
//! The login page offers what is configured: the single sign-on button and the password form
//! (`password_login`). Without single sign-on it is the password form alone.

mod password;
mod sso;
mod token;
mod views;

use axum::Router;
use axum::extract::{Form, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use serde::Deserialize;

use crate::app::sso::ProviderStatus;

use crate::web::auth::{
    ClientKey, CsrfField, Protected, cookie, login_cookie, same, session_cookie, set_cookie,
};
use crate::web::{AppState, WebError};
use views::Choices;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/logg-inn", get(login_form).post(login))
        .route("/logg-ut", post(logout))
        .merge(password::router())
        .merge(sso::router())
}

/// The login form. Its CSRF token is a random value signed with the server's key, also set as
/// a cookie (a signed double submit): a token someone planted in the cookie without the key does
/// not verify.
async fn login_form(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    login_page(&state, &headers, StatusCode::OK, None).await
}

/// A message about single sign-on above the login page's choices, and its code for support.
#[derive(Debug, Clone)]
pub(super) struct Notice {
    pub message: String,
    pub code: Option<&'static str>,
}

/// The login page with `status`, and a `notice` (why single sign-on did not log the person in,
/// say); the password form's CSRF token is the browser's own if it still verifies.
pub(super) async fn login_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    notice: Option<Notice>,
) -> Result<Response, WebError> {
    let key = login_key(state).await?;
    let token = cookie(headers, login_cookie(state.cookies))
        .filter(|t| token::verify(&key, token::LOGIN, t))
        .unwrap_or_else(|| token::new(&key, token::LOGIN));
    Ok(login_response(state, status, &token, "", None, notice).await)
}

/// The server's key for login CSRF tokens (kept in the database, made once).
async fn login_key(state: &AppState) -> Result<[u8; 32], WebError> {
    state.accounts(|s| s.login_csrf_key()).await
}

async fn login_response(
    state: &AppState,
    status: StatusCode,
    token: &str,
    employee_id: &str,
    error: Option<&str>,
    notice: Option<Notice>,
) -> Response {
    let form = state.app.test_taking.default_form();
    let page = match &state.app.sso {
        None => views::login_page(form, token, employee_id, error),
        Some(sso) => {
            // Asks the provider for its metadata unless that failed moments ago.
            let available = sso.status().await == ProviderStatus::Available;
            views::login_page_with_sso(
                form,
                &Choices {
                    provider: &sso.config().display_name,
                    available,
                    password: state.app.password_login,
                },
                token,
                employee_id,
                error,
                notice.as_ref(),
            )
        }
    };
    (
        status,
        [(
            SET_COOKIE,
            set_cookie(login_cookie(state.cookies), Some(token), state.cookies),
        )],
        page,
    )
        .into_response()
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
    let expected = cookie(&headers, login_cookie(state.cookies)).ok_or(WebError::Csrf)?;
    if !same(form.csrf.as_deref(), &expected)
        || !token::verify(&login_key(&state).await?, token::LOGIN, &expected)
    {
        return Err(WebError::Csrf);
    }
    if !state.app.password_login {
        let texts = &state.app.test_taking.default_form().texts().login;
        let notice = Notice {
            message: texts.password_off.to_string(),
            code: None,
        };
        return Ok(login_response(
            &state,
            StatusCode::FORBIDDEN,
            &expected,
            "",
            None,
            Some(notice),
        )
        .await);
    }
    let employee_id = form.employee_id.clone();
    let result = state
        .accounts(move |s| s.login(&form.employee_id, &form.password, &client, Timestamp::now()))
        .await;
    match result {
        Ok((token, _)) => Ok((
            [(
                SET_COOKIE,
                set_cookie(session_cookie(state.cookies), Some(&token), state.cookies),
            )],
            Redirect::to("/"),
        )
            .into_response()),
        Err(e @ (WebError::BadCredentials | WebError::RateLimited(_))) => {
            let status = match e {
                WebError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNAUTHORIZED,
            };
            let texts = &state.app.test_taking.default_form().texts().errors;
            let message = match e {
                WebError::RateLimited(_) => texts.rate_limited_login,
                _ => texts.bad_credentials,
            };
            Ok(login_response(&state, status, &expected, &employee_id, Some(message), None).await)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub(crate) struct CsrfOnly {
    csrf: Option<String>,
}

impl CsrfField for CsrfOnly {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

/// End the session here; a session opened by single sign-on goes on to the provider's logout
/// (RP-initiated logout), which sends the browser back to the login page.
async fn logout(
    State(state): State<AppState>,
    Protected { user, .. }: Protected<CsrfOnly>,
) -> Result<Response, WebError> {
    let form = state.form_of(&user.principal);
    let token = user.token;
    let ended = token.clone();
    state.accounts(move |s| s.logout(&ended)).await?;
    let clear = [(
        SET_COOKIE,
        set_cookie(session_cookie(state.cookies), None, state.cookies),
    )];
    let provider_logout = match &state.app.sso {
        Some(sso) => sso
            .logout_url(&token)
            .await
            .map(|url| (url, sso.config().display_name.clone())),
        None => None,
    };
    match provider_logout {
        Some((url, provider)) => Ok((
            clear,
            sso::onward(&url, views::logged_out_page(form, &url, &provider)),
        )
            .into_response()),
        None => Ok((clear, Redirect::to("/logg-inn")).into_response()),
    }
}

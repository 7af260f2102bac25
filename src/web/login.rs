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
    ClientKey, CsrfField, CurrentUser, Protected, cookie, login_cookie, same, session_cookie,
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
        .test_taking(move |s| s.home(&principal, Timestamp::now()))
        .await?;
    let form = state.app.test_taking.form_of(&user.principal.user);
    Ok(views::home_page(form, &user.principal, &cycles).into_response())
}

/// The login form. Its CSRF token is a random value signed with the server's key, also set as
/// a cookie (a signed double submit): a token someone planted in the cookie without the key does
/// not verify.
async fn login_form(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let key = login_key(&state).await?;
    let token = cookie(&headers, login_cookie(state.secure_cookies))
        .filter(|t| verify_token(&key, t))
        .unwrap_or_else(|| new_token(&key));
    Ok(login_response(&state, StatusCode::OK, &token, "", None))
}

/// The server's key for login CSRF tokens (kept in the database, made once).
async fn login_key(state: &AppState) -> Result<[u8; 32], WebError> {
    state.accounts(|s| s.login_csrf_key()).await
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
            set_cookie(
                login_cookie(state.secure_cookies),
                Some(token),
                state.secure_cookies,
            ),
        )],
        views::login_page(
            state.app.test_taking.default_form(),
            token,
            employee_id,
            error,
        ),
    )
        .into_response()
}

/// A random nonce and its MAC: `nonce.mac`, both hex.
fn new_token(key: &[u8; 32]) -> String {
    let mut bytes = [0u8; 16];
    rand::Rng::fill_bytes(&mut rand::rng(), &mut bytes);
    let nonce: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{nonce}.{}", mac(key, &nonce))
}

/// BLAKE2b keyed with the server's key (a MAC by construction, no HMAC wrapper needed).
fn mac(key: &[u8; 32], nonce: &str) -> String {
    use blake2::digest::{KeyInit, Mac};
    let mut mac = <blake2::Blake2bMac<blake2::digest::consts::U32> as KeyInit>::new_from_slice(key)
        .expect("a 32-byte key fits BLAKE2b");
    mac.update(nonce.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn verify_token(key: &[u8; 32], token: &str) -> bool {
    token
        .split_once('.')
        .is_some_and(|(nonce, given)| nonce.len() == 32 && same(Some(given), &mac(key, nonce)))
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
    let expected = cookie(&headers, login_cookie(state.secure_cookies)).ok_or(WebError::Csrf)?;
    if !same(form.csrf.as_deref(), &expected) || !verify_token(&login_key(&state).await?, &expected)
    {
        return Err(WebError::Csrf);
    }
    let employee_id = form.employee_id.clone();
    let result = state
        .accounts(move |s| s.login(&form.employee_id, &form.password, &client, Timestamp::now()))
        .await;
    match result {
        Ok((token, _)) => Ok((
            [(
                SET_COOKIE,
                set_cookie(
                    session_cookie(state.secure_cookies),
                    Some(&token),
                    state.secure_cookies,
                ),
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
    state.accounts(move |s| s.logout(&token)).await?;
    Ok((
        [(
            SET_COOKIE,
            set_cookie(
                session_cookie(state.secure_cookies),
                None,
                state.secure_cookies,
            ),
        )],
        Redirect::to("/logg-inn"),
    )
        .into_response())
}

//! Logging in and out (everyone), and the home page.
//!
//! The login page offers what is configured: the single sign-on button ([`super::sso`]) and the
//! password form (`password_login`). Without single sign-on it is the password form alone.

use axum::Router;
use axum::extract::{Form, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use maud::{Markup, html};
use serde::Deserialize;

use crate::app::sso::ProviderStatus;
use crate::text::Form as Malform;

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
    let form = state.form_of(&user.principal);
    Ok(views::home_page(form, &user.principal, &cycles).into_response())
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
    let token = cookie(headers, login_cookie(state.secure_cookies))
        .filter(|t| verify_token(&key, t))
        .unwrap_or_else(|| new_token(&key));
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
            login_page_with_sso(
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
            set_cookie(
                login_cookie(state.secure_cookies),
                Some(token),
                state.secure_cookies,
            ),
        )],
        page,
    )
        .into_response()
}

/// What the login page offers when single sign-on is configured.
struct Choices<'a> {
    /// The provider's name on the button.
    provider: &'a str,
    /// Whether the provider's metadata could be fetched.
    available: bool,
    /// Whether the password form is shown.
    password: bool,
}

/// The login page with the single sign-on button first and, where enabled, the password form.
/// The button is a link, not a form: the page's CSP allows forms to post to this site only,
/// and the browser applies that to the redirect to the provider too.
fn login_page_with_sso(
    form: Malform,
    choices: &Choices,
    csrf: &str,
    employee_id: &str,
    error: Option<&str>,
    notice: Option<&Notice>,
) -> Markup {
    let t = &form.texts().login;
    views::page(
        form,
        t.title,
        None,
        html! {
            h1 { (t.title) }
            @if let Some(notice) = notice {
                div role="alert" {
                    p.error { (notice.message) }
                    @if let Some(code) = notice.code {
                        p { ((t.sso_error_code)(code)) }
                    }
                }
            } @else if !choices.available {
                p.error role="alert" { ((t.sso_unavailable)(choices.provider)) }
            }
            p {
                a href="/logg-inn/sso" style=(SSO_BUTTON_STYLE) {
                    ((t.sso_button)(choices.provider))
                }
            }
            @if choices.password {
                h2 { (t.password_heading) }
                (password_form(form, csrf, employee_id, error))
            }
        },
    )
}

/// The link that starts single sign-on, looking like the site's buttons (contrast 8.6:1).
const SSO_BUTTON_STYLE: &str = "display: inline-block; background: #0b4f8a; color: #fff; \
     border: 2px solid #0b4f8a; border-radius: 4px; padding: 0.4rem 1.2rem; \
     text-decoration: none; font-weight: bold;";

/// The password form (as on the login page without single sign-on).
fn password_form(form: Malform, csrf: &str, employee_id: &str, error: Option<&str>) -> Markup {
    let t = &form.texts().login;
    html! {
        form method="post" action="/logg-inn" novalidate {
            input type="hidden" name="csrf" value=(csrf);
            @if let Some(error) = error {
                p.error id="innlogging-feil" role="alert" { (error) }
            }
            div.field {
                label for="employee_id" { (t.employee_id) }
                br;
                input type="text" id="employee_id" name="employee_id" value=(employee_id)
                    autocomplete="username" required
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| "innlogging-feil")];
            }
            div.field {
                label for="password" { (t.password) }
                br;
                input type="password" id="password" name="password"
                    autocomplete="current-password" required
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| "innlogging-feil")];
            }
            button type="submit" { (t.submit) }
        }
    }
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
            Ok(login_response(&state, status, &expected, &employee_id, Some(message), None).await)
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
        set_cookie(
            session_cookie(state.secure_cookies),
            None,
            state.secure_cookies,
        ),
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
            super::sso::onward(&url, logged_out_page(form, &url, &provider)),
        )
            .into_response()),
        None => Ok((clear, Redirect::to("/logg-inn")).into_response()),
    }
}

/// Logged out here, on the way to the provider's logout (a link where the browser does not
/// follow the `Refresh` header).
fn logged_out_page(form: Malform, url: &str, provider: &str) -> Markup {
    let t = &form.texts().login;
    views::page(
        form,
        t.logged_out_title,
        None,
        html! {
            h1 { (t.logged_out_title) }
            p { (t.logged_out) }
            p { a href=(url) { ((t.sso_log_out_there)(provider)) } }
        },
    )
}

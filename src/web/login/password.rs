//! `/passord/{token}`: choosing a password with a set-password link (everyone; no session).
//!
//! The form has no session to carry a synchronizer token, so its CSRF token is a signed double
//! submit, as on the login page: a random nonce and its MAC with the server's login CSRF key,
//! set as an HttpOnly, SameSite=Strict cookie and sent in the form. The link's token is in the
//! path; the database keeps only its hash. (The request log line writes the path, token
//! included: a token is single use and short-lived, but redacting it there is still to do.)

use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiff::Timestamp;
use serde::Deserialize;

use super::{token, views};
use crate::app::roster::LinkProblem;
use crate::store::LinkRefusal;
use crate::text::Form as Malform;
use crate::web::auth::{cookie, same, set_cookie};
use crate::web::{AppState, Cookies, WebError};

const COOKIE: &str = "forvalt_passord";

pub fn router() -> Router<AppState> {
    Router::new().route("/passord/{token}", get(form_page).post(choose))
}

fn cookie_name(cookies: Cookies) -> &'static str {
    if cookies == Cookies::Secure {
        "__Host-forvalt_passord"
    } else {
        COOKIE
    }
}

async fn form_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let key = state.accounts(|s| s.login_csrf_key()).await?;
    let csrf = cookie(&headers, cookie_name(state.cookies))
        .filter(|t| token::verify(&key, token::PASSWORD, t))
        .unwrap_or_else(|| token::new(&key, token::PASSWORD));
    let lookup = token.clone();
    let link = state
        .accounts(move |s| s.password_link(&lookup, Timestamp::now()))
        .await?;
    let accounts = state.app.accounts.clone();
    match link {
        Err(refusal) => Ok(refused(accounts.default_form(), refusal)),
        Ok((_, user)) => {
            let form = accounts.form_of(&user);
            Ok(form_response(
                &state,
                StatusCode::OK,
                form,
                &token,
                &csrf,
                &user.name,
                accounts.password_min_length(),
                None,
            ))
        }
    }
}

#[derive(Deserialize)]
struct Choice {
    csrf: Option<String>,
    password: String,
    repeat: String,
}

async fn choose(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    form: Result<Form<Choice>, axum::extract::rejection::FormRejection>,
) -> Result<Response, WebError> {
    let Form(choice) = form.map_err(|e| {
        let (status, text) = (e.status(), e.body_text());
        WebError::from_body(e, status, text)
    })?;
    let key = state.accounts(|s| s.login_csrf_key()).await?;
    let expected = cookie(&headers, cookie_name(state.cookies)).ok_or(WebError::Csrf)?;
    if !same(choice.csrf.as_deref(), &expected) || !token::verify(&key, token::PASSWORD, &expected)
    {
        return Err(WebError::Csrf);
    }
    let used = token.clone();
    let outcome = state
        .accounts(move |s| {
            s.set_password_with_link(&used, &choice.password, &choice.repeat, Timestamp::now())
        })
        .await?;
    let accounts = state.app.accounts.clone();
    match outcome {
        Ok(user) => {
            let form = accounts.form_of(&user);
            Ok(views::password_chosen(form).into_response())
        }
        Err(LinkProblem::Refused(refusal)) => Ok(refused(accounts.default_form(), refusal)),
        Err(problem) => {
            let lookup = token.clone();
            let link = state
                .accounts(move |s| s.password_link(&lookup, Timestamp::now()))
                .await?;
            let Ok((_, user)) = link else {
                return Ok(refused(accounts.default_form(), LinkRefusal::Unknown));
            };
            let form = accounts.form_of(&user);
            let t = &form.texts().password;
            let message = match problem {
                LinkProblem::Mismatch => t.mismatch,
                _ => t.too_weak,
            };
            Ok(form_response(
                &state,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                &token,
                &expected,
                &user.name,
                accounts.password_min_length(),
                Some(message),
            ))
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn form_response(
    state: &AppState,
    status: StatusCode,
    form: Malform,
    token: &str,
    csrf: &str,
    name: &str,
    min_length: usize,
    error: Option<&str>,
) -> Response {
    (
        status,
        [(
            SET_COOKIE,
            set_cookie(cookie_name(state.cookies), Some(csrf), state.cookies),
        )],
        views::password_page(form, token, csrf, name, min_length, error),
    )
        .into_response()
}

/// A page saying why the link cannot be used (410 Gone for an expired, used or replaced link;
/// 404 for an unknown one; 403 for a deactivated person).
fn refused(form: Malform, refusal: LinkRefusal) -> Response {
    let t = &form.texts().password;
    let (status, message) = match refusal {
        LinkRefusal::Expired => (StatusCode::GONE, t.expired),
        LinkRefusal::Used => (StatusCode::GONE, t.used),
        LinkRefusal::Replaced => (StatusCode::GONE, t.replaced),
        LinkRefusal::Unknown => (StatusCode::NOT_FOUND, t.unknown),
        LinkRefusal::Deactivated => (StatusCode::FORBIDDEN, t.deactivated),
    };
    (status, views::link_refused(form, message)).into_response()
}

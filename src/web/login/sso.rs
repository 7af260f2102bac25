//! Single sign-on pages (everyone): `GET /logg-inn/sso` starts a login at the OpenID Provider,
//! `GET /logg-inn/sso/retur` is where the provider sends the browser back (the redirect URI).
//!
//! The pending login is bound to the browser by a random key in a short-lived
//! `HttpOnly; SameSite=Lax` cookie (Lax: the provider's redirect back is a cross-site top-level
//! navigation, which must carry it). The session cookie is `SameSite=Strict`, which a browser
//! does not send on a navigation that came through another site's redirect; so the callback
//! answers with a small page that moves on to the home page by itself (`Refresh`), a same-site
//! navigation on which the new session cookie is sent.

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use jiff::Timestamp;
use maud::Markup;
use serde::Deserialize;

use super::{Notice, login_page, views};
use crate::app::sso::{
    CALLBACK_PATH, Callback, Identity, PENDING_LIFETIME, SignInOutcome, Sso, SsoError,
};
use crate::text::Form;
use crate::web::auth::{cookie, session_cookie, set_cookie};
use crate::web::{AppState, Cookies, WebError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/logg-inn/sso", get(start))
        .route(CALLBACK_PATH, get(callback))
}

/// The browser-key cookie's name (`__Host-` prefixed with secure cookies).
fn browser_cookie(cookies: Cookies) -> &'static str {
    if cookies == Cookies::Secure {
        "__Host-forvalt_sso"
    } else {
        "forvalt_sso"
    }
}

#[derive(Deserialize)]
struct StartQuery {
    /// Where to go after logging in (a path on this site).
    neste: Option<String>,
}

/// Remember a pending login and send the browser to the provider.
async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<StartQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let sso = state.app.sso.clone().ok_or(WebError::NotFound)?;
    let Query(query) = query.map_err(|e| WebError::BadRequest(e.body_text()))?;
    let cookies = state.cookies;
    let browser = cookie(&headers, browser_cookie(cookies))
        .filter(|k| k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(random_key);
    match sso
        .begin(&browser, query.neste.as_deref().unwrap_or("/"))
        .await
    {
        Ok(url) => {
            let cookie = format!(
                "{}={browser}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
                browser_cookie(cookies),
                PENDING_LIFETIME.as_secs(),
                if cookies == Cookies::Secure {
                    "; Secure"
                } else {
                    ""
                }
            );
            Ok(([(SET_COOKIE, cookie)], Redirect::to(&url)).into_response())
        }
        Err(e) => failure(&state, &headers, e).await,
    }
}

/// The provider's answer: check it, then open a session for a person in the roster.
async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<Callback>, QueryRejection>,
) -> Result<Response, WebError> {
    let sso = state.app.sso.clone().ok_or(WebError::NotFound)?;
    let Query(answer) = query.map_err(|e| WebError::BadRequest(e.body_text()))?;
    let browser = cookie(&headers, browser_cookie(state.cookies)).unwrap_or_default();
    let identity = match sso.finish(&browser, &answer, Timestamp::now()).await {
        Ok(identity) => identity,
        Err(e) => return failure(&state, &headers, e).await,
    };
    let signing_in = identity.clone();
    let outcome = crate::web::blocking(sso.clone(), move |s| {
        s.sign_in(&signing_in, Timestamp::now())
    })
    .await?;
    let provider = sso.config().display_name.clone();
    let default_form = state.app.test_taking.default_form();
    let t = &default_form.texts().login;
    match outcome {
        SignInOutcome::SignedIn { token, principal } => {
            let form = state.form_of(&principal);
            let session = set_cookie(session_cookie(state.cookies), Some(&token), state.cookies);
            let page = views::signed_in_page(form, &identity.return_to);
            Ok(([(SET_COOKIE, session)], onward(&identity.return_to, page)).into_response())
        }
        SignInOutcome::NotInRoster => {
            tracing::warn!(
                "single sign-on: {} is not in the roster",
                identity.employee_id
            );
            let message = (t.not_in_roster)(&provider, &identity.employee_id);
            Ok(refused(&sso, &identity, default_form, &message).await)
        }
        SignInOutcome::Deactivated => {
            tracing::warn!("single sign-on: {} is deactivated", identity.employee_id);
            Ok(refused(&sso, &identity, default_form, t.deactivated).await)
        }
    }
}

/// The no-access page (403), with a link to log out at the provider to sign in as someone else.
async fn refused(sso: &Sso, identity: &Identity, form: Form, message: &str) -> Response {
    let logout = sso.end_session_url(Some(&identity.id_token)).await;
    let provider = &sso.config().display_name;
    let page = views::no_access_page(form, message, logout.as_deref(), provider);
    (StatusCode::FORBIDDEN, page).into_response()
}

/// A single sign-on that failed: the login page with what went wrong (and the password form
/// where enabled). The details go to the log; the page shows a code.
async fn failure(state: &AppState, headers: &HeaderMap, e: SsoError) -> Result<Response, WebError> {
    tracing::warn!(code = e.code(), "single sign-on failed: {e}");
    let provider = state
        .app
        .sso
        .as_ref()
        .map(|s| s.config().display_name.clone())
        .unwrap_or_default();
    let t = &state.app.test_taking.default_form().texts().login;
    let (status, message) = match &e {
        SsoError::Unavailable(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            (t.sso_unavailable)(&provider),
        ),
        SsoError::UnknownState | SsoError::CodeRefused(_) => {
            (StatusCode::BAD_REQUEST, t.sso_expired.to_string())
        }
        SsoError::Denied(_) => (StatusCode::UNAUTHORIZED, (t.sso_denied)(&provider)),
        SsoError::Rejected { .. } => (StatusCode::UNAUTHORIZED, (t.sso_rejected)(&provider)),
        SsoError::MissingClaim(_) => (StatusCode::FORBIDDEN, (t.sso_no_claim)(&provider)),
    };
    let notice = Notice {
        message,
        code: Some(e.code()),
    };
    let mut response = login_page(state, headers, status, Some(notice)).await?;
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            HeaderValue::from_static("30"),
        );
    }
    Ok(response)
}

/// A page that moves on to `url` at once (`Refresh: 0`), with a link for browsers that do not.
/// Unlike a redirect, the next request is a navigation from this site.
pub(super) fn onward(url: &str, page: Markup) -> Response {
    let mut response = page.into_response();
    if let Ok(value) = HeaderValue::from_str(&format!("0;url={url}")) {
        response
            .headers_mut()
            .insert(axum::http::HeaderName::from_static("refresh"), value);
    }
    response
}

/// 256 random bits as hex: the browser's key for its pending logins.
fn random_key() -> String {
    let mut bytes = [0u8; 32];
    rand::Rng::fill_bytes(&mut rand::rng(), &mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

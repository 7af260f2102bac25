//! Who is asking: session cookies, bearer tokens, CSRF checks and the client key for rate
//! limiting.
//!
//! The browser holds the session token in an `HttpOnly; SameSite=Strict` cookie. Every form
//! carries the session's CSRF token (a synchronizer token stored with the session); a form
//! without it, or with another, is refused with 403 before anything happens. The login form,
//! sent before there is a session, uses a double-submit cookie instead. API clients send the
//! token as `Authorization: Bearer`, which a browser never adds by itself, so the API needs no
//! CSRF token.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Form, FromRequest, FromRequestParts, Request};
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::{ApiError, AppState, Cookies, WebError};
use crate::app::Principal;

pub const SESSION_COOKIE: &str = "forvalt_session";
pub const LOGIN_COOKIE: &str = "forvalt_login";

/// The session cookie's name: with `Secure` cookies the `__Host-` prefix, which a browser
/// accepts only from this host over HTTPS, with `Path=/` and no `Domain` (so a sibling
/// subdomain cannot plant or overwrite it).
pub fn session_cookie(cookies: Cookies) -> &'static str {
    if cookies == Cookies::Secure {
        "__Host-forvalt_session"
    } else {
        SESSION_COOKIE
    }
}

/// The login form's double-submit cookie name (see [`session_cookie`]).
pub fn login_cookie(cookies: Cookies) -> &'static str {
    if cookies == Cookies::Secure {
        "__Host-forvalt_login"
    } else {
        LOGIN_COOKIE
    }
}

/// The logged-in user of a browser request, and the session token.
pub struct CurrentUser {
    pub principal: Principal,
    pub token: String,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let token = cookie(&parts.headers, session_cookie(state.cookies))
            .ok_or(WebError::Unauthenticated)?;
        let principal = authenticate(state, token.clone()).await?;
        Ok(CurrentUser { principal, token })
    }
}

/// The user of a read-only report page or export: the session cookie, or else a bearer token
/// from `POST /api/login`, so scripts can fetch HR exports. Only for GET handlers: forms use
/// [`CurrentUser`] and a CSRF check.
pub struct ReportUser {
    pub principal: Principal,
}

impl FromRequestParts<AppState> for ReportUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let token = match cookie(&parts.headers, session_cookie(state.cookies)) {
            Some(token) => token,
            None => bearer(parts).ok_or(WebError::Unauthenticated)?,
        };
        let principal = authenticate(state, token).await?;
        Ok(ReportUser { principal })
    }
}

fn bearer(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
}

/// The user of an API request (bearer token).
pub struct ApiUser(pub Principal);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(parts).ok_or(ApiError(WebError::Unauthenticated))?;
        Ok(ApiUser(authenticate(state, token).await?))
    }
}

async fn authenticate(state: &AppState, token: String) -> Result<Principal, WebError> {
    state
        .accounts(move |s| s.authenticate(&token, jiff::Timestamp::now()))
        .await
}

/// A form that must carry the session's CSRF token in a field named `csrf`.
pub trait CsrfField {
    fn csrf(&self) -> Option<&str>;
}

/// A browser form from a logged-in user, with its CSRF token checked.
pub struct Protected<T> {
    pub user: CurrentUser,
    pub form: T,
}

impl<T> FromRequest<AppState> for Protected<T>
where
    T: DeserializeOwned + CsrfField + Send,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, WebError> {
        let (mut parts, body) = req.into_parts();
        let user = CurrentUser::from_request_parts(&mut parts, state).await?;
        let req = Request::from_parts(parts, body);
        let Form(form) = Form::<T>::from_request(req, state).await.map_err(|e| {
            let (status, text) = (e.status(), e.body_text());
            WebError::from_body(e, status, text)
        })?;
        if !same(form.csrf(), &user.principal.csrf) {
            return Err(WebError::Csrf);
        }
        Ok(Protected { user, form })
    }
}

/// Where a request comes from, for login rate limiting: the socket's IP address, unless that is
/// a configured trusted proxy ([`super::HttpSettings::trusted_proxies`]); then the right-most
/// address in `X-Forwarded-For` that is not a trusted proxy (the left part of the header is
/// whatever the client wrote, so it is never believed).
pub struct ClientKey(pub String);

impl FromRequestParts<AppState> for ClientKey {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let key = peer
            .map(|peer| client_address(peer, &parts.headers, &state.http.trusted_proxies))
            .map_or_else(|| "unknown".to_string(), |ip| ip.to_string());
        Ok(ClientKey(key))
    }
}

/// The client's address of a request from `peer` (see [`ClientKey`]).
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.contains(ip) || trusted.contains(&ip.to_canonical());
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => client = ip,
            Ok(ip) => return ip,
            // A malformed hop: nothing left of it can be believed; the last trusted hop is
            // where the request came from.
            Err(_) => return client,
        }
    }
    client
}

/// The value of cookie `name`, if the request has it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value for an HttpOnly, SameSite=Strict cookie; `None` deletes it.
pub fn set_cookie(name: &str, value: Option<&str>, cookies: Cookies) -> String {
    let secure = if cookies == Cookies::Secure {
        "; Secure"
    } else {
        ""
    };
    match value {
        Some(v) => format!("{name}={v}; Path=/; HttpOnly; SameSite=Strict{secure}"),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    }
}

/// Compare a submitted token with the expected one in time independent of where they differ.
pub fn same(given: Option<&str>, expected: &str) -> bool {
    let Some(given) = given else { return false };
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

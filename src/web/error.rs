//! Errors as responses: one enum, rendered as an HTML page ([`WebError`]) or as JSON
//! ([`ApiError`]). Internal details are logged, never shown.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::views;
use crate::app::{Refusal, ServiceError};
use crate::text::Form;

#[derive(Debug, Clone, thiserror::Error)]
pub enum WebError {
    #[error("not logged in")]
    Unauthenticated,
    #[error("wrong employee id or password")]
    BadCredentials,
    #[error("too many failed logins; try again in {0} s")]
    RateLimited(u64),
    #[error("missing or wrong CSRF token")]
    Csrf,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    /// A rule refused the request; said in the reader's form.
    #[error("{0}")]
    Refused(Refusal),
    #[error("the request body is too large")]
    TooLarge,
    /// The database refuses writes for now (a full disk, say); nothing was stored.
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<ServiceError> for WebError {
    fn from(e: ServiceError) -> WebError {
        match e {
            ServiceError::BadCredentials => WebError::BadCredentials,
            ServiceError::RateLimited { retry_after_secs } => {
                WebError::RateLimited(retry_after_secs)
            }
            ServiceError::Unauthenticated => WebError::Unauthenticated,
            ServiceError::Forbidden => WebError::Forbidden,
            ServiceError::NotFound => WebError::NotFound,
            ServiceError::Refused(r) => WebError::Refused(r),
            ServiceError::Store(e) if e.is_io() => WebError::Unavailable(e.to_string()),
            ServiceError::Store(e) => WebError::Internal(e.to_string()),
            ServiceError::Internal(m) => WebError::Internal(m),
        }
    }
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::Unauthenticated | WebError::BadCredentials => StatusCode::UNAUTHORIZED,
            WebError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Csrf | WebError::Forbidden => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            // Someone else saved the draft in between: the step was right when it was shown.
            WebError::Refused(Refusal::DraftChanged { .. }) => StatusCode::CONFLICT,
            WebError::BadRequest(_) | WebError::Refused(_) => StatusCode::BAD_REQUEST,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the user is told, in `form` (the text catalogue's error texts).
    fn message_in(&self, form: Form) -> String {
        let t = &form.texts().errors;
        match self {
            WebError::Unauthenticated => t.log_in_first.into(),
            WebError::BadCredentials => t.bad_credentials.into(),
            WebError::RateLimited(s) => (t.rate_limited)(s.div_ceil(60)),
            WebError::Csrf => t.csrf.into(),
            WebError::Forbidden => t.forbidden.into(),
            WebError::NotFound => t.not_found.into(),
            WebError::BadRequest(m) => (t.bad_request)(m),
            WebError::Refused(r) => (t.bad_request)(&r.message(form)),
            WebError::TooLarge => t.too_large.into(),
            WebError::Unavailable(_) => t.unavailable.into(),
            WebError::Internal(_) => t.internal.into(),
        }
    }

    fn code(&self) -> &'static str {
        match self {
            WebError::Unauthenticated => "unauthenticated",
            WebError::BadCredentials => "bad_credentials",
            WebError::RateLimited(_) => "rate_limited",
            WebError::Csrf => "csrf",
            WebError::Forbidden => "forbidden",
            WebError::NotFound => "not_found",
            WebError::BadRequest(_) | WebError::Refused(_) => "bad_request",
            WebError::TooLarge => "too_large",
            WebError::Unavailable(_) => "unavailable",
            WebError::Internal(_) => "internal",
        }
    }

    fn log(&self) {
        match self {
            WebError::Internal(details) => tracing::error!("{details}"),
            WebError::Unavailable(details) => tracing::warn!("unavailable: {details}"),
            _ => {}
        }
    }

    /// A body that could not be read or parsed: 413 when it was too large (axum's own limit, or
    /// tower-http's `RequestBodyLimitLayer` on a body without a length), else 400.
    pub fn from_body<E: std::error::Error + 'static>(
        rejection: E,
        status: StatusCode,
        text: String,
    ) -> WebError {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&rejection);
        let mut too_large = status == StatusCode::PAYLOAD_TOO_LARGE;
        while let Some(e) = source {
            too_large |= e.is::<http_body_util::LengthLimitError>();
            source = e.source();
        }
        if too_large {
            WebError::TooLarge
        } else {
            WebError::BadRequest(text)
        }
    }
}

/// A page or JSON error rendered before the reader's form was known: the response carries the
/// error, and the `localize_errors` middleware (in `web/mod.rs`) renders it again in the form of
/// the person whose session the request has, or the installation's language.
#[derive(Debug, Clone)]
pub enum Unlocalized {
    Page(WebError),
    Json(WebError),
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut response = InForm(Form::Nb, self.clone()).into_response();
        response.extensions_mut().insert(Unlocalized::Page(self));
        response
    }
}

impl Unlocalized {
    /// The response in `form`.
    pub fn render(self, form: Form) -> Response {
        match self {
            Unlocalized::Page(e) => page_response(form, e),
            Unlocalized::Json(e) => json_response(&e, form),
        }
    }
}

/// An error shown as a page in a person's målform (the caseworker pages, once the person is
/// known).
#[derive(Debug)]
pub struct InForm(pub Form, pub WebError);

impl<E: Into<WebError>> From<(Form, E)> for InForm {
    fn from((form, e): (Form, E)) -> InForm {
        InForm(form, e.into())
    }
}

impl IntoResponse for InForm {
    fn into_response(self) -> Response {
        let InForm(form, e) = self;
        e.log();
        page_response(form, e)
    }
}

fn page_response(form: Form, e: WebError) -> Response {
    if let WebError::Unauthenticated = e {
        return Redirect::to("/logg-inn").into_response();
    }
    let status = e.status();
    let page = views::error_page_in(form, status, &e.message_in(form));
    let mut response = (status, page).into_response();
    set_retry_after(&mut response, &e);
    response
}

fn set_retry_after(response: &mut Response, e: &WebError) {
    let seconds = match e {
        WebError::RateLimited(s) => *s,
        WebError::Unavailable(_) => 60,
        _ => return,
    };
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, seconds.into());
}

/// The same errors for the JSON API: `{"error": kind, "code": code, "message": text}`: `error`
/// is the kind of error (`bad_request` for every refusal, as before typed refusals), `code` the
/// refusal's own code (else the kind again), `message` the text in the reader's form.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        e.log();
        let mut response = json_response(&e, Form::Nb);
        response.extensions_mut().insert(Unlocalized::Json(e));
        response
    }
}

fn json_response(e: &WebError, form: Form) -> Response {
    let code = match e {
        WebError::Refused(r) => r.code(),
        other => other.code(),
    };
    let body = serde_json::json!({
        "error": e.code(),
        "code": code,
        "message": match e {
            WebError::Refused(r) => r.message(form),
            other => other.message_in(form),
        },
    });
    let mut response = (e.status(), Json(body)).into_response();
    set_retry_after(&mut response, e);
    response
}

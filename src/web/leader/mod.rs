//! Unit leaders' pages and the completion certificate.
//!
//! `/leder`: completion (names and status) in the leader's department subtree;
//! `/leder/rapport`: the unit's topic report (the figures HR sees for the unit, k-suppressed);
//! `/bevis/{test}`: the printable certificate of a completed test, for its caseworker and the
//! leaders of the caseworker's unit. Everyone else gets 403 (not a leader, another unit) or 404
//! (someone else's certificate). Handlers are plumbing; views are in [`views`].

mod views;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiff::Timestamp;
use serde::Deserialize;

use super::auth::CurrentUser;
use super::error::InForm;
use super::{AppState, WebError, blocking};
use crate::app::certificate;
use crate::store::{CycleId, TestId};
use crate::text::Form;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/leder", get(completion))
        .route("/leder/rapport", get(report))
        .route("/bevis/{test}", get(certificate_page))
}

/// `?syklus=<id>&enhet=<department below the leader's unit>`; empty fields are unset.
#[derive(Debug, Default, Deserialize)]
struct UnitQuery {
    syklus: Option<String>,
    enhet: Option<String>,
}

impl UnitQuery {
    fn cycle(&self, form: Form) -> Result<Option<CycleId>, WebError> {
        match self
            .syklus
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Ok(None),
            Some(s) => s
                .parse()
                .map(|id| Some(CycleId(id)))
                .map_err(|_| WebError::BadRequest((form.texts().reports.leader.err_cycle)(s))),
        }
    }
}

async fn completion(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<UnitQuery>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let cycle = query.cycle(form).map_err(|e| InForm(form, e))?;
    let principal = user.principal.clone();
    let data = blocking(state.app.leadership.clone(), move |l| {
        l.completion(&principal, query.enhet.as_deref(), cycle, Timestamp::now())
    })
    .await
    .map_err(|e| InForm(form, e))?;
    Ok(views::completion_page(form, &user.principal, &data).into_response())
}

async fn report(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<UnitQuery>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let cycle = query.cycle(form).map_err(|e| InForm(form, e))?;
    let principal = user.principal.clone();
    let unit = query.enhet.clone();
    let report = blocking(state.app.leadership.clone(), move |l| {
        l.report(&principal, unit.as_deref(), cycle, Timestamp::now())
    })
    .await
    .map_err(|e| InForm(form, e))?;
    let unit = report
        .report
        .groups
        .first()
        .map(|g| g.path.clone())
        .or(query.enhet)
        .or(user.principal.user.leads.clone())
        .unwrap_or_default();
    Ok(views::report_page(form, &user.principal, &unit, &report).into_response())
}

async fn certificate_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(test): Path<TestId>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let principal = user.principal.clone();
    let store = state.app.store_handle();
    let data = blocking(store, move |s| {
        certificate::certificate(s, &principal, test)
    })
    .await
    .map_err(|e| InForm(form, e))?;
    Ok(views::certificate_page(form, &user.principal, &data).into_response())
}

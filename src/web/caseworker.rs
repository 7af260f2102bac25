//! Taking the test in the browser.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use serde::Deserialize;

use super::auth::{CsrfField, CurrentUser, Protected};
use super::login::CsrfOnly;
use super::{AppState, WebError, views};
use crate::app::{AnswerInput, Current};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sykluser/{cycle}/start", post(start))
        .route("/tester/{test}", get(show))
        .route("/tester/{test}/svar", post(answer))
        .route("/tester/{test}/resultat", get(result))
}

fn test_url(id: u64) -> String {
    format!("/tester/{id}")
}

async fn start(
    State(state): State<AppState>,
    Path(cycle): Path<u64>,
    Protected { user, .. }: Protected<CsrfOnly>,
) -> Result<Response, WebError> {
    let principal = user.principal;
    let test = state
        .test_taking(move |s| s.start_within_deadline(&principal, cycle, Timestamp::now()))
        .await?;
    Ok(Redirect::to(&test_url(test.id)).into_response())
}

async fn show(
    State(state): State<AppState>,
    Path(test): Path<u64>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let principal = user.principal.clone();
    let current = state
        .test_taking(move |s| {
            s.check_deadline(&principal, test, Timestamp::now())?;
            s.current(&principal, test, Timestamp::now())
        })
        .await?;
    Ok(match current {
        Current::Item(item) => views::item_page(&user.principal, &item, None).into_response(),
        Current::Finished => Redirect::to(&format!("{}/resultat", test_url(test))).into_response(),
    })
}

#[derive(Deserialize)]
struct AnswerForm {
    csrf: Option<String>,
    position: u32,
    option: Option<usize>,
}

impl CsrfField for AnswerForm {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

/// Store the answer and go on to the next item (Post/Redirect/Get, so a reload never posts
/// again). Without a chosen option the item is shown again with an error.
async fn answer(
    State(state): State<AppState>,
    Path(test): Path<u64>,
    Protected { user, form }: Protected<AnswerForm>,
) -> Result<Response, WebError> {
    let principal = user.principal.clone();
    let Some(option) = form.option else {
        let current = state
            .test_taking(move |s| s.current(&principal, test, Timestamp::now()))
            .await?;
        return Ok(match current {
            Current::Item(item) if item.position == form.position => (
                StatusCode::UNPROCESSABLE_ENTITY,
                views::item_page(
                    &user.principal,
                    &item,
                    Some("Velg ett av svaralternativene."),
                ),
            )
                .into_response(),
            _ => Redirect::to(&test_url(test)).into_response(),
        });
    };
    let input = AnswerInput {
        position: form.position,
        option,
        response_ms: None,
    };
    state
        .test_taking(move |s| {
            s.check_deadline(&principal, test, Timestamp::now())?;
            s.answer(&principal, test, input, Timestamp::now())
        })
        .await?;
    Ok(Redirect::to(&test_url(test)).into_response())
}

async fn result(
    State(state): State<AppState>,
    Path(test): Path<u64>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let principal = user.principal.clone();
    let outcome = state
        .test_taking(move |s| {
            if s.current(&principal, test, Timestamp::now())? != Current::Finished {
                return Ok(None);
            }
            s.result(&principal, test).map(Some)
        })
        .await?;
    Ok(match outcome {
        Some(result) => views::result_page(&user.principal, &result).into_response(),
        None => Redirect::to(&test_url(test)).into_response(),
    })
}

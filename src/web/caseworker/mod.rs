//! The caseworker: the home page (the cycles and what to do in each), taking the test in the
//! browser in the caseworker's målform, and the result. Routes and handlers here, markup in
//! [`views`].

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use serde::Deserialize;

use crate::app::{AnswerInput, Current};
use crate::store::{CycleId, TestId};
use crate::text::Form;
use crate::web::auth::{CsrfField, CurrentUser, Protected};
use crate::web::error::InForm;
use crate::web::login::CsrfOnly;
use crate::web::{AppState, WebError};

mod views;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/sykluser/{cycle}/start", post(start))
        .route("/tester/{test}", get(show))
        .route("/tester/{test}/svar", post(answer))
        .route("/tester/{test}/resultat", get(result))
        .route("/malform", post(choose_form))
}

/// The home page: for a caseworker the cycles, for the other roles links to their pages.
async fn home(State(state): State<AppState>, user: CurrentUser) -> Result<Response, WebError> {
    let principal = user.principal.clone();
    let cycles = state
        .test_taking(move |s| s.home(&principal, Timestamp::now()))
        .await?;
    let form = state.form_of(&user.principal);
    Ok(views::home_page(form, &user.principal, &cycles).into_response())
}

fn test_url(id: TestId) -> String {
    format!("/tester/{id}")
}

async fn start(
    State(state): State<AppState>,
    Path(cycle): Path<u64>,
    Protected { user, .. }: Protected<CsrfOnly>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let principal = user.principal;
    let test = state
        .test_taking(move |s| s.start_within_deadline(&principal, CycleId(cycle), Timestamp::now()))
        .await
        .map_err(|e| InForm(form, e))?;
    Ok(Redirect::to(&test_url(TestId(test.id))).into_response())
}

async fn show(
    State(state): State<AppState>,
    Path(test): Path<TestId>,
    user: CurrentUser,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let principal = user.principal.clone();
    let current = state
        .test_taking(move |s| {
            s.check_deadline(&principal, test, Timestamp::now())?;
            s.current(&principal, test, Timestamp::now())
        })
        .await
        .map_err(|e| InForm(form, e))?;
    Ok(match current {
        Current::Item(item) => views::item_page(form, &user.principal, &item, None).into_response(),
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
    Path(test): Path<TestId>,
    Protected { user, form: answer }: Protected<AnswerForm>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let principal = user.principal.clone();
    let Some(option) = answer.option else {
        let current = state
            .test_taking(move |s| s.current(&principal, test, Timestamp::now()))
            .await
            .map_err(|e| InForm(form, e))?;
        return Ok(match current {
            Current::Item(item) if item.position == answer.position => (
                StatusCode::UNPROCESSABLE_ENTITY,
                views::item_page(
                    form,
                    &user.principal,
                    &item,
                    Some(form.texts().question.choose_one),
                ),
            )
                .into_response(),
            _ => Redirect::to(&test_url(test)).into_response(),
        });
    };
    let input = AnswerInput {
        position: answer.position,
        option,
        response_ms: None,
    };
    state
        .test_taking(move |s| {
            s.check_deadline(&principal, test, Timestamp::now())?;
            s.answer(&principal, test, input, Timestamp::now())
        })
        .await
        .map_err(|e| InForm(form, e))?;
    Ok(Redirect::to(&test_url(test)).into_response())
}

async fn result(
    State(state): State<AppState>,
    Path(test): Path<TestId>,
    user: CurrentUser,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let principal = user.principal.clone();
    let outcome = state
        .test_taking(move |s| {
            if s.current(&principal, test, Timestamp::now())? != Current::Finished {
                return Ok(None);
            }
            s.result(&principal, test).map(Some)
        })
        .await
        .map_err(|e| InForm(form, e))?;
    Ok(match outcome {
        Some(result) => views::result_page(form, &user.principal, &result).into_response(),
        None => Redirect::to(&test_url(test)).into_response(),
    })
}

#[derive(Deserialize)]
struct FormChoice {
    csrf: Option<String>,
    /// `nb` or `nn`; absent when no radio button was checked.
    malform: Option<String>,
}

impl CsrfField for FormChoice {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

/// Switch the person's målform (the form on the home page), then back to the home page.
async fn choose_form(
    State(state): State<AppState>,
    Protected { user, form: choice }: Protected<FormChoice>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let Some(chosen) = choice
        .malform
        .as_deref()
        .and_then(Form::parse)
        .filter(Form::is_norwegian)
    else {
        return Err(InForm(
            form,
            WebError::BadRequest(form.texts().home.form_missing.to_string()),
        ));
    };
    let principal = user.principal;
    state
        .test_taking(move |s| s.choose_form(&principal, chosen))
        .await
        .map_err(|e| InForm(chosen, e))?;
    Ok(Redirect::to("/").into_response())
}

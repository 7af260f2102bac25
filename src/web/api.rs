//! The JSON API: the same flow as the pages, for scripts and load tests. Authenticate with
//! `POST /api/login`, then send `Authorization: Bearer <token>`.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::{Value, json};

use super::auth::{ApiUser, ClientKey};
use super::{ApiError, AppState, WebError};
use crate::app::{AnswerInput, Current, HomeCycle, TestResult};
use crate::store::{CycleId, TestId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", post(login))
        .route("/cycles", get(cycles))
        .route("/cycles/{cycle}/test", post(start))
        .route("/tests/{test}", get(current))
        .route("/tests/{test}/answer", post(answer))
        .route("/tests/{test}/result", get(result))
}

type ApiResult = Result<Json<Value>, ApiError>;

fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    json.map(|Json(v)| v).map_err(|e| {
        let (status, text) = (e.status(), e.body_text());
        ApiError(WebError::from_body(e, status, text))
    })
}

#[derive(Deserialize)]
struct LoginBody {
    employee_id: String,
    password: String,
}

async fn login(
    State(state): State<AppState>,
    ClientKey(client): ClientKey,
    json: Result<Json<LoginBody>, JsonRejection>,
) -> ApiResult {
    let b = body(json)?;
    // With password login switched off, the API takes no passwords either (403).
    if !state.app.password_login {
        return Err(ApiError(WebError::Forbidden));
    }
    let (token, principal) = state
        .accounts(move |s| s.login(&b.employee_id, &b.password, &client, Timestamp::now()))
        .await?;
    Ok(Json(json!({
        "token": token,
        "user": {
            "employee_id": principal.user.employee_id,
            "name": principal.user.name,
            "role": principal.user.role.as_str(),
        },
    })))
}

async fn cycles(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult {
    let cycles = state
        .test_taking(move |s| s.home(&user, Timestamp::now()))
        .await?;
    Ok(Json(Value::Array(cycles.iter().map(cycle_json).collect())))
}

fn cycle_json(c: &HomeCycle) -> Value {
    json!({
        "id": c.cycle.id,
        "name": c.cycle.name,
        "opens": c.cycle.opens.to_string(),
        "deadline": c.cycle.deadline.to_string(),
        "status": c.status.as_str(),
        "test_id": c.test_id,
        "answered": c.answered,
    })
}

async fn start(
    State(state): State<AppState>,
    Path(cycle): Path<u64>,
    ApiUser(user): ApiUser,
) -> ApiResult {
    let (test_id, current) = state
        .test_taking(move |s| {
            let now = Timestamp::now();
            let test = s.start_within_deadline(&user, CycleId(cycle), now)?;
            Ok((TestId(test.id), s.current(&user, TestId(test.id), now)?))
        })
        .await?;
    Ok(Json(
        json!({ "test_id": test_id, "current": current_json(&current) }),
    ))
}

async fn current(
    State(state): State<AppState>,
    Path(test): Path<TestId>,
    ApiUser(user): ApiUser,
) -> ApiResult {
    let current = state
        .test_taking(move |s| {
            s.check_deadline(&user, test, Timestamp::now())?;
            s.current(&user, test, Timestamp::now())
        })
        .await?;
    Ok(Json(current_json(&current)))
}

fn current_json(current: &Current) -> Value {
    match current {
        Current::Finished => json!({ "status": "finished" }),
        Current::Item(item) => json!({
            "status": "item",
            "position": item.position,
            "stem": item.stem,
            "options": item.options,
            "progress": {
                "answered": item.progress.answered,
                "max_items": item.progress.max_items,
                "topics_covered": item.progress.topics_covered,
                "topics": item.progress.n_topics,
            },
        }),
    }
}

#[derive(Deserialize)]
struct AnswerBody {
    position: u32,
    /// 0-based index of the chosen option.
    option: usize,
    response_ms: Option<u64>,
}

async fn answer(
    State(state): State<AppState>,
    Path(test): Path<TestId>,
    ApiUser(user): ApiUser,
    json: Result<Json<AnswerBody>, JsonRejection>,
) -> ApiResult {
    let b = body(json)?;
    let input = AnswerInput {
        position: b.position,
        option: b.option,
        response_ms: b.response_ms,
    };
    let (stored, current) = state
        .test_taking(move |s| {
            s.check_deadline(&user, test, Timestamp::now())?;
            s.answer_from_client(&user, test, input, Timestamp::now())
        })
        .await?;
    Ok(Json(
        json!({ "stored": stored, "current": current_json(&current) }),
    ))
}

async fn result(
    State(state): State<AppState>,
    Path(test): Path<TestId>,
    ApiUser(user): ApiUser,
) -> ApiResult {
    let result = state.test_taking(move |s| s.result(&user, test)).await?;
    Ok(Json(result_json(&result)))
}

fn result_json(r: &TestResult) -> Value {
    json!({
        "test_id": r.test_id,
        "cycle": r.cycle_name,
        "answered": r.n_answered,
        "correct": r.n_correct,
        "level": r.level.as_str(),
        "level_text": r.level.label(),
        "range": [r.range.0.as_str(), r.range.1.as_str()],
        "topics": r.topics.iter().map(|t| json!({
            "name": t.name,
            "items": t.n_items,
            "correct": t.n_correct,
            "expected": (t.expected * 10.0).round() / 10.0,
            "verdict": t.verdict.as_str(),
        })).collect::<Vec<_>>(),
        "missed": r.missed.iter().map(|m| json!({
            "position": m.position,
            "stem": m.stem,
            "options": m.options,
            "chosen": m.chosen,
            "key": m.key,
            "explanation": m.explanation,
            "references": m.references.iter().map(|x| x.to_string()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

//! The author area (`/forfatter…`): the bank against the blueprint, how each item behaves in
//! live data, items flagged by law changes, and calibration proposals to accept.
//!
//! Only authors and admins get here: every handler checks the role before it looks at the
//! query. The pages read the bank from its folder on every request (through
//! [`crate::app::Authoring::author_bank`]), so a write-back shows at once; live tests get a
//! change when it is published from the browser ([`edit`], [`crate::app::LiveEngine`]).
//!
//! URLs: `/forfatter` (overview; `?syklus=` limits the statistics to one cycle),
//! `/forfatter/oppgaver.csv` (the item statistics table), `/forfatter/oppgaver/{id}` (one item),
//! `/forfatter/lovendringer` (GET list, POST send flagged items to draft or retire them),
//! `/forfatter/kalibrering` (GET the latest proposal and the background job's progress, POST
//! accept the checked items; `?auto=1` refreshes the page while a job runs),
//! `/forfatter/kalibrering/start` (POST: start a calibration in the background).
//!
//! Every page and every error page is in the reader's form
//! ([`AppState::form_of`](crate::web::AppState::form_of)): their målform in a Norwegian
//! installation, Danish in a Danish one; the texts are in [`crate::text::author`].

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::auth::{CsrfField, CurrentUser, Protected};
use super::error::InForm;
use super::{AppState, WebError, download};
use crate::app::Principal;
use crate::app::authoring::calibration::{Certainty, certainty, expected_standard_errors};
use crate::app::authoring::{
    BankStatistics, ItemStats, JobFailure, JobState, LawChangeField, LawChangeInput, Scope,
    TopicOverview, overview, proposal_written,
};
use crate::app::stats_cache::Snapshot;
use crate::bank::proposal::ProposalRow;
use crate::bank::{self, Item, ItemBank, ItemId, ParamSource, ReviewAction, Status};
use crate::store::{CycleRecord, Role};
use crate::text::Form;
use crate::text::author::Author;

pub(super) mod edit;
mod export;
mod views;

use export::*;
use views::*;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/forfatter", get(overview_page))
        .route("/forfatter/oppgaver.csv", get(statistics_csv))
        .route("/forfatter/oppgaver/{id}", get(item_page))
        .route("/forfatter/lovendringer", get(law_page).post(law_apply))
        .route("/forfatter/lovendringer/ny", post(law_register))
        .route(
            "/forfatter/kalibrering",
            get(calibration_page).post(calibration_accept),
        )
        .route("/forfatter/kalibrering/start", post(calibration_start))
}

/// The item a URL path names. A malformed id names none: not found, as an unknown one.
fn named(id: &str) -> Result<ItemId, WebError> {
    ItemId::parse(id).map_err(|_| WebError::NotFound)
}

fn today() -> jiff::civil::Date {
    crate::app::today(jiff::Timestamp::now())
}

/// A handler's error as a page in `form`.
pub(super) async fn in_form(
    form: Form,
    handler: impl Future<Output = Result<Response, WebError>>,
) -> Result<Response, InForm> {
    handler.await.map_err(|e| InForm(form, e))
}

/// Authorise, then parse the optional `syklus` (cycle id) of the query.
fn authorise(
    user: &CurrentUser,
    t: &Author,
    query: &HashMap<String, String>,
) -> Result<Scope, WebError> {
    user.principal.require(Role::Author)?;
    let cycle = match query
        .get("syklus")
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
    {
        None => None,
        Some(v) => Some(
            v.parse()
                .map_err(|_| WebError::BadRequest(t.err_cycle_not_number.into()))?,
        ),
    };
    Ok(Scope { cycle })
}

/// What the overview, the item page and the CSV need.
struct Data {
    bank: Arc<ItemBank>,
    bank_errors: Vec<bank::Diagnostic>,
    /// Computed for `bank` (same items in the same order: [`Snapshot::is_for`]).
    statistics: Arc<Snapshot>,
    /// A newer snapshot is being computed.
    refreshing: bool,
    cycles: Vec<CycleRecord>,
    scope: Scope,
    /// Drafts and changes in review (issue 17).
    open_changes: Vec<(String, crate::app::authoring::editor::OpenChange)>,
    /// Stored answers per pretest item (what the engine counts against `pretest_target`).
    pretest_answers: std::collections::BTreeMap<String, u64>,
}

impl Data {
    /// The answers a pretest item has towards its target.
    fn pretest_answers(&self, item: &str) -> u64 {
        self.pretest_answers.get(item).copied().unwrap_or(0)
    }
}

async fn load(state: &AppState, principal: &Principal, scope: Scope) -> Result<Data, WebError> {
    let principal = principal.clone();
    state
        .authoring(move |s| {
            let today = today();
            let cycles = s.cycles()?;
            if let Some(id) = scope.cycle
                && !cycles.iter().any(|c| c.id == id)
            {
                return Err(crate::app::ServiceError::NotFound);
            }
            let (bank, bank_errors) = s.author_bank(&principal, today)?;
            let bank = Arc::new(bank);
            let cached = s.author_statistics(
                &principal,
                bank.clone(),
                scope,
                today,
                jiff::Timestamp::now(),
            )?;
            Ok(Data {
                bank,
                bank_errors,
                statistics: cached.snapshot,
                refreshing: cached.refreshing,
                cycles,
                scope,
                open_changes: s.open_changes(&principal)?,
                pretest_answers: s.pretest_answers(&principal)?,
            })
        })
        .await
}

async fn overview_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    in_form(form, async {
        let scope = authorise(&user, &form.texts().author, &query)?;
        let data = load(&state, &user.principal, scope).await?;
        Ok(overview_view(form, &user.principal, &data).into_response())
    })
    .await
}

async fn statistics_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    in_form(form, async {
        let t = &form.texts().author;
        let scope = authorise(&user, t, &query)?;
        let data = load(&state, &user.principal, scope).await?;
        download::csv_records(t.csv_file, statistics_records(&data))
    })
    .await
}

async fn item_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    in_form(form, async {
        let scope = authorise(&user, &form.texts().author, &query)?;
        let id = named(&id)?;
        let data = load(&state, &user.principal, scope).await?;
        let ix = data
            .bank
            .items
            .iter()
            .position(|i| i.id == id)
            .ok_or(WebError::NotFound)?;
        let item = &data.bank.items[ix];
        // The snapshot is for this bank (same items, same order), so this finds index `ix`; by
        // id all the same, so a mistake elsewhere can never show another item's numbers.
        let stats = data
            .statistics
            .statistics
            .items
            .iter()
            .find(|s| s.id == item.id)
            .ok_or_else(|| WebError::Internal(format!("no statistics for item {}", item.id)))?;
        Ok(item_view(form, &user.principal, &data, item, stats).into_response())
    })
    .await
}

async fn law_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    in_form(form, async {
        user.principal.require(Role::Author)?;
        let done = LawDone {
            applied: query.get("endret").and_then(|v| v.parse().ok()),
            registered: query.get("registrert").and_then(|v| v.parse().ok()),
        };
        let principal = user.principal.clone();
        let (bank, errors) = state
            .authoring(move |s| s.author_bank(&principal, today()))
            .await?;
        let register = LawRegister::default();
        Ok(law_view(form, &user.principal, &bank, &errors, done, &register).into_response())
    })
    .await
}

#[derive(Deserialize)]
struct LawForm {
    csrf: Option<String>,
    handling: Option<String>,
}

impl CsrfField for LawForm {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

/// The registration form: act, section, optional ledd, date and note.
#[derive(Deserialize)]
struct LawRegisterForm {
    csrf: Option<String>,
    #[serde(default)]
    lov: String,
    #[serde(default)]
    paragraf: String,
    /// Optional.
    #[serde(default)]
    ledd: String,
    #[serde(default)]
    dato: String,
    #[serde(default)]
    merknad: String,
}

impl CsrfField for LawRegisterForm {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

async fn law_register(
    State(state): State<AppState>,
    Protected { user, form: fields }: Protected<LawRegisterForm>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    in_form(form, async {
        user.principal.require(Role::Author)?;
        let input = LawChangeInput {
            act: fields.lov,
            section: fields.paragraf,
            ledd: fields.ledd,
            changed_on: fields.dato,
            note: fields.merknad,
        };
        let principal = user.principal.clone();
        let typed = input.clone();
        let (outcome, bank, errors) = state
            .authoring(move |s| {
                let outcome =
                    s.register_law_change(&principal, &typed, today(), jiff::Timestamp::now())?;
                let (bank, errors) = s.author_bank(&principal, today())?;
                Ok((outcome, bank, errors))
            })
            .await?;
        match outcome {
            Ok((_, flagged)) => Ok(Redirect::to(&format!(
                "/forfatter/lovendringer?registrert={}",
                flagged.len()
            ))
            .into_response()),
            Err(wrong) => {
                let register = LawRegister { input, wrong };
                let page = law_view(
                    form,
                    &user.principal,
                    &bank,
                    &errors,
                    LawDone::default(),
                    &register,
                );
                Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
            }
        }
    })
    .await
}

async fn law_apply(
    State(state): State<AppState>,
    Protected { user, form: fields }: Protected<LawForm>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    in_form(form, async {
        user.principal.require(Role::Author)?;
        let action = fields
            .handling
            .as_deref()
            .and_then(ReviewAction::parse)
            .ok_or_else(|| {
                WebError::BadRequest(form.texts().author.err_choose_law_action.into())
            })?;
        let principal = user.principal.clone();
        let changed = state
            .authoring(move |s| s.apply_law_review(&principal, action, today()))
            .await?;
        Ok(
            Redirect::to(&format!("/forfatter/lovendringer?endret={}", changed.len()))
                .into_response(),
        )
    })
    .await
}

async fn calibration_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    in_form(form, async {
        user.principal.require(Role::Author)?;
        let done: Option<usize> = query.get("godtatt").and_then(|v| v.parse().ok());
        let auto_refresh = query.get("auto").is_some_and(|v| v == "1");
        let principal = user.principal.clone();
        let (bank, errors, rows, min, job) = state
            .authoring(move |s| {
                let (bank, errors, rows) = s.calibration_proposal(&principal, today())?;
                Ok((
                    bank,
                    errors,
                    rows,
                    s.calibration_min_answers(),
                    s.calibration_job(),
                ))
            })
            .await?;
        // Only while a job runs, and only when the reader turned it on (WCAG 2.2.1): a
        // `Refresh` header rather than a `<meta>` in the body, which the shared layout's head
        // has no place for.
        let refresh = (auto_refresh && job.is_running()).then(|| {
            format!(
                "{};url=/forfatter/kalibrering?auto=1",
                views::REFRESH_SECONDS
            )
        });
        let page = CalibrationPage {
            bank: &bank,
            errors: &errors,
            rows: rows.as_ref(),
            done,
            min_answers: min,
            job: &job,
            auto_refresh,
        };
        let mut response = calibration_view(form, &user.principal, &page).into_response();
        if let Some(value) = refresh.and_then(|v| axum::http::HeaderValue::from_str(&v).ok()) {
            response.headers_mut().insert("refresh", value);
        }
        Ok(response)
    })
    .await
}

/// The start form: only the CSRF token.
#[derive(Deserialize)]
struct StartForm {
    csrf: Option<String>,
}

impl CsrfField for StartForm {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

/// Claim the calibration job (refused while one runs), run it on the blocking pool and go back
/// to the page, which shows its progress.
async fn calibration_start(
    State(state): State<AppState>,
    Protected { user, form: _ }: Protected<StartForm>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    in_form(form, async {
        user.principal.require(Role::Author)?;
        let principal = user.principal.clone();
        let job = state
            .authoring(move |s| s.start_calibration(&principal, jiff::Timestamp::now()))
            .await?;
        // Not awaited: the job records its outcome in the authoring state and the audit log.
        tokio::task::spawn_blocking(move || job.run(today()));
        Ok(Redirect::to("/forfatter/kalibrering").into_response())
    })
    .await
}

/// The accept form: the CSRF token and one checkbox `godta-{id}` per item.
#[derive(Deserialize)]
struct AcceptForm {
    csrf: Option<String>,
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

impl CsrfField for AcceptForm {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

async fn calibration_accept(
    State(state): State<AppState>,
    Protected { user, form: fields }: Protected<AcceptForm>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    in_form(form, async {
        user.principal.require(Role::Author)?;
        // A malformed id cannot be in the proposal: refused as one that is not.
        let mut ids: Vec<ItemId> = fields
            .fields
            .keys()
            .filter_map(|k| k.strip_prefix("godta-"))
            .map(|id| {
                ItemId::parse(id).map_err(|e| {
                    crate::app::ServiceError::from(crate::app::Refusal::NotInProposal { item: e.0 })
                })
            })
            .collect::<Result<_, _>>()?;
        ids.sort();
        let principal = user.principal.clone();
        let accepted = state
            .authoring(move |s| {
                s.accept_calibration(&principal, &ids, today(), jiff::Timestamp::now())
            })
            .await?;
        Ok(Redirect::to(&format!(
            "/forfatter/kalibrering?godtatt={}",
            accepted.len()
        ))
        .into_response())
    })
    .await
}

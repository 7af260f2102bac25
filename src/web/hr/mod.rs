//! HR reports: the topic report per department (heatmap and table), completion, and the
//! follow-up plan, each also as CSV and JSON (`?format=csv|json`).
//!
//! Only HR and admins get here: every handler checks the role before it reads the query or the
//! database, so a caseworker or an author gets 403 on every URL and export. Nothing here shows a
//! single caseworker's answers, ability or score: the figures come from [`crate::report`], which
//! suppresses cells of fewer than k people; the completion list has names and statuses only.
//!
//! URLs (all `GET`, parameters `syklus` = cycle id, `niva` = department level, both optional):
//! `/hr` (page), `/hr/tema` (topic table), `/hr/gjennomforing` (completion per department),
//! `/hr/gjennomforing/personer` (names and status), `/hr/oppfolging` (follow-up plan page).

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{Markup, html};
use serde::Serialize;

use super::auth::ReportUser;
use super::error::InForm;
use super::{AppState, WebError, download};
use crate::app::{
    Completion, CompletionRow, Drill, HrPage, Level, PlanRow, Principal, ReportAccess, Selection,
    TopicReport, ViewRequest, follow_up_plan,
};
use crate::report::summary::{self, Question, percent};
use crate::report::{Band, Cell, CellStats, Comparison, Report};
use crate::store::{CycleId, Role};
use crate::text::Form;
use crate::text::hr::{Hr, ReportTexts};

mod export;
mod phrase;
mod views;

use export::*;
use views::*;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/hr", get(page))
        .route("/hr/tema", get(topic_export))
        .route("/hr/tema/{topic}", get(drill))
        .route("/hr/gjennomforing", get(completion_export))
        .route("/hr/gjennomforing/personer", get(people_export))
        .route("/hr/oppfolging", get(plan))
}

/// How a table is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Html,
    Json,
    /// CSV, CSV for Norwegian Excel or `.xlsx`, through the one table writer.
    Sheet(download::Sheet),
}

/// Which comparison the heatmap colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Statistic {
    Relative,
    Absolute,
}

/// The query of every HR URL, validated.
#[derive(Debug, Clone, Copy)]
struct Params {
    cycle: Option<u64>,
    level: Option<usize>,
    format: Format,
    statistic: Statistic,
}

impl Params {
    /// The cycle and level asked for.
    fn request(&self) -> ViewRequest {
        ViewRequest {
            cycle: self.cycle.map(CycleId),
            level: self.level,
        }
    }

    fn parse(query: &HashMap<String, String>, t: &Hr) -> Result<Params, WebError> {
        let number = |key: &str| -> Result<Option<u64>, WebError> {
            match query.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(v) => v
                    .parse()
                    .map(Some)
                    .map_err(|_| WebError::BadRequest((t.err_number)(key))),
            }
        };
        let format = match query.get("format").map(String::as_str) {
            None | Some("") | Some("html") => Format::Html,
            Some("json") => Format::Json,
            Some(other) => match download::Sheet::parse(other) {
                Some(sheet) => Format::Sheet(sheet),
                None => return Err(WebError::BadRequest((t.err_format)(other))),
            },
        };
        let statistic = match query.get("statistikk").map(String::as_str) {
            None | Some("") | Some("relativ") => Statistic::Relative,
            Some("absolutt") => Statistic::Absolute,
            Some(other) => return Err(WebError::BadRequest((t.err_statistic)(other))),
        };
        Ok(Params {
            cycle: number("syklus")?,
            level: number("niva")?.map(|n| n as usize),
            format,
            statistic,
        })
    }
}

/// Authorise, then parse: the role check comes before anything about the request is looked at.
fn authorise(
    user: &ReportUser,
    query: &HashMap<String, String>,
    form: Form,
) -> Result<Params, WebError> {
    user.principal.require(Role::Hr)?;
    Params::parse(query, &form.texts().reports.hr)
}

async fn page(
    user: ReportUser,
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let result: Result<Response, WebError> = async {
        let params = authorise(&user, &query, form)?;
        if params.format != Format::Html {
            let t = &form.texts().reports.hr;
            return Err(WebError::BadRequest(t.err_page_format.into()));
        }
        let principal = user.principal.clone();
        let data = state
            .reports(move |s| s.page(&principal, params.request(), jiff::Timestamp::now()))
            .await?;
        let cycle = data.selection.cycle.as_ref().map(|c| c.id);
        let access = access("/hr", params, cycle, Some(data.selection.level));
        audit(&state, &user.principal, access).await?;
        Ok(hr_page(form, &user.principal, &data, params.statistic).into_response())
    }
    .await;
    result.map_err(|e| InForm(form, e))
}

/// Load the topic report of the selected cycle; 404 when there is no cycle at all.
async fn load_report(
    state: &AppState,
    principal: &Principal,
    params: Params,
) -> Result<(Selection, TopicReport), WebError> {
    let principal = principal.clone();
    state
        .reports(move |s| s.report_view(&principal, params.request()))
        .await
}

async fn load_completion(
    state: &AppState,
    principal: &Principal,
    params: Params,
) -> Result<(Selection, Completion), WebError> {
    let principal = principal.clone();
    state
        .reports(move |s| s.completion_view(&principal, params.request(), jiff::Timestamp::now()))
        .await
}

async fn topic_export(
    user: ReportUser,
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let result: Result<Response, WebError> = async {
        let params = authorise(&user, &query, form)?;
        let (_, report) = load_report(&state, &user.principal, params).await?;
        let level = Some(report.report.level);
        let access = access("/hr/tema", params, Some(report.cycle.id), level);
        audit(&state, &user.principal, access).await?;
        let rows = topic_rows(form.texts(), &report);
        let name = format!("tema-syklus{}-niva{}", report.cycle.id, report.report.level);
        export(params.format, &name, &rows, || {
            serde_json::json!({
                "cycle": { "id": report.cycle.id, "name": report.cycle.name },
                "level": report.report.level,
                "min_people": report.report.min_people,
                "fdr": report.report.fdr,
                "absolute_fdr": report.report.absolute_fdr,
                "previous_cycle": report.previous.as_ref().map(|(c, _)| serde_json::json!({ "id": c.id, "name": c.name })),
                "topics": report.topics.iter().map(|t| serde_json::json!({ "id": t.id, "name": t.name })).collect::<Vec<_>>(),
                "rows": rows,
            })
        })
    }
    .await;
    result.map_err(|e| InForm(form, e))
}

async fn completion_export(
    user: ReportUser,
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let result: Result<Response, WebError> = async {
        let params = authorise(&user, &query, form)?;
        let (selection, completion) = load_completion(&state, &user.principal, params).await?;
        let (cycle, level) = (Some(completion.cycle.id), Some(completion.level));
        let access = access("/hr/gjennomforing", params, cycle, level);
        audit(&state, &user.principal, access).await?;
        if params.format == Format::Html {
            return Ok(
                completion_page(form, &user.principal, &selection, &completion).into_response(),
            );
        }
        let name = format!(
            "gjennomforing-syklus{}-niva{}",
            completion.cycle.id, completion.level
        );
        export(params.format, &name, &completion.rows, || {
            serde_json::json!({
                "cycle": { "id": completion.cycle.id, "name": completion.cycle.name },
                "level": completion.level,
                "rows": completion.rows,
            })
        })
    }
    .await;
    result.map_err(|e| InForm(form, e))
}

async fn people_export(
    user: ReportUser,
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let result: Result<Response, WebError> = async {
        let params = authorise(&user, &query, form)?;
        let (_, completion) = load_completion(&state, &user.principal, params).await?;
        let cycle = Some(completion.cycle.id);
        let access = access("/hr/gjennomforing/personer", params, cycle, None);
        audit(&state, &user.principal, access).await?;
        let name = format!("personer-syklus{}", completion.cycle.id);
        export(params.format, &name, &completion.people, || {
            serde_json::json!({
                "cycle": { "id": completion.cycle.id, "name": completion.cycle.name },
                "people": completion.people,
            })
        })
    }
    .await;
    result.map_err(|e| InForm(form, e))
}

async fn plan(
    user: ReportUser,
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let result: Result<Response, WebError> = async {
        let params = authorise(&user, &query, form)?;
        let (selection, report) = load_report(&state, &user.principal, params).await?;
        let level = Some(report.report.level);
        let access = access("/hr/oppfolging", params, Some(report.cycle.id), level);
        audit(&state, &user.principal, access).await?;
        let plan = follow_up_plan(&report.report);
        let rows = plan_rows(&form.texts().reports, &report, &plan);
        match params.format {
            Format::Html => {
                Ok(plan_page(form, &user.principal, &selection, &report, &plan).into_response())
            }
            format => {
                let name = format!(
                    "oppfolging-syklus{}-niva{}",
                    report.cycle.id, report.report.level
                );
                export(format, &name, &rows, || {
                    serde_json::json!({
                        "cycle": { "id": report.cycle.id, "name": report.cycle.name },
                        "level": report.report.level,
                        "rows": rows,
                    })
                })
            }
        }
    }
    .await;
    result.map_err(|e| InForm(form, e))
}

/// The drill-down of one topic for one department: `/hr/tema/{topic}?syklus=&niva=&avdeling=`.
async fn drill(
    user: ReportUser,
    State(state): State<AppState>,
    Path(topic): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, InForm> {
    let form = state.form_of(&user.principal);
    let result: Result<Response, WebError> = async {
        let params = authorise(&user, &query, form)?;
        let department = query
            .get("avdeling")
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .ok_or_else(|| {
                WebError::BadRequest(form.texts().reports.hr.err_no_department.into())
            })?;
        let principal = user.principal.clone();
        let (_, drill) = state
            .reports(move |s| {
                let now = jiff::Timestamp::now();
                s.drill_view(&principal, params.request(), &department, &topic, now)
            })
            .await?;
        let access = ReportAccess {
            topic: Some(drill.topic.id.clone()),
            department: Some(drill.department.clone()),
            ..access(
                "/hr/tema/{topic}",
                params,
                Some(drill.cycle.id),
                Some(drill.level),
            )
        };
        audit(&state, &user.principal, access).await?;
        match params.format {
            Format::Html => Ok(drill_page(form, &user.principal, &drill).into_response()),
            format => {
                let name = format!(
                    "tema-{}-syklus{}-niva{}",
                    drill.topic.id, drill.cycle.id, drill.level
                );
                export(format, &name, &drill.rows, || {
                    serde_json::json!({
                        "cycle": { "id": drill.cycle.id, "name": drill.cycle.name },
                        "level": drill.level,
                        "department": drill.department,
                        "topic": { "id": drill.topic.id, "name": drill.topic.name },
                        "min_people": drill.min_people,
                        "waiting_for_deadline": drill.waiting_for_deadline,
                        "deadline": drill.deadline.to_string(),
                        "shown": drill.shown,
                        "suppressed_items": drill.suppressed,
                        "rows": drill.rows,
                    })
                })
            }
        }
    }
    .await;
    result.map_err(|e| InForm(form, e))
}

/// What the audit log records about one report request.
fn access(route: &str, params: Params, cycle: Option<u64>, level: Option<usize>) -> ReportAccess {
    ReportAccess {
        route: route.to_string(),
        cycle_id: cycle,
        level,
        topic: None,
        department: None,
        format: match params.format {
            Format::Html => "html",
            Format::Json => "json",
            Format::Sheet(download::Sheet::Csv) => "csv",
            Format::Sheet(download::Sheet::ExcelCsv) => "excel-csv",
            Format::Sheet(download::Sheet::Xlsx) => "xlsx",
        }
        .to_string(),
    }
}

/// Record the view or export in the audit log before the report is sent.
async fn audit(
    state: &AppState,
    principal: &Principal,
    access: ReportAccess,
) -> Result<(), WebError> {
    let principal = principal.clone();
    state
        .reports(move |s| s.record_report_access(&principal, access, jiff::Timestamp::now()))
        .await
}

fn drill_url(report: &TopicReport, department: &str, topic: &str) -> String {
    let mut url = url_path(topic);
    url.push_str(&format!(
        "?syklus={}&niva={}&avdeling=",
        report.cycle.id, report.report.level
    ));
    url.push_str(&encode(department));
    url
}

fn url_path(topic: &str) -> String {
    format!("/hr/tema/{}", encode(topic))
}

/// Percent-encoding for a query value or path segment.
fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

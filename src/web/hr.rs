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
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{Markup, html};
use serde::Serialize;

use super::auth::ReportUser;
use super::{AppState, WebError, views};
use crate::report::{Band, Cell, Comparison};
use crate::service::{
    Completion, CompletionRow, Drill, Level, PlanRow, Principal, ReportAccess, TopicReport,
    follow_up_plan,
};
use crate::store::{CycleRecord, Role};

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
    Csv,
    Json,
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
    fn parse(query: &HashMap<String, String>) -> Result<Params, WebError> {
        let number = |key: &str| -> Result<Option<u64>, WebError> {
            match query.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(v) => v
                    .parse()
                    .map(Some)
                    .map_err(|_| WebError::BadRequest(format!("«{key}» må være et tall"))),
            }
        };
        let format = match query.get("format").map(String::as_str) {
            None | Some("") | Some("html") => Format::Html,
            Some("csv") => Format::Csv,
            Some("json") => Format::Json,
            Some(other) => {
                return Err(WebError::BadRequest(format!(
                    "ukjent format «{other}» (bruk csv eller json)"
                )));
            }
        };
        let statistic = match query.get("statistikk").map(String::as_str) {
            None | Some("") | Some("relativ") => Statistic::Relative,
            Some("absolutt") => Statistic::Absolute,
            Some(other) => {
                return Err(WebError::BadRequest(format!(
                    "ukjent statistikk «{other}» (bruk relativ eller absolutt)"
                )));
            }
        };
        Ok(Params {
            cycle: number("syklus")?,
            level: number("niva")?.map(|n| n as usize),
            format,
            statistic,
        })
    }
}

/// The cycle and level a request is about, with the choices offered.
struct Selection {
    cycles: Vec<CycleRecord>,
    cycle: Option<CycleRecord>,
    level: usize,
    max_level: usize,
}

/// Everything the `/hr` page shows.
struct PageData {
    selection: Selection,
    report: Option<TopicReport>,
    completion: Option<Completion>,
}

/// Authorise, then parse: the role check comes before anything about the request is looked at.
fn authorise(user: &ReportUser, query: &HashMap<String, String>) -> Result<Params, WebError> {
    user.principal.require(Role::Hr)?;
    Params::parse(query)
}

/// Resolve the cycle (default: the newest) and the level (default: 2, or the deepest if less).
fn select(
    service: &crate::service::Service,
    principal: &Principal,
    params: Params,
) -> Result<Selection, crate::service::ServiceError> {
    let cycles = service.report_cycles(principal)?;
    let max_level = service.max_report_level()?;
    let cycle = match params.cycle {
        Some(id) => Some(
            cycles
                .iter()
                .find(|c| c.id == id)
                .cloned()
                .ok_or(crate::service::ServiceError::NotFound)?,
        ),
        None => cycles.first().cloned(),
    };
    Ok(Selection {
        cycles,
        cycle,
        level: params.level.unwrap_or(2.min(max_level)),
        max_level,
    })
}

async fn page(
    user: ReportUser,
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let params = authorise(&user, &query)?;
    if params.format != Format::Html {
        return Err(WebError::BadRequest(
            "siden har flere tabeller: bruk /hr/tema, /hr/gjennomforing eller /hr/oppfolging for eksport".into(),
        ));
    }
    let principal = user.principal.clone();
    let data = state
        .run(move |s| {
            let selection = select(s, &principal, params)?;
            let (report, completion) = match &selection.cycle {
                Some(c) => (
                    Some(s.topic_report(&principal, c.id, selection.level)?),
                    Some(s.completion(
                        &principal,
                        c.id,
                        selection.level,
                        jiff::Timestamp::now(),
                    )?),
                ),
                None => (None, None),
            };
            Ok(PageData {
                selection,
                report,
                completion,
            })
        })
        .await?;
    let cycle = data.selection.cycle.as_ref().map(|c| c.id);
    let access = access("/hr", params, cycle, Some(data.selection.level));
    audit(&state, &user.principal, access).await?;
    Ok(hr_page(&user.principal, &data, params.statistic).into_response())
}

/// Load the topic report of the selected cycle; 404 when there is no cycle at all.
async fn load_report(
    state: &AppState,
    principal: &Principal,
    params: Params,
) -> Result<(Selection, TopicReport), WebError> {
    let principal = principal.clone();
    state
        .run(move |s| {
            let selection = select(s, &principal, params)?;
            let cycle = selection
                .cycle
                .as_ref()
                .ok_or(crate::service::ServiceError::NotFound)?;
            let report = s.topic_report(&principal, cycle.id, selection.level)?;
            Ok((selection, report))
        })
        .await
}

async fn load_completion(
    state: &AppState,
    principal: &Principal,
    params: Params,
) -> Result<Completion, WebError> {
    let principal = principal.clone();
    state
        .run(move |s| {
            let selection = select(s, &principal, params)?;
            let cycle = selection
                .cycle
                .as_ref()
                .ok_or(crate::service::ServiceError::NotFound)?;
            s.completion(
                &principal,
                cycle.id,
                selection.level,
                jiff::Timestamp::now(),
            )
        })
        .await
}

async fn topic_export(
    user: ReportUser,
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let params = authorise(&user, &query)?;
    let (_, report) = load_report(&state, &user.principal, params).await?;
    let level = Some(report.report.level);
    let access = access("/hr/tema", params, Some(report.cycle.id), level);
    audit(&state, &user.principal, access).await?;
    let rows = topic_rows(&report);
    let name = format!("tema-syklus{}-niva{}", report.cycle.id, report.report.level);
    export(params.format, &name, &rows, || {
        serde_json::json!({
            "cycle": { "id": report.cycle.id, "name": report.cycle.name },
            "level": report.report.level,
            "min_people": report.report.min_people,
            "fdr": report.report.fdr,
            "previous_cycle": report.previous.as_ref().map(|(c, _)| serde_json::json!({ "id": c.id, "name": c.name })),
            "topics": report.topics.iter().map(|t| serde_json::json!({ "id": t.id, "name": t.name })).collect::<Vec<_>>(),
            "rows": rows,
        })
    })
}

async fn completion_export(
    user: ReportUser,
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let params = authorise(&user, &query)?;
    let completion = load_completion(&state, &user.principal, params).await?;
    let (cycle, level) = (Some(completion.cycle.id), Some(completion.level));
    let access = access("/hr/gjennomforing", params, cycle, level);
    audit(&state, &user.principal, access).await?;
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

async fn people_export(
    user: ReportUser,
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let params = authorise(&user, &query)?;
    let completion = load_completion(&state, &user.principal, params).await?;
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

async fn plan(
    user: ReportUser,
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let params = authorise(&user, &query)?;
    let (selection, report) = load_report(&state, &user.principal, params).await?;
    let level = Some(report.report.level);
    let access = access("/hr/oppfolging", params, Some(report.cycle.id), level);
    audit(&state, &user.principal, access).await?;
    let plan = follow_up_plan(&report.report);
    let rows = plan_rows(&report, &plan);
    match params.format {
        Format::Html => Ok(plan_page(&user.principal, &selection, &report, &plan).into_response()),
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

/// The drill-down of one topic for one department: `/hr/tema/{topic}?syklus=&niva=&avdeling=`.
async fn drill(
    user: ReportUser,
    State(state): State<AppState>,
    Path(topic): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let params = authorise(&user, &query)?;
    let department = query
        .get("avdeling")
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .ok_or_else(|| WebError::BadRequest("«avdeling» mangler".into()))?;
    let principal = user.principal.clone();
    let drill = state
        .run(move |s| {
            let selection = select(s, &principal, params)?;
            let cycle = selection
                .cycle
                .as_ref()
                .ok_or(crate::service::ServiceError::NotFound)?;
            s.topic_drill(&principal, cycle.id, selection.level, &department, &topic)
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
        Format::Html => Ok(drill_page(&user.principal, &drill).into_response()),
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
                    "shown": drill.shown,
                    "suppressed_items": drill.suppressed,
                    "rows": drill.rows,
                })
            })
        }
    }
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
            Format::Csv => "csv",
            Format::Json => "json",
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
        .run(move |s| s.record_report_access(&principal, access, jiff::Timestamp::now()))
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

fn drill_page(user: &Principal, drill: &Drill) -> Markup {
    let q = format!(
        "syklus={}&niva={}&avdeling={}",
        drill.cycle.id,
        drill.level,
        encode(&drill.department)
    );
    let base = url_path(&drill.topic.id);
    let kind = |k: &str| match k {
        "section" => "Lovbestemmelse",
        "tag" => "Sakstype",
        _ => "Oppgave",
    };
    views::layout(
        &format!("{} – {}", drill.topic.name, drill.department),
        Some(user),
        html! {
            h1 { (drill.topic.name) " – " (drill.department) }
            p {
                "Syklus " strong { (drill.cycle.name) } ", nivå " (drill.level)
                ". Hvilke lovbestemmelser, sakstyper og oppgaver som trekker ned i temaet. "
                "«Observert − ventet» er antall riktige svar minus det antallet som var ventet ut fra hver persons samlede nivå i testen; "
                "negative tall betyr flere feil enn ventet. De svakeste står først. "
                "Oppgaver med færre enn k = " (drill.min_people) " personer vises ikke, heller ikke når tallene deres kunne regnes ut "
                "fra andre rader eller avdelinger, og ingen enkeltpersoners svar vises. "
                "Radene for lovbestemmelser og sakstyper summerer bare oppgavene som vises."
            }
            p {
                "Last ned som " a href=(format!("{base}?{q}&format=csv")) { "CSV" }
                " eller " a href=(format!("{base}?{q}&format=json")) { "JSON" } ". "
                a href=(format!("/hr?syklus={}&niva={}", drill.cycle.id, drill.level)) { "Tilbake til rapporten" }
            }
            @if !drill.shown {
                p { (SUPPRESSED) ": færre enn " (drill.min_people) " personer i avdelingen har svart på oppgaver i temaet, eller tallene kunne regnes ut fra andre avdelinger." }
            } @else if drill.rows.is_empty() {
                p { "Ingen oppgaver i temaet kan vises for avdelingen uten at færre enn " (drill.min_people) " personer kunne skilles ut." }
            } @else {
                div.wide role="region" aria-labelledby="drill-tittel" tabindex="0" {
                    table {
                        caption id="drill-tittel" {
                            (drill.topic.name) ", " (drill.department) ": lovbestemmelser, sakstyper og oppgaver, svakest først"
                        }
                        thead {
                            tr {
                                th scope="col" { "Type" }
                                th scope="col" { "Lovbestemmelse, sakstype eller oppgave" }
                                th scope="col" { "Oppgaver" }
                                th scope="col" { "Svar" }
                                th scope="col" { "Personer" }
                                th scope="col" { "Andel riktige" }
                                th scope="col" { "Observert − ventet riktige" }
                            }
                        }
                        tbody {
                            @for row in &drill.rows {
                                tr {
                                    td { (kind(row.kind)) }
                                    th scope="row" {
                                        (row.key)
                                        @if let Some(stem) = &row.stem_start { ": " (stem) }
                                    }
                                    td { (row.items) }
                                    td { (row.answers) }
                                    td { (row.people) }
                                    td { (percent(row.share_correct)) }
                                    td { (number(row.observed_minus_expected)) }
                                }
                            }
                        }
                    }
                }
            }
            @if drill.shown && drill.suppressed > 0 {
                p {
                    (drill.suppressed) " oppgaver er skjult (færre enn " (drill.min_people)
                    " personer, eller tallene kunne regnes ut fra andre rader)."
                }
            }
        },
    )
}

/// A table as CSV (one header row, one record per row) or as JSON (`json()`).
fn export<T: Serialize>(
    format: Format,
    name: &str,
    rows: &[T],
    json: impl FnOnce() -> serde_json::Value,
) -> Result<Response, WebError> {
    match format {
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            for row in rows {
                writer
                    .serialize(row)
                    .map_err(|e| WebError::Internal(format!("csv: {e}")))?;
            }
            let bytes = writer
                .into_inner()
                .map_err(|e| WebError::Internal(format!("csv: {e}")))?;
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}.csv\""),
                    ),
                ],
                bytes,
            )
                .into_response())
        }
        Format::Json | Format::Html => Ok(axum::Json(json()).into_response()),
    }
}

// ---------------------------------------------------------------------------------------------
// Rows of the exported tables (the page tables show the same numbers).

/// One department × topic cell. Suppressed cells carry no numbers at all.
#[derive(Debug, Clone, Serialize)]
struct TopicRow {
    department: String,
    topic_id: String,
    topic: String,
    /// `false`: fewer than k people (or hidden so that it cannot be worked out).
    shown: bool,
    people: Option<usize>,
    answers: Option<usize>,
    level_words: Option<&'static str>,
    /// Expected share right on the topic's typical item at the department's level, and its 95 %
    /// interval.
    level_share: Option<f64>,
    level_share_low: Option<f64>,
    level_share_high: Option<f64>,
    /// The topic against the department's own level (logits), 95 % interval, flag and words.
    relative_difference: Option<f64>,
    relative_low: Option<f64>,
    relative_high: Option<f64>,
    relative_weak: Option<bool>,
    relative_words: Option<&'static str>,
    share_own_level: Option<f64>,
    share_topic: Option<f64>,
    /// The department's topic level against the organisation's (logits).
    absolute_difference: Option<f64>,
    absolute_low: Option<f64>,
    absolute_high: Option<f64>,
    absolute_weak: Option<bool>,
    absolute_words: Option<&'static str>,
    /// Secondary: confounded by which items the adaptive test chose.
    raw_share_correct: Option<f64>,
    /// Change of the level since the previous cycle (logits), when both cycles show the cell.
    trend_difference: Option<f64>,
    trend_low: Option<f64>,
    trend_high: Option<f64>,
}

fn topic_rows(report: &TopicReport) -> Vec<TopicRow> {
    let mut rows = Vec::new();
    for group in &report.report.groups {
        for (t, cell) in group.cells.iter().enumerate() {
            let topic = &report.topics[t];
            let mut row = TopicRow {
                department: group.path.clone(),
                topic_id: topic.id.clone(),
                topic: topic.name.clone(),
                shown: false,
                people: None,
                answers: None,
                level_words: None,
                level_share: None,
                level_share_low: None,
                level_share_high: None,
                relative_difference: None,
                relative_low: None,
                relative_high: None,
                relative_weak: None,
                relative_words: None,
                share_own_level: None,
                share_topic: None,
                absolute_difference: None,
                absolute_low: None,
                absolute_high: None,
                absolute_weak: None,
                absolute_words: None,
                raw_share_correct: None,
                trend_difference: None,
                trend_low: None,
                trend_high: None,
            };
            if let Cell::Published(s) = cell {
                let (low, high) = report.report.level_shares(t, &s.level.interval).unzip();
                let trend = report.trend(&group.path, t);
                row = TopicRow {
                    shown: true,
                    people: Some(s.people),
                    answers: Some(s.answers),
                    level_words: Some(Level::of(s.level.theta).label()),
                    level_share: Some(s.level.share_typical),
                    level_share_low: low,
                    level_share_high: high,
                    relative_difference: Some(s.relative.difference),
                    relative_low: Some(s.relative.interval.low),
                    relative_high: Some(s.relative.interval.high),
                    relative_weak: Some(s.relative.weak),
                    relative_words: Some(band_words(s.relative.band)),
                    share_own_level: Some(s.share_own_level),
                    share_topic: Some(s.share_topic),
                    absolute_difference: Some(s.absolute.difference),
                    absolute_low: Some(s.absolute.interval.low),
                    absolute_high: Some(s.absolute.interval.high),
                    absolute_weak: Some(s.absolute.weak),
                    absolute_words: Some(band_words(s.absolute.band)),
                    raw_share_correct: Some(s.raw_share_correct),
                    trend_difference: trend.map(|x| x.level.difference),
                    trend_low: trend.map(|x| x.level.interval.low),
                    trend_high: trend.map(|x| x.level.interval.high),
                    ..row
                };
            }
            rows.push(row);
        }
    }
    rows
}

/// One topic of a department's follow-up plan, flat.
#[derive(Debug, Clone, Serialize)]
struct PlanExportRow {
    department: String,
    rank: usize,
    topic_id: String,
    topic: String,
    relative_difference: f64,
    relative_low: f64,
    relative_high: f64,
    weak: bool,
    words: &'static str,
    share_own_level: f64,
    share_topic: f64,
    reflection: String,
}

fn plan_rows(report: &TopicReport, plan: &[PlanRow]) -> Vec<PlanExportRow> {
    plan.iter()
        .flat_map(|row| {
            row.topics.iter().enumerate().map(|(rank, p)| {
                let topic = &report.topics[p.topic];
                PlanExportRow {
                    department: row.department.clone(),
                    rank: rank + 1,
                    topic_id: topic.id.clone(),
                    topic: topic.name.clone(),
                    relative_difference: p.relative,
                    relative_low: p.low,
                    relative_high: p.high,
                    weak: p.weak,
                    words: band_words(p.band),
                    share_own_level: p.share_own_level,
                    share_topic: p.share_topic,
                    reflection: topic.reflection.join(" | "),
                }
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Views.

/// A difference in Norwegian words.
fn band_words(band: Band) -> &'static str {
    match band {
        Band::ClearlyBelow => "svak: tydelig under",
        Band::PossiblyBelow => "kanskje under (usikkert)",
        Band::NoClearDifference => "ingen tydelig forskjell",
        Band::PossiblyAbove => "kanskje over (usikkert)",
        Band::ClearlyAbove => "tydelig over",
    }
}

/// The short label written in a heatmap cell, so the colour is never the only information.
fn band_short(band: Band) -> &'static str {
    match band {
        Band::ClearlyBelow => "SVAK",
        Band::PossiblyBelow => "under?",
        Band::NoClearDifference => "≈",
        Band::PossiblyAbove => "over?",
        Band::ClearlyAbove => "over",
    }
}

/// Light fills: dark text on each has a contrast ratio above 7:1.
fn band_fill(band: Band) -> &'static str {
    match band {
        Band::ClearlyBelow => "#f2a8a8",
        Band::PossiblyBelow => "#fbdcc8",
        Band::NoClearDifference => "#eeeeee",
        Band::PossiblyAbove => "#d3e5f5",
        Band::ClearlyAbove => "#a9cbe9",
    }
}

const SUPPRESSED: &str = "skjult (færre enn k)";

/// `0.623` → "62 %".
fn percent(x: f64) -> String {
    if x.is_finite() {
        format!("{:.0} %", 100.0 * x)
    } else {
        "–".to_string()
    }
}

/// A signed number with a decimal comma and a real minus sign.
fn number(x: f64) -> String {
    if x.is_infinite() {
        return if x > 0.0 { "∞" } else { "−∞" }.to_string();
    }
    format!("{x:+.2}").replace('-', "−").replace('.', ",")
}

fn interval(low: f64, high: f64) -> String {
    format!("{} til {}", number(low), number(high))
}

fn comparison_text(c: &Comparison) -> String {
    format!(
        "{} ({}; 95 % intervall {})",
        band_words(c.band),
        number(c.difference),
        interval(c.interval.low, c.interval.high)
    )
}

fn selector(selection: &Selection, statistic: Statistic, action: &str) -> Markup {
    html! {
        form method="get" action=(action) class="no-print" {
            div.field {
                label for="syklus" { "Syklus" }
                br;
                select id="syklus" name="syklus" {
                    @for c in &selection.cycles {
                        option value=(c.id) selected[selection.cycle.as_ref().is_some_and(|s| s.id == c.id)] {
                            (c.name) " (" (c.opens) " – " (c.deadline) ")"
                        }
                    }
                }
            }
            div.field {
                label for="niva" { "Nivå i organisasjonen" }
                br;
                select id="niva" name="niva" {
                    @for level in 1..=selection.max_level {
                        option value=(level) selected[level == selection.level] {
                            "Nivå " (level)
                            @if level == 1 { " (øverste)" }
                        }
                    }
                }
            }
            @if action == "/hr" {
                div.field {
                    label for="statistikk" { "Fargene i varmekartet viser" }
                    br;
                    select id="statistikk" name="statistikk" {
                        option value="relativ" selected[statistic == Statistic::Relative] {
                            "temaet mot avdelingens eget nivå (relativ)"
                        }
                        option value="absolutt" selected[statistic == Statistic::Absolute] {
                            "avdelingen mot hele organisasjonen (absolutt)"
                        }
                    }
                }
            }
            button type="submit" { "Vis" }
        }
    }
}

fn hr_page(user: &Principal, data: &PageData, statistic: Statistic) -> Markup {
    let selection = &data.selection;
    views::layout(
        "Rapporter for HR",
        Some(user),
        html! {
            h1 { "Rapporter for HR" }
            @if selection.cycles.is_empty() {
                p { "Det er ingen testsykluser ennå." }
            } @else {
                (selector(selection, statistic, "/hr"))
            }
            @if let (Some(report), Some(completion)) = (&data.report, &data.completion) {
                @let q = format!("syklus={}&niva={}", report.cycle.id, report.report.level);
                (explanation(report))
                h2 id="varmekart" { "Varmekart: avdeling × tema" }
                (heatmap(report, statistic))
                h2 id="tabell" { "Tabell: avdeling × tema" }
                p {
                    "Samme tall som varmekartet. Last ned som "
                    a href=(format!("/hr/tema?{q}&format=csv")) { "CSV" } " eller "
                    a href=(format!("/hr/tema?{q}&format=json")) { "JSON" } "."
                }
                (topic_table(report))
                h2 id="gjennomforing" { "Gjennomføring" }
                p {
                    "Last ned som "
                    a href=(format!("/hr/gjennomforing?{q}&format=csv")) { "CSV" } " eller "
                    a href=(format!("/hr/gjennomforing?{q}&format=json")) { "JSON" } ". "
                    "Navneliste for oppfølging av gjennomføringen: "
                    a href=(format!("/hr/gjennomforing/personer?{q}&format=csv")) { "CSV" } " eller "
                    a href=(format!("/hr/gjennomforing/personer?{q}&format=json")) { "JSON" } "."
                }
                (completion_table(completion))
                h2 { "Oppfølging" }
                p {
                    a href=(format!("/hr/oppfolging?{q}")) { "Oppfølgingsplan per avdeling (for utskrift)" }
                }
            }
            p { a href="/" { "Til forsiden" } }
        },
    )
}

fn explanation(report: &TopicReport) -> Markup {
    html! {
        p {
            "Syklus " strong { (report.cycle.name) } ", nivå " (report.report.level)
            ". Tallene bygger på svarene i fullførte tester, og tar hensyn til hvor vanskelige oppgavene hver person fikk var. "
            "Avdelinger med færre enn k = " (report.report.min_people) " personer i et tema vises ikke for det temaet («" (SUPPRESSED) "»), "
            "og heller ikke en avdeling som ellers kunne brukes til å regne ut et skjult tall. Ingen enkeltpersoners svar eller resultater vises."
        }
        ul {
            li { strong { "Relativ: " } "temaet mot avdelingens eget nivå i de andre temaene. Brukes til å velge tema for oppfølging." }
            li { strong { "Absolutt: " } "avdelingens nivå i temaet mot hele organisasjonens nivå i samme tema." }
            li { "«Svak» betyr at hele 95 %-intervallet ligger under, etter korreksjon for mange sammenligninger. «Kanskje» betyr at forskjellen kan skyldes tilfeldigheter." }
            li { "Rå andel riktige vises bare som tilleggsinformasjon: en adaptiv test gir alle oppgaver nær eget nivå, så den sier lite alene." }
        }
        @if report.skipped_answers > 0 {
            p { (report.skipped_answers) " svar på oppgaver som er endret siden er holdt utenfor (de nye versjonene er ikke kalibrert)." }
        }
    }
}

/// The heatmap as SVG: colour and a short word per cell, the interval in each cell's `<title>`.
fn heatmap(report: &TopicReport, statistic: Statistic) -> Markup {
    const LABEL: f64 = 230.0;
    const CELL_W: f64 = 86.0;
    const CELL_H: f64 = 34.0;
    const HEAD: f64 = 130.0;
    let groups = &report.report.groups;
    let width = LABEL + CELL_W * report.topics.len() as f64 + 10.0;
    let height = HEAD + CELL_H * groups.len() as f64 + 10.0;
    let what = match statistic {
        Statistic::Relative => "temaet mot avdelingens eget nivå",
        Statistic::Absolute => "avdelingen mot hele organisasjonen",
    };
    html! {
        @if groups.is_empty() {
            p { "Ingen avdelinger på dette nivået har fullførte tester i syklusen." }
        } @else {
            div.wide role="region" aria-label="Varmekart" tabindex="0" {
                svg xmlns="http://www.w3.org/2000/svg" width=(width) height=(height)
                    viewBox=(format!("0 0 {width} {height}")) role="img"
                    aria-labelledby="varmekart-tittel varmekart-beskrivelse" {
                    title id="varmekart-tittel" { "Varmekart: " (what) }
                    desc id="varmekart-beskrivelse" {
                        "Hver rute er en avdeling og et tema. Tallene står i tabellen under varmekartet."
                    }
                    @for (t, topic) in report.topics.iter().enumerate() {
                        @let x = LABEL + CELL_W * t as f64 + CELL_W / 2.0;
                        text x=(x) y=(HEAD - 8.0) font-size="13" fill="#1a1a1a"
                            transform=(format!("rotate(-35 {x} {})", HEAD - 8.0)) { (topic.name) }
                    }
                    @for (r, group) in groups.iter().enumerate() {
                        @let y = HEAD + CELL_H * r as f64;
                        text x="4" y=(y + CELL_H / 2.0 + 5.0) font-size="13" fill="#1a1a1a" { (group.path) }
                        @for (t, cell) in group.cells.iter().enumerate() {
                            @let x = LABEL + CELL_W * t as f64;
                            @let topic = &report.topics[t].name;
                            g {
                                @match cell {
                                    Cell::Suppressed => {
                                        title { (group.path) ", " (topic) ": " (SUPPRESSED) }
                                        rect x=(x + 1.0) y=(y + 1.0) width=(CELL_W - 2.0) height=(CELL_H - 2.0)
                                            fill="#ffffff" stroke="#6b6b6b" stroke-dasharray="4 3" {}
                                        text x=(x + CELL_W / 2.0) y=(y + CELL_H / 2.0 + 5.0) font-size="12"
                                            text-anchor="middle" fill="#4a4a4a" { "skjult" }
                                    }
                                    Cell::Published(s) => {
                                        @let c = match statistic {
                                            Statistic::Relative => &s.relative,
                                            Statistic::Absolute => &s.absolute,
                                        };
                                        title {
                                            (group.path) ", " (topic) ": " (comparison_text(c))
                                            ". " (s.people) " personer, " (s.answers) " svar."
                                        }
                                        rect x=(x + 1.0) y=(y + 1.0) width=(CELL_W - 2.0) height=(CELL_H - 2.0)
                                            fill=(band_fill(c.band))
                                            stroke=(if c.weak { "#7a0000" } else { "#6b6b6b" })
                                            stroke-width=(if c.weak { "3" } else { "1" }) {}
                                        text x=(x + CELL_W / 2.0) y=(y + CELL_H / 2.0 + 5.0) font-size="13"
                                            text-anchor="middle" fill="#1a1a1a"
                                            font-weight=(if c.weak { "bold" } else { "normal" }) { (band_short(c.band)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p { "Forklaring: «SVAK» = tydelig under (sikker forskjell), «under?» / «over?» = kanskje under / over (usikkert), «≈» = ingen tydelig forskjell, «skjult» = færre enn " (report.report.min_people) " personer." }
        }
    }
}

/// The accessible table with the heatmap's numbers, one row per department and topic.
fn topic_table(report: &TopicReport) -> Markup {
    let previous = report.previous.as_ref().map(|(c, _)| c.name.clone());
    if report.report.groups.is_empty() {
        return html! {};
    }
    html! {
        div.wide role="region" aria-labelledby="tema-tabell-tittel" tabindex="0" {
            table {
                caption id="tema-tabell-tittel" {
                    "Avdeling og tema, syklus " (report.cycle.name) ", nivå " (report.report.level)
                }
                thead {
                    tr {
                        th scope="col" { "Avdeling" }
                        th scope="col" { "Tema" }
                        th scope="col" { "Nivå (ventet andel riktige på en typisk oppgave, 95 % intervall)" }
                        th scope="col" { "Temaet mot eget nivå (relativ)" }
                        th scope="col" { "Mot organisasjonen (absolutt)" }
                        th scope="col" { "Personer / svar" }
                        th scope="col" { "Rå andel riktige (tillegg)" }
                        th scope="col" {
                            "Endring i nivå siden "
                            (previous.as_deref().unwrap_or("forrige syklus"))
                        }
                    }
                }
                tbody {
                    @for group in &report.report.groups {
                        @for (t, cell) in group.cells.iter().enumerate() {
                            tr {
                                th scope="row" { (group.path) }
                                td {
                                    a href=(drill_url(report, &group.path, &report.topics[t].id)) {
                                        (report.topics[t].name)
                                    }
                                }
                                @match cell {
                                    Cell::Suppressed => {
                                        td colspan="6" { (SUPPRESSED) }
                                    }
                                    Cell::Published(s) => {
                                        @let (low, high) = report.report.level_shares(t, &s.level.interval).unzip();
                                        td {
                                            (Level::of(s.level.theta).label()) ": " (percent(s.level.share_typical))
                                            @if let (Some(low), Some(high)) = (low, high) {
                                                " (" (percent(low)) "–" (percent(high)) ")"
                                            }
                                        }
                                        td {
                                            @if s.relative.weak { strong { "Svak. " } }
                                            (comparison_text(&s.relative))
                                            ". Ventet " (percent(s.share_own_level)) " riktige ut fra eget nivå, "
                                            (percent(s.share_topic)) " i temaet."
                                        }
                                        td {
                                            @if s.absolute.weak { strong { "Svak. " } }
                                            (comparison_text(&s.absolute))
                                        }
                                        td { (s.people) " / " (s.answers) }
                                        td { (percent(s.raw_share_correct)) }
                                        td {
                                            @match report.trend(&group.path, t) {
                                                Some(trend) => {
                                                    (number(trend.level.difference)) " (" (interval(trend.level.interval.low, trend.level.interval.high)) ")"
                                                }
                                                None => "–",
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn completion_table(completion: &Completion) -> Markup {
    html! {
        @if completion.rows.is_empty() {
            p { "Ingen saksbehandlere er registrert." }
        } @else {
            table {
                caption { "Gjennomføring per avdeling, syklus " (completion.cycle.name) }
                thead {
                    tr {
                        th scope="col" { "Avdeling" }
                        th scope="col" { "Skal ta testen" }
                        th scope="col" { "Påbegynt" }
                        th scope="col" { "Fullført" }
                        th scope="col" { "Fristen er passert" }
                        th scope="col" { "Ikke åpnet ennå" }
                        th scope="col" { "I alt" }
                    }
                }
                tbody {
                    @for row in &completion.rows {
                        (completion_row(row))
                    }
                }
            }
        }
    }
}

fn completion_row(row: &CompletionRow) -> Markup {
    html! {
        tr {
            th scope="row" { (if row.department.is_empty() { "(uten avdeling)" } else { row.department.as_str() }) }
            td { (row.due) }
            td { (row.in_progress) }
            td { (row.completed) }
            td { (row.overdue) }
            td { (row.upcoming) }
            td { (row.total) }
        }
    }
}

fn plan_page(
    user: &Principal,
    selection: &Selection,
    report: &TopicReport,
    plan: &[PlanRow],
) -> Markup {
    let q = format!("syklus={}&niva={}", report.cycle.id, report.report.level);
    views::layout(
        "Oppfølgingsplan",
        Some(user),
        html! {
            h1 { "Oppfølgingsplan – " (report.cycle.name) }
            (selector(selection, Statistic::Relative, "/hr/oppfolging"))
            p {
                "For hver avdeling: de temaene der avdelingen gjør det svakest sammenlignet med sitt eget nivå i de andre temaene "
                "(de to svakeste, og et tredje når det er tydelig svakt), med spørsmål til refleksjon fra oppgavebanken. "
                "Temaer med færre enn " (report.report.min_people) " personer er ikke med."
            }
            p.no-print {
                "Last ned som " a href=(format!("/hr/oppfolging?{q}&format=csv")) { "CSV" }
                " eller " a href=(format!("/hr/oppfolging?{q}&format=json")) { "JSON" } ". "
                a href=(format!("/hr?{q}")) { "Tilbake til rapporten" }
            }
            @if plan.is_empty() {
                p { "Ingen avdelinger på dette nivået har fullførte tester i syklusen." }
            }
            @for (i, row) in plan.iter().enumerate() {
                section.plan aria-labelledby=(format!("plan-{i}")) {
                    h2 id=(format!("plan-{i}")) { (row.department) }
                    @if row.topics.is_empty() && row.suppressed == report.topics.len() {
                        p { "For få personer til å vise noe for denne avdelingen." }
                    } @else if row.topics.is_empty() {
                        p { "Ingen tema ligger under avdelingens eget nivå." }
                    } @else {
                        ol {
                            @for p in &row.topics {
                                @let topic = &report.topics[p.topic];
                                li {
                                    h3 {
                                        (topic.name)
                                        @if p.weak { " – tydelig svakt" }
                                    }
                                    p {
                                        (band_words(p.band)) " (" (number(p.relative)) "; 95 % intervall "
                                        (interval(p.low, p.high)) "). Ventet " (percent(p.share_own_level))
                                        " riktige ut fra avdelingens eget nivå, " (percent(p.share_topic)) " i temaet."
                                    }
                                    @if !topic.reflection.is_empty() {
                                        p { "Spørsmål til refleksjon:" }
                                        ul {
                                            @for question in &topic.reflection { li { (question) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if row.suppressed > 0 && row.suppressed < report.topics.len() {
                        p { (row.suppressed) " tema er skjult for å verne enkeltpersoner (færre enn " (report.report.min_people) " personer, eller tallet kunne regnes ut fra andre avdelinger)." }
                    }
                }
            }
        },
    )
}

//! `/admin/revisjon`: who viewed or exported which HR report, as a page and as CSV.
//! Administrators only.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::html;
use serde::Serialize;

use crate::store::AuditRecord;
use crate::web::auth::CurrentUser;
use crate::web::views::{self, Table};
use crate::web::{AppState, WebError, download};

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/revisjon", get(audit_page))
}

/// One audit entry as exported.
#[derive(Debug, Serialize)]
struct AuditRow {
    id: u64,
    at: String,
    employee_id: String,
    user_id: u64,
    role: &'static str,
    route: String,
    cycle_id: Option<u64>,
    level: Option<usize>,
    topic: Option<String>,
    department: Option<String>,
    format: String,
}

impl From<AuditRecord> for AuditRow {
    fn from(r: AuditRecord) -> AuditRow {
        AuditRow {
            id: r.id,
            at: r.at.to_string(),
            employee_id: r.employee_id,
            user_id: r.user_id,
            role: r.role.as_str(),
            route: r.route,
            cycle_id: r.cycle_id,
            level: r.level,
            topic: r.topic,
            department: r.department,
            format: r.format,
        }
    }
}

/// Entries on the page; the CSV has all.
const PAGE_ENTRIES: usize = 500;

/// `/admin/revisjon`: who viewed or exported which HR report. Administrators only.
async fn audit_page(
    user: CurrentUser,
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    if user.principal.user.role != crate::store::Role::Admin {
        return Err(WebError::Forbidden);
    }
    let form = state.form_of(&user.principal);
    let t = &form.texts().service.audit;
    let csv = match query.get("format").map(String::as_str) {
        None | Some("") | Some("html") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(WebError::BadRequest((t.bad_format)(other)));
        }
    };
    let principal = user.principal.clone();
    let limit = if csv { usize::MAX } else { PAGE_ENTRIES };
    let entries = state
        .operations(move |s| s.audit_log(&principal, limit))
        .await?;
    let rows: Vec<AuditRow> = entries.into_iter().map(AuditRow::from).collect();
    if csv {
        return download::csv("revisjonslogg.csv", &rows);
    }
    let dash = |v: Option<String>| v.unwrap_or_else(|| "–".to_string());
    let body = html! {
        h1 { (t.title) }
        p { ((t.intro)(PAGE_ENTRIES)) a href="/admin/revisjon?format=csv" { (t.download) } }
        @if rows.is_empty() {
            p { (t.empty) }
        } @else {
            (Table::new("revisjon-tittel", t.caption)
                .texts([t.col_time, t.col_user, t.col_role, t.col_report, t.col_cycle, t.col_level, t.col_topic, t.col_department, t.col_format])
                .rows(html! {
                    @for row in &rows {
                        tr {
                            td { (row.at) } td { (row.employee_id) } td { (row.role) } td { (row.route) }
                            td { (dash(row.cycle_id.map(|c| c.to_string()))) }
                            td { (dash(row.level.map(|l| l.to_string()))) }
                            td { (dash(row.topic.clone())) } td { (dash(row.department.clone())) }
                            td { (row.format) }
                        }
                    }
                }))
        }
        p { a href="/admin" { (t.back) } }
    };
    Ok(views::page(form, t.title, Some(&user.principal), body).into_response())
}

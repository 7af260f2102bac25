//! `/admin/sykluser`: the cycles with their state and completion, a form to create one, and per
//! cycle a form to change the deadline and late completion and a button to close it. The rules
//! are in [`crate::app::cycles`] (the same ones the CLI uses); a refusal shows the page again
//! with the reason and what was typed (400), a change redirects back with a confirmation.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use jiff::civil::Date;
use maud::{Markup, html};
use serde::Deserialize;

use super::super::auth::{CsrfField, CurrentUser, Protected};
use super::super::views::{self, Table};
use super::super::{AppState, WebError, blocking};
use crate::app::Principal;
use crate::app::cycles::{Actor, CycleRow, CycleState, Cycles, DeadlineChange, NewCycle};
use crate::store::Role;
use crate::text::{Admin, Form};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/sykluser", get(page))
        .route("/admin/sykluser/ny", post(add))
        .route("/admin/sykluser/frist", post(change))
        .route("/admin/sykluser/lukk", post(close))
}

/// The confirmation after a change (`?ok=opprettet&navn=…`).
#[derive(Debug, Default, Deserialize)]
struct Done {
    ok: Option<String>,
    navn: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct AddForm {
    csrf: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    opens: String,
    #[serde(default)]
    deadline: String,
}

#[derive(Debug, Default, Deserialize)]
struct ChangeForm {
    csrf: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    deadline: String,
    /// A checkbox: present ("on") when ticked.
    allow_late: Option<String>,
    #[serde(default)]
    grace_days: String,
}

#[derive(Debug, Default, Deserialize)]
struct CloseForm {
    csrf: Option<String>,
    #[serde(default)]
    name: String,
}

impl CsrfField for AddForm {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}
impl CsrfField for ChangeForm {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}
impl CsrfField for CloseForm {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

/// What the page shows above the list: a confirmation or a refusal (with the typed values).
enum Notice {
    None,
    Done(String),
    Refused(String),
}

async fn rows(state: &AppState, principal: &Principal) -> Result<(Vec<CycleRow>, u32), WebError> {
    let cycles = Cycles::of(&state.app);
    let actor = Actor::Admin(principal.clone());
    blocking(cycles, move |c| {
        Ok((c.overview(&actor, Timestamp::now())?, c.late_grace_days()))
    })
    .await
}

async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let form = state.form_of(&user.principal);
    let t = &form.texts().admin;
    let name = done.navn.unwrap_or_default();
    let notice = match done.ok.as_deref() {
        Some("opprettet") => Notice::Done((t.created)(&name)),
        Some("endret") => Notice::Done((t.changed)(&name)),
        Some("lukket") => Notice::Done((t.closed)(&name)),
        _ => Notice::None,
    };
    let (rows, grace) = rows(&state, &user.principal).await?;
    Ok(render(
        form,
        &user.principal,
        &rows,
        grace,
        &notice,
        &AddForm::default(),
    )
    .into_response())
}

/// Show the page again with a refusal (400).
async fn refused(
    state: &AppState,
    principal: &Principal,
    form: Form,
    message: String,
    typed: &AddForm,
) -> Result<Response, WebError> {
    let (rows, grace) = rows(state, principal).await?;
    let body = render(
        form,
        principal,
        &rows,
        grace,
        &Notice::Refused(message),
        typed,
    );
    Ok((StatusCode::BAD_REQUEST, body).into_response())
}

fn done(what: &str, name: &str) -> Response {
    let query = serde_urlencoded_pair(what, name);
    Redirect::to(&format!("/admin/sykluser?{query}")).into_response()
}

fn serde_urlencoded_pair(what: &str, name: &str) -> String {
    let encoded: String = url_escape(name);
    format!("ok={what}&navn={encoded}")
}

/// Percent-encode everything but unreserved characters.
fn url_escape(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn parse_date(t: &Admin, field: &str, value: &str) -> Result<Date, String> {
    value
        .trim()
        .parse::<Date>()
        .map_err(|_| (t.bad_date)(field, value.trim()))
}

async fn add(
    State(state): State<AppState>,
    Protected { user, form: typed }: Protected<AddForm>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let form = state.form_of(&user.principal);
    let t = &form.texts().admin;
    let dates = parse_date(t, t.label_opens, &typed.opens)
        .and_then(|opens| Ok((opens, parse_date(t, t.label_deadline, &typed.deadline)?)));
    let (opens, deadline) = match dates {
        Ok(d) => d,
        Err(message) => return refused(&state, &user.principal, form, message, &typed).await,
    };
    let new = NewCycle {
        name: typed.name.clone(),
        opens,
        deadline,
    };
    let actor = Actor::Admin(user.principal.clone());
    let outcome = blocking(Cycles::of(&state.app), move |c| {
        c.add(&actor, new, Timestamp::now())
    })
    .await?;
    match outcome {
        Ok(cycle) => Ok(done("opprettet", &cycle.name)),
        Err(e) => refused(&state, &user.principal, form, e.message(form), &typed).await,
    }
}

async fn change(
    State(state): State<AppState>,
    Protected { user, form: typed }: Protected<ChangeForm>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let form = state.form_of(&user.principal);
    let t = &form.texts().admin;
    let empty = AddForm::default();
    let deadline = match parse_date(t, t.label_deadline, &typed.deadline) {
        Ok(d) => d,
        Err(message) => return refused(&state, &user.principal, form, message, &empty).await,
    };
    let grace_days = match typed.grace_days.trim() {
        "" => None,
        days => match days.parse::<u32>() {
            Ok(d) => Some(d),
            Err(_) => {
                let message = (t.bad_days)(days);
                return refused(&state, &user.principal, form, message, &empty).await;
            }
        },
    };
    let change = DeadlineChange {
        deadline,
        allow_late: typed.allow_late.is_some(),
        grace_days,
    };
    let actor = Actor::Admin(user.principal.clone());
    let name = typed.name.clone();
    let outcome = blocking(Cycles::of(&state.app), move |c| {
        c.change(&actor, &name, change, Timestamp::now())
    })
    .await?;
    match outcome {
        Ok(cycle) => Ok(done("endret", &cycle.name)),
        Err(e) => refused(&state, &user.principal, form, e.message(form), &empty).await,
    }
}

async fn close(
    State(state): State<AppState>,
    Protected { user, form: typed }: Protected<CloseForm>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Admin)?;
    let form = state.form_of(&user.principal);
    let actor = Actor::Admin(user.principal.clone());
    let name = typed.name.clone();
    let outcome = blocking(Cycles::of(&state.app), move |c| {
        c.close(&actor, &name, Timestamp::now())
    })
    .await?;
    match outcome {
        Ok(cycle) => Ok(done("lukket", &cycle.name)),
        Err(e) => {
            refused(
                &state,
                &user.principal,
                form,
                e.message(form),
                &AddForm::default(),
            )
            .await
        }
    }
}

fn state_text(t: &Admin, state: CycleState) -> String {
    match state {
        CycleState::NotOpen => t.state_not_open.to_string(),
        CycleState::Open => t.state_open.to_string(),
        CycleState::Late => t.state_late.to_string(),
        CycleState::Grace(until) => (t.state_grace)(&until.to_string()),
        CycleState::Closed => t.state_closed.to_string(),
    }
}

fn render(
    form: Form,
    principal: &Principal,
    rows: &[CycleRow],
    default_grace: u32,
    notice: &Notice,
    typed: &AddForm,
) -> Markup {
    let t = &form.texts().admin;
    let today = crate::app::today(Timestamp::now());
    let body = html! {
        h1 { (t.cycles_title) }
        @match notice {
            Notice::Done(text) => { p role="status" id="melding" { (text) } }
            Notice::Refused(text) => {
                div role="alert" id="feil" {
                    p { strong { (t.refused) } " " (text) }
                }
            }
            Notice::None => {}
        }
        p { (t.cycles_intro) }
        @if rows.is_empty() {
            p { (t.no_cycles) }
        } @else {
            (Table::new("sykluser-tittel", t.cycles_caption)
                .texts([t.col_name, t.col_opens, t.col_deadline, t.col_late, t.col_state, t.col_done])
                .rows(html! {
                    @for row in rows {
                        tr {
                            th scope="row" { (row.cycle.name) }
                            td { (row.cycle.opens) }
                            td { (row.cycle.deadline) }
                            td { ((t.late)(row.cycle.allow_late, row.cycle.grace_days, default_grace)) }
                            td { (state_text(t, row.state)) }
                            td { ((t.done)(row.finished, row.unfinished)) }
                        }
                    }
                }))
        }
        h2 { (t.new_heading) }
        form method="post" action="/admin/sykluser/ny" {
            input type="hidden" name="csrf" value=(principal.csrf);
            p {
                label for="ny-navn" { (t.label_name) }
                br;
                input id="ny-navn" name="name" type="text" required maxlength="100" value=(typed.name);
            }
            p {
                label for="ny-apner" { (t.label_opens) }
                br;
                input id="ny-apner" name="opens" type="date" required aria-describedby="dato-hjelp" value=(typed.opens);
            }
            p {
                label for="ny-frist" { (t.label_deadline) }
                br;
                input id="ny-frist" name="deadline" type="date" required aria-describedby="dato-hjelp" value=(typed.deadline);
            }
            p id="dato-hjelp" { (t.date_hint) }
            p { button type="submit" { (t.create) } }
        }
        @for row in rows {
            @let c = &row.cycle;
            @let id = c.id;
            @let passed = today > c.deadline;
            section aria-labelledby=(format!("endre-{id}")) {
                h2 id=(format!("endre-{id}")) { ((t.change_heading)(&c.name)) }
                form method="post" action="/admin/sykluser/frist" {
                    input type="hidden" name="csrf" value=(principal.csrf);
                    input type="hidden" name="name" value=(c.name);
                    @if passed {
                        input type="hidden" name="deadline" value=(c.deadline);
                        p { ((t.deadline_fixed)(&c.deadline.to_string())) }
                    } @else {
                        p {
                            label for=(format!("frist-{id}")) { (t.label_deadline) }
                            br;
                            input id=(format!("frist-{id}")) name="deadline" type="date" required value=(c.deadline);
                        }
                    }
                    p {
                        input id=(format!("sen-{id}")) name="allow_late" type="checkbox" checked[c.allow_late];
                        " "
                        label for=(format!("sen-{id}")) { (t.label_allow_late) }
                    }
                    p {
                        label for=(format!("nade-{id}")) { ((t.label_grace)(default_grace)) }
                        br;
                        input id=(format!("nade-{id}")) name="grace_days" type="number" min="0" max="366" inputmode="numeric"
                            value=(c.grace_days.map(|d| d.to_string()).unwrap_or_default());
                    }
                    p { button type="submit" { (t.save) } }
                }
                @if row.state != CycleState::Closed {
                    form method="post" action="/admin/sykluser/lukk" {
                        input type="hidden" name="csrf" value=(principal.csrf);
                        input type="hidden" name="name" value=(c.name);
                        p { (t.close_help) }
                        p { button type="submit" { ((t.close)(&c.name)) } }
                    }
                }
            }
        }
        p { a href="/admin" { (t.back) } }
    };
    views::page(form, t.cycles_title, Some(principal), body)
}

//! Writing and reviewing items in the browser (issue 17): forms that work without JavaScript.
//!
//! URLs: `/forfatter/oppgaver/ny` (GET the empty form, `?kopi={id}` to duplicate an item; POST
//! save), `/forfatter/oppgaver/{id}/rediger` (GET the form, POST preview or save),
//! `/forfatter/oppgaver/{id}/arbeid` (the item's workflow: the open draft as caseworkers will see
//! it, what it changes, review, comments, history with restore, retire), and POSTs for the
//! workflow steps under `/forfatter/oppgaver/{id}/`. Every form carries the CSRF token; the rules
//! are in [`crate::app::authoring::editor`].

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::today;
use super::views::status_name;
use crate::app::Principal;
use crate::app::authoring::editor::{
    ChangeState, FieldChange, FieldMessage, ItemWork, SaveOutcome, diff,
};
use crate::bank::{ItemBank, Severity};
use crate::store::{ItemContent, ItemEvent, ItemEventRecord, Role};
use crate::web::auth::{CsrfField, CurrentUser, Protected};
use crate::web::{AppState, WebError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/forfatter/oppgaver/ny", get(new_form).post(new_save))
        .route(
            "/forfatter/oppgaver/{id}/rediger",
            get(edit_form).post(edit_save),
        )
        .route("/forfatter/oppgaver/{id}/arbeid", get(work_page))
        .route("/forfatter/oppgaver/{id}/send", post(submit))
        .route("/forfatter/oppgaver/{id}/godkjenn", post(approve))
        .route("/forfatter/oppgaver/{id}/returner", post(return_draft))
        .route("/forfatter/oppgaver/{id}/kommenter", post(comment))
        .route("/forfatter/oppgaver/{id}/utga", post(retire))
        .route("/forfatter/oppgaver/{id}/gjenopprett", post(restore))
}

/// Option inputs in the form (the bank's items have 3–5 options).
const OPTION_FIELDS: usize = 6;
/// Reference rows: the item's references and at least one empty row, at most this many.
const REFERENCE_ROWS_MAX: usize = 8;
/// Ledd as authors write them, for the ledd list of a reference row.
const LEDD: [&str; 8] = [
    "første", "andre", "tredje", "fjerde", "femte", "sjette", "sjuende", "siste",
];

/// Every form of this module: the CSRF token and named fields.
#[derive(Deserialize)]
struct Fields {
    csrf: Option<String>,
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

impl CsrfField for Fields {
    fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }
}

impl Fields {
    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    fn number(&self, name: &str) -> Result<u32, WebError> {
        self.get(name)
            .trim()
            .parse()
            .map_err(|_| WebError::BadRequest(format!("«{name}» mangler eller er ikke et tall")))
    }

    /// Reference row `i` of the form as text ("forvaltningsloven § 28 første ledd bokstav a"),
    /// if anything was filled in. Whether it is a valid reference is for `bank check` to say.
    fn reference(&self, i: usize) -> Option<String> {
        let part = |name: &str| self.get(&format!("hjemmel-{i}-{name}")).trim().to_string();
        let (act, section, ledd, detail) =
            (part("lov"), part("paragraf"), part("ledd"), part("detalj"));
        if act.is_empty() && section.is_empty() && ledd.is_empty() && detail.is_empty() {
            return None;
        }
        let mut text = format!("{act} § {}", section.trim_start_matches('§').trim());
        if !ledd.is_empty() {
            text.push_str(&format!(" {ledd} ledd"));
        }
        if !detail.is_empty() {
            text.push_str(&format!(" {detail}"));
        }
        Some(text.trim().to_string())
    }

    /// The item content as typed.
    fn content(&self) -> ItemContent {
        let split = |s: &str| -> Vec<String> {
            s.split([',', '\n'])
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect()
        };
        ItemContent {
            topic: self.get("tema").to_string(),
            stem: self.get("sporsmal").to_string(),
            options: (0..OPTION_FIELDS)
                .map(|i| self.get(&format!("alternativ-{i}")).trim().to_string())
                .filter(|o| !o.is_empty())
                .collect(),
            key: self.get("fasit").to_string(),
            explanation: self.get("forklaring").to_string(),
            references: (0..REFERENCE_ROWS_MAX)
                .filter_map(|i| self.reference(i))
                .collect(),
            future_references: vec![self.get("fremtidige").to_string()],
            tags: split(self.get("emneord")),
            enemies: split(self.get("fiender")),
        }
    }
}

/// What the form page shows besides the content.
#[derive(Default)]
struct FormState<'a> {
    /// `None` for a new item.
    id: Option<&'a str>,
    base: u32,
    messages: &'a [FieldMessage],
    preview: bool,
    /// The other author's changes, on a conflict.
    conflict: Option<(&'a str, Vec<FieldChange>)>,
    note: &'a str,
}

async fn bank(state: &AppState, principal: &Principal) -> Result<ItemBank, WebError> {
    let principal = principal.clone();
    Ok(state
        .authoring(move |s| s.author_bank(&principal, today()))
        .await?
        .0)
}

async fn new_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Author)?;
    let bank = bank(&state, &user.principal).await?;
    let mut content = ItemContent {
        topic: query.get("tema").cloned().unwrap_or_default(),
        ..ItemContent::default()
    };
    if let Some(from) = query.get("kopi") {
        let principal = user.principal.clone();
        let from = from.clone();
        let work = state
            .authoring(move |s| s.item_work(&principal, &from, today()))
            .await?;
        content = work.current().cloned().unwrap_or_default();
        // A copy must not appear in the same test as its original.
        content.enemies.push(work.id.clone());
    }
    let form = FormState::default();
    Ok(form_page(&user.principal, &bank, &content, &form).into_response())
}

async fn new_save(
    State(state): State<AppState>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Author)?;
    let topic = form.get("tema").trim().to_string();
    let id = state
        .authoring(move |s| s.new_item_id(&topic, today()))
        .await?;
    save(state, user.principal, form, id, true).await
}

async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Author)?;
    let bank = bank(&state, &user.principal).await?;
    let principal = user.principal.clone();
    let work = state
        .authoring(move |s| s.item_work(&principal, &id, today()))
        .await?;
    let content = work.current().cloned().unwrap_or_default();
    let form = FormState {
        id: Some(&work.id),
        base: work.base,
        ..FormState::default()
    };
    Ok(form_page(&user.principal, &bank, &content, &form).into_response())
}

async fn edit_save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Author)?;
    save(state, user.principal, form, id, false).await
}

/// Preview (check without storing) or save the form for item `id`.
async fn save(
    state: AppState,
    principal: Principal,
    form: Fields,
    id: String,
    new: bool,
) -> Result<Response, WebError> {
    let content = crate::app::authoring::editor::tidy(form.content());
    let base = if new { 0 } else { form.number("grunnlag")? };
    let note = form.get("merknad").to_string();
    let bank = bank(&state, &principal).await?;
    let shown_id = (!new).then_some(id.as_str());
    if form.get("handling") == "vis" {
        let (p, i, c) = (principal.clone(), id.clone(), content.clone());
        let messages = state
            .authoring(move |s| s.check_item(&p, &i, &c, today()))
            .await?;
        let page = FormState {
            id: shown_id,
            base,
            messages: &messages,
            preview: true,
            note: &note,
            ..FormState::default()
        };
        return Ok(form_page(&principal, &bank, &content, &page).into_response());
    }
    let (p, i, c, n) = (principal.clone(), id.clone(), content.clone(), note.clone());
    let outcome = state
        .authoring(move |s| s.save_draft(&p, &i, c, base, &n, today()))
        .await?;
    match outcome {
        SaveOutcome::Saved { id, .. } => {
            Ok(Redirect::to(&format!("/forfatter/oppgaver/{id}/arbeid")).into_response())
        }
        SaveOutcome::Invalid(messages) => {
            let page = FormState {
                id: shown_id,
                base,
                messages: &messages,
                note: &note,
                ..FormState::default()
            };
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&principal, &bank, &content, &page),
            )
                .into_response())
        }
        SaveOutcome::Conflict(conflict) => {
            let page = FormState {
                id: Some(&id),
                base: conflict.latest,
                conflict: Some((&conflict.by, diff(&conflict.base, &conflict.theirs))),
                note: &note,
                ..FormState::default()
            };
            Ok((
                axum::http::StatusCode::CONFLICT,
                form_page(&principal, &bank, &content, &page),
            )
                .into_response())
        }
    }
}

async fn work_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Author)?;
    let principal = user.principal.clone();
    let work = state
        .authoring(move |s| s.item_work(&principal, &id, today()))
        .await?;
    let done = query.get("ok").map(String::as_str);
    Ok(work_view(&user.principal, &work, done).into_response())
}

/// Run one workflow step, then show the item's page with what was done.
async fn step<F>(state: AppState, id: String, done: &str, f: F) -> Result<Response, WebError>
where
    F: FnOnce(&crate::app::Authoring, &str) -> Result<(), crate::app::ServiceError>
        + Send
        + 'static,
{
    let i = id.clone();
    state.authoring(move |s| f(s, &i)).await?;
    Ok(Redirect::to(&format!("/forfatter/oppgaver/{id}/arbeid?ok={done}")).into_response())
}

async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Author)?;
    let revision = form.number("versjon")?;
    let p = user.principal;
    step(state, id, "sendt", move |s, id| s.submit(&p, id, revision)).await
}

async fn approve(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Author)?;
    let revision = form.number("versjon")?;
    let p = user.principal;
    step(state, id, "godkjent", move |s, id| {
        s.approve(&p, id, revision, today()).map(|_| ())
    })
    .await
}

async fn return_draft(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Author)?;
    let revision = form.number("versjon")?;
    let comment = form.get("kommentar").to_string();
    let p = user.principal;
    step(state, id, "returnert", move |s, id| {
        s.return_draft(&p, id, revision, &comment)
    })
    .await
}

async fn comment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Author)?;
    let text = form.get("kommentar").to_string();
    let p = user.principal;
    step(state, id, "kommentert", move |s, id| {
        s.comment(&p, id, &text)
    })
    .await
}

async fn retire(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Author)?;
    let reason = form.get("grunn").to_string();
    let p = user.principal;
    step(state, id, "utgatt", move |s, id| {
        s.retire(&p, id, &reason, today())
    })
    .await
}

async fn restore(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, WebError> {
    user.principal.require(Role::Author)?;
    let seq = form.number("fra")?;
    let base = form.number("grunnlag")?;
    let p = user.principal.clone();
    let i = id.clone();
    let outcome = state
        .authoring(move |s| s.restore(&p, &i, seq, base, today()))
        .await?;
    match outcome {
        SaveOutcome::Saved { .. } => Ok(Redirect::to(&format!(
            "/forfatter/oppgaver/{id}/arbeid?ok=gjenopprettet"
        ))
        .into_response()),
        SaveOutcome::Invalid(messages) => Err(WebError::BadRequest(format!(
            "versjonen kan ikke gjenopprettes: {}",
            messages
                .iter()
                .filter(|m| m.severity == Severity::Error)
                .map(|m| m.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ))),
        SaveOutcome::Conflict(conflict) => Err(WebError::BadRequest(format!(
            "oppgaven er endret av {} siden du så den: se på den på nytt",
            conflict.by
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// Views

const FORM_CSS: &str = "textarea { font: inherit; width: 100%; max-width: 44rem; box-sizing: border-box; padding: 0.3rem; border: 2px solid #4a4a4a; border-radius: 4px; } \
.field { margin: 0.8rem 0; } .field label { display: block; font-weight: bold; } \
.hint { margin: 0.1rem 0; color: #3d3d3d; } .warning { color: #6b4b00; } \
ins { background: #dff0d8; text-decoration: none; } del { background: #f6dada; } \
pre.diff { white-space: pre-wrap; margin: 0; }";

/// The messages for `field` (`None`: the whole item), with the id the field points at.
fn messages_at(messages: &[FieldMessage], field: Option<&str>, id: &str) -> Markup {
    let here: Vec<&FieldMessage> = messages.iter().filter(|m| m.field == field).collect();
    html! {
        @if !here.is_empty() {
            ul id=(id) {
                @for m in here {
                    li class=(if m.severity == Severity::Error { "error" } else { "warning" }) {
                        (if m.severity == Severity::Error { "Feil: " } else { "Advarsel: " }) (m.message)
                    }
                }
            }
        }
    }
}

fn described(messages: &[FieldMessage], field: &str) -> Option<String> {
    messages
        .iter()
        .any(|m| m.field == Some(field))
        .then(|| format!("melding-{field}"))
}

fn text_field(
    messages: &[FieldMessage],
    field: &'static str,
    name: &str,
    label: &str,
    hint: &str,
    value: &str,
    rows: usize,
) -> Markup {
    let hint_id = format!("hint-{name}");
    let described_by = match described(messages, field) {
        Some(m) => format!("{hint_id} {m}"),
        None => hint_id.clone(),
    };
    html! {
        div.field {
            label for=(name) { (label) }
            @if !hint.is_empty() { p.hint id=(hint_id) { (hint) } }
            @if rows > 1 {
                textarea id=(name) name=(name) rows=(rows) aria-describedby=(described_by) { (value) }
            } @else {
                input type="text" id=(name) name=(name) value=(value) aria-describedby=(described_by);
            }
            (messages_at(messages, Some(field), &format!("melding-{field}")))
        }
    }
}

fn form_page(user: &Principal, bank: &ItemBank, content: &ItemContent, form: &FormState) -> Markup {
    let title = match form.id {
        Some(id) => format!("Rediger oppgave {id}"),
        None => "Ny oppgave".to_string(),
    };
    let action = match form.id {
        Some(id) => format!("/forfatter/oppgaver/{id}/rediger"),
        None => "/forfatter/oppgaver/ny".to_string(),
    };
    let acts: Vec<String> = bank
        .acts
        .iter()
        .filter(|a| !a.repealed)
        .map(|a| a.name.clone())
        .collect();
    let m = form.messages;
    let errors = m.iter().filter(|m| m.severity == Severity::Error).count();
    crate::web::views::layout(
        &title,
        Some(user),
        html! {
            style { (PreEscaped(FORM_CSS)) }
            h1 { (title) }
            p { a href="/forfatter" { "Tilbake til oppgavebanken" } }
            @if let Some((by, changes)) = &form.conflict {
                div.caveat role="alert" {
                    h2 { "Oppgaven er endret av " (by) " mens du skrev" }
                    p { "Ingenting av ditt er lagret ennå, og ingenting er tapt: skjemaet under har din tekst. "
                        "Dette er endringene den andre gjorde. Ta med det som skal bli stående, og lagre på nytt." }
                    (diff_table(changes))
                }
            }
            @if errors > 0 {
                div.caveat role="alert" {
                    p.error { "Endringen er ikke lagret: " (errors) " feil må rettes (se meldingene ved feltene)." }
                    (messages_at(m, None, "melding-oppgave"))
                }
            } @else {
                (messages_at(m, None, "melding-oppgave"))
            }
            @if form.preview {
                section aria-labelledby="forhandsvisning" {
                    h2 id="forhandsvisning" { "Slik ser saksbehandleren oppgaven" }
                    (crate::web::views::question(&content.stem, &content.options, None, true))
                    @if errors == 0 { p { "Oppgavebanken godtar endringen." } }
                }
            }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(user.csrf);
                input type="hidden" name="grunnlag" value=(form.base);
                div.field {
                    label for="tema" { "Tema" }
                    select id="tema" name="tema" aria-describedby=[described(m, "topic")] {
                        @for t in &bank.topics {
                            option value=(t.id) selected[t.id == content.topic] { (t.name) }
                        }
                    }
                    (messages_at(m, Some("topic"), "melding-topic"))
                }
                (text_field(m, "stem", "sporsmal", "Spørsmål", "Situasjonen og spørsmålet, slik saksbehandleren leser det.", &content.stem, 5))
                fieldset aria-describedby=[described(m, "options")] {
                    legend { "Svaralternativer (tomme felt tas ikke med)" }
                    @for i in 0..OPTION_FIELDS {
                        @let name = format!("alternativ-{i}");
                        div.field {
                            label for=(name) { "Alternativ " (crate::bank::Item::letter(i)) }
                            input type="text" id=(name) name=(name) value=(content.options.get(i).map_or("", String::as_str));
                        }
                    }
                    (messages_at(m, Some("options"), "melding-options"))
                }
                fieldset aria-describedby=[described(m, "key")] {
                    legend { "Riktig svar" }
                    @for i in 0..OPTION_FIELDS {
                        @let letter = crate::bank::Item::letter(i).to_string();
                        div.option {
                            input type="radio" id=(format!("fasit-{i}")) name="fasit" value=(letter) checked[content.key == letter];
                            label for=(format!("fasit-{i}")) { (letter) }
                        }
                    }
                    (messages_at(m, Some("key"), "melding-key"))
                }
                (text_field(m, "explanation", "forklaring", "Forklaring", "Hvorfor det riktige svaret er riktig og de andre ikke, med hjemmel.", &content.explanation, 5))
                (reference_rows(m, &acts, &content.references))
                (text_field(m, "future_references", "fremtidige", "Hjemler i vedtatt lov som ikke er i kraft ennå (én per linje)", "", &content.future_references.join("\n"), 2))
                (text_field(m, "tags", "emneord", "Emneord (skill med komma)", "", &content.tags.join(", "), 1))
                (text_field(m, "enemies", "fiender", "Fiender: oppgaver som ikke skal komme i samme test (id-er, skill med komma)", "", &content.enemies.join(", "), 1))
                div.field {
                    label for="merknad" { "Hva er endret, og hvorfor (vises i historikken)" }
                    input type="text" id="merknad" name="merknad" value=(form.note);
                }
                button type="submit" name="handling" value="vis" { "Forhåndsvis og kontroller" }
                " "
                button type="submit" name="handling" value="lagre" { "Lagre utkast" }
            }
        },
    )
}

/// The top of the author overview: what needs attention, most important first, in plain words
/// ([`crate::app::authoring::worklist`]), after the changes waiting for review and the drafts.
pub(super) fn attention(data: &super::Data) -> Markup {
    let list = crate::app::authoring::worklist::worklist(&data.bank, &data.statistics.statistics);
    let query = super::views::scope_query(data.scope);
    let (review, drafts): (Vec<_>, Vec<_>) = data
        .open_changes
        .iter()
        .partition(|(_, o)| o.state == ChangeState::InReview);
    html! {
        section aria-labelledby="trenger-oppmerksomhet" {
            h2 id="trenger-oppmerksomhet" { "Dette trenger oppmerksomhet" }
            p { a href="/forfatter/oppgaver/ny" { "Skriv en ny oppgave" } }
            @if !review.is_empty() {
                h3 { "Venter på godkjenning fra en annen forfatter" }
                ul {
                    @for (id, o) in &review {
                        li { a href=(format!("/forfatter/oppgaver/{id}/arbeid")) { (id) } ": skrevet av " (names(&o.authors)) }
                    }
                }
            }
            @if !drafts.is_empty() {
                h3 { "Utkast" }
                ul {
                    @for (id, o) in &drafts {
                        li { a href=(format!("/forfatter/oppgaver/{id}/arbeid")) { (id) } ": sist lagret av " (o.last_by) }
                    }
                }
            }
            @for words in &list.bank_wide {
                p.caveat { (words) }
            }
            @if list.items.is_empty() {
                p { "Ingen oppgaver har varsler." }
            } @else {
                h3 { "Oppgaver med varsler (" (list.items.len()) "), viktigst først" }
                ul {
                    @for a in &list.items {
                        li { a href=(format!("/forfatter/oppgaver/{}{query}", a.id)) { (a.id) } ": " (a.words.join("; ")) }
                    }
                }
            }
        }
    }
}

/// Links from an item's statistics page to writing and reviewing it.
pub(super) fn item_links(id: &str) -> Markup {
    html! {
        p {
            a href=(format!("/forfatter/oppgaver/{id}/rediger")) { "Rediger" }
            " · " a href=(format!("/forfatter/oppgaver/{id}/arbeid")) { "Gjennomgang og historikk" }
            " · " a href=(format!("/forfatter/oppgaver/ny?kopi={id}")) { "Lag en kopi" }
        }
    }
}

/// The references as rows of act (from `laws.toml`), section, ledd and nr./bokstav.
fn reference_rows(messages: &[FieldMessage], acts: &[String], references: &[String]) -> Markup {
    let rows = (references.len() + 1).clamp(2, REFERENCE_ROWS_MAX);
    html! {
        fieldset aria-describedby=[described(messages, "references")] {
            legend { "Hjemler: lov, paragraf, ledd og nr./bokstav (tomme rader tas ikke med)" }
            @for i in 0..rows {
                @let (act, section, ledd, detail) = references.get(i).map(|r| split_reference(r)).unwrap_or_default();
                @let id = |part: &str| format!("hjemmel-{i}-{part}");
                div.field {
                    label for=(id("lov")) { "Lov (hjemmel " (i + 1) ")" }
                    select id=(id("lov")) name=(id("lov")) {
                        option value="" { "–" }
                        @if !act.is_empty() && !acts.contains(&act) {
                            option value=(act) selected { (act) }
                        }
                        @for a in acts {
                            option value=(a) selected[*a == act] { (a) }
                        }
                    }
                    label for=(id("paragraf")) { "Paragraf (hjemmel " (i + 1) ")" }
                    input type="text" id=(id("paragraf")) name=(id("paragraf")) value=(section);
                    label for=(id("ledd")) { "Ledd (hjemmel " (i + 1) ")" }
                    select id=(id("ledd")) name=(id("ledd")) {
                        option value="" { "–" }
                        @if !ledd.is_empty() && !LEDD.contains(&ledd.as_str()) {
                            option value=(ledd) selected { (ledd) }
                        }
                        @for l in LEDD {
                            option value=(l) selected[l == ledd] { (l) " ledd" }
                        }
                    }
                    label for=(id("detalj")) { "Nr./bokstav (hjemmel " (i + 1) ", f.eks. «bokstav a»)" }
                    input type="text" id=(id("detalj")) name=(id("detalj")) value=(detail);
                }
            }
            (messages_at(messages, Some("references"), "melding-references"))
        }
    }
}

/// A reference's text as (act, section, ledd, the rest): "forvaltningsloven § 2 første ledd
/// bokstav a" → ("forvaltningsloven", "2", "første", "bokstav a"). Text that is not a reference
/// keeps its parts where they fit, so nothing typed is lost.
fn split_reference(text: &str) -> (String, String, String, String) {
    let Some((act, rest)) = text.split_once('§') else {
        return (
            String::new(),
            String::new(),
            String::new(),
            text.to_string(),
        );
    };
    let mut words = rest.split_whitespace();
    let section = words.next().unwrap_or_default().to_string();
    let rest: Vec<&str> = words.collect();
    let (ledd, detail) = match rest.iter().position(|w| *w == "ledd") {
        Some(at) => (rest[..at].join(" "), rest[at + 1..].join(" ")),
        None => (String::new(), rest.join(" ")),
    };
    (act.trim().to_string(), section, ledd, detail)
}

fn diff_table(changes: &[FieldChange]) -> Markup {
    html! {
        @if changes.is_empty() {
            p { "Ingen felt er endret." }
        } @else {
            table {
                thead { tr { th scope="col" { "Felt" } th scope="col" { "Før" } th scope="col" { "Etter" } } }
                tbody {
                    @for c in changes {
                        tr {
                            th scope="row" { (c.field) }
                            td { del { pre.diff { (c.old) } } }
                            td { ins { pre.diff { (c.new) } } }
                        }
                    }
                }
            }
        }
    }
}

fn state_words(work: &ItemWork) -> String {
    match (&work.open, work.status) {
        (Some(o), _) if o.state == ChangeState::InReview => {
            format!(
                "Til gjennomgang: venter på godkjenning fra en annen forfatter enn {}.",
                names(&o.authors)
            )
        }
        (Some(o), _) => format!("Utkast (sist lagret av {}).", o.last_by),
        (None, Some(status)) => format!("Publisert, status {}.", status_name(status)),
        (None, None) => "Ikke publisert.".to_string(),
    }
}

fn names(authors: &[(u64, String)]) -> String {
    authors
        .iter()
        .map(|(_, n)| n.as_str())
        .collect::<Vec<_>>()
        .join(" og ")
}

fn event_words(r: &ItemEventRecord) -> String {
    match &r.event {
        ItemEvent::Imported { .. } => {
            "Slik var oppgaven i filen før første endring i nettleseren".into()
        }
        ItemEvent::Saved { note, .. } if note.is_empty() => "Lagret utkast".into(),
        ItemEvent::Saved { note, .. } => format!("Lagret utkast: {note}"),
        ItemEvent::Submitted => "Sendt til gjennomgang".into(),
        ItemEvent::Returned { comment } => format!("Sendt tilbake: {comment}"),
        ItemEvent::Approved { revision } => {
            format!("Godkjent (versjon {revision}) og skrevet til filen")
        }
        ItemEvent::Comment { text } => format!("Kommentar: {text}"),
        ItemEvent::Retired { reason } => format!("Satt som utgått: {reason}"),
    }
}

fn work_view(user: &Principal, work: &ItemWork, done: Option<&str>) -> Markup {
    let id = &work.id;
    let csrf = html! { input type="hidden" name="csrf" value=(user.csrf); };
    // Each stored version with what it changed against the version before it.
    let mut previous: Option<&ItemContent> = None;
    let history: Vec<(&ItemEventRecord, Option<Vec<FieldChange>>)> = work
        .history
        .iter()
        .map(|r| {
            let changes = r
                .content()
                .and_then(|c| previous.replace(c).map(|p| diff(p, c)));
            (r, changes)
        })
        .collect();
    crate::web::views::layout(
        &format!("Oppgave {id}"),
        Some(user),
        html! {
            style { (PreEscaped(FORM_CSS)) }
            h1 { "Oppgave " (id) }
            @if let Some(done) = done {
                p role="status" { (match done {
                    "sendt" => "Utkastet er sendt til gjennomgang.",
                    "godkjent" => "Endringen er godkjent og skrevet til oppgavefilen. Nye tester bruker den nå.",
                    "returnert" => "Utkastet er sendt tilbake.",
                    "kommentert" => "Kommentaren er lagret.",
                    "utgatt" => "Oppgaven er satt som utgått.",
                    "gjenopprettet" => "Den tidligere versjonen er lagret som nytt utkast.",
                    _ => "Lagret.",
                }) }
            }
            p id="tilstand" { (state_words(work)) }
            p {
                a href=(format!("/forfatter/oppgaver/{id}/rediger")) { "Rediger" }
                " · " a href=(format!("/forfatter/oppgaver/ny?kopi={id}")) { "Lag en kopi" }
                @if work.status.is_some() { " · " a href=(format!("/forfatter/oppgaver/{id}")) { "Statistikk" } }
                " · " a href="/forfatter" { "Oppgavebanken" }
            }
            @if let Some(open) = &work.open {
                section aria-labelledby="utkast" {
                    h2 id="utkast" { "Utkastet, slik saksbehandleren vil se det" }
                    (crate::web::views::question(&open.content.stem, &open.content.options, None, true))
                    p { "Riktig svar: " (open.content.key) }
                    h3 { "Endringer mot publisert versjon" }
                    (diff_table(&diff(&work.published.clone().unwrap_or_default(), &open.content)))
                    @match open.state {
                        ChangeState::Draft => {
                            form method="post" action=(format!("/forfatter/oppgaver/{id}/send")) {
                                (csrf) input type="hidden" name="versjon" value=(open.revision);
                                button type="submit" { "Send til gjennomgang" }
                            }
                        }
                        ChangeState::InReview => {
                            @if open.authors.iter().any(|(u, _)| *u == user.user.id) {
                                p { "Du har skrevet denne endringen, så en annen forfatter må godkjenne den." }
                            } @else {
                                form method="post" action=(format!("/forfatter/oppgaver/{id}/godkjenn")) {
                                    (csrf) input type="hidden" name="versjon" value=(open.revision);
                                    button type="submit" { "Godkjenn og publiser" }
                                }
                            }
                            form method="post" action=(format!("/forfatter/oppgaver/{id}/returner")) {
                                (csrf) input type="hidden" name="versjon" value=(open.revision);
                                div.field {
                                    label for="retur" { "Send tilbake med kommentar" }
                                    input type="text" id="retur" name="kommentar";
                                }
                                button.secondary type="submit" { "Send tilbake" }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="kommentar-overskrift" {
                h2 id="kommentar-overskrift" { "Kommentar" }
                form method="post" action=(format!("/forfatter/oppgaver/{id}/kommenter")) {
                    (csrf)
                    div.field {
                        label for="kommentar" { "Kommentar til oppgaven" }
                        textarea id="kommentar" name="kommentar" rows="2" {}
                    }
                    button.secondary type="submit" { "Lagre kommentar" }
                }
            }
            section aria-labelledby="historikk" {
                h2 id="historikk" { "Historikk" }
                @if work.history.is_empty() {
                    p { "Oppgaven er ikke endret i nettleseren ennå." }
                }
                ol {
                    @for (r, changes) in &history {
                        li {
                            p { strong { "Versjon " (r.seq) } " – " (r.at.strftime("%d.%m.%Y %H:%M")) ", " (r.user_name) ": " (event_words(r)) }
                            @if r.content().is_some() {
                                @if let Some(changes) = changes {
                                    (diff_table(changes))
                                }
                                form method="post" action=(format!("/forfatter/oppgaver/{id}/gjenopprett")) {
                                    (csrf)
                                    input type="hidden" name="fra" value=(r.seq);
                                    input type="hidden" name="grunnlag" value=(work.base);
                                    button.secondary type="submit" { "Gjenopprett versjon " (r.seq) " som nytt utkast" }
                                }
                            }
                        }
                    }
                }
            }
            @if work.status.is_some_and(|s| s != crate::bank::Status::Retired) {
                section aria-labelledby="utga-overskrift" {
                    h2 id="utga-overskrift" { "Sett oppgaven som utgått" }
                    form method="post" action=(format!("/forfatter/oppgaver/{id}/utga")) {
                        (csrf)
                        div.field {
                            label for="grunn" { "Hvorfor skal oppgaven utgå?" }
                            input type="text" id="grunn" name="grunn" required;
                        }
                        button.secondary type="submit" { "Sett som utgått" }
                    }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_splits_into_its_form_fields_and_back() {
        let text = "forvaltningsloven § 2 første ledd bokstav a";
        let (act, section, ledd, detail) = split_reference(text);
        assert_eq!(
            (
                act.as_str(),
                section.as_str(),
                ledd.as_str(),
                detail.as_str()
            ),
            ("forvaltningsloven", "2", "første", "bokstav a")
        );
        let fields = Fields {
            csrf: None,
            fields: [
                ("hjemmel-0-lov", act),
                ("hjemmel-0-paragraf", section),
                ("hjemmel-0-ledd", ledd),
                ("hjemmel-0-detalj", detail),
                ("hjemmel-1-paragraf", "17".to_string()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        };
        assert_eq!(fields.reference(0).as_deref(), Some(text));
        assert_eq!(
            fields.reference(1).as_deref(),
            Some("§ 17"),
            "bank check refuses it"
        );
        assert_eq!(fields.reference(2), None);
        assert_eq!(split_reference("forvaltningsloven § 17").2, "");
    }
}

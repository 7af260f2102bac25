//! Writing and reviewing items in the browser (issue 17): forms that work without JavaScript.
//!
//! URLs: `/forfatter/oppgaver/ny` (GET the empty form, `?kopi={id}` to duplicate an item; POST
//! save), `/forfatter/oppgaver/{id}/rediger` (GET the form, POST preview or save),
//! `/forfatter/oppgaver/{id}/arbeid` (the item's workflow: the open draft as caseworkers will see
//! it, what it changes, review, comments, history with restore, retire), and POSTs for the
//! workflow steps under `/forfatter/oppgaver/{id}/`. Every form carries the CSRF token; the rules
//! are in [`crate::app::authoring::editor`]. The pages are in the reader's form
//! ([`AppState::form_of`](crate::web::AppState::form_of)); the references' rows follow the
//! bank's language ("første ledd" in a Norwegian bank, "stk. 2" in a Danish one).

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::views::status_name;
use super::{in_form, named, today};
use crate::app::Principal;
use crate::app::authoring::editor::{
    ChangeState, FieldChange, FieldMessage, ItemWork, SaveOutcome, diff,
};
use crate::app::{Refusal, ServiceError};
use crate::bank::{ItemBank, ItemId, Severity};
use crate::store::{ItemContent, ItemEvent, ItemEventRecord, Role};
use crate::text::Form;
use crate::text::author::Author;
use crate::web::auth::{CsrfField, CurrentUser, Protected};
use crate::web::error::InForm;
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
/// Ledd as authors write them, for the ledd list of a reference row (a Norwegian bank).
const LEDD: [&str; 8] = [
    "første", "andre", "tredje", "fjerde", "femte", "sjette", "sjuende", "siste",
];
/// Stk. numbers for the stk. list of a reference row (a Danish bank).
const STK: [&str; 8] = ["1", "2", "3", "4", "5", "6", "7", "8"];

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

    fn number(&self, t: &Author, name: &str) -> Result<u32, WebError> {
        self.get(name)
            .trim()
            .parse()
            .map_err(|_| WebError::BadRequest((t.err_not_number)(name)))
    }

    /// Reference row `i` of the form as text, if anything was filled in: "forvaltningsloven
    /// § 28 første ledd bokstav a" in a Norwegian bank, "forvaltningsloven § 19, stk. 2, nr. 1"
    /// in a Danish one. Whether it is a valid reference is for `bank check` to say.
    fn reference(&self, i: usize, language: Form) -> Option<String> {
        let part = |name: &str| self.get(&format!("hjemmel-{i}-{name}")).trim().to_string();
        let (act, section, ledd, detail) =
            (part("lov"), part("paragraf"), part("ledd"), part("detalj"));
        if act.is_empty() && section.is_empty() && ledd.is_empty() && detail.is_empty() {
            return None;
        }
        let mut text = format!("{act} § {}", section.trim_start_matches('§').trim());
        if language.is_norwegian() {
            if !ledd.is_empty() {
                text.push_str(&format!(" {ledd} ledd"));
            }
            if !detail.is_empty() {
                text.push_str(&format!(" {detail}"));
            }
        } else {
            if !ledd.is_empty() {
                text.push_str(&format!(", stk. {ledd}"));
            }
            if !detail.is_empty() {
                text.push_str(&format!(", {}", detail.trim_start_matches(',').trim()));
            }
        }
        Some(text.trim().to_string())
    }

    /// The item content as typed, the references in the bank's `language`.
    fn content(&self, language: Form) -> ItemContent {
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
                .filter_map(|i| self.reference(i, language))
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
) -> Result<Response, InForm> {
    let lang = state.form_of(&user.principal);
    in_form(lang, async {
        user.principal.require(Role::Author)?;
        let bank = bank(&state, &user.principal).await?;
        let mut content = ItemContent {
            topic: query.get("tema").cloned().unwrap_or_default(),
            ..ItemContent::default()
        };
        if let Some(from) = query.get("kopi") {
            let principal = user.principal.clone();
            let from = named(from)?;
            let work = state
                .authoring(move |s| s.item_work(&principal, &from, today()))
                .await?;
            content = work.current().cloned().unwrap_or_default();
            // A copy must not appear in the same test as its original.
            content.enemies.push(work.id.to_string());
        }
        let form = FormState::default();
        Ok(form_page(lang, &user.principal, &bank, &content, &form).into_response())
    })
    .await
}

async fn new_save(
    State(state): State<AppState>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, InForm> {
    let lang = state.form_of(&user.principal);
    in_form(lang, async {
        user.principal.require(Role::Author)?;
        let topic = form.get("tema").trim().to_string();
        let id = state
            .authoring(move |s| s.new_item_id(&topic, today()))
            .await?;
        save(lang, state, user.principal, form, id, true).await
    })
    .await
}

async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, InForm> {
    let lang = state.form_of(&user.principal);
    in_form(lang, async {
        user.principal.require(Role::Author)?;
        let id = named(&id)?;
        let bank = bank(&state, &user.principal).await?;
        let principal = user.principal.clone();
        let work = state
            .authoring(move |s| s.item_work(&principal, &id, today()))
            .await?;
        let content = work.current().cloned().unwrap_or_default();
        let form = FormState {
            id: Some(work.id.as_str()),
            base: work.base,
            ..FormState::default()
        };
        Ok(form_page(lang, &user.principal, &bank, &content, &form).into_response())
    })
    .await
}

async fn edit_save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, InForm> {
    let lang = state.form_of(&user.principal);
    in_form(lang, async {
        user.principal.require(Role::Author)?;
        // A malformed id names no file to write: refused as the editor refuses a new one.
        let id =
            ItemId::parse(&id).map_err(|e| ServiceError::from(Refusal::BadItemId { id: e.0 }))?;
        save(lang, state, user.principal, form, id, false).await
    })
    .await
}

/// Preview (check without storing) or save the form for item `id`; pages in `lang`.
async fn save(
    lang: Form,
    state: AppState,
    principal: Principal,
    form: Fields,
    id: ItemId,
    new: bool,
) -> Result<Response, WebError> {
    let t = &lang.texts().author;
    let bank = bank(&state, &principal).await?;
    let content = crate::app::authoring::editor::tidy(form.content(bank.language));
    let base = if new { 0 } else { form.number(t, "grunnlag")? };
    let note = form.get("merknad").to_string();
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
        return Ok(form_page(lang, &principal, &bank, &content, &page).into_response());
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
                form_page(lang, &principal, &bank, &content, &page),
            )
                .into_response())
        }
        SaveOutcome::Conflict(conflict) => {
            let page = FormState {
                id: Some(id.as_str()),
                base: conflict.latest,
                conflict: Some((&conflict.by, diff(&conflict.base, &conflict.theirs))),
                note: &note,
                ..FormState::default()
            };
            Ok((
                axum::http::StatusCode::CONFLICT,
                form_page(lang, &principal, &bank, &content, &page),
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
) -> Result<Response, InForm> {
    let lang = state.form_of(&user.principal);
    in_form(lang, async {
        user.principal.require(Role::Author)?;
        let id = named(&id)?;
        let principal = user.principal.clone();
        let work = state
            .authoring(move |s| s.item_work(&principal, &id, today()))
            .await?;
        let done = query.get("ok").map(String::as_str);
        Ok(work_view(lang, &user.principal, &work, done).into_response())
    })
    .await
}

/// Run one workflow step, then show the item's page with what was done.
async fn step<F>(state: AppState, id: String, done: &str, f: F) -> Result<Response, WebError>
where
    F: FnOnce(&crate::app::Authoring, &ItemId) -> Result<(), crate::app::ServiceError>
        + Send
        + 'static,
{
    let i = named(&id)?;
    state.authoring(move |s| f(s, &i)).await?;
    Ok(Redirect::to(&format!("/forfatter/oppgaver/{id}/arbeid?ok={done}")).into_response())
}

async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, InForm> {
    let lang = state.form_of(&user.principal);
    in_form(lang, async {
        user.principal.require(Role::Author)?;
        let revision = form.number(&lang.texts().author, "versjon")?;
        let p = user.principal;
        step(state, id, "sendt", move |s, id| s.submit(&p, id, revision)).await
    })
    .await
}

async fn approve(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, InForm> {
    let lang = state.form_of(&user.principal);
    in_form(lang, async {
        user.principal.require(Role::Author)?;
        let revision = form.number(&lang.texts().author, "versjon")?;
        let p = user.principal;
        step(state, id, "godkjent", move |s, id| {
            s.approve(&p, id, revision, today()).map(|_| ())
        })
        .await
    })
    .await
}

async fn return_draft(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, InForm> {
    let lang = state.form_of(&user.principal);
    in_form(lang, async {
        user.principal.require(Role::Author)?;
        let revision = form.number(&lang.texts().author, "versjon")?;
        let comment = form.get("kommentar").to_string();
        let p = user.principal;
        step(state, id, "returnert", move |s, id| {
            s.return_draft(&p, id, revision, &comment)
        })
        .await
    })
    .await
}

async fn comment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, InForm> {
    let lang = state.form_of(&user.principal);
    in_form(lang, async {
        user.principal.require(Role::Author)?;
        let text = form.get("kommentar").to_string();
        let p = user.principal;
        step(state, id, "kommentert", move |s, id| {
            s.comment(&p, id, &text)
        })
        .await
    })
    .await
}

async fn retire(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, InForm> {
    let lang = state.form_of(&user.principal);
    in_form(lang, async {
        user.principal.require(Role::Author)?;
        let reason = form.get("grunn").to_string();
        let p = user.principal;
        step(state, id, "utgatt", move |s, id| {
            s.retire(&p, id, &reason, today())
        })
        .await
    })
    .await
}

async fn restore(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Protected { user, form }: Protected<Fields>,
) -> Result<Response, InForm> {
    let lang = state.form_of(&user.principal);
    in_form(lang, async {
        user.principal.require(Role::Author)?;
        let t = &lang.texts().author;
        let seq = form.number(t, "fra")?;
        let base = form.number(t, "grunnlag")?;
        let p = user.principal.clone();
        let i = named(&id)?;
        let outcome = state
            .authoring(move |s| s.restore(&p, &i, seq, base, today()))
            .await?;
        match outcome {
            SaveOutcome::Saved { .. } => Ok(Redirect::to(&format!(
                "/forfatter/oppgaver/{id}/arbeid?ok=gjenopprettet"
            ))
            .into_response()),
            SaveOutcome::Invalid(messages) => Err(WebError::BadRequest((t.err_restore_invalid)(
                &messages
                    .iter()
                    .filter(|m| m.severity == Severity::Error)
                    .map(|m| m.message_in(lang))
                    .collect::<Vec<_>>()
                    .join("; "),
            ))),
            SaveOutcome::Conflict(conflict) => {
                Err(WebError::BadRequest((t.err_restore_conflict)(&conflict.by)))
            }
        }
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Views

const FORM_CSS: &str = "textarea { font: inherit; width: 100%; max-width: 44rem; box-sizing: border-box; padding: 0.3rem; border: 2px solid #4a4a4a; border-radius: 4px; } \
.field { margin: 0.8rem 0; } .field label { display: block; font-weight: bold; } \
.hint { margin: 0.1rem 0; color: #3d3d3d; } .warning { color: #6b4b00; } \
ins { background: #dff0d8; text-decoration: none; } del { background: #f6dada; } \
pre.diff { white-space: pre-wrap; margin: 0; }";

/// A bank check message as shown: in the reader's language.
struct Shown {
    field: Option<&'static str>,
    severity: Severity,
    text: String,
}

impl Shown {
    fn new(message: &FieldMessage, lang: Form) -> Shown {
        Shown {
            field: message.field,
            severity: message.severity,
            text: message.message_in(lang),
        }
    }
}

/// The messages for `field` (`None`: the whole item), with the id the field points at.
fn messages_at(t: &Author, messages: &[Shown], field: Option<&str>, id: &str) -> Markup {
    let here: Vec<&Shown> = messages.iter().filter(|m| m.field == field).collect();
    html! {
        @if !here.is_empty() {
            ul id=(id) {
                @for m in here {
                    li class=(if m.severity == Severity::Error { "error" } else { "warning" }) {
                        (if m.severity == Severity::Error { t.error_prefix } else { t.warning_prefix }) (m.text)
                    }
                }
            }
        }
    }
}

fn described(messages: &[Shown], field: &str) -> Option<String> {
    messages
        .iter()
        .any(|m| m.field == Some(field))
        .then(|| format!("melding-{field}"))
}

fn text_field(
    t: &Author,
    messages: &[Shown],
    field: &'static str,
    name: &str,
    (label, hint): (&str, &str),
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
            (messages_at(t, messages, Some(field), &format!("melding-{field}")))
        }
    }
}

fn form_page(
    lang: Form,
    user: &Principal,
    bank: &ItemBank,
    content: &ItemContent,
    form: &FormState,
) -> Markup {
    let t = &lang.texts().author;
    let title = match form.id {
        Some(id) => (t.edit_title)(id),
        None => t.new_title.to_string(),
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
    let shown: Vec<Shown> = form.messages.iter().map(|m| Shown::new(m, lang)).collect();
    let m = &shown[..];
    let errors = m.iter().filter(|m| m.severity == Severity::Error).count();
    crate::web::views::page(
        lang,
        &title,
        Some(user),
        html! {
            style { (PreEscaped(FORM_CSS)) }
            h1 { (title) }
            p { a href="/forfatter" { (t.back_to_bank) } }
            @if let Some((by, changes)) = &form.conflict {
                div.caveat role="alert" {
                    h2 { ((t.conflict_heading)(by)) }
                    p { (t.conflict_text) }
                    (diff_table(t, changes))
                }
            }
            @if errors > 0 {
                div.caveat role="alert" {
                    p.error { ((t.not_saved)(errors)) }
                    (messages_at(t, m, None, "melding-oppgave"))
                }
            } @else {
                (messages_at(t, m, None, "melding-oppgave"))
            }
            @if form.preview {
                section aria-labelledby="forhandsvisning" {
                    h2 id="forhandsvisning" { (t.h_as_caseworker) }
                    (crate::web::views::question_preview(&content.stem, &content.options))
                    @if errors == 0 { p { (t.bank_accepts) } }
                }
            }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(user.csrf);
                input type="hidden" name="grunnlag" value=(form.base);
                div.field {
                    label for="tema" { (t.field_topic) }
                    select id="tema" name="tema" aria-describedby=[described(m, "topic")] {
                        @for topic in &bank.topics {
                            option value=(topic.id) selected[topic.id == content.topic] { (topic.text(lang).name) }
                        }
                    }
                    (messages_at(t, m, Some("topic"), "melding-topic"))
                }
                (text_field(t, m, "stem", "sporsmal", (t.field_stem, t.hint_stem), &content.stem, 5))
                fieldset aria-describedby=[described(m, "options")] {
                    legend { (t.options_legend) }
                    @for i in 0..OPTION_FIELDS {
                        @let name = format!("alternativ-{i}");
                        div.field {
                            label for=(name) { ((t.option_label)(crate::bank::Item::letter(i))) }
                            input type="text" id=(name) name=(name) value=(content.options.get(i).map_or("", String::as_str));
                        }
                    }
                    (messages_at(t, m, Some("options"), "melding-options"))
                }
                fieldset aria-describedby=[described(m, "key")] {
                    legend { (t.key_legend) }
                    @for i in 0..OPTION_FIELDS {
                        @let letter = crate::bank::Item::letter(i).to_string();
                        div.option {
                            input type="radio" id=(format!("fasit-{i}")) name="fasit" value=(letter) checked[content.key == letter];
                            label for=(format!("fasit-{i}")) { (letter) }
                        }
                    }
                    (messages_at(t, m, Some("key"), "melding-key"))
                }
                (text_field(t, m, "explanation", "forklaring", (t.field_explanation, t.hint_explanation), &content.explanation, 5))
                (reference_rows(t, bank.language, m, &acts, &content.references))
                (text_field(t, m, "future_references", "fremtidige", (t.field_future, ""), &content.future_references.join("\n"), 2))
                (text_field(t, m, "tags", "emneord", (t.field_tags, ""), &content.tags.join(", "), 1))
                (text_field(t, m, "enemies", "fiender", (t.field_enemies, ""), &content.enemies.join(", "), 1))
                div.field {
                    label for="merknad" { (t.field_note) }
                    input type="text" id="merknad" name="merknad" value=(form.note);
                }
                button type="submit" name="handling" value="vis" { (t.preview_button) }
                " "
                button type="submit" name="handling" value="lagre" { (t.save_button) }
            }
        },
    )
}

/// The top of the author overview: what needs attention, most important first, in plain words
/// ([`crate::app::authoring::worklist`]), after the changes waiting for review and the drafts.
pub(super) fn attention(t: &Author, data: &super::Data) -> Markup {
    let list = crate::app::authoring::worklist::worklist(&data.bank, &data.statistics.statistics);
    let query = super::views::scope_query(data.scope);
    let (review, drafts): (Vec<_>, Vec<_>) = data
        .open_changes
        .iter()
        .partition(|(_, o)| o.state == ChangeState::InReview);
    html! {
        section aria-labelledby="trenger-oppmerksomhet" {
            h2 id="trenger-oppmerksomhet" { (t.attention_heading) }
            p { a href="/forfatter/oppgaver/ny" { (t.write_new) } }
            @if !review.is_empty() {
                h3 { (t.waiting_review) }
                ul {
                    @for (id, o) in &review {
                        li { a href=(format!("/forfatter/oppgaver/{id}/arbeid")) { (id) } ((t.written_by)(&names(t, &o.authors))) }
                    }
                }
            }
            @if !drafts.is_empty() {
                h3 { (t.drafts) }
                ul {
                    @for (id, o) in &drafts {
                        li { a href=(format!("/forfatter/oppgaver/{id}/arbeid")) { (id) } ((t.last_saved_by)(&o.last_by)) }
                    }
                }
            }
            @if list.uncalibrated_everywhere {
                p.caveat { (t.wl_uncalibrated_bank) }
            }
            @if list.items.is_empty() {
                p { (t.no_attention) }
            } @else {
                h3 { ((t.attention_items)(list.items.len())) }
                ul {
                    @for a in &list.items {
                        @let words: Vec<String> = a.reasons.iter().map(|r| r.words(t)).collect();
                        li { a href=(format!("/forfatter/oppgaver/{}{query}", a.id)) { (a.id) } ": " (words.join("; ")) }
                    }
                }
            }
        }
    }
}

/// Links from an item's statistics page to writing and reviewing it.
pub(super) fn item_links(t: &Author, id: &ItemId) -> Markup {
    html! {
        p {
            a href=(format!("/forfatter/oppgaver/{id}/rediger")) { (t.edit) }
            " · " a href=(format!("/forfatter/oppgaver/{id}/arbeid")) { (t.review_history) }
            " · " a href=(format!("/forfatter/oppgaver/ny?kopi={id}")) { (t.copy) }
        }
    }
}

/// The references as rows of act (from `laws.toml`), section, ledd (Danish: stk.) and
/// nr./bokstav; labels in the reader's form, the ledd list in the bank's `language`.
fn reference_rows(
    t: &Author,
    language: Form,
    messages: &[Shown],
    acts: &[String],
    references: &[String],
) -> Markup {
    let rows = (references.len() + 1).clamp(2, REFERENCE_ROWS_MAX);
    let norwegian = language.is_norwegian();
    let ledd_list: &[&str] = if norwegian { &LEDD } else { &STK };
    let ledd_words = |l: &str| {
        if norwegian {
            format!("{l} ledd")
        } else {
            format!("stk. {l}")
        }
    };
    html! {
        fieldset aria-describedby=[described(messages, "references")] {
            legend { (t.references_legend) }
            @for i in 0..rows {
                @let (act, section, ledd, detail) = references.get(i).map(|r| split_reference(r, language)).unwrap_or_default();
                @let id = |part: &str| format!("hjemmel-{i}-{part}");
                div.field {
                    label for=(id("lov")) { ((t.ref_act)(i + 1)) }
                    select id=(id("lov")) name=(id("lov")) {
                        option value="" { "–" }
                        @if !act.is_empty() && !acts.contains(&act) {
                            option value=(act) selected { (act) }
                        }
                        @for a in acts {
                            option value=(a) selected[*a == act] { (a) }
                        }
                    }
                    label for=(id("paragraf")) { ((t.ref_section)(i + 1)) }
                    input type="text" id=(id("paragraf")) name=(id("paragraf")) value=(section);
                    label for=(id("ledd")) { ((t.ref_ledd)(i + 1)) }
                    select id=(id("ledd")) name=(id("ledd")) {
                        option value="" { "–" }
                        @if !ledd.is_empty() && !ledd_list.contains(&ledd.as_str()) {
                            option value=(ledd) selected { (ledd) }
                        }
                        @for l in ledd_list {
                            option value=(l) selected[*l == ledd] { (ledd_words(l)) }
                        }
                    }
                    label for=(id("detalj")) { ((t.ref_detail)(i + 1)) }
                    input type="text" id=(id("detalj")) name=(id("detalj")) value=(detail);
                }
            }
            (messages_at(t, messages, Some("references"), "melding-references"))
        }
    }
}

/// A reference's text as (act, section, ledd, the rest): "forvaltningsloven § 2 første ledd
/// bokstav a" → ("forvaltningsloven", "2", "første", "bokstav a"); in a Danish bank
/// "forvaltningsloven § 19, stk. 2, nr. 1" → ("forvaltningsloven", "19", "2", "nr. 1"). Text
/// that is not a reference keeps its parts where they fit, so nothing typed is lost.
fn split_reference(text: &str, language: Form) -> (String, String, String, String) {
    let Some((act, rest)) = text.split_once('§') else {
        return (
            String::new(),
            String::new(),
            String::new(),
            text.to_string(),
        );
    };
    if !language.is_norwegian() {
        let mut parts = rest.split(',').map(str::trim);
        let section = parts.next().unwrap_or_default().to_string();
        let mut rest: Vec<&str> = parts.filter(|p| !p.is_empty()).collect();
        let stk = match rest.first().and_then(|p| p.strip_prefix("stk.")) {
            Some(n) if !n.trim().is_empty() && n.trim().chars().all(|c| c.is_ascii_digit()) => {
                let n = n.trim().to_string();
                rest.remove(0);
                n
            }
            _ => String::new(),
        };
        return (act.trim().to_string(), section, stk, rest.join(", "));
    }
    let mut words = rest.split_whitespace();
    let section = words.next().unwrap_or_default().to_string();
    let rest: Vec<&str> = words.collect();
    let (ledd, detail) = match rest.iter().position(|w| *w == "ledd") {
        Some(at) => (rest[..at].join(" "), rest[at + 1..].join(" ")),
        None => (String::new(), rest.join(" ")),
    };
    (act.trim().to_string(), section, ledd, detail)
}

/// The name of a changed field in the reader's form ([`diff`] names it in bokmål).
fn field_name(t: &Author, field: &str) -> String {
    const FIELDS: [&str; 9] = [
        "tema",
        "spørsmål",
        "svaralternativer",
        "riktig svar",
        "forklaring",
        "hjemler",
        "fremtidige hjemler",
        "emneord",
        "fiender",
    ];
    FIELDS
        .iter()
        .position(|f| *f == field)
        .map_or_else(|| field.to_string(), |i| t.diff_fields[i].to_string())
}

fn diff_table(t: &Author, changes: &[FieldChange]) -> Markup {
    html! {
        @if changes.is_empty() {
            p { (t.no_changes) }
        } @else {
            table {
                thead { tr { th scope="col" { (t.col_field) } th scope="col" { (t.col_before) } th scope="col" { (t.col_after) } } }
                tbody {
                    @for c in changes {
                        tr {
                            th scope="row" { (field_name(t, c.field)) }
                            td { del { pre.diff { (c.old) } } }
                            td { ins { pre.diff { (c.new) } } }
                        }
                    }
                }
            }
        }
    }
}

fn state_words(t: &Author, work: &ItemWork) -> String {
    match (&work.open, work.status) {
        (Some(o), _) if o.state == ChangeState::InReview => {
            (t.state_in_review)(&names(t, &o.authors))
        }
        (Some(o), _) => (t.state_draft)(&o.last_by),
        (None, Some(status)) => (t.state_published)(status_name(t, status)),
        (None, None) => t.state_unpublished.to_string(),
    }
}

fn names(t: &Author, authors: &[(u64, String)]) -> String {
    authors
        .iter()
        .map(|(_, n)| n.as_str())
        .collect::<Vec<_>>()
        .join(t.and)
}

fn event_words(t: &Author, r: &ItemEventRecord) -> String {
    match &r.event {
        ItemEvent::Imported { .. } => t.ev_imported.into(),
        ItemEvent::Saved { note, .. } if note.is_empty() => t.ev_saved.into(),
        ItemEvent::Saved { note, .. } => (t.ev_saved_note)(note),
        ItemEvent::Submitted => t.ev_submitted.into(),
        ItemEvent::Returned { comment } => (t.ev_returned)(comment),
        ItemEvent::Approved { revision } => (t.ev_approved)(*revision),
        ItemEvent::Comment { text } => (t.ev_comment)(text),
        ItemEvent::Retired { reason } => (t.ev_retired)(reason),
    }
}

fn work_view(lang: Form, user: &Principal, work: &ItemWork, done: Option<&str>) -> Markup {
    let t = &lang.texts().author;
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
    let title = (t.item_title)(id.as_str());
    crate::web::views::page(
        lang,
        &title,
        Some(user),
        html! {
            style { (PreEscaped(FORM_CSS)) }
            h1 { (title) }
            @if let Some(done) = done {
                p role="status" { (match done {
                    "sendt" => t.done_sent,
                    "godkjent" => t.done_approved,
                    "returnert" => t.done_returned,
                    "kommentert" => t.done_commented,
                    "utgatt" => t.done_retired,
                    "gjenopprettet" => t.done_restored,
                    _ => t.done_saved,
                }) }
            }
            p id="tilstand" { (state_words(t, work)) }
            p {
                a href=(format!("/forfatter/oppgaver/{id}/rediger")) { (t.edit) }
                " · " a href=(format!("/forfatter/oppgaver/ny?kopi={id}")) { (t.copy) }
                @if work.status.is_some() { " · " a href=(format!("/forfatter/oppgaver/{id}")) { (t.statistics_link) } }
                " · " a href="/forfatter" { (t.bank_title) }
            }
            @if let Some(open) = &work.open {
                section aria-labelledby="utkast" {
                    h2 id="utkast" { (t.h_draft) }
                    (crate::web::views::question_preview(&open.content.stem, &open.content.options))
                    p { (t.right_answer) (open.content.key) }
                    h3 { (t.h_changes) }
                    (diff_table(t, &diff(&work.published.clone().unwrap_or_default(), &open.content)))
                    @match open.state {
                        ChangeState::Draft => {
                            form method="post" action=(format!("/forfatter/oppgaver/{id}/send")) {
                                (csrf) input type="hidden" name="versjon" value=(open.revision);
                                button type="submit" { (t.send_review) }
                            }
                        }
                        ChangeState::InReview => {
                            @if open.authors.iter().any(|(u, _)| *u == user.user.id) {
                                p { (t.own_change) }
                            } @else {
                                form method="post" action=(format!("/forfatter/oppgaver/{id}/godkjenn")) {
                                    (csrf) input type="hidden" name="versjon" value=(open.revision);
                                    button type="submit" { (t.approve) }
                                }
                            }
                            form method="post" action=(format!("/forfatter/oppgaver/{id}/returner")) {
                                (csrf) input type="hidden" name="versjon" value=(open.revision);
                                div.field {
                                    label for="retur" { (t.return_label) }
                                    input type="text" id="retur" name="kommentar";
                                }
                                button.secondary type="submit" { (t.return_button) }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="kommentar-overskrift" {
                h2 id="kommentar-overskrift" { (t.h_comment) }
                form method="post" action=(format!("/forfatter/oppgaver/{id}/kommenter")) {
                    (csrf)
                    div.field {
                        label for="kommentar" { (t.comment_label) }
                        textarea id="kommentar" name="kommentar" rows="2" {}
                    }
                    button.secondary type="submit" { (t.comment_save) }
                }
            }
            section aria-labelledby="historikk" {
                h2 id="historikk" { (t.h_history) }
                @if work.history.is_empty() {
                    p { (t.no_history) }
                }
                ol {
                    @for (r, changes) in &history {
                        li {
                            p { strong { ((t.version_n)(r.seq)) } " – " (r.at.strftime("%d.%m.%Y %H:%M")) ", " (r.user_name) ": " (event_words(t, r)) }
                            @if r.content().is_some() {
                                @if let Some(changes) = changes {
                                    (diff_table(t, changes))
                                }
                                form method="post" action=(format!("/forfatter/oppgaver/{id}/gjenopprett")) {
                                    (csrf)
                                    input type="hidden" name="fra" value=(r.seq);
                                    input type="hidden" name="grunnlag" value=(work.base);
                                    button.secondary type="submit" { ((t.restore)(r.seq)) }
                                }
                            }
                        }
                    }
                }
            }
            @if work.status.is_some_and(|s| s != crate::bank::Status::Retired) {
                section aria-labelledby="utga-overskrift" {
                    h2 id="utga-overskrift" { (t.h_retire) }
                    form method="post" action=(format!("/forfatter/oppgaver/{id}/utga")) {
                        (csrf)
                        div.field {
                            label for="grunn" { (t.retire_label) }
                            input type="text" id="grunn" name="grunn" required;
                        }
                        button.secondary type="submit" { (t.retire_button) }
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
        let (act, section, ledd, detail) = split_reference(text, Form::Nb);
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
        assert_eq!(fields.reference(0, Form::Nb).as_deref(), Some(text));
        assert_eq!(
            fields.reference(1, Form::Nb).as_deref(),
            Some("§ 17"),
            "bank check refuses it"
        );
        assert_eq!(fields.reference(2, Form::Nb), None);
        assert_eq!(split_reference("forvaltningsloven § 17", Form::Nb).2, "");
    }

    /// A Danish bank writes "§ 19, stk. 2, nr. 1": the stk. list takes the number, the rest
    /// stays as typed, and the row goes back to the same text.
    #[test]
    fn a_danish_reference_splits_into_stk_and_back() {
        for text in [
            "forvaltningsloven § 19, stk. 2, nr. 1",
            "forvaltningsloven § 12, stk. 1",
            "offentlighedsloven § 23",
            "forvaltningsloven § 15 b, stk. 3, 2. pkt.",
        ] {
            let (act, section, stk, detail) = split_reference(text, Form::Da);
            let fields = Fields {
                csrf: None,
                fields: [
                    ("hjemmel-0-lov", act),
                    ("hjemmel-0-paragraf", section),
                    ("hjemmel-0-ledd", stk),
                    ("hjemmel-0-detalj", detail),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            };
            assert_eq!(fields.reference(0, Form::Da).as_deref(), Some(text));
        }
        assert_eq!(
            split_reference("forvaltningsloven § 19, stk. 2, nr. 1", Form::Da),
            (
                "forvaltningsloven".to_string(),
                "19".to_string(),
                "2".to_string(),
                "nr. 1".to_string()
            )
        );
    }
}

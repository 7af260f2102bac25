//! Pages, as functions returning `Markup`. Plain HTML forms, no JavaScript.
//!
//! The caseworker pages (layout, login, home, question, result, errors) take their texts from
//! the catalogue in [`crate::text`], in the person's målform; the other audiences' pages are in
//! bokmål ([`layout`]) for now.
//!
//! Accessibility (WCAG 2.1 AA): `lang` of the form shown (and on an item shown in another form
//! than the page), a page title per page, a skip link, one `h1`,
//! labels for every field, the options as a radio group in a `fieldset` with the question as
//! `legend`, errors tied to their field with `aria-describedby`, a visible focus outline and
//! colours with at least 4.5:1 contrast.

use axum::http::StatusCode;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::app::{CycleStatus, HomeCycle, ItemView, Principal, TestResult, TopicVerdict};
use crate::bank::Item;
use crate::store::Role;
use crate::text::Form;

const CSS: &str = r#"
body { font-family: system-ui, sans-serif; font-size: 1.125rem; line-height: 1.5; color: #1a1a1a; background: #fff; margin: 0; }
header, main, footer { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
header { display: flex; justify-content: space-between; align-items: center; border-bottom: 1px solid #6b6b6b; }
header p { margin: 0.75rem 0; font-weight: bold; }
a { color: #0b4f8a; }
.skip { position: absolute; left: -10000px; top: 0; background: #fff; padding: 0.5rem; }
.skip:focus { left: 0.5rem; }
:focus-visible { outline: 3px solid #b3470b; outline-offset: 2px; }
button { font: inherit; background: #0b4f8a; color: #fff; border: 2px solid #0b4f8a; border-radius: 4px; padding: 0.4rem 1.2rem; cursor: pointer; }
button.secondary { background: #fff; color: #0b4f8a; }
input[type=text], input[type=password] { font: inherit; padding: 0.3rem; border: 2px solid #4a4a4a; border-radius: 4px; width: 100%; max-width: 22rem; box-sizing: border-box; }
fieldset { border: 1px solid #6b6b6b; border-radius: 4px; padding: 1rem; margin: 1rem 0; }
legend { font-weight: bold; padding: 0 0.25rem; }
.option { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.6rem 0; }
.option input { margin-top: 0.35rem; width: 1.1rem; height: 1.1rem; }
.error { color: #a10000; font-weight: bold; }
.field { margin: 1rem 0; }
.status { font-weight: bold; }
.caveat { border-left: 4px solid #0b4f8a; padding-left: 0.75rem; }
.missed { border-top: 1px solid #6b6b6b; margin-top: 1.5rem; }
body:has(.wide) header, main:has(.wide) { max-width: 80rem; }
.wide { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 1rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #6b6b6b; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
select { font: inherit; padding: 0.2rem; border: 2px solid #4a4a4a; border-radius: 4px; }
@media print { header, .skip, .no-print { display: none; } .plan { break-inside: avoid; } a { color: #1a1a1a; } }
"#;

/// The frame around every page, in `form`.
pub fn page(form: Form, title: &str, user: Option<&Principal>, body: Markup) -> Markup {
    let t = &form.texts().layout;
    html! {
        (DOCTYPE)
        html lang=(form.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – " (t.site) }
                style { (PreEscaped(CSS)) }
            }
            body {
                a.skip href="#hovedinnhold" { (t.skip_link) }
                header {
                    p { a href="/" { (t.site) } }
                    @if let Some(user) = user {
                        form method="post" action="/logg-ut" {
                            input type="hidden" name="csrf" value=(user.csrf);
                            button.secondary type="submit" { (t.log_out) " " (user.user.name) }
                        }
                    }
                }
                main id="hovedinnhold" tabindex="-1" {
                    (body)
                }
            }
        }
    }
}

/// An error page in `form` (`message` is already in it).
pub fn error_page_in(form: Form, status: StatusCode, message: &str) -> Markup {
    let texts = form.texts();
    let e = &texts.errors;
    let title = match status {
        StatusCode::NOT_FOUND => e.title_not_found,
        StatusCode::FORBIDDEN => e.title_forbidden,
        StatusCode::TOO_MANY_REQUESTS => e.title_too_many,
        StatusCode::UNAUTHORIZED => e.title_unauthorized,
        s if s.is_client_error() => e.title_bad_request,
        _ => e.title_error,
    };
    page(
        form,
        title,
        None,
        html! {
            h1 { (title) }
            p { (message) }
            p { a href="/" { (texts.layout.to_home) } }
        },
    )
}

pub fn login_page(form: Form, csrf: &str, employee_id: &str, error: Option<&str>) -> Markup {
    let t = &form.texts().login;
    page(
        form,
        t.title,
        None,
        html! {
            h1 { (t.title) }
            form method="post" action="/logg-inn" novalidate {
                input type="hidden" name="csrf" value=(csrf);
                @if let Some(error) = error {
                    p.error id="innlogging-feil" role="alert" { (error) }
                }
                div.field {
                    label for="employee_id" { (t.employee_id) }
                    br;
                    input type="text" id="employee_id" name="employee_id" value=(employee_id)
                        autocomplete="username" required
                        aria-invalid=[error.map(|_| "true")]
                        aria-describedby=[error.map(|_| "innlogging-feil")];
                }
                div.field {
                    label for="password" { (t.password) }
                    br;
                    input type="password" id="password" name="password"
                        autocomplete="current-password" required
                        aria-invalid=[error.map(|_| "true")]
                        aria-describedby=[error.map(|_| "innlogging-feil")];
                }
                button type="submit" { (t.submit) }
            }
        },
    )
}

pub fn home_page(form: Form, user: &Principal, cycles: &[HomeCycle]) -> Markup {
    let t = &form.texts().home;
    page(
        form,
        t.title,
        Some(user),
        html! {
            h1 { ((t.greeting)(&user.user.name)) }
            @if let Some(unit) = &user.user.leads {
                p { a href="/leder" { "Ledersider for " (unit) } ": hvem som har fullført, og enhetens temarapport" }
            }
            @match user.user.role {
                Role::Caseworker => {
                    h2 { (t.your_tests) }
                    @if cycles.is_empty() {
                        p { (t.no_cycles) }
                    }
                    @for c in cycles { (cycle_card(form, user, c)) }
                    @if form.is_norwegian() { (form_switch(form, user)) }
                }
                role => {
                    p { "Du er logget inn som " (role_name(role)) "." }
                    ul {
                        @if matches!(role, Role::Hr | Role::Admin) { li { a href="/hr" { "Rapporter for HR" } } }
                        @if matches!(role, Role::Author | Role::Admin) { li { a href="/forfatter" { "Oppgavebanken" } } }
                        @if role == Role::Admin { li { a href="/admin" { "Administrasjon" } } }
                    }
                }
            }
            p { a href="/personvern" { "Personvern: hva vi lagrer og hvem som ser hva" } }
        },
    )
}

/// The målform switch on the home page: a radio group and a button (POST with CSRF).
fn form_switch(form: Form, user: &Principal) -> Markup {
    let t = &form.texts().home;
    html! {
        section aria-labelledby="malform" {
            h2 id="malform" { (t.form_heading) }
            p { (t.form_now) }
            form method="post" action="/malform" {
                input type="hidden" name="csrf" value=(user.csrf);
                fieldset {
                    legend { (t.form_legend) }
                    @for choice in Form::NORWEGIAN {
                        div.option {
                            input type="radio" name="malform" id=(format!("malform-{}", choice.code()))
                                value=(choice.code()) checked[choice == form];
                            label for=(format!("malform-{}", choice.code())) lang=(choice.code()) { (choice.name()) }
                        }
                    }
                }
                p { (t.form_note) }
                button.secondary type="submit" { (t.form_save) }
            }
        }
    }
}

/// A cycle's status in `form`.
fn status_label(form: Form, status: CycleStatus) -> &'static str {
    let t = &form.texts().home;
    match status {
        CycleStatus::Upcoming => t.upcoming,
        CycleStatus::Due => t.due,
        CycleStatus::InProgress => t.in_progress,
        CycleStatus::Completed => t.completed,
        CycleStatus::Overdue => t.overdue,
    }
}

fn cycle_card(form: Form, user: &Principal, c: &HomeCycle) -> Markup {
    let t = &form.texts().home;
    html! {
        section aria-labelledby=(format!("syklus-{}", c.cycle.id)) {
            h3 id=(format!("syklus-{}", c.cycle.id)) { ((t.cycle)(&c.cycle.name)) }
            p {
                ((t.opens_deadline)(&c.cycle.opens.to_string(), &c.cycle.deadline.to_string()))
                span.status { (t.status) (status_label(form, c.status)) }
                @if c.status == CycleStatus::InProgress || (c.status == CycleStatus::Overdue && c.test_id.is_some()) {
                    ((t.answered)(c.answered))
                }
            }
            @match (c.status, c.test_id) {
                (CycleStatus::Completed, Some(id)) => {
                    p { a href=(format!("/tester/{id}/resultat")) { (t.see_result) } }
                    p { a href=(format!("/bevis/{id}")) { (t.certificate) " " (c.cycle.name) } }
                }
                (CycleStatus::Upcoming, _) => {}
                (CycleStatus::Overdue, _) if c.closed => {
                    p { "Fristen er ute, og testen kan ikke lenger tas. Ta kontakt med lederen din." }
                }
                (_, Some(id)) => {
                    p { a href=(format!("/tester/{id}")) { (t.resume) } }
                }
                (_, None) => {
                    form method="post" action=(format!("/sykluser/{}/start", c.cycle.id)) {
                        input type="hidden" name="csrf" value=(user.csrf);
                        p { (t.start_note) }
                        button type="submit" { (t.start) }
                    }
                }
            }
        }
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Caseworker => "saksbehandler",
        Role::Hr => "HR",
        Role::Author => "oppgaveforfatter",
        Role::Admin => "administrator",
    }
}

/// `lang` for content in `shown` on a page in `page`: only where they differ (an item without
/// a nynorsk form on a nynorsk page).
fn lang_if_other(page: Form, shown: Form) -> Option<&'static str> {
    (page != shown).then(|| shown.code())
}

/// `text`, in a `span` with its `lang` when that differs from the page's.
fn in_lang(lang: Option<&str>, text: &str) -> Markup {
    html! {
        @if let Some(lang) = lang { span lang=(lang) { (text) } } @else { (text) }
    }
}

pub fn item_page(form: Form, user: &Principal, item: &ItemView, error: Option<&str>) -> Markup {
    let t = &form.texts().question;
    let p = item.progress;
    let title = (t.title)(item.position + 1);
    page(
        form,
        &title,
        Some(user),
        html! {
            h1 { (title) }
            p id="framdrift" {
                ((t.progress)(p.answered, p.max_items, p.topics_covered, p.n_topics))
            }
            form method="post" action=(format!("/tester/{}/svar", item.test_id)) {
                input type="hidden" name="csrf" value=(user.csrf);
                input type="hidden" name="position" value=(item.position);
                @if let Some(lang) = lang_if_other(form, item.form) {
                    div lang=(lang) { (question(&item.stem, &item.options, error, false)) }
                } @else {
                    (question(&item.stem, &item.options, error, false))
                }
                button type="submit" { (t.answer) }
            }
        },
    )
}

/// The question as a caseworker sees it: the stem as the legend of a radio group. `disabled`
/// for the authors' preview (same markup, nothing to submit).
pub fn question(stem: &str, options: &[String], error: Option<&str>, disabled: bool) -> Markup {
    html! {
        fieldset aria-describedby=[error.map(|_| "svar-feil")] disabled[disabled] {
            legend { (stem) }
            @if let Some(error) = error {
                p.error id="svar-feil" { (error) }
            }
            @for (i, option) in options.iter().enumerate() {
                div.option {
                    input type="radio" name="option" id=(format!("svar-{i}")) value=(i) required;
                    label for=(format!("svar-{i}")) { (Item::letter(i)) ". " (option) }
                }
            }
        }
    }
}

pub fn result_page(form: Form, user: &Principal, result: &TestResult) -> Markup {
    let texts = form.texts();
    let t = &texts.result;
    let level = |l: crate::app::Level| t.levels[l as usize];
    let (low, high) = result.range;
    page(
        form,
        t.title,
        Some(user),
        html! {
            h1 { ((t.heading)(&result.cycle_name)) }
            p { ((t.n_correct)(result.n_correct, result.n_answered)) }
            h2 { (t.overall) }
            p.status { ((t.level)(level(result.level))) }
            p {
                @if low == high {
                    (t.precise)
                } @else {
                    ((t.range)(level(low), level(high)))
                }
                (t.compared)
            }
            h2 { (t.by_topic) }
            p.caveat { (t.topic_caveat) }
            @for topic in &result.topics {
                h3 { (topic.name) }
                p {
                    ((t.topic_score)(topic.n_correct, topic.n_items))
                    @match topic.verdict {
                        TopicVerdict::TooFew => (t.too_few),
                        TopicVerdict::Weaker => (t.weaker),
                        TopicVerdict::AsExpected => (t.as_expected),
                        TopicVerdict::Stronger => (t.stronger),
                    }
                }
                @if topic.verdict == TopicVerdict::Weaker && !topic.reflection.is_empty() {
                    p { (t.reflect) }
                    ul {
                        @for question in &topic.reflection { li { (question) } }
                    }
                }
            }
            h2 { (t.missed_heading) }
            @if result.missed.is_empty() {
                p { (t.all_right) }
            }
            @for m in &result.missed {
                section.missed aria-labelledby=(format!("feil-{}", m.position)) {
                    h3 id=(format!("feil-{}", m.position)) { ((texts.question.title)(m.position + 1)) }
                    @let lang = lang_if_other(form, m.form);
                    p lang=[lang] { (m.stem) }
                    p { (t.you_answered) (Item::letter(m.chosen)) ". " (in_lang(lang, m.options.get(m.chosen).map(String::as_str).unwrap_or(""))) }
                    p { (t.right_answer) (Item::letter(m.key)) ". " (in_lang(lang, m.options.get(m.key).map(String::as_str).unwrap_or(""))) }
                    @if !m.explanation.is_empty() {
                        p { strong { (t.explanation) } (in_lang(lang, &m.explanation)) }
                    }
                    @if !m.references.is_empty() {
                        p {
                            strong { (t.references) }
                            @for (i, r) in m.references.iter().enumerate() {
                                @if i > 0 { "; " }
                                @match m.reference_urls.get(i).cloned().flatten() {
                                    Some(url) => a href=(url) { (r.to_string()) },
                                    None => (r.to_string()),
                                }
                            }
                        }
                    }
                }
            }
            p { a href="/" { (texts.layout.to_home) } }
            p { a href="/personvern" { (texts.layout.privacy_link) } }
        },
    )
}

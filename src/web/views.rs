//! Pages, as functions returning `Markup`. Norwegian bokmål, plain HTML forms, no JavaScript.
//!
//! Accessibility (WCAG 2.1 AA): `lang="nb"`, a page title per page, a skip link, one `h1`,
//! labels for every field, the options as a radio group in a `fieldset` with the question as
//! `legend`, errors tied to their field with `aria-describedby`, a visible focus outline and
//! colours with at least 4.5:1 contrast.

use axum::http::StatusCode;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::app::{CycleStatus, HomeCycle, ItemView, Principal, TestResult, TopicVerdict};
use crate::bank::Item;
use crate::store::Role;

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

/// The frame around every page.
pub fn layout(title: &str, user: Option<&Principal>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="nb" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Forvalt" }
                style { (PreEscaped(CSS)) }
            }
            body {
                a.skip href="#hovedinnhold" { "Hopp til hovedinnholdet" }
                header {
                    p { a href="/" { "Forvalt" } }
                    @if let Some(user) = user {
                        form method="post" action="/logg-ut" {
                            input type="hidden" name="csrf" value=(user.csrf);
                            button.secondary type="submit" { "Logg ut " (user.user.name) }
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

pub fn error_page(status: StatusCode, message: &str) -> Markup {
    let title = match status {
        StatusCode::NOT_FOUND => "Fant ikke siden",
        StatusCode::FORBIDDEN => "Ingen tilgang",
        StatusCode::TOO_MANY_REQUESTS => "For mange forsøk",
        StatusCode::UNAUTHORIZED => "Ikke innlogget",
        s if s.is_client_error() => "Feil i forespørselen",
        _ => "Feil",
    };
    layout(
        title,
        None,
        html! {
            h1 { (title) }
            p { (message) }
            p { a href="/" { "Til forsiden" } }
        },
    )
}

pub fn login_page(csrf: &str, employee_id: &str, error: Option<&str>) -> Markup {
    layout(
        "Logg inn",
        None,
        html! {
            h1 { "Logg inn" }
            form method="post" action="/logg-inn" novalidate {
                input type="hidden" name="csrf" value=(csrf);
                @if let Some(error) = error {
                    p.error id="innlogging-feil" role="alert" { (error) }
                }
                div.field {
                    label for="employee_id" { "Ansattnummer" }
                    br;
                    input type="text" id="employee_id" name="employee_id" value=(employee_id)
                        autocomplete="username" required
                        aria-invalid=[error.map(|_| "true")]
                        aria-describedby=[error.map(|_| "innlogging-feil")];
                }
                div.field {
                    label for="password" { "Passord" }
                    br;
                    input type="password" id="password" name="password"
                        autocomplete="current-password" required
                        aria-invalid=[error.map(|_| "true")]
                        aria-describedby=[error.map(|_| "innlogging-feil")];
                }
                button type="submit" { "Logg inn" }
            }
        },
    )
}

pub fn home_page(user: &Principal, cycles: &[HomeCycle]) -> Markup {
    layout(
        "Forside",
        Some(user),
        html! {
            h1 { "Hei, " (user.user.name) }
            @if let Some(unit) = &user.user.leads {
                p { a href="/leder" { "Ledersider for " (unit) } ": hvem som har fullført, og enhetens temarapport" }
            }
            @match user.user.role {
                Role::Caseworker => {
                    h2 { "Dine tester" }
                    @if cycles.is_empty() {
                        p { "Det er ingen testsykluser ennå." }
                    }
                    @for c in cycles { (cycle_card(user, c)) }
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

fn cycle_card(user: &Principal, c: &HomeCycle) -> Markup {
    html! {
        section aria-labelledby=(format!("syklus-{}", c.cycle.id)) {
            h3 id=(format!("syklus-{}", c.cycle.id)) { "Syklus " (c.cycle.name) }
            p {
                "Åpner " (c.cycle.opens) ", frist " (c.cycle.deadline) ". "
                span.status { "Status: " (c.status.label()) }
                @if c.status == CycleStatus::InProgress || (c.status == CycleStatus::Overdue && c.test_id.is_some()) {
                    " (" (c.answered) " spørsmål besvart)"
                }
            }
            @match (c.status, c.test_id) {
                (CycleStatus::Completed, Some(id)) => {
                    p { a href=(format!("/tester/{id}/resultat")) { "Se resultatet ditt" } }
                    p { a href=(format!("/bevis/{id}")) { "Kursbevis for " (c.cycle.name) } }
                }
                (CycleStatus::Upcoming, _) => {}
                (CycleStatus::Overdue, _) if c.closed => {
                    p { "Fristen er ute, og testen kan ikke lenger tas. Ta kontakt med lederen din." }
                }
                (_, Some(id)) => {
                    p { a href=(format!("/tester/{id}")) { "Fortsett testen" } }
                }
                (_, None) => {
                    form method="post" action=(format!("/sykluser/{}/start", c.cycle.id)) {
                        input type="hidden" name="csrf" value=(user.csrf);
                        p { "Testen tar rundt 30 minutter. Du kan ta pauser; svarene dine lagres underveis." }
                        button type="submit" { "Start testen" }
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

pub fn item_page(user: &Principal, item: &ItemView, error: Option<&str>) -> Markup {
    let p = item.progress;
    let title = format!("Spørsmål {}", item.position + 1);
    layout(
        &title,
        Some(user),
        html! {
            h1 { (title) }
            p id="framdrift" {
                (p.answered) " besvart (testen har høyst " (p.max_items) " spørsmål). "
                (p.topics_covered) " av " (p.n_topics) " temaer er berørt."
            }
            form method="post" action=(format!("/tester/{}/svar", item.test_id)) {
                input type="hidden" name="csrf" value=(user.csrf);
                input type="hidden" name="position" value=(item.position);
                (question(&item.stem, &item.options, error, false))
                button type="submit" { "Svar" }
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

pub fn result_page(user: &Principal, result: &TestResult) -> Markup {
    let (low, high) = result.range;
    layout(
        "Resultat",
        Some(user),
        html! {
            h1 { "Resultatet ditt – " (result.cycle_name) }
            p { "Du svarte riktig på " (result.n_correct) " av " (result.n_answered) " spørsmål." }
            h2 { "Samlet nivå" }
            p.status { "Nivået ditt i forvaltningsrett er " (result.level.label()) "." }
            p {
                @if low == high {
                    "Målingen er presis nok til at vi er ganske sikre på dette nivået."
                } @else {
                    "En kort test gir alltid noe usikkerhet: nivået ditt ligger trolig et sted mellom "
                    (low.label()) " og " (high.label()) "."
                }
                " Nivået sammenlignes med saksbehandlere flest, og testen tilpasset spørsmålene etter svarene dine, så antall riktige alene sier lite."
            }
            h2 { "Tema for tema" }
            p.caveat {
                "Hvert tema fikk bare 2–4 spørsmål. Det sier lite om én person: bruk det som et hint om hva du kan lese deg opp på, ikke som en dom."
            }
            @for t in &result.topics {
                h3 { (t.name) }
                p {
                    (t.n_correct) " av " (t.n_items) " riktige. "
                    @match t.verdict {
                        TopicVerdict::TooFew => "For få spørsmål til å si noe om dette temaet.",
                        TopicVerdict::Weaker => "Færre riktige enn vi ville ventet ut fra ditt samlede nivå – kanskje verdt å se nærmere på.",
                        TopicVerdict::AsExpected => "Omtrent som ventet ut fra ditt samlede nivå.",
                        TopicVerdict::Stronger => "Flere riktige enn vi ville ventet ut fra ditt samlede nivå.",
                    }
                }
                @if t.verdict == TopicVerdict::Weaker && !t.reflection.is_empty() {
                    p { "Til ettertanke:" }
                    ul {
                        @for question in &t.reflection { li { (question) } }
                    }
                }
            }
            h2 { "Spørsmålene du svarte feil på" }
            @if result.missed.is_empty() {
                p { "Du svarte riktig på alle spørsmålene." }
            }
            @for m in &result.missed {
                section.missed aria-labelledby=(format!("feil-{}", m.position)) {
                    h3 id=(format!("feil-{}", m.position)) { "Spørsmål " (m.position + 1) }
                    p { (m.stem) }
                    p { "Du svarte: " (Item::letter(m.chosen)) ". " (m.options.get(m.chosen).map(String::as_str).unwrap_or("")) }
                    p { "Riktig svar: " (Item::letter(m.key)) ". " (m.options.get(m.key).map(String::as_str).unwrap_or("")) }
                    @if !m.explanation.is_empty() {
                        p { strong { "Forklaring: " } (m.explanation) }
                    }
                    @if !m.references.is_empty() {
                        p {
                            strong { "Lovhenvisning: " }
                            @for (i, r) in m.references.iter().enumerate() {
                                @if i > 0 { "; " }
                                (r.to_string())
                            }
                        }
                    }
                }
            }
            p { a href="/" { "Til forsiden" } }
            p { a href="/personvern" { "Personvern: hva vi lagrer og hvem som ser hva" } }
        },
    )
}

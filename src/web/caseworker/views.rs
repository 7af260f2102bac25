//! The caseworker's pages: home (the cycles and what to do in each), a question, the result.

use maud::{Markup, html};

use crate::app::{CycleStatus, HomeCycle, ItemView, Principal, TestResult, TopicVerdict};
use crate::bank::Item;
use crate::store::Role;
use crate::text::Form;
use crate::web::views::{page, question};

pub fn home_page(form: Form, user: &Principal, cycles: &[HomeCycle]) -> Markup {
    let texts = form.texts();
    let t = &texts.home;
    page(
        form,
        t.title,
        Some(user),
        html! {
            h1 { ((t.greeting)(&user.user.name)) }
            @if let Some(unit) = &user.user.leads {
                p { a href="/leder" { ((t.leader_link)(unit)) } (t.leader_link_rest) }
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
                    p { ((t.signed_in_as)(role_name(t, role))) }
                    ul {
                        @if matches!(role, Role::Hr | Role::Admin) { li { a href="/hr" { (texts.reports.hr.title) } } }
                        @if matches!(role, Role::Author | Role::Admin) { li { a href="/forfatter" { (texts.author.bank_title) } } }
                        @if role == Role::Admin { li { a href="/admin" { (texts.service.admin_home.title) } } }
                    }
                }
            }
            p { a href="/personvern" { (texts.layout.privacy_link) } }
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
                    p { (t.closed) }
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

fn role_name(t: &crate::text::Home, role: Role) -> &'static str {
    match role {
        Role::Caseworker => t.role_caseworker,
        Role::Hr => t.role_hr,
        Role::Author => t.role_author,
        Role::Admin => t.role_admin,
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
                    div lang=(lang) { (question(&item.stem, &item.options, error)) }
                } @else {
                    (question(&item.stem, &item.options, error))
                }
                button type="submit" { (t.answer) }
            }
        },
    )
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

//! The leader pages and the certificate, as `Markup`, in the viewer's language (the texts are
//! in the catalogue, `text::hr`).

use maud::{Markup, html};

use crate::app::certificate::Certificate;
use crate::app::leader::UnitCompletion;
use crate::app::{CycleStatus, Principal, TopicReport};
use crate::report::Cell;
use crate::report::summary::Question;
use crate::text::Form;
use crate::text::hr::Leader;
use crate::web::views::{self, Table};

/// A query-string value, percent-encoded (department paths have spaces and slashes).
fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A status as a leader reads it.
fn status_label(t: &Leader, status: CycleStatus) -> &'static str {
    match status {
        CycleStatus::Completed => t.statuses[0],
        CycleStatus::InProgress => t.statuses[1],
        CycleStatus::Due => t.statuses[2],
        CycleStatus::Overdue => t.statuses[3],
        CycleStatus::Upcoming => t.statuses[4],
    }
}

fn cycle_selector(t: &Leader, data: &UnitCompletion, action: &str) -> Markup {
    html! {
        form method="get" action=(action) {
            input type="hidden" name="enhet" value=(data.unit);
            label for="syklus" { (t.label_cycle) }
            select id="syklus" name="syklus" {
                @for c in &data.cycles {
                    option value=(c.id) selected[data.cycle.as_ref().is_some_and(|x| x.id == c.id)] {
                        ((t.cycle_option)(&c.name, &c.deadline.to_string()))
                    }
                }
            }
            " "
            button type="submit" { (t.show) }
        }
    }
}

pub fn completion_page(form: Form, user: &Principal, data: &UnitCompletion) -> Markup {
    let texts = form.texts();
    let t = &texts.reports.leader;
    let total = data.people.len();
    views::page(
        form,
        t.title,
        Some(user),
        html! {
            h1 { ((t.heading)(&data.unit)) }
            @if data.unit != data.leads {
                p { a href="/leder" { ((t.back_to)(&data.leads)) } }
            }
            @if let Some(cycle) = &data.cycle {
                (cycle_selector(t, data, "/leder"))
                h2 { ((t.completion_heading)(&cycle.name)) }
                p id="gjennomforing" {
                    ((t.counts)(
                        data.count(CycleStatus::Completed),
                        total,
                        data.count(CycleStatus::InProgress),
                        data.count(CycleStatus::Due),
                        data.count(CycleStatus::Overdue),
                        &cycle.deadline.to_string(),
                    ))
                }
                p {
                    (t.privacy)
                    a href=(format!("/leder/rapport?syklus={}&enhet={}", cycle.id, enc(&data.unit))) { (t.report_link) }
                    (t.report_link_tail)
                }
                @if data.people.is_empty() {
                    p { (t.no_people) }
                } @else {
                    (Table::new("personer-tittel", (t.people_caption)(&data.unit))
                        .texts([t.col_name, t.col_department, t.col_status, t.col_certificate])
                        .rows(html! {
                            @for p in &data.people {
                                tr {
                                    td { (p.name) }
                                    td {
                                        @if p.department != data.unit {
                                            a href=(format!("/leder?syklus={}&enhet={}", cycle.id, enc(&p.department))) { (p.department) }
                                        } @else {
                                            (p.department)
                                        }
                                    }
                                    td { (status_label(t, p.status)) }
                                    td {
                                        @if let Some(test) = p.certificate_test {
                                            a href=(format!("/bevis/{test}")) { ((t.certificate_for)(&p.name)) }
                                        }
                                    }
                                }
                            }
                        }))
                }
            } @else {
                p { (t.no_cycles) }
            }
            p { a href="/" { (texts.layout.to_home) } }
        },
    )
}

pub fn report_page(form: Form, user: &Principal, unit: &str, data: &TopicReport) -> Markup {
    let r = &form.texts().reports;
    let t = &r.leader;
    let row = data.report.groups.iter().find(|g| g.path == unit);
    views::page(
        form,
        t.report_title,
        Some(user),
        html! {
            h1 { ((t.report_heading)(unit, &data.cycle.name)) }
            p { ((t.report_intro)(data.report.min_people)) }
            @match row {
                None => {
                    p { ((t.not_published)(data.report.min_people)) }
                }
                Some(row) => {
                    (Table::new("tema-tittel", (t.topics_caption)(unit))
                        .text(t.col_topic)
                        .number(t.col_people)
                        .text(t.col_relative)
                        .text(t.col_absolute)
                        .rows(html! {
                            @for (topic, cell) in data.topics.iter().zip(&row.cells) {
                                tr {
                                    th scope="row" { (topic.name) }
                                    @match cell {
                                        Cell::Suppressed => {
                                            td colspan="3" { ((t.hidden)(data.report.min_people)) }
                                        }
                                        Cell::Published(stats) => {
                                            td.num { (stats.people) }
                                            td { (r.bands.words(stats.relative.band, Question::Relative)) }
                                            td { (r.bands.words(stats.absolute.band, Question::Absolute)) }
                                        }
                                    }
                                }
                            }
                        }))
                }
            }
            p { a href=(format!("/leder?syklus={}&enhet={}", data.cycle.id, enc(unit))) { (t.back_to_completion) } }
        },
    )
}

pub fn certificate_page(form: Form, user: &Principal, data: &Certificate) -> Markup {
    let texts = form.texts();
    let t = &texts.reports.certificate;
    views::page(
        form,
        t.title,
        Some(user),
        html! {
            h1 { (t.title) }
            p { (t.confirms) }
            dl {
                dt { (t.name) } dd { (data.name) }
                dt { (t.employee_id) } dd { (data.employee_id) }
                dt { (t.unit) } dd { (data.department) }
                dt { (t.cycle) } dd { (data.cycle_name) }
                dt { (t.completed) } dd { (data.completed_on) }
            }
            p { (t.has_completed) }
            p.no-print { (t.print) }
            p.no-print { a href="/" { (texts.layout.to_home) } }
        },
    )
}

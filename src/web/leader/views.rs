//! The leader pages and the certificate, as `Markup`.

use maud::{Markup, html};

use crate::app::certificate::Certificate;
use crate::app::leader::UnitCompletion;
use crate::app::{CycleStatus, Principal, TopicReport};
use crate::report::Cell;
use crate::report::summary::Question;
use crate::web::views;

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
fn status_label(status: CycleStatus) -> &'static str {
    match status {
        CycleStatus::Completed => "Fullført",
        CycleStatus::InProgress => "Påbegynt",
        CycleStatus::Due => "Ikke startet",
        CycleStatus::Overdue => "Over fristen",
        CycleStatus::Upcoming => "Ikke åpnet ennå",
    }
}

fn cycle_selector(data: &UnitCompletion, action: &str) -> Markup {
    html! {
        form method="get" action=(action) {
            input type="hidden" name="enhet" value=(data.unit);
            label for="syklus" { "Syklus " }
            select id="syklus" name="syklus" {
                @for c in &data.cycles {
                    option value=(c.id) selected[data.cycle.as_ref().is_some_and(|x| x.id == c.id)] {
                        (c.name) " (frist " (c.deadline) ")"
                    }
                }
            }
            " "
            button type="submit" { "Vis" }
        }
    }
}

pub fn completion_page(user: &Principal, data: &UnitCompletion) -> Markup {
    let total = data.people.len();
    views::layout(
        "Enheten din",
        Some(user),
        html! {
            h1 { "Enheten din: " (data.unit) }
            @if data.unit != data.leads {
                p { a href="/leder" { "Tilbake til hele " (data.leads) } }
            }
            @if let Some(cycle) = &data.cycle {
                (cycle_selector(data, "/leder"))
                h2 { "Gjennomføring – " (cycle.name) }
                p id="gjennomforing" {
                    (data.count(CycleStatus::Completed)) " av " (total) " har fullført. "
                    (data.count(CycleStatus::InProgress)) " har påbegynt, "
                    (data.count(CycleStatus::Due)) " har ikke startet, "
                    (data.count(CycleStatus::Overdue)) " er over fristen (" (cycle.deadline) ")."
                }
                p {
                    "Du ser hvem som har fullført, ikke svarene eller resultatene deres. "
                    a href=(format!("/leder/rapport?syklus={}&enhet={}", cycle.id, enc(&data.unit))) { "Temarapport for enheten" }
                    " viser hvordan enheten som gruppe står på hvert tema."
                }
                @if data.people.is_empty() {
                    p { "Ingen saksbehandlere er registrert i enheten." }
                } @else {
                    div.wide {
                        table {
                            caption { "Saksbehandlere i " (data.unit) }
                            thead {
                                tr {
                                    th scope="col" { "Navn" }
                                    th scope="col" { "Avdeling" }
                                    th scope="col" { "Status" }
                                    th scope="col" { "Kursbevis" }
                                }
                            }
                            tbody {
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
                                        td { (status_label(p.status)) }
                                        td {
                                            @if let Some(test) = p.certificate_test {
                                                a href=(format!("/bevis/{test}")) { "Kursbevis for " (p.name) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            } @else {
                p { "Det er ingen testsykluser ennå." }
            }
            p { a href="/" { "Til forsiden" } }
        },
    )
}

pub fn report_page(user: &Principal, unit: &str, data: &TopicReport) -> Markup {
    let row = data.report.groups.iter().find(|g| g.path == unit);
    views::layout(
        "Temarapport for enheten",
        Some(user),
        html! {
            h1 { "Temarapport for " (unit) " – " (data.cycle.name) }
            p {
                "Rapporten viser enheten som gruppe, aldri enkeltpersoner. Et tema vises bare når minst "
                (data.report.min_people) " personer i enheten har svart på det; ellers er det skjult."
            }
            @match row {
                None => {
                    p {
                        "Ingen resultater for enheten er publisert i denne syklusen ennå. Fullførte tester kommer med i "
                        "rapporten i puljer, først når minst " (data.report.min_people) " nye personer har fullført, "
                        "så ingen enkeltpersons resultat kan leses ut av en endring."
                    }
                }
                Some(row) => {
                    div.wide {
                        table {
                            caption { "Temaer for " (unit) }
                            thead {
                                tr {
                                    th scope="col" { "Tema" }
                                    th scope="col" { "Personer" }
                                    th scope="col" { "Mot enhetens eget nivå" }
                                    th scope="col" { "Mot hele virksomheten" }
                                }
                            }
                            tbody {
                                @for (topic, cell) in data.topics.iter().zip(&row.cells) {
                                    tr {
                                        th scope="row" { (topic.name) }
                                        @match cell {
                                            Cell::Suppressed => {
                                                td colspan="3" { "Skjult (færre enn " (data.report.min_people) " personer)" }
                                            }
                                            Cell::Published(stats) => {
                                                td { (stats.people) }
                                                td { (stats.relative.band.norwegian(Question::Relative)) }
                                                td { (stats.absolute.band.norwegian(Question::Absolute)) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p { a href=(format!("/leder?syklus={}&enhet={}", data.cycle.id, enc(unit))) { "Tilbake til gjennomføringen" } }
        },
    )
}

pub fn certificate_page(user: &Principal, data: &Certificate) -> Markup {
    views::layout(
        "Kursbevis",
        Some(user),
        html! {
            h1 { "Kursbevis" }
            p { "Dette bekrefter at" }
            dl {
                dt { "Navn" } dd { (data.name) }
                dt { "Ansattnummer" } dd { (data.employee_id) }
                dt { "Enhet" } dd { (data.department) }
                dt { "Syklus" } dd { (data.cycle_name) }
                dt { "Fullført" } dd { (data.completed_on) }
            }
            p { "har fullført testen i forvaltningsrett. Beviset viser ikke resultatet av testen." }
            p.no-print { "Skriv ut eller lagre som PDF med nettleserens utskriftsfunksjon (Ctrl+P)." }
            p.no-print { a href="/" { "Til forsiden" } }
        },
    )
}

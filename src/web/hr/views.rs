//! The HR views: the `/hr` page (selector, heatmap, tables), the drill-down and the follow-up
//! plan, as maud functions over the application's results, in the viewer's language (every
//! text from the catalogue, `text::hr`).

use super::*;
use crate::web::views::Table;

pub(super) fn drill_page(form: Form, user: &Principal, drill: &Drill) -> Markup {
    let r = &form.texts().reports;
    let t = &r.hr;
    let q = format!(
        "syklus={}&niva={}&avdeling={}",
        drill.cycle.id,
        drill.level,
        encode(&drill.department)
    );
    let base = url_path(&drill.topic.id);
    let kind = |k: &str| match k {
        "section" => t.kinds[0],
        "tag" => t.kinds[1],
        _ => t.kinds[2],
    };
    crate::web::views::page(
        form,
        &format!("{} – {}", drill.topic.name, drill.department),
        Some(user),
        html! {
            h1 { (drill.topic.name) " – " (drill.department) }
            p {
                (t.cycle_lead) strong { (drill.cycle.name) }
                ((t.drill_intro)(drill.level, drill.min_people))
            }
            p {
                (t.download_as) a href=(format!("{base}?{q}&format=csv")) { "CSV" }
                (t.or) a href=(format!("{base}?{q}&format=json")) { "JSON" } ". "
                a href=(format!("/hr?syklus={}&niva={}", drill.cycle.id, drill.level)) { (t.back_to_report) }
            }
            @if drill.waiting_for_deadline {
                p { ((t.drill_waiting)(&drill.deadline.to_string())) }
            } @else if !drill.shown {
                p { (t.suppressed) ((t.drill_suppressed)(drill.min_people)) }
            } @else if drill.rows.is_empty() {
                p { ((t.drill_none)(drill.min_people)) }
            } @else {
                (Table::new("drill-tittel", (t.drill_caption)(&drill.topic.name, &drill.department))
                    .text(t.col_kind)
                    .text(t.col_key)
                    .number(t.col_items)
                    .number(t.col_answers)
                    .number(t.col_people)
                    .number(t.col_share_correct)
                    .number(t.col_observed)
                    .rows(html! {
                        @for row in &drill.rows {
                            tr {
                                td { (kind(row.kind)) }
                                th scope="row" {
                                    (row.key)
                                    @if let Some(stem) = &row.stem_start { ": " (stem) }
                                }
                                td.num { (row.items) }
                                td.num { (row.answers) }
                                td.num { (row.people) }
                                td.num { (percent(row.share_correct)) }
                                td.num { (number(row.observed_minus_expected)) }
                            }
                        }
                    }))
            }
            @if drill.shown && drill.suppressed > 0 {
                p { ((t.drill_hidden)(drill.suppressed, drill.min_people)) }
            }
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Views.

/// Light fills: dark text on each has a contrast ratio above 7:1.
pub(super) fn band_fill(band: Band) -> &'static str {
    match band {
        Band::ClearlyBelow => "#f2a8a8",
        Band::Below => "#f7c4b0",
        Band::PossiblyBelow => "#fbdcc8",
        Band::NoClearDifference => "#eeeeee",
        Band::PossiblyAbove => "#d3e5f5",
        Band::ClearlyAbove => "#a9cbe9",
    }
}

/// A signed number with a decimal comma and a real minus sign.
pub(super) fn number(x: f64) -> String {
    if x.is_infinite() {
        return if x > 0.0 { "∞" } else { "−∞" }.to_string();
    }
    format!("{x:+.2}").replace('-', "−").replace('.', ",")
}

/// A comparison in words and logits, with the unit: for the details view and the tooltips.
pub(super) fn comparison_logits(r: &ReportTexts, c: &Comparison, question: Question) -> String {
    (r.hr.logits)(
        r.bands.words(c.band, question),
        &number(c.difference),
        &number(c.interval.low),
        &number(c.interval.high),
    )
}

/// The relative comparison in percent on the topic's typical item.
pub(super) fn relative_text(r: &ReportTexts, s: &CellStats) -> String {
    (r.hr.relative_text)(
        r.bands.words(s.relative.band, Question::Relative),
        &percent(s.share_topic),
        &percent(s.share_own_level),
    )
}

/// The absolute comparison in percent on the topic's typical item.
pub(super) fn absolute_text(r: &ReportTexts, report: &Report, t: usize, s: &CellStats) -> String {
    (r.hr.absolute_text)(
        r.bands.words(s.absolute.band, Question::Absolute),
        &percent(s.level.share_typical),
        &percent(summary::reference_share(report, t, s)),
    )
}

pub(super) fn selector(
    t: &Hr,
    selection: &Selection,
    statistic: Statistic,
    action: &str,
) -> Markup {
    html! {
        form method="get" action=(action) class="no-print" {
            div.field {
                label for="syklus" { (t.label_cycle) }
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
                label for="niva" { (t.label_level) }
                br;
                select id="niva" name="niva" {
                    @for level in 1..=selection.max_level {
                        option value=(level) selected[level == selection.level] {
                            ((t.level_option)(level))
                            @if level == 1 { (t.top_level) }
                        }
                    }
                }
            }
            @if action == "/hr" {
                div.field {
                    label for="statistikk" { (t.label_statistic) }
                    br;
                    select id="statistikk" name="statistikk" {
                        option value="relativ" selected[statistic == Statistic::Relative] {
                            (t.statistic_relative)
                        }
                        option value="absolutt" selected[statistic == Statistic::Absolute] {
                            (t.statistic_absolute)
                        }
                    }
                }
            }
            button type="submit" { (t.show) }
        }
    }
}

pub(super) fn hr_page(form: Form, user: &Principal, data: &HrPage, statistic: Statistic) -> Markup {
    let texts = form.texts();
    let r = &texts.reports;
    let t = &r.hr;
    let selection = &data.selection;
    crate::web::views::page(
        form,
        t.title,
        Some(user),
        html! {
            (HR_STYLE)
            h1 { (t.title) }
            @if selection.cycles.is_empty() {
                p { (t.no_cycles) }
            } @else {
                (selector(t, selection, statistic, "/hr"))
            }
            @if let (Some(report), Some(completion)) = (&data.report, &data.completion) {
                @let q = format!("syklus={}&niva={}", report.cycle.id, report.report.level);
                (ranked_summary(r, report, &q))
                (explanation(t, report))
                h2 id="varmekart" { (t.heatmap_heading) }
                (heatmap(r, report, statistic))
                h2.no-print id="tabell" { (t.table_heading) }
                p.no-print {
                    (t.table_intro)
                    (downloads(t, &format!("/hr/tema?{q}")))
                }
                (topic_table(r, report))
                (details_table(r, report))
                h2 id="gjennomforing" { (t.completion_heading) }
                p.no-print {
                    a href=(format!("/hr/gjennomforing?{q}")) { (t.completion_link) }
                    (t.then_download_as)
                    (downloads(t, &format!("/hr/gjennomforing?{q}")))
                    (t.names_for_follow_up)
                    (downloads(t, &format!("/hr/gjennomforing/personer?{q}")))
                }
                (completion_table(t, completion))
                h2 { (t.follow_up_heading) }
                p {
                    a href=(format!("/hr/oppfolging?{q}")) { (t.plan_link_print) }
                }
            }
            p.no-print { a href="/" { (texts.layout.to_home) } }
        },
    )
}

/// Links to the downloads of one table: plain CSV, CSV for the local Excel, Excel and JSON.
pub(super) fn downloads(t: &Hr, base: &str) -> Markup {
    html! {
        a href=(format!("{base}&format=csv")) { "CSV" } ", "
        a href=(format!("{base}&format=excel-csv")) { (t.csv_excel) } ", "
        a href=(format!("{base}&format=xlsx")) { (t.xlsx) } (t.or)
        a href=(format!("{base}&format=json")) { "JSON" } "."
    }
}

/// The page-width and print rules of the HR pages: the heatmap scales to the width of the page
/// (12 topics at 1280 px and on a phone), and printing is A4 landscape with every column on the
/// page.
pub(super) const HR_STYLE: maud::PreEscaped<&str> = maud::PreEscaped(
    r#"<style>
.heatmap svg { width: 100%; height: auto; display: block; }
main select { max-width: 100%; }
.actions li { margin: 0.4rem 0; }
.actions .plan-link { font-size: 1.15rem; font-weight: bold; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { font-size: 9pt; }
  main, body:has(.wide) header, main:has(.wide) { max-width: none; padding: 0; margin: 0; }
  .wide { overflow: visible; }
  table { font-size: 7.5pt; margin: 0.3rem 0; width: 100%; }
  th, td { padding: 0.05rem 0.2rem; }
  details, .no-print { display: none; }
  .heatmap { break-inside: avoid; }
  .plans { columns: 4; column-gap: 5mm; font-size: 7pt; line-height: 1.25; }
  .plans h2 { font-size: 9pt; } .plans h3 { font-size: 8pt; }
  .plans ol, .plans ul { padding-left: 1.1rem; margin: 0.1rem 0; }
  .heatmap svg { max-height: 180mm; }
  h1 { font-size: 14pt; } h2 { font-size: 11pt; margin: 0.4rem 0; } h3 { font-size: 10pt; margin: 0.2rem 0; }
  p, li { margin: 0.15rem 0; }
}
</style>"#,
);

/// What to act on, first: the flagged cells as sentences, most important first, with the
/// follow-up plan one click away, the power of the report and why a cell is flagged.
pub(super) fn ranked_summary(r: &ReportTexts, report: &TopicReport, q: &str) -> Markup {
    let t = &r.hr;
    let actions = summary::actions(&report.report);
    let groups = &report.report.groups;
    let topic = |t: usize| report.topics[t].name.clone();
    html! {
        section.actions aria-labelledby="handling" {
            h2 id="handling" { (t.act_heading) }
            @if groups.is_empty() {
                p { (t.no_groups) }
            } @else if actions.is_empty() {
                p { (t.nothing_flagged) }
                @let look = summary::worth_a_look(&report.report, 3);
                @if !look.is_empty() {
                    p { (t.worth_a_look) }
                    ul {
                        @for (row, topic, _) in look {
                            @let department = &groups[row].path;
                            @if let Some(s) = groups[row].cells[topic].stats() {
                                li { (phrase::look(r, department, &report.topics[topic].name, s)) }
                            }
                        }
                    }
                }
            } @else {
                ol {
                    @for action in &actions {
                        @let department = &groups[action.row].path;
                        li {
                            (phrase::action(r, action, department, topic))
                            @if let summary::ActionKind::Topic { topic: i, .. } = action.what {
                                " " a.no-print href=(drill_url(report, department, &report.topics[i].id)) {
                                    ((t.what_pulls_down)(&report.topics[i].name))
                                }
                            }
                        }
                    }
                }
            }
            p.plan-link {
                a href=(format!("/hr/oppfolging?{q}")) { (t.plan_link) }
            }
            (power(t, report))
            (why_flagged(t, report))
        }
    }
}

/// "For a unit of this size, the smallest gap found 8 times in 10."
pub(super) fn power(t: &Hr, report: &TopicReport) -> Markup {
    let relative = summary::power(&report.report, Question::Relative);
    let absolute = summary::power(&report.report, Question::Absolute);
    html! {
        @if let (Some(rel), Some(abs)) = (relative, absolute) {
            p {
                ((t.power_lead)(rel.people))
                strong { ((t.points)(rel.points)) }
                (t.power_middle)
                strong { ((t.points)(abs.points)) }
                (t.power_tail)
            }
        }
    }
}

/// Why a cell is flagged, in plain words, in one place.
pub(super) fn why_flagged(t: &Hr, report: &TopicReport) -> Markup {
    html! {
        details {
            summary { (t.why_summary) }
            p { (t.why_percent) }
            ul {
                li { strong { (t.why_relative_label) } (t.why_relative) }
                li { strong { (t.why_absolute_label) } (t.why_absolute) }
            }
            p {
                ((t.why_flag)(
                    report.report.groups.len(),
                    report.topics.len(),
                    100.0 * report.report.fdr,
                    100.0 * report.report.absolute_fdr,
                ))
            }
            p { (t.why_words) }
        }
    }
}

pub(super) fn explanation(t: &Hr, report: &TopicReport) -> Markup {
    html! {
        p {
            (t.cycle_lead) strong { (report.cycle.name) }
            ((t.explanation)(report.report.level, report.report.min_people))
        }
        @if report.skipped_answers > 0 {
            p { ((t.skipped)(report.skipped_answers)) }
        }
    }
}

/// The heatmap as SVG scaled to the page width: colour, a short word and the percent per cell,
/// the words and interval in each cell's `<title>`.
pub(super) fn heatmap(r: &ReportTexts, report: &TopicReport, statistic: Statistic) -> Markup {
    const LABEL: f64 = 200.0;
    const CELL_W: f64 = 76.0;
    const CELL_H: f64 = 40.0;
    const HEAD: f64 = 290.0;
    // Topic names are rotated 55° upwards to the right: the last one reaches past its column.
    const TAIL: f64 = 150.0;
    let t = &r.hr;
    let groups = &report.report.groups;
    let width = LABEL + CELL_W * report.topics.len() as f64 + TAIL;
    let height = HEAD + CELL_H * groups.len() as f64 + 10.0;
    let (what, question) = match statistic {
        Statistic::Relative => (t.heatmap_relative, Question::Relative),
        Statistic::Absolute => (t.heatmap_absolute, Question::Absolute),
    };
    html! {
        @if groups.is_empty() {
            p { (t.no_groups) }
        } @else {
            div.heatmap role="region" aria-label=(t.heatmap_label) {
                svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {width} {height}"))
                    role="img" aria-labelledby="varmekart-tittel varmekart-beskrivelse" {
                    title id="varmekart-tittel" { ((t.heatmap_title)(what)) }
                    desc id="varmekart-beskrivelse" { (t.heatmap_desc) }
                    @for (i, topic) in report.topics.iter().enumerate() {
                        @let x = LABEL + CELL_W * i as f64 + CELL_W / 2.0;
                        text x=(x) y=(HEAD - 8.0) font-size="13" fill="#1a1a1a"
                            transform=(format!("rotate(-55 {x} {})", HEAD - 8.0)) { (topic.name) }
                    }
                    @for (row, group) in groups.iter().enumerate() {
                        @let y = HEAD + CELL_H * row as f64;
                        text x="4" y=(y + CELL_H / 2.0 + 5.0) font-size="13" fill="#1a1a1a" { (group.path) }
                        @for (i, cell) in group.cells.iter().enumerate() {
                            @let x = LABEL + CELL_W * i as f64;
                            @let topic = &report.topics[i].name;
                            g {
                                @match cell {
                                    Cell::Suppressed => {
                                        title { (group.path) ", " (topic) ": " (t.suppressed) }
                                        rect x=(x + 1.0) y=(y + 1.0) width=(CELL_W - 2.0) height=(CELL_H - 2.0)
                                            fill="#ffffff" stroke="#6b6b6b" stroke-dasharray="4 3" {}
                                        text x=(x + CELL_W / 2.0) y=(y + CELL_H / 2.0 + 5.0) font-size="12"
                                            text-anchor="middle" fill="#4a4a4a" { (t.suppressed_short) }
                                    }
                                    Cell::Published(s) => {
                                        @let (c, text, share) = match statistic {
                                            Statistic::Relative => (&s.relative, relative_text(r, s), s.share_topic),
                                            Statistic::Absolute => (&s.absolute, absolute_text(r, &report.report, i, s), s.level.share_typical),
                                        };
                                        title {
                                            (group.path) ", " (topic) ": " (text) ". "
                                            (comparison_logits(r, c, question)) ". "
                                            ((t.cell_counts)(s.people, s.answers))
                                        }
                                        rect x=(x + 1.0) y=(y + 1.0) width=(CELL_W - 2.0) height=(CELL_H - 2.0)
                                            fill=(band_fill(c.band))
                                            stroke=(if c.weak { "#7a0000" } else { "#6b6b6b" })
                                            stroke-width=(if c.weak { "3" } else { "1" }) {}
                                        text x=(x + CELL_W / 2.0) y=(y + 17.0) font-size="13"
                                            text-anchor="middle" fill="#1a1a1a"
                                            font-weight=(if c.weak { "bold" } else { "normal" }) { (r.bands.short(c.band)) }
                                        text x=(x + CELL_W / 2.0) y=(y + 33.0) font-size="12"
                                            text-anchor="middle" fill="#1a1a1a" { (percent(share)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p { ((t.legend)(report.report.min_people)) }
        }
    }
}

/// The change of a cell's level since the previous cycle, in percentage points on the typical
/// item, with its interval.
fn trend_points(
    t: &Hr,
    report: &TopicReport,
    topic: usize,
    s: &CellStats,
    trend: &crate::report::Trend,
) -> String {
    let Some(org) = report
        .report
        .organisation
        .get(topic)
        .and_then(Option::as_ref)
    else {
        return "–".into();
    };
    let now = s.level.theta;
    let points = |d: f64| 100.0 * (org.typical_item.p(now) - org.typical_item.p(now - d));
    let sign = |x: f64| format!("{x:+.0}").replace('-', "−");
    (t.trend)(
        &sign(points(trend.level.difference)),
        &sign(points(trend.level.interval.low)),
        &sign(points(trend.level.interval.high)),
    )
}

/// The accessible table with the heatmap's numbers in percent, one row per department and topic.
pub(super) fn topic_table(r: &ReportTexts, report: &TopicReport) -> Markup {
    let t = &r.hr;
    let previous = report.previous.as_ref().map(|(c, _)| c.name.clone());
    if report.report.groups.is_empty() {
        return html! {};
    }
    // Not printed: the same numbers as the heatmap, one row per cell (120 rows for 10
    // departments × 12 topics would take three A4 pages on their own).
    html! {
        (Table::new("tema-tabell-tittel", (t.table_caption)(&report.cycle.name, report.report.level))
            .text(t.col_department)
            .text(t.col_topic)
            .number(t.col_level)
            .text(t.col_relative)
            .text(t.col_absolute)
            .number(t.col_people_answers)
            .number(t.col_raw)
            .number((t.col_change)(previous.as_deref().unwrap_or(t.previous_cycle)))
            .screen_only()
            .rows(html! {
                @for group in &report.report.groups {
                    @for (i, cell) in group.cells.iter().enumerate() {
                        tr {
                            th scope="row" { (group.path) }
                            td {
                                a href=(drill_url(report, &group.path, &report.topics[i].id)) {
                                    (report.topics[i].name)
                                }
                            }
                            @match cell {
                                Cell::Suppressed => {
                                    td colspan="6" { (t.suppressed) }
                                }
                                Cell::Published(s) => {
                                    @let (low, high) = report.report.level_shares(i, &s.level.interval).unzip();
                                    td.num {
                                        (percent(s.level.share_typical))
                                        @if let (Some(low), Some(high)) = (low, high) {
                                            " (" (percent(low)) "–" (percent(high)) ")"
                                        }
                                    }
                                    td {
                                        @if s.relative.weak { strong { (t.weak_mark) } }
                                        (relative_text(r, s))
                                    }
                                    td {
                                        @if s.absolute.weak { strong { (t.weak_mark) } }
                                        (absolute_text(r, &report.report, i, s))
                                    }
                                    td.num { (s.people) " / " (s.answers) }
                                    td.num { (percent(s.raw_share_correct)) }
                                    td.num {
                                        @match report.trend(&group.path, i) {
                                            Some(trend) => (trend_points(t, report, i, s, trend)),
                                            None => "–",
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }))
    }
}

/// The details view: the differences in logits with their unit and 95 % intervals.
pub(super) fn details_table(r: &ReportTexts, report: &TopicReport) -> Markup {
    let t = &r.hr;
    if report.report.groups.is_empty() {
        return html! {};
    }
    let se = |x: f64| format!("{x:.2}").replace('.', ",");
    html! {
        details {
            summary { (t.details_summary) }
            p { (t.details_intro) }
            (Table::new("logit-tabell-tittel", t.details_caption)
                .texts([t.col_department, t.col_topic, t.col_relative_logit, t.col_absolute_logit])
                .rows(html! {
                    @for group in &report.report.groups {
                        @for (i, cell) in group.cells.iter().enumerate() {
                            @if let Cell::Published(s) = cell {
                                tr {
                                    th scope="row" { (group.path) }
                                    td { (report.topics[i].name) }
                                    td { (comparison_logits(r, &s.relative, Question::Relative)) ", SE " (se(s.relative.se)) }
                                    td { (comparison_logits(r, &s.absolute, Question::Absolute)) ", SE " (se(s.absolute.se)) }
                                }
                            }
                        }
                    }
                }))
        }
    }
}

pub(super) fn completion_table(t: &Hr, completion: &Completion) -> Markup {
    html! {
        @if completion.rows.is_empty() {
            p { (t.no_caseworkers) }
        } @else {
            (Table::new("gjennomforing-tittel", (t.completion_caption)(&completion.cycle.name))
                .text(t.col_department)
                .number(t.col_due)
                .number(t.col_in_progress)
                .number(t.col_completed)
                .number(t.col_overdue)
                .number(t.col_upcoming)
                .number(t.col_total)
                .rows(html! {
                    @for row in &completion.rows {
                        (completion_row(t, row))
                    }
                }))
        }
    }
}

/// `/hr/gjennomforing` in a browser: completion per department and the names list.
pub(super) fn completion_page(
    form: Form,
    user: &Principal,
    selection: &Selection,
    completion: &Completion,
) -> Markup {
    let t = &form.texts().reports.hr;
    let q = format!("syklus={}&niva={}", completion.cycle.id, completion.level);
    let status = |s: &'static str| match s {
        "completed" => t.statuses[0],
        "in_progress" => t.statuses[1],
        "overdue" => t.statuses[2],
        "upcoming" => t.statuses[3],
        "due" => t.statuses[4],
        other => other,
    };
    crate::web::views::page(
        form,
        t.completion_title,
        Some(user),
        html! {
            (HR_STYLE)
            h1 { (t.completion_title) " – " (completion.cycle.name) }
            (selector(t, selection, Statistic::Relative, "/hr/gjennomforing"))
            p.no-print {
                (t.download_table_as) (downloads(t, &format!("/hr/gjennomforing?{q}")))
                (t.names_lead) (downloads(t, &format!("/hr/gjennomforing/personer?{q}")))
                " " a href=(format!("/hr?{q}")) { (t.back_to_report) }
            }
            (completion_table(t, completion))
            h2 id="navneliste" { (t.names_heading) }
            p { (t.names_intro) }
            @if completion.people.is_empty() {
                p { (t.no_caseworkers) }
            } @else {
                (Table::new("navneliste-tittel", (t.names_caption)(&completion.cycle.name))
                    .texts([t.col_department, t.col_name, t.col_employee_id, t.col_status])
                    .rows(html! {
                        @for person in &completion.people {
                            tr {
                                td { (if person.department.is_empty() { t.no_department } else { person.department.as_str() }) }
                                th scope="row" { (person.name) }
                                td { (person.employee_id) }
                                td { (status(person.status)) }
                            }
                        }
                    }))
            }
        },
    )
}

pub(super) fn completion_row(t: &Hr, row: &CompletionRow) -> Markup {
    html! {
        tr {
            th scope="row" { (if row.department.is_empty() { t.no_department } else { row.department.as_str() }) }
            td.num { (row.due) }
            td.num { (row.in_progress) }
            td.num { (row.completed) }
            td.num { (row.overdue) }
            td.num { (row.upcoming) }
            td.num { (row.total) }
        }
    }
}

pub(super) fn plan_page(
    form: Form,
    user: &Principal,
    selection: &Selection,
    report: &TopicReport,
    plan: &[PlanRow],
) -> Markup {
    let r = &form.texts().reports;
    let t = &r.hr;
    let q = format!("syklus={}&niva={}", report.cycle.id, report.report.level);
    crate::web::views::page(
        form,
        t.plan_title,
        Some(user),
        html! {
            (HR_STYLE)
            h1 { (t.plan_title) " – " (report.cycle.name) }
            (selector(t, selection, Statistic::Relative, "/hr/oppfolging"))
            p { ((t.plan_intro)(report.report.min_people)) }
            p.no-print {
                (t.download_as) a href=(format!("/hr/oppfolging?{q}&format=csv")) { "CSV" }
                (t.or) a href=(format!("/hr/oppfolging?{q}&format=json")) { "JSON" } ". "
                a href=(format!("/hr?{q}")) { (t.back_to_report) }
            }
            @if plan.is_empty() {
                p { (t.no_groups) }
            }
            div.plans {
            @for (i, row) in plan.iter().enumerate() {
                section.plan aria-labelledby=(format!("plan-{i}")) {
                    h2 id=(format!("plan-{i}")) { (row.department) }
                    @if row.topics.is_empty() && row.suppressed == report.topics.len() {
                        p { (t.plan_too_few) }
                    } @else if row.topics.is_empty() {
                        p { (t.plan_none_below) }
                    } @else {
                        ol {
                            @for p in &row.topics {
                                @let topic = &report.topics[p.topic];
                                li {
                                    h3 {
                                        (topic.name)
                                        @if p.weak { (t.plan_clearly_weak) }
                                    }
                                    p {
                                        ((t.plan_shares)(
                                            r.bands.words(p.band, Question::Relative),
                                            &percent(p.share_topic),
                                            &percent(p.share_own_level),
                                        ))
                                    }
                                    @if !topic.reflection.is_empty() {
                                        p { (t.reflection) }
                                        ul {
                                            @for question in &topic.reflection { li { (question) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if row.suppressed > 0 && row.suppressed < report.topics.len() {
                        p { ((t.plan_suppressed)(row.suppressed, report.report.min_people)) }
                    }
                }
            }
            }
        },
    )
}

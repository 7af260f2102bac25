//! The author area's views: overview, item page with its fit plot, calibration and law changes.

use super::*;

// ---------------------------------------------------------------------------------------------
// Views

pub(super) fn status_name(t: &Author, status: Status) -> &'static str {
    match status {
        Status::Draft => t.status_draft,
        Status::Pretest => t.status_pretest,
        Status::Active => t.status_active,
        Status::Retired => t.status_retired,
    }
}

pub(super) fn source_code(source: &ParamSource) -> &'static str {
    match source {
        ParamSource::Expert => "expert",
        ParamSource::Calibrated { .. } => "calibrated",
    }
}

pub(super) fn source_words(t: &Author, source: &ParamSource) -> String {
    match source {
        ParamSource::Expert => t.source_expert.into(),
        ParamSource::Calibrated { n, on } => (t.source_calibrated)(&on.to_string(), *n),
    }
}

/// A topic's name in `form` (nynorsk where the bank has it, else as the bank writes it).
pub(super) fn topic_name(form: Form, bank: &ItemBank, id: &str) -> String {
    bank.topics
        .iter()
        .find(|t| t.id == id)
        .map_or_else(|| id.to_string(), |t| t.text(form).name.to_string())
}

pub(super) fn number(x: Option<f64>, decimals: usize) -> String {
    x.map(|x| format!("{x:.decimals$}").replace('.', ","))
        .unwrap_or_else(|| "–".into())
}

pub(super) fn percent(x: Option<f64>) -> String {
    x.map(|x| format!("{:.0} %", x * 100.0))
        .unwrap_or_else(|| "–".into())
}

pub(super) fn scope_query(scope: Scope) -> String {
    scope
        .cycle
        .map(|c| format!("?syklus={c}"))
        .unwrap_or_default()
}

pub(super) fn scope_form(t: &Author, data: &Data, action: &str) -> Markup {
    html! {
        form method="get" action=(action) {
            label for="syklus" { (t.scope_label) }
            select id="syklus" name="syklus" {
                option value="" selected[data.scope.cycle.is_none()] { (t.scope_all) }
                @for c in &data.cycles {
                    option value=(c.id) selected[data.scope.cycle == Some(c.id)] { ((t.scope_cycle)(&c.name)) }
                }
            }
            " "
            button type="submit" { (t.scope_show) }
        }
    }
}

/// «Statistikk beregnet HH:MM, N svar»: which snapshot of the statistics the page shows.
pub(super) fn freshness(t: &Author, data: &Data) -> Markup {
    let snapshot = &data.statistics;
    let at = snapshot.computed_at.to_zoned(jiff::tz::TimeZone::system());
    let when = if at.date() == today() {
        at.strftime("%H:%M").to_string()
    } else {
        at.strftime("%d.%m.%Y %H:%M").to_string()
    };
    html! {
        p.freshness {
            ((t.freshness)(&when, snapshot.answers))
            @if data.refreshing {
                (t.refreshing)
            }
            "."
        }
    }
}

/// The bank's errors (the first few), each in the reader's language.
pub(super) fn bank_errors(form: Form, errors: &[bank::Diagnostic]) -> Markup {
    let t = &form.texts().author;
    html! {
        @if !errors.is_empty() {
            div.caveat role="alert" {
                p { strong { (t.bank_errors_heading) } (t.bank_errors_rest) }
                ul { @for e in errors { li { code { (e.to_string_in(form)) } } } }
            }
        }
    }
}

pub(super) fn overview_view(form: Form, user: &Principal, data: &Data) -> Markup {
    let t = &form.texts().author;
    let topics = overview(&data.bank);
    let flagged = bank::lawchange::flagged_items(&data.bank);
    let target = data.bank.test.pretest_target.max(1);
    let pretest: Vec<(&Item, usize)> = data
        .bank
        .items
        .iter()
        .filter(|i| i.status == Status::Pretest)
        .map(|i| (i, data.pretest_answers(i.id.as_str()) as usize))
        .collect();
    let query = scope_query(data.scope);
    crate::web::views::page(
        form,
        t.bank_title,
        Some(user),
        html! {
            div.wide {
            h1 { (t.bank_title) }
            (bank_errors(form, &data.bank_errors))
            (super::edit::attention(t, data))
            (scope_form(t, data, "/forfatter"))
            p { ((t.tests_in_scope)(data.statistics.statistics.tests)) }
            (freshness(t, data))

            h2 { (t.h_topics) }
            (topic_table(form, &data.bank, &topics))
            h2 { (t.h_information) }
            (information_table(form, &data.bank, &topics))

            h2 { (t.h_law) }
            @if data.bank.law_changes.is_empty() {
                p { (t.no_law_changes) }
            } @else {
                p {
                    ((t.flagged_count)(flagged.len()))
                    a href="/forfatter/lovendringer" { (t.flagged_link) }
                    "."
                }
            }

            h2 { (t.h_calibration) }
            p { a href="/forfatter/kalibrering" { (t.calibration_link) } }

            h2 { (t.h_pretest) }
            @if pretest.is_empty() {
                p { (t.no_pretest) }
            } @else {
                table {
                    caption { ((t.pretest_caption)(target)) }
                    thead { tr { th scope="col" { (t.col_item) } th scope="col" { (t.col_answers) } th scope="col" { (t.col_progress) } } }
                    tbody {
                        @for &(item, n) in &pretest {
                            tr {
                                td { a href=(format!("/forfatter/oppgaver/{}{query}", item.id)) { (item.id) } }
                                td { (n) }
                                td {
                                    @if n >= target {
                                        (t.pretest_enough)
                                        a href="/forfatter/kalibrering" { (t.pretest_calibrate) }
                                    } @else {
                                        ((t.pretest_share)(n * 100 / target, target))
                                    }
                                }
                            }
                        }
                    }
                }
            }

            h2 { (t.h_statistics) }
            p { a href=(format!("/forfatter/oppgaver.csv{query}")) { (t.csv_link) } }
            (statistics_table(form, &data.bank, &data.statistics.statistics, &query))
            p { a href="/" { (form.texts().layout.to_home) } }
            }
        },
    )
}

pub(super) fn topic_table(form: Form, bank: &ItemBank, topics: &[TopicOverview]) -> Markup {
    let t = &form.texts().author;
    const STATUSES: [Status; 4] = [
        Status::Active,
        Status::Pretest,
        Status::Draft,
        Status::Retired,
    ];
    html! {
        table {
            caption { (t.topic_caption) }
            thead {
                tr {
                    th scope="col" { (t.col_topic) }
                    th scope="col" { (t.col_status) }
                    th scope="col" { "b < −1" }
                    th scope="col" { "−1 ≤ b < 0" }
                    th scope="col" { "0 ≤ b < 1" }
                    th scope="col" { "b ≥ 1" }
                    th scope="col" { (t.col_sum) }
                    th scope="col" { (t.col_required) }
                }
            }
            tbody {
                @for topic in topics {
                    @for (row, status) in STATUSES.iter().enumerate() {
                        @let counts = topic.counts[*status as usize];
                        @let total: usize = counts.iter().sum();
                        @let least = topic.bank_min.max(topic.test_max);
                        tr {
                            @if row == 0 {
                                th scope="rowgroup" rowspan="4" { (topic_name(form, bank, &topic.id)) }
                            }
                            td { (status_name(t, *status)) }
                            @for c in counts { td { (c) } }
                            td { (total) }
                            td {
                                @if *status == Status::Active {
                                    ((t.required)(least, topic.test_min, topic.test_max))
                                    @if total < least { " – " strong { (t.too_few) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn information_table(form: Form, bank: &ItemBank, topics: &[TopicOverview]) -> Markup {
    let t = &form.texts().author;
    html! {
        table {
            caption { (t.information_caption) }
            thead {
                tr {
                    th scope="col" { (t.col_topic) }
                    @for theta in bank::stats::THETAS { th scope="col" { "θ = " (theta) } }
                }
            }
            tbody {
                @for topic in topics {
                    tr {
                        th scope="row" { (topic_name(form, bank, &topic.id)) }
                        @for i in topic.information { td { (number(Some(i), 2)) } }
                    }
                }
            }
        }
    }
}

pub(super) fn statistics_table(
    form: Form,
    bank: &ItemBank,
    stats: &BankStatistics,
    query: &str,
) -> Markup {
    let t = &form.texts().author;
    html! {
        table {
            caption { (t.statistics_caption) }
            thead {
                tr {
                    th scope="col" { (t.col_item) }
                    th scope="col" { (t.col_topic) }
                    th scope="col" { (t.col_status) }
                    th scope="col" { (t.col_answers) }
                    th scope="col" { (t.col_share_correct) }
                    th scope="col" { (t.col_point_biserial) }
                    th scope="col" { (t.col_exposure) }
                    th scope="col" { "Infit" }
                    th scope="col" { "Outfit" }
                    th scope="col" { (t.col_flags) }
                }
            }
            tbody {
                @for (item, s) in bank.items.iter().zip(&stats.items) {
                    tr {
                        td { a href=(format!("/forfatter/oppgaver/{}{query}", item.id)) { (item.id) } }
                        td { (bank.topics[item.topic].text(form).name) }
                        td { (status_name(t, item.status)) }
                        td { (s.n) }
                        td { (percent(s.proportion_correct)) }
                        td { (number(s.point_biserial, 2)) }
                        td { (percent(s.exposure)) }
                        td { (number(s.infit, 2)) }
                        td { (number(s.outfit, 2)) }
                        td { (s.flags.len()) }
                    }
                }
            }
        }
    }
}

pub(super) fn item_view(
    form: Form,
    user: &Principal,
    data: &Data,
    item: &Item,
    s: &ItemStats,
) -> Markup {
    let t = &form.texts().author;
    // The nynorsk form of the item is shown with nynorsk labels, whatever the reader's form.
    let tn = &Form::Nn.texts().author;
    let title = (t.item_title)(item.id.as_str());
    crate::web::views::page(
        form,
        &title,
        Some(user),
        html! {
            h1 { (title) }
            (bank_errors(form, &data.bank_errors))
            p { a href=(format!("/forfatter{}", scope_query(data.scope))) { (t.back_to_bank) } }
            (super::edit::item_links(t, &item.id))
            (freshness(t, data))
            dl {
                dt { (t.col_topic) } dd { (data.bank.topics[item.topic].text(form).name) }
                dt { (t.col_status) } dd { (status_name(t, item.status)) }
                dt { (t.author) } dd { (item.author) }
                dt { (t.reviewed) } dd { (item.reviewed) }
                dt { (t.parameters) }
                dd {
                    "a = " (number(Some(item.params.a()), 2)) ", b = " (number(Some(item.params.b()), 2))
                    ", c = " (number(Some(item.params.c()), 2)) " (" (source_words(t, &item.source)) ")"
                }
                dt { (t.references) }
                dd {
                    @for (i, r) in item.references.iter().enumerate() {
                        @if i > 0 { "; " }
                        (r.to_string())
                    }
                }
                dt { (t.version) } dd { code { (item.version) } }
            }

            h2 { (t.h_as_caseworker) }
            (crate::web::views::question_preview(&item.stem, &item.options))
            p { (t.right_answer) (Item::letter(item.key)) ". " (item.options[item.key]) }
            p { strong { (t.explanation) } (item.explanation) }
            @if let Some(nn) = &item.nn {
                h3 { (t.in_nynorsk) }
                div lang="nn" {
                    (crate::web::views::question_preview(&nn.stem, &nn.options))
                    p { (tn.right_answer) (Item::letter(item.key)) ". " (nn.options[item.key]) }
                    p { strong { (tn.explanation) } (nn.explanation) }
                }
            }

            h2 { (t.h_flags) }
            @if s.flags.is_empty() {
                p { (t.no_flags) }
            } @else {
                ul { @for f in &s.flags { li { (f.words(t)) } } }
            }

            h2 { (t.h_item_statistics) }
            @if item.status == Status::Pretest {
                p { ((t.pretest_status)(data.pretest_answers(item.id.as_str()) as usize, data.bank.test.pretest_target)) }
            }
            table {
                caption { ((t.key_figures)(&scope_words(t, data))) }
                tbody {
                    tr { th scope="row" { (t.row_answers) } td { (s.n) } }
                    tr { th scope="row" { (t.row_share) } td { (percent(s.proportion_correct)) } }
                    tr { th scope="row" { (t.row_point_biserial) } td { (number(s.point_biserial, 2)) } }
                    tr { th scope="row" { (t.row_exposure) } td { (percent(s.exposure)) ((t.exposure_limit)(&percent(Some(data.bank.test.max_exposure)))) } }
                    tr { th scope="row" { (t.row_infit) } td { (number(s.infit, 2)) } }
                    tr { th scope="row" { (t.row_outfit) } td { (number(s.outfit, 2)) } }
                    tr { th scope="row" { (t.row_median) } td {
                        @match s.median_response_ms {
                            Some(ms) => { (number(Some(ms / 1000.0), 1)) " s" }
                            None => (t.not_available),
                        }
                    } }
                    tr { th scope="row" { (t.row_population) } td { (percent(s.population_expected)) } }
                }
            }

            // Two written forms to compare only in a Norwegian bank.
            @if data.bank.language.is_norwegian() {
                (form_comparison(t, item, s))
            }

            h2 { (t.h_fit) }
            @if s.n > 0 && s.n < data.statistics.statistics.min_people {
                p { ((t.fewer_than_k)(s.n, data.statistics.statistics.min_people)) }
            } @else if s.groups.is_empty() {
                p { (t.no_answers) }
            } @else {
                figure {
                    (fit_plot(t, item, s))
                    figcaption { (t.fit_caption) }
                }
                table {
                    caption { (t.fit_table_caption) }
                    thead { tr {
                        th scope="col" { (t.col_group) } th scope="col" { (t.col_theta_range) } th scope="col" { (t.col_answers) }
                        th scope="col" { (t.col_observed) } th scope="col" { (t.col_expected) }
                    } }
                    tbody {
                        @for (g, group) in s.groups.iter().enumerate() {
                            tr {
                                td { (g + 1) }
                                td { (number(Some(group.theta_low), 2)) (t.to) (number(Some(group.theta_high), 2)) }
                                td { (group.n) }
                                td { (percent(Some(group.observed))) }
                                td { (percent(Some(group.expected))) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// Whether the item's bokmål and nynorsk forms are equally hard (Mantel–Haenszel DIF).
fn form_comparison(t: &Author, item: &Item, s: &ItemStats) -> Markup {
    use crate::app::authoring::{DifClass, MIN_ANSWERS_PER_FORM};
    html! {
        h2 id="malformer" { (t.h_forms) }
        @match (&item.nn, s.forms) {
            (None, None) => p { (t.no_nn_form) },
            (_, None) => p { (t.nobody_nn) },
            (_, Some(f)) => {
                @match f.dif {
                    None => p { ((t.forms_too_few)(f.n_nb, f.n_nn, MIN_ANSWERS_PER_FORM)) },
                    Some(dif) => {
                        p.status {
                            (t.forms_verdict)
                            @match (dif.class, dif.delta < 0.0) {
                                (DifClass::A, _) => (t.dif_equal),
                                (DifClass::B, true) => (t.dif_nn_slightly),
                                (DifClass::B, false) => (t.dif_nb_slightly),
                                (DifClass::C, true) => (t.dif_nn),
                                (DifClass::C, false) => (t.dif_nb),
                            }
                            ((t.forms_counts)(f.n_nb, f.n_nn))
                        }
                        p {
                            ((t.dif_details)(
                                &format!("{:?}", dif.class),
                                &number(Some(dif.delta), 2),
                                &number(Some(dif.delta_se), 2),
                                &number(Some(dif.chi_square), 1),
                            ))
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn scope_words(t: &Author, data: &Data) -> String {
    match data
        .scope
        .cycle
        .and_then(|id| data.cycles.iter().find(|c| c.id == id))
    {
        Some(c) => (t.scope_cycle)(&c.name),
        None => t.scope_all.into(),
    }
}

/// The item characteristic curve with the observed share correct per ability group, as inline
/// SVG. Decorative details are hidden from assistive technology; the figure has a text
/// alternative and the same numbers are in the table that follows it.
pub(super) fn fit_plot(t: &Author, item: &Item, s: &ItemStats) -> Markup {
    const W: f64 = 420.0;
    const H: f64 = 240.0;
    const LEFT: f64 = 44.0;
    const BOTTOM: f64 = 34.0;
    const TOP: f64 = 10.0;
    const RIGHT: f64 = 10.0;
    let x = |theta: f64| LEFT + (theta.clamp(-3.0, 3.0) + 3.0) / 6.0 * (W - LEFT - RIGHT);
    let y = |p: f64| TOP + (1.0 - p) * (H - TOP - BOTTOM);
    let mut curve = String::new();
    for k in 0..=60 {
        let theta = -3.0 + k as f64 * 0.1;
        let _ = write!(curve, "{:.1},{:.1} ", x(theta), y(item.params.p(theta)));
    }
    let description = s
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| (t.plot_group)(g + 1, group.observed, group.expected))
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img" aria-labelledby="tilpasning-tittel tilpasning-beskrivelse"><title id="tilpasning-tittel">{title}</title><desc id="tilpasning-beskrivelse">{description}</desc>"##,
        title = escape(&(t.plot_title)(item.id.as_str())),
        description = escape(&description),
    );
    let _ = write!(
        svg,
        r##"<g aria-hidden="true" font-size="12" fill="#1a1a1a"><line x1="{LEFT}" y1="{y0:.1}" x2="{xr:.1}" y2="{y0:.1}" stroke="#4a4a4a"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{y0:.1}" stroke="#4a4a4a"/>"##,
        y0 = y(0.0),
        xr = W - RIGHT
    );
    for p in [0.0, 0.5, 1.0] {
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end">{:.0} %</text>"##,
            LEFT - 4.0,
            y(p) + 4.0,
            p * 100.0
        );
    }
    for theta in [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0] {
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">{theta}</text>"##,
            x(theta),
            y(0.0) + 16.0
        );
    }
    let _ = write!(
        svg,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">{axis}</text><polyline points="{curve}" fill="none" stroke="#0b4f8a" stroke-width="2"/>"##,
        (LEFT + W - RIGHT) / 2.0,
        H - 2.0,
        axis = escape(t.plot_axis),
    );
    for group in &s.groups {
        let _ = write!(
            svg,
            r##"<circle cx="{:.1}" cy="{:.1}" r="5" fill="#b3470b"/>"##,
            x(group.mean_theta),
            y(group.observed)
        );
    }
    svg.push_str("</g></svg>");
    PreEscaped(svg)
}

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// What the calibration page shows.
pub(super) struct CalibrationPage<'a> {
    pub bank: &'a ItemBank,
    pub errors: &'a [bank::Diagnostic],
    pub rows: Option<&'a Result<Vec<ProposalRow>, String>>,
    /// Items just accepted.
    pub done: Option<usize>,
    pub min_answers: u64,
    pub job: &'a JobState,
    /// The reader asked for the page to refresh itself while a job runs (`?auto=1`).
    pub auto_refresh: bool,
}

/// Seconds between automatic refreshes of the calibration page while a job runs, when the
/// reader has turned them on: often enough to follow an EM run of a minute or more, rarely
/// enough not to interrupt reading (and a screen reader) all the time.
pub const REFRESH_SECONDS: u32 = 15;

/// A time of the job, in the server's time zone: the clock only when it is today.
fn job_time(at: jiff::Timestamp) -> String {
    let at = at.to_zoned(jiff::tz::TimeZone::system());
    if at.date() == today() {
        at.strftime("%H:%M").to_string()
    } else {
        at.strftime("%d.%m.%Y %H:%M").to_string()
    }
}

fn certainty_words(t: &Author, certainty: Option<Certainty>) -> &'static str {
    match certainty {
        Some(Certainty::Sure) => t.certainty_sure,
        Some(Certainty::FairlySure) => t.certainty_fairly,
        Some(Certainty::Unsure) => t.certainty_unsure,
        None => t.not_available,
    }
}

/// The uncertainty of the bank's current parameters of a proposal row: unknown for an expert's
/// estimate; for calibrated ones, from the answers they were calibrated on (the files keep n,
/// not the standard errors: [`expected_standard_errors`]).
fn old_certainty(t: &Author, bank: &ItemBank, r: &ProposalRow) -> String {
    match bank.item(&r.id).map(|i| &i.source) {
        Some(ParamSource::Calibrated { n, .. }) => {
            let (se_a, se_b) = expected_standard_errors(r.old_a, r.old_b, r.old_c, *n);
            format!(
                "{} ({})",
                certainty_words(t, certainty(se_a, se_b)),
                t.certainty_from_n
            )
        }
        _ => t.certainty_expert.to_string(),
    }
}

/// The background job: start button, progress while it runs, the outcome of the last one.
fn job_section(form: Form, user: &Principal, job: &JobState, auto_refresh: bool) -> Markup {
    let t = &form.texts().author;
    let running = job.is_running();
    html! {
        h2 { (t.h_job) }
        @match job {
            JobState::Idle => {}
            JobState::Running { started_by, started_at, progress, max_rounds } => {
                div.status role="status" {
                    p { ((t.job_running)(started_by, &job_time(*started_at))) }
                    p { strong { ((t.job_progress)(progress.e_steps(), *max_rounds)) } }
                }
                p {
                    @if auto_refresh {
                        (t.job_auto_note) " "
                        a href="/forfatter/kalibrering" { (t.job_auto_off) }
                    } @else {
                        a href="/forfatter/kalibrering" { (t.job_refresh) }
                        " · "
                        a href="/forfatter/kalibrering?auto=1" { (t.job_auto_on) }
                    }
                }
            }
            JobState::Finished { finished_at, rounds, converged, acceptable, .. } => {
                p.status role="status" { ((t.job_finished)(&job_time(*finished_at), *rounds, *acceptable, *converged)) }
            }
            JobState::Failed { failed_at, failure, .. } => {
                div.error role="alert" {
                    p { ((t.job_failed)(&job_time(*failed_at))) " "
                        @match failure {
                            JobFailure::NoAnswers => { (t.job_no_answers) }
                            JobFailure::BankInvalid(errors) => {
                                (t.job_bank_invalid) " "
                                code { (errors.iter().map(|d| d.to_string_in(form)).collect::<Vec<_>>().join("; ")) }
                            }
                            JobFailure::Store(e) => { (t.job_store) " " code { (e) } }
                            JobFailure::Write(e) => { (t.job_write) " " code { (e) } }
                            JobFailure::Stopped => { (t.job_stopped) }
                        }
                    }
                }
            }
        }
        @if !running {
            form method="post" action="/forfatter/kalibrering/start" {
                input type="hidden" name="csrf" value=(user.csrf);
                button type="submit" { (t.job_start) }
            }
        }
    }
}

pub(super) fn calibration_view(form: Form, user: &Principal, page: &CalibrationPage) -> Markup {
    let CalibrationPage {
        bank,
        errors,
        rows,
        done,
        min_answers,
        job,
        auto_refresh,
    } = *page;
    let params = |a: f64, b: f64, c: f64| {
        format!(
            "a = {}, b = {}, c = {}",
            number(Some(a), 2),
            number(Some(b), 2),
            number(Some(c), 2)
        )
    };
    let t = &form.texts().author;
    crate::web::views::page(
        form,
        t.calibration_title,
        Some(user),
        html! {
            div.wide {
            h1 { (t.calibration_title) }
            (bank_errors(form, errors))
            @if let Some(n) = done {
                p.status role="status" { ((t.calibration_done)(n)) }
            }
            p { ((t.calibration_help)(&bank.dir.display().to_string())) }
            (job_section(form, user, job, auto_refresh))
            @match rows {
                None => { p { (t.no_proposal) } }
                Some(Err(e)) => { p.error role="alert" { (t.proposal_unreadable) code { (e) } } }
                Some(Ok(rows)) => {
                    p { (t.certainty_help) }
                    form method="post" action="/forfatter/kalibrering" {
                        input type="hidden" name="csrf" value=(user.csrf);
                        table {
                            caption { (t.proposal_caption) }
                            thead { tr {
                                th scope="col" { (t.col_accept) }
                                th scope="col" { (t.col_item) }
                                th scope="col" { (t.col_answers) }
                                th scope="col" { (t.col_now) }
                                th scope="col" { (t.col_proposal) }
                                th scope="col" { (t.col_se) }
                                th scope="col" { (t.col_note) }
                            } }
                            tbody {
                                @for r in rows {
                                    @let current = bank.item(&r.id);
                                    @let written = proposal_written(bank, r);
                                    tr {
                                        td {
                                            @if r.acceptable() && current.is_some() && !written && r.n >= min_answers {
                                                input type="checkbox" name=(format!("godta-{}", r.id)) id=(format!("godta-{}", r.id)) value="1";
                                                label for=(format!("godta-{}", r.id)) { span.skip { ((t.accept_item)(&r.id)) } }
                                            }
                                        }
                                        td { a href=(format!("/forfatter/oppgaver/{}", r.id)) { (r.id) } }
                                        td { (r.n) }
                                        td {
                                            (params(r.old_a, r.old_b, r.old_c)) " (" (if r.old_source == "calibrated" { t.calibrated } else { t.estimated }) ")"
                                            br;
                                            @if r.anchored { (t.anchored) } @else { (old_certainty(t, bank, r)) }
                                        }
                                        td {
                                            @if r.a.is_finite() && !r.anchored {
                                                (params(r.a, r.b, r.c))
                                                br;
                                                strong { (certainty_words(t, certainty(r.se_a, r.se_b))) }
                                            } @else if r.a.is_finite() { (params(r.a, r.b, r.c)) } @else { "–" }
                                        }
                                        td { @if r.se_a.is_finite() { (format!("{} / {} / {}", number(Some(r.se_a), 2), number(Some(r.se_b), 2), number(Some(r.se_c), 2))) } @else { "–" } }
                                        td {
                                            @if r.anchored { (t.anchored) }
                                            @else if !r.problem.is_empty() { (t.not_calibrated) (r.problem) }
                                            @else if current.is_none() { (t.gone) }
                                            @else if written { (t.already_written) }
                                            @else if r.n < min_answers { ((t.too_few_answers)(r.n, min_answers)) }
                                        }
                                    }
                                }
                            }
                        }
                        button type="submit" { (t.write_selected) }
                    }
                }
            }
            p { a href="/forfatter" { (t.to_bank) } }
            }
        },
    )
}

/// What the law page reports as done (from the redirect's query).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct LawDone {
    /// Items whose status was changed.
    pub applied: Option<usize>,
    /// A change was registered; the items it flags.
    pub registered: Option<usize>,
}

/// The registration form's values and what is wrong with them.
#[derive(Debug, Clone, Default)]
pub(super) struct LawRegister {
    pub input: LawChangeInput,
    pub wrong: Vec<LawChangeField>,
}

/// The registration form: one field per part of the change, each with its message.
fn law_register_form(t: &Author, user: &Principal, bank: &ItemBank, r: &LawRegister) -> Markup {
    let message = |field: LawChangeField| {
        r.wrong.contains(&field).then_some(match field {
            LawChangeField::Act => t.err_law_act,
            LawChangeField::Section => t.err_law_section,
            LawChangeField::Ledd => t.err_law_ledd,
            LawChangeField::Date => t.err_law_date,
            LawChangeField::Duplicate => t.err_law_duplicate,
        })
    };
    let field_error = |id: &str, field: LawChangeField| {
        html! {
            @if let Some(m) = message(field) {
                p.error id=(format!("{id}-feil")) { (t.error_prefix) " " (m) }
            }
        }
    };
    let described = |id: &str, field: LawChangeField| message(field).map(|_| format!("{id}-feil"));
    html! {
        h2 { (t.h_law_register) }
        @if !r.wrong.is_empty() {
            p.error role="alert" { (t.law_not_registered) }
            @if let Some(m) = message(LawChangeField::Duplicate) { p.error { (m) } }
        }
        form method="post" action="/forfatter/lovendringer/ny" novalidate {
            input type="hidden" name="csrf" value=(user.csrf);
            div.field {
                label for="lov" { (t.law_act) }
                (field_error("lov", LawChangeField::Act))
                select id="lov" name="lov" aria-invalid=[message(LawChangeField::Act).map(|_| "true")] aria-describedby=[described("lov", LawChangeField::Act)] {
                    @for act in &bank.acts {
                        option value=(act.name) selected[act.name.eq_ignore_ascii_case(r.input.act.trim())] { (act.title) " (" (act.name) ")" }
                    }
                }
            }
            div.field {
                label for="paragraf" { (t.law_section) }
                (field_error("paragraf", LawChangeField::Section))
                input type="text" id="paragraf" name="paragraf" value=(r.input.section) aria-invalid=[message(LawChangeField::Section).map(|_| "true")] aria-describedby=[described("paragraf", LawChangeField::Section)];
            }
            div.field {
                label for="ledd" { (t.law_ledd) }
                (field_error("ledd", LawChangeField::Ledd))
                input type="text" id="ledd" name="ledd" value=(r.input.ledd) inputmode="numeric" aria-invalid=[message(LawChangeField::Ledd).map(|_| "true")] aria-describedby=[described("ledd", LawChangeField::Ledd)];
            }
            div.field {
                label for="dato" { (t.law_date) }
                (field_error("dato", LawChangeField::Date))
                input type="text" id="dato" name="dato" value=(r.input.changed_on) inputmode="numeric" aria-invalid=[message(LawChangeField::Date).map(|_| "true")] aria-describedby=[described("dato", LawChangeField::Date)];
            }
            div.field {
                label for="merknad" { (t.law_note) }
                input type="text" id="merknad" name="merknad" value=(r.input.note);
            }
            button type="submit" { (t.law_register_submit) }
        }
    }
}

pub(super) fn law_view(
    form: Form,
    user: &Principal,
    bank: &ItemBank,
    errors: &[bank::Diagnostic],
    done: LawDone,
    register: &LawRegister,
) -> Markup {
    let t = &form.texts().author;
    let flagged = bank::lawchange::flagged_items(bank);
    crate::web::views::page(
        form,
        t.law_title,
        Some(user),
        html! {
            h1 { (t.law_title) }
            (bank_errors(form, errors))
            @if let Some(n) = done.applied {
                p.status role="status" { ((t.law_done)(n)) }
            }
            @if let Some(n) = done.registered {
                p.status role="status" { ((t.law_registered)(n)) }
            }
            p { (t.law_help) }
            @if bank.law_changes.is_empty() {
                p { (t.no_law_changes) }
            } @else {
                table {
                    caption { (t.law_caption) }
                    thead { tr { th scope="col" { (t.col_section) } th scope="col" { (t.col_changed) } th scope="col" { (t.col_note) } } }
                    tbody {
                        @for c in &bank.law_changes {
                            tr {
                                td { (c.section_key()) @if let Some(l) = c.ledd { " " ((t.ledd_words)(l)) } }
                                td { (c.changed_on) }
                                td { (c.note) }
                            }
                        }
                    }
                }
            }
            (law_register_form(t, user, bank, register))
            h2 { (t.h_law_review) }
            @if flagged.is_empty() {
                p { (t.nothing_to_review) }
            } @else {
                table {
                    caption { ((t.n_items)(flagged.len())) }
                    thead { tr { th scope="col" { (t.col_item) } th scope="col" { (t.col_status) } th scope="col" { (t.reviewed) } th scope="col" { (t.col_changed_sections) } } }
                    tbody {
                        @for f in &flagged {
                            tr {
                                td { a href=(format!("/forfatter/oppgaver/{}", f.item.id)) { (f.item.id) } }
                                td { (status_name(t, f.item.status)) }
                                td { (f.item.reviewed) }
                                td {
                                    @for (i, c) in f.changes.iter().enumerate() {
                                        @if i > 0 { "; " }
                                        ((t.changed_on)(&c.section_key(), &c.changed_on.to_string()))
                                    }
                                }
                            }
                        }
                    }
                }
                form method="post" action="/forfatter/lovendringer" {
                    input type="hidden" name="csrf" value=(user.csrf);
                    fieldset {
                        legend { (t.law_legend) }
                        div.option {
                            input type="radio" name="handling" id="handling-utkast" value="draft" required;
                            label for="handling-utkast" { (t.law_to_draft) }
                        }
                        div.option {
                            input type="radio" name="handling" id="handling-utgatt" value="retired" required;
                            label for="handling-utgatt" { (t.law_retire) }
                        }
                    }
                    button type="submit" { (t.law_submit) }
                }
            }
            p { a href="/forfatter" { (t.to_bank) } }
        },
    )
}

//! The author area's views: overview, item page with its fit plot, calibration and law changes.

use super::*;

// ---------------------------------------------------------------------------------------------
// Views

pub(super) fn status_name(status: Status) -> &'static str {
    match status {
        Status::Draft => "utkast",
        Status::Pretest => "utprøving",
        Status::Active => "aktiv",
        Status::Retired => "utgått",
    }
}

pub(super) fn source_code(source: &ParamSource) -> &'static str {
    match source {
        ParamSource::Expert => "expert",
        ParamSource::Calibrated { .. } => "calibrated",
    }
}

pub(super) fn source_words(source: &ParamSource) -> String {
    match source {
        ParamSource::Expert => "anslått av fagperson".into(),
        ParamSource::Calibrated { n, on } => format!("kalibrert {on} fra {n} svar"),
    }
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

pub(super) fn scope_form(data: &Data, action: &str) -> Markup {
    html! {
        form method="get" action=(action) {
            label for="syklus" { "Svar fra " }
            select id="syklus" name="syklus" {
                option value="" selected[data.scope.cycle.is_none()] { "alle sykluser" }
                @for c in &data.cycles {
                    option value=(c.id) selected[data.scope.cycle == Some(c.id)] { "syklus " (c.name) }
                }
            }
            " "
            button type="submit" { "Vis" }
        }
    }
}

/// «Statistikk beregnet HH:MM, N svar»: which snapshot of the statistics the page shows.
pub(super) fn freshness(data: &Data) -> Markup {
    let snapshot = &data.statistics;
    let at = snapshot.computed_at.to_zoned(jiff::tz::TimeZone::system());
    let when = if at.date() == today() {
        at.strftime("%H:%M").to_string()
    } else {
        at.strftime("%d.%m.%Y %H:%M").to_string()
    };
    html! {
        p.freshness {
            "Statistikk beregnet " (when) ", " (snapshot.answers) " svar"
            @if data.refreshing {
                " (ny statistikk beregnes nå – last siden på nytt om litt)"
            }
            "."
        }
    }
}

pub(super) fn bank_errors(errors: &[String]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.caveat role="alert" {
                p { strong { "Filene i oppgavebanken har feil" } " (kjør «forvalt bank check»). Sidene viser banken slik den var da serveren startet. De første feilene:" }
                ul { @for e in errors { li { code { (e) } } } }
            }
        }
    }
}

pub(super) fn overview_view(user: &Principal, data: &Data) -> Markup {
    let topics = overview(&data.bank);
    let flagged = bank::lawchange::flagged_items(&data.bank);
    let target = data.bank.test.pretest_target.max(1);
    let pretest: Vec<(&Item, &ItemStats)> = data
        .bank
        .items
        .iter()
        .zip(&data.statistics.statistics.items)
        .filter(|(i, _)| i.status == Status::Pretest)
        .collect();
    let query = scope_query(data.scope);
    crate::web::views::layout(
        "Oppgavebanken",
        Some(user),
        html! {
            div.wide {
            h1 { "Oppgavebanken" }
            (bank_errors(&data.bank_errors))
            (super::edit::attention(data))
            (scope_form(data, "/forfatter"))
            p { (data.statistics.statistics.tests) " tester med minst ett svar i utvalget." }
            (freshness(data))

            h2 { "Oppgaver per tema, status og vanskelighet" }
            (topic_table(&topics))
            h2 { "Testinformasjon per tema" }
            (information_table(&topics))

            h2 { "Lovendringer" }
            @if data.bank.law_changes.is_empty() {
                p { "Ingen endrede lovbestemmelser er registrert." }
            } @else {
                p {
                    (flagged.len()) " oppgaver viser til en bestemmelse som er endret etter at de sist ble gjennomgått. "
                    a href="/forfatter/lovendringer" { "Se oppgavene og velg hva som skal skje med dem" }
                    "."
                }
            }

            h2 { "Kalibrering" }
            p { a href="/forfatter/kalibrering" { "Se kalibreringsforslaget og godta nye parametre" } }

            h2 { "Utprøving" }
            @if pretest.is_empty() {
                p { "Ingen oppgaver er til utprøving." }
            } @else {
                table {
                    caption { "Oppgaver til utprøving: svar samlet inn mot målet for kalibrering (" (target) " svar, pretest_target i blueprint.toml)" }
                    thead { tr { th scope="col" { "Oppgave" } th scope="col" { "Svar" } th scope="col" { "Framdrift" } } }
                    tbody {
                        @for (item, s) in &pretest {
                            tr {
                                td { a href=(format!("/forfatter/oppgaver/{}{query}", item.id)) { (item.id) } }
                                td { (s.n) }
                                td {
                                    @if s.n >= target {
                                        "nok svar: vises ikke lenger i tester; "
                                        a href="/forfatter/kalibrering" { "kalibrer og sett som aktiv" }
                                    } @else {
                                        (s.n * 100 / target) " % av " (target)
                                    }
                                }
                            }
                        }
                    }
                }
            }

            h2 { "Oppgavestatistikk" }
            p { a href=(format!("/forfatter/oppgaver.csv{query}")) { "Last ned tabellen som CSV" } }
            (statistics_table(&data.bank, &data.statistics.statistics, &query))
            p { a href="/" { "Til forsiden" } }
            }
        },
    )
}

pub(super) fn topic_table(topics: &[TopicOverview]) -> Markup {
    const STATUSES: [Status; 4] = [
        Status::Active,
        Status::Pretest,
        Status::Draft,
        Status::Retired,
    ];
    html! {
        table {
            caption { "Antall oppgaver etter vanskelighet b, mot kravene i blåkopien" }
            thead {
                tr {
                    th scope="col" { "Tema" }
                    th scope="col" { "Status" }
                    th scope="col" { "b < −1" }
                    th scope="col" { "−1 ≤ b < 0" }
                    th scope="col" { "0 ≤ b < 1" }
                    th scope="col" { "b ≥ 1" }
                    th scope="col" { "Sum" }
                    th scope="col" { "Krav" }
                }
            }
            tbody {
                @for t in topics {
                    @for (row, status) in STATUSES.iter().enumerate() {
                        @let counts = t.counts[*status as usize];
                        @let total: usize = counts.iter().sum();
                        tr {
                            @if row == 0 {
                                th scope="rowgroup" rowspan="4" { (t.name) }
                            }
                            td { (status_name(*status)) }
                            @for c in counts { td { (c) } }
                            td { (total) }
                            td {
                                @if *status == Status::Active {
                                    "minst " (t.bank_min.max(t.test_max)) " aktive; " (t.test_min) "–" (t.test_max) " per test"
                                    @if total < t.bank_min.max(t.test_max) { " – " strong { "for få" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn information_table(topics: &[TopicOverview]) -> Markup {
    html! {
        table {
            caption { "Fisher-informasjon fra de beste aktive oppgavene (så mange som en test kan ta) ved ulike ferdighetsnivåer θ" }
            thead {
                tr {
                    th scope="col" { "Tema" }
                    @for theta in bank::stats::THETAS { th scope="col" { "θ = " (theta) } }
                }
            }
            tbody {
                @for t in topics {
                    tr {
                        th scope="row" { (t.name) }
                        @for i in t.information { td { (number(Some(i), 2)) } }
                    }
                }
            }
        }
    }
}

pub(super) fn statistics_table(bank: &ItemBank, stats: &BankStatistics, query: &str) -> Markup {
    html! {
        table {
            caption { "Oppgavene med statistikk fra svarene" }
            thead {
                tr {
                    th scope="col" { "Oppgave" }
                    th scope="col" { "Tema" }
                    th scope="col" { "Status" }
                    th scope="col" { "Svar" }
                    th scope="col" { "Andel riktige" }
                    th scope="col" { "Punkt­biserial" }
                    th scope="col" { "Eksponering" }
                    th scope="col" { "Infit" }
                    th scope="col" { "Outfit" }
                    th scope="col" { "Merknader" }
                }
            }
            tbody {
                @for (item, s) in bank.items.iter().zip(&stats.items) {
                    tr {
                        td { a href=(format!("/forfatter/oppgaver/{}{query}", item.id)) { (item.id) } }
                        td { (bank.topics[item.topic].name) }
                        td { (status_name(item.status)) }
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

pub(super) fn item_view(user: &Principal, data: &Data, item: &Item, s: &ItemStats) -> Markup {
    let title = format!("Oppgave {}", item.id);
    crate::web::views::layout(
        &title,
        Some(user),
        html! {
            h1 { (title) }
            (bank_errors(&data.bank_errors))
            p { a href=(format!("/forfatter{}", scope_query(data.scope))) { "Tilbake til oppgavebanken" } }
            (super::edit::item_links(&item.id))
            (freshness(data))
            dl {
                dt { "Tema" } dd { (data.bank.topics[item.topic].name) }
                dt { "Status" } dd { (status_name(item.status)) }
                dt { "Forfatter" } dd { (item.author) }
                dt { "Sist gjennomgått" } dd { (item.reviewed) }
                dt { "Parametre" }
                dd {
                    "a = " (number(Some(item.params.a()), 2)) ", b = " (number(Some(item.params.b()), 2))
                    ", c = " (number(Some(item.params.c()), 2)) " (" (source_words(&item.source)) ")"
                }
                dt { "Lovhenvisninger" }
                dd {
                    @for (i, r) in item.references.iter().enumerate() {
                        @if i > 0 { "; " }
                        (r.to_string())
                    }
                }
                dt { "Versjon" } dd { code { (item.version) } }
            }

            h2 { "Slik ser saksbehandleren oppgaven" }
            (crate::web::views::question(&item.stem, &item.options, None, true))
            p { "Riktig svar: " (Item::letter(item.key)) ". " (item.options[item.key]) }
            p { strong { "Forklaring: " } (item.explanation) }
            @if let Some(nn) = &item.nn {
                h3 { "På nynorsk" }
                div lang="nn" {
                    (crate::web::views::question(&nn.stem, &nn.options, None, true))
                    p { "Rett svar: " (Item::letter(item.key)) ". " (nn.options[item.key]) }
                    p { strong { "Forklaring: " } (nn.explanation) }
                }
            }

            h2 { "Merknader" }
            @if s.flags.is_empty() {
                p { "Ingen merknader." }
            } @else {
                ul { @for f in &s.flags { li { (f.words()) } } }
            }

            h2 { "Statistikk fra svarene" }
            @if item.status == Status::Pretest {
                p { "Til utprøving: " (s.n) " av " (data.bank.test.pretest_target) " svar som trengs for å kalibrere." }
            }
            table {
                caption { "Nøkkeltall (" (scope_words(data)) ")" }
                tbody {
                    tr { th scope="row" { "Antall svar" } td { (s.n) } }
                    tr { th scope="row" { "Andel riktige" } td { (percent(s.proportion_correct)) } }
                    tr { th scope="row" { "Punktbiserial (mot θ̂ uten denne oppgaven)" } td { (number(s.point_biserial, 2)) } }
                    tr { th scope="row" { "Eksponering (andel av testene)" } td { (percent(s.exposure)) " (grense " (percent(Some(data.bank.test.max_exposure))) ")" } }
                    tr { th scope="row" { "Infit (forventet 1)" } td { (number(s.infit, 2)) } }
                    tr { th scope="row" { "Outfit (forventet 1)" } td { (number(s.outfit, 2)) } }
                    tr { th scope="row" { "Median svartid" } td {
                        @match s.median_response_ms {
                            Some(ms) => { (number(Some(ms / 1000.0), 1)) " s" }
                            None => "ikke tilgjengelig",
                        }
                    } }
                    tr { th scope="row" { "Ventet andel riktige blant alle testede" } td { (percent(s.population_expected)) } }
                }
            }

            (form_comparison(item, s))

            h2 { "Modelltilpasning" }
            @if s.groups.is_empty() {
                p { "Ingen svar ennå." }
            } @else {
                figure {
                    (fit_plot(item, s))
                    figcaption { "Observert andel riktige (punkter) mot modellens forventning (kurve) i ferdighetsgrupper. Tallene står i tabellen under." }
                }
                table {
                    caption { "Observert og forventet andel riktige per ferdighetsgruppe" }
                    thead { tr {
                        th scope="col" { "Gruppe" } th scope="col" { "θ̂ fra–til" } th scope="col" { "Svar" }
                        th scope="col" { "Observert" } th scope="col" { "Forventet" }
                    } }
                    tbody {
                        @for (g, group) in s.groups.iter().enumerate() {
                            tr {
                                td { (g + 1) }
                                td { (number(Some(group.theta_low), 2)) " til " (number(Some(group.theta_high), 2)) }
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
fn form_comparison(item: &Item, s: &ItemStats) -> Markup {
    use crate::app::authoring::{DifClass, MIN_ANSWERS_PER_FORM};
    html! {
        h2 id="malformer" { "Nynorsk og bokmål" }
        @match (&item.nn, s.forms) {
            (None, None) => p { "Oppgaven har ingen nynorskform ennå." },
            (_, None) => p { "Ingen har fått oppgaven på nynorsk ennå." },
            (_, Some(f)) => {
                @match f.dif {
                    None => p {
                        (f.n_nb) " svar på bokmål og " (f.n_nn) " på nynorsk: for få til å sammenligne formene (det trengs "
                        (MIN_ANSWERS_PER_FORM) " på hver)."
                    },
                    Some(dif) => {
                        p.status {
                            "Nynorsk og bokmål: "
                            @match (dif.class, dif.delta < 0.0) {
                                (DifClass::A, _) => "likeverdige",
                                (DifClass::B, true) => "nynorskformen er litt vanskeligere",
                                (DifClass::B, false) => "bokmålsformen er litt vanskeligere",
                                (DifClass::C, true) => "nynorskformen er vanskeligere",
                                (DifClass::C, false) => "bokmålsformen er vanskeligere",
                            }
                            " (" (f.n_nb) " svar på bokmål, " (f.n_nn) " på nynorsk)."
                        }
                        p {
                            "Mantel–Haenszel med ferdighetsgrupper etter θ̂: ETS-klasse " (format!("{:?}", dif.class))
                            ", Δ = " (number(Some(dif.delta), 2)) " (standardfeil " (number(Some(dif.delta_se), 2))
                            "), χ² = " (number(Some(dif.chi_square), 1))
                            ". Negativ Δ betyr at nynorskformen er vanskeligere for folk på samme nivå; A er ubetydelig, B moderat, C stor forskjell."
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn scope_words(data: &Data) -> String {
    match data
        .scope
        .cycle
        .and_then(|id| data.cycles.iter().find(|c| c.id == id))
    {
        Some(c) => format!("syklus {}", c.name),
        None => "alle sykluser".into(),
    }
}

/// The item characteristic curve with the observed share correct per ability group, as inline
/// SVG. Decorative details are hidden from assistive technology; the figure has a text
/// alternative and the same numbers are in the table that follows it.
pub(super) fn fit_plot(item: &Item, s: &ItemStats) -> Markup {
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
        .map(|(g, group)| {
            format!(
                "gruppe {}: observert {:.0} %, forventet {:.0} %",
                g + 1,
                group.observed * 100.0,
                group.expected * 100.0
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img" aria-labelledby="tilpasning-tittel tilpasning-beskrivelse"><title id="tilpasning-tittel">Modelltilpasning for {id}</title><desc id="tilpasning-beskrivelse">{description}</desc>"##,
        id = escape(&item.id),
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
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">θ̂ (ferdighet)</text><polyline points="{curve}" fill="none" stroke="#0b4f8a" stroke-width="2"/>"##,
        (LEFT + W - RIGHT) / 2.0,
        H - 2.0
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

pub(super) fn calibration_view(
    user: &Principal,
    bank: &ItemBank,
    errors: &[String],
    rows: Option<&Result<Vec<ProposalRow>, String>>,
    done: Option<usize>,
) -> Markup {
    let params = |a: f64, b: f64, c: f64| {
        format!(
            "a = {}, b = {}, c = {}",
            number(Some(a), 2),
            number(Some(b), 2),
            number(Some(c), 2)
        )
    };
    crate::web::views::layout(
        "Kalibrering",
        Some(user),
        html! {
            div.wide {
            h1 { "Kalibrering" }
            (bank_errors(errors))
            @if let Some(n) = done {
                p.status role="status" { (n) " oppgaver har fått kalibrerte parametre i filene i oppgavebanken." }
            }
            p { "Et forslag lages med «forvalt calibrate --db forvalt.redb --bank " (bank.dir.display()) " --anchors active» (stopp serveren først). Aktive, kalibrerte oppgaver holdes fast og bestemmer skalaen; de andre får nye parametre. Godtatte parametre skrives i oppgavefilene med source = \"calibrated\", antall svar og dato." }
            @match rows {
                None => { p { "Det finnes ikke noe kalibreringsforslag ennå." } }
                Some(Err(e)) => { p.error role="alert" { "Forslaget kan ikke leses: " code { (e) } } }
                Some(Ok(rows)) => {
                    form method="post" action="/forfatter/kalibrering" {
                        input type="hidden" name="csrf" value=(user.csrf);
                        table {
                            caption { "Forslag: gamle og nye parametre (med standardfeil)" }
                            thead { tr {
                                th scope="col" { "Godta" }
                                th scope="col" { "Oppgave" }
                                th scope="col" { "Svar" }
                                th scope="col" { "Nå" }
                                th scope="col" { "Forslag" }
                                th scope="col" { "Standardfeil" }
                                th scope="col" { "Merknad" }
                            } }
                            tbody {
                                @for r in rows {
                                    @let current = bank.item(&r.id);
                                    @let written = proposal_written(bank, r);
                                    tr {
                                        td {
                                            @if r.acceptable() && current.is_some() && !written {
                                                input type="checkbox" name=(format!("godta-{}", r.id)) id=(format!("godta-{}", r.id)) value="1";
                                                label for=(format!("godta-{}", r.id)) { span.skip { "Godta " (r.id) } }
                                            }
                                        }
                                        td { a href=(format!("/forfatter/oppgaver/{}", r.id)) { (r.id) } }
                                        td { (r.n) }
                                        td { (params(r.old_a, r.old_b, r.old_c)) " (" (if r.old_source == "calibrated" { "kalibrert" } else { "anslått" }) ")" }
                                        td { @if r.a.is_finite() { (params(r.a, r.b, r.c)) } @else { "–" } }
                                        td { @if r.se_a.is_finite() { (format!("{} / {} / {}", number(Some(r.se_a), 2), number(Some(r.se_b), 2), number(Some(r.se_c), 2))) } @else { "–" } }
                                        td {
                                            @if r.anchored { "ankeroppgave (holdt fast)" }
                                            @else if !r.problem.is_empty() { "ikke kalibrert: " (r.problem) }
                                            @else if current.is_none() { "finnes ikke lenger i banken" }
                                            @else if written { "allerede skrevet til filen" }
                                        }
                                    }
                                }
                            }
                        }
                        button type="submit" { "Skriv valgte parametre til oppgavefilene" }
                    }
                }
            }
            p { a href="/forfatter" { "Til oppgavebanken" } }
            }
        },
    )
}

pub(super) fn law_view(
    user: &Principal,
    bank: &ItemBank,
    errors: &[String],
    done: Option<usize>,
) -> Markup {
    let flagged = bank::lawchange::flagged_items(bank);
    crate::web::views::layout(
        "Lovendringer",
        Some(user),
        html! {
            h1 { "Lovendringer" }
            (bank_errors(errors))
            @if let Some(n) = done {
                p.status role="status" { (n) " oppgaver er endret i filene i oppgavebanken." }
            }
            p { "Endringer registreres med «forvalt law changed --act … --section … --date …». En oppgave som viser til en endret bestemmelse og sist ble gjennomgått før endringen, må gjennomgås på nytt." }
            @if bank.law_changes.is_empty() {
                p { "Ingen endrede lovbestemmelser er registrert." }
            } @else {
                table {
                    caption { "Registrerte endringer" }
                    thead { tr { th scope="col" { "Bestemmelse" } th scope="col" { "Endret" } th scope="col" { "Merknad" } } }
                    tbody {
                        @for c in &bank.law_changes {
                            tr { td { (c.section_key()) } td { (c.changed_on) } td { (c.note) } }
                        }
                    }
                }
            }
            h2 { "Oppgaver som må gjennomgås" }
            @if flagged.is_empty() {
                p { "Ingen oppgaver må gjennomgås på grunn av lovendringer." }
            } @else {
                table {
                    caption { (flagged.len()) " oppgaver" }
                    thead { tr { th scope="col" { "Oppgave" } th scope="col" { "Status" } th scope="col" { "Sist gjennomgått" } th scope="col" { "Endrede bestemmelser" } } }
                    tbody {
                        @for f in &flagged {
                            tr {
                                td { a href=(format!("/forfatter/oppgaver/{}", f.item.id)) { (f.item.id) } }
                                td { (status_name(f.item.status)) }
                                td { (f.item.reviewed) }
                                td {
                                    @for (i, c) in f.changes.iter().enumerate() {
                                        @if i > 0 { "; " }
                                        (c.section_key()) " (endret " (c.changed_on) ")"
                                    }
                                }
                            }
                        }
                    }
                }
                form method="post" action="/forfatter/lovendringer" {
                    input type="hidden" name="csrf" value=(user.csrf);
                    fieldset {
                        legend { "Hva skal skje med alle oppgavene i listen?" }
                        div.option {
                            input type="radio" name="handling" id="handling-utkast" value="draft" required;
                            label for="handling-utkast" { "Tilbake til utkast (tas ut av testene til de er gjennomgått og aktivert igjen)" }
                        }
                        div.option {
                            input type="radio" name="handling" id="handling-utgatt" value="retired" required;
                            label for="handling-utgatt" { "Utgått (tas ut av bruk for godt)" }
                        }
                    }
                    button type="submit" { "Endre status i filene" }
                }
            }
            p { a href="/forfatter" { "Til oppgavebanken" } }
        },
    )
}

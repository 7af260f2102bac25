//! The HR views: the `/hr` page (selector, heatmap, tables), the drill-down and the follow-up
//! plan, as maud functions over the application's results.

use super::*;

pub(super) fn drill_page(user: &Principal, drill: &Drill) -> Markup {
    let q = format!(
        "syklus={}&niva={}&avdeling={}",
        drill.cycle.id,
        drill.level,
        encode(&drill.department)
    );
    let base = url_path(&drill.topic.id);
    let kind = |k: &str| match k {
        "section" => "Lovbestemmelse",
        "tag" => "Sakstype",
        _ => "Oppgave",
    };
    crate::web::views::layout(
        &format!("{} – {}", drill.topic.name, drill.department),
        Some(user),
        html! {
            h1 { (drill.topic.name) " – " (drill.department) }
            p {
                "Syklus " strong { (drill.cycle.name) } ", nivå " (drill.level)
                ". Hvilke lovbestemmelser, sakstyper og oppgaver som trekker ned i temaet. "
                "«Observert − ventet» er antall riktige svar minus det antallet som var ventet ut fra hver persons samlede nivå i testen; "
                "negative tall betyr flere feil enn ventet. De svakeste står først. "
                "Oppgaver med færre enn k = " (drill.min_people) " personer vises ikke, heller ikke når tallene deres kunne regnes ut "
                "fra andre rader eller avdelinger, og ingen enkeltpersoners svar vises. "
                "Radene for lovbestemmelser og sakstyper summerer bare oppgavene som vises."
            }
            p {
                "Last ned som " a href=(format!("{base}?{q}&format=csv")) { "CSV" }
                " eller " a href=(format!("{base}?{q}&format=json")) { "JSON" } ". "
                a href=(format!("/hr?syklus={}&niva={}", drill.cycle.id, drill.level)) { "Tilbake til rapporten" }
            }
            @if drill.waiting_for_deadline {
                p {
                    "Oppgavene vises når fristen for syklusen er ute, fra dagen etter " (drill.deadline) ". "
                    "Da regnes de ut én gang for alle fra de testene som var med i rapporten ved fristen, "
                    "slik at ingen kan se hva den enkelte svarte ved å sammenligne tallene før og etter at noen tok testen."
                }
            } @else if !drill.shown {
                p { (SUPPRESSED) ": færre enn " (drill.min_people) " personer i avdelingen har svart på oppgaver i temaet, eller tallene kunne regnes ut fra andre avdelinger." }
            } @else if drill.rows.is_empty() {
                p { "Ingen oppgaver i temaet kan vises for avdelingen uten at færre enn " (drill.min_people) " personer kunne skilles ut." }
            } @else {
                div.wide role="region" aria-labelledby="drill-tittel" tabindex="0" {
                    table {
                        caption id="drill-tittel" {
                            (drill.topic.name) ", " (drill.department) ": lovbestemmelser, sakstyper og oppgaver, svakest først"
                        }
                        thead {
                            tr {
                                th scope="col" { "Type" }
                                th scope="col" { "Lovbestemmelse, sakstype eller oppgave" }
                                th scope="col" { "Oppgaver" }
                                th scope="col" { "Svar" }
                                th scope="col" { "Personer" }
                                th scope="col" { "Andel riktige" }
                                th scope="col" { "Observert − ventet riktige" }
                            }
                        }
                        tbody {
                            @for row in &drill.rows {
                                tr {
                                    td { (kind(row.kind)) }
                                    th scope="row" {
                                        (row.key)
                                        @if let Some(stem) = &row.stem_start { ": " (stem) }
                                    }
                                    td { (row.items) }
                                    td { (row.answers) }
                                    td { (row.people) }
                                    td { (percent(row.share_correct)) }
                                    td { (number(row.observed_minus_expected)) }
                                }
                            }
                        }
                    }
                }
            }
            @if drill.shown && drill.suppressed > 0 {
                p {
                    (drill.suppressed) " oppgaver er skjult (færre enn " (drill.min_people)
                    " personer, eller tallene kunne regnes ut fra andre rader)."
                }
            }
        },
    )
}

// ---------------------------------------------------------------------------------------------
// Views.

/// A difference in Norwegian words.
pub(super) fn band_words(band: Band) -> &'static str {
    match band {
        Band::ClearlyBelow => "svak: tydelig under",
        Band::PossiblyBelow => "kanskje under (usikkert)",
        Band::NoClearDifference => "ingen tydelig forskjell",
        Band::PossiblyAbove => "kanskje over (usikkert)",
        Band::ClearlyAbove => "tydelig over",
    }
}

/// The short label written in a heatmap cell, so the colour is never the only information.
pub(super) fn band_short(band: Band) -> &'static str {
    match band {
        Band::ClearlyBelow => "SVAK",
        Band::PossiblyBelow => "under?",
        Band::NoClearDifference => "≈",
        Band::PossiblyAbove => "over?",
        Band::ClearlyAbove => "over",
    }
}

/// Light fills: dark text on each has a contrast ratio above 7:1.
pub(super) fn band_fill(band: Band) -> &'static str {
    match band {
        Band::ClearlyBelow => "#f2a8a8",
        Band::PossiblyBelow => "#fbdcc8",
        Band::NoClearDifference => "#eeeeee",
        Band::PossiblyAbove => "#d3e5f5",
        Band::ClearlyAbove => "#a9cbe9",
    }
}

pub(super) const SUPPRESSED: &str = "skjult (færre enn k)";

/// `0.623` → "62 %".
pub(super) fn percent(x: f64) -> String {
    if x.is_finite() {
        format!("{:.0} %", 100.0 * x)
    } else {
        "–".to_string()
    }
}

/// A signed number with a decimal comma and a real minus sign.
pub(super) fn number(x: f64) -> String {
    if x.is_infinite() {
        return if x > 0.0 { "∞" } else { "−∞" }.to_string();
    }
    format!("{x:+.2}").replace('-', "−").replace('.', ",")
}

pub(super) fn interval(low: f64, high: f64) -> String {
    format!("{} til {}", number(low), number(high))
}

pub(super) fn comparison_text(c: &Comparison) -> String {
    format!(
        "{} ({}; 95 % intervall {})",
        band_words(c.band),
        number(c.difference),
        interval(c.interval.low, c.interval.high)
    )
}

pub(super) fn selector(selection: &Selection, statistic: Statistic, action: &str) -> Markup {
    html! {
        form method="get" action=(action) class="no-print" {
            div.field {
                label for="syklus" { "Syklus" }
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
                label for="niva" { "Nivå i organisasjonen" }
                br;
                select id="niva" name="niva" {
                    @for level in 1..=selection.max_level {
                        option value=(level) selected[level == selection.level] {
                            "Nivå " (level)
                            @if level == 1 { " (øverste)" }
                        }
                    }
                }
            }
            @if action == "/hr" {
                div.field {
                    label for="statistikk" { "Fargene i varmekartet viser" }
                    br;
                    select id="statistikk" name="statistikk" {
                        option value="relativ" selected[statistic == Statistic::Relative] {
                            "temaet mot avdelingens eget nivå (relativ)"
                        }
                        option value="absolutt" selected[statistic == Statistic::Absolute] {
                            "avdelingen mot hele organisasjonen (absolutt)"
                        }
                    }
                }
            }
            button type="submit" { "Vis" }
        }
    }
}

pub(super) fn hr_page(user: &Principal, data: &HrPage, statistic: Statistic) -> Markup {
    let selection = &data.selection;
    crate::web::views::layout(
        "Rapporter for HR",
        Some(user),
        html! {
            h1 { "Rapporter for HR" }
            @if selection.cycles.is_empty() {
                p { "Det er ingen testsykluser ennå." }
            } @else {
                (selector(selection, statistic, "/hr"))
            }
            @if let (Some(report), Some(completion)) = (&data.report, &data.completion) {
                @let q = format!("syklus={}&niva={}", report.cycle.id, report.report.level);
                (explanation(report))
                h2 id="varmekart" { "Varmekart: avdeling × tema" }
                (heatmap(report, statistic))
                h2 id="tabell" { "Tabell: avdeling × tema" }
                p {
                    "Samme tall som varmekartet. Last ned som "
                    a href=(format!("/hr/tema?{q}&format=csv")) { "CSV" } " eller "
                    a href=(format!("/hr/tema?{q}&format=json")) { "JSON" } "."
                }
                (topic_table(report))
                h2 id="gjennomforing" { "Gjennomføring" }
                p {
                    "Last ned som "
                    a href=(format!("/hr/gjennomforing?{q}&format=csv")) { "CSV" } " eller "
                    a href=(format!("/hr/gjennomforing?{q}&format=json")) { "JSON" } ". "
                    "Navneliste for oppfølging av gjennomføringen: "
                    a href=(format!("/hr/gjennomforing/personer?{q}&format=csv")) { "CSV" } " eller "
                    a href=(format!("/hr/gjennomforing/personer?{q}&format=json")) { "JSON" } "."
                }
                (completion_table(completion))
                h2 { "Oppfølging" }
                p {
                    a href=(format!("/hr/oppfolging?{q}")) { "Oppfølgingsplan per avdeling (for utskrift)" }
                }
            }
            p { a href="/" { "Til forsiden" } }
        },
    )
}

pub(super) fn explanation(report: &TopicReport) -> Markup {
    html! {
        p {
            "Syklus " strong { (report.cycle.name) } ", nivå " (report.report.level)
            ". Tallene bygger på svarene i fullførte tester, og tar hensyn til hvor vanskelige oppgavene hver person fikk var. "
            "Avdelinger med færre enn k = " (report.report.min_people) " personer i et tema vises ikke for det temaet («" (SUPPRESSED) "»), "
            "og heller ikke en avdeling som ellers kunne brukes til å regne ut et skjult tall. Ingen enkeltpersoners svar eller resultater vises. "
            "Nye fullførte tester kommer med i rapporten i puljer, først når minst " (report.report.min_people)
            " nye personer i hver avdeling og hvert tema har fullført, så en test som nettopp er fullført, vises ikke med en gang."
        }
        ul {
            li { strong { "Relativ: " } "temaet mot avdelingens eget nivå i de andre temaene. Brukes til å velge tema for oppfølging." }
            li { strong { "Absolutt: " } "avdelingens nivå i temaet mot hele organisasjonens nivå i samme tema." }
            li { "«Svak» betyr at hele 95 %-intervallet ligger under, etter korreksjon for mange sammenligninger. «Kanskje» betyr at forskjellen kan skyldes tilfeldigheter." }
            li { "Rå andel riktige vises bare som tilleggsinformasjon: en adaptiv test gir alle oppgaver nær eget nivå, så den sier lite alene." }
        }
        @if report.skipped_answers > 0 {
            p { (report.skipped_answers) " svar på oppgaver som er endret siden er holdt utenfor (de nye versjonene er ikke kalibrert)." }
        }
    }
}

/// The heatmap as SVG: colour and a short word per cell, the interval in each cell's `<title>`.
pub(super) fn heatmap(report: &TopicReport, statistic: Statistic) -> Markup {
    const LABEL: f64 = 230.0;
    const CELL_W: f64 = 86.0;
    const CELL_H: f64 = 34.0;
    const HEAD: f64 = 130.0;
    let groups = &report.report.groups;
    let width = LABEL + CELL_W * report.topics.len() as f64 + 10.0;
    let height = HEAD + CELL_H * groups.len() as f64 + 10.0;
    let what = match statistic {
        Statistic::Relative => "temaet mot avdelingens eget nivå",
        Statistic::Absolute => "avdelingen mot hele organisasjonen",
    };
    html! {
        @if groups.is_empty() {
            p { "Ingen avdelinger på dette nivået har fullførte tester i syklusen." }
        } @else {
            div.wide role="region" aria-label="Varmekart" tabindex="0" {
                svg xmlns="http://www.w3.org/2000/svg" width=(width) height=(height)
                    viewBox=(format!("0 0 {width} {height}")) role="img"
                    aria-labelledby="varmekart-tittel varmekart-beskrivelse" {
                    title id="varmekart-tittel" { "Varmekart: " (what) }
                    desc id="varmekart-beskrivelse" {
                        "Hver rute er en avdeling og et tema. Tallene står i tabellen under varmekartet."
                    }
                    @for (t, topic) in report.topics.iter().enumerate() {
                        @let x = LABEL + CELL_W * t as f64 + CELL_W / 2.0;
                        text x=(x) y=(HEAD - 8.0) font-size="13" fill="#1a1a1a"
                            transform=(format!("rotate(-35 {x} {})", HEAD - 8.0)) { (topic.name) }
                    }
                    @for (r, group) in groups.iter().enumerate() {
                        @let y = HEAD + CELL_H * r as f64;
                        text x="4" y=(y + CELL_H / 2.0 + 5.0) font-size="13" fill="#1a1a1a" { (group.path) }
                        @for (t, cell) in group.cells.iter().enumerate() {
                            @let x = LABEL + CELL_W * t as f64;
                            @let topic = &report.topics[t].name;
                            g {
                                @match cell {
                                    Cell::Suppressed => {
                                        title { (group.path) ", " (topic) ": " (SUPPRESSED) }
                                        rect x=(x + 1.0) y=(y + 1.0) width=(CELL_W - 2.0) height=(CELL_H - 2.0)
                                            fill="#ffffff" stroke="#6b6b6b" stroke-dasharray="4 3" {}
                                        text x=(x + CELL_W / 2.0) y=(y + CELL_H / 2.0 + 5.0) font-size="12"
                                            text-anchor="middle" fill="#4a4a4a" { "skjult" }
                                    }
                                    Cell::Published(s) => {
                                        @let c = match statistic {
                                            Statistic::Relative => &s.relative,
                                            Statistic::Absolute => &s.absolute,
                                        };
                                        title {
                                            (group.path) ", " (topic) ": " (comparison_text(c))
                                            ". " (s.people) " personer, " (s.answers) " svar."
                                        }
                                        rect x=(x + 1.0) y=(y + 1.0) width=(CELL_W - 2.0) height=(CELL_H - 2.0)
                                            fill=(band_fill(c.band))
                                            stroke=(if c.weak { "#7a0000" } else { "#6b6b6b" })
                                            stroke-width=(if c.weak { "3" } else { "1" }) {}
                                        text x=(x + CELL_W / 2.0) y=(y + CELL_H / 2.0 + 5.0) font-size="13"
                                            text-anchor="middle" fill="#1a1a1a"
                                            font-weight=(if c.weak { "bold" } else { "normal" }) { (band_short(c.band)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p { "Forklaring: «SVAK» = tydelig under (sikker forskjell), «under?» / «over?» = kanskje under / over (usikkert), «≈» = ingen tydelig forskjell, «skjult» = færre enn " (report.report.min_people) " personer." }
        }
    }
}

/// The accessible table with the heatmap's numbers, one row per department and topic.
pub(super) fn topic_table(report: &TopicReport) -> Markup {
    let previous = report.previous.as_ref().map(|(c, _)| c.name.clone());
    if report.report.groups.is_empty() {
        return html! {};
    }
    html! {
        div.wide role="region" aria-labelledby="tema-tabell-tittel" tabindex="0" {
            table {
                caption id="tema-tabell-tittel" {
                    "Avdeling og tema, syklus " (report.cycle.name) ", nivå " (report.report.level)
                }
                thead {
                    tr {
                        th scope="col" { "Avdeling" }
                        th scope="col" { "Tema" }
                        th scope="col" { "Nivå (ventet andel riktige på en typisk oppgave, 95 % intervall)" }
                        th scope="col" { "Temaet mot eget nivå (relativ)" }
                        th scope="col" { "Mot organisasjonen (absolutt)" }
                        th scope="col" { "Personer / svar" }
                        th scope="col" { "Rå andel riktige (tillegg)" }
                        th scope="col" {
                            "Endring i nivå siden "
                            (previous.as_deref().unwrap_or("forrige syklus"))
                        }
                    }
                }
                tbody {
                    @for group in &report.report.groups {
                        @for (t, cell) in group.cells.iter().enumerate() {
                            tr {
                                th scope="row" { (group.path) }
                                td {
                                    a href=(drill_url(report, &group.path, &report.topics[t].id)) {
                                        (report.topics[t].name)
                                    }
                                }
                                @match cell {
                                    Cell::Suppressed => {
                                        td colspan="6" { (SUPPRESSED) }
                                    }
                                    Cell::Published(s) => {
                                        @let (low, high) = report.report.level_shares(t, &s.level.interval).unzip();
                                        td {
                                            (Level::of(s.level.theta).label()) ": " (percent(s.level.share_typical))
                                            @if let (Some(low), Some(high)) = (low, high) {
                                                " (" (percent(low)) "–" (percent(high)) ")"
                                            }
                                        }
                                        td {
                                            @if s.relative.weak { strong { "Svak. " } }
                                            (comparison_text(&s.relative))
                                            ". Ventet " (percent(s.share_own_level)) " riktige ut fra eget nivå, "
                                            (percent(s.share_topic)) " i temaet."
                                        }
                                        td {
                                            @if s.absolute.weak { strong { "Svak. " } }
                                            (comparison_text(&s.absolute))
                                        }
                                        td { (s.people) " / " (s.answers) }
                                        td { (percent(s.raw_share_correct)) }
                                        td {
                                            @match report.trend(&group.path, t) {
                                                Some(trend) => {
                                                    (number(trend.level.difference)) " (" (interval(trend.level.interval.low, trend.level.interval.high)) ")"
                                                }
                                                None => "–",
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn completion_table(completion: &Completion) -> Markup {
    html! {
        @if completion.rows.is_empty() {
            p { "Ingen saksbehandlere er registrert." }
        } @else {
            table {
                caption { "Gjennomføring per avdeling, syklus " (completion.cycle.name) }
                thead {
                    tr {
                        th scope="col" { "Avdeling" }
                        th scope="col" { "Skal ta testen" }
                        th scope="col" { "Påbegynt" }
                        th scope="col" { "Fullført" }
                        th scope="col" { "Fristen er passert" }
                        th scope="col" { "Ikke åpnet ennå" }
                        th scope="col" { "I alt" }
                    }
                }
                tbody {
                    @for row in &completion.rows {
                        (completion_row(row))
                    }
                }
            }
        }
    }
}

pub(super) fn completion_row(row: &CompletionRow) -> Markup {
    html! {
        tr {
            th scope="row" { (if row.department.is_empty() { "(uten avdeling)" } else { row.department.as_str() }) }
            td { (row.due) }
            td { (row.in_progress) }
            td { (row.completed) }
            td { (row.overdue) }
            td { (row.upcoming) }
            td { (row.total) }
        }
    }
}

pub(super) fn plan_page(
    user: &Principal,
    selection: &Selection,
    report: &TopicReport,
    plan: &[PlanRow],
) -> Markup {
    let q = format!("syklus={}&niva={}", report.cycle.id, report.report.level);
    crate::web::views::layout(
        "Oppfølgingsplan",
        Some(user),
        html! {
            h1 { "Oppfølgingsplan – " (report.cycle.name) }
            (selector(selection, Statistic::Relative, "/hr/oppfolging"))
            p {
                "For hver avdeling: de temaene der avdelingen gjør det svakest sammenlignet med sitt eget nivå i de andre temaene "
                "(de to svakeste, og et tredje når det er tydelig svakt), med spørsmål til refleksjon fra oppgavebanken. "
                "Temaer med færre enn " (report.report.min_people) " personer er ikke med."
            }
            p.no-print {
                "Last ned som " a href=(format!("/hr/oppfolging?{q}&format=csv")) { "CSV" }
                " eller " a href=(format!("/hr/oppfolging?{q}&format=json")) { "JSON" } ". "
                a href=(format!("/hr?{q}")) { "Tilbake til rapporten" }
            }
            @if plan.is_empty() {
                p { "Ingen avdelinger på dette nivået har fullførte tester i syklusen." }
            }
            @for (i, row) in plan.iter().enumerate() {
                section.plan aria-labelledby=(format!("plan-{i}")) {
                    h2 id=(format!("plan-{i}")) { (row.department) }
                    @if row.topics.is_empty() && row.suppressed == report.topics.len() {
                        p { "For få personer til å vise noe for denne avdelingen." }
                    } @else if row.topics.is_empty() {
                        p { "Ingen tema ligger under avdelingens eget nivå." }
                    } @else {
                        ol {
                            @for p in &row.topics {
                                @let topic = &report.topics[p.topic];
                                li {
                                    h3 {
                                        (topic.name)
                                        @if p.weak { " – tydelig svakt" }
                                    }
                                    p {
                                        (band_words(p.band)) " (" (number(p.relative)) "; 95 % intervall "
                                        (interval(p.low, p.high)) "). Ventet " (percent(p.share_own_level))
                                        " riktige ut fra avdelingens eget nivå, " (percent(p.share_topic)) " i temaet."
                                    }
                                    @if !topic.reflection.is_empty() {
                                        p { "Spørsmål til refleksjon:" }
                                        ul {
                                            @for question in &topic.reflection { li { (question) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if row.suppressed > 0 && row.suppressed < report.topics.len() {
                        p { (row.suppressed) " tema er skjult for å verne enkeltpersoner (færre enn " (report.report.min_people) " personer, eller tallet kunne regnes ut fra andre avdelinger)." }
                    }
                }
            }
        },
    )
}

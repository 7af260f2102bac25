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

pub(super) const SUPPRESSED: &str = "skjult (færre enn k)";

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

/// A comparison in words and logits, with the unit: for the details view and the tooltips.
pub(super) fn comparison_logits(c: &Comparison, question: Question) -> String {
    format!(
        "{} ({} logit; 95 % intervall {} logit)",
        c.band.norwegian(question),
        number(c.difference),
        interval(c.interval.low, c.interval.high)
    )
}

/// The relative comparison in percent on the topic's typical item.
pub(super) fn relative_text(s: &CellStats) -> String {
    format!(
        "{}: {} riktige der {} var ventet ut fra eget nivå",
        s.relative.band.norwegian(Question::Relative),
        percent(s.share_topic),
        percent(s.share_own_level)
    )
}

/// The absolute comparison in percent on the topic's typical item.
pub(super) fn absolute_text(report: &Report, t: usize, s: &CellStats) -> String {
    format!(
        "{}: {} riktige der organisasjonen har {}",
        s.absolute.band.norwegian(Question::Absolute),
        percent(s.level.share_typical),
        percent(summary::reference_share(report, t, s))
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
            (HR_STYLE)
            h1 { "Rapporter for HR" }
            @if selection.cycles.is_empty() {
                p { "Det er ingen testsykluser ennå." }
            } @else {
                (selector(selection, statistic, "/hr"))
            }
            @if let (Some(report), Some(completion)) = (&data.report, &data.completion) {
                @let q = format!("syklus={}&niva={}", report.cycle.id, report.report.level);
                (ranked_summary(report, &q))
                (explanation(report))
                h2 id="varmekart" { "Varmekart: avdeling × tema" }
                (heatmap(report, statistic))
                h2.no-print id="tabell" { "Tabell: avdeling × tema" }
                p.no-print {
                    "Samme tall som varmekartet. Last ned som "
                    (downloads(&format!("/hr/tema?{q}")))
                }
                (topic_table(report))
                (details_table(report))
                h2 id="gjennomforing" { "Gjennomføring" }
                p.no-print {
                    a href=(format!("/hr/gjennomforing?{q}")) { "Gjennomføring per avdeling med navneliste" }
                    ". Last ned som "
                    (downloads(&format!("/hr/gjennomforing?{q}")))
                    " Navneliste for oppfølging av gjennomføringen: "
                    (downloads(&format!("/hr/gjennomforing/personer?{q}")))
                }
                (completion_table(completion))
                h2 { "Oppfølging" }
                p {
                    a href=(format!("/hr/oppfolging?{q}")) { "Oppfølgingsplan per avdeling (for utskrift)" }
                }
            }
            p.no-print { a href="/" { "Til forsiden" } }
        },
    )
}

/// Links to the downloads of one table: plain CSV, CSV for Norwegian Excel, Excel and JSON.
pub(super) fn downloads(base: &str) -> Markup {
    html! {
        a href=(format!("{base}&format=csv")) { "CSV" } ", "
        a href=(format!("{base}&format=excel-csv")) { "CSV for norsk Excel" } ", "
        a href=(format!("{base}&format=xlsx")) { "Excel (.xlsx)" } " eller "
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
pub(super) fn ranked_summary(report: &TopicReport, q: &str) -> Markup {
    let actions = summary::actions(&report.report);
    let groups = &report.report.groups;
    let topic = |t: usize| report.topics[t].name.clone();
    html! {
        section.actions aria-labelledby="handling" {
            h2 id="handling" { "Hva bør følges opp først" }
            @if groups.is_empty() {
                p { "Ingen avdelinger på dette nivået har fullførte tester i syklusen." }
            } @else if actions.is_empty() {
                p { "Ingen avdeling er tydelig svakere i noe tema i denne syklusen." }
                @let look = summary::worth_a_look(&report.report, 3);
                @if !look.is_empty() {
                    p { "Ikke flagget, men størst avstand til avdelingens eget nivå:" }
                    ul {
                        @for (row, t, _) in look {
                            @let department = &groups[row].path;
                            @if let Some(s) = groups[row].cells[t].stats() {
                                li { (summary::look_sentence(department, &report.topics[t].name, s)) }
                            }
                        }
                    }
                }
            } @else {
                ol {
                    @for action in &actions {
                        @let department = &groups[action.row].path;
                        li {
                            (summary::sentence(action, department, topic))
                            @if let summary::ActionKind::Topic { topic: t, .. } = action.what {
                                " " a.no-print href=(drill_url(report, department, &report.topics[t].id)) {
                                    "Hva trekker ned i " (report.topics[t].name) "?"
                                }
                            }
                        }
                    }
                }
            }
            p.plan-link {
                a href=(format!("/hr/oppfolging?{q}")) { "Oppfølgingsplan per avdeling: de to–tre temaene hver avdeling bør ta først" }
            }
            (power(report))
            (why_flagged(report))
        }
    }
}

/// "For a unit of this size, the smallest gap found 8 times in 10."
pub(super) fn power(report: &TopicReport) -> Markup {
    let relative = summary::power(&report.report, Question::Relative);
    let absolute = summary::power(&report.report, Question::Absolute);
    html! {
        @if let (Some(r), Some(a)) = (relative, absolute) {
            p {
                "Hva rapporten kan se: med omkring " (r.people) " personer i en avdeling finnes et tema som ligger "
                strong { (format!("{:.0}", r.points)) " prosentpoeng" }
                " under avdelingens eget nivå 8 av 10 ganger, og en avdeling som ligger "
                strong { (format!("{:.0}", a.points)) " prosentpoeng" }
                " under organisasjonen i et tema 8 av 10 ganger. Mindre forskjeller blir ofte ikke funnet: "
                "at et tema ikke står på listen, betyr ikke at det ikke er noe å hente."
            }
        }
    }
}

/// Why a cell is flagged, in plain Norwegian, in one place.
pub(super) fn why_flagged(report: &TopicReport) -> Markup {
    html! {
        details {
            summary { "Hvorfor er dette flagget?" }
            p {
                "Prosentene er ventet andel riktige på en typisk oppgave i temaet (en oppgave av middels vanskelighet blant dem som ble brukt i syklusen). "
                "Tallene tar hensyn til hvor vanskelige oppgavene hver person fikk var."
            }
            ul {
                li { strong { "Mot avdelingens andre temaer (relativ): " } "hvordan avdelingen gjør det i temaet sammenlignet med hva de samme personene får til i de andre temaene. Svarer på «hvilket tema bør avdelingen ta først?»." }
                li { strong { "Mot organisasjonen (absolutt): " } "avdelingens nivå i temaet sammenlignet med gjennomsnittet av avdelingene. En avdeling som er svakere i hele faget, er svakere i alle temaer her." }
            }
            p {
                "Et tema flagges som «tydelig svakere» bare når to ting holder: (1) hele 95 %-intervallet ligger under sammenligningen, "
                "og (2) forskjellen står seg etter korreksjon for mange sammenligninger. Med " (report.report.groups.len()) " avdelinger og "
                (report.topics.len()) " temaer sammenlignes mange celler samtidig, og noen vil se svake ut bare ved tilfeldighet. "
                "Korreksjonen (Benjamini–Hochberg) holder andelen falske flagg blant de flaggede nede på omkring "
                (format!("{:.0}", 100.0 * report.report.fdr)) " % for temaer mot avdelingens andre temaer og "
                (format!("{:.0}", 100.0 * report.report.absolute_fdr)) " % mot organisasjonen. "
                "Et falskt flagg koster en workshop; et tema som ikke blir funnet, blir stående uten opplæring. "
                "Derfor er grensen satt slik at de fleste reelle svakheter blir funnet, og bare noen få flagg er falske."
            }
            p {
                "«Svakere, men ikke sikkert nok» betyr at intervallet ligger under, men at forskjellen ikke står seg etter korreksjonen. "
                "«Kanskje» betyr at intervallet også rommer ingen forskjell. Et ord sier aldri mer enn intervallet."
            }
        }
    }
}

pub(super) fn explanation(report: &TopicReport) -> Markup {
    html! {
        p {
            "Syklus " strong { (report.cycle.name) } ", nivå " (report.report.level)
            ". Tallene bygger på svarene i fullførte tester. "
            "Avdelinger med færre enn k = " (report.report.min_people) " personer i et tema vises ikke for det temaet («" (SUPPRESSED) "»), "
            "og heller ikke en avdeling som ellers kunne brukes til å regne ut et skjult tall. Ingen enkeltpersoners svar eller resultater vises. "
            "Nye fullførte tester kommer med i rapporten i puljer, først når minst " (report.report.min_people)
            " nye personer i hver avdeling og hvert tema har fullført, så en test som nettopp er fullført, vises ikke med en gang. "
            "Rå andel riktige vises bare som tilleggsinformasjon: en adaptiv test gir alle oppgaver nær eget nivå, så den sier lite alene."
        }
        @if report.skipped_answers > 0 {
            p { (report.skipped_answers) " svar på oppgaver som er endret siden er holdt utenfor (de nye versjonene er ikke kalibrert)." }
        }
    }
}

/// The heatmap as SVG scaled to the page width: colour, a short word and the percent per cell,
/// the words and interval in each cell's `<title>`.
pub(super) fn heatmap(report: &TopicReport, statistic: Statistic) -> Markup {
    const LABEL: f64 = 200.0;
    const CELL_W: f64 = 76.0;
    const CELL_H: f64 = 40.0;
    const HEAD: f64 = 290.0;
    // Topic names are rotated 55° upwards to the right: the last one reaches past its column.
    const TAIL: f64 = 150.0;
    let groups = &report.report.groups;
    let width = LABEL + CELL_W * report.topics.len() as f64 + TAIL;
    let height = HEAD + CELL_H * groups.len() as f64 + 10.0;
    let (what, question) = match statistic {
        Statistic::Relative => ("temaet mot avdelingens andre temaer", Question::Relative),
        Statistic::Absolute => ("avdelingen mot organisasjonen", Question::Absolute),
    };
    html! {
        @if groups.is_empty() {
            p { "Ingen avdelinger på dette nivået har fullførte tester i syklusen." }
        } @else {
            div.heatmap role="region" aria-label="Varmekart" {
                svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {width} {height}"))
                    role="img" aria-labelledby="varmekart-tittel varmekart-beskrivelse" {
                    title id="varmekart-tittel" { "Varmekart: " (what) }
                    desc id="varmekart-beskrivelse" {
                        "Hver rute er en avdeling og et tema. Tallene står i tabellen under varmekartet."
                    }
                    @for (t, topic) in report.topics.iter().enumerate() {
                        @let x = LABEL + CELL_W * t as f64 + CELL_W / 2.0;
                        text x=(x) y=(HEAD - 8.0) font-size="13" fill="#1a1a1a"
                            transform=(format!("rotate(-55 {x} {})", HEAD - 8.0)) { (topic.name) }
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
                                        @let (c, text, share) = match statistic {
                                            Statistic::Relative => (&s.relative, relative_text(s), s.share_topic),
                                            Statistic::Absolute => (&s.absolute, absolute_text(&report.report, t, s), s.level.share_typical),
                                        };
                                        title {
                                            (group.path) ", " (topic) ": " (text) ". "
                                            (comparison_logits(c, question)) ". "
                                            (s.people) " personer, " (s.answers) " svar."
                                        }
                                        rect x=(x + 1.0) y=(y + 1.0) width=(CELL_W - 2.0) height=(CELL_H - 2.0)
                                            fill=(band_fill(c.band))
                                            stroke=(if c.weak { "#7a0000" } else { "#6b6b6b" })
                                            stroke-width=(if c.weak { "3" } else { "1" }) {}
                                        text x=(x + CELL_W / 2.0) y=(y + 17.0) font-size="13"
                                            text-anchor="middle" fill="#1a1a1a"
                                            font-weight=(if c.weak { "bold" } else { "normal" }) { (c.band.short()) }
                                        text x=(x + CELL_W / 2.0) y=(y + 33.0) font-size="12"
                                            text-anchor="middle" fill="#1a1a1a" { (percent(share)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p {
                "Forklaring: «SVAK» = tydelig svakere (flagget), «under» = svakere, men ikke sikkert nok etter korreksjon for mange sammenligninger, "
                "«under?» / «over?» = kanskje svakere / sterkere (usikkert), «≈» = ingen tydelig forskjell, «over» = sterkere, «skjult» = færre enn "
                (report.report.min_people) " personer. Tallet er ventet andel riktige på en typisk oppgave i temaet."
            }
        }
    }
}

/// The change of a cell's level since the previous cycle, in percentage points on the typical
/// item, with its interval.
fn trend_points(
    report: &TopicReport,
    t: usize,
    s: &CellStats,
    trend: &crate::report::Trend,
) -> String {
    let Some(org) = report.report.organisation.get(t).and_then(Option::as_ref) else {
        return "–".into();
    };
    let now = s.level.theta;
    let points = |d: f64| 100.0 * (org.typical_item.p(now) - org.typical_item.p(now - d));
    let sign = |x: f64| format!("{x:+.0}").replace('-', "−");
    format!(
        "{} prosentpoeng (95 % intervall {} til {})",
        sign(points(trend.level.difference)),
        sign(points(trend.level.interval.low)),
        sign(points(trend.level.interval.high))
    )
}

/// The accessible table with the heatmap's numbers in percent, one row per department and topic.
pub(super) fn topic_table(report: &TopicReport) -> Markup {
    let previous = report.previous.as_ref().map(|(c, _)| c.name.clone());
    if report.report.groups.is_empty() {
        return html! {};
    }
    // Not printed: the same numbers as the heatmap, one row per cell (120 rows for 10
    // departments × 12 topics would take three A4 pages on their own).
    html! {
        div.wide.no-print role="region" aria-labelledby="tema-tabell-tittel" tabindex="0" {
            table {
                caption id="tema-tabell-tittel" {
                    "Avdeling og tema, syklus " (report.cycle.name) ", nivå " (report.report.level)
                    " (ventet andel riktige på en typisk oppgave i temaet)"
                }
                thead {
                    tr {
                        th scope="col" { "Avdeling" }
                        th scope="col" { "Tema" }
                        th scope="col" { "Nivå (95 % intervall)" }
                        th scope="col" { "Mot avdelingens andre temaer (relativ)" }
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
                                            (percent(s.level.share_typical))
                                            @if let (Some(low), Some(high)) = (low, high) {
                                                " (" (percent(low)) "–" (percent(high)) ")"
                                            }
                                        }
                                        td {
                                            @if s.relative.weak { strong { "Svak. " } }
                                            (relative_text(s))
                                        }
                                        td {
                                            @if s.absolute.weak { strong { "Svak. " } }
                                            (absolute_text(&report.report, t, s))
                                        }
                                        td { (s.people) " / " (s.answers) }
                                        td { (percent(s.raw_share_correct)) }
                                        td {
                                            @match report.trend(&group.path, t) {
                                                Some(trend) => (trend_points(report, t, s, trend)),
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

/// The details view: the differences in logits with their unit and 95 % intervals.
pub(super) fn details_table(report: &TopicReport) -> Markup {
    if report.report.groups.is_empty() {
        return html! {};
    }
    html! {
        details {
            summary { "Detaljer: forskjellene i logit" }
            p {
                "Logit er skalaen testen måler på: 1 logit tilsvarer omtrent 20–25 prosentpoeng nær midten av skalaen. "
                "Negative tall betyr svakere."
            }
            div.wide role="region" aria-labelledby="logit-tabell-tittel" tabindex="0" {
                table {
                    caption id="logit-tabell-tittel" { "Forskjeller i logit, med 95 % intervall og standardfeil" }
                    thead {
                        tr {
                            th scope="col" { "Avdeling" }
                            th scope="col" { "Tema" }
                            th scope="col" { "Relativ (logit)" }
                            th scope="col" { "Absolutt (logit)" }
                        }
                    }
                    tbody {
                        @for group in &report.report.groups {
                            @for (t, cell) in group.cells.iter().enumerate() {
                                @if let Cell::Published(s) = cell {
                                    tr {
                                        th scope="row" { (group.path) }
                                        td { (report.topics[t].name) }
                                        td { (comparison_logits(&s.relative, Question::Relative)) ", SE " (format!("{:.2}", s.relative.se).replace('.', ",")) }
                                        td { (comparison_logits(&s.absolute, Question::Absolute)) ", SE " (format!("{:.2}", s.absolute.se).replace('.', ",")) }
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
            div.wide role="region" aria-labelledby="gjennomforing-tittel" tabindex="0" {
            table {
                caption id="gjennomforing-tittel" { "Gjennomføring per avdeling, syklus " (completion.cycle.name) }
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
}

/// `/hr/gjennomforing` in a browser: completion per department and the names list.
pub(super) fn completion_page(
    user: &Principal,
    selection: &Selection,
    completion: &Completion,
) -> Markup {
    let q = format!("syklus={}&niva={}", completion.cycle.id, completion.level);
    let status = |s: &str| {
        match s {
            "completed" => "fullført",
            "in_progress" => "påbegynt",
            "overdue" => "fristen er passert",
            "upcoming" => "ikke åpnet ennå",
            "due" => "ikke påbegynt",
            other => other,
        }
        .to_string()
    };
    crate::web::views::layout(
        "Gjennomføring",
        Some(user),
        html! {
            (HR_STYLE)
            h1 { "Gjennomføring – " (completion.cycle.name) }
            (selector(selection, Statistic::Relative, "/hr/gjennomforing"))
            p.no-print {
                "Last ned tabellen som " (downloads(&format!("/hr/gjennomforing?{q}")))
                " Navnelisten: " (downloads(&format!("/hr/gjennomforing/personer?{q}")))
                " " a href=(format!("/hr?{q}")) { "Tilbake til rapporten" }
            }
            (completion_table(completion))
            h2 id="navneliste" { "Navneliste" }
            p { "Hvem som har fullført, for oppfølging av gjennomføringen. Ingen resultater vises her." }
            @if completion.people.is_empty() {
                p { "Ingen saksbehandlere er registrert." }
            } @else {
                div.wide role="region" aria-labelledby="navneliste-tittel" tabindex="0" {
                    table {
                        caption id="navneliste-tittel" { "Saksbehandlere og status, syklus " (completion.cycle.name) }
                        thead {
                            tr {
                                th scope="col" { "Avdeling" }
                                th scope="col" { "Navn" }
                                th scope="col" { "Ansattnummer" }
                                th scope="col" { "Status" }
                            }
                        }
                        tbody {
                            @for person in &completion.people {
                                tr {
                                    td { (if person.department.is_empty() { "(uten avdeling)" } else { person.department.as_str() }) }
                                    th scope="row" { (person.name) }
                                    td { (person.employee_id) }
                                    td { (status(person.status)) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
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
            (HR_STYLE)
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
            div.plans {
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
                                        (p.band.norwegian(Question::Relative)) ": " (percent(p.share_topic))
                                        " riktige der " (percent(p.share_own_level)) " var ventet ut fra avdelingens eget nivå."
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
            }
        },
    )
}

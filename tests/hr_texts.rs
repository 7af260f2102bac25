//! The report pages in the viewer's language (issues 19 and 20): an HR adviser or a unit leader
//! whose målform is nynorsk reads `/hr`, the drill-down, the follow-up plan, completion, the
//! leader pages and the certificate in nynorsk; an installation on the Danish bank shows them,
//! and the admin pages, in Danish with `lang="da"`. Bokmål viewers keep bokmål (the other HR
//! tests). Every language has every text of the report catalogue.

use std::path::Path;

use axum::http::StatusCode;
use forvalt::app::{App, Config};
use forvalt::store::{Store, UserId};
use forvalt::text::Form;
use forvalt::text::hr::ReportTexts;
use forvalt::web::{self, AppState, Cookies};

use crate::support::TempDir;
use crate::web::{PASSWORD, add_admin, add_leader, first_test_of, logged_in, seed};
use crate::web_hr::{closed_app, organisation};

/// Record `form` as the chosen målform of `employee_id`.
fn choose(state: &AppState, employee_id: &str, form: Form) {
    let store = state.app.store();
    let user = store.user_by_login(employee_id).unwrap().unwrap();
    assert!(store.set_chosen_malform(UserId(user.id), form).unwrap());
}

/// Asserts that `body` is a page in `form` and contains none of `other`'s texts among `texts`
/// where the two languages differ: a text left in the other language would show here.
fn only_in(body: &str, form: Form, other: Form, texts: fn(&ReportTexts) -> Vec<&'static str>) {
    assert!(
        body.contains(&format!("<html lang=\"{}\"", form.code())),
        "{body}"
    );
    let (ours, theirs) = (texts(&form.texts().reports), texts(&other.texts().reports));
    assert_eq!(ours.len(), theirs.len());
    let mut differing = 0;
    for (mine, foreign) in ours.iter().zip(&theirs) {
        if mine != foreign {
            differing += 1;
            assert!(
                !body.contains(foreign),
                "«{foreign}» ({other}) is on a {form} page:\n{body}"
            );
        }
    }
    assert!(differing > 0, "the check compared nothing");
}

/// The headings and fixed texts of the `/hr` page.
fn hr_page_texts(r: &ReportTexts) -> Vec<&'static str> {
    let t = &r.hr;
    vec![
        t.title,
        t.act_heading,
        t.heatmap_heading,
        t.table_heading,
        t.completion_link,
        t.follow_up_heading,
        t.plan_link_print,
        t.plan_link,
        t.why_summary,
        t.why_percent,
        t.why_words,
        t.label_cycle,
        t.label_level,
        t.label_statistic,
        t.statistic_relative,
        t.col_relative,
        t.col_absolute,
        t.col_people_answers,
        t.col_raw,
        t.details_summary,
        t.details_intro,
        t.col_due,
        t.col_in_progress,
        t.col_upcoming,
        t.heatmap_desc,
        t.csv_excel,
        r.bands.relative[0],
        r.bands.relative[2],
        r.bands.relative[3],
        r.bands.absolute[0],
        r.bands.absolute[3],
    ]
}

fn plan_texts(r: &ReportTexts) -> Vec<&'static str> {
    let t = &r.hr;
    vec![
        t.plan_title,
        t.plan_too_few,
        t.plan_none_below,
        t.plan_clearly_weak,
        t.back_to_report,
        t.download_as,
        t.label_level,
        r.bands.relative[0],
        r.bands.relative[1],
        r.bands.relative[2],
    ]
}

fn completion_texts(r: &ReportTexts) -> Vec<&'static str> {
    let t = &r.hr;
    vec![
        t.completion_title,
        t.names_heading,
        t.names_intro,
        t.col_due,
        t.col_in_progress,
        t.col_overdue,
        t.col_upcoming,
        t.col_name,
        t.col_employee_id,
        t.statuses[0],
        t.statuses[4],
        t.back_to_report,
        t.download_table_as,
    ]
}

fn drill_texts(r: &ReportTexts) -> Vec<&'static str> {
    let t = &r.hr;
    vec![t.back_to_report, t.download_as, t.col_key, t.kinds[0]]
}

fn leader_texts(r: &ReportTexts) -> Vec<&'static str> {
    let t = &r.leader;
    vec![
        t.title,
        t.privacy,
        t.report_link,
        t.report_link_tail,
        t.col_name,
        t.col_certificate,
        t.statuses[1],
        t.statuses[2],
    ]
}

fn leader_report_texts(r: &ReportTexts) -> Vec<&'static str> {
    let t = &r.leader;
    vec![
        t.report_title,
        t.back_to_completion,
        t.col_relative,
        t.col_absolute,
        t.col_people,
    ]
}

fn certificate_texts(r: &ReportTexts) -> Vec<&'static str> {
    let t = &r.certificate;
    vec![
        t.confirms,
        t.name,
        t.employee_id,
        t.unit,
        t.has_completed,
        t.print,
    ]
}

#[tokio::test]
async fn an_hr_adviser_in_nynorsk_reads_every_report_page_in_nynorsk() {
    let (_dir, router, state) = closed_app();
    organisation(&state);
    choose(&state, "hanne", Form::Nn);
    let mut hanne = logged_in(&router, "hanne").await;

    let hr = hanne.get("/hr?syklus=1&niva=2").await;
    assert_eq!(hr.status, StatusCode::OK, "{}", hr.body);
    only_in(&hr.body, Form::Nn, Form::Nb, hr_page_texts);
    for nynorsk in [
        "Rapportar for HR",
        "Kva bør følgjast opp først",
        "Kvifor er dette flagga?",
        "Namneliste for oppfølging av gjennomføringa",
        "personar",
    ] {
        assert!(hr.body.contains(nynorsk), "{nynorsk}: {}", hr.body);
    }
    // The ranked summary's findings (which cells are flagged depends on the simulated answers)
    // are phrased in nynorsk.
    assert!(
        hr.body.contains(" rette der ")
            || hr
                .body
                .contains(Form::Nn.texts().reports.hr.nothing_flagged),
        "{}",
        hr.body
    );
    assert!(!hr.body.contains("riktige der"), "{}", hr.body);

    let drill = hanne
        .get("/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA")
        .await;
    assert_eq!(drill.status, StatusCode::OK, "{}", drill.body);
    only_in(&drill.body, Form::Nn, Form::Nb, drill_texts);
    assert!(
        drill
            .body
            .contains("Kva lovføresegner, sakstypar og oppgåver som trekkjer ned i temaet"),
        "{}",
        drill.body
    );

    let plan = hanne.get("/hr/oppfolging?syklus=1&niva=2").await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.body);
    only_in(&plan.body, Form::Nn, Form::Nb, plan_texts);
    assert!(plan.body.contains("For kvar avdeling: dei temaa"));
    assert!(
        plan.body
            .contains("var venta ut frå avdelinga sitt eige nivå")
    );
    assert!(plan.body.contains("<h2 id=\"plan-0\">Etat/A</h2>"));

    let completion = hanne.get("/hr/gjennomforing?syklus=1&niva=2").await;
    assert_eq!(completion.status, StatusCode::OK, "{}", completion.body);
    only_in(&completion.body, Form::Nn, Form::Nb, completion_texts);
    assert!(
        completion
            .body
            .contains("<h2 id=\"navneliste\">Namneliste</h2>")
    );
    assert!(completion.body.contains("<td>fullført</td>"));

    // The words of the export are the viewer's; its column names are the stable machine names.
    let csv = hanne.get("/hr/tema?syklus=1&niva=2&format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with("department,topic_id,topic,shown"));
    let (nn, nb) = (
        &Form::Nn.texts().reports.bands,
        &Form::Nb.texts().reports.bands,
    );
    assert!(
        nn.relative.iter().any(|w| csv.body.contains(w)),
        "{}",
        csv.body
    );
    for word in nb.relative.iter().chain(&nb.absolute) {
        assert!(!csv.body.contains(word), "{word}: {}", csv.body);
    }

    // A refused request is told in nynorsk.
    let bad = hanne.get("/hr?syklus=x").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("<html lang=\"nn\""), "{}", bad.body);
    assert!(
        bad.body.contains("«syklus» må vere eit tal"),
        "{}",
        bad.body
    );
    let bad = hanne.get("/hr/oppfolging?format=pdf").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("ukjend format «pdf»"), "{}", bad.body);
    let missing = hanne.get("/hr/tema/habilitet?syklus=1").await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(
        missing.body.contains("«avdeling» manglar"),
        "{}",
        missing.body
    );

    // A caseworker in nynorsk is refused in nynorsk.
    choose(&state, "kari", Form::Nn);
    let mut kari = logged_in(&router, "kari").await;
    let refused = kari.get("/hr").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("<html lang=\"nn\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(Form::Nn.texts().errors.forbidden));
}

#[tokio::test]
async fn a_bokmal_adviser_keeps_bokmal_beside_a_nynorsk_one() {
    let (_dir, router, state) = closed_app();
    organisation(&state);
    let mut hanne = logged_in(&router, "hanne").await;
    let hr = hanne.get("/hr?syklus=1&niva=2").await;
    only_in(&hr.body, Form::Nb, Form::Nn, hr_page_texts);
    assert!(
        hr.body.contains(" riktige der ")
            || hr
                .body
                .contains(Form::Nb.texts().reports.hr.nothing_flagged),
        "{}",
        hr.body
    );
    assert!(!hr.body.contains(" rette der "), "{}", hr.body);
    let plan = hanne.get("/hr/oppfolging?syklus=1&niva=2").await;
    only_in(&plan.body, Form::Nb, Form::Nn, plan_texts);
}

#[tokio::test]
async fn a_leader_in_nynorsk_reads_the_unit_pages_and_the_certificate_in_nynorsk() {
    let (_dir, router, state) = closed_app();
    organisation(&state);
    add_leader(&state, "leif", "Etat/A", "Etat/A");
    choose(&state, "leif", Form::Nn);
    let mut leif = logged_in(&router, "leif").await;

    let page = leif.get("/leder?syklus=1").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    only_in(&page.body, Form::Nn, Form::Nb, leader_texts);
    assert!(page.body.contains("Eininga di: Etat/A"), "{}", page.body);
    // Cycle 1 has closed: leif, who never started, is over the deadline.
    assert!(
        page.body
            .contains("10 av 11 har fullført. 0 har byrja, 0 har ikkje starta, 1 er over fristen"),
        "{}",
        page.body
    );

    let report = leif.get("/leder/rapport?syklus=1").await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    only_in(&report.body, Form::Nn, Form::Nb, leader_report_texts);
    assert!(report.body.contains("Rapporten viser eininga som gruppe"));

    let a1 = first_test_of(&state, "a nr 1");
    let certificate = leif.get(&format!("/bevis/{a1}")).await;
    assert_eq!(certificate.status, StatusCode::OK, "{}", certificate.body);
    only_in(&certificate.body, Form::Nn, Form::Nb, certificate_texts);
    assert!(certificate.body.contains("Dette stadfestar at"));

    let bad = leif.get("/leder?syklus=x").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("<html lang=\"nn\""), "{}", bad.body);
}

fn danish_state(dir: &TempDir) -> (axum::Router, AppState) {
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let bank = forvalt::bank::load(Path::new("item-bank/da"), jiff::Zoned::now().date())
        .bank
        .expect("the Danish bank loads");
    let state = AppState::new(App::new(store, bank, Config::default()), Cookies::PlainHttp);
    (web::app(state.clone()), state)
}

#[tokio::test]
async fn a_danish_installation_shows_hr_leader_and_admin_pages_in_danish() {
    let dir = TempDir::new("da-hr");
    let (router, state) = danish_state(&dir);
    organisation(&state);
    // A målform on record does not matter in a Danish installation.
    choose(&state, "hanne", Form::Nn);
    let mut hanne = logged_in(&router, "hanne").await;

    let hr = hanne.get("/hr?syklus=1&niva=2").await;
    assert_eq!(hr.status, StatusCode::OK, "{}", hr.body);
    only_in(&hr.body, Form::Da, Form::Nb, hr_page_texts);
    only_in(&hr.body, Form::Da, Form::Nn, hr_page_texts);
    for danish in [
        "Rapporter til HR",
        "Hvad bør følges op først",
        "Varmekort: afdeling × emne",
        "Gennemførelse pr. afdeling med navneliste",
        "Opfølgningsplan pr. afdeling",
    ] {
        assert!(hr.body.contains(danish), "{danish}: {}", hr.body);
    }

    let plan = hanne.get("/hr/oppfolging?syklus=1&niva=2").await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.body);
    only_in(&plan.body, Form::Da, Form::Nb, plan_texts);
    assert!(plan.body.contains("For hver afdeling: de emner"));

    let completion = hanne.get("/hr/gjennomforing?syklus=1&niva=2").await;
    assert_eq!(completion.status, StatusCode::OK, "{}", completion.body);
    only_in(&completion.body, Form::Da, Form::Nb, completion_texts);
    assert!(completion.body.contains("<td>gennemført</td>"));

    add_leader(&state, "leif", "Etat/A", "Etat/A");
    let mut leif = logged_in(&router, "leif").await;
    let page = leif.get("/leder?syklus=1").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    only_in(&page.body, Form::Da, Form::Nb, leader_texts);
    assert!(page.body.contains("Din enhed: Etat/A"), "{}", page.body);
    let report = leif.get("/leder/rapport?syklus=1").await;
    only_in(&report.body, Form::Da, Form::Nb, leader_report_texts);
    assert!(
        report.body.contains("Emnerapport for Etat/A"),
        "{}",
        report.body
    );
    let a1 = first_test_of(&state, "a nr 1");
    let certificate = leif.get(&format!("/bevis/{a1}")).await;
    only_in(&certificate.body, Form::Da, Form::Nb, certificate_texts);
    assert!(certificate.body.contains("Kursusbevis"));

    add_admin(&state);
    let mut adam = logged_in(&router, "adam").await;
    let nb = &Form::Nb.texts().admin;
    let da = &Form::Da.texts().admin;
    let cycles = adam.get("/admin/sykluser").await;
    assert_eq!(cycles.status, StatusCode::OK, "{}", cycles.body);
    assert!(cycles.body.contains("<html lang=\"da\""), "{}", cycles.body);
    for (d, n) in [
        (da.cycles_title, nb.cycles_title),
        (da.cycles_intro, nb.cycles_intro),
        (da.new_heading, nb.new_heading),
        (da.create, nb.create),
        (da.label_deadline, nb.label_deadline),
    ] {
        assert!(cycles.body.contains(d), "{d}: {}", cycles.body);
        assert!(!cycles.body.contains(n), "{n}: {}", cycles.body);
    }
    let settings = adam.get("/admin/innstillinger").await;
    assert_eq!(settings.status, StatusCode::OK, "{}", settings.body);
    assert!(settings.body.contains("<html lang=\"da\""));
    assert!(
        settings.body.contains(da.settings_title) && !settings.body.contains(nb.settings_title),
        "{}",
        settings.body
    );
}

/// Every language has every text: no fixed text is empty, and every text with numbers or names
/// in it says something and carries what it was given.
#[test]
fn every_language_has_every_report_and_admin_text() {
    for form in Form::ALL {
        let texts = form.texts();
        let r = &texts.reports;
        // Fixed texts and the arrays: `Debug` prints each `&str` quoted.
        for part in [
            format!("{:?}", r.bands),
            format!("{:?}", r.hr),
            format!("{:?}", r.leader),
            format!("{:?}", r.certificate),
            format!("{:?}", texts.admin),
        ] {
            assert!(!part.contains("\"\""), "{form}: an empty text in {part}");
        }
        let (h, l) = (&r.hr, &r.leader);
        let filled: Vec<(String, &str)> = vec![
            ((h.level_option)(7), "7"),
            ((h.what_pulls_down)("Tema X"), "Tema X"),
            ((h.department_action)("Dep", 9, 12, "40 %", "55 %"), "55 %"),
            (
                (h.relative_action)("Dep", "Tema X", "w", "40 %", "55 %", true),
                "Tema X",
            ),
            (
                (h.absolute_action)("Dep", "Tema X", "w", "40 %", "55 %"),
                "55 %",
            ),
            ((h.look)("Dep", "Tema X", "w", "40 %", "55 %"), "40 %"),
            ((h.power_lead)(17), "17"),
            ((h.points)(12.4), "12"),
            ((h.why_flag)(11, 13, 20.0, 10.0), "13"),
            ((h.explanation)(2, 5), "5"),
            ((h.skipped)(3), "3"),
            ((h.heatmap_title)("what"), "what"),
            ((h.cell_counts)(8, 31), "31"),
            ((h.legend)(5), "5"),
            ((h.relative_text)("w", "40 %", "55 %"), "55 %"),
            ((h.absolute_text)("w", "40 %", "55 %"), "55 %"),
            ((h.logits)("w", "−0,4", "−0,9", "0,1"), "−0,9"),
            ((h.trend)("+3", "−2", "+8"), "+8"),
            ((h.table_caption)("2026", 2), "2026"),
            ((h.col_change)("2025"), "2025"),
            ((h.completion_caption)("2026"), "2026"),
            ((h.names_caption)("2026"), "2026"),
            ((h.plan_intro)(5), "5"),
            ((h.plan_shares)("w", "40 %", "55 %"), "55 %"),
            ((h.plan_suppressed)(2, 5), "5"),
            ((h.drill_intro)(2, 5), "5"),
            ((h.drill_waiting)("2026-12-01"), "2026-12-01"),
            ((h.drill_suppressed)(5), "5"),
            ((h.drill_none)(5), "5"),
            ((h.drill_caption)("Tema X", "Dep"), "Dep"),
            ((h.drill_hidden)(4, 5), "4"),
            ((h.err_number)("syklus"), "syklus"),
            ((h.err_format)("pdf"), "pdf"),
            ((h.err_statistic)("z"), "z"),
            ((l.cycle_option)("2026", "2026-12-01"), "2026-12-01"),
            ((l.heading)("Etat/A"), "Etat/A"),
            ((l.back_to)("Etat"), "Etat"),
            ((l.completion_heading)("2026"), "2026"),
            ((l.counts)(3, 9, 2, 1, 3, "2026-12-01"), "2026-12-01"),
            ((l.people_caption)("Etat/A"), "Etat/A"),
            ((l.certificate_for)("Kari"), "Kari"),
            ((l.report_heading)("Etat/A", "2026"), "2026"),
            ((l.report_intro)(5), "5"),
            ((l.not_published)(5), "5"),
            ((l.topics_caption)("Etat/A"), "Etat/A"),
            ((l.hidden)(5), "5"),
            ((l.err_cycle)("x"), "x"),
        ];
        for (text, given) in filled {
            assert!(
                text.contains(given) && text.len() > given.len(),
                "{form}: «{text}» lacks «{given}»"
            );
        }
    }
}

/// The words of the vocabulary differ between the languages where the languages do, and each
/// language keeps six different words per question (a word never stands for two bands).
#[test]
fn each_language_has_its_own_words_for_the_six_bands() {
    for form in Form::ALL {
        let b = &form.texts().reports.bands;
        for words in [&b.relative, &b.absolute] {
            let distinct: std::collections::BTreeSet<_> = words.iter().collect();
            assert_eq!(distinct.len(), 6, "{form}: {words:?}");
        }
    }
    let (nb, nn, da) = (
        &Form::Nb.texts().reports.bands,
        &Form::Nn.texts().reports.bands,
        &Form::Da.texts().reports.bands,
    );
    for i in 0..6 {
        assert_ne!(nb.relative[i], nn.relative[i]);
        assert_ne!(nb.relative[i], da.relative[i]);
        assert_ne!(nn.relative[i], da.relative[i]);
    }
}

/// axe-core in headless Chromium on `paths` as `employee_id`, every page in `lang`
/// (`tests/browser/pages.mjs`).
fn axe_pages(state: &AppState, employee_id: &str, lang: &str, paths: &[&str]) {
    let server = crate::support::LiveServer::start(state);
    let mut args = vec![server.url.as_str(), employee_id, PASSWORD, lang];
    args.extend_from_slice(paths);
    crate::support::axe_clean_script("pages.mjs", &args);
}

/// The report, leader and admin pages in nynorsk and in Danish pass axe-core (WCAG 2.1 AA)
/// in headless Chromium, in their language.
#[test]
fn report_leader_and_admin_pages_in_nynorsk_and_danish_pass_axe() {
    let (_dir, _router, state) = closed_app();
    organisation(&state);
    choose(&state, "hanne", Form::Nn);
    add_leader(&state, "lina", "Etat", "Etat");
    choose(&state, "lina", Form::Nn);
    axe_pages(
        &state,
        "hanne",
        "nn",
        &[
            "/hr?syklus=1&niva=2",
            "/hr/tema/habilitet?syklus=1&niva=2&avdeling=Etat%2FA",
            "/hr/oppfolging?syklus=1&niva=2",
            "/hr/gjennomforing?syklus=1&niva=2",
        ],
    );
    axe_pages(
        &state,
        "lina",
        "nn",
        &["/leder?syklus=1", "/leder/rapport?syklus=1"],
    );

    let dir = TempDir::new("da-hr-axe");
    let (_router, state) = danish_state(&dir);
    organisation(&state);
    add_admin(&state);
    add_leader(&state, "lina", "Etat", "Etat");
    axe_pages(
        &state,
        "hanne",
        "da",
        &[
            "/hr?syklus=1&niva=2",
            "/hr/oppfolging?syklus=1&niva=2",
            "/hr/gjennomforing?syklus=1&niva=2",
        ],
    );
    axe_pages(
        &state,
        "lina",
        "da",
        &["/leder?syklus=1", "/leder/rapport?syklus=1"],
    );
    axe_pages(
        &state,
        "adam",
        "da",
        &[
            "/admin",
            "/admin/personer",
            "/admin/roster",
            "/admin/sykluser",
            "/admin/innstillinger",
        ],
    );
}

/// On the shipped bank, whose topics have nynorsk names and reflection questions, a nynorsk
/// HR adviser and leader read the topic names (and the plan's questions) in nynorsk, and a
/// bokmål adviser in bokmål.
#[tokio::test]
async fn topic_names_and_reflection_questions_come_in_the_viewers_form() {
    let dir = TempDir::new("nn-topics");
    let store = Store::open(&dir.db()).unwrap();
    let today = jiff::Zoned::now().date();
    store
        .add_cycle(
            "2025–2026",
            today - jiff::ToSpan::days(60),
            today - jiff::ToSpan::days(2),
        )
        .unwrap();
    seed(&store);
    let bank = forvalt::bank::load(Path::new("item-bank"), today)
        .bank
        .expect("the shipped bank loads");
    // A topic whose name differs between the forms, and one of its nynorsk questions.
    let topic = bank
        .topics
        .iter()
        .find(|t| t.nn.as_ref().is_some_and(|nn| nn.name != t.name))
        .expect("some topic has its own nynorsk name")
        .clone();
    let nn = topic.nn.clone().unwrap();
    let state = AppState::new(App::new(store, bank, Config::default()), Cookies::PlainHttp);
    let router = web::app(state.clone());
    organisation(&state);
    add_leader(&state, "leif", "Etat/A", "Etat/A");
    choose(&state, "leif", Form::Nn);
    choose(&state, "hanne", Form::Nn);

    let mut hanne = logged_in(&router, "hanne").await;
    let hr = hanne.get("/hr?syklus=1&niva=2").await;
    assert_eq!(hr.status, StatusCode::OK, "{}", hr.body);
    assert!(hr.body.contains(&nn.name), "{}: {}", nn.name, hr.body);
    assert!(
        !hr.body.contains(&topic.name),
        "{}: {}",
        topic.name,
        hr.body
    );
    let drill = hanne
        .get(&format!(
            "/hr/tema/{}?syklus=1&niva=2&avdeling=Etat%2FA",
            topic.id
        ))
        .await;
    assert_eq!(drill.status, StatusCode::OK, "{}", drill.body);
    assert!(drill.body.contains(&nn.name), "{}", drill.body);
    let csv = hanne.get("/hr/tema?syklus=1&niva=2&format=json").await;
    assert!(csv.body.contains(&nn.name), "{}", csv.body);

    let mut leif = logged_in(&router, "leif").await;
    let report = leif.get("/leder/rapport?syklus=1").await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert!(report.body.contains(&nn.name), "{}", report.body);
    assert!(!report.body.contains(&topic.name), "{}", report.body);

    // The plan lists reflection questions for the topics it names: in nynorsk for hanne.
    let plan = hanne.get("/hr/oppfolging?syklus=1&niva=2").await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.body);
    let bank = state.app.bank();
    let (nn_questions, nb_questions): (Vec<&String>, Vec<&String>) = bank
        .topics
        .iter()
        .filter_map(|t| t.nn.as_ref().map(|nn| (t, nn)))
        .flat_map(|(t, nn)| nn.reflection.iter().zip(&t.reflection))
        .filter(|(nn, nb)| nn != nb)
        .unzip();
    assert!(
        nn_questions.iter().any(|q| plan.body.contains(q.as_str())),
        "no nynorsk question in the plan: {}",
        plan.body
    );
    assert!(
        !nb_questions.iter().any(|q| plan.body.contains(q.as_str())),
        "a bokmål question in the nynorsk plan: {}",
        plan.body
    );

    // A bokmål adviser on the same installation reads bokmål names.
    choose(&state, "hanne", Form::Nb);
    let hr = hanne.get("/hr?syklus=1&niva=2").await;
    assert!(hr.body.contains(&topic.name), "{}", hr.body);
}

/// The set-password page of a Danish installation is Danish for someone who chose no form (the
/// accounts speak the installation's language, as every other page).
#[tokio::test]
async fn a_set_password_link_in_a_danish_installation_opens_a_danish_page() {
    let dir = TempDir::new("da-link");
    let (router, state) = danish_state(&dir);
    let kari = state.app.store().user_by_login("kari").unwrap().unwrap();
    let delivery = state
        .app
        .accounts
        .send_password_link(
            &forvalt::app::roster::Actor::Tool("test"),
            UserId(kari.id),
            jiff::Timestamp::now(),
        )
        .unwrap();
    let forvalt::app::roster::LinkDelivery::Show { url, .. } = delivery else {
        panic!("without mail the link is shown: {delivery:?}");
    };
    let path = &url[url.find("/passord/").unwrap()..];
    let mut browser = crate::web::Browser::new(&router);
    let page = browser.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<html lang=\"da\""), "{}", page.body);
    assert!(
        page.body.contains(Form::Da.texts().password.new_password),
        "{}",
        page.body
    );
}

/// The administrator's start page, the outbox, the audit log and the privacy notice in the
/// reader's language: nynorsk for an administrator who chose it, Danish in a Danish installation
/// (the privacy notice, public, in the installation's language, with its own default texts).
#[tokio::test]
async fn admin_start_outbox_audit_and_privacy_pages_in_nynorsk_and_danish() {
    let (_dir, router, state) = closed_app();
    add_admin(&state);
    choose(&state, "adam", Form::Nn);
    let mut adam = logged_in(&router, "adam").await;
    let nn = &Form::Nn.texts().service;
    let nb = &Form::Nb.texts().service;
    for (path, expected, not) in [
        ("/admin", nn.admin_home.commands, nb.admin_home.commands),
        ("/admin/utboks", nn.outbox.retries, nb.outbox.retries),
        (
            "/admin/revisjon",
            &(nn.audit.intro)(500),
            &(nb.audit.intro)(500),
        ),
    ] {
        let page = adam.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert!(
            page.body.contains("<html lang=\"nn\""),
            "{path}: {}",
            page.body
        );
        assert!(page.body.contains(expected), "{path}: {}", page.body);
        assert!(!page.body.contains(not), "{path}: {}", page.body);
    }
    let bad = adam.get("/admin/revisjon?format=xlsx").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body.contains(&(nn.audit.bad_format)("xlsx")),
        "{}",
        bad.body
    );

    let dir = TempDir::new("da-service");
    let (router, state) = danish_state(&dir);
    add_admin(&state);
    let mut adam = logged_in(&router, "adam").await;
    let da = &Form::Da.texts().service;
    for (path, expected) in [
        ("/admin", da.admin_home.commands),
        ("/admin/utboks", da.outbox.retries),
        ("/admin/revisjon", &(da.audit.intro)(500)),
    ] {
        let page = adam.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert!(
            page.body.contains("<html lang=\"da\""),
            "{path}: {}",
            page.body
        );
        assert!(page.body.contains(expected), "{path}: {}", page.body);
    }
    let notice = crate::web::Browser::new(&router).get("/personvern").await;
    assert_eq!(notice.status, StatusCode::OK);
    assert!(notice.body.contains("<html lang=\"da\""), "{}", notice.body);
    for expected in [
        da.privacy.heading,
        &(da.privacy.controller)(da.privacy.default_controller),
        da.privacy.default_legal_basis,
        &(da.privacy.rights)(da.privacy.default_contact),
    ] {
        assert!(
            notice.body.contains(expected),
            "{expected}: {}",
            notice.body
        );
    }
    assert!(
        !notice.body.contains(nb.privacy.default_controller),
        "{}",
        notice.body
    );
}

#[test]
fn every_language_has_every_service_text() {
    for form in Form::ALL {
        let t = &form.texts().service;
        let texts = [
            t.admin_home.title,
            t.admin_home.people.0,
            t.admin_home.people.1,
            t.admin_home.commands,
            t.outbox.heading,
            t.outbox.retries,
            t.outbox.plan_heading,
            t.audit.title,
            t.audit.caption,
            t.privacy.heading,
            t.privacy.default_controller,
            t.privacy.default_contact,
            t.privacy.default_legal_basis,
        ];
        assert!(texts.iter().all(|s| !s.trim().is_empty()), "{form:?}");
        assert!((t.outbox.counts)(1, 2, 3, 4).contains('4'), "{form:?}");
        assert!((t.audit.intro)(500).contains("500"), "{form:?}");
        assert!((t.privacy.hr_sees)(6).contains('6'), "{form:?}");
        assert!((t.privacy.rights)("dpo@x").contains("dpo@x"), "{form:?}");
    }
}

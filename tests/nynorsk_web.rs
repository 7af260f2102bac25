//! Målform per person through the real router: the caseworker pages in nynorsk, the switch on
//! the home page, a whole test in nynorsk with the form recorded with every answer, and the
//! bokmål fallback for items without a nynorsk form.

use std::path::Path;

use axum::Router;
use axum::http::StatusCode;
use forvalt::app::{App, Config};
use forvalt::bank::{self, ItemBank};
use forvalt::store::{self, Store};
use forvalt::text::Form;
use forvalt::web::{self, AppState, Cookies};

use crate::web::{Browser, TempDir, hidden, logged_in, seed};

const NN_BANK: &str = "tests/fixtures/bank-nn";

fn load(dir: &str) -> ItemBank {
    bank::load(Path::new(dir), jiff::civil::date(2026, 11, 23))
        .bank
        .expect("the fixture bank is valid")
}

/// A seeded database (kari, ola: caseworkers) served with `bank` and `config`.
fn app_with(bank: ItemBank, config: Config) -> (TempDir, Router, AppState) {
    let dir = TempDir::new("nn-web");
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    let state = AppState::new(App::new(store, bank, config), Cookies::PlainHttp);
    (dir, web::app(state.clone()), state)
}

fn html_lang(body: &str) -> &str {
    let start = body.find("<html lang=\"").expect("an html element") + 12;
    &body[start..start + 2]
}

/// Answer every item with option B (the key in the fixture banks) until the result; returns
/// the item pages seen.
async fn take_test(browser: &mut Browser, start_csrf: &str) -> Vec<String> {
    let reply = browser
        .post("/sykluser/1/start", &[("csrf", start_csrf)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let url = reply.location().to_string();
    let mut pages = Vec::new();
    loop {
        let page = browser.get(&url).await;
        if page.status == StatusCode::SEE_OTHER {
            assert!(page.location().ends_with("/resultat"));
            break;
        }
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let (position, csrf) = (hidden(&page.body, "position"), hidden(&page.body, "csrf"));
        pages.push(page.body);
        // Position 0 is answered wrongly, so the result page has a missed item.
        let option = if position == "0" { "0" } else { "1" };
        let reply = browser
            .post(
                &format!("{url}/svar"),
                &[("csrf", &csrf), ("position", &position), ("option", option)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        assert!(pages.len() <= 20, "the test does not end");
    }
    pages
}

#[tokio::test]
async fn caseworker_switches_to_nynorsk_and_takes_the_whole_test_in_it() {
    let (dir, router, state) = app_with(load(NN_BANK), Config::default());
    let mut kari = logged_in(&router, "kari").await;
    let home = kari.get("/").await;
    assert_eq!(html_lang(&home.body), "nb");
    assert!(home.body.contains("Dine tester"), "{}", home.body);
    let csrf = hidden(&home.body, "csrf");

    // The switch needs the session's CSRF token, and a form it knows.
    let refused = kari.post("/malform", &[("malform", "nn")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let unknown = kari
        .post("/malform", &[("csrf", &csrf), ("malform", "da")])
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.body.contains("velg bokmål eller nynorsk"),
        "{}",
        unknown.body
    );
    let switched = kari
        .post("/malform", &[("csrf", &csrf), ("malform", "nn")])
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location(), "/");

    let home = kari.get("/").await;
    assert_eq!(html_lang(&home.body), "nn");
    for text in [
        "Testane dine",
        "Skal takast",
        "Hopp til hovudinnhaldet",
        "Lagre målform",
    ] {
        assert!(home.body.contains(text), "{text}: {}", home.body);
    }
    assert!(home.body.contains("value=\"nn\" checked"), "{}", home.body);

    let pages = take_test(&mut kari, &csrf).await;
    assert_eq!(pages.len(), 8);
    for page in &pages {
        assert_eq!(html_lang(page), "nn");
        assert!(page.contains("kva for eit svar er rett?"), "{page}");
        assert!(
            page.contains("svara (testen har høgst 8 spørsmål)"),
            "{page}"
        );
        assert!(!page.contains("hvilket svar er riktig"), "{page}");
        assert!(
            !page.contains("lang=\"nb\""),
            "every item has a nynorsk form: {page}"
        );
    }
    let result = kari.get("/tester/1/resultat").await;
    assert_eq!(result.status, StatusCode::OK, "{}", result.body);
    assert_eq!(html_lang(&result.body), "nn");
    for text in [
        "Du svara rett på 7 av 8 spørsmål.",
        "Spørsmåla du svara feil på",
        "Rett svar: B. Svar B for ",
        "B er rett etter lova.",
        "Til framsida",
    ] {
        assert!(result.body.contains(text), "{text}: {}", result.body);
    }

    // Every answer records the form shown, and the text shown is stored under its own version.
    let db = state.app.store();
    let responses = db.all_responses().unwrap();
    assert_eq!(responses.len(), 8);
    let bank = state.app.bank();
    for r in &responses {
        assert_eq!(r.form, Form::Nn);
        let item = bank.item(&r.item_id).unwrap();
        assert_eq!(r.version, item.version, "one item version for both forms");
        let shown = db.item_version(r.shown_version()).unwrap().unwrap();
        assert_eq!(shown.stem, item.nn.as_ref().unwrap().stem);
        assert_eq!(shown.item_id, item.id);
    }
    drop((router, state, kari));
    let findings = store::check(&dir.db()).unwrap();
    assert!(findings.is_empty(), "{findings:?}");
}

#[tokio::test]
async fn configured_and_roster_forms_and_the_bokmal_fallback() {
    // nynorsk as the configured default; no item has a nynorsk form in this bank.
    let config = Config {
        malform: Form::Nn,
        ..Config::default()
    };
    let (_dir, router, state) = app_with(crate::web::fixture_bank(), config);
    let mut anonymous = Browser::new(&router);
    let login = anonymous.get("/logg-inn").await;
    assert_eq!(html_lang(&login.body), "nn");
    assert!(login.body.contains("Tilsetjingsnummer"), "{}", login.body);
    let wrong = anonymous.login("kari", "feil-passord").await;
    assert!(
        wrong.body.contains("Feil tilsetjingsnummer eller passord."),
        "{}",
        wrong.body
    );

    // The roster's bokmål for ola wins over the default; kari keeps the default.
    let changed = state
        .app
        .store()
        .set_roster_malform(&[
            ("OLA".into(), Some(Form::Nb)),
            ("nobody".into(), Some(Form::Nn)),
        ])
        .unwrap();
    assert_eq!(changed, 1);
    let mut ola = logged_in(&router, "ola").await;
    assert_eq!(html_lang(&ola.get("/").await.body), "nb");

    let mut kari = logged_in(&router, "kari").await;
    let home = kari.get("/").await;
    assert_eq!(html_lang(&home.body), "nn");
    let csrf = hidden(&home.body, "csrf");
    let reply = kari.post("/sykluser/1/start", &[("csrf", &csrf)]).await;
    let url = reply.location().to_string();
    let page = kari.get(&url).await;
    assert_eq!(html_lang(&page.body), "nn");
    assert!(page.body.contains("Spørsmål 1"), "{}", page.body);
    // The item has no nynorsk form: shown in bokmål, marked as such for screen readers.
    assert!(
        page.body.contains("<div lang=\"nb\"><fieldset"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("hvilket svar er riktig?"),
        "{}",
        page.body
    );
    // An answer without a choice: the error in nynorsk.
    let position = hidden(&page.body, "position");
    let csrf = hidden(&page.body, "csrf");
    let empty = kari
        .post(
            &format!("{url}/svar"),
            &[("csrf", &csrf), ("position", &position)],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.body.contains("Vel eitt av svaralternativa."),
        "{}",
        empty.body
    );
    let answered = kari
        .post(
            &format!("{url}/svar"),
            &[("csrf", &csrf), ("position", &position), ("option", "1")],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER);
    let r = &state.app.store().all_responses().unwrap()[0];
    assert_eq!((r.form, r.text_version.as_deref()), (Form::Nb, None));

    // A test that does not exist: the error page in nynorsk.
    let missing = kari.get("/tester/999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.body.contains("Sida finst ikkje."),
        "{}",
        missing.body
    );
    drop(ola);
}

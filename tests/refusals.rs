//! Refusals in the reader's language (issues 19 and 20): for a bokmål, a nynorsk and a Danish
//! reader, a start after the deadline, an admin deactivating themself, a CSRF failure, an
//! unknown page, a bad roster row and the API's refusal are said in that reader's language,
//! and no bokmål sentence leaks into the nynorsk or Danish pages.

use std::path::Path;

use crate::support::TempDir;
use crate::web::{
    add_admin, api, api_login, app_on, deactivate, hidden, logged_in, seed_with_past_cycle,
};
use axum::http::StatusCode;
use forvalt::app::{App, Config};
use forvalt::store::Store;
use forvalt::text::Form;
use forvalt::web::{self, AppState, Cookies};

/// What each language must say, and what the bokmål pages say (absent from the others).
struct Expected {
    deadline: &'static str,
    deactivate_self: &'static str,
    csrf: &'static str,
    not_found: &'static str,
    bad_email: &'static str,
}

fn expected(form: Form) -> Expected {
    match form {
        Form::Nb => Expected {
            deadline: "Testen kan ikke startes etter fristen.",
            deactivate_self: "du kan ikke deaktivere deg selv",
            csrf: "sikkerhetsnøkkelen manglet",
            not_found: "Siden finnes ikke.",
            bad_email: "«bad-email» er ikke en e-postadresse",
        },
        Form::Nn => Expected {
            deadline: "Fristen for denne gjennomføringa gjekk ut, og testen kan ikkje startast",
            deactivate_self: "du kan ikkje deaktivere deg sjølv",
            csrf: "tryggleiksnøkkelen mangla",
            not_found: "Sida finst ikkje.",
            bad_email: "«bad-email» er ikkje ei e-postadresse",
        },
        Form::Da => Expected {
            deadline: "Fristen for denne runde er overskredet, og testen kan ikke påbegyndes",
            deactivate_self: "du kan ikke deaktivere dig selv",
            csrf: "sikkerhedsnøglen manglede",
            not_found: "Siden findes ikke.",
            bad_email: "«bad-email» er ikke en e-mailadresse",
        },
    }
}

/// The web fixture plus admin `adam` and cycle 2 («Forrige») whose deadline was 3 days ago;
/// kari and adam read `form` (nynorsk through the roster's målform; Danish through the Danish
/// bank, which makes a Danish installation).
fn setup(dir: &TempDir, form: Form) -> (axum::Router, AppState) {
    let store = Store::open(&dir.db()).unwrap();
    seed_with_past_cycle(&store);
    drop(store);
    let (router, state) = if form == Form::Da {
        let loaded = forvalt::bank::load(Path::new("item-bank/da"), jiff::Zoned::now().date());
        let store = Store::open(&dir.db()).unwrap();
        let state = AppState::new(
            App::new(
                store,
                loaded.bank.expect("the Danish bank loads"),
                Config::default(),
            ),
            Cookies::PlainHttp,
        );
        (web::app(state.clone()), state)
    } else {
        app_on(&dir.db(), Config::default())
    };
    add_admin(&state);
    if form == Form::Nn {
        state
            .app
            .store()
            .set_roster_malform(&[
                ("kari".into(), Some(Form::Nn)),
                ("adam".into(), Some(Form::Nn)),
            ])
            .unwrap();
    }
    let kari = state.app.store().user_by_login("kari").unwrap().unwrap();
    assert_eq!(state.app.test_taking.form_of(&kari), form);
    (router, state)
}

/// Every sentence of another language's `expected` that differs from this one's must be absent.
fn assert_only(form: Form, body: &str, pick: fn(&Expected) -> &'static str) {
    let mine = pick(&expected(form));
    assert!(body.contains(mine), "{form}: «{mine}» missing in {body}");
    for other in Form::ALL.into_iter().filter(|f| *f != form) {
        let theirs = pick(&expected(other));
        assert!(
            !body.contains(theirs),
            "{form}: the {other} «{theirs}» in {body}"
        );
    }
}

async fn refusals_are_in(form: Form) {
    let dir = TempDir::new(&format!("refusals-{form}"));
    let (router, state) = setup(&dir, form);

    // (1) Starting after the deadline.
    let mut kari = logged_in(&router, "kari").await;
    let home = kari.get("/").await;
    let csrf = hidden(&home.body, "csrf");
    let refused = kari.post("/sykluser/2/start", &[("csrf", &csrf)]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused.body.contains(&format!("lang=\"{form}\"")),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("«Forrige»"), "{}", refused.body);
    assert_only(form, &refused.body, |e| e.deadline);
    assert!(
        state.app.store().tests().unwrap().is_empty(),
        "nothing started"
    );

    // (3) A CSRF failure on a form post: refused before any handler knew the reader.
    let forged = kari
        .post("/sykluser/1/start", &[("csrf", "forfalsket")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    assert!(
        forged.body.contains(&format!("lang=\"{form}\"")),
        "{}",
        forged.body
    );
    assert_only(form, &forged.body, |e| e.csrf);

    // An unknown page (the router's fallback).
    let missing = kari.get("/finnes-ikke").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_only(form, &missing.body, |e| e.not_found);

    // (2) An admin deactivating themself.
    let mut adam = logged_in(&router, "adam").await;
    let adam_id = state.app.store().user_by_login("adam").unwrap().unwrap().id;
    let (own, token) = deactivate(&mut adam, adam_id).await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST, "{}", own.body);
    assert_only(form, &own.body, |e| e.deactivate_self);
    assert!(
        state
            .app
            .store()
            .user_by_login("adam")
            .unwrap()
            .unwrap()
            .is_active(),
        "still active"
    );

    // (4) A roster with a bad row.
    let roster = "employee_id,name,email,department,role\nx1,Xenia,bad-email,BUF,caseworker\n";
    let bad = adam
        .post("/admin/roster", &[("csrf", &token), ("roster", roster)])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_only(form, &bad.body, |e| e.bad_email);
    assert!(
        !bad.body.contains("is not an e-mail address"),
        "{}",
        bad.body
    );

    // (5) The JSON API: the kind as before, the code and the sentence in the user's language.
    let api_token = api_login(&router, "kari").await;
    let (status, json) = api(
        &router,
        "POST",
        "/api/cycles/2/test",
        Some(&api_token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
    assert_eq!(json["error"], "bad_request", "{json}");
    assert_eq!(json["code"], "deadline_passed", "{json}");
    let message = json["message"].as_str().unwrap();
    assert_only(form, message, |e| e.deadline);
}

#[tokio::test]
async fn refusals_in_bokmal() {
    refusals_are_in(Form::Nb).await;
}

#[tokio::test]
async fn refusals_in_nynorsk() {
    refusals_are_in(Form::Nn).await;
}

#[tokio::test]
async fn refusals_in_danish() {
    refusals_are_in(Form::Da).await;
}

/// Without a session, a page made before any handler (an unknown path) is in the installation's
/// language: Danish in a Danish installation.
#[tokio::test]
async fn anonymous_error_pages_are_in_the_installations_language() {
    let dir = TempDir::new("refusals-anon");
    let (router, _) = setup(&dir, Form::Da);
    let mut anonymous = crate::web::Browser::new(&router);
    let missing = anonymous.get("/finnes-ikke").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_only(Form::Da, &missing.body, |e| e.not_found);
}

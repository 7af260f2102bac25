//! Authors write, review and publish items in the browser (issue 17), through the real router
//! on a copy of the fixture bank: the workflow's refusals (not an author, self-approval, stale
//! base, invalid item), write-back to the item files, and reload without a restart (a new test
//! gets the published item; a test in progress keeps the engine it started on).

use std::path::{Path, PathBuf};

use axum::Router;
use axum::http::StatusCode;
use forvalt::bank;
use forvalt::store::{ItemEvent, Role, UserInput};
use forvalt::web::AppState;

use crate::support::{self, TempDir};
use crate::web::{Browser, PASSWORD, hidden, logged_in};
use crate::web_author::{app, bank_copy};

/// A fixture-bank copy in which every test surely takes every active `klage` item: three are
/// active and the blueprint asks for exactly three per test (tests run to `max_items`, the SE
/// target is out of reach).
pub fn small_bank(dir: &TempDir) -> PathBuf {
    let bank = bank_copy(dir);
    for n in 4..=6 {
        let path = bank.join(format!("items/klage/kla-00{n}.toml"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace("status = \"active\"", "status = \"retired\""),
        )
        .unwrap();
    }
    let blueprint = bank.join("blueprint.toml");
    let text = std::fs::read_to_string(&blueprint).unwrap();
    let klage = "id = \"klage\"\nmin = 2\nmax = 3";
    assert!(text.contains(klage), "{text}");
    std::fs::write(
        &blueprint,
        text.replace(klage, "id = \"klage\"\nmin = 3\nmax = 3"),
    )
    .unwrap();
    assert!(
        bank::load(&bank, support::today()).bank.is_some(),
        "{:?}",
        bank::load(&bank, support::today()).diagnostics
    );
    bank
}

/// The app over `bank_dir`, with a second author `bea`.
pub fn authors_app(dir: &TempDir, bank_dir: &Path) -> (Router, AppState) {
    let (router, state) = app(dir, bank_dir);
    state
        .app
        .store()
        .upsert_users(
            &[UserInput {
                employee_id: "bea".into(),
                name: "Bea Bokstav".into(),
                email: "bea@example.no".into(),
                department: "BUF/Fag".into(),
                role: Role::Author,
                password_hash: Some(forvalt::app::hash_password(PASSWORD)),
            }],
            jiff::Timestamp::now(),
        )
        .unwrap();
    (router, state)
}

pub const NEW_STEM: &str = "Ny oppgave om klage: hvem avgjør klagen?";

/// The new item form's fields (topic klage, key B), citing § 28 første ledd of `act`.
fn new_item<'a>(csrf: &'a str, act: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("tema", "klage"),
        ("sporsmal", NEW_STEM),
        ("alternativ-0", "Den som fattet vedtaket, alltid"),
        (
            "alternativ-1",
            "Klageinstansen, om ikke underinstansen omgjør",
        ),
        ("alternativ-2", "Parten selv"),
        ("alternativ-3", "Sivilombudet"),
        ("fasit", "B"),
        (
            "forklaring",
            "Underinstansen kan omgjøre; ellers sendes saken til klageinstansen (B).",
        ),
        ("hjemmel-0-lov", act),
        ("hjemmel-0-paragraf", "28"),
        ("hjemmel-0-ledd", "første"),
        ("emneord", "klage, ny"),
        ("merknad", "ny oppgave"),
        ("handling", "lagre"),
    ]
}

/// Answer a test to the end (always option A); returns the item ids it showed.
pub async fn finish(browser: &mut Browser, url: &str, state: &AppState) -> Vec<String> {
    while let Some((position, csrf, _)) = browser.item(url).await {
        let reply = browser.answer(url, &position, &csrf, 0).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let test_id: u64 = url.rsplit('/').next().unwrap().parse().unwrap();
    state
        .app
        .store()
        .all_responses()
        .unwrap()
        .into_iter()
        .filter(|r| r.test_id == test_id)
        .map(|r| r.item_id)
        .collect()
}

async fn post(
    browser: &mut Browser,
    url: &str,
    fields: Vec<(String, String)>,
) -> crate::web::Reply {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.post(url, &pairs).await
}

async fn csrf_of(browser: &mut Browser, url: &str) -> String {
    let page = browser.get(url).await;
    assert_eq!(page.status, StatusCode::OK, "{url}: {}", page.body);
    hidden(&page.body, "csrf")
}

#[tokio::test]
async fn a_new_item_needs_a_second_author_and_new_tests_get_it_without_a_restart() {
    let dir = TempDir::new("authoring-workflow");
    let bank_dir = small_bank(&dir);
    let (router, state) = authors_app(&dir, &bank_dir);
    let new_file = bank_dir.join("items/klage/kla-007.toml");

    // A caseworker starts a test before anything is published: it is in progress throughout.
    let mut kari = logged_in(&router, "kari").await;
    let kari_test = kari.start().await;
    assert!(kari.item(&kari_test).await.is_some());

    // Author A writes an item. An unknown act is refused at its field, and nothing is stored.
    let mut aud = logged_in(&router, "aud").await;
    let csrf = csrf_of(&mut aud, "/forfatter/oppgaver/ny").await;
    let refused = aud
        .post("/forfatter/oppgaver/ny", &new_item(&csrf, "ukjentloven"))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("id=\"melding-references\""),
        "{}",
        refused.body
    );
    // In the author's language, not the English of `bank check`.
    assert!(
        refused.body.contains("ukjent lov «ukjentloven»"),
        "{}",
        refused.body
    );
    assert!(!refused.body.contains("unknown act"), "{}", refused.body);
    assert!(refused.body.contains(NEW_STEM), "the typed text is kept");
    assert!(state.app.store().item_histories().unwrap().is_empty());

    // The preview shows the item as the caseworker will see it, and stores nothing.
    let mut fields = new_item(&csrf, "forvaltningsloven");
    fields.retain(|(k, _)| *k != "handling");
    fields.push(("handling", "vis"));
    let preview = aud.post("/forfatter/oppgaver/ny", &fields).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("Slik ser saksbehandleren oppgaven"));
    assert!(
        preview
            .body
            .contains(&format!("<legend>{NEW_STEM}</legend>")),
        "{}",
        preview.body
    );
    assert!(state.app.store().item_histories().unwrap().is_empty());

    let saved = aud
        .post(
            "/forfatter/oppgaver/ny",
            &new_item(&csrf, "forvaltningsloven"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), "/forfatter/oppgaver/kla-007/arbeid");
    assert!(!new_file.exists(), "a draft is not published");

    let work = aud.get("/forfatter/oppgaver/kla-007/arbeid").await;
    assert!(work.body.contains("Utkast"), "{}", work.body);
    let revision = hidden(&work.body, "versjon");
    let sent = aud
        .post(
            "/forfatter/oppgaver/kla-007/send",
            &[("csrf", &csrf), ("versjon", &revision)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    // Nobody approves their own change; a caseworker approves nothing.
    let own = aud
        .post(
            "/forfatter/oppgaver/kla-007/godkjenn",
            &[("csrf", &csrf), ("versjon", &revision)],
        )
        .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST, "{}", own.body);
    assert!(own.body.contains("selv har skrevet"), "{}", own.body);
    let kari_csrf = csrf_of(&mut kari, "/").await;
    let caseworker = kari
        .post(
            "/forfatter/oppgaver/kla-007/godkjenn",
            &[("csrf", &kari_csrf), ("versjon", &revision)],
        )
        .await;
    assert_eq!(caseworker.status, StatusCode::FORBIDDEN);
    assert!(!new_file.exists());

    // Author B approves: the file is written, the bank loads, and the engine has the item.
    let mut bea = logged_in(&router, "bea").await;
    let bea_csrf = csrf_of(&mut bea, "/forfatter/oppgaver/kla-007/arbeid").await;
    let stale = bea
        .post(
            "/forfatter/oppgaver/kla-007/godkjenn",
            &[("csrf", &bea_csrf), ("versjon", "99")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "a version not reviewed");
    assert!(
        stale.body.contains("utkastet er endret siden du så det"),
        "{}",
        stale.body
    );
    let approved = bea
        .post(
            "/forfatter/oppgaver/kla-007/godkjenn",
            &[("csrf", &bea_csrf), ("versjon", &revision)],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let text = std::fs::read_to_string(&new_file).unwrap();
    assert!(text.contains("status = \"active\""), "{text}");
    assert!(text.contains("author = \"aud Forfattersen\""), "{text}");
    let reloaded = bank::load(&bank_dir, support::today()).bank.unwrap();
    assert_eq!(reloaded.item("kla-007").unwrap().stem.trim(), NEW_STEM);
    assert!(state.app.bank().item("kla-007").is_some());

    // Retire an old klage item (with a reason), so klage has exactly three active items again
    // and every new test surely shows the new one.
    let no_reason = aud
        .post(
            "/forfatter/oppgaver/kla-001/utga",
            &[("csrf", &csrf), ("grunn", " ")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    let retired = aud
        .post(
            "/forfatter/oppgaver/kla-001/utga",
            &[("csrf", &csrf), ("grunn", "erstattet av kla-007")],
        )
        .await;
    assert_eq!(retired.status, StatusCode::SEE_OTHER, "{}", retired.body);

    let mut ola = logged_in(&router, "ola").await;
    let ola_test = ola.start().await;
    let shown = finish(&mut ola, &ola_test, &state).await;
    assert!(shown.iter().any(|id| id == "kla-007"), "{shown:?}");
    assert!(!shown.iter().any(|id| id == "kla-001"), "{shown:?}");

    // The test in progress kept the engine it started on: all three of its klage items are the
    // old ones.
    let kept = finish(&mut kari, &kari_test, &state).await;
    assert!(!kept.iter().any(|id| id == "kla-007"), "{kept:?}");
    for id in ["kla-001", "kla-002", "kla-003"] {
        assert!(kept.iter().any(|k| k == id), "{id} in {kept:?}");
    }

    // The history says who did what.
    let history = state.app.store().item_history("kla-007").unwrap();
    let kinds: Vec<&str> = history
        .iter()
        .map(|r| match r.event {
            ItemEvent::Saved { .. } => "saved",
            ItemEvent::Submitted => "submitted",
            ItemEvent::Approved { .. } => "approved",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["saved", "submitted", "approved"]);
    assert_eq!(history[2].user_name, "Bea Bokstav");
}

#[tokio::test]
async fn a_second_save_on_a_stale_base_gets_the_others_changes_and_loses_nothing() {
    let dir = TempDir::new("authoring-conflict");
    let bank_dir = small_bank(&dir);
    let (router, state) = authors_app(&dir, &bank_dir);
    let file = bank_dir.join("items/klage/kla-002.toml");
    let original = std::fs::read_to_string(&file).unwrap();

    let mut aud = logged_in(&router, "aud").await;
    let mut bea = logged_in(&router, "bea").await;
    let url = "/forfatter/oppgaver/kla-002/rediger";
    let form_a = aud.get(url).await;
    let form_b = bea.get(url).await;
    assert_eq!(form_a.status, StatusCode::OK, "{}", form_a.body);
    assert_eq!(hidden(&form_a.body, "grunnlag"), "0");
    let fields = |csrf: &str, base: &str, stem: &str| -> Vec<(String, String)> {
        [
            ("csrf", csrf),
            ("grunnlag", base),
            ("tema", "klage"),
            ("sporsmal", stem),
            ("alternativ-0", "Svar A til kla-002"),
            ("alternativ-1", "Svar B til kla-002"),
            ("alternativ-2", "Svar C til kla-002"),
            ("alternativ-3", "Svar D til kla-002"),
            ("fasit", "B"),
            (
                "forklaring",
                "Forklaring til kla-002: B er riktig etter loven.",
            ),
            ("hjemmel-0-lov", "forvaltningsloven"),
            ("hjemmel-0-paragraf", "28"),
            ("hjemmel-0-ledd", "første"),
            ("handling", "lagre"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    };
    let csrf_b = hidden(&form_b.body, "csrf");
    let b_saved = post(
        &mut bea,
        url,
        fields(&csrf_b, "0", "Beas spørsmål om klage?"),
    )
    .await;
    assert_eq!(b_saved.status, StatusCode::SEE_OTHER, "{}", b_saved.body);

    let csrf_a = hidden(&form_a.body, "csrf");
    let conflict = post(
        &mut aud,
        url,
        fields(&csrf_a, "0", "Auds spørsmål om klage?"),
    )
    .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT, "{}", conflict.body);
    assert!(
        conflict.body.contains("endret av Bea Bokstav"),
        "{}",
        conflict.body
    );
    assert!(
        conflict.body.contains("Beas spørsmål om klage?"),
        "the other's change is shown"
    );
    assert!(
        conflict.body.contains("Auds spørsmål om klage?"),
        "the own text is kept"
    );
    let new_base = hidden(&conflict.body, "grunnlag");
    let history = state.app.store().item_history("kla-002").unwrap();
    assert_eq!(
        history.len(),
        2,
        "the file as it was, and Bea's draft: {history:?}"
    );
    assert_eq!(new_base, "2");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        original,
        "drafts stay out of the file"
    );

    // Saving again on the new base succeeds.
    let again = post(
        &mut aud,
        url,
        fields(&csrf_a, &new_base, "Auds spørsmål om klage?"),
    )
    .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);

    // The history shows the change field by field, and the file's version can be restored.
    let work = aud.get("/forfatter/oppgaver/kla-002/arbeid").await;
    assert!(
        work.body
            .contains("<del><pre class=\"diff\">Beas spørsmål om klage?</pre></del>"),
        "{}",
        work.body
    );
    let restored = aud
        .post(
            "/forfatter/oppgaver/kla-002/gjenopprett",
            &[("csrf", &csrf_a), ("fra", "1"), ("grunnlag", "3")],
        )
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER, "{}", restored.body);
    let history = state.app.store().item_history("kla-002").unwrap();
    assert_eq!(history.last().unwrap().content(), history[0].content());

    // A comment from a caseworker is refused; from an author it is stored.
    let mut kari = logged_in(&router, "kari").await;
    let kari_csrf = csrf_of(&mut kari, "/").await;
    let refused = kari
        .post(
            "/forfatter/oppgaver/kla-002/kommenter",
            &[("csrf", &kari_csrf), ("kommentar", "hei")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(kari.get(url).await.status, StatusCode::FORBIDDEN);
    let without_csrf = aud
        .post(
            "/forfatter/oppgaver/kla-002/kommenter",
            &[("kommentar", "hei")],
        )
        .await;
    assert_eq!(without_csrf.status, StatusCode::FORBIDDEN);

    // The history is in backups once it exists.
    let summary = state
        .app
        .store()
        .backup_to(&dir.path().join("backup.redb"))
        .unwrap();
    assert_eq!(summary.tables, 15);
}

/// An item people have answered keeps its topic: moving it would shift the answers already in
/// published report cells to another topic (a change of fewer than k people HR could subtract).
/// The save is refused at the topic field and the file is left as it was.
#[tokio::test]
async fn an_answered_item_cannot_move_to_another_topic() {
    let dir = TempDir::new("authoring-topic");
    let bank_dir = small_bank(&dir);
    let (router, state) = authors_app(&dir, &bank_dir);
    let mut kari = logged_in(&router, "kari").await;
    let test = kari.start().await;
    let shown = finish(&mut kari, &test, &state).await;
    let id = shown
        .iter()
        .find(|id| id.starts_with("kla-"))
        .expect("a test meets the klage blueprint")
        .clone();
    let file = bank_dir.join(format!("items/klage/{id}.toml"));
    let original = std::fs::read_to_string(&file).unwrap();

    let mut aud = logged_in(&router, "aud").await;
    let url = format!("/forfatter/oppgaver/{id}/rediger");
    let form = aud.get(&url).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let csrf = hidden(&form.body, "csrf");
    let base = hidden(&form.body, "grunnlag");
    let fields: Vec<(String, String)> = [
        ("csrf", csrf.as_str()),
        ("grunnlag", base.as_str()),
        ("tema", "habilitet"),
        ("sporsmal", "Et spørsmål flyttet til habilitet?"),
        ("alternativ-0", "Svar A"),
        ("alternativ-1", "Svar B"),
        ("alternativ-2", "Svar C"),
        ("alternativ-3", "Svar D"),
        ("fasit", "B"),
        ("forklaring", "B er riktig etter loven."),
        ("hjemmel-0-lov", "forvaltningsloven"),
        ("hjemmel-0-paragraf", "6"),
        ("hjemmel-0-ledd", "første"),
        ("handling", "lagre"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let reply = post(&mut aud, &url, fields).await;
    assert_ne!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(
        reply.body.contains("så den beholder temaet sitt"),
        "the refusal is at the topic field: {}",
        reply.body
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
}

/// An item id comes into the author pages through a URL path and is checked there, once: a
/// malformed one names no item (404, as an unknown one), and saving under one is refused as the
/// editor refuses a new id — as is a well-formed id the editor would not give a new file — with
/// nothing stored.
#[tokio::test]
async fn a_malformed_item_id_in_a_path_is_not_found_and_cannot_be_saved() {
    let dir = TempDir::new("authoring-bad-id");
    let bank_dir = small_bank(&dir);
    let (router, state) = authors_app(&dir, &bank_dir);
    let mut aud = logged_in(&router, "aud").await;
    for url in [
        "/forfatter/oppgaver/kla%201/arbeid",
        "/forfatter/oppgaver/kla%201/rediger",
        "/forfatter/oppgaver/kla%201",
        "/forfatter/oppgaver/ny?kopi=..%2Fkla-002",
    ] {
        assert_eq!(aud.get(url).await.status, StatusCode::NOT_FOUND, "{url}");
    }
    assert_eq!(
        aud.get("/forfatter/oppgaver/kla-002/arbeid").await.status,
        StatusCode::OK,
        "a well-formed id of the bank is found"
    );
    let csrf = csrf_of(&mut aud, "/forfatter/oppgaver/ny?tema=klage").await;
    let mut fields = new_item(&csrf, "forvaltningsloven");
    fields.push(("grunnlag", "0"));
    for (path, shown) in [("kla%201", "kla 1"), ("Kla-9", "Kla-9")] {
        let reply = aud
            .post(&format!("/forfatter/oppgaver/{path}/rediger"), &fields)
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        assert!(
            reply
                .body
                .contains(&format!("«{shown}» kan ikke brukes som id")),
            "{}",
            reply.body
        );
    }
    assert!(state.app.store().item_histories().unwrap().is_empty());
    assert!(!bank_dir.join("items/klage/Kla-9.toml").exists());
}

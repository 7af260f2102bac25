//! The author area through the real router, on a temporary copy of the fixture bank (pages that
//! write back edit the copy): roles, the overview, the item page with statistics from stored
//! answers, the CSV, bad queries, and the law-change review form.

use std::path::Path;

use axum::Router;
use axum::http::{StatusCode, header};
use forvalt::app::{App, Config};
use forvalt::bank;
use forvalt::store::{Role, Store, UserInput};
use forvalt::web::{self, AppState, Cookies};

use crate::support::{self, TempDir};
pub use crate::web::logged_in;
use crate::web::{Browser, FIXTURE_BANK, PASSWORD, hidden, seed};
use crate::web_hr::take_tests;

/// Copy a bank folder recursively.
pub fn copy_bank(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_bank(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A fixture-bank copy in `dir/bank`, with `min_active_per_topic` lowered to 3 so that a few
/// items can leave the active pool.
pub fn bank_copy(dir: &TempDir) -> std::path::PathBuf {
    let bank = dir.path().join("bank");
    copy_bank(&crate::support::repo().join(FIXTURE_BANK), &bank);
    let blueprint = bank.join("blueprint.toml");
    let text = std::fs::read_to_string(&blueprint).unwrap();
    std::fs::write(
        &blueprint,
        text.replace("min_active_per_topic = 6", "min_active_per_topic = 3"),
    )
    .unwrap();
    bank
}

/// An app on a fresh database (seeded as in `web`, plus author `aud` and admin `ada`) over the
/// bank in `bank_dir`.
pub fn app(dir: &TempDir, bank_dir: &Path) -> (Router, AppState) {
    app_with(dir, bank_dir, Config::default())
}

/// [`app`] with `config`.
pub fn app_with(dir: &TempDir, bank_dir: &Path, config: Config) -> (Router, AppState) {
    let db = dir.path().join("forvalt.redb");
    let store = Store::open(&db).unwrap();
    seed(&store);
    let hash = forvalt::app::hash_password(PASSWORD);
    let user = |id: &str, role| UserInput {
        employee_id: id.into(),
        name: format!("{id} Forfattersen"),
        email: format!("{id}@example.no"),
        department: "BUF/Fag".into(),
        role,
        password_hash: Some(hash.clone()),
    };
    store
        .upsert_users(
            &[user("aud", Role::Author), user("ada", Role::Admin)],
            jiff::Timestamp::now(),
        )
        .unwrap();
    let bank = bank::load(bank_dir, support::today())
        .bank
        .expect("valid bank");
    let state = AppState::new(App::new(store, bank, config), Cookies::PlainHttp);
    (web::app(state.clone()), state)
}

const AUTHOR_URLS: &[&str] = &[
    "/forfatter",
    "/forfatter?syklus=1",
    "/forfatter/oppgaver.csv",
    "/forfatter/oppgaver/hab-001",
    "/forfatter/lovendringer",
    "/forfatter/kalibrering",
];

#[tokio::test]
async fn caseworkers_and_hr_get_403_on_every_author_url_and_form() {
    let dir = TempDir::new("author-roles");
    let bank_dir = bank_copy(&dir);
    let (router, _) = app(&dir, &bank_dir);
    for who in ["kari", "hanne"] {
        let mut browser = logged_in(&router, who).await;
        for url in AUTHOR_URLS {
            assert_eq!(
                browser.get(url).await.status,
                StatusCode::FORBIDDEN,
                "{who} {url}"
            );
        }
        let csrf = hidden(&browser.get("/").await.body, "csrf");
        let reply = browser
            .post(
                "/forfatter/lovendringer",
                &[("csrf", &csrf), ("handling", "draft")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{who}");
        let reply = browser
            .post(
                "/forfatter/kalibrering",
                &[("csrf", &csrf), ("godta-hab-001", "1")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{who}");
    }
    let mut anonymous = Browser::new(&router);
    for url in AUTHOR_URLS {
        let reply = anonymous.get(url).await;
        assert!(
            reply.status == StatusCode::UNAUTHORIZED || reply.status == StatusCode::SEE_OTHER,
            "{url}: {}",
            reply.status
        );
    }
    for who in ["aud", "ada"] {
        let mut browser = logged_in(&router, who).await;
        for url in AUTHOR_URLS {
            assert_eq!(browser.get(url).await.status, StatusCode::OK, "{who} {url}");
        }
    }
}

#[tokio::test]
async fn statistics_come_from_the_stored_answers() {
    let dir = TempDir::new("author-stats");
    let bank_dir = bank_copy(&dir);
    let (router, state) = app(&dir, &bank_dir);
    // Ten tests in one department: published in two batches of k = 5, so every answer counts.
    let answers = take_tests(&state, 1, "sb", "BUF/Område Nord", 10, None);
    let responses = state.app.store().all_responses().unwrap();
    assert_eq!(responses.len(), answers);

    let mut aud = logged_in(&router, "aud").await;
    let csv = aud.get("/forfatter/oppgaver.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let mut lines = csv.body.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| head.iter().position(|h| *h == name).unwrap();
    let mut total = 0;
    let mut rows = 0;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let id = cells[col("id")];
        let n: usize = cells[col("n")].parse().unwrap();
        let stored: Vec<_> = responses.iter().filter(|r| r.item_id == id).collect();
        assert_eq!(n, stored.len(), "{id}");
        if n >= 5 {
            let right = stored.iter().filter(|r| r.correct).count() as f64 / n as f64;
            let shown: f64 = cells[col("proportion_correct")].parse().unwrap();
            assert!((shown - right).abs() < 1e-4, "{id}: {shown} vs {right}");
            let exposure: f64 = cells[col("exposure")].parse().unwrap();
            assert!((exposure - n as f64 / 10.0).abs() < 1e-4, "{id}");
            assert!(!cells[col("infit")].is_empty());
            // Response times were 4, 5 or 6 seconds.
            let median: f64 = cells[col("median_response_ms")].parse().unwrap();
            assert!((4000.0..=6000.0).contains(&median), "{id}: {median}");
        } else {
            // Fewer than k people: the count, and nothing computed from their answers.
            for column in [
                "proportion_correct",
                "point_biserial",
                "infit",
                "outfit",
                "median_response_ms",
            ] {
                assert_eq!(cells[col(column)], "", "{id} {column}: {line}");
            }
        }
        // Every fixture item has expert parameters.
        assert!(cells[col("flags")].contains("expert_parameters"), "{line}");
        total += n;
        rows += 1;
    }
    assert_eq!(rows, 18);
    assert_eq!(total, answers);

    let page = aud.get("/forfatter").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Habilitet"), "{}", page.body);
    assert!(
        page.body.contains("10 tester med minst ett svar"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Ingen oppgaver er til utprøving"));

    // The most answered item: preview, statistics, plot and table.
    let (id, _) = responses
        .iter()
        .fold(
            std::collections::BTreeMap::<&str, usize>::new(),
            |mut m, r| {
                *m.entry(r.item_id.as_str()).or_default() += 1;
                m
            },
        )
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .unwrap();
    let item = aud.get(&format!("/forfatter/oppgaver/{id}")).await;
    assert_eq!(item.status, StatusCode::OK);
    let bank = bank::load(&bank_dir, support::today()).bank.unwrap();
    let source = bank.item(id).unwrap();
    assert!(item.body.contains("<fieldset disabled"), "{}", item.body);
    for option in &source.options {
        assert!(item.body.contains(option.as_str()), "{option}");
    }
    assert!(item.body.contains("<svg"), "{}", item.body);
    assert!(item.body.contains("role=\"img\""));
    assert!(item.body.contains("per ferdighetsgruppe"));
    assert!(item.body.contains("anslått av en fagperson"));
    assert_eq!(
        aud.get("/forfatter/oppgaver/finnes-ikke").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bad_queries_are_400_and_unknown_cycles_404() {
    let dir = TempDir::new("author-bad");
    let bank_dir = bank_copy(&dir);
    let (router, _) = app(&dir, &bank_dir);
    let mut aud = logged_in(&router, "aud").await;
    assert_eq!(
        aud.get("/forfatter?syklus=abc").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        aud.get("/forfatter?syklus=99").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        aud.get("/forfatter/oppgaver.csv?syklus=99").await.status,
        StatusCode::NOT_FOUND
    );
    let csrf = hidden(&aud.get("/forfatter").await.body, "csrf");
    let reply = aud
        .post(
            "/forfatter/lovendringer",
            &[("csrf", &csrf), ("handling", "slett")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

/// Make vei-006 cite § 17 and register changes; returns the item's path.
pub fn cite_section_17(bank_dir: &Path) -> std::path::PathBuf {
    let path = bank_dir.join("items/veiledning/vei-006.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "forvaltningsloven § 11 første ledd",
            "forvaltningsloven § 17",
        ),
    )
    .unwrap();
    path
}

#[tokio::test]
async fn law_change_lists_flagged_items_and_the_form_sends_them_to_draft() {
    let dir = TempDir::new("author-law");
    let bank_dir = bank_copy(&dir);
    let item_path = cite_section_17(&bank_dir);
    std::fs::write(
        bank_dir.join(bank::LAW_CHANGES_FILE),
        "[[change]]\nact = \"forvaltningsloven\"\nsection = \"17\"\nchanged_on = 2026-11-10\nnote = \"Utredningsplikten\"\n",
    )
    .unwrap();
    let (router, _) = app(&dir, &bank_dir);
    let mut aud = logged_in(&router, "aud").await;
    let page = aud.get("/forfatter/lovendringer").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("forvaltningsloven § 17"),
        "{}",
        page.body
    );
    assert!(page.body.contains("/forfatter/oppgaver/vei-006"));
    assert!(!page.body.contains("/forfatter/oppgaver/vei-005"));
    let item = aud.get("/forfatter/oppgaver/vei-006").await;
    assert!(
        item.body.contains("endret etter siste gjennomgang"),
        "{}",
        item.body
    );

    // Without the CSRF token nothing happens.
    let reply = aud
        .post("/forfatter/lovendringer", &[("handling", "draft")])
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = aud
        .post(
            "/forfatter/lovendringer",
            &[("csrf", "feil"), ("handling", "draft")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(
        std::fs::read_to_string(&item_path)
            .unwrap()
            .contains("status = \"active\"")
    );

    let csrf = hidden(&page.body, "csrf");
    let reply = aud
        .post(
            "/forfatter/lovendringer",
            &[("csrf", &csrf), ("handling", "draft")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/forfatter/lovendringer?endret=1");
    let text = std::fs::read_to_string(&item_path).unwrap();
    assert!(text.contains("status = \"draft\""), "{text}");
    assert!(text.contains("[irt]"));
    let loaded = bank::load(&bank_dir, support::today());
    assert!(loaded.bank.is_some(), "{:?}", loaded.diagnostics);
    let after = aud.get("/forfatter/lovendringer?endret=1").await;
    assert!(
        after.body.contains("1 oppgaver er endret"),
        "{}",
        after.body
    );
}

#[tokio::test]
async fn a_review_that_would_break_the_bank_changes_nothing() {
    let dir = TempDir::new("author-law-refused");
    let bank_dir = bank_copy(&dir);
    // § 11 is cited by all six veiledning items: retiring them leaves the topic empty.
    std::fs::write(
        bank_dir.join(bank::LAW_CHANGES_FILE),
        "[[change]]\nact = \"forvaltningsloven\"\nsection = \"11\"\nchanged_on = 2026-11-10\n",
    )
    .unwrap();
    let before: Vec<String> = (1..=6)
        .map(|i| {
            std::fs::read_to_string(bank_dir.join(format!("items/veiledning/vei-00{i}.toml")))
                .unwrap()
        })
        .collect();
    let (router, _) = app(&dir, &bank_dir);
    let mut aud = logged_in(&router, "aud").await;
    let csrf = hidden(&aud.get("/forfatter/lovendringer").await.body, "csrf");
    let reply = aud
        .post(
            "/forfatter/lovendringer",
            &[("csrf", &csrf), ("handling", "retired")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(reply.body.contains("ingenting er endret"), "{}", reply.body);
    for (i, text) in before.iter().enumerate() {
        let now = std::fs::read_to_string(
            bank_dir.join(format!("items/veiledning/vei-00{}.toml", i + 1)),
        )
        .unwrap();
        assert_eq!(&now, text);
    }
}

/// Registering a law change in the page: refusals (no CSRF token, a caseworker, bad fields with
/// their messages, a duplicate), then register → the citing item listed → apply → audit entry.
#[tokio::test]
async fn a_law_change_registered_in_the_page_flags_citing_items_and_is_audited() {
    let dir = TempDir::new("author-law-register");
    let bank_dir = bank_copy(&dir);
    let item_path = cite_section_17(&bank_dir);
    let (router, state) = app(&dir, &bank_dir);
    let registry = bank_dir.join(bank::LAW_CHANGES_FILE);
    assert!(!registry.exists());

    let mut kari = logged_in(&router, "kari").await;
    let csrf = hidden(&kari.get("/").await.body, "csrf");
    let fields = |csrf: &str| {
        [
            ("csrf", csrf.to_string()),
            ("lov", "forvaltningsloven".to_string()),
            ("paragraf", "§ 17".to_string()),
            ("dato", "2026-11-10".to_string()),
            ("merknad", "Utredningsplikten presisert".to_string()),
        ]
    };
    let kari_fields = fields(&csrf);
    let pairs: Vec<(&str, &str)> = kari_fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = kari.post("/forfatter/lovendringer/ny", &pairs).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "a caseworker");

    let mut aud = logged_in(&router, "aud").await;
    let page = aud.get("/forfatter/lovendringer").await;
    assert!(
        page.body.contains("action=\"/forfatter/lovendringer/ny\""),
        "{}",
        page.body
    );
    let csrf = hidden(&page.body, "csrf");
    let reply = aud
        .post(
            "/forfatter/lovendringer/ny",
            &pairs[1..], // no CSRF token
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "no CSRF token");

    // Every field wrong at once: each gets its own message, nothing is written.
    let reply = aud
        .post(
            "/forfatter/lovendringer/ny",
            &[
                ("csrf", &csrf),
                ("lov", "straffeloven"),
                ("paragraf", "17 første ledd"),
                ("dato", "10.11.2026"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Velg en lov fra listen.",
        "Skriv én paragraf",
        "Skriv en dato som 2026-07-01.",
    ] {
        assert!(reply.body.contains(message), "{message}: {}", reply.body);
    }
    assert!(
        reply.body.contains("value=\"10.11.2026\""),
        "typed values kept"
    );
    let reply = aud
        .post(
            "/forfatter/lovendringer/ny",
            &[
                ("csrf", &csrf),
                ("lov", "forvaltningsloven"),
                ("paragraf", " "),
                ("dato", "2026-11-10"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Skriv én paragraf"), "{}", reply.body);
    assert!(!reply.body.contains("Velg en lov fra listen."));
    assert!(!registry.exists(), "nothing written");

    // Registered: the citing item is listed.
    let aud_fields = fields(&csrf);
    let pairs: Vec<(&str, &str)> = aud_fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = aud.post("/forfatter/lovendringer/ny", &pairs).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/forfatter/lovendringer?registrert=1");
    let text = std::fs::read_to_string(&registry).unwrap();
    assert!(text.contains("section = \"17\""), "{text}");
    assert!(text.contains("changed_on = 2026-11-10"), "{text}");
    assert!(text.contains("Utredningsplikten presisert"), "{text}");
    let page = aud.get(reply.location()).await;
    assert!(page.body.contains("1 oppgaver viser til"), "{}", page.body);
    assert!(page.body.contains("/forfatter/oppgaver/vei-006"));

    // The same change again is refused.
    let reply = aud.post("/forfatter/lovendringer/ny", &pairs).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("allerede registrert"), "{}", reply.body);

    // Audited: who and what.
    let audit = state.app.store().audit_log_all().unwrap();
    let entry = audit
        .iter()
        .find(|e| e.route == "/forfatter/lovendringer/ny")
        .expect("audit entry");
    assert_eq!(entry.employee_id, "aud");
    assert!(
        entry
            .format
            .contains("forvaltningsloven § 17 endret 2026-11-10"),
        "{entry:?}"
    );
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.route == "/forfatter/lovendringer/ny")
            .count(),
        1
    );

    // Then the existing apply sends the item to draft.
    let reply = aud
        .post(
            "/forfatter/lovendringer",
            &[("csrf", &csrf), ("handling", "draft")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(
        std::fs::read_to_string(&item_path)
            .unwrap()
            .contains("status = \"draft\"")
    );
}

/// The registration form's optional ledd: a wrong one is refused at its field; one ledd is
/// written to the registry (`ledd = 2`), shown on the page, and flags an item that cites the
/// whole section but not one that cites only another ledd of it.
#[tokio::test]
async fn a_law_change_can_name_one_ledd() {
    let dir = TempDir::new("author-law-ledd");
    let bank_dir = bank_copy(&dir);
    let item_path = cite_section_17(&bank_dir);
    let (router, _) = app(&dir, &bank_dir);
    let registry = bank_dir.join(bank::LAW_CHANGES_FILE);
    let mut aud = logged_in(&router, "aud").await;
    let page = aud.get("/forfatter/lovendringer").await;
    assert!(page.body.contains("<label for=\"ledd\">"), "{}", page.body);
    let csrf = hidden(&page.body, "csrf");
    let register = |ledd: &'static str, csrf: String| {
        [
            ("csrf", csrf),
            ("lov", "forvaltningsloven".to_string()),
            ("paragraf", "17".to_string()),
            ("ledd", ledd.to_string()),
            ("dato", "2026-11-10".to_string()),
        ]
    };
    for wrong in ["0", "andre", "-1"] {
        let fields = register(wrong, csrf.clone());
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = aud.post("/forfatter/lovendringer/ny", &pairs).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{wrong}");
        assert!(
            reply.body.contains("Skriv leddet som et tall"),
            "{wrong}: {}",
            reply.body
        );
        assert!(reply.body.contains("aria-describedby=\"ledd-feil\""));
        assert!(!registry.exists(), "nothing written for {wrong}");
    }

    // vei-006 cites the whole § 17: a change of its second ledd flags it.
    let fields = register("2", csrf.clone());
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = aud.post("/forfatter/lovendringer/ny", &pairs).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/forfatter/lovendringer?registrert=1");
    let text = std::fs::read_to_string(&registry).unwrap();
    assert!(
        text.contains("section = \"17\"\nledd = 2\nchanged_on = 2026-11-10"),
        "{text}"
    );
    let page = aud.get("/forfatter/lovendringer").await;
    assert!(
        page.body.contains("forvaltningsloven § 17 2. ledd"),
        "{}",
        page.body
    );
    assert!(page.body.contains("/forfatter/oppgaver/vei-006"));
    // The same ledd again is a duplicate.
    let reply = aud.post("/forfatter/lovendringer/ny", &pairs).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("allerede registrert"), "{}", reply.body);

    // Citing only the first ledd, the item is no longer flagged by a change of the second.
    let item = std::fs::read_to_string(&item_path).unwrap();
    std::fs::write(
        &item_path,
        item.replace(
            "\"forvaltningsloven § 17\"",
            "\"forvaltningsloven § 17 første ledd\"",
        ),
    )
    .unwrap();
    let page = aud.get("/forfatter/lovendringer").await;
    assert!(
        !page.body.contains("/forfatter/oppgaver/vei-006"),
        "{}",
        page.body
    );
}

// Found by the access matrix's probing (session 12): with one finished test in a cycle, the
// author statistics showed n = 1 per item and that person's right/wrong pattern and response
// times. Now they follow the HR rule: only published tests (batches of at least k people), and
// no figure from fewer than k people's answers.
#[tokio::test]
async fn an_author_never_sees_figures_from_fewer_than_k_people() {
    let dir = TempDir::new("author-k");
    let bank_dir = bank_copy(&dir);
    let (router, state) = app(&dir, &bank_dir);
    let mut aud = logged_in(&router, "aud").await;
    let aud_principal = forvalt::app::Principal {
        user: state.app.store().user_by_login("aud").unwrap().unwrap(),
        csrf: String::new(),
    };
    let bank = bank::load(&bank_dir, support::today()).bank.unwrap();
    let statistics = || {
        state
            .app
            .authoring
            .item_statistics(&aud_principal, &bank, Default::default(), support::today())
            .unwrap()
    };

    // One finished test: not published, so the author sees nothing of it.
    take_tests(&state, 1, "sb", "BUF/Område Nord", 1, None);
    let csv = aud.get("/forfatter/oppgaver.csv?syklus=1").await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut lines = csv.body.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| head.iter().position(|h| *h == name).unwrap();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[col("n")], "0", "{line}");
        assert_eq!(cells[col("proportion_correct")], "", "{line}");
        assert_eq!(cells[col("median_response_ms")], "", "{line}");
    }
    assert_eq!(statistics().tests, 0);

    // Four more in the same unit: the five are published together. An item seen by fewer than
    // five of them shows its count only; every figure shown stands on at least five people.
    take_tests(&state, 1, "sc", "BUF/Område Nord", 4, None);
    let published = statistics();
    assert_eq!(published.tests, 5);
    let few = published
        .items
        .iter()
        .find(|s| (1..5).contains(&s.n))
        .expect("an item seen by fewer than five of the five");
    assert!(
        few.proportion_correct.is_none()
            && few.point_biserial.is_none()
            && few.infit.is_none()
            && few.outfit.is_none()
            && few.median_response_ms.is_none()
            && few.groups.is_empty(),
        "{few:?}"
    );
    for item in published.items.iter().filter(|s| s.n >= 5) {
        assert!(item.proportion_correct.is_some(), "{item:?}");
        assert!(!item.groups.is_empty(), "{item:?}");
        assert!(item.groups.iter().all(|g| g.n >= 5), "{item:?}");
    }
    let page = aud.get(&format!("/forfatter/oppgaver/{}", few.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("per ferdighetsgruppe"), "{}", page.body);
    assert!(
        page.body.contains(&format!(
            "{} av de publiserte testene har svar på oppgaven. Tall regnet fra svarene vises \
             først når minst 5 personer har svart",
            few.n
        )),
        "{}",
        page.body
    );

    // A sixth test waits for k − 1 more in its unit: the figures do not move by one person.
    take_tests(&state, 1, "sd", "BUF/Område Nord", 1, None);
    assert_eq!(statistics(), published);
}

//! Deadlines that mean something: after a cycle's deadline «Start testen» is gone and starting
//! is refused (pages and API) unless the cycle allows late completion; a started test can be
//! finished within the grace period and not after it; overdue shows to caseworker and leader.

use axum::http::StatusCode;
use forvalt::app::{Config, hash_password};
use forvalt::store::{CycleId, LateStart, Role, Store, TestId, UserInput};

use crate::support::TempDir;
use crate::web::{Browser, PASSWORD, app_on, hidden, seed_with_past_cycle};

/// The web fixture (kari, ola, hanne; cycle 1 open) plus cycle 2 whose deadline was 3 days
/// ago, and a leader of kari's team.
fn setup(dir: &TempDir) {
    let store = Store::open(&dir.db()).unwrap();
    seed_with_past_cycle(&store);
    store
        .upsert_users(
            &[UserInput {
                employee_id: "lena".into(),
                name: "Lena Leder".into(),
                email: "lena@example.no".into(),
                department: "BUF/Område Nord".into(),
                role: Role::Caseworker,
                password_hash: Some(hash_password(PASSWORD)),
            }],
            jiff::Timestamp::now(),
        )
        .unwrap();
    store
        .set_leads(&[("lena".into(), Some("BUF/Område Nord".into()))])
        .unwrap();
}

#[tokio::test]
async fn after_the_deadline_a_test_cannot_be_started_unless_the_cycle_allows_late() {
    let dir = TempDir::new("deadline-start");
    setup(&dir);
    let (router, state) = app_on(&dir.db(), Config::default());
    let mut kari = Browser::new(&router);
    kari.login("kari", PASSWORD).await;
    let home = kari.get("/").await.body;
    assert!(!home.contains("/sykluser/2/start"), "{home}");
    assert!(
        home.contains("/sykluser/1/start"),
        "the open cycle still has its button"
    );
    assert!(home.contains("Fristen er ute"), "{home}");
    let csrf = hidden(&home, "csrf");
    let refused = kari.post("/sykluser/2/start", &[("csrf", &csrf)]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused.body.contains("kan ikke startes etter fristen"),
        "{}",
        refused.body
    );
    assert!(
        state.app.store().tests().unwrap().is_empty(),
        "nothing started"
    );

    // The leader sees kari as overdue in that cycle.
    let mut lena = Browser::new(&router);
    lena.login("lena", PASSWORD).await;
    let unit = lena.get("/leder?syklus=2").await;
    assert!(unit.body.contains("Over fristen"), "{}", unit.body);

    state
        .app
        .store()
        .set_cycle_late("Forrige", LateStart::Allowed, None)
        .unwrap()
        .unwrap();
    let home = kari.get("/").await.body;
    assert!(
        home.contains("/sykluser/2/start"),
        "late is allowed: {home}"
    );
    let started = kari.post("/sykluser/2/start", &[("csrf", &csrf)]).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let page = kari.get(started.location()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
}

#[tokio::test]
async fn a_started_test_can_be_finished_within_the_grace_period_only() {
    let dir = TempDir::new("deadline-grace");
    setup(&dir);
    let (router, state) = app_on(&dir.db(), Config::default()); // 7 days' grace
    // kari started before the deadline (the tools' path does not check it).
    let kari_p = state
        .app
        .accounts
        .login("kari", PASSWORD, "test", jiff::Timestamp::now());
    let test = match kari_p {
        Ok((_, principal)) => state
            .app
            .test_taking
            .start_test(&principal, CycleId(2), jiff::Timestamp::now())
            .unwrap(),
        Err(e) => panic!("{e}"),
    };
    let url = format!("/tester/{}", test.id);
    let mut kari = Browser::new(&router);
    kari.login("kari", PASSWORD).await;
    let home = kari.get("/").await.body;
    assert!(
        home.contains(&format!("href=\"{url}\"")),
        "within grace: {home}"
    );
    let (position, csrf, _) = kari.item(&url).await.unwrap();
    let answered = kari.answer(&url, &position, &csrf, 1).await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);

    // The cycle's own grace period of 1 day has passed (deadline 3 days ago).
    state
        .app
        .store()
        .set_cycle_late("Forrige", LateStart::Refused, Some(1))
        .unwrap()
        .unwrap();
    let shown = kari.get(&url).await;
    assert_eq!(shown.status, StatusCode::BAD_REQUEST, "{}", shown.body);
    assert!(
        shown.body.contains("fristen for å fullføre"),
        "{}",
        shown.body
    );
    let late = kari.answer(&url, "1", &csrf, 1).await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST, "{}", late.body);
    let (answers, _) = state.app.store().history(TestId(test.id)).unwrap();
    assert_eq!(answers.len(), 1, "the late answer was not stored");
    let home = kari.get("/").await.body;
    assert!(!home.contains(&format!("href=\"{url}\"")), "{home}");
    assert!(home.contains("Fristen er ute"), "{home}");
}

#[test]
fn cycles_late_sets_and_reports_late_completion() {
    let dir = TempDir::new("deadline-cli");
    setup(&dir);
    let db = dir.db();
    let out = crate::support::forvalt(&[
        "cycles",
        "late",
        "--name",
        "Forrige",
        "--allow",
        "--grace-days",
        "3",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("late start allowed, grace 3 days"));
    let missing = crate::support::forvalt(&[
        "cycles",
        "late",
        "--name",
        "Ingen",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no cycle is named \"Ingen\""));
    let cycle = Store::open(&db).unwrap().cycles().unwrap()[1].clone();
    assert!(cycle.allow_late && cycle.grace_days == Some(3));
}

#[tokio::test]
async fn the_json_api_refuses_a_start_after_the_deadline_and_an_answer_after_the_grace_period() {
    let dir = TempDir::new("deadline-api");
    setup(&dir);
    let (router, state) = app_on(&dir.db(), Config::default());
    let token = crate::web::api_login(&router, "kari").await;
    let api = |method: &'static str, path: String, body: Option<&'static str>| {
        let (router, token) = (router.clone(), token.clone());
        async move { crate::web::api(&router, method, &path, Some(&token), body).await }
    };
    let (status, json) = api("POST", "/api/cycles/2/test".into(), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
    assert!(state.app.store().tests().unwrap().is_empty());

    state
        .app
        .store()
        .set_cycle_late("Forrige", LateStart::Allowed, None)
        .unwrap();
    let (status, json) = api("POST", "/api/cycles/2/test".into(), None).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let test = json["test_id"].as_u64().unwrap();
    state
        .app
        .store()
        .set_cycle_late("Forrige", LateStart::Refused, Some(0))
        .unwrap();
    let (status, json) = api("GET", format!("/api/tests/{test}"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
    let (status, json) = api(
        "POST",
        format!("/api/tests/{test}/answer"),
        Some(r#"{"position":0,"option":1}"#),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{json}");
    assert!(
        state
            .app
            .store()
            .history(TestId(test))
            .unwrap()
            .0
            .is_empty()
    );
}

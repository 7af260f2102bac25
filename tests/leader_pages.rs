//! Unit leaders and the completion certificate through the real router: a leader sees names and
//! status in their own department subtree and the unit's topic report (k-suppressed), and is
//! refused other units, other people's answers, HR pages and author pages; certificates for the
//! caseworker and the unit's leaders only, never with a score.

use axum::http::StatusCode;
use forvalt::store::{Role, UserInput};
use forvalt::web::AppState;

use crate::support::TempDir;
use crate::web::{Browser, add_leader, app, finish, first_test_of, logged_in};
use crate::web_hr::organisation;

#[tokio::test]
async fn a_leader_sees_completion_and_the_report_of_their_own_subtree_and_nothing_else() {
    let (_dir, router, state) = app();
    organisation(&state); // Etat 4, Etat/A 10, Etat/B 5, Etat/C 4, Etat/D 10 completed
    state
        .app
        .store()
        .upsert_users(
            &[UserInput {
                employee_id: "ny".into(),
                name: "Nina Ny".into(),
                email: "ny@example.no".into(),
                department: "Etat/A/Team 2".into(),
                role: Role::Caseworker,
                password_hash: None,
            }],
            jiff::Timestamp::now(),
        )
        .unwrap();
    add_leader(&state, "leif", "Etat/A", "Etat/A");
    let mut leif = logged_in(&router, "leif").await;

    let home = leif.get("/").await;
    assert!(home.body.contains("href=\"/leder\""), "{}", home.body);
    let page = leif.get("/leder").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("a nr 1"), "{}", page.body);
    assert!(page.body.contains("Nina Ny"));
    assert!(
        page.body.contains("10 av 12 har fullført"),
        "10 done, Nina and leif not started: {}",
        page.body
    );
    assert!(page.body.contains("Ikke startet"));
    for other in ["b nr 1", "c nr 1", "d nr 1", "kari"] {
        assert!(!page.body.contains(other), "{other} is in another unit");
    }
    let sub = leif.get("/leder?enhet=Etat%2FA%2FTeam%202").await;
    assert_eq!(sub.status, StatusCode::OK, "{}", sub.body);
    assert!(sub.body.contains("Nina Ny") && !sub.body.contains("a nr 1"));

    // Other units, above or beside: refused.
    for url in [
        "/leder?enhet=Etat%2FB",
        "/leder?enhet=Etat",
        "/leder?enhet=Etat%2FAB",
        "/leder/rapport?enhet=Etat%2FB",
    ] {
        assert_eq!(leif.get(url).await.status, StatusCode::FORBIDDEN, "{url}");
    }

    // The unit's topic report: the unit's row only, and the view is audited.
    let before = state.app.store().audit_log_all().unwrap().len();
    let report = leif.get("/leder/rapport").await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert!(
        report.body.contains("Temarapport for Etat/A"),
        "{}",
        report.body
    );
    assert!(!report.body.contains("Etat/B"), "{}", report.body);
    assert!(!report.body.contains("a nr 1"), "no names in the report");
    let audit = state.app.store().audit_log_all().unwrap();
    assert_eq!(audit.len(), before + 1);
    assert_eq!(audit.last().unwrap().department.as_deref(), Some("Etat/A"));

    // Nobody's answers, no HR or author pages.
    let a1 = first_test_of(&state, "a nr 1");
    for url in [
        format!("/tester/{a1}"),
        format!("/tester/{a1}/resultat"),
        "/hr".to_string(),
        "/hr/tema?format=csv".to_string(),
        "/hr/gjennomforing/personer?format=csv".to_string(),
        "/forfatter".to_string(),
        "/admin/utboks".to_string(),
    ] {
        let status = leif.get(&url).await.status;
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            "{url}: {status}"
        );
    }

    // Certificates of the unit, not of another.
    let certificate = leif.get(&format!("/bevis/{a1}")).await;
    assert_eq!(certificate.status, StatusCode::OK, "{}", certificate.body);
    assert!(certificate.body.contains("a nr 1") && certificate.body.contains("Etat/A"));
    let b1 = first_test_of(&state, "b nr 1");
    assert_eq!(
        leif.get(&format!("/bevis/{b1}")).await.status,
        StatusCode::NOT_FOUND
    );

    // A caseworker who leads nothing has no leader pages.
    let mut kari = logged_in(&router, "kari").await;
    assert_eq!(kari.get("/leder").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        kari.get("/leder/rapport").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_small_unit_s_report_shows_no_figures() {
    let (_dir, router, state) = app();
    organisation(&state); // Etat/C has 4 people, fewer than k = 5: never published
    add_leader(&state, "cato", "Etat/C", "Etat/C");
    let mut cato = logged_in(&router, "cato").await;
    let report = cato.get("/leder/rapport").await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert!(
        report
            .body
            .contains("Ingen resultater for enheten er publisert")
            && report.body.contains("minst 5 nye personer"),
        "{}",
        report.body
    );
    assert!(!report.body.contains("Tydelig"), "{}", report.body);
    let a_leader = cato.get("/leder").await;
    assert!(
        a_leader.body.contains("4 av 5 har fullført"),
        "{}",
        a_leader.body
    );
}

#[tokio::test]
async fn the_certificate_names_person_unit_cycle_and_date_and_never_a_score() {
    let (_dir, router, _state) = app();
    let mut kari = logged_in(&router, "kari").await;
    let url = kari.start().await;
    let id: u64 = url.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(
        kari.get(&format!("/bevis/{id}")).await.status,
        StatusCode::NOT_FOUND,
        "not before the test is completed"
    );
    finish(&mut kari, &url).await;
    let home = kari.get("/").await;
    assert!(
        home.body.contains(&format!("href=\"/bevis/{id}\"")),
        "{}",
        home.body
    );
    let certificate = kari.get(&format!("/bevis/{id}")).await;
    assert_eq!(certificate.status, StatusCode::OK, "{}", certificate.body);
    let today = crate::support::today().to_string();
    for expected in [
        "kari Testesen",
        "BUF/Område Nord/Team 3",
        "2026–2027",
        today.as_str(),
    ] {
        assert!(
            certificate.body.contains(expected),
            "{expected}: {}",
            certificate.body
        );
    }
    for score in ["riktig", "nivå", "Nivå", "θ"] {
        assert!(
            !certificate.body.contains(score),
            "{score}: {}",
            certificate.body
        );
    }
    let mut ola = logged_in(&router, "ola").await;
    assert_eq!(
        ola.get(&format!("/bevis/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let anonymous = Browser::new(&router).get(&format!("/bevis/{id}")).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "to the login page");
    assert!(anonymous.location().starts_with("/logg-inn"));
}

#[test]
fn a_roster_with_a_leads_column_makes_leaders() {
    let dir = TempDir::new("leader-roster");
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "employee_id,name,email,department,role,leads\n\
         l1,Lise Leder,lise@x.no,BUF/Nord,caseworker,BUF/Nord\n\
         c1,Carl,carl@x.no,BUF/Nord/Team 1,caseworker,\n",
    )
    .unwrap();
    let db = dir.db();
    let out = crate::support::forvalt(&[
        "users",
        "import",
        roster.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = forvalt::store::Store::open(&db).unwrap();
    let lise = store.user_by_login("l1").unwrap().unwrap();
    assert_eq!(lise.leads.as_deref(), Some("BUF/Nord"));
    assert_eq!(store.user_by_login("c1").unwrap().unwrap().leads, None);
    drop(store);
    std::fs::write(
        &roster,
        "employee_id,name,email,department,role,leads\nl1,Lise,lise@x.no,BUF,caseworker,BUF//Nord\n",
    )
    .unwrap();
    let bad = crate::support::forvalt(&[
        "users",
        "import",
        roster.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 2: leads:"));
}

#[tokio::test]
async fn the_privacy_notice_is_public_filled_from_the_configuration_and_linked() {
    let dir = TempDir::new("leader-privacy");
    crate::web::seed(&forvalt::store::Store::open(&dir.db()).unwrap());
    let config = forvalt::app::Config {
        report_min_people: 6,
        retention_keep_cycles: Some(3),
        privacy: forvalt::app::privacy::PrivacyConfig {
            contact: Some("personvern@etat.test".into()),
            ..Default::default()
        },
        ..forvalt::app::Config::default()
    };
    let (router, _state) = crate::web::app_on(&dir.db(), config);
    let notice = Browser::new(&router).get("/personvern").await;
    assert_eq!(notice.status, StatusCode::OK, "no login needed");
    for expected in [
        "personvern@etat.test",
        "minst 6 personer",
        "de 3 siste testsyklusene",
        "artikkel 6",
        "hvem i enheten som har fullført",
        "bare i tall fra minst 6 personer – ikke hvem som svarte hva",
    ] {
        assert!(
            notice.body.contains(expected),
            "{expected}: {}",
            notice.body
        );
    }
    let mut kari = logged_in(&router, "kari").await;
    let home = kari.get("/").await;
    assert!(home.body.contains("href=\"/personvern\""), "{}", home.body);
    let url = kari.start().await;
    finish(&mut kari, &url).await;
    let result = kari.get(&format!("{url}/resultat")).await;
    assert_eq!(result.status, StatusCode::OK);
    assert!(
        result.body.contains("href=\"/personvern\""),
        "{}",
        result.body
    );
}

/// axe-core on every new page: the outbox (with a failed message) for an admin, the privacy
/// notice, and a leader's completion, report and a certificate, in headless Chromium.
#[test]
fn the_new_pages_pass_axe() {
    let dir = TempDir::new("leader-axe");
    let store = forvalt::store::Store::open(&dir.db()).unwrap();
    let app = forvalt::app::App::new(
        store,
        crate::web::fixture_bank(),
        forvalt::app::Config::default(),
    );
    forvalt::app::demo::ensure(&app, jiff::Timestamp::now()).unwrap();
    let store = app.store();
    store
        .set_leads(&[("saksbehandler1".into(), Some("BUF/Område Nord".into()))])
        .unwrap();
    app.followup.schedule(jiff::Timestamp::now()).unwrap();
    let first = store.outbox().unwrap()[0].id.clone();
    store.mark_sending(&first, jiff::Timestamp::now()).unwrap();
    store
        .mark_attempt_failed(&first, "550 5.1.1 <x@etat.no>: no such user", None)
        .unwrap();
    let north: Vec<u64> = store
        .users()
        .unwrap()
        .into_iter()
        .filter(|u| u.department.starts_with("BUF/Område Nord/"))
        .map(|u| u.id)
        .collect();
    let certificate = store
        .tests()
        .unwrap()
        .into_iter()
        .find(|t| t.finished.is_some() && north.contains(&t.user_id))
        .unwrap()
        .id;

    let state = AppState::new(app, forvalt::web::Cookies::PlainHttp);
    let server = crate::support::LiveServer::start(&state);
    let run = |user: &str, password: &str, pages: &[&str]| {
        let mut args = vec![server.url.as_str(), user, password];
        args.extend_from_slice(pages);
        crate::support::axe_clean_script("followup.mjs", &args);
    };
    run("admin1", "demo-admin", &["/admin/utboks", "/personvern"]);
    let certificate = format!("/bevis/{certificate}");
    run(
        "saksbehandler1",
        "demo-saksbehandler",
        &["/", "/leder", "/leder/rapport", &certificate],
    );
}

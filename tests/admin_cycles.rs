//! `/admin/sykluser` and `/admin/innstillinger` (issue 14): create, change and close cycles in
//! the browser with the same rules as the CLI, refusals (validation, CSRF, roles), audit
//! entries, the publication rule (a passed deadline cannot move), and masked secrets.

use axum::http::StatusCode;
use forvalt::config::Source;
use forvalt::store::Store;
use jiff::ToSpan;

use crate::web::{Browser, add_admin, app, hidden, logged_in};

fn cycle(store: &Store, name: &str) -> Option<forvalt::store::CycleRecord> {
    store.cycles().unwrap().into_iter().find(|c| c.name == name)
}

#[tokio::test]
async fn admins_create_change_and_close_cycles_and_every_change_is_audited() {
    let (_dir, router, state) = app();
    add_admin(&state);
    let store = state.app.store();
    let today = jiff::Zoned::now().date();
    let mut adam = logged_in(&router, "adam").await;

    let page = adam.get("/admin/sykluser").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("2026–2027"), "{}", page.body);
    let csrf = hidden(&page.body, "csrf");
    let (opens, deadline) = (
        (today + 40.days()).to_string(),
        (today + 70.days()).to_string(),
    );

    // Create.
    let reply = adam
        .post(
            "/admin/sykluser/ny",
            &[
                ("csrf", &csrf),
                ("name", "Høst"),
                ("opens", &opens),
                ("deadline", &deadline),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(reply.location().starts_with("/admin/sykluser?ok=opprettet"));
    let created = cycle(store, "Høst").expect("created");
    assert_eq!(created.deadline.to_string(), deadline);
    let page = adam.get(reply.location()).await;
    assert!(
        page.body.contains("Syklusen «Høst» er opprettet."),
        "{}",
        page.body
    );

    // Refusals: nothing changes, the page says why and keeps what was typed.
    let refusals = [
        (
            "Vinter",
            opens.as_str(),
            (today + 10.days()).to_string(),
            "er før første dag",
        ),
        (
            "høst",
            opens.as_str(),
            (today + 90.days()).to_string(),
            "finnes allerede",
        ),
        ("   ", opens.as_str(), deadline.clone(), "må ha et navn"),
        ("Vinter", "31.12.2026", deadline.clone(), "er ikke en dato"),
    ];
    for (name, opens, deadline, why) in refusals {
        let reply = adam
            .post(
                "/admin/sykluser/ny",
                &[
                    ("csrf", &csrf),
                    ("name", name),
                    ("opens", opens),
                    ("deadline", &deadline),
                ],
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{name}: {}",
            reply.body
        );
        assert!(reply.body.contains(why), "{name}: {}", reply.body);
        assert!(reply.body.contains("role=\"alert\""));
    }
    assert_eq!(store.cycles().unwrap().len(), 2);

    // Change the deadline and late completion.
    let later = (today + 80.days()).to_string();
    let reply = adam
        .post(
            "/admin/sykluser/frist",
            &[
                ("csrf", &csrf),
                ("name", "Høst"),
                ("deadline", &later),
                ("allow_late", "on"),
                ("grace_days", "3"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let changed = cycle(store, "Høst").unwrap();
    assert_eq!(changed.deadline.to_string(), later);
    assert!(changed.allow_late);
    assert_eq!(changed.grace_days, Some(3));
    let reply = adam
        .post(
            "/admin/sykluser/frist",
            &[
                ("csrf", &csrf),
                ("name", "Høst"),
                ("deadline", &later),
                ("grace_days", "tre"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains("er ikke et antall dager"),
        "{}",
        reply.body
    );

    // Close the open cycle: from today nobody can start or continue.
    let reply = adam
        .post(
            "/admin/sykluser/lukk",
            &[("csrf", &csrf), ("name", "2026–2027")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let closed = cycle(store, "2026–2027").unwrap();
    assert_eq!(closed.deadline, today - 1.day());
    assert!(!closed.allow_late);
    assert_eq!(closed.grace_days, Some(0));
    let again = adam
        .post(
            "/admin/sykluser/lukk",
            &[("csrf", &csrf), ("name", "2026–2027")],
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.body.contains("er allerede lukket"), "{}", again.body);
    let page = adam.get("/admin/sykluser").await;
    assert!(page.body.contains("Lukket"), "{}", page.body);

    // A caseworker can no longer start the closed cycle.
    let mut kari = logged_in(&router, "kari").await;
    let home = kari.get("/").await;
    let kari_csrf = hidden(&home.body, "csrf");
    let start = kari
        .post(
            &format!("/sykluser/{}/start", closed.id),
            &[("csrf", &kari_csrf)],
        )
        .await;
    assert_ne!(start.status, StatusCode::SEE_OTHER, "{}", start.body);

    // Every change is in the audit log, with who did it.
    let audit = adam.get("/admin/revisjon").await;
    for route in [
        "/admin/sykluser/ny",
        "/admin/sykluser/frist",
        "/admin/sykluser/lukk",
    ] {
        assert!(audit.body.contains(route), "{route}: {}", audit.body);
    }
    assert!(audit.body.contains("adam"));
    let entries = store.audit_log(100).unwrap();
    let cycle_entries = entries
        .iter()
        .filter(|e| e.route.starts_with("/admin/sykluser"))
        .count();
    assert_eq!(cycle_entries, 3, "refusals are not changes: {entries:?}");
}

#[tokio::test]
async fn a_passed_deadline_cannot_move_so_the_report_as_of_the_deadline_stays_one_version() {
    let (_dir, router, state) = app();
    add_admin(&state);
    let store = state.app.store();
    let today = jiff::Zoned::now().date();
    store
        .add_cycle("Vår", today - 60.days(), today - 10.days())
        .unwrap();
    let mut adam = logged_in(&router, "adam").await;
    let csrf = hidden(&adam.get("/admin/sykluser").await.body, "csrf");
    let before = cycle(store, "Vår").unwrap();
    for new in [today + 10.days(), today - 20.days()] {
        let reply = adam
            .post(
                "/admin/sykluser/frist",
                &[
                    ("csrf", &csrf),
                    ("name", "Vår"),
                    ("deadline", &new.to_string()),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        assert!(
            reply.body.contains("er passert og kan ikke flyttes"),
            "{}",
            reply.body
        );
        assert_eq!(cycle(store, "Vår").unwrap(), before);
    }
    // Late completion can still change: tests finished after the deadline never enter the
    // version as of the deadline.
    let reply = adam
        .post(
            "/admin/sykluser/frist",
            &[
                ("csrf", &csrf),
                ("name", "Vår"),
                ("deadline", &before.deadline.to_string()),
                ("allow_late", "on"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let after = cycle(store, "Vår").unwrap();
    assert!(after.allow_late);
    assert_eq!(after.deadline, before.deadline);
    // Closing a cycle whose deadline passed keeps that deadline.
    let reply = adam
        .post("/admin/sykluser/lukk", &[("csrf", &csrf), ("name", "Vår")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(cycle(store, "Vår").unwrap().deadline, before.deadline);
    // The page does not offer to move it.
    let page = adam.get("/admin/sykluser").await;
    assert!(
        page.body.contains("er passert og kan ikke flyttes"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn cycle_forms_need_the_csrf_token_and_an_admin() {
    let (_dir, router, state) = app();
    add_admin(&state);
    let store = state.app.store();
    let today = jiff::Zoned::now().date();
    let fields = |csrf: &str| {
        vec![
            ("csrf".to_string(), csrf.to_string()),
            ("name".to_string(), "Ny".to_string()),
            ("opens".to_string(), today.to_string()),
            ("deadline".to_string(), (today + 5.days()).to_string()),
        ]
    };
    let post = |b: &mut Browser, f: Vec<(String, String)>| {
        let f: Vec<(String, String)> = f;
        let router = b.router.clone();
        let cookies = b.cookies.clone();
        async move {
            let mut b = Browser::new(&router);
            b.cookies = cookies;
            let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            b.post("/admin/sykluser/ny", &refs).await
        }
    };
    let mut adam = logged_in(&router, "adam").await;
    let reply = post(&mut adam, fields("wrong-token")).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert!(cycle(store, "Ny").is_none());

    for who in ["kari", "hanne"] {
        let mut user = logged_in(&router, who).await;
        let page = user.get("/admin/sykluser").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{who}");
        assert_eq!(
            user.get("/admin/innstillinger").await.status,
            StatusCode::FORBIDDEN
        );
        let csrf = hidden(&user.get("/").await.body, "csrf");
        let reply = post(&mut user, fields(&csrf)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{who}: {}", reply.body);
        let reply = user
            .post(
                "/admin/sykluser/lukk",
                &[("csrf", &csrf), ("name", "2026–2027")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{who}: {}", reply.body);
    }
    assert!(cycle(store, "Ny").is_none());
    assert_eq!(cycle(store, "2026–2027").unwrap().grace_days, None);

    let mut anonymous = Browser::new(&router);
    for path in ["/admin/sykluser", "/admin/innstillinger"] {
        let reply = anonymous.get(path).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(reply.location(), "/logg-inn");
    }
}

#[tokio::test]
async fn the_settings_page_shows_sources_and_masks_secrets() {
    let (_dir, router, state) = app();
    add_admin(&state);
    forvalt::web::record_settings(&[
        (
            "addr",
            "127.0.0.1:8080".into(),
            Source::Cli("--addr".into()),
        ),
        (
            "ops_token",
            "tok-abcdefghijklmnop".into(),
            Source::Env("FORVALT_OPS_TOKEN".into()),
        ),
        (
            "smtp_password",
            "hemmelig-passord-42".into(),
            Source::File {
                path: "/etc/forvalt.toml".into(),
                line: 7,
            },
        ),
        (
            "oidc_client_secret",
            "oidc-hemmelighet".into(),
            Source::Default,
        ),
        ("smtp_user", String::new(), Source::Default),
    ]);
    let mut adam = logged_in(&router, "adam").await;
    let page = adam.get("/admin/innstillinger").await;
    assert_eq!(page.status, StatusCode::OK);
    for secret in [
        "tok-abcdefghijklmnop",
        "hemmelig-passord-42",
        "oidc-hemmelighet",
    ] {
        assert!(!page.body.contains(secret), "{secret} shown: {}", page.body);
    }
    assert_eq!(page.body.matches("(skjult)").count(), 3, "{}", page.body);
    assert!(page.body.contains("127.0.0.1:8080"));
    assert!(page.body.contains("kommandolinjen (--addr)"));
    assert!(page.body.contains("miljøvariabelen FORVALT_OPS_TOKEN"));
    assert!(page.body.contains("/etc/forvalt.toml, linje 7"));
    assert!(page.body.contains("(ikke satt)"));
    let admin = adam.get("/admin").await;
    assert!(admin.body.contains("href=\"/admin/sykluser\""));
    assert!(admin.body.contains("href=\"/admin/innstillinger\""));
}

/// Keyboard only in headless Chromium, axe-core on the admin, cycles (also after a change and
/// a refusal) and settings pages.
#[test]
fn admin_pages_work_by_keyboard_and_pass_axe() {
    let (_dir, _router, state) = app();
    add_admin(&state);
    let server = crate::support::LiveServer::start(&state);
    let stdout = crate::support::browser_script(
        "admin_cycles.mjs",
        &[&server.url, "adam", crate::web::PASSWORD],
    );
    assert!(
        cycle(state.app.store(), "Nettleser-syklus").is_some(),
        "{stdout}"
    );
    assert!(cycle(state.app.store(), "Feil").is_none());
}

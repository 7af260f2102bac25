//! Issue 14, accounts: deactivation, set-password links, the admin people and roster pages,
//! their refusals, and the `users` commands while the server runs.

use axum::http::StatusCode;
use jiff::ToSpan;

use forvalt::app::roster::{self, Actor, LinkDelivery, SyncRefusal};
use forvalt::store::{CycleId, Role, Store, UserId, UserInput};

use crate::ops_load::Server;
use crate::support::{TempDir, forvalt};
use crate::web::{Browser, PASSWORD, add_admin, app, deactivate, finish, hidden, logged_in};

fn id_of(store: &Store, employee_id: &str) -> u64 {
    store.user_by_login(employee_id).unwrap().unwrap().id
}

/// The CSRF token of a page as the admin sees it.
async fn csrf(browser: &mut Browser, path: &str) -> String {
    let page = browser.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    hidden(&page.body, "csrf")
}

#[tokio::test]
async fn deactivation_ends_sessions_refuses_login_and_reactivation_lets_the_person_in_again() {
    let (_dir, router, state) = app();
    add_admin(&state);
    let store = state.app.store();
    let kari_id = id_of(store, "kari");
    let mut kari = logged_in(&router, "kari").await;
    assert_eq!(kari.get("/").await.status, StatusCode::OK);
    let mut adam = logged_in(&router, "adam").await;
    let (done, _) = deactivate(&mut adam, kari_id).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("er deaktivert"), "{}", done.body);
    assert_eq!(
        kari.get("/").await.status,
        StatusCode::SEE_OTHER,
        "kari's session ended at once"
    );
    let refused = Browser::new(&router).login("kari", PASSWORD).await;
    assert_eq!(
        refused.status,
        StatusCode::UNAUTHORIZED,
        "like bad credentials"
    );
    let log = store.audit_log(10).unwrap();
    assert!(
        log.iter()
            .any(|e| e.employee_id == "adam" && e.format == "deaktivert: kari"),
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|e| e.format == "innlogging avvist: deaktivert: kari"),
        "the reason is audited: {log:?}"
    );
    // An admin cannot deactivate themselves; a deactivated person gets no invitation.
    let adam_id = id_of(store, "adam");
    let (own, _) = deactivate(&mut adam, adam_id).await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST, "{}", own.body);
    let plan = state.app.followup.plan(jiff::Timestamp::now()).unwrap();
    assert!(
        plan.iter().all(|m| m.user_id != kari_id),
        "no mail to a deactivated person: {plan:?}"
    );
    assert!(plan.iter().any(|m| m.to == "ola@example.no"));

    let token = csrf(&mut adam, &format!("/admin/personer/{kari_id}")).await;
    let back = adam
        .post(
            &format!("/admin/personer/{kari_id}/reaktiver"),
            &[("csrf", &token)],
        )
        .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.body);
    assert_eq!(
        Browser::new(&router).login("kari", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn admin_pages_refuse_every_other_role_anonymous_users_and_forms_without_csrf() {
    let (_dir, router, state) = app();
    add_admin(&state);
    let store = state.app.store();
    store
        .upsert_users(
            &[UserInput {
                employee_id: "frida".into(),
                name: "Frida Forfatter".into(),
                email: "frida@example.no".into(),
                department: "Etat/Fag".into(),
                role: Role::Author,
                password_hash: Some(forvalt::app::hash_password(PASSWORD)),
            }],
            jiff::Timestamp::now(),
        )
        .unwrap();
    // ola leads the unit: a leader is a caseworker with `leads`, still not an admin.
    store
        .set_leads(&[("ola".into(), Some("BUF".into()))])
        .unwrap();
    let kari_id = id_of(store, "kari");
    let pages = [
        "/admin".to_string(),
        "/admin/personer".to_string(),
        format!("/admin/personer/{kari_id}"),
        "/admin/roster".to_string(),
    ];
    for who in ["kari", "ola", "hanne", "frida"] {
        let mut browser = logged_in(&router, who).await;
        for page in &pages {
            assert_eq!(
                browser.get(page).await.status,
                StatusCode::FORBIDDEN,
                "{who} on {page}"
            );
        }
        let token = hidden(&browser.get("/").await.body, "csrf");
        let post = browser
            .post(
                &format!("/admin/personer/{kari_id}/deaktiver"),
                &[("csrf", &token)],
            )
            .await;
        assert_eq!(post.status, StatusCode::FORBIDDEN, "{who}");
    }
    let mut anonymous = Browser::new(&router);
    for page in &pages {
        let reply = anonymous.get(page).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{page}");
        assert!(reply.location().starts_with("/logg-inn"), "{page}");
    }
    let mut adam = logged_in(&router, "adam").await;
    for page in &pages {
        assert_eq!(adam.get(page).await.status, StatusCode::OK, "{page}");
    }
    for (path, fields) in [
        (format!("/admin/personer/{kari_id}/deaktiver"), vec![]),
        (
            format!("/admin/personer/{kari_id}/rolle"),
            vec![("role", "admin")],
        ),
        ("/admin/roster".to_string(), vec![("roster", "x")]),
    ] {
        let mut with_wrong = fields.clone();
        with_wrong.push(("csrf", "wrong"));
        assert_eq!(
            adam.post(&path, &fields).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            adam.post(&path, &with_wrong).await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert!(
        store.user(UserId(kari_id)).unwrap().unwrap().is_active(),
        "nothing happened"
    );
    assert_eq!(
        store.user(UserId(kari_id)).unwrap().unwrap().role,
        Role::Caseworker
    );
}

#[tokio::test]
async fn people_search_pages_through_two_thousand_people_and_role_changes_are_audited() {
    let (_dir, router, state) = app();
    add_admin(&state);
    let store = state.app.store();
    let people: Vec<UserInput> = (0..2000)
        .map(|n| UserInput {
            employee_id: format!("p{n:04}"),
            name: format!("Person {n:04}"),
            email: format!("p{n}@example.no"),
            department: format!("Etat/Avd {}", n % 7),
            role: Role::Caseworker,
            password_hash: None,
        })
        .collect();
    store.upsert_users(&people, jiff::Timestamp::now()).unwrap();
    let mut adam = logged_in(&router, "adam").await;
    let all = adam.get("/admin/personer").await;
    assert!(all.body.contains("2004 personer"), "{}", all.body);
    assert!(all.body.contains("Side 1 av 41"), "{}", all.body);
    let last = adam.get("/admin/personer?q=&side=41").await;
    assert!(last.body.contains("Side 41 av 41"), "{}", last.body);
    let found = adam.get("/admin/personer?q=p1234").await;
    assert!(found.body.contains("1 personer"), "{}", found.body);
    assert!(found.body.contains("Person 1234"));
    let by_department = adam.get("/admin/personer?q=avd%203").await;
    assert!(
        by_department.body.contains("286 personer"),
        "{}",
        by_department.body
    );
    assert_eq!(
        adam.get("/admin/personer?side=x").await.status,
        StatusCode::BAD_REQUEST
    );
    let kari_id = id_of(store, "kari");
    let token = csrf(&mut adam, &format!("/admin/personer/{kari_id}")).await;
    let changed = adam
        .post(
            &format!("/admin/personer/{kari_id}/rolle"),
            &[("csrf", &token), ("role", "hr")],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(store.user(UserId(kari_id)).unwrap().unwrap().role, Role::Hr);
    let bad = adam
        .post(
            &format!("/admin/personer/{kari_id}/rolle"),
            &[("csrf", &token), ("role", "sjef")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        store
            .audit_log(5)
            .unwrap()
            .iter()
            .any(|e| e.format == "rolle caseworker → hr: kari")
    );
}

#[tokio::test]
async fn a_set_password_link_works_once_expires_and_is_replaced_by_a_newer_one() {
    let (_dir, router, state) = app();
    add_admin(&state);
    let store = state.app.store();
    let accounts = state.app.accounts.clone();
    let adam = Actor::User(store.user_by_login("adam").unwrap().unwrap());
    let kari_id = id_of(store, "kari");
    let url_of = |d: LinkDelivery| match d {
        LinkDelivery::Show { url, .. } => url.split_once("8080").unwrap().1.to_string(),
        other => panic!("no mail configured, so the link is shown: {other:?}"),
    };
    let now = jiff::Timestamp::now();
    // Expired: made 73 hours ago, valid for 72.
    let old = url_of(
        accounts
            .send_password_link(&adam, UserId(kari_id), now - 73.hours())
            .unwrap(),
    );
    let mut kari_browser = Browser::new(&router);
    let expired = kari_browser.get(&old).await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert!(expired.body.contains("gått ut"), "{}", expired.body);

    let mut kari = logged_in(&router, "kari").await;
    let first = url_of(
        accounts
            .send_password_link(&adam, UserId(kari_id), now)
            .unwrap(),
    );
    assert_eq!(
        kari.get("/").await.status,
        StatusCode::SEE_OTHER,
        "a new link ends the sessions"
    );
    let second = url_of(
        accounts
            .send_password_link(&adam, UserId(kari_id), now)
            .unwrap(),
    );
    let replaced = kari_browser.get(&first).await;
    assert_eq!(replaced.status, StatusCode::GONE);
    assert!(replaced.body.contains("nyere lenke"), "{}", replaced.body);

    let form = kari_browser.get(&second).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Velg passord"));
    let token = hidden(&form.body, "csrf");
    let new_password = "blåbærsyltetøy på brødskiva";
    // Refusals first: no CSRF, a mismatch, a common password.
    assert_eq!(
        Browser::new(&router)
            .post(
                &second,
                &[("password", new_password), ("repeat", new_password)]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mismatch = kari_browser
        .post(
            &second,
            &[
                ("csrf", &token),
                ("password", new_password),
                ("repeat", "noe annet enn det"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mismatch.body.contains("ikke like"), "{}", mismatch.body);
    let weak = kari_browser
        .post(
            &second,
            &[
                ("csrf", &token),
                ("password", "passord123456"),
                ("repeat", "passord123456"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = kari_browser
        .post(
            &second,
            &[
                ("csrf", &token),
                ("password", new_password),
                ("repeat", new_password),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("Passordet er lagret"));
    let reused = kari_browser.get(&second).await;
    assert_eq!(reused.status, StatusCode::GONE);
    assert!(reused.body.contains("allerede brukt"), "{}", reused.body);
    let again = kari_browser
        .post(
            &second,
            &[
                ("csrf", &token),
                ("password", "en helt annen setning"),
                ("repeat", "en helt annen setning"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::GONE, "a used link sets nothing");
    assert_eq!(
        Browser::new(&router).login("kari", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    let mut fresh = Browser::new(&router);
    assert_eq!(
        fresh.login("kari", new_password).await.status,
        StatusCode::SEE_OTHER
    );
    // A password change (reset) ends sessions and revokes links.
    let third = url_of(
        accounts
            .send_password_link(&adam, UserId(kari_id), now)
            .unwrap(),
    );
    assert_eq!(fresh.get("/").await.status, StatusCode::SEE_OTHER);
    let mut fresh = Browser::new(&router);
    fresh.login("kari", new_password).await;
    store
        .set_password("kari", forvalt::app::hash_password("et annet passord her"))
        .unwrap();
    assert_eq!(fresh.get("/").await.status, StatusCode::SEE_OTHER);
    assert_eq!(kari_browser.get(&third).await.status, StatusCode::GONE);
    assert_eq!(
        Browser::new(&router)
            .get("/passord/not-a-token")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Nynorsk for a person whose målform is nynorsk.
    store
        .set_roster_malform(&[("ola".into(), Some(forvalt::text::Form::Nn))])
        .unwrap();
    let ola = url_of(
        accounts
            .send_password_link(&adam, UserId(id_of(store, "ola")), now)
            .unwrap(),
    );
    let nn = Browser::new(&router).get(&ola).await;
    assert!(nn.body.contains("Vel passord"), "{}", nn.body);
}

const ROSTER_HEAD: &str = "employee_id,name,email,department,role\n";

#[tokio::test]
async fn roster_sync_previews_without_change_applies_once_and_keeps_a_leavers_test() {
    let (_dir, router, state) = app();
    add_admin(&state);
    let store = state.app.store();
    // kari completes the cycle's test, then leaves.
    let mut kari = logged_in(&router, "kari").await;
    let url = kari.start().await;
    finish(&mut kari, &url).await;
    let before = store.users().unwrap();
    let roster_text = format!(
        "{ROSTER_HEAD}\
         ola,ola Testesen,ola@example.no,BUF/Område Sør,caseworker\n\
         hanne,hanne Testesen,hanne@example.no,BUF/Område Nord/Team 3,hr\n\
         adam,Adam Admin,adam@example.no,Etat/IT,admin\n\
         nina,Nina Ny,nina@example.no,BUF/Område Nord/Team 3,caseworker\n"
    );
    let now = jiff::Timestamp::now();
    let plan = roster::preview(store, &roster_text, now).unwrap().unwrap();
    assert_eq!(store.users().unwrap(), before, "a preview changes nothing");
    assert_eq!(plan.new.len(), 1);
    assert_eq!(plan.leavers.len(), 1);
    assert_eq!(plan.leavers[0].0, "kari");
    assert_eq!(plan.changes.len(), 1, "{plan:?}");
    assert_eq!(plan.changes[0].changes[0].field, "department");
    let text = plan.to_text();
    assert!(
        text.contains("department (move): BUF/Område Nord/Team 3 → BUF/Område Sør"),
        "{text}"
    );

    // A bad row: file:line, nothing changes.
    let bad = format!("{roster_text}ida,,ida,BUF,boss\n");
    let refused = roster::apply_sync(store, &Actor::Tool("cli"), &bad, None, now).unwrap();
    let Err(SyncRefusal::Rows(errors)) = refused else {
        panic!("{refused:?}")
    };
    assert!(errors.iter().all(|e| e.line == 6), "{errors:?}");
    assert_eq!(store.users().unwrap(), before);

    // A preview's digest no longer matches once the people changed.
    let stale = plan.digest.clone();
    let applied = roster::apply_sync(store, &Actor::Tool("cli"), &roster_text, Some(&stale), now)
        .unwrap()
        .unwrap();
    assert_eq!(applied.leavers.len(), 1);
    let again = roster::apply_sync(store, &Actor::Tool("cli"), &roster_text, None, now)
        .unwrap()
        .unwrap();
    assert!(again.is_empty(), "idempotent: {again:?}");
    assert_eq!(
        roster::apply_sync(store, &Actor::Tool("cli"), &roster_text, Some(&stale), now).unwrap(),
        Err(SyncRefusal::Changed)
    );

    let kari_record = store.user_by_login("kari").unwrap().unwrap();
    assert!(
        !kari_record.is_active(),
        "a leaver is deactivated, not deleted"
    );
    assert_eq!(
        Browser::new(&router).login("kari", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(kari.get("/").await.status, StatusCode::SEE_OTHER);
    // The leaver's completed test stays in the completion history, counted where it was taken.
    let hanne = store.user_by_login("hanne").unwrap().unwrap();
    let principal = forvalt::app::Principal {
        user: hanne,
        csrf: String::new(),
    };
    let completion = state
        .app
        .reports
        .completion(&principal, CycleId(1), 3, jiff::Timestamp::now())
        .unwrap();
    assert!(
        completion
            .people
            .iter()
            .any(|p| p.employee_id == "kari" && p.status == "completed"),
        "{:?}",
        completion.people
    );
    let test = store
        .tests_of_user(UserId(kari_record.id))
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    assert_eq!(test.department.as_deref(), Some("BUF/Område Nord/Team 3"));

    // She returns: reactivated.
    let back = format!(
        "{roster_text}kari,kari Testesen,kari@example.no,BUF/Område Nord/Team 3,caseworker\n"
    );
    let plan = roster::apply_sync(store, &Actor::Tool("cli"), &back, None, now)
        .unwrap()
        .unwrap();
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].changes[0].field, "status");
    assert!(store.user_by_login("kari").unwrap().unwrap().is_active());
}

#[tokio::test]
async fn the_roster_page_previews_and_applies_only_the_previewed_state() {
    let (_dir, router, state) = app();
    add_admin(&state);
    let store = state.app.store();
    let mut adam = logged_in(&router, "adam").await;
    let token = csrf(&mut adam, "/admin/roster").await;
    let roster_text = format!(
        "{ROSTER_HEAD}\
         kari,kari Testesen,kari@example.no,BUF/Område Nord/Team 3,caseworker\n\
         hanne,hanne Testesen,hanne@example.no,BUF/Område Nord/Team 3,hr\n\
         adam,Adam Admin,adam@example.no,Etat/IT,admin\n"
    );
    let bad = adam
        .post(
            "/admin/roster",
            &[("csrf", &token), ("roster", "employee_id,name\nx,y\n")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("linje 1"), "{}", bad.body);
    let preview = adam
        .post(
            "/admin/roster",
            &[("csrf", &token), ("roster", &roster_text)],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("1 sluttet"), "{}", preview.body);
    assert!(store.user_by_login("ola").unwrap().unwrap().is_active());
    let digest = hidden(&preview.body, "digest");
    // Someone else changes a person in between: the preview is refused.
    store
        .set_deactivated(UserId(id_of(store, "hanne")), Some(jiff::Timestamp::now()))
        .unwrap();
    let stale = adam
        .post(
            "/admin/roster/bruk",
            &[
                ("csrf", &token),
                ("roster", &roster_text),
                ("digest", &digest),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(store.user_by_login("ola").unwrap().unwrap().is_active());
    let preview = adam
        .post(
            "/admin/roster",
            &[("csrf", &token), ("roster", &roster_text)],
        )
        .await;
    let digest = hidden(&preview.body, "digest");
    let applied = adam
        .post(
            "/admin/roster/bruk",
            &[
                ("csrf", &token),
                ("roster", &roster_text),
                ("digest", &digest),
            ],
        )
        .await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
    assert!(!store.user_by_login("ola").unwrap().unwrap().is_active());
    assert!(
        store.user_by_login("hanne").unwrap().unwrap().is_active(),
        "returned"
    );
    assert!(
        store
            .audit_log(5)
            .unwrap()
            .iter()
            .any(|e| e.employee_id == "adam" && e.format.starts_with("roster brukt"))
    );
    // A roster without the admin would lock them out: refused.
    let without_me = format!(
        "{ROSTER_HEAD}kari,kari Testesen,kari@example.no,BUF/Område Nord/Team 3,caseworker\n"
    );
    let preview = adam
        .post(
            "/admin/roster",
            &[("csrf", &token), ("roster", &without_me)],
        )
        .await;
    let digest = hidden(&preview.body, "digest");
    let refused = adam
        .post(
            "/admin/roster/bruk",
            &[
                ("csrf", &token),
                ("roster", &without_me),
                ("digest", &digest),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(store.user_by_login("hanne").unwrap().unwrap().is_active());
}

#[test]
fn users_commands_work_while_the_server_runs() {
    let dir = TempDir::new("accounts-cli");
    let db = dir.db();
    crate::web::seed(&Store::open(&db).unwrap());
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        format!(
            "{ROSTER_HEAD}\
             kari,kari Testesen,kari@example.no,BUF/Område Nord/Team 3,caseworker\n\
             hanne,hanne Testesen,hanne@example.no,BUF/Område Sør,hr\n"
        ),
    )
    .unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{ROSTER_HEAD}x,,x,BUF,caseworker\n")).unwrap();
    let server = Server::start_with(&db, None, &[]);
    let db_arg = db.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--db", db_arg, "--server", &server.addr]);
        forvalt(&all)
    };
    let preview = run(&["users", "sync", roster.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&preview.stdout);
    assert!(
        preview.status.success(),
        "{out} {}",
        String::from_utf8_lossy(&preview.stderr)
    );
    assert!(out.contains("1 changed, 1 leaver(s)"), "{out}");
    assert!(out.contains("leaver  ola"), "{out}");
    let refused = run(&["users", "sync", bad.to_str().unwrap(), "--apply"]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("bad.csv:line 2"), "{err}");
    let applied = run(&["users", "sync", roster.to_str().unwrap(), "--apply"]);
    assert!(applied.status.success());
    let second = run(&["users", "sync", roster.to_str().unwrap(), "--apply"]);
    assert!(
        String::from_utf8_lossy(&second.stdout).contains("no changes"),
        "idempotent"
    );
    let reactivated = run(&["users", "reactivate", "ola"]);
    assert!(String::from_utf8_lossy(&reactivated.stdout).contains("ola: reactivated"));
    let reset = run(&["users", "reset-password", "ola"]);
    let out = String::from_utf8_lossy(&reset.stdout).to_string();
    assert!(reset.status.success(), "{out}");
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("ola: new password "))
        .unwrap()
        .to_string();
    let deactivated = run(&["users", "deactivate", "kari"]);
    assert!(String::from_utf8_lossy(&deactivated.stdout).contains("kari: deactivated"));
    let list = run(&["users", "list"]);
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.lines()
            .any(|l| l.starts_with("kari\t") && l.ends_with("deactivated")),
        "{list}"
    );
    let unknown = run(&["users", "deactivate", "nobody"]);
    assert!(!unknown.status.success());
    // A wrong token is refused by the server, and nothing happens.
    let config = dir.path().join("wrong.toml");
    std::fs::write(&config, "ops_token = \"not-the-servers-token-at-all\"\n").unwrap();
    let forged = forvalt(&[
        "users",
        "deactivate",
        "hanne",
        "--db",
        db_arg,
        "--server",
        &server.addr,
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(!forged.status.success());
    assert!(
        String::from_utf8_lossy(&forged.stderr).contains("(403)"),
        "{}",
        String::from_utf8_lossy(&forged.stderr)
    );
    drop(server);
    let store = Store::open(&db).unwrap();
    assert!(!store.user_by_login("kari").unwrap().unwrap().is_active());
    assert_eq!(
        store.user_by_login("hanne").unwrap().unwrap().department,
        "BUF/Område Sør"
    );
    let ola = store.user_by_login("ola").unwrap().unwrap();
    assert!(ola.is_active());
    assert!(ola.password_hash.is_some() && !password.is_empty());
    let log = store.audit_log_all().unwrap();
    assert!(
        log.iter()
            .any(|e| e.employee_id == "ops-token" && e.format == "deaktivert: kari"),
        "{log:?}"
    );
}

/// The database file used while no server runs: the same commands open it directly.
#[test]
fn users_commands_open_the_database_directly_when_no_server_runs() {
    let dir = TempDir::new("accounts-cli-local");
    let db = dir.db();
    crate::web::seed(&Store::open(&db).unwrap());
    let db_arg = db.to_str().unwrap();
    let out = forvalt(&["users", "deactivate", "ola", "--db", db_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open(&db).unwrap();
    assert!(!store.user_by_login("ola").unwrap().unwrap().is_active());
    assert!(
        store
            .audit_log_all()
            .unwrap()
            .iter()
            .any(|e| e.employee_id == "cli" && e.format == "deaktivert: ola")
    );
}

/// Completion follow-up after leavers and moves: a leaver who never took the test is nobody to
/// chase (not due, not counted); a leaver who took it stays where the test was taken; someone
/// who moved after finishing counts in the unit where the test was taken, as in the reports.
#[tokio::test]
async fn completion_skips_leavers_without_a_test_and_counts_tests_where_they_were_taken() {
    let (_dir, router, state) = app();
    crate::web_hr::take_tests(&state, 1, "c", "Etat/C", 2, None);
    let store = state.app.store();
    let now = jiff::Timestamp::now();
    // kari (BUF/Område Nord/Team 3) has not started: she leaves.
    store
        .set_deactivated(UserId(id_of(store, "kari")), Some(now))
        .unwrap();
    // c1 finished in Etat/C and leaves; c2 finished in Etat/C and moves to BUF.
    store
        .set_deactivated(UserId(id_of(store, "c1")), Some(now))
        .unwrap();
    let mut c2 = store.user_by_login("c2").unwrap().unwrap();
    c2.department = "BUF/Område Sør".into();
    store
        .upsert_users(
            &[UserInput {
                employee_id: c2.employee_id.clone(),
                name: c2.name.clone(),
                email: c2.email.clone(),
                department: c2.department.clone(),
                role: c2.role,
                password_hash: None,
            }],
            now,
        )
        .unwrap();

    let mut hanne = logged_in(&router, "hanne").await;
    let json = hanne
        .get("/hr/gjennomforing?syklus=1&niva=1&format=json")
        .await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let rows = value["rows"].as_array().unwrap();
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["department"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            row("Etat")["completed"].as_u64(),
            row("Etat")["total"].as_u64()
        ),
        (Some(2), Some(2)),
        "both tests stay where they were taken: {value}"
    );
    assert_eq!(
        (row("BUF")["due"].as_u64(), row("BUF")["total"].as_u64()),
        (Some(1), Some(1)),
        "ola is due; kari has left and is not chased: {value}"
    );
    let people = hanne
        .get("/hr/gjennomforing/personer?syklus=1&format=csv")
        .await;
    assert!(
        people.body.contains("Etat/C,c1,c nr 1,completed"),
        "{}",
        people.body
    );
    assert!(
        people.body.contains("Etat/C,c2,c nr 2,completed"),
        "{}",
        people.body
    );
    assert!(!people.body.contains(",kari,"), "{}", people.body);
}

/// The department form of the person page posted by `browser` (the admin) for person `id`.
async fn move_to(browser: &mut Browser, id: u64, department: &str) -> crate::web::Reply {
    let token = csrf(browser, &format!("/admin/personer/{id}")).await;
    browser
        .post(
            &format!("/admin/personer/{id}/avdeling"),
            &[("csrf", &token), ("department", department)],
        )
        .await
}

#[tokio::test]
async fn an_admin_moves_a_person_and_their_finished_tests_stay_where_they_were_taken() {
    let (_dir, router, state) = crate::web_hr::closed_app();
    crate::web_hr::organisation(&state);
    add_admin(&state);
    let store = state.app.store();
    let a1 = id_of(store, "a1");
    // Fields a move must keep: what the person leads and the målform they chose.
    store
        .set_leads(&[("a1".into(), Some("Etat/A".into()))])
        .unwrap();
    assert!(
        store
            .set_chosen_malform(UserId(a1), forvalt::text::Form::Nn)
            .unwrap()
    );
    let before_move = store.user(UserId(a1)).unwrap().unwrap();
    assert_eq!(before_move.department, "Etat/A");

    let mut hanne = logged_in(&router, "hanne").await;
    let report = "/hr/tema?syklus=1&niva=2&format=json";
    let before = hanne.get(report).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert!(before.body.contains("Etat/A"), "{}", before.body);

    let mut adam = logged_in(&router, "adam").await;
    let page = adam.get(&format!("/admin/personer/{a1}")).await;
    assert!(
        page.body
            .contains(&format!("action=\"/admin/personer/{a1}/avdeling\"")),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("value=\"Etat/A\""),
        "the field holds the current department: {}",
        page.body
    );
    // Each part is trimmed.
    let moved = move_to(&mut adam, a1, "  Etat / B ").await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    let nb = &forvalt::text::Form::Nb.texts().admin;
    assert!(
        moved.body.contains(&(nb.moved)("a nr 1", "Etat/B")),
        "{}",
        moved.body
    );
    let after_move = store.user(UserId(a1)).unwrap().unwrap();
    assert_eq!(after_move.department, "Etat/B");
    assert_eq!(
        forvalt::store::UserRecord {
            department: "Etat/A".into(),
            ..after_move.clone()
        },
        before_move,
        "only the department changed"
    );
    let shown = adam.get(&format!("/admin/personer/{a1}")).await;
    assert!(shown.body.contains("<dd>Etat/B</dd>"), "{}", shown.body);
    assert!(shown.body.contains("value=\"Etat/B\""), "{}", shown.body);

    let log = store.audit_log(20).unwrap();
    let entry = log
        .iter()
        .find(|e| e.route == format!("/admin/personer/{a1}/avdeling"))
        .unwrap_or_else(|| panic!("the move is audited: {log:?}"));
    assert_eq!(entry.employee_id, "adam");
    assert_eq!(entry.role, Role::Admin);
    assert_eq!(entry.format, "avdeling Etat/A → Etat/B: a1");
    assert_eq!(entry.department.as_deref(), Some("Etat/B"));

    // The report of the cycle is exactly what it was: a1's test was taken in Etat/A.
    assert_eq!(hanne.get(report).await.body, before.body);

    // Moving to where the person already is changes and audits nothing.
    let again = move_to(&mut adam, a1, "Etat/B").await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    let moves = store
        .audit_log(50)
        .unwrap()
        .into_iter()
        .filter(|e| e.route.ends_with("/avdeling"))
        .count();
    assert_eq!(moves, 1);
}

#[tokio::test]
async fn a_bad_department_is_refused_at_the_field_and_nothing_is_stored() {
    let (_dir, router, state) = app();
    add_admin(&state);
    let store = state.app.store();
    let kari = id_of(store, "kari");
    let nb = &forvalt::text::Form::Nb.texts().admin;
    let too_long = format!("Etat/{}", "x".repeat(200));
    let cases: [(&str, String); 7] = [
        ("", nb.err_department_empty.to_string()),
        ("   ", nb.err_department_empty.to_string()),
        ("Etat//A", nb.err_department_empty_part.to_string()),
        ("Etat/ /A", nb.err_department_empty_part.to_string()),
        ("/Etat", nb.err_department_empty_part.to_string()),
        ("Etat/A\u{1}B", nb.err_department_control.to_string()),
        (&too_long, (nb.err_department_too_long)(200)),
    ];
    let mut adam = logged_in(&router, "adam").await;
    for (typed, message) in &cases {
        let refused = move_to(&mut adam, kari, typed).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{typed:?}: {}",
            refused.body
        );
        assert!(
            refused.body.contains(message.as_str()),
            "{typed:?}: {}",
            refused.body
        );
        assert!(
            refused.body.contains("aria-invalid=\"true\""),
            "{}",
            refused.body
        );
        assert!(
            refused
                .body
                .contains("aria-describedby=\"avdeling-feil avdeling-hjelp\""),
            "the message is tied to the field: {}",
            refused.body
        );
        assert_eq!(
            store.user(UserId(kari)).unwrap().unwrap().department,
            "BUF/Område Nord/Team 3",
            "{typed:?}"
        );
    }
    let refused = move_to(&mut adam, kari, "Etat//A").await;
    assert!(
        refused.body.contains("value=\"Etat//A\""),
        "what was typed is shown again: {}",
        refused.body
    );
    // Not the form: no department field at all is a bad request, not a crash.
    let token = csrf(&mut adam, &format!("/admin/personer/{kari}")).await;
    let malformed = adam
        .post(
            &format!("/admin/personer/{kari}/avdeling"),
            &[("csrf", &token)],
        )
        .await;
    assert!(
        malformed.status.is_client_error(),
        "{}: {}",
        malformed.status,
        malformed.body
    );
    // No or a wrong CSRF token.
    for fields in [
        vec![("department", "Etat/B")],
        vec![("department", "Etat/B"), ("csrf", "wrong")],
    ] {
        let reply = adam
            .post(&format!("/admin/personer/{kari}/avdeling"), &fields)
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    }
    // Nobody else may move people, with their own valid token.
    for who in ["kari", "ola", "hanne"] {
        let mut browser = logged_in(&router, who).await;
        let token = hidden(&browser.get("/").await.body, "csrf");
        let reply = browser
            .post(
                &format!("/admin/personer/{kari}/avdeling"),
                &[("csrf", &token), ("department", "Etat/B")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{who}");
    }
    // An unknown person.
    let token = csrf(&mut adam, "/admin/personer").await;
    let unknown = adam
        .post(
            "/admin/personer/999999/avdeling",
            &[("csrf", &token), ("department", "Etat/B")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.body);
    assert_eq!(
        store.user(UserId(kari)).unwrap().unwrap().department,
        "BUF/Område Nord/Team 3"
    );
    assert!(
        store
            .audit_log(50)
            .unwrap()
            .iter()
            .all(|e| !e.route.ends_with("/avdeling")),
        "nothing audited"
    );
}

/// `body` holds every text of `want` and none of `other`'s that differ from it (a text of
/// `other` that is part of the wanted one is no sign of a missed translation).
fn only_in_form(body: &str, pairs: &[(String, String)]) {
    for (want, other) in pairs {
        assert!(body.contains(want.as_str()), "missing {want:?}: {body}");
        if want != other && !want.contains(other.as_str()) {
            assert!(
                !body.contains(other.as_str()),
                "{other:?} instead of {want:?}: {body}"
            );
        }
    }
}

/// The admin texts of the people list, a person page (active, with links), the roster upload
/// page and a roster preview, in `want` against `other`. `person` is the person page's name.
fn admin_page_texts(
    want: &forvalt::text::Admin,
    other: &forvalt::text::Admin,
) -> [Vec<(String, String)>; 4] {
    let pair = |f: fn(&forvalt::text::Admin) -> String| (f(want), f(other));
    let list = vec![
        pair(|t| t.people_title.into()),
        pair(|t| t.search_label.into()),
        pair(|t| t.people_caption.into()),
        pair(|t| t.col_employee_id.into()),
        pair(|t| t.role_caseworker.into()),
        pair(|t| t.status_active.into()),
        pair(|t| (t.people_found)(4, "", 1, 1)),
    ];
    let person = vec![
        pair(|t| t.role_heading.into()),
        pair(|t| t.save_role.into()),
        pair(|t| t.label_leads.into()),
        pair(|t| t.department_heading.into()),
        pair(|t| t.save_department.into()),
        pair(|t| (t.department_hint)(200)),
        pair(|t| t.deactivate_help.into()),
        pair(|t| (t.deactivate_button)("kari Testesen")),
        pair(|t| t.link_heading.into()),
        pair(|t| t.link_help.into()),
        pair(|t| t.link_button.into()),
        pair(|t| t.to_people.into()),
    ];
    let upload = vec![
        pair(|t| t.roster_upload_heading.into()),
        pair(|t| t.roster_intro.into()),
        pair(|t| t.roster_label.into()),
        pair(|t| t.roster_help.into()),
        pair(|t| t.show_changes.into()),
    ];
    let preview = vec![
        pair(|t| t.preview_heading.into()),
        pair(|t| t.nothing_changed_yet.into()),
        pair(|t| (t.plan_counts)(1, 1, 1, 2)),
        pair(|t| t.new_caption.into()),
        pair(|t| t.changes_caption.into()),
        pair(|t| t.col_change.into()),
        pair(|t| t.leavers_caption.into()),
        pair(|t| t.field_department_move.into()),
        pair(|t| t.apply_changes.into()),
        pair(|t| t.upload_another.into()),
    ];
    [list, person, upload, preview]
}

/// A roster for the seeded people and `adam`: kari moves, nina is new, ola leaves.
const MOVING_ROSTER: &str = "employee_id,name,email,department,role\n\
    adam,Adam Admin,adam@example.no,Etat/IT,admin\n\
    kari,kari Testesen,kari@example.no,BUF/Område Sør,caseworker\n\
    hanne,hanne Testesen,hanne@example.no,BUF/Område Nord/Team 3,hr\n\
    nina,Nina Ny,nina@example.no,BUF/Område Sør,caseworker\n";

/// `adam` reads the people list, kari's page, the roster page and a preview in `want`, with
/// none of `others`' texts; then a refused move shows `want`'s message.
async fn admin_pages_read_in(
    router: &axum::Router,
    state: &forvalt::web::AppState,
    want: forvalt::text::Form,
    others: &[forvalt::text::Form],
) {
    let store = state.app.store();
    let kari = id_of(store, "kari");
    let mut adam = logged_in(router, "adam").await;
    let lang = format!("<html lang=\"{}\"", want.code());
    let list = adam.get("/admin/personer").await;
    let person = adam.get(&format!("/admin/personer/{kari}")).await;
    let upload = adam.get("/admin/roster").await;
    let token = hidden(&upload.body, "csrf");
    let preview = adam
        .post(
            "/admin/roster",
            &[("csrf", &token), ("roster", MOVING_ROSTER)],
        )
        .await;
    let pages = [&list, &person, &upload, &preview];
    for page in pages {
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains(&lang), "{}", page.body);
    }
    let t = &want.texts().admin;
    for other in others {
        let texts = admin_page_texts(t, &other.texts().admin);
        for (page, pairs) in pages.iter().zip(texts.iter()) {
            only_in_form(&page.body, pairs);
        }
    }
    // The new person's role is shown as a word of the language, not the roster's code.
    assert!(
        preview
            .body
            .contains(&format!("<td>{}</td>", t.role_caseworker)),
        "{}",
        preview.body
    );
    let refused = move_to(&mut adam, kari, "Etat//A").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(t.err_department_empty_part));
    for other in others {
        assert!(
            !refused
                .body
                .contains(other.texts().admin.err_department_empty_part)
        );
    }
    let moved = move_to(&mut adam, kari, "Etat/Ny").await;
    assert!(
        moved.body.contains(&(t.moved)("kari Testesen", "Etat/Ny")),
        "{}",
        moved.body
    );
    // A deactivated person's page offers reactivation in the language.
    let token = csrf(&mut adam, &format!("/admin/personer/{kari}")).await;
    let gone = adam
        .post(
            &format!("/admin/personer/{kari}/deaktiver"),
            &[("csrf", &token)],
        )
        .await;
    assert_eq!(gone.status, StatusCode::OK, "{}", gone.body);
    assert!(gone.body.contains(&(t.deactivated)("kari Testesen")));
    assert!(gone.body.contains(&(t.reactivate_button)("kari Testesen")));
    for other in others {
        let o = &other.texts().admin;
        if o.reactivate_heading != t.reactivate_heading {
            assert!(!gone.body.contains(o.reactivate_heading), "{}", gone.body);
        }
        assert!(!gone.body.contains(&(o.deactivated)("kari Testesen")));
    }
}

#[tokio::test]
async fn a_nynorsk_admin_reads_the_people_and_roster_pages_in_nynorsk() {
    use forvalt::text::Form;
    let (_dir, router, state) = app();
    add_admin(&state);
    let store = state.app.store();
    assert!(
        store
            .set_chosen_malform(UserId(id_of(store, "adam")), Form::Nn)
            .unwrap()
    );
    admin_page_texts_differ(Form::Nn, Form::Nb);
    admin_pages_read_in(&router, &state, Form::Nn, &[Form::Nb]).await;
    let mut adam = logged_in(&router, "adam").await;
    let list = adam.get("/admin/personer").await;
    assert!(list.body.contains("Tilsetjingsnummer"), "{}", list.body);
}

#[tokio::test]
async fn a_danish_installation_shows_the_people_and_roster_pages_in_danish() {
    use forvalt::text::Form;
    let dir = TempDir::new("da-people");
    let store = Store::open(&dir.db()).unwrap();
    crate::web::seed(&store);
    let bank = forvalt::bank::load(
        std::path::Path::new("item-bank/da"),
        jiff::Zoned::now().date(),
    )
    .bank
    .expect("the Danish bank loads");
    let state = forvalt::web::AppState::new(
        forvalt::app::App::new(store, bank, forvalt::app::Config::default()),
        forvalt::web::Cookies::PlainHttp,
    );
    let router = forvalt::web::app(state.clone());
    add_admin(&state);
    // A målform on record does not matter in a Danish installation.
    let store = state.app.store();
    assert!(
        store
            .set_chosen_malform(UserId(id_of(store, "adam")), Form::Nn)
            .unwrap()
    );
    admin_page_texts_differ(Form::Da, Form::Nb);
    admin_page_texts_differ(Form::Da, Form::Nn);
    admin_pages_read_in(&router, &state, Form::Da, &[Form::Nb, Form::Nn]).await;
    let mut adam = logged_in(&router, "adam").await;
    let list = adam.get("/admin/personer").await;
    for danish in [
        "Medarbejdere",
        "Medarbejdernummer",
        "Afdeling",
        "sagsbehandler",
    ] {
        assert!(list.body.contains(danish), "{danish}: {}", list.body);
    }
    let roster = adam.get("/admin/roster").await;
    for danish in ["Upload personliste", "Vis ændringerne"] {
        assert!(roster.body.contains(danish), "{danish}: {}", roster.body);
    }
}

/// The page texts the language tests rely on really differ between the two forms (else the
/// tests above could not see a missed translation).
fn admin_page_texts_differ(want: forvalt::text::Form, other: forvalt::text::Form) {
    let texts = admin_page_texts(&want.texts().admin, &other.texts().admin);
    let differing = texts.iter().flatten().filter(|(w, o)| w != o).count();
    let all = texts.iter().map(Vec::len).sum::<usize>();
    assert!(
        differing * 4 >= all * 3,
        "{want} and {other}: only {differing} of {all} texts differ"
    );
}

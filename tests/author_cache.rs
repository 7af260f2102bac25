//! The author area's cached item statistics (`app::stats_cache`): the same numbers as a
//! direct computation, refreshed in the background past the answer threshold or the age limit,
//! never served for another bank, and computed once for concurrent views.

use std::sync::{Arc, Barrier};
use std::time::Duration;

use forvalt::app::authoring::Scope;
use forvalt::app::stats_cache::CacheSettings;
use forvalt::app::{App, Config, Principal, ServiceError};
use forvalt::bank::{ItemBank, Status};
use forvalt::store::{Role, Store, UserInput};
use forvalt::web::{AppState, Cookies};

use axum::http::StatusCode;

use crate::author_calibrate::calibrate_habilitet;
use crate::web::{TempDir, fixture_bank, seed};
use crate::web_author::{self, bank_copy, logged_in};
use crate::web_hr::take_tests;

const SETTINGS: CacheSettings = CacheSettings {
    max_age: Duration::from_secs(600),
    refresh_answers: 20,
};

/// A service on a seeded database with an author `frida`, and the cache settings above.
fn setup(dir: &TempDir) -> (AppState, Principal) {
    let store = Store::open(&dir.db()).unwrap();
    seed(&store);
    store
        .upsert_users(
            &[UserInput {
                employee_id: "frida".into(),
                name: "Frida Forfatter".into(),
                email: "frida@example.no".into(),
                department: "Etat/Fagstab".into(),
                role: Role::Author,
                password_hash: None,
            }],
            jiff::Timestamp::now(),
        )
        .unwrap();
    let config = Config {
        author_statistics: SETTINGS,
        ..Config::default()
    };
    let state = AppState::new(App::new(store, fixture_bank(), config), Cookies::PlainHttp);
    let frida = principal(&state, "frida");
    (state, frida)
}

fn principal(state: &AppState, login: &str) -> Principal {
    Principal {
        user: state.app.store().user_by_login(login).unwrap().unwrap(),
        csrf: String::new(),
    }
}

fn answers(state: &AppState) -> u64 {
    state.app.store().gauges().unwrap().0
}

#[test]
fn cached_statistics_equal_a_direct_computation_and_are_refreshed_past_the_threshold() {
    let dir = TempDir::new("web");
    let (state, frida) = setup(&dir);
    take_tests(&state, 1, "a", "Etat/A", 6, Some(0));
    let service = &state.app;
    let bank = Arc::new(fixture_bank());
    let t0 = jiff::Timestamp::now();
    let scope = Scope::default();
    let view = |now| {
        service
            .authoring
            .author_statistics(&frida, bank.clone(), scope, crate::support::today(), now)
            .unwrap()
    };
    let direct = || {
        service
            .authoring
            .item_statistics(&frida, &bank, scope, crate::support::today())
            .unwrap()
    };

    let first = view(t0);
    assert!(!first.refreshing);
    assert_eq!(first.snapshot.statistics, direct());
    // The statistics come from the published tests, as the HR reports do: the first five of
    // Etat/A are published together (k = 5); the sixth waits for k − 1 more in Etat/A.
    assert!(first.snapshot.statistics.tests == 5 && first.snapshot.answers > 0);
    assert!((first.snapshot.answers as u64) < answers(&state));
    assert_eq!(first.snapshot.computed_at, t0);
    assert_eq!(
        service.authoring.author_statistics_cache().computations(),
        1
    );

    // Views within the age limit and the answer threshold get the same snapshot.
    let again = view(t0 + jiff::SignedDuration::from_secs(599));
    assert!(Arc::ptr_eq(&first.snapshot, &again.snapshot) && !again.refreshing);
    assert_eq!(
        service.authoring.author_statistics_cache().computations(),
        1
    );

    // One more test (at most 8 answers) is fewer than 20 new answers: still the same snapshot.
    // (It is not published either — Etat/B has one person — so it would not change the
    // figures anyway.)
    take_tests(&state, 1, "b", "Etat/B", 1, None);
    let added = answers(&state) - first.snapshot.stored_answers;
    assert!((1..20).contains(&added), "{added}");
    let below = view(t0);
    assert!(Arc::ptr_eq(&first.snapshot, &below.snapshot) && !below.refreshing);
    assert_eq!(below.snapshot.statistics, direct());

    // Past the threshold: the view still gets the old snapshot at once, and one refresh runs.
    take_tests(&state, 1, "c", "Etat/C", 5, None);
    assert!(answers(&state) - first.snapshot.stored_answers >= 20);
    let t1 = t0 + jiff::SignedDuration::from_secs(60);
    let stale = view(t1);
    assert!(stale.refreshing);
    assert!(Arc::ptr_eq(&first.snapshot, &stale.snapshot));
    service.authoring.author_statistics_cache().wait_idle();
    assert_eq!(
        service.authoring.author_statistics_cache().computations(),
        2
    );
    let fresh = view(t1);
    assert!(!fresh.refreshing);
    assert_eq!(fresh.snapshot.statistics, direct());
    // Etat/C's five are published; A's sixth and B's one still wait.
    assert_eq!(fresh.snapshot.statistics.tests, 10);
    assert!((fresh.snapshot.answers as u64) < answers(&state));
    assert_eq!(fresh.snapshot.computed_at, t1);

    // Past the age limit with no new answers: refreshed as well.
    let old = view(t1 + jiff::SignedDuration::from_secs(600));
    assert!(old.refreshing && Arc::ptr_eq(&old.snapshot, &fresh.snapshot));
    service.authoring.author_statistics_cache().wait_idle();
    assert_eq!(
        service.authoring.author_statistics_cache().computations(),
        3
    );
    // A new day refreshes too (the review-overdue flag depends on the date).
    let tomorrow = view(t1 + jiff::SignedDuration::from_secs(601));
    assert!(!tomorrow.refreshing);
    let next_day = service
        .authoring
        .author_statistics(
            &frida,
            bank.clone(),
            scope,
            crate::support::today().tomorrow().unwrap(),
            t1 + jiff::SignedDuration::from_secs(602),
        )
        .unwrap();
    assert!(next_day.refreshing);
    service.authoring.author_statistics_cache().wait_idle();
    assert_eq!(
        service.authoring.author_statistics_cache().computations(),
        4
    );
}

#[test]
fn statistics_are_never_shown_for_another_bank() {
    let dir = TempDir::new("web");
    let (state, frida) = setup(&dir);
    take_tests(&state, 1, "a", "Etat/A", 6, None);
    let service = &state.app;
    let now = jiff::Timestamp::now();
    let scope = Scope::default();
    let original = Arc::new(fixture_bank());
    let first = service
        .authoring
        .author_statistics(
            &frida,
            original.clone(),
            scope,
            crate::support::today(),
            now,
        )
        .unwrap();
    assert!(first.snapshot.is_for(&original));

    // As after `calibrate accept` or a law apply: an item changes status, and an item is gone
    // (the ids after it move up one place).
    let mut changed: ItemBank = fixture_bank();
    let retired = changed.items[0].id.clone();
    changed.items[0].status = Status::Retired;
    let gone = changed.items.remove(1);
    let changed = Arc::new(changed);
    assert!(!first.snapshot.is_for(&changed));
    let second = service
        .authoring
        .author_statistics(&frida, changed.clone(), scope, crate::support::today(), now)
        .unwrap();
    // Computed now for the new bank (not the old snapshot with a refresh behind it).
    assert!(!second.refreshing);
    assert_eq!(
        service.authoring.author_statistics_cache().computations(),
        2
    );
    assert!(second.snapshot.is_for(&changed));
    assert_eq!(
        second.snapshot.statistics,
        service
            .authoring
            .item_statistics(&frida, &changed, scope, crate::support::today())
            .unwrap()
    );
    let ids: Vec<&str> = second
        .snapshot
        .statistics
        .items
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    let expected: Vec<&str> = changed.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, expected);
    assert!(!ids.contains(&gone.id.as_str()));
    let stats = &second.snapshot.statistics.items[0];
    assert_eq!(
        (stats.id.as_str(), stats.status),
        (retired.as_str(), Status::Retired)
    );

    // Back to the original bank: computed again, never the other bank's snapshot.
    let third = service
        .authoring
        .author_statistics(
            &frida,
            original.clone(),
            scope,
            crate::support::today(),
            now,
        )
        .unwrap();
    assert!(third.snapshot.is_for(&original) && !third.refreshing);
    assert_eq!(third.snapshot.statistics, first.snapshot.statistics);
    assert_eq!(
        service.authoring.author_statistics_cache().computations(),
        3
    );
}

#[test]
fn concurrent_first_views_compute_once() {
    let dir = TempDir::new("web");
    let (state, frida) = setup(&dir);
    take_tests(&state, 1, "a", "Etat/A", 6, None);
    let bank = Arc::new(fixture_bank());
    let now = jiff::Timestamp::now();
    let views = 8;
    let barrier = Barrier::new(views);
    let snapshots: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..views)
            .map(|_| {
                let (service, frida, bank, barrier) = (&state.app, &frida, &bank, &barrier);
                scope.spawn(move || {
                    barrier.wait();
                    service
                        .authoring
                        .author_statistics(
                            frida,
                            bank.clone(),
                            Scope::default(),
                            crate::support::today(),
                            now,
                        )
                        .unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        state.app.authoring.author_statistics_cache().computations(),
        1
    );
    assert!(
        snapshots
            .iter()
            .all(|c| Arc::ptr_eq(&c.snapshot, &snapshots[0].snapshot) && !c.refreshing)
    );
    // Each cycle scope has its own snapshot.
    let cycle = state
        .app
        .authoring
        .author_statistics(
            &frida,
            bank,
            Scope { cycle: Some(1) },
            crate::support::today(),
            now,
        )
        .unwrap();
    assert_eq!(
        state.app.authoring.author_statistics_cache().computations(),
        2
    );
    assert_eq!(cycle.snapshot.statistics, snapshots[0].snapshot.statistics);
}

#[test]
fn caseworkers_and_hr_get_no_statistics_and_nothing_is_computed() {
    let dir = TempDir::new("web");
    let (state, _) = setup(&dir);
    for login in ["kari", "hanne"] {
        let who = principal(&state, login);
        let refused = state.app.authoring.author_statistics(
            &who,
            Arc::new(fixture_bank()),
            Scope::default(),
            crate::support::today(),
            jiff::Timestamp::now(),
        );
        assert!(
            matches!(refused, Err(ServiceError::Forbidden)),
            "{login}: {refused:?}"
        );
    }
    assert_eq!(
        state.app.authoring.author_statistics_cache().computations(),
        0
    );
}

#[tokio::test]
async fn pages_say_which_snapshot_they_show_and_follow_a_changed_bank_file() {
    let dir = crate::support::TempDir::new("author-cache");
    let bank_dir = bank_copy(&dir);
    let (router, state) = web_author::app(&dir, &bank_dir);
    // k = 5 tests: published together, so the statistics cover every answer.
    let answers = take_tests(&state, 1, "sb", "BUF/Område Nord", 5, None);
    let mut aud = logged_in(&router, "aud").await;
    let cache = || state.app.authoring.author_statistics_cache().computations();

    let page = aud.get("/forfatter").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!(", {answers} svar"))
            && page.body.contains("Statistikk beregnet"),
        "{}",
        page.body
    );
    let item = aud.get("/forfatter/oppgaver/hab-001").await;
    assert!(item.body.contains("Statistikk beregnet"));
    let expert = "Parameterne er anslått av en fagperson";
    assert!(item.body.contains(expert));
    let csv = aud.get("/forfatter/oppgaver.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    // Three views, one computation.
    assert_eq!(cache(), 1);

    // The item file changes (as `calibrate accept` writes it): the next view computes for the
    // bank on disk, and the flag goes with the new numbers.
    calibrate_habilitet(&bank_dir);
    let item = aud.get("/forfatter/oppgaver/hab-001").await;
    assert_eq!(item.status, StatusCode::OK);
    assert!(!item.body.contains(expert), "{}", item.body);
    assert!(item.body.contains("kalibrert 2026-01-15 fra 500 svar"));
    assert_eq!(cache(), 2);
}

#[tokio::test]
async fn statistics_warmed_at_start_serve_the_first_view() {
    let dir = crate::support::TempDir::new("author-cache-warm");
    let bank_dir = bank_copy(&dir);
    let (router, state) = web_author::app(&dir, &bank_dir);
    let answers = take_tests(&state, 1, "sb", "BUF/Område Nord", 5, None);
    let warm = state
        .app
        .authoring
        .warm_author_statistics(crate::support::today(), jiff::Timestamp::now())
        .unwrap();
    let mut aud = logged_in(&router, "aud").await;
    // The view either waits for the warm-up's computation or finds its snapshot: one in all.
    let page = aud.get("/forfatter").await;
    assert!(
        page.body.contains(&format!(", {answers} svar")),
        "{}",
        page.body
    );
    warm.join().unwrap();
    assert_eq!(
        state.app.authoring.author_statistics_cache().computations(),
        1
    );
}
